/* style: the default look of the map and the key = value file that changes
 * it. One table maps each key to a field, so the parser, the list of keys and
 * docs/style.md stay in step. libc only. */
#include "map/style.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/file.h"
#include "core/str.h"

typedef enum { K_COLOR, K_WIDTH, K_SIZE, K_FONT } kind;

typedef struct {
    const char *key;
    kind k;
    size_t off;
} entry;

#define E(key, k, field) {key, k, offsetof(cm_style, field)}
static const entry table[] = {
    E("color.background", K_COLOR, background),
    E("color.neighbour", K_COLOR, neighbour),
    E("color.contested", K_COLOR, contested),
    E("color.contested_hatch", K_COLOR, contested_hatch),
    E("color.none", K_COLOR, none),
    E("color.district_line", K_COLOR, district_line),
    E("color.province_line", K_COLOR, province_line),
    E("color.country_line", K_COLOR, country_line),
    E("color.neighbour_line", K_COLOR, neighbour_line),
    E("color.changed_line", K_COLOR, changed_line),
    E("color.label", K_COLOR, label),
    E("color.label_halo", K_COLOR, label_halo),
    E("color.neighbour_text", K_COLOR, neighbour_text),
    E("color.title", K_COLOR, title),
    E("color.text", K_COLOR, text),
    E("color.panel", K_COLOR, panel),
    E("color.panel_line", K_COLOR, panel_line),
    E("color.marker", K_COLOR, marker),
    E("color.marker_line", K_COLOR, marker_line),
    E("width.district", K_WIDTH, district_w),
    E("width.province", K_WIDTH, province_w),
    E("width.country", K_WIDTH, country_w),
    E("width.neighbour", K_WIDTH, neighbour_w),
    E("width.changed", K_WIDTH, changed_w),
    E("width.hatch", K_WIDTH, hatch_w),
    E("width.label_halo", K_WIDTH, label_halo_w),
    E("hatch.spacing", K_SIZE, hatch_spacing),
    E("staleness.half_life", K_SIZE, stale_half_life),
    E("font.family", K_FONT, font),
    E("font.family_dari", K_FONT, font_dari),
    E("size.title", K_SIZE, title_size),
    E("size.subtitle", K_SIZE, subtitle_size),
    E("size.province_label", K_SIZE, label_size),
    E("size.neighbour_label", K_SIZE, neighbour_size),
    E("size.legend", K_SIZE, legend_size),
    E("size.attribution", K_SIZE, attribution_size),
    E("size.scalebar", K_SIZE, scalebar_size),
    E("size.marker", K_SIZE, marker_size),
};
#undef E
enum { NKEYS = sizeof table / sizeof table[0] };

const char *cm_style_key(size_t i) { return i < NKEYS ? table[i].key : NULL; }

static cm_rgba hex(const char *s)
{
    cm_rgba c = {0, 0, 0, 1};
    bool ok = cm_rgba_parse(s, &c);
    (void)ok; /* the defaults below are well-formed */
    return c;
}

static cm_rgba from_u32(uint32_t v)
{
    return (cm_rgba){(v >> 24 & 255) / 255.0, (v >> 16 & 255) / 255.0, (v >> 8 & 255) / 255.0, (v & 255) / 255.0};
}

void cm_style_default(cm_style *s, const cm_profile *p)
{
    memset(s, 0, sizeof *s);
    s->background = hex("#dde6ec");
    s->neighbour = hex("#efebe4");
    for (size_t i = 0; p && i < cm_profile_side_count(p) && i < CM_SIDES_MAX; i++) {
        const cm_profile_side *sd = cm_profile_side_at(p, i);
        snprintf(s->side_id[i], sizeof s->side_id[i], "%s", sd->id);
        s->side[i] = from_u32(sd->rgba);
        s->nsides = i + 1;
    }
    s->contested = hex("#f5ead6");
    s->contested_hatch = hex("#b24a3a");
    s->none = hex("#d9d9d9");
    s->district_line = hex("#ffffffb3");
    s->province_line = hex("#3c3c3c");
    s->country_line = hex("#1e1e1e");
    s->neighbour_line = hex("#b4ab9e");
    s->changed_line = hex("#d1006a");
    s->label = hex("#1b1b1b");
    s->label_halo = hex("#ffffffd9");
    s->neighbour_text = hex("#8c8477");
    s->title = hex("#151515");
    s->text = hex("#2f2f2f");
    s->panel = hex("#ffffffeb");
    s->panel_line = hex("#9d9d9d");
    s->marker = hex("#1f1f1f");
    s->marker_line = hex("#ffffff");
    s->district_w = 0.6;
    s->province_w = 1.5;
    s->country_w = 2.6;
    s->neighbour_w = 1.0;
    s->changed_w = 3.2;
    s->hatch_w = 1.6;
    s->hatch_spacing = 7;
    s->label_halo_w = 3;
    snprintf(s->font, sizeof s->font, "%s", "DejaVu Sans");
    snprintf(s->font_dari, sizeof s->font_dari, "%s", "Noto Sans Arabic");
    s->title_size = 30;
    s->subtitle_size = 15;
    s->label_size = 14;
    s->neighbour_size = 16;
    s->legend_size = 14;
    s->attribution_size = 11;
    s->scalebar_size = 12;
    s->marker_size = 16;
    s->stale_half_life = 14;
}

