//! The PPR report sections: targets, accuracy-against-time frontiers per graph, index size
//! and build time, batch throughput, and the peers.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use plotters::prelude::*;

use super::methods::{Method, parse};
use crate::definitions::DefinitionFile;
use crate::raw::Row;
use crate::report::format::{duration, significant};

fn ok(rows: &[Row]) -> Vec<&Row> {
    rows.iter()
        .filter(|r| r.error.is_none() && r.stats.is_some())
        .collect()
}

/// Median time per query (or per build) in ns.
fn per_query(r: &Row) -> f64 {
    let q = r.quality.get("queries").copied().unwrap_or(1.0).max(1.0);
    r.stats.as_ref().map_or(f64::NAN, |s| s.median_ns / q)
}

fn graph_of(r: &Row) -> String {
    r.benchmark
        .split_once('/')
        .map_or(r.benchmark.clone(), |(_, g)| g.to_string())
}

fn q(r: &Row, k: &str) -> f64 {
    r.quality.get(k).copied().unwrap_or(f64::NAN)
}

fn sci(v: f64) -> String {
    if v.is_nan() {
        "–".into()
    } else if v == 0.0 {
        "0".into()
    } else {
        format!("{v:.2e}")
    }
}

/// Every section, in order.
pub fn sections(_definitions: &DefinitionFile, rows: &[Row], reports: &Path) -> String {
    let rows = ok(rows);
    if rows.is_empty() {
        return String::new();
    }
    let mut md = String::new();
    md.push_str(&targets(&rows));
    md.push_str(&paper_tables(&rows));
    md.push_str(&frontiers(&rows, reports));
    md.push_str(&indexes(&rows));
    md.push_str(&batches(&rows));
    md.push_str(&peers(&rows));
    md
}

/// The `paper` study as the paper's figures: RAG@200 against T per R (Fig. 5, this
/// crate's estimator and the paper's), and against the walk count (Fig. 3/4).
fn paper_tables(rows: &[&Row]) -> String {
    use super::paper::K;
    let study: Vec<&Row> = rows
        .iter()
        .copied()
        .filter(|r| r.group == "paper")
        .collect();
    if study.is_empty() {
        return String::new();
    }
    let mut graphs = by_graph(&study, "paper");
    let mut md = format!("## The paper's figures (`paper/*`, mean RAG@{K} over the sources)\n\n");
    // R-MAT first, as the claims list it; each graph's rows make their own tables.
    if let Some(rmat) = graphs.remove("rmat") {
        md.push_str(&paper_tables_of("rmat", &rmat, graphs.is_empty()));
    }
    for (graph, rows) in &graphs {
        md.push_str(&paper_tables_of(graph, rows, false));
    }
    md
}

/// One graph's `paper` rows as the paper's figures; `only` drops the graph's heading.
fn paper_tables_of(graph: &str, study: &[&Row], only: bool) -> String {
    use super::paper::{K, MAX_T};
    let mut md = String::new();
    if !only {
        let _ = write!(md, "### {graph}\n\n");
    }
    let _ = write!(md, "{}\n\n", sources_line(study));
    let _ = write!(md, "| R, estimator |");
    for t in 0..=MAX_T {
        let _ = write!(md, " T={t} |");
    }
    md.push_str("\n|---|");
    md.push_str(&"---|".repeat(MAX_T + 1));
    md.push('\n');
    let mut grid: Vec<(u32, &Row)> = study
        .iter()
        .filter_map(|r| Some((r.implementation.strip_prefix("grid-R")?.parse().ok()?, *r)))
        .collect();
    grid.sort_by_key(|x| x.0);
    for (r, row) in &grid {
        for (label, prefix) in [("corrected", ""), ("paper", "paper ")] {
            if *r == 0 && !prefix.is_empty() {
                continue;
            }
            let _ = write!(
                md,
                "| R = {r}, {} |",
                if *r == 0 { "no index" } else { label }
            );
            for t in 0..=MAX_T {
                let v = row.quality.get(&format!("{prefix}rag@{K} T{t}"));
                let _ = write!(md, " {} |", v.map_or("–".into(), |v| format!("{v:.4}")));
            }
            md.push('\n');
        }
    }
    let mut walks: Vec<(u32, &Row)> = study
        .iter()
        .filter_map(|r| Some((r.implementation.strip_prefix("walks-W")?.parse().ok()?, *r)))
        .collect();
    walks.sort_by_key(|x| x.0);
    if !walks.is_empty() {
        md.push_str("\n| walks W | MCFP (W) | MCEP (W) | MCEP (6.7 W) |\n|---|---|---|---|\n");
        for (w, row) in &walks {
            let g = |k: &str| {
                row.quality
                    .get(&format!("{k} rag@{K}"))
                    .map_or("–".into(), |v| format!("{v:.4}"))
            };
            let _ = writeln!(
                md,
                "| {w} | {} | {} | {} |",
                g("mcfp"),
                g("mcep"),
                g("mcep6.7")
            );
        }
    }
    md.push('\n');
    md
}

