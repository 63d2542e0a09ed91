/*
 * meta.c - meta.json read back with libfyaml (as JSON): the scenario's
 * name, description and source, its time unit, horizon, warm-up,
 * replications and seed, the policies as simulated, the sentences and the
 * disruption windows, the files of the run (written by output_write_run
 * and sweep_describe; analysis/meta_json.h has the fields).
 *
 * Both formats are read: format 2 (a policy's parameters an object of
 * {value, from} per parameter, its supplier and mitigations as fields)
 * and the earlier one (the parameters one string, as printed). A policy's
 * parameters become one line of text for the page; in format 2 the
 * supplier and mitigation keys whose values differ between the policies
 * are added to it, as the console's "policies as simulated" does.
 *
 * Not a JSON validator: a field missing or of another type is left empty
 * (or NaN); only a file that is not a JSON object is an error.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfyaml.h>

#include "analysis/report/internal.h"

static void fy_quiet(struct fy_diag *diag, void *user, const char *buf,
                     size_t len)
{
    /* Parse errors become one line of ours; nothing goes to stderr. */
    (void)diag;
    (void)user;
    (void)buf;
    (void)len;
}

static const char *meta_scalar(struct fy_node *map, const char *key)
{
    struct fy_node *n = map ? fy_node_mapping_lookup_by_string(map, key,
                                                               FY_NT)
                            : NULL;
    if (!n || !fy_node_is_scalar(n))
        return NULL;
    return fy_node_get_scalar0(n);
}

static void meta_copy(struct fy_node *map, const char *key, char *buf,
                      size_t len)
{
    const char *s = meta_scalar(map, key);
    snprintf(buf, len, "%s", s ? s : "");
}

static double meta_number(struct fy_node *map, const char *key)
{
    const char *s = meta_scalar(map, key);
    if (!s)
        return NAN;
    char *end;
    double v = strtod(s, &end);
    return end != s && *end == '\0' && isfinite(v) ? v : NAN;
}

static struct fy_node *meta_sequence(struct fy_node *map, const char *key)
{
    struct fy_node *n = fy_node_mapping_lookup_by_string(map, key, FY_NT);
    return n && fy_node_is_sequence(n) ? n : NULL;
}

/* A scalar field as text ("" when absent, null or not a scalar). */
static void field_text(struct fy_node *map, const char *key, char *buf,
                       size_t len)
{
    const char *v = meta_scalar(map, key);
    snprintf(buf, len, "%s", v && strcmp(v, "null") ? v : "");
}

/* A number as the page shows it (%.6g), or the text as it is. */
static void shown_value(const char *v, char *buf, size_t len)
{
    char *end;
    double x = strtod(v, &end);
    if (end != v && *end == '\0' && isfinite(x))
        snprintf(buf, len, "%.6g", x);
    else
        snprintf(buf, len, "%s", v);
}

/* Format 2's parameters object as "Q=216 r=117" (a value that is null,
 * an auto one in a sweep, as where it comes from: "Q=auto"). */
static void params_from_object(struct fy_node *obj, char *buf, size_t len)
{
    size_t used = 0;
    buf[0] = '\0';
    void *it = NULL;
    struct fy_node_pair *pair;
    while ((pair = fy_node_mapping_iterate(obj, &it)) != NULL) {
        struct fy_node *k = fy_node_pair_key(pair);
        struct fy_node *v = fy_node_pair_value(pair);
        const char *name = k && fy_node_is_scalar(k)
                               ? fy_node_get_scalar0(k)
                               : NULL;
        if (!name || !v || !fy_node_is_mapping(v))
            continue;
        char value[64] = "";
        const char *raw = meta_scalar(v, "value");
        if (raw && strcmp(raw, "null"))
            shown_value(raw, value, sizeof value);
        else
            field_text(v, "from", value, sizeof value);
        int n = snprintf(buf + used, used < len ? len - used : 0, "%s%s=%s",
                         used ? " " : "", name, value[0] ? value : "?");
        if (n > 0)
            used += (size_t)n;
    }
}

/* The supplier and mitigation keys of format 2, per policy, as
 * "key=value" words; those whose words differ between policies are added
 * to the parameters' text. */
enum { MK_SUPPLIER, MK_SECOND, MK_BACKUP, MK_EMERGENCY, MK_EXPEDITE,
       MK_COUNT };
typedef struct meta_keys {
    char words[MK_COUNT][400];
} meta_keys;

