//! The exact integer kernel behind the exhaustive searches.
//!
//! Every location of a grid `G_d = {0, 1/d, …, 1}` is stored as the integer `k·(S/d)`, where
//! the scale `S` is a common multiple of `d`, of `n` (so that the axiom bounds `k/n` are
//! integers), of every phantom's or clamp bound's denominator, and of the factor the rule
//! divides by (`n` for the average, 2 for the midpoint). Every outcome, interval end and
//! cost is then an integer in units of `1/S`: the kernel is exact, and an evaluation is a few
//! integer operations (no allocation, no gcd).

use crate::coord::ScaledUnits;
use crate::error::Error;
use crate::mechanism::Mechanism;
use crate::rational::{Rational, lcm_u64};

/// Largest `n·S` accepted, so that costs and welfare fit easily in `i64` and their
/// cross-products in `i128`.
const MAX_NS: u64 = 1 << 60;

#[derive(Clone, Debug)]
enum Kind {
    /// Sorted phantoms, scaled.
    Phantom(Vec<i64>),
    /// Left median clamped to `[lo, hi]`.
    Clamped {
        lo: i64,
        hi: i64,
    },
    Average,
    Midpoint,
}

/// A mechanism for `n` agents evaluated on integer coordinates in units of `1/s`.
#[derive(Clone, Debug)]
pub(crate) struct Scaled {
    n: usize,
    s: i64,
    base: u64,
    kind: Kind,
}

fn denominator(r: &Rational) -> Result<u64, Error> {
    r.as_small()
        .map(|q| *q.denom() as u64)
        .ok_or_else(|| Error::TooLarge {
            what: format!("phantom {r} needs a big denominator"),
        })
}

fn too_large(what: &str) -> Error {
    Error::TooLarge {
        what: what.to_string(),
    }
}

impl Scaled {
    /// The kernel of `m` for `n` agents on coordinates that are multiples of `1/base`.
    pub(crate) fn new(m: &Mechanism, n: usize, base: u64) -> Result<Scaled, Error> {
        if n == 0 {
            return Err(Error::EmptyProfile);
        }
        if base == 0 {
            return Err(Error::InvalidParameter {
                what: "grid denominator 0".to_string(),
            });
        }
        let overflow = || too_large("the common denominator of grid, n and phantoms");
        let mut l = lcm_u64(base, n as u64).ok_or_else(overflow)?;
        let phantoms = m.phantoms(n)?;
        if let Some(ps) = &phantoms {
            for p in ps {
                l = lcm_u64(l, denominator(p)?).ok_or_else(overflow)?;
            }
        }
        let q: u64 = match m {
            Mechanism::Average => n as u64,
            Mechanism::Midpoint => 2,
            _ => 1,
        };
        let s = l.checked_mul(q).ok_or_else(overflow)?;
        if s.checked_mul(n as u64).is_none_or(|ns| ns > MAX_NS) {
            return Err(overflow());
        }
        let s = s as i64;
        let scale = |r: &Rational| -> i64 {
            let q = r.as_small().unwrap_or_default();
            *q.numer() * (s / *q.denom())
        };
        let kind = match (m, phantoms) {
            (_, Some(ps)) => Kind::Phantom(ps.iter().map(scale).collect()),
            (Mechanism::ClampedMedian, None) => {
                let (lo, hi) = crate::mechanism::other::clamp_bounds(n);
                Kind::Clamped {
                    lo: scale(&lo),
                    hi: scale(&hi),
                }
            }
            (Mechanism::Average, None) => Kind::Average,
            (Mechanism::Midpoint, None) => Kind::Midpoint,
            (other, None) => {
                return Err(Error::InvalidParameter {
                    what: format!("no integer kernel for {}", other.name()),
                });
            }
        };
        Ok(Scaled { n, s, base, kind })
    }

    /// The scale `S` (the coordinate of 1).
    #[inline]
    pub(crate) fn s(&self) -> i64 {
        self.s
    }

