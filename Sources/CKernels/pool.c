/* A small pool of worker threads for splitting one product over cores.
 *
 * Why not Dispatch's concurrentPerform: training loops run thousands of small products (1-20
 * Mflop, tens of microseconds) back to back, and waking a sleeping worker for each costs as much
 * as the product. Here a worker that has just finished a job spins for a short while (about
 * SPIN_NS) waiting for the next one before it goes to sleep, so consecutive products find it
 * awake; between bursts it sleeps and costs nothing.
 *
 * One job at a time: a caller that finds the pool busy (another thread's product) runs all its
 * parts itself. Which thread runs a part never changes the numbers: parts are disjoint. A job can
 * also be started for the workers alone (sn_parallel_start: the next training batch's gather,
 * say) while the caller works on; it takes the pool until the caller finishes it. */
#define _GNU_SOURCE
#include "kernels.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <time.h>

#if defined(__x86_64__)
#include <immintrin.h>
#define CPU_RELAX() _mm_pause()
#elif defined(__aarch64__)
#define CPU_RELAX() __asm__ __volatile__("yield")
#else
#define CPU_RELAX() ((void)0)
#endif

#define MAX_WORKERS 63
#ifndef SPIN_NS
#define SPIN_NS 400000L /* a worker waits this long, awake, for the next job */
#endif

static pthread_mutex_t pool_mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t pool_cond = PTHREAD_COND_INITIALIZER;
static int workers_started = 0;           /* guarded by pool_mutex */
static _Atomic int sleepers = 0;          /* workers blocked (or about to block) on pool_cond */
static _Atomic unsigned long generation = 0; /* even: a job open to workers; odd: being set up */
static _Atomic int busy = 0;              /* a job is running */

/* The current job. Written by the caller before `generation` is bumped (release). */
static sn_task_fn job_fn;
static void *job_ctx;
static int job_parts;
static int job_helpers;                   /* workers that may join this job */
/* Parts are dealt out in contiguous ranges, one per participant (slot 0 the caller, slot i + 1
 * worker i): each runs its own range first, then helps with what is left of the others'. So part p
 * of a job runs on the same thread job after job whenever every thread keeps up, and a product
 * split the same way each time finds its share of the operands still in that core's cache (the
 * weights a training step reads forward and updates backward, say). */
typedef struct {
    _Atomic int next;
    int end;
    char pad[64 - 2 * sizeof(int)];
} part_range;
static part_range ranges[MAX_WORKERS + 1] __attribute__((aligned(64)));
static _Atomic int parts_done;
static _Atomic int helpers_active;        /* workers that have looked at the current job */

static long now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long)ts.tv_sec * 1000000000L + ts.tv_nsec;
}

static void run_parts(sn_task_fn fn, void *ctx, int slot) {
    const int slots = job_helpers + 1;
    for (int s = 0; s < slots; s++) {
        part_range *r = &ranges[(slot + s) % slots];
        int p;
        while ((p = atomic_fetch_add_explicit(&r->next, 1, memory_order_relaxed)) < r->end) {
            fn(ctx, p);
            atomic_fetch_add_explicit(&parts_done, 1, memory_order_release);
        }
    }
}

static void *worker_main(void *arg) {
    const int index = (int)(long)arg;
    unsigned long seen = atomic_load_explicit(&generation, memory_order_acquire);
    for (;;) {
        /* wait for a new generation: spin first, then sleep */
        unsigned long g;
        long start = now_ns();
        int spins = 0;
        while ((g = atomic_load_explicit(&generation, memory_order_acquire)) == seen || (g & 1)) {
            CPU_RELAX();
            if (++spins == 256) {
                spins = 0;
                /* On a machine busier than its cores, let whoever waits for a core run. */
                sched_yield();
                if (now_ns() - start > SPIN_NS) {
                    pthread_mutex_lock(&pool_mutex);
                    atomic_fetch_add_explicit(&sleepers, 1, memory_order_seq_cst);
                    while ((g = atomic_load_explicit(&generation, memory_order_seq_cst)) == seen || (g & 1))
                        pthread_cond_wait(&pool_cond, &pool_mutex);
                    atomic_fetch_sub_explicit(&sleepers, 1, memory_order_relaxed);
                    pthread_mutex_unlock(&pool_mutex);
                    break;
                }
            }
        }
        seen = g;
        /* Announce first, then check that the job is still the one seen: a caller starting the
         * next job waits until no worker is announced before it rewrites the job's fields. */
        atomic_fetch_add_explicit(&helpers_active, 1, memory_order_seq_cst);
        if (atomic_load_explicit(&generation, memory_order_seq_cst) == g && index < job_helpers)
            run_parts(job_fn, job_ctx, index + 1);
        atomic_fetch_sub_explicit(&helpers_active, 1, memory_order_seq_cst);
    }
    return NULL;
}

