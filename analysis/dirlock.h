/*
 * dirlock.h - one writer at a time for an output directory that is written
 * over a long time (a sweep's): an exclusive lock on DIR/lock, held for the
 * writer's lifetime, with the holder's pid and host written in the file so
 * that a second writer is refused at once with a message naming them.
 *
 * The lock is a POSIX record lock (fcntl), released by the system when
 * the holder exits in any way, kill -9 included: a stale lock file never
 * blocks anyone. It works on NFS with a lock daemon (lockd), as clusters
 * have. Not a lock between threads of one process.
 */
#ifndef JITSIM_DIRLOCK_H
#define JITSIM_DIRLOCK_H

#include <stddef.h>

/* Creates dir if needed and locks it. A descriptor (>= 0) to give to
 * dirlock_release, or -1 with "DIR is being written by another jitsim
 * (pid N on host H); expected one writer at a time: ..." or another
 * reason in err. */
int dirlock_take(const char *dir, char *err, size_t errlen);

/* Empties the lock file and releases the lock. */
void dirlock_release(int fd);

#endif
