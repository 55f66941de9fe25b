//! The PowerWalk offline index: R geometric full-path walks from every vertex, stored as
//! sparse fingerprints (Liu, Li, Lui and Cheng, "PowerWalk", CIKM 2016).
//!
//! Vertex u's fingerprint lists `(v, count)`: how often u's R walks visited v (every visit,
//! the start included), ids sorted, counts `u16`, plus the total of the counts. The estimate
//! of `π_u(v)` is `count(v) / total` (a ratio estimator; `c · count / R` is the unbiased
//! one). Walk `j` of u draws from [`crate::walk::walk_rng`]`(seed, u, j)`, so the index is
//! bit-identical for every thread count. An optional cap L on the walk length reproduces
//! the reference's truncated walks.
//!
//! Each vertex also records how often its walks restarted at it from a dangling vertex
//! ([`Index::restarts`]): a query needs it, because in `π_s` such a walk restarts at s.
//!
//! Cost: `n · R / c` expected steps; memory 6 B per entry plus 16 B per vertex (offsets,
//! totals and restart counts).

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::error::Error;
use crate::graph::{Graph, check_teleport};
use rand_pcg::Pcg64;

use crate::walk::{step, walk_rng};

/// How to build an index.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IndexParams {
    /// Teleport (stop) probability c, in (0, 1).
    pub c: f64,
    /// Walks per vertex R ≥ 1.
    pub walks: u32,
    /// Cap L on the number of moves of a walk (`None`: geometric, uncapped).
    pub max_len: Option<u32>,
    /// The seed of every walk's stream.
    pub seed: u64,
    /// Worker threads (≥ 1); the result does not depend on it.
    pub threads: usize,
}

impl Default for IndexParams {
    fn default() -> Self {
        IndexParams {
            c: 0.15,
            walks: 16,
            max_len: None,
            seed: 0,
            threads: 1,
        }
    }
}

/// A PowerWalk index: one sparse fingerprint per vertex.
#[derive(Debug, Clone, PartialEq)]
pub struct Index {
    pub(crate) c: f64,
    pub(crate) walks: u32,
    pub(crate) max_len: Option<u32>,
    pub(crate) seed: u64,
    pub(crate) graph_digest: u64,
    pub(crate) offsets: Vec<u64>,
    pub(crate) ids: Vec<u32>,
    pub(crate) counts: Vec<u16>,
    pub(crate) totals: Vec<u32>,
    pub(crate) restarts: Vec<u32>,
}

/// Walks of one vertex advanced together.
const LOCKSTEP: usize = 16;

/// Vertices per unit of work handed to a thread (fixed, so the output never depends on the
/// thread count).
const CHUNK: usize = 512;

