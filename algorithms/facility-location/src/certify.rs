//! One call that reports everything checkable about a mechanism on a profile set.

use std::fmt;

use crate::axioms::{Axiom, Violation, check_mechanism};
use crate::error::Error;
use crate::grid::ProfileSet;
use crate::mechanism::Mechanism;
use crate::strategyproof::{SpVerdict, check_sp};

/// Which axioms hold and whether the rule is strategyproof, over a profile set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    /// The mechanism, as displayed (`uniform-phantom`, `phantom[1/4, 3/4]`, …).
    pub mechanism: String,
    /// The number of agents.
    pub n: usize,
    /// The number of profiles in the set.
    pub profiles: u128,
    /// Every axiom of [`Axiom::ALL`], with the first violation found (or `None`).
    pub axioms: Vec<(Axiom, Option<Violation>)>,
    /// The strategyproofness verdict.
    pub sp: SpVerdict,
}

impl Report {
    /// Whether `axiom` held on every visited profile.
    pub fn holds(&self, axiom: Axiom) -> bool {
        self.axioms.iter().any(|(a, v)| *a == axiom && v.is_none())
    }

    /// The axioms that held on every visited profile.
    pub fn satisfied(&self) -> Vec<Axiom> {
        self.axioms
            .iter()
            .filter(|(_, v)| v.is_none())
            .map(|(a, _)| *a)
            .collect()
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{} (n = {}, {} profiles)",
            self.mechanism, self.n, self.profiles
        )?;
        for (a, v) in &self.axioms {
            match v {
                None => writeln!(f, "  {a}: holds")?,
                Some(v) => writeln!(
                    f,
                    "  {a}: violated at {} (outcome {}, feasible {})",
                    v.profile, v.outcome, v.interval
                )?,
            }
        }
        match &self.sp {
            SpVerdict::Certified {
                evaluations,
                misreport_d,
                ..
            } => {
                write!(
                    f,
                    "  SP: certified ({evaluations} evaluations, misreports on G_{misreport_d})"
                )
            }
            SpVerdict::NotRefuted {
                evaluations,
                misreport_d,
                ..
            } => write!(
                f,
                "  SP: not refuted, not certified ({evaluations} evaluations, misreports on G_{misreport_d})"
            ),
            SpVerdict::Refuted(c) => write!(
                f,
                "  SP: refuted at {}: agent {} reports {} ({} -> {}, gain {})",
                c.profile, c.agent, c.misreport, c.truthful_outcome, c.manipulated_outcome, c.gain
            ),
        }
    }
}

/// Checks every axiom of [`Axiom::ALL`] and strategyproofness of `mechanism` for `n`
/// agents on every profile of `set`.
///
/// # Errors
/// Those of [`check_mechanism`] and [`check_sp`].
///
/// # Complexity
/// Dominated by the SP check: `|set| · (1 + n·(D'+1))` integer evaluations.
///
/// # Example
/// ```
/// use facility_location::{certify, grid::ProfileSet, Axiom, Mechanism};
/// let r = certify(&Mechanism::UniformPhantom, 4, &ProfileSet::sorted_grid(8))?;
/// assert_eq!(r.satisfied(), Axiom::ALL.to_vec());
/// assert!(r.sp.is_certified());
/// let m = certify(&Mechanism::Midpoint, 3, &ProfileSet::sorted_grid(10))?;
/// assert!(m.holds(Axiom::Ifs) && !m.holds(Axiom::Ufs) && m.sp.is_refuted());
/// # Ok::<(), facility_location::Error>(())
/// ```
pub fn certify(mechanism: &Mechanism, n: usize, set: &ProfileSet) -> Result<Report, Error> {
    let profiles = set.validate(n)?;
    let axioms = check_mechanism(mechanism, n, set, &Axiom::ALL)?;
    let sp = check_sp(mechanism, n, set)?;
    Ok(Report {
        mechanism: mechanism.to_string(),
        n,
        profiles,
        axioms,
        sp,
    })
}