static int ensure_workers(int wanted) {
    if (wanted > MAX_WORKERS) wanted = MAX_WORKERS;
    pthread_mutex_lock(&pool_mutex);
    while (workers_started < wanted) {
        pthread_t t;
        pthread_attr_t attr;
        pthread_attr_init(&attr);
        pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
        int ok = pthread_create(&t, &attr, worker_main, (void *)(long)workers_started) == 0;
        pthread_attr_destroy(&attr);
        if (!ok) break;
        workers_started++;
    }
    int n = workers_started;
    pthread_mutex_unlock(&pool_mutex);
    return n;
}

/* Takes the pool for a job of `parts` parts with up to `helpers` workers, the caller taking the
 * first `caller_parts` of them: returns the number of workers that may join, or 0 (the pool not
 * taken) when it is busy with another job or has no workers. */
static int open_job(int parts, int helpers, int caller_parts, sn_task_fn fn, void *ctx) {
    int expected = 0;
    if (helpers <= 0 || !atomic_compare_exchange_strong(&busy, &expected, 1)) return 0;
    const int started = ensure_workers(helpers);
    if (helpers > started) helpers = started;
    if (helpers <= 0) {
        atomic_store(&busy, 0);
        return 0;
    }
    /* Close the previous job (an odd generation: no worker joins it any more), wait until the
     * workers that had joined it have left, and only then rewrite the fields. A worker that saw
     * the old generation but announced itself late finds the generation changed and runs nothing,
     * so it can never read fields half-way through being rewritten. */
    atomic_fetch_add_explicit(&generation, 1, memory_order_seq_cst);
    for (int spins = 0; atomic_load_explicit(&helpers_active, memory_order_seq_cst) != 0; spins++) {
        CPU_RELAX();
        if ((spins & 255) == 255) sched_yield();
    }
    job_fn = fn;
    job_ctx = ctx;
    job_parts = parts;
    job_helpers = helpers;
    /* slot 0 (the caller) takes caller_parts, the workers share the rest evenly */
    atomic_store_explicit(&ranges[0].next, 0, memory_order_relaxed);
    ranges[0].end = caller_parts;
    for (int s = 1; s <= helpers; s++) {
        const int begin = caller_parts + (int)((long)(s - 1) * (parts - caller_parts) / helpers);
        atomic_store_explicit(&ranges[s].next, begin, memory_order_relaxed);
        ranges[s].end = caller_parts + (int)((long)s * (parts - caller_parts) / helpers);
    }
    atomic_store_explicit(&parts_done, 0, memory_order_relaxed);
    /* Open the new job: an even generation. */
    atomic_fetch_add_explicit(&generation, 1, memory_order_seq_cst);
    if (atomic_load_explicit(&sleepers, memory_order_seq_cst) > 0) {
        pthread_mutex_lock(&pool_mutex);
        pthread_cond_broadcast(&pool_cond);
        pthread_mutex_unlock(&pool_mutex);
    }
    return helpers;
}

/* Runs on the caller whatever parts of the open job no worker has taken, waits for the rest and
 * gives the pool back. */
static void close_job(void) {
    run_parts(job_fn, job_ctx, 0);
    /* The last parts are running on workers: wait, yielding now and then in case a worker waits
     * for a core this thread is holding. */
    for (int spins = 0; atomic_load_explicit(&parts_done, memory_order_acquire) < job_parts; spins++) {
        CPU_RELAX();
        if ((spins & 255) == 255) sched_yield();
    }
    atomic_store_explicit(&busy, 0, memory_order_release);
}

void sn_parallel_run(int parts, int threads, sn_task_fn fn, void *ctx) {
    if (parts <= 0) return;
    const int participants = threads < parts ? threads : parts;
    if (participants < 2 || open_job(parts, participants - 1, parts / participants, fn, ctx) == 0) {
        for (int p = 0; p < parts; p++) fn(ctx, p);
        return;
    }
    close_job();
}

/* Whether this thread has started a job (sn_parallel_start) that it has not finished. */
static _Thread_local int started_here;

int sn_parallel_start(int parts, int threads, sn_task_fn fn, void *ctx) {
    if (parts <= 0 || threads < 2) return 0;
    started_here = open_job(parts, threads - 1 < parts ? threads - 1 : parts, 0, fn, ctx) > 0;
    return started_here;
}

void sn_parallel_finish(void) {
    if (!started_here) return; /* nothing of this thread's to finish (never someone else's job) */
    close_job();
    started_here = 0;
}

/* ---------------------------------------------------------------- allocator tuning */

#if defined(__GLIBC__)
#include <malloc.h>
/* Tensors of a few hundred KB to a few MB are made and dropped by the thousand in a training
 * loop (a batch's activations, a full-data evaluation). glibc serves blocks above 128 KB with a
 * fresh mmap and returns them on free, so each one costs page faults and zeroing by the kernel:
 * seconds of system time over a lesson. Keeping blocks up to 32 MB in the heap, and freed memory
 * up to 512 MB in it, makes them reusable instead. */
__attribute__((constructor)) static void sn_tune_malloc(void) {
    mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
    mallopt(M_TRIM_THRESHOLD, 512 * 1024 * 1024);
    mallopt(M_TOP_PAD, 16 * 1024 * 1024);
}
#endif
