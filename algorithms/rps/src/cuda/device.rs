//! The device side (feature `cuda`): one context, one stream, the NVRTC-compiled module and a
//! cuBLAS handle; checked allocations and one launcher per kernel. Every CUDA return code is
//! turned into a [`GpuError`]; shapes are checked before anything is launched.

use std::ffi::c_void;
use std::sync::Arc;
use std::time::Instant;

use cudarc::cublas::{CudaBlas, result as blas, sys as bsys};
use cudarc::driver::{
    CudaContext, CudaFunction, CudaModule, CudaSlice, CudaStream, DevicePtr, DevicePtrMut,
    DeviceRepr, DriverError, LaunchConfig, PushKernelArg, ValidAsZeroBits,
};
use cudarc::nvrtc::{CompileError, CompileOptions, Ptx, compile_ptx_with_opts};

use super::error::{GpuError, check};
use super::probe::{DeviceInfo, context};
use super::{BM, BN, MapDesc, Precision, THREADS, emulate, program};

// SAFETY: `MapDesc` is `#[repr(C)]` plain data (u64/u32/f32, no pointers, 80 bytes) whose
// field order and types match `struct MapDesc` in kernels/common.cu (a test compares the two
// field lists), so passing it by value as a kernel parameter is sound.
unsafe impl DeviceRepr for MapDesc {}

fn driver(e: DriverError) -> GpuError {
    GpuError::Driver(format!("{e} ({e:?})"))
}

fn cublas(e: blas::CublasError) -> GpuError {
    GpuError::Cublas(format!("{e} ({e:?})"))
}

/// The slot-major index of one layer on the device (for the deterministic weight gradient
/// of ROAST and HashedNet; fold needs none).
#[derive(Debug)]
pub struct DeviceCsr {
    ptr: CudaSlice<u32>,
    idx: CudaSlice<u32>,
}

/// A CUDA device with the rps kernels loaded.
#[derive(Debug)]
pub struct Gpu {
    ctx: Arc<CudaContext>,
    stream: Arc<CudaStream>,
    module: Arc<CudaModule>,
    blas: Option<CudaBlas>,
    info: DeviceInfo,
    compile_seconds: f64,
}

fn one_d(n: usize) -> LaunchConfig {
    LaunchConfig {
        grid_dim: (n.div_ceil(256).max(1) as u32, 1, 1),
        block_dim: (256, 1, 1),
        shared_mem_bytes: 0,
    }
}

impl Gpu {
    /// Probes (driver library, device count, context), checks for NVRTC, compiles the
    /// kernels for the device's architecture and loads them; opens cuBLAS when present.
    ///
    /// # Errors
    /// [`GpuError::NoDevice`], [`GpuError::MissingLibrary`] (NVRTC), [`GpuError::Compile`]
    /// with the compiler log, [`GpuError::Driver`].
    pub fn new() -> Result<Gpu, GpuError> {
        let (ctx, count) = context()?;
        let (free_bytes, total_bytes) = ctx.mem_get_info().map_err(driver)?;
        let info = DeviceInfo {
            count,
            name: ctx.name().map_err(driver)?,
            compute_capability: ctx.compute_capability().map_err(driver)?,
            free_bytes,
            total_bytes,
        };
        if info.compute_capability.0 < 8 {
            return Err(GpuError::Unsupported(format!(
                "compute capability {:?}: the TF32/BF16 mma.sync kernels need 8.0 or newer",
                info.compute_capability
            )));
        }
        let t = Instant::now();
        let ptx = Self::compile_for(&program(), info.compute_capability)?;
        let compile_seconds = t.elapsed().as_secs_f64();
        let module = ctx.load_module(ptx).map_err(driver)?;
        let stream = ctx.default_stream();
        // SAFETY: as for the driver library: a dlopen of cuBLAS's names, closed again.
        let blas = if unsafe { bsys::is_culib_present() } {
            Some(CudaBlas::new(stream.clone()).map_err(cublas)?)
        } else {
            None
        };
        Ok(Gpu {
            ctx,
            stream,
            module,
            blas,
            info,
            compile_seconds,
        })
    }

