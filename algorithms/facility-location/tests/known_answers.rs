//! Known answers from the definitions: Proportionality of UP, unanimity, n = 1, n = 2, named phantom
//! vectors, and the two strategyproofness counterexamples.
mod common;

use common::*;
use facility_location::grid::ProfileSet;
use facility_location::mechanism::named;
use facility_location::strategyproof::{SpVerdict, best_misreport, check_sp, manipulation_gain};
use facility_location::{Mechanism, Profile, Rational};
use rand_core::Rng;

const UNANIMOUS: [Mechanism; 8] = [
    Mechanism::UniformPhantom,
    Mechanism::Median,
    Mechanism::Leftmost,
    Mechanism::Rightmost,
    Mechanism::EndpointPhantoms,
    Mechanism::HalfPhantoms,
    Mechanism::Average,
    Mechanism::Midpoint,
];

#[test]
fn uniform_phantom_is_proportional_on_every_binary_profile() {
    for n in 1..=10usize {
        let ev = Mechanism::UniformPhantom.prepare(n).unwrap();
        for mask in 0u32..(1 << n) {
            let locs = (0..n).map(|i| int((mask >> i & 1) as i64)).collect();
            let p = Profile::new(locs).unwrap();
            let ones = mask.count_ones() as i64;
            assert_eq!(
                ev.evaluate(&p).unwrap(),
                q(ones, n as i64),
                "n={n} mask={mask:b}"
            );
        }
    }
}

#[test]
fn unanimous_profiles() {
    for n in 1..=9usize {
        for z in [q(0, 1), q(1, 7), q(1, 2), q(5, 9), q(1, 1), q(1, n as i64)] {
            let p = Profile::new(vec![z.clone(); n]).unwrap();
            for m in &UNANIMOUS {
                assert_eq!(m.evaluate(&p).unwrap(), z, "{m} n={n} z={z}");
            }
            // Clamped median: clamp(z, 1/n, 1 - 1/n) (x_1 for n = 1).
            let expected = if n == 1 {
                z.clone()
            } else {
                z.clamped(&q(1, n as i64), &q(n as i64 - 1, n as i64))
            };
            assert_eq!(
                Mechanism::ClampedMedian.evaluate(&p).unwrap(),
                expected,
                "n={n} z={z}"
            );
        }
    }
}

#[test]
fn one_agent_gets_its_location() {
    let mut r = rng(1);
    for _ in 0..50 {
        let x = random_unit(&mut r, 1000);
        let p = Profile::new(vec![x.clone()]).unwrap();
        for m in UNANIMOUS.iter().chain([Mechanism::ClampedMedian].iter()) {
            assert_eq!(m.evaluate(&p).unwrap(), x, "{m}");
        }
        // IFS for n = 1 forces y = x_1.
        let ifs = facility_location::axioms::feasible_interval(facility_location::Axiom::Ifs, &p);
        assert_eq!((ifs.lo, ifs.hi), (x.clone(), x));
    }
}

#[test]
fn two_agents_uniform_phantom_is_median_with_one_half() {
    let mut r = rng(2);
    let half = q(1, 2);
    for _ in 0..200 {
        let (a, b) = (random_unit(&mut r, 50), random_unit(&mut r, 50));
        let p = Profile::new(vec![a.clone(), b.clone()]).unwrap();
        let mut v = [a, b, half.clone()];
        v.sort();
        assert_eq!(Mechanism::UniformPhantom.evaluate(&p).unwrap(), v[1]);
    }
}

#[test]
fn named_phantom_vectors_match_their_definitions() {
    let strs = |v: Vec<Rational>| v.iter().map(|r| r.to_string()).collect::<Vec<_>>();
    assert_eq!(
        strs(named::uniform_phantom(5).unwrap()),
        ["1/5", "2/5", "3/5", "4/5"]
    );
    assert_eq!(strs(named::median(5).unwrap()), ["0", "0", "1", "1"]);
    assert_eq!(strs(named::median(6).unwrap()), ["0", "0", "0", "1", "1"]);
    assert_eq!(
        strs(named::endpoint_phantoms(5).unwrap()),
        ["1/5", "1/5", "4/5", "4/5"]
    );
    assert_eq!(
        strs(named::endpoint_phantoms(6).unwrap()),
        ["1/6", "1/6", "5/6", "5/6", "5/6"]
    );
    assert_eq!(strs(named::half_phantoms(3).unwrap()), ["1/2", "1/2"]);
    assert!(named::leftmost(1).unwrap().is_empty());
    // Left median picks x_(⌈n/2⌉); leftmost/rightmost pick the extremes.
    let p = prof(&[(9, 10), (1, 10), (1, 2), (3, 10)]);
    assert_eq!(Mechanism::Median.evaluate(&p).unwrap(), q(3, 10));
    assert_eq!(Mechanism::Leftmost.evaluate(&p).unwrap(), q(1, 10));
    assert_eq!(Mechanism::Rightmost.evaluate(&p).unwrap(), q(9, 10));
    // k-th order statistic.
    for k in 1..=4 {
        let m = Mechanism::Phantom(
            facility_location::PhantomMechanism::new(named::order_statistic(4, k).unwrap())
                .unwrap(),
        );
        assert_eq!(m.evaluate(&p).unwrap(), sorted(&p)[k - 1]);
    }
}

