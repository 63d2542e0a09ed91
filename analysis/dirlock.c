/*
 * dirlock.c - fcntl write lock on DIR/lock, holder written inside.
 */
#define _POSIX_C_SOURCE 200809L
#include "dirlock.h"

#include "analysis/atomic.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int dirlock_take(const char *dir, char *err, size_t errlen)
{
    if (output_dir_make(dir, err, errlen))
        return -1;
    char path[4200];
    snprintf(path, sizeof path, "%s/lock", dir);
    /* Close-on-exec: gnuplot, started by the report, must not inherit it. */
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
    if (fd < 0) {
        snprintf(err, errlen, "%s: cannot lock the directory (%s)", path,
                 strerror(errno));
        return -1;
    }
    struct flock fl;
    memset(&fl, 0, sizeof fl);
    fl.l_type = F_WRLCK;
    fl.l_whence = SEEK_SET; /* l_start 0, l_len 0: the whole file */
    if (fcntl(fd, F_SETLK, &fl) != 0) {
        int saved = errno;
        if (saved == EACCES || saved == EAGAIN) {
            char holder[256] = "";
            ssize_t n = pread(fd, holder, sizeof holder - 1, 0);
            holder[n > 0 ? n : 0] = '\0';
            holder[strcspn(holder, "\n")] = '\0';
            snprintf(err, errlen, "%s is being written by another jitsim "
                                  "(%s); expected one writer at a time: "
                                  "wait for it to finish, or stop it",
                     dir, holder[0] ? holder : "holder unknown");
        } else {
            snprintf(err, errlen, "%s: cannot lock the directory (%s)",
                     path, strerror(saved));
        }
        close(fd);
        return -1;
    }
    char host[256] = "unknown";
    if (gethostname(host, sizeof host) != 0)
        snprintf(host, sizeof host, "unknown");
    host[sizeof host - 1] = '\0';
    char line[400];
    int len = snprintf(line, sizeof line, "pid %ld on host %s\n",
                       (long)getpid(), host);
    if (ftruncate(fd, 0) != 0 || pwrite(fd, line, (size_t)len, 0) != len) {
        snprintf(err, errlen, "%s: cannot write (%s)", path,
                 strerror(errno));
        close(fd);
        return -1;
    }
    return fd;
}

void dirlock_release(int fd)
{
    if (fd < 0)
        return;
    /* Emptied while still held: nobody reads a finished holder. */
    if (ftruncate(fd, 0) != 0) {
        /* The lock goes with the descriptor anyway. */
    }
    close(fd);
}
