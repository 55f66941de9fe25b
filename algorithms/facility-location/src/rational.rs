//! Exact rationals: checked `Ratio<i64>`, promoted to `BigRational` on overflow.
//!
//! [`Rational`] holds a value in one of two representations:
//!
//! - **small**: a reduced `num_rational::Ratio<i64>` whose numerator and denominator both lie
//!   in `-(2^63 - 1) ..= 2^63 - 1` (so negation never overflows) with a positive denominator;
//! - **big**: a reduced `BigRational`, used only when the value does not fit the small form.
//!
//! The representation is canonical (a value that fits is always small), so equality and
//! hashing are structural. Arithmetic on small values runs in `i128` (every product of two
//! `i64` fits) and is checked when narrowed back: a result that does not fit is **promoted**
//! to a big rational, never wrapped. Results of big arithmetic that fit are demoted again.
//!
//! `num-rational`'s own `Ratio<i64>` operators are not used for arithmetic: its unchecked
//! operators overflow (and wrap when overflow checks are off, as in this workspace's `test`
//! profile), and its `Ord` runs a continued-fraction loop; here a comparison of two small
//! values is one pair of `i128` products.
//!
//! # Example
//! ```
//! use facility_location::Rational;
//! let a = Rational::from_integer(i64::MAX);
//! let b = &a + &a; // does not fit in i64: promoted
//! assert!(!b.is_small());
//! assert_eq!(&b - &a, a); // demoted again
//! assert!((&b - &a).is_small());
//! ```

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::iter::Sum;
use std::ops::{Add, Mul, Neg, Sub};
use std::str::FromStr;

use num_bigint::BigInt;
use num_rational::{BigRational, Ratio};
use num_traits::{One, Signed, ToPrimitive, Zero};

use crate::error::Error;

/// An exact rational number: a checked `Ratio<i64>`, promoted to `BigRational` on overflow.
///
/// See the [module documentation](self) for the representation and its guarantees.
#[derive(Clone, Debug)]
pub struct Rational(Repr);

#[derive(Clone, Debug)]
enum Repr {
    Small(Ratio<i64>),
    Big(BigRational),
}

/// Largest magnitude allowed in the small form (`i64::MIN` is excluded so negation is safe).
const SMALL_MAX: i128 = i64::MAX as i128;

/// Greatest common divisor of two `u64` (binary algorithm); `gcd(0, b) = b`.
#[inline]
pub(crate) fn gcd_u64(a: u64, b: u64) -> u64 {
    num_integer::gcd(a, b)
}

/// Narrows an `i128` fraction `n/d` (with `d > 0`, already reduced) to the small form.
#[inline]
fn narrow(n: i128, d: i128) -> Option<Ratio<i64>> {
    if (-SMALL_MAX..=SMALL_MAX).contains(&n) && d <= SMALL_MAX {
        Some(Ratio::new_raw(n as i64, d as i64))
    } else {
        None
    }
}

/// Checked sum of two small rationals (Knuth, TAOCP 4.5.1): `None` when it does not fit.
#[inline]
pub(crate) fn small_add(x: &Ratio<i64>, y: &Ratio<i64>) -> Option<Ratio<i64>> {
    let (a, b, c, d) = (*x.numer(), *x.denom(), *y.numer(), *y.denom());
    if b == d {
        let t = a as i128 + c as i128;
        let g = gcd_u64((t.unsigned_abs() % b as u128) as u64, b as u64) as i128;
        return narrow(t / g, b as i128 / g);
    }
    let g1 = gcd_u64(b as u64, d as u64) as i64;
    let (b1, d1) = (b / g1, d / g1);
    let t = a as i128 * d1 as i128 + c as i128 * b1 as i128;
    if g1 == 1 {
        return narrow(t, b as i128 * d as i128);
    }
    let g2 = gcd_u64((t.unsigned_abs() % g1 as u128) as u64, g1 as u64) as i128;
    narrow(t / g2, b1 as i128 * (d as i128 / g2))
}

/// Checked product of two small rationals: `None` when it does not fit.
#[inline]
pub(crate) fn small_mul(x: &Ratio<i64>, y: &Ratio<i64>) -> Option<Ratio<i64>> {
    let (a, b, c, d) = (*x.numer(), *x.denom(), *y.numer(), *y.denom());
    if a == 0 || c == 0 {
        return Some(Ratio::new_raw(0, 1));
    }
    let g1 = gcd_u64(a.unsigned_abs(), d as u64) as i64;
    let g2 = gcd_u64(c.unsigned_abs(), b as u64) as i64;
    let n = (a / g1) as i128 * (c / g2) as i128;
    let m = (b / g2) as i128 * (d / g1) as i128;
    narrow(n, m)
}

