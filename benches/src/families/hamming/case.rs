//! Running the Hamming implementations on a prepared input.

use std::sync::Arc;

use hamming::bitparallel::{self, Path};
use hamming::kbounded::KMethod;
use hamming::{Algorithm, Planner};

use super::input::Symbols;
use super::outputs::{Distances, Estimates, Guarantee, Values, answer_of, saturate};
use super::peers::{
    NumpyPeer, PeerFiles, TripleAccelInput, relabel_nonzero_bytes, triple_accel_all,
};
use crate::family::{Case, DatasetInfo, Output, RunError};

/// Every implementation name the Hamming family understands: the crate's exact algorithms
/// by [`Algorithm::name`], each bit-parallel path on its own, the k-bounded and approximate
/// variants, `auto` (the crate's planner, `hamming::hamming_all`), and the peers.
pub const IMPLEMENTATIONS: &[&str] = &[
    "naive",
    "fft",
    "bitparallel",
    "bitparallel-scalar",
    "bitparallel-avx2",
    "bitparallel-avx512",
    "abrahamson",
    "bitpacked-fft",
    "hashing",
    "tiered",
    "kbounded",
    "kbounded-early-exit",
    "kbounded-pigeonhole",
    "kbounded-all-distances",
    "kbounded-kangaroo",
    "karloff",
    "hash-max",
    "auto",
    "auto-par",
    "triple_accel",
    "numpy",
];

/// Implementations that are not this crate's (excluded from the planner's regret).
pub const PEERS: &[&str] = &["triple_accel", "numpy"];

/// The oracle.
pub const ORACLE: &str = "naive";

/// The parameters of an approximation benchmark, with the exact distances to judge it by.
pub struct ApproxSetup {
    /// ε.
    pub eps: f64,
    /// δ.
    pub delta: f64,
    /// The algorithms' seed (recorded with the results).
    pub seed: u64,
    /// Exact distances, computed once when the case is prepared.
    pub exact: Arc<Vec<u32>>,
}

/// A prepared Hamming input.
pub struct HammingCase {
    symbols: Symbols,
    info: DatasetInfo,
    /// `Some(k)` in k-bounded benchmarks: every exact output is saturated at `k + 1`.
    k: Option<usize>,
    /// Present in approximation benchmarks.
    approx: Option<ApproxSetup>,
    /// The workspace, where the optional peers are installed.
    workspace: std::path::PathBuf,
    /// triple_accel's relabelled input, built on first use (the warm-up run).
    triple_accel_input: Option<TripleAccelInput>,
    /// The numpy peer's process, started on first use, warm for every later sample (declared
    /// before the files so that it ends before they are removed).
    numpy: Option<NumpyPeer>,
    /// Input files for subprocess peers, written on first use and removed on drop.
    peer_files: Option<PeerFiles>,
}

macro_rules! on_symbols {
    ($symbols:expr, |$t:ident, $p:ident| $body:expr) => {
        match $symbols {
            Symbols::Bytes { t: $t, p: $p } => $body,
            Symbols::Words { t: $t, p: $p } => $body,
        }
    };
}

impl HammingCase {
    /// Wraps an input; `k` makes it a k-bounded benchmark, `approx` an approximation one.
    pub fn new(
        symbols: Symbols,
        info: DatasetInfo,
        k: Option<usize>,
        approx: Option<(f64, f64, u64)>,
        workspace: std::path::PathBuf,
    ) -> Result<Self, String> {
        let approx = match approx {
            Some((eps, delta, seed)) => {
                let exact = on_symbols!(&symbols, |t, p| hamming::hamming_all(t, p))
                    .map_err(|e| e.to_string())?;
                Some(ApproxSetup {
                    eps,
                    delta,
                    seed,
                    exact: Arc::new(exact),
                })
            }
            None => None,
        };
        Ok(HammingCase {
            symbols,
            info,
            k,
            approx,
            workspace,
            triple_accel_input: None,
            peer_files: None,
            numpy: None,
        })
    }

