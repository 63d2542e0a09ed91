/*
 * cmd_run.c - `jitsim run [FILE|LESSON] [options]`: every policy of a
 * scenario over its replications, the comparison table, the CSV files.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "analysis/output.h"
#include "analysis/report.h"
#include "analysis/run.h"
#include "analysis/scenario.h"
#include "builtin.h"
#include "cli.h"

#define MAX_SETS 256

static void run_usage(FILE *out)
{
    fprintf(out,
            "usage: jitsim run [FILE | LESSON] [options]\n"
            "\n"
            "Runs every policy of a scenario for its replications on common\n"
            "random numbers and compares them with the baseline. Without a\n"
            "file it runs the built-in lesson '%s'.\n"
            "\n"
            "  -r, --replications N  replications (default: the scenario's)\n"
            "  -j, --jobs N          threads (default: all cores)\n"
            "      --seed S          seed (default: the scenario's)\n"
            "  -o, --out DIR         write summary.csv, replications.csv,\n"
            "                        meta.json (and timeseries.csv) into DIR\n"
            "      --set PATH=VALUE  override a value of the scenario, e.g.\n"
            "                        --set demand.rate=60 (repeatable)\n"
            "      --timeseries      record replication 0 of each policy\n"
            "                        (timeseries.csv, needs --out)\n"
            "      --trace           record replication 0's events of each\n"
            "                        policy (events.csv, needs --out)\n"
            "      --trace=stdout    tell those events in words instead, for\n"
            "                        teaching\n"
            "      --trace-window FROM:TO\n"
            "                        trace only the events at times t with\n"
            "                        FROM <= t < TO (e.g. 179:200)\n"
            "      --format FORMAT   table (default), csv or json on stdout\n"
            "      --report          also draw charts and write report.html\n"
            "                        into the output directory (implies\n"
            "                        --timeseries; without --out the\n"
            "                        directory is jitsim-report-NAME, NAME\n"
            "                        the file's or lesson's name)\n"
            "  -q, --quiet           print nothing but errors\n",
            BUILTIN_DEFAULT);
}

/* A name that opens no file and names no built-in scenario: one line, in
 * the scenario reader's form (the name, what is wrong, what is expected),
 * with the lessons it may have meant. */
static void no_such_scenario(const char *what, int why)
{
    size_t n = strlen(what);
    if (strchr(what, '/') ||
        (n > 5 && (!strcmp(what + n - 5, ".yaml") ||
                   !strcmp(what + n - 4, ".yml")))) {
        fprintf(stderr, "%s: cannot open the file (%s); expected a readable "
                        "scenario file\n",
                what, strerror(why));
        return;
    }
    char hint[512];
    builtin_suggest(what, hint, sizeof hint);
    fprintf(stderr, "%s: no such file (%s) and no lesson of that name; "
                    "expected a scenario file or a lesson name: %s\n",
            what, strerror(why), hint);
}

/* Reads FILE, or the text of a built-in scenario by name when no such file
 * exists, into a new buffer; names it in `source` for messages (and for
 * finding its data files). 0, or -1 after printing why. */
int cli_load_text(const char *what, char **text, size_t *len, char *source,
                  size_t source_len)
{
    FILE *f = fopen(what, "rb");
    if (!f) {
        int why = errno;
        const builtin_scenario *b = builtin_find(what);
        if (!b) {
            no_such_scenario(what, why);
            return -1;
        }
        *text = malloc(b->size + 1);
        if (!*text) {
            cli_error(NULL, "out of memory");
            return -1;
        }
        memcpy(*text, b->text, b->size + 1);
        *len = b->size;
        builtin_source(b, source, source_len);
        return 0;
    }
    size_t cap = 65536, n = 0, got;
    char *buf = malloc(cap);
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            char *grown = realloc(buf, cap * 2);
            if (!grown) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = grown;
            cap *= 2;
        }
    }
    int failed = !buf || ferror(f);
    fclose(f);
    if (failed) {
        free(buf);
        cli_error(NULL, "%s: cannot read", what);
        return -1;
    }
    *text = buf;
    *len = n;
    snprintf(source, source_len, "%s", what);
    return 0;
}

/* A scenario file's bytes, at most CLI_READ_MAX of them: the reader
 * refuses a file past its own limit (4 MB), which this exceeds, so a
 * longer file is refused as before without reading all of it (nor
 * reading forever from a device). NULL with errno set on failure. */
