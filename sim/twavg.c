/*
 * twavg.c - time-weighted averages.
 */
#include "twavg.h"

#include "check.h"

void twavg_init(twavg *w, double t, double level)
{
    *w = (twavg){t, t, level, 0.0, 0.0, level, level};
}

static void advance(twavg *w, double t)
{
    double dt = t - w->t_last;
    JS_CHECK(dt >= 0.0, "time-weighted average updated at %.17g after %.17g",
             t, w->t_last);
    w->area += w->level * dt;
    if (w->level > 0.0)
        w->positive += dt;
    w->t_last = t;
}

void twavg_set(twavg *w, double t, double level)
{
    advance(w, t);
    w->level = level;
    if (level < w->min)
        w->min = level;
    if (level > w->max)
        w->max = level;
}

void twavg_add(twavg *w, double t, double delta)
{
    twavg_set(w, t, w->level + delta);
}

void twavg_reset(twavg *w, double t)
{
    advance(w, t);
    w->t_start = t;
    w->area = 0.0;
    w->positive = 0.0;
    w->min = w->max = w->level;
}

void twavg_close(twavg *w, double t)
{
    advance(w, t);
}

double twavg_mean(const twavg *w)
{
    double span = w->t_last - w->t_start;
    return span > 0.0 ? w->area / span : w->level;
}

double twavg_positive_fraction(const twavg *w)
{
    double span = w->t_last - w->t_start;
    if (span > 0.0)
        return w->positive / span;
    return w->level > 0.0 ? 1.0 : 0.0;
}

double twavg_area(const twavg *w)
{
    return w->area;
}

double twavg_level(const twavg *w)
{
    return w->level;
}
