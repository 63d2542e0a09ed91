/*
 * policy_words.h - what tells policies of one scenario apart besides their
 * type and parameters: the supplier they order from, a second source, a
 * backup supplier (when to switch, what lot), an emergency stock (and
 * when it is released), expediting and a starting stock. Three hybrids
 * printed as "Q=3465 r=3772 service_level=0.95" alike are told apart by
 * these.
 *
 * The console's "policies as simulated" block prints, under each policy,
 * the keys whose values differ between the scenario's policies, and only
 * those, so that a simple comparison stays short (table.c).
 *
 * Not here: the parameters (policy_params_format), meta.json's account of
 * the same keys (meta_json.c).
 */
#ifndef JITSIM_POLICY_WORDS_H
#define JITSIM_POLICY_WORDS_H

#include <stddef.h>

#include "analysis/scenario.h"

/* The keys, as bits. */
enum {
    POLICY_WORDS_SUPPLIER = 1u << 0,
    POLICY_WORDS_SECOND = 1u << 1,
    POLICY_WORDS_BACKUP = 1u << 2,    /* backup_supplier, switch_after,
                                         backup_lot */
    POLICY_WORDS_EMERGENCY = 1u << 3, /* emergency_stock, release */
    POLICY_WORDS_EXPEDITE = 1u << 4,  /* expedite factor and cost */
    POLICY_WORDS_INITIAL = 1u << 5,   /* initial_inventory as given */
};

/* The keys whose values are not the same for every policy of sc. */
unsigned policy_words_differing(const scenario *sc);

/* Policy p's values of `keys`, as "supplier=overseas
 * backup_supplier=local switch_after=5 backup_lot=cover_gap
 * emergency_stock=500 release=until_recovered" ("none" for a key the
 * policy lacks). "" when keys is 0. */
void policy_words(const scenario *sc, size_t p, unsigned keys, char *buf,
                  size_t len);

#endif
