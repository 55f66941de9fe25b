//! The textbook fixed-point iteration, kept deliberately plain: the oracle that the
//! benchmarks' expected answers come from, independent of the optimised methods.

use crate::error::Error;
use crate::graph::{Graph, check_teleport};

/// Iterates `x ← c·e_s + (1 − c)·(x P + (mass at sinks)·e_s)`, arc by arc from `x = e_s`,
/// until `(1 − c)^k ≤ tol` (the fixed-point error after k steps is at most `2(1 − c)^k`).
/// O(m) per iteration.
///
/// # Errors
/// [`Error::UnknownSource`], [`Error::InvalidTeleport`], [`Error::InvalidParameter`] for a
/// `tol` outside (0, 1).
///
/// ```
/// let g = ppr::Graph::from_edges(None, &[(0, 1), (1, 0)], true)?;
/// let pi = ppr::naive::ppr_naive(&g, 0, 0.15, 1e-14)?;
/// assert!((pi[0] - 0.15 / (1.0 - 0.85f64 * 0.85)).abs() < 1e-12);
/// # Ok::<(), ppr::Error>(())
/// ```
#[allow(clippy::needless_range_loop)] // indices address several arrays
pub fn ppr_naive(g: &Graph, source: u32, c: f64, tol: f64) -> Result<Vec<f64>, Error> {
    g.check_source(source)?;
    check_teleport(c)?;
    if !(tol > 0.0 && tol < 1.0) {
        return Err(Error::InvalidParameter {
            name: "tol",
            reason: format!("{tol} is not in (0, 1)"),
        });
    }
    crate::limits::iterations_within(c, tol, "the naive iteration to tol")?;
    let n = g.n();
    let mut x = vec![0.0; n];
    x[source as usize] = 1.0;
    let mut err = 1.0;
    while err > tol {
        let mut y = vec![0.0; n];
        y[source as usize] = c;
        for u in 0..n {
            let nbrs = g.out_neighbors(u as u32);
            if nbrs.is_empty() {
                y[source as usize] += (1.0 - c) * x[u];
            } else {
                for &v in nbrs {
                    y[v as usize] += (1.0 - c) * x[u] / nbrs.len() as f64;
                }
            }
        }
        x = y;
        err *= 1.0 - c;
    }
    Ok(x)
}
