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
//! A query first compares up to [`DIRECT`] symbols directly (cheap, cache-friendly, and
//! enough for most queries on text that is not repetitive); only a longer common extension
//! goes to the suffix array. That keeps every query O(1) (a constant number of symbols
//! plus one range minimum). The suffix structure is built lazily, on the first query that
//! needs it, so inputs whose extensions are all short never pay for it.

pub mod suffix_array;

use std::cell::OnceCell;

pub use suffix_array::suffix_array;

/// LCP entries per range-minimum block.
pub const BLOCK: usize = 32;
/// Symbols compared directly before a query uses the suffix array.
pub const DIRECT: usize = 16;

/// O(1) longest-common-extension queries on one integer string.
pub struct Lce {
    s: Vec<u32>,
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
        Lce {
            s,
            upper,
            index: OnceCell::new(),
        }
    }

    /// The string.
    pub fn string(&self) -> &[u32] {
        &self.s
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
        let (x, y) = (&self.s[a..], &self.s[b..]);
        let direct = x.len().min(y.len()).min(DIRECT);
        if let Some(l) = x[..direct]
            .iter()
            .zip(&y[..direct])
            .position(|(u, v)| u != v)
        {
            return l;
        }
        if direct < DIRECT {
            return direct;
        }
        let index = self.index.get_or_init(|| Index::build(&self.s, self.upper));
        index.lce(a, b)
    }
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
        ] {
            let s: Vec<u32> = (0..n)
                .map(|i| ((i * i / 7 + i / 13) as u32) % sigma)
                .collect();
            let lce = Lce::new(s.clone(), sigma);
            let step = (n / 150).max(1);
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
            if sigma <= 2 && n > 2 * DIRECT {
                assert!(lce.built());
            }
        }
    }
}