fn by_graph<'a>(rows: &[&'a Row], group: &str) -> BTreeMap<String, Vec<&'a Row>> {
    let mut m: BTreeMap<String, Vec<&Row>> = BTreeMap::new();
    for r in rows.iter().filter(|r| r.group == group) {
        m.entry(graph_of(r)).or_default().push(r);
    }
    m
}

fn find<'a>(rows: &[&'a Row], bench: &str, imp: &str) -> Option<&'a Row> {
    rows.iter()
        .copied()
        .find(|r| r.benchmark == bench && r.implementation == imp)
}

fn targets(rows: &[&Row]) -> String {
    let mut md = String::from("## Targets (rmat17, one thread)\n\n");
    let g = "rmat";
    let rows: Vec<&Row> = rows
        .iter()
        .copied()
        .filter(|r| {
            graph_of(r) != g || r.params.get("scale").and_then(toml::Value::as_integer) == Some(17)
        })
        .collect();
    let rows = &rows[..];
    let Some(power) = find(rows, &format!("query/{g}"), "power-1e-3") else {
        md.push_str(
            "rmat17 runs in the full profile only (`cargo suite run --profile full ppr/`); the quick \
             profile measures the same grid on rmat14 (scale 14, edge factor 8), which is too small \
             to judge the targets by.\n\n",
        );
        return md;
    };
    let _ = writeln!(
        md,
        "| case | target | measured | verdict |\n|---|---|---|---|"
    );
    let verdict = |okay: bool| if okay { "met" } else { "**missed**" };
    let m_arcs = power
        .dataset
        .as_ref()
        .and_then(|d| d.name.split("arcs=").nth(1))
        .and_then(|s| s.split(',').next())
        .and_then(|s| s.parse::<f64>().ok())
        .unwrap_or(f64::NAN);
    let iters = power
        .notes
        .get("iterations")
        .and_then(|s| s.parse::<f64>().ok())
        .unwrap_or(43.0);
    let ns_edge = per_query(power) / (m_arcs * iters);
    let _ = writeln!(
        md,
        "| power iteration (L1 1e-3, T = {iters}) | ≤ 1.0 ns/arc/iteration, ≤ 45 ms/query | {} ns/arc/iteration, {}/query | {} |",
        significant(ns_edge),
        duration(per_query(power)),
        verdict(ns_edge <= 1.0)
    );
    for (imp, limit_s, bpv) in [
        ("index-R16", 0.35, 400.0),
        ("index-R1", f64::INFINITY, 50.0),
    ] {
        if let Some(r) = find(rows, &format!("index/{g}"), imp) {
            let s = per_query(r) / 1e9;
            let b = q(r, "bytes per vertex");
            let steps = q(r, "walk steps");
            let _ = writeln!(
                md,
                "| {imp} | {}≤ {bpv} B/vertex | {} s ({} ns/step), {} B/vertex | {} |",
                if limit_s.is_finite() {
                    format!("≤ {limit_s} s, ")
                } else {
                    String::new()
                },
                significant(s),
                significant(per_query(r) / steps),
                significant(b),
                verdict(s <= limit_s && b <= bpv)
            );
        }
    }
    // Every indexed setting of the grid with T ≤ 5 (the target was set at T = 4), so that
    // the table says which one (if any) meets both conditions.
    let mut meeting = Vec::new();
    for (r_walks, t, theta) in super::methods::GRID {
        if r_walks == 0 || t == 0 || t > 5 {
            continue;
        }
        let name = super::methods::Method::PowerWalk(r_walks, t, theta).name();
        if let Some(r) = find(rows, &format!("query/{g}"), &name) {
            let tq = per_query(r);
            let p = q(r, "precision@50");
            let met = tq <= 1e7 && p >= 0.95;
            if met {
                meeting.push(name.clone());
            }
            let _ = writeln!(
                md,
                "| PowerWalk R={r_walks} T={t} θ={theta} | ≤ 10 ms/query at precision@50 ≥ 0.95 | {}/query, precision@50 {p:.3} | {} |",
                duration(tq),
                verdict(met)
            );
        }
    }
    let _ = writeln!(
        md,
        "| PowerWalk T ≤ 5: a setting meeting both | some R, T, θ | {} | {} |",
        if meeting.is_empty() {
            "none of the grid's settings".to_string()
        } else {
            meeting.join(", ")
        },
        verdict(!meeting.is_empty())
    );
    for (b, s) in batch_pairs(rows)
        .into_iter()
        .filter(|(b, _)| graph_of(b) == g)
    {
        let factor = per_query(s) / per_query(b);
        let _ = writeln!(
            md,
            "| {} (precision@50 {:.3}) | batch throughput > single | batch {}/query, single {}/query: **{factor:.2}×** | {} |",
            b.implementation,
            q(b, "precision@50"),
            duration(per_query(b)),
            duration(per_query(s)),
            verdict(factor > 1.0)
        );
    }
    for (peer, ours) in [("scipy-T43", "power-1e-3"), ("igraph", "power-1e-12")] {
        let (Some(r), Some(o)) = (
            find(rows, &format!("query/{g}"), peer),
            find(rows, &format!("query/{g}"), ours),
        ) else {
            continue;
        };
        {
            let ratio = per_query(r) / per_query(o);
            let need = if peer == "igraph" { 10.0 } else { 1.0 };
            let _ = writeln!(
                md,
                "| {ours} vs {peer} (same L1) | ≥ {need}× faster | {peer} {}/query (L1 {}), ours {}: {ratio:.1}× | {} |",
                duration(per_query(r)),
                sci(q(r, "l1")),
                duration(per_query(o)),
                verdict(ratio >= need)
            );
        }
    }
    md.push('\n');
    md
}

