//! The `distributed/*` benchmarks: one PowerWalk index build (or one batch of queries on a
//! prebuilt index) per run, started as subprocesses and timed by the processes themselves,
//! excluding connection setup, graph loading and gathering.
//!
//! Implementations: `single-machine` (the `ppr` crate's builder and batch, one thread),
//! `timely-1-process` (one worker), `timely-2-threads` (one process, `-w 2`) and
//! `timely-2-processes` (two OS processes on loopback, one worker each), and for index
//! builds the paper's source-partitioned indexer (`--by-sources`: every worker loads the
//! whole graph and walks from its interval of sources) with one process, two threads or two
//! processes (`by-sources-1-process`, `by-sources-2-threads`, `by-sources-2-processes`: the
//! 1-process run is the like-for-like baseline of the 2-process speed-up). The oracle
//! (`naive`) is the single-machine builder run in the suite's own process: its index
//! digest is the expected answer. The first (checked) run of each implementation also
//! gathers its whole index (or every answer) at process 0 and compares it with the oracle's:
//! entry by entry for the index, L1 ≤ 1e-12 per answer for queries.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use datasets::digest::sha256_hex;
use ppr::index::{Index, IndexParams, build_index};
use ppr::query::QueryParams;
use serde_json::Value;

use super::{Program, run_one, run_processes};
use crate::definitions::{Bench, Params, param_u64};
use crate::families::ppr::outputs::GUARANTEE;
use crate::family::{Case, Context, DatasetInfo, Output, PrepareError, RunError, opt_u64};

/// The implementations, in report order.
pub const IMPLS: [&str; 7] = [
    "single-machine",
    "timely-1-process",
    "timely-2-threads",
    "timely-2-processes",
    "by-sources-1-process",
    "by-sources-2-threads",
    "by-sources-2-processes",
];

/// The largest L1 distance between a distributed answer and the single-machine batch's.
pub const QUERY_L1: f64 = 1e-12;

/// A prepared batch of queries on a prebuilt index.
struct Batch {
    sources: Vec<u32>,
    steps: usize,
    index_file: PathBuf,
    /// The single-machine batch's answers (the oracle), dense.
    truths: Vec<Vec<f64>>,
}

/// A prepared distributed benchmark: the graph as an edge-list file in a private folder.
pub struct DistCase {
    info: DatasetInfo,
    dir: PathBuf,
    graph: PathBuf,
    n: usize,
    params: IndexParams,
    query: Option<Batch>,
    program: Result<Program, String>,
    checked: BTreeSet<String>,
    oracle: Option<Index>,
}

