//! The per-group tables: time ratios for races, time at accuracy levels for frontiers, and
//! plain outcome tables for studies.

use std::fmt::Write as _;

use super::{best_medians, format, implementation_order};
use crate::raw::Row;

pub(crate) fn ratio_table(rows: &[Row], x: Option<&str>) -> String {
    let impls = implementation_order(rows);
    let best = best_medians(rows);
    let mut md = String::from(
        "Median time as a ratio to the best implementation of the benchmark (best in bold), absolute median in brackets.\n\n",
    );
    let param_col = x.map(|x| format!(" {x} |")).unwrap_or_default();
    let _ = writeln!(md, "| benchmark |{param_col} {} |", impls.join(" | "));
    let _ = writeln!(
        md,
        "|---|{}{}",
        if x.is_some() { "---|" } else { "" },
        "---|".repeat(impls.len())
    );
    let mut benches: Vec<&str> = Vec::new();
    for r in rows {
        if !benches.contains(&r.benchmark.as_str()) {
            benches.push(&r.benchmark);
        }
    }
    for b in benches {
        let xv = x
            .map(|x| {
                let v = rows
                    .iter()
                    .find(|r| r.benchmark == b)
                    .and_then(|r| r.params.get(x));
                format!(" {} |", v.map(format::param).unwrap_or_default())
            })
            .unwrap_or_default();
        let cells: Vec<String> = impls
            .iter()
            .map(|imp| {
                match rows
                    .iter()
                    .find(|r| r.benchmark == b && &r.implementation == imp)
                {
                    Some(r) if r.ok() => {
                        let median = r.stats.map_or(0.0, |s| s.median_ns);
                        let ratio = median / best.get(b).copied().unwrap_or(median);
                        let cell = format!("{ratio:.2}× ({})", format::duration(median));
                        if median <= best.get(b).copied().unwrap_or(f64::INFINITY) {
                            format!("**{cell}**")
                        } else {
                            cell
                        }
                    }
                    Some(r) if r.skipped() => "skipped".into(),
                    Some(_) => "FAILED".into(),
                    None => "–".into(),
                }
            })
            .collect();
        let _ = writeln!(
            md,
            "| {}{b} |{xv} {} |",
            loaded_mark(rows, b),
            cells.join(" | ")
        );
    }
    md.push('\n');
    md
}

pub(crate) fn absolute_table(rows: &[Row]) -> String {
    let mut md = String::from(
        "<details><summary>Absolute figures</summary>\n\n| benchmark | implementation | median | MAD | min | max | samples | throughput | quality | dataset (SHA-256 prefix) |\n|---|---|---|---|---|---|---|---|---|---|\n",
    );
    for r in rows.iter().filter(|r| r.ok()) {
        let Some(s) = r.stats else { continue };
        let throughput = r
            .work
            .as_ref()
            .map(|(w, unit)| format::rate(w / (s.median_ns * 1e-9), unit))
            .unwrap_or_default();
        let quality = quality_cell(&r.quality);
        let dataset = r
            .dataset
            .as_ref()
            .map(|d| format!("{} (`{}`)", d.name, d.sha256.get(..12).unwrap_or(&d.sha256)))
            .unwrap_or_default();
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            r.benchmark,
            r.implementation,
            format::duration(s.median_ns),
            format::duration(s.mad_ns),
            format::duration(s.min_ns),
            format::duration(s.max_ns),
            r.samples_ns.len(),
            throughput,
            quality,
            dataset
        );
    }
    md.push_str("\n</details>\n\n");
    md
}

/// "⚠ " before a benchmark whose rows ran on a busy machine.
fn loaded_mark(rows: &[Row], benchmark: &str) -> &'static str {
    if rows.iter().any(|r| r.benchmark == benchmark && r.loaded()) {
        "⚠ "
    } else {
        ""
    }
}

/// The most quality metrics a table cell lists; a study row can carry dozens (one per grid
/// point), which the family's own tables present and the raw rows keep in full.
const QUALITY_SHOWN: usize = 8;

/// A row's quality metrics for a table cell, at most [`QUALITY_SHOWN`] of them.
pub(crate) fn quality_cell(quality: &std::collections::BTreeMap<String, f64>) -> String {
    let mut cell = quality
        .iter()
        .take(QUALITY_SHOWN)
        .map(|(k, v)| format!("{k} = {}", format::significant(*v)))
        .collect::<Vec<_>>()
        .join(", ");
    if quality.len() > QUALITY_SHOWN {
        cell += &format!(
            " and {} more (in the raw rows)",
            quality.len() - QUALITY_SHOWN
        );
    }
    cell
}

