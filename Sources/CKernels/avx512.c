/* The AVX-512 tile: 8 rows x 24 columns (3 zmm per row) in 24 accumulators, B rows loaded as
 * vectors, A values broadcast. Edge tiles use the same code specialised for fewer rows, fewer
 * vectors and a masked last vector (zmm, or ymm for 1-4 columns), so no temporary tile is needed
 * and nothing beyond column nr is read or written. Also the 8x8-transposing pack. */
#include "internal.h"

#if defined(__x86_64__)
#include <immintrin.h>

#define T512 __attribute__((target("avx512f,avx512vl")))

/* MRc rows; NF full zmm columns; TAIL: 0 none, 1 a masked ymm (1-4 columns), 2 a masked zmm
 * (5-7 columns). The ymm tail halves the work of a narrow edge (N = 10, 50...) on CPUs that split
 * zmm operations in two. */
SN_ALWAYS_INLINE T512 void k512(const int MRc, const int NF, const int TAIL, int kc,
                                 const double *restrict A, long ai, long ak,
                                 const double *restrict B, long bs,
                                 double *restrict C, long ldc, __mmask8 m, int first) {
    __m512d c[8][3];
    __m512d t[8];
    __m256d h[8];
#pragma clang loop unroll(full)
    for (int i = 0; i < MRc; i++) {
        const double *ci = C + i * ldc;
#pragma clang loop unroll(full)
        for (int v = 0; v < NF; v++) c[i][v] = first ? _mm512_setzero_pd() : _mm512_loadu_pd(ci + 8 * v);
        if (TAIL == 2) t[i] = first ? _mm512_setzero_pd() : _mm512_maskz_loadu_pd(m, ci + 8 * NF);
        if (TAIL == 1) h[i] = first ? _mm256_setzero_pd() : _mm256_maskz_loadu_pd(m, ci + 8 * NF);
    }
    for (int k = 0; k < kc; k++) {
        const double *b = B + k * bs;
        const double *a = A + k * ak;
        __m512d bv[3], bt = _mm512_setzero_pd();
        __m256d bh = _mm256_setzero_pd();
#pragma clang loop unroll(full)
        for (int v = 0; v < NF; v++) bv[v] = _mm512_loadu_pd(b + 8 * v);
        if (TAIL == 2) bt = _mm512_maskz_loadu_pd(m, b + 8 * NF);
        if (TAIL == 1) bh = _mm256_maskz_loadu_pd(m, b + 8 * NF);
#pragma clang loop unroll(full)
        for (int i = 0; i < MRc; i++) {
            if (NF > 0 || TAIL == 2) {
                __m512d av = _mm512_set1_pd(a[i * ai]);
#pragma clang loop unroll(full)
                for (int v = 0; v < NF; v++) c[i][v] = _mm512_fmadd_pd(av, bv[v], c[i][v]);
                if (TAIL == 2) t[i] = _mm512_fmadd_pd(av, bt, t[i]);
            }
            if (TAIL == 1) h[i] = _mm256_fmadd_pd(_mm256_set1_pd(a[i * ai]), bh, h[i]);
        }
    }
#pragma clang loop unroll(full)
    for (int i = 0; i < MRc; i++) {
        double *ci = C + i * ldc;
#pragma clang loop unroll(full)
        for (int v = 0; v < NF; v++) _mm512_storeu_pd(ci + 8 * v, c[i][v]);
        if (TAIL == 2) _mm512_mask_storeu_pd(ci + 8 * NF, m, t[i]);
        if (TAIL == 1) _mm256_mask_storeu_pd(ci + 8 * NF, m, h[i]);
    }
}

#define K512_SEL(MRc)                                                                  \
    switch (sel) {                                                                     \
    case 1: k512(MRc, 0, 1, kc, A, ai, ak, B, bs, C, ldc, m, first); break;                  \
    case 2: k512(MRc, 0, 2, kc, A, ai, ak, B, bs, C, ldc, m, first); break;                  \
    case 3: k512(MRc, 1, 0, kc, A, ai, ak, B, bs, C, ldc, m, first); break;                  \
    case 4: k512(MRc, 1, 1, kc, A, ai, ak, B, bs, C, ldc, m, first); break;                  \
    case 5: k512(MRc, 1, 2, kc, A, ai, ak, B, bs, C, ldc, m, first); break;                  \
    case 6: k512(MRc, 2, 0, kc, A, ai, ak, B, bs, C, ldc, m, first); break;                  \
    case 7: k512(MRc, 2, 1, kc, A, ai, ak, B, bs, C, ldc, m, first); break;                  \
    case 8: k512(MRc, 2, 2, kc, A, ai, ak, B, bs, C, ldc, m, first); break;                  \
    default: k512(MRc, 3, 0, kc, A, ai, ak, B, bs, C, ldc, m, first); break;                 \
    }

