//! Shared helpers for the integration tests: seeded proptest runners, graph strategies and
//! the dense linear-solve oracle.
#![allow(dead_code, unreachable_pub, clippy::needless_range_loop)]

use ppr::Graph;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

/// A proptest runner with a fixed seed; `PROPTEST_CASES` raises the number of cases.
pub fn runner(name: &str) -> TestRunner {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(48);
    let mut seed = [0u8; 32];
    for (i, b) in name.bytes().enumerate() {
        seed[i % 32] ^= b;
    }
    TestRunner::new_with_rng(
        Config {
            cases,
            failure_persistence: None,
            ..Config::default()
        },
        TestRng::from_seed(RngAlgorithm::ChaCha, &seed),
    )
}

/// A random directed graph on 1..=max_n vertices with up to 4n arcs (self-loops, parallel
/// arcs and dangling vertices all occur), and a source.
pub fn graph_and_source(max_n: u32) -> impl Strategy<Value = (Graph, u32)> {
    (1..=max_n).prop_flat_map(|n| {
        (
            proptest::collection::vec((0..n, 0..n), 0..=(4 * n as usize)),
            0..n,
            any::<bool>(),
        )
            .prop_map(move |(edges, s, directed)| {
                (
                    Graph::from_edges(Some(n as usize), &edges, directed).unwrap(),
                    s,
                )
            })
    })
}

/// Solves `π (I − (1 − c) P_s) = c e_s` densely (Gaussian elimination with partial
/// pivoting), where `P_s` is the random-walk matrix with dangling rows replaced by `e_s`.
pub fn dense_ppr(g: &Graph, s: u32, c: f64) -> Vec<f64> {
    let n = g.n();
    // A = (I − (1 − c) P_sᵀ), solve A x = c e_s.
    let mut a = vec![vec![0.0f64; n + 1]; n];
    for (i, row) in a.iter_mut().enumerate() {
        row[i] = 1.0;
    }
    for u in 0..n {
        let nbrs = g.out_neighbors(u as u32);
        if nbrs.is_empty() {
            a[s as usize][u] -= 1.0 - c;
        } else {
            for &v in nbrs {
                a[v as usize][u] -= (1.0 - c) / nbrs.len() as f64;
            }
        }
    }
    a[s as usize][n] = c;
    for col in 0..n {
        let p = (col..n)
            .max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))
            .unwrap();
        a.swap(col, p);
        let pivot = a[col][col];
        for j in col..=n {
            a[col][j] /= pivot;
        }
        for i in 0..n {
            if i != col && a[i][col] != 0.0 {
                let factor = a[i][col];
                for j in col..=n {
                    let d = factor * a[col][j];
                    a[i][j] -= d;
                }
            }
        }
    }
    a.iter().map(|row| row[n]).collect()
}

/// A small R-MAT graph, undirected or directed.
pub fn rmat_graph(scale: u32, edge_factor: u32, seed: u64, directed: bool) -> Graph {
    let arcs = ppr::rmat::rmat(scale, edge_factor, seed);
    Graph::from_edges(Some(1 << scale), &arcs, directed).unwrap()
}

/// Vertices with out-degree > 0, the first `k` by a fixed stride.
pub fn sources(g: &Graph, k: usize) -> Vec<u32> {
    let live: Vec<u32> = (0..g.n() as u32).filter(|&u| g.out_degree(u) > 0).collect();
    let step = (live.len() / k).max(1);
    live.iter().step_by(step).take(k).copied().collect()
}
