//! The axioms: intervals against the definitions (every group of agents), PF's O(n) form
//! against the O(n²) blocks, the implications between axioms as property tests, and the
//! axiom columns of the README's table.
mod common;

use common::*;
use facility_location::axioms::{
    Axiom, best_feasible_outcome, check_mechanism, feasible_interval, optimal_interval,
    pf_interval_by_blocks, satisfies,
};
use facility_location::grid::ProfileSet;
use facility_location::{Mechanism, Profile, Rational};

#[test]
fn intervals_agree_with_the_definitions() {
    let mut runner = runner("axiom-definitions");
    runner
        .run(&(profile_strategy(8), unit_strategy()), |(p, y)| {
            for a in Axiom::ALL {
                let by_interval = satisfies(a, &p, &y).unwrap();
                let by_def = axiom_by_definition(a.name(), &p, &y);
                proptest::prop_assert_eq!(by_interval, by_def, "{} at {} on {}", a, y, p);
            }
            Ok(())
        })
        .unwrap();
}

#[test]
fn interval_ends_agree_with_the_definitions() {
    // The ends themselves satisfy the axiom and points just outside do not.
    let mut r = rng(11);
    for _ in 0..300 {
        let n = 1 + (rand_core::Rng::next_u64(&mut r) % 7) as usize;
        let p = random_profile(&mut r, n, 12);
        for a in Axiom::ALL {
            let iv = feasible_interval(a, &p);
            assert!(!iv.is_empty(), "{a} empty on {p}");
            for y in [iv.lo.clone(), iv.hi.clone()] {
                assert!(axiom_by_definition(a.name(), &p, &y), "{a} end {y} on {p}");
            }
            let eps = q(1, 10_000);
            let below = &iv.lo - &eps;
            let above = &iv.hi + &eps;
            if below >= int(0) {
                assert!(
                    !axiom_by_definition(a.name(), &p, &below),
                    "{a} below {below} on {p}"
                );
            }
            if above <= int(1) {
                assert!(
                    !axiom_by_definition(a.name(), &p, &above),
                    "{a} above {above} on {p}"
                );
            }
        }
    }
}

#[test]
fn pf_linear_form_equals_block_enumeration() {
    let mut runner = runner("pf-blocks");
    runner
        .run(&profile_strategy(12), |p| {
            proptest::prop_assert_eq!(feasible_interval(Axiom::Pf, &p), pf_interval_by_blocks(&p));
            Ok(())
        })
        .unwrap();
}

#[test]
fn implications_between_axioms() {
    // PF ⇒ UFS ⇒ IFS; UFS ⇒ Proportionality; UFS ⇒ unanimity (from the definitions of
    // Aziz et al.: each axiom's feasible interval contains the next one's).
    let mut runner = runner("implications");
    runner
        .run(&(profile_strategy(10), unit_strategy()), |(p, y)| {
            let s = |a| satisfies(a, &p, &y).unwrap();
            if s(Axiom::Pf) {
                proptest::prop_assert!(s(Axiom::Ufs));
            }
            if s(Axiom::Ufs) {
                proptest::prop_assert!(s(Axiom::Ifs));
                proptest::prop_assert!(s(Axiom::Proportionality));
                proptest::prop_assert!(s(Axiom::Unanimity));
            }
            Ok(())
        })
        .unwrap();
    // Equivalently, as interval inclusions on random profiles.
    let mut r = rng(12);
    for _ in 0..500 {
        let n = 1 + (rand_core::Rng::next_u64(&mut r) % 10) as usize;
        let p = random_profile(&mut r, n, 30);
        let iv = |a| feasible_interval(a, &p);
        let inside = |a: Axiom, b: Axiom| iv(b).lo <= iv(a).lo && iv(a).hi <= iv(b).hi;
        assert!(inside(Axiom::Pf, Axiom::Ufs), "{p}");
        assert!(inside(Axiom::Ufs, Axiom::Ifs), "{p}");
        assert!(inside(Axiom::Ufs, Axiom::Proportionality), "{p}");
        assert!(inside(Axiom::Ufs, Axiom::Unanimity), "{p}");
    }
}

