/*
 * program.h - for tests that run the built `jitsim` program as a user
 * would: the exit status, stdout and stderr of a command line.
 */
#ifndef JITSIM_TEST_PROGRAM_H
#define JITSIM_TEST_PROGRAM_H

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

typedef struct outcome {
    int status;
    char out[1 << 17];
    char err[1 << 14];
} outcome;

static inline void program_slurp(const char *path, char *buf, size_t cap)
{
    FILE *f = fopen(path, "r");
    size_t n = f ? fread(buf, 1, cap - 1, f) : 0;
    buf[n] = '\0';
    if (f)
        fclose(f);
}

/* Runs a shell command line with no standard input. The outcome is
 * overwritten by the next call. */
static inline outcome *program_sh(const char *cmdline)
{
    static outcome o;
    char out_path[] = "/tmp/jitsim_test_outXXXXXX";
    char err_path[] = "/tmp/jitsim_test_errXXXXXX";
    int fo = mkstemp(out_path), fe = mkstemp(err_path);
    cr_assert(fo >= 0 && fe >= 0);
    close(fo);
    close(fe);
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "%s >'%s' 2>'%s' </dev/null", cmdline,
             out_path, err_path);
    int raw = system(cmd);
    cr_assert(WIFEXITED(raw), "'%s' did not exit normally", cmd);
    o.status = WEXITSTATUS(raw);
    program_slurp(out_path, o.out, sizeof o.out);
    program_slurp(err_path, o.err, sizeof o.err);
    remove(out_path);
    remove(err_path);
    return &o;
}

/* Runs `jitsim ARGS`. */
static inline outcome *program_run(const char *args)
{
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "'%s' %s", JITSIM_EXE, args);
    return program_sh(cmd);
}

static inline int count_lines(const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

#endif
