/*
 * sweep_outputs.c - which files a sweep keeps (--outputs): the list read
 * and written back, its place in the sweep's identity, and what sweep.id
 * records of it.
 *
 * A sweep of thousands of points writes a replications.csv a hundred times
 * its summary.csv; an analyst who wants only the means and the winners
 * leaves it out. summary.csv is always kept: best.csv, winners.csv and the
 * report are made from it. Not the writing of the files (sweep.c) nor
 * their description (sweep_describe.c).
 */
#define _POSIX_C_SOURCE 200809L
#include "sweep.h"
#include "sweep_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    const char *name, *file;
    unsigned bit;
} outputs[] = {
    {"summary", "summary.csv", SWEEP_OUT_SUMMARY},
    {"replications", "replications.csv", SWEEP_OUT_REPLICATIONS},
    {"points", "points.csv", SWEEP_OUT_POINTS},
    {"best", "best.csv", SWEEP_OUT_BEST},
    {"winners", "winners.csv", SWEEP_OUT_WINNERS},
};
#define N_OUTPUTS (sizeof outputs / sizeof outputs[0])

static const char expected[] =
    "expected a comma-separated list of summary, replications, points, "
    "best, winners (or all), summary among them";

int sweep_parse_outputs(const char *spec, unsigned *result, char *err,
                        size_t errlen)
{
    unsigned set = 0;
    const char *p = spec;
    for (;;) {
        size_t n = strcspn(p, ",");
        unsigned bit = 0;
        if (n == 3 && !strncmp(p, "all", 3))
            bit = SWEEP_OUT_ALL;
        for (size_t i = 0; i < N_OUTPUTS && !bit; i++)
            if (strlen(outputs[i].name) == n &&
                !strncmp(p, outputs[i].name, n))
                bit = outputs[i].bit;
        if (!bit) {
            if (err && errlen)
                snprintf(err, errlen, "--outputs: %s '%.*s'; %s",
                         n ? "unknown file" : "an empty name in", (int)n, p,
                         expected);
            return -1;
        }
        set |= bit;
        if (p[n] == '\0')
            break;
        p += n + 1;
    }
    if (!(set & SWEEP_OUT_SUMMARY)) {
        if (err && errlen)
            snprintf(err, errlen, "--outputs: '%s' leaves out summary, "
                                  "from which best.csv, winners.csv and "
                                  "the report are made; %s",
                     spec, expected);
        return -1;
    }
    *result = set;
    return 0;
}

void sweep_outputs_text(unsigned set, char *buf, size_t len)
{
    size_t used = 0;
    if (len)
        buf[0] = '\0';
    for (size_t i = 0; i < N_OUTPUTS; i++)
        if (set & outputs[i].bit) {
            int w = snprintf(buf + used, len > used ? len - used : 0,
                             "%s%s", used ? "," : "", outputs[i].name);
            if (w > 0)
                used += (size_t)w;
        }
}

const char *sweep_output_file(unsigned bit)
{
    for (size_t i = 0; i < N_OUTPUTS; i++)
        if (outputs[i].bit == bit)
            return outputs[i].file;
    return NULL;
}

void sweep_plan_outputs(sweep_plan *plan, unsigned set)
{
    plan->outputs = set;
    if (set == SWEEP_OUT_ALL)
        return; /* the identity of every sweep made before --outputs */
    /* FNV-1a over the set, on top of the identity. */
    uint64_t h = plan->identity;
    for (size_t i = 0; i < sizeof set; i++) {
        h ^= (set >> (8 * i)) & 0xFFu;
        h *= UINT64_C(0x100000001B3);
    }
    plan->identity = h;
}

int sweep_recorded_outputs(const char *dir, unsigned *set, char *err,
                           size_t errlen)
{
    sweep_id *id = malloc(sizeof *id);
    if (!id) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    int rc = sweep_id_read(dir, id, err, errlen);
    if (rc == 0)
        *set = id->outputs;
    free(id);
    return rc;
}

int sweep_writes_replications(unsigned set)
{
    return (set & (SWEEP_OUT_REPLICATIONS | SWEEP_OUT_WINNERS)) != 0;
}

int sweep_outputs_finish(const char *dir, unsigned set, char *err,
                         size_t errlen)
{
    if (set & SWEEP_OUT_REPLICATIONS)
        return 0;
    char path[4200];
    sweep_path_in(path, sizeof path, dir, "replications.csv");
    if (remove(path) != 0 && errno != ENOENT) {
        snprintf(err, errlen, "%s: cannot remove (%s)", path,
                 strerror(errno));
        return -1;
    }
    return 0;
}
