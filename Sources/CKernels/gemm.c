/* The blocked driver: packing, cache blocking and dispatch. The register tiles live in
 * portable.c, avx2.c and avx512.c. */
#define _GNU_SOURCE
#include "kernels.h"
#include "internal.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#if defined(__linux__)
#include <sched.h>
#endif
#include <unistd.h>

/* ---------------------------------------------------------------- paths and dispatch */

/* kc (the k block) keeps an A micro-panel, MR x kc, in L1 (8 x 256 doubles: 16 KiB). The column
 * block nc is set at start-up from this core's L2 (see blocking_init). */
#define AVX512_KC 256
#define DEFAULT_L2_BYTES (1L << 20)

/* The last field, nc, is replaced at start-up by blocking_init. */
static sn_kernel_desc descs[SN_PATH_COUNT] = {
    [SN_PATH_PORTABLE] = {sn_tile_portable, NULL, 1, 4, 4, 256, 512},
#if defined(__x86_64__)
    [SN_PATH_AVX2] = {sn_tile_avx2, sn_pack_transposed_avx2, 4, 6, 8, 256, 512},
    [SN_PATH_AVX512] = {sn_tile_avx512, sn_pack_transposed_avx512, 8, 8, 24, AVX512_KC, 480},
#endif
};

/* Half of L2 for a kc x nc block of B, which every row strip of a thread reads in turn: it must
 * stay in the core's own L2: on a core whose L3 is slow to reach (a 2-core slice of a large Xeon),
 * a B block that spilled there halved the speed of large products. The blocking never changes a
 * result: every element is one fma chain in increasing k whatever the blocks. */
static long l2_bytes = DEFAULT_L2_BYTES;

static void blocking_init(void) {
#if defined(_SC_LEVEL2_CACHE_SIZE)
    long l2 = sysconf(_SC_LEVEL2_CACHE_SIZE);
    if (l2 >= 128 * 1024 && l2 <= 64L * 1024 * 1024) l2_bytes = l2;
#endif
    for (int p = 0; p < SN_PATH_COUNT; p++) {
        sn_kernel_desc *d = &descs[p];
        if (!d->tile) continue;
        long nc = l2_bytes / 2 / ((long)d->kc * (long)sizeof(double)) / d->nr * d->nr;
        if (nc < 4 * d->nr) nc = 4 * d->nr;
        if (nc > 4096) nc = 4096 / d->nr * d->nr;
        d->nc = (int)nc;
    }
}

static pthread_once_t blocking_once = PTHREAD_ONCE_INIT;

static const sn_kernel_desc *desc_for(int path);

static int detect_best(void) {
#if defined(__x86_64__)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl")) return SN_PATH_AVX512;
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return SN_PATH_AVX2;
#endif
    return SN_PATH_PORTABLE;
}

static _Atomic int best_path = -1;   /* detected once */
static _Atomic int forced_path = -1; /* -1: automatic */

int sn_best_path(void) {
    int p = atomic_load_explicit(&best_path, memory_order_relaxed);
    if (p < 0) {
        p = detect_best();
        atomic_store_explicit(&best_path, p, memory_order_relaxed);
    }
    return p;
}

int sn_path_available(int path) {
    switch (path) {
    case SN_PATH_PORTABLE: return 1;
#if defined(__x86_64__)
    case SN_PATH_AVX2: return sn_best_path() >= SN_PATH_AVX2;
    case SN_PATH_AVX512: return sn_best_path() >= SN_PATH_AVX512;
#endif
    default: return 0;
    }
}

int sn_force_path(int path) {
    if (path != -1 && !sn_path_available(path)) return -1;
    atomic_store_explicit(&forced_path, path, memory_order_relaxed);
    return 0;
}

int sn_active_path(void) {
    int f = atomic_load_explicit(&forced_path, memory_order_relaxed);
    return f >= 0 ? f : sn_best_path();
}

const char *sn_path_name(int path) {
    switch (path) {
    case SN_PATH_PORTABLE: return "portable";
    case SN_PATH_AVX2: return "avx2";
    case SN_PATH_AVX512: return "avx512";
    default: return "unknown";
    }
}

int sn_path_mr(int path) { return desc_for(path)->mr; }
int sn_path_nr(int path) { return desc_for(path)->nr; }

