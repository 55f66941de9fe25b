//! The GPU benchmark (issue 10; targets against cuBLAS on the same card, see gpu/README.md): CUDA events, median of 50 runs
//! after 10 warm-ups, random inputs, (batch, in, out) = (1024, 4096, 4096), c ∈ {1, 16, 256},
//! fold / ROAST / HashedNet, against cuBLAS fp32 / TF32 / BF16 in the same process on the
//! same card, plus the streaming bandwidth. Writes JSON lines in the suite's raw format
//! (`algobench-raw/1`, family `rps`, profile `gpu`) and prints the targets G1–G4.
//!
//! `rps_gpu_bench [--out FILE] [--reps N] [--warmup N]`; needs the `cuda` feature (see
//! `algorithms/rps/gpu/run.sh`).

// Without the feature only the row writer's test uses the helpers below.
#![cfg_attr(not(feature = "cuda"), allow(dead_code))]

use std::collections::BTreeMap;
use std::fmt::Write as _;

/// The median of samples. A local copy of the suite's `measure::median`: this binary belongs
/// to the algorithm crate, which may not depend on the suite (benches/tests/architecture.rs).
pub(crate) fn median(v: &[f64]) -> f64 {
    let mut s = v.to_vec();
    s.sort_by(f64::total_cmp);
    let m = s.len() / 2;
    if s.len() % 2 == 1 {
        s[m]
    } else {
        (s[m - 1] + s[m]) / 2.0
    }
}

fn esc(s: &str) -> String {
    let mut o = String::from("\"");
    for ch in s.chars() {
        match ch {
            '"' => o.push_str("\\\""),
            '\\' => o.push_str("\\\\"),
            c if (c as u32) < 0x20 => {
                let _ = write!(o, "\\u{:04x}", c as u32);
            }
            c => o.push(c),
        }
    }
    o.push('"');
    o
}

fn num(x: f64) -> String {
    if x.is_finite() {
        format!("{x}")
    } else {
        "null".into()
    }
}

fn map_str(m: &BTreeMap<String, String>) -> String {
    let items: Vec<String> = m
        .iter()
        .map(|(k, v)| format!("{}:{}", esc(k), esc(v)))
        .collect();
    format!("{{{}}}", items.join(","))
}

fn timestamp() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (days, rem) = ((secs / 86_400) as i64, secs % 86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem / 60 % 60,
        rem % 60
    )
}

pub(crate) struct Ctx {
    pub(crate) card: String,
    pub(crate) machine: String,
    pub(crate) commit: String,
    pub(crate) dirty: bool,
    pub(crate) rows: Vec<String>,
    pub(crate) medians: BTreeMap<String, f64>,
}

impl Ctx {
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn row(
        &mut self,
        bench: &str,
        imp: &str,
        params: &[(&str, String)],
        samples: &[f64],
        flop: f64,
        quality: &[(&str, f64)],
        notes: &[(&str, String)],
    ) {
        let med = median(samples);
        self.medians.insert(format!("{bench}/{imp}"), med);
        let dev: Vec<f64> = samples.iter().map(|s| (s - med).abs()).collect();
        let (lo, hi) = samples
            .iter()
            .fold((f64::INFINITY, 0f64), |(l, h), &s| (l.min(s), h.max(s)));
        let params: Vec<String> = params
            .iter()
            .map(|(k, v)| format!("{}:{v}", esc(k)))
            .collect();
        let quality: Vec<String> = quality
            .iter()
            .map(|(k, v)| format!("{}:{}", esc(k), num(*v)))
            .collect();
        let mut n: BTreeMap<String, String> = notes
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect();
        n.insert("card".into(), self.card.clone());
        let s: Vec<String> = samples.iter().map(|&x| num(x)).collect();
        let line = format!(
            "{{\"schema\":\"algobench-raw/1\",\"family\":\"rps\",\"benchmark\":{},\"group\":\"gpu\",\"model\":\"prebuilt\",\"implementation\":{},\"profile\":\"gpu\",\"params\":{{{}}},\"dataset\":null,\"samples_ns\":[{}],\"stats\":{{\"median_ns\":{},\"mad_ns\":{},\"min_ns\":{},\"max_ns\":{}}},\"work\":{},\"answer\":null,\"expected\":null,\"quality\":{{{}}},\"notes\":{},\"error\":null,\"commit\":{},\"dirty\":{},\"timestamp\":{},\"machine\":{}}}",
            esc(bench),
            esc(imp),
            params.join(","),
            s.join(","),
            num(med),
            num(median(&dev)),
            num(lo),
            num(hi),
            if flop > 0.0 {
                format!("[{},\"FLOP\"]", num(flop))
            } else {
                "null".into()
            },
            quality.join(","),
            map_str(&n),
            esc(&self.commit),
            self.dirty,
            esc(&timestamp()),
            self.machine
        );
        println!(
            "{bench:<34} {imp:<26} median {:>10.1} µs{}",
            med / 1e3,
            if flop > 0.0 {
                format!("  {:>7.1} TFLOP/s", flop / med / 1e3)
            } else {
                String::new()
            }
        );
        self.rows.push(line);
    }
}

