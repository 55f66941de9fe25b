//! The facility-location report sections that follow the claims (rendered first by the
//! runner from [`super::claims`]): the mechanism × property table, the lower bounds per
//! axiom, extremal profiles, ρ_SW against n, and certification throughput.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use super::case::table;
use crate::raw::Row;
use crate::report::{format, plot};

/// Closed forms of the worst-case ratios (the crate README's table), as text, per mechanism:
/// (ρ_SW, ρ_TC).
const CLOSED_FORMS: [(&str, &str, &str); 8] = [
    ("median", "1", "1"),
    ("leftmost", "n−1", "n−1"),
    ("uniform-phantom", "max_k kn/(k²+(n−k)²)", "n−1"),
    ("endpoint-phantoms", "n(n−1)/(n²−2n+2)", "n−1"),
    ("clamped-median", "n/(n−1)", "∞"),
    ("half-phantoms", "2 − 2/n", "n−1"),
    ("average", "max_k kn/(k²+(n−k)²)", "2 − 2/n"),
    ("midpoint", "2 − 2/n", "n/2"),
];

fn parse_pairs(answer: &str) -> BTreeMap<String, (String, String)> {
    answer
        .split(';')
        .filter_map(|part| {
            let (name, values) = part.split_once('=')?;
            let (sw, tc) = values.split_once(',')?;
            Some((name.to_string(), (sw.to_string(), tc.to_string())))
        })
        .collect()
}

fn value(v: &str) -> Option<f64> {
    match v.split_once('/') {
        Some((a, b)) => Some(a.parse::<f64>().ok()? / b.parse::<f64>().ok()?),
        None => v.parse().ok(),
    }
}

fn n_of(r: &Row) -> Option<i64> {
    r.params.get("n").and_then(toml::Value::as_integer)
}

/// Every section, in order.
pub fn sections(rows: &[Row], reports: &Path) -> String {
    if rows.is_empty() {
        return String::new();
    }
    let mut md = String::new();
    md.push_str(&approximation_table(rows));
    md.push_str(&families_and_equilibria(rows));
    md.push_str(&property_table(rows));
    md.push_str(&lower_bounds(rows));
    md.push_str(&ratio_plot(rows, reports));
    md.push_str(&throughput(rows));
    md
}

fn property_table(rows: &[Row]) -> String {
    let mut md = String::from("## Mechanisms × properties\n\n");
    let ratio_rows: Vec<&Row> = rows
        .iter()
        .filter(|r| r.benchmark.starts_with("ratios/") && r.ok())
        .collect();
    let largest = ratio_rows.iter().max_by_key(|r| n_of(r));
    let n_max = largest.and_then(|r| n_of(r)).unwrap_or_default();
    let measured = largest
        .map(|r| parse_pairs(r.answer.as_deref().unwrap_or_default()))
        .unwrap_or_default();
    let _ = writeln!(
        md,
        "Axioms and strategyproofness certified exactly on every sorted profile of the grid named in each \
         benchmark (✓ = no violation on any visited profile; SP ✓ is a certificate for phantom rules, ✗ comes \
         with a counterexample). ρ_SW and ρ_TC: the closed forms, which the ratio searches reproduce \
         exactly at every n they ran (the expected answers of `ratios/n=*`), with the value found at n = {n_max}.\n"
    );
    let _ = writeln!(
        md,
        "| mechanism | SP | IFS | UFS | Prop | PF | ρ_SW | ρ_TC | ρ_SW at n = {n_max} | ρ_TC at n = {n_max} |\n|---|---|---|---|---|---|---|---|---|---|"
    );
    for (name, sw_form, tc_form) in CLOSED_FORMS {
        let certify = rows
            .iter()
            .find(|r| r.benchmark.starts_with(&format!("certify/{name}/")) && r.ok());
        let cells: Vec<String> = match certify.and_then(|r| r.answer.as_deref()) {
            Some(a) => {
                let kv: BTreeMap<&str, &str> =
                    a.split(';').filter_map(|p| p.split_once('=')).collect();
                let mark = |k: &str| {
                    if kv.get(k) == Some(&"1") {
                        "✓"
                    } else {
                        "✗"
                    }
                };
                let sp = match kv.get("sp") {
                    Some(&"certified") => "✓",
                    Some(&"refuted") => "✗",
                    _ => "?",
                };
                vec![
                    sp.into(),
                    mark("ifs").into(),
                    mark("ufs").into(),
                    mark("prop").into(),
                    mark("pf").into(),
                ]
            }
            None => vec!["–".into(); 5],
        };
        let (sw, tc) = measured.get(name).cloned().unwrap_or_default();
        let _ = writeln!(
            md,
            "| {name} | {} | {sw_form} | {tc_form} | {sw} | {tc} |",
            cells.join(" | ")
        );
    }
    md.push('\n');
    let examples: Vec<&Row> = rows
        .iter()
        .filter(|r| r.notes.contains_key("counterexample"))
        .collect();
    if !examples.is_empty() {
        let _ = writeln!(
            md,
            "Strategyproofness counterexamples found by the refuter:\n"
        );
        for r in examples {
            let _ = writeln!(md, "- `{}`: {}", r.benchmark, r.notes["counterexample"]);
        }
        md.push('\n');
    }
    if let Some(r) = largest {
        let _ = writeln!(
            md,
            "Extremal profiles at n = {n_max} (the first profile attaining each worst case):\n"
        );
        let _ = writeln!(
            md,
            "| mechanism | ρ_SW attained at | ρ_TC attained at |\n|---|---|---|"
        );
        for m in table() {
            let get = |k: &str| {
                r.notes
                    .get(&format!("{} {k} argmax", m.name()))
                    .cloned()
                    .unwrap_or_default()
            };
            let _ = writeln!(md, "| {} | `{}` | `{}` |", m.name(), get("sw"), get("tc"));
        }
        md.push('\n');
    }
    md
}

