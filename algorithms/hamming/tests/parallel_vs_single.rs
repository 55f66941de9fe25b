//! The parallel entry points against the single-thread ones: the same output bits for every
//! thread count, on random, periodic and adversarial inputs whose shift counts cross the
//! per-thread minimum.
mod common;

use hamming::approx::{ApproxParams, hamming_hash_max_with, hamming_karloff_with};
use hamming::kbounded::{hamming_k_bounded, hamming_k_saturating};
use hamming::parallel::{
    MIN_SHIFTS_PER_THREAD, chunks, hamming_all_par, hamming_hash_max_par, hamming_k_bounded_par,
    hamming_k_saturating_par, hamming_karloff_par,
};

fn inputs() -> Vec<(&'static str, Vec<u32>, Vec<u32>)> {
    let min = MIN_SHIFTS_PER_THREAD;
    let mut out = Vec::new();
    for (n, m, sigma, seed) in [
        (50usize, 7usize, 4u32, 1u64),
        (2 * min + 30, 31, 4, 2),
        (3 * min + 5, 200, 40, 3),
        (5 * min + 1, 1000, 1 << 16, 4),
        (min + 100, 100, 2, 5),
    ] {
        let t = common::random_symbols(n, sigma, seed);
        let p = t[n / 3..n / 3 + m].to_vec();
        out.push(("random", t, p));
    }
    let n = 4 * min + 77;
    let periodic: Vec<u32> = (0..n).map(|i| (i % 3) as u32).collect();
    let mut p: Vec<u32> = (0..300).map(|j| (j % 3) as u32).collect();
    p[150] = 9;
    out.push(("periodic", periodic, p));
    let mut unary = vec![5u32; n];
    for i in (0..n).step_by(97) {
        unary[i] = 6;
    }
    out.push(("period-1", unary, vec![5u32; 500]));
    out
}

#[test]
fn chunks_cover_every_shift_once_in_order() {
    for shifts in [
        1usize,
        100,
        MIN_SHIFTS_PER_THREAD * 2 - 1,
        MIN_SHIFTS_PER_THREAD * 7 + 3,
    ] {
        for threads in [0usize, 1, 2, 3, 16] {
            let c = chunks(shifts, threads);
            assert!(!c.is_empty() && c.len() <= threads.max(1));
            assert_eq!(c[0].start, 0);
            assert_eq!(c.last().unwrap().end, shifts);
            assert!(c.windows(2).all(|w| w[0].end == w[1].start));
            assert!(c.len() == 1 || c.iter().all(|r| r.len() >= MIN_SHIFTS_PER_THREAD));
        }
    }
    assert_eq!(chunks(MIN_SHIFTS_PER_THREAD * 3, 2).len(), 2);
}

#[test]
fn parallel_outputs_are_bit_identical_to_single_thread() {
    for (name, t, p) in inputs() {
        let exact = hamming::hamming_all(&t, &p).unwrap();
        assert_eq!(
            exact,
            hamming::naive::hamming_naive(&t, &p).unwrap(),
            "{name}"
        );
        let k = 3;
        let sat = hamming_k_saturating(&t, &p, k).unwrap();
        let bounded = hamming_k_bounded(&t, &p, k).unwrap();
        let params = ApproxParams::new(0.2, 0.1, 11);
        let hm = hamming_hash_max_with(&t, &p, &params).unwrap();
        let kf = hamming_karloff_with(&t, &p, &params).unwrap();
        for threads in [1usize, 2, 3, 5] {
            let ctx = format!("{name} n={} m={} threads={threads}", t.len(), p.len());
            assert_eq!(hamming_all_par(&t, &p, threads).unwrap(), exact, "{ctx}");
            assert_eq!(
                hamming_k_saturating_par(&t, &p, k, threads).unwrap(),
                sat,
                "{ctx}"
            );
            assert_eq!(
                hamming_k_bounded_par(&t, &p, k, threads).unwrap(),
                bounded,
                "{ctx}"
            );
            assert_eq!(
                hamming_hash_max_par(&t, &p, &params, threads).unwrap(),
                hm,
                "{ctx}"
            );
            let par: Vec<u64> = hamming_karloff_par(&t, &p, &params, threads)
                .unwrap()
                .iter()
                .map(|v| v.to_bits())
                .collect();
            let single: Vec<u64> = kf.iter().map(|v| v.to_bits()).collect();
            assert_eq!(par, single, "{ctx}");
        }
    }
}

#[test]
fn parallel_errors_match_single_thread() {
    assert_eq!(
        hamming_all_par::<u8>(b"ab", b"", 2),
        Err(hamming::Error::EmptyPattern)
    );
    assert!(hamming_all_par(b"a", b"ab", 2).is_err());
    let bad = ApproxParams::new(1.5, 0.1, 1);
    assert!(hamming_karloff_par(b"abc", b"a", &bad, 2).is_err());
}
