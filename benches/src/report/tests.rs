//! Page rendering: group kinds decide the tables, loaded rows are flagged, skipped rows
//! collapse per reason.

use std::path::Path;

use super::*;
use crate::definitions::parse;
use crate::load::LoadReading;
use crate::measure::Stats;

const DEFS: &str = r#"
family = "hamming"

[[group]]
name = "speed"
kind = "race"

[[group]]
name = "alone"
kind = "race"

[[group]]
name = "trade"
kind = "frontier"
levels = [{ metric = "l1", at_most = 1e-3 }]

[[group]]
name = "outcomes"
kind = "study"

[[bench]]
name = "speed/a"
group = "speed"
dataset = "x"
impls = ["fast", "slow"]

[[bench]]
name = "alone/a"
group = "alone"
dataset = "x"
impls = ["only"]

[[bench]]
name = "trade/a"
group = "trade"
dataset = "x"
impls = ["exact", "rough", "cheap"]

[[bench]]
name = "outcomes/a"
group = "outcomes"
dataset = "x"
impls = ["diverged", "trained"]
"#;

fn timed(bench: &str, group: &str, imp: &str, median_ns: f64) -> Row {
    Row {
        samples_ns: vec![median_ns],
        stats: Some(Stats {
            median_ns,
            mad_ns: 0.0,
            min_ns: median_ns,
            max_ns: median_ns,
        }),
        answer: Some("a".into()),
        ..Row::blank("hamming", bench, group, imp)
    }
}

fn with_quality(mut r: Row, metric: &str, v: f64) -> Row {
    r.quality.insert(metric.into(), v);
    r
}

fn rows() -> Vec<Row> {
    vec![
        timed("speed/a", "speed", "fast", 1e6),
        timed("speed/a", "speed", "slow", 3e6),
        timed("alone/a", "alone", "only", 2e6),
        with_quality(timed("trade/a", "trade", "exact", 5e6), "l1", 1e-12),
        with_quality(timed("trade/a", "trade", "rough", 2e6), "l1", 5e-4),
        with_quality(timed("trade/a", "trade", "cheap", 1e5), "l1", 0.7),
        timed("outcomes/a", "outcomes", "diverged", 1e3),
        timed("outcomes/a", "outcomes", "trained", 9e9),
    ]
}

fn page(rows: &[Row]) -> String {
    let defs = parse(DEFS, Path::new("t.toml")).expect("parses");
    let family = crate::families::all()
        .into_iter()
        .find(|f| f.name() == "hamming")
        .unwrap();
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "algobench-page-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    write_family(&dir, family, &defs, rows, "quick", "test").unwrap();
    let md = std::fs::read_to_string(dir.join("hamming.md")).unwrap();
    std::fs::remove_dir_all(&dir).ok();
    md
}

fn section<'a>(md: &'a str, heading: &str) -> &'a str {
    let start = md
        .find(heading)
        .unwrap_or_else(|| panic!("{heading} missing"));
    let rest = &md[start + heading.len()..];
    &rest[..rest.find("\n## ").unwrap_or(rest.len())]
}

#[test]
fn claims_come_first() {
    let md = page(&rows());
    let claims = md.find("## The paper's claims, checked").unwrap();
    assert!(claims < md.find("## Run").unwrap());
    assert!(claims < md.find("## Group").unwrap());
}

#[test]
fn only_races_with_two_implementations_are_ranked() {
    let md = page(&rows());
    let summary = section(&md, "## Races: summary");
    assert!(
        summary.contains("| speed | fast | 1.00× | 1 |"),
        "{summary}"
    );
    assert!(
        summary.contains("| speed | slow | 3.00× | 1 |"),
        "{summary}"
    );
    for absent in ["alone", "trade", "outcomes"] {
        assert!(!summary.contains(absent), "{absent} ranked: {summary}");
    }
    // A lone implementation shows no vacuous 1.00×.
    let alone = section(&md, "## Group `alone` (race)");
    assert!(!alone.contains("1.00×"), "{alone}");
    // A study shows outcomes and its sample count, never a ratio.
    let study = section(&md, "## Group `outcomes` (study)");
    assert!(!study.contains('×'), "{study}");
    assert!(study.contains("1 (single run)"), "{study}");
}

#[test]
fn frontiers_rank_only_rows_that_reach_the_level() {
    let md = page(&rows());
    let trade = section(&md, "## Group `trade` (frontier)");
    assert!(trade.contains("At l1 ≤ 0.001"), "{trade}");
    // `cheap` is fastest but misses the level: it is not ranked; `rough` wins it.
    assert!(trade.contains("| trade/a | 1 | rough |"), "{trade}");
    assert!(trade.contains("| trade/a | 2 | exact |"), "{trade}");
    let ranking = &trade[..trade.find("<details>").unwrap()];
    assert!(!ranking.contains("cheap"), "{ranking}");
}

