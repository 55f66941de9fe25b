//! The paper's source-partitioned indexer (Liu, Li, Lui and Cheng, "PowerWalk", CIKM 2016,
//! §4): every worker loads the **whole graph** and runs all R walks of its own interval of
//! sources, `[k·n/P, (k+1)·n/P)` for worker k of P, so no walk crosses workers and the only
//! traffic is a few counters (and, with `--out`, the gathered fingerprints). Each walk draws
//! from its own stream ([`ppr::walk::walk_rng`]), so the gathered index is bit-identical to
//! [`ppr::index::build_index`] for every worker and process count (tested).
//!
//! Use it when the graph fits every machine: it scales with the workers at no network cost.
//! The graph-partitioned backend ([`crate::index`]) is the choice for graphs that do not fit
//! one machine. Memory per worker: the whole graph plus its part of the index.

use std::time::Instant;

use ppr::index::{IndexPart, assemble, build_part};

use crate::comm::{Comm, Fingerprint, Packet, Traffic};
use crate::error::DistError;
use crate::run::{Job, Outcome, Timings};

/// Worker k's interval of the `n` sources among `peers` workers.
pub fn interval(n: usize, k: usize, peers: usize) -> std::ops::Range<u32> {
    let at = |i: usize| (n as u128 * i as u128 / peers as u128) as u32;
    at(k)..at(k + 1)
}

/// Every worker's part of a source-partitioned index build (see the module docs).
pub(crate) fn work(
    comm: &mut Comm<'_>,
    job: &Job,
    process: usize,
    setup_s: f64,
) -> Result<Outcome, DistError> {
    let (me, peers) = (comm.index(), comm.peers());
    let t = Instant::now();
    let loaded = ppr::edgelist::load_graph(&job.graph.path, job.graph.undirected);
    let g = comm.agree(loaded.map_err(DistError::ppr(me)))?;
    let load_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let at_index = comm.traffic;
    let part = build_part(&g, &job.index, interval(g.n(), me, peers));
    let part = comm.agree(part.map_err(DistError::ppr(me)))?;
    let visits: u64 = part.prints.iter().map(|p| u64::from(p.0)).sum();
    let entries: u64 = part.prints.iter().map(|p| p.2.len() as u64).sum();
    let sums = comm.all_gather(vec![part.digest(), entries, visits]);
    let digest = sums.iter().fold(0u64, |d, w| d.wrapping_add(w[0]));
    let index_s = t.elapsed().as_secs_f64();
    let index_traffic = comm.traffic.since(&at_index);
    let t = Instant::now();
    let index = if job.gather_index {
        gather(comm, part, &g, job)?
    } else {
        None
    };
    let gather_s = t.elapsed().as_secs_f64();
    let tr = comm.traffic;
    let all = comm.all_gather(vec![tr.bytes_local, tr.bytes_remote]);
    let traffic = Traffic {
        supersteps: tr.supersteps,
        bytes_local: all.iter().map(|w| w[0]).sum(),
        bytes_remote: all.iter().map(|w| w[1]).sum(),
    };
    Ok(Outcome {
        process,
        peers,
        n: g.n(),
        m: g.m() as u64,
        entries: sums.iter().map(|w| w[1]).sum(),
        digest,
        visits: sums.iter().map(|w| w[2]).sum(),
        traffic,
        index_traffic,
        query_traffic: Traffic::default(),
        timings: Timings {
            setup_s,
            load_s,
            index_s,
            gather_s,
            ..Timings::default()
        },
        query_supersteps: 0,
        index,
        answers: None,
        params: job.index,
        graph_digest: g.arc_digest(),
        answer_mass: None,
    })
}

/// Sends every part to worker 0, which assembles the whole index.
fn gather(
    comm: &mut Comm<'_>,
    part: IndexPart,
    g: &ppr::Graph,
    job: &Job,
) -> Result<Option<ppr::index::Index>, DistError> {
    let prints: Vec<Fingerprint> = part
        .range
        .clone()
        .zip(part.prints)
        .map(|(u, (total, j, e))| (u, total, j, e))
        .collect();
    let inbox = comm.superstep(vec![(0, Packet::Prints(prints))]);
    if comm.index() != 0 {
        return Ok(None);
    }
    let mut all: Vec<Fingerprint> = inbox
        .into_iter()
        .flat_map(|p| match p {
            Packet::Prints(v) => v,
            _ => Vec::new(),
        })
        .collect();
    all.sort_by_key(|p| p.0);
    let whole = IndexPart {
        range: 0..all.len() as u32,
        prints: all.into_iter().map(|(_, t, j, e)| (t, j, e)).collect(),
    };
    assemble(g, &job.index, &[whole])
        .map(Some)
        .map_err(DistError::ppr(0))
}
