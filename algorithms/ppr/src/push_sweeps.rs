//! Residual push to convergence in in-place sweeps: an exact PPR solver with a certified
//! L1 error.
//!
//! The state is the forward-push pair (Andersen, Chung and Lang, FOCS 2006): an estimate
//! `p` and a residual `r` with the invariant `π_s = p + Σ_u r(u)·π_u`, which makes the L1
//! error of `p` exactly `Σ r` (every entry of `p` is an underestimate). Each sweep visits
//! the vertices in a fixed order ([`crate::reorder`]) and pushes every vertex it finds
//! with a residual: `c·r(u)` moves into `p(u)`, `(1 − c)·r(u)` is spread over u's
//! out-arcs (at a dangling vertex, back to the source, the crate's convention). Residual
//! pushed to a vertex later in the order is pushed again in the same sweep, the in-place
//! update that distinguishes Gauss–Seidel from Jacobi (power iteration); on the
//! push formulation this is the sweep of PowerPush (Wu, Gan, Wei and Wen, "Unifying the
//! Global and Local Approaches: An Efficient Power Iteration with Forward Push", SIGMOD
//! 2021). The sweeps stop once `Σ r ≤ tol`; `Σ r` is re-summed exactly after every sweep.
//!
//! **Guarantee.** Every residual present when a sweep starts is pushed during it (residuals
//! only grow until their vertex is visited), so one sweep absorbs at least `c` of the
//! residual: `Σ r` shrinks by at least `(1 − c)` per sweep, and the sweeps never exceed
//! power iteration's `⌈ln tol / ln(1 − c)⌉` iterations. In practice the in-place pushes
//! shrink it faster. With `skip = β ∈ [0, 1)`, a vertex whose
//! residual is at most `θ·max(deg, 1)`, `θ = β·Σr / Σ_u max(deg(u), 1)`, waits for a
//! later sweep (small residuals cost as much to push as large ones): at most `β·Σr` waits,
//! so a sweep still shrinks `Σ r` by at least `(1 − c(1 − β))`.
//!
//! **Complexity.** O(n + m) per sweep, at most `⌈ln tol / ln(1 − c(1 − β))⌉` sweeps; O(n)
//! memory besides the relabelled graph.
//!
//! ```
//! use ppr::reorder::{Relabelled, VertexOrder};
//! let g = ppr::Graph::from_edges(None, &[(0, 1), (1, 2), (2, 0), (2, 3)], true)?;
//! let rg = Relabelled::new(&g, VertexOrder::Bfs);
//! let r = ppr::push_sweeps::push_sweeps(&rg, 0, 0.15, 1e-12, 0.0)?;
//! let truth = ppr::power::power_iteration(&g, 0, 0.15, 1e-14)?.pi;
//! assert!(r.residual <= 1e-12);
//! assert!(ppr::metrics::l1(&r.pi, &truth) <= 1e-12 + 1e-14);
//! # Ok::<(), ppr::Error>(())
//! ```

use crate::error::Error;
use crate::reorder::Relabelled;

/// The checks both sweep solvers make before any work: `source` is a vertex of `rg`, `c` a
/// teleport probability, `tol` in (0, 1). Returns the vertex count.
pub(crate) fn check_sweep_inputs(
    rg: &Relabelled,
    source: u32,
    c: f64,
    tol: f64,
) -> Result<usize, Error> {
    let n = rg.n();
    if source as usize >= n {
        return Err(Error::UnknownSource { source, n });
    }
    crate::graph::check_teleport(c)?;
    if !(tol > 0.0 && tol < 1.0) {
        return Err(Error::InvalidParameter {
            name: "tol",
            reason: format!("{tol} is not in (0, 1)"),
        });
    }
    Ok(n)
}

/// The output of [`push_sweeps`] and [`crate::gauss_seidel::gauss_seidel`].
#[derive(Debug, Clone, PartialEq)]
pub struct SweepResult {
    /// The estimate over the original ids (every entry an underestimate).
    pub pi: Vec<f64>,
    /// `Σ r` when the sweeps stopped: the L1 error of `pi` (up to rounding), at most `tol`.
    pub residual: f64,
    /// Sweeps run.
    pub sweeps: usize,
    /// Vertices pushed, over all sweeps.
    pub pushes: u64,
}

/// Push sweeps from `source` (an original id) until `Σ r ≤ tol`, `tol` in (0, 1), leaving
/// residuals below `θ·max(deg, 1)` for a later sweep, `θ = skip·Σr / Σ_u max(deg(u), 1)`,
/// `skip` in [0, 1) (0 pushes every residual it meets).
///
/// # Errors
/// [`Error::UnknownSource`], [`Error::InvalidTeleport`], [`Error::InvalidParameter`] for a
/// `tol` outside (0, 1) or a `skip` outside [0, 1), [`Error::TooMuchWork`] beyond
/// [`crate::limits::MAX_ITERATIONS`] sweeps.
pub fn push_sweeps(
    rg: &Relabelled,
    source: u32,
    c: f64,
    tol: f64,
    skip: f64,
) -> Result<SweepResult, Error> {
    let n = check_sweep_inputs(rg, source, c, tol)?;
    if !(0.0..1.0).contains(&skip) {
        return Err(Error::InvalidParameter {
            name: "skip",
            reason: format!("{skip} is not in [0, 1)"),
        });
    }
    let most = crate::limits::iterations_within(c * (1.0 - skip), tol, "push sweeps to tol")?;
    let keep = 1.0 - c;
    let src = rg.rank[source as usize] as usize;
    let weight = (rg.m() + rg.inv_deg.iter().filter(|&&d| d == 0.0).count()) as f64;
    let (offsets, targets, inv_deg) = (&rg.offsets, &rg.targets, &rg.inv_deg);
    let mut p = vec![0.0f64; n];
    let mut r = vec![0.0f64; n];
    r[src] = 1.0;
    let (mut residual, mut sweeps, mut pushes) = (1.0f64, 0usize, 0u64);
    while residual > tol && sweeps < most {
        let theta = skip * residual / weight;
        for u in 0..n {
            let ru = r[u];
            let (a, b) = (offsets[u], offsets[u + 1]);
            if ru <= theta * (b - a).max(1) as f64 || ru == 0.0 {
                continue;
            }
            r[u] = 0.0;
            p[u] += c * ru;
            pushes += 1;
            if a == b {
                r[src] += keep * ru;
            } else {
                let share = keep * ru * inv_deg[u];
                for &v in &targets[a..b] {
                    r[v as usize] += share;
                }
            }
        }
        residual = r.iter().sum();
        sweeps += 1;
    }
    Ok(SweepResult {
        pi: rg.to_old(&p),
        residual,
        sweeps,
        pushes,
    })
}