pub(crate) fn machine(card: &str) -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let cpu = cpu
        .lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split(':').nth(1))
        .map_or("unknown".into(), |s| s.trim().to_string());
    let os = format!(
        "{} {} {}",
        std::env::consts::OS,
        std::fs::read_to_string("/proc/sys/kernel/osrelease")
            .unwrap_or_default()
            .trim(),
        std::env::consts::ARCH
    );
    let env = |k: &str| std::env::var(k).unwrap_or_else(|_| "unknown".into());
    let mut paths = BTreeMap::new();
    paths.insert("rps: gpu".to_string(), card.to_string());
    format!(
        "{{\"cpu\":{},\"cores\":{},\"os\":{},\"rustc\":{},\"cargo_profile\":\"release (gpu/run.sh)\",\"rustflags\":\"\",\"cpu_features\":[],\"paths\":{}}}",
        esc(&cpu),
        std::thread::available_parallelism().map_or(1, usize::from),
        esc(&os),
        esc(&env("RPS_RUSTC")),
        map_str(&paths)
    )
}

#[cfg(not(feature = "cuda"))]
fn main() {
    eprintln!("rps_gpu_bench: built without the `cuda` feature (cargo build --features cuda)");
    std::process::exit(2);
}

#[cfg(feature = "cuda")]
fn main() {
    if let Err(e) = bench::main() {
        eprintln!("rps_gpu_bench: {e}");
        std::process::exit(1);
    }
}

#[cfg(feature = "cuda")]
mod bench {
    use std::collections::BTreeMap;

    use super::{Ctx, machine, median};
    use cudarc::driver::CudaSlice;
    use cudarc::driver::sys::CUevent_flags;
    use rand_core::{Rng, SeedableRng};
    use rand_pcg::Pcg64;
    use rps::cuda::{Gpu, GpuError, MapDesc, Precision, rel_err};
    use rps::mapping::{Config, Layout};

    const BATCH: usize = 1024;
    const DIM: usize = 4096;

    struct Opts {
        out: String,
        reps: usize,
        warmup: usize,
    }

    fn opts() -> Result<Opts, String> {
        let mut o = Opts {
            out: "rps-gpu.jsonl".into(),
            reps: 50,
            warmup: 10,
        };
        let mut args = std::env::args().skip(1);
        while let Some(a) = args.next() {
            let mut val = || args.next().ok_or(format!("{a} needs a value"));
            match a.as_str() {
                "--out" => o.out = val()?,
                "--reps" => o.reps = val()?.parse().map_err(|e| format!("--reps: {e}"))?,
                "--warmup" => o.warmup = val()?.parse().map_err(|e| format!("--warmup: {e}"))?,
                other => return Err(format!("unknown argument {other}")),
            }
        }
        if o.reps == 0 {
            return Err("--reps must be ≥ 1".into());
        }
        Ok(o)
    }

    fn random(n: usize, seed: u64) -> Vec<f32> {
        let mut rng = Pcg64::seed_from_u64(seed);
        (0..n)
            .map(|_| ((rng.next_u64() >> 40) as f32 / (1u64 << 24) as f32) * 2.0 - 1.0)
            .collect()
    }

