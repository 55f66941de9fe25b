//! scikit-learn's digits (1,797 samples of 8×8, 10 classes): parsing, the fixed split and
//! standardisation.
//!
//! The trainer takes arrays: loading files (and checking their checksums) is the caller's
//! business; [`parse_digits`] turns the CSV text into a [`Dataset`].
//!
//! Split: a Fisher–Yates shuffle of `0..1797` driven by SplitMix64 with state 0
//! (`j = splitmix64() mod (i + 1)` for `i` from n − 1 down to 1); the first 1,437 indices
//! train, the other 360 test. Features are divided by 16, then standardised with the
//! training set's per-feature mean and standard deviation (features with zero deviation are
//! only centred).

use crate::error::Error;
use crate::hash::splitmix64;

/// A labelled dataset, row-major features.
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    /// `n × dim` features.
    pub features: Vec<f32>,
    /// `n` labels in `0..classes`.
    pub labels: Vec<u8>,
    /// Features per sample.
    pub dim: usize,
    /// Number of classes.
    pub classes: usize,
}

impl Dataset {
    /// Number of samples.
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    /// Whether there are no samples.
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    fn subset(&self, idx: &[usize]) -> Dataset {
        let mut features = Vec::with_capacity(idx.len() * self.dim);
        for &i in idx {
            features.extend_from_slice(&self.features[i * self.dim..(i + 1) * self.dim]);
        }
        Dataset {
            features,
            labels: idx.iter().map(|&i| self.labels[i]).collect(),
            dim: self.dim,
            classes: self.classes,
        }
    }
}

/// `n` samples drawn without replacement from `data` in the order of a SplitMix64(`seed`)
/// Fisher–Yates shuffle (all of them, shuffled, when `n ≥ len`).
pub fn seeded_subset(data: &Dataset, n: usize, seed: u64) -> Dataset {
    let len = data.len();
    let mut order: Vec<usize> = (0..len).collect();
    let mut s = seed;
    for i in (1..len).rev() {
        let j = (splitmix64(&mut s) % (i as u64 + 1)) as usize;
        order.swap(i, j);
    }
    data.subset(&order[..n.min(len)])
}

/// Standardises every feature of `train` and `test` with `train`'s mean and standard
/// deviation (a feature constant over `train` is only centred).
pub fn standardise(train: &mut Dataset, test: &mut Dataset) {
    let (n, d) = (train.len(), train.dim);
    if n == 0 {
        return;
    }
    for f in 0..d {
        let col = || {
            train
                .features
                .iter()
                .skip(f)
                .step_by(d)
                .map(|&v| f64::from(v))
        };
        let mean = col().sum::<f64>() / n as f64;
        let var = col().map(|v| (v - mean) * (v - mean)).sum::<f64>() / n as f64;
        let sd = if var > 0.0 { var.sqrt() } else { 1.0 };
        for set in [&mut *train, &mut *test] {
            for v in set.features.iter_mut().skip(f).step_by(d) {
                *v = ((f64::from(*v) - mean) / sd) as f32;
            }
        }
    }
}

/// A study's sets from separate training and test files: a seeded subset of `train_n`
/// training samples (SplitMix64(`seed`)), a seeded subset of `test_n` test samples
/// (SplitMix64(`seed + 1`); all of them when `test_n ≥` the test file), both standardised
/// with the training subset's statistics. The test samples never inform anything but the
/// final accuracy.
///
/// # Errors
/// [`Error::Dataset`] when a subset would be empty, larger than its file, or the files'
/// feature dimensions or class counts differ.
pub fn separate(
    train: &Dataset,
    test: &Dataset,
    train_n: usize,
    test_n: usize,
    seed: u64,
) -> Result<(Dataset, Dataset), Error> {
    if train.dim != test.dim || train.classes != test.classes {
        return Err(Error::Dataset(format!(
            "the training file has {} features and {} classes, the test file {} and {}",
            train.dim, train.classes, test.dim, test.classes
        )));
    }
    if train_n == 0 || train_n > train.len() || test_n == 0 || test.is_empty() {
        return Err(Error::Dataset(format!(
            "cannot draw {train_n} of {} training and {test_n} of {} test samples",
            train.len(),
            test.len()
        )));
    }
    let mut tr = seeded_subset(train, train_n, seed);
    let mut te = seeded_subset(test, test_n, seed.wrapping_add(1));
    standardise(&mut tr, &mut te);
    Ok((tr, te))
}