#[test]
fn average_counterexample_n3() {
    // x = (0, 0, 1/2): truthful 1/6; agent 3 reporting 1 gives 1/3.
    let x = prof(&[(0, 1), (0, 1), (1, 2)]);
    assert_eq!(Mechanism::Average.evaluate(&x).unwrap(), q(1, 6));
    let g = manipulation_gain(&Mechanism::Average, &x, 2, &int(1)).unwrap();
    assert_eq!(g, (q(1, 2) - q(1, 6)) - (q(1, 2) - q(1, 3)));
    // The exhaustive refuter finds exactly this profile first on G_2.
    let SpVerdict::Refuted(c) =
        check_sp(&Mechanism::Average, 3, &ProfileSet::sorted_grid(2)).unwrap()
    else {
        panic!("average not refuted")
    };
    assert_eq!(c.profile, x);
    assert_eq!((c.agent, c.misreport.clone()), (2, int(1)));
    assert_eq!(
        (c.truthful_outcome.clone(), c.manipulated_outcome.clone()),
        (q(1, 6), q(1, 3))
    );
    assert_eq!(c.gain, q(1, 6));
}

#[test]
fn midpoint_counterexample() {
    // x = (1/5, 3/10, 3/5): truthful 2/5; agent 3 reporting 1 gives 3/5.
    let x = prof(&[(1, 5), (3, 10), (3, 5)]);
    assert_eq!(Mechanism::Midpoint.evaluate(&x).unwrap(), q(2, 5));
    let g = manipulation_gain(&Mechanism::Midpoint, &x, 2, &int(1)).unwrap();
    assert_eq!(g, q(1, 5)); // |2/5 - 3/5| - |3/5 - 3/5|
    let c = best_misreport(&Mechanism::Midpoint, &x, 2, 10)
        .unwrap()
        .unwrap();
    assert_eq!(
        (c.misreport, c.manipulated_outcome, c.gain),
        (int(1), q(3, 5), q(1, 5))
    );
    // The grid refuter finds a counterexample on G_10, which must check out independently.
    let SpVerdict::Refuted(c) =
        check_sp(&Mechanism::Midpoint, 3, &ProfileSet::sorted_grid(10)).unwrap()
    else {
        panic!("midpoint not refuted")
    };
    let xi = c.profile.get(c.agent).unwrap();
    let dev = c
        .profile
        .with_location(c.agent, c.misreport.clone())
        .unwrap();
    let mid = |p: &Profile| {
        let s = sorted(p);
        (s[0].clone() + s[s.len() - 1].clone()) * q(1, 2)
    };
    let gain = (mid(&c.profile) - &xi).abs() - (mid(&dev) - &xi).abs();
    assert!(gain > int(0));
    assert_eq!(gain, c.gain);
}

#[test]
fn phantom_rules_are_certified_and_nothing_pays_on_the_rational_path() {
    for n in 1..=4usize {
        for m in [
            Mechanism::UniformPhantom,
            Mechanism::Median,
            Mechanism::Leftmost,
            Mechanism::Rightmost,
            Mechanism::EndpointPhantoms,
            Mechanism::HalfPhantoms,
            Mechanism::ClampedMedian,
        ] {
            let v = check_sp(&m, n, &ProfileSet::sorted_grid(6).and_clustered(10, 2)).unwrap();
            assert!(v.is_certified(), "{m} n={n}: {v:?}");
        }
    }
    // Random rational profiles, random agents, misreports on a fine grid: no gain.
    let mut r = rng(3);
    for _ in 0..60 {
        let n = (r.next_u64() % 5 + 1) as usize;
        let p = random_profile(&mut r, n, 20);
        let agent = (r.next_u64() % n as u64) as usize;
        for m in [
            Mechanism::UniformPhantom,
            Mechanism::EndpointPhantoms,
            Mechanism::ClampedMedian,
        ] {
            assert!(
                best_misreport(&m, &p, agent, 60).unwrap().is_none(),
                "{m} {p}"
            );
        }
    }
}

#[test]
fn average_and_midpoint_are_refuted_for_every_n_from_3() {
    for n in 3..=5 {
        for m in [Mechanism::Average, Mechanism::Midpoint] {
            let v = check_sp(&m, n, &ProfileSet::sorted_grid(4)).unwrap();
            let SpVerdict::Refuted(c) = v else {
                panic!("{m} n={n} not refuted")
            };
            // Verify with the rational path.
            assert_eq!(
                manipulation_gain(&m, &c.profile, c.agent, &c.misreport).unwrap(),
                c.gain,
                "{m} n={n}"
            );
            assert!(c.gain > int(0));
        }
    }
}
