//! Criterion benches for the Hamming family: every exact algorithm and `hamming_all` (the
//! planner) on DNA and on a large alphabet, across pattern lengths.
//! `cargo bench --bench hamming`; compare commits with `-- --save-baseline main` and then
//! `-- --baseline main`.

// The macros below generate undocumented public items.
#![allow(missing_docs)]

use std::hash::Hash;
use std::hint::black_box;

use criterion::measurement::WallTime;
use criterion::{
    BenchmarkGroup, BenchmarkId, Criterion, Throughput, criterion_group, criterion_main,
};
use datasets::sequences;
use hamming::Algorithm;

/// Every algorithm and the planner on one (text, pattern) pair.
fn bench_all<S: Copy + Eq + Hash>(
    group: &mut BenchmarkGroup<'_, WallTime>,
    text: &[S],
    pattern: &[S],
) {
    let (n, m) = (text.len(), pattern.len());
    group.throughput(Throughput::Elements(((n - m + 1) * m) as u64));
    for &algorithm in Algorithm::ALL {
        group.bench_with_input(BenchmarkId::new(algorithm.name(), m), pattern, |b, p| {
            b.iter(|| {
                algorithm
                    .run(black_box(text), black_box(p))
                    .expect("valid input")
            });
        });
    }
    group.bench_with_input(BenchmarkId::new("auto", m), pattern, |b, p| {
        b.iter(|| hamming::hamming_all(black_box(text), black_box(p)).expect("valid input"));
    });
}

fn bench_dna(c: &mut Criterion) {
    let text = sequences::dna(1 << 16, 11);
    let mut group = c.benchmark_group("hamming/dna");
    for m in [16usize, 256, 1024] {
        let pattern = sequences::pattern_from(&text, m, 0.05, 12).expect("m <= n");
        bench_all(&mut group, &text, &pattern);
    }
    group.finish();
}

fn bench_large_alphabet(c: &mut Criterion) {
    let text = sequences::uniform_u32(1 << 15, 1 << 16, 21).expect("valid sigma");
    let mut group = c.benchmark_group("hamming/u16-uniform");
    for m in [16usize, 256] {
        let pattern = sequences::pattern_from(&text, m, 0.05, 22).expect("m <= n");
        bench_all(&mut group, &text, &pattern);
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = bench_dna, bench_large_alphabet
}
criterion_main!(benches);
