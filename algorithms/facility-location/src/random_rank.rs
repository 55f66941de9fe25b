//! Random Rank (Lam, Aziz, Li, Ramezani, Walsh, arXiv 2205.14798), in expectation.
//!
//! Pick `k` uniformly from `1..=n` and place the facility at the `k`-th order statistic
//! `x_(k)`. Each `x_(k)` is the phantom rule with `n - k` phantoms at 0 and `k - 1` at 1
//! ([`crate::mechanism::named::order_statistic`]), so the lottery is universally truthful;
//! [`certify_universal_truthfulness`] certifies every component on a profile set. Utilities
//! and welfare are expectations over the lottery, computed exactly.
//!
//! Only the expectations are provided here; the "Strong Proportionality in expectation"
//! axiom of the Random Rank paper is not implemented.
//!
//! # Example
//! ```
//! use facility_location::{parse_profile, random_rank};
//! let x = parse_profile("0 1/2 1")?;
//! let u = random_rank::expected_utilities(&x);
//! assert_eq!(u.iter().map(|r| r.to_string()).collect::<Vec<_>>(), ["1/2", "2/3", "1/2"]);
//! assert_eq!(random_rank::expected_welfare(&x).to_string(), "5/3");
//! # Ok::<(), facility_location::Error>(())
//! ```

use crate::error::Error;
use crate::grid::ProfileSet;
use crate::mechanism::{Mechanism, PhantomMechanism, named::order_statistic};
use crate::profile::Profile;
use crate::rational::Rational;
use crate::strategyproof::{SpVerdict, check_sp};

/// The lottery: each sorted location `x_(k)` with probability `1/n` (repeated locations
/// appear repeatedly). O(n log n).
pub fn outcome_distribution(profile: &Profile) -> Vec<(Rational, Rational)> {
    let mut xs = profile.locations();
    xs.sort();
    let p = Rational::from_i128(1, xs.len() as i128);
    xs.into_iter().map(|x| (x, p.clone())).collect()
}

/// Expected utilities `E[1 - |Y - x_i|]`, in agent order. O(n²) exact operations.
pub fn expected_utilities(profile: &Profile) -> Vec<Rational> {
    let xs = profile.locations();
    let inv = Rational::from_i128(1, xs.len() as i128);
    xs.iter()
        .map(|xi| {
            let cost: Rational = xs.iter().map(|y| (y - xi).abs()).sum();
            Rational::one() - cost * &inv
        })
        .collect()
}

/// Expected social welfare `Σ_i E[u_i]`. O(n²).
pub fn expected_welfare(profile: &Profile) -> Rational {
    expected_utilities(profile).iter().sum()
}

/// Certifies strategyproofness of every component `x_(k)`, `k = 1..=n`, on `set`: `Ok(true)`
/// when all are certified (the lottery is then universally truthful on `set`).
///
/// # Errors
/// Those of [`check_sp`].
///
/// # Example
/// ```
/// use facility_location::{grid::ProfileSet, random_rank};
/// assert!(random_rank::certify_universal_truthfulness(3, &ProfileSet::sorted_grid(6))?);
/// # Ok::<(), facility_location::Error>(())
/// ```
pub fn certify_universal_truthfulness(n: usize, set: &ProfileSet) -> Result<bool, Error> {
    for k in 1..=n {
        let m = Mechanism::Phantom(PhantomMechanism::for_n(n, order_statistic(n, k)?)?);
        if !matches!(check_sp(&m, n, set)?, SpVerdict::Certified { .. }) {
            return Ok(false);
        }
    }
    Ok(true)
}
