/* style: colours, line widths, fonts and sizes of the map.
 *
 * Owns the built-in default style and the parser of the small style file that
 * overrides it (`--style FILE`): one `key = value` per line, `#` starts a
 * comment line; every key is documented in docs/style.md. Colours are
 * #rrggbb or #rrggbbaa, widths and sizes in pixels of a 1600x1200 frame (the
 * renderer scales them with the frame), fonts are fontconfig family names.
 * The fills of the sides come from the conflict's profile (core/profile.h)
 * and are overridden by the keys `color.ID`, ID a side's id. libc only: knows
 * nothing of Cairo. A cm_style is a plain value (it holds copies of the side
 * ids): copy it freely; reading it from many threads is safe. */
#ifndef CM_STYLE_H
#define CM_STYLE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/profile.h"
#include "core/status.h"

typedef struct {
    double r, g, b, a; /* 0..1, not premultiplied */
} cm_rgba;

#define CM_STYLE_FONT_MAX 64
#define CM_STYLE_ID_MAX 32 /* a side id and its NUL (profile ids are at most 31 bytes) */

typedef struct {
    /* fills */
    cm_rgba background;      /* outside every country */
    cm_rgba neighbour;       /* neighbouring countries */
    size_t nsides;           /* the profile's sides, in its order */
    char side_id[CM_SIDES_MAX][CM_STYLE_ID_MAX]; /* their ids: the keys color.ID */
    cm_rgba side[CM_SIDES_MAX]; /* units held by side i (controller i + 1) */
    cm_rgba contested;       /* ground under the hatching of contested districts */
    cm_rgba contested_hatch; /* the hatching lines */
    cm_rgba none;            /* districts without information */
    /* lines */
    cm_rgba district_line, province_line, country_line, neighbour_line, changed_line;
    double district_w, province_w, country_w, neighbour_w, changed_w; /* px */
    double hatch_w, hatch_spacing;                                    /* px */
    /* text */
    cm_rgba label, label_halo, neighbour_text, title, text, panel, panel_line;
    char font[CM_STYLE_FONT_MAX];      /* Latin text: "DejaVu Sans" */
    char font_dari[CM_STYLE_FONT_MAX]; /* Arabic-script labels: "Noto Sans Arabic" */
    double title_size, subtitle_size, label_size, neighbour_size, legend_size,
        attribution_size, scalebar_size; /* px (font size, i.e. em height) */
    double label_halo_w;                 /* px */
    /* markers */
    cm_rgba marker, marker_line;
    double marker_size; /* px, symbol diameter */
    double stale_half_life; /* days: with --staleness a district's colour is half faded
                               towards "no information" this long after its last report */
} cm_style;

/* The built-in style, with the sides of profile p (their ids and colours);
 * p NULL: no sides. */
void cm_style_default(cm_style *s, const cm_profile *p);

/* The fill of units held by controller c: a side's, contested's ground, or
 * none's (for CM_CTRL_NONE and numbers past the style's sides). */
cm_rgba cm_style_ctrl_fill(const cm_style *s, cm_controller c);

/* Applies the keys of a style file onto s (start from cm_style_default).
 * CM_PARSE naming file and line for an unknown key, a malformed value or a
 * line without '='; CM_IO when the file cannot be read. On error s may hold
 * the lines before the bad one. */
cm_status cm_style_load(cm_style *s, cm_ctx *ctx, const char *path) CM_WUR;

/* Sets one key from text (the parser's unit; also for tests). A key of the
 * fixed list wins over a side of the same id (a side "neighbour" keeps its
 * profile colour). CM_NOTFOUND for an unknown key, CM_PARSE for a bad value;
 * the message names the key only (the loader adds file and line). */
cm_status cm_style_set(cm_style *s, cm_ctx *ctx, const char *key, const char *value) CM_WUR;

/* Parses "#rrggbb" or "#rrggbbaa". */
bool cm_rgba_parse(const char *s, cm_rgba *out);

/* Fixed key i (0, 1, ...) in the order docs/style.md lists them; NULL past
 * the end. The side keys color.ID are not among them. */
const char *cm_style_key(size_t i);

#endif
