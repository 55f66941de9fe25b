//! Power iteration, the naive iteration and forward push against the dense linear-solve
//! oracle on random and adversarial small graphs (dangling vertices restart at the source).

mod common;

use common::{dense_ppr, graph_and_source, runner};
use ppr::metrics::l1;
use ppr::{Graph, naive, power, push};

fn check_all(g: &Graph, s: u32, c: f64) {
    let truth = dense_ppr(g, s, c);
    assert!((truth.iter().sum::<f64>() - 1.0).abs() < 1e-9);
    for tol in [1e-3, 1e-8, 1e-13] {
        let r = power::power_iteration(g, s, c, tol).unwrap();
        assert!(r.bound <= tol && r.bound * 1.0 / (1.0 - c) > tol * 0.999);
        assert_eq!(r.bound, (1.0 - c).powi(r.iterations as i32));
        let err = l1(&r.pi, &truth);
        // The truncation error is exactly the residual mass (every entry underestimates).
        assert!(
            (err - r.bound).abs() <= 1e-9,
            "l1 {err} vs bound {}",
            r.bound
        );
        assert!(r.pi.iter().zip(&truth).all(|(a, b)| *a <= b + 1e-12));
    }
    let nv = naive::ppr_naive(g, s, c, 1e-14).unwrap();
    assert!(l1(&nv, &truth) < 1e-10);
    for r_max in [1e-3, 1e-7] {
        let p = push::forward_push(g, s, c, r_max).unwrap();
        let err = l1(&p.pi, &truth);
        assert!(
            (err - p.residual).abs() < 1e-9,
            "push l1 {err} vs residual {}",
            p.residual
        );
        assert!(p.residual <= r_max * (g.m() + g.n()) as f64 + 1e-12);
    }
}

#[test]
fn random_graphs_match_the_dense_solve() {
    let mut r = runner("exact-vs-dense");
    r.run(&(graph_and_source(40), prop_c()), |((g, s), c)| {
        check_all(&g, s, c);
        Ok(())
    })
    .unwrap();
}

fn prop_c() -> impl proptest::strategy::Strategy<Value = f64> {
    proptest::sample::select(vec![0.15, 0.2, 0.5, 0.01, 0.99])
}

#[test]
fn adversarial_graphs_match_the_dense_solve() {
    let n = 30u32;
    let cases: Vec<Vec<(u32, u32)>> = vec![
        vec![],                                                     // every vertex dangling
        (0..n - 1).map(|i| (i, i + 1)).collect(),                   // a path ending in a sink
        (0..n).map(|i| (i, i)).collect(),                           // self-loops only
        (1..n).map(|i| (0, i)).collect(),                           // a star of sinks
        (1..n).map(|i| (i, 0)).collect(),                           // everything into the centre
        (0..n).map(|i| (i, (i + 1) % n)).collect(),                 // a cycle
        (0..n).flat_map(|i| (0..n).map(move |j| (i, j))).collect(), // complete with loops
    ];
    for edges in cases {
        for directed in [true, false] {
            let g = Graph::from_edges(Some(n as usize), &edges, directed).unwrap();
            for s in [0, 1, n - 1] {
                check_all(&g, s, 0.15);
            }
        }
    }
}

#[test]
fn dense_phase_of_power_iteration_matches() {
    // A graph large enough that the pull phase runs (active arcs > m/16 after a few hops).
    let g = common::rmat_graph(9, 8, 3, true);
    for s in common::sources(&g, 4) {
        let truth = dense_ppr(&g, s, 0.15);
        let r = power::power_iteration(&g, s, 0.15, 1e-12).unwrap();
        assert!(l1(&r.pi, &truth) <= r.bound + 1e-9);
        let p = push::forward_push(&g, s, 0.15, 1e-9).unwrap();
        assert!(p.sweeps > 0, "the sweep mode ran");
        assert!((l1(&p.pi, &truth) - p.residual).abs() < 1e-9);
    }
}
