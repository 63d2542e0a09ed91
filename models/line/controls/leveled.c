/*
 * leveled.c - what heijunka and campaign share (leveled.h): the leveled
 * cycle of products from the demand mix, the caps (each product's and the
 * line's WIP), the release slots every pitch, the plan in words.
 *
 * Not a control itself: heijunka.c releases the cycle as it is, campaign.c
 * in blocks of each product.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "models/line/controls/leveled.h"

int leveled_resolve(const prodline *l, policy_params *p, char *err,
                    size_t errlen)
{
    double d_total = line__demand_rate(l);
    if (!policy_param_given(p, PARAM_SAFETY))
        policy_param_set(p, PARAM_SAFETY, 0.1);
    if (line__check(p, PARAM_SAFETY, 0.0, 100.0, 0, err, errlen))
        return -1;
    if (!policy_param_given(p, PARAM_PITCH))
        policy_param_set(p, PARAM_PITCH,
                         1.0 / (d_total * (1.0 + p->value[PARAM_SAFETY])));
    return line__check(p, PARAM_PITCH, 1e-12, 1e12, 0, err, errlen);
}

/* A pull system must bound its WIP: when the line cannot keep up (an
 * hour's changeover at every slot), caps on each product's position do
 * not, since backorders keep every position below its cap. The cap is the
 * work the plan expects in the line, Little's law at the planning lead
 * time with the slack, plus one sequence's slots, so that it binds only
 * once the line has fallen a whole cycle behind its plan. */
int leveled_resolve_wip(const prodline *l, policy_params *p,
                        size_t cycle_slots, char *err, size_t errlen)
{
    if (!policy_param_given(p, PARAM_WIP))
        policy_param_set(p, PARAM_WIP,
                         ceil(line__demand_rate(l) * prodline_lead_time(l) *
                                  (1.0 + p->value[PARAM_SAFETY]) -
                              1e-9) +
                             (double)cycle_slots);
    return line__check(p, PARAM_WIP, 1.0, 1e9, 1, err, errlen);
}

/* A leveled sequence from the demand shares: the smallest repeating cycle
 * whose counts are proportional to demand within a tolerance, spread by
 * always releasing the product furthest behind its share (goal chasing). */
static size_t level_sequence(const double *share, size_t np, int *out,
                             size_t max)
{
    size_t len = np;
    int counts[LINE_PRODUCTS_MAX];
    for (size_t n = np; n <= max; n++) {
        double worst = 0.0;
        size_t total = 0;
        for (size_t p = 0; p < np; p++) {
            double c = floor(share[p] * (double)n + 0.5);
            if (c < 1.0)
                c = 1.0;
            counts[p] = (int)c;
            total += (size_t)c;
        }
        if (total != n)
            continue;
        for (size_t p = 0; p < np; p++) {
            double e = fabs((double)counts[p] / (double)n - share[p]) /
                       share[p];
            if (e > worst)
                worst = e;
        }
        len = n;
        if (worst <= 0.05)
            break;
    }
    if (len > max)
        len = max;
    double behind[LINE_PRODUCTS_MAX] = {0};
    int used[LINE_PRODUCTS_MAX] = {0};
    double total = 0.0;
    for (size_t p = 0; p < np; p++)
        total += counts[p];
    for (size_t i = 0; i < len; i++) {
        size_t best = 0;
        double best_gap = -1e300;
        for (size_t p = 0; p < np; p++) {
            behind[p] += counts[p] / total;
            if (used[p] < counts[p] && behind[p] > best_gap) {
                best_gap = behind[p];
                best = p;
            }
        }
        behind[best] -= 1.0;
        used[best]++;
        out[i] = (int)best;
    }
    return len;
}

size_t leveled_cycle(const prodline *l, int *level)
{
    size_t np = l->n_products;
    size_t len;
    if (l->spec->sequence_len) {
        len = l->spec->sequence_len;
        for (size_t i = 0; i < len; i++)
            level[i] = l->spec->sequence[i];
    } else {
        double share[LINE_PRODUCTS_MAX];
        for (size_t i = 0; i < np; i++)
            share[i] = l->products[i].share;
        len = level_sequence(share, np, level, 64);
    }
    return len;
}

int leveled_alloc(prodline *l, size_t len, char *err, size_t errlen)
{
    leveled_state *ls = leveled_of(l);
    ls->sequence_len = len;
    ls->sequence = malloc(ls->sequence_len * sizeof *ls->sequence);
    if (!ls->sequence) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    return 0;
}

