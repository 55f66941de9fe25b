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

/// Tiny instances with at most `max_edges` edges (the path-based program is exponential in
/// |E|).
fn small_edge_instances(count: usize, max_edges: usize, seed: u64) -> Vec<Instance> {
    common::tiny_instances(count * 4, 3, 4, seed)
        .into_iter()
        .filter(|i| i.edges() >= 1 && i.edges() <= max_edges)
        .take(count)
        .collect()
}

#[test]
fn path_based_program_equals_its_literal_form() {
    // The crate substitutes non-anticipativity away (one variable per edge and partial path);
    // the oracle keeps a variable per edge and full path with explicit equalities, and is
    // solved by microlp directly.
    let instances = small_edge_instances(40, oracles::PATH_LITERAL_EDGE_CAP, 64);
    assert!(instances.len() >= 30, "{}", instances.len());
    for inst in &instances {
        let oracle = oracles::path_based_literal(inst).unwrap();
        for solver in [LpSolver::Microlp, LpSolver::Clarabel] {
            let ours = path_based_program(inst, solver).unwrap();
            assert!(
                (ours - oracle).abs() < 1e-6,
                "{solver:?}: {ours} vs {oracle} on {}",
                inst.to_json()
            );
        }
    }
    // p ≡ 1: every benchmark is the maximum matching.
    let unit = generators::upper_triangular(3, 1).unwrap();
    assert!((path_based_program(&unit, LpSolver::Microlp).unwrap() - 3.0).abs() < 1e-7);
    // Above the caps: typed errors.
    let wide = generators::single_vertex(PATH_BASED_EDGE_CAP + 1, 0.5).unwrap();
    assert!(matches!(
        path_based_program(&wide, LpSolver::Microlp),
        Err(Error::InstanceAboveCap { .. })
    ));
    let nine = generators::single_vertex(oracles::PATH_LITERAL_EDGE_CAP + 1, 0.5).unwrap();
    assert!(matches!(
        oracles::path_based_literal(&nine),
        Err(Error::InstanceAboveCap { .. })
    ));
}

/// Goyal–Udwani's chain, clairvoyant ≤ fully offline ≤ path-based program (≤ budgeted LP), and
/// where the reconstructed SC-LP sits relative to the last two on 200 random tiny instances
/// (|E| ≤ 10; counts printed with `--nocapture`).
#[test]
fn chain_through_the_path_based_program_on_200_tiny_instances() {
    let instances = small_edge_instances(200, PATH_BASED_EDGE_CAP, 65);
    assert_eq!(instances.len(), 200);
    let (mut below_full, mut between, mut above_pbp) = (0, 0, 0);
    for inst in &instances {
        let clairvoyant = adaptive_optimum(inst, DP_CAP).unwrap();
        let full = fully_offline_optimum(inst).unwrap();
        let pbp = path_based_program(inst, LpSolver::Clarabel).unwrap();
        let b1 = budgeted_lp(inst, LpSolver::Microlp).unwrap();
        let tol = 1e-6;
        assert!(clairvoyant <= full + 1e-12, "{}", inst.to_json());
        assert!(full <= pbp + tol, "{full} > {pbp}: {}", inst.to_json());
        assert!(pbp <= b1 + tol, "{pbp} > {b1}: {}", inst.to_json());
        let sclp = oracles::sclp_by_enumeration(inst).unwrap();
        if sclp + tol < full {
            below_full += 1;
        } else if sclp <= pbp + tol {
            between += 1;
        } else {
            above_pbp += 1;
        }
    }
    eprintln!(
        "SC-LP < fully offline on {below_full} of 200; between fully offline and the path-based program on {between}; above the program on {above_pbp}"
    );
    assert_eq!(below_full + between + above_pbp, 200);
}
