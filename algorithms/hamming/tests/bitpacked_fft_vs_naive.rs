//! The bit-packed FFT path against the naive oracle, and its exactness limit.
mod common;

use hamming::Error;
use hamming::bitpacked_fft::{
    BitpackedParams, MANTISSA_BITS, SAFETY_BITS, check_precision, digit_bits,
    hamming_bitpacked_fft, hamming_bitpacked_fft_with, max_group_size, precision_bits,
};
use hamming::naive::hamming_naive;

fn with(
    t: &[u32],
    p: &[u32],
    block_size: Option<usize>,
    group_size: Option<usize>,
) -> (Vec<u32>, hamming::bitpacked_fft::BitpackedReport) {
    let params = BitpackedParams {
        block_size,
        group_size,
    };
    hamming_bitpacked_fft_with(t, p, &params).unwrap()
}

#[test]
fn random_inputs_across_alphabets_match_naive() {
    for sigma in [1u32, 2, 4, 20, 256, 1 << 16, u32::MAX] {
        let mut runner = common::runner(&format!("bitpacked-{sigma}"));
        runner
            .run(&common::text_and_pattern(1500, sigma), |(t, p)| {
                let expected = hamming_naive(&t, &p).unwrap();
                assert_eq!(hamming_bitpacked_fft(&t, &p).unwrap(), expected);
                // One symbol per group exercises the pairing of many groups.
                assert_eq!(with(&t, &p, None, Some(1)).0, expected);
                Ok(())
            })
            .unwrap();
    }
}

#[test]
fn explicit_block_and_group_sizes_match_naive() {
    for &(n, m, sigma) in &[
        (4096usize, 1usize, 4u32),
        (4096, 15, 12),
        (4096, 100, 30),
        (3000, 1024, 4),
        (4096, 4096, 3),
    ] {
        let t: Vec<u32> = common::random_symbols(n, sigma, (n + m) as u64)
            .into_iter()
            .map(common::spread)
            .collect();
        let p = t[(n - m) / 3..(n - m) / 3 + m].to_vec();
        let expected = hamming_naive(&t, &p).unwrap();
        let mut big_n = m.next_power_of_two();
        while big_n <= 2 * n.next_power_of_two() {
            for g in 1..=max_group_size(m, big_n).min(sigma as usize + 1) {
                let (d, report) = with(&t, &p, Some(big_n), Some(g));
                assert_eq!(d, expected, "n={n} m={m} N={big_n} g={g}");
                assert_eq!(report.block_size, big_n);
                assert_eq!(report.group_size, g);
                assert!(report.precision_bits + SAFETY_BITS <= MANTISSA_BITS);
                assert!(report.max_rounding_error < 0.01, "{report:?}");
            }
            big_n *= 2;
        }
    }
}

#[test]
fn exact_at_the_limit() {
    // m = 1024: b = 11, N = 8192, g = 2 gives 3·11 + 13 = 46 = 52 - 6 bits, the largest
    // admissible configuration. Use random DNA-like text and inputs that maximise the output
    // magnitudes (text all code 1 = value B, pattern all code 0 = value B).
    let m = 1024;
    let big_n = 8192;
    assert_eq!(precision_bits(m, big_n, 2) + SAFETY_BITS, MANTISSA_BITS);
    let n = 40_000;
    let t = common::random_symbols(n, 4, 99);
    let p = t[777..777 + m].to_vec();
    let (d, report) = with(&t, &p, Some(big_n), Some(2));
    assert_eq!(d, hamming_naive(&t, &p).unwrap());
    eprintln!("at the limit (random σ=4): {report:?}");
    assert!(report.max_rounding_error < 0.01);
    // Ids follow first occurrence in P: pattern "0 1 1 1 ..." has code 0 for symbol 0 and
    // code 1 for symbol 1; the text of 1s then contributes B·B per position.
    let mut p = vec![1u32; m];
    p[0] = 0;
    let t = vec![1u32; n];
    let (d, report) = with(&t, &p, Some(big_n), Some(2));
    assert_eq!(d, hamming_naive(&t, &p).unwrap());
    eprintln!("at the limit (max magnitude): {report:?}");
    // Small m, many symbols per group: m = 7 (b = 3), σ = 7, g = 7, N = 128:
    // 13·3 + 7 = 46 bits.
    assert_eq!(max_group_size(7, 128), 7);
    for seed in 0..20 {
        let t = common::random_symbols(3000, 7, seed);
        let p: Vec<u32> = (0..7).collect();
        let (d, report) = with(&t, &p, Some(128), Some(7));
        assert_eq!(d, hamming_naive(&t, &p).unwrap());
        assert_eq!(report.groups, 1);
        assert!(report.max_rounding_error < 0.05, "{report:?}");
    }
    // m = 127 (b = 7), g = 3: 5·7 + 11 = 46 bits at N = 2048.
    assert_eq!(max_group_size(127, 2048), 3);
    let t = common::random_symbols(20_000, 20, 5);
    let p = t[3000..3127].to_vec();
    let (d, report) = with(&t, &p, Some(2048), Some(3));
    assert_eq!(d, hamming_naive(&t, &p).unwrap());
    eprintln!("m=127 g=3 N=2048: {report:?}");
}

