//! `cargo suite hamming --text FILE --pattern FILE [--alphabet bytes|utf8|u32le]
//! [--algorithm NAME|auto | --k K | --eps EPS --seed SEED ...]`: distances on the user's own
//! files, one per line. Flags that do not apply to the chosen mode are refused, and input
//! sizes are checked against the limits in `USAGE` before anything is read.

use hamming::{Algorithm, Planner};

use crate::args::{Flags, parse, print_out};
use crate::outln;

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

const USAGE: &str = "usage: cargo suite hamming --text FILE --pattern FILE [--alphabet bytes|utf8|u32le]
    [--algorithm NAME|auto | --k K | --eps EPS --seed SEED [--delta DELTA] [--approx hash-max|karloff]]
  --algorithm  exact distances by this method (default auto: the planner); exact mode only
  --k K        k-bounded: prints d when d <= K, else `>K` (K >= m is clamped to m)
  --eps EPS    (1+eps)-approximate distances, EPS in (0, 1); needs an explicit --seed;
               --delta (failure probability, default 0.01) and --approx apply only here
limits: each file at most 2^31 bytes (checked before reading); m <= n; hash-max uses
  ceil(2/EPS) <= 2^31 buckets (EPS >= 1e-9) but O(n + distinct symbols) memory; draws
  <= 2^31; Karloff's draw table (distinct pattern symbols + 1) * ceil(r/64) <= 2^24 words";

/// The largest input file, in bytes, checked from the file's metadata before it is read.
pub const MAX_FILE_BYTES: u64 = 1 << 31;

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

