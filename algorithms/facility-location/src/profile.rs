//! Profiles: the reported locations `x_1..x_n ∈ [0, 1]` of `n >= 1` agents, exactly.
//!
//! A [`Profile`] is validated once, at construction: `n >= 1` and every location lies in
//! `[0, 1]`. Out-of-range values are rejected, never clamped. Locations are exact
//! [`Rational`]s; a profile whose locations all fit in `Ratio<i64>` is stored as a plain
//! `Vec<Ratio<i64>>` (the fast path of every evaluator), otherwise as big rationals.
//!
//! Profiles come from rationals ([`Profile::new`], [`Profile::from_fractions`]), grid
//! coordinates ([`Profile::from_grid`]), doubles converted exactly
//! ([`Profile::from_f64_exact`]) or text ([`parse_profile`]).
//!
//! # Example
//! ```
//! use facility_location::{parse_profile, Profile};
//! let p = parse_profile("0, 1/3 0.25").unwrap();
//! assert_eq!(p, Profile::from_fractions(&[(0, 1), (1, 3), (1, 4)]).unwrap());
//! assert_eq!(p.to_string(), "(0, 1/3, 1/4)");
//! ```

use std::fmt;
use std::str::FromStr;

use num_bigint::BigInt;
use num_rational::Ratio;

use crate::error::Error;
use crate::rational::{Rational, pow10};

/// The locations reported by `n >= 1` agents, each an exact rational in `[0, 1]`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Profile(Locs);

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Locs {
    Small(Vec<Ratio<i64>>),
    Big(Vec<Rational>),
}

impl Profile {
    /// A profile from exact locations.
    ///
    /// # Errors
    /// [`Error::EmptyProfile`] when `locations` is empty; [`Error::OutOfRange`] (with the
    /// first offending index) when a location lies outside `[0, 1]`.
    ///
    /// # Complexity
    /// O(n).
    ///
    /// # Example
    /// ```
    /// use facility_location::{Error, Profile, Rational};
    /// let half = Rational::new(1, 2).unwrap();
    /// assert_eq!(Profile::new(vec![half]).unwrap().len(), 1);
    /// assert_eq!(Profile::new(vec![]), Err(Error::EmptyProfile));
    /// ```
    pub fn new(locations: Vec<Rational>) -> Result<Profile, Error> {
        if locations.is_empty() {
            return Err(Error::EmptyProfile);
        }
        for (index, x) in locations.iter().enumerate() {
            if !x.in_unit_interval() {
                return Err(Error::OutOfRange {
                    index,
                    value: x.to_string(),
                });
            }
        }
        if locations.iter().all(Rational::is_small) {
            let v = locations
                .iter()
                .map(|x| x.as_small().unwrap_or_default())
                .collect();
            Ok(Profile(Locs::Small(v)))
        } else {
            Ok(Profile(Locs::Big(locations)))
        }
    }

    /// A profile from `(numerator, denominator)` pairs.
    ///
    /// # Errors
    /// [`Error::ZeroDenominator`], plus those of [`Profile::new`].
    ///
    /// # Example
    /// ```
    /// use facility_location::Profile;
    /// let p = Profile::from_fractions(&[(0, 1), (2, 4)]).unwrap();
    /// assert_eq!(p.to_string(), "(0, 1/2)");
    /// ```
    pub fn from_fractions(pairs: &[(i64, i64)]) -> Result<Profile, Error> {
        let v = pairs
            .iter()
            .map(|&(a, b)| Rational::new(a, b))
            .collect::<Result<Vec<_>, _>>()?;
        Profile::new(v)
    }

