//! Profile sets for the exhaustive searches: sorted grid profiles and clustered profiles.
//!
//! All mechanisms here are anonymous, so only **sorted** profiles are enumerated:
//!
//! - [`Source::SortedGrid`]`{ d }`: every nondecreasing `x ∈ G_d^n`,
//!   `G_d = {0, 1/d, …, 1}`; `C(d + n, n)` profiles (593,775 for `n = 6`, `d = 24`).
//! - [`Source::Clustered`]`{ d, max_locations }`: every profile with at most `max_locations`
//!   distinct locations of `G_d`, with every composition of `n` into that many positive
//!   multiplicities; `Σ_m C(d+1, m)·C(n-1, m-1)` profiles. This reaches large `n` (the
//!   extremal profiles of every ratio in the README's table have two or three distinct
//!   locations: `k` agents at 0 and `n - k` at 1, or `n - 1` at 0 and one at `ε < 1/n`).
//!
//! Profiles are generated in lexicographic order, already sorted, as integer coordinates;
//! the searches scale them by `S/d` and never sort them.
//!
//! # Example
//! ```
//! use facility_location::grid::ProfileSet;
//! let set = ProfileSet::sorted_grid(24).and_clustered(48, 3);
//! assert_eq!(ProfileSet::sorted_grid(24).count(6), Some(593_775));
//! assert_eq!(ProfileSet::clustered(2, 2).count(3), Some(3 + 3 * 2));
//! assert_eq!(set.sources().len(), 2);
//! ```

use std::ops::ControlFlow;

use crate::error::Error;
use crate::profile::Profile;

/// Refuse enumerations larger than this many profiles.
pub const MAX_PROFILES: u128 = 100_000_000_000;

/// One family of sorted profiles on a grid `G_d`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Source {
    /// Every nondecreasing profile in `G_d^n`.
    SortedGrid {
        /// The grid denominator `d >= 1`.
        d: u64,
    },
    /// Every sorted profile in `G_d^n` with at most `max_locations` distinct locations.
    Clustered {
        /// The grid denominator `d >= 1`.
        d: u64,
        /// The largest number of distinct locations (at least 1).
        max_locations: usize,
    },
}

impl Source {
    /// The grid denominator.
    pub fn d(&self) -> u64 {
        match self {
            Source::SortedGrid { d } | Source::Clustered { d, .. } => *d,
        }
    }
}

/// A union of [`Source`]s (profiles in several sources are visited once per source).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct ProfileSet {
    sources: Vec<Source>,
}

fn binomial(n: u128, k: u128) -> Option<u128> {
    if k > n {
        return Some(0);
    }
    let k = k.min(n - k);
    let mut r: u128 = 1;
    for i in 0..k {
        r = r.checked_mul(n - i)? / (i + 1);
    }
    Some(r)
}

impl ProfileSet {
    /// Every sorted profile on `G_d`.
    pub fn sorted_grid(d: u64) -> ProfileSet {
        ProfileSet {
            sources: vec![Source::SortedGrid { d }],
        }
    }

    /// Every sorted profile on `G_d` with at most `max_locations` distinct locations.
    pub fn clustered(d: u64, max_locations: usize) -> ProfileSet {
        ProfileSet {
            sources: vec![Source::Clustered { d, max_locations }],
        }
    }

    /// Adds the sorted profiles of `G_d`.
    pub fn and_sorted_grid(mut self, d: u64) -> ProfileSet {
        self.sources.push(Source::SortedGrid { d });
        self
    }

    /// Adds the clustered profiles of `G_d`.
    pub fn and_clustered(mut self, d: u64, max_locations: usize) -> ProfileSet {
        self.sources.push(Source::Clustered { d, max_locations });
        self
    }

    /// The sources, in visiting order.
    pub fn sources(&self) -> &[Source] {
        &self.sources
    }

    /// The number of profiles visited for `n` agents (`None` on overflow).
    pub fn count(&self, n: usize) -> Option<u128> {
        let n = n as u128;
        let mut total: u128 = 0;
        for s in &self.sources {
            let c = match *s {
                Source::SortedGrid { d } => binomial(d as u128 + n, n)?,
                Source::Clustered { d, max_locations } => {
                    let mut c: u128 = 0;
                    for m in 1..=(max_locations as u128).min(n) {
                        c = c.checked_add(
                            binomial(d as u128 + 1, m)?.checked_mul(binomial(n - 1, m - 1)?)?,
                        )?;
                    }
                    c
                }
            };
            total = total.checked_add(c)?;
        }
        Some(total)
    }

    /// Checks the parameters for `n` agents.
    ///
    /// # Errors
    /// [`Error::EmptyProfile`] for `n = 0`; [`Error::InvalidParameter`] for no source, a
    /// grid `d = 0` or `max_locations = 0`; [`Error::TooLarge`] beyond [`MAX_PROFILES`]
    /// profiles or `d > 2^32`.
    pub fn validate(&self, n: usize) -> Result<u128, Error> {
        if n == 0 {
            return Err(Error::EmptyProfile);
        }
        if self.sources.is_empty() {
            return Err(Error::InvalidParameter {
                what: "an empty profile set".to_string(),
            });
        }
        for s in &self.sources {
            if s.d() == 0 {
                return Err(Error::InvalidParameter {
                    what: "grid denominator 0".to_string(),
                });
            }
            if s.d() > 1 << 32 {
                return Err(Error::TooLarge {
                    what: format!("grid denominator {}", s.d()),
                });
            }
            if let Source::Clustered {
                max_locations: 0, ..
            } = s
            {
                return Err(Error::InvalidParameter {
                    what: "max_locations = 0".to_string(),
                });
            }
        }
        match self.count(n) {
            Some(c) if c <= MAX_PROFILES => Ok(c),
            c => Err(Error::TooLarge {
                what: format!(
                    "{} profiles (limit {MAX_PROFILES})",
                    c.map_or("> 2^128".into(), |c| c.to_string())
                ),
            }),
        }
    }

