//! The equilibrium enumerator against hand-solved cases, and the equilibrium
//! characterisation (every pure-equilibrium outcome is Uniform Phantom's) on small grids.

mod common;

use common::*;
use facility_location::equilibrium::{Continuous, enumerate_equilibria, is_equilibrium, study};

#[test]
fn the_average_at_0_0_half_has_exactly_the_hand_solved_equilibrium() {
    // Agents 1 and 2 (at 0) want the outcome as low as possible: report 0. Agent 3 (at 1/2)
    // can raise the mean to at most (0 + 0 + 1)/3 = 1/3 < 1/2: report 1. Strict monotonicity
    // makes every other profile a non-equilibrium. Outcome 1/3 = UP(0, 0, 1/2).
    let x = [int(0), int(0), q(1, 2)];
    let eq = enumerate_equilibria(&Continuous::Average, &x, 6).unwrap();
    assert_eq!(eq, vec![(vec![int(0), int(0), int(1)], q(1, 3))]);
    // The mix reaches the same equilibrium (UP(0, 0, 1) = 1/3 too).
    let eq = enumerate_equilibria(&Continuous::Mix(q(1, 2)), &x, 6).unwrap();
    assert_eq!(eq, vec![(vec![int(0), int(0), int(1)], q(1, 3))]);
}

#[test]
fn the_average_for_two_agents_has_the_hand_solved_interior_equilibrium() {
    // x = (1/4, 1/2): UP = median(1/4, 1/2, 1/2) = 1/2. Agent 1 wants 1/4, agent 2 wants
    // 1/2 > 1/4: agent 1 reports 0, agent 2 reports 2·(1/2) − 0 = 1. Outcome 1/2.
    let x = [q(1, 4), q(1, 2)];
    let eq = enumerate_equilibria(&Continuous::Average, &x, 8).unwrap();
    assert_eq!(eq, vec![(vec![int(0), int(1)], q(1, 2))]);
    // x = (1/4, 1/4): both can reach 1/4 exactly; every r with r1 + r2 = 1/2 is an
    // equilibrium (5 on G_8: (0,1/2), (1/8,3/8), …), all with outcome 1/4 = UP.
    let eq = enumerate_equilibria(&Continuous::Average, &[q(1, 4), q(1, 4)], 8).unwrap();
    assert_eq!(eq.len(), 5);
    assert!(eq.iter().all(|(_, y)| *y == q(1, 4)));
}

#[test]
fn a_non_equilibrium_is_rejected_with_its_better_deviation_off_the_grid() {
    // Truthful reports under the average at (0, 0, 1/2): agent 3 gains by reporting 1.
    let x = [int(0), int(0), q(1, 2)];
    assert!(!is_equilibrium(&Continuous::Average, &x, &x).unwrap());
}

#[test]
fn every_equilibrium_outcome_is_uniform_phantom_on_small_grids() {
    for f in Continuous::studied() {
        for (n, d, m) in [(2, 4, 8), (3, 3, 6)] {
            let s = study(&f, n, d, m).unwrap();
            assert!(s.equilibria > 0, "{} n={n}", f.name());
            assert_eq!(
                s.equal_to_up,
                s.equilibria,
                "{}: {:?}",
                f.name(),
                s.first_difference
            );
        }
    }
}

#[test]
fn the_pf_midpoint_mix_is_strictly_monotone_and_ufs_on_a_grid() {
    use facility_location::{Axiom, Profile, axioms::satisfies};
    let f = Continuous::PfMidpointMix;
    let g: Vec<_> = (0..=6).map(|k| q(k, 6)).collect();
    for a in &g {
        for b in &g {
            for c in &g {
                let x = vec![a.clone(), b.clone(), c.clone()];
                let y = f.evaluate(&x).unwrap();
                assert!(satisfies(Axiom::Ufs, &Profile::new(x.clone()).unwrap(), &y).unwrap());
                if *a < int(1) {
                    let mut up = x.clone();
                    up[0] = &x[0] + &q(1, 6);
                    assert!(f.evaluate(&up).unwrap() > y, "{x:?}");
                }
            }
        }
    }
}
