//! B4, the adaptive offline optimum (Goyal–Udwani's stochastic benchmark): knows the arrival
//! sequence and every `p`, not the outcomes, and adapts. Exact DP over the available set:
//! `V(t, A) = max(V(t+1, A), max_{u∈A∩N(v_t)} p(w_u + V(t+1, A∖u)) + (1−p)V(t+1, A))`,
//! bottom-up over `t` with two arrays of `2^n` values: O(T · 2^n · deg) time, O(2^n) memory.

use crate::{Error, Instance};

/// The default cap on `n` (2^20 states per arrival).
pub const DP_CAP: usize = 20;

/// The adaptive offline optimum, for `n ≤ cap` (at most 30).
///
/// ```
/// use stochastic_matching::{Instance, adaptive_optimum, DP_CAP};
/// let inst = Instance::unweighted(1, vec![vec![(0, 0.5)]; 3])?;
/// assert!((adaptive_optimum(&inst, DP_CAP)? - 0.875).abs() < 1e-15);
/// # Ok::<(), stochastic_matching::Error>(())
/// ```
///
/// # Errors
/// [`Error::InstanceAboveCap`] when `n > cap` or `cap > 30`.
pub fn adaptive_optimum(inst: &Instance, cap: usize) -> Result<f64, Error> {
    let n = inst.n();
    if n > cap.min(30) {
        return Err(Error::InstanceAboveCap {
            what: "adaptive DP (offline vertices)",
            size: n as u64,
            cap: cap.min(30) as u64,
        });
    }
    if inst.is_trivial() {
        return Ok(0.0);
    }
    let w = inst.weights();
    let size = 1usize << n;
    let mut next = vec![0.0f64; size];
    let mut cur = vec![0.0f64; size];
    for t in (0..inst.arrivals()).rev() {
        let nb = inst.neighbours(t);
        for a in 0..size {
            let stay = next[a];
            let mut best = stay;
            for e in nb {
                let bit = 1usize << e.u;
                if a & bit != 0 {
                    let v = e.p * (w[e.u as usize] + next[a ^ bit]) + (1.0 - e.p) * stay;
                    if v > best {
                        best = v;
                    }
                }
            }
            cur[a] = best;
        }
        std::mem::swap(&mut cur, &mut next);
    }
    Ok(next[size - 1])
}
