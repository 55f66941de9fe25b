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
        .map(|i| out(jumps(&lce, n + 1, i, m, k).0))
        .collect())
}

/// The kangaroo walk at shift `i` of a pattern starting at `pat` in the joined string:
/// `(min(d, k + 1), LCE queries made)`. The queries are at most `k + 1`: each one either
/// reaches the end of the pattern or stops at a mismatch, and the walk stops at the
/// `(k + 1)`-th mismatch.
#[inline]
fn jumps(lce: &Lce, pat: usize, i: usize, m: usize, k: usize) -> (u32, u32) {
    let (mut j, mut d, mut queries) = (0usize, 0usize, 0u32);
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

/// The number of LCE queries [`kangaroo`] makes at every shift (the counting build of the
/// same walk; the timed path does not count). Each is at most `k + 1`, `k` clamped to `m`.
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
        .map(|i| jumps(&lce, n + 1, i, m, k.min(m)).1)
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
