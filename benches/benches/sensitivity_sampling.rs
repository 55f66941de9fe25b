//! Criterion benches of the sensitivity-sampling crate: Lewis weights (p = 1, 3, 6),
//! leverage scores, the ε̂ estimate and exact ℓ1 sensitivities (LAD simplex against Clarabel),
//! on seeded synthetic inputs.

// The macros below generate undocumented public items.
#![allow(missing_docs)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use sensitivity_sampling::{
    EstimateOptions, LewisOptions, LpBackend, bernoulli, estimate_distortion, l1_sensitivities,
    leverage_scores, lewis_weights, sensitivities, synthetic,
};

fn benches(c: &mut Criterion) {
    let a = synthetic::gaussian(20_000, 20, 1);
    let mut g = c.benchmark_group("sensitivity-sampling");
    g.sample_size(10);
    for p in [1.0, 3.0, 6.0] {
        g.bench_function(format!("lewis/20000x20/p={p}"), |b| {
            b.iter(|| lewis_weights(black_box(a.as_ref()), p, &LewisOptions::default()).unwrap())
        });
    }
    g.bench_function("leverage/20000x20", |b| {
        b.iter(|| leverage_scores(black_box(a.as_ref())).unwrap())
    });
    let big = synthetic::gaussian(20_000, 20, 2);
    let sample = bernoulli(&vec![1.0; 20_000], 2000, 1.0, 3).unwrap();
    let sa = sample.sketch(big.as_ref()).unwrap();
    let small = synthetic::gaussian(2000, 20, 2);
    let ssa = bernoulli(&vec![1.0; 2000], 500, 1.0, 3)
        .unwrap()
        .sketch(small.as_ref())
        .unwrap();
    g.bench_function("estimate/2000x20-sketch-of-20000", |b| {
        b.iter(|| {
            estimate_distortion(
                big.as_ref(),
                sa.as_ref(),
                1.0,
                &[],
                &EstimateOptions::default(),
            )
            .unwrap()
        })
    });
    g.bench_function("estimate/500x20-sketch-of-2000", |b| {
        b.iter(|| {
            estimate_distortion(
                small.as_ref(),
                ssa.as_ref(),
                1.0,
                &[],
                &EstimateOptions::default(),
            )
            .unwrap()
        })
    });
    let sign = synthetic::sign_matrix(6);
    for (name, backend) in [
        ("simplex", LpBackend::Simplex),
        ("clarabel", LpBackend::Clarabel),
    ] {
        g.bench_function(format!("l1-sensitivities/sign-d=6/{name}"), |b| {
            b.iter(|| sensitivities(black_box(sign.as_ref()), 1.0, backend).unwrap())
        });
    }
    let tall = synthetic::gaussian(2000, 10, 7);
    g.bench_function("l1-sensitivities/2000x10/simplex", |b| {
        b.iter(|| l1_sensitivities(black_box(tall.as_ref())).unwrap())
    });
    g.finish();
}

criterion_group!(group, benches);
criterion_main!(group);
