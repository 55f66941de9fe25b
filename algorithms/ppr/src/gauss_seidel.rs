//! Gauss–Seidel sweeps for personalized PageRank, in place and in the pull direction: the
//! fastest exact solver of this crate, with a certified L1 error.
//!
//! PPR from source s is the fixed point of `x = c·e_s + (1 − c)·M x`, where `M = Pᵀ` with
//! each dangling vertex's column sent to s (the crate's convention). Power iteration
//! (Jacobi) computes every new entry from the previous sweep's values; Gauss–Seidel
//! (see Arasu, Novak, Tomkins and Tomlin, "PageRank Computation and the Structure of the
//! Web", WWW 2002, and the PRPACK solvers of Gleich et al.) updates `x_v` in place, so a
//! vertex later in the order already gathers the new values of earlier ones. One sweep
//! gathers `x_u / deg(u)` along every in-arc once (reads only, four independent sums per
//! vertex), like one pull pass of power iteration.
//!
//! **Certificate.** Starting from `x = 0`, the sweep map is monotone (non-negative
//! coefficients) and π is its fixed point, so every iterate satisfies `0 ≤ x ≤ π` entrywise
//! and grows sweep by sweep. Since π sums to 1, the L1 error is exactly `1 − Σ x`
//! (computed with compensated summation after each sweep); the sweeps stop once it is at
//! most `tol`. Each sweep absorbs at least as much as a Jacobi step from the same iterate,
//! so there are never more sweeps than power iteration's `⌈ln tol / ln(1 − c)⌉`
//! iterations; in practice about half as many.
//!
//! **Complexity.** O(n + m) per sweep, at most `⌈ln tol / ln(1 − c)⌉` sweeps, O(n) memory
//! besides the relabelled graph ([`crate::reorder`], built once per graph).
//!
//! ```
//! use ppr::reorder::{Relabelled, VertexOrder};
//! let g = ppr::Graph::from_edges(None, &[(0, 1), (1, 2), (2, 0), (2, 3)], true)?;
//! let rg = Relabelled::new(&g, VertexOrder::Degree);
//! let r = ppr::gauss_seidel::gauss_seidel(&rg, 0, 0.15, 1e-12)?;
//! let truth = ppr::power::power_iteration(&g, 0, 0.15, 1e-14)?.pi;
//! assert!(r.residual <= 1e-12);
//! assert!(ppr::metrics::l1(&r.pi, &truth) <= 1e-12 + 1e-13);
//! # Ok::<(), ppr::Error>(())
//! ```

use crate::error::Error;
use crate::power::pull_sum;
use crate::push_sweeps::{SweepResult, check_sweep_inputs};
use crate::reorder::Relabelled;

/// Gauss–Seidel sweeps from `source` (an original id) until the certified L1 error
/// `1 − Σ x` is at most `tol`, `tol` in (0, 1). `pushes` in the result counts vertex
/// updates.
///
/// # Errors
/// [`Error::UnknownSource`], [`Error::InvalidTeleport`], [`Error::InvalidParameter`] for a
/// `tol` outside (0, 1), [`Error::TooMuchWork`] beyond [`crate::limits::MAX_ITERATIONS`]
/// sweeps.
pub fn gauss_seidel(rg: &Relabelled, source: u32, c: f64, tol: f64) -> Result<SweepResult, Error> {
    let n = check_sweep_inputs(rg, source, c, tol)?;
    let most = crate::limits::iterations_within(c, tol, "Gauss-Seidel to tol")?;
    let keep = 1.0 - c;
    let src = rg.rank[source as usize] as usize;
    let (offsets, sources, inv_deg) = (&rg.in_offsets, &rg.in_sources, &rg.inv_deg);
    // x over new ids, y = x / deg (0 at sinks), `sink` = Σ x over the sinks.
    let mut x = vec![0.0f64; n];
    let mut y = vec![0.0f64; n];
    let mut sink = 0.0f64;
    let (mut residual, mut sweeps) = (1.0f64, 0usize);
    while residual > tol && sweeps < most {
        // Compensated (Kahan) sum of the new x.
        let (mut total, mut lost) = (0.0f64, 0.0f64);
        for v in 0..n {
            let mut gathered = pull_sum(&y, &sources[offsets[v]..offsets[v + 1]]);
            let mut xv = 0.0;
            if v == src {
                gathered += sink;
                xv = c;
            }
            xv += keep * gathered;
            let inv = inv_deg[v];
            if inv == 0.0 {
                sink += xv - x[v];
            }
            x[v] = xv;
            y[v] = xv * inv;
            let t = xv - lost;
            let s = total + t;
            lost = (s - total) - t;
            total = s;
        }
        residual = (1.0 - total).max(0.0);
        sweeps += 1;
    }
    Ok(SweepResult {
        pi: rg.to_old(&x),
        residual,
        sweeps,
        pushes: (sweeps * n) as u64,
    })
}
