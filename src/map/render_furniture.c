/* render_furniture: what frames the map (part of render, see render.c). Owns
 * the title band, the legend (control swatches and event symbols), the scale
 * bar with the north arrow, the attribution band, and the event marker
 * symbols themselves. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <string.h>

#include "map/render_impl.h"

static const char *const month_name[12] = {"January", "February", "March",     "April",
                                           "May",     "June",     "July",      "August",
                                           "September", "October", "November", "December"};

static const char *latin_family(const cm_mapctx *m) { return m->st.font; }

/* ---- legend, scale bar, north arrow ------------------------------------------- */

static void marker_path(cairo_t *cr, cm_mark_action a, double x, double y, double d);
static void swatch(const cm_mapctx *m, cairo_t *cr, cm_controller c, bool changed, rect r);

/* Lays out the legend with its top-left at (x, y); draws it when draw is set.
 * events: bit per action to list (0: no events section). Returns the size. */
void legend_layout(const cm_mapctx *m, cairo_t *cr, double x, double y, unsigned events,
                          bool draw, double *w_out, double *h_out)
{
    double k = m->k, pad = 10 * k, fs = m->st.legend_size * k, sw = 26 * k, sh = 15 * k;
    double gap = 8 * k, rowgap = 5 * k;
    const char *fam = latin_family(m);
    double tw, th, maxw = 0, cy = y + pad;
    /* heading */
    text_measure(cr, fam, fs * 1.05, PANGO_WEIGHT_BOLD, 0, "Control", &tw, &th);
    if (draw) text_draw(cr, fam, fs * 1.05, PANGO_WEIGHT_BOLD, 0, "Control", x + pad, cy, m->st.text, m->st.text, 0);
    maxw = tw;
    cy += th + rowgap;
    /* the profile's rows (cm_mapctx_take_profile), then "changed" */
    for (size_t i = 0; i <= m->nlegend; i++) {
        bool changed = i == m->nlegend;
        const char *t = changed ? "Changed since the day before" : m->legend_label[i];
        text_measure(cr, fam, fs, PANGO_WEIGHT_NORMAL, 0, t, &tw, &th);
        double rh = th > sh ? th : sh;
        if (draw) {
            cm_controller c = changed ? CM_CTRL_NONE : m->legend_ctrl[i];
            swatch(m, cr, c, changed, (rect){x + pad, cy + (rh - sh) / 2, sw, sh});
            text_draw(cr, fam, fs, PANGO_WEIGHT_NORMAL, 0, t, x + pad + sw + gap, cy + (rh - th) / 2,
                      m->st.text, m->st.text, 0);
        }
        if (sw + gap + tw > maxw) maxw = sw + gap + tw;
        cy += rh + rowgap;
    }
    if (events) {
        cy += rowgap;
        text_measure(cr, fam, fs * 1.05, PANGO_WEIGHT_BOLD, 0, "Events", &tw, &th);
        if (draw) text_draw(cr, fam, fs * 1.05, PANGO_WEIGHT_BOLD, 0, "Events", x + pad, cy, m->st.text, m->st.text, 0);
        cy += th + rowgap;
        /* two columns */
        int idx[CM_MARK_COUNT], n = 0;
        for (int a = 0; a < CM_MARK_COUNT; a++)
            if (events & (1u << a)) idx[n++] = a;
        int rows = (n + 1) / 2;
        double colw = 0, rh = 0;
        for (int i = 0; i < n; i++) {
            text_measure(cr, fam, fs, PANGO_WEIGHT_NORMAL, 0, cm_mark_action_name((cm_mark_action)idx[i]), &tw, &th);
            if (sh + gap + tw > colw) colw = sh + gap + tw;
            if (th > rh) rh = th;
        }
        colw += 2 * gap;
        for (int i = 0; i < n; i++) {
            int col = i / rows, row = i % rows;
            double ix = x + pad + col * colw, iy = cy + row * (rh + rowgap);
            if (draw) {
                marker_draw(m, cr, (cm_mark_action)idx[i], ix + sh / 2, iy + rh / 2, sh);
                text_draw(cr, fam, fs, PANGO_WEIGHT_NORMAL, 0, cm_mark_action_name((cm_mark_action)idx[i]),
                          ix + sh + gap, iy, m->st.text, m->st.text, 0);
            }
        }
        if (2 * colw - 2 * gap > maxw) maxw = 2 * colw - 2 * gap;
        cy += rows * (rh + rowgap);
    }
    *w_out = maxw + 2 * pad;
    *h_out = cy - y + pad - rowgap;
}

double nice_km(double km)
{
    double p = pow(10, floor(log10(km))), f = km / p;
    return (f >= 5 ? 5 : f >= 2 ? 2 : 1) * p;
}

