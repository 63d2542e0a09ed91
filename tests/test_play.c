/*
 * test_play.c - the beer game as a person plays it (models/beer_game.c,
 * analysis/play.c, `jitsim play beer-game`): the benchmark rule's own
 * orders played into the retailer's role give the published 46, 50, 54,
 * 54 = 204 exactly, through the API and through a pipe into the program;
 * back undoes a week exactly; bad lines re-ask with a reason; end of
 * input stops the game with the debrief; the SVG is well-formed XML with
 * one series a role; the classroom page's JSON.
 */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "analysis/play.h"
#include "models/beer_game.h"
#include "models/network_board.h"
#include "tests/test_row.h"

/* The benchmark chain's own orders of `role`, weeks 5 to 36. */
static void benchmark_orders(int role, double *orders)
{
    world_spec w;
    cr_assert_eq(beer_game_spec(&w, BEER_BENCHMARK), 0);
    board_week rec[BEER_ROLES * BEER_WEEKS];
    test_row out;
    cr_assert_eq(network_board_run(&w, 1, 0, out.value, rec, BEER_WEEKS, NULL,
                                   NULL), 0);
    for (int t = BEER_FIXED_WEEKS + 1; t <= BEER_WEEKS; t++)
        orders[t - BEER_FIXED_WEEKS - 1] = rec[role * BEER_WEEKS + t - 1].order;
    world_spec_free(&w);
}

#define PLAYED (BEER_WEEKS - BEER_FIXED_WEEKS)

Test(play, the_benchmarks_orders_in_any_role_cost_204)
{
    static const double expected[] = {46, 50, 54, 54};
    for (int role = 0; role < BEER_ROLES; role++) {
        double orders[PLAYED];
        benchmark_orders(role, orders);
        beer_game g;
        cr_assert_eq(beer_game_start(&g, role, BEER_BENCHMARK), 0);
        char err[200];
        for (int i = 0; i < PLAYED; i++) {
            cr_assert_eq(g.view.week, BEER_FIXED_WEEKS + 1 + i);
            /* The rule in the player's place would order the same. */
            cr_assert_eq(g.view.rule_order, orders[i]);
            cr_assert_eq(beer_game_order(&g, orders[i], err, sizeof err), 0,
                         "%s", err);
        }
        cr_assert(beer_game_over(&g));
        cr_assert_eq(beer_game_weeks_done(&g), BEER_WEEKS);
        for (int r = 0; r < BEER_ROLES; r++)
            cr_assert_eq(beer_game_cost(&g, r), expected[r], "role %d: %g",
                         r, beer_game_cost(&g, r));
        cr_assert_eq(beer_game_cost(&g, -1), 204.0);
        cr_assert_neq(beer_game_order(&g, 8, err, sizeof err), 0);
        cr_assert_not_null(strstr(err, "over"), "%s", err);
        beer_game_free(&g);
    }
    double bench[BEER_ROLES];
    cr_assert_eq(play_benchmark_costs(BEER_WEEKS, bench), 0);
    for (int r = 0; r < BEER_ROLES; r++)
        cr_assert_eq(bench[r], expected[r]);
}

/* Week 5 on the board: the retailer has 8 on hand (12 + 4 received - 8
 * shipped), owes nothing, got the customers' 8 and a shipment of 4; its
 * supply line is 12 (the order box's 4, two shipping boxes of 4); cost
 * 4 x 6 (weeks 1-4) + 4 (week 5) = 28. */
Test(play, week_5_shows_what_the_board_shows)
{
    beer_game g;
    cr_assert_eq(beer_game_start(&g, 0, BEER_STERMAN), 0);
    const beer_view *v = &g.view;
    cr_assert_eq(v->week, 5);
    cr_assert_eq(v->on_hand, 8.0);
    cr_assert_eq(v->backlog, 0.0);
    cr_assert_eq(v->incoming, 8.0);
    cr_assert_eq(v->received, 4.0);
    cr_assert_eq(v->supply_line, 12.0);
    cr_assert_eq(v->cost_so_far, 28.0);
    for (int t = 1; t <= 4; t++)
        for (int r = 0; r < BEER_ROLES; r++)
            cr_assert_eq(beer_game_week(&g, r, t)->order, 4.0);
    beer_game_free(&g);
}

