//! The `ppr-dist` command line (also run by the suite as `cargo suite ppr-index …` and
//! `cargo suite ppr-query …`): `ppr-dist help` prints the usage.

use std::path::PathBuf;
use std::time::Duration;

use crate::{Cluster, GraphFile, Job, Outcome};
use ppr::index::IndexParams;
use ppr::query::QueryParams;

/// The usage text, with every stated limit.
pub const USAGE: &str = "\
usage: ppr-dist index --graph FILE [options]
       ppr-dist query --graph FILE (--sources 1,2,3 | --sources-file FILE) [options]
       ppr-dist rmat --scale S [--edge-factor 8] [--seed S] --out FILE   (write an R-MAT edge list)
       ppr-dist help   (or --help on any command)

Every process of a run is started with the same command, differing only in --process.

graph:    --graph FILE        edge list (`u v` lines; .gz ok) or graph-tool .gt/.gt.gz
          --undirected        symmetrize an edge list
index:    --walks R (16)  --seed S (0)  --c C (0.15)  --max-len L (none)
          --by-sources        the paper's source-partitioned indexer: every worker loads the
                              whole graph and walks from its interval of sources (no walk
                              crosses workers; for graphs that fit every machine)
          --out FILE          index: write the whole index (gathered at process 0) in the
                              single-machine format; query: write `position source vertex
                              value` lines of every answer
query:    --index FILE        use this index (ppr's format); it fixes c, R, L and the seed,
                              so --c, --walks, --seed and --max-len are refused with it, and
                              an index of another graph is refused
          --steps T (4)  --theta θ (0)  --top K (print the top K of each answer)
workers:  -w, --workers, --threads W   worker threads per process (1)
          -n, --processes N             processes (1)
          -p, --process I               this process's id, 0..N (0)
          --hostfile H                  one host:port line per process (needed when N > 1)
          --connect-timeout SECS (30)   give up if the peers are not all up by then
          --timeout SECS                give up if the run takes longer (any N)
          --single-machine              run the single-machine ppr crate instead (baseline)
limits:   c in [1e-6, 1); T ≤ 10000; n·R·(1 + 1/c) ≤ 2^32 expected walk visits; edge-list
          ids below max(2^20, 16 · edges); W and N in 1..=1024; rmat: scale 1..=30,
          edge factor 1..=64 and at most 2^28 edges
The last stdout line is `RESULT {json}` with counts, digest, traffic and phase times.";

/// The most worker threads per process, and the most processes.
pub const MAX_WORKERS: usize = 1024;
/// The most edges `rmat` writes (`edge factor · 2^scale`).
pub const MAX_RMAT_EDGES: u64 = 1 << 28;
/// The largest R-MAT edge factor.
pub const MAX_EDGE_FACTOR: u32 = 64;

/// Writes to standard output; a closed pipe (`ppr-dist … | head -1`) ends the process
/// quietly with exit code 0 instead of a panic. The one home of this for `ppr-dist`,
/// `cargo suite ppr-index` and `cargo suite ppr-query`.
pub fn print_out(text: &str) {
    use std::io::Write as _;
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("ppr-dist: error writing to standard output: {e}");
        std::process::exit(1);
    }
}

struct Args {
    command: String,
    help: bool,
    index_flags: Vec<String>,
    graph: Option<PathBuf>,
    undirected: bool,
    index: IndexParams,
    out: Option<PathBuf>,
    index_file: Option<PathBuf>,
    sources: Option<Vec<u32>>,
    query: QueryParams,
    top: usize,
    workers: usize,
    processes: usize,
    process: usize,
    hostfile: Option<PathBuf>,
    connect_timeout: f64,
    timeout: Option<f64>,
    crash_at: Option<u64>,
    single: bool,
    by_sources: bool,
}

fn parse_sources(text: &str) -> Result<Vec<u32>, String> {
    text.split(|c: char| c == ',' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().map_err(|_| format!("`{s}` is not a vertex id")))
        .collect()
}

