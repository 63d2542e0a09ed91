/*
 * plan_text.c - prodline_plan: what the control's `auto` rules made of the
 * line, in words (the line under each policy in `jitsim run`), and the
 * appending helpers the controls write it with.
 *
 * Not the plan itself: each control's plan and plan_text (control.h).
 */
#include <stdarg.h>
#include <stdio.h>

#include "models/line/control.h"
#include "models/line/internal.h"

void line__append(char *buf, size_t len, size_t *used, const char *fmt, ...)
{
    if (*used >= len)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf + *used, len - *used, fmt, ap);
    va_end(ap);
    if (n > 0)
        *used += (size_t)n < len - *used ? (size_t)n : len - *used - 1;
}

void line__per_product(const prodline *l, char *buf, size_t len,
                       size_t *used, const double *value, size_t stride)
{
    for (size_t i = 0; i < l->n_products; i++) {
        double v = *(const double *)((const char *)value + i * stride);
        if (l->n_products == 1)
            line__append(buf, len, used, " %.0f", v);
        else
            line__append(buf, len, used, "%s %s %.0f", i ? "," : "",
                         l->products[i].spec->name, v);
    }
}

void prodline_plan(const prodline *l, char *buf, size_t len)
{
    size_t used = 0;
    buf[0] = '\0';
    l->control->plan_text(l, buf, len, &used);
}
