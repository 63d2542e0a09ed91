/*
 * atomic.c - temporary file, then rename; a set of files staged in a
 * directory, then renamed into place together.
 */
#define _POSIX_C_SOURCE 200809L
#include "atomic.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
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

/* Writes dir/name through a temporary file; messages name `shown`. */
static int write_named(const char *dir, const char *name, const char *shown,
                       int (*fill)(FILE *f, void *ctx), void *ctx, char *err,
                       size_t errlen)
{
    char final_path[4608], temp_path[4608];
    snprintf(final_path, sizeof final_path, "%s/%s", dir, name);
    snprintf(temp_path, sizeof temp_path, "%s/.%s.XXXXXX", dir, name);
    int fd = mkstemp(temp_path);
    if (fd < 0) {
        snprintf(err, errlen, "%s: cannot write (%s)", shown,
                 strerror(errno));
        return -1;
    }
    fchmod(fd, created_mode());
    FILE *f = fdopen(fd, "w");
    if (!f) {
        int saved = errno;
        close(fd);
        remove(temp_path);
        snprintf(err, errlen, "%s: cannot write (%s)", shown,
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
        snprintf(err, errlen, "%s: cannot write (%s)", shown,
                 strerror(saved ? saved : EIO));
        return -1;
    }
    return 0;
}

int atomic_write(const char *dir, const char *name,
                 int (*fill)(FILE *f, void *ctx), void *ctx, char *err,
                 size_t errlen)
{
    char shown[4608];
    snprintf(shown, sizeof shown, "%s/%s", dir, name);
    return write_named(dir, name, shown, fill, ctx, err, errlen);
}

/* ---- sets ----------------------------------------------------------------- */

#define STAGING_PREFIX ".jitsim-staging."

/* This host's name as staging directories carry it: letters, digits and
 * '-' only, so that '.' separates the fields. */
static void host_tag(char *buf, size_t len)
{
    char host[256] = "";
    if (gethostname(host, sizeof host - 1) != 0)
        host[0] = '\0';
    size_t n = 0;
    for (const char *c = host; *c && n + 1 < len; c++)
        if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
            (*c >= '0' && *c <= '9') || *c == '-')
            buf[n++] = *c;
    if (n == 0 && len > 4)
        n = (size_t)snprintf(buf, len, "host");
    buf[n] = '\0';
}

/* Removes a staging directory and the files in it. */
static void remove_staging(const char *path)
{
    DIR *d = opendir(path);
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        char file[4608];
        snprintf(file, sizeof file, "%s/%s", path, e->d_name);
        remove(file);
    }
    if (d)
        closedir(d);
    rmdir(path);
}

/* Staging directories are named .jitsim-staging.HOST.PID.XXXXXX: one that a
 * process of this host left and that is no longer running (killed, or the
 * machine stopped) is removed; another host's, or a live one's, is not
 * ours to judge. */
static void remove_dead_staging(const char *dir)
{
    char host[128];
    host_tag(host, sizeof host);
    size_t host_len = strlen(host), prefix_len = strlen(STAGING_PREFIX);
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        const char *name = e->d_name;
        if (strncmp(name, STAGING_PREFIX, prefix_len) != 0 ||
            strncmp(name + prefix_len, host, host_len) != 0 ||
            name[prefix_len + host_len] != '.')
            continue;
        char *end;
        errno = 0;
        long pid = strtol(name + prefix_len + host_len + 1, &end, 10);
        if (errno || *end != '.' || pid <= 0 || pid == (long)getpid() ||
            kill((pid_t)pid, 0) == 0 || errno != ESRCH)
            continue;
        char path[4608];
        snprintf(path, sizeof path, "%s/%s", dir, name);
        remove_staging(path);
    }
    if (d)
        closedir(d);
}

int output_set_incomplete(const char *dir)
{
    char path[4608];
    snprintf(path, sizeof path, "%s/%s", dir, OUTPUT_SET_INCOMPLETE);
    struct stat st;
    return lstat(path, &st) == 0;
}

int output_dir_make(const char *dir, char *err, size_t errlen)
{
    struct stat st;
    if (stat(dir, &st) == 0 && !S_ISDIR(st.st_mode)) {
        snprintf(err, errlen, "%s is a file, not a directory; expected an "
                              "output directory (existing or to create)",
                 dir);
        return -1;
    }
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        snprintf(err, errlen, "%s: cannot create the output directory (%s)",
                 dir, strerror(errno));
        return -1;
    }
    return 0;
}

