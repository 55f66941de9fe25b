//! The stochastic-matching family (`algobench-stochastic-matching`): simulation throughput
//! and accuracy against exact expectations, the LP benchmarks and offline optima against
//! closed forms, the independent oracles of `stochastic_matching::oracles` and offline HiGHS
//! solves, empirical competitive ratios with
//! confidence intervals, and the worst-instance search.

pub mod case;
mod checks;
pub mod claims;
pub mod cli;
pub mod report;

use stochastic_matching::generators::{self, Probabilities};
use stochastic_matching::{Instance, TieBreak};

use self::case::MatchingCase;
use crate::definitions::{Bench, DefinitionFile, Params, param_f64, param_u64};
use crate::family::{Case, Context, DatasetInfo, Family, PrepareError};
use crate::raw::Row;

/// The stochastic-matching family adapter.
pub struct Matching;

fn size(params: &Params, key: &str) -> Result<usize, PrepareError> {
    param_u64(params, key)
        .map(|v| v as usize)
        .map_err(PrepareError::invalid)
}

/// Builds the named instance and a name that says how it was made.
pub fn instance(dataset: &str, params: &Params) -> Result<(Instance, String), PrepareError> {
    let e = |e: stochastic_matching::Error| PrepareError::invalid(e);
    Ok(match dataset {
        "upper-triangular" => {
            let (n, m) = (size(params, "n")?, size(params, "m")?);
            (
                generators::upper_triangular(n, m).map_err(e)?,
                format!("upper-triangular(n={n}, m={m})"),
            )
        }
        "z-graph" => {
            let (k, n, m) = (size(params, "k")?, size(params, "n")?, size(params, "m")?);
            (
                generators::z_graph(k, n, m).map_err(e)?,
                format!(
                    "Mehta–Panigrahi z-graph |U₁| = {k}, |U₂| = {n} (α = {:.3}), m = {m}",
                    k as f64 / n as f64
                ),
            )
        }
        "learned" => {
            let (big, m) = (size(params, "M")?, size(params, "m")?);
            (
                generators::learned(big, m).map_err(e)?,
                format!("ICML'24 learned pattern M={big}, m={m}"),
            )
        }
        "single-vertex" => {
            let t = size(params, "t")?;
            let p = param_f64(params, "p", 0.5).map_err(PrepareError::invalid)?;
            (
                generators::single_vertex(t, p).map_err(e)?,
                format!("single offline vertex, T={t}, p={p}"),
            )
        }
        "counterexample" => (
            Instance::unweighted(
                3,
                vec![
                    vec![(2, 0.263)],
                    vec![(0, 0.714), (1, 0.217), (2, 0.907)],
                    vec![(1, 0.791)],
                ],
            )
            .map_err(e)?,
            "configuration-LP counterexample (the configuration LP of Huang–Zhang STOC'20 falls below the adaptive optimum)".into(),
        ),
        "random-arrivals" => {
            let (n, t, d) = (
                size(params, "n")?,
                size(params, "t")?,
                size(params, "degree")?,
            );
            let seed = param_u64(params, "seed").map_err(PrepareError::invalid)?;
            let lo = param_f64(params, "p_lo", 1.0).map_err(PrepareError::invalid)?;
            let hi = param_f64(params, "p_hi", 1.0).map_err(PrepareError::invalid)?;
            let probs = if lo == hi {
                Probabilities::Equal(lo)
            } else {
                Probabilities::Uniform(lo, hi)
            };
            (
                generators::random_regular_arrivals(n, t, d, probs, seed).map_err(e)?,
                format!("random arrivals n={n}, T={t}, degree {d}, p∈[{lo},{hi}], seed {seed}"),
            )
        }
        "random-weighted" => {
            let (n, t) = (size(params, "n")?, size(params, "t")?);
            let seed = param_u64(params, "seed").map_err(PrepareError::invalid)?;
            let density = param_f64(params, "density", 0.3).map_err(PrepareError::invalid)?;
            let lo = param_f64(params, "p_lo", 0.005).map_err(PrepareError::invalid)?;
            let hi = param_f64(params, "p_hi", 0.02).map_err(PrepareError::invalid)?;
            (
                generators::random_bipartite(
                    n,
                    t,
                    density,
                    Probabilities::Uniform(lo, hi),
                    Some((0.5, 3.0)),
                    seed,
                )
                .map_err(e)?,
                format!(
                    "random vertex-weighted n={n}, T={t}, density {density}, p∈[{lo},{hi}], w∈[0.5,3], seed {seed}"
                ),
            )
        }
        "random-decomposable" => {
            let (n, t) = (size(params, "n")?, size(params, "t")?);
            let seed = param_u64(params, "seed").map_err(PrepareError::invalid)?;
            (
                generators::random_bipartite(
                    n,
                    t,
                    0.5,
                    Probabilities::Decomposable(0.05, 0.5),
                    None,
                    seed,
                )
                .map_err(e)?,
                format!(
                    "random decomposable n={n}, T={t}, density 0.5, p_u,p_v∈[0.05,0.5], seed {seed}"
                ),
            )
        }
        "search" => (
            Instance::unweighted(0, Vec::new()).map_err(e)?,
            "local search".into(),
        ),
        other => return Err(PrepareError::invalid(format!("unknown dataset `{other}`"))),
    })
}

/// The tie-break named by `tie` (`highest` by default, the adversarial one).
pub fn tie_break(params: &Params) -> Result<TieBreak, PrepareError> {
    match params
        .get("tie")
        .and_then(|v| v.as_str())
        .unwrap_or("highest")
    {
        "highest" => Ok(TieBreak::HighestIndex),
        "lowest" => Ok(TieBreak::LowestIndex),
        other => Err(PrepareError::invalid(format!(
            "unknown tie-break `{other}`"
        ))),
    }
}

impl Family for Matching {
    fn name(&self) -> &'static str {
        "stochastic-matching"
    }

    fn oracle(&self) -> &'static str {
        "oracle"
    }

    fn implementations(&self) -> Vec<&'static str> {
        case::IMPLEMENTATIONS.to_vec()
    }

    fn commands(&self) -> Vec<(&'static str, &'static str)> {
        vec![(
            "matching",
            "--instance FILE.json [--algorithm NAME] [--replications N] [--seed S] [--tie lowest|highest] [--benchmarks LIST]\n\
             \x20                                each algorithm's value (Monte Carlo with 95% CI, exact when\n\
             \x20                                small) and the benchmarks that fit the instance's size (limits: --help)",
        )]
    }

    fn prepare(
        &self,
        bench: &Bench,
        params: &Params,
        _context: &Context,
    ) -> Result<Box<dyn Case>, PrepareError> {
        let (inst, name) = instance(&bench.dataset, params)?;
        let sha256 = datasets::digest::sha256_hex(inst.to_json().as_bytes());
        MatchingCase::new(inst, params, DatasetInfo { name, sha256 })
            .map(|c| Box::new(c) as Box<dyn Case>)
    }

    fn claims(
        &self,
        _definitions: &DefinitionFile,
        rows: &[Row],
    ) -> Vec<crate::report::claims::Claim> {
        claims::claims(rows)
    }

    fn report_extras(
        &self,
        _definitions: &DefinitionFile,
        rows: &[Row],
        reports: &std::path::Path,
    ) -> String {
        report::sections(rows, reports)
    }

    fn run_cli(&self, _command: &str, args: &[String]) -> Result<(), String> {
        cli::run(args)
    }
}
