//! k-bounded distances against thresholded naive distances.
mod common;

use hamming::Error;
use hamming::kbounded::{
    KMethod, hamming_k_bounded, hamming_k_saturating, hamming_k_saturating_with, plan_k_bounded,
};
use hamming::naive::hamming_naive;
use proptest::prelude::*;

/// `Some(d)` for `d <= min(k, m)`, from the naive oracle.
fn oracle<S: PartialEq>(t: &[S], p: &[S], k: usize) -> Vec<Option<u32>> {
    let k = k.min(p.len());
    hamming_naive(t, p)
        .unwrap()
        .into_iter()
        .map(|d| (d as usize <= k).then_some(d))
        .collect()
}

/// Checks every entry point and every forced method against the oracle.
fn check<S: Copy + Eq + std::hash::Hash + std::fmt::Debug>(t: &[S], p: &[S], k: usize) {
    let want = oracle(t, p, k);
    let sat = (k.min(p.len()) + 1) as u32;
    let want_sat: Vec<u32> = want.iter().map(|d| d.unwrap_or(sat)).collect();
    assert_eq!(
        hamming_k_bounded(t, p, k).unwrap(),
        want,
        "auto n={} m={} k={k}",
        t.len(),
        p.len()
    );
    assert_eq!(
        hamming_k_saturating(t, p, k).unwrap(),
        want_sat,
        "auto sat k={k}"
    );
    for &method in KMethod::ALL {
        assert_eq!(
            hamming_k_saturating_with(t, p, k, method).unwrap(),
            want_sat,
            "{method:?} n={} m={} k={k}",
            t.len(),
            p.len()
        );
    }
}

/// The k values of the test plan for a pattern of length `m`.
fn ks(m: usize) -> Vec<usize> {
    let mut ks = vec![0, 1, 2, 3, m / 4, m / 2, m.saturating_sub(1), m, m + 5];
    ks.sort_unstable();
    ks.dedup();
    ks
}

/// A text, and a pattern cut from it (so that low-distance shifts exist) with up to
/// `max_flips` substituted positions.
fn planted(
    max_n: usize,
    sigma: u32,
    max_flips: usize,
) -> impl Strategy<Value = (Vec<u32>, Vec<u32>)> {
    (1..=max_n).prop_flat_map(move |n| {
        (
            proptest::collection::vec((0..sigma).prop_map(common::spread), n),
            1..=n,
            0..n,
            proptest::collection::vec((any::<usize>(), 0..sigma), 0..=max_flips),
        )
            .prop_map(|(t, m, at, flips)| {
                let at = at.min(t.len() - m);
                let mut p = t[at..at + m].to_vec();
                for (j, c) in flips {
                    p[j % m] = common::spread(c);
                }
                (t, p)
            })
    })
}

#[test]
fn random_inputs_across_alphabets_and_bounds() {
    for sigma in [2u32, 4, 20, 256, 1 << 16] {
        let mut runner = common::runner(&format!("kbounded-random-{sigma}"));
        runner
            .run(&common::text_and_pattern(300, sigma), |(t, p)| {
                for k in ks(p.len()) {
                    check(&t, &p, k);
                }
                Ok(())
            })
            .unwrap();
    }
}

#[test]
fn planted_near_occurrences_across_alphabets_and_bounds() {
    for sigma in [2u32, 4, 20, 256, 1 << 16] {
        let mut runner = common::runner(&format!("kbounded-planted-{sigma}"));
        runner
            .run(&planted(400, sigma, 6), |(t, p)| {
                for k in ks(p.len()) {
                    check(&t, &p, k);
                }
                Ok(())
            })
            .unwrap();
    }
}

#[test]
fn every_k_on_dna_crosses_the_method_thresholds() {
    // One DNA text with planted near-occurrences; every k from 0 to m + 1, so that the plan
    // moves through pigeonhole, early exit and all-distances.
    for &(n, m) in &[(3000usize, 64usize), (5000, 200), (2000, 31), (700, 700)] {
        let mut t: Vec<u8> = common::random_symbols(n, 4, (n + m) as u64)
            .into_iter()
            .map(|c| b"ACGT"[c as usize])
            .collect();
        let p: Vec<u8> = t[(n - m) / 3..(n - m) / 3 + m].to_vec();
        for (copy, flips) in [(0usize, 1usize), (1, 3), (2, m / 8), (3, m / 3)] {
            let at = (copy * 997 + 13) % (n - m + 1);
            t[at..at + m].copy_from_slice(&p);
            for f in 0..flips {
                let j = at + (f * 37 + copy) % m;
                t[j] = if t[j] == b'A' { b'G' } else { b'A' };
            }
        }
        let mut seen = Vec::new();
        for k in 0..=m + 1 {
            seen.push(plan_k_bounded(&t, &p, k).unwrap().method);
            check(&t, &p, k);
        }
        if m >= 64 && m < n {
            assert!(seen.contains(&KMethod::Pigeonhole), "n={n} m={m}: {seen:?}");
            assert!(
                seen.iter().any(|&s| s != KMethod::Pigeonhole),
                "n={n} m={m}: {seen:?}"
            );
        }
    }
}

