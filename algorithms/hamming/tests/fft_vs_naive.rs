//! The per-symbol FFT path against the naive oracle.
mod common;

use hamming::Error;
use hamming::fft::{
    FftReport, add_symbol_matches, choose_block_size, hamming_fft, hamming_fft_with_report,
};
use hamming::naive::hamming_naive;

#[test]
fn random_inputs_across_alphabets_match_naive() {
    for sigma in [1u32, 2, 4, 20, 256, 1 << 16] {
        let mut runner = common::runner(&format!("fft-{sigma}"));
        runner
            .run(&common::text_and_pattern(600, sigma), |(t, p)| {
                assert_eq!(hamming_fft(&t, &p).unwrap(), hamming_naive(&t, &p).unwrap());
                Ok(())
            })
            .unwrap();
    }
}

#[test]
fn sizes_crossing_block_boundaries_match_naive() {
    // n just below, at and above multiples of the step L = N - m + 1, m around powers of two.
    for &m in &[
        1usize, 2, 31, 32, 33, 63, 64, 65, 127, 128, 129, 255, 256, 257,
    ] {
        let big_n = choose_block_size(4096, m, 2);
        let step = big_n - m + 1;
        for n in [
            m,
            m + 1,
            step + m - 2,
            step + m - 1,
            step + m,
            3 * step + m - 1,
            4096,
        ] {
            let t = common::random_symbols(n, 4, (n * 1000 + m) as u64);
            let p = common::random_symbols(m, 4, m as u64);
            assert_eq!(
                hamming_fft(&t, &p).unwrap(),
                hamming_naive(&t, &p).unwrap(),
                "n={n} m={m}"
            );
        }
    }
}

#[test]
fn edge_cases() {
    assert_eq!(hamming_fft::<u8>(b"abc", b""), Err(Error::EmptyPattern));
    assert_eq!(
        hamming_fft::<u8>(b"ab", b"abc"),
        Err(Error::PatternLongerThanText { m: 3, n: 2 })
    );
    assert_eq!(
        hamming_fft::<u8>(b"", b"a"),
        Err(Error::PatternLongerThanText { m: 1, n: 0 })
    );
    assert_eq!(hamming_fft(b"abcab", b"a").unwrap(), vec![0, 1, 1, 0, 1]);
    assert_eq!(hamming_fft(b"abc", b"abc").unwrap(), vec![0]);
    assert_eq!(hamming_fft(b"aaaa", b"aa").unwrap(), vec![0, 0, 0]);
    assert_eq!(hamming_fft(b"bbbb", b"aa").unwrap(), vec![2, 2, 2]);
    // Symbols at the extremes of the type do not collide with internal codes.
    let t = [u32::MAX, 0, u32::MAX, 0];
    assert_eq!(
        hamming_fft(&t, &[0, u32::MAX]).unwrap(),
        hamming_naive(&t, &[0, u32::MAX]).unwrap()
    );
    // A periodic text: distance 0 at multiples of the period.
    let p: Vec<u8> = b"ACGTTGCA".to_vec();
    let t: Vec<u8> = p.iter().cycle().take(8 * 50).copied().collect();
    let d = hamming_fft(&t, &p).unwrap();
    for (i, &v) in d.iter().enumerate() {
        assert_eq!(v == 0, i % 8 == 0, "shift {i}");
    }
}

#[test]
fn rounding_error_is_measured_and_small_at_large_block_sizes() {
    // m = 2^21 and n = 2^22 force an FFT of length 2^22.
    let n = 1 << 22;
    let m = 1 << 21;
    let t = common::random_symbols(n, 2, 7);
    let p = t[12345..12345 + m].to_vec();
    let (d, report): (Vec<u32>, FftReport) = hamming_fft_with_report(&t, &p).unwrap();
    assert_eq!(report.block_size, 1 << 22);
    assert!(report.max_rounding_error < 0.01, "{report:?}");
    assert_eq!(d[12345], 0);
    // Spot-check against direct counting at a few shifts.
    for i in [0usize, 1, 777, n - m] {
        let direct = t[i..i + m].iter().zip(&p).filter(|(a, b)| a != b).count() as u32;
        assert_eq!(d[i], direct, "shift {i}");
    }
}

#[test]
fn accumulator_of_wrong_length_is_an_error() {
    let mut acc = vec![0u32; 2]; // n - m + 1 = 3 entries are needed
    assert!(matches!(
        add_symbol_matches(&[0, 1, 2, 3], &[0, 1], &[0, 1], &mut acc),
        Err(Error::Unsupported { .. })
    ));
}
