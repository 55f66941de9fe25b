//! Shared helpers for the integration tests: fixed-seed proptest runners, random matrices
//! and the naive dense oracles, whose one home is the crate's `oracles` module (the
//! benchmark suite uses the same ones).
#![allow(dead_code, unreachable_pub)]

use faer::Mat;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

/// A proptest runner with a fixed seed; `PROPTEST_CASES` raises the number of cases.
pub fn runner(name: &str, default_cases: u32) -> TestRunner {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default_cases);
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

/// A random n×d matrix (small integers, some zero rows, sometimes a repeated column so the
/// rank drops), as rows.
pub fn matrix(max_n: usize, max_d: usize) -> impl Strategy<Value = Vec<Vec<f64>>> {
    (1..=max_d).prop_flat_map(move |d| {
        (d.max(2)..=max_n).prop_flat_map(move |n| {
            (
                proptest::collection::vec(proptest::collection::vec(-4i32..=4, d), n),
                proptest::bool::weighted(0.2),
                proptest::bool::weighted(0.3),
            )
                .prop_map(move |(rows, dup, zero_row)| {
                    let mut rows: Vec<Vec<f64>> = rows
                        .into_iter()
                        .map(|r| r.into_iter().map(f64::from).collect())
                        .collect();
                    if dup && d >= 2 {
                        for r in &mut rows {
                            r[d - 1] = r[0];
                        }
                    }
                    if zero_row {
                        rows[0] = vec![0.0; d];
                    }
                    rows
                })
        })
    })
}

/// Rows to a faer matrix.
pub fn to_mat(rows: &[Vec<f64>]) -> Mat<f64> {
    Mat::from_fn(rows.len(), rows[0].len(), |i, j| rows[i][j])
}

#[allow(unused_imports)]
pub use sensitivity_sampling::oracles::{
    gaussian_vectors, inverse, naive_quadratic_forms, norm_pp, row_share,
};
