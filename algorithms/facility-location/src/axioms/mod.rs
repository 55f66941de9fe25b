//! The proportionality axioms of Aziz, Lam, Lee and Walsh, decided through feasible intervals.
//!
//! For an outcome `y` on a profile `x` (utility `u_i(y) = 1 - |y - x_i|`):
//!
//! | axiom | requirement |
//! |---|---|
//! | [`Axiom::Ifs`] (Individual Fair Share) | every agent gets `u_i(y) >= 1/n` |
//! | [`Axiom::Ufs`] (Unanimous Fair Share) | every group `S` at one location gets `u_i(y) >= \|S\|/n` |
//! | [`Axiom::Proportionality`] (Freeman et al. 2021) | on `x ∈ {0,1}^n`, `y = #ones/n` |
//! | [`Axiom::Pf`] (Proportional Fairness) | every group `S` of spread `r(S)` gets `u_i(y) >= \|S\|/n - r(S)` |
//! | [`Axiom::Unanimity`] | if every `x_i = z` then `y = z` |
//!
//! Each axiom is equivalent to `L(x) <= y <= R(x)` for an interval computed in O(n) (IFS,
//! Proportionality, unanimity) or O(n log n) (UFS, PF, dominated by a sort); see
//! [`feasible_interval`]. PF is O(n log n) rather than the O(n²) of enumerating blocks,
//! because for each end of a block only the longest block binds ([`pf_interval_by_blocks`]
//! is the O(n²) reference; tests compare the two, and both against the definition over all
//! subsets).
//!
//! Implications (direct from the definitions, property-tested): PF ⇒ UFS ⇒ IFS,
//! UFS ⇒ Proportionality, UFS ⇒ unanimity.
//!
//! # Example
//! ```
//! use facility_location::{axioms::{feasible_interval, Axiom}, parse_profile, Rational};
//! let x = parse_profile("0 0 1").unwrap();
//! let ufs = feasible_interval(Axiom::Ufs, &x);
//! assert_eq!(ufs.to_string(), "[1/3, 1/3]"); // two agents at 0, one at 1: y = 1/3
//! assert!(ufs.contains(&Rational::new(1, 3).unwrap()));
//! ```

mod check;
pub(crate) mod interval;

pub use check::{Violation, check_mechanism};

use std::fmt;

use crate::coord::{RationalUnits, median_interval};
use crate::error::Error;
use crate::profile::Profile;
use crate::rational::Rational;

/// A proportionality-based fairness axiom (or unanimity).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Axiom {
    /// Individual Fair Share: `|y - x_i| <= 1 - 1/n` for every agent.
    Ifs,
    /// Unanimous Fair Share: `|y - z| <= 1 - k/n` for every location `z` held by `k` agents.
    Ufs,
    /// Proportionality: on `{0,1}^n` profiles, `y` is the fraction of agents at 1.
    Proportionality,
    /// Proportional Fairness: `|y - x_i| <= 1 - |S|/n + r(S)` for every group `S` and `i ∈ S`.
    Pf,
    /// Unanimity: a unanimous profile at `z` gives `y = z`.
    Unanimity,
}

impl Axiom {
    /// Every axiom, weakest-first order of the paper's hierarchy, then unanimity.
    pub const ALL: [Axiom; 5] = [
        Axiom::Ifs,
        Axiom::Ufs,
        Axiom::Proportionality,
        Axiom::Pf,
        Axiom::Unanimity,
    ];

    /// Short name: `IFS`, `UFS`, `Proportionality`, `PF`, `unanimity`.
    pub fn name(self) -> &'static str {
        match self {
            Axiom::Ifs => "IFS",
            Axiom::Ufs => "UFS",
            Axiom::Proportionality => "Proportionality",
            Axiom::Pf => "PF",
            Axiom::Unanimity => "unanimity",
        }
    }

    /// The axiom with this name (case-insensitive; `prop` is accepted).
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] for an unknown name.
    pub fn from_name(name: &str) -> Result<Axiom, Error> {
        match name.to_ascii_lowercase().as_str() {
            "ifs" => Ok(Axiom::Ifs),
            "ufs" => Ok(Axiom::Ufs),
            "proportionality" | "prop" => Ok(Axiom::Proportionality),
            "pf" => Ok(Axiom::Pf),
            "unanimity" => Ok(Axiom::Unanimity),
            _ => Err(Error::InvalidParameter {
                what: format!("unknown axiom {name:?}"),
            }),
        }
    }
}

impl fmt::Display for Axiom {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A closed interval `[lo, hi]` of locations (empty when `lo > hi`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Interval {
    /// Left end.
    pub lo: Rational,
    /// Right end.
    pub hi: Rational,
}

impl Interval {
    /// Whether `lo <= y <= hi`.
    pub fn contains(&self, y: &Rational) -> bool {
        &self.lo <= y && y <= &self.hi
    }

    /// Whether the interval is empty (`lo > hi`).
    pub fn is_empty(&self) -> bool {
        self.lo > self.hi
    }
}

impl fmt::Display for Interval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{}, {}]", self.lo, self.hi)
    }
}

fn sorted_locations(profile: &Profile) -> Vec<Rational> {
    let mut v = profile.locations();
    v.sort();
    v
}

