//! Guarantees of the (1 ± ε) approximations, against the naive oracle.
mod common;

use hamming::Error;
use hamming::approx::{
    ApproxParams, hamming_hash_max, hamming_hash_max_with, hamming_karloff, hamming_karloff_with,
    karloff_draws,
};
use hamming::naive::hamming_naive;
use proptest::prelude::*;

/// Inputs for the statistical tests: random text over `sigma` symbols and a pattern cut from
/// it with a few substitutions, so that distances range from 0 to about m.
fn inputs() -> Vec<(Vec<u32>, Vec<u32>)> {
    let mut out = Vec::new();
    for (i, &(n, m, sigma)) in [
        (600usize, 40usize, 2u32),
        (800, 64, 4),
        (500, 50, 20),
        (700, 30, 256),
        (600, 80, 1 << 16),
    ]
    .iter()
    .enumerate()
    {
        let t = common::random_symbols(n, sigma, 100 + i as u64);
        let mut p = t[n / 2..n / 2 + m].to_vec();
        for j in (0..m).step_by(7) {
            p[j] = p[j].wrapping_add(1) % sigma;
        }
        out.push((t, p));
    }
    out
}

#[test]
fn hash_max_never_exceeds_the_exact_distance() {
    for sigma in [2u32, 4, 20, 256, 1 << 16] {
        let mut runner = common::runner(&format!("hash-max-upper-{sigma}"));
        let strategy = (
            common::text_and_pattern(300, sigma),
            any::<u64>(),
            0usize..4,
            1usize..4,
        );
        runner
            .run(&strategy, |((t, p), seed, e, draws)| {
                let eps = [0.05, 0.2, 0.5, 0.9][e];
                let exact = hamming_naive(&t, &p).unwrap();
                let params = ApproxParams::new(eps, 0.1, seed);
                for est in [
                    hamming_hash_max(&t, &p, eps, 0.1, seed).unwrap(),
                    hamming_hash_max_with(&t, &p, &params.with_draws(draws)).unwrap(),
                ] {
                    prop_assert_eq!(est.len(), exact.len());
                    for (i, (&a, &h)) in est.iter().zip(&exact).enumerate() {
                        prop_assert!(a <= h, "shift {}: {} > {}", i, a, h);
                    }
                }
                Ok(())
            })
            .unwrap();
    }
}

#[test]
fn hash_max_reaches_one_minus_eps_on_all_but_delta_of_shifts() {
    let delta = 0.1;
    for (t, p) in inputs() {
        let exact = hamming_naive(&t, &p).unwrap();
        for eps in [0.1, 0.3, 0.6] {
            for seed in 0..5u64 {
                let est = hamming_hash_max(&t, &p, eps, delta, seed).unwrap();
                let bad = est
                    .iter()
                    .zip(&exact)
                    .filter(|&(&a, &h)| f64::from(a) < (1.0 - eps) * f64::from(h))
                    .count();
                assert!(
                    (bad as f64) <= delta * exact.len() as f64,
                    "eps={eps} seed={seed}: {bad} of {} shifts below (1-eps)·HD",
                    exact.len()
                );
            }
        }
    }
}

#[test]
fn hash_max_single_draw_loses_about_one_over_l() {
    // With r = 1 draw, E[HD - HD_h] = HD/l exactly (l = ceil(2/eps)); averaged over many
    // shifts and seeds the relative loss must be close to 1/l (and never above HD).
    let t = common::random_symbols(2000, 1 << 16, 5);
    let p = common::random_symbols(100, 1 << 16, 6);
    let exact = hamming_naive(&t, &p).unwrap();
    let eps = 0.25; // l = 8
    let (mut lost, mut total) = (0.0, 0.0);
    for seed in 0..20 {
        let params = ApproxParams::new(eps, 0.5, seed).with_draws(1);
        let est = hamming_hash_max_with(&t, &p, &params).unwrap();
        for (&a, &h) in est.iter().zip(&exact) {
            lost += f64::from(h - a);
            total += f64::from(h);
        }
    }
    let ratio = lost / total;
    assert!(
        (ratio - 1.0 / 8.0).abs() < 0.02,
        "relative loss {ratio}, expected 1/8"
    );
}

