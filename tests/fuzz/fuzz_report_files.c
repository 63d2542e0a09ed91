/*
 * fuzz_report_files.c - libFuzzer target: the readers `jitsim report` and
 * `jitsim merge` take a run's files with: the CSV table reader
 * (table_read, for summary.csv, replications.csv, ...) and the meta.json
 * reader (meta_read). They read from a directory, so the input is written
 * to a private temporary directory first; its first byte picks the reader.
 *
 * Not here: the shard files merge reads (sweep.id, the journal, rows up to
 * its offsets): fuzz_merge.
 */
#define _POSIX_C_SOURCE 200809L
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/report/internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[64];

static int write_file(const char *name, const uint8_t *data, size_t size)
{
    char path[128];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    int bad = fwrite(data, 1, size, f) != size;
    return fclose(f) != 0 || bad ? -1 : 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!dir[0]) {
        snprintf(dir, sizeof dir, "/tmp/jitsim_fuzz_XXXXXX");
        if (!mkdtemp(dir))
            abort();
    }
    if (size < 1)
        return 0;
    char err[1024];
    if (data[0] & 1) {
        /* meta.json: big (it holds 64 policies' sentences), so static. */
        static report_meta m;
        memset(&m, 0, sizeof m);
        if (write_file("meta.json", data + 1, size - 1) == 0)
            (void)meta_read(dir, &m, err, sizeof err);
    } else {
        table t;
        memset(&t, 0, sizeof t);
        if (write_file("summary.csv", data + 1, size - 1) == 0 &&
            table_read(dir, "summary.csv", 1, &t, err, sizeof err) == 1) {
            (void)table_column(&t, "metric");
            table_free(&t);
        }
    }
    return 0;
}
