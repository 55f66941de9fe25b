//! Gathering distributed results at worker 0: the whole index (as a [`ppr::index::Index`],
//! through the single-machine crate's checked file format) and batch answers.
//!
//! Only for graphs whose index fits one machine (tests, comparisons, `--out`): at scale,
//! each owner keeps its part, and the order-insensitive digest ([`LocalIndex::digest`])
//! compares indexes without moving them.

use ppr::index::{Index, IndexParams};
use ppr::index_io::{FORMAT_VERSION, Fnv, MAGIC};

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
    let bytes = encode(&all, params);
    ppr::index_io::from_bytes(&bytes)
        .map(Some)
        .map_err(DistError::ppr(0))
}

/// The single-machine index file format, version 2 (see [`ppr::index_io`]).
fn encode(all: &[Received], params: &IndexParams) -> Vec<u8> {
    let entries: usize = all.iter().flatten().map(|x| x.2.len()).sum();
    let mut out = Vec::with_capacity(64 + all.len() * 12 + entries * 6);
    out.extend_from_slice(&MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&0u32.to_le_bytes());
    out.extend_from_slice(&(all.len() as u64).to_le_bytes());
    out.extend_from_slice(&(entries as u64).to_le_bytes());
    out.extend_from_slice(&params.c.to_le_bytes());
    out.extend_from_slice(&params.walks.to_le_bytes());
    out.extend_from_slice(&params.max_len.unwrap_or(0).to_le_bytes());
    out.extend_from_slice(&params.seed.to_le_bytes());
    let mut at = 0u64;
    out.extend_from_slice(&at.to_le_bytes());
    for x in all {
        at += x.as_ref().map_or(0, |x| x.2.len() as u64);
        out.extend_from_slice(&at.to_le_bytes());
    }
    for x in all {
        out.extend_from_slice(&x.as_ref().map_or(0, |x| x.0).to_le_bytes());
    }
    for x in all {
        out.extend_from_slice(&x.as_ref().map_or(0, |x| x.1).to_le_bytes());
    }
    for (v, _) in all.iter().flatten().flat_map(|x| &x.2) {
        out.extend_from_slice(&v.to_le_bytes());
    }
    for (_, k) in all.iter().flatten().flat_map(|x| &x.2) {
        out.extend_from_slice(&k.to_le_bytes());
    }
    let mut h = Fnv::new();
    h.write(&out);
    out.extend_from_slice(&h.finish().to_le_bytes());
    out
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
