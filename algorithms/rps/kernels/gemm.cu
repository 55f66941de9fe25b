// rps CUDA kernels, part 2: one tiled GEMM, C[M x N] = A[M x K] B[K x N], whose B tile is
// pulled from the shared memory M by segments (the fused forward and input gradient) or read
// densely (the weight gradient), with three arithmetics:
//   PREC 0: fp32 FMA on the CUDA cores (each lane owns the accumulator positions of the
//           mma layout below, so the three precisions share every index computation);
//   PREC 1: TF32 mma.sync.m16n8k8 (inputs rounded with cvt.rna.tf32.f32), fp32 accumulation;
//   PREC 2: BF16 mma.sync.m16n8k16 (inputs rounded to nearest even), fp32 accumulation.
// Block tile RPS_BM x RPS_BN x RPS_BK, RPS_THREADS = 256 threads = 8 warps as 2 (M) x 4 (N),
// warp tile 64 x 32 = 4 x 4 mma tiles of 16 x 8. Shared tiles hold fp32, k contiguous:
// As[m][k], Bs[n][k], rows padded by 4 floats (fragment reads are bank-conflict free).
//
// Fragment layout (PTX ISA, "Matrix fragments for mma.m16n8k8 / m16n8k16"), g = lane / 4,
// t = lane % 4:
//   tf32 A: a0 (g, t), a1 (g+8, t), a2 (g, t+4), a3 (g+8, t+4); B: b0 (k=t, n=g), b1 (t+4, g)
//   bf16 A: r0 (g, 2t..2t+1), r1 (g+8, 2t..), r2 (g, 2t+8..), r3 (g+8, 2t+8..);
//        B: r0 (k=2t..2t+1, n=g), r1 (k=2t+8..2t+9, n=g); low half = lower k
//   C/D: c0 (g, 2t), c1 (g, 2t+1), c2 (g+8, 2t), c3 (g+8, 2t+1).

#define RPS_WM (RPS_BM / 2)
#define RPS_WN (RPS_BN / 4)
#define RPS_MT (RPS_WM / 16)
#define RPS_NT (RPS_WN / 8)
#define RPS_LDS (RPS_BK + 4)

__device__ __forceinline__ u32 rps_tf32(float x) {
    u32 r;
    asm("cvt.rna.tf32.f32 %0, %1;" : "=r"(r) : "f"(x));
    return r;
}

// fp32 -> bf16 bits, round to nearest even; NaN stays a (quiet) NaN.
__device__ __forceinline__ u32 rps_bf16(float x) {
    u32 u = __float_as_uint(x);
    if ((u & 0x7FFFFFFFu) > 0x7F800000u) return (u >> 16) | 0x40u;
    u += 0x7FFFu + ((u >> 16) & 1u);
    return u >> 16;
}

__device__ __forceinline__ u32 rps_pack_bf16(float lo, float hi) {
    return rps_bf16(lo) | (rps_bf16(hi) << 16);
}

__device__ __forceinline__ void rps_mma_tf32(float* c, const u32* a, const u32* b) {
    asm volatile(
        "mma.sync.aligned.m16n8k8.row.col.f32.tf32.tf32.f32 "
        "{%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, {%0,%1,%2,%3};\n"
        : "+f"(c[0]), "+f"(c[1]), "+f"(c[2]), "+f"(c[3])
        : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b[0]), "r"(b[1]));
}

__device__ __forceinline__ void rps_mma_bf16(float* c, const u32* a, const u32* b) {
    asm volatile(
        "mma.sync.aligned.m16n8k16.row.col.f32.bf16.bf16.f32 "
        "{%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, {%0,%1,%2,%3};\n"
        : "+f"(c[0]), "+f"(c[1]), "+f"(c[2]), "+f"(c[3])
        : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b[0]), "r"(b[1]));
}

