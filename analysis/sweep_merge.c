/*
 * sweep_merge.c - `jitsim merge`: the shards of one sweep joined into the
 * files one process would have written, after checking that they are the
 * shards of one sweep, each once, all present, each finished by its
 * journal. Each shard's rows are read up to its journal's last record only
 * (what follows is a point being written when it stopped).
 *
 * The merged files are one set (atomic.h): staged, then put in place with
 * the journal last, so a merge that fails leaves no completion record and
 * the output directory as it was. Not the lock of the output directory
 * (the command takes it, dirlock.h) nor the best-point search.
 */
#define _XOPEN_SOURCE 700
#include "sweep.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "analysis/atomic.h"

static int fail(char *err, size_t errlen, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static int fail(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return -1;
}

static const char *const merged_names[] = {
    "summary.csv", "replications.csv", "points.csv", "sweep.id", "journal"};
/* What an earlier output in OUT may hold that a merge does not rewrite
 * (best.csv and winners.csv are written after the merge). */
static const char *const stale_names[] = {
    "best.csv",  "winners.csv",      "report.html",
    "meta.json", "scenario.yaml",    "replications.csv",
    "points.csv"};
#define N_STALE (sizeof stale_names / sizeof stale_names[0])
/* What describes the sweep: the same in every shard (the grid as a whole,
 * not the shard), copied from the first when it has them. */
static const char *const described_names[] = {"scenario.yaml", "meta.json"};

typedef struct shard_info {
    unsigned long long identity, points;
    int k, n;          /* 0/0: not a shard */
    uint64_t done;     /* points the journal records */
    long offsets[3];   /* the files' sizes after them */
    char search[1024]; /* its objective and constraint lines */
    unsigned outputs;  /* SWEEP_OUT_*: the files the sweep keeps */
} shard_info;

/* Whether the shards wrote merged_names[file] (summary.csv always;
 * replications.csv while the winners need it; points.csv when kept). */
static int shard_wrote(unsigned outputs, int file)
{
    return file == 0   ? 1
           : file == 1 ? sweep_writes_replications(outputs)
                       : (outputs & SWEEP_OUT_POINTS) != 0;
}

static int read_shard(const char *dir, shard_info *s, char *err,
                      size_t errlen)
{
    memset(s, 0, sizeof *s);
    s->outputs = SWEEP_OUT_ALL;
    char path[4200], line[512];
    snprintf(path, sizeof path, "%s/sweep.id", dir);
    FILE *f = fopen(path, "r");
    if (!f)
        return fail(err, errlen, "%s: no sweep.id; expected the output "
                                 "directory of a sweep shard",
                    dir);
    while (fgets(line, sizeof line, f)) {
        sscanf(line, "identity %llx", &s->identity);
        sscanf(line, "points %llu", &s->points);
        sscanf(line, "shard %d/%d", &s->k, &s->n);
        if (!strncmp(line, "outputs ", 8)) {
            line[strcspn(line, "\n")] = '\0';
            if (sweep_parse_outputs(line + 8, &s->outputs, NULL, 0) != 0) {
                fclose(f);
                return fail(err, errlen, "%s: outputs '%s'; expected the "
                                         "files of --outputs",
                            path, line + 8);
            }
        }
        size_t used = strlen(s->search);
        if ((!strncmp(line, "objective ", 10) ||
             !strncmp(line, "constraint ", 11)) &&
            used < sizeof s->search)
            snprintf(s->search + used, sizeof s->search - used, "%s", line);
    }
    fclose(f);
    if (!sweep_read_journal(dir, &s->done, s->offsets))
        s->done = 0;
    return 0;
}

/* The points of shard k of n among `points`: those with p % n == k - 1. */
static uint64_t shard_points(unsigned long long points, int k, int n)
{
    return points / (unsigned)n + ((unsigned)(k - 1) < points % (unsigned)n);
}

/* The point of a CSV line: its first field, in each of the merged files
 * (summary.csv, replications.csv, points.csv). */
static long long line_point(const char *line)
{
    char *end;
    long long v = strtoll(line, &end, 10);
    return end == line ? -1 : v;
}

/* A shard's file read line by line up to its journal's offset. */
typedef struct line_reader {
    FILE *f;
    char *line;
    size_t cap;
    ssize_t len;   /* -1: at the end */
    long left;     /* bytes before the journal's offset */
} line_reader;

static ssize_t next_line(line_reader *r)
{
    r->len = r->left > 0 ? getline(&r->line, &r->cap, r->f) : -1;
    if (r->len > r->left)
        r->len = -1; /* a line past the record: not the shard's yet */
    if (r->len > 0)
        r->left -= r->len;
    return r->len;
}

typedef struct merge_job {
    const char *const *dirs;
    size_t n_dirs;
    const shard_info *info;
    const size_t *of_shard; /* [k - 1]: the directory of shard k */
    unsigned long long points;
    int file;               /* 0..2: which of the CSV files */
    long sizes[3];          /* the merged files' sizes */
    char why[600];          /* a reason besides a write error */
} merge_job;

static int fill_merged(FILE *dst, void *ctx)
{
    merge_job *job = ctx;
    const char *name = merged_names[job->file];
    line_reader *in = calloc(job->n_dirs, sizeof *in);
    int rc = in ? 0 : -1;
    for (size_t i = 0; rc == 0 && i < job->n_dirs; i++) {
        char src[4200];
        snprintf(src, sizeof src, "%s/%s", job->dirs[i], name);
        in[i].f = fopen(src, "r");
        in[i].left = job->info[i].offsets[job->file];
        if (!in[i].f || next_line(&in[i]) < 0) {
            snprintf(job->why, sizeof job->why, "%s/%s: missing or empty; "
                                                "expected the shard's file",
                     job->dirs[i], name);
            rc = -1;
            break;
        }
        if (i == 0)
            fwrite(in[i].line, 1, (size_t)in[i].len, dst);
        next_line(&in[i]); /* the first data line */
    }
    int n = job->info[0].n;
    for (unsigned long long p = 0; p < job->points && rc == 0; p++) {
        size_t o = job->of_shard[p % (unsigned)n];
        line_reader *r = &in[o];
        if (r->len <= 0 || line_point(r->line) != (long long)p) {
            snprintf(job->why, sizeof job->why,
                     "%s/%s: no rows of point %llu before the journal's "
                     "last record; expected the files the sweep wrote (run "
                     "shard %d/%d again)",
                     job->dirs[o], name, p, job->info[o].k, n);
            rc = -1;
            break;
        }
        while (r->len > 0 && line_point(r->line) == (long long)p) {
            fwrite(r->line, 1, (size_t)r->len, dst);
            next_line(r);
        }
    }
    for (size_t i = 0; in && i < job->n_dirs; i++) {
        if (in[i].f)
            fclose(in[i].f);
        free(in[i].line);
    }
    free(in);
    if (fflush(dst) != 0 || ferror(dst))
        rc = -1;
    job->sizes[job->file] = ftell(dst);
    return rc;
}

static int fill_id(FILE *dst, void *ctx)
{
    /* The shards' sweep.id is the whole sweep's, less its shard line. */
    const char *from = ctx;
    char path[4200], line[512];
    snprintf(path, sizeof path, "%s/sweep.id", from);
    FILE *src = fopen(path, "r");
    if (!src)
        return -1;
    while (fgets(line, sizeof line, src))
        if (strncmp(line, "shard ", 6) != 0)
            fputs(line, dst);
    fclose(src);
    return ferror(dst) ? -1 : 0;
}

/* A file copied byte for byte. */
static int fill_copy(FILE *dst, void *ctx)
{
    FILE *src = fopen((const char *)ctx, "rb");
    if (!src)
        return -1;
    char buf[8192];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, src)) > 0)
        if (fwrite(buf, 1, n, dst) != n)
            break;
    int bad = ferror(src) || ferror(dst);
    fclose(src);
    return bad ? -1 : 0;
}

