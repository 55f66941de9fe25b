//! B1, the budgeted-allocation LP (Mehta–Panigrahi's benchmark):
//! `max Σ w_u p_uv x_uv` s.t. `Σ_u x_uv ≤ 1` per arrival, `Σ_v p_uv x_uv ≤ 1` per offline
//! vertex, `x ≥ 0`. |E| variables, n + T rows, built in one pass over the edges.
//!
//! **Identical arrivals are merged.** Arrivals with the same neighbours and probabilities
//! (the `m` copies of a type), wherever they stand in the order, become one row with
//! right-hand side `m` and one variable per neighbour. Exact: the LP does not depend on the
//! arrival order, so permuting identical arrivals is a symmetry; averaging an optimum over
//! those permutations gives an optimum whose copies carry equal `x`, and summing their rows
//! loses nothing (conversely `x_uv = X_u/m` on each copy turns a merged solution back).
//! Upper-triangular(50, 40) drops from 51,000 variables to 1,275.
//!
//! **Redundant budget rows are dropped:** when `Σ m·p ≤ 1` over a vertex's edges (`m` the
//! class size, which bounds each variable through its arrival row) the budget row can never
//! bind. This changes nothing for the simplex but shrinks Clarabel's KKT factorisation
//! (random 2000 × 2000, 10^4 edges: 4.8 s → 1.1 s).

use std::collections::HashMap;

use super::{Lp, LpSolver, solve};
use crate::{Error, Instance, Neighbour};

/// The budgeted LP's optimum. With `p ≡ 1` it is the maximum-weight matching.
///
/// ```
/// use stochastic_matching::{Instance, budgeted_lp, LpSolver};
/// // One offline vertex, four arrivals with p = 1/2: min(1, 4 · 1/2) = 1.
/// let inst = Instance::unweighted(1, vec![vec![(0, 0.5)]; 4])?;
/// assert!((budgeted_lp(&inst, LpSolver::Microlp)? - 1.0).abs() < 1e-9);
/// # Ok::<(), stochastic_matching::Error>(())
/// ```
///
/// # Errors
/// [`Error::Solver`] when the solver does not report an optimum. An instance without edges
/// gives 0 without calling the solver.
pub fn budgeted_lp(inst: &Instance, solver: LpSolver) -> Result<f64, Error> {
    budgeted_lp_with(inst, solver, true)
}

/// [`budgeted_lp`] with the merging of identical arrivals switched off (`merge = false`:
/// one row per arrival, the plain formulation the tests compare against).
///
/// # Errors
/// As [`budgeted_lp`].
pub fn budgeted_lp_with(inst: &Instance, solver: LpSolver, merge: bool) -> Result<f64, Error> {
    if inst.is_trivial() {
        return Ok(0.0);
    }
    // Classes of identical arrivals (keyed by the exact bits of their neighbour lists), in
    // order of first appearance, with their multiplicities.
    let mut classes: Vec<(usize, f64)> = Vec::new();
    if merge {
        let mut index: HashMap<Vec<(u32, u64)>, usize> = HashMap::new();
        for t in 0..inst.arrivals() {
            let key = inst
                .neighbours(t)
                .iter()
                .map(|e| (e.u, e.p.to_bits()))
                .collect();
            let k = *index.entry(key).or_insert(classes.len());
            if k == classes.len() {
                classes.push((t, 0.0));
            }
            classes[k].1 += 1.0;
        }
    } else {
        classes.extend((0..inst.arrivals()).map(|t| (t, 1.0)));
    }
    let w = inst.weights();
    let mut lp = Lp {
        objective: Vec::new(),
        rows: Vec::with_capacity(inst.n() + classes.len()),
    };
    let mut per_u: Vec<Vec<(usize, f64)>> = vec![Vec::new(); inst.n()];
    let mut cap = Vec::new(); // each variable's class size
    for &(t, m) in &classes {
        let first = lp.objective.len();
        for (j, &Neighbour { u, p }) in inst.neighbours(t).iter().enumerate() {
            cap.push(m);
            lp.objective.push(w[u as usize] * p);
            per_u[u as usize].push((first + j, p));
        }
        lp.rows
            .push(((first..lp.objective.len()).map(|e| (e, 1.0)).collect(), m));
    }
    // A vertex whose edges could not exceed its budget even if every copy were sent to it
    // (Σ m·p ≤ 1, and each variable is at most its class size m by the arrival row) has a
    // redundant row: dropping it leaves the LP unchanged and shrinks Clarabel's KKT system.
    lp.rows.extend(
        per_u
            .into_iter()
            .filter(|r| r.iter().map(|&(x, p)| p * cap[x]).sum::<f64>() > 1.0)
            .map(|r| (r, 1.0)),
    );
    Ok(solve(&lp, solver, false, "budgeted LP")?.value)
}
