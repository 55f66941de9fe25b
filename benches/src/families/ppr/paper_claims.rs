//! The PowerWalk paper's figures, table and theorem (Liu et al., CIKM 2016) set beside the
//! `paper` study's rows and the timed query rows, and the targets of the exact solver.
//! Every verdict is computed from the rows: a mean reaches a level only when its 95 % CI
//! (mean ± 1.96 standard errors over the sources) lies beyond it, a time beats another only
//! when the sample ranges do not overlap.

use crate::raw::Row;
use crate::report::claims::{Claim, Verdict};

use super::paper::{K, theorem_bound, theorem_key};

const PAPER: &str = "Liu et al., PowerWalk, CIKM 2016";
/// Two-sided 95 % normal quantile.
const Z: f64 = 1.96;
/// The RAG@200 level of the paper's Fig. 3 and Fig. 5.
const LEVEL: f64 = 0.99;

fn ok_rows<'a>(rows: &'a [Row], group: &str) -> Vec<&'a Row> {
    rows.iter()
        .filter(|r| r.family == "ppr" && r.group == group && r.error.is_none())
        .collect()
}

/// (mean, lower, upper) of the 95 % CI of a quality figure `name` (with `name se`).
fn ci(r: &Row, name: &str) -> Option<(f64, f64, f64)> {
    let m = *r.quality.get(name)?;
    let se = r.quality.get(&format!("{name} se")).copied().unwrap_or(0.0);
    let se = if se.is_finite() { se } else { 0.0 };
    Some((m, m - Z * se, m + Z * se))
}

fn walks_of(r: &Row, prefix: &str) -> Option<u32> {
    r.implementation.strip_prefix(prefix)?.parse().ok()
}

fn graph_scope(r: &Row) -> String {
    let graph = r
        .dataset
        .as_ref()
        .map_or("?".to_string(), |d| d.name.clone());
    let q = r.quality.get("queries").copied().unwrap_or(0.0);
    format!("{graph}; {q} degree-stratified sources")
}

/// Fig. 5: RAG@200 > 0.99 needs T = 7, 5 and 2 with R = 0, 10 and 100.
pub fn fig5_operating_points(rows: &[Row]) -> Claim {
    let statement = "RAG@200 > 0.99 is reached at T = 7, 5 and 2 exact levels with R = 0, 10 \
                     and 100 walks per vertex";
    let source = format!("{PAPER}, Fig. 5");
    let paper_t = [(0u32, 7usize), (10, 5), (100, 2)];
    let grid: Vec<(&Row, u32)> = ok_rows(rows, "paper")
        .into_iter()
        .filter_map(|r| Some((r, walks_of(r, "grid-R")?)))
        .collect();
    let points: Vec<(&Row, u32, usize)> = paper_t
        .iter()
        .filter_map(|&(r, t)| grid.iter().find(|g| g.1 == r).map(|g| (g.0, r, t)))
        .collect();
    if points.is_empty() {
        return Claim::not_measured(
            statement,
            &source,
            Some("T = 7 / 5 / 2"),
            &["ppr/paper/*"],
            "cargo suite run ppr/paper",
        );
    }
    let (mut reached, mut missed, mut detail) = (0, 0, Vec::new());
    for &(row, r, t) in &points {
        let key = |t: usize| format!("rag@{K} T{t}");
        let Some((m, lo, hi)) = ci(row, &key(t)) else {
            continue;
        };
        // The smallest T of the rows whose mean passes the level.
        let first = (0..=super::paper::MAX_T)
            .find(|&t| ci(row, &key(t)).is_some_and(|(m, _, _)| m > LEVEL))
            .map_or("none ≤ 10".to_string(), |t| t.to_string());
        if lo > LEVEL {
            reached += 1;
        } else if hi < LEVEL {
            missed += 1;
        }
        detail.push(format!(
            "R = {r}: RAG@200 at T = {t} {m:.4} (CI {lo:.4}–{hi:.4}); first T with mean > 0.99: {first}"
        ));
    }
    let verdict = Verdict::weigh(missed > 0, reached == points.len());
    Claim {
        statement: statement.into(),
        source,
        paper: Some("T = 7 / 5 / 2".into()),
        measured: detail.join("; "),
        scope: graph_scope(points[0].0),
        experiment: vec!["ppr/paper/*".into()],
        verdict,
    }
}

