//! Lewis weights: convergence for every p of the issue, the fixed-point equation checked
//! with a naive inverse, and the typed non-convergence error.

mod common;

use sensitivity_sampling::{Error, LewisOptions, lewis_weights, synthetic};

#[test]
fn converges_for_every_p_and_satisfies_the_fixed_point() {
    let inputs = [
        synthetic::gaussian(200, 5, 1),
        synthetic::student_t(200, 5, 2, 2),
        synthetic::coherent(200, 5, 0.01, 3),
        synthetic::sign_matrix(5),
    ];
    for a in &inputs {
        for p in [1.0, 1.5, 3.0, 4.0, 6.0, 8.0, 12.0] {
            let lw = lewis_weights(a.as_ref(), p, &LewisOptions::default())
                .unwrap_or_else(|e| panic!("p={p}: {e}"));
            assert!(lw.residual < 1e-10);
            assert!(lw.iterations > 0 && lw.iterations < 1000);
            assert_eq!(lw.damping, if p >= 4.0 { 2.0 / p } else { 1.0 });
            let v: Vec<f64> = lw.weights.iter().map(|w| w.powf(1.0 - 2.0 / p)).collect();
            let q = common::naive_quadratic_forms(a.as_ref(), &v).unwrap();
            for (w, q) in lw.weights.iter().zip(q) {
                assert!(
                    (w.powf(2.0 / p) / q - 1.0).abs() < 1e-8,
                    "p={p}: w^(2/p) = {} vs {q}",
                    w.powf(2.0 / p)
                );
            }
            assert!((lw.weights.iter().sum::<f64>() - 5.0).abs() < 1e-8);
        }
    }
}

#[test]
fn undamped_iteration_fails_loudly_beyond_p4() {
    let a = synthetic::gaussian(300, 6, 5);
    let options = LewisOptions {
        damping: Some(1.0),
        max_iterations: 300,
        ..LewisOptions::default()
    };
    for p in [4.0, 6.0] {
        match lewis_weights(a.as_ref(), p, &options) {
            Err(Error::NotConverged {
                residual,
                iterations,
            }) => {
                assert!(residual >= 1e-10 && iterations <= 300);
            }
            Err(Error::Cholesky { .. }) => {}
            other => panic!("p={p}: expected a typed failure, got {other:?}"),
        }
    }
}

#[test]
fn iteration_limit_reports_the_residual() {
    let a = synthetic::gaussian(100, 4, 8);
    let options = LewisOptions {
        max_iterations: 3,
        ..LewisOptions::default()
    };
    match lewis_weights(a.as_ref(), 1.0, &options) {
        Err(Error::NotConverged {
            residual,
            iterations,
        }) => {
            assert_eq!(iterations, 3);
            assert!(residual > 1e-10 && residual.is_finite());
            let msg = Error::NotConverged {
                residual,
                iterations,
            }
            .to_string();
            assert!(msg.contains("residual") && msg.contains("3 iterations"));
        }
        other => panic!("expected NotConverged, got {other:?}"),
    }
}
