/*
 * products.c - the products: section of a production line, and products
 * named from elsewhere (a sequence, a per-product process_time or
 * setup_time).
 *
 * Keys read (per product): name, demand (demand.c), initial, and the item
 * keys but initial_inventory (item.c), over the top-level item.
 *
 * Not here: the stages (stages.c), a product's release (the policies).
 */
#include <stdio.h>
#include <string.h>

#include "analysis/scenario/internal.h"

int scn_find_product(const scn *c, const char *s, size_t len)
{
    for (size_t k = 0; k < c->line->n_products; k++)
        if (c->product_named[k] && strlen(c->line->products[k].name) == len &&
            memcmp(c->line->products[k].name, s, len) == 0)
            return (int)k;
    return -1;
}

/* Reports a product name that names no product (at node `at`), in `where`;
 * `with_default` adds `default` to the names offered. */
void scn_unknown_product(scn *c, const ynode *at, const char *s,
                         size_t len, const char *where, int with_default)
{
    char shown[SHOWBUF], list[512];
    const char *names[LINE_PRODUCTS_MAX + 1];
    size_t n = 0;
    for (size_t k = 0; k < c->line->n_products; k++)
        if (c->product_named[k])
            names[n++] = c->line->products[k].name;
    if (with_default)
        names[n++] = "default";
    const char *sug = scn_suggest(s, len, names, n);
    scn_show(shown, sizeof shown, s, len);
    if (sug) {
        scn_err_at(c, at, "unknown product '%s' in %s; did you mean '%s'?",
                   shown, where, sug);
    } else {
        scn_join(list, sizeof list, names, n);
        scn_err_at(c, at, "unknown product '%s' in %s; expected one of %s",
                   shown, where, list);
    }
}

/* A scalar naming a product: its index, or -1 after reporting. */
int scn_product_ref(scn *c, const ynode *v, const char *where,
                    int with_default)
{
    if (v->type != YN_SCALAR || scn_node_is_null(v) ||
        memchr(v->text, '\0', v->len)) {
        char expect[80];
        snprintf(expect, sizeof expect, "a product name in %s", where);
        scn_type_error(c, v, where, "a product name", expect);
        return -1;
    }
    int k = scn_find_product(c, v->text, v->len);
    if (k < 0)
        scn_unknown_product(c, v, v->text, v->len, where, with_default);
    return k;
}

enum { PR_NAME, PR_DEMAND, PR_INITIAL, PR_ITEM, PR_COUNT = PR_ITEM + I_COUNT };

void scn_check_products(scn *c, const ynode *v)
{
    char why[400], shown[SHOWBUF];
    const char *keys[PR_COUNT] = {"name", "demand", "initial"};
    line_spec *line = c->line;
    /* A product takes the item's keys but initial_inventory: its own
     * `initial` says the same. */
    for (int k = 0; k < I_COUNT; k++)
        keys[PR_ITEM + k] = k == I_INITIAL_INVENTORY ? NULL : scn_item_keys[k];
    if (scn_check_list(c, v, "products",
                       "a list of {name: A, demand: {...}, unit_cost: ...}"))
        return;
    if (v->n == 0 || v->n > LINE_PRODUCTS_MAX) {
        scn_err_at(c, v,
                   "%zu products; expected 1 to %d (or no products: for one "
                   "product made of item: and demand:)",
                   v->n, LINE_PRODUCTS_MAX);
        return;
    }
    for (size_t i = 0; i < v->n; i++) {
        const ynode *e = v->items[i], *f[PR_COUNT];
        product_spec *p = &line->products[i];
        double x;
        size_t before = c->errs.seq;
        product_spec_init(p);
        line->n_products = i + 1;
        p->item = c->item;
        p->initial = c->initial_inventory;
        if (scn_check_map(c, e, "a product",
                          "{name: A, demand: {rate: 20}, unit_cost: 30}"))
            continue;
        scn_map_fields(c, e, "a product", keys, PR_COUNT, f);
        if (!f[PR_NAME]) {
            scn_err_at(c, e, "a product has no name; expected name: a unique "
                             "name");
        } else if (!scn_get_line_name(c, f[PR_NAME], "product", p->name)) {
            if (scn_find_product(c, p->name, strlen(p->name)) >= 0)
                scn_err_at(c, f[PR_NAME],
                           "two products are named '%s'; expected "
                           "unique names",
                           scn_show(shown, sizeof shown, p->name,
                                    strlen(p->name)));
            else
                c->product_named[i] = 1;
        }
        if (!f[PR_DEMAND])
            scn_err_at(c, e, "a product has no demand; expected demand: "
                             "{arrivals: poisson, rate: 20, size: 1}");
        else
            scn_read_demand(c, f[PR_DEMAND], &p->demand);
        if (!scn_get_num(c, f[PR_INITIAL], "initial", R_WHOLE,
                         "a whole number of finished units >= 0", &x))
            p->initial = x;
        scn_read_item(c, f + PR_ITEM, &p->item, NULL);
        if (c->errs.seq == before && item_spec_check(&p->item, why,
                                                     sizeof why))
            scn_err_at(c, e, "product %s: %s", p->name,
                       scn_with_expect(why, sizeof why, "a consistent item"));
    }
}

/* Without products:, the line makes one product of the item and demand. */
void scn_implicit_product(scn *c)
{
    product_spec *p = &c->line->products[0];
    product_spec_init(p);
    c->line->n_products = 1;
    c->product_named[0] = 1;
    p->item = c->item;
    p->initial = c->initial_inventory;
    demand_spec_free(&p->demand);
    if (demand_spec_copy(&p->demand, &c->demand)) {
        demand_spec_init(&p->demand);
        c->oom = 1;
    }
}
