//! Dense relabelling of symbols: pattern symbols get ids `0..d`, and text symbols that do not
//! occur in the pattern get [`NONE`], which mismatches every pattern position.
//!
//! Every algorithm except the naive oracle works on these ids, so the symbol type only needs
//! `Copy + Eq + Hash`. Ids are assigned in order of first occurrence in the pattern, and the
//! hash map uses a fixed (unseeded) hasher, so the relabelling is deterministic.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hash, Hasher};

/// The id of a text symbol that does not occur in the pattern.
///
/// No pattern symbol can receive this id: [`Alphabet::of_pattern`] assigns at most `m` ids
/// and `m < u32::MAX` is part of every routine's contract, so a text symbol equal to the
/// largest value of its type (say `u32::MAX`) can never collide with it.
pub const NONE: u32 = u32::MAX;

/// A small, fixed multiplicative hasher (FxHash's mixing step). It is deterministic, which
/// `std`'s `RandomState` is not; worst-case inputs only cost time, never correctness.
#[derive(Default, Clone, Copy)]
pub struct FixedHasher(u64);

impl Hasher for FixedHasher {
    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.write_u64(u64::from(i));
    }
    #[inline]
    fn write_u16(&mut self, i: u16) {
        self.write_u64(u64::from(i));
    }
    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.write_u64(u64::from(i));
    }
    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.0 = (self.0.rotate_left(5) ^ i).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.write_u64(i as u64);
    }
}

/// `HashMap` with the [`FixedHasher`].
pub type FixedMap<K, V> = HashMap<K, V, BuildHasherDefault<FixedHasher>>;

/// The pattern's alphabet: its distinct symbols with dense ids and their counts.
#[derive(Debug, Clone)]
pub struct Alphabet<S> {
    ids: FixedMap<S, u32>,
    symbols: Vec<S>,
    pattern_counts: Vec<u32>,
}

impl<S: Copy + Eq + Hash> Alphabet<S> {
    /// Builds the alphabet of `p` and returns it with `p` encoded as ids.
    ///
    /// Callers guarantee `p.len() < u32::MAX` (checked by every public routine).
    pub fn of_pattern(p: &[S]) -> (Self, Vec<u32>) {
        let mut ids = FixedMap::default();
        let mut symbols = Vec::new();
        let mut pattern_counts = Vec::new();
        let encoded = p
            .iter()
            .map(|&s| {
                let id = *ids.entry(s).or_insert_with(|| {
                    symbols.push(s);
                    pattern_counts.push(0);
                    (symbols.len() - 1) as u32
                });
                pattern_counts[id as usize] += 1;
                id
            })
            .collect();
        (
            Alphabet {
                ids,
                symbols,
                pattern_counts,
            },
            encoded,
        )
    }

    /// Number of distinct pattern symbols, `d`.
    pub fn len(&self) -> usize {
        self.symbols.len()
    }

    /// Whether the alphabet is empty (only for an empty pattern).
    pub fn is_empty(&self) -> bool {
        self.symbols.is_empty()
    }

    /// The id of `s`, or [`NONE`] if `s` does not occur in the pattern.
    #[inline]
    pub fn id(&self, s: &S) -> u32 {
        self.ids.get(s).copied().unwrap_or(NONE)
    }

    /// The symbol with id `id`.
    pub fn symbol(&self, id: u32) -> S {
        self.symbols[id as usize]
    }

    /// How often each id occurs in the pattern (`f_c` in Abrahamson's analysis).
    pub fn pattern_counts(&self) -> &[u32] {
        &self.pattern_counts
    }

    /// Encodes a text: each symbol becomes its id, or [`NONE`].
    pub fn encode_text(&self, t: &[S]) -> Vec<u32> {
        t.iter().map(|s| self.id(s)).collect()
    }
}
