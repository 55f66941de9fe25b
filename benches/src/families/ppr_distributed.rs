//! Suite glue for PowerWalk on timely (`algobench-ppr-distributed`): the `ppr-index` and
//! `ppr-query` runners, and the distributed section of `reports/ppr.md`.
//!
//! The ppr family wires it in: its `commands()` list `ppr-index` and `ppr-query`, whose
//! `run_cli` calls [`run_cli`]; its `report_extras` calls [`measure`] (quick and full
//! profiles) and appends [`report_section`]. The measurement starts the suite's own binary
//! (`program` = `std::env::current_exe()`, `prefix` = `["ppr-index"]`) as subprocesses:
//! the single-machine builder, one timely process, and two processes on loopback, in the
//! same run, on rmat17 with R = 16.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

/// The raw results file, relative to the reports folder.
pub const RAW: &str = "raw/quick/ppr-distributed.json";

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

/// Usage lines for the suite's help.
pub const USAGE: &[(&str, &str)] = &[
    (
        "ppr-index",
        "--graph FILE [--walks R] [--seed S] [--out INDEX] [-w W] [-n N -p I -h HOSTFILE]",
    ),
    (
        "ppr-query",
        "--graph FILE --sources 1,2,3 [--steps T] [--theta θ] [--index INDEX] [--top K] [-w W] [-n N -p I -h HOSTFILE]",
    ),
];

fn result_line(stdout: &str) -> Result<Value, String> {
    let line = stdout
        .lines()
        .filter_map(|l| l.strip_prefix("RESULT "))
        .next_back()
        .ok_or_else(|| format!("no RESULT line in output:\n{stdout}"))?;
    serde_json::from_str(line).map_err(|e| e.to_string())
}

fn run_one(program: &Path, argv: &[String]) -> Result<Value, String> {
    let out = Command::new(program)
        .args(argv)
        .output()
        .map_err(|e| format!("{}: {e}", program.display()))?;
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).into_owned());
    }
    result_line(&String::from_utf8_lossy(&out.stdout))
}

fn free_ports(k: usize) -> Result<Vec<u16>, String> {
    let ls: Vec<_> = (0..k)
        .map(|_| std::net::TcpListener::bind("127.0.0.1:0"))
        .collect::<Result<_, _>>()
        .map_err(|e| e.to_string())?;
    ls.iter()
        .map(|l| l.local_addr().map(|a| a.port()).map_err(|e| e.to_string()))
        .collect()
}

/// Runs `processes` processes on loopback; returns their RESULT lines.
fn run_processes(
    program: &Path,
    argv: &[String],
    processes: usize,
    dir: &Path,
) -> Result<Vec<Value>, String> {
    let hosts = dir.join("hosts.txt");
    let text: String = free_ports(processes)?
        .iter()
        .map(|p| format!("127.0.0.1:{p}\n"))
        .collect();
    std::fs::write(&hosts, text).map_err(|e| e.to_string())?;
    let children: Vec<_> = (0..processes)
        .rev()
        .map(|i| {
            let mut a = argv.to_vec();
            for x in ["-n", &processes.to_string(), "-p", &i.to_string(), "-h"] {
                a.push(x.to_string());
            }
            a.push(hosts.display().to_string());
            a.extend([
                "--connect-timeout".into(),
                "60".into(),
                "--timeout".into(),
                "600".into(),
            ]);
            Command::new(program)
                .args(&a)
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .map_err(|e| e.to_string())
        })
        .collect::<Result<_, _>>()?;
    let mut out = Vec::new();
    for c in children {
        let o = c.wait_with_output().map_err(|e| e.to_string())?;
        if !o.status.success() {
            return Err(String::from_utf8_lossy(&o.stderr).into_owned());
        }
        out.push(result_line(&String::from_utf8_lossy(&o.stdout))?);
    }
    out.sort_by_key(|v| v["process"].as_u64());
    Ok(out)
}

