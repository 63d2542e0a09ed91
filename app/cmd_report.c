/*
 * cmd_report.c - `jitsim report DIR`: charts and report.html from the files
 * of `jitsim run -o DIR` (analysis/report.h does the work).
 */
#include <stdio.h>
#include <string.h>

#include "analysis/report.h"
#include "cli.h"

static void report_usage(FILE *out)
{
    fprintf(out,
            "usage: jitsim report DIR [--metric NAME]... [--slice P=V]...\n"
            "                         [--by P] [-q]\n"
            "\n"
            "Turns the files of `jitsim run -o DIR` (summary.csv,\n"
            "replications.csv, timeseries.csv, meta.json) into charts in\n"
            "DIR/charts (a gnuplot script .gp, its data .dat, and SVG and\n"
            "PNG pictures) and a self-contained page DIR/report.html.\n"
            "Run with --timeseries (or use `jitsim run --report`) to get\n"
            "the inventory charts. Without gnuplot, the scripts, data and\n"
            "the tables are still written.\n"
            "\n"
            "      --metric NAME  for a sweep: also draw NAME against each\n"
            "                     swept parameter (any metric or column of\n"
            "                     summary.csv, e.g. assembly.wip;\n"
            "                     repeatable)\n"
            "      --slice P=V    for a sweep: charts that show fewer\n"
            "                     parameters than the sweep has hold P at\n"
            "                     V (default: its first value; a name for\n"
            "                     a parameter of names; repeatable)\n"
            "      --by P         for a sweep: the curves again, one chart\n"
            "                     per policy, one line per value of P\n"
            "  -q, --quiet        print nothing but errors\n");
}

#define MAX_METRICS 64

/* Makes the report, prints the outcome; returns an exit status. */
static int make_report(const char *dir, const report_options *opt,
                       int quiet)
{
    report_outcome outcome;
    char err[1024] = "";
    int rc = report_write_with(dir, opt, &outcome, err, sizeof err);
    if (rc == REPORT_BAD_INPUT) {
        cli_error("report", "%s", err);
        return EXIT_USAGE;
    }
    if (rc != 0) {
        cli_error("report", "%s", err);
        return EXIT_FAILED;
    }
    if (!outcome.gnuplot_found)
        cli_error("report", "%s", REPORT_NO_GNUPLOT);
    if (!quiet)
        printf("report: %s/report.html (%zu chart%s drawn in %s/charts)\n",
               dir, outcome.n_drawn, outcome.n_drawn == 1 ? "" : "s", dir);
    return EXIT_OK;
}

/* Shared with cmd_run.c and cmd_sweep.c (--report). */
int cli_report(const char *dir, int quiet)
{
    return make_report(dir, NULL, quiet);
}

static int report_main(int argc, char **argv)
{
    const char *dir = NULL;
    const char *columns[MAX_METRICS];
    const char *slices[MAX_METRICS];
    report_options opt = {columns, 0, slices, 0, NULL};
    int quiet = 0;
    for (int i = 1; i < argc; i++) {
        const char *v = NULL;
        int r;
        if ((r = cli_option_value(argc, argv, &i, "--metric", &v))) {
            if (r < 0)
                return EXIT_USAGE;
            if (opt.n_columns == MAX_METRICS) {
                cli_error("report", "at most %d --metric options",
                          MAX_METRICS);
                return EXIT_USAGE;
            }
            columns[opt.n_columns++] = v;
            continue;
        }
        if ((r = cli_option_value(argc, argv, &i, "--slice", &v))) {
            if (r < 0)
                return EXIT_USAGE;
            if (opt.n_slices == MAX_METRICS) {
                cli_error("report", "at most %d --slice options",
                          MAX_METRICS);
                return EXIT_USAGE;
            }
            if (!strchr(v, '=') || v[0] == '=') {
                cli_error("report", "--slice expects PARAMETER=VALUE, got "
                                    "'%s'",
                          v);
                return EXIT_USAGE;
            }
            slices[opt.n_slices++] = v;
            continue;
        }
        if ((r = cli_option_value(argc, argv, &i, "--by", &v))) {
            if (r < 0)
                return EXIT_USAGE;
            opt.by = v;
            continue;
        }
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            report_usage(stdout);
            return EXIT_OK;
        }
        if (!strcmp(argv[i], "-q") || !strcmp(argv[i], "--quiet")) {
            quiet = 1;
            continue;
        }
        if (argv[i][0] == '-') {
            cli_error("report", "unknown option '%s'", argv[i]);
            report_usage(stderr);
            return EXIT_USAGE;
        }
        if (dir) {
            cli_error("report", "one directory at a time; got '%s' and '%s'",
                      dir, argv[i]);
            return EXIT_USAGE;
        }
        dir = argv[i];
    }
    if (!dir) {
        cli_error("report", "which directory? expected `jitsim report DIR`, "
                            "DIR written by `jitsim run -o DIR`");
        return EXIT_USAGE;
    }
    return make_report(dir, &opt, quiet);
}

const command cmd_report = {
    "report",
    "charts and an HTML page from the files of a run",
    report_main,
    report_usage,
};
