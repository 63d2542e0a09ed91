/*
 * cmd_optimize.c - `jitsim optimize FILE --policy NAME --vary PATH=RANGE`:
 * the parameters of one policy that minimise an objective under
 * constraints, found by a search instead of a grid (analysis/optimize.h
 * holds the method; docs/optimize.md says it for users). Prints the best
 * setting with its intervals, the runner-ups not clearly worse and what
 * the search cost; with -o writes the scenario with the setting in it.
 *
 * Not here: the search itself (analysis/optimize.c), writing into YAML
 * (analysis/scenario/rewrite.c).
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analysis/atomic.h"
#include "analysis/optimize.h"
#include "analysis/output.h"
#include "cli.h"

#define MAX_CONSTRAINTS OPTIMIZE_CONSTRAINTS_MAX

static void optimize_usage(FILE *out)
{
    fprintf(out,
            "usage: jitsim optimize FILE --policy NAME --vary PATH=RANGE ... "
            "[options]\n"
            "\n"
            "Searches the parameters of one policy (Q, r, S, cards, ...) for\n"
            "the best objective under constraints, on common random numbers,\n"
            "by a pattern search whose replications grow as its steps shrink,\n"
            "and screens the last candidates with paired intervals\n"
            "(docs/optimize.md).\n"
            "\n"
            "      --policy NAME     the policy whose parameters are searched\n"
            "                        (default: the scenario's only policy)\n"
            "      --vary PATH=RANGE a parameter and its range: FROM:TO (step\n"
            "                        1), FROM:TO:STEP, a list 1,2,5 or\n"
            "                        log:FROM:TO:COUNT; PATH is\n"
            "                        policies.NAME.KEY (repeatable)\n"
            "      --objective M     the metric to optimise: the lowest mean,\n"
            "                        or the highest for profit, revenue,\n"
            "                        service, turnover, throughput (default\n"
            "                        total_cost; profit with lost sales and\n"
            "                        a price)\n"
            "      --constraint C    e.g. 'fill_rate>=0.95', judged on the\n"
            "                        mean (repeatable)\n"
            "  -r, --replications N  replications of the final steps (default:\n"
            "                        the scenario's)\n"
            "      --seed S          seed (default: the scenario's)\n"
            "  -j, --jobs N          threads (default: all cores)\n"
            "  -o, --out FILE        write the scenario with the setting found\n"
            "                        (jitsim run FILE reproduces the numbers)\n"
            "      --progress        progress on stderr even when it is not a\n"
            "                        terminal\n"
            "  -q, --quiet           print nothing but errors\n");
}

static void print_errors(const scenario_errors *errors, const sweep_axis *vary,
                         size_t n_vary)
{
    /* The loader names the candidates' overrides "--set PATH"; they came
     * from --vary. */
    for (size_t e = 0; e < errors->n; e++) {
        const char *line = errors->lines[e];
        int from_vary = 0;
        for (size_t k = 0; k < n_vary; k++) {
            size_t n = strlen(vary[k].path);
            if (!strncmp(line, "--set ", 6) &&
                !strncmp(line + 6, vary[k].path, n) &&
                (line[6 + n] == ':' || line[6 + n] == '='))
                from_vary = 1;
        }
        if (from_vary)
            fprintf(stderr, "--vary %s\n", line + 6);
        else
            fprintf(stderr, "%s\n", line);
    }
}

typedef struct progress {
    int on;
    size_t n_axes;
    const sweep_axis *axes;
    size_t prefix; /* characters of "policies.NAME." */
    double start, last;
} progress;

static double seconds_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void on_progress(void *ctx, const optimize_progress *p)
{
    progress *pr = ctx;
    double now = seconds_now();
    if (!pr->on || now - pr->last < 0.2)
        return;
    pr->last = now;
    fprintf(stderr, "\roptimize: %zu candidates, %llu runs, step %zu, %llu "
                    "replications",
            p->candidates, (unsigned long long)p->runs, p->max_step,
            (unsigned long long)p->reps);
    if (p->have_best) {
        fprintf(stderr, ", at");
        for (size_t a = 0; a < pr->n_axes; a++)
            fprintf(stderr, " %s=%g", pr->axes[a].path + pr->prefix,
                    p->best_values[a]);
        fprintf(stderr, " %s %.6g", p->objective, p->best_mean);
    }
    fprintf(stderr, "   ");
    fflush(stderr);
}

