//! The paper's Table 3 and Fig. 6 (Liu et al., PowerWalk, CIKM 2016): the time to answer
//! 1 to 10⁴ queries with each method, from the `table3/*` rows (one timed run of a whole
//! batch each), and the two claims computed from them.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use crate::raw::Row;
use crate::report::claims::{Claim, Verdict};
use crate::report::format::duration;
use crate::report::plot::{Series, time_against};

const PAPER: &str = "Liu et al., PowerWalk, CIKM 2016";
/// The group of the Table 3 rows.
pub const GROUP: &str = "table3";
/// The PowerWalk setting whose batch times make the Fig. 6 curve (the paper's fastest).
pub const FIG6_IMPL: &str = "t3-powerwalk-R100-T2";
/// The query counts of the paper's Table 3 columns.
pub const COLUMNS: [f64; 3] = [1.0, 100.0, 1e4];
/// Table 3's methods in the paper's order, with the paper's time for 10⁴ queries on
/// twitter-2010 (power iteration: its one-query time; it does not batch).
pub const METHODS: [(&str, &str, &str); 6] = [
    ("t3-power-1e-10", "power iteration", "95.2 s for one query"),
    ("t3-mcfp-2000", "online MCFP, R = 2000", "179.38 s"),
    ("t3-fppr-R100", "FPPR (R = 100 here)", "117.50 s"),
    ("t3-powerwalk-R0-T7", "PowerWalk R = 0, T = 7", "9.06 s"),
    ("t3-powerwalk-R10-T5", "PowerWalk R = 10, T = 5", "8.74 s"),
    ("t3-powerwalk-R100-T2", "PowerWalk R = 100, T = 2", "3.64 s"),
];
/// "Nearly flat": the whole batch of the largest count takes at most this many times the
/// one-query time.
pub const FLAT_FACTOR: f64 = 10.0;
/// Table 3's comparison at one run per cell: faster or slower only beyond this margin.
pub const MARGIN: f64 = 1.1;

/// Per implementation: (queries, total ns, scale) of each timed `table3` row, by count.
fn measured(rows: &[Row]) -> BTreeMap<String, Vec<(f64, f64, i64)>> {
    let mut out: BTreeMap<String, Vec<(f64, f64, i64)>> = BTreeMap::new();
    for r in rows {
        if r.family != "ppr" || r.group != GROUP || r.error.is_some() {
            continue;
        }
        let (Some(s), Some(w)) = (r.stats, r.work.as_ref()) else {
            continue;
        };
        let scale = r
            .params
            .get("scale")
            .and_then(toml::Value::as_integer)
            .unwrap_or(0);
        out.entry(r.implementation.clone())
            .or_default()
            .push((w.0, s.median_ns, scale));
    }
    for v in out.values_mut() {
        v.sort_by(|a, b| a.0.total_cmp(&b.0));
    }
    out
}

/// The time for `q` queries: measured, or extrapolated linearly from the largest measured
/// count below it (the bool says which).
fn time_for(points: &[(f64, f64, i64)], q: f64) -> Option<(f64, bool, f64)> {
    if let Some(p) = points.iter().find(|p| p.0 == q) {
        return Some((p.1, false, q));
    }
    let below = points.iter().rfind(|p| p.0 < q)?;
    Some((below.1 * q / below.0, true, below.0))
}

fn graph(points: &[(f64, f64, i64)]) -> String {
    points
        .first()
        .map_or("rmat".into(), |p| format!("rmat{}", p.2))
}

/// A Table 3 or Fig. 6 claim whose rows are absent from this run; `run` says how to get them.
fn not_measured(statement: &str, source: &str, paper: &str, run: &str) -> Claim {
    Claim::not_measured(statement, source, Some(paper), &["ppr/table3/*"], run)
}

/// Fig. 6: the time of a batch is nearly flat in the number of queries up to 10⁴.
pub fn fig6_flat(rows: &[Row]) -> Claim {
    let statement = "Answering a batch takes nearly the same time for 1 and for 10⁴ queries";
    let source = format!("{PAPER}, Fig. 6 and Table 3");
    let paper = "time nearly flat up to 10⁴ queries (PowerWalk R = 100, T = 2: 3.64 s for 10⁴ \
                 and 17.96 s for 10⁵ queries on twitter-2010, 8 machines)";
    let all = measured(rows);
    let points = all.get(FIG6_IMPL).cloned().unwrap_or_default();
    let (Some(one), Some(last)) = (points.iter().find(|p| p.0 == 1.0), points.last()) else {
        return not_measured(statement, &source, paper, "cargo suite run ppr/table3");
    };
    if last.0 < 1000.0 {
        return not_measured(
            statement,
            &source,
            paper,
            "cargo suite run ppr/table3 (batches of 1000 queries and more)",
        );
    }
    let growth = last.1 / one.1;
    let per_query = growth / last.0;
    Claim {
        statement: statement.into(),
        source,
        paper: Some(paper.into()),
        measured: format!(
            "PowerWalk R = 100, T = 2 on {}: 1 query {}, {} queries {} ({growth:.0}× the \
             time for {}× the queries; per query {per_query:.3}× the one-query time)",
            graph(&points),
            duration(one.1),
            last.0,
            duration(last.1),
            last.0
        ),
        scope: format!(
            "one machine, one thread, one run per batch size (the sizes differ by orders of \
             magnitude); nearly flat means the largest batch takes at most {FLAT_FACTOR}× \
             the one-query time"
        ),
        experiment: vec!["ppr/table3/*".into()],
        verdict: if growth <= FLAT_FACTOR {
            Verdict::Holds
        } else {
            Verdict::DoesNotHold
        },
    }
}