fn frontiers(rows: &[&Row], reports: &Path) -> String {
    let mut md = String::from(
        "## Accuracy against time\n\nEach point is one implementation setting: median time per \
         query against the mean L1 error (left) over the benchmark's sources, against the oracle's \
         vector (`naive`, residual 1e-13). PowerWalk settings: R ∈ {1, 16, 128} walks per vertex, \
         T ∈ {2, 4, 10, 20} steps, θ ∈ {0, 1e-6}; its index is built beforehand (see below), \
         not counted here. Lower left is better.\n\n",
    );
    for (graph, rs) in by_graph(rows, "query") {
        let file = format!("ppr-frontier-{graph}.svg");
        if frontier_plot(&reports.join(&file), &graph, &rs).is_ok() {
            let _ = writeln!(
                md,
                "### {graph}\n\n![L1 against time per query, {graph}]({file})\n"
            );
        } else {
            let _ = writeln!(md, "### {graph}\n");
        }
        let _ = writeln!(md, "{}\n", sources_line(&rs));
        let _ = writeln!(
            md,
            "| implementation | time/query | L1 | L∞ | precision@50 | precision@500 | RAG@200 mean | RAG@200 p10 | L1 bound |\n|---|---|---|---|---|---|---|---|---|"
        );
        let mut sorted = rs.clone();
        sorted.sort_by(|a, b| per_query(a).total_cmp(&per_query(b)));
        for r in sorted {
            let _ = writeln!(
                md,
                "| {} | {} | {} | {} | {:.3} | {:.3} | {:.3} | {:.3} | {} |",
                r.implementation,
                duration(per_query(r)),
                sci(q(r, "l1")),
                sci(q(r, "linf")),
                q(r, "precision@50"),
                q(r, "precision@500"),
                q(r, "rag@200"),
                q(r, "rag@200 p10"),
                sci(q(r, "l1 bound"))
            );
        }
        md.push('\n');
    }
    md
}

/// How many sources a graph's query rows average over, and how they were drawn.
fn sources_line(rs: &[&Row]) -> String {
    let n = rs.first().map_or(f64::NAN, |r| q(r, "queries"));
    let strata = rs
        .first()
        .and_then(|r| r.params.get("strata"))
        .and_then(toml::Value::as_integer);
    let how = match strata {
        Some(k) => format!(
            "degree-stratified as in the paper: up to {k} per out-degree bucket [2^(i−1), 2^i), \
             i = 1..10"
        ),
        None => "drawn uniformly among the vertices with out-arcs".into(),
    };
    let noun = if n == 1.0 { "source" } else { "sources" };
    format!(
        "{n} {noun} ({how}); every column is the mean over them, and RAG@200 p10 is its 10th \
         percentile over the sources (the worst tenth)."
    )
}

