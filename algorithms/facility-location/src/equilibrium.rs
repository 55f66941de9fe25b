//! Pure Nash equilibria of continuous, strictly monotone, UFS mechanisms, enumerated on a
//! report grid: the equilibrium characterisation of Aziz, Lam, Lee and Walsh (arXiv
//! 2111.01566): for any such mechanism, the unique pure-equilibrium outcome is Uniform
//! Phantom's outcome at the true locations.
//!
//! Agents with true locations `x` report `r`; the outcome is `f(r)`. Three kinds of mechanism
//! in the class are provided ([`Continuous`]):
//!
//! - **average** `Σ r_i / n`;
//! - **mixes** `λ·avg(r) + (1 - λ)·UP(r)`, `0 < λ ≤ 1`;
//! - **PF-midpoint mix** `½·avg(r) + ½·(L(r) + R(r))/2`, with `[L, R]` the PF-feasible interval
//!   `L = max_a (r_(a) - (a-1)/n)`, `R = min_b (r_(b) + 1 - b/n)` of the sorted reports.
//!
//! Why each is continuous, strictly monotone and UFS: the average is linear with positive
//! weights, and UFS (`k` agents at `z`: `|avg - z| ≤ (n-k)/n = 1 - k/n`). Uniform Phantom is
//! continuous and nondecreasing in every report (a median of the reports and fixed phantoms)
//! and UFS. `L` and `R` are maxima and minima of order statistics plus constants, so they are
//! continuous and nondecreasing in every report, and every point of `[L, R]` satisfies PF,
//! hence UFS. A mix with positive weight on the average of continuous, nondecreasing rules is
//! continuous and strictly increasing in every report; and since the UFS-feasible outcomes of
//! a profile form an interval (an intersection of intervals), a convex combination of two UFS
//! outcomes is UFS.
//!
//! # Finding equilibria exactly
//! Each mechanism here is continuous and nondecreasing in each agent's report, so agent `i`
//! can reach exactly the outcomes `[f(0, r_{-i}), f(1, r_{-i})]` (intermediate value theorem)
//! and its best reachable outcome is `clamp(x_i, f(0, r_{-i}), f(1, r_{-i}))`. A report profile
//! is a pure Nash equilibrium (against **every** deviation in `[0, 1]`, not only grid ones) iff
//! no agent's distance to the current outcome exceeds its distance to that clamp.
//! [`enumerate_equilibria`] tests every report profile of `G_m^n` this way: it finds every
//! equilibrium whose reports lie on the grid, exactly; equilibria off the grid are not seen
//! (their count is reported as profiles without a grid equilibrium).
//!
//! # Example
//! ```
//! use facility_location::{equilibrium::{enumerate_equilibria, Continuous}, parse_profile, Rational};
//! // Average, x = (0, 0, 1/2): the only equilibrium is r = (0, 0, 1), outcome 1/3 = UP(x).
//! let eq = enumerate_equilibria(&Continuous::Average, &parse_profile("0 0 1/2")?.locations(), 6)?;
//! assert_eq!(eq.len(), 1);
//! assert_eq!(eq[0].1, Rational::new(1, 3)?);
//! # Ok::<(), facility_location::Error>(())
//! ```

use crate::error::Error;
use crate::mechanism::Mechanism;
use crate::oracle;
use crate::profile::Profile;
use crate::rational::Rational;

/// A continuous, strictly monotone, UFS mechanism (see the module docs for the proofs).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Continuous {
    /// The mean report.
    Average,
    /// `λ·avg + (1 - λ)·UP` with `0 < λ ≤ 1` (the weight on the average).
    Mix(Rational),
    /// `½·avg + ½·(L + R)/2`, the average mixed with the midpoint of the PF interval.
    PfMidpointMix,
}

