//! The mechanisms that are not phantom rules: clamped median, average and midpoint.
//!
//! - **Clamped median**: `clamp(x_(⌈n/2⌉), 1/n, 1 - 1/n)`. Strategyproof (each agent's
//!   outcome is a clamp of its own report, with breakpoints at other agents and at `1/n`,
//!   `1 - 1/n`) and IFS, but not unanimous. For `n = 1` the bounds `[1, 0]` are empty and the
//!   rule returns `x_1` (which IFS forces).
//! - **Average** `Σ x_i / n`: UFS and PF, not strategyproof (at `x = (0, 0, 1/2)` the
//!   outcome is 1/6; agent 3 reporting 1 moves it to 1/3, closer to 1/2).
//! - **Midpoint** `(min + max)/2`: IFS for `n >= 3`, not strategyproof (at
//!   `x = (1/5, 3/10, 3/5)` the outcome is 2/5; agent 3 reporting 1 moves it to 3/5).
//!
//! All three are exact on [`Profile`]s; the f64 forms serve the throughput path only.
//!
//! # Example
//! ```
//! use facility_location::{mechanism::other, parse_profile};
//! let x = parse_profile("0 0 1/2").unwrap();
//! assert_eq!(other::average(&x).to_string(), "1/6");
//! assert_eq!(other::midpoint(&x).to_string(), "1/4");
//! assert_eq!(other::clamped_median(&x).to_string(), "1/3");
//! ```

use num_rational::Ratio;

use crate::profile::Profile;
use crate::rational::{Rational, cmp_small};

/// The left median `x_(⌈n/2⌉)`, by exact selection. O(n) expected.
///
/// # Example
/// ```
/// use facility_location::{mechanism::other::left_median, parse_profile};
/// assert_eq!(left_median(&parse_profile("1 0 1/2 1/4").unwrap()).to_string(), "1/4");
/// ```
pub fn left_median(profile: &Profile) -> Rational {
    let k = profile.len().div_ceil(2) - 1;
    if let Some(xs) = profile.as_small() {
        let mut v: Vec<Ratio<i64>> = xs.to_vec();
        let (_, m, _) = v.select_nth_unstable_by(k, cmp_small);
        return Rational::from(*m);
    }
    let mut v = profile.locations();
    let (_, m, _) = v.select_nth_unstable(k);
    m.clone()
}

/// The clamp bounds `[1/n, 1 - 1/n]` of the clamped median (`[0, 1]` for `n = 1`).
pub(crate) fn clamp_bounds(n: usize) -> (Rational, Rational) {
    if n == 1 {
        (Rational::zero(), Rational::one())
    } else {
        (
            Rational::from_i128(1, n as i128),
            Rational::from_i128(n as i128 - 1, n as i128),
        )
    }
}

/// The clamped median `clamp(x_(⌈n/2⌉), 1/n, 1 - 1/n)` (`x_1` for `n = 1`). O(n) expected.
///
/// # Example
/// ```
/// use facility_location::{mechanism::other::clamped_median, parse_profile};
/// assert_eq!(clamped_median(&parse_profile("0 0 0 0").unwrap()).to_string(), "1/4");
/// ```
pub fn clamped_median(profile: &Profile) -> Rational {
    let (lo, hi) = clamp_bounds(profile.len());
    left_median(profile).clamped(&lo, &hi)
}

/// The average `Σ x_i / n`, exactly (promoted to big rationals when denominators grow).
/// O(n) rational additions.
///
/// # Example
/// ```
/// use facility_location::{mechanism::other::average, parse_profile};
/// assert_eq!(average(&parse_profile("1/3 1/2").unwrap()).to_string(), "5/12");
/// ```
pub fn average(profile: &Profile) -> Rational {
    let sum: Rational = profile.locations().iter().sum();
    sum * Rational::from_i128(1, profile.len() as i128)
}

/// The midpoint `(min + max) / 2`. O(n).
///
/// # Example
/// ```
/// use facility_location::{mechanism::other::midpoint, parse_profile};
/// assert_eq!(midpoint(&parse_profile("1/5 3/10 3/5").unwrap()).to_string(), "2/5");
/// ```
pub fn midpoint(profile: &Profile) -> Rational {
    let v = profile.locations();
    let min = v.iter().min().cloned().unwrap_or_else(Rational::zero);
    let max = v.iter().max().cloned().unwrap_or_else(Rational::zero);
    (min + max) * Rational::from_i128(1, 2)
}

/// Clamped median on validated doubles.
pub(crate) fn clamped_median_f64(xs: &[f64]) -> f64 {
    let n = xs.len();
    let mut v = xs.to_vec();
    let (_, m, _) = v.select_nth_unstable_by(n.div_ceil(2) - 1, f64::total_cmp);
    if n == 1 {
        *m
    } else {
        m.clamp(1.0 / n as f64, 1.0 - 1.0 / n as f64)
    }
}

/// Average on validated doubles.
pub(crate) fn average_f64(xs: &[f64]) -> f64 {
    xs.iter().sum::<f64>() / xs.len() as f64
}

/// Midpoint on validated doubles.
pub(crate) fn midpoint_f64(xs: &[f64]) -> f64 {
    let (mut lo, mut hi) = (xs[0], xs[0]);
    for &x in xs {
        lo = lo.min(x);
        hi = hi.max(x);
    }
    (lo + hi) / 2.0
}
