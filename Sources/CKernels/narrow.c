/* Small products and column sums of matrices with at most 8 columns (the 5-unit and 1-unit layers
 * of tutorial 000's 3-5-1 network), with one AVX-512 register per row and a mask for the columns:
 * the 4x4 blocks of small.c spend most of their instructions on the edges there (5 columns are a
 * block and a leftover; 1 column is all leftover), and the scalar column sums wait on each add.
 * The same operations in the same order as the reference: each element is acc = 0;
 * acc = fma(opA[i,k], opB[k,j], acc) for k in increasing order (up to 8 rows side by side); a
 * column sum starts at +0 and adds the rows in order. So the numbers are those of every other path.
 *
 * (The bias pass stays scalar: a masked row store of 5 doubles followed by the next row's masked
 * load, 40 bytes on, cannot be forwarded, and the vector pass ran 2-3x slower than the scalar one.
 * Measured on a 3-5-1 step in a C loop, best of 2000 x 200 steps: 700-1130 ns -> 410-545 ns with
 * the products and sums here, 715-930 ns with the vector bias pass as well.) */
#include "internal.h"

#if defined(__x86_64__)
#include <immintrin.h>

#define T512 __attribute__((target("avx512f,avx512vl")))

/* The transposed B of a narrow product is copied into rows of 8 first; up to this many k. */
#define NARROW_MAX_TRANSPOSED_K 64

/* ROWS rows of C (N <= 8 columns) = op(A) @ Bk, Bk's row k at Bk + k*bs: ROWS independent chains
 * sharing each row of B, so that the latency of one chain (K dependent fmas) hides behind the
 * others. */
SN_ALWAYS_INLINE T512 void narrow_block(const int TA, const int ROWS, int i, int K, const double *A, long lda,
                                        const double *Bk, long bs, double *C, long ldc, __mmask8 m) {
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
    for (int r = 0; r < ROWS; r++) _mm512_mask_storeu_pd(C + (long)(i + r) * ldc, m, c[r]);
}

SN_ALWAYS_INLINE T512 void narrow_rows(const int TA, int M, int K, const double *A, long lda, const double *Bk,
                                       long bs, double *C, long ldc, __mmask8 m) {
    int i = 0;
    for (; i + 8 <= M; i += 8) narrow_block(TA, 8, i, K, A, lda, Bk, bs, C, ldc, m);
    switch (M - i) {
    case 1: narrow_block(TA, 1, i, K, A, lda, Bk, bs, C, ldc, m); break;
    case 2: narrow_block(TA, 2, i, K, A, lda, Bk, bs, C, ldc, m); break;
    case 3: narrow_block(TA, 3, i, K, A, lda, Bk, bs, C, ldc, m); break;
    case 4: narrow_block(TA, 4, i, K, A, lda, Bk, bs, C, ldc, m); break;
    case 5: narrow_block(TA, 5, i, K, A, lda, Bk, bs, C, ldc, m); break;
    case 6: narrow_block(TA, 6, i, K, A, lda, Bk, bs, C, ldc, m); break;
    case 7: narrow_block(TA, 7, i, K, A, lda, Bk, bs, C, ldc, m); break;
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
    if (transA) narrow_rows(1, M, K, A, lda, Bk, bs, C, ldc, m);
    else narrow_rows(0, M, K, A, lda, Bk, bs, C, ldc, m);
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
