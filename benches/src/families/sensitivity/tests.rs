//! Every check of the family fails on a wrong answer: weights off the Lewis fixed point,
//! weights that disagree with the independent iteration, an ε̂ its directions do not
//! witness, a pipeline whose weights or ε̂ were corrupted.

use std::collections::BTreeMap;

use faer::Mat;
use sensitivity_sampling::{Method, bernoulli, oracles, synthetic};

use super::case::{Evidence, SensitivityCase, Work};
use crate::family::{Case, DatasetInfo};

fn case(work: Work) -> SensitivityCase {
    SensitivityCase {
        work,
        info: DatasetInfo {
            name: "test".into(),
            sha256: String::new(),
        },
        workspace: std::env::temp_dir(),
        evidence: BTreeMap::new(),
    }
}

fn run_and_check(c: &mut SensitivityCase, imp: &str, expected: &str) -> Result<(), String> {
    let out = c.run(imp).map_err(|e| format!("{e:?}"))?;
    c.check(imp, out.as_ref(), expected)
}

fn lewis_case(plain_offset: f64) -> SensitivityCase {
    let a = synthetic::student_t(200, 4, 3, 1);
    let mut plain = oracles::lewis_weights_plain(a.as_ref(), 3.0, 1e-11, 5000)
        .unwrap()
        .0;
    plain[0] *= 1.0 + plain_offset;
    case(Work::Lewis {
        a,
        p: 3.0,
        plain: Some(plain),
    })
}

#[test]
fn lewis_check_rejects_weights_off_the_fixed_point_with_the_right_sum() {
    let mut c = lewis_case(0.0);
    run_and_check(&mut c, "lewis", "sum_w=4.000000").unwrap();
    let out = c.run("lewis").unwrap();
    let Some(Evidence::Weights(w)) = c.evidence.get_mut("lewis") else {
        panic!("no weights recorded")
    };
    w[0] += 1e-3;
    w[1] -= 1e-3; // Σw unchanged: the old check (Σw = rank) passes this
    let err = c
        .check("lewis", out.as_ref(), "sum_w=4.000000")
        .unwrap_err();
    assert!(err.contains("fixed point"), "{err}");
}

#[test]
fn lewis_check_rejects_weights_that_differ_from_the_independent_iteration() {
    let mut c = lewis_case(1e-4);
    let err = run_and_check(&mut c, "lewis", "sum_w=4.000000").unwrap_err();
    assert!(err.contains("differ"), "{err}");
}

fn distortion_case(p: f64) -> SensitivityCase {
    let a = synthetic::gaussian(40, 3, 5);
    let sa = bernoulli(&vec![1.0; 40], 20, p, 5)
        .unwrap()
        .sketch(a.as_ref())
        .unwrap();
    case(Work::Distortion { a, sa, p })
}

#[test]
fn distortion_oracle_is_independent_and_agrees_with_the_exact_arm() {
    for p in [1.0, 2.0] {
        let mut c = distortion_case(p);
        let oracle = c.run("oracle").unwrap().answer();
        run_and_check(&mut c, "exact", &oracle).unwrap();
        run_and_check(&mut c, "estimate", &oracle).unwrap();
        // A wrong exact value is caught against the oracle.
        let wrong = c.run("exact").unwrap();
        let shifted = format!(
            "eps={:.6}",
            oracle.trim_start_matches("eps=").parse::<f64>().unwrap() + 0.01
        );
        assert!(c.check("exact", wrong.as_ref(), &shifted).is_err());
    }
}

#[test]
fn estimate_check_rejects_an_unwitnessed_ratio() {
    let mut c = distortion_case(1.0);
    let oracle = c.run("oracle").unwrap().answer();
    let out = c.run("estimate").unwrap();
    c.check("estimate", out.as_ref(), &oracle).unwrap();
    let Some(Evidence::Estimate(d)) = c.evidence.get_mut("estimate") else {
        panic!("no estimate recorded")
    };
    d.max_ratio *= 1.001;
    let err = c.check("estimate", out.as_ref(), &oracle).unwrap_err();
    assert!(err.contains("witnessed"), "{err}");
}

fn pipeline_case() -> SensitivityCase {
    let a = synthetic::coherent(120, 3, 0.05, 2);
    let result = super::sweep::run(&a, 1.0, &[Method::Uniform], &[20], 2, false).unwrap();
    case(Work::Sweep {
        a,
        p: 1.0,
        k: 20,
        result,
    })
}

#[test]
fn sweep_check_rejects_corrupted_pipeline_weights_or_epsilon() {
    let mut c = pipeline_case();
    run_and_check(&mut c, "pipeline", "rank=3").unwrap();
    let out = c.run("pipeline").unwrap();
    if let Some(Evidence::Pipeline { weights, .. }) = c.evidence.get_mut("pipeline") {
        weights[0] *= 1.01;
    }
    assert!(c.check("pipeline", out.as_ref(), "rank=3").is_err());
    let out = c.run("pipeline").unwrap();
    if let Some(Evidence::Pipeline { distortion, .. }) = c.evidence.get_mut("pipeline") {
        distortion.epsilon += 0.01;
    }
    let err = c.check("pipeline", out.as_ref(), "rank=3").unwrap_err();
    assert!(err.contains("follow"), "{err}");
    let out = c.run("pipeline").unwrap();
    if let Some(Evidence::Pipeline { sa, .. }) = c.evidence.get_mut("pipeline") {
        *sa = Mat::from_fn(sa.nrows(), sa.ncols(), |i, j| sa[(i, j)] * 1.5);
    }
    assert!(c.check("pipeline", out.as_ref(), "rank=3").is_err());
}
