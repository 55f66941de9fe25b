"""numpy baseline for l_p Lewis weights: the same Cohen-Peng fixed point as the Rust crate
(log-space update damped by alpha = 2/p and Anderson-accelerated with memory 8 for p >= 4,
weights rescaled to sum(w) = d after each update, stopped on the fixed-point residual max_i |q_i w_i^(-2/p) - 1| < 1e-10), written as a
numpy user would: numpy.linalg.cholesky, then one triangular solve L^{-1} A^T
(scipy.linalg.solve_triangular): the same O(n d^2) work as the Rust crate, which solves
for the d x d L^{-1} and multiplies.

Usage: lewis_numpy.py A.f64 N D P OUT.f64
A is row-major little-endian f64 (N x D); OUT receives the weights. Prints the compute time
in nanoseconds (file reading and writing excluded), so the suite records the peer's own time.
The iteration runs once untimed on the same input in the same process (lazy imports, BLAS
start-up and caches warm, as the Rust rows are after the runner's warm-up round), then once
timed.
"""
import sys
import time

import numpy as np
from scipy.linalg import solve_triangular


def least_squares(cols, f):
    """argmin_g |f - sum_j g_j cols[j]|_2 by the normal equations with a tiny ridge."""
    c = np.array(cols)  # m x n
    g = c @ c.T
    g += 1e-12 * max(np.trace(g), np.finfo(float).tiny) * np.eye(len(cols))
    try:
        x = np.linalg.solve(g, c @ f)
    except np.linalg.LinAlgError:
        return None
    return x if np.all(np.isfinite(x)) else None


class Anderson:
    """Anderson acceleration (type II) of the map in log space, as the Rust crate does:
    memory m, restarted when the residual grows tenfold over the best seen."""

    def __init__(self, memory):
        self.memory, self.last, self.df, self.dg = memory, None, [], []
        self.x, self.best = None, np.inf

    def accelerate(self, w, live, residual):
        gx = np.log(w[live])
        if residual > 10.0 * self.best or not np.all(np.isfinite(gx)):
            self.last, self.df, self.dg = None, [], []
        self.best = min(self.best, residual)
        if self.x is None:
            self.x = np.zeros_like(gx)
        f = gx - self.x
        if self.last is not None:
            f_prev, g_prev = self.last
            self.df.append(f - f_prev)
            self.dg.append(gx - g_prev)
            if len(self.df) > self.memory:
                self.df.pop(0)
                self.dg.pop(0)
        self.last = (f, gx)
        nxt = gx.copy()
        gamma = least_squares(self.df, f) if self.df else None
        if gamma is not None:
            nxt -= np.array(self.dg).T @ gamma
        if not np.all(np.isfinite(nxt)):
            nxt = gx
        w[live] = np.exp(nxt)
        self.x = nxt


def lewis(a, p, tol=1e-10, max_iter=1000):
    n, d = a.shape
    live = np.any(a != 0.0, axis=1)
    w = live.astype(np.float64)
    alpha = 2.0 / p if p >= 4.0 else 1.0
    history = Anderson(8 if p >= 4.0 else 0)
    for it in range(max_iter + 1):
        v = np.zeros(n)
        v[live] = w[live] ** (1.0 - 2.0 / p)
        b = a * np.sqrt(v)[:, None]
        m = b.T @ b
        l = np.linalg.cholesky(m)
        c = solve_triangular(l, a.T, lower=True, check_finite=False)  # L^{-1} A^T, d x n
        q = np.einsum("ij,ij->j", c, c)
        res = np.max(np.abs(q[live] * w[live] ** (-2.0 / p) - 1.0))
        if res < tol:
            return w, it, res
        if alpha == 1.0:
            w[live] = q[live] ** (0.5 * p)
        else:
            w[live] = np.exp((1 - alpha) * np.log(w[live]) + alpha * 0.5 * p * np.log(q[live]))
        w *= d / w.sum()
        if history.memory > 0:
            history.accelerate(w, live, res)
            w *= d / w.sum()
    raise SystemExit(f"not converged: residual {res}")


def main():
    n, d, p = int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
    a = np.fromfile(sys.argv[1], dtype="<f8").reshape(n, d)
    lewis(a, p)  # warm-up on the same input, untimed
    start = time.perf_counter_ns()
    w, _, _ = lewis(a, p)
    elapsed = time.perf_counter_ns() - start
    w.astype("<f8").tofile(sys.argv[5])
    print(elapsed)


if __name__ == "__main__":
    main()