    fn exact(&mut self, implementation: &str) -> Result<Distances, RunError> {
        let s = &self.symbols;
        let bit_path = |name: &str| {
            let path = Path::from_name(name).expect("listed names");
            if path.is_available() {
                Ok(path)
            } else {
                Err(RunError::Skip(format!(
                    "this CPU lacks {}",
                    path.requirements()
                )))
            }
        };
        let mut choice = None;
        let mut threads = 1;
        let mut ops = None;
        let mut counters = Vec::new();
        let result = match implementation {
            "abrahamson" => on_symbols!(s, |t, p| {
                let costs = hamming::abrahamson::CostModel::DEFAULT;
                hamming::abrahamson::hamming_abrahamson_with(t, p, &costs).map(|(d, report)| {
                    let f = &report.fft;
                    let butterflies = hamming::tiered::butterflies(f.transforms, f.block_size);
                    let (n, m) = (t.len() as f64, p.len() as f64);
                    ops = Some(
                        (report.light_increments as f64 + butterflies as f64) / (n * m.sqrt()),
                    );
                    counters = vec![
                        ("light increments", report.light_increments),
                        ("FFT butterflies", butterflies),
                    ];
                    d
                })
            }),
            "tiered" => on_symbols!(s, |t, p| {
                let th = hamming::tiered::TierThresholds::for_pattern_length(p.len());
                hamming::tiered::hamming_tiered_with(t, p, &th).map(|(d, report)| {
                    let (n, m) = (t.len() as f64, p.len() as f64);
                    ops = Some(report.operations() as f64 / (n * m.sqrt()));
                    counters = vec![
                        ("light increments", report.light_increments),
                        ("FFT butterflies", report.fft_butterflies),
                        ("bytes packed", report.bytes_packed),
                    ];
                    d
                })
            }),
            "auto-par" => {
                // Every core: the planner's choice per chunk, the same output bits. Not a
                // single-thread comparison; the row's `threads` note says how many ran.
                let cores = std::thread::available_parallelism().map_or(1, usize::from);
                let (n, m) = s.lengths();
                threads = hamming::parallel::chunks(n - m + 1, cores).len();
                match self.k {
                    Some(k) => on_symbols!(s, |t, p| hamming::parallel::hamming_k_saturating_par(
                        t, p, k, cores
                    )),
                    None => on_symbols!(s, |t, p| hamming::parallel::hamming_all_par(t, p, cores)),
                }
            }
            "auto" | "kbounded" if self.k.is_some() => {
                // In k-bounded benchmarks, what a user calls is the k-bounded planner.
                let k = self.k.unwrap_or_default();
                on_symbols!(s, |t, p| {
                    let plan =
                        hamming::kbounded::plan_k_bounded(t, p, k).map_err(|e| e.to_string())?;
                    choice = Some(plan.method.name());
                    hamming::kbounded::hamming_k_saturating_with(t, p, k, plan.method)
                })
            }
            name if name.starts_with("kbounded-") => {
                let k = self
                    .k
                    .ok_or_else(|| RunError::Fail(format!("`{name}` needs a `k` parameter")))?;
                let method = KMethod::ALL
                    .iter()
                    .copied()
                    .find(|m| m.name() == &name["kbounded-".len()..])
                    .ok_or_else(|| RunError::Fail(format!("unknown implementation `{name}`")))?;
                on_symbols!(s, |t, p| hamming::kbounded::hamming_k_saturating_with(
                    t, p, k, method
                ))
            }
            "auto" => on_symbols!(s, |t, p| {
                let plan = Planner::new().plan(t, p).map_err(|e| e.to_string())?;
                choice = Some(plan.algorithm.name());
                plan.algorithm.run(t, p)
            }),
            "kbounded" => return Err(RunError::Fail("`kbounded` needs a `k` parameter".into())),
            "triple_accel" => {
                let input = self
                    .triple_accel_input
                    .get_or_insert_with(|| relabel_nonzero_bytes(s));
                let (t, p) = input.as_ref().map_err(|e| RunError::Skip(e.clone()))?;
                Ok(triple_accel_all(t, p))
            }
            "numpy" => {
                if self.peer_files.is_none() {
                    self.peer_files = Some(PeerFiles::write(s, &self.info.sha256[..16])?);
                }
                if self.numpy.is_none() {
                    let files = self.peer_files.as_ref().expect("written above");
                    self.numpy = Some(NumpyPeer::start(&self.workspace, files)?);
                }
                let mut d = self.numpy.as_mut().expect("started above").run()?;
                saturate(&mut d.distances, self.k);
                return Ok(d);
            }
            name if name.starts_with("bitparallel-") => {
                let path = bit_path(&name["bitparallel-".len()..])?;
                on_symbols!(s, |t, p| bitparallel::hamming_bitparallel_with(path, t, p))
            }
            name => {
                let algorithm = Algorithm::from_name(name)
                    .ok_or_else(|| RunError::Fail(format!("unknown implementation `{name}`")))?;
                on_symbols!(s, |t, p| algorithm.run(t, p))
            }
        };
        let mut distances = result.map_err(|e| e.to_string())?;
        saturate(&mut distances, self.k);
        Ok(Distances {
            distances,
            choice,
            self_timed_ns: None,
            threads,
            ops_per_n_sqrt_m: ops,
            counters,
        })
    }