static void mitigation_words(struct fy_node *item, meta_keys *k)
{
    char a[96], b[96], c[96];
    field_text(item, "supplier", a, sizeof a);
    snprintf(k->words[MK_SUPPLIER], sizeof k->words[0], "supplier=%s",
             a[0] ? a : "none");
    field_text(item, "second_supplier", a, sizeof a);
    snprintf(k->words[MK_SECOND], sizeof k->words[0], "second_supplier=%s",
             a[0] ? a : "none");
    field_text(item, "backup_supplier", a, sizeof a);
    field_text(item, "switch_after", b, sizeof b);
    field_text(item, "backup_lot", c, sizeof c);
    if (a[0])
        snprintf(k->words[MK_BACKUP], sizeof k->words[0],
                 "backup_supplier=%s switch_after=%s backup_lot=%s", a, b, c);
    else
        snprintf(k->words[MK_BACKUP], sizeof k->words[0],
                 "backup_supplier=none");
    field_text(item, "emergency_stock", a, sizeof a);
    field_text(item, "release", b, sizeof b);
    snprintf(k->words[MK_EMERGENCY], sizeof k->words[0],
             "emergency_stock=%s%s%s", a[0] ? a : "0", b[0] ? " release=" : "",
             b);
    struct fy_node *e = fy_node_mapping_lookup_by_string(item, "expedite",
                                                          FY_NT);
    if (e && fy_node_is_mapping(e)) {
        field_text(e, "factor", a, sizeof a);
        field_text(e, "cost", b, sizeof b);
        snprintf(k->words[MK_EXPEDITE], sizeof k->words[0],
                 "expedite=%s expedite_cost=%s", a, b);
    } else {
        snprintf(k->words[MK_EXPEDITE], sizeof k->words[0], "expedite=none");
    }
}

/* Reads dir/meta.json when present. 0 (m->present says whether it was),
 * or -1 with a message for a file that is not the JSON jitsim writes. */
