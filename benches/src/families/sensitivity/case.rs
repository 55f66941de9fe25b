//! Sensitivity-sampling workloads: Lewis weights, exact sensitivities, distortion and the
//! ε̂ sweep, each with its oracle.

use std::collections::BTreeMap;
use std::path::PathBuf;

use faer::Mat;
use sensitivity_sampling::{
    EstimateOptions, LewisOptions, LpBackend, Method, RowSpace, bernoulli, estimate_distortion,
    exact_distortion_p1, exact_distortion_p2, lewis_weights, scores_on, sensitivities,
};

use super::sweep::SweepResult;
use crate::family::{Case, DatasetInfo, Output, RunError};

/// Every implementation name.
pub const IMPLEMENTATIONS: &[&str] = &[
    "oracle", "lewis", "numpy", "simplex", "clarabel", "microlp", "newton", "estimate", "exact",
    "pipeline",
];

/// Above this many rows the general LPs (one per row, n of them) take minutes: they are
/// skipped, and the expected answer is an offline figure from another solver.
pub const LP_MAX_ROWS: usize = 600;

/// What one benchmark does.
pub enum Work {
    /// Lewis weights of a full-column-rank matrix (the row-space basis when A is deficient).
    Lewis {
        /// The matrix the iteration runs on.
        a: Mat<f64>,
        /// p.
        p: f64,
    },
    /// Exact sensitivities and 𝔖, with a closed-form or published expected total.
    Sensitivity {
        /// The matrix.
        a: Mat<f64>,
        /// p.
        p: f64,
        /// The oracle's total: a closed form or the spec's published figure (as text).
        oracle: Option<String>,
    },
    /// ε̂ of one fixed sketch, against the exact value.
    Distortion {
        /// A.
        a: Mat<f64>,
        /// SA.
        sa: Mat<f64>,
        /// p.
        p: f64,
    },
    /// The sweep (computed while preparing) and a timed Lewis → sample → ε̂ pipeline.
    Sweep {
        /// A.
        a: Mat<f64>,
        /// p.
        p: f64,
        /// The budget of the timed pipeline.
        k: usize,
        /// The sweep.
        result: SweepResult,
    },
}

/// A prepared benchmark.
pub struct SensitivityCase {
    /// The workload.
    pub work: Work,
    /// Its identity.
    pub info: DatasetInfo,
    /// The workspace (for the numpy peer).
    pub workspace: PathBuf,
}

/// An answer and its notes.
pub struct Answer {
    /// The answer string.
    pub text: String,
    /// Notes for the report.
    pub notes: BTreeMap<String, String>,
    /// A value for tolerance checks.
    pub value: f64,
    /// The peer's own timing.
    pub self_timed_ns: Option<f64>,
}

impl Output for Answer {
    fn answer(&self) -> String {
        self.text.clone()
    }
    fn notes(&self) -> BTreeMap<String, String> {
        self.notes.clone()
    }
    fn quality(&self) -> BTreeMap<String, f64> {
        BTreeMap::from([("value".to_string(), self.value)])
    }
    fn self_timed_ns(&self) -> Option<f64> {
        self.self_timed_ns
    }
}

fn answer(text: String, value: f64) -> Answer {
    Answer {
        text,
        notes: BTreeMap::new(),
        value,
        self_timed_ns: None,
    }
}

fn fail(e: sensitivity_sampling::Error) -> RunError {
    RunError::Fail(e.to_string())
}

/// `{key}={value}` with the number of decimals of the expected answer (tolerance half a unit
/// of its last digit).
fn parse_value(s: &str) -> Option<(String, f64, usize)> {
    let (key, v) = s.split_once('=')?;
    let decimals = v.split_once('.').map_or(0, |(_, f)| f.len());
    Some((key.to_string(), v.parse().ok()?, decimals))
}

/// `Σ_k C(d,k)|d−2k|`: the sign matrix's ℓ1 closed form is `𝔖₁ = 2^d·d / this`.
pub fn sign_total(d: usize) -> f64 {
    let mut sum = 0.0;
    let mut c = 1.0;
    for k in 0..=d {
        sum += c * (d as f64 - 2.0 * k as f64).abs();
        c = c * (d - k) as f64 / (k + 1) as f64;
    }
    (1u64 << d) as f64 * d as f64 / sum
}

impl Case for SensitivityCase {
    fn dataset(&self) -> &DatasetInfo {
        &self.info
    }

    fn work(&self) -> Option<(f64, &'static str)> {
        match &self.work {
            Work::Lewis { a, .. } | Work::Sensitivity { a, .. } => Some((a.nrows() as f64, "rows")),
            _ => None,
        }
    }

