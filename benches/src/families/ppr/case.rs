//! Running the PPR implementations on a prepared graph, and judging their answers.

use std::collections::BTreeMap;
use std::sync::Arc;

use ppr::Graph;
use ppr::index::{Index, IndexParams, build_index};
use ppr::query::{QueryParams, query};
use ppr::reorder::{Relabelled, VertexOrder};

use super::input::answer;
use super::methods::{Method, order_name, parse};
use super::outputs::{
    Answers, BatchReference, Built, GUARANTEE, GraphIdentity, Promise, Vectors, graph_answer,
};
use super::peers::{PeerFiles, run_peer};
use crate::family::{Case, DatasetInfo, Output, RunError};

/// A prepared PPR benchmark.
pub struct PprCase {
    /// The graph.
    pub graph: Arc<Graph>,
    /// Its identity.
    pub info: DatasetInfo,
    /// Teleport probability.
    pub c: f64,
    /// The query sources.
    pub sources: Vec<u32>,
    /// The oracle's vectors for them.
    pub truths: Arc<Vec<Vec<f64>>>,
    /// Seed of the indexes' walks.
    pub index_seed: u64,
    /// Seed of the Monte Carlo walks.
    pub walk_seed: u64,
    /// Sources of the batch benchmarks (empty elsewhere).
    pub batch_sources: Vec<u32>,
    /// (position in the batch, truth) for a sample of the batch.
    pub batch_truths: Arc<Vec<(usize, Vec<f64>)>>,
    /// Per (R, T): the sampled positions' references (oracle vector, one-by-one answer and
    /// its bound), made on first use (the untimed warm-up).
    pub batch_references: BTreeMap<(u32, usize), Arc<Vec<BatchReference>>>,
    /// Built indexes by (R, L), made on first use (the untimed warm-up).
    pub indexes: BTreeMap<(u32, Option<u32>), Index>,
    /// The graph relabelled for the exact solvers, by order name, with its build time in
    /// ms; made on first use (the warm-up), once per graph.
    pub relabelled: BTreeMap<&'static str, (Relabelled, f64)>,
    /// The workspace (peers' venv).
    pub workspace: std::path::PathBuf,
    /// Peer input files, written on first use.
    pub peer_files: Option<PeerFiles>,
    /// The unit of work of a row: index builds count builds, queries count queries.
    pub unit: (f64, &'static str),
    /// Repetitions per peer process: one process times `peer_reps` runs, which are then
    /// handed out as consecutive samples (a Python start and graph build per sample would
    /// dominate the suite's time).
    pub peer_reps: usize,
    /// Per peer: its vectors and the timings not yet handed out.
    pub peer_cache: BTreeMap<String, (Vec<Vec<f64>>, Vec<f64>)>,
    /// Repetitions of the paper study's Theorem 2.1 check.
    pub trials: usize,
    /// An `index/*` benchmark: its rows (and oracle) answer the graph they index.
    pub index_bench: bool,
}

fn fail(e: impl std::fmt::Display) -> RunError {
    RunError::Fail(e.to_string())
}

impl PprCase {
    fn index(&mut self, r: u32, l: Option<u32>) -> Result<&Index, RunError> {
        if !self.indexes.contains_key(&(r, l)) {
            let p = IndexParams {
                c: self.c,
                walks: r,
                max_len: l,
                seed: self.index_seed,
                threads: 1,
            };
            let idx = build_index(&self.graph, &p).map_err(fail)?;
            self.indexes.insert((r, l), idx);
        }
        Ok(&self.indexes[&(r, l)])
    }

    fn vectors(
        &self,
        pis: Vec<Vec<f64>>,
        promise: Promise,
        bounds: Vec<f64>,
        sums_to_one: bool,
    ) -> Vectors {
        Vectors {
            pis,
            truths: Arc::clone(&self.truths),
            promise,
            bounds,
            sums_to_one,
            self_timed_ns: None,
            notes: BTreeMap::new(),
        }
    }

