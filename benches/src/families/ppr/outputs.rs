//! The outputs of the PPR implementations and how each is judged against the oracle.

use std::collections::BTreeMap;
use std::sync::Arc;

use ppr::metrics::{l1, linf, precision_at_k, rag_at_k};

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
        m.insert("rag@200".into(), mean(&|a, b| rag_at_k(a, b, 200)));
        // The paper reports means over 100 sources; the 10th percentile shows the tail.
        let p10 = |f: &dyn Fn(&[f64], &[f64]) -> f64| -> f64 {
            let mut v: Vec<f64> = self
                .pis
                .iter()
                .zip(self.truths.iter())
                .map(|(a, b)| f(a, b))
                .collect();
            v.sort_by(f64::total_cmp);
            v.get((v.len().max(1) - 1) / 10)
                .copied()
                .unwrap_or(f64::NAN)
        };
        m.insert("rag@200 p10".into(), p10(&|a, b| rag_at_k(a, b, 200)));
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
    /// Visits counted by the whole index (n·R starts plus the moves).
    pub(crate) visits: u64,
    pub(crate) digest: u64,
    /// The digest of the graph the index records it was built for.
    pub(crate) graph_digest: u64,
    /// The unbiased estimate `c·visits/R` of each measured source's vector, with its truth.
    pub(crate) estimates: Vec<(Vec<f64>, Vec<f64>)>,
    pub(crate) walks: u32,
    pub(crate) max_len: Option<u32>,
    pub(crate) c: f64,
    /// The time of `build_index` alone: the row's sample, without the check data gathered
    /// after it.
    pub(crate) build_ns: f64,
}

impl Output for Built {
    fn self_timed_ns(&self) -> Option<f64> {
        Some(self.build_ns)
    }

    /// The graph the index was built for (its vertex count and arc digest, recorded by the
    /// index): what an index build answers that the oracle can compute from the graph
    /// alone. The index itself is random; its checks are the guarantee below.
    fn answer(&self) -> String {
        graph_answer(self.n, self.graph_digest)
    }

    fn quality(&self) -> BTreeMap<String, f64> {
        let k = self.estimates.len() as f64;
        let mut m = BTreeMap::new();
        m.insert("bytes per vertex".into(), self.bytes as f64 / self.n as f64);
        m.insert(
            "entries per vertex".into(),
            self.entries as f64 / self.n as f64,
        );
        let starts = self.n as u64 * u64::from(self.walks);
        m.insert(
            "walk steps".into(),
            self.visits.saturating_sub(starts) as f64,
        );
        m.insert("visits z".into(), self.visits_z());
        m.insert(
            "fingerprint l1".into(),
            self.estimates.iter().map(|(a, b)| l1(a, b)).sum::<f64>() / k,
        );
        m
    }

    fn notes(&self) -> BTreeMap<String, String> {
        [
            (GUARANTEE.to_string(), verdict(self.verdict())),
            (
                "index".to_string(),
                format!("entries={};digest={:016x}", self.entries, self.digest),
            ),
        ]
        .into()
    }
}

/// The answer of an index build: `n={n};graph={arc digest}`.
pub fn graph_answer(n: usize, graph_digest: u64) -> String {
    format!("n={n};graph={graph_digest:016x}")
}

/// The oracle's answer for an index benchmark: the graph's own vertex count and digest.
pub struct GraphIdentity(pub String);

impl Output for GraphIdentity {
    fn answer(&self) -> String {
        self.0.clone()
    }
}

/// How far a batched answer may lie from the one-by-one answer of its source: the batch
/// promises the single-source answers up to floating-point summation order
/// (`ppr::batch`, tested there to L1 ≤ 1e-12).
pub const BATCH_AGREEMENT: f64 = 1e-12;

/// What a sampled position of a batch is judged against: the oracle's vector of its source,
/// and the one-by-one PowerWalk answer of that source with its L1 guarantee (2 × the mass it
/// resolved with fingerprints, the bound every `powerwalk-*` query row is checked with).
pub struct BatchReference {
    pub(crate) position: usize,
    pub(crate) truth: Vec<f64>,
    pub(crate) single: Vec<f64>,
    pub(crate) bound: f64,
}

