//! The integer hash arithmetic shared by every mapping, on the CPU and (issue 10) in CUDA.
//!
//! Everything here is plain `u32`/`u64` arithmetic with wrapping multiplication, so a CUDA
//! kernel using `unsigned int` / `unsigned long long` reproduces it bit for bit:
//!
//! - **Constants** ([`HashConsts::new`]): SplitMix64 seeded with
//!   `state = seed ^ (array · 0xD1B54A32D192ED03)` (wrapping), six draws `z0..z5` in order:
//!   `A = 1 + z0 mod (P−1)`, `B = z1 mod P`, `A32 = low32(z2) | 1`, `B32 = low32(z3)`,
//!   `H32a = low32(z4) | 1`, `H32b = low32(z5)`. `array` is 0 for global memory and the
//!   layer's index for per-layer memory.
//! - **Index hash** ([`HashConsts::index`]): `h(x, R) = ((A·x + B) mod P) mod R` with
//!   `P = 2³¹ − 1`, `x < 2³²`, so `A·x + B < 2⁶³` fits a `u64`; `mod P` is the Mersenne
//!   fold `y = (t & P) + (t >> 31)` applied twice, then `if y ≥ P { y −= P }`.
//! - **Sign** ([`HashConsts::sign_bit`]): `g(i) = 1 − 2·(((A32·i + B32) mod 2³²) >> 31)` on
//!   the 32-bit global index `i` (AVX2 `vpmulld` computes it for 8 lanes).
//! - **HashedNet slot** ([`HashConsts::hashednet_slot`]):
//!   `x = fmix32(H32a·i + B32')`, with `B32' = H32b`, all mod 2³²; `slot = (x · m) >> 32` in
//!   64-bit (Lemire's fastrange). `fmix32` is MurmurHash3's finaliser:
//!   `x ^= x >> 16; x *= 0x85EBCA6B; x ^= x >> 13; x *= 0xC2B2AE35; x ^= x >> 16`.

/// The Mersenne prime 2³¹ − 1 of the index hash.
pub const P: u64 = (1 << 31) - 1;

/// One SplitMix64 step (Steele, Lea and Flood, 2014): advances `state` and returns the output.
pub fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// `t mod (2³¹ − 1)` for `t < 2⁶³`, by two Mersenne folds and one conditional subtraction.
#[inline(always)]
pub fn mod_p(t: u64) -> u64 {
    let mut y = (t & P) + (t >> 31);
    y = (y & P) + (y >> 31);
    if y >= P { y - P } else { y }
}

/// MurmurHash3's 32-bit finaliser (a bijection on `u32`).
#[inline(always)]
pub fn fmix32(mut x: u32) -> u32 {
    x ^= x >> 16;
    x = x.wrapping_mul(0x85EB_CA6B);
    x ^= x >> 13;
    x = x.wrapping_mul(0xC2B2_AE35);
    x ^ (x >> 16)
}

/// The hash constants of one memory array, drawn from an explicit seed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HashConsts {
    /// Multiplier of the index hash, in `[1, P)`.
    pub a: u64,
    /// Offset of the index hash, in `[0, P)`.
    pub b: u64,
    /// Odd multiplier of the sign hash.
    pub a32: u32,
    /// Offset of the sign hash.
    pub b32: u32,
    /// Odd multiplier of the HashedNet slot hash.
    pub h32a: u32,
    /// Offset of the HashedNet slot hash.
    pub h32b: u32,
}

impl HashConsts {
    /// The constants of memory array `array` (0 for global memory, the layer index for
    /// per-layer memory) under `seed`. See the module docs for the exact recipe.
    ///
    /// ```
    /// let h = rps::hash::HashConsts::new(7, 0);
    /// assert!(h.a >= 1 && h.a < rps::hash::P && h.a32 % 2 == 1);
    /// assert_eq!(h, rps::hash::HashConsts::new(7, 0));
    /// ```
    pub fn new(seed: u64, array: u64) -> HashConsts {
        let mut s = seed ^ array.wrapping_mul(0xD1B5_4A32_D192_ED03);
        let z: [u64; 6] = std::array::from_fn(|_| splitmix64(&mut s));
        HashConsts {
            a: 1 + z[0] % (P - 1),
            b: z[1] % P,
            a32: (z[2] as u32) | 1,
            b32: z[3] as u32,
            h32a: (z[4] as u32) | 1,
            h32b: z[5] as u32,
        }
    }

    /// `h(x, r) = ((A·x + B) mod P) mod r`, for `x < 2³²` and `r ≥ 1`.
    #[inline(always)]
    pub fn index(&self, x: u64, r: u64) -> u64 {
        debug_assert!(x < 1 << 32 && r >= 1);
        mod_p(self.a * x + self.b) % r
    }

    /// The sign bit of global index `i`: 1 means `g(i) = −1`.
    #[inline(always)]
    pub fn sign_bit(&self, i: u32) -> u32 {
        self.a32.wrapping_mul(i).wrapping_add(self.b32) >> 31
    }

    /// `g(i) ∈ {−1, +1}`.
    #[inline(always)]
    pub fn sign(&self, i: u32) -> f32 {
        if self.sign_bit(i) == 1 { -1.0 } else { 1.0 }
    }

    /// The HashedNet slot of global index `i` in a memory of `m < 2³²` slots.
    #[inline(always)]
    pub fn hashednet_slot(&self, i: u32, m: u32) -> u32 {
        let x = fmix32(self.h32a.wrapping_mul(i).wrapping_add(self.h32b));
        ((u64::from(x) * u64::from(m)) >> 32) as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mod_p_matches_the_remainder() {
        let mut s = 1u64;
        for _ in 0..10_000 {
            let t = splitmix64(&mut s) >> 1;
            assert_eq!(mod_p(t), t % P);
        }
        for t in [0, P - 1, P, P + 1, 2 * P, (1 << 63) - 1] {
            assert_eq!(mod_p(t), t % P, "{t}");
        }
    }

    #[test]
    fn splitmix_first_output_is_the_published_one() {
        // SplitMix64 with state 0: first output 0xE220A8397B1DCDAF (Vigna's reference).
        let mut s = 0;
        assert_eq!(splitmix64(&mut s), 0xE220_A839_7B1D_CDAF);
    }

    #[test]
    fn fastrange_stays_in_range_and_signs_are_balanced() {
        let h = HashConsts::new(3, 0);
        let mut neg = 0;
        for i in 0..100_000u32 {
            assert!(h.hashednet_slot(i, 1000) < 1000);
            neg += h.sign_bit(i);
        }
        assert!((45_000..55_000).contains(&neg), "{neg}");
    }
}
