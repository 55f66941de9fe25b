//! `cargo suite hamming --text FILE --pattern FILE [--algorithm NAME|auto]
//! [--alphabet bytes|utf8|u32le]`: distances on the user's own files, one per line.

use std::io::Write;

use hamming::{Algorithm, Planner};

use crate::args::parse;

/// How the files' bytes become symbols.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Alphabet {
    /// Every byte is a symbol.
    Bytes,
    /// Every Unicode scalar value (UTF-8) is a symbol.
    Utf8,
    /// Every 4 bytes, little-endian, are a `u32` symbol.
    U32Le,
}

/// Decodes a file's bytes in `alphabet`.
///
/// # Errors
/// A message naming the file and the byte offset where decoding fails.
pub fn decode(what: &str, bytes: &[u8], alphabet: Alphabet) -> Result<Vec<u32>, String> {
    match alphabet {
        Alphabet::Bytes => Ok(bytes.iter().map(|&b| u32::from(b)).collect()),
        Alphabet::Utf8 => std::str::from_utf8(bytes)
            .map(|s| s.chars().map(u32::from).collect())
            .map_err(|e| format!("{what}: not valid UTF-8 at byte offset {}", e.valid_up_to())),
        Alphabet::U32Le => {
            if !bytes.len().is_multiple_of(4) {
                return Err(format!(
                    "{what}: length {} is not a multiple of 4; the trailing {} bytes start at byte offset {}",
                    bytes.len(),
                    bytes.len() % 4,
                    bytes.len() - bytes.len() % 4
                ));
            }
            Ok(bytes
                .chunks_exact(4)
                .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                .collect())
        }
    }
}

const USAGE: &str = "usage: cargo suite hamming --text FILE --pattern FILE [--algorithm NAME|auto] \
[--alphabet bytes|utf8|u32le] [--k K | --eps EPS --seed SEED [--delta DELTA] [--approx hash-max|karloff]]
  --k K        k-bounded: prints d when d <= K, else `>K` (K >= m is clamped to m)
  --eps EPS    (1+eps)-approximate distances, EPS in (0, 1); needs an explicit --seed";

/// What to compute.
#[derive(Debug, Clone, PartialEq)]
pub enum Mode {
    /// Exact distances by `auto` or an [`Algorithm::name`].
    Exact(String),
    /// `Some(d)` for `d <= k`.
    Bounded(usize),
    /// Approximate distances: (method, eps, delta, seed).
    Approximate(String, f64, f64, u64),
}

/// Parses the arguments, runs the algorithm and prints one distance per line.
///
/// # Errors
/// A message for the user: bad arguments, unreadable or undecodable files, or the
/// algorithm's own error (such as a pattern longer than the text or ε outside (0, 1)).
pub fn run(args: &[String]) -> Result<(), String> {
    let known = [
        "--text",
        "--pattern",
        "--algorithm",
        "--alphabet",
        "--k",
        "--eps",
        "--delta",
        "--seed",
        "--approx",
    ];
    let flags = parse(args, &known, USAGE)?;
    if flags.help {
        println!("{USAGE}\nalgorithms: auto, {}", names());
        return Ok(());
    }
    let (Some(text), Some(pattern)) = (flags.get("--text"), flags.get("--pattern")) else {
        return Err(format!("--text and --pattern are required\n{USAGE}"));
    };
    let alphabet = match flags.get("--alphabet").unwrap_or("bytes") {
        "bytes" => Alphabet::Bytes,
        "utf8" => Alphabet::Utf8,
        "u32le" => Alphabet::U32Le,
        other => return Err(format!("unknown alphabet `{other}`\n{USAGE}")),
    };
    let k = flags.number::<usize>("--k")?;
    let eps = flags.number::<f64>("--eps")?;
    let seed = flags.number::<u64>("--seed")?;
    let delta = flags.number::<f64>("--delta")?.unwrap_or(0.01);
    let approx = flags.get("--approx").map(str::to_string);
    let algorithm = flags.get("--algorithm").unwrap_or("auto").to_string();
    let mode = match (k, eps, seed) {
        (Some(_), Some(_), _) => return Err("--k and --eps cannot be combined".into()),
        (Some(k), None, _) => Mode::Bounded(k),
        (None, Some(eps), Some(seed)) => Mode::Approximate(
            approx.unwrap_or_else(|| "hash-max".into()),
            eps,
            delta,
            seed,
        ),
        (None, Some(_), None) => return Err("--eps needs an explicit --seed".into()),
        (None, None, _) => Mode::Exact(algorithm),
    };
    let read = |path: &str| std::fs::read(path).map_err(|e| format!("{path}: {e}"));
    let t = decode(text, &read(text)?, alphabet)?;
    let p = decode(pattern, &read(pattern)?, alphabet)?;
    let lines = compute(&t, &p, &mode)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for line in lines {
        writeln!(out, "{line}").map_err(|e| e.to_string())?;
    }
    out.flush().map_err(|e| e.to_string())
}