/// Exact comparison of two small rationals (positive denominators): one pair of `i128`
/// products.
#[inline]
pub(crate) fn cmp_small(x: &Ratio<i64>, y: &Ratio<i64>) -> Ordering {
    (*x.numer() as i128 * *y.denom() as i128).cmp(&(*y.numer() as i128 * *x.denom() as i128))
}

fn big_of(r: &Ratio<i64>) -> BigRational {
    BigRational::new_raw(BigInt::from(*r.numer()), BigInt::from(*r.denom()))
}

impl Rational {
    /// Zero.
    pub fn zero() -> Self {
        Rational(Repr::Small(Ratio::new_raw(0, 1)))
    }

    /// One.
    pub fn one() -> Self {
        Rational(Repr::Small(Ratio::new_raw(1, 1)))
    }

    /// The integer `v`.
    pub fn from_integer(v: i64) -> Self {
        Self::from_i128(v as i128, 1)
    }

    /// The reduced fraction `numer / denom`.
    ///
    /// # Errors
    /// [`Error::ZeroDenominator`] when `denom == 0`.
    ///
    /// # Complexity
    /// O(log max(|numer|, |denom|)) for the gcd.
    ///
    /// # Example
    /// ```
    /// use facility_location::Rational;
    /// assert_eq!(Rational::new(2, -4).unwrap().to_string(), "-1/2");
    /// ```
    pub fn new(numer: i64, denom: i64) -> Result<Self, Error> {
        if denom == 0 {
            return Err(Error::ZeroDenominator);
        }
        Ok(Self::from_i128(numer as i128, denom as i128))
    }

    /// `numer / denom` for `denom != 0` given as `i128`.
    pub(crate) fn from_i128(numer: i128, denom: i128) -> Self {
        debug_assert!(denom != 0);
        let (n, d) = if denom < 0 {
            (-numer, -denom)
        } else {
            (numer, denom)
        };
        let g = if n.unsigned_abs() <= u64::MAX as u128 && d <= u64::MAX as i128 {
            gcd_u64(n.unsigned_abs() as u64, d as u64) as i128
        } else {
            num_integer::gcd(n, d)
        };
        let (n, d) = if g > 1 { (n / g, d / g) } else { (n, d) };
        match narrow(n, d) {
            Some(r) => Rational(Repr::Small(r)),
            None => Rational(Repr::Big(BigRational::new_raw(n.into(), d.into()))),
        }
    }

    /// The reduced fraction `numer / denom` of two big integers.
    ///
    /// # Errors
    /// [`Error::ZeroDenominator`] when `denom` is zero.
    pub fn from_big(numer: BigInt, denom: BigInt) -> Result<Self, Error> {
        if denom.is_zero() {
            return Err(Error::ZeroDenominator);
        }
        Ok(Self::from_big_rational(BigRational::new(numer, denom)))
    }

    /// Canonical form of a reduced big rational: small whenever it fits.
    fn from_big_rational(r: BigRational) -> Self {
        if let (Some(n), Some(d)) = (r.numer().to_i64(), r.denom().to_i64())
            && n != i64::MIN
        {
            return Rational(Repr::Small(Ratio::new_raw(n, d)));
        }
        Rational(Repr::Big(r))
    }

    /// The exact value of a finite `f64` (every finite double is a dyadic rational, so the
    /// denominator is a power of two: `0.1` becomes `3602879701896397/36028797018963968`).
    ///
    /// # Errors
    /// [`Error::NotFinite`] (with `index` 0) for NaN and ±∞.
    pub fn from_f64_exact(v: f64) -> Result<Self, Error> {
        match BigRational::from_float(v) {
            Some(r) if v.is_finite() => Ok(Self::from_big_rational(r)),
            _ => Err(Error::NotFinite {
                index: 0,
                value: format!("{v:?}"),
            }),
        }
    }

    /// Whether the value is held as a checked `Ratio<i64>` (as opposed to a `BigRational`).
    pub fn is_small(&self) -> bool {
        matches!(self.0, Repr::Small(_))
    }

    /// The value as a `Ratio<i64>`, if it fits.
    pub fn as_small(&self) -> Option<Ratio<i64>> {
        match &self.0 {
            Repr::Small(r) => Some(*r),
            Repr::Big(_) => None,
        }
    }

    /// The value as a `BigRational`.
    pub fn to_big(&self) -> BigRational {
        match &self.0 {
            Repr::Small(r) => big_of(r),
            Repr::Big(r) => r.clone(),
        }
    }

