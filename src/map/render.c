/* render: prepared geometry and one frame of the control map.
 *
 * cm_mapctx_new does everything that does not depend on the date: projection
 * (PROJ, whole arrays), conversion to frame units, Sutherland-Hodgman
 * clipping to the frame plus a margin, Douglas-Peucker simplification to a
 * fraction of a pixel, and the placement of names, legend, scale bar and north
 * arrow. Names are placed against coverage masks (an A8 Cairo surface per
 * unit, read through a summed-area table), so "is this label box inside its
 * province and clear of Afghanistan" is O(1) per candidate position.
 * cm_map_render then only builds Cairo paths from float arrays and draws.
 * Knows no file formats. Must not depend on OGR or the CLI.
 *
 * This file holds the map context, its accessors, the layers of a frame and
 * the cache of the static layers; the parts it calls live beside it and share
 * render_impl.h:
 *   render_geom.c       projection, clipping, simplification, district borders
 *   render_labels.c     coverage masks, placement of the names, event markers
 *                       and their labels, names moved off a day's markers
 *   render_furniture.c  title band, legend, scale bar and north arrow,
 *                       attribution band, marker symbols
 *   render_text.c       text measured and drawn through Pango */
#define _POSIX_C_SOURCE 200809L
#include "map/render.h"

#include <math.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <pango/pangocairo.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/str.h"
#include "geo/proj.h"
#include "map/render_impl.h"

/* Fontconfig 2.14 loses memory while parsing its own configuration
 * (FcInitLoadConfigAndFonts, reached through Pango); nothing here can free
 * it. LeakSanitizer reads these hooks in sanitized builds of every program that
 * draws maps (render.c is linked into all of them); elsewhere they are unused
 * functions. */
const char *__lsan_default_suppressions(void);
__attribute__((used)) const char *__lsan_default_suppressions(void) { return "leak:libfontconfig.so\n"; }
const char *__lsan_default_options(void);
__attribute__((used)) const char *__lsan_default_options(void) { return "print_suppressions=0"; }

/* ---- small helpers ---------------------------------------------------------- */

/* Hands freed heap pages back to the system. Reading and preparing the
 * boundaries leaves ~20 MB of freed chunks under the map's long-lived
 * memory, which glibc would otherwise keep in the process for good; a series
 * then carries them through every frame. */
static void release_heap(void)
{
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
}

/* ---- the map context --------------------------------------------------------- */

size_t cm_mapctx_district_count(const cm_mapctx *m) { return m->ndist; }

bool cm_mapctx_pcode_known(const char *pcode, void *ud)
{
    const cm_mapctx *m = ud;
    if (m->country_pcode[0] && !strcmp(pcode, m->country_pcode)) return true;
    for (size_t i = 0; i < m->nprov; i++)
        if (!strcmp(pcode, m->prov_pcode[i])) return true;
    for (size_t i = 0; i < m->ndist; i++)
        if (!strcmp(pcode, m->dist_pcode[i])) return true;
    return false;
}
void cm_mapctx_size(const cm_mapctx *m, int *width, int *height)
{
    *width = m->W;
    *height = m->H;
}
const char *cm_mapctx_district_pcode(const cm_mapctx *m, size_t i)
{
    return i < m->ndist ? m->dist_pcode[i] : NULL;
}
double cm_mapctx_m_per_px(const cm_mapctx *m) { return m->m_per_px; }
size_t cm_mapctx_label_count(const cm_mapctx *m) { return m->nlab; }

bool cm_mapctx_label(const cm_mapctx *m, size_t i, const char **text, double box[4], bool *province)
{
    if (i >= m->nlab) return false;
    const plabel *l = &m->lab[i];
    if (text) *text = l->text;
    if (box) box[0] = l->box.x, box[1] = l->box.y, box[2] = l->box.w, box[3] = l->box.h;
    if (province) *province = !l->neighbour;
    return true;
}
double cm_mapctx_north_deg(const cm_mapctx *m) { return m->north_deg; }

cm_mapctx *cm_mapctx_alloc(void)
{
    cm_mapctx *m = calloc(1, sizeof *m);
    if (!m) return NULL;
    pthread_mutex_init(&m->lock, NULL);
    if (!(m->arena = cm_arena_new())) {
        pthread_mutex_destroy(&m->lock);
        free(m);
        return NULL;
    }
    return m;
}

void cm_mapctx_free(cm_mapctx *m)
{
    if (!m) return;
    cm_hier_free(m->hier);
    cm_proj_free(m->proj);
    for (int i = 0; i < 2; i++) free(m->cache[i].data);
    for (size_t i = 0; i < m->ntiles; i++) free(m->tiles[i].px.data);
    free(m->tiles);
    pthread_mutex_destroy(&m->lock);
    cm_arena_free(m->arena);
    free(m);
}

const char *cm_map_opts_crs(const cm_map_opts *o)
{
    if (o->crs && *o->crs) return o->crs;
    const char *c = o->profile ? cm_profile_crs(o->profile) : NULL;
    return c && *c ? c : NULL;
}

