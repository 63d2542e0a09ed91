/*
 * policy_lead.c - the lead time orders see when deliveries keep their
 * order, for the `auto` rules (models/policy.h).
 *
 * In order (models/supplier.h), order i placed at t_i arrives at
 * max over j <= i of (t_j + T_j), T_j the transit draws (i.i.d., law G):
 * its lead time is L_i = max over k >= 0 of (T_{i-k} - (t_i - t_{i-k})),
 * at least its own draw. Frequent orders wait for the slowest recent one,
 * so L is longer on average than T, and the rules must plan with L's law,
 * which depends on how often the policy orders:
 *
 * - orders every tau exactly (a review period, a lot of Q every Q / D):
 *   P(L <= x) = prod over k >= 0 of G(x + k tau);
 * - orders a Poisson process of rate nu (one per customer order): the
 *   earlier orders, looked back from an order, are Poisson with the same
 *   rate and independent marks, so P(L <= x) = G(x) exp(-nu E[(T - x)^+]).
 * - orders in groups of g sent at once (kanban cards when a customer order
 *   empties several containers): each earlier group contributes G^g to the
 *   product (or 1 - G^g to the integral), and the j-th order of its own
 *   group G^j, averaged over j.
 *
 * One-for-one ordering (base stock) with Poisson orders has more: the
 * orders outstanding at a moment are those placed since the oldest order
 * whose own draw has not yet elapsed, whose age U has P(U > u) = 1 -
 * exp(-nu E[(T - u)^+]) (the orders with T > age form a Poisson process of
 * intensity nu P(T > a) in the age a). With none (probability exp(-nu
 * E[T])) nothing is outstanding; else the count is 1 + Poisson(nu U),
 * because the orders younger than U are a Poisson process independent of
 * what happened before. tests/test_deliveries.c checks this law against
 * the simulation, and its mean for exponential transit in closed form.
 *
 * The integrals are taken on a grid of GRID steps over the support of T
 * (up to where P(T > x) < 1e-12). Nothing here runs during a replication:
 * world_create calls it once per policy.
 */
#include <math.h>
#include <stdlib.h>

#include "models/dist.h"
#include "models/policy.h"

#define GRID 2048

/* A grid over [0, top] of the transit law: G(x_j), and E[(T - x_j)^+]. */
typedef struct grid {
    double h;
    double *G;    /* P(T <= x_j) */
    double *logG; /* its log (-inf where 0) */
    double *tail; /* E[(T - x_j)^+] */
} grid;

static double grid_top(const dist *T)
{
    double mean = dist_mean(T), sd = sqrt(dist_variance(T));
    double top = mean + 12.0 * sd;
    if (!(top > 0.0))
        top = 1.0;
    for (int i = 0; i < 200 && 1.0 - dist_cdf(T, top) > 1e-12; i++)
        top *= 1.5;
    return top;
}

static int grid_make(grid *g, const dist *T)
{
    g->G = malloc(3 * (GRID + 1) * sizeof *g->G);
    if (!g->G)
        return -1;
    g->logG = g->G + GRID + 1;
    g->tail = g->logG + GRID + 1;
    g->h = grid_top(T) / GRID;
    for (int j = 0; j <= GRID; j++) {
        g->G[j] = dist_cdf(T, j * g->h);
        g->logG[j] = g->G[j] > 0.0 ? log(g->G[j]) : -INFINITY;
    }
    /* E[(T - x)^+] is the integral of P(T > a) from x up (trapezoids). */
    g->tail[GRID] = 0.0;
    for (int j = GRID - 1; j >= 0; j--)
        g->tail[j] = g->tail[j + 1] +
                     0.5 * g->h * ((1.0 - g->G[j]) + (1.0 - g->G[j + 1]));
    return 0;
}

static void grid_free(grid *g)
{
    free(g->G);
}

/* log G between grid points, linearly; 0 past the top, -inf next to a
 * point where G is 0. */