    /// Compiles CUDA C++ `src` with NVRTC for compute capability `cc`.
    ///
    /// # Errors
    /// [`GpuError::MissingLibrary`] without NVRTC; [`GpuError::Compile`] carrying the log.
    pub fn compile_for(src: &str, cc: (i32, i32)) -> Result<Ptx, GpuError> {
        // SAFETY: a dlopen of NVRTC's library names, closed again (no NVRTC call yet).
        if !unsafe { cudarc::nvrtc::sys::is_culib_present() } {
            return Err(GpuError::MissingLibrary {
                library: "libnvrtc.so.13",
                hint: "install the CUDA toolkit's NVRTC or point LD_LIBRARY_PATH at the \
                       toolkit's targets/x86_64-linux/lib"
                    .into(),
            });
        }
        let opts = CompileOptions {
            options: vec![format!("--gpu-architecture=sm_{}{}", cc.0, cc.1)],
            ..Default::default()
        };
        compile_ptx_with_opts(src, opts).map_err(|e| match e {
            CompileError::CompileError { log, options, .. } => GpuError::Compile {
                log: format!("options {options:?}\n{}", log.to_string_lossy().trim_end()),
            },
            other => GpuError::Compile {
                log: format!("{other:?}"),
            },
        })
    }

    /// What the probe found (the card's name, memory, compute capability).
    pub fn info(&self) -> &DeviceInfo {
        &self.info
    }

    /// Seconds NVRTC took to compile the kernels.
    pub fn compile_seconds(&self) -> f64 {
        self.compile_seconds
    }

    /// The stream every launch goes to.
    pub fn stream(&self) -> &Arc<CudaStream> {
        &self.stream
    }

    /// The context.
    pub fn context(&self) -> &Arc<CudaContext> {
        &self.ctx
    }

    /// Waits for the stream and reports any pending error.
    ///
    /// # Errors
    /// [`GpuError::Driver`].
    pub fn synchronize(&self) -> Result<(), GpuError> {
        self.stream.synchronize().map_err(driver)
    }

    /// Fails with [`GpuError::OutOfMemory`] when `bytes` exceed the free device memory.
    ///
    /// # Errors
    /// [`GpuError::OutOfMemory`], [`GpuError::Driver`].
    pub fn check_free(&self, bytes: usize) -> Result<(), GpuError> {
        let (free, _) = self.ctx.mem_get_info().map_err(driver)?;
        if bytes > free {
            return Err(GpuError::OutOfMemory {
                requested: bytes,
                free,
            });
        }
        Ok(())
    }

    /// `n` zeros on the device, after checking the free memory.
    ///
    /// # Errors
    /// [`GpuError::OutOfMemory`] (nothing is allocated), [`GpuError::Driver`].
    pub fn zeros<T: DeviceRepr + ValidAsZeroBits>(
        &self,
        n: usize,
    ) -> Result<CudaSlice<T>, GpuError> {
        let bytes = n
            .checked_mul(std::mem::size_of::<T>())
            .ok_or(GpuError::OutOfMemory {
                requested: usize::MAX,
                free: 0,
            })?;
        self.check_free(bytes)?;
        self.stream.alloc_zeros::<T>(n).map_err(driver)
    }

    /// A copy of `v` on the device, after checking the free memory.
    ///
    /// # Errors
    /// As [`Gpu::zeros`].
    pub fn upload<T: DeviceRepr>(&self, v: &[T]) -> Result<CudaSlice<T>, GpuError> {
        self.check_free(std::mem::size_of_val(v))?;
        self.stream.clone_htod(v).map_err(driver)
    }

    /// `n` NaNs on the device (outputs are poisoned before a kernel writes them).
    ///
    /// # Errors
    /// As [`Gpu::zeros`].
    pub fn poisoned(&self, n: usize) -> Result<CudaSlice<f32>, GpuError> {
        self.upload(&vec![f32::NAN; n])
    }

