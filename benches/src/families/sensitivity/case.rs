//! Sensitivity-sampling workloads: Lewis weights, exact sensitivities, distortion and the
//! ε̂ sweep, each with its oracle.

use std::collections::BTreeMap;
use std::path::PathBuf;

use faer::Mat;
use sensitivity_sampling::{
    Distortion, EstimateOptions, LewisOptions, LpBackend, Method, RowSpace, bernoulli,
    estimate_distortion, exact_distortion_p1, exact_distortion_p2, lewis_weights, oracles,
    scores_on, sensitivities,
};

use super::study::{self, StudyResult, StudySpec};
use super::sweep::SweepResult;
use crate::family::{Case, DatasetInfo, Output, RunError};

/// Every implementation name.
pub const IMPLEMENTATIONS: &[&str] = &[
    "oracle",
    "lewis",
    "numpy",
    "simplex",
    "clarabel",
    "microlp",
    "newton",
    "estimate",
    "exact",
    "pipeline",
    "bisection",
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
        /// The independent oracle's weights: the plain (unrescaled) Cohen–Peng iteration
        /// with naive solves ([`oracles::lewis_weights_plain`]), computed while preparing;
        /// `None` when it did not converge.
        plain: Option<Vec<f64>>,
    },
    /// Exact sensitivities and 𝔖, with a closed-form or published expected total.
    Sensitivity {
        /// The matrix.
        a: Mat<f64>,
        /// p.
        p: f64,
        /// The oracle's total: a closed form or a published HiGHS figure (as text).
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
    /// The scaling study: its matrices are built while preparing; the study itself runs in
    /// the one timed run (a study row records one run, the whole study's wall time).
    Scaling {
        /// The number of thresholds asked for: grid values × methods × ε targets.
        asked: usize,
        /// The matrices and what to run on them.
        spec: StudySpec,
    },
}

/// What an implementation's last run left for its check, beyond the answer string: the
/// check recomputes real quantities from it with the independent oracles.
pub enum Evidence {
    /// Lewis weights.
    Weights(Vec<f64>),
    /// An estimated distortion, with the directions that witness its extremes.
    Estimate(Distortion),
    /// The pipeline's Lewis weights on the row-space basis, its sketch and its ε̂.
    Pipeline {
        /// The row-space basis the weights were computed on.
        basis: Mat<f64>,
        /// The Lewis weights.
        weights: Vec<f64>,
        /// The sketch SA.
        sa: Mat<f64>,
        /// ε̂ of SA.
        distortion: Distortion,
    },
    /// The scaling study's outcome.
    Study(StudyResult),
}

/// A prepared benchmark.
pub struct SensitivityCase {
    /// The workload.
    pub work: Work,
    /// Its identity.
    pub info: DatasetInfo,
    /// The workspace (for the numpy peer).
    pub workspace: PathBuf,
    /// Each implementation's evidence from its last run.
    pub evidence: BTreeMap<String, Evidence>,
}

/// The largest independent Lewis residual accepted (the iterations stop at 1e-10 on their
/// own residual; the naive Gauss–Jordan solve adds rounding of the order of the condition
/// number times 1e-16).
pub const LEWIS_RESIDUAL_MAX: f64 = 1e-7;

/// The largest elementwise relative difference accepted between two sets of Lewis weights.
pub const LEWIS_WEIGHTS_MAX_REL_DIFF: f64 = 1e-6;

/// `max_i |u_i − v_i| / max(|u_i|, tiny)` (∞ for different lengths).
pub fn max_rel_diff(u: &[f64], v: &[f64]) -> f64 {
    if u.len() != v.len() {
        return f64::INFINITY;
    }
    u.iter()
        .zip(v)
        .map(|(x, y)| (x - y).abs() / x.abs().max(1e-300))
        .fold(0.0, |acc, r| {
            if r.is_nan() {
                f64::INFINITY
            } else {
                acc.max(r)
            }
        })
}

