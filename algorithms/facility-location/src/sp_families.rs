//! Strategyproof rules beyond the anonymous phantom rules with `n - 1` phantoms, to probe the
//! characterisations of Aziz, Lam, Lee and Walsh (arXiv 2111.01566), which are stated for
//! **all** strategyproof mechanisms on `[0, 1]`:
//!
//! - [`SpRule::GeneralizedMedian`]: Moulin's (1980) generalized median with `n + 1` phantoms,
//!   `median(x_1..x_n, p_0..p_n)`, the general anonymous strategyproof (and peak-only) rule;
//!   unanimity is not required (it holds iff `p_0 = 0` and `p_n = 1`).
//! - [`SpRule::MinMax`]: Moulin's non-anonymous min–max rule
//!   `f(x) = min_{S ⊆ N} max(p_S, max_{i ∈ S} x_i)`, one constant `p_S` per coalition (`2^n`
//!   of them; the empty coalition caps the outcome at `p_∅`).
//!
//! **Why every rule here is strategyproof.** In agent `i`'s own report `r` each rule is
//! `clamp(r, lo, hi)` with `lo = f(0, x_{-i}) ≤ hi = f(1, x_{-i})`: for the generalized median,
//! `r` is placed among `2n` fixed numbers; for the min–max rule, splitting the coalitions by
//! whether they contain `i` gives `min(A, max(r, B))`, which is `clamp(r, B, A)` when `B ≤ A`
//! and the constant `A` otherwise. A clamp of the report is SP: the truthful outcome
//! `clamp(x_i, lo, hi)` is the point of `[lo, hi]` nearest `x_i`.
//!
//! [`certify_sp`] checks exactly that on every profile of a grid, with three evaluations per
//! agent: a rule that is continuous and nondecreasing in each report (every rule here, and the
//! average) is SP at `(x, i)` iff `f(x)` is as close to `x_i` as `clamp(x_i, f(0, x_{-i}),
//! f(1, x_{-i}))`, the best outcome the agent can reach. [`brute_force_sp`] tries every
//! misreport on a finer grid instead; the tests compare the two.
//!
//! [`search`] enumerates every rule of a family on a grid of constants and keeps those that
//! satisfy an axiom on every profile of `G_d^n` (all profiles, not only sorted ones, since
//! min–max rules need not be anonymous), grouping rules by their outcome on every profile
//! (distinct **functions** on the grid).
//!
//! # Example
//! ```
//! use facility_location::{sp_families::{certify_sp, SpRule}, Rational};
//! let q = |a, b| Rational::new(a, b).unwrap();
//! // n = 2 Uniform Phantom as a generalized median: phantoms 0, 1/2, 1.
//! let up = SpRule::GeneralizedMedian(vec![q(0, 1), q(1, 2), q(1, 1)]);
//! assert_eq!(up.evaluate(&[q(0, 1), q(1, 5)])?, q(1, 5));
//! assert!(certify_sp(&up, 2, 6)?.is_none());
//! # Ok::<(), facility_location::Error>(())
//! ```

use std::collections::BTreeMap;

use crate::axioms::{Axiom, satisfies};
use crate::error::Error;
use crate::profile::Profile;
use crate::rational::Rational;

/// A rule of one of the families (or the average, as a non-SP control).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SpRule {
    /// `median(x_1..x_n, p_0..p_n)`: `n + 1` phantoms.
    GeneralizedMedian(Vec<Rational>),
    /// `min_S max(p_S, max_{i∈S} x_i)`, `p` indexed by the coalition's bit mask (`2^n`).
    MinMax(Vec<Rational>),
    /// The mean (continuous and monotone, not SP): a control for the certifier.
    Average,
}

impl SpRule {
    /// The outcome at `x`.
    ///
    /// # Errors
    /// [`Error::EmptyProfile`]; [`Error::PhantomCount`] when the rule's constants do not fit
    /// `n = x.len()` (`n + 1` phantoms, `2^n` coalition constants).
    pub fn evaluate(&self, x: &[Rational]) -> Result<Rational, Error> {
        let n = x.len();
        if n == 0 {
            return Err(Error::EmptyProfile);
        }
        match self {
            SpRule::GeneralizedMedian(p) => {
                if p.len() != n + 1 {
                    return Err(Error::PhantomCount {
                        expected: n + 1,
                        got: p.len(),
                    });
                }
                let mut all: Vec<&Rational> = x.iter().chain(p).collect();
                all.sort();
                Ok(all[n].clone())
            }
            SpRule::MinMax(p) => {
                if n >= 16 || p.len() != 1 << n {
                    return Err(Error::PhantomCount {
                        expected: 1usize.checked_shl(n as u32).unwrap_or(usize::MAX),
                        got: p.len(),
                    });
                }
                let mut best: Option<&Rational> = None;
                for (mask, ps) in p.iter().enumerate() {
                    let mut v = ps;
                    for (i, xi) in x.iter().enumerate() {
                        if mask >> i & 1 == 1 && xi > v {
                            v = xi;
                        }
                    }
                    if best.is_none_or(|b| v < b) {
                        best = Some(v);
                    }
                }
                Ok(best.cloned().unwrap_or_else(Rational::one))
            }
            SpRule::Average => Ok(x.iter().sum::<Rational>() * Rational::from_i128(1, n as i128)),
        }
    }
}

