//! Approximation ratios: per profile, worst case over a profile set, and axiom lower bounds.
//!
//! With `SW(y) = Σ (1 - |y - x_i|) = n - TC(y)` and `opt` any point of the median interval,
//!
//! - `ρ_SW(f) = sup_x SW(opt)/SW(f(x))` (at least 1; `∞` when `SW(f(x)) = 0`),
//! - `ρ_TC(f) = sup_x TC(f(x))/TC(opt)` with `0/0 := 1` and `c/0 := ∞` for `c > 0`.
//!
//! `∞` is the explicit variant [`ApproxRatio::Infinite`], never an `f64` infinity.
//!
//! [`worst_case`] searches a [`ProfileSet`] exhaustively on the exact integer kernel and
//! returns the largest ratios with an arg-max profile. Grid searches give **lower bounds** on
//! the suprema (exact where the extremal profile lies on the grid, as for every closed form
//! in the table of the crate README, computed by this crate: Aziz et al.'s paper states
//! the approximation theorems, not these per-`n` values). [`axiom_lower_bound`] does the same for the best outcome any mechanism
//! satisfying an axiom can choose (the median interval projected onto the axiom's feasible
//! interval), which bounds the ratios of **every** such mechanism from below.
//!
//! # Example
//! ```
//! use facility_location::{grid::ProfileSet, ratios::{worst_case, ApproxRatio}, Mechanism, Rational};
//! let r = worst_case(&Mechanism::UniformPhantom, 4, &ProfileSet::clustered(8, 3))?;
//! assert_eq!(r.sw.value, ApproxRatio::Finite(Rational::new(6, 5)?));
//! assert_eq!(r.tc.value, ApproxRatio::Finite(Rational::from_integer(3)));
//! let c = worst_case(&Mechanism::ClampedMedian, 4, &ProfileSet::clustered(8, 2))?;
//! assert_eq!(c.tc.value, ApproxRatio::Infinite);
//! # Ok::<(), facility_location::Error>(())
//! ```

use std::cmp::Ordering;
use std::fmt;
use std::ops::ControlFlow;

use crate::axioms::{Axiom, interval::best_feasible};
use crate::coord::{ScaledUnits, median_interval, total_cost};
use crate::error::Error;
use crate::grid::{ProfileSet, for_each_sorted};
use crate::mechanism::{Mechanism, scaled::Scaled};
use crate::profile::Profile;
use crate::rational::{Rational, lcm_u64};

/// An approximation ratio: a finite rational or `∞`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ApproxRatio {
    /// A finite ratio.
    Finite(Rational),
    /// An unbounded ratio (`c/0` with `c > 0`).
    Infinite,
}

impl ApproxRatio {
    /// `num / den` with `0/0 := 1` and `c/0 := ∞` (`c > 0`); both arguments are
    /// nonnegative.
    ///
    /// # Example
    /// ```
    /// use facility_location::{ratios::ApproxRatio, Rational};
    /// assert_eq!(ApproxRatio::of(&Rational::zero(), &Rational::zero()), ApproxRatio::Finite(Rational::one()));
    /// assert_eq!(ApproxRatio::of(&Rational::one(), &Rational::zero()), ApproxRatio::Infinite);
    /// ```
    pub fn of(num: &Rational, den: &Rational) -> ApproxRatio {
        match num.checked_div(den) {
            Some(r) => ApproxRatio::Finite(r),
            None if num.is_zero() => ApproxRatio::Finite(Rational::one()),
            None => ApproxRatio::Infinite,
        }
    }

    /// The finite value, if any.
    pub fn finite(&self) -> Option<&Rational> {
        match self {
            ApproxRatio::Finite(r) => Some(r),
            ApproxRatio::Infinite => None,
        }
    }

    /// The nearest `f64` (`f64::INFINITY` for `∞`), for display only.
    pub fn to_f64(&self) -> f64 {
        self.finite().map_or(f64::INFINITY, Rational::to_f64)
    }
}

impl Ord for ApproxRatio {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self, other) {
            (ApproxRatio::Finite(a), ApproxRatio::Finite(b)) => a.cmp(b),
            (ApproxRatio::Finite(_), ApproxRatio::Infinite) => Ordering::Less,
            (ApproxRatio::Infinite, ApproxRatio::Finite(_)) => Ordering::Greater,
            (ApproxRatio::Infinite, ApproxRatio::Infinite) => Ordering::Equal,
        }
    }
}

impl PartialOrd for ApproxRatio {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for ApproxRatio {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApproxRatio::Finite(r) => write!(f, "{r}"),
            ApproxRatio::Infinite => f.write_str("∞"),
        }
    }
}

/// A worst case found by a search: the ratio, the first profile attaining it (in visiting
/// order), the outcome there, and how many visited profiles attain it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Extremum {
    /// The largest ratio found.
    pub value: ApproxRatio,
    /// The first profile attaining it (sorted).
    pub argmax: Profile,
    /// The outcome on that profile.
    pub outcome: Rational,
    /// The number of visited profiles attaining it.
    pub ties: u64,
}