static void fmt_km(char *buf, size_t n, double km)
{
    if (km >= 1) snprintf(buf, n, "%.0f", km);
    else snprintf(buf, n, "%g", km);
}

/* Scale bar with the north arrow to its right; top-left at (x, y). */
void scalebox_layout(const cm_mapctx *m, cairo_t *cr, double x, double y, bool draw,
                            double *w_out, double *h_out)
{
    double k = m->k, pad = 10 * k, fs = m->st.scalebar_size * k, bh = 7 * k;
    const char *fam = latin_family(m);
    char a[32], b[32], c[48];
    fmt_km(a, sizeof a, m->scale_km / 2);
    fmt_km(b, sizeof b, m->scale_km);
    snprintf(c, sizeof c, "%s km", b);
    double tw, th, cw = 0, ch = 0;
    if (!m->no_text) text_measure(cr, fam, fs, PANGO_WEIGHT_NORMAL, 0, c, &cw, &ch);
    double arrow_h = 46 * k, arrow_w = 22 * k;
    double barx = x + pad + 4 * k, bary = y + pad + arrow_h - bh - ch - 4 * k;
    if (bary < y + pad) bary = y + pad;
    double w = pad + 4 * k + m->scale_px + cw / 2 + 14 * k + arrow_w + pad;
    double h = pad + arrow_h + pad;
    if (draw) {
        cairo_save(cr);
        cairo_set_line_width(cr, 1 * k);
        for (int i = 0; i < 4; i++) {
            cairo_rectangle(cr, barx + i * m->scale_px / 4, bary, m->scale_px / 4, bh);
            if (i % 2 == 0) set_rgba(cr, m->st.text);
            else cairo_set_source_rgb(cr, 1, 1, 1);
            cairo_fill_preserve(cr);
            set_rgba(cr, m->st.text);
            cairo_stroke(cr);
        }
        const char *labs[3] = {"0", a, c};
        double at[3] = {barx, barx + m->scale_px / 2, barx + m->scale_px};
        for (int i = 0; i < 3 && !m->no_text; i++) {
            text_measure(cr, fam, fs, PANGO_WEIGHT_NORMAL, 0, labs[i], &tw, &th);
            double tx = at[i] - tw / 2;
            if (i == 2) { /* centre the number, not "100 km", on the bar's end */
                double nw, nh;
                text_measure(cr, fam, fs, PANGO_WEIGHT_NORMAL, 0, b, &nw, &nh);
                tx = at[i] - nw / 2;
            }
            text_draw(cr, fam, fs, PANGO_WEIGHT_NORMAL, 0, labs[i], tx, bary + bh + 3 * k, m->st.text,
                      m->st.text, 0);
        }
        /* north arrow, rotated to true north */
        double ax = x + w - pad - arrow_w / 2, ay = y + pad + arrow_h * 0.62;
        cairo_translate(cr, ax, ay);
        cairo_rotate(cr, m->north_deg * PI / 180);
        double L = arrow_h * 0.5, B = arrow_w * 0.42;
        cairo_move_to(cr, 0, -L);
        cairo_line_to(cr, -B, L * 0.55);
        cairo_line_to(cr, 0, L * 0.3);
        cairo_close_path(cr);
        set_rgba(cr, m->st.text);
        cairo_fill(cr);
        cairo_move_to(cr, 0, -L);
        cairo_line_to(cr, B, L * 0.55);
        cairo_line_to(cr, 0, L * 0.3);
        cairo_close_path(cr);
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_fill_preserve(cr);
        set_rgba(cr, m->st.text);
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
        cairo_stroke(cr);
        if (!m->no_text) {
            text_measure(cr, fam, fs * 1.1, PANGO_WEIGHT_BOLD, 0, "N", &tw, &th);
            text_draw(cr, fam, fs * 1.1, PANGO_WEIGHT_BOLD, 0, "N", -tw / 2, -L - th - 1 * k, m->st.text,
                      m->st.text, 0);
        }
        cairo_restore(cr);
    }
    *w_out = w;
    *h_out = h;
}

void hatch(cairo_t *cr, double x0, double y0, double x1, double y1, double sp)
{
    /* Lines x - y = c, anchored to the frame origin so neighbouring
     * districts' hatching lines up. */
    double c0 = floor((x0 - y1) / sp) * sp, c1 = x1 - y0;
    for (double c = c0; c <= c1; c += sp) {
        cairo_move_to(cr, y0 + c, y0);
        cairo_line_to(cr, y1 + c, y1);
    }
}

/* Legend swatch: controller c's fill (hatched for contested), or with changed
 * the "changed since the day before" outline over none's fill. */
