//! Every bad input of the issue gets its typed error; empty sides give 0 without a solver.

use stochastic_matching::generators::upper_triangular;
use stochastic_matching::*;

#[test]
fn bad_probabilities() {
    for p in [
        f64::NAN,
        0.0,
        -0.5,
        1.0000001,
        f64::INFINITY,
        f64::NEG_INFINITY,
    ] {
        let e = Instance::unweighted(2, vec![vec![(1, p)]]).unwrap_err();
        match e {
            Error::InvalidProbability {
                arrival: 0,
                offline: 1,
                value,
            } => assert!(value.is_nan() || value == p),
            other => panic!("{p}: {other:?}"),
        }
        assert!(e.to_string().contains("probability"));
    }
}

#[test]
fn bad_weights() {
    for w in [f64::NAN, 0.0, -1.0, f64::INFINITY] {
        let e = Instance::new(vec![1.0, w], vec![vec![(0, 0.5)]]).unwrap_err();
        assert!(
            matches!(e, Error::InvalidWeight { offline: 1, .. }),
            "{w}: {e:?}"
        );
    }
    let inst = Instance::unweighted(1, vec![vec![(0, 0.5)]]).unwrap();
    assert!(matches!(
        inst.scaled(f64::INFINITY),
        Err(Error::InvalidWeight { .. })
    ));
}

