//! The probe never panics; on a machine without a GPU (or a build without the `cuda`
//! feature) it says "no device" and why. Runs with and without the feature.

mod cuda_common;

use rps::cuda::{GpuError, probe};

#[test]
fn probe_reports_a_device_or_says_why_not_without_panicking() {
    let got = std::panic::catch_unwind(probe);
    let result = got.expect("the probe must not panic");
    match result {
        Ok(info) => {
            assert!(info.count >= 1 && !info.name.is_empty(), "{info:?}");
            println!("CUDA device: {info:?}");
        }
        Err(e) => {
            assert!(matches!(e, GpuError::NoDevice(_)), "{e}");
            let msg = e.to_string();
            assert!(
                msg.starts_with("no CUDA device: ") && msg.len() > 20,
                "{msg}"
            );
            cuda_common::skip(&e);
        }
    }
}

#[test]
fn errors_have_clear_messages() {
    let oom = GpuError::OutOfMemory {
        requested: 10,
        free: 3,
    };
    assert!(oom.to_string().contains("10 bytes") && oom.to_string().contains("(3 bytes)"));
    let log = GpuError::Compile {
        log: "kernel.cu(3): error: expected a \";\"".into(),
    };
    assert!(log.to_string().contains("expected a"));
    let shape = GpuError::ShapeMismatch {
        what: "x".into(),
        expected: 4,
        got: 5,
    };
    assert_eq!(shape.to_string(), "shape mismatch: x should be 4, got 5");
    let _: &dyn std::error::Error = &oom;
}
