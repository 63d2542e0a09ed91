/*
 * load.c - the public entry points of analysis/scenario.h: reading a file,
 * parsing a text (the tree, the overrides, the checks), freeing a
 * scenario, finding a policy; and the life of the parse context.
 *
 * Not here: any key (the section files; top.c says the order), the YAML
 * reader (document.c), the error list (errors.c).
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/scenario/internal.h"

void scenario_errors_init(scenario_errors *errors)
{
    errors->n = 0;
    errors->lines = NULL;
}

void scenario_errors_free(scenario_errors *errors)
{
    for (size_t i = 0; i < errors->n; i++)
        free(errors->lines[i]);
    free(errors->lines);
    scenario_errors_init(errors);
}

void scn_init(scn *c, const char *source)
{
    memset(c, 0, sizeof *c);
    c->source = source ? source : "<scenario>";
    /* The directory of the file, for a relative trace file. */
    const char *slash = strrchr(c->source, '/');
    if (slash && (size_t)(slash - c->source) < sizeof c->dir) {
        size_t n = slash == c->source ? 1 : (size_t)(slash - c->source);
        memcpy(c->dir, c->source, n);
        c->dir[n] = '\0';
    }
    c->horizon = 365.0;
    c->tupy = 365.0;
    c->initial_inventory = NAN;
    item_spec_init(&c->item);
    demand_spec_init(&c->demand);
    calendar_spec_init(&c->calendar);
    c->out.replications = 30;
    c->out.seed = 1;
    snprintf(c->out.time_unit, sizeof c->out.time_unit, "day");
}

void scn_fini(scn *c)
{
    for (size_t i = 0; i < c->n_sup; i++)
        supplier_spec_free(&c->sups[i]);
    free(c->sups);
    free(c->sup_named);
    for (size_t i = 0; i < c->n_dis; i++)
        disruption_spec_free(&c->dis[i]);
    free(c->dis);
    free(c->pols);
    free(c->pol_nodes);
    free(c->pol_ok);
    free(c->pol_seq);
    if (c->line) {
        line_spec_free(c->line);
        free(c->line);
    }
    free(c->axis_keys);
    scn_free_nodes(c);
    demand_spec_free(&c->demand);
    calendar_spec_free(&c->calendar);
    for (size_t i = 0; i < c->errs.n; i++)
        free(c->errs.v[i].text);
    free(c->errs.v);
    scn_arena_free(&c->mem);
}

int scenario_parse(const char *text, size_t len, const char *source,
                   const char *const *overrides, size_t n_overrides,
                   scenario *sc, scenario_errors *errors)
{
    return scn_parse_text(text, len, source, overrides, n_overrides, 0, sc,
                          errors);
}

int scn_parse_text(const char *text, size_t len, const char *source,
                   const char *const *overrides, size_t n_overrides,
                   int inner, scenario *sc, scenario_errors *errors)
{
    scn c;
    char why[400];
    int line, col;
    scn_init(&c, source);
    memset(sc, 0, sizeof *sc);
    if (!text)
        len = 0;
    c.text = text ? text : "";
    c.len = len;
    c.overrides = overrides;
    c.n_overrides = overrides ? n_overrides : 0;
    c.inner = inner;
    if (len > SCN_FILE_MAX) {
        scn_err_pos(&c, 1, 1,
                    "the file is larger than %zu MB; expected a "
                    "scenario file (long data belongs in a CSV trace)",
                    SCN_FILE_MAX >> 20);
    } else if (scn_precheck(text ? text : "", len, &line, &col, why,
                            sizeof why)) {
        scn_err_pos(&c, line, col, "%s", why);
    } else {
        builder b;
        ynode *root = NULL;
        if (scn_build_tree(&c, text ? text : "", len, NULL, &b, &root)) {
            scn_err_pos(&c, b.err_line, b.err_col, "%s", b.err);
        } else if (!root || scn_node_is_null(root)) {
            scn_err_pos(&c, 1, 1, "the file is empty; expected a scenario "
                                  "mapping (name:, horizon:, demand:, "
                                  "suppliers:, policies:)");
        } else if (root->type != YN_MAP) {
            char buf[SHOWBUF + 8];
            scn_err_at(&c, root,
                       "the file holds %s; expected a scenario mapping "
                       "(name:, horizon:, demand:, suppliers:, "
                       "policies:)",
                       scn_describe(root, buf, sizeof buf));
        } else {
            c.root = root;
            for (size_t i = 0; i < n_overrides; i++)
                if (overrides && overrides[i])
                    scn_apply_override(&c, overrides[i]);
            scn_check_scenario(&c, root);
        }
    }
    snprintf(c.out.source, sizeof c.out.source, "%s", c.source);
    if (c.errs.n == 0 && !c.oom) {
        *sc = c.out;
        scn_fini(&c);
        return 0;
    }
    scn_take_errors(&c, errors);
    scenario_free(&c.out);
    scn_fini(&c);
    return -1;
}

int scenario_load(const char *path, const char *const *overrides,
                  size_t n_overrides, scenario *sc, scenario_errors *errors)
{
    memset(sc, 0, sizeof *sc);
    FILE *fp = fopen(path, "rb");
    char *line = NULL;
    if (!fp) {
        line = scn_format("%s: cannot open the file (%s); expected a readable "
                          "scenario file",
                          path, strerror(errno));
    } else {
        /* Read at most one byte past the limit: enough to refuse. */
        size_t cap = 65536, len = 0;
        char *buf = malloc(cap);
        while (buf) {
            if (len == cap) {
                if (cap > SCN_FILE_MAX) {
                    break;
                }
                char *grown = realloc(buf, cap * 2);
                if (!grown) {
                    free(buf);
                    buf = NULL;
                    break;
                }
                buf = grown;
                cap *= 2;
            }
            size_t got = fread(buf + len, 1, cap - len, fp);
            len += got;
            if (got == 0)
                break;
        }
        int bad = ferror(fp);
        fclose(fp);
        if (!buf) {
            line = scn_format("%s: out of memory reading the file; expected a "
                              "smaller scenario",
                              path);
        } else if (bad) {
            free(buf);
            line = scn_format("%s: cannot read the file; expected a readable "
                              "scenario file",
                              path);
        } else {
            int rc = scenario_parse(buf, len, path, overrides, n_overrides,
                                    sc, errors);
            free(buf);
            return rc;
        }
    }
    errors->lines = calloc(1, sizeof *errors->lines);
    if (errors->lines && line) {
        errors->lines[0] = line;
        errors->n = 1;
    } else {
        free(line);
    }
    return -1;
}

void scenario_free(scenario *sc)
{
    for (size_t i = 0; i < sc->n_policies; i++)
        world_spec_free(&sc->worlds[i]);
    free(sc->worlds);
    for (size_t i = 0; i < sc->n_axes; i++)
        sweep_axis_free(&sc->axes[i]);
    free(sc->axes);
    memset(sc, 0, sizeof *sc);
}

int scenario_policy(const scenario *sc, const char *name)
{
    for (size_t i = 0; i < sc->n_policies; i++)
        if (strcmp(sc->worlds[i].policy.name, name) == 0)
            return (int)i;
    return -1;
}
