//! Criterion benches for the facility-location family: Uniform Phantom evaluation (exact and
//! f64) and exhaustive certification. `cargo bench --bench facility_location`.

// The macros below generate undocumented public items.
#![allow(missing_docs)]

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use datasets::rng::{below, rng, unit};
use facility_location::grid::ProfileSet;
use facility_location::{Mechanism, Profile, certify};

fn bench_evaluate(c: &mut Criterion) {
    let mut group = c.benchmark_group("facility/evaluate");
    let up = Mechanism::UniformPhantom;
    let mut r = rng(81);
    for n in [10usize, 1000] {
        let pairs: Vec<(i64, i64)> = (0..n)
            .map(|_| {
                let den = 1 + below(&mut r, 1000) as i64;
                (below(&mut r, den as u64 + 1) as i64, den)
            })
            .collect();
        let profile = Profile::from_fractions(&pairs).expect("valid profile");
        let floats: Vec<f64> = (0..n).map(|_| unit(&mut r)).collect();
        let evaluator = up.prepare(n).expect("n >= 1");
        group.throughput(Throughput::Elements(1));
        group.bench_with_input(BenchmarkId::new("rational", n), &profile, |b, p| {
            b.iter(|| evaluator.evaluate(black_box(p)).expect("valid"));
        });
        group.bench_with_input(BenchmarkId::new("f64", n), &floats, |b, x| {
            b.iter(|| evaluator.evaluate_f64(black_box(x)).expect("valid"));
        });
    }
    group.finish();
}

fn bench_certify(c: &mut Criterion) {
    let mut group = c.benchmark_group("facility/certify");
    for m in [Mechanism::UniformPhantom, Mechanism::Average] {
        group.bench_function(BenchmarkId::new(m.name(), "n=5,G8"), |b| {
            b.iter(|| certify(&m, 5, &ProfileSet::sorted_grid(8)).expect("valid"));
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = bench_evaluate, bench_certify
}
criterion_main!(benches);