/// Measures single-machine, one timely process and two processes on rmat17 (R = 16), the
/// 2-process index checked against the single-machine digest, and a batch of 16 queries
/// (T = 4), each run started as `program prefix… --graph … --sources …` (the query
/// command, which builds the index first); writes `reports_dir/`[`RAW`]. `repeats` runs of each,
/// interleaved, medians reported.
///
/// # Errors
/// A failed run or unwritable file.
pub fn measure(
    program: &Path,
    prefix: &[&str],
    reports_dir: &Path,
    scale: u32,
    repeats: usize,
) -> Result<(), String> {
    let work = std::env::temp_dir().join(format!("ppr-dist-measure-{}", std::process::id()));
    std::fs::create_dir_all(&work).map_err(|e| e.to_string())?;
    let graph = work.join(format!("rmat{scale}.txt"));
    let arcs = ppr_distributed::ppr::rmat::rmat(scale, 8, ppr_distributed::ppr::rmat::RMAT_SEED);
    let text: String = arcs.iter().map(|(u, v)| format!("{u} {v}\n")).collect();
    std::fs::write(&graph, text).map_err(|e| e.to_string())?;
    let base = |verb_args: &[&str]| -> Vec<String> {
        let mut a: Vec<String> = prefix.iter().map(|s| s.to_string()).collect();
        a.extend(["--graph".to_string(), graph.display().to_string()]);
        a.extend(["--walks", "16", "--seed", "0"].map(String::from));
        a.extend(verb_args.iter().map(|s| s.to_string()));
        a
    };
    let sources: Vec<String> = (0..16u32)
        .map(|i| (i * 7919 % (1 << scale)).to_string())
        .collect();
    let query = ["--sources", &sources.join(","), "--steps", "4"];
    let mut rows = Vec::new();
    for rep in 0..repeats {
        let mut single = base(&["--single-machine"]);
        single.extend(query.iter().map(|s| s.to_string()));
        rows.push(("single", rep, vec![run_one(program, &single)?]));
        let mut q = base(&[]);
        q.extend(query.iter().map(|s| s.to_string()));
        rows.push(("1-process", rep, vec![run_one(program, &q)?]));
        rows.push(("2-processes", rep, run_processes(program, &q, 2, &work)?));
    }
    let json = serde_json::json!({
        "graph": format!("rmat{scale}"),
        "walks": 16,
        "batch": 16,
        "steps": 4,
        "runs": rows.iter().map(|(name, rep, v)| serde_json::json!({
            "setting": name, "repeat": rep, "processes": v,
        })).collect::<Vec<_>>(),
    });
    let path = reports_dir.join(RAW);
    if let Some(p) = path.parent() {
        std::fs::create_dir_all(p).map_err(|e| e.to_string())?;
    }
    std::fs::write(
        &path,
        serde_json::to_string_pretty(&json).unwrap_or_default(),
    )
    .map_err(|e| format!("{}: {e}", path.display()))?;
    let _ = std::fs::remove_dir_all(&work);
    Ok(())
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    if v.is_empty() {
        f64::NAN
    } else {
        v[v.len() / 2]
    }
}

/// The distributed section of `reports/ppr.md`, from `reports_dir/`[`RAW`] (written by
/// [`measure`]); says so when the file is missing.
pub fn report_section(reports_dir: &Path) -> String {
    let path: PathBuf = reports_dir.join(RAW);
    let Ok(text) = std::fs::read_to_string(&path) else {
        return format!("## Distributed (timely)\n\nNo measurement: `{RAW}` is missing.\n");
    };
    let Ok(j) = serde_json::from_str::<Value>(&text) else {
        return format!("## Distributed (timely)\n\n`{RAW}` is not valid JSON.\n");
    };
    let runs = j["runs"].as_array().cloned().unwrap_or_default();
    let get = |setting: &str, key: &str, agg: fn(&[Value], &str) -> f64| {
        median(
            runs.iter()
                .filter(|r| r["setting"] == setting)
                .map(|r| agg(r["processes"].as_array().map_or(&[][..], |v| v), key))
                .collect(),
        )
    };
    let max = |v: &[Value], k: &str| v.iter().filter_map(|p| p[k].as_f64()).fold(0.0, f64::max);
    let first = |v: &[Value], k: &str| v.first().and_then(|p| p[k].as_f64()).unwrap_or(f64::NAN);
    let single_index = get("single", "index_s", max);
    let mut s = String::from("## Distributed (timely)\n\n");
    s.push_str(&format!(
        "PowerWalk index (R = {}) and a batch of {} queries (T = {}) on {}: the single-machine \
         builder, one timely process (1 worker), and two processes on loopback (1 worker each), \
         started as subprocesses in the same run; medians of {} runs. Setup = connection and \
         digest exchange; compute = index (or query) phase, the slowest process.\n\n",
        j["walks"],
        j["batch"],
        j["steps"],
        j["graph"].as_str().unwrap_or("?"),
        runs.iter().filter(|r| r["setting"] == "single").count()
    ));
    s.push_str("| setting | setup s | load s | index s | × single | query s | supersteps (index / query) | bytes to other processes |\n|---|---|---|---|---|---|---|---|\n");
    for setting in ["single", "1-process", "2-processes"] {
        let index_s = get(setting, "index_s", max);
        s.push_str(&format!(
            "| {setting} | {:.3} | {:.3} | {:.3} | {:.2} | {:.3} | {:.0} / {:.0} | {:.0} |\n",
            get(setting, "setup_s", max),
            get(setting, "load_s", max),
            index_s,
            index_s / single_index,
            get(setting, "query_s", max),
            get(setting, "supersteps", first) - get(setting, "query_supersteps", first),
            get(setting, "query_supersteps", first),
            get(setting, "bytes_remote", first),
        ));
    }
    let digests: Vec<String> = runs
        .iter()
        .flat_map(|r| r["processes"].as_array().cloned().unwrap_or_default())
        .filter_map(|p| p["digest"].as_str().map(String::from))
        .collect();
    let equal = digests.windows(2).all(|w| w[0] == w[1]);
    s.push_str(&format!(
        "\nIndex equality: every run's order-insensitive digest {} ({}); the tests also \
         compare every entry. Target: 2-process index compute within 3× of single-process: \
         **{}** ({:.2}×).\n",
        if equal { "is equal" } else { "DIFFERS" },
        digests.first().map_or("?", |d| d.as_str()),
        if get("2-processes", "index_s", max) <= 3.0 * single_index {
            "met"
        } else {
            "missed"
        },
        get("2-processes", "index_s", max) / single_index,
    ));
    s
}