cm_rgba cm_style_ctrl_fill(const cm_style *s, cm_controller c)
{
    if (c == CM_CTRL_CONTESTED) return s->contested;
    return c >= 1 && c <= s->nsides ? s->side[c - 1] : s->none;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

bool cm_rgba_parse(const char *s, cm_rgba *out)
{
    size_t n = strlen(s);
    if (s[0] != '#' || (n != 7 && n != 9)) return false;
    double v[4] = {0, 0, 0, 1};
    for (size_t i = 0; i < (n - 1) / 2; i++) {
        int hi = hexval(s[1 + 2 * i]), lo = hexval(s[2 + 2 * i]);
        if (hi < 0 || lo < 0) return false;
        v[i] = (hi * 16 + lo) / 255.0;
    }
    *out = (cm_rgba){v[0], v[1], v[2], v[3]};
    return true;
}

cm_status cm_style_set(cm_style *s, cm_ctx *ctx, const char *key, const char *value)
{
    const entry *e = NULL;
    for (size_t i = 0; i < NKEYS; i++)
        if (!strcmp(table[i].key, key)) e = &table[i];
    if (!e) {
        /* color.ID: a side of the profile */
        for (size_t i = 0; i < s->nsides && !strncmp(key, "color.", 6); i++)
            if (!strcmp(key + 6, s->side_id[i])) {
                if (!cm_rgba_parse(value, &s->side[i]))
                    return cm_fail(ctx, CM_PARSE, "%s wants a colour #rrggbb or #rrggbbaa, not '%s'", key, value);
                return CM_OK;
            }
        return cm_fail(ctx, CM_NOTFOUND, "unknown style key '%s'", key);
    }
    char *field = (char *)s + e->off;
    switch (e->k) {
    case K_COLOR:
        if (!cm_rgba_parse(value, (cm_rgba *)(void *)field))
            return cm_fail(ctx, CM_PARSE, "%s wants a colour #rrggbb or #rrggbbaa, not '%s'", key, value);
        return CM_OK;
    case K_WIDTH:
    case K_SIZE: {
        char *end;
        errno = 0;
        double v = strtod(value, &end);
        bool bad = errno || end == value || *end || !isfinite(v) || v < 0 || v > 1000 ||
                   (e->k == K_SIZE && v <= 0);
        if (bad)
            return cm_fail(ctx, CM_PARSE, "%s wants a %s number of pixels, not '%s'", key,
                           e->k == K_SIZE ? "positive" : "non-negative", value);
        *(double *)(void *)field = v;
        return CM_OK;
    }
    case K_FONT:
        if (!*value || strlen(value) >= CM_STYLE_FONT_MAX)
            return cm_fail(ctx, CM_PARSE, "%s wants a font family name of 1..%d bytes", key,
                           CM_STYLE_FONT_MAX - 1);
        memcpy(field, value, strlen(value) + 1);
        return CM_OK;
    }
    return CM_OK;
}

cm_status cm_style_load(cm_style *s, cm_ctx *ctx, const char *path)
{
    cm_buf b = {0};
    cm_status st = cm_file_read(ctx, path, 1 << 20, &b);
    if (st) return st;
    char *p = b.p, *end = b.p + b.n;
    for (int line = 1; p < end; line++) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        char *eol = nl ? nl : end;
        *eol = 0;
        cm_str l = cm_str_trim((cm_str){p, (size_t)(eol - p)});
        p = eol + 1;
        if (l.n == 0 || l.p[0] == '#' || l.p[0] == ';') continue;
        const char *eq = memchr(l.p, '=', l.n);
        if (!eq) {
            st = cm_fail(ctx, CM_PARSE, "%s:%d: expected 'key = value'", path, line);
            break;
        }
        cm_str k = cm_str_trim((cm_str){l.p, (size_t)(eq - l.p)});
        cm_str v = cm_str_trim((cm_str){eq + 1, (size_t)(l.p + l.n - eq - 1)});
        char key[64], val[256];
        if (k.n >= sizeof key || v.n >= sizeof val) {
            st = cm_fail(ctx, CM_PARSE, "%s:%d: key or value too long", path, line);
            break;
        }
        memcpy(key, k.p, k.n);
        key[k.n] = 0;
        memcpy(val, v.p, v.n);
        val[v.n] = 0;
        /* The message of cm_style_set names the key; say where it was. */
        cm_ctx *tmp = cm_ctx_new();
        if (!tmp) {
            st = cm_fail(ctx, CM_NOMEM, "out of memory");
            break;
        }
        cm_status s2 = cm_style_set(s, tmp, key, val);
        if (s2) {
            st = cm_fail(ctx, s2 == CM_NOTFOUND ? CM_PARSE : s2, "%s:%d: %s", path, line,
                         cm_ctx_message(tmp));
            cm_ctx_free(tmp);
            break;
        }
        cm_ctx_free(tmp);
    }
    cm_buf_free(&b);
    return st;
}
