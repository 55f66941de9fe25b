//! Shared helpers for the integration tests: seeded generators and proptest config.
#![allow(dead_code, unreachable_pub)]

use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use rand_core::{Rng, SeedableRng};
use rand_pcg::Pcg64;
use rps::kernels::Path;
use rps::mapping::{Config as RpsConfig, Mapping, Memory, MemorySize, Scaler};

/// The number of cases a [`runner`] made with `default_cases` runs (`PROPTEST_CASES`
/// overrides it).
pub fn cases(default_cases: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default_cases)
}

/// A proptest runner with a fixed seed; `PROPTEST_CASES` raises the number of cases.
pub fn runner(name: &str, default_cases: u32) -> TestRunner {
    let cases = cases(default_cases);
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

/// Seeded values uniform in [-1, 1).
pub fn values(n: usize, seed: u64) -> Vec<f32> {
    let mut rng = Pcg64::seed_from_u64(seed);
    (0..n)
        .map(|_| ((rng.next_u64() >> 40) as f32 / (1u64 << 24) as f32) * 2.0 - 1.0)
        .collect()
}

/// The paths this CPU can run; prints a SKIPPED line for the others.
pub fn paths() -> Vec<Path> {
    Path::ALL
        .into_iter()
        .filter(|p| {
            let ok = p.is_available();
            if !ok {
                println!("SKIPPED {}: this CPU lacks it", p.name());
            }
            ok
        })
        .collect()
}

/// Every mapping flavour, by index.
pub fn config(kind: usize, compression: f64, sign: bool, global: bool, seed: u64) -> RpsConfig {
    let mapping = match kind % 4 {
        0 => Mapping::Fold,
        1 => Mapping::Roast { bk: 16, bn: 16 },
        2 => Mapping::Roast { bk: 3, bn: 5 },
        _ => Mapping::HashedNet,
    };
    RpsConfig {
        mapping,
        memory: if global {
            Memory::Global
        } else {
            Memory::Local
        },
        sign,
        seed,
        size: MemorySize::Compression(compression),
        init_scale: 0.04,
        scaler: Scaler::V1,
    }
}

/// The layer placed in front of the layer under test. It makes the global offsets (and the
/// ROAST tile offsets) non-zero, and it is large enough that a 16×16 ROAST tile fits its own
/// memory (local) and the whole model's (global) at every compression up to `max_c`, so that
/// only local-memory cases whose tested layer is itself too small are discarded.
pub fn front_layer(max_c: f64) -> (usize, usize) {
    let input = 64;
    let need = (256.0 * max_c).ceil() as usize + 256;
    (input, need.div_ceil(input))
}

/// max |a − b| / max(1, max |b|).
pub fn rel_err(a: &[f32], b: &[f64]) -> f64 {
    assert_eq!(a.len(), b.len());
    let scale = b.iter().fold(1.0f64, |m, v| m.max(v.abs()));
    a.iter()
        .zip(b)
        .map(|(&x, &y)| (f64::from(x) - y).abs())
        .fold(0.0, f64::max)
        / scale
}
