//! The hashing (CJVX-direction, Las Vegas) path against the naive oracle: exact for every
//! seed, identical across seeds, robust to adversarial symbol values and periodic texts.
mod common;

use hamming::Error;
use hamming::abrahamson::CostModel;
use hamming::hashing::{HashingParams, hamming_hashing, hamming_hashing_with};
use hamming::naive::hamming_naive;

/// Every symbol light (scatter is free), so that all symbols are hashed.
const ALL_LIGHT: CostModel = CostModel {
    fft_pair_ns: 1.0,
    fft_block_ns: 1.0,
    fft_text_ns: 1.0,
    scatter_ns: 0.0,
};

const SEEDS: [u64; 6] = [0, 1, 2, 0xDEAD_BEEF, u64::MAX, 12_345_678_901];

/// Checks `t`, `p` against naive for the default parameters and for forced bucket counts,
/// every seed in [`SEEDS`]. Returns the total number of corrected collisions.
fn check<S: Copy + Eq + std::hash::Hash + std::fmt::Debug>(t: &[S], p: &[S]) -> u64 {
    let expected = hamming_naive(t, p).unwrap();
    let mut collisions = 0;
    for &seed in &SEEDS {
        assert_eq!(
            hamming_hashing(t, p, seed).unwrap(),
            expected,
            "default, seed {seed}"
        );
        for buckets in [1, 2, 3, 8] {
            let params = HashingParams {
                buckets: Some(buckets),
                costs: ALL_LIGHT,
            };
            let (d, report) = hamming_hashing_with(t, p, seed, &params).unwrap();
            assert_eq!(d, expected, "K={buckets}, seed {seed}");
            assert_eq!(report.seed, seed);
            assert_eq!(report.heavy_symbols, 0);
            collisions += report.collisions;
        }
    }
    collisions
}

#[test]
fn random_inputs_across_alphabets_match_naive() {
    let collisions = std::cell::Cell::new(0u64);
    for sigma in [1u32, 2, 4, 20, 256, 1 << 16, u32::MAX] {
        let mut runner = common::runner(&format!("hashing-{sigma}"));
        runner
            .run(&common::text_and_pattern(800, sigma), |(t, p)| {
                collisions.set(collisions.get() + check(&t, &p));
                Ok(())
            })
            .unwrap();
    }
    assert!(
        collisions.get() > 0,
        "the tests must exercise the correction"
    );
}

#[test]
fn larger_inputs_match_naive_for_every_seed() {
    for (k, &sigma) in [4u32, 20, 256, 1 << 16].iter().enumerate() {
        for &(n, m) in &[
            (4096usize, 64usize),
            (4096, 1000),
            (4096, 4096),
            (5000, 4097),
        ] {
            let t: Vec<u32> = common::random_symbols(n, sigma, (k * 10 + m) as u64);
            let p = t[(n - m) / 2..(n - m) / 2 + m].to_vec();
            let expected = hamming_naive(&t, &p).unwrap();
            for seed in SEEDS {
                assert_eq!(
                    hamming_hashing(&t, &p, seed).unwrap(),
                    expected,
                    "σ={sigma} n={n} m={m}"
                );
                let params = HashingParams {
                    buckets: Some(5),
                    costs: ALL_LIGHT,
                };
                assert_eq!(
                    hamming_hashing_with(&t, &p, seed, &params).unwrap().0,
                    expected
                );
            }
        }
    }
}

#[test]
fn collisions_match_their_expectation_roughly() {
    // All light, K buckets: collisions are about (G·F - Σ g·f)/K on average over seeds.
    let t = common::random_symbols(4096, 64, 1);
    let p = t[100..1100].to_vec();
    let params = HashingParams {
        buckets: Some(8),
        costs: ALL_LIGHT,
    };
    let (mut total, mut expected) = (0.0, 0.0);
    for seed in 0..40 {
        let (_, report) = hamming_hashing_with(&t, &p, seed, &params).unwrap();
        total += report.collisions as f64;
        expected += report.expected_collisions;
    }
    let ratio = total / expected;
    assert!((0.8..1.25).contains(&ratio), "observed/expected = {ratio}");
}

