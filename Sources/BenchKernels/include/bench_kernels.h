/* BenchKernels: `scratchnet bench`'s own C step of a small dense network (the exam network,
 * 3-5-1 on 25 rows), where calling each product from Swift costs more than its arithmetic.
 * No lesson uses it: the lessons train with NeuralNet's modules or with DenseEngine. */
#ifndef SCRATCHNET_BENCH_KERNELS_H
#define SCRATCHNET_BENCH_KERNELS_H

#ifdef __cplusplus
extern "C" {
#endif

/* A small dense network's buffers, for one SGD step in C (dense_small.c): `layers` Linear layers
 * of sizes[0] -> sizes[1] -> ... -> sizes[layers], ReLU between them, none after the last, on
 * `batch` rows. Every matrix is row-major: w[k] (sizes[k] x sizes[k+1]), b[k], z[k] and gz[k]
 * (batch x sizes[k+1]), a[k] = relu(z[k]) and ga[k] (batch x sizes[k+1], k < layers - 1), gw[k]
 * like w[k], gb[k] like b[k]. Every product must be small (2*M*N*K <= 8192). */
typedef struct {
    int layers;
    int batch;
    const int *sizes;
    double *const *w;
    double *const *b;
    double *const *z;
    double *const *a;
    double *const *gz;
    double *const *ga;
    double *const *gw;
    double *const *gb;
} sn_dense_small;

/* z and a of every layer from the input x (batch x sizes[0]). */
void sn_dense_small_forward(int path, const sn_dense_small *net, const double *x);
/* From gz[layers - 1] (the loss's gradient): every layer's gradients, last first, each layer's
 * input gradient taken before its weights are updated, then w -= lr * gw and b -= lr * gb. */
void sn_dense_small_backward(int path, const sn_dense_small *net, const double *x, double lr);

/* The mean squared error of z[layers - 1] against `targets` (batch x sizes[layers]); its gradient
 * 2 (z - t) / count is written into gz[layers - 1]. Returns the loss. */
double sn_dense_small_mse(const sn_dense_small *net, const double *targets);

#ifdef __cplusplus
}
#endif

#endif
