//! Monte Carlo estimators (Fogaras et al. 2005; Avrachenkov et al. 2007): W geometric walks
//! from the source, walk `i` drawing from [`crate::walk::walk_rng`]`(seed, source, i)`.

use crate::error::Error;
use crate::graph::{Graph, check_teleport};
use crate::walk::{full_path, walk_rng};

fn check(g: &Graph, source: u32, c: f64, walks: u32) -> Result<(), Error> {
    g.check_source(source)?;
    check_teleport(c)?;
    if walks == 0 {
        return Err(Error::ZeroWalks);
    }
    crate::limits::check_walk_visits(f64::from(walks), c, "Monte Carlo")
}

/// End-point estimator: `π̂(v)` = fraction of the W walks that stop at v. Unbiased, sums to
/// 1, standard deviation `√(π(v)(1 − π(v))/W)` per entry. O(W/c) expected steps.
///
/// # Errors
/// [`Error::UnknownSource`], [`Error::InvalidTeleport`], [`Error::ZeroWalks`],
/// [`Error::TooMuchWork`] beyond [`crate::limits::MAX_WALK_VISITS`].
///
/// ```
/// let g = ppr::Graph::from_edges(None, &[(0, 1), (1, 0)], true)?;
/// let pi = ppr::montecarlo::monte_carlo_end_point(&g, 0, 0.15, 10_000, 7)?;
/// assert!((pi.iter().sum::<f64>() - 1.0).abs() < 1e-12);
/// # Ok::<(), ppr::Error>(())
/// ```
pub fn monte_carlo_end_point(
    g: &Graph,
    source: u32,
    c: f64,
    walks: u32,
    seed: u64,
) -> Result<Vec<f64>, Error> {
    check(g, source, c, walks)?;
    let mut pi = vec![0.0; g.n()];
    let w = 1.0 / f64::from(walks);
    for i in 0..walks {
        let mut rng = walk_rng(seed, source, i);
        let end = full_path(g, &mut rng, c, source, None, |_| {});
        pi[end as usize] += w;
    }
    Ok(pi)
}

/// Full-path estimator: `π̂(v) = c · (visits of v over the W walks) / W`, every visit
/// counted (the start included). Unbiased (E[visits at v per walk] = π(v)/c), lower
/// variance than the end point; sums to 1 only in expectation. O(W/c) expected steps.
///
/// # Errors
/// [`Error::UnknownSource`], [`Error::InvalidTeleport`], [`Error::ZeroWalks`],
/// [`Error::TooMuchWork`] beyond [`crate::limits::MAX_WALK_VISITS`].
///
/// ```
/// let g = ppr::Graph::from_edges(None, &[(0, 1), (1, 0)], true)?;
/// let pi = ppr::montecarlo::monte_carlo_full_path(&g, 0, 0.15, 10_000, 7)?;
/// assert!((pi[0] - 0.15 / (1.0 - 0.85f64 * 0.85)).abs() < 0.02);
/// # Ok::<(), ppr::Error>(())
/// ```
pub fn monte_carlo_full_path(
    g: &Graph,
    source: u32,
    c: f64,
    walks: u32,
    seed: u64,
) -> Result<Vec<f64>, Error> {
    check(g, source, c, walks)?;
    let mut visits = vec![0u32; g.n()];
    for i in 0..walks {
        let mut rng = walk_rng(seed, source, i);
        full_path(g, &mut rng, c, source, None, |v| visits[v as usize] += 1);
    }
    let w = c / f64::from(walks);
    Ok(visits.into_iter().map(|k| f64::from(k) * w).collect())
}
