//! Skipped rows, collapsed: one line per reason, with the count, the benchmarks it covers and
//! the command that runs them, instead of one line per row.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::raw::Row;

/// The reason of a skipped row, without the `skipped: ` prefix.
fn reason(row: &Row) -> &str {
    let e = row.error.as_deref().unwrap_or_default();
    e.strip_prefix("skipped: ")
        .or_else(|| e.strip_prefix("skipped"))
        .unwrap_or(e)
        .trim()
}

/// (reason, rows, distinct benchmarks in order of first appearance), most rows first.
pub fn collapse(rows: &[Row]) -> Vec<(String, usize, Vec<String>)> {
    let mut by: BTreeMap<&str, (usize, Vec<String>)> = BTreeMap::new();
    let mut order: Vec<&str> = Vec::new();
    for r in rows.iter().filter(|r| r.skipped()) {
        let why = reason(r);
        let e = by.entry(why).or_insert_with(|| {
            order.push(why);
            (0, Vec::new())
        });
        e.0 += 1;
        if !e.1.contains(&r.benchmark) {
            e.1.push(r.benchmark.clone());
        }
    }
    let mut out: Vec<(String, usize, Vec<String>)> = order
        .into_iter()
        .map(|why| {
            let (n, benches) = by.remove(why).unwrap_or_default();
            (why.to_string(), n, benches)
        })
        .collect();
    out.sort_by_key(|g| std::cmp::Reverse(g.1));
    out
}

/// The page's "Skipped" section (empty when nothing was skipped).
pub fn section(rows: &[Row], family: &str, profile: &str) -> String {
    let groups = collapse(rows);
    if groups.is_empty() {
        return String::new();
    }
    let total: usize = groups.iter().map(|g| g.1).sum();
    let mut md = format!("## Skipped ({total} rows)\n\n");
    for (why, n, benches) in groups {
        const SHOWN: usize = 6;
        let mut list = benches
            .iter()
            .take(SHOWN)
            .map(|b| format!("`{b}`"))
            .collect::<Vec<_>>()
            .join(", ");
        if benches.len() > SHOWN {
            let _ = write!(list, " and {} more", benches.len() - SHOWN);
        }
        // A reason with its own command keeps it; a row not applicable at this size gets
        // none, since running it again would skip it again.
        let fix = if why.contains("cargo suite") || why.starts_with("not applicable") {
            String::new()
        } else {
            format!(" — `cargo suite run --profile {profile} {family}/`")
        };
        let _ = writeln!(
            md,
            "- **{n} row{}**: {why}{fix} ({list})",
            if n == 1 { "" } else { "s" }
        );
    }
    md.push('\n');
    md
}
