/*
 * cmd_sweep.c - `jitsim sweep FILE`: a grid of parameter values, each point
 * run like `jitsim run`, on all local cores, on MPI ranks, or as one shard
 * of a job array; resumable; with a progress line and a best-point search.
 *
 * Under mpirun (when built with MPI), point i of the sweep is computed by
 * rank i % size and rank 0 writes every point in order, so the files are
 * the same as on one process.
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#ifdef JITSIM_MPI
#include <mpi.h>
#endif
#ifdef _OPENMP
#include <omp.h>
#endif

#include "analysis/dirlock.h"
#include "analysis/meta_json.h"
#include "analysis/output.h"
#include "analysis/sweep.h"
#include "builtin.h"
#include "models/line.h"
#include "cli.h"

#define MAX_SETS 256
#define MAX_VARY SWEEP_AXES_MAX
#define MAX_CONSTRAINTS 8

static void sweep_usage(FILE *out)
{
    fprintf(out,
            "usage: jitsim sweep FILE [options]\n"
            "\n"
            "Runs every point of the grid of the scenario's sweep: block and\n"
            "of the --vary options; each point runs all policies x\n"
            "replications on common random numbers, like jitsim run.\n"
            "\n"
            "  --vary PATH=SPEC      sweep PATH over SPEC: 1,2,5 or FROM:TO:STEP\n"
            "                        or log:FROM:TO:COUNT, or names such as\n"
            "                        overseas,local or true,false (repeatable)\n"
            "      --set PATH=VALUE  override a value for every point\n"
            "  -r, --replications N  replications per point\n"
            "      --seed S          seed\n"
            "  -j, --jobs N          threads (default: all cores)\n"
            "  -o, --out DIR         output directory (default: sweep-out)\n"
            "      --resume          finish an interrupted sweep in DIR\n"
            "      --force           overwrite another sweep's DIR\n"
            "      --shard K/N       run only the K-th of N slices (job "
            "arrays);\n"
            "                        join them with jitsim merge\n"
            "      --progress        progress on stderr even when it is not a\n"
            "                        terminal\n"
            "      --objective M     metric to optimise in best.csv: the\n"
            "                        lowest mean, or the highest for profit,\n"
            "                        revenue, service, turnover, throughput\n"
            "                        (default total_cost; profit with lost\n"
            "                        sales and a price); any column of the\n"
            "                        rows, e.g. a line's assembly.wip\n"
            "      --constraint C    e.g. 'fill_rate>=0.95' (repeatable)\n"
            "      --outputs LIST    the files to keep, of summary,replications,\n"
            "                        points,best,winners (default all; summary\n"
            "                        always): e.g. summary,best,winners\n"
            "      --report          charts and report.html in the output\n"
            "                        directory (jitsim report DIR)\n"
            "  -q, --quiet           print nothing but errors\n"
            "\n"
            "Writes summary.csv, replications.csv, points.csv, best.csv (the\n"
            "best point of each policy), winners.csv (the best policy at each\n"
            "point, and whether clearly: docs/sweeps.md), scenario.yaml (the\n"
            "sweep as run: jitsim sweep DIR/scenario.yaml runs it again) and\n"
            "meta.json.\n"
            "Under mpirun the ranks share the points and rank 0 writes.\n");
}

static double seconds_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

typedef struct progress {
    int on;           /* the progress line */
    int quiet;        /* nothing but errors, the estimate included */
    uint64_t total;
    uint64_t done;    /* points, those of a resumed run included */
    uint64_t resumed; /* points done before this process started */
    uint64_t runs;
    double start;
    double last_print;
    int estimated;    /* the one-off estimate of a long sweep was said */
} progress;

/* A sweep projected to take longer than this says so once, progress line
 * or not (a batch job's log shows it), with the way to stop and go on. */
#define SWEEP_ESTIMATE_AFTER 600.0
/* ... judged on at least this much work, not the first point's start-up. */
#define SWEEP_ESTIMATE_FROM 2.0
/* The size of a sweep of at least this many runs is said before it
 * starts. */
#define SWEEP_ANNOUNCE_RUNS 1e6

static void format_duration(char *buf, size_t len, double s)
{
    long t = (long)(s + 0.5);
    if (t >= 3600)
        snprintf(buf, len, "%ld:%02ld:%02ld", t / 3600, t / 60 % 60, t % 60);
    else
        snprintf(buf, len, "%ld:%02ld", t / 60, t % 60);
}

