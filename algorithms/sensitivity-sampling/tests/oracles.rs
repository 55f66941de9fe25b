//! Closed-form oracles (the sensitivity of a row is invariant under A → AR, so these follow from symmetry): identity, stacked identity, p = 2, zero rows,
//! invariance under A → AR, and the sign matrix.

mod common;

use faer::Mat;
use sensitivity_sampling::{
    LewisOptions, LpBackend, Method, RowSpace, leverage_scores, lewis_weights, scores,
    sensitivities, synthetic,
};

const PS: [f64; 6] = [1.0, 1.5, 2.0, 3.0, 4.0, 6.0];

fn close(a: &[f64], b: &[f64], tol: f64) {
    assert_eq!(a.len(), b.len());
    for (i, (x, y)) in a.iter().zip(b).enumerate() {
        assert!((x - y).abs() <= tol, "entry {i}: {x} vs {y} (tol {tol})");
    }
}

#[test]
fn identity_has_unit_scores() {
    let a = Mat::<f64>::identity(5, 5);
    for p in PS {
        let w = lewis_weights(a.as_ref(), p, &LewisOptions::default()).unwrap();
        close(&w.weights, &[1.0; 5], 1e-9);
        let s = sensitivities(a.as_ref(), p, LpBackend::Clarabel).unwrap();
        close(&s.scores, &[1.0; 5], 1e-7);
    }
}

#[test]
fn stacked_identity_has_scores_one_over_k() {
    for (d, k) in [(3, 4), (4, 2), (2, 5)] {
        let a = synthetic::stacked_identity(d, k);
        let want = vec![1.0 / k as f64; d * k];
        for p in PS.into_iter().chain([8.0, 12.0]) {
            let w = lewis_weights(a.as_ref(), p, &LewisOptions::default()).unwrap();
            close(&w.weights, &want, 1e-9);
            let s = sensitivities(a.as_ref(), p, LpBackend::Clarabel).unwrap();
            close(&s.scores, &want, 1e-6);
            assert!(
                (s.total - d as f64).abs() < 1e-5,
                "p={p}: total {}",
                s.total
            );
        }
        let s = sensitivities(a.as_ref(), 1.0, LpBackend::Microlp).unwrap();
        close(&s.scores, &want, 1e-9);
    }
}

#[test]
fn p2_sensitivities_and_lewis_weights_are_leverage_scores() {
    for seed in 0..4 {
        let a = synthetic::student_t(40, 4, 3, seed);
        let tau = common::naive_quadratic_forms(a.as_ref(), &[1.0; 40]).unwrap();
        close(&leverage_scores(a.as_ref()).unwrap(), &tau, 1e-10);
        let w = lewis_weights(a.as_ref(), 2.0, &LewisOptions::default()).unwrap();
        close(&w.weights, &tau, 1e-10);
        let s = sensitivities(a.as_ref(), 2.0, LpBackend::Clarabel).unwrap();
        close(&s.scores, &tau, 1e-8);
        assert!((s.total - 4.0).abs() < 1e-7);
    }
}

#[test]
fn zero_rows_get_zero_scores() {
    let mut a = synthetic::gaussian(30, 3, 9);
    for j in 0..3 {
        a[(4, j)] = 0.0;
        a[(17, j)] = 0.0;
    }
    for p in [1.0, 1.5, 3.0, 6.0] {
        let w = lewis_weights(a.as_ref(), p, &LewisOptions::default()).unwrap();
        assert_eq!((w.weights[4], w.weights[17]), (0.0, 0.0));
        assert!(w.weights.iter().all(|x| x.is_finite()));
        assert!((w.weights.iter().sum::<f64>() - 3.0).abs() < 1e-8);
        let s = sensitivities(a.as_ref(), p, LpBackend::Clarabel).unwrap();
        assert_eq!((s.scores[4], s.scores[17]), (0.0, 0.0));
        assert!(s.maximisers[4].is_empty());
    }
}

