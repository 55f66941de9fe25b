//! The PowerWalk online query: T exact steps of the vertex-centric decomposition, then the
//! remaining flow resolved with the offline fingerprints (Liu et al., CIKM 2016).
//!
//! `π_s = Σ_{t<T} c·f_t + Σ_u f_T(u)·π_u` with `f_0 = e_s`, `f_{t+1} = (1 − c)·Pᵀ f_t`
//! (dangling vertices send their flow to s). The unknown `π_u` are replaced by the
//! fingerprints `π̂_u`. Flow at or below θ stops propagating and is *absorbed*: resolved
//! with its vertex's fingerprint like the tail, never dropped (dropping it, as the reference
//! code does, puts a floor under the L1 error). Parked flow is summed per vertex before the
//! fingerprints are combined, so each fingerprint is read once per query.
//!
//! **Dangling vertices.** A walk of `π_s` that reaches a sink goes on from s, but u's
//! fingerprint walks go on from u. Resolving the tail with `π̂_u` as is would leave a bias
//! that no R removes (measured on rmat17, half of whose vertices are sinks: L1 0.13 / 0.073
//! / 0.054 at R = 16 / 128 / 512, T = 4). A walk from u is a chain of independent segments
//! that end in a stop or, with probability `δ_u`, in a restart; so `π_u^(s) = (1 − δ_u)·π_u +
//! δ_u·π_s`. The query keeps the share `(1 − δ_u)` of u's flow on `π̂_u`, estimates `δ_u`
//! as J/(R + J) from the walks' restart count J ([`Index::restarts`]), and solves
//! `π̂_s = E + D·π̂_s` (D = Σ δ_u·w_u): the answer is E / (1 − D).
//!
//! **Guarantee.** Exactly the mass `M` = [`QueryResult::fingerprint_mass`] is resolved by
//! fingerprints (`M = (1 − c)^T` at θ = 0; with θ > 0 the flow absorbed early adds to it); as every `π̂_u` is a probability vector, the L1 error is at most
//! `2M` whatever the fingerprints' quality, and `M · (weighted fingerprint error)` in
//! general. The result sums to 1.
//!
//! Cost: sparse steps push along out-arcs of the active vertices; once those exceed
//! `m/16` a step is one pull pass over the in-adjacency (O(m)). Combining costs the size of
//! the parked vertices' fingerprints.

use crate::error::Error;
use crate::graph::Graph;
use crate::index::Index;
use crate::power::pull_sum;

/// The online parameters. The default is T = 4, θ = 0.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct QueryParams {
    /// T: exact decomposition steps before the fingerprints take over.
    pub steps: usize,
    /// θ ≥ 0: flow at or below it is absorbed into its vertex's fingerprint.
    pub theta: f64,
}

impl Default for QueryParams {
    fn default() -> Self {
        QueryParams {
            steps: 4,
            theta: 0.0,
        }
    }
}

/// The output of [`query`].
#[derive(Debug, Clone, PartialEq)]
pub struct QueryResult {
    /// The estimate of `π_s`, dense; it sums to 1 (up to rounding).
    pub pi: Vec<f64>,
    /// The mass resolved with fingerprints; the L1 error is at most twice it. It equals
    /// `(1 − c)^T` at θ = 0 (up to rounding, or less when the query stopped early because no
    /// flow was left); with θ > 0 the flow absorbed early adds to it, so it can exceed
    /// `(1 − c)^T`.
    pub fingerprint_mass: f64,
    /// The flow at or below θ: absorbed early into the fingerprints by [`query`] (part of
    /// `fingerprint_mass`), dropped by [`query_paper`].
    pub absorbed_mass: f64,
    /// How many of the T steps ran as dense pull passes.
    pub dense_steps: usize,
}

pub(crate) fn check(g: &Graph, index: &Index, params: &QueryParams) -> Result<(), Error> {
    if index.n() != g.n() {
        return Err(Error::IndexMismatch {
            index_n: index.n(),
            graph_n: g.n(),
        });
    }
    if index.graph_digest() != g.arc_digest() {
        return Err(Error::IndexForAnotherGraph {
            index: index.graph_digest(),
            graph: g.arc_digest(),
        });
    }
    crate::limits::check_steps(params.steps)?;
    if !(params.theta >= 0.0 && params.theta.is_finite()) {
        return Err(Error::InvalidParameter {
            name: "theta",
            reason: format!("{} must be finite and ≥ 0", params.theta),
        });
    }
    Ok(())
}

