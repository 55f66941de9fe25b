"""scipy peer for personalized PageRank: power iteration with a CSR matrix, the sum-of-flows
form (x <- (1-c) P^T x, dangling mass back to the source), T iterations, what a Python user
would write.

Usage: ppr_scipy.py GRAPH.bin SOURCES.u32 OUT.f64 C REPS T
Formats and REPS as in ppr_igraph.py: prints the compute time of each repetition in
nanoseconds (matrix building, file reading and writing excluded).
"""
import sys
import time

import numpy as np
import scipy.sparse as sp


def ppr(pt, inv_deg, dangling, s, c, iterations):
    n = pt.shape[0]
    x = np.zeros(n)
    x[s] = 1.0
    acc = np.zeros(n)
    for _ in range(iterations):
        acc += c * x
        sink = x[dangling].sum()
        x = (1 - c) * (pt @ (x * inv_deg))
        x[s] += (1 - c) * sink
    return acc


def main():
    raw = open(sys.argv[1], "rb").read()
    n = int(np.frombuffer(raw[:8], dtype="<u8")[0])
    arcs = np.frombuffer(raw[8:], dtype="<u4").reshape(-1, 2)
    sources = np.fromfile(sys.argv[2], dtype="<u4")
    c, reps, iterations = float(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
    ones = np.ones(len(arcs))
    pt = sp.csr_matrix((ones, (arcs[:, 1], arcs[:, 0])), shape=(n, n))
    deg = np.bincount(arcs[:, 0], minlength=n).astype(np.float64)
    dangling = deg == 0
    inv_deg = np.where(dangling, 0.0, 1.0 / np.maximum(deg, 1.0))
    ppr(pt, inv_deg, dangling, int(sources[0]), c, 2)  # warm-up
    out = np.empty((len(sources), n), dtype="<f8")
    times = []
    for _ in range(reps):
        elapsed = 0
        for i, s in enumerate(sources):
            start = time.perf_counter_ns()
            out[i] = ppr(pt, inv_deg, dangling, int(s), c, iterations)
            elapsed += time.perf_counter_ns() - start
        times.append(elapsed)
    out.tofile(sys.argv[3])
    print("\n".join(map(str, times)))


if __name__ == "__main__":
    main()
