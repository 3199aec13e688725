/* render_labels: where the names go (part of render, see render.c). Owns the
 * coverage masks (an A8 Cairo surface per unit read through a summed-area
 * table, so "is this box inside its province and clear of Afghanistan" is
 * O(1)), the placement of the legend and scale box corners and of the
 * province and neighbour names at preparation, the names moved off a day's
 * event markers, and the markers with their place names on each frame. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <pango/pangocairo.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/str.h"
#include "map/render_impl.h"

/* ---- coverage masks ---------------------------------------------------------- */

typedef struct {
    double ox, oy; /* frame position of mask pixel (0,0) */
    double s;      /* mask pixels per frame unit */
    int w, h;
    uint32_t *sat; /* (w+1)*(h+1) summed-area table of 0..255 coverage */
} mask;

static void mask_free(mask *mk)
{
    free(mk->sat);
    mk->sat = NULL;
}

/* Rasterises the union of g[0..ng) over the frame rectangle r at s. */
static bool mask_build(mask *mk, const pgeom *const *g, size_t ng, rect r, double s)
{
    memset(mk, 0, sizeof *mk);
    mk->ox = r.x;
    mk->oy = r.y;
    mk->s = s;
    mk->w = (int)ceil(r.w * s);
    mk->h = (int)ceil(r.h * s);
    if (mk->w < 1) mk->w = 1;
    if (mk->h < 1) mk->h = 1;
    cairo_surface_t *sf = cairo_image_surface_create(CAIRO_FORMAT_A8, mk->w, mk->h);
    if (cairo_surface_status(sf)) {
        cairo_surface_destroy(sf);
        return false;
    }
    cairo_t *cr = cairo_create(sf);
    cairo_scale(cr, s, s);
    cairo_translate(cr, -r.x, -r.y);
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
    for (size_t i = 0; i < ng; i++) add_path(cr, g[i]);
    cairo_set_source_rgba(cr, 0, 0, 0, 1);
    cairo_fill(cr);
    cairo_destroy(cr);
    cairo_surface_flush(sf);
    const unsigned char *d = cairo_image_surface_get_data(sf);
    int stride = cairo_image_surface_get_stride(sf);
    size_t cells;
    bool ok = cm_size_mul((size_t)(mk->w + 1), (size_t)(mk->h + 1), &cells);
    mk->sat = ok ? calloc(cells, sizeof(uint32_t)) : NULL;
    if (mk->sat) {
        size_t W1 = (size_t)mk->w + 1;
        for (int y = 0; y < mk->h; y++) {
            uint32_t row = 0;
            const unsigned char *line = d + (size_t)y * (size_t)stride;
            uint32_t *cur = mk->sat + (size_t)(y + 1) * W1, *prev = mk->sat + (size_t)y * W1;
            for (int x = 0; x < mk->w; x++) {
                row += line[x];
                cur[x + 1] = prev[x + 1] + row;
            }
        }
    }
    cairo_surface_destroy(sf);
    return mk->sat != NULL;
}

/* Fraction of rectangle r (frame units) covered; parts outside the mask
 * count as uncovered. */
static double mask_cov(const mask *mk, rect r)
{
    if (!mk->sat || r.w <= 0 || r.h <= 0) return 0;
    double fx0 = (r.x - mk->ox) * mk->s, fy0 = (r.y - mk->oy) * mk->s;
    double fx1 = (r.x + r.w - mk->ox) * mk->s, fy1 = (r.y + r.h - mk->oy) * mk->s;
    int x0 = (int)floor(fx0), y0 = (int)floor(fy0), x1 = (int)ceil(fx1), y1 = (int)ceil(fy1);
    double full = (double)(x1 - x0) * (double)(y1 - y0);
    if (full <= 0) return 0;
    if (x0 < 0) x0 = 0;
    if (y0 < 0) y0 = 0;
    if (x1 > mk->w) x1 = mk->w;
    if (y1 > mk->h) y1 = mk->h;
    if (x1 <= x0 || y1 <= y0) return 0;
    size_t W1 = (size_t)mk->w + 1;
    double sum = (double)mk->sat[(size_t)y1 * W1 + (size_t)x1] - mk->sat[(size_t)y0 * W1 + (size_t)x1] -
                 mk->sat[(size_t)y1 * W1 + (size_t)x0] + mk->sat[(size_t)y0 * W1 + (size_t)x0];
    return sum / (255.0 * full);
}

