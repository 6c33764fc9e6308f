/* The portable tile: scalar C fma(), 4x4 registers. Correct on any CPU; fast where fma() is an
 * instruction (aarch64, or x86-64 built for an FMA target), a libm call elsewhere. */
#include "internal.h"
#include <math.h>

#define PMR 4
#define PNR 4

void sn_tile_portable(int kc, const double *A, long ai, long ak, const double *B, long bs, double *C,
                      long ldc, int mr, int nr, int first) {
    double c[PMR][PNR];
    if (mr == PMR && nr == PNR) {
        for (int i = 0; i < PMR; i++)
            for (int j = 0; j < PNR; j++) c[i][j] = first ? 0.0 : C[i * ldc + j];
        for (int k = 0; k < kc; k++) {
            const double *b = B + k * bs, *a = A + k * ak;
            for (int i = 0; i < PMR; i++)
                for (int j = 0; j < PNR; j++) c[i][j] = fma(a[i * ai], b[j], c[i][j]);
        }
        for (int i = 0; i < PMR; i++)
            for (int j = 0; j < PNR; j++) C[i * ldc + j] = c[i][j];
        return;
    }
    for (int i = 0; i < mr; i++)
        for (int j = 0; j < nr; j++) c[i][j] = first ? 0.0 : C[i * ldc + j];
    for (int k = 0; k < kc; k++) {
        const double *b = B + k * bs, *a = A + k * ak;
        for (int i = 0; i < mr; i++)
            for (int j = 0; j < nr; j++) c[i][j] = fma(a[i * ai], b[j], c[i][j]);
    }
    for (int i = 0; i < mr; i++)
        for (int j = 0; j < nr; j++) C[i * ldc + j] = c[i][j];
}

double sn_fma_loop_portable(long iterations) {
    double x[8], y = 1.0000001, z = 1e-9;
    for (int i = 0; i < 8; i++) x[i] = 1.0 + i * 1e-3;
    for (long n = 0; n < iterations; n++)
        for (int i = 0; i < 8; i++) x[i] = fma(x[i], y, z);
    double s = 0;
    for (int i = 0; i < 8; i++) s += x[i];
    return s;
}
