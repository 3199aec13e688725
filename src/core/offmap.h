/* offmap: where the bytes of a derived text came from in the original input.
 *
 * A document read from markup (a feed item, a saved page) or converted from
 * another charset is not a slice of its file, yet its claims and mentions
 * report offsets into the file as stored. An offmap is an ordered list of
 * segments: text bytes [t, t+nt) came from input bytes [f, f+nf). A segment
 * with nt == nf is byte for byte (plain text); one with nt != nf is a unit
 * (a character reference "&amp;" -> "&", a Latin-1 byte -> two UTF-8 bytes)
 * whose inside has no finer mapping. Text bytes no segment covers (separators
 * the reader inserted) map to the end of the segment before them.
 *
 * Segments are added in increasing t; adjacent byte-for-byte segments that
 * continue each other merge, so a text copied in long runs costs a few
 * segments. libc only. Not thread-safe while being built; read-only after. */
#ifndef CM_OFFMAP_H
#define CM_OFFMAP_H

#include <stddef.h>

#include "core/status.h"

typedef struct {
    size_t t, nt; /* text bytes [t, t+nt) */
    size_t f, nf; /* came from input bytes [f, f+nf) */
} cm_offseg;

typedef struct cm_offmap {
    cm_offseg *v; /* ordered by t, not overlapping */
    size_t n, cap;
} cm_offmap;

/* Appends a segment (t at or after the end of the last one). Empty text
 * (nt == 0) is ignored. CM_NOMEM. */
cm_status cm_offmap_add(cm_offmap *m, size_t t, size_t nt, size_t f, size_t nf) CM_WUR;

/* Appends text bytes [t, t+nt) that came from bytes [u, u+nu) of an
 * intermediate text which via maps to the input (via NULL: u is already an
 * input offset). A byte-for-byte piece is split along via's segments. */
cm_status cm_offmap_add_via(cm_offmap *m, size_t t, size_t nt, size_t u, size_t nu,
                            const cm_offmap *via) CM_WUR;

/* The input offset where text byte t starts, and the input offset just past
 * the text ending before byte t (for a span [a, b): start(a), end(b)). A NULL
 * or empty map is the identity. */
size_t cm_offmap_start(const cm_offmap *m, size_t t);
size_t cm_offmap_end(const cm_offmap *m, size_t t);

/* Forgets text bytes from t on (the text was cut back to t bytes). */
void cm_offmap_truncate(cm_offmap *m, size_t t);

void cm_offmap_free(cm_offmap *m); /* back to {0} */

#endif