/* Once, after SWEEP_ESTIMATE_FROM seconds of work: the time the rest will
 * take at the rate so far, when it is long. */
static void progress_estimate(progress *pr, double now)
{
    double elapsed = now - pr->start;
    uint64_t done_here = pr->done - pr->resumed;
    if (pr->quiet || pr->estimated || elapsed < SWEEP_ESTIMATE_FROM ||
        done_here == 0 || pr->done >= pr->total)
        return;
    pr->estimated = 1;
    double left = elapsed / (double)done_here * (double)(pr->total - pr->done);
    if (left < SWEEP_ESTIMATE_AFTER)
        return;
    char took[32];
    if (left >= 86400.0 * 365.0)
        snprintf(took, sizeof took, "%.3g years", left / (86400.0 * 365.0));
    else if (left >= 86400.0 * 2.0)
        snprintf(took, sizeof took, "%.3g days", left / 86400.0);
    else
        format_duration(took, sizeof took, left);
    fprintf(stderr, "%ssweep: about %s to go for %.6g more points at the rate "
                    "so far (%.0f runs/s); Ctrl-C stops it, --resume goes on, "
                    "--shard K/N splits it over jobs\n",
            pr->on ? "\r" : "", took, (double)(pr->total - pr->done),
            (double)pr->runs / elapsed);
    fflush(stderr);
}

static void progress_update(progress *pr, int final)
{
    double now = seconds_now();
    if (!final)
        progress_estimate(pr, now);
    if (!pr->on)
        return;
    if (!final && now - pr->last_print < 0.25)
        return;
    pr->last_print = now;
    double elapsed = now - pr->start;
    double rate = elapsed > 0 ? (double)pr->runs / elapsed : 0.0;
    char took[32], eta[32];
    format_duration(took, sizeof took, elapsed);
    if (pr->done > 0 && pr->done < pr->total)
        format_duration(eta, sizeof eta,
                        elapsed / (double)pr->done *
                            (double)(pr->total - pr->done));
    else
        snprintf(eta, sizeof eta, "-");
    if (final)
        fprintf(stderr, "\rsweep: %llu points, %llu runs in %s (%.0f runs/s)"
                        "          \n",
                (unsigned long long)pr->done, (unsigned long long)pr->runs,
                took, rate);
    else
        fprintf(stderr, "\rsweep: %llu/%llu points, %.0f runs/s, elapsed %s, "
                        "ETA %s   ",
                (unsigned long long)pr->done, (unsigned long long)pr->total,
                rate, took, eta);
    fflush(stderr);
}

static void print_errors(scenario_errors *errors)
{
    for (size_t i = 0; i < errors->n; i++)
        fprintf(stderr, "%s\n", errors->lines[i]);
}

typedef struct sweep_job {
    sweep_plan plan;
    run_config cfg;
    int shard_k, shard_n;
    uint64_t n_points; /* in this shard */
} sweep_job;

/* The i-th point of the shard (points p with p % N == K - 1). */
static uint64_t shard_point(const sweep_job *job, uint64_t i)
{
    if (job->shard_n <= 1)
        return i;
    return (uint64_t)(job->shard_k - 1) + i * (uint64_t)job->shard_n;
}

/* Computes one point; on failure prints why and returns -1. */
static int compute_point(const sweep_job *job, uint64_t p,
                         const run_config *cfg, sweep_block *b)
{
    scenario_errors errors;
    char err[512];
    scenario_errors_init(&errors);
    int rc = sweep_compute(&job->plan, p, cfg, b, &errors, err, sizeof err);
    if (rc) {
        print_errors(&errors);
        cli_error("sweep", "%s", err);
    }
    scenario_errors_free(&errors);
    return rc;
}

/* The local loop: many points -> a batch of points in parallel, one thread
 * each; few points -> one point at a time, its replications in parallel.
 * Either way the points are appended in order. */
