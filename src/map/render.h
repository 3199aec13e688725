/* render: one map frame drawn into the caller's cairo_t.
 *
 * Two steps, so that a series of hundreds of days pays for the geometry once:
 *
 *   cm_mapctx_new   projects every boundary through PROJ, converts it to frame
 *                   coordinates, clips it to the frame and simplifies it to the
 *                   output resolution; places the province and country names
 *                   (Pango, no two overlapping), the legend, the scale bar (true
 *                   at the map centre for the CRS) and the north arrow (rotated
 *                   by the grid convergence at the centre). Costly; once.
 *   cm_map_render   draws one date: fills by controller, hatching for
 *                   contested districts, outlines, the districts that changed
 *                   hands, event markers, labels, title, legend, scale bar,
 *                   north arrow and the attribution line. Cheap; per frame.
 *
 * Knows no file formats (mapfile.c picks the cairo surface) and no conflict:
 * the sides (legend labels; their colours through the style), the subtitle,
 * the attribution, the default CRS and view come from the profile
 * (core/profile.h). Owns its copy of the geometry, style and what it takes
 * from the profile: the cm_geomstore and the profile may be freed after
 * cm_mapctx_new. Depends on geo/ (geomstore, proj), model/ (timeline,
 * hierarchy), Cairo and Pango.
 *
 * Thread-safety: a cm_mapctx is immutable after cm_mapctx_new, so any number
 * of threads may call cm_map_render on it at once, each with its own cairo_t
 * and cm_ctx (Pango's default font map is per thread). */
#ifndef CM_RENDER_H
#define CM_RENDER_H

#include <cairo.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/day.h"
#include "core/str.h"
#include "core/status.h"
#include "geo/geomstore.h"
#include "model/timeline.h"
#include "map/markers.h"
#include "map/style.h"

/* How the region (province) names are drawn: in the English or canonical
 * name's language in font.family, in another language (the `fa` names of the
 * afghanistan profile, shaped right to left) in font.family_dari before
 * font.family and a little larger, or not at all. Which language:
 * cm_map_opts.labels_lang. */
typedef enum {
    CM_LABELS_EN = 0, /* labels_lang's names (NULL: geomstore's name_en) */
    CM_LABELS_DARI,   /* labels_lang's names (NULL: name_local); a region without one gets name_en */
    CM_LABELS_NONE    /* no region names */
} cm_label_lang;

typedef struct {
    int width, height;    /* frame size in cairo user units: px for PNG, pt for SVG/PDF; > 0 */
    const char *crs;      /* --crs text; NULL: the profile's (cm_map_opts_crs) */
    const double *bbox;   /* view {min_lon, min_lat, max_lon, max_lat} in degrees; NULL: the
                             profile's view, else the country's extent with a little air */
    cm_label_lang labels;
    const cm_style *style; /* NULL: cm_style_default; copied */
    bool no_text;          /* draw no text at all (golden images: fonts differ between machines) */
    bool vector;           /* for SVG/PDF: simplify less (viewers zoom) */
    bool cache_layers;     /* keep the date-independent layers as images for fast raster
                              frames (series): built on the first raster frame, ~3 frame
                              buffers of memory; ignored with vector */
    const cm_profile *profile; /* the conflict: legend, subtitle, attribution, default CRS and
                                  view, the style's side colours; NULL: none of them (no sides) */
    const char *labels_lang;   /* the language of the region names ("en", "fa": a name.LANG of
                                  the profile's layers); NULL: as cm_label_lang says */
} cm_map_opts;

/* The CRS a map of o is drawn in: o->crs, else the profile's, else NULL
 * (CM_PROJ_DEFAULT of geo/proj.h). Borrowed. */
const char *cm_map_opts_crs(const cm_map_opts *o);

typedef struct cm_mapctx cm_mapctx;

/* Prepares the map of gs (its districts, provinces, country outline and
 * neighbours) for frames of opts. gs needs districts; the rest is optional.
 * Errors: CM_PROJ for an unknown CRS or a bbox the CRS cannot show, CM_RANGE
 * for a bad size or bbox, CM_NOMEM. *out belongs to the caller. */
cm_status cm_mapctx_new(cm_ctx *ctx, const cm_geomstore *gs, const cm_map_opts *opts,
                        cm_mapctx **out) CM_WUR;
void cm_mapctx_free(cm_mapctx *m); /* NULL is a no-op */

/* The frame size of the options (px or pt). */
void cm_mapctx_size(const cm_mapctx *m, int *width, int *height);
/* Districts, in the order of the geomstore (the index of cm_frame arrays). */
size_t cm_mapctx_district_count(const cm_mapctx *m);
const char *cm_mapctx_district_pcode(const cm_mapctx *m, size_t i); /* borrowed */
/* cm_pcode_known_fn for the timeline's loaders, as cm_geomstore_pcode_known
 * but on the map's own units (country, provinces, districts): ud is the
 * cm_mapctx. So that a map read from the cache needs no geomstore. */
