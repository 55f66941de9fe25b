//! Worst-instance search inside the theorems' own regime (vanishing p): instances built from
//! a few online *types*, each repeated `m` times with `p = c/m` (`c ∈ (0, 1]`, or `c = 1`
//! for equal p), so `max p ≤ 1/m`. The algorithm is simulated with common random numbers
//! (its exact recursion does not reach T in the hundreds), the benchmark is an exact LP or
//! the clairvoyant optimum's exact DP.
//!
//! The ratio that a search minimises is biased low (the minimum of noisy estimates), so the
//! worst instance is re-estimated with fresh random numbers and more replications; that
//! estimate and its 95 % half-width are what [`RegimeWorst`] reports. [`below_floor`] says
//! whether it contradicts a proven floor once the finite-p slack is allowed.

use rand_core::SeedableRng;
use rand_pcg::Pcg64;

use crate::algorithms::ranking_below as below;
use crate::benchmarks::{
    LpSolver, adaptive::adaptive_optimum, budgeted_lp::budgeted_lp, sclp_compact::sclp_compact,
};
use crate::simulate::unit;
use crate::{Algorithm, Error, Instance, TieBreak, simulate};

/// The exact LP a regime search compares against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegimeBenchmark {
    /// The budgeted LP.
    Budgeted,
    /// The stochastic configuration LP (our reconstruction), compact form.
    Sclp,
    /// The clairvoyant (adaptive) optimum, exact DP (`n ≤` [`crate::DP_CAP`]).
    Adaptive,
}

/// What to search.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RegimeSearch {
    /// Offline vertices.
    pub n: usize,
    /// Online types.
    pub types: usize,
    /// Copies per type (`p ≤ 1/m`).
    pub m: usize,
    /// Every edge has `p = 1/m` (otherwise `p = c/m`, `c ∈ [0.25, 1]` per type and vertex).
    pub equal_p: bool,
    /// The algorithm, simulated.
    pub algorithm: Algorithm,
    /// Its tie-break.
    pub tie: TieBreak,
    /// The benchmark.
    pub benchmark: RegimeBenchmark,
    /// Local-search steps.
    pub iterations: usize,
    /// Replications per candidate (common random numbers across candidates).
    pub replications: u64,
    /// The seed of the start instance, the moves and the simulations.
    pub seed: u64,
}

/// The worst instance found, re-estimated.
#[derive(Debug, Clone, PartialEq)]
pub struct RegimeWorst {
    /// The instance.
    pub instance: Instance,
    /// Algorithm / benchmark, re-estimated with fresh random numbers (4× the replications).
    pub ratio: f64,
    /// The 95 % half-width of `ratio`.
    pub half_width: f64,
    /// The (biased) ratio the search saw.
    pub search_ratio: f64,
    /// The benchmark's value.
    pub benchmark_value: f64,
    /// The largest p of the instance.
    pub max_p: f64,
    /// Whether every edge has the same p.
    pub equal_p: bool,
    /// Candidates evaluated.
    pub evaluations: usize,
}

/// Whether a measured ratio contradicts a proven floor: its 95 % interval lies below the
/// floor less the finite-p slack `√max_p` (the order of Goyal–Udwani's `(1 − η√p)`).
pub fn below_floor(ratio: f64, half_width: f64, floor: f64, max_p: f64) -> bool {
    ratio + half_width < floor - max_p.sqrt()
}

/// Types as (offline vertex, c) lists.
type Types = Vec<Vec<(u32, f64)>>;

fn build(cfg: &RegimeSearch, types: &Types) -> Result<Instance, Error> {
    let m = cfg.m as f64;
    let online = types
        .iter()
        .flat_map(|ty| {
            let list: Vec<(u32, f64)> = ty.iter().map(|&(u, c)| (u, c / m)).collect();
            std::iter::repeat_n(list, cfg.m)
        })
        .collect();
    Instance::unweighted(cfg.n, online)
}

fn mass(cfg: &RegimeSearch, rng: &mut Pcg64) -> f64 {
    if cfg.equal_p {
        1.0
    } else {
        0.25 + 0.75 * unit(rng)
    }
}

