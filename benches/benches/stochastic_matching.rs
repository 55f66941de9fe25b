//! Criterion benches for stochastic matching: simulation per algorithm, the budgeted LP on
//! both solvers, the stochastic configuration LP by column generation and in compact form,
//! the adaptive DP.

use criterion::{Criterion, criterion_group, criterion_main};
use stochastic_matching::generators::{Probabilities, random_regular_arrivals, upper_triangular};
use stochastic_matching::*;

fn simulation(c: &mut Criterion) {
    let inst = upper_triangular(10, 20).unwrap();
    let mut g = c.benchmark_group("stochastic-matching/simulate-ut(10,20)-1000reps");
    for a in [
        Algorithm::Greedy,
        Algorithm::Balance(LoadFunction::Exp),
        Algorithm::Ranking,
        Algorithm::PerturbedGreedy,
    ] {
        g.bench_function(a.name(), |b| {
            b.iter(|| simulate(&inst, &[a], TieBreak::HighestIndex, 1000, 1).unwrap())
        });
    }
    g.finish();
}

fn lps(c: &mut Criterion) {
    // 10^4 edges, not saturated (value 843 of 2000).
    let inst =
        random_regular_arrivals(2000, 2000, 5, Probabilities::Uniform(0.05, 0.5), 1).unwrap();
    let mut g = c.benchmark_group("stochastic-matching/budgeted-lp-1e4-edges");
    g.sample_size(10);
    for s in [LpSolver::Microlp, LpSolver::Clarabel] {
        g.bench_function(s.name(), |b| b.iter(|| budgeted_lp(&inst, s).unwrap()));
    }
    g.finish();
    let ut = upper_triangular(6, 10).unwrap();
    let mut g = c.benchmark_group("stochastic-matching/sclp-ut(6,10)");
    g.sample_size(10);
    for backend in [CgBackend::MicrolpDual, CgBackend::ClarabelPrimal] {
        g.bench_function(backend.name(), |b| {
            b.iter(|| sclp_column_generation_with(&ut, backend).unwrap())
        });
    }
    for s in [LpSolver::Microlp, LpSolver::Clarabel] {
        g.bench_function(format!("compact-{}", s.name()), |b| {
            b.iter(|| sclp_compact(&ut, s).unwrap())
        });
    }
    g.finish();
    // The SC-LP target: n = 50, T = 2000.
    let big = upper_triangular(50, 40).unwrap();
    let mut g = c.benchmark_group("stochastic-matching/sclp-ut(50,40)");
    g.sample_size(10);
    g.bench_function("compact-clarabel", |b| {
        b.iter(|| sclp_compact(&big, LpSolver::Clarabel).unwrap())
    });
    g.finish();
    let dp = random_regular_arrivals(12, 100, 3, Probabilities::Uniform(0.1, 0.9), 2).unwrap();
    c.bench_function("stochastic-matching/adaptive-dp-n12-T100", |b| {
        b.iter(|| adaptive_optimum(&dp, DP_CAP).unwrap())
    });
}

criterion_group!(benches, simulation, lps);
criterion_main!(benches);
