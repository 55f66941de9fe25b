//! Operation counts in the middle band: patterns whose symbols each occur about √(m·log2 m)
//! times (the geometric middle of the band √m .. √m·log2 m where CJVX gains), texts uniform
//! over the same symbols, n = max(2^20, 2m), for m = 2^8 .. 2^max (default 20).
//!
//! Prints, per m, for Abrahamson and for the tiered method: light increments plus FFT
//! butterflies ((N/2)·log2 N per transform), divided by n·√m. The counts come from each
//! method's counting pass (`abrahamson::operation_counts`, `tiered::tiered_counts`): the
//! same plan and the same transform counts as a run (tested equal), without the FFTs, so
//! m = 2^20 costs seconds. `--run` also runs both methods for m <= 2^14 and prints their
//! wall times (loaded machines: indicative only).
//! `cargo run --release -p algobench-hamming --example middle_band_ops [max_log2_m] [--run]`

use std::time::Instant;

use hamming::abrahamson::{CostModel, hamming_abrahamson_with, operation_counts};
use hamming::tiered::{TierThresholds, butterflies, hamming_tiered_with, tiered_counts};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let run = args.iter().any(|a| a == "--run");
    let max: u32 = args
        .iter()
        .find_map(|a| a.parse().ok())
        .unwrap_or(20)
        .min(22);
    let mut x = 0x2545_f491_4f6c_dd1du64;
    let mut rnd = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    println!(
        "| log2 m | n | symbols | f | Abrahamson ops/(n√m) | tiered ops/(n√m) | tiered groups (g ≥ 2) | bytes packed | Abrahamson ms | tiered ms |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|");
    for lg in (8..=max).step_by(2) {
        let m = 1usize << lg;
        let n = (1usize << 20).max(2 * m);
        let f = ((m as f64) * f64::from(lg)).sqrt().round() as usize;
        let symbols = (m / f).max(1) as u64;
        let t: Vec<u32> = (0..n).map(|_| (rnd() % symbols) as u32).collect();
        let p: Vec<u32> = (0..m).map(|_| (rnd() % symbols) as u32).collect();
        let scale = n as f64 * (m as f64).sqrt();
        let a = operation_counts(&t, &p, &CostModel::DEFAULT).unwrap();
        let a_ops = a.light_increments + butterflies(a.fft.transforms, a.fft.block_size);
        let th = TierThresholds::for_pattern_length(m);
        let c = tiered_counts(&t, &p, &th).unwrap();
        let packed = c.groups.iter().filter(|g| g.digits >= 2).count();
        let (mut a_ms, mut t_ms) = (String::from("—"), String::from("—"));
        if run && lg <= 14 {
            let start = Instant::now();
            std::hint::black_box(hamming_abrahamson_with(&t, &p, &CostModel::DEFAULT).unwrap());
            a_ms = format!("{:.1}", start.elapsed().as_secs_f64() * 1e3);
            let start = Instant::now();
            std::hint::black_box(hamming_tiered_with(&t, &p, &th).unwrap());
            t_ms = format!("{:.1}", start.elapsed().as_secs_f64() * 1e3);
        }
        println!(
            "| {lg} | {n} | {symbols} | {f} | {:.2} | {:.2} | {packed} of {} | {:.3e} | {a_ms} | {t_ms} |",
            a_ops as f64 / scale,
            c.operations() as f64 / scale,
            c.groups.len(),
            c.bytes_packed as f64,
        );
    }
}
