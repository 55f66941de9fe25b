#!/usr/bin/env bash
# Build the rps GPU test and benchmark binaries on a machine without CUDA, then run them,
# unchanged, on a GPU machine that has no Rust toolchain.
#
#   algorithms/rps/gpu/run.sh build   # here: cargo builds into algorithms/rps/gpu/dist/
#   algorithms/rps/gpu/run.sh run     # on the GPU machine (ship dist/ with the checkout)
#   algorithms/rps/gpu/run.sh         # both, when cargo and a GPU are on the same machine
#
# The run half sets RPS_REQUIRE_GPU=1 (a skipped GPU test fails), runs every CUDA test
# binary, then the benchmark, and writes into $OUT (default dist/out): rps-gpu.jsonl (the
# suite's raw format, family rps, profile gpu), tests.log, bench.log.
# If NVRTC or cuBLAS is not found, point LD_LIBRARY_PATH at the toolkit's
# targets/x86_64-linux/lib (the run half adds the usual CUDA locations itself).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
dist="$here/dist"

build() {
    command -v cargo >/dev/null || { echo "run.sh build needs cargo" >&2; exit 2; }
    rm -rf "$dist" && mkdir -p "$dist/tests"
    cd "$root"
    cargo build --release -p algobench-rps --features cuda --bin rps_gpu_bench
    cp target/release/rps_gpu_bench "$dist/"
    cargo test --release -p algobench-rps --features cuda --no-run --message-format=json \
        --test cuda_device --test cuda_train --test cuda_probe --test cuda_emulation \
        | python3 -c '
import json, sys
for line in sys.stdin:
    try:
        m = json.loads(line)
    except ValueError:
        continue
    if m.get("reason") == "compiler-artifact" and m.get("executable") and m["profile"]["test"]:
        print(m["target"]["name"], m["executable"])
' | while read -r name exe; do cp "$exe" "$dist/tests/$name"; done
    {
        echo "RPS_GIT_COMMIT=$(git rev-parse HEAD 2>/dev/null || echo unknown)"
        if [ -z "$(git status --porcelain -- . ':(exclude)reports' 2>/dev/null)" ]; then echo "RPS_GIT_DIRTY=0"; else echo "RPS_GIT_DIRTY=1"; fi
        echo "RPS_RUSTC=\"$(rustc -V)\""
    } > "$dist/meta.env"
    # Line tables are not needed there, and the transfer to the GPU machine is size-limited.
    if command -v strip >/dev/null; then strip --strip-debug "$dist/rps_gpu_bench" "$dist"/tests/*; fi
    ls -l "$dist" "$dist/tests"; du -sh "$dist"
}

run() {
    [ -x "$dist/rps_gpu_bench" ] || { echo "no binaries in $dist: run '$0 build' first" >&2; exit 2; }
    out="${OUT:-$dist/out}"
    mkdir -p "$out"
    set -a; . "$dist/meta.env"; set +a
    for d in /usr/local/cuda/targets/x86_64-linux/lib /usr/local/cuda/lib64 /usr/local/cuda-13.0/targets/x86_64-linux/lib; do
        [ -d "$d" ] && LD_LIBRARY_PATH="${LD_LIBRARY_PATH:+$LD_LIBRARY_PATH:}$d"
    done
    export LD_LIBRARY_PATH="${LD_LIBRARY_PATH:-}" RPS_REQUIRE_GPU=1
    nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv > "$out/nvidia-smi.csv" 2>&1 || true
    status=0
    : > "$out/tests.log"
    for t in "$dist"/tests/*; do
        echo "== $(basename "$t")" | tee -a "$out/tests.log"
        if ! "$t" --nocapture --test-threads=1 >> "$out/tests.log" 2>&1; then
            echo "FAILED: $(basename "$t")" | tee -a "$out/tests.log"; status=1
        fi
        tail -n 3 "$out/tests.log"
    done
    if ! "$dist/rps_gpu_bench" --out "$out/rps-gpu.jsonl" 2>&1 | tee "$out/bench.log"; then status=1; fi
    exit $status
}

case "${1:-all}" in
    build) build ;;
    run) run ;;
    all) build; run ;;
    *) echo "usage: $0 [build|run]" >&2; exit 2 ;;
esac
