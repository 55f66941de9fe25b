//! Moulin's generalized median (n + 1 phantoms) and non-anonymous min–max rules: the SP
//! certifier against brute force, and the characterisation searches.

mod common;

use common::*;
use facility_location::sp_families::{SpRule, brute_force_sp, certify_sp, family, search};

#[test]
fn the_certifier_agrees_with_brute_force_on_every_rule_of_both_families() {
    // Generalized medians for n = 2, 3 with phantoms on G_2; min–max rules for n = 2 on G_2.
    // Profiles on G_2, misreports on G_4 (contains every breakpoint, 1/2 and the profile grid).
    let mut rules = family(2, 2, false).unwrap();
    rules.extend(family(2, 2, true).unwrap());
    for r in &rules {
        let c = certify_sp(r, 2, 2).unwrap();
        let b = brute_force_sp(r, 2, 2, 4).unwrap();
        assert_eq!(c.is_none(), b.is_none(), "{r:?}");
        assert!(c.is_none(), "{r:?}");
    }
    for r in family(3, 2, false).unwrap() {
        assert!(certify_sp(&r, 3, 2).unwrap().is_none());
        assert!(brute_force_sp(&r, 3, 2, 4).unwrap().is_none());
    }
}

#[test]
fn both_refute_the_average_at_the_same_first_profile() {
    let c = certify_sp(&SpRule::Average, 3, 2)
        .unwrap()
        .expect("average is not SP");
    let b = brute_force_sp(&SpRule::Average, 3, 2, 2)
        .unwrap()
        .expect("refuted");
    assert_eq!((c.0.clone(), c.1), (b.0.clone(), b.1));
    // (0, 0, 1/2): agent 3 raises the mean from 1/6 towards 1/2 by reporting 1.
    assert_eq!(c.0, vec![int(0), int(0), q(1, 2)]);
    assert_eq!(b.2, Some(int(1)));
}

#[test]
fn a_dictatorship_is_a_non_anonymous_min_max_rule_and_certified() {
    // p_∅ = 1, p_{1} = 0, p_{2} = 1, p_{12} = 0 (antitone):
    // f(x) = min(1, max(0, x1), max(1, x2), max(0, x1, x2)) = x1.
    let dictator = SpRule::MinMax(vec![int(1), int(0), int(1), int(0)]);
    assert!(family(2, 1, true).unwrap().contains(&dictator));
    assert_eq!(dictator.evaluate(&[q(1, 3), q(2, 3)]).unwrap(), q(1, 3));
    assert_eq!(dictator.evaluate(&[q(2, 3), q(1, 3)]).unwrap(), q(2, 3));
    assert!(certify_sp(&dictator, 2, 6).unwrap().is_none());
}

#[test]
fn generalized_median_searches_leave_only_uniform_phantom_for_ufs_pf_and_prop_with_unanimity() {
    for (n, m, d) in [(2, 4, 4), (3, 6, 3)] {
        let rules = family(n, m, false).unwrap();
        let r = search(&rules, n, d).unwrap();
        for c in ["ufs", "pf", "prop+unanimity"] {
            assert_eq!(r.survivors[c].1, 1, "n={n} {c}: {:?}", r.survivors);
            assert!(r.only_up[c], "n={n} {c}");
        }
        // IFS leaves a whole family (endpoint phantoms among them).
        assert!(r.survivors["ifs"].1 > 1, "n={n}");
    }
}

#[test]
fn min_max_rules_are_counted_with_antitone_constants() {
    // Counted independently (by brute force over (m + 1)^(2^n) vectors): 20 for n = 2, m = 2;
    // 105 for n = 2, m = 4.
    assert_eq!(family(2, 2, true).unwrap().len(), 20);
    assert_eq!(family(2, 4, true).unwrap().len(), 105);
    // Generalized medians: C(m + n + 1, n + 1) sorted vectors.
    assert_eq!(family(3, 6, false).unwrap().len(), 210);
}

#[test]
fn min_max_searches_leave_only_uniform_phantom_for_ufs_and_pf() {
    let rules = family(2, 4, true).unwrap();
    let r = search(&rules, 2, 4).unwrap();
    for c in ["ufs", "pf", "prop+unanimity"] {
        assert_eq!(r.survivors[c].1, 1, "{c}: {:?}", r.survivors);
        assert!(r.only_up[c], "{c}");
    }
    assert!(r.survivors["ifs"].1 > 1);
}