    /// A host copy (synchronises the stream).
    ///
    /// # Errors
    /// [`GpuError::Driver`].
    pub fn download<T: DeviceRepr + Default + Clone>(
        &self,
        s: &CudaSlice<T>,
    ) -> Result<Vec<T>, GpuError> {
        self.stream.clone_dtoh(s).map_err(driver)
    }

    /// Overwrites a device buffer with `v` (same length).
    ///
    /// # Errors
    /// [`GpuError::ShapeMismatch`], [`GpuError::Driver`].
    pub fn write<T: DeviceRepr>(&self, v: &[T], dst: &mut CudaSlice<T>) -> Result<(), GpuError> {
        check("device buffer", dst.len(), v.len())?;
        self.stream.memcpy_htod(v, dst).map_err(driver)
    }

    pub(crate) fn func(&self, name: &str) -> Result<CudaFunction, GpuError> {
        self.module.load_function(name).map_err(driver)
    }

    fn check_desc(d: &MapDesc, mem: usize) -> Result<(), GpuError> {
        let need = d.start as usize + d.m as usize;
        if mem < need {
            return Err(GpuError::ShapeMismatch {
                what: "memory length (array start + slots)".into(),
                expected: need,
                got: mem,
            });
        }
        Ok(())
    }

    fn gemm_grid(m: usize, n: usize) -> Result<LaunchConfig, GpuError> {
        let (gy, gx) = (m.div_ceil(BM), n.div_ceil(BN));
        if gy > 65_535 || m > u32::MAX as usize || n > u32::MAX as usize {
            return Err(GpuError::ShapeMismatch {
                what: "GEMM rows (grid limit 65535 blocks of 128)".into(),
                expected: 65_535 * BM,
                got: m,
            });
        }
        Ok(LaunchConfig {
            grid_dim: (gx.max(1) as u32, gy.max(1) as u32, 1),
            block_dim: (THREADS as u32, 1, 1),
            shared_mem_bytes: 0,
        })
    }

    /// K1: `w = W` of the layer (output × input), one thread per weight.
    ///
    /// # Errors
    /// [`GpuError::ShapeMismatch`], [`GpuError::Driver`].
    pub fn materialise(
        &self,
        d: &MapDesc,
        mem: &CudaSlice<f32>,
        w: &mut CudaSlice<f32>,
    ) -> Result<(), GpuError> {
        Self::check_desc(d, mem.len())?;
        check("w (output·input)", d.weights(), w.len())?;
        let f = self.func("rps_materialise")?;
        let blocks = d.weights().div_ceil(256).min(1 << 20) as u32;
        let mut b = self.stream.launch_builder(&f);
        b.arg(d).arg(mem).arg(w);
        let cfg = LaunchConfig {
            grid_dim: (blocks.max(1), 1, 1),
            block_dim: (256, 1, 1),
            shared_mem_bytes: 0,
        };
        // SAFETY: `w` has output·input elements and `mem` covers the layer's array (both
        // checked above); the kernel writes w[0..output·input) and reads mem[start..start+m).
        unsafe { b.launch(cfg) }.map_err(driver)?;
        Ok(())
    }

    /// K2: `y = x Wᵀ` (batch × output), W pulled from `mem`.
    ///
    /// # Errors
    /// [`GpuError::ShapeMismatch`], [`GpuError::Driver`].
    pub fn forward(
        &self,
        prec: Precision,
        d: &MapDesc,
        mem: &CudaSlice<f32>,
        x: &CudaSlice<f32>,
        y: &mut CudaSlice<f32>,
        batch: usize,
    ) -> Result<(), GpuError> {
        self.product("rps_fwd_", prec, d, mem, x, y, batch, true)
    }

    /// K3: `dx = dy W` (batch × input), W pulled from `mem`.
    ///
    /// # Errors
    /// As [`Gpu::forward`].
    pub fn backward_input(
        &self,
        prec: Precision,
        d: &MapDesc,
        mem: &CudaSlice<f32>,
        dy: &CudaSlice<f32>,
        dx: &mut CudaSlice<f32>,
        batch: usize,
    ) -> Result<(), GpuError> {
        self.product("rps_bwd_input_", prec, d, mem, dy, dx, batch, false)
    }

