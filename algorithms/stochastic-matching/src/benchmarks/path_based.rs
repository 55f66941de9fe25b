//! Goyal–Udwani's *path-based program* (PBP; arXiv 1905.12778, §3.2), an LP upper bound on
//! both their clairvoyant and fully offline benchmarks.
//!
//! A sample path `ω ∈ {0,1}^E` fixes every edge's coin. The offline side decides edge `e`
//! without seeing `e`'s own coin, so its decision may depend only on `ω₋ₑ`, the other coins
//! (their constraint (6), non-anticipativity). Writing `y_e(ω₋ₑ) ∈ [0, 1]` for that
//! decision, the program is
//!
//! ```text
//! PBP = max Σ_e Σ_{ω₋ₑ} Pr(ω₋ₑ) · w_u(e) p_e · y_e(ω₋ₑ)
//!       s.t. Σ_{e ∋ u, ω_e = 1} y_e(ω₋ₑ) ≤ 1     for every offline u and path ω   (4)
//!            Σ_{e ∋ t}          y_e(ω₋ₑ) ≤ 1     for every arrival t and path ω   (5)
//! ```
//!
//! (the objective is `E_ω[Σ_e w y_e 1{ω_e}]` with `ω_e` independent of `ω₋ₑ`). It has
//! `|E|·2^{|E|−1}` variables and `2^{|E|}·(n + T)` rows, so it is for `|E| ≤`
//! [`PATH_BASED_EDGE_CAP`] only.
//!
//! Chain: fully offline ≤ PBP (any offline policy's decisions are feasible on every path) and
//! PBP ≤ budgeted LP (taking expectations of (4) and (5) gives the budgeted LP's rows, as
//! `y_e` does not depend on `ω_e`).

use super::{Lp, LpSolver, solve};
use crate::{Error, Instance};

/// The largest `|E|` of [`path_based_program`] (5,120 variables).
pub const PATH_BASED_EDGE_CAP: usize = 10;

const NAME: &str = "path-based program";

/// `ω` without bit `e`: the index of `ω₋ₑ` among the `2^{|E|−1}` partial paths.
fn without(omega: usize, e: usize) -> usize {
    (omega & ((1 << e) - 1)) | ((omega >> (e + 1)) << e)
}

/// Goyal–Udwani's path-based program (module docs), solved by `solver`.
///
/// ```
/// use stochastic_matching::{Instance, LpSolver, path_based_program};
/// // One offline vertex, one arrival: the program is p.
/// let inst = Instance::unweighted(1, vec![vec![(0, 0.4)]])?;
/// assert!((path_based_program(&inst, LpSolver::Clarabel)? - 0.4).abs() < 1e-8);
/// # Ok::<(), stochastic_matching::Error>(())
/// ```
///
/// # Errors
/// [`Error::InstanceAboveCap`] above [`PATH_BASED_EDGE_CAP`] edges; [`Error::Solver`]. No
/// edges: 0, no solver call.
pub fn path_based_program(inst: &Instance, solver: LpSolver) -> Result<f64, Error> {
    let m = inst.edges();
    if m > PATH_BASED_EDGE_CAP {
        return Err(Error::InstanceAboveCap {
            what: "path-based program (edges)",
            size: m as u64,
            cap: PATH_BASED_EDGE_CAP as u64,
        });
    }
    if m == 0 {
        return Ok(0.0);
    }
    // Edges as (arrival, offline, p).
    let edges: Vec<(usize, usize, f64)> = (0..inst.arrivals())
        .flat_map(|t| {
            inst.neighbours(t)
                .iter()
                .map(move |e| (t, e.u as usize, e.p))
        })
        .collect();
    let half = 1usize << (m - 1);
    let var = |e: usize, rest: usize| e * half + rest;
    let w = inst.weights();
    let mut lp = Lp::default();
    for (e, &(_, u, p)) in edges.iter().enumerate() {
        for rest in 0..half {
            // Pr(ω₋ₑ): the other edges' coins, in their order with e's bit removed.
            let mut pr = 1.0;
            for (f, &(_, _, q)) in edges.iter().enumerate().filter(|&(f, _)| f != e) {
                let bit = if f < e { f } else { f - 1 };
                pr *= if rest >> bit & 1 == 1 { q } else { 1.0 - q };
            }
            debug_assert_eq!(lp.objective.len(), var(e, rest));
            lp.objective.push(pr * w[u] * p);
        }
    }
    for omega in 0..1usize << m {
        let mut offline: Vec<Vec<(usize, f64)>> = vec![Vec::new(); inst.n()];
        let mut arrival: Vec<Vec<(usize, f64)>> = vec![Vec::new(); inst.arrivals()];
        for (e, &(t, u, _)) in edges.iter().enumerate() {
            let x = var(e, without(omega, e));
            arrival[t].push((x, 1.0));
            if omega >> e & 1 == 1 {
                offline[u].push((x, 1.0));
            }
        }
        // A one-entry offline row (y ≤ 1) is implied by its arrival row.
        lp.rows.extend(
            offline
                .into_iter()
                .filter(|r| r.len() > 1)
                .chain(arrival.into_iter().filter(|r| !r.is_empty()))
                .map(|r| (r, 1.0)),
        );
    }
    Ok(solve(&lp, solver, false, NAME)?.value)
}