static void print_setting(const optimize_result *r, const sweep_axis *axes,
                          size_t prefix, const optimize_point *p)
{
    for (size_t a = 0; a < r->n_axes; a++)
        printf("%s%s=%g", a ? " " : "", axes[a].path + prefix, p->values[a]);
}

static const char *op_text(int op)
{
    return op == 'g' ? ">=" : op == 'l' ? "<=" : op == '>' ? ">" : "<";
}

static void print_estimate(const estimate *e)
{
    if (isfinite(e->low))
        printf("%.6g [%.6g, %.6g]", e->mean, e->low, e->high);
    else
        printf("%.6g", e->mean);
}

static void print_result(const optimize_result *r, const char *policy,
                         const sweep_axis *axes, size_t prefix,
                         const char *scenario_name)
{
    printf("optimize %s in %s: %s %s mean", policy, scenario_name,
           r->maximise ? "highest" : "lowest", r->objective);
    for (size_t c = 0; c < r->n_constraints; c++)
        printf("%s %s%s%g", c ? "," : " with", r->constraints[c].metric,
               op_text(r->constraints[c].op), r->constraints[c].value);
    printf("\n%llu replications, seed %llu, warm-up %g%s\n\n",
           (unsigned long long)r->reps, (unsigned long long)r->seed,
           r->warmup, r->warmup_auto ? " (auto, chosen at the start)" : "");
    const optimize_point *b = &r->best;
    printf("%s: ", r->found ? "best" : "no candidate meets the constraints; "
                                       "the closest");
    print_setting(r, axes, prefix, b);
    printf("\n  %-22s ", r->objective);
    print_estimate(&b->objective);
    printf("\n");
    for (size_t c = 0; c < r->n_constraints; c++) {
        printf("  %-22s ", r->constraints[c].metric);
        print_estimate(&b->constraint[c]);
        int met = isfinite(b->constraint[c].mean) &&
                  (r->constraints[c].op == 'g'
                       ? b->constraint[c].mean >= r->constraints[c].value
                   : r->constraints[c].op == 'l'
                       ? b->constraint[c].mean <= r->constraints[c].value
                   : r->constraints[c].op == '>'
                       ? b->constraint[c].mean > r->constraints[c].value
                       : b->constraint[c].mean < r->constraints[c].value);
        printf("   %s%s%g %s\n", r->constraints[c].metric,
               op_text(r->constraints[c].op), r->constraints[c].value,
               met ? "met by the mean" : "NOT met");
    }
    printf("start (the policy's own values, nearest in the ranges): ");
    print_setting(r, axes, prefix, &r->start);
    printf(", %s ", r->objective);
    print_estimate(&r->start.objective);
    if (!memcmp(r->start.values, r->best.values,
                r->n_axes * sizeof r->best.values[0])) {
        printf(": the best itself");
    } else if (r->start.diff.n > 0 && isfinite(r->start.diff.mean)) {
        /* diff is the start's minus the best's, pair by pair. */
        const estimate *d = &r->start.diff;
        printf("%s\n  the best is ", r->start.feasible
                                          ? ""
                                          : " (constraints not met)");
        if (d->mean >= 0.0)
            printf("%.6g lower (paired 95%% CI %.6g to %.6g)", d->mean,
                   d->low, d->high);
        else
            printf("%.6g higher (paired 95%% CI %.6g to %.6g)", -d->mean,
                   -d->high, -d->low);
    }
    printf("\n");
    if (r->found) {
        size_t close = 0;
        for (size_t f = 1; f < r->n_finalists; f++)
            close += !r->finalists[f].clearly_worse;
        printf("\nscreened %zu of the best candidates against the best "
               "(paired 95%% intervals of %s minus the best's):\n",
               r->n_finalists, r->objective);
        if (r->n_finalists == 1)
            printf("  no other candidate ran all replications\n");
        for (size_t f = 1; f < r->n_finalists; f++) {
            const optimize_point *p = &r->finalists[f];
            printf("  ");
            print_setting(r, axes, prefix, p);
            printf("  %s %.6g, difference %+.6g [%+.6g, %+.6g]: %s\n",
                   r->objective, p->objective.mean, p->diff.mean,
                   p->diff.low, p->diff.high,
                   p->clearly_worse ? "clearly worse" : "not clearly worse");
        }
        if (r->n_finalists > 1)
            printf("  %zu not clearly worse than the best\n", close);
    }
    double grid_runs = (double)r->grid_points * (double)r->reps;
    printf("\n%zu candidates, %llu runs (the grid of the ranges: %llu points, "
           "%.6g runs; the search ran %.3g%% of them)\n",
           r->candidates, (unsigned long long)r->runs,
           (unsigned long long)r->grid_points, grid_runs,
           100.0 * (double)r->runs / grid_runs);
}