    fn approximate(&self, implementation: &str) -> Result<Estimates, RunError> {
        let setup = self.approx.as_ref().ok_or_else(|| {
            RunError::Fail(format!(
                "`{implementation}` needs `eps`, `delta` and `seed` parameters"
            ))
        })?;
        let (eps, delta, seed) = (setup.eps, setup.delta, setup.seed);
        let s = &self.symbols;
        let (values, guarantee) = match implementation {
            "karloff" => (
                Values::Real(
                    on_symbols!(s, |t, p| hamming::approx::hamming_karloff(
                        t, p, eps, delta, seed
                    ))
                    .map_err(|e| e.to_string())?,
                ),
                Guarantee::TwoSided,
            ),
            _ => (
                Values::Integer(
                    on_symbols!(s, |t, p| hamming::approx::hamming_hash_max(
                        t, p, eps, delta, seed
                    ))
                    .map_err(|e| e.to_string())?,
                ),
                Guarantee::OneSided,
            ),
        };
        Ok(Estimates {
            values,
            exact: Arc::clone(&setup.exact),
            eps,
            delta,
            guarantee,
        })
    }
}

impl Case for HammingCase {
    fn dataset(&self) -> &DatasetInfo {
        &self.info
    }

    fn work(&self) -> Option<(f64, &'static str)> {
        let (n, m) = self.symbols.lengths();
        Some((((n - m + 1) * m) as f64, "cells"))
    }

    fn run(&mut self, implementation: &str) -> Result<Box<dyn Output>, RunError> {
        match implementation {
            "karloff" | "hash-max" => Ok(Box::new(self.approximate(implementation)?)),
            _ => Ok(Box::new(self.exact(implementation)?)),
        }
    }

    fn check(
        &self,
        implementation: &str,
        output: &dyn Output,
        expected: &str,
    ) -> Result<(), String> {
        let Some(setup) = self
            .approx
            .as_ref()
            .filter(|_| matches!(implementation, "karloff" | "hash-max"))
        else {
            let got = output.answer();
            return if got == expected {
                Ok(())
            } else {
                Err(format!("expected `{expected}`, got `{got}`"))
            };
        };
        // The reference itself is checked against the oracle's committed answer first.
        let reference = answer_of(&setup.exact);
        if reference != expected {
            return Err(format!(
                "exact reference: expected `{expected}`, got `{reference}`"
            ));
        }
        let quality = output.quality();
        let within = quality
            .get("fraction within guarantee")
            .copied()
            .unwrap_or(0.0);
        let answer = output.answer();
        if answer.contains("overshoot=true") {
            return Err(format!(
                "one-sided estimate exceeded the exact distance: `{answer}`"
            ));
        }
        if within < 1.0 - setup.delta {
            return Err(format!(
                "only {within:.4} of shifts within the (1±{}) guarantee, need {:.4}: `{answer}`",
                setup.eps,
                1.0 - setup.delta
            ));
        }
        Ok(())
    }
}
