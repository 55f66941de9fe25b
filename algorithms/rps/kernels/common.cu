// rps CUDA kernels, part 1: the hash arithmetic and the weight loader.
//
// Compiled at run time by NVRTC (no headers, no toolkit at build time). The Rust side
// prepends `#define`s for the tile sizes (RPS_BM, RPS_BN, RPS_BK, RPS_THREADS, RPS_RUN), so
// the emulation in src/cuda/emulate.rs and these kernels use the same numbers.
//
// Every function here mirrors one in src/hash.rs / src/mapping.rs bit for bit: plain
// unsigned 32/64-bit arithmetic with wrap-around multiplication.

typedef unsigned int u32;
typedef unsigned long long u64;

#define RPS_P 2147483647ULL

// The layer description, identical to `MapDesc` in src/cuda/emulate.rs (#[repr(C)], 80 bytes).
struct MapDesc {
    u64 a;           // index hash multiplier, [1, P)
    u64 b;           // index hash offset, [0, P)
    u32 a32;         // sign hash multiplier (odd)
    u32 b32;         // sign hash offset
    u32 h32a;        // HashedNet multiplier (odd)
    u32 h32b;        // HashedNet offset
    u32 mapping;     // 0 fold, 1 ROAST, 2 HashedNet
    u32 sign;        // 1: weights carry g(i)
    u32 m;           // slots of this layer's array
    u32 start;       // first slot of the array in the concatenated memory
    u32 offset;      // global index of W[0][0]
    u32 tile_offset; // global id of the layer's first ROAST tile
    u32 input;       // columns of W
    u32 output;      // rows of W
    u32 bk;          // ROAST tile rows (along input)
    u32 bn;          // ROAST tile columns (along output)
    u32 tiles_n;     // ceil(output / bn)
    float lambda;    // the layer scale
};

// t mod (2^31 - 1) for t < 2^63: two Mersenne folds and one conditional subtraction.
__device__ __forceinline__ u64 rps_mod_p(u64 t) {
    u64 y = (t & RPS_P) + (t >> 31);
    y = (y & RPS_P) + (y >> 31);
    return y >= RPS_P ? y - RPS_P : y;
}

// h(x, r) = ((A x + B) mod P) mod r, x < 2^32, r >= 1.
__device__ __forceinline__ u32 rps_index(const MapDesc& d, u32 x, u32 r) {
    return (u32)(rps_mod_p(d.a * (u64)x + d.b) % (u64)r);
}

__device__ __forceinline__ u32 rps_fmix32(u32 x) {
    x ^= x >> 16;
    x *= 0x85EBCA6Bu;
    x ^= x >> 13;
    x *= 0xC2B2AE35u;
    return x ^ (x >> 16);
}

// 1 when g(i) = -1.
__device__ __forceinline__ u32 rps_sign_bit(const MapDesc& d, u32 i) {
    return d.sign ? ((d.a32 * i + d.b32) >> 31) : 0u;
}

// The slot (within the layer's array) of W[r][c], element by element (no cursor).
__device__ __forceinline__ u32 rps_slot(const MapDesc& d, u32 r, u32 c) {
    u32 i = d.offset + r * d.input + c;
    if (d.mapping == 0) {
        u32 p = i / d.m, o = i % d.m;
        u64 s = (u64)rps_index(d, p, d.m) + o;
        return (u32)(s >= d.m ? s - d.m : s);
    } else if (d.mapping == 1) {
        u32 t = d.tile_offset + (c / d.bk) * d.tiles_n + r / d.bn;
        u32 base = rps_index(d, t, d.m - d.bk * d.bn + 1);
        return base + (c % d.bk) * d.bn + r % d.bn;
    } else {
        u32 x = rps_fmix32(d.h32a * i + d.h32b);
        return (u32)(((u64)x * (u64)d.m) >> 32);
    }
}

// lambda * (g * M[s]) with one rounding, as the CPU computes it.
__device__ __forceinline__ float rps_value(const MapDesc& d, const float* mem, u32 s, u32 i) {
    float v = mem[d.start + s];
    return __fmul_rn(d.lambda, rps_sign_bit(d, i) ? -v : v);
}

// A cursor over consecutive columns c, c+1, ... of one row r of W. Fold: the slot advances
// by one until a partition boundary or the wrap at m (one division per segment); ROAST: the
// tile base is hashed once per tile; HashedNet: one hash per element.
struct RpsCursor {
    u32 r, c, s, left, tk, base;
};

__device__ __forceinline__ void rps_cursor_seek(const MapDesc& d, RpsCursor& cur, u32 r, u32 c) {
    cur.r = r;
    cur.c = c;
    cur.left = 0;
    cur.tk = 0xFFFFFFFFu;
    cur.s = 0;
    cur.base = 0;
}

// The slot of W[cur.r][cur.c]; then cur.c advances by one.
__device__ __forceinline__ u32 rps_cursor_next(const MapDesc& d, RpsCursor& cur) {
    u32 slot;
    if (d.mapping == 0) {
        if (cur.left == 0) {
            u32 i = d.offset + cur.r * d.input + cur.c;
            u32 p = i / d.m, o = i % d.m;
            u64 s = (u64)rps_index(d, p, d.m) + o;
            if (s >= d.m) s -= d.m;
            cur.s = (u32)s;
            u32 a = d.m - o, b = d.m - cur.s;
            cur.left = a < b ? a : b;
        }
        slot = cur.s;
        cur.s += 1;
        cur.left -= 1;
    } else if (d.mapping == 1) {
        u32 tk = cur.c / d.bk;
        if (tk != cur.tk) {
            cur.tk = tk;
            u32 t = d.tile_offset + tk * d.tiles_n + cur.r / d.bn;
            cur.base = rps_index(d, t, d.m - d.bk * d.bn + 1) + cur.r % d.bn;
        }
        slot = cur.base + (cur.c % d.bk) * d.bn;
    } else {
        slot = rps_slot(d, cur.r, cur.c);
    }
    cur.c += 1;
    return slot;
}