    /// The profile `(c_1/d, …, c_n/d)` on the grid `G_d = {0, 1/d, …, 1}`.
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] when `d == 0` or `d > i64::MAX`; [`Error::OutOfRange`]
    /// when some `c_i > d`; [`Error::EmptyProfile`] when `coords` is empty.
    ///
    /// # Example
    /// ```
    /// use facility_location::Profile;
    /// assert_eq!(Profile::from_grid(&[0, 3, 6], 6).unwrap().to_string(), "(0, 1/2, 1)");
    /// assert!(Profile::from_grid(&[7], 6).is_err());
    /// ```
    pub fn from_grid(coords: &[u64], d: u64) -> Result<Profile, Error> {
        if d == 0 || d > i64::MAX as u64 {
            return Err(Error::InvalidParameter {
                what: format!("grid denominator {d}"),
            });
        }
        let v = coords
            .iter()
            .map(|&c| Rational::from_i128(c as i128, d as i128))
            .collect::<Vec<_>>();
        Profile::new(v)
    }

    /// A profile from doubles, each converted to its **exact** binary value (a dyadic
    /// rational: `0.1` becomes `3602879701896397/36028797018963968`).
    ///
    /// # Errors
    /// [`Error::NotFinite`] for NaN or ±∞, [`Error::OutOfRange`] outside `[0, 1]`,
    /// [`Error::EmptyProfile`] for an empty slice. Nothing is clamped.
    ///
    /// # Example
    /// ```
    /// use facility_location::{Error, Profile};
    /// assert_eq!(Profile::from_f64_exact(&[0.5, 0.25]).unwrap().to_string(), "(1/2, 1/4)");
    /// assert!(matches!(Profile::from_f64_exact(&[f64::NAN]), Err(Error::NotFinite { index: 0, .. })));
    /// assert!(matches!(Profile::from_f64_exact(&[0.0, 1.5]), Err(Error::OutOfRange { index: 1, .. })));
    /// ```
    pub fn from_f64_exact(xs: &[f64]) -> Result<Profile, Error> {
        let mut v = Vec::with_capacity(xs.len());
        for (index, &x) in xs.iter().enumerate() {
            let r = Rational::from_f64_exact(x).map_err(|_| Error::NotFinite {
                index,
                value: format!("{x:?}"),
            })?;
            v.push(r);
        }
        Profile::new(v)
    }

    /// The number of agents `n` (always at least 1).
    pub fn len(&self) -> usize {
        match &self.0 {
            Locs::Small(v) => v.len(),
            Locs::Big(v) => v.len(),
        }
    }

    /// Always `false`: a profile has at least one agent.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// The location of agent `i`, or `None` when `i >= n`.
    pub fn get(&self, i: usize) -> Option<Rational> {
        match &self.0 {
            Locs::Small(v) => v.get(i).map(|&r| Rational::from(r)),
            Locs::Big(v) => v.get(i).cloned(),
        }
    }

    /// All locations, in agent order.
    pub fn locations(&self) -> Vec<Rational> {
        match &self.0 {
            Locs::Small(v) => v.iter().map(|&r| Rational::from(r)).collect(),
            Locs::Big(v) => v.clone(),
        }
    }

    /// The locations as `Ratio<i64>` when every one fits (the fast path), else `None`.
    pub fn as_small(&self) -> Option<&[Ratio<i64>]> {
        match &self.0 {
            Locs::Small(v) => Some(v),
            Locs::Big(_) => None,
        }
    }

    /// The same multiset of locations in nondecreasing order. O(n log n).
    pub fn sorted(&self) -> Profile {
        let mut v = self.locations();
        v.sort();
        Profile::new(v).unwrap_or_else(|_| self.clone())
    }

    /// The mirror image `(1 - x_1, …, 1 - x_n)`. O(n).
    pub fn reflected(&self) -> Profile {
        let one = Rational::one();
        let v = self.locations().iter().map(|x| &one - x).collect();
        Profile::new(v).unwrap_or_else(|_| self.clone())
    }

    /// The profile with agent `agent` reporting `report` instead. O(n).
    ///
    /// # Errors
    /// [`Error::AgentOutOfRange`] when `agent >= n`; [`Error::OutOfRange`] when `report`
    /// lies outside `[0, 1]`.
    ///
    /// # Example
    /// ```
    /// use facility_location::{parse_profile, Rational};
    /// let x = parse_profile("0 0 1/2").unwrap();
    /// assert_eq!(x.with_location(2, Rational::one()).unwrap().to_string(), "(0, 0, 1)");
    /// assert_eq!(x.reflected().to_string(), "(1, 1, 1/2)");
    /// assert_eq!(x.reflected().sorted().to_string(), "(1/2, 1, 1)");
    /// ```
    pub fn with_location(&self, agent: usize, report: Rational) -> Result<Profile, Error> {
        let n = self.len();
        if agent >= n {
            return Err(Error::AgentOutOfRange { agent, n });
        }
        let mut v = self.locations();
        v[agent] = report;
        Profile::new(v)
    }
}