/// Table 3's batch columns: at the largest count measured for all three, PowerWalk
/// (R = 100, T = 2) answers faster than online MCFP (R = 2000) and FPPR.
pub fn table3_batches(rows: &[Row]) -> Claim {
    let statement = "With a large batch, PowerWalk (R = 100, T = 2) answers faster than online \
                     MCFP with 2000 walks and than FPPR";
    let source = format!("{PAPER}, Table 3");
    let paper = "10⁴ queries on twitter-2010: PowerWalk R = 100, T = 2 3.64 s, MCFP 179.38 s, \
                 FPPR 117.50 s";
    let all = measured(rows);
    let get = |imp: &str| all.get(imp).cloned().unwrap_or_default();
    let (pw, mc, fp) = (get(FIG6_IMPL), get("t3-mcfp-2000"), get("t3-fppr-R100"));
    let common = pw
        .iter()
        .rev()
        .find(|p| mc.iter().any(|m| m.0 == p.0) && fp.iter().any(|f| f.0 == p.0));
    let Some(&(q, pw_ns, _)) = common else {
        return not_measured(statement, &source, paper, "cargo suite run ppr/table3");
    };
    let at = |v: &[(f64, f64, i64)]| v.iter().find(|p| p.0 == q).map_or(f64::NAN, |p| p.1);
    let (mc_ns, fp_ns) = (at(&mc), at(&fp));
    let faster = pw_ns * MARGIN <= mc_ns && pw_ns * MARGIN <= fp_ns;
    let slower = pw_ns >= mc_ns * MARGIN || pw_ns >= fp_ns * MARGIN;
    Claim {
        statement: statement.into(),
        source,
        paper: Some(paper.into()),
        measured: format!(
            "{q} queries on {}: PowerWalk {}, MCFP {} ({:.2}× PowerWalk), FPPR {} ({:.2}× \
             PowerWalk)",
            graph(&pw),
            duration(pw_ns),
            duration(mc_ns),
            mc_ns / pw_ns,
            duration(fp_ns),
            fp_ns / pw_ns
        ),
        scope: format!(
            "one machine, one thread, the same sources, prebuilt indexes; one run per cell: \
             faster or slower only beyond a factor {MARGIN}"
        ),
        experiment: vec!["ppr/table3/*".into()],
        verdict: if faster {
            Verdict::Holds
        } else if slower {
            Verdict::DoesNotHold
        } else {
            Verdict::Inconclusive
        },
    }
}

