/*
 * cmd_classroom.c - `jitsim classroom [LESSON|FILE] -o PAGE.html`: one
 * self-contained HTML page in which students run a lesson live, offline,
 * from file:// (docs/classroom.md). Without a lesson the page holds the
 * whole lesson library.
 *
 * The page is the template of app/classroom/ (embedded at build time,
 * classroom_page.h) with four things put in: its style and scripts, the
 * lessons' texts (JSON), and the engine, jitsim.wasm (built by
 * scripts/build-wasm.sh), as base64, since a page opened from file://
 * cannot fetch a file beside it.
 *
 * `--json` prints instead what the page's engine returns for the scenario
 * (analysis/classroom.h), computed natively: the parity test compares it
 * with the wasm module's.
 *
 * Not here: the engine (analysis/classroom.c), the page's behaviour
 * (app/classroom/page.js, worker.js).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/classroom.h"
#include "analysis/scenario.h"
#include "builtin.h"
#include "classroom_page.h"
#include "cli.h"

#define MAX_SETS 256

#ifndef JITSIM_BUILD_WASM
#define JITSIM_BUILD_WASM "build/jitsim.wasm"
#endif
#ifndef JITSIM_SHARE_WASM
#define JITSIM_SHARE_WASM "/usr/local/share/jitsim/jitsim.wasm"
#endif

static void classroom_usage(FILE *out)
{
    fprintf(out,
            "usage: jitsim classroom [LESSON | FILE] -o PAGE.html [--wasm FILE]\n"
            "       jitsim classroom [LESSON | FILE] --json [--seed S] [-r N]\n"
            "                        [--set PATH=VALUE]...\n"
            "\n"
            "Writes one self-contained HTML page in which a lesson runs live\n"
            "in the browser, offline, from file:// (sliders, charts, the\n"
            "comparison table, pin and compare, export). Without a lesson\n"
            "the page holds the whole lesson library.\n"
            "\n"
            "  -o, --out PAGE.html  the page to write\n"
            "      --wasm FILE      the engine (default: %s,\n"
            "                       then %s)\n"
            "      --json           print the engine's results for the\n"
            "                       scenario instead (what the page shows)\n"
            "      --seed S, -r N, --set PATH=VALUE   as for jitsim run\n"
            "                       (with --json)\n"
            "\n"
            "The engine is built by scripts/build-wasm.sh (or cmake\n"
            "-DJITSIM_CLASSROOM=ON; scripts/setup.sh --with-classroom\n"
            "installs its toolchain). docs/classroom.md is the guide.\n",
            JITSIM_BUILD_WASM, JITSIM_SHARE_WASM);
}

/* ---- growing text --------------------------------------------------------- */

typedef struct text {
    char *s;
    size_t n, cap;
    int oom;
} text;

static void put_n(text *t, const char *s, size_t n)
{
    if (t->oom)
        return;
    if (t->n + n + 1 > t->cap) {
        size_t cap = t->cap ? t->cap : 65536;
        while (cap < t->n + n + 1)
            cap *= 2;
        char *grown = realloc(t->s, cap);
        if (!grown) {
            t->oom = 1;
            return;
        }
        t->s = grown;
        t->cap = cap;
    }
    memcpy(t->s + t->n, s, n);
    t->n += n;
    t->s[t->n] = '\0';
}

static void put(text *t, const char *s)
{
    put_n(t, s, strlen(s));
}

/* A JSON string that may sit inside a <script> element: "</" is written
 * "<\/" so that no text closes the element. */
static void put_json_string(text *t, const char *s, size_t n)
{
    put(t, "\"");
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        char buf[8];
        if (ch == '"' || ch == '\\') {
            buf[0] = '\\';
            buf[1] = (char)ch;
            put_n(t, buf, 2);
        } else if (ch == '\n') {
            put(t, "\\n");
        } else if (ch < 0x20) {
            snprintf(buf, sizeof buf, "\\u%04x", ch);
            put(t, buf);
        } else if (ch == '/' && i > 0 && s[i - 1] == '<') {
            put(t, "\\/");
        } else {
            put_n(t, (const char *)&s[i], 1);
        }
    }
    put(t, "\"");
}

/* HTML text: & < > " escaped. */
static void put_html(text *t, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': put(t, "&amp;"); break;
        case '<': put(t, "&lt;"); break;
        case '>': put(t, "&gt;"); break;
        case '"': put(t, "&quot;"); break;
        default: put_n(t, s, 1);
        }
    }
}

