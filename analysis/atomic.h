/*
 * atomic.h - writing an output file so that it is never seen half-written.
 *
 * The content goes to a temporary file beside the final one, which is
 * renamed over it only when everything was written and closed. A failed or
 * interrupted write leaves the old file (or none), never a partial one.
 * The file gets the usual permissions of a created file (0666 less the
 * umask), not mkstemp's private 0600: outputs are meant to be shared.
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

#endif