bool cm_mapctx_take_profile(cm_mapctx *m, const cm_profile *p)
{
    m->subtitle = "";
    m->nlegend = 0;
    if (p && !(m->subtitle = cm_arena_strdup(m->arena, cm_profile_subtitle(p)))) return false;
    /* the ground sides in the profile's order, then contested and none */
    size_t ns = p ? cm_profile_side_count(p) : 0;
    for (size_t i = 0; i <= ns + 1 && m->nlegend < CM_LEGEND_MAX; i++) {
        cm_controller c = i < ns ? (cm_controller)(i + 1) : i == ns ? CM_CTRL_CONTESTED : CM_CTRL_NONE;
        if (i < ns && !cm_profile_side_at(p, i)->ground) continue;
        const char *label = p ? cm_profile_ctrl_label(p, c) : c == CM_CTRL_NONE ? "No information" : "Contested";
        m->legend_ctrl[m->nlegend] = c;
        if (!(m->legend_label[m->nlegend++] = cm_arena_strdup(m->arena, label))) return false;
    }
    return true;
}

bool cm_mapctx_take_units(cm_mapctx *m)
{
    cm_ctx *tmp = cm_ctx_new();
    bool ok = tmp && (m->hier = cm_hier_new());
    for (size_t i = 0; ok && i < m->ndist; i++) ok = !cm_hier_set(m->hier, tmp, m->dist_pcode[i], m->dist_parent[i]);
    for (size_t i = 0; ok && i < m->nprov; i++) ok = !cm_hier_set(m->hier, tmp, m->prov_pcode[i], m->prov_parent[i]);
    cm_ctx_free(tmp);
    return ok;
}

const char *cm_mapctx_parent(void *ud, const char *code)
{
    const cm_mapctx *m = ud;
    return cm_hier_parent(m->hier, code);
}

/* The view in lon/lat before any air: o->bbox, the profile's view, the
 * country's extent, or the districts'. *exact: a bbox or view was named. */
static cm_status view_of(cm_ctx *ctx, const cm_geomstore *gs, const cm_map_opts *o, double bb[4], bool *exact)
{
    const cm_geom_unit *c0 = cm_geomstore_count(gs, CM_GEOM_COUNTRY) ? cm_geomstore_get(gs, CM_GEOM_COUNTRY, 0) : NULL;
    *exact = true;
    if (o->bbox) memcpy(bb, o->bbox, 4 * sizeof *bb);
    else if (o->profile && cm_profile_view(o->profile, bb)) return CM_OK;
    else if (c0) {
        memcpy(bb, c0->bbox, 4 * sizeof *bb);
        *exact = false;
    } else {
        *exact = false;
        size_t nd = cm_geomstore_count(gs, CM_GEOM_DISTRICT);
        bb[0] = bb[1] = HUGE_VAL;
        bb[2] = bb[3] = -HUGE_VAL;
        for (size_t i = 0; i < nd; i++) {
            const cm_geom_unit *u = cm_geomstore_get(gs, CM_GEOM_DISTRICT, i);
            if (!u->rings.npts) continue;
            bb[0] = fmin(bb[0], u->bbox[0]);
            bb[1] = fmin(bb[1], u->bbox[1]);
            bb[2] = fmax(bb[2], u->bbox[2]);
            bb[3] = fmax(bb[3], u->bbox[3]);
        }
        if (!(bb[2] > bb[0])) return cm_fail(ctx, CM_NOTFOUND, "the districts have no geometry");
    }
    return CM_OK;
}

/* "Boundaries: … · Projection: NAME": the profile's credits and the CRS. */
static void set_attribution(cm_mapctx *m, const cm_profile *p)
{
    const char *credits = p ? cm_profile_attribution(p) : "";
    snprintf(m->attribution, sizeof m->attribution, "%s%sProjection: %s", credits, *credits ? " \xc2\xb7 " : "",
             cm_proj_name(m->proj));
}