/// Lewis weights `w` of `a` pass when their fixed-point residual, by an independent naive
/// solve, is below [`LEWIS_RESIDUAL_MAX`], and they agree elementwise with every reference
/// given (the independent plain iteration, the other implementation).
///
/// # Errors
/// A message naming the residual or the difference.
pub fn check_lewis(
    a: &Mat<f64>,
    p: f64,
    w: &[f64],
    references: &[(&str, &[f64])],
) -> Result<(), String> {
    let residual = oracles::lewis_residual(a.as_ref(), w, p);
    if residual.is_nan() || residual > LEWIS_RESIDUAL_MAX {
        return Err(format!(
            "the weights are not the Lewis fixed point: independent residual {residual:.3e} \
             > {LEWIS_RESIDUAL_MAX:e}"
        ));
    }
    for (name, reference) in references {
        let diff = max_rel_diff(reference, w);
        if diff.is_nan() || diff > LEWIS_WEIGHTS_MAX_REL_DIFF {
            return Err(format!(
                "the weights differ from {name}'s by {diff:.3e} (relative, elementwise) \
                 > {LEWIS_WEIGHTS_MAX_REL_DIFF:e}"
            ));
        }
    }
    Ok(())
}

/// An estimate passes when the ratios at its witness directions, recomputed naively on `A`
/// and `SA`, are its reported extremes (relative 1e-8), and its ε̂ follows from them.
///
/// # Errors
/// A message naming the ratio that does not match.
pub fn check_witnessed(a: &Mat<f64>, sa: &Mat<f64>, p: f64, d: &Distortion) -> Result<(), String> {
    let agree = |x: f64, y: f64| (x - y).abs() <= 1e-8 * y.abs().max(1e-300);
    let hi = oracles::ratio(a.as_ref(), sa.as_ref(), &d.max_direction, p);
    if !agree(hi, d.max_ratio) {
        return Err(format!(
            "the largest ratio {} is not witnessed: its direction gives {hi}",
            d.max_ratio
        ));
    }
    if !d.rank_lost {
        let lo = oracles::ratio(a.as_ref(), sa.as_ref(), &d.min_direction, p);
        if !agree(lo, d.min_ratio) {
            return Err(format!(
                "the smallest ratio {} is not witnessed: its direction gives {lo}",
                d.min_ratio
            ));
        }
    }
    let eps = (d.max_ratio - 1.0).max(1.0 - d.min_ratio);
    if !(eps >= 0.0 && agree(eps, d.epsilon)) {
        return Err(format!(
            "ε̂ = {} does not follow from the ratios [{}, {}]",
            d.epsilon, d.min_ratio, d.max_ratio
        ));
    }
    Ok(())
}

/// An answer and its notes.
pub struct Answer {
    /// The answer string.
    pub text: String,
    /// Notes for the report.
    pub notes: BTreeMap<String, String>,
    /// A value for tolerance checks.
    pub value: f64,
    /// Further quality figures (e.g. the largest difference from the independent oracle).
    pub quality: BTreeMap<String, f64>,
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
        let mut q = self.quality.clone();
        q.insert("value".to_string(), self.value);
        q
    }
    fn self_timed_ns(&self) -> Option<f64> {
        self.self_timed_ns
    }
}