#[test]
fn karloff_is_within_eps_on_all_but_delta_of_shifts() {
    // The output is 2·S/r, correctly rounded from an exact integer S, so the only slack
    // beyond the ε·HD of the guarantee is f64 rounding: |fl(x) - x| <= 2^-53·x <= 1e-12·HD.
    let delta = 0.1;
    for (t, p) in inputs() {
        let exact = hamming_naive(&t, &p).unwrap();
        for eps in [0.1, 0.3] {
            for seed in 0..3u64 {
                let est = hamming_karloff(&t, &p, eps, delta, seed).unwrap();
                assert_eq!(est.len(), exact.len());
                let bad = est
                    .iter()
                    .zip(&exact)
                    .filter(|&(&a, &h)| {
                        let h = f64::from(h);
                        (a - h).abs() > eps * h + 1e-12 * h
                    })
                    .count();
                assert!(
                    (bad as f64) <= delta * exact.len() as f64,
                    "eps={eps} seed={seed}: {bad} of {} shifts off by more than eps·HD",
                    exact.len()
                );
                for (&a, &h) in est.iter().zip(&exact) {
                    assert!(
                        h != 0 || a == 0.0,
                        "distance 0 must be estimated as exactly 0"
                    );
                    assert!((0.0..=2.0 * p.len() as f64).contains(&a));
                }
            }
        }
    }
}

#[test]
fn karloff_with_few_draws_follows_hoeffding() {
    // With a fixed r, P(|est - HD| >= λ·HD) <= 2·exp(-r·λ²/2) per shift. With r = 100 and
    // λ = 0.3 that is 2·e^-4.5 ≈ 0.022; allow twice that over all shifts and seeds.
    let (r, lambda) = (100usize, 0.3);
    let bound = 2.0 * (-(r as f64) * lambda * lambda / 2.0).exp();
    let (mut bad, mut count) = (0usize, 0usize);
    for (t, p) in inputs() {
        let exact = hamming_naive(&t, &p).unwrap();
        for seed in 0..4u64 {
            let params = ApproxParams::new(0.5, 0.5, seed).with_draws(r);
            let est = hamming_karloff_with(&t, &p, &params).unwrap();
            for (&a, &h) in est.iter().zip(&exact) {
                let h = f64::from(h);
                bad += usize::from((a - h).abs() >= lambda * h && h > 0.0);
                count += 1;
            }
        }
    }
    assert!(
        (bad as f64) <= 2.0 * bound * count as f64,
        "{bad} of {count} > 2·{bound}"
    );
}

#[test]
fn karloff_is_unbiased_with_one_draw() {
    // E[est] = HD for every shift even with r = 1 (est = 2·HD_φ).
    let t = common::random_symbols(400, 256, 21);
    let p = common::random_symbols(60, 256, 22);
    let exact = hamming_naive(&t, &p).unwrap();
    let total: f64 = exact.iter().map(|&h| f64::from(h)).sum();
    let seeds = 200;
    let mut sum = 0.0;
    for seed in 0..seeds {
        let est =
            hamming_karloff_with(&t, &p, &ApproxParams::new(0.5, 0.5, seed).with_draws(1)).unwrap();
        sum += est.iter().sum::<f64>();
    }
    let ratio = sum / (seeds as f64 * total);
    assert!((ratio - 1.0).abs() < 0.02, "mean estimate / HD = {ratio}");
}

