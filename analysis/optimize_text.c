/*
 * optimize_text.c - the setting optimize.c found, as overrides and as the
 * scenario's own text with the values written in (scenario_rewrite),
 * checked by reading it back; and the number format both use.
 *
 * Not here: the search (optimize.c), finding a path in the YAML
 * (scenario/rewrite.c).
 */
#include "optimize.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void optimize_format_value(char *buf, size_t len, double x)
{
    /* Whole numbers as such (100, not 1e+02). */
    if (x == floor(x) && fabs(x) < 1e15) {
        snprintf(buf, len, "%.0f", x);
        return;
    }
    for (int digits = 1; digits <= 17; digits++) {
        snprintf(buf, len, "%.*g", digits, x);
        if (strtod(buf, NULL) == x)
            return;
    }
}

size_t optimize_overrides(const optimize_config *cfg,
                          const optimize_result *r, char (*texts)[320])
{
    size_t n = 0;
    for (size_t a = 0; a < r->n_axes && a < cfg->n_axes; a++) {
        char num[40];
        optimize_format_value(num, sizeof num, r->best.values[a]);
        snprintf(texts[n++], 320, "%s=%s", cfg->axes[a].path, num);
    }
    if (r->warmup_auto) {
        char num[40];
        optimize_format_value(num, sizeof num, r->warmup);
        snprintf(texts[n++], 320, "warmup=%s", num);
    }
    return n;
}

static int same_policy(const policy_spec *a, const policy_spec *b)
{
    if (strcmp(a->name, b->name) || a->type != b->type ||
        a->supplier != b->supplier ||
        a->backup_supplier != b->backup_supplier)
        return 0;
    double x[] = {a->initial_inventory, a->emergency_stock, a->switch_after,
                  a->expedite, a->expedite_cost};
    double y[] = {b->initial_inventory, b->emergency_stock, b->switch_after,
                  b->expedite, b->expedite_cost};
    for (size_t i = 0; i < sizeof x / sizeof x[0]; i++)
        if (!(x[i] == y[i] || (isnan(x[i]) && isnan(y[i]))))
            return 0;
    for (int p = 0; p < PARAM_COUNT; p++) {
        double u = a->params.value[p], v = b->params.value[p];
        if (a->params.state[p] != b->params.state[p] ||
            (a->params.state[p] != PARAM_UNSET && u != v &&
             !(isnan(u) && isnan(v))))
            return 0;
    }
    return 1;
}

int optimize_scenario_text(const optimize_config *cfg,
                           const optimize_result *r, const char *out_path,
                           char **text, size_t *len, char *err,
                           size_t errlen)
{
    char texts[OPTIMIZE_AXES_MAX + 3][320];
    const char *sets[OPTIMIZE_AXES_MAX + 3];
    size_t n = optimize_overrides(cfg, r, texts);
    size_t n_over = n;
    if (cfg->replications)
        snprintf(texts[n++], 320, "replications=%llu",
                 (unsigned long long)r->reps);
    if (cfg->seed_given)
        snprintf(texts[n++], 320, "seed=%llu", (unsigned long long)r->seed);
    for (size_t i = 0; i < n; i++)
        sets[i] = texts[i];
    *text = NULL;
    if (scenario_rewrite(cfg->text, cfg->len, sets, n, text, len, err,
                         errlen))
        return -1;
    /* The check: the new text alone says what the search ran. */
    scenario want, got;
    scenario_errors errors;
    scenario_errors_init(&errors);
    int ok = 0;
    if (scenario_parse(cfg->text, cfg->len, cfg->source, sets, n_over, &want,
                       &errors) == 0) {
        /* Read as the file it becomes: a relative trace is looked for
         * beside it. */
        if (scenario_parse(*text, *len, out_path ? out_path : cfg->source,
                           NULL, 0, &got, &errors) != 0) {
            free(*text);
            *text = NULL;
            snprintf(err, errlen,
                     "%s would not run as written: %s; expected it in the "
                     "scenario's directory when the scenario reads a file "
                     "beside it",
                     out_path ? out_path : cfg->source,
                     errors.n ? errors.lines[0] : "?");
            scenario_free(&want);
            scenario_errors_free(&errors);
            return -1;
        } else {
            int p = scenario_policy(&want, cfg->policy);
            int q = scenario_policy(&got, cfg->policy);
            ok = p >= 0 && q >= 0 &&
                 same_policy(&want.worlds[p].policy, &got.worlds[q].policy) &&
                 got.worlds[q].warmup == r->warmup && !got.warmup_auto &&
                 (got.replications == r->reps || !cfg->replications) &&
                 (got.seed == r->seed || !cfg->seed_given);
            scenario_free(&got);
        }
        scenario_free(&want);
    }
    scenario_errors_free(&errors);
    if (!ok) {
        free(*text);
        *text = NULL;
        snprintf(err, errlen,
                 "the setting written into the scenario's text does not "
                 "read back as the one found; expected a scenario whose "
                 "policy keys are plain values (give the values with "
                 "--set to jitsim run instead)");
        return -1;
    }
    return 0;
}