/* Room around a name's glyphs for its halo (and a hair more). */
static double label_pad(const cm_mapctx *m, bool neighbour)
{
    return m->st.label_halo_w * m->k * (neighbour ? 0.6 : 1) + 0.5 * m->k;
}

/* ---- placement -------------------------------------------------------------- */

static rect inflate(rect r, double d) { return (rect){r.x - d, r.y - d, r.w + 2 * d, r.h + 2 * d}; }

static bool blocked(rect r, const rect *obst, size_t n, double gap)
{
    for (size_t i = 0; i < n; i++)
        if (rect_hit(r, obst[i], gap)) return true;
    return false;
}

/* Best position for a w x h box: at least min_cov of it inside `in`, none of
 * it (with a margin) on `avoid`, clear of obstacles, within area; prefers
 * boxes deep inside and near (px, py). */
/* Best position for a w x h box: at least min_cov of it inside `in`, none of
 * it (with a margin) on `avoid`, clear of obstacles, within area; prefers
 * boxes deep inside and near (px, py). When alt is given, up to nalt more
 * good positions that overlap neither the best one nor each other are
 * written there (*nalt_out of them): the renderer falls back on them when a
 * day's event marker sits on the label. */
enum { NALT = 4, NKEEP = 8 };
static bool place_box(const mask *in, const mask *avoid, double w, double h, double px, double py,
                      double min_cov, const rect *obst, size_t nobst, rect area, double gap,
                      double step, rect *out, rect *alt, int *nalt_out)
{
    double rx0 = in->ox > area.x ? in->ox : area.x, ry0 = in->oy > area.y ? in->oy : area.y;
    double rx1 = in->ox + in->w / in->s, ry1 = in->oy + in->h / in->s;
    if (rx1 > area.x + area.w) rx1 = area.x + area.w;
    if (ry1 > area.y + area.h) ry1 = area.y + area.h;
    if (nalt_out) *nalt_out = 0;
    if (rx1 - rx0 < w || ry1 - ry0 < h) return false;
    if (step < 1.5) step = 1.5;
    double diag = hypot(rx1 - rx0, ry1 - ry0);
    /* the NKEEP best candidates, best first */
    rect keep[NKEEP];
    double ks[NKEEP];
    int nk = 0;
    for (double y = ry0; y + h <= ry1; y += step)
        for (double x = rx0; x + w <= rx1; x += step) {
            rect r = {x, y, w, h};
            double cov = mask_cov(in, r);
            if (cov < min_cov) continue;
            if (avoid && mask_cov(avoid, inflate(r, h * 0.15)) > 0.002) continue;
            if (blocked(r, obst, nobst, gap)) continue;
            double inner = mask_cov(in, inflate(r, h * 0.6));
            double d = hypot(x + w / 2 - px, y + h / 2 - py) / (diag > 0 ? diag : 1);
            double score = cov + inner - 0.35 * d;
            /* keep mutually apart local bests: a candidate overlapping a
             * better kept one is dropped, and replaces worse ones it overlaps */
            bool worse = false;
            for (int i = 0; i < nk && !worse; i++) worse = rect_hit(r, keep[i], 0) && ks[i] >= score;
            if (worse) continue;
            int w2 = 0;
            for (int i = 0; i < nk; i++)
                if (!rect_hit(r, keep[i], 0)) keep[w2] = keep[i], ks[w2++] = ks[i];
            nk = w2;
            if (nk == NKEEP && score <= ks[nk - 1]) continue;
            int at = nk < NKEEP ? nk++ : NKEEP - 1;
            while (at > 0 && ks[at - 1] < score) {
                ks[at] = ks[at - 1];
                keep[at] = keep[at - 1];
                at--;
            }
            ks[at] = score;
            keep[at] = r;
        }
    if (nk == 0) return false;
    *out = keep[0];
    if (alt && nalt_out) {
        int na = 0;
        for (int i = 1; i < nk && na < NALT; i++) {
            bool clash = rect_hit(keep[i], keep[0], gap);
            for (int j = 0; j < na && !clash; j++) clash = rect_hit(keep[i], alt[j], gap);
            if (!clash) alt[na++] = keep[i];
        }
        *nalt_out = na;
    }
    return true;
}

