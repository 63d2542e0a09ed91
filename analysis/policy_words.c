/*
 * policy_words.c - a policy's supplier and mitigations in words, and which
 * of them differ between the policies of a scenario (policy_words.h).
 *
 * Not here: printing the block (table.c), meta.json (meta_json.c).
 */
#include "policy_words.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const char *supplier_name(const world_spec *w, int s)
{
    return s >= 0 && (size_t)s < w->n_suppliers ? w->suppliers[s].name
                                                : "none";
}

static int same(double a, double b)
{
    return a == b || (isnan(a) && isnan(b));
}

/* Whether policies p and q agree on the keys of `key`. */
static int agree(const scenario *sc, size_t p, size_t q, unsigned key)
{
    const world_spec *a = &sc->worlds[p], *b = &sc->worlds[q];
    const policy_spec *x = &a->policy, *y = &b->policy;
    switch (key) {
    case POLICY_WORDS_SUPPLIER:
        return !strcmp(supplier_name(a, x->supplier),
                       supplier_name(b, y->supplier));
    case POLICY_WORDS_SECOND:
        return !strcmp(supplier_name(a, x->second_supplier),
                       supplier_name(b, y->second_supplier));
    case POLICY_WORDS_BACKUP:
        return !strcmp(supplier_name(a, x->backup_supplier),
                       supplier_name(b, y->backup_supplier)) &&
               (x->backup_supplier < 0 ||
                (same(x->switch_after, y->switch_after) &&
                 same(x->backup_lot, y->backup_lot)));
    case POLICY_WORDS_EMERGENCY:
        return same(x->emergency_stock, y->emergency_stock) &&
               (!(x->emergency_stock > 0.0) || x->release == y->release);
    case POLICY_WORDS_EXPEDITE:
        return same(x->expedite, y->expedite) &&
               (!(x->expedite > 0.0) ||
                same(x->expedite_cost, y->expedite_cost));
    case POLICY_WORDS_INITIAL:
        return same(x->initial_inventory, y->initial_inventory);
    }
    return 1;
}

unsigned policy_words_differing(const scenario *sc)
{
    unsigned keys = 0;
    for (unsigned key = 1; key <= POLICY_WORDS_INITIAL; key <<= 1)
        for (size_t p = 1; p < sc->n_policies; p++)
            if (!agree(sc, 0, p, key))
                keys |= key;
    return keys;
}

void policy_words(const scenario *sc, size_t p, unsigned keys, char *buf,
                  size_t len)
{
    const world_spec *w = &sc->worlds[p];
    const policy_spec *ps = &w->policy;
    size_t used = 0;
    buf[0] = '\0';
#define ADD(...)                                                            \
    do {                                                                    \
        int n_ = snprintf(buf + used, used < len ? len - used : 0,          \
                          "%s", used ? " " : "");                           \
        if (n_ > 0)                                                         \
            used += (size_t)n_;                                             \
        n_ = snprintf(buf + used, used < len ? len - used : 0,              \
                      __VA_ARGS__);                                         \
        if (n_ > 0)                                                         \
            used += (size_t)n_;                                             \
    } while (0)
    if (keys & POLICY_WORDS_SUPPLIER)
        ADD("supplier=%s", supplier_name(w, ps->supplier));
    if (keys & POLICY_WORDS_SECOND)
        ADD("second_supplier=%s", supplier_name(w, ps->second_supplier));
    if (keys & POLICY_WORDS_BACKUP) {
        ADD("backup_supplier=%s", supplier_name(w, ps->backup_supplier));
        if (ps->backup_supplier >= 0) {
            ADD("switch_after=%g", ps->switch_after);
            if (ps->backup_lot > 0.0)
                ADD("backup_lot=%g", ps->backup_lot);
            else
                ADD("backup_lot=cover_gap");
        }
    }
    if (keys & POLICY_WORDS_EMERGENCY) {
        ADD("emergency_stock=%g", ps->emergency_stock);
        if (ps->emergency_stock > 0.0)
            ADD("release=%s", ps->release == RELEASE_DURING
                                  ? "during"
                                  : "until_recovered");
    }
    if (keys & POLICY_WORDS_EXPEDITE) {
        if (ps->expedite > 0.0)
            ADD("expedite=%g expedite_cost=%g", ps->expedite,
                ps->expedite_cost);
        else
            ADD("expedite=none");
    }
    if (keys & POLICY_WORDS_INITIAL) {
        if (isnan(ps->initial_inventory))
            ADD("initial_inventory=the policy's");
        else
            ADD("initial_inventory=%g", ps->initial_inventory);
    }
#undef ADD
}
