#!/usr/bin/env python3
"""The shapes of `scratchnet bench`, timed with numpy float64 (OpenBLAS), in the same format.

Each product is written into a preallocated output (`np.matmul(a, b, out=c)`), like the Swift bench
writes into a preallocated Tensor; transposed operands are numpy views (`x.T`), which BLAS reads
without copying. `seconds` is the BEST (minimum) time of one call over about --seconds of repeated
calls (at least 10, after one warm-up); `gflops` = 2*M*N*K / seconds / 1e9.

Threads: numpy's BLAS decides; set OPENBLAS_NUM_THREADS (compare.sh does, from --threads).
"""
import argparse
import time

import numpy as np


def cases():
    out = []
    for fan_in, fan_out in [(784, 100), (100, 200), (200, 10)]:
        out.append((f"fwd_32x{fan_in}@{fan_in}x{fan_out}", (32, fan_in), (fan_in, fan_out), False, False))
    for fan_in, fan_out in [(784, 100), (100, 200), (200, 10)]:
        # weight gradient x.T @ g, x stored as (32 x fan_in)
        out.append((f"bwdW_{fan_in}x32@32x{fan_out}_tA", (32, fan_in), (32, fan_out), True, False))
    for fan_in, fan_out in [(784, 100), (100, 200), (200, 10)]:
        # input gradient g @ w.T, w stored as (fan_in x fan_out)
        out.append((f"bwdX_32x{fan_out}@{fan_out}x{fan_in}_tB", (32, fan_out), (fan_in, fan_out), False, True))
    out.append(("big_50000x784@784x50", (50000, 784), (784, 50), False, False))
    # tutorial 004's backward pass over all 50000 images (784-50-1): x.grad = g @ w1.T, w1.grad = x.T @ g
    out.append(("bigX_50000x50@50x784_tB", (50000, 50), (784, 50), False, True))
    out.append(("bigW_784x50000@50000x50_tA", (50000, 784), (50000, 50), True, False))
    out.append(("square_1024x1024@1024x1024", (1024, 1024), (1024, 1024), False, False))
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--filter", default=None, help="only the shapes whose name contains this text")
    parser.add_argument("--seconds", type=float, default=0.3, help="approximate time per shape")
    args = parser.parse_args()

    rng = np.random.default_rng(42)
    print(f"numpy version={np.__version__}")
    for name, a_shape, b_shape, trans_a, trans_b in cases():
        if args.filter and args.filter not in name:
            continue
        a = rng.standard_normal(a_shape)
        b = rng.standard_normal(b_shape)
        a_op = a.T if trans_a else a
        b_op = b.T if trans_b else b
        m, k = a_op.shape
        n = b_op.shape[1]
        c = np.empty((m, n))
        np.matmul(a_op, b_op, out=c)  # warm-up
        best = float("inf")
        calls = 0
        start = time.perf_counter()
        while True:
            t0 = time.perf_counter()
            np.matmul(a_op, b_op, out=c)
            t1 = time.perf_counter()
            best = min(best, t1 - t0)
            calls += 1
            if calls >= 10 and t1 - start >= args.seconds:
                break
        gflops = 2.0 * m * n * k / best / 1e9
        print(f"{name} gflops={gflops:.2f} seconds={best:.9f} calls={calls}")


if __name__ == "__main__":
    main()
