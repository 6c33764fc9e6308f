/* The AVX2 + FMA tile: 6 rows x 8 columns (2 ymm per row) in 12 accumulators, as avx512.c but
 * with 16 registers. The masked variant reads and writes only columns < nr. Also the 4x4-
 * transposing pack. */
#include "internal.h"

#if defined(__x86_64__)
#include <immintrin.h>

#define T2 __attribute__((target("avx2,fma")))

SN_ALWAYS_INLINE T2 void k256(const int MRc, const int NV, const int masked, int kc,
                               const double *restrict A, long ai, long ak,
                                 const double *restrict B, long bs,
                               double *restrict C, long ldc, __m256i m, int first) {
    __m256d c[6][2];
#pragma clang loop unroll(full)
    for (int i = 0; i < MRc; i++)
#pragma clang loop unroll(full)
        for (int v = 0; v < NV; v++) {
            if (first) c[i][v] = _mm256_setzero_pd();
            else if (masked && v == NV - 1) c[i][v] = _mm256_maskload_pd(C + i * ldc + 4 * v, m);
            else c[i][v] = _mm256_loadu_pd(C + i * ldc + 4 * v);
        }
    for (int k = 0; k < kc; k++) {
        const double *b = B + k * bs;
        const double *a = A + k * ak;
        __m256d bv[2];
#pragma clang loop unroll(full)
        for (int v = 0; v < NV; v++)
            bv[v] = (masked && v == NV - 1) ? _mm256_maskload_pd(b + 4 * v, m) : _mm256_loadu_pd(b + 4 * v);
#pragma clang loop unroll(full)
        for (int i = 0; i < MRc; i++) {
            __m256d av = _mm256_broadcast_sd(a + i * ai);
#pragma clang loop unroll(full)
            for (int v = 0; v < NV; v++) c[i][v] = _mm256_fmadd_pd(av, bv[v], c[i][v]);
        }
    }
#pragma clang loop unroll(full)
    for (int i = 0; i < MRc; i++)
#pragma clang loop unroll(full)
        for (int v = 0; v < NV; v++) {
            if (masked && v == NV - 1) _mm256_maskstore_pd(C + i * ldc + 4 * v, m, c[i][v]);
            else _mm256_storeu_pd(C + i * ldc + 4 * v, c[i][v]);
        }
}

#define K256_NV(MRc)                                                                  \
    switch (sel) {                                                                    \
    case 2: k256(MRc, 1, 0, kc, A, ai, ak, B, bs, C, ldc, m, first); break;                 \
    case 3: k256(MRc, 1, 1, kc, A, ai, ak, B, bs, C, ldc, m, first); break;                 \
    case 4: k256(MRc, 2, 0, kc, A, ai, ak, B, bs, C, ldc, m, first); break;                 \
    default: k256(MRc, 2, 1, kc, A, ai, ak, B, bs, C, ldc, m, first); break;                \
    }

T2 void sn_tile_avx2(int kc, const double *A, long ai, long ak, const double *B, long bs, double *C, long ldc,
                     int mr, int nr, int first) {
    const int nv = (nr + 3) / 4, rem = nr & 3;
    const __m256i m = _mm256_set_epi64x(rem == 0 || rem > 3 ? -1 : 0, rem == 0 || rem > 2 ? -1 : 0,
                                        rem == 0 || rem > 1 ? -1 : 0, -1);
    if (mr == 6 && nr == 8) {
        k256(6, 2, 0, kc, A, ai, ak, B, bs, C, ldc, m, first);
        return;
    }
    const int sel = nv * 2 + (rem != 0);
    switch (mr) {
    case 1: K256_NV(1); break;
    case 2: K256_NV(2); break;
    case 3: K256_NV(3); break;
    case 4: K256_NV(4); break;
    case 5: K256_NV(5); break;
    default: K256_NV(6); break;
    }
}

/* P[k*ps + r] = src[r*ld + k] for r < rows (a multiple of 4) and k < kc, with 4x4 transposes. */
T2 void sn_pack_transposed_avx2(const double *src, long ld, int rows, int kc, double *P, long ps) {
    for (int r0 = 0; r0 < rows; r0 += 4) {
        const double *s = src + r0 * ld;
        double *d = P + r0;
        int k = 0;
        for (; k + 4 <= kc; k += 4) {
            __m256d a = _mm256_loadu_pd(s + k), b = _mm256_loadu_pd(s + ld + k);
            __m256d c = _mm256_loadu_pd(s + 2 * ld + k), e = _mm256_loadu_pd(s + 3 * ld + k);
            __m256d t0 = _mm256_unpacklo_pd(a, b), t1 = _mm256_unpackhi_pd(a, b);
            __m256d t2 = _mm256_unpacklo_pd(c, e), t3 = _mm256_unpackhi_pd(c, e);
            _mm256_storeu_pd(d + (k + 0) * ps, _mm256_permute2f128_pd(t0, t2, 0x20));
            _mm256_storeu_pd(d + (k + 1) * ps, _mm256_permute2f128_pd(t1, t3, 0x20));
            _mm256_storeu_pd(d + (k + 2) * ps, _mm256_permute2f128_pd(t0, t2, 0x31));
            _mm256_storeu_pd(d + (k + 3) * ps, _mm256_permute2f128_pd(t1, t3, 0x31));
        }
        for (; k < kc; k++)
            for (int i = 0; i < 4; i++) d[k * ps + i] = s[i * ld + k];
    }
}

T2 double sn_fma_loop_avx2(long iterations) {
    __m256d x[12];
    const __m256d y = _mm256_set1_pd(1.0000001), z = _mm256_set1_pd(1e-9);
    for (int i = 0; i < 12; i++) x[i] = _mm256_set1_pd(1.0 + i * 1e-3);
    for (long n = 0; n < iterations; n++) {
#pragma clang loop unroll(full)
        for (int i = 0; i < 12; i++) x[i] = _mm256_fmadd_pd(x[i], y, z);
    }
    __m256d s = x[0];
    for (int i = 1; i < 12; i++) s = _mm256_add_pd(s, x[i]);
    double out[4];
    _mm256_storeu_pd(out, s);
    return out[0] + out[1] + out[2] + out[3];
}

#endif
