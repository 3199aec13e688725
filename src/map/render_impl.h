/* render_impl: the inside of a prepared map (cm_mapctx), shared by the files
 * that must see it: render.c, which builds and draws it, its parts
 * render_geom.c, render_labels.c, render_furniture.c and render_text.c (the
 * functions they lend each other are declared below), and mapcache.c, which
 * writes it to and reads it from the prepared-geometry cache. Not an
 * interface: nothing else includes this header (a deliberate exception to
 * "the header is the module's whole interface", so that the cache's byte
 * format can live beside its validation instead of inside render.c;
 * docs/decisions.md). */
#ifndef CM_RENDER_IMPL_H
#define CM_RENDER_IMPL_H

#include <cairo.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"
#include "geo/proj.h"
#include "map/render.h"
#include "model/hier.h"

/* The legend's rows above "changed": the ground sides, contested, none. */
#define CM_LEGEND_MAX (CM_SIDES_MAX + 2)

typedef struct {
    const float *xy;      /* x_px,y_px pairs in frame units */
    const uint32_t *ring; /* nrings+1 offsets */
    uint32_t nrings, npts;
    float bbox[4];        /* x0, y0, x1, y1 frame units */
    bool open;            /* polylines (not closed rings) */
} pgeom;

typedef struct {
    double x, y, w, h; /* frame units, top-left corner and size */
} rect;

typedef struct {
    const char *text;   /* UTF-8, in the arena */
    const char *family; /* Pango family list */
    double size;        /* frame units (absolute font size) */
    int weight;         /* PANGO_WEIGHT_* */
    double spacing;     /* letter spacing, frame units */
    bool neighbour;     /* drawn in the neighbour tone */
    rect box;           /* logical extents where it is drawn */
    rect alt[4];        /* other good places, for days when a marker covers box */
    int nalt;
} plabel;

typedef struct {
    unsigned char *data; /* pixels, read-only once built */
    cairo_format_t fmt;
    int w, h, stride;
} cached_layer;

typedef struct {
    int x, y;         /* frame position of the tile's top-left pixel */
    int kind;         /* tile_kind */
    size_t label;     /* the name, for TILE_LABEL */
    cached_layer px;  /* ARGB32 */
} tile;

struct cm_mapctx {
    int W, H;          /* frame size */
    double k;          /* style scale: min(W/1600, H/1200) */
    cm_style st;
    cm_label_lang labels;
    const char *labels_lang; /* cm_map_opts.labels_lang (arena), read by place_all; may be NULL */
    bool no_text;
    cm_arena *arena;   /* geometry, labels, strings */
    cm_proj *proj;     /* for markers and probes, under lock; NULL until first use in a map
                          read from the cache (mapcache.c), which needs no PROJ */
    const char *crs;   /* the CRS text the proj is made from (cm_map_opts_crs; arena);
                          NULL: CM_PROJ_DEFAULT */
    pthread_mutex_t lock;
    double cx, cy;     /* projected view centre (CRS units) */
    double fx, fy;     /* its frame position */
    double s;          /* frame units per CRS unit */
    size_t ndist, nprov, nnb;
    pgeom *dist, *prov, *nb;
    const char **dist_pcode;
    const char **dist_name; /* English names, for the viewer's hover */
    const char **prov_pcode; /* per province: "AF09" (cm_mapctx_pcode_known) */
    const char **dist_parent; /* per district: the unit holding it ("AF09"; "" on top) */
    const char **prov_parent; /* per province: likewise ("AF") */
    const char *country_pcode; /* "AF"; "" when the boundaries have no country */
    cm_hier *hier;     /* code -> parent of the units above (cm_mapctx_parent); built by
                          cm_mapctx_take_units */
    pgeom country;     /* adm0 outline (npts 0 when absent) */
    pgeom dlines;      /* district borders inside provinces, each once (open polylines) */
    plabel *lab;       /* province then neighbour names */
    size_t nlab;
    double title_h, attr_h; /* bands at the top and bottom */
    int legend_corner, scale_corner; /* 0 TL, 1 TR, 2 BL, 3 BR */
    rect legend, scalebox;  /* full-size boxes (legend with every event row) */
    double m_per_px;   /* metres per frame unit, horizontally at the centre */
    double north_deg;  /* clockwise from up to true north at the centre */
    double scale_px;   /* scale bar length */
    double scale_km;   /* what it stands for */
    double halo;       /* width of the gap-closing band around Afghanistan */
    bool have_ll_view; /* ll_view is known (the CRS could map the frame back) */
    double ll_view[4]; /* lon/lat extent of the frame plus margin: units outside are skipped */
    char attribution[512];
    /* from the profile (cm_mapctx_take_profile; arena) */
    const char *subtitle;    /* may hold "%s": the day */
    size_t nlegend;
    cm_controller legend_ctrl[CM_LEGEND_MAX];
    const char *legend_label[CM_LEGEND_MAX];
    bool want_cache;         /* cache the static layers on the first raster frame */
    bool cached;             /* cache[] holds them (set once, under lock) */
    bool cache_failed;       /* out of memory building them: draw instead */
    cached_layer cache[2];   /* base (RGB24), lines (ARGB32) */
    tile *tiles;             /* names, attribution band, scale box */
    size_t ntiles;
};

/* An empty map context with its lock and arena, for a reader that fills it
 * (mapcache.c); NULL on allocation failure. Free with cm_mapctx_free. */
cm_mapctx *cm_mapctx_alloc(void);
/* Copies into m what it draws of profile p (NULL: nothing): the subtitle and
 * the legend's rows (ground sides, contested, none). False when out of memory. */
bool cm_mapctx_take_profile(cm_mapctx *m, const cm_profile *p);
/* Builds m->hier from the units' codes and parents (after they are filled).
 * False when out of memory. */
