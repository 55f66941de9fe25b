//! Phantom (generalized-median) mechanisms: `f(x) = median(x_1..x_n, p_1..p_{n-1})`.
//!
//! Moulin (1980): for fixed phantoms `p_k ∈ [0, 1]`, the outcome is the `n`-th smallest of the
//! `2n - 1` numbers. Every such rule is strategyproof, anonymous, unanimous and monotone.
//!
//! # Evaluation
//! With `x` and `p` sorted, the `n`-th smallest of their union is
//! `min_{i=1..n} max(x_(i), p_(n-i))` (with `p_(0) = -∞`): the `n` smallest elements take
//! some `i` agents and `n - i` phantoms. [`PhantomMechanism::evaluate`] uses:
//!
//! - `n <= 64`, small rationals: sort the agents exactly (`i128` cross-multiplication), then
//!   the formula. O(n log n).
//! - larger `n`, small rationals: an O(n) bucket selection. Each value `a/b` with
//!   `|a|, b <= 2^53` gets the key `fl(a/b)` (correctly rounded division of exactly
//!   represented operands, so the key is a **monotone** function of the exact value) and the
//!   bucket `min(⌊key·n⌋, n - 1)` (monotone too). Buckets are therefore ordered exactly; the
//!   bucket holding rank `n` is found from the counts (the phantoms' counts are
//!   precomputed), and only its members are compared exactly. Values with larger parts fall
//!   back to an exact selection. Expected O(n) for spread-out profiles, O(n) exact
//!   comparisons in the worst case (`select_nth_unstable`).
//! - big rationals: exact selection over all `2n - 1` values. O(n) comparisons.
//!
//! The f64 path ([`PhantomMechanism::evaluate_f64`]) sorts doubles and applies the formula;
//! it is for throughput only and never used to certify anything.
//!
//! # Example
//! ```
//! use facility_location::{mechanism::PhantomMechanism, parse_profile, Rational};
//! let up3 = PhantomMechanism::for_n(3, vec![Rational::new(1, 3)?, Rational::new(2, 3)?])?;
//! assert_eq!(up3.evaluate(&parse_profile("0 0 1")?)?.to_string(), "1/3");
//! # Ok::<(), facility_location::Error>(())
//! ```

use num_rational::Ratio;

use crate::error::Error;
use crate::profile::Profile;
use crate::rational::{Rational, cmp_small};

/// Profiles up to this size are evaluated by sorting; larger ones by bucket selection.
const SORT_MAX_N: usize = 64;
/// Largest numerator/denominator magnitude for which `a as f64 / b as f64` is monotone.
const F64_EXACT: u64 = 1 << 53;

/// A phantom mechanism for a fixed number of agents `n`: `n - 1` phantoms in `[0, 1]`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PhantomMechanism {
    phantoms: Vec<Rational>,
}

impl PhantomMechanism {
    /// A phantom mechanism for `n = phantoms.len() + 1` agents. The phantoms are sorted.
    ///
    /// # Errors
    /// [`Error::PhantomOutOfRange`] (first offending index) for a phantom outside `[0, 1]`.
    ///
    /// # Example
    /// ```
    /// use facility_location::{mechanism::PhantomMechanism, Error, Rational};
    /// assert_eq!(PhantomMechanism::new(vec![Rational::one()]).unwrap().n(), 2);
    /// assert!(matches!(
    ///     PhantomMechanism::new(vec![Rational::from_integer(2)]),
    ///     Err(Error::PhantomOutOfRange { index: 0, .. })
    /// ));
    /// ```
    pub fn new(mut phantoms: Vec<Rational>) -> Result<Self, Error> {
        for (index, p) in phantoms.iter().enumerate() {
            if !p.in_unit_interval() {
                return Err(Error::PhantomOutOfRange {
                    index,
                    value: p.to_string(),
                });
            }
        }
        phantoms.sort();
        Ok(PhantomMechanism { phantoms })
    }

    /// As [`PhantomMechanism::new`], also checking that there are exactly `n - 1` phantoms.
    ///
    /// # Errors
    /// [`Error::EmptyProfile`] for `n = 0`; [`Error::PhantomCount`] when
    /// `phantoms.len() != n - 1`; [`Error::PhantomOutOfRange`].
    ///
    /// # Example
    /// ```
    /// use facility_location::{mechanism::PhantomMechanism, Error, Rational};
    /// assert_eq!(
    ///     PhantomMechanism::for_n(3, vec![Rational::zero()]),
    ///     Err(Error::PhantomCount { expected: 2, got: 1 })
    /// );
    /// ```
    pub fn for_n(n: usize, phantoms: Vec<Rational>) -> Result<Self, Error> {
        if n == 0 {
            return Err(Error::EmptyProfile);
        }
        if phantoms.len() != n - 1 {
            return Err(Error::PhantomCount {
                expected: n - 1,
                got: phantoms.len(),
            });
        }
        Self::new(phantoms)
    }

