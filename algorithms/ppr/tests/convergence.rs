//! Every approximate method converges toward the truth as its budget grows (fixed seeds),
//! and the R-MAT generator is seeded and deterministic.

mod common;

use common::{rmat_graph, sources};
use ppr::metrics::{l1, linf, precision_at_k};
use ppr::{montecarlo, naive, push};

#[test]
fn monte_carlo_estimators_converge_with_the_number_of_walks() {
    let g = rmat_graph(10, 8, 12, true);
    let srcs = sources(&g, 4);
    let truths: Vec<Vec<f64>> = srcs
        .iter()
        .map(|&s| naive::ppr_naive(&g, s, 0.15, 1e-13).unwrap())
        .collect();
    for full_path in [false, true] {
        let mut last = (f64::INFINITY, f64::INFINITY);
        for walks in [100, 1_600, 25_600] {
            let (mut e1, mut einf) = (0.0, 0.0);
            for (&s, t) in srcs.iter().zip(&truths) {
                let est = if full_path {
                    montecarlo::monte_carlo_full_path(&g, s, 0.15, walks, 77).unwrap()
                } else {
                    let e = montecarlo::monte_carlo_end_point(&g, s, 0.15, walks, 77).unwrap();
                    assert!((e.iter().sum::<f64>() - 1.0).abs() < 1e-9);
                    e
                };
                e1 += l1(&est, t);
                einf += linf(&est, t);
            }
            // 16× the walks: the error should fall about 4×; demand 2×.
            assert!(
                e1 < last.0 * 0.5 && einf < last.1 * 0.5,
                "full_path {full_path}, W {walks}: {e1} {einf} vs {last:?}"
            );
            last = (e1, einf);
        }
    }
}

#[test]
fn forward_push_converges_as_r_max_shrinks() {
    let g = rmat_graph(11, 8, 13, true);
    for s in sources(&g, 3) {
        let truth = naive::ppr_naive(&g, s, 0.15, 1e-13).unwrap();
        let mut last = f64::INFINITY;
        for lambda in [1e-1, 1e-2, 1e-3, 1e-5] {
            let r = push::forward_push(&g, s, 0.15, lambda / g.m() as f64).unwrap();
            let e = l1(&r.pi, &truth);
            assert!((e - r.residual).abs() < 1e-9);
            assert!(e < last && e <= lambda * 2.0, "λ {lambda}: {e}");
            last = e;
        }
        assert!(
            precision_at_k(
                &push::forward_push(&g, s, 0.15, 1e-9).unwrap().pi,
                &truth,
                50
            ) >= 0.98
        );
    }
}

#[test]
fn rmat_is_deterministic_and_skewed() {
    let a = ppr::rmat::rmat(12, 8, 5);
    assert_eq!(a, ppr::rmat::rmat(12, 8, 5));
    assert_ne!(a, ppr::rmat::rmat(12, 8, 6));
    assert!(a.windows(2).all(|w| w[0] < w[1]) && a.iter().all(|&(u, v)| u != v));
    let g = ppr::Graph::from_edges(Some(1 << 12), &a, true).unwrap();
    let max_deg = (0..g.n() as u32).map(|u| g.out_degree(u)).max().unwrap();
    assert!(
        max_deg > 20 * g.m() / g.n(),
        "a heavy-tailed degree distribution"
    );
    assert!(g.sinks() > 0);
}