/// A study's (or a one-implementation group's) table: outcomes, never time ratios. The
/// median time is given for information, with the number of samples it rests on.
pub(crate) fn outcome_table(rows: &[Row]) -> String {
    let mut md = String::from(
        "Outcomes, not a race: no time ratios. Time is the median of the samples shown (a \
         single run says so).\n\n| benchmark | implementation | answer | quality | median time | samples |\n|---|---|---|---|---|---|\n",
    );
    for r in rows {
        let (answer, time) = if r.ok() {
            let median = r.stats.map_or(0.0, |s| s.median_ns);
            (
                r.answer.clone().unwrap_or_default(),
                format::duration(median),
            )
        } else if r.skipped() {
            ("skipped".into(), "–".into())
        } else {
            ("FAILED".into(), "–".into())
        };
        let quality = quality_cell(&r.quality);
        let samples = match r.samples_ns.len() {
            0 => "–".to_string(),
            1 => "1 (single run)".to_string(),
            n => n.to_string(),
        };
        let _ = writeln!(
            md,
            "| {}{} | {} | `{}` | {} | {} | {} |",
            loaded_mark(rows, &r.benchmark),
            r.benchmark,
            r.implementation,
            answer.replace('|', "\\|"),
            quality,
            time,
            samples
        );
    }
    md.push('\n');
    md
}

/// A frontier's ranking: at each stated accuracy level, the rows that reach it, fastest first.
/// Rows that do not reach a level are not ranked at that level, however fast they are.
pub(crate) fn frontier_table(rows: &[Row], levels: &[crate::definitions::AccuracyLevel]) -> String {
    let mut md = String::from(
        "Accuracy against time: ranked only by time at each stated accuracy level, among the \
         rows that reach it (ratio to the fastest such row).\n\n",
    );
    let mut benches: Vec<&str> = Vec::new();
    for r in rows {
        if !benches.contains(&r.benchmark.as_str()) {
            benches.push(&r.benchmark);
        }
    }
    for level in levels {
        let _ = writeln!(
            md,
            "**At {}**\n\n| benchmark | rank | implementation | {} | median time | ratio |\n|---|---|---|---|---|---|",
            level.describe(),
            level.metric
        );
        for b in &benches {
            let mut reached: Vec<(&Row, f64, f64)> = rows
                .iter()
                .filter(|r| r.benchmark == *b && r.ok())
                .filter_map(|r| {
                    let q = *r.quality.get(&level.metric)?;
                    let t = r.stats?.median_ns;
                    level.reached_by(q).then_some((r, q, t))
                })
                .collect();
            reached.sort_by(|a, b| a.2.total_cmp(&b.2));
            let Some(best) = reached.first().map(|x| x.2) else {
                let _ = writeln!(
                    md,
                    "| {}{b} | – | no row reaches this level | | | |",
                    loaded_mark(rows, b)
                );
                continue;
            };
            for (i, (r, q, t)) in reached.iter().enumerate() {
                let _ = writeln!(
                    md,
                    "| {}{b} | {} | {} | {} | {} | {:.2}× |",
                    loaded_mark(rows, b),
                    i + 1,
                    r.implementation,
                    format::significant(*q),
                    format::duration(*t),
                    t / best
                );
            }
        }
        md.push('\n');
    }
    md
}

#[cfg(test)]
mod quality_tests {
    use super::*;

    #[test]
    fn a_cell_lists_at_most_eight_metrics_and_counts_the_rest() {
        let q: std::collections::BTreeMap<String, f64> =
            (0..20).map(|i| (format!("m{i:02}"), i as f64)).collect();
        let cell = quality_cell(&q);
        assert!(cell.starts_with("m00 = "), "{cell}");
        assert!(cell.contains("m07") && !cell.contains("m08"), "{cell}");
        assert!(cell.ends_with("and 12 more (in the raw rows)"), "{cell}");
        let few: std::collections::BTreeMap<String, f64> = [("l1".to_string(), 0.5)].into();
        assert_eq!(
            quality_cell(&few),
            format!("l1 = {}", format::significant(0.5))
        );
    }
}
