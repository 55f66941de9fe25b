//! Criterion bench of the RPS kernels: forward of a (256, 1024, 1024) layer, dense and
//! hashed (fold, ROAST, HashedNet) at c = 16, with the dispatched path and the scalar path.
//! `cargo bench --bench rps`.

// The macros below generate undocumented public items.
#![allow(missing_docs)]

use criterion::{Criterion, criterion_group, criterion_main};
use rps::kernels::{Path, Weights, chosen_path, forward};
use rps::mapping::{Config, Layout};

fn values(n: usize, seed: u64) -> Vec<f32> {
    let mut s = seed;
    (0..n)
        .map(|_| (rps::hash::splitmix64(&mut s) >> 40) as f32 / (1u64 << 24) as f32 - 0.5)
        .collect()
}

fn bench(c: &mut Criterion) {
    let (b, i, o) = (256, 1024, 1024);
    let x = values(b * i, 1);
    let w = values(i * o, 2);
    let mut y = vec![0.0f32; b * o];
    let mut g = c.benchmark_group("rps-forward-256x1024x1024");
    g.sample_size(10);
    for path in [chosen_path(), Path::Scalar] {
        g.bench_function(format!("dense/{}", path.name()), |bn| {
            bn.iter(|| {
                forward(
                    path,
                    &x,
                    b,
                    &Weights::Dense {
                        w: &w,
                        input: i,
                        output: o,
                    },
                    &mut y,
                )
                .unwrap()
            })
        });
        for (name, cfg) in [
            ("fold", Config::stable_rps(16.0, 0)),
            ("roast", Config::roast(16.0, 0)),
            ("hashednet", Config::hashednet(16.0, 0)),
        ] {
            let layout = Layout::new(cfg, &[(i, o)]).unwrap();
            let memory = values(layout.memory_len(), 3);
            g.bench_function(format!("{name}-c16/{}", path.name()), |bn| {
                bn.iter(|| {
                    forward(
                        path,
                        &x,
                        b,
                        &Weights::Hashed {
                            layout: &layout,
                            memory: &memory,
                            layer: 0,
                        },
                        &mut y,
                    )
                    .unwrap()
                })
            });
        }
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