    fn run(&mut self, implementation: &str) -> Result<Box<dyn Output>, RunError> {
        let out = match (&self.work, implementation) {
            (Work::Lewis { a, .. }, "oracle") => {
                let r = RowSpace::new(a.as_ref()).map_err(fail)?.rank;
                answer(format!("sum_w={r}.000000"), r as f64)
            }
            (Work::Lewis { a, p }, "lewis") => {
                let lw = lewis_weights(a.as_ref(), *p, &LewisOptions::default()).map_err(fail)?;
                let sum: f64 = lw.weights.iter().sum();
                let mut ans = answer(format!("sum_w={sum:.6}"), sum);
                ans.notes
                    .insert("iterations".into(), lw.iterations.to_string());
                ans.notes
                    .insert("residual".into(), format!("{:.2e}", lw.residual));
                ans.notes
                    .insert("damping".into(), format!("{:.4}", lw.damping));
                ans
            }
            (Work::Lewis { a, p }, "numpy") => super::peers::lewis_numpy(&self.workspace, a, *p)?,
            (Work::Sensitivity { oracle, .. }, "oracle") => {
                let text = oracle.clone().ok_or_else(|| {
                    RunError::Skip("no closed form or published figure for this matrix".into())
                })?;
                let v = parse_value(&text).map_or(f64::NAN, |x| x.1);
                answer(text, v)
            }
            (
                Work::Sensitivity { a, p, .. },
                imp @ ("simplex" | "clarabel" | "microlp" | "newton"),
            ) => {
                let backend = match imp {
                    "microlp" => LpBackend::Microlp,
                    "simplex" => LpBackend::Simplex,
                    _ => LpBackend::Clarabel,
                };
                if (*p == 1.0) == (imp == "newton") {
                    return Err(RunError::Skip(format!("`{imp}` does not apply at p = {p}")));
                }
                if matches!(imp, "clarabel" | "microlp") && a.nrows() > LP_MAX_ROWS {
                    return Err(RunError::Skip(format!(
                        "{} LPs of {} rows each take minutes; the expected total comes from \
                         an offline run of another solver (see the definition)",
                        a.nrows(),
                        a.nrows()
                    )));
                }
                let s = sensitivities(a.as_ref(), *p, backend).map_err(fail)?;
                answer(format!("total={:.6}", s.total), s.total)
            }
            (Work::Distortion { a, sa, p }, "oracle" | "exact") => {
                let d = if *p == 2.0 {
                    exact_distortion_p2(a.as_ref(), sa.as_ref())
                } else if *p == 1.0 {
                    exact_distortion_p1(a.as_ref(), sa.as_ref(), 50_000_000)
                } else {
                    return Err(RunError::Skip(
                        "exact ε exists only for p = 1 and p = 2".into(),
                    ));
                }
                .map_err(fail)?;
                answer(format!("eps={:.6}", d.epsilon), d.epsilon)
            }
            (Work::Distortion { a, sa, p }, "estimate") => {
                let d = estimate_distortion(
                    a.as_ref(),
                    sa.as_ref(),
                    *p,
                    &[],
                    &EstimateOptions::default(),
                )
                .map_err(fail)?;
                let mut ans = answer(format!("eps={:.6}", d.epsilon), d.epsilon);
                ans.notes.insert("rows".into(), sa.nrows().to_string());
                ans
            }
            (Work::Sweep { a, .. }, "oracle") => {
                let r = RowSpace::new(a.as_ref()).map_err(fail)?.rank;
                answer(format!("rank={r}"), r as f64)
            }
            (Work::Sweep { a, p, k, result }, "pipeline") => {
                let rs = RowSpace::new(a.as_ref()).map_err(fail)?;
                let s = scores_on(
                    &rs,
                    *p,
                    Method::Lewis,
                    &LewisOptions::default(),
                    LpBackend::default(),
                )
                .map_err(fail)?;
                let sample = bernoulli(&s.values, *k, *p, 0).map_err(fail)?;
                let sa = sample.sketch(a.as_ref()).map_err(fail)?;
                estimate_distortion(
                    a.as_ref(),
                    sa.as_ref(),
                    *p,
                    &[],
                    &EstimateOptions::default(),
                )
                .map_err(fail)?;
                let mut ans = answer(format!("rank={}", s.rank), s.rank as f64);
                ans.notes = result.facts.clone();
                ans.notes.insert("sweep".into(), result.lines.join(";"));
                ans
            }
            (_, other) => {
                return Err(RunError::Skip(format!(
                    "`{other}` does not apply to this benchmark"
                )));
            }
        };
        Ok(Box::new(out))
    }

    fn check(
        &self,
        implementation: &str,
        output: &dyn Output,
        expected: &str,
    ) -> Result<(), String> {
        let got = output.answer();
        let (Some((ek, ev, dec)), Some((gk, gv, _))) = (parse_value(expected), parse_value(&got))
        else {
            return if got == expected {
                Ok(())
            } else {
                Err(format!("expected `{expected}`, got `{got}`"))
            };
        };
        if ek != gk {
            return Err(format!("expected `{expected}`, got `{got}`"));
        }
        let tol = 0.5 * 10f64.powi(-(dec as i32)) * 1.0001 + 1e-9;
        let ok = if implementation == "estimate" {
            // ε̂ is a lower bound: never above the exact ε, and expected to find most of it.
            gv <= ev + tol && gv >= 0.5 * ev - tol
        } else {
            (gv - ev).abs() <= tol
        };
        if ok {
            Ok(())
        } else if implementation == "estimate" {
            Err(format!(
                "ε̂ = {gv} must lie in [ε/2, ε] for the exact ε = {ev}"
            ))
        } else {
            Err(format!("expected `{expected}` (±{tol:.1e}), got `{got}`"))
        }
    }
}
