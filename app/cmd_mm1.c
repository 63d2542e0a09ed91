/*
 * cmd_mm1.c - `jitsim mm1`: the M/M/1 demonstration, the kernel's reference
 * model, with its simulated means and intervals beside the closed forms.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analysis/estimate.h"
#include "cli.h"
#include "models/mm1.h"

static void mm1_usage(FILE *out)
{
    fprintf(out,
           "usage: jitsim mm1 [--lambda RATE] [--mu RATE] [--horizon T]\n"
           "                  [--warmup T] [--replications N] [--seed S]\n"
           "\n"
           "Runs the M/M/1 queue (Poisson arrivals, one exponential server,\n"
           "first come first served) for N replications and compares the\n"
           "simulated means, with 95%% confidence intervals, to the exact\n"
           "steady-state values W = 1/(mu - lambda), L = rho/(1 - rho).\n"
           "\n"
           "  --lambda RATE       arrivals per time unit (default 0.9)\n"
           "  --mu RATE           services per time unit (default 1.0)\n"
           "  --horizon T         length of each replication (default "
           "100000)\n"
           "  --warmup T          time discarded at the start (default "
           "10000)\n"
           "  --replications N    independent replications, >= 2 (default "
           "20)\n"
           "  --seed S            scenario seed (default 1)\n");
}

static double seconds_now(void)
{
    struct timespec ts;
    timespec_get(&ts, TIME_UTC);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void print_row(const char *name, const estimate *e, double exact)
{
    printf("%-24s %10.4f   [%9.4f, %9.4f]", name, e->mean, e->low, e->high);
    if (isnan(exact))
        printf("   %9s\n", "-");
    else
        printf("   %9.4f   %s\n", exact,
               exact >= e->low && exact <= e->high ? "inside" : "OUTSIDE");
}

static int mm1_main(int argc, char **argv)
{
    mm1_params p = {0.9, 1.0, 10000.0, 100000.0};
    uint64_t replications = 20, seed = 1;
    for (int i = 1; i < argc; i++) {
        const char *v = NULL;
        int r;
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            mm1_usage(stdout);
            return EXIT_OK;
        }
#define NUMBER_OPTION(NAME, FIELD)                                          \
        if ((r = cli_option_value(argc, argv, &i, NAME, &v)) != 0) {        \
            if (r < 0 || cli_parse_double("mm1", NAME, v, &FIELD) != 0)     \
                return EXIT_USAGE;                                          \
            continue;                                                       \
        }
        NUMBER_OPTION("--lambda", p.lambda)
        NUMBER_OPTION("--mu", p.mu)
        NUMBER_OPTION("--horizon", p.horizon)
        NUMBER_OPTION("--warmup", p.warmup)
#undef NUMBER_OPTION
        if ((r = cli_option_value(argc, argv, &i, "--replications", &v))) {
            if (r < 0 ||
                cli_parse_u64("mm1", "--replications", v, &replications))
                return EXIT_USAGE;
            continue;
        }
        if ((r = cli_option_value(argc, argv, &i, "--seed", &v))) {
            if (r < 0 || cli_parse_u64("mm1", "--seed", v, &seed))
                return EXIT_USAGE;
            continue;
        }
        cli_error("mm1", "unknown option '%s'", argv[i]);
        mm1_usage(stderr);
        return EXIT_USAGE;
    }
    const char *problem = mm1_check(&p);
    if (problem) {
        cli_error("mm1", "%s", problem);
        return EXIT_USAGE;
    }
    if (replications < 2 || replications > 1000000) {
        cli_error("mm1", "--replications must be between 2 and 1000000, "
                         "got %llu",
                  (unsigned long long)replications);
        return EXIT_USAGE;
    }

    size_t n = (size_t)replications;
    double *sojourn = malloc(n * sizeof *sojourn);
    double *in_system = malloc(n * sizeof *in_system);
    double *busy = malloc(n * sizeof *busy);
    double *throughput = malloc(n * sizeof *throughput);
    if (!sojourn || !in_system || !busy || !throughput) {
        cli_error("mm1", "out of memory");
        free(sojourn), free(in_system), free(busy), free(throughput);
        return EXIT_FAILED;
    }
    uint64_t events = 0;
    double start = seconds_now();
    int rc = EXIT_OK;
    for (size_t r = 0; r < n; r++) {
        mm1_result res;
        if (mm1_run(&p, seed, r, &res) != 0) {
            cli_error("mm1", "replication %zu failed (out of memory)", r);
            rc = EXIT_FAILED;
            goto done;
        }
        sojourn[r] = res.mean_sojourn;
        in_system[r] = res.mean_in_system;
        busy[r] = res.utilisation;
        throughput[r] = res.throughput;
        events += res.events;
    }
    double elapsed = seconds_now() - start;

    double rho = p.lambda / p.mu;
    printf("jitsim %s: M/M/1 queue, the kernel's reference model\n",
           JITSIM_VERSION_STRING);
    printf("lambda %g, mu %g (utilisation %.3g); horizon %g, warm-up %g; "
           "%zu replications, seed %llu\n\n",
           p.lambda, p.mu, rho, p.horizon, p.warmup, n,
           (unsigned long long)seed);
    printf("%-24s %10s   %-22s   %9s\n", "metric", "simulated",
           "95% confidence interval", "exact");
    estimate e;
    estimate_mean(sojourn, n, 0.95, &e);
    print_row("mean time in system W", &e, mm1_exact_sojourn(&p));
    estimate_mean(in_system, n, 0.95, &e);
    print_row("mean number in system L", &e, mm1_exact_in_system(&p));
    estimate_mean(busy, n, 0.95, &e);
    print_row("utilisation", &e, rho < 1.0 ? rho : NAN);
    estimate_mean(throughput, n, 0.95, &e);
    print_row("throughput", &e, rho < 1.0 ? p.lambda : NAN);
    if (rho >= 1.0)
        printf("\nlambda >= mu: the queue grows without bound; there is no "
               "steady state to compare with.\n");
    printf("\n%llu events in %.3f s (%.1f million events per second)\n",
           (unsigned long long)events, elapsed,
           elapsed > 0 ? (double)events / elapsed / 1e6 : 0.0);
done:
    free(sojourn), free(in_system), free(busy), free(throughput);
    return rc;
}

const command cmd_mm1 = {
    "mm1",
    "the M/M/1 queue against its closed forms (kernel demonstration)",
    mm1_main,
    mm1_usage,
};
