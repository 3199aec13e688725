/* render_impl: the inside of a prepared map (cm_mapctx), shared by the two
 * files that must see it: render.c, which builds and draws it, and
 * mapcache.c, which writes it to and reads it from the prepared-geometry
 * cache. Not an interface: nothing else includes this header (a deliberate
 * exception to "the header is the module's whole interface", so that the
 * cache's byte format can live beside its validation instead of inside the
 * 2000 lines of render.c; docs/decisions.md). */
#ifndef CM_RENDER_IMPL_H
#define CM_RENDER_IMPL_H

#include <cairo.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"
#include "geo/proj.h"
#include "map/render.h"

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
    bool no_text;
    cm_arena *arena;   /* geometry, labels, strings */
    cm_proj *proj;     /* for markers and probes, under lock; NULL until first use in a map
                          read from the cache (mapcache.c), which needs no PROJ */
    const char *crs;   /* --crs text the proj is made from (arena); NULL: CM_PROJ_DEFAULT */
    pthread_mutex_t lock;
    double cx, cy;     /* projected view centre (CRS units) */
    double fx, fy;     /* its frame position */
    double s;          /* frame units per CRS unit */
    size_t ndist, nprov, nnb;
    pgeom *dist, *prov, *nb;
    const char **dist_pcode;
    const char **dist_name; /* English names, for the viewer's hover */
    const char **prov_pcode; /* per province: "AF09" (cm_mapctx_pcode_known) */
    const char *country_pcode; /* "AF"; "" when the boundaries have no country */
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

#endif