impl Continuous {
    /// The mechanisms the suite studies: the average, mixes with `λ = 1/2` and `1/4`, and the
    /// PF-midpoint mix.
    pub fn studied() -> Vec<Continuous> {
        vec![
            Continuous::Average,
            Continuous::Mix(Rational::from_i128(1, 2)),
            Continuous::Mix(Rational::from_i128(1, 4)),
            Continuous::PfMidpointMix,
        ]
    }

    /// A short name: `average`, `mix-1/2`, `pf-midpoint-mix`.
    pub fn name(&self) -> String {
        match self {
            Continuous::Average => "average".into(),
            Continuous::Mix(l) => format!("mix-{l}"),
            Continuous::PfMidpointMix => "pf-midpoint-mix".into(),
        }
    }

    /// The outcome on reports `r` (each in `[0, 1]`, at least one).
    ///
    /// # Errors
    /// [`Error::EmptyProfile`], [`Error::OutOfRange`]; [`Error::InvalidParameter`] for a mix
    /// weight outside `(0, 1]`.
    pub fn evaluate(&self, r: &[Rational]) -> Result<Rational, Error> {
        let n = r.len();
        if n == 0 {
            return Err(Error::EmptyProfile);
        }
        let inv_n = Rational::from_i128(1, n as i128);
        let avg = r.iter().sum::<Rational>() * inv_n.clone();
        match self {
            Continuous::Average => Ok(avg),
            Continuous::Mix(l) => {
                if l.is_negative() || l.is_zero() || *l > Rational::one() {
                    return Err(Error::InvalidParameter {
                        what: format!("mix weight {l} (must lie in (0, 1])"),
                    });
                }
                let up = Mechanism::UniformPhantom.evaluate(&Profile::new(r.to_vec())?)?;
                Ok(l * &avg + (Rational::one() - l.clone()) * up)
            }
            Continuous::PfMidpointMix => {
                let mut s = r.to_vec();
                s.sort();
                let lo = (0..n)
                    .map(|a| &s[a] - &Rational::from_i128(a as i128, n as i128))
                    .max()
                    .unwrap_or_else(Rational::zero);
                let hi = (0..n)
                    .map(|b| &s[b] + &Rational::from_i128((n - b - 1) as i128, n as i128))
                    .min()
                    .unwrap_or_else(Rational::one);
                let quarter = Rational::from_i128(1, 4);
                Ok(Rational::from_i128(1, 2) * avg + quarter * (lo + hi))
            }
        }
    }
}

/// Whether `r` is a pure Nash equilibrium for true locations `x` under `f` (exact, against
/// every deviation in `[0, 1]`; see the module docs).
///
/// # Errors
/// Those of [`Continuous::evaluate`].
pub fn is_equilibrium(f: &Continuous, x: &[Rational], r: &[Rational]) -> Result<bool, Error> {
    let y = f.evaluate(r)?;
    let mut dev = r.to_vec();
    for i in 0..x.len() {
        dev[i] = Rational::zero();
        let lo = f.evaluate(&dev)?;
        dev[i] = Rational::one();
        let hi = f.evaluate(&dev)?;
        dev[i] = r[i].clone();
        let best = x[i].clamped(&lo, &hi);
        if (&best - &x[i]).abs() < (&y - &x[i]).abs() {
            return Ok(false);
        }
    }
    Ok(true)
}

/// The most report profiles [`enumerate_equilibria`] visits: `(m + 1)^n ≤ 10^6`.
pub const MAX_REPORT_PROFILES: u128 = 1_000_000;