/// The output lines for `mode`.
///
/// # Errors
/// Unknown algorithm, or the algorithm's own error.
pub fn compute(t: &[u32], p: &[u32], mode: &Mode) -> Result<Vec<String>, String> {
    let text = |e: hamming::Error| e.to_string();
    Ok(match mode {
        Mode::Exact(a) => distances(t, p, a)?.iter().map(u32::to_string).collect(),
        Mode::Bounded(k) => hamming::kbounded::hamming_k_bounded(t, p, *k)
            .map_err(text)?
            .into_iter()
            .map(|d| d.map_or_else(|| format!(">{}", (*k).min(p.len())), |d| d.to_string()))
            .collect(),
        Mode::Approximate(method, eps, delta, seed) => match method.as_str() {
            "hash-max" => hamming::approx::hamming_hash_max(t, p, *eps, *delta, *seed)
                .map_err(text)?
                .iter()
                .map(u32::to_string)
                .collect(),
            "karloff" => hamming::approx::hamming_karloff(t, p, *eps, *delta, *seed)
                .map_err(text)?
                .iter()
                .map(|v| format!("{v:.3}"))
                .collect(),
            other => {
                return Err(format!(
                    "unknown approximation `{other}` (hash-max, karloff)"
                ));
            }
        },
    })
}

fn names() -> String {
    Algorithm::ALL
        .iter()
        .map(|a| a.name())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Runs `algorithm` (`auto` or an [`Algorithm::name`]).
///
/// # Errors
/// Unknown algorithm, or the algorithm's own error.
pub fn distances(t: &[u32], p: &[u32], algorithm: &str) -> Result<Vec<u32>, String> {
    let result = if algorithm == "auto" {
        Planner::new().hamming_all(t, p)
    } else {
        let a = Algorithm::from_name(algorithm)
            .ok_or_else(|| format!("unknown algorithm `{algorithm}`; known: auto, {}", names()))?;
        a.run(t, p)
    };
    result.map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decoding_errors_name_the_byte_offset() {
        let e = decode("f", b"ab\xffc", Alphabet::Utf8).unwrap_err();
        assert!(e.contains("byte offset 2"), "{e}");
        let e = decode("f", &[1, 0, 0, 0, 7, 7], Alphabet::U32Le).unwrap_err();
        assert!(e.contains("byte offset 4"), "{e}");
        assert_eq!(
            decode("f", "é".as_bytes(), Alphabet::Utf8).unwrap(),
            vec![0xE9]
        );
        assert_eq!(
            decode("f", &[1, 0, 0, 0], Alphabet::U32Le).unwrap(),
            vec![1]
        );
    }

    #[test]
    fn bounded_and_approximate_modes() {
        let t = [1, 2, 3, 1, 2, 9];
        let b = compute(&t, &[1, 2], &Mode::Bounded(0)).unwrap();
        assert_eq!(b, vec!["0", ">0", ">0", "0", ">0"]);
        let clamped = compute(&t, &[1, 2], &Mode::Bounded(99)).unwrap();
        assert_eq!(clamped, vec!["0", "2", "2", "0", "2"]);
        let a = compute(
            &t,
            &[1, 2],
            &Mode::Approximate("hash-max".into(), 0.5, 0.1, 7),
        )
        .unwrap();
        assert_eq!(a.len(), 5);
        let bad = compute(
            &t,
            &[1, 2],
            &Mode::Approximate("hash-max".into(), 1.5, 0.1, 7),
        );
        assert!(bad.unwrap_err().contains("epsilon"));
        let err = run(&[
            "--text".into(),
            "x".into(),
            "--pattern".into(),
            "y".into(),
            "--eps".into(),
            "0.1".into(),
        ]);
        assert!(err.unwrap_err().contains("--seed"));
    }

    #[test]
    fn algorithms_by_name_and_errors() {
        let t = [1, 2, 3, 1, 2];
        assert_eq!(distances(&t, &[1, 2], "naive").unwrap(), vec![0, 2, 2, 0]);
        assert_eq!(distances(&t, &[1, 2], "auto").unwrap(), vec![0, 2, 2, 0]);
        assert!(
            distances(&t, &[1, 2], "nope")
                .unwrap_err()
                .contains("unknown algorithm")
        );
        assert!(
            distances(&[1], &[1, 2], "fft")
                .unwrap_err()
                .contains("longer than the text")
        );
    }
}
