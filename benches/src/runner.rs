//! The runner: prepares every matching definition, measures its implementations, checks their
//! answers and produces raw rows.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::definitions::{self, Bench, DefinitionFile, Size};
use crate::family::{Case, Context, Family, Output, PrepareError, RunError};
use crate::machine::{self, Machine};
use crate::measure::{Budget, Stats};
use crate::raw::{Row, SCHEMA};

/// The loaded suite: registered families and their definitions.
pub struct Suite {
    /// Registered families.
    pub families: Vec<&'static dyn Family>,
    /// One definitions file per family.
    pub definitions: Vec<DefinitionFile>,
    /// Data locations.
    pub context: Context,
    /// The workspace root.
    pub workspace: PathBuf,
}

/// The workspace root (the parent of the `benches/` crate).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| ".".into(), Path::to_path_buf)
}

impl Suite {
    /// Loads the definitions from `benches/definitions/` and checks them against the
    /// registered families.
    ///
    /// # Errors
    /// A message when a file does not parse, names an unknown family or implementation, or
    /// when a family has no definitions file.
    pub fn load() -> Result<Suite, String> {
        Self::from_definitions(definitions::read_all(&definitions::definitions_dir())?)
    }

    /// A suite over the given definitions (tests use this to feed altered definitions).
    ///
    /// # Errors
    /// As [`Suite::load`].
    pub fn from_definitions(definitions: Vec<DefinitionFile>) -> Result<Suite, String> {
        let families = crate::families::all();
        for file in &definitions {
            let family = families
                .iter()
                .find(|f| f.name() == file.family)
                .ok_or_else(|| {
                    format!("{}: unknown family `{}`", file.path.display(), file.family)
                })?;
            let known = family.implementations();
            for bench in &file.bench {
                if let Some(bad) = bench.impls.iter().find(|i| !known.contains(&i.as_str())) {
                    return Err(format!(
                        "{}: bench `{}` names unknown implementation `{bad}` (known: {})",
                        file.path.display(),
                        bench.name,
                        known.join(", ")
                    ));
                }
            }
        }
        if let Some(f) = families
            .iter()
            .find(|f| !definitions.iter().any(|d| d.family == f.name()))
        {
            return Err(format!("family `{}` has no definitions file", f.name()));
        }
        let workspace = workspace_root();
        let data_cache = std::env::var_os("ALGOBENCH_DATA")
            .map_or_else(|| workspace.join("data-cache"), PathBuf::from);
        let context = Context {
            data_cache,
            workspace: workspace.clone(),
        };
        Ok(Suite {
            families,
            definitions,
            context,
            workspace,
        })
    }

    /// The family called `name`.
    pub fn family(&self, name: &str) -> Option<&'static dyn Family> {
        self.families.iter().copied().find(|f| f.name() == name)
    }

    /// Every (definitions file, bench) whose full name matches `filter`.
    pub fn select<'a>(&'a self, filter: Option<&'a str>) -> Vec<(&'a DefinitionFile, &'a Bench)> {
        self.definitions
            .iter()
            .flat_map(|d| d.bench.iter().map(move |b| (d, b)))
            .filter(|(d, b)| definitions::matches(&b.full_name(&d.family), filter))
            .collect()
    }

    /// The machine receipt, with every family's environment facts.
    pub fn machine(&self) -> Machine {
        let mut m = Machine::detect();
        for f in &self.families {
            for (k, v) in f.environment() {
                m.paths.insert(format!("{}: {k}", f.name()), v);
            }
        }
        m
    }
}

/// What to run.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// The size of every input.
    pub size: Size,
    /// How many samples.
    pub budget: Budget,
    /// Substring filter on `family/bench`.
    pub filter: Option<String>,
    /// The command line that asked for the run, recorded in every row.
    pub command: String,
}

/// Progress events, for the terminal.
#[derive(Debug)]
pub enum Event<'a> {
    /// A benchmark starts: (index, total, full name).
    Start(usize, usize, String),
    /// An implementation of the running benchmark finished its first (checked) run:
    /// (implementations done, implementations in the benchmark). A study's rows are that one
    /// run, so this is its progress.
    Step(usize, usize),
    /// A benchmark finished with these rows.
    Done(&'a [Row]),
}

