//! Entries near the limits of `f64` and large p: the matrix is scaled before any product and
//! the p-norms compared in an overflow-free form, so the answers do not change.

use faer::Mat;
use sensitivity_sampling::{
    EstimateOptions, Method, RowSpace, bernoulli, estimate_distortion, scores, synthetic,
};

fn epsilon_hat(a: &Mat<f64>, p: f64, method: Method, k: usize) -> (usize, f64, f64) {
    let s = scores(a.as_ref(), p, method).unwrap();
    let sample = bernoulli(&s.values, k, p, 3).unwrap();
    let sa = sample.sketch(a.as_ref()).unwrap();
    let d =
        estimate_distortion(a.as_ref(), sa.as_ref(), p, &[], &EstimateOptions::default()).unwrap();
    (sample.len(), d.epsilon, d.max_ratio)
}

fn scaled(a: &Mat<f64>, factor: f64) -> Mat<f64> {
    Mat::from_fn(a.nrows(), a.ncols(), |i, j| a[(i, j)] * factor)
}

#[test]
fn small_magnitude_matrix_keeps_its_epsilon_hat() {
    let a = synthetic::student_t(20, 2, 3, 5);
    for p in [1.0, 2.0, 3.0] {
        let (rows, eps, _) = epsilon_hat(&a, p, Method::Leverage, 10);
        let (rows_small, eps_small, _) = epsilon_hat(&scaled(&a, 1e-200), p, Method::Leverage, 10);
        assert_eq!(rows, rows_small);
        assert!(
            (eps - eps_small).abs() < 1e-9,
            "p={p}: {eps} vs {eps_small}"
        );
    }
}

#[test]
fn huge_entries_keep_their_epsilon_hat_instead_of_failing_the_svd() {
    let a = synthetic::gaussian(40, 3, 2);
    let (rows, eps, _) = epsilon_hat(&a, 1.0, Method::Lewis, 20);
    for factor in [1e154, 1e200, 1e300] {
        let (r, e, _) = epsilon_hat(&scaled(&a, factor), 1.0, Method::Lewis, 20);
        assert_eq!(rows, r);
        assert!((eps - e).abs() < 1e-9, "×{factor:e}: {eps} vs {e}");
    }
}

#[test]
fn subnormal_matrix_is_not_read_as_all_zero() {
    let a = synthetic::gaussian(30, 3, 4);
    // 2^-1060: every entry subnormal (and exact, a power of two times a 14-bit mantissa at most).
    let tiny = scaled(&a, 2f64.powi(-1060));
    assert!(tiny[(0, 0)] != 0.0 && !tiny[(0, 0)].is_normal());
    let rs = RowSpace::new(tiny.as_ref()).unwrap();
    assert_eq!(rs.rank, 3);
    let (_, eps, _) = epsilon_hat(&a, 1.0, Method::Uniform, 15);
    let (_, eps_tiny, _) = epsilon_hat(&tiny, 1.0, Method::Uniform, 15);
    // The subnormal copy keeps only a few mantissa bits: the same ε̂ to a few per cent.
    assert!((eps - eps_tiny).abs() < 0.05 * eps, "{eps} vs {eps_tiny}");
}

#[test]
fn large_p_gives_ratios_within_the_sampling_maximum_and_a_positive_epsilon_hat() {
    let a = synthetic::gaussian(200, 4, 9);
    for p in [1000.0, 10000.0] {
        // Uniform, k = 50 of 200: every kept row has weight 4^{1/p}, so ‖SAx‖_p^p/‖Ax‖_p^p ≤ 4.
        let (_, eps, hi) = epsilon_hat(&a, p, Method::Uniform, 50);
        assert!(hi <= 4.0 * (1.0 + 1e-9), "p={p}: ratio {hi} above 4");
        assert!(eps > 0.0 && eps.is_finite(), "p={p}: ε̂ = {eps}");
    }
}
