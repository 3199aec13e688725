/* render_text: text on the map (part of render, see render.c). Owns the Pango
 * layouts of every name and caption: measured without hinting, so that boxes
 * found at preparation hold on PNG, SVG and PDF alike, and drawn with an
 * optional halo. */
#define _POSIX_C_SOURCE 200809L
#include <pango/pangocairo.h>

#include "map/render_impl.h"

/* ---- text -------------------------------------------------------------------- */

/* A layout with metrics independent of the surface (no hinting), so that
 * boxes measured at preparation hold on PNG, SVG and PDF alike. */
static PangoLayout *text_layout(cairo_t *cr, const char *family, double size, int weight,
                                double spacing, const char *text)
{
    PangoLayout *l = pango_cairo_create_layout(cr);
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(pango_layout_get_context(l), fo);
    cairo_font_options_destroy(fo);
    pango_layout_context_changed(l);
    PangoFontDescription *fd = pango_font_description_from_string(family);
    pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
    pango_font_description_set_weight(fd, (PangoWeight)weight);
    pango_layout_set_font_description(l, fd);
    pango_font_description_free(fd);
    if (spacing > 0) {
        PangoAttrList *al = pango_attr_list_new();
        pango_attr_list_insert(al, pango_attr_letter_spacing_new((int)(spacing * PANGO_SCALE)));
        pango_layout_set_attributes(l, al);
        pango_attr_list_unref(al);
    }
    pango_layout_set_text(l, text, -1);
    return l;
}

/* Size and offset of the logical box (ink = false: line height, for rows of
 * text) or of the ink box (ink = true: the glyphs themselves, for names on
 * the map, where the line spacing of a tall Arabic font would waste room). */
static void layout_box(PangoLayout *l, bool ink, double *w, double *h, double *lx, double *ly)
{
    PangoRectangle in, lg;
    pango_layout_get_extents(l, &in, &lg);
    PangoRectangle *r = ink ? &in : &lg;
    *w = (double)r->width / PANGO_SCALE;
    *h = (double)r->height / PANGO_SCALE;
    if (lx) *lx = (double)r->x / PANGO_SCALE;
    if (ly) *ly = (double)r->y / PANGO_SCALE;
}

static void layout_size(PangoLayout *l, double *w, double *h, double *lx, double *ly)
{
    layout_box(l, false, w, h, lx, ly);
}

void text_measure_ink(cairo_t *cr, const char *family, double size, int weight, double spacing,
                             const char *text, double *w, double *h)
{
    PangoLayout *l = text_layout(cr, family, size, weight, spacing, text);
    layout_box(l, true, w, h, NULL, NULL);
    g_object_unref(l);
}

void text_measure(cairo_t *cr, const char *family, double size, int weight, double spacing,
                         const char *text, double *w, double *h)
{
    PangoLayout *l = text_layout(cr, family, size, weight, spacing, text);
    layout_size(l, w, h, NULL, NULL);
    g_object_unref(l);
}

/* Draws text with its logical box's top-left at (x, y); a halo when halo_w > 0. */
/* Draws text with its logical box's top-left at (x, y); a halo when halo_w > 0.
 * The halo strokes the glyph outlines; the glyphs themselves are shown as
 * glyphs (Cairo's glyph cache on images, one <symbol> per glyph in SVG). */
void text_draw_box(cairo_t *cr, const char *family, double size, int weight, double spacing,
                          const char *text, bool ink, double x, double y, cm_rgba fill, cm_rgba halo,
                          double halo_w)
{
    PangoLayout *l = text_layout(cr, family, size, weight, spacing, text);
    double w, h, lx, ly;
    layout_box(l, ink, &w, &h, &lx, &ly);
    cairo_new_path(cr);
    if (halo_w > 0 && halo.a > 0) {
        cairo_move_to(cr, x - lx, y - ly);
        pango_cairo_layout_path(cr, l);
        set_rgba(cr, halo);
        cairo_set_line_width(cr, 2 * halo_w);
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
        cairo_stroke(cr);
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_BEVEL);
    }
    cairo_move_to(cr, x - lx, y - ly);
    set_rgba(cr, fill);
    pango_cairo_show_layout(cr, l);
    cairo_new_path(cr);
    g_object_unref(l);
}

void text_draw(cairo_t *cr, const char *family, double size, int weight, double spacing,
                      const char *text, double x, double y, cm_rgba fill, cm_rgba halo, double halo_w)
{
    text_draw_box(cr, family, size, weight, spacing, text, false, x, y, fill, halo, halo_w);
}