fn lower_bounds(rows: &[Row]) -> String {
    let mut md = String::new();
    let bounds: Vec<&Row> = rows
        .iter()
        .filter(|r| r.benchmark.starts_with("lower-bounds/") && r.ok())
        .collect();
    if bounds.is_empty() {
        return md;
    }
    let _ = writeln!(md, "## Lower bounds per axiom\n");
    let _ = writeln!(
        md,
        "The best worst case any mechanism satisfying the axiom can have, SP or not (the median interval projected onto the axiom's feasible interval, worst case over the profile set), as ρ_SW, ρ_TC:\n"
    );
    let _ = writeln!(
        md,
        "| n | IFS | UFS | Proportionality | PF |\n|---|---|---|---|---|"
    );
    for r in bounds {
        let p = parse_pairs(r.answer.as_deref().unwrap_or_default());
        let cell = |k: &str| {
            p.get(k)
                .map(|(s, t)| format!("{s}, {t}"))
                .unwrap_or_default()
        };
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {} |",
            n_of(r).unwrap_or_default(),
            cell("ifs"),
            cell("ufs"),
            cell("proportionality"),
            cell("pf")
        );
    }
    md.push('\n');
    md
}

fn ratio_plot(rows: &[Row], reports: &Path) -> String {
    let mut points: BTreeMap<String, Vec<(f64, f64)>> = BTreeMap::new();
    for r in rows
        .iter()
        .filter(|r| r.benchmark.starts_with("ratios/") && r.ok())
    {
        let Some(n) = n_of(r) else { continue };
        for (name, (sw, _)) in parse_pairs(r.answer.as_deref().unwrap_or_default()) {
            if let Some(v) = value(&sw) {
                points.entry(name).or_default().push((n as f64, v));
            }
        }
    }
    let mut series: Vec<plot::Series> = table()
        .filter_map(|m| {
            let mut pts = points.remove(m.name())?;
            pts.sort_by(|a, b| a.0.total_cmp(&b.0));
            // leftmost grows like n − 1 and would flatten every other line.
            (m.name() != "leftmost").then(|| plot::Series {
                label: m.name().into(),
                points: pts,
            })
        })
        .collect();
    series.retain(|s| s.points.len() >= 2);
    let file = "facility-location-rho-sw.svg";
    match plot::values_against(
        &reports.join(file),
        "worst-case welfare ratio ρ_SW",
        "n (agents)",
        "ρ_SW = SW(opt)/SW(f)",
        &series,
    ) {
        Ok(()) => format!(
            "## ρ_SW against n\n\n![ρ_SW against n per mechanism]({file})\n\n(leftmost, ρ_SW = n − 1, is left out of the plot.)\n\n"
        ),
        Err(_) => String::new(),
    }
}

