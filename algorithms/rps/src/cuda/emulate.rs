//! A sequential emulation of the CUDA kernels, thread by thread, so their tiling, fragment
//! and index arithmetic is tested on machines without a GPU.
//!
//! [`gemm`] runs the per-thread code of `kernels/gemm.cu` over the whole grid: the same tile
//! loaders (thread `tid` loads the same elements, through the same [`Cursor`]), the same
//! fragment positions per lane, and a model of `mma.sync` that rebuilds the 16×8 / 16×16
//! operand matrices from the 32 lanes' registers exactly as the PTX ISA documents them. The
//! element-wise kernels ([`fold_reduce`], [`csr_reduce`], [`sgd_momentum`], …) are mirrored
//! one to one. What the emulation cannot check is the CUDA compiler and the hardware itself:
//! that is what the device tests are for.
//!
//! Complexity: the same work as the kernels, sequentially (O(M·N·K) per product).

use super::desc::{Cursor, MapDesc};
use super::{BK, BM, BN, Precision, RUN, THREADS};

const WM: usize = BM / 2;
const WN: usize = BN / 4;
const MT: usize = WM / 16;
const NT: usize = WN / 8;
const LDS: usize = BK + 4;

/// `cvt.rna.tf32.f32`: keep 10 mantissa bits, round to nearest, ties away from zero.
pub fn tf32(x: f32) -> f32 {
    if !x.is_finite() {
        return x;
    }
    f32::from_bits(x.to_bits().wrapping_add(0x1000) & !0x1FFF)
}

/// The bf16 bits of `x`, rounded to nearest even (`rps_bf16`).
pub fn bf16_bits(x: f32) -> u16 {
    let u = x.to_bits();
    if u & 0x7FFF_FFFF > 0x7F80_0000 {
        return ((u >> 16) | 0x40) as u16;
    }
    (u.wrapping_add(0x7FFF + ((u >> 16) & 1)) >> 16) as u16
}

/// The f32 value of bf16 bits.
pub fn bf16_value(b: u16) -> f32 {
    f32::from_bits(u32::from(b) << 16)
}