static int run_local(const sweep_job *job, sweep_writer *w, progress *pr)
{
    uint64_t start = w->next_point_rank;
    int jobs = job->cfg.jobs > 0 ? job->cfg.jobs : 0;
#ifdef _OPENMP
    if (jobs == 0)
        jobs = omp_get_num_procs();
#else
    jobs = 1;
#endif
    uint64_t remaining = job->n_points - start;
    int by_point = jobs > 1 && remaining >= (uint64_t)(4 * jobs);
    size_t batch = by_point ? (size_t)(4 * jobs) : 1;
    sweep_block *blocks = calloc(batch, sizeof *blocks);
    int *failed = calloc(batch, sizeof *failed);
    if (!blocks || !failed) {
        free(blocks);
        free(failed);
        cli_error("sweep", "out of memory");
        return -1;
    }
    run_config inner = job->cfg;
    if (by_point)
        inner.jobs = 1;
    int rc = 0;
    char err[512];
    for (uint64_t i = start; i < job->n_points && rc == 0; i += batch) {
        size_t n = (size_t)(job->n_points - i < batch ? job->n_points - i
                                                      : batch);
#pragma omp parallel for schedule(dynamic, 1) num_threads(jobs) if (by_point)
        for (size_t k = 0; k < n; k++)
            failed[k] = compute_point(job, shard_point(job, i + k), &inner,
                                      &blocks[k]);
        for (size_t k = 0; k < n; k++) {
            if (rc == 0 && failed[k])
                rc = -1;
            if (rc == 0 && sweep_writer_append(w, &blocks[k], err,
                                               sizeof err)) {
                cli_error("sweep", "%s", err);
                rc = -1;
            }
            if (rc == 0) {
                pr->done++;
                pr->runs += blocks[k].runs;
            }
            sweep_block_free(&blocks[k]);
        }
        progress_update(pr, 0);
    }
    free(blocks);
    free(failed);
    return rc;
}

#ifdef JITSIM_MPI
/* Point i (in shard order) belongs to rank i % size. Rank 0 writes. */
static int run_mpi(const sweep_job *job, sweep_writer *w, progress *pr,
                   int rank, int size)
{
    unsigned long long start = rank == 0 ? w->next_point_rank : 0;
    MPI_Bcast(&start, 1, MPI_UNSIGNED_LONG_LONG, 0, MPI_COMM_WORLD);
    char err[512];
    int rc = 0;
    for (uint64_t i = start; i < job->n_points; i++) {
        int owner = (int)(i % (uint64_t)size);
        sweep_block b;
        if (rank == owner && rank != 0) {
            size_t len = 0;
            char *buf = NULL;
            if (compute_point(job, shard_point(job, i), &job->cfg, &b) == 0) {
                buf = sweep_block_pack(&b, &len);
                sweep_block_free(&b);
            }
            unsigned long long n = buf ? len : 0;
            MPI_Send(&n, 1, MPI_UNSIGNED_LONG_LONG, 0, 1, MPI_COMM_WORLD);
            if (n)
                MPI_Send(buf, (int)n, MPI_BYTE, 0, 2, MPI_COMM_WORLD);
            free(buf);
            if (!n)
                MPI_Abort(MPI_COMM_WORLD, EXIT_USAGE);
        } else if (rank == 0) {
            if (owner == 0) {
                if (compute_point(job, shard_point(job, i), &job->cfg, &b))
                    MPI_Abort(MPI_COMM_WORLD, EXIT_USAGE);
            } else {
                unsigned long long n = 0;
                MPI_Recv(&n, 1, MPI_UNSIGNED_LONG_LONG, owner, 1,
                         MPI_COMM_WORLD, MPI_STATUS_IGNORE);
                char *buf = malloc(n ? n : 1);
                if (!buf)
                    MPI_Abort(MPI_COMM_WORLD, EXIT_FAILED);
                MPI_Recv(buf, (int)n, MPI_BYTE, owner, 2, MPI_COMM_WORLD,
                         MPI_STATUS_IGNORE);
                if (sweep_block_unpack(buf, n, &b))
                    MPI_Abort(MPI_COMM_WORLD, EXIT_FAILED);
                free(buf);
            }
            if (sweep_writer_append(w, &b, err, sizeof err)) {
                cli_error("sweep", "%s", err);
                MPI_Abort(MPI_COMM_WORLD, EXIT_FAILED);
            }
            pr->done++;
            pr->runs += b.runs;
            sweep_block_free(&b);
            progress_update(pr, 0);
        }
    }
    return rc;
}
#endif

/* The MPI world size from the launcher's environment (Open MPI, MPICH,
 * Slurm's PMI), or 1 when not launched by mpirun. */
static int launched_ranks(void)
{
    const char *vars[] = {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_SIZE"};
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
        const char *v = getenv(vars[i]);
        if (v && atoi(v) > 1)
            return atoi(v);
    }
    return 1;
}