/// Parses the digits CSV: 65 comma-separated integers per line, the label last.
///
/// # Errors
/// [`Error::Dataset`] naming the line of a malformed row.
pub fn parse_digits(text: &str) -> Result<Dataset, Error> {
    let (mut features, mut labels) = (Vec::new(), Vec::new());
    for (n, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let vals: Result<Vec<f32>, _> = line.split(',').map(|v| v.trim().parse::<f32>()).collect();
        let vals = vals.map_err(|e| Error::Dataset(format!("line {}: {e}", n + 1)))?;
        if vals.len() != 65 {
            return Err(Error::Dataset(format!(
                "line {}: {} columns, expected 65",
                n + 1,
                vals.len()
            )));
        }
        let label = vals[64];
        if !(0.0..10.0).contains(&label) || label.fract() != 0.0 {
            return Err(Error::Dataset(format!(
                "line {}: label {label} is not a digit",
                n + 1
            )));
        }
        features.extend(vals[..64].iter().map(|v| v / 16.0));
        labels.push(label as u8);
    }
    if labels.is_empty() {
        return Err(Error::Dataset("no samples".into()));
    }
    Ok(Dataset {
        features,
        labels,
        dim: 64,
        classes: 10,
    })
}

/// The fixed split (first `train` of the shuffled order train, the rest test), standardised
/// with the training statistics.
///
/// # Errors
/// [`Error::Dataset`] when `train` is 0 or leaves no test samples.
pub fn split(data: &Dataset, train: usize) -> Result<(Dataset, Dataset), Error> {
    let n = data.len();
    if train == 0 || train >= n {
        return Err(Error::Dataset(format!(
            "cannot split {n} samples into {train} for training and the rest for testing"
        )));
    }
    let mut order: Vec<usize> = (0..n).collect();
    let mut s = 0u64;
    for i in (1..n).rev() {
        let j = (splitmix64(&mut s) % (i as u64 + 1)) as usize;
        order.swap(i, j);
    }
    let (mut tr, mut te) = (data.subset(&order[..train]), data.subset(&order[train..]));
    standardise(&mut tr, &mut te);
    Ok((tr, te))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labelled(n: usize, offset: f32) -> Dataset {
        Dataset {
            features: (0..n * 2)
                .map(|i| (i / 2) as f32 + offset + (i % 2) as f32)
                .collect(),
            labels: (0..n).map(|i| (i % 3) as u8).collect(),
            dim: 2,
            classes: 3,
        }
    }

    #[test]
    fn separate_draws_seeded_subsets_and_standardises_with_the_training_subset_only() {
        let (train, test) = (labelled(50, 0.0), labelled(20, 1000.0));
        let (tr, te) = separate(&train, &test, 10, 5, 7).unwrap();
        assert_eq!((tr.len(), te.len()), (10, 5));
        // Deterministic, and a different seed draws a different subset.
        assert_eq!(separate(&train, &test, 10, 5, 7).unwrap().0, tr);
        assert_ne!(separate(&train, &test, 10, 5, 8).unwrap().0, tr);
        // The training subset is centred and scaled; the test set is far off (its raw values
        // are 1000 higher), which shows it was scaled with the training statistics, not its own.
        let mean: f64 = tr
            .features
            .iter()
            .step_by(2)
            .map(|&v| f64::from(v))
            .sum::<f64>()
            / 10.0;
        assert!(mean.abs() < 1e-5, "{mean}");
        assert!(te.features.iter().all(|&v| v > 10.0));
        // Labels travel with their rows: feature 0 is the row index in the raw file.
        let raw = seeded_subset(&train, 10, 7);
        assert_eq!(raw.labels, tr.labels);
        for (r, &y) in raw.features.chunks(2).zip(&raw.labels) {
            assert_eq!((r[0] as usize % 3) as u8, y);
        }
        // The whole test file when more are asked for than it holds.
        assert_eq!(separate(&train, &test, 10, 999, 7).unwrap().1.len(), 20);
    }

    #[test]
    fn separate_refuses_impossible_requests() {
        let (train, test) = (labelled(50, 0.0), labelled(20, 0.0));
        assert!(separate(&train, &test, 0, 5, 0).is_err());
        assert!(separate(&train, &test, 51, 5, 0).is_err());
        assert!(separate(&train, &test, 10, 0, 0).is_err());
        let other = Dataset {
            dim: 1,
            features: vec![0.0; 20],
            ..labelled(20, 0.0)
        };
        assert!(matches!(
            separate(&train, &other, 10, 5, 0),
            Err(Error::Dataset(_))
        ));
    }
}
