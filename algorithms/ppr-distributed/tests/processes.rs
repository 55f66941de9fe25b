//! Two OS processes on loopback (the test starts its own binary twice, on free ports): the
//! same index bit for bit and the same answers as one machine; a process that dies, an
//! unreachable peer, a short hostfile and mismatched graph files all end with a clear error
//! within a bounded time.

mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use common::*;
use ppr::index::{IndexParams, build_index};

const LIMIT: Duration = Duration::from_secs(30);

/// Starts process 0 and 1 with `args` (plus the cluster flags) and waits for both.
fn pair(dir: &Path, base: &[String], extra1: &[String]) -> (Done, Done) {
    let mut base1 = base.to_vec();
    base1.extend_from_slice(extra1);
    pair_of(dir, base, &base1)
}

/// Processes 0 and 1 started with `base0` and `base1` and the cluster flags.
fn pair_of(dir: &Path, base0: &[String], base1: &[String]) -> (Done, Done) {
    let hosts = hostfile(dir, 2);
    let cluster = |i: usize| {
        let mut a = if i == 0 { base0 } else { base1 }.to_vec();
        a.extend(args(&["-n", "2", "-p", &i.to_string(), "--hostfile"]));
        a.push(hosts.display().to_string());
        a.extend(args(&["--connect-timeout", "20"]));
        a
    };
    let p1 = spawn(&cluster(1));
    let p0 = spawn(&cluster(0));
    let d0 = wait(p0, LIMIT);
    let d1 = wait(p1, LIMIT);
    (d0, d1)
}

fn graph_args(cmd: &str, graph: &Path) -> Vec<String> {
    args(&[
        cmd,
        "--graph",
        &graph.display().to_string(),
        "--walks",
        "8",
        "--seed",
        "5",
    ])
}

#[test]
fn two_processes_build_the_single_machine_index() {
    let dir = tmp("proc-index");
    let graph = rmat_file(&dir, 11);
    let out = dir.join("two.idx");
    let mut base = graph_args("index", &graph);
    base.extend(args(&["--out", &out.display().to_string()]));
    let (d0, d1) = pair(&dir, &base, &[]);
    assert_eq!(d0.code, Some(0), "{}", d0.stderr);
    assert_eq!(d1.code, Some(0), "{}", d1.stderr);
    let g = ppr::edgelist::load_graph(&graph, false).unwrap();
    let single = build_index(
        &g,
        &IndexParams {
            walks: 8,
            seed: 5,
            ..Default::default()
        },
    )
    .unwrap();
    let digest = format!("{:016x}", single.digest());
    assert_eq!(field(&d0.stdout, "digest"), digest);
    assert_eq!(field(&d1.stdout, "digest"), digest);
    assert_eq!(field(&d1.stdout, "entries"), single.entries().to_string());
    assert_eq!(ppr::index_io::load(&out).unwrap(), single);
    assert!(field(&d0.stdout, "bytes_remote").parse::<u64>().unwrap() > 0);
}

fn read_answers(path: &PathBuf, batch: usize, n: usize) -> Vec<Vec<f64>> {
    let mut out = vec![vec![0.0; n]; batch];
    for line in std::fs::read_to_string(path).unwrap().lines() {
        let f: Vec<&str> = line.split(' ').collect();
        let (i, v): (usize, usize) = (f[0].parse().unwrap(), f[2].parse().unwrap());
        out[i][v] = f[3].parse().unwrap();
    }
    out
}

