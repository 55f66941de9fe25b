"""Offline oracle for the stochastic-matching suite's LP answers: an independent solver
(SciPy's HiGHS, not good_lp/Clarabel/microlp) on independently written formulations, with a
certificate.

Usage (the venv is `.peers/venv`, which has numpy and scipy):

    .peers/venv/bin/python benches/definitions/oracles/stochastic_matching_lp.py \
        {sclp|sclp-prefix|budgeted} {ut N M | FILE.json}

FILE.json is an instance in the crate's JSON format, e.g. from
`cargo run --profile test -p algobench-stochastic-matching --example dump_instance -- ...`.
`ut N M` builds upper-triangular(N, M) here (type j = 0..N has M arrivals adjacent to
u_j..u_{N-1}, p = 1/M).

Both LPs are `max c.x, A x <= b, x >= 0`. The script solves with HiGHS (dual simplex and
interior point), then *certifies*: it measures the primal solution's worst violation and,
from HiGHS's row duals y >= 0, the dual residual max(c - A^T y, 0); the primal objective
(corrected for the violation) is a lower bound, b.y + sum_j max(c_j - (A^T y)_j, 0) * (bound
on x_j) an upper bound. It prints both and the two methods' values (METHODS=highs-ipm selects one).

sclp: the stochastic configuration LP in its compact form (see the crate's
`sclp_compact.rs` for the proof that it equals the configuration form):
    max sum w_u p_uv y_uv
    s.t. sum_u y_uv <= 1 per arrival v
         y_uv + sum_{v' < v, v' in N(u)} p_uv' y_uv' <= 1 per edge (u, v)
written here with the *dense* prefix rows (no auxiliary variables), unlike the crate.
budgeted: max sum w_u p_uv x_uv, sum_u x_uv <= 1, sum_v p_uv x_uv <= 1, one row each.
"""

import json
import os
import sys

import numpy as np
import scipy.sparse as sp
from scipy.optimize import linprog


def upper_triangular(n, m):
    online = []
    for j in range(n):
        for _ in range(m):
            online.append([(u, 1.0 / m) for u in range(j, n)])
    return [1.0] * n, online


def load(path):
    with open(path) as f:
        raw = json.load(f)
    return raw["weights"], [[(e["u"], e["p"]) for e in a] for a in raw["online"]]


def sclp(weights, online):
    edges = [(t, u, p) for t, a in enumerate(online) for (u, p) in a]
    c = np.array([weights[u] * p for (_, u, p) in edges])
    rows, cols, vals, b = [], [], [], []
    r = 0
    by_t = {}
    by_u = {}
    for j, (t, u, p) in enumerate(edges):
        by_t.setdefault(t, []).append(j)
        by_u.setdefault(u, []).append(j)
    for t, js in by_t.items():
        for j in js:
            rows.append(r), cols.append(j), vals.append(1.0)
        b.append(1.0)
        r += 1
    for u, js in by_u.items():  # js is in arrival order
        for k, j in enumerate(js):
            rows.append(r), cols.append(j), vals.append(1.0)
            for jj in js[:k]:
                rows.append(r), cols.append(jj), vals.append(edges[jj][2])
            b.append(1.0)
            r += 1
    a = sp.csr_matrix((vals, (rows, cols)), shape=(r, len(edges)))
    # y_uv <= 1 follows from its own row.
    return c, a, np.array(b), np.ones(len(edges))