/// Where the B operand of [`gemm`] comes from (the kernel's `BMODE`).
#[derive(Debug, Clone, Copy)]
pub enum BSource<'a> {
    /// `B(k, n) = W[n][k]` pulled from the memory (fused forward).
    Weights(&'a [f32]),
    /// `B(k, n) = W[k][n]` pulled from the memory (input gradient).
    WeightsT(&'a [f32]),
    /// `B(k, n) = src[k·rs + n·cs]`.
    Dense(&'a [f32], usize, usize),
}

/// Where [`gemm`] writes (the kernel's `EPI`).
#[derive(Debug)]
pub enum Epilogue<'a> {
    /// `c[m·ldc + n] = acc`.
    Store(&'a mut [f32], usize),
    /// `c[start + slot(W[m][n])] += λ·g·acc` (the atomic weight gradient; here in a fixed
    /// order, on the GPU in any order).
    Atomic(&'a mut [f32]),
}

/// One warp-wide `mma.sync` on fragments in the PTX layout: `acc[lane][q] += (A·B)` at the
/// lane's accumulator positions. `a[lane]`, `b[lane]` hold the rounded operand values (tf32:
/// `k8`, four A and two B values; bf16: `k16`, eight A and four B values in register order,
/// low half first).
fn mma(prec: Precision, acc: &mut [[f32; 4]], a: &[[f32; 8]; 32], b: &[[f32; 4]; 32]) {
    let kdim = if prec == Precision::Bf16 { 16 } else { 8 };
    let mut am = [[0f32; 16]; 16];
    let mut bm = [[0f32; 8]; 16];
    for lane in 0..32 {
        let (g, t) = (lane / 4, lane % 4);
        if kdim == 8 {
            am[g][t] = a[lane][0];
            am[g + 8][t] = a[lane][1];
            am[g][t + 4] = a[lane][2];
            am[g + 8][t + 4] = a[lane][3];
            bm[t][g] = b[lane][0];
            bm[t + 4][g] = b[lane][1];
        } else {
            for h in 0..2 {
                am[g][2 * t + h] = a[lane][h];
                am[g + 8][2 * t + h] = a[lane][2 + h];
                am[g][2 * t + 8 + h] = a[lane][4 + h];
                am[g + 8][2 * t + 8 + h] = a[lane][6 + h];
                bm[2 * t + h][g] = b[lane][h];
                bm[2 * t + 8 + h][g] = b[lane][2 + h];
            }
        }
    }
    for (lane, c) in acc.iter_mut().enumerate() {
        let (g, t) = (lane / 4, lane % 4);
        for (q, cq) in c.iter_mut().enumerate() {
            let (row, col) = (g + 8 * (q / 2), 2 * t + (q & 1));
            let dot: f64 = (0..kdim)
                .map(|k| f64::from(am[row][k]) * f64::from(bm[k][col]))
                .sum();
            *cq = (f64::from(*cq) + dot) as f32;
        }
    }
}

fn round(prec: Precision, x: f32) -> f32 {
    match prec {
        Precision::F32 => x,
        Precision::Tf32 => tf32(x),
        Precision::Bf16 => bf16_value(bf16_bits(x)),
    }
}

/// Emulates `rps_gemm<PREC, BMODE, EPI>`: `C (M×N) = A (M×K) · B (K×N)` with
/// `A(m, k) = a[m·a_rs + k·a_cs]`, over the whole grid, thread by thread.
#[allow(clippy::too_many_arguments)]
pub fn gemm(
    prec: Precision,
    d: &MapDesc,
    a: &[f32],
    (a_rs, a_cs): (usize, usize),
    b: BSource<'_>,
    mut out: Epilogue<'_>,
    (m, n, k): (usize, usize, usize),
) {
    let mut as_ = vec![[0f32; LDS]; BM];
    let mut bs = vec![[0f32; LDS]; BN];
    for by in 0..m.div_ceil(BM) {
        for bx in 0..n.div_ceil(BN) {
            let (m0, n0) = (by * BM, bx * BN);
            let mut acc = vec![[[[0f32; 4]; NT]; MT]; THREADS];
            for k0 in (0..k).step_by(BK) {
                for tid in 0..THREADS {
                    for e in 0..BM * BK / THREADS {
                        let idx = tid + e * THREADS;
                        let (mm, kk) = if a_cs == 1 {
                            (idx / BK, idx % BK)
                        } else {
                            (idx % BM, idx / BM)
                        };
                        let (gm, gk) = (m0 + mm, k0 + kk);
                        as_[mm][kk] = if gm < m && gk < k {
                            a[gm * a_rs + gk * a_cs]
                        } else {
                            0.0
                        };
                    }
                    load_b(d, b, tid, (m0, n0, k0), (n, k), &mut bs);
                }
                for warp in 0..THREADS / 32 {
                    let (wm, wn) = ((warp / 4) * WM, (warp % 4) * WN);
                    compute(prec, &as_, &bs, wm, wn, &mut acc[warp * 32..warp * 32 + 32]);
                }
            }
            for (tid, acc) in acc.iter().enumerate() {
                let (warp, lane) = (tid / 32, tid % 32);
                let (wm, wn) = ((warp / 4) * WM, (warp % 4) * WN);
                let (g, t) = (lane >> 2, lane & 3);
                for (i, acc) in acc.iter().enumerate() {
                    for (j, acc) in acc.iter().enumerate() {
                        for (q, &v) in acc.iter().enumerate() {
                            let row = m0 + wm + i * 16 + g + if q >= 2 { 8 } else { 0 };
                            let col = n0 + wn + j * 8 + 2 * t + (q & 1);
                            if row < m && col < n {
                                match &mut out {
                                    Epilogue::Store(c, ldc) => c[row * *ldc + col] = v,
                                    Epilogue::Atomic(grad) => {
                                        let s = d.slot(row as u32, col as u32);
                                        let gi = d.global(row as u32, col as u32);
                                        let x = if d.sign_bit(gi) == 1 { -v } else { v };
                                        grad[(d.start + s) as usize] += d.lambda * x;
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The B-tile loader of thread `tid` (one block, one k step).
fn load_b(
    d: &MapDesc,
    b: BSource<'_>,
    tid: usize,
    (_m0, n0, k0): (usize, usize, usize),
    (n, k): (usize, usize),
    bs: &mut [[f32; LDS]],
) {
    match b {
        BSource::Dense(src, rs, cs) => {
            for e in 0..BN * BK / THREADS {
                let idx = tid + e * THREADS;
                let (nn, kk) = if cs == 1 {
                    (idx % BN, idx / BN)
                } else {
                    (idx / BK, idx % BK)
                };
                let (gn, gk) = (n0 + nn, k0 + kk);
                bs[nn][kk] = if gn < n && gk < k {
                    src[gk * rs + gn * cs]
                } else {
                    0.0
                };
            }
        }
        BSource::Weights(mem) | BSource::WeightsT(mem) => {
            let fwd = matches!(b, BSource::Weights(_));
            let per_row = if fwd { BK } else { BN } / RUN;
            for e in 0..BN * BK / RUN / THREADS {
                let run = tid + e * THREADS;
                let (wr, wc0) = (run / per_row, (run % per_row) * RUN);
                let grow = (if fwd { n0 } else { k0 } + wr) as u32;
                let gcol0 = (if fwd { k0 } else { n0 } + wc0) as u32;
                let row_ok = grow < d.output;
                let mut cur = Cursor::seek(grow, gcol0);
                for j in 0..RUN {
                    let gcol = gcol0 + j as u32;
                    let mut v = 0.0;
                    if row_ok && gcol < d.input {
                        let s = cur.next_slot(d);
                        v = d.value(mem, s, d.global(grow, gcol));
                    }
                    if fwd {
                        bs[wr][wc0 + j] = v;
                    } else {
                        bs[wc0 + j][wr] = v;
                    }
                }
            }
        }
    }
}

/// The compute phase of one warp over one k step.
fn compute(
    prec: Precision,
    as_: &[[f32; LDS]],
    bs: &[[f32; LDS]],
    wm: usize,
    wn: usize,
    acc: &mut [[[[f32; 4]; NT]; MT]],
) {
    if prec == Precision::F32 {
        for (lane, acc) in acc.iter_mut().enumerate() {
            let (g, t) = (lane >> 2, lane & 3);
            for kk in 0..BK {
                for (i, acc) in acc.iter_mut().enumerate() {
                    let a0 = as_[wm + i * 16 + g][kk];
                    let a1 = as_[wm + i * 16 + g + 8][kk];
                    for (j, c) in acc.iter_mut().enumerate() {
                        let b0 = bs[wn + j * 8 + 2 * t][kk];
                        let b1 = bs[wn + j * 8 + 2 * t + 1][kk];
                        c[0] = a0.mul_add(b0, c[0]);
                        c[1] = a0.mul_add(b1, c[1]);
                        c[2] = a1.mul_add(b0, c[2]);
                        c[3] = a1.mul_add(b1, c[3]);
                    }
                }
            }
        }
        return;
    }
    let step = if prec == Precision::Bf16 { 16 } else { 8 };
    for ks in (0..BK).step_by(step) {
        let mut af = [[[0f32; 8]; 32]; MT];
        let mut bf = [[[0f32; 4]; 32]; NT];
        for lane in 0..32 {
            let (g, t) = (lane >> 2, lane & 3);
            let r = |row: usize, col: usize| round(prec, as_[row][col]);
            let c = |n: usize, k: usize| round(prec, bs[n][k]);
            for (i, af) in af.iter_mut().enumerate() {
                let row = wm + i * 16 + g;
                af[lane] = if step == 8 {
                    let (k1, k2) = (ks + t, ks + t + 4);
                    [
                        r(row, k1),
                        r(row + 8, k1),
                        r(row, k2),
                        r(row + 8, k2),
                        0.,
                        0.,
                        0.,
                        0.,
                    ]
                } else {
                    let k = ks + 2 * t;
                    [
                        r(row, k),
                        r(row, k + 1),
                        r(row + 8, k),
                        r(row + 8, k + 1),
                        r(row, k + 8),
                        r(row, k + 9),
                        r(row + 8, k + 8),
                        r(row + 8, k + 9),
                    ]
                };
            }
            for (j, bf) in bf.iter_mut().enumerate() {
                let col = wn + j * 8 + g;
                bf[lane] = if step == 8 {
                    [c(col, ks + t), c(col, ks + t + 4), 0., 0.]
                } else {
                    let k = ks + 2 * t;
                    [c(col, k), c(col, k + 1), c(col, k + 8), c(col, k + 9)]
                };
            }
        }
        for i in 0..MT {
            for j in 0..NT {
                let mut frag: Vec<[f32; 4]> = acc.iter().map(|a| a[i][j]).collect();
                mma(prec, &mut frag, &af[i], &bf[j]);
                for (a, f) in acc.iter_mut().zip(frag) {
                    a[i][j] = f;
                }
            }
        }
    }
}

/// `rps_materialise`: W (output × input) of the layer.
pub fn materialise(d: &MapDesc, mem: &[f32]) -> Vec<f32> {
    (0..d.weights())
        .map(|idx| {
            let (r, c) = (
                (idx / d.input as usize) as u32,
                (idx % d.input as usize) as u32,
            );
            d.value(mem, d.slot(r, c), d.offset.wrapping_add(idx as u32))
        })
        .collect()
}

/// `rps_fold_reduce` (fold mapping): every slot sums its weights' `λ·g·dW` in index order.
pub fn fold_reduce(d: &MapDesc, dw: &[f32], grad: &mut [f32]) {
    let (lo, m) = (u64::from(d.offset), u64::from(d.m));
    let hi = lo + d.weights() as u64;
    for s in 0..d.m {
        let mut v = grad[(d.start + s) as usize];
        for p in lo / m..=(hi - 1) / m {
            let h = d.index(p as u32, d.m);
            let i = p * m + u64::from(if s >= h { s - h } else { s + (d.m - h) });
            if (lo..hi).contains(&i) {
                let x = dw[(i - lo) as usize];
                v += d.lambda * if d.sign_bit(i as u32) == 1 { -x } else { x };
            }
        }
        grad[(d.start + s) as usize] = v;
    }
}

/// The slot-major index of a layer (for [`csr_reduce`]): `ptr` (m + 1 entries) and the
/// layer's flat weight indices, ascending within each slot. O(n).
pub fn csr(d: &MapDesc) -> (Vec<u32>, Vec<u32>) {
    let mut ptr = vec![0u32; d.m as usize + 1];
    for r in 0..d.output {
        for c in 0..d.input {
            ptr[d.slot(r, c) as usize + 1] += 1;
        }
    }
    for s in 0..d.m as usize {
        ptr[s + 1] += ptr[s];
    }
    let mut fill = ptr.clone();
    let mut idx = vec![0u32; d.weights()];
    let mut push = |r: u32, c: u32| {
        let s = d.slot(r, c) as usize;
        idx[fill[s] as usize] = r * d.input + c;
        fill[s] += 1;
    };
    if d.mapping == 1 {
        // ROAST: the CPU reduction (`kernels::reduce_grad`) walks tile by tile (tile index
        // of the output outer, of the input inner); a tile gives each slot one term, so
        // listing each slot's contributions in tile order makes both sums round alike.
        let (bk, bn) = (d.bk, d.bn);
        for tn in 0..d.output.div_ceil(bn) {
            for tk in 0..d.input.div_ceil(bk) {
                for c in tk * bk..((tk + 1) * bk).min(d.input) {
                    for r in tn * bn..((tn + 1) * bn).min(d.output) {
                        push(r, c);
                    }
                }
            }
        }
    } else {
        for r in 0..d.output {
            for c in 0..d.input {
                push(r, c);
            }
        }
    }
    (ptr, idx)
}

/// `rps_csr_reduce`: as [`fold_reduce`], through the slot-major index.
pub fn csr_reduce(d: &MapDesc, ptr: &[u32], idx: &[u32], dw: &[f32], grad: &mut [f32]) {
    for s in 0..d.m as usize {
        let mut v = grad[d.start as usize + s];
        for &f in &idx[ptr[s] as usize..ptr[s + 1] as usize] {
            let x = dw[f as usize];
            v += d.lambda
                * if d.sign_bit(d.offset.wrapping_add(f)) == 1 {
                    -x
                } else {
                    x
                };
        }
        grad[d.start as usize + s] = v;
    }
}

/// `rps_sgd_momentum`: `g = grad/div; g += wd·M (wd ≠ 0); v = μv + g; M −= lr·v`.
#[allow(clippy::too_many_arguments)]
pub fn sgd_momentum(
    mem: &mut [f32],
    vel: &mut [f32],
    grad: &[f32],
    div: Option<&[f32]>,
    lr: f32,
    mu: f32,
    wd: f32,
) {
    for j in 0..mem.len() {
        let mut g = grad[j];
        if let Some(d) = div {
            g /= d[j];
        }
        if wd != 0.0 {
            g += wd * mem[j];
        }
        let v = mu * vel[j] + g;
        vel[j] = v;
        mem[j] -= lr * v;
    }
}
