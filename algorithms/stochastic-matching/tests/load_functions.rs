//! The exponential integral against mpmath, and Goyal–Udwani's load functions.

use stochastic_matching::special::{e1, exp_e1};
use stochastic_matching::*;

/// (x, E₁(x), e^x E₁(x)) from mpmath 30 digits: `mpmath.e1(x)`, `mpmath.exp(x)*mpmath.e1(x)`
/// (mpmath's digits as printed, some beyond f64's precision).
#[allow(clippy::excessive_precision)]
const MPMATH: [(f64, f64, f64); 9] = [
    (0.1, 1.822_923_958_419_390_6, 2.014_642_544_708_451_6),
    (0.5, 0.559_773_594_776_160_8, 0.922_910_632_483_730_5),
    (1.0, 0.219_383_934_395_520_27, 0.596_347_362_323_194_1),
    (1.5, 0.100_019_582_406_632_65, 0.448_256_669_291_582_95),
    (2.0, 0.048_900_510_708_061_12, 0.361_328_616_888_222_6),
    (5.0, 0.001_148_295_591_275_325_8, 0.170_422_176_284_732_2),
    (10.0, 4.156_968_929_685_324e-6, 0.091_563_333_939_788_08),
    (30.0, 3.021_552_010_688_812_5e-15, 0.032_289_738_758_980_125),
    (100.0, 3.683_597_761_682_032e-46, 0.009_901_942_286_733_018),
];

#[test]
fn exponential_integral_matches_mpmath_to_1e_12() {
    for (x, want, scaled) in MPMATH {
        let rel = |a: f64, b: f64| ((a - b) / b).abs();
        assert!(rel(e1(x), want) < 1e-12, "E1({x}) = {} vs {want}", e1(x));
        assert!(
            rel(exp_e1(x), scaled) < 1e-12,
            "e^x E1({x}) = {} vs {scaled}",
            exp_e1(x)
        );
    }
}

#[test]
fn exponential_integral_refuses_outside_its_domain() {
    assert!(e1(-1.0).is_nan() && exp_e1(f64::NAN).is_nan());
    assert_eq!(e1(0.0), f64::INFINITY);
    // Continuous across the switch between series and continued fraction.
    let (below, above) = (e1(1.0 - 1e-12), e1(1.0));
    assert!((below - above).abs() < 1e-11);
}

#[test]
fn goyal_udwani_load_functions_are_theirs() {
    let g = LoadFunction::GoyalUdwani;
    assert!((g.eval(0.0) - 0.596_347_362_323_194_1).abs() < 1e-12);
    assert!((g.eval(1.0) - 0.361_328_616_888_222_6).abs() < 1e-12);
    for f in [g, LoadFunction::GuRational, LoadFunction::GuExp] {
        let mut last = f.eval(0.0);
        for i in 1..200 {
            let v = f.eval(i as f64 * 0.05);
            assert!(v < last && v > 0.0, "{f:?} not decreasing at {i}");
            last = v;
        }
    }
    assert!((LoadFunction::GuRational.eval(2.0) - 1.0 / 2.15).abs() < 1e-15);
    assert!((LoadFunction::GuExp.eval(2.0) - (-1.07f64).exp()).abs() < 1e-15);
    for name in ["balance-gu", "balance-gu-rational", "balance-gu-exp"] {
        assert_eq!(Algorithm::from_name(name).unwrap().name(), name);
    }
}

#[test]
fn goyal_udwani_balance_exact_equals_the_independent_oracle() {
    // With unequal p the load function matters: one arrival chooses between a loaded
    // vertex with a large p and a fresh one with a small p.
    let inst = Instance::unweighted(
        2,
        vec![vec![(0, 0.9)], vec![(0, 0.9), (1, 0.5)], vec![(0, 0.3)]],
    )
    .unwrap();
    let tie = TieBreak::LowestIndex;
    for f in [
        LoadFunction::GoyalUdwani,
        LoadFunction::GuRational,
        LoadFunction::GuExp,
    ] {
        let ours = exact_expectation(&inst, Algorithm::Balance(f), tie).unwrap();
        let oracle = oracles::naive_exact(&inst, Algorithm::Balance(f), tie).unwrap();
        assert!((ours - oracle).abs() < 1e-12);
    }
}