int meta_read(const char *dir, report_meta *m, char *err, size_t errlen)
{
    memset(m, 0, sizeof *m);
    m->horizon = m->warmup = m->replications = m->seed = NAN;
    snprintf(m->time_unit, sizeof m->time_unit, "time unit");
    char path[PATH_LEN];
    snprintf(path, sizeof path, "%s/meta.json", dir);
    size_t len;
    char *text = sb_read_file(path, &len);
    if (!text) {
        if (errno == ENOENT)
            return 0;
        snprintf(err, errlen, "%s: cannot read (%s); expected the JSON "
                              "file jitsim run writes",
                 path, strerror(errno));
        return -1;
    }
    struct fy_diag_cfg dc;
    fy_diag_cfg_default(&dc);
    dc.fp = NULL;
    dc.output_fn = fy_quiet;
    dc.colorize = false;
    struct fy_diag *diag = fy_diag_create(&dc);
    struct fy_parse_cfg pc;
    memset(&pc, 0, sizeof pc);
    pc.flags = FYPCF_QUIET | FYPCF_JSON_FORCE;
    pc.diag = diag;
    struct fy_document *doc =
        diag ? fy_document_build_from_string(&pc, text, len) : NULL;
    struct fy_node *root = doc ? fy_document_root(doc) : NULL;
    if (!root || !fy_node_is_mapping(root)) {
        snprintf(err, errlen, "%s: not a JSON object; expected the file "
                              "jitsim run writes (remove it to report "
                              "without it)",
                 path);
        if (doc)
            fy_document_destroy(doc);
        if (diag)
            fy_diag_destroy(diag);
        free(text);
        return -1;
    }
    m->present = 1;
    meta_copy(root, "scenario", m->scenario, sizeof m->scenario);
    meta_copy(root, "description", m->description, sizeof m->description);
    meta_copy(root, "source", m->source, sizeof m->source);
    meta_copy(root, "time_unit", m->time_unit, sizeof m->time_unit);
    /* Written into the charts' scripts as it is: only a unit's name (day,
     * week, ...) is taken from the file. */
    int plain = m->time_unit[0] != '\0';
    for (const char *u = m->time_unit; *u; u++)
        if (!((*u >= 'a' && *u <= 'z') || *u == ' '))
            plain = 0;
    if (!plain)
        snprintf(m->time_unit, sizeof m->time_unit, "time unit");
    meta_copy(root, "baseline", m->baseline, sizeof m->baseline);
    meta_copy(root, "disruptions_from", m->windows_from,
              sizeof m->windows_from);
    m->horizon = meta_number(root, "horizon");
    m->warmup = meta_number(root, "warmup");
    m->replications = meta_number(root, "replications");
    m->seed = meta_number(root, "seed");
    const char *wa = meta_scalar(root, "warmup_auto");
    m->warmup_auto = wa && strcmp(wa, "true") == 0;

    struct fy_node *seq, *item;
    void *it = NULL;
    meta_keys *keys = calloc(MAX_POLICIES, sizeof *keys);
    int has_keys = 0;
    if ((seq = meta_sequence(root, "policies")) != NULL)
        while ((item = fy_node_sequence_iterate(seq, &it)) != NULL &&
               m->n_policies < MAX_POLICIES) {
            if (!fy_node_is_mapping(item))
                continue;
            size_t index = m->n_policies++;
            meta_policy *p = &m->policies[index];
            meta_copy(item, "name", p->name, sizeof p->name);
            meta_copy(item, "type", p->type, sizeof p->type);
            meta_copy(item, "family", p->family, sizeof p->family);
            meta_copy(item, "plan", p->plan, sizeof p->plan);
            struct fy_node *params = fy_node_mapping_lookup_by_string(
                item, "parameters", FY_NT);
            if (meta_scalar(item, "parameters_text"))
                meta_copy(item, "parameters_text", p->params,
                          sizeof p->params);
            else if (params && fy_node_is_mapping(params))
                params_from_object(params, p->params, sizeof p->params);
            else
                meta_copy(item, "parameters", p->params, sizeof p->params);
            if (keys && fy_node_mapping_lookup_by_string(item, "supplier",
                                                         FY_NT)) {
                mitigation_words(item, &keys[index]);
                has_keys = 1;
            }
        }
    /* What tells the policies apart beside their parameters. */
    for (int k = 0; keys && has_keys && k < MK_COUNT; k++) {
        int differ = 0;
        for (size_t p = 1; p < m->n_policies; p++)
            differ |= strcmp(keys[p].words[k], keys[0].words[k]) != 0;
        for (size_t p = 0; differ && p < m->n_policies; p++) {
            char *t = m->policies[p].params;
            size_t used = strlen(t);
            snprintf(t + used, sizeof m->policies[p].params - used, "%s%s",
                     used ? " " : "", keys[p].words[k]);
        }
    }
    free(keys);
    it = NULL;
    meta_copy(root, "program", m->program, sizeof m->program);
    if ((seq = meta_sequence(root, "overrides")) != NULL)
        while ((item = fy_node_sequence_iterate(seq, &it)) != NULL) {
            const char *s = fy_node_is_scalar(item)
                                ? fy_node_get_scalar0(item)
                                : NULL;
            size_t used = strlen(m->overrides);
            if (s && used + 1 < sizeof m->overrides)
                snprintf(m->overrides + used, sizeof m->overrides - used,
                         "%s%s", used ? "; " : "", s);
        }
    it = NULL;
    if ((seq = meta_sequence(root, "sentences")) != NULL)
        while ((item = fy_node_sequence_iterate(seq, &it)) != NULL &&
               m->n_sentences < MAX_POLICIES) {
            const char *s = fy_node_is_scalar(item)
                                ? fy_node_get_scalar0(item)
                                : NULL;
            if (s)
                snprintf(m->sentences[m->n_sentences++],
                         sizeof m->sentences[0], "%s", s);
        }
    it = NULL;
    if ((seq = meta_sequence(root, "disruptions")) != NULL)
        while ((item = fy_node_sequence_iterate(seq, &it)) != NULL &&
               m->n_windows < MAX_WINDOWS) {
            if (!fy_node_is_mapping(item))
                continue;
            meta_window *w = &m->windows[m->n_windows];
            w->start = meta_number(item, "start");
            w->end = meta_number(item, "end");
            if (!isfinite(w->start) || !isfinite(w->end) || w->end < w->start)
                continue;
            meta_copy(item, "label", w->label, sizeof w->label);
            meta_copy(item, "effect", w->effect, sizeof w->effect);
            meta_copy(item, "supplier", w->supplier, sizeof w->supplier);
            m->n_windows++;
        }
    it = NULL;
    if ((seq = meta_sequence(root, "files")) != NULL) {
        m->has_files = 1;
        while ((item = fy_node_sequence_iterate(seq, &it)) != NULL &&
               m->n_files < sizeof m->files / sizeof m->files[0]) {
            const char *s = fy_node_is_scalar(item)
                                ? fy_node_get_scalar0(item)
                                : NULL;
            if (s)
                snprintf(m->files[m->n_files++], sizeof m->files[0], "%s",
                         s);
        }
    }
    fy_document_destroy(doc);
    fy_diag_destroy(diag);
    free(text);
    return 0;
}

int meta_lists(const report_meta *m, const char *name)
{
    if (!m->has_files)
        return 1;
    for (size_t i = 0; i < m->n_files; i++)
        if (strcmp(m->files[i], name) == 0)
            return 1;
    return 0;
}