/// Builds the index of `g` (see the module docs). Expected O(n·R/c) time.
///
/// # Errors
/// [`Error::InvalidTeleport`], [`Error::ZeroWalks`], [`Error::InvalidParameter`] for
/// `threads = 0` or `L = 0`, [`Error::CountOverflow`] if a count exceeds 65535,
/// [`Error::TooMuchWork`] when `n·R·(1 + 1/c)` exceeds [`crate::limits::MAX_WALK_VISITS`].
///
/// ```
/// use ppr::index::{IndexParams, build_index};
/// let g = ppr::Graph::from_edges(None, &[(0, 1), (1, 2), (2, 0)], true)?;
/// let one = build_index(&g, &IndexParams { walks: 8, threads: 1, ..Default::default() })?;
/// let two = build_index(&g, &IndexParams { walks: 8, threads: 2, ..Default::default() })?;
/// assert_eq!(one, two);
/// let (ids, counts, total) = one.fingerprint(0);
/// assert_eq!(ids[0], 0); // the start is always visited
/// assert_eq!(counts.iter().map(|&k| u32::from(k)).sum::<u32>(), total);
/// # Ok::<(), ppr::Error>(())
/// ```
pub fn build_index(g: &Graph, params: &IndexParams) -> Result<Index, Error> {
    check_teleport(params.c)?;
    if params.walks == 0 {
        return Err(Error::ZeroWalks);
    }
    if params.threads == 0 {
        return Err(Error::InvalidParameter {
            name: "threads",
            reason: "must be at least 1".into(),
        });
    }
    if params.max_len == Some(0) {
        return Err(Error::InvalidParameter {
            name: "L",
            reason: "a length cap must be at least 1 (use none for no cap)".into(),
        });
    }
    crate::limits::check_walk_visits(
        g.n() as f64 * f64::from(params.walks),
        params.c,
        "the index (n·R walks)",
    )?;
    let n = g.n();
    let chunks = n.div_ceil(CHUNK);
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Result<Fingerprints, Error>>>> = Mutex::new(vec![None; chunks]);
    let worker = || {
        let mut scratch = Scratch::new(n);
        loop {
            let k = next.fetch_add(1, Ordering::Relaxed);
            if k >= chunks {
                break;
            }
            let lo = k * CHUNK;
            let hi = (lo + CHUNK).min(n);
            let out = build_range(g, params, lo..hi, &mut scratch);
            results.lock().expect("no panics while locked")[k] = Some(out);
        }
    };
    if params.threads == 1 {
        worker();
    } else {
        std::thread::scope(|s| {
            for _ in 0..params.threads.min(chunks.max(1)) {
                s.spawn(worker);
            }
        });
    }
    let parts = results.into_inner().expect("no panics while locked");
    let mut index = Index {
        c: params.c,
        walks: params.walks,
        max_len: params.max_len,
        seed: params.seed,
        graph_digest: g.arc_digest(),
        offsets: Vec::with_capacity(n + 1),
        ids: Vec::new(),
        counts: Vec::new(),
        totals: Vec::with_capacity(n),
        restarts: Vec::with_capacity(n),
    };
    index.offsets.push(0);
    for part in parts {
        let part = part.expect("every chunk was built")?;
        let base = index.ids.len() as u64;
        index.offsets.extend(part.ends.iter().map(|&e| base + e));
        index.ids.extend_from_slice(&part.ids);
        index.counts.extend_from_slice(&part.counts);
        index.totals.extend_from_slice(&part.totals);
        index.restarts.extend_from_slice(&part.restarts);
    }
    Ok(index)
}

#[derive(Clone)]
pub(crate) struct Fingerprints {
    ends: Vec<u64>,
    ids: Vec<u32>,
    counts: Vec<u16>,
    totals: Vec<u32>,
    restarts: Vec<u32>,
}

struct Scratch {
    count: Vec<u32>,
    touched: Vec<u32>,
}

impl Scratch {
    fn new(n: usize) -> Self {
        Scratch {
            count: vec![0; n],
            touched: Vec::new(),
        }
    }
}

