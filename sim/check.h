/*
 * check.h - internal consistency checks that stay on in release builds.
 *
 * JS_CHECK is for programming errors (a model scheduling into the past, a
 * broken invariant), never for user mistakes: those are reported as error
 * returns with a file:line:column message. A failed check prints where it
 * failed and aborts, because continuing would produce wrong numbers.
 */
#ifndef JITSIM_CHECK_H
#define JITSIM_CHECK_H

#include <stdnoreturn.h>

noreturn void js_fatal(const char *file, int line, const char *func,
                       const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

#if defined(__GNUC__)
#define JS_UNLIKELY(x) __builtin_expect(!!(x), 0)
#define JS_LIKELY(x) __builtin_expect(!!(x), 1)
#else
#define JS_UNLIKELY(x) (x)
#define JS_LIKELY(x) (x)
#endif

#define JS_CHECK(cond, ...)                                                 \
    do {                                                                    \
        if (JS_UNLIKELY(!(cond)))                                           \
            js_fatal(__FILE__, __LINE__, __func__, __VA_ARGS__);            \
    } while (0)

#endif