    /// The coordinate of `1/base`.
    #[inline]
    pub(crate) fn step(&self) -> i64 {
        self.s / self.base as i64
    }

    /// The units for the generic interval and cost code.
    #[inline]
    pub(crate) fn units(&self) -> ScaledUnits {
        ScaledUnits {
            n: self.n,
            s: self.s,
        }
    }

    /// The exact value `v / S`.
    pub(crate) fn to_rational(&self, v: i64) -> Rational {
        Rational::from_i128(v as i128, self.s as i128)
    }

    /// The outcome on a **sorted** profile of `n` scaled coordinates.
    #[inline]
    pub(crate) fn eval_sorted(&self, xs: &[i64]) -> i64 {
        let n = self.n;
        debug_assert_eq!(xs.len(), n);
        match &self.kind {
            Kind::Phantom(ps) => {
                let mut best = xs[n - 1];
                for i in 1..n {
                    best = best.min(xs[i - 1].max(ps[n - i - 1]));
                }
                best
            }
            Kind::Clamped { lo, hi } => xs[n.div_ceil(2) - 1].clamp(*lo, *hi),
            Kind::Average => xs.iter().sum::<i64>() / n as i64,
            Kind::Midpoint => (xs[0] + xs[n - 1]) / 2,
        }
    }

    /// The outcome on a profile in any order; sorts `xs` in place when the rule needs it
    /// (insertion sort: O(n) when one entry is out of place, as in a deviation).
    #[inline]
    pub(crate) fn eval_unsorted(&self, xs: &mut [i64]) -> i64 {
        match &self.kind {
            Kind::Phantom(_) | Kind::Clamped { .. } => {
                insertion_sort(xs);
                self.eval_sorted(xs)
            }
            Kind::Average => xs.iter().sum::<i64>() / self.n as i64,
            Kind::Midpoint => {
                let (mut lo, mut hi) = (xs[0], xs[0]);
                for &x in xs.iter() {
                    lo = lo.min(x);
                    hi = hi.max(x);
                }
                (lo + hi) / 2
            }
        }
    }
}

#[inline]
fn insertion_sort(v: &mut [i64]) {
    for i in 1..v.len() {
        let x = v[i];
        let mut j = i;
        while j > 0 && v[j - 1] > x {
            v[j] = v[j - 1];
            j -= 1;
        }
        v[j] = x;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grid::{Source, for_each_sorted};
    use std::ops::ControlFlow;

    #[test]
    fn kernel_matches_rational_evaluation() {
        let custom = Mechanism::from_name("phantom[1/5, 3/7]").unwrap();
        for n in 1..=5usize {
            let mut rules = Mechanism::NAMED.to_vec();
            if n == 3 {
                rules.push(custom.clone());
            }
            for m in rules {
                for d in [1u64, 4, 6, 7] {
                    let sc = Scaled::new(&m, n, d).unwrap();
                    let ev = m.prepare(n).unwrap();
                    let step = sc.s() / d as i64;
                    let _ = for_each_sorted(&Source::SortedGrid { d }, n, step, |xs| {
                        let locs = xs.iter().map(|&x| sc.to_rational(x)).collect();
                        let p = crate::Profile::new(locs).unwrap();
                        let exact = ev.evaluate(&p).unwrap();
                        assert_eq!(sc.to_rational(sc.eval_sorted(xs)), exact, "{m} {p}");
                        let mut rev: Vec<i64> = xs.iter().rev().copied().collect();
                        assert_eq!(sc.to_rational(sc.eval_unsorted(&mut rev)), exact, "{m} {p}");
                        ControlFlow::Continue(())
                    });
                }
            }
        }
    }

    #[test]
    fn scale_overflow_is_an_error() {
        let m = Mechanism::Average;
        assert!(matches!(
            Scaled::new(&m, 1000, 1 << 40),
            Err(Error::TooLarge { .. })
        ));
        assert!(matches!(
            Scaled::new(&m, 3, 0),
            Err(Error::InvalidParameter { .. })
        ));
    }
}