#[test]
fn large_inputs_with_every_method() {
    // Sizes where the chunked verification and the sampled filter run long loops.
    let n = 1 << 15;
    let t: Vec<u8> = common::random_symbols(n, 4, 11)
        .into_iter()
        .map(|c| c as u8)
        .collect();
    for &m in &[33usize, 257, 1024, 4099] {
        let mut p = t[n / 2..n / 2 + m].to_vec();
        p[m / 2] ^= 1;
        for k in [0usize, 1, 8, 64, m / 2] {
            check(&t, &p, k);
        }
    }
    let t32: Vec<u32> = common::random_symbols(n, 1 << 16, 12);
    let p32 = t32[100..612].to_vec();
    for k in [0usize, 5, 100, 511] {
        check(&t32, &p32, k);
    }
}

#[test]
fn k_zero_is_exact_matching() {
    let t = b"abracadabra abracadabra";
    let p = b"abra";
    let d = hamming_k_bounded(t, p, 0).unwrap();
    let hits: Vec<usize> = d
        .iter()
        .enumerate()
        .filter(|(_, v)| **v == Some(0))
        .map(|(i, _)| i)
        .collect();
    assert_eq!(hits, vec![0, 7, 12, 19]);
    assert!(d.iter().all(|v| v.is_none() || *v == Some(0)));
    assert_eq!(
        hamming_k_saturating(t, p, 0)
            .unwrap()
            .iter()
            .filter(|&&v| v == 1)
            .count(),
        d.len() - 4
    );
}

#[test]
fn k_at_least_m_is_clamped_and_all_some() {
    let t = common::random_symbols(500, 20, 3);
    let p = common::random_symbols(37, 20, 4);
    let exact = hamming_naive(&t, &p).unwrap();
    for k in [37usize, 38, 42, 1000, usize::MAX] {
        let d = hamming_k_bounded(&t, &p, k).unwrap();
        assert!(d.iter().all(Option::is_some), "k={k}");
        assert_eq!(d.into_iter().map(Option::unwrap).collect::<Vec<_>>(), exact);
        assert_eq!(hamming_k_saturating(&t, &p, k).unwrap(), exact, "k={k}");
        assert_eq!(plan_k_bounded(&t, &p, k).unwrap().k, 37);
    }
}

#[test]
fn saturation_value_is_k_plus_one() {
    let t = b"aaaaabbbbbaaaaa";
    let p = b"bbbbb";
    // Exact distances: 5,4,3,2,1,0,1,2,3,4,5.
    assert_eq!(
        hamming_k_saturating(t, p, 2).unwrap(),
        vec![3, 3, 3, 2, 1, 0, 1, 2, 3, 3, 3]
    );
    assert_eq!(
        hamming_k_saturating(t, p, 0).unwrap(),
        vec![1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1]
    );
    for &method in KMethod::ALL {
        assert_eq!(
            hamming_k_saturating_with(t, p, 3, method).unwrap(),
            vec![4, 4, 3, 2, 1, 0, 1, 2, 3, 4, 4]
        );
    }
}

#[test]
fn extreme_symbols_and_lengths() {
    let t = [u32::MAX, 0, u32::MAX, 0, 0, u32::MAX, u32::MAX, 0];
    for p in [
        vec![0u32, u32::MAX],
        vec![u32::MAX],
        vec![0],
        t.to_vec(),
        vec![u32::MAX; 3],
    ] {
        for k in 0..=p.len() + 1 {
            check(&t, &p, k);
        }
    }
    // m = 1 and m = n.
    let t = common::random_symbols(200, 4, 9);
    for k in [0usize, 1, 2] {
        check(&t, &t[17..18], k);
        check(&t, &t, k);
        let mut q = t.clone();
        q[100] ^= 1;
        check(&t, &q, k);
    }
    assert_eq!(hamming_k_bounded(&t, &t, 0).unwrap(), vec![Some(0)]);
}

#[test]
fn errors() {
    assert_eq!(
        hamming_k_bounded::<u8>(b"abc", b"", 1),
        Err(Error::EmptyPattern)
    );
    assert_eq!(
        hamming_k_bounded::<u8>(b"ab", b"abc", 1),
        Err(Error::PatternLongerThanText { m: 3, n: 2 })
    );
    assert_eq!(
        hamming_k_saturating::<u8>(b"", b"a", 0),
        Err(Error::PatternLongerThanText { m: 1, n: 0 })
    );
    assert_eq!(
        hamming_k_saturating_with::<u8>(b"a", b"", 0, KMethod::Pigeonhole),
        Err(Error::EmptyPattern)
    );
    assert!(plan_k_bounded::<u8>(b"abc", b"", 0).is_err());
}