/* A shard's meta.json as the whole sweep's: the same but for its files,
 * the outputs the whole sweep keeps (best.csv and winners.csv as chosen,
 * replications.csv only when kept) in sweep_describe's order, then the
 * shard's other files. */
typedef struct meta_copy {
    const char *path;
    unsigned outputs;
} meta_copy;

static int is_output_file(const char *name, size_t len)
{
    for (unsigned bit = SWEEP_OUT_SUMMARY; bit <= SWEEP_OUT_WINNERS;
         bit <<= 1) {
        const char *f = sweep_output_file(bit);
        if (strlen(f) == len && !memcmp(f, name, len))
            return 1;
    }
    return 0;
}

static void put_files(FILE *dst, const char *list, unsigned outputs)
{
    const char *sep = "";
    for (unsigned bit = SWEEP_OUT_SUMMARY; bit <= SWEEP_OUT_WINNERS;
         bit <<= 1)
        if (outputs & bit) {
            fprintf(dst, "%s\"%s\"", sep, sweep_output_file(bit));
            sep = ", ";
        }
    /* The shard's entries: "name" separated by ", ", up to the ']'. */
    for (const char *p = list; *p == '"';) {
        const char *end = strchr(p + 1, '"');
        if (!end)
            break;
        if (!is_output_file(p + 1, (size_t)(end - p - 1))) {
            fprintf(dst, "%s%.*s", sep, (int)(end + 1 - p), p);
            sep = ", ";
        }
        p = end + 1;
        if (!strncmp(p, ", ", 2))
            p += 2;
    }
}