static double grid_logG(const grid *g, double x)
{
    double at = x / g->h;
    if (at >= GRID)
        return 0.0;
    int j = (int)at;
    if (isinf(g->logG[j]) || isinf(g->logG[j + 1]))
        return -INFINITY;
    double f = at - j;
    return g->logG[j] + f * (g->logG[j + 1] - g->logG[j]);
}

/* log of P(every order of the earlier groups has arrived by x after
 * this one is placed), for every x_j, into out[]: groups of `group`
 * orders every `interval`, or a Poisson process of groups. */
static void earlier_log_cdf(const grid *g, double interval, double group,
                            int poisson, double *out)
{
    if (poisson) {
        /* exp(-nu integral from x up of (1 - G^group)). */
        double integral = 0.0;
        out[GRID] = 0.0;
        for (int j = GRID - 1; j >= 0; j--) {
            integral += 0.5 * g->h * ((1.0 - pow(g->G[j], group)) +
                                      (1.0 - pow(g->G[j + 1], group)));
            out[j] = -integral / interval;
        }
        return;
    }
    if (interval >= 4.0 * g->h) {
        /* The product over the earlier groups still able to be late. */
        for (int j = 0; j <= GRID; j++) {
            double sum = 0.0;
            for (double x = j * g->h + interval;
                 x < GRID * g->h && sum > -INFINITY; x += interval) {
                sum += group * grid_logG(g, x);
            }
            out[j] = sum;
        }
        return;
    }
    /* Groups closer together than the grid: the sum over k >= 1 of log
     * G(x + k tau) is (1 / tau) times the integral of log G from x up,
     * less half its first term (Euler-Maclaurin). */
    double integral = 0.0;
    out[GRID] = 0.0;
    for (int j = GRID - 1; j >= 0; j--) {
        if (g->G[j] <= 0.0) {
            for (int k = j; k >= 0; k--)
                out[k] = -INFINITY;
            break;
        }
        integral += 0.5 * g->h * (g->logG[j] + g->logG[j + 1]);
        out[j] = group * (integral / interval - 0.5 * g->logG[j]);
    }
}

/* P(L <= x) of an order of a group of `group` dispatched at once, on
 * average over its place in the group: the j-th waits for its own draw
 * and the j - 1 before it, G^j, so the mean over j = 1 .. g is G (1 -
 * G^g) / (g (1 - G)) (g need not be whole: the formula interpolates). */
static double own_group_cdf(double G, double group)
{
    if (G <= 0.0)
        return 0.0;
    if (group == 1.0 || G >= 1.0)
        return G;
    return G * -expm1(group * log(G)) / (group * -expm1(log(G)));
}

policy_context policy_seen_context(const policy_context *ctx, double interval,
                                   double group, int poisson)
{
    policy_context seen = *ctx;
    const dist *T = ctx->transit;
    if (ctx->deliveries != POLICY_DELIVERIES_IN_ORDER || !T ||
        T->kind == DIST_CONSTANT || !(interval > 0.0) || !isfinite(interval))
        return seen;
    if (!(group >= 1.0))
        group = 1.0;
    grid g;
    if (grid_make(&g, T) != 0)
        return seen;
    double *logB = malloc((GRID + 1) * sizeof *logB);
    if (!logB) {
        grid_free(&g);
        return seen;
    }
    earlier_log_cdf(&g, interval, group, poisson, logB);
    /* E[L] and E[L^2] from P(L > x), trapezoids. */
    double m1 = 0.0, m2 = 0.0, s_prev = 1.0;
    for (int j = 0; j <= GRID; j++) {
        double F = own_group_cdf(g.G[j], group) * exp(logB[j]);
        double s = 1.0 - F;
        if (j > 0) {
            double x0 = (j - 1) * g.h, x1 = j * g.h;
            m1 += 0.5 * g.h * (s_prev + s);
            m2 += g.h * (x0 * s_prev + x1 * s);
        }
        s_prev = s;
    }
    free(logB);
    grid_free(&g);
    double var = m2 - m1 * m1;
    seen.lead_time = ctx->lead_time - dist_mean(T) + m1;
    seen.lead_time_variance =
        ctx->lead_time_variance - dist_variance(T) + (var > 0.0 ? var : 0.0);
    return seen;
}