fn frontier_plot(path: &Path, graph: &str, rows: &[&Row]) -> Result<(), String> {
    let mut series: BTreeMap<String, Vec<(f64, f64)>> = BTreeMap::new();
    for r in rows {
        let Some(m) = parse(&r.implementation) else {
            continue;
        };
        let (x, y) = (per_query(r) / 1e6, q(r, "l1"));
        if x > 0.0 && y > 0.0 && x.is_finite() && y.is_finite() {
            series.entry(m.series()).or_default().push((x, y));
        }
    }
    let pts = || series.values().flatten();
    let x0 = pts().map(|p| p.0).fold(f64::MAX, f64::min);
    let x1 = pts().map(|p| p.0).fold(f64::MIN, f64::max);
    let y0 = pts().map(|p| p.1).fold(f64::MAX, f64::min);
    let y1 = pts().map(|p| p.1).fold(f64::MIN, f64::max);
    if !(x0 < x1 && y0 <= y1) {
        return Err("nothing to plot".into());
    }
    let err = |e: &dyn std::fmt::Display| format!("{}: {e}", path.display());
    let root = SVGBackend::new(path, (820, 520)).into_drawing_area();
    root.fill(&WHITE).map_err(|e| err(&e))?;
    let mut chart = ChartBuilder::on(&root)
        .caption(
            format!("ppr: L1 against time per query, {graph}"),
            ("sans-serif", 20),
        )
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(70)
        .build_cartesian_2d(
            (x0 / 1.5..x1 * 1.5).log_scale(),
            (y0 / 2.0..y1 * 2.0).log_scale(),
        )
        .map_err(|e| err(&e))?;
    chart
        .configure_mesh()
        .x_desc("median time per query (ms)")
        .y_desc("mean L1 error")
        .x_label_formatter(&|v| significant(*v))
        .y_label_formatter(&|v| format!("{v:.0e}"))
        .draw()
        .map_err(|e| err(&e))?;
    for (i, (label, mut points)) in series.into_iter().enumerate() {
        points.sort_by(|a, b| a.0.total_cmp(&b.0));
        let colour = Palette99::pick(i).to_rgba();
        chart
            .draw_series(LineSeries::new(points.clone(), colour.stroke_width(1)))
            .map_err(|e| err(&e))?
            .label(label)
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 18, y)], colour.stroke_width(2))
            });
        chart
            .draw_series(
                points
                    .into_iter()
                    .map(|p| Circle::new(p, 3, colour.filled())),
            )
            .map_err(|e| err(&e))?;
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperRight)
        .background_style(WHITE.mix(0.8))
        .border_style(BLACK)
        .draw()
        .map_err(|e| err(&e))?;
    root.present().map_err(|e| err(&e))
}

fn indexes(rows: &[&Row]) -> String {
    let mut md = String::from(
        "## PowerWalk index\n\nBuild time (one thread), walk steps (moves, excluding the starts), \
         size (6 B per (u32 id, u16 count) entry, 8 B offset, 4 B total and 4 B restart count per vertex) and the \
         mean L1 error of the fingerprints of the query sources taken alone.\n\n\
         | graph | index | build | ns/step | B/vertex | entries/vertex | fingerprint L1 |\n|---|---|---|---|---|---|---|\n",
    );
    for (graph, rs) in by_graph(rows, "index") {
        for r in rs {
            let _ = writeln!(
                md,
                "| {graph} | {} | {} | {} | {} | {} | {} |",
                r.implementation,
                duration(per_query(r)),
                significant(per_query(r) / q(r, "walk steps")),
                significant(q(r, "bytes per vertex")),
                significant(q(r, "entries per vertex")),
                sci(q(r, "fingerprint l1"))
            );
        }
    }
    md.push('\n');
    md
}

fn batch_pairs<'a>(rows: &[&'a Row]) -> Vec<(&'a Row, &'a Row)> {
    let mut out = Vec::new();
    for b in rows
        .iter()
        .filter(|r| matches!(parse(&r.implementation), Some(Method::Batch(..))))
    {
        let single = b.implementation.replacen("batch", "single", 1);
        if let Some(s) = find(rows, &b.benchmark, &single) {
            out.push((*b, s));
        }
    }
    out
}

