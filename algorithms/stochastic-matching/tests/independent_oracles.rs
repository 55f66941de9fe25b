//! The crate's exact expectations, simulator and benchmarks against the independent oracles
//! of `stochastic_matching::oracles` (decision rules and LPs written again from their
//! definitions), on random tiny instances with fixed seeds.

mod common;

use stochastic_matching::oracles::*;
use stochastic_matching::*;

const DETERMINISTIC: [Algorithm; 4] = [
    Algorithm::Greedy,
    Algorithm::Balance(LoadFunction::Exp),
    Algorithm::Balance(LoadFunction::Msvv),
    Algorithm::Ranking,
];

#[test]
fn exact_expectation_equals_the_independent_decision_rule() {
    let mut compared = 0;
    for inst in common::tiny_instances(150, 4, 6, 31) {
        for tie in [TieBreak::LowestIndex, TieBreak::HighestIndex] {
            for a in DETERMINISTIC {
                let ours = exact_expectation(&inst, a, tie).unwrap();
                let oracle = naive_exact(&inst, a, tie).unwrap();
                assert!(
                    (ours - oracle).abs() < 1e-12,
                    "{a:?} {tie:?}: {ours} vs {oracle} on {}",
                    inst.to_json()
                );
                compared += 1;
            }
        }
    }
    assert_eq!(compared, 150 * 2 * 4);
}

#[test]
fn the_independent_decision_rule_sees_the_tie_break() {
    // Upper-triangular with equal p: Greedy's ties all go one way or the other, and the
    // adversarial (highest) tie-break is worse; an oracle that ignored ties would agree
    // with neither.
    let inst = generators::upper_triangular(3, 2).unwrap();
    let low = naive_exact(&inst, Algorithm::Greedy, TieBreak::LowestIndex).unwrap();
    let high = naive_exact(&inst, Algorithm::Greedy, TieBreak::HighestIndex).unwrap();
    assert!(high < low - 1e-3, "{high} vs {low}");
    assert!(
        (low - exact_expectation(&inst, Algorithm::Greedy, TieBreak::LowestIndex).unwrap()).abs()
            < 1e-12
    );
    assert!(
        (high - exact_expectation(&inst, Algorithm::Greedy, TieBreak::HighestIndex).unwrap()).abs()
            < 1e-12
    );
}

#[test]
fn simulator_agrees_with_the_independent_simulation() {
    let algs = [
        Algorithm::Greedy,
        Algorithm::Balance(LoadFunction::Exp),
        Algorithm::Ranking,
        Algorithm::PerturbedGreedy,
    ];
    for (i, inst) in common::tiny_instances(12, 5, 8, 77).iter().enumerate() {
        let ours = simulate(inst, &algs, TieBreak::LowestIndex, 4000, i as u64).unwrap();
        for (a, e) in algs.iter().zip(ours) {
            let o =
                naive_simulation(inst, *a, TieBreak::LowestIndex, 4000, 1000 + i as u64).unwrap();
            let se = (e.standard_error().powi(2) + o.standard_error().powi(2)).sqrt();
            assert!(
                (e.mean - o.mean).abs() <= 4.5 * se + 1e-12,
                "{a:?}: {} vs {} (se {se})",
                e.mean,
                o.mean
            );
        }
    }
}

#[test]
fn independent_simulation_matches_exact_values() {
    for inst in common::tiny_instances(8, 4, 6, 5) {
        for a in [Algorithm::Greedy, Algorithm::Ranking] {
            let x = naive_exact(&inst, a, TieBreak::LowestIndex).unwrap();
            let e = naive_simulation(&inst, a, TieBreak::LowestIndex, 5000, 3).unwrap();
            assert!((e.mean - x).abs() <= 4.5 * e.standard_error() + 1e-12);
        }
    }
}

#[test]
fn every_sclp_method_equals_both_independent_oracles() {
    for inst in common::tiny_instances(60, 4, 6, 404) {
        let enumerated = sclp_by_enumeration(&inst).unwrap();
        let dense = sclp_dense_compact(&inst).unwrap();
        assert!((enumerated - dense).abs() < 1e-7, "{enumerated} vs {dense}");
        let cg = sclp_column_generation(&inst).unwrap().value;
        let en = sclp_enumerated(&inst, ENUMERATION_CAP, LpSolver::Microlp).unwrap();
        let compact = sclp_compact(&inst, LpSolver::Clarabel).unwrap();
        for (name, v) in [("cg", cg), ("enum", en), ("compact", compact)] {
            assert!((v - enumerated).abs() < 1e-6, "{name}: {v} vs {enumerated}");
        }
    }
}

#[test]
fn budgeted_and_adaptive_equal_their_oracles() {
    for inst in common::tiny_instances(60, 5, 6, 808) {
        let b = budgeted_lp(&inst, LpSolver::Microlp).unwrap();
        assert!((b - budgeted_lp_written_out(&inst).unwrap()).abs() < 1e-7);
        let a = adaptive_optimum(&inst, DP_CAP).unwrap();
        assert!((a - adaptive_top_down(&inst).unwrap()).abs() < 1e-12);
    }
}

