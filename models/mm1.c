/*
 * mm1.c - the M/M/1 queue on the kernel.
 *
 * Two event kinds: an arrival (schedules the next arrival, and a departure
 * if the server was idle) and a departure (records the sojourn, starts the
 * next customer). Exponentials are drawn as every model draws them,
 * -mean log(1 - u) (models/dist.h). Waiting customers are their arrival times in a ring that
 * grows by doubling, so the steady state allocates nothing.
 */
#include "mm1.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "models/dist.h"
#include "sim/sim.h"
#include "sim/stream.h"
#include "sim/twavg.h"

typedef struct mm1 {
    sim *s;
    gsl_rng *arrivals;
    gsl_rng *service;
    double mean_interarrival;
    double mean_service;
    double *ring; /* arrival times of customers in system, oldest first */
    size_t ring_capacity; /* a power of two */
    size_t head;
    size_t count;
    int failed;
    /* Sums rather than a tally: this model is the kernel's benchmark, and
     * a streaming quantile would cost as much as an event. */
    double sojourn_sum;
    uint64_t departures;
    twavg in_system;
    twavg busy;
} mm1;

static int ring_push(mm1 *m, double t)
{
    if (m->count == m->ring_capacity) {
        size_t cap = m->ring_capacity * 2;
        double *r = malloc(cap * sizeof *r);
        if (!r)
            return -1;
        for (size_t i = 0; i < m->count; i++)
            r[i] = m->ring[(m->head + i) & (m->ring_capacity - 1)];
        free(m->ring);
        m->ring = r;
        m->ring_capacity = cap;
        m->head = 0;
    }
    m->ring[(m->head + m->count) & (m->ring_capacity - 1)] = t;
    m->count++;
    return 0;
}

static double ring_pop(mm1 *m)
{
    double t = m->ring[m->head];
    m->head = (m->head + 1) & (m->ring_capacity - 1);
    m->count--;
    return t;
}

static void on_departure(sim *s, void *ctx, uint64_t arg);

static void on_arrival(sim *s, void *ctx, uint64_t arg)
{
    (void)arg;
    mm1 *m = ctx;
    double now = sim_now(s);
    sim_schedule(s, now + dist_exponential_draw(m->arrivals,
                                                m->mean_interarrival),
                 on_arrival, m, 0);
    if (ring_push(m, now) != 0) {
        m->failed = 1;
        return;
    }
    twavg_set(&m->in_system, now, (double)m->count);
    if (m->count == 1) {
        twavg_set(&m->busy, now, 1.0);
        sim_schedule(s, now + dist_exponential_draw(m->service,
                                                  m->mean_service),
                     on_departure, m, 0);
    }
}

static void on_departure(sim *s, void *ctx, uint64_t arg)
{
    (void)arg;
    mm1 *m = ctx;
    double now = sim_now(s);
    m->sojourn_sum += now - ring_pop(m);
    m->departures++;
    twavg_set(&m->in_system, now, (double)m->count);
    if (m->count > 0)
        sim_schedule(s, now + dist_exponential_draw(m->service,
                                                  m->mean_service),
                     on_departure, m, 0);
    else
        twavg_set(&m->busy, now, 0.0);
}

static void on_warmup_end(sim *s, void *ctx, uint64_t arg)
{
    (void)arg;
    mm1 *m = ctx;
    m->sojourn_sum = 0.0;
    m->departures = 0;
    twavg_reset(&m->in_system, sim_now(s));
    twavg_reset(&m->busy, sim_now(s));
}

const char *mm1_check(const mm1_params *p)
{
    if (!(p->lambda > 0.0) || !isfinite(p->lambda))
        return "lambda must be a positive number (arrivals per time unit)";
    if (!(p->mu > 0.0) || !isfinite(p->mu))
        return "mu must be a positive number (services per time unit)";
    if (!(p->warmup >= 0.0) || !isfinite(p->warmup))
        return "warmup must be a number >= 0";
    if (!(p->horizon > p->warmup) || !isfinite(p->horizon))
        return "horizon must be a number greater than warmup";
    return NULL;
}

int mm1_run(const mm1_params *p, uint64_t seed, uint64_t replication,
            mm1_result *out)
{
    if (mm1_check(p))
        return -1;
    mm1 m;
    memset(&m, 0, sizeof m);
    m.mean_interarrival = 1.0 / p->lambda;
    m.mean_service = 1.0 / p->mu;
    m.ring_capacity = 1024;
    m.s = sim_create();
    m.arrivals = stream_create(seed, replication, "arrivals");
    m.service = stream_create(seed, replication, "service");
    m.ring = malloc(m.ring_capacity * sizeof *m.ring);
    int rc = -1;
    if (!m.s || !m.arrivals || !m.service || !m.ring)
        goto done;
    twavg_init(&m.in_system, 0.0, 0.0);
    twavg_init(&m.busy, 0.0, 0.0);
    sim_schedule(m.s, dist_exponential_draw(m.arrivals, m.mean_interarrival),
                 on_arrival, &m, 0);
    if (p->warmup > 0.0)
        sim_schedule(m.s, p->warmup, on_warmup_end, &m, 0);
    sim_run_until(m.s, p->horizon);
    if (m.failed || sim_failed(m.s))
        goto done;
    twavg_close(&m.in_system, p->horizon);
    twavg_close(&m.busy, p->horizon);
    out->departures = m.departures;
    out->mean_sojourn =
        m.departures ? m.sojourn_sum / (double)m.departures : 0.0;
    out->mean_in_system = twavg_mean(&m.in_system);
    out->utilisation = twavg_mean(&m.busy);
    out->throughput = (double)out->departures / (p->horizon - p->warmup);
    out->events = sim_fired(m.s);
    rc = 0;
done:
    free(m.ring);
    if (m.service)
        gsl_rng_free(m.service);
    if (m.arrivals)
        gsl_rng_free(m.arrivals);
    sim_destroy(m.s);
    return rc;
}

double mm1_exact_sojourn(const mm1_params *p)
{
    return p->lambda < p->mu ? 1.0 / (p->mu - p->lambda) : NAN;
}

double mm1_exact_in_system(const mm1_params *p)
{
    double rho = p->lambda / p->mu;
    return rho < 1.0 ? rho / (1.0 - rho) : NAN;
}
