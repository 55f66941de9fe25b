//! Rough timings of the benchmarks (not a test; numbers for the README).
use std::time::Instant;
use stochastic_matching::generators::*;
use stochastic_matching::*;

fn main() {
    for (n, m) in [(6, 10), (8, 20), (10, 20)] {
        let inst = upper_triangular(n, m).unwrap();
        let t = Instant::now();
        let r = sclp_column_generation_with(&inst, CgBackend::MicrolpDual).unwrap();
        println!(
            "sclp ut({n},{m}) {:.6} rounds {} cols {} lp {:.3}s pricing {:.4}s total {:.3}s",
            r.value,
            r.rounds,
            r.columns,
            r.lp_seconds,
            r.pricing_seconds,
            t.elapsed().as_secs_f64()
        );
        let t = Instant::now();
        let v = adaptive_optimum(&inst, DP_CAP).unwrap();
        println!("adaptive {v:.6} {:.3}s", t.elapsed().as_secs_f64());
        let t = Instant::now();
        let r = config_lp_column_generation(&inst).unwrap();
        println!(
            "config {:.6} rounds {} cols {} {:.3}s",
            r.value,
            r.rounds,
            r.columns,
            t.elapsed().as_secs_f64()
        );
    }
}
