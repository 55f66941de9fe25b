//! The bit-parallel method against the naive oracle, on every SIMD path separately.
//!
//! A path this CPU cannot run is reported as `SKIPPED <path>: <reason>` on stderr (run with
//! `--nocapture` to see it) and must return [`Error::Unsupported`]; it never passes silently.
mod common;

use std::fmt::Debug;
use std::hash::Hash;

use hamming::Error;
use hamming::bitparallel::{
    MAX_CODES, Path, chosen_path, code_bits_for, hamming_bitparallel, hamming_bitparallel_with,
    hamming_ids_with,
};
use hamming::naive::hamming_naive;

/// The paths this CPU can run. Each unavailable path is reported on stderr and checked to
/// fail with the typed error instead of running.
fn available_paths() -> Vec<Path> {
    Path::ALL
        .into_iter()
        .filter(|&path| {
            if path.is_available() {
                return true;
            }
            eprintln!(
                "SKIPPED {}: this CPU lacks {}",
                path.name(),
                path.requirements()
            );
            assert!(
                matches!(
                    hamming_bitparallel_with(path, b"ACGT", b"AC"),
                    Err(Error::Unsupported { .. })
                ),
                "an unavailable path must return Error::Unsupported"
            );
            false
        })
        .collect()
}

/// Asserts that `path` agrees with the naive oracle on `(t, p)`.
fn check<S: Copy + Eq + Hash + Debug>(path: Path, t: &[S], p: &[S], what: &str) {
    let got = hamming_bitparallel_with(path, t, p);
    let want = hamming_naive(t, p);
    assert_eq!(
        got,
        want,
        "path {} on {what} (n = {}, m = {})",
        path.name(),
        t.len(),
        p.len()
    );
}

#[test]
fn random_inputs_across_alphabets_match_naive() {
    for path in available_paths() {
        for sigma in [1u32, 2, 3, 4, 5, 15, 16, 17, 200, 256, 1000] {
            let mut runner = common::runner(&format!("bitparallel-{}-{sigma}", path.name()));
            runner
                .run(&common::text_and_pattern(700, sigma), |(t, p)| {
                    check(path, &t, &p, &format!("sigma = {sigma}"));
                    Ok(())
                })
                .unwrap();
        }
    }
}

#[test]
fn sizes_crossing_word_boundaries_match_naive() {
    // Lengths around multiples of 64/b for b in {1, 2, 4, 8, 16} (64, 32, 16, 8, 4 symbols),
    // of 64 (one plane word), 256 and 512 (one AVX2 / AVX-512 vector of pattern words), plus
    // m = 1 and m = n.
    let ms = [
        1usize, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128, 129, 255, 256,
        257, 511, 512, 513, 700,
    ];
    let paths = available_paths();
    for &sigma in &[2u32, 4, 5, 17] {
        for &m in &ms {
            let mut ns = vec![
                m,
                m + 1,
                m + 2,
                m + 62,
                m + 63,
                m + 64,
                m + 65,
                m + 511,
                m + 512,
            ];
            ns.extend(
                [256, 512, 513, 1023, 1024, 1025, 2000]
                    .into_iter()
                    .filter(|&n| n >= m),
            );
            for n in ns {
                let seed = (u64::from(sigma) << 40) ^ ((n as u64) << 20) ^ m as u64;
                let t = common::random_symbols(n, sigma, seed);
                // Half the patterns are cut from the text, so that small distances occur too.
                let p = if seed.is_multiple_of(2) {
                    t[n - m..].to_vec()
                } else {
                    common::random_symbols(m, sigma, seed ^ 0xABCD)
                };
                for &path in &paths {
                    check(path, &t, &p, &format!("sigma = {sigma}"));
                }
            }
        }
    }
}

#[test]
fn long_texts_across_row_chunks_match_naive() {
    // The kernels process 64 shifts per row and 1024 rows per chunk, with row blocks of 4 or
    // 8; cross those boundaries.
    const CHUNK: usize = 1024 * 64;
    let paths = available_paths();
    for &(m, sigma) in &[(1usize, 4u32), (100, 4), (130, 5), (64, 300)] {
        let shifts = [
            CHUNK - 1,
            CHUNK,
            CHUNK + 1,
            CHUNK + 511,
            CHUNK + 513,
            2 * CHUNK + 77,
        ];
        for shifts in shifts {
            let n = shifts + m - 1;
            let t = common::random_symbols(n, sigma, (shifts * 31 + m) as u64);
            let p = t[n / 2..n / 2 + m].to_vec();
            for &path in &paths {
                check(path, &t, &p, &format!("sigma = {sigma}"));
            }
        }
    }
}

#[test]
fn dna_with_a_long_pattern_matches_naive() {
    let paths = available_paths();
    let acgt = *b"ACGT";
    let t: Vec<u8> = common::random_symbols(1 << 15, 4, 2024)
        .into_iter()
        .map(|c| acgt[c as usize])
        .collect();
    for m in [1000usize, 4096] {
        let p = t[777..777 + m].to_vec();
        let want = hamming_naive(&t, &p).unwrap();
        assert_eq!(want[777], 0);
        for &path in &paths {
            assert_eq!(
                hamming_bitparallel_with(path, &t, &p).unwrap(),
                want,
                "{path} m={m}"
            );
        }
    }
}

