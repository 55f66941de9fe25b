//! The LAD simplex (`l1_sensitivities`, `l1_min_constrained`, `LpBackend::Simplex`) against
//! good_lp's general LPs (Clarabel and microlp, the oracles) and the closed forms (sign matrix, stacked identity), on
//! random and adversarial inputs: degenerate (integer and sign matrices), duplicate and
//! antipodal rows, zero rows, rank-deficient and n < d matrices.

mod common;

use faer::Mat;
use proptest::prelude::*;
use sensitivity_sampling::{
    Error, LpBackend, RowSpace, l1_min_constrained, l1_sensitivities, lp_minimize, sensitivities,
    synthetic,
};

/// `2^d·d / Σ_k C(d,k)|d−2k|`: the sign matrix's total ℓ1 sensitivity (each row's maximiser is the row itself by symmetry, so s_i = d/Σ_k C(d,k)|d−2k|), written
/// independently of the crate.
fn sign_total(d: usize) -> f64 {
    let mut binom = vec![1u64; d + 1];
    for k in 1..=d {
        binom[k] = binom[k - 1] * (d - k + 1) as u64 / k as u64;
    }
    let sum: u64 = (0..=d)
        .map(|k| binom[k] * (d as i64 - 2 * k as i64).unsigned_abs())
        .sum();
    (1u64 << d) as f64 * d as f64 / sum as f64
}

/// Compares the simplex with both LP backends and checks its maximisers certify its scores.
fn agrees_with_lps(a: &Mat<f64>, tol: f64) -> Result<(), TestCaseError> {
    let fast = l1_sensitivities(a.as_ref()).map_err(|e| TestCaseError::fail(e.to_string()))?;
    for backend in [LpBackend::Clarabel, LpBackend::Microlp] {
        let lp = sensitivities(a.as_ref(), 1.0, backend).unwrap();
        for (i, (x, y)) in fast.scores.iter().zip(&lp.scores).enumerate() {
            prop_assert!(
                (x - y).abs() <= tol * y.max(1.0),
                "{backend:?} row {i}: simplex {x} vs LP {y}"
            );
        }
    }
    for (i, x) in fast.maximisers.iter().enumerate() {
        if x.is_empty() {
            prop_assert_eq!(fast.scores[i], 0.0);
            continue;
        }
        // ‖Ax*‖₁ = 1 and a_iᵀx* = s_i: the score is attained (a certified lower bound).
        let norm = common::norm_pp(a.as_ref(), x, 1.0);
        prop_assert!((norm - 1.0).abs() < 1e-9, "row {i}: ‖Ax*‖₁ = {norm}");
        let share = common::row_share(a.as_ref(), i, x, 1.0);
        prop_assert!((share - fast.scores[i]).abs() < 1e-9);
    }
    Ok(())
}

#[test]
fn random_integer_matrices_match_both_lp_backends() {
    // Small integers: many ties and degenerate vertices; zero rows and repeated columns
    // (reduced to the row space first, as the scores do).
    common::runner("l1-simplex-integer", 40)
        .run(&common::matrix(24, 5), |rows| {
            let a = common::to_mat(&rows);
            let Ok(rs) = RowSpace::new(a.as_ref()) else {
                return Ok(());
            };
            agrees_with_lps(&rs.basis, 1e-6)
        })
        .unwrap();
}

#[test]
fn random_gaussian_matrices_with_duplicate_rows_match_both_lp_backends() {
    let strategy = (2usize..=6, 0usize..=20, any::<u64>(), 0usize..4);
    common::runner("l1-simplex-gaussian", 32)
        .run(&strategy, |(d, extra, seed, dups)| {
            let n = d + extra;
            let mut rows = common::gaussian_vectors(n, d, seed);
            // Duplicate, antipodal and rescaled copies of earlier rows.
            for k in 0..dups.min(n) {
                let src = rows[k].clone();
                let f = [1.0, -1.0, 3.0, -0.5][k % 4];
                rows.push(src.into_iter().map(|v| v * f).collect());
            }
            agrees_with_lps(&common::to_mat(&rows), 1e-6)
        })
        .unwrap();
}

#[test]
fn sign_matrix_closed_form() {
    for d in 2..=9 {
        let s = l1_sensitivities(synthetic::sign_matrix(d).as_ref()).unwrap();
        let each = sign_total(d) / (1u64 << d) as f64;
        for (i, v) in s.scores.iter().enumerate() {
            assert!((v - each).abs() < 1e-10, "d={d} row {i}: {v} vs {each}");
        }
        assert!((s.total - sign_total(d)).abs() < 1e-9);
    }
    assert!((sign_total(6) - 16.0 / 5.0).abs() < 1e-15);
}

#[test]
fn sign_matrix_stacked_twice_halves_every_score() {
    // Every row repeated: the most degenerate input (each vertex has twice the zero rows).
    for d in [3, 4, 7] {
        let s1 = synthetic::sign_matrix(d);
        let n = s1.nrows();
        let a = Mat::from_fn(2 * n, d, |i, j| s1[(i % n, j)]);
        let s = l1_sensitivities(a.as_ref()).unwrap();
        let each = sign_total(d) / (2 * n) as f64;
        assert!(s.scores.iter().all(|v| (v - each).abs() < 1e-10), "d={d}");
    }
}

