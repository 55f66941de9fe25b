//! Structure-aware fuzzing of `cargo suite hamming`'s input path, per alphabet: file bytes
//! (valid and broken UTF-8, u32 words with stray trailing bytes, raw bytes) and flag sets
//! (every mode, with flags that do not apply, bad names and out-of-range numbers) go
//! through the command's own parser, decoder and computation.
//!
//! Properties: no panic; every refusal is an error message; every answer has `n - m + 1`
//! lines and agrees with the naive oracle (exactly, or as the mode promises); bounded work:
//! inputs are at most 48 symbols and the flags' numbers include the extremes (ε = 1e-9,
//! k = usize::MAX), so a runaway allocation or loop shows as an out-of-memory abort or a
//! test that never ends. Fixed seed, bounded case count (`PROPTEST_CASES` raises it).

mod common;

use proptest::prelude::*;
use suite::args::parse;
use suite::families::hamming::cli::{Alphabet, Mode, compute, decode, mode};

fn runner(name: &str) -> proptest::test_runner::TestRunner {
    common::runner(name, 256)
}

/// File bytes for `alphabet`: mostly well-formed over a few symbols (so that distances
/// vary), sometimes broken (an invalid UTF-8 byte, a u32 file with 1–3 trailing bytes).
fn file(alphabet: Alphabet, max: usize) -> BoxedStrategy<Vec<u8>> {
    match alphabet {
        Alphabet::Bytes => prop_oneof![
            proptest::collection::vec(prop_oneof![Just(b'a'), Just(b'b'), Just(0u8)], 0..max),
            proptest::collection::vec(any::<u8>(), 0..max),
        ]
        .boxed(),
        Alphabet::Utf8 => {
            let piece = prop_oneof![
                4 => prop_oneof![Just('a'), Just('é'), Just('\u{10FFFF}'), Just('\u{FEFF}')],
                1 => any::<char>(),
            ];
            // Valid text, and in one file of five a stray byte (often invalid) somewhere.
            (
                proptest::collection::vec(piece, 0..max),
                prop_oneof![4 => Just(None), 1 => (any::<u8>(), any::<usize>()).prop_map(Some)],
            )
                .prop_map(|(chars, stray)| {
                    let mut bytes = chars.iter().collect::<String>().into_bytes();
                    if let Some((b, at)) = stray {
                        bytes.insert(at % (bytes.len() + 1), b);
                    }
                    bytes
                })
                .boxed()
        }
        Alphabet::U32Le => (
            proptest::collection::vec(
                prop_oneof![Just(0u32), Just(1), Just(u32::MAX), any::<u32>()],
                0..max,
            ),
            prop_oneof![4 => Just(0usize), 1 => 1usize..4],
        )
            .prop_map(|(words, stray)| {
                let mut bytes: Vec<u8> = words.iter().flat_map(|w| w.to_le_bytes()).collect();
                bytes.extend(std::iter::repeat_n(0xAB, stray));
                bytes
            })
            .boxed(),
    }
}

/// A flag set: a mode's flags, sometimes with a flag that does not apply or a bad value.
fn flags() -> impl Strategy<Value = Vec<String>> {
    let algorithm = prop_oneof![
        Just("auto"),
        Just("naive"),
        Just("fft"),
        Just("bitparallel"),
        Just("abrahamson"),
        Just("bitpacked-fft"),
        Just("hashing"),
        Just("bogus"),
    ];
    let k = prop_oneof![
        Just("0".to_string()),
        (1usize..60).prop_map(|k| k.to_string()),
        Just(usize::MAX.to_string()),
        Just("-1".to_string()),
    ];
    let eps = prop_oneof![
        Just("1e-9"),
        Just("0.1"),
        Just("0.5"),
        Just("0.99"),
        Just("0"),
        Just("1"),
        Just("NaN"),
        Just("-0.5"),
    ];
    let delta = prop_oneof![
        Just(None),
        Just(Some("0.2")),
        Just(Some("1")),
        Just(Some("1e-300"))
    ];
    let approx = prop_oneof![
        Just(None),
        Just(Some("hash-max")),
        Just(Some("karloff")),
        Just(Some("x"))
    ];
    let stray = prop_oneof![
        6 => Just(None),
        1 => Just(Some(["--algorithm", "bogus"])),
        1 => Just(Some(["--seed", "5"])),
        1 => Just(Some(["--delta", "0.3"])),
    ];
    (
        0usize..3,
        algorithm,
        k,
        eps,
        delta,
        approx,
        any::<u8>(),
        stray,
    )
        .prop_map(|(kind, algorithm, k, eps, delta, approx, seed, stray)| {
            let mut v: Vec<String> = Vec::new();
            let mut push = |a: &str, b: &str| {
                v.push(a.to_string());
                v.push(b.to_string());
            };
            match kind {
                0 => push("--algorithm", algorithm),
                1 => push("--k", &k),
                _ => {
                    push("--eps", eps);
                    push("--seed", &seed.to_string());
                    if let Some(d) = delta {
                        push("--delta", d);
                    }
                    if let Some(a) = approx {
                        push("--approx", a);
                    }
                }
            }
            if let Some([a, b]) = stray {
                push(a, b);
            }
            // A flag given twice is a parse error; keep the first.
            let mut seen = Vec::new();
            v.chunks(2)
                .filter(|pair| {
                    let fresh = !seen.contains(&pair[0]);
                    seen.push(pair[0].clone());
                    fresh
                })
                .flatten()
                .cloned()
                .collect()
        })
}

