//! Longest-common-extension (LCE) queries in O(1) after O(N) preprocessing: a suffix array
//! ([`suffix_array()`], SA-IS), its LCP array (Kasai, Lee, Arimura, Arikawa and Park, CPM 2001)
//! and a range-minimum structure over it.
//!
//! `lce(a, b)` is the length of the longest common prefix of the suffixes starting at `a`
//! and `b`: the minimum of the LCP array between their ranks. The range minimum uses blocks
//! of [`BLOCK`] entries, a sparse table over the blocks' minima (O(N/BLOCK · log N) words,
//! so O(N) in all) and direct scans of at most two partial blocks: a query reads at most
//! `2·BLOCK + 2` entries, a constant.
//!
//! A query first compares symbols directly, word by word: when every value fits a byte
//! (`upper < 256`) the string is also kept as bytes and up to [`DIRECT_BYTES`] symbols are
//! compared 32 at a time (four 64-bit XORs; the first differing byte comes from the
//! lowest set bit); otherwise up to [`DIRECT`] `u32` symbols are compared one by one. Only a
//! longer common extension goes to the suffix array. Both bounds are constants, so every
//! query stays O(1) (at most `DIRECT_BYTES / 8` word comparisons plus one range minimum),
//! and the direct path answers the short extensions without the suffix array's random
//! memory accesses (some 100 ns each at N = 2^20, against a few ns for a word compare). The
//! suffix structure is built lazily, on the first query that needs it, so inputs whose
//! extensions are all short never pay for it.

pub mod suffix_array;

use std::cell::OnceCell;

pub use suffix_array::suffix_array;

/// LCP entries per range-minimum block.
pub const BLOCK: usize = 32;
/// `u32` symbols compared directly before a query uses the suffix array (values >= 256).
pub const DIRECT: usize = 16;
/// Byte symbols compared directly, 32 per step, before a query uses the suffix array
/// (values < 256).
pub const DIRECT_BYTES: usize = 1024;

/// O(1) longest-common-extension queries on one integer string.
pub struct Lce {
    s: Vec<u32>,
    /// `s` as bytes when every value is below 256 (empty otherwise).
    bytes: Vec<u8>,
    upper: u32,
    index: OnceCell<Index>,
}

/// The suffix-array side: ranks, LCP array and its range-minimum structure.
struct Index {
    rank: Vec<u32>,
    lcp: Vec<u32>,
    /// `table[l][b]`: the minimum of the block minima `b .. b + 2^l`.
    table: Vec<Vec<u32>>,
}

impl Lce {
    /// LCE queries on `s` (every value `<= upper`, length below `u32::MAX`).
    pub fn new(s: Vec<u32>, upper: u32) -> Self {
        let bytes = if upper < 256 {
            s.iter().map(|&c| c as u8).collect()
        } else {
            Vec::new()
        };
        Lce {
            s,
            bytes,
            upper,
            index: OnceCell::new(),
        }
    }

    /// The string.
    pub fn string(&self) -> &[u32] {
        &self.s
    }

    /// The string as bytes, when every value is below 256.
    pub fn bytes(&self) -> Option<&[u8]> {
        (!self.bytes.is_empty()).then_some(&self.bytes[..])
    }

    /// Whether the suffix structure has been built (by a query that needed it).
    pub fn built(&self) -> bool {
        self.index.get().is_some()
    }

    /// The length of the longest common prefix of the suffixes at `a` and `b`.
    #[inline]
    pub fn lce(&self, a: usize, b: usize) -> usize {
        if a == b {
            return self.s.len() - a;
        }
        let (direct, cap) = if self.bytes.is_empty() {
            (direct_u32(&self.s[a..], &self.s[b..]), DIRECT)
        } else {
            (
                common_prefix_bytes(&self.bytes[a..], &self.bytes[b..]),
                DIRECT_BYTES,
            )
        };
        // Shorter than the cap: a mismatch or the end of a suffix was found.
        if direct < cap {
            return direct;
        }
        let index = self.index.get_or_init(|| Index::build(&self.s, self.upper));
        index.lce(a, b)
    }
}

/// The common prefix of `x` and `y`, up to [`DIRECT`] symbols.
#[inline]
fn direct_u32(x: &[u32], y: &[u32]) -> usize {
    let len = x.len().min(y.len()).min(DIRECT);
    x[..len]
        .iter()
        .zip(&y[..len])
        .position(|(u, v)| u != v)
        .unwrap_or(len)
}

/// The first differing byte of two little-endian 8-byte words (`d = a ^ b != 0`).
#[inline]
fn first_difference(d: u64) -> usize {
    (d.trailing_zeros() / 8) as usize
}

/// The common prefix of `x` and `y`, up to [`DIRECT_BYTES`] bytes, 32 bytes per step.
#[inline]
fn common_prefix_bytes(x: &[u8], y: &[u8]) -> usize {
    let len = x.len().min(y.len()).min(DIRECT_BYTES);
    let (x, y) = (&x[..len], &y[..len]);
    let word = |s: &[u8], i: usize| u64::from_le_bytes(s[i..i + 8].try_into().expect("8 bytes"));
    let mut i = 0;
    while i + 32 <= len {
        let d = [0, 8, 16, 24].map(|o| word(x, i + o) ^ word(y, i + o));
        if d.iter().any(|&w| w != 0) {
            let (o, w) = d
                .iter()
                .enumerate()
                .find(|&(_, &w)| w != 0)
                .expect("some word differs");
            return i + 8 * o + first_difference(*w);
        }
        i += 32;
    }
    while i + 8 <= len {
        let d = word(x, i) ^ word(y, i);
        if d != 0 {
            return i + first_difference(d);
        }
        i += 8;
    }
    i + x[i..]
        .iter()
        .zip(&y[i..])
        .position(|(u, v)| u != v)
        .unwrap_or(len - i)
}

