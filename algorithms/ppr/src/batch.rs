//! Batched PowerWalk queries: the sources of a batch share every decomposition step and
//! every fingerprint read (Liu et al., CIKM 2016, Algorithm 5: one run serves a whole batch).
//!
//! The batch is cut into *blocks* of sources that share every fingerprint read; a block can
//! hold the whole batch ([`query_batch_in_blocks`] with `lanes` = the batch size). The
//! default block ([`block_lanes`]) keeps its dense answers within [`BLOCK_BYTES`] = 4 MiB,
//! in cache: on one core the scatter of fingerprint entries into the answers, not the
//! index, is the large working set, and whole-batch blocks measured slower (rmat14, R = 100,
//! T = 2, 1000 sources: 0.34 ms per query with 32-source blocks, 0.78 ms with one block of
//! 1000; rmat17, R = 16, T = 4: 5.2 ms with 8, 7.5 ms with 256; loaded 2-core machine).
//! Inside a block:
//! - **Steps** run in groups of [`LANES`] = 8 sources; a group keeps one 64-byte row of flows
//!   per vertex (one f64 lane per source), so each step reads every arc once for the group
//!   (a pull pass gathers one cache line per arc instead of eight).
//! - **Combining** is shared by the whole block: every group hands its parked flows
//!   (vertex, source, weight) to the block, they are bucketed by vertex, and each distinct
//!   parked vertex's fingerprint is expanded once per block and scattered to every source
//!   that parked flow there. The index (the large structure: R·n/c visits) is streamed once
//!   per block instead of once per source; the scatter work stays Σ over sources of their
//!   parked fingerprints, as one query at a time.
//!
//! Each source's combine adds the same terms in the same order (vertices ascending) as the
//! single-source [`crate::query::query`], so the answers equal it up to the summation order
//! of the exact steps (tested to L1 ≤ 1e-12) and do not depend on the block size at all
//! (tested bit for bit). Across machines (the timely backend) a batch of B sources costs T
//! supersteps in all.
//!
//! Memory: the block's dense answers (`lanes · n` f64), its parked triples (at most that
//! many), and four rows of 8 lanes per vertex for the group's steps.

use crate::error::Error;
use crate::graph::Graph;
use crate::index::Index;
use crate::query::{QueryParams, check};

/// Sources per group: one cache line of f64 flows per vertex.
pub const LANES: usize = 8;
/// The memory a default block's dense answers may take (a cache's worth); it sets
/// [`block_lanes`].
pub const BLOCK_BYTES: usize = 4 << 20;
type Row = [f64; LANES];
const ZERO: Row = [0.0; LANES];

/// How many sources share one block on a graph of `n` vertices: as many dense answers as
/// fit [`BLOCK_BYTES`], a multiple of [`LANES`], at least one group.
pub fn block_lanes(n: usize) -> usize {
    (BLOCK_BYTES / (8 * n.max(1))).max(LANES) / LANES * LANES
}

/// Runs a batch of PowerWalk queries and hands each answer to `each(position, source,
/// π̂)` in order, without holding more than one block's dense answers at once (ten thousand
/// sources on a million vertices would need 80 GB); blocks of [`block_lanes`] sources share
/// the fingerprint reads. An empty batch does nothing.
///
/// # Errors
/// [`Error::UnknownSource`] (before any work), [`Error::IndexMismatch`],
/// [`Error::IndexForAnotherGraph`], [`Error::InvalidParameter`] (θ, T beyond
/// [`crate::limits::MAX_STEPS`]).
///
/// ```
/// use ppr::index::{IndexParams, build_index};
/// use ppr::query::{QueryParams, query};
/// let g = ppr::Graph::from_edges(None, &[(0, 1), (1, 2), (2, 0), (2, 1)], true)?;
/// let index = build_index(&g, &IndexParams::default())?;
/// let p = QueryParams { steps: 4, theta: 0.0 };
/// let batch = ppr::batch::query_batch(&g, &index, &[0, 2, 1], &p)?;
/// let single = query(&g, &index, 2, &p)?.pi;
/// assert!(ppr::metrics::l1(&batch[1], &single) < 1e-12);
/// # Ok::<(), ppr::Error>(())
/// ```
pub fn query_batch_with(
    g: &Graph,
    index: &Index,
    sources: &[u32],
    params: &QueryParams,
    each: impl FnMut(usize, u32, &[f64]),
) -> Result<(), Error> {
    query_batch_in_blocks(g, index, sources, params, block_lanes(g.n()), each)
}