#[test]
fn two_processes_answer_a_batch_like_one_machine() {
    let dir = tmp("proc-query");
    let graph = rmat_file(&dir, 10);
    let out = dir.join("answers.txt");
    let sources = [3u32, 99, 512, 3];
    let mut base = graph_args("query", &graph);
    base.extend(args(&[
        "--sources",
        "3,99,512,3",
        "--steps",
        "5",
        "--out",
        &out.display().to_string(),
    ]));
    let (d0, d1) = pair(&dir, &base, &[]);
    assert_eq!(d0.code, Some(0), "{}", d0.stderr);
    assert_eq!(d1.code, Some(0), "{}", d1.stderr);
    assert_eq!(field(&d0.stdout, "query_supersteps"), "6");
    let g = ppr::edgelist::load_graph(&graph, false).unwrap();
    let p = IndexParams {
        walks: 8,
        seed: 5,
        ..Default::default()
    };
    let index = build_index(&g, &p).unwrap();
    let q = ppr::query::QueryParams {
        steps: 5,
        theta: 0.0,
    };
    let single = ppr::batch::query_batch(&g, &index, &sources, &q).unwrap();
    let got = read_answers(&out, sources.len(), g.n());
    for (a, b) in got.iter().zip(&single) {
        let l1 = ppr::metrics::l1(a, b);
        assert!(l1 <= 1e-12, "L1 {l1}");
    }
}

#[test]
fn a_process_dying_mid_run_stops_the_other_with_a_clear_error() {
    let dir = tmp("proc-die");
    let graph = rmat_file(&dir, 11);
    let base = graph_args("index", &graph);
    // Superstep 6 is inside the walk phase (the load takes four).
    let (d0, d1) = pair(&dir, &base, &args(&["--crash-at-superstep", "6"]));
    assert_eq!(d1.code, Some(9), "{}", d1.stderr);
    assert_eq!(
        d0.code,
        Some(ppr_distributed::cluster::EXIT_PEER_LOST),
        "{}",
        d0.stderr
    );
    assert!(
        d0.stderr.contains("lost its connection to another process"),
        "{}",
        d0.stderr
    );
    assert!(d0.seconds < LIMIT.as_secs_f64());
}

#[test]
fn an_unreachable_peer_is_reported_within_the_timeout() {
    let dir = tmp("proc-unreachable");
    let graph = rmat_file(&dir, 6);
    let hosts = hostfile(&dir, 2);
    // Process 1 alone: process 0 never starts.
    let mut a = graph_args("index", &graph);
    a.extend(args(&[
        "-n",
        "2",
        "-p",
        "1",
        "--hostfile",
        &hosts.display().to_string(),
    ]));
    a.extend(args(&["--connect-timeout", "2"]));
    let d = wait(spawn(&a), LIMIT);
    assert_eq!(
        d.code,
        Some(ppr_distributed::cluster::EXIT_CONNECT),
        "{}",
        d.stderr
    );
    assert!(
        d.stderr
            .contains("could not connect to all 2 processes within 2 s"),
        "{}",
        d.stderr
    );
    assert!(d.seconds < 10.0, "took {} s", d.seconds);
}

#[test]
fn a_short_hostfile_is_refused_at_once() {
    let dir = tmp("proc-hostfile");
    let graph = rmat_file(&dir, 6);
    let hosts = dir.join("short");
    std::fs::write(&hosts, "127.0.0.1:1\n").unwrap();
    let mut a = graph_args("index", &graph);
    a.extend(args(&[
        "-n",
        "3",
        "-p",
        "0",
        "--hostfile",
        &hosts.display().to_string(),
    ]));
    let d = wait(spawn(&a), LIMIT);
    assert_eq!(d.code, Some(2));
    assert!(
        d.stderr.contains(
            "1 address line(s), but --processes 3 needs one `host:port` line per process"
        ),
        "{}",
        d.stderr
    );
    assert!(d.seconds < 5.0);
}

#[test]
fn mismatched_graph_files_are_refused_by_every_process() {
    let dir = tmp("proc-mismatch");
    let graph = rmat_file(&dir, 8);
    let other = dir.join("other.txt");
    let mut text = std::fs::read_to_string(&graph).unwrap();
    text.push_str("1 2\n");
    std::fs::write(&other, text).unwrap();
    // Process 1 reads another file.
    let (d0, d1) = pair_of(
        &dir,
        &graph_args("index", &graph),
        &graph_args("index", &other),
    );
    for d in [&d0, &d1] {
        assert_eq!(d.code, Some(2), "{}", d.stderr);
        assert!(
            d.stderr
                .contains("process 1 was started with a different graph file"),
            "{}",
            d.stderr
        );
    }
}