#[test]
fn same_seed_same_bits_and_seeds_matter() {
    for (t, p) in inputs() {
        let a = hamming_karloff(&t, &p, 0.3, 0.1, 9).unwrap();
        let b = hamming_karloff(&t, &p, 0.3, 0.1, 9).unwrap();
        assert_eq!(
            a.iter().map(|x| x.to_bits()).collect::<Vec<_>>(),
            b.iter().map(|x| x.to_bits()).collect::<Vec<_>>()
        );
        assert_eq!(
            hamming_hash_max(&t, &p, 0.3, 0.1, 9).unwrap(),
            hamming_hash_max(&t, &p, 0.3, 0.1, 9).unwrap()
        );
    }
    // Different seeds give different estimates for some input.
    let (t, p) = &inputs()[4];
    let few = |seed| ApproxParams::new(0.5, 0.5, seed).with_draws(2);
    assert_ne!(
        hamming_karloff_with(t, p, &few(1)).unwrap(),
        hamming_karloff_with(t, p, &few(2)).unwrap()
    );
    assert_ne!(
        hamming_hash_max_with(t, p, &few(1)).unwrap(),
        hamming_hash_max_with(t, p, &few(2)).unwrap()
    );
}

#[test]
fn hash_max_with_an_injective_draw_is_exact() {
    // DNA: 5 classes into l = 20 values; the max over the default r draws is exact unless no
    // draw is injective (probability 0.42^r).
    let t: Vec<u8> = common::random_symbols(3000, 4, 1)
        .into_iter()
        .map(|c| b"ACGT"[c as usize])
        .collect();
    let p = t[1000..1100].to_vec();
    assert_eq!(
        hamming_hash_max(&t, &p, 0.1, 0.01, 4).unwrap(),
        hamming_naive(&t, &p).unwrap()
    );
}

#[test]
fn out_of_range_parameters_are_typed_errors() {
    let (t, p) = (b"abcabc".as_slice(), b"abc".as_slice());
    for bad in [
        0.0,
        1.0,
        -0.5,
        1.5,
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
    ] {
        for result in [
            hamming_karloff(t, p, bad, 0.1, 0).map(|_| ()),
            hamming_hash_max(t, p, bad, 0.1, 0).map(|_| ()),
        ] {
            match result {
                Err(Error::EpsilonOutOfRange { eps }) => assert!(eps.to_bits() == bad.to_bits()),
                other => panic!("eps = {bad}: {other:?}"),
            }
        }
        for result in [
            hamming_karloff(t, p, 0.1, bad, 0).map(|_| ()),
            hamming_hash_max(t, p, 0.1, bad, 0).map(|_| ()),
            hamming_karloff_with(t, p, &ApproxParams::default().with_delta(bad).with_draws(3))
                .map(|_| ()),
        ] {
            match result {
                Err(Error::DeltaOutOfRange { delta }) => assert!(delta.to_bits() == bad.to_bits()),
                other => panic!("delta = {bad}: {other:?}"),
            }
        }
    }
    assert!(matches!(
        karloff_draws(f64::NAN, 0.1, 10),
        Err(Error::EpsilonOutOfRange { .. })
    ));
    assert!(matches!(
        hamming_hash_max_with(t, p, &ApproxParams::default().with_draws(0)),
        Err(Error::Unsupported { .. })
    ));
    assert!(matches!(
        hamming_karloff(t, p, 1e-300, 0.1, 0),
        Err(Error::Unsupported { .. })
    ));
    assert_eq!(
        hamming_karloff::<u8>(b"abc", b"", 0.1, 0.1, 0),
        Err(Error::EmptyPattern)
    );
    assert_eq!(
        hamming_hash_max::<u8>(b"ab", b"abc", 0.1, 0.1, 0),
        Err(Error::PatternLongerThanText { m: 3, n: 2 })
    );
}

#[test]
fn edge_lengths() {
    let t = [0u32, u32::MAX, 0, 7];
    for p in [vec![0u32], t.to_vec(), vec![u32::MAX, 0]] {
        let exact = hamming_naive(&t, &p).unwrap();
        let est = hamming_hash_max(&t, &p, 0.5, 0.1, 1).unwrap();
        assert!(est.iter().zip(&exact).all(|(a, h)| a <= h));
        let k = hamming_karloff(&t, &p, 0.5, 0.1, 1).unwrap();
        assert_eq!(k.len(), exact.len());
        // Tiny inputs with the default r (about 8·ln(80) ≈ 36 draws at eps = 0.5): exact zeros
        // stay zero.
        for (&a, &h) in k.iter().zip(&exact) {
            assert!(h != 0 || a == 0.0);
        }
    }
}