/* P(K = k) of K ~ Poisson(lambda), for k = 0 .. n-1, added with weight w
 * into out[]: from the mode outwards, where the terms are largest, so that
 * nothing underflows before it matters. */
static void add_poisson(double lambda, double w, double *out, size_t n)
{
    if (lambda <= 0.0) {
        out[0] += w;
        return;
    }
    double mode = floor(lambda);
    if (mode > (double)(n - 1))
        mode = (double)(n - 1);
    size_t m = (size_t)mode;
    double at_mode = exp(-lambda + mode * log(lambda) - lgamma(mode + 1.0));
    double p = at_mode;
    for (size_t k = m;; k--) {
        out[k] += w * p;
        if (k == 0 || p < 1e-18 * at_mode)
            break;
        p *= (double)k / lambda;
    }
    p = at_mode;
    for (size_t k = m + 1; k < n; k++) {
        p *= lambda / (double)k;
        if (p < 1e-18 * at_mode)
            break;
        out[k] += w * p;
    }
}

int policy_in_order_outstanding(const policy_context *ctx, double nu,
                                double *mean, double *variance, double *pmf,
                                size_t n)
{
    const dist *T = ctx->transit;
    if (!T || !(nu > 0.0))
        return -1;
    grid g;
    if (grid_make(&g, T) != 0)
        return -1;
    /* H(u) = P(U > u) = 1 - exp(-nu E[(T - u)^+]); E[U; alive] is its
     * integral, E[U^2; alive] that of 2 u H(u). */
    double alive = -expm1(-nu * g.tail[0]);
    double u1 = 0.0, u2 = 0.0;
    for (int j = 0; j < GRID; j++) {
        double x0 = j * g.h, x1 = x0 + g.h;
        double H0 = -expm1(-nu * g.tail[j]), H1 = -expm1(-nu * g.tail[j + 1]);
        u1 += 0.5 * g.h * (H0 + H1);
        u2 += g.h * (x0 * H0 + x1 * H1);
    }
    /* N = 0, or 1 + Poisson(nu U): E[N] = P(alive) + nu E[U], E[N^2] =
     * P(alive) + 3 nu E[U] + nu^2 E[U^2] (all on the event alive). */
    double m = alive + nu * u1;
    double second = alive + 3.0 * nu * u1 + nu * nu * u2;
    if (mean)
        *mean = m;
    if (variance)
        *variance = second - m * m > 0.0 ? second - m * m : 0.0;
    if (pmf && n > 0) {
        for (size_t k = 0; k < n; k++)
            pmf[k] = 0.0;
        pmf[0] = 1.0 - alive;
        /* The density of U on the event alive, nu P(T > u) exp(-nu E[(T -
         * u)^+]), by trapezoids; the weights are scaled to sum to
         * P(alive), which the trapezoids miss by O(h^2). */
        double total = 0.0;
        for (int j = 0; j <= GRID; j++)
            total += (j == 0 || j == GRID ? 0.5 : 1.0) * g.h * nu *
                     (1.0 - g.G[j]) * exp(-nu * g.tail[j]);
        double scale = total > 0.0 ? alive / total : 0.0;
        for (int j = 0; j <= GRID && n > 1; j++) {
            double w = (j == 0 || j == GRID ? 0.5 : 1.0) * g.h * nu *
                       (1.0 - g.G[j]) * exp(-nu * g.tail[j]) * scale;
            if (w > 0.0)
                add_poisson(nu * j * g.h, w, pmf + 1, n - 1);
        }
    }
    grid_free(&g);
    return 0;
}
