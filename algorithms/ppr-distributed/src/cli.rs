//! The `ppr-dist` command line (also run by the suite as `cargo suite ppr-index …` and
//! `cargo suite ppr-query …`): `ppr-dist help` (or `--help` on any command) prints the usage. Parsed with clap (derive).

use std::path::PathBuf;
use std::time::Duration;

use clap::{Parser, Subcommand};

use crate::{Cluster, GraphFile, Job, Outcome};
use ppr::index::IndexParams;
use ppr::query::QueryParams;

/// What every command shares, and the stated limits (shown under each command's help).
const AFTER_HELP: &str = "\
Every process of a run is started with the same command, differing only in --process.
Limits: c in [1e-6, 1); T <= 10000; n*R*(1 + 1/c) <= 2^32 expected walk visits; edge-list
ids below max(2^20, 16 * edges); W and N in 1..=1024; rmat: scale 1..=30, edge factor
1..=64 and at most 2^28 edges.
The last stdout line of index and query is `RESULT {json}` with counts, digest, traffic and
phase times.";

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

/// PowerWalk indexing and batched queries on timely-dataflow, across threads and processes.
#[derive(Debug, Parser)]
#[command(name = "ppr-dist", after_help = AFTER_HELP)]
struct Cli {
    #[command(subcommand)]
    command: Verb,
}

#[derive(Debug, Subcommand)]
enum Verb {
    /// Build the PowerWalk fingerprint index (R walks from every vertex).
    Index {
        #[command(flatten)]
        graph: GraphArgs,
        #[command(flatten)]
        walks: WalkArgs,
        /// The paper's source-partitioned indexer: every worker loads the whole graph and
        /// walks from its interval of sources (no walk crosses workers; for graphs that fit
        /// every machine).
        #[arg(long)]
        by_sources: bool,
        /// Write the whole index (gathered at process 0) in the single-machine format.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        #[command(flatten)]
        cluster: ClusterArgs,
    },
    /// Answer a batch of queries (T + 1 supersteps) from an index built in the same run or
    /// read with --index.
    Query {
        #[command(flatten)]
        graph: GraphArgs,
        #[command(flatten)]
        sources: SourceArgs,
        /// Use this index (ppr's format). It fixes c, R, L and the seed, so --c, --walks,
        /// --seed and --max-len are refused with it, and an index of another graph is
        /// refused.
        #[arg(long, value_name = "FILE")]
        index: Option<PathBuf>,
        #[command(flatten)]
        walks: WalkArgs,
        /// Online decomposition steps T (0 ..= 10000).
        #[arg(long, short = 'T', default_value_t = 4, value_parser = steps)]
        steps: usize,
        /// Drop residual mass below θ during the decomposition.
        #[arg(long, default_value_t = 0.0)]
        theta: f64,
        /// Print the top K of each answer.
        #[arg(long, default_value_t = 0, value_name = "K")]
        top: usize,
        /// Write `position source vertex value` lines of every answer.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        #[command(flatten)]
        cluster: ClusterArgs,
    },
    /// Write an R-MAT edge list (Graph500 parameters).
    Rmat {
        /// log2 of the vertex count (1 ..= 30).
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..=30))]
        scale: u32,
        /// Edges per vertex (1 ..= 64).
        #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u32).range(1..=i64::from(MAX_EDGE_FACTOR)))]
        edge_factor: u32,
        /// The generator's seed.
        #[arg(long, default_value_t = ppr::rmat::RMAT_SEED)]
        seed: u64,
        /// Where to write the edge list.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
}

#[derive(Debug, Clone, clap::Args)]
struct GraphArgs {
    /// Edge list (`u v` lines; .gz ok) or graph-tool .gt/.gt.gz.
    #[arg(long, value_name = "FILE")]
    graph: PathBuf,
    /// Symmetrize an edge list.
    #[arg(long)]
    undirected: bool,
}

/// The index's parameters; absent ones take the defaults (R 16, seed 0, c 0.15, no length
/// cap).
#[derive(Debug, Clone, clap::Args)]
struct WalkArgs {
    /// Walks per vertex R [default: 16].
    #[arg(long, short = 'R', value_name = "R")]
    walks: Option<u32>,
    /// The walks' seed [default: 0].
    #[arg(long)]
    seed: Option<u64>,
    /// Teleport probability c [default: 0.15].
    #[arg(long)]
    c: Option<f64>,
    /// Cap on a walk's length L [default: none].
    #[arg(long, value_name = "L")]
    max_len: Option<u32>,
}

