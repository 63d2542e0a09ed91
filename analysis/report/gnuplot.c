/*
 * gnuplot.c - gnuplot: the parts every chart's script shares (its top,
 * which draws the chart once as SVG and once as PNG, the policies'
 * colours, its end), writing a chart's NAME.dat and NAME.gp, finding
 * gnuplot on PATH and running it.
 *
 * gnuplot is run as a program, one process per chart, in DIR/charts, with
 * `out` set to a temporary name; its SVG and PNG are renamed when both are
 * complete.
 *
 * Not the charts themselves (charts_*.c) nor the page (html.c).
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "analysis/report/internal.h"

static int file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

int report_find_program(const char *name, char *path, size_t len)
{
    if (strchr(name, '/')) {
        if (access(name, X_OK) != 0)
            return -1;
        snprintf(path, len, "%s", name);
        return 0;
    }
    const char *env = getenv("PATH");
    if (!env || !*env)
        return -1;
    for (const char *p = env;;) {
        const char *colon = strchr(p, ':');
        size_t n = colon ? (size_t)(colon - p) : strlen(p);
        /* An empty PATH entry is the current directory. */
        int w = n ? snprintf(path, len, "%.*s/%s", (int)n, p, name)
                  : snprintf(path, len, "./%s", name);
        struct stat st;
        if (w > 0 && (size_t)w < len && stat(path, &st) == 0 &&
            S_ISREG(st.st_mode) && access(path, X_OK) == 0)
            return 0;
        if (!colon)
            break;
        p = colon + 1;
    }
    return -1;
}

/* Okabe-Ito: tells policies apart for colour-blind readers and on a
 * washed-out projector (yellow left out: invisible on white). Seven
 * colours; past seven policies the colours come round again with a
 * dashed line and a square point, past fourteen dash-dot and a triangle:
 * no two of the first twenty-one policies share colour and dash, or
 * colour and point. */
static const char *const policy_colours[] = {
    "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9",
    "#000000"};
#define N_COLOURS (sizeof policy_colours / sizeof policy_colours[0])
static const int policy_dashes[] = {1, 2, 4};
static const int policy_points[] = {7, 5, 9};

const char *gp_colour(size_t i)
{
    return policy_colours[i % N_COLOURS];
}

int gp_dash(size_t i)
{
    return policy_dashes[(i / N_COLOURS) % 3];
}

int gp_point(size_t i)
{
    return policy_points[(i / N_COLOURS) % 3];
}

int gp_pattern(size_t i)
{
    static const int patterns[] = {0, 4, 5};
    return patterns[(i / N_COLOURS) % 3];
}

/* The top of every script: what it draws, from what, how to re-run it. */
void gp_begin(sbuf *g, const char *name, const char *title,
              const char *source, const canvas *c)
{
    int w = (int)lround(c->w), h = (int)lround(c->h);
    sb_printf(g, "# %s.gp - ", name);
    sb_line(g, title);
    sb_printf(g,
              "\n"
              "#\n"
              "# Written by `jitsim report` from %s.dat (%s).\n"
              "# To restyle: edit this file, then run `gnuplot %s.gp` in "
              "this directory;\n"
              "# it writes %s.svg and %s.png (PNG with pngcairo when "
              "available).\n"
              "if (!exists(\"out\")) out = '%s'\n"
              "fontname = 'Helvetica'\n"
              "do for [fmt in \"svg png\"] {\n"
              "if (fmt eq \"svg\") {\n"
              "    set terminal svg size %d,%d font fontname.',16' "
              "noenhanced background '#ffffff'\n"
              "} else {\n"
              "    if (strstrt(GPVAL_TERMINALS, 'pngcairo') > 0) {\n"
              "        set terminal pngcairo size %d,%d font "
              "fontname.',15' noenhanced background '#ffffff'\n"
              "    } else {\n"
              "        set terminal png size %d,%d noenhanced "
              "background '#ffffff'\n"
              "    }\n"
              "}\n"
              "set output out.'.'.fmt\n"
              "# The chart: everything from here to `set output` is drawn "
              "once per format.\n"
              "reset\n"
              "set border 3 lw 1.5\n"
              "set tics nomirror\n"
              "set grid ytics lc rgb '#dddddd' lw 1\n"
              "set key outside right top vertical noautotitle\n",
              name, source, name, name, name, name, w, h, w * 4 / 3,
              h * 4 / 3, w * 4 / 3, h * 4 / 3);
}

void gp_end(sbuf *g)
{
    sb_puts(g, "set output\n}\n");
}