Test(play, back_undoes_a_week_exactly)
{
    beer_game g, h;
    char err[200];
    cr_assert_eq(beer_game_start(&g, 1, BEER_STERMAN), 0);
    cr_assert_eq(beer_game_back(&g), -1, "nothing to undo at week 5");
    for (int i = 0; i < 6; i++)
        cr_assert_eq(beer_game_order(&g, 4 + 2 * i, err, sizeof err), 0);
    h = g;
    cr_assert_eq(beer_game_order(&g, 40, err, sizeof err), 0);
    cr_assert_eq(g.view.week, 12);
    cr_assert_eq(beer_game_back(&g), 0);
    cr_assert_eq(g.view.week, 11);
    cr_assert_eq(memcmp(&g.view, &h.view, sizeof g.view), 0);
    for (int t = 1; t < 11; t++)
        for (int r = 0; r < BEER_ROLES; r++)
            cr_assert_eq(memcmp(beer_game_week(&g, r, t),
                                beer_game_week(&h, r, t),
                                sizeof(board_week)), 0);
    /* Refusals: not whole, negative, too large. */
    cr_assert_neq(beer_game_order(&g, 4.5, err, sizeof err), 0);
    cr_assert_neq(beer_game_order(&g, -1, err, sizeof err), 0);
    cr_assert_neq(beer_game_order(&g, 1e9, err, sizeof err), 0);
    cr_assert_eq(g.view.week, 11);
    beer_game_free(&g);
}

/* Base stock: a partner orders exactly what it was ordered. */
Test(play, base_stock_partners_pass_the_orders_on)
{
    beer_game g;
    char err[200];
    cr_assert_eq(beer_game_start(&g, 0, BEER_BASE_STOCK), 0);
    static const double mine[] = {12, 0, 9, 30, 3};
    for (int i = 0; i < 5; i++)
        cr_assert_eq(beer_game_order(&g, mine[i], err, sizeof err), 0);
    for (int t = 5; t <= 9; t++)
        for (int r = 1; r < BEER_ROLES; r++)
            cr_assert_eq(beer_game_week(&g, r, t)->order,
                         beer_game_week(&g, r, t)->incoming, "week %d", t);
    cr_assert_eq(beer_game_week(&g, 1, 7)->incoming, 12.0);
    beer_game_free(&g);
}

/* ---- the program, through a pipe ---------------------------------------- */

typedef struct {
    int status;
    char *out;
} ran;

static ran run_sh(const char *cmd)
{
    ran r = {0};
    FILE *p = popen(cmd, "r");
    cr_assert_not_null(p);
    size_t len = 0, cap = 1 << 16;
    r.out = malloc(cap);
    size_t got;
    while ((got = fread(r.out + len, 1, cap - len - 1, p)) > 0) {
        len += got;
        if (cap - len < 4096)
            r.out = realloc(r.out, cap *= 2);
    }
    r.out[len] = '\0';
    int st = pclose(p);
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    return r;
}

static char *orders_file(const double *orders, int n, const char *extra)
{
    static char path[64];
    snprintf(path, sizeof path, "/tmp/jitsim_play_XXXXXX");
    int fd = mkstemp(path);
    cr_assert(fd >= 0);
    FILE *f = fdopen(fd, "w");
    if (extra)
        fputs(extra, f);
    for (int i = 0; i < n; i++)
        fprintf(f, "%g\n", orders[i]);
    fclose(f);
    return path;
}

Test(play, piping_the_benchmarks_orders_gives_46_50_54_54_204)
{
    double orders[PLAYED];
    benchmark_orders(0, orders);
    char *path = orders_file(orders, PLAYED, NULL);
    char cmd[512];
    snprintf(cmd, sizeof cmd, "'%s' play beer-game --role retailer "
                              "--partners benchmark < %s 2>&1",
             JITSIM_EXE, path);
    ran r = run_sh(cmd);
    cr_assert_eq(r.status, 0, "%s", r.out);
    cr_assert_not_null(strstr(r.out, "Weeks 1-4 are fixed: every order is 4"));
    cr_assert_not_null(strstr(r.out, "== Week 36 of 36"), "%s", r.out);
    cr_assert_null(strstr(r.out, "== Week 37"));
    cr_assert_not_null(strstr(r.out, "  retailer             46         46  (you)\n"
                                     "  wholesaler           50         50\n"
                                     "  distributor          54         54\n"
                                     "  factory              54         54\n"
                                     "  team                204        204\n"),
                       "%s", strstr(r.out, "Debrief"));
    cr_assert_not_null(strstr(r.out, "The team's cost: 204, against the "
                                     "benchmark's 204 (1.0 times)."));
    remove(path);
    free(r.out);
}

Test(play, yes_4_plays_36_weeks)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "yes 4 2>/dev/null | '%s' play beer-game "
                              "--role factory 2>&1", JITSIM_EXE);
    ran r = run_sh(cmd);
    cr_assert_eq(r.status, 0, "%s", r.out);
    cr_assert_not_null(strstr(r.out, "36 weeks played"), "%s", r.out);
    cr_assert_not_null(strstr(r.out, "you are the factory"));
    free(r.out);
}

