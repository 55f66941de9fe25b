//! Rough timings of the targets (not a test; the suite and criterion publish times).
use std::time::Instant;
use stochastic_matching::generators::*;
use stochastic_matching::*;

fn main() {
    let ut = upper_triangular(10, 20).unwrap();
    for a in [Algorithm::Greedy, Algorithm::Balance(LoadFunction::Exp)] {
        let t = Instant::now();
        let r = simulate_detailed(&ut, &[a], TieBreak::HighestIndex, 20_000, 1, false).unwrap();
        let s = t.elapsed().as_secs_f64();
        println!(
            "simulate {} ut(10,20): {:.3e} attempts/s ({} attempts, {s:.3}s)",
            a.name(),
            r.attempts[0] as f64 / s,
            r.attempts[0]
        );
    }
    for (n, probabilities) in [
        (500, Probabilities::Uniform(0.05, 0.5)),
        (500, Probabilities::Uniform(0.01, 0.1)),
        (2000, Probabilities::Uniform(0.05, 0.5)),
    ] {
        let big = random_regular_arrivals(n, 2000, 5, probabilities, 1).unwrap();
        for s in [LpSolver::Microlp, LpSolver::Clarabel] {
            let t = Instant::now();
            let v = budgeted_lp(&big, s).unwrap();
            println!(
                "budgeted LP n={n} T=2000 {probabilities:?} {} edges {}: {v:.6} in {:.3}s",
                big.edges(),
                s.name(),
                t.elapsed().as_secs_f64()
            );
        }
    }
    let dp = random_regular_arrivals(16, 200, 4, Probabilities::Uniform(0.1, 0.9), 2).unwrap();
    let t = Instant::now();
    let v = adaptive_optimum(&dp, DP_CAP).unwrap();
    println!(
        "adaptive DP n=16 T=200: {v:.6} in {:.3}s",
        t.elapsed().as_secs_f64()
    );
    // SC-LP at n = 50, T = 2000: the compact form on Clarabel (the target's method), and
    // column generation where it is practical.
    let cases = [
        ("upper-triangular(50,40)", upper_triangular(50, 40).unwrap()),
        (
            "random deg 2, p~U[.002,.02]",
            random_regular_arrivals(50, 2000, 2, Probabilities::Uniform(0.002, 0.02), 3).unwrap(),
        ),
        (
            "random deg 5, p~U[.001,.01]",
            random_regular_arrivals(50, 2000, 5, Probabilities::Uniform(0.001, 0.01), 3).unwrap(),
        ),
    ];
    for (name, inst) in &cases {
        let t = Instant::now();
        let v = sclp_compact(inst, LpSolver::Clarabel).unwrap();
        println!(
            "SC-LP compact/clarabel {name} n={} T={} |E|={}: {v:.9} in {:.2}s",
            inst.n(),
            inst.arrivals(),
            inst.edges(),
            t.elapsed().as_secs_f64()
        );
    }
    let ut = upper_triangular(10, 20).unwrap();
    let t = Instant::now();
    let r = sclp_column_generation(&ut).unwrap();
    println!(
        "SC-LP column generation upper-triangular(10,20): {:.9} rounds {} cols {} lp {:.2}s total {:.2}s",
        r.value,
        r.rounds,
        r.columns,
        r.lp_seconds,
        t.elapsed().as_secs_f64()
    );
}