    /// The nearest `f64` (for display and the float path; never used to certify).
    pub fn to_f64(&self) -> f64 {
        match &self.0 {
            // Both parts exact in f64: one correctly rounded division.
            Repr::Small(r) if (r.numer().unsigned_abs() | *r.denom() as u64) <= 1 << 53 => {
                *r.numer() as f64 / *r.denom() as f64
            }
            Repr::Small(r) => r.to_f64().unwrap_or(f64::NAN),
            Repr::Big(r) => r.to_f64().unwrap_or(f64::NAN),
        }
    }

    /// The numerator and (positive) denominator as big integers.
    pub fn numer_denom(&self) -> (BigInt, BigInt) {
        let b = self.to_big();
        (b.numer().clone(), b.denom().clone())
    }

    /// Whether the value is zero.
    pub fn is_zero(&self) -> bool {
        match &self.0 {
            Repr::Small(r) => *r.numer() == 0,
            Repr::Big(r) => r.is_zero(),
        }
    }

    /// Whether the value is negative.
    pub fn is_negative(&self) -> bool {
        match &self.0 {
            Repr::Small(r) => *r.numer() < 0,
            Repr::Big(r) => r.is_negative(),
        }
    }

    /// The absolute value.
    pub fn abs(&self) -> Self {
        if self.is_negative() {
            -self
        } else {
            self.clone()
        }
    }

    /// Whether `0 <= self <= 1`.
    pub fn in_unit_interval(&self) -> bool {
        match &self.0 {
            Repr::Small(r) => *r.numer() >= 0 && r.numer() <= r.denom(),
            Repr::Big(r) => !r.is_negative() && r.numer() <= r.denom(),
        }
    }

    /// `self / other`, or `None` when `other` is zero.
    ///
    /// # Example
    /// ```
    /// use facility_location::Rational;
    /// let third = Rational::new(1, 3).unwrap();
    /// assert_eq!(Rational::one().checked_div(&third), Some(Rational::from_integer(3)));
    /// assert_eq!(Rational::one().checked_div(&Rational::zero()), None);
    /// ```
    pub fn checked_div(&self, other: &Rational) -> Option<Rational> {
        if other.is_zero() {
            return None;
        }
        if let (Repr::Small(a), Repr::Small(b)) = (&self.0, &other.0) {
            // a / b = a * (1/b); 1/b fits because neither part of b is i64::MIN.
            let (n, d) = if *b.numer() < 0 {
                (-*b.denom(), -*b.numer())
            } else {
                (*b.denom(), *b.numer())
            };
            if let Some(r) = small_mul(a, &Ratio::new_raw(n, d)) {
                return Rational(Repr::Small(r)).into();
            }
        }
        Some(Self::from_big_rational(self.to_big() / other.to_big()))
    }

    /// The smaller of two values.
    pub fn min_of(a: Rational, b: Rational) -> Rational {
        if b < a { b } else { a }
    }

    /// The larger of two values.
    pub fn max_of(a: Rational, b: Rational) -> Rational {
        if b > a { b } else { a }
    }

    /// `self` clamped to `[lo, hi]` (`lo <= hi` is the caller's contract).
    pub fn clamped(&self, lo: &Rational, hi: &Rational) -> Rational {
        if self < lo {
            lo.clone()
        } else if self > hi {
            hi.clone()
        } else {
            self.clone()
        }
    }

    fn add_ref(&self, o: &Rational) -> Rational {
        if let (Repr::Small(a), Repr::Small(b)) = (&self.0, &o.0)
            && let Some(r) = small_add(a, b)
        {
            return Rational(Repr::Small(r));
        }
        Self::from_big_rational(self.to_big() + o.to_big())
    }

    fn mul_ref(&self, o: &Rational) -> Rational {
        if let (Repr::Small(a), Repr::Small(b)) = (&self.0, &o.0)
            && let Some(r) = small_mul(a, b)
        {
            return Rational(Repr::Small(r));
        }
        Self::from_big_rational(self.to_big() * o.to_big())
    }

    fn neg_ref(&self) -> Rational {
        match &self.0 {
            // Safe: the small form excludes i64::MIN.
            Repr::Small(r) => Rational(Repr::Small(Ratio::new_raw(-*r.numer(), *r.denom()))),
            Repr::Big(r) => Rational(Repr::Big(-r.clone())),
        }
    }
}

impl From<i64> for Rational {
    fn from(v: i64) -> Self {
        Rational::from_integer(v)
    }
}

impl From<Ratio<i64>> for Rational {
    fn from(r: Ratio<i64>) -> Self {
        Rational::from_i128(*r.numer() as i128, *r.denom() as i128)
    }
}

impl From<BigRational> for Rational {
    fn from(r: BigRational) -> Self {
        Rational::from_big_rational(r)
    }
}

impl PartialEq for Rational {
    fn eq(&self, other: &Self) -> bool {
        match (&self.0, &other.0) {
            (Repr::Small(a), Repr::Small(b)) => a.numer() == b.numer() && a.denom() == b.denom(),
            (Repr::Big(a), Repr::Big(b)) => a == b,
            _ => false, // canonical: a value that fits is never big
        }
    }
}