fn throughput(rows: &[Row]) -> String {
    let mut md = String::from(
        "## Certification throughput\n\n| benchmark | profiles | mechanism evaluations | median time | evaluations/s |\n|---|---|---|---|---|\n",
    );
    for r in rows
        .iter()
        .filter(|r| r.benchmark.starts_with("certify/") && r.ok())
    {
        let (Some(s), Some(evals)) = (
            r.stats,
            r.notes
                .get("evaluations")
                .and_then(|e| e.parse::<f64>().ok()),
        ) else {
            continue;
        };
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {} |",
            r.benchmark,
            r.notes.get("profiles").cloned().unwrap_or_default(),
            evals,
            format::duration(s.median_ns),
            format::rate(evals / (s.median_ns * 1e-9), "evals")
        );
    }
    md.push('\n');
    let _ = writeln!(
        md,
        "Targets (single thread): exhaustive SP verification for n = 6 on the 1/24 grid in under 10 s (`certify/uniform-phantom/n=6-grid24`); Uniform Phantom at n = 1,000 on rationals ≥ 10^5 evaluations/s and at n = 10 on f64 ≥ 10^7 evaluations/s (`evaluate/*`, throughput column of the tables above).\n"
    );
    for (bench, imp, limit, kind) in [
        (
            "certify/uniform-phantom/n=6-grid24",
            "certify",
            10e9,
            "time",
        ),
        (
            "evaluate/uniform-phantom-rational/n=1000",
            "prepared",
            1e5,
            "rate",
        ),
        ("evaluate/uniform-phantom-f64/n=10", "f64", 1e7, "rate"),
    ] {
        let Some(r) = rows
            .iter()
            .find(|r| r.benchmark == bench && r.implementation == imp && r.ok())
        else {
            let _ = writeln!(md, "- `{bench}`: not measured in this run.");
            continue;
        };
        let s = r.stats.expect("ok rows have stats");
        let (shown, met) = if kind == "time" {
            (format::duration(s.median_ns), s.median_ns <= limit)
        } else {
            let w = r.work.as_ref().map_or(0.0, |w| w.0);
            let rate = w / (s.median_ns * 1e-9);
            (format::rate(rate, "evals"), rate >= limit)
        };
        let verdict = if met {
            "met".to_string()
        } else if kind == "time" {
            format!("**missed** by {:.2}×", s.median_ns / limit)
        } else {
            let w = r.work.as_ref().map_or(0.0, |w| w.0);
            format!("**missed** by {:.2}×", limit / (w / (s.median_ns * 1e-9)))
        };
        let _ = writeln!(md, "- `{bench}` [{imp}]: {shown}: {verdict}");
    }
    md.push('\n');
    md
}

fn text(f: facility_location::oracle::Fraction) -> String {
    facility_location::oracle::fraction_text(f)
}

/// `found (✓)` when the search value equals the closed form, `found (≠ form)` otherwise.
fn versus(found: Option<&String>, form: &str) -> String {
    match found {
        Some(v) if v == form => format!("{v} ✓"),
        Some(v) => format!("**{v}** (closed form {form})"),
        None => "–".into(),
    }
}

