/* seriesout: map + timeline + markers -> frames, viewer, animation. */
#define _POSIX_C_SOURCE 200809L
#include "map/seriesout.h"

#include "core/profile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/file.h"
#include "core/stamp.h"
#include "map/markers.h"
#include "map/series.h"
#include "map/viewer.h"
#include "map/viewgeo.h"
#include "map/viewnames.h"
#include "text/gaz.h"

static bool place_claim(void *ud, double lon, double lat, long *x, long *y)
{
    void **p = ud;
    return cm_viewgeo_project(p[0], p[1], lon, lat, x, y);
}

/* The name table of the gazetteer index, when there is one. */
static cm_status names_table(cm_ctx *ctx, const cm_series_job *job, cm_buf *out)
{
    const char *path = job->gazetteer;
    if (!path || (job->gazetteer_optional && access(path, R_OK) != 0)) {
        cm_log(ctx, CM_LOG_INFO, "%s: no gazetteer index; the viewer searches the units' own names only", path);
        return CM_OK;
    }
    cm_gaz *g = NULL;
    cm_status st = cm_gaz_open_profile(ctx, path, job->src->profile, &g);
    if (!st && cm_viewnames_json(g, out)) st = cm_fail(ctx, CM_NOMEM, "out of memory");
    cm_gaz_close(g);
    return st;
}

/* "Afghanistan: control by district, day by day": the profile's title and
 * the noun of its units. */
static void default_title(const cm_profile *p, char *out, size_t size)
{
    const cm_profile_layer *u = p ? cm_profile_layer_of(p, CM_ROLE_UNIT) : NULL;
    const char *t = p ? cm_profile_title(p) : "", *noun = u && u->noun && *u->noun ? u->noun : "unit";
    if (!t || !*t) t = p ? cm_profile_country_name(p) : "";
    snprintf(out, size, "%s%scontrol by %s, day by day", t ? t : "", t && *t ? ": " : "", noun);
}

/* index.html: the vector map of gs, the timeline, the claims. */
static cm_status write_viewer(cm_ctx *ctx, const cm_series_job *job, const cm_geomstore *gs, const cm_timeline *tl,
                              cm_day from, cm_day to, const char *page)
{
    cm_viewgeo *vg = NULL;
    cm_buf names = {0};
    size_t nd = cm_geomstore_count(gs, CM_GEOM_DISTRICT);
    const char **pcodes = calloc(nd ? nd : 1, sizeof *pcodes);
    cm_status st = pcodes ? CM_OK : cm_fail(ctx, CM_NOMEM, "out of memory");
    for (size_t i = 0; !st && i < nd; i++) pcodes[i] = cm_geomstore_get(gs, CM_GEOM_DISTRICT, i)->pcode;
    const cm_profile *prof = job->src->profile;
    cm_viewgeo_opts go = {.crs = job->src->crs, .default_crs = prof ? cm_profile_crs(prof) : NULL};
    if (!st) st = cm_viewgeo_new(ctx, gs, &go, &vg);
    if (!st) st = names_table(ctx, job, &names);
    void *pud[2] = {vg, ctx};
    const cm_mapsrc *src = job->src;
    char title[256];
    default_title(prof, title, sizeof title);
    cm_viewer v = {.title = job->title ? job->title : title, .profile = prof,
                   .from = from, .to = to, .frames = "maps",
                   .ext = job->formats & CM_SERIES_PNG ? ".png" : job->formats & CM_SERIES_SVG ? ".svg" : ".pdf",
                   .events_jsonl = job->events, .tl = tl, .pcodes = pcodes, .npcodes = nd,
                   .geometry_json = vg ? cm_viewgeo_json(vg) : NULL, .names_json = names.p, .docs = job->docs,
                   .ndocs = job->ndocs, .style = src->style, .staleness = job->staleness, .place = place_claim,
                   .place_ud = pud};
    if (!st) st = cm_viewer_write(ctx, page, &v);
    cm_viewgeo_free(vg);
    cm_buf_free(&names);
    free(pcodes);
    return st;
}

