/* geomstore: the boundaries the maps draw, read once through OGR and kept as
 * plain lon/lat arrays.
 *
 * Owns every unit's rings, names and P-codes (one arena per store). Reads the
 * OCHA COD-AB shapefiles for Afghanistan from a folder (the layers are found by
 * "adm0", "adm1", "adm2" in the .shp file names, so both the 2018 release's
 * names and a renamed copy work) and the Natural Earth countries (TopoJSON or
 * any OGR vector file with a layer `countries` and a field `name`). Units can
 * also be added from WKT (synthetic test geometry). No OGR handle escapes this
 * module; GDAL's errors reach the caller through the ctx (a per-thread
 * CPLErrorHandler is pushed around every OGR call sequence).
 *
 * Thread-safety: loading is not thread-safe on one store, but different
 * stores may load from different threads; a loaded store may be read from any
 * number of threads. */
#ifndef CM_GEOMSTORE_H
#define CM_GEOMSTORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/status.h"

typedef enum {
    CM_GEOM_COUNTRY = 0, /* adm0: Afghanistan, pcode "AF" */
    CM_GEOM_PROVINCE,    /* adm1: 34 provinces, "AF09" */
    CM_GEOM_DISTRICT,    /* adm2: 399 districts, "AF0907" */
    CM_GEOM_NEIGHBOUR,   /* Natural Earth countries other than Afghanistan */
    CM_GEOM_NLEVELS
} cm_geom_level;

/* Polygons of one unit: all rings (outer and holes, of every part) end to end.
 * Fill them with the even-odd rule. Rings are closed implicitly (the closing
 * point is not repeated). */
typedef struct {
    const double *xy;      /* lon_deg,lat_deg pairs, npts of them */
    const uint32_t *ring;  /* nrings+1 offsets into the points; ring k = [ring[k], ring[k+1]) */
    uint32_t nrings;
    uint32_t npts;
} cm_rings;

typedef struct {
    const char *pcode;   /* "AF0907"; for neighbours the Natural Earth id ("" if none) */
    const char *parent;  /* pcode of the containing unit ("AF09", "AF"); "" on top */
    const char *name_en; /* ADMn_EN, or the Natural Earth `name` */
    const char *name_da; /* ADMn_DA (Dari, Arabic script); "" when absent */
    double in_lon_deg;   /* a point inside the unit (OGR_G_PointOnSurface) */
    double in_lat_deg;
    double bbox[4];      /* min_lon_deg, min_lat_deg, max_lon_deg, max_lat_deg */
    cm_rings rings;
} cm_geom_unit;

typedef struct cm_geomstore cm_geomstore;

cm_geomstore *cm_geomstore_new(void);     /* NULL on allocation failure */
void cm_geomstore_free(cm_geomstore *gs); /* NULL is a no-op */

/* Reads the adm0, adm1 and adm2 shapefiles of folder dir (each must be
 * present, with its .dbf). Needs fields ADM1_PCODE, ADM1_EN, ADM1_DA (adm1)
 * and ADM2_PCODE, ADM2_EN, ADM2_DA, ADM1_PCODE (adm2); adm0's pcode is taken
 * from ADM0_PCODE when present, else "AF". Layers in another CRS are
 * transformed to WGS 84 lon/lat. Errors (CM_NOTFOUND, CM_IO, CM_GDAL,
 * CM_PARSE), naming the file: a missing folder or layer, a missing .dbf, a
 * truncated or corrupt .shp (its header's length disagrees with the file, or a
 * feature has no geometry), a layer without the P-code field. On error the
 * store keeps nothing from the failed call. */
cm_status cm_geomstore_load_admin(cm_geomstore *gs, cm_ctx *ctx, const char *dir) CM_WUR;

/* Reads the neighbouring countries from a Natural Earth file (layer
 * `countries`, or the first layer; field `name`). Only countries whose
 * extent meets bbox (min_lon, min_lat, max_lon, max_lat; NULL for all) are
 * kept, and a country named "Afghanistan" is skipped (the OCHA outline is
 * used instead). Errors name the file. */
cm_status cm_geomstore_load_countries(cm_geomstore *gs, cm_ctx *ctx, const char *path,
                                      const double *bbox) CM_WUR;

/* Adds one unit from WKT (POLYGON or MULTIPOLYGON, lon/lat degrees). Strings
 * are copied; parent and name_da may be NULL. CM_PARSE for bad WKT. */
cm_status cm_geomstore_add_wkt(cm_geomstore *gs, cm_ctx *ctx, cm_geom_level level,
                               const char *pcode, const char *parent, const char *name_en,
                               const char *name_da, const char *wkt) CM_WUR;

size_t cm_geomstore_count(const cm_geomstore *gs, cm_geom_level level);
/* Unit i of a level (i < count), borrowed until cm_geomstore_free. */
const cm_geom_unit *cm_geomstore_get(const cm_geomstore *gs, cm_geom_level level, size_t i);
/* The admin unit (country, province or district) with this pcode, or NULL. */
const cm_geom_unit *cm_geomstore_find(const cm_geomstore *gs, const char *pcode);
/* The unit of level whose polygons hold the point (lon/lat degrees; even-odd
 * over all its rings), or NULL (outside every unit, or NaN). A point exactly on
 * a border shared by two units goes to one of them. Borrowed like _get. */
const cm_geom_unit *cm_geomstore_locate(const cm_geomstore *gs, cm_geom_level level, double lon,
                                        double lat);
/* Callbacks for the ACLED reader and writer (text/acled.h), ud the store:
 * the unit of level (1 province, 2 district) holding a point, and a unit's
 * English name by P-code. Out strings are borrowed from the store. */
bool cm_geomstore_locate_cb(void *ud, double lon, double lat, int level, const char **pcode,
                            const char **parent, const char **name);
bool cm_geomstore_name_cb(void *ud, const char *pcode, const char **name);
/* cm_pcode_known_fn for the timeline's loaders: ud is the cm_geomstore. */
bool cm_geomstore_pcode_known(const char *pcode, void *ud);

#endif
