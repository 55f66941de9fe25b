"""numpy baseline for text-to-pattern Hamming distances: one FFT correlation per pattern
symbol over the whole text, what a Python user would write.

Usage: hamming_numpy.py TEXT.u32 PATTERN.u32 OUT.u32
Inputs and output are little-endian u32 arrays. The script loads the input once, computes
it once untimed (the warm-up: numpy's lazy imports and FFT plan caches, on the same input),
prints `ready`, and then answers each line `run` on standard input by computing the same
distances again, writing them to OUT.u32 and printing the compute time in nanoseconds (file
writing excluded). So every timed sample is the same work in the same warm process, as the
Rust rows are; the suite records the peer's own timing. It exits at end of input.
"""
import sys
import time

import numpy as np


def hamming_fft(t, p):
    n, m = len(t), len(p)
    size = 1 << (n + m - 1).bit_length()
    matches = np.zeros(n - m + 1, dtype=np.float64)
    for c in np.unique(p):
        ft = np.fft.rfft((t == c).astype(np.float64), size)
        fp = np.fft.rfft((p[::-1] == c).astype(np.float64), size)
        corr = np.fft.irfft(ft * fp, size)
        matches += corr[m - 1 : n]
    return (m - np.rint(matches)).astype(np.uint32)


def main():
    t = np.fromfile(sys.argv[1], dtype="<u4")
    p = np.fromfile(sys.argv[2], dtype="<u4")
    hamming_fft(t, p)  # warm-up on the very input that is timed
    print("ready", flush=True)
    for line in sys.stdin:
        if line.strip() != "run":
            print(f"unknown request {line.strip()!r}", file=sys.stderr, flush=True)
            sys.exit(2)
        start = time.perf_counter_ns()
        out = hamming_fft(t, p)
        elapsed = time.perf_counter_ns() - start
        out.astype("<u4").tofile(sys.argv[3])
        print(elapsed, flush=True)


if __name__ == "__main__":
    main()