#[test]
fn undeclared_groups_and_levels_outside_frontiers_are_rejected() {
    let undeclared = DEFS.replace("[[group]]\nname = \"alone\"\nkind = \"race\"\n", "");
    let e = parse(&undeclared, Path::new("t.toml")).unwrap_err();
    assert!(e.contains("`alone`") && e.contains("no [[group]]"), "{e}");
    let bad = DEFS.replace(
        "name = \"alone\"\nkind = \"race\"",
        "name = \"alone\"\nkind = \"race\"\nlevels = [{ metric = \"l1\", at_most = 1.0 }]",
    );
    assert!(parse(&bad, Path::new("t.toml")).is_err());
    let bare = DEFS.replace("levels = [{ metric = \"l1\", at_most = 1e-3 }]\n", "");
    assert!(
        parse(&bare, Path::new("t.toml"))
            .unwrap_err()
            .contains("frontier")
    );
}

#[test]
fn a_page_measured_under_load_says_so_at_the_top_and_marks_the_rows() {
    let quiet = page(&rows());
    assert!(!quiet.contains("busy machine"));
    let mut loaded = rows();
    let cores = loaded[0].machine.cores;
    let busy_load = (cores as f64).max(2.0) + 0.5;
    loaded[1].load = Some(LoadReading {
        start_1m: 0.3,
        end_1m: busy_load,
        start_mhz: None,
        end_mhz: None,
    });
    let md = page(&loaded);
    let warning = md.find("Measured on a busy machine").expect("warning");
    assert!(warning < md.find("## The paper's claims, checked").unwrap());
    assert!(md.contains("1 of 8 rows"), "{md}");
    assert!(
        md.contains("| ⚠ speed/a |"),
        "the loaded benchmark is marked: {md}"
    );
    assert!(!md.contains("⚠ alone/a"));
}

#[test]
fn rows_from_two_cpu_models_are_flagged() {
    let mut r = rows();
    r[0].machine.cpu_id = "family 25 model 17 stepping 1".into();
    r[1].machine.cpu_id = "family 26 model 2 stepping 0".into();
    assert!(warnings(&r).contains("Rows from different CPUs"));
    assert!(warnings(&rows()).is_empty());
}

#[test]
fn skipped_rows_collapse_to_one_line_per_reason() {
    let mut r = rows();
    for i in 0..76 {
        let mut s = Row::blank("hamming", &format!("full/{i}"), "speed", "fast");
        s.error = Some("skipped: full profile only (rmat17, Enron, cond-mat)".into());
        r.push(s);
    }
    let mut peer = Row::blank("hamming", "speed/a", "speed", "numpy");
    peer.error = Some("skipped: peer not installed: run `cargo suite fetch`".into());
    r.push(peer);
    let mut misfit = Row::blank("hamming", "speed/b", "speed", "tiled");
    misfit.error = Some("skipped: not applicable at this size: a tile of 256 > 85 slots".into());
    r.push(misfit);
    let md = page(&r);
    let skipped = section(&md, "## Skipped (78 rows)");
    let lines: Vec<&str> = skipped.lines().filter(|l| l.starts_with("- ")).collect();
    assert_eq!(lines.len(), 3, "{skipped}");
    assert!(
        lines[0].starts_with("- **76 rows**: full profile only"),
        "{}",
        lines[0]
    );
    assert!(lines[0].contains("cargo suite run --profile quick hamming/"));
    assert!(lines[0].contains("and 70 more"), "{}", lines[0]);
    assert!(lines[1].starts_with("- **1 row**: peer not installed"));
    assert!(
        !lines[1].contains("cargo suite run"),
        "its own command is kept"
    );
    // Not applicable at this size: no command, since running it again would skip it again.
    assert!(
        lines[2].starts_with("- **1 row**: not applicable"),
        "{}",
        lines[2]
    );
    assert!(!lines[2].contains("cargo suite run"), "{}", lines[2]);
}

#[test]
fn a_page_names_the_commands_that_measured_its_rows_not_the_one_that_rebuilt_it() {
    let mut a = Row::blank("f", "b", "g", "x");
    a.command = "cargo suite run --profile full f/".into();
    let mut b = Row::blank("f", "b", "g", "y");
    b.command = "cargo suite run --profile full".into();
    let old = Row::blank("f", "c", "g", "x");
    let line = super::measured_by(&[a.clone(), b, a.clone()]);
    assert_eq!(
        line,
        "`cargo suite run --profile full`, `cargo suite run --profile full f/`"
    );
    let mixed = super::measured_by(&[a, old]);
    assert!(mixed.starts_with("`cargo suite run --profile full f/`, 1 row from before"));
}
