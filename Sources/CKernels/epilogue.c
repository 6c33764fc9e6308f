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
    if (c1 - c0 < 8) {
        /* narrow layers (5 units, 1 unit): a vector loop per row would be all set-up */
        for (long r = r0; r < r1; r++) {
            double *zr = z + r * ld, *ar = a ? a + r * ld : 0;
#pragma clang loop vectorize(disable)
            for (long j = c0; j < c1; j++) {
                const double v = zr[j] + bias[j];
                zr[j] = v;
                if (ar) ar[j] = 0.0 >= v ? 0.0 : v; /* Swift.max(v, 0) */
            }
        }
        return;
    }
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

/* A block of whole rows is one contiguous run: one loop over it instead of one per row. */
static inline int whole_rows(long ld, long c0, long c1) { return c0 == 0 && c1 == ld; }

SN_CLONES void sn_epi_relu_mask(double *restrict out, const double *restrict g, const double *restrict x, long ld,
                                long r0, long r1, long c0, long c1) {
    if (whole_rows(ld, c0, c1)) {
        for (long i = r0 * ld; i < r1 * ld; i++) out[i] = g[i] * (x[i] > 0 ? 1.0 : 0.0);
        return;
    }
    for (long r = r0; r < r1; r++) {
        const double *gr = g + r * ld, *xr = x + r * ld;
        double *o = out + r * ld;
        for (long j = c0; j < c1; j++) o[j] = gr[j] * (xr[j] > 0 ? 1.0 : 0.0);
    }
}

SN_CLONES void sn_epi_sub_scaled(double *restrict w, const double *restrict g, double s, long ld,
                                 long r0, long r1, long c0, long c1) {
    if (whole_rows(ld, c0, c1)) {
        for (long i = r0 * ld; i < r1 * ld; i++) w[i] = w[i] - s * g[i];
        return;
    }
    for (long r = r0; r < r1; r++) {
        double *wr = w + r * ld;
        const double *gr = g + r * ld;
        for (long j = c0; j < c1; j++) wr[j] = wr[j] - s * gr[j];
    }
}

SN_CLONES void sn_column_sums(const double *restrict g, double *restrict out, int rows, int columns) {
    for (int j = 0; j < columns; j++) out[j] = 0.0;
    if (columns == 1) {
        /* a single output (the 1-unit layers of the tutorials): keep the sum in a register */
        double sum = 0.0;
        for (int r = 0; r < rows; r++) sum = sum + g[r];
        out[0] = sum;
        return;
    }
    for (int r = 0; r < rows; r++) {
        const double *row = g + (long)r * columns;
        for (int j = 0; j < columns; j++) out[j] = out[j] + row[j];
    }
}
