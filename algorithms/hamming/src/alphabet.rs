//! Dense relabelling of symbols: pattern symbols get ids `0..d`, and text symbols that do not
//! occur in the pattern get [`NONE`], which mismatches every pattern position.
//!
//! Every algorithm except the naive oracle works on these ids, so the symbol type only needs
//! `Copy + Eq + Hash`. Ids are assigned in order of first occurrence in the pattern, and every
//! hash is the fixed (unseeded) [`FixedHasher`], so the relabelling is deterministic.
//!
//! # Encoding a text
//! [`Alphabet::id`] and [`Alphabet::encode_text`] look symbols up in a small bucketed hash
//! table (4 slots per bucket, matched with bitwise ANDs instead of branches), whatever the
//! mix of present and absent symbols. [`Alphabet::encode_text`] at n = 2^20, m = 2^10 on the
//! development machine (2-core AMD EPYC Zen 5, KVM), output allocation included: 1.0–1.2 ns
//! per symbol for DNA, σ = 64, u32 over 2^16 values and Zipf-like u32 text alike, against
//! 1.3, 1.4, 2.0 and 5–6 ns for the general `HashMap` it replaced. Bad hash distributions
//! cost time, never correctness (see `Encoder`).
//!
//! When every pattern symbol's `Hash` writes one integer below 2^16 (`u8`, `u16`, `char`,
//! small `u32`) and these keys are distinct, [`Alphabet::id`] and the text encoders use a
//! direct table instead: `u16` ids indexed by the key (at most 128 KiB, so it stays in L2),
//! one load per symbol, a hit confirmed with `==` and anything else sent to the hash table.
//! `Alphabet::presence_bits` (crate-internal) gives the same keys as an 8 KiB bit set, which lets
//! Abrahamson's sparse light pass screen text symbols from L1. On u32 text uniform over
//! 2^16 values (n = 2^20, m = 2^10), Abrahamson went from 2.9 to 1.4 ms of CPU time per call
//! with both (`perf stat -e task-clock` on example `sigma65536`, loaded 2-core machine,
//! load 10: indicative).

use std::collections::HashMap;
use std::hash::{BuildHasher, BuildHasherDefault, Hash, Hasher};

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

/// The [`FixedHasher`] hash of one value. Its methods are all `#[inline]`, so for integer
/// symbols this compiles to a multiply (and it inlines into callers in other crates, where
/// the generic code is instantiated).
#[inline(always)]
pub(crate) fn fixed_hash<S: Hash + ?Sized>(s: &S) -> u64 {
    BuildHasherDefault::<FixedHasher>::default().hash_one(s)
}

/// The pattern's alphabet: its distinct symbols with dense ids and their counts.
#[derive(Debug, Clone)]
pub struct Alphabet<S> {
    symbols: Vec<S>,
    pattern_counts: Vec<u32>,
    encoder: Encoder<S>,
    /// `direct[key] = id` for the pattern symbols' [`small_key`]s ([`NO_ID`] elsewhere), when
    /// every pattern symbol has a distinct key and `d < NO_ID`; empty otherwise.
    direct: Vec<u16>,
}

/// The empty entry of [`Alphabet`]'s direct table.
const NO_ID: u16 = u16::MAX;