/// Single-source PowerWalk query. See the module docs for the guarantee.
///
/// # Errors
/// [`Error::UnknownSource`], [`Error::IndexMismatch`], [`Error::IndexForAnotherGraph`],
/// [`Error::InvalidParameter`] (θ, or T beyond [`crate::limits::MAX_STEPS`]).
///
/// ```
/// use ppr::index::{IndexParams, build_index};
/// use ppr::query::{QueryParams, query};
/// let g = ppr::Graph::from_edges(None, &[(0, 1), (1, 2), (2, 0), (2, 1)], true)?;
/// let index = build_index(&g, &IndexParams { walks: 64, ..Default::default() })?;
/// let r = query(&g, &index, 0, &QueryParams { steps: 10, theta: 0.0 })?;
/// let truth = ppr::power::power_iteration(&g, 0, 0.15, 1e-14)?.pi;
/// assert!(ppr::metrics::l1(&r.pi, &truth) <= 2.0 * r.fingerprint_mass + 1e-12);
/// # Ok::<(), ppr::Error>(())
/// ```
pub fn query(
    g: &Graph,
    index: &Index,
    source: u32,
    params: &QueryParams,
) -> Result<QueryResult, Error> {
    g.check_source(source)?;
    check(g, index, params)?;
    decompose(g, Some(index), index.c(), source, params, false)
}

/// The query with no index (the paper's R = 0): the answer is the exact part `s^T` alone,
/// `Σ_{t<T} c·f_t` (the flow left after T steps, and any flow absorbed at θ, is dropped), so
/// it sums to `1 − fingerprint_mass` and its L1 error is exactly that mass: `(1 − c)^T` at
/// θ = 0, the answer of T power iterations.
///
/// # Errors
/// [`Error::UnknownSource`], [`Error::InvalidTeleport`], [`Error::InvalidParameter`] (θ, T).
///
/// ```
/// use ppr::query::{QueryParams, query_without_index};
/// let g = ppr::Graph::from_edges(None, &[(0, 1), (1, 2), (2, 0), (2, 1)], true)?;
/// let r = query_without_index(&g, 0, 0.15, &QueryParams { steps: 30, theta: 0.0 })?;
/// let truth = ppr::power::power_iteration(&g, 0, 0.15, 1e-14)?.pi;
/// assert!((ppr::metrics::l1(&r.pi, &truth) - r.fingerprint_mass).abs() < 1e-12);
/// # Ok::<(), ppr::Error>(())
/// ```
pub fn query_without_index(
    g: &Graph,
    source: u32,
    c: f64,
    params: &QueryParams,
) -> Result<QueryResult, Error> {
    g.check_source(source)?;
    crate::graph::check_teleport(c)?;
    crate::limits::check_steps(params.steps)?;
    if !(params.theta >= 0.0 && params.theta.is_finite()) {
        return Err(Error::InvalidParameter {
            name: "theta",
            reason: format!("{} must be finite and ≥ 0", params.theta),
        });
    }
    decompose(g, None, c, source, params, false)
}

/// The query as the paper states it (Liu et al., CIKM 2016, Algorithm 4 with its
/// sparsification): flow at or below θ is **dropped** instead of absorbed, and the tail is
/// resolved with the fingerprints as they are, **without the restart correction**. On a
/// graph with dangling vertices this is biased (u's fingerprint walks restart at u, while in
/// π_s they restart at s), and dropping puts a floor of the dropped mass under the L1 error;
/// [`query`] fixes both. Kept to show what the correction changes.
///
/// # Errors
/// As [`query`].
pub fn query_paper(
    g: &Graph,
    index: &Index,
    source: u32,
    params: &QueryParams,
) -> Result<QueryResult, Error> {
    g.check_source(source)?;
    check(g, index, params)?;
    decompose(g, Some(index), index.c(), source, params, true)
}

