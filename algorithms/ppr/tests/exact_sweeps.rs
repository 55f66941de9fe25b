//! The sweep solvers (Gauss–Seidel pull sweeps, push sweeps) and the vertex orders against
//! plain power iteration, the oracle, on random graphs with dead ends, self-loops and
//! parallel arcs, at sizes on both sides of the four-way gather's chunk and of each order's
//! tie-breaking; bad inputs get typed errors.

mod common;

use common::{graph_and_source, runner};
use ppr::gauss_seidel::gauss_seidel;
use ppr::metrics::l1;
use ppr::push_sweeps::push_sweeps;
use ppr::reorder::{Relabelled, VertexOrder};
use ppr::{Error, Graph, power};
use proptest::prelude::*;

const ORDERS: [VertexOrder; 3] = [VertexOrder::Identity, VertexOrder::Degree, VertexOrder::Bfs];

/// Every solver in every order, at two tolerances, against power iteration to 1e-14.
fn check(g: &Graph, s: u32, c: f64) {
    let truth = power::power_iteration(g, s, c, 1e-14).unwrap().pi;
    for order in ORDERS {
        let rg = Relabelled::new(g, order);
        check_relabelled(g, &rg);
        for tol in [1e-3, 1e-10] {
            let most = power::iterations_for(c, tol);
            let runs = [
                ("gauss-seidel", gauss_seidel(&rg, s, c, tol).unwrap()),
                ("push sweeps", push_sweeps(&rg, s, c, tol, 0.0).unwrap()),
                (
                    "push sweeps β=0.5",
                    push_sweeps(&rg, s, c, tol, 0.5).unwrap(),
                ),
            ];
            for (name, r) in runs {
                let err = l1(&r.pi, &truth);
                assert!(
                    r.residual <= tol,
                    "{name} {order:?}: residual {}",
                    r.residual
                );
                // The certificate is the error (every entry an underestimate).
                assert!(
                    (err - r.residual).abs() <= 1e-12,
                    "{name} {order:?} tol {tol}: l1 {err} vs certificate {}",
                    r.residual
                );
                assert!(r.pi.iter().zip(&truth).all(|(a, b)| *a <= b + 1e-12));
                if name != "push sweeps β=0.5" {
                    assert!(r.sweeps <= most, "{name}: {} sweeps > {most}", r.sweeps);
                }
            }
        }
    }
}

/// The relabelled graph is the same graph: a permutation, and every arc mapped.
fn check_relabelled(g: &Graph, rg: &Relabelled) {
    let n = g.n();
    let mut seen = vec![false; n];
    for (new, &old) in rg.order().iter().enumerate() {
        assert!(!seen[old as usize]);
        seen[old as usize] = true;
        assert_eq!(rg.rank()[old as usize] as usize, new);
    }
    let mut a: Vec<(u32, u32)> = (0..n as u32)
        .flat_map(|u| g.out_neighbors(u).iter().map(move |&v| (u, v)))
        .map(|(u, v)| (rg.rank()[u as usize], rg.rank()[v as usize]))
        .collect();
    let mut b: Vec<(u32, u32)> = (0..n as u32)
        .flat_map(|u| rg.out_neighbors(u).iter().map(move |&v| (u, v)))
        .collect();
    let mut c: Vec<(u32, u32)> = (0..n as u32)
        .flat_map(|v| rg.in_neighbors(v).iter().map(move |&u| (u, v)))
        .collect();
    a.sort_unstable();
    b.sort_unstable();
    c.sort_unstable();
    assert_eq!(a, b);
    assert_eq!(a, c);
}

fn prop_c() -> impl Strategy<Value = f64> {
    proptest::sample::select(vec![0.15, 0.5, 0.05, 0.99])
}

#[test]
fn random_small_graphs_match_power_iteration() {
    let mut r = runner("exact-sweeps-small");
    r.run(&(graph_and_source(40), prop_c()), |((g, s), c)| {
        check(&g, s, c);
        Ok(())
    })
    .unwrap();
}

/// Larger sparse directed graphs: many dead ends, self-loops, hubs with in-degree far
/// above the gather's chunk of four.
#[test]
fn random_larger_graphs_match_power_iteration() {
    let mut r = runner("exact-sweeps-large");
    let strategy = (50u32..1500, 0u64..1000, 0.0f64..3.0).prop_map(|(n, seed, density)| {
        let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let m = (f64::from(n) * density) as usize;
        let edges: Vec<(u32, u32)> = (0..m)
            .map(|_| {
                let u = (next() % u64::from(n)) as u32;
                // Half the arcs go to a few hubs.
                let v = if next() % 2 == 0 {
                    (next() % 4) as u32
                } else {
                    (next() % u64::from(n)) as u32
                };
                (u, v)
            })
            .collect();
        let g = Graph::from_edges(Some(n as usize), &edges, true).unwrap();
        let s = (next() % u64::from(n)) as u32;
        (g, s)
    });
    r.run(&(strategy, prop_c()), |((g, s), c)| {
        check(&g, s, c);
        Ok(())
    })
    .unwrap();
}

#[test]
fn adversarial_graphs_match_power_iteration() {
    let n = 30u32;
    let cases: Vec<Vec<(u32, u32)>> = vec![
        vec![],                                                  // every vertex dangling
        (0..n - 1).map(|i| (i, i + 1)).collect(),                // a path ending in a sink
        (0..n).map(|i| (i, i)).collect(),                        // self-loops only
        (1..n).map(|i| (i, 0)).collect(),                        // a star into 0
        (0..n).map(|i| (i, (i + 1) % n)).collect(),              // a cycle
        (0..n).flat_map(|i| [(i, 0), (i, 0), (i, i)]).collect(), // parallel arcs
    ];
    for edges in cases {
        let g = Graph::from_edges(Some(n as usize), &edges, true).unwrap();
        for s in [0, 1, n - 1] {
            check(&g, s, 0.15);
        }
    }
}

#[test]
fn bad_inputs_are_typed_errors() {
    let g = Graph::from_edges(None, &[(0, 1), (1, 0), (1, 2)], true).unwrap();
    let rg = Relabelled::new(&g, VertexOrder::Degree);
    let solvers: [&dyn Fn(u32, f64, f64) -> Result<_, Error>; 2] =
        [&|s, c, tol| gauss_seidel(&rg, s, c, tol), &|s, c, tol| {
            push_sweeps(&rg, s, c, tol, 0.0)
        }];
    for solve in solvers {
        assert!(matches!(
            solve(3, 0.15, 1e-6),
            Err(Error::UnknownSource { source: 3, n: 3 })
        ));
        for c in [0.0, 1.0, -0.5, f64::NAN, 1e-9] {
            assert!(
                matches!(solve(0, c, 1e-6), Err(Error::InvalidTeleport(_))),
                "c = {c}"
            );
        }
        for tol in [0.0, 1.0, -1.0, f64::NAN, f64::INFINITY] {
            assert!(
                matches!(
                    solve(0, 0.15, tol),
                    Err(Error::InvalidParameter { name: "tol", .. })
                ),
                "tol = {tol}"
            );
        }
        // Too many sweeps for the stated limit: refused before any work.
        assert!(matches!(
            solve(0, 1e-6, 1e-300),
            Err(Error::TooMuchWork { .. })
        ));
    }
    for skip in [1.0, -0.1, f64::NAN, 2.0] {
        assert!(
            matches!(
                push_sweeps(&rg, 0, 0.15, 1e-6, skip),
                Err(Error::InvalidParameter { name: "skip", .. })
            ),
            "skip = {skip}"
        );
    }
}