/// A profitable misreport: `(profile, agent, misreport or None when found by the certifier)`.
pub type Manipulation = (Vec<Rational>, usize, Option<Rational>);

fn grid(d: u64) -> Vec<Rational> {
    (0..=d)
        .map(|k| Rational::from_i128(k as i128, d as i128))
        .collect()
}

/// Calls `visit` on every profile of `G_d^n` (all orderings), stopping at the first `Err` or
/// `Ok(true)`; returns whether it stopped early.
fn for_each_profile(
    n: usize,
    d: u64,
    mut visit: impl FnMut(&[Rational]) -> Result<bool, Error>,
) -> Result<bool, Error> {
    let g = grid(d);
    let mut idx = vec![0usize; n];
    loop {
        let x: Vec<Rational> = idx.iter().map(|&k| g[k].clone()).collect();
        if visit(&x)? {
            return Ok(true);
        }
        let mut j = n;
        loop {
            if j == 0 {
                return Ok(false);
            }
            j -= 1;
            idx[j] += 1;
            if idx[j] <= d as usize {
                break;
            }
            idx[j] = 0;
        }
    }
}

fn check_size(n: usize, d: u64) -> Result<(), Error> {
    match (u128::from(d) + 1).checked_pow(n as u32) {
        Some(c) if c <= 10_000_000 && n > 0 && d > 0 => Ok(()),
        _ => Err(Error::TooLarge {
            what: format!("(d + 1)^n profiles for n = {n}, d = {d} (limit 10^7, n, d ≥ 1)"),
        }),
    }
}

/// Certifies SP of a rule that is continuous and nondecreasing in each report on every
/// profile of `G_d^n` (see the module docs): `None` when SP holds at every visited profile
/// against every misreport in `[0, 1]`, else the first manipulable profile and agent.
///
/// # Errors
/// [`Error::TooLarge`] beyond `10^7` profiles; those of [`SpRule::evaluate`].
///
/// # Complexity
/// `(d + 1)^n · (1 + 2n)` evaluations.
pub fn certify_sp(rule: &SpRule, n: usize, d: u64) -> Result<Option<Manipulation>, Error> {
    check_size(n, d)?;
    let mut found = None;
    for_each_profile(n, d, |x| {
        let y = rule.evaluate(x)?;
        let mut dev = x.to_vec();
        for i in 0..n {
            dev[i] = Rational::zero();
            let lo = rule.evaluate(&dev)?;
            dev[i] = Rational::one();
            let hi = rule.evaluate(&dev)?;
            dev[i] = x[i].clone();
            let best = x[i].clamped(&lo, &hi);
            if (&best - &x[i]).abs() < (&y - &x[i]).abs() {
                found = Some((x.to_vec(), i, None));
                return Ok(true);
            }
        }
        Ok(false)
    })?;
    Ok(found)
}

/// SP by brute force: every profile of `G_d^n`, every agent, every misreport on
/// `G_misreport_d`. `None` when no misreport gains.
///
/// # Errors
/// As [`certify_sp`]; [`Error::InvalidParameter`] for `misreport_d = 0`.
///
/// # Complexity
/// `(d + 1)^n · (1 + n(misreport_d + 1))` evaluations.
pub fn brute_force_sp(
    rule: &SpRule,
    n: usize,
    d: u64,
    misreport_d: u64,
) -> Result<Option<Manipulation>, Error> {
    check_size(n, d)?;
    if misreport_d == 0 {
        return Err(Error::InvalidParameter {
            what: "misreport grid 0".into(),
        });
    }
    let reports = grid(misreport_d);
    let mut found = None;
    for_each_profile(n, d, |x| {
        let y = rule.evaluate(x)?;
        let mut dev = x.to_vec();
        for i in 0..n {
            for r in &reports {
                dev[i] = r.clone();
                let z = rule.evaluate(&dev)?;
                if (&z - &x[i]).abs() < (&y - &x[i]).abs() {
                    found = Some((x.to_vec(), i, Some(r.clone())));
                    return Ok(true);
                }
            }
            dev[i] = x[i].clone();
        }
        Ok(false)
    })?;
    Ok(found)
}

/// Which axioms a search demands (all of them, on every profile).
pub const CONDITIONS: [(&str, &[Axiom]); 4] = [
    ("ufs", &[Axiom::Ufs]),
    ("pf", &[Axiom::Pf]),
    (
        "prop+unanimity",
        &[Axiom::Proportionality, Axiom::Unanimity],
    ),
    ("ifs", &[Axiom::Ifs]),
];

