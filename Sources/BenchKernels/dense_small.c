/* One SGD step of a small dense network (Linear layers with a ReLU between them, none after the
 * last), for networks whose every product is a small one (sn_dgemm_small), such as tutorial 000's
 * 3-5-1 on 25 rows: there, calling a product, an epilogue and a reduction one by one from Swift
 * costs more than the arithmetic. `scratchnet bench`'s exam row only. The same operations in the
 * same order as DenseEngine (lin + bias + ReLU, the loss's gradient, ReLU mask, x.T @ g, column
 * sums, w -= lr*g), so the same numbers bit for bit; compiled with -ffp-contract=off like the
 * epilogues. */
#include "bench_kernels.h"
#include "kernels.h"

/* The element-wise passes are the epilogues' own (epilogue.c), applied to whole blocks; for layers
 * of at most 8 units on AVX-512, the forward product with its bias and ReLU, and the column sums,
 * are narrow.c's masked rows, with the same numbers. */

#if defined(__x86_64__)
static int narrow_path(int path) { return path == SN_PATH_AVX512 && sn_path_available(path); }
#endif

/* z = input @ w + b, and a = relu(z) when a is given (rows x in @ in x out) */
static void linear_forward(int path, int rows, int in, int out, const double *input, const double *w,
                           const double *b, double *z, double *a) {
#if defined(__x86_64__)
    if (narrow_path(path) && sn_small_narrow_bias_avx512(rows, out, in, input, in, w, out, z, out, b, a)) return;
#endif
    sn_dgemm_small(path, 0, 0, rows, out, in, input, in, w, out, z, out);
    sn_epi_bias(z, a, b, out, 0, rows, 0, out);
}

static void column_sums(int path, const double *g, double *out, int rows, int columns) {
#if defined(__x86_64__)
    if (narrow_path(path) && sn_column_sums_narrow_avx512(g, out, rows, columns)) return;
#endif
    sn_column_sums(g, out, rows, columns);
}

void sn_dense_small_forward(int path, const sn_dense_small *net, const double *x) {
    const int rows = net->batch, last = net->layers - 1;
    for (int k = 0; k <= last; k++) {
        const int in = net->sizes[k], out = net->sizes[k + 1];
        const double *input = k == 0 ? x : net->a[k - 1];
        /* z + b, and a = relu(z) for every layer but the last */
        linear_forward(path, rows, in, out, input, net->w[k], net->b[k], net->z[k], k < last ? net->a[k] : 0);
    }
}

void sn_dense_small_backward(int path, const sn_dense_small *net, const double *x, double lr) {
    const int rows = net->batch;
    for (int k = net->layers - 1; k >= 0; k--) {
        const int in = net->sizes[k], out = net->sizes[k + 1];
        const double *input = k == 0 ? x : net->a[k - 1];
        const double *upstream = net->gz[k];
        if (k > 0) {
            /* the input's gradient, with the weights before their update, then the ReLU's mask */
            sn_dgemm_small(path, 0, 1, rows, in, out, upstream, out, net->w[k], out, net->ga[k - 1], in);
            sn_epi_relu_mask(net->gz[k - 1], net->ga[k - 1], net->z[k - 1], in, 0, rows, 0, in);
        }
        /* w.grad = input.T @ upstream; w -= lr * w.grad */
        sn_dgemm_small(path, 1, 0, in, out, rows, input, in, upstream, out, net->gw[k], out);
        sn_epi_sub_scaled(net->w[k], net->gw[k], lr, out, 0, in, 0, out);
        /* b.grad = upstream.sum(axis: 0); b -= lr * b.grad */
        column_sums(path, upstream, net->gb[k], rows, out);
        sn_epi_sub_scaled(net->b[k], net->gb[k], lr, out, 0, 1, 0, out);
    }
}

double sn_dense_small_mse(const sn_dense_small *net, const double *targets) {
    /* MSELoss(.mean) of NeuralNet, forward then backward, in the same operations: the bench's own
     * copy, because allocating its tensors would cost more than this network's whole step */
    const int last = net->layers - 1;
    const long count = (long)net->batch * net->sizes[net->layers];
    const double *p = net->z[last];
    double *g = net->gz[last];
    const double n = (double)count;
    double total = 0.0;
    for (long i = 0; i < count; i++) {
        const double d = p[i] - targets[i];
        total += d * d;
        g[i] = 2 * d / n;
    }
    return total / n;
}
