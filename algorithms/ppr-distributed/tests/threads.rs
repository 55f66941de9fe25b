//! In-process runs (1, 2 and 3 worker threads) against the single-machine crate: the index
//! bit for bit, batch answers to L1 ≤ 1e-12, and every bad input as a typed error.

mod common;

use std::path::Path;

use common::*;
use ppr::index::{IndexParams, build_index};
use ppr::query::QueryParams;
use ppr_distributed::{Cluster, DistError, GraphFile, Job};
use proptest::prelude::*;

fn job(path: &Path, undirected: bool, params: IndexParams) -> Job {
    let mut j = Job::index(
        GraphFile {
            path: path.to_path_buf(),
            undirected,
        },
        params,
    );
    j.gather_index = true;
    j
}

/// Builds with `workers` threads and checks digest, entries and the whole index against
/// the single-machine builder on the graph `ppr` itself loads.
fn check_index(path: &Path, undirected: bool, params: IndexParams, workers: usize) {
    let g = ppr::edgelist::load_graph(path, undirected).unwrap();
    let single = build_index(&g, &params).unwrap();
    let out =
        ppr_distributed::run(&Cluster::local(workers), &job(path, undirected, params)).unwrap();
    assert_eq!((out.n, out.m), (g.n(), g.m() as u64));
    assert_eq!(out.digest, single.digest(), "digest, {workers} workers");
    assert_eq!(out.entries, single.entries() as u64);
    assert_eq!(
        out.index.as_ref(),
        Some(&single),
        "entries, {workers} workers"
    );
}

#[test]
fn rmat_index_is_bit_identical_for_1_2_3_workers() {
    let dir = tmp("rmat-index");
    let path = rmat_file(&dir, 10);
    let params = IndexParams {
        walks: 16,
        seed: 7,
        ..Default::default()
    };
    for w in [1, 2, 3] {
        check_index(&path, false, params, w);
    }
    // Undirected, with a length cap.
    let capped = IndexParams {
        max_len: Some(3),
        walks: 4,
        ..params
    };
    check_index(&path, true, capped, 2);
}

#[test]
fn gt_and_gzip_inputs_give_the_single_machine_index() {
    let dir = tmp("formats");
    let arcs = ppr::rmat::rmat(8, 4, 11);
    // .gt, undirected: every P-th edge per worker.
    let gt = dir.join("g.gt");
    std::fs::write(&gt, ppr::gt::write_gt(256, &arcs, false, "test")).unwrap();
    // gzipped edge list.
    let gz = dir.join("g.txt.gz");
    let mut text = String::new();
    for &(u, v) in &arcs {
        text.push_str(&format!("{u},{v}\r\n"));
    }
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    std::io::Write::write_all(&mut enc, text.as_bytes()).unwrap();
    std::fs::write(&gz, enc.finish().unwrap()).unwrap();
    let params = IndexParams {
        walks: 8,
        seed: 1,
        ..Default::default()
    };
    for w in [1, 3] {
        check_index(&gt, false, params, w);
        check_index(&gz, true, params, w);
    }
}

#[test]
fn random_graphs_index_equal_for_every_worker_count() {
    // Self-loops, parallel arcs, dangling vertices, isolated ids, comments; shards that
    // hold nothing (more workers than lines).
    let strategy = (1u32..40).prop_flat_map(|n| {
        (
            proptest::collection::vec((0..n, 0..n), 1..=(3 * n as usize)),
            any::<bool>(),
            1u32..6,
            proptest::option::of(1u32..5),
            any::<u64>(),
            1usize..5,
        )
    });
    let dir = tmp("random");
    let path = dir.join("g.txt");
    common::runner("random_graphs_index_equal", 24)
        .run(
            &strategy,
            |(arcs, undirected, walks, max_len, seed, workers)| {
                write_edges(&path, &arcs);
                let params = IndexParams {
                    walks,
                    max_len,
                    seed,
                    c: 0.3,
                    threads: 1,
                };
                check_index(&path, undirected, params, workers);
                Ok(())
            },
        )
        .unwrap();
}

fn l1(a: &[(u32, f64)], dense: &[f64]) -> f64 {
    let mut d = dense.to_vec();
    for &(v, x) in a {
        d[v as usize] -= x;
    }
    d.iter().map(|x| x.abs()).sum()
}

#[test]
fn batch_answers_match_single_machine() {
    let dir = tmp("query");
    let path = rmat_file(&dir, 10);
    let g = ppr::edgelist::load_graph(&path, false).unwrap();
    let params = IndexParams {
        walks: 8,
        seed: 3,
        ..Default::default()
    };
    let index = build_index(&g, &params).unwrap();
    let ixfile = dir.join("g.idx");
    ppr::index_io::save(&index, &ixfile).unwrap();
    // Sources with and without out-arcs, one repeated.
    let sinks: Vec<u32> = (0..g.n() as u32)
        .filter(|&u| g.out_degree(u) == 0)
        .take(2)
        .collect();
    let mut sources = vec![0, 5, 77, 5, 1000];
    sources.extend(&sinks);
    // Past two groups of 8 lanes, with a repeat across groups.
    sources.extend((1..=11u32).map(|i| i * 83 % g.n() as u32));
    sources.push(77);
    for (steps, theta) in [(4, 0.0), (1, 0.0), (6, 1e-4), (0, 0.0)] {
        let q = QueryParams { steps, theta };
        let single = ppr::batch::query_batch(&g, &index, &sources, &q).unwrap();
        for (w, from_file) in [(1, false), (2, false), (3, true)] {
            let mut j = job(&path, false, params);
            j.gather_index = false;
            j.gather_answers = true;
            j.query = Some((sources.clone(), q));
            j.index_file = from_file.then(|| ixfile.clone());
            let out = ppr_distributed::run(&Cluster::local(w), &j).unwrap();
            let answers = out.answers.unwrap();
            assert_eq!(out.query_supersteps, steps as u64 + 1);
            for (i, a) in answers.iter().enumerate() {
                let e = l1(a, &single[i]);
                assert!(
                    e <= 1e-12,
                    "T {steps} θ {theta} workers {w} source {}: L1 {e}",
                    sources[i]
                );
                assert!(a.iter().all(|&(_, x)| x > 0.0 && x.is_finite()));
            }
        }
    }
}

