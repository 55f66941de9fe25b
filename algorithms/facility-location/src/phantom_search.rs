//! Searching phantom vectors for the best welfare ratio subject to an axiom.
//!
//! A research-style extension of Aziz et al.'s approximation results: enumerate every sorted phantom vector
//! `p ∈ G_m^{n-1}` (`C(m + n - 1, n - 1)` of them), keep those satisfying the axiom on every
//! profile of a [`ProfileSet`], and minimise the worst-case `ρ_SW` over the set. With the
//! axiom IFS and `m` a multiple of `n`, the optimum is the endpoint-phantom bound
//! `n(n-1)/(n²-2n+2)`, which is also the lower bound for every IFS mechanism
//! ([`crate::ratios::axiom_lower_bound`]); with UFS the only survivor is Uniform Phantom.
//!
//! Candidates are abandoned as soon as one profile violates the axiom or exceeds the best
//! ratio so far (branch and bound), all on the exact integer kernel.
//!
//! # Example
//! ```
//! use facility_location::{grid::ProfileSet, phantom_search::search_phantoms, ratios::ApproxRatio, Axiom, Rational};
//! let r = search_phantoms(3, 6, Some(Axiom::Ifs), &ProfileSet::clustered(6, 3))?;
//! assert_eq!(r.sw, ApproxRatio::Finite(Rational::new(6, 5)?)); // 3·2/(9-6+2)
//! # Ok::<(), facility_location::Error>(())
//! ```

use std::cmp::Ordering;
use std::ops::ControlFlow;

use crate::axioms::{Axiom, interval::interval};
use crate::coord::{median_interval, total_cost};
use crate::error::Error;
use crate::grid::{ProfileSet, Source, for_each_sorted};
use crate::mechanism::{Mechanism, PhantomMechanism, scaled::Scaled};
use crate::profile::Profile;
use crate::rational::Rational;
use crate::ratios::{ApproxRatio, Frac};

/// The outcome of [`search_phantoms`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchResult {
    /// The first optimal phantom vector in lexicographic order (sorted).
    pub phantoms: Vec<Rational>,
    /// Its worst-case welfare ratio over the profile set.
    pub sw: ApproxRatio,
    /// A profile attaining that ratio.
    pub argmax: Profile,
    /// Phantom vectors enumerated.
    pub candidates: u64,
    /// Vectors satisfying the axiom on every profile.
    pub feasible: u64,
    /// Vectors attaining the optimum (among those not pruned before reaching it).
    pub optimal: u64,
}

