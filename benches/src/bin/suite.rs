//! `cargo suite`: the algobench benchmark-suite runner. See `cargo suite help`.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use suite::definitions::Size;
use suite::measure::Budget;
use suite::raw::{self, Row};
use suite::report::{self, format};
use suite::runner::{self, Event, RunOptions, Suite};

const HELP: &str = "\
cargo suite                      run the quick suite and write reports/
cargo suite list                 list the benchmark definitions
cargo suite run [--profile quick|full] [FILTER]
                                 run the definitions whose `family/name` contains FILTER
cargo suite check [FILTER]       run every definition once at tiny size and check its answer
cargo suite report [--profile quick|full]
                                 rebuild reports/ from reports/raw/ without measuring
cargo suite fetch                download the real datasets (Debian packages, SHA-256 checked)
cargo suite peers install        put the optional peers (numpy, scipy, igraph) into .peers/venv
cargo suite expected [--size tiny|quick|full] [FILTER]
                                 print the oracle's answers, for writing definitions";

/// The generic help followed by every family's own commands.
fn help(suite: &Suite) -> String {
    let mut text = HELP.to_string();
    for family in &suite.families {
        for (command, usage) in family.commands() {
            text.push_str(&format!("\ncargo suite {command} {usage}"));
        }
    }
    text
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match dispatch(&args) {
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

/// Splits `--flag value` pairs from positional arguments.
fn flag(args: &[String], name: &str) -> Result<(Option<String>, Vec<String>), String> {
    let mut value = None;
    let mut rest = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == name {
            value = Some(
                it.next()
                    .cloned()
                    .ok_or_else(|| format!("{name} needs a value"))?,
            );
        } else if a.starts_with("--") {
            return Err(format!("unknown option `{a}`\n{HELP}"));
        } else {
            rest.push(a.clone());
        }
    }
    Ok((value, rest))
}

fn size_of(value: Option<String>, default: Size) -> Result<Size, String> {
    value.map_or(Ok(default), |v| {
        Size::from_name(&v).ok_or_else(|| format!("unknown size or profile `{v}`"))
    })
}

fn dispatch(args: &[String]) -> Result<ExitCode, String> {
    let suite = Suite::load()?;
    let command = command_line(args);
    let (sub, rest) = args
        .split_first()
        .map_or(("", &[][..]), |(s, r)| (s.as_str(), r));
    match sub {
        "" => measure(&suite, Size::Quick, None, &command),
        "run" => {
            let (profile, positional) = flag(rest, "--profile")?;
            let size = size_of(profile, Size::Quick)?;
            if size == Size::Tiny {
                return Err("use `cargo suite check` for the tiny size".into());
            }
            measure(&suite, size, positional.first().cloned(), &command)
        }
        "check" => {
            let (_, positional) = flag(rest, "--none")?;
            let started = Instant::now();
            let rows = runner::check(
                &suite,
                positional.first().map(String::as_str),
                &mut print_progress,
            );
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
        "report" => {
            let (profile, _) = flag(rest, "--profile")?;
            let size = size_of(profile, Size::Quick)?;
            // The reports name the command that measured (the receipt's first line), not this one.
            let receipt = raw::dir(&reports_dir(&suite), size.name()).join("machine.txt");
            let measured = std::fs::read_to_string(&receipt).ok().and_then(|r| {
                r.lines()
                    .next()
                    .and_then(|l| l.strip_prefix("$ "))
                    .map(str::to_string)
            });
            let shown = match measured {
                Some(m) => format!("{m} (pages rebuilt by {command})"),
                None => command.clone(),
            };
            for path in write_reports(&suite, size, &shown)? {
                eprintln!("wrote {}", path.display());
            }
            Ok(ExitCode::SUCCESS)
        }
        "list" => {
            for (file, bench) in suite.select(rest.first().map(String::as_str)) {
                println!(
                    "{:<40} dataset={:<16} impls={}",
                    bench.full_name(&file.family),
                    bench.dataset,
                    bench.impls.join(",")
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        "fetch" => {
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
        "expected" => {
            let (size, positional) = flag(rest, "--size")?;
            let size = size_of(size, Size::Tiny)?;
            for (name, answer) in
                runner::oracle_answers(&suite, size, positional.first().map(String::as_str))
            {
                match answer {
                    Ok(a) => println!("{name}: {} = \"{a}\"", size.name()),
                    Err(e) => println!("{name}: error: {e}"),
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        "peers" => match rest.first().map(String::as_str) {
            Some("install") => suite::peers::install(&suite.workspace).map(|()| ExitCode::SUCCESS),
            _ => Err("usage: cargo suite peers install".into()),
        },
        "help" | "--help" | "-h" => {
            println!("{}", help(&suite));
            Ok(ExitCode::SUCCESS)
        }
        other => match suite
            .families
            .iter()
            .find(|f| f.commands().iter().any(|(c, _)| *c == other))
        {
            Some(family) => family.run_cli(other, rest).map(|()| ExitCode::SUCCESS),
            None => Err(format!("unknown command `{other}`\n{}", help(&suite))),
        },
    }
}

fn print_progress(event: Event<'_>) {
    match event {
        Event::Start(i, total, name) => eprint!("[{i:>3}/{total}] {name:<36}"),
        Event::Done(rows) => {
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
            eprintln!(" {}", parts.join(", "));
        }
    }
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
    let rows = runner::run(suite, &options, &mut print_progress);
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
    eprintln!(
        "\n{:<12} {:<14} {:<16} {:>10} {:>6}",
        "family", "group", "implementation", "geo ratio", "runs"
    );
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
        for (imp, ratio, count) in report::summary(&grows) {
            eprintln!("{family:<12} {group:<14} {imp:<16} {ratio:>9.2}× {count:>6}");
        }
    }
}