static void swatch(const cm_mapctx *m, cairo_t *cr, cm_controller c, bool changed, rect r)
{
    const cm_style *st = &m->st;
    cairo_save(cr);
    cairo_rectangle(cr, r.x, r.y, r.w, r.h);
    set_rgba(cr, cm_style_ctrl_fill(st, c));
    cairo_fill_preserve(cr);
    if (c == CM_CTRL_CONTESTED) {
        cairo_clip_preserve(cr);
        cairo_new_path(cr);
        hatch(cr, r.x, r.y, r.x + r.w, r.y + r.h, st->hatch_spacing * m->k);
        set_rgba(cr, st->contested_hatch);
        cairo_set_line_width(cr, st->hatch_w * m->k);
        cairo_stroke(cr);
        cairo_reset_clip(cr);
        cairo_rectangle(cr, r.x, r.y, r.w, r.h);
    }
    if (changed) {
        set_rgba(cr, st->changed_line);
        cairo_set_line_width(cr, st->changed_w * m->k * 0.8);
    } else {
        set_rgba(cr, st->panel_line);
        cairo_set_line_width(cr, 0.8 * m->k);
    }
    cairo_stroke(cr);
    cairo_restore(cr);
}

static void marker_path(cairo_t *cr, cm_mark_action a, double x, double y, double d)
{
    double r = d / 2;
    switch (a) {
    case CM_MARK_CAPTURE: /* triangle up */
        cairo_move_to(cr, x, y - r);
        cairo_line_to(cr, x + r * 0.95, y + r * 0.72);
        cairo_line_to(cr, x - r * 0.95, y + r * 0.72);
        cairo_close_path(cr);
        break;
    case CM_MARK_RETAKE: /* triangle down */
        cairo_move_to(cr, x, y + r);
        cairo_line_to(cr, x + r * 0.95, y - r * 0.72);
        cairo_line_to(cr, x - r * 0.95, y - r * 0.72);
        cairo_close_path(cr);
        break;
    case CM_MARK_HOLD: /* square */
        cairo_rectangle(cr, x - r * 0.78, y - r * 0.78, r * 1.56, r * 1.56);
        break;
    case CM_MARK_ATTACK: /* five-pointed star */
        for (int i = 0; i < 10; i++) {
            double ang = -PI / 2 + i * PI / 5, rr = i % 2 ? r * 0.45 : r * 1.05;
            double px = x + rr * cos(ang), py = y + 0.05 * r + rr * sin(ang);
            if (i == 0) cairo_move_to(cr, px, py);
            else cairo_line_to(cr, px, py);
        }
        cairo_close_path(cr);
        break;
    case CM_MARK_WITHDRAW: /* diamond */
        cairo_move_to(cr, x, y - r);
        cairo_line_to(cr, x + r * 0.8, y);
        cairo_line_to(cr, x, y + r);
        cairo_line_to(cr, x - r * 0.8, y);
        cairo_close_path(cr);
        break;
    case CM_MARK_FLEE: /* circle */
        cairo_new_sub_path(cr);
        cairo_arc(cr, x, y, r * 0.72, 0, 2 * PI);
        cairo_close_path(cr);
        break;
    case CM_MARK_SIEGE: /* ring: outer circle; drawn as a stroke */
        cairo_new_sub_path(cr);
        cairo_arc(cr, x, y, r * 0.72, 0, 2 * PI);
        break;
    case CM_MARK_CLASH: /* cross: drawn as strokes */
        cairo_move_to(cr, x - r * 0.7, y - r * 0.7);
        cairo_line_to(cr, x + r * 0.7, y + r * 0.7);
        cairo_move_to(cr, x + r * 0.7, y - r * 0.7);
        cairo_line_to(cr, x - r * 0.7, y + r * 0.7);
        break;
    default:
        break;
    }
}

void marker_draw(const cm_mapctx *m, cairo_t *cr, cm_mark_action a, double x, double y, double d)
{
    double k = m->k;
    cairo_save(cr);
    cairo_new_path(cr);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
    marker_path(cr, a, x, y, d);
    if (a == CM_MARK_SIEGE || a == CM_MARK_CLASH) {
        double lw = a == CM_MARK_SIEGE ? d * 0.16 : d * 0.2;
        set_rgba(cr, m->st.marker_line);
        cairo_set_line_width(cr, lw + 2.5 * k);
        cairo_stroke_preserve(cr);
        set_rgba(cr, m->st.marker);
        cairo_set_line_width(cr, lw);
        cairo_stroke(cr);
        if (a == CM_MARK_SIEGE) {
            cairo_arc(cr, x, y, d * 0.12, 0, 2 * PI);
            cairo_fill(cr);
        }
    } else {
        set_rgba(cr, m->st.marker_line);
        cairo_set_line_width(cr, 2.5 * k);
        cairo_stroke_preserve(cr);
        set_rgba(cr, m->st.marker);
        cairo_fill(cr);
    }
    cairo_restore(cr);
}

