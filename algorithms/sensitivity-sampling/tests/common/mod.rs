//! Shared helpers for the integration tests: fixed-seed proptest runners, random matrices
//! and naive dense oracles written independently of the crate.
#![allow(dead_code, unreachable_pub)]

use faer::{Mat, MatRef};
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

/// The inverse of a small symmetric positive definite matrix by Gauss–Jordan with partial
/// pivoting (naive, independent of faer). `None` if singular.
pub fn inverse(m: &[Vec<f64>]) -> Option<Vec<Vec<f64>>> {
    let d = m.len();
    let mut a: Vec<Vec<f64>> = m
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let mut row = r.clone();
            row.extend((0..d).map(|j| f64::from(u8::from(i == j))));
            row
        })
        .collect();
    for c in 0..d {
        let piv = (c..d).max_by(|&x, &y| a[x][c].abs().total_cmp(&a[y][c].abs()))?;
        if a[piv][c].abs() < 1e-12 {
            return None;
        }
        a.swap(c, piv);
        let f = a[c][c];
        a[c].iter_mut().for_each(|v| *v /= f);
        for r in 0..d {
            if r != c {
                let g = a[r][c];
                let src = a[c].clone();
                a[r].iter_mut().zip(src).for_each(|(v, s)| *v -= g * s);
            }
        }
    }
    Some(a.into_iter().map(|r| r[d..].to_vec()).collect())
}

/// `a_iᵀ (Aᵀ diag(v) A)⁻¹ a_i` for every row, naively.
pub fn naive_quadratic_forms(a: MatRef<'_, f64>, v: &[f64]) -> Option<Vec<f64>> {
    let (n, d) = (a.nrows(), a.ncols());
    let m: Vec<Vec<f64>> = (0..d)
        .map(|j| {
            (0..d)
                .map(|k| (0..n).map(|i| v[i] * a[(i, j)] * a[(i, k)]).sum())
                .collect()
        })
        .collect();
    let inv = inverse(&m)?;
    Some(
        (0..n)
            .map(|i| {
                (0..d)
                    .map(|j| {
                        (0..d)
                            .map(|k| a[(i, j)] * inv[j][k] * a[(i, k)])
                            .sum::<f64>()
                    })
                    .sum()
            })
            .collect(),
    )
}

/// `Σ_i |(Ax)_i|^p`, naively.
pub fn norm_pp(a: MatRef<'_, f64>, x: &[f64], p: f64) -> f64 {
    (0..a.nrows())
        .map(|i| {
            (0..a.ncols())
                .map(|j| a[(i, j)] * x[j])
                .sum::<f64>()
                .abs()
                .powf(p)
        })
        .sum()
}

/// `|a_iᵀx|^p / ‖Ax‖_p^p`.
pub fn row_share(a: MatRef<'_, f64>, i: usize, x: &[f64], p: f64) -> f64 {
    let ai: f64 = (0..a.ncols()).map(|j| a[(i, j)] * x[j]).sum();
    ai.abs().powf(p) / norm_pp(a, x, p)
}

/// Seeded Gaussian vectors (independent of the crate's generator: a simple LCG + Box–Muller).
pub fn gaussian_vectors(count: usize, d: usize, seed: u64) -> Vec<Vec<f64>> {
    let mut state = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    let mut next = || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((state >> 11) as f64 + 1.0) / (1u64 << 53) as f64
    };
    (0..count)
        .map(|_| {
            (0..d)
                .map(|_| (-2.0 * next().ln()).sqrt() * (std::f64::consts::TAU * next()).cos())
                .collect()
        })
        .collect()
}
