//! Goyal–Udwani's fully offline benchmark: its DP against a brute-force search over probing
//! policies, the chain clairvoyant ≤ fully offline ≤ budgeted LP, and where our reconstructed
//! SC-LP sits relative to it on 200 random tiny instances.

mod common;

use stochastic_matching::*;

/// Every probing policy, searched exhaustively over the list of remaining edges (no memo):
/// probe any edge whose arrival is unused and whose offline vertex is free, or stop.
fn brute_force(
    edges: &[(usize, usize, f64, f64)],
    used: &mut Vec<bool>,
    matched: &mut Vec<bool>,
) -> f64 {
    let mut best = 0.0f64;
    for &(v, u, p, w) in edges {
        if used[v] || matched[u] {
            continue;
        }
        used[v] = true;
        let fail = brute_force(edges, used, matched);
        matched[u] = true;
        let win = brute_force(edges, used, matched);
        matched[u] = false;
        used[v] = false;
        best = best.max(p * (w + win) + (1.0 - p) * fail);
    }
    best
}

fn brute(inst: &Instance) -> f64 {
    let w = inst.weights();
    let edges: Vec<_> = (0..inst.arrivals())
        .flat_map(|v| {
            inst.neighbours(v)
                .iter()
                .map(move |e| (v, e.u as usize, e.p, w[e.u as usize]))
        })
        .collect();
    brute_force(
        &edges,
        &mut vec![false; inst.arrivals()],
        &mut vec![false; inst.n()],
    )
}

/// The instance with its arrivals in the order `perm`.
fn reordered(inst: &Instance, perm: &[usize]) -> Instance {
    let online = perm
        .iter()
        .map(|&t| inst.neighbours(t).iter().map(|e| (e.u, e.p)).collect())
        .collect();
    Instance::new(inst.weights().to_vec(), online).unwrap()
}

fn permutations(n: usize) -> Vec<Vec<usize>> {
    if n == 0 {
        return vec![vec![]];
    }
    permutations(n - 1)
        .into_iter()
        .flat_map(|p| {
            (0..n).map(move |i| {
                let mut q = p.clone();
                q.insert(i, n - 1);
                q
            })
        })
        .collect()
}

#[test]
fn fully_offline_dp_equals_brute_force() {
    let mut compared = 0;
    for inst in common::tiny_instances(120, 3, 4, 61) {
        if inst.edges() > 8 {
            continue;
        }
        let dp = fully_offline_optimum(&inst).unwrap();
        let bf = brute(&inst);
        assert!((dp - bf).abs() < 1e-12, "{dp} vs {bf}: {}", inst.to_json());
        compared += 1;
    }
    assert!(compared > 60, "{compared}");
}

#[test]
fn clairvoyant_below_fully_offline_below_budgeted_lp() {
    for inst in common::tiny_instances(150, 4, 5, 62) {
        let full = fully_offline_optimum(&inst).unwrap();
        let b1 = budgeted_lp(&inst, LpSolver::Microlp).unwrap();
        assert!(full <= b1 + 1e-7, "{full} > {b1}: {}", inst.to_json());
        // The fully offline benchmark may pick the order: at least the clairvoyant optimum
        // in every arrival order.
        for perm in permutations(inst.arrivals()) {
            let a = adaptive_optimum(&reordered(&inst, &perm), DP_CAP).unwrap();
            assert!(
                a <= full + 1e-12,
                "{a} > {full} in order {perm:?}: {}",
                inst.to_json()
            );
        }
    }
}

#[test]
fn fully_offline_can_exceed_the_clairvoyant_optimum() {
    let inst = Instance::unweighted(2, vec![vec![(0, 0.5), (1, 1.0)], vec![(1, 0.5)]]).unwrap();
    let full = fully_offline_optimum(&inst).unwrap();
    let clairvoyant = adaptive_optimum(&inst, DP_CAP).unwrap();
    assert!((clairvoyant - 1.0).abs() < 1e-12 && (full - 1.25).abs() < 1e-12);
    assert!(matches!(
        fully_offline_optimum(&Instance::unweighted(12, vec![vec![(0, 0.5)]; 11]).unwrap()),
        Err(Error::InstanceAboveCap { .. })
    ));
}

/// Where the reconstructed SC-LP sits: it upper-bounds the clairvoyant optimum (a theorem of
/// the reconstruction, asserted), and we count how often it also bounds the fully offline one
/// (a measurement, printed with `--nocapture`; both outcomes must occur).
#[test]
fn sclp_against_fully_offline_on_200_tiny_instances() {
    let (mut above, mut below) = (0, 0);
    let mut worst = 0.0f64;
    for inst in common::tiny_instances(200, 3, 5, 63) {
        let full = fully_offline_optimum(&inst).unwrap();
        let clairvoyant = adaptive_optimum(&inst, DP_CAP).unwrap();
        let sclp = oracles::sclp_by_enumeration(&inst).unwrap();
        assert!(clairvoyant <= sclp + 1e-7);
        if sclp + 1e-7 < full {
            below += 1;
            worst = worst.max(full - sclp);
        } else {
            above += 1;
        }
    }
    // The finding the report states: the reconstruction bounds the fully offline optimum on
    // most tiny instances but not all, so it is not an upper bound on that benchmark.
    assert!(
        above > 0 && below > 0,
        "expected both sides: above {above}, below {below}"
    );
    eprintln!("SC-LP ≥ fully offline on {above} of 200; below on {below} (largest gap {worst:.6})");
}