/// The worst-case welfare and total-cost ratios over a profile set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ratios {
    /// Welfare ratio `SW(opt)/SW(f(x))`.
    pub sw: Extremum,
    /// Total-cost ratio `TC(f(x))/TC(opt)`.
    pub tc: Extremum,
    /// The number of profiles visited.
    pub profiles: u64,
}

/// Total cost `Σ |y - x_i|`, exactly. O(n).
///
/// # Example
/// ```
/// use facility_location::{parse_profile, ratios::total_cost_at, Rational};
/// let x = parse_profile("0 0 1").unwrap();
/// assert_eq!(total_cost_at(&x, &Rational::new(1, 3).unwrap()).to_string(), "4/3");
/// ```
pub fn total_cost_at(profile: &Profile, y: &Rational) -> Rational {
    total_cost(&profile.locations(), y, Rational::zero())
}

/// Social welfare `Σ (1 - |y - x_i|) = n - TC(y)`, exactly. O(n).
///
/// # Example
/// ```
/// use facility_location::{parse_profile, ratios::welfare_at, Rational};
/// let x = parse_profile("0 0 1").unwrap();
/// assert_eq!(welfare_at(&x, &Rational::new(1, 3).unwrap()).to_string(), "5/3");
/// ```
pub fn welfare_at(profile: &Profile, y: &Rational) -> Rational {
    Rational::from_integer(profile.len() as i64) - total_cost_at(profile, y)
}

/// The welfare and total-cost ratios of outcome `y` on `profile`.
///
/// # Complexity
/// O(n log n) (the median).
///
/// # Example
/// ```
/// use facility_location::{parse_profile, ratios::{ratios_at, ApproxRatio}, Rational};
/// // k = 2 agents at 0, n - k = 1 at 1, UP outcome 1/3: ρ_SW = kn/(k²+(n-k)²) = 6/5.
/// let (sw, tc) = ratios_at(&parse_profile("0 0 1").unwrap(), &Rational::new(1, 3).unwrap());
/// assert_eq!(sw, ApproxRatio::Finite(Rational::new(6, 5).unwrap()));
/// assert_eq!(tc, ApproxRatio::Finite(Rational::new(4, 3).unwrap()));
/// ```
pub fn ratios_at(profile: &Profile, y: &Rational) -> (ApproxRatio, ApproxRatio) {
    let mut xs = profile.locations();
    xs.sort();
    let (opt, _) = median_interval(&xs);
    let n = Rational::from_integer(xs.len() as i64);
    let (tc_f, tc_o) = (
        total_cost(&xs, y, Rational::zero()),
        total_cost(&xs, &opt, Rational::zero()),
    );
    let sw = ApproxRatio::of(&(&n - &tc_o), &(&n - &tc_f));
    (sw, ApproxRatio::of(&tc_f, &tc_o))
}

/// `num/den` with `den >= 0`; `den = 0` means `∞` (or 1 when `num = 0` too).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Frac {
    pub(crate) num: i64,
    pub(crate) den: i64,
}

impl Frac {
    pub(crate) fn new(num: i64, den: i64) -> Frac {
        if num == 0 && den == 0 {
            Frac { num: 1, den: 1 }
        } else {
            Frac { num, den }
        }
    }
    pub(crate) fn cmp(self, o: Frac) -> Ordering {
        match (self.den == 0, o.den == 0) {
            (true, true) => Ordering::Equal,
            (true, false) => Ordering::Greater,
            (false, true) => Ordering::Less,
            _ => (self.num as i128 * o.den as i128).cmp(&(o.num as i128 * self.den as i128)),
        }
    }
    pub(crate) fn to_ratio(self) -> ApproxRatio {
        if self.den == 0 {
            ApproxRatio::Infinite
        } else {
            ApproxRatio::Finite(Rational::from_i128(self.num as i128, self.den as i128))
        }
    }
}

struct Best {
    value: Frac,
    profile: Vec<i64>,
    y: i64,
    s: i64,
    ties: u64,
}

impl Best {
    fn offer(slot: &mut Option<Best>, value: Frac, xs: &[i64], y: i64, s: i64) {
        match slot {
            Some(b) => match value.cmp(b.value) {
                Ordering::Greater => {
                    *slot = Some(Best {
                        value,
                        profile: xs.to_vec(),
                        y,
                        s,
                        ties: 1,
                    })
                }
                Ordering::Equal => b.ties += 1,
                Ordering::Less => {}
            },
            None => {
                *slot = Some(Best {
                    value,
                    profile: xs.to_vec(),
                    y,
                    s,
                    ties: 1,
                })
            }
        }
    }

    fn into_extremum(self) -> Extremum {
        let s = self.s as i128;
        let locs = self
            .profile
            .iter()
            .map(|&x| Rational::from_i128(x as i128, s))
            .collect();
        Extremum {
            value: self.value.to_ratio(),
            argmax: Profile::new(locs).unwrap_or_else(|_| unreachable_profile()),
            outcome: Rational::from_i128(self.y as i128, s),
            ties: self.ties,
        }
    }
}

