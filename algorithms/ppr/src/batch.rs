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
/// [`Error::InvalidParameter`] (θ).
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

impl State {
    #[allow(clippy::needless_range_loop)] // indices address several arrays
    fn run(&mut self, g: &Graph, index: &Index, group: &[u32], params: &QueryParams) {
        let n = g.n();
        let (c, theta) = (index.c(), params.theta);
        let keep = 1.0 - c;
        let mut parked_list: Vec<u32> = Vec::new();
        let mut active: Vec<u32> = Vec::new();
        let mut touched: Vec<u32> = Vec::new();
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
        let mut dense = false;
        let State {
            f,
            next,
            parked,
            res,
            marked,
            is_parked,
        } = self;
        // Absorbs one row at u: lanes at or below θ park, the others leave c·f in `res`.
        // Returns the row that propagates.
        let mut settle =
            |u: usize, row: Row, res: &mut [Row], parked: &mut [Row], list: &mut Vec<u32>| -> Row {
                let mut go = row;
                for l in 0..LANES {
                    let x = row[l];
                    if x > 0.0 && x <= theta {
                        if !is_parked[u] {
                            is_parked[u] = true;
                            list.push(u as u32);
                        }
                        parked[u][l] += x;
                        go[l] = 0.0;
                    }
                    res[u][l] += c * go[l];
                }
                go
            };
        for _ in 0..params.steps {
            if !dense {
                let arcs: usize = active.iter().map(|&u| g.out_degree(u).max(1)).sum();
                dense = arcs * 16 > g.m();
            }
            if dense {
                let mut sink = ZERO;
                for u in 0..n {
                    let row = std::mem::replace(&mut f[u], ZERO);
                    if row == ZERO {
                        continue;
                    }
                    let go = settle(u, row, res, parked, &mut parked_list);
                    let d = g.out_degree(u as u32);
                    if d == 0 {
                        for l in 0..LANES {
                            sink[l] += go[l];
                        }
                    } else {
                        let inv = 1.0 / d as f64;
                        f[u] = go.map(|x| x * inv);
                    }
                }
                let (offsets, sources) = g.in_csr();
                for v in 0..n {
                    let mut acc = ZERO;
                    for &u in &sources[offsets[v]..offsets[v + 1]] {
                        let y = &f[u as usize];
                        for l in 0..LANES {
                            acc[l] += y[l];
                        }
                    }
                    next[v] = acc.map(|x| keep * x);
                }
                for (l, &s) in group.iter().enumerate() {
                    next[s as usize][l] += keep * sink[l];
                }
                f.iter_mut().for_each(|r| *r = ZERO);
                std::mem::swap(f, next);
                continue;
            }
            for &u in &active {
                let row = std::mem::replace(&mut f[u as usize], ZERO);
                let go = settle(u as usize, row, res, parked, &mut parked_list);
                let mut add = |v: u32, x: &Row, l: Option<usize>| {
                    let t = &mut next[v as usize];
                    match l {
                        Some(l) => t[l] += x[l],
                        None => (0..LANES).for_each(|l| t[l] += x[l]),
                    }
                    if !marked[v as usize] {
                        marked[v as usize] = true;
                        touched.push(v);
                    }
                };
                let nbrs = g.out_neighbors(u);
                if nbrs.is_empty() {
                    let out = go.map(|x| keep * x);
                    for (l, &s) in group.iter().enumerate() {
                        if out[l] != 0.0 {
                            add(s, &out, Some(l));
                        }
                    }
                } else {
                    let share = go.map(|x| keep * x / nbrs.len() as f64);
                    for &v in nbrs {
                        add(v, &share, None);
                    }
                }
            }
            std::mem::swap(f, next);
            for &v in &touched {
                marked[v as usize] = false;
            }
            active.clear();
            std::mem::swap(&mut active, &mut touched);
        }
        // The tail parks.
        let mut tail = |u: usize| {
            let row = std::mem::replace(&mut f[u], ZERO);
            if row != ZERO {
                if !is_parked[u] {
                    is_parked[u] = true;
                    parked_list.push(u as u32);
                }
                for l in 0..LANES {
                    parked[u][l] += row[l];
                }
            }
        };
        if dense {
            (0..n).for_each(&mut tail);
        } else {
            active.iter().for_each(|&u| tail(u as usize));
        }
        // Fingerprints in vertex order, as in the single-source query.
        if parked_list.len() * 16 > n {
            parked_list.clear();
            parked_list.extend((0..n as u32).filter(|&u| is_parked[u as usize]));
        } else {
            parked_list.sort_unstable();
        }
        // The share δ_u of a parked flow starts over at the lane's source (see
        // `crate::query`): π̂ = E / (1 − D) per lane.
        let mut restart = ZERO;
        for &u in &parked_list {
            let w = std::mem::replace(&mut parked[u as usize], ZERO);
            is_parked[u as usize] = false;
            let delta = index.dangling(u);
            for l in 0..LANES {
                restart[l] += w[l] * delta;
            }
            let (ids, counts, total) = index.fingerprint(u);
            let w = w.map(|x| x * (1.0 - delta) / f64::from(total));
            for (&v, &k) in ids.iter().zip(counts) {
                let k = f64::from(k);
                let r = &mut res[v as usize];
                for l in 0..LANES {
                    r[l] += w[l] * k;
                }
            }
        }
        if restart != ZERO {
            let scale = restart.map(|d| 1.0 / (1.0 - d));
            for r in res.iter_mut() {
                for l in 0..LANES {
                    r[l] *= scale[l];
                }
            }
        }
    }
}