impl<S: Copy + Eq + Hash> Alphabet<S> {
    /// Builds the alphabet of `p` and returns it with `p` encoded as ids.
    ///
    /// Callers guarantee `p.len() < u32::MAX` (checked by every public routine).
    pub fn of_pattern(p: &[S]) -> (Self, Vec<u32>) {
        let mut ids = FixedMap::<S, u32>::default();
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
        let encoder = Encoder::new(&symbols);
        let direct = direct_table(&symbols);
        (
            Alphabet {
                symbols,
                pattern_counts,
                encoder,
                direct,
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
        if self.direct.is_empty() {
            self.encoder.id(s)
        } else {
            self.direct_id(s)
        }
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
    ///
    /// # Example
    /// ```
    /// use hamming::alphabet::{Alphabet, NONE};
    /// let (alphabet, pids) = Alphabet::of_pattern(b"abca");
    /// assert_eq!(pids, vec![0, 1, 2, 0]);
    /// assert_eq!(alphabet.encode_text(b"cxab"), vec![2, NONE, 0, 1]);
    /// ```
    pub fn encode_text(&self, t: &[S]) -> Vec<u32> {
        let mut ids = vec![0; t.len()];
        self.encode_into(t, &mut ids);
        ids
    }

    /// Writes the ids of `t` into `ids` (same length; extra entries of either are ignored).
    /// Kept out of line so that the callers' hot loops keep their registers.
    #[inline(never)]
    pub(crate) fn encode_into(&self, t: &[S], ids: &mut [u32]) {
        if self.direct.is_empty() {
            for (id, s) in ids.iter_mut().zip(t) {
                *id = self.encoder.id(s);
            }
        } else {
            for (id, s) in ids.iter_mut().zip(t) {
                *id = self.direct_id(s);
            }
        }
    }

    /// Whether the direct table (keys below 2^16) is in use.
    pub(crate) fn has_direct_table(&self) -> bool {
        !self.direct.is_empty()
    }

    /// One bit per key of the direct table, set for the pattern symbols' keys (8 KiB at
    /// most, so it stays in L1), when the direct table exists. `key_present(bits, s)` is
    /// `false` only for symbols that occur nowhere in the pattern.
    pub(crate) fn presence_bits(&self) -> Option<Box<PresenceBits>> {
        if self.direct.is_empty() {
            return None;
        }
        // Always 2^16 bits, so that every small key indexes it without a range branch.
        let mut bits = Box::new([0u64; 1 << 10]);
        for (key, &id) in self.direct.iter().enumerate() {
            if id != NO_ID {
                bits[key / 64] |= 1 << (key % 64);
            }
        }
        Some(bits)
    }

    /// [`Alphabet::id`] through the direct table (non-empty): one load from a table of at
    /// most 2^16 `u16` entries (128 KiB, so it stays in L2 where the bucketed hash table's
    /// probe and compares cost more). A hit is confirmed with `==`; a symbol without a small
    /// key, or an unconfirmed hit, goes to the hash table.
    #[inline(always)]
    fn direct_id(&self, s: &S) -> u32 {
        match small_key(s).map(|k| self.direct.get(k)) {
            // A key outside the table or an empty entry: no pattern symbol has this key, so
            // (equal values hash alike) none equals `s`.
            Some(None | Some(&NO_ID)) => NONE,
            Some(Some(&id)) if self.symbols[id as usize] == *s => u32::from(id),
            _ => self.encoder.id(s),
        }
    }

    /// Estimates how often each id `< d` occurs in `t` (entry `d`: symbols absent from the
    /// pattern): exact counts when `t.len() <= COUNT_SAMPLES`, otherwise counts over
    /// `COUNT_SAMPLES` positions (runs of `RUN` consecutive positions, one run at a
    /// SplitMix64-chosen offset inside each of `COUNT_SAMPLES / RUN` equal strides, so that
    /// periodic texts do not fool it) scaled to `t.len()`. Meant for cost decisions, which an
    /// inaccurate estimate only makes slower, never wrong.
    pub(crate) fn estimate_text_counts(&self, t: &[S]) -> Vec<u64> {
        let (n, d) = (t.len(), self.len());
        let mut counts = vec![0u64; d + 1];
        if n <= COUNT_SAMPLES {
            for s in t {
                counts[(self.id(s) as usize).min(d)] += 1;
            }
        } else {
            // Stride k covers positions k·n/R .. (k+1)·n/R (R = COUNT_SAMPLES / RUN, a power
            // of two, so these are shifts); RUN consecutive positions (one or two cache
            // lines) at a pseudo-random offset inside each stride.
            let runs = COUNT_SAMPLES / RUN;
            let log_r = runs.trailing_zeros();
            let n128 = n as u128;
            let mut state = 0x9E37_79B9_7F4A_7C15u64;
            for k in 0..runs as u128 {
                let lo = (k * n128) >> log_r;
                let hi = ((k + 1) * n128) >> log_r;
                state = splitmix64(state);
                let room = hi - lo - RUN as u128 + 1; // n > COUNT_SAMPLES, so hi - lo >= RUN
                let i = (lo + ((u128::from(state >> 32) * room) >> 32)) as usize;
                for s in &t[i..i + RUN] {
                    counts[(self.id(s) as usize).min(d)] += 1;
                }
            }
            let sampled = COUNT_SAMPLES as u64;
            for c in &mut counts {
                *c = (*c * n as u64).div_ceil(sampled);
            }
        }
        counts
    }
}

/// Whether `s` may occur in the pattern, by [`Alphabet::presence_bits`]: `false` only when
/// `s` has a small key that no pattern symbol has (so, equal values hashing alike, `s`
/// equals none of them); `true` for every symbol without a small key.
#[inline(always)]
pub(crate) fn key_present<S: Hash>(bits: &PresenceBits, s: &S) -> bool {
    match small_key(s) {
        // Keys are below 2^16: the mask only lets the compiler drop the bounds check.
        Some(key) => (bits[(key >> 6) & 0x3ff] >> (key & 63)) & 1 != 0,
        None => true,
    }
}

/// One bit per key below 2^16.
pub(crate) type PresenceBits = [u64; 1 << 10];

/// The direct table for `symbols` (see [`Alphabet`]), or an empty one.
fn direct_table<S: Hash>(symbols: &[S]) -> Vec<u16> {
    if symbols.is_empty() || symbols.len() >= usize::from(NO_ID) {
        return Vec::new();
    }
    let Some(keys) = symbols
        .iter()
        .map(small_key)
        .collect::<Option<Vec<usize>>>()
    else {
        return Vec::new();
    };
    let mut direct = vec![NO_ID; keys.iter().max().map_or(0, |&k| k + 1)];
    for (id, &key) in keys.iter().enumerate() {
        if direct[key] != NO_ID {
            // Two pattern symbols with one key: the hash table decides.
            return Vec::new();
        }
        direct[key] = id as u16;
    }
    direct
}

/// The single integer below 2^16 that `s`'s [`Hash`] impl writes, if that is all it writes.
#[inline(always)]
pub(crate) fn small_key<S: Hash>(s: &S) -> Option<usize> {
    let mut capture = KeyCapture::default();
    s.hash(&mut capture);
    (capture.writes == 1 && capture.key < 1 << 16).then_some(capture.key as usize)
}

/// A [`Hasher`](std::hash::Hasher) that records the integer written to it.
#[derive(Default)]
struct KeyCapture {
    key: u64,
    writes: u32,
}

impl KeyCapture {
    #[inline]
    fn integer(&mut self, v: u64) {
        self.key = v;
        self.writes = self.writes.saturating_add(1);
    }
}

impl std::hash::Hasher for KeyCapture {
    #[inline]
    fn finish(&self) -> u64 {
        self.key
    }
    #[inline]
    fn write(&mut self, _bytes: &[u8]) {
        // Raw bytes never form a key.
        self.writes = self.writes.saturating_add(2);
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.integer(u64::from(i));
    }
    #[inline]
    fn write_u16(&mut self, i: u16) {
        self.integer(u64::from(i));
    }
    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.integer(u64::from(i));
    }
    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.integer(i);
    }
    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.integer(i as u64);
    }
}

