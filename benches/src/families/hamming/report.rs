//! The Hamming family's report sections: the targets, the planner's regret and the
//! peers.

use std::fmt::Write as _;

use super::case;
use crate::raw::Row;
use crate::report::format;

fn median(rows: &[Row], bench: &str, implementation: &str) -> Option<f64> {
    rows.iter()
        .find(|r| r.benchmark == bench && r.implementation == implementation && r.ok())
        .and_then(|r| r.stats.map(|s| s.median_ns))
}

/// The targets of the Hamming issue, each judged from this run's rows. `auto` (what
/// `hamming::hamming_all` gives a user) is the implementation judged.
pub fn targets(rows: &[Row]) -> String {
    let mut md = String::new();
    if rows.is_empty() {
        return md;
    }
    let _ = writeln!(
        md,
        "## Targets
"
    );
    let _ = writeln!(
        md,
        "Judged on `auto` (the planner's choice, what `hamming::hamming_all` gives a user), \
         single thread, n = 2^20, from this run. Targets were set for a 2-core AMD EPYC Zen 4.\n"
    );
    let _ = writeln!(
        md,
        "| case | target | measured | verdict |\n|---|---|---|---|"
    );
    let limits: [(&str, &str, f64); 4] = [
        ("DNA, m = 2^10", "dna/m=1024", 4e6),
        ("DNA, m = 2^16", "dna/m=65536", 30e6),
        (
            "u32 uniform over 2^16 values, m = 2^10",
            "u16-uniform/m=1024",
            1.5e6,
        ),
        (
            "fortunes-zh code points, m = 2^10",
            "fortunes-zh/m=1024",
            8e6,
        ),
    ];
    for (label, bench, limit) in limits {
        let (measured, verdict) = match median(rows, bench, "auto") {
            Some(ns) if ns <= limit => (format::duration(ns), "met".to_string()),
            Some(ns) => (
                format::duration(ns),
                format!("**missed** by {:.2}×", ns / limit),
            ),
            None => ("not measured".into(), "see failed and skipped rows".into()),
        };
        let _ = writeln!(
            md,
            "| {label} | ≤ {} | {measured} | {verdict} |",
            format::duration(limit)
        );
    }
    if let (Some(ours), Some(peer)) = (
        median(rows, "dna/m=1024", "auto"),
        median(rows, "dna/m=1024", "triple_accel"),
    ) {
        let ratio = peer / ours;
        let verdict = if ratio >= 8.0 {
            "met".into()
        } else {
            format!("**missed** ({ratio:.1}×)")
        };
        let _ = writeln!(
            md,
            "| DNA, m = 2^10, against triple_accel | ≥ 8× faster | {ratio:.1}× | {verdict} |"
        );
    }
    let autos: Vec<f64> = rows
        .iter()
        .filter(|r| r.implementation == "auto" && r.ok())
        .filter_map(|r| Some(r.stats?.median_ns / best_own(rows, &r.benchmark)?.0))
        .collect();
    if !autos.is_empty() {
        let worst = autos.iter().copied().fold(0.0, f64::max);
        let over = autos.iter().filter(|&&r| r > 1.25).count();
        let verdict = if over == 0 {
            "met".into()
        } else {
            format!("**missed** on {over} of {}", autos.len())
        };
        let _ = writeln!(
            md,
            "| every definition: planner within 1.25× of the best algorithm | ≤ 1.25× | worst {worst:.2}× | {verdict} |"
        );
    }
    md.push('\n');
    md
}

/// The fastest of the crate's own exact algorithms on a benchmark: (median ns, name).
fn best_own<'a>(rows: &'a [Row], bench: &str) -> Option<(f64, &'a str)> {
    rows.iter()
        .filter(|r| {
            r.benchmark == bench
                && r.ok()
                && r.implementation != "auto"
                && !case::PEERS.contains(&r.implementation.as_str())
                && !matches!(r.implementation.as_str(), "karloff" | "hash-max")
        })
        .filter_map(|r| Some((r.stats?.median_ns, r.implementation.as_str())))
        .min_by(|x, y| x.0.total_cmp(&y.0))
}

/// The peers against the crate: for each benchmark a peer ran, its time and the ratio to
/// `auto`.
pub fn peers(rows: &[Row]) -> String {
    let mut md = String::new();
    let peer_rows: Vec<&Row> = rows
        .iter()
        .filter(|r| case::PEERS.contains(&r.implementation.as_str()))
        .collect();
    if peer_rows.is_empty() {
        return md;
    }
    let _ = writeln!(
        md,
        "## Peers
"
    );
    let _ = writeln!(
        md,
        "| benchmark | peer | peer time | `auto` time | peer / `auto` |\n|---|---|---|---|---|"
    );
    for r in peer_rows {
        let ours = median(rows, &r.benchmark, "auto");
        let line = match (r.stats, ours) {
            (Some(s), Some(a)) if r.ok() => format!(
                "{} | {} | {:.1}×",
                format::duration(s.median_ns),
                format::duration(a),
                s.median_ns / a
            ),
            _ => format!("{} | – | –", r.error.as_deref().unwrap_or("no result")),
        };
        let _ = writeln!(md, "| {} | {} | {line} |", r.benchmark, r.implementation);
    }
    md.push('\n');
    md
}

