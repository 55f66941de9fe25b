//! Configuration-style LPs over columns `(u, S)`, `S ⊆ N(u)`: column generation with an exact
//! pricing oracle (the restricted master solved by Clarabel, whose duals drive pricing), and
//! full enumeration up to a degree cap (the oracle, solved by either solver).
//!
//! Master: `max Σ value(u,S) x_{u,S}` s.t. `Σ_S x_{u,S} ≤ 1` per `u` and
//! `Σ_{u,S∋v} coef(u,S,v) x_{u,S} ≤ 1` per arrival `v`.

use std::collections::HashSet;
use std::time::Instant;

use super::{Lp, LpSolver, solve};
use crate::{Error, Instance};

/// The default degree cap of the enumeration oracle (2^16 configurations per vertex).
pub const ENUMERATION_CAP: usize = 16;

/// One offline vertex's edges in arrival order: `(arrival, p)`.
pub(crate) type Edges = [(usize, f64)];

/// A configuration LP family: the value and row coefficients of a column, and exact pricing.
pub(crate) trait Configurations {
    /// The LP's name, for errors.
    const NAME: &'static str;
    /// `value(u, S)` for `S` given as positions into `edges`.
    fn value(w: f64, edges: &Edges, s: &[usize]) -> f64;
    /// The coefficient of each member of `S` on its arrival row, in the order of `s`.
    fn coefficients(edges: &Edges, s: &[usize]) -> Vec<f64>;
    /// The best column for `u` given arrival duals `beta`: (value − Σ coef·β, S).
    fn price(w: f64, edges: &Edges, beta: &[f64]) -> (f64, Vec<usize>);
}

/// What column generation did.
#[derive(Debug, Clone, PartialEq)]
pub struct CgResult {
    /// The LP optimum (the final restricted master's value).
    pub value: f64,
    /// The Lagrangian upper bound at the last round, `Σα + Σβ + Σ_u max(0, reduced cost)`,
    /// which certifies `value` up to the solver's accuracy.
    pub upper_bound: f64,
    /// Master solves.
    pub rounds: usize,
    /// Columns generated.
    pub columns: usize,
    /// Seconds spent in the LP solver.
    pub lp_seconds: f64,
    /// Seconds spent pricing.
    pub pricing_seconds: f64,
}

struct Column {
    u: usize,
    value: f64,
    entries: Vec<(usize, f64)>,
}

fn master(inst: &Instance, cols: &[Column]) -> Lp {
    let (n, t) = (inst.n(), inst.arrivals());
    let mut rows: Vec<(Vec<(usize, f64)>, f64)> = vec![(Vec::new(), 1.0); n + t];
    for (j, c) in cols.iter().enumerate() {
        rows[c.u].0.push((j, 1.0));
        for &(v, a) in &c.entries {
            rows[n + v].0.push((j, a));
        }
    }
    Lp {
        objective: cols.iter().map(|c| c.value).collect(),
        rows,
    }
}

fn column<C: Configurations>(u: usize, w: f64, edges: &Edges, s: &[usize]) -> Column {
    let coefs = C::coefficients(edges, s);
    Column {
        u,
        value: C::value(w, edges, s),
        entries: s.iter().zip(coefs).map(|(&i, a)| (edges[i].0, a)).collect(),
    }
}

pub(crate) fn adjacency(inst: &Instance) -> Vec<Vec<(usize, f64)>> {
    let all = inst.all_edges();
    inst.offline_adjacency()
        .into_iter()
        .map(|l| l.into_iter().map(|(t, e)| (t, all[e].p)).collect())
        .collect()
}

/// How column generation solves its restricted LPs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CgBackend {
    /// The primal restricted master, re-solved from scratch each round by Clarabel through
    /// good_lp; its duals (shadow prices) drive pricing.
    ClarabelPrimal,
    /// Row generation on the dual LP `min Σα + Σβ` s.t. `α_u + Σ coef·β_v ≥ value(u,S)`,
    /// with the `microlp` crate directly: each new row is added to the previous simplex
    /// solution and re-optimised by dual simplex (warm start). The simplex values of α, β
    /// are what pricing needs; the LP value follows by strong duality.
    MicrolpDual,
}

impl CgBackend {
    /// A short name.
    pub fn name(&self) -> &'static str {
        match self {
            CgBackend::ClarabelPrimal => "clarabel-primal",
            CgBackend::MicrolpDual => "microlp-dual",
        }
    }
}

fn empty_result() -> CgResult {
    CgResult {
        value: 0.0,
        upper_bound: 0.0,
        rounds: 0,
        columns: 0,
        lp_seconds: 0.0,
        pricing_seconds: 0.0,
    }
}

/// Column generation with exact pricing on `backend`; columns with reduced cost above `tol`
/// enter.
pub(crate) fn column_generation<C: Configurations>(
    inst: &Instance,
    tol: f64,
    backend: CgBackend,
) -> Result<CgResult, Error> {
    match backend {
        CgBackend::ClarabelPrimal => primal::<C>(inst, tol),
        CgBackend::MicrolpDual => dual::<C>(inst, tol),
    }
}

fn microlp_error(lp: &'static str) -> impl Fn(microlp::Error) -> Error {
    move |e| Error::Solver {
        lp,
        status: e.to_string(),
    }
}

fn optimal(lp: &'static str, o: microlp::SolveOutcome) -> Result<microlp::Solution, Error> {
    if !o.is_optimal() {
        return Err(Error::Solver {
            lp,
            status: format!("{:?}", o.termination_reason()),
        });
    }
    o.into_solution().map_err(|i| Error::Solver {
        lp,
        status: format!("interrupted: {:?}", i.termination_reason()),
    })
}

