/* Small products (with, for a forward layer, its bias and ReLU applied in the registers) and column
 * sums of matrices with at most 8 columns (the 5-unit and 1-unit layers of tutorial 000's 3-5-1
 * network), with one AVX-512 register per row and a mask for the columns:
 * the 4x4 blocks of small.c spend most of their instructions on the edges there (5 columns are a
 * block and a leftover; 1 column is all leftover), and the scalar column sums wait on each add.
 * The same operations in the same order as the reference: each element is acc = 0;
 * acc = fma(opA[i,k], opB[k,j], acc) for k in increasing order (up to 8 rows side by side); a
 * column sum starts at +0 and adds the rows in order. So the numbers are those of every other path.
 *
 * The forward product adds the bias and takes the ReLU before its stores: a separate bias pass
 * would load rows that masked stores have just written, which cannot be forwarded to the loads. */
#include "internal.h"

#if defined(__x86_64__)
#include <immintrin.h>

#define T512 __attribute__((target("avx512f,avx512vl")))

/* The transposed B of a narrow product is copied into rows of 8 first; up to this many k. */
#define NARROW_MAX_TRANSPOSED_K 64

/* ROWS rows of C (N <= 8 columns) = op(A) @ Bk, Bk's row k at Bk + k*bs: ROWS independent chains
 * sharing each row of B, so that the latency of one chain (K dependent fmas) hides behind the
 * others. With BIAS, the rows are stored as z = acc + bias and, when `act` is given, relu(z) there
 * too (as the bias epilogue computes them, 0 >= v ? 0 : v), straight from the registers. */
SN_ALWAYS_INLINE T512 void narrow_block(const int TA, const int ROWS, const int BIAS, int i, int K, const double *A,
                                        long lda, const double *Bk, long bs, double *C, long ldc, __mmask8 m,
                                        __m512d bias, double *act) {
    __m512d c[8];
#pragma clang loop unroll(full)
    for (int r = 0; r < ROWS; r++) c[r] = _mm512_setzero_pd();
    for (int k = 0; k < K; k++) {
        const __m512d b = _mm512_maskz_loadu_pd(m, Bk + (long)k * bs);
#pragma clang loop unroll(full)
        for (int r = 0; r < ROWS; r++) {
            const double a = TA ? A[(long)k * lda + i + r] : A[(long)(i + r) * lda + k];
            c[r] = _mm512_fmadd_pd(_mm512_set1_pd(a), b, c[r]);
        }
    }
#pragma clang loop unroll(full)
    for (int r = 0; r < ROWS; r++) {
        if (BIAS) {
            const __m512d v = _mm512_add_pd(c[r], bias);
            _mm512_mask_storeu_pd(C + (long)(i + r) * ldc, m, v);
            if (act) {
                const __mmask8 off = _mm512_cmp_pd_mask(_mm512_setzero_pd(), v, _CMP_GE_OQ);
                _mm512_mask_storeu_pd(act + (long)(i + r) * ldc, m, _mm512_mask_blend_pd(off, v, _mm512_setzero_pd()));
            }
        } else {
            _mm512_mask_storeu_pd(C + (long)(i + r) * ldc, m, c[r]);
        }
    }
}

SN_ALWAYS_INLINE T512 void narrow_rows(const int TA, const int BIAS, int M, int K, const double *A, long lda,
                                       const double *Bk, long bs, double *C, long ldc, __mmask8 m, __m512d bias,
                                       double *act) {
    int i = 0;
    for (; i + 8 <= M; i += 8) narrow_block(TA, 8, BIAS, i, K, A, lda, Bk, bs, C, ldc, m, bias, act);
    switch (M - i) {
    case 1: narrow_block(TA, 1, BIAS, i, K, A, lda, Bk, bs, C, ldc, m, bias, act); break;
    case 2: narrow_block(TA, 2, BIAS, i, K, A, lda, Bk, bs, C, ldc, m, bias, act); break;
    case 3: narrow_block(TA, 3, BIAS, i, K, A, lda, Bk, bs, C, ldc, m, bias, act); break;
    case 4: narrow_block(TA, 4, BIAS, i, K, A, lda, Bk, bs, C, ldc, m, bias, act); break;
    case 5: narrow_block(TA, 5, BIAS, i, K, A, lda, Bk, bs, C, ldc, m, bias, act); break;
    case 6: narrow_block(TA, 6, BIAS, i, K, A, lda, Bk, bs, C, ldc, m, bias, act); break;
    case 7: narrow_block(TA, 7, BIAS, i, K, A, lda, Bk, bs, C, ldc, m, bias, act); break;
    default: break;
    }
}

T512 int sn_small_narrow_avx512(int transA, int transB, int M, int N, int K, const double *A, int lda,
                                const double *B, int ldb, double *C, int ldc) {
    if (N < 1 || N > 8 || (transB && K > NARROW_MAX_TRANSPOSED_K)) return 0;
    const __mmask8 m = (__mmask8)((1u << N) - 1);
    const double *Bk = B;
    long bs = ldb;
    double bt[NARROW_MAX_TRANSPOSED_K * 8];
    if (transB) {
        /* op(B)[k, j] = B[j*ldb + k]: rows of 8 (unused columns are never read unmasked) */
        for (int j = 0; j < N; j++)
            for (int k = 0; k < K; k++) bt[k * 8 + j] = B[(long)j * ldb + k];
        Bk = bt;
        bs = 8;
    }
    const __m512d none = _mm512_setzero_pd();
    if (transA) narrow_rows(1, 0, M, K, A, lda, Bk, bs, C, ldc, m, none, 0);
    else narrow_rows(0, 0, M, K, A, lda, Bk, bs, C, ldc, m, none, 0);
    return 1;
}

T512 int sn_small_narrow_bias_avx512(int M, int N, int K, const double *A, int lda, const double *B, int ldb,
                                     double *z, int ldz, const double *bias, double *act) {
    if (N < 1 || N > 8) return 0;
    const __mmask8 m = (__mmask8)((1u << N) - 1);
    narrow_rows(0, 1, M, K, A, lda, B, ldb, z, ldz, m, _mm512_maskz_loadu_pd(m, bias), act);
    return 1;
}

T512 int sn_column_sums_narrow_avx512(const double *g, double *out, int rows, int columns) {
    if (columns < 1 || columns > 8) return 0;
    const __mmask8 m = (__mmask8)((1u << columns) - 1);
    __m512d s = _mm512_setzero_pd();
    for (int r = 0; r < rows; r++) s = _mm512_add_pd(s, _mm512_maskz_loadu_pd(m, g + (long)r * columns));
    _mm512_mask_storeu_pd(out, m, s);
    return 1;
}

#endif