/* The stamp of a whole series: everything its frames and viewer are made of. */
static cm_status series_stamp(cm_ctx *ctx, const cm_series_job *job, const char *fp, cm_stamp *s)
{
    const cm_mapsrc *src = job->src;
    char num[64];
    cm_stamp_init(s, "conflictmap series 1");
    cm_stamp_str(s, job->tool);
    cm_stamp_str(s, fp);
    snprintf(num, sizeof num, "%u %ld %ld", job->formats, (long)job->from, (long)job->to);
    cm_stamp_str(s, num);
    cm_stamp_str(s, job->title);
    for (size_t i = 0; i < job->ndocs; i++) { /* the viewer's links */
        cm_stamp_str(s, job->docs[i].id);
        cm_stamp_str(s, job->docs[i].url);
        cm_stamp_str(s, job->docs[i].title);
    }
    const char *gaz = job->gazetteer;
    if (gaz && job->gazetteer_optional && access(gaz, R_OK) != 0) gaz = NULL; /* the viewer then goes without */
    cm_status st = CM_OK;
    const char *in[] = {job->events, job->state, src->style_path, src->countries, gaz};
    for (size_t i = 0; i < sizeof in / sizeof *in && !st; i++) {
        cm_stamp_str(s, in[i] ? "file" : "none");
        if (in[i]) st = cm_stamp_file(s, ctx, in[i]);
    }
    if (!st) st = cm_stamp_dir(s, ctx, src->boundaries);
    return st;
}

/* True when every frame the manifest of maps lists for the formats is there
 * (a run that finished wrote the manifest of exactly its frames), and the
 * outlines beside them. */
static bool frames_there(const char *maps, unsigned formats)
{
    char path[4200], line[256];
    struct stat sb;
    snprintf(path, sizeof path, "%s/outlines.json", maps);
    if (stat(path, &sb) != 0) return false;
    snprintf(path, sizeof path, "%s/.series-manifest", maps);
    FILE *fp = fopen(path, "r");
    if (!fp) return false;
    size_t count[3] = {0};
    bool all = true;
    static const char *const ext[3] = {"png", "svg", "pdf"};
    while (all && fgets(line, sizeof line, fp)) {
        char ds[16], e[8];
        if (sscanf(line, "%15s %7s", ds, e) != 2) continue;
        for (int f = 0; f < 3; f++) {
            if (strcmp(e, ext[f]) || !(formats & (1u << f))) continue;
            snprintf(path, sizeof path, "%s/%s.%s", maps, ds, e);
            all = stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
            count[f]++;
        }
    }
    fclose(fp);
    size_t n = 0;
    for (int f = 0; f < 3 && all; f++)
        if (formats & (1u << f)) all = count[f] > 0 && (!n || count[f] == n), n = count[f];
    return all;
}