fn mutate(cfg: &RegimeSearch, types: &Types, rng: &mut Pcg64) -> Types {
    let mut out = types.clone();
    let j = below(rng, cfg.types as u64) as usize;
    match below(rng, if cfg.equal_p { 2 } else { 3 }) {
        0 => {
            let u = below(rng, cfg.n as u64) as u32;
            match out[j].iter().position(|e| e.0 == u) {
                Some(i) => {
                    out[j].remove(i);
                }
                None => {
                    let c = mass(cfg, rng);
                    out[j].push((u, c));
                    out[j].sort_by_key(|e| e.0);
                }
            }
        }
        1 => {
            let k = below(rng, cfg.types as u64) as usize;
            out.swap(j, k);
        }
        _ => {
            if !out[j].is_empty() {
                let i = below(rng, out[j].len() as u64) as usize;
                out[j][i].1 = mass(cfg, rng);
            }
        }
    }
    out
}

fn benchmark(cfg: &RegimeSearch, inst: &Instance) -> Result<f64, Error> {
    match cfg.benchmark {
        RegimeBenchmark::Budgeted => budgeted_lp(inst, LpSolver::Microlp),
        RegimeBenchmark::Sclp => sclp_compact(inst, LpSolver::Clarabel),
        RegimeBenchmark::Adaptive => adaptive_optimum(inst, crate::DP_CAP),
    }
}

fn ratio(
    cfg: &RegimeSearch,
    inst: &Instance,
    reps: u64,
    seed: u64,
) -> Result<(f64, f64, f64), Error> {
    let b = benchmark(cfg, inst)?;
    if b <= 1e-12 {
        return Ok((1.0, 0.0, b));
    }
    let e = &simulate(inst, &[cfg.algorithm], cfg.tie, reps, seed)?[0];
    Ok((e.mean / b, e.ci95() / b, b))
}

/// Local search (accepting sideways moves) over the types, from random types; returns the
/// worst instance re-estimated. O(iterations · (LP + replications · |E|)).
///
/// ```
/// use stochastic_matching::{Algorithm, LoadFunction, TieBreak};
/// use stochastic_matching::search_regime::*;
/// let cfg = RegimeSearch { n: 3, types: 3, m: 20, equal_p: true,
///     algorithm: Algorithm::Balance(LoadFunction::Exp), tie: TieBreak::HighestIndex,
///     benchmark: RegimeBenchmark::Budgeted, iterations: 10, replications: 200, seed: 1 };
/// let w = worst_in_regime(&cfg)?;
/// assert!(w.max_p <= 0.05 && w.equal_p);
/// assert!(!below_floor(w.ratio, w.half_width, 0.567, w.max_p));
/// # Ok::<(), stochastic_matching::Error>(())
/// ```
///
/// # Errors
/// [`Error::InvalidParameter`] for `n`, `types` or `m` of 0 or replications below 2; those of
/// the LP and the simulation.
pub fn worst_in_regime(cfg: &RegimeSearch) -> Result<RegimeWorst, Error> {
    if cfg.n == 0 || cfg.types == 0 || cfg.m == 0 || cfg.replications < 2 {
        return Err(Error::InvalidParameter {
            name: "n/types/m/replications",
            reason: "n, types and m must be at least 1, replications at least 2".into(),
        });
    }
    let mut rng = Pcg64::seed_from_u64(cfg.seed);
    let mut types: Types = vec![Vec::new(); cfg.types];
    for ty in &mut types {
        for u in 0..cfg.n as u32 {
            if unit(&mut rng) < 0.6 {
                ty.push((u, mass(cfg, &mut rng)));
            }
        }
    }
    let sim_seed = cfg.seed ^ 0x9e37_79b9;
    let (mut cur, _, _) = ratio(cfg, &build(cfg, &types)?, cfg.replications, sim_seed)?;
    let (mut best, mut best_types, mut evaluations) = (cur, types.clone(), 1);
    for _ in 0..cfg.iterations {
        let cand = mutate(cfg, &types, &mut rng);
        let (r, _, _) = ratio(cfg, &build(cfg, &cand)?, cfg.replications, sim_seed)?;
        evaluations += 1;
        if r <= cur + 1e-12 {
            types = cand;
            cur = r;
            if r < best {
                best = r;
                best_types = types.clone();
            }
        }
    }
    let instance = build(cfg, &best_types)?;
    let (r, half, b) = ratio(cfg, &instance, 4 * cfg.replications, !cfg.seed)?;
    let edges = instance.all_edges();
    Ok(RegimeWorst {
        ratio: r,
        half_width: half,
        search_ratio: best,
        benchmark_value: b,
        max_p: instance.max_probability(),
        equal_p: edges.windows(2).all(|w| w[0].p == w[1].p),
        evaluations,
        instance,
    })
}
