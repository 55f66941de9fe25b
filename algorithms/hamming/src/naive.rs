//! The naive O(nm) algorithm: the oracle every other path is tested against.
//!
//! # Complexity
//! Time **O(n·m)**, extra space O(1) beyond the output.

use crate::error::{Error, check_lengths};

/// Hamming distance of `p` against every alignment of `t`, by direct comparison.
///
/// `out[i] = |{ j < m : t[i + j] != p[j] }|` for `i in 0..=n - m`.
///
/// This is deliberately the simplest possible code, so that it can serve as the oracle.
///
/// # Errors
/// [`Error::EmptyPattern`] if `p` is empty, [`Error::PatternLongerThanText`] if `p` is
/// longer than `t`.
///
/// # Example
/// ```
/// let d = hamming::naive::hamming_naive(b"abcabd", b"abd").unwrap();
/// assert_eq!(d, vec![1, 3, 3, 0]);
/// ```
pub fn hamming_naive<S: PartialEq>(t: &[S], p: &[S]) -> Result<Vec<u32>, Error> {
    check_lengths(t.len(), p.len())?;
    Ok(t.windows(p.len())
        .map(|w| w.iter().zip(p).map(|(a, b)| u32::from(a != b)).sum())
        .collect())
}