int sn_cpu_count(void) {
#if defined(__linux__) && defined(CPU_COUNT)
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0) {
        int n = CPU_COUNT(&set);
        if (n > 0) return n;
    }
#endif
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}

static const sn_kernel_desc *desc_for(int path) {
    pthread_once(&blocking_once, blocking_init);
    if (!sn_path_available(path)) path = SN_PATH_PORTABLE;
    return &descs[path];
}

/* ---------------------------------------------------------------- blocking */

/* k blocks of (nearly) equal size, none larger than d->kc. Both the packer and the driver use it. */
static int kc_for(const sn_kernel_desc *d, int K) {
    int blocks = (K + d->kc - 1) / d->kc;
    if (blocks < 1) blocks = 1;
    return (K + blocks - 1) / blocks;
}

/* Per-thread scratch, grown on demand and kept for the thread's life (worker threads are reused). */
typedef struct { double *p; size_t cap; } scratch;
static __attribute__((tls_model("initial-exec"))) _Thread_local scratch tl_a, tl_b, tl_c;

static double *scratch_get(scratch *s, size_t count) {
    if (s->cap < count) {
        free(s->p);
        size_t bytes = (count * sizeof(double) + 63) & ~(size_t)63;
        s->p = aligned_alloc(64, bytes);
        s->cap = s->p ? count : 0;
        if (!s->p) abort();
    }
    return s->p;
}

/* ---------------------------------------------------------------- packing */

/* dst[0..n) = src[0..n). With n known where it is inlined, a few vector moves (a memcpy of a
 * non-constant or larger size is a library call, which cost more than the copy in the packers). */
SN_ALWAYS_INLINE void copy_n(const int n, double *restrict dst, const double *restrict src) {
    for (int j = 0; j < n; j++) dst[j] = src[j];
}

/* P[k*NR + j] = src[k*ld + j] for k < kc, j < NR. */
SN_ALWAYS_INLINE void copy_rows(const int NR, const double *src, long ld, int kc, double *P) {
    for (int k = 0; k < kc; k++) copy_n(NR, P + (long)k * NR, src + (long)k * ld);
}

/* op(B)[pc..pc+kc, j0..j0+nr) into one panel: P[k*NR + j], zero beyond nr. */
static void pack_b_panel(const sn_kernel_desc *d, int transB, const double *B, long ldb, int pc, int kc,
                         int j0, int nr, int NR, double *P) {
    if (!transB) {
        const double *src = B + (long)pc * ldb + j0;
        if (nr == NR) {
            /* NR known in each case (see copy_n) */
            switch (NR) {
            case 24: copy_rows(24, src, ldb, kc, P); break;
            case 8: copy_rows(8, src, ldb, kc, P); break;
            case 4: copy_rows(4, src, ldb, kc, P); break;
            default: copy_rows(NR, src, ldb, kc, P); break;
            }
        } else {
            for (int k = 0; k < kc; k++) {
                double *dst = P + (long)k * NR;
                const double *s = src + (long)k * ldb;
                int j = 0;
                for (; j < nr; j++) dst[j] = s[j];
                for (; j < NR; j++) dst[j] = 0.0;
            }
        }
    } else {
        /* op(B)[k, j] = B[j*ldb + k]: read each stored row along k. */
        if (d->pack_t && nr == NR && NR % d->pack_t_rows == 0) {
            d->pack_t(B + (long)j0 * ldb + pc, ldb, NR, kc, P, NR);
            return;
        }
        for (int j = 0; j < nr; j++) {
            const double *s = B + (long)(j0 + j) * ldb + pc;
            for (int k = 0; k < kc; k++) P[(long)k * NR + j] = s[k];
        }
        for (int j = nr; j < NR; j++)
            for (int k = 0; k < kc; k++) P[(long)k * NR + j] = 0.0;
    }
}