typedef struct {
    size_t i;     /* province index */
    double area;  /* frame units squared */
    rect box;     /* its part of the frame */
    mask mk;      /* built in its turn */
} prov_mask;

static int by_area(const void *a, const void *b)
{
    double x = ((const prov_mask *)a)->area, y = ((const prov_mask *)b)->area;
    return x < y ? -1 : x > y;
}

static cm_status label_push(cm_mapctx *m, cm_ctx *ctx, size_t *cap, const plabel *l)
{
    if (m->nlab == *cap) {
        size_t c = *cap ? 2 * *cap : 64;
        plabel *v = cm_arena_calloc(m->arena, c, sizeof *v);
        if (!v) return cm_fail(ctx, CM_NOMEM, "out of memory");
        if (m->nlab) memcpy(v, m->lab, m->nlab * sizeof *v);
        m->lab = v;
        *cap = c;
    }
    m->lab[m->nlab++] = *l;
    return CM_OK;
}

static rect map_area(const cm_mapctx *m)
{
    double pad = 6 * m->k;
    return (rect){pad, m->title_h + pad, m->W - 2 * pad, m->H - m->title_h - m->attr_h - 2 * pad};
}

static rect corner_rect(const cm_mapctx *m, int corner, double w, double h)
{
    rect a = map_area(m);
    double pad = 10 * m->k;
    double x = corner % 2 ? a.x + a.w - pad - w : a.x + pad;
    double y = corner / 2 ? a.y + a.h - pad - h : a.y + pad;
    return (rect){x, y, w, h};
}

/* Places the legend and the scale box in the corners that hide the least of
 * Afghanistan, then the province and neighbour names. */
