//! Strategyproofness: an exhaustive certifier for phantom rules and a refuter for the rest.
//!
//! SP: for every agent `i`, profile `x` and misreport `r`,
//! `|f(r, x_{-i}) - x_i| >= |f(x) - x_i|`.
//!
//! [`check_sp`] visits every profile of a [`ProfileSet`], every agent and every misreport
//! `r ∈ G_{D'}`, where `D'` is a common multiple of the profile grid `d`, of `n` and of every
//! breakpoint denominator of the rule (phantoms, clamp bounds). It evaluates the rule on the
//! manipulated profile each time, on exact integer coordinates scaled by the common
//! denominator (no sort of the profile, which is generated sorted; the deviation is put in
//! place by one insertion pass).
//!
//! **Certificate.** For a phantom rule (and the clamped median) agent `i`'s outcome as a
//! function of its report is `clamp(r, a, b)`, with `a`, `b` order statistics of the other
//! reports and the breakpoints. Its cost `|clamp(r, a, b) - x_i|` is piecewise linear with
//! kinks at `a`, `b` and `x_i`, all in `G_{D'}`, so its minimum over `r ∈ [0, 1]` is attained
//! on the grid: when no grid misreport gains, **no** misreport does, on every visited
//! profile. The verdict is then [`SpVerdict::Certified`]. For other rules (average,
//! midpoint) a clean run proves nothing ([`SpVerdict::NotRefuted`]); a gain is returned as a
//! [`Counterexample`] either way.
//!
//! # Example
//! ```
//! use facility_location::{grid::ProfileSet, strategyproof::{check_sp, SpVerdict}, Mechanism};
//! let up = check_sp(&Mechanism::UniformPhantom, 4, &ProfileSet::sorted_grid(8))?;
//! assert!(matches!(up, SpVerdict::Certified { .. }));
//! let avg = check_sp(&Mechanism::Average, 3, &ProfileSet::sorted_grid(2))?;
//! let SpVerdict::Refuted(c) = avg else { panic!() };
//! assert_eq!(c.profile.to_string(), "(0, 0, 1/2)");
//! assert_eq!((c.agent, c.misreport.to_string(), c.gain.to_string()), (2, "1".into(), "1/6".into()));
//! # Ok::<(), facility_location::Error>(())
//! ```

use std::ops::ControlFlow;

use crate::error::Error;
use crate::grid::{ProfileSet, for_each_sorted};
use crate::mechanism::{Mechanism, scaled::Scaled};
use crate::profile::Profile;
use crate::rational::{Rational, lcm_u64};

/// A profitable misreport.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Counterexample {
    /// The true profile.
    pub profile: Profile,
    /// The manipulating agent (index into `profile`).
    pub agent: usize,
    /// The agent's misreport.
    pub misreport: Rational,
    /// `f(x)`.
    pub truthful_outcome: Rational,
    /// `f(misreport, x_{-i})`.
    pub manipulated_outcome: Rational,
    /// The reduction of the agent's cost, `|f(x) - x_i| - |f(r, x_{-i}) - x_i| > 0`.
    pub gain: Rational,
}

/// The outcome of an exhaustive strategyproofness check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SpVerdict {
    /// No grid misreport gains, and the grid contains every breakpoint: SP holds on every
    /// visited profile against **every** misreport in `[0, 1]`.
    Certified {
        /// Profiles visited.
        profiles: u64,
        /// Mechanism evaluations performed.
        evaluations: u64,
        /// The misreport grid denominator `D'`.
        misreport_d: u64,
    },
    /// No grid misreport gains, but the rule is not of the clamp form, so this is no proof.
    NotRefuted {
        /// Profiles visited.
        profiles: u64,
        /// Mechanism evaluations performed.
        evaluations: u64,
        /// The misreport grid denominator `D'`.
        misreport_d: u64,
    },
    /// A profitable misreport (the best one on the grid for the first manipulable profile and
    /// agent in visiting order).
    Refuted(Box<Counterexample>),
}

impl SpVerdict {
    /// Whether a counterexample was found.
    pub fn is_refuted(&self) -> bool {
        matches!(self, SpVerdict::Refuted(_))
    }

    /// Whether SP was certified.
    pub fn is_certified(&self) -> bool {
        matches!(self, SpVerdict::Certified { .. })
    }
}

/// The default misreport grid for `mechanism` on profiles of `G_d`: `lcm(d, n, breakpoint
/// denominators)`.
///
/// # Errors
/// [`Error::TooLarge`] on overflow; [`Error::PhantomCount`] for a custom vector of the wrong
/// length.
///
/// # Example
/// ```
/// use facility_location::{strategyproof::misreport_grid, Mechanism};
/// assert_eq!(misreport_grid(&Mechanism::UniformPhantom, 5, 8)?, 40);
/// assert_eq!(misreport_grid(&Mechanism::HalfPhantoms, 3, 5)?, 30);
/// assert_eq!(misreport_grid(&Mechanism::from_name("phantom[1/7]")?, 2, 4)?, 28);
/// # Ok::<(), facility_location::Error>(())
/// ```
pub fn misreport_grid(mechanism: &Mechanism, n: usize, d: u64) -> Result<u64, Error> {
    let overflow = || Error::TooLarge {
        what: "misreport grid denominator".to_string(),
    };
    let mut dp = lcm_u64(d, n as u64).ok_or_else(overflow)?;
    if let Some(ps) = mechanism.phantoms(n)? {
        for p in ps {
            let den = p
                .as_small()
                .map(|q| *q.denom() as u64)
                .ok_or_else(overflow)?;
            dp = lcm_u64(dp, den).ok_or_else(overflow)?;
        }
    }
    Ok(dp)
}

