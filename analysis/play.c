/*
 * play.c - what is made of a beer game a person played (play.h): the
 * orders chart as SVG, the benchmark's costs over the same weeks, and the
 * game as JSON for the classroom page (which replays it from the orders
 * at every step, as the terminal does: beer_game.c).
 *
 * Not here: the game (models/beer_game.c), the terminal (app/cmd_play.c).
 */
#define _POSIX_C_SOURCE 200809L
#include "analysis/play.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/meta_json.h"
#include "models/network.h"

static const char *const colours[BEER_ROLES] = {"#1f77b4", "#2ca02c",
                                                "#ff7f0e", "#d62728"};

void play_svg(FILE *f, const beer_game *g)
{
    const double W = 720, H = 360, left = 48, right = 130, top = 30,
                 bottom = 40;
    int weeks = beer_game_weeks_done(g);
    double top_value = 8.0;
    for (int r = 0; r < BEER_ROLES; r++)
        for (int t = 1; t <= weeks; t++) {
            const board_week *w = beer_game_week(g, r, t);
            if (w->order > top_value)
                top_value = w->order;
            if (w->incoming > top_value)
                top_value = w->incoming;
        }
    double step = top_value <= 20 ? 4 : top_value <= 50 ? 10
                                      : top_value <= 100 ? 20
                                                         : pow(10, floor(log10(top_value)));
    top_value = step * ceil(top_value / step);
    double pw = W - left - right, ph = H - top - bottom;
#define X(t) (left + pw * ((t) - 1) / (BEER_WEEKS - 1))
#define Y(v) (top + ph * (1.0 - (v) / top_value))
    fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
               "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%g\" "
               "height=\"%g\" viewBox=\"0 0 %g %g\" font-family=\"sans-serif\" "
               "font-size=\"12\">\n",
            W, H, W, H);
    fprintf(f, "<title>The beer game: each role's orders, week by week "
               "(%s played by you, the others by the %s rule)</title>\n",
            beer_role_name(g->role), beer_partners_name(g->partners));
    fprintf(f, "<rect x=\"0\" y=\"0\" width=\"%g\" height=\"%g\" "
               "fill=\"white\"/>\n", W, H);
    for (double v = 0; v <= top_value + 1e-9; v += step)
        fprintf(f, "<line x1=\"%g\" y1=\"%.1f\" x2=\"%g\" y2=\"%.1f\" "
                   "stroke=\"#ddd\"/><text x=\"%g\" y=\"%.1f\" "
                   "text-anchor=\"end\">%g</text>\n",
                left, Y(v), left + pw, Y(v), left - 6, Y(v) + 4, v);
    for (int t = 1; t <= BEER_WEEKS; t += t == 1 ? 4 : 5)
        fprintf(f, "<text x=\"%.1f\" y=\"%g\" text-anchor=\"middle\">%d"
                   "</text>\n", X(t), top + ph + 16, t);
    fprintf(f, "<text x=\"%g\" y=\"%g\" text-anchor=\"middle\">week</text>\n",
            left + pw / 2, H - 6);
    fprintf(f, "<text x=\"%g\" y=\"18\">cases ordered a week</text>\n", left);
    if (weeks > 0) {
        fprintf(f, "<polyline class=\"customers\" fill=\"none\" "
                   "stroke=\"#888\" stroke-dasharray=\"4 3\" points=\"");
        for (int t = 1; t <= weeks; t++)
            fprintf(f, "%s%.1f,%.1f", t > 1 ? " " : "", X(t),
                    Y(beer_game_week(g, 0, t)->incoming));
        fprintf(f, "\"/>\n");
    }
    for (int r = 0; r < BEER_ROLES; r++) {
        fprintf(f, "<polyline class=\"series\" data-role=\"%s\" fill=\"none\" "
                   "stroke=\"%s\" stroke-width=\"%s\" points=\"",
                beer_role_name(r), colours[r], r == g->role ? "3" : "1.5");
        for (int t = 1; t <= weeks; t++)
            fprintf(f, "%s%.1f,%.1f", t > 1 ? " " : "", X(t),
                    Y(beer_game_week(g, r, t)->order));
        fprintf(f, "\"/>\n");
        double ly = top + 10 + 20 * r;
        fprintf(f, "<line x1=\"%g\" y1=\"%g\" x2=\"%g\" y2=\"%g\" "
                   "stroke=\"%s\" stroke-width=\"3\"/><text x=\"%g\" "
                   "y=\"%g\">%s%s</text>\n",
                left + pw + 10, ly, left + pw + 30, ly, colours[r],
                left + pw + 36, ly + 4, beer_role_name(r),
                r == g->role ? " (you)" : "");
    }
    double ly = top + 10 + 20 * BEER_ROLES;
    fprintf(f, "<line x1=\"%g\" y1=\"%g\" x2=\"%g\" y2=\"%g\" stroke=\"#888\" "
               "stroke-dasharray=\"4 3\"/><text x=\"%g\" y=\"%g\">customers"
               "</text>\n</svg>\n",
            left + pw + 10, ly, left + pw + 30, ly, left + pw + 36, ly + 4);
#undef X
#undef Y
}

