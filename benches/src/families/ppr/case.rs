//! Running the PPR implementations on a prepared graph, and judging their answers.

use std::collections::BTreeMap;
use std::sync::Arc;

use ppr::Graph;
use ppr::index::{Index, IndexParams, build_index};
use ppr::query::{QueryParams, query};

use super::input::answer;
use super::methods::{Method, parse};
use super::outputs::{Answers, Built, GUARANTEE, Promise, Vectors};
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
    /// Built indexes by (R, L), made on first use (the untimed warm-up).
    pub indexes: BTreeMap<(u32, Option<u32>), Index>,
    /// The workspace (peers' venv).
    pub workspace: std::path::PathBuf,
    /// Peer input files, written on first use.
    pub peer_files: Option<PeerFiles>,
    /// How many of the sources the peers answer (they are slow).
    pub peer_sources: usize,
    /// Repetitions per peer process: one process times `peer_reps` runs, which are then
    /// handed out as consecutive samples (a Python start and graph build per sample would
    /// dominate the suite's time).
    pub peer_reps: usize,
    /// Per peer: its vectors and the timings not yet handed out.
    pub peer_cache: BTreeMap<String, (Vec<Vec<f64>>, Vec<f64>)>,
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

    fn run_method(&mut self, m: Method) -> Result<Box<dyn Output>, RunError> {
        let (g, c) = (Arc::clone(&self.graph), self.c);
        let srcs = self.sources.clone();
        Ok(match m {
            Method::Naive => {
                let pis = srcs
                    .iter()
                    .map(|&s| ppr::naive::ppr_naive(&g, s, c, 1e-13))
                    .collect::<Result<_, _>>()
                    .map_err(fail)?;
                Box::new(self.vectors(pis, Promise::L1(1e-9), vec![], true))
            }
            Method::Power(tol) => {
                let mut pis = Vec::new();
                let mut bound = 0.0;
                for &s in &srcs {
                    let r = ppr::power::power_iteration(&g, s, c, tol).map_err(fail)?;
                    bound = r.bound;
                    pis.push(r.pi);
                }
                let mut v = self.vectors(pis, Promise::L1(bound + 1e-9), vec![], false);
                v.notes.insert(
                    "iterations".into(),
                    ppr::power::iterations_for(c, tol).to_string(),
                );
                Box::new(v)
            }
            Method::Push(lambda) => {
                let (mut pis, mut bounds) = (Vec::new(), Vec::new());
                for &s in &srcs {
                    let r =
                        ppr::push::forward_push(&g, s, c, lambda / g.m() as f64).map_err(fail)?;
                    bounds.push(r.residual + 1e-9);
                    pis.push(r.pi);
                }
                Box::new(self.vectors(pis, Promise::PerSource, bounds, false))
            }
            Method::McEndPoint(w) | Method::McFullPath(w) => {
                let full = matches!(m, Method::McFullPath(_));
                let pis = srcs
                    .iter()
                    .map(|&s| {
                        if full {
                            ppr::montecarlo::monte_carlo_full_path(&g, s, c, w, self.walk_seed)
                        } else {
                            ppr::montecarlo::monte_carlo_end_point(&g, s, c, w, self.walk_seed)
                        }
                    })
                    .collect::<Result<_, _>>()
                    .map_err(fail)?;
                let k = if full { 2.0 } else { 1.0 };
                Box::new(self.vectors(pis, Promise::Statistical(w, k), vec![], !full))
            }
            Method::PowerWalk(r, t, theta) => {
                self.index(r, None)?;
                let idx = &self.indexes[&(r, None)];
                let p = QueryParams { steps: t, theta };
                let (mut pis, mut bounds) = (Vec::new(), Vec::new());
                for &s in &srcs {
                    let q = query(&g, idx, s, &p).map_err(fail)?;
                    bounds.push(2.0 * q.fingerprint_mass + 1e-9);
                    pis.push(q.pi);
                }
                Box::new(self.vectors(pis, Promise::PerSource, bounds, true))
            }
            Method::Index(r, l) => {
                let p = IndexParams {
                    c,
                    walks: r,
                    max_len: l,
                    seed: self.index_seed,
                    threads: 1,
                };
                let idx = build_index(&g, &p).map_err(fail)?;
                let estimates = srcs
                    .iter()
                    .zip(self.truths.iter())
                    .map(|(&s, t)| (idx.estimate(s), t.clone()))
                    .collect();
                let steps = (0..idx.n() as u32)
                    .map(|u| u64::from(idx.fingerprint(u).2))
                    .sum::<u64>()
                    - idx.n() as u64 * u64::from(r);
                Box::new(Built {
                    entries: idx.entries(),
                    bytes: idx.bytes(),
                    n: idx.n(),
                    steps,
                    digest: idx.digest(),
                    estimates,
                    walks: r,
                })
            }
            Method::Batch(r, t) | Method::Single(r, t) => {
                self.index(r, None)?;
                let idx = &self.indexes[&(r, None)];
                let p = QueryParams {
                    steps: t,
                    theta: 0.0,
                };
                let sample = &self.batch_truths;
                let mut next = 0;
                let mut out = Answers {
                    count: self.batch_sources.len(),
                    worst_mass: 0.0,
                    sample: Vec::new(),
                    bound: 2.0 * (1.0 - c).powi(t as i32) + 1e-9,
                };
                let mut take = |pos: usize, pi: &[f64]| {
                    let mass: f64 = pi.iter().sum();
                    out.worst_mass = out.worst_mass.max((mass - 1.0).abs());
                    if next < sample.len() && sample[next].0 == pos {
                        out.sample.push((pi.to_vec(), sample[next].1.clone()));
                        next += 1;
                    }
                };
                if matches!(m, Method::Batch(..)) {
                    ppr::batch::query_batch_with(&g, idx, &self.batch_sources, &p, |pos, _, pi| {
                        take(pos, pi)
                    })
                    .map_err(fail)?;
                } else {
                    for (pos, &s) in self.batch_sources.iter().enumerate() {
                        let q = query(&g, idx, s, &p).map_err(fail)?;
                        take(pos, &q.pi);
                    }
                }
                Box::new(out)
            }
            Method::Igraph | Method::Scipy(_) => {
                let srcs = &srcs[..self.peer_sources];
                let key = m.name();
                let cached = self
                    .peer_cache
                    .get(&key)
                    .is_some_and(|(_, t)| !t.is_empty());
                if !cached {
                    if self.peer_files.is_none() {
                        self.peer_files =
                            Some(PeerFiles::write(&g, srcs, &self.info.sha256[..16])?);
                    }
                    let files = self.peer_files.as_ref().expect("written above");
                    let (pis, times) = run_peer(
                        &self.workspace,
                        files,
                        m,
                        c,
                        g.n(),
                        srcs.len(),
                        self.peer_reps,
                    )?;
                    self.peer_cache.insert(key.clone(), (pis, times));
                }
                let (pis, times) = self.peer_cache.get_mut(&key).expect("cached above");
                let ns = times.pop().expect("non-empty");
                let pis = pis.clone();
                let truths = Arc::new(self.truths[..srcs.len()].to_vec());
                let promise = match m {
                    Method::Scipy(t) => Promise::L1((1.0 - c).powi(t as i32) + 1e-9),
                    _ => Promise::L1(1e-6),
                };
                let mut v = self.vectors(pis, promise, vec![], false);
                v.truths = truths;
                v.self_timed_ns = Some(ns);
                Box::new(v)
            }
        })
    }
}

impl Case for PprCase {
    fn dataset(&self) -> &DatasetInfo {
        &self.info
    }

    fn work(&self) -> Option<(f64, &'static str)> {
        if self.batch_sources.is_empty() {
            Some((self.sources.len() as f64, "queries"))
        } else {
            Some((self.batch_sources.len() as f64, "queries"))
        }
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
        let reference = answer(&self.truths);
        if reference != expected {
            return Err(format!(
                "oracle reference: expected `{expected}`, got `{reference}`"
            ));
        }
        let m = parse(implementation).ok_or("unknown implementation")?;
        if m == Method::Naive {
            return if output.answer() == expected {
                Ok(())
            } else {
                Err(format!("expected `{expected}`, got `{}`", output.answer()))
            };
        }
        match output.notes().get(GUARANTEE).map(String::as_str) {
            Some("ok") => Ok(()),
            Some(why) => Err(why.to_string()),
            None => Err(format!("`{implementation}` reported no guarantee check")),
        }
    }
}