/// Exhaustive SP check of `mechanism` for `n` agents over `set`, misreports on the default
/// grid [`misreport_grid`] of each source.
///
/// # Errors
/// Those of [`ProfileSet::validate`] and [`misreport_grid`].
///
/// # Complexity
/// `|set| · (1 + n·(D'+1))` evaluations of O(n) integer operations each: about
/// 9·10^7 evaluations for `n = 6` on `G_24`.
///
/// # Guarantee
/// [`SpVerdict::Certified`]: no misreport in `[0, 1]` gains on any profile of `set` (see the
/// module docs). [`SpVerdict::Refuted`]: the counterexample is exact.
///
/// # Example
/// ```
/// use facility_location::{grid::ProfileSet, strategyproof::{check_sp, SpVerdict}, Mechanism};
/// let v = check_sp(&Mechanism::ClampedMedian, 3, &ProfileSet::sorted_grid(6))?;
/// assert_eq!(v, SpVerdict::Certified { profiles: 84, evaluations: 84 * (1 + 3 * 7), misreport_d: 6 });
/// # Ok::<(), facility_location::Error>(())
/// ```
pub fn check_sp(mechanism: &Mechanism, n: usize, set: &ProfileSet) -> Result<SpVerdict, Error> {
    check_sp_with(mechanism, n, set, None)
}

/// As [`check_sp`], with misreports on `G_{misreport_d}` for every source instead of the
/// default grid. The verdict is [`SpVerdict::Certified`] only when `misreport_d` is a multiple
/// of the default grid of each source.
///
/// # Errors
/// As [`check_sp`]; [`Error::InvalidParameter`] when `misreport_d` is not a multiple of a
/// source's grid `d`.
///
/// # Complexity
/// As [`check_sp`], with `D' = misreport_d`.
///
/// # Example
/// ```
/// use facility_location::{grid::ProfileSet, strategyproof::{check_sp_with, SpVerdict}, Mechanism};
/// // Misreports on G_4 miss UP's breakpoints 1/3, 2/3: no gain found, but no certificate.
/// let v = check_sp_with(&Mechanism::UniformPhantom, 3, &ProfileSet::sorted_grid(4), Some(4))?;
/// assert!(matches!(v, SpVerdict::NotRefuted { .. }));
/// # Ok::<(), facility_location::Error>(())
/// ```
pub fn check_sp_with(
    mechanism: &Mechanism,
    n: usize,
    set: &ProfileSet,
    misreport_d: Option<u64>,
) -> Result<SpVerdict, Error> {
    set.validate(n)?;
    let (mut profiles, mut evaluations) = (0u64, 0u64);
    let mut complete = mechanism.is_grid_certifiable();
    let mut last_dp = 0;
    for source in set.sources() {
        let d = source.d();
        let default = misreport_grid(mechanism, n, d)?;
        let dp = misreport_d.unwrap_or(default);
        if !dp.is_multiple_of(d) {
            return Err(Error::InvalidParameter {
                what: format!("misreport grid {dp} is not a multiple of the profile grid {d}"),
            });
        }
        complete &= dp.is_multiple_of(default);
        last_dp = dp;
        let sc = Scaled::new(mechanism, n, dp)?;
        let (step_x, step_r) = (sc.s() / d as i64, sc.step());
        let mut buf = vec![0i64; n];
        let mut found = None;
        let _ = for_each_sorted(source, n, step_x, |xs| {
            profiles += 1;
            let y = sc.eval_sorted(xs);
            evaluations += 1;
            for i in 0..n {
                let cost = (y - xs[i]).abs();
                for r in 0..=dp as i64 {
                    buf.copy_from_slice(xs);
                    buf[i] = r * step_r;
                    let z = sc.eval_unsorted(&mut buf);
                    evaluations += 1;
                    if (z - xs[i]).abs() < cost {
                        found = Some((xs.to_vec(), i));
                        return ControlFlow::Break(());
                    }
                }
            }
            ControlFlow::Continue(())
        });
        if let Some((xs, i)) = found {
            let c =
                best_on_grid(&sc, &xs, i, dp, step_r).ok_or_else(|| Error::InvalidParameter {
                    what: "internal".to_string(),
                })?;
            return Ok(SpVerdict::Refuted(Box::new(c)));
        }
    }
    Ok(if complete {
        SpVerdict::Certified {
            profiles,
            evaluations,
            misreport_d: last_dp,
        }
    } else {
        SpVerdict::NotRefuted {
            profiles,
            evaluations,
            misreport_d: last_dp,
        }
    })
}

