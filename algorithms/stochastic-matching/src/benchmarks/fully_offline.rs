//! Goyal–Udwani's *fully offline* benchmark (arXiv 1905.12778): like the clairvoyant
//! (adaptive) optimum it knows every arrival and every `p` but not the outcomes, and it may
//! also **choose the order** in which it probes edges. Each arrival is probed at most once
//! (a failed probe consumes it); each offline vertex is matched at most once.
//!
//! Exact DP over (consumed arrivals `C`, matched offline vertices `M`):
//! `V(C, M) = max(0, max_{(u,v): v∉C, u∉M} p_uv (w_u + V(C∪v, M∪u)) + (1 − p_uv) V(C∪v, M))`,
//! memoised in an array of `2^{T+n}` values: O(2^{T+n} · |E|) time. For tiny instances only.
//!
//! Chain: clairvoyant ≤ fully offline ≤ budgeted LP (any fully offline policy's probe
//! probabilities `x_uv` satisfy `Σ_u x_uv ≤ 1` and `Σ_v p_uv x_uv ≤ 1`).

use crate::{Error, Instance};

/// The largest `T + n` of [`fully_offline_optimum`] (2^22 states, 32 MiB).
pub const FULLY_OFFLINE_CAP: usize = 22;

struct Dp<'a> {
    inst: &'a Instance,
    /// Edges as (arrival, offline, p, w).
    edges: Vec<(usize, usize, f64, f64)>,
    memo: Vec<f64>,
}

impl Dp<'_> {
    fn value(&mut self, consumed: usize, matched: usize) -> f64 {
        let t = self.inst.arrivals();
        let key = consumed | matched << t;
        let known = self.memo[key];
        if !known.is_nan() {
            return known;
        }
        let mut best = 0.0f64;
        for i in 0..self.edges.len() {
            let (v, u, p, w) = self.edges[i];
            if consumed >> v & 1 == 1 || matched >> u & 1 == 1 {
                continue;
            }
            let success = self.value(consumed | 1 << v, matched | 1 << u);
            let failure = self.value(consumed | 1 << v, matched);
            best = best.max(p * (w + success) + (1.0 - p) * failure);
        }
        self.memo[key] = best;
        best
    }
}

/// The fully offline optimum, for `T + n ≤` [`FULLY_OFFLINE_CAP`].
///
/// ```
/// use stochastic_matching::{Instance, fully_offline_optimum, adaptive_optimum, DP_CAP};
/// // Arrival 0 sees u0 (p = 0.5) and u1 (p = 1); arrival 1 sees only u1 (p = 0.5).
/// // In arrival order the offline side must decide for arrival 0 first; the fully
/// // offline benchmark probes (1, u1) first and adapts arrival 0 to its outcome.
/// let inst = Instance::unweighted(2, vec![vec![(0, 0.5), (1, 1.0)], vec![(1, 0.5)]])?;
/// let full = fully_offline_optimum(&inst)?;
/// assert!((full - 1.25).abs() < 1e-12);
/// assert!(adaptive_optimum(&inst, DP_CAP)? <= full + 1e-12);
/// # Ok::<(), stochastic_matching::Error>(())
/// ```
///
/// # Errors
/// [`Error::InstanceAboveCap`] when `T + n >` [`FULLY_OFFLINE_CAP`].
pub fn fully_offline_optimum(inst: &Instance) -> Result<f64, Error> {
    let size = inst.arrivals() + inst.n();
    if size > FULLY_OFFLINE_CAP {
        return Err(Error::InstanceAboveCap {
            what: "fully offline DP (arrivals + offline vertices)",
            size: size as u64,
            cap: FULLY_OFFLINE_CAP as u64,
        });
    }
    let w = inst.weights();
    let edges = (0..inst.arrivals())
        .flat_map(|v| {
            inst.neighbours(v)
                .iter()
                .map(move |e| (v, e.u as usize, e.p, w[e.u as usize]))
        })
        .collect();
    let mut dp = Dp {
        inst,
        edges,
        memo: vec![f64::NAN; 1 << size],
    };
    Ok(dp.value(0, 0))
}
