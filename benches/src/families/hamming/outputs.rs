//! What Hamming implementations return, and how answers and quality are derived from it.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::family::Output;

/// The answer string of a distance vector: its length, its sum and the first 16 hex digits
/// of the SHA-256 of its little-endian bytes.
pub fn answer_of(distances: &[u32]) -> String {
    let sum: u64 = distances.iter().map(|&d| u64::from(d)).sum();
    let sha = datasets::digest::sha256_u32_le(distances);
    format!("len={};sum={sum};sha256={}", distances.len(), &sha[..16])
}

/// Caps every distance at `k + 1` ("more than k"), the k-bounded output convention.
pub fn saturate(distances: &mut [u32], k: Option<usize>) {
    if let Some(k) = k {
        let cap = u32::try_from(k).map_or(u32::MAX, |k| k.saturating_add(1));
        for d in distances {
            *d = (*d).min(cap);
        }
    }
}

/// The note holding Abrahamson's (or the tiered method's) operations per `n·√m`.
pub const OPS_NOTE: &str = "operations per n·√m";

/// Exact distances.
pub struct Distances {
    /// One distance per alignment (saturated at `k + 1` in k-bounded benchmarks).
    pub distances: Vec<u32>,
    /// The planner's choice, for `auto`.
    pub choice: Option<&'static str>,
    /// The peer's own timing, for subprocess peers.
    pub self_timed_ns: Option<f64>,
    /// Threads the implementation ran on (1 unless it is a `-par` implementation).
    pub threads: usize,
    /// Abrahamson's or the tiered method's operation count (light increments plus FFT
    /// butterflies) divided by
    /// `n·√m`, from its report (counted alongside, not timed separately).
    pub ops_per_n_sqrt_m: Option<f64>,
    /// Operation counters from the method's report (`light increments`, `FFT butterflies`,
    /// `bytes packed`), each written as a note under its name.
    pub counters: Vec<(&'static str, u64)>,
}

impl Distances {
    /// Exact distances with nothing else to say.
    pub fn plain(distances: Vec<u32>) -> Self {
        Distances {
            distances,
            choice: None,
            self_timed_ns: None,
            threads: 1,
            ops_per_n_sqrt_m: None,
            counters: Vec::new(),
        }
    }
}

impl Output for Distances {
    fn answer(&self) -> String {
        answer_of(&self.distances)
    }
    fn notes(&self) -> BTreeMap<String, String> {
        let mut notes: BTreeMap<String, String> = self
            .choice
            .map(|c| [("planner choice".to_string(), c.to_string())].into())
            .unwrap_or_default();
        notes.insert("threads".into(), self.threads.to_string());
        if let Some(ops) = self.ops_per_n_sqrt_m {
            notes.insert(OPS_NOTE.into(), format!("{ops:.4}"));
        }
        for (name, value) in &self.counters {
            notes.insert((*name).into(), value.to_string());
        }
        notes
    }
    fn self_timed_ns(&self) -> Option<f64> {
        self.self_timed_ns
    }
}

/// Which guarantee an approximation promises.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Guarantee {
    /// Karloff: `|est - d| <= eps·d` on at least `1 - delta` of the shifts.
    TwoSided,
    /// Hash-and-max: `est <= d` always, `est >= (1 - eps)·d` on at least `1 - delta` of them.
    OneSided,
}

/// Estimates as the algorithm returned them (converting inside the timed region would
/// charge the conversion to the algorithm).
pub enum Values {
    /// Real-valued estimates (Karloff).
    Real(Vec<f64>),
    /// Integer estimates (hash-and-max).
    Integer(Vec<u32>),
}

impl Values {
    /// The estimates as `f64`.
    pub fn iter(&self) -> Box<dyn Iterator<Item = f64> + '_> {
        match self {
            Values::Real(v) => Box::new(v.iter().copied()),
            Values::Integer(v) => Box::new(v.iter().map(|&x| f64::from(x))),
        }
    }
}

/// Approximate distances with the exact ones beside them (shared, not copied, so that
/// building this inside the timed region costs nothing).
pub struct Estimates {
    /// One estimate per alignment.
    pub values: Values,
    /// The exact distances.
    pub exact: Arc<Vec<u32>>,
    /// ε.
    pub eps: f64,
    /// δ.
    pub delta: f64,
    /// The promise.
    pub guarantee: Guarantee,
}

impl Estimates {
    /// (fraction of shifts within the guarantee, whether the one-sided bound ever broke,
    /// mean relative error over shifts with d > 0, max relative error).
    pub fn evaluate(&self) -> (f64, bool, f64, f64) {
        let mut within = 0usize;
        let mut overshoot = false;
        let (mut sum_rel, mut max_rel, mut nonzero) = (0.0, 0.0f64, 0usize);
        for (e, &d) in self.values.iter().zip(self.exact.iter()) {
            let d = f64::from(d);
            let ok = match self.guarantee {
                Guarantee::TwoSided => (e - d).abs() <= self.eps * d + 1e-9,
                Guarantee::OneSided => {
                    overshoot |= e > d + 1e-9;
                    e >= (1.0 - self.eps) * d - 1e-9 && e <= d + 1e-9
                }
            };
            within += usize::from(ok);
            if d > 0.0 {
                let rel = (e - d).abs() / d;
                sum_rel += rel;
                max_rel = max_rel.max(rel);
                nonzero += 1;
            }
        }
        let n = self.exact.len().max(1) as f64;
        (
            within as f64 / n,
            overshoot,
            sum_rel / nonzero.max(1) as f64,
            max_rel,
        )
    }
}

impl Output for Estimates {
    fn answer(&self) -> String {
        let (within, overshoot, mean, _) = self.evaluate();
        format!("approx;within={within:.6};overshoot={overshoot};mean_rel_err={mean:.6}")
    }
    fn quality(&self) -> BTreeMap<String, f64> {
        let (within, _, mean, max) = self.evaluate();
        [
            ("fraction within guarantee".to_string(), within),
            ("mean relative error".to_string(), mean),
            ("max relative error".to_string(), max),
        ]
        .into()
    }
    fn notes(&self) -> BTreeMap<String, String> {
        [("threads".to_string(), "1".to_string())].into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counters_become_notes() {
        let mut d = Distances::plain(vec![1, 2]);
        d.ops_per_n_sqrt_m = Some(1.25);
        d.counters = vec![("light increments", 7), ("bytes packed", 4096)];
        let notes = d.notes();
        assert_eq!(notes["light increments"], "7");
        assert_eq!(notes["bytes packed"], "4096");
        assert_eq!(notes[OPS_NOTE], "1.2500");
        assert!(
            !Distances::plain(vec![0])
                .notes()
                .contains_key("bytes packed")
        );
    }
}