/* The objective and the constraints name columns of the scenario's rows
 * (a line has its own). 0, or -1 after saying which is not. */
static int check_columns(const metric_columns *columns, const char *objective,
                         const sweep_constraint *constraints,
                         size_t n_constraints)
{
    /* For a line, an example of its own columns: its first stage's WIP. */
    char hint[160] = "";
    if (columns->n > METRIC_COUNT + LINE_METRIC_COUNT)
        snprintf(hint, sizeof hint, " or a column of its line (e.g. "
                                    "throughput, %s)",
                 columns->name[line_column_stage(0, STAGE_WIP)]);
    for (size_t i = 0; i <= n_constraints; i++) {
        const char *name = i < n_constraints ? constraints[i].metric
                                             : objective;
        if (metric_columns_find(columns, name) >= 0)
            continue;
        cli_error("sweep", "%s: no metric '%s' in this scenario; expected "
                           "a metric of docs/metrics.md%s",
                  i < n_constraints ? "--constraint" : "--objective", name,
                  hint);
        return -1;
    }
    return 0;
}

/* The closing line: the points written and the files that hold them. */
static void print_written(const sweep_job *job, const char *out_dir,
                          unsigned outputs, int shard)
{
    printf("%llu points of %llu written to %s/ (",
           (unsigned long long)job->n_points,
           (unsigned long long)job->plan.n_points, out_dir);
    for (unsigned bit = SWEEP_OUT_SUMMARY; bit <= SWEEP_OUT_WINNERS;
         bit <<= 1) {
        int kept = (outputs & bit) != 0;
        /* A shard keeps what merge needs and leaves the search to it. */
        if (shard && bit == SWEEP_OUT_REPLICATIONS)
            kept = sweep_writes_replications(outputs);
        if (shard && (bit == SWEEP_OUT_BEST || bit == SWEEP_OUT_WINNERS))
            kept = 0;
        if (kept)
            printf("%s, ", sweep_output_file(bit));
    }
    printf("scenario.yaml, meta.json)\n");
}