    /// Calls `f` on every profile of the set, for `n` agents, in visiting order.
    ///
    /// # Errors
    /// Those of [`ProfileSet::validate`].
    ///
    /// # Complexity
    /// O(n) per profile on top of `f` (each is converted to a [`Profile`]).
    ///
    /// # Example
    /// ```
    /// use facility_location::grid::ProfileSet;
    /// let mut seen = Vec::new();
    /// ProfileSet::sorted_grid(1).for_each_profile(2, |p| seen.push(p.to_string()))?;
    /// assert_eq!(seen, ["(0, 0)", "(0, 1)", "(1, 1)"]);
    /// # Ok::<(), facility_location::Error>(())
    /// ```
    pub fn for_each_profile(&self, n: usize, mut f: impl FnMut(&Profile)) -> Result<(), Error> {
        self.validate(n)?;
        for s in &self.sources {
            let d = s.d();
            let _ = for_each_sorted(s, n, 1, |xs| {
                let coords: Vec<u64> = xs.iter().map(|&c| c as u64).collect();
                if let Ok(p) = Profile::from_grid(&coords, d) {
                    f(&p);
                }
                ControlFlow::Continue(())
            });
        }
        Ok(())
    }
}

/// Visits every sorted profile of `source` for `n` agents as scaled coordinates
/// `k·step`, stopping early when `f` breaks.
pub(crate) fn for_each_sorted(
    source: &Source,
    n: usize,
    step: i64,
    mut f: impl FnMut(&[i64]) -> ControlFlow<()>,
) -> ControlFlow<()> {
    match *source {
        Source::SortedGrid { d } => sorted_grid(n, d as i64, step, &mut f),
        Source::Clustered { d, max_locations } => clustered(n, d, max_locations, step, &mut f),
    }
}

fn sorted_grid(
    n: usize,
    d: i64,
    step: i64,
    f: &mut impl FnMut(&[i64]) -> ControlFlow<()>,
) -> ControlFlow<()> {
    let mut k = vec![0i64; n];
    let mut xs = vec![0i64; n];
    loop {
        f(&xs)?;
        // Next nondecreasing sequence: bump the last entry below d, reset the tail to it.
        let Some(j) = (0..n).rev().find(|&j| k[j] < d) else {
            return ControlFlow::Continue(());
        };
        let v = k[j] + 1;
        for i in j..n {
            k[i] = v;
            xs[i] = v * step;
        }
    }
}

/// Calls `f` on every increasing `m`-subset of `0..pool` (lexicographic order).
fn for_each_subset(
    pool: usize,
    m: usize,
    f: &mut impl FnMut(&[usize]) -> ControlFlow<()>,
) -> ControlFlow<()> {
    if m > pool {
        return ControlFlow::Continue(());
    }
    let mut idx: Vec<usize> = (0..m).collect();
    loop {
        f(&idx)?;
        let Some(j) = (0..m).rev().find(|&j| idx[j] < pool - m + j) else {
            return ControlFlow::Continue(());
        };
        idx[j] += 1;
        for i in j + 1..m {
            idx[i] = idx[i - 1] + 1;
        }
    }
}

fn clustered(
    n: usize,
    d: u64,
    max_locations: usize,
    step: i64,
    f: &mut impl FnMut(&[i64]) -> ControlFlow<()>,
) -> ControlFlow<()> {
    let mut xs = vec![0i64; n];
    for m in 1..=max_locations.min(n) {
        for_each_subset(d as usize + 1, m, &mut |locs: &[usize]| {
            // Compositions of n into m positive parts: cut points, an (m-1)-subset of 1..n.
            for_each_subset(n - 1, m - 1, &mut |cuts: &[usize]| {
                let mut start = 0;
                for (c, &loc) in locs.iter().enumerate() {
                    let end = if c + 1 < m { cuts[c] + 1 } else { n };
                    for x in &mut xs[start..end] {
                        *x = loc as i64 * step;
                    }
                    start = end;
                }
                f(&xs)
            })
        })?;
    }
    ControlFlow::Continue(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collect(source: Source, n: usize) -> Vec<Vec<i64>> {
        let mut v = Vec::new();
        let _ = for_each_sorted(&source, n, 1, |xs| {
            v.push(xs.to_vec());
            ControlFlow::Continue(())
        });
        v
    }

    #[test]
    fn counts_match_enumeration_and_profiles_are_sorted_and_distinct() {
        for n in 1..=5 {
            for d in 1..=6u64 {
                for source in [
                    Source::SortedGrid { d },
                    Source::Clustered {
                        d,
                        max_locations: 1,
                    },
                    Source::Clustered {
                        d,
                        max_locations: 2,
                    },
                    Source::Clustered {
                        d,
                        max_locations: 3,
                    },
                ] {
                    let v = collect(source.clone(), n);
                    let set = ProfileSet {
                        sources: vec![source.clone()],
                    };
                    assert_eq!(Some(v.len() as u128), set.count(n), "{source:?} n={n}");
                    let mut u = v.clone();
                    u.sort();
                    u.dedup();
                    assert_eq!(u.len(), v.len(), "duplicates in {source:?}");
                    for p in &v {
                        assert!(p.windows(2).all(|w| w[0] <= w[1]));
                        assert!(p.iter().all(|&x| (0..=d as i64).contains(&x)));
                        if let Source::Clustered { max_locations, .. } = source {
                            let mut q = p.clone();
                            q.dedup();
                            assert!(q.len() <= max_locations);
                        }
                    }
                }
            }
        }
    }
}
