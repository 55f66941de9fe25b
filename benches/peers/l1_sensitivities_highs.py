"""Exact l1 sensitivities with SciPy's HiGHS LP solver: an oracle independent of the crate
(different solver, different language), used to record the expected totals of the
`sensitivity/gaussian-d10/p=1` benchmarks.

s_i = 1 / min{ ||Ax||_1 : a_i^T x = 1 }, one LP per row:
    min sum(t)  s.t.  -t <= A x <= t,  a_i^T x = 1,  x free, t >= 0.

Usage: l1_sensitivities_highs.py MATRIX.csv   (rows of comma-separated numbers)
Prints the total sensitivity to 9 decimals, the smallest and largest score, and the time.
"""
import sys
import time

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import bmat, csr_matrix, identity


def sensitivities(a):
    n, d = a.shape
    eye = identity(n, format="csr")
    sa = csr_matrix(a)
    a_ub = bmat([[sa, -eye], [-sa, -eye]], format="csr")
    b_ub = np.zeros(2 * n)
    cost = np.concatenate([np.zeros(d), np.ones(n)])
    bounds = [(None, None)] * d + [(0, None)] * n
    out = np.zeros(n)
    for i in range(n):
        if not np.any(a[i]):
            continue
        a_eq = np.concatenate([a[i], np.zeros(n)])[None, :]
        res = linprog(cost, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=[1.0], bounds=bounds,
                      method="highs")
        if res.status != 0:
            raise SystemExit(f"row {i}: {res.message}")
        out[i] = 1.0 / res.fun
    return out


def main():
    a = np.loadtxt(sys.argv[1], delimiter=",", ndmin=2)
    start = time.perf_counter()
    s = sensitivities(a)
    elapsed = time.perf_counter() - start
    print(f"total={s.sum():.9f} min={s.min():.6e} max={s.max():.6e} rows={len(s)} time={elapsed:.1f}s")


if __name__ == "__main__":
    main()