fn dual<C: Configurations>(inst: &Instance, tol: f64) -> Result<CgResult, Error> {
    use microlp::{ComparisonOp, OptimizationDirection, Problem};
    let mut out = empty_result();
    if inst.is_trivial() {
        return Ok(out);
    }
    let (n, t, w) = (inst.n(), inst.arrivals(), inst.weights());
    let adj = adjacency(inst);
    let mut problem = Problem::new(OptimizationDirection::Minimize);
    let alpha_v: Vec<_> = (0..n)
        .map(|_| problem.add_var(1.0, (0.0, f64::INFINITY)))
        .collect();
    let beta_v: Vec<_> = (0..t)
        .map(|_| problem.add_var(1.0, (0.0, f64::INFINITY)))
        .collect();
    let start = Instant::now();
    let mut sol = optimal(C::NAME, problem.solve().map_err(microlp_error(C::NAME))?)?;
    out.lp_seconds += start.elapsed().as_secs_f64();
    let mut seen: HashSet<(usize, Vec<usize>)> = HashSet::new();
    loop {
        out.rounds += 1;
        let alpha: Vec<f64> = alpha_v.iter().map(|&v| sol.var_value(v).max(0.0)).collect();
        let beta: Vec<f64> = beta_v.iter().map(|&v| sol.var_value(v).max(0.0)).collect();
        let start = Instant::now();
        let mut new = Vec::new();
        let mut bound = sol.objective();
        for u in 0..n {
            if adj[u].is_empty() {
                continue;
            }
            let local: Vec<f64> = adj[u].iter().map(|&(v, _)| beta[v]).collect();
            let (rc, s) = C::price(w[u], &adj[u], &local);
            let rc = rc - alpha[u];
            bound += rc.max(0.0);
            if rc > tol * w[u].max(1.0) && !s.is_empty() && seen.insert((u, s.clone())) {
                new.push(column::<C>(u, w[u], &adj[u], &s));
            }
        }
        out.pricing_seconds += start.elapsed().as_secs_f64();
        out.value = sol.objective();
        out.upper_bound = bound;
        if new.is_empty() {
            break;
        }
        let start = Instant::now();
        for c in new {
            let mut row: Vec<(microlp::Variable, f64)> = vec![(alpha_v[c.u], 1.0)];
            row.extend(c.entries.iter().map(|&(v, a)| (beta_v[v], a)));
            let o = sol
                .add_constraint(row, ComparisonOp::Ge, c.value)
                .map_err(microlp_error(C::NAME))?;
            sol = optimal(C::NAME, o)?;
            out.columns += 1;
        }
        out.lp_seconds += start.elapsed().as_secs_f64();
    }
    Ok(out)
}

fn primal<C: Configurations>(inst: &Instance, tol: f64) -> Result<CgResult, Error> {
    let mut out = empty_result();
    if inst.is_trivial() {
        return Ok(out);
    }
    let (n, w) = (inst.n(), inst.weights());
    let adj = adjacency(inst);
    let mut seen: HashSet<(usize, Vec<usize>)> = HashSet::new();
    let mut cols = Vec::new();
    let zero = vec![0.0; inst.arrivals()];
    for u in 0..n {
        let (_, s) = C::price(w[u], &adj[u], &zero);
        if !s.is_empty() && seen.insert((u, s.clone())) {
            cols.push(column::<C>(u, w[u], &adj[u], &s));
        }
    }
    loop {
        let start = Instant::now();
        let sol = solve(&master(inst, &cols), LpSolver::Clarabel, true, C::NAME)?;
        out.lp_seconds += start.elapsed().as_secs_f64();
        out.rounds += 1;
        let alpha: Vec<f64> = sol.duals[..n].iter().map(|d| d.abs()).collect();
        let beta: Vec<f64> = sol.duals[n..].iter().map(|d| d.abs()).collect();
        let start = Instant::now();
        let mut added = 0;
        let mut bound = alpha.iter().sum::<f64>() + beta.iter().sum::<f64>();
        for u in 0..n {
            if adj[u].is_empty() {
                continue;
            }
            let local: Vec<f64> = adj[u].iter().map(|&(t, _)| beta[t]).collect();
            let (rc, s) = C::price(w[u], &adj[u], &local);
            let rc = rc - alpha[u];
            bound += rc.max(0.0);
            if rc > tol * w[u].max(1.0) && !s.is_empty() && seen.insert((u, s.clone())) {
                cols.push(column::<C>(u, w[u], &adj[u], &s));
                added += 1;
            }
        }
        out.pricing_seconds += start.elapsed().as_secs_f64();
        out.value = sol.value;
        out.upper_bound = bound;
        if added == 0 {
            break;
        }
    }
    out.columns = cols.len();
    Ok(out)
}

/// The LP over every column (the oracle), for degrees up to `cap`.
pub(crate) fn enumerated<C: Configurations>(
    inst: &Instance,
    cap: usize,
    solver: LpSolver,
) -> Result<f64, Error> {
    if inst.is_trivial() {
        return Ok(0.0);
    }
    let w = inst.weights();
    let adj = adjacency(inst);
    for (u, a) in adj.iter().enumerate() {
        if a.len() > cap {
            return Err(Error::DegreeAboveCap {
                offline: u,
                degree: a.len(),
                cap,
            });
        }
    }
    let mut cols = Vec::new();
    for (u, a) in adj.iter().enumerate() {
        for mask in 1u64..(1u64 << a.len()) {
            let s: Vec<usize> = (0..a.len()).filter(|i| mask >> i & 1 == 1).collect();
            cols.push(column::<C>(u, w[u], a, &s));
        }
    }
    Ok(solve(&master(inst, &cols), solver, false, C::NAME)?.value)
}
