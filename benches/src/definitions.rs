//! Benchmark definitions, read from `benches/definitions/<family>.toml`.
//!
//! A definitions file is data (rebar's model): which inputs, which implementations, and the
//! expected answer at every size. Each `[[bench]]` names a dataset, its parameters (a value,
//! or a table `{ tiny = …, quick = …, full = … }` when it depends on the size), the
//! implementations to run and the expected answer per size.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// The size a definition runs at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Size {
    /// One quick run per implementation, in `cargo test` and `cargo suite check`.
    Tiny,
    /// The published quick suite (`cargo suite`).
    Quick,
    /// The full-size runs (`cargo suite run --profile full`).
    Full,
}

impl Size {
    /// Every size.
    pub const ALL: [Size; 3] = [Size::Tiny, Size::Quick, Size::Full];

    /// The lowercase name used in definitions files and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Size::Tiny => "tiny",
            Size::Quick => "quick",
            Size::Full => "full",
        }
    }

    /// Parses [`Size::name`].
    pub fn from_name(name: &str) -> Option<Size> {
        Size::ALL.into_iter().find(|s| s.name() == name)
    }
}

impl fmt::Display for Size {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One definitions file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DefinitionFile {
    /// The family this file belongs to; must match a registered family.
    pub family: String,
    /// Prose printed above the family's report.
    #[serde(default)]
    pub analysis: String,
    /// The parameter on the x axis of each group's plot, if any.
    #[serde(default)]
    pub plot_x: Option<String>,
    /// What each group is: a speed race, an accuracy/time frontier or a study. Every group a
    /// bench names must be declared here.
    #[serde(default)]
    pub group: Vec<GroupDef>,
    /// The benchmarks.
    pub bench: Vec<Bench>,
    /// Where the file was read from.
    #[serde(skip)]
    pub path: PathBuf,
}

/// What a group of benchmarks measures, which decides how the report may rank it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum GroupKind {
    /// A speed race: every implementation gives the same (checked) answer, so time ratios and
    /// their geometric mean are meaningful.
    Race,
    /// An accuracy/time frontier: implementations trade accuracy for time, so they are ranked
    /// only by time at the group's stated accuracy levels.
    Frontier,
    /// A study or verification: its rows are outcomes (accuracies, ratios, verdicts), never
    /// ranked by time.
    Study,
}

impl GroupKind {
    /// The lowercase name used in definitions files and reports.
    pub fn name(self) -> &'static str {
        match self {
            GroupKind::Race => "race",
            GroupKind::Frontier => "frontier",
            GroupKind::Study => "study",
        }
    }
}

/// An accuracy level of a frontier group: rows whose quality metric `metric` is at most
/// `at_most` (or at least `at_least`) qualify, and the fastest qualifying row wins the level.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccuracyLevel {
    /// The quality metric's name, as rows record it.
    pub metric: String,
    /// The level for a metric where lower is better (an error).
    #[serde(default)]
    pub at_most: Option<f64>,
    /// The level for a metric where higher is better (a recall, a ratio).
    #[serde(default)]
    pub at_least: Option<f64>,
}

impl AccuracyLevel {
    /// Whether a metric value reaches this level.
    pub fn reached_by(&self, value: f64) -> bool {
        match (self.at_most, self.at_least) {
            (Some(hi), _) => value <= hi,
            (None, Some(lo)) => value >= lo,
            (None, None) => false,
        }
    }

    /// "l1 ≤ 0.001", for tables.
    pub fn describe(&self) -> String {
        match (self.at_most, self.at_least) {
            (Some(hi), _) => format!("{} ≤ {hi}", self.metric),
            (None, Some(lo)) => format!("{} ≥ {lo}", self.metric),
            (None, None) => self.metric.clone(),
        }
    }
}

/// The declaration of one group: `[[group]] name = "dna" kind = "race"`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupDef {
    /// The group's name, as benches give it.
    pub name: String,
    /// What the group measures.
    pub kind: GroupKind,
    /// For frontiers: the accuracy levels at which implementations are ranked by time.
    #[serde(default)]
    pub levels: Vec<AccuracyLevel>,
}

impl DefinitionFile {
    /// The declared kind of `group` (a race when undeclared; [`parse`] rejects that).
    pub fn group_def(&self, group: &str) -> Option<&GroupDef> {
        self.group.iter().find(|g| g.name == group)
    }

    /// The kind of `group`.
    pub fn kind_of(&self, group: &str) -> GroupKind {
        self.group_def(group).map_or(GroupKind::Race, |g| g.kind)
    }
}

/// One benchmark: a dataset, parameters, implementations and expected answers.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bench {
    /// Unique name within the family.
    pub name: String,
    /// The group it is reported in (one table and one plot per group).
    pub group: String,
    /// `oneshot` (preparation plus query timed) or `prebuilt` (query only).
    #[serde(default = "default_model")]
    pub model: String,
    /// Dataset generator or real dataset, interpreted by the family.
    pub dataset: String,
    /// Parameters: a value, or `{ tiny, quick, full }`.
    #[serde(default)]
    pub params: toml::Table,
    /// Implementations to run.
    pub impls: Vec<String>,
    /// Expected answer per size name.
    #[serde(default)]
    pub expected: BTreeMap<String, String>,
    /// Threads the benchmark may use (1 unless stated).
    #[serde(default = "one")]
    pub threads: usize,
}

fn default_model() -> String {
    "oneshot".into()
}

fn one() -> usize {
    1
}

/// Parameters resolved for one size.
pub type Params = BTreeMap<String, toml::Value>;

impl Bench {
    /// The full name, `family/name`.
    pub fn full_name(&self, family: &str) -> String {
        format!("{family}/{}", self.name)
    }

