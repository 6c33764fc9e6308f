#!/usr/bin/env python3
"""The training workloads of `scratchnet bench`, done with numpy (float64), in the same format.

Same sizes, batches, epochs, losses and learning rates as the Swift side (the random draws differ):
  train_exam_3-5-1_30epochs_x10000     tutorial 000: 3-5-1 ReLU net on the 25 exam rows, MSE mean,
                                       full batch, lr 0.01, 30 epochs; repeated 10000 times
  train_mnist_784-100-200-10_epoch_b32 tutorial 002: one epoch of 784-100-200-10 ReLU, softmax
                                       cross-entropy, SGD lr 0.1, 50000 images shuffled, batch 32
  train_fastai_784-50-1_fwdbwd_50000   tutorial 004: forward and backward of 784-50-1 ReLU over all
                                       50000 images, MSE on the label, every gradient incl. the input's
  train_mse_784-15-10_10000it_b32      tutorial 001: 784-15-10 (ReLU hidden, linear out), MSE
                                       sum/(2*32) on one-hot, lr 0.01, 10000 batches of 32 drawn
                                       with replacement
Each is run --runs times (default 3) after a short warm-up (for 004, a whole run); `seconds` is the
best (minimum) wall time of one run, as `scratchnet bench` reports it. Data: assets/data (exams.csv and
the MNIST .gz files, read with gzip + numpy). Threads: numpy's BLAS decides (OPENBLAS_NUM_THREADS).
"""
import argparse
import ctypes
import ctypes.util
import gzip
import os
import time

import numpy as np