cm_status place_all(cm_mapctx *m, cm_ctx *ctx, const cm_geomstore *gs)
{
    cm_status st = CM_OK;
    cairo_surface_t *msf = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 8, 8);
    cairo_t *mcr = cairo_create(msf);
    prov_mask *pm = NULL;
    size_t npm = 0, labcap = 0;
    mask af = {0}, nbm = {0};
    rect *obst = NULL;
    size_t nobst = 0;
    /* Resolution of the masks: frame units, capped so huge frames stay cheap. */
    double big = m->W > m->H ? m->W : m->H;
    double s1 = big > 2000 ? 2000 / big : 1, s2 = s1 / 2;
    rect area = map_area(m);
    const pgeom *afg[1] = {&m->country};
    const pgeom **dist_ptrs = NULL;
    if (m->country.nrings) {
        if (!mask_build(&af, afg, 1, (rect){0, 0, m->W, m->H}, s2)) goto nomem;
    } else {
        dist_ptrs = malloc((m->ndist + 1) * sizeof *dist_ptrs);
        if (!dist_ptrs) goto nomem;
        for (size_t i = 0; i < m->ndist; i++) dist_ptrs[i] = &m->dist[i];
        if (!mask_build(&af, dist_ptrs, m->ndist, (rect){0, 0, m->W, m->H}, s2)) goto nomem;
    }
    /* legend and scale box: corners 3 (BR), 2 (BL), 1 (TR), 0 (TL) in that
     * order of preference on equal cover */
    double lw = 0, lh = 0, sw = 0, sh = 0;
    if (!m->no_text) legend_layout(m, mcr, 0, 0, (1u << CM_MARK_COUNT) - 1, false, &lw, &lh);
    scalebox_layout(m, mcr, 0, 0, false, &sw, &sh);
    static const int pref[4] = {3, 2, 1, 0};
    double best = HUGE_VAL;
    m->legend_corner = 3;
    if (!m->no_text)
        for (int i = 0; i < 4; i++) {
            double c = mask_cov(&af, corner_rect(m, pref[i], lw, lh));
            if (c < best - 0.01) {
                best = c;
                m->legend_corner = pref[i];
            }
        }
    best = HUGE_VAL;
    m->scale_corner = 2;
    for (int i = 0; i < 4; i++) {
        if (!m->no_text && pref[i] == m->legend_corner) continue;
        double c = mask_cov(&af, corner_rect(m, pref[i], sw, sh));
        if (c < best - 0.01) {
            best = c;
            m->scale_corner = pref[i];
        }
    }
    m->legend = m->no_text ? (rect){0, 0, 0, 0} : corner_rect(m, m->legend_corner, lw, lh);
    m->scalebox = corner_rect(m, m->scale_corner, sw, sh);
    if (m->no_text) goto done;

    /* obstacles: legend, scale box, then every placed label */
    /* The names drawn: the regions', else (a profile without regions) the units'. */
    const pgeom *lg = m->nprov ? m->prov : m->dist;
    size_t nl = m->nprov ? m->nprov : m->ndist;
    cm_geom_level lvl = m->nprov ? CM_GEOM_PROVINCE : CM_GEOM_DISTRICT;
    obst = malloc((nl + m->nnb + 4) * sizeof *obst);
    if (!obst) goto nomem;
    double lpad = label_pad(m, false), npad = label_pad(m, true);
    obst[nobst++] = inflate(m->legend, 4 * m->k);
    obst[nobst++] = inflate(m->scalebox, 4 * m->k);
    double gap = 3 * m->k;

    if (m->labels != CM_LABELS_NONE && nl) {
        pm = calloc(nl, sizeof *pm);
        if (!pm) goto nomem;
        for (size_t i = 0; i < nl; i++) {
            const pgeom *g = &lg[i];
            if (!geom_visible(g, m->W, m->H, 0)) continue;
            double x0 = g->bbox[0] > 0 ? g->bbox[0] : 0, y0 = g->bbox[1] > 0 ? g->bbox[1] : 0;
            double x1 = g->bbox[2] < m->W ? g->bbox[2] : m->W, y1 = g->bbox[3] < m->H ? g->bbox[3] : m->H;
            if (x1 <= x0 || y1 <= y0) continue;
            /* area by the shoelace formula (even-odd rings: holes subtract
             * as long as they wind the other way, as OCHA's do); the mask
             * itself is built just before the province's turn, one at a time */
            double a2 = 0;
            for (uint32_t r = 0; r < g->nrings; r++)
                for (uint32_t k = g->ring[r], b = g->ring[r + 1]; k < b; k++) {
                    uint32_t q = k + 1 < b ? k + 1 : g->ring[r];
                    a2 += (double)g->xy[2 * k] * g->xy[2 * q + 1] - (double)g->xy[2 * q] * g->xy[2 * k + 1];
                }
            prov_mask *p = &pm[npm++];
            p->i = i;
            p->area = fabs(a2) / 2;
            p->box = (rect){x0, y0, x1 - x0, y1 - y0};
        }
        /* small provinces first: they have the fewest places to go */
        qsort(pm, npm, sizeof *pm, by_area);
        static const double tries[][2] = {{1.0, 0.93}, {0.88, 0.93}, {0.78, 0.86}, {0.72, 0.6}, {0.68, 0.3}};
        for (size_t j = 0; j < npm; j++) {
            const cm_geom_unit *u = cm_geomstore_get(gs, lvl, pm[j].i);
            const char *want = m->labels_lang ? cm_geom_unit_name(u, m->labels_lang) : NULL;
            const char *other = m->labels != CM_LABELS_DARI ? "" : want ? want : u->name_local;
            bool dari = *other;
            const char *text = dari ? other : want && *want ? want : u->name_en;
            if (!*text) continue;
            const pgeom *one[1] = {&lg[pm[j].i]};
            if (j) mask_free(&pm[j - 1].mk);
            if (!mask_build(&pm[j].mk, one, 1, pm[j].box, s1)) goto nomem;
            char fam[2 * CM_STYLE_FONT_MAX + 2];
            if (dari) snprintf(fam, sizeof fam, "%s,%s", m->st.font_dari, m->st.font);
            else snprintf(fam, sizeof fam, "%s", m->st.font);
            double px = 0, py = 0;
            bool have_pt = cm_mapctx_lonlat_to_px(m, u->in_lon_deg, u->in_lat_deg, &px, &py);
            if (!have_pt) {
                px = (lg[pm[j].i].bbox[0] + lg[pm[j].i].bbox[2]) / 2;
                py = (lg[pm[j].i].bbox[1] + lg[pm[j].i].bbox[3]) / 2;
            }
            bool placed = false;
            /* Arabic script at the same em size looks a size smaller */
            double base = m->st.label_size * m->k * (dari ? 1.15 : 1.0);
            for (size_t t = 0; t < sizeof tries / sizeof tries[0] && !placed; t++) {
                double size = base * tries[t][0], w, h;
                text_measure_ink(mcr, fam, size, PANGO_WEIGHT_BOLD, 0, text, &w, &h);
                w += 2 * lpad, h += 2 * lpad; /* the halo */
                rect r;
                rect alt[NALT];
                int nalt = 0;
                if (!place_box(&pm[j].mk, NULL, w, h, px, py, tries[t][1], obst, nobst, area, gap, h / 4, &r,
                               alt, &nalt))
                    continue;
                plabel l = {.text = cm_arena_strdup(m->arena, text), .family = cm_arena_strdup(m->arena, fam),
                            .size = size, .weight = PANGO_WEIGHT_BOLD, .box = r, .nalt = nalt};
                memcpy(l.alt, alt, sizeof alt);
                if (!l.text || !l.family) goto nomem;
                if ((st = label_push(m, ctx, &labcap, &l))) goto done;
                obst[nobst++] = r;
                placed = true;
            }
            /* a province the view cuts is expected to lose its name sometimes */
            const float *bb = lg[pm[j].i].bbox;
            bool whole = bb[0] >= 0 && bb[1] >= m->title_h && bb[2] <= m->W && bb[3] <= m->H - m->attr_h;
            if (!placed && whole) cm_diag(ctx, "map: no room for the name of %s (%s)", u->name_en, u->pcode);
        }
    }

    /* neighbour names: inside the country, clear of Afghanistan and of the
     * province names */
    for (size_t i = 0; i < m->nnb; i++) {
        const pgeom *g = &m->nb[i];
        const cm_geom_unit *u = cm_geomstore_get(gs, CM_GEOM_NEIGHBOUR, i);
        if (!geom_visible(g, m->W, m->H, 0) || !u->name_en[0]) continue;
        double x0 = g->bbox[0] > area.x ? g->bbox[0] : area.x, y0 = g->bbox[1] > area.y ? g->bbox[1] : area.y;
        double x1 = g->bbox[2] < area.x + area.w ? g->bbox[2] : area.x + area.w;
        double y1 = g->bbox[3] < area.y + area.h ? g->bbox[3] : area.y + area.h;
        if (x1 - x0 < 20 * m->k || y1 - y0 < 10 * m->k) continue;
        const pgeom *one[1] = {g};
        mask_free(&nbm);
        if (!mask_build(&nbm, one, 1, (rect){x0, y0, x1 - x0, y1 - y0}, s2)) goto nomem;
        char up[256];
        size_t n = strlen(u->name_en);
        if (n >= sizeof up) n = sizeof up - 1;
        for (size_t c = 0; c < n; c++) {
            char ch = u->name_en[c];
            up[c] = (char)(ch >= 'a' && ch <= 'z' ? ch - 32 : ch);
        }
        up[n] = 0;
        /* lean towards Afghanistan, where the reader looks */
        double px = m->W / 2.0, py = area.y + area.h / 2;
        for (int t = 0; t < 2; t++) {
            double size = m->st.neighbour_size * m->k * (t ? 0.8 : 1.0), sp = size * 0.18, w, h;
            text_measure_ink(mcr, m->st.font, size, PANGO_WEIGHT_NORMAL, sp, up, &w, &h);
            w += 2 * npad, h += 2 * npad;
            rect r;
            if (!place_box(&nbm, &af, w, h, px, py, 0.97, obst, nobst, area, gap, h / 2, &r, NULL, NULL)) continue;
            plabel l = {.text = cm_arena_strdup(m->arena, up), .family = cm_arena_strdup(m->arena, m->st.font),
                        .size = size, .weight = PANGO_WEIGHT_NORMAL, .spacing = sp, .neighbour = true,
                        .box = r};
            if (!l.text || !l.family) goto nomem;
            if ((st = label_push(m, ctx, &labcap, &l))) goto done;
            obst[nobst++] = r;
            break;
        }
    }
    goto done;
