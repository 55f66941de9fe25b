//! Single-facility mechanisms on `[0, 1]`: the [`Mechanism`] enum and prepared [`Evaluator`]s.
//!
//! | name | rule | SP | file |
//! |---|---|---|---|
//! | `uniform-phantom` | phantoms `k/n` (Freeman et al. 2021; Aziz et al.) | yes | [`named`] |
//! | `median` | left median `x_(⌈n/2⌉)` | yes | [`named`] |
//! | `leftmost`, `rightmost` | min, max | yes | [`named`] |
//! | `endpoint-phantoms` | phantoms at `1/n` and `1 - 1/n` | yes | [`named`] |
//! | `half-phantoms` | phantoms at 1/2 | yes | [`named`] |
//! | `clamped-median` | `clamp(x_(⌈n/2⌉), 1/n, 1 - 1/n)` | yes | [`other`] |
//! | `average`, `midpoint` | mean, `(min + max)/2` | no | [`other`] |
//! | `phantom[p_1, …]` | any phantom vector ([`PhantomMechanism`]) | yes | [`phantom`] |
//!
//! Named rules are defined for every `n`; a custom phantom vector fixes `n`. Outcomes are
//! exact [`Rational`]s. [`Mechanism::evaluate`] prepares the rule on every call;
//! [`Mechanism::prepare`] returns an [`Evaluator`] that caches the phantom vector (and its
//! bucket counts) for repeated evaluation at one `n`.
//!
//! # Example
//! ```
//! use facility_location::{parse_profile, Mechanism};
//! let up = Mechanism::from_name("uniform-phantom")?;
//! assert_eq!(up.evaluate(&parse_profile("0 0 1 1 1")?)?.to_string(), "3/5");
//! let ev = up.prepare(5)?;
//! assert_eq!(ev.evaluate(&parse_profile("0 0 0 0 1/10")?)?.to_string(), "1/10");
//! assert_eq!(ev.evaluate_f64(&[0.0, 0.0, 1.0, 1.0, 1.0])?, 0.6);
//! # Ok::<(), facility_location::Error>(())
//! ```

pub mod named;
pub mod other;
pub mod phantom;
pub(crate) mod scaled;

use std::fmt;

pub use phantom::PhantomMechanism;

use crate::error::Error;
use crate::profile::{Profile, parse_number};
use crate::rational::Rational;
use phantom::PreparedPhantoms;

/// A deterministic single-facility mechanism `f : [0,1]^n → [0,1]`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Mechanism {
    /// Uniform Phantom: phantoms `1/n, …, (n-1)/n`.
    UniformPhantom,
    /// The left median `x_(⌈n/2⌉)` (the median for odd `n`).
    Median,
    /// The leftmost location.
    Leftmost,
    /// The rightmost location.
    Rightmost,
    /// Endpoint phantoms: `⌊(n-1)/2⌋` at `1/n`, `⌈(n-1)/2⌉` at `1 - 1/n`.
    EndpointPhantoms,
    /// All phantoms at 1/2.
    HalfPhantoms,
    /// The left median clamped to `[1/n, 1 - 1/n]`.
    ClampedMedian,
    /// The mean location.
    Average,
    /// `(min + max) / 2`.
    Midpoint,
    /// A custom phantom vector (fixes `n`).
    Phantom(PhantomMechanism),
}

impl Mechanism {
    /// The named rules, in the order of the README's table of axioms and ratios.
    pub const NAMED: [Mechanism; 9] = [
        Mechanism::Median,
        Mechanism::Leftmost,
        Mechanism::Rightmost,
        Mechanism::UniformPhantom,
        Mechanism::EndpointPhantoms,
        Mechanism::ClampedMedian,
        Mechanism::HalfPhantoms,
        Mechanism::Average,
        Mechanism::Midpoint,
    ];

