//! Criterion benches for the Hamming family: each algorithm on DNA and on a large alphabet,
//! across pattern lengths. `cargo bench --bench hamming`; compare commits with
//! `-- --save-baseline main` and then `-- --baseline main`.

// The macros below generate undocumented public items.
#![allow(missing_docs)]

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use datasets::sequences;
use hamming::Algorithm;

fn bench_dna(c: &mut Criterion) {
    let n = 1 << 16;
    let text = sequences::dna(n, 11);
    let mut group = c.benchmark_group("hamming/dna");
    for m in [16usize, 256, 1024] {
        let pattern = sequences::pattern_from(&text, m, 0.05, 12).expect("m <= n");
        group.throughput(Throughput::Elements(((n - m + 1) * m) as u64));
        for &algorithm in Algorithm::ALL {
            group.bench_with_input(BenchmarkId::new(algorithm.name(), m), &pattern, |b, p| {
                b.iter(|| {
                    algorithm
                        .run(black_box(&text), black_box(p))
                        .expect("valid input")
                });
            });
        }
        group.bench_with_input(BenchmarkId::new("auto", m), &pattern, |b, p| {
            b.iter(|| hamming::hamming_all(black_box(&text), black_box(p)).expect("valid input"));
        });
    }
    group.finish();
}

fn bench_large_alphabet(c: &mut Criterion) {
    let n = 1 << 15;
    let text = sequences::uniform_u32(n, 1 << 16, 21).expect("valid sigma");
    let mut group = c.benchmark_group("hamming/u16-uniform");
    for m in [16usize, 256] {
        let pattern = sequences::pattern_from(&text, m, 0.05, 22).expect("m <= n");
        group.throughput(Throughput::Elements(((n - m + 1) * m) as u64));
        for &algorithm in Algorithm::ALL {
            group.bench_with_input(BenchmarkId::new(algorithm.name(), m), &pattern, |b, p| {
                b.iter(|| {
                    algorithm
                        .run(black_box(&text), black_box(p))
                        .expect("valid input")
                });
            });
        }
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = bench_dna, bench_large_alphabet
}
criterion_main!(benches);
