//! B2, the configuration LP (Huang–Zhang, STOC'20; objective coefficient `min(Σ p, 1)`, as in the paper):
//! `max Σ w_u min(Σ_{v∈S} p_uv, 1) x_{u,S}` s.t. `Σ_S x_{u,S} ≤ 1`, `Σ_{u,S∋v} x_{u,S} ≤ 1`.
//!
//! B2 ≤ budgeted LP always, but B2 is **not** an upper bound on the adaptive optimum when
//! probabilities are large (the three-arrival instance of `tests/common/mod.rs`, with
//! p = 0.263, 0.714/0.217/0.907 and 0.791, has adaptive optimum 1.910241 > B2 = 1.791: the
//! configuration LP caps each vertex's value at `min(Σp, 1)` but lets one arrival serve
//! several configurations in full). Report ratios against it only for vanishing `p`, labelled
//! "vs configuration LP".
//!
//! Exact pricing maximises `w min(P(S), 1) − β(S)`: the better of a 0/1 knapsack (`P(S) ≤ 1`,
//! profits `w p − β`, weights `p`, capacity 1) and a min-cost cover (`P(S) ≥ 1`, solved as
//! the complementary knapsack of capacity `P(N) − 1`), both by depth-first branch and bound
//! with Dantzig's fractional bound (exact; exponential only in adversarial cases).

use super::LpSolver;
use super::columns::{CgBackend, CgResult, Configurations, Edges, column_generation, enumerated};
use crate::{Error, Instance};

pub(crate) struct ConfigLp;

const SLACK: f64 = 1e-12;

impl Configurations for ConfigLp {
    const NAME: &'static str = "configuration LP";

    fn value(w: f64, edges: &Edges, s: &[usize]) -> f64 {
        w * s.iter().map(|&i| edges[i].1).sum::<f64>().min(1.0)
    }

    fn coefficients(_edges: &Edges, s: &[usize]) -> Vec<f64> {
        vec![1.0; s.len()]
    }

    fn price(w: f64, edges: &Edges, beta: &[f64]) -> (f64, Vec<usize>) {
        let p: Vec<f64> = edges.iter().map(|e| e.1).collect();
        // Case P(S) ≤ 1.
        let profit: Vec<f64> = p.iter().zip(beta).map(|(p, b)| w * p - b).collect();
        let (_, mut best_s) = knapsack(&profit, &p, 1.0 + SLACK);
        let mut best =
            Self::value(w, edges, &best_s) - best_s.iter().map(|&i| beta[i]).sum::<f64>();
        // Case P(S) ≥ 1: drop a set T of largest β with P(T) ≤ P(N) − 1.
        let total: f64 = p.iter().sum();
        if total >= 1.0 - SLACK {
            let (_, dropped) = knapsack(beta, &p, (total - 1.0).max(0.0) + SLACK);
            let mut keep = vec![true; p.len()];
            for i in dropped {
                keep[i] = false;
            }
            let s: Vec<usize> = (0..p.len())
                .filter(|&i| keep[i] && beta[i] < f64::INFINITY)
                .collect();
            let v = Self::value(w, edges, &s) - s.iter().map(|&i| beta[i]).sum::<f64>();
            if v > best {
                best = v;
                best_s = s;
            }
        }
        (best, best_s)
    }
}

/// Exact 0/1 knapsack `max Σ profit x` s.t. `Σ weight x ≤ cap` (items with profit ≤ 0 or
/// weight > cap never enter): depth-first branch and bound. Returns (value, chosen items).
pub(crate) fn knapsack(profit: &[f64], weight: &[f64], cap: f64) -> (f64, Vec<usize>) {
    let mut items: Vec<usize> = (0..profit.len())
        .filter(|&i| profit[i] > 0.0 && weight[i] <= cap)
        .collect();
    items.sort_by(|&a, &b| (profit[b] / weight[b]).total_cmp(&(profit[a] / weight[a])));
    if let Some(&first) = items.first()
        && items.iter().all(|&i| weight[i] == weight[first])
    {
        // Equal weights (equal p): the best set is the largest profits that fit.
        let k = ((cap / weight[first]).floor() as usize).min(items.len());
        let mut k = k;
        while k > 0 && weight[first] * k as f64 > cap {
            k -= 1;
        }
        let chosen: Vec<usize> = items[..k].to_vec();
        return (chosen.iter().map(|&i| profit[i]).sum(), chosen);
    }
    let mut best = (0.0, Vec::new());
    let mut chosen = Vec::new();
    branch(&items, profit, weight, 0, cap, 0.0, &mut chosen, &mut best);
    best
}

#[allow(clippy::too_many_arguments)]
fn branch(
    items: &[usize],
    profit: &[f64],
    weight: &[f64],
    k: usize,
    room: f64,
    value: f64,
    chosen: &mut Vec<usize>,
    best: &mut (f64, Vec<usize>),
) {
    if value > best.0 {
        *best = (value, chosen.clone());
    }
    if k == items.len() {
        return;
    }
    // Dantzig bound: fill greedily by ratio, the last item fractionally.
    let (mut bound, mut r) = (value, room);
    for &i in &items[k..] {
        if weight[i] <= r {
            r -= weight[i];
            bound += profit[i];
        } else {
            bound += profit[i] * r / weight[i];
            break;
        }
    }
    if bound <= best.0 + 1e-15 {
        return;
    }
    let i = items[k];
    if weight[i] <= room {
        chosen.push(i);
        branch(
            items,
            profit,
            weight,
            k + 1,
            room - weight[i],
            value + profit[i],
            chosen,
            best,
        );
        chosen.pop();
    }
    branch(items, profit, weight, k + 1, room, value, chosen, best);
}

/// The configuration LP by column generation with exact (branch-and-bound) pricing, on
/// Clarabel (the dual simplex backend needs many more columns here: its exact duals sit on
/// a degenerate face).
///
/// ```
/// use stochastic_matching::{Instance, config_lp_column_generation};
/// // One offline vertex, three arrivals with p = 1/2: min(1, 3/2) = 1.
/// let inst = Instance::unweighted(1, vec![vec![(0, 0.5)]; 3])?;
/// assert!((config_lp_column_generation(&inst)?.value - 1.0).abs() < 1e-7);
/// # Ok::<(), stochastic_matching::Error>(())
/// ```
///
/// # Errors
/// [`Error::Solver`]. No edges: 0, no solver call.
pub fn config_lp_column_generation(inst: &Instance) -> Result<CgResult, Error> {
    config_lp_column_generation_with(inst, CgBackend::ClarabelPrimal)
}

/// Column generation on a chosen [`CgBackend`] (the two are cross-checked in the tests).
///
/// # Errors
/// As [`config_lp_column_generation`].
pub fn config_lp_column_generation_with(
    inst: &Instance,
    backend: CgBackend,
) -> Result<CgResult, Error> {
    column_generation::<ConfigLp>(inst, 1e-9, backend)
}

/// The configuration LP over all columns (the oracle).
///
/// # Errors
/// [`Error::DegreeAboveCap`] above `cap`; [`Error::Solver`].
pub fn config_lp_enumerated(inst: &Instance, cap: usize, solver: LpSolver) -> Result<f64, Error> {
    enumerated::<ConfigLp>(inst, cap, solver)
}