static int sweep_main(int argc, char **argv)
{
    const char *file = NULL, *out_dir = "sweep-out";
    const char *sets[MAX_SETS];
    size_t n_sets = 0, n_vary = 0, n_constraints = 0;
    sweep_axis vary[MAX_VARY];
    sweep_constraint constraints[MAX_CONSTRAINTS];
    const char *objective = NULL; /* default: the verdict's basis */
    run_config cfg = {0};
    int quiet = 0, resume = 0, force = 0, force_progress = 0, report = 0;
    int shard_k = 0, shard_n = 0, rc = EXIT_OK;
    unsigned outputs = SWEEP_OUT_ALL;
    char err[512];
#define FAIL_USAGE()                                                        \
    do {                                                                    \
        rc = EXIT_USAGE;                                                    \
        goto done;                                                          \
    } while (0)
    for (int i = 1; i < argc; i++) {
        const char *v = NULL;
        int r;
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            sweep_usage(stdout);
            goto done;
        }
        if (!strcmp(argv[i], "-q") || !strcmp(argv[i], "--quiet")) {
            quiet = 1;
            continue;
        }
        if (!strcmp(argv[i], "--resume")) {
            resume = 1;
            continue;
        }
        if (!strcmp(argv[i], "--force")) {
            force = 1;
            continue;
        }
        if (!strcmp(argv[i], "--progress")) {
            force_progress = 1;
            continue;
        }
        if (!strcmp(argv[i], "--report")) {
            report = 1;
            continue;
        }
        if ((r = cli_option_value(argc, argv, &i, "--vary", &v))) {
            if (r < 0)
                FAIL_USAGE();
            const char *eq = strchr(v, '=');
            if (!eq || eq == v) {
                cli_error("sweep", "--vary expects PATH=VALUES, got '%s'", v);
                FAIL_USAGE();
            }
            if (n_vary == MAX_VARY) {
                cli_error("sweep", "at most %d --vary options", MAX_VARY);
                FAIL_USAGE();
            }
            sweep_axis *a = &vary[n_vary];
            memset(a, 0, sizeof *a);
            if ((size_t)(eq - v) >= sizeof a->path) {
                cli_error("sweep", "--vary path too long");
                FAIL_USAGE();
            }
            memcpy(a->path, v, (size_t)(eq - v));
            if (sweep_parse_values(eq + 1, a, err, sizeof err)) {
                cli_error("sweep", "--vary %s", err);
                FAIL_USAGE();
            }
            n_vary++;
            continue;
        }
        if ((r = cli_option_value(argc, argv, &i, "--set", &v))) {
            if (r < 0)
                FAIL_USAGE();
            if (!strchr(v, '=')) {
                cli_error("sweep", "--set expects PATH=VALUE, got '%s'", v);
                FAIL_USAGE();
            }
            if (n_sets == MAX_SETS) {
                cli_error("sweep", "at most %d --set options", MAX_SETS);
                FAIL_USAGE();
            }
            sets[n_sets++] = v;
            continue;
        }
        if ((r = cli_option_value(argc, argv, &i, "--replications", &v)) ||
            (r = cli_option_value(argc, argv, &i, "-r", &v))) {
            if (r < 0 || cli_parse_u64("sweep", "--replications", v,
                                       &cfg.replications))
                FAIL_USAGE();
            if (cfg.replications < 1) {
                cli_error("sweep", "--replications must be at least 1, got "
                                   "%s",
                          v);
                FAIL_USAGE();
            }
            continue;
        }
        if ((r = cli_option_value(argc, argv, &i, "--seed", &v))) {
            if (r < 0 || cli_parse_u64("sweep", "--seed", v, &cfg.seed))
                FAIL_USAGE();
            cfg.seed_given = 1;
            continue;
        }
        if ((r = cli_option_value(argc, argv, &i, "--jobs", &v)) ||
            (r = cli_option_value(argc, argv, &i, "-j", &v))) {
            uint64_t jobs;
            if (r < 0 || cli_parse_u64("sweep", "--jobs", v, &jobs))
                FAIL_USAGE();
            if (jobs < 1 || jobs > 4096) {
                cli_error("sweep", "--jobs must be between 1 and 4096, got "
                                   "%s",
                          v);
                FAIL_USAGE();
            }
            cfg.jobs = (int)jobs;
            continue;
        }
        if ((r = cli_option_value(argc, argv, &i, "--out", &v)) ||
            (r = cli_option_value(argc, argv, &i, "-o", &v))) {
            if (r < 0)
                FAIL_USAGE();
            out_dir = v;
            continue;
        }
        if ((r = cli_option_value(argc, argv, &i, "--shard", &v))) {
            char tail;
            if (r < 0 || sscanf(v, "%d/%d%c", &shard_k, &shard_n, &tail) != 2 ||
                shard_n < 1 || shard_k < 1 || shard_k > shard_n) {
                cli_error("sweep", "--shard expects K/N with 1 <= K <= N, "
                                   "got '%s'",
                          v ? v : "");
                FAIL_USAGE();
            }
            continue;
        }
        if ((r = cli_option_value(argc, argv, &i, "--outputs", &v))) {
            if (r < 0 || sweep_parse_outputs(v, &outputs, err, sizeof err)) {
                if (r >= 0)
                    cli_error("sweep", "%s", err);
                FAIL_USAGE();
            }
            continue;
        }
        if ((r = cli_option_value(argc, argv, &i, "--objective", &v))) {
            if (r < 0)
                FAIL_USAGE();
            /* Any column of the scenario: checked once it is read. */
            objective = v;
            continue;
        }
        if ((r = cli_option_value(argc, argv, &i, "--constraint", &v))) {
            if (r < 0)
                FAIL_USAGE();
            if (n_constraints == MAX_CONSTRAINTS) {
                cli_error("sweep", "at most %d constraints", MAX_CONSTRAINTS);
                FAIL_USAGE();
            }
            /* The form now, the name once the scenario is read. */
            if (sweep_parse_constraint(v, NULL, &constraints[n_constraints],
                                       err, sizeof err)) {
                cli_error("sweep", "%s", err);
                FAIL_USAGE();
            }
            n_constraints++;
            continue;
        }
        if (argv[i][0] == '-') {
            cli_error("sweep", "unknown option '%s'", argv[i]);
            sweep_usage(stderr);
            FAIL_USAGE();
        }
        if (file) {
            cli_error("sweep", "one scenario at a time; got '%s' and '%s'",
                      file, argv[i]);
            FAIL_USAGE();
        }
        file = argv[i];
    }
    if (!file) {
        cli_error("sweep", "no scenario given; expected jitsim sweep FILE");
        sweep_usage(stderr);
        FAIL_USAGE();
    }

    {
        char *text = NULL;
        size_t len = 0;
        char source[1100];
        if (cli_load_text(file, &text, &len, source, sizeof source))
            FAIL_USAGE();
        scenario base;
        scenario_errors errors;
        scenario_errors_init(&errors);
        if (scenario_parse(text, len, source, sets, n_sets, &base,
                           &errors)) {
            print_errors(&errors);
            scenario_errors_free(&errors);
            free(text);
            FAIL_USAGE();
        }
        scenario_errors_free(&errors);
        sweep_job job;
        memset(&job, 0, sizeof job);
        int lock_fd = -1;
        job.cfg = cfg;
        job.shard_k = shard_k;
        job.shard_n = shard_n;
        if (sweep_plan_init(&job.plan, text, len, source, sets, n_sets, &base,
                            vary, n_vary, &cfg, shard_k, shard_n, err,
                            sizeof err)) {
            cli_error("sweep", "%s", err);
            scenario_free(&base);
            free(text);
            FAIL_USAGE();
        }
        /* With lost sales and a price, the best point is the most
         * profitable; otherwise the cheapest in total. */
        if (!objective)
            objective = output_verdict_basis(&base).metric == METRIC_PROFIT
                            ? "profit"
                            : "total_cost";
        for (size_t i = 0; i < base.n_warnings; i++)
            fprintf(stderr, "%s\n", base.warnings[i]);
        uint64_t reps = cfg.replications ? cfg.replications
                                         : base.replications;
        double runs_per_point = (double)base.n_policies * (double)reps;
        size_t n_policies = base.n_policies;
        if (check_columns(&job.plan.columns, objective, constraints,
                          n_constraints)) {
            sweep_plan_fini(&job.plan);
            scenario_free(&base);
            free(text);
            FAIL_USAGE();
        }
        sweep_plan_search(&job.plan, objective, constraints, n_constraints);
        sweep_plan_outputs(&job.plan, outputs);
        scenario_errors_init(&errors);
        if (sweep_check(&job.plan, &errors)) {
            /* The loader names the axes' overrides "--set PATH"; those
             * that came from --vary are said as such. */
            for (size_t e = 0; e < errors.n; e++) {
                const char *line = errors.lines[e];
                int from_vary = 0;
                for (size_t k = 0; k < n_vary; k++) {
                    size_t path_len = strlen(vary[k].path);
                    if (!strncmp(line, "--set ", 6) &&
                        !strncmp(line + 6, vary[k].path, path_len) &&
                        (line[6 + path_len] == ':' ||
                         line[6 + path_len] == '='))
                        from_vary = 1;
                }
                if (from_vary)
                    fprintf(stderr, "--vary %s\n", line + 6);
                else
                    fprintf(stderr, "%s\n", line);
            }
            scenario_errors_free(&errors);
            sweep_plan_fini(&job.plan);
            scenario_free(&base);
            free(text);
            FAIL_USAGE();
        }
        scenario_errors_free(&errors);
        job.n_points = job.plan.n_points;
        if (shard_n > 1)
            job.n_points = job.plan.n_points / (uint64_t)shard_n +
                           ((uint64_t)(shard_k - 1) <
                                    job.plan.n_points % (uint64_t)shard_n
                                ? 1
                                : 0);
        double all_runs = (double)job.plan.n_points * runs_per_point;
        if (!quiet && all_runs >= SWEEP_ANNOUNCE_RUNS) {
            fprintf(stderr,
                    "sweep: %.6g points x %zu %s x %llu replications = "
                    "%.6g runs",
                    (double)job.plan.n_points, n_policies,
                    n_policies == 1 ? "policy" : "policies",
                    (unsigned long long)reps, all_runs);
            if (shard_n > 1)
                fprintf(stderr, "; shard %d/%d runs %.6g %s (%.6g runs)",
                        shard_k, shard_n, (double)job.n_points,
                        job.n_points == 1 ? "point" : "points",
                        (double)job.n_points * runs_per_point);
            fprintf(stderr, "\n");
        }

        int rank = 0, size = 1;
#ifdef JITSIM_MPI
        int use_mpi = launched_ranks() > 1;
        if (use_mpi) {
            MPI_Init(NULL, NULL);
            MPI_Comm_rank(MPI_COMM_WORLD, &rank);
            MPI_Comm_size(MPI_COMM_WORLD, &size);
        }
#else
        if (launched_ranks() > 1) {
            cli_error("sweep", "started by mpirun, but this jitsim was built "
                               "without MPI; rebuild with libopenmpi-dev "
                               "installed (scripts/setup.sh does it)");
            rc = EXIT_FAILED;
            goto cleanup;
        }
#endif
        sweep_writer w;
        memset(&w, 0, sizeof w);
        progress pr = {0};
        if (rank == 0) {
            /* One writer per directory for the whole sweep, its best.csv
             * and report included: a second (a resubmitted job, a
             * --resume beside a live sweep) is refused at once. */
            lock_fd = dirlock_take(out_dir, err, sizeof err);
            if (lock_fd < 0 ||
                sweep_writer_open(&w, &job.plan, out_dir, resume, force, err,
                                  sizeof err)) {
                cli_error("sweep", "%s", err);
                rc = EXIT_USAGE;
#ifdef JITSIM_MPI
                if (use_mpi)
                    MPI_Abort(MPI_COMM_WORLD, EXIT_USAGE);
#endif
                goto cleanup;
            }
            /* What the directory holds, before the points: an
             * interrupted sweep's directory says what it was running. */
            run_origin origin = {"sweep",        text,
                                 len,            sets,
                                 n_sets,         job.plan.axes,
                                 job.plan.n_axes, reps,
                                 cfg.seed_given ? cfg.seed : base.seed};
            char warning[1024] = "";
            if (sweep_describe(out_dir, &base, &origin, outputs, shard_n <= 1,
                               warning, sizeof warning, err, sizeof err)) {
                cli_error("sweep", "%s", err);
                rc = EXIT_FAILED;
                sweep_writer_close(&w, err, sizeof err);
#ifdef JITSIM_MPI
                if (use_mpi)
                    MPI_Abort(MPI_COMM_WORLD, EXIT_FAILED);
#endif
                goto cleanup;
            }
            if (warning[0])
                fprintf(stderr, "jitsim sweep: warning: %s\n", warning);
            pr.on = !quiet && (force_progress || isatty(2));
            pr.quiet = quiet;
            pr.total = job.n_points;
            pr.done = w.next_point_rank;
            pr.resumed = w.next_point_rank;
            pr.start = seconds_now();
        }
        int loop_rc;
#ifdef JITSIM_MPI
        if (use_mpi)
            loop_rc = run_mpi(&job, &w, &pr, rank, size);
        else
#endif
            loop_rc = run_local(&job, &w, &pr);
        (void)size;
        if (rank == 0) {
            if (sweep_writer_close(&w, err, sizeof err)) {
                cli_error("sweep", "%s", err);
                loop_rc = -1;
            }
            progress_update(&pr, 1);
            FILE *table = quiet ? NULL : stdout;
            if (loop_rc == 0 && shard_n <= 1 &&
                (((outputs & SWEEP_OUT_BEST) &&
                  sweep_best(out_dir, objective, constraints, n_constraints,
                             table, err, sizeof err)) ||
                 ((outputs & SWEEP_OUT_WINNERS) &&
                  sweep_winners(out_dir, objective, constraints,
                                n_constraints, table, err, sizeof err)) ||
                 sweep_outputs_finish(out_dir, outputs, err, sizeof err))) {
                cli_error("sweep", "%s", err);
                loop_rc = -1;
            }
            if (loop_rc == 0 && !quiet)
                print_written(&job, out_dir, outputs, shard_n > 1);
        }
        if (loop_rc)
            rc = EXIT_FAILED;
        else if (rank == 0 && report && shard_n <= 1 &&
                 cli_report(out_dir, quiet) != EXIT_OK)
            rc = EXIT_FAILED;
#ifdef JITSIM_MPI
        if (use_mpi)
            MPI_Finalize();
#endif
    cleanup:
        dirlock_release(lock_fd);
        sweep_plan_fini(&job.plan);
        scenario_free(&base);
        free(text);
    }
done:
    for (size_t i = 0; i < n_vary; i++)
        sweep_axis_free(&vary[i]);
    return rc;
#undef FAIL_USAGE
}

const command cmd_sweep = {
    "sweep",
    "run a grid of parameter values (local cores, MPI or shards)",
    sweep_main,
    sweep_usage,
};