typedef struct bytes {
    const char *data;
    size_t len;
} bytes;

static int fill_bytes(FILE *f, void *ctx)
{
    const bytes *b = ctx;
    return fwrite(b->data, 1, b->len, f) == b->len ? 0 : -1;
}

/* Writes FILE whole or not at all (a temporary name, then renamed). */
static int write_file(const char *path, const char *data, size_t len,
                      char *err, size_t errlen)
{
    char dir[4096];
    const char *slash = strrchr(path, '/');
    if (slash) {
        size_t n = slash == path ? 1 : (size_t)(slash - path);
        if (n >= sizeof dir) {
            snprintf(err, errlen, "%s: the path is too long", path);
            return -1;
        }
        memcpy(dir, path, n);
        dir[n] = '\0';
    } else {
        snprintf(dir, sizeof dir, ".");
    }
    const char *name = slash ? slash + 1 : path;
    if (!*name) {
        snprintf(err, errlen, "-o %s: no file name; expected -o FILE.yaml",
                 path);
        return -1;
    }
    bytes b = {data, len};
    return atomic_write(dir, name, fill_bytes, &b, err, errlen);
}

/* -o FILE before the search: a file name in a directory that exists. */
static int check_out(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *name = slash ? slash + 1 : path;
    struct stat st;
    if (!*name || (stat(path, &st) == 0 && S_ISDIR(st.st_mode))) {
        cli_error("optimize", "-o %s: no file name; expected -o FILE.yaml",
                  path);
        return -1;
    }
    if (slash) {
        char dir[4096];
        size_t n = slash == path ? 1 : (size_t)(slash - path);
        if (n >= sizeof dir) {
            cli_error("optimize", "-o %s: the path is too long; expected a "
                                  "shorter one",
                      path);
            return -1;
        }
        memcpy(dir, path, n);
        dir[n] = '\0';
        if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
            cli_error("optimize", "-o %s: no directory %s; expected the file "
                                  "in a directory that exists",
                      path, dir);
            return -1;
        }
    }
    return 0;
}

static int parse_vary(const char *v, sweep_axis *a)
{
    char err[512];
    const char *eq = strchr(v, '=');
    if (!eq || eq == v) {
        cli_error("optimize", "--vary expects PATH=RANGE, got '%s'", v);
        return -1;
    }
    memset(a, 0, sizeof *a);
    if ((size_t)(eq - v) >= sizeof a->path) {
        cli_error("optimize", "--vary path too long; expected "
                              "policies.NAME.KEY");
        return -1;
    }
    memcpy(a->path, v, (size_t)(eq - v));
    const char *spec = eq + 1;
    /* FROM:TO steps by 1 (whole parameters: r, Q, S, cards). */
    char buf[300];
    const char *colon = strchr(spec, ':');
    if (strncmp(spec, "log:", 4) != 0 && colon && !strchr(colon + 1, ':') &&
        strlen(spec) + 3 < sizeof buf) {
        snprintf(buf, sizeof buf, "%s:1", spec);
        spec = buf;
    }
    if (sweep_parse_values(spec, a, err, sizeof err)) {
        cli_error("optimize", "--vary %s: %s", a->path, err);
        return -1;
    }
    return 0;
}