bool cm_mapctx_take_units(cm_mapctx *m);

/* ---- between the parts of render ------------------------------------------- */

#define PI 3.14159265358979323846

/* Scratch buffers for preparing units, reused from one unit to the next. */
typedef struct {
    double *a, *b;      /* clip ping-pong buffers (pairs) */
    size_t acap, bcap;  /* pairs */
    unsigned char *keep;
    uint32_t *stack;
    size_t kcap, scap;
    float *out;         /* simplified points of the current unit */
    size_t nout, ocap;
    uint32_t *ring;
    size_t nring, rcap;
    double *proj;       /* simplified, then projected points of the current unit */
    size_t pcap;
    uint32_t *pring;    /* their ring offsets */
    size_t prcap;
    uint32_t *idx;      /* simplify_ring: source index of each pre-filtered point */
    size_t icap;
} scratch;

static inline void set_rgba(cairo_t *cr, cm_rgba c) { cairo_set_source_rgba(cr, c.r, c.g, c.b, c.a); }

static inline bool rect_hit(rect a, rect b, double gap)
{
    return a.x < b.x + b.w + gap && b.x < a.x + a.w + gap && a.y < b.y + b.h + gap &&
           b.y < a.y + a.h + gap;
}

static inline void add_path(cairo_t *cr, const pgeom *g)
{
    for (uint32_t r = 0; r < g->nrings; r++) {
        const float *p = g->xy + 2 * (size_t)g->ring[r];
        uint32_t n = g->ring[r + 1] - g->ring[r];
        cairo_move_to(cr, p[0], p[1]);
        for (uint32_t i = 1; i < n; i++) cairo_line_to(cr, p[2 * i], p[2 * i + 1]);
        if (!g->open) cairo_close_path(cr);
    }
}

static inline bool geom_visible(const pgeom *g, double W, double H, double margin)
{
    return g->nrings && g->bbox[2] >= -margin && g->bbox[0] <= W + margin && g->bbox[3] >= -margin &&
           g->bbox[1] <= H + margin;
}

/* render_geom.c */
void scratch_free(scratch *s);
/* Prepares one unit into g (arena memory), simplified to tol_px. */
cm_status prep(cm_mapctx *m, cm_ctx *ctx, scratch *s, const cm_geom_unit *u, double tol_px, pgeom *g);
/* The district borders inside provinces, each once, into g (open polylines). */
cm_status prep_district_lines(cm_mapctx *m, cm_ctx *ctx, scratch *s, const cm_geomstore *gs,
                              double tol_px, pgeom *g);
/* The view in CRS units: the bbox's outline densified and projected. */
cm_status view_extent(cm_mapctx *m, cm_ctx *ctx, const double *bb, double ext[4]);
/* Frame point -> lon/lat (for the scale bar and north arrow). */
bool px_to_lonlat(cm_mapctx *m, double x, double y, double *lon, double *lat);

/* render_text.c: text with its logical box's (text_draw) or ink box's
 * (text_draw_box, ink) top-left at (x, y); a halo when halo_w > 0. */
void text_measure_ink(cairo_t *cr, const char *family, double size, int weight, double spacing,
                      const char *text, double *w, double *h);
void text_measure(cairo_t *cr, const char *family, double size, int weight, double spacing,
                  const char *text, double *w, double *h);
void text_draw_box(cairo_t *cr, const char *family, double size, int weight, double spacing,
                   const char *text, bool ink, double x, double y, cm_rgba fill, cm_rgba halo,
                   double halo_w);
void text_draw(cairo_t *cr, const char *family, double size, int weight, double spacing,
               const char *text, double x, double y, cm_rgba fill, cm_rgba halo, double halo_w);

/* render_labels.c */
/* Places the legend and the scale box in the corners that hide the least of
 * Afghanistan, then the province and neighbour names. */
cm_status place_all(cm_mapctx *m, cm_ctx *ctx, const cm_geomstore *gs);
/* The day's markers, then their labels, clear of the names at boxes. */
void draw_markers(const cm_mapctx *m, cairo_t *cr, const cm_frame *f, const rect *boxes);
/* Name i with its box at b. */
void draw_label(const cm_mapctx *m, cairo_t *cr, size_t i, rect b);
/* Where the names go on this frame (boxes: m->nlab); true when any moved. */
bool labels_for_frame(const cm_mapctx *m, const cm_frame *f, rect *boxes);

/* render_furniture.c */
/* Lays out the legend at (x, y), drawn when draw is set; events: bit per action listed. */
void legend_layout(const cm_mapctx *m, cairo_t *cr, double x, double y, unsigned events, bool draw,
                   double *w_out, double *h_out);
/* Scale bar with the north arrow to its right; top-left at (x, y). */
void scalebox_layout(const cm_mapctx *m, cairo_t *cr, double x, double y, bool draw, double *w_out,
                     double *h_out);
/* A round length at or below km: 1, 2 or 5 times a power of ten. */
double nice_km(double km);
/* Hatching lines x - y = c over the box, anchored to the frame origin. */
void hatch(cairo_t *cr, double x0, double y0, double x1, double y1, double sp);
void marker_draw(const cm_mapctx *m, cairo_t *cr, cm_mark_action a, double x, double y, double d);
void draw_attribution(const cm_mapctx *m, cairo_t *cr);
void draw_scalebox(const cm_mapctx *m, cairo_t *cr);
/* Pixel rows of the title band a series repaints (cm_map_render_title). */
double title_rows(const cm_mapctx *m);
void title_text(const cm_mapctx *m, cairo_t *cr, cm_day day);
/* Title band and legend. */
void layer_title_legend(const cm_mapctx *m, cairo_t *cr, const cm_frame *f);

#endif
