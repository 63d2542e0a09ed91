/*
 * network_echelon.c - sizes the echelon levels of a serial chain whose
 * nodes all run echelon_base_stock with S: auto (the optimal levels,
 * Clark & Scarf 1960 by Chen & Zheng 1994's recursion) or S: shang_song
 * (Shang & Song 2003), by models/echelon_opt.c, before each node's policy
 * is resolved.
 *
 * How the chain maps onto the model (docs/policies.md, "Echelon base
 * stock"): the period is the policy's review period R; stage 1 is the one
 * node facing customers, stage j + 1 the node supplying stage j, stage N
 * the node buying outside. Demand per period: Poisson(rate R) for Poisson
 * arrivals of one unit, Poisson(mean) for one customer order every R of a
 * Poisson quantity, otherwise normal with the demand's mean and variance
 * per period. L_j: the mean shipping lead time plus order delay into
 * stage j (the external supplier's mean lead time for stage N), in
 * periods. Echelon holding cost h_j = (stage j's holding cost - stage j +
 * 1's) x R, backorder cost p = stage 1's backorder cost x R.
 *
 * An echelon_base_stock node orders on its echelon position whatever the
 * chain's `information` (network.c asks network__orders_on_echelon): the
 * position is the policy's definition, and it hears no demand, so local
 * and shared information give the same run.
 *
 * Is not: the policy (models/policies/echelon_base_stock.c) nor the model
 * (models/echelon_opt.c); it only joins them. Refusals name the node.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "models/echelon_opt.h"
#include "models/network_internal.h"
#include "models/world.h"

static int is_echelon(const node_spec *n)
{
    return n->policy.type &&
           strcmp(n->policy.type->name, "echelon_base_stock") == 0;
}

static int sized_by_chain(const node_spec *n)
{
    unsigned char st = n->policy.params.state[PARAM_S];
    return is_echelon(n) && (st == PARAM_AUTO || st == PARAM_HEURISTIC);
}

/* Per-period demand of the customer node, as the model's law. */
static void period_demand(const world_spec *spec, const node_spec *n,
                          double R, echelon_problem *pb)
{
    const demand_spec *d = &n->demand;
    double mean, var;
    int flat = 1;
    demand_planning_rates(d, spec->warmup, spec->horizon, &mean, &var, &flat);
    pb->mean = mean * R;
    pb->sd = sqrt(var * R);
    int poisson =
        (d->arrivals == DEMAND_POISSON && d->size.kind == DIST_CONSTANT &&
         d->size.a == 1.0 && flat) ||
        (d->arrivals == DEMAND_PERIODIC && d->quantity.kind == DIST_POISSON &&
         fabs(d->period - R) < 1e-12 && flat);
    pb->demand = poisson ? ECHELON_POISSON : ECHELON_NORMAL;
}

int network__orders_on_echelon(const node_spec *n)
{
    return is_echelon(n);
}