/// [`query_batch_with`] with an explicit block size: `lanes` sources (rounded up to a
/// multiple of [`LANES`]) share each block's fingerprint reads. The answers do not depend
/// on it.
///
/// # Errors
/// As [`query_batch_with`], and [`Error::InvalidParameter`] for `lanes = 0`.
pub fn query_batch_in_blocks(
    g: &Graph,
    index: &Index,
    sources: &[u32],
    params: &QueryParams,
    lanes: usize,
    mut each: impl FnMut(usize, u32, &[f64]),
) -> Result<(), Error> {
    check(g, index, params)?;
    if lanes == 0 {
        return Err(Error::InvalidParameter {
            name: "lanes",
            reason: "a block must hold at least one source".into(),
        });
    }
    for &s in sources {
        g.check_source(s)?;
    }
    if sources.is_empty() {
        return Ok(());
    }
    let n = g.n();
    let lanes = lanes.div_ceil(LANES) * LANES;
    let width = lanes.min(sources.len());
    let mut state = State {
        f: vec![ZERO; n],
        next: vec![ZERO; n],
        parked: vec![ZERO; n],
        res: vec![ZERO; n],
        marked: vec![false; n],
        is_parked: vec![false; n],
        has_res: vec![false; n],
        res_list: Vec::new(),
    };
    let mut block = Block {
        c: index.c(),
        width,
        res: vec![0.0; width * n],
        parked: Vec::new(),
    };
    let mut out = vec![0.0f64; LANES * n];
    for (b, chunk) in sources.chunks(lanes).enumerate() {
        for (k, group) in chunk.chunks(LANES).enumerate() {
            state.run(g, group, params, &mut block, k * LANES);
        }
        block.combine(index, n, chunk.len());
        // Hand the answers out 8 sources at a time (one cache line of the block per vertex).
        for (k, group) in chunk.chunks(LANES).enumerate() {
            block.take(k * LANES, group.len(), &mut out);
            for (l, &s) in group.iter().enumerate() {
                each(b * lanes + k * LANES + l, s, &out[l * n..(l + 1) * n]);
            }
        }
    }
    Ok(())
}

/// [`query_batch_with`] collecting every dense answer (for small batches).
///
/// # Errors
/// As [`query_batch_with`].
pub fn query_batch(
    g: &Graph,
    index: &Index,
    sources: &[u32],
    params: &QueryParams,
) -> Result<Vec<Vec<f64>>, Error> {
    let mut out = Vec::with_capacity(sources.len());
    query_batch_with(g, index, sources, params, |_, _, pi| out.push(pi.to_vec()))?;
    Ok(out)
}

/// One block's answers (vertex-major: source l's answer at v is `res[v·width + l]`, so a
/// fingerprint entry updates the block's sources in one run of memory) and the parked flows
/// of all its groups, (vertex, source in the block, weight).
struct Block {
    c: f64,
    width: usize,
    res: Vec<f64>,
    parked: Vec<(u32, u32, f64)>,
}

impl Block {
    /// Resolves the block's parked flows with the fingerprints: each parked vertex's
    /// fingerprint is read once and scattered to every source that parked flow there, in
    /// vertex order (as the single-source query sums). The share δ_u of a parked flow starts
    /// over at its source (see [`crate::query`]): π̂ = E / (1 − D) per source.
    fn combine(&mut self, index: &Index, n: usize, sources: usize) {
        // Bucket the triples by vertex (a counting sort keeps each vertex's sources in order).
        let mut start = vec![0usize; n + 1];
        for &(u, _, _) in &self.parked {
            start[u as usize + 1] += 1;
        }
        for u in 0..n {
            start[u + 1] += start[u];
        }
        let mut cursor = start.clone();
        let mut by_vertex = vec![(0u32, 0.0f64); self.parked.len()];
        for &(u, l, w) in &self.parked {
            by_vertex[cursor[u as usize]] = (l, w);
            cursor[u as usize] += 1;
        }
        self.parked.clear();
        let mut restart = vec![0.0f64; sources];
        let mut weights: Vec<(usize, f64)> = Vec::new();
        let width = self.width;
        for u in 0..n {
            let here = &by_vertex[start[u]..start[u + 1]];
            if here.is_empty() {
                continue;
            }
            let delta = index.dangling(u as u32);
            let (ids, counts, total) = index.fingerprint(u as u32);
            weights.clear();
            for &(l, w) in here {
                restart[l as usize] += w * delta;
                weights.push((l as usize, w * (1.0 - delta) / f64::from(total)));
            }
            for (&v, &k) in ids.iter().zip(counts) {
                let k = f64::from(k);
                let row = &mut self.res[v as usize * width..(v as usize + 1) * width];
                for &(l, w) in &weights {
                    row[l] += w * k;
                }
            }
        }
        let scale: Vec<f64> = restart
            .iter()
            .map(|&d| if d > 0.0 { 1.0 / (1.0 - d) } else { 1.0 })
            .collect();
        if scale.iter().any(|&x| x != 1.0) {
            for row in self.res.chunks_exact_mut(width) {
                for (x, &k) in row.iter_mut().zip(&scale) {
                    *x *= k;
                }
            }
        }
    }

