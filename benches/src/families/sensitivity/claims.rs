//! The papers' claims, each set beside what this run measured, with a verdict computed from
//! the rows. Woodruff & Yasuda (ICML 2023) report no experiments of their own: their
//! theorems' scaling in 𝔖 and d is the only anchor: the `scaling` study fits the exponent of
//! the rows needed against 𝔖 (d fixed) or d, and each bound's predicted exponent is set
//! beside it with a verdict by [`EXPONENT_RULE`].

use crate::raw::Row;
use crate::report::claims::{Claim, Verdict};

use super::case::LEWIS_WEIGHTS_MAX_REL_DIFF;

fn task(r: &Row) -> &str {
    r.params
        .get("task")
        .and_then(toml::Value::as_str)
        .unwrap_or_default()
}

fn p_of(r: &Row) -> f64 {
    r.params
        .get("p")
        .and_then(|v| v.as_float().or_else(|| v.as_integer().map(|i| i as f64)))
        .unwrap_or(1.0)
}

fn wrong(r: &Row) -> bool {
    r.error
        .as_deref()
        .is_some_and(|e| e.starts_with("wrong answer") || e.starts_with("failed"))
}

/// Every claim, in the order of the page.
pub fn claims(rows: &[Row]) -> Vec<Claim> {
    let mut out = vec![Claim {
        statement: "Woodruff & Yasuda's paper has no experiments of its own; only its theorems' \
                    scaling in 𝔖 and d can be checked"
            .into(),
        source: "Woodruff & Yasuda, ICML 2023 (arXiv 2306.00732)".into(),
        paper: None,
        measured: format!(
            "nothing to reproduce: the claims below test the theorems' exponents; verdict \
             rule: {EXPONENT_RULE}"
        ),
        scope: "–".into(),
        experiment: vec![],
        verdict: Verdict::NotApplicable,
    }];
    out.push(lewis_fixed_point(rows));
    out.push(total_sensitivity_bound(rows));
    out.extend(exponent_claims(rows));
    out.push(Claim {
        statement: "p > 2: the combination of sensitivities and Lewis weights needs about \
                    d^{2/p}·𝔖^{2−4/p} rows"
            .into(),
        source: "Woodruff & Yasuda 2023, abstract".into(),
        paper: Some("predicted exponent 2 − 4/p in 𝔖, 2/p in d".into()),
        measured:
            "not applicable: no sampler here is that combination (`mixed` is Munteanu–Omlor's \
                   s + τ for p ≤ 2), so no fitted exponent is set beside this bound"
                .into(),
        scope: "–".into(),
        experiment: vec![],
        verdict: Verdict::NotApplicable,
    });
    out.push(Claim {
        statement:
            "1 ≤ p ≤ 2: s + τ (ℓ2-augmented sensitivities, the `mixed` sampler) needs about \
                    𝔖 + d rows"
                .into(),
        source: "Munteanu & Omlor, arXiv 2406.00328".into(),
        paper: Some("predicted exponent 1 in 𝔖 + d".into()),
        measured: "not measured: the scaling study does not run the `mixed` sampler".into(),
        scope: "–".into(),
        experiment: vec![],
        verdict: Verdict::NotMeasured,
    });
    out.push(beats_uniform(rows));
    out
}

