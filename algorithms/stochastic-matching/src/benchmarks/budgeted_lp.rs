//! B1, the budgeted-allocation LP (Mehta–Panigrahi's benchmark):
//! `max Σ w_u p_uv x_uv` s.t. `Σ_u x_uv ≤ 1` per arrival, `Σ_v p_uv x_uv ≤ 1` per offline
//! vertex, `x ≥ 0`. |E| variables, n + T rows, built in one pass over the edges.

use super::{Lp, LpSolver, solve};
use crate::{Error, Instance};

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
    if inst.is_trivial() {
        return Ok(0.0);
    }
    let w = inst.weights();
    let edges = inst.all_edges();
    let mut lp = Lp {
        objective: edges.iter().map(|e| w[e.u as usize] * e.p).collect(),
        rows: Vec::with_capacity(inst.n() + inst.arrivals()),
    };
    let mut per_u: Vec<Vec<(usize, f64)>> = vec![Vec::new(); inst.n()];
    for t in 0..inst.arrivals() {
        let range = inst.edge_range(t);
        lp.rows
            .push((range.clone().map(|e| (e, 1.0)).collect(), 1.0));
        for e in range {
            per_u[edges[e].u as usize].push((e, edges[e].p));
        }
    }
    lp.rows.extend(per_u.into_iter().map(|r| (r, 1.0)));
    Ok(solve(&lp, solver, false, "budgeted LP")?.value)
}
