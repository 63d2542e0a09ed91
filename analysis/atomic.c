/*
 * atomic.c - temporary file, then rename.
 */
#define _POSIX_C_SOURCE 200809L
#include "atomic.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The permissions open() would give a new file: 0666 less the umask. Read
 * once, as umask can only be read by setting it. */
static mode_t created_mode(void)
{
    static mode_t mode = 0;
    static int known = 0;
    if (!known) {
        mode_t mask = umask(022);
        umask(mask);
        mode = 0666 & ~mask;
        known = 1;
    }
    return mode;
}

int atomic_write(const char *dir, const char *name,
                 int (*fill)(FILE *f, void *ctx), void *ctx, char *err,
                 size_t errlen)
{
    char final_path[4608], temp_path[4608];
    snprintf(final_path, sizeof final_path, "%s/%s", dir, name);
    snprintf(temp_path, sizeof temp_path, "%s/.%s.XXXXXX", dir, name);
    int fd = mkstemp(temp_path);
    if (fd < 0) {
        snprintf(err, errlen, "%s: cannot write (%s)", final_path,
                 strerror(errno));
        return -1;
    }
    fchmod(fd, created_mode());
    FILE *f = fdopen(fd, "w");
    if (!f) {
        int saved = errno;
        close(fd);
        remove(temp_path);
        snprintf(err, errlen, "%s: cannot write (%s)", final_path,
                 strerror(saved));
        return -1;
    }
    errno = 0;
    int rc = fill(f, ctx);
    if (fclose(f) != 0)
        rc = -1;
    if (rc == 0 && rename(temp_path, final_path) != 0)
        rc = -1;
    if (rc != 0) {
        int saved = errno;
        remove(temp_path);
        snprintf(err, errlen, "%s: cannot write (%s)", final_path,
                 strerror(saved ? saved : EIO));
        return -1;
    }
    return 0;
}