/// The Table 3 section: the time per column beside the paper's, and the Fig. 6 plot.
pub fn section(rows: &[Row], reports: &Path) -> String {
    let all = measured(rows);
    if all.is_empty() {
        return String::new();
    }
    let g = all.values().next().map_or("rmat".into(), |v| graph(v));
    let mut md = format!(
        "## Table 3: time for 1, 100 and 10⁴ queries\n\nEach cell is one timed run of the \
         whole batch on {g} (one thread; indexes prebuilt, as in the paper; PowerWalk with an \
         index answers through the batch API, the others one query at a time). A cell marked \
         *≈* is extrapolated linearly from the largest count measured below it (power \
         iteration and R = 0 are too slow for 10⁴ queries here). The paper's column is \
         twitter-2010 (41.7 M vertices, 1.47 B arcs) on 8 machines.\n\n\
         | method | 1 query | 100 queries | 10⁴ queries | paper: 10⁴ queries |\n\
         |---|---|---|---|---|\n"
    );
    for (imp, label, paper) in METHODS {
        let points = all.get(imp).cloned().unwrap_or_default();
        let cell = |q: f64| match time_for(&points, q) {
            Some((ns, false, _)) => duration(ns),
            Some((ns, true, from)) => format!("≈ {} (from {from})", duration(ns)),
            None => "not run".into(),
        };
        let _ = writeln!(
            md,
            "| {label} | {} | {} | {} | {paper} |",
            cell(COLUMNS[0]),
            cell(COLUMNS[1]),
            cell(COLUMNS[2])
        );
    }
    md.push('\n');
    if let Some(points) = all.get(FIG6_IMPL) {
        let cells: Vec<String> = points
            .iter()
            .map(|p| format!("{}: {}", p.0, duration(p.1 / p.0)))
            .collect();
        let _ = write!(
            md,
            "Per query, PowerWalk R = 100, T = 2 by batch size: {}.\n\n",
            cells.join(", ")
        );
    }
    let whole = format!("{FIG6_IMPL}-whole");
    if let (Some(w), Some(d)) = (all.get(&whole), all.get(FIG6_IMPL)) {
        for &(q, ns, _) in w {
            if let Some(&(_, dns, _)) = d.iter().find(|p| p.0 == q) {
                let _ = write!(
                    md,
                    "The same {q} PowerWalk (R = 100, T = 2) queries with the whole batch \
                     sharing each fingerprint read (one block): {}, against {} with the default \
                     cache-sized blocks ({:.2}×).\n\n",
                    duration(ns),
                    duration(dns),
                    ns / dns
                );
            }
        }
    }
    let series: Vec<Series> = METHODS
        .iter()
        .filter_map(|(imp, label, _)| {
            let points: Vec<(f64, f64)> = all.get(*imp)?.iter().map(|p| (p.0, p.1)).collect();
            (points.len() > 1).then(|| Series {
                label: (*label).into(),
                points,
            })
        })
        .collect();
    let file = "ppr-time-vs-queries.svg";
    match time_against(
        &reports.join(file),
        &format!("ppr: time of a batch against its number of queries, {g}"),
        "queries in the batch",
        &series,
    ) {
        Ok(()) => {
            let _ = write!(
                md,
                "### Fig. 6: time against the number of queries\n\nThe paper's curve is \
                 nearly flat up to 10⁴ queries (its batch shares supersteps and network \
                 messages across 8 machines). Here the whole-batch time is plotted on log–log \
                 axes: a flat line would be the paper's shape, a slope of 1 is time \
                 proportional to the queries.\n\n![time against queries]({file})\n\n"
            );
        }
        Err(e) => {
            let _ = write!(md, "(Fig. 6 plot not drawn: {e})\n\n");
        }
    }
    md
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(imp: &str, queries: f64, ns: f64) -> Row {
        let mut r = Row::blank("ppr", &format!("table3/rmat-B{queries}"), GROUP, imp);
        r.work = Some((queries, "queries".into()));
        r.params.insert("scale".into(), toml::Value::Integer(14));
        r.samples_ns = vec![ns];
        r.stats = crate::measure::Stats::of(&r.samples_ns);
        r
    }

    #[test]
    fn fig6_and_table3_follow_the_rows() {
        let flat = vec![row(FIG6_IMPL, 1.0, 1e9), row(FIG6_IMPL, 1e4, 5e9)];
        assert_eq!(fig6_flat(&flat).verdict, Verdict::Holds);
        let steep = vec![row(FIG6_IMPL, 1.0, 1e6), row(FIG6_IMPL, 1e4, 5e9)];
        assert_eq!(fig6_flat(&steep).verdict, Verdict::DoesNotHold);
        assert_eq!(
            fig6_flat(&steep[..1]).verdict,
            Verdict::NotMeasured,
            "one batch size is no curve"
        );
        let cells = |pw: f64| {
            vec![
                row(FIG6_IMPL, 1e4, pw),
                row("t3-mcfp-2000", 1e4, 2e9),
                row("t3-fppr-R100", 1e4, 3e9),
            ]
        };
        assert_eq!(table3_batches(&cells(1e9)).verdict, Verdict::Holds);
        assert_eq!(table3_batches(&cells(4e9)).verdict, Verdict::DoesNotHold);
        assert_eq!(table3_batches(&cells(1.9e9)).verdict, Verdict::Inconclusive);
        assert_eq!(table3_batches(&[]).verdict, Verdict::NotMeasured);
    }

    #[test]
    fn cells_are_measured_or_marked_extrapolated() {
        let pts = vec![(1.0, 2.0, 17), (10.0, 30.0, 17)];
        assert_eq!(time_for(&pts, 10.0), Some((30.0, false, 10.0)));
        assert_eq!(time_for(&pts, 1e4), Some((30_000.0, true, 10.0)));
        assert_eq!(time_for(&pts[1..], 1.0), None);
        let dir = std::env::temp_dir().join(format!("ppr-table3-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let rows = vec![
            row("t3-power-1e-10", 1.0, 1e8),
            row("t3-power-1e-10", 10.0, 1e9),
            row(FIG6_IMPL, 1.0, 1e6),
            row(FIG6_IMPL, 100.0, 1e7),
        ];
        let md = section(&rows, &dir);
        assert!(md.contains("≈ ") && md.contains("(from 10)"), "{md}");
        assert!(md.contains("not run"), "{md}");
        assert!(
            md.contains("by batch size: 1: 1.00 ms, 100: 100 µs"),
            "{md}"
        );
        assert!(dir.join("ppr-time-vs-queries.svg").exists());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
