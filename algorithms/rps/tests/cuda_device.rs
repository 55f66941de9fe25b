//! The CUDA kernels on a real device against the f64 CPU reference (relative error ≤ 1e-5 fp32, 5e-4 tf32, 1e-2 bf16): fresh random
//! inputs, outputs poisoned with NaN first, every CUDA return code checked (each call returns
//! a `Result` that is unwrapped). Without a device each test prints
//! `SKIPPED: no CUDA device (<reason>)` and returns; `RPS_REQUIRE_GPU=1` makes that a failure.
#![cfg(feature = "cuda")]

mod common;
mod cuda_common;

use common::{config, values};
use cuda_common::gpu;
use rps::cuda::{GpuError, MapDesc, Precision, emulate, rel_err};
use rps::mapping::Layout;
use rps::reference;
use rps::scaler::GradScaler;
use rps::train::optim::{Optimizer, State};

fn to64(v: &[f32]) -> Vec<f64> {
    v.iter().map(|&x| f64::from(x)).collect()
}

/// Shapes crossing the 128×128×32 tiles, plus the benchmark's 4096² at batch 256.
const SHAPES: [(usize, usize, usize); 5] = [
    (1, 5, 7),
    (37, 48, 129),
    (130, 160, 200),
    (64, 1000, 300),
    (256, 4096, 512),
];

#[test]
fn products_match_the_reference_at_every_precision_and_mapping() {
    let Some(g) = gpu() else { return };
    let mut seed = 100u64;
    for kind in 0..4 {
        for c in [1.0, 16.0, 256.0] {
            for &(batch, input, output) in &SHAPES {
                seed += 1;
                let Ok(layout) = Layout::new(
                    config(kind, c, true, true, seed),
                    &[(7, 3), (input, output)],
                ) else {
                    continue;
                };
                let d = MapDesc::new(&layout, 1).unwrap();
                let memory = values(layout.memory_len(), seed ^ 1);
                let x = values(batch * input, seed ^ 2);
                let dy = values(batch * output, seed ^ 3);
                let w64 = reference::materialise(&layout, &memory, 1).unwrap();
                let y64 = reference::forward(&to64(&x), &w64, batch, input, output).unwrap();
                let dx64 =
                    reference::backward_input(&to64(&dy), &w64, batch, input, output).unwrap();
                let dw64 =
                    reference::weight_grad(&to64(&dy), &to64(&x), batch, input, output).unwrap();
                let mut g64 = vec![0.0; layout.memory_len()];
                reference::memory_grad(&layout, 1, &dw64, &mut g64).unwrap();
                let (mem_d, x_d, dy_d) = (
                    g.upload(&memory).unwrap(),
                    g.upload(&x).unwrap(),
                    g.upload(&dy).unwrap(),
                );

                let mut w_d = g.poisoned(input * output).unwrap();
                g.materialise(&d, &mem_d, &mut w_d).unwrap();
                let w = g.download(&w_d).unwrap();
                let want = emulate::materialise(&d, &memory);
                assert!(
                    w.iter().zip(&want).all(|(a, b)| a.to_bits() == b.to_bits()),
                    "materialise kind {kind} c {c}"
                );

                for prec in Precision::ALL {
                    let tag = format!(
                        "kind {kind} c {c} shape {:?} {prec:?}",
                        (batch, input, output)
                    );
                    let mut y_d = g.poisoned(batch * output).unwrap();
                    g.forward(prec, &d, &mem_d, &x_d, &mut y_d, batch).unwrap();
                    let e = rel_err(&g.download(&y_d).unwrap(), &y64);
                    assert!(e <= prec.tolerance(), "forward {tag}: {e:e}");
                    let mut dx_d = g.poisoned(batch * input).unwrap();
                    g.backward_input(prec, &d, &mem_d, &dy_d, &mut dx_d, batch)
                        .unwrap();
                    let e = rel_err(&g.download(&dx_d).unwrap(), &dx64);
                    assert!(e <= prec.tolerance(), "input gradient {tag}: {e:e}");
                    let mut grad_d = g.zeros::<f32>(layout.memory_len()).unwrap();
                    g.weight_grad_atomic(prec, &d, &dy_d, &x_d, &mut grad_d, batch)
                        .unwrap();
                    let e = rel_err(&g.download(&grad_d).unwrap(), &g64);
                    assert!(e <= prec.tolerance(), "fused weight gradient {tag}: {e:e}");
                }
                // Deterministic two-pass: cuBLAS dW (fp32), then one thread per slot.
                let csr = if d.mapping == 0 {
                    None
                } else {
                    Some(g.csr(&d).unwrap())
                };
                let mut runs = Vec::new();
                for _ in 0..2 {
                    let mut dw_d = g.poisoned(input * output).unwrap();
                    g.blas_weight_grad(
                        Precision::F32,
                        &dy_d,
                        &x_d,
                        &mut dw_d,
                        (batch, input, output),
                    )
                    .unwrap();
                    let mut grad_d = g.zeros::<f32>(layout.memory_len()).unwrap();
                    g.reduce(&d, csr.as_ref(), &dw_d, &mut grad_d).unwrap();
                    runs.push(g.download(&grad_d).unwrap());
                }
                let e = rel_err(&runs[0], &g64);
                assert!(
                    e <= 1e-5,
                    "two-pass weight gradient kind {kind} c {c}: {e:e}"
                );
                assert!(
                    runs[0]
                        .iter()
                        .zip(&runs[1])
                        .all(|(a, b)| a.to_bits() == b.to_bits()),
                    "two-pass is deterministic"
                );
            }
        }
    }
}