fn run_err(path: &Path, undirected: bool, params: IndexParams, workers: usize) -> DistError {
    ppr_distributed::run(&Cluster::local(workers), &job(path, undirected, params)).unwrap_err()
}

fn ppr_err(e: DistError) -> ppr::Error {
    match e {
        DistError::Ppr { error, .. } => error,
        other => panic!("expected a ppr error, got {other}"),
    }
}

#[test]
fn bad_inputs_are_typed_errors() {
    let dir = tmp("bad");
    let good = dir.join("good.txt");
    write_edges(&good, &[(0, 1), (1, 2), (2, 0)]);
    let p = IndexParams::default();
    for w in [1, 3] {
        // Malformed line, named by its number even when another worker's shard holds it.
        let bad = dir.join("bad.txt");
        let mut text = String::new();
        for i in 0..200 {
            text.push_str(&format!("{i} {}\n", i + 1));
        }
        text.push_str("7 x\n");
        std::fs::write(&bad, &text).unwrap();
        let e = ppr_err(run_err(&bad, false, p, w));
        assert!(
            matches!(e, ppr::Error::MalformedEdge { line: 201, .. }),
            "{e}"
        );
        // Empty graph.
        let empty = dir.join("empty.txt");
        std::fs::write(&empty, "# nothing\n").unwrap();
        assert_eq!(
            ppr_err(run_err(&empty, false, p, w)),
            ppr::Error::EmptyGraph
        );
        // .gt with a bad magic, truncated .gt.
        let gt = dir.join("bad.gt");
        std::fs::write(&gt, b"not a gt file").unwrap();
        assert_eq!(ppr_err(run_err(&gt, false, p, w)), ppr::Error::GtBadMagic);
        let full = ppr::gt::write_gt(3, &[(0, 1), (1, 2)], true, "");
        std::fs::write(&gt, &full[..full.len() - 12]).unwrap(); // into the adjacency
        assert!(matches!(
            ppr_err(run_err(&gt, false, p, w)),
            ppr::Error::GtTruncated { .. }
        ));
        // Parameters.
        let zero = IndexParams { walks: 0, ..p };
        assert_eq!(
            ppr_err(run_err(&good, false, zero, w)),
            ppr::Error::ZeroWalks
        );
        let c = IndexParams { c: 1.0, ..p };
        assert_eq!(
            ppr_err(run_err(&good, false, c, w)),
            ppr::Error::InvalidTeleport(1.0)
        );
        // Missing file.
        assert!(matches!(
            run_err(&dir.join("missing.txt"), false, p, w),
            DistError::Io { .. }
        ));
        // Query: unknown source, θ, an index of another graph.
        let mut j = job(&good, false, p);
        j.query = Some((
            vec![0, 3],
            QueryParams {
                steps: 2,
                theta: 0.0,
            },
        ));
        let e = ppr_distributed::run(&Cluster::local(w), &j).unwrap_err();
        assert_eq!(ppr_err(e), ppr::Error::UnknownSource { source: 3, n: 3 });
        j.query = Some((
            vec![0],
            QueryParams {
                steps: 2,
                theta: f64::NAN,
            },
        ));
        let e = ppr_err(ppr_distributed::run(&Cluster::local(w), &j).unwrap_err());
        assert!(matches!(
            e,
            ppr::Error::InvalidParameter { name: "theta", .. }
        ));
        let other = build_index(
            &ppr::Graph::from_edges(None, &[(0, 1), (1, 3)], true).unwrap(),
            &p,
        )
        .unwrap();
        let ix = dir.join("other.idx");
        ppr::index_io::save(&other, &ix).unwrap();
        j.query = Some((
            vec![0],
            QueryParams {
                steps: 2,
                theta: 0.0,
            },
        ));
        j.index_file = Some(ix);
        let e = ppr_err(ppr_distributed::run(&Cluster::local(w), &j).unwrap_err());
        assert_eq!(
            e,
            ppr::Error::IndexMismatch {
                index_n: 4,
                graph_n: 3
            }
        );
    }
    // Cluster descriptions.
    let mut c = Cluster::local(0);
    assert!(matches!(
        ppr_distributed::run(&c, &job(&good, false, p)),
        Err(DistError::Config(_))
    ));
    c = Cluster::local(1);
    c.process = 1;
    assert!(matches!(c.validate(), Err(DistError::Config(_))));
    let hosts = dir.join("hosts");
    std::fs::write(&hosts, "127.0.0.1:1\n").unwrap();
    let e = Cluster::from_hostfile(&hosts, 2, 0, 1).unwrap_err();
    assert!(
        e.to_string()
            .contains("1 address line(s), but --processes 2"),
        "{e}"
    );
    std::fs::write(&hosts, "127.0.0.1:1\nlocalhost\n").unwrap();
    let e = Cluster::from_hostfile(&hosts, 2, 0, 1).unwrap_err();
    assert!(
        e.to_string()
            .contains("line 2 `localhost` is not `host:port`"),
        "{e}"
    );
    assert!(Cluster::from_hostfile(&dir.join("none"), 2, 0, 1).is_err());
}