// BMODE 0: B(k, n) = W[n][k] (forward, W rows along N); 1: B(k, n) = W[k][n] (input
// gradient, W rows along K); 2: B(k, n) = bsrc[k * b_rs + n * b_cs] (dense).
// EPI 0: c[m * ldc + n] = acc; 1: atomicAdd(c[start + slot(W[m][n])], lambda * g * acc).
template <int PREC, int BMODE, int EPI>
__device__ __forceinline__ void rps_gemm(const MapDesc& d, const float* __restrict__ mem,
                                         const float* __restrict__ a, u32 a_rs, u32 a_cs,
                                         const float* __restrict__ bsrc, u32 b_rs, u32 b_cs,
                                         float* c, u32 ldc, u32 M, u32 N, u32 K) {
    __shared__ float As[RPS_BM][RPS_LDS];
    __shared__ float Bs[RPS_BN][RPS_LDS];
    const u32 tid = threadIdx.x;
    const u32 m0 = blockIdx.y * RPS_BM, n0 = blockIdx.x * RPS_BN;
    const u32 warp = tid / 32, lane = tid % 32;
    const u32 wm = (warp / 4) * RPS_WM, wn = (warp % 4) * RPS_WN;
    const u32 g = lane >> 2, t = lane & 3;
    float acc[RPS_MT][RPS_NT][4];
#pragma unroll
    for (int i = 0; i < RPS_MT; ++i)
#pragma unroll
        for (int j = 0; j < RPS_NT; ++j)
#pragma unroll
            for (int q = 0; q < 4; ++q) acc[i][j][q] = 0.0f;

    for (u32 k0 = 0; k0 < K; k0 += RPS_BK) {
        // A tile: consecutive threads along the contiguous dimension of the source.
        for (u32 e = 0; e < RPS_BM * RPS_BK / RPS_THREADS; ++e) {
            u32 idx = tid + e * RPS_THREADS, mm, kk;
            if (a_cs == 1) { mm = idx / RPS_BK; kk = idx % RPS_BK; }
            else { mm = idx % RPS_BM; kk = idx / RPS_BM; }
            u32 gm = m0 + mm, gk = k0 + kk;
            As[mm][kk] = (gm < M && gk < K) ? a[(u64)gm * a_rs + (u64)gk * a_cs] : 0.0f;
        }
        // B tile.
        if (BMODE == 2) {
            for (u32 e = 0; e < RPS_BN * RPS_BK / RPS_THREADS; ++e) {
                u32 idx = tid + e * RPS_THREADS, nn, kk;
                if (b_cs == 1) { nn = idx % RPS_BN; kk = idx / RPS_BN; }
                else { nn = idx / RPS_BK; kk = idx % RPS_BK; }
                u32 gn = n0 + nn, gk = k0 + kk;
                Bs[nn][kk] = (gn < N && gk < K) ? bsrc[(u64)gk * b_rs + (u64)gn * b_cs] : 0.0f;
            }
        } else {
            // Runs of RPS_RUN consecutive columns of one row of W, through the cursor.
            const u32 wcols = BMODE == 0 ? RPS_BK : RPS_BN;
            const u32 per_row = wcols / RPS_RUN;
            for (u32 e = 0; e < RPS_BN * RPS_BK / RPS_RUN / RPS_THREADS; ++e) {
                u32 run = tid + e * RPS_THREADS;
                u32 wr = run / per_row, wc0 = (run % per_row) * RPS_RUN;
                u32 grow = (BMODE == 0 ? n0 : k0) + wr;
                u32 gcol0 = (BMODE == 0 ? k0 : n0) + wc0;
                bool row_ok = grow < d.output;
                RpsCursor cur;
                rps_cursor_seek(d, cur, grow, gcol0);
                for (u32 j = 0; j < RPS_RUN; ++j) {
                    u32 gcol = gcol0 + j;
                    float v = 0.0f;
                    if (row_ok && gcol < d.input) {
                        u32 s = rps_cursor_next(d, cur);
                        v = rps_value(d, mem, s, d.offset + grow * d.input + gcol);
                    }
                    if (BMODE == 0) Bs[wr][wc0 + j] = v;
                    else Bs[wc0 + j][wr] = v;
                }
            }
        }
        __syncthreads();

        if (PREC == 0) {
#pragma unroll 4
            for (u32 kk = 0; kk < RPS_BK; ++kk) {
                float av[RPS_MT][2], bv[RPS_NT][2];
#pragma unroll
                for (int i = 0; i < RPS_MT; ++i) {
                    av[i][0] = As[wm + i * 16 + g][kk];
                    av[i][1] = As[wm + i * 16 + g + 8][kk];
                }
#pragma unroll
                for (int j = 0; j < RPS_NT; ++j) {
                    bv[j][0] = Bs[wn + j * 8 + 2 * t][kk];
                    bv[j][1] = Bs[wn + j * 8 + 2 * t + 1][kk];
                }
#pragma unroll
                for (int i = 0; i < RPS_MT; ++i)
#pragma unroll
                    for (int j = 0; j < RPS_NT; ++j) {
                        acc[i][j][0] = fmaf(av[i][0], bv[j][0], acc[i][j][0]);
                        acc[i][j][1] = fmaf(av[i][0], bv[j][1], acc[i][j][1]);
                        acc[i][j][2] = fmaf(av[i][1], bv[j][0], acc[i][j][2]);
                        acc[i][j][3] = fmaf(av[i][1], bv[j][1], acc[i][j][3]);
                    }
            }
        } else if (PREC == 1) {
#pragma unroll
            for (u32 ks = 0; ks < RPS_BK; ks += 8) {
                u32 af[RPS_MT][4], bf[RPS_NT][2];
#pragma unroll
                for (int i = 0; i < RPS_MT; ++i) {
                    u32 r = wm + i * 16 + g;
                    af[i][0] = rps_tf32(As[r][ks + t]);
                    af[i][1] = rps_tf32(As[r + 8][ks + t]);
                    af[i][2] = rps_tf32(As[r][ks + t + 4]);
                    af[i][3] = rps_tf32(As[r + 8][ks + t + 4]);
                }
#pragma unroll
                for (int j = 0; j < RPS_NT; ++j) {
                    u32 col = wn + j * 8 + g;
                    bf[j][0] = rps_tf32(Bs[col][ks + t]);
                    bf[j][1] = rps_tf32(Bs[col][ks + t + 4]);
                }
#pragma unroll
                for (int i = 0; i < RPS_MT; ++i)
#pragma unroll
                    for (int j = 0; j < RPS_NT; ++j) rps_mma_tf32(acc[i][j], af[i], bf[j]);
            }
        } else {
#pragma unroll
            for (u32 ks = 0; ks < RPS_BK; ks += 16) {
                u32 af[RPS_MT][4], bf[RPS_NT][2];
#pragma unroll
                for (int i = 0; i < RPS_MT; ++i) {
                    u32 r = wm + i * 16 + g, k = ks + 2 * t;
                    af[i][0] = rps_pack_bf16(As[r][k], As[r][k + 1]);
                    af[i][1] = rps_pack_bf16(As[r + 8][k], As[r + 8][k + 1]);
                    af[i][2] = rps_pack_bf16(As[r][k + 8], As[r][k + 9]);
                    af[i][3] = rps_pack_bf16(As[r + 8][k + 8], As[r + 8][k + 9]);
                }
#pragma unroll
                for (int j = 0; j < RPS_NT; ++j) {
                    u32 col = wn + j * 8 + g, k = ks + 2 * t;
                    bf[j][0] = rps_pack_bf16(Bs[col][k], Bs[col][k + 1]);
                    bf[j][1] = rps_pack_bf16(Bs[col][k + 8], Bs[col][k + 9]);
                }
#pragma unroll
                for (int i = 0; i < RPS_MT; ++i)
#pragma unroll
                    for (int j = 0; j < RPS_NT; ++j) rps_mma_bf16(acc[i][j], af[i], bf[j]);
            }
        }
        __syncthreads();
    }

#pragma unroll
    for (int i = 0; i < RPS_MT; ++i)
#pragma unroll
        for (int j = 0; j < RPS_NT; ++j)
#pragma unroll
            for (int q = 0; q < 4; ++q) {
                u32 row = m0 + wm + i * 16 + g + (q >= 2 ? 8 : 0);
                u32 col = n0 + wn + j * 8 + 2 * t + (q & 1);
                if (row < M && col < N) {
                    float v = acc[i][j][q];
                    if (EPI == 0) {
                        c[(u64)row * ldc + col] = v;
                    } else {
                        u32 s = rps_slot(d, row, col);
                        u32 gi = d.offset + row * d.input + col;
                        atomicAdd(&c[d.start + s], __fmul_rn(d.lambda, rps_sign_bit(d, gi) ? -v : v));
                    }
                }
            }
}

