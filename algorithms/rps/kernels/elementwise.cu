// rps CUDA kernels, part 3: element-wise kernels. Every arithmetic operation that the CPU
// also performs uses an explicit _rn intrinsic, so NVRTC cannot contract it into an FMA and
// the result is bit-identical to the CPU's f32 code.

// W (output x input, row-major) = lambda g M[s], one thread per weight (grid-stride).
extern "C" __global__ void rps_materialise(const MapDesc d, const float* mem, float* w) {
    u64 n = (u64)d.input * d.output;
    for (u64 idx = (u64)blockIdx.x * blockDim.x + threadIdx.x; idx < n;
         idx += (u64)gridDim.x * blockDim.x) {
        u32 r = (u32)(idx / d.input), c = (u32)(idx % d.input);
        w[idx] = rps_value(d, mem, rps_slot(d, r, c), d.offset + (u32)idx);
    }
}

// The deterministic second pass of the fold weight gradient: one thread per slot s of the
// layer's array sums lambda g(i) dW[i] over the weights i of the layer that fold onto s,
// i = p m + ((s - h(p)) mod m), p ascending (= index order, the CPU's order).
extern "C" __global__ void rps_fold_reduce(const MapDesc d, const float* dw, float* grad) {
    u32 s = blockIdx.x * blockDim.x + threadIdx.x;
    if (s >= d.m) return;
    u64 lo = d.offset, hi = lo + (u64)d.input * d.output;
    u64 p0 = lo / d.m, p1 = (hi - 1) / d.m;
    float v = grad[d.start + s];
    for (u64 p = p0; p <= p1; ++p) {
        u32 h = rps_index(d, (u32)p, d.m);
        u64 i = p * d.m + (s >= h ? s - h : s + (d.m - h));
        if (i >= lo && i < hi) {
            float x = dw[i - lo];
            v = __fadd_rn(v, __fmul_rn(d.lambda, rps_sign_bit(d, (u32)i) ? -x : x));
        }
    }
    grad[d.start + s] = v;
}

// The deterministic second pass for ROAST and HashedNet: slot s's weights (flat indices
// within the layer, ascending) are idx[ptr[s] .. ptr[s + 1]].
extern "C" __global__ void rps_csr_reduce(const MapDesc d, const u32* ptr, const u32* idx,
                                          const float* dw, float* grad) {
    u32 s = blockIdx.x * blockDim.x + threadIdx.x;
    if (s >= d.m) return;
    float v = grad[d.start + s];
    for (u32 j = ptr[s]; j < ptr[s + 1]; ++j) {
        u32 f = idx[j];
        float x = dw[f];
        v = __fadd_rn(v, __fmul_rn(d.lambda, rps_sign_bit(d, d.offset + f) ? -x : x));
    }
    grad[d.start + s] = v;
}

// The fused scaler and SGD-momentum step: g = grad / div (when has_div), g += wd M (when
// wd != 0), v = mu v + g, M -= lr v.
extern "C" __global__ void rps_sgd_momentum(float* mem, float* vel, const float* grad,
                                            const float* div, u32 has_div, float lr, float mu,
                                            float wd, u32 n) {
    u32 j = blockIdx.x * blockDim.x + threadIdx.x;
    if (j >= n) return;
    float g = grad[j];
    if (has_div) g = __fdiv_rn(g, div[j]);
    if (wd != 0.0f) g = __fadd_rn(g, __fmul_rn(wd, mem[j]));
    float v = __fadd_rn(__fmul_rn(mu, vel[j]), g);
    vel[j] = v;
    mem[j] = __fsub_rn(mem[j], __fmul_rn(lr, v));
}

// y[b][n] += bias[n], then ReLU when relu != 0.
extern "C" __global__ void rps_bias_act(float* y, const float* bias, u32 batch, u32 out,
                                        u32 relu) {
    u32 j = blockIdx.x * blockDim.x + threadIdx.x;
    if (j >= batch * out) return;
    float v = __fadd_rn(y[j], bias[j % out]);
    if (relu && v < 0.0f) v = 0.0f;
    y[j] = v;
}

// dx[j] = 0 where the layer's input activation act[j] <= 0 (the ReLU's derivative).
extern "C" __global__ void rps_relu_mask(float* dx, const float* act, u32 n) {
    u32 j = blockIdx.x * blockDim.x + threadIdx.x;
    if (j < n && act[j] <= 0.0f) dx[j] = 0.0f;
}

// db[n] = sum over the batch of dz[b][n], in batch order.
extern "C" __global__ void rps_bias_grad(const float* dz, float* db, u32 batch, u32 out) {
    u32 n = blockIdx.x * blockDim.x + threadIdx.x;
    if (n >= out) return;
    float s = 0.0f;
    for (u32 b = 0; b < batch; ++b) s = __fadd_rn(s, dz[(u64)b * out + n]);
    db[n] = s;
}

// bf16 copies of fp32 data (round to nearest even), for the cuBLAS BF16 baseline.
extern "C" __global__ void rps_to_bf16(const float* src, unsigned short* dst, u32 n) {
    u32 j = blockIdx.x * blockDim.x + threadIdx.x;
    if (j < n) dst[j] = (unsigned short)rps_bf16(src[j]);
}