fn batches(rows: &[&Row]) -> String {
    let pairs = batch_pairs(rows);
    if pairs.is_empty() {
        return String::new();
    }
    let mut md = String::from(
        "## Batched queries\n\nThe same sources (drawn with a fixed seed among vertices with \
         out-arcs) answered as one batch (8 sources share each step: one 64-byte row of flows \
         per vertex) and one by one. Precision@50 and L1 are measured on a sample of the \
         batch against power iteration to residual 1e-12.\n\n\
         | graph | setting | sources | batch: time/query | queries/s | single: time/query | queries/s | factor | precision@50 | L1 |\n|---|---|---|---|---|---|---|---|---|---|\n",
    );
    for (b, s) in pairs {
        let (tb, ts) = (per_query(b), per_query(s));
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {:.0} | {} | {:.0} | **{:.2}×** | {:.3} | {} |",
            graph_of(b),
            b.implementation.trim_start_matches("batch-"),
            q(b, "queries"),
            duration(tb),
            1e9 / tb,
            duration(ts),
            1e9 / ts,
            ts / tb,
            q(b, "precision@50"),
            sci(q(b, "l1"))
        );
    }
    md.push('\n');
    md
}

fn peers(rows: &[&Row]) -> String {
    let mut md = String::from(
        "## Peers\n\npython-igraph `personalized_pagerank` (PRPACK, exact) and a scipy CSR power \
         iteration (T = 43, L1 ≈ 1e-3) run as subprocesses on the same graph file and sources, \
         timing their own compute (graph building excluded); their answers are checked against \
         the oracle. Compared with this crate's power iteration at the peer's accuracy: scipy \
         with `power-1e-3`, igraph (L1 ≈ 1e-12) with `power-1e-12`.\n\n\
         | graph | peer | time/query | L1 | ours at L1 1e-3 | ours at 1e-12 | peer / ours at the same L1 |\n|---|---|---|---|---|---|---|\n",
    );
    let mut any = false;
    for (graph, rs) in by_graph(rows, "query") {
        let ours = rs.iter().find(|r| r.implementation == "power-1e-3");
        let ours12 = rs.iter().find(|r| r.implementation == "power-1e-12");
        for r in rs
            .iter()
            .filter(|r| parse(&r.implementation).is_some_and(|m| m.is_peer()))
        {
            any = true;
            let _ = writeln!(
                md,
                "| {graph} | {} | {} | {} | {} | {} | {} |",
                r.implementation,
                duration(per_query(r)),
                sci(q(r, "l1")),
                ours.map_or("–".into(), |o| duration(per_query(o))),
                ours12.map_or("–".into(), |o| duration(per_query(o))),
                if r.implementation == "igraph" {
                    ours12
                } else {
                    ours
                }
                .map_or("–".into(), |o| format!(
                    "{:.1}×",
                    per_query(r) / per_query(o)
                ))
            );
        }
    }
    if !any {
        md.push_str("| – | not run (`cargo suite peers install`) | | | | | |\n");
    }
    md.push('\n');
    md
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query_row(strata: Option<i64>, queries: f64) -> Row {
        let mut r = Row::blank("ppr", "query/rmat", "query", "power-1e-3");
        r.quality.insert("queries".into(), queries);
        r.quality.insert("rag@200".into(), 0.97);
        r.quality.insert("rag@200 p10".into(), 0.81);
        if let Some(k) = strata {
            r.params.insert("strata".into(), toml::Value::Integer(k));
        }
        r
    }

    #[test]
    fn the_page_states_the_sources_and_rag_at_200() {
        let r = query_row(Some(1), 10.0);
        let line = sources_line(&[&r]);
        assert!(line.starts_with("10 sources (degree-stratified"), "{line}");
        assert!(line.contains("up to 1 per out-degree bucket"), "{line}");
        let r = query_row(None, 2.0);
        let line = sources_line(&[&r]);
        assert!(line.starts_with("2 sources (drawn uniformly"), "{line}");
        let r = query_row(None, 1.0);
        assert!(sources_line(&[&r]).starts_with("1 source (drawn"));
        let dir = std::env::temp_dir().join(format!("ppr-report-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let mut r = query_row(Some(1), 10.0);
        r.stats = Some(crate::measure::Stats {
            median_ns: 1e6,
            mad_ns: 1.0,
            min_ns: 1e6,
            max_ns: 1e6,
        });
        let md = frontiers(&[&r], &dir);
        let _ = std::fs::remove_dir_all(&dir);
        assert!(md.contains("RAG@200 mean | RAG@200 p10"), "{md}");
        assert!(md.contains("| 0.970 | 0.810 |"), "{md}");
    }
}
