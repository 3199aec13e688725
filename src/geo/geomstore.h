/* geomstore: the boundaries the maps draw, read once through OGR and kept as
 * plain lon/lat arrays.
 *
 * Owns every unit's rings, names and codes (one arena per store). Reads the
 * boundary layers a profile names (core/profile.h, docs/profiles.md: the
 * country, the regions if any, the units; each found in a folder by the MATCH
 * of its profile line, so a release's own file names and a renamed copy work;
 * code, parent and name.LANG fields as the profile says) and the Natural Earth
 * countries (TopoJSON or any OGR vector file with a layer `countries` and a
 * field `name`). Units can also be added from WKT (synthetic test geometry).
 * No OGR handle escapes this module; GDAL's errors reach the caller through
 * the ctx (a per-thread CPLErrorHandler is pushed around every OGR call
 * sequence).
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

/* Levels are the profile's layer roles (cm_role: same numbers), then the
 * neighbours. */
typedef enum {
    CM_GEOM_COUNTRY = 0, /* the country layer: the outline; code from its field, else the ISO code */
    CM_GEOM_REGION,      /* the region layer (provinces); empty when the profile has none */
    CM_GEOM_UNIT,        /* the unit layer (districts, oblasts): what the map colours */
    CM_GEOM_NEIGHBOUR,   /* Natural Earth countries other than the profile's */
    CM_GEOM_NLEVELS,
    CM_GEOM_PROVINCE = CM_GEOM_REGION, /* the first profile's words, kept for callers */
    CM_GEOM_DISTRICT = CM_GEOM_UNIT
} cm_geom_level;

#define CM_GEOM_NAMES_MAX 8 /* name fields a layer may have (CM_PROFILE_LANGS_MAX) */

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
    const char *pcode;   /* the unit's code ("AF0907"); for neighbours the Natural Earth id ("" if none) */
    const char *parent;  /* code of the containing unit ("AF09", "AF"): from the layer's
                            parent field, else the region holding the unit's point
                            inside, else the country; "" for the country and neighbours */
    const char *name_en; /* the name in English (the "en" name field, else the
                            canonical, first one); the Natural Earth `name` */
    union {
        const char *name_local; /* the first name in another language than name_en's
                                   (Dari for Afghanistan); "" when none */
        const char *name_da;    /* its first name, kept while render.c reads it */
    };
    size_t nnames;                 /* every name field of the layer, in the profile's order: */
    const char *const *name_lang;  /* their languages ("en", "fa") */
    const char *const *names;      /* the names ("" when the feature has none) */
    double in_lon_deg;   /* a point inside the unit (OGR_G_PointOnSurface) */
    double in_lat_deg;
    double bbox[4];      /* min_lon_deg, min_lat_deg, max_lon_deg, max_lat_deg */
    cm_rings rings;
} cm_geom_unit;

typedef struct cm_geomstore cm_geomstore;

/* The unit's name in language lang ("en", "fa"), or "" when it has none. */
const char *cm_geom_unit_name(const cm_geom_unit *u, const char *lang);

struct cm_profile;

cm_geomstore *cm_geomstore_new(void);     /* NULL on allocation failure */
void cm_geomstore_free(cm_geomstore *gs); /* NULL is a no-op */

/* Reads the boundary layers profile p names from folder dir (NULL: the
 * profile's boundaries): the country, the regions when the profile has them,
 * the units (each file must be present, a shapefile with its .dbf). The code
 * and parent fields, when the profile names them, must exist; the country's
 * code is its field's value, else the profile's ISO code; a unit's parent is
 * its parent field's value, else found by containment (the region holding its
 * point inside, else the country), a region's else the country. Layers in
 * another CRS are transformed to WGS 84 lon/lat. Errors (CM_NOTFOUND, CM_IO,
 * CM_GDAL, CM_PARSE), naming the file: a missing folder or layer, a missing
 * .dbf, a truncated or corrupt .shp (its header's length disagrees with the
 * file, or a feature has no geometry), a layer without its code field. On
 * error the store keeps nothing from the failed call. */
cm_status cm_geomstore_load_admin(cm_geomstore *gs, cm_ctx *ctx, const struct cm_profile *p,
                                  const char *dir) CM_WUR;

/* Reads the neighbouring countries from a Natural Earth file (layer
 * `countries`, or the first layer; field `name`). Only countries whose
 * extent meets bbox (min_lon, min_lat, max_lon, max_lat; NULL for all) are
 * kept, and profile p's own country (by its name, or by `iso_a2` where the
 * file has it) is skipped: the country layer's outline is used instead. p may
 * be NULL (every country kept). Errors name the file. */
cm_status cm_geomstore_load_countries(cm_geomstore *gs, cm_ctx *ctx, const struct cm_profile *p,
                                      const char *path, const double *bbox) CM_WUR;

/* Adds one unit from WKT (POLYGON or MULTIPOLYGON, lon/lat degrees). Strings
 * are copied; parent and name_local may be NULL. Its names: name_en ("en"),
 * and name_local without a language. CM_PARSE for bad WKT. */
cm_status cm_geomstore_add_wkt(cm_geomstore *gs, cm_ctx *ctx, cm_geom_level level,
                               const char *pcode, const char *parent, const char *name_en,
                               const char *name_local, const char *wkt) CM_WUR;

size_t cm_geomstore_count(const cm_geomstore *gs, cm_geom_level level);
/* Unit i of a level (i < count), borrowed until cm_geomstore_free. */
const cm_geom_unit *cm_geomstore_get(const cm_geomstore *gs, cm_geom_level level, size_t i);
/* The admin unit (country, region or unit) with this code, or NULL. */
const cm_geom_unit *cm_geomstore_find(const cm_geomstore *gs, const char *pcode);
/* The unit of level whose polygons hold the point (lon/lat degrees; even-odd
 * over all its rings), or NULL (outside every unit, or NaN). A point exactly on
 * a border shared by two units goes to one of them. Borrowed like _get. */
const cm_geom_unit *cm_geomstore_locate(const cm_geomstore *gs, cm_geom_level level, double lon,
                                        double lat);
/* Callbacks for the ACLED reader and writer (text/acled.h), ud the store:
 * the unit of level (1 region, 2 unit) holding a point, and a unit's
 * English name by code. Out strings are borrowed from the store. */
bool cm_geomstore_locate_cb(void *ud, double lon, double lat, int level, const char **pcode,
                            const char **parent, const char **name);
bool cm_geomstore_name_cb(void *ud, const char *pcode, const char **name);
/* cm_pcode_known_fn for the timeline's loaders: ud is the cm_geomstore. */
bool cm_geomstore_pcode_known(const char *pcode, void *ud);

#endif