cm_status cm_mapctx_new(cm_ctx *ctx, const cm_geomstore *gs, const cm_map_opts *o, cm_mapctx **out)
{
    *out = NULL;
    if (o->width < 16 || o->height < 16 || o->width > 20000 || o->height > 20000)
        return cm_fail(ctx, CM_RANGE, "map size %dx%d out of range (16..20000)", o->width, o->height);
    if (o->bbox && !(o->bbox[0] < o->bbox[2] && o->bbox[1] < o->bbox[3] && o->bbox[0] >= -180 &&
                     o->bbox[2] <= 180 && o->bbox[1] >= -90 && o->bbox[3] <= 90))
        return cm_fail(ctx, CM_RANGE, "bbox %g,%g,%g,%g is not min_lon,min_lat,max_lon,max_lat",
                       o->bbox[0], o->bbox[1], o->bbox[2], o->bbox[3]);
    size_t nd = cm_geomstore_count(gs, CM_GEOM_DISTRICT);
    if (nd == 0) return cm_fail(ctx, CM_NOTFOUND, "no districts to draw");
    cm_mapctx *m = cm_mapctx_alloc();
    if (!m) return cm_fail(ctx, CM_NOMEM, "out of memory");
    cm_status st = CM_OK;
    scratch sc = {0};
    const char *crs = cm_map_opts_crs(o);
    if (crs && !(m->crs = cm_arena_strdup(m->arena, crs))) goto nomem;
    m->W = o->width;
    m->H = o->height;
    m->k = fmin(m->W / 1600.0, m->H / 1200.0);
    if (o->style) m->st = *o->style;
    else cm_style_default(&m->st, o->profile);
    m->labels = o->labels;
    if (o->labels_lang && !(m->labels_lang = cm_arena_strdup(m->arena, o->labels_lang))) goto nomem;
    m->no_text = o->no_text;
    if (!cm_mapctx_take_profile(m, o->profile)) goto nomem;
    if ((st = cm_proj_new(ctx, crs, &m->proj))) goto done;

    /* bands for the title and the attribution line */
    if (!m->no_text) {
        cairo_surface_t *sf = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 8, 8);
        cairo_t *cr = cairo_create(sf);
        double w, h1, h2, h3;
        text_measure(cr, m->st.font, m->st.title_size * m->k, PANGO_WEIGHT_BOLD, 0, "21 August 2021", &w, &h1);
        text_measure(cr, m->st.font, m->st.subtitle_size * m->k, PANGO_WEIGHT_NORMAL, 0, "Control", &w, &h2);
        text_measure(cr, m->st.font, m->st.attribution_size * m->k, PANGO_WEIGHT_NORMAL, 0, "Boundaries", &w, &h3);
        cairo_destroy(cr);
        cairo_surface_destroy(sf);
        m->title_h = 10 * m->k + h1 + 2 * m->k + h2 + 10 * m->k;
        m->attr_h = 5 * m->k + h3 + 5 * m->k;
    }

    /* view */
    double bb[4];
    bool exact;
    const cm_geom_unit *c0 = cm_geomstore_count(gs, CM_GEOM_COUNTRY) ? cm_geomstore_get(gs, CM_GEOM_COUNTRY, 0) : NULL;
    if ((st = view_of(ctx, gs, o, bb, &exact))) goto done;
    double ext[4];
    if ((st = view_extent(m, ctx, bb, ext))) goto done;
    if (!exact) { /* a little air around the country */
        double dx = (ext[2] - ext[0]) * 0.015, dy = (ext[3] - ext[1]) * 0.015;
        ext[0] -= dx, ext[2] += dx, ext[1] -= dy, ext[3] += dy;
    }
    double pad = 6 * m->k;
    double aw = m->W - 2 * pad, ah = m->H - m->title_h - m->attr_h - 2 * pad;
    if (aw < 8 || ah < 8) {
        st = cm_fail(ctx, CM_RANGE, "map size %dx%d too small for its title and legend", m->W, m->H);
        goto done;
    }
    m->s = fmin(aw / (ext[2] - ext[0]), ah / (ext[3] - ext[1]));
    m->cx = (ext[0] + ext[2]) / 2;
    m->cy = (ext[1] + ext[3]) / 2;
    m->fx = m->W / 2.0;
    m->fy = m->title_h + pad + ah / 2;

    /* scale and north at the frame centre */
    {
        double lon0, lat0, lon1, lat1, d = 50;
        if (!px_to_lonlat(m, m->fx - d / 2, m->fy, &lon0, &lat0) ||
            !px_to_lonlat(m, m->fx + d / 2, m->fy, &lon1, &lat1)) {
            st = cm_fail(ctx, CM_PROJ, "CRS %s cannot map the centre of the view back to lon/lat",
                         cm_proj_name(m->proj));
            goto done;
        }
        m->m_per_px = cm_geodesic_m(lon0, lat0, lon1, lat1) / d;
        double clon, clat, nx, ny;
        if (!px_to_lonlat(m, m->fx, m->fy, &clon, &clat)) clon = lon0, clat = lat0;
        double dl = clat > 89 ? -0.01 : 0.01;
        if (cm_mapctx_lonlat_to_px(m, clon, clat + dl, &nx, &ny)) {
            double vx = (nx - m->fx) * (dl > 0 ? 1 : -1), vy = (ny - m->fy) * (dl > 0 ? 1 : -1);
            m->north_deg = atan2(vx, -vy) * 180 / PI;
        }
        double target_km = 0.16 * m->W * m->m_per_px / 1000;
        m->scale_km = nice_km(target_km > 1e-6 ? target_km : 1e-6);
        m->scale_px = m->scale_km * 1000 / m->m_per_px;
        m->halo = fmin(fmax(10000 / m->m_per_px, 2 * m->k), 60 * m->k);
    }

    /* the frame's extent in lon/lat, to skip what lies outside */
    {
        enum { N = 16 };
        double M = 64 * (m->k > 1 ? m->k : 1), ll[8 * N];
        for (int i = 0; i < N; i++) {
            double t = (double)i / N, x0 = -M, y0 = -M, x1 = m->W + M, y1 = m->H + M;
            double *q = ll + 8 * i;
            q[0] = x0 + t * (x1 - x0), q[1] = y0;
            q[2] = x1, q[3] = y0 + t * (y1 - y0);
            q[4] = x1 - t * (x1 - x0), q[5] = y1;
            q[6] = x0, q[7] = y1 - t * (y1 - y0);
        }
        m->have_ll_view = true;
        m->ll_view[0] = m->ll_view[1] = HUGE_VAL;
        m->ll_view[2] = m->ll_view[3] = -HUGE_VAL;
        for (int i = 0; i < 4 * N && m->have_ll_view; i++) {
            double lon, lat;
            if (!px_to_lonlat(m, ll[2 * i], ll[2 * i + 1], &lon, &lat)) m->have_ll_view = false;
            else {
                m->ll_view[0] = fmin(m->ll_view[0], lon), m->ll_view[1] = fmin(m->ll_view[1], lat);
                m->ll_view[2] = fmax(m->ll_view[2], lon), m->ll_view[3] = fmax(m->ll_view[3], lat);
            }
        }
        /* a frame edge bulging between the sampled points: 5% more */
        double dx = (m->ll_view[2] - m->ll_view[0]) * 0.05, dy = (m->ll_view[3] - m->ll_view[1]) * 0.05;
        m->ll_view[0] -= dx, m->ll_view[2] += dx, m->ll_view[1] -= dy, m->ll_view[3] += dy;
    }
    /* geometry */
    double tol = o->vector ? 0.25 : 0.35;
    m->ndist = nd;
    m->nprov = cm_geomstore_count(gs, CM_GEOM_PROVINCE);
    m->nnb = cm_geomstore_count(gs, CM_GEOM_NEIGHBOUR);
    m->dist = cm_arena_calloc(m->arena, nd, sizeof(pgeom));
    m->dist_pcode = cm_arena_calloc(m->arena, nd, sizeof(char *));
    m->dist_name = cm_arena_calloc(m->arena, nd, sizeof(char *));
    m->dist_parent = cm_arena_calloc(m->arena, nd, sizeof(char *));
    m->prov = cm_arena_calloc(m->arena, m->nprov + 1, sizeof(pgeom));
    m->nb = cm_arena_calloc(m->arena, m->nnb + 1, sizeof(pgeom));
    if (!m->dist || !m->dist_pcode || !m->dist_name || !m->dist_parent || !m->prov || !m->nb) goto nomem;
    for (size_t i = 0; i < nd; i++) {
        const cm_geom_unit *u = cm_geomstore_get(gs, CM_GEOM_DISTRICT, i);
        m->dist_pcode[i] = cm_arena_strdup(m->arena, u->pcode);
        m->dist_name[i] = cm_arena_strdup(m->arena, u->name_en ? u->name_en : "");
        m->dist_parent[i] = cm_arena_strdup(m->arena, u->parent ? u->parent : "");
        if (!m->dist_pcode[i] || !m->dist_name[i] || !m->dist_parent[i]) goto nomem;
        if ((st = prep(m, ctx, &sc, u, tol, &m->dist[i]))) goto done;
    }
    if ((st = prep_district_lines(m, ctx, &sc, gs, tol, &m->dlines))) goto done;
    m->prov_pcode = cm_arena_calloc(m->arena, m->nprov + 1, sizeof(char *));
    m->prov_parent = cm_arena_calloc(m->arena, m->nprov + 1, sizeof(char *));
    m->country_pcode = cm_arena_strdup(m->arena, c0 ? c0->pcode : "");
    if (!m->prov_pcode || !m->prov_parent || !m->country_pcode) goto nomem;
    for (size_t i = 0; i < m->nprov; i++) {
        const cm_geom_unit *u = cm_geomstore_get(gs, CM_GEOM_PROVINCE, i);
        if (!(m->prov_pcode[i] = cm_arena_strdup(m->arena, u->pcode))) goto nomem;
        if (!(m->prov_parent[i] = cm_arena_strdup(m->arena, u->parent ? u->parent : ""))) goto nomem;
        if ((st = prep(m, ctx, &sc, u, tol, &m->prov[i]))) goto done;
    }
    for (size_t i = 0; i < m->nnb; i++)
        if ((st = prep(m, ctx, &sc, cm_geomstore_get(gs, CM_GEOM_NEIGHBOUR, i), tol, &m->nb[i]))) goto done;
    if (c0 && (st = prep(m, ctx, &sc, c0, tol, &m->country))) goto done;

    if (!cm_mapctx_take_units(m)) goto nomem;
    set_attribution(m, o->profile);
    if ((st = place_all(m, ctx, gs))) goto done;
    m->want_cache = o->cache_layers && !o->vector;
    scratch_free(&sc);
    sc = (scratch){0};
    release_heap();
    goto done;