    /// Runs one method: each kind of method has its own step below.
    fn run_method(&mut self, m: Method) -> Result<Box<dyn Output>, RunError> {
        Ok(match m {
            Method::Naive if self.index_bench => Box::new(GraphIdentity(graph_answer(
                self.graph.n(),
                self.graph.arc_digest(),
            ))),
            Method::Naive => Box::new(self.run_naive()?),
            Method::Power(tol) => Box::new(self.run_power(tol)?),
            Method::Push(lambda) => Box::new(self.run_push(lambda)?),
            Method::GaussSeidel(tol, o) => Box::new(self.run_sweeps(tol, o, true)?),
            Method::PushSweeps(tol, o) => Box::new(self.run_sweeps(tol, o, false)?),
            Method::McEndPoint(w) => Box::new(self.run_monte_carlo(w, false)?),
            Method::McFullPath(w) => Box::new(self.run_monte_carlo(w, true)?),
            Method::PowerWalk(r, t, theta) => Box::new(self.run_powerwalk(r, t, theta)?),
            Method::Index(r, l) => Box::new(self.run_index(r, l)?),
            Method::Batch(r, t) => Box::new(self.run_batch(r, t, true)?),
            Method::Single(r, t) => Box::new(self.run_batch(r, t, false)?),
            Method::Table3Power
            | Method::Table3Mcfp
            | Method::Table3PowerWalk(..)
            | Method::Table3Whole(..) => Box::new(self.run_table3(m)?),
            Method::Igraph | Method::Scipy(_) => Box::new(self.run_peer(m)?),
            Method::StudyGrid(r) => Box::new(super::paper::grid(&self.study_inputs(), r)?),
            Method::StudyWalks(w) => Box::new(super::paper::walks(&self.study_inputs(), w)?),
            Method::StudyTheorem => Box::new(super::paper::theorem(&self.study_inputs())?),
        })
    }

    /// The paper study's inputs: this case's graph, sources, oracle vectors and seeds.
    fn study_inputs(&self) -> super::paper::Inputs<'_> {
        super::paper::Inputs {
            graph: &self.graph,
            c: self.c,
            sources: &self.sources,
            truths: &self.truths,
            index_seed: self.index_seed,
            walk_seed: self.walk_seed,
            trials: self.trials,
        }
    }

    /// The oracle: the plain fixed-point iteration to residual 1e-13 on every source.
    fn run_naive(&self) -> Result<Vectors, RunError> {
        let pis = self
            .sources
            .iter()
            .map(|&s| ppr::naive::ppr_naive(&self.graph, s, self.c, 1e-13))
            .collect::<Result<_, _>>()
            .map_err(fail)?;
        Ok(self.vectors(pis, Promise::L1(1e-9), vec![], true))
    }

    /// Power iteration to residual mass `tol`: L1 ≤ (1 − c)^T.
    fn run_power(&self, tol: f64) -> Result<Vectors, RunError> {
        let (mut pis, mut bound) = (Vec::new(), 0.0);
        for &s in &self.sources {
            let r = ppr::power::power_iteration(&self.graph, s, self.c, tol).map_err(fail)?;
            bound = r.bound;
            pis.push(r.pi);
        }
        let mut v = self.vectors(pis, Promise::L1(bound + 1e-9), vec![], false);
        v.notes.insert(
            "iterations".into(),
            ppr::power::iterations_for(self.c, tol).to_string(),
        );
        Ok(v)
    }

    /// Forward push with r_max = λ/m: L1 ≤ the residual left, per source.
    fn run_push(&self, lambda: f64) -> Result<Vectors, RunError> {
        let (g, c) = (&self.graph, self.c);
        let (mut pis, mut bounds) = (Vec::new(), Vec::new());
        for &s in &self.sources {
            let r = ppr::push::forward_push(g, s, c, lambda / g.m() as f64).map_err(fail)?;
            bounds.push(r.residual + 1e-9);
            pis.push(r.pi);
        }
        Ok(self.vectors(pis, Promise::PerSource, bounds, false))
    }

    /// The exact sweep solvers to certified L1 ≤ tol on the graph relabelled in `order`
    /// (built once per graph, its time a note): Gauss–Seidel pull sweeps (`gauss`) or push
    /// sweeps. Each source is judged by its own certificate (L1 ≤ the reported residual, plus
    /// 1e-12 for rounding and the oracle's own error, at most 2·(1 − c)^k ≈ 2e-13).
    fn run_sweeps(
        &mut self,
        tol: f64,
        order: VertexOrder,
        gauss: bool,
    ) -> Result<Vectors, RunError> {
        let name = order_name(order);
        if !self.relabelled.contains_key(name) {
            let start = std::time::Instant::now();
            let rg = Relabelled::new(&self.graph, order);
            let ms = start.elapsed().as_secs_f64() * 1e3;
            self.relabelled.insert(name, (rg, ms));
        }
        let (rg, ms) = &self.relabelled[name];
        let (mut pis, mut bounds, mut sweeps) = (Vec::new(), Vec::new(), 0);
        for &s in &self.sources {
            let r = if gauss {
                ppr::gauss_seidel::gauss_seidel(rg, s, self.c, tol)
            } else {
                ppr::push_sweeps::push_sweeps(rg, s, self.c, tol, 0.0)
            }
            .map_err(fail)?;
            bounds.push(r.residual + 1e-12);
            sweeps += r.sweeps;
            pis.push(r.pi);
        }
        let mean = sweeps as f64 / self.sources.len().max(1) as f64;
        let mut v = self.vectors(pis, Promise::PerSource, bounds, false);
        v.notes.insert("sweeps".into(), format!("{mean:.1}"));
        v.notes.insert(
            "reorder_ms".into(),
            format!("{ms:.1} (once per graph, not in the query time)"),
        );
        Ok(v)
    }

