//! Mehta–Panigrahi's G₃ = `upper_triangular(3, m)` with p = 1/m: Stochastic Balance's exact
//! ratio to the budgeted LP (= 3) closes in on the limit
//! 1 − 11/(18e) − 5/(6e²) − 5/(6e³) ≈ 0.6209 as m grows.

use std::f64::consts::E;

use stochastic_matching::generators::{gk, upper_triangular};
use stochastic_matching::*;

fn limit() -> f64 {
    1.0 - 11.0 / (18.0 * E) - 5.0 / (6.0 * E * E) - 5.0 / (6.0 * E * E * E)
}

#[test]
fn g3_is_upper_triangular_and_mehta_panigrahi_gk() {
    for m in [1, 3, 7] {
        assert_eq!(
            upper_triangular(3, m).unwrap().to_json(),
            gk(3, m).unwrap().to_json()
        );
        let inst = upper_triangular(3, m).unwrap();
        assert_eq!((inst.n(), inst.arrivals()), (3, 3 * m));
        assert!((budgeted_lp(&inst, LpSolver::Microlp).unwrap() - 3.0).abs() < 1e-7);
        // Batch i (arrivals i·m .. (i+1)·m) sees u_i..u_2, each with p = 1/m.
        for t in 0..3 * m {
            let us: Vec<u32> = inst.neighbours(t).iter().map(|e| e.u).collect();
            assert_eq!(us, ((t / m) as u32..3).collect::<Vec<_>>());
            assert!(inst.neighbours(t).iter().all(|e| e.p == 1.0 / m as f64));
        }
    }
}

#[test]
fn balance_on_g3_closes_in_on_the_limit() {
    let target = limit();
    assert!((target - 0.6209).abs() < 1e-4);
    let mut last = f64::INFINITY;
    let mut values = Vec::new();
    // From m = 8 on the gap shrinks at every doubling (m = 4 happens to sit closer).
    for m in [8, 16, 32, 64, 128] {
        let inst = upper_triangular(3, m).unwrap();
        let balance = Algorithm::Balance(LoadFunction::Exp);
        let ratio = exact_expectation(&inst, balance, TieBreak::HighestIndex).unwrap() / 3.0;
        let gap = (ratio - target).abs();
        values.push((m, ratio));
        assert!(gap < last, "m = {m}: gap {gap} ≥ {last} ({values:?})");
        last = gap;
    }
    // At p = 1/128 Balance is within 3e-4 of the limit, and above it (a finite-p instance
    // can exceed a limit that holds only as p → 0).
    assert!(last < 3e-4, "{values:?}");
    assert!(values.iter().all(|&(_, r)| r > target), "{values:?}");
}