nomem:
    st = cm_fail(ctx, CM_NOMEM, "out of memory preparing the map");
done:
    scratch_free(&sc);
    if (st) {
        cm_mapctx_free(m);
        return st;
    }
    *out = m;
    return CM_OK;
}

/* ---- one frame ---------------------------------------------------------------- */

cm_status cm_map_font_fingerprint(const cm_map_opts *o, cm_buf *out)
{
    if (o->no_text) return cm_buf_puts(out, "fonts none\n");
    cm_style st;
    if (o->style) st = *o->style;
    else cm_style_default(&st, o->profile);
    static const char *const latin = "Badakhshan TAJIKISTAN 21 August 2021 Scale 100 km \xc2\xb7 Qw";
    static const char *const dari = "\xd8\xa8\xd8\xaf\xd8\xae\xd8\xb4\xd8\xa7\xd9\x86 "
                                    "\xda\xa9\xd8\xa7\xd8\xa8\xd9\x84"; /* Badakhshan, Kabul */
    cairo_surface_t *sf = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 8, 8);
    cairo_t *cr = cairo_create(sf);
    double w[3], h[3];
    text_measure(cr, st.font, 100, PANGO_WEIGHT_NORMAL, 0, latin, &w[0], &h[0]);
    text_measure(cr, st.font, 100, PANGO_WEIGHT_BOLD, 0, latin, &w[1], &h[1]);
    char fam[2 * CM_STYLE_FONT_MAX + 2]; /* as place_all names the Dari labels' family */
    snprintf(fam, sizeof fam, "%s,%s", st.font_dari, st.font);
    w[2] = h[2] = 0;
    if (o->labels == CM_LABELS_DARI) text_measure_ink(cr, fam, 100, PANGO_WEIGHT_NORMAL, 0, dari, &w[2], &h[2]);
    cairo_destroy(cr);
    cairo_surface_destroy(sf);
    return cm_buf_printf(out, "fonts pango %s cairo %s: %.17g %.17g %.17g %.17g %.17g %.17g\n",
                         pango_version_string(), cairo_version_string(), w[0], h[0], w[1], h[1], w[2], h[2]);
}

