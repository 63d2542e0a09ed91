/*
 * cmd_play.c - `jitsim play beer-game`: a person plays one role of the
 * beer game in the terminal, week by week, the program the other three
 * (models/beer_game.c, on the board's exact weekly steps), then the
 * debrief: each role's cost against the benchmark's (204 for the team)
 * and every role's orders as a text chart (and an SVG with -o).
 *
 * Input is one line a week: a whole number, `b` to take the last week
 * back, `q` to stop. A pipe works as well as a keyboard (`yes 4 | jitsim
 * play beer-game`), so a game can be scripted and replayed; end of input
 * stops the game cleanly with the debrief.
 *
 * Not here: the game (models/beer_game.c), the chart (analysis/play.c).
 */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analysis/play.h"
#include "cli.h"
#include "models/beer_game.h"

static void play_usage(FILE *out)
{
    fprintf(out,
            "usage: jitsim play beer-game [--role ROLE] [--partners RULE] "
            "[-o FILE.svg]\n\n"
            "Play one role of the beer game (Sterman's board, lesson 21) "
            "week by week;\n"
            "the program plays the other three.\n\n"
            "  --role      retailer (default), wholesaler, distributor or "
            "factory\n"
            "  --partners  the rule the others play: sterman (default; the "
            "average\n"
            "              player: theta .36, alpha_S .26, beta .34, S' 17), "
            "benchmark\n"
            "              (theta 0, alpha_S 1, beta 1, S' 28, the factory "
            "20: 204)\n"
            "              or base_stock (order what was ordered from you)\n"
            "  -o FILE.svg also write every role's orders as an SVG chart\n"
            "  --json ORDERS  play nothing: print the game after ORDERS (whole\n"
            "              numbers from week 5, separated by spaces) as the\n"
            "              classroom page's JSON (analysis/play.h)\n\n"
            "Each week type a whole number of cases to order, b to take the "
            "last\n"
            "week back or q to stop. Weeks 1-4 are played for you (every "
            "order 4, as\n"
            "on the board). Input may come from a pipe: yes 4 | jitsim play "
            "beer-game\n");
}

static void show_week(const beer_game *g)
{
    const beer_view *v = &g->view;
    printf("\n== Week %d of %d: you are the %s ==\n", v->week, BEER_WEEKS,
           beer_role_name(g->role));
    printf("  on hand          %6g    backlog            %6g\n", v->on_hand,
           v->backlog);
    printf("  order received   %6g    shipment arrived   %6g\n", v->incoming,
           v->received);
    printf("  supply line      %6g    (ordered, not yet arrived)\n",
           v->supply_line);
    printf("  your last orders:");
    int from = v->week - 4 > 1 ? v->week - 4 : 1;
    for (int t = from; t < v->week; t++)
        printf(" %g", beer_game_week(g, g->role, t)->order);
    printf("\n  cost so far      %6g    (0.50 a case on hand, 1.00 a case "
           "owed, each week)\n",
           v->cost_so_far);
}

/* A whole number from a line (spaces around allowed); -1 with a reason. */
static int parse_order(const char *line, double *out, const char **why)
{
    const char *p = line;
    while (isspace((unsigned char)*p))
        p++;
    if (!*p) {
        *why = "empty line";
        return -1;
    }
    if (*p == '-') {
        *why = "an order cannot be negative";
        return -1;
    }
    if (!isdigit((unsigned char)*p)) {
        *why = "not a number";
        return -1;
    }
    char *end;
    errno = 0;
    long x = strtol(p, &end, 10);
    while (isspace((unsigned char)*end))
        end++;
    if (*end == '.' || *end == ',') {
        *why = "cases are whole: no fractions";
        return -1;
    }
    if (*end) {
        *why = "not a number";
        return -1;
    }
    if (errno || x > (long)BEER_ORDER_MAX) {
        *why = "too large (at most 10000 cases a week)";
        return -1;
    }
    *out = (double)x;
    return 0;
}

