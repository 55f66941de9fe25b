//! Exactness: rational overflow is promoted (never wrapped), every evaluation path of the
//! phantom rules agrees with the sorting oracle (sort, bucket selection, > 2^53 fallback,
//! big rationals), and the f64 path stays within 1e-12 of the exact value.
mod common;

use common::*;
use facility_location::{Mechanism, PhantomMechanism, Profile, Rational};
use num_bigint::BigInt;
use num_rational::BigRational;
use proptest::prelude::*;
use rand_core::Rng;

fn edge_i64() -> impl Strategy<Value = i64> {
    prop_oneof![
        any::<i64>(),
        -1000i64..1000,
        Just(i64::MAX),
        Just(i64::MIN),
        Just(i64::MAX - 1),
        Just(i64::MIN + 1),
        (1i64..=1 << 20).prop_map(|k| i64::MAX / k),
        Just(1i64 << 62),
        Just(3037000499i64), // ~ sqrt(i64::MAX)
    ]
}

fn big(r: &Rational) -> BigRational {
    r.to_big()
}

#[test]
fn arithmetic_is_exact_and_promotes_on_overflow() {
    let mut runner = runner("rational-ops");
    let nonzero = || edge_i64().prop_map(|d| if d == 0 { 1 } else { d });
    runner
        .run(
            &(edge_i64(), nonzero(), edge_i64(), nonzero()),
            |(a, b, c, d)| {
                let x = Rational::new(a, b).unwrap();
                let y = Rational::new(c, d).unwrap();
                let (bx, by) = (
                    BigRational::new(BigInt::from(a), BigInt::from(b)),
                    BigRational::new(BigInt::from(c), BigInt::from(d)),
                );
                prop_assert_eq!(big(&x), bx.clone());
                prop_assert_eq!(big(&(&x + &y)), &bx + &by);
                prop_assert_eq!(big(&(&x - &y)), &bx - &by);
                prop_assert_eq!(big(&(&x * &y)), &bx * &by);
                if c != 0 {
                    prop_assert_eq!(big(&x.checked_div(&y).unwrap()), &bx / &by);
                }
                prop_assert_eq!(x.cmp(&y), bx.cmp(&by));
                // Canonical: small exactly when both parts fit (and neither is i64::MIN).
                let s = &x * &y;
                let b = big(&s);
                let fits = |v: &BigInt| v > &BigInt::from(i64::MIN) && v <= &BigInt::from(i64::MAX);
                prop_assert_eq!(s.is_small(), fits(b.numer()) && fits(b.denom()));
                Ok(())
            },
        )
        .unwrap();
}

#[test]
fn overflowing_profiles_are_evaluated_exactly() {
    // Denominators near 2^62: averages and differences overflow i64 and are promoted.
    let d1 = (1i64 << 62) - 57;
    let d2 = (1i64 << 62) - 87;
    let p = Profile::new(vec![q(1, d1), q(d2 - 1, d2), q(1, 3), q(d1 - 5, d1)]).unwrap();
    let sum: BigRational = p.locations().iter().map(big).sum();
    let avg = Mechanism::Average.evaluate(&p).unwrap();
    assert!(!avg.is_small());
    assert_eq!(big(&avg), sum / BigInt::from(4));
    let mid = Mechanism::Midpoint.evaluate(&p).unwrap();
    assert_eq!(
        big(&mid),
        (big(&q(1, d1)) + big(&q(d2 - 1, d2))) / BigInt::from(2)
    );
    assert_eq!(
        Mechanism::UniformPhantom.evaluate(&p).unwrap(),
        up_oracle(&p)
    );
    // A profile that itself needs big rationals.
    let huge = Rational::from_big(BigInt::from(1), BigInt::from(1u128 << 100)).unwrap();
    let p = Profile::new(vec![huge.clone(), q(1, 2), int(1)]).unwrap();
    assert!(p.as_small().is_none());
    for m in [
        Mechanism::UniformPhantom,
        Mechanism::Median,
        Mechanism::HalfPhantoms,
    ] {
        let ph = m.phantoms(3).unwrap().unwrap();
        assert_eq!(m.evaluate(&p).unwrap(), phantom_oracle(&p, &ph), "{m}");
    }
    assert_eq!(Mechanism::Leftmost.evaluate(&p).unwrap(), huge);
    assert_eq!(Mechanism::ClampedMedian.evaluate(&p).unwrap(), q(1, 2));
}

