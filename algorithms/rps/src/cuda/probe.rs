//! The GPU probe (cudarc panics instead of returning an error when a CUDA library is missing,
//! so the probe checks first): the driver library, then the device count, then a context, in
//! that order. It never panics: every failure is [`GpuError::NoDevice`] with the reason.

use super::error::GpuError;

/// What the probe found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceInfo {
    /// Devices the driver reports.
    pub count: usize,
    /// The name of device 0 (the card the kernels run on).
    pub name: String,
    /// Its compute capability (major, minor).
    pub compute_capability: (i32, i32),
    /// Free device memory in bytes.
    pub free_bytes: usize,
    /// Total device memory in bytes.
    pub total_bytes: usize,
}

/// Probes for a CUDA device: driver library, device count, context on device 0.
///
/// # Errors
/// [`GpuError::NoDevice`] saying which step failed (or that the crate was built without
/// the `cuda` feature).
#[cfg(not(feature = "cuda"))]
pub fn probe() -> Result<DeviceInfo, GpuError> {
    Err(GpuError::NoDevice(
        "this build has no GPU support (built without the `cuda` feature)".into(),
    ))
}

/// Probes for a CUDA device: driver library, device count, context on device 0.
///
/// # Errors
/// [`GpuError::NoDevice`] saying which step failed.
#[cfg(feature = "cuda")]
pub fn probe() -> Result<DeviceInfo, GpuError> {
    let (ctx, count) = context()?;
    let driver = |e: cudarc::driver::DriverError| GpuError::Driver(format!("{e:?}"));
    let (free_bytes, total_bytes) = ctx.mem_get_info().map_err(driver)?;
    Ok(DeviceInfo {
        count,
        name: ctx.name().map_err(driver)?,
        compute_capability: ctx.compute_capability().map_err(driver)?,
        free_bytes,
        total_bytes,
    })
}

/// The context of device 0 and the device count, after the three probe steps.
#[cfg(feature = "cuda")]
pub(crate) fn context() -> Result<(std::sync::Arc<cudarc::driver::CudaContext>, usize), GpuError> {
    use cudarc::driver::CudaContext;
    use std::panic::catch_unwind;
    // SAFETY: `is_culib_present` only tries `dlopen` on the driver's library names (running
    // the library's initialisers, which the driver supports at any time) and closes it again.
    if !unsafe { cudarc::driver::sys::is_culib_present() } {
        return Err(GpuError::NoDevice(
            "the NVIDIA driver library (libcuda.so.1) is not on the loader path".into(),
        ));
    }
    let count = catch_unwind(CudaContext::device_count)
        .map_err(|_| GpuError::NoDevice("the driver panicked while counting devices".into()))?
        .map_err(|e| GpuError::NoDevice(format!("cuInit/cuDeviceGetCount failed: {e:?}")))?;
    if count < 1 {
        return Err(GpuError::NoDevice("the driver reports 0 devices".into()));
    }
    let ctx = catch_unwind(|| CudaContext::new(0))
        .map_err(|_| GpuError::NoDevice("the driver panicked creating a context".into()))?
        .map_err(|e| GpuError::NoDevice(format!("no context on device 0: {e:?}")))?;
    Ok((ctx, count as usize))
}