static void text_chart(const beer_game *g)
{
    static const char *const blocks[] = {" ", "\u2581", "\u2582", "\u2583",
                                         "\u2584", "\u2585", "\u2586",
                                         "\u2587", "\u2588"};
    int done = beer_game_weeks_done(g);
    double top = 1.0;
    for (int r = 0; r < BEER_ROLES; r++)
        for (int t = 1; t <= done; t++) {
            const board_week *w = beer_game_week(g, r, t);
            top = w->order > top ? w->order : top;
            top = w->incoming > top ? w->incoming : top;
        }
    printf("\nOrders, week 1 to %d (each column a week; full block = %g "
           "cases):\n", done, top);
    for (int r = -1; r < BEER_ROLES; r++) {
        printf("  %-12s ", r < 0 ? "customers" : beer_role_name(r));
        double peak = 0.0;
        for (int t = 1; t <= done; t++) {
            const board_week *w = beer_game_week(g, r < 0 ? 0 : r, t);
            double x = r < 0 ? w->incoming : w->order;
            if (x > peak)
                peak = x;
            int level = (int)(x / top * 8.0 + 0.5);
            if (x > 0.0 && level == 0)
                level = 1;
            if (level > 8)
                level = 8;
            fputs(blocks[level], stdout);
        }
        printf("  peak %g%s\n", peak, r == g->role ? "  (you)" : "");
    }
    printf("\nOrders week by week:\n  week ");
    for (int r = 0; r < BEER_ROLES; r++)
        printf(" %11s", beer_role_name(r));
    printf("  customers\n");
    for (int t = 1; t <= done; t++) {
        printf("  %4d ", t);
        for (int r = 0; r < BEER_ROLES; r++)
            printf(" %11g", beer_game_week(g, r, t)->order);
        printf("  %9g\n", beer_game_week(g, 0, t)->incoming);
    }
}

static void debrief(const beer_game *g)
{
    int done = beer_game_weeks_done(g);
    double bench[BEER_ROLES] = {0};
    play_benchmark_costs(done, bench);
    printf("\n== Debrief: %d week%s played, the others under the %s rule "
           "==\n", done, done == 1 ? "" : "s",
           beer_partners_name(g->partners));
    printf("  %-12s %10s %10s\n", "role", "cost", "benchmark");
    double total = 0.0, btotal = 0.0;
    for (int r = 0; r < BEER_ROLES; r++) {
        double c = beer_game_cost(g, r);
        total += c;
        btotal += bench[r];
        printf("  %-12s %10g %10g%s\n", beer_role_name(r), c, bench[r],
               r == g->role ? "  (you)" : "");
    }
    printf("  %-12s %10g %10g\n", "team", total, btotal);
    if (done == BEER_WEEKS)
        printf("The team's cost: %g, against the benchmark's %g (%.1f "
               "times).\n", total, BEER_BENCHMARK_COST,
               total / BEER_BENCHMARK_COST);
    else
        printf("The team's cost over weeks 1-%d: %g; the benchmark's over "
               "the same weeks: %g (%g over all %d).\n",
               done, total, btotal, BEER_BENCHMARK_COST, BEER_WEEKS);
    text_chart(g);
}

static int write_svg(const beer_game *g, const char *path)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        cli_error("play", "cannot write '%s': %s", path, strerror(errno));
        return -1;
    }
    play_svg(f, g);
    if (fclose(f)) {
        cli_error("play", "cannot write '%s': %s", path, strerror(errno));
        return -1;
    }
    printf("\nThe orders chart: %s\n", path);
    return 0;
}

