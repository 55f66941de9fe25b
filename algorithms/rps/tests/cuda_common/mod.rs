//! The GPU test policy: without a device a test prints
//! `SKIPPED: no CUDA device (<reason>)` and returns; with `RPS_REQUIRE_GPU=1` that is a failure.
#![allow(dead_code, unreachable_pub)]

use rps::cuda::GpuError;

/// Whether skips are failures (`RPS_REQUIRE_GPU=1`, set on GPU machines).
pub fn required() -> bool {
    std::env::var("RPS_REQUIRE_GPU").is_ok_and(|v| v == "1")
}

/// Handles "no device": panics when a GPU is required, else prints the skip line.
pub fn skip(e: &GpuError) {
    let reason = match e {
        GpuError::NoDevice(why) => why.clone(),
        other => other.to_string(),
    };
    assert!(
        !required(),
        "RPS_REQUIRE_GPU=1 but no usable CUDA device: {reason}"
    );
    println!("SKIPPED: no CUDA device ({reason})");
}

/// The device, or `None` after printing the skip line.
#[cfg(feature = "cuda")]
pub fn gpu() -> Option<rps::cuda::Gpu> {
    match rps::cuda::Gpu::new() {
        Ok(g) => {
            println!("GPU: {:?}, NVRTC {:.2} s", g.info(), g.compile_seconds());
            Some(g)
        }
        Err(e @ (GpuError::NoDevice(_) | GpuError::MissingLibrary { .. })) => {
            skip(&e);
            None
        }
        Err(e) => panic!("{e}"),
    }
}