#[test]
fn limit_functions() {
    assert_eq!(digit_bits(1), 1);
    assert_eq!(digit_bits(2), 2);
    assert_eq!(digit_bits(1023), 10);
    assert_eq!(digit_bits(1024), 11);
    assert_eq!(precision_bits(1024, 8192, 2), 46);
    assert_eq!(max_group_size(1024, 1024), 2);
    assert_eq!(max_group_size(1024, 8192), 2);
    assert_eq!(max_group_size(1024, 16384), 1);
    assert_eq!(max_group_size(1 << 22, 1 << 22), 1);
    assert_eq!(max_group_size(1 << 23, 1 << 23), 0);
    // max_group_size agrees with check_precision everywhere on a grid.
    for m in [
        1usize,
        2,
        3,
        7,
        8,
        100,
        127,
        128,
        1000,
        1024,
        5000,
        1 << 16,
        1 << 20,
    ] {
        let mut big_n = m.next_power_of_two();
        while big_n <= (1 << 26) {
            let g = max_group_size(m, big_n);
            if g > 0 {
                assert!(
                    check_precision(m, big_n, g).is_ok(),
                    "m={m} N={big_n} g={g}"
                );
            }
            assert!(
                matches!(
                    check_precision(m, big_n, g + 1),
                    Err(Error::PrecisionExceeded { .. })
                ),
                "m={m} N={big_n} g={}",
                g + 1
            );
            big_n *= 2;
        }
    }
}

#[test]
fn guard_fires_outside_the_limit() {
    let t = common::random_symbols(4096, 4, 1);
    let p = t[10..1034].to_vec();
    // g = 3 at m = 1024 needs 5·11 + log2 N > 46 bits.
    let params = BitpackedParams {
        block_size: Some(2048),
        group_size: Some(3),
    };
    assert!(matches!(
        hamming_bitpacked_fft_with(&t, &p, &params),
        Err(Error::PrecisionExceeded { .. })
    ));
    // g = 2 at N = 16384: 33 + 14 > 46.
    let params = BitpackedParams {
        block_size: Some(16384),
        group_size: Some(2),
    };
    assert!(matches!(
        hamming_bitpacked_fft_with(&t, &p, &params),
        Err(Error::PrecisionExceeded { .. })
    ));
    // A group size alone that no block size admits.
    let params = BitpackedParams {
        block_size: None,
        group_size: Some(4),
    };
    assert!(matches!(
        hamming_bitpacked_fft_with(&t, &p, &params),
        Err(Error::PrecisionExceeded { .. })
    ));
    // Not a power of two, smaller than m, or g = 0: unsupported, not a panic.
    for (block_size, group_size) in [(Some(3000), None), (Some(512), None), (Some(2048), Some(0))] {
        let params = BitpackedParams {
            block_size,
            group_size,
        };
        assert!(matches!(
            hamming_bitpacked_fft_with(&t, &p, &params),
            Err(Error::Unsupported { .. })
        ));
    }
    // m = 2^23: even one symbol per group needs 24 + 23 > 46 bits. Rejected before any work.
    let big = vec![0u8; 1 << 23];
    assert!(matches!(
        hamming_bitpacked_fft(&big, &big),
        Err(Error::PrecisionExceeded { .. })
    ));
}

#[test]
fn edge_cases() {
    assert_eq!(
        hamming_bitpacked_fft::<u8>(b"abc", b""),
        Err(Error::EmptyPattern)
    );
    assert_eq!(
        hamming_bitpacked_fft::<u8>(b"ab", b"abc"),
        Err(Error::PatternLongerThanText { m: 3, n: 2 })
    );
    assert_eq!(
        hamming_bitpacked_fft::<u8>(b"", b"a"),
        Err(Error::PatternLongerThanText { m: 1, n: 0 })
    );
    assert_eq!(
        hamming_bitpacked_fft(b"abcab", b"a").unwrap(),
        vec![0, 1, 1, 0, 1]
    );
    assert_eq!(hamming_bitpacked_fft(b"abc", b"abc").unwrap(), vec![0]);
    assert_eq!(
        hamming_bitpacked_fft(&[3u16; 40], &[3u16; 9]).unwrap(),
        vec![0; 32]
    );
    assert_eq!(
        hamming_bitpacked_fft(&[3u16; 40], &[4u16; 9]).unwrap(),
        vec![9; 32]
    );
    let t = [u32::MAX, 0, u32::MAX, 0, 5, u32::MAX];
    for p in [&[0, u32::MAX][..], &[u32::MAX], &[5, 5]] {
        assert_eq!(
            hamming_bitpacked_fft(&t, p).unwrap(),
            hamming_naive(&t, p).unwrap()
        );
    }
    let t = [1u32, 2, 3, 4, 5, 6, 7, 8];
    assert_eq!(hamming_bitpacked_fft(&t, &[9, 10, 11]).unwrap(), vec![3; 6]);
    // m = n at a size where N = m.
    let t = common::random_symbols(4096, 3, 8);
    let p = common::random_symbols(4096, 3, 9);
    assert_eq!(
        hamming_bitpacked_fft(&t, &p).unwrap(),
        hamming_naive(&t, &p).unwrap()
    );
    // Periodic text.
    let p: Vec<u8> = b"ACGTTGCA".to_vec();
    let t: Vec<u8> = p.iter().cycle().take(8 * 50).copied().collect();
    let d = hamming_bitpacked_fft(&t, &p).unwrap();
    for (i, &v) in d.iter().enumerate() {
        assert_eq!(v == 0, i % 8 == 0, "shift {i}");
    }
}
