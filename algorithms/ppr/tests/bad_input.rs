//! One test per bad input found by probing the commands: each is refused with a typed error
//! (or answered with bounded work), never a hang, a runaway allocation or a wrong answer.

use ppr::Error;
use ppr::edgelist::parse_edge_list;
use ppr::index::{IndexParams, build_index};
use ppr::limits::{MAX_STEPS, MAX_WALK_VISITS};
use ppr::query::{QueryParams, query};

const TINY: &str = "0 1\n1 2\n2 0\n2 3\n3 4\n4 2\n";
const OTHER5: &str = "0 4\n4 3\n3 2\n2 1\n1 0\n";

fn tiny() -> ppr::Graph {
    parse_edge_list(TINY, true).unwrap()
}

#[test]
fn tiny_teleport_is_refused_by_every_method_instead_of_hanging() {
    let g = tiny();
    let bad = |r: Result<(), Error>| matches!(r, Err(Error::InvalidTeleport(_)));
    for c in [1e-300, 1e-7, 0.0, 1.0, f64::NAN] {
        assert!(
            bad(ppr::power::power_iteration(&g, 0, c, 1e-9).map(drop)),
            "{c}"
        );
        assert!(
            bad(ppr::push::forward_push(&g, 0, c, 1e-6).map(drop)),
            "{c}"
        );
        assert!(bad(ppr::naive::ppr_naive(&g, 0, c, 1e-9).map(drop)), "{c}");
        assert!(bad(
            ppr::montecarlo::monte_carlo_end_point(&g, 0, c, 10, 1).map(drop)
        ));
        assert!(bad(
            ppr::montecarlo::monte_carlo_full_path(&g, 0, c, 10, 1).map(drop)
        ));
        let p = IndexParams {
            c,
            ..IndexParams::default()
        };
        assert!(bad(build_index(&g, &p).map(drop)), "{c}");
    }
    // The smallest accepted c still works.
    assert!(ppr::montecarlo::monte_carlo_end_point(&g, 0, ppr::limits::MIN_TELEPORT, 2, 1).is_ok());
}

#[test]
fn iteration_counts_beyond_the_limit_are_refused() {
    let g = tiny();
    // c = 1e-6 to tol 1e-9 needs about 2·10^7 iterations.
    for r in [
        ppr::power::power_iteration(&g, 0, 1e-6, 1e-9).map(drop),
        ppr::naive::ppr_naive(&g, 0, 1e-6, 1e-9).map(drop),
        ppr::push::forward_push(&g, 0, 1e-6, 1e-12).map(drop),
    ] {
        assert!(matches!(r, Err(Error::TooMuchWork { .. })), "{r:?}");
    }
    assert!(ppr::power::power_iteration(&g, 0, 0.15, 1e-300).is_ok());
}

#[test]
fn walk_counts_beyond_the_visit_limit_are_refused() {
    let g = tiny();
    let r = ppr::montecarlo::monte_carlo_full_path(&g, 0, 0.15, u32::MAX, 1);
    assert!(matches!(r, Err(Error::TooMuchWork { .. })), "{r:?}");
    let p = IndexParams {
        c: 1e-6,
        walks: 1000,
        ..IndexParams::default()
    };
    const { assert!(5.0 * 1000.0 * 1e6 > MAX_WALK_VISITS) };
    let r = build_index(&g, &p);
    assert!(matches!(r, Err(Error::TooMuchWork { .. })), "{r:?}");
}

#[test]
fn query_refuses_index_of_another_graph() {
    let (g, other) = (tiny(), parse_edge_list(OTHER5, true).unwrap());
    assert_eq!(g.n(), other.n());
    let index = build_index(&g, &IndexParams::default()).unwrap();
    let p = QueryParams {
        steps: 4,
        theta: 0.0,
    };
    let r = query(&other, &index, 0, &p);
    assert!(
        matches!(r, Err(Error::IndexForAnotherGraph { .. })),
        "{r:?}"
    );
    let r = ppr::batch::query_batch(&other, &index, &[0], &p);
    assert!(
        matches!(r, Err(Error::IndexForAnotherGraph { .. })),
        "{r:?}"
    );
    // The digest survives a save and a load.
    let loaded = ppr::index_io::from_bytes(&ppr::index_io::to_bytes(&index)).unwrap();
    assert!(query(&g, &loaded, 0, &p).is_ok());
    assert!(query(&other, &loaded, 0, &p).is_err());
}

