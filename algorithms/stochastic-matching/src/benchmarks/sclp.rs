//! B3, the stochastic configuration LP: **our reconstruction from the abstract** of Huang et
//! al., arXiv 2309.10289 (the full text was not available to us), a configuration LP whose
//! column `(u, S)` says "the attempts on `u`, had they all failed, are `S`":
//! `max Σ w_u (1 − Π_{v∈S}(1−p_uv)) x_{u,S}` s.t. `Σ_S x_{u,S} ≤ 1` per `u`,
//! `Σ_{u,S∋v} x_{u,S} Π_{v'∈S, v'<v}(1−p_uv') ≤ 1` per arrival `v`.
//!
//! An upper bound on the adaptive offline optimum for every `p` (take `x_{u,S}` = the
//! probability that a policy's attempts on `u`, had they all failed, are `S`). Pricing is
//! O(deg u): the reduced cost is linear in the running survival probability.

use super::LpSolver;
use super::columns::{
    CgBackend, CgResult, Configurations, ENUMERATION_CAP, Edges, column_generation, enumerated,
};
use crate::{Error, Instance};

pub(crate) struct Sclp;

impl Configurations for Sclp {
    const NAME: &'static str = "stochastic configuration LP";

    fn value(w: f64, edges: &Edges, s: &[usize]) -> f64 {
        w * (1.0 - s.iter().map(|&i| 1.0 - edges[i].1).product::<f64>())
    }

    fn coefficients(edges: &Edges, s: &[usize]) -> Vec<f64> {
        let mut q = 1.0;
        s.iter()
            .map(|&i| {
                let c = q;
                q *= 1.0 - edges[i].1;
                c
            })
            .collect()
    }

    fn price(w: f64, edges: &Edges, beta: &[f64]) -> (f64, Vec<usize>) {
        sclp_pricing(w, edges, beta)
    }
}

/// The O(deg) pricing recursion: scanning `u`'s edges in reverse arrival order with
/// `h ← min(h, β_v + (1−p)h)` from `h = w`, the best value is `w − h` and the best set is
/// `{v : β_v < p_v · h_after(v)}`. Returns (best `value − Σ coef·β`, positions of `S`).
pub(crate) fn sclp_pricing(w: f64, edges: &Edges, beta: &[f64]) -> (f64, Vec<usize>) {
    let mut h = w;
    let mut take = vec![false; edges.len()];
    for i in (0..edges.len()).rev() {
        let p = edges[i].1;
        if beta[i] < p * h {
            take[i] = true;
            h = beta[i] + (1.0 - p) * h;
        }
    }
    let s: Vec<usize> = (0..edges.len()).filter(|&i| take[i]).collect();
    (w - h, s)
}

/// The stochastic configuration LP by column generation with the O(deg) pricing recursion,
/// on the warm-started dual simplex backend ([`CgBackend::MicrolpDual`]; about 10–20× faster
/// than re-solving the primal with Clarabel each round).
///
/// ```
/// use stochastic_matching::{Instance, sclp_column_generation};
/// // One offline vertex, three arrivals with p = 1/2: 1 − (1/2)^3.
/// let inst = Instance::unweighted(1, vec![vec![(0, 0.5)]; 3])?;
/// let r = sclp_column_generation(&inst)?;
/// assert!((r.value - 0.875).abs() < 1e-7);
/// # Ok::<(), stochastic_matching::Error>(())
/// ```
///
/// # Errors
/// [`Error::Solver`] when Clarabel does not report an optimum. No edges: 0, no solver call.
pub fn sclp_column_generation(inst: &Instance) -> Result<CgResult, Error> {
    sclp_column_generation_with(inst, CgBackend::MicrolpDual)
}

/// Column generation on a chosen [`CgBackend`] (the two are cross-checked in the tests).
///
/// # Errors
/// As [`sclp_column_generation`].
pub fn sclp_column_generation_with(inst: &Instance, backend: CgBackend) -> Result<CgResult, Error> {
    column_generation::<Sclp>(inst, 1e-9, backend)
}

/// The stochastic configuration LP over all `2^deg` columns per offline vertex (the oracle).
///
/// # Errors
/// [`Error::DegreeAboveCap`] above `cap` (use [`ENUMERATION_CAP`] by default);
/// [`Error::Solver`].
pub fn sclp_enumerated(inst: &Instance, cap: usize, solver: LpSolver) -> Result<f64, Error> {
    let _ = ENUMERATION_CAP;
    enumerated::<Sclp>(inst, cap, solver)
}
