/* Element-wise passes over a block of a matrix, run right after the product made it (matmul
 * epilogues): bias and ReLU of a forward layer, the ReLU mask of an input gradient, the SGD update
 * of a weight gradient. Plain C with the same operations, in the same rounding, as the Swift
 * functions they stand for (compiled with -ffp-contract=off: no fused multiply-add sneaks in), so
 * the numbers are the same bit for bit; clones for AVX-512 and AVX2 vectorise wider. */
#include "kernels.h"

#if defined(__has_feature)
#if __has_feature(thread_sanitizer)
/* TSan instruments ifunc resolvers, which glibc runs before TSan's runtime is set up. */
#define SN_NO_IFUNC 1
#endif
#endif
#if defined(__x86_64__) && defined(__linux__) && !defined(SN_NO_IFUNC)
#define SN_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define SN_CLONES
#endif

SN_CLONES void sn_epi_bias(double *restrict z, double *restrict a, const double *restrict bias, long ld,
                           long r0, long r1, long c0, long c1) {
    for (long r = r0; r < r1; r++) {
        double *zr = z + r * ld;
        if (a) {
            double *ar = a + r * ld;
            for (long j = c0; j < c1; j++) {
                const double v = zr[j] + bias[j];
                zr[j] = v;
                ar[j] = 0.0 >= v ? 0.0 : v; /* Swift.max(v, 0) */
            }
        } else {
            for (long j = c0; j < c1; j++) zr[j] = zr[j] + bias[j];
        }
    }
}

SN_CLONES void sn_epi_relu_mask(double *restrict out, const double *restrict g, const double *restrict x, long ld,
                                long r0, long r1, long c0, long c1) {
    for (long r = r0; r < r1; r++) {
        const double *gr = g + r * ld, *xr = x + r * ld;
        double *o = out + r * ld;
        for (long j = c0; j < c1; j++) o[j] = gr[j] * (xr[j] > 0 ? 1.0 : 0.0);
    }
}

SN_CLONES void sn_epi_sub_scaled(double *restrict w, const double *restrict g, double s, long ld,
                                 long r0, long r1, long c0, long c1) {
    for (long r = r0; r < r1; r++) {
        double *wr = w + r * ld;
        const double *gr = g + r * ld;
        for (long j = c0; j < c1; j++) wr[j] = wr[j] - s * gr[j];
    }
}

/* ---------------------------------------------------------------- small products */

/* C = op(A) @ op(B) for products too small for packing and tiling to pay (a few thousand
 * multiply-adds): each element is acc = 0; acc = fma(opA[i,k], opB[k,j], acc) for k in order,
 * the reference chain, so the numbers are those of every other path. */
#include <math.h>

/* Four columns at a time: four independent chains in registers, each in increasing k. */
#define SMALL_BODY(FMA)                                                                          \
    for (int i = 0; i < M; i++) {                                                                \
        double *restrict c = C + (long)i * ldc;                                                  \
        int j = 0;                                                                               \
        for (; j + 4 <= N; j += 4) {                                                             \
            double c0 = 0.0, c1 = 0.0, c2 = 0.0, c3 = 0.0;                                       \
            for (int k = 0; k < K; k++) {                                                        \
                const double a = transA ? A[(long)k * lda + i] : A[(long)i * lda + k];           \
                c0 = FMA(a, OPB(k, j), c0);                                                      \
                c1 = FMA(a, OPB(k, j + 1), c1);                                                  \
                c2 = FMA(a, OPB(k, j + 2), c2);                                                  \
                c3 = FMA(a, OPB(k, j + 3), c3);                                                  \
            }                                                                                    \
            c[j] = c0; c[j + 1] = c1; c[j + 2] = c2; c[j + 3] = c3;                              \
        }                                                                                        \
        for (; j < N; j++) {                                                                     \
            double acc = 0.0;                                                                    \
            for (int k = 0; k < K; k++) {                                                        \
                const double a = transA ? A[(long)k * lda + i] : A[(long)i * lda + k];           \
                acc = FMA(a, OPB(k, j), acc);                                                    \
            }                                                                                    \
            c[j] = acc;                                                                          \
        }                                                                                        \
    }
#define OPB(k, j) (transB ? B[(long)(j) * ldb + (k)] : B[(long)(k) * ldb + (j)])

#if defined(__x86_64__)
__attribute__((target("avx2,fma"))) static void small_fma(int transA, int transB, int M, int N, int K,
                                                     const double *A, int lda, const double *B, int ldb,
                                                     double *C, int ldc) {
    SMALL_BODY(__builtin_fma)
}
#endif

static void small_portable(int transA, int transB, int M, int N, int K, const double *A, int lda,
                           const double *B, int ldb, double *C, int ldc) {
    SMALL_BODY(fma)
}

void sn_dgemm_small(int path, int transA, int transB, int M, int N, int K, const double *A, int lda,
                    const double *B, int ldb, double *C, int ldc) {
#if defined(__x86_64__)
    if (path != SN_PATH_PORTABLE && sn_path_available(path)) {
        small_fma(transA, transB, M, N, K, A, lda, B, ldb, C, ldc);
        return;
    }
#endif
    small_portable(transA, transB, M, N, K, A, lda, B, ldb, C, ldc);
}

void sn_column_sums(const double *g, double *out, int rows, int columns) {
    for (int j = 0; j < columns; j++) out[j] = 0.0;
    for (int r = 0; r < rows; r++) {
        const double *row = g + (long)r * columns;
        for (int j = 0; j < columns; j++) out[j] = out[j] + row[j];
    }
}
