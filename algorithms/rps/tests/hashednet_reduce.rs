//! HashedNet's weight-gradient reduction: `Prims::reduce_hashednet` of each path (scalar,
//! AVX2, AVX-512) on its own against an oracle written here from the hash's definition
//! (`HashConsts::hashednet_slot` and `HashConsts::sign`, one weight at a time in index
//! order), bit for bit; lengths cross the 8- and 16-lane widths; slot ranges clipped as a
//! thread's are. Then `reduce_grad` of every path against the same oracle through
//! `Layout::slot`, for 1 to 3 threads.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};

use common::{config, paths, runner, values};
use proptest::prelude::*;
use rps::hash::HashConsts;
use rps::kernels::scalar::Scalar;
use rps::kernels::{self, Path, Prims};
use rps::mapping::Layout;

/// The inputs of one `reduce_hashednet` call.
#[derive(Debug, Clone)]
struct Run {
    n: usize,
    i0: u32,
    lambda: f32,
    m: u32,
    sign: bool,
    /// The owned slot range, as fractions of `m`.
    lo: u32,
    len: u32,
    seed: u64,
}

fn run() -> impl Strategy<Value = Run> {
    (
        prop_oneof![
            0usize..40,
            Just(8usize),
            Just(16usize),
            Just(17usize),
            40usize..300
        ],
        prop_oneof![any::<u32>(), Just(u32::MAX - 5), Just(0u32)],
        prop_oneof![Just(1.0f32), -4.0f32..4.0],
        prop_oneof![1u32..4, 4u32..100, 100u32..5000],
        any::<bool>(),
        0u32..=100,
        0u32..=100,
        any::<u64>(),
    )
        .prop_map(|(n, i0, lambda, m, sign, a, b, seed)| {
            // The range [lo, lo + len) of slots, inside 0..m.
            let lo = (u64::from(m) * u64::from(a.min(b)) / 100) as u32;
            let hi = (u64::from(m) * u64::from(a.max(b)) / 100) as u32;
            let (lo, len) = if a == 0 && b == 100 {
                (0, m)
            } else {
                (lo, hi - lo)
            };
            Run {
                n,
                i0,
                lambda,
                m,
                sign,
                lo,
                len,
                seed,
            }
        })
}

/// One weight at a time, in index order, from the hash's own definition.
fn oracle(r: &Run, h: &HashConsts, dw: &[f32], grad: &mut [f32]) {
    for (j, &d) in dw.iter().enumerate() {
        let i = r.i0.wrapping_add(j as u32);
        let s = h.hashednet_slot(i, r.m);
        if s >= r.lo && s < r.lo + r.len {
            let g = if r.sign { h.sign(i) } else { 1.0 };
            grad[(s - r.lo) as usize] += r.lambda * (g * d);
        }
    }
}

fn check_path<P: Prims>(p: P, name: &str) {
    let mut runner = runner(&format!("hashednet reduce {name}"), 256);
    let ran = AtomicUsize::new(0);
    runner
        .run(&run(), |r| {
            let h = HashConsts::new(r.seed, 0);
            let dw = values(r.n, r.seed ^ 1);
            let init = values(r.len as usize, r.seed ^ 2);
            let mut want = init.clone();
            oracle(&r, &h, &dw, &mut want);
            let mut got = init.clone();
            p.reduce_hashednet(&dw, r.i0, r.lambda, &h, r.m, r.sign, r.lo, &mut got);
            let same = got
                .iter()
                .zip(&want)
                .all(|(a, b)| a.to_bits() == b.to_bits());
            prop_assert!(same, "{name}: {got:?} vs {want:?}");
            ran.fetch_add(1, Ordering::Relaxed);
            Ok(())
        })
        .unwrap();
    assert_eq!(ran.into_inner(), common::cases(256) as usize);
}

#[test]
fn scalar_reduce_matches_the_oracle_bit_for_bit() {
    check_path(Scalar, "scalar");
}

#[test]
fn avx2_reduce_matches_the_oracle_bit_for_bit() {
    match rps::kernels::arch::x86_64::avx2::Avx2::new() {
        Some(p) => check_path(p, "avx2"),
        None => println!("SKIPPED avx2: this CPU lacks AVX2 or FMA"),
    }
}

#[test]
fn avx512_reduce_matches_the_oracle_bit_for_bit() {
    match rps::kernels::arch::x86_64::avx512::Avx512::new() {
        Some(p) => check_path(p, "avx512"),
        None => println!("SKIPPED avx512: this CPU lacks AVX-512F"),
    }
}

#[test]
fn a_slot_hit_twice_in_one_vector_gets_both_additions() {
    // m = 1: every lane of every vector lands on slot 0.
    let h = HashConsts::new(3, 0);
    let dw = vec![1.0f32; 37];
    for path in paths() {
        let mut got = [0.0f32];
        let r = Run {
            n: 37,
            i0: 0,
            lambda: 1.0,
            m: 1,
            sign: false,
            lo: 0,
            len: 1,
            seed: 3,
        };
        match path {
            Path::Scalar => Scalar.reduce_hashednet(&dw, 0, 1.0, &h, 1, false, 0, &mut got),
            Path::Avx2 => rps::kernels::arch::x86_64::avx2::Avx2::new()
                .unwrap()
                .reduce_hashednet(&dw, 0, 1.0, &h, 1, false, 0, &mut got),
            Path::Avx512 => rps::kernels::arch::x86_64::avx512::Avx512::new()
                .unwrap()
                .reduce_hashednet(&dw, 0, 1.0, &h, 1, false, 0, &mut got),
        }
        let mut want = [0.0f32];
        oracle(&r, &h, &dw, &mut want);
        assert_eq!(got, [37.0], "{}", path.name());
        assert_eq!(want, [37.0]);
    }
}

#[test]
fn reduce_grad_matches_the_oracle_for_every_path_and_thread_count() {
    let mut r = runner("hashednet reduce_grad", 24);
    let ran = AtomicUsize::new(0);
    r.run(
        &(
            1usize..70,
            1usize..40,
            prop_oneof![Just(1.0f64), 1.0f64..300.0],
            any::<bool>(),
            any::<bool>(),
            any::<u64>(),
        ),
        |(input, output, c, sign, global, seed)| {
            let layout = Layout::new(
                config(3, c, sign, global, seed),
                &[(24, 9), (input, output)],
            )
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
            let dw = values(input * output, seed ^ 7);
            let init = values(layout.memory_len(), seed ^ 8);
            let mut want = init.clone();
            let lambda = layout.layers()[1].lambda;
            for rr in 0..output {
                for k in 0..input {
                    let s = layout.slot(1, rr, k);
                    want[s.index] += lambda * (s.sign * dw[rr * input + k]);
                }
            }
            for path in paths() {
                for threads in 1..=3 {
                    let mut got = init.clone();
                    kernels::reduce_grad(path, &layout, 1, &dw, &mut got, threads).unwrap();
                    let same = got
                        .iter()
                        .zip(&want)
                        .all(|(a, b)| a.to_bits() == b.to_bits());
                    prop_assert!(same, "{} with {threads} threads", path.name());
                }
            }
            ran.fetch_add(1, Ordering::Relaxed);
            Ok(())
        },
    )
    .unwrap();
    assert_eq!(ran.into_inner(), common::cases(24) as usize);
}
