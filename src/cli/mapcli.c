/* mapcli: shared map options of render, series and run. */
#include "cli/mapcli.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "geo/geomstore.h"
#include "map/mapcache.h"

static cm_status parse_bbox(cm_ctx *ctx, const char *cmd, const char *s, double bb[4])
{
    const char *p = s;
    for (int i = 0; i < 4; i++) {
        char *end;
        bb[i] = strtod(p, &end);
        if (end == p || !isfinite(bb[i]) || (i < 3 ? *end != ',' : *end != 0))
            return cm_fail(ctx, CM_USAGE, "%s: --bbox wants min_lon,min_lat,max_lon,max_lat in degrees, not '%s'",
                           cmd, s);
        p = end + 1;
    }
    if (!(bb[0] < bb[2] && bb[1] < bb[3] && bb[0] >= -180 && bb[2] <= 180 && bb[1] >= -90 && bb[3] <= 90))
        return cm_fail(ctx, CM_USAGE, "%s: --bbox %s is not min_lon,min_lat,max_lon,max_lat (degrees, min < max)",
                       cmd, s);
    return CM_OK;
}

/* --labels LANG|none: LANG one of the name languages of the profile's region
 * layer (its unit layer when it has none); "dari" and "da" stand for "fa".
 * English and the first (canonical) language are drawn in font.family, the
 * others as CM_LABELS_DARI (font.family_dari first). */
static cm_status check_labels(cm_ctx *ctx, const char *cmd, cm_mapcli *mo)
{
    const cm_profile *p = cm_cli_profile();
    const cm_profile_layer *l = p ? cm_profile_layer_of(p, CM_ROLE_REGION) : NULL;
    if (p && (!l || !l->present)) l = cm_profile_layer_of(p, CM_ROLE_UNIT);
    size_t n = l && l->present ? l->nnames : 0;
    const char *want = mo->labels_s ? mo->labels_s : n ? l->name_lang[0] : "none";
    if (!strcmp(want, "none")) {
        mo->labels = CM_LABELS_NONE;
        mo->labels_s = "none";
        return CM_OK;
    }
    bool alias = !strcmp(want, "dari") || !strcmp(want, "da");
    char list[CM_PROFILE_LANGS_MAX * 16 + 8] = "";
    for (size_t i = 0; i < n; i++) {
        if (!strcmp(want, l->name_lang[i]) || (alias && !strcmp(l->name_lang[i], "fa"))) {
            mo->labels = i == 0 || !strcmp(l->name_lang[i], "en") ? CM_LABELS_EN : CM_LABELS_DARI;
            mo->labels_s = l->name_lang[i];
            return CM_OK;
        }
        size_t k = strlen(list);
        snprintf(list + k, sizeof list - k, "%s, ", l->name_lang[i]);
    }
    return cm_fail(ctx, CM_USAGE, "%s: --labels wants %sor none, not '%s'", cmd, list, want);
}

cm_status cm_mapcli_check(cm_ctx *ctx, const char *cmd, cm_mapcli *mo)
{
    if (mo->width < 16 || mo->height < 16 || mo->width > 20000 || mo->height > 20000)
        return cm_fail(ctx, CM_USAGE, "%s: --width and --height want 16..20000, not %dx%d", cmd, mo->width,
                       mo->height);
    cm_status st;
    if (mo->bbox_s && (st = parse_bbox(ctx, cmd, mo->bbox_s, mo->bbox))) return st;
    if ((st = check_labels(ctx, cmd, mo))) return st;
    cm_style_default(&mo->style, cm_cli_profile());
    if (mo->style_s && (st = cm_style_load(&mo->style, ctx, mo->style_s))) return st;
    return CM_OK;
}

/* The lon/lat box around a view bb whose countries are worth reading: the
 * view and as much again on each side (at least 10 degrees). */
static void near_view(const double bb[4], double near[4])
{
    double mx = fmax(10, bb[2] - bb[0]), my = fmax(10, bb[3] - bb[1]);
    near[0] = fmax(-180, bb[0] - mx), near[1] = fmax(-90, bb[1] - my);
    near[2] = fmin(180, bb[2] + mx), near[3] = fmin(90, bb[3] + my);
}