#[test]
fn code_widths_around_powers_of_two_match_naive() {
    // d distinct pattern symbols, with and without text symbols absent from the pattern:
    // the code count d + [absent] crosses every power of two up to 32 (b = 1 .. 6).
    let paths = available_paths();
    for d in 1u32..=33 {
        let p: Vec<u32> = (0..200).map(|j| common::spread(j % d)).collect();
        for absent in [false, true] {
            let alphabet = if absent { d + 3 } else { d };
            let t: Vec<u32> = common::random_symbols(900, alphabet, u64::from(d))
                .into_iter()
                .map(common::spread)
                .collect();
            for &path in &paths {
                check(path, &t, &p, &format!("d = {d}, absent symbols = {absent}"));
            }
        }
    }
}

#[test]
fn text_symbols_absent_from_the_pattern_always_mismatch() {
    for path in available_paths() {
        // No text symbol occurs in the pattern: every distance is m.
        let t: Vec<u32> = (0..300).map(|i| 1000 + i % 7).collect();
        let p = vec![1u32, 2, 3, 4, 5];
        assert_eq!(
            hamming_bitparallel_with(path, &t, &p).unwrap(),
            vec![5; 296],
            "{path}"
        );
        // One pattern symbol; the text alternates it with an absent one (b = 1).
        let t: Vec<u8> = b"xyxyxyxyxy".repeat(20);
        let p = b"xxx".to_vec();
        check(path, &t, &p, "one pattern symbol");
        // Pattern over {0, 1, 2, 3}, text over 0..9 (d = 4 plus the absent code: b = 3).
        let t: Vec<u32> = common::random_symbols(1500, 9, 5);
        let p: Vec<u32> = common::random_symbols(150, 4, 6);
        check(path, &t, &p, "dna pattern with absent text symbols");
    }
}

#[test]
fn sentinel_symbols_and_other_symbol_types() {
    for path in available_paths() {
        let t = [u32::MAX, 0, u32::MAX, 0, 0, u32::MAX, 1, u32::MAX - 1];
        for p in [
            &[0, u32::MAX][..],
            &[u32::MAX][..],
            &[0][..],
            &[u32::MAX, u32::MAX, 0][..],
        ] {
            check(path, &t, p, "u32 extremes");
        }
        let t16: Vec<u16> = (0..2000u32)
            .map(|i| (i.wrapping_mul(40503) >> 3) as u16)
            .collect();
        check(path, &t16, &t16[100..300], "u16");
        check(path, &t16, &[0u16, u16::MAX, 7], "u16 extremes");
        let t8: Vec<u8> = (0..3000u32).map(|i| (i * 7 % 256) as u8).collect();
        check(path, &t8, &t8[5..105], "u8 (256 symbols)");
        check(path, &[0u8, 255, 0, 255, 255], &[255u8, 0], "u8 extremes");
        let chars: Vec<char> = "ünïcödé text, ünïcödé pattern".chars().collect();
        check(path, &chars, &chars[0..7], "char");
    }
}

#[test]
fn periodic_text_and_equal_strings() {
    for path in available_paths() {
        let p: Vec<u8> = b"ACGTTGCA".to_vec();
        let t: Vec<u8> = p.iter().cycle().take(8 * 200).copied().collect();
        let d = hamming_bitparallel_with(path, &t, &p).unwrap();
        for (i, &v) in d.iter().enumerate() {
            assert_eq!(v == 0, i % 8 == 0, "{path} shift {i}");
        }
        assert_eq!(
            hamming_bitparallel_with(path, &[7u32; 500], &[7; 130]).unwrap(),
            [0; 371]
        );
        assert_eq!(
            hamming_bitparallel_with(path, &[7u32; 500], &[8; 130]).unwrap(),
            [130; 371]
        );
        // m = n: one output.
        let t = common::random_symbols(777, 3, 9);
        let mut p = t.clone();
        p[0] ^= 1;
        p[776] ^= 1;
        assert_eq!(
            hamming_bitparallel_with(path, &t, &p).unwrap(),
            vec![2],
            "{path}"
        );
    }
}

