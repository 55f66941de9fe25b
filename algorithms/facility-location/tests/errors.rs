//! Every bad input gives its typed error; nothing is clamped.
mod common;

use common::*;
use facility_location::grid::ProfileSet;
use facility_location::mechanism::named;
use facility_location::ratios::worst_case;
use facility_location::strategyproof::{
    best_misreport, check_sp, check_sp_with, manipulation_gain,
};
use facility_location::{
    Error, Mechanism, PhantomMechanism, Profile, Rational, certify, parse_profile,
};

#[test]
fn n_zero() {
    assert_eq!(Profile::new(vec![]), Err(Error::EmptyProfile));
    assert_eq!(Profile::from_f64_exact(&[]), Err(Error::EmptyProfile));
    assert_eq!(parse_profile("  "), Err(Error::EmptyProfile));
    assert_eq!(parse_profile("()"), Err(Error::EmptyProfile));
    assert_eq!(
        Mechanism::UniformPhantom.evaluate_f64(&[]),
        Err(Error::EmptyProfile)
    );
    assert!(matches!(
        Mechanism::UniformPhantom.prepare(0),
        Err(Error::EmptyProfile)
    ));
    assert_eq!(named::uniform_phantom(0), Err(Error::EmptyProfile));
    assert_eq!(PhantomMechanism::for_n(0, vec![]), Err(Error::EmptyProfile));
    assert!(matches!(
        worst_case(&Mechanism::Median, 0, &ProfileSet::sorted_grid(4)),
        Err(Error::EmptyProfile)
    ));
    assert!(matches!(
        certify(&Mechanism::Median, 0, &ProfileSet::sorted_grid(4)),
        Err(Error::EmptyProfile)
    ));
}

#[test]
fn non_finite_locations() {
    for (v, shown) in [
        (f64::NAN, "NaN"),
        (f64::INFINITY, "inf"),
        (f64::NEG_INFINITY, "-inf"),
    ] {
        let e = Error::NotFinite {
            index: 1,
            value: shown.to_string(),
        };
        assert_eq!(Profile::from_f64_exact(&[0.5, v]), Err(e.clone()));
        assert_eq!(Mechanism::Average.evaluate_f64(&[0.5, v]), Err(e.clone()));
        let ev = Mechanism::UniformPhantom.prepare(2).unwrap();
        assert_eq!(ev.evaluate_f64(&[0.5, v]), Err(e));
    }
    assert!(matches!(
        parse_profile("0.5 NaN"),
        Err(Error::NotFinite { index: 1, .. })
    ));
    assert!(matches!(
        parse_profile("-inf"),
        Err(Error::NotFinite { index: 0, .. })
    ));
}

#[test]
fn locations_outside_the_unit_interval_are_rejected_not_clamped() {
    assert_eq!(
        Profile::from_fractions(&[(1, 2), (3, 2)]),
        Err(Error::OutOfRange {
            index: 1,
            value: "3/2".into()
        })
    );
    assert_eq!(
        Profile::new(vec![q(-1, 3)]),
        Err(Error::OutOfRange {
            index: 0,
            value: "-1/3".into()
        })
    );
    assert!(matches!(
        Profile::from_f64_exact(&[1.0000001]),
        Err(Error::OutOfRange { index: 0, .. })
    ));
    assert!(matches!(
        Profile::from_f64_exact(&[-0.25]),
        Err(Error::OutOfRange { index: 0, .. })
    ));
    assert!(matches!(
        Mechanism::Median.evaluate_f64(&[0.0, 2.0]),
        Err(Error::OutOfRange { index: 1, .. })
    ));
    assert_eq!(
        parse_profile("0 1.5"),
        Err(Error::OutOfRange {
            index: 1,
            value: "3/2".into()
        })
    );
    assert_eq!(
        parse_profile("-1/2"),
        Err(Error::OutOfRange {
            index: 0,
            value: "-1/2".into()
        })
    );
    assert_eq!(
        Profile::from_grid(&[0, 5], 4),
        Err(Error::OutOfRange {
            index: 1,
            value: "5/4".into()
        })
    );
    let p = prof(&[(0, 1), (1, 1)]);
    assert!(matches!(
        p.with_location(0, q(2, 1)),
        Err(Error::OutOfRange { index: 0, .. })
    ));
    assert!(matches!(
        facility_location::axioms::satisfies(facility_location::Axiom::Ifs, &p, &q(3, 2)),
        Err(Error::OutOfRange { .. })
    ));
}

#[test]
fn phantom_vectors() {
    // Wrong length.
    assert_eq!(
        PhantomMechanism::for_n(4, vec![q(1, 2)]),
        Err(Error::PhantomCount {
            expected: 3,
            got: 1
        })
    );
    let m = PhantomMechanism::new(vec![q(1, 3), q(2, 3)]).unwrap();
    assert_eq!(
        m.evaluate(&prof(&[(0, 1), (1, 1)])),
        Err(Error::PhantomCount {
            expected: 1,
            got: 2
        })
    );
    assert_eq!(
        m.evaluate_f64(&[0.0, 1.0]),
        Err(Error::PhantomCount {
            expected: 1,
            got: 2
        })
    );
    let mech = Mechanism::Phantom(m);
    assert!(matches!(
        mech.prepare(5),
        Err(Error::PhantomCount {
            expected: 4,
            got: 2
        })
    ));
    assert!(matches!(
        check_sp(&mech, 4, &ProfileSet::sorted_grid(3)),
        Err(Error::PhantomCount { .. })
    ));
    // Entries out of range.
    assert_eq!(
        PhantomMechanism::new(vec![q(1, 2), q(5, 4)]),
        Err(Error::PhantomOutOfRange {
            index: 1,
            value: "5/4".into()
        })
    );
    assert!(matches!(
        PhantomMechanism::for_n(2, vec![q(-1, 8)]),
        Err(Error::PhantomOutOfRange { index: 0, .. })
    ));
    assert!(matches!(
        Mechanism::from_name("phantom[0.5, 2]"),
        Err(Error::PhantomOutOfRange { index: 1, .. })
    ));
}