    /// Monte Carlo with `w` walks per source, end point or full path.
    fn run_monte_carlo(&self, w: u32, full: bool) -> Result<Vectors, RunError> {
        let (g, c, seed) = (&self.graph, self.c, self.walk_seed);
        let pis = self
            .sources
            .iter()
            .map(|&s| {
                if full {
                    ppr::montecarlo::monte_carlo_full_path(g, s, c, w, seed)
                } else {
                    ppr::montecarlo::monte_carlo_end_point(g, s, c, w, seed)
                }
            })
            .collect::<Result<_, _>>()
            .map_err(fail)?;
        let k = if full { 2.0 } else { 1.0 };
        Ok(self.vectors(pis, Promise::Statistical(w, k), vec![], !full))
    }

    /// PowerWalk queries on the prebuilt index: L1 ≤ 2 × the fingerprint-resolved mass.
    fn run_powerwalk(&mut self, r: u32, t: usize, theta: f64) -> Result<Vectors, RunError> {
        let p = QueryParams { steps: t, theta };
        if r == 0 {
            // No index (the paper's R = 0): the exact part alone, L1 = the dropped mass.
            let (mut pis, mut bounds) = (Vec::new(), Vec::new());
            for &s in &self.sources {
                let q =
                    ppr::query::query_without_index(&self.graph, s, self.c, &p).map_err(fail)?;
                bounds.push(q.fingerprint_mass + 1e-9);
                pis.push(q.pi);
            }
            return Ok(self.vectors(pis, Promise::PerSource, bounds, false));
        }
        self.index(r, None)?;
        let (g, idx) = (&self.graph, &self.indexes[&(r, None)]);
        let (mut pis, mut bounds) = (Vec::new(), Vec::new());
        for &s in &self.sources {
            let q = query(g, idx, s, &p).map_err(fail)?;
            bounds.push(2.0 * q.fingerprint_mass + 1e-9);
            pis.push(q.pi);
        }
        Ok(self.vectors(pis, Promise::PerSource, bounds, true))
    }

    /// Builds an index and keeps what its checks need: the unbiased estimates of the measured
    /// sources and the total number of walk visits. Only `build_index` is timed (the row's
    /// self-timed sample); gathering the check data afterwards is not.
    fn run_index(&self, r: u32, l: Option<u32>) -> Result<Built, RunError> {
        let p = IndexParams {
            c: self.c,
            walks: r,
            max_len: l,
            seed: self.index_seed,
            threads: 1,
        };
        let start = std::time::Instant::now();
        let idx = build_index(&self.graph, &p).map_err(fail)?;
        let build_ns = start.elapsed().as_nanos() as f64;
        let estimates = self
            .sources
            .iter()
            .zip(self.truths.iter())
            .map(|(&s, t)| (idx.unbiased_estimate(s), t.clone()))
            .collect();
        let visits = (0..idx.n() as u32)
            .map(|u| u64::from(idx.fingerprint(u).2))
            .sum::<u64>();
        Ok(Built {
            entries: idx.entries(),
            bytes: idx.bytes(),
            n: idx.n(),
            visits,
            digest: idx.digest(),
            graph_digest: idx.graph_digest(),
            estimates,
            walks: r,
            max_len: l,
            c: self.c,
            build_ns,
        })
    }