    /// Event-timed samples (ns) of `f`, after `warmup` untimed calls.
    fn time(
        g: &Gpu,
        o: &Opts,
        mut f: impl FnMut() -> Result<(), GpuError>,
    ) -> Result<Vec<f64>, GpuError> {
        for _ in 0..o.warmup {
            f()?;
        }
        g.synchronize()?;
        let ctx = g.context();
        let mut out = Vec::with_capacity(o.reps);
        for _ in 0..o.reps {
            let start = ctx
                .new_event(Some(CUevent_flags::CU_EVENT_DEFAULT))
                .map_err(drv)?;
            let end = ctx
                .new_event(Some(CUevent_flags::CU_EVENT_DEFAULT))
                .map_err(drv)?;
            start.record(g.stream()).map_err(drv)?;
            f()?;
            end.record(g.stream()).map_err(drv)?;
            end.synchronize().map_err(drv)?;
            out.push(f64::from(start.elapsed_ms(&end).map_err(drv)?) * 1e6);
        }
        Ok(out)
    }

    pub(super) fn main() -> Result<(), String> {
        let o = opts()?;
        let g = Gpu::new().map_err(|e| e.to_string())?;
        let info = g.info().clone();
        let card = format!(
            "{} (cc {}.{}, {:.0} GiB)",
            info.name,
            info.compute_capability.0,
            info.compute_capability.1,
            info.total_bytes as f64 / (1u64 << 30) as f64
        );
        println!(
            "card: {card}; NVRTC {:.2} s; {} warm-ups, median of {}",
            g.compile_seconds(),
            o.warmup,
            o.reps
        );
        let mut cx = Ctx {
            machine: machine(&card),
            card,
            commit: std::env::var("RPS_GIT_COMMIT").unwrap_or_else(|_| "unknown".into()),
            dirty: std::env::var("RPS_GIT_DIRTY").is_ok_and(|v| v == "1"),
            rows: Vec::new(),
            medians: BTreeMap::new(),
        };
        run(&g, &o, &mut cx).map_err(|e| e.to_string())?;
        std::fs::write(&o.out, cx.rows.join("\n") + "\n").map_err(|e| format!("{}: {e}", o.out))?;
        println!("wrote {} rows to {}", cx.rows.len(), o.out);
        targets(&cx.medians);
        Ok(())
    }

