//! Structure-aware fuzzing of the text parsers (`parse_profile`, `Rational::from_str`,
//! `Mechanism::from_name("phantom[…]")`), as seeded property tests with a bounded case count:
//! no panic on any input, a typed error naming the limit for an over-long number, and every
//! accepted value bounded by a stated function of the token's length. `PROPTEST_CASES` raises
//! the number of cases.

mod common;

use common::*;
use facility_location::profile::{MAX_DIGITS, MAX_NUMBER_LEN};
use facility_location::{Error, Mechanism, Rational, parse_profile};
use proptest::prelude::*;

/// One token, built from the grammar with mutations: fractions, decimals with exponents,
/// signs, junk characters, digit runs longer than the limit, words, non-ASCII.
fn token() -> impl Strategy<Value = String> {
    prop_oneof![
        (0i64..1000, 1i64..1000).prop_map(|(a, b)| format!("{a}/{b}")),
        (0u32..1000, 0u32..1000, -12i64..12).prop_map(|(a, b, e)| format!("{a}.{b}e{e}")),
        (-5i64..5, 0i64..5).prop_map(|(a, b)| format!("{a}/{b}")),
        "[0-9./eE+\\-]{0,12}",
        "[0-9]{390,410}",
        "[0-9]{1,5}(\\.[0-9]{390,410})?",
        "[0-9]{790,810}",
        "[1-9][0-9]{0,3}e-?[0-9]{3,6}",
        "(nan|inf|-inf|Infinity|0x1p-3|½|٣|1_000|--1|1//2|/|\\.)",
        "\\PC{0,6}",
    ]
}

fn profile_text() -> impl Strategy<Value = String> {
    (
        proptest::collection::vec(token(), 0..8),
        "[, \t]{1,3}",
        0usize..3,
    )
        .prop_map(|(tokens, sep, wrap)| {
            let body = tokens.join(&sep);
            match wrap {
                0 => body,
                1 => format!("({body})"),
                _ => format!("[{body}"),
            }
        })
}

/// The stated bound on an accepted value: numerator and denominator of at most
/// `MAX_DIGITS` decimal digits each.
fn within_bound(r: &Rational) -> bool {
    let (n, d) = r.numer_denom();
    n.magnitude().to_string().len() <= MAX_DIGITS && d.to_string().len() <= MAX_DIGITS
}

#[test]
fn profile_parsing_never_panics_and_accepted_profiles_round_trip() {
    let mut runner = runner("fuzz-profile");
    runner
        .run(&profile_text(), |text| {
            match parse_profile(&text) {
                Ok(p) => {
                    for x in p.locations() {
                        prop_assert!(x.in_unit_interval() && within_bound(&x));
                    }
                    prop_assert_eq!(parse_profile(&p.to_string()).unwrap(), p);
                }
                Err(e) => prop_assert!(!e.to_string().is_empty()),
            }
            Ok(())
        })
        .unwrap();
}

#[test]
fn rational_parsing_never_panics_and_accepted_values_are_bounded() {
    let mut runner = runner("fuzz-rational");
    runner
        .run(&token(), |text| {
            match text.parse::<Rational>() {
                Ok(r) => {
                    prop_assert!(within_bound(&r), "{text}");
                    prop_assert_eq!(r.to_string().parse::<Rational>().unwrap(), r);
                }
                Err(Error::Parse { reason, .. }) => prop_assert!(!reason.is_empty()),
                Err(other) => prop_assert!(false, "{text}: unexpected {other:?}"),
            }
            let _ = Mechanism::from_name(&format!("phantom[{text}]"));
            Ok(())
        })
        .unwrap();
}

#[test]
fn rationals_round_trip_through_their_text() {
    let mut runner = runner("rational-round-trip");
    runner
        .run(&(any::<i64>(), 1i64..=i64::MAX), |(a, b)| {
            let r = Rational::new(a.max(-i64::MAX), b).unwrap();
            prop_assert_eq!(r.to_string().parse::<Rational>().unwrap(), r.clone());
            let big = &r * &Rational::from_integer(i64::MAX);
            prop_assert_eq!(big.to_string().parse::<Rational>().unwrap(), big);
            Ok(())
        })
        .unwrap();
}

#[test]
fn decimals_parse_exactly() {
    for (text, (a, b)) in [
        ("0.1", (1, 10)),
        (".5", (1, 2)),
        ("-2.5e-1", (-1, 4)),
        ("  3/6 ", (1, 2)),
        ("1E2", (100, 1)),
        ("+7", (7, 1)),
        ("0.000", (0, 1)),
    ] {
        assert_eq!(text.parse::<Rational>().unwrap(), q(a, b), "{text}");
    }
}

#[test]
fn bad_rational_strings_are_refused_with_the_reason() {
    for (text, reason) in [
        ("", "no digits"),
        ("1/0", "zero denominator"),
        ("0.5.2", "unexpected character"),
        ("1/2/3", "unexpected character"),
        ("abc", "unexpected character"),
        ("1e", "malformed exponent"),
        ("1e1001", "exponent out of range"),
        ("/2", "missing integer"),
        ("½", "unexpected character"),
    ] {
        match text.parse::<Rational>() {
            Err(Error::Parse { reason: r, .. }) => assert!(r.contains(reason), "{text}: {r}"),
            other => panic!("{text}: {other:?}"),
        }
    }
}

#[test]
fn a_hundred_thousand_digit_decimal_is_refused_naming_the_limit() {
    let long = format!("0.{}", "3".repeat(100_000));
    for e in [
        long.parse::<Rational>().unwrap_err(),
        parse_profile(&format!("0, {long}")).unwrap_err(),
    ] {
        let text = e.to_string();
        assert!(
            text.contains("the limit") && text.contains(&MAX_NUMBER_LEN.to_string()),
            "{text}"
        );
        // The message quotes a shortened token, not 100,000 digits.
        assert!(text.len() < 300, "{} bytes", text.len());
    }
    // At the limits: 400 digits over 10^400 - 1 is refused by value, 399 digits accepted.
    let at_limit = format!("0.{}", "3".repeat(MAX_DIGITS - 1));
    assert!(at_limit.parse::<Rational>().is_ok());
    let over = format!("0.{}", "3".repeat(MAX_DIGITS));
    assert!(
        over.parse::<Rational>()
            .unwrap_err()
            .to_string()
            .contains("digits, the limit")
    );
    assert!("1e-1000".parse::<Rational>().is_err());
}
