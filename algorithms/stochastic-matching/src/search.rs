//! Worst-instance search: local search over edge sets, probabilities and arrival order,
//! minimising an algorithm's exact expectation divided by a chosen benchmark. Every
//! candidate is evaluated exactly (exact recursion for the algorithm, exact DP or LP for the
//! benchmark), so the ratio found is not a Monte Carlo artefact.

use rand_core::SeedableRng;
use rand_pcg::Pcg64;

use crate::algorithms::ranking_below as below;
use crate::benchmarks::{LpSolver, adaptive::adaptive_optimum, budgeted_lp::budgeted_lp};
use crate::generators::{Probabilities, random_bipartite};
use crate::simulate::unit;
use crate::{Algorithm, Error, Instance, TieBreak, exact_expectation, sclp_column_generation};

/// The benchmark a search compares against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Benchmark {
    /// The adaptive offline optimum (exact DP).
    Adaptive,
    /// The stochastic configuration LP (column generation).
    Sclp,
    /// The budgeted LP.
    Budgeted,
}

impl Benchmark {
    /// A short name.
    pub fn name(&self) -> &'static str {
        match self {
            Benchmark::Adaptive => "adaptive",
            Benchmark::Sclp => "sclp",
            Benchmark::Budgeted => "budgeted-lp",
        }
    }

    /// The benchmark's value on `inst`.
    ///
    /// # Errors
    /// Those of the underlying solver.
    pub fn value(&self, inst: &Instance) -> Result<f64, Error> {
        match self {
            Benchmark::Adaptive => adaptive_optimum(inst, crate::DP_CAP),
            Benchmark::Sclp => Ok(sclp_column_generation(inst)?.value),
            Benchmark::Budgeted => budgeted_lp(inst, LpSolver::Microlp),
        }
    }
}

/// What to search.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SearchConfig {
    /// Offline vertices.
    pub n: usize,
    /// Arrivals.
    pub arrivals: usize,
    /// The algorithm (evaluated exactly: Greedy, Balance or Ranking).
    pub algorithm: Algorithm,
    /// Its tie-break (deterministic).
    pub tie: TieBreak,
    /// The benchmark.
    pub benchmark: Benchmark,
    /// Local-search steps.
    pub iterations: usize,
    /// The seed of the start instance and the moves.
    pub seed: u64,
}

/// The worst instance found.
#[derive(Debug, Clone, PartialEq)]
pub struct Worst {
    /// The instance ([`Instance::to_json`] saves it).
    pub instance: Instance,
    /// Algorithm / benchmark.
    pub ratio: f64,
    /// The algorithm's exact expectation.
    pub algorithm_value: f64,
    /// The benchmark's value.
    pub benchmark_value: f64,
    /// Candidates evaluated.
    pub evaluations: usize,
}

fn evaluate(cfg: &SearchConfig, inst: &Instance) -> Result<(f64, f64, f64), Error> {
    let b = cfg.benchmark.value(inst)?;
    if b <= 1e-12 {
        return Ok((1.0, 0.0, b));
    }
    let a = exact_expectation(inst, cfg.algorithm, cfg.tie)?;
    Ok((a / b, a, b))
}

fn lists(inst: &Instance) -> Vec<Vec<(u32, f64)>> {
    (0..inst.arrivals())
        .map(|t| inst.neighbours(t).iter().map(|e| (e.u, e.p)).collect())
        .collect()
}

fn mutate(inst: &Instance, rng: &mut Pcg64) -> Result<Instance, Error> {
    let mut online = lists(inst);
    let (n, t) = (inst.n(), inst.arrivals());
    match below(rng, 3) {
        0 => {
            let v = below(rng, t as u64) as usize;
            let u = below(rng, n as u64) as u32;
            if let Some(i) = online[v].iter().position(|e| e.0 == u) {
                online[v].remove(i);
            } else {
                online[v].push((u, 0.02 + 0.98 * unit(rng)));
            }
        }
        1 => {
            let v = below(rng, t as u64) as usize;
            if !online[v].is_empty() {
                let i = below(rng, online[v].len() as u64) as usize;
                let f = (0.6 * (2.0 * unit(rng) - 1.0)).exp();
                online[v][i].1 = (online[v][i].1 * f).clamp(1e-3, 1.0);
            }
        }
        _ => {
            let a = below(rng, t as u64) as usize;
            let b = below(rng, t as u64) as usize;
            online.swap(a, b);
        }
    }
    Instance::new(inst.weights().to_vec(), online)
}

/// Local search (accepting sideways moves) from a random instance, returning the lowest
/// ratio seen. O(iterations · cost of one exact evaluation).
///
/// ```
/// use stochastic_matching::{Algorithm, TieBreak};
/// use stochastic_matching::search::{Benchmark, SearchConfig, worst_instance};
/// let cfg = SearchConfig { n: 2, arrivals: 3, algorithm: Algorithm::Greedy,
///     tie: TieBreak::LowestIndex, benchmark: Benchmark::Adaptive, iterations: 50, seed: 1 };
/// let w = worst_instance(&cfg)?;
/// assert!(w.ratio <= 1.0 + 1e-12 && w.ratio >= 0.5 - 1e-12);
/// # Ok::<(), stochastic_matching::Error>(())
/// ```
///
/// # Errors
/// [`Error::InvalidParameter`] for `n` or `arrivals` of 0; those of the evaluations.
pub fn worst_instance(cfg: &SearchConfig) -> Result<Worst, Error> {
    if cfg.n == 0 || cfg.arrivals == 0 {
        return Err(Error::InvalidParameter {
            name: "n/arrivals",
            reason: "must be at least 1".into(),
        });
    }
    let mut rng = Pcg64::seed_from_u64(cfg.seed);
    let mut cur = random_bipartite(
        cfg.n,
        cfg.arrivals,
        0.6,
        Probabilities::Uniform(0.05, 1.0),
        None,
        cfg.seed,
    )?;
    let (mut cur_r, a, b) = evaluate(cfg, &cur)?;
    let mut best = Worst {
        instance: cur.clone(),
        ratio: cur_r,
        algorithm_value: a,
        benchmark_value: b,
        evaluations: 1,
    };
    for _ in 0..cfg.iterations {
        let cand = mutate(&cur, &mut rng)?;
        let (r, a, b) = evaluate(cfg, &cand)?;
        best.evaluations += 1;
        if r <= cur_r + 1e-12 {
            cur = cand;
            cur_r = r;
            if r < best.ratio {
                best.instance = cur.clone();
                best.ratio = r;
                best.algorithm_value = a;
                best.benchmark_value = b;
            }
        }
    }
    Ok(best)
}
