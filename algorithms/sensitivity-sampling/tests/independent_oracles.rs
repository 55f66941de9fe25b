//! The independent oracles (`sensitivity_sampling::oracles`, shared with the benchmark
//! suite) agree with the crate on correct answers and reject wrong ones.

use faer::Mat;
use sensitivity_sampling::{
    EstimateOptions, LewisOptions, Method, bernoulli, estimate_distortion, exact_distortion_p1,
    exact_distortion_p2, lewis_weights, oracles, scores, synthetic,
};

#[test]
fn lewis_residual_accepts_the_fixed_point_and_rejects_a_perturbed_weight() {
    let a = synthetic::student_t(150, 4, 3, 11);
    for p in [1.0, 3.0, 8.0] {
        let lw = lewis_weights(a.as_ref(), p, &LewisOptions::default()).unwrap();
        assert!(oracles::lewis_residual(a.as_ref(), &lw.weights, p) < 1e-8);
        // The same sum, so Σw = d cannot see the fault.
        let mut bad = lw.weights.clone();
        bad[0] += 1e-4;
        bad[1] -= 1e-4;
        assert!(oracles::lewis_residual(a.as_ref(), &bad, p) > 1e-6, "p={p}");
        let mut negative = lw.weights.clone();
        negative[2] = -negative[2];
        assert_eq!(
            oracles::lewis_residual(a.as_ref(), &negative, p),
            f64::INFINITY
        );
    }
}

#[test]
fn plain_lewis_iteration_agrees_with_the_crate_elementwise() {
    let a = synthetic::coherent(120, 4, 0.05, 3);
    for p in [1.0, 1.5, 3.0, 6.0, 12.0] {
        let (plain, _) = oracles::lewis_weights_plain(a.as_ref(), p, 1e-12, 5000).unwrap();
        let lw = lewis_weights(a.as_ref(), p, &LewisOptions::default()).unwrap();
        let worst = plain
            .iter()
            .zip(&lw.weights)
            .map(|(u, v)| (u - v).abs() / u.abs().max(1e-300))
            .fold(0.0f64, f64::max);
        assert!(worst < 1e-8, "p={p}: max relative difference {worst}");
    }
}

fn sketch(a: &Mat<f64>, k: usize, p: f64, seed: u64) -> Mat<f64> {
    let s = scores(a.as_ref(), p, Method::Uniform).unwrap();
    bernoulli(&s.values, k, p, seed)
        .unwrap()
        .sketch(a.as_ref())
        .unwrap()
}

#[test]
fn naive_p2_distortion_agrees_with_the_eigenvalue_route_and_sees_a_changed_sketch() {
    for seed in 0..4 {
        let a = synthetic::gaussian(80, 5, seed);
        let sa = sketch(&a, 30, 2.0, seed);
        let naive = oracles::distortion_p2(a.as_ref(), sa.as_ref()).unwrap();
        let exact = exact_distortion_p2(a.as_ref(), sa.as_ref())
            .unwrap()
            .epsilon;
        assert!((naive - exact).abs() < 1e-9, "{naive} vs {exact}");
        let mut wrong = sa.clone();
        wrong[(0, 0)] *= 3.0;
        let moved = oracles::distortion_p2(a.as_ref(), wrong.as_ref()).unwrap();
        assert!((moved - exact).abs() > 1e-3);
    }
}

#[test]
fn naive_p1_distortion_agrees_with_the_basis_enumeration() {
    for seed in 0..4 {
        let a = synthetic::student_t(25, 3, 3, seed);
        let sa = sketch(&a, 14, 1.0, seed);
        let Some(naive) = oracles::distortion_p1(a.as_ref(), sa.as_ref(), 1_000_000) else {
            continue; // the sketch lost rank
        };
        let exact = exact_distortion_p1(a.as_ref(), sa.as_ref(), 1_000_000)
            .unwrap()
            .epsilon;
        assert!((naive - exact).abs() < 1e-9, "{naive} vs {exact}");
    }
    let a = synthetic::gaussian(30, 3, 1);
    assert!(oracles::distortion_p1(a.as_ref(), a.as_ref(), 10).is_none());
}

#[test]
fn the_estimate_is_witnessed_by_its_directions() {
    for (p, seed) in [(1.0, 1), (1.5, 2), (3.0, 3)] {
        let a = synthetic::student_t(60, 3, 3, seed);
        let sa = sketch(&a, 25, p, seed);
        let est = estimate_distortion(a.as_ref(), sa.as_ref(), p, &[], &EstimateOptions::default())
            .unwrap();
        let hi = oracles::ratio(a.as_ref(), sa.as_ref(), &est.max_direction, p);
        assert!(
            (hi / est.max_ratio - 1.0).abs() < 1e-9,
            "{hi} vs {}",
            est.max_ratio
        );
        if !est.rank_lost {
            let lo = oracles::ratio(a.as_ref(), sa.as_ref(), &est.min_direction, p);
            assert!((lo / est.min_ratio - 1.0).abs() < 1e-9);
        }
    }
}
