//! `cargo suite`: the algobench benchmark-suite runner. See `cargo suite help`.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};

use suite::definitions::Size;
use suite::estimate::Estimate;
use suite::measure::Budget;
use suite::raw::{self, Row};
use suite::report::{self, format};
use suite::runner::{self, Event, RunOptions, Suite};

/// The algobench benchmark-suite runner. With no command: run the quick suite, check every
/// answer, write reports/.
#[derive(Debug, Parser)]
#[command(
    name = "cargo suite",
    bin_name = "cargo suite",
    disable_help_subcommand = true
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Profile {
    Quick,
    Full,
}

impl Profile {
    fn size(self) -> Size {
        match self {
            Profile::Quick => Size::Quick,
            Profile::Full => Size::Full,
        }
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum SizeArg {
    Tiny,
    Quick,
    Full,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// List the benchmark definitions (optionally those whose `family/name` contains FILTER).
    List { filter: Option<String> },
    /// Measure the definitions whose `family/name` contains FILTER and write the reports
    /// (full-profile pages go to reports/full/).
    Run {
        #[arg(long, value_enum, default_value = "quick")]
        profile: Profile,
        filter: Option<String>,
    },
    /// Run every definition once at tiny size and check its answer.
    Check { filter: Option<String> },
    /// Rebuild reports/ from reports/raw/ without measuring.
    Report {
        #[arg(long, value_enum, default_value = "quick")]
        profile: Profile,
    },
    /// Download the real datasets (Debian packages, SHA-256 checked) into data-cache/.
    Fetch,
    /// Put the optional peers (numpy, scipy, igraph) into .peers/venv.
    Peers {
        #[arg(value_parser = ["install"])]
        action: String,
    },
    /// Print the oracle's answers, for writing definitions.
    Expected {
        #[arg(long, value_enum, default_value = "tiny")]
        size: SizeArg,
        filter: Option<String>,
    },
    /// Every command, the families' own included, with its options.
    Help,
    /// A family's "run it on your data" command (see `cargo suite help`).
    #[command(external_subcommand)]
    Family(Vec<String>),
}

/// The generic help followed by every family's own commands.
fn help(suite: &Suite) -> String {
    let mut text = Cli::command().render_long_help().to_string();
    text.push_str("\nThe families' commands (each takes --help):\n");
    for family in &suite.families {
        for (command, usage) in family.commands() {
            text.push_str(&format!("\n  cargo suite {command} {usage}"));
        }
    }
    text
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let cli =
        match Cli::try_parse_from(std::iter::once("cargo suite".to_string()).chain(args.clone())) {
            Ok(cli) => cli,
            Err(e) => {
                let _ = e.print();
                return if e.use_stderr() {
                    ExitCode::FAILURE
                } else {
                    ExitCode::SUCCESS
                };
            }
        };
    match dispatch(cli, &args) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn command_line(args: &[String]) -> String {
    std::iter::once("cargo suite".to_string())
        .chain(args.iter().cloned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The closest family command to a mistyped one, if any is close (edit distance ≤ 2).
fn suggestion<'a>(typed: &str, known: &[&'a str]) -> Option<&'a str> {
    fn distance(a: &str, b: &str) -> usize {
        let b: Vec<char> = b.chars().collect();
        let mut prev: Vec<usize> = (0..=b.len()).collect();
        for (i, ca) in a.chars().enumerate() {
            let mut cur = vec![i + 1];
            for (j, cb) in b.iter().enumerate() {
                cur.push(
                    (prev[j] + usize::from(ca != *cb))
                        .min(prev[j + 1] + 1)
                        .min(cur[j] + 1),
                );
            }
            prev = cur;
        }
        prev[b.len()]
    }
    known
        .iter()
        .map(|k| (distance(typed, k), *k))
        .filter(|(d, _)| *d <= 2)
        .min()
        .map(|(_, k)| k)
}

fn dispatch(cli: Cli, args: &[String]) -> Result<ExitCode, String> {
    let suite = Suite::load()?;
    let command = command_line(args);
    let Some(sub) = cli.command else {
        return measure(&suite, Size::Quick, None, &command);
    };
    match sub {
        Command::Run { profile, filter } => measure(&suite, profile.size(), filter, &command),
        Command::Check { filter } => {
            let started = Instant::now();
            let mut progress = Progress::new(Estimate::default());
            let rows = runner::check(&suite, filter.as_deref(), &mut |e| progress.event(e));
            let failures = runner::failures(&rows);
            let skipped = rows.iter().filter(|r| r.skipped()).count();
            eprintln!(
                "\ncheck: {} rows, {} failed, {skipped} skipped, in {:.1} s",
                rows.len(),
                failures.len(),
                started.elapsed().as_secs_f64()
            );
            for f in &failures {
                eprintln!("MISMATCH {f}");
            }
            Ok(if failures.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
        Command::Report { profile } => {
            let size = profile.size();
            // Each page names the commands that measured its rows (recorded in the rows) and,
            // apart, this command, which only rebuilt it.
            for path in write_reports(&suite, size, &command)? {
                eprintln!("wrote {}", path.display());
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::List { filter } => {
            for (file, bench) in suite.select(filter.as_deref()) {
                suite::outln!(
                    "{:<40} dataset={:<16} impls={}",
                    bench.full_name(&file.family),
                    bench.dataset,
                    bench.impls.join(",")
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Fetch => {
            for ds in datasets::real::DATASETS {
                eprint!("{:<16} ", ds.name);
                match datasets::real::fetch(ds, &suite.context.data_cache) {
                    Ok(path) => eprintln!("ok: {} (SHA-256 verified)", path.display()),
                    Err(e) => {
                        eprintln!("FAILED: {e}");
                        return Ok(ExitCode::FAILURE);
                    }
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Expected { size, filter } => {
            let size = match size {
                SizeArg::Tiny => Size::Tiny,
                SizeArg::Quick => Size::Quick,
                SizeArg::Full => Size::Full,
            };
            for (name, answer) in runner::oracle_answers(&suite, size, filter.as_deref()) {
                match answer {
                    Ok(a) => suite::outln!("{name}: {} = \"{a}\"", size.name()),
                    Err(e) => suite::outln!("{name}: error: {e}"),
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Peers { .. } => {
            suite::peers::install(&suite.workspace).map(|()| ExitCode::SUCCESS)
        }
        Command::Help => {
            suite::outln!("{}", help(&suite));
            Ok(ExitCode::SUCCESS)
        }
        Command::Family(words) => {
            let (name, rest) = words.split_first().ok_or("a command is needed")?;
            let built_in = Cli::command();
            let known: Vec<&str> = built_in
                .get_subcommands()
                .map(|c| c.get_name())
                .chain(
                    suite
                        .families
                        .iter()
                        .flat_map(|f| f.commands().into_iter().map(|(c, _)| c)),
                )
                .collect();
            match suite
                .families
                .iter()
                .find(|f| f.commands().iter().any(|(c, _)| c == name))
            {
                Some(family) => family.run_cli(name, rest).map(|()| ExitCode::SUCCESS),
                None => {
                    let hint = suggestion(name, &known)
                        .map(|k| format!("\n\n  tip: a similar command exists: `{k}`"))
                        .unwrap_or_default();
                    Err(format!(
                        "unknown command `{name}`{hint}\n\nRun `cargo suite help` for every command."
                    ))
                }
            }
        }
    }
}

/// "1 h 02 min", "3 min 05 s", "12 s".
fn clock(seconds: f64) -> String {
    let s = seconds.round() as u64;
    match s {
        0..60 => format!("{s} s"),
        60..3600 => format!("{} min {:02} s", s / 60, s % 60),
        _ => format!("{} h {:02} min", s / 3600, (s % 3600) / 60),
    }
}

/// Progress lines; on a terminal each start line also gives the elapsed time and an estimate
/// of the time left (see [`Estimate`]). Piped output keeps plain lines.
struct Progress {
    started: Instant,
    estimate: Estimate,
    /// When the running benchmark started, and its progress line.
    bench_started: Instant,
    line: String,
}

impl Progress {
    fn new(estimate: Estimate) -> Progress {
        Progress {
            started: Instant::now(),
            estimate,
            bench_started: Instant::now(),
            line: String::new(),
        }
    }

    fn event(&mut self, event: Event<'_>) {
        use std::io::IsTerminal as _;
        match event {
            Event::Start(i, total, name) => {
                self.bench_started = Instant::now();
                self.line = if std::io::stderr().is_terminal() {
                    let elapsed = self.started.elapsed().as_secs_f64();
                    let left = self.estimate.left().map_or_else(
                        || "estimating".to_string(),
                        |t| format!("~{} left", clock(t)),
                    );
                    format!(
                        "[{i:>3}/{total} {} elapsed, {left}] {name:<36}",
                        clock(elapsed)
                    )
                } else {
                    format!("[{i:>3}/{total}] {name:<36}")
                };
                eprint!("{}", self.line);
            }
            Event::Step(done, total) => {
                // A long benchmark (a study, a ratio search) shows its own progress on a
                // terminal, rewriting its line; quick ones and piped output stay quiet.
                let elapsed = self.bench_started.elapsed().as_secs_f64();
                if std::io::stderr().is_terminal() && elapsed > 5.0 && done < total {
                    let left = elapsed / done as f64 * (total - done) as f64;
                    eprint!(
                        "\r{} ({done}/{total} implementations, ~{} left in it)\x1b[K",
                        self.line,
                        clock(left)
                    );
                }
            }
            Event::Done(rows) => {
                if let Some(wall) = rows.first().and_then(|r| r.bench_wall_s) {
                    self.estimate.record(wall);
                }
                let parts: Vec<String> = rows
                    .iter()
                    .map(|r| {
                        let status = match (&r.error, r.stats) {
                            (Some(_), _) if r.skipped() => "skipped".to_string(),
                            (Some(_), _) => "FAILED".to_string(),
                            (None, Some(s)) => format::duration(s.median_ns),
                            (None, None) => "ok".to_string(),
                        };
                        format!("{} {status}", r.implementation)
                    })
                    .collect();
                if std::io::stderr().is_terminal() {
                    eprint!("\r{}\x1b[K", self.line);
                }
                eprintln!(" {}", parts.join(", "));
            }
        }
    }
}

/// The estimate for running `filter` at `size`, from the wall times of the last such run.
fn estimate(suite: &Suite, size: Size, filter: Option<&str>) -> Estimate {
    let names: Vec<String> = suite
        .select(filter)
        .iter()
        .map(|(file, bench)| bench.full_name(&file.family))
        .collect();
    let dir = raw::dir(&reports_dir(suite), size.name());
    let previous: Vec<Row> = suite
        .definitions
        .iter()
        .flat_map(|f| raw::read(&dir.join(format!("{}.jsonl", f.family))).unwrap_or_default())
        .collect();
    Estimate::from_rows(&names, &previous)
}

fn reports_dir(suite: &Suite) -> PathBuf {
    suite.workspace.join("reports")
}

fn measure(
    suite: &Suite,
    size: Size,
    filter: Option<String>,
    command: &str,
) -> Result<ExitCode, String> {
    let budget = if size == Size::Full {
        Budget::FULL
    } else {
        Budget::QUICK
    };
    let started = Instant::now();
    let options = RunOptions {
        size,
        budget,
        filter: filter.clone(),
        command: command.to_string(),
    };
    if let Some(load) = suite::load::load_1m() {
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        if suite::load::busy(load, cores) {
            eprintln!(
                "WARNING: the machine is busy (1-minute load average {load:.2} on {cores} logical \
                 CPUs). Timings taken now are noise, even as ratios; the report will say so. \
                 Stop other work and run again for figures worth quoting."
            );
        }
    }
    let estimate = estimate(suite, size, filter.as_deref());
    let (known, count) = estimate.known();
    if count > 0 {
        eprintln!(
            "The last {} run of these benchmarks took {} for the {count} of {} it has times for.",
            size.name(),
            clock(known),
            suite.select(filter.as_deref()).len()
        );
    }
    let mut progress = Progress::new(estimate);
    let rows = runner::run(suite, &options, &mut |e| progress.event(e));
    let dir = raw::dir(&reports_dir(suite), size.name());
    for file in &suite.definitions {
        let fresh: Vec<Row> = rows
            .iter()
            .filter(|r| r.family == file.family)
            .cloned()
            .collect();
        if fresh.is_empty() {
            continue;
        }
        let path = dir.join(format!("{}.jsonl", file.family));
        // A filtered run updates its rows; a full run replaces the file.
        let old = if filter.is_some() {
            raw::read(&path)?
        } else {
            Vec::new()
        };
        raw::write(&path, &raw::merge(old, fresh))?;
    }
    let machine = suite.machine();
    std::fs::write(dir.join("machine.txt"), machine_receipt(&machine, command))
        .map_err(|e| format!("{}: {e}", dir.display()))?;
    let written = write_reports(suite, size, command)?;
    print_summary(suite, &rows);
    let failures = runner::failures(&rows);
    for f in &failures {
        eprintln!("FAILED {f}");
    }
    eprintln!(
        "\n{} rows in {:.1} s; wrote {} report files under {}",
        rows.len(),
        started.elapsed().as_secs_f64(),
        written.len(),
        reports_dir(suite).display()
    );
    Ok(if failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn machine_receipt(machine: &suite::machine::Machine, command: &str) -> String {
    let mut s = format!("$ {command}\n");
    s += &format!(
        "cpu: {}\nlogical cpus: {}\nos: {}\nrustc: {}\ncargo profile: {}\nRUSTFLAGS: {}\n",
        machine.cpu,
        machine.cores,
        machine.os,
        machine.rustc,
        machine.cargo_profile,
        machine.rustflags
    );
    s += &format!("cpu features: {}\n", machine.cpu_features.join(" "));
    for (k, v) in &machine.paths {
        s += &format!("{k}: {v}\n");
    }
    s
}

/// Writes the reports of `size`: the published quick profile into `reports/`, any other
/// profile into `reports/<profile>/`, so that a full run never overwrites the quick pages.
fn write_reports(suite: &Suite, size: Size, command: &str) -> Result<Vec<PathBuf>, String> {
    let dir = raw::dir(&reports_dir(suite), size.name());
    let reports = match size {
        Size::Quick => reports_dir(suite),
        other => reports_dir(suite).join(other.name()),
    };
    std::fs::create_dir_all(&reports).map_err(|e| format!("{}: {e}", reports.display()))?;
    let mut written = Vec::new();
    let mut entries = Vec::new();
    for file in &suite.definitions {
        let family = suite.family(&file.family).ok_or("family vanished")?;
        let rows = raw::read(&dir.join(format!("{}.jsonl", file.family)))?;
        written.extend(report::write_family(
            &reports,
            family,
            file,
            &rows,
            size.name(),
            command,
        )?);
        let claims = family.claims(file, &rows);
        entries.push(report::IndexEntry {
            name: family.name(),
            rows,
            claims,
            definitions: file,
        });
    }
    written.push(report::write_index(
        &reports,
        &entries,
        size.name(),
        command,
    )?);
    Ok(written)
}

/// The races' geometric means on the terminal (frontiers and studies are not ranked by time).
fn print_summary(suite: &Suite, rows: &[Row]) {
    let mut lines = Vec::new();
    let mut keys: Vec<(String, String)> = Vec::new();
    for r in rows {
        let k = (r.family.clone(), r.group.clone());
        if !keys.contains(&k) {
            keys.push(k);
        }
    }
    for (family, group) in keys {
        let race = suite
            .definitions
            .iter()
            .find(|d| d.family == family)
            .is_some_and(|d| d.kind_of(&group) == suite::definitions::GroupKind::Race);
        if !race {
            continue;
        }
        let grows: Vec<Row> = rows
            .iter()
            .filter(|r| r.family == family && r.group == group)
            .cloned()
            .collect();
        let summary = report::summary(&grows);
        // One implementation has nothing to be compared with: no ratio.
        if summary.len() < 2 {
            continue;
        }
        for (imp, ratio, count) in summary {
            lines.push(format!(
                "{family:<12} {group:<14} {imp:<16} {ratio:>9.2}× {count:>6}"
            ));
        }
    }
    if !lines.is_empty() {
        eprintln!(
            "\n{:<12} {:<14} {:<16} {:>10} {:>6}",
            "family", "group", "implementation", "geo ratio", "runs"
        );
        for l in lines {
            eprintln!("{l}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_reads_naturally() {
        assert_eq!(clock(12.4), "12 s");
        assert_eq!(clock(185.0), "3 min 05 s");
        assert_eq!(clock(3720.0), "1 h 02 min");
    }

    #[test]
    fn typos_get_a_suggestion() {
        let known = ["check", "ppr-index", "ppr-query"];
        assert_eq!(suggestion("chek", &known), Some("check"));
        assert_eq!(suggestion("ppr-indx", &known), Some("ppr-index"));
        assert_eq!(suggestion("zzzzzz", &known), None);
    }

    #[test]
    fn every_built_in_command_has_help() {
        Cli::command().debug_assert();
        for sub in [
            "list", "run", "check", "report", "fetch", "peers", "expected",
        ] {
            let e = Cli::try_parse_from(["cargo suite", sub, "--help"]).unwrap_err();
            assert_eq!(e.kind(), clap::error::ErrorKind::DisplayHelp, "{sub}");
        }
        let e = Cli::try_parse_from(["cargo suite", "run", "--profile", "huge"]).unwrap_err();
        assert!(e.to_string().contains("quick"), "{e}");
    }
}
