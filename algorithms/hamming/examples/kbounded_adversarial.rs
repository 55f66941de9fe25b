//! Times every k-bounded method on the adversarial inputs (n = 2^20, m = 2^12, k = 16):
//! `cargo run --release -p algobench-hamming --example kbounded_adversarial`.
//! Prints one line per (input, method) with the median of 5 runs in milliseconds.

use std::time::Instant;

use hamming::kbounded::{KMethod, hamming_k_saturating_with, plan_k_bounded};

fn inputs(n: usize, m: usize) -> Vec<(&'static str, Vec<u8>, Vec<u8>)> {
    let mut x = 0x2545_f491_4f6c_dd1du64;
    let mut rnd = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let mut out = Vec::new();
    // Period 1 text with sparse substitutions, period 1 pattern with a few.
    for (name, period) in [("period-1", 1usize), ("period-2", 2)] {
        let mut t: Vec<u8> = (0..n).map(|i| b"ab"[i % period]).collect();
        for c in t.iter_mut() {
            if rnd() % 256 < 2 {
                *c = b'c';
            }
        }
        let mut p: Vec<u8> = (0..m).map(|j| b"ab"[j % period]).collect();
        for j in (0..m).step_by(m / 8) {
            p[j] = b'd';
        }
        out.push((name, t, p));
    }
    out
}

fn main() {
    let (n, m, k) = (1 << 20, 1 << 12, 16);
    for (name, t, p) in inputs(n, m) {
        let plan = plan_k_bounded(&t, &p, k).unwrap();
        let queries = hamming::kbounded::kangaroo::kangaroo_queries(&t, &p, k).unwrap();
        println!(
            "{name}: kangaroo LCE queries {} over {} shifts, at most {} per shift (k + 1 = {})",
            queries.iter().map(|&q| u64::from(q)).sum::<u64>(),
            queries.len(),
            queries.iter().max().unwrap_or(&0),
            k + 1
        );
        let mut want = None;
        for &method in KMethod::ALL {
            let mut times = Vec::new();
            for _ in 0..5 {
                let start = Instant::now();
                let d = hamming_k_saturating_with(&t, &p, k, method).unwrap();
                times.push(start.elapsed().as_secs_f64() * 1e3);
                match &want {
                    None => want = Some(d),
                    Some(w) => assert_eq!(w, &d, "{method:?} differs"),
                }
            }
            times.sort_by(f64::total_cmp);
            println!(
                "{name} n={n} m={m} k={k} {:<14} {:9.2} ms{}",
                method.name(),
                times[2],
                if method == plan.method {
                    "  (planner's choice)"
                } else {
                    ""
                }
            );
        }
    }
}
