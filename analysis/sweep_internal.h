/*
 * sweep_internal.h - what the files of the sweep module share (sweep.c,
 * sweep_best.c, sweep_winners.c, sweep_merge.c): parsing a number, a path
 * in a directory, a constraint judged, and sweep.id read back (the axes,
 * which hold names, the recorded search). Not installed: the interface is
 * sweep.h.
 */
#ifndef JITSIM_SWEEP_INTERNAL_H
#define JITSIM_SWEEP_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "analysis/sweep.h"

/* A whole number text[0..len) as a finite double: 0, or -1. */
int sweep_parse_double(const char *text, size_t len, double *out);
/* dir/name into out. */
void sweep_path_in(char *out, size_t len, const char *dir, const char *name);
/* Whether a mean x meets a constraint. */
int sweep_meets(const sweep_constraint *c, double x);
/* A constraint as text that sweep_parse_constraint reads back exactly. */
void sweep_constraint_text(const sweep_constraint *c, char *buf, size_t len);

/* sweep.id read back. */
typedef struct sweep_id {
    size_t n_axes;
    char names[SWEEP_AXES_MAX][256];
    uint64_t sizes[SWEEP_AXES_MAX];
    int categorical[SWEEP_AXES_MAX]; /* the axis holds names */
    int has_search;                  /* an objective line */
    char objective[METRIC_NAME_MAX];
    size_t n_constraints;
    sweep_constraint constraints[SWEEP_CONSTRAINTS_MAX];
    unsigned outputs; /* SWEEP_OUT_*: all unless an outputs line says */
} sweep_id;

/* Reads dir/sweep.id. 0, or -1 with a message. */
int sweep_id_read(const char *dir, sweep_id *id, char *err, size_t errlen);

/* Whether a swept parameter belongs to a policy ("policies.NAME...."), and
 * to this one. */
int sweep_is_policy_param(const char *name);
int sweep_is_own_param(const char *name, const char *policy);

/* A cell of an axis value as read (text) written back to a CSV file:
 * verbatim for a number, quoted for a name. */
void sweep_put_cell(FILE *f, const char *text, int categorical);

#endif