/// What the restart correction changes on a graph with dead ends: the paper's estimator
/// resolves the tail with fingerprints whose walks restart at their own vertex.
pub fn correction_on_dead_ends(rows: &[Row]) -> Claim {
    let statement = "On a graph with dead ends, resolving the tail with fingerprints as they \
                     are (the paper's estimator) is biased; the restart correction lowers the \
                     L1 error: at every R some T ≥ 1 gains significantly, and no (R, T) loses";
    let source = "this crate (the paper's decomposition ignores dead ends)".to_string();
    let grid: Vec<(&Row, u32)> = ok_rows(rows, "paper")
        .into_iter()
        .filter_map(|r| Some((r, walks_of(r, "grid-R")?)))
        .filter(|(r, w)| *w > 0 && r.quality.contains_key("correction l1 gain T1"))
        .collect();
    if grid.is_empty() {
        return Claim::not_measured(
            statement,
            &source,
            None,
            &["ppr/paper/*"],
            "cargo suite run ppr/paper",
        );
    }
    // T = 0 is the source's own fingerprint (its walks restart at the source): both
    // estimators agree there, so the cells are T = 1..10.
    let (mut better, mut worse, mut cells, mut detail) = (0, 0, 0, Vec::new());
    let mut every_r_gains = true;
    for &(row, r) in &grid {
        let mut gains = false;
        for t in 1..=super::paper::MAX_T {
            let Some((m, lo, hi)) = ci(row, &format!("correction l1 gain T{t}")) else {
                continue;
            };
            cells += 1;
            if lo > 0.0 {
                better += 1;
                gains = true;
            } else if hi < 0.0 {
                worse += 1;
            }
            if t == 1 {
                detail.push(format!(
                    "R = {r}: L1 {:.4} → {:.4} at T = 1 (gain {m:.4}, CI {lo:.4}–{hi:.4})",
                    row.quality.get("paper l1 T1").copied().unwrap_or(f64::NAN),
                    row.quality.get("l1 T1").copied().unwrap_or(f64::NAN),
                ));
            }
        }
        every_r_gains &= gains;
    }
    let verdict = Verdict::weigh(worse > 0, every_r_gains && cells > 0);
    Claim {
        statement: statement.into(),
        source,
        paper: None,
        measured: format!(
            "{}; paired over the sources, lower with the correction in {better} of {cells} (R, T) \
             cells, higher in {worse}",
            detail.join("; ")
        ),
        scope: graph_scope(grid[0].0),
        experiment: vec!["ppr/paper/*".into()],
        verdict,
    }
}

fn walk_rows(rows: &[Row]) -> Vec<(&Row, u32)> {
    let mut v: Vec<(&Row, u32)> = ok_rows(rows, "paper")
        .into_iter()
        .filter_map(|r| Some((r, walks_of(r, "walks-W")?)))
        .collect();
    v.sort_by_key(|x| x.1);
    v
}

/// Fig. 3: MCFP beats MCEP with as many walks, and needs R = 2000 for RAG@200 > 0.99.
pub fn fig3_full_path(rows: &[Row]) -> Claim {
    let statement = "Full-path walks (MCFP) rank better than end-point walks (MCEP) with as \
                     many walks, and MCFP needs 2000 walks for RAG@200 > 0.99";
    let source = format!("{PAPER}, Fig. 3");
    let w = walk_rows(rows);
    if w.is_empty() {
        return Claim::not_measured(
            statement,
            &source,
            Some("MCFP > MCEP; RAG@200 > 0.99 at R = 2000"),
            &["ppr/paper/*"],
            "cargo suite run ppr/paper",
        );
    }
    let (mut wins, mut losses, mut detail) = (0, 0, Vec::new());
    let mut first_reaching = None;
    for &(row, walks) in &w {
        let Some((d, lo, hi)) = ci(row, &format!("mcfp−mcep rag@{K}")) else {
            continue;
        };
        if lo > 0.0 {
            wins += 1;
        } else if hi < 0.0 {
            losses += 1;
        }
        let (fp, fp_lo, _) = ci(row, &format!("mcfp rag@{K}")).unwrap_or((f64::NAN, 0.0, 0.0));
        if first_reaching.is_none() && fp_lo > LEVEL {
            first_reaching = Some(walks);
        }
        detail.push(format!(
            "W = {walks}: MCFP {fp:.4}, MCFP − MCEP {d:+.4} (CI {lo:+.4}–{hi:+.4})"
        ));
    }
    let needs = first_reaching.map_or("not reached".to_string(), |w| w.to_string());
    // The paper's point: RAG@200 > 0.99 at 2000 walks (CI above the level), missed when the
    // CI lies below it.
    let at_2000 = w
        .iter()
        .find(|x| x.1 == 2000)
        .and_then(|x| ci(x.0, &format!("mcfp rag@{K}")));
    let missed_at_2000 = at_2000.is_some_and(|(_, _, hi)| hi < LEVEL);
    let reached_at_2000 = at_2000.is_some_and(|(_, lo, _)| lo > LEVEL);
    let verdict = Verdict::weigh(
        losses > 0 || missed_at_2000,
        wins == w.len() && reached_at_2000,
    );
    Claim {
        statement: statement.into(),
        source,
        paper: Some("MCFP > MCEP; RAG@200 > 0.99 at R = 2000".into()),
        measured: format!(
            "{}; smallest W whose MCFP RAG@200 CI lies above 0.99: {needs}",
            detail.join("; ")
        ),
        scope: format!("{} (paired per source)", graph_scope(w[0].0)),
        experiment: vec!["ppr/paper/*".into()],
        verdict,
    }
}