#[test]
fn cublas_baselines_match_the_reference() {
    let Some(g) = gpu() else { return };
    let (m, n, k) = (130, 200, 96);
    let (a, b) = (values(m * k, 1), values(n * k, 2));
    let mut want = vec![0f64; m * n];
    for i in 0..m {
        for j in 0..n {
            want[i * n + j] = (0..k)
                .map(|p| f64::from(a[i * k + p]) * f64::from(b[j * k + p]))
                .sum();
        }
    }
    let (ad, bd) = (g.upload(&a).unwrap(), g.upload(&b).unwrap());
    for prec in [Precision::F32, Precision::Tf32] {
        let mut c = g.poisoned(m * n).unwrap();
        g.blas_nt(prec, &ad, &bd, &mut c, (m, n, k)).unwrap();
        let e = rel_err(&g.download(&c).unwrap(), &want);
        assert!(e <= prec.tolerance(), "{prec:?}: {e:e}");
    }
    let (ab, bb) = (g.to_bf16(&ad).unwrap(), g.to_bf16(&bd).unwrap());
    let mut c = g.poisoned(m * n).unwrap();
    g.blas_nt(Precision::Bf16, &ab, &bb, &mut c, (m, n, k))
        .unwrap();
    let e = rel_err(&g.download(&c).unwrap(), &want);
    assert!(e <= Precision::Bf16.tolerance(), "bf16: {e:e}");
}

#[test]
fn scaler_and_momentum_step_is_bit_identical_to_the_cpu() {
    let Some(g) = gpu() else { return };
    let layout = Layout::new(config(0, 3.0, true, true, 4), &[(400, 300), (300, 10)]).unwrap();
    let scaler = GradScaler::new(&layout);
    let n = layout.memory_len();
    let mut cpu = values(n, 1);
    let mut mem = g.upload(&cpu).unwrap();
    let mut vel = g.zeros::<f32>(n).unwrap();
    let div = g.upload(scaler.divisors().unwrap()).unwrap();
    let mut state = State::default();
    for step in 0..5 {
        let grad = values(n, 10 + step);
        let mut gs = grad.clone();
        scaler.apply(&mut gs).unwrap();
        Optimizer::Momentum(0.9).step(&mut state, &mut cpu, &gs, 0.05);
        let gd = g.upload(&grad).unwrap();
        g.sgd_momentum(&mut mem, &mut vel, &gd, Some(&div), 0.05, 0.9, 0.0)
            .unwrap();
    }
    let got = g.download(&mem).unwrap();
    assert!(
        got.iter()
            .zip(&cpu)
            .all(|(a, b)| a.to_bits() == b.to_bits())
    );
}

#[test]
fn bad_inputs_are_typed_errors() {
    let Some(g) = gpu() else { return };
    let layout = Layout::new(config(0, 2.0, true, true, 0), &[(64, 32)]).unwrap();
    let d = MapDesc::new(&layout, 0).unwrap();
    let mem = g.upload(&values(layout.memory_len(), 1)).unwrap();
    let x = g.upload(&values(3 * 64, 2)).unwrap();
    let mut y = g.poisoned(3 * 31).unwrap();
    assert!(matches!(
        g.forward(Precision::F32, &d, &mem, &x, &mut y, 3),
        Err(GpuError::ShapeMismatch { .. })
    ));
    let short = g.upload(&values(layout.memory_len() - 1, 1)).unwrap();
    let mut y = g.poisoned(3 * 32).unwrap();
    assert!(matches!(
        g.forward(Precision::F32, &d, &short, &x, &mut y, 3),
        Err(GpuError::ShapeMismatch { .. })
    ));
    let free = g.info().total_bytes;
    assert!(matches!(
        g.zeros::<f32>(free),
        Err(GpuError::OutOfMemory { .. })
    ));
    match rps::cuda::Gpu::compile_for(
        "extern \"C\" __global__ void k() { undeclared(); }",
        g.info().compute_capability,
    ) {
        Err(GpuError::Compile { log }) => assert!(log.contains("undeclared"), "{log}"),
        other => panic!("expected a compile error with its log, got {other:?}"),
    }
}
