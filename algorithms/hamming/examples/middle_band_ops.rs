//! Abrahamson's operation counts in the middle band: patterns whose symbols each occur about
//! √(m·log2 m) times (the geometric middle of the band √m .. √m·log2 m where CJVX gains), texts uniform over the same symbols, for m = 2^8 .. 2^max (default 18).
//! Prints, per m, the light increments, the FFT butterflies ((N/2)·log2 N per transform),
//! operations / (n·√m) and the wall time. The counts come from Abrahamson's report (sums of
//! list lengths and the transform count), not from timing.
//! `cargo run --release -p algobench-hamming --example middle_band_ops [max_log2_m]`

use std::time::Instant;

use hamming::abrahamson::{CostModel, hamming_abrahamson_with};

fn main() {
    let max: u32 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(18);
    let mut x = 0x2545_f491_4f6c_dd1du64;
    let mut rnd = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    println!(
        "| log2 m | n | symbols | f per symbol | light increments | FFT butterflies | ops/(n√m) | ms |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    for lg in (8..=max).step_by(2) {
        let m = 1usize << lg;
        let n = (1usize << 20).max(2 * m);
        let f = ((m as f64) * f64::from(lg)).sqrt().round() as usize;
        let symbols = (m / f).max(1) as u64;
        let t: Vec<u32> = (0..n).map(|_| (rnd() % symbols) as u32).collect();
        let p: Vec<u32> = (0..m).map(|_| (rnd() % symbols) as u32).collect();
        let start = Instant::now();
        let (d, report) = hamming_abrahamson_with(&t, &p, &CostModel::DEFAULT).unwrap();
        let ms = start.elapsed().as_secs_f64() * 1e3;
        std::hint::black_box(d);
        let fft = &report.fft;
        let butterflies = if fft.block_size > 1 {
            fft.transforms as f64 * (fft.block_size as f64 / 2.0) * (fft.block_size as f64).log2()
        } else {
            0.0
        };
        let ops = report.light_increments as f64 + butterflies;
        println!(
            "| {lg} | {n} | {symbols} | {f} | {} | {butterflies:.3e} | {:.2} | {ms:.1} |",
            report.light_increments,
            ops / (n as f64 * (m as f64).sqrt())
        );
    }
}