#[test]
fn adversarial_symbol_values() {
    // Symbols that are multiples of 2^k, the classic failure of multiplicative hashing.
    for k in [8u32, 16, 24, 31] {
        let t: Vec<u32> = common::random_symbols(2000, 30, u64::from(k))
            .iter()
            .map(|&c| c << k)
            .collect();
        let p = t[500..700].to_vec();
        check(&t, &p);
    }
    let t: Vec<u64> = common::random_symbols(2000, 30, 77)
        .iter()
        .map(|&c| u64::from(c) << 40)
        .collect();
    let p = t[1000..1100].to_vec();
    check(&t, &p);
}

#[test]
fn periodic_texts() {
    // Periods that are primes (bad for mod-p schemes) and powers of two.
    for period in [2usize, 7, 64, 97, 101, 127, 1021] {
        let base = common::random_symbols(period, 50, period as u64);
        let t: Vec<u32> = base.iter().cycle().take(4000).copied().collect();
        let p = t[period..period + 300.min(4000 - period)].to_vec();
        check(&t, &p);
        // Distance 0 exactly at the shifts congruent to `period` whenever the period is
        // primitive (random base strings of these lengths are).
        let d = hamming_hashing(&t, &p, 3).unwrap();
        for (i, &v) in d.iter().enumerate() {
            if i % period == 0 {
                assert_eq!(v, 0, "period {period}, shift {i}");
            }
        }
    }
}

#[test]
fn identical_output_for_many_seeds() {
    let t = common::random_symbols(3000, 12, 5);
    let p = t[1234..1634].to_vec();
    let params = HashingParams {
        buckets: Some(3),
        costs: ALL_LIGHT,
    };
    let first = hamming_hashing_with(&t, &p, 0, &params).unwrap().0;
    let mut collision_counts = std::collections::BTreeSet::new();
    for seed in 1..20 {
        let (d, report) = hamming_hashing_with(&t, &p, seed, &params).unwrap();
        assert_eq!(d, first, "seed {seed}");
        collision_counts.insert(report.collisions);
    }
    // Different seeds do hash differently (only the work changes).
    assert!(collision_counts.len() > 1);
    assert_eq!(first, hamming_naive(&t, &p).unwrap());
}

#[test]
fn edge_cases() {
    assert_eq!(
        hamming_hashing::<u8>(b"abc", b"", 1),
        Err(Error::EmptyPattern)
    );
    assert_eq!(
        hamming_hashing::<u8>(b"ab", b"abc", 1),
        Err(Error::PatternLongerThanText { m: 3, n: 2 })
    );
    assert_eq!(
        hamming_hashing::<u8>(b"", b"a", 1),
        Err(Error::PatternLongerThanText { m: 1, n: 0 })
    );
    check(b"abcab", b"a");
    check(b"abcab", b"abcab");
    check(b"abcab", b"cbacb");
    check(&[4u16; 60], &[4u16; 11]);
    check(&[4u16; 60], &[5u16; 11]);
    let t = [u32::MAX, 0, u32::MAX, 0, 5, u32::MAX, 1];
    check(&t, &[0, u32::MAX]);
    check(&t, &[u32::MAX, 1, 0]);
    check(&[1u32, 2, 3, 4, 5, 6, 7, 8], &[9, 10, 11]);
    check(&[1u32, 2, 3, 4, 5, 6, 7, 8], &[3, 10, 5]);
    // Bucket counts beyond the number of light symbols are clamped.
    let params = HashingParams {
        buckets: Some(1000),
        costs: ALL_LIGHT,
    };
    let (d, report) = hamming_hashing_with(b"abcabd", b"abd", 9, &params).unwrap();
    assert_eq!(d, vec![1, 3, 3, 0]);
    assert_eq!(report.buckets, 3);
}
