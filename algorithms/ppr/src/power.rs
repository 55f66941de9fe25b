//! Power iteration in f64: the exact method, and the ground truth of the benchmarks.
//!
//! PPR as a sum of flows (Jeh and Widom 2003; the PowerWalk decomposition):
//! `π_s = Σ_t c·f_t` with `f_0 = e_s` and `f_{t+1} = (1 − c)·Pᵀ f_t`, dangling vertices
//! sending their flow back to `s`. Flow is conserved, so after T iterations the mass not yet
//! absorbed is exactly `(1 − c)^T`, and the L1 error of the truncated sum equals it. The
//! iteration stops on that residual mass.
//!
//! Sparse first hops are pushed along out-arcs from the active vertices; once the active
//! arcs exceed `m/16`, each iteration is one pull pass over the in-adjacency (one gather
//! per arc, sequential elsewhere). O(m) per iteration, `T = ⌈ln tol / ln(1 − c)⌉`
//! iterations.

use crate::error::Error;
use crate::graph::{Graph, check_teleport};

/// The output of [`power_iteration`].
#[derive(Debug, Clone, PartialEq)]
pub struct PowerResult {
    /// The estimate, dense over the vertices; it sums to `1 − bound`.
    pub pi: Vec<f64>,
    /// Iterations run (T).
    pub iterations: usize,
    /// The truncation bound `(1 − c)^T`: the mass not absorbed, equal to the L1 error in
    /// exact arithmetic (every entry is an underestimate).
    pub bound: f64,
}

/// The number of iterations T after which `(1 − c)^T ≤ tol`.
pub fn iterations_for(c: f64, tol: f64) -> usize {
    if tol >= 1.0 {
        return 0;
    }
    let mut t = 0;
    let mut mass = 1.0f64;
    while mass > tol {
        mass *= 1.0 - c;
        t += 1;
    }
    t
}

/// Personalized PageRank from `source` by power iteration, stopping once the residual mass
/// `(1 − c)^T` is at most `tol` (`tol` in `(0, 1)`). Single-threaded.
///
/// # Errors
/// [`Error::UnknownSource`], [`Error::InvalidTeleport`], [`Error::InvalidParameter`] for a
/// `tol` outside (0, 1), [`Error::TooMuchWork`] beyond [`crate::limits::MAX_ITERATIONS`].
///
/// ```
/// let g = ppr::Graph::from_edges(None, &[(0, 1), (1, 0)], true)?;
/// let r = ppr::power::power_iteration(&g, 0, 0.15, 1e-12)?;
/// // Two vertices in a cycle: π(0) = c / (1 − (1 − c)²).
/// let exact = 0.15 / (1.0 - 0.85f64 * 0.85);
/// assert!((r.pi[0] - exact).abs() <= r.bound);
/// # Ok::<(), ppr::Error>(())
/// ```
pub fn power_iteration(g: &Graph, source: u32, c: f64, tol: f64) -> Result<PowerResult, Error> {
    g.check_source(source)?;
    check_teleport(c)?;
    if !(tol > 0.0 && tol < 1.0) {
        return Err(Error::InvalidParameter {
            name: "tol",
            reason: format!("{tol} is not in (0, 1)"),
        });
    }
    let iterations = crate::limits::iterations_within(c, tol, "power iteration to L1 error tol")?;
    let pi = truncated_sum(g, source, c, iterations);
    Ok(PowerResult {
        pi,
        iterations,
        bound: (1.0 - c).powi(iterations as i32),
    })
}

