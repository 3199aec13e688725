/* mapfile: surfaces and encoders for one frame.
 *
 * PNG: Cairo's own cairo_surface_write_to_png uses zlib's default level with
 * adaptive filtering: ~120 ms for a 1600x1200 map, more than drawing it. A
 * control map is large flat areas with anti-aliased edges, i.e. long repeats
 * of the same 3-byte pixel, which LZ77 at zlib level 1 finds without any
 * filter. Measured on the default map (1600x1200, bench/render/run):
 *   level 6 + adaptive filters (Cairo)  120 ms  471 KB
 *   level 1 + Sub / Up, Z_RLE            35 ms  535 KB
 *   level 1 + no filter                  27 ms  416 KB   <- chosen
 *   level 0 (stored)                     24 ms  5.8 MB
 * so level 1 without filtering is both the fastest useful setting and the
 * smallest file. Rows go to libpng as Cairo lays them out (native-endian
 * xRGB): png_set_bgr/png_set_filler strip and reorder in libpng.
 * SVG: Cairo's SVG surface cannot name elements, so the renderer precedes each
 * district fill with a mark fill (render.h, cm_map_svg_mark); this file
 * removes the marks and gives the following <path> the district's pcode. */
#define _POSIX_C_SOURCE 200809L
#include "map/mapfile.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <math.h>
#include <png.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "core/file.h"
#include "core/str.h"
#include "map/svgmin.h"

bool cm_mapfmt_for(const char *path, cm_mapfmt *out)
{
    if (!strcmp(path, "-")) {
        *out = CM_MAPFMT_PNG;
        return true;
    }
    size_t n = strlen(path);
    static const struct {
        const char *ext;
        cm_mapfmt f;
    } t[] = {{".png", CM_MAPFMT_PNG}, {".svg", CM_MAPFMT_SVG}, {".pdf", CM_MAPFMT_PDF}};
    for (size_t i = 0; i < 3; i++)
        if (n > 4 && cm_str_ieq_c((cm_str){path + n - 4, 4}, t[i].ext)) {
            *out = t[i].f;
            return true;
        }
    return false;
}

/* ---- PNG ----------------------------------------------------------------------- */

typedef struct {
    char msg[200];
} png_err;

static void png_on_error(png_structp png, png_const_charp msg)
{
    png_err *e = png_get_error_ptr(png);
    snprintf(e->msg, sizeof e->msg, "%s", msg);
    png_longjmp(png, 1);
}

static void png_on_warning(png_structp png, png_const_charp msg)
{
    (void)png;
    (void)msg;
}

cm_status cm_png_write(cm_ctx *ctx, cairo_surface_t *img, FILE *fp, const char *name)
{
    cairo_surface_flush(img);
    cairo_format_t fmt = cairo_image_surface_get_format(img);
    if (fmt != CAIRO_FORMAT_RGB24 && fmt != CAIRO_FORMAT_ARGB32)
        return cm_fail(ctx, CM_CAIRO, "%s: unsupported surface format for PNG", name);
    int w = cairo_image_surface_get_width(img), h = cairo_image_surface_get_height(img);
    int stride = cairo_image_surface_get_stride(img);
    unsigned char *data = cairo_image_surface_get_data(img);
    png_err err = {""};
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &err, png_on_error, png_on_warning);
    if (!png) return cm_fail(ctx, CM_NOMEM, "%s: out of memory (PNG)", name);
    png_infop info = png_create_info_struct(png);
    if (!info) {
        png_destroy_write_struct(&png, NULL);
        return cm_fail(ctx, CM_NOMEM, "%s: out of memory (PNG)", name);
    }
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        return cm_fail(ctx, CM_IO, "%s: cannot write PNG: %s", name, err.msg);
    }
    png_init_io(png, fp);
    png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    /* Speed over the last percent of size; see the file comment. */
    png_set_compression_level(png, 1);
    png_set_compression_strategy(png, Z_DEFAULT_STRATEGY);
    png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_NONE);
    png_write_info(png, info);
    /* Cairo's pixels are native-endian 32-bit xRGB. */
    const uint32_t probe = 1;
    bool little = *(const unsigned char *)&probe == 1;
    if (little) {
        png_set_bgr(png);
        png_set_filler(png, 0, PNG_FILLER_AFTER);
    } else {
        png_set_filler(png, 0, PNG_FILLER_BEFORE);
    }
    for (int y = 0; y < h; y++) png_write_row(png, data + (size_t)y * (size_t)stride);
    png_write_end(png, NULL);
    png_destroy_write_struct(&png, &info);
    return CM_OK;
}

/* ---- SVG ------------------------------------------------------------------------ */