/* op(A)[i0..i0+mr, pc..pc+kc) into a micro-panel: P[k*MR + i]. Rows >= mr are not read by tiles. */
static void pack_a_panel(const sn_kernel_desc *d, int transA, const double *A, long lda, int i0, int mr,
                         int pc, int kc, int MR, double *P) {
    if (transA) {
        /* op(A)[i, k] = A[k*lda + i]: mr contiguous values per k. */
        const double *src = A + (long)pc * lda + i0;
        for (int k = 0; k < kc; k++) {
            const double *s = src + (long)k * lda;
            double *dst = P + (long)k * MR;
            for (int i = 0; i < mr; i++) dst[i] = s[i];
        }
    } else if (d->pack_t && mr == MR && MR % d->pack_t_rows == 0) {
        d->pack_t(A + (long)i0 * lda + pc, lda, MR, kc, P, MR);
    } else {
        for (int i = 0; i < mr; i++) {
            const double *s = A + (long)(i0 + i) * lda + pc;
            for (int k = 0; k < kc; k++) P[(long)k * MR + i] = s[k];
        }
    }
}

/* One strip of mr rows of C (crow) over all panels of a column block: the tile for each panel of
 * B in turn (ps apart, rows bs apart), the last panel as wide as what is left of ncur. */
SN_ALWAYS_INLINE void tile_strip(const sn_kernel_desc *d, int kc, const double *at, long ai, long ak,
                                 const double *bblock, long ps, long bs, double *crow, long ldc, int mr, int ncur,
                                 int first) {
    const int NR = d->nr;
    for (int p = 0; p * NR < ncur; p++) {
        const int nr = ncur - p * NR < NR ? ncur - p * NR : NR;
        d->tile(kc, at, ai, ak, bblock + p * ps, bs, crow + p * NR, ldc, mr, nr, first);
    }
}

/* Panels [0, panels) of op(B)'s rows [pc, pc + kc) in the column block at jc, into P: panel p at
 * P + p * ps. */
static void pack_b_block(const sn_kernel_desc *d, int transB, const double *B, long ldb, int N, int pc, int kc,
                         int jc, int panels, double *P, long ps) {
    const int NR = d->nr;
    for (int p = 0; p < panels; p++) {
        const int j0 = jc + p * NR, nr = N - j0 < NR ? N - j0 : NR;
        pack_b_panel(d, transB, B, ldb, pc, kc, j0, nr, NR, P + (long)p * ps);
    }
}

/* Rows [i0, i0 + mc) of a transposed op(A), k in [pc, pc + kc), as consecutive micro-panels of
 * MR rows (the last one short): P[(i / MR) * kc * MR + k * MR + i % MR]. op(A)[i, k] = A[k*lda + i],
 * so each k reads mc consecutive values: one sequential pass over the block. Packing one strip at a
 * time instead reads 8 values from each of kc rows a whole row apart, which the hardware does not
 * prefetch. Each stored row starts a new stream that the hardware prefetcher picks up only after
 * a few misses, so the row PACK_PREFETCH_ROWS ahead is requested into L2 while this one is copied. */
#define PACK_PREFETCH_ROWS 16
SN_ALWAYS_INLINE void pack_a_block_transposed_mr(const int MR, const double *A, long lda, int i0, int mc, int pc,
                                                 int kc, double *P) {
    const long panel = (long)kc * MR;
    for (int k = 0; k < kc; k++) {
        const double *s = A + (long)(pc + k) * lda + i0;
        if (k + PACK_PREFETCH_ROWS < kc)
            for (int i = 0; i < mc; i += 8) __builtin_prefetch(s + PACK_PREFETCH_ROWS * lda + i, 0, 2);
        double *dst = P + (long)k * MR;
        int i = 0;
        for (; i + MR <= mc; i += MR, dst += panel) copy_n(MR, dst, s + i);
        for (int r = 0; i < mc; i++, r++) dst[r] = s[i];
    }
}

static void pack_a_block_transposed(const double *A, long lda, int i0, int mc, int pc, int kc, int MR,
                                    double *P) {
    switch (MR) {
    case 8: pack_a_block_transposed_mr(8, A, lda, i0, mc, pc, kc, P); break;
    case 6: pack_a_block_transposed_mr(6, A, lda, i0, mc, pc, kc, P); break;
    case 4: pack_a_block_transposed_mr(4, A, lda, i0, mc, pc, kc, P); break;
    default: pack_a_block_transposed_mr(MR, A, lda, i0, mc, pc, kc, P); break;
    }
}

size_t sn_packed_b_count(int path, int N, int K) {
    const sn_kernel_desc *d = desc_for(path);
    size_t panels = (size_t)((N + d->nr - 1) / d->nr);
    return panels * (size_t)d->nr * (size_t)(K > 0 ? K : 0);
}