/// Fig. 4: MCFP with 1000 walks is about as accurate as MCEP with 6700.
pub fn fig4_equivalent_walks(rows: &[Row]) -> Claim {
    let statement = "MCFP with 1000 walks ranks as well as MCEP with 6700 (RAG@200 within \
                     ±0.01)";
    let source = format!("{PAPER}, Fig. 4");
    let w = walk_rows(rows);
    let Some(&(row, _)) = w.iter().find(|x| x.1 == 1000) else {
        return Claim::not_measured(
            statement,
            &source,
            Some("MCFP(1000) ≈ MCEP(6700)"),
            &["ppr/paper/*"],
            "cargo suite run ppr/paper",
        );
    };
    let Some((d, lo, hi)) = ci(row, &format!("mcfp−mcep6.7 rag@{K}")) else {
        return Claim::not_measured(
            statement,
            &source,
            Some("MCFP(1000) ≈ MCEP(6700)"),
            &["ppr/paper/*"],
            "cargo suite run ppr/paper",
        );
    };
    let margin = 0.01;
    let verdict = if lo >= -margin && hi <= margin {
        Verdict::Holds
    } else if lo > margin || hi < -margin {
        Verdict::DoesNotHold
    } else {
        Verdict::Inconclusive
    };
    let by_k: Vec<String> = super::paper::FIG4_KS
        .iter()
        .filter_map(|k| {
            let fp = row.quality.get(&format!("mcfp rag@{k}"))?;
            let ep = row.quality.get(&format!("mcep6.7 rag@{k}"))?;
            Some(format!("k = {k}: {fp:.4} vs {ep:.4}"))
        })
        .collect();
    Claim {
        statement: statement.into(),
        source,
        paper: Some("MCFP(1000) ≈ MCEP(6700)".into()),
        measured: format!(
            "RAG@200 difference {d:+.4} (CI {lo:+.4}–{hi:+.4}); RAG@k MCFP(1000) vs MCEP(6700): {}",
            by_k.join(", ")
        ),
        scope: format!("{} (paired per source)", graph_scope(row)),
        experiment: vec!["ppr/paper/*".into()],
        verdict,
    }
}

/// The Wilson 95 % interval of a frequency `k / n`.
pub fn wilson(k: f64, n: f64) -> (f64, f64) {
    if n <= 0.0 {
        return (0.0, 1.0);
    }
    let p = k / n;
    let z2 = Z * Z;
    let centre = (p + z2 / (2.0 * n)) / (1.0 + z2 / n);
    let half = Z * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt() / (1.0 + z2 / n);
    ((centre - half).max(0.0), (centre + half).min(1.0))
}

