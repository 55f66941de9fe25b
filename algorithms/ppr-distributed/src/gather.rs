//! Gathering distributed results at worker 0: the whole index (as a [`ppr::index::Index`],
//! checked by [`ppr::index::Index::from_parts`] as a loaded file is) and batch answers.
//!
//! Only for graphs whose index fits one machine (tests, comparisons, `--out`): at scale,
//! each owner keeps its part, and the order-insensitive digest ([`LocalIndex::digest`])
//! compares indexes without moving them.

use ppr::index::{Index, IndexParams};

use crate::comm::{Comm, Fingerprint, Packet};
use crate::error::DistError;
use crate::index::LocalIndex;
use crate::partition::Partition;

/// A vertex's `(total, restarts, entries)`, once received.
type Received = Option<(u32, u32, Vec<(u32, u16)>)>;

/// Sends every fingerprint to worker 0, which returns the whole index; other workers
/// return `None`.
pub(crate) fn gather_index(
    comm: &mut Comm<'_>,
    part: &Partition,
    local: &LocalIndex,
    params: &IndexParams,
    graph_digest: u64,
) -> Result<Option<Index>, DistError> {
    let prints: Vec<Fingerprint> = part
        .owned()
        .iter()
        .enumerate()
        .map(|(s, &u)| {
            let (ids, counts, total) = local.fingerprint(s);
            (
                u,
                total,
                local.restarts(s),
                ids.iter().copied().zip(counts.iter().copied()).collect(),
            )
        })
        .collect();
    let inbox = comm.superstep(vec![(0, Packet::Prints(prints))]);
    if comm.index() != 0 {
        return Ok(None);
    }
    let mut all: Vec<Received> = vec![None; part.n()];
    for p in inbox {
        if let Packet::Prints(v) = p {
            for (u, total, j, e) in v {
                all[u as usize] = Some((total, j, e));
            }
        }
    }
    assemble(&all, params, graph_digest)
        .map(Some)
        .map_err(DistError::ppr(0))
}

/// The whole index from every vertex's fingerprint, checked as a loaded file is
/// ([`Index::from_parts`]).
fn assemble(
    all: &[Received],
    params: &IndexParams,
    graph_digest: u64,
) -> Result<Index, ppr::Error> {
    let (mut offsets, mut ids, mut counts) = (vec![0u64], Vec::new(), Vec::new());
    let (mut totals, mut restarts) = (Vec::with_capacity(all.len()), Vec::new());
    for x in all {
        let (total, j, entries) = x.as_ref().map_or((0, 0, &[][..]), |x| (x.0, x.1, &x.2[..]));
        ids.extend(entries.iter().map(|e| e.0));
        counts.extend(entries.iter().map(|e| e.1));
        offsets.push(ids.len() as u64);
        totals.push(total);
        restarts.push(j);
    }
    Index::from_parts(params, graph_digest, offsets, ids, counts, totals, restarts)
}

/// Sends every answer `(position, vertex, value)` to worker 0, which returns the sparse
/// answers by batch position (vertices increasing); other workers return `None`.
pub(crate) fn gather_answers(
    comm: &mut Comm<'_>,
    batch: usize,
    mine: Vec<(u32, u32, f64)>,
) -> Option<Vec<Vec<(u32, f64)>>> {
    let me = comm.index() as u32;
    let inbox = comm.superstep(vec![(0, Packet::Flows(me, mine))]);
    if comm.index() != 0 {
        return None;
    }
    let mut out = vec![Vec::new(); batch];
    for p in inbox {
        if let Packet::Flows(_, v) = p {
            for (lane, v, x) in v {
                out[lane as usize].push((v, x));
            }
        }
    }
    for a in &mut out {
        a.sort_by_key(|e| e.0);
    }
    Some(out)
}
