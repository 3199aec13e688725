/* arena: bump allocator for per-document and per-build memory.
 *
 * Owns its blocks; one cm_arena_free releases everything allocated from it.
 * libc only. Not thread-safe. CM_ARENA_FAIL_AT (environment, tests only) makes
 * the N-th allocation fail, to exercise the out-of-memory paths. */
#ifndef CM_ARENA_H
#define CM_ARENA_H

#include <stddef.h>

typedef struct cm_arena cm_arena;

cm_arena *cm_arena_new(void);          /* NULL on allocation failure */
void cm_arena_free(cm_arena *a);       /* NULL is a no-op */
void cm_arena_reset(cm_arena *a);      /* frees all but the first block */

/* n bytes aligned for any type; NULL on failure or overflow. Zeroed. */
void *cm_arena_alloc(cm_arena *a, size_t n);
/* count*size bytes with checked multiplication. */
void *cm_arena_calloc(cm_arena *a, size_t count, size_t size);
/* Copy of p[0..n) with a terminating NUL. */
char *cm_arena_strndup(cm_arena *a, const char *p, size_t n);
char *cm_arena_strdup(cm_arena *a, const char *s);
size_t cm_arena_used(const cm_arena *a); /* bytes handed out, for bounds */

#endif