impl Index {
    fn build(s: &[u32], upper: u32) -> Index {
        let n = s.len();
        let sa = suffix_array(s, upper);
        let mut rank = vec![0u32; n];
        for (r, &i) in sa.iter().enumerate() {
            rank[i as usize] = r as u32;
        }
        // Kasai: lcp[r] = LCP(suffix sa[r], suffix sa[r + 1]).
        let mut lcp = vec![0u32; n.saturating_sub(1)];
        let mut h = 0usize;
        for i in 0..n {
            let r = rank[i] as usize;
            if r + 1 < n {
                let j = sa[r + 1] as usize;
                while i + h < n && j + h < n && s[i + h] == s[j + h] {
                    h += 1;
                }
                lcp[r] = h as u32;
                h = h.saturating_sub(1);
            } else {
                h = 0;
            }
        }
        let mins: Vec<u32> = lcp
            .chunks(BLOCK)
            .map(|c| c.iter().copied().min().unwrap_or(u32::MAX))
            .collect();
        let mut table = vec![mins];
        let mut width = 1;
        while 2 * width <= table[0].len() {
            let prev = table.last().expect("level 0 exists");
            let next: Vec<u32> = (0..prev.len() - width)
                .map(|b| prev[b].min(prev[b + width]))
                .collect();
            table.push(next);
            width *= 2;
        }
        Index { rank, lcp, table }
    }

    /// The minimum of `lcp[lo..hi]` (`lo < hi`).
    #[inline]
    fn range_min(&self, lo: usize, hi: usize) -> u32 {
        let (bl, bh) = (lo / BLOCK, (hi - 1) / BLOCK);
        if bh <= bl + 1 {
            return self.lcp[lo..hi].iter().copied().min().unwrap_or(u32::MAX);
        }
        let head = self.lcp[lo..(bl + 1) * BLOCK].iter().copied().min();
        let tail = self.lcp[bh * BLOCK..hi].iter().copied().min();
        // Full blocks bl + 1 ..= bh - 1.
        let (first, count) = (bl + 1, bh - 1 - bl);
        let level = (usize::BITS - 1 - count.leading_zeros()) as usize;
        let row = &self.table[level];
        let middle = row[first].min(row[bh - (1 << level)]);
        middle
            .min(head.unwrap_or(u32::MAX))
            .min(tail.unwrap_or(u32::MAX))
    }

    #[inline]
    fn lce(&self, a: usize, b: usize) -> usize {
        let (ra, rb) = (self.rank[a] as usize, self.rank[b] as usize);
        let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
        self.range_min(lo, hi) as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pair_equals_direct_comparison() {
        for (n, sigma) in [
            (1usize, 1u32),
            (50, 1),
            (200, 2),
            (300, 3),
            (700, 2),
            (2000, 5),
            (3000, 2),
            (1500, 300),
        ] {
            let s: Vec<u32> = (0..n)
                .map(|i| ((i * i / 7 + i / 13) as u32) % sigma)
                .collect();
            let lce = Lce::new(s.clone(), sigma);
            let step = (n / 150).max(1) | 1;
            for a in (0..n).step_by(step) {
                for b in (0..n).step_by(step) {
                    let want = s[a..]
                        .iter()
                        .zip(&s[b..])
                        .take_while(|(x, y)| x == y)
                        .count();
                    assert_eq!(lce.lce(a, b), want, "n={n} a={a} b={b}");
                }
            }
            // The long extensions of unary and binary strings need the suffix array.
            if sigma <= 2 && n > 2 * DIRECT_BYTES {
                assert!(lce.built());
            }
        }
    }

    #[test]
    fn long_extensions_on_periodic_strings_cross_the_direct_cap() {
        // Period 1 and 2 with a few substitutions: extensions from a few symbols to several
        // times DIRECT_BYTES, at every alignment modulo the 8- and 32-byte steps.
        for (period, upper) in [(1usize, 3u32), (2, 3), (3, 400)] {
            let n = 6 * DIRECT_BYTES;
            let mut s: Vec<u32> = (0..n).map(|i| (i % period) as u32).collect();
            for i in [700, 701, 2900, 5000] {
                s[i] = upper;
            }
            let lce = Lce::new(s.clone(), upper);
            let mut x = 0x2545_f491_4f6c_dd1du64;
            for q in 0..4000 {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                let a = (x % n as u64) as usize;
                let b = if q % 2 == 0 {
                    (a + 1 + (x >> 32) as usize % 64) % n
                } else {
                    (x >> 20) as usize % n
                };
                let want = s[a..]
                    .iter()
                    .zip(&s[b..])
                    .take_while(|(u, v)| u == v)
                    .count();
                assert_eq!(lce.lce(a, b), want, "period={period} a={a} b={b}");
            }
            assert!(
                lce.built(),
                "period {period}: no query reached the suffix array"
            );
        }
    }
}