#[test]
fn phantom_paths_agree_with_the_oracle() {
    let mut r = rng(99);
    // Sort path (n <= 64) and bucket path (n > 64), small and large denominators.
    for &n in &[1usize, 2, 3, 7, 64, 65, 100, 257, 1000] {
        for &max_den in &[4u64, 1000, 1 << 40, (1 << 62) + 12345] {
            for _ in 0..4 {
                let p = random_profile(&mut r, n, max_den);
                for m in [
                    Mechanism::UniformPhantom,
                    Mechanism::EndpointPhantoms,
                    Mechanism::Median,
                ] {
                    let ph = m.phantoms(n).unwrap().unwrap();
                    let ev = m.prepare(n).unwrap();
                    assert_eq!(
                        ev.evaluate(&p).unwrap(),
                        phantom_oracle(&p, &ph),
                        "{m} n={n} den={max_den}"
                    );
                }
            }
        }
        // Everything in one bucket: all agents within 1/(10n) of a point.
        let base = q(1, 3);
        let locs = (0..n)
            .map(|k| &base + &q(k as i64 % 7, 70 * n as i64))
            .collect();
        let p = Profile::new(locs).unwrap();
        assert_eq!(
            Mechanism::UniformPhantom.evaluate(&p).unwrap(),
            up_oracle(&p)
        );
    }
    // Custom phantom vectors, given unsorted, including ones needing big rationals.
    for _ in 0..50 {
        let n = 1 + (r.next_u64() % 120) as usize;
        let ph: Vec<Rational> = (0..n - 1).map(|_| random_unit(&mut r, 1 << 58)).collect();
        let m = PhantomMechanism::for_n(n, ph.clone()).unwrap();
        let p = random_profile(&mut r, n, 1 << 50);
        assert_eq!(m.evaluate(&p).unwrap(), phantom_oracle(&p, &ph));
    }
}

#[test]
fn non_phantom_rules_match_their_formulas() {
    let mut r = rng(5);
    for _ in 0..200 {
        let n = 1 + (r.next_u64() % 9) as usize;
        let p = random_profile(&mut r, n, 50);
        let s = sorted(&p);
        let nn = n as i64;
        let sum: BigRational = p.locations().iter().map(big).sum();
        assert_eq!(
            big(&Mechanism::Average.evaluate(&p).unwrap()),
            sum / BigInt::from(nn)
        );
        assert_eq!(
            Mechanism::Midpoint.evaluate(&p).unwrap(),
            (s[0].clone() + s[n - 1].clone()) * q(1, 2)
        );
        let med = s[n.div_ceil(2) - 1].clone();
        assert_eq!(Mechanism::Median.evaluate(&p).unwrap(), med);
        let clamped = if n == 1 {
            med
        } else {
            med.clamped(&q(1, nn), &q(nn - 1, nn))
        };
        assert_eq!(Mechanism::ClampedMedian.evaluate(&p).unwrap(), clamped);
    }
}

#[test]
fn f64_path_is_close_to_the_exact_value() {
    let mut r = rng(6);
    for _ in 0..300 {
        let n = 1 + (r.next_u64() % 40) as usize;
        let xs: Vec<f64> = (0..n)
            .map(|_| match r.next_u64() % 5 {
                0 => 0.0,
                1 => 1.0,
                _ => (r.next_u64() >> 11) as f64 / (1u64 << 53) as f64,
            })
            .collect();
        let p = Profile::from_f64_exact(&xs).unwrap();
        for m in Mechanism::NAMED {
            let exact = m.evaluate(&p).unwrap().to_f64();
            let fast = m.evaluate_f64(&xs).unwrap();
            assert!(
                (exact - fast).abs() <= 1e-12,
                "{m} n={n}: {exact} vs {fast}"
            );
        }
    }
}