#[test]
fn duplicate_edge_and_out_of_range_neighbour() {
    let e = Instance::unweighted(3, vec![vec![], vec![(2, 0.5), (0, 0.1), (2, 0.7)]]).unwrap_err();
    assert_eq!(
        e,
        Error::DuplicateEdge {
            arrival: 1,
            offline: 2
        }
    );
    let e = Instance::unweighted(3, vec![vec![(3, 0.5)]]).unwrap_err();
    assert_eq!(
        e,
        Error::NeighbourOutOfRange {
            arrival: 0,
            offline: 3,
            n: 3
        }
    );
    let e = Instance::from_json(r#"{"weights":[1],"online":[[{"u":4294967296,"p":0.5}]]}"#)
        .unwrap_err();
    assert!(
        matches!(
            e,
            Error::NeighbourOutOfRange {
                offline: 4294967296,
                ..
            }
        ),
        "{e:?}"
    );
}

#[test]
fn zero_replications() {
    let inst = upper_triangular(2, 2).unwrap();
    assert_eq!(
        simulate(&inst, &[Algorithm::Greedy], TieBreak::LowestIndex, 0, 1).unwrap_err(),
        Error::ZeroReplications
    );
    assert_eq!(prophet(&inst, 0, 1).unwrap_err(), Error::ZeroReplications);
}

#[test]
fn degree_above_the_enumeration_cap() {
    let inst = upper_triangular(3, 4).unwrap(); // offline 2 has degree 12
    let e = sclp_enumerated(&inst, 10, LpSolver::Microlp).unwrap_err();
    assert_eq!(
        e,
        Error::DegreeAboveCap {
            offline: 2,
            degree: 12,
            cap: 10
        }
    );
    assert!(config_lp_enumerated(&inst, 10, LpSolver::Microlp).is_err());
}

#[test]
fn instance_above_the_dp_cap() {
    let inst = upper_triangular(6, 1).unwrap();
    let e = adaptive_optimum(&inst, 5).unwrap_err();
    assert!(
        matches!(
            e,
            Error::InstanceAboveCap {
                size: 6,
                cap: 5,
                ..
            }
        ),
        "{e:?}"
    );
    let e = non_adaptive_optimum(&upper_triangular(6, 3).unwrap(), 1000).unwrap_err();
    assert!(
        matches!(e, Error::InstanceAboveCap { cap: 1000, .. }),
        "{e:?}"
    );
    let e = exact_expectation(
        &upper_triangular(9, 1).unwrap(),
        Algorithm::Ranking,
        TieBreak::LowestIndex,
    )
    .unwrap_err();
    assert!(matches!(e, Error::InstanceAboveCap { .. }), "{e:?}");
    let e = exact_expectation(
        &upper_triangular(2, 2).unwrap(),
        Algorithm::PerturbedGreedy,
        TieBreak::LowestIndex,
    )
    .unwrap_err();
    assert!(matches!(e, Error::NotExact { .. }));
    let e = exact_expectation(
        &upper_triangular(2, 2).unwrap(),
        Algorithm::Greedy,
        TieBreak::Random(1),
    )
    .unwrap_err();
    assert!(matches!(e, Error::NotExact { .. }));
}

#[test]
fn malformed_json_names_the_position() {
    let e = Instance::from_json("{\"weights\": [1.0],\n \"online\": [[{\"u\": 0, \"p\": }]]}")
        .unwrap_err();
    match &e {
        Error::Json { line, column, .. } => {
            assert_eq!(*line, 2);
            assert!(*column > 10, "{e}");
        }
        other => panic!("{other:?}"),
    }
    assert!(e.to_string().contains("line 2"), "{e}");
    assert!(matches!(
        Instance::from_json("{\"weights\": [1]}"),
        Err(Error::Json { .. })
    ));
    assert!(matches!(
        Instance::from_json(r#"{"weights":[1],"online":[],"extra":1}"#),
        Err(Error::Json { .. })
    ));
    // A JSON probability of 0 is the same typed error as through the API.
    assert!(matches!(
        Instance::from_json(r#"{"weights":[1],"online":[[{"u":0,"p":0}]]}"#),
        Err(Error::InvalidProbability { .. })
    ));
}

#[test]
fn json_round_trips() {
    let inst = Instance::new(vec![1.5, 2.0], vec![vec![(1, 0.1), (0, 1.0 / 3.0)], vec![]]).unwrap();
    assert_eq!(Instance::from_json(&inst.to_json()).unwrap(), inst);
}

#[test]
fn empty_sides_give_zero_without_a_solver() {
    let no_offline = Instance::unweighted(0, vec![vec![], vec![]]).unwrap();
    let no_online = Instance::unweighted(3, vec![]).unwrap();
    let no_edges = Instance::unweighted(2, vec![vec![]]).unwrap();
    for inst in [no_offline, no_online, no_edges] {
        assert_eq!(budgeted_lp(&inst, LpSolver::Clarabel).unwrap(), 0.0);
        assert_eq!(budgeted_lp(&inst, LpSolver::Microlp).unwrap(), 0.0);
        let r = sclp_column_generation(&inst).unwrap();
        assert_eq!((r.value, r.rounds), (0.0, 0));
        let r = config_lp_column_generation(&inst).unwrap();
        assert_eq!((r.value, r.rounds), (0.0, 0));
        assert_eq!(sclp_enumerated(&inst, 4, LpSolver::Microlp).unwrap(), 0.0);
        assert_eq!(sclp_compact(&inst, LpSolver::Clarabel).unwrap(), 0.0);
        assert_eq!(sclp_compact(&inst, LpSolver::Microlp).unwrap(), 0.0);
        assert_eq!(adaptive_optimum(&inst, DP_CAP).unwrap(), 0.0);
        assert_eq!(non_adaptive_optimum(&inst, ASSIGNMENT_CAP).unwrap(), 0.0);
        assert_eq!(prophet(&inst, 5, 1).unwrap().mean, 0.0);
        let est = simulate(&inst, &Algorithm::ALL, TieBreak::LowestIndex, 5, 1).unwrap();
        assert!(est.iter().all(|e| e.mean == 0.0));
        assert_eq!(
            exact_expectation(&inst, Algorithm::Greedy, TieBreak::LowestIndex).unwrap(),
            0.0
        );
    }
}

#[test]
fn online_vertex_without_neighbours_is_skipped() {
    let inst = Instance::unweighted(1, vec![vec![], vec![(0, 1.0)], vec![]]).unwrap();
    let est = simulate(&inst, &[Algorithm::Greedy], TieBreak::LowestIndex, 3, 1).unwrap();
    assert_eq!(est[0].mean, 1.0);
}

#[test]
fn bad_generator_parameters() {
    assert!(matches!(
        upper_triangular(0, 3),
        Err(Error::InvalidParameter { .. })
    ));
    assert!(matches!(
        generators::learned(7, 3),
        Err(Error::InvalidParameter { .. })
    ));
    assert!(matches!(
        Algorithm::from_name("nope"),
        Err(Error::InvalidParameter { .. })
    ));
}

#[test]
fn determinism_same_seed_same_bits() {
    let inst = upper_triangular(4, 3).unwrap();
    let a = simulate(&inst, &Algorithm::ALL, TieBreak::Random(5), 500, 9).unwrap();
    let b = simulate(&inst, &Algorithm::ALL, TieBreak::Random(5), 500, 9).unwrap();
    assert_eq!(a, b);
    // An algorithm's results do not depend on the others run beside it.
    let c = simulate(&inst, &[Algorithm::Ranking], TieBreak::Random(5), 500, 9).unwrap();
    let ranking = Algorithm::ALL
        .iter()
        .position(|x| *x == Algorithm::Ranking)
        .unwrap();
    assert_eq!(c[0], a[ranking]);
}

#[test]
fn worst_instance_search_respects_the_benchmarks() {
    use stochastic_matching::search::*;
    for (alg, bench) in [
        (Algorithm::Greedy, Benchmark::Adaptive),
        (Algorithm::Balance(LoadFunction::Exp), Benchmark::Sclp),
        (Algorithm::Ranking, Benchmark::Budgeted),
    ] {
        let cfg = SearchConfig {
            n: 3,
            arrivals: 5,
            algorithm: alg,
            tie: TieBreak::LowestIndex,
            benchmark: bench,
            iterations: 60,
            seed: 4,
        };
        let w = worst_instance(&cfg).unwrap();
        assert!(w.ratio > 0.0 && w.ratio <= 1.0 + 1e-7, "{w:?}");
        // The saved instance reproduces its ratio.
        let back = Instance::from_json(&w.instance.to_json()).unwrap();
        let a = exact_expectation(&back, alg, TieBreak::LowestIndex).unwrap();
        let b = bench.value(&back).unwrap();
        assert!((a / b - w.ratio).abs() < 1e-9);
    }
}
