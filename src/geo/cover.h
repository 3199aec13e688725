/* cover: a coverage of polygons (the districts) simplified along shared
 * borders, so neighbours still meet.
 *
 * GEOS 3.11 (Debian 12) has no CoverageSimplify, and simplifying each polygon
 * on its own (OGR_G_SimplifyPreserveTopology) moves the two copies of a
 * shared border differently: gaps and overlaps. Here the rings are cut into
 * arcs at nodes — vertices where three or more borders meet, or where the
 * polygons on either side change — and each arc is simplified once
 * (Douglas-Peucker, its ends fixed), then every ring is rebuilt from the
 * simplified arcs: two neighbours use the very same points along their
 * border. Vertices are matched by exact coordinates (OCHA's districts share
 * their vertices exactly); where they are not shared the rings are simply
 * simplified on their own. A ring that would collapse, or a polygon the
 * caller finds invalid, can be kept at full resolution (cm_cover_keep) and
 * the coverage simplified again. Coordinates are lon/lat degrees; the
 * tolerance is in metres (x scaled by the cosine of the coverage's middle
 * latitude). Plain arrays only (no OGR). Not thread-safe on one cover. */
#ifndef CM_COVER_H
#define CM_COVER_H

#include <stddef.h>
#include <stdint.h>

#include "core/status.h"

typedef struct cm_cover cm_cover;

cm_cover *cm_cover_new(void);  /* NULL when out of memory */
void cm_cover_free(cm_cover *c); /* NULL is a no-op */

/* Adds polygon number cm_cover_count()-1 from nrings rings: ring k is the
 * points [ring[k], ring[k+1]) of xy (lon,lat pairs); a repeated closing
 * point is dropped. CM_NOMEM. */
cm_status cm_cover_add(cm_cover *c, const double *xy, const uint32_t *ring, uint32_t nrings) CM_WUR;
size_t cm_cover_count(const cm_cover *c);

/* Simplifies every arc to tol_m metres and rounds the coordinates to
 * decimals places (shared points round alike; 0..15). Arcs of kept polygons,
 * and of rings that would have fewer than three points, stay whole. Can be
 * called again after cm_cover_keep. CM_NOMEM. */
cm_status cm_cover_simplify(cm_cover *c, double tol_m, int decimals) CM_WUR;

/* Keeps polygon i's borders at full resolution on the next cm_cover_simplify
 * (its neighbours' shared arcs with it too). */
void cm_cover_keep(cm_cover *c, size_t i);

/* Polygon i after cm_cover_simplify, closed rings (first point repeated at
 * the end): pointers borrowed until the next call on c. */
void cm_cover_get(const cm_cover *c, size_t i, const double **xy, const uint32_t **ring, uint32_t *nrings);

/* Number of points before and after (closing points not counted). */
void cm_cover_points(const cm_cover *c, size_t *before, size_t *after);

#endif