/// Worst-case ratios as functions of n, each search value set beside its closed form
/// (computed by `facility_location::oracle`, not by the search).
fn approximation_table(rows: &[Row]) -> String {
    let mut ratio_rows: Vec<&Row> = rows
        .iter()
        .filter(|r| r.benchmark.starts_with("ratios/") && r.answer.is_some() && !r.skipped())
        .collect();
    if ratio_rows.is_empty() {
        return String::new();
    }
    ratio_rows.sort_by_key(|r| n_of(r));
    let bounds: BTreeMap<i64, BTreeMap<String, (String, String)>> = rows
        .iter()
        .filter(|r| r.benchmark.starts_with("lower-bounds/") && r.answer.is_some())
        .filter_map(|r| Some((n_of(r)?, parse_pairs(r.answer.as_deref()?))))
        .collect();
    let mut md = String::from("## Approximation ratios as functions of n\n\n");
    md.push_str(
        "Worst-case ρ_SW = SW(opt)/SW(f) and ρ_TC = TC(f)/TC(opt) found by the exhaustive search \
         (every profile with at most three distinct locations on G_2n, plus every sorted profile \
         for n ≤ 5), each beside its closed form (✓: equal). A search value is an exact maximum \
         over the searched profiles, so it is a **lower bound** on the supremum over all \
         profiles; it is the **exact supremum** only where a proof bounds the supremum from \
         above: the median's ρ = 1 (it is optimal) and the average's ρ_TC = 2 − 2/n (proof in \
         the crate README). Best SP + IFS rule: endpoint phantoms, which meet the bound for \
         every IFS rule (the IFS column of the lower bounds, where that row ran); best SP + UFS \
         rule: Uniform Phantom, the only one.\n\n",
    );
    md.push_str(
        "| n | UP ρ_SW (max_k kn/(k²+(n−k)²)) | best SP+IFS ρ_SW (n(n−1)/(n²−2n+2)) | IFS bound | average ρ_SW | median ρ_SW | UP ρ_TC (n−1) | average ρ_TC (2−2/n) | UFS bound ρ_TC |\n\
         |---|---|---|---|---|---|---|---|---|\n",
    );
    for r in ratio_rows {
        let Some(n) = n_of(r) else { continue };
        let ni = i128::from(n);
        let p = parse_pairs(r.answer.as_deref().unwrap_or_default());
        let up_form = text(facility_location::oracle::up_welfare_ratio(ni));
        let ifs_form = text(facility_location::oracle::ifs_welfare_bound(ni));
        let tc_form = text(facility_location::oracle::two_minus_two_over_n(ni));
        let b = bounds.get(&n);
        let _ = writeln!(
            md,
            "| {n} | {} | {} | {} | {} | {} | {} | {} | {} |",
            versus(p.get("uniform-phantom").map(|v| &v.0), &up_form),
            versus(p.get("endpoint-phantoms").map(|v| &v.0), &ifs_form),
            versus(b.and_then(|b| b.get("ifs")).map(|v| &v.0), &ifs_form),
            versus(p.get("average").map(|v| &v.0), &up_form),
            versus(p.get("median").map(|v| &v.0), "1"),
            versus(p.get("uniform-phantom").map(|v| &v.1), &(n - 1).to_string()),
            versus(p.get("average").map(|v| &v.1), &tc_form),
            versus(b.and_then(|b| b.get("ufs")).map(|v| &v.1), &tc_form),
        );
    }
    md.push('\n');
    md
}

/// What the searches of the wider SP families and the equilibrium enumerations found.
fn families_and_equilibria(rows: &[Row]) -> String {
    let mut md = String::new();
    let fam: Vec<&Row> = rows
        .iter()
        .filter(|r| r.benchmark.starts_with("sp-families/") && r.answer.is_some())
        .collect();
    if !fam.is_empty() {
        md.push_str(
            "## Strategyproof families beyond phantom rules\n\n\
             Every rule of each family with constants on G_m, certified SP on every profile of \
             G_d^n (all orderings), then kept when it satisfies the condition on every one of \
             those profiles; survivors are grouped into distinct outcome functions on G_d^n. \
             `up`: exactly one function survives and it is Uniform Phantom's.\n\n\
             | benchmark | n | G_m | G_d | answer | UFS | PF | Prop + unanimity | IFS |\n\
             |---|---|---|---|---|---|---|---|---|\n",
        );
        for r in fam {
            let note = |k: &str| {
                r.notes
                    .get(&format!("{k} survivors"))
                    .cloned()
                    .unwrap_or_default()
            };
            let p = |k: &str| r.params.get(k).map(ToString::to_string).unwrap_or_default();
            let _ = writeln!(
                md,
                "| `{}` | {} | {} | {} | `{}` | {} | {} | {} | {} |",
                r.benchmark,
                p("n"),
                p("m"),
                p("grid"),
                r.answer.as_deref().unwrap_or_default(),
                note("ufs"),
                note("pf"),
                note("prop+unanimity"),
                note("ifs")
            );
        }
        md.push('\n');
    }
    let eq: Vec<&Row> = rows
        .iter()
        .filter(|r| r.benchmark.starts_with("equilibria/") && r.answer.is_some())
        .collect();
    if !eq.is_empty() {
        md.push_str(
            "## Pure equilibria of continuous, strictly monotone, UFS mechanisms\n\n\
             For every sorted true profile of G_d, every report profile of G_m^n is tested \
             exactly against every deviation in [0, 1]; each equilibrium's outcome is compared \
             with Uniform Phantom at the true locations (computed by the independent oracle).\n\n\
             | benchmark | mechanism | counts |\n|---|---|---|\n",
        );
        for r in eq {
            for (k, v) in r.notes.iter().filter(|(k, _)| k.ends_with(" counts")) {
                let _ = writeln!(
                    md,
                    "| `{}` | {} | {v} |",
                    r.benchmark,
                    k.trim_end_matches(" counts")
                );
            }
        }
        md.push('\n');
    }
    md
}