static void put_base64(text *t, const unsigned char *b, size_t n)
{
    static const char digits[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    char out[4];
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned)b[i] << 16;
        if (i + 1 < n)
            v |= (unsigned)b[i + 1] << 8;
        if (i + 2 < n)
            v |= b[i + 2];
        out[0] = digits[(v >> 18) & 63];
        out[1] = digits[(v >> 12) & 63];
        out[2] = i + 1 < n ? digits[(v >> 6) & 63] : '=';
        out[3] = i + 2 < n ? digits[v & 63] : '=';
        put_n(t, out, 4);
    }
}

/* ---- the lessons ---------------------------------------------------------- */

/* One scenario the page holds. */
typedef struct page_lesson {
    char file[256];  /* the name messages give: NAME.yaml */
    char title[256];
    int number, part;
    const char *bytes;
    size_t size;
    char *owned;     /* a file's bytes (malloc'd); NULL for a built-in */
} page_lesson;

static int by_lesson(const void *a, const void *b)
{
    const page_lesson *x = a, *y = b;
    if (x->number != y->number)
        return x->number < y->number ? -1 : 1;
    return x->part < y->part ? -1 : x->part > y->part;
}

/* Parses a lesson's text (named `source`, for its data files): 0, or -1
 * after printing its errors. */
static int check_lesson(page_lesson *l, const char *source)
{
    scenario sc;
    scenario_errors errors;
    scenario_errors_init(&errors);
    int rc = scenario_parse(l->bytes, l->size, source, NULL, 0, &sc,
                            &errors);
    for (size_t i = 0; i < errors.n; i++)
        fprintf(stderr, "%s\n", errors.lines[i]);
    scenario_errors_free(&errors);
    if (rc)
        return -1;
    snprintf(l->title, sizeof l->title, "%s", sc.name);
    l->number = sc.lesson;
    l->part = sc.lesson_part;
    scenario_free(&sc);
    return 0;
}

/* The page's lessons: the one named (a file, or a built-in), or every
 * built-in lesson in teaching order. Returns how many, 0 after printing
 * why when there are none. */
static size_t gather(const char *what, page_lesson **out)
{
    size_t cap = 0, n = 0;
    for (const builtin_scenario *b = builtin_scenarios; b->name; b++)
        cap++;
    page_lesson *ls = calloc(cap + 1, sizeof *ls);
    if (!ls) {
        cli_error("classroom", "out of memory");
        return 0;
    }
    *out = ls;
    if (what) {
        page_lesson *l = &ls[0];
        char source[2600];
        char *bytes = NULL;
        size_t len = 0;
        if (cli_load_text(what, &bytes, &len, source, sizeof source))
            return 0;
        const builtin_scenario *b = builtin_find(what);
        FILE *probe = fopen(what, "rb");
        if (probe)
            fclose(probe);
        const char *base = strrchr(what, '/');
        if (!probe && b)
            snprintf(l->file, sizeof l->file, "%s.yaml", b->name);
        else
            snprintf(l->file, sizeof l->file, "%s", base ? base + 1 : what);
        l->bytes = l->owned = bytes;
        l->size = len;
        return check_lesson(l, source) ? 0 : 1;
    }
    for (const builtin_scenario *b = builtin_scenarios; b->name; b++) {
        page_lesson *l = &ls[n];
        snprintf(l->file, sizeof l->file, "%s.yaml", b->name);
        l->bytes = b->text;
        l->size = b->size;
        char source[2600];
        builtin_source(b, source, sizeof source);
        if (check_lesson(l, source))
            return 0;
        if (l->number > 0)
            n++;
    }
    qsort(ls, n, sizeof *ls, by_lesson);
    return n;
}

/* ---- the engine ----------------------------------------------------------- */

static unsigned char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 20, n = 0, got;
    unsigned char *buf = malloc(cap);
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            unsigned char *grown = realloc(buf, cap * 2);
            if (!grown) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = grown;
            cap *= 2;
        }
    }
    int bad = ferror(f);
    fclose(f);
    if (bad || !buf) {
        free(buf);
        return NULL;
    }
    *len = n;
    return buf;
}

/* The engine's bytes: --wasm FILE, else the build directory's, else the
 * installed one. NULL after printing one line saying how to build it. */