nomem:
    st = cm_fail(ctx, CM_NOMEM, "out of memory placing the map's names");
done:
    for (size_t j = 0; j < npm; j++) mask_free(&pm[j].mk);
    free(pm);
    free(obst);
    free(dist_ptrs);
    mask_free(&af);
    mask_free(&nbm);
    cairo_destroy(mcr);
    cairo_surface_destroy(msf);
    return st;
}

/* The day's markers, then their labels: right of the symbol, else left,
 * else above or below, clear of every symbol, name and other label. */
void draw_markers(const cm_mapctx *m, cairo_t *cr, const cm_frame *f, const rect *boxes)
{
    if (!f->nmarkers) return;
    double d = m->st.marker_size * m->k;
    rect *sym = malloc(f->nmarkers * sizeof *sym), *taken = malloc(f->nmarkers * sizeof *taken);
    size_t *which = malloc(f->nmarkers * sizeof *which);
    double *at = malloc(2 * f->nmarkers * sizeof *at); /* each drawn marker's place before any shift */
    unsigned char *labelled = calloc(f->nmarkers, 1);
    if (!sym || !taken || !which || !at || !labelled) goto done;
    size_t ns = 0, nt = 0;
    for (size_t i = 0; i < f->nmarkers; i++) {
        const cm_marker *mk = &f->markers[i];
        double x, y;
        if (!cm_mapctx_lonlat_to_px(m, mk->lon_deg, mk->lat_deg, &x, &y)) continue;
        if (x < -d || y < -d || x > m->W + d || y > m->H + d) continue;
        /* Several claims on one place and day: one symbol per action, side by
         * side, and the place's name once. */
        bool dup = false;
        int beside = 0;
        for (size_t j = 0; j < ns && !dup; j++) {
            if (fabs(at[2 * j] - x) > 0.5 || fabs(at[2 * j + 1] - y) > 0.5) continue;
            const cm_marker *o = &f->markers[which[j]];
            if (o->action == mk->action) dup = true;
            else beside++;
            if (o->label && mk->label && !strcmp(o->label, mk->label)) labelled[ns] = 1;
        }
        if (dup) continue;
        at[2 * ns] = x, at[2 * ns + 1] = y;
        x += beside * d * 1.1;
        marker_draw(m, cr, mk->action, x, y, d);
        which[ns] = i;
        sym[ns++] = (rect){x - d / 2, y - d / 2, d, d};
    }
    if (m->no_text) goto done;
    double fs = m->st.legend_size * m->k * 0.85, g = 0.25 * d;
    for (size_t s2 = 0; s2 < ns; s2++) {
        const cm_marker *mk = &f->markers[which[s2]];
        if (!mk->label || !mk->label[0] || labelled[s2]) continue;
        double w, h, x = sym[s2].x + d / 2, y = sym[s2].y + d / 2;
        text_measure(cr, m->st.font, fs, PANGO_WEIGHT_NORMAL, 0, mk->label, &w, &h);
        rect cand[4] = {{x + d / 2 + g, y - h / 2, w, h}, {x - d / 2 - g - w, y - h / 2, w, h},
                        {x - w / 2, y - d / 2 - g - h, w, h}, {x - w / 2, y + d / 2 + g, w, h}};
        for (int c = 0; c < 4; c++) {
            rect r = cand[c];
            bool hit = blocked(r, taken, nt, m->k) || blocked(r, sym, ns, 0) || rect_hit(r, m->legend, 0) ||
                       rect_hit(r, m->scalebox, 0) || r.x < 0 || r.x + r.w > m->W || r.y < m->title_h ||
                       r.y + r.h > m->H - m->attr_h;
            for (size_t j = 0; j < m->nlab && !hit; j++) hit = rect_hit(r, boxes ? boxes[j] : m->lab[j].box, 0);
            if (hit) continue;
            text_draw(cr, m->st.font, fs, PANGO_WEIGHT_NORMAL, 0, mk->label, r.x, r.y, m->st.marker,
                      m->st.label_halo, m->st.label_halo_w * m->k * 0.8);
            taken[nt++] = r;
            break;
        }
    }
done:
    free(sym);
    free(taken);
    free(which);
    free(at);
    free(labelled);
}

