//! What a family plugs into the runner: a [`Family`] prepares [`Case`]s from definitions,
//! and a case runs implementations by name.
//!
//! Adding a family means: an algorithm crate, a `definitions/<family>.toml`, and one type
//! implementing [`Family`] registered in [`crate::families::all`]. The runner's core
//! (measurement, raw results, tables, plots, index) stays as it is.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::definitions::{Bench, DefinitionFile, Params};
use crate::raw::Row;
use crate::report::claims::Claim;

/// Where things live, for families that load data or run external peers.
#[derive(Debug, Clone)]
pub struct Context {
    /// The cache of fetched real datasets.
    pub data_cache: PathBuf,
    /// The workspace root (external peers live under `.peers/`).
    pub workspace: PathBuf,
}

/// Why an implementation produced no output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunError {
    /// It does not apply here (an alphabet it cannot take, a peer that is not installed):
    /// reported as skipped, with the reason.
    Skip(String),
    /// It failed.
    Fail(String),
}

impl From<String> for RunError {
    fn from(message: String) -> Self {
        RunError::Fail(message)
    }
}

/// The identity of a prepared input, recorded in every raw row.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DatasetInfo {
    /// A name that says how it was made (generator, sizes, seeds) or which real file it is.
    pub name: String,
    /// SHA-256 of the exact input bytes handed to the implementations.
    pub sha256: String,
}

/// Why a case could not be prepared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PrepareError {
    /// The input is not available here (e.g. real data not fetched): reported as skipped,
    /// with the reason, which names the command that fixes it.
    Skip(String),
    /// The definition is wrong.
    Invalid(String),
}

impl PrepareError {
    /// A definition error from any message: `.map_err(PrepareError::invalid)`.
    pub fn invalid(e: impl std::fmt::Display) -> PrepareError {
        PrepareError::Invalid(e.to_string())
    }
}

/// An optional unsigned parameter with its default, as a preparation error when malformed.
///
/// # Errors
/// [`PrepareError::Invalid`] when present but not a non-negative integer.
pub fn opt_u64(
    params: &crate::definitions::Params,
    key: &str,
    default: u64,
) -> Result<u64, PrepareError> {
    if params.contains_key(key) {
        crate::definitions::param_u64(params, key).map_err(PrepareError::invalid)
    } else {
        Ok(default)
    }
}

/// The result of running one implementation once. Only [`Case::run`] is timed; the answer
/// and quality are computed afterwards.
pub trait Output {
    /// A short string that identifies the answer (a checksum, a value).
    fn answer(&self) -> String;
    /// Quality metrics (for approximate implementations), by name.
    fn quality(&self) -> BTreeMap<String, f64> {
        BTreeMap::new()
    }
    /// Facts about this run worth reporting, such as the algorithm a planner chose.
    fn notes(&self) -> BTreeMap<String, String> {
        BTreeMap::new()
    }
    /// The time an external peer measured itself, in nanoseconds, excluding its process
    /// start and input loading. When present, the runner records it instead of the wall time.
    fn self_timed_ns(&self) -> Option<f64> {
        None
    }
}

/// A prepared input, ready to run implementations on.
pub trait Case {
    /// The input's identity.
    fn dataset(&self) -> &DatasetInfo;
    /// The amount of work, for throughput: (count, unit), e.g. (n·m, "cells").
    fn work(&self) -> Option<(f64, &'static str)> {
        None
    }
    /// Runs one implementation once. This call is what is timed.
    ///
    /// # Errors
    /// [`RunError::Skip`] when the implementation does not apply to this input or is not
    /// installed, [`RunError::Fail`] when it fails.
    fn run(&mut self, implementation: &str) -> Result<Box<dyn Output>, RunError>;
    /// Checks an output against the definition's expected answer. The default demands the
    /// same answer string; approximate implementations override it with their guarantee.
    ///
    /// # Errors
    /// A message that names the expected and the actual answer.
    fn check(
        &self,
        implementation: &str,
        output: &dyn Output,
        expected: &str,
    ) -> Result<(), String> {
        let _ = implementation;
        let got = output.answer();
        if got == expected {
            Ok(())
        } else {
            Err(format!("expected `{expected}`, got `{got}`"))
        }
    }
}

/// One family of algorithms, as the runner sees it.
pub trait Family: Sync {
    /// The family's name; its definitions live in `definitions/<name>.toml`.
    fn name(&self) -> &'static str;
    /// The implementation whose answers are the expected ones (the naive oracle).
    fn oracle(&self) -> &'static str;
    /// Every implementation name this family understands.
    fn implementations(&self) -> Vec<&'static str>;
    /// Builds the input of `bench` at the resolved `params`.
    ///
    /// # Errors
    /// [`PrepareError::Skip`] when data is missing, [`PrepareError::Invalid`] when the
    /// definition is wrong.
    fn prepare(
        &self,
        bench: &Bench,
        params: &Params,
        context: &Context,
    ) -> Result<Box<dyn Case>, PrepareError>;
    /// Facts about this machine that the family's results depend on, such as the SIMD path
    /// its dispatcher chose. They go into every row's machine receipt and the report.
    fn environment(&self) -> BTreeMap<String, String> {
        BTreeMap::new()
    }
    /// The papers' claims, each set beside our measurement with a verdict, computed from the
    /// rows of the run being reported. The runner renders them as the page's first section,
    /// "The paper's claims, checked"; an empty list says that none is checked yet.
    fn claims(&self, definitions: &DefinitionFile, rows: &[Row]) -> Vec<Claim> {
        let _ = (definitions, rows);
        Vec::new()
    }
    /// Extra report sections (markdown) after the generic tables, e.g. a planner's regret.
    /// `reports` is the folder the report is written to, for extra plots.
    fn report_extras(&self, definitions: &DefinitionFile, rows: &[Row], reports: &Path) -> String {
        let _ = (definitions, rows, reports);
        String::new()
    }
    /// The family's "run it on your data" subcommands (`cargo suite <command> ARGS`), each
    /// with its usage text for `cargo suite help` (options on the first line, then what it does).
    fn commands(&self) -> Vec<(&'static str, &'static str)> {
        Vec::new()
    }
    /// Runs one of [`Family::commands`]: `cargo suite <command> ARGS`.
    ///
    /// # Errors
    /// A message for the user.
    fn run_cli(&self, command: &str, args: &[String]) -> Result<(), String> {
        let _ = args;
        Err(format!(
            "family `{}` has no command `{command}`",
            self.name()
        ))
    }
}
