/* proj: map projections through PROJ, from lon/lat degrees (WGS 84) to a
 * target CRS and back.
 *
 * Owns one PJ_CONTEXT and one normalised transformation per cm_proj (axis order
 * is always lon/lat in and easting/northing out, whatever the CRS's official
 * order: proj_normalize_for_visualization). No PROJ handle escapes this module.
 * The target CRS comes from --crs or the conflict's profile (`crs`): an EPSG
 * code ("EPSG:32642" or "32642"), a PROJ string ("+proj=utm +zone=42"), or
 * WKT; NULL means CM_PROJ_DEFAULT, a fallback for a profile that names none.
 *
 * Thread-safety: a cm_proj is not thread-safe; use one per thread (or a lock).
 * Different cm_proj objects may be used from different threads at once. */
#ifndef CM_PROJ_H
#define CM_PROJ_H

#include <stdbool.h>
#include <stddef.h>

#include "core/status.h"

/* The fallback when neither --crs nor the profile names a CRS: Mercator on
 * WGS 84, in metres — conformal everywhere (shapes and north as the reader
 * expects), true to scale at the equator (the scale bar is measured at the
 * map's centre). A profile should name a projection made for its country. */
#define CM_PROJ_DEFAULT "+proj=merc +lon_0=0 +datum=WGS84 +units=m +no_defs +type=crs"

typedef struct cm_proj cm_proj;

/* Creates the transformation WGS 84 lon/lat (degrees) -> crs. crs NULL or ""
 * selects CM_PROJ_DEFAULT. Fails with CM_PROJ ("unknown CRS '...': reason")
 * when PROJ cannot make sense of crs or it is not a CRS, CM_NOMEM on
 * allocation failure. *out belongs to the caller (cm_proj_free). */
cm_status cm_proj_new(cm_ctx *ctx, const char *crs, cm_proj **out) CM_WUR;
void cm_proj_free(cm_proj *p); /* NULL is a no-op */

/* Transforms n points in place: xy holds lon_deg,lat_deg pairs and receives
 * x,y pairs in the CRS's units (metres for projected CRSs, degrees for
 * geographic ones). A point PROJ cannot transform (outside the projection's
 * domain) becomes HUGE_VAL,HUGE_VAL and is counted in *nfailed (may be NULL);
 * that is not an error. CM_PROJ only for a failure of the whole call. */
cm_status cm_proj_fwd(cm_proj *p, cm_ctx *ctx, double *xy, size_t n, size_t *nfailed) CM_WUR;
/* The inverse: x,y pairs -> lon_deg,lat_deg pairs, same conventions. */
cm_status cm_proj_inv(cm_proj *p, cm_ctx *ctx, double *xy, size_t n, size_t *nfailed) CM_WUR;

/* True when the target CRS is geographic (x,y are degrees). */
bool cm_proj_is_geographic(const cm_proj *p);
/* A short name of the target CRS for messages and the map ("WGS 84 / UTM zone
 * 42N"; a Lambert conformal conic PROJ string on WGS 84 as "Lambert conformal
 * conic, 32° and 37° N, 66° E (WGS 84)"; else the PROJ string). Borrowed until
 * cm_proj_free. */
const char *cm_proj_name(const cm_proj *p);

/* Geodesic distance in metres between two lon/lat points on the WGS 84
 * ellipsoid (Karney's algorithm, as shipped with PROJ). Thread-safe. */
double cm_geodesic_m(double lon1, double lat1, double lon2, double lat2);

#endif