int sn_packed_b_panels(int path, int N) {
    const sn_kernel_desc *d = desc_for(path);
    return (N + d->nr - 1) / d->nr;
}

/* Layout: for each k block starting at pc (kc rows), panels one after another, each kc x NR;
 * the block starts at pc * Npad. */
void sn_pack_b(int path, int transB, int N, int K, const double *B, int ldb, double *Bp,
               int panelBegin, int panelEnd) {
    const sn_kernel_desc *d = desc_for(path);
    if (N <= 0 || K <= 0) return;
    const int NR = d->nr, kcn = kc_for(d, K);
    const long npad = (long)((N + NR - 1) / NR) * NR;
    for (int pc = 0; pc < K; pc += kcn) {
        int kc = K - pc < kcn ? K - pc : kcn;
        for (int p = panelBegin; p < panelEnd; p++) {
            int j0 = p * NR, nr = N - j0 < NR ? N - j0 : NR;
            pack_b_panel(d, transB, B, ldb, pc, kc, j0, nr, NR, Bp + (long)pc * npad + (long)p * kc * NR);
        }
    }
}

/* ---------------------------------------------------------------- driver */

/* Up to this many rows per call, an untransposed B is read where it lies instead of being packed:
 * a B block is then reused by only a few A micro-panels, and packing would cost more than it saves. */
#define DIRECT_B_MAX_ROWS 64

/* When all of a column block of op(B) (every k) takes at most this much, it stays in L2 and the
 * rows go outermost: each 8-row strip of A then streams through once, contiguously, and its C
 * tiles stay in L1 across the k blocks (tall products such as 50000x784 @ 784x50). */
#define ROWS_OUTER_MAX_BYTES (512 * 1024)

/* Where op(B)'s k block at pc (kc rows) of the current column block lives. */
enum { B_PREPACKED, B_DIRECT, B_PACKED_ALL, B_PACKED_BLOCK };
typedef struct {
    int mode;
    const double *p; /* Bp, B, or this thread's packing buffer */
    long ld;         /* B's row stride (direct) */
    long npad;       /* prepacked: N rounded up to panels; packed-all: the column block's */
    int jc;          /* first column of the block */
} b_source;

static inline const double *b_block(const b_source *s, int pc, int kc, int NR) {
    switch (s->mode) {
    case B_PREPACKED: return s->p + (long)pc * s->npad + (long)(s->jc / NR) * kc * NR;
    case B_DIRECT: return s->p + (long)pc * s->ld + s->jc;
    case B_PACKED_ALL: return s->p + (long)pc * s->npad;
    default: return s->p;
    }
}

/* An A strip is packed only when more than this many B panels reuse it. Up to it, the tile reads
 * A where it lies (packing would move nearly as many numbers as the tile multiplies), unless A's
 * rows are a multiple of 4 KiB apart, where 8 rows would compete for one set of the L1 cache. */
#ifndef A_PACK_MIN_PANELS
#define A_PACK_MIN_PANELS 5
#endif

/* A transposed A is packed in row blocks when a thread's part has at least this many elements
 * (K x rows): below it, A stays in cache and the tiles read it where it lies. */
#ifndef TRANSPOSED_A_BLOCK_MIN
#define TRANSPOSED_A_BLOCK_MIN (256 * 1024)
#endif

