//! The ROAST weight-gradient reduction: the transposed tile primitive (`Prims::add_tile_t`) of
//! every SIMD path against the scalar one and an f64 oracle, and `reduce_grad` of every path
//! against a per-slot summation in the documented tile order (bit for bit), the f64
//! reference, and itself across thread counts. Tiles 3×5 and 16×16, ragged shapes.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};

use common::{config, front_layer, paths, rel_err, runner, values};
use proptest::prelude::*;
use rps::kernels::scalar::Scalar;
use rps::kernels::{self, Path, Prims};
use rps::mapping::{Layout, Mapping};
use rps::reference;

/// The inputs of one `add_tile_t` call.
#[derive(Debug, Clone)]
struct Block {
    kw: usize,
    rw: usize,
    /// Extra stride of `dW` rows beyond `kw`, and of grad runs beyond `rw`.
    ldw_pad: usize,
    pitch_pad: usize,
    i0: u32,
    istride: u32,
    lambda: f32,
    sign: Option<(u32, u32)>,
    seed: u64,
}

fn block() -> impl Strategy<Value = Block> {
    (
        prop_oneof![1usize..20, Just(16usize), Just(3usize), 20usize..40],
        prop_oneof![1usize..20, Just(16usize), Just(5usize), 20usize..40],
        0usize..9,
        0usize..9,
        any::<u32>(),
        any::<u32>(),
        prop_oneof![Just(1.0f32), -4.0f32..4.0],
        prop_oneof![
            Just(None),
            (any::<u32>(), any::<u32>()).prop_map(|(a, b)| Some((a | 1, b)))
        ],
        any::<u64>(),
    )
        .prop_map(
            |(kw, rw, ldw_pad, pitch_pad, i0, istride, lambda, sign, seed)| Block {
                kw,
                rw,
                ldw_pad,
                pitch_pad,
                i0,
                istride,
                lambda,
                sign,
                seed,
            },
        )
}

/// Runs `add_tile_t` of `p` on `blk`; the gradient has one spare value on each side so a
/// write outside the block shows.
fn run_block<P: Prims>(p: P, blk: &Block) -> (Vec<f32>, Vec<f32>, Vec<f32>) {
    let (ldw, pitch) = (blk.kw + blk.ldw_pad, blk.rw + blk.pitch_pad);
    let dw = values((blk.rw - 1) * ldw + blk.kw, blk.seed);
    let init = values((blk.kw - 1) * pitch + blk.rw + 2, blk.seed ^ 5);
    let mut grad = init.clone();
    let len = grad.len();
    p.add_tile_t(
        &mut grad[1..len - 1],
        pitch,
        &dw,
        ldw,
        blk.kw,
        blk.rw,
        blk.i0,
        blk.istride,
        blk.lambda,
        blk.sign,
    );
    (grad, init, dw)
}

fn run_path(path: Path, blk: &Block) -> Vec<f32> {
    match path {
        Path::Scalar => run_block(Scalar, blk).0,
        #[cfg(target_arch = "x86_64")]
        Path::Avx2 => run_block(rps::kernels::arch::x86_64::avx2::Avx2::new().unwrap(), blk).0,
        #[cfg(target_arch = "x86_64")]
        Path::Avx512 => {
            run_block(
                rps::kernels::arch::x86_64::avx512::Avx512::new().unwrap(),
                blk,
            )
            .0
        }
        #[cfg(not(target_arch = "x86_64"))]
        _ => unreachable!("paths() lists only available paths"),
    }
}

/// The oracle of one block in f64: `grad[q·pitch + j] + λ·g·dW[j·ldw + q]`, the sign from
/// the hash's definition `g(i) = 1 − 2·(((A32·i + B32) mod 2³²) >> 31)`.
fn block_oracle(blk: &Block, init: &[f32], dw: &[f32]) -> Vec<f64> {
    let (ldw, pitch) = (blk.kw + blk.ldw_pad, blk.rw + blk.pitch_pad);
    let mut out: Vec<f64> = init.iter().map(|&v| f64::from(v)).collect();
    for q in 0..blk.kw {
        for j in 0..blk.rw {
            let i = (u64::from(blk.i0) + q as u64 + j as u64 * u64::from(blk.istride)) % (1 << 32);
            let g = match blk.sign {
                Some((a, b)) if ((u64::from(a) * i + u64::from(b)) % (1 << 32)) >> 31 == 1 => -1.0,
                _ => 1.0,
            };
            out[1 + q * pitch + j] += f64::from(blk.lambda) * g * f64::from(dw[j * ldw + q]);
        }
    }
    out
}

