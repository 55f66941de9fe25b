//! The distributed PowerWalk offline index: walks as tokens, visits sent to the source's
//! owner (Liu, Li, Lui and Cheng, "PowerWalk", CIKM 2016).
//!
//! Superstep 0: every worker starts the R walks of each vertex it owns (walk j of u draws
//! from [`ppr::walk::walk_rng`]`(seed, u, j)`) and advances each while it stays on its own
//! vertices ([`crate::walk::advance`]). A walk that moves to another worker's vertex is sent
//! there as a [`Token`]; each visit `(source, vertex)` goes to the source's owner, batched
//! per target and superstep. Every later superstep advances the tokens received. The tokens
//! in flight are counted globally at each superstep; when none is left, each owner sorts
//! its sources' visits and counts them into fingerprints, exactly as
//! [`ppr::index::build_index`] does. The result is **bit-identical** to it for every
//! worker and process count (tested).
//!
//! Cost: the single-machine work (`n·R/c` expected steps) plus, per step that crosses to
//! another worker (a fraction `1 − 1/P` of steps), one 44-byte token; plus one 8-byte
//! visit record per visit whose source lives elsewhere. Supersteps: one more than the
//! largest number of worker crossings of any walk (about `ln(nR)/c` at worst).

use ppr::Error;
use ppr::index::IndexParams;

use crate::comm::{Comm, Packet};
use crate::error::DistError;
use crate::partition::Partition;
use crate::walk::{Token, advance};

/// The fingerprints of the vertices one worker owns (indexed by their slot in
/// [`Partition::owned`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LocalIndex {
    offsets: Vec<usize>,
    ids: Vec<u32>,
    counts: Vec<u16>,
    totals: Vec<u32>,
    restarts: Vec<u32>,
    walks: u32,
}

impl LocalIndex {
    /// The fingerprint of the vertex in slot `s`: visited ids (sorted), counts, total.
    #[inline]
    pub fn fingerprint(&self, s: usize) -> (&[u32], &[u16], u32) {
        let (a, b) = (self.offsets[s], self.offsets[s + 1]);
        (&self.ids[a..b], &self.counts[a..b], self.totals[s])
    }

    /// The restart count of the vertex in slot `s` ([`ppr::index::Index::restarts`]).
    #[inline]
    pub fn restarts(&self, s: usize) -> u32 {
        self.restarts[s]
    }

    /// The estimated probability that a walk from the vertex in slot `s` reaches a dangling
    /// vertex before it stops ([`ppr::index::Index::dangling`]).
    #[inline]
    pub fn dangling(&self, s: usize) -> f64 {
        let j = f64::from(self.restarts[s]);
        j / (f64::from(self.walks) + j)
    }

    /// Number of entries held.
    pub fn entries(&self) -> usize {
        self.ids.len()
    }

    /// Visits counted here (the sum of the fingerprints' totals: one start plus one per
    /// walk step, for each walk of an owned source).
    pub fn visits(&self) -> u64 {
        self.totals.iter().map(|&t| u64::from(t)).sum()
    }

    /// This part's share of [`ppr::index::Index::digest`]: the full index's digest is the
    /// wrapping sum of the parts' digests.
    pub fn digest(&self, part: &Partition) -> u64 {
        let mut d = 0u64;
        for (s, &u) in part.owned().iter().enumerate() {
            let (ids, counts, _) = self.fingerprint(s);
            d = d.wrapping_add(ppr::index::restart_digest(u, self.restarts[s]));
            for (&v, &k) in ids.iter().zip(counts) {
                let key = (u64::from(u) << 32) | u64::from(v);
                d = d.wrapping_add(ppr::walk::splitmix64(
                    key ^ ppr::walk::splitmix64(u64::from(k)),
                ));
            }
        }
        d
    }

    /// The owned part of a whole index (for queries on an index loaded from a file).
    pub fn from_index(part: &Partition, index: &ppr::index::Index) -> LocalIndex {
        let mut out = LocalIndex {
            offsets: vec![0],
            walks: index.walks(),
            ..LocalIndex::default()
        };
        for &u in part.owned() {
            let (ids, counts, total) = index.fingerprint(u);
            out.ids.extend_from_slice(ids);
            out.counts.extend_from_slice(counts);
            out.totals.push(total);
            out.restarts.push(index.restarts(u));
            out.offsets.push(out.ids.len());
        }
        out
    }
}

