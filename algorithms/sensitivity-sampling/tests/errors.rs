//! Every bad input of the issue gets its typed error.

use faer::Mat;
use sensitivity_sampling::{
    Error, EstimateOptions, LewisOptions, LpBackend, Method, bernoulli, estimate_distortion,
    lewis_weights, parse_csv, scores, sensitivities, synthetic, with_replacement,
};

#[test]
fn bad_p() {
    let a = synthetic::gaussian(10, 2, 1);
    for p in [0.5, 0.0, -1.0, f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        assert!(
            matches!(
                scores(a.as_ref(), p, Method::Lewis),
                Err(Error::InvalidP(_))
            ),
            "p={p}"
        );
        assert!(matches!(
            lewis_weights(a.as_ref(), p, &LewisOptions::default()),
            Err(Error::InvalidP(_))
        ));
        assert!(matches!(
            sensitivities(a.as_ref(), p, LpBackend::Clarabel),
            Err(Error::InvalidP(_))
        ));
        assert!(matches!(
            bernoulli(&[1.0], 1, p, 0),
            Err(Error::InvalidP(_))
        ));
    }
    assert_eq!(
        Error::InvalidP(0.5).to_string(),
        "p must be a finite number ≥ 1, got 0.5"
    );
}

#[test]
fn bad_matrices() {
    let mut a = synthetic::gaussian(10, 3, 1);
    a[(4, 2)] = f64::NAN;
    assert!(matches!(
        scores(a.as_ref(), 1.0, Method::Leverage),
        Err(Error::NonFinite { row: 4, col: 2, .. })
    ));
    a[(4, 2)] = f64::INFINITY;
    assert!(matches!(
        scores(a.as_ref(), 1.0, Method::Lewis),
        Err(Error::NonFinite { row: 4, col: 2, .. })
    ));
    for (n, d) in [(0, 3), (3, 0), (0, 0)] {
        let e = Mat::<f64>::zeros(n, d);
        assert_eq!(
            scores(e.as_ref(), 1.0, Method::Uniform).unwrap_err(),
            Error::Empty { rows: n, cols: d }
        );
    }
    let z = Mat::<f64>::zeros(5, 2);
    assert_eq!(
        scores(z.as_ref(), 1.0, Method::Lewis).unwrap_err(),
        Error::AllZero
    );
    let sa = Mat::<f64>::zeros(1, 2);
    assert_eq!(
        estimate_distortion(
            z.as_ref(),
            sa.as_ref(),
            1.0,
            &[],
            &EstimateOptions::default()
        )
        .unwrap_err(),
        Error::AllZero
    );
}

#[test]
fn bad_budgets_and_scores() {
    assert_eq!(
        bernoulli(&[1.0, 2.0], 0, 1.0, 0).unwrap_err(),
        Error::ZeroBudget
    );
    assert_eq!(
        with_replacement(&[1.0, 2.0], 0, 1.0, 0).unwrap_err(),
        Error::ZeroBudget
    );
    assert_eq!(
        bernoulli(&[0.0, 0.0], 3, 1.0, 0).unwrap_err(),
        Error::AllScoresZero
    );
    assert_eq!(
        with_replacement(&[0.0], 3, 1.0, 0).unwrap_err(),
        Error::AllScoresZero
    );
    assert_eq!(bernoulli(&[], 3, 1.0, 0).unwrap_err(), Error::AllScoresZero);
    assert_eq!(
        bernoulli(&[1.0, -0.5], 3, 1.0, 0).unwrap_err(),
        Error::InvalidScore {
            index: 1,
            value: -0.5
        }
    );
    assert!(matches!(
        bernoulli(&[1.0, f64::NAN], 3, 1.0, 0),
        Err(Error::InvalidScore { index: 1, .. })
    ));
    assert!(matches!(
        with_replacement(&[f64::INFINITY], 3, 1.0, 0),
        Err(Error::InvalidScore { index: 0, .. })
    ));
    assert!(matches!(
        Method::from_name("magic"),
        Err(Error::UnknownMethod(_))
    ));
}

#[test]
fn cholesky_failure_is_an_error() {
    // Two identical columns: AᵀA is singular. No pseudo-inverse is substituted.
    let a = Mat::from_fn(5, 2, |i, _| (i + 1) as f64);
    assert!(matches!(
        sensitivity_sampling::leverage_scores(a.as_ref()),
        Err(Error::Cholesky { .. })
    ));
    assert!(matches!(
        lewis_weights(a.as_ref(), 3.0, &LewisOptions::default()),
        Err(Error::Cholesky { .. })
    ));
    let msg = Error::Cholesky {
        context: "leverage scores",
    }
    .to_string();
    assert!(msg.contains("not positive definite"));
}

#[test]
fn lewis_non_convergence_carries_the_residual() {
    let a = synthetic::gaussian(50, 3, 3);
    let e = lewis_weights(
        a.as_ref(),
        1.0,
        &LewisOptions {
            max_iterations: 2,
            ..LewisOptions::default()
        },
    )
    .unwrap_err();
    let Error::NotConverged {
        residual,
        iterations,
    } = e
    else {
        panic!("{e:?}")
    };
    assert_eq!(iterations, 2);
    assert!(residual > 1e-10);
}

#[test]
fn csv_errors_name_line_and_column() {
    assert_eq!(
        parse_csv("a,b\n1,2\n\n3,x\n").unwrap_err(),
        Error::Csv {
            line: 4,
            column: 2,
            message: "`x` is not a finite number".into()
        }
    );
    assert_eq!(
        parse_csv("1,2\n3,4,5\n").unwrap_err(),
        Error::Csv {
            line: 2,
            column: 0,
            message: "3 fields, but the first data line has 2".into()
        }
    );
    assert!(matches!(
        parse_csv("1,2\nNaN,1\n"),
        Err(Error::Csv {
            line: 2,
            column: 1,
            ..
        })
    ));
    assert!(matches!(
        parse_csv("1,2\n1,inf\n"),
        Err(Error::Csv {
            line: 2,
            column: 2,
            ..
        })
    ));
    assert!(matches!(
        parse_csv("1,,2\n"),
        Err(Error::Csv {
            line: 1,
            column: 2,
            ..
        })
    ));
    assert!(matches!(parse_csv("# nothing\n"), Err(Error::Empty { .. })));
    assert_eq!(
        Error::Csv {
            line: 3,
            column: 2,
            message: "m".into()
        }
        .to_string(),
        "CSV line 3, column 2: m"
    );
    let m = parse_csv("# c\nx,y\n1, 2\n-3.5,4e2\n").unwrap();
    assert_eq!((m.nrows(), m.ncols(), m[(1, 1)]), (2, 2, 400.0));
}