    /// The sampled positions' references for (R, T): each source's oracle vector and its
    /// one-by-one PowerWalk answer with that answer's L1 guarantee.
    fn batch_references(&mut self, r: u32, t: usize) -> Result<Arc<Vec<BatchReference>>, RunError> {
        self.index(r, None)?;
        if !self.batch_references.contains_key(&(r, t)) {
            let (g, idx) = (&self.graph, &self.indexes[&(r, None)]);
            let p = QueryParams {
                steps: t,
                theta: 0.0,
            };
            let mut refs = Vec::new();
            for (position, truth) in self.batch_truths.iter() {
                let q = query(g, idx, self.batch_sources[*position], &p).map_err(fail)?;
                refs.push(BatchReference {
                    position: *position,
                    truth: truth.clone(),
                    single: q.pi,
                    bound: 2.0 * q.fingerprint_mass + 1e-9,
                });
            }
            self.batch_references.insert((r, t), Arc::new(refs));
        }
        Ok(Arc::clone(&self.batch_references[&(r, t)]))
    }

    /// The batch sources answered as one batch (`batched`) or one by one, judged on the
    /// sampled positions.
    fn run_batch(&mut self, r: u32, t: usize, batched: bool) -> Result<Answers, RunError> {
        let references = self.batch_references(r, t)?;
        let (g, idx) = (&self.graph, &self.indexes[&(r, None)]);
        let p = QueryParams {
            steps: t,
            theta: 0.0,
        };
        let sample = Arc::clone(&references);
        let mut next = 0;
        let mut out = Answers {
            count: self.batch_sources.len(),
            worst_mass: 0.0,
            sample: Vec::new(),
            references,
        };
        let mut take = |pos: usize, pi: &[f64]| {
            let mass: f64 = pi.iter().sum();
            let off = (mass - 1.0).abs();
            if off.is_nan() || off > out.worst_mass {
                out.worst_mass = off;
            }
            if next < sample.len() && sample[next].position == pos {
                out.sample.push(pi.to_vec());
                next += 1;
            }
        };
        if batched {
            ppr::batch::query_batch_with(g, idx, &self.batch_sources, &p, |pos, _, pi| {
                take(pos, pi)
            })
            .map_err(fail)?;
        } else {
            for (pos, &s) in self.batch_sources.iter().enumerate() {
                let q = query(g, idx, s, &p).map_err(fail)?;
                take(pos, &q.pi);
            }
        }
        Ok(out)
    }

    /// Table 3: the whole batch answered by one method, timed from the first query to the
    /// last answer (index building and reference vectors excluded: the index is prebuilt,
    /// as in the paper). The sampled positions' answers are judged against the oracle by the
    /// method's own guarantee.
    fn run_table3(&mut self, m: Method) -> Result<Vectors, RunError> {
        use super::methods::{TABLE3_MCFP_WALKS, TABLE3_POWER_TOL};
        if let Method::Table3PowerWalk(r, _) | Method::Table3Whole(r, _) = m
            && r > 0
        {
            self.index(r, None)?;
        }
        let (g, c) = (&self.graph, self.c);
        let positions: Vec<usize> = self.batch_truths.iter().map(|(p, _)| *p).collect();
        let mut sample = Vec::with_capacity(positions.len());
        let (mut next, mut answered) = (0, 0usize);
        let mut keep = |pos: usize, pi: &[f64]| {
            answered += 1;
            if next < positions.len() && positions[next] == pos {
                sample.push(pi.to_vec());
                next += 1;
            }
        };
        let start = std::time::Instant::now();
        let (promise, sums_to_one) = match m {
            Method::Table3Power => {
                let mut bound = 0.0;
                for (pos, &s) in self.batch_sources.iter().enumerate() {
                    let r = ppr::power::power_iteration(g, s, c, TABLE3_POWER_TOL).map_err(fail)?;
                    bound = r.bound;
                    keep(pos, &r.pi);
                }
                (Promise::L1(bound + 1e-9), false)
            }
            Method::Table3Mcfp => {
                for (pos, &s) in self.batch_sources.iter().enumerate() {
                    let pi = ppr::montecarlo::monte_carlo_full_path(
                        g,
                        s,
                        c,
                        TABLE3_MCFP_WALKS,
                        self.walk_seed,
                    )
                    .map_err(fail)?;
                    keep(pos, &pi);
                }
                (Promise::Statistical(TABLE3_MCFP_WALKS, 2.0), false)
            }
            Method::Table3PowerWalk(0, t) => {
                let p = QueryParams {
                    steps: t,
                    theta: 0.0,
                };
                for (pos, &s) in self.batch_sources.iter().enumerate() {
                    let q = ppr::query::query_without_index(g, s, c, &p).map_err(fail)?;
                    keep(pos, &q.pi);
                }
                // θ = 0: the L1 error is exactly the dropped mass (1 − c)^T.
                (Promise::L1((1.0 - c).powi(t as i32) + 1e-9), false)
            }
            Method::Table3PowerWalk(r, t) | Method::Table3Whole(r, t) => {
                let p = QueryParams {
                    steps: t,
                    theta: 0.0,
                };
                let idx = &self.indexes[&(r, None)];
                let lanes = if matches!(m, Method::Table3Whole(..)) {
                    let fit = super::methods::WHOLE_BATCH_BYTES / (8 * g.n().max(1));
                    self.batch_sources.len().min(fit).max(1)
                } else {
                    ppr::batch::block_lanes(g.n())
                };
                let srcs = &self.batch_sources;
                ppr::batch::query_batch_in_blocks(g, idx, srcs, &p, lanes, |pos, _, pi| {
                    keep(pos, pi)
                })
                .map_err(fail)?;
                // θ = 0: at most (1 − c)^T is resolved by fingerprints, L1 ≤ twice that.
                (Promise::L1(2.0 * (1.0 - c).powi(t as i32) + 1e-9), true)
            }
            _ => return Err(fail(format!("`{}` is not a Table 3 method", m.name()))),
        };
        let ns = start.elapsed().as_nanos() as f64;
        if answered != self.batch_sources.len() || sample.len() != positions.len() {
            return Err(fail(format!(
                "{answered} of {} queries answered, {} of {} sampled positions",
                self.batch_sources.len(),
                sample.len(),
                positions.len()
            )));
        }
        let mut v = self.vectors(sample, promise, vec![], sums_to_one);
        v.self_timed_ns = Some(ns);
        v.notes
            .insert("answered".into(), self.batch_sources.len().to_string());
        Ok(v)
    }