/// `Σ_{t<T} c·f_t` for `T = iterations` (no validation).
pub(crate) fn truncated_sum(g: &Graph, source: u32, c: f64, iterations: usize) -> Vec<f64> {
    let n = g.n();
    let keep = 1.0 - c;
    let mut acc = vec![0.0f64; n];
    // Sparse phase: flow as a dense vector plus its support.
    let mut f = vec![0.0f64; n];
    let mut next = vec![0.0f64; n];
    let mut active = vec![source];
    let mut touched = Vec::new();
    let mut marked = vec![false; n];
    f[source as usize] = 1.0;
    let mut t = 0;
    while t < iterations {
        let arcs: usize = active.iter().map(|&u| g.out_degree(u).max(1)).sum();
        if arcs * 16 > g.m() {
            break;
        }
        for &u in &active {
            let fu = f[u as usize];
            f[u as usize] = 0.0;
            acc[u as usize] += c * fu;
            let nbrs = g.out_neighbors(u);
            let mut add = |v: u32, x: f64| {
                next[v as usize] += x;
                if !marked[v as usize] {
                    marked[v as usize] = true;
                    touched.push(v);
                }
            };
            if nbrs.is_empty() {
                add(source, keep * fu);
            } else {
                let share = keep * fu / nbrs.len() as f64;
                for &v in nbrs {
                    add(v, share);
                }
            }
        }
        std::mem::swap(&mut f, &mut next);
        active.clear();
        for &v in &touched {
            marked[v as usize] = false;
        }
        std::mem::swap(&mut active, &mut touched);
        t += 1;
    }
    if t == iterations {
        return acc;
    }
    // Dense phase, in the pull order (vertices relabelled by decreasing out-degree):
    // y = f / deg (0 at sinks), pulled along in-arcs.
    let pull = g.pull_csr();
    let inv_deg: Vec<f64> = pull
        .order
        .iter()
        .map(|&u| {
            let d = g.out_degree(u);
            if d == 0 { 0.0 } else { 1.0 / d as f64 }
        })
        .collect();
    let is_sink: Vec<f64> = inv_deg
        .iter()
        .map(|&d| if d == 0.0 { 1.0 } else { 0.0 })
        .collect();
    let mut y = vec![0.0f64; n];
    let mut sum = vec![0.0f64; n];
    let mut sink = 0.0;
    for (new, &old) in pull.order.iter().enumerate() {
        let fu = f[old as usize];
        acc[old as usize] += c * fu;
        y[new] = fu * inv_deg[new];
        sink += fu * is_sink[new];
    }
    t += 1;
    let (offsets, sources) = (&pull.offsets, &pull.sources);
    let mut y_next = next;
    let src = pull.rank[source as usize] as usize;
    while t < iterations {
        // One fused pass: pull, absorb c·f, and divide by the degree for the next pull.
        let mut sink_next = 0.0;
        let rows = offsets
            .windows(2)
            .zip(sum.iter_mut())
            .zip(y_next.iter_mut());
        for (((w, a), yn), (&inv, &sk)) in rows.zip(inv_deg.iter().zip(&is_sink)) {
            let fv = keep * pull_sum(&y, &sources[w[0]..w[1]]);
            *a += c * fv;
            *yn = fv * inv;
            sink_next += fv * sk;
        }
        // The sinks' previous mass restarts at the source (linear, so added afterwards).
        let extra = keep * sink;
        sum[src] += c * extra;
        y_next[src] += extra * inv_deg[src];
        sink_next += extra * is_sink[src];
        std::mem::swap(&mut y, &mut y_next);
        sink = sink_next;
        t += 1;
    }
    for (new, &old) in pull.order.iter().enumerate() {
        acc[old as usize] += sum[new];
    }
    acc
}

/// `Σ y[u]` over `ids`, with four accumulators (summation order fixed by `ids`).
#[inline]
pub(crate) fn pull_sum(y: &[f64], ids: &[u32]) -> f64 {
    let mut chunks = ids.chunks_exact(4);
    let (mut a, mut b, mut c, mut d) = (0.0, 0.0, 0.0, 0.0);
    for ch in &mut chunks {
        a += y[ch[0] as usize];
        b += y[ch[1] as usize];
        c += y[ch[2] as usize];
        d += y[ch[3] as usize];
    }
    for &u in chunks.remainder() {
        a += y[u as usize];
    }
    (a + b) + (c + d)
}