/// The outcome of a search of one family.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchReport {
    /// Rules enumerated.
    pub rules: u64,
    /// Per condition (as in [`CONDITIONS`]): the number of rules that satisfy it on every
    /// profile, and the number of distinct outcome functions among them on `G_d^n`.
    pub survivors: BTreeMap<String, (u64, u64)>,
    /// Per condition: whether every surviving function equals Uniform Phantom on `G_d^n`.
    pub only_up: BTreeMap<String, bool>,
}

/// Every rule of a family with constants on `G_m`: generalized medians (sorted `n + 1`
/// phantoms) when `min_max` is false, min–max rules when true, with antitone constants
/// (`p_{S ∪ {i}} ≤ p_S`). Every min–max rule equals one with antitone constants, so these are
/// all its outcome functions: replacing `p_S` by `min_{T ⊆ S} p_T` lowers no term below the
/// term of `T` (since `max_{S} x ≥ max_{T} x`), so the minimum is unchanged.
///
/// # Errors
/// [`Error::TooLarge`] beyond `10^7` candidate vectors.
pub fn family(n: usize, m: u64, min_max: bool) -> Result<Vec<SpRule>, Error> {
    let g = grid(m);
    let k = if min_max { 1usize << n.min(20) } else { n + 1 };
    let too_large = || Error::TooLarge {
        what: format!("more than 10^7 candidate vectors (n = {n}, m = {m})"),
    };
    let count = (u128::from(m) + 1)
        .checked_pow(k as u32)
        .ok_or_else(too_large)?;
    if count > 10_000_000 {
        return Err(too_large());
    }
    let mut out = Vec::new();
    let mut idx = vec![0usize; k];
    loop {
        let keep = if min_max {
            (0..k).all(|s| (0..n).all(|i| s >> i & 1 == 1 || idx[s | 1 << i] <= idx[s]))
        } else {
            idx.windows(2).all(|w| w[0] <= w[1])
        };
        if keep {
            let p: Vec<Rational> = idx.iter().map(|&i| g[i].clone()).collect();
            out.push(if min_max {
                SpRule::MinMax(p)
            } else {
                SpRule::GeneralizedMedian(p)
            });
        }
        let mut j = k;
        loop {
            if j == 0 {
                return Ok(out);
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

/// Searches `rules` for those satisfying each of [`CONDITIONS`] on every profile of `G_d^n`
/// (exact axiom checks, [`crate::axioms::satisfies`]), and compares the survivors' outcome
/// functions with Uniform Phantom's.
///
/// # Errors
/// As [`certify_sp`].
pub fn search(rules: &[SpRule], n: usize, d: u64) -> Result<SearchReport, Error> {
    check_size(n, d)?;
    let mut profiles = Vec::new();
    for_each_profile(n, d, |x| {
        profiles.push(x.to_vec());
        Ok(false)
    })?;
    let prepared: Vec<Profile> = profiles
        .iter()
        .map(|x| Profile::new(x.clone()))
        .collect::<Result<_, _>>()?;
    let up: Vec<Rational> = prepared
        .iter()
        .map(|p| crate::Mechanism::UniformPhantom.evaluate(p))
        .collect::<Result<_, _>>()?;
    let mut report = SearchReport {
        rules: rules.len() as u64,
        ..SearchReport::default()
    };
    let mut functions: BTreeMap<&str, std::collections::BTreeSet<Vec<Rational>>> = BTreeMap::new();
    let mut counts: BTreeMap<&str, u64> = BTreeMap::new();
    for rule in rules {
        let mut outcomes = Vec::with_capacity(profiles.len());
        let mut holds = [true; CONDITIONS.len()];
        for (x, p) in profiles.iter().zip(&prepared) {
            let y = rule.evaluate(x)?;
            for (c, (_, axioms)) in CONDITIONS.iter().enumerate() {
                if holds[c] {
                    for a in *axioms {
                        if !satisfies(*a, p, &y)? {
                            holds[c] = false;
                            break;
                        }
                    }
                }
            }
            outcomes.push(y);
            if holds.iter().all(|h| !h) {
                break;
            }
        }
        for (c, (name, _)) in CONDITIONS.iter().enumerate() {
            if holds[c] {
                *counts.entry(name).or_default() += 1;
                functions.entry(name).or_default().insert(outcomes.clone());
            }
        }
    }
    for (name, _) in CONDITIONS {
        let fs = functions.remove(name).unwrap_or_default();
        report.survivors.insert(
            name.to_string(),
            (counts.get(name).copied().unwrap_or(0), fs.len() as u64),
        );
        report.only_up.insert(
            name.to_string(),
            !fs.is_empty() && fs.iter().all(|f| *f == up),
        );
    }
    Ok(report)
}