/// The planner's regret: the time of `auto` against the best implementation of the crate
/// measured in the same run (peers excluded).
pub fn planner_regret(rows: &[Row]) -> String {
    let mut md = String::new();
    let autos: Vec<&Row> = rows
        .iter()
        .filter(|r| r.implementation == "auto" && r.ok())
        .collect();
    if autos.is_empty() {
        return md;
    }
    let _ = writeln!(md, "## Planner regret\n");
    let _ = writeln!(
        md,
        "`auto` is `hamming::hamming_all`, which lets the planner choose. Regret = its median over the best median of the crate's own algorithms in the same run (peers excluded); the target is at most 1.25×.\n"
    );
    let _ = writeln!(
        md,
        "| benchmark | planner chose | best algorithm | regret |\n|---|---|---|---|"
    );
    for a in autos {
        let best = best_own(rows, &a.benchmark);
        let (Some(stats), Some((best_ns, best_name))) = (a.stats, best) else {
            continue;
        };
        let regret = stats.median_ns / best_ns;
        let mark = if regret > 1.25 { " (over target)" } else { "" };
        let _ = writeln!(
            md,
            "| {} | {} | {} ({}) | {}×{mark} |",
            a.benchmark,
            a.notes.get("planner choice").map_or("?", String::as_str),
            best_name,
            format::duration(best_ns),
            format::significant(regret)
        );
    }
    md.push('\n');
    md
}

/// What is and is not CJVX (Chan, Jin, Vassilevska Williams and Xu, FOCS 2023): the same
/// paragraph as the crate docs, printed with every report.
pub fn cjvx() -> String {
    "## What is and is not CJVX\n\n\
     Chan, Jin, Vassilevska Williams and Xu (\"Faster algorithms for text-to-pattern Hamming \
     distances\", FOCS 2023, arXiv 2310.13174) compute exact text-to-pattern Hamming distances \
     in randomized O(n·√m) time, and k-bounded ones in O(n + n·k/√m). Their gain over \
     Abrahamson's O(n·√(m log m)) comes from the symbols whose pattern frequency lies between \
     about √m and √m·log m, where Abrahamson must choose between counting (too many light \
     increments) and one FFT per symbol (too many transforms). **None of the paper's \
     algorithms is implemented here**: its body (position hashing modulo a random prime, the \
     X+Y lemma, the recursion) was not available. What this crate has in its direction: \
     `hashing` (light symbols hashed into seeded buckets, one FFT per bucket, exact collision \
     correction; Las Vegas) and `bitpacked-fft` (several symbols as digits of one f64 FFT, \
     within a derived exactness limit), neither with the paper's guarantee. The k-bounded \
     `kbounded-kangaroo` is Landau–Vishkin's O(n·k), not CJVX's O(n + n·k/√m). The middle \
     band is not yet measured by operation counts.\n\n"
        .to_string()
}

/// Abrahamson's operations per `n·√m` against log2 m on the middle-band inputs (pattern
/// symbols each about √(m·log2 m) times), with wall time: CJVX's claimed gain is the removal
/// of the √(log m) factor this column would show growing.
pub fn middle_band(rows: &[Row]) -> String {
    let mut points: Vec<(f64, f64, f64)> = rows
        .iter()
        .filter(|r| r.group == "middle-band" && r.implementation == "abrahamson" && r.ok())
        .filter_map(|r| {
            let m = crate::definitions::param_u64(&r.params, "m").ok()? as f64;
            let ops: f64 = r.notes.get(super::outputs::OPS_NOTE)?.parse().ok()?;
            Some((m.log2(), ops, r.stats.as_ref()?.median_ns))
        })
        .collect();
    if points.is_empty() {
        return String::new();
    }
    points.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut md = String::from(
        "## The middle band: operations per n·√m\n\n\
         Abrahamson on patterns whose symbols each occur about √(m·log2 m) times (text uniform \
         over the same symbols): light increments plus FFT butterflies ((N/2)·log2 N per \
         transform), divided by n·√m, from the method's own report. A method in O(n√m) keeps \
         this column flat; Abrahamson's O(n√(m log m)) lets it grow like √(log m). No \
         middle-frequency tier is implemented yet, so there is no second column.\n\n\
         | log2 m | operations / (n·√m) | wall time |\n|---|---|---|\n",
    );
    for (lg, ops, ns) in points {
        let _ = writeln!(md, "| {lg:.0} | {ops:.2} | {} |", format::duration(ns));
    }
    md.push('\n');
    md
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::measure::Stats;

    #[test]
    fn middle_band_table_lists_operations_by_log2_m() {
        let mut rows = Vec::new();
        for (m, ops) in [(1024i64, "1.29"), (256, "1.38")] {
            let mut r = Row::blank("hamming", "middle-band", "middle-band", "abrahamson");
            r.params.insert("m".into(), toml::Value::Integer(m));
            r.notes
                .insert(super::super::outputs::OPS_NOTE.into(), ops.into());
            r.stats = Some(Stats {
                median_ns: 1e6,
                mad_ns: 0.0,
                min_ns: 1e6,
                max_ns: 1e6,
            });
            rows.push(r);
        }
        let md = middle_band(&rows);
        let eight = md.find("| 8 | 1.38 |").expect(&md);
        let ten = md.find("| 10 | 1.29 |").expect(&md);
        assert!(eight < ten, "sorted by m: {md}");
        assert!(middle_band(&[]).is_empty());
    }
}