fn parse(argv: &[String]) -> Result<Args, String> {
    let mut it = argv.iter();
    let command = it.next().cloned().unwrap_or_else(|| "help".into());
    let mut a = Args {
        command,
        help: false,
        graph: None,
        undirected: false,
        index: IndexParams::default(),
        index_flags: Vec::new(),
        out: None,
        index_file: None,
        sources: None,
        query: QueryParams {
            steps: 4,
            theta: 0.0,
        },
        top: 0,
        workers: 1,
        processes: 1,
        process: 0,
        hostfile: None,
        connect_timeout: 30.0,
        timeout: None,
        crash_at: None,
        single: false,
        by_sources: false,
    };
    fn num<T: std::str::FromStr>(flag: &str, v: Option<&String>) -> Result<T, String> {
        let v = v.ok_or_else(|| format!("{flag} needs a value"))?;
        v.parse()
            .map_err(|_| format!("{flag}: `{v}` is not a valid value"))
    }
    fn count(flag: &str, v: Option<&String>) -> Result<usize, String> {
        let k: usize = num(flag, v)?;
        if !(1..=MAX_WORKERS).contains(&k) {
            return Err(format!(
                "{flag}: {k} is outside the supported range 1 ..= {MAX_WORKERS}"
            ));
        }
        Ok(k)
    }
    while let Some(flag) = it.next() {
        let f = flag.as_str();
        if matches!(f, "--c" | "--walks" | "-R" | "--seed" | "--max-len") {
            a.index_flags.push(f.to_string());
        }
        match f {
            "--help" | "-h" => a.help = true,
            "--graph" => a.graph = Some(num::<PathBuf>(f, it.next())?),
            "--undirected" => a.undirected = true,
            "--walks" | "-R" => a.index.walks = num(f, it.next())?,
            "--seed" => a.index.seed = num(f, it.next())?,
            "--c" => a.index.c = num(f, it.next())?,
            "--max-len" => a.index.max_len = Some(num(f, it.next())?),
            "--out" => a.out = Some(num::<PathBuf>(f, it.next())?),
            "--index" => a.index_file = Some(num::<PathBuf>(f, it.next())?),
            "--sources" => a.sources = Some(parse_sources(&num::<String>(f, it.next())?)?),
            "--sources-file" => {
                let p: PathBuf = num(f, it.next())?;
                let text = std::fs::read_to_string(&p)
                    .map_err(|e| format!("--sources-file {}: {e}", p.display()))?;
                a.sources = Some(parse_sources(&text)?);
            }
            "--steps" | "-T" => {
                a.query.steps = num(f, it.next())?;
                if a.query.steps > ppr::limits::MAX_STEPS {
                    return Err(format!(
                        "{f}: {} is outside the supported range 0 ..= {}",
                        a.query.steps,
                        ppr::limits::MAX_STEPS
                    ));
                }
            }
            "--theta" => a.query.theta = num(f, it.next())?,
            "--top" => a.top = num(f, it.next())?,
            "-w" | "--workers" | "--threads" => a.workers = count(f, it.next())?,
            "-n" | "--processes" => a.processes = count(f, it.next())?,
            "-p" | "--process" => a.process = num(f, it.next())?,
            "--hostfile" => a.hostfile = Some(num::<PathBuf>(f, it.next())?),
            "--connect-timeout" => a.connect_timeout = num(f, it.next())?,
            "--timeout" => a.timeout = Some(num(f, it.next())?),
            "--single-machine" => a.single = true,
            "--by-sources" => a.by_sources = true,
            "--crash-at-superstep" => a.crash_at = Some(num(f, it.next())?),
            _ => return Err(format!("unknown flag `{f}` (see --help)")),
        }
    }
    if a.index_file.is_some() && !a.index_flags.is_empty() {
        return Err(format!(
            "{} cannot be given with --index: the index file fixes c, R, L and the seed",
            a.index_flags.join(", ")
        ));
    }
    Ok(a)
}

fn seconds(flag: &str, s: f64) -> Result<Duration, String> {
    Duration::try_from_secs_f64(s)
        .ok()
        .filter(|d| !d.is_zero())
        .ok_or_else(|| format!("{flag}: {s} is not a positive duration in seconds"))
}

fn json(a: &Args, cluster: &Cluster, o: &Outcome) -> String {
    let t = &o.timings;
    format!(
        "{{\"command\":\"{}\",\"process\":{},\"processes\":{},\"workers\":{},\"peers\":{},\
         \"n\":{},\"m\":{},\"c\":{},\"walks\":{},\"seed\":{},\"graph_digest\":\"{:016x}\",\"entries\":{},\"digest\":\"{:016x}\",\"visits\":{},\
         \"supersteps\":{},\"query_supersteps\":{},\"bytes_local\":{},\"bytes_remote\":{},\
         \"index_supersteps\":{},\"index_bytes_local\":{},\"index_bytes_remote\":{},\
         \"query_bytes_local\":{},\"query_bytes_remote\":{},\"sources\":{},\"steps\":{},\
         \"mass_min\":{},\"mass_max\":{},\"digest_s\":{},\"setup_s\":{},\"load_s\":{},\"index_s\":{},\"query_s\":{},\
         \"gather_s\":{}}}",
        a.command,
        o.process,
        cluster.processes,
        cluster.workers,
        o.peers,
        o.n,
        o.m,
        o.params.c,
        o.params.walks,
        o.params.seed,
        o.graph_digest,
        o.entries,
        o.digest,
        o.visits,
        o.traffic.supersteps,
        o.query_supersteps,
        o.traffic.bytes_local,
        o.traffic.bytes_remote,
        o.index_traffic.supersteps,
        o.index_traffic.bytes_local,
        o.index_traffic.bytes_remote,
        o.query_traffic.bytes_local,
        o.query_traffic.bytes_remote,
        a.sources.as_ref().map_or(0, Vec::len),
        a.query.steps,
        o.answer_mass.map_or(0.0, |m| m.0),
        o.answer_mass.map_or(0.0, |m| m.1),
        t.digest_s,
        t.setup_s,
        t.load_s,
        t.index_s,
        t.query_s,
        t.gather_s
    )
}