/// A batch (or the same queries one by one).
pub struct Answers {
    pub(crate) count: usize,
    /// |Σπ − 1| worst over the batch.
    pub(crate) worst_mass: f64,
    /// The answers at the sampled positions, in the order of `references`.
    pub(crate) sample: Vec<Vec<f64>>,
    pub(crate) references: Arc<Vec<BatchReference>>,
}

impl Output for Answers {
    /// The batch size and the top-10 digest of the sampled answers themselves; the rows are
    /// judged by [`Answers::verdict`] against the oracle's vectors of those sources, whose
    /// digest is the definition's expected answer.
    fn answer(&self) -> String {
        format!("queries={};sampled {}", self.count, answer(&self.sample))
    }

    fn quality(&self) -> BTreeMap<String, f64> {
        let k = self.sample.len() as f64;
        let pairs = || self.sample.iter().zip(self.references.iter());
        let mut m = BTreeMap::new();
        m.insert("queries".into(), self.count as f64);
        m.insert(
            "precision@50".into(),
            pairs()
                .map(|(a, r)| precision_at_k(a, &r.truth, 50))
                .sum::<f64>()
                / k,
        );
        m.insert(
            "l1".into(),
            pairs().map(|(a, r)| l1(a, &r.truth)).sum::<f64>() / k,
        );
        m.insert(
            "l1 to one-by-one".into(),
            pairs().map(|(a, r)| l1(a, &r.single)).fold(0.0, f64::max),
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

/// The largest standardized deviation a check accepts (six standard deviations).
pub const Z_MAX: f64 = 6.0;

impl Built {
    /// How far the index's total visits lie from their expectation, in standard deviations.
    /// Each step of a walk stops with probability c whatever the vertex, so one walk makes
    /// `1 + moves` visits with mean `(1 − (1 − c)^(L+1))/c` (1/c uncapped) and variance at
    /// most `(1 − c)/c²`; the n·R walks are independent.
    pub fn visits_z(&self) -> f64 {
        let (c, walks) = (self.c, self.n as f64 * f64::from(self.walks));
        let mean = match self.max_len {
            None => 1.0 / c,
            Some(l) => (1.0 - (1.0 - c).powi(l as i32 + 1)) / c,
        };
        let sd = (walks * (1.0 - c)).sqrt() / c;
        (self.visits as f64 - walks * mean).abs() / sd
    }

    /// The checks that can fail: the visit count within [`Z_MAX`] standard deviations of
    /// its expectation (a wrong stop rule or length cap fails it), and, for uncapped walks
    /// with R ≥ 16, each of the truth's top-10 vertices estimated within [`Z_MAX`] standard
    /// deviations: `c·N_v` per walk has mean π(v) and variance at most π(v)(c + 2).
    fn verdict(&self) -> Result<(), String> {
        let z = self.visits_z();
        if z.is_nan() || z > Z_MAX {
            return Err(format!(
                "{} visits lie {z:.1} standard deviations from their expectation",
                self.visits
            ));
        }
        if self.max_len.is_some() || self.walks < 16 {
            return Ok(());
        }
        for (i, (est, truth)) in self.estimates.iter().enumerate() {
            for (v, p) in ppr::metrics::top_k(truth, 10) {
                let sd = (p * (self.c + 2.0) / f64::from(self.walks)).sqrt();
                let e = (est[v as usize] - p).abs();
                if e > Z_MAX * sd + 1e-12 {
                    return Err(format!(
                        "source #{i}: vertex {v} estimated {:.4}, truth {p:.4}: {:.1} standard \
                         deviations off",
                        est[v as usize],
                        e / sd
                    ));
                }
            }
        }
        Ok(())
    }
}

impl Answers {
    /// Every sampled answer is checked twice: against the oracle's vector of its source by
    /// the one-by-one query's guarantee (L1 ≤ 2 × the fingerprint-resolved mass), and
    /// against the one-by-one answer by the batch's own promise (L1 ≤ [`BATCH_AGREEMENT`]).
    /// Every answer of the batch sums to 1, and no sampled position may go unjudged.
    fn verdict(&self) -> Result<(), String> {
        if self.worst_mass.is_nan() || self.worst_mass > 1e-9 {
            return Err(format!(
                "an answer's mass differs from 1 by {:.3e}",
                self.worst_mass
            ));
        }
        if self.sample.len() != self.references.len() {
            return Err(format!(
                "{} of the {} sampled positions answered",
                self.sample.len(),
                self.references.len()
            ));
        }
        for (est, r) in self.sample.iter().zip(self.references.iter()) {
            let p = r.position;
            if est.len() != r.truth.len() || est.iter().any(|x| !x.is_finite() || *x < -1e-12) {
                return Err(format!(
                    "position {p}: not a nonnegative vector of length n"
                ));
            }
            let d = l1(est, &r.single);
            if d.is_nan() || d > BATCH_AGREEMENT {
                return Err(format!(
                    "position {p}: L1 {d:.3e} from the one-by-one answer, beyond the batch's \
                     promised {BATCH_AGREEMENT:.0e}"
                ));
            }
            let e = l1(est, &r.truth);
            if e.is_nan() || e > r.bound {
                return Err(format!(
                    "position {p}: L1 {e:.3e} from the oracle beyond the guarantee 2 × the \
                     fingerprint-resolved mass = {:.3e}",
                    r.bound
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

#[cfg(test)]
mod tests {
    use super::*;
    use ppr::index::{IndexParams, build_index};

    fn built(walks: u32, max_len: Option<u32>) -> Built {
        // rmat10: 1024 vertices, dangling ones included.
        let arcs = ppr::rmat::rmat(10, 8, ppr::rmat::RMAT_SEED);
        let g = ppr::Graph::from_edges(Some(1024), &arcs, true).unwrap();
        let c = 0.15;
        let p = IndexParams {
            c,
            walks,
            max_len,
            seed: 3,
            threads: 1,
        };
        let idx = build_index(&g, &p).unwrap();
        let estimates = [0u32, 5]
            .iter()
            .map(|&s| {
                let t = ppr::naive::ppr_naive(&g, s, c, 1e-13).unwrap();
                (idx.unbiased_estimate(s), t)
            })
            .collect();
        Built {
            entries: idx.entries(),
            bytes: idx.bytes(),
            n: idx.n(),
            visits: (0..idx.n() as u32)
                .map(|u| u64::from(idx.fingerprint(u).2))
                .sum(),
            digest: idx.digest(),
            graph_digest: idx.graph_digest(),
            estimates,
            walks,
            max_len,
            c,
            build_ns: 0.0,
        }
    }

    #[test]
    fn an_index_answers_the_graph_it_indexes() {
        let b = built(1, None);
        let arcs = ppr::rmat::rmat(10, 8, ppr::rmat::RMAT_SEED);
        let g = ppr::Graph::from_edges(Some(1024), &arcs, true).unwrap();
        assert_eq!(b.answer(), graph_answer(g.n(), g.arc_digest()));
        // One arc fewer is another graph: the answer no longer matches.
        let h = ppr::Graph::from_edges(Some(1024), &arcs[1..], true).unwrap();
        assert_ne!(b.answer(), graph_answer(h.n(), h.arc_digest()));
    }

    #[test]
    fn index_check_passes_on_real_indexes() {
        for (r, l) in [
            (1, None),
            (1, Some(10)),
            (16, None),
            (16, Some(10)),
            (128, None),
        ] {
            assert_eq!(built(r, l).verdict(), Ok(()), "R={r} L={l:?}");
        }
    }

    #[test]
    fn index_check_fails_on_wrong_walk_lengths() {
        // Visits of walks that stop too early (or a length cap not declared) fail.
        let mut b = built(16, None);
        b.visits = (b.visits as f64 * 0.9) as u64;
        assert!(b.verdict().is_err());
        let mut b = built(16, Some(10));
        b.max_len = None;
        assert!(b.verdict().unwrap_err().contains("standard deviations"));
    }

    #[test]
    fn index_check_fails_on_a_wrong_estimate() {
        let mut b = built(128, None);
        let truth = b.estimates[0].1.clone();
        // As if the walks never left the source: all of its mass at its top vertex.
        let (top, _) = ppr::metrics::top_k(&truth, 1)[0];
        b.estimates[0].0[top as usize] = 1.0;
        assert!(b.verdict().unwrap_err().contains("source #0"));
    }

    /// A real batch on rmat10 (R = 16, T = 4; the batch's sources out of order, a dangling
    /// vertex among them), judged at positions 0, 2 and 4 against the oracle
    /// (`ppr_naive`) and the one-by-one answers.
    fn real_batch() -> Answers {
        let arcs = ppr::rmat::rmat(10, 8, ppr::rmat::RMAT_SEED);
        let g = ppr::Graph::from_edges(Some(1024), &arcs, true).unwrap();
        let c = 0.15;
        let idx = build_index(
            &g,
            &IndexParams {
                c,
                walks: 16,
                max_len: None,
                seed: 3,
                threads: 1,
            },
        )
        .unwrap();
        let p = ppr::query::QueryParams {
            steps: 4,
            theta: 0.0,
        };
        let dangling = (0..1024u32).find(|&v| g.out_degree(v) == 0).unwrap();
        let sources = [9u32, 0, 5, dangling, 700, 3, 1, 12, 40, 2];
        let batch = ppr::batch::query_batch(&g, &idx, &sources, &p).unwrap();
        let references: Vec<BatchReference> = [0usize, 2, 4]
            .iter()
            .map(|&position| {
                let s = sources[position];
                let q = ppr::query::query(&g, &idx, s, &p).unwrap();
                BatchReference {
                    position,
                    truth: ppr::naive::ppr_naive(&g, s, c, 1e-13).unwrap(),
                    single: q.pi,
                    bound: 2.0 * q.fingerprint_mass + 1e-9,
                }
            })
            .collect();
        Answers {
            count: sources.len(),
            worst_mass: batch
                .iter()
                .map(|pi| (pi.iter().sum::<f64>() - 1.0).abs())
                .fold(0.0, f64::max),
            sample: references
                .iter()
                .map(|r| batch[r.position].clone())
                .collect(),
            references: Arc::new(references),
        }
    }

    #[test]
    fn batch_check_passes_on_a_real_batch() {
        let a = real_batch();
        assert_eq!(a.verdict(), Ok(()));
        assert_eq!(a.notes()[GUARANTEE], "ok");
        assert!(a.quality()["l1 to one-by-one"] <= BATCH_AGREEMENT);
    }

    #[test]
    fn batch_check_fails_on_a_mutated_answer() {
        // One entry moved by 1e-6 to another vertex: the mass stays 1, and the answer is
        // still far inside the oracle bound, but it is not the one-by-one answer.
        let mut a = real_batch();
        let top = ppr::metrics::top_k(&a.sample[1], 1)[0].0 as usize;
        a.sample[1][top] -= 1e-6;
        a.sample[1][(top + 1) % 1024] += 1e-6;
        let why = a.verdict().unwrap_err();
        assert!(
            why.contains("position 2") && why.contains("one-by-one"),
            "{why}"
        );
        // One entry perturbed alone.
        let mut a = real_batch();
        a.sample[0][7] += 1e-3;
        assert!(a.verdict().is_err());
    }

    #[test]
    fn batch_check_fails_beyond_the_oracle_bound() {
        // A batch and a one-by-one answer that agree but are wrong (all mass at a vertex
        // the oracle gives the least) fail against the oracle. At T = 4 the bound
        // 2 × fingerprint mass is about 2 · 0.85^4 ≈ 1.04, so only answers far off fail it;
        // the agreement with the one-by-one answer is the tight check.
        let mut a = real_batch();
        let refs = Arc::get_mut(&mut a.references).unwrap();
        let wrong: Vec<f64> = {
            let mut v = vec![0.0; 1024];
            let least = (0..1024)
                .min_by(|&x, &y| refs[0].truth[x].total_cmp(&refs[0].truth[y]))
                .unwrap();
            v[least] = 1.0;
            v
        };
        refs[0].single = wrong.clone();
        a.sample[0] = wrong;
        assert!(a.verdict().unwrap_err().contains("from the oracle"));
    }

    #[test]
    fn batch_check_fails_on_an_unjudged_position_or_a_bad_mass() {
        let mut a = real_batch();
        a.sample.pop();
        assert!(a.verdict().unwrap_err().contains("2 of the 3"));
        let mut a = real_batch();
        a.worst_mass = f64::NAN;
        assert!(a.verdict().is_err());
    }
}
