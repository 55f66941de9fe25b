//! Coordinates shared by the exact ([`Rational`]) and the scaled-integer (`i64`) code paths.
//!
//! The axiom intervals, the optimal (median) interval and the costs are written once, generic
//! over [`Coord`], and instantiated twice: on [`Rational`]s for the public per-profile API,
//! and on `i64` grid coordinates scaled by a common denominator `S` (so that `1 = S` and
//! `k/n = k·S/n` are integers) for the exhaustive searches. Both are exact.

use crate::rational::Rational;

/// A totally ordered coordinate with exact addition and subtraction.
pub(crate) trait Coord: Clone + Ord {
    /// `self + o`.
    fn plus(&self, o: &Self) -> Self;
    /// `self - o`.
    fn minus(&self, o: &Self) -> Self;
    /// `|self - o|`.
    fn dist(&self, o: &Self) -> Self {
        if self >= o {
            self.minus(o)
        } else {
            o.minus(self)
        }
    }
}

impl Coord for i64 {
    #[inline]
    fn plus(&self, o: &Self) -> Self {
        self + o
    }
    #[inline]
    fn minus(&self, o: &Self) -> Self {
        self - o
    }
}

impl Coord for Rational {
    fn plus(&self, o: &Self) -> Self {
        self + o
    }
    fn minus(&self, o: &Self) -> Self {
        self - o
    }
}

/// The constants of a coordinate system: `0`, `1` and `k/n` for `k = 0..=n`.
pub(crate) trait Units<C> {
    /// The coordinate of 0.
    fn zero(&self) -> C;
    /// The coordinate of 1.
    fn one(&self) -> C;
    /// The coordinate of `k/n`.
    fn frac(&self, k: usize) -> C;
}

/// Exact rational units for `n` agents.
pub(crate) struct RationalUnits {
    pub(crate) n: usize,
}

impl Units<Rational> for RationalUnits {
    fn zero(&self) -> Rational {
        Rational::zero()
    }
    fn one(&self) -> Rational {
        Rational::one()
    }
    fn frac(&self, k: usize) -> Rational {
        Rational::from_i128(k as i128, self.n as i128)
    }
}

/// Integer units: `1 = s`, with `n` dividing `s`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ScaledUnits {
    pub(crate) n: usize,
    pub(crate) s: i64,
}

impl Units<i64> for ScaledUnits {
    #[inline]
    fn zero(&self) -> i64 {
        0
    }
    #[inline]
    fn one(&self) -> i64 {
        self.s
    }
    #[inline]
    fn frac(&self, k: usize) -> i64 {
        k as i64 * (self.s / self.n as i64)
    }
}

/// The interval `[x_(⌈n/2⌉), x_(⌊n/2⌋+1)]` of optimal locations (for both welfare and total
/// cost) of a sorted profile.
pub(crate) fn median_interval<C: Coord>(sorted: &[C]) -> (C, C) {
    let n = sorted.len();
    (sorted[n.div_ceil(2) - 1].clone(), sorted[n / 2].clone())
}

/// Total cost `Σ |y - x_i|`.
pub(crate) fn total_cost<C: Coord>(xs: &[C], y: &C, zero: C) -> C {
    xs.iter().fold(zero, |acc, x| acc.plus(&x.dist(y)))
}
