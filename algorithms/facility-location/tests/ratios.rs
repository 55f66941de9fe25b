//! The README's ratio table (closed forms from `facility_location::oracle`), reproduced as exact rationals for n = 2..20 (lower bounds and extremal profiles 2..12) by the search harness,
//! with the extremal profiles (k agents at 0 and n - k at 1; n - 1 at 0 and one at ε). Expected values are the closed forms.
mod common;

use common::*;
use facility_location::grid::ProfileSet;
use facility_location::ratios::{ApproxRatio, Ratios, axiom_lower_bound, ratios_at, worst_case};
use facility_location::{Axiom, Mechanism, Profile, Rational};

fn fin(r: Rational) -> ApproxRatio {
    ApproxRatio::Finite(r)
}

/// Grid and clustered profiles: every profile with at most three distinct locations on
/// `G_{2n}` (so `ε = 1/(2n) < 1/n` is available), plus the full sorted grid for small n.
fn set(n: usize) -> ProfileSet {
    let d = 2 * n as u64;
    let s = ProfileSet::clustered(d, 3);
    if n <= 5 { s.and_sorted_grid(d) } else { s }
}

/// Expected (ρ_SW, ρ_TC): the closed forms of the README's table.
fn expected(m: &Mechanism, n: i64) -> (ApproxRatio, ApproxRatio) {
    match m {
        Mechanism::Median => (fin(int(1)), fin(int(1))),
        Mechanism::Leftmost => (fin(int(n - 1).max(int(1))), fin(int(n - 1).max(int(1)))),
        Mechanism::UniformPhantom => (fin(up_sw(n)), fin(int(n - 1))),
        Mechanism::EndpointPhantoms => (fin(ep_sw(n)), fin(int(n - 1))),
        Mechanism::ClampedMedian => (fin(n_over(n)), ApproxRatio::Infinite),
        Mechanism::HalfPhantoms => (fin(two_minus(n)), fin(int(n - 1))),
        Mechanism::Average => (fin(up_sw(n)), fin(two_minus(n))),
        Mechanism::Midpoint => (fin(two_minus(n)), fin(q(n, 2))),
        _ => unreachable!(),
    }
}

/// The extremum must be attained at its arg-max profile, checked on the rational path.
fn check_argmax(m: &Mechanism, r: &Ratios) {
    for (e, is_sw) in [(&r.sw, true), (&r.tc, false)] {
        let y = m.evaluate(&e.argmax).unwrap();
        assert_eq!(y, e.outcome);
        let (sw, tc) = ratios_at(&e.argmax, &y);
        assert_eq!(if is_sw { sw } else { tc }, e.value, "{m} at {}", e.argmax);
    }
}

/// Multiplicities of the distinct locations of a sorted profile.
fn shape(p: &Profile) -> Vec<(Rational, usize)> {
    let mut v: Vec<(Rational, usize)> = Vec::new();
    for x in sorted(p) {
        match v.last_mut() {
            Some((y, c)) if *y == x => *c += 1,
            _ => v.push((x, 1)),
        }
    }
    v
}

#[test]
fn ratio_table_n_2_to_20() {
    for n in 2..=20usize {
        let set = set(n);
        for m in Mechanism::NAMED {
            if m == Mechanism::Rightmost {
                continue; // mirror of leftmost
            }
            let r = worst_case(&m, n, &set).unwrap();
            let (sw, tc) = expected(&m, n as i64);
            assert_eq!(
                (r.sw.value.clone(), r.tc.value.clone()),
                (sw, tc),
                "{m} n={n}"
            );
            check_argmax(&m, &r);
        }
    }
}

#[test]
fn spot_values() {
    let sw = |m: &Mechanism, n: usize| worst_case(m, n, &set(n)).unwrap().sw.value;
    let up = Mechanism::UniformPhantom;
    let ep = Mechanism::EndpointPhantoms;
    assert_eq!(sw(&up, 3), fin(q(6, 5)));
    assert_eq!(sw(&up, 4), fin(q(6, 5)));
    assert_eq!(sw(&up, 5), fin(q(20, 17)));
    assert_eq!(sw(&ep, 6), fin(q(15, 13)));
    assert_eq!(sw(&ep, 10), fin(q(45, 41)));
    // UP n = 10 ≈ 1.2069, EP n = 12 ≈ 1.0820.
    assert!((sw(&up, 10).to_f64() - 1.2069).abs() < 1e-4);
    assert!((sw(&ep, 12).to_f64() - 1.0820).abs() < 1e-4);
}