void cm_render_release_fonts(void)
{
    /* Only the thread's Pango font map: Cairo's own caches stay reachable from
     * its globals (no leak to a leak checker), and cairo_debug_reset_static_data
     * asserts — aborting the process — whenever a font is still referenced
     * anywhere, which an error path cannot always rule out. */
    pango_cairo_font_map_set_default(NULL);
}

bool cm_map_svg_mark(int r8, int g8, int b8, double opacity, size_t *index)
{
    if (r8 != 1 || fabs(opacity - 0.5) > 1e-3 || g8 < 0 || g8 > 255 || b8 < 0 || b8 > 255) return false;
    *index = (size_t)g8 << 8 | (size_t)b8;
    return true;
}

void cm_map_state_from_timeline(const cm_mapctx *m, const cm_timeline *tl, cm_day day,
                                cm_controller *ctrl, unsigned char *changed)
{
    for (size_t i = 0; i < m->ndist; i++) {
        cm_controller c = cm_timeline_at(tl, m->dist_pcode[i], day, NULL);
        ctrl[i] = c;
        if (changed) changed[i] = c != cm_timeline_at(tl, m->dist_pcode[i], day - 1, NULL);
    }
}

cm_status cm_mapctx_outlines_json(const cm_mapctx *m, cm_buf *out)
{
    cm_status st = cm_buf_printf(out, "{\"w\":%d,\"h\":%d,\"d\":[", m->W, m->H);
    int first = 1;
    for (size_t i = 0; i < m->ndist && !st; i++) {
        const pgeom *g = &m->dist[i];
        if (!geom_visible(g, m->W, m->H, 0)) continue;
        st = cm_buf_printf(out, "%s{\"p\":\"%s\",\"n\":", first ? "" : ",", m->dist_pcode[i]);
        if (!st) st = cm_buf_json_str(out, m->dist_name[i], strlen(m->dist_name[i]));
        if (!st) st = cm_buf_puts(out, ",\"r\":[");
        first = 0;
        for (uint32_t r = 0; r < g->nrings && !st; r++) {
            const float *p = g->xy + 2 * (size_t)g->ring[r];
            uint32_t n = g->ring[r + 1] - g->ring[r];
            st = cm_buf_puts(out, r ? ",[" : "[");
            /* Hover needs about a pixel: skip points closer than 1.5 to the last kept. */
            double lx = 1e30, ly = 1e30;
            int k = 0;
            for (uint32_t j = 0; j < n && !st; j++) {
                double x = p[2 * j], y = p[2 * j + 1];
                if (j + 1 < n && (x - lx) * (x - lx) + (y - ly) * (y - ly) < 2.25) continue;
                st = cm_buf_printf(out, "%s%.1f,%.1f", k++ ? "," : "", x, y);
                lx = x, ly = y;
            }
            if (!st) st = cm_buf_putc(out, ']');
        }
        if (!st) st = cm_buf_puts(out, "]}");
    }
    if (!st) st = cm_buf_puts(out, "]}");
    return st;
}

void cm_map_staleness_from_timeline(const cm_mapctx *m, const cm_timeline *tl, cm_day day, float *fade)
{
    double hl = m->st.stale_half_life > 0 ? m->st.stale_half_life : 14;
    for (size_t i = 0; i < m->ndist; i++) {
        cm_tl_state s;
        cm_timeline_at(tl, m->dist_pcode[i], day, &s);
        double f = 0;
        if (s.ctrl != CM_CTRL_NONE && s.last_report != CM_DAY_NONE && day > s.last_report)
            f = 1 - pow(0.5, (double)(day - s.last_report) / hl);
        fade[i] = (float)(f > 0.75 ? 0.75 : f);
    }
}

/* District i's fill in frame f: its controller's colour, faded towards "no
 * information" by its staleness. */
static cm_rgba district_fill(const cm_style *st, const cm_frame *f, size_t i)
{
    cm_rgba c = cm_style_ctrl_fill(st, f->ctrl ? f->ctrl[i] : CM_CTRL_NONE);
    if (!f->fade || f->fade[i] <= 0) return c;
    double t = f->fade[i];
    cm_rgba n = st->none;
    return (cm_rgba){c.r + (n.r - c.r) * t, c.g + (n.g - c.g) * t, c.b + (n.b - c.b) * t, c.a + (n.a - c.a) * t};
}

