/*
 * classroom_page.h - the classroom page's template files (app/classroom/:
 * the HTML, its style and its scripts), embedded in the program at build
 * time by cmake/embed_page.cmake, so that `jitsim classroom` writes a page
 * from any directory.
 */
#ifndef JITSIM_CLASSROOM_PAGE_H
#define JITSIM_CLASSROOM_PAGE_H

#include <stddef.h>

typedef struct classroom_asset {
    const char *name; /* file name in app/classroom/, e.g. "page.js" */
    const char *text;
    size_t size;
} classroom_asset;

/* Ends with an entry whose name is NULL. */
extern const classroom_asset classroom_assets[];

#endif
