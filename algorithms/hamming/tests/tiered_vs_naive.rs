//! The three-tier method (light counting, packed middle groups, heavy FFTs) against the naive
//! oracle, on random, periodic, adversarial and middle-band inputs, with thresholds that
//! force every tier; and its counting pass against its run.
mod common;

use hamming::Error;
use hamming::bitpacked_fft::{digit_bits, max_group_size};
use hamming::naive::hamming_naive;
use hamming::tiered::{
    TierThresholds, TieredReport, group_fits, hamming_tiered, hamming_tiered_with, tiered_counts,
};

const ALL_MIDDLE: TierThresholds = TierThresholds {
    light_below: 0,
    heavy_above: u32::MAX,
};
const ALL_LIGHT: TierThresholds = TierThresholds {
    light_below: u32::MAX,
    heavy_above: u32::MAX,
};
const ALL_HEAVY: TierThresholds = TierThresholds {
    light_below: 0,
    heavy_above: 0,
};

/// Runs every threshold setting, checks the output against naive, every group against the
/// exactness limit and its bound, and the counting pass against the run.
fn check(t: &[u32], p: &[u32]) -> Vec<TieredReport> {
    let expected = hamming_naive(t, p).unwrap();
    assert_eq!(
        hamming_tiered(t, p).unwrap(),
        expected,
        "default thresholds"
    );
    let mut reports = Vec::new();
    for th in [
        TierThresholds::for_pattern_length(p.len()),
        ALL_MIDDLE,
        ALL_LIGHT,
        ALL_HEAVY,
        TierThresholds {
            light_below: 2,
            heavy_above: 3,
        },
    ] {
        let (d, report) = hamming_tiered_with(t, p, &th).unwrap();
        assert_eq!(d, expected, "thresholds {th:?}");
        for g in &report.groups {
            assert!(g.bound < 1 << g.digit_bits, "{g:?}");
            assert_eq!(g.digit_bits, digit_bits(g.bound as usize));
            assert!(
                group_fits(g.bound, g.digits, g.pairs, g.block_size),
                "{g:?}"
            );
            assert!(g.symbols <= 2 * g.digits * g.pairs);
        }
        let counts = tiered_counts(t, p, &th).unwrap();
        assert_eq!(counts.light_increments, report.light_increments, "{th:?}");
        assert_eq!(counts.fft_butterflies, report.fft_butterflies, "{th:?}");
        assert_eq!(counts.bytes_packed, report.bytes_packed, "{th:?}");
        assert_eq!(counts.groups, report.groups, "{th:?}");
        reports.push(report);
    }
    reports
}

#[test]
fn random_inputs_across_alphabets_match_naive() {
    for sigma in [1u32, 2, 4, 16, 200] {
        let mut runner = common::runner(&format!("tiered-{sigma}"));
        runner
            .run(&common::text_and_pattern(700, sigma), |(t, p)| {
                check(&t, &p);
                Ok(())
            })
            .unwrap();
    }
}

/// Patterns whose symbols each occur about √(m·log2 m) times: every symbol is middle.
fn middle_band(m: usize, n: usize, seed: u64) -> (Vec<u32>, Vec<u32>) {
    let f = ((m as f64) * (m as f64).log2()).sqrt().round() as usize;
    let sigma = (m / f).max(1) as u32;
    (
        common::random_symbols(n, sigma, seed),
        common::random_symbols(m, sigma, seed + 1),
    )
}

#[test]
fn middle_band_inputs_match_naive_and_pack_groups() {
    for (lg, n) in [
        (4u32, 200),
        (6, 1000),
        (8, 3000),
        (10, 6000),
        (12, 9000),
        (14, 20000),
    ] {
        let m = 1usize << lg;
        let (t, p) = middle_band(m, n, u64::from(lg));
        let reports = check(&t, &p);
        let default = &reports[0];
        assert!(default.middle_symbols > 0, "m = {m}: {default:?}");
        if (6..=10).contains(&lg) {
            assert!(
                default.groups.iter().any(|g| g.digits >= 2),
                "m = {m}: no packed group {default:?}"
            );
        }
    }
}

#[test]
fn periodic_and_adversarial_inputs_match_naive() {
    // Period-1 and period-2 texts and patterns; a pattern repeated as the text; a text of
    // one symbol absent from the pattern.
    let n = 5000;
    let period1 = vec![7u32; n];
    let period2: Vec<u32> = (0..n).map(|i| (i % 2) as u32).collect();
    for m in [1usize, 63, 64, 65, 1024, 4096] {
        check(&period1, &period1[..m]);
        check(&period2, &period2[..m]);
        check(&period2, &period1[..m]);
        let p = common::random_symbols(m, 5, m as u64);
        let t: Vec<u32> = p.iter().copied().cycle().take(n.max(m)).collect();
        check(&t, &p);
        check(&vec![99u32; n], &p);
    }
}

#[test]
fn group_outputs_reach_their_bound_exactly_without_overflow() {
    // The pattern occurs in the text (periodically), so at those shifts every group's match
    // digit equals its bound F; with all symbols middle and few occurrences each, the
    // planner packs several digits, and any carry would corrupt the zero distance.
    for (m, sigma) in [(64usize, 16u32), (256, 64), (1024, 256), (1024, 40)] {
        let p = common::random_symbols(m, sigma, m as u64 + u64::from(sigma));
        let t: Vec<u32> = p.iter().copied().cycle().take(3 * m + 7).collect();
        let expected = hamming_naive(&t, &p).unwrap();
        let (d, report) = hamming_tiered_with(&t, &p, &ALL_MIDDLE).unwrap();
        assert_eq!(d, expected);
        assert_eq!(d[0], 0);
        assert!(report.groups.iter().any(|g| g.digits >= 2), "{report:?}");
        // Sized from the group's bound, not from m: digits beyond what b = bits(m) allows.
        assert!(
            report
                .groups
                .iter()
                .any(|g| g.digits > max_group_size(m, g.block_size)),
            "m = {m}: {report:?}"
        );
    }
}

#[test]
fn the_exactness_limit_is_sized_from_the_bound_at_its_edge() {
    // g = 2, P = 1, N = 8192: 3·b + 13 + 6 <= 52 allows b = 11, so F = 2047 fits and
    // F = 2048 (12 bits) does not; four pairs cost two more bits (b <= 10).
    assert!(group_fits(2047, 2, 1, 8192));
    assert!(!group_fits(2048, 2, 1, 8192));
    assert!(group_fits(1023, 2, 4, 8192));
    assert!(!group_fits(1024, 2, 4, 8192));
    assert!(!group_fits(1, 0, 1, 8192));
    assert!(!group_fits(1, 1, 1, 1000));
}

#[test]
fn bad_input_gets_typed_errors() {
    assert_eq!(
        hamming_tiered::<u32>(&[1, 2], &[]),
        Err(Error::EmptyPattern)
    );
    assert!(matches!(
        hamming_tiered(&[1u32], &[1, 2]),
        Err(Error::PatternLongerThanText { .. })
    ));
    assert!(tiered_counts::<u8>(b"", b"", &ALL_MIDDLE).is_err());
}
