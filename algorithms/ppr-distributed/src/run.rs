//! One distributed run: connect, check that every process has the same input, load the
//! graph in shards, build (or load) the index, answer a batch, report.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use ppr::index::{Index, IndexParams};
use ppr::query::QueryParams;

use crate::cluster::{Cluster, Guards};
use crate::comm::{Comm, Traffic};
use crate::error::DistError;
use crate::index::LocalIndex;
use crate::load::{GraphFile, file_digest, load};

/// What to run.
#[derive(Debug, Clone, PartialEq)]
pub struct Job {
    /// The graph.
    pub graph: GraphFile,
    /// Index parameters (`threads` is ignored: the workers are the parallelism).
    pub index: IndexParams,
    /// Read the index from this file (written by [`ppr::index_io::save`] or `--out`)
    /// instead of building it.
    pub index_file: Option<PathBuf>,
    /// A batch to answer after the index.
    pub query: Option<(Vec<u32>, QueryParams)>,
    /// Gather the whole index at process 0 ([`Outcome::index`]).
    pub gather_index: bool,
    /// Gather the batch's answers at process 0 ([`Outcome::answers`]).
    pub gather_answers: bool,
    /// Test hook: exit this process abruptly at that superstep.
    pub crash_at: Option<u64>,
    /// Build the index source-partitioned ([`crate::by_sources`]): every worker loads the
    /// whole graph and walks from its interval of sources. Index only (no query).
    pub by_sources: bool,
}

impl Job {
    /// Builds the index of `graph` with `index`'s parameters; nothing else.
    pub fn index(graph: GraphFile, index: IndexParams) -> Job {
        Job {
            graph,
            index,
            index_file: None,
            query: None,
            gather_index: false,
            gather_answers: false,
            crash_at: None,
            by_sources: false,
        }
    }

    fn param_digest(&self) -> u64 {
        let p = &self.index;
        let mut words = vec![
            p.c.to_bits(),
            u64::from(p.walks),
            u64::from(p.max_len.unwrap_or(0)),
            p.seed,
            u64::from(self.graph.undirected),
            u64::from(self.index_file.is_some()),
            u64::from(self.gather_index),
            u64::from(self.gather_answers),
            u64::from(self.by_sources),
        ];
        if let Some((sources, q)) = &self.query {
            words.extend([q.steps as u64, q.theta.to_bits(), sources.len() as u64]);
            words.extend(sources.iter().map(|&s| u64::from(s)));
        }
        words
            .iter()
            .fold(0x9E37_79B9u64, |h, &w| ppr::walk::splitmix64(h ^ w))
    }
}

/// Wall-clock seconds of each phase, measured by the first worker of this process (phases
/// end with a superstep, a barrier, so every worker sees about the same times).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Timings {
    /// Hashing the graph file for the digest exchange.
    pub digest_s: f64,
    /// Connection setup: from the call until every worker of every process has answered
    /// the first superstep (the digest exchange).
    pub setup_s: f64,
    /// Reading the shards and exchanging arcs.
    pub load_s: f64,
    /// Building (or loading) the index.
    pub index_s: f64,
    /// The batch of queries.
    pub query_s: f64,
    /// Gathering the results at process 0.
    pub gather_s: f64,
}

/// The result of a run, as seen by one process.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// This process.
    pub process: usize,
    /// Workers in all processes.
    pub peers: usize,
    /// Vertices and arcs of the graph.
    pub n: usize,
    /// Arcs of the graph.
    pub m: u64,
    /// Fingerprint entries of the whole index.
    pub entries: u64,
    /// The whole index's order-insensitive digest (equals [`ppr::index::Index::digest`]).
    pub digest: u64,
    /// Visits counted by the whole index: `n·R` walk starts plus the walk steps.
    pub visits: u64,
    /// Traffic summed over all workers of all processes, the whole run.
    pub traffic: Traffic,
    /// The part of [`Outcome::traffic`] spent building (or loading) the index.
    pub index_traffic: Traffic,
    /// The part of [`Outcome::traffic`] spent answering the batch.
    pub query_traffic: Traffic,
    /// Phase times.
    pub timings: Timings,
    /// The index parameters in force: those of the index file when one was loaded (its c,
    /// R, L and seed), else the job's.
    pub params: IndexParams,
    /// The graph digest ([`ppr::Graph::arc_digest`]), computed from every worker's arcs.
    pub graph_digest: u64,
    /// The smallest and largest mass among the batch's answers (a query run).
    pub answer_mass: Option<(f64, f64)>,
    /// Supersteps of the batch of queries (T + 1, whatever the batch size).
    pub query_supersteps: u64,
    /// The whole index (process 0 with [`Job::gather_index`]).
    pub index: Option<Index>,
    /// The batch's sparse answers by position, vertices increasing (process 0 with
    /// [`Job::gather_answers`]).
    pub answers: Option<Vec<Vec<(u32, f64)>>>,
}