void sn_dgemm_rows(int path, int transA, int transB, int M, int N, int K,
                   const double *A, int lda, const double *B, int ldb, const double *Bp,
                   double *C, int ldc, int rowBegin, int rowEnd) {
    const sn_kernel_desc *d = desc_for(path);
    if (rowBegin < 0) rowBegin = 0;
    if (rowEnd > M) rowEnd = M;
    if (rowBegin >= rowEnd || N <= 0) return;
    if (K <= 0) {
        for (int i = rowBegin; i < rowEnd; i++) memset(C + (long)i * ldc, 0, sizeof(double) * (size_t)N);
        return;
    }
    const int MR = d->mr, NR = d->nr, kcn = kc_for(d, K);
    const long npad = (long)((N + NR - 1) / NR) * NR;
    /* All of op(B) in one column block when it fits the rows-outer budget. */
    const int NC = npad * K * (long)sizeof(double) <= ROWS_OUTER_MAX_BYTES ? (int)npad : d->nc;
    /* (Not for long rows, a page or more apart, or a multiple of 4 KiB apart: TLB and L1 set
     * conflicts would cost more than packing.) */
    const int direct = !Bp && !transB && (rowEnd - rowBegin) <= DIRECT_B_MAX_ROWS && ldb < 512;
    double *ap = scratch_get(&tl_a, (size_t)MR * (size_t)kcn);

    for (int jc = 0; jc < N; jc += NC) {
        const int ncur = N - jc < NC ? N - jc : NC;
        const int panels = (ncur + NR - 1) / NR;
        const long ncpad = (long)panels * NR;
        const int rowsOuter = ncpad * K * (long)sizeof(double) <= ROWS_OUTER_MAX_BYTES;
        b_source src = {B_PACKED_BLOCK, NULL, ldb, npad, jc};
        if (Bp) {
            src.mode = B_PREPACKED;
            src.p = Bp;
        } else if (direct) {
            src.mode = B_DIRECT;
            src.p = B;
        } else if (rowsOuter) {
            /* pack every k block of this column block now; it stays in L2 */
            double *buf = scratch_get(&tl_b, (size_t)ncpad * (size_t)K);
            for (int pc = 0; pc < K; pc += kcn) {
                const int kc = K - pc < kcn ? K - pc : kcn;
                pack_b_block(d, transB, B, ldb, N, pc, kc, jc, panels, buf + (long)pc * ncpad, (long)kc * NR);
            }
            src.mode = B_PACKED_ALL;
            src.p = buf;
            src.npad = ncpad;
        } else {
            src.p = scratch_get(&tl_b, (size_t)ncpad * (size_t)kcn);
        }
        const long bs = src.mode == B_DIRECT ? ldb : NR;
        const int packA = panels > A_PACK_MIN_PANELS || (!transA && lda % 512 == 0);
        const long ai = packA ? 1 : transA ? 1 : lda, ak = packA ? MR : transA ? lda : 1;

        if (rowsOuter && src.mode != B_PACKED_BLOCK) {
            /* rows outermost: an A strip is read once, its C tiles stay in L1 over the k blocks */
            for (int ir = rowBegin; ir < rowEnd; ir += MR) {
                const int mr = rowEnd - ir < MR ? rowEnd - ir : MR;
                double *crow = C + (long)ir * ldc + jc;
                for (int pc = 0; pc < K; pc += kcn) {
                    const int kc = K - pc < kcn ? K - pc : kcn;
                    const double *bblock = b_block(&src, pc, kc, NR);
                    const long ps = src.mode == B_DIRECT ? NR : (long)kc * NR;
                    const double *at = packA ? ap : transA ? A + (long)pc * lda + ir : A + (long)ir * lda + pc;
                    if (packA) pack_a_panel(d, transA, A, lda, ir, mr, pc, kc, MR, ap);
                    tile_strip(d, kc, at, ai, ak, bblock, ps, bs, crow, ldc, mr, ncur, pc == 0);
                }
            }
            continue;
        }
        /* k blocks outermost: a block of B (kc x NC) stays in L2 while every row strip uses it.
         * A transposed A with many k is packed a row block at a time (see pack_a_block_transposed);
         * the blocks, mcMax x kc, equal in rows, take at most a quarter of L2. */
        const int blockA = transA && (long)K * (rowEnd - rowBegin) >= TRANSPOSED_A_BLOCK_MIN;
        int mcMax = (int)(l2_bytes / 4 / ((long)kcn * (long)sizeof(double))) / MR * MR;
        if (mcMax < MR) mcMax = MR;
        {
            const int rows = rowEnd - rowBegin, blocks = (rows + mcMax - 1) / mcMax;
            mcMax = ((rows + blocks - 1) / blocks + MR - 1) / MR * MR;
        }
        double *ablock = blockA ? scratch_get(&tl_c, (size_t)mcMax * (size_t)kcn) : NULL;
        for (int pc = 0; pc < K; pc += kcn) {
            const int kc = K - pc < kcn ? K - pc : kcn;
            if (src.mode == B_PACKED_BLOCK) {
                double *buf = (double *)src.p;
                pack_b_block(d, transB, B, ldb, N, pc, kc, jc, panels, buf, (long)kc * NR);
            }
            const double *bblock = b_block(&src, pc, kc, NR);
            const long ps = src.mode == B_DIRECT ? NR : (long)kc * NR;
            if (blockA) {
                /* a transposed A in row blocks of mcMax, each packed in one sequential pass */
                for (int i0 = rowBegin; i0 < rowEnd; i0 += mcMax) {
                    const int mc = rowEnd - i0 < mcMax ? rowEnd - i0 : mcMax;
                    pack_a_block_transposed(A, lda, i0, mc, pc, kc, MR, ablock);
                    for (int ir = i0; ir < i0 + mc; ir += MR) {
                        const int mr = i0 + mc - ir < MR ? i0 + mc - ir : MR;
                        const double *at = ablock + (long)((ir - i0) / MR) * kc * MR;
                        tile_strip(d, kc, at, 1, MR, bblock, ps, bs, C + (long)ir * ldc + jc, ldc, mr, ncur, pc == 0);
                    }
                }
                continue;
            }
            for (int ir = rowBegin; ir < rowEnd; ir += MR) {
                const int mr = rowEnd - ir < MR ? rowEnd - ir : MR;
                const double *at = packA ? ap : transA ? A + (long)pc * lda + ir : A + (long)ir * lda + pc;
                if (packA) pack_a_panel(d, transA, A, lda, ir, mr, pc, kc, MR, ap);
                tile_strip(d, kc, at, ai, ak, bblock, ps, bs, C + (long)ir * ldc + jc, ldc, mr, ncur, pc == 0);
            }
        }
    }
}

