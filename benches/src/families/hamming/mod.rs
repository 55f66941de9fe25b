//! The Hamming family: text-to-pattern Hamming distances (`algobench-hamming`).

pub mod case;
pub mod cli;
pub mod input;
pub mod outputs;
pub mod peers;

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::definitions::{Bench, DefinitionFile, Params, param_f64, param_u64};
use crate::family::{Case, Context, Family, PrepareError};
use crate::raw::Row;
use crate::report::format;

/// The Hamming family adapter.
pub struct Hamming;

impl Family for Hamming {
    fn name(&self) -> &'static str {
        "hamming"
    }

    fn oracle(&self) -> &'static str {
        case::ORACLE
    }

    fn implementations(&self) -> Vec<&'static str> {
        case::IMPLEMENTATIONS.to_vec()
    }

    fn prepare(
        &self,
        bench: &Bench,
        params: &Params,
        context: &Context,
    ) -> Result<Box<dyn Case>, PrepareError> {
        let (symbols, info) = input::build(&bench.dataset, params, context)?;
        let invalid = PrepareError::Invalid;
        let k = params
            .contains_key("k")
            .then(|| param_u64(params, "k").map(|k| k as usize))
            .transpose()
            .map_err(invalid)?;
        let approx = if params.contains_key("eps") {
            let eps = param_f64(params, "eps", 0.0).map_err(invalid)?;
            let delta = param_f64(params, "delta", 0.01).map_err(invalid)?;
            let seed = param_u64(params, "approx_seed").map_err(invalid)?;
            Some((eps, delta, seed))
        } else {
            None
        };
        let case = case::HammingCase::new(symbols, info, k, approx, context.workspace.clone())
            .map_err(invalid)?;
        Ok(Box::new(case))
    }

    fn environment(&self) -> BTreeMap<String, String> {
        let fft = if rustfft::FftPlannerAvx::<f64>::new().is_ok() {
            "avx"
        } else {
            "sse or scalar"
        };
        [("rustfft path".to_string(), fft.to_string())].into()
    }

    fn report_extras(&self, _definitions: &DefinitionFile, rows: &[Row]) -> String {
        planner_regret(rows)
    }

    fn run_cli(&self, args: &[String]) -> Result<(), String> {
        cli::run(args)
    }
}

/// The planner's regret: the time of `auto` against the best implementation of the crate
/// measured in the same run (peers excluded).
fn planner_regret(rows: &[Row]) -> String {
    let mut md = String::new();
    let autos: Vec<&Row> = rows
        .iter()
        .filter(|r| r.implementation == "auto" && r.ok())
        .collect();
    if autos.is_empty() {
        return md;
    }
    let _ = writeln!(md, "## Planner regret\n");
    let _ = writeln!(
        md,
        "`auto` is `hamming::hamming_all`, which lets the planner choose. Regret = its median over the best median of the crate's own algorithms in the same run (peers excluded); the target is at most 1.25×.\n"
    );
    let _ = writeln!(
        md,
        "| benchmark | planner chose | best algorithm | regret |\n|---|---|---|---|"
    );
    for a in autos {
        let best = rows
            .iter()
            .filter(|r| {
                r.benchmark == a.benchmark
                    && r.ok()
                    && r.implementation != "auto"
                    && !case::PEERS.contains(&r.implementation.as_str())
                    && !matches!(r.implementation.as_str(), "karloff" | "hash-max")
            })
            .filter_map(|r| Some((r.stats?.median_ns, r.implementation.as_str())))
            .min_by(|x, y| x.0.total_cmp(&y.0));
        let (Some(stats), Some((best_ns, best_name))) = (a.stats, best) else {
            continue;
        };
        let regret = stats.median_ns / best_ns;
        let mark = if regret > 1.25 { " (over target)" } else { "" };
        let _ = writeln!(
            md,
            "| {} | {} | {} ({}) | {}×{mark} |",
            a.benchmark,
            a.notes.get("planner choice").map_or("?", String::as_str),
            best_name,
            format::duration(best_ns),
            format::significant(regret)
        );
    }
    md.push('\n');
    md
}
