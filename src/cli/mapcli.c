/* mapcli: shared map options of render, series and run. */
#include "cli/mapcli.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/profile.h"
#include "map/series.h"

static cm_status parse_bbox(cm_ctx *ctx, const char *cmd, const char *s, double bb[4])
{
    const char *p = s;
    for (int i = 0; i < 4; i++) {
        char *end;
        bb[i] = strtod(p, &end);
        if (end == p || !isfinite(bb[i]) || (i < 3 ? *end != ',' : *end != 0))
            return cm_fail(ctx, CM_USAGE, "%s: --bbox wants min_lon,min_lat,max_lon,max_lat in degrees, not '%s'",
                           cmd, s);
        p = end + 1;
    }
    if (!(bb[0] < bb[2] && bb[1] < bb[3] && bb[0] >= -180 && bb[2] <= 180 && bb[1] >= -90 && bb[3] <= 90))
        return cm_fail(ctx, CM_USAGE, "%s: --bbox %s is not min_lon,min_lat,max_lon,max_lat (degrees, min < max)",
                       cmd, s);
    return CM_OK;
}

/* --labels LANG|none: LANG one of the name languages of the profile's region
 * layer (its unit layer when it has none); "dari" and "da" stand for "fa".
 * English and the first (canonical) language are drawn in font.family, the
 * others as CM_LABELS_DARI (font.family_dari first). */
static cm_status check_labels(cm_ctx *ctx, const char *cmd, cm_mapcli *mo)
{
    const cm_profile *p = cm_cli_profile();
    const cm_profile_layer *l = p ? cm_profile_layer_of(p, CM_ROLE_REGION) : NULL;
    if (p && (!l || !l->present)) l = cm_profile_layer_of(p, CM_ROLE_UNIT);
    size_t n = l && l->present ? l->nnames : 0;
    const char *want = mo->labels_s ? mo->labels_s : n ? l->name_lang[0] : "none";
    if (!strcmp(want, "none")) {
        mo->labels = CM_LABELS_NONE;
        mo->labels_s = "none";
        return CM_OK;
    }
    bool alias = !strcmp(want, "dari") || !strcmp(want, "da");
    char list[CM_PROFILE_LANGS_MAX * 16 + 8] = "";
    for (size_t i = 0; i < n; i++) {
        if (!strcmp(want, l->name_lang[i]) || (alias && !strcmp(l->name_lang[i], "fa"))) {
            mo->labels = i == 0 || !strcmp(l->name_lang[i], "en") ? CM_LABELS_EN : CM_LABELS_DARI;
            mo->labels_s = l->name_lang[i];
            return CM_OK;
        }
        size_t k = strlen(list);
        snprintf(list + k, sizeof list - k, "%s, ", l->name_lang[i]);
    }
    return cm_fail(ctx, CM_USAGE, "%s: --labels wants %sor none, not '%s'", cmd, list, want);
}

cm_status cm_mapcli_check(cm_ctx *ctx, const char *cmd, cm_mapcli *mo)
{
    if (mo->width < 16 || mo->height < 16 || mo->width > 20000 || mo->height > 20000)
        return cm_fail(ctx, CM_USAGE, "%s: --width and --height want 16..20000, not %dx%d", cmd, mo->width,
                       mo->height);
    cm_status st;
    if (mo->bbox_s && (st = parse_bbox(ctx, cmd, mo->bbox_s, mo->bbox))) return st;
    if ((st = check_labels(ctx, cmd, mo))) return st;
    cm_style_default(&mo->style, cm_cli_profile());
    if (mo->style_s && (st = cm_style_load(&mo->style, ctx, mo->style_s))) return st;
    return CM_OK;
}

void cm_mapcli_src(const cm_mapcli *mo, cm_mapsrc *src)
{
    *src = (cm_mapsrc){.width = mo->width, .height = mo->height, .crs = mo->crs,
                       .bbox = mo->bbox_s ? mo->bbox : NULL, .labels = mo->labels, .style = &mo->style,
                       .style_path = mo->style_s, .boundaries = cm_cli_boundaries(mo->boundaries),
                       .countries = cm_cli_countries(mo->countries), .cache = cm_cli_cache_dir(),
                       .profile = cm_cli_profile(),
                       .labels_lang = mo->labels == CM_LABELS_NONE ? NULL : mo->labels_s};
}

cm_status cm_series_formats(cm_ctx *ctx, const char *list, unsigned *out)
{
    *out = 0;
    const char *p = list;
    while (*p) {
        const char *e = strchr(p, ',');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (n == 3 && !memcmp(p, "png", 3)) *out |= CM_SERIES_PNG;
        else if (n == 3 && !memcmp(p, "svg", 3)) *out |= CM_SERIES_SVG;
        else if (n == 3 && !memcmp(p, "pdf", 3)) *out |= CM_SERIES_PDF;
        else return cm_fail(ctx, CM_USAGE, "--formats wants png, svg or pdf (comma-separated), not '%.*s'", (int)n, p);
        p += n + (e != NULL);
    }
    if (!*out) return cm_fail(ctx, CM_USAGE, "--formats: no format given");
    return CM_OK;
}
