//! [`KMethod::Kangaroo`](super::KMethod::Kangaroo): the Landau–Vishkin kangaroo method for k
//! mismatches (Landau and Vishkin, "Efficient string matching with k mismatches", TCS 43,
//! 1986; Galil and Giancarlo, TCS 1986), O(n·k) in the worst case after O(n + m)
//! preprocessing.
//!
//! At shift `i` the method jumps from mismatch to mismatch: with `j` symbols of the window
//! already compared, one longest-common-extension query `LCE(T[i+j..], P[j..])` skips the
//! whole run of matches, the symbol after it is a mismatch, and the shift stops after `k + 1`
//! mismatches or at the end of the pattern. So each shift makes at most `k + 1` queries,
//! each O(1) ([`crate::lce`]), whatever the text: periodic text and patterns of period 1 or
//! 2, which defeat both early exit and the pigeonhole filter, cost the same O(k) per shift.
//!
//! # Blocks between jumps
//! When the codes fit bytes, the walk compares the window 64 symbols at a time first: a
//! block's mismatches are counted from byte-compare masks (SSE2 on x86-64) and added to the
//! distance without a branch per mismatch. After [`CLEAN_BLOCKS`] consecutive blocks without
//! mismatches, one LCE query jumps over the rest of the run of matches. So a shift visits at
//! most `k + 1` blocks with mismatches (each adds at least one), at most
//! `CLEAN_BLOCKS · (2k + 3)` clean blocks (each run of them ends at a block with mismatches,
//! at a query, which ends at a mismatch or at the pattern's end, or at the window's end) and
//! makes at most `k + 1` queries: still O(k) per shift, but runs of matches of a few dozen
//! to a few hundred symbols cost a few cycles per 64 symbols instead of a mispredicted
//! branch per mismatch and a query each. The last `m mod 64` symbols use plain jumps.
//!
//! The queries run on one string `T' 2 P' 1 0`, where `T'` and `P'` are the symbols'
//! alphabet codes shifted by 3 (pattern symbols `0..d`, every text symbol absent from the
//! pattern the one code `d`), so the separators 2, 1 and 0 occur once each and no extension
//! crosses the end of the text or of the pattern.

use std::hash::Hash;

use crate::alphabet::Alphabet;
use crate::error::Error;
use crate::lce::Lce;

/// Largest `n + m + 3` the method accepts (positions are `u32`).
pub const MAX_LEN: usize = u32::MAX as usize - 1;

/// The string `T' 2 P' 1 0` and its largest value.
fn joined<S: Copy + Eq + Hash>(t: &[S], p: &[S]) -> (Vec<u32>, u32) {
    let (alphabet, pc) = Alphabet::of_pattern(p);
    let d = alphabet.len() as u32;
    let mut s = alphabet.encode_text(t);
    for c in &mut s {
        *c = (*c).min(d) + 3;
    }
    s.push(2);
    s.extend(pc.iter().map(|&c| c + 3));
    s.push(1);
    s.push(0);
    (s, d + 3)
}

/// `out(min(d, k + 1))` at every shift, by kangaroo jumps.
///
/// # Errors
/// [`Error::Unsupported`] when `n + m + 3` exceeds [`MAX_LEN`].
pub fn kangaroo<S: Copy + Eq + Hash, O>(
    t: &[S],
    p: &[S],
    k: usize,
    out: impl Fn(u32) -> O,
) -> Result<Vec<O>, Error> {
    let (n, m) = (t.len(), p.len());
    if n + m + 3 > MAX_LEN {
        return Err(Error::Unsupported {
            reason: format!("kangaroo positions are u32; n + m = {} is too long", n + m),
        });
    }
    let (s, upper) = joined(t, p);
    let lce = Lce::new(s, upper);
    Ok((0..=n - m)
        .map(|i| out(walk(&lce, n + 1, i, m, k).0))
        .collect())
}

/// Symbols per block of the block walk.
pub const BLOCK: usize = 64;
/// Consecutive blocks without mismatches after which the walk jumps by an LCE query.
pub const CLEAN_BLOCKS: usize = 4;

/// The number of differing bytes of two 64-byte blocks. On x86-64, four SSE2 (baseline)
/// byte compares and their byte masks; elsewhere, eight 64-bit words whose differing bytes
/// each leave one high bit.
#[inline]
fn mismatches(x: &[u8; BLOCK], y: &[u8; BLOCK]) -> u32 {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{__m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8};
        let mut equal = 0u64;
        for q in 0..BLOCK / 16 {
            // SAFETY: SSE2 is part of the x86-64 baseline; both loads read bytes
            // 16q .. 16q + 16 of 64-byte arrays (q < 4), unaligned loads being allowed.
            let mask = unsafe {
                let a = _mm_loadu_si128(x.as_ptr().add(16 * q).cast::<__m128i>());
                let b = _mm_loadu_si128(y.as_ptr().add(16 * q).cast::<__m128i>());
                _mm_movemask_epi8(_mm_cmpeq_epi8(a, b))
            };
            equal |= u64::from(mask as u16) << (16 * q);
        }
        (!equal).count_ones()
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
        let mut count = 0u32;
        for (a, b) in x.chunks_exact(8).zip(y.chunks_exact(8)) {
            let w = |c: &[u8]| u64::from_le_bytes(c.try_into().expect("8 bytes"));
            let d = w(a) ^ w(b);
            // High bit of each byte set iff the byte is non-zero.
            let high = (((d & LOW7) + LOW7) | d) & !LOW7;
            count += high.count_ones();
        }
        count
    }
}