#define CLI_READ_MAX (((size_t)8 << 20) + 1)
static char *read_scenario_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 65536, n = 0;
    char *buf = malloc(cap + 1);
    while (buf && n < CLI_READ_MAX) {
        if (n == cap) {
            char *grown = realloc(buf, cap * 2 + 1);
            if (!grown) {
                free(buf);
                buf = NULL;
                errno = ENOMEM;
                break;
            }
            buf = grown;
            cap *= 2;
        }
        size_t want = cap - n < CLI_READ_MAX - n ? cap - n : CLI_READ_MAX - n;
        size_t got = fread(buf + n, 1, want, f);
        n += got;
        if (got == 0)
            break;
    }
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        free(buf);
        errno = EIO;
        return NULL;
    }
    if (buf)
        buf[n] = '\0';
    *len = n;
    return buf;
}

int cli_load_scenario_text(const char *what, const char *const *sets,
                           size_t n_sets, scenario *sc, char **text,
                           size_t *text_len)
{
    scenario_errors errors;
    scenario_errors_init(&errors);
    int rc;
    if (text) {
        *text = NULL;
        *text_len = 0;
    }
    /* A file of that name comes first; a directory named like a lesson
     * (say, the output of `run flagship -o flagship`) does not hide it. */
    struct stat st;
    int found = stat(what, &st) == 0, why = errno;
    int is_file = found && !S_ISDIR(st.st_mode);
    const builtin_scenario *b = is_file ? NULL : builtin_find(what);
    if (!found && !b) {
        no_such_scenario(what, why);
        return -1;
    }
    char *bytes = NULL;
    size_t len = 0;
    if (b) {
        char source[2600];
        builtin_source(b, source, sizeof source);
        rc = scenario_parse(b->text, b->size, source, sets, n_sets, sc,
                            &errors);
        if (rc == 0 && text && (bytes = malloc(b->size + 1)) != NULL) {
            memcpy(bytes, b->text, b->size);
            bytes[b->size] = '\0';
            len = b->size;
        }
    } else if (!(bytes = read_scenario_file(what, &len))) {
        /* The reader's words for a file it cannot read. */
        if (errno == EIO)
            fprintf(stderr, "%s: cannot read the file; expected a readable "
                            "scenario file\n",
                    what);
        else
            fprintf(stderr, "%s: cannot open the file (%s); expected a "
                            "readable scenario file\n",
                    what, strerror(errno));
        return -1;
    } else {
        rc = scenario_parse(bytes, len, what, sets, n_sets, sc, &errors);
    }
    for (size_t i = 0; i < errors.n; i++)
        fprintf(stderr, "%s\n", errors.lines[i]);
    scenario_errors_free(&errors);
    for (size_t i = 0; rc == 0 && i < sc->n_warnings; i++)
        fprintf(stderr, "%s\n", sc->warnings[i]);
    if (rc == 0 && text) {
        *text = bytes;
        *text_len = len;
    } else {
        free(bytes);
    }
    return rc;
}

int cli_load_scenario(const char *what, const char *const *sets,
                      size_t n_sets, scenario *sc)
{
    return cli_load_scenario_text(what, sets, n_sets, sc, NULL, NULL);
}

/* --trace-window FROM:TO: two finite times, FROM < TO. */
static int parse_window(const char *text, double *from, double *to)
{
    const char *colon = strchr(text, ':');
    char *end;
    if (colon) {
        errno = 0;
        *from = strtod(text, &end);
        int ok = end == colon && end != text && errno != ERANGE &&
                 isfinite(*from);
        *to = strtod(colon + 1, &end);
        ok = ok && end != colon + 1 && *end == '\0' && errno != ERANGE &&
             isfinite(*to);
        if (ok && *from < *to)
            return 0;
        if (ok) {
            cli_error("run", "--trace-window FROM:TO needs FROM < TO, got "
                             "'%s'",
                      text);
            return -1;
        }
    }
    cli_error("run", "--trace-window expects FROM:TO, two times such as "
                     "179:200, got '%s'",
              text);
    return -1;
}

/* The default directory of --report: jitsim-report-NAME, NAME the file's
 * base name without .yaml (or the lesson's name), in file-name-safe
 * characters. */
