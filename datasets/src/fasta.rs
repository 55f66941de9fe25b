//! A minimal FASTA reader (plain or gzip), enough for genome references.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use flate2::read::MultiGzDecoder;

use crate::error::{Error, io};

/// Reads every sequence line of a FASTA file (gzip-compressed when the name ends in `.gz`),
/// concatenated and upper-cased. Header lines (`>`) and blank lines are skipped; any byte
/// outside `A–Z`/`a–z` is an error naming its line.
///
/// # Errors
/// [`Error::Io`] when the file cannot be read, [`Error::Format`] on a bad byte.
pub fn read_fasta(path: &Path) -> Result<Vec<u8>, Error> {
    let file = std::fs::File::open(path).map_err(io(path))?;
    let reader: Box<dyn Read> = if path.extension().is_some_and(|e| e == "gz") {
        Box::new(MultiGzDecoder::new(file))
    } else {
        Box::new(file)
    };
    let mut seq = Vec::new();
    for (number, line) in BufReader::new(reader).lines().enumerate() {
        let line = line.map_err(io(path))?;
        let line = line.trim_end();
        if line.is_empty() || line.starts_with('>') || line.starts_with(';') {
            continue;
        }
        if let Some(bad) = line.bytes().find(|b| !b.is_ascii_alphabetic()) {
            return Err(Error::Format {
                path: path.to_path_buf(),
                reason: format!(
                    "line {}: byte {bad:#04x} is not a sequence letter",
                    number + 1
                ),
            });
        }
        seq.extend(line.bytes().map(|b| b.to_ascii_uppercase()));
    }
    Ok(seq)
}
