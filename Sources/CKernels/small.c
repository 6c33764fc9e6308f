/* C = op(A) @ op(B) for products too small for packing and tiling to pay (a few thousand
 * multiply-adds, such as the 3-5-1 exam network on 25 rows): every element is the reference chain,
 * acc = 0; acc = fma(opA[i,k], opB[k,j], acc) for k in increasing order, so the numbers are those
 * of every other path. One function per transpose case, so that no flag is tested in a loop. */
#include "kernels.h"
#include "internal.h"
#include <math.h>

/* op(A)[i,k] and op(B)[k,j] for a transpose flag known at compile time */
#define OPA(TA, i, k) ((TA) ? A[(long)(k) * lda + (i)] : A[(long)(i) * lda + (k)])
#define OPB(TB, k, j) ((TB) ? B[(long)(j) * ldb + (k)] : B[(long)(k) * ldb + (j)])

/* Blocks of 4 rows x 4 columns: 16 independent chains in registers, each in increasing k, which
 * keeps the FMA units busy even when K is 3; then the leftover columns and rows. */
#define SMALL_KERNEL(NAME, TA, TB, FMA, ATTR)                                                    \
    ATTR static void NAME(int M, int N, int K, const double *restrict A, int lda,                     \
                     const double *restrict B, int ldb, double *restrict C, int ldc) {           \
        int i = 0;                                                                               \
        for (; i + 4 <= M; i += 4) {                                                             \
            int j = 0;                                                                           \
            for (; j + 4 <= N; j += 4) {                                                         \
                double c[4][4] = {{0}};                                                          \
                for (int k = 0; k < K; k++) {                                                    \
                    double b[4];                                                                 \
                    for (int s = 0; s < 4; s++) b[s] = OPB(TB, k, j + s);                        \
                    for (int r = 0; r < 4; r++) {                                                \
                        const double a = OPA(TA, i + r, k);                                      \
                        for (int s = 0; s < 4; s++) c[r][s] = FMA(a, b[s], c[r][s]);             \
                    }                                                                            \
                }                                                                                \
                for (int r = 0; r < 4; r++)                                                      \
                    for (int s = 0; s < 4; s++) C[(long)(i + r) * ldc + j + s] = c[r][s];        \
            }                                                                                    \
            for (; j < N; j++) {                                                                 \
                double c[4] = {0};                                                               \
                for (int k = 0; k < K; k++) {                                                    \
                    const double b = OPB(TB, k, j);                                              \
                    for (int r = 0; r < 4; r++) c[r] = FMA(OPA(TA, i + r, k), b, c[r]);          \
                }                                                                                \
                for (int r = 0; r < 4; r++) C[(long)(i + r) * ldc + j] = c[r];                   \
            }                                                                                    \
        }                                                                                        \
        for (; i < M; i++) {                                                                     \
            int j = 0;                                                                           \
            for (; j + 4 <= N; j += 4) {                                                         \
                double c[4] = {0};                                                               \
                for (int k = 0; k < K; k++) {                                                    \
                    const double a = OPA(TA, i, k);                                              \
                    for (int s = 0; s < 4; s++) c[s] = FMA(a, OPB(TB, k, j + s), c[s]);          \
                }                                                                                \
                for (int s = 0; s < 4; s++) C[(long)i * ldc + j + s] = c[s];                     \
            }                                                                                    \
            for (; j < N; j++) {                                                                 \
                double acc = 0.0;                                                                \
                for (int k = 0; k < K; k++) acc = FMA(OPA(TA, i, k), OPB(TB, k, j), acc);        \
                C[(long)i * ldc + j] = acc;                                                      \
            }                                                                                    \
        }                                                                                        \
    }

#if defined(__x86_64__)
#define SN_FMA_TARGET __attribute__((target("avx2,fma")))
SMALL_KERNEL(small_nn_fma, 0, 0, __builtin_fma, SN_FMA_TARGET)
SMALL_KERNEL(small_tn_fma, 1, 0, __builtin_fma, SN_FMA_TARGET)
SMALL_KERNEL(small_nt_fma, 0, 1, __builtin_fma, SN_FMA_TARGET)
SMALL_KERNEL(small_tt_fma, 1, 1, __builtin_fma, SN_FMA_TARGET)
#endif
SMALL_KERNEL(small_nn, 0, 0, fma, )
SMALL_KERNEL(small_tn, 1, 0, fma, )
SMALL_KERNEL(small_nt, 0, 1, fma, )
SMALL_KERNEL(small_tt, 1, 1, fma, )

typedef void (*small_kernel)(int, int, int, const double *restrict, int, const double *restrict, int,
                             double *restrict, int);

void sn_dgemm_small(int path, int transA, int transB, int M, int N, int K, const double *A, int lda,
                    const double *B, int ldb, double *C, int ldc) {
    static const small_kernel portable[2][2] = {{small_nn, small_nt}, {small_tn, small_tt}};
#if defined(__x86_64__)
    static const small_kernel fused[2][2] = {{small_nn_fma, small_nt_fma}, {small_tn_fma, small_tt_fma}};
    if (path != SN_PATH_PORTABLE && sn_path_available(path)) {
        /* at most 8 columns: a masked AVX-512 row each (narrow.c) */
        if (path == SN_PATH_AVX512 && sn_small_narrow_avx512(transA, transB, M, N, K, A, lda, B, ldb, C, ldc)) return;
        fused[transA != 0][transB != 0](M, N, K, A, lda, B, ldb, C, ldc);
        return;
    }
#endif
    portable[transA != 0][transB != 0](M, N, K, A, lda, B, ldb, C, ldc);
}
