/*
 * bench_clock.h - the clocks every benchmark reads: wall time, and the CPU
 * time of the process or of the calling thread.
 *
 * On a machine shared with other jobs the wall clock counts the time other
 * processes held the core, so a figure read from it alone can be twice the
 * truth. CPU time counts only this program's work (it still includes what
 * contention for caches and memory costs it). Benchmarks print both; none
 * passes or fails on either. This is not a timing library: three calls.
 */
#ifndef JITSIM_BENCH_CLOCK_H
#define JITSIM_BENCH_CLOCK_H

#include <stdlib.h>
#include <time.h>

static inline double bench_clock(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Seconds on the wall clock (monotonic). */
static inline double bench_wall(void)
{
    return bench_clock(CLOCK_MONOTONIC);
}

/* CPU seconds of the whole process, all threads. */
static inline double bench_cpu(void)
{
    return bench_clock(CLOCK_PROCESS_CPUTIME_ID);
}

/* CPU seconds of the calling thread. */
static inline double bench_thread_cpu(void)
{
    return bench_clock(CLOCK_THREAD_CPUTIME_ID);
}

/* The clocks at one instant, and the time each advanced since. */
typedef struct bench_mark {
    double wall, cpu;
} bench_mark;

static inline bench_mark bench_now(void)
{
    return (bench_mark){bench_wall(), bench_cpu()};
}

static inline bench_mark bench_since(bench_mark start)
{
    bench_mark now = bench_now();
    return (bench_mark){now.wall - start.wall, now.cpu - start.cpu};
}

static inline int bench_cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The median of n values (n >= 1); sorts them in place. Benchmarks take
 * the median of interleaved rounds, so that a burst of load on the
 * machine moves one round, not the figure. */
static inline double bench_median(double *v, size_t n)
{
    qsort(v, n, sizeof *v, bench_cmp_double);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

#endif