static void fmt_title(cm_day day, char *buf, size_t n)
{
    int y, mo, d;
    cm_day_to_ymd(day, &y, &mo, &d);
    snprintf(buf, n, "%d %s %d", d, month_name[(mo - 1) % 12], y);
}

void draw_attribution(const cm_mapctx *m, cairo_t *cr)
{
    const cm_style *st = &m->st;
    cairo_rectangle(cr, 0, m->H - m->attr_h, m->W, m->attr_h);
    set_rgba(cr, st->panel);
    cairo_fill(cr);
    text_draw(cr, st->font, st->attribution_size * m->k, PANGO_WEIGHT_NORMAL, 0, m->attribution, 16 * m->k,
              m->H - m->attr_h + 5 * m->k, st->text, st->text, 0);
}

void draw_scalebox(const cm_mapctx *m, cairo_t *cr)
{
    rect r = m->scalebox;
    cairo_rectangle(cr, r.x, r.y, r.w, r.h);
    set_rgba(cr, m->st.panel);
    cairo_fill_preserve(cr);
    set_rgba(cr, m->st.panel_line);
    cairo_set_line_width(cr, 1 * m->k);
    cairo_stroke(cr);
    double w, h;
    scalebox_layout(m, cr, r.x, r.y, true, &w, &h);
}

/* Title band and legend. */
/* The title band is opaque (the panel colour without its alpha): a series
 * draws a new day's title over the day before by repainting the band's inner
 * rows — whole pixel rows clear of its bottom line — and the title
 * (cm_map_render_title); being opaque, those rows then hold exactly what a
 * whole frame of that day holds. */
double title_rows(const cm_mapctx *m) { return floor(m->title_h - 2 * m->k); }

void title_text(const cm_mapctx *m, cairo_t *cr, cm_day day)
{
    const cm_style *st = &m->st;
    double k = m->k;
    char title[64];
    fmt_title(day, title, sizeof title);
    double tw, th;
    text_measure(cr, st->font, st->title_size * k, PANGO_WEIGHT_BOLD, 0, title, &tw, &th);
    text_draw(cr, st->font, st->title_size * k, PANGO_WEIGHT_BOLD, 0, title, 16 * k, 10 * k, st->title,
              st->title, 0);
    /* the profile's subtitle; a "%s" in it stands for the day */
    char sub[512];
    const char *s = m->subtitle ? m->subtitle : "", *at = strstr(s, "%s");
    if (at) snprintf(sub, sizeof sub, "%.*s%s%s", (int)(at - s), s, title, at + 2);
    else snprintf(sub, sizeof sub, "%s", s);
    if (*sub)
        text_draw(cr, st->font, st->subtitle_size * k, PANGO_WEIGHT_NORMAL, 0, sub, 16 * k, 10 * k + th + 2 * k,
                  st->text, st->text, 0);
}

void layer_title_legend(const cm_mapctx *m, cairo_t *cr, const cm_frame *f)
{
    if (m->no_text) return;
    const cm_style *st = &m->st;
    double k = m->k, W = m->W;
    cairo_rectangle(cr, 0, 0, W, m->title_h);
    cairo_set_source_rgb(cr, st->panel.r, st->panel.g, st->panel.b);
    cairo_fill(cr);
    cairo_move_to(cr, 0, m->title_h);
    cairo_line_to(cr, W, m->title_h);
    set_rgba(cr, st->panel_line);
    cairo_set_line_width(cr, 1 * k);
    cairo_stroke(cr);
    title_text(m, cr, f->day);
    /* the event rows list only the actions drawn today */
    unsigned ev = 0;
    for (size_t i = 0; i < f->nmarkers; i++) {
        double x, y;
        if (cm_mapctx_lonlat_to_px(m, f->markers[i].lon_deg, f->markers[i].lat_deg, &x, &y) && x >= 0 &&
            y >= 0 && x <= m->W && y <= m->H)
            ev |= 1u << f->markers[i].action;
    }
    double lw, lh;
    legend_layout(m, cr, 0, 0, ev, false, &lw, &lh);
    rect lr = m->legend;
    if (m->legend_corner / 2) lr.y += m->legend.h - lh; /* bottom corners keep the bottom edge */
    if (m->legend_corner % 2) lr.x += m->legend.w - lw;
    cairo_rectangle(cr, lr.x, lr.y, lw, lh);
    set_rgba(cr, st->panel);
    cairo_fill_preserve(cr);
    set_rgba(cr, st->panel_line);
    cairo_set_line_width(cr, 1 * k);
    cairo_stroke(cr);
    legend_layout(m, cr, lr.x, lr.y, ev, true, &lw, &lh);
}
