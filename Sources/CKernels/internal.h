/* Shared between the kernel files; not part of the module's interface. */
#ifndef SCRATCHNET_CKERNELS_INTERNAL_H
#define SCRATCHNET_CKERNELS_INTERNAL_H

/* One register tile: C[0..mr, 0..nr) (stride ldc) = (first ? 0 : C) + op(A) @ B over kc steps, each
 * element's chain in increasing k with one fma per step. op(A)[i, k] is A[i*ai + k*ak]: a packed
 * micro-panel (ai = 1, ak = MR), or A where it lies (ai = lda, ak = 1; transposed ai = 1, ak = lda).
 * B row k starts at B + k*bs; only columns < nr are read. mr <= MR, nr <= NR. */
typedef void (*sn_tile_fn)(int kc, const double *A, long ai, long ak, const double *B, long bs,
                           double *C, long ldc, int mr, int nr, int first);

/* P[k*ps + r] = src[r*ld + k] for r < rows (a multiple of pack_t_rows), k < kc. */
typedef void (*sn_pack_t_fn)(const double *src, long ld, int rows, int kc, double *P, long ps);

typedef struct {
    sn_tile_fn tile;
    sn_pack_t_fn pack_t; /* optional fast transposing pack (NULL: plain loops) */
    int pack_t_rows;
    int mr, nr;   /* register tile */
    int kc;       /* largest k block: an A micro-panel (mr x kc) stays in L1 */
    int nc;       /* columns per B block (multiple of nr): kc x nc stays in L2 */
} sn_kernel_desc;

void sn_tile_portable(int kc, const double *A, long ai, long ak, const double *B, long bs, double *C,
        long ldc, int mr, int nr, int first);
double sn_fma_loop_portable(long iterations);

#if defined(__x86_64__)
void sn_tile_avx2(int kc, const double *A, long ai, long ak, const double *B, long bs, double *C,
        long ldc, int mr, int nr, int first);
void sn_tile_avx512(int kc, const double *A, long ai, long ak, const double *B, long bs, double *C,
        long ldc, int mr, int nr, int first);
void sn_pack_transposed_avx512(const double *src, long ld, int rows, int kc, double *P, long ps);
void sn_pack_transposed_avx2(const double *src, long ld, int rows, int kc, double *P, long ps);
double sn_fma_loop_avx2(long iterations);
double sn_fma_loop_avx512(long iterations);
/* narrow.c: at most 8 columns; each returns 0 (doing nothing) for shapes it does not take. */
int sn_small_narrow_avx512(int transA, int transB, int M, int N, int K, const double *A, int lda,
                           const double *B, int ldb, double *C, int ldc);
/* sn_column_sums_narrow_avx512 and sn_small_narrow_bias_avx512 are in kernels.h (BenchKernels uses them). */
#endif

#define SN_ALWAYS_INLINE static inline __attribute__((always_inline))

#endif
