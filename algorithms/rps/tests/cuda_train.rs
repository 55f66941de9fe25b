//! P1 on the GPU: STABLE-RPS at c = 1 trained with the CUDA kernels follows dense SGD (CPU)
//! within the GPU tolerance after 200 steps; ROAST does not. Without a device the trainer
//! returns the typed no-device error and the test prints its skip line.

mod cuda_common;
mod sample;

use rps::cuda::GpuError;
use rps::cuda::train::{P1_GPU_TOLERANCE, trajectory_gap};
use rps::mapping::Config;
use rps::train::data::{Dataset, parse_digits, split};

fn data() -> Dataset {
    match sample::digits() {
        Ok(d) => split(&d, 1437).unwrap().0,
        Err(e) => {
            println!("real digits unavailable ({e}); using a synthetic 10-class set");
            let mut s = 7u64;
            let text: String = (0..600)
                .map(|i| {
                    let label = i % 10;
                    let row: Vec<String> = (0..64)
                        .map(|f| {
                            (rps::hash::splitmix64(&mut s) % 5
                                + if f % 10 == label { 10 } else { 0 })
                            .to_string()
                        })
                        .collect();
                    format!("{},{label}\n", row.join(","))
                })
                .collect();
            split(&parse_digits(&text).unwrap(), 480).unwrap().0
        }
    }
}

#[test]
fn p1_on_the_gpu_stable_rps_follows_dense_sgd_and_roast_does_not() {
    let train = data();
    let gap = match trajectory_gap(Config::stable_rps(1.0, 0), &train, 128, 200, 0) {
        Ok(g) => g,
        Err(e @ GpuError::NoDevice(_)) => return cuda_common::skip(&e),
        Err(e) => panic!("{e}"),
    };
    println!("GPU STABLE-RPS trajectory gap after 200 steps: {gap:.3e}");
    assert!(gap <= P1_GPU_TOLERANCE, "{gap}");
    let roast = trajectory_gap(Config::roast(1.0, 0), &train, 128, 200, 0).unwrap();
    println!("GPU ROAST trajectory gap after 200 steps: {roast:.3e}");
    assert!(roast > P1_GPU_TOLERANCE, "{roast}");
}