impl Drop for DistCase {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Prepares a `distributed/*` benchmark: `dataset = "rmat"` with `scale`, `edge_factor`,
/// `walks` (R), optional `index_seed`; a query benchmark adds `batch` (sources, drawn with
/// `source_seed` among vertices with out-arcs) and `steps` (T). A query benchmark builds its
/// index here (untimed) with the single-machine builder and writes it for the runs to load.
///
/// # Errors
/// [`PrepareError::Invalid`] for a bad definition or an unwritable temporary folder.
pub fn prepare(
    bench: &Bench,
    params: &Params,
    _context: &Context,
) -> Result<Box<dyn Case>, PrepareError> {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    if bench.dataset != "rmat" {
        return Err(PrepareError::invalid(format!(
            "distributed benchmarks run on `rmat`, not `{}`",
            bench.dataset
        )));
    }
    let scale = param_u64(params, "scale").map_err(PrepareError::invalid)? as u32;
    let ef = param_u64(params, "edge_factor").map_err(PrepareError::invalid)? as u32;
    let seed = ppr::rmat::RMAT_SEED;
    let dir = std::env::temp_dir().join(format!(
        "algobench-ppr-dist-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir).map_err(PrepareError::invalid)?;
    let graph = dir.join(format!("rmat{scale}.txt"));
    let text: String = ppr::rmat::rmat(scale, ef, seed)
        .iter()
        .map(|(u, v)| format!("{u} {v}\n"))
        .collect();
    std::fs::write(&graph, &text).map_err(PrepareError::invalid)?;
    let g = ppr::edgelist::load_graph(&graph, false).map_err(PrepareError::invalid)?;
    let info = DatasetInfo {
        name: format!(
            "rmat(scale={scale},edge_factor={ef},graph500,seed={seed}) as an edge list: n={}, \
             arcs={}, sinks={}",
            g.n(),
            g.m(),
            g.sinks()
        ),
        sha256: sha256_hex(text.as_bytes()),
    };
    let index_params = IndexParams {
        c: 0.15,
        walks: opt_u64(params, "walks", 16)? as u32,
        max_len: None,
        seed: opt_u64(params, "index_seed", 0)?,
        threads: 1,
    };
    let query = if params.contains_key("batch") {
        let b = param_u64(params, "batch").map_err(PrepareError::invalid)? as usize;
        let sources =
            crate::families::ppr::input::sources(&g, b, opt_u64(params, "source_seed", 3)?)?;
        let steps = opt_u64(params, "steps", 4)? as usize;
        let index = build_index(&g, &index_params).map_err(PrepareError::invalid)?;
        let index_file = dir.join("index.ppr");
        ppr::index_io::save(&index, &index_file).map_err(PrepareError::invalid)?;
        let q = QueryParams { steps, theta: 0.0 };
        let truths =
            ppr::batch::query_batch(&g, &index, &sources, &q).map_err(PrepareError::invalid)?;
        Some(Batch {
            sources,
            steps,
            index_file,
            truths,
        })
    } else {
        None
    };
    Ok(Box::new(DistCase {
        info,
        dir,
        graph,
        n: g.n(),
        params: index_params,
        query,
        program: Program::locate(),
        checked: BTreeSet::new(),
        oracle: None,
    }))
}

/// The output of one run (or of the in-process oracle).
pub struct DistOutput {
    answer: String,
    self_ns: Option<f64>,
    quality: BTreeMap<String, f64>,
    notes: BTreeMap<String, String>,
}

impl Output for DistOutput {
    fn answer(&self) -> String {
        self.answer.clone()
    }
    fn quality(&self) -> BTreeMap<String, f64> {
        self.quality.clone()
    }
    fn notes(&self) -> BTreeMap<String, String> {
        self.notes.clone()
    }
    fn self_timed_ns(&self) -> Option<f64> {
        self.self_ns
    }
}

fn index_answer(n: u64, entries: u64, digest: &str) -> String {
    format!("n={n};entries={entries};digest={digest}")
}

/// A batch's answer: its size, its steps and the smallest and largest mass among its
/// answers (each must be 1), measured, not echoed.
fn query_answer(queries: usize, steps: usize, mass: (f64, f64)) -> String {
    format!(
        "queries={queries};steps={steps};mass={:.9}..{:.9}",
        mass.0, mass.1
    )
}

fn num(v: &Value, key: &str) -> f64 {
    v[key].as_f64().unwrap_or(f64::NAN)
}

impl DistCase {
    fn oracle_index(&mut self) -> Result<&Index, String> {
        if self.oracle.is_none() {
            let g = ppr::edgelist::load_graph(&self.graph, false).map_err(|e| e.to_string())?;
            self.oracle = Some(build_index(&g, &self.params).map_err(|e| e.to_string())?);
        }
        Ok(self.oracle.as_ref().expect("built above"))
    }

    fn run_oracle(&mut self) -> Result<Box<dyn Output>, RunError> {
        let answer = match &self.query {
            Some(b) => {
                let mass: Vec<f64> = b.truths.iter().map(|a| a.iter().sum()).collect();
                query_answer(
                    b.sources.len(),
                    b.steps,
                    ppr_distributed::run::mass_range(&mass),
                )
            }
            None => {
                let ix = self.oracle_index().map_err(RunError::Fail)?;
                index_answer(
                    ix.n() as u64,
                    ix.entries() as u64,
                    &format!("{:016x}", ix.digest()),
                )
            }
        };
        Ok(Box::new(DistOutput {
            answer,
            self_ns: None,
            quality: BTreeMap::new(),
            notes: BTreeMap::new(),
        }))
    }

    /// Compares the gathered index (or answers) at `out` with the oracle's.
    fn verify(&mut self, out: &std::path::Path, quality: &mut BTreeMap<String, f64>) -> String {
        if let Some(b) = &self.query {
            let text = match std::fs::read_to_string(out) {
                Ok(t) => t,
                Err(e) => return format!("answers not written: {e}"),
            };
            let mut got = vec![vec![0.0f64; self.n]; b.sources.len()];
            for line in text.lines() {
                let f: Vec<&str> = line.split(' ').collect();
                let parsed = (|| -> Option<(usize, usize, f64)> {
                    Some((
                        f.first()?.parse().ok()?,
                        f.get(2)?.parse().ok()?,
                        f.get(3)?.parse().ok()?,
                    ))
                })();
                match parsed {
                    Some((i, v, x)) if i < got.len() && v < self.n => got[i][v] += x,
                    _ => return format!("malformed answer line `{line}`"),
                }
            }
            let worst = got
                .iter()
                .zip(&b.truths)
                .map(|(a, t)| ppr::metrics::l1(a, t))
                .fold(0.0, f64::max);
            quality.insert("l1 to single-machine".into(), worst);
            if worst <= QUERY_L1 {
                "ok".into()
            } else {
                format!("an answer is {worst:.3e} (L1) from the single-machine batch's")
            }
        } else {
            let got = match ppr::index_io::load(out) {
                Ok(ix) => ix,
                Err(e) => return format!("index not readable: {e}"),
            };
            match self.oracle_index() {
                Ok(ix) if *ix == got => "ok".into(),
                Ok(ix) => format!(
                    "the gathered index differs from the single-machine builder's ({} vs {} \
                     entries)",
                    got.entries(),
                    ix.entries()
                ),
                Err(e) => format!("oracle: {e}"),
            }
        }
    }
}

impl Case for DistCase {
    fn dataset(&self) -> &DatasetInfo {
        &self.info
    }

    fn work(&self) -> Option<(f64, &'static str)> {
        match &self.query {
            Some(b) => Some((b.sources.len() as f64, "queries")),
            None => Some((self.n as f64 * f64::from(self.params.walks), "walks")),
        }
    }

    fn run(&mut self, implementation: &str) -> Result<Box<dyn Output>, RunError> {
        if implementation == "naive" {
            return self.run_oracle();
        }
        if !IMPLS.contains(&implementation) {
            return Err(RunError::Fail(format!(
                "unknown implementation `{implementation}`"
            )));
        }
        let program = self.program.clone().map_err(RunError::Skip)?;
        let first = self.checked.insert(implementation.to_string());
        let p = &self.params;
        let mut args: Vec<String> = vec!["--graph".into(), self.graph.display().to_string()];
        let verb = match &self.query {
            // A query reads the saved index, which fixes R and the seed.
            Some(b) => {
                let s: Vec<String> = b.sources.iter().map(u32::to_string).collect();
                args.extend([
                    "--sources".into(),
                    s.join(","),
                    "--steps".into(),
                    b.steps.to_string(),
                    "--index".into(),
                    b.index_file.display().to_string(),
                ]);
                "query"
            }
            None => {
                args.extend([
                    "--walks".into(),
                    p.walks.to_string(),
                    "--seed".into(),
                    p.seed.to_string(),
                ]);
                "index"
            }
        };
        let out = self.dir.join(format!("{implementation}.out"));
        let _ = std::fs::remove_file(&out);
        if first {
            args.extend(["--out".into(), out.display().to_string()]);
        }
        let started = Instant::now();
        let results = match implementation {
            "single-machine" => {
                args.push("--single-machine".into());
                vec![run_one(&program, verb, &args)?]
            }
            "timely-1-process" => vec![run_one(&program, verb, &args)?],
            "timely-2-threads" => {
                args.extend(["-w".into(), "2".into()]);
                vec![run_one(&program, verb, &args)?]
            }
            "by-sources-1-process" | "by-sources-2-threads" | "by-sources-2-processes"
                if self.query.is_some() =>
            {
                return Err(RunError::Skip(
                    "the source-partitioned indexer builds indexes only".into(),
                ));
            }
            "by-sources-1-process" => {
                args.push("--by-sources".into());
                vec![run_one(&program, verb, &args)?]
            }
            "by-sources-2-threads" => {
                args.extend(["--by-sources".into(), "-w".into(), "2".into()]);
                vec![run_one(&program, verb, &args)?]
            }
            "by-sources-2-processes" => {
                args.push("--by-sources".into());
                run_processes(&program, verb, &args, 2, &self.dir)?
            }
            _ => run_processes(&program, verb, &args, 2, &self.dir)?,
        };
        let wall = started.elapsed().as_secs_f64();
        let mut output = self.output(verb, &results, wall);
        if first {
            let verdict = self.verify(&out, &mut output.quality);
            output.notes.insert(GUARANTEE.into(), verdict);
        }
        Ok(Box::new(output))
    }

    fn check(
        &self,
        implementation: &str,
        output: &dyn Output,
        expected: &str,
    ) -> Result<(), String> {
        let got = output.answer();
        if got != expected {
            return Err(format!("expected `{expected}`, got `{got}`"));
        }
        match output.notes().get(GUARANTEE).map(String::as_str) {
            Some("ok") => Ok(()),
            None if implementation == "naive" => Ok(()),
            Some(why) => Err(why.to_string()),
            None => Err(format!(
                "`{implementation}` was not compared with the oracle"
            )),
        }
    }
}

impl DistCase {
    /// The output of one run from its processes' RESULT lines: the slowest process's
    /// compute time, the others as quality figures.
    fn output(&self, verb: &str, results: &[Value], wall: f64) -> DistOutput {
        let max = |k: &str| results.iter().map(|r| num(r, k)).fold(0.0, f64::max);
        let first = &results[0];
        let digests: BTreeSet<String> = results
            .iter()
            .map(|r| {
                index_answer(
                    r["n"].as_u64().unwrap_or(0),
                    r["entries"].as_u64().unwrap_or(0),
                    r["digest"].as_str().unwrap_or("?"),
                )
            })
            .collect();
        let answer = match (&self.query, digests.len()) {
            (_, k) if k != 1 => format!(
                "processes disagree: {}",
                digests.into_iter().collect::<Vec<_>>().join(" vs ")
            ),
            (Some(_), _) => query_answer(
                first["sources"].as_u64().unwrap_or(0) as usize,
                first["steps"].as_u64().unwrap_or(0) as usize,
                (num(first, "mass_min"), num(first, "mass_max")),
            ),
            (None, _) => digests.into_iter().next().unwrap_or_default(),
        };
        let phase = if verb == "query" { "query" } else { "index" };
        let mut quality = BTreeMap::new();
        for (name, key) in [
            ("setup s", "setup_s"),
            ("load s", "load_s"),
            ("index s", "index_s"),
            ("query s", "query_s"),
            ("gather s", "gather_s"),
        ] {
            quality.insert(name.to_string(), max(key));
        }
        quality.insert("wall s".into(), wall);
        quality.insert("processes".into(), num(first, "processes"));
        quality.insert("workers".into(), num(first, "peers"));
        quality.insert("n".into(), num(first, "n"));
        quality.insert("arcs".into(), num(first, "m"));
        quality.insert("walks".into(), num(first, "walks"));
        quality.insert("entries".into(), num(first, "entries"));
        quality.insert("visits".into(), num(first, "visits"));
        quality.insert(
            "supersteps".into(),
            num(first, &format!("{phase}_supersteps")),
        );
        let local = num(first, &format!("{phase}_bytes_local"));
        let remote = num(first, &format!("{phase}_bytes_remote"));
        quality.insert("bytes between workers".into(), local + remote);
        quality.insert("bytes between processes".into(), remote);
        if let Some(b) = &self.query {
            quality.insert("queries".into(), b.sources.len() as f64);
            quality.insert("steps".into(), b.steps as f64);
        }
        DistOutput {
            answer,
            self_ns: Some(max(&format!("{phase}_s")) * 1e9),
            quality,
            notes: BTreeMap::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn batch_case() -> Box<dyn Case> {
        let bench = Bench {
            name: "distributed/query-rmat".into(),
            group: "distributed".into(),
            model: "prebuilt".into(),
            dataset: "rmat".into(),
            params: toml::Table::new(),
            impls: vec![],
            expected: BTreeMap::new(),
            threads: 1,
        };
        let params: Params = [
            ("scale", 7),
            ("edge_factor", 8),
            ("walks", 4),
            ("batch", 6),
            ("steps", 3),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), toml::Value::Integer(v)))
        .collect();
        let context = Context {
            data_cache: std::env::temp_dir(),
            workspace: std::env::temp_dir(),
        };
        prepare(&bench, &params, &context).expect("a tiny batch prepares")
    }

    fn output(answer: String) -> DistOutput {
        let mut notes = BTreeMap::new();
        notes.insert(GUARANTEE.to_string(), "ok".to_string());
        DistOutput {
            answer,
            self_ns: None,
            quality: BTreeMap::new(),
            notes,
        }
    }

    #[test]
    fn a_query_answer_reports_the_measured_masses() {
        let mut case = batch_case();
        // The oracle's answer is made from the single-machine batch's own answers.
        let expected = case.run("naive").expect("the oracle runs").answer();
        assert_eq!(expected, "queries=6;steps=3;mass=1.000000000..1.000000000");
        assert_eq!(
            case.check("timely-2-threads", &output(expected.clone()), &expected),
            Ok(())
        );
        // A lost lane, answers scaled wrong, a missing source or a different T fail the check.
        for wrong in [
            query_answer(6, 3, (0.0, 1.0)),
            query_answer(6, 3, (1.0, 1.2)),
            query_answer(5, 3, (1.0, 1.0)),
            query_answer(6, 4, (1.0, 1.0)),
        ] {
            assert!(
                case.check("timely-2-threads", &output(wrong.clone()), &expected)
                    .is_err(),
                "{wrong} passed"
            );
        }
        // A matching answer whose gathered vectors were not compared with the oracle's
        // fails as well.
        let mut unchecked = output(expected.clone());
        unchecked.notes.clear();
        assert!(
            case.check("timely-2-threads", &unchecked, &expected)
                .is_err()
        );
    }
}
