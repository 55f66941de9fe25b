"""numpy baseline for l_p Lewis weights: the same Cohen-Peng fixed point as the Rust crate
(log-space update damped by alpha = 2/p for p >= 4, weights rescaled to sum(w) = d after each
update, stopped on the fixed-point residual max_i |q_i w_i^(-2/p) - 1| < 1e-10), written as a numpy user would (Cholesky + triangular
solve through numpy.linalg).

Usage: lewis_numpy.py A.f64 N D P OUT.f64
A is row-major little-endian f64 (N x D); OUT receives the weights. Prints the compute time
in nanoseconds (file reading and writing excluded), so the suite records the peer's own time.
"""
import sys
import time

import numpy as np


def lewis(a, p, tol=1e-10, max_iter=1000):
    n, d = a.shape
    live = np.any(a != 0.0, axis=1)
    w = live.astype(np.float64)
    alpha = 2.0 / p if p >= 4.0 else 1.0
    for it in range(max_iter + 1):
        v = np.zeros(n)
        v[live] = w[live] ** (1.0 - 2.0 / p)
        b = a * np.sqrt(v)[:, None]
        m = b.T @ b
        l = np.linalg.cholesky(m)
        c = np.linalg.solve(l, a.T)  # L^{-1} A^T, d x n
        q = np.einsum("ij,ij->j", c, c)
        res = np.max(np.abs(q[live] * w[live] ** (-2.0 / p) - 1.0))
        if res < tol:
            return w, it, res
        w[live] = np.exp((1 - alpha) * np.log(w[live]) + alpha * 0.5 * p * np.log(q[live]))
        w *= d / w.sum()
    raise SystemExit(f"not converged: residual {res}")


def main():
    n, d, p = int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
    a = np.fromfile(sys.argv[1], dtype="<f8").reshape(n, d)
    lewis(np.random.default_rng(0).standard_normal((4 * d, d)), p)  # warm-up: lazy imports
    start = time.perf_counter_ns()
    w, _, _ = lewis(a, p)
    elapsed = time.perf_counter_ns() - start
    w.astype("<f8").tofile(sys.argv[5])
    print(elapsed)


if __name__ == "__main__":
    main()