/// T steps of the decomposition from `source`, the parked flow resolved with `index`'s
/// fingerprints, or dropped without one.
fn decompose(
    g: &Graph,
    index: Option<&Index>,
    c: f64,
    source: u32,
    params: &QueryParams,
    paper: bool,
) -> Result<QueryResult, Error> {
    let n = g.n();
    let theta = params.theta;
    let keep = 1.0 - c;
    let mut res = vec![0.0f64; n];
    let mut f = vec![0.0f64; n];
    let mut next = vec![0.0f64; n];
    let mut parked = vec![0.0f64; n];
    let mut parked_list: Vec<u32> = Vec::new();
    let mut absorbed = 0.0;
    let mut park = |u: u32, x: f64, parked: &mut [f64]| {
        if parked[u as usize] == 0.0 {
            parked_list.push(u);
        }
        parked[u as usize] += x;
    };
    let mut active = vec![source];
    let mut touched = Vec::new();
    let mut marked = vec![false; n];
    let mut dense = false;
    let mut dense_steps = 0;
    f[source as usize] = 1.0;
    for _ in 0..params.steps {
        // Stop early once no flow is left: all absorbed, or below the smallest normal
        // float (what remains is resolved by the fingerprints like any tail).
        let left: f64 = if dense {
            f.iter().sum()
        } else {
            active.iter().map(|&u| f[u as usize]).sum()
        };
        if left < f64::MIN_POSITIVE {
            break;
        }
        if !dense {
            let arcs: usize = active.iter().map(|&u| g.out_degree(u).max(1)).sum();
            dense = arcs * 16 > g.m();
        }
        if dense {
            dense_steps += 1;
            let mut sink = 0.0;
            for u in 0..n {
                let fu = f[u];
                f[u] = 0.0;
                if fu == 0.0 {
                    continue;
                }
                if fu <= theta {
                    absorbed += fu;
                    if !paper {
                        park(u as u32, fu, &mut parked);
                    }
                    continue;
                }
                res[u] += c * fu;
                let d = g.out_degree(u as u32);
                if d == 0 {
                    sink += fu;
                } else {
                    f[u] = fu / d as f64;
                }
            }
            // f now holds y = f / deg; pull it into `next`.
            let (offsets, sources) = g.in_csr();
            for v in 0..n {
                next[v] = keep * pull_sum(&f, &sources[offsets[v]..offsets[v + 1]]);
            }
            next[source as usize] += keep * sink;
            f.iter_mut().for_each(|x| *x = 0.0);
            std::mem::swap(&mut f, &mut next);
            continue;
        }
        for &u in &active {
            let fu = f[u as usize];
            f[u as usize] = 0.0;
            if fu == 0.0 {
                continue;
            }
            if fu <= theta {
                absorbed += fu;
                if !paper {
                    park(u, fu, &mut parked);
                }
                continue;
            }
            res[u as usize] += c * fu;
            let mut add = |v: u32, x: f64| {
                next[v as usize] += x;
                if !marked[v as usize] {
                    marked[v as usize] = true;
                    touched.push(v);
                }
            };
            let nbrs = g.out_neighbors(u);
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
        for &v in &touched {
            marked[v as usize] = false;
        }
        active.clear();
        std::mem::swap(&mut active, &mut touched);
    }
    // The tail: every remaining flow parks at its vertex.
    let mut tail = |u: usize, f: &mut [f64], parked: &mut [f64]| {
        if f[u] > 0.0 {
            park(u as u32, f[u], parked);
            f[u] = 0.0;
        }
    };
    if dense {
        for u in 0..n {
            tail(u, &mut f, &mut parked);
        }
    } else {
        for &u in &active {
            tail(u as usize, &mut f, &mut parked);
        }
    }
    // Read the fingerprints in vertex order: a stream through the index instead of random
    // jumps (the scatter into `res` stays random).
    if parked_list.len() * 16 > n {
        parked_list.clear();
        parked_list.extend((0..n as u32).filter(|&u| parked[u as usize] != 0.0));
    } else {
        parked_list.sort_unstable();
    }
    let mut fingerprint_mass = 0.0;
    // A walk from u that reaches a sink goes on from *s* in π_s, but from u in u's
    // fingerprint: only the share 1 − δ_u of the flow follows the fingerprint, the share δ_u
    // starts over at s. So π̂_s = E + D·π̂_s, E = exact part + Σ (1 − δ_u)·w_u·π̂_u and
    // D = Σ δ_u·w_u: π̂_s = E / (1 − D).
    let mut restart = 0.0;
    for &u in &parked_list {
        let w = parked[u as usize];
        fingerprint_mass += w;
        let Some(index) = index else {
            continue;
        };
        let delta = if paper { 0.0 } else { index.dangling(u) };
        restart += w * delta;
        let (ids, counts, total) = index.fingerprint(u);
        let w = w * (1.0 - delta) / f64::from(total);
        for (&v, &k) in ids.iter().zip(counts) {
            res[v as usize] += w * f64::from(k);
        }
    }
    if restart > 0.0 {
        let scale = 1.0 / (1.0 - restart);
        res.iter_mut().for_each(|x| *x *= scale);
    }
    Ok(QueryResult {
        pi: res,
        fingerprint_mass,
        absorbed_mass: absorbed,
        dense_steps,
    })
}