// Y (batch x output) = X (batch x input) W^T, W pulled from M.
#define RPS_FWD(NAME, PREC)                                                                  \
    extern "C" __global__ void __launch_bounds__(RPS_THREADS)                                \
    NAME(const MapDesc d, const float* mem, const float* x, float* y, u32 batch) {           \
        rps_gemm<PREC, 0, 0>(d, mem, x, d.input, 1, 0, 0, 0, y, d.output, batch, d.output,   \
                             d.input);                                                       \
    }
RPS_FWD(rps_fwd_f32, 0)
RPS_FWD(rps_fwd_tf32, 1)
RPS_FWD(rps_fwd_bf16, 2)

// dX (batch x input) = dY (batch x output) W, W pulled from M.
#define RPS_BWD_INPUT(NAME, PREC)                                                            \
    extern "C" __global__ void __launch_bounds__(RPS_THREADS)                                \
    NAME(const MapDesc d, const float* mem, const float* dy, float* dx, u32 batch) {         \
        rps_gemm<PREC, 1, 0>(d, mem, dy, d.output, 1, 0, 0, 0, dx, d.input, batch, d.input,  \
                             d.output);                                                      \
    }
RPS_BWD_INPUT(rps_bwd_input_f32, 0)
RPS_BWD_INPUT(rps_bwd_input_tf32, 1)
RPS_BWD_INPUT(rps_bwd_input_bf16, 2)

// grad[start + s(i)] += lambda g(i) (dY^T X)[i]: the fused (atomic, not deterministic)
// weight gradient. A(m = output row, k = batch) = dy[k * output + m]; B(k, n) = x[k * input + n].
#define RPS_WGRAD(NAME, PREC)                                                                \
    extern "C" __global__ void __launch_bounds__(RPS_THREADS)                                \
    NAME(const MapDesc d, const float* dy, const float* x, float* grad, u32 batch) {         \
        rps_gemm<PREC, 2, 1>(d, 0, dy, 1, d.output, x, d.input, 1, grad, 0, d.output,        \
                             d.input, batch);                                                \
    }
RPS_WGRAD(rps_wgrad_atomic_f32, 0)
RPS_WGRAD(rps_wgrad_atomic_tf32, 1)
RPS_WGRAD(rps_wgrad_atomic_bf16, 2)
