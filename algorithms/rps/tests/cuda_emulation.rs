//! The CUDA kernels' index arithmetic, run sequentially in Rust (`rps::cuda::emulate`),
//! against the CPU crate: slots and cursors element by element, materialise bit for bit,
//! the three GEMMs at every precision against the f64 reference (1e-5 fp32, 5e-4 tf32, 1e-2 bf16), the
//! deterministic reductions and the SGD step bit for bit against the CPU kernels. Runs on
//! any machine, with or without the `cuda` feature.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};

use common::{config, front_layer, runner, values};
use proptest::prelude::*;
use rps::cuda::emulate::{self, BSource, Epilogue};
use rps::cuda::{BK, BM, BN, KERNELS, MapDesc, Precision, RUN, SOURCE, rel_err};
use rps::kernels::{self, Path};
use rps::mapping::Layout;
use rps::reference;
use rps::scaler::GradScaler;
use rps::train::optim::{Optimizer, State};

fn to64(v: &[f32]) -> Vec<f64> {
    v.iter().map(|&x| f64::from(x)).collect()
}

/// A two-layer layout or `None` when a ROAST tile does not fit the tested layer's local
/// memory (the caller discards the case with `prop_assume!`). The first layer makes the global
/// offsets non-zero and is sized so that a 16×16 tile fits at every compression up to `max_c`.
#[allow(clippy::too_many_arguments)]
fn layout(
    kind: usize,
    c: f64,
    sign: bool,
    global: bool,
    seed: u64,
    shape: (usize, usize),
    max_c: f64,
) -> Option<Layout> {
    match Layout::new(
        config(kind, c, sign, global, seed),
        &[front_layer(max_c), shape],
    ) {
        Ok(l) => Some(l),
        Err(rps::Error::TileLargerThanMemory { .. }) => None,
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn slots_and_cursors_match_the_layout_everywhere() {
    const CASES: u32 = 48;
    let mut run = runner("cuda slots", CASES);
    let ran = AtomicUsize::new(0);
    let strat = (
        0usize..4,
        1.0f64..40.0,
        any::<bool>(),
        any::<bool>(),
        1usize..80,
        1usize..70,
        any::<u64>(),
    );
    run.run(&strat, |(kind, c, sign, global, input, output, seed)| {
        let layout = layout(kind, c, sign, global, seed, (input, output), 40.0);
        prop_assume!(layout.is_some(), "the tested layer cannot hold a tile");
        let layout = layout.expect("assumed");
        ran.fetch_add(1, Ordering::Relaxed);
        let memory = values(layout.memory_len(), seed ^ 5);
        for l in 0..2 {
            let d = MapDesc::new(&layout, l).unwrap();
            let lay = layout.layers()[l];
            for r in 0..lay.output {
                // Cursors start where the loaders start them: every RUN-th column.
                for c0 in (0..lay.input).step_by(RUN) {
                    let mut cur = emulate_cursor(r, c0);
                    for k in c0..(c0 + RUN).min(lay.input) {
                        let s = layout.slot(l, r, k);
                        let got = cur.next_slot(&d);
                        prop_assert_eq!(got, d.slot(r as u32, k as u32));
                        prop_assert_eq!((d.start + got) as usize, s.index);
                        let i = d.global(r as u32, k as u32);
                        prop_assert_eq!(d.sign_bit(i) == 1, s.sign < 0.0);
                    }
                }
            }
            let w = emulate::materialise(&d, &memory);
            for r in 0..lay.output {
                for k in 0..lay.input {
                    prop_assert_eq!(
                        w[r * lay.input + k].to_bits(),
                        layout.weight(&memory, l, r, k).to_bits()
                    );
                }
            }
        }
        Ok(())
    })
    .unwrap();
    // Every counted case ran to its end; discarded ones are not counted.
    assert_eq!(ran.into_inner(), common::cases(CASES) as usize);
}

/// Half an ulp at 1 of the format the operands are rounded to.
fn unit_roundoff(prec: Precision) -> f64 {
    match prec {
        Precision::F32 => 2f64.powi(-24),
        Precision::Tf32 => 2f64.powi(-11),
        Precision::Bf16 => 2f64.powi(-8),
    }
}

fn emulate_cursor(r: usize, c: usize) -> rps::cuda::desc::Cursor {
    rps::cuda::desc::Cursor::seek(r as u32, c as u32)
}

/// Shapes crossing the block tiles (BM = BN = 128, BK = 32, RUN = 16), mostly small.
fn shape() -> impl Strategy<Value = (usize, usize, usize)> {
    prop_oneof![
        (1usize..20, 1usize..50, 1usize..50),
        (120usize..140, 28usize..40, 120usize..140),
        (1usize..4, 60usize..70, 250usize..265),
    ]
}

#[test]
fn products_match_the_f64_reference_at_every_precision() {
    const CASES: u32 = 12;
    let mut run = runner("cuda products", CASES);
    let ran = AtomicUsize::new(0);
    let strat = (
        0usize..4,
        prop_oneof![Just(1.0f64), 1.0f64..64.0],
        any::<bool>(),
        any::<bool>(),
        shape(),
        any::<u64>(),
    );
    run.run(
        &strat,
        |(kind, c, sign, global, (batch, input, output), seed)| {
            let layout = layout(kind, c, sign, global, seed, (input, output), 64.0);
            prop_assume!(layout.is_some(), "the tested layer cannot hold a tile");
            let layout = layout.expect("assumed");
            ran.fetch_add(1, Ordering::Relaxed);
            let memory = values(layout.memory_len(), seed ^ 1);
            let d = MapDesc::new(&layout, 1).unwrap();
            let w64 = reference::materialise(&layout, &memory, 1).unwrap();
            let x = values(batch * input, seed ^ 2);
            let dy = values(batch * output, seed ^ 3);
            let y64 = reference::forward(&to64(&x), &w64, batch, input, output).unwrap();
            let dx64 = reference::backward_input(&to64(&dy), &w64, batch, input, output).unwrap();
            let dw64 = reference::weight_grad(&to64(&dy), &to64(&x), batch, input, output).unwrap();
            let mut g64 = vec![0.0; layout.memory_len()];
            reference::memory_grad(&layout, 1, &dw64, &mut g64).unwrap();
            for prec in Precision::ALL {
                // The target, or the worst case of one product of two rounded operands,
                // 2u(1 + u), whichever is larger: with an inner dimension of 1 or 2 (an
                // output of width 1, say) nothing averages the rounding out, and TF32's
                // u = 2⁻¹¹ gives up to 9.8e-4, above its 5e-4 target for long sums.
                let tol = prec.tolerance().max(2.0 * unit_roundoff(prec) * 1.001);
                let mut y = vec![f32::NAN; batch * output];
                emulate::gemm(
                    prec,
                    &d,
                    &x,
                    (input, 1),
                    BSource::Weights(&memory),
                    Epilogue::Store(&mut y, output),
                    (batch, output, input),
                );
                let e = rel_err(&y, &y64);
                prop_assert!(e <= tol, "forward {prec:?}: {e:e}");
                let mut dx = vec![f32::NAN; batch * input];
                emulate::gemm(
                    prec,
                    &d,
                    &dy,
                    (output, 1),
                    BSource::WeightsT(&memory),
                    Epilogue::Store(&mut dx, input),
                    (batch, input, output),
                );
                let e = rel_err(&dx, &dx64);
                prop_assert!(e <= tol, "input gradient {prec:?}: {e:e}");
                let mut g = vec![0.0f32; layout.memory_len()];
                emulate::gemm(
                    prec,
                    &d,
                    &dy,
                    (1, output),
                    BSource::Dense(&x, input, 1),
                    Epilogue::Atomic(&mut g),
                    (output, input, batch),
                );
                let e = rel_err(&g, &g64);
                prop_assert!(e <= tol, "weight gradient {prec:?}: {e:e}");
            }
            Ok(())
        },
    )
    .unwrap();
    // Every counted case ran to its end; discarded ones are not counted.
    assert_eq!(ran.into_inner(), common::cases(CASES) as usize);
}

#[test]
fn tensor_core_fragments_give_exact_integer_products() {
    // Small integers are exact in tf32 and bf16 and their products sum exactly in f32, so
    // any misplaced fragment element shows as a wrong integer.
    let (m, n, k) = (BM + 17, BN + 9, 2 * BK + 16);
    let int = |len: usize, seed: u64| -> Vec<f32> {
        values(len, seed)
            .iter()
            .map(|v| (v * 4.0).round())
            .collect()
    };
    let (a, b) = (int(m * k, 1), int(n * k, 2));
    let d = MapDesc::new(
        &Layout::new(config(0, 1.0, false, true, 0), &[(1, 1)]).unwrap(),
        0,
    )
    .unwrap();
    let mut want = vec![0f32; m * n];
    for i in 0..m {
        for j in 0..n {
            want[i * n + j] = (0..k).map(|p| a[i * k + p] * b[j * k + p]).sum();
        }
    }
    for prec in Precision::ALL {
        let mut c = vec![f32::NAN; m * n];
        emulate::gemm(
            prec,
            &d,
            &a,
            (k, 1),
            BSource::Dense(&b, 1, k),
            Epilogue::Store(&mut c, n),
            (m, n, k),
        );
        assert_eq!(c, want, "{prec:?}");
    }
}

#[test]
fn rounding_to_tf32_and_bf16_matches_the_hardware_rules() {
    use emulate::{bf16_bits, bf16_value, tf32};
    let one = 1.0f32.to_bits();
    // tf32 keeps 10 mantissa bits; cvt.rna rounds ties away from zero.
    assert_eq!(
        tf32(f32::from_bits(one + 0x1000)),
        f32::from_bits(one + 0x2000)
    );
    assert_eq!(tf32(f32::from_bits(one + 0x0FFF)), 1.0);
    assert_eq!(
        tf32(-f32::from_bits(one + 0x1000)),
        -f32::from_bits(one + 0x2000)
    );
    // bf16 keeps 7 mantissa bits, ties to even.
    assert_eq!(bf16_value(bf16_bits(f32::from_bits(one + 0x8000))), 1.0);
    assert_eq!(
        bf16_value(bf16_bits(f32::from_bits(one + 0x18000))),
        f32::from_bits(one + 0x20000)
    );
    assert!(bf16_value(bf16_bits(f32::NAN)).is_nan());
    assert_eq!(bf16_value(bf16_bits(f32::INFINITY)), f32::INFINITY);
}

#[test]
fn deterministic_reductions_equal_the_cpu_kernel_bit_for_bit() {
    const CASES: u32 = 32;
    let mut run = runner("cuda reductions", CASES);
    let ran = AtomicUsize::new(0);
    let strat = (
        0usize..4,
        1.0f64..300.0,
        any::<bool>(),
        any::<bool>(),
        1usize..90,
        1usize..60,
        any::<u64>(),
    );
    run.run(&strat, |(kind, c, sign, global, input, output, seed)| {
        let layout = layout(kind, c, sign, global, seed, (input, output), 300.0);
        prop_assume!(layout.is_some(), "the tested layer cannot hold a tile");
        let layout = layout.expect("assumed");
        ran.fetch_add(1, Ordering::Relaxed);
        for l in 0..2 {
            let d = MapDesc::new(&layout, l).unwrap();
            let dw = values(d.weights(), seed ^ l as u64);
            let init = values(layout.memory_len(), seed ^ 9);
            let mut cpu = init.clone();
            kernels::reduce_grad(Path::Scalar, &layout, l, &dw, &mut cpu, 1).unwrap();
            let mut gpu = init.clone();
            if d.mapping == 0 {
                emulate::fold_reduce(&d, &dw, &mut gpu);
            } else {
                let (ptr, idx) = emulate::csr(&d);
                emulate::csr_reduce(&d, &ptr, &idx, &dw, &mut gpu);
            }
            let bits = |v: &[f32]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            prop_assert_eq!(bits(&gpu), bits(&cpu));
            // The closed-form fold reduction and the csr one agree too.
            if d.mapping == 0 {
                let (ptr, idx) = emulate::csr(&d);
                let mut via_csr = init.clone();
                emulate::csr_reduce(&d, &ptr, &idx, &dw, &mut via_csr);
                prop_assert_eq!(bits(&via_csr), bits(&gpu));
            }
        }
        Ok(())
    })
    .unwrap();
    // Every counted case ran to its end; discarded ones are not counted.
    assert_eq!(ran.into_inner(), common::cases(CASES) as usize);
}

#[test]
fn scaler_and_momentum_step_equal_the_cpu_bit_for_bit() {
    let layout = Layout::new(config(0, 3.0, true, true, 4), &[(40, 30), (30, 10)]).unwrap();
    let scaler = GradScaler::new(&layout);
    let n = layout.memory_len();
    let (mut cpu_m, mut gpu_m) = (values(n, 1), values(n, 1));
    let mut vel = vec![0.0f32; n];
    let mut state = State::default();
    let opt = Optimizer::Momentum(0.9);
    for step in 0..5 {
        let grad = values(n, 10 + step);
        let mut g = grad.clone();
        scaler.apply(&mut g).unwrap();
        opt.step(&mut state, &mut cpu_m, &g, 0.05);
        emulate::sgd_momentum(
            &mut gpu_m,
            &mut vel,
            &grad,
            scaler.divisors(),
            0.05,
            0.9,
            0.0,
        );
        assert!(
            cpu_m
                .iter()
                .zip(&gpu_m)
                .all(|(a, b)| a.to_bits() == b.to_bits()),
            "step {step}"
        );
    }
}

#[test]
fn the_cuda_source_declares_every_kernel_and_the_same_desc_fields() {
    let src: String = SOURCE.concat();
    for k in KERNELS {
        assert!(
            src.contains(&format!("{k}(")) || src.contains(&format!("({k},")),
            "{k}"
        );
    }
    let body = src
        .split("struct MapDesc {")
        .nth(1)
        .unwrap()
        .split("};")
        .next()
        .unwrap();
    let fields: Vec<&str> = body
        .lines()
        .filter_map(|l| l.split("//").next())
        .filter_map(|l| l.trim().strip_suffix(';'))
        .filter_map(|l| l.split_whitespace().last())
        .collect();
    assert_eq!(fields, rps::cuda::desc::MAP_DESC_FIELDS);
    let types: Vec<&str> = body
        .lines()
        .filter_map(|l| l.split("//").next())
        .filter(|l| l.trim().ends_with(';'))
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    let mut want = vec!["u64", "u64"];
    want.extend(["u32"; 15]);
    want.push("float");
    assert_eq!(types, want);
}

#[test]
fn desc_rejects_a_missing_layer() {
    let layout = Layout::new(config(0, 2.0, true, true, 0), &[(8, 4)]).unwrap();
    assert!(matches!(
        MapDesc::new(&layout, 1),
        Err(rps::Error::ShapeMismatch { .. })
    ));
}