def tune_malloc():
    """The same glibc malloc settings as ScratchNet gives itself (Sources/CKernels/pool.c): blocks up
    to 32 MB from the heap and freed memory up to 512 MB kept there, instead of a fresh mmap (page
    faults and zeroing) for every temporary above 128 KB. Without them numpy's MNIST epoch runs at
    half its speed until some earlier large free happens to raise glibc's adaptive thresholds."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c"))
        libc.mallopt(-3, 32 * 1024 * 1024)   # M_MMAP_THRESHOLD
        libc.mallopt(-1, 512 * 1024 * 1024)  # M_TRIM_THRESHOLD
        libc.mallopt(-2, 16 * 1024 * 1024)   # M_TOP_PAD
    except (OSError, AttributeError):
        pass  # not glibc: its allocator's defaults stand


DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "assets", "data")


def idx(path):
    with gzip.open(path, "rb") as f:
        raw = f.read()
    dims = raw[3]
    shape = tuple(int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(dims))
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


_mnist = None


def mnist():
    global _mnist
    if _mnist is None:
        images = idx(os.path.join(DATA, "mnist", "train-images-idx3-ubyte.gz"))
        labels = idx(os.path.join(DATA, "mnist", "train-labels-idx1-ubyte.gz"))
        x = images[:50000].reshape(50000, 784).astype(np.float64) / 255
        _mnist = (x, labels[:50000].astype(np.int64))
    return _mnist


def relu(x):
    return np.maximum(x, 0)


def exam(warm_up):
    table = np.loadtxt(os.path.join(DATA, "exams.csv"), delimiter=",", skiprows=1)
    x = table[:, :3] / 100
    y = table[:, 3] / 200
    rng = np.random.default_rng(1)
    w1_0, w2_0 = rng.standard_normal((3, 5)), rng.standard_normal((5, 1))
    repeats = 100 if warm_up else 10000
    total = 0.0
    for _ in range(repeats):
        w1, b1, w2, b2 = w1_0.copy(), np.zeros(5), w2_0.copy(), np.zeros(1)
        for _ in range(30):
            l1 = x @ w1 + b1
            l2 = relu(l1)
            out = l2 @ w2 + b2
            diff = out[:, 0] - y
            total += (diff ** 2).mean()
            out_g = (2 * diff / diff.shape[0])[:, None]
            w2_g = l2.T @ out_g
            b2_g = out_g.sum(0)
            l1_g = (out_g @ w2.T) * (l1 > 0)
            w1_g = x.T @ l1_g
            b1_g = l1_g.sum(0)
            w1 -= 0.01 * w1_g
            b1 -= 0.01 * b1_g
            w2 -= 0.01 * w2_g
            b2 -= 0.01 * b2_g
    return repeats * 30


def mnist_epoch(warm_up):
    x, labels = mnist()
    rng = np.random.default_rng(2)
    sizes = [784, 100, 200, 10]
    ws = [rng.standard_normal((i, o)) * np.sqrt(2 / (i + o)) for i, o in zip(sizes, sizes[1:])]
    bs = [np.zeros(o) for o in sizes[1:]]
    order = rng.permutation(x.shape[0])
    steps = 0
    total = 0.0
    for start in range(0, x.shape[0] - 31, 32):
        rows = order[start:start + 32]
        xb, yb = x[rows], labels[rows]
        acts, zs = [xb], []
        for k in range(3):
            z = acts[-1] @ ws[k] + bs[k]
            zs.append(z)
            if k < 2:
                acts.append(relu(z))
        logits = zs[-1]
        m = logits.max(axis=1, keepdims=True)
        e = np.exp(logits - m)
        s = e.sum(axis=1, keepdims=True)
        total += ((m[:, 0] - logits[np.arange(32), yb]) + np.log(s[:, 0])).mean()
        g = e / s
        g[np.arange(32), yb] -= 1
        g /= 32
        for k in (2, 1, 0):
            w_g = acts[k].T @ g
            b_g = g.sum(0)
            if k > 0:
                g = (g @ ws[k].T) * (zs[k - 1] > 0)
            ws[k] -= 0.1 * w_g
            bs[k] -= 0.1 * b_g
        steps += 1
        if warm_up and steps == 50:
            break
    return steps


def fastai_forward_backward(warm_up):
    x, labels = mnist()
    y = labels.astype(np.float64)
    rng = np.random.default_rng(3)
    w1 = rng.standard_normal((784, 50)) * np.sqrt(2 / 784)
    w2 = rng.standard_normal((50, 1)) * np.sqrt(2 / 50)
    b1, b2 = np.zeros(50), np.zeros(1)
    # forward
    l1 = x @ w1 + b1
    l2 = relu(l1)
    out = l2 @ w2 + b2
    diff = out[:, 0] - y
    loss = (diff ** 2).mean()
    # backward
    out_g = (2 * diff / diff.shape[0])[:, None]
    w2_g = l2.T @ out_g
    b2_g = out_g.sum(0)
    l2_g = out_g @ w2.T
    l1_g = l2_g * (l1 > 0)
    x_g = l1_g @ w1.T
    w1_g = x.T @ l1_g
    b1_g = l1_g.sum(0)
    _ = (loss, w1_g, b1_g, w2_g, b2_g, x_g)
    return 1


def mnist_mse(warm_up):
    x, labels = mnist()
    y = np.eye(10)[labels]
    rng = np.random.default_rng(4)
    w1, w2 = rng.standard_normal((784, 15)), rng.standard_normal((15, 10))
    b1, b2 = np.zeros(15), np.zeros(10)
    iterations = 100 if warm_up else 10000
    total = 0.0
    for _ in range(iterations):
        rows = rng.integers(0, x.shape[0], 32)
        xb, yb = x[rows], y[rows]
        l1 = xb @ w1 + b1
        l2 = relu(l1)
        out = l2 @ w2 + b2
        diff = out - yb
        total += (diff ** 2).sum() / (2 * 32)
        out_g = diff / 32
        w2_g = l2.T @ out_g
        b2_g = out_g.sum(0)
        l1_g = (out_g @ w2.T) * (l1 > 0)
        w1_g = xb.T @ l1_g
        b1_g = l1_g.sum(0)
        w1 -= 0.01 * w1_g
        b1 -= 0.01 * b1_g
        w2 -= 0.01 * w2_g
        b2 -= 0.01 * b2_g
    return iterations


WORKLOADS = [
    ("train_exam_3-5-1_30epochs_x10000", exam),
    ("train_mnist_784-100-200-10_epoch_b32", mnist_epoch),
    ("train_fastai_784-50-1_fwdbwd_50000", fastai_forward_backward),
    ("train_mse_784-15-10_10000it_b32", mnist_mse),
]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--filter", default=None, help="only the workloads whose name contains this text")
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each workload; the best is printed")
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    tune_malloc()
    for name, run in WORKLOADS:
        if args.filter and args.filter not in name:
            continue
        run(True)
        best = float("inf")
        for _ in range(args.runs):
            t0 = time.perf_counter()
            steps = run(False)
            best = min(best, time.perf_counter() - t0)
        print(f"{name} seconds={best:.9f} steps={steps} runs={args.runs}")


if __name__ == "__main__":
    main()