#[test]
fn query_steps_are_capped_and_stop_once_no_flow_is_left() {
    let g = tiny();
    let index = build_index(&g, &IndexParams::default()).unwrap();
    let over = QueryParams {
        steps: MAX_STEPS + 1,
        theta: 0.0,
    };
    assert!(matches!(
        query(&g, &index, 0, &over),
        Err(Error::InvalidParameter { .. })
    ));
    assert!(ppr::batch::query_batch(&g, &index, &[0], &over).is_err());
    // 0.85^T underflows to zero after about 4600 steps: the query stops there.
    let most = QueryParams {
        steps: MAX_STEPS,
        theta: 0.0,
    };
    let r = query(&g, &index, 0, &most).unwrap();
    assert!(r.dense_steps < MAX_STEPS, "{} steps ran", r.dense_steps);
    let truth = ppr::power::power_iteration(&g, 0, 0.15, 1e-300).unwrap().pi;
    assert!(ppr::metrics::l1(&r.pi, &truth) < 1e-12);
    let b = ppr::batch::query_batch(&g, &index, &[0, 3], &most).unwrap();
    assert!(ppr::metrics::l1(&b[0], &truth) < 1e-12);
}

#[test]
fn edge_list_refuses_ids_far_beyond_the_edge_count() {
    for text in ["0 50000000\n", "0 4294967294\n"] {
        let r = parse_edge_list(text, true);
        match r {
            Err(Error::InvalidParameter { reason, .. }) => assert!(reason.contains("renumber")),
            other => panic!("{text}: {other:?}"),
        }
    }
    // Ids up to 2^20 are fine whatever the edge count; beyond, 16 per edge.
    assert_eq!(parse_edge_list("0 1000000\n", true).unwrap().n(), 1_000_001);
    assert!(parse_edge_list("0 1048576\n", true).is_err());
}

#[test]
fn zero_steps_return_the_fingerprint_and_no_index_returns_power_iteration() {
    // A graph with a dangling vertex (5), so the restart correction is exercised.
    let g = parse_edge_list("0 1\n1 2\n2 0\n2 3\n3 4\n4 2\n4 5\n", true).unwrap();
    let index = build_index(
        &g,
        &IndexParams {
            walks: 32,
            ..IndexParams::default()
        },
    )
    .unwrap();
    let zero = QueryParams {
        steps: 0,
        theta: 0.0,
    };
    for s in 0..g.n() as u32 {
        // T = 0 is the paper's FPPR baseline: the source's own fingerprint.
        let r = query(&g, &index, s, &zero).unwrap();
        assert!(
            ppr::metrics::l1(&r.pi, &index.estimate(s)) < 1e-12,
            "source {s}"
        );
        assert_eq!(r.fingerprint_mass, 1.0);
        let b = ppr::batch::query_batch(&g, &index, &[s], &zero).unwrap();
        assert!(ppr::metrics::l1(&b[0], &index.estimate(s)) < 1e-12);
        // R = 0 is no index: T steps give T power iterations.
        for t in [0usize, 1, 7, 40] {
            let p = QueryParams {
                steps: t,
                theta: 0.0,
            };
            let r = ppr::query::query_without_index(&g, s, 0.15, &p).unwrap();
            let exact = ppr::power::power_iteration(&g, s, 0.15, 1e-300).unwrap().pi;
            let bound = 0.85f64.powi(t as i32);
            assert!((r.fingerprint_mass - bound).abs() < 1e-12, "T={t}");
            assert!(
                (ppr::metrics::l1(&r.pi, &exact) - bound).abs() < 1e-9,
                "T={t}"
            );
            assert!((r.pi.iter().sum::<f64>() - (1.0 - bound)).abs() < 1e-12);
        }
    }
}