/// Searches sorted phantom vectors on `G_phantom_d` for the smallest worst-case `ρ_SW` over
/// `set`, among those satisfying `axiom` (if any) on every profile of `set`.
///
/// # Errors
/// [`Error::InvalidParameter`] for `phantom_d = 0`, or when no vector satisfies the axiom;
/// [`Error::TooLarge`] beyond `10^7` candidate vectors; those of [`ProfileSet::validate`].
///
/// # Complexity
/// O(C(m + n - 1, n - 1) · |set| · n) integer operations in the worst case; pruning cuts
/// most candidates after a few profiles.
pub fn search_phantoms(
    n: usize,
    phantom_d: u64,
    axiom: Option<Axiom>,
    set: &ProfileSet,
) -> Result<SearchResult, Error> {
    set.validate(n)?;
    if phantom_d == 0 {
        return Err(Error::InvalidParameter {
            what: "phantom grid denominator 0".to_string(),
        });
    }
    let space = ProfileSet::sorted_grid(phantom_d);
    match space.count(n - 1) {
        Some(c) if c <= 10_000_000 => {}
        _ => {
            return Err(Error::TooLarge {
                what: "more than 10^7 phantom vectors".to_string(),
            });
        }
    }
    // The profiles, in grid units, per source.
    let mut profiles: Vec<(u64, Vec<Vec<i64>>)> = Vec::new();
    for source in set.sources() {
        let mut v = Vec::new();
        let _ = for_each_sorted(source, n, 1, |xs| {
            v.push(xs.to_vec());
            ControlFlow::Continue(())
        });
        profiles.push((source.d(), v));
    }
    let mut best: Option<(Frac, Vec<i64>, Vec<i64>, i64)> = None; // (ratio, phantoms, argmax, s)
    let (mut candidates, mut feasible, mut optimal) = (0u64, 0u64, 0u64);
    let mut err = None;
    let grid = Source::SortedGrid { d: phantom_d };
    let _ = for_each_sorted(&grid, n - 1, 1, |ks| {
        candidates += 1;
        let ps = ks
            .iter()
            .map(|&k| Rational::from_i128(k as i128, phantom_d as i128))
            .collect();
        let mech = match PhantomMechanism::new(ps) {
            Ok(p) => Mechanism::Phantom(p),
            Err(e) => {
                err = Some(e);
                return ControlFlow::Break(());
            }
        };
        match evaluate_candidate(&mech, n, &profiles, axiom, best.as_ref().map(|b| b.0)) {
            Err(e) => {
                err = Some(e);
                return ControlFlow::Break(());
            }
            Ok(Outcome::Infeasible) => {}
            Ok(Outcome::Pruned) => feasible += 1,
            Ok(Outcome::Done(ratio, argmax, s)) => {
                feasible += 1;
                match best.as_ref().map(|b| ratio.cmp(b.0)) {
                    Some(Ordering::Equal) => optimal += 1,
                    Some(Ordering::Greater) => {}
                    _ => {
                        best = Some((ratio, ks.to_vec(), argmax, s));
                        optimal = 1;
                    }
                }
            }
        }
        ControlFlow::Continue(())
    });
    if let Some(e) = err {
        return Err(e);
    }
    let (ratio, ks, argmax, s) = best.ok_or_else(|| Error::InvalidParameter {
        what: "no phantom vector on this grid satisfies the axiom".to_string(),
    })?;
    let locs = argmax
        .iter()
        .map(|&x| Rational::from_i128(x as i128, s as i128))
        .collect();
    Ok(SearchResult {
        phantoms: ks
            .iter()
            .map(|&k| Rational::from_i128(k as i128, phantom_d as i128))
            .collect(),
        sw: ratio.to_ratio(),
        argmax: Profile::new(locs)?,
        candidates,
        feasible,
        optimal,
    })
}

enum Outcome {
    /// Violates the axiom on some profile.
    Infeasible,
    /// Feasible (checked on every profile first), but worse than the best vector so far on
    /// some profile.
    Pruned,
    /// Feasible, with this worst ratio, arg-max (scaled) and scale.
    Done(Frac, Vec<i64>, i64),
}

fn evaluate_candidate(
    mech: &Mechanism,
    n: usize,
    profiles: &[(u64, Vec<Vec<i64>>)],
    axiom: Option<Axiom>,
    bound: Option<Frac>,
) -> Result<Outcome, Error> {
    // Feasibility first, on every profile: a pruned vector must still be feasible to count.
    let mut kernels = Vec::with_capacity(profiles.len());
    let mut buf = vec![0i64; n];
    for (d, set) in profiles {
        let sc = Scaled::new(mech, n, *d)?;
        let step = sc.s() / *d as i64;
        if let Some(a) = axiom {
            let u = sc.units();
            for p in set {
                for (b, &k) in buf.iter_mut().zip(p) {
                    *b = k * step;
                }
                let y = sc.eval_sorted(&buf);
                let (lo, hi) = interval(a, &buf, &u);
                if y < lo || y > hi {
                    return Ok(Outcome::Infeasible);
                }
            }
        }
        kernels.push((sc, step));
    }
    let mut worst: Option<(Frac, Vec<i64>, i64)> = None;
    for ((sc, step), (_, set)) in kernels.iter().zip(profiles) {
        let ns = n as i64 * sc.s();
        for p in set {
            for (b, &k) in buf.iter_mut().zip(p) {
                *b = k * step;
            }
            let y = sc.eval_sorted(&buf);
            let (opt, _) = median_interval(&buf);
            let r = Frac::new(ns - total_cost(&buf, &opt, 0), ns - total_cost(&buf, &y, 0));
            if bound.is_some_and(|b| r.cmp(b) == Ordering::Greater) {
                return Ok(Outcome::Pruned);
            }
            if worst
                .as_ref()
                .is_none_or(|w| r.cmp(w.0) == Ordering::Greater)
            {
                worst = Some((r, buf.clone(), sc.s()));
            }
        }
    }
    Ok(match worst {
        Some((r, p, s)) => Outcome::Done(r, p, s),
        None => Outcome::Infeasible,
    })
}
