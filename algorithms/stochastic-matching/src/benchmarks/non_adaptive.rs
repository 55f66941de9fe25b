//! B5, the non-adaptive offline optimum: `max_σ Σ_u w_u (1 − Π_{v: σ(v)=u}(1 − p_uv))` over
//! assignments of arrivals to a neighbour or to nothing. Brute force over `Π_v (deg v + 1)`
//! assignments, depth first with running survival products.

use crate::{Error, Instance};

/// The default cap on the number of assignments.
pub const ASSIGNMENT_CAP: u64 = 20_000_000;

/// The non-adaptive offline optimum by brute force, for at most `cap` assignments.
///
/// ```
/// use stochastic_matching::{Instance, non_adaptive_optimum, ASSIGNMENT_CAP};
/// let inst = Instance::unweighted(1, vec![vec![(0, 0.5)]; 3])?;
/// assert!((non_adaptive_optimum(&inst, ASSIGNMENT_CAP)? - 0.875).abs() < 1e-15);
/// # Ok::<(), stochastic_matching::Error>(())
/// ```
///
/// # Errors
/// [`Error::InstanceAboveCap`] when there are more than `cap` assignments.
pub fn non_adaptive_optimum(inst: &Instance, cap: u64) -> Result<f64, Error> {
    let mut count: u64 = 1;
    for t in 0..inst.arrivals() {
        count = count.saturating_mul(inst.neighbours(t).len() as u64 + 1);
        if count > cap {
            return Err(Error::InstanceAboveCap {
                what: "non-adaptive brute force (assignments)",
                size: count,
                cap,
            });
        }
    }
    if inst.is_trivial() {
        return Ok(0.0);
    }
    let mut survival = vec![1.0; inst.n()];
    Ok(search(inst, 0, &mut survival))
}

fn search(inst: &Instance, t: usize, survival: &mut [f64]) -> f64 {
    if t == inst.arrivals() {
        return survival
            .iter()
            .zip(inst.weights())
            .map(|(q, w)| w * (1.0 - q))
            .sum();
    }
    let mut best = search(inst, t + 1, survival);
    for e in inst.neighbours(t) {
        let u = e.u as usize;
        let q = survival[u];
        survival[u] = q * (1.0 - e.p);
        best = best.max(search(inst, t + 1, survival));
        survival[u] = q;
    }
    best
}