/* Static layers, the same on every date. */
static void layer_base(const cm_mapctx *m, cairo_t *cr)
{
    const cm_style *st = &m->st;
    double k = m->k, W = m->W, H = m->H, vm = 8 * k + m->halo;
    set_rgba(cr, st->background);
    cairo_paint(cr);
    set_rgba(cr, st->neighbour);
    for (size_t i = 0; i < m->nnb; i++) {
        if (!geom_visible(&m->nb[i], W, H, vm)) continue;
        add_path(cr, &m->nb[i]);
        cairo_fill(cr);
    }
    for (size_t i = 0; i < m->nnb; i++)
        if (geom_visible(&m->nb[i], W, H, vm)) add_path(cr, &m->nb[i]);
    set_rgba(cr, st->neighbour_line);
    cairo_set_line_width(cr, st->neighbour_w * k);
    cairo_stroke(cr);
    /* close the gaps between Natural Earth's borders and OCHA's */
    if (m->country.nrings) {
        add_path(cr, &m->country);
        set_rgba(cr, st->neighbour);
        cairo_set_line_width(cr, m->halo);
        cairo_stroke(cr);
    }
}

static void layer_lines_but(const cm_mapctx *m, cairo_t *cr, bool districts)
{
    const cm_style *st = &m->st;
    double k = m->k, W = m->W, H = m->H, vm = 8 * k + m->halo;
    if (districts && m->dlines.nrings) {
        add_path(cr, &m->dlines);
        set_rgba(cr, st->district_line);
        cairo_set_line_width(cr, st->district_w * k);
        cairo_stroke(cr);
    }
    for (size_t i = 0; i < m->nprov; i++)
        if (geom_visible(&m->prov[i], W, H, vm)) add_path(cr, &m->prov[i]);
    set_rgba(cr, st->province_line);
    cairo_set_line_width(cr, st->province_w * k);
    cairo_stroke(cr);
    if (m->country.nrings) {
        add_path(cr, &m->country);
        set_rgba(cr, st->country_line);
        cairo_set_line_width(cr, st->country_w * k);
        cairo_stroke(cr);
    }
}

static void layer_lines(const cm_mapctx *m, cairo_t *cr) { layer_lines_but(m, cr, true); }

/* Names (at boxes[i], or where they were placed), the attribution band and
 * the scale box. */
static void layer_labels_at(const cm_mapctx *m, cairo_t *cr, const rect *boxes)
{
    if (!m->no_text) {
        for (size_t i = 0; i < m->nlab; i++) draw_label(m, cr, i, boxes ? boxes[i] : m->lab[i].box);
        draw_attribution(m, cr);
    }
    draw_scalebox(m, cr);
}


/* Layers of one date. */
static void layer_fills(const cm_mapctx *m, cairo_t *cr, const cm_frame *f)
{
    const cm_style *st = &m->st;
    double W = m->W, H = m->H, vm = 8 * m->k + m->halo;
    if (f->svg_ids) {
        /* One element per district: its fill and its outline together
         * (Cairo's SVG surface merges a fill_preserve and the stroke that
         * follows into one <path>). A shared border is stroked by both its
         * districts, the later one on top: the same line as stroking all
         * outlines afterwards, with half the path data. */
        cairo_set_line_width(cr, st->district_w * m->k);
        for (size_t i = 0; i < m->ndist; i++) {
            if (!geom_visible(&m->dist[i], W, H, vm)) continue;
            cairo_rectangle(cr, 1, 1, 0.01, 0.01);
            cairo_set_source_rgba(cr, 1 / 255.0, (double)(i >> 8 & 255) / 255.0, (double)(i & 255) / 255.0, 0.5);
            cairo_fill(cr);
            add_path(cr, &m->dist[i]);
            set_rgba(cr, district_fill(st, f, i));
            cairo_fill_preserve(cr);
            set_rgba(cr, st->district_line);
            cairo_stroke(cr);
        }
        return;
    }
    if (f->fade) {
        /* staleness: a colour of its own for each district */
        for (size_t i = 0; i < m->ndist; i++) {
            if (!geom_visible(&m->dist[i], W, H, vm)) continue;
            add_path(cr, &m->dist[i]);
            set_rgba(cr, district_fill(st, f, i));
            cairo_fill(cr);
        }
        return;
    }
    /* one fill per controller: fewer composites, and no anti-aliasing seams
     * between neighbouring districts of one colour */
    for (int c = 0; c < CM_CTRL_COUNT; c++) {
        bool any = false;
        for (size_t i = 0; i < m->ndist; i++) {
            cm_controller ci = f->ctrl ? f->ctrl[i] : CM_CTRL_NONE;
            if ((int)ci != c || !geom_visible(&m->dist[i], W, H, vm)) continue;
            add_path(cr, &m->dist[i]);
            any = true;
        }
        if (!any) continue;
        set_rgba(cr, cm_style_ctrl_fill(st, (cm_controller)c));
        cairo_fill(cr);
    }
}

static void layer_hatch(const cm_mapctx *m, cairo_t *cr, const cm_frame *f)
{
    if (!f->ctrl) return;
    double W = m->W, H = m->H, vm = 8 * m->k + m->halo;
    double x0 = HUGE_VAL, y0 = HUGE_VAL, x1 = -HUGE_VAL, y1 = -HUGE_VAL;
    for (size_t i = 0; i < m->ndist; i++) {
        if (f->ctrl[i] != CM_CTRL_CONTESTED || !geom_visible(&m->dist[i], W, H, vm)) continue;
        add_path(cr, &m->dist[i]);
        x0 = fmin(x0, m->dist[i].bbox[0]), y0 = fmin(y0, m->dist[i].bbox[1]);
        x1 = fmax(x1, m->dist[i].bbox[2]), y1 = fmax(y1, m->dist[i].bbox[3]);
    }
    if (!(x1 > x0)) return;
    cairo_save(cr);
    cairo_clip(cr);
    hatch(cr, fmax(x0, 0), fmax(y0, 0), fmin(x1, W), fmin(y1, H), m->st.hatch_spacing * m->k);
    set_rgba(cr, m->st.contested_hatch);
    cairo_set_line_width(cr, m->st.hatch_w * m->k);
    cairo_stroke(cr);
    cairo_restore(cr);
}