Test(play, bad_lines_re_ask_with_a_reason)
{
    char *path = orders_file(NULL, 0, "abc\n-3\n4.5\n\n99999999\nb\n8\nb\n6\n");
    char cmd[512];
    snprintf(cmd, sizeof cmd, "'%s' play beer-game < %s 2>&1", JITSIM_EXE,
             path);
    ran r = run_sh(cmd);
    cr_assert_eq(r.status, 0, "%s", r.out);
    static const char *const reasons[] = {
        "'abc': not a number; type a whole number",
        "'-3': an order cannot be negative;",
        "'4.5': cases are whole: no fractions;",
        "'': empty line;",
        "'99999999': too large (at most 10000 cases a week);",
        "Nothing to take back: week 5 is your first order.",
    };
    for (size_t i = 0; i < sizeof reasons / sizeof reasons[0]; i++)
        cr_assert_not_null(strstr(r.out, reasons[i]), "%s\n%s", reasons[i],
                           r.out);
    /* 8 then back then 6: week 5's order is 6, and the game stops before
     * week 6 at the end of input. */
    cr_assert_not_null(strstr(r.out, "End of input: the game stops before "
                                     "week 6."), "%s", r.out);
    cr_assert_not_null(strstr(r.out, "\n     5            6"), "%s", r.out);
    remove(path);
    free(r.out);
}

Test(play, end_of_input_mid_game_ends_with_the_debrief)
{
    static const double three[] = {8, 8, 8};
    char *path = orders_file(three, 3, NULL);
    char svg[] = "/tmp/jitsim_play_svgXXXXXX";
    int fd = mkstemp(svg);
    cr_assert(fd >= 0);
    close(fd);
    char cmd[512];
    snprintf(cmd, sizeof cmd, "'%s' play beer-game --partners benchmark "
                              "-o %s < %s 2>&1", JITSIM_EXE, svg, path);
    ran r = run_sh(cmd);
    cr_assert_eq(r.status, 0, "%s", r.out);
    cr_assert_not_null(strstr(r.out, "End of input: the game stops before "
                                     "week 8."), "%s", r.out);
    cr_assert_not_null(strstr(r.out, "Debrief: 7 weeks played"), "%s", r.out);
    cr_assert_not_null(strstr(r.out, "over weeks 1-7"), "%s", r.out);
    remove(path);
    remove(svg);
    free(r.out);
}

Test(play, q_stops_and_bad_arguments_exit_2)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "printf '5\\nq\\n9\\n' | '%s' play beer-game "
                              "2>&1", JITSIM_EXE);
    ran r = run_sh(cmd);
    cr_assert_eq(r.status, 0, "%s", r.out);
    cr_assert_not_null(strstr(r.out, "You stop before week 6."), "%s", r.out);
    free(r.out);
    static const char *const bad[][2] = {
        {"play beer-game --role brewer", "--role 'brewer' is not a role"},
        {"play beer-game --partners best", "--partners 'best' is not a rule"},
        {"play chess", "no game 'chess'; expected beer-game"},
        {"play", "which game?; expected beer-game"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        snprintf(cmd, sizeof cmd, "'%s' %s < /dev/null 2>&1", JITSIM_EXE,
                 bad[i][0]);
        r = run_sh(cmd);
        cr_assert_eq(r.status, 2, "%s: %s", bad[i][0], r.out);
        cr_assert_not_null(strstr(r.out, bad[i][1]), "%s", r.out);
        free(r.out);
    }
}

/* ---- the SVG -------------------------------------------------------------- */

/* Well-formed enough to be sure: every tag closed in order, attributes
 * quoted, one root; returns the number of class="series" polylines. */
static int check_xml(const char *s)
{
    const char *stack[64];
    size_t depth = 0, roots = 0;
    int series = 0;
    const char *p = s;
    if (strncmp(p, "<?xml", 5) == 0)
        p = strstr(p, "?>") + 2;
    while ((p = strchr(p, '<')) != NULL) {
        const char *end = strchr(p, '>');
        cr_assert_not_null(end, "an unclosed tag");
        size_t quotes = 0;
        for (const char *q = p; q < end; q++)
            quotes += *q == '"';
        cr_assert_eq(quotes % 2, 0, "unbalanced quotes: %.60s", p);
        if (p[1] == '/') {
            cr_assert(depth > 0, "a closing tag too many: %.40s", p);
            const char *open = stack[--depth];
            size_t n = strcspn(open + 1, " />");
            cr_assert_eq(strncmp(open + 1, p + 2, n), 0, "%.20s closed by "
                         "%.20s", open, p);
        } else if (end[-1] != '/') {
            cr_assert(depth < 64);
            if (depth == 0)
                roots++;
            stack[depth++] = p;
        } else if (strncmp(p, "<polyline class=\"series\"", 24) == 0) {
            series++;
        }
        p = end + 1;
    }
    cr_assert_eq(depth, 0, "unclosed elements");
    cr_assert_eq(roots, 1);
    cr_assert_null(strchr(s, '&'), "no entities needed");
    return series;
}

