/* mapsrc: the map from the cache or from its sources (see mapsrc.h). */
#include "map/mapsrc.h"

#include <math.h>

#include "core/profile.h"
#include "core/str.h"
#include "map/mapcache.h"

/* The box of the neighbours worth drawing around the view bb. */
static void near_of(const double *bb, double near[4])
{
    double mx = fmax(10, bb[2] - bb[0]), my = fmax(10, bb[3] - bb[1]);
    near[0] = fmax(-180, bb[0] - mx), near[1] = fmax(-90, bb[1] - my);
    near[2] = fmin(180, bb[2] + mx), near[3] = fmin(90, bb[3] + my);
}

/* The map from the cache when it holds it (no OGR, no PROJ), else prepared
 * from the boundaries and stored for the next run. */
static cm_status map_for(cm_ctx *ctx, const cm_mapsrc *src, const cm_map_opts *o, cm_mapctx **map,
                         cm_geomstore **keep)
{
    /* Only countries near the view: the rest would be projected for nothing.
     * The view is the --bbox, else the profile's, else the country's extent
     * (known once its outline is read: the key then says so). */
    double near[4], view[4];
    const double *bb = src->bbox ? src->bbox : src->profile && cm_profile_view(src->profile, view) ? view : NULL;
    if (bb) near_of(bb, near);
    const char *dir = keep ? NULL : src->cache; /* the boundaries are wanted: read them */
    cm_buf key = {0};
    cm_mapcache_src ks = {src->boundaries, src->countries, bb ? near : NULL, !bb};
    cm_ctx *kc = dir ? cm_ctx_new() : NULL; /* a source that cannot be read is reported below */
    bool keyed = kc && !cm_mapcache_key(kc, &ks, o, &key);
    cm_ctx_free(kc);
    if (keyed && (*map = cm_mapcache_load(ctx, dir, &key, o))) {
        cm_buf_free(&key);
        return CM_OK;
    }
    cm_geomstore *gs = cm_geomstore_new();
    cm_status st = gs ? cm_geomstore_load_admin(gs, ctx, src->profile, src->boundaries)
                      : cm_fail(ctx, CM_NOMEM, "out of memory");
    const cm_geom_unit *home = !st && !bb && cm_geomstore_count(gs, CM_GEOM_COUNTRY)
                                   ? cm_geomstore_get(gs, CM_GEOM_COUNTRY, 0) : NULL;
    if (home) /* the country and 15 degrees around it */
        near[0] = fmax(-180, home->bbox[0] - 15), near[1] = fmax(-90, home->bbox[1] - 15),
        near[2] = fmin(180, home->bbox[2] + 15), near[3] = fmin(90, home->bbox[3] + 15);
    if (!st) st = cm_geomstore_load_countries(gs, ctx, src->profile, src->countries, bb || home ? near : NULL);
    if (!st) st = cm_mapctx_new(ctx, gs, o, map);
    if (!st && keep) *keep = gs;
    else cm_geomstore_free(gs); /* the map keeps its own copy */
    if (!st && keyed) cm_mapcache_store(ctx, dir, &key, *map); /* not written: not an error */
    cm_buf_free(&key);
    return st;
}

cm_status cm_mapsrc_prepare(cm_ctx *ctx, const cm_mapsrc *src, const char *state, const char *events,
                            cm_timeline *tl, bool vector, bool cache_layers, cm_mapctx **map, cm_geomstore **keep)
{
    *map = NULL;
    if (keep) *keep = NULL;
    cm_map_opts o = {.width = src->width, .height = src->height, .crs = src->crs, .bbox = src->bbox,
                     .labels = src->labels, .style = src->style, .vector = vector, .cache_layers = cache_layers,
                     .profile = src->profile, .labels_lang = src->labels_lang};
    cm_status st = map_for(ctx, src, &o, map, keep);
    if (!st && tl) cm_timeline_set_parents(tl, cm_mapctx_parent, *map);
    if (!st && state) st = cm_timeline_load_state(tl, ctx, state, cm_mapctx_pcode_known, *map);
    if (!st && events) st = cm_timeline_load_events(tl, ctx, events);
    if (st) {
        cm_mapctx_free(*map);
        *map = NULL;
        if (keep) {
            cm_geomstore_free(*keep);
            *keep = NULL;
        }
    }
    return st;
}