static void layer_changed(const cm_mapctx *m, cairo_t *cr, const cm_frame *f)
{
    if (!f->changed) return;
    double W = m->W, H = m->H, vm = 8 * m->k + m->halo;
    bool any = false;
    for (size_t i = 0; i < m->ndist; i++)
        if (f->changed[i] && geom_visible(&m->dist[i], W, H, vm)) {
            add_path(cr, &m->dist[i]);
            any = true;
        }
    if (!any) return;
    set_rgba(cr, m->st.changed_line);
    cairo_set_line_width(cr, m->st.changed_w * m->k);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_stroke(cr);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_BEVEL);
}

static void layer_setup(cairo_t *cr, bool raster)
{
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_BEVEL);
    /* Cairo's FAST anti-aliasing is indistinguishable here at 1:1 and draws
     * fills and thin strokes two to three times faster than the default. */
    if (raster) cairo_set_antialias(cr, CAIRO_ANTIALIAS_FAST);
}

/* Draws a static layer into pixels of the frame's size that the cache owns
 * (ARGB32, or RGB24 for the opaque base): Cairo draws straight into the
 * cache's buffer, so there is no second copy. */
static bool cache_layer(const cm_mapctx *m, cached_layer *cl, void (*fn)(const cm_mapctx *, cairo_t *),
                        bool opaque)
{
    cl->fmt = opaque ? CAIRO_FORMAT_RGB24 : CAIRO_FORMAT_ARGB32;
    cl->w = m->W;
    cl->h = m->H;
    cl->stride = cairo_format_stride_for_width(cl->fmt, m->W);
    size_t n;
    if (cl->stride <= 0 || !cm_size_mul((size_t)cl->stride, (size_t)cl->h, &n)) return false;
    cl->data = calloc(n, 1); /* transparent */
    if (!cl->data) return false;
    cairo_surface_t *sf = cairo_image_surface_create_for_data(cl->data, cl->fmt, cl->w, cl->h, cl->stride);
    cairo_t *cr = cairo_create(sf);
    layer_setup(cr, true);
    fn(m, cr);
    cairo_status_t cs = cairo_status(cr);
    cairo_destroy(cr);
    cairo_surface_flush(sf);
    if (!cs) cs = cairo_surface_status(sf);
    cairo_surface_destroy(sf);
    if (cs) {
        free(cl->data);
        cl->data = NULL;
    }
    return cl->data != NULL;
}

/* Paints a cached layer through a wrapper of its own, so that threads never
 * share a cairo or pixman object, only the read-only pixels. */
