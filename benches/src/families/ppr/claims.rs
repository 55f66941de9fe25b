//! The PowerWalk paper's claims (Liu, Li, Lui and Cheng, CIKM 2016) set beside this run's
//! rows: each verdict is computed from the measured quality figures and times, never
//! written down in advance.

use crate::raw::Row;
use crate::report::claims::{Claim, Verdict};

use super::paper_claims as paper;

const PAPER: &str = "Liu et al., PowerWalk, CIKM 2016";

/// Rows of `group` that ran (no error) and carry `metric`.
fn measured<'a>(rows: &'a [Row], group: &str, metric: &str) -> Vec<&'a Row> {
    rows.iter()
        .filter(|r| r.family == "ppr" && r.group == group && r.error.is_none())
        .filter(|r| r.quality.contains_key(metric))
        .collect()
}

/// `powerwalk-R{R}-T{T}-theta{θ}` → (R, T, θ is 0).
fn powerwalk(name: &str) -> Option<(u32, i32, bool)> {
    let rest = name.strip_prefix("powerwalk-R")?;
    let (r, rest) = rest.split_once("-T")?;
    let (t, theta) = rest.split_once("-theta")?;
    Some((r.parse().ok()?, t.parse().ok()?, theta == "0"))
}

/// Algorithm 4: each exact level shrinks the error by (1 − c), so T levels leave at most
/// 2(1 − c)^T of L1 error whatever the index.
fn error_shrinks_per_level(rows: &[Row]) -> Claim {
    let statement = "Each exact decomposition level shrinks the query's error by (1 − c): \
                     with T levels, L1 ≤ 2(1 − c)^T whatever the index";
    let source = format!("{PAPER}, §3 (Algorithm 4)");
    let pw: Vec<(&Row, i32)> = measured(rows, "query", "l1")
        .into_iter()
        .filter_map(|r| {
            let (_, t, theta0) = powerwalk(&r.implementation)?;
            theta0.then_some((r, t))
        })
        .collect();
    if pw.is_empty() {
        return Claim::not_measured(
            statement,
            &source,
            Some("2·0.85^T"),
            &["ppr/query/*"],
            "cargo suite run ppr/query",
        );
    }
    let over: Vec<String> = pw
        .iter()
        .filter(|(r, t)| r.quality["l1"] > 2.0 * 0.85f64.powi(*t) + 1e-9)
        .map(|(r, _)| format!("{} {}", r.benchmark, r.implementation))
        .collect();
    let worst = pw
        .iter()
        .map(|(r, t)| r.quality["l1"] / (2.0 * 0.85f64.powi(*t)))
        .fold(0.0, f64::max);
    Claim {
        statement: statement.into(),
        source,
        paper: Some("2·0.85^T".into()),
        measured: if over.is_empty() {
            format!("every row within its bound; largest L1 / bound = {worst:.3}")
        } else {
            format!("beyond the bound: {}", over.join(", "))
        },
        scope: format!(
            "{} PowerWalk rows (θ = 0), mean L1 over their sources",
            pw.len()
        ),
        experiment: vec!["ppr/query/*".into()],
        verdict: if over.is_empty() {
            Verdict::Holds
        } else {
            Verdict::DoesNotHold
        },
    }
}

/// Fig. 3/4: full-path walks (MCFP) are more accurate than end-point walks (MCEP) with as
/// many walks.
fn full_path_beats_end_point(rows: &[Row]) -> Claim {
    let statement = "Full-path walks (MCFP) estimate PPR more accurately than end-point walks \
                     (MCEP) with as many walks";
    let source = format!("{PAPER}, Fig. 3 and 4");
    let q = measured(rows, "query", "l1");
    let mut pairs = Vec::new();
    for fp in q
        .iter()
        .filter(|r| r.implementation.starts_with("mc-fullpath-"))
    {
        let walks = &fp.implementation["mc-fullpath-".len()..];
        let ep = format!("mc-endpoint-{walks}");
        if let Some(e) = q
            .iter()
            .find(|r| r.benchmark == fp.benchmark && r.implementation == ep)
        {
            pairs.push((fp, e, walks.to_string()));
        }
    }
    if pairs.is_empty() {
        return Claim::not_measured(
            statement,
            &source,
            Some("MCFP at 1000 walks ≈ MCEP at 6700"),
            &["ppr/query/*"],
            "cargo suite run ppr/query",
        );
    }
    let wins = pairs
        .iter()
        .filter(|(f, e, _)| f.quality["l1"] < e.quality["l1"])
        .count();
    let sources: f64 = pairs
        .iter()
        .map(|(f, _, _)| f.quality.get("queries").copied().unwrap_or(0.0))
        .sum();
    let detail: Vec<String> = pairs
        .iter()
        .map(|(f, e, w)| {
            format!(
                "{} W={w}: L1 {:.3} vs {:.3}",
                f.benchmark, f.quality["l1"], e.quality["l1"]
            )
        })
        .collect();
    // One comparison per (graph, W), each a mean over its sources: a verdict needs every
    // comparison to agree and at least 10 sources behind them.
    let verdict = if wins == pairs.len() && sources >= 10.0 {
        Verdict::Holds
    } else if wins == 0 && sources >= 10.0 {
        Verdict::DoesNotHold
    } else {
        Verdict::Inconclusive
    };
    Claim {
        statement: statement.into(),
        source,
        paper: Some("MCFP at 1000 walks ≈ MCEP at 6700".into()),
        measured: format!(
            "MCFP lower L1 in {wins} of {} comparisons: {}",
            pairs.len(),
            detail.join("; ")
        ),
        scope: format!("{sources} sources in all (mean L1 per comparison)"),
        experiment: vec!["ppr/query/*".into()],
        verdict,
    }
}

