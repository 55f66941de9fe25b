//! Iterations of the Lewis fixed point for p = 4, 6, 8, 12: the damped iteration against its
//! Anderson-accelerated form, on seeded matrices. `cargo run --release -p
//! algobench-sensitivity-sampling --example lewis_iterations`.

use std::time::Instant;

use sensitivity_sampling::{LewisOptions, lewis_weights, synthetic};

fn main() {
    let inputs = [
        ("gaussian 4000×20", synthetic::gaussian(4000, 20, 1)),
        ("student-t(2) 4000×20", synthetic::student_t(4000, 20, 2, 2)),
        ("coherent 2000×10", synthetic::coherent(2000, 10, 0.01, 3)),
    ];
    println!(
        "| matrix | p | damped: iterations (ms) | Anderson (default): iterations (ms) | max rel. diff |"
    );
    println!("|---|---|---|---|---|");
    for (name, a) in &inputs {
        for p in [4.0, 6.0, 8.0, 12.0] {
            let t = Instant::now();
            let damped = LewisOptions {
                anderson: Some(0),
                ..LewisOptions::default()
            };
            let plain = lewis_weights(a.as_ref(), p, &damped).unwrap();
            let t_plain = t.elapsed().as_secs_f64() * 1e3;
            let t = Instant::now();
            let fast = lewis_weights(a.as_ref(), p, &LewisOptions::default());
            let t_fast = t.elapsed().as_secs_f64() * 1e3;
            match fast {
                Ok(fast) => {
                    let diff = plain
                        .weights
                        .iter()
                        .zip(&fast.weights)
                        .map(|(u, v)| (u - v).abs() / u)
                        .fold(0.0f64, f64::max);
                    println!(
                        "| {name} | {p} | {} ({t_plain:.1}) | {} ({t_fast:.1}) | {diff:.1e} |",
                        plain.iterations, fast.iterations
                    );
                }
                Err(e) => println!(
                    "| {name} | {p} | {} ({t_plain:.1}) | {e} | – |",
                    plain.iterations
                ),
            }
        }
    }
}
