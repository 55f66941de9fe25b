//! The study's data, loaded by the suite (the `rps` crate's trainer takes arrays and knows no
//! files): scikit-learn's digits from the committed sample, checked against its SHA-256.
//!
//! A load error keeps its kind. Only a file that is absent is a reason to skip a benchmark
//! (the message names the command that fetches it); a file that is there but wrong (a
//! checksum mismatch, bad gzip, a malformed row) is a failure, never a skip.

use std::path::Path;

use rps::train::data::{Dataset, parse_digits};

/// Why the data could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DataError {
    /// The file is not there: the benchmark is skipped, and the message says how to fetch it.
    Absent(String),
    /// The file is there but is not the recorded data (checksum, format): a failure.
    Broken(String),
}

impl std::fmt::Display for DataError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DataError::Absent(m) | DataError::Broken(m) => f.write_str(m),
        }
    }
}

fn kind(e: datasets::Error) -> DataError {
    match &e {
        datasets::Error::Missing { .. } => DataError::Absent(e.to_string()),
        datasets::Error::Io { source, .. } if source.kind() == std::io::ErrorKind::NotFound => {
            DataError::Absent(e.to_string())
        }
        _ => DataError::Broken(e.to_string()),
    }
}

fn digits_from(bytes: &[u8]) -> Result<Dataset, DataError> {
    let text = std::str::from_utf8(bytes).map_err(|e| DataError::Broken(e.to_string()))?;
    parse_digits(text).map_err(|e| DataError::Broken(e.to_string()))
}

/// scikit-learn's digits (1,797 samples of 8×8) from the data cache or the committed sample,
/// checked against the recorded SHA-256.
///
/// # Errors
/// [`DataError::Absent`] when the file is not there; [`DataError::Broken`] when it is there
/// but its checksum or content is wrong.
pub fn load_digits(cache: &Path) -> Result<Dataset, DataError> {
    let entry = datasets::real::find("sklearn-digits").map_err(kind)?;
    digits_from(&datasets::real::load(entry, cache).map_err(kind)?)
}

/// [`load_digits`] from a copy of `digits.csv.gz` at `file`, checked against the same SHA-256.
///
/// # Errors
/// As [`load_digits`].
pub fn load_digits_file(file: &Path) -> Result<Dataset, DataError> {
    let entry = datasets::real::find("sklearn-digits").map_err(kind)?;
    digits_from(&datasets::real::load_file(entry, file).map_err(kind)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A valid gzip stream (one stored block) holding `body`.
    fn gzip(body: &[u8]) -> Vec<u8> {
        let mut gz = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff, 1];
        gz.extend_from_slice(&(body.len() as u16).to_le_bytes());
        gz.extend_from_slice(&(!(body.len() as u16)).to_le_bytes());
        gz.extend_from_slice(body);
        let mut c = 0xFFFF_FFFFu32;
        for &b in body {
            c ^= u32::from(b);
            for _ in 0..8 {
                c = if c & 1 == 1 {
                    (c >> 1) ^ 0xEDB8_8320
                } else {
                    c >> 1
                };
            }
        }
        gz.extend_from_slice(&(!c).to_le_bytes());
        gz.extend_from_slice(&(body.len() as u32).to_le_bytes());
        gz
    }

    #[test]
    fn a_corrupted_copy_is_a_failure_naming_the_checksum_not_a_skip() {
        let dir = std::env::temp_dir().join(format!("rps-corrupt-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("digits.csv.gz");
        std::fs::write(&file, gzip(b"0,0,1\n")).unwrap();
        let err = load_digits_file(&file).unwrap_err();
        std::fs::remove_dir_all(&dir).unwrap();
        let DataError::Broken(msg) = err else {
            panic!("a checksum mismatch must not be a skip: {err:?}")
        };
        assert!(msg.to_lowercase().contains("sha"), "{msg}");
    }

    #[test]
    fn only_an_absent_file_is_a_skip() {
        let err = load_digits_file(Path::new("/nonexistent/digits.csv.gz")).unwrap_err();
        assert!(matches!(err, DataError::Absent(_)), "{err:?}");
        assert!(
            err.to_string().contains("/nonexistent/digits.csv.gz"),
            "{err}"
        );
    }

    #[test]
    fn the_committed_sample_loads_whatever_the_cache_holds() {
        assert_eq!(load_digits(Path::new("/nonexistent")).unwrap().len(), 1797);
    }
}