impl fmt::Display for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "(")?;
        for (i, x) in self.locations().iter().enumerate() {
            if i > 0 {
                write!(f, ", ")?;
            }
            write!(f, "{x}")?;
        }
        write!(f, ")")
    }
}

impl FromStr for Profile {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        parse_profile(s)
    }
}

/// Parses a profile such as `"0, 1/3, 0.25 1"`.
///
/// Tokens are separated by commas and/or whitespace; one outer pair of `()` or `[]` is
/// allowed (so [`Profile`]'s `Display` output parses back). A token is a fraction `p/q` of
/// integers or a decimal (`0.25`, `.5`, `2.5e-1`), converted **exactly** (`0.1` is `1/10`).
///
/// # Errors
/// [`Error::Parse`] naming the first token that is not a number (and why);
/// [`Error::NotFinite`] for `nan` or `inf`; [`Error::OutOfRange`] for a number outside
/// `[0, 1]`; [`Error::EmptyProfile`] when there is no token.
///
/// # Complexity
/// O(length of the string), plus big-integer work for very long tokens.
///
/// # Example
/// ```
/// use facility_location::{parse_profile, Error};
/// let p = parse_profile("[0.1, 2/3]").unwrap();
/// assert_eq!(p.to_string(), "(1/10, 2/3)");
/// match parse_profile("0.5, abc") {
///     Err(Error::Parse { token, index, .. }) => assert_eq!((token.as_str(), index), ("abc", 1)),
///     other => panic!("{other:?}"),
/// }
/// ```
pub fn parse_profile(s: &str) -> Result<Profile, Error> {
    let t = s.trim();
    let t = match (t.chars().next(), t.chars().last()) {
        (Some('('), Some(')')) | (Some('['), Some(']')) if t.len() >= 2 => &t[1..t.len() - 1],
        _ => t,
    };
    let mut v = Vec::new();
    for (index, token) in t
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .enumerate()
    {
        let lower = token.to_ascii_lowercase();
        let bare = lower.trim_start_matches(['+', '-']);
        if token.len() <= MAX_NUMBER_LEN && (bare == "nan" || bare == "inf" || bare == "infinity") {
            return Err(Error::NotFinite {
                index,
                value: token.to_string(),
            });
        }
        let r = parse_number(token).map_err(|reason| parse_error(token, index, reason))?;
        if !r.in_unit_interval() {
            return Err(Error::OutOfRange {
                index,
                value: r.to_string(),
            });
        }
        v.push(r);
    }
    Profile::new(v)
}

/// The most decimal digits the reduced numerator or denominator of a parsed number may have:
/// 400. Larger values are refused with [`Error::Parse`] naming this limit.
pub const MAX_DIGITS: usize = 400;

/// The longest number token [`parse_profile`], [`Rational`]'s `FromStr` and `phantom[…]`
/// accept, in bytes: `2 · MAX_DIGITS + 2` = 802, room for a signed fraction of two
/// [`MAX_DIGITS`]-digit integers, so that the text of every accepted value parses back. Longer
/// tokens are refused with [`Error::Parse`] naming this limit, so that one token cannot cost
/// quadratic big-integer work (a 100,000-digit decimal took minutes).
pub const MAX_NUMBER_LEN: usize = 2 * MAX_DIGITS + 2;