/// The flags the command knows.
const KNOWN: [&str; 9] = [
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

/// The mode the flags ask for, refusing every flag that does not apply to it (`--algorithm`
/// with `--k` or `--eps`; `--seed`, `--delta` or `--approx` without `--eps`) and unknown
/// algorithm or approximation names.
///
/// # Errors
/// A message naming the flag that does not apply, or the bad value.
pub fn mode(flags: &Flags) -> Result<Mode, String> {
    let k = flags.number::<usize>("--k")?;
    let eps = flags.number::<f64>("--eps")?;
    let given = |name: &str| flags.get(name).is_some();
    if k.is_some() && eps.is_some() {
        return Err("--k and --eps cannot be combined".into());
    }
    if given("--algorithm") && (k.is_some() || eps.is_some()) {
        let (flag, why) = if k.is_some() {
            ("--k", "the k-bounded planner chooses its own method")
        } else {
            ("--eps", "choose the approximation with --approx")
        };
        return Err(format!(
            "--algorithm applies to exact distances only, not with {flag} ({why})"
        ));
    }
    if eps.is_none() {
        for flag in ["--seed", "--delta", "--approx"] {
            if given(flag) {
                return Err(format!(
                    "{flag} applies only to approximate distances (--eps)"
                ));
            }
        }
    }
    if let Some(k) = k {
        return Ok(Mode::Bounded(k));
    }
    let Some(eps) = eps else {
        let algorithm = flags.get("--algorithm").unwrap_or("auto");
        if algorithm != "auto" && Algorithm::from_name(algorithm).is_none() {
            return Err(format!(
                "unknown algorithm `{algorithm}`; known: auto, {}",
                names()
            ));
        }
        return Ok(Mode::Exact(algorithm.to_string()));
    };
    let seed = flags
        .number::<u64>("--seed")?
        .ok_or("--eps needs an explicit --seed")?;
    let delta = flags.number::<f64>("--delta")?.unwrap_or(0.01);
    let approx = flags.get("--approx").unwrap_or("hash-max");
    if !["hash-max", "karloff"].contains(&approx) {
        return Err(format!(
            "unknown approximation `{approx}` (hash-max, karloff)"
        ));
    }
    Ok(Mode::Approximate(approx.to_string(), eps, delta, seed))
}

/// Reads a file of at most [`MAX_FILE_BYTES`], checking its size before reading.
///
/// # Errors
/// An I/O message or the limit, naming the file.
pub fn read_limited(path: &str) -> Result<Vec<u8>, String> {
    let len = std::fs::metadata(path)
        .map_err(|e| format!("{path}: {e}"))?
        .len();
    if len > MAX_FILE_BYTES {
        return Err(format!(
            "{path}: {len} bytes exceed the limit of {MAX_FILE_BYTES} bytes per input file"
        ));
    }
    std::fs::read(path).map_err(|e| format!("{path}: {e}"))
}

/// Parses the arguments, runs the algorithm and prints one distance per line.
///
/// # Errors
/// A message for the user: bad arguments, unreadable or undecodable files, or the
/// algorithm's own error (such as a pattern longer than the text or ε outside (0, 1)).
pub fn run(args: &[String]) -> Result<(), String> {
    let flags = parse(args, &KNOWN, USAGE)?;
    if flags.help {
        outln!("{USAGE}\nalgorithms: auto, {}", names());
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
    let mode = mode(&flags)?;
    let t = decode(text, &read_limited(text)?, alphabet)?;
    let p = decode(pattern, &read_limited(pattern)?, alphabet)?;
    let lines = compute(&t, &p, &mode)?;
    let mut out = String::new();
    for line in lines {
        out.push_str(&line);
        out.push('\n');
        if out.len() >= 1 << 16 {
            print_out(&out);
            out.clear();
        }
    }
    print_out(&out);
    Ok(())
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

    fn flags(v: &[&str]) -> Flags {
        parse(
            &v.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
            &KNOWN,
            USAGE,
        )
        .unwrap()
    }

    #[test]
    fn algorithm_is_refused_with_k_or_eps() {
        for extra in [&["--k", "2"][..], &["--eps", "0.1", "--seed", "1"][..]] {
            for algorithm in ["bogus", "naive", "auto"] {
                let mut v = vec!["--algorithm", algorithm];
                v.extend_from_slice(extra);
                let e = mode(&flags(&v)).unwrap_err();
                assert!(e.contains("--algorithm applies to exact"), "{v:?}: {e}");
            }
        }
        let e = mode(&flags(&["--algorithm", "bogus"])).unwrap_err();
        assert!(e.contains("unknown algorithm `bogus`"), "{e}");
        assert_eq!(
            mode(&flags(&["--algorithm", "fft"])).unwrap(),
            Mode::Exact("fft".into())
        );
    }

    #[test]
    fn seed_delta_and_approx_are_refused_without_eps() {
        for v in [
            &["--approx", "karloff"][..],
            &["--delta", "0.5"][..],
            &["--seed", "3"][..],
            &["--k", "3", "--delta", "0.5"][..],
            &["--k", "3", "--approx", "hash-max"][..],
        ] {
            let e = mode(&flags(v)).unwrap_err();
            assert!(e.contains("applies only to approximate"), "{v:?}: {e}");
        }
        let e = mode(&flags(&["--eps", "0.1", "--seed", "1", "--approx", "x"])).unwrap_err();
        assert!(e.contains("unknown approximation"), "{e}");
        assert_eq!(
            mode(&flags(&["--eps", "0.1", "--seed", "1", "--delta", "0.2"])).unwrap(),
            Mode::Approximate("hash-max".into(), 0.1, 0.2, 1)
        );
        assert_eq!(mode(&flags(&["--k", "3"])).unwrap(), Mode::Bounded(3));
    }

    #[test]
    fn tiny_eps_hash_max_is_exact_without_a_table_of_buckets() {
        // eps = 1e-9 means 2e9 buckets; the answer must still come (memory O(n + σ)): the
        // end-to-end memory check is `benches/tests/hamming_cli.rs`.
        let t: Vec<u32> = b"abracadabra".iter().map(|&b| u32::from(b)).collect();
        let p: Vec<u32> = b"abra".iter().map(|&b| u32::from(b)).collect();
        let got = compute(&t, &p, &Mode::Approximate("hash-max".into(), 1e-9, 0.01, 1)).unwrap();
        let want: Vec<String> = hamming::naive::hamming_naive(&t, &p)
            .unwrap()
            .iter()
            .map(u32::to_string)
            .collect();
        assert_eq!(got, want);
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