/// Algorithm 5: one run serves a whole batch, so a batch is cheaper than its queries one
/// by one.
fn batch_shares_the_decomposition(rows: &[Row]) -> Claim {
    let statement = "A batch of queries shares the decomposition: answering it as one batch \
                     is faster than one query at a time";
    let source = format!("{PAPER}, §4 (Algorithm 5), Fig. 6");
    let b: Vec<&Row> = rows
        .iter()
        .filter(|r| r.family == "ppr" && r.group == "batch" && r.error.is_none())
        .filter(|r| r.stats.is_some())
        .collect();
    let mut pairs = Vec::new();
    for batch in b.iter().filter(|r| r.implementation.starts_with("batch-")) {
        let single = batch.implementation.replacen("batch-", "single-", 1);
        if let Some(s) = b
            .iter()
            .find(|r| r.benchmark == batch.benchmark && r.implementation == single)
        {
            pairs.push((*batch, *s));
        }
    }
    if pairs.is_empty() {
        return Claim::not_measured(
            statement,
            &source,
            Some("time nearly flat up to 10⁴ queries"),
            &["ppr/batch/*"],
            "cargo suite run ppr/batch",
        );
    }
    let stats = |r: &Row| r.stats.expect("filtered");
    // "Faster" only when the sample ranges do not overlap.
    let faster = pairs
        .iter()
        .filter(|(b, s)| stats(b).max_ns < stats(s).min_ns)
        .count();
    let slower = pairs
        .iter()
        .filter(|(b, s)| stats(b).min_ns > stats(s).max_ns)
        .count();
    let detail: Vec<String> = pairs
        .iter()
        .map(|(b, s)| {
            format!(
                "{}: {:.2}× ({} vs {})",
                b.implementation,
                stats(s).median_ns / stats(b).median_ns,
                b.implementation,
                s.implementation
            )
        })
        .collect();
    Claim {
        statement: statement.into(),
        source,
        paper: Some("time nearly flat up to 10⁴ queries".into()),
        measured: format!("median speed-up of the batch: {}", detail.join("; ")),
        scope: "same index, same sources; faster only when the sample ranges do not overlap".into(),
        experiment: vec!["ppr/batch/*".into()],
        verdict: if faster == pairs.len() {
            Verdict::Holds
        } else if slower == pairs.len() {
            Verdict::DoesNotHold
        } else {
            Verdict::Inconclusive
        },
    }
}

/// The claims, computed from `rows`.
pub fn claims(rows: &[Row]) -> Vec<Claim> {
    [
        error_shrinks_per_level(rows),
        full_path_beats_end_point(rows),
        batch_shares_the_decomposition(rows),
    ]
    .into_iter()
    .chain(per_paper_graph(rows, paper::fig3_full_path))
    .chain(per_paper_graph(rows, paper::fig4_equivalent_walks))
    .chain(per_paper_graph(rows, paper::fig5_operating_points))
    .chain(per_paper_graph(rows, paper::correction_on_dead_ends))
    .chain([
        super::table3::table3_batches(rows),
        super::table3::fig6_flat(rows),
        crate::families::ppr_distributed::report::by_sources_speedup(rows),
    ])
    .chain(per_paper_graph(rows, paper::theorem_2_1))
    .chain([
        super::exact_claims::exact_beats_igraph(rows),
        paper::power_ns_per_arc(rows),
    ])
    .collect()
}

/// The `paper` study's benchmarks that ran (one per graph), R-MAT first. A graph whose rows
/// were all skipped (polblogs without the data cache) makes no claims; the page's skipped
/// section says how to get it.
fn paper_benches(rows: &[Row]) -> Vec<&str> {
    let mut benches: Vec<&str> = rows
        .iter()
        .filter(|r| r.family == "ppr" && r.group == "paper" && r.error.is_none())
        .map(|r| r.benchmark.as_str())
        .collect();
    benches.sort_by_key(|b| (!b.contains("rmat"), *b));
    benches.dedup();
    benches
}