Test(play, the_svg_is_well_formed_with_four_series)
{
    static const double some[] = {8, 12, 0, 20};
    char *path = orders_file(some, 4, NULL);
    char svg[] = "/tmp/jitsim_play_svgXXXXXX";
    int fd = mkstemp(svg);
    cr_assert(fd >= 0);
    close(fd);
    char cmd[512];
    snprintf(cmd, sizeof cmd, "'%s' play beer-game -o %s < %s > /dev/null",
             JITSIM_EXE, svg, path);
    cr_assert_eq(system(cmd), 0);
    FILE *f = fopen(svg, "r");
    cr_assert_not_null(f);
    static char text[1 << 16];
    size_t n = fread(text, 1, sizeof text - 1, f);
    text[n] = '\0';
    fclose(f);
    cr_assert_eq(check_xml(text), 4, "%s", text);
    cr_assert_not_null(strstr(text, "data-role=\"retailer\""));
    cr_assert_not_null(strstr(text, "data-role=\"factory\""));
    cr_assert_not_null(strstr(text, "<svg xmlns=\"http://www.w3.org/2000/svg\""));
    remove(path);
    remove(svg);
}

/* ---- the classroom page's JSON ------------------------------------------ */

Test(play, the_json_of_a_game)
{
    double orders[PLAYED];
    benchmark_orders(0, orders);
    char text[1024] = "";
    for (int i = 0; i < PLAYED; i++)
        snprintf(text + strlen(text), sizeof text - strlen(text), "%s%g",
                 i ? " " : "", orders[i]);
    size_t len;
    char *j = play_json("retailer", "benchmark", text, &len);
    cr_assert_not_null(j);
    cr_assert_eq(strlen(j), len);
    cr_assert_not_null(strstr(j, "\"ok\": true"), "%s", j);
    cr_assert_not_null(strstr(j, "\"over\": true"));
    cr_assert_not_null(strstr(j, "\"costs\": [46, 50, 54, 54], \"team_cost\": 204"), "%s", j);
    cr_assert_not_null(strstr(j, "\"benchmark_team_cost\": 204"));
    free(j);
    j = play_json("retailer", "sterman", "", &len);
    cr_assert_not_null(strstr(j, "\"week\": 5"), "%s", j);
    cr_assert_not_null(strstr(j, "\"weeks_done\": 4"));
    cr_assert_not_null(strstr(j, "\"view\": {\"on_hand\": 8, \"backlog\": 0, \"incoming\": 8, \"received\": 4, \"supply_line\": 12, \"cost_so_far\": 28}"), "%s", j);
    free(j);
    static const char *const bad[][4] = {
        {"brewer", "sterman", "", "role: 'brewer' is not a role"},
        {"retailer", "best", "", "partners: 'best' is not a rule"},
        {"retailer", "sterman", "4 x", "orders: item 2 is not a number"},
        {"retailer", "sterman", "4 -1", "orders: item 2 (-1): an order is a whole number"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        j = play_json(bad[i][0], bad[i][1], bad[i][2], &len);
        cr_assert_not_null(strstr(j, "\"ok\": false"), "%s", j);
        cr_assert_not_null(strstr(j, bad[i][3]), "%s", j);
        free(j);
    }
}

Test(play, json_option_prints_the_pages_answer)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "'%s' play beer-game --role factory "
                              "--partners base_stock --json '8 8' 2>&1",
             JITSIM_EXE);
    ran r = run_sh(cmd);
    cr_assert_eq(r.status, 0, "%s", r.out);
    char *want = play_json("factory", "base_stock", "8 8", NULL);
    cr_assert_str_eq(r.out, want);
    free(want);
    free(r.out);
    snprintf(cmd, sizeof cmd, "'%s' play beer-game --json '8 -8' 2>&1",
             JITSIM_EXE);
    r = run_sh(cmd);
    cr_assert_eq(r.status, 2, "%s", r.out);
    cr_assert_not_null(strstr(r.out, "\"ok\": false"), "%s", r.out);
    free(r.out);
}