    /// A peer (igraph pinned to one thread, scipy) on the same sources as every other
    /// implementation; one process times `peer_reps` runs, handed out as samples.
    fn run_peer(&mut self, m: Method) -> Result<Vectors, RunError> {
        let (g, c) = (Arc::clone(&self.graph), self.c);
        let key = m.name();
        let cached = self
            .peer_cache
            .get(&key)
            .is_some_and(|(_, t)| !t.is_empty());
        if !cached {
            if self.peer_files.is_none() {
                self.peer_files = Some(PeerFiles::write(
                    &g,
                    &self.sources,
                    &self.info.sha256[..16],
                )?);
            }
            let files = self.peer_files.as_ref().expect("written above");
            let (pis, times) = run_peer(
                &self.workspace,
                files,
                m,
                c,
                g.n(),
                self.sources.len(),
                self.peer_reps,
            )?;
            self.peer_cache.insert(key.clone(), (pis, times));
        }
        let (pis, times) = self.peer_cache.get_mut(&key).expect("cached above");
        let ns = times.pop().expect("non-empty");
        let pis = pis.clone();
        let promise = match m {
            Method::Scipy(t) => Promise::L1((1.0 - c).powi(t as i32) + 1e-9),
            _ => Promise::L1(1e-6),
        };
        let mut v = self.vectors(pis, promise, vec![], false);
        v.self_timed_ns = Some(ns);
        Ok(v)
    }
}

impl Case for PprCase {
    fn dataset(&self) -> &DatasetInfo {
        &self.info
    }

    fn work(&self) -> Option<(f64, &'static str)> {
        Some(self.unit)
    }

    fn run(&mut self, implementation: &str) -> Result<Box<dyn Output>, RunError> {
        let m = parse(implementation)
            .ok_or_else(|| fail(format!("unknown implementation `{implementation}`")))?;
        self.run_method(m)
    }

    fn check(
        &self,
        implementation: &str,
        output: &dyn Output,
        expected: &str,
    ) -> Result<(), String> {
        // The oracle's answer is the definition's; everything else is judged against it.
        // An index benchmark's answer is the graph it indexes (from the graph itself).
        let reference = if self.index_bench {
            graph_answer(self.graph.n(), self.graph.arc_digest())
        } else {
            answer(&self.truths)
        };
        if reference != expected {
            return Err(format!(
                "oracle reference: expected `{expected}`, got `{reference}`"
            ));
        }
        let m = parse(implementation).ok_or("unknown implementation")?;
        let answers_expected =
            m == Method::Naive || (self.index_bench && matches!(m, Method::Index(..)));
        if answers_expected && output.answer() != expected {
            return Err(format!("expected `{expected}`, got `{}`", output.answer()));
        }
        if m == Method::Naive {
            return Ok(());
        }
        match output.notes().get(GUARANTEE).map(String::as_str) {
            Some("ok") => Ok(()),
            Some(why) => Err(why.to_string()),
            None => Err(format!("`{implementation}` reported no guarantee check")),
        }
    }
}
