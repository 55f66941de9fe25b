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
fn rescaling_keeps_the_fixed_point_and_saves_iterations() {
    for (a, d) in [
        (synthetic::gaussian(400, 6, 8), 6.0),
        (synthetic::coherent(300, 4, 0.01, 2), 4.0),
        (synthetic::student_t(300, 5, 2, 6), 5.0),
    ] {
        for p in [1.0, 1.5, 3.0, 6.0] {
            let plain = LewisOptions {
                rescale: false,
                ..LewisOptions::default()
            };
            let x = lewis_weights(a.as_ref(), p, &plain).unwrap();
            let y = lewis_weights(a.as_ref(), p, &LewisOptions::default()).unwrap();
            for (u, v) in x.weights.iter().zip(&y.weights) {
                assert!((u - v).abs() < 1e-9 * u.max(1e-3), "p={p}: {u} vs {v}");
            }
            assert!((y.weights.iter().sum::<f64>() - d).abs() < 1e-9);
            if p < 2.0 {
                // The removed scale mode is the slowest one of the undamped map for p < 2.
                assert!(
                    y.iterations < x.iterations,
                    "p={p}: {} vs {}",
                    y.iterations,
                    x.iterations
                );
            }
        }
    }
}

#[test]
fn undamped_iteration_fails_loudly_beyond_p4() {
    // The plain Cohen–Peng map (no rescaling, no acceleration) 2-cycles at p = 4 and diverges
    // beyond: its linearisation has eigenvalue 1 − p/2 on the scale mode (Cohen & Peng 2015
    // prove contraction for p < 4 only).
    let a = synthetic::gaussian(300, 6, 5);
    let options = LewisOptions {
        damping: Some(1.0),
        max_iterations: 300,
        rescale: false,
        anderson: Some(0),
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

#[test]
fn anderson_reaches_the_damped_fixed_point_within_30_iterations_for_large_p() {
    let damped = LewisOptions {
        anderson: Some(0),
        ..LewisOptions::default()
    };
    for a in [
        synthetic::gaussian(1500, 12, 21),
        synthetic::student_t(1500, 12, 2, 22),
        synthetic::coherent(800, 8, 0.01, 23),
    ] {
        for p in [4.0, 6.0, 8.0, 12.0] {
            let slow = lewis_weights(a.as_ref(), p, &damped).unwrap();
            let fast = lewis_weights(a.as_ref(), p, &LewisOptions::default()).unwrap();
            assert!(fast.residual < 1e-10);
            assert!(
                fast.iterations <= 30,
                "p={p}: {} iterations (damped: {})",
                fast.iterations,
                slow.iterations
            );
            assert!(
                slow.iterations > 30,
                "p={p}: the damped map took {}",
                slow.iterations
            );
            for (u, v) in slow.weights.iter().zip(&fast.weights) {
                assert!((u - v).abs() <= 1e-8 * u, "p={p}: {u} vs {v}");
            }
            let q = common::naive_quadratic_forms(
                a.as_ref(),
                &fast
                    .weights
                    .iter()
                    .map(|w| w.powf(1.0 - 2.0 / p))
                    .collect::<Vec<_>>(),
            )
            .unwrap();
            for (w, q) in fast.weights.iter().zip(q) {
                assert!((w.powf(2.0 / p) / q - 1.0).abs() < 1e-8);
            }
        }
    }
}