/// Runs every selected benchmark and returns its rows (failed and skipped ones included).
pub fn run(suite: &Suite, options: &RunOptions, progress: &mut dyn FnMut(Event<'_>)) -> Vec<Row> {
    let selected = suite.select(options.filter.as_deref());
    let machine = suite.machine();
    let commit = machine::git_commit(&suite.workspace);
    let dirty = machine::git_dirty(&suite.workspace);
    let mut all = Vec::new();
    for (index, (file, bench)) in selected.iter().enumerate() {
        progress(Event::Start(
            index + 1,
            selected.len(),
            bench.full_name(&file.family),
        ));
        let template = Row {
            schema: SCHEMA.into(),
            family: file.family.clone(),
            benchmark: bench.name.clone(),
            group: bench.group.clone(),
            model: bench.model.clone(),
            implementation: String::new(),
            profile: options.size.name().into(),
            params: Default::default(),
            dataset: None,
            samples_ns: Vec::new(),
            stats: None,
            work: None,
            answer: None,
            expected: bench.expected_at(options.size).map(str::to_string),
            quality: Default::default(),
            notes: Default::default(),
            error: None,
            command: options.command.clone(),
            commit: commit.clone(),
            dirty,
            timestamp: machine::utc_now(),
            machine: machine.clone(),
            load: None,
            bench_wall_s: None,
        };
        let family = suite
            .family(&file.family)
            .expect("checked in Suite::from_definitions");
        let reading = crate::load::start();
        let started = std::time::Instant::now();
        // A study's rows are outcomes, never ranked by time: each implementation runs once,
        // and that run (checked) is the row's one sample.
        let once;
        let options = if file.kind_of(&bench.group) == crate::definitions::GroupKind::Study {
            once = RunOptions {
                budget: Budget::ONCE,
                ..options.clone()
            };
            &once
        } else {
            options
        };
        let mut rows = run_bench(family, bench, &suite.context, options, template, progress);
        let reading = reading.finish();
        let wall = started.elapsed().as_secs_f64();
        for r in &mut rows {
            r.load = reading;
            r.bench_wall_s = Some(wall);
        }
        progress(Event::Done(&rows));
        all.extend(rows);
    }
    all
}

fn run_bench(
    family: &dyn Family,
    bench: &Bench,
    context: &Context,
    options: &RunOptions,
    template: Row,
    progress: &mut dyn FnMut(Event<'_>),
) -> Vec<Row> {
    let mut rows: Vec<Row> = bench
        .impls
        .iter()
        .map(|i| Row {
            implementation: i.clone(),
            ..template.clone()
        })
        .collect();
    let fail_all = |rows: &mut Vec<Row>, message: String| {
        for r in rows.iter_mut() {
            r.error = Some(message.clone());
        }
    };
    let params = match bench.params_at(options.size) {
        Ok(p) => p,
        Err(e) => {
            fail_all(&mut rows, format!("invalid definition: {e}"));
            return rows;
        }
    };
    for r in &mut rows {
        r.params = params.clone();
    }
    let mut case = match family.prepare(bench, &params, context) {
        Ok(c) => c,
        Err(PrepareError::Skip(why)) => {
            fail_all(&mut rows, format!("skipped: {why}"));
            return rows;
        }
        Err(PrepareError::Invalid(why)) => {
            fail_all(&mut rows, format!("invalid definition: {why}"));
            return rows;
        }
    };
    let work = case.work().map(|(w, unit)| (w, unit.to_string()));
    for r in &mut rows {
        r.dataset = Some(case.dataset().clone());
        r.work = work.clone();
    }
    // Warm-up round: also the answer check.
    let expected = bench.expected_at(options.size);
    let total = rows.len();
    for (done, row) in rows.iter_mut().enumerate() {
        match timed(case.as_mut(), &row.implementation) {
            Ok((output, elapsed)) => {
                row.answer = Some(output.answer());
                row.quality = output.quality();
                row.notes = output.notes();
                let verdict = match expected {
                    Some(e) => case.check(&row.implementation, output.as_ref(), e),
                    None => Err(format!(
                        "no expected answer recorded for size `{}`",
                        options.size
                    )),
                };
                if let Err(why) = verdict {
                    row.error = Some(format!("wrong answer: {why}"));
                } else if options.budget == Budget::ONCE {
                    row.samples_ns.push(elapsed.as_nanos() as f64);
                }
            }
            Err(RunError::Skip(why)) => row.error = Some(format!("skipped: {why}")),
            Err(RunError::Fail(why)) => row.error = Some(format!("failed: {why}")),
        }
        progress(Event::Step(done + 1, total));
    }
    if options.budget != Budget::ONCE {
        sample_interleaved(case.as_mut(), &mut rows, options.budget);
    }
    for row in &mut rows {
        row.stats = if row.error.is_none() {
            Stats::of(&row.samples_ns)
        } else {
            None
        };
    }
    rows
}

fn timed(
    case: &mut dyn Case,
    implementation: &str,
) -> Result<(Box<dyn Output>, Duration), RunError> {
    let start = Instant::now();
    let output = case.run(implementation)?;
    let elapsed = start.elapsed();
    let elapsed = output
        .self_timed_ns()
        .map_or(elapsed, |ns| Duration::from_nanos(ns as u64));
    Ok((std::hint::black_box(output), elapsed))
}

fn sample_interleaved(case: &mut dyn Case, rows: &mut [Row], budget: Budget) {
    let started = Instant::now();
    let live: Vec<usize> = (0..rows.len())
        .filter(|&i| rows[i].error.is_none())
        .collect();
    if live.is_empty() {
        return;
    }
    for round in 0..budget.max_samples {
        if round >= budget.min_samples && started.elapsed() >= budget.target {
            break;
        }
        for k in 0..live.len() {
            let row = &mut rows[live[(round + k) % live.len()]];
            if row.error.is_some() {
                continue;
            }
            // An untimed run first, so that the timed one inherits this implementation's own
            // cache and allocator state rather than the previous implementation's.
            let primed = timed(case, &row.implementation).map(drop);
            match primed.and_then(|()| timed(case, &row.implementation)) {
                Ok((output, elapsed)) => {
                    row.samples_ns.push(elapsed.as_nanos() as f64);
                    drop(output);
                }
                Err(why) => row.error = Some(format!("failed while sampling: {why:?}")),
            }
        }
    }
}

/// Failures of a check: one line each, naming the definition, the implementation, the
/// expected answer and the one it got.
pub fn failures(rows: &[Row]) -> Vec<String> {
    rows.iter()
        .filter(|r| r.error.is_some() && !r.skipped())
        .map(|r| {
            format!(
                "{}/{} [{}] at size {}: {}",
                r.family,
                r.benchmark,
                r.implementation,
                r.profile,
                r.error.as_deref().unwrap_or_default()
            )
        })
        .collect()
}

/// Runs every matching definition once at tiny size and returns the failures.
pub fn check(suite: &Suite, filter: Option<&str>, progress: &mut dyn FnMut(Event<'_>)) -> Vec<Row> {
    let options = RunOptions {
        size: Size::Tiny,
        budget: Budget::ONCE,
        filter: filter.map(str::to_string),
        command: "cargo suite check".into(),
    };
    run(suite, &options, progress)
}

/// Computes the oracle's answer for every matching definition at `size`, as
/// `(full name, answer or error)`.
pub fn oracle_answers(
    suite: &Suite,
    size: Size,
    filter: Option<&str>,
) -> Vec<(String, Result<String, String>)> {
    suite
        .select(filter)
        .into_iter()
        .map(|(file, bench)| {
            let family = suite
                .family(&file.family)
                .expect("checked in Suite::from_definitions");
            let answer = bench
                .params_at(size)
                .and_then(|p| {
                    family
                        .prepare(bench, &p, &suite.context)
                        .map_err(|e| format!("{e:?}"))
                })
                .and_then(|mut case| {
                    case.run(family.oracle())
                        .map(|o| o.answer())
                        .map_err(|e| format!("{e:?}"))
                });
            (bench.full_name(&file.family), answer)
        })
        .collect()
}
