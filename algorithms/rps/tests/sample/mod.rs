//! scikit-learn's digits for the integration tests, read from the committed sample
//! (`datasets/samples/digits.csv.gz`) and parsed by the crate. The checksum is checked where
//! the suite loads the data (`benches/src/families/rps/data.rs`), not here.
#![allow(dead_code, unreachable_pub)]

use std::io::Read;
use std::path::Path;

use rps::train::data::{Dataset, parse_digits};

/// The 1,797 digits, or why they could not be read.
pub fn digits() -> Result<Dataset, String> {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../datasets/samples/digits.csv.gz");
    let raw = std::fs::read(&file).map_err(|e| format!("{}: {e}", file.display()))?;
    let mut text = String::new();
    flate2::read::GzDecoder::new(raw.as_slice())
        .read_to_string(&mut text)
        .map_err(|e| format!("{}: {e}", file.display()))?;
    parse_digits(&text).map_err(|e| e.to_string())
}
