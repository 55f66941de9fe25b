//! The worst-instance search inside the vanishing-p regime: its instances stay in the regime
//! and are labelled with it, a proven floor is not contradicted, and a floor that is false
//! for the algorithm searched is caught.

use stochastic_matching::search_regime::*;
use stochastic_matching::*;

fn config(algorithm: Algorithm, equal_p: bool, seed: u64) -> RegimeSearch {
    RegimeSearch {
        n: 4,
        types: 5,
        m: 40,
        equal_p,
        algorithm,
        tie: TieBreak::HighestIndex,
        benchmark: RegimeBenchmark::Budgeted,
        iterations: 60,
        replications: 400,
        seed,
    }
}

#[test]
fn balance_search_stays_in_the_regime_and_respects_mehta_panigrahi() {
    let w = worst_in_regime(&config(Algorithm::Balance(LoadFunction::Exp), true, 3)).unwrap();
    eprintln!(
        "balance: {:.4} ± {:.4} (search saw {:.4}), max p {}, {} evaluations",
        w.ratio, w.half_width, w.search_ratio, w.max_p, w.evaluations
    );
    assert!(w.equal_p && (w.max_p - 1.0 / 40.0).abs() < 1e-15);
    assert_eq!(w.evaluations, 61);
    assert!(w.instance.arrivals() == 5 * 40);
    // Mehta–Panigrahi: at least 0.567 of the budgeted LP as p → 0; not contradicted.
    assert!(!below_floor(w.ratio, w.half_width, 0.567, w.max_p));
    assert!(w.ratio <= 1.0 + w.half_width);
    // The benchmark is the instance's budgeted LP.
    let b1 = budgeted_lp(&w.instance, LpSolver::Clarabel).unwrap();
    assert!((b1 - w.benchmark_value).abs() < 1e-6);
}

#[test]
fn unequal_search_labels_its_regime() {
    let mut cfg = config(Algorithm::Balance(LoadFunction::GoyalUdwani), false, 4);
    cfg.benchmark = RegimeBenchmark::Sclp;
    cfg.iterations = 20;
    let w = worst_in_regime(&cfg).unwrap();
    assert!(!w.equal_p && w.max_p <= 1.0 / 40.0);
    let sclp = sclp_compact(&w.instance, LpSolver::Clarabel).unwrap();
    assert!((sclp - w.benchmark_value).abs() < 1e-6);
    // Against the clairvoyant optimum, Goyal–Udwani's (1 − η√p)·0.596 is not contradicted.
    cfg.benchmark = RegimeBenchmark::Adaptive;
    let w = worst_in_regime(&cfg).unwrap();
    let opt = adaptive_optimum(&w.instance, DP_CAP).unwrap();
    assert!((opt - w.benchmark_value).abs() < 1e-9);
    assert!(!below_floor(w.ratio, w.half_width, 0.596, w.max_p));
}

#[test]
fn a_false_floor_is_caught() {
    // Greedy with adversarial ties is near 1/2 of the budgeted LP on hard instances: a claim
    // that it is at least 0.75 must be rejected by what the search finds.
    let w = worst_in_regime(&config(Algorithm::Greedy, true, 5)).unwrap();
    eprintln!("greedy: {:.4} ± {:.4}", w.ratio, w.half_width);
    assert!(below_floor(w.ratio, w.half_width, 0.75, w.max_p), "{w:?}");
    // And the detector itself: inside the CI or the slack is not a finding.
    assert!(below_floor(0.40, 0.01, 0.567, 0.01));
    assert!(!below_floor(0.50, 0.01, 0.567, 0.01)); // 0.51 ≥ 0.567 − 0.1
    assert!(!below_floor(0.56, 0.02, 0.567, 0.0));
}

#[test]
fn bad_search_parameters_are_typed_errors() {
    let mut cfg = config(Algorithm::Greedy, true, 1);
    cfg.m = 0;
    assert!(matches!(
        worst_in_regime(&cfg),
        Err(Error::InvalidParameter { .. })
    ));
    let mut cfg = config(Algorithm::Greedy, true, 1);
    cfg.replications = 1;
    assert!(worst_in_regime(&cfg).is_err());
}
