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
    /// The benchmarks.
    pub bench: Vec<Bench>,
    /// Where the file was read from.
    #[serde(skip)]
    pub path: PathBuf,
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