impl Eq for Rational {}

impl Hash for Rational {
    fn hash<H: Hasher>(&self, state: &mut H) {
        match &self.0 {
            Repr::Small(r) => (0u8, r.numer(), r.denom()).hash(state),
            Repr::Big(r) => (1u8, r.numer(), r.denom()).hash(state),
        }
    }
}

impl Ord for Rational {
    fn cmp(&self, other: &Self) -> Ordering {
        match (&self.0, &other.0) {
            (Repr::Small(a), Repr::Small(b)) => cmp_small(a, b),
            _ => {
                // Cross-multiplication with positive denominators.
                let (a, b) = (self.to_big(), other.to_big());
                (a.numer() * b.denom()).cmp(&(b.numer() * a.denom()))
            }
        }
    }
}

impl PartialOrd for Rational {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Rational {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Repr::Small(r) if *r.denom() == 1 => write!(f, "{}", r.numer()),
            Repr::Small(r) => write!(f, "{}/{}", r.numer(), r.denom()),
            Repr::Big(r) if r.denom().is_one() => write!(f, "{}", r.numer()),
            Repr::Big(r) => write!(f, "{}/{}", r.numer(), r.denom()),
        }
    }
}

macro_rules! binop {
    ($tr:ident, $m:ident, $f:expr) => {
        impl $tr<&Rational> for &Rational {
            type Output = Rational;
            fn $m(self, o: &Rational) -> Rational {
                $f(self, o)
            }
        }
        impl $tr<Rational> for Rational {
            type Output = Rational;
            fn $m(self, o: Rational) -> Rational {
                $f(&self, &o)
            }
        }
        impl $tr<&Rational> for Rational {
            type Output = Rational;
            fn $m(self, o: &Rational) -> Rational {
                $f(&self, o)
            }
        }
    };
}

binop!(Add, add, |a: &Rational, b: &Rational| a.add_ref(b));
binop!(Sub, sub, |a: &Rational, b: &Rational| a
    .add_ref(&b.neg_ref()));
binop!(Mul, mul, |a: &Rational, b: &Rational| a.mul_ref(b));

impl Neg for &Rational {
    type Output = Rational;
    fn neg(self) -> Rational {
        self.neg_ref()
    }
}

impl Neg for Rational {
    type Output = Rational;
    fn neg(self) -> Rational {
        self.neg_ref()
    }
}

impl<'a> Sum<&'a Rational> for Rational {
    fn sum<I: Iterator<Item = &'a Rational>>(iter: I) -> Rational {
        iter.fold(Rational::zero(), |acc, x| acc.add_ref(x))
    }
}

impl Sum<Rational> for Rational {
    fn sum<I: Iterator<Item = Rational>>(iter: I) -> Rational {
        iter.fold(Rational::zero(), |acc, x| acc.add_ref(&x))
    }
}

/// Least common multiple of two positive `u64`, or `None` on overflow.
pub(crate) fn lcm_u64(a: u64, b: u64) -> Option<u64> {
    (a / gcd_u64(a, b)).checked_mul(b)
}

/// The big-integer `10^k`.
pub(crate) fn pow10(k: u32) -> BigInt {
    num_traits::pow(BigInt::from(10u32), k as usize)
}

/// Parses `a/b` (integers, any sign, `b ≠ 0`), an integer, or a decimal with an optional
/// exponent (`0.25`, `.5`, `-2.5e-1`), exactly: `0.1` is `1/10`. Surrounding whitespace is
/// ignored. The result is not restricted to `[0, 1]`. `Display` output parses back to the
/// same value.
///
/// # Errors
/// [`Error::Parse`] (index 0) naming the string and why: not a number, a zero denominator,
/// longer than [`crate::profile::MAX_NUMBER_LEN`] bytes, or an exponent beyond
/// [`crate::profile::MAX_EXPONENT`].
///
/// # Example
/// ```
/// use facility_location::Rational;
/// assert_eq!("0.25".parse::<Rational>()?, Rational::new(1, 4)?);
/// assert_eq!("-6/4".parse::<Rational>()?.to_string(), "-3/2");
/// assert_eq!("1e-3".parse::<Rational>()?, Rational::new(1, 1000)?);
/// assert!("1/0".parse::<Rational>().is_err());
/// assert!("0.5.2".parse::<Rational>().is_err());
/// # Ok::<(), facility_location::Error>(())
/// ```
impl FromStr for Rational {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        let t = s.trim();
        crate::profile::parse_number(t).map_err(|reason| crate::profile::parse_error(t, 0, reason))
    }
}