fn build_range(
    g: &Graph,
    params: &IndexParams,
    range: std::ops::Range<usize>,
    scratch: &mut Scratch,
) -> Result<Fingerprints, Error> {
    let mut out = Fingerprints {
        ends: Vec::with_capacity(range.len()),
        ids: Vec::new(),
        counts: Vec::new(),
        totals: Vec::with_capacity(range.len()),
        restarts: Vec::with_capacity(range.len()),
    };
    for u in range {
        let u = u as u32;
        let Scratch { count, touched } = scratch;
        let mut total = 0u64;
        let mut restarts = 0u32;
        let mut visit = |v: u32| {
            let k = &mut count[v as usize];
            if *k == 0 {
                touched.push(v);
            }
            *k += 1;
            total += 1;
        };
        // Walks advance in lockstep, LOCKSTEP at a time, so that their independent memory
        // accesses overlap; each keeps its own stream, so the counts equal those of walks
        // run one after another.
        let cap = params.max_len.unwrap_or(u32::MAX);
        let mut j0 = 0;
        while j0 < params.walks {
            let k = (params.walks - j0).min(LOCKSTEP as u32);
            let mut walks: Vec<(Pcg64, u32, u32)> = (j0..j0 + k)
                .map(|j| (walk_rng(params.seed, u, j), u, 0))
                .collect();
            for _ in 0..k {
                visit(u);
            }
            while !walks.is_empty() {
                let mut i = 0;
                while i < walks.len() {
                    let (rng, cur, moves) = &mut walks[i];
                    let at_sink = g.out_degree(*cur) == 0;
                    match step(g, rng, params.c, u, *cur) {
                        Some(next) => {
                            restarts += u32::from(at_sink);
                            *cur = next;
                            *moves += 1;
                            visit(next);
                            if *moves >= cap {
                                walks.swap_remove(i);
                            } else {
                                i += 1;
                            }
                        }
                        None => {
                            walks.swap_remove(i);
                        }
                    }
                }
            }
            j0 += k;
        }
        touched.sort_unstable();
        let mut overflow = None;
        for &v in touched.iter() {
            let k = std::mem::take(&mut count[v as usize]);
            match u16::try_from(k) {
                Ok(k) => {
                    out.ids.push(v);
                    out.counts.push(k);
                }
                Err(_) => overflow = Some(v),
            }
        }
        touched.clear();
        if let Some(vertex) = overflow {
            return Err(Error::CountOverflow { source: u, vertex });
        }
        let total = u32::try_from(total).map_err(|_| Error::CountOverflow {
            source: u,
            vertex: u,
        })?;
        out.totals.push(total);
        out.restarts.push(restarts);
        out.ends.push(out.ids.len() as u64);
    }
    Ok(out)
}

/// One source's fingerprint in an [`IndexPart`]: `(total, restarts, entries (vertex, count)
/// sorted by vertex)`.
pub type PartPrint = (u32, u32, Vec<(u32, u16)>);

/// The fingerprints of a contiguous range of sources, built on their own: the paper's
/// source-partitioned indexer gives each machine (or worker) an interval of sources and the
/// whole graph, so no walk crosses machines. Parts of consecutive ranges assembled with
/// [`assemble`] give exactly [`build_index`]'s index (every walk draws from its own stream).
#[derive(Debug, Clone, PartialEq)]
pub struct IndexPart {
    /// The sources, `start..end`.
    pub range: std::ops::Range<u32>,
    /// Per source `(total, restarts, entries (vertex, count) sorted by vertex)`.
    pub prints: Vec<PartPrint>,
}

impl IndexPart {
    /// The part's share of [`Index::digest`] (the digest is a sum over sources).
    pub fn digest(&self) -> u64 {
        let mut d = 0u64;
        for (u, (_, j, entries)) in self.range.clone().zip(&self.prints) {
            d = d.wrapping_add(restart_digest(u, *j));
            for &(v, k) in entries {
                d = d.wrapping_add(entry_digest(u, v, k));
            }
        }
        d
    }
}

/// Builds the fingerprints of the sources in `range` (one thread): see [`IndexPart`].
///
/// # Errors
/// As [`build_index`], and [`Error::InvalidParameter`] for a range beyond the graph.
pub fn build_part(
    g: &Graph,
    params: &IndexParams,
    range: std::ops::Range<u32>,
) -> Result<IndexPart, Error> {
    check_teleport(params.c)?;
    if params.walks == 0 {
        return Err(Error::ZeroWalks);
    }
    if params.max_len == Some(0) || range.end as usize > g.n() || range.start > range.end {
        return Err(Error::InvalidParameter {
            name: "range or L",
            reason: format!(
                "sources {range:?} of {} vertices, L = {:?}",
                g.n(),
                params.max_len
            ),
        });
    }
    crate::limits::check_walk_visits(
        f64::from(range.end - range.start) * f64::from(params.walks),
        params.c,
        "the index part",
    )?;
    let mut scratch = Scratch::new(g.n());
    let f = build_range(
        g,
        params,
        range.start as usize..range.end as usize,
        &mut scratch,
    )?;
    let mut prints = Vec::with_capacity(f.totals.len());
    let mut at = 0usize;
    for (i, &end) in f.ends.iter().enumerate() {
        let end = end as usize;
        let entries = f.ids[at..end]
            .iter()
            .copied()
            .zip(f.counts[at..end].iter().copied());
        prints.push((f.totals[i], f.restarts[i], entries.collect()));
        at = end;
    }
    Ok(IndexPart { range, prints })
}