    /// The parameters at `size`: a `{ tiny, quick, full }` table is replaced by its entry,
    /// and a parameter whose table has no entry for `size` is absent at that size (a real
    /// dataset without `n` at `quick` is used whole, for example).
    ///
    /// # Errors
    /// Never at present; kept fallible so that stricter checks can be added.
    pub fn params_at(&self, size: Size) -> Result<Params, String> {
        let mut out = Params::new();
        for (k, v) in &self.params {
            match v {
                toml::Value::Table(t) if t.keys().all(|k| Size::from_name(k).is_some()) => {
                    if let Some(value) = t.get(size.name()) {
                        out.insert(k.clone(), value.clone());
                    }
                }
                other => {
                    out.insert(k.clone(), other.clone());
                }
            }
        }
        Ok(out)
    }

    /// The expected answer at `size`, if recorded.
    pub fn expected_at(&self, size: Size) -> Option<&str> {
        self.expected.get(size.name()).map(String::as_str)
    }
}

/// Reads a parameter as an unsigned integer.
///
/// # Errors
/// When it is missing or not a non-negative integer.
pub fn param_u64(params: &Params, key: &str) -> Result<u64, String> {
    match params.get(key) {
        Some(toml::Value::Integer(v)) if *v >= 0 => Ok(*v as u64),
        Some(other) => Err(format!(
            "parameter `{key}` must be a non-negative integer, got {other}"
        )),
        None => Err(format!("parameter `{key}` is missing")),
    }
}

/// Reads an optional float parameter (integers are accepted).
///
/// # Errors
/// When it is present but not a number.
pub fn param_f64(params: &Params, key: &str, default: f64) -> Result<f64, String> {
    match params.get(key) {
        Some(toml::Value::Float(v)) => Ok(*v),
        Some(toml::Value::Integer(v)) => Ok(*v as f64),
        Some(other) => Err(format!("parameter `{key}` must be a number, got {other}")),
        None => Ok(default),
    }
}

/// The folder of the definitions files.
pub fn definitions_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("definitions")
}

/// Reads one definitions file and checks it.
///
/// # Errors
/// A message naming the file when it cannot be read or parsed, or when names repeat.
pub fn read_file(path: &Path) -> Result<DefinitionFile, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    parse(&text, path)
}

/// Parses a definitions file's text.
///
/// # Errors
/// As [`read_file`].
pub fn parse(text: &str, path: &Path) -> Result<DefinitionFile, String> {
    let mut file: DefinitionFile =
        toml::from_str(text).map_err(|e| format!("{}: {e}", path.display()))?;
    file.path = path.to_path_buf();
    check_groups(&file, path)?;
    let mut seen = std::collections::BTreeSet::new();
    for bench in &file.bench {
        if !seen.insert(bench.name.as_str()) {
            return Err(format!(
                "{}: bench `{}` is defined twice",
                path.display(),
                bench.name
            ));
        }
        if bench.impls.is_empty() {
            return Err(format!(
                "{}: bench `{}` lists no impls",
                path.display(),
                bench.name
            ));
        }
        if let Some(bad) = bench.expected.keys().find(|k| Size::from_name(k).is_none()) {
            return Err(format!(
                "{}: bench `{}` has an expected answer for unknown size `{bad}`",
                path.display(),
                bench.name
            ));
        }
    }
    Ok(file)
}

/// Every group a bench names is declared once with its kind; every declared group is used;
/// a frontier states at least one accuracy level, and only frontiers state levels.
fn check_groups(file: &DefinitionFile, path: &Path) -> Result<(), String> {
    let mut declared = std::collections::BTreeSet::new();
    for g in &file.group {
        if !declared.insert(g.name.as_str()) {
            return Err(format!(
                "{}: group `{}` is declared twice",
                path.display(),
                g.name
            ));
        }
        if !file.bench.iter().any(|b| b.group == g.name) {
            return Err(format!(
                "{}: group `{}` is declared but no bench uses it",
                path.display(),
                g.name
            ));
        }
        match g.kind {
            GroupKind::Frontier if g.levels.is_empty() => {
                return Err(format!(
                    "{}: frontier group `{}` states no accuracy level (levels = [{{ metric = \"…\", at_most = … }}])",
                    path.display(),
                    g.name
                ));
            }
            GroupKind::Race | GroupKind::Study if !g.levels.is_empty() => {
                return Err(format!(
                    "{}: group `{}` is a {} and cannot state accuracy levels",
                    path.display(),
                    g.name,
                    g.kind.name()
                ));
            }
            _ => {}
        }
        if let Some(l) = g
            .levels
            .iter()
            .find(|l| l.at_most.is_some() == l.at_least.is_some())
        {
            return Err(format!(
                "{}: group `{}`: level on `{}` needs exactly one of at_most and at_least",
                path.display(),
                g.name,
                l.metric
            ));
        }
    }
    if let Some(b) = file
        .bench
        .iter()
        .find(|b| !declared.contains(b.group.as_str()))
    {
        return Err(format!(
            "{}: bench `{}` names group `{}`, which no [[group]] declares (kind = \"race\", \"frontier\" or \"study\")",
            path.display(),
            b.name,
            b.group
        ));
    }
    Ok(())
}

/// Reads every `*.toml` file in `dir`, sorted by name.
///
/// # Errors
/// As [`read_file`].
pub fn read_all(dir: &Path) -> Result<Vec<DefinitionFile>, String> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    paths.sort();
    paths.iter().map(|p| read_file(p)).collect()
}

/// Whether `full_name` matches `filter` (a substring; empty matches everything).
pub fn matches(full_name: &str, filter: Option<&str>) -> bool {
    filter.is_none_or(|f| full_name.contains(f))
}