def sclp_prefix(weights, online):
    """The same LP with prefix-sum variables z (z_k >= z_{k-1} + p y_{k-1}, y_k + z_k <= 1),
    for instances whose dense prefix rows would not fit (upper-triangular(50, 40): 34M
    non-zeros). A >= 0 no longer holds, so only the dual bound is certified."""
    edges = [(t, u, p) for t, a in enumerate(online) for (u, p) in a]
    nv = len(edges)
    c = [weights[u] * p for (_, u, p) in edges]
    rows, cols, vals, b = [], [], [], []
    by_u = {}
    for j, (t, u, p) in enumerate(edges):
        rows.append(t), cols.append(j), vals.append(1.0)
        by_u.setdefault(u, []).append(j)
    r = len(online)
    b = [1.0] * r
    for u, js in by_u.items():
        z_prev = None
        for k, j in enumerate(js):
            z = None
            if k > 0:
                z = nv
                nv += 1
                c.append(0.0)
                prev = js[k - 1]
                # z_prev + p_prev y_prev - z <= 0
                rows += [r, r]
                cols += [prev, z]
                vals += [edges[prev][2], -1.0]
                if z_prev is not None:
                    rows.append(r), cols.append(z_prev), vals.append(1.0)
                b.append(0.0)
                r += 1
            rows.append(r), cols.append(j), vals.append(1.0)
            if z is not None:
                rows.append(r), cols.append(z), vals.append(1.0)
            b.append(1.0)
            r += 1
            z_prev = z
    a = sp.csr_matrix((vals, (rows, cols)), shape=(r, nv))
    global LOWER
    LOWER = lambda x: dense_lower(weights, online, edges, x[: len(edges)])  # noqa: E731
    xmax = np.concatenate([np.ones(len(edges)), np.full(nv - len(edges), float(len(online)))])
    return np.array(c), a, np.array(b), xmax


def budgeted(weights, online):
    edges = [(t, u, p) for t, a in enumerate(online) for (u, p) in a]
    c = np.array([weights[u] * p for (_, u, p) in edges])
    rows, cols, vals, b = [], [], [], []
    n = len(weights)
    for j, (t, u, p) in enumerate(edges):
        rows += [t, len(online) + u]
        cols += [j, j]
        vals += [1.0, p]
    a = sp.csr_matrix((vals, (rows, cols)), shape=(len(online) + n, len(edges)))
    return c, a, np.ones(len(online) + n), np.ones(len(edges))


LOWER = None


def dense_lower(weights, online, edges, y):
    """Certified lower bound from the y part alone: recompute every dense row
    y_uv + sum_{v'<v} p y_uv' and every arrival row exactly, and scale y into feasibility."""
    worst = 0.0
    load = np.zeros(len(online))
    prefix = {}
    for j, (t, u, p) in enumerate(edges):
        load[t] += y[j]
    for j, (t, u, p) in enumerate(edges):  # edges are in arrival order
        s = prefix.get(u, 0.0)
        worst = max(worst, y[j] + s - 1.0)
        prefix[u] = s + p * y[j]
    worst = max(worst, float(np.max(load)) - 1.0, 0.0)
    value = sum(weights[u] * p * y[j] for j, (t, u, p) in enumerate(edges))
    return value / (1.0 + worst)


def certify(c, a, b, xmax):
    out = {}
    for method in os.environ.get("METHODS", "highs-ds,highs-ipm").split(","):
        res = linprog(-c, A_ub=a, b_ub=b, bounds=(0, None), method=method,
                      options={"primal_feasibility_tolerance": 1e-10,
                               "dual_feasibility_tolerance": 1e-10}
                      if method == "highs-ds" else {})
        assert res.status == 0, res.message
        x = np.maximum(res.x, 0.0)
        viol = max(0.0, float(np.max(a @ x - b)))
        # x / (1 + viol) is feasible when A >= 0 and b = 1; otherwise no primal certificate.
        lower = float(c @ x) / (1.0 + viol) if a.min() >= 0 else LOWER(x)
        y = np.maximum(-res.ineqlin.marginals, 0.0)
        red = np.maximum(c - a.T @ y, 0.0)
        upper = float(b @ y + red @ xmax)
        out[method] = (-res.fun, lower, upper)
    return out


def main():
    kind, rest = sys.argv[1], sys.argv[2:]
    weights, online = upper_triangular(int(rest[1]), int(rest[2])) if rest[0] == "ut" else load(rest[0])
    c, a, b, xmax = {"sclp": sclp, "sclp-prefix": sclp_prefix, "budgeted": budgeted}[kind](weights, online)
    print(f"{kind}: {len(c)} variables, {a.shape[0]} rows, {a.nnz} non-zeros")
    for method, (value, lo, hi) in certify(c, a, b, xmax).items():
        print(f"  {method}: value {value:.10f}, certified [{lo:.10f}, {hi:.10f}]")


if __name__ == "__main__":
    main()
