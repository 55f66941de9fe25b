//! Criterion benches for the PPR family on R-MAT scale 14 (Graph500 parameters, edge factor
//! 8): power iteration, forward push, the PowerWalk index build, single and batched
//! PowerWalk queries. `cargo bench --bench ppr` (`PPR_SCALE=17` for rmat17).

// The macros below generate undocumented public items.
#![allow(missing_docs)]

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use ppr::Graph;
use ppr::index::{IndexParams, build_index};
use ppr::query::{QueryParams, query};

fn graph() -> Graph {
    let scale = std::env::var("PPR_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(14);
    let arcs = ppr::rmat::rmat(scale, 8, ppr::rmat::RMAT_SEED);
    Graph::from_edges(Some(1 << scale), &arcs, true).expect("valid R-MAT")
}

fn source(g: &Graph) -> u32 {
    (0..g.n() as u32)
        .find(|&u| g.out_degree(u) > 2)
        .expect("a vertex with out-arcs")
}

fn bench_exact(c: &mut Criterion) {
    let g = graph();
    let s = source(&g);
    let mut group = c.benchmark_group("ppr/exact");
    group.throughput(Throughput::Elements((g.m() * 43) as u64));
    group.bench_function("power-iteration-1e-3", |b| {
        b.iter(|| ppr::power::power_iteration(&g, black_box(s), 0.15, 1e-3).expect("valid"));
    });
    group.throughput(Throughput::Elements(1));
    group.bench_function("forward-push-1e-3", |b| {
        b.iter(|| {
            ppr::push::forward_push(&g, black_box(s), 0.15, 1e-3 / g.m() as f64).expect("valid")
        });
    });
    group.finish();
}

fn bench_powerwalk(c: &mut Criterion) {
    let g = graph();
    let s = source(&g);
    let mut group = c.benchmark_group("ppr/powerwalk");
    for r in [1u32, 16] {
        let p = IndexParams {
            walks: r,
            seed: 7,
            ..Default::default()
        };
        group.bench_with_input(BenchmarkId::new("index", r), &p, |b, p| {
            b.iter(|| build_index(&g, p).expect("valid"));
        });
    }
    let idx = build_index(
        &g,
        &IndexParams {
            walks: 16,
            seed: 7,
            ..Default::default()
        },
    )
    .expect("valid");
    for t in [2usize, 4, 10] {
        let p = QueryParams {
            steps: t,
            theta: 0.0,
        };
        group.bench_with_input(BenchmarkId::new("query-R16", t), &p, |b, p| {
            b.iter(|| query(&g, &idx, black_box(s), p).expect("valid"));
        });
    }
    let sources: Vec<u32> = (0..g.n() as u32)
        .filter(|&u| g.out_degree(u) > 0)
        .take(64)
        .collect();
    let p = QueryParams {
        steps: 4,
        theta: 0.0,
    };
    group.throughput(Throughput::Elements(sources.len() as u64));
    group.bench_function("batch64-R16-T4", |b| {
        b.iter(|| {
            ppr::batch::query_batch_with(&g, &idx, &sources, &p, |_, _, pi| {
                black_box(pi[0]);
            })
            .expect("valid")
        });
    });
    group.bench_function("single64-R16-T4", |b| {
        b.iter(|| {
            for &s in &sources {
                black_box(query(&g, &idx, s, &p).expect("valid").pi[0]);
            }
        });
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = bench_exact, bench_powerwalk
}
criterion_main!(benches);