#[test]
fn best_feasible_outcome_is_optimal_among_feasible_points() {
    let mut r = rng(13);
    for _ in 0..200 {
        let n = 1 + (rand_core::Rng::next_u64(&mut r) % 8) as usize;
        let p = random_profile(&mut r, n, 10);
        let opt = optimal_interval(&p);
        for a in Axiom::ALL {
            let y = best_feasible_outcome(a, &p);
            assert!(feasible_interval(a, &p).contains(&y));
            // No feasible grid point has lower total cost.
            let tc = |z: &Rational| {
                p.locations()
                    .iter()
                    .map(|x| (x - z).abs())
                    .sum::<Rational>()
            };
            for k in 0..=120 {
                let z = q(k, 120);
                if feasible_interval(a, &p).contains(&z) {
                    assert!(tc(&y) <= tc(&z), "{a} {p}: {y} vs {z}");
                }
            }
            if feasible_interval(a, &p).contains(&opt.lo)
                || feasible_interval(a, &p).contains(&opt.hi)
            {
                assert_eq!(tc(&y), tc(&opt.lo));
            }
        }
    }
}

/// The README's table, axiom columns: (mechanism, [IFS, UFS, Prop, PF]) for n >= 4 (n = 3 for all rows but
/// endpoint phantoms, which coincide with Uniform Phantom at n = 3).
fn table() -> Vec<(Mechanism, [bool; 4])> {
    vec![
        (Mechanism::Median, [false, false, false, false]),
        (Mechanism::Leftmost, [false, false, false, false]),
        (Mechanism::UniformPhantom, [true, true, true, true]),
        (Mechanism::EndpointPhantoms, [true, false, false, false]),
        (Mechanism::ClampedMedian, [true, false, false, false]),
        (Mechanism::HalfPhantoms, [true, false, false, false]),
        (Mechanism::Average, [true, true, true, true]),
        (Mechanism::Midpoint, [true, false, false, false]),
    ]
}

#[test]
fn table_axiom_columns() {
    let axioms = [
        Axiom::Ifs,
        Axiom::Ufs,
        Axiom::Proportionality,
        Axiom::Pf,
        Axiom::Unanimity,
    ];
    for n in 3..=5usize {
        let set = ProfileSet::sorted_grid(2 * n as u64).and_clustered(24, 3);
        for (m, mut expected) in table() {
            if m == Mechanism::EndpointPhantoms && n == 3 {
                // For n = 3 the endpoint phantoms are 1/3 and 2/3: Uniform Phantom itself.
                expected = [true; 4];
            }
            let got = check_mechanism(&m, n, &set, &axioms).unwrap();
            for (k, (a, v)) in got.iter().take(4).enumerate() {
                assert_eq!(v.is_none(), expected[k], "{m} n={n} {a}: {v:?}");
                if let Some(v) = v {
                    // The violation checks out on the rational path and by definition.
                    assert_eq!(m.evaluate(&v.profile).unwrap(), v.outcome);
                    assert_eq!(feasible_interval(*a, &v.profile), v.interval);
                    assert!(!axiom_by_definition(a.name(), &v.profile, &v.outcome));
                }
            }
            // Unanimity: every rule but the clamped median.
            let unanimous = got[4].1.is_none();
            assert_eq!(
                unanimous,
                m != Mechanism::ClampedMedian,
                "{m} n={n} unanimity"
            );
        }
    }
}

#[test]
fn two_agents_endpoint_and_half_phantoms_are_uniform_phantom() {
    // For n = 2 all three have the single phantom 1/2, so all satisfy every axiom; midpoint
    // and average coincide and satisfy IFS (the table's "n >= 3" caveat).
    let set = ProfileSet::sorted_grid(12);
    for m in [
        Mechanism::UniformPhantom,
        Mechanism::EndpointPhantoms,
        Mechanism::HalfPhantoms,
    ] {
        let got = check_mechanism(&m, 2, &set, &Axiom::ALL).unwrap();
        assert!(got.iter().all(|(_, v)| v.is_none()), "{m}");
    }
    let got = check_mechanism(&Mechanism::Midpoint, 2, &set, &[Axiom::Ifs]).unwrap();
    assert!(got[0].1.is_none());
}

#[test]
fn feasible_interval_spot_values() {
    let p = prof(&[(0, 1), (0, 1), (1, 1)]);
    let s = |a| feasible_interval(a, &p).to_string();
    assert_eq!(s(Axiom::Ifs), "[1/3, 2/3]");
    assert_eq!(s(Axiom::Ufs), "[1/3, 1/3]");
    assert_eq!(s(Axiom::Proportionality), "[1/3, 1/3]");
    assert_eq!(s(Axiom::Pf), "[1/3, 1/3]");
    assert_eq!(s(Axiom::Unanimity), "[0, 1]");
    let u = Profile::new(vec![q(2, 7); 4]).unwrap();
    assert_eq!(
        feasible_interval(Axiom::Unanimity, &u).to_string(),
        "[2/7, 2/7]"
    );
    assert_eq!(feasible_interval(Axiom::Ufs, &u).to_string(), "[2/7, 2/7]");
}
