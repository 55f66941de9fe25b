//! The phantom vectors of the named phantom rules, for `n` agents: Uniform Phantom (Freeman,
//! Pennock, Peters and Wortman Vaughan 2021; Aziz, Lam, Lee and Walsh, arXiv 2111.01566), the
//! order statistics, and two IFS rules that fix phantoms at `1/n`, `1 - 1/n` or `1/2`.
//!
//! | rule | `n - 1` phantoms |
//! |---|---|
//! | Uniform Phantom (Freeman et al. 2021) | `k/n`, `k = 1..n-1` |
//! | (left) median | `⌈(n-1)/2⌉` at 0, `⌊(n-1)/2⌋` at 1 |
//! | leftmost (min) | all at 0 |
//! | rightmost (max) | all at 1 |
//! | endpoint phantoms | `⌊(n-1)/2⌋` at `1/n`, `⌈(n-1)/2⌉` at `1 - 1/n` |
//! | half phantoms | all at 1/2 |
//!
//! Every function returns the vector sorted, fails with [`Error::EmptyProfile`] for `n = 0`
//! and runs in O(n) (plus a gcd per entry for Uniform Phantom).

use crate::error::Error;
use crate::rational::Rational;

fn check(n: usize) -> Result<(), Error> {
    if n == 0 {
        Err(Error::EmptyProfile)
    } else {
        Ok(())
    }
}

fn frac(k: usize, n: usize) -> Rational {
    Rational::from_i128(k as i128, n as i128)
}

/// Uniform Phantom: phantoms at `1/n, 2/n, …, (n-1)/n`.
///
/// # Errors
/// [`Error::EmptyProfile`] when `n = 0`.
///
/// # Example
/// ```
/// use facility_location::mechanism::named::uniform_phantom;
/// let p: Vec<String> = uniform_phantom(4).unwrap().iter().map(|r| r.to_string()).collect();
/// assert_eq!(p, ["1/4", "1/2", "3/4"]);
/// ```
pub fn uniform_phantom(n: usize) -> Result<Vec<Rational>, Error> {
    check(n)?;
    Ok((1..n).map(|k| frac(k, n)).collect())
}

/// The left median `x_(⌈n/2⌉)`: `⌈(n-1)/2⌉` phantoms at 0 and `⌊(n-1)/2⌋` at 1.
///
/// # Errors
/// [`Error::EmptyProfile`] when `n = 0`.
///
/// # Example
/// ```
/// use facility_location::mechanism::named::median;
/// assert_eq!(median(4).unwrap().iter().map(|r| r.to_string()).collect::<Vec<_>>(), ["0", "0", "1"]);
/// ```
pub fn median(n: usize) -> Result<Vec<Rational>, Error> {
    check(n)?;
    let zeros = (n - 1).div_ceil(2);
    Ok(split(n, zeros, Rational::zero(), Rational::one()))
}

/// The leftmost location (min): all phantoms at 0.
///
/// # Errors
/// [`Error::EmptyProfile`] when `n = 0`.
///
/// # Example
/// ```
/// use facility_location::mechanism::named::leftmost;
/// assert_eq!(leftmost(3).unwrap().len(), 2);
/// ```
pub fn leftmost(n: usize) -> Result<Vec<Rational>, Error> {
    check(n)?;
    Ok(vec![Rational::zero(); n - 1])
}

/// The rightmost location (max): all phantoms at 1.
///
/// # Errors
/// [`Error::EmptyProfile`] when `n = 0`.
///
/// # Example
/// ```
/// use facility_location::mechanism::named::rightmost;
/// assert!(rightmost(3).unwrap().iter().all(|p| *p == facility_location::Rational::one()));
/// ```
pub fn rightmost(n: usize) -> Result<Vec<Rational>, Error> {
    check(n)?;
    Ok(vec![Rational::one(); n - 1])
}

/// Endpoint phantoms: `⌊(n-1)/2⌋` at `1/n` and `⌈(n-1)/2⌉` at `1 - 1/n`.
///
/// SP, unanimous and IFS, with the best welfare ratio of any IFS mechanism,
/// `n(n-1)/(n²-2n+2)`, attained at `n - 1` agents at 0 and one at 1, where IFS forces the
/// facility to at least `1/n` (see [`crate::ratios::axiom_lower_bound`]).
///
/// # Errors
/// [`Error::EmptyProfile`] when `n = 0`.
///
/// # Example
/// ```
/// use facility_location::mechanism::named::endpoint_phantoms;
/// let p: Vec<String> = endpoint_phantoms(4).unwrap().iter().map(|r| r.to_string()).collect();
/// assert_eq!(p, ["1/4", "3/4", "3/4"]);
/// ```
pub fn endpoint_phantoms(n: usize) -> Result<Vec<Rational>, Error> {
    check(n)?;
    let low = (n - 1) / 2;
    Ok(split(n, low, frac(1, n), frac(n - 1, n)))
}

/// Half phantoms: all `n - 1` phantoms at 1/2.
///
/// # Errors
/// [`Error::EmptyProfile`] when `n = 0`.
///
/// # Example
/// ```
/// use facility_location::mechanism::named::half_phantoms;
/// assert_eq!(half_phantoms(3).unwrap()[0].to_string(), "1/2");
/// ```
pub fn half_phantoms(n: usize) -> Result<Vec<Rational>, Error> {
    check(n)?;
    Ok(vec![frac(1, 2); n - 1])
}

/// The `k`-th order statistic `x_(k)` (`1 <= k <= n`): `n - k` phantoms at 0, `k - 1` at 1.
/// The components of Random Rank.
///
/// # Errors
/// [`Error::EmptyProfile`] when `n = 0`; [`Error::InvalidParameter`] when `k` is outside
/// `1..=n`.
///
/// # Example
/// ```
/// use facility_location::mechanism::named::order_statistic;
/// assert_eq!(order_statistic(3, 1).unwrap(), facility_location::mechanism::named::leftmost(3).unwrap());
/// ```
pub fn order_statistic(n: usize, k: usize) -> Result<Vec<Rational>, Error> {
    check(n)?;
    if k == 0 || k > n {
        return Err(Error::InvalidParameter {
            what: format!("order statistic {k} of {n}"),
        });
    }
    Ok(split(n, n - k, Rational::zero(), Rational::one()))
}

fn split(n: usize, low_count: usize, low: Rational, high: Rational) -> Vec<Rational> {
    let mut v = vec![low; low_count];
    v.extend(std::iter::repeat_n(high, n - 1 - low_count));
    v
}
