//! Independent oracles: the definitions the tests and the benchmark suite judge the crate by.
//!
//! Everything here is written from the definitions in Aziz, Lam, Lee and Walsh,
//! *Strategyproof and Proportionally Fair Facility Location* (arXiv 2111.01566), without the
//! code it judges: no [`crate::Mechanism`], no phantom vector from
//! [`crate::Mechanism::phantoms`], no evaluator, no feasible interval. Fractions are plain
//! `(numerator, denominator)` pairs of `i128` compared by cross-multiplication, and doubles
//! are sorted with [`f64::total_cmp`].
//!
//! - [`uniform_phantom`], [`uniform_phantom_f64`]: the Uniform Phantom rule by its definition,
//!   the `n`-th smallest of the `n` reports and the `n - 1` phantoms `k/n`, by a full sort.
//! - [`median_with_phantoms`]: the same for any phantom list (Moulin's generalized median).
//! - [`up_welfare_ratio`], [`ifs_welfare_bound`], [`two_minus_two_over_n`]: the closed forms
//!   of the worst-case ratios (the paper's approximation results and the computed table in
//!   the crate README).
//! - [`fraction_text`]: a fraction as [`crate::Rational`]'s `Display` writes it, so that
//!   digests of oracle answers and of the crate's answers can be compared.
//!
//! # Example
//! ```
//! use facility_location::oracle::{fraction_text, uniform_phantom};
//! // n = 3: phantoms 1/3, 2/3; the 3rd smallest of (0, 0, 1/2, 1/3, 2/3) is 1/3.
//! assert_eq!(fraction_text(uniform_phantom(&[(0, 1), (0, 1), (1, 2)])), "1/3");
//! ```

use std::cmp::Ordering;

/// A fraction `(numerator, denominator)` with a positive denominator.
pub type Fraction = (i128, i128);

fn cmp_fraction(a: &Fraction, b: &Fraction) -> Ordering {
    (a.0 * b.1).cmp(&(b.0 * a.1))
}

