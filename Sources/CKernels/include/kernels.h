/* CKernels: the matrix-product kernels behind Tensor.matmul.
 *
 * The contract: every output element is
 *     acc = 0; for k in 0..<K: acc = fma(opA[i,k], opB[k,j], acc)
 * in exactly this order and rounding, the same as Tensor.matmulReference. Blocking over k stores
 * the partial acc in C and continues from it, which keeps the chain exact. So every path agrees
 * with the reference to the last bit, at any thread count, on any CPU.
 *
 * Matrices are row-major. opA is A (M x K, stride lda) or, with transA, the transpose of the
 * stored K x M matrix; likewise opB is B (K x N) or, with transB, the transpose of a stored N x K.
 */
#ifndef SCRATCHNET_CKERNELS_H
#define SCRATCHNET_CKERNELS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Kernel paths. */
#define SN_PATH_PORTABLE 0 /* scalar C fma(), any CPU */
#define SN_PATH_AVX2 1     /* x86-64 AVX2 + FMA, 6x8 micro-kernel */
#define SN_PATH_AVX512 2   /* x86-64 AVX-512F+VL, 8x24 micro-kernel */
#define SN_PATH_COUNT 3

/* The path used by the next products: the forced one, or the best this CPU supports (chosen once). */
int sn_active_path(void);
/* The best path this CPU supports, ignoring any forcing. */
int sn_best_path(void);
/* 1 if `path` can run on this CPU. */
int sn_path_available(int path);
/* Forces `path` (-1 returns to automatic choice). Returns 0, or -1 if the path cannot run here. */
int sn_force_path(int path);
/* "portable", "avx2", "avx512" (or "unknown"). */
const char *sn_path_name(int path);

/* The register tile of a path: rows (mr) and columns (nr). */
int sn_path_mr(int path);
int sn_path_nr(int path);

/* The number of processors this process may run on (at least 1). */
int sn_cpu_count(void);

/* Pre-packing op(B) once, shared by the threads that compute disjoint row ranges.
 * The packed layout depends on `path`; pass the same path to sn_dgemm_rows. */
size_t sn_packed_b_count(int path, int N, int K);   /* doubles needed */
int sn_packed_b_panels(int path, int N);            /* panels, the unit of sn_pack_b's range */
void sn_pack_b(int path, int transB, int N, int K, const double *B, int ldb, double *Bp,
               int panelBegin, int panelEnd);

/* A buffer of at least `count` doubles (64-byte aligned) for sn_pack_b, reused across calls;
 * give it back with sn_pack_buffer_release. Thread-safe. */
double *sn_pack_buffer_acquire(size_t count);
void sn_pack_buffer_release(double *buffer);

/* Rows [rowBegin, rowEnd) of C = op(A) @ op(B), overwriting C (M x N, stride ldc).
 * Bp: NULL, or op(B) packed by sn_pack_b with the same path (then B and ldb are ignored).
 * Safe to call from several threads at once on disjoint row ranges. */
void sn_dgemm_rows(int path, int transA, int transB, int M, int N, int K,
                   const double *A, int lda, const double *B, int ldb, const double *Bp,
                   double *C, int ldc, int rowBegin, int rowEnd);

/* The same with the active path and no pre-packing. */
void sn_dgemm(int transA, int transB, int M, int N, int K, const double *A, int lda,
              const double *B, int ldb, double *C, int ldc, int rowBegin, int rowEnd);

/* Runs fn(ctx, part) for part in 0..<parts on up to `threads` threads (the caller and pooled
 * workers that stay awake briefly between jobs), returning when all are done. Parts must be
 * independent. If the pool is busy (another caller's job, or a job this thread has started and
 * not yet finished), runs every part on the caller. */
typedef void (*sn_task_fn)(void *ctx, int part);
void sn_parallel_run(int parts, int threads, sn_task_fn fn, void *ctx);
/* Starts fn's parts on up to threads - 1 pooled workers and returns at once, the caller free to do
 * other work (products it runs meanwhile find the pool busy and run on the caller alone); returns
 * 0, running nothing, when the pool is busy or threads < 2. After a start that returned 1, the
 * same thread must call sn_parallel_finish, which runs the parts no worker has taken and waits for
 * the rest (and does nothing on a thread with no job of its own started). */
int sn_parallel_start(int parts, int threads, sn_task_fn fn, void *ctx);
void sn_parallel_finish(void);

/* Epilogues on rows [r0, r1) and columns [c0, c1) of row-major matrices of stride ld:
 * z += bias (per column), and a = max(z, 0) when a is not NULL;
 * out = g * (x > 0 ? 1 : 0);  w -= s * g. The same rounding as the element-wise Swift code. */
void sn_epi_bias(double *z, double *a, const double *bias, long ld, long r0, long r1, long c0, long c1);
void sn_epi_relu_mask(double *out, const double *g, const double *x, long ld, long r0, long r1, long c0, long c1);
void sn_epi_sub_scaled(double *w, const double *g, double s, long ld, long r0, long r1, long c0, long c1);

/* C = op(A) @ op(B) by the plain reference loop (one fma chain per element, k in order): for tiny
 * products, where packing and tiling cost more than they save. Same numbers as sn_dgemm_rows. */
void sn_dgemm_small(int path, int transA, int transB, int M, int N, int K, const double *A, int lda,
                    const double *B, int ldb, double *C, int ldc);
/* out[j] = sum over rows r in order from 0 of g[r, j] (starting from +0.0): sum(axis: 0). */
void sn_column_sums(const double *g, double *out, int rows, int columns);

#if defined(__x86_64__)
/* Products with at most 8 columns on AVX-512 (narrow.c); each returns 0, doing nothing, for shapes
 * it does not take. Column sums of g (rows x columns) into out, as sn_column_sums: */
int sn_column_sums_narrow_avx512(const double *g, double *out, int rows, int columns);
/* z = x @ w + bias (x: M x K, w: K x N, N <= 8, rows of z and act N apart), and act = relu(z) if given */
int sn_small_narrow_bias_avx512(int M, int N, int K, const double *A, int lda, const double *B, int ldb,
                                double *z, int ldz, const double *bias, double *act);
#endif

/* dst row r = src row indices[r], for r < count; rows of `width` doubles (gather.c). */
void sn_gather_rows(const double *src, long width, const long *indices, long count, double *dst);
/* The same copy in two halves on up to `threads` threads (sn_parallel_run). */
void sn_gather_rows_split(const double *src, long width, const long *indices, long count, double *dst, int threads);
/* The same copy on another core (sn_parallel_start) while the caller goes on; returns 0 having
 * done nothing when no worker is free (then copy with sn_gather_rows). After 1, the arguments
 * must stay valid, and dst untouched, until sn_gather_rows_finish, which waits for the copy. One
 * at a time per thread. */
int sn_gather_rows_start(const double *src, long width, const long *indices, long count, double *dst, int threads);
void sn_gather_rows_finish(void);

/* A loop of independent fused multiply-adds on `path`'s widest registers, for measuring the peak.
 * Returns a value that depends on every result (so the loop is not removed); the number of
 * floating-point operations done is iterations * sn_fma_loop_flops_per_iteration(path). */
double sn_fma_loop(int path, long iterations);
long sn_fma_loop_flops_per_iteration(int path);

#ifdef __cplusplus
}
#endif
#endif