#[test]
fn larger_inputs_through_the_fft_paths() {
    // DNA with m = 1500: the kernel-FFT path (one weighted correlation per symbol).
    let t: Vec<u8> = common::random_symbols(20_000, 4, 31)
        .into_iter()
        .map(|c| b"ACGT"[c as usize])
        .collect();
    let mut p = t[5000..6500].to_vec();
    for j in (0..p.len()).step_by(5) {
        p[j] = b'A';
    }
    // A large alphabet with few draws (eps = 0.9): the projection-FFT path (one ±1
    // correlation per draw), since the pattern has more distinct symbols than draws.
    let t32 = common::random_symbols(6000, 1 << 16, 32);
    let p32 = t32[1000..1600].to_vec();
    for (eps, delta) in [(0.2, 0.1), (0.9, 0.5)] {
        for seed in 0..2u64 {
            let exact = hamming_naive(&t, &p).unwrap();
            let est = hamming_karloff(&t, &p, eps, delta, seed).unwrap();
            let bad = est
                .iter()
                .zip(&exact)
                .filter(|&(&a, &h)| (a - f64::from(h)).abs() > eps * f64::from(h) * (1.0 + 1e-12))
                .count();
            assert!(
                bad as f64 <= delta * exact.len() as f64,
                "dna eps={eps}: {bad}"
            );
            let lower = hamming_hash_max(&t, &p, eps, delta, seed).unwrap();
            assert!(lower.iter().zip(&exact).all(|(a, h)| a <= h));

            let exact = hamming_naive(&t32, &p32).unwrap();
            let est = hamming_karloff(&t32, &p32, eps, delta, seed).unwrap();
            let bad = est
                .iter()
                .zip(&exact)
                .filter(|&(&a, &h)| (a - f64::from(h)).abs() > eps * f64::from(h) * (1.0 + 1e-12))
                .count();
            assert!(
                bad as f64 <= delta * exact.len() as f64,
                "u32 eps={eps}: {bad}"
            );
            assert_eq!(est[1000], 0.0);
            let lower = hamming_hash_max(&t32, &p32, eps, delta, seed).unwrap();
            assert!(lower.iter().zip(&exact).all(|(a, h)| a <= h));
            let bad = lower
                .iter()
                .zip(&exact)
                .filter(|&(&a, &h)| f64::from(a) < (1.0 - eps) * f64::from(h))
                .count();
            assert!(
                bad as f64 <= delta * exact.len() as f64,
                "hash-max u32 eps={eps}: {bad}"
            );
        }
    }
}

#[test]
fn karloff_refuses_a_draw_table_above_its_limit() {
    // One pattern symbol (two classes) and ε = 1e-4: r ≈ 1.2e9 draws (below MAX_DRAWS), a
    // draw table of 2 · 1.87e7 words, above the 2^24-word limit.
    let t = vec![1u32; 100];
    let p = vec![1u32; 10];
    match hamming_karloff(&t, &p, 1e-4, 0.5, 1) {
        Err(Error::LimitExceeded { what }) => assert!(what.contains("draw table"), "{what}"),
        other => panic!("expected LimitExceeded, got {other:?}"),
    }
    // Just below the limit it runs.
    let ok = hamming_karloff_with(&t, &p, &ApproxParams::new(0.1, 0.5, 1).with_draws(1 << 29));
    assert_eq!(ok.unwrap(), vec![0.0; 91]);
}

#[test]
fn hash_max_with_tiny_eps_is_exact() {
    // ε = 1e-9: 2e9 buckets, so the first draw is injective and the answer exact.
    let t = common::random_symbols(400, 50, 9);
    let p = t[100..140].to_vec();
    let exact = hamming_naive(&t, &p).unwrap();
    assert_eq!(hamming_hash_max(&t, &p, 1e-9, 0.01, 5).unwrap(), exact);
}
