/* One SGD step of a small dense network (Linear layers with a ReLU between them, none after the
 * last), for networks whose every product is a small one (sn_dgemm_small), such as tutorial 000's
 * 3-5-1 on 25 rows: there, calling a product, an epilogue and a reduction one by one from Swift
 * costs more than the arithmetic. The same operations in the same order as DenseWorkspace's
 * general path (lin + bias + ReLU, the loss's gradient, ReLU mask, x.T @ g, column sums, w -= lr*g),
 * so the same numbers bit for bit; compiled with -ffp-contract=off like the epilogues. */
#include "kernels.h"

void sn_dense_small_forward(int path, const sn_dense_small *net, const double *x) {
    const int rows = net->batch, last = net->layers - 1;
    for (int k = 0; k <= last; k++) {
        const int in = net->sizes[k], out = net->sizes[k + 1];
        const double *input = k == 0 ? x : net->a[k - 1];
        double *restrict z = net->z[k];
        const double *restrict bias = net->b[k];
        sn_dgemm_small(path, 0, 0, rows, out, in, input, in, net->w[k], out, z, out);
        /* z + b (and relu), over the block as one run: its rows are as short as 1 to 5 here */
        const int count = rows * out;
        if (k < last) {
            double *restrict a = net->a[k];
            for (int i = 0, j = 0; i < count; i++) {
                const double v = z[i] + bias[j];
                z[i] = v;
                a[i] = 0.0 >= v ? 0.0 : v; /* Swift.max(v, 0) */
                if (++j == out) j = 0;
            }
        } else {
            for (int i = 0, j = 0; i < count; i++) {
                z[i] = z[i] + bias[j];
                if (++j == out) j = 0;
            }
        }
    }
}

void sn_dense_small_backward(int path, const sn_dense_small *net, const double *x, double lr) {
    const int rows = net->batch;
    for (int k = net->layers - 1; k >= 0; k--) {
        const int in = net->sizes[k], out = net->sizes[k + 1];
        const double *input = k == 0 ? x : net->a[k - 1];
        const double *upstream = net->gz[k];
        double *restrict w = net->w[k], *restrict b = net->b[k], *restrict gw = net->gw[k], *restrict gb = net->gb[k];
        if (k > 0) {
            /* the input's gradient, with the weights before their update, then the ReLU's mask */
            double *restrict ga = net->ga[k - 1], *restrict gz = net->gz[k - 1];
            const double *restrict z = net->z[k - 1];
            sn_dgemm_small(path, 0, 1, rows, in, out, upstream, out, w, out, ga, in);
            for (int i = 0; i < rows * in; i++) gz[i] = ga[i] * (z[i] > 0 ? 1.0 : 0.0);
        }
        /* w.grad = input.T @ upstream; w -= lr * w.grad */
        sn_dgemm_small(path, 1, 0, in, out, rows, input, in, upstream, out, gw, out);
        for (int i = 0; i < in * out; i++) w[i] = w[i] - lr * gw[i];
        /* b.grad = upstream.sum(axis: 0); b -= lr * b.grad */
        sn_column_sums(upstream, gb, rows, out);
        for (int j = 0; j < out; j++) b[j] = b[j] - lr * gb[j];
    }
}