    /// The number of agents, `phantoms.len() + 1`.
    pub fn n(&self) -> usize {
        self.phantoms.len() + 1
    }

    /// The phantoms, sorted.
    pub fn phantoms(&self) -> &[Rational] {
        &self.phantoms
    }

    /// The outcome `median(x, p)`, exactly. Prepares the phantoms on every call; use
    /// [`crate::Mechanism::prepare`] for repeated evaluation.
    ///
    /// # Errors
    /// [`Error::PhantomCount`] when the profile does not have `phantoms.len() + 1` agents.
    ///
    /// # Complexity
    /// See the module docs: O(n log n) for `n <= 64`, expected O(n) above.
    ///
    /// # Example
    /// ```
    /// use facility_location::{mechanism::PhantomMechanism, parse_profile, Rational};
    /// let m = PhantomMechanism::new(vec![Rational::new(1, 2)?])?;
    /// assert_eq!(m.evaluate(&parse_profile("0 1/4")?)?.to_string(), "1/4");
    /// # Ok::<(), facility_location::Error>(())
    /// ```
    pub fn evaluate(&self, profile: &Profile) -> Result<Rational, Error> {
        self.check_len(profile.len())?;
        Ok(PreparedPhantoms::new(&self.phantoms).evaluate(profile))
    }

    /// The outcome on doubles (throughput path; never used to certify).
    ///
    /// # Errors
    /// [`Error::EmptyProfile`], [`Error::NotFinite`], [`Error::OutOfRange`], and
    /// [`Error::PhantomCount`] for a profile of the wrong length.
    ///
    /// # Example
    /// ```
    /// use facility_location::{mechanism::PhantomMechanism, Rational};
    /// let m = PhantomMechanism::new(vec![Rational::new(1, 2)?])?;
    /// assert_eq!(m.evaluate_f64(&[0.0, 1.0])?, 0.5);
    /// # Ok::<(), facility_location::Error>(())
    /// ```
    pub fn evaluate_f64(&self, xs: &[f64]) -> Result<f64, Error> {
        super::validate_f64(xs)?;
        self.check_len(xs.len())?;
        Ok(PreparedPhantoms::new(&self.phantoms).evaluate_f64(xs))
    }

    fn check_len(&self, n: usize) -> Result<(), Error> {
        if n == 0 {
            return Err(Error::EmptyProfile);
        }
        if n != self.n() {
            return Err(Error::PhantomCount {
                expected: n - 1,
                got: self.phantoms.len(),
            });
        }
        Ok(())
    }
}

/// Phantoms prepared for repeated evaluation: exact, small and f64 copies and bucket counts.
#[derive(Clone, Debug)]
pub(crate) struct PreparedPhantoms {
    exact: Vec<Rational>,
    small: Option<Vec<Ratio<i64>>>,
    f64s: Vec<f64>,
    buckets: Option<Buckets>,
}

#[derive(Clone, Debug)]
struct Buckets {
    /// Number of phantoms per bucket.
    counts: Vec<u32>,
    /// `start[j]..start[j + 1]` are the (sorted) phantoms in bucket `j`.
    start: Vec<usize>,
}

#[inline]
fn fits_f64(r: &Ratio<i64>) -> bool {
    (r.numer().unsigned_abs() | *r.denom() as u64) <= F64_EXACT
}

#[inline]
fn bucket_of(r: &Ratio<i64>, nb: usize, nbf: f64) -> usize {
    let key = *r.numer() as f64 / *r.denom() as f64;
    ((key * nbf) as usize).min(nb - 1)
}

impl PreparedPhantoms {
    /// Prepares sorted phantoms in `[0, 1]`.
    pub(crate) fn new(sorted: &[Rational]) -> Self {
        let small: Option<Vec<Ratio<i64>>> = sorted.iter().map(Rational::as_small).collect();
        let f64s = sorted.iter().map(Rational::to_f64).collect();
        let nb = sorted.len() + 1;
        let buckets = match &small {
            Some(s) if nb > SORT_MAX_N && s.iter().all(fits_f64) => {
                let mut counts = vec![0u32; nb];
                for p in s {
                    counts[bucket_of(p, nb, nb as f64)] += 1;
                }
                let mut start = vec![0usize; nb + 1];
                for j in 0..nb {
                    start[j + 1] = start[j] + counts[j] as usize;
                }
                Some(Buckets { counts, start })
            }
            _ => None,
        };
        PreparedPhantoms {
            exact: sorted.to_vec(),
            small,
            f64s,
            buckets,
        }
    }

