//! The outputs of the PPR implementations and how each is judged against the oracle.

use std::collections::BTreeMap;
use std::sync::Arc;

use ppr::metrics::{l1, linf, precision_at_k};

use super::input::answer;
use crate::family::Output;
/// What a bound-checked output promises about its L1 error per source.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Promise {
    /// L1 ≤ this, for every source.
    L1(f64),
    /// Per source, L1 ≤ the listed value.
    PerSource,
    /// A Monte Carlo estimate with W walks: L1 ≤ 3·Σ_v √(k·π(v)/W) (k = 1 end point,
    /// 2 full path: each entry's standard deviation is at most √(kπ/W)).
    Statistical(u32, f64),
}

/// The vectors of a query implementation, with what it promises.
pub struct Vectors {
    pub(crate) pis: Vec<Vec<f64>>,
    pub(crate) truths: Arc<Vec<Vec<f64>>>,
    pub(crate) promise: Promise,
    /// Per-source L1 bounds (PowerWalk: twice the fingerprint-resolved mass).
    pub(crate) bounds: Vec<f64>,
    pub(crate) sums_to_one: bool,
    pub(crate) self_timed_ns: Option<f64>,
    pub(crate) notes: BTreeMap<String, String>,
}

impl Output for Vectors {
    fn answer(&self) -> String {
        answer(&self.pis)
    }

    fn quality(&self) -> BTreeMap<String, f64> {
        let q = self.pis.len() as f64;
        let mean = |f: &dyn Fn(&[f64], &[f64]) -> f64| -> f64 {
            self.pis
                .iter()
                .zip(self.truths.iter())
                .map(|(a, b)| f(a, b))
                .sum::<f64>()
                / q
        };
        let mut m = BTreeMap::new();
        m.insert("l1".into(), mean(&|a, b| l1(a, b)));
        m.insert("linf".into(), mean(&|a, b| linf(a, b)));
        m.insert(
            "precision@50".into(),
            mean(&|a, b| precision_at_k(a, b, 50)),
        );
        m.insert(
            "precision@500".into(),
            mean(&|a, b| precision_at_k(a, b, 500)),
        );
        m.insert("queries".into(), q);
        if !self.bounds.is_empty() {
            m.insert("l1 bound".into(), self.bounds.iter().sum::<f64>() / q);
        }
        m
    }

    fn notes(&self) -> BTreeMap<String, String> {
        let mut n = self.notes.clone();
        n.insert(GUARANTEE.into(), verdict(self.verdict()));
        n
    }

    fn self_timed_ns(&self) -> Option<f64> {
        self.self_timed_ns
    }
}

/// A built index.
pub struct Built {
    pub(crate) entries: usize,
    pub(crate) bytes: usize,
    pub(crate) n: usize,
    pub(crate) steps: u64,
    pub(crate) digest: u64,
    /// The estimate π̂ of each query source, with its truth.
    pub(crate) estimates: Vec<(Vec<f64>, Vec<f64>)>,
    pub(crate) walks: u32,
}

impl Output for Built {
    fn answer(&self) -> String {
        format!(
            "n={};entries={};digest={:016x}",
            self.n, self.entries, self.digest
        )
    }

    fn quality(&self) -> BTreeMap<String, f64> {
        let k = self.estimates.len() as f64;
        let mut m = BTreeMap::new();
        m.insert("bytes per vertex".into(), self.bytes as f64 / self.n as f64);
        m.insert(
            "entries per vertex".into(),
            self.entries as f64 / self.n as f64,
        );
        m.insert("walk steps".into(), self.steps as f64);
        m.insert(
            "fingerprint l1".into(),
            self.estimates.iter().map(|(a, b)| l1(a, b)).sum::<f64>() / k,
        );
        m
    }

    fn notes(&self) -> BTreeMap<String, String> {
        [(GUARANTEE.to_string(), verdict(self.verdict()))].into()
    }
}

/// A batch (or the same queries one by one).
pub struct Answers {
    pub(crate) count: usize,
    /// |Σπ − 1| worst over the batch.
    pub(crate) worst_mass: f64,
    /// (estimate, truth) on the sample.
    pub(crate) sample: Vec<(Vec<f64>, Vec<f64>)>,
    pub(crate) bound: f64,
}

impl Output for Answers {
    fn answer(&self) -> String {
        format!("queries={}", self.count)
    }

    fn quality(&self) -> BTreeMap<String, f64> {
        let k = self.sample.len() as f64;
        let mut m = BTreeMap::new();
        m.insert("queries".into(), self.count as f64);
        m.insert(
            "precision@50".into(),
            self.sample
                .iter()
                .map(|(a, b)| precision_at_k(a, b, 50))
                .sum::<f64>()
                / k,
        );
        m.insert(
            "l1".into(),
            self.sample.iter().map(|(a, b)| l1(a, b)).sum::<f64>() / k,
        );
        m
    }

    fn notes(&self) -> BTreeMap<String, String> {
        [(GUARANTEE.to_string(), verdict(self.verdict()))].into()
    }
}

/// The note under which every output reports whether it kept its guarantee against the
/// oracle's truth ("ok" or the violation).
pub const GUARANTEE: &str = "guarantee";

fn verdict(r: Result<(), String>) -> String {
    r.err().unwrap_or_else(|| "ok".into())
}

impl Built {
    fn verdict(&self) -> Result<(), String> {
        for (est, truth) in &self.estimates {
            // Each entry of count/total has standard deviation about √(2π/R)/(…): demand the
            // L1 error stay below 12× the sum of those (a failing walk generator exceeds it).
            let bound = 12.0
                * truth
                    .iter()
                    .map(|p| (2.0 * p / f64::from(self.walks)).sqrt())
                    .sum::<f64>();
            let e = l1(est, truth);
            if e > bound.min(2.0) + 1e-9 {
                return Err(format!(
                    "fingerprint L1 {e:.4} beyond the statistical bound {bound:.4}"
                ));
            }
        }
        Ok(())
    }
}

impl Answers {
    fn verdict(&self) -> Result<(), String> {
        if self.worst_mass > 1e-9 {
            return Err(format!(
                "an answer's mass differs from 1 by {:.3e}",
                self.worst_mass
            ));
        }
        for (est, truth) in &self.sample {
            let e = l1(est, truth);
            if e > self.bound {
                return Err(format!(
                    "L1 {e:.3e} beyond the guarantee 2(1−c)^T = {:.3e}",
                    self.bound
                ));
            }
        }
        Ok(())
    }
}

impl Vectors {
    fn verdict(&self) -> Result<(), String> {
        for (i, (pi, truth)) in self.pis.iter().zip(self.truths.iter()).enumerate() {
            if pi.len() != truth.len() || pi.iter().any(|x| !x.is_finite() || *x < -1e-12) {
                return Err(format!("source #{i}: not a nonnegative vector of length n"));
            }
            let e = l1(pi, truth);
            let bound = match self.promise {
                Promise::L1(b) => b,
                Promise::PerSource => self.bounds[i],
                Promise::Statistical(w, k) => {
                    3.0 * truth
                        .iter()
                        .map(|p| (k * p / f64::from(w)).sqrt())
                        .sum::<f64>()
                }
            };
            if e > bound {
                return Err(format!(
                    "source #{i}: L1 {e:.3e} beyond the promised {bound:.3e}"
                ));
            }
            if self.sums_to_one && (pi.iter().sum::<f64>() - 1.0).abs() > 1e-9 {
                return Err(format!("source #{i}: the answer does not sum to 1"));
            }
        }
        Ok(())
    }
}
