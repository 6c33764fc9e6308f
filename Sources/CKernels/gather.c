/* The mini-batch gather: rows of a large matrix (MNIST's 50000 x 784) copied to a small one.
 * The rows lie all over hundreds of megabytes, so the copy waits on memory; copying eight rows
 * side by side, a cache line of each in turn, keeps eight streams of reads in flight instead of
 * one (docs/performance.md has the measurement). A copy: the numbers are unchanged. */
#include "kernels.h"

#define GATHER_STREAMS 8
#define LINE 8 /* doubles per 64-byte cache line */

void sn_gather_rows(const double *src, long width, const long *indices, long count, double *dst) {
    for (long r0 = 0; r0 < count; r0 += GATHER_STREAMS) {
        const long group = count - r0 < GATHER_STREAMS ? count - r0 : GATHER_STREAMS;
        const double *from[GATHER_STREAMS];
        double *to[GATHER_STREAMS];
        for (long r = 0; r < group; r++) {
            from[r] = src + indices[r0 + r] * width;
            to[r] = dst + (r0 + r) * width;
        }
        long c = 0;
        for (; c + LINE <= width; c += LINE)
            for (long r = 0; r < group; r++)
                for (int e = 0; e < LINE; e++) to[r][c + e] = from[r][c + e];
        for (; c < width; c++)
            for (long r = 0; r < group; r++) to[r][c] = from[r][c];
    }
}

/* A copy in two halves (a batch of MNIST rows, 32 x 6 KB, comes from all over a large array: two
 * threads fetch it from memory faster than one). */
typedef struct {
    const double *src;
    long width;
    const long *indices;
    long count;
    double *dst;
} gather_job;

static void gather_part(void *ctx, int part) {
    const gather_job *job = ctx;
    const long half = (job->count + 1) / 2, begin = part * half, end = part ? job->count : half;
    sn_gather_rows(job->src, job->width, job->indices + begin, end - begin, job->dst + begin * job->width);
}

void sn_gather_rows_split(const double *src, long width, const long *indices, long count, double *dst, int threads) {
    gather_job job = {src, width, indices, count, dst};
    sn_parallel_run(2, threads, gather_part, &job);
}

/* The copy started by sn_gather_rows_start: its two halves on a worker, unless the caller, at
 * finish, finds one not yet taken. */
static _Thread_local gather_job pending;
static _Thread_local int pending_started; /* pending belongs to a started copy until finish */

int sn_gather_rows_start(const double *src, long width, const long *indices, long count, double *dst, int threads) {
    if (pending_started) return 0; /* (the pool is busy with it anyway) */
    pending = (gather_job){src, width, indices, count, dst};
    pending_started = sn_parallel_start(2, threads, gather_part, &pending);
    return pending_started;
}

void sn_gather_rows_finish(void) {
    if (!pending_started) return;
    sn_parallel_finish();
    pending_started = 0;
}