/// Runs the command line `argv` (without the program name): `index …`, `query …`, `rmat …`
/// or `help`. Prints a `RESULT {json}` line on success.
///
/// # Errors
/// A message for the user (bad flags, or the run's [`crate::DistError`]).
pub fn main(argv: &[String]) -> Result<(), String> {
    if argv.first().is_some_and(|c| c == "rmat") {
        return write_rmat(argv);
    }
    let a = parse(argv)?;
    if a.help || matches!(a.command.as_str(), "help" | "--help" | "-h") {
        print_out(&format!("{USAGE}\n"));
        return Ok(());
    }
    if !matches!(a.command.as_str(), "index" | "query") {
        return Err(format!("unknown command `{}`\n{USAGE}", a.command));
    }
    let graph = a.graph.clone().ok_or("--graph FILE is required")?;
    let mut cluster = match (&a.hostfile, a.processes) {
        (_, 1) => Cluster::local(a.workers),
        (Some(h), n) => {
            Cluster::from_hostfile(h, n, a.process, a.workers).map_err(|e| e.to_string())?
        }
        (None, n) => {
            return Err(format!(
                "--processes {n} needs --hostfile H (one host:port line per process)"
            ));
        }
    };
    cluster.process = a.process;
    cluster.connect_timeout = seconds("--connect-timeout", a.connect_timeout)?;
    cluster.run_timeout = a.timeout.map(|s| seconds("--timeout", s)).transpose()?;
    let mut job = Job::index(
        GraphFile {
            path: graph,
            undirected: a.undirected,
        },
        a.index,
    );
    job.crash_at = a.crash_at;
    job.by_sources = a.by_sources;
    if a.command == "index" {
        job.gather_index = a.out.is_some();
    } else {
        let sources = a
            .sources
            .clone()
            .ok_or("query needs --sources LIST or --sources-file FILE")?;
        job.query = Some((sources, a.query));
        job.index_file = a.index_file.clone();
        job.gather_answers = a.out.is_some() || a.top > 0;
    }
    let o = if a.single {
        let _deadline = crate::cluster::Deadline::arm(cluster.run_timeout, a.process);
        single_machine(&job)?
    } else {
        crate::run(&cluster, &job).map_err(|e| e.to_string())?
    };
    if let (Some(path), Some(index)) = (&a.out, &o.index) {
        ppr::index_io::save(index, path).map_err(|e| e.to_string())?;
    }
    if let (Some(answers), Some((sources, _))) = (&o.answers, &job.query) {
        if let Some(path) = &a.out {
            let mut text = String::new();
            for (i, ans) in answers.iter().enumerate() {
                for &(v, x) in ans {
                    text.push_str(&format!("{i} {} {v} {x:e}\n", sources[i]));
                }
            }
            std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))?;
        }
        for (i, ans) in answers.iter().enumerate().filter(|_| a.top > 0) {
            let mut best = ans.clone();
            best.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
            for &(v, x) in best.iter().take(a.top) {
                print_out(&format!("TOP {i} {} {v} {x:e}\n", sources[i]));
            }
        }
    }
    eprintln!(
        "ppr-dist {}: process {}/{} ({} workers in all): n {}, m {}, {} index entries, digest \
         {:016x}; {} supersteps, {} B to other processes; setup {:.3} s, load {:.3} s, index \
         {:.3} s, query {:.3} s",
        a.command,
        o.process,
        cluster.processes,
        o.peers,
        o.n,
        o.m,
        o.entries,
        o.digest,
        o.traffic.supersteps,
        o.traffic.bytes_remote,
        o.timings.setup_s,
        o.timings.load_s,
        o.timings.index_s,
        o.timings.query_s
    );
    print_out(&format!("RESULT {}\n", json(&a, &cluster, &o)));
    Ok(())
}

