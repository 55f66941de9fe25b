//! How long a run will take. Benchmarks differ in cost by orders of magnitude (a study that
//! trains for minutes beside races that take a second), so the mean time per benchmark so
//! far is a poor guide. The estimate uses each benchmark's wall time in the last run of the
//! same profile (`bench_wall_s` in `reports/raw/<profile>/`), scaled by how this run
//! compares with that one on the benchmarks done so far; benchmarks without a previous time
//! count at this run's mean.

use std::collections::BTreeMap;

use crate::raw::Row;

/// The time estimate of one run, updated as its benchmarks finish (in order).
#[derive(Debug, Clone, Default)]
pub struct Estimate {
    previous: Vec<Option<f64>>,
    measured: Vec<f64>,
}

impl Estimate {
    /// An estimate for benchmarks whose previous wall times (seconds) are `previous`, in the
    /// order they will run.
    pub fn new(previous: Vec<Option<f64>>) -> Estimate {
        Estimate {
            previous,
            measured: Vec::new(),
        }
    }

    /// The previous wall time of each of `names` (`family/benchmark`) in `rows`.
    pub fn from_rows(names: &[String], rows: &[Row]) -> Estimate {
        let mut wall: BTreeMap<String, f64> = BTreeMap::new();
        for r in rows {
            if let Some(w) = r.bench_wall_s {
                wall.insert(format!("{}/{}", r.family, r.benchmark), w);
            }
        }
        Estimate::new(names.iter().map(|n| wall.get(n).copied()).collect())
    }

    /// Before the run: the summed previous time of the benchmarks that have one, and how
    /// many have one.
    pub fn known(&self) -> (f64, usize) {
        let known: Vec<f64> = self.previous.iter().flatten().copied().collect();
        (known.iter().sum(), known.len())
    }

    /// The next benchmark finished after `wall_s` seconds.
    pub fn record(&mut self, wall_s: f64) {
        self.measured.push(wall_s);
    }

    /// The estimated seconds left, or `None` while nothing supports an estimate.
    pub fn left(&self) -> Option<f64> {
        let done = self.measured.len().min(self.previous.len());
        let (mut now, mut before) = (0.0, 0.0);
        for (m, p) in self.measured.iter().zip(&self.previous) {
            if let Some(p) = p {
                now += m;
                before += p;
            }
        }
        // How this run compares with the previous one, on the benchmarks both ran.
        let scale = if before > 0.0 { now / before } else { 1.0 };
        let mean = (!self.measured.is_empty())
            .then(|| self.measured.iter().sum::<f64>() / self.measured.len() as f64);
        let mut left = 0.0;
        for p in &self.previous[done..] {
            left += match p {
                Some(p) => p * scale,
                None => mean?,
            };
        }
        Some(left)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn previous_times_weight_the_estimate() {
        // A 100 s study after two 1 s races: the mean so far (1 s) would promise 1 s left.
        let mut e = Estimate::new(vec![Some(1.0), Some(1.0), Some(100.0)]);
        assert_eq!(e.known(), (102.0, 3));
        assert_eq!(e.left(), Some(102.0));
        e.record(2.0);
        e.record(2.0);
        // This run is twice as slow as the last.
        assert_eq!(e.left(), Some(200.0));
    }

    #[test]
    fn unknown_benchmarks_count_at_the_mean_so_far() {
        let mut e = Estimate::new(vec![None, None, Some(10.0)]);
        assert_eq!(e.left(), None);
        e.record(4.0);
        // One unknown at the mean (4 s) and one known at the previous time (no overlap to
        // scale by).
        assert_eq!(e.left(), Some(14.0));
    }

    #[test]
    fn rows_give_each_benchmark_its_wall_time() {
        let mut a = Row::blank("f", "a", "g", "x");
        a.bench_wall_s = Some(3.0);
        let b = Row::blank("f", "b", "g", "x");
        let e = Estimate::from_rows(&["f/a".into(), "f/b".into(), "f/c".into()], &[a, b]);
        assert_eq!(e.known(), (3.0, 1));
    }
}
