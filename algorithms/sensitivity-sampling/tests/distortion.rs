//! Distortion: the estimate never exceeds the exact value (p = 2 eigenvalues, p = 1 vertex
//! enumeration), the exact values match brute force, rank loss, and the regression proxy.

mod common;

use faer::Mat;
use sensitivity_sampling::{
    EstimateOptions, Method, bernoulli, estimate_distortion, exact_distortion_p1,
    exact_distortion_p2, lp_regression, regression_proxy, scores, synthetic,
};

fn brute_extremes(a: &Mat<f64>, sa: &Mat<f64>, p: f64, d: usize) -> (f64, f64) {
    common::gaussian_vectors(20_000, d, 77)
        .iter()
        .fold((f64::INFINITY, 0.0f64), |(lo, hi), x| {
            let r = common::norm_pp(sa.as_ref(), x, p) / common::norm_pp(a.as_ref(), x, p);
            (lo.min(r), hi.max(r))
        })
}

#[test]
fn estimate_is_a_lower_bound_and_exact_values_dominate_brute_force() {
    for seed in 0..6u64 {
        for (p, d) in [(2.0, 4usize), (1.0, 2), (1.0, 3)] {
            let a = synthetic::student_t(30, d, 3, seed);
            let s = scores(a.as_ref(), p, Method::Uniform).unwrap();
            let sample = bernoulli(&s.values, 15, p, seed).unwrap();
            let sa = sample.sketch(a.as_ref()).unwrap();
            let exact = if p == 2.0 {
                exact_distortion_p2(a.as_ref(), sa.as_ref()).unwrap()
            } else {
                exact_distortion_p1(a.as_ref(), sa.as_ref(), 1_000_000).unwrap()
            };
            let est =
                estimate_distortion(a.as_ref(), sa.as_ref(), p, &[], &EstimateOptions::default())
                    .unwrap();
            let (lo, hi) = brute_extremes(&a, &sa, p, d);
            if exact.rank_lost {
                assert!(est.rank_lost && est.epsilon >= 1.0);
                continue;
            }
            let tol = 1e-9;
            // Brute force and the estimate only see ratios the exact extremes bound.
            assert!(
                lo >= exact.min_ratio - tol && hi <= exact.max_ratio + tol,
                "p={p} seed={seed}"
            );
            assert!(
                est.min_ratio >= exact.min_ratio - tol && est.max_ratio <= exact.max_ratio + tol
            );
            assert!(est.epsilon <= exact.epsilon + tol);
            // The local ascent gets close to the exact extremes on these small problems.
            assert!(
                est.epsilon >= 0.98 * exact.epsilon,
                "p={p} seed={seed}: {} vs {}",
                est.epsilon,
                exact.epsilon
            );
        }
    }
}

#[test]
fn rank_loss_is_detected_first() {
    let a = synthetic::coherent(100, 4, 0.01, 1);
    // Keep only the Gaussian rows: rank 4 still. Keep only two identity rows: rank 2.
    let sa = Mat::from_fn(2, 4, |i, j| f64::from(u8::from(i == j)));
    let est = estimate_distortion(
        a.as_ref(),
        sa.as_ref(),
        1.0,
        &[],
        &EstimateOptions::default(),
    )
    .unwrap();
    assert!(est.rank_lost && est.epsilon >= 1.0 && est.min_ratio == 0.0);
    assert_eq!((est.rank, est.sketch_rank), (4, 2));
    let empty = Mat::<f64>::zeros(0, 4);
    let est = exact_distortion_p2(a.as_ref(), empty.as_ref()).unwrap();
    assert!(est.rank_lost && est.epsilon >= 1.0);
}

#[test]
fn regression_matches_closed_forms_and_the_proxy_is_zero_on_the_full_sample() {
    let a = synthetic::gaussian(80, 3, 2);
    let b: Vec<f64> = (0..80).map(|i| (i as f64 * 0.37).sin() * 3.0).collect();
    // p = 2: the normal equations (naive inverse).
    let ata: Vec<Vec<f64>> = (0..3)
        .map(|j| {
            (0..3)
                .map(|k| (0..80).map(|i| a[(i, j)] * a[(i, k)]).sum())
                .collect()
        })
        .collect();
    let atb: Vec<f64> = (0..3)
        .map(|j| (0..80).map(|i| a[(i, j)] * b[i]).sum())
        .collect();
    let inv = common::inverse(&ata).unwrap();
    let x2: Vec<f64> = (0..3)
        .map(|j| (0..3).map(|k| inv[j][k] * atb[k]).sum())
        .collect();
    let got = lp_regression(a.as_ref(), &b, 2.0).unwrap();
    for (g, w) in got.iter().zip(&x2) {
        assert!((g - w).abs() < 1e-9);
    }
    // p = 1 and p = 3: no random perturbation does better.
    for p in [1.0, 1.5, 3.0] {
        let x = lp_regression(a.as_ref(), &b, p).unwrap();
        let cost = |x: &[f64]| {
            (0..80)
                .map(|i| {
                    ((0..3).map(|j| a[(i, j)] * x[j]).sum::<f64>() - b[i])
                        .abs()
                        .powf(p)
                })
                .sum::<f64>()
        };
        let best = cost(&x);
        for dx in common::gaussian_vectors(200, 3, 5) {
            let y: Vec<f64> = x.iter().zip(&dx).map(|(u, v)| u + 1e-3 * v).collect();
            assert!(cost(&y) >= best * (1.0 - 1e-9), "p={p}");
        }
        let all: Vec<usize> = (0..80).collect();
        assert!(regression_proxy(a.as_ref(), &b, p, &all, &[1.0; 80]).unwrap() < 1e-6);
        let some = regression_proxy(a.as_ref(), &b, p, &all[..10], &[2.0; 10]).unwrap();
        assert!(some >= 0.0 && some.is_finite());
    }
}