fn unreachable_profile() -> Profile {
    // Grid coordinates always form a valid profile; this is never reached.
    Profile::from_fractions(&[(0, 1)]).unwrap_or_else(|_| unreachable!())
}

/// Runs `outcome` on every profile of `set` (scaled per source by `scale(d)`), keeping the
/// worst ratios.
fn search(
    n: usize,
    set: &ProfileSet,
    mut kernel: impl FnMut(u64) -> Result<(i64, Box<dyn Fn(&[i64]) -> i64>), Error>,
) -> Result<Ratios, Error> {
    set.validate(n)?;
    let (mut sw, mut tc): (Option<Best>, Option<Best>) = (None, None);
    let mut profiles = 0u64;
    for source in set.sources() {
        let d = source.d();
        let (s, f) = kernel(d)?;
        let ns = n as i64 * s;
        let _ = for_each_sorted(source, n, s / d as i64, |xs| {
            profiles += 1;
            let y = f(xs);
            let (opt, _) = median_interval(xs);
            let tc_f = total_cost(xs, &y, 0);
            let tc_o = total_cost(xs, &opt, 0);
            Best::offer(&mut sw, Frac::new(ns - tc_o, ns - tc_f), xs, y, s);
            Best::offer(&mut tc, Frac::new(tc_f, tc_o), xs, y, s);
            ControlFlow::Continue(())
        });
    }
    match (sw, tc) {
        (Some(sw), Some(tc)) => Ok(Ratios {
            sw: sw.into_extremum(),
            tc: tc.into_extremum(),
            profiles,
        }),
        _ => Err(Error::InvalidParameter {
            what: "no profile visited".to_string(),
        }),
    }
}

/// The worst-case `ρ_SW` and `ρ_TC` of `mechanism` over every profile of `set`, with an
/// arg-max profile for each, exactly.
///
/// # Errors
/// Those of [`ProfileSet::validate`]; [`Error::PhantomCount`] for a custom vector of the
/// wrong length; [`Error::TooLarge`] when the common denominator of the grid, `n` and the
/// phantoms does not fit the integer kernel.
///
/// # Complexity
/// O(|set| · n) integer operations (profiles are generated sorted).
///
/// # Guarantee
/// The values are exact maxima over the visited profiles, hence lower bounds on the
/// suprema over all profiles.
///
/// # Example
/// ```
/// use facility_location::{grid::ProfileSet, ratios::{worst_case, ApproxRatio}, Mechanism, Rational};
/// // Endpoint phantoms, n = 6: n(n-1)/(n²-2n+2) = 15/13 at one agent at one end and five at
/// // the other (the mirror image of n - 1 agents at 0 and one at 1 comes first in visiting order).
/// let r = worst_case(&Mechanism::EndpointPhantoms, 6, &ProfileSet::clustered(12, 3))?;
/// assert_eq!(r.sw.value, ApproxRatio::Finite(Rational::new(15, 13)?));
/// assert_eq!(r.sw.argmax.to_string(), "(0, 1, 1, 1, 1, 1)");
/// # Ok::<(), facility_location::Error>(())
/// ```
pub fn worst_case(mechanism: &Mechanism, n: usize, set: &ProfileSet) -> Result<Ratios, Error> {
    let m = mechanism.clone();
    search(n, set, move |d| {
        let sc = Scaled::new(&m, n, d)?;
        Ok((sc.s(), Box::new(move |xs: &[i64]| sc.eval_sorted(xs))))
    })
}

/// The worst case over `set` of the best outcome **any** mechanism satisfying `axiom` can
/// choose (the optimal interval projected onto the axiom's feasible interval): a lower bound
/// on `ρ_SW` and `ρ_TC` for every mechanism satisfying the axiom, SP or not.
///
/// # Errors
/// Those of [`ProfileSet::validate`]; [`Error::TooLarge`] when `lcm(d, n)` overflows.
///
/// # Complexity
/// O(|set| · n) integer operations.
///
/// # Example
/// ```
/// use facility_location::{grid::ProfileSet, ratios::{axiom_lower_bound, ApproxRatio}, Axiom, Rational};
/// // IFS: n(n-1)/(n²-2n+2) = 30/26 for n = 6 (n - 1 agents at 0, one at 1).
/// let r = axiom_lower_bound(Axiom::Ifs, 6, &ProfileSet::clustered(6, 2))?;
/// assert_eq!(r.sw.value, ApproxRatio::Finite(Rational::new(15, 13)?));
/// # Ok::<(), facility_location::Error>(())
/// ```
pub fn axiom_lower_bound(axiom: Axiom, n: usize, set: &ProfileSet) -> Result<Ratios, Error> {
    search(n, set, move |d| {
        let s = lcm_u64(d, n as u64)
            .filter(|s| s.checked_mul(n as u64).is_some_and(|ns| ns < 1 << 60))
            .ok_or_else(|| Error::TooLarge {
                what: format!("lcm({d}, {n})"),
            })? as i64;
        let u = ScaledUnits { n, s };
        Ok((s, Box::new(move |xs: &[i64]| best_feasible(axiom, xs, &u))))
    })
}