bool cm_mapctx_pcode_known(const char *pcode, void *ud);
/* cm_parent_fn for the timeline (cm_timeline_set_parents): the unit holding
 * code, from the boundaries the map was made of (each district's and
 * province's parent); ud is the cm_mapctx. NULL on top or for an unknown
 * code. Thread-safe. */
const char *cm_mapctx_parent(void *ud, const char *code);
/* Frame coordinates (px or pt from the top-left corner) of a lon/lat point;
 * false when the CRS cannot project it. Thread-safe (takes a lock). */
bool cm_mapctx_lonlat_to_px(const cm_mapctx *m, double lon_deg, double lat_deg, double *x,
                            double *y);
/* Ground length of one frame unit, horizontally at the frame centre, in
 * metres (what the scale bar shows). */
double cm_mapctx_m_per_px(const cm_mapctx *m);
/* Clockwise angle from frame-up to true north at the frame centre, degrees
 * (what the north arrow shows; the grid convergence). */
double cm_mapctx_north_deg(const cm_mapctx *m);

/* The names placed at preparation (provinces first, then neighbouring
 * countries), for tests and for callers that add their own text: text is
 * borrowed until cm_mapctx_free, box is x, y, width, height in frame units.
 * False when i is out of range. */
size_t cm_mapctx_label_count(const cm_mapctx *m);
bool cm_mapctx_label(const cm_mapctx *m, size_t i, const char **text, double box[4], bool *province);

/* One frame's data. */
typedef struct {
    cm_day day;                   /* the title */
    const cm_controller *ctrl;    /* per district (cm_mapctx_district_count); NULL: no information */
    const unsigned char *changed; /* per district: nonzero = controller differs from the day before; NULL: none */
    const cm_marker *markers;     /* drawn with one symbol per action; may be NULL */
    size_t nmarkers;
    bool svg_ids;                 /* precede each district fill with a mark (see cm_map_svg_mark) */
    const float *fade;            /* per district 0..1: how far its fill fades towards "no
                                     information" (staleness); NULL: none */
} cm_frame;

/* Draws the frame into cr at user coordinates (0,0)-(width,height) of the
 * options. cr's state is saved and restored. CM_CAIRO when cairo reports an
 * error on cr. Thread-safe as described above. */
cm_status cm_map_render(const cm_mapctx *m, cm_ctx *ctx, cairo_t *cr, const cm_frame *f) CM_WUR;

/* The districts' outlines in frame units, as the viewer's hover data (viewer.h):
 * {"w":W,"h":H,"d":[{"p":pcode,"n":name,"r":[[x,y,...],...]},...]}, points
 * thinned to about a pixel. Appends to out; CM_NOMEM only. */
cm_status cm_mapctx_outlines_json(const cm_mapctx *m, cm_buf *out) CM_WUR;

/* Draws only the title of day over a raster frame that cm_map_render drew for
 * another day with otherwise the same content: the pixels then equal those of
 * a full cm_map_render of day (the series' reuse of unchanged days). */
cm_status cm_map_render_title(const cm_mapctx *m, cm_ctx *ctx, cairo_t *cr, cm_day day) CM_WUR;

/* Staleness: per district, the fade of cm_frame.fade for day from the days
 * since the last report on it (the timeline's last_report) and the style's
 * half-life: 1 - 0.5^(age / half_life), at most 0.75; districts never
 * reported on get 0 (they are "no information" already). */
void cm_map_staleness_from_timeline(const cm_mapctx *m, const cm_timeline *tl, cm_day day, float *fade);

/* The controller of every district on day, and whether it differs from day-1,
 * under the timeline's rule. ctrl and changed (may be NULL) hold
 * cm_mapctx_district_count entries. */
void cm_map_state_from_timeline(const cm_mapctx *m, const cm_timeline *tl, cm_day day,
                                cm_controller *ctrl, unsigned char *changed);

/* Appends to out a line that changes whenever the fonts of opts (its style's
 * Latin font, and the Dari font with CM_LABELS_DARI) would measure text
 * differently — another font file, version or fontconfig set-up — so that
 * names placed with the old metrics are not reused (the cache key of
 * mapcache.h). Measures sample texts through Pango. CM_NOMEM only. */
cm_status cm_map_font_fingerprint(const cm_map_opts *opts, cm_buf *out) CM_WUR;

/* Releases the calling thread's Pango font map, so that leak checkers see a
 * clean exit. Call at the end of a process (or thread) that drew maps, after
 * every cm_mapctx is freed. */
void cm_render_release_fonts(void);

/* SVG district ids. Cairo's SVG surface cannot name elements, so with
 * cm_frame.svg_ids each district fill is preceded by a tiny fill in the mark
 * colour rgb(1, i >> 8, i & 255)/255 at opacity 0.5, i the district index;
 * the SVG writer removes the marks and gives the next <path> the pcode as id.
 * Decodes a mark from 8-bit channels and the opacity; false when it is none. */
bool cm_map_svg_mark(int r8, int g8, int b8, double opacity, size_t *index);

#endif
