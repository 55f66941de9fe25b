//! The stochastic configuration LP as one compact LP: O(|E|) variables and rows, no column
//! generation. An exact, independent second method, and the fast one for instances with
//! many distinct arrivals.
//!
//! For each edge `(u, v)` let `y_uv` be the probability that `v` is attempted on `u`. Then
//!
//! ```text
//! SC-LP = max Σ w_u p_uv y_uv
//!         s.t. Σ_u y_uv ≤ 1                                  per arrival v
//!              y_uv + Σ_{v' ∈ N(u), v' < v} p_uv' y_uv' ≤ 1   per edge (u, v)
//!              y ≥ 0.
//! ```
//!
//! **Why it equals the configuration form.** (≤) Given `x_{u,S}`, put
//! `y_uv = Σ_{S∋v} x_{u,S} Q_{<v}(S)` with `Q_{<v}(S) = Π_{v'∈S, v'<v}(1 − p_uv')`. The
//! objective and the arrival rows are the configuration LP's, and
//! `y_uv + Σ_{v'<v} p_uv' y_uv' = Σ_S x_{u,S} (1{v∈S} Q_{<v}(S) + 1 − Q_{<v}(S)) ≤ Σ_S x_{u,S} ≤ 1`.
//! (≥) Given `y`, let `f_v = 1 − Σ_{v'<v} p_uv' y_uv'` (so `y_uv ≤ f_v`) and put `v` in `S`
//! independently with probability `θ_v = y_uv / f_v` (0 when `f_v = 0`). Then
//! `f_{v+} = f_v (1 − p θ_v)`, so `f_v = E[Q_{<v}(S)]` and
//! `Σ_{S∋v} x_{u,S} Q_{<v}(S) = θ_v f_v = y_uv`: the same objective and rows.
//!
//! The prefix sums are variables `z_{u,k} ≥ z_{u,k−1} + p y_{u,k−1}` (a larger `z` only
//! tightens `y + z ≤ 1`, so the inequality is exact), which keeps the LP sparse:
//! `2|E|` variables, `|E| + rows + |E| − n` constraints, about `6|E|` non-zeros.

use super::columns::adjacency;
use super::sclp::sclp_pricing;
use super::{Lp, LpSolver, solve};
use crate::{Error, Instance};

/// The stochastic configuration LP solved in its compact form (module docs) by `solver`.
///
/// Clarabel is the solver to use at scale: upper-triangular(50, 40) (T = 2000, 51,000
/// edges) takes a few seconds. Its cost grows with the fill-in of the KKT factorisation,
/// which is large when many offline vertices share random arrivals; microlp is only for
/// small instances (its simplex is slow on 10^4 rows).
///
/// ```
/// use stochastic_matching::{Instance, LpSolver, sclp_compact};
/// // One offline vertex, three arrivals with p = 1/2: 1 − (1/2)^3.
/// let inst = Instance::unweighted(1, vec![vec![(0, 0.5)]; 3])?;
/// for solver in [LpSolver::Microlp, LpSolver::Clarabel] {
///     assert!((sclp_compact(&inst, solver)? - 0.875).abs() < 1e-8);
/// }
/// # Ok::<(), stochastic_matching::Error>(())
/// ```
///
/// # Errors
/// [`Error::Solver`] when the solver does not report an optimum. No edges: 0, no solver call.
pub fn sclp_compact(inst: &Instance, solver: LpSolver) -> Result<f64, Error> {
    if inst.is_trivial() {
        return Ok(0.0);
    }
    Ok(solve(&compact_lp(inst), solver, false, NAME)?.value)
}

const NAME: &str = "stochastic configuration LP (compact)";

/// The compact form's optimum with an independent certificate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CertifiedSclp {
    /// The compact LP's optimum (Clarabel).
    pub value: f64,
    /// The Lagrangian bound `Σ_v β_v + Σ_u (w_u − h_u(β))` at the compact LP's arrival-row
    /// duals `β`, with `h_u` from the configuration form's O(deg) pricing recursion. Any
    /// `β ≥ 0` gives an upper bound on the stochastic configuration LP (weak duality), so
    /// `upper_bound ≈ value` certifies the value through the other formulation.
    pub upper_bound: f64,
}

/// [`sclp_compact`] on Clarabel, certified by the configuration form's Lagrangian bound at
/// the compact LP's duals (see [`CertifiedSclp`]).
///
/// ```
/// use stochastic_matching::{generators::upper_triangular, sclp_compact_certified};
/// let r = sclp_compact_certified(&upper_triangular(6, 10)?)?;
/// assert!((r.value - 4.914606).abs() < 1e-6 && r.upper_bound - r.value < 1e-6);
/// # Ok::<(), stochastic_matching::Error>(())
/// ```
///
/// # Errors
/// As [`sclp_compact`].
pub fn sclp_compact_certified(inst: &Instance) -> Result<CertifiedSclp, Error> {
    if inst.is_trivial() {
        return Ok(CertifiedSclp {
            value: 0.0,
            upper_bound: 0.0,
        });
    }
    let lp = compact_lp(inst);
    let sol = solve(&lp, LpSolver::Clarabel, true, NAME)?;
    // The arrival rows are the last T rows.
    let first = lp.rows.len() - inst.arrivals();
    let beta: Vec<f64> = sol.duals[first..].iter().map(|d| d.max(0.0)).collect();
    let mut bound: f64 = beta.iter().sum();
    for (u, edges) in adjacency(inst).iter().enumerate() {
        let local: Vec<f64> = edges.iter().map(|&(t, _)| beta[t]).collect();
        bound += sclp_pricing(inst.weights()[u], edges, &local).0.max(0.0);
    }
    Ok(CertifiedSclp {
        value: sol.value,
        upper_bound: bound,
    })
}

/// The compact LP; its last `T` rows are the arrival rows.
fn compact_lp(inst: &Instance) -> Lp {
    let mut lp = Lp::default();
    let mut arrival_rows: Vec<(Vec<(usize, f64)>, f64)> = vec![(Vec::new(), 1.0); inst.arrivals()];
    for (u, edges) in adjacency(inst).iter().enumerate() {
        let w = inst.weights()[u];
        let mut prev: Option<(usize, Option<usize>, f64)> = None; // (y, z, p) of the last edge
        for &(t, p) in edges {
            let y = lp.objective.len();
            lp.objective.push(w * p);
            arrival_rows[t].0.push((y, 1.0));
            let z = prev.map(|(py, pz, pp)| {
                let z = lp.objective.len();
                lp.objective.push(0.0);
                // z ≥ z_prev + p_prev · y_prev, as z_prev + p_prev y_prev − z ≤ 0.
                let mut row = vec![(py, pp), (z, -1.0)];
                if let Some(pz) = pz {
                    row.push((pz, 1.0));
                }
                lp.rows.push((row, 0.0));
                z
            });
            let mut row = vec![(y, 1.0)];
            if let Some(z) = z {
                row.push((z, 1.0));
            }
            lp.rows.push((row, 1.0));
            prev = Some((y, z, p));
        }
    }
    lp.rows.extend(arrival_rows);
    lp
}