cm_status cm_series_out(cm_ctx *ctx, const cm_series_job *job)
{
    cm_timeline *tl = cm_timeline_new(job->src->profile);
    cm_markers *mk = NULL;
    cm_mapctx *map = NULL;
    cm_geomstore *gs = NULL;
    char maps[4096], page[4096];
    cm_status st = tl ? CM_OK : cm_fail(ctx, CM_NOMEM, "out of memory");
    snprintf(maps, sizeof maps, "%s/maps", job->out);
    snprintf(page, sizeof page, "%s/index.html", job->out);
    /* Everything the pictures depend on besides the content (written as the
     * options were, so that the default view keeps its frames across builds),
     * and the profile. */
    char fp[512], bb[112] = "";
    const cm_mapsrc *src = job->src;
    if (src->bbox)
        snprintf(bb, sizeof bb, "%.17g,%.17g,%.17g,%.17g", src->bbox[0], src->bbox[1], src->bbox[2], src->bbox[3]);
    snprintf(fp, sizeof fp, "%dx%d|%s|%s|%s|%s|%d|%016llx", src->width, src->height, src->crs ? src->crs : "", bb,
             src->labels_lang ? src->labels_lang : "none", src->style_path ? src->style_path : "", job->staleness,
             (unsigned long long)(src->profile ? cm_profile_hash(src->profile) : 0));
    /* A series whose inputs are those of the last finished run, with its
     * frames and viewer in place, is left alone without preparing the map. */
    cm_stamp stamp;
    bool stampable = !st && !job->animate;
    if (stampable && series_stamp(ctx, job, fp, &stamp)) {
        stampable = false; /* an input missing: the drawing below says so, in its words */
        cm_ctx_clear(ctx);
    }
    if (stampable && cm_stamp_fresh(&stamp, page) && frames_there(maps, job->formats)) {
        cm_log(ctx, CM_LOG_INFO, "%s: up to date, nothing drawn", job->out);
        cm_timeline_free(tl);
        return CM_OK;
    }
    if (!st) st = cm_mapsrc_prepare(ctx, src, job->state, job->events, tl, !(job->formats & CM_SERIES_PNG), true,
                                    &map, &gs);
    cm_day from = job->from, to = job->to, first, last;
    if (!st && (from == CM_DAY_NONE || to == CM_DAY_NONE)) {
        if (!cm_timeline_span(tl, &first, &last))
            st = cm_fail(ctx, CM_USAGE, "no dated claims: give --from and --to");
        if (from == CM_DAY_NONE) from = first;
        if (to == CM_DAY_NONE) to = last;
    }
    if (!st && to < from) st = cm_fail(ctx, CM_USAGE, "--to is before --from");
    if (!st && job->events) st = cm_markers_load(ctx, job->events, CM_DAY_NONE, &mk);
    if (!st && mkdir(job->out, 0755) != 0 && errno != EEXIST)
        st = cm_fail(ctx, CM_IO, "%s: cannot create the folder: %s", job->out, strerror(errno));
    int per = !!(job->formats & CM_SERIES_PNG) + !!(job->formats & CM_SERIES_SVG) + !!(job->formats & CM_SERIES_PDF);
    if (!st && job->progress_total) job->progress_total(job->progress_ud, (int)(to - from + 1) * per);
    cm_series_opts so = {.map = map, .tl = tl, .markers = mk, .from = from, .to = to, .dir = maps,
                         .formats = job->formats, .jobs = job->jobs, .fingerprint = fp,
                         .staleness = job->staleness, .progress = job->progress, .progress_ud = job->progress_ud};
    cm_series_stats stats = {0};
    if (!st) st = cm_series_run(ctx, &so, &stats);
    if (!st) st = write_viewer(ctx, job, gs, tl, from, to, page);
    /* The districts' outlines in frame pixels, for tools that probe or
     * image-map the frames (tests/e2e/probe.py). */
    if (!st) {
        cm_buf ol = {0};
        char olp[4200];
        snprintf(olp, sizeof olp, "%s/outlines.json", maps);
        st = cm_mapctx_outlines_json(map, &ol) ? cm_fail(ctx, CM_NOMEM, "out of memory")
                                              : cm_file_write(ctx, olp, ol.p, ol.n);
        cm_buf_free(&ol);
    }
    if (!st && job->animate) {
        if (!(job->formats & CM_SERIES_PNG)) st = cm_fail(ctx, CM_USAGE, "--animate needs png frames");
        else st = cm_series_animate(ctx, &so, job->animate, job->frame_ms);
    }
    if (!st && stampable) st = cm_stamp_record(&stamp, ctx, page);
    if (!st)
        cm_log(ctx, CM_LOG_INFO, "%s: %zu frames (%zu drawn, %zu from the day before, %zu unchanged since the last run)",
               maps, stats.frames, stats.drawn, stats.reused, stats.kept);
    cm_geomstore_free(gs);
    cm_markers_free(mk);
    cm_mapctx_free(map);
    cm_timeline_free(tl);
    return st;
}