static void paint_cached(cairo_t *cr, const cached_layer *cl)
{
    cairo_surface_t *w = cairo_image_surface_create_for_data(cl->data, cl->fmt, cl->w, cl->h, cl->stride);
    cairo_set_source_surface(cr, w, 0, 0);
    cairo_paint(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_surface_destroy(w);
}

/* The names, the attribution band and the scale box are small and sparse:
 * each is cached as a tile of its own (a few hundred KB in all, where a
 * frame-sized layer would take 7.7 MB at 1600x1200), and a name that moves
 * off a marker for a day is its tile painted elsewhere. */
typedef enum { TILE_LABEL, TILE_ATTRIBUTION, TILE_SCALE } tile_kind;

static bool cache_tile(const cm_mapctx *m, tile *t, tile_kind kind, size_t i)
{
    rect r = kind == TILE_LABEL ? m->lab[i].box
           : kind == TILE_SCALE ? m->scalebox
                                : (rect){0, m->H - m->attr_h, m->W, m->attr_h};
    int x0 = (int)floor(r.x) - 2, y0 = (int)floor(r.y) - 2;
    int x1 = (int)ceil(r.x + r.w) + 2, y1 = (int)ceil(r.y + r.h) + 2;
    t->x = x0, t->y = y0;
    t->kind = (int)kind;
    t->label = i;
    cached_layer *cl = &t->px;
    cl->fmt = CAIRO_FORMAT_ARGB32;
    cl->w = x1 - x0, cl->h = y1 - y0;
    cl->stride = cairo_format_stride_for_width(cl->fmt, cl->w);
    size_t n;
    if (cl->w <= 0 || cl->h <= 0 || cl->stride <= 0 || !cm_size_mul((size_t)cl->stride, (size_t)cl->h, &n))
        return false;
    cl->data = calloc(n, 1);
    if (!cl->data) return false;
    cairo_surface_t *sf = cairo_image_surface_create_for_data(cl->data, cl->fmt, cl->w, cl->h, cl->stride);
    cairo_t *cr = cairo_create(sf);
    layer_setup(cr, true);
    cairo_translate(cr, -x0, -y0);
    if (kind == TILE_LABEL) draw_label(m, cr, i, m->lab[i].box);
    else if (kind == TILE_ATTRIBUTION) draw_attribution(m, cr);
    else draw_scalebox(m, cr);
    cairo_status_t cs = cairo_status(cr);
    cairo_destroy(cr);
    cairo_surface_flush(sf);
    if (!cs) cs = cairo_surface_status(sf);
    cairo_surface_destroy(sf);
    return !cs;
}

static void paint_tile(cairo_t *cr, const tile *t, int dx, int dy)
{
    const cached_layer *cl = &t->px;
    cairo_surface_t *w = cairo_image_surface_create_for_data(cl->data, cl->fmt, cl->w, cl->h, cl->stride);
    cairo_set_source_surface(cr, w, t->x + dx, t->y + dy);
    cairo_rectangle(cr, t->x + dx, t->y + dy, cl->w, cl->h);
    cairo_fill(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_surface_destroy(w);
}

/* Builds the cached layers on the first raster frame (under the lock), not
 * in cm_mapctx_new: by then the caller has usually freed the geomstore, so
 * the two never weigh on memory together. True when the cache is usable. */
static bool ensure_cache(const cm_mapctx *cm)
{
    cm_mapctx *m = (cm_mapctx *)cm; /* the cache is the one mutable part, behind the lock */
    pthread_mutex_lock(&m->lock);
    if (m->want_cache && !m->cached && !m->cache_failed) {
        release_heap(); /* what the caller freed since (the geomstore) */
        bool ok = cache_layer(m, &m->cache[0], layer_base, true) && cache_layer(m, &m->cache[1], layer_lines, false);
        size_t nt = (m->no_text ? 0 : m->nlab + 1) + 1;
        m->tiles = ok ? calloc(nt, sizeof *m->tiles) : NULL;
        ok = ok && m->tiles;
        for (size_t i = 0; ok && !m->no_text && i < m->nlab; i++) ok = cache_tile(m, &m->tiles[m->ntiles++], TILE_LABEL, i);
        if (ok && !m->no_text) ok = cache_tile(m, &m->tiles[m->ntiles++], TILE_ATTRIBUTION, 0);
        if (ok) ok = cache_tile(m, &m->tiles[m->ntiles++], TILE_SCALE, 0);
        if (ok) m->cached = true;
        else m->cache_failed = true; /* draw everything each time instead */
    }
    bool ok = m->cached;
    pthread_mutex_unlock(&m->lock);
    return ok;
}

cm_status cm_map_render_title(const cm_mapctx *m, cm_ctx *ctx, cairo_t *cr, cm_day day)
{
    if (m->no_text) return CM_OK;
    cairo_save(cr);
    layer_setup(cr, cairo_surface_get_type(cairo_get_target(cr)) == CAIRO_SURFACE_TYPE_IMAGE);
    cairo_rectangle(cr, 0, 0, m->W, title_rows(m));
    cairo_clip(cr);
    cairo_set_source_rgb(cr, m->st.panel.r, m->st.panel.g, m->st.panel.b);
    cairo_paint(cr);
    title_text(m, cr, day);
    cairo_status_t cs = cairo_status(cr);
    cairo_restore(cr);
    if (cs) return cm_fail(ctx, CM_CAIRO, "drawing the title: %s", cairo_status_to_string(cs));
    return CM_OK;
}

cm_status cm_map_render(const cm_mapctx *m, cm_ctx *ctx, cairo_t *cr, const cm_frame *f)
{
    cairo_surface_t *target = cairo_get_target(cr);
    bool raster = cairo_surface_get_type(target) == CAIRO_SURFACE_TYPE_IMAGE;
    cairo_matrix_t mx;
    cairo_get_matrix(cr, &mx);
    bool identity = mx.xx == 1 && mx.yy == 1 && mx.xy == 0 && mx.yx == 0 && mx.x0 == 0 && mx.y0 == 0;
    bool cached = raster && identity && !f->svg_ids && m->want_cache && ensure_cache(m);
    cairo_save(cr);
    cairo_rectangle(cr, 0, 0, m->W, m->H);
    cairo_clip(cr);
    layer_setup(cr, raster);
    if (cached) paint_cached(cr, &m->cache[0]);
    else layer_base(m, cr);
    layer_fills(m, cr, f);
    layer_hatch(m, cr, f);
    if (cached) paint_cached(cr, &m->cache[1]);
    else layer_lines_but(m, cr, !f->svg_ids); /* SVG fills carry the district outlines */
    layer_changed(m, cr, f);
    rect *boxes = m->nlab ? malloc(m->nlab * sizeof *boxes) : NULL;
    bool moved = boxes && labels_for_frame(m, f, boxes);
    if (cached) {
        for (size_t i = 0; i < m->ntiles; i++) {
            const tile *t = &m->tiles[i];
            int dx = 0, dy = 0;
            if (t->kind == TILE_LABEL && moved) {
                dx = (int)lround(boxes[t->label].x - m->lab[t->label].box.x);
                dy = (int)lround(boxes[t->label].y - m->lab[t->label].box.y);
            }
            paint_tile(cr, t, dx, dy);
        }
    } else {
        layer_labels_at(m, cr, moved ? boxes : NULL);
    }
    draw_markers(m, cr, f, boxes); /* the day's events above the names */
    free(boxes);
    layer_title_legend(m, cr, f);
    cairo_status_t cs = cairo_status(cr);
    cairo_restore(cr);
    if (cs) return cm_fail(ctx, CM_CAIRO, "drawing the map: %s", cairo_status_to_string(cs));
    return CM_OK;
}