/// The single-machine baseline: `ppr`'s loader, builder (one thread) and batch, timed the
/// same way.
fn single_machine(job: &Job) -> Result<Outcome, String> {
    use std::time::Instant;
    let t = Instant::now();
    let g = ppr::edgelist::load_graph(&job.graph.path, job.graph.undirected)
        .map_err(|e| e.to_string())?;
    let load_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let index = match &job.index_file {
        Some(p) => ppr::index_io::load(p),
        None => ppr::index::build_index(
            &g,
            &IndexParams {
                threads: 1,
                ..job.index
            },
        ),
    }
    .map_err(|e| e.to_string())?;
    let index_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let mut answers = None;
    if let Some((sources, q)) = &job.query {
        let mut all = Vec::new();
        ppr::batch::query_batch_with(&g, &index, sources, q, |_, _, pi| {
            all.push(
                pi.iter()
                    .enumerate()
                    .filter(|e| *e.1 != 0.0)
                    .map(|(v, &x)| (v as u32, x))
                    .collect(),
            )
        })
        .map_err(|e| e.to_string())?;
        answers = Some(all);
    }
    let query_s = t.elapsed().as_secs_f64();
    Ok(Outcome {
        process: 0,
        peers: 1,
        n: g.n(),
        m: g.m() as u64,
        entries: index.entries() as u64,
        digest: index.digest(),
        visits: (0..index.n() as u32)
            .map(|u| u64::from(index.fingerprint(u).2))
            .sum(),
        traffic: crate::Traffic::default(),
        index_traffic: crate::Traffic::default(),
        query_traffic: crate::Traffic::default(),
        timings: crate::Timings {
            load_s,
            index_s,
            query_s,
            ..Default::default()
        },
        query_supersteps: 0,
        params: IndexParams {
            c: index.c(),
            walks: index.walks(),
            max_len: index.max_len(),
            seed: index.seed(),
            threads: 1,
        },
        graph_digest: g.arc_digest(),
        answer_mass: answers.as_ref().map(|all: &Vec<Vec<(u32, f64)>>| {
            let mass: Vec<f64> = all.iter().map(|a| a.iter().map(|e| e.1).sum()).collect();
            crate::run::mass_range(&mass)
        }),
        answers: answers.filter(|_| job.gather_answers),
        index: job.gather_index.then_some(index),
    })
}

/// `rmat --scale S [--edge-factor F] [--seed X] --out FILE`: the single-machine crate's R-MAT
/// generator (Graph500 parameters, seed [`ppr::rmat::RMAT_SEED`] by default) as an edge list.
fn write_rmat(argv: &[String]) -> Result<(), String> {
    let (mut scale, mut ef, mut seed, mut out) = (None, 8u32, ppr::rmat::RMAT_SEED, None);
    let mut it = argv.iter().skip(1);
    while let Some(f) = it.next() {
        if f == "--help" || f == "-h" {
            print_out(&format!("{USAGE}\n"));
            return Ok(());
        }
        let v = it.next().ok_or_else(|| format!("{f} needs a value"))?;
        let bad = |_| format!("{f}: `{v}` is not a valid value");
        match f.as_str() {
            "--scale" => scale = Some(v.parse::<u32>().map_err(bad)?),
            "--edge-factor" => ef = v.parse().map_err(bad)?,
            "--seed" => seed = v.parse().map_err(bad)?,
            "--out" => out = Some(PathBuf::from(v)),
            _ => return Err(format!("unknown flag `{f}` (see --help)")),
        }
    }
    let scale = scale
        .filter(|s| (1..=30).contains(s))
        .ok_or("--scale S in 1..=30 is required")?;
    if !(1..=MAX_EDGE_FACTOR).contains(&ef) {
        return Err(format!(
            "--edge-factor: {ef} is outside the supported range 1 ..= {MAX_EDGE_FACTOR}"
        ));
    }
    let edges = u64::from(ef) << scale;
    if edges > MAX_RMAT_EDGES {
        return Err(format!(
            "--scale {scale} --edge-factor {ef} asks for {edges} edges, beyond the limit of \
             {MAX_RMAT_EDGES}"
        ));
    }
    let out = out.ok_or("--out FILE is required")?;
    let mut text = String::new();
    for (u, v) in ppr::rmat::rmat(scale, ef, seed) {
        text.push_str(&format!("{u} {v}\n"));
    }
    std::fs::write(&out, text).map_err(|e| format!("{}: {e}", out.display()))
}