static int fill_meta(FILE *dst, void *ctx)
{
    const meta_copy *m = ctx;
    FILE *src = fopen(m->path, "r");
    if (!src)
        return -1;
    static const char files_key[] = " \"files\": [";
    char line[8192];
    while (fgets(line, sizeof line, src)) {
        const char *close = strncmp(line, files_key, sizeof files_key - 1)
                                ? NULL
                                : strchr(line, ']');
        if (close) {
            fputs(files_key, dst);
            put_files(dst, line + sizeof files_key - 1, m->outputs);
            fputs(close, dst);
        } else {
            fputs(line, dst);
        }
    }
    int bad = ferror(src) || ferror(dst);
    fclose(src);
    return bad ? -1 : 0;
}

static int fill_journal(FILE *dst, void *ctx)
{
    const merge_job *job = ctx;
    fprintf(dst, "%llu %ld %ld %ld\n", job->points, job->sizes[0],
            job->sizes[1], job->sizes[2]);
    return ferror(dst) ? -1 : 0;
}

/* Every check before anything is written: one sweep, each shard once, all
 * there, each finished; of_shard filled. */
static int check_shards(const char *out, const char *const *dirs,
                        size_t n_dirs, const shard_info *info,
                        size_t *of_shard, char *err, size_t errlen)
{
    char out_real[PATH_MAX], real[PATH_MAX];
    int have_out = realpath(out, out_real) != NULL;
    for (size_t i = 0; i < n_dirs; i++) {
        if (info[i].n == 0)
            return fail(err, errlen, "%s holds a whole sweep (run without "
                                     "--shard), not a shard; expected only "
                                     "the directories of `jitsim sweep "
                                     "--shard K/N` (a whole sweep needs no "
                                     "merge)",
                        dirs[i]);
        if (info[i].identity != info[0].identity ||
            info[i].points != info[0].points)
            return fail(err, errlen, "%s is a shard of another sweep than "
                                     "%s; expected the shards of one sweep",
                        dirs[i], dirs[0]);
        if (info[i].outputs != info[0].outputs)
            return fail(err, errlen, "%s and %s keep other files "
                                     "(--outputs); expected the same for "
                                     "every shard",
                        dirs[i], dirs[0]);
        if (strcmp(info[i].search, info[0].search) != 0)
            return fail(err, errlen, "%s and %s were searched with another "
                                     "--objective or --constraint; expected "
                                     "the same for every shard (resume one "
                                     "with the other's options)",
                        dirs[i], dirs[0]);
        if (info[i].n != info[0].n)
            return fail(err, errlen, "%s is shard %d/%d but %s is shard "
                                     "%d/%d; expected the shards of one "
                                     "split",
                        dirs[i], info[i].k, info[i].n, dirs[0], info[0].k,
                        info[0].n);
        if (have_out && realpath(dirs[i], real) && !strcmp(real, out_real))
            return fail(err, errlen, "%s is both a shard and the output; "
                                     "expected another directory for -o",
                        out);
    }
    int n = info[0].n;
    if (n < 1 || n > 1000000)
        return fail(err, errlen, "%s/sweep.id: shard %d/%d; expected "
                                 "K/N with 1 <= K <= N",
                    dirs[0], info[0].k, n);
    for (int k = 0; k < n; k++)
        of_shard[k] = n_dirs;
    for (size_t i = 0; i < n_dirs; i++) {
        int k = info[i].k;
        if (k < 1 || k > n)
            return fail(err, errlen, "%s/sweep.id: shard %d/%d; expected "
                                     "K/N with 1 <= K <= N",
                        dirs[i], k, n);
        if (of_shard[k - 1] != n_dirs)
            return fail(err, errlen, "%s and %s are both shard %d/%d; "
                                     "expected each shard once",
                        dirs[of_shard[k - 1]], dirs[i], k, n);
        of_shard[k - 1] = i;
    }
    for (int k = 1; k <= n; k++)
        if (of_shard[k - 1] == n_dirs)
            return fail(err, errlen, "shard %d/%d is missing; expected the "
                                     "directories of all %d shards",
                        k, n, n);
    for (size_t i = 0; i < n_dirs; i++) {
        uint64_t want = shard_points(info[i].points, info[i].k, n);
        if (info[i].done < want)
            return fail(err, errlen, "%s: shard %d/%d finished %llu of its "
                                     "%llu points; expected every shard "
                                     "finished: resume it (jitsim sweep "
                                     "... --shard %d/%d --resume -o %s)",
                        dirs[i], info[i].k, n,
                        (unsigned long long)info[i].done,
                        (unsigned long long)want, info[i].k, n, dirs[i]);
        for (int f = 0; f < 3; f++) {
            char path[4200];
            struct stat st;
            if (!shard_wrote(info[i].outputs, f))
                continue;
            snprintf(path, sizeof path, "%s/%s", dirs[i], merged_names[f]);
            if (stat(path, &st) != 0 || st.st_size < info[i].offsets[f])
                return fail(err, errlen, "%s: shorter than its journal "
                                         "records (%ld bytes); expected the "
                                         "file the sweep wrote (run shard "
                                         "%d/%d again)",
                            path, info[i].offsets[f], info[i].k, n);
        }
    }
    return 0;
}

