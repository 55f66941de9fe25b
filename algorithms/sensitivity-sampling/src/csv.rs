//! Reading a matrix from CSV and writing a sample as CSV.

use std::fmt::Write as _;

use faer::{Mat, MatRef};

use crate::error::Error;
use crate::sampling::Sample;

/// Parses a numeric CSV (comma-separated; a leading UTF-8 byte-order mark, blank lines and
/// lines starting with `#` skipped; an optional first line of column names is skipped when
/// every one of its fields is a name: not a number, and starting with a letter, `_` or a
/// quote, so that a malformed first value such as `1.5.2` is an error, not a header).
///
/// Memory: the matrix (8 bytes per field, each field taking at least 2 bytes of text with
/// its separator) plus one `Vec` per line: linear in the length of the text.
///
/// # Errors
/// [`Error::Csv`] naming the 1-based line and column of the first field that is not a finite
/// number (invisible characters shown escaped, e.g. `\u{200b}`), or a line with the wrong
/// number of fields; [`Error::Empty`] when no data remain.
///
/// ```
/// let a = sensitivity_sampling::parse_csv("x,y\n1,2\n3,4\n").unwrap();
/// assert_eq!((a.nrows(), a.ncols()), (2, 2));
/// let e = sensitivity_sampling::parse_csv("1,2\n3,oops\n").unwrap_err();
/// assert_eq!(e.to_string(), "CSV line 2, column 2: `oops` is not a finite number");
/// ```
pub fn parse_csv(text: &str) -> Result<Mat<f64>, Error> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut rows: Vec<Vec<f64>> = Vec::new();
    let mut first_content = true;
    for (ln, line) in text.lines().enumerate() {
        let line_no = ln + 1;
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = trimmed.split(',').map(str::trim).collect();
        if first_content {
            first_content = false;
            if fields.iter().all(|f| is_name(f)) {
                continue; // a header
            }
        }
        let mut row = Vec::with_capacity(fields.len());
        for (c, f) in fields.iter().enumerate() {
            match f.parse::<f64>() {
                Ok(v) if v.is_finite() => row.push(v),
                _ => {
                    return Err(Error::Csv {
                        line: line_no,
                        column: c + 1,
                        message: format!("`{}` is not a finite number", f.escape_debug()),
                    });
                }
            }
        }
        if let Some(first) = rows.first()
            && row.len() != first.len()
        {
            return Err(Error::Csv {
                line: line_no,
                column: 0,
                message: format!(
                    "{} fields, but the first data line has {}",
                    row.len(),
                    first.len()
                ),
            });
        }
        rows.push(row);
    }
    crate::matrix::from_rows(&rows)
}

/// Whether a header field is a column name: not a number, and starting with a letter, `_`
/// or a quote.
fn is_name(field: &str) -> bool {
    field.parse::<f64>().is_err()
        && field
            .chars()
            .next()
            .is_some_and(|c| c.is_alphabetic() || c == '_' || c == '"' || c == '\'')
}

/// The sample as CSV: a header `row,weight,x1,…,xd`, then one line per kept row with its
/// 0-based index in A, its rescaling factor and the rescaled row (`weight · a_i`).
pub fn sample_csv(a: MatRef<'_, f64>, sample: &Sample) -> String {
    let mut out = String::from("row,weight");
    for j in 0..a.ncols() {
        let _ = write!(out, ",x{}", j + 1);
    }
    out.push('\n');
    for (&i, &w) in sample.indices.iter().zip(&sample.weights) {
        let _ = write!(out, "{i},{w:e}");
        for j in 0..a.ncols() {
            let _ = write!(out, ",{:e}", a[(i, j)] * w);
        }
        out.push('\n');
    }
    out
}
