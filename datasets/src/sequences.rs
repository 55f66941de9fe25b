//! Seeded text generators and pattern extraction.
//!
//! Every function is a pure function of its arguments: the same arguments give the same
//! output on every machine.

use crate::error::Error;
use crate::rng::{Pcg64, Rng, below, rng, unit};

/// `n` symbols drawn uniformly from `ACGT`.
pub fn dna(n: usize, seed: u64) -> Vec<u8> {
    let mut r = rng(seed);
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        let mut word = r.next_u64();
        for _ in 0..32.min(n - out.len()) {
            out.push(b"ACGT"[(word & 3) as usize]);
            word >>= 2;
        }
    }
    out
}

/// `n` symbols drawn uniformly from `0..sigma`, `1 <= sigma <= 2^32`.
///
/// # Errors
/// [`Error::InvalidParameter`] when `sigma` is 0 or above 2^32.
pub fn uniform_u32(n: usize, sigma: u64, seed: u64) -> Result<Vec<u32>, Error> {
    if sigma == 0 || sigma > 1 << 32 {
        return Err(Error::InvalidParameter {
            generator: "uniform",
            reason: format!("sigma must be in 1..=2^32, got {sigma}"),
        });
    }
    let mut r = rng(seed);
    Ok((0..n).map(|_| below(&mut r, sigma) as u32).collect())
}

/// `n` symbols from `0..sigma` with Zipf's law: `P(c) ∝ 1 / (c + 1)^exponent`.
///
/// # Errors
/// [`Error::InvalidParameter`] when `sigma` is 0 or above 2^24, or `exponent` is not finite
/// and non-negative.
pub fn zipf_u32(n: usize, sigma: u32, exponent: f64, seed: u64) -> Result<Vec<u32>, Error> {
    if sigma == 0 || sigma > 1 << 24 || !exponent.is_finite() || exponent < 0.0 {
        return Err(Error::InvalidParameter {
            generator: "zipf",
            reason: format!(
                "need 1 <= sigma <= 2^24 and a finite exponent >= 0, got sigma = {sigma}, exponent = {exponent}"
            ),
        });
    }
    let mut cdf = Vec::with_capacity(sigma as usize);
    let mut total = 0.0;
    for c in 0..sigma {
        total += (f64::from(c) + 1.0).powf(-exponent);
        cdf.push(total);
    }
    let mut r = rng(seed);
    Ok((0..n)
        .map(|_| {
            let x = unit(&mut r) * total;
            cdf.partition_point(|&v| v <= x).min(sigma as usize - 1) as u32
        })
        .collect())
}

/// A random block of `period` symbols from `0..sigma`, repeated to length `n`.
///
/// # Errors
/// As [`uniform_u32`], and when `period` is 0.
pub fn periodic_u32(n: usize, period: usize, sigma: u64, seed: u64) -> Result<Vec<u32>, Error> {
    if period == 0 {
        return Err(Error::InvalidParameter {
            generator: "periodic",
            reason: "period must be at least 1".into(),
        });
    }
    let block = uniform_u32(period, sigma, seed)?;
    Ok(block.iter().copied().cycle().take(n).collect())
}

/// Uniform symbols from `0..sigma`, each multiplied by `2^shift` (wrapping): bad for
/// multiplicative and low-bit hashing.
///
/// # Errors
/// As [`uniform_u32`], and when `shift >= 32`.
pub fn multiples_of_power_of_two(
    n: usize,
    sigma: u64,
    shift: u32,
    seed: u64,
) -> Result<Vec<u32>, Error> {
    if shift >= 32 {
        return Err(Error::InvalidParameter {
            generator: "pow2-multiples",
            reason: format!("shift must be below 32, got {shift}"),
        });
    }
    Ok(uniform_u32(n, sigma, seed)?
        .into_iter()
        .map(|c| c.wrapping_shl(shift))
        .collect())
}

/// A pattern of length `m` cut from `text` at a seeded position, with each symbol replaced,
/// with probability `mutation_rate`, by the symbol at a random text position.
///
/// Patterns cut from the text give the distance profile a real search has: one exact or
/// near occurrence and many unrelated alignments.
///
/// # Errors
/// [`Error::InvalidParameter`] when `m` is 0 or above `text.len()`, or the rate is outside
/// `[0, 1]`.
pub fn pattern_from<T: Copy>(
    text: &[T],
    m: usize,
    mutation_rate: f64,
    seed: u64,
) -> Result<Vec<T>, Error> {
    if m == 0 || m > text.len() || !(0.0..=1.0).contains(&mutation_rate) {
        return Err(Error::InvalidParameter {
            generator: "pattern",
            reason: format!(
                "need 1 <= m <= n = {} and a rate in [0, 1], got m = {m}, rate = {mutation_rate}",
                text.len()
            ),
        });
    }
    let mut r: Pcg64 = rng(seed);
    let start = below(&mut r, (text.len() - m + 1) as u64) as usize;
    let mut p = text[start..start + m].to_vec();
    for s in &mut p {
        if unit(&mut r) < mutation_rate {
            *s = text[below(&mut r, text.len() as u64) as usize];
        }
    }
    Ok(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_bits_and_different_seeds_differ() {
        assert_eq!(dna(1000, 5), dna(1000, 5));
        assert_ne!(dna(1000, 5), dna(1000, 6));
        assert_eq!(
            uniform_u32(100, 1 << 32, 1).unwrap(),
            uniform_u32(100, 1 << 32, 1).unwrap()
        );
    }

    #[test]
    fn generators_stay_in_range() {
        assert!(dna(999, 1).iter().all(|b| b"ACGT".contains(b)));
        assert_eq!(dna(999, 1).len(), 999);
        assert!(uniform_u32(10_000, 7, 2).unwrap().iter().all(|&c| c < 7));
        let z = zipf_u32(10_000, 50, 1.0, 3).unwrap();
        assert!(z.iter().all(|&c| c < 50));
        // Zipf: symbol 0 is the most frequent one.
        let zeros = z.iter().filter(|&&c| c == 0).count();
        let ones = z.iter().filter(|&&c| c == 1).count();
        assert!(zeros > ones, "{zeros} {ones}");
        let p = periodic_u32(100, 7, 1000, 4).unwrap();
        assert!((7..100).all(|i| p[i] == p[i - 7]));
        assert!(
            multiples_of_power_of_two(100, 1000, 8, 5)
                .unwrap()
                .iter()
                .all(|c| c % 256 == 0)
        );
    }

    #[test]
    fn bad_parameters_are_errors() {
        assert!(uniform_u32(1, 0, 0).is_err());
        assert!(uniform_u32(1, (1 << 32) + 1, 0).is_err());
        assert!(zipf_u32(1, 10, f64::NAN, 0).is_err());
        assert!(periodic_u32(1, 0, 2, 0).is_err());
        assert!(multiples_of_power_of_two(1, 2, 32, 0).is_err());
        assert!(pattern_from(&[1, 2, 3], 4, 0.0, 0).is_err());
        assert!(pattern_from(&[1, 2, 3], 0, 0.0, 0).is_err());
        assert!(pattern_from(&[1, 2, 3], 2, 1.5, 0).is_err());
    }

    #[test]
    fn unmutated_pattern_occurs_in_text() {
        let t = dna(5000, 9);
        let p = pattern_from(&t, 100, 0.0, 3).unwrap();
        assert!(t.windows(100).any(|w| w == p.as_slice()));
    }
}
