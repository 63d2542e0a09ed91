/*
 * stream.c - named random streams (see stream.h for the why).
 */
#include "stream.h"

#include <stdio.h>
#include <string.h>
#include <threads.h>

#include <gsl/gsl_errno.h>

#include "check.h"

/* GSL's taus2 keeps its state as three unsigned longs (s1, s2, s3) and needs
 * s1 >= 2, s2 >= 8, s3 >= 16 (gsl/rng/taus.c); only the low 32 bits of each
 * are used. */
typedef struct taus2_state {
    unsigned long s1, s2, s3;
} taus2_state;

static uint64_t splitmix64(uint64_t x)
{
    x += UINT64_C(0x9E3779B97F4A7C15);
    x = (x ^ (x >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    x = (x ^ (x >> 27)) * UINT64_C(0x94D049BB133111EB);
    return x ^ (x >> 31);
}

static uint64_t fnv1a64(const char *text)
{
    uint64_t h = UINT64_C(0xCBF29CE484222325);
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        h ^= *p;
        h *= UINT64_C(0x100000001B3);
    }
    return h;
}

uint64_t stream_key(uint64_t seed, uint64_t replication, const char *source)
{
    uint64_t h = splitmix64(seed);
    h = splitmix64(h ^ replication);
    h = splitmix64(h ^ fnv1a64(source ? source : ""));
    return h;
}

void stream_reseed(gsl_rng *r, uint64_t seed, uint64_t replication,
                   const char *source)
{
    JS_CHECK(r->type == gsl_rng_taus2 &&
                 gsl_rng_size(r) == sizeof(taus2_state),
             "stream is not a taus2 generator");
    uint64_t k = stream_key(seed, replication, source);
    uint64_t a = splitmix64(k), b = splitmix64(a), c = splitmix64(b);
    taus2_state st;
    st.s1 = (unsigned long)(a >> 32);
    st.s2 = (unsigned long)(b >> 32);
    st.s3 = (unsigned long)(c >> 32);
    if (st.s1 < 2)
        st.s1 += 2;
    if (st.s2 < 8)
        st.s2 += 8;
    if (st.s3 < 16)
        st.s3 += 16;
    memcpy(gsl_rng_state(r), &st, sizeof st);
    /* Discard the first draws, as gsl_rng_set does, so that nearby states
     * have diverged before any number is used. */
    for (int i = 0; i < 6; i++)
        (void)gsl_rng_get(r);
}

gsl_rng *stream_create(uint64_t seed, uint64_t replication,
                       const char *source)
{
    stream_install_gsl_handler();
    gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
    if (!r)
        return NULL;
    stream_reseed(r, seed, replication, source);
    return r;
}

static _Thread_local char last_error[256];
static _Thread_local int last_errno;

static void record_gsl_error(const char *reason, const char *file, int line,
                             int gsl_errno)
{
    (void)file;
    (void)line;
    last_errno = gsl_errno;
    snprintf(last_error, sizeof last_error, "%s (%s)", reason,
             gsl_strerror(gsl_errno));
}

static once_flag handler_once = ONCE_FLAG_INIT;

static void install_handler(void)
{
    gsl_set_error_handler(record_gsl_error);
}

void stream_install_gsl_handler(void)
{
    call_once(&handler_once, install_handler);
}

const char *stream_gsl_error(int *gsl_errno)
{
    if (gsl_errno)
        *gsl_errno = last_errno;
    return last_error;
}

void stream_gsl_error_clear(void)
{
    last_errno = 0;
    last_error[0] = '\0';
}