fn answer(text: String, value: f64) -> Answer {
    Answer {
        text,
        notes: BTreeMap::new(),
        quality: BTreeMap::new(),
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
        let SensitivityCase {
            work,
            workspace,
            evidence,
            ..
        } = self;
        let out = match (&*work, implementation) {
            (Work::Lewis { plain, .. }, "oracle") => {
                let w = plain.as_ref().ok_or_else(|| {
                    RunError::Fail("the independent plain Lewis iteration did not converge".into())
                })?;
                let sum: f64 = w.iter().sum();
                answer(format!("sum_w={sum:.6}"), sum)
            }
            (Work::Lewis { a, p, plain }, imp @ ("lewis" | "numpy")) => {
                let (mut ans, weights) = if imp == "lewis" {
                    let lw =
                        lewis_weights(a.as_ref(), *p, &LewisOptions::default()).map_err(fail)?;
                    let sum: f64 = lw.weights.iter().sum();
                    let mut ans = answer(format!("sum_w={sum:.6}"), sum);
                    ans.notes
                        .insert("iterations".into(), lw.iterations.to_string());
                    ans.notes
                        .insert("residual".into(), format!("{:.2e}", lw.residual));
                    ans.notes
                        .insert("damping".into(), format!("{:.4}", lw.damping));
                    (ans, lw.weights)
                } else {
                    super::peers::lewis_numpy(workspace, a, *p)?
                };
                if let Some(plain) = plain {
                    let diff = max_rel_diff(plain, &weights);
                    ans.quality.insert("max_rel_diff_vs_plain".into(), diff);
                    ans.notes
                        .insert("max_rel_diff_vs_plain".into(), format!("{diff:.2e}"));
                }
                evidence.insert(imp.to_string(), Evidence::Weights(weights));
                ans
            }
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
                let mut ans = answer(format!("total={:.6}", s.total), s.total);
                ans.notes.insert("rank".into(), a.ncols().to_string());
                ans
            }
            (Work::Distortion { a, sa, p }, "oracle") => {
                // Independent of the measured `exact` arm: naive Cholesky + Jacobi at p = 2,
                // vertex enumeration in the original coordinates at p = 1.
                let eps = if *p == 2.0 {
                    oracles::distortion_p2(a.as_ref(), sa.as_ref())
                } else if *p == 1.0 {
                    oracles::distortion_p1(a.as_ref(), sa.as_ref(), 50_000_000)
                } else {
                    return Err(RunError::Skip(
                        "exact ε exists only for p = 1 and p = 2".into(),
                    ));
                }
                .ok_or_else(|| {
                    RunError::Fail(
                        "the naive exact distortion needs A and SA of full column rank and at \
                         most 5·10^7 vertices"
                            .into(),
                    )
                })?;
                answer(format!("eps={eps:.6}"), eps)
            }
            (Work::Distortion { a, sa, p }, "exact") => {
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
                evidence.insert("estimate".into(), Evidence::Estimate(d));
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
                let distortion = estimate_distortion(
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
                ans.quality.insert("eps_hat".into(), distortion.epsilon);
                ans.quality.insert("rows_kept".into(), sa.nrows() as f64);
                evidence.insert(
                    "pipeline".into(),
                    Evidence::Pipeline {
                        basis: rs.basis,
                        weights: s.values,
                        sa,
                        distortion,
                    },
                );
                ans
            }
            (Work::Scaling { asked, .. }, "oracle") => {
                answer(format!("thresholds={asked}"), *asked as f64)
            }
            (Work::Scaling { spec, .. }, "bisection") => {
                let result = study::run(spec).map_err(RunError::Fail)?;
                let ans = study_answer(&result);
                evidence.insert("bisection".into(), Evidence::Study(result));
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
        self.check_answer(implementation, output, expected)?;
        self.check_evidence(implementation)
    }
}

impl SensitivityCase {
    /// Beyond the answer string: recompute real quantities from the run's evidence with the
    /// independent oracles (Lewis residual and elementwise agreement, witnessed ε̂).
    fn check_evidence(&self, implementation: &str) -> Result<(), String> {
        let weights = |imp: &str| match self.evidence.get(imp) {
            Some(Evidence::Weights(w)) => Some(w.as_slice()),
            _ => None,
        };
        match (&self.work, self.evidence.get(implementation)) {
            (Work::Lewis { a, p, plain }, Some(Evidence::Weights(w))) => {
                let plain = plain
                    .as_deref()
                    .ok_or("the independent plain Lewis iteration did not converge")?;
                let mut references = vec![("the independent plain iteration", plain)];
                let other = if implementation == "lewis" {
                    "numpy"
                } else {
                    "lewis"
                };
                if let Some(o) = weights(other) {
                    references.push((other, o));
                }
                check_lewis(a, *p, w, &references)
            }
            (Work::Distortion { a, sa, p }, Some(Evidence::Estimate(d))) => {
                check_witnessed(a, sa, *p, d)
            }
            (
                Work::Sweep { a, p, .. },
                Some(Evidence::Pipeline {
                    basis,
                    weights,
                    sa,
                    distortion,
                }),
            ) => {
                check_lewis(basis, *p, weights, &[])?;
                check_witnessed(a, sa, *p, distortion)
            }
            (Work::Scaling { .. }, Some(Evidence::Study(result))) => study::check(result),
            (Work::Scaling { .. }, None) if implementation == "bisection" => {
                Err("the study left no outcome to check".into())
            }
            _ => Ok(()),
        }
    }

    /// The answer string against the expected one, to the expected answer's decimals.
    fn check_answer(
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

/// `lo–hi` of a set of values (`–` when empty), to `digits` decimals.
fn range(values: impl Iterator<Item = f64>, digits: usize) -> String {
    let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), v| {
        (l.min(v), h.max(v))
    });
    if lo > hi {
        "–".into()
    } else {
        format!("{lo:.digits$}–{hi:.digits$}")
    }
}

/// The study row's answer (the number of thresholds reached; the expected answer is the
/// number asked), with its outcomes as quality metrics and notes: per threshold the rows
/// needed; per (axis, method, ε) the fitted exponent, its CI and the span of x; the paired
/// tests against uniform; the n, d and 𝔖 ranges the fits cover; the root-leverage totals.
fn study_answer(result: &StudyResult) -> Answer {
    let found = result.thresholds.len();
    let mut ans = answer(format!("thresholds={found}"), found as f64);
    let pts = &result.points;
    ans.notes
        .insert("n_range".into(), range(pts.iter().map(|g| g.n as f64), 0));
    ans.notes
        .insert("d_range".into(), range(pts.iter().map(|g| g.d as f64), 0));
    ans.notes
        .insert("S_range".into(), range(pts.iter().map(|g| g.total), 3));
    ans.notes.insert(
        "root_leverage_totals".into(),
        pts.iter()
            .filter_map(|g| {
                g.root_leverage_total
                    .map(|r| format!("d={},S={:.3},sum_tau_p2={r:.3}", g.d, g.total))
            })
            .collect::<Vec<_>>()
            .join(";"),
    );
    ans.notes.insert(
        "thresholds".into(),
        result
            .thresholds
            .iter()
            .map(|t| {
                format!(
                    "{},{},{},{},{},{:.6},{},{}",
                    t.method.name(),
                    t.eps,
                    t.grid,
                    t.n,
                    t.d,
                    t.total,
                    t.budget,
                    t.rows
                )
            })
            .collect::<Vec<_>>()
            .join(";"),
    );
    for (m, g, v) in &result.paired {
        let key = format!("beats.{}.{g}", m.name());
        ans.quality.insert(format!("{key}.p"), v.p_value);
        ans.quality.insert(format!("{key}.wins"), v.wins as f64);
        ans.quality.insert(format!("{key}.n"), v.n as f64);
        ans.quality
            .insert(format!("{key}.log_ratio"), v.median_log_ratio);
    }
    for f in &result.fits {
        let x = f.exponent;
        let key = study::key(f.axis, f.method.name(), f.eps);
        ans.quality.insert(key.clone(), x.slope);
        ans.quality.insert(format!("{key}.lo"), x.lo);
        ans.quality.insert(format!("{key}.hi"), x.hi);
        ans.quality.insert(format!("{key}.span"), f.span);
        ans.notes.insert(
            key,
            format!(
                "rows ∝ {}^{:.3} (95 % CI [{:.3}, {:.3}]) over a ×{:.2} span",
                f.axis.key(),
                x.slope,
                x.lo,
                x.hi,
                f.span
            ),
        );
    }
    for t in &result.thresholds {
        ans.quality.insert(
            format!("rows.{}.{}.{}", t.method.name(), t.eps, t.grid),
            t.rows,
        );
    }
    ans
}