#[test]
fn max_weight_matching_is_every_benchmark_at_unit_probabilities() {
    for inst in common::tiny_instances(40, 5, 6, 9) {
        let unit = inst.with_unit_probabilities();
        let m = max_weight_matching(&unit);
        assert!((adaptive_top_down(&unit).unwrap() - m).abs() < 1e-9);
        assert!((budgeted_lp_written_out(&unit).unwrap() - m).abs() < 1e-7);
    }
}

#[test]
fn oracles_refuse_above_their_caps() {
    let wide = Instance::unweighted(1, vec![vec![(0, 0.5)]; ENUMERATION_DEGREE + 1]).unwrap();
    assert!(matches!(
        sclp_by_enumeration(&wide),
        Err(Error::DegreeAboveCap { .. })
    ));
    let many = Instance::unweighted(RANKING_ORDERS_CAP + 1, vec![vec![(0, 0.5)]]).unwrap();
    assert!(matches!(
        naive_exact(&many, Algorithm::Ranking, TieBreak::LowestIndex),
        Err(Error::InstanceAboveCap { .. })
    ));
    assert!(matches!(
        naive_exact(&many, Algorithm::PerturbedGreedy, TieBreak::LowestIndex),
        Err(Error::NotExact { .. })
    ));
}

#[test]
fn goyal_udwani_g_by_series_and_quadrature_matches_the_crate_and_mpmath() {
    // mpmath: e·E₁(1) = 0.596347362323194, e^{11}·E₁(11) = 0.0838417788603459: the second uses the
    // quadrature branch.
    assert!((goyal_udwani_g(0.0) - 0.596_347_362_323_194).abs() < 1e-12);
    assert!((goyal_udwani_g(10.0) - 0.083_841_778_860_345_9).abs() < 1e-10);
    for i in 0..400 {
        let x = i as f64 * 0.05;
        let ours = LoadFunction::GoyalUdwani.eval(x);
        let oracle = goyal_udwani_g(x);
        assert!(
            (ours - oracle).abs() <= 1e-9 * ours,
            "x = {x}: {ours} vs {oracle}"
        );
    }
    assert!(goyal_udwani_g(-2.0).is_nan() && goyal_udwani_g(-1.0).is_infinite());
}

#[test]
fn the_independent_gu_rule_agrees_and_tells_load_functions_apart() {
    // Unequal p: Balance's choice depends on f, so the oracle with GU's g must match the
    // crate's exact expectation with GU's g, and a wrong load function must not.
    let gu = Algorithm::Balance(LoadFunction::GoyalUdwani);
    let mut differs = 0;
    for inst in common::tiny_instances(120, 4, 6, 47) {
        let ours = exact_expectation(&inst, gu, TieBreak::LowestIndex).unwrap();
        let oracle = naive_exact(&inst, gu, TieBreak::LowestIndex).unwrap();
        assert!((ours - oracle).abs() < 1e-12, "{ours} vs {oracle}");
        let wrong = naive_exact(
            &inst,
            Algorithm::Balance(LoadFunction::Linear),
            TieBreak::LowestIndex,
        )
        .unwrap();
        if (wrong - ours).abs() > 1e-9 {
            differs += 1;
        }
    }
    assert!(differs >= 5, "only {differs} instances tell g from 1 − ℓ");
}

#[test]
fn configuration_lp_equals_its_independent_enumeration() {
    let mut compared = 0;
    for inst in common::tiny_instances(80, 4, 6, 53) {
        let oracle = config_lp_by_enumeration(&inst).unwrap();
        let cg = config_lp_column_generation(&inst).unwrap().value;
        let enumerated = config_lp_enumerated(&inst, ENUMERATION_CAP, LpSolver::Clarabel).unwrap();
        assert!(
            (cg - oracle).abs() < 1e-6,
            "{cg} vs {oracle} on {}",
            inst.to_json()
        );
        assert!(
            (enumerated - oracle).abs() < 1e-6,
            "{enumerated} vs {oracle}"
        );
        // The chain: configuration LP ≤ budgeted LP.
        assert!(oracle <= budgeted_lp_written_out(&inst).unwrap() + 1e-7);
        compared += 1;
    }
    assert_eq!(compared, 80);
    // The counterexample's 1.791, and a single vertex's min(1, T p).
    assert!((config_lp_by_enumeration(&common::counterexample()).unwrap() - 1.791).abs() < 1e-9);
    let one = generators::single_vertex(5, 0.3).unwrap();
    assert!((config_lp_by_enumeration(&one).unwrap() - 1.0).abs() < 1e-9);
    let low = generators::single_vertex(2, 0.3).unwrap();
    assert!((config_lp_by_enumeration(&low).unwrap() - 0.6).abs() < 1e-9);
    // Above the cap: a typed error.
    let wide = generators::single_vertex(ENUMERATION_DEGREE + 1, 0.1).unwrap();
    assert!(matches!(
        config_lp_by_enumeration(&wide),
        Err(Error::DegreeAboveCap { .. })
    ));
}