#[test]
fn extremal_profiles_attain_the_closed_forms() {
    for n in 3..=12usize {
        let ni = n as i64;
        // UP ρ_SW: k agents at one end, n - k at the other, k maximising kn/(k²+(n-k)²).
        let r = worst_case(&Mechanism::UniformPhantom, n, &set(n)).unwrap();
        let s = shape(&r.sw.argmax);
        assert_eq!(s.len(), 2, "UP n={n}: {}", r.sw.argmax);
        assert_eq!((s[0].0.clone(), s[1].0.clone()), (int(0), int(1)));
        let k = s[0].1.max(s[1].1) as i64;
        assert_eq!(q(k * ni, k * k + (ni - k) * (ni - k)), up_sw(ni));
        // UP ρ_TC: n - 1 agents at one end and one at distance ε < 1/n (or the mirror image).
        let s = shape(&r.tc.argmax);
        assert_eq!(s.len(), 2, "UP TC n={n}: {}", r.tc.argmax);
        let (a, b) = (&s[0], &s[1]);
        let mirrored = a.1 == 1;
        let (end, eps) = if mirrored { (&b.0, &a.0) } else { (&a.0, &b.0) };
        assert!(*end == int(0) || *end == int(1));
        assert!((end - eps).abs() < q(1, ni) && (end - eps).abs() > int(0));
        // EP ρ_SW: n - 1 agents at one end and one at the other.
        let r = worst_case(&Mechanism::EndpointPhantoms, n, &set(n)).unwrap();
        let s = shape(&r.sw.argmax);
        assert_eq!(
            (s.len(), s[0].1.min(s[1].1)),
            (2, 1),
            "EP n={n}: {}",
            r.sw.argmax
        );
        assert_eq!((s[0].0.clone(), s[1].0.clone()), (int(0), int(1)));
    }
}

#[test]
fn axiom_lower_bounds_n_2_to_12() {
    for n in 2..=12usize {
        let ni = n as i64;
        let set = set(n);
        let lb = |a| axiom_lower_bound(a, n, &set).unwrap();
        let ifs = lb(Axiom::Ifs);
        assert_eq!(ifs.sw.value, fin(ep_sw(ni)), "IFS n={n}");
        assert_eq!(ifs.tc.value, fin(two_minus(ni)), "IFS TC n={n}");
        if n >= 3 {
            // n - 1 agents at one end, one at the other (for n = 2 the bound is 1).
            let s = shape(&ifs.sw.argmax);
            assert_eq!((s.len(), s[0].1.min(s[1].1)), (2, 1), "IFS arg-max n={n}");
        }
        for a in [Axiom::Ufs, Axiom::Pf, Axiom::Proportionality] {
            let r = lb(a);
            assert_eq!(r.sw.value, fin(up_sw(ni)), "{a} n={n}");
            assert_eq!(r.tc.value, fin(two_minus(ni)), "{a} TC n={n}");
        }
        // Without an axiom (unanimity costs nothing either): 1.
        assert_eq!(lb(Axiom::Unanimity).sw.value, fin(int(1)));
        // Attained by SP rules (IFS: endpoint phantoms; UFS: Uniform Phantom) for welfare.
        assert_eq!(
            worst_case(&Mechanism::EndpointPhantoms, n, &set)
                .unwrap()
                .sw
                .value,
            ifs.sw.value
        );
        assert_eq!(
            worst_case(&Mechanism::UniformPhantom, n, &set)
                .unwrap()
                .sw
                .value,
            lb(Axiom::Ufs).sw.value
        );
    }
}

#[test]
fn total_cost_claim_check() {
    // The arXiv abstract's "(and also minimum total cost)": among UFS mechanisms the average
    // attains the lower bound 2 - 2/n, while UP has n - 1 > 2 - 2/n for n >= 3.
    for n in 3..=12usize {
        let ni = n as i64;
        let set = set(n);
        let up = worst_case(&Mechanism::UniformPhantom, n, &set)
            .unwrap()
            .tc
            .value;
        let avg = worst_case(&Mechanism::Average, n, &set).unwrap().tc.value;
        let bound = axiom_lower_bound(Axiom::Ufs, n, &set).unwrap().tc.value;
        assert_eq!(
            (up.clone(), avg.clone()),
            (fin(int(ni - 1)), fin(two_minus(ni)))
        );
        assert_eq!(avg, bound);
        assert!(up > avg, "n={n}");
    }
}

#[test]
fn per_profile_ratios_conventions() {
    // 0/0 := 1 and c/0 := ∞ for TC; ratios are >= 1.
    let all_zero = zeros_ones(4, 0);
    let (sw, tc) = ratios_at(&all_zero, &int(0));
    assert_eq!((sw, tc), (fin(int(1)), fin(int(1))));
    let (sw, tc) = ratios_at(&all_zero, &q(1, 4));
    assert_eq!((sw, tc), (fin(q(4, 3)), ApproxRatio::Infinite));
    // SW(f) = 0: every agent at 0, facility at 1.
    let (sw, _) = ratios_at(&all_zero, &int(1));
    assert_eq!(sw, ApproxRatio::Infinite);
    assert!(ApproxRatio::Infinite > fin(int(1_000_000)));
    assert_eq!(ApproxRatio::Infinite.to_string(), "∞");
}