impl WalkArgs {
    fn given(&self) -> Vec<&'static str> {
        let mut flags = Vec::new();
        if self.c.is_some() {
            flags.push("--c");
        }
        if self.walks.is_some() {
            flags.push("--walks");
        }
        if self.seed.is_some() {
            flags.push("--seed");
        }
        if self.max_len.is_some() {
            flags.push("--max-len");
        }
        flags
    }

    fn params(&self) -> IndexParams {
        let d = IndexParams::default();
        IndexParams {
            c: self.c.unwrap_or(d.c),
            walks: self.walks.unwrap_or(d.walks),
            seed: self.seed.unwrap_or(d.seed),
            max_len: self.max_len.or(d.max_len),
            ..d
        }
    }
}

#[derive(Debug, Clone, clap::Args)]
#[group(required = true, multiple = false)]
struct SourceArgs {
    /// The query sources, e.g. 1,2,3.
    #[arg(long, value_name = "LIST", value_parser = source_list)]
    sources: Option<SourceList>,
    /// A file of source ids (separated by commas or white space).
    #[arg(long, value_name = "FILE")]
    sources_file: Option<PathBuf>,
}

impl SourceArgs {
    fn read(&self) -> Result<Vec<u32>, String> {
        match (&self.sources, &self.sources_file) {
            (Some(s), _) => Ok(s.0.clone()),
            (None, Some(p)) => {
                let text = std::fs::read_to_string(p)
                    .map_err(|e| format!("--sources-file {}: {e}", p.display()))?;
                parse_sources(&text)
            }
            (None, None) => Err("query needs --sources LIST or --sources-file FILE".into()),
        }
    }
}

#[derive(Debug, Clone, clap::Args)]
struct ClusterArgs {
    /// Worker threads per process (1 ..= 1024).
    #[arg(long, short = 'w', visible_alias = "threads", default_value_t = 1, value_parser = count)]
    workers: usize,
    /// Processes (1 ..= 1024).
    #[arg(long, short = 'n', default_value_t = 1, value_parser = count)]
    processes: usize,
    /// This process's id, 0 .. N.
    #[arg(long, short = 'p', default_value_t = 0)]
    process: usize,
    /// One host:port line per process (needed when N > 1).
    #[arg(long, value_name = "H")]
    hostfile: Option<PathBuf>,
    /// Give up if the peers are not all up after this many seconds.
    #[arg(long, default_value_t = 30.0, value_name = "SECS")]
    connect_timeout: f64,
    /// Give up if the run takes longer than this many seconds (any N).
    #[arg(long, value_name = "SECS")]
    timeout: Option<f64>,
    /// Run the single-machine ppr crate instead (the baseline).
    #[arg(long)]
    single_machine: bool,
    /// Fault injection for the tests: this process exits at that superstep.
    #[arg(long, hide = true)]
    crash_at_superstep: Option<u64>,
}

/// What a parsed `index` or `query` command runs.
struct Args {
    command: &'static str,
    graph: GraphArgs,
    index: IndexParams,
    out: Option<PathBuf>,
    index_file: Option<PathBuf>,
    sources: Option<Vec<u32>>,
    query: QueryParams,
    top: usize,
    cluster: ClusterArgs,
    by_sources: bool,
}

/// A parsed `--sources` list (one value to clap, not one per id).
#[derive(Debug, Clone)]
struct SourceList(Vec<u32>);

fn source_list(text: &str) -> Result<SourceList, String> {
    parse_sources(text).map(SourceList)
}

fn parse_sources(text: &str) -> Result<Vec<u32>, String> {
    text.split(|c: char| c == ',' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().map_err(|_| format!("`{s}` is not a vertex id")))
        .collect()
}

fn count(text: &str) -> Result<usize, String> {
    let k: usize = text
        .parse()
        .map_err(|_| format!("`{text}` is not a whole number"))?;
    if !(1..=MAX_WORKERS).contains(&k) {
        return Err(format!(
            "{k} is outside the supported range 1 ..= {MAX_WORKERS}"
        ));
    }
    Ok(k)
}