#[test]
fn every_path_adds_a_tile_as_the_scalar_path_and_the_oracle_do() {
    let mut r = runner("roast add_tile_t", 300);
    r.run(&block(), |blk| {
        let (scalar, init, dw) = run_block(Scalar, &blk);
        let oracle = block_oracle(&blk, &init, &dw);
        prop_assert!(
            rel_err(&scalar, &oracle) < 1e-6,
            "{}",
            rel_err(&scalar, &oracle)
        );
        prop_assert_eq!(
            scalar[0].to_bits(),
            init[0].to_bits(),
            "wrote before the block"
        );
        let last = init.len() - 1;
        prop_assert_eq!(scalar[last].to_bits(), init[last].to_bits());
        for path in paths() {
            let got = run_path(path, &blk);
            for (t, (a, b)) in got.iter().zip(&scalar).enumerate() {
                prop_assert_eq!(a.to_bits(), b.to_bits(), "{} at {}", path.name(), t);
            }
        }
        Ok(())
    })
    .unwrap();
}

/// `reduce_grad`'s documented order, element by element in f32 through `Layout::slot`:
/// tiles with the output's tile index outer and the input's inner, each adding
/// `λ·(g·dW)` once to each of its slots.
fn roast_order_oracle(layout: &Layout, l: usize, dw: &[f32], grad: &mut [f32]) {
    let Mapping::Roast { bk, bn } = layout.config().mapping else {
        panic!("ROAST only")
    };
    let layer = layout.layers()[l];
    let (input, output) = (layer.input, layer.output);
    for tn in 0..output.div_ceil(bn) {
        for tk in 0..input.div_ceil(bk) {
            for k in tk * bk..((tk + 1) * bk).min(input) {
                for r in tn * bn..((tn + 1) * bn).min(output) {
                    let s = layout.slot(l, r, k);
                    grad[s.index] += layer.lambda * (s.sign * dw[r * input + k]);
                }
            }
        }
    }
}

#[test]
fn roast_reduction_is_the_documented_sum_on_every_path_and_thread_count() {
    const CASES: u32 = 64;
    let mut r = runner("roast reduce_grad", CASES);
    let (ran, ran_16x16) = (AtomicUsize::new(0), AtomicUsize::new(0));
    let strat = (
        prop_oneof![Just(1usize), Just(2usize)],
        prop_oneof![Just(1.0f64), Just(2.5), Just(16.0), 1.0f64..40.0],
        any::<bool>(),
        any::<bool>(),
        prop_oneof![1usize..40, 40usize..140],
        prop_oneof![1usize..40, 40usize..140],
        any::<u64>(),
    );
    r.run(&strat, |(kind, c, sign, global, input, output, seed)| {
        // A layer in front makes the global offsets (and tile offsets) non-zero; it is sized
        // so that a 16×16 tile fits at c ≤ 40. A case whose own layer is smaller than a tile
        // (local memory) is discarded and redrawn, never counted as a pass.
        let cfg = config(kind, c, sign, global, seed);
        let layout = Layout::new(cfg, &[front_layer(40.0), (input, output)]);
        prop_assume!(
            !matches!(layout, Err(rps::Error::TileLargerThanMemory { .. })),
            "the tested layer's local memory is smaller than one tile"
        );
        let layout = layout.map_err(|e| TestCaseError::fail(e.to_string()))?;
        let dw = values(input * output, seed ^ 1);
        let init = values(layout.memory_len(), seed ^ 2);
        let mut want = init.clone();
        roast_order_oracle(&layout, 1, &dw, &mut want);
        let mut g64: Vec<f64> = init.iter().map(|&v| f64::from(v)).collect();
        let dw64: Vec<f64> = dw.iter().map(|&v| f64::from(v)).collect();
        reference::memory_grad(&layout, 1, &dw64, &mut g64).unwrap();
        prop_assert!(
            rel_err(&want, &g64) < 1e-5,
            "oracle {}",
            rel_err(&want, &g64)
        );
        for path in paths() {
            for threads in [1, 2, 3, 7] {
                let mut got = init.clone();
                kernels::reduce_grad(path, &layout, 1, &dw, &mut got, threads).unwrap();
                for (s, (a, b)) in got.iter().zip(&want).enumerate() {
                    prop_assert_eq!(
                        a.to_bits(),
                        b.to_bits(),
                        "{} threads {} slot {}",
                        path.name(),
                        threads,
                        s
                    );
                }
            }
        }
        ran.fetch_add(1, Ordering::Relaxed);
        if kind == 1 {
            ran_16x16.fetch_add(1, Ordering::Relaxed);
        }
        Ok(())
    })
    .unwrap();
    // Every counted case reached the last comparison; discarded ones are not counted.
    let cases = common::cases(CASES) as usize;
    assert_eq!(ran.into_inner(), cases);
    let big = ran_16x16.into_inner();
    assert!(
        big >= cases / 5,
        "only {big} of {cases} cases had 16×16 tiles"
    );
}