/// The inputs no filter can prune: a text of period 1 or 2 (or a short period over a large
/// alphabet) with sparse substitutions, and a pattern of period 1 or 2 over the text's
/// alphabet with a few substitutions, so that every shift has about `k` mismatches spread
/// over the whole window. Sizes cross the LCE module's direct-comparison length (16), its
/// block (32) and several sparse-table levels.
#[test]
fn adversarial_periodic_inputs_for_every_method() {
    for (n, m, period, seed, noise_permille) in [
        (300usize, 17usize, 1usize, 1u64, 12u32),
        (2000, 64, 2, 2, 12),
        (3000, 257, 1, 3, 12),
        (5000, 1024, 2, 4, 12),
        (4000, 300, 5, 5, 12),
        // Runs of matches longer than the LCE's direct byte comparison (1024).
        (12000, 4096, 1, 6, 1),
        (12000, 3000, 2, 7, 1),
    ] {
        let base = |i: usize| (i % period) as u32 * 0x0101_0101;
        let mut t: Vec<u32> = (0..n).map(base).collect();
        let noise = common::random_symbols(n, 1000, seed);
        for (i, &r) in noise.iter().enumerate() {
            if r < noise_permille {
                t[i] = 7 + r;
            }
        }
        let mut p: Vec<u32> = (0..m).map(|j| base(j % 2.min(period).max(1))).collect();
        for j in (0..m).step_by(m / 5 + 1) {
            p[j] = 7 + (j as u32 % 3);
        }
        for k in [0, 1, 4, 16, m / 8, m] {
            check(&t, &p, k);
            kangaroo_queries_are_min_d_k_plus_one(&t, &p, k);
        }
        let u8t: Vec<u8> = t.iter().map(|&c| c as u8).collect();
        let u8p: Vec<u8> = p.iter().map(|&c| c as u8).collect();
        check(&u8t, &u8p, 16);
    }
}

/// On a periodic text and a pattern of the same period with sparse noise, every aligned
/// shift reads about m/2 symbols before its (k+1)-th mismatch although symbol counts
/// predict about 2(k+1): the planner must see that from its sampled shifts and not pick
/// early exit or the pigeonhole filter (which verifies every aligned shift).
#[test]
fn kbounded_planner_measures_reads_on_periodic_text() {
    let (n, m, k) = (1usize << 16, 1usize << 12, 16);
    let noise = common::random_symbols(n + m, 1000, 9);
    let mut t: Vec<u8> = (0..n).map(|i| b"ab"[i % 2]).collect();
    for (c, &r) in t.iter_mut().zip(&noise) {
        if r < 4 {
            *c = b'c';
        }
    }
    let mut p: Vec<u8> = (0..m).map(|j| b"ab"[j % 2]).collect();
    for (c, &r) in p.iter_mut().zip(&noise[n..]) {
        if r < 4 {
            *c = b'd';
        }
    }
    let plan = plan_k_bounded(&t, &p, k).unwrap();
    assert!(
        !matches!(plan.method, KMethod::EarlyExit | KMethod::Pigeonhole),
        "{plan:?}"
    );
    check(&t[..20_000], &p, k);
}

/// The kangaroo's LCE queries per shift, counted, against the naive distances: at most
/// `min(d, k) + 1` at every shift (each query ends at a mismatch or at the pattern's end;
/// blocks of 64 symbols with mismatches need none), so never more than `k + 1`; exactly that
/// for plain jumps (codes wider than a byte, `exact`).
fn kangaroo_queries_are_min_d_k_plus_one<S: Copy + Eq + std::hash::Hash>(
    t: &[S],
    p: &[S],
    k: usize,
) {
    let mut distinct: Vec<&S> = Vec::new();
    for s in p {
        if !distinct.contains(&s) {
            distinct.push(s);
        }
    }
    let exact = distinct.len() + 3 >= 256;
    let k = k.min(p.len());
    let queries = hamming::kbounded::kangaroo::kangaroo_queries(t, p, k).unwrap();
    let d = hamming_naive(t, p).unwrap();
    for (i, (&q, &d)) in queries.iter().zip(&d).enumerate() {
        if exact {
            assert_eq!(q as usize, (d as usize).min(k) + 1, "shift {i}, k={k}");
        } else {
            assert!(
                q as usize <= (d as usize).min(k) + 1,
                "shift {i}, k={k}, q={q}"
            );
        }
        assert!(q as usize <= k + 1);
    }
}

#[test]
fn kangaroo_makes_at_most_k_plus_one_queries_per_shift() {
    let (t, p) = (b"abracadabra abracadabra abracadabrx", b"abracadabra");
    for k in [0, 1, 3, 11, 20] {
        kangaroo_queries_are_min_d_k_plus_one(t, p, k);
    }
    let t: Vec<u8> = (0..5000).map(|i| b"ab"[i % 2]).collect();
    let p: Vec<u8> = (0..2000)
        .map(|j| if j == 999 { b'c' } else { b"ab"[j % 2] })
        .collect();
    for k in [0, 1, 16] {
        kangaroo_queries_are_min_d_k_plus_one(&t, &p, k);
    }
    // 300 distinct pattern symbols: codes wider than a byte, plain jumps.
    let t: Vec<u32> = (0..3000).map(|i| (i * 7 + i / 5) % 400).collect();
    let mut p: Vec<u32> = (0..300).collect();
    p.extend_from_slice(&t[1000..1400]);
    for k in [0, 5, 40] {
        kangaroo_queries_are_min_d_k_plus_one(&t, &p, k);
    }
}
