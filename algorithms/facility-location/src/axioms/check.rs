//! Deciding which axioms a mechanism satisfies over a profile set.

use std::ops::ControlFlow;

use super::{Axiom, Interval, interval::interval};
use crate::error::Error;
use crate::grid::{ProfileSet, for_each_sorted};
use crate::mechanism::{Mechanism, scaled::Scaled};
use crate::profile::Profile;
use crate::rational::Rational;

/// A profile on which a mechanism violates an axiom.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    /// The axiom violated.
    pub axiom: Axiom,
    /// The (sorted) profile.
    pub profile: Profile,
    /// The mechanism's outcome there.
    pub outcome: Rational,
    /// The axiom's feasible interval there (which does not contain the outcome).
    pub interval: Interval,
}

/// For each axiom of `axioms`, the first profile of `set` (in visiting order) on which
/// `mechanism` violates it, or `None` when it holds on every visited profile.
///
/// # Errors
/// Those of [`ProfileSet::validate`]; [`Error::PhantomCount`] for a custom vector of the
/// wrong length; [`Error::TooLarge`] when the common denominator overflows.
///
/// # Complexity
/// O(|set| · n · |axioms|) integer operations (the profiles are generated sorted, so every
/// interval costs O(n)).
///
/// # Example
/// ```
/// use facility_location::{axioms::{check_mechanism, Axiom}, grid::ProfileSet, Mechanism};
/// let r = check_mechanism(&Mechanism::EndpointPhantoms, 4, &ProfileSet::sorted_grid(8), &Axiom::ALL)?;
/// assert!(r[0].1.is_none()); // IFS holds
/// let ufs = r[1].1.as_ref().unwrap(); // UFS fails, e.g. on three agents at 0 and one at 1
/// assert_eq!(ufs.axiom, Axiom::Ufs);
/// assert!(!ufs.interval.contains(&ufs.outcome));
/// # Ok::<(), facility_location::Error>(())
/// ```
pub fn check_mechanism(
    mechanism: &Mechanism,
    n: usize,
    set: &ProfileSet,
    axioms: &[Axiom],
) -> Result<Vec<(Axiom, Option<Violation>)>, Error> {
    set.validate(n)?;
    let mut result: Vec<(Axiom, Option<Violation>)> = axioms.iter().map(|&a| (a, None)).collect();
    for source in set.sources() {
        let d = source.d();
        let sc = Scaled::new(mechanism, n, d)?;
        let u = sc.units();
        let _ = for_each_sorted(source, n, sc.s() / d as i64, |xs| {
            let y = sc.eval_sorted(xs);
            let mut open = false;
            for (axiom, slot) in result.iter_mut() {
                if slot.is_some() {
                    continue;
                }
                open = true;
                let (lo, hi) = interval(*axiom, xs, &u);
                if y < lo || y > hi {
                    let locs = xs.iter().map(|&x| sc.to_rational(x)).collect();
                    if let Ok(profile) = Profile::new(locs) {
                        *slot = Some(Violation {
                            axiom: *axiom,
                            profile,
                            outcome: sc.to_rational(y),
                            interval: Interval {
                                lo: sc.to_rational(lo),
                                hi: sc.to_rational(hi),
                            },
                        });
                    }
                }
            }
            if open {
                ControlFlow::Continue(())
            } else {
                ControlFlow::Break(())
            }
        });
    }
    Ok(result)
}