/// Runs `job` on this process's workers of `cluster`; every process of the cluster calls it
/// with the same job. Blocks until the run ends.
///
/// A multi-process run arms the guards described in [`crate::cluster`]: if the peers cannot
/// be reached in time or one dies mid-run, this **process exits** with a message and the
/// codes [`crate::cluster::EXIT_CONNECT`] / [`crate::cluster::EXIT_PEER_LOST`]; timely gives
/// no way to cancel its connection loop.
///
/// # Errors
/// [`DistError`]: bad cluster description, unreadable or malformed graph, parameters out of
/// range, processes started on different inputs ([`DistError::Mismatch`]), network setup.
///
/// ```
/// use ppr_distributed::{Cluster, GraphFile, Job};
/// let dir = std::env::temp_dir().join(format!("ppr-dist-doc-{}", std::process::id()));
/// std::fs::create_dir_all(&dir)?;
/// let path = dir.join("g.txt");
/// std::fs::write(&path, "0 1\n1 2\n2 0\n2 3\n")?;
/// let params = ppr::index::IndexParams { walks: 8, seed: 3, ..Default::default() };
/// let mut job = Job::index(GraphFile { path: path.clone(), undirected: false }, params);
/// job.gather_index = true;
/// let two = ppr_distributed::run(&Cluster::local(2), &job)?;
/// let g = ppr::edgelist::load_graph(&path, false)?;
/// let one = ppr::index::build_index(&g, &params)?;
/// assert_eq!(two.index.as_ref(), Some(&one));
/// assert_eq!(two.digest, one.digest());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn run(cluster: &Cluster, job: &Job) -> Result<Outcome, DistError> {
    cluster.validate()?;
    let t = Instant::now();
    let file = file_digest(&job.graph.path)?;
    let digest_s = t.elapsed().as_secs_f64();
    let params = job.param_digest();
    let guards = Guards::arm(cluster);
    let deadline = crate::cluster::Deadline::arm(cluster.run_timeout, cluster.process);
    let connected = std::sync::Mutex::new(guards.connected());
    let job = Arc::new(job.clone());
    let (workers, process) = (cluster.workers, cluster.process);
    let start = Instant::now();
    let guard = timely::execute(cluster.config(), move |worker| {
        let _ = connected.lock().map(|c| c.send(()));
        let mut comm = Comm::new(worker, workers);
        comm.crash_at = job.crash_at;
        let mut out = work(&mut comm, &job, [file, params, process as u64], start)?;
        out.timings.digest_s = digest_s;
        Ok::<Outcome, DistError>(out)
    })
    .map_err(DistError::Network)?;
    let results = guard.join();
    drop(guards);
    drop(deadline);
    let mut first: Option<Outcome> = None;
    let mut peer_error = None;
    for r in results {
        match r {
            Ok(Ok(o)) => {
                if first.is_none() {
                    first = Some(o);
                }
            }
            Ok(Err(e @ DistError::Peer { .. })) => peer_error = peer_error.or(Some(e)),
            Ok(Err(e)) => return Err(e),
            Err(panic) => return Err(DistError::Worker(panic)),
        }
    }
    match (first, peer_error) {
        (_, Some(e)) => Err(e),
        (Some(o), None) => Ok(o),
        (None, None) => Err(DistError::Worker("no worker returned".into())),
    }
}

