/* fuzz_style: the style file parser (out/style, `--style FILE`) on any bytes.
 *
 * What must hold: no fault; whatever the loader accepted (all of an accepted
 * file, the lines before the bad one of a refused file) leaves a style whose
 * colours lie in [0, 1], whose widths and sizes are finite and within
 * 0..1000, and whose font names are NUL-terminated inside their field. A
 * refused file has a message. */
#include <math.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "fuzz_util.h"
#include "map/style.h"

static void rgba_ok(const cm_rgba *c)
{
    const double v[4] = {c->r, c->g, c->b, c->a};
    for (int i = 0; i < 4; i++)
        if (!(v[i] >= 0 && v[i] <= 1)) __builtin_trap();
}

static void num_ok(double v)
{
    if (!isfinite(v) || v < 0 || v > 1000) __builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_tmpfile(data, size);
    if (!path) return 0;
    cm_ctx *ctx = cm_ctx_new();
    cm_style s;
    cm_style_default(&s, fuzz_profile());
    cm_status st = cm_style_load(&s, ctx, path);
    if (st != CM_OK && !*cm_ctx_message(ctx)) __builtin_trap();
    for (size_t i = 0; i < s.nsides; i++) rgba_ok(&s.side[i]);
    const cm_rgba *cols[] = {&s.background, &s.neighbour,
                             &s.contested, &s.contested_hatch, &s.none, &s.district_line, &s.province_line,
                             &s.country_line, &s.neighbour_line, &s.changed_line, &s.label, &s.label_halo,
                             &s.neighbour_text, &s.title, &s.text, &s.panel, &s.panel_line, &s.marker,
                             &s.marker_line};
    for (size_t i = 0; i < sizeof cols / sizeof *cols; i++) rgba_ok(cols[i]);
    const double nums[] = {s.district_w, s.province_w, s.country_w, s.neighbour_w, s.changed_w,
                           s.hatch_w, s.hatch_spacing, s.title_size, s.subtitle_size, s.label_size,
                           s.neighbour_size, s.legend_size, s.attribution_size, s.scalebar_size,
                           s.label_halo_w, s.marker_size, s.stale_half_life};
    for (size_t i = 0; i < sizeof nums / sizeof *nums; i++) num_ok(nums[i]);
    if (!memchr(s.font, 0, sizeof s.font) || !memchr(s.font_dari, 0, sizeof s.font_dari)) __builtin_trap();
    cm_ctx_free(ctx);
    unlink(path);
    return 0;
}
