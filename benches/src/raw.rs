//! Raw results: one JSON object per line, schema [`SCHEMA`].
//!
//! Every measured (benchmark, implementation) pair becomes one [`Row`], including failed
//! and skipped ones (their `error` says why). Files live at
//! `reports/raw/<profile>/<family>.jsonl`.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::family::DatasetInfo;
use crate::load::LoadReading;
use crate::machine::Machine;
use crate::measure::Stats;

/// The schema version written into every row. A change of meaning gets a new version.
pub const SCHEMA: &str = "algobench-raw/1";

/// One measured (benchmark, implementation) pair.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Row {
    /// [`SCHEMA`].
    pub schema: String,
    /// The family.
    pub family: String,
    /// The benchmark's name within the family.
    pub benchmark: String,
    /// The benchmark's group.
    pub group: String,
    /// `oneshot` or `prebuilt`.
    pub model: String,
    /// The implementation.
    pub implementation: String,
    /// The suite profile (`quick`, `full`, or `tiny` for checks).
    pub profile: String,
    /// Parameters at this size.
    pub params: BTreeMap<String, toml::Value>,
    /// The input's identity (absent when it could not be prepared).
    pub dataset: Option<DatasetInfo>,
    /// Every timed sample, in nanoseconds.
    pub samples_ns: Vec<f64>,
    /// Statistics of the samples (absent when there are none).
    pub stats: Option<Stats>,
    /// Work units per run and their name, for throughput.
    pub work: Option<(f64, String)>,
    /// The answer the implementation gave.
    pub answer: Option<String>,
    /// The expected answer from the definition.
    pub expected: Option<String>,
    /// Quality metrics (approximate implementations).
    pub quality: BTreeMap<String, f64>,
    /// Facts about the run, such as a planner's choice.
    #[serde(default)]
    pub notes: BTreeMap<String, String>,
    /// Why this row has no valid measurement: a failure, a wrong answer, or a skip.
    pub error: Option<String>,
    /// The command that measured the row (empty in rows written before it was recorded).
    #[serde(default)]
    pub command: String,
    /// `git rev-parse HEAD` of the suite's checkout.
    pub commit: String,
    /// Whether the checkout had uncommitted changes outside `reports/`.
    pub dirty: bool,
    /// When the row was measured (UTC, RFC 3339).
    pub timestamp: String,
    /// The machine receipt.
    pub machine: Machine,
    /// The load average and CPU frequency at the benchmark's start and end (absent in rows
    /// written before it was recorded, or where `/proc/loadavg` is not readable).
    #[serde(default)]
    pub load: Option<LoadReading>,
    /// Wall time of the whole benchmark this row belongs to, in seconds: preparing its input,
    /// warming up and sampling every implementation (the same on each of its rows; absent in
    /// rows written before it was recorded). The next run's time estimate reads it.
    #[serde(default)]
    pub bench_wall_s: Option<f64>,
}

impl Row {
    /// A row with no measurement and this machine's receipt, for building rows by hand
    /// (tests, tools that inject readings).
    pub fn blank(family: &str, benchmark: &str, group: &str, implementation: &str) -> Row {
        Row {
            schema: SCHEMA.into(),
            family: family.into(),
            benchmark: benchmark.into(),
            group: group.into(),
            model: "oneshot".into(),
            implementation: implementation.into(),
            profile: "quick".into(),
            params: Default::default(),
            dataset: None,
            samples_ns: vec![],
            stats: None,
            work: None,
            answer: None,
            expected: None,
            quality: Default::default(),
            notes: Default::default(),
            error: None,
            command: String::new(),
            commit: "c".into(),
            dirty: false,
            timestamp: "t".into(),
            machine: Machine::detect(),
            load: None,
            bench_wall_s: None,
        }
    }

    /// Whether this row holds a valid measurement.
    pub fn ok(&self) -> bool {
        self.error.is_none() && self.stats.is_some()
    }

    /// Whether this row ran while the machine was busy (see [`crate::load::busy`]).
    pub fn loaded(&self) -> bool {
        self.load
            .is_some_and(|l| crate::load::busy(l.peak(), self.machine.cores))
    }

    /// Whether this row was skipped (as opposed to failed).
    pub fn skipped(&self) -> bool {
        self.error
            .as_deref()
            .is_some_and(|e| e.starts_with("skipped"))
    }
}

/// The raw-results folder for a profile.
pub fn dir(reports: &Path, profile: &str) -> PathBuf {
    reports.join("raw").join(profile)
}

/// Reads a JSON-lines file; a missing file is an empty list.
///
/// # Errors
/// A message naming the file and line when a row does not parse.
pub fn read(path: &Path) -> Result<Vec<Row>, String> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(format!("{}: {e}", path.display())),
    };
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            serde_json::from_str(l).map_err(|e| format!("{}:{}: {e}", path.display(), i + 1))
        })
        .collect()
}

/// Writes rows as JSON lines, replacing the file.
///
/// # Errors
/// A message naming the file.
pub fn write(path: &Path, rows: &[Row]) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    let mut out = Vec::new();
    for row in rows {
        serde_json::to_writer(&mut out, row).map_err(|e| e.to_string())?;
        out.push(b'\n');
    }
    std::fs::File::create(path)
        .and_then(|mut f| f.write_all(&out))
        .map_err(|e| format!("{}: {e}", path.display()))
}

/// Replaces the rows of `old` that `new` measures again (same benchmark and implementation)
/// in place, keeps the rest, and appends rows that are new, in their own order.
pub fn merge(old: Vec<Row>, new: Vec<Row>) -> Vec<Row> {
    let key = |r: &Row| (r.benchmark.clone(), r.implementation.clone());
    let mut fresh: Vec<Option<Row>> = new.into_iter().map(Some).collect();
    let index: std::collections::BTreeMap<_, usize> = fresh
        .iter()
        .enumerate()
        .filter_map(|(i, r)| Some((key(r.as_ref()?), i)))
        .collect();
    let mut rows: Vec<Row> = old
        .into_iter()
        .map(|r| {
            index
                .get(&key(&r))
                .and_then(|&i| fresh[i].take())
                .unwrap_or(r)
        })
        .collect();
    rows.extend(fresh.into_iter().flatten());
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(bench: &str, imp: &str, answer: &str) -> Row {
        Row {
            answer: Some(answer.into()),
            ..Row::blank("f", bench, "g", imp)
        }
    }

    #[test]
    fn merge_replaces_in_place_and_keeps_order() {
        let old = vec![row("b", "x", "old"), row("a", "x", "old")];
        let new = vec![
            row("z", "x", "new"),
            row("a", "x", "new"),
            row("c", "x", "new"),
        ];
        let merged: Vec<(String, String)> = merge(old, new)
            .into_iter()
            .map(|r| (r.benchmark, r.answer.unwrap_or_default()))
            .collect();
        let expect = [("b", "old"), ("a", "new"), ("z", "new"), ("c", "new")];
        let expect: Vec<(String, String)> = expect
            .iter()
            .map(|(b, a)| (b.to_string(), a.to_string()))
            .collect();
        assert_eq!(merged, expect);
    }
}
