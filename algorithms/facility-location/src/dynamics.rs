//! Best-response dynamics under the average mechanism: the equilibrium oracle for Uniform
//! Phantom.
//!
//! Aziz, Lam, Lee and Walsh characterise the outcomes of Uniform Phantom as the unique pure
//! equilibrium outcome of any mechanism that is continuous, strictly monotone and UFS; the
//! average is such a mechanism. Agent `i`'s best response to the others' reports makes the
//! average as close to `x_i` as it can:
//! `r_i ← clamp(n·x_i - Σ_{j≠i} r_j, 0, 1)` (unique, since the average is strictly increasing
//! in `r_i`). [`best_response_average`] starts from truthful reports and applies best
//! responses to agents `1..n` in turn until a full round changes nothing, in exact
//! arithmetic; the final average equals `UP(x)` exactly (tested on random rational profiles).
//!
//! # Example
//! ```
//! use facility_location::{dynamics::best_response_average, parse_profile, Mechanism};
//! let x = parse_profile("3/10 2/5")?;
//! let eq = best_response_average(&x, 100)?;
//! assert_eq!(eq.outcome, Mechanism::UniformPhantom.evaluate(&x)?); // 2/5
//! assert_eq!(eq.reports.iter().map(|r| r.to_string()).collect::<Vec<_>>(), ["0", "4/5"]);
//! # Ok::<(), facility_location::Error>(())
//! ```

use crate::error::Error;
use crate::profile::Profile;
use crate::rational::Rational;

/// A pure equilibrium of the average mechanism reached by best responses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Equilibrium {
    /// The equilibrium reports.
    pub reports: Vec<Rational>,
    /// The average of the reports.
    pub outcome: Rational,
    /// Full rounds run, including the last (unchanged) one.
    pub rounds: usize,
    /// Individual report changes.
    pub updates: usize,
}

/// Round-robin best responses under the average mechanism, from truthful reports, until a
/// round changes nothing.
///
/// # Errors
/// [`Error::NoConvergence`] when `max_rounds` rounds all changed something.
///
/// # Complexity
/// O(n) exact rational operations per round.
///
/// # Guarantee
/// On return, every report is the unique best response to the others (a pure equilibrium of
/// the average mechanism).
///
/// # Example
/// ```
/// use facility_location::{dynamics::best_response_average, parse_profile, Rational};
/// // Truthful average 1/6; agent 3 best-responds with 1, moving it to 1/3 = UP(0, 0, 1/2).
/// let eq = best_response_average(&parse_profile("0 0 1/2")?, 100)?;
/// assert_eq!(eq.outcome, Rational::new(1, 3)?);
/// assert_eq!(eq.reports[2], Rational::one());
/// # Ok::<(), facility_location::Error>(())
/// ```
pub fn best_response_average(profile: &Profile, max_rounds: usize) -> Result<Equilibrium, Error> {
    let x = profile.locations();
    let n = Rational::from_integer(x.len() as i64);
    let (zero, one) = (Rational::zero(), Rational::one());
    let mut r = x.clone();
    let mut sum: Rational = r.iter().sum();
    let mut updates = 0;
    for round in 1..=max_rounds {
        let mut changed = false;
        for i in 0..x.len() {
            let others = &sum - &r[i];
            let br = (&n * &x[i] - &others).clamped(&zero, &one);
            if br != r[i] {
                sum = &others + &br;
                r[i] = br;
                changed = true;
                updates += 1;
            }
        }
        if !changed {
            let outcome = sum * Rational::from_i128(1, x.len() as i128);
            return Ok(Equilibrium {
                reports: r,
                outcome,
                rounds: round,
                updates,
            });
        }
    }
    Err(Error::NoConvergence { rounds: max_rounds })
}