static unsigned char *load_wasm(const char *given, size_t *len,
                                const char **from)
{
    const char *tries[] = {given, JITSIM_BUILD_WASM, JITSIM_SHARE_WASM};
    for (size_t i = given ? 0 : 1; i < 3; i++) {
        unsigned char *b = read_all(tries[i], len);
        if (b && *len >= 8 && memcmp(b, "\0asm", 4) == 0) {
            *from = tries[i];
            return b;
        }
        free(b);
        if (given) {
            fprintf(stderr, "%s: cannot read a WebAssembly module (%s); "
                            "expected jitsim.wasm from "
                            "scripts/build-wasm.sh\n",
                    given, errno ? strerror(errno) : "not a wasm file");
            return NULL;
        }
    }
    fprintf(stderr, "jitsim classroom: no engine at %s nor %s; build it "
                    "with scripts/build-wasm.sh BUILD_DIR (toolchain: "
                    "scripts/setup.sh --with-classroom), or give --wasm "
                    "FILE\n",
            JITSIM_BUILD_WASM, JITSIM_SHARE_WASM);
    return NULL;
}

/* ---- the page ------------------------------------------------------------- */

static const classroom_asset *asset(const char *name)
{
    for (const classroom_asset *a = classroom_assets; a->name; a++)
        if (!strcmp(a->name, name))
            return a;
    return NULL;
}

/* The template with each @NAME@ marker replaced. */
static int build_page(text *t, const page_lesson *ls, size_t n,
                      const unsigned char *wasm, size_t wasm_len)
{
    const classroom_asset *tpl = asset("page.html");
    if (!tpl) {
        cli_error("classroom", "the program was built without its page "
                               "template (app/classroom/page.html)");
        return -1;
    }
    const char *s = tpl->text, *end = s + tpl->size;
    while (s < end) {
        const char *at = strchr(s, '@');
        if (!at || at >= end) {
            put_n(t, s, (size_t)(end - s));
            break;
        }
        put_n(t, s, (size_t)(at - s));
        const char *close = strchr(at + 1, '@');
        size_t k = close ? (size_t)(close - at - 1) : 0;
        char key[32] = "";
        if (close && k < sizeof key) {
            memcpy(key, at + 1, k);
            key[k] = '\0';
        }
        const classroom_asset *a = NULL;
        if (!strcmp(key, "STYLE"))
            a = asset("style.css");
        else if (!strcmp(key, "PAGE_JS"))
            a = asset("page.js");
        else if (!strcmp(key, "WORKER_JS"))
            a = asset("worker.js");
        if (a) {
            put_n(t, a->text, a->size);
        } else if (!strcmp(key, "TITLE")) {
            put_html(t, n == 1 ? ls[0].title : "jitsim: the lesson library");
        } else if (!strcmp(key, "LESSONS")) {
            put(t, "[");
            for (size_t i = 0; i < n; i++) {
                char num[64];
                put(t, i ? ",\n{\"file\": " : "{\"file\": ");
                put_json_string(t, ls[i].file, strlen(ls[i].file));
                put(t, ", \"title\": ");
                put_json_string(t, ls[i].title, strlen(ls[i].title));
                snprintf(num, sizeof num, ", \"lesson\": %d, \"part\": %d",
                         ls[i].number, ls[i].part);
                put(t, num);
                put(t, ", \"text\": ");
                put_json_string(t, ls[i].bytes, ls[i].size);
                put(t, "}");
            }
            put(t, "]");
        } else if (!strcmp(key, "WASM")) {
            put_base64(t, wasm, wasm_len);
        } else {
            /* Not a marker: the @ is the page's own. */
            put(t, "@");
            s = at + 1;
            continue;
        }
        s = close + 1;
    }
    return t->oom ? -1 : 0;
}

static int write_file(const char *path, const text *t)
{
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "wb");
    if (!f) {
        fprintf(stderr, "%s: cannot write the page (%s); expected a "
                        "writable path\n",
                path, strerror(errno));
        return -1;
    }
    size_t put_bytes = fwrite(t->s, 1, t->n, f);
    if (fclose(f) != 0 || put_bytes != t->n || rename(tmp, path) != 0) {
        fprintf(stderr, "%s: cannot write the page (%s); expected a "
                        "writable path\n",
                path, strerror(errno));
        remove(tmp);
        return -1;
    }
    return 0;
}