    /// The rule's name: `uniform-phantom`, `median`, `leftmost`, `rightmost`,
    /// `endpoint-phantoms`, `half-phantoms`, `clamped-median`, `average`, `midpoint`, or
    /// `phantom` for a custom vector ([`Display`](fmt::Display) adds the vector).
    pub fn name(&self) -> &'static str {
        match self {
            Mechanism::UniformPhantom => "uniform-phantom",
            Mechanism::Median => "median",
            Mechanism::Leftmost => "leftmost",
            Mechanism::Rightmost => "rightmost",
            Mechanism::EndpointPhantoms => "endpoint-phantoms",
            Mechanism::HalfPhantoms => "half-phantoms",
            Mechanism::ClampedMedian => "clamped-median",
            Mechanism::Average => "average",
            Mechanism::Midpoint => "midpoint",
            Mechanism::Phantom(_) => "phantom",
        }
    }

    /// The mechanism with this name (case-insensitive). Accepts every [`Mechanism::name`],
    /// the aliases `up`, `ep`, `min`, `max`, `mean`, `left-median`, and
    /// `phantom[p_1, …, p_{n-1}]` (rationals or decimals) for a custom vector.
    ///
    /// # Errors
    /// [`Error::UnknownMechanism`]; for `phantom[…]`, [`Error::Parse`] or
    /// [`Error::PhantomOutOfRange`].
    ///
    /// # Example
    /// ```
    /// use facility_location::Mechanism;
    /// assert_eq!(Mechanism::from_name("UP")?, Mechanism::UniformPhantom);
    /// let m = Mechanism::from_name("phantom[1/4, 0.75]")?;
    /// assert_eq!(m.to_string(), "phantom[1/4, 3/4]");
    /// assert!(Mechanism::from_name("nope").is_err());
    /// # Ok::<(), facility_location::Error>(())
    /// ```
    pub fn from_name(name: &str) -> Result<Mechanism, Error> {
        let lower = name.trim().to_ascii_lowercase();
        if let Some(rest) = lower.strip_prefix("phantom")
            && rest.starts_with('[')
            && rest.ends_with(']')
        {
            let body = &rest[1..rest.len() - 1];
            let mut v = Vec::new();
            for (index, token) in body
                .split(|c: char| c == ',' || c.is_whitespace())
                .filter(|t| !t.is_empty())
                .enumerate()
            {
                let r = parse_number(token)
                    .map_err(|reason| crate::profile::parse_error(token, index, reason))?;
                v.push(r);
            }
            return Ok(Mechanism::Phantom(PhantomMechanism::new(v)?));
        }
        Ok(match lower.as_str() {
            "uniform-phantom" | "up" | "uniform" => Mechanism::UniformPhantom,
            "median" | "left-median" => Mechanism::Median,
            "leftmost" | "min" => Mechanism::Leftmost,
            "rightmost" | "max" => Mechanism::Rightmost,
            "endpoint-phantoms" | "ep" => Mechanism::EndpointPhantoms,
            "half-phantoms" | "half" => Mechanism::HalfPhantoms,
            "clamped-median" => Mechanism::ClampedMedian,
            "average" | "mean" => Mechanism::Average,
            "midpoint" => Mechanism::Midpoint,
            _ => {
                return Err(Error::UnknownMechanism {
                    name: name.to_string(),
                });
            }
        })
    }

    /// The sorted phantom vector for `n` agents when the rule is a phantom mechanism
    /// (`None` for clamped median, average and midpoint).
    ///
    /// # Errors
    /// [`Error::EmptyProfile`] for `n = 0`; [`Error::PhantomCount`] for a custom vector of
    /// the wrong length.
    ///
    /// # Example
    /// ```
    /// use facility_location::Mechanism;
    /// let p = Mechanism::HalfPhantoms.phantoms(3)?.unwrap();
    /// assert_eq!(p.len(), 2);
    /// assert_eq!(Mechanism::Average.phantoms(3)?, None);
    /// # Ok::<(), facility_location::Error>(())
    /// ```
    pub fn phantoms(&self, n: usize) -> Result<Option<Vec<Rational>>, Error> {
        if n == 0 {
            return Err(Error::EmptyProfile);
        }
        Ok(Some(match self {
            Mechanism::UniformPhantom => named::uniform_phantom(n)?,
            Mechanism::Median => named::median(n)?,
            Mechanism::Leftmost => named::leftmost(n)?,
            Mechanism::Rightmost => named::rightmost(n)?,
            Mechanism::EndpointPhantoms => named::endpoint_phantoms(n)?,
            Mechanism::HalfPhantoms => named::half_phantoms(n)?,
            Mechanism::Phantom(p) => {
                if p.n() != n {
                    return Err(Error::PhantomCount {
                        expected: n - 1,
                        got: p.n() - 1,
                    });
                }
                p.phantoms().to_vec()
            }
            Mechanism::ClampedMedian | Mechanism::Average | Mechanism::Midpoint => {
                return Ok(None);
            }
        }))
    }

    /// Whether the rule is a phantom (generalized-median) mechanism.
    pub fn is_phantom(&self) -> bool {
        !matches!(
            self,
            Mechanism::ClampedMedian | Mechanism::Average | Mechanism::Midpoint
        )
    }

    /// Whether each agent's outcome, as a function of its own report, is `clamp(r, a, b)`
    /// with `a`, `b` among the other reports and fixed rational breakpoints (phantoms, or the
    /// clamp bounds `1/n`, `1 - 1/n`). For such rules a grid containing every breakpoint
    /// **certifies** strategyproofness ([`crate::strategyproof`]); for the others a grid
    /// search can only refute it.
    pub fn is_grid_certifiable(&self) -> bool {
        !matches!(self, Mechanism::Average | Mechanism::Midpoint)
    }

    /// Prepares the rule for repeated evaluation on `n` agents.
    ///
    /// # Errors
    /// [`Error::EmptyProfile`] for `n = 0`; [`Error::PhantomCount`] for a custom vector of
    /// another length.
    ///
    /// # Complexity
    /// O(n) (the phantom vector and its bucket counts).
    pub fn prepare(&self, n: usize) -> Result<Evaluator, Error> {
        let kind = match self.phantoms(n)? {
            Some(ps) => EvalKind::Phantom(PreparedPhantoms::new(&ps)),
            None => match self {
                Mechanism::ClampedMedian => EvalKind::Clamped,
                Mechanism::Average => EvalKind::Average,
                _ => EvalKind::Midpoint,
            },
        };
        Ok(Evaluator { n, kind })
    }

    /// The outcome `f(x)`, exactly.
    ///
    /// # Errors
    /// [`Error::PhantomCount`] when a custom phantom vector does not fit the profile.
    ///
    /// # Complexity
    /// O(n) to prepare the rule, then as [`Evaluator::evaluate`].
    ///
    /// # Example
    /// ```
    /// use facility_location::{parse_profile, Mechanism};
    /// let x = parse_profile("1/5 3/10 3/5")?;
    /// assert_eq!(Mechanism::Midpoint.evaluate(&x)?.to_string(), "2/5");
    /// # Ok::<(), facility_location::Error>(())
    /// ```
    pub fn evaluate(&self, profile: &Profile) -> Result<Rational, Error> {
        self.prepare(profile.len())?.evaluate(profile)
    }

    /// The outcome on doubles: the throughput path, never used to certify anything.
    ///
    /// # Errors
    /// [`Error::EmptyProfile`], [`Error::NotFinite`], [`Error::OutOfRange`] (nothing is
    /// clamped), [`Error::PhantomCount`].
    ///
    /// # Example
    /// ```
    /// use facility_location::Mechanism;
    /// assert_eq!(Mechanism::Average.evaluate_f64(&[0.0, 0.5])?, 0.25);
    /// assert!(Mechanism::Average.evaluate_f64(&[0.0, f64::NAN]).is_err());
    /// # Ok::<(), facility_location::Error>(())
    /// ```
    pub fn evaluate_f64(&self, xs: &[f64]) -> Result<f64, Error> {
        validate_f64(xs)?;
        self.prepare(xs.len())?.evaluate_f64(xs)
    }
}

