//! Abrahamson's heavy/light split against the naive oracle, under the default cost model
//! and under cost models that force every symbol light or every symbol heavy.
mod common;

use std::hash::{Hash, Hasher};

use hamming::Error;
use hamming::abrahamson::{CostModel, hamming_abrahamson, hamming_abrahamson_with};
use hamming::naive::hamming_naive;

/// Every symbol light: scatter is free.
const ALL_LIGHT: CostModel = CostModel {
    fft_pair_ns: 1.0,
    fft_block_ns: 1.0,
    fft_text_ns: 1.0,
    scatter_ns: 0.0,
};

/// Every symbol heavy: FFTs are free.
const ALL_HEAVY: CostModel = CostModel {
    fft_pair_ns: 0.0,
    fft_block_ns: 0.0,
    fft_text_ns: 0.0,
    scatter_ns: 1.0,
};

fn check_all_models<S: Copy + Eq + Hash + std::fmt::Debug>(t: &[S], p: &[S]) {
    let expected = hamming_naive(t, p).unwrap();
    assert_eq!(hamming_abrahamson(t, p).unwrap(), expected, "default model");
    let (d, report) = hamming_abrahamson_with(t, p, &ALL_LIGHT).unwrap();
    assert_eq!(d, expected, "all light");
    assert!(report.heavy.is_empty());
    let (d, report) = hamming_abrahamson_with(t, p, &ALL_HEAVY).unwrap();
    assert_eq!(d, expected, "all heavy");
    assert_eq!(report.light_symbols, 0);
    assert_eq!(report.light_increments, 0);
}

#[test]
fn random_inputs_across_alphabets_match_naive() {
    for sigma in [1u32, 2, 4, 20, 256, 1 << 16, u32::MAX] {
        let mut runner = common::runner(&format!("abrahamson-{sigma}"));
        runner
            .run(&common::text_and_pattern(1500, sigma), |(t, p)| {
                check_all_models(&t, &p);
                Ok(())
            })
            .unwrap();
    }
}

#[test]
fn large_random_inputs_match_naive() {
    // n up to 4096, patterns cut from the text (many matches) and random ones.
    for (k, &sigma) in [2u32, 4, 20, 256, 1 << 16, u32::MAX].iter().enumerate() {
        for &(n, m) in &[
            (4096usize, 1usize),
            (4096, 64),
            (4096, 1000),
            (4096, 4096),
            (3000, 1500),
        ] {
            let t: Vec<u32> = common::random_symbols(n, sigma, (k * 100 + m) as u64)
                .into_iter()
                .map(common::spread)
                .collect();
            let cut = t[(n - m) / 2..(n - m) / 2 + m].to_vec();
            check_all_models(&t, &cut);
            let p: Vec<u32> = common::random_symbols(m, sigma, (k * 100 + m + 7) as u64)
                .into_iter()
                .map(common::spread)
                .collect();
            check_all_models(&t, &p);
        }
    }
}

#[test]
fn sizes_crossing_block_boundaries_match_naive() {
    // The light pass works in blocks of max(m, 4096) text positions; the FFT in blocks of
    // its own. Cross both with n and m just below, at and above the boundaries.
    for &m in &[
        1usize, 2, 31, 64, 65, 511, 1023, 1024, 1025, 4095, 4096, 4097,
    ] {
        let block = m.max(4096);
        for n in [
            m,
            m + 1,
            block - 1,
            block,
            block + 1,
            2 * block + m - 1,
            2 * block + m,
        ] {
            if n < m {
                continue;
            }
            let t = common::random_symbols(n, 6, (n * 31 + m) as u64);
            let p = common::random_symbols(m, 6, m as u64 + 1);
            let expected = hamming_naive(&t, &p).unwrap();
            assert_eq!(hamming_abrahamson(&t, &p).unwrap(), expected, "n={n} m={m}");
            let (d, _) = hamming_abrahamson_with(&t, &p, &ALL_LIGHT).unwrap();
            assert_eq!(d, expected, "all light n={n} m={m}");
        }
    }
}