/// Theorem 2.1: `Pr[|p̂_u(v) − p_u(v)| ≥ γ]` (each side) ≤ `c^(−1/2)(1 + γc/10)e^(−γ²R/20)`.
pub fn theorem_2_1(rows: &[Row]) -> Claim {
    let statement = "Each entry of the MCFP estimate with R walks misses the truth by γ or more \
                     (on either side) with probability at most c^(−1/2)·(1 + γc/10)·exp(−γ²R/20)";
    let source = format!("{PAPER}, Theorem 2.1");
    let Some(row) = ok_rows(rows, "paper")
        .into_iter()
        .find(|r| r.implementation == "theorem-2.1")
    else {
        return Claim::not_measured(
            statement,
            &source,
            Some("exponential in R"),
            &["ppr/paper/*"],
            "cargo suite run ppr/paper",
        );
    };
    let c = row
        .params
        .get("c")
        .and_then(|v| v.as_float())
        .unwrap_or(0.15);
    let (mut tested, mut above, mut within, mut vacuous) = (0, 0, 0, 0);
    let mut detail = Vec::new();
    for r in super::paper::THEOREM_RS {
        let Some(&n) = row.quality.get(&theorem_key(r, None, "")) else {
            continue;
        };
        for gamma in super::paper::THEOREM_GAMMAS {
            let bound = theorem_bound(c, gamma, f64::from(r));
            for side in ["over", "under"] {
                let Some(&k) = row.quality.get(&theorem_key(r, Some(gamma), side)) else {
                    continue;
                };
                if bound >= 1.0 {
                    vacuous += 1;
                    continue;
                }
                tested += 1;
                let (lo, hi) = wilson(k, n);
                if lo > bound {
                    above += 1;
                    detail.push(format!(
                        "R = {r}, γ = {gamma} {side}: {k} of {n} (CI {lo:.2e}–{hi:.2e}) above the bound {bound:.2e}"
                    ));
                } else if hi <= bound {
                    within += 1;
                }
            }
        }
    }
    let tightest: Vec<String> = super::paper::THEOREM_RS
        .iter()
        .filter_map(|&r| {
            let n = *row.quality.get(&theorem_key(r, None, ""))?;
            let g = super::paper::THEOREM_GAMMAS[1];
            let k = row.quality.get(&theorem_key(r, Some(g), "over"))?
                + row.quality.get(&theorem_key(r, Some(g), "under"))?;
            Some(format!(
                "R = {r}, γ = {g}: {k} of {n} misses, bound {:.2e} per side",
                theorem_bound(c, g, f64::from(r))
            ))
        })
        .collect();
    let verdict = if tested == 0 {
        Verdict::Inconclusive
    } else {
        Verdict::weigh(above > 0, within == tested)
    };
    Claim {
        statement: statement.into(),
        source,
        paper: Some("exponential in R".into()),
        measured: format!(
            "{tested} (R, γ, side) cases with a bound below 1: {within} with the frequency's CI \
             under the bound, {above} above it ({vacuous} vacuous cases, bound ≥ 1, not \
             counted); {}{}",
            tightest.join("; "),
            if detail.is_empty() {
                String::new()
            } else {
                format!("; {}", detail.join("; "))
            }
        ),
        scope: format!(
            "{}; the truth's top-10 vertices of every source, {} independent repetitions",
            graph_scope(row),
            row.quality.get("trials").copied().unwrap_or(0.0)
        ),
        experiment: vec!["ppr/paper/*".into()],
        verdict,
    }
}

/// The valid timed row of `imp` in `bench`.
pub(super) fn timed<'a>(rows: &'a [Row], bench: &str, imp: &str) -> Option<&'a Row> {
    rows.iter().find(|r| {
        r.family == "ppr"
            && r.benchmark == bench
            && r.implementation == imp
            && r.error.is_none()
            && r.stats.is_some()
    })
}

/// Per-query (min, median, max) of a timed row.
pub(super) fn per_query(r: &Row) -> (f64, f64, f64) {
    let s = r.stats.expect("timed rows only");
    let q = r.work.as_ref().map_or(1.0, |w| w.0.max(1.0));
    (s.min_ns / q, s.median_ns / q, s.max_ns / q)
}

/// A timed test row: samples spanning `lo`..`hi` ns for 10 queries.
#[cfg(test)]
pub(super) fn timed_test_row(bench: &str, group: &str, imp: &str, lo: f64, hi: f64) -> Row {
    let mut r = Row::blank("ppr", bench, group, imp);
    r.stats = Some(crate::measure::Stats {
        median_ns: (lo + hi) / 2.0,
        mad_ns: 1.0,
        min_ns: lo,
        max_ns: hi,
    });
    r.work = Some((10.0, "queries".into()));
    r
}

fn scale17(r: &Row) -> bool {
    r.params.get("scale").and_then(toml::Value::as_integer) == Some(17)
}

