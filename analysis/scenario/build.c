/*
 * build.c - one world_spec per policy, from the checked sections: every
 * world a copy of the shared description (item, demand, suppliers,
 * disruptions, the line) with its own policy; each one tried with
 * world_create, whose refusals ("Q: auto needs an order cost") are
 * reported at the policy's key.
 *
 * Not here: reading any key (the section files), running (analysis/run.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/policy.h"

#include "analysis/scenario/internal.h"

/* Policy i's world: a copy of everything the policies share, and the
 * policy. -1 when out of memory. */
static int build_world(scn *c, world_spec *w, size_t i)
{
    world_spec_init(w);
    w->horizon = c->horizon;
    w->warmup = c->warmup;
    w->time_units_per_year = c->tupy;
    w->item = c->item;
    demand_spec_free(&w->demand);
    if (demand_spec_copy(&w->demand, &c->demand)) {
        demand_spec_init(&w->demand);
        return -1;
    }
    for (size_t k = 0; k < c->n_sup; k++)
        if (world_spec_add_supplier(w, &c->sups[k]))
            return -1;
    for (size_t k = 0; k < c->n_dis; k++)
        if (world_spec_add_disruption(w, &c->dis[k]))
            return -1;
    w->policy = c->pols[i];
    if (c->is_line) {
        /* Each world owns its copy of the line, with its policy's own
         * release sequence. */
        line_spec_free(&w->line);
        if (line_spec_copy(&w->line, c->line))
            return -1;
        w->line.sequence_len = c->pol_seq[i].n;
        memcpy(w->line.sequence, c->pol_seq[i].v, c->pol_seq[i].n);
    }
    /* A supply chain: its nodes, each under this policy's own (nodes.c). */
    if (c->n_nodes && c->node_pol_rows > i)
        return scn_build_nodes(c, w, i);
    return 0;
}

/* world_create's message names the policy; point at the parameter it
 * names when the file gives it, else at the policy. */
static void report_world(scn *c, size_t i, const char *msg)
{
    const ynode *at = c->pol_nodes[i];
    const char *rest = msg;
    const char *colon = strstr(msg, "): ");
    if (strncmp(msg, "policy ", 7) == 0 && colon)
        rest = colon + 3;
    size_t len = 0;
    while (rest[len] && rest[len] != ' ' && rest[len] != ':')
        len++;
    for (size_t j = 0; at->type == YN_MAP && j + 1 < at->n; j += 2) {
        const ynode *key = at->items[j];
        if (key->type == YN_SCALAR && key->len == len && len > 0 &&
            memcmp(key->text, rest, len) == 0 &&
            policy_param_find(key->text) >= 0) {
            at = at->items[j + 1];
            break;
        }
    }
    char why[600];
    snprintf(why, sizeof why, "%s", msg);
    scn_err_at(c, at, "%s",
               scn_with_expect(why, sizeof why,
                               "parameters the policy can use"));
}

/* With mistakes in the shared sections, policy i's own world cannot be
 * built, but its given values can still be checked, so that one pass of
 * `validate` reports every mistake: on a stand-in world where every rule
 * can work (a Poisson demand of 10 a time unit; a regular supplier 2 away
 * and a fast one 1 away, each with an order cost; holding and shortage
 * costs), with the policy's own keys. Mistakes that depend on the real
 * world (an auto rule's needs, a value against a supplier's minimum) show
 * once the shared sections are right. Lines are not stood in for. */
static void check_policy_alone(scn *c, size_t i)
{
    if (c->is_line || c->n_nodes)
        return;
    char err[600];
    world_spec w;
    world_spec_init(&w);
    w.time_units_per_year = c->tupy;
    w.item.backorder_cost = 1.0;
    w.item.stockout_cost = 1.0;
    w.demand.rate = 10.0;
    for (int k = 0; k < 2; k++) {
        supplier_spec sup;
        supplier_spec_init(&sup);
        snprintf(sup.name, sizeof sup.name, "stand-in-%d", k);
        dist_free(&sup.lead_time);
        if (dist_constant(&sup.lead_time, 2.0 - k, err, sizeof err) ||
            world_spec_add_supplier(&w, &sup)) {
            supplier_spec_free(&sup);
            world_spec_free(&w);
            return;
        }
        supplier_spec_free(&sup);
        w.suppliers[k].order_cost = 1.0;
    }
    w.policy = c->pols[i];
    w.policy.supplier = 0;
    if (w.policy.second_supplier >= 0)
        w.policy.second_supplier = 1;
    if (w.policy.backup_supplier >= 0)
        w.policy.backup_supplier = 1;
    world *made = world_create(&w, err, sizeof err);
    if (!made)
        report_world(c, i, err);
    world_destroy(made);
    world_spec_free(&w);
}

/* A closed loop sized with no margin (models/policy.h) is not a mistake,
 * but a comparison against it is rarely what the analyst meant: a warning
 * at the policy, so that `validate`, `sweep` and `optimize` say it before
 * the runs, as `run` says it under the policy as simulated. */
static void warn_of_caution(scn *c, size_t i, const world *made)
{
    if (c->inner) /* a sweep's value: the main parse warned once */
        return;
    char plan[LINE_PLAN_MAX];
    world_plan(made, plan, sizeof plan);
    const char *caution = world_plan_caution(plan);
    if (!caution)
        return;
    scn_warn_at(c, c->pol_nodes[i], "policy %s: %s",
                c->out.worlds[i].policy.name, caution);
}

/* Each policy's world: world_create resolves the `auto` parameters,
 * which is where "Q: auto needs an order cost" shows up. A world is tried
 * only when its policy was read without error and the sections before the
 * policies (`shared_errors`, the count of errors then) had none; with
 * shared errors, its given values alone (check_policy_alone). */
void scn_build_worlds(scn *c, size_t shared_errors)
{
    scenario *sc = &c->out;
    sc->worlds = calloc(c->n_pol, sizeof *sc->worlds);
    if (!sc->worlds) {
        c->oom = 1;
        return;
    }
    sc->n_policies = c->n_pol;
    for (size_t i = 0; i < c->n_pol; i++) {
        world_spec *w = &sc->worlds[i];
        char err[600];
        if (build_world(c, w, i)) {
            c->oom = 1;
            return;
        }
        if (!c->pol_ok[i])
            continue;
        if (shared_errors) {
            check_policy_alone(c, i);
            continue;
        }
        world *made = world_create(w, err, sizeof err);
        if (!made)
            report_world(c, i, err);
        else
            warn_of_caution(c, i, made);
        world_destroy(made);
    }
}