/// A claim of the paper study decided on each graph it ran on, separately: rows of two graphs
/// never enter one verdict. With one graph (or none) the claim is as `claim` makes it;
/// with several, each claim names its graph and its benchmark.
fn per_paper_graph(rows: &[Row], claim: fn(&[Row]) -> Claim) -> Vec<Claim> {
    let benches = paper_benches(rows);
    if benches.len() <= 1 {
        return vec![claim(rows)];
    }
    benches
        .into_iter()
        .map(|bench| {
            let mine: Vec<Row> = rows
                .iter()
                .filter(|r| r.group != "paper" || r.benchmark == bench)
                .cloned()
                .collect();
            let mut c = claim(&mine);
            let graph = bench.rsplit('/').next().unwrap_or(bench);
            c.statement = format!("{} (on {graph})", c.statement);
            c.experiment = vec![format!("ppr/{bench}")];
            c
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::measure::Stats;

    fn row(group: &str, bench: &str, imp: &str, l1: f64) -> Row {
        let mut r = Row::blank("ppr", bench, group, imp);
        r.quality.insert("l1".into(), l1);
        r.quality.insert("queries".into(), 10.0);
        r
    }

    /// Fig. 5's rows on one graph: RAG@200 at the paper's three points.
    fn fig5_rows(bench: &str, rag: f64) -> Vec<Row> {
        [("grid-R0", "T7"), ("grid-R10", "T5"), ("grid-R100", "T2")]
            .iter()
            .map(|(imp, t)| {
                let mut r = row("paper", bench, imp, 0.0);
                r.quality.insert(format!("rag@200 {t}"), rag);
                r.quality.insert(format!("rag@200 {t} se"), 0.001);
                r
            })
            .collect()
    }

    #[test]
    fn each_graph_of_the_paper_study_gets_its_own_verdict() {
        // One graph: the claim as before, no graph in the statement.
        let one = per_paper_graph(
            &fig5_rows("paper/rmat", 0.995),
            paper::fig5_operating_points,
        );
        assert_eq!(one.len(), 1);
        assert_eq!(one[0].verdict, Verdict::Holds);
        assert!(!one[0].statement.contains("(on "), "{}", one[0].statement);
        // Two graphs that disagree: two claims, R-MAT first, each decided by its own rows
        // (pooled, the polblogs rows would have made R-MAT's verdict fail too).
        let mut rows = fig5_rows("paper/polblogs", 0.98);
        rows.extend(fig5_rows("paper/rmat", 0.995));
        let two = per_paper_graph(&rows, paper::fig5_operating_points);
        assert_eq!(two.len(), 2);
        assert!(
            two[0].statement.ends_with("(on rmat)"),
            "{}",
            two[0].statement
        );
        assert_eq!(two[0].verdict, Verdict::Holds);
        assert_eq!(two[0].experiment, vec!["ppr/paper/rmat".to_string()]);
        assert!(
            two[1].statement.ends_with("(on polblogs)"),
            "{}",
            two[1].statement
        );
        assert_eq!(two[1].verdict, Verdict::DoesNotHold);
        // The study's benchmarks, R-MAT first; a graph whose rows were skipped is none.
        assert_eq!(paper_benches(&rows), vec!["paper/rmat", "paper/polblogs"]);
        for r in rows.iter_mut().filter(|r| r.benchmark == "paper/polblogs") {
            r.error = Some("skipped: no data cache: run `cargo suite fetch`".into());
        }
        let skipped = per_paper_graph(&rows, paper::fig5_operating_points);
        assert_eq!(skipped.len(), 1);
        assert_eq!(skipped[0].verdict, Verdict::Holds);
    }

    fn timed(imp: &str, lo: f64, hi: f64) -> Row {
        let mut r = row("batch", "ppr/batch/rmat", imp, 0.0);
        r.stats = Some(Stats {
            median_ns: (lo + hi) / 2.0,
            mad_ns: 1.0,
            min_ns: lo,
            max_ns: hi,
        });
        r
    }

    #[test]
    fn verdicts_follow_the_rows() {
        assert!(
            claims(&[])
                .iter()
                .all(|c| c.verdict == Verdict::NotMeasured)
        );
        // Within 2·0.85^4 = 1.044, then beyond 2·0.85^20 = 0.078.
        let ok = [row("query", "q", "powerwalk-R16-T4-theta0", 0.5)];
        assert_eq!(error_shrinks_per_level(&ok).verdict, Verdict::Holds);
        let bad = [row("query", "q", "powerwalk-R16-T20-theta0", 0.5)];
        assert_eq!(error_shrinks_per_level(&bad).verdict, Verdict::DoesNotHold);

        let fp = |a, b| {
            [
                row("query", "q", "mc-fullpath-1e4", a),
                row("query", "q", "mc-endpoint-1e4", b),
            ]
        };
        assert_eq!(
            full_path_beats_end_point(&fp(0.1, 0.2)).verdict,
            Verdict::Holds
        );
        assert_eq!(
            full_path_beats_end_point(&fp(0.3, 0.2)).verdict,
            Verdict::DoesNotHold
        );

        let b = |lo, hi| {
            [
                timed("batch-R16-T4", lo, hi),
                timed("single-R16-T4", 100.0, 120.0),
            ]
        };
        assert_eq!(
            batch_shares_the_decomposition(&b(10.0, 20.0)).verdict,
            Verdict::Holds
        );
        assert_eq!(
            batch_shares_the_decomposition(&b(130.0, 140.0)).verdict,
            Verdict::DoesNotHold
        );
        assert_eq!(
            batch_shares_the_decomposition(&b(90.0, 110.0)).verdict,
            Verdict::Inconclusive
        );
    }
}