T512 void sn_tile_avx512(int kc, const double *A, long ai, long ak, const double *B, long bs, double *C, long ldc,
                         int mr, int nr, int first) {
    if (mr == 8 && nr == 24) {
        k512(8, 3, 0, kc, A, ai, ak, B, bs, C, ldc, 0xFF, first);
        return;
    }
    const int nf = nr / 8, rem = nr & 7;
    const int sel = nf * 3 + (rem == 0 ? 0 : rem <= 4 ? 1 : 2);
    const __mmask8 m = (__mmask8)((1u << rem) - 1);
    switch (mr) {
    case 1: K512_SEL(1); break;
    case 2: K512_SEL(2); break;
    case 3: K512_SEL(3); break;
    case 4: K512_SEL(4); break;
    case 5: K512_SEL(5); break;
    case 6: K512_SEL(6); break;
    case 7: K512_SEL(7); break;
    default: K512_SEL(8); break;
    }
}

/* P[k*ps + r] = src[r*ld + k] for r < rows (a multiple of 8) and k < kc: packing a transposed
 * operand (op(B) of a transposed B, or an A strip) with 8x8 register transposes. */
T512 void sn_pack_transposed_avx512(const double *src, long ld, int rows, int kc, double *P, long ps) {
    for (int r0 = 0; r0 < rows; r0 += 8) {
        const double *s = src + r0 * ld;
        double *d = P + r0;
        int k = 0;
        for (; k + 8 <= kc; k += 8) {
            __m512d r[8], t[8], u[4], v[4];
            for (int i = 0; i < 8; i++) r[i] = _mm512_loadu_pd(s + i * ld + k);
            for (int i = 0; i < 4; i++) {
                t[2 * i] = _mm512_unpacklo_pd(r[2 * i], r[2 * i + 1]);
                t[2 * i + 1] = _mm512_unpackhi_pd(r[2 * i], r[2 * i + 1]);
            }
            /* t0: (r0c,r1c) for c = 0,2,4,6; t1: c = 1,3,5,7; t2/t3 rows 2-3; ... */
            u[0] = _mm512_shuffle_f64x2(t[0], t[2], 0x88); /* c=0,4 of rows 0-3 */
            u[1] = _mm512_shuffle_f64x2(t[0], t[2], 0xDD); /* c=2,6 */
            u[2] = _mm512_shuffle_f64x2(t[1], t[3], 0x88); /* c=1,5 */
            u[3] = _mm512_shuffle_f64x2(t[1], t[3], 0xDD); /* c=3,7 */
            v[0] = _mm512_shuffle_f64x2(t[4], t[6], 0x88);
            v[1] = _mm512_shuffle_f64x2(t[4], t[6], 0xDD);
            v[2] = _mm512_shuffle_f64x2(t[5], t[7], 0x88);
            v[3] = _mm512_shuffle_f64x2(t[5], t[7], 0xDD);
            _mm512_storeu_pd(d + (k + 0) * ps, _mm512_shuffle_f64x2(u[0], v[0], 0x88));
            _mm512_storeu_pd(d + (k + 4) * ps, _mm512_shuffle_f64x2(u[0], v[0], 0xDD));
            _mm512_storeu_pd(d + (k + 2) * ps, _mm512_shuffle_f64x2(u[1], v[1], 0x88));
            _mm512_storeu_pd(d + (k + 6) * ps, _mm512_shuffle_f64x2(u[1], v[1], 0xDD));
            _mm512_storeu_pd(d + (k + 1) * ps, _mm512_shuffle_f64x2(u[2], v[2], 0x88));
            _mm512_storeu_pd(d + (k + 5) * ps, _mm512_shuffle_f64x2(u[2], v[2], 0xDD));
            _mm512_storeu_pd(d + (k + 3) * ps, _mm512_shuffle_f64x2(u[3], v[3], 0x88));
            _mm512_storeu_pd(d + (k + 7) * ps, _mm512_shuffle_f64x2(u[3], v[3], 0xDD));
        }
        for (; k < kc; k++)
            for (int i = 0; i < 8; i++) d[k * ps + i] = s[i * ld + k];
    }
}

T512 double sn_fma_loop_avx512(long iterations) {
    __m512d x[12];
    const __m512d y = _mm512_set1_pd(1.0000001), z = _mm512_set1_pd(1e-9);
    for (int i = 0; i < 12; i++) x[i] = _mm512_set1_pd(1.0 + i * 1e-3);
    for (long n = 0; n < iterations; n++) {
#pragma clang loop unroll(full)
        for (int i = 0; i < 12; i++) x[i] = _mm512_fmadd_pd(x[i], y, z);
    }
    __m512d s = x[0];
    for (int i = 1; i < 12; i++) s = _mm512_add_pd(s, x[i]);
    return _mm512_reduce_add_pd(s);
}

#endif