int network__echelon_levels(const world_spec *spec,
                            double levels[NETWORK_NODES_MAX], char *err,
                            size_t errlen)
{
    size_t n = spec->n_nodes;
    int any = 0;
    for (size_t i = 0; i < n; i++) {
        levels[i] = NAN;
        any |= sized_by_chain(&spec->nodes[i]);
    }
    if (!any)
        return 0;
    /* Every node under it, a serial chain, periodic timing, one R. */
    int stage1 = -1;
    for (size_t i = 0; i < n; i++) {
        const node_spec *nd = &spec->nodes[i];
        if (!is_echelon(nd)) {
            snprintf(err, errlen, "node %s: S: auto sizes every node of the "
                                  "chain; expected echelon_base_stock at "
                                  "every node",
                     nd->name);
            return -1;
        }
        size_t children = 0;
        for (size_t j = 0; j < n; j++)
            children += spec->nodes[j].from == (int)i;
        if (children > 1 || (nd->customers && children > 0) ||
            (nd->customers && stage1 >= 0)) {
            snprintf(err, errlen, "echelon_base_stock S: auto is for serial "
                                  "chains only (node %s %s); expected one "
                                  "node facing customers, each node "
                                  "supplying at most one",
                     nd->name,
                     children > 1 ? "supplies several nodes"
                     : children   ? "faces customers and supplies a node"
                                  : "is a second node facing customers");
            return -1;
        }
        if (nd->customers)
            stage1 = (int)i;
    }
    if (spec->timing != TIMING_PERIODIC) {
        snprintf(err, errlen, "echelon_base_stock S: auto sizes for the "
                              "Clark-Scarf periodic model; expected timing: "
                              "periodic");
        return -1;
    }
    double R = spec->nodes[0].policy.params.state[PARAM_R] == PARAM_GIVEN
                   ? spec->nodes[0].policy.params.value[PARAM_R]
                   : 1.0;
    for (size_t i = 0; i < n; i++) {
        const policy_params *p = &spec->nodes[i].policy.params;
        double r = p->state[PARAM_R] == PARAM_GIVEN ? p->value[PARAM_R] : 1.0;
        if (!(R > 0.0) || r != R) {
            snprintf(err, errlen, "node %s: echelon_base_stock S: auto needs "
                                  "one review period R > 0 at every node",
                     spec->nodes[i].name);
            return -1;
        }
    }
    echelon_problem pb;
    echelon_problem_init(&pb);
    int stage_node[NETWORK_NODES_MAX];
    size_t k = 0;
    for (int at = stage1; at >= 0; at = spec->nodes[at].from)
        stage_node[k++] = at;
    if (k != n) {
        snprintf(err, errlen, "echelon_base_stock S: auto is for serial "
                              "chains only (%zu of %zu nodes in the line "
                              "from the customers); expected one chain",
                 k, n);
        return -1;
    }
    pb.n_stages = n;
    for (size_t j = 0; j < n; j++) {
        const node_spec *nd = &spec->nodes[stage_node[j]];
        double h = item_holding_cost(&nd->item, spec->time_units_per_year);
        double h_up = j + 1 < n ? item_holding_cost(&spec->nodes[stage_node[j + 1]]
                                                         .item,
                                                    spec->time_units_per_year)
                                : 0.0;
        if (h < h_up - 1e-12) {
            snprintf(err, errlen, "node %s: holding cost %g below its "
                                  "supplier's %g; expected a cost that grows "
                                  "downstream (echelon holding cost >= 0)",
                     nd->name, h, h_up);
            return -1;
        }
        pb.holding[j] = fmax(0.0, h - h_up) * R;
        double lead = nd->from >= 0
                          ? dist_mean(&nd->link.lead_time) + nd->order_delay
                          : dist_mean(&spec->suppliers[nd->policy.supplier]
                                           .lead_time);
        pb.lead_time[j] = lead / R;
    }
    pb.backorder_cost = spec->nodes[stage1].item.backorder_cost * R;
    period_demand(spec, &spec->nodes[stage1], R, &pb);
    echelon_solution sol;
    char why[300];
    int heuristic = spec->nodes[stage1].policy.params.state[PARAM_S] ==
                    PARAM_HEURISTIC;
    if (heuristic ? echelon_shang_song(&pb, &sol, why, sizeof why)
                  : echelon_optimal(&pb, &sol, why, sizeof why)) {
        snprintf(err, errlen, "echelon_base_stock S: %s: %s",
                 heuristic ? "shang_song" : "auto", why);
        return -1;
    }
    for (size_t j = 0; j < n; j++)
        if (sized_by_chain(&spec->nodes[stage_node[j]]))
            levels[stage_node[j]] = sol.echelon[j];
    return 0;
}

double network__echelon_lead(const network *net, size_t i)
{
    double longest = 0.0;
    for (size_t c = 0; c < net->n; c++) {
        if (net->nodes[c].spec->from != (int)i)
            continue;
        const net_node *child = &net->nodes[c];
        /* Under timing: periodic what reaches node i at a review
         * instant is shipped down at once (the reviews wait for the
         * receipts); otherwise it waits for the node below's next
         * review, a review period at most. */
        double wait = net->spec->timing == TIMING_PERIODIC
                          ? 0.0
                          : child->review_period;
        double way = child->plan_lead_time + wait +
                     network__echelon_lead(net, c);
        if (way > longest)
            longest = way;
    }
    return longest;
}