    #[allow(clippy::too_many_arguments)]
    fn product(
        &self,
        kernel: &str,
        prec: Precision,
        d: &MapDesc,
        mem: &CudaSlice<f32>,
        a: &CudaSlice<f32>,
        c: &mut CudaSlice<f32>,
        batch: usize,
        fwd: bool,
    ) -> Result<(), GpuError> {
        Self::check_desc(d, mem.len())?;
        let (kin, nout) = if fwd {
            (d.input as usize, d.output as usize)
        } else {
            (d.output as usize, d.input as usize)
        };
        check("input batch (batch·width)", batch * kin, a.len())?;
        check("output batch (batch·width)", batch * nout, c.len())?;
        let cfg = Self::gemm_grid(batch, nout)?;
        let f = self.func(&format!("{kernel}{}", prec.name()))?;
        let batch32 = batch as u32;
        let mut b = self.stream.launch_builder(&f);
        b.arg(d).arg(mem).arg(a).arg(c).arg(&batch32);
        // SAFETY: a has batch·K and c batch·N elements, mem covers the array (checked
        // above); every load and store of the kernel is bounds-checked against M, N, K.
        unsafe { b.launch(cfg) }.map_err(driver)?;
        Ok(())
    }

    /// K4, fused: `grad[s(i)] += λ g(i) (dyᵀ x)[i]` with atomics (not bit-reproducible).
    ///
    /// # Errors
    /// As [`Gpu::forward`].
    pub fn weight_grad_atomic(
        &self,
        prec: Precision,
        d: &MapDesc,
        dy: &CudaSlice<f32>,
        x: &CudaSlice<f32>,
        grad: &mut CudaSlice<f32>,
        batch: usize,
    ) -> Result<(), GpuError> {
        Self::check_desc(d, grad.len())?;
        check("dy (batch·output)", batch * d.output as usize, dy.len())?;
        check("x (batch·input)", batch * d.input as usize, x.len())?;
        let cfg = Self::gemm_grid(d.output as usize, d.input as usize)?;
        let f = self.func(&format!("rps_wgrad_atomic_{}", prec.name()))?;
        let batch32 = batch as u32;
        let mut b = self.stream.launch_builder(&f);
        b.arg(d).arg(dy).arg(x).arg(grad).arg(&batch32);
        // SAFETY: shapes checked above; the atomics hit grad[start + s] with s < m.
        unsafe { b.launch(cfg) }.map_err(driver)?;
        Ok(())
    }

    /// The slot-major index of a layer, uploaded (for [`Gpu::reduce`] with ROAST/HashedNet).
    ///
    /// # Errors
    /// As [`Gpu::upload`].
    pub fn csr(&self, d: &MapDesc) -> Result<DeviceCsr, GpuError> {
        let (ptr, idx) = emulate::csr(d);
        Ok(DeviceCsr {
            ptr: self.upload(&ptr)?,
            idx: self.upload(&idx)?,
        })
    }

    /// K4 two-pass, second pass: `grad[s] += Σ λ g dw` over the slot's weights in index order
    /// (deterministic). Fold uses the closed form; other mappings need `csr`.
    ///
    /// # Errors
    /// [`GpuError::ShapeMismatch`]; [`GpuError::Unsupported`] without `csr` for ROAST or
    /// HashedNet.
    pub fn reduce(
        &self,
        d: &MapDesc,
        csr: Option<&DeviceCsr>,
        dw: &CudaSlice<f32>,
        grad: &mut CudaSlice<f32>,
    ) -> Result<(), GpuError> {
        Self::check_desc(d, grad.len())?;
        check("dw (output·input)", d.weights(), dw.len())?;
        let cfg = one_d(d.m as usize);
        if d.mapping == 0 {
            let f = self.func("rps_fold_reduce")?;
            let mut b = self.stream.launch_builder(&f);
            b.arg(d).arg(dw).arg(grad);
            // SAFETY: dw has the layer's weights, grad covers the array (checked above).
            unsafe { b.launch(cfg) }.map_err(driver)?;
        } else {
            let csr = csr.ok_or_else(|| {
                GpuError::Unsupported("ROAST/HashedNet reduction needs the layer's csr".into())
            })?;
            check("csr ptr (slots + 1)", d.m as usize + 1, csr.ptr.len())?;
            check("csr idx (weights)", d.weights(), csr.idx.len())?;
            let f = self.func("rps_csr_reduce")?;
            let mut b = self.stream.launch_builder(&f);
            b.arg(d).arg(&csr.ptr).arg(&csr.idx).arg(dw).arg(grad);
            // SAFETY: as above; csr was built from this layer (lengths checked).
            unsafe { b.launch(cfg) }.map_err(driver)?;
        }
        Ok(())
    }

