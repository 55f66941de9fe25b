//! Suite glue for PowerWalk on timely (`algobench-ppr-distributed`): the `ppr-index` and
//! `ppr-query` runners, the `distributed/*` benchmarks of the ppr family, and their section
//! of `reports/ppr.md`.
//!
//! The ppr family wires it in: its `commands()` list [`USAGE`] and its `run_cli` calls
//! [`run_cli`]; its `prepare` hands the `distributed` group to [`case::prepare`]; its
//! `report_extras` appends [`report::section`], which reads only the raw rows (a report
//! rebuild never measures). Each implementation of a [`case::DistCase`] starts the
//! `ppr-dist` program (or the suite's own binary acting as `cargo suite ppr-index`) as
//! subprocesses: the single-machine builder, timely with one worker, two worker threads,
//! and two OS processes on loopback ports chosen free.

pub mod case;
pub mod report;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output as ProcessOutput, Stdio};
use std::time::SystemTime;

use serde_json::Value;

/// Runs `cargo suite ppr-index …` / `cargo suite ppr-query …`: the `ppr-dist` command line
/// with the command's verb.
///
/// # Errors
/// The run's message (bad flags, bad input, cluster errors).
pub fn run_cli(command: &str, args: &[String]) -> Result<(), String> {
    let verb = match command {
        "ppr-index" => "index",
        "ppr-query" => "query",
        other => return Err(format!("unknown command `{other}`")),
    };
    let mut argv = vec![verb.to_string()];
    argv.extend_from_slice(args);
    ppr_distributed::cli::main(&argv)
}

/// The commands and their usage lines for the suite's help.
pub const USAGE: &[(&str, &str)] = &[
    (
        "ppr-index",
        "--graph FILE [--walks R] [--seed S] [--c C] [--out INDEX] [-w W] [-n N -p I --hostfile H]\n\
         \x20                                PowerWalk index on timely-dataflow (threads or processes;\n\
         \x20                                every process gets the same line but -p); `ppr-dist help`",
    ),
    (
        "ppr-query",
        "--graph FILE --sources 1,2,3 [--steps T] [--theta θ] [--index INDEX] [--top K] [-w W] [-n N -p I --hostfile H]\n\
         \x20                                a batch of PowerWalk queries on timely-dataflow (T + 1 supersteps)",
    ),
];

/// The program that runs a distributed job, with the words that come before the verb's
/// flags: `(program, index prefix, query prefix)`.
#[derive(Debug, Clone)]
pub struct Program {
    path: PathBuf,
    index: &'static str,
    query: &'static str,
}

impl Program {
    /// The command line for `verb` ("index" or "query") followed by `args`.
    fn command(&self, verb: &str, args: &[String]) -> Command {
        let mut c = Command::new(&self.path);
        c.arg(if verb == "index" {
            self.index
        } else {
            self.query
        });
        c.args(args);
        c
    }

    /// Finds the program: the running suite binary itself (`cargo suite …`), else the
    /// newest `suite` or `ppr-dist` in the target directory of the running executable
    /// (inside `cargo test` the executable lives in `target/<profile>/deps`, and cargo builds
    /// the package's own binaries for its integration tests).
    ///
    /// # Errors
    /// A reason naming how to build it, when neither exists.
    pub fn locate() -> Result<Program, String> {
        let exe = std::env::current_exe().map_err(|e| e.to_string())?;
        let suite = |path: PathBuf| Program {
            path,
            index: "ppr-index",
            query: "ppr-query",
        };
        if exe.file_stem().is_some_and(|s| s == "suite") {
            return Ok(suite(exe));
        }
        let mut dir = exe.parent().map(Path::to_path_buf).unwrap_or_default();
        if dir.file_name().is_some_and(|d| d == "deps") {
            dir.pop();
        }
        let x = std::env::consts::EXE_SUFFIX;
        let mtime = |p: &Path| {
            p.metadata()
                .and_then(|m| m.modified())
                .unwrap_or(SystemTime::UNIX_EPOCH)
        };
        let candidates = [
            suite(dir.join(format!("suite{x}"))),
            Program {
                path: dir.join(format!("ppr-dist{x}")),
                index: "index",
                query: "query",
            },
        ];
        candidates
            .into_iter()
            .filter(|p| p.path.is_file())
            .max_by_key(|p| mtime(&p.path))
            .ok_or_else(|| {
                format!(
                    "needs the `ppr-dist` program next to {} (run through `cargo suite`, or build \
                     it with `cargo build --profile test -p algobench-ppr-distributed --bin ppr-dist`)",
                    dir.display()
                )
            })
    }
}