int sweep_merge(const char *out, const char *const *dirs, size_t n_dirs,
                char *err, size_t errlen)
{
    if (n_dirs == 0)
        return fail(err, errlen, "no shard directory given");
    shard_info *info = calloc(n_dirs, sizeof *info);
    size_t *of_shard = NULL;
    int rc = info ? 0 : fail(err, errlen, "out of memory");
    for (size_t i = 0; rc == 0 && i < n_dirs; i++)
        rc = read_shard(dirs[i], &info[i], err, errlen);
    if (rc == 0 && info[0].n > 0 && info[0].n <= 1000000) {
        of_shard = calloc((size_t)info[0].n, sizeof *of_shard);
        if (!of_shard)
            rc = fail(err, errlen, "out of memory");
    }
    if (rc == 0)
        rc = check_shards(out, dirs, n_dirs, info, of_shard, err, errlen);
    output_set set;
    if (rc == 0)
        rc = output_set_begin(&set, out, merged_names, 5, err, errlen);
    if (rc == 0) {
        merge_job job;
        memset(&job, 0, sizeof job);
        job.dirs = dirs;
        job.n_dirs = n_dirs;
        job.info = info;
        job.of_shard = of_shard;
        job.points = info[0].points;
        for (job.file = 0; rc == 0 && job.file < 3; job.file++)
            if (shard_wrote(info[0].outputs, job.file) &&
                output_set_write(&set, merged_names[job.file], fill_merged,
                                 &job, err, errlen)) {
                if (job.why[0])
                    snprintf(err, errlen, "%s", job.why);
                rc = -1;
            }
        if (rc == 0)
            rc = output_set_write(&set, "sweep.id", fill_id,
                                  (void *)dirs[0], err, errlen);
        for (size_t d = 0; rc == 0 && d < 2; d++) {
            char path[4200];
            snprintf(path, sizeof path, "%s/%s", dirs[0],
                     described_names[d]);
            meta_copy meta = {path, info[0].outputs};
            if (access(path, R_OK) == 0)
                rc = output_set_write(&set, described_names[d],
                                      d == 0 ? fill_copy : fill_meta,
                                      d == 0 ? (void *)path : (void *)&meta,
                                      err, errlen);
        }
        if (rc == 0)
            rc = output_set_write(&set, "journal", fill_journal, &job, err,
                                  errlen);
        if (rc != 0) {
            output_set_abort(&set);
        } else {
            /* An earlier output's journal goes first: until the new one is
             * in place, nothing claims the directory complete. */
            char path[4200];
            snprintf(path, sizeof path, "%s/journal", out);
            remove(path);
            rc = output_set_commit(&set, stale_names, N_STALE, err, errlen);
        }
    }
    free(of_shard);
    free(info);
    return rc;
}