/// Assembles the parts of consecutive ranges covering every vertex of `g` into the index,
/// checked as a loaded file is.
///
/// # Errors
/// [`Error::IndexCorrupt`] when the parts do not cover `0..n` in order.
pub fn assemble(g: &Graph, params: &IndexParams, parts: &[IndexPart]) -> Result<Index, Error> {
    let mut next = 0u32;
    let (mut offsets, mut ids, mut counts) = (vec![0u64], Vec::new(), Vec::new());
    let (mut totals, mut restarts) = (Vec::with_capacity(g.n()), Vec::with_capacity(g.n()));
    for part in parts {
        if part.range.start != next || part.prints.len() != part.range.len() {
            return Err(Error::IndexCorrupt(format!(
                "part {:?} does not follow sources 0..{next}",
                part.range
            )));
        }
        next = part.range.end;
        for (total, j, entries) in &part.prints {
            ids.extend(entries.iter().map(|e| e.0));
            counts.extend(entries.iter().map(|e| e.1));
            offsets.push(ids.len() as u64);
            totals.push(*total);
            restarts.push(*j);
        }
    }
    if next as usize != g.n() {
        return Err(Error::IndexCorrupt(format!(
            "the parts cover sources 0..{next} of {}",
            g.n()
        )));
    }
    Index::from_parts(
        params,
        g.arc_digest(),
        offsets,
        ids,
        counts,
        totals,
        restarts,
    )
}

impl Index {
    /// Number of vertices.
    pub fn n(&self) -> usize {
        self.totals.len()
    }

    /// Total number of fingerprint entries.
    pub fn entries(&self) -> usize {
        self.ids.len()
    }

    /// The teleport probability it was built with.
    pub fn c(&self) -> f64 {
        self.c
    }

    /// Walks per vertex R.
    pub fn walks(&self) -> u32 {
        self.walks
    }

    /// The length cap L, if any.
    pub fn max_len(&self) -> Option<u32> {
        self.max_len
    }

    /// The seed.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The digest of the graph it was built for ([`Graph::arc_digest`]).
    pub fn graph_digest(&self) -> u64 {
        self.graph_digest
    }

    /// Assembles an index from its parts (as gathered from the workers of a distributed
    /// build), checking every invariant a loaded file is checked for.
    ///
    /// # Errors
    /// [`Error::IndexCorrupt`] naming the broken invariant.
    #[allow(clippy::too_many_arguments)]
    pub fn from_parts(
        params: &IndexParams,
        graph_digest: u64,
        offsets: Vec<u64>,
        ids: Vec<u32>,
        counts: Vec<u16>,
        totals: Vec<u32>,
        restarts: Vec<u32>,
    ) -> Result<Index, Error> {
        let index = Index {
            c: params.c,
            walks: params.walks,
            max_len: params.max_len,
            seed: params.seed,
            graph_digest,
            offsets,
            ids,
            counts,
            totals,
            restarts,
        };
        crate::index_io::validate(&index)?;
        Ok(index)
    }

    /// Vertex u's fingerprint: visited ids (sorted), their counts, and the total count.
    #[inline]
    pub fn fingerprint(&self, u: u32) -> (&[u32], &[u16], u32) {
        let (a, b) = (
            self.offsets[u as usize] as usize,
            self.offsets[u as usize + 1] as usize,
        );
        (&self.ids[a..b], &self.counts[a..b], self.totals[u as usize])
    }

    /// How many times u's R walks reached a dangling vertex and went on from u (each walk
    /// is then a chain of independent segments, R + J of them, J ending in a restart).
    /// A query uses it to send that share of a fingerprint's mass back to *its* source.
    #[inline]
    pub fn restarts(&self, u: u32) -> u32 {
        self.restarts[u as usize]
    }