/// Checks one output against the naive oracle as `mode` promises.
fn agrees(t: &[u32], p: &[u32], mode: &Mode, lines: &[String]) -> Result<(), TestCaseError> {
    let exact = hamming::naive::hamming_naive(t, p).unwrap();
    prop_assert_eq!(lines.len(), exact.len());
    for (line, &d) in lines.iter().zip(&exact) {
        match mode {
            Mode::Exact(_) => prop_assert_eq!(line, &d.to_string()),
            Mode::Bounded(k) => {
                let k = (*k).min(p.len());
                if d as usize <= k {
                    prop_assert_eq!(line, &d.to_string());
                } else {
                    prop_assert_eq!(line, &format!(">{k}"));
                }
            }
            Mode::Approximate(method, ..) => {
                let v: f64 = line.parse().unwrap();
                prop_assert!(v.is_finite() && v >= 0.0, "{}", line);
                if method == "hash-max" {
                    prop_assert!(v <= f64::from(d), "hash-max {} above exact {}", v, d);
                }
            }
        }
    }
    Ok(())
}

fn fuzz(alphabet: Alphabet, name: &str) {
    let answered = std::cell::Cell::new(0usize);
    let strategy = (file(alphabet, 48), file(alphabet, 12), flags());
    runner(name)
        .run(&strategy, |(tb, pb, args)| {
            let Ok(flags) = parse(
                &args,
                &[
                    "--algorithm",
                    "--k",
                    "--eps",
                    "--seed",
                    "--delta",
                    "--approx",
                ],
                "U",
            ) else {
                return Ok(());
            };
            let Ok(mode) = mode(&flags) else {
                return Ok(());
            };
            let (t, p) = match (decode("t", &tb, alphabet), decode("p", &pb, alphabet)) {
                (Ok(t), Ok(p)) => (t, p),
                (Err(e), _) | (_, Err(e)) => {
                    prop_assert!(e.contains("byte offset"), "{}", e);
                    return Ok(());
                }
            };
            match compute(&t, &p, &mode) {
                Ok(lines) => {
                    answered.set(answered.get() + 1);
                    agrees(&t, &p, &mode, &lines)
                }
                Err(e) => {
                    prop_assert!(!e.is_empty());
                    // Valid shapes and parameters must be answered.
                    if let Mode::Exact(a) = &mode
                        && !p.is_empty()
                        && p.len() <= t.len()
                    {
                        prop_assert!(
                            a != "auto" && a != "naive",
                            "{} refused a valid input: {}",
                            a,
                            e
                        );
                    }
                    Ok(())
                }
            }
        })
        .unwrap();
    // The generators must reach the computation, not only the refusals.
    let cases = runner(name).config().cases as usize;
    assert!(
        answered.get() >= cases / 8,
        "{name}: only {} cases answered",
        answered.get()
    );
}

#[test]
fn hamming_bytes_input_never_panics_and_agrees_with_naive() {
    fuzz(Alphabet::Bytes, "hamming-fuzz-bytes");
}

#[test]
fn hamming_utf8_input_never_panics_and_agrees_with_naive() {
    fuzz(Alphabet::Utf8, "hamming-fuzz-utf8");
}

#[test]
fn hamming_u32le_input_never_panics_and_agrees_with_naive() {
    fuzz(Alphabet::U32Le, "hamming-fuzz-u32le");
}