    /// Copies the answers of sources `from..from + k` into `out` (source-major, n each) and
    /// zeroes them in the block.
    fn take(&mut self, from: usize, k: usize, out: &mut [f64]) {
        let n = out.len() / LANES;
        for v in 0..n {
            let row = &mut self.res[v * self.width + from..v * self.width + from + k];
            for (l, x) in row.iter_mut().enumerate() {
                out[l * n + v] = std::mem::replace(x, 0.0);
            }
        }
    }
}

struct State {
    f: Vec<Row>,
    next: Vec<Row>,
    parked: Vec<Row>,
    res: Vec<Row>,
    marked: Vec<bool>,
    is_parked: Vec<bool>,
    /// Whether `res[u]` was written in a sparse step (listed in `res_list`).
    has_res: Vec<bool>,
    res_list: Vec<u32>,
}

/// The frontier of a group's decomposition between steps.
struct Frontier {
    /// Vertices holding flow (sparse phase).
    active: Vec<u32>,
    /// Whether the steps have switched to dense pull passes.
    dense: bool,
    /// Vertices with parked flow.
    parked: Vec<u32>,
    /// The previous step's active list, kept to be refilled (no allocation per step).
    spare: Vec<u32>,
}

#[allow(clippy::needless_range_loop)] // lane indices address several rows at once
impl State {
    /// One group's decomposition: seed the flows, run up to T steps (stopping early once
    /// no flow is left), park the tail, and hand the exact parts and the parked flows to the
    /// block (its sources from `offset` on).
    fn run(
        &mut self,
        g: &Graph,
        group: &[u32],
        params: &QueryParams,
        block: &mut Block,
        offset: usize,
    ) {
        let (c, theta) = (block.c, params.theta);
        let mut frontier = self.seed(group);
        for _ in 0..params.steps {
            if self.exhausted(&frontier) {
                break;
            }
            if !frontier.dense {
                let arcs: usize = frontier
                    .active
                    .iter()
                    .map(|&u| g.out_degree(u).max(1))
                    .sum();
                frontier.dense = arcs * 16 > g.m();
            }
            if frontier.dense {
                self.dense_step(g, group, c, theta, &mut frontier.parked);
            } else {
                self.sparse_step(g, group, c, theta, &mut frontier);
            }
        }
        self.park_tail(g.n(), &mut frontier);
        self.hand_over(group.len(), &frontier.parked, block, offset);
    }

    /// Puts each lane's unit of flow at its source; the sources are the first frontier.
    fn seed(&mut self, group: &[u32]) -> Frontier {
        let mut active = Vec::new();
        for (l, &s) in group.iter().enumerate() {
            self.f[s as usize][l] = 1.0;
            if !self.marked[s as usize] {
                self.marked[s as usize] = true;
                active.push(s);
            }
        }
        for &s in &active {
            self.marked[s as usize] = false;
        }
        Frontier {
            active,
            dense: false,
            parked: Vec::new(),
            spare: Vec::new(),
        }
    }

    /// Whether no flow is left to propagate in any lane: all absorbed, or below the
    /// smallest normal float (resolved by the fingerprints like any tail).
    fn exhausted(&self, frontier: &Frontier) -> bool {
        let mut left = ZERO;
        let mut add = |r: &Row| (0..LANES).for_each(|l| left[l] += r[l]);
        if frontier.dense {
            self.f.iter().for_each(&mut add);
        } else {
            frontier
                .active
                .iter()
                .for_each(|&u| add(&self.f[u as usize]));
        }
        left.iter().all(|&x| x < f64::MIN_POSITIVE)
    }

    /// Absorbs one row at u: lanes at or below θ park, the others leave c·f in `res`.
    /// Returns the row that propagates.
    fn settle(&mut self, u: usize, row: Row, c: f64, theta: f64, list: &mut Vec<u32>) -> Row {
        let mut go = row;
        for l in 0..LANES {
            let x = row[l];
            if x > 0.0 && x <= theta {
                if !self.is_parked[u] {
                    self.is_parked[u] = true;
                    list.push(u as u32);
                }
                self.parked[u][l] += x;
                go[l] = 0.0;
            }
            self.res[u][l] += c * go[l];
        }
        if !self.has_res[u] {
            self.has_res[u] = true;
            self.res_list.push(u as u32);
        }
        go
    }

