/*
 * twavg.h - time-weighted average of a piecewise-constant quantity.
 *
 * For quantities that hold a level between events (on hand, backorders,
 * pipeline, number in system): the integral of the level over time, divided
 * by the length of the observed window. Call twavg_set at every change,
 * twavg_reset at the end of the warm-up (the area restarts, the level is
 * kept) and twavg_close at the horizon. It also tracks the fraction of time
 * the level was positive (a "ready rate" for on-hand stock) and the extremes
 * over the window. Allocates nothing; lives in sim/ for the reason given in
 * tally.h.
 */
#ifndef JITSIM_TWAVG_H
#define JITSIM_TWAVG_H

typedef struct twavg {
    double t_start;   /* start of the observed window */
    double t_last;    /* time of the last change */
    double level;     /* current level */
    double area;      /* integral of level over [t_start, t_last] */
    double positive;  /* time with level > 0 over [t_start, t_last] */
    double min;
    double max;
} twavg;

/* Starts at time t with the given level. */
void twavg_init(twavg *w, double t, double level);

/* The level changes to `level` at time t (t >= the last change). */
void twavg_set(twavg *w, double t, double level);

/* Adds `delta` to the level at time t. */
void twavg_add(twavg *w, double t, double delta);

/* Starts the observed window afresh at time t, keeping the current level. */
void twavg_reset(twavg *w, double t);

/* Accounts the current level up to time t (the horizon). */
void twavg_close(twavg *w, double t);

/* Over [t_start, t_last]: integral / length, the fraction of time the level
 * was > 0, and the integral itself. A window of zero length gives the
 * current level and its positivity. */
double twavg_mean(const twavg *w);
double twavg_positive_fraction(const twavg *w);
double twavg_area(const twavg *w);
double twavg_level(const twavg *w);

#endif
