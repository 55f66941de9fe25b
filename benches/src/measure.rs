//! Sampling and statistics.
//!
//! Implementations of one benchmark are measured interleaved: every round runs each of them
//! in a rotating order, so that slow drifts of a noisy machine hit all of them alike and the
//! ratios taken in one run are fair. Within a round each implementation runs twice in a row
//! and only the second run is timed, so that no implementation inherits the cache and
//! allocator state that the previous one left (measured: a bit-parallel run that followed an
//! FFT run took 1.9× as long as one that followed itself). One warm-up round (whose output is
//! also checked) comes first.

use std::time::Duration;

use serde::{Deserialize, Serialize};

/// How many samples to take.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Budget {
    /// At least this many samples per implementation.
    pub min_samples: usize,
    /// At most this many.
    pub max_samples: usize,
    /// Past `min_samples`, keep sampling until the benchmark has used this much time.
    pub target: Duration,
}

impl Budget {
    /// One run, no statistics: for `check`.
    pub const ONCE: Budget = Budget {
        min_samples: 1,
        max_samples: 1,
        target: Duration::ZERO,
    };
    /// The quick suite.
    pub const QUICK: Budget = Budget {
        min_samples: 10,
        max_samples: 30,
        target: Duration::from_millis(600),
    };
    /// The full suite: fewer samples per benchmark than a criterion run, so that the whole
    /// full profile (hundreds of benchmarks, several at a million arcs or 2^24 symbols)
    /// finishes in well under the 4 hours it may take on a 2-core machine; 5 samples still
    /// give a median and a MAD.
    pub const FULL: Budget = Budget {
        min_samples: 5,
        max_samples: 50,
        target: Duration::from_secs(2),
    };
}

/// Summary statistics of a set of samples, in nanoseconds.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Stats {
    /// The median.
    pub median_ns: f64,
    /// The median absolute deviation from the median (unscaled).
    pub mad_ns: f64,
    /// The fastest sample.
    pub min_ns: f64,
    /// The slowest sample.
    pub max_ns: f64,
}

/// The median of `values` (the mean of the middle two for an even count); `None` if empty.
pub fn median(values: &[f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let mid = v.len() / 2;
    Some(if v.len() % 2 == 1 {
        v[mid]
    } else {
        (v[mid - 1] + v[mid]) / 2.0
    })
}

impl Stats {
    /// Statistics of `samples`; `None` if there are none.
    pub fn of(samples: &[f64]) -> Option<Stats> {
        let median_ns = median(samples)?;
        let deviations: Vec<f64> = samples.iter().map(|s| (s - median_ns).abs()).collect();
        Some(Stats {
            median_ns,
            mad_ns: median(&deviations)?,
            min_ns: samples.iter().copied().fold(f64::INFINITY, f64::min),
            max_ns: samples.iter().copied().fold(f64::NEG_INFINITY, f64::max),
        })
    }
}

/// Geometric mean of positive values; `None` if empty.
pub fn geometric_mean(values: &[f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    Some((values.iter().map(|v| v.ln()).sum::<f64>() / values.len() as f64).exp())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statistics_by_hand() {
        let s = Stats::of(&[5.0, 1.0, 3.0, 100.0, 4.0]).unwrap();
        // sorted 1 3 4 5 100: median 4; deviations 3 1 0 1 96 -> sorted 0 1 1 3 96: MAD 1.
        assert_eq!(
            s,
            Stats {
                median_ns: 4.0,
                mad_ns: 1.0,
                min_ns: 1.0,
                max_ns: 100.0
            }
        );
        assert_eq!(median(&[1.0, 2.0, 3.0, 10.0]), Some(2.5));
        assert_eq!(median(&[]), None);
        assert!((geometric_mean(&[1.0, 4.0]).unwrap() - 2.0).abs() < 1e-12);
    }
}