#[test]
fn from_f64_is_exact() {
    let p = Profile::from_f64_exact(&[0.1, 0.5, 1.0, 0.0]).unwrap();
    assert_eq!(
        p.get(0).unwrap().to_string(),
        "3602879701896397/36028797018963968"
    );
    assert_eq!(p.get(1).unwrap(), q(1, 2));
    let tiny = Profile::from_f64_exact(&[f64::MIN_POSITIVE / 4.0]).unwrap();
    assert!(!tiny.get(0).unwrap().is_small());
    assert_eq!(tiny.get(0).unwrap().to_f64(), f64::MIN_POSITIVE / 4.0);
}

#[test]
fn i64_min_is_promoted_not_wrapped() {
    let r = Rational::new(i64::MIN, 1).unwrap();
    assert!(!r.is_small());
    assert_eq!((-&r).to_string(), "9223372036854775808");
    let h = Rational::new(i64::MIN, 2).unwrap();
    assert!(h.is_small());
    assert_eq!(h.to_string(), format!("{}", i64::MIN / 2));
    let m = Rational::from_integer(i64::MAX);
    assert_eq!((&m + &int(1)).to_string(), "9223372036854775808");
    assert_eq!(
        (&m * &m).to_string(),
        (i64::MAX as i128 * i64::MAX as i128).to_string()
    );
    assert_eq!((&(&m + &m) - &m), m);
    assert!((&(&m + &m) - &m).is_small());
}

#[test]
fn the_f64_batch_equals_one_call_per_profile_and_the_oracle() {
    use facility_location::oracle::uniform_phantom_f64;
    let mut r = rng(17);
    for n in [1usize, 2, 3, 10, 15, 16, 17, 33, 64] {
        // Few distinct values (ties everywhere), -0.0 among the zeros, and the endpoints.
        let xs: Vec<f64> = (0..50 * n)
            .map(|_| match r.next_u64() % 6 {
                0 => -0.0,
                1 => 1.0,
                2 => (r.next_u64() % 5) as f64 / 4.0,
                _ => (r.next_u64() % 1001) as f64 / 1000.0,
            })
            .collect();
        for m in Mechanism::NAMED {
            let ev = m.prepare(n).unwrap();
            let mut out = Vec::new();
            ev.evaluate_f64_batch(&xs, &mut out).unwrap();
            let one: Vec<f64> = xs.chunks(n).map(|c| ev.evaluate_f64(c).unwrap()).collect();
            assert_eq!(out, one, "{m} n={n}");
            if m == Mechanism::UniformPhantom {
                let oracle: Vec<f64> = xs.chunks(n).map(uniform_phantom_f64).collect();
                assert_eq!(out, oracle, "n={n}");
            }
        }
    }
    let ev = Mechanism::UniformPhantom.prepare(2).unwrap();
    let mut out = vec![];
    assert!(matches!(
        ev.evaluate_f64_batch(&[0.0, 1.0, 0.5, f64::NAN], &mut out),
        Err(facility_location::Error::NotFinite { index: 3, .. })
    ));
    assert!(matches!(
        ev.evaluate_f64_batch(&[0.0, 1.0, 1.5, 0.0], &mut out),
        Err(facility_location::Error::OutOfRange { index: 2, .. })
    ));
    assert!(ev.evaluate_f64_batch(&[0.0], &mut out).is_err());
    assert!(ev.evaluate_f64_batch(&[], &mut out).is_err());
    assert!(out.is_empty(), "nothing is appended on error");
}