fn steps(text: &str) -> Result<usize, String> {
    let max = ppr::limits::MAX_STEPS;
    match text.parse::<usize>() {
        Ok(t) if t <= max => Ok(t),
        _ => Err(format!(
            "`{text}` is outside the supported range 0 ..= {max}"
        )),
    }
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

/// Parses `argv` (without the program name) into what to run; `Ok(None)` when clap printed
/// help (to standard output) and there is nothing to run.
fn parse(argv: &[String]) -> Result<Option<Args>, String> {
    let cli = match Cli::try_parse_from(
        std::iter::once("ppr-dist".to_string()).chain(argv.iter().cloned()),
    ) {
        Ok(cli) => cli,
        Err(e) => {
            use clap::error::ErrorKind;
            let text = e.render().to_string();
            return match e.kind() {
                ErrorKind::DisplayHelp
                | ErrorKind::DisplayVersion
                | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
                    print_out(&text);
                    Ok(None)
                }
                _ => Err(text
                    .trim_end()
                    .strip_prefix("error: ")
                    .unwrap_or(text.trim_end())
                    .to_string()),
            };
        }
    };
    Ok(Some(match cli.command {
        Verb::Index {
            graph,
            walks,
            by_sources,
            out,
            cluster,
        } => Args {
            command: "index",
            graph,
            index: walks.params(),
            out,
            index_file: None,
            sources: None,
            query: QueryParams {
                steps: 4,
                theta: 0.0,
            },
            top: 0,
            cluster,
            by_sources,
        },
        Verb::Query {
            graph,
            sources,
            index,
            walks,
            steps,
            theta,
            top,
            out,
            cluster,
        } => {
            if index.is_some() && !walks.given().is_empty() {
                return Err(format!(
                    "{} cannot be given with --index: the index file fixes c, R, L and the seed",
                    walks.given().join(", ")
                ));
            }
            Args {
                command: "query",
                graph,
                index: walks.params(),
                out,
                index_file: index,
                sources: Some(sources.read()?),
                query: QueryParams { steps, theta },
                top,
                cluster,
                by_sources: false,
            }
        }
        Verb::Rmat {
            scale,
            edge_factor,
            seed,
            out,
        } => {
            write_rmat(scale, edge_factor, seed, &out)?;
            return Ok(None);
        }
    }))
}

/// Runs the command line `argv` (without the program name): `index …`, `query …`, `rmat …`
/// or `help` (every command also takes `--help`; `-h` means help and nothing else). Prints
/// a `RESULT {json}` line on success.
///
/// # Errors
/// A message for the user (bad flags, or the run's [`crate::DistError`]).
pub fn main(argv: &[String]) -> Result<(), String> {
    let Some(a) = parse(argv)? else {
        return Ok(());
    };
    let graph = a.graph.graph.clone();
    let c = &a.cluster;
    let mut cluster = match (&c.hostfile, c.processes) {
        (_, 1) => Cluster::local(c.workers),
        (Some(h), n) => {
            Cluster::from_hostfile(h, n, c.process, c.workers).map_err(|e| e.to_string())?
        }
        (None, n) => {
            return Err(format!(
                "--processes {n} needs --hostfile H (one host:port line per process)"
            ));
        }
    };
    cluster.process = c.process;
    cluster.connect_timeout = seconds("--connect-timeout", c.connect_timeout)?;
    cluster.run_timeout = c.timeout.map(|s| seconds("--timeout", s)).transpose()?;
    let mut job = Job::index(
        GraphFile {
            path: graph,
            undirected: a.graph.undirected,
        },
        a.index,
    );
    job.crash_at = c.crash_at_superstep;
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
    let o = if c.single_machine {
        let _deadline = crate::cluster::Deadline::arm(cluster.run_timeout, c.process);
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
fn write_rmat(scale: u32, ef: u32, seed: u64, out: &std::path::Path) -> Result<(), String> {
    let edges = u64::from(ef) << scale;
    if edges > MAX_RMAT_EDGES {
        return Err(format!(
            "--scale {scale} --edge-factor {ef} asks for {edges} edges, beyond the limit of \
             {MAX_RMAT_EDGES}"
        ));
    }
    let mut text = String::new();
    for (u, v) in ppr::rmat::rmat(scale, ef, seed) {
        text.push_str(&format!("{u} {v}\n"));
    }
    std::fs::write(out, text).map_err(|e| format!("{}: {e}", out.display()))
}