    /// K5: `g = grad/div; g += wd·M; v = μv + g; M −= lr·v`, bit-identical to the CPU.
    ///
    /// # Errors
    /// [`GpuError::ShapeMismatch`], [`GpuError::Driver`].
    #[allow(clippy::too_many_arguments)]
    pub fn sgd_momentum(
        &self,
        mem: &mut CudaSlice<f32>,
        vel: &mut CudaSlice<f32>,
        grad: &CudaSlice<f32>,
        div: Option<&CudaSlice<f32>>,
        lr: f32,
        mu: f32,
        wd: f32,
    ) -> Result<(), GpuError> {
        let n = mem.len();
        check("velocity", n, vel.len())?;
        check("gradient", n, grad.len())?;
        if let Some(d) = div {
            check("scaler divisors", n, d.len())?;
        }
        let f = self.func("rps_sgd_momentum")?;
        let (has, n32) = (u32::from(div.is_some()), n as u32);
        let mut b = self.stream.launch_builder(&f);
        b.arg(mem).arg(vel).arg(grad);
        match div {
            Some(d) => b.arg(d),
            None => b.arg(grad),
        };
        b.arg(&has).arg(&lr).arg(&mu).arg(&wd).arg(&n32);
        // SAFETY: every buffer has n elements (checked); div is read only when has_div = 1.
        unsafe { b.launch(one_d(n)) }.map_err(driver)?;
        Ok(())
    }

    /// A bf16 copy of `src` (round to nearest even).
    ///
    /// # Errors
    /// As [`Gpu::zeros`].
    pub fn to_bf16(&self, src: &CudaSlice<f32>) -> Result<CudaSlice<u16>, GpuError> {
        let mut dst = self.zeros::<u16>(src.len())?;
        let f = self.func("rps_to_bf16")?;
        let n = src.len() as u32;
        let mut b = self.stream.launch_builder(&f);
        b.arg(src).arg(&mut dst).arg(&n);
        // SAFETY: dst has src.len() elements.
        unsafe { b.launch(one_d(src.len())) }.map_err(driver)?;
        Ok(dst)
    }

    fn blas(&self) -> Result<&CudaBlas, GpuError> {
        self.blas.as_ref().ok_or_else(|| GpuError::MissingLibrary {
            library: "libcublas.so.13",
            hint: "install cuBLAS or point LD_LIBRARY_PATH at the toolkit's libraries".into(),
        })
    }

    /// cuBLAS: row-major `C (m × n) = A (m × k) · Bᵀ` with `B` (n × k), fp32 output, inputs
    /// fp32 (`F32`: pedantic-free SGEMM math, `Tf32`: `CUBLAS_COMPUTE_32F_FAST_TF32`) or
    /// bf16 (`Bf16`, `T = u16` bits).
    ///
    /// # Errors
    /// [`GpuError::ShapeMismatch`], [`GpuError::MissingLibrary`], [`GpuError::Cublas`].
    #[allow(clippy::too_many_arguments)]
    pub fn blas_nt<T: DeviceRepr>(
        &self,
        prec: Precision,
        a: &CudaSlice<T>,
        b: &CudaSlice<T>,
        c: &mut CudaSlice<f32>,
        (m, n, k): (usize, usize, usize),
    ) -> Result<(), GpuError> {
        let want = if prec == Precision::Bf16 { 2 } else { 4 };
        check("element bytes", want, std::mem::size_of::<T>())?;
        check("A (m·k)", m * k, a.len())?;
        check("B (n·k)", n * k, b.len())?;
        check("C (m·n)", m * n, c.len())?;
        // Column-major: Cᵀ (n × m, ld n) = B (as k × n, transposed) · Aᵀ (k × m).
        self.gemm_ex(prec, (true, false), (n, m, k), (b, k), (a, k), (c, n))
    }

