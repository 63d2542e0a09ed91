/*
 * line.c - a production line's sections, read in a scenario with stages:
 * products: (or the one implicit product), raw:, stages:, in that order;
 * and the rule every stage and product name follows.
 *
 * Keys read: none of its own; it refuses products: and raw: without
 * stages:. The sections are read by products.c, raw.c and stages.c.
 *
 * Not here: running a line (models/line.c), the line's controls
 * (policies.c reads them as policies).
 */
#include <stdio.h>
#include <string.h>

#include "analysis/scenario/internal.h"

/* Stage and product names become column names ("cut.wip") and keys of the
 * per-product maps: letters, digits, '_' and '-', and never a word those
 * maps use themselves. */
int scn_get_line_name(scn *c, const ynode *v, const char *what, char *buf)
{
    char expect[128], shown[SHOWBUF];
    snprintf(expect, sizeof expect, "a %s name of letters, digits, '_' and "
                                    "'-'",
             what);
    int rc = scn_get_name(c, v, "name", LINE_NAME_MAX, expect, buf);
    if (rc)
        return rc;
    scn_show(shown, sizeof shown, buf, strlen(buf));
    for (const char *q = buf; *q; q++) {
        int ch = (unsigned char)*q;
        if (!(scn_is_digit(ch) || (ch >= 'a' && ch <= 'z') ||
              (ch >= 'A' && ch <= 'Z') || ch == '_' || ch == '-')) {
            scn_err_at(c, v,
                       "%s name '%s' has a character other than letters, "
                       "digits, '_' and '-'; expected %s",
                       what, shown, expect);
            return -1;
        }
    }
    if (strcmp(buf, "default") == 0 || strcmp(buf, "dist") == 0) {
        scn_err_at(c, v,
                   "%s name '%s' is reserved (process_time and setup_time "
                   "maps use it as a key); expected another name",
                   what, shown);
        return -1;
    }
    return 0;
}

/* The line's sections, in a scenario with stages: (and the mistake of
 * giving products: or raw: without one). */
void scn_check_line(scn *c, const ynode *const *f)
{
    if (!c->is_line) {
        for (int k = T_PRODUCTS; k <= T_RAW; k++) {
            const ynode *key = scn_map_key(c->root, scn_top_keys[k]);
            if (key)
                scn_err_at(c, key,
                           "%s: belongs to a production line; expected "
                           "a stages: section with it, or no %s:",
                           scn_top_keys[k], scn_top_keys[k]);
        }
        return;
    }
    if (f[T_PRODUCTS])
        scn_check_products(c, f[T_PRODUCTS]);
    else
        scn_implicit_product(c);
    if (f[T_RAW])
        scn_check_raw(c, f[T_RAW]);
    scn_check_stages(c, f[T_STAGES], f[T_PRODUCTS] != NULL);
}