/// Number of text positions sampled by [`Alphabet::estimate_text_counts`].
const COUNT_SAMPLES: usize = 1 << 16;

/// Length of each run of consecutive sampled positions.
const RUN: usize = 16;

/// One step of SplitMix64 (Steele, Lea, Flood 2014): a fixed, documented mixer.
fn splitmix64(state: u64) -> u64 {
    let mut z = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The [`Encoder`]'s hash: the [`FixedHasher`] hash times `0x9E37_79B9_7F4A_7C15` (2^64
/// divided by the golden ratio), whose top bits pick the bucket.
///
/// The FxHash constant alone is a poor multiplier for top bits: its ratio to 2^64 is close to
/// 1/π (continued fraction `[0; 3, 7, 15, 1, 292, …]`), so integer symbols 355 apart get
/// nearly the same top bits, and a pattern over, say, the integers below 8000 overflowed
/// every bucket layout and fell back to the general map (about 4 ns per lookup instead of
/// 0.7). The product of the two constants has only small partial quotients.
#[inline(always)]
fn bucket_hash<S: Hash>(s: &S) -> u64 {
    fixed_hash(s).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// Marker for an empty slot in an [`Encoder`]; equal to [`NONE`].
const EMPTY: u32 = u32::MAX;

/// Maps symbols to dense ids with a small bucketed hash table.
///
/// There are at least `next_power_of_two(d)` buckets of 4 slots (so at most a quarter of the
/// slots are used), addressed by the top bits of [`bucket_hash`]. A lookup compares
/// the 4 keys of its bucket without branching: the id is the bitwise AND of
/// `id_i | (all ones if key_i != s)`, which is the matching slot's id, or all ones (= [`NONE`])
/// when no slot matches; empty slots hold id [`EMPTY`] = all ones, so they never change the
/// result even if their filler key equals `s`. Texts that mix present and absent symbols
/// therefore cause no branch mispredictions. If some bucket would overflow, the table is
/// rebuilt with twice the buckets (up to 16× the minimum); if that still fails (a hash that
/// maps many pattern symbols to one value), every lookup goes through a general hash map, as
/// it does for an empty alphabet. Bad hash distributions cost time, never correctness.
#[derive(Debug, Clone)]
struct Encoder<S> {
    buckets: Vec<Bucket<S>>,
    shift: u32,
    /// Set when no bucket layout worked (or the alphabet is empty): every lookup uses
    /// `general`.
    general: Option<FixedMap<S, u32>>,
}

/// One bucket of an [`Encoder`], aligned so that a bucket of 4-byte (or smaller) symbols never
/// straddles two cache lines.
#[derive(Debug, Clone, Copy)]
#[repr(align(32))]
struct Bucket<S> {
    keys: [S; 4],
    ids: [u32; 4],
}

impl<S: Copy + Eq + Hash> Encoder<S> {
    /// The table for the distinct `symbols`, symbol `i` getting id `i`.
    fn new(symbols: &[S]) -> Self {
        let d = symbols.len();
        let general = || {
            Some(
                symbols
                    .iter()
                    .enumerate()
                    .map(|(id, &s)| (s, id as u32))
                    .collect(),
            )
        };
        let Some(&filler) = symbols.first() else {
            return Encoder {
                buckets: Vec::new(),
                shift: 0,
                general: general(),
            };
        };
        let empty = Bucket {
            keys: [filler; 4],
            ids: [EMPTY; 4],
        };
        let min_len = d.next_power_of_two().max(4);
        let mut len = min_len;
        loop {
            let mut buckets = vec![empty; len];
            let shift = 64 - len.trailing_zeros();
            let fits = symbols.iter().enumerate().all(|(id, &s)| {
                let bucket = &mut buckets[(bucket_hash(&s) >> shift) as usize];
                match bucket.ids.iter().position(|&x| x == EMPTY) {
                    Some(i) => {
                        bucket.keys[i] = s;
                        bucket.ids[i] = id as u32;
                        true
                    }
                    None => false,
                }
            });
            if fits {
                return Encoder {
                    buckets,
                    shift,
                    general: None,
                };
            }
            if len >= 16 * min_len {
                return Encoder {
                    buckets: Vec::new(),
                    shift: 0,
                    general: general(),
                };
            }
            len *= 2;
        }
    }

    /// The id of `s`, or [`NONE`].
    #[inline(always)]
    fn id(&self, s: &S) -> u32 {
        if let Some(map) = &self.general {
            return map.get(s).copied().unwrap_or(NONE);
        }
        // The length is a power of two and the shift leaves fewer bits, so the mask changes
        // nothing; it only lets the compiler drop the bounds check.
        let mask = self.buckets.len() - 1;
        let bucket = &self.buckets[(bucket_hash(s) >> self.shift) as usize & mask];
        let mut found = NONE;
        for (k, &id) in bucket.keys.iter().zip(&bucket.ids) {
            found &= id | u32::from(k != s).wrapping_neg();
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Encodes `t` through `alphabet` and through a plain map of the pattern's first
    /// occurrences, and compares.
    fn check<S: Copy + Eq + Hash + std::fmt::Debug>(p: &[S], t: &[S]) -> Alphabet<S> {
        let (alphabet, pids) = Alphabet::of_pattern(p);
        let mut first = HashMap::new();
        for &s in p {
            let next = first.len() as u32;
            first.entry(s).or_insert(next);
        }
        let want_p: Vec<u32> = p.iter().map(|s| first[s]).collect();
        let want_t: Vec<u32> = t
            .iter()
            .map(|s| first.get(s).copied().unwrap_or(NONE))
            .collect();
        assert_eq!(pids, want_p);
        assert_eq!(alphabet.encode_text(t), want_t);
        let ids: Vec<u32> = t.iter().map(|s| alphabet.id(s)).collect();
        assert_eq!(ids, want_t);
        for (id, &s) in alphabet.symbols.iter().enumerate() {
            assert_eq!(alphabet.symbol(id as u32), s);
        }
        alphabet
    }

    #[test]
    fn encoding_matches_a_plain_map_on_adversarial_alphabets() {
        let t: Vec<u32> = (0..20_000u32)
            .map(|i| i.wrapping_mul(2_654_435_761) % 9000)
            .collect();
        // Dense integers and multiples of 355 (the FxHash constant's resonance), multiples of
        // powers of two: all must get a bucket layout, not the general map.
        for p in [
            (0..8000u32).rev().collect::<Vec<_>>(),
            (0..3000u32).map(|i| i * 355).collect(),
            (0..4096u32).map(|i| i << 20).collect(),
            (0..4096u32).map(|i| i << 16).collect(),
            (0..2000u32).map(|i| u32::MAX - i).collect(),
        ] {
            let alphabet = check(&p, &t);
            assert!(
                alphabet.encoder.general.is_none(),
                "fell back for {:?}..",
                &p[..3]
            );
            check(&p, &p);
        }
        let bytes: Vec<u8> = (0..=255).collect();
        check(&bytes, &bytes);
        check(b"ACGT", b"ACGTNNACGTX");
        check(&[u64::MAX, 0, 1 << 63], &[0, 5, u64::MAX, 1 << 63]);
        check(&["a", "bb", "a"], &["bb", "c", "a"]);
    }

    #[test]
    fn empty_pattern_and_degenerate_hashes_still_encode() {
        let (alphabet, pids) = Alphabet::<u32>::of_pattern(&[]);
        assert!(alphabet.is_empty() && pids.is_empty());
        assert_eq!(alphabet.encode_text(&[0, 1, u32::MAX]), vec![NONE; 3]);
        /// A symbol whose hash is constant: every bucket layout overflows.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        struct Same(u32);
        impl Hash for Same {
            fn hash<H: Hasher>(&self, state: &mut H) {
                state.write_u32(7);
            }
        }
        let p: Vec<Same> = (0..100).map(Same).collect();
        let t: Vec<Same> = (0..300).map(|i| Same(i % 150)).collect();
        let alphabet = check(&p, &t);
        assert!(alphabet.encoder.general.is_some());
        assert!(
            alphabet.direct.is_empty(),
            "pattern keys collide: no direct table"
        );
    }

    #[test]
    fn direct_table_confirms_hits_and_falls_back() {
        // Keys below 2^16: the direct table is used, and agrees with a plain map.
        let p: Vec<u32> = (0..900).map(|i| (i * 7919) % 65_536).collect();
        let t: Vec<u32> = (0..5000).map(|i| (i * 104_729) % 70_000).collect();
        assert!(!check(&p, &t).direct.is_empty());
        let bytes = check(b"ACGTTGCA", b"AACCGGTTNNXX");
        assert!(!bytes.direct.is_empty());
        // A key at or above 2^16 in the pattern: no table.
        assert!(check(&[3u32, 70_000], &[3, 70_000, 5]).direct.is_empty());
        /// Hashes only the low byte: text symbols share keys with unequal pattern symbols.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        struct Low(u32);
        impl Hash for Low {
            fn hash<H: Hasher>(&self, state: &mut H) {
                state.write_u8(self.0 as u8);
            }
        }
        let p: Vec<Low> = (0..40).map(Low).collect();
        let t: Vec<Low> = (0..2000).map(|i| Low(i * 37 % 600)).collect();
        assert!(!check(&p, &t).direct.is_empty());
    }

    #[test]
    fn text_counts_are_exact_for_short_texts() {
        let (alphabet, _) = Alphabet::of_pattern(b"abca");
        assert_eq!(alphabet.estimate_text_counts(b"aaxbyc"), vec![2, 1, 1, 2]);
        let long: Vec<u8> = b"ab".iter().cycle().take(1 << 20).copied().collect();
        let counts = alphabet.estimate_text_counts(&long);
        assert_eq!(counts[2] + counts[3], 0);
        assert!(counts[0].abs_diff(1 << 19) < 1 << 14, "{counts:?}");
    }
}
