/* viewgeo: the map geometry of the explorable viewer (index.html), simplified
 * for the screen once, on the C side.
 *
 * Projects the districts of a cm_geomstore (and the neighbouring countries)
 * through PROJ, cuts the district rings into ARCS — the runs of boundary
 * between two junctions, so that a border two districts share is stored and
 * simplified once and their outlines meet exactly — simplifies every arc
 * (Douglas-Peucker), rounds the coordinates to a grid of whole units and
 * writes the lot as one JSON value (see cm_viewgeo_json). The viewer draws the
 * province and country borders from the same arcs (an arc whose two sides lie
 * in different provinces, or that has one side only), so every line of the
 * map coincides with the fills. Neighbouring countries are simplified
 * coarsely and clipped to a frame around the districts.
 *
 * Owns its copy of what it writes; the geomstore may be freed after
 * cm_viewgeo_new. Depends on geo/ (geomstore, proj) and core/. Not
 * thread-safe (one PROJ transformation inside). */
#ifndef CM_VIEWGEO_H
#define CM_VIEWGEO_H

#include <stdbool.h>

#include "core/str.h"
#include "core/status.h"
#include "geo/geomstore.h"

typedef struct cm_viewgeo cm_viewgeo;

typedef struct {
    const char *crs;    /* a projected CRS (--crs), or NULL for the default; a geographic
                           CRS, or one that cannot project every district, falls back to the default */
    const char *default_crs; /* the default: the profile's CRS; NULL: CM_PROJ_DEFAULT */
    double tolerance_m; /* Douglas-Peucker tolerance of district borders; 0: 60 m */
    double unit_m;      /* grid unit of the written coordinates; 0: 25 m */
} cm_viewgeo_opts;

/* Prepares the geometry of gs (which needs districts). CM_PROJ when no CRS can
 * be made, CM_NOMEM. *out belongs to the caller. */
cm_status cm_viewgeo_new(cm_ctx *ctx, const cm_geomstore *gs, const cm_viewgeo_opts *opts,
                         cm_viewgeo **out) CM_WUR;
void cm_viewgeo_free(cm_viewgeo *vg); /* NULL is a no-op */

/* The geometry as one JSON object (borrowed until cm_viewgeo_free), in grid
 * units: x to the east, y to the south, (0,0) the top-left corner of the
 * districts' extent:
 *   {"u":unit_m,"w":W,"h":H,
 *    "arcs":[[x0,y0,dx1,dy1,dx2,dy2,...],...],       first point, then steps
 *    "d":[{"p":"AF0907","n":"Andarab","da":"اندراب","v":k,"c":[x,y],
 *          "r":[[a,b,...],...]},...],                 v: index into "pv"; c: a point
 *                                                       inside; r: rings as arc
 *                                                       references (~a: arc a reversed)
 *    "pv":[{"p":"AF09","n":"Baghlan","da":"بغلان","c":[x,y]},...],
 *    "nb":[{"n":"Tajikistan","c":[x,y],"r":[[x0,y0,dx,dy,...],...]},...]} */
const char *cm_viewgeo_json(const cm_viewgeo *vg);

/* Grid coordinates of a lon/lat point (may lie outside 0..W, 0..H); false
 * when it cannot be projected. */
bool cm_viewgeo_project(cm_viewgeo *vg, cm_ctx *ctx, double lon_deg, double lat_deg, long *x, long *y);

/* Statistics for tests and --stats: arcs, points written. */
void cm_viewgeo_counts(const cm_viewgeo *vg, size_t *narcs, size_t *npoints);

#endif
