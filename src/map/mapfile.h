/* mapfile: a rendered frame as a file — PNG, SVG or PDF, chosen by the
 * output name's extension.
 *
 * Owns the surfaces and the encoders: PNG through libpng with settings chosen
 * for speed on flat-coloured maps (see mapfile.c), SVG and PDF through Cairo's
 * vector surfaces. PNG sizes are pixels, SVG and PDF sizes points. Every file
 * is written through cm_out (temporary name, then rename), so a failure
 * leaves no partial file. In SVG output each district's fill is a
 * <path id="PCODE" class="district">. Thread-safe: concurrent writes of
 * different files from one cm_mapctx are fine (one cm_ctx per thread). */
#ifndef CM_MAPFILE_H
#define CM_MAPFILE_H

#include <cairo.h>
#include <stdbool.h>
#include <stdio.h>

#include "core/status.h"
#include "map/render.h"

typedef enum { CM_MAPFMT_PNG = 0, CM_MAPFMT_SVG, CM_MAPFMT_PDF } cm_mapfmt;

/* The format for path's extension (.png, .svg, .pdf; case-insensitive);
 * "-" (stdout) is PNG. False for any other extension. */
bool cm_mapfmt_for(const char *path, cm_mapfmt *out);

/* Renders frame f of m and writes it to path ("-" for stdout) in the format
 * of its extension. CM_USAGE for an unknown extension, CM_IO for an
 * unwritable path (the message names it), CM_CAIRO/CM_IO for encoder errors.
 * For SVG, f->svg_ids is forced on. */
cm_status cm_map_write(const cm_mapctx *m, cm_ctx *ctx, const cm_frame *f, const char *path) CM_WUR;

/* The map of day under the timeline's rule — each district's controller, the
 * districts that changed hands since the day before, the markers of mk (may
 * be NULL) and, with staleness, districts faded by the days since the last
 * report — written to path as cm_map_write does. */
cm_status cm_map_write_day(const cm_mapctx *m, cm_ctx *ctx, const cm_timeline *tl, const cm_markers *mk,
                           cm_day day, bool staleness, const char *path) CM_WUR;

/* Encodes an opaque CAIRO_FORMAT_RGB24 or ARGB32 image surface as an 8-bit
 * RGB PNG (alpha dropped) to fp; name is for messages. */
cm_status cm_png_write(cm_ctx *ctx, cairo_surface_t *img, FILE *fp, const char *name) CM_WUR;

#endif
