//! Forward push (Andersen, Chung and Lang, FOCS 2006), FIFO order, switching to
//! sequential sweeps over all vertices while the active set is large (the PowerPush idea,
//! Wu et al., SIGMOD 2021).
//!
//! Invariant: `π_s = p + Σ_u r(u)·π_u`, so the L1 error of `p` is exactly `Σ r` (reported).
//! A vertex is active while `r(u) > r_max · max(deg(u), 1)`; pushing it moves `c·r(u)` into
//! `p(u)` and spreads `(1 − c)·r(u)` over its out-neighbours (to the source if dangling).
//! On termination `Σ r ≤ r_max · (m + sinks)`. Time O(Σ pushed degrees), at most
//! O(m · log(1/(r_max m)) / c) for the FIFO order.

use std::collections::VecDeque;

use crate::error::Error;
use crate::graph::{Graph, check_teleport};

/// The output of [`forward_push`].
#[derive(Debug, Clone, PartialEq)]
pub struct PushResult {
    /// The estimate `p` (every entry an underestimate).
    pub pi: Vec<f64>,
    /// `Σ r`: the exact L1 error of `pi` (up to rounding).
    pub residual: f64,
    /// Number of push operations.
    pub pushes: u64,
    /// Number of full sequential sweeps run.
    pub sweeps: u32,
}

/// Forward push from `source` with threshold `r_max` per unit degree (`r_max > 0`).
/// `r_max = λ/m` gives L1 error at most about λ.
///
/// # Errors
/// [`Error::UnknownSource`], [`Error::InvalidTeleport`], [`Error::InvalidParameter`] for
/// `r_max ≤ 0` or not finite, [`Error::TooMuchWork`] when `ln(r_max·m)/ln(1 − c)` exceeds
/// [`crate::limits::MAX_ITERATIONS`].
///
/// ```
/// let g = ppr::Graph::from_edges(None, &[(0, 1), (1, 2), (2, 0)], true)?;
/// let r = ppr::push::forward_push(&g, 0, 0.15, 1e-9)?;
/// assert!(r.residual < 1e-8);
/// assert!((r.pi.iter().sum::<f64>() + r.residual - 1.0).abs() < 1e-12);
/// # Ok::<(), ppr::Error>(())
/// ```
pub fn forward_push(g: &Graph, source: u32, c: f64, r_max: f64) -> Result<PushResult, Error> {
    g.check_source(source)?;
    check_teleport(c)?;
    if !(r_max > 0.0 && r_max.is_finite()) {
        return Err(Error::InvalidParameter {
            name: "r_max",
            reason: format!("{r_max} must be positive and finite"),
        });
    }
    // Push to residual λ = r_max·m does about the work of power iteration to tol λ.
    crate::limits::iterations_within(c, r_max * g.m().max(1) as f64, "forward push")?;
    let n = g.n();
    let sweep_at = (n / 8).max(1);
    let keep = 1.0 - c;
    let threshold: Vec<f64> = (0..n)
        .map(|u| r_max * g.out_degree(u as u32).max(1) as f64)
        .collect();
    let mut p = vec![0.0f64; n];
    let mut r = vec![0.0f64; n];
    let mut queued = vec![false; n];
    let mut queue = VecDeque::new();
    r[source as usize] = 1.0;
    queue.push_back(source);
    queued[source as usize] = true;
    let (mut pushes, mut sweeps) = (0u64, 0u32);
    // Pushes u; calls `activate` on every vertex whose residual grew.
    let push = |u: u32, p: &mut [f64], r: &mut [f64], activate: &mut dyn FnMut(u32, &[f64])| {
        let ru = r[u as usize];
        r[u as usize] = 0.0;
        p[u as usize] += c * ru;
        let nbrs = g.out_neighbors(u);
        if nbrs.is_empty() {
            r[source as usize] += keep * ru;
            activate(source, r);
        } else {
            let share = keep * ru / nbrs.len() as f64;
            for &v in nbrs {
                r[v as usize] += share;
                activate(v, r);
            }
        }
    };
    loop {
        while let Some(u) = queue.pop_front() {
            queued[u as usize] = false;
            if r[u as usize] <= threshold[u as usize] {
                continue;
            }
            push(u, &mut p, &mut r, &mut |v, r: &[f64]| {
                if !queued[v as usize] && r[v as usize] > threshold[v as usize] {
                    queued[v as usize] = true;
                    queue.push_back(v);
                }
            });
            pushes += 1;
            if queue.len() > sweep_at {
                break;
            }
        }
        if queue.is_empty() {
            break;
        }
        // Sweeps: sequential passes while many vertices are active.
        queue.clear();
        queued.iter_mut().for_each(|q| *q = false);
        loop {
            sweeps += 1;
            let mut pushed = 0usize;
            for u in 0..n {
                if r[u] > threshold[u] {
                    push(u as u32, &mut p, &mut r, &mut |_, _| {});
                    pushed += 1;
                }
            }
            pushes += pushed as u64;
            if pushed <= sweep_at {
                break;
            }
        }
        for u in 0..n {
            if r[u] > threshold[u] {
                queued[u] = true;
                queue.push_back(u as u32);
            }
        }
        if queue.is_empty() {
            break;
        }
    }
    let residual = r.iter().sum();
    Ok(PushResult {
        pi: p,
        residual,
        pushes,
        sweeps,
    })
}