/// Every worker's part of [`run`].
fn work(
    comm: &mut Comm<'_>,
    job: &Job,
    hello: [u64; 3],
    start: Instant,
) -> Result<Outcome, DistError> {
    // The first superstep waits for the slowest process: it ends the connection setup.
    let all = comm.all_gather(hello.to_vec());
    let setup_s = start.elapsed().as_secs_f64();
    let t = Instant::now();
    for w in &all {
        for (i, what) in [(0, "graph file"), (1, "set of parameters")] {
            if w[i] != all[0][i] {
                return Err(DistError::Mismatch {
                    process: w[2] as usize,
                    what,
                    expected: all[0][i],
                    found: w[i],
                });
            }
        }
    }
    if job.by_sources {
        let verdict = if job.query.is_some() || job.index_file.is_some() {
            Err(DistError::Config(
                "the source-partitioned indexer builds an index only (no query, no --index)".into(),
            ))
        } else {
            Ok(())
        };
        comm.agree(verdict)?;
        return crate::by_sources::work(comm, job, hello[2] as usize, setup_s);
    }
    let part = load(comm, &job.graph)?;
    let load_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let me = comm.index();
    let share = comm.all_gather(vec![part.arc_digest_share()]);
    let graph_digest = ppr::graph::arc_digest_of(
        part.n(),
        share.iter().fold(0u64, |d, w| d.wrapping_add(w[0])),
    );
    let at_index = comm.traffic;
    let (local, params) = match &job.index_file {
        None => (crate::index::build(comm, &part, &job.index)?, job.index),
        Some(path) => {
            let loaded =
                ppr::index_io::load(path).and_then(|ix| check_loaded(ix, &part, graph_digest));
            let ix = comm.agree(loaded.map_err(DistError::ppr(me)))?;
            let params = IndexParams {
                c: ix.c(),
                walks: ix.walks(),
                max_len: ix.max_len(),
                seed: ix.seed(),
                threads: 1,
            };
            (LocalIndex::from_index(&part, &ix), params)
        }
    };
    let sums = comm.all_gather(vec![
        local.digest(&part),
        local.entries() as u64,
        local.visits(),
    ]);
    let digest = sums.iter().fold(0u64, |d, w| d.wrapping_add(w[0]));
    let entries = sums.iter().map(|w| w[1]).sum();
    let visits = sums.iter().map(|w| w[2]).sum();
    let index_s = t.elapsed().as_secs_f64();
    let index_traffic = comm.traffic.since(&at_index);
    let t = Instant::now();
    // The teleport probability is the index's: a loaded index fixes it.
    let c = params.c;
    let at_query = comm.traffic;
    let mine = match &job.query {
        Some((sources, q)) => Some(crate::query::query(comm, &part, &local, c, sources, q)?),
        None => None,
    };
    let query_s = t.elapsed().as_secs_f64();
    let query_traffic = comm.traffic.since(&at_query);
    let query_supersteps = query_traffic.supersteps;
    // Each answer's mass (after the query's own supersteps are counted), summed per lane over the workers (in worker order).
    let answer_mass = match (&job.query, &mine) {
        (Some((sources, _)), Some(mine)) => {
            let mut local = vec![0.0f64; sources.len()];
            for &(lane, _, x) in mine {
                local[lane as usize] += x;
            }
            let all = comm.all_gather(local.iter().map(|x| x.to_bits()).collect());
            let mass: Vec<f64> = (0..sources.len())
                .map(|l| all.iter().map(|w| f64::from_bits(w[l])).sum())
                .collect();
            Some(mass_range(&mass))
        }
        _ => None,
    };
    let t = Instant::now();
    let index = if job.gather_index {
        crate::gather::gather_index(comm, &part, &local, &params, graph_digest)?
    } else {
        None
    };
    let answers = match (&job.query, mine) {
        (Some((sources, _)), Some(mine)) if job.gather_answers => {
            crate::gather::gather_answers(comm, sources.len(), mine)
        }
        _ => None,
    };
    let gather_s = t.elapsed().as_secs_f64();
    let tr = comm.traffic;
    let words = [tr, index_traffic, query_traffic]
        .iter()
        .flat_map(|t| [t.bytes_local, t.bytes_remote])
        .collect();
    let all = comm.all_gather(words);
    let total = |i: usize, t: &Traffic| Traffic {
        supersteps: t.supersteps,
        bytes_local: all.iter().map(|w| w[2 * i]).sum(),
        bytes_remote: all.iter().map(|w| w[2 * i + 1]).sum(),
    };
    let traffic = total(0, &tr);
    let index_traffic = total(1, &index_traffic);
    let query_traffic = total(2, &query_traffic);
    Ok(Outcome {
        process: hello[2] as usize,
        peers: comm.peers(),
        n: part.n(),
        m: part.m(),
        entries,
        digest,
        visits,
        traffic,
        index_traffic,
        query_traffic,
        timings: Timings {
            setup_s,
            load_s,
            index_s,
            query_s,
            gather_s,
            ..Timings::default()
        },
        query_supersteps,
        index,
        answers,
        params,
        graph_digest,
        answer_mass,
    })
}

/// The smallest and largest of the answers' masses (each should be 1).
pub fn mass_range(mass: &[f64]) -> (f64, f64) {
    mass.iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &m| {
            (lo.min(m), hi.max(m))
        })
}

/// Refuses an index of another graph: a different vertex count, or the same count with a
/// different graph digest.
fn check_loaded(
    ix: Index,
    part: &crate::partition::Partition,
    graph_digest: u64,
) -> Result<Index, ppr::Error> {
    if ix.n() != part.n() {
        return Err(ppr::Error::IndexMismatch {
            index_n: ix.n(),
            graph_n: part.n(),
        });
    }
    if ix.graph_digest() != graph_digest {
        return Err(ppr::Error::IndexForAnotherGraph {
            index: ix.graph_digest(),
            graph: graph_digest,
        });
    }
    Ok(ix)
}
