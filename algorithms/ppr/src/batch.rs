//! Batched PowerWalk queries: the sources of a batch share every decomposition step.
//!
//! Sources are taken in groups of [`LANES`] = 8; a group keeps one 64-byte row of flows per
//! vertex (one f64 lane per source), so each step reads every arc once for the whole group
//! (a pull pass gathers one cache line per arc instead of eight), and combining reads each
//! parked vertex's fingerprint once for the group. The answers equal the single-source
//! [`crate::query::query`] answers up to floating-point summation order (tested to L1
//! ≤ 1e-12). On one machine this is the paper's shared decomposition; across machines (the
//! timely backend) a batch of B sources costs T supersteps in all.

use crate::error::Error;
use crate::graph::Graph;
use crate::index::Index;
use crate::query::{QueryParams, check};

/// Sources per group: one cache line of f64 flows per vertex.
pub const LANES: usize = 8;
type Row = [f64; LANES];
const ZERO: Row = [0.0; LANES];

/// Runs a batch of PowerWalk queries and hands each answer to `each(position, source,
/// π̂)` in order, without holding all B dense vectors at once (a thousand sources on a
/// million vertices would need 8 GB).
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
    mut each: impl FnMut(usize, u32, &[f64]),
) -> Result<(), Error> {
    check(g, index, params)?;
    for &s in sources {
        g.check_source(s)?;
    }
    let n = g.n();
    let mut state = State {
        f: vec![ZERO; n],
        next: vec![ZERO; n],
        parked: vec![ZERO; n],
        res: vec![ZERO; n],
        marked: vec![false; n],
        is_parked: vec![false; n],
    };
    let mut out = vec![0.0f64; n];
    for (k, group) in sources.chunks(LANES).enumerate() {
        state.run(g, index, group, params);
        for (l, &s) in group.iter().enumerate() {
            for (o, r) in out.iter_mut().zip(&state.res) {
                *o = r[l];
            }
            each(k * LANES + l, s, &out);
        }
        state.res.iter_mut().for_each(|r| *r = ZERO);
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

struct State {
    f: Vec<Row>,
    next: Vec<Row>,
    parked: Vec<Row>,
    res: Vec<Row>,
    marked: Vec<bool>,
    is_parked: Vec<bool>,
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
    /// One group's answers, left in `res`: seed the flows, run up to T steps (stopping
    /// early once no flow is left), park the tail, combine the fingerprints.
    fn run(&mut self, g: &Graph, index: &Index, group: &[u32], params: &QueryParams) {
        let (c, theta) = (index.c(), params.theta);
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
        self.combine(index, g.n(), frontier.parked);
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

    /// Resolves the parked flows with the fingerprints, in vertex order (as in the
    /// single-source query). The share δ_u of a parked flow starts over at the lane's
    /// source (see [`crate::query`]): π̂ = E / (1 − D) per lane.
    fn combine(&mut self, index: &Index, n: usize, mut parked_list: Vec<u32>) {
        if parked_list.len() * 16 > n {
            parked_list.clear();
            parked_list.extend((0..n as u32).filter(|&u| self.is_parked[u as usize]));
        } else {
            parked_list.sort_unstable();
        }
        let mut restart = ZERO;
        for &u in &parked_list {
            let w = std::mem::replace(&mut self.parked[u as usize], ZERO);
            self.is_parked[u as usize] = false;
            let delta = index.dangling(u);
            for l in 0..LANES {
                restart[l] += w[l] * delta;
            }
            let (ids, counts, total) = index.fingerprint(u);
            let w = w.map(|x| x * (1.0 - delta) / f64::from(total));
            for (&v, &k) in ids.iter().zip(counts) {
                let k = f64::from(k);
                let r = &mut self.res[v as usize];
                for l in 0..LANES {
                    r[l] += w[l] * k;
                }
            }
        }
        if restart != ZERO {
            let scale = restart.map(|d| 1.0 / (1.0 - d));
            for r in self.res.iter_mut() {
                for l in 0..LANES {
                    r[l] *= scale[l];
                }
            }
        }
    }
}