#[test]
fn scores_are_invariant_under_right_multiplication() {
    let a = synthetic::gaussian(25, 3, 4);
    let r = faer::mat![[2.0, -1.0, 0.5], [0.0, 3.0, 1.0], [1.0, 1.0, -4.0]];
    let ar = &a * &r;
    for p in [1.0, 1.5, 3.0, 4.0] {
        let w1 = lewis_weights(a.as_ref(), p, &LewisOptions::default()).unwrap();
        let w2 = lewis_weights(ar.as_ref(), p, &LewisOptions::default()).unwrap();
        close(&w1.weights, &w2.weights, 1e-9);
        let s1 = sensitivities(a.as_ref(), p, LpBackend::Clarabel).unwrap();
        let s2 = sensitivities(ar.as_ref(), p, LpBackend::Clarabel).unwrap();
        close(&s1.scores, &s2.scores, 1e-6);
    }
    close(
        &leverage_scores(a.as_ref()).unwrap(),
        &leverage_scores(ar.as_ref()).unwrap(),
        1e-12,
    );
}

/// `s_i = d / Σ_k C(d,k)|d−2k|` and `w_i = d/2^d` for the sign matrix at p = 1 (computed here
/// from the formula, not from the crate).
#[test]
fn sign_matrix_closed_forms() {
    let expected_total = [2.0, 2.0, 8.0 / 3.0, 8.0 / 3.0, 16.0 / 5.0];
    for d in 2..=6usize {
        let a = synthetic::sign_matrix(d);
        let mut sum = 0.0;
        let mut c = 1.0;
        for k in 0..=d {
            sum += c * (d as f64 - 2.0 * k as f64).abs();
            c = c * (d - k) as f64 / (k + 1) as f64;
        }
        let s_i = d as f64 / sum;
        let n = 1usize << d;
        assert!((n as f64 * s_i - expected_total[d - 2]).abs() < 1e-12);
        for backend in [LpBackend::Clarabel, LpBackend::Microlp] {
            let s = sensitivities(a.as_ref(), 1.0, backend).unwrap();
            close(&s.scores, &vec![s_i; n], 1e-7);
            assert!(
                (s.total - expected_total[d - 2]).abs() < 1e-6,
                "d={d}: {}",
                s.total
            );
        }
        let w = lewis_weights(a.as_ref(), 1.0, &LewisOptions::default()).unwrap();
        close(&w.weights, &vec![d as f64 / n as f64; n], 1e-10);
    }
}

#[test]
fn rank_deficient_and_wide_inputs_use_the_row_space() {
    // Third column = first + second: rank 2. And a wide 2×4 matrix: rank 2.
    let tall = Mat::from_fn(20, 3, |i, j| {
        let (x, y) = ((i as f64).sin(), (i as f64 * 0.7).cos());
        [x, y, x + y][j]
    });
    let wide = faer::mat![[1.0, 2.0, 3.0, 4.0], [0.0, 1.0, 0.0, 1.0]];
    for a in [tall, wide] {
        let rs = RowSpace::new(a.as_ref()).unwrap();
        assert_eq!(rs.rank, 2);
        for m in [Method::Leverage, Method::Lewis, Method::Sensitivity] {
            let s = scores(a.as_ref(), 1.0, m).unwrap();
            assert_eq!(s.rank, 2);
            if m != Method::Sensitivity {
                assert!((s.total - 2.0).abs() < 1e-8, "{m}: {}", s.total);
            }
        }
    }
    // The raw Lewis iteration on the deficient matrix reports the Cholesky failure.
    let a = Mat::from_fn(6, 2, |i, _| i as f64 + 1.0);
    assert!(matches!(
        lewis_weights(a.as_ref(), 1.0, &LewisOptions::default()),
        Err(sensitivity_sampling::Error::Cholesky { .. })
    ));
}
