/*
 * atomic.h - writing outputs so that they are never seen half-written:
 * one file (atomic_write), or a set of files that replaces the previous
 * set in a directory all together or not at all (output_set).
 *
 * A file's content goes to a temporary file, renamed over the final one
 * only when everything was written and closed. A set is written whole into
 * a staging directory inside the output directory (same file system, so
 * putting it in place is renames only, which need no space): a write that
 * fails (a full disk, a quota) leaves the previous set untouched. Files get
 * the usual permissions of a created file (0666 less the umask), not
 * mkstemp's private 0600: outputs are meant to be shared.
 *
 * A process killed while it puts a set in place (between the first rename
 * and the last) leaves the directory marked by OUTPUT_SET_INCOMPLETE:
 * readers refuse it (output_set_incomplete) until a run completes a set
 * there. Staging directories carry their host and process id; one whose
 * process is gone is removed by the next set begun in the directory.
 *
 * Not a lock: two processes writing one set at once each put a complete
 * set in place, the last one wins (sweeps lock their directory, sweep.h).
 */
#ifndef JITSIM_ATOMIC_H
#define JITSIM_ATOMIC_H

#include <stddef.h>
#include <stdio.h>

/* Writes dir/name: `fill` writes the content to f and returns 0 or -1.
 * 0, or -1 with "PATH: cannot write (why)" in err. */
int atomic_write(const char *dir, const char *name,
                 int (*fill)(FILE *f, void *ctx), void *ctx, char *err,
                 size_t errlen);

/* Makes sure dir is a directory, creating it if it does not exist. 0, or
 * -1 with "what; what is expected" in err. */
int output_dir_make(const char *dir, char *err, size_t errlen);

#define OUTPUT_SET_MAX 16
#define OUTPUT_SET_INCOMPLETE ".jitsim-incomplete"

/* Whether dir holds a set that a killed process left half in place. */
int output_set_incomplete(const char *dir);

typedef struct output_set {
    char dir[4096];
    char staging[4400]; /* dir/.jitsim-staging.HOST.PID.XXXXXX; "" when
                           none */
    size_t n;
    char names[OUTPUT_SET_MAX][64]; /* written so far, in order */
} output_set;

/* Checks dir (a directory, or one that can be created: it is created) and
 * that none of `names` (every name the set may hold) is taken by a
 * directory, then makes the staging directory. Done before a long
 * computation so that a bad -o fails at once. 0, or -1 with "what; what
 * is expected" in err. */
int output_set_begin(output_set *s, const char *dir, const char *const *names,
                     size_t n_names, char *err, size_t errlen);

/* Writes one file of the set into the staging directory. 0, or -1 with
 * "DIR/NAME: cannot write (why)" in err. */
int output_set_write(output_set *s, const char *name,
                     int (*fill)(FILE *f, void *ctx), void *ctx, char *err,
                     size_t errlen);

/* Marks the directory incomplete, puts the written files in place, in the
 * order written (write the file that describes the set, meta.json, last),
 * removes each of `stale` (the names an earlier set may have left) that
 * this set did not write, then the mark and the staging directory. 0, or
 * -1 with a message. */
int output_set_commit(output_set *s, const char *const *stale,
                      size_t n_stale, char *err, size_t errlen);

/* Removes the staging directory and what it holds; the directory's
 * previous files are untouched. Safe to call after a commit or twice. */
void output_set_abort(output_set *s);

#endif
