//! Times the exact methods and the planner on u32 text uniform over 2^16 values, n = 2^20,
//! m = 64 and m = 1024 (pattern cut from the text), interleaved in one run (median of 15):
//! `cargo run --release -p algobench-hamming --example sigma65536`. With the arguments
//! `<algorithm|auto> <m> <runs>`, runs one method only (for `perf stat -e task-clock`).

use std::time::Instant;

use hamming::{Algorithm, Planner};

fn main() {
    let n = 1usize << 20;
    let mut x = 0x9e37_79b9_7f4a_7c15u64;
    let t: Vec<u32> = (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 40) as u32 & 0xffff
        })
        .collect();
    let args: Vec<String> = std::env::args().collect();
    if args.len() == 4 {
        // `<algorithm|auto> <m> <runs>`: one method only, for `perf stat` (CPU time, which a
        // loaded machine disturbs less than wall time).
        let m: usize = args[2].parse().expect("m");
        let runs: usize = args[3].parse().expect("runs");
        let p = &t[777..777 + m];
        for _ in 0..runs {
            match Algorithm::from_name(&args[1]) {
                Some(a) => std::hint::black_box(a.run(&t, p).unwrap()),
                None => std::hint::black_box(hamming::hamming_all(&t, p).unwrap()),
            };
        }
        return;
    }
    for m in [64usize, 1024] {
        let p = &t[777..777 + m];
        let plan = Planner::new().plan(&t, p).unwrap();
        let algs = [
            Algorithm::BitParallel,
            Algorithm::Abrahamson,
            Algorithm::Naive,
        ];
        let mut times = vec![Vec::new(); algs.len() + 1];
        for _ in 0..15 {
            for (a, ts) in algs.iter().zip(&mut times) {
                let s = Instant::now();
                std::hint::black_box(a.run(&t, p).unwrap());
                ts.push(s.elapsed().as_secs_f64() * 1e3);
            }
            let s = Instant::now();
            std::hint::black_box(hamming::hamming_all(&t, p).unwrap());
            times[algs.len()].push(s.elapsed().as_secs_f64() * 1e3);
        }
        for ts in &mut times {
            ts.sort_by(f64::total_cmp);
        }
        let med: Vec<f64> = times.iter().map(|ts| ts[7]).collect();
        let best = med[..algs.len()]
            .iter()
            .copied()
            .fold(f64::INFINITY, f64::min);
        println!(
            "m={m}: bitparallel {:.2} ms, abrahamson {:.2} ms, naive {:.2} ms, auto {:.2} ms \
             ({:.2}x best; planned {} from {:?})",
            med[0],
            med[1],
            med[2],
            med[3],
            med[3] / best,
            plan.algorithm.name(),
            plan.estimates
                .iter()
                .map(|(a, ns)| format!("{}={:.2}ms", a.name(), ns / 1e6))
                .collect::<Vec<_>>()
        );
    }
}