/* --json: the engine's answer, computed natively. */
static int print_json(const page_lesson *l, const char *const *sets,
                      size_t n_sets, uint64_t seed, int seed_given,
                      uint64_t reps)
{
    text joined = {0};
    for (size_t i = 0; i < n_sets; i++) {
        put(&joined, sets[i]);
        put(&joined, "\n");
    }
    size_t len = 0;
    char *out = classroom_run_json(l->bytes, l->size, l->file,
                                   joined.s ? joined.s : "", seed,
                                   seed_given, reps, &len);
    free(joined.s);
    if (!out || joined.oom) {
        cli_error("classroom", "out of memory");
        free(out);
        return EXIT_FAILED;
    }
    fwrite(out, 1, len, stdout);
    putchar('\n');
    int ok = strncmp(out, "{\"ok\": true", 11) == 0;
    free(out);
    return ok ? EXIT_OK : EXIT_USAGE;
}

static int classroom_main(int argc, char **argv)
{
    const char *what = NULL, *out_path = NULL, *wasm_path = NULL, *v;
    const char *sets[MAX_SETS];
    size_t n_sets = 0;
    int json = 0, seed_given = 0;
    uint64_t seed = 0, reps = 0;
    for (int i = 1; i < argc; i++) {
        int r;
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            classroom_usage(stdout);
            return EXIT_OK;
        }
        if (!strcmp(argv[i], "--json")) {
            json = 1;
            continue;
        }
        if ((r = cli_option_value(argc, argv, &i, "--out", &v)) ||
            (r = cli_option_value(argc, argv, &i, "-o", &v))) {
            if (r < 0)
                return EXIT_USAGE;
            out_path = v;
            continue;
        }
        if ((r = cli_option_value(argc, argv, &i, "--wasm", &v))) {
            if (r < 0)
                return EXIT_USAGE;
            wasm_path = v;
            continue;
        }
        if ((r = cli_option_value(argc, argv, &i, "--seed", &v))) {
            if (r < 0 || cli_parse_u64("classroom", "--seed", v, &seed))
                return EXIT_USAGE;
            seed_given = 1;
            continue;
        }
        if ((r = cli_option_value(argc, argv, &i, "--replications", &v)) ||
            (r = cli_option_value(argc, argv, &i, "-r", &v))) {
            if (r < 0 ||
                cli_parse_u64("classroom", "--replications", v, &reps))
                return EXIT_USAGE;
            continue;
        }
        if ((r = cli_option_value(argc, argv, &i, "--set", &v))) {
            if (r < 0)
                return EXIT_USAGE;
            if (n_sets == MAX_SETS) {
                cli_error("classroom", "at most %d --set options", MAX_SETS);
                return EXIT_USAGE;
            }
            sets[n_sets++] = v;
            continue;
        }
        if (argv[i][0] == '-') {
            cli_error("classroom", "unknown option '%s'", argv[i]);
            return EXIT_USAGE;
        }
        if (what) {
            cli_error("classroom", "one lesson or file at most, got '%s' "
                                   "and '%s'",
                      what, argv[i]);
            return EXIT_USAGE;
        }
        what = argv[i];
    }
    if (json && !what) {
        cli_error("classroom", "--json needs a lesson or a file");
        return EXIT_USAGE;
    }
    if (!json && !out_path) {
        cli_error("classroom", "the page needs a name: -o PAGE.html");
        return EXIT_USAGE;
    }
    if (!json && (n_sets || seed_given || reps)) {
        cli_error("classroom", "--set, --seed and -r go with --json; the "
                               "page's sliders change a lesson");
        return EXIT_USAGE;
    }
    page_lesson *ls = NULL;
    size_t n = gather(what, &ls);
    int rc;
    if (n == 0) {
        rc = EXIT_USAGE;
    } else if (json) {
        rc = print_json(&ls[0], sets, n_sets, seed, seed_given, reps);
    } else {
        size_t wasm_len = 0;
        const char *from = NULL;
        unsigned char *wasm = load_wasm(wasm_path, &wasm_len, &from);
        text page = {0};
        if (!wasm) {
            rc = EXIT_FAILED;
        } else if (build_page(&page, ls, n, wasm, wasm_len)) {
            cli_error("classroom", "out of memory");
            rc = EXIT_FAILED;
        } else if (write_file(out_path, &page)) {
            rc = EXIT_FAILED;
        } else {
            printf("%s: %zu lesson%s, %.1f MB (engine: %s)\n", out_path, n,
                   n == 1 ? "" : "s", (double)page.n / 1e6, from);
            rc = EXIT_OK;
        }
        free(page.s);
        free(wasm);
    }
    for (size_t i = 0; ls && i < (what ? 1 : 0); i++)
        free(ls[i].owned);
    free(ls);
    return rc;
}

const command cmd_classroom = {
    "classroom",
    "write a lesson (or the whole library) as a live page for class",
    classroom_main,
    classroom_usage,
};
