//! The family's matrices: seeded synthetic families and scikit-learn's real datasets
//! (columns standardised, plus an intercept column; every score is invariant under this
//! affine change of columns, so it only helps conditioning).

use std::path::Path;

use faer::Mat;
use sensitivity_sampling::synthetic;

use crate::family::PrepareError;

/// A named matrix.
pub struct Matrix {
    /// How it was made.
    pub name: String,
    /// The matrix.
    pub a: Mat<f64>,
}

fn standardise_with_intercept(rows: &[Vec<f64>]) -> Mat<f64> {
    let (n, d) = (rows.len(), rows[0].len());
    let mut mean = vec![0.0; d];
    let mut sd = vec![0.0; d];
    for r in rows {
        for j in 0..d {
            mean[j] += r[j] / n as f64;
        }
    }
    for r in rows {
        for j in 0..d {
            sd[j] += (r[j] - mean[j]).powi(2) / n as f64;
        }
    }
    Mat::from_fn(n, d + 1, |i, j| {
        if j == d {
            1.0
        } else if sd[j] > 0.0 {
            (rows[i][j] - mean[j]) / sd[j].sqrt()
        } else {
            0.0 // a constant column is carried by the intercept
        }
    })
}

/// Parses numeric fields of each line (separator: comma or whitespace), keeping the first
/// `keep` fields, after skipping `skip` lines.
fn numeric_rows(text: &str, skip: usize, keep: usize) -> Result<Vec<Vec<f64>>, String> {
    text.lines()
        .skip(skip)
        .filter(|l| !l.trim().is_empty())
        .enumerate()
        .map(|(i, line)| {
            let fields: Result<Vec<f64>, _> = line
                .split(|c: char| c == ',' || c.is_whitespace())
                .filter(|f| !f.is_empty())
                .take(keep)
                .map(str::parse::<f64>)
                .collect();
            fields.map_err(|e| format!("line {}: {e}", i + skip + 1))
        })
        .collect()
}

/// The real datasets: (name, lines to skip, feature columns).
const REAL: [(&str, usize, usize); 4] = [
    ("sklearn-diabetes", 0, 10),
    ("sklearn-wine", 1, 13),
    ("sklearn-digits", 0, 64),
    ("winequality-red", 1, 11),
];

/// Loads a real dataset (standardised + intercept) or builds a synthetic one.
///
/// # Errors
/// [`PrepareError::Skip`] when real data is not fetched; [`PrepareError::Invalid`] for an
/// unknown name or bad parameters.
pub fn load(
    dataset: &str,
    n: usize,
    d: usize,
    seed: u64,
    cache: &Path,
) -> Result<Matrix, PrepareError> {
    if let Some(&(name, skip, keep)) = REAL.iter().find(|r| r.0 == dataset) {
        let entry = datasets::real::find(name).map_err(|e| PrepareError::Invalid(e.to_string()))?;
        let bytes = datasets::real::load(entry, cache).map_err(|e| match e {
            datasets::Error::Missing { .. } => PrepareError::Skip(e.to_string()),
            other => PrepareError::Invalid(other.to_string()),
        })?;
        let text = String::from_utf8(bytes).map_err(|e| PrepareError::Invalid(e.to_string()))?;
        let mut rows = numeric_rows(&text, skip, keep).map_err(PrepareError::Invalid)?;
        if n > 0 && n < rows.len() {
            rows.truncate(n);
        }
        let a = standardise_with_intercept(&rows);
        let name = format!(
            "{name} ({}×{}, standardised + intercept)",
            a.nrows(),
            a.ncols()
        );
        return Ok(Matrix { name, a });
    }
    let a = synthetic::by_name(dataset, n, d, seed)
        .ok_or_else(|| PrepareError::Invalid(format!("unknown dataset `{dataset}`")))?;
    let name = match dataset {
        "sign" => format!("sign matrix {{±1}}^{d} ({}×{d})", a.nrows()),
        "stacked-identity" => format!("I_{d} stacked {} times", a.nrows() / d.max(1)),
        "coherent" => format!("coherent [I_{d}; 0.01·G] {n}×{d}, seed {seed}"),
        "student-t" => format!("Student-t(ν=2) {n}×{d}, seed {seed}"),
        _ => format!("{dataset} {n}×{d}, seed {seed}"),
    };
    Ok(Matrix { name, a })
}

/// SHA-256 of the matrix's bytes (little-endian f64, column-major).
pub fn digest(a: &Mat<f64>) -> String {
    let mut bytes = Vec::with_capacity(a.nrows() * a.ncols() * 8);
    for j in 0..a.ncols() {
        for i in 0..a.nrows() {
            bytes.extend_from_slice(&a[(i, j)].to_le_bytes());
        }
    }
    datasets::digest::sha256_hex(&bytes)
}