#[test]
fn identity_stacked_identity_and_zero_rows() {
    let s = l1_sensitivities(Mat::<f64>::identity(4, 4).as_ref()).unwrap();
    assert!(s.scores.iter().all(|v| (v - 1.0).abs() < 1e-12));
    let a = synthetic::stacked_identity(3, 5);
    let s = l1_sensitivities(a.as_ref()).unwrap();
    assert!(s.scores.iter().all(|v| (v - 0.2).abs() < 1e-12));
    let mut a = synthetic::gaussian(20, 3, 4);
    for j in 0..3 {
        a[(0, j)] = 0.0;
        a[(11, j)] = 0.0;
    }
    let s = l1_sensitivities(a.as_ref()).unwrap();
    assert_eq!((s.scores[0], s.scores[11]), (0.0, 0.0));
    assert!(s.maximisers[0].is_empty() && s.maximisers[11].is_empty());
    agrees_with_lps(&a, 1e-6).unwrap();
}

#[test]
fn invariant_under_invertible_column_maps() {
    let a = synthetic::student_t(40, 4, 2, 3);
    let r = Mat::from_fn(4, 4, |i, j| {
        if i == j {
            2.0
        } else {
            0.3 * (i + 2 * j) as f64
        }
    });
    let ar = &a * &r;
    let (s, t) = (
        l1_sensitivities(a.as_ref()).unwrap(),
        l1_sensitivities(ar.as_ref()).unwrap(),
    );
    for (x, y) in s.scores.iter().zip(&t.scores) {
        assert!((x - y).abs() < 1e-9, "{x} vs {y}");
    }
}

#[test]
fn rank_deficient_and_short_matrices_are_typed_errors() {
    // Repeated column: rank 2 of 3.
    let a = Mat::from_fn(10, 3, |i, j| {
        if j == 2 {
            (i % 3) as f64
        } else {
            ((i * (j + 2)) % 5) as f64
        }
    });
    let a = Mat::from_fn(10, 3, |i, j| if j == 2 { a[(i, 0)] } else { a[(i, j)] });
    assert!(matches!(
        l1_sensitivities(a.as_ref()),
        Err(Error::RankDeficient { .. })
    ));
    // n < d.
    let a = synthetic::gaussian(2, 4, 1);
    assert!(matches!(
        l1_sensitivities(a.as_ref()),
        Err(Error::RankDeficient { .. })
    ));
    // Through the row space both work and agree with the LP.
    let rs = RowSpace::new(a.as_ref()).unwrap();
    agrees_with_lps(&rs.basis, 1e-6).unwrap();
}

#[test]
fn bad_inputs_are_typed_errors() {
    let a = synthetic::gaussian(6, 2, 1);
    assert!(matches!(
        l1_min_constrained(a.as_ref(), &[1.0]),
        Err(Error::DimensionMismatch { .. })
    ));
    assert!(matches!(
        l1_min_constrained(a.as_ref(), &[0.0, 0.0]),
        Err(Error::RankDeficient { .. })
    ));
    let mut bad = a.clone();
    bad[(3, 1)] = f64::NAN;
    assert!(matches!(
        l1_sensitivities(bad.as_ref()),
        Err(Error::NonFinite { row: 3, col: 1, .. })
    ));
    assert!(matches!(
        l1_sensitivities(Mat::<f64>::zeros(0, 3).as_ref()),
        Err(Error::Empty { .. })
    ));
    assert!(matches!(
        l1_sensitivities(Mat::<f64>::zeros(4, 2).as_ref()),
        Err(Error::AllZero)
    ));
}

#[test]
fn l1_regression_matches_both_lp_backends() {
    // min_z ‖Mz + c‖₁ through LpBackend::Simplex (the [M c] reduction) against the LPs.
    let strategy = (1usize..=5, 0usize..=25, any::<u64>());
    common::runner("l1-simplex-regression", 40)
        .run(&strategy, |(k, extra, seed)| {
            let n = k + 1 + extra;
            let rows = common::gaussian_vectors(n, k + 1, seed);
            let m = Mat::from_fn(n, k, |i, j| rows[i][j].round());
            let c: Vec<f64> = rows.iter().map(|r| 3.0 * r[k]).collect();
            if sensitivity_sampling::matrix::rank(m.as_ref()).unwrap() < k {
                return Ok(());
            }
            let fast = lp_minimize(m.as_ref(), &c, 1.0, LpBackend::Simplex).unwrap();
            for backend in [LpBackend::Clarabel, LpBackend::Microlp] {
                let lp = lp_minimize(m.as_ref(), &c, 1.0, backend).unwrap();
                prop_assert!(
                    (fast.value - lp.value).abs() <= 1e-6 * lp.value.max(1.0),
                    "{backend:?}: simplex {} vs LP {}",
                    fast.value,
                    lp.value
                );
            }
            Ok(())
        })
        .unwrap();
}

#[test]
fn exact_fit_regression_falls_back_and_returns_zero() {
    // c = −M·z₀: [M c] is rank deficient, the minimum is 0.
    let m = synthetic::gaussian(12, 3, 5);
    let c: Vec<f64> = (0..12).map(|i| -(m[(i, 0)] - 2.0 * m[(i, 2)])).collect();
    let fast = lp_minimize(m.as_ref(), &c, 1.0, LpBackend::Simplex).unwrap();
    assert!(fast.value < 1e-7, "{}", fast.value);
}

#[test]
fn square_regression_is_an_exact_fit() {
    // As many rows as unknowns (a sample that kept exactly d rows): [M c] has more columns
    // than rows, the vertex interpolates every row and the minimum is 0.
    for k in 1..=5 {
        let m = synthetic::gaussian(k, k, 10 + k as u64);
        let c: Vec<f64> = (0..k).map(|i| 1.0 + i as f64).collect();
        let fast = lp_minimize(m.as_ref(), &c, 1.0, LpBackend::Simplex).unwrap();
        let lp = lp_minimize(m.as_ref(), &c, 1.0, LpBackend::Clarabel).unwrap();
        assert!(fast.value < 1e-9, "k={k}: {}", fast.value);
        assert!(lp.value < 1e-6, "k={k}: {}", lp.value);
    }
}