/// `(min(d, k + 1), LCE queries made)` at shift `i`: blocks of 64 symbols with one jump after
/// each clean block when the string has byte codes, plain kangaroo jumps otherwise.
#[inline]
fn walk(lce: &Lce, pat: usize, i: usize, m: usize, k: usize) -> (u32, u32) {
    let Some(bytes) = lce.bytes() else {
        return jumps(lce, pat, i, m, k, 0, 0);
    };
    let (mut j, mut d, mut queries, mut clean) = (0usize, 0usize, 0u32, 0usize);
    while j + BLOCK <= m {
        let x: &[u8; BLOCK] = bytes[i + j..i + j + BLOCK].try_into().expect("64 bytes");
        let y: &[u8; BLOCK] = bytes[pat + j..pat + j + BLOCK]
            .try_into()
            .expect("64 bytes");
        let c = mismatches(x, y);
        j += BLOCK;
        if c != 0 {
            d += c as usize;
            if d > k {
                return ((k + 1) as u32, queries);
            }
            clean = 0;
            continue;
        }
        clean += 1;
        if clean < CLEAN_BLOCKS {
            continue;
        }
        // A long run of matches: jump over the rest of it.
        clean = 0;
        j += lce.lce(i + j, pat + j);
        queries += 1;
        if j >= m {
            return (d as u32, queries);
        }
        d += 1;
        if d > k {
            return (d as u32, queries);
        }
        j += 1;
    }
    if j >= m {
        return (d as u32, queries);
    }
    let (d, more) = jumps(lce, pat, i, m, k, j, d);
    (d, queries + more)
}

/// The kangaroo walk at shift `i` of a pattern starting at `pat` in the joined string, from
/// pattern position `j` with `d <= k` mismatches already found: `(min(d, k + 1), LCE queries
/// made)`. Each query either reaches the end of the pattern or stops at a mismatch, and the
/// walk stops at the `(k + 1)`-th mismatch, so it makes at most `k + 1 - d` queries.
#[inline]
fn jumps(lce: &Lce, pat: usize, i: usize, m: usize, k: usize, j: usize, d: usize) -> (u32, u32) {
    let (mut j, mut d, mut queries) = (j, d, 0u32);
    loop {
        j += lce.lce(i + j, pat + j);
        queries += 1;
        if j >= m {
            break;
        }
        d += 1;
        if d > k {
            break;
        }
        j += 1;
    }
    (d as u32, queries)
}

/// The number of LCE queries [`kangaroo`] makes at every shift (the same walk, returning its
/// count instead of the distance). Each is at most `min(d, k) + 1` for the shift's distance
/// `d`, so at most `k + 1` (`k` clamped to `m`); plain jumps (codes wider than a byte) make
/// exactly `min(d, k) + 1`.
///
/// # Errors
/// As [`kangaroo`], and the length errors of [`crate::kbounded::hamming_k_saturating`].
pub fn kangaroo_queries<S: Copy + Eq + Hash>(
    t: &[S],
    p: &[S],
    k: usize,
) -> Result<Vec<u32>, Error> {
    crate::error::check_lengths(t.len(), p.len())?;
    let (n, m) = (t.len(), p.len());
    if n + m + 3 > MAX_LEN {
        return Err(Error::Unsupported {
            reason: format!("kangaroo positions are u32; n + m = {} is too long", n + m),
        });
    }
    let (s, upper) = joined(t, p);
    let lce = Lce::new(s, upper);
    Ok((0..=n - m)
        .map(|i| walk(&lce, n + 1, i, m, k.min(m)).1)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn brute(t: &[u32], p: &[u32], k: usize) -> Vec<u32> {
        t.windows(p.len())
            .map(|w| (w.iter().zip(p).filter(|(a, b)| a != b).count().min(k + 1)) as u32)
            .collect()
    }

    #[test]
    fn equals_naive_on_periodic_and_unary_inputs() {
        for (n, m, period) in [
            (1usize, 1usize, 1usize),
            (50, 50, 1),
            (300, 40, 2),
            (500, 64, 3),
            (900, 100, 7),
        ] {
            let t: Vec<u32> = (0..n).map(|i| (i % period) as u32).collect();
            let mut p: Vec<u32> = (0..m).map(|j| (j % period.min(2)) as u32).collect();
            if m > 10 {
                p[m / 2] = 9;
            }
            for k in [0, 1, 2, 5, m] {
                assert_eq!(
                    kangaroo(&t, &p, k, |d| d).unwrap(),
                    brute(&t, &p, k.min(m)),
                    "n={n} m={m} k={k}"
                );
            }
        }
    }
}