    /// The probability that a walk from u reaches a dangling vertex before it stops
    /// (estimated as J/(R + J) from [`Index::restarts`]); 0 on graphs without sinks.
    #[inline]
    pub fn dangling(&self, u: u32) -> f64 {
        let j = f64::from(self.restarts[u as usize]);
        j / (f64::from(self.walks) + j)
    }

    /// The fingerprint of u as a dense estimate `π̂_u` (count / total).
    pub fn estimate(&self, u: u32) -> Vec<f64> {
        let mut out = vec![0.0; self.n()];
        let (ids, counts, total) = self.fingerprint(u);
        for (&v, &k) in ids.iter().zip(counts) {
            out[v as usize] = f64::from(k) / f64::from(total);
        }
        out
    }

    /// The unbiased fingerprint estimate of `π_u`: `c · visits(v) / R`. One walk from u
    /// visits v `π_u(v)/c` times in expectation (a walk at a dangling vertex going on from
    /// u, as in `π_u`), so this is unbiased entry by entry, while [`Index::estimate`]
    /// (count / total) is a ratio estimator, consistent but biased at small R; this one sums
    /// to 1 only in expectation.
    ///
    /// ```
    /// use ppr::index::{IndexParams, build_index};
    /// let g = ppr::Graph::from_edges(None, &[(0, 1), (1, 0)], true)?;
    /// let index = build_index(&g, &IndexParams { walks: 4000, ..Default::default() })?;
    /// // π_0(0) = c / (1 − (1 − c)²) on a 2-cycle.
    /// let truth = 0.15 / (1.0 - 0.85f64 * 0.85);
    /// assert!((index.unbiased_estimate(0)[0] - truth).abs() < 0.02);
    /// # Ok::<(), ppr::Error>(())
    /// ```
    pub fn unbiased_estimate(&self, u: u32) -> Vec<f64> {
        let mut out = vec![0.0; self.n()];
        let (ids, counts, _) = self.fingerprint(u);
        let w = self.c / f64::from(self.walks);
        for (&v, &k) in ids.iter().zip(counts) {
            out[v as usize] = w * f64::from(k);
        }
        out
    }

    /// Memory held by the fingerprints: 6 B per entry, 8 B per offset, 4 B per total and
    /// 4 B per restart count.
    pub fn bytes(&self) -> usize {
        self.ids.len() * 6 + self.offsets.len() * 8 + self.totals.len() * 8
    }

    /// [`Index::bytes`] per vertex.
    pub fn bytes_per_vertex(&self) -> f64 {
        self.bytes() as f64 / self.n() as f64
    }

    /// An order-insensitive 64-bit digest of every `(source, vertex, count)` entry and every
    /// nonzero restart count (as the entry `(source, u32::MAX, J)`): the sum of a mix of
    /// each (for comparing indexes built in pieces, e.g. across processes).
    pub fn digest(&self) -> u64 {
        let mut d = 0u64;
        for u in 0..self.n() as u32 {
            d = d.wrapping_add(restart_digest(u, self.restarts[u as usize]));
            let (ids, counts, _) = self.fingerprint(u);
            for (&v, &k) in ids.iter().zip(counts) {
                d = d.wrapping_add(entry_digest(u, v, k));
            }
        }
        d
    }
}

/// The digest term of the entry `(source u, vertex v, count k)`.
pub fn entry_digest(u: u32, v: u32, k: u16) -> u64 {
    let key = (u64::from(u) << 32) | u64::from(v);
    crate::walk::splitmix64(key ^ crate::walk::splitmix64(u64::from(k)))
}

/// The digest term of vertex u's restart count `j` (0 when `j = 0`).
pub fn restart_digest(u: u32, j: u32) -> u64 {
    if j == 0 {
        return 0;
    }
    let key = (u64::from(u) << 32) | u64::from(u32::MAX);
    crate::walk::splitmix64(key ^ crate::walk::splitmix64(u64::from(j)))
}