int play_benchmark_costs(int weeks, double cost[BEER_ROLES])
{
    world_spec w;
    if (beer_game_spec(&w, BEER_BENCHMARK))
        return -1;
    board_week *rec = malloc(sizeof *rec * BEER_ROLES * BEER_WEEKS);
    double out[NETWORK_ROW_WIDTH(BEER_ROLES)];
    int rc = -1;
    if (rec && !network_board_run(&w, 1, 0, out, rec, BEER_WEEKS, NULL,
                                  NULL)) {
        for (int r = 0; r < BEER_ROLES; r++) {
            cost[r] = 0.0;
            for (int t = 1; t <= weeks && t <= BEER_WEEKS; t++)
                cost[r] += rec[r * BEER_WEEKS + t - 1].cost;
        }
        rc = 0;
    }
    free(rec);
    world_spec_free(&w);
    return rc;
}

static void put_numbers(FILE *f, const double *x, int n)
{
    fputc('[', f);
    for (int i = 0; i < n; i++)
        fprintf(f, "%s%.17g", i ? ", " : "", x[i]);
    fputc(']', f);
}

/* Plays `orders` into g; -1 with the reason in err. */
static int play_orders(beer_game *g, const char *orders, char *err,
                       size_t errlen)
{
    const char *p = orders ? orders : "";
    for (int i = 1;; i++) {
        while (*p == ' ' || *p == ',' || *p == '\n' || *p == '\t')
            p++;
        if (!*p)
            return 0;
        char *end;
        errno = 0;
        double x = strtod(p, &end);
        if (end == p || errno) {
            snprintf(err, errlen, "orders: item %d is not a number; "
                                  "expected whole numbers of cases", i);
            return -1;
        }
        char why[200];
        if (beer_game_order(g, x, why, sizeof why)) {
            snprintf(err, errlen, "orders: item %d (%g): %s", i, x, why);
            return -1;
        }
        p = end;
    }
}

char *play_json(const char *role, const char *partners, const char *orders,
                size_t *out_len)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return NULL;
    int r = beer_role_find(role), p = beer_partners_find(partners);
    char err[300] = "";
    beer_game *g = calloc(1, sizeof *g);
    if (!g)
        snprintf(err, sizeof err, "out of memory");
    else if (r < 0)
        snprintf(err, sizeof err, "role: '%s' is not a role; expected "
                                  "retailer, wholesaler, distributor or "
                                  "factory", role ? role : "");
    else if (p < 0)
        snprintf(err, sizeof err, "partners: '%s' is not a rule; expected "
                                  "sterman, benchmark or base_stock",
                 partners ? partners : "");
    else if (beer_game_start(g, r, (beer_partners)p))
        snprintf(err, sizeof err, "the board could not be set up");
    else
        play_orders(g, orders, err, sizeof err);
    if (*err) {
        fputs("{\"ok\": false, \"error\": ", f);
        json_put_string(f, err);
        fputs("}\n", f);
    } else {
        int done = beer_game_weeks_done(g);
        const beer_view *v = &g->view;
        fprintf(f, "{\"ok\": true, \"role\": \"%s\", \"partners\": \"%s\", "
                   "\"roles\": [\"retailer\", \"wholesaler\", "
                   "\"distributor\", \"factory\"], \"weeks\": %d, "
                   "\"fixed_weeks\": %d, \"week\": %d, \"over\": %s, "
                   "\"weeks_done\": %d,\n",
                beer_role_name(r), beer_partners_name((beer_partners)p),
                BEER_WEEKS, BEER_FIXED_WEEKS, v->week,
                beer_game_over(g) ? "true" : "false", done);
        fprintf(f, "\"view\": {\"on_hand\": %.17g, \"backlog\": %.17g, "
                   "\"incoming\": %.17g, \"received\": %.17g, "
                   "\"supply_line\": %.17g, \"cost_so_far\": %.17g},\n",
                v->on_hand, v->backlog, v->incoming, v->received,
                v->supply_line, v->cost_so_far);
        double x[BEER_WEEKS], bench[BEER_ROLES], costs[BEER_ROLES];
        fputs("\"orders\": [", f);
        for (int k = 0; k < BEER_ROLES; k++) {
            for (int t = 1; t <= done; t++)
                x[t - 1] = beer_game_week(g, k, t)->order;
            fputs(k ? ", " : "", f);
            put_numbers(f, x, done);
            costs[k] = beer_game_cost(g, k);
        }
        fputs("],\n\"customers\": ", f);
        for (int t = 1; t <= done; t++)
            x[t - 1] = beer_game_week(g, 0, t)->incoming;
        put_numbers(f, x, done);
        fputs(",\n\"costs\": ", f);
        put_numbers(f, costs, BEER_ROLES);
        fprintf(f, ", \"team_cost\": %.17g,\n", beer_game_cost(g, -1));
        if (play_benchmark_costs(done, bench))
            memset(bench, 0, sizeof bench);
        fputs("\"benchmark_costs\": ", f);
        put_numbers(f, bench, BEER_ROLES);
        fprintf(f, ", \"benchmark_team_cost\": %.17g, "
                   "\"benchmark_total\": %.17g,\n\"svg\": ",
                bench[0] + bench[1] + bench[2] + bench[3],
                BEER_BENCHMARK_COST);
        char *svg = NULL;
        size_t svg_len = 0;
        FILE *s = open_memstream(&svg, &svg_len);
        if (s) {
            play_svg(s, g);
            fclose(s);
        }
        json_put_string(f, svg ? svg : "");
        free(svg);
        fputs("}\n", f);
    }
    if (g)
        beer_game_free(g);
    free(g);
    if (fclose(f)) {
        free(buf);
        return NULL;
    }
    if (out_len)
        *out_len = len;
    return buf;
}