fn gcd(a: i128, b: i128) -> i128 {
    let (mut a, mut b) = (a.abs(), b.abs());
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

/// The fraction in lowest terms, written `a/b`, or `a` when the denominator is 1 (as
/// [`crate::Rational`] displays it).
pub fn fraction_text((a, b): Fraction) -> String {
    let g = gcd(a, b).max(1);
    let (a, b) = (a / g, b / g);
    let (a, b) = if b < 0 { (-a, -b) } else { (a, b) };
    if b == 1 {
        a.to_string()
    } else {
        format!("{a}/{b}")
    }
}

/// The median of the reports and the phantoms together (an odd count), by a full sort:
/// Moulin's generalized median (with `n - 1` phantoms, a phantom rule; with `n + 1`, the
/// general anonymous strategyproof rule).
///
/// # Panics
/// When `reports` is empty, the total count is even or a denominator is not positive (an
/// oracle for tests, not an API for users).
pub fn median_with_phantoms(reports: &[Fraction], phantoms: &[Fraction]) -> Fraction {
    assert!(!reports.is_empty(), "no reports");
    let mut all: Vec<Fraction> = reports.iter().chain(phantoms).copied().collect();
    assert!(all.iter().all(|f| f.1 > 0), "non-positive denominator");
    assert!(all.len() % 2 == 1, "an even number of reports and phantoms");
    all.sort_by(cmp_fraction);
    all[all.len() / 2]
}

/// Uniform Phantom by definition: the `n`-th smallest of the `n` reports and the phantoms
/// `1/n, 2/n, …, (n-1)/n`.
///
/// # Panics
/// As [`median_with_phantoms`].
pub fn uniform_phantom(reports: &[Fraction]) -> Fraction {
    let n = reports.len() as i128;
    let phantoms: Vec<Fraction> = (1..n).map(|k| (k, n)).collect();
    median_with_phantoms(reports, &phantoms)
}

/// Uniform Phantom on doubles by definition: the phantoms are `k as f64 / n as f64`
/// (correctly rounded), the outcome the `n`-th smallest of the sorted `2n - 1` doubles.
///
/// # Panics
/// When `reports` is empty.
pub fn uniform_phantom_f64(reports: &[f64]) -> f64 {
    assert!(!reports.is_empty(), "no reports");
    let n = reports.len();
    let mut all: Vec<f64> = reports.to_vec();
    all.extend((1..n).map(|k| k as f64 / n as f64));
    all.sort_by(f64::total_cmp);
    all[n - 1]
}

/// `max_{k=0..n} kn / (k² + (n-k)²)`: the worst-case welfare ratio `SW(opt)/SW(f)` of Uniform
/// Phantom (and of the average), attained at `k` agents at 1 and `n - k` at 0; also the best
/// any UFS, Proportionality or PF mechanism can have.
///
/// # Panics
/// For `n = 0`.
pub fn up_welfare_ratio(n: i128) -> Fraction {
    assert!(n > 0, "n = 0");
    (0..=n)
        .map(|k| (k * n, k * k + (n - k) * (n - k)))
        .max_by(cmp_fraction)
        .map(|f| {
            let g = gcd(f.0, f.1).max(1);
            (f.0 / g, f.1 / g)
        })
        .unwrap_or((1, 1))
}

/// `n(n-1) / (n² - 2n + 2)`: the best worst-case welfare ratio of an IFS mechanism (attained by
/// the endpoint phantoms), at `n - 1` agents at 0 and one at 1.
pub fn ifs_welfare_bound(n: i128) -> Fraction {
    (n * (n - 1), n * n - 2 * n + 2)
}

/// `2 - 2/n`: the best worst-case total-cost ratio of a UFS mechanism (the average attains it).
pub fn two_minus_two_over_n(n: i128) -> Fraction {
    (2 * n - 2, n)
}

/// A worst-case ratio: finite, or `None` for ∞.
pub type Ratio = Option<Fraction>;

/// The closed forms `(ρ_SW, ρ_TC)` of a named rule for `n ≥ 2` agents (the crate README's
/// table): `None` for a name without a closed form here.
pub fn rule_ratios(name: &str, n: i128) -> Option<(Ratio, Ratio)> {
    let up = up_welfare_ratio(n);
    let two = two_minus_two_over_n(n);
    let n1 = (n - 1, 1);
    Some(match name {
        "median" => (Some((1, 1)), Some((1, 1))),
        "leftmost" | "rightmost" => (Some(n1), Some(n1)),
        "uniform-phantom" => (Some(up), Some(n1)),
        "endpoint-phantoms" => (Some(ifs_welfare_bound(n)), Some(n1)),
        "clamped-median" => (Some((n, n - 1)), None),
        "half-phantoms" => (Some(two), Some(n1)),
        "average" => (Some(up), Some(two)),
        "midpoint" => (Some(two), Some((n, 2))),
        _ => return None,
    })
}

/// The closed forms `(ρ_SW, ρ_TC)` of the best any mechanism satisfying the axiom (`ifs`,
/// `ufs`, `proportionality`, `pf`) can do, for `n ≥ 2`.
pub fn axiom_bound(axiom: &str, n: i128) -> Option<(Fraction, Fraction)> {
    let two = two_minus_two_over_n(n);
    match axiom {
        "ifs" => Some((ifs_welfare_bound(n), two)),
        "ufs" | "proportionality" | "pf" => Some((up_welfare_ratio(n), two)),
        _ => None,
    }
}

/// A ratio as text: the fraction in lowest terms, or `inf`.
pub fn ratio_text(r: Ratio) -> String {
    r.map_or_else(|| "inf".into(), fraction_text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn definitions_by_hand() {
        // n = 4: phantoms 1/4, 1/2, 3/4; (0, 0, 0, 1) → 4th smallest of 0,0,0,1/4,1/2,3/4,1.
        assert_eq!(uniform_phantom(&[(0, 1), (0, 1), (0, 1), (1, 1)]), (1, 4));
        assert_eq!(uniform_phantom_f64(&[0.0, 1.0]), 0.5);
        assert_eq!(fraction_text((6, 4)), "3/2");
        assert_eq!(fraction_text((0, 7)), "0");
        assert_eq!(fraction_text(up_welfare_ratio(3)), "6/5");
        assert_eq!(fraction_text(up_welfare_ratio(5)), "20/17");
        assert_eq!(fraction_text(ifs_welfare_bound(6)), "15/13");
        // n + 1 phantoms (0 and 1 added): the same rule as Uniform Phantom.
        let x = [(1, 5), (3, 10), (3, 5)];
        assert_eq!(
            median_with_phantoms(&x, &[(0, 1), (1, 3), (2, 3), (1, 1)]),
            uniform_phantom(&x)
        );
    }
}