static int play_main(int argc, char **argv)
{
    const char *game = NULL, *role = "retailer", *partners = "sterman",
               *svg = NULL, *json = NULL;
    for (int i = 1; i < argc; i++) {
        const char *value;
        int got;
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            play_usage(stdout);
            return EXIT_OK;
        }
        if ((got = cli_option_value(argc, argv, &i, "--role", &value)) != 0) {
            if (got < 0)
                return EXIT_USAGE;
            role = value;
        } else if ((got = cli_option_value(argc, argv, &i, "--partners",
                                           &value)) != 0) {
            if (got < 0)
                return EXIT_USAGE;
            partners = value;
        } else if ((got = cli_option_value(argc, argv, &i, "-o", &value)) !=
                   0) {
            if (got < 0)
                return EXIT_USAGE;
            svg = value;
        } else if ((got = cli_option_value(argc, argv, &i, "--json",
                                           &value)) != 0) {
            if (got < 0)
                return EXIT_USAGE;
            json = value;
        } else if (argv[i][0] == '-' || game) {
            cli_error("play", "unknown argument '%s'", argv[i]);
            play_usage(stderr);
            return EXIT_USAGE;
        } else {
            game = argv[i];
        }
    }
    if (!game || strcmp(game, "beer-game") != 0) {
        cli_error("play", "%s%s%s; expected beer-game (the only game)",
                  game ? "no game '" : "which game?",
                  game ? game : "", game ? "'" : "");
        return EXIT_USAGE;
    }
    int r = beer_role_find(role), p = beer_partners_find(partners);
    if (r < 0) {
        cli_error("play", "--role '%s' is not a role; expected retailer, "
                          "wholesaler, distributor or factory", role);
        return EXIT_USAGE;
    }
    if (p < 0) {
        cli_error("play", "--partners '%s' is not a rule; expected "
                          "sterman, benchmark or base_stock", partners);
        return EXIT_USAGE;
    }
    if (json) {
        /* The page's answer, for the parity test (tests/classroom). */
        size_t len;
        char *text = play_json(role, partners, json, &len);
        if (!text) {
            cli_error("play", "out of memory");
            return EXIT_FAILED;
        }
        fwrite(text, 1, len, stdout);
        int ok = strstr(text, "\"ok\": true") == text + 1;
        free(text);
        return ok ? EXIT_OK : EXIT_USAGE;
    }
    beer_game *g = calloc(1, sizeof *g);
    if (!g || beer_game_start(g, r, (beer_partners)p)) {
        cli_error("play", "the board could not be set up");
        free(g);
        return EXIT_FAILED;
    }
    int echo = !isatty(STDIN_FILENO);
    printf("The beer game: you are the %s; the computer plays the others "
           "with the %s rule.\n"
           "Customers buy from the retailer; each role orders from the "
           "next up to the\n"
           "factory, which brews. Orders take 2 weeks to arrive upstream, "
           "shipments 2\n"
           "weeks to come down (production 2 weeks). Each week costs 0.50 "
           "a case on\n"
           "hand and 1.00 a case you owe. %d weeks; the benchmark team "
           "costs %g.\n"
           "Weeks 1-%d are fixed: every order is 4, as on the board.\n",
           beer_role_name(r), beer_partners_name((beer_partners)p),
           BEER_WEEKS, BEER_BENCHMARK_COST, BEER_FIXED_WEEKS);
    char line[256];
    int shown = 0;
    while (!beer_game_over(g)) {
        if (!shown)
            show_week(g);
        shown = 1;
        printf("Your order for week %d (a whole number; b: back a week; q: "
               "stop): ", g->view.week);
        fflush(stdout);
        if (!fgets(line, sizeof line, stdin)) {
            printf("\nEnd of input: the game stops before week %d.\n",
                   g->view.week);
            break;
        }
        if (echo)
            printf("%s", line);
        if (!strchr(line, '\n') && !feof(stdin)) {
            int c;
            while ((c = getchar()) != EOF && c != '\n')
                ;
            printf("That line is too long; type a whole number of "
                   "cases.\n");
            continue;
        }
        line[strcspn(line, "\r\n")] = '\0';
        if (!strcmp(line, "q") || !strcmp(line, "quit")) {
            printf("You stop before week %d.\n", g->view.week);
            break;
        }
        if (!strcmp(line, "b") || !strcmp(line, "back")) {
            if (beer_game_back(g))
                printf("Nothing to take back: week %d is your first "
                       "order.\n", g->view.week);
            else
                shown = 0;
            continue;
        }
        double cases;
        const char *why;
        char err[200];
        if (parse_order(line, &cases, &why)) {
            printf("'%s': %s; type a whole number of cases (0 or more), b "
                   "or q.\n", line, why);
            continue;
        }
        if (beer_game_order(g, cases, err, sizeof err)) {
            printf("%s\n", err);
            continue;
        }
        shown = 0;
    }
    debrief(g);
    int rc = svg && write_svg(g, svg) ? EXIT_FAILED : EXIT_OK;
    beer_game_free(g);
    free(g);
    return rc;
}

const command cmd_play = {
    "play",
    "play one role of the beer game week by week (jitsim play beer-game)",
    play_main,
    play_usage,
};