void gp_linetypes(sbuf *g, const report *r)
{
    for (size_t p = 0; p < r->n_policies; p++)
        sb_printf(g, "set linetype %zu lc rgb '%s' lw 2.5 dt %d pt %d "
                     "ps 1.4\n",
                  p + 1, gp_colour(p), gp_dash(p), gp_point(p));
}

/* Writes NAME.dat and NAME.gp into the charts directory. */
int gp_write(report *r, const char *name, const sbuf *dat, const sbuf *gp)
{
    char file[300];
    snprintf(file, sizeof file, "%s.dat", name);
    if (sb_write_file(r->charts_dir, file, dat, r->err, r->errlen))
        return -1;
    snprintf(file, sizeof file, "%s.gp", name);
    return sb_write_file(r->charts_dir, file, gp, r->err, r->errlen);
}

static void remove_in(const char *dir, const char *name)
{
    char path[PATH_BUF];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    remove(path);
}

/* Runs `gnuplot -e "out='.NAME.tmp'" NAME.gp` in the charts directory and
 * renames its SVG and PNG. 0, or -1 with gnuplot's first complaint. */
int gp_draw(report *r, const char *gnuplot, chart *c)
{
    char out_arg[300], script[300], log_name[300];
    snprintf(out_arg, sizeof out_arg, "out='.%s.tmp'", c->name);
    snprintf(script, sizeof script, "%s.gp", c->name);
    snprintf(log_name, sizeof log_name, ".%s.log", c->name);
    pid_t pid = fork();
    if (pid < 0) {
        snprintf(r->err, r->errlen, "cannot start gnuplot (%s)",
                 strerror(errno));
        return -1;
    }
    if (pid == 0) {
        /* The child: only async-signal-safe calls until exec. */
        if (chdir(r->charts_dir) != 0)
            _exit(126);
        int log = open(log_name, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int null = open("/dev/null", O_RDONLY);
        if (log >= 0) {
            dup2(log, 1);
            dup2(log, 2);
        }
        if (null >= 0)
            dup2(null, 0);
        char *argv[] = {(char *)"gnuplot", (char *)"-e", out_arg, script,
                        NULL};
        execv(gnuplot, argv);
        _exit(127);
    }
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) {
            status = -1;
            break;
        }
    char tmp_svg[300], tmp_png[300];
    snprintf(tmp_svg, sizeof tmp_svg, ".%s.tmp.svg", c->name);
    snprintf(tmp_png, sizeof tmp_png, ".%s.tmp.png", c->name);
    char a[PATH_BUF], b[PATH_BUF];
    int ok = status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0;
    snprintf(a, sizeof a, "%s/%s", r->charts_dir, tmp_svg);
    ok = ok && file_exists(a);
    snprintf(a, sizeof a, "%s/%s", r->charts_dir, tmp_png);
    ok = ok && file_exists(a);
    if (!ok) {
        char why[300] = "";
        snprintf(a, sizeof a, "%s/%s", r->charts_dir, log_name);
        FILE *f = fopen(a, "r");
        if (f) {
            /* gnuplot's message: the last non-empty line of its output. */
            char line[300];
            while (fgets(line, sizeof line, f))
                if (line[0] != '\n' && line[0] != '\r' && line[0] != ' ') {
                    line[strcspn(line, "\r\n")] = '\0';
                    snprintf(why, sizeof why, "%s", line);
                }
            fclose(f);
        }
        snprintf(r->err, r->errlen, "gnuplot failed on %s/%s%s%s; run "
                                    "`gnuplot %s` there to see why",
                 r->charts_dir, script, why[0] ? ": " : "", why, script);
        remove_in(r->charts_dir, tmp_svg);
        remove_in(r->charts_dir, tmp_png);
        remove_in(r->charts_dir, log_name);
        return -1;
    }
    remove_in(r->charts_dir, log_name);
    const char *tmps[] = {tmp_svg, tmp_png};
    const char *exts[] = {"svg", "png"};
    for (int i = 0; i < 2; i++) {
        snprintf(a, sizeof a, "%s/%s", r->charts_dir, tmps[i]);
        snprintf(b, sizeof b, "%s/%s.%s", r->charts_dir, c->name, exts[i]);
        if (rename(a, b) != 0) {
            snprintf(r->err, r->errlen, "%s: cannot write (%s)", b,
                     strerror(errno));
            remove(a);
            return -1;
        }
    }
    c->drawn = 1;
    return 0;
}