/// The `RESULT {json}` line of a run's stdout.
fn result_line(stdout: &[u8]) -> Result<Value, String> {
    let text = String::from_utf8_lossy(stdout);
    let line = text
        .lines()
        .filter_map(|l| l.strip_prefix("RESULT "))
        .next_back()
        .ok_or_else(|| format!("no RESULT line in the output:\n{text}"))?;
    serde_json::from_str(line).map_err(|e| format!("RESULT line: {e}"))
}

fn failed(what: &str, o: &ProcessOutput) -> String {
    let err = String::from_utf8_lossy(&o.stderr);
    let tail: Vec<&str> = err.lines().rev().take(6).collect();
    format!(
        "{what} exited with {}: {}",
        o.status,
        tail.into_iter().rev().collect::<Vec<_>>().join(" / ")
    )
}

/// Runs one process; returns its RESULT.
fn run_one(program: &Program, verb: &str, args: &[String]) -> Result<Value, String> {
    let o = program
        .command(verb, args)
        .output()
        .map_err(|e| format!("{}: {e}", program.path.display()))?;
    if !o.status.success() {
        return Err(failed("the process", &o));
    }
    result_line(&o.stdout)
}

/// `k` loopback ports that were free a moment ago.
fn free_ports(k: usize) -> Result<Vec<u16>, String> {
    let ls: Vec<_> = (0..k)
        .map(|_| std::net::TcpListener::bind("127.0.0.1:0"))
        .collect::<Result<_, _>>()
        .map_err(|e| e.to_string())?;
    ls.iter()
        .map(|l| l.local_addr().map(|a| a.port()).map_err(|e| e.to_string()))
        .collect()
}

/// Runs `processes` processes of one job on loopback (each with `-n -p -h` and bounded
/// waits); returns their RESULT lines by process. A port taken between choosing and
/// binding it is retried once with fresh ports.
fn run_processes(
    program: &Program,
    verb: &str,
    args: &[String],
    processes: usize,
    dir: &Path,
) -> Result<Vec<Value>, String> {
    let mut last = String::new();
    for _attempt in 0..2 {
        match try_processes(program, verb, args, processes, dir) {
            Ok(v) => return Ok(v),
            Err(e) if e.contains("in use") => last = e,
            Err(e) => return Err(e),
        }
    }
    Err(last)
}

fn try_processes(
    program: &Program,
    verb: &str,
    args: &[String],
    processes: usize,
    dir: &Path,
) -> Result<Vec<Value>, String> {
    let hosts = dir.join("hosts.txt");
    let text: String = free_ports(processes)?
        .iter()
        .map(|p| format!("127.0.0.1:{p}\n"))
        .collect();
    std::fs::write(&hosts, text).map_err(|e| e.to_string())?;
    let mut children: Vec<Child> = Vec::new();
    for i in 0..processes {
        let mut a = args.to_vec();
        for x in [
            "-n",
            &processes.to_string(),
            "-p",
            &i.to_string(),
            "--hostfile",
        ] {
            a.push(x.to_string());
        }
        a.push(hosts.display().to_string());
        a.extend(["--connect-timeout", "20", "--timeout", "900"].map(String::from));
        let spawned = program
            .command(verb, &a)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn();
        match spawned {
            Ok(c) => children.push(c),
            Err(e) => {
                for mut c in children {
                    let _ = c.kill();
                    let _ = c.wait();
                }
                return Err(format!("{}: {e}", program.path.display()));
            }
        }
    }
    // Every process exits by itself: on success, or with a clear error when a peer fails
    // (the connect timeout and the run deadline bound each one).
    let outputs: Vec<_> = children
        .into_iter()
        .map(|c| c.wait_with_output().map_err(|e| e.to_string()))
        .collect::<Result<_, _>>()?;
    let mut out = Vec::new();
    for (i, o) in outputs.iter().enumerate() {
        if !o.status.success() {
            return Err(failed(&format!("process {i}"), o));
        }
        out.push(result_line(&o.stdout)?);
    }
    Ok(out)
}
