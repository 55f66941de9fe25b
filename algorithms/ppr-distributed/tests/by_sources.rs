//! The source-partitioned indexer (every worker loads the whole graph and walks from its
//! interval of sources) gathers exactly the single-machine index: for 1, 2 and 3 worker
//! threads and for 2 processes.

mod common;

use std::time::Duration;

use common::*;
use ppr::index::{IndexParams, build_index};
use ppr_distributed::{Cluster, GraphFile, Job};

#[test]
fn source_partitioned_index_equals_the_single_machine_index_for_1_2_3_workers() {
    let dir = tmp("by-sources-threads");
    let graph = rmat_file(&dir, 9);
    let params = IndexParams {
        walks: 8,
        seed: 5,
        ..IndexParams::default()
    };
    let g = ppr::edgelist::load_graph(&graph, false).unwrap();
    let single = build_index(&g, &params).unwrap();
    for workers in [1, 2, 3] {
        let mut job = Job::index(
            GraphFile {
                path: graph.clone(),
                undirected: false,
            },
            params,
        );
        job.gather_index = true;
        job.by_sources = true;
        let out = ppr_distributed::run(&Cluster::local(workers), &job).unwrap();
        assert_eq!(out.index.as_ref(), Some(&single), "{workers} workers");
        assert_eq!(out.digest, single.digest());
        assert_eq!(out.entries, single.entries() as u64);
        // No walk crosses workers: the build takes two supersteps whatever the walks (one to
        // agree that every part is fine, one to add up the counters), not one per crossing.
        assert_eq!(out.index_traffic.supersteps, 2, "{workers} workers");
    }
}

#[test]
fn source_partitioned_index_equals_the_single_machine_index_for_2_processes() {
    let dir = tmp("by-sources-processes");
    let graph = rmat_file(&dir, 9);
    let hosts = hostfile(&dir, 2);
    let out = dir.join("two.idx");
    let spawn_one = |i: usize| {
        spawn(&args(&[
            "index",
            "--graph",
            &graph.display().to_string(),
            "--walks",
            "8",
            "--seed",
            "5",
            "--by-sources",
            "--out",
            &out.display().to_string(),
            "-n",
            "2",
            "-p",
            &i.to_string(),
            "--hostfile",
            &hosts.display().to_string(),
            "--connect-timeout",
            "20",
        ]))
    };
    let p1 = spawn_one(1);
    let p0 = spawn_one(0);
    let (d0, d1) = (
        wait(p0, Duration::from_secs(60)),
        wait(p1, Duration::from_secs(60)),
    );
    assert_eq!(d0.code, Some(0), "{}", d0.stderr);
    assert_eq!(d1.code, Some(0), "{}", d1.stderr);
    let g = ppr::edgelist::load_graph(&graph, false).unwrap();
    let single = build_index(
        &g,
        &IndexParams {
            walks: 8,
            seed: 5,
            ..IndexParams::default()
        },
    )
    .unwrap();
    assert_eq!(ppr::index_io::load(&out).unwrap(), single);
    assert_eq!(
        field(&d1.stdout, "digest"),
        format!("{:016x}", single.digest())
    );
}

#[test]
fn source_partitioned_parts_cover_every_source_once() {
    for n in [1usize, 7, 100, 1023] {
        for peers in 1..=5 {
            let mut next = 0;
            for k in 0..peers {
                let r = ppr_distributed::by_sources::interval(n, k, peers);
                assert_eq!(r.start, next);
                next = r.end;
            }
            assert_eq!(next as usize, n);
        }
    }
}