/* Names (at boxes[i], or where they were placed), the attribution band and
 * the scale box. */
void draw_label(const cm_mapctx *m, cairo_t *cr, size_t i, rect b)
{
    const cm_style *st = &m->st;
    const plabel *l = &m->lab[i];
    double pad = label_pad(m, l->neighbour);
    text_draw_box(cr, l->family, l->size, l->weight, l->spacing, l->text, true, b.x + pad, b.y + pad,
                  l->neighbour ? st->neighbour_text : st->label, l->neighbour ? st->neighbour : st->label_halo,
                  st->label_halo_w * m->k * (l->neighbour ? 0.6 : 1));
}

/* Where the names go on this frame: a province name that a visible event
 * marker would cover moves to one of its other good places (clear of the
 * markers and of the other names); true when any name moved, i.e. the cached
 * name layer cannot be used. boxes has m->nlab entries. */
bool labels_for_frame(const cm_mapctx *m, const cm_frame *f, rect *boxes)
{
    for (size_t i = 0; i < m->nlab; i++) boxes[i] = m->lab[i].box;
    if (!f->nmarkers || !m->nlab) return false;
    rect *mr = malloc(f->nmarkers * sizeof *mr);
    if (!mr) return false;
    size_t n = 0;
    double d = m->st.marker_size * m->k;
    for (size_t i = 0; i < f->nmarkers; i++) {
        double x, y;
        if (!cm_mapctx_lonlat_to_px(m, f->markers[i].lon_deg, f->markers[i].lat_deg, &x, &y)) continue;
        if (x < -d || y < -d || x > m->W + d || y > m->H + d) continue;
        mr[n++] = (rect){x - d / 2, y - d / 2, d, d};
    }
    bool moved = false;
    double gap = 2 * m->k;
    for (size_t i = 0; i < m->nlab; i++) {
        const plabel *l = &m->lab[i];
        if (!blocked(boxes[i], mr, n, gap)) continue;
        /* candidates: the other good places found at preparation, then the
         * box nudged just clear of each marker it meets (above, below, left,
         * right), the smallest nudge first */
        rect cand[NALT + 64];
        int nc = 0;
        for (int a = 0; a < l->nalt; a++) cand[nc++] = l->alt[a];
        int first_nudge = nc;
        rect b = boxes[i];
        for (size_t k2 = 0; k2 < n && nc + 8 <= NALT + 64; k2++) {
            if (!rect_hit(b, mr[k2], gap)) continue;
            rect q = mr[k2];
            double up = q.y - gap - b.h - 1, down = q.y + q.h + gap + 1;
            double left = q.x - gap - b.w - 1, right = q.x + q.w + gap + 1;
            cand[nc++] = (rect){b.x, up, b.w, b.h};
            cand[nc++] = (rect){b.x, down, b.w, b.h};
            cand[nc++] = (rect){left, b.y, b.w, b.h};
            cand[nc++] = (rect){right, b.y, b.w, b.h};
            cand[nc++] = (rect){q.x + q.w / 2 - b.w / 2, up, b.w, b.h};
            cand[nc++] = (rect){q.x + q.w / 2 - b.w / 2, down, b.w, b.h};
            cand[nc++] = (rect){right, q.y + q.h / 2 - b.h / 2, b.w, b.h};
            cand[nc++] = (rect){left, q.y + q.h / 2 - b.h / 2, b.w, b.h};
        }
        for (int a = first_nudge + 1; a < nc; a++) /* nudges by distance moved */
            for (int c = a; c > first_nudge && hypot(cand[c].x - b.x, cand[c].y - b.y) <
                                                   hypot(cand[c - 1].x - b.x, cand[c - 1].y - b.y); c--) {
                rect t = cand[c];
                cand[c] = cand[c - 1];
                cand[c - 1] = t;
            }
        rect area = map_area(m);
        for (int a = 0; a < nc; a++) {
            rect c = cand[a];
            bool clash = blocked(c, mr, n, gap) || c.x < area.x || c.y < area.y || c.x + c.w > area.x + area.w ||
                         c.y + c.h > area.y + area.h || rect_hit(c, m->legend, 0) || rect_hit(c, m->scalebox, 0);
            for (size_t j = 0; j < m->nlab && !clash; j++) clash = j != i && rect_hit(c, boxes[j], 3 * m->k);
            if (clash) continue;
            boxes[i] = c;
            moved = true;
            break;
        }
    }
    free(mr);
    return moved;
}
