//! Mehta–Panigrahi's z-graph (FOCS'12, §3.1): its structure, and Stochastic Balance's ratio to
//! the budgeted LP against the paper's recurrence, which tends to 0.588 at α = k/n = 0.42.

use stochastic_matching::generators::z_graph;
use stochastic_matching::*;

/// MP12's recurrence for Stochastic Balance on the z-graph as p → 0: `r_{j+1} = r_j − e^{−L_j}`,
/// `L_{j+1} = L_j + e^{−L_j}/r_j` from `r = n`, `L = 0`; the value is
/// `Σ_j (1 − e^{−L_j}) + (n − r_k) + r_k (1 − 1/e)` over the budgeted LP `k + n`.
fn mp12_recurrence(k: usize, n: usize) -> f64 {
    let (mut r, mut l, mut total) = (n as f64, 0.0f64, 0.0);
    for _ in 0..k {
        total += 1.0 - (-l).exp();
        let e = (-l).exp();
        (r, l) = (r - e, l + e / r);
    }
    total += (n as f64 - r) + r * (1.0 - (-1.0f64).exp());
    total / (k + n) as f64
}

#[test]
fn z_graph_has_the_papers_batches_and_budgeted_lp() {
    let (k, n, m) = (3, 7, 4);
    let inst = z_graph(k, n, m).unwrap();
    assert_eq!((inst.n(), inst.arrivals()), (k + n, (k + n) * m));
    for t in 0..inst.arrivals() {
        let us: Vec<u32> = inst.neighbours(t).iter().map(|e| e.u).collect();
        let batch = t / m;
        let want: Vec<u32> = if batch < k {
            std::iter::once(batch as u32)
                .chain(k as u32..(k + n) as u32)
                .collect()
        } else {
            vec![batch as u32] // U₂[batch − k] is u_{batch}
        };
        assert_eq!(us, want, "arrival {t}");
        assert!(inst.neighbours(t).iter().all(|e| e.p == 0.25));
    }
    for solver in [LpSolver::Microlp, LpSolver::Clarabel] {
        let b1 = budgeted_lp(&inst, solver).unwrap();
        assert!((b1 - (k + n) as f64).abs() < 1e-6, "{b1}");
    }
    assert!(z_graph(1, 0, 3).is_err() && z_graph(1, 3, 0).is_err());
}

#[test]
fn the_recurrence_tends_to_0588_at_alpha_042() {
    let big = mp12_recurrence(42_000, 100_000);
    assert!((big - 0.588).abs() < 5e-4, "{big}");
    // 0.42 is (near) the adversary's best α.
    for alpha in [0.3, 0.35, 0.5, 0.55] {
        let other = mp12_recurrence((alpha * 100_000.0) as usize, 100_000);
        assert!(other > big, "α = {alpha}: {other} ≤ {big}");
    }
}

#[test]
fn balance_on_the_z_graph_closes_in_on_the_recurrence() {
    // α = 21/50 = 0.42; the recurrence at n = 50 is the paper's p → 0 value for this size.
    let (k, n) = (21, 50);
    let target = mp12_recurrence(k, n);
    assert!((target - 0.5868).abs() < 1e-3, "{target}");
    let mut gaps = Vec::new();
    for m in [2, 80] {
        let inst = z_graph(k, n, m).unwrap();
        let e = &simulate(
            &inst,
            &[Algorithm::Balance(LoadFunction::Exp)],
            TieBreak::HighestIndex,
            2000,
            m as u64,
        )
        .unwrap()[0];
        let ratio = e.mean / (k + n) as f64;
        let se = e.standard_error() / (k + n) as f64;
        gaps.push((m, ratio, se, ratio - target));
    }
    // At p = 1/80 the ratio is within 4 standard errors (+ 0.002 for the finite p) of the
    // recurrence, and nearer to it than at p = 1/2 beyond 4 combined standard errors.
    let (coarse, fine) = (gaps[0], gaps[1]);
    assert!(fine.3.abs() < 4.0 * fine.2 + 0.002, "{gaps:?}");
    let sigma = (coarse.2 * coarse.2 + fine.2 * fine.2).sqrt();
    assert!(fine.3.abs() + 4.0 * sigma < coarse.3.abs(), "{gaps:?}");
}
