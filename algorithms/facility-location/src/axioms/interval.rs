//! The feasible interval `[L(x), R(x)]` of each axiom, generic over the coordinate type.
//!
//! Every function takes a **sorted** profile and returns `(L, R)` clipped to `[0, 1]`; the
//! axiom holds at `y` exactly when `L <= y <= R`.
//!
//! - IFS: `L = x_max - 1 + 1/n`, `R = x_min + 1 - 1/n`. O(1) on a sorted profile.
//! - UFS: for each distinct location `z` of multiplicity `k`,
//!   `z - 1 + k/n <= y <= z + 1 - k/n`. O(n).
//! - PF: for every contiguous block `a..=b` of the sorted profile, of size `k = b - a + 1`,
//!   `x_(a) - 1 + k/n <= y <= x_(b) + 1 - k/n` (PF of Aziz et al.: a group of `k` agents within
//!   distance `r` of each other is owed utility `k/n - r` each; the extremes bind). For a fixed left end `a` the lower
//!   bound grows with `k`, so the block `a..=n` binds; for a fixed right end the block
//!   `1..=b` binds. Hence `L = max_a (x_(a) - (a-1)/n)` and `R = min_b (x_(b) + 1 - b/n)`:
//!   O(n) on a sorted profile, O(n log n) with the sort. [`pf_blocks`] enumerates all
//!   O(n²) blocks as the reference.
//! - Proportionality: `{#ones/n}` when every location is 0 or 1, else `[0, 1]`.
//! - Unanimity: `{z}` when every location is `z`, else `[0, 1]`.

use super::Axiom;
use crate::coord::{Coord, Units};

fn clip<C: Coord, U: Units<C>>(lo: C, hi: C, u: &U) -> (C, C) {
    (lo.max(u.zero()), hi.min(u.one()))
}

/// `(L, R)` for `axiom` on the sorted profile `xs` (n >= 1), clipped to `[0, 1]`.
pub(crate) fn interval<C: Coord, U: Units<C>>(axiom: Axiom, xs: &[C], u: &U) -> (C, C) {
    match axiom {
        Axiom::Ifs => ifs(xs, u),
        Axiom::Ufs => ufs(xs, u),
        Axiom::Pf => pf(xs, u),
        Axiom::Proportionality => proportionality(xs, u),
        Axiom::Unanimity => unanimity(xs, u),
    }
}

fn ifs<C: Coord, U: Units<C>>(xs: &[C], u: &U) -> (C, C) {
    let slack = u.one().minus(&u.frac(1)); // 1 - 1/n
    let lo = xs[xs.len() - 1].minus(&slack);
    let hi = xs[0].plus(&slack);
    clip(lo, hi, u)
}

fn ufs<C: Coord, U: Units<C>>(xs: &[C], u: &U) -> (C, C) {
    let (mut lo, mut hi) = (u.zero(), u.one());
    let mut i = 0;
    while i < xs.len() {
        let mut j = i + 1;
        while j < xs.len() && xs[j] == xs[i] {
            j += 1;
        }
        let slack = u.one().minus(&u.frac(j - i)); // 1 - k/n
        lo = lo.max(xs[i].minus(&slack));
        hi = hi.min(xs[i].plus(&slack));
        i = j;
    }
    (lo, hi)
}

fn pf<C: Coord, U: Units<C>>(xs: &[C], u: &U) -> (C, C) {
    let (mut lo, mut hi) = (u.zero(), u.one());
    for (i, x) in xs.iter().enumerate() {
        // block i..n (0-based), size n - i: x_i - 1 + (n-i)/n = x_i - i/n
        lo = lo.max(x.minus(&u.frac(i)));
        // block 0..=i, size i + 1: x_i + 1 - (i+1)/n
        hi = hi.min(x.plus(&u.one()).minus(&u.frac(i + 1)));
    }
    (lo, hi)
}

/// PF by enumerating every contiguous block of the sorted profile: O(n²). The reference for
/// the O(n) form above.
pub(crate) fn pf_blocks<C: Coord, U: Units<C>>(xs: &[C], u: &U) -> (C, C) {
    let n = xs.len();
    let (mut lo, mut hi) = (u.zero(), u.one());
    for a in 0..n {
        for b in a..n {
            let slack = u.one().minus(&u.frac(b - a + 1));
            lo = lo.max(xs[a].minus(&slack));
            hi = hi.min(xs[b].plus(&slack));
        }
    }
    (lo, hi)
}

fn proportionality<C: Coord, U: Units<C>>(xs: &[C], u: &U) -> (C, C) {
    let (zero, one) = (u.zero(), u.one());
    if xs.iter().all(|x| *x == zero || *x == one) {
        let y = u.frac(xs.iter().filter(|x| **x == one).count());
        (y.clone(), y)
    } else {
        (zero, one)
    }
}

fn unanimity<C: Coord, U: Units<C>>(xs: &[C], u: &U) -> (C, C) {
    if xs[0] == xs[xs.len() - 1] {
        (xs[0].clone(), xs[0].clone())
    } else {
        (u.zero(), u.one())
    }
}

/// The best outcome any mechanism satisfying `axiom` can choose on this profile: the point of
/// `[L, R]` nearest to the optimal (median) interval. Welfare and total cost are both
/// piecewise linear and unimodal with their optimum on the median interval, so this point
/// optimises both.
pub(crate) fn best_feasible<C: Coord, U: Units<C>>(axiom: Axiom, xs: &[C], u: &U) -> C {
    let (lo, hi) = interval(axiom, xs, u);
    let (m_lo, m_hi) = crate::coord::median_interval(xs);
    if hi < m_lo {
        hi
    } else if lo > m_hi {
        lo
    } else {
        m_lo.max(lo)
    }
}
