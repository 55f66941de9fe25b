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
    let d = data.dim;
    for f in 0..d {
        let col = || tr.features.iter().skip(f).step_by(d).map(|&v| f64::from(v));
        let mean = col().sum::<f64>() / train as f64;
        let var = col().map(|v| (v - mean) * (v - mean)).sum::<f64>() / train as f64;
        let sd = if var > 0.0 { var.sqrt() } else { 1.0 };
        for set in [&mut tr, &mut te] {
            for v in set.features.iter_mut().skip(f).step_by(d) {
                *v = ((f64::from(*v) - mean) / sd) as f32;
            }
        }
    }
    Ok((tr, te))
}