/// The power iteration's target: ≤ 1.0 ns per arc per iteration on rmat17.
pub fn power_ns_per_arc(rows: &[Row]) -> Claim {
    let statement = "Power iteration runs at ≤ 1.0 ns per arc per iteration on rmat17, one thread";
    let source = "target of this suite (2-core machine, ~1M-arc graph)".to_string();
    let Some(power) = timed(rows, "query/rmat", "power-1e-3").filter(|r| scale17(r)) else {
        return Claim::not_measured(
            statement,
            &source,
            None,
            &["ppr/query/rmat"],
            "cargo suite run --profile full ppr/query/rmat",
        );
    };
    let arcs = power
        .dataset
        .as_ref()
        .and_then(|d| d.name.split("arcs=").nth(1))
        .and_then(|s| s.split(',').next())
        .and_then(|s| s.trim().parse::<f64>().ok());
    let iters = power
        .notes
        .get("iterations")
        .and_then(|s| s.parse::<f64>().ok());
    let (Some(arcs), Some(iters)) = (arcs, iters) else {
        return Claim {
            statement: statement.into(),
            source,
            paper: None,
            measured: "the row names no arc count or iteration count".into(),
            scope: "–".into(),
            experiment: vec!["ppr/query/rmat".into()],
            verdict: Verdict::Inconclusive,
        };
    };
    let (lo, mid, hi) = per_query(power);
    let per = |ns: f64| ns / (arcs * iters);
    Claim {
        statement: statement.into(),
        source,
        paper: None,
        measured: format!(
            "{:.2} ns/arc/iteration (range {:.2}–{:.2}; {iters} iterations over {arcs} arcs)",
            per(mid),
            per(lo),
            per(hi)
        ),
        scope: "rmat17, power-1e-3, median per query".into(),
        experiment: vec!["ppr/query/rmat".into()],
        verdict: if per(hi) <= 1.0 {
            Verdict::Holds
        } else if per(lo) > 1.0 {
            Verdict::DoesNotHold
        } else {
            Verdict::Inconclusive
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::family::DatasetInfo;

    fn study(imp: &str, q: &[(&str, f64)]) -> Row {
        let mut r = Row::blank("ppr", "ppr/paper/rmat", "paper", imp);
        for (k, v) in q {
            r.quality.insert((*k).to_string(), *v);
        }
        r.quality.insert("queries".into(), 100.0);
        r
    }

    #[test]
    fn fig5_follows_the_ci_at_the_papers_points() {
        let grid = |rag: f64, se: f64| {
            vec![
                study("grid-R0", &[("rag@200 T7", rag), ("rag@200 T7 se", se)]),
                study("grid-R10", &[("rag@200 T5", rag), ("rag@200 T5 se", se)]),
                study("grid-R100", &[("rag@200 T2", rag), ("rag@200 T2 se", se)]),
            ]
        };
        assert_eq!(fig5_operating_points(&[]).verdict, Verdict::NotMeasured);
        assert_eq!(
            fig5_operating_points(&grid(0.995, 0.001)).verdict,
            Verdict::Holds
        );
        assert_eq!(
            fig5_operating_points(&grid(0.98, 0.001)).verdict,
            Verdict::DoesNotHold
        );
        assert_eq!(
            fig5_operating_points(&grid(0.991, 0.01)).verdict,
            Verdict::Inconclusive
        );
    }

    #[test]
    fn the_correction_claim_flips_with_the_paired_gain() {
        let g = |gain: f64| {
            [study(
                "grid-R10",
                &[
                    ("correction l1 gain T1", gain),
                    ("correction l1 gain T1 se", 0.001),
                    ("l1 T1", 0.3),
                    ("paper l1 T1", 0.3 + gain),
                ],
            )]
        };
        assert_eq!(correction_on_dead_ends(&g(0.05)).verdict, Verdict::Holds);
        assert_eq!(
            correction_on_dead_ends(&g(-0.05)).verdict,
            Verdict::DoesNotHold
        );
        assert_eq!(
            correction_on_dead_ends(&g(0.0)).verdict,
            Verdict::Inconclusive
        );
    }

    #[test]
    fn fig3_and_fig4_follow_the_rows() {
        let w = |walks: u32, fp: f64, diff: f64, diff67: f64| {
            study(
                &format!("walks-W{walks}"),
                &[
                    ("mcfp rag@200", fp),
                    ("mcfp rag@200 se", 0.001),
                    ("mcfp−mcep rag@200", diff),
                    ("mcfp−mcep rag@200 se", 0.001),
                    ("mcfp−mcep6.7 rag@200", diff67),
                    ("mcfp−mcep6.7 rag@200 se", 0.001),
                ],
            )
        };
        let good = [w(1000, 0.98, 0.02, 0.0), w(2000, 0.995, 0.01, 0.0)];
        assert_eq!(fig3_full_path(&good).verdict, Verdict::Holds);
        let worse = [w(1000, 0.98, -0.02, 0.0), w(2000, 0.995, 0.01, 0.0)];
        assert_eq!(fig3_full_path(&worse).verdict, Verdict::DoesNotHold);
        let never = [w(1000, 0.9, 0.02, 0.0), w(2000, 0.95, 0.01, 0.0)];
        assert_eq!(fig3_full_path(&never).verdict, Verdict::DoesNotHold);
        let close = [w(1000, 0.9, 0.02, 0.0), w(2000, 0.9905, 0.01, 0.0)];
        assert_eq!(fig3_full_path(&close).verdict, Verdict::Inconclusive);
        assert_eq!(fig4_equivalent_walks(&good).verdict, Verdict::Holds);
        let apart = [w(1000, 0.98, 0.02, -0.05)];
        assert_eq!(fig4_equivalent_walks(&apart).verdict, Verdict::DoesNotHold);
    }

    #[test]
    fn wilson_matches_a_hand_computed_interval() {
        // 0 of 100: upper = z²/(n + z²) = 3.8416/103.8416.
        let (lo, hi) = wilson(0.0, 100.0);
        assert_eq!(lo, 0.0);
        assert!((hi - 3.8416 / 103.8416).abs() < 1e-9);
    }

    #[test]
    fn theorem_claim_flips_when_misses_exceed_the_bound() {
        let t = |misses: f64| {
            let mut q = vec![];
            let mut keys = vec![];
            for r in super::super::paper::THEOREM_RS {
                keys.push((theorem_key(r, None, ""), 20_000.0));
                for g in super::super::paper::THEOREM_GAMMAS {
                    keys.push((theorem_key(r, Some(g), "over"), misses));
                    keys.push((theorem_key(r, Some(g), "under"), 0.0));
                }
            }
            for (k, v) in &keys {
                q.push((k.as_str(), *v));
            }
            [study("theorem-2.1", &q)]
        };
        assert_eq!(theorem_2_1(&t(0.0)).verdict, Verdict::Holds);
        // Half the cases miss: far above e.g. the R = 2000, γ = 0.3 bound (3.4e-4).
        assert_eq!(theorem_2_1(&t(10_000.0)).verdict, Verdict::DoesNotHold);
    }

    fn timed_row(bench: &str, imp: &str, lo: f64, hi: f64, scale: i64) -> Row {
        let mut r = timed_test_row(bench, "query", imp, lo, hi);
        r.params.insert("scale".into(), toml::Value::Integer(scale));
        r.dataset = Some(DatasetInfo {
            name: "rmat: n=131072, arcs=1000000, sinks=1".into(),
            sha256: String::new(),
        });
        r.notes.insert("iterations".into(), "43".into());
        r
    }

    #[test]
    fn the_targets_follow_the_rows_and_need_rmat17() {
        let b = "query/rmat";
        let rows = |ours: f64, scale| {
            [
                timed_row(b, "power-1e-12", ours, ours * 1.1, scale),
                timed_row(b, "igraph", 1e9, 1.1e9, scale),
                timed_row(b, "power-1e-3", ours, ours * 1.1, scale),
                timed_row(b, "powerwalk-R100-T2-theta0", ours, ours * 1.1, scale),
                timed_row(b, "mc-fullpath-2000", 1e9, 1.1e9, scale),
            ]
        };
        assert_eq!(
            power_ns_per_arc(&rows(1e8, 14)).verdict,
            Verdict::NotMeasured
        );
        // 10 queries of 1e8 ns: 1e7 ns / (1e6 arcs × 43) = 0.23 ns.
        assert_eq!(power_ns_per_arc(&rows(1e8, 17)).verdict, Verdict::Holds);
        assert_eq!(
            power_ns_per_arc(&rows(1e9, 17)).verdict,
            Verdict::DoesNotHold
        );
    }
}
