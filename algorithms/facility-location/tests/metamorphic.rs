//! Metamorphic relations of the definitions, as seeded property tests: reflection, permutation
//! invariance (anonymity) and monotonicity.
mod common;

use common::*;
use facility_location::{Mechanism, Profile, Rational};
use proptest::prelude::*;

#[test]
fn reflection() {
    // f(1 - x) = 1 - f(x): UP, average, midpoint, half phantoms for every n; the median and
    // endpoint phantoms for odd n only (their phantom counts differ for even n).
    let mut runner = runner("reflection");
    runner
        .run(&profile_strategy(9), |p| {
            let one = int(1);
            let r = p.reflected();
            let mut rules = vec![
                Mechanism::UniformPhantom,
                Mechanism::Average,
                Mechanism::Midpoint,
                Mechanism::HalfPhantoms,
            ];
            if p.len() % 2 == 1 {
                rules.extend([Mechanism::Median, Mechanism::EndpointPhantoms]);
            }
            for m in rules {
                let y = m.evaluate(&p).unwrap();
                prop_assert_eq!(m.evaluate(&r).unwrap(), &one - &y, "{} on {}", m, p);
            }
            Ok(())
        })
        .unwrap();
}

#[test]
fn permutation_invariance() {
    let mut runner = runner("permutation");
    runner
        .run(&(profile_strategy(9), any::<u64>()), |(p, seed)| {
            let mut v = p.locations();
            // A seeded Fisher–Yates shuffle.
            let mut s = seed | 1;
            for i in (1..v.len()).rev() {
                s ^= s << 13;
                s ^= s >> 7;
                s ^= s << 17;
                v.swap(i, (s % (i as u64 + 1)) as usize);
            }
            let shuffled = Profile::new(v).unwrap();
            for m in Mechanism::NAMED {
                prop_assert_eq!(
                    m.evaluate(&p).unwrap(),
                    m.evaluate(&shuffled).unwrap(),
                    "{}",
                    m
                );
            }
            Ok(())
        })
        .unwrap();
}

#[test]
fn monotonicity() {
    // Raising any x_i never lowers f(x) for phantom rules (and the clamped median).
    let mut runner = runner("monotonicity");
    runner
        .run(
            &(
                profile_strategy(9),
                any::<prop::sample::Index>(),
                unit_strategy(),
            ),
            |(p, i, t)| {
                let i = i.index(p.len());
                let xi = p.get(i).unwrap();
                let raised: Rational = &xi + &(&(int(1) - &xi) * &t); // xi + t(1 - xi) >= xi
                let q2 = p.with_location(i, raised).unwrap();
                for m in [
                    Mechanism::UniformPhantom,
                    Mechanism::Median,
                    Mechanism::Leftmost,
                    Mechanism::Rightmost,
                    Mechanism::EndpointPhantoms,
                    Mechanism::HalfPhantoms,
                    Mechanism::ClampedMedian,
                    Mechanism::Average,
                    Mechanism::Midpoint,
                ] {
                    prop_assert!(
                        m.evaluate(&q2).unwrap() >= m.evaluate(&p).unwrap(),
                        "{} {}",
                        m,
                        p
                    );
                }
                Ok(())
            },
        )
        .unwrap();
}

#[test]
fn phantom_rules_match_the_sorting_oracle() {
    let mut runner = runner("phantom-oracle");
    runner
        .run(&profile_strategy(12), |p| {
            let n = p.len();
            for m in [
                Mechanism::UniformPhantom,
                Mechanism::Median,
                Mechanism::EndpointPhantoms,
                Mechanism::HalfPhantoms,
            ] {
                let ph = m.phantoms(n).unwrap().unwrap();
                prop_assert_eq!(m.evaluate(&p).unwrap(), phantom_oracle(&p, &ph));
            }
            Ok(())
        })
        .unwrap();
}
