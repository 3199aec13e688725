/* hier: which unit lies in which — a table of unit code → parent code.
 *
 * Parents come from the boundary data (the layers' parent fields, or
 * containment), never from the shape of a code (docs/profiles.md). The
 * caller fills a table from whatever it has loaded (the boundaries, a
 * prepared map, the gazetteer index) and hands cm_hier_parent to the
 * timeline as its cm_parent_fn (model/timeline.h).
 *
 * Owns copies of its strings. libc only. Not thread-safe to fill; lookups on
 * a filled table may run from any number of threads. */
#ifndef CM_HIER_H
#define CM_HIER_H

#include <stdbool.h>
#include <stddef.h>

#include "core/status.h"

typedef struct cm_hier cm_hier;

cm_hier *cm_hier_new(void);     /* NULL on allocation failure */
void cm_hier_free(cm_hier *h);  /* NULL is a no-op */

/* Records that unit code lies in unit parent (NULL or "": code is on top).
 * Setting a code again replaces its parent. CM_RANGE for an empty code,
 * CM_NOMEM. */
cm_status cm_hier_set(cm_hier *h, cm_ctx *ctx, const char *code, const char *parent) CM_WUR;
size_t cm_hier_count(const cm_hier *h);
/* Whether code is in the table (on top or not). */
bool cm_hier_has(const cm_hier *h, const char *code);

/* The parent of code, or NULL when code is on top or not in the table:
 * a cm_parent_fn (model/timeline.h) whose ud is the cm_hier. The string is
 * borrowed until cm_hier_free. */
const char *cm_hier_parent(void *ud, const char *code);

#endif