static int optimize_main(int argc, char **argv)
{
    const char *file = NULL, *out_file = NULL, *policy = NULL;
    size_t n_vary = 0, n_constraints = 0;
    sweep_axis vary[OPTIMIZE_AXES_MAX + 1];
    sweep_constraint constraints[MAX_CONSTRAINTS];
    const char *objective = NULL;
    uint64_t reps = 0, seed = 0;
    int seed_given = 0, jobs = 0, quiet = 0, force_progress = 0;
    int rc = EXIT_OK;
    char err[1024];
    char *text = NULL;
#define FAIL_USAGE()                                                        \
    do {                                                                    \
        rc = EXIT_USAGE;                                                    \
        goto done;                                                          \
    } while (0)
    for (int i = 1; i < argc; i++) {
        const char *v = NULL;
        int r;
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            optimize_usage(stdout);
            goto done;
        }
        if (!strcmp(argv[i], "-q") || !strcmp(argv[i], "--quiet")) {
            quiet = 1;
            continue;
        }
        if (!strcmp(argv[i], "--progress")) {
            force_progress = 1;
            continue;
        }
        if ((r = cli_option_value(argc, argv, &i, "--policy", &v))) {
            if (r < 0)
                FAIL_USAGE();
            policy = v;
            continue;
        }
        if ((r = cli_option_value(argc, argv, &i, "--vary", &v))) {
            if (r < 0)
                FAIL_USAGE();
            if (n_vary == OPTIMIZE_AXES_MAX) {
                cli_error("optimize", "more than %d --vary options; "
                                      "expected at most %d parameters",
                          OPTIMIZE_AXES_MAX, OPTIMIZE_AXES_MAX);
                FAIL_USAGE();
            }
            if (parse_vary(v, &vary[n_vary]))
                FAIL_USAGE();
            n_vary++;
            continue;
        }
        if ((r = cli_option_value(argc, argv, &i, "--objective", &v))) {
            if (r < 0)
                FAIL_USAGE();
            objective = v;
            continue;
        }
        if ((r = cli_option_value(argc, argv, &i, "--constraint", &v))) {
            if (r < 0)
                FAIL_USAGE();
            if (n_constraints == MAX_CONSTRAINTS) {
                cli_error("optimize", "more than %d constraints; expected "
                                      "at most %d",
                          MAX_CONSTRAINTS, MAX_CONSTRAINTS);
                FAIL_USAGE();
            }
            if (sweep_parse_constraint(v, NULL, &constraints[n_constraints],
                                       err, sizeof err)) {
                cli_error("optimize", "%s", err);
                FAIL_USAGE();
            }
            n_constraints++;
            continue;
        }
        if ((r = cli_option_value(argc, argv, &i, "--replications", &v)) ||
            (r = cli_option_value(argc, argv, &i, "-r", &v))) {
            if (r < 0 || cli_parse_u64("optimize", "--replications", v, &reps))
                FAIL_USAGE();
            if (reps < 1 || reps > 100000) {
                cli_error("optimize", "--replications must be between 1 "
                                      "and 100000, got %s",
                          v);
                FAIL_USAGE();
            }
            continue;
        }
        if ((r = cli_option_value(argc, argv, &i, "--seed", &v))) {
            if (r < 0 || cli_parse_u64("optimize", "--seed", v, &seed))
                FAIL_USAGE();
            seed_given = 1;
            continue;
        }
        if ((r = cli_option_value(argc, argv, &i, "--jobs", &v)) ||
            (r = cli_option_value(argc, argv, &i, "-j", &v))) {
            uint64_t n;
            if (r < 0 || cli_parse_u64("optimize", "--jobs", v, &n))
                FAIL_USAGE();
            if (n < 1 || n > 4096) {
                cli_error("optimize", "--jobs must be between 1 and 4096, "
                                      "got %s",
                          v);
                FAIL_USAGE();
            }
            jobs = (int)n;
            continue;
        }
        if ((r = cli_option_value(argc, argv, &i, "--out", &v)) ||
            (r = cli_option_value(argc, argv, &i, "-o", &v))) {
            if (r < 0)
                FAIL_USAGE();
            out_file = v;
            continue;
        }
        if (argv[i][0] == '-') {
            cli_error("optimize", "unknown option '%s'; expected an option "
                                  "of jitsim optimize --help",
                      argv[i]);
            FAIL_USAGE();
        }
        if (file) {
            cli_error("optimize", "one scenario at a time; got '%s' and "
                                  "'%s'",
                      file, argv[i]);
            FAIL_USAGE();
        }
        file = argv[i];
    }
    if (!file) {
        cli_error("optimize", "no scenario given; expected jitsim optimize "
                              "FILE --policy NAME --vary PATH=RANGE");
        FAIL_USAGE();
    }
    if (n_vary == 0) {
        cli_error("optimize", "nothing to search; expected --vary "
                              "policies.NAME.KEY=FROM:TO[:STEP]");
        FAIL_USAGE();
    }

    if (out_file && check_out(out_file))
        FAIL_USAGE();
    size_t len = 0;
    char source[1100];
    if (cli_load_text(file, &text, &len, source, sizeof source))
        FAIL_USAGE();
    scenario base;
    scenario_errors errors;
    scenario_errors_init(&errors);
    if (scenario_parse(text, len, source, NULL, 0, &base, &errors)) {
        print_errors(&errors, vary, n_vary);
        scenario_errors_free(&errors);
        FAIL_USAGE();
    }
    for (size_t i = 0; i < base.n_warnings && !quiet; i++)
        fprintf(stderr, "%s\n", base.warnings[i]);
    if (!policy && base.n_policies == 1)
        policy = base.worlds[0].policy.name;
    char policy_name[POLICY_NAME_MAX];
    snprintf(policy_name, sizeof policy_name, "%s", policy ? policy : "");
    char scenario_name[256];
    snprintf(scenario_name, sizeof scenario_name, "%s", base.name);
    scenario_free(&base);
    if (!policy) {
        cli_error("optimize", "the scenario has several policies; expected "
                              "--policy NAME");
        FAIL_USAGE();
    }

    progress pr = {0};
    pr.on = !quiet && (force_progress || isatty(2));
    pr.n_axes = n_vary;
    pr.axes = vary;
    pr.prefix = strlen("policies.") + strlen(policy_name) + 1;
    pr.start = seconds_now();
    optimize_config cfg = {0};
    cfg.text = text;
    cfg.len = len;
    cfg.source = source;
    cfg.policy = policy_name;
    cfg.n_axes = n_vary;
    cfg.axes = vary;
    cfg.objective = objective;
    cfg.n_constraints = n_constraints;
    cfg.constraints = constraints;
    cfg.replications = reps;
    cfg.seed = seed;
    cfg.seed_given = seed_given;
    cfg.jobs = jobs;
    cfg.progress = on_progress;
    cfg.progress_ctx = &pr;
    optimize_result res;
    int orc = optimize_run(&cfg, &res, &errors, err, sizeof err);
    if (pr.on)
        fprintf(stderr, "\r%*s\r", 100, "");
    if (orc) {
        print_errors(&errors, vary, n_vary);
        if (!errors.n)
            cli_error("optimize", "%s", err);
        scenario_errors_free(&errors);
        rc = orc == OPTIMIZE_BAD_INPUT ? EXIT_USAGE : EXIT_FAILED;
        goto done;
    }
    scenario_errors_free(&errors);
    if (!quiet)
        print_result(&res, policy_name, vary, pr.prefix, scenario_name);
    if (!res.found) {
        cli_error("optimize", "no setting in the ranges meets the "
                              "constraints on its mean; expected wider "
                              "ranges or looser constraints");
        rc = EXIT_FAILED;
        goto done;
    }
    if (out_file) {
        char *new_text = NULL;
        size_t new_len = 0;
        if (optimize_scenario_text(&cfg, &res, out_file, &new_text,
                                   &new_len, err, sizeof err)) {
            cli_error("optimize", "%s", err);
            rc = EXIT_FAILED;
            goto done;
        }
        /* A header says where the values came from; the rest is the
         * scenario as it was, with the values written in. */
        char head[2048];
        int n = snprintf(head, sizeof head,
                         "# Written by jitsim optimize from %s: policy %s at",
                         source, policy_name);
        for (size_t a = 0; a < res.n_axes && n > 0 && (size_t)n < sizeof head;
             a++)
            n += snprintf(head + n, sizeof head - (size_t)n, " %s=%g",
                          vary[a].path + pr.prefix, res.best.values[a]);
        if (n > 0 && (size_t)n < sizeof head)
            n += snprintf(head + n, sizeof head - (size_t)n,
                          " (%s %.6g over %llu replications, seed %llu%s).\n"
                          "# jitsim run on this file reproduces it.\n",
                          res.objective, res.best.objective.mean,
                          (unsigned long long)res.reps,
                          (unsigned long long)res.seed,
                          res.warmup_auto ? "; warmup: auto was fixed at "
                                            "the value it chose"
                                          : "");
        size_t head_len = n > 0 && (size_t)n < sizeof head ? (size_t)n : 0;
        char *whole = malloc(head_len + new_len + 1);
        if (!whole) {
            free(new_text);
            cli_error("optimize", "out of memory");
            rc = EXIT_FAILED;
            goto done;
        }
        memcpy(whole, head, head_len);
        memcpy(whole + head_len, new_text, new_len);
        free(new_text);
        if (write_file(out_file, whole, head_len + new_len, err,
                       sizeof err)) {
            free(whole);
            cli_error("optimize", "%s", err);
            rc = EXIT_FAILED;
            goto done;
        }
        free(whole);
        if (!quiet)
            printf("wrote %s (jitsim run %s reproduces these numbers)\n",
                   out_file, out_file);
    }
done:
    for (size_t i = 0; i < n_vary; i++)
        sweep_axis_free(&vary[i]);
    free(text);
    return rc;
#undef FAIL_USAGE
}

const command cmd_optimize = {
    "optimize",
    "search one policy's parameters for the best objective under "
    "constraints",
    optimize_main,
    optimize_usage,
};
