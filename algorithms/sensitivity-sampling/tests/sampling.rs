//! Samplers: unbiasedness within 4σ at fixed seeds, the all-kept limit, determinism.

mod common;

use sensitivity_sampling::{
    EstimateOptions, Method, bernoulli, estimate_distortion, exact_distortion_p2,
    keep_probabilities, scores, synthetic, with_replacement,
};

/// Mean of ‖SAx‖_p^p over 10⁴ seeded draws is within 4 standard errors of ‖Ax‖_p^p.
#[test]
fn both_samplers_are_unbiased() {
    let a = synthetic::student_t(120, 3, 3, 5);
    let x = [0.7, -1.2, 0.4];
    for p in [1.0, 1.5, 3.0] {
        let truth = common::norm_pp(a.as_ref(), &x, p);
        let lw = scores(a.as_ref(), p, Method::Lewis).unwrap();
        for iid in [false, true] {
            let draws = 10_000u64;
            let mut values = Vec::with_capacity(draws as usize);
            for seed in 0..draws {
                let s = if iid {
                    with_replacement(&lw.values, 20, p, seed).unwrap()
                } else {
                    bernoulli(&lw.values, 20, p, seed).unwrap()
                };
                let sa = s.sketch(a.as_ref()).unwrap();
                values.push(common::norm_pp(sa.as_ref(), &x, p));
            }
            let mean = values.iter().sum::<f64>() / draws as f64;
            let var = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (draws - 1) as f64;
            let se = (var / draws as f64).sqrt();
            assert!(se > 0.0);
            assert!(
                (mean - truth).abs() <= 4.0 * se,
                "p={p} iid={iid}: mean {mean}, truth {truth}, se {se}"
            );
        }
    }
}

#[test]
fn bernoulli_expected_size_is_at_most_k() {
    let a = synthetic::coherent(500, 4, 0.01, 2);
    let s = scores(a.as_ref(), 1.0, Method::Lewis).unwrap();
    let q = keep_probabilities(&s.values, 50).unwrap();
    assert!(q.iter().sum::<f64>() <= 50.0 + 1e-9);
    let mean = (0..400)
        .map(|seed| bernoulli(&s.values, 50, 1.0, seed).unwrap().len())
        .sum::<usize>() as f64
        / 400.0;
    assert!(
        mean <= 50.0 + 4.0 * (50.0f64 / 400.0).sqrt(),
        "mean size {mean}"
    );
}

#[test]
fn a_budget_above_the_score_ratio_keeps_everything_exactly() {
    let a = synthetic::gaussian(60, 3, 1);
    let s = scores(a.as_ref(), 2.0, Method::Leverage).unwrap();
    let min = s.values.iter().copied().fold(f64::INFINITY, f64::min);
    let k = (s.total / min).ceil() as usize + 1;
    let sample = bernoulli(&s.values, k, 2.0, 3).unwrap();
    assert_eq!(sample.indices, (0..60).collect::<Vec<_>>());
    assert!(sample.weights.iter().all(|&w| w == 1.0));
    let sa = sample.sketch(a.as_ref()).unwrap();
    assert!(
        exact_distortion_p2(a.as_ref(), sa.as_ref())
            .unwrap()
            .epsilon
            < 1e-12
    );
    let est = estimate_distortion(
        a.as_ref(),
        sa.as_ref(),
        1.0,
        &[],
        &EstimateOptions::default(),
    )
    .unwrap();
    assert!(est.epsilon < 1e-12);
}

#[test]
fn samples_are_deterministic_per_seed() {
    let sc: Vec<f64> = (0..200).map(|i| 1.0 + (i % 7) as f64).collect();
    assert_eq!(
        bernoulli(&sc, 30, 1.0, 9).unwrap(),
        bernoulli(&sc, 30, 1.0, 9).unwrap()
    );
    assert_ne!(
        bernoulli(&sc, 30, 1.0, 9).unwrap(),
        bernoulli(&sc, 30, 1.0, 10).unwrap()
    );
    assert_eq!(
        with_replacement(&sc, 30, 1.0, 9).unwrap(),
        with_replacement(&sc, 30, 1.0, 9).unwrap()
    );
    let s = with_replacement(&sc, 30, 3.0, 4).unwrap();
    for (&i, &w) in s.indices.iter().zip(&s.weights) {
        let pi = sc[i] / sc.iter().sum::<f64>();
        assert!((w - (30.0 * pi).powf(-1.0 / 3.0)).abs() < 1e-12);
    }
}
