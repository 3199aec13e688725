/* svgmin: a small SVG from Cairo's — the same picture in a fraction of the bytes.
 *
 * Cairo's SVG surface writes every coordinate with six decimals, absolute,
 * and a full style attribute on every element; a control map then repeats
 * each district's outline in its fill, in the outline of the districts that
 * changed and in the clip of the hatching. This rewrites the document:
 *   - path data relative, each coordinate rounded to what the frame shows
 *     (decimals: 1 = a tenth of a frame unit; glyph outlines one place more),
 *     repeated commands and zero-length segments dropped;
 *   - every distinct style attribute becomes a CSS class (`.s3{...}` in one
 *     <style>), colours written #rrggbb;
 *   - each district's outline is stored once, as <path id="PCODE"
 *     class="district"> in <defs>: its fill is a <use> of it with the colour
 *     class, and any other path made of whole districts (the changed
 *     outline, the hatching's clip) becomes <use>s of them.
 * Element order, and so the painting order, is kept. Input is the SVG that
 * mapfile.c writes (districts already named); other SVG passes through with
 * only the number and style rewriting. libc only. */
#ifndef CM_SVGMIN_H
#define CM_SVGMIN_H

#include <stddef.h>

#include "core/status.h"
#include "core/str.h"

/* Appends the small form of svg[0..n) to out. decimals: 0..4. CM_NOMEM. */
cm_status cm_svgmin(const char *svg, size_t n, int decimals, cm_buf *out) CM_WUR;

#endif
