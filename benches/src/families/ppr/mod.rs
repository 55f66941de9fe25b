//! The personalized PageRank family (`algobench-ppr`): power iteration, forward push,
//! Monte Carlo and PowerWalk on R-MAT and graph-tool graphs, with igraph and scipy peers.

pub mod case;
pub mod claims;
pub mod cli;
pub mod exact_claims;
pub mod input;
pub mod methods;
pub mod outputs;
pub mod paper;
pub mod paper_claims;
pub mod peers;
pub mod report;
pub mod table3;

use std::collections::BTreeMap;
use std::sync::Arc;

use self::case::PprCase;
use crate::definitions::{Bench, DefinitionFile, Params, param_f64, param_u64};
use crate::families::ppr_distributed as distributed;
use crate::family::{Case, Context, Family, PrepareError, opt_u64};
use crate::raw::Row;

/// The PPR family adapter.
pub struct Ppr;

impl Family for Ppr {
    fn name(&self) -> &'static str {
        "ppr"
    }

    fn oracle(&self) -> &'static str {
        "naive"
    }

    fn implementations(&self) -> Vec<&'static str> {
        let mut names = methods::names();
        names.extend(distributed::case::IMPLS);
        names
    }

    fn prepare(
        &self,
        bench: &Bench,
        params: &Params,
        context: &Context,
    ) -> Result<Box<dyn Case>, PrepareError> {
        if let Some(why) = params.get("skip") {
            // A benchmark too slow for this size's budget says so, and is reported as skipped.
            return Err(PrepareError::Skip(crate::report::format::param(why)));
        }
        if bench.group == distributed::report::GROUP {
            return distributed::case::prepare(bench, params, context);
        }
        let (graph, info) = input::graph(&bench.dataset, params, context)?;
        let c = param_f64(params, "c", 0.15).map_err(PrepareError::invalid)?;
        ppr::graph::check_teleport(c).map_err(PrepareError::invalid)?;
        let source_seed = opt_u64(params, "source_seed", 1)?;
        let batch = opt_u64(params, "batch", 0)? as usize;
        let (sources, batch_sources, positions) = if batch > 0 {
            // A batch is judged on every (batch/sample)-th answer: those are the sources
            // whose oracle vectors the bench's expected answer digests.
            let all = input::sources(&graph, batch, source_seed + 1)?;
            let sample = opt_u64(params, "batch_sample", 10)? as usize;
            let step = (batch / sample.max(1)).max(1);
            let positions: Vec<usize> = (0..batch).step_by(step).collect();
            (positions.iter().map(|&p| all[p]).collect(), all, positions)
        } else {
            // `strata = K`: the paper's degree-stratified sources, up to K per out-degree
            // bucket [2^(i−1), 2^i), i = 1..10; else `sources` drawn uniformly.
            let sources = if params.contains_key("strata") {
                let k = param_u64(params, "strata").map_err(PrepareError::invalid)? as usize;
                ppr::sources::degree_stratified(&graph, k, source_seed)
            } else {
                let q = param_u64(params, "sources").map_err(PrepareError::invalid)? as usize;
                input::sources(&graph, q, source_seed)?
            };
            if sources.is_empty() {
                return Err(PrepareError::invalid(
                    "no query source: no vertex has out-arcs",
                ));
            }
            (sources, Vec::new(), Vec::new())
        };
        let trials = opt_u64(params, "trials", 20)?;
        if !(1..=1000).contains(&trials) {
            return Err(PrepareError::invalid(format!(
                "trials = {trials}: the Theorem 2.1 check takes 1 to 1000 repetitions"
            )));
        }
        let trials = trials as usize;
        let truths = input::truths(&graph, &sources, c)?;
        let batch_truths = positions.into_iter().zip(truths.iter().cloned()).collect();
        let unit = match bench.group.as_str() {
            "index" => (1.0, "index builds"),
            _ if batch > 0 => (batch as f64, "queries"),
            _ => (sources.len() as f64, "queries"),
        };
        Ok(Box::new(PprCase {
            graph: Arc::clone(&graph),
            info,
            c,
            sources,
            truths: Arc::new(truths),
            index_seed: opt_u64(params, "index_seed", 7)?,
            walk_seed: opt_u64(params, "walk_seed", 11)?,
            batch_sources,
            batch_truths: Arc::new(batch_truths),
            batch_references: BTreeMap::new(),
            indexes: BTreeMap::new(),
            relabelled: BTreeMap::new(),
            workspace: context.workspace.clone(),
            peer_files: None,
            unit,
            peer_reps: opt_u64(params, "peer_reps", 11)?.max(1) as usize,
            peer_cache: BTreeMap::new(),
            trials,
            index_bench: bench.group == "index",
        }))
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
        definitions: &DefinitionFile,
        rows: &[Row],
        reports: &std::path::Path,
    ) -> String {
        let mut md = report::sections(definitions, rows, reports);
        md.push_str(&table3::section(rows, reports));
        md.push_str(&distributed::report::section(rows));
        md
    }

    fn commands(&self) -> Vec<(&'static str, &'static str)> {
        let mut commands = vec![(
            "ppr",
            "--graph FILE --source S [--method NAME] [--top K] [--undirected true] [--c C]\n\
             \x20                                personalized PageRank on your graph (.gt, .gt.gz or an edge\n\
             \x20                                list); methods: power, push, mc-endpoint, mc-fullpath, powerwalk",
        )];
        commands.extend_from_slice(distributed::USAGE);
        commands
    }

    fn run_cli(&self, command: &str, args: &[String]) -> Result<(), String> {
        match command {
            "ppr" => cli::run(args),
            other => distributed::run_cli(other, args),
        }
    }
}