    /// The parameters of a row: the layer shape, plus `extra`.
    fn params(extra: &[(&'static str, String)]) -> Vec<(&'static str, String)> {
        let mut v = vec![
            ("batch", BATCH.to_string()),
            ("input", DIM.to_string()),
            ("output", DIM.to_string()),
        ];
        v.extend(extra.iter().cloned());
        v
    }

    /// FLOP of one `BATCH × DIM × DIM` product.
    fn flop() -> f64 {
        2.0 * (BATCH * DIM * DIM) as f64
    }

    fn drv(e: cudarc::driver::DriverError) -> GpuError {
        GpuError::Driver(format!("{e:?}"))
    }

    /// The operands every layer benchmark shares: random X (B × n), dense W (n × n) and dY,
    /// with the Y and dW buffers they write.
    struct Operands {
        x: CudaSlice<f32>,
        w: CudaSlice<f32>,
        dy: CudaSlice<f32>,
        y: CudaSlice<f32>,
        dw: CudaSlice<f32>,
    }

    impl Operands {
        fn new(g: &Gpu) -> Result<Operands, GpuError> {
            let (b, n) = (BATCH, DIM);
            Ok(Operands {
                x: g.upload(&random(b * n, 1))?,
                w: g.upload(&random(n * n, 2))?,
                dy: g.upload(&random(b * n, 3))?,
                y: g.zeros::<f32>(b * n)?,
                dw: g.zeros::<f32>(n * n)?,
            })
        }
    }

    fn run(g: &Gpu, o: &Opts, cx: &mut Ctx) -> Result<(), GpuError> {
        stream_bandwidth(g, o, cx)?;
        let mut ops = Operands::new(g)?;
        dense_baselines(g, o, cx, &mut ops)?;
        for (mname, cfg_of) in [
            ("fold", Config::stable_rps as fn(f64, u64) -> Config),
            ("roast", Config::roast),
            ("hashednet", Config::hashednet),
        ] {
            for c in [1.0, 16.0, 256.0] {
                hashed_layer(g, o, cx, &mut ops, mname, cfg_of(c, 5), c)?;
            }
        }
        Ok(())
    }

    /// Streaming bandwidth: device-to-device copies of 256 MiB (read + write counted).
    fn stream_bandwidth(g: &Gpu, o: &Opts, cx: &mut Ctx) -> Result<(), GpuError> {
        let words = 64 << 20;
        let src = g.upload(&random(words, 9))?;
        let mut dst = g.zeros::<f32>(words)?;
        let t = time(g, o, || g.stream().memcpy_dtod(&src, &mut dst).map_err(drv))?;
        let bw = 2.0 * (words * 4) as f64 / median(&t); // bytes per ns = GB/s
        cx.row(
            "gpu-stream-copy-256MiB",
            "cuda-memcpy-dtod",
            &[("bytes", (words * 4).to_string())],
            &t,
            0.0,
            &[],
            &[("bandwidth_GBps", format!("{bw:.0}"))],
        );
        Ok(())
    }

    /// The dense baselines: cuBLAS forward at fp32, TF32 and bf16, and the weight gradient.
    fn dense_baselines(
        g: &Gpu,
        o: &Opts,
        cx: &mut Ctx,
        ops: &mut Operands,
    ) -> Result<(), GpuError> {
        let (b, n) = (BATCH, DIM);
        let Operands { x, w, dy, y, dw } = ops;
        for prec in [Precision::F32, Precision::Tf32] {
            let t = time(g, o, || g.blas_nt(prec, x, w, y, (b, n, n)))?;
            let imp = format!("cublas-{}", prec.name());
            cx.row(
                "gpu-forward-dense",
                &imp,
                &params(&[]),
                &t,
                flop(),
                &[],
                &[],
            );
        }
        let (xb, wb) = (g.to_bf16(x)?, g.to_bf16(w)?);
        let t = time(g, o, || g.blas_nt(Precision::Bf16, &xb, &wb, y, (b, n, n)))?;
        cx.row(
            "gpu-forward-dense",
            "cublas-bf16",
            &params(&[]),
            &t,
            flop(),
            &[],
            &[],
        );
        drop((xb, wb));
        for prec in [Precision::F32, Precision::Tf32] {
            let t = time(g, o, || g.blas_weight_grad(prec, dy, x, dw, (b, n, n)))?;
            let imp = format!("cublas-{}", prec.name());
            cx.row(
                "gpu-weight-grad-dense",
                &imp,
                &params(&[]),
                &t,
                flop(),
                &[],
                &[],
            );
        }
        Ok(())
    }

    /// One hashed layer (mapping `mname` at compression `c`): materialise, the forward paths
    /// (materialise + cuBLAS, fused at every precision, with their error against the
    /// materialised fp32 product), the input gradient, both weight-gradient paths and the
    /// scaled SGD step.
    fn hashed_layer(
        g: &Gpu,
        o: &Opts,
        cx: &mut Ctx,
        ops: &mut Operands,
        mname: &str,
        config: Config,
        c: f64,
    ) -> Result<(), GpuError> {
        let (b, n) = (BATCH, DIM);
        let layout = Layout::new(config, &[(n, n)]).map_err(GpuError::Cpu)?;
        let d = MapDesc::new(&layout, 0).map_err(GpuError::Cpu)?;
        let mem = g.upload(&random(layout.memory_len(), 4))?;
        let tag = format!("{mname}-c{c}");
        let p = params(&[
            ("mapping", format!("\"{mname}\"")),
            ("compression", format!("{c}")),
        ]);
        // Reference for the quality columns: materialise + cuBLAS fp32.
        let mut wm = g.zeros::<f32>(n * n)?;
        g.materialise(&d, &mem, &mut wm)?;
        let mut yref = g.zeros::<f32>(b * n)?;
        g.blas_nt(Precision::F32, &ops.x, &wm, &mut yref, (b, n, n))?;
        let yref64: Vec<f64> = g.download(&yref)?.iter().map(|&v| f64::from(v)).collect();

        let t = time(g, o, || g.materialise(&d, &mem, &mut wm))?;
        let written = (n * n * 4) as f64;
        let bandwidth = [("written_GBps", format!("{:.0}", written / median(&t)))];
        let bench = format!("gpu-materialise-{tag}");
        cx.row(&bench, "cuda-materialise", &p, &t, 0.0, &[], &bandwidth);
        let t = time(g, o, || {
            g.materialise(&d, &mem, &mut wm)?;
            g.blas_nt(Precision::Tf32, &ops.x, &wm, &mut ops.y, (b, n, n))
        })?;
        let bench = format!("gpu-forward-{tag}");
        cx.row(&bench, "materialise+cublas-tf32", &p, &t, flop(), &[], &[]);
        for prec in Precision::ALL {
            let mut yf = g.poisoned(b * n)?;
            g.forward(prec, &d, &mem, &ops.x, &mut yf, b)?;
            let err = rel_err(&g.download(&yf)?, &yref64);
            let t = time(g, o, || g.forward(prec, &d, &mem, &ops.x, &mut yf, b))?;
            let imp = format!("cuda-fused-{}", prec.name());
            let quality = [("rel_err_vs_cublas_f32", err)];
            cx.row(&bench, &imp, &p, &t, flop(), &quality, &[]);
        }
        let mut dx = g.zeros::<f32>(b * n)?;
        let t = time(g, o, || {
            g.backward_input(Precision::Tf32, &d, &mem, &ops.dy, &mut dx, b)
        })?;
        let bench = format!("gpu-input-grad-{tag}");
        cx.row(&bench, "cuda-fused-tf32", &p, &t, flop(), &[], &[]);
        let grad = weight_grads(g, o, cx, ops, &d, layout.memory_len(), &tag, &p)?;
        let mut vel = g.zeros::<f32>(layout.memory_len())?;
        let mut mem2 = g.upload(&random(layout.memory_len(), 4))?;
        let t = time(g, o, || {
            g.sgd_momentum(&mut mem2, &mut vel, &grad, None, 1e-6, 0.9, 0.0)
        })?;
        let bench = format!("gpu-sgd-{tag}");
        cx.row(&bench, "cuda-scaler-sgd-momentum", &p, &t, 0.0, &[], &[]);
        Ok(())
    }

    /// The memory gradient of one hashed layer, fused with atomics (TF32 and fp32) and as
    /// cuBLAS dW plus the deterministic reduction; returns the gradient buffer.
    #[allow(clippy::too_many_arguments)]
    fn weight_grads(
        g: &Gpu,
        o: &Opts,
        cx: &mut Ctx,
        ops: &mut Operands,
        d: &MapDesc,
        slots: usize,
        tag: &str,
        p: &[(&'static str, String)],
    ) -> Result<CudaSlice<f32>, GpuError> {
        let (b, n) = (BATCH, DIM);
        let bench = format!("gpu-weight-grad-{tag}");
        let mut grad = g.zeros::<f32>(slots)?;
        for prec in [Precision::Tf32, Precision::F32] {
            let t = time(g, o, || {
                g.weight_grad_atomic(prec, d, &ops.dy, &ops.x, &mut grad, b)
            })?;
            let imp = format!("cuda-fused-atomic-{}", prec.name());
            cx.row(&bench, &imp, p, &t, flop(), &[], &[]);
        }
        let csr = if d.mapping == 0 {
            None
        } else {
            Some(g.csr(d)?)
        };
        let t = time(g, o, || {
            g.blas_weight_grad(Precision::Tf32, &ops.dy, &ops.x, &mut ops.dw, (b, n, n))?;
            g.reduce(d, csr.as_ref(), &ops.dw, &mut grad)
        })?;
        cx.row(
            &bench,
            "cublas-tf32+deterministic-reduce",
            p,
            &t,
            flop(),
            &[],
            &[],
        );
        Ok(grad)
    }

    /// Prints the targets G1–G4 from this run's medians.
    fn targets(m: &BTreeMap<String, f64>) {
        let get = |k: &str| m.get(k).copied();
        let bw =
            get("gpu-stream-copy-256MiB/cuda-memcpy-dtod").map(|t| 2.0 * (64 << 22) as f64 / t);
        println!("\ntargets (ratios of medians, same run, same card):");
        for mname in ["fold", "roast"] {
            for c in [1.0, 16.0, 256.0] {
                let tag = format!("{mname}-c{c}");
                let r = |a: &str, b: &str| Some(get(a)? / get(b)?);
                let show = |name: &str, v: Option<f64>, limit: f64| match v {
                    Some(v) => println!(
                        "  {tag:<14} {name:<44} {v:>6.2} (target ≤ {limit}) {}",
                        if v <= limit { "met" } else { "MISSED" }
                    ),
                    None => println!("  {tag:<14} {name:<44} not measured"),
                };
                show(
                    "G1 fused TF32 / cuBLAS TF32",
                    r(
                        &format!("gpu-forward-{tag}/cuda-fused-tf32"),
                        "gpu-forward-dense/cublas-tf32",
                    ),
                    1.3,
                );
                show(
                    "G2 fused BF16 / cuBLAS BF16",
                    r(
                        &format!("gpu-forward-{tag}/cuda-fused-bf16"),
                        "gpu-forward-dense/cublas-bf16",
                    ),
                    1.5,
                );
                let g3 = (|| {
                    let allowed =
                        get("gpu-forward-dense/cublas-tf32")? + 1.2 * (4096.0 * 4096.0 * 4.0) / bw?;
                    Some(get(&format!("gpu-forward-{tag}/materialise+cublas-tf32"))? / allowed)
                })();
                show("G3 materialise+cuBLAS / (cuBLAS + 1.2 stream)", g3, 1.0);
                show(
                    "G4 fused atomic dW / cuBLAS dW (TF32)",
                    r(
                        &format!("gpu-weight-grad-{tag}/cuda-fused-atomic-tf32"),
                        "gpu-weight-grad-dense/cublas-tf32",
                    ),
                    1.5,
                );
                show(
                    "G4 deterministic dW / cuBLAS dW (TF32)",
                    r(
                        &format!("gpu-weight-grad-{tag}/cublas-tf32+deterministic-reduce"),
                        "gpu-weight-grad-dense/cublas-tf32",
                    ),
                    2.0,
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_json_with_the_suite_schema_fields() {
        let mut cx = Ctx {
            card: "Test \"card\"".into(),
            machine: machine("Test card"),
            commit: "abc".into(),
            dirty: false,
            rows: Vec::new(),
            medians: BTreeMap::new(),
        };
        cx.row(
            "gpu-forward-fold-c16",
            "cuda-fused-tf32",
            &[("batch", "1024".into()), ("mapping", "\"fold\"".into())],
            &[3.0, 1.0, 2.0],
            8.0,
            &[("rel_err", 1e-4)],
            &[("x", "y".into())],
        );
        assert_eq!(cx.medians["gpu-forward-fold-c16/cuda-fused-tf32"], 2.0);
        let Ok(out) = std::process::Command::new("python3")
            .arg("-c")
            .arg("import json,sys; r=json.loads(sys.argv[1]); print(','.join(sorted(r)), ','.join(sorted(r['machine'])), r['stats']['median_ns'], r['work'][1], r['notes']['card'])")
            .arg(&cx.rows[0])
            .output()
        else {
            println!("SKIPPED: python3 not available to parse the row");
            return;
        };
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{}\n{}",
            cx.rows[0],
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(
            text.trim(),
            "answer,benchmark,commit,dataset,dirty,error,expected,family,group,implementation,machine,model,notes,params,profile,quality,samples_ns,schema,stats,timestamp,work cargo_profile,cores,cpu,cpu_features,os,paths,rustc,rustflags 2 FLOP Test \"card\""
        );
    }
}