/// The largest decimal exponent accepted (`|e| ≤ 1000`; the value must still fit
/// [`MAX_DIGITS`]).
pub const MAX_EXPONENT: i64 = 1000;

/// An [`Error::Parse`] for `token`, shortened to its first 40 characters when it is longer
/// than [`MAX_NUMBER_LEN`] (the message names the length).
pub(crate) fn parse_error(token: &str, index: usize, reason: String) -> Error {
    let token = if token.len() > MAX_NUMBER_LEN {
        let head: String = token.chars().take(40).collect();
        format!("{head}… ({} bytes)", token.len())
    } else {
        token.to_string()
    };
    Error::Parse {
        token,
        index,
        reason,
    }
}

/// Parses one token as an exact rational: `p/q` or a decimal with optional exponent.
pub(crate) fn parse_number(token: &str) -> Result<Rational, String> {
    if token.len() > MAX_NUMBER_LEN {
        return Err(format!(
            "longer than {MAX_NUMBER_LEN} bytes, the limit for one number"
        ));
    }
    if let Some((p, q)) = token.split_once('/') {
        let p = parse_integer(p)?;
        let q = parse_integer(q)?;
        return within_digits(
            Rational::from_big(p, q).map_err(|_| "zero denominator".to_string())?,
        );
    }
    let (neg, rest) = match token.as_bytes().first() {
        Some(b'-') => (true, &token[1..]),
        Some(b'+') => (false, &token[1..]),
        _ => (false, token),
    };
    let (mantissa, exp) = match rest.find(['e', 'E']) {
        Some(i) => {
            let e: i64 = rest[i + 1..]
                .parse()
                .map_err(|_| "malformed exponent".to_string())?;
            (&rest[..i], e)
        }
        None => (rest, 0),
    };
    if exp.abs() > MAX_EXPONENT {
        return Err(format!("exponent out of range (|e| > {MAX_EXPONENT})"));
    }
    let (ip, fp) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if ip.is_empty() && fp.is_empty() {
        return Err("no digits".to_string());
    }
    if let Some(c) = ip.chars().chain(fp.chars()).find(|c| !c.is_ascii_digit()) {
        return Err(format!("unexpected character {c:?}"));
    }
    let digits: BigInt = format!("0{ip}{fp}")
        .parse()
        .map_err(|_| "no digits".to_string())?;
    let digits = if neg { -digits } else { digits };
    let scale = fp.len() as i64 - exp;
    let r = if scale >= 0 {
        Rational::from_big(digits, pow10(scale as u32)).map_err(|e| e.to_string())?
    } else {
        Rational::from_big(digits * pow10((-scale) as u32), BigInt::from(1))
            .map_err(|e| e.to_string())?
    };
    within_digits(r)
}

/// `r` when its reduced numerator and denominator have at most [`MAX_DIGITS`] digits.
fn within_digits(r: Rational) -> Result<Rational, String> {
    if r.is_small() {
        return Ok(r); // |parts| < 2^63 < 10^19
    }
    let (n, d) = r.numer_denom();
    let limit = pow10(MAX_DIGITS as u32);
    if n.magnitude() >= limit.magnitude() || d >= limit {
        return Err(format!(
            "its numerator or denominator has more than {MAX_DIGITS} digits, the limit"
        ));
    }
    Ok(r)
}

fn parse_integer(s: &str) -> Result<BigInt, String> {
    let body = s.strip_prefix(['+', '-']).unwrap_or(s);
    if body.is_empty() {
        return Err("missing integer in fraction".to_string());
    }
    if let Some(c) = body.chars().find(|c| !c.is_ascii_digit()) {
        return Err(format!("unexpected character {c:?} in fraction"));
    }
    s.parse::<BigInt>().map_err(|e| e.to_string())
}