static void default_report_dir(const char *what, char *buf, size_t len)
{
    const char *base = strrchr(what, '/');
    base = base ? base + 1 : what;
    size_t n = strlen(base);
    if (n > 5 && strcmp(base + n - 5, ".yaml") == 0)
        n -= 5;
    else if (n > 4 && strcmp(base + n - 4, ".yml") == 0)
        n -= 4;
    int used = snprintf(buf, len, "jitsim-report-");
    for (size_t i = 0; i < n && (size_t)used + 1 < len; i++) {
        char c = base[i];
        int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                 (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
        buf[used++] = ok ? c : '_';
    }
    buf[used] = '\0';
}

static int run_main(int argc, char **argv)
{
    const char *file = NULL, *out_dir = NULL, *format = "table";
    const char *sets[MAX_SETS];
    size_t n_sets = 0;
    run_config cfg = {0};
    int quiet = 0, narrate = 0, windowed = 0, report = 0, trace_wanted = 0;
    double window_from = 0.0, window_to = 0.0;
    char report_dir[1024];
    for (int i = 1; i < argc; i++) {
        const char *v = NULL;
        int r;
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            run_usage(stdout);
            return EXIT_OK;
        }
        if (!strcmp(argv[i], "-q") || !strcmp(argv[i], "--quiet")) {
            quiet = 1;
            continue;
        }
        if (!strcmp(argv[i], "--timeseries")) {
            cfg.keep_timeseries = 1;
            continue;
        }
        if (!strcmp(argv[i], "--trace")) {
            cfg.keep_trace = 1;
            trace_wanted = 1;
            continue;
        }
        if (!strcmp(argv[i], "--report")) {
            report = 1;
            continue;
        }
        if (!strcmp(argv[i], "--trace=stdout")) {
            cfg.keep_trace = 1;
            trace_wanted = 1;
            narrate = 1;
            continue;
        }
        if ((r = cli_option_value(argc, argv, &i, "--replications", &v)) ||
            (r = cli_option_value(argc, argv, &i, "-r", &v))) {
            if (r < 0 || cli_parse_u64("run", "--replications", v,
                                       &cfg.replications))
                return EXIT_USAGE;
            if (cfg.replications < 1) {
                cli_error("run", "--replications must be at least 1, got "
                                 "%s",
                          v);
                return EXIT_USAGE;
            }
            continue;
        }
        if ((r = cli_option_value(argc, argv, &i, "--jobs", &v)) ||
            (r = cli_option_value(argc, argv, &i, "-j", &v))) {
            uint64_t jobs;
            if (r < 0 || cli_parse_u64("run", "--jobs", v, &jobs))
                return EXIT_USAGE;
            if (jobs < 1 || jobs > 4096) {
                cli_error("run", "--jobs must be between 1 and 4096, got %s",
                          v);
                return EXIT_USAGE;
            }
            cfg.jobs = (int)jobs;
            continue;
        }
        if ((r = cli_option_value(argc, argv, &i, "--seed", &v))) {
            if (r < 0 || cli_parse_u64("run", "--seed", v, &cfg.seed))
                return EXIT_USAGE;
            cfg.seed_given = 1;
            continue;
        }
        if ((r = cli_option_value(argc, argv, &i, "--out", &v)) ||
            (r = cli_option_value(argc, argv, &i, "-o", &v))) {
            if (r < 0)
                return EXIT_USAGE;
            out_dir = v;
            continue;
        }
        if ((r = cli_option_value(argc, argv, &i, "--set", &v))) {
            if (r < 0)
                return EXIT_USAGE;
            if (!strchr(v, '=')) {
                cli_error("run", "--set expects PATH=VALUE, got '%s'", v);
                return EXIT_USAGE;
            }
            if (n_sets == MAX_SETS) {
                cli_error("run", "at most %d --set options", MAX_SETS);
                return EXIT_USAGE;
            }
            sets[n_sets++] = v;
            continue;
        }
        if ((r = cli_option_value(argc, argv, &i, "--trace-window", &v))) {
            if (r < 0 || parse_window(v, &window_from, &window_to))
                return EXIT_USAGE;
            windowed = 1;
            continue;
        }
        if ((r = cli_option_value(argc, argv, &i, "--format", &v))) {
            if (r < 0)
                return EXIT_USAGE;
            if (strcmp(v, "table") && strcmp(v, "csv") && strcmp(v, "json")) {
                cli_error("run", "--format expects table, csv or json, got "
                                 "'%s'",
                          v);
                return EXIT_USAGE;
            }
            format = v;
            continue;
        }
        if (argv[i][0] == '-') {
            cli_error("run", "unknown option '%s'", argv[i]);
            run_usage(stderr);
            return EXIT_USAGE;
        }
        if (file) {
            cli_error("run", "one scenario at a time; got '%s' and '%s'",
                      file, argv[i]);
            return EXIT_USAGE;
        }
        file = argv[i];
    }
    if (report) {
        /* The inventory charts need replication 0's levels. */
        cfg.keep_timeseries = 1;
        if (!out_dir) {
            default_report_dir(file ? file : BUILTIN_DEFAULT, report_dir,
                               sizeof report_dir);
            out_dir = report_dir;
        }
    }
    if (cfg.keep_timeseries && !out_dir) {
        cli_error("run", "--timeseries writes timeseries.csv and needs "
                         "--out DIR");
        return EXIT_USAGE;
    }
    if (windowed && !cfg.keep_trace) {
        cli_error("run", "--trace-window limits a trace; expected it with "
                         "--trace or --trace=stdout");
        return EXIT_USAGE;
    }
    if (cfg.keep_trace && !narrate && !out_dir) {
        cli_error("run", "--trace writes events.csv and needs --out DIR "
                         "(or use --trace=stdout)");
        return EXIT_USAGE;
    }

    scenario sc;
    char *text = NULL;
    size_t text_len = 0;
    if (cli_load_scenario_text(file ? file : BUILTIN_DEFAULT, sets, n_sets,
                               &sc, &text, &text_len))
        return EXIT_USAGE;
    /* -o is checked (and its staging directory made) before the run, so
     * that a bad directory fails at once, not after the simulation. */
    output_set set;
    char err[1024];
    if (out_dir && output_begin(&set, out_dir, err, sizeof err)) {
        cli_error("run", "%s", err);
        scenario_free(&sc);
        free(text);
        return EXIT_USAGE;
    }
    /* The charts shade the disruption windows of replication 0, random
     * ones included: only a trace knows them. */
    if (report)
        for (size_t p = 0; p < sc.n_policies; p++)
            if (sc.worlds[p].n_disruptions > 0)
                cfg.keep_trace = 1;
    run_result result;
    if (run_execute(&sc, &cfg, &result, err, sizeof err)) {
        cli_error("run", "%s", err);
        if (out_dir)
            output_set_abort(&set);
        scenario_free(&sc);
        free(text);
        return EXIT_FAILED;
    }
    if (windowed)
        output_trace_window(&result, window_from, window_to);
    int rc = EXIT_OK;
    /* events.csv only when asked for, not for a trace kept for the
     * report's disruption windows. */
    run_result written = result;
    if (!trace_wanted)
        written.traces = NULL;
    run_origin origin = {"run", text, text_len, sets, n_sets, NULL, 0,
                         result.n_reps, result.seed};
    char warning[1024] = "";
    if (out_dir && output_write_run(&set, &sc, &written, &result, &origin,
                                    err, sizeof err, warning,
                                    sizeof warning)) {
        cli_error("run", "%s", err);
        rc = EXIT_FAILED;
    }
    if (warning[0])
        fprintf(stderr, "jitsim run: warning: %s\n", warning);
    /* The charts of an earlier run's report describe that run. */
    if (out_dir && rc == EXIT_OK && !report)
        report_forget(out_dir);
    if (narrate && !quiet)
        output_narrate(stdout, &sc, &result);
    if (sc.n_axes > 0 && !quiet && !strcmp(format, "table"))
        printf("(this scenario has a sweep: block; `jitsim sweep` runs its "
               "%zu axes, `run` ran the values written in the file)\n\n",
               sc.n_axes);
    if (!quiet) {
        if (!strcmp(format, "csv"))
            output_summary_csv(stdout, &sc, &result);
        else if (!strcmp(format, "json"))
            output_print_json(stdout, &sc, &result);
        else
            output_print_table(stdout, &sc, &result);
    }
    run_result_free(&result);
    scenario_free(&sc);
    free(text);
    if (rc == EXIT_OK && report) {
        fflush(stdout);
        /* csv and json on stdout stay machine-readable. */
        rc = cli_report(out_dir, quiet || strcmp(format, "table") != 0);
        /* The run's input was fine; a report that fails is a failure. */
        if (rc == EXIT_USAGE)
            rc = EXIT_FAILED;
    }
    return rc;
}

const command cmd_run = {
    "run",
    "run a scenario file or lesson and compare its policies",
    run_main,
    run_usage,
};
