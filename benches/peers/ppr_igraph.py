"""python-igraph peer for personalized PageRank: `Graph.personalized_pagerank` (PRPACK),
what a Python user would call.

Usage: ppr_igraph.py GRAPH.bin SOURCES.u32 OUT.f64 C REPS
GRAPH.bin: n as little-endian u64, then the arcs as little-endian u32 pairs (already
symmetrized for undirected inputs). SOURCES.u32: little-endian u32 source ids. OUT.f64: one
dense little-endian f64 vector per source. Answers every source REPS times and prints the
compute time of each repetition in nanoseconds, one per line (graph building, file reading
and writing excluded): the suite takes them as consecutive samples.
"""
import sys
import time

import igraph
import numpy as np


def main():
    raw = open(sys.argv[1], "rb").read()
    n = int(np.frombuffer(raw[:8], dtype="<u8")[0])
    arcs = np.frombuffer(raw[8:], dtype="<u4").reshape(-1, 2)
    sources = np.fromfile(sys.argv[2], dtype="<u4")
    c, reps = float(sys.argv[4]), int(sys.argv[5])
    g = igraph.Graph(n=n, edges=arcs.tolist(), directed=True)
    g.personalized_pagerank(damping=1 - c, reset_vertices=[int(sources[0])])  # warm-up
    out = np.empty((len(sources), n), dtype="<f8")
    times = []
    for _ in range(reps):
        elapsed = 0
        for i, s in enumerate(sources):
            start = time.perf_counter_ns()
            pi = g.personalized_pagerank(directed=True, damping=1 - c, reset_vertices=[int(s)])
            elapsed += time.perf_counter_ns() - start
            out[i] = pi
        times.append(elapsed)
    out.tofile(sys.argv[3])
    print("\n".join(map(str, times)))


if __name__ == "__main__":
    main()
