//! Shared helpers for the integration tests: seeded generators and proptest config.
#![allow(dead_code, unreachable_pub)]

use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use rand_core::{Rng, SeedableRng};
use rand_pcg::Pcg64;

/// A proptest runner with a fixed seed; `PROPTEST_CASES` raises the number of cases.
pub fn runner(name: &str) -> TestRunner {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(64);
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

/// Text and pattern over `sigma` symbols (`u32` values spread over the whole range, including
/// 0 and `u32::MAX`), with lengths up to `max_n`.
pub fn text_and_pattern(max_n: usize, sigma: u32) -> impl Strategy<Value = (Vec<u32>, Vec<u32>)> {
    let symbol = (0..sigma).prop_map(spread);
    (1..=max_n).prop_flat_map(move |n| {
        (proptest::collection::vec(symbol.clone(), n), 1..=n).prop_flat_map(move |(t, m)| {
            let p = proptest::collection::vec((0..sigma).prop_map(spread), m);
            (Just(t.clone()), p)
        })
    })
}

/// Maps `0..sigma` onto values that include the sentinel-like extremes 0 and `u32::MAX`.
pub fn spread(c: u32) -> u32 {
    match c {
        0 => 0,
        1 => u32::MAX,
        c => c.wrapping_mul(0x9E37_79B9),
    }
}

/// Seeded random symbols in `0..sigma`.
pub fn random_symbols(n: usize, sigma: u32, seed: u64) -> Vec<u32> {
    let mut rng = Pcg64::seed_from_u64(seed);
    (0..n)
        .map(|_| (rng.next_u64() % u64::from(sigma)) as u32)
        .collect()
}