impl fmt::Display for Mechanism {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Mechanism::Phantom(p) => {
                write!(f, "phantom[")?;
                for (i, x) in p.phantoms().iter().enumerate() {
                    if i > 0 {
                        write!(f, ", ")?;
                    }
                    write!(f, "{x}")?;
                }
                write!(f, "]")
            }
            other => f.write_str(other.name()),
        }
    }
}

#[derive(Clone, Debug)]
enum EvalKind {
    Phantom(PreparedPhantoms),
    Clamped,
    Average,
    Midpoint,
}

/// A mechanism prepared for `n` agents (see [`Mechanism::prepare`]).
#[derive(Clone, Debug)]
pub struct Evaluator {
    n: usize,
    kind: EvalKind,
}

impl Evaluator {
    /// The number of agents this evaluator was prepared for.
    pub fn n(&self) -> usize {
        self.n
    }

    /// The outcome `f(x)`, exactly.
    ///
    /// # Errors
    /// [`Error::LengthMismatch`] when the profile does not have `n` agents.
    ///
    /// # Complexity
    /// Phantom rules: O(n log n) for `n <= 64`, expected O(n) above (bucket selection, see
    /// [`phantom`]); clamped median O(n) expected; average and midpoint O(n) rational
    /// operations.
    ///
    /// # Example
    /// ```
    /// use facility_location::{parse_profile, Mechanism};
    /// let ev = facility_location::Mechanism::EndpointPhantoms.prepare(4)?;
    /// assert_eq!(ev.evaluate(&parse_profile("0 0 0 1")?)?.to_string(), "1/4");
    /// # Ok::<(), facility_location::Error>(())
    /// ```
    pub fn evaluate(&self, profile: &Profile) -> Result<Rational, Error> {
        if profile.len() != self.n {
            return Err(Error::LengthMismatch {
                expected: self.n,
                got: profile.len(),
            });
        }
        Ok(match &self.kind {
            EvalKind::Phantom(p) => p.evaluate(profile),
            EvalKind::Clamped => other::clamped_median(profile),
            EvalKind::Average => other::average(profile),
            EvalKind::Midpoint => other::midpoint(profile),
        })
    }