    /// cuBLAS: the dense weight gradient `dw (output × input) = dyᵀ x`, fp32 or TF32.
    ///
    /// # Errors
    /// As [`Gpu::blas_nt`].
    pub fn blas_weight_grad(
        &self,
        prec: Precision,
        dy: &CudaSlice<f32>,
        x: &CudaSlice<f32>,
        dw: &mut CudaSlice<f32>,
        (batch, input, output): (usize, usize, usize),
    ) -> Result<(), GpuError> {
        if prec == Precision::Bf16 {
            return Err(GpuError::Unsupported("bf16 dense weight gradient".into()));
        }
        check("dy (batch·output)", batch * output, dy.len())?;
        check("x (batch·input)", batch * input, x.len())?;
        check("dw (output·input)", output * input, dw.len())?;
        // Column-major: dwᵀ (input × output, ld input) = x (input × batch) · dyᵀ (batch × output).
        self.gemm_ex(
            prec,
            (false, true),
            (input, output, batch),
            (x, input),
            (dy, output),
            (dw, input),
        )
    }

    #[allow(clippy::too_many_arguments)]
    fn gemm_ex<T: DeviceRepr>(
        &self,
        prec: Precision,
        (ta, tb): (bool, bool),
        (m, n, k): (usize, usize, usize),
        (a, lda): (&CudaSlice<T>, usize),
        (b, ldb): (&CudaSlice<T>, usize),
        (c, ldc): (&mut CudaSlice<f32>, usize),
    ) -> Result<(), GpuError> {
        let blas_h = self.blas()?;
        let int = |v: usize| {
            i32::try_from(v).map_err(|_| GpuError::ShapeMismatch {
                what: "cuBLAS dimension (must fit i32)".into(),
                expected: i32::MAX as usize,
                got: v,
            })
        };
        let op = |t: bool| {
            if t {
                bsys::cublasOperation_t::CUBLAS_OP_T
            } else {
                bsys::cublasOperation_t::CUBLAS_OP_N
            }
        };
        let (in_type, compute) = match prec {
            Precision::F32 => (
                bsys::cudaDataType::CUDA_R_32F,
                bsys::cublasComputeType_t::CUBLAS_COMPUTE_32F,
            ),
            Precision::Tf32 => (
                bsys::cudaDataType::CUDA_R_32F,
                bsys::cublasComputeType_t::CUBLAS_COMPUTE_32F_FAST_TF32,
            ),
            Precision::Bf16 => (
                bsys::cudaDataType::CUDA_R_16BF,
                bsys::cublasComputeType_t::CUBLAS_COMPUTE_32F,
            ),
        };
        let (alpha, beta) = (1.0f32, 0.0f32);
        let (pa, _ra) = a.device_ptr(&self.stream);
        let (pb, _rb) = b.device_ptr(&self.stream);
        let (pc, _rc) = c.device_ptr_mut(&self.stream);
        // SAFETY: the pointers are live device buffers of the checked sizes on this stream
        // (the guards keep them ordered); alpha/beta are host f32 (default pointer mode).
        unsafe {
            blas::gemm_ex(
                *blas_h.handle(),
                op(ta),
                op(tb),
                int(m)?,
                int(n)?,
                int(k)?,
                (&alpha as *const f32).cast::<c_void>(),
                pa as *const c_void,
                in_type,
                int(lda)?,
                pb as *const c_void,
                in_type,
                int(ldb)?,
                (&beta as *const f32).cast::<c_void>(),
                pc as *mut c_void,
                bsys::cudaDataType::CUDA_R_32F,
                int(ldc)?,
                compute,
                bsys::cublasGemmAlgo_t::CUBLAS_GEMM_DEFAULT,
            )
        }
        .map_err(cublas)
    }
}