/// Checks the parameters as [`ppr::index::build_index`] does.
pub(crate) fn check_params(params: &IndexParams, n: usize) -> Result<(), Error> {
    ppr::graph::check_teleport(params.c)?;
    if params.walks == 0 {
        return Err(Error::ZeroWalks);
    }
    ppr::limits::check_walk_visits(
        n as f64 * f64::from(params.walks),
        params.c,
        "the index (n·R walks)",
    )?;
    if params.max_len == Some(0) {
        return Err(Error::InvalidParameter {
            name: "L",
            reason: "a length cap must be at least 1 (use none for no cap)".into(),
        });
    }
    Ok(())
}

/// Builds this worker's part of the index (every worker calls it; see the module docs).
pub(crate) fn build(
    comm: &mut Comm<'_>,
    part: &Partition,
    params: &IndexParams,
) -> Result<LocalIndex, DistError> {
    let me = comm.index();
    check_params(params, part.n()).map_err(DistError::ppr(me))?;
    let (c, cap, peers) = (params.c, params.max_len.unwrap_or(u32::MAX), part.peers());
    let mut visits: Vec<Vec<u32>> = vec![Vec::new(); part.owned().len()];
    let mut out_tokens: Vec<Vec<Token>> = vec![Vec::new(); peers];
    let mut out_visits: Vec<Vec<(u32, u32)>> = vec![Vec::new(); peers];
    let run = |token: Token,
               visits: &mut Vec<Vec<u32>>,
               out_tokens: &mut Vec<Vec<Token>>,
               out_visits: &mut Vec<Vec<(u32, u32)>>| {
        let s = token.source;
        let moved = if part.owns(s) {
            let mine = &mut visits[part.slot(s)];
            advance(part, token, c, cap, |v| mine.push(v))
        } else {
            let theirs = &mut out_visits[part.owner(s)];
            advance(part, token, c, cap, |v| theirs.push((s, v)))
        };
        if let Some(t) = moved {
            out_tokens[part.owner(t.at)].push(t);
        }
    };
    for (s, &u) in part.owned().iter().enumerate() {
        for j in 0..params.walks {
            visits[s].push(u);
            let t = Token::start(params.seed, u, j);
            run(t, &mut visits, &mut out_tokens, &mut out_visits);
        }
    }
    loop {
        let sent: usize = out_tokens.iter().map(Vec::len).sum();
        let mut packets = Vec::new();
        for (t, v) in out_tokens.iter_mut().enumerate() {
            if !v.is_empty() {
                packets.push((t, Packet::Tokens(std::mem::take(v))));
            }
        }
        for (t, v) in out_visits.iter_mut().enumerate() {
            if !v.is_empty() {
                packets.push((t, Packet::Visits(std::mem::take(v))));
            }
        }
        packets.extend((0..peers).map(|t| (t, Packet::Words(me as u32, vec![sent as u64]))));
        let mut in_flight = 0u64;
        let mut arrived = Vec::new();
        for p in comm.superstep(packets) {
            match p {
                Packet::Words(_, w) => in_flight += w[0],
                Packet::Tokens(t) => arrived.push(t),
                Packet::Visits(v) => {
                    for (s, x) in v {
                        visits[part.slot(s)].push(x);
                    }
                }
                _ => {}
            }
        }
        if in_flight == 0 {
            break;
        }
        for t in arrived.into_iter().flatten() {
            run(t, &mut visits, &mut out_tokens, &mut out_visits);
        }
    }
    let local = count(part, visits, params.walks).map_err(DistError::ppr(me));
    comm.agree(local)
}

fn count(part: &Partition, visits: Vec<Vec<u32>>, walks: u32) -> Result<LocalIndex, Error> {
    let mut out = LocalIndex {
        offsets: vec![0],
        walks,
        ..LocalIndex::default()
    };
    // Dense counters over the graph's ids and the list of ids touched: only the distinct
    // ids of a fingerprint are sorted, not every visit.
    let mut count = vec![0u32; part.n()];
    let mut touched: Vec<u32> = Vec::new();
    for (&u, seen) in part.owned().iter().zip(visits) {
        let mut restarts = 0u32;
        for &v in &seen {
            if v == crate::walk::RESTART {
                restarts += 1;
                continue;
            }
            let k = &mut count[v as usize];
            if *k == 0 {
                touched.push(v);
            }
            *k += 1;
        }
        out.restarts.push(restarts);
        let total =
            u32::try_from(seen.len() - restarts as usize).map_err(|_| Error::CountOverflow {
                source: u,
                vertex: u,
            })?;
        touched.sort_unstable();
        for &v in &touched {
            let k = std::mem::take(&mut count[v as usize]);
            let k = u16::try_from(k).map_err(|_| Error::CountOverflow {
                source: u,
                vertex: v,
            })?;
            out.ids.push(v);
            out.counts.push(k);
        }
        touched.clear();
        out.totals.push(total);
        out.offsets.push(out.ids.len());
    }
    Ok(out)
}