#[test]
fn unparsable_profiles_name_the_token() {
    let cases = [
        ("0.5, abc", "abc", 1),
        ("1/3 1/x", "1/x", 1),
        ("1//3", "1//3", 0),
        ("0.5.5", "0.5.5", 0),
        ("1/", "1/", 0),
        ("0 0 .", ".", 2),
        ("1e", "1e", 0),
        ("1e99999", "1e99999", 0),
        ("0x1", "0x1", 0),
    ];
    for (s, token, index) in cases {
        match parse_profile(s) {
            Err(Error::Parse {
                token: t,
                index: i,
                reason,
            }) => {
                assert_eq!((t.as_str(), i), (token, index), "{s}");
                assert!(!reason.is_empty());
                let shown = Error::Parse {
                    token: t,
                    index: i,
                    reason,
                }
                .to_string();
                assert!(shown.contains(token), "{shown}");
            }
            other => panic!("{s:?} gave {other:?}"),
        }
    }
    assert!(matches!(
        parse_profile("1/0"),
        Err(Error::Parse { index: 0, .. })
    ));
    assert!(matches!(
        Mechanism::from_name("phantom[1/2, x]"),
        Err(Error::Parse { index: 1, .. })
    ));
}

#[test]
fn decimals_and_fractions_parse_exactly() {
    let p = parse_profile("[0.25, 1/3, .5, 0.1, 2.5e-1, 1, 0, 6/12, +0.75]").unwrap();
    let expect = [
        q(1, 4),
        q(1, 3),
        q(1, 2),
        q(1, 10),
        q(1, 4),
        int(1),
        int(0),
        q(1, 2),
        q(3, 4),
    ];
    assert_eq!(p.locations(), expect);
    // Round trip through Display.
    assert_eq!(parse_profile(&p.to_string()).unwrap(), p);
    let p: Profile = "(0.333333333333333333333333333333)".parse().unwrap();
    assert!(!p.get(0).unwrap().is_small());
    assert_eq!(
        p.get(0).unwrap().to_string(),
        format!("333333333333333333333333333333/1{}", "0".repeat(30))
    );
}

#[test]
fn other_errors() {
    assert_eq!(Rational::new(1, 0), Err(Error::ZeroDenominator));
    assert_eq!(
        Profile::from_fractions(&[(1, 0)]),
        Err(Error::ZeroDenominator)
    );
    let ev = Mechanism::Median.prepare(3).unwrap();
    assert_eq!(
        ev.evaluate(&prof(&[(0, 1)])),
        Err(Error::LengthMismatch {
            expected: 3,
            got: 1
        })
    );
    assert_eq!(
        ev.evaluate_f64(&[0.0]),
        Err(Error::LengthMismatch {
            expected: 3,
            got: 1
        })
    );
    let p = prof(&[(0, 1), (1, 1)]);
    assert_eq!(
        p.with_location(2, int(0)),
        Err(Error::AgentOutOfRange { agent: 2, n: 2 })
    );
    assert!(matches!(
        manipulation_gain(&Mechanism::Median, &p, 5, &int(0)),
        Err(Error::AgentOutOfRange { .. })
    ));
    assert!(matches!(
        best_misreport(&Mechanism::Median, &p, 0, 0),
        Err(Error::InvalidParameter { .. })
    ));
    assert!(matches!(
        Mechanism::from_name("nope"),
        Err(Error::UnknownMechanism { .. })
    ));
    assert!(matches!(
        Profile::from_grid(&[0], 0),
        Err(Error::InvalidParameter { .. })
    ));
    assert!(matches!(
        check_sp(&Mechanism::Median, 3, &ProfileSet::sorted_grid(0)),
        Err(Error::InvalidParameter { .. })
    ));
    assert!(matches!(
        check_sp(&Mechanism::Median, 3, &ProfileSet::clustered(4, 0)),
        Err(Error::InvalidParameter { .. })
    ));
    assert!(matches!(
        check_sp_with(&Mechanism::Median, 3, &ProfileSet::sorted_grid(4), Some(6)),
        Err(Error::InvalidParameter { .. })
    ));
    assert!(matches!(
        check_sp(&Mechanism::Median, 30, &ProfileSet::sorted_grid(60)),
        Err(Error::TooLarge { .. })
    ));
    assert!(matches!(
        facility_location::Axiom::from_name("ufx"),
        Err(Error::InvalidParameter { .. })
    ));
    // Every error displays.
    assert_eq!(
        Error::EmptyProfile.to_string(),
        "the profile is empty (n = 0)"
    );
}

#[test]
fn names_round_trip() {
    for m in Mechanism::NAMED {
        assert_eq!(Mechanism::from_name(m.name()).unwrap(), m);
        assert_eq!(Mechanism::from_name(&m.name().to_uppercase()).unwrap(), m);
    }
    let m = Mechanism::from_name("phantom[3/4 1/4]").unwrap();
    assert_eq!(Mechanism::from_name(&m.to_string()).unwrap(), m);
    for a in facility_location::Axiom::ALL {
        assert_eq!(facility_location::Axiom::from_name(a.name()).unwrap(), a);
    }
}