    /// `median(x, p)`; the caller guarantees `profile.len() == phantoms + 1`.
    pub(crate) fn evaluate(&self, profile: &Profile) -> Rational {
        if let (Some(xs), Some(ps)) = (profile.as_small(), &self.small) {
            if xs.len() <= SORT_MAX_N {
                let mut buf = xs.to_vec();
                buf.sort_unstable_by(cmp_small);
                return Rational::from(union_nth_sorted(&buf, ps, cmp_small));
            }
            if let Some(b) = &self.buckets
                && let Some(r) = bucket_select(xs, ps, b)
            {
                return Rational::from(r);
            }
            let mut all: Vec<Ratio<i64>> = xs.iter().chain(ps.iter()).copied().collect();
            let (_, m, _) = all.select_nth_unstable_by(xs.len() - 1, cmp_small);
            return Rational::from(*m);
        }
        let n = profile.len();
        let mut all = profile.locations();
        all.extend(self.exact.iter().cloned());
        let (_, m, _) = all.select_nth_unstable(n - 1);
        m.clone()
    }

    /// `median(x, p)` on validated doubles of the right length.
    pub(crate) fn evaluate_f64(&self, xs: &[f64]) -> f64 {
        let n = xs.len();
        if n <= RANK_SORT_MAX_N {
            let mut buf = [0.0f64; RANK_SORT_MAX_N];
            rank_sort_f64(xs, &mut buf[..n]);
            union_nth_sorted_f64(&buf[..n], &self.f64s)
        } else if n <= 32 {
            let mut buf = [0.0f64; 32];
            let b = &mut buf[..n];
            b.copy_from_slice(xs);
            insertion_sort_f64(b);
            union_nth_sorted_f64(b, &self.f64s)
        } else {
            let mut b = xs.to_vec();
            b.sort_unstable_by(f64::total_cmp);
            union_nth_sorted_f64(&b, &self.f64s)
        }
    }
}

/// Profiles up to this size are sorted on doubles by counting ranks (branch-free).
const RANK_SORT_MAX_N: usize = 16;

/// Sorts finite `xs` into `out` by ranks: `x_i` goes to `#{j: x_j < x_i} + #{j < i: x_j = x_i}`,
/// a permutation of `0..n`. O(n²) branch-free comparisons, which beat an insertion sort's
/// mispredicted branches for small `n`.
#[inline]
fn rank_sort_f64(xs: &[f64], out: &mut [f64]) {
    for (i, &v) in xs.iter().enumerate() {
        let (before, after) = xs.split_at(i);
        let mut rank = 0usize;
        for &u in before {
            rank += usize::from(u <= v);
        }
        for &u in &after[1..] {
            rank += usize::from(u < v);
        }
        out[rank] = v;
    }
}

/// Insertion sort of finite doubles (fast for the small `n` of the f64 path).
#[inline]
pub(crate) fn insertion_sort_f64(v: &mut [f64]) {
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

/// The `n`-th smallest of `xs ∪ ps` for sorted `xs` (length `n`) and sorted `ps` (length
/// `n - 1`): `min_{i=1..n} max(x_(i), p_(n-i))`, with the `i = n` term equal to `x_(n)`.
#[inline]
pub(crate) fn union_nth_sorted<T: Copy>(
    xs: &[T],
    ps: &[T],
    cmp: impl Fn(&T, &T) -> std::cmp::Ordering,
) -> T {
    let n = xs.len();
    let mut best = xs[n - 1];
    for i in 1..n {
        let (a, b) = (xs[i - 1], ps[n - i - 1]);
        let t = if cmp(&a, &b).is_ge() { a } else { b };
        if cmp(&t, &best).is_lt() {
            best = t;
        }
    }
    best
}

/// [`union_nth_sorted`] for finite doubles, branch-free.
#[inline]
fn union_nth_sorted_f64(xs: &[f64], ps: &[f64]) -> f64 {
    let n = xs.len();
    let mut best = xs[n - 1];
    for i in 1..n {
        best = best.min(xs[i - 1].max(ps[n - i - 1]));
    }
    best
}

/// Bucket selection of the `n`-th smallest of agents ∪ phantoms (see the module docs);
/// `None` when some agent's numerator or denominator exceeds `2^53`.
fn bucket_select(xs: &[Ratio<i64>], ps: &[Ratio<i64>], b: &Buckets) -> Option<Ratio<i64>> {
    let nb = b.counts.len();
    let nbf = nb as f64;
    let mut counts = b.counts.clone();
    let mut all_fit = true;
    let ids: Vec<u32> = xs
        .iter()
        .map(|x| {
            all_fit &= fits_f64(x);
            bucket_of(x, nb, nbf) as u32
        })
        .collect();
    for &id in &ids {
        counts[id as usize] += 1;
    }
    if !all_fit {
        return None;
    }
    let target = xs.len();
    let mut below = 0usize;
    let mut j = 0;
    while below + (counts[j] as usize) < target {
        below += counts[j] as usize;
        j += 1;
    }
    let mut cand: Vec<Ratio<i64>> = Vec::with_capacity(counts[j] as usize);
    cand.extend(
        xs.iter()
            .zip(&ids)
            .filter(|(_, id)| **id as usize == j)
            .map(|(x, _)| *x),
    );
    cand.extend_from_slice(&ps[b.start[j]..b.start[j + 1]]);
    let (_, m, _) = cand.select_nth_unstable_by(target - below - 1, cmp_small);
    Some(*m)
}