    /// The outcome on doubles (throughput only; never used to certify).
    ///
    /// # Errors
    /// [`Error::EmptyProfile`], [`Error::NotFinite`], [`Error::OutOfRange`],
    /// [`Error::LengthMismatch`].
    ///
    /// # Complexity
    /// Phantom rules: a branch-free rank sort for `n <= 16` (O(n²) comparisons), insertion sort
    /// for `n <= 32`, else O(n log n); others O(n).
    ///
    /// # Example
    /// ```
    /// let ev = facility_location::Mechanism::UniformPhantom.prepare(2)?;
    /// assert_eq!(ev.evaluate_f64(&[0.0, 1.0])?, 0.5);
    /// # Ok::<(), facility_location::Error>(())
    /// ```
    pub fn evaluate_f64(&self, xs: &[f64]) -> Result<f64, Error> {
        validate_f64(xs)?;
        if xs.len() != self.n {
            return Err(Error::LengthMismatch {
                expected: self.n,
                got: xs.len(),
            });
        }
        Ok(match &self.kind {
            EvalKind::Phantom(p) => p.evaluate_f64(xs),
            EvalKind::Clamped => other::clamped_median_f64(xs),
            EvalKind::Average => other::average_f64(xs),
            EvalKind::Midpoint => other::midpoint_f64(xs),
        })
    }

    /// The outcomes of a batch of profiles of `n` agents stored back to back in `xs`, appended
    /// to `out`: the throughput path. The whole batch is validated once, up front, so the
    /// per-profile work is the evaluation alone (no per-call checks).
    ///
    /// # Errors
    /// [`Error::LengthMismatch`] when `xs.len()` is not a multiple of `n` (or is 0);
    /// [`Error::NotFinite`], [`Error::OutOfRange`] with the index into `xs`. Nothing is
    /// appended on error.
    ///
    /// # Complexity
    /// One pass over `xs` to validate, then as [`Evaluator::evaluate_f64`] per profile.
    ///
    /// # Example
    /// ```
    /// let ev = facility_location::Mechanism::UniformPhantom.prepare(2)?;
    /// let mut out = Vec::new();
    /// ev.evaluate_f64_batch(&[0.0, 1.0, 0.25, 0.25], &mut out)?;
    /// assert_eq!(out, [0.5, 0.25]);
    /// assert!(ev.evaluate_f64_batch(&[0.0, 1.0, 0.5], &mut out).is_err());
    /// # Ok::<(), facility_location::Error>(())
    /// ```
    pub fn evaluate_f64_batch(&self, xs: &[f64], out: &mut Vec<f64>) -> Result<(), Error> {
        if xs.is_empty() || !xs.len().is_multiple_of(self.n) {
            return Err(Error::LengthMismatch {
                expected: self.n,
                got: xs.len(),
            });
        }
        validate_f64(xs)?;
        out.reserve(xs.len() / self.n);
        match &self.kind {
            EvalKind::Phantom(p) => out.extend(xs.chunks_exact(self.n).map(|c| p.evaluate_f64(c))),
            EvalKind::Clamped => out.extend(xs.chunks_exact(self.n).map(other::clamped_median_f64)),
            EvalKind::Average => out.extend(xs.chunks_exact(self.n).map(other::average_f64)),
            EvalKind::Midpoint => out.extend(xs.chunks_exact(self.n).map(other::midpoint_f64)),
        }
        Ok(())
    }
}

/// Rejects an empty slice, NaN, ±∞ and values outside `[0, 1]`.
pub(crate) fn validate_f64(xs: &[f64]) -> Result<(), Error> {
    if xs.is_empty() {
        return Err(Error::EmptyProfile);
    }
    for (index, &x) in xs.iter().enumerate() {
        if !x.is_finite() {
            return Err(Error::NotFinite {
                index,
                value: format!("{x:?}"),
            });
        }
        if !(0.0..=1.0).contains(&x) {
            return Err(Error::OutOfRange {
                index,
                value: format!("{x:?}"),
            });
        }
    }
    Ok(())
}
