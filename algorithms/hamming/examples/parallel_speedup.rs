//! `hamming_all` against `hamming_all_par` on every core, DNA n = 2^24, m = 2^10, in one run
//! (medians of 7, interleaved): `cargo run --release -p algobench-hamming --example
//! parallel_speedup`. With the arguments `<threads> <runs>`, runs one configuration only.

use std::time::Instant;

fn main() {
    let (n, m) = (1usize << 24, 1usize << 10);
    let mut x = 0x9e37_79b9_7f4a_7c15u64;
    let t: Vec<u8> = (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            b"ACGT"[(x % 4) as usize]
        })
        .collect();
    let p = t[5000..5000 + m].to_vec();
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let args: Vec<String> = std::env::args().collect();
    if args.len() == 3 {
        // `<threads> <runs>`: one configuration only, for `perf stat -e task-clock` (CPU time
        // summed over threads) and `perf record`.
        let (threads, runs): (usize, usize) = (
            args[1].parse().expect("threads"),
            args[2].parse().expect("runs"),
        );
        for _ in 0..runs {
            std::hint::black_box(hamming::hamming_all_par(&t, &p, threads).unwrap());
        }
        return;
    }
    assert_eq!(
        hamming::hamming_all(&t, &p).unwrap(),
        hamming::hamming_all_par(&t, &p, threads).unwrap()
    );
    let (mut one, mut all) = (Vec::new(), Vec::new());
    for _ in 0..7 {
        let s = Instant::now();
        std::hint::black_box(hamming::hamming_all(&t, &p).unwrap());
        one.push(s.elapsed().as_secs_f64() * 1e3);
        let s = Instant::now();
        std::hint::black_box(hamming::hamming_all_par(&t, &p, threads).unwrap());
        all.push(s.elapsed().as_secs_f64() * 1e3);
    }
    one.sort_by(f64::total_cmp);
    all.sort_by(f64::total_cmp);
    println!(
        "DNA n=2^24 m=2^10: 1 thread {:.1} ms, {threads} threads {:.1} ms, speedup {:.2}x",
        one[3],
        all[3],
        one[3] / all[3]
    );
}