    /// One step as a pull pass over the in-adjacency (every arc once for the group).
    fn dense_step(&mut self, g: &Graph, group: &[u32], c: f64, theta: f64, list: &mut Vec<u32>) {
        let (n, keep) = (g.n(), 1.0 - c);
        let mut sink = ZERO;
        for u in 0..n {
            let row = std::mem::replace(&mut self.f[u], ZERO);
            if row == ZERO {
                continue;
            }
            let go = self.settle(u, row, c, theta, list);
            let d = g.out_degree(u as u32);
            if d == 0 {
                for l in 0..LANES {
                    sink[l] += go[l];
                }
            } else {
                let inv = 1.0 / d as f64;
                self.f[u] = go.map(|x| x * inv);
            }
        }
        let (offsets, sources) = g.in_csr();
        for v in 0..n {
            let mut acc = ZERO;
            for &u in &sources[offsets[v]..offsets[v + 1]] {
                let y = &self.f[u as usize];
                for l in 0..LANES {
                    acc[l] += y[l];
                }
            }
            self.next[v] = acc.map(|x| keep * x);
        }
        for (l, &s) in group.iter().enumerate() {
            self.next[s as usize][l] += keep * sink[l];
        }
        self.f.iter_mut().for_each(|r| *r = ZERO);
        std::mem::swap(&mut self.f, &mut self.next);
    }

    /// One step pushed along the out-arcs of the active vertices.
    fn sparse_step(&mut self, g: &Graph, group: &[u32], c: f64, theta: f64, fr: &mut Frontier) {
        let keep = 1.0 - c;
        let mut touched = std::mem::take(&mut fr.spare);
        touched.clear();
        for &u in &fr.active {
            let row = std::mem::replace(&mut self.f[u as usize], ZERO);
            let go = self.settle(u as usize, row, c, theta, &mut fr.parked);
            let nbrs = g.out_neighbors(u);
            if nbrs.is_empty() {
                let out = go.map(|x| keep * x);
                for (l, &s) in group.iter().enumerate() {
                    if out[l] != 0.0 {
                        self.add(s, &out, Some(l), &mut touched);
                    }
                }
            } else {
                let share = go.map(|x| keep * x / nbrs.len() as f64);
                for &v in nbrs {
                    self.add(v, &share, None, &mut touched);
                }
            }
        }
        std::mem::swap(&mut self.f, &mut self.next);
        for &v in &touched {
            self.marked[v as usize] = false;
        }
        fr.spare = std::mem::replace(&mut fr.active, touched);
    }

    /// Adds a row (or one lane of it) to `next[v]`, recording v as touched once.
    fn add(&mut self, v: u32, x: &Row, lane: Option<usize>, touched: &mut Vec<u32>) {
        let t = &mut self.next[v as usize];
        match lane {
            Some(l) => t[l] += x[l],
            None => (0..LANES).for_each(|l| t[l] += x[l]),
        }
        if !self.marked[v as usize] {
            self.marked[v as usize] = true;
            touched.push(v);
        }
    }

    /// Parks every flow left after the last step at its vertex.
    fn park_tail(&mut self, n: usize, fr: &mut Frontier) {
        let mut tail = |u: usize, state: &mut State| {
            let row = std::mem::replace(&mut state.f[u], ZERO);
            if row != ZERO {
                if !state.is_parked[u] {
                    state.is_parked[u] = true;
                    fr.parked.push(u as u32);
                }
                for l in 0..LANES {
                    state.parked[u][l] += row[l];
                }
            }
        };
        if fr.dense {
            (0..n).for_each(|u| tail(u, self));
        } else {
            let active = std::mem::take(&mut fr.active);
            active.iter().for_each(|&u| tail(u as usize, self));
        }
    }

    /// Moves the group's exact parts into the block's answers and its parked flows into
    /// the block's triples, leaving the group's rows zero for the next group.
    fn hand_over(&mut self, k: usize, parked: &[u32], block: &mut Block, offset: usize) {
        for &u in parked {
            let row = std::mem::replace(&mut self.parked[u as usize], ZERO);
            self.is_parked[u as usize] = false;
            for l in 0..k {
                if row[l] != 0.0 {
                    block.parked.push((u, (offset + l) as u32, row[l]));
                }
            }
        }
        for &u in &self.res_list {
            let row = std::mem::replace(&mut self.res[u as usize], ZERO);
            self.has_res[u as usize] = false;
            for l in 0..k {
                block.res[u as usize * block.width + offset + l] = row[l];
            }
        }
        self.res_list.clear();
    }
}
