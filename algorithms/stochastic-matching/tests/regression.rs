//! Regression values computed by an independent prototype (Python + SciPy/HiGHS, see
//! `benches/definitions/oracles/stochastic_matching_lp.py`): upper-triangular (n, m) with the stochastic configuration LP and the
//! adaptive optimum, and the configuration-LP counterexample.

mod common;

use stochastic_matching::generators::upper_triangular;
use stochastic_matching::*;

fn close(got: f64, want: f64, decimals: i32) {
    let tol = 0.5 * 10f64.powi(-decimals) + 1e-9;
    assert!((got - want).abs() <= tol, "got {got}, want {want} (±{tol})");
}

#[test]
fn upper_triangular_6_10() {
    let inst = upper_triangular(6, 10).unwrap();
    close(sclp_column_generation(&inst).unwrap().value, 4.914606, 6);
    close(
        sclp_compact(&inst, LpSolver::Clarabel).unwrap(),
        4.914606,
        6,
    );
    close(sclp_compact(&inst, LpSolver::Microlp).unwrap(), 4.914606, 6);
    close(adaptive_optimum(&inst, DP_CAP).unwrap(), 4.6781, 4);
    close(budgeted_lp(&inst, LpSolver::Clarabel).unwrap(), 6.0, 6);
    close(budgeted_lp(&inst, LpSolver::Microlp).unwrap(), 6.0, 6);
}

#[test]
fn upper_triangular_8_20_and_10_20() {
    let inst = upper_triangular(8, 20).unwrap();
    close(sclp_column_generation(&inst).unwrap().value, 6.7179, 4);
    close(adaptive_optimum(&inst, DP_CAP).unwrap(), 6.3601, 4);
    let inst = upper_triangular(10, 20).unwrap();
    close(sclp_column_generation(&inst).unwrap().value, 8.5763, 4);
    close(sclp_compact(&inst, LpSolver::Clarabel).unwrap(), 8.5763, 4);
    close(adaptive_optimum(&inst, DP_CAP).unwrap(), 8.1098, 4);
}

#[test]
fn configuration_lp_counterexample() {
    let inst = common::counterexample();
    close(adaptive_optimum(&inst, DP_CAP).unwrap(), 1.910241, 6);
    close(config_lp_column_generation(&inst).unwrap().value, 1.791, 6);
    close(
        config_lp_enumerated(&inst, ENUMERATION_CAP, LpSolver::Microlp).unwrap(),
        1.791,
        6,
    );
}