/// The set of outcomes `y ∈ [0, 1]` at which `axiom` holds on `profile`, as an interval.
///
/// # Complexity
/// O(n) for IFS, Proportionality and unanimity (only the extremes are needed); O(n log n)
/// for UFS and PF (a sort, then one pass). Exact rational arithmetic.
///
/// # Guarantee
/// `feasible_interval(a, x).contains(y)` iff axiom `a` holds for outcome `y` on `x`, by the
/// definitions in the module docs (tested against a brute force over all groups of agents).
///
/// # Example
/// ```
/// use facility_location::{axioms::{feasible_interval, Axiom}, parse_profile};
/// let x = parse_profile("0 1/4 1").unwrap();
/// assert_eq!(feasible_interval(Axiom::Ifs, &x).to_string(), "[1/3, 2/3]");
/// assert_eq!(feasible_interval(Axiom::Pf, &x).to_string(), "[1/3, 7/12]");
/// ```
pub fn feasible_interval(axiom: Axiom, profile: &Profile) -> Interval {
    let n = profile.len();
    let u = RationalUnits { n };
    let (lo, hi) = match axiom {
        Axiom::Ifs | Axiom::Unanimity | Axiom::Proportionality => {
            let v = profile.locations();
            if axiom == Axiom::Proportionality {
                interval::interval(axiom, &v, &u)
            } else {
                let min = v.iter().min().cloned().unwrap_or_else(Rational::zero);
                let max = v.iter().max().cloned().unwrap_or_else(Rational::zero);
                interval::interval(axiom, &[min, max], &u)
            }
        }
        Axiom::Ufs | Axiom::Pf => interval::interval(axiom, &sorted_locations(profile), &u),
    };
    Interval { lo, hi }
}

/// The PF interval by enumerating every contiguous block of the sorted profile, as the
/// definition reads: the O(n²) reference for [`feasible_interval`]`(Axiom::Pf, _)`.
///
/// # Complexity
/// O(n²) exact operations.
///
/// # Example
/// ```
/// use facility_location::{axioms::*, parse_profile};
/// let x = parse_profile("0 1/4 1/2 1").unwrap();
/// assert_eq!(pf_interval_by_blocks(&x), feasible_interval(Axiom::Pf, &x));
/// ```
pub fn pf_interval_by_blocks(profile: &Profile) -> Interval {
    let u = RationalUnits { n: profile.len() };
    let (lo, hi) = interval::pf_blocks(&sorted_locations(profile), &u);
    Interval { lo, hi }
}

/// Whether `axiom` holds for outcome `y` on `profile`.
///
/// # Complexity
/// That of [`feasible_interval`].
///
/// # Errors
/// [`Error::OutOfRange`] (index 0) when `y` lies outside `[0, 1]`.
///
/// # Example
/// ```
/// use facility_location::{axioms::{satisfies, Axiom}, parse_profile, Rational};
/// let x = parse_profile("0 0 1").unwrap();
/// assert!(satisfies(Axiom::Proportionality, &x, &Rational::new(1, 3).unwrap()).unwrap());
/// assert!(!satisfies(Axiom::Proportionality, &x, &Rational::zero()).unwrap());
/// ```
pub fn satisfies(axiom: Axiom, profile: &Profile, y: &Rational) -> Result<bool, Error> {
    if !y.in_unit_interval() {
        return Err(Error::OutOfRange {
            index: 0,
            value: y.to_string(),
        });
    }
    Ok(feasible_interval(axiom, profile).contains(y))
}

/// The interval of welfare-optimal (equivalently cost-optimal) locations,
/// `[x_(⌈n/2⌉), x_(⌊n/2⌋+1)]`.
///
/// # Complexity
/// O(n log n).
///
/// # Example
/// ```
/// use facility_location::{axioms::optimal_interval, parse_profile};
/// assert_eq!(optimal_interval(&parse_profile("1 0 1/2 1/4").unwrap()).to_string(), "[1/4, 1/2]");
/// ```
pub fn optimal_interval(profile: &Profile) -> Interval {
    let (lo, hi) = median_interval(&sorted_locations(profile));
    Interval { lo, hi }
}

/// The best outcome available to **any** mechanism satisfying `axiom` on this profile: the
/// point of the feasible interval nearest to the optimal interval (it maximises welfare and
/// minimises total cost among feasible outcomes, since both are unimodal).
///
/// The worst case of its ratios over profiles is a lower bound on the ratios of
/// every mechanism satisfying the axiom, strategyproof or not
/// ([`crate::ratios::axiom_lower_bound`]).
///
/// # Complexity
/// O(n log n).
///
/// # Example
/// ```
/// use facility_location::{axioms::{best_feasible_outcome, Axiom}, parse_profile};
/// // n - 1 agents at 0, one at 1: IFS forces y >= 1/n.
/// let x = parse_profile("0 0 0 1").unwrap();
/// assert_eq!(best_feasible_outcome(Axiom::Ifs, &x).to_string(), "1/4");
/// ```
pub fn best_feasible_outcome(axiom: Axiom, profile: &Profile) -> Rational {
    let u = RationalUnits { n: profile.len() };
    interval::best_feasible(axiom, &sorted_locations(profile), &u)
}