/// Sensitivity or Lewis sampling against uniform at equal rows actually kept: the scaling
/// rows' paired sign tests (quality keys `beats.<method>.<grid>.{p,wins,n,log_ratio}`).
/// Holds when every comparison is a significant win (p < 0.05), does not hold when any is a
/// significant loss, inconclusive otherwise, each non-significant one said plainly.
fn beats_uniform(rows: &[Row]) -> Claim {
    let statement =
        "Sensitivity or Lewis sampling gives a smaller ε̂ than uniform at equal rows kept";
    let source = "the premise of importance sampling (Woodruff & Yasuda 2023, introduction)";
    let mut tests = Vec::new();
    for r in rows
        .iter()
        .filter(|r| task(r) == "scaling" && r.implementation == "bisection" && r.ok())
    {
        for (k, &p) in &r.quality {
            let Some(stem) = k.strip_prefix("beats.").and_then(|x| x.strip_suffix(".p")) else {
                continue;
            };
            let get = |s: &str| r.quality.get(&format!("beats.{stem}.{s}")).copied();
            let (Some(wins), Some(n)) = (get("wins"), get("n")) else {
                continue;
            };
            let ratio = get("log_ratio").unwrap_or(f64::NAN).exp();
            tests.push((r.benchmark.clone(), stem.to_string(), wins, n, p, ratio));
        }
    }
    if tests.is_empty() {
        return Claim::not_measured(
            statement,
            source,
            None,
            &["scaling/*"],
            "cargo suite run sensitivity-sampling/scaling",
        );
    }
    let win = |t: &(String, String, f64, f64, f64, f64)| t.4 < 0.05 && t.2 > t.3 / 2.0;
    let loss = |t: &(String, String, f64, f64, f64, f64)| t.4 < 0.05 && t.2 < t.3 / 2.0;
    let verdict = if tests.iter().any(loss) {
        Verdict::DoesNotHold
    } else if tests.iter().all(win) {
        Verdict::Holds
    } else {
        Verdict::Inconclusive
    };
    let measured = tests
        .iter()
        .map(|t| {
            format!(
                "{} {}: lower ε̂ on {} of {} seeds, sign test p = {:.2e}, median ε̂ uniform/method ×{:.2}: {}",
                t.0,
                t.1,
                t.2,
                t.3,
                t.4,
                t.5,
                if win(t) {
                    "significant win"
                } else if loss(t) {
                    "significant loss"
                } else {
                    "not significant"
                }
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    Claim {
        statement: statement.into(),
        source: source.into(),
        paper: None,
        measured,
        scope: "per seed (≥ 20, paired): the method's sketch at its 90 % threshold budget against \
                uniform's log ε̂ interpolated at the same rows kept from three budgets on the \
                same seed; two-sided sign test, significant at p < 0.05; holds only if every \
                comparison is a significant win"
            .into(),
        experiment: vec!["scaling/*".into()],
        verdict,
    }
}

/// The rule for the exponent claims, stated on the page.
pub const EXPONENT_RULE: &str = "consistent (holds) when the fitted exponent's 95 % CI lies at or \
    below the bound's exponent (the bound is an upper bound on the rows needed, constants and \
    logarithms dropped); does not hold when the CI lies entirely above it; inconclusive \
    otherwise, when the fit's x spans less than ×1.5, or when the CI lies entirely below 0 \
    (the rows needed fall as x rises: the dial moves something other than x, so the fit \
    tests nothing about the bound)";

/// The smallest span of x (max/min) a fit must cover to decide anything.
pub const MIN_SPAN: f64 = 1.5;

/// One fitted exponent read back from a `scaling` row.
#[derive(Debug, Clone)]
pub struct FittedExponent {
    /// The benchmark.
    pub bench: String,
    /// "d" or "S".
    pub axis: String,
    /// p.
    pub p: f64,
    /// The sampler.
    pub method: String,
    /// ε.
    pub eps: f64,
    /// Slope, CI ends and the span of x.
    pub slope: f64,
    /// CI low end.
    pub lo: f64,
    /// CI high end.
    pub hi: f64,
    /// max x / min x.
    pub span: f64,
}

/// Every fitted exponent in the rows (quality keys `exp.<method>.<ε>[.lo|.hi|.span]`).
pub fn fitted_exponents(rows: &[Row]) -> Vec<FittedExponent> {
    let mut out = Vec::new();
    for r in rows
        .iter()
        .filter(|r| task(r) == "scaling" && r.implementation == "bisection" && r.ok())
    {
        let Some(axis) = r.notes.get("axis") else {
            continue;
        };
        for (k, &slope) in &r.quality {
            let Some((method, eps)) = k.strip_prefix("exp.").and_then(|x| x.split_once('.')) else {
                continue;
            };
            let Ok(eps) = eps.parse::<f64>() else {
                continue; // a .lo/.hi/.span key
            };
            let get = |suffix: &str| r.quality.get(&format!("{k}.{suffix}")).copied();
            let (Some(lo), Some(hi)) = (get("lo"), get("hi")) else {
                continue;
            };
            out.push(FittedExponent {
                bench: r.benchmark.clone(),
                axis: axis.clone(),
                p: p_of(r),
                method: method.to_string(),
                eps,
                slope,
                lo,
                hi,
                span: get("span").unwrap_or(f64::NAN),
            });
        }
    }
    out
}

/// The verdict of one fit against a predicted exponent, by [`EXPONENT_RULE`].
pub fn exponent_verdict(f: &FittedExponent, predicted: f64) -> Verdict {
    let decisive = f.span >= MIN_SPAN && f.lo.is_finite() && f.hi.is_finite() && f.hi >= 0.0;
    if !decisive {
        Verdict::Inconclusive
    } else if f.hi <= predicted {
        Verdict::Holds
    } else if f.lo > predicted {
        Verdict::DoesNotHold
    } else {
        Verdict::Inconclusive
    }
}

/// A bound: its statement, source, sampler, and predicted exponent for an axis and p
/// (`None` where it predicts nothing for that axis or p).
struct Bound {
    statement: &'static str,
    source: &'static str,
    method: &'static str,
    predicts: &'static str,
    exponent: fn(&str, f64) -> Option<f64>,
}

/// The sign family's 𝔖 = Θ(√d) holds at p = 1 (the closed form): an exponent e in 𝔖 is
/// e/2 in d there.
fn in_d_on_sign(p: f64, in_s: f64, in_d: f64) -> Option<f64> {
    (p == 1.0).then_some(in_d + in_s / 2.0)
}

const BOUNDS: [Bound; 4] = [
    Bound {
        statement: "1 ≤ p < 2: about 𝔖^{2/p} rows suffice for sensitivity sampling (withdrawn in \
                    v2 in favour of Chen–Derezinski)",
        source: "Woodruff & Yasuda 2023 v1, abstract",
        method: "sensitivity",
        predicts: "2/p in 𝔖 at fixed d; 1/p in d on the sign matrix (p = 1, 𝔖 = Θ(√d))",
        exponent: |axis, p| match axis {
            _ if p >= 2.0 => None,
            "S" => Some(2.0 / p),
            _ => in_d_on_sign(p, 2.0 / p, 0.0),
        },
    },
    Bound {
        statement: "1 ≤ p < 2: about d^{1−p/2}·𝔖 rows suffice for sensitivity sampling",
        source: "Chen & Derezinski 2021 (cited by Woodruff & Yasuda v2's footnote as superseding \
                 their p < 2 result)",
        method: "sensitivity",
        predicts: "1 in 𝔖 at fixed d; 1 in d on the sign matrix (p = 1)",
        exponent: |axis, p| match axis {
            _ if p >= 2.0 => None,
            "S" => Some(1.0),
            _ => in_d_on_sign(p, 1.0, 1.0 - p / 2.0),
        },
    },
    Bound {
        statement: "2 < p < ∞: about 𝔖^{2−2/p} rows suffice for sensitivity sampling",
        source: "Woodruff & Yasuda 2023, abstract (v1 and v2)",
        method: "sensitivity",
        predicts: "2 − 2/p in 𝔖 at fixed d",
        exponent: |axis, p| (axis == "S" && p > 2.0).then_some(2.0 - 2.0 / p),
    },
    Bound {
        statement: "1 ≤ p < 2: root-leverage sampling needs roughly d rows",
        source: "Woodruff & Yasuda 2023 v1, abstract",
        method: "root-leverage",
        predicts: "1 in d",
        exponent: |axis, p| (axis == "d" && p < 2.0).then_some(1.0),
    },
];

/// Each bound's predicted exponent beside every fitted exponent it applies to, with a verdict
/// by [`EXPONENT_RULE`]: does not hold if any fit does not hold, holds if every fit holds.
fn exponent_claims(rows: &[Row]) -> Vec<Claim> {
    let fits = fitted_exponents(rows);
    BOUNDS
        .iter()
        .map(|b| {
            let judged: Vec<(&FittedExponent, f64, Verdict)> = fits
                .iter()
                .filter(|f| f.method == b.method)
                .filter_map(|f| {
                    let e = (b.exponent)(&f.axis, f.p)?;
                    Some((f, e, exponent_verdict(f, e)))
                })
                .collect();
            if judged.is_empty() {
                return Claim::not_measured(
                    b.statement,
                    b.source,
                    Some(&format!("predicted exponent {}", b.predicts)),
                    &["scaling/*"],
                    "cargo suite run sensitivity-sampling/scaling",
                );
            }
            let verdict = if judged.iter().any(|j| j.2 == Verdict::DoesNotHold) {
                Verdict::DoesNotHold
            } else if judged.iter().all(|j| j.2 == Verdict::Holds) {
                Verdict::Holds
            } else {
                Verdict::Inconclusive
            };
            let measured = judged
                .iter()
                .map(|(f, e, v)| {
                    format!(
                        "{} ε = {}: fitted {:.2} (95 % CI [{:.2}, {:.2}], x spans ×{:.2}) vs {:.2}: {}",
                        f.bench,
                        f.eps,
                        f.slope,
                        f.lo,
                        f.hi,
                        f.span,
                        e,
                        match v {
                            Verdict::Holds => "consistent",
                            Verdict::DoesNotHold => "above the bound",
                            _ => "inconclusive",
                        }
                    )
                })
                .collect::<Vec<_>>()
                .join("; ");
            Claim {
                statement: b.statement.into(),
                source: b.source.into(),
                paper: Some(format!("predicted exponent {}", b.predicts)),
                measured,
                scope: format!(
                    "`{}` sampling; rows needed for ε̂ ≤ ε on 90 % of the seeds, by bisection; \
                     small, pre-asymptotic sizes (logarithms matter there); rule: {EXPONENT_RULE}",
                    b.method
                ),
                experiment: vec!["scaling/*".into()],
                verdict,
            }
        })
        .collect()
}

/// The Lewis iteration reaches the unique fixed point: every Lewis row passed the independent
/// residual check, and its weights agree elementwise with the plain iteration.
fn lewis_fixed_point(rows: &[Row]) -> Claim {
    let lewis: Vec<&Row> = rows
        .iter()
        .filter(|r| task(r) == "lewis" && matches!(r.implementation.as_str(), "lewis" | "numpy"))
        .filter(|r| !r.skipped())
        .collect();
    let statement = "The damped, rescaled Cohen–Peng iteration reaches the ℓp Lewis weights, the \
                     unique fixed point w_i^{2/p} = a_iᵀ(AᵀW^{1−2/p}A)⁻¹a_i";
    let source = "Cohen & Peng, STOC 2015 (the fixed point and its uniqueness)";
    if lewis.is_empty() {
        return Claim::not_measured(
            statement,
            source,
            None,
            &["lewis/*"],
            "cargo suite run sensitivity-sampling/lewis",
        );
    }
    let failed = lewis.iter().filter(|r| wrong(r)).count();
    let worst = lewis
        .iter()
        .filter_map(|r| r.quality.get("max_rel_diff_vs_plain"))
        .fold(
            0.0f64,
            |a, &b| if b.is_nan() { f64::INFINITY } else { a.max(b) },
        );
    let verdict = if failed > 0 || worst > LEWIS_WEIGHTS_MAX_REL_DIFF {
        Verdict::DoesNotHold
    } else {
        Verdict::Holds
    };
    Claim {
        statement: statement.into(),
        source: source.into(),
        paper: None,
        measured: format!(
            "{} of {} rows pass the independent residual check (naive solve, ≤ 1e-7); largest \
             elementwise relative difference from the plain unrescaled iteration {worst:.1e}",
            lewis.len() - failed,
            lewis.len()
        ),
        scope: format!(
            "{} rows (ours and numpy) on the `lewis/*` matrices",
            lewis.len()
        ),
        experiment: vec!["lewis/*".into()],
        verdict,
    }
}

/// 𝔖 ≤ d for p ≤ 2 and 𝔖 ≤ d^{p/2} for p > 2, on every exact total measured.
fn total_sensitivity_bound(rows: &[Row]) -> Claim {
    let statement = "The total sensitivity is at most d for p ≤ 2 and at most d^{p/2} for p > 2";
    let source = "Woodruff & Yasuda 2023, introduction (𝔖 ≤ d^{max(1, p/2)}, through Lewis weights: Cohen & Peng 2015)";
    let mut totals = Vec::new();
    for r in rows.iter().filter(|r| r.ok()) {
        let total = match (task(r), r.implementation.as_str()) {
            ("sensitivity", "simplex" | "newton") => r.quality.get("value").copied(),
            ("sweep", "pipeline") => r
                .notes
                .get("total_sensitivity")
                .and_then(|v| v.parse().ok()),
            _ => None,
        };
        let rank: Option<f64> = r.notes.get("rank").and_then(|v| v.parse().ok());
        if let (Some(t), Some(d)) = (total, rank) {
            totals.push((r.benchmark.clone(), p_of(r), t, d));
        }
    }
    if totals.is_empty() {
        return Claim::not_measured(
            statement,
            source,
            None,
            &["sensitivity/*"],
            "cargo suite run sensitivity-sampling/sensitivity",
        );
    }
    let ratio =
        |&(_, p, t, d): &(String, f64, f64, f64)| t / if p <= 2.0 { d } else { d.powf(p / 2.0) };
    let worst = totals.iter().max_by(|a, b| ratio(a).total_cmp(&ratio(b)));
    let worst_ratio = worst.map_or(0.0, ratio);
    Claim {
        statement: statement.into(),
        source: source.into(),
        paper: Some("𝔖/bound ≤ 1".into()),
        measured: format!(
            "largest 𝔖/bound {worst_ratio:.3} ({})",
            worst.map_or(String::new(), |w| format!(
                "{}, 𝔖 = {:.4}, d = {}",
                w.0, w.2, w.3
            ))
        ),
        scope: format!("{} exact totals", totals.len()),
        experiment: vec!["sensitivity/*".into(), "sweep/*".into()],
        verdict: if worst_ratio <= 1.0 + 1e-6 {
            Verdict::Holds
        } else {
            Verdict::DoesNotHold
        },
    }
}

#[cfg(test)]
mod tests {
    use super::claims;
    use crate::measure::Stats;
    use crate::raw::Row;
    use crate::report::claims::Verdict;

    fn row(bench: &str, imp: &str, task: &str, p: f64) -> Row {
        let mut r = Row::blank("sensitivity-sampling", bench, "g", imp);
        r.params
            .insert("task".into(), toml::Value::String(task.into()));
        r.params.insert("p".into(), toml::Value::Float(p));
        r.stats = Stats::of(&[1.0, 1.0, 1.0]);
        r
    }

    fn verdict_of(rows: &[Row], prefix: &str) -> Verdict {
        claims(rows)
            .into_iter()
            .find(|c| c.statement.starts_with(prefix))
            .unwrap()
            .verdict
    }

    #[test]
    fn lewis_verdict_flips_with_the_measured_difference() {
        let mut r = row("lewis/x", "lewis", "lewis", 3.0);
        r.quality.insert("max_rel_diff_vs_plain".into(), 1e-12);
        assert_eq!(verdict_of(&[r.clone()], "The damped"), Verdict::Holds);
        r.quality.insert("max_rel_diff_vs_plain".into(), 1e-3);
        assert_eq!(verdict_of(&[r.clone()], "The damped"), Verdict::DoesNotHold);
        r.quality.insert("max_rel_diff_vs_plain".into(), 1e-12);
        r.error = Some("wrong answer: not the fixed point".into());
        assert_eq!(verdict_of(&[r], "The damped"), Verdict::DoesNotHold);
        assert_eq!(verdict_of(&[], "The damped"), Verdict::NotMeasured);
    }

    #[test]
    fn total_sensitivity_verdict_flips_with_the_total() {
        let mut r = row("sensitivity/x", "newton", "sensitivity", 3.0);
        r.notes.insert("rank".into(), "4".into());
        r.quality.insert("value".into(), 7.9); // d^{3/2} = 8
        assert_eq!(verdict_of(&[r.clone()], "The total"), Verdict::Holds);
        r.quality.insert("value".into(), 8.5);
        assert_eq!(verdict_of(&[r], "The total"), Verdict::DoesNotHold);
    }

    #[test]
    fn the_page_says_the_paper_has_no_experiments_and_claims_no_scaling_verdict_without_rows() {
        let c = claims(&[]);
        assert_eq!(c[0].verdict, Verdict::NotApplicable);
        assert!(c[0].statement.contains("no experiments"));
        assert!(c[0].measured.contains("inconclusive"));
        assert!(
            c.iter()
                .filter(|c| c
                    .paper
                    .as_deref()
                    .is_some_and(|p| p.starts_with("predicted")))
                .all(|c| matches!(c.verdict, Verdict::NotMeasured | Verdict::NotApplicable))
        );
    }

    fn scaling_row(bench: &str, axis: &str, p: f64, method: &str, fit: [f64; 4]) -> Row {
        let mut r = row(bench, "bisection", "scaling", p);
        r.notes.insert("axis".into(), axis.into());
        let key = format!("exp.{method}.0.5");
        r.quality.insert(key.clone(), fit[0]);
        r.quality.insert(format!("{key}.lo"), fit[1]);
        r.quality.insert(format!("{key}.hi"), fit[2]);
        r.quality.insert(format!("{key}.span"), fit[3]);
        r
    }

    #[test]
    fn beats_uniform_verdict_flips_with_the_paired_test() {
        let prefix = "Sensitivity or Lewis sampling gives";
        let with = |wins: f64, p: f64| {
            let mut r = row("scaling/c", "bisection", "scaling", 1.0);
            r.quality.insert("beats.lewis.0.01.p".into(), p);
            r.quality.insert("beats.lewis.0.01.wins".into(), wins);
            r.quality.insert("beats.lewis.0.01.n".into(), 20.0);
            r.quality.insert("beats.lewis.0.01.log_ratio".into(), 0.3);
            r
        };
        assert_eq!(verdict_of(&[with(18.0, 4e-4)], prefix), Verdict::Holds);
        assert_eq!(
            verdict_of(&[with(12.0, 0.5)], prefix),
            Verdict::Inconclusive
        );
        assert!(
            claims(&[with(12.0, 0.5)])
                .iter()
                .any(|c| c.measured.contains("not significant"))
        );
        assert_eq!(verdict_of(&[with(2.0, 4e-4)], prefix), Verdict::DoesNotHold);
        assert_eq!(
            verdict_of(&[with(18.0, 4e-4), with(2.0, 4e-4)], prefix),
            Verdict::DoesNotHold
        );
        assert_eq!(verdict_of(&[], prefix), Verdict::NotMeasured);
    }

    #[test]
    fn exponent_verdicts_flip_with_the_fitted_interval() {
        // Coherent family at p = 1, axis 𝔖: Chen–Derezinski predicts 1, WY v1 predicts 2.
        let cd = "1 ≤ p < 2: about d^{1−p/2}";
        let wy = "1 ≤ p < 2: about 𝔖^{2/p}";
        let below = scaling_row("scaling/c", "S", 1.0, "sensitivity", [0.6, 0.4, 0.8, 3.0]);
        assert_eq!(verdict_of(&[below], cd), Verdict::Holds);
        let above = scaling_row("scaling/c", "S", 1.0, "sensitivity", [1.6, 1.3, 1.9, 3.0]);
        assert_eq!(
            verdict_of(std::slice::from_ref(&above), cd),
            Verdict::DoesNotHold
        );
        assert_eq!(verdict_of(&[above], wy), Verdict::Holds);
        let across = scaling_row("scaling/c", "S", 1.0, "sensitivity", [1.0, 0.5, 1.5, 3.0]);
        assert_eq!(verdict_of(&[across], cd), Verdict::Inconclusive);
        // Rows falling as 𝔖 rises (CI below 0) decide nothing either.
        let falling = scaling_row(
            "scaling/c",
            "S",
            1.0,
            "sensitivity",
            [-4.0, -6.0, -2.0, 3.0],
        );
        assert_eq!(verdict_of(&[falling], cd), Verdict::Inconclusive);
        // Too narrow a span of 𝔖 decides nothing.
        let narrow = scaling_row("scaling/c", "S", 1.0, "sensitivity", [0.6, 0.4, 0.8, 1.2]);
        assert_eq!(verdict_of(&[narrow], cd), Verdict::Inconclusive);
        // p > 2 bound 𝔖^{2−2/p} = 𝔖^{4/3} at p = 3; the p < 2 bounds do not apply there.
        let p3 = "2 < p < ∞";
        let r3 = scaling_row("scaling/c3", "S", 3.0, "sensitivity", [1.0, 0.8, 1.2, 2.0]);
        assert_eq!(verdict_of(std::slice::from_ref(&r3), p3), Verdict::Holds);
        assert_eq!(verdict_of(&[r3], cd), Verdict::NotMeasured);
        let r3 = scaling_row("scaling/c3", "S", 3.0, "sensitivity", [2.0, 1.5, 2.5, 2.0]);
        assert_eq!(verdict_of(&[r3], p3), Verdict::DoesNotHold);
        // Sign matrix, axis d at p = 1: every p < 2 bound predicts 1; root leverage too.
        let rl = "1 ≤ p < 2: root-leverage";
        let sign = scaling_row("scaling/s", "d", 1.0, "root-leverage", [0.9, 0.7, 1.0, 2.0]);
        assert_eq!(verdict_of(&[sign], rl), Verdict::Holds);
        let sign = scaling_row("scaling/s", "d", 1.0, "root-leverage", [2.0, 1.6, 2.4, 2.0]);
        assert_eq!(verdict_of(&[sign], rl), Verdict::DoesNotHold);
        let sign = scaling_row("scaling/s", "d", 1.0, "sensitivity", [0.9, 0.7, 1.0, 2.0]);
        assert_eq!(verdict_of(std::slice::from_ref(&sign), wy), Verdict::Holds);
        assert_eq!(verdict_of(&[sign], cd), Verdict::Holds);
        // One fit above the bound among consistent ones: does not hold.
        let ok = scaling_row("scaling/a", "S", 1.0, "sensitivity", [0.6, 0.4, 0.8, 3.0]);
        let bad = scaling_row("scaling/b", "S", 1.0, "sensitivity", [1.6, 1.3, 1.9, 3.0]);
        assert_eq!(verdict_of(&[ok, bad], cd), Verdict::DoesNotHold);
        // A failed scaling row contributes nothing.
        let mut failed = scaling_row("scaling/c", "S", 1.0, "sensitivity", [0.6, 0.4, 0.8, 3.0]);
        failed.error = Some("wrong answer: x".into());
        assert_eq!(verdict_of(&[failed], cd), Verdict::NotMeasured);
    }
}