void leveled_caps(prodline *l, int bursts)
{
    leveled_state *ls = leveled_of(l);
    const policy_params *p = l->params;
    double lead = prodline_lead_time(l);
    size_t np = l->n_products;
    ls->pitch = p->value[PARAM_PITCH];
    ls->wip_cap = p->value[PARAM_WIP];
    double safety = p->value[PARAM_SAFETY];
    /* A product's slots are a server of rate slots / cycle facing its
     * demand: as a make-to-stock queue, a cap of N serves a fraction
     * 1 - rho^N of customers from stock, so N is the least with
     * rho^N <= 5%. Campaigns come in bursts, so their cap is also at
     * least a cycle's demand with two standard deviations. Both add
     * the demand over the line's lead time and a cycle's own slots. */
    double cycle = (double)ls->sequence_len * ls->pitch;
    for (size_t i = 0; i < np; i++) {
        product_run *pr = &l->products[i];
        double slots = 0.0;
        for (size_t j = 0; j < ls->sequence_len; j++)
            slots += ls->sequence[j] == (int)i;
        double rho = slots > 0.0 ? pr->rate * cycle / slots : INFINITY;
        double queue = rho < 1.0 ? ceil(log(0.05) / log(rho) - 1e-9)
                                 : 10.0 * pr->rate * cycle;
        double burst = ceil(pr->rate * cycle * (1.0 + safety) +
                            2.0 * sqrt(pr->rate * cycle) - 1e-9);
        if (bursts && burst > queue)
            queue = burst;
        double cover = queue + ceil(pr->rate * lead - 1e-9);
        if (policy_param_given(&l->policy->params, PARAM_CARDS))
            ls->cap[i] = np == 1 ? p->value[PARAM_CARDS]
                                 : floor(p->value[PARAM_CARDS] * pr->share +
                                         0.5);
        else
            ls->cap[i] = cover + slots;
        if (ls->cap[i] < 1.0)
            ls->cap[i] = 1.0;
        if (isnan(pr->initial))
            pr->initial = fmin(ls->cap[i], cover + slots);
    }
}

void leveled_plan_text(const prodline *l, char *buf, size_t len,
                       size_t *used)
{
    const leveled_state *ls = leveled_of(l);
    line__append(buf, len, used, "sequence of %zu slots:",
                 ls->sequence_len);
    if (ls->sequence_len <= 24) {
        for (size_t j = 0; j < ls->sequence_len; j++)
            line__append(buf, len, used, " %s",
                         l->products[ls->sequence[j]].spec->name);
    } else {
        /* Campaigns: the blocks, not every slot. */
        for (size_t j = 0; j < ls->sequence_len;) {
            size_t run = 1;
            while (j + run < ls->sequence_len &&
                   ls->sequence[j + run] == ls->sequence[j])
                run++;
            line__append(buf, len, used, "%s %zu %s", j ? "," : "", run,
                         l->products[ls->sequence[j]].spec->name);
            j += run;
        }
    }
    line__append(buf, len, used, "; caps:");
    line__per_product(l, buf, len, used, ls->cap, sizeof(double));
    line__append(buf, len, used, "; wip %g", ls->wip_cap);
}

void leveled_destroy(prodline *l)
{
    free(leveled_of(l)->sequence);
}

/* The plan's starting stock (leveled_caps). */
int leveled_initial_stock(prodline *l, double *finished)
{
    for (size_t i = 0; i < l->n_products; i++)
        finished[i] = l->products[i].initial;
    return 0;
}

/* A release slot: the sequence's next product, if below its cap and the
 * line below its WIP cap. A slot not used is skipped, not kept waiting:
 * the sequence goes on at the pitch, so the mix released stays the
 * leveled one and a product never takes another's slot. */
static void on_slot(sim *s, void *ctx, uint64_t arg)
{
    (void)arg;
    prodline *l = ctx;
    leveled_state *ls = leveled_of(l);
    int p = ls->sequence[ls->sequence_at];
    if (++ls->sequence_at == ls->sequence_len)
        ls->sequence_at = 0;
    if (line__position(&l->products[p]) < ls->cap[p] &&
        l->wip_now + 1.0 <= ls->wip_cap)
        line__release(l, p);
    double next = sim_now(s) + ls->pitch;
    if (next < l->env.horizon)
        sim_schedule(s, next, on_slot, l, 0);
}

/* The sequence from its start; the first slot at time 0. */
void leveled_start(prodline *l)
{
    leveled_of(l)->sequence_at = 0;
    sim_schedule(l->s, 0.0, on_slot, l, 0);
}