#[test]
fn texts_sampled_for_the_split_match_naive() {
    // n > 2^16 makes the split use sampled text counts; a skewed, periodic text tests that
    // the estimate only moves the split, never the result.
    let n = (1 << 16) + 4321;
    let t: Vec<u32> = (0..n)
        .map(|i| {
            if i % 5 == 0 {
                7
            } else {
                (i as u32 * 2_654_435_761) % 50
            }
        })
        .collect();
    let p = t[1000..1200].to_vec();
    let expected = hamming_naive(&t, &p).unwrap();
    let (d, report) = hamming_abrahamson_with(&t, &p, &CostModel::DEFAULT).unwrap();
    assert_eq!(d, expected);
    // The reported increments are the ones actually performed.
    assert!(report.light_increments <= (n as u64) * 200);
    check_all_models(&t, &p);
}

#[test]
fn edge_cases() {
    assert_eq!(
        hamming_abrahamson::<u8>(b"abc", b""),
        Err(Error::EmptyPattern)
    );
    assert_eq!(
        hamming_abrahamson::<u8>(b"ab", b"abc"),
        Err(Error::PatternLongerThanText { m: 3, n: 2 })
    );
    assert_eq!(
        hamming_abrahamson::<u8>(b"", b"a"),
        Err(Error::PatternLongerThanText { m: 1, n: 0 })
    );
    assert_eq!(
        hamming_abrahamson_with::<u8>(b"", b"", &ALL_HEAVY).map(|(d, _)| d),
        Err(Error::EmptyPattern)
    );
    // m = 1 and m = n.
    check_all_models(b"abcab", b"a");
    check_all_models(b"abcab", b"abcab");
    check_all_models(b"abcab", b"bacba");
    // All-equal strings: 0 or m everywhere.
    assert_eq!(
        hamming_abrahamson(&[9u16; 50], &[9u16; 7]).unwrap(),
        vec![0; 44]
    );
    assert_eq!(
        hamming_abrahamson(&[9u16; 50], &[8u16; 7]).unwrap(),
        vec![7; 44]
    );
    check_all_models(&[9u16; 50], &[9u16; 7]);
    check_all_models(&[9u16; 50], &[8u16; 7]);
    // Symbols 0 and u32::MAX (the NONE sentinel's value) in text and pattern.
    let t = [u32::MAX, 0, u32::MAX, 0, 5, u32::MAX, u32::MAX];
    check_all_models(&t, &[0, u32::MAX]);
    check_all_models(&t, &[u32::MAX, u32::MAX]);
    check_all_models(&t, &[5]);
    // Text symbols absent from the pattern.
    check_all_models(&[1u32, 2, 3, 4, 5, 6, 7, 8], &[9, 10, 11]);
    check_all_models(&[1u32, 2, 3, 4, 5, 6, 7, 8], &[3, 10, 5]);
    // Pattern containing every text symbol.
    check_all_models(b"abcdabcdab", b"dcba");
    // u64 symbols that are multiples of 2^40.
    let t: Vec<u64> = common::random_symbols(500, 9, 3)
        .iter()
        .map(|&c| u64::from(c) << 40)
        .collect();
    check_all_models(&t, &t[100..160]);
    // A periodic text: distance 0 exactly at multiples of the period.
    let p: Vec<u8> = b"ACGTTGCA".to_vec();
    let t: Vec<u8> = p.iter().cycle().take(8 * 50).copied().collect();
    let d = hamming_abrahamson(&t, &p).unwrap();
    for (i, &v) in d.iter().enumerate() {
        assert_eq!(v == 0, i % 8 == 0, "shift {i}");
    }
    check_all_models(&t, &p);
}

/// A symbol whose hash is constant: every symbol lands in one bucket of the encoder, which
/// must spill into its overflow map and still be exact.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
struct SameHash(u32);

impl Hash for SameHash {
    fn hash<H: Hasher>(&self, state: &mut H) {
        0u32.hash(state);
    }
}

#[test]
fn colliding_hashes_are_exact() {
    let t: Vec<SameHash> = common::random_symbols(700, 40, 11)
        .into_iter()
        .map(SameHash)
        .collect();
    let p: Vec<SameHash> = t[200..260].to_vec();
    check_all_models(&t, &p);
    let p: Vec<SameHash> = common::random_symbols(90, 50, 12)
        .into_iter()
        .map(SameHash)
        .collect();
    check_all_models(&t, &p);
}