void sn_dgemm(int transA, int transB, int M, int N, int K, const double *A, int lda,
              const double *B, int ldb, double *C, int ldc, int rowBegin, int rowEnd) {
    sn_dgemm_rows(sn_active_path(), transA, transB, M, N, K, A, lda, B, ldb, NULL, C, ldc, rowBegin,
                  rowEnd);
}

/* ---------------------------------------------------------------- shared pack buffer */

/* One cached buffer for sn_pack_buffer_acquire: large products reuse it instead of mapping and
 * faulting in fresh pages on every call. A second concurrent product simply gets a new buffer. */
typedef struct { size_t cap; size_t pad[7]; } pack_header; /* 64 bytes, keeps data aligned */
static _Atomic(pack_header *) cached_pack = NULL;

double *sn_pack_buffer_acquire(size_t count) {
    pack_header *h = atomic_exchange_explicit(&cached_pack, NULL, memory_order_acquire);
    if (h && h->cap < count) {
        free(h);
        h = NULL;
    }
    if (!h) {
        size_t bytes = sizeof(pack_header) + ((count * sizeof(double) + 63) & ~(size_t)63);
        h = aligned_alloc(64, bytes);
        if (!h) abort();
        h->cap = count;
    }
    return (double *)(h + 1);
}

void sn_pack_buffer_release(double *buffer) {
    if (!buffer) return;
    pack_header *h = (pack_header *)buffer - 1;
    pack_header *old = atomic_exchange_explicit(&cached_pack, h, memory_order_acq_rel);
    if (old) {
        /* keep the larger one */
        if (old->cap > h->cap) {
            pack_header *mine = atomic_exchange_explicit(&cached_pack, old, memory_order_acq_rel);
            free(mine);
        } else {
            free(old);
        }
    }
}

/* ---------------------------------------------------------------- peak */

double sn_fma_loop(int path, long iterations) {
    if (!sn_path_available(path)) path = SN_PATH_PORTABLE;
    switch (path) {
#if defined(__x86_64__)
    case SN_PATH_AVX512: return sn_fma_loop_avx512(iterations);
    case SN_PATH_AVX2: return sn_fma_loop_avx2(iterations);
#endif
    default: return sn_fma_loop_portable(iterations);
    }
}

long sn_fma_loop_flops_per_iteration(int path) {
    if (!sn_path_available(path)) path = SN_PATH_PORTABLE;
    switch (path) {
    case SN_PATH_AVX512: return 12 * 8 * 2; /* 12 zmm chains */
    case SN_PATH_AVX2: return 12 * 4 * 2;   /* 12 ymm chains */
    default: return 8 * 2;                  /* 8 scalar chains */
    }
}