/// The best grid misreport of agent `i` on the scaled sorted profile `xs`, if it gains.
fn best_on_grid(sc: &Scaled, xs: &[i64], i: usize, dp: u64, step_r: i64) -> Option<Counterexample> {
    let y = sc.eval_sorted(xs);
    let cost = (y - xs[i]).abs();
    let mut buf = xs.to_vec();
    let mut best: Option<(i64, i64, i64)> = None; // (new cost, report, outcome)
    for r in 0..=dp as i64 {
        buf.copy_from_slice(xs);
        buf[i] = r * step_r;
        let z = sc.eval_unsorted(&mut buf);
        let c = (z - xs[i]).abs();
        if c < cost && best.is_none_or(|b| c < b.0) {
            best = Some((c, r * step_r, z));
        }
    }
    let (c, r, z) = best?;
    let locs = xs.iter().map(|&x| sc.to_rational(x)).collect();
    Some(Counterexample {
        profile: Profile::new(locs).ok()?,
        agent: i,
        misreport: sc.to_rational(r),
        truthful_outcome: sc.to_rational(y),
        manipulated_outcome: sc.to_rational(z),
        gain: sc.to_rational(cost - c),
    })
}

/// The gain `|f(x) - x_i| - |f(r, x_{-i}) - x_i|` of agent `agent` misreporting `report`
/// (positive means the misreport pays), exactly.
///
/// # Errors
/// [`Error::AgentOutOfRange`], [`Error::OutOfRange`] for a report outside `[0, 1]`, and the
/// errors of [`Mechanism::evaluate`].
///
/// # Complexity
/// Two evaluations.
///
/// # Example
/// ```
/// use facility_location::{parse_profile, strategyproof::manipulation_gain, Mechanism, Rational};
/// // Midpoint, x = (1/5, 3/10, 3/5); agent 3 reports 1: outcome 2/5 -> 3/5.
/// let x = parse_profile("1/5 3/10 3/5")?;
/// let g = manipulation_gain(&Mechanism::Midpoint, &x, 2, &Rational::one())?;
/// assert_eq!(g.to_string(), "1/5");
/// # Ok::<(), facility_location::Error>(())
/// ```
pub fn manipulation_gain(
    mechanism: &Mechanism,
    profile: &Profile,
    agent: usize,
    report: &Rational,
) -> Result<Rational, Error> {
    let deviated = profile.with_location(agent, report.clone())?;
    let ev = mechanism.prepare(profile.len())?;
    let xi = profile.get(agent).ok_or(Error::AgentOutOfRange {
        agent,
        n: profile.len(),
    })?;
    let before = (ev.evaluate(profile)? - &xi).abs();
    let after = (ev.evaluate(&deviated)? - &xi).abs();
    Ok(before - after)
}

/// The most profitable misreport of `agent` on `G_{misreport_d}` for an arbitrary (exact)
/// profile, or `None` when no grid misreport gains. Exact rational evaluation.
///
/// # Errors
/// [`Error::InvalidParameter`] for `misreport_d = 0`, and those of [`manipulation_gain`].
///
/// # Complexity
/// `misreport_d + 2` evaluations.
///
/// # Example
/// ```
/// use facility_location::{parse_profile, strategyproof::best_misreport, Mechanism};
/// let x = parse_profile("1/5 3/10 3/5")?;
/// let c = best_misreport(&Mechanism::Midpoint, &x, 2, 10)?.unwrap();
/// assert_eq!((c.misreport.to_string(), c.manipulated_outcome.to_string()), ("1".into(), "3/5".into()));
/// assert!(best_misreport(&Mechanism::UniformPhantom, &x, 2, 30)?.is_none());
/// # Ok::<(), facility_location::Error>(())
/// ```
pub fn best_misreport(
    mechanism: &Mechanism,
    profile: &Profile,
    agent: usize,
    misreport_d: u64,
) -> Result<Option<Counterexample>, Error> {
    if misreport_d == 0 || misreport_d > i64::MAX as u64 {
        return Err(Error::InvalidParameter {
            what: format!("misreport grid {misreport_d}"),
        });
    }
    let n = profile.len();
    let xi = profile
        .get(agent)
        .ok_or(Error::AgentOutOfRange { agent, n })?;
    let ev = mechanism.prepare(n)?;
    let y = ev.evaluate(profile)?;
    let cost = (&y - &xi).abs();
    let mut best: Option<(Rational, Rational, Rational)> = None;
    for r in 0..=misreport_d {
        let report = Rational::from_i128(r as i128, misreport_d as i128);
        let z = ev.evaluate(&profile.with_location(agent, report.clone())?)?;
        let c = (&z - &xi).abs();
        if c < cost && best.as_ref().is_none_or(|b| c < b.0) {
            best = Some((c, report, z));
        }
    }
    Ok(best.map(|(c, misreport, z)| Counterexample {
        profile: profile.clone(),
        agent,
        misreport,
        truthful_outcome: y,
        manipulated_outcome: z,
        gain: cost - c,
    }))
}