int output_set_begin(output_set *s, const char *dir, const char *const *names,
                     size_t n_names, char *err, size_t errlen)
{
    memset(s, 0, sizeof *s);
    if (snprintf(s->dir, sizeof s->dir, "%s", dir) >= (int)sizeof s->dir) {
        snprintf(err, errlen, "%.200s...: output directory name too long; "
                              "expected at most %zu bytes",
                 dir, sizeof s->dir - 1);
        return -1;
    }
    if (output_dir_make(dir, err, errlen))
        return -1;
    struct stat st;
    for (size_t i = 0; i < n_names; i++) {
        char path[4608];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
            snprintf(err, errlen, "%s: cannot write (a directory holds the "
                                  "name); expected it free for the output "
                                  "file",
                     path);
            return -1;
        }
    }
    remove_dead_staging(dir);
    char host[128];
    host_tag(host, sizeof host);
    snprintf(s->staging, sizeof s->staging, "%s/" STAGING_PREFIX "%s.%ld.XXXXXX",
             dir, host, (long)getpid());
    if (!mkdtemp(s->staging)) {
        snprintf(err, errlen, "%s: cannot write in the output directory "
                              "(%s)",
                 dir, strerror(errno));
        s->staging[0] = '\0';
        return -1;
    }
    return 0;
}

int output_set_write(output_set *s, const char *name,
                     int (*fill)(FILE *f, void *ctx), void *ctx, char *err,
                     size_t errlen)
{
    char shown[4608];
    snprintf(shown, sizeof shown, "%s/%s", s->dir, name);
    if (s->n == OUTPUT_SET_MAX || strlen(name) >= sizeof s->names[0]) {
        snprintf(err, errlen, "%s: cannot write (too many files in one "
                              "set)",
                 shown);
        return -1;
    }
    if (write_named(s->staging, name, shown, fill, ctx, err, errlen))
        return -1;
    snprintf(s->names[s->n++], sizeof s->names[0], "%s", name);
    return 0;
}

static int written(const output_set *s, const char *name)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->names[i], name) == 0)
            return 1;
    return 0;
}

/* The mark a commit leaves while it renames; written before the first
 * rename, removed after the last change, so that a process killed in
 * between leaves a directory that says it mixes two sets. */
static int mark_incomplete(const output_set *s, char *err, size_t errlen)
{
    static const char why[] =
        "jitsim was putting a new set of outputs in place here and stopped "
        "before it finished: the files mix two runs. Run it again.\n";
    char path[4608];
    snprintf(path, sizeof path, "%s/%s", s->dir, OUTPUT_SET_INCOMPLETE);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, created_mode());
    int ok = fd >= 0 && write(fd, why, sizeof why - 1) == (ssize_t)(sizeof why - 1);
    int saved = errno;
    if (fd >= 0 && close(fd) != 0 && ok) {
        ok = 0;
        saved = errno;
    }
    if (!ok) {
        remove(path);
        snprintf(err, errlen, "%s: cannot write (%s); %s keeps the previous "
                              "files",
                 path, strerror(saved ? saved : EIO), s->dir);
        return -1;
    }
    return 0;
}

int output_set_commit(output_set *s, const char *const *stale,
                      size_t n_stale, char *err, size_t errlen)
{
    if (mark_incomplete(s, err, errlen)) {
        output_set_abort(s);
        return -1;
    }
    for (size_t i = 0; i < s->n; i++) {
        char from[4608], to[4608];
        snprintf(from, sizeof from, "%s/%s", s->staging, s->names[i]);
        snprintf(to, sizeof to, "%s/%s", s->dir, s->names[i]);
        if (rename(from, to) != 0) {
            /* Only a change made to the directory meanwhile gets here:
             * the files were checked and written. Say what is where. */
            snprintf(err, errlen, "%s: cannot put in place (%s); %s holds "
                                  "%zu file%s of this run and the rest of "
                                  "the previous one (marked by %s)",
                     to, strerror(errno), s->dir, i, i == 1 ? "" : "s",
                     OUTPUT_SET_INCOMPLETE);
            output_set_abort(s);
            return -1;
        }
    }
    for (size_t i = 0; i < n_stale; i++)
        if (!written(s, stale[i])) {
            char path[4608];
            snprintf(path, sizeof path, "%s/%s", s->dir, stale[i]);
            remove(path);
        }
    char mark[4608];
    snprintf(mark, sizeof mark, "%s/%s", s->dir, OUTPUT_SET_INCOMPLETE);
    remove(mark);
    output_set_abort(s);
    return 0;
}

void output_set_abort(output_set *s)
{
    if (!s->staging[0])
        return;
    remove_staging(s->staging);
    s->staging[0] = '\0';
}
