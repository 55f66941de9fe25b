//! Shared helpers for the integration tests: closed forms, oracles, seeded generators.
//!
//! Expected values come from the closed forms and the definitions in
//! [`facility_location::oracle`] (the one home of the independent oracles, shared with the
//! benchmark suite) and from the oracles written here for big rationals (sorting all `2n - 1`
//! numbers, enumerating every group of agents), never from the code under test.
#![allow(dead_code, unreachable_pub)]

use facility_location::{Profile, Rational, oracle};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use rand_core::{Rng, SeedableRng};
use rand_pcg::Pcg64;

/// A proptest runner with a fixed seed; `PROPTEST_CASES` raises the number of cases.
pub fn runner(name: &str) -> TestRunner {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(128);
    let mut seed = [0u8; 32];
    for (i, b) in name.bytes().enumerate() {
        seed[i % 32] ^= b;
    }
    TestRunner::new_with_rng(
        Config {
            cases,
            failure_persistence: None,
            ..Config::default()
        },
        TestRng::from_seed(RngAlgorithm::ChaCha, &seed),
    )
}

/// `a/b` (test shorthand).
pub fn q(a: i64, b: i64) -> Rational {
    Rational::new(a, b).unwrap()
}

/// `k` as a rational.
pub fn int(k: i64) -> Rational {
    Rational::from_integer(k)
}

/// A profile from `(a, b)` pairs.
pub fn prof(pairs: &[(i64, i64)]) -> Profile {
    Profile::from_fractions(pairs).unwrap()
}

/// A profile with `a` agents at 0 and `b` at 1 (zeros first).
pub fn zeros_ones(a: usize, b: usize) -> Profile {
    let mut v = vec![int(0); a];
    v.extend(vec![int(1); b]);
    Profile::new(v).unwrap()
}

// ---------- closed forms (facility_location::oracle) ----------

fn frac((a, b): oracle::Fraction) -> Rational {
    Rational::new(a as i64, b as i64).unwrap()
}

/// `max_k kn/(k² + (n-k)²)`: UP's (and the average's) ρ_SW; the UFS/PF/Prop lower bound.
pub fn up_sw(n: i64) -> Rational {
    frac(oracle::up_welfare_ratio(n as i128))
}

/// `n(n-1)/(n² - 2n + 2)`: endpoint phantoms' ρ_SW; the IFS lower bound.
pub fn ep_sw(n: i64) -> Rational {
    frac(oracle::ifs_welfare_bound(n as i128))
}

/// `2 - 2/n`.
pub fn two_minus(n: i64) -> Rational {
    frac(oracle::two_minus_two_over_n(n as i128))
}

/// `n/(n-1)` (n >= 2).
pub fn n_over(n: i64) -> Rational {
    q(n, n - 1)
}

// ---------- oracles ----------

/// Sorted copy of the locations.
pub fn sorted(p: &Profile) -> Vec<Rational> {
    let mut v = p.locations();
    v.sort();
    v
}

/// The phantom rule by definition: the n-th smallest of the 2n - 1 numbers, by a full sort.
pub fn phantom_oracle(p: &Profile, phantoms: &[Rational]) -> Rational {
    let mut all = p.locations();
    all.extend(phantoms.iter().cloned());
    all.sort();
    all[p.len() - 1].clone()
}

/// Uniform Phantom by definition (phantoms k/n): [`oracle::uniform_phantom`] when every
/// location fits in `i64`, else the big-rational sort.
pub fn up_oracle(p: &Profile) -> Rational {
    if let Some(xs) = p.as_small() {
        let f: Vec<oracle::Fraction> = xs
            .iter()
            .map(|r| (*r.numer() as i128, *r.denom() as i128))
            .collect();
        return frac(oracle::uniform_phantom(&f));
    }
    let n = p.len() as i64;
    let ph: Vec<Rational> = (1..n).map(|k| q(k, n)).collect();
    phantom_oracle(p, &ph)
}

/// Whether the axiom holds at `y`, straight from the definitions, by enumerating every
/// nonempty group of agents (n <= ~12).
pub fn axiom_by_definition(name: &str, p: &Profile, y: &Rational) -> bool {
    let x = p.locations();
    let n = x.len();
    let nn = int(n as i64);
    let one = int(1);
    let u = |i: usize| &one - &(y - &x[i]).abs();
    match name {
        "IFS" => (0..n).all(|i| u(i) >= q(1, n as i64)),
        "UFS" | "PF" => (1u32..(1 << n)).all(|mask| {
            let s: Vec<usize> = (0..n).filter(|i| mask >> i & 1 == 1).collect();
            let lo = s.iter().map(|&i| x[i].clone()).min().unwrap();
            let hi = s.iter().map(|&i| x[i].clone()).max().unwrap();
            let size = Rational::new(s.len() as i64, 1).unwrap();
            let share = size.checked_div(&nn).unwrap();
            if name == "UFS" {
                lo != hi || s.iter().all(|&i| u(i) >= share)
            } else {
                let r = &hi - &lo;
                s.iter().all(|&i| u(i) >= &share - &r)
            }
        }),
        "Proportionality" => {
            if x.iter().all(|v| *v == int(0) || *v == one) {
                let ones = x.iter().filter(|v| **v == one).count() as i64;
                *y == q(ones, n as i64)
            } else {
                true
            }
        }
        "unanimity" => x.iter().any(|v| *v != x[0]) || *y == x[0],
        _ => panic!("unknown axiom {name}"),
    }
}

// ---------- generators ----------

/// A seeded PCG-64.
pub fn rng(seed: u64) -> Pcg64 {
    Pcg64::seed_from_u64(seed)
}

/// A random rational in [0, 1] with denominator in 1..=max_den.
pub fn random_unit(rng: &mut Pcg64, max_den: u64) -> Rational {
    let d = rng.next_u64() % max_den + 1;
    let a = rng.next_u64() % (d + 1);
    Rational::new(a as i64, d as i64).unwrap()
}

/// A random profile of n rationals with denominators up to max_den; with probability 1/4
/// an entry is 0 or 1, and with probability 1/4 it repeats an earlier entry (ties matter).
pub fn random_profile(rng: &mut Pcg64, n: usize, max_den: u64) -> Profile {
    let mut v: Vec<Rational> = Vec::with_capacity(n);
    for _ in 0..n {
        let r = match rng.next_u64() % 8 {
            0 => int(0),
            1 => int(1),
            2 | 3 if !v.is_empty() => v[(rng.next_u64() % v.len() as u64) as usize].clone(),
            _ => random_unit(rng, max_den),
        };
        v.push(r);
    }
    Profile::new(v).unwrap()
}

/// Proptest strategy: a profile of 1..=max_n rationals with small denominators (ties and
/// endpoints are frequent).
pub fn profile_strategy(max_n: usize) -> impl Strategy<Value = Profile> {
    proptest::collection::vec((0i64..=12, 1i64..=12), 1..=max_n).prop_map(|v| {
        let locs = v.into_iter().map(|(a, b)| q(a.min(b), b)).collect();
        Profile::new(locs).unwrap()
    })
}

/// Proptest strategy: a location in [0, 1].
pub fn unit_strategy() -> impl Strategy<Value = Rational> {
    (0i64..=24, 1i64..=24).prop_map(|(a, b)| q(a.min(b), b))
}