#[test]
fn length_errors_on_every_path() {
    for path in Path::ALL {
        if !path.is_available() {
            eprintln!(
                "SKIPPED {}: this CPU lacks {}",
                path.name(),
                path.requirements()
            );
            continue;
        }
        assert_eq!(
            hamming_bitparallel_with::<u8>(path, b"abc", b""),
            Err(Error::EmptyPattern)
        );
        assert_eq!(
            hamming_bitparallel_with::<u8>(path, b"ab", b"abc"),
            Err(Error::PatternLongerThanText { m: 3, n: 2 })
        );
        assert_eq!(
            hamming_bitparallel_with::<u8>(path, b"", b"a"),
            Err(Error::PatternLongerThanText { m: 1, n: 0 })
        );
        assert_eq!(
            hamming_bitparallel_with::<u8>(path, b"", b""),
            Err(Error::EmptyPattern)
        );
        assert_eq!(
            hamming_ids_with(path, &[1, 2], &[]),
            Err(Error::EmptyPattern)
        );
    }
    assert_eq!(
        hamming_bitparallel::<u32>(&[1], &[1, 2]),
        Err(Error::PatternLongerThanText { m: 2, n: 1 })
    );
}

#[test]
fn alphabets_beyond_the_code_limit_are_unsupported() {
    let distinct = MAX_CODES as u32; // 2^16 distinct pattern symbols: b = 16
    let p: Vec<u32> = (0..distinct).map(|c| c.wrapping_mul(0x9E37_79B9)).collect();
    let mut t = p.clone();
    t.extend_from_slice(&p[..300]);
    for path in available_paths() {
        // Exactly 2^16 codes fit when every text symbol occurs in the pattern.
        check(path, &t, &p, "2^16 pattern symbols");
        // One absent text symbol needs a 2^16 + 1-th code.
        let mut t_absent = t.clone();
        t_absent[5] = 12345;
        assert!(!p.contains(&12345));
        let err = hamming_bitparallel_with(path, &t_absent, &p).unwrap_err();
        match err {
            Error::Unsupported { reason } => assert!(reason.contains("65536"), "{reason}"),
            other => panic!("{path}: expected Unsupported, got {other:?}"),
        }
        // 2^16 + 1 distinct pattern symbols never fit.
        let mut p_big = p.clone();
        p_big.push(12345);
        let mut t_big = t.clone();
        t_big.push(0);
        assert!(matches!(
            hamming_bitparallel_with(path, &t_big, &p_big),
            Err(Error::Unsupported { .. })
        ));
    }
    assert_eq!(code_bits_for(1), Some(1));
    assert_eq!(code_bits_for(2), Some(1));
    assert_eq!(code_bits_for(3), Some(2));
    assert_eq!(code_bits_for(4), Some(2));
    assert_eq!(code_bits_for(5), Some(3));
    assert_eq!(code_bits_for(MAX_CODES), Some(16));
    assert_eq!(code_bits_for(MAX_CODES + 1), None);
}

#[test]
fn ids_entry_point_matches_naive() {
    // Text ids may exceed the pattern's ids (they all mismatch), including NONE = u32::MAX.
    for path in available_paths() {
        let mut runner = common::runner(&format!("bitparallel-ids-{}", path.name()));
        let strategy = common::text_and_pattern(400, 12);
        runner
            .run(&strategy, |(t, p)| {
                let t: Vec<u32> = t.iter().map(|&v| v % 19).collect();
                let mut p: Vec<u32> = p.iter().map(|&v| v % 12).collect();
                p[0] = 11;
                let t: Vec<u32> = t
                    .into_iter()
                    .map(|v| if v == 18 { u32::MAX } else { v })
                    .collect();
                assert_eq!(
                    hamming_ids_with(path, &t, &p),
                    hamming_naive(&t, &p),
                    "{path}"
                );
                Ok(())
            })
            .unwrap();
        // Pattern ids too large for 16-bit codes.
        assert!(matches!(
            hamming_ids_with(path, &[0, 1, 2], &[70_000]),
            Err(Error::Unsupported { .. })
        ));
        // Pattern ids up to 2^16 - 1 fit, unless some text id needs the extra code.
        let p = [65_535, 0, 65_535];
        let t = [65_535, 0, 65_535, 65_535, 0];
        assert_eq!(
            hamming_ids_with(path, &t, &p).unwrap(),
            vec![0, 2, 2],
            "{path}"
        );
        assert!(matches!(
            hamming_ids_with(path, &[65_535, 0, 65_536, 1], &p),
            Err(Error::Unsupported { .. })
        ));
    }
}

#[test]
fn dispatch_chooses_the_best_available_path() {
    let chosen = chosen_path();
    assert!(chosen.is_available());
    let best = [Path::Avx512, Path::Avx2, Path::Scalar]
        .into_iter()
        .find(|p| p.is_available());
    assert_eq!(Some(chosen), best);
    assert_eq!(chosen_path(), chosen, "the choice is cached");
    eprintln!("bit-parallel dispatch chose {}", chosen.name());
    for path in Path::ALL {
        assert_eq!(Path::from_name(path.name()), Some(path));
    }
    assert_eq!(Path::Scalar.name(), "scalar");
    assert_eq!(Path::Avx2.name(), "avx2");
    assert_eq!(Path::Avx512.name(), "avx512");
    assert!(Path::Scalar.is_available());
    let t = common::random_symbols(3000, 4, 1);
    let p = common::random_symbols(300, 4, 2);
    assert_eq!(hamming_bitparallel(&t, &p), hamming_naive(&t, &p));
}