#[test]
fn report_describes_the_split() {
    // One very frequent symbol (0) and many rare ones: the default model at n = 2^17 makes
    // symbol 0 heavy.
    let n = 1 << 17;
    let t: Vec<u32> = (0..n as u32)
        .map(|i| if i % 3 == 0 { (i * 7) % 1000 + 1 } else { 0 })
        .collect();
    let p = t[5000..6024].to_vec();
    let (d, report) = hamming_abrahamson_with(&t, &p, &CostModel::DEFAULT).unwrap();
    assert_eq!(d, hamming_naive(&t, &p).unwrap());
    assert_eq!(report.heavy.first(), Some(&0));
    assert!(report.fft.blocks > 0);
    assert!(report.predicted_fft_ns > 0.0);
    let (_, light) = hamming_abrahamson_with(&t, &p, &ALL_LIGHT).unwrap();
    // Σ f_c·g_c, computed independently (shifts are not restricted: every text occurrence
    // meets every pattern occurrence of its symbol in the scatter).
    let mut fp = std::collections::HashMap::new();
    for &c in &p {
        *fp.entry(c).or_insert(0u64) += 1;
    }
    let expected: u64 = t.iter().map(|c| fp.get(c).copied().unwrap_or(0)).sum();
    assert_eq!(light.light_increments, expected);
    assert!(light.heavy.is_empty());
}

#[test]
fn cost_model_is_monotone_and_consistent() {
    let c = CostModel::DEFAULT;
    assert_eq!(c.fft_ns(1 << 20, 1 << 10, 0), 0.0);
    let (a, b, e) = (
        c.fft_ns(1 << 20, 1 << 10, 2),
        c.fft_ns(1 << 20, 1 << 10, 4),
        c.fft_ns(1 << 20, 1 << 10, 3),
    );
    assert!(a < b);
    assert_eq!(b, e, "an odd symbol shares the last pair");
    assert_eq!(c.scatter_ns(1000), 1000.0 * c.scatter_ns);
    assert_eq!(CostModel::default(), CostModel::DEFAULT);
}

/// Small symbols (u8, u16, u32 < 2^16): patterns whose symbols are all small, texts that mix
/// them with absent small and large values (which must never match), all-light, all-heavy
/// and mixed splits, and texts crossing the light pass's blocks of 4096.
#[test]
fn small_symbol_types_match_naive() {
    for (n, m, sigma, seed) in [
        (9000usize, 700usize, 300u32, 1u64),
        (5000, 64, 1 << 16, 2),
        (3000, 1, 3, 3),
    ] {
        let mut t = common::random_symbols(n, sigma, seed);
        for (i, v) in t.iter_mut().enumerate() {
            if i % 13 == 0 {
                *v = 70_000 + i as u32; // absent and not a small key
            }
        }
        let p = t[n / 2..n / 2 + m]
            .iter()
            .map(|&v| v % sigma)
            .collect::<Vec<_>>();
        check_all_models(&t, &p);
        let t16: Vec<u16> = t.iter().map(|&v| (v % (1 << 16)) as u16).collect();
        let p16: Vec<u16> = p.iter().map(|&v| v as u16).collect();
        check_all_models(&t16, &p16);
        let t8: Vec<u8> = t.iter().map(|&v| v as u8).collect();
        let p8: Vec<u8> = p.iter().map(|&v| v as u8).collect();
        check_all_models(&t8, &p8);
    }
}

#[test]
fn counting_pass_equals_the_run() {
    use hamming::abrahamson::operation_counts;
    // Middle-band shapes (symbols occurring about sqrt(m log2 m) times) and uniform ones,
    // with n above 2^16 so the split uses sampled text counts.
    for (m, sigma, n) in [
        (256usize, 5u32, 70_000usize),
        (1024, 10, 70_000),
        (64, 300, 5000),
    ] {
        let t = common::random_symbols(n, sigma, m as u64);
        let p = common::random_symbols(m, sigma, m as u64 + 1);
        for costs in [CostModel::DEFAULT, ALL_LIGHT, ALL_HEAVY] {
            let (_, run) = hamming_abrahamson_with(&t, &p, &costs).unwrap();
            let mut counts = operation_counts(&t, &p, &costs).unwrap();
            counts.fft.max_rounding_error = run.fft.max_rounding_error;
            assert_eq!(counts, run, "m = {m}, sigma = {sigma}");
        }
    }
}