static cairo_status_t to_buf(void *closure, const unsigned char *p, unsigned int n)
{
    return cm_buf_append(closure, p, n) ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

static cairo_status_t to_file(void *closure, const unsigned char *p, unsigned int n)
{
    return fwrite(p, 1, n, closure) == n ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

/* Reads "fill:rgb(R%,G%,B%)" and "fill-opacity:A" from a style attribute. */
static bool style_fill(const char *s, const char *end, int rgb[3], double *opacity)
{
    const char *f = NULL;
    for (const char *p = s; p + 9 < end; p++)
        if (!memcmp(p, "fill:rgb(", 9)) {
            f = p + 9;
            break;
        }
    if (!f) return false;
    for (int i = 0; i < 3; i++) {
        char *e;
        double v = strtod(f, &e);
        if (e == f || *e != '%') return false;
        rgb[i] = (int)lround(v * 2.55);
        f = e + 2; /* past "%," or "%)" */
    }
    *opacity = 1;
    for (const char *p = f; p + 13 < end; p++)
        if (!memcmp(p, "fill-opacity:", 13)) {
            *opacity = strtod(p + 13, NULL);
            break;
        }
    return true;
}

/* Cairo numbers the SVG's glyphs, clips and surfaces from counters global to
 * the process, so the same map drawn after other maps gets other ids. For
 * byte-identical output (a series re-run, a resumed run) the ids are
 * renumbered by first appearance: "glyph3-12" -> "glyph0-0", "surface57" ->
 * "surface0". Only ids right after `id="` or `#` are touched. */
static cm_status svg_renumber(cm_ctx *ctx, cm_buf *svg)
{
    static const char *const kinds[] = {"glyph", "surface", "clip", "pattern", "mask", "image", "source"};
    enum { NK = sizeof kinds / sizeof *kinds };
    cm_buf out = {0};
    char **seen[NK] = {0}; /* per kind: the old ids in order of appearance */
    size_t nseen[NK] = {0};
    cm_status st = CM_OK;
    const char *p = svg->p, *end = svg->p + svg->n;
    while (p < end && !st) {
        const char *q = p;
        while (q < end && *q != '#' && !(q + 4 <= end && !memcmp(q, "id=\"", 4))) q++;
        if (q >= end) {
            st = cm_buf_append(&out, p, (size_t)(end - p));
            break;
        }
        q += *q == '#' ? 1 : 4;
        if ((st = cm_buf_append(&out, p, (size_t)(q - p)))) break;
        p = q;
        int k = 0;
        size_t kl = 0;
        for (; k < NK; k++) {
            kl = strlen(kinds[k]);
            if ((size_t)(end - q) > kl && !memcmp(q, kinds[k], kl) && q[kl] >= '0' && q[kl] <= '9') break;
        }
        if (k == NK) continue;
        const char *e = q + kl;
        while (e < end && ((*e >= '0' && *e <= '9') || *e == '-')) e++;
        size_t n = (size_t)(e - q), i = 0;
        while (i < nseen[k] && !(strlen(seen[k][i]) == n && !memcmp(seen[k][i], q, n))) i++;
        if (i == nseen[k]) {
            char **ns = realloc(seen[k], (nseen[k] + 1) * sizeof *ns);
            char *c = ns ? strndup(q, n) : NULL;
            if (!ns || !c) {
                if (ns) seen[k] = ns;
                free(c);
                st = CM_NOMEM;
                break;
            }
            seen[k] = ns;
            seen[k][nseen[k]++] = c;
        }
        /* glyphs are "glyphF-G": keep the dash form with a fresh pair */
        if (memchr(q + kl, '-', n - kl)) st = cm_buf_printf(&out, "%s0-%zu", kinds[k], i);
        else st = cm_buf_printf(&out, "%s%zu", kinds[k], i);
        p = e;
    }
    for (int k = 0; k < NK; k++) {
        for (size_t i = 0; i < nseen[k]; i++) free(seen[k][i]);
        free(seen[k]);
    }
    if (st) {
        cm_buf_free(&out);
        return cm_fail(ctx, CM_NOMEM, "out of memory");
    }
    cm_buf_free(svg);
    *svg = out;
    return CM_OK;
}

/* Copies svg to out, dropping the mark fills and naming the district paths. */
static cm_status svg_ids(const cm_mapctx *m, cm_ctx *ctx, const cm_buf *svg, cm_buf *out)
{
    const char *p = svg->p, *end = svg->p + svg->n;
    const char *pending = NULL;
    size_t named = 0;
    while (p < end) {
        const char *q = strstr(p, "<path ");
        if (!q) {
            if (cm_buf_append(out, p, (size_t)(end - p))) goto nomem;
            break;
        }
        if (cm_buf_append(out, p, (size_t)(q - p))) goto nomem;
        const char *close = strstr(q, "/>");
        if (!close) close = end - 2;
        const char *after = close + 2;
        int rgb[3];
        double op;
        size_t idx;
        if (style_fill(q, close, rgb, &op) && cm_map_svg_mark(rgb[0], rgb[1], rgb[2], op, &idx) &&
            idx < cm_mapctx_district_count(m)) {
            pending = cm_mapctx_district_pcode(m, idx);
            if (after < end && *after == '\n') after++;
            p = after;
            continue;
        }
        if (cm_buf_puts(out, "<path ")) goto nomem;
        if (pending) {
            if (cm_buf_printf(out, "id=\"%s\" class=\"district\" ", pending)) goto nomem;
            pending = NULL;
            named++;
        }
        if (cm_buf_append(out, q + 6, (size_t)(after - q - 6))) goto nomem;
        p = after;
    }
    cm_log(ctx, CM_LOG_DEBUG, "svg: %zu district paths named", named);
    return CM_OK;
nomem:
    return cm_fail(ctx, CM_NOMEM, "out of memory writing SVG");
}

/* ---- all formats ---------------------------------------------------------------- */

cm_status cm_map_write(const cm_mapctx *m, cm_ctx *ctx, const cm_frame *f, const char *path)
{
    cm_mapfmt fmt;
    if (!cm_mapfmt_for(path, &fmt))
        return cm_fail(ctx, CM_USAGE, "%s: unknown map format (use .png, .svg or .pdf)", path);
    int W = 0, H = 0;
    cm_mapctx_size(m, &W, &H);
    cm_out out;
    cm_status st = cm_out_open(ctx, path, &out);
    if (st) return st;
    cairo_surface_t *sf = NULL;
    cairo_t *cr = NULL;
    cm_buf svg = {0}, fixed = {0};
    cm_frame fr = *f;
    const char *name = strcmp(path, "-") ? path : "standard output";
    switch (fmt) {
    case CM_MAPFMT_PNG:
        sf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, W, H);
        break;
    case CM_MAPFMT_SVG:
        fr.svg_ids = true;
        sf = cairo_svg_surface_create_for_stream(to_buf, &svg, W, H);
        break;
    case CM_MAPFMT_PDF:
        sf = cairo_pdf_surface_create_for_stream(to_file, out.fp, W, H);
        break;
    }
    if (cairo_surface_status(sf)) {
        st = cm_fail(ctx, CM_CAIRO, "%s: cannot create a %dx%d surface: %s", name, W, H,
                     cairo_status_to_string(cairo_surface_status(sf)));
        goto done;
    }
    cr = cairo_create(sf);
    if ((st = cm_map_render(m, ctx, cr, &fr))) goto done;
    cairo_destroy(cr);
    cr = NULL;
    if (fmt == CM_MAPFMT_PNG) {
        st = cm_png_write(ctx, sf, out.fp, name);
        if (st) goto done;
    } else {
        cairo_surface_finish(sf);
        cairo_status_t cs = cairo_surface_status(sf);
        if (cs) {
            st = cm_fail(ctx, cs == CAIRO_STATUS_WRITE_ERROR ? CM_IO : CM_CAIRO, "%s: %s", name,
                         cairo_status_to_string(cs));
            goto done;
        }
        if (fmt == CM_MAPFMT_SVG) {
            if ((st = svg_ids(m, ctx, &svg, &fixed))) goto done;
            if ((st = svg_renumber(ctx, &fixed))) goto done;
            cm_buf_clear(&svg);
            if (cm_svgmin(fixed.p, fixed.n, 1, &svg)) {
                st = cm_fail(ctx, CM_NOMEM, "%s: out of memory", name);
                goto done;
            }
            if (svg.n && fwrite(svg.p, 1, svg.n, out.fp) != svg.n) {
                st = cm_fail(ctx, CM_IO, "%s: cannot write", name);
                goto done;
            }
        }
    }
done:
    if (cr) cairo_destroy(cr);
    if (sf) cairo_surface_destroy(sf);
    cm_buf_free(&svg);
    cm_buf_free(&fixed);
    if (st) {
        cm_out_abort(&out);
        return st;
    }
    return cm_out_commit(ctx, &out);
}

/* ---- one day of a timeline ------------------------------------------------------ */

cm_status cm_map_write_day(const cm_mapctx *m, cm_ctx *ctx, const cm_timeline *tl, const cm_markers *mk,
                           cm_day day, bool staleness, const char *path)
{
    size_t nd = cm_mapctx_district_count(m);
    cm_controller *ctrl = calloc(nd ? nd : 1, sizeof *ctrl);
    unsigned char *changed = calloc(nd ? nd : 1, 1);
    float *fade = staleness ? calloc(nd ? nd : 1, sizeof *fade) : NULL;
    cm_status st = CM_OK;
    if (!ctrl || !changed || (staleness && !fade)) {
        st = cm_fail(ctx, CM_NOMEM, "out of memory");
        goto done;
    }
    cm_map_state_from_timeline(m, tl, day, ctrl, changed);
    if (staleness) cm_map_staleness_from_timeline(m, tl, day, fade);
    cm_frame fr = {day, ctrl, changed, cm_markers_get(mk), cm_markers_count(mk), false, fade};
    st = cm_map_write(m, ctx, &fr, path);
done:
    free(ctrl);
    free(changed);
    free(fade);
    return st;
}
