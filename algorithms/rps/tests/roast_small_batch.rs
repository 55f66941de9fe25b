//! The small-batch ROAST column update (`Prims::axpy_tiles`, the batch ≤ 4 forward) of
//! every path against an f64 oracle: many tiles (beyond the prefetch distance), tiles 3×5,
//! 16×16 and wider pitches, ragged widths and depths, sign on and off; values outside the
//! written columns must stay untouched.

mod common;

use common::{paths, runner, values};
use proptest::prelude::*;
use rps::kernels::scalar::Scalar;
use rps::kernels::{NR, Path, Prims};

#[derive(Debug, Clone)]
struct Case {
    bk: usize,
    pitch: usize,
    width: usize,
    kn: usize,
    nb: usize,
    i0: u32,
    istride: u32,
    sign: Option<(u32, u32)>,
    seed: u64,
}

fn case() -> impl Strategy<Value = Case> {
    (
        prop_oneof![Just(16usize), Just(3usize), Just(1usize), 2usize..20],
        1usize..=NR,
        0usize..20,
        prop_oneof![1usize..40, 100usize..400],
        1usize..=4,
        any::<u32>(),
        any::<u32>(),
        prop_oneof![
            Just(None),
            (any::<u32>(), any::<u32>()).prop_map(|(a, b)| Some((a | 1, b)))
        ],
        any::<u64>(),
    )
        .prop_map(|(bk, width, pad, kn, nb, i0, istride, sign, seed)| Case {
            bk,
            // pitch = width (a contiguous tile, as 16×16 or 3×5 at full width) or wider.
            pitch: width + if pad < 8 { 0 } else { pad },
            width,
            kn,
            nb,
            i0,
            istride,
            sign,
            seed,
        })
}

/// Runs `axpy_tiles` of `p`: returns the output (with a poisoned spare column on each side)
/// and the f64 oracle of the same entries.
fn run<P: Prims>(p: P, c: &Case) -> (Vec<f32>, Vec<f64>) {
    let tiles = c.kn.div_ceil(c.bk);
    let span = (c.bk.min(c.kn) - 1) * c.pitch + c.width;
    let mem = values(span + 200, c.seed);
    let mut state = c.seed | 1;
    let bases: Vec<usize> = (0..tiles)
        .map(|_| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            (state >> 33) as usize % (mem.len() - span + 1)
        })
        .collect();
    let ldx = c.kn + 3;
    let x = values(c.nb * ldx, c.seed ^ 7);
    let ldo = c.width + 2;
    let init = values(c.nb * ldo, c.seed ^ 9);
    let mut out = init.clone();
    p.axpy_tiles(
        &mem,
        &bases,
        c.bk,
        c.pitch,
        c.kn,
        c.i0,
        c.istride,
        c.sign,
        &x,
        ldx,
        c.nb,
        c.width,
        &mut out[1..],
        ldo,
    );
    let mut want: Vec<f64> = init.iter().map(|&v| f64::from(v)).collect();
    for b in 0..c.nb {
        for j in 0..c.width {
            let mut s = 0.0f64;
            for k in 0..c.kn {
                let i = (u64::from(c.i0) + k as u64 + j as u64 * u64::from(c.istride)) % (1 << 32);
                let g = match c.sign {
                    Some((a, bb))
                        if ((u64::from(a) * i + u64::from(bb)) % (1 << 32)) >> 31 == 1 =>
                    {
                        -1.0
                    }
                    _ => 1.0,
                };
                let m = mem[bases[k / c.bk] + (k % c.bk) * c.pitch + j];
                s += f64::from(x[b * ldx + k]) * g * f64::from(m);
            }
            want[1 + b * ldo + j] += s;
        }
    }
    (out, want)
}

fn run_path(path: Path, c: &Case) -> (Vec<f32>, Vec<f64>) {
    match path {
        Path::Scalar => run(Scalar, c),
        #[cfg(target_arch = "x86_64")]
        Path::Avx2 => run(rps::kernels::arch::x86_64::avx2::Avx2::new().unwrap(), c),
        #[cfg(target_arch = "x86_64")]
        Path::Avx512 => run(
            rps::kernels::arch::x86_64::avx512::Avx512::new().unwrap(),
            c,
        ),
        #[cfg(not(target_arch = "x86_64"))]
        _ => unreachable!("paths() lists only available paths"),
    }
}

#[test]
fn every_path_updates_roast_columns_as_the_oracle_does() {
    let mut r = runner("roast axpy_tiles", 200);
    r.run(&case(), |c| {
        for path in paths() {
            let (got, want) = run_path(path, &c);
            let ldo = c.width + 2;
            for (t, (&g, &w)) in got.iter().zip(&want).enumerate() {
                let inside = t >= 1 && (t - 1) % ldo < c.width && (t - 1) / ldo < c.nb;
                if inside {
                    // Sums of up to 400 products of values in [-1, 1): absolute error.
                    prop_assert!(
                        (f64::from(g) - w).abs() <= 1e-5 * (1.0 + w.abs()) + 2e-6 * c.kn as f64,
                        "{} at {}: {} vs {}",
                        path.name(),
                        t,
                        g,
                        w
                    );
                } else {
                    prop_assert_eq!(f64::from(g), w, "{} wrote outside at {}", path.name(), t);
                }
            }
        }
        Ok(())
    })
    .unwrap();
}