/* The same around the country's extent (15 degrees on each side), known once
 * the boundaries are read; false when they hold no country. */
static bool near_country(const cm_geomstore *gs, double near[4])
{
    if (!cm_geomstore_count(gs, CM_GEOM_COUNTRY)) return false;
    const double *bb = cm_geomstore_get(gs, CM_GEOM_COUNTRY, 0)->bbox;
    near[0] = fmax(-180, bb[0] - 15), near[1] = fmax(-90, bb[1] - 15);
    near[2] = fmin(180, bb[2] + 15), near[3] = fmin(90, bb[3] + 15);
    return true;
}

/* The map from the cache when it holds it (no OGR, no PROJ), else prepared
 * from the boundaries and stored for the next run. */
static cm_status map_for(cm_ctx *ctx, const cm_mapcli *mo, const cm_map_opts *o, cm_mapctx **map,
                         cm_geomstore **keep)
{
    const char *bnd = cm_cli_boundaries(mo->boundaries), *ctr = cm_cli_countries(mo->countries);
    /* Only countries near the view: the rest would be projected for nothing.
     * Without a view named (--bbox, the profile's), near the country. */
    double near[4], view[4];
    bool by_view = mo->bbox_s || (o->profile && cm_profile_view(o->profile, view));
    if (by_view) near_view(mo->bbox_s ? mo->bbox : view, near);
    const char *dir = keep ? NULL : cm_cli_cache_dir(); /* the boundaries are wanted: read them */
    cm_buf key = {0};
    cm_mapcache_src src = {bnd, ctr, by_view ? near : NULL, !by_view};
    cm_ctx *kc = dir ? cm_ctx_new() : NULL; /* a source that cannot be read is reported below */
    bool keyed = kc && !cm_mapcache_key(kc, &src, o, &key);
    cm_ctx_free(kc);
    if (keyed && (*map = cm_mapcache_load(ctx, dir, &key, o))) {
        cm_buf_free(&key);
        return CM_OK;
    }
    cm_geomstore *gs = cm_geomstore_new();
    cm_status st = gs ? cm_geomstore_load_admin(gs, ctx, cm_cli_profile(), bnd) : cm_fail(ctx, CM_NOMEM, "out of memory");
    bool nearby = by_view || (!st && near_country(gs, near));
    if (!st) st = cm_geomstore_load_countries(gs, ctx, cm_cli_profile(), ctr, nearby ? near : NULL);
    if (!st) st = cm_mapctx_new(ctx, gs, o, map);
    if (!st && keep) *keep = gs;
    else cm_geomstore_free(gs); /* the map keeps its own copy */
    if (!st && keyed) cm_mapcache_store(ctx, dir, &key, *map); /* not written: not an error */
    cm_buf_free(&key);
    return st;
}

cm_status cm_mapcli_prepare(cm_ctx *ctx, const cm_mapcli *mo, const char *state, const char *events,
                            cm_timeline *tl, bool vector, bool cache, cm_mapctx **map)
{
    return cm_mapcli_prepare_keep(ctx, mo, state, events, tl, vector, cache, map, NULL);
}

cm_status cm_mapcli_prepare_keep(cm_ctx *ctx, const cm_mapcli *mo, const char *state, const char *events,
                                 cm_timeline *tl, bool vector, bool cache, cm_mapctx **map, cm_geomstore **keep)
{
    *map = NULL;
    if (keep) *keep = NULL;
    cm_map_opts o = {.width = mo->width, .height = mo->height, .crs = mo->crs,
                     .bbox = mo->bbox_s ? mo->bbox : NULL, .labels = mo->labels, .style = &mo->style,
                     .vector = vector, .cache_layers = cache, .profile = cm_cli_profile(),
                     .labels_lang = mo->labels == CM_LABELS_NONE ? NULL : mo->labels_s};
    cm_status st = map_for(ctx, mo, &o, map, keep);
    if (!st) cm_timeline_set_parents(tl, cm_mapctx_parent, *map);
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