/// Every pure Nash equilibrium with reports on `G_m` for true locations `x`, with its outcome,
/// in lexicographic order of the reports.
///
/// # Errors
/// [`Error::InvalidParameter`] for `m = 0`; [`Error::TooLarge`] when `(m + 1)^n` exceeds
/// [`MAX_REPORT_PROFILES`]; those of [`Continuous::evaluate`].
///
/// # Complexity
/// `(m + 1)^n · (2n + 1)` evaluations.
pub fn enumerate_equilibria(
    f: &Continuous,
    x: &[Rational],
    m: u64,
) -> Result<Vec<(Vec<Rational>, Rational)>, Error> {
    let n = x.len();
    if m == 0 {
        return Err(Error::InvalidParameter {
            what: "report grid denominator 0".into(),
        });
    }
    let total = (u128::from(m) + 1).checked_pow(n as u32);
    if total.is_none_or(|t| t > MAX_REPORT_PROFILES) {
        return Err(Error::TooLarge {
            what: format!("(m + 1)^n report profiles beyond {MAX_REPORT_PROFILES}"),
        });
    }
    let grid: Vec<Rational> = (0..=m)
        .map(|k| Rational::from_i128(k as i128, m as i128))
        .collect();
    let mut idx = vec![0usize; n];
    let mut found = Vec::new();
    loop {
        let r: Vec<Rational> = idx.iter().map(|&k| grid[k].clone()).collect();
        if is_equilibrium(f, x, &r)? {
            let y = f.evaluate(&r)?;
            found.push((r, y));
        }
        let mut j = n;
        loop {
            if j == 0 {
                return Ok(found);
            }
            j -= 1;
            idx[j] += 1;
            if idx[j] <= m as usize {
                break;
            }
            idx[j] = 0;
        }
    }
}

/// Counts of an equilibrium study over all sorted true profiles of `G_d`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Study {
    /// True profiles visited.
    pub profiles: u64,
    /// Report profiles tested (profiles × `(m + 1)^n`).
    pub report_profiles: u64,
    /// Equilibria found.
    pub equilibria: u64,
    /// Equilibria whose outcome equals Uniform Phantom at the true locations.
    pub equal_to_up: u64,
    /// True profiles with no equilibrium on the report grid (their equilibria lie off it).
    pub without_grid_equilibrium: u64,
    /// The first equilibrium whose outcome differs from UP, as text.
    pub first_difference: Option<String>,
}

/// Enumerates the equilibria of `f` for every sorted true profile of `n` agents on `G_d`,
/// reports on `G_m`, and compares each outcome with Uniform Phantom at the true locations
/// (computed by [`oracle::uniform_phantom`], independently of the crate's evaluator).
///
/// # Errors
/// Those of [`enumerate_equilibria`]; [`Error::InvalidParameter`] for `n = 0` or `d = 0`.
pub fn study(f: &Continuous, n: usize, d: u64, m: u64) -> Result<Study, Error> {
    if n == 0 || d == 0 {
        return Err(Error::InvalidParameter {
            what: format!("n = {n}, d = {d}"),
        });
    }
    let mut s = Study::default();
    let mut c = vec![0u64; n];
    loop {
        let x: Vec<Rational> = c
            .iter()
            .map(|&k| Rational::from_i128(k as i128, d as i128))
            .collect();
        let frac: Vec<oracle::Fraction> = c.iter().map(|&k| (k as i128, d as i128)).collect();
        let (a, b) = oracle::uniform_phantom(&frac);
        let up = Rational::from_i128(a, b);
        let eq = enumerate_equilibria(f, &x, m)?;
        s.profiles += 1;
        s.report_profiles += (m + 1).pow(n as u32);
        s.equilibria += eq.len() as u64;
        if eq.is_empty() {
            s.without_grid_equilibrium += 1;
        }
        for (r, y) in eq {
            if y == up {
                s.equal_to_up += 1;
            } else if s.first_difference.is_none() {
                s.first_difference = Some(format!(
                    "x = {:?}, r = {:?}: outcome {y}, UP {up}",
                    x.iter().map(ToString::to_string).collect::<Vec<_>>(),
                    r.iter().map(ToString::to_string).collect::<Vec<_>>()
                ));
            }
        }
        // Next nondecreasing coordinate vector.
        let mut j = n;
        loop {
            if j == 0 {
                return Ok(s);
            }
            j -= 1;
            if c[j] < d {
                c[j] += 1;
                for k in j + 1..n {
                    c[k] = c[j];
                }
                break;
            }
        }
    }
}
