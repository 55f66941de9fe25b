//! The ROAST tile copy of the packings (`Prims::fill_tile`) on every path, against the
//! definition `λ·(g·M)` evaluated in f32 with the sign from the hash's formula (bit for
//! bit), at width 16 (the vector path) and ragged widths; values outside the copied rows
//! must stay untouched.

mod common;

use common::{paths, runner, values};
use proptest::prelude::*;
use rps::kernels::scalar::Scalar;
use rps::kernels::{Path, Prims};

#[derive(Debug, Clone)]
struct Case {
    rows: usize,
    width: usize,
    pitch_pad: usize,
    ldo_pad: usize,
    i0: u32,
    istride: u32,
    lambda: f32,
    sign: Option<(u32, u32)>,
    seed: u64,
}

fn case() -> impl Strategy<Value = Case> {
    (
        prop_oneof![1usize..20, Just(16usize), Just(3usize)],
        prop_oneof![Just(16usize), 1usize..=16, 17usize..40],
        0usize..20,
        0usize..5,
        any::<u32>(),
        any::<u32>(),
        prop_oneof![Just(1.0f32), -30.0f32..30.0],
        prop_oneof![
            Just(None),
            (any::<u32>(), any::<u32>()).prop_map(|(a, b)| Some((a | 1, b)))
        ],
        any::<u64>(),
    )
        .prop_map(
            |(rows, width, pitch_pad, ldo_pad, i0, istride, lambda, sign, seed)| Case {
                rows,
                width,
                pitch_pad,
                ldo_pad,
                i0,
                istride,
                lambda,
                sign,
                seed,
            },
        )
}

fn run<P: Prims>(p: P, c: &Case) -> Vec<f32> {
    let (pitch, ldo) = (c.width + c.pitch_pad, c.width + c.ldo_pad);
    let src = values((c.rows - 1) * pitch + c.width, c.seed);
    let mut out = vec![f32::from_bits(0x7fc0_1234); c.rows * ldo + 1];
    p.fill_tile(
        &src, pitch, c.rows, c.width, c.i0, c.istride, c.lambda, c.sign, &mut out, ldo,
    );
    out
}

fn expected(c: &Case) -> Vec<f32> {
    let (pitch, ldo) = (c.width + c.pitch_pad, c.width + c.ldo_pad);
    let src = values((c.rows - 1) * pitch + c.width, c.seed);
    let mut out = vec![f32::from_bits(0x7fc0_1234); c.rows * ldo + 1];
    for q in 0..c.rows {
        for j in 0..c.width {
            let i = (u64::from(c.i0) + q as u64 + j as u64 * u64::from(c.istride)) % (1 << 32);
            let g: f32 = match c.sign {
                Some((a, b)) if ((u64::from(a) * i + u64::from(b)) % (1 << 32)) >> 31 == 1 => -1.0,
                _ => 1.0,
            };
            out[q * ldo + j] = c.lambda * (g * src[q * pitch + j]);
        }
    }
    out
}

#[test]
fn every_path_copies_tile_rows_bit_for_bit() {
    let mut r = runner("roast fill_tile", 300);
    r.run(&case(), |c| {
        let want = expected(&c);
        for path in paths() {
            let got = match path {
                Path::Scalar => run(Scalar, &c),
                #[cfg(target_arch = "x86_64")]
                Path::Avx2 => run(rps::kernels::arch::x86_64::avx2::Avx2::new().unwrap(), &c),
                #[cfg(target_arch = "x86_64")]
                Path::Avx512 => run(
                    rps::kernels::arch::x86_64::avx512::Avx512::new().unwrap(),
                    &c,
                ),
                #[cfg(not(target_arch = "x86_64"))]
                _ => unreachable!("paths() lists only available paths"),
            };
            for (t, (a, b)) in got.iter().zip(&want).enumerate() {
                prop_assert_eq!(a.to_bits(), b.to_bits(), "{} at {}", path.name(), t);
            }
        }
        Ok(())
    })
    .unwrap();
}
