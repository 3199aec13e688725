/* api: the embedding API (include/conflictmap.h) over the library's modules —
 * the only code that includes that header. The layer above map/: it wraps the
 * internal objects in opaque handles, turns cm_status into cm_result, and
 * clears the context at the start of every call, so that its message is the
 * last call's. Prints nothing and reads no option strings. */
#define _POSIX_C_SOURCE 200809L
#include "conflictmap.h"

#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/datadir.h"
#include "core/day.h"
#include "core/file.h"
#include "core/profile.h"
#include "core/status.h"
#include "core/str.h"
#include "map/export.h"
#include "map/mapfile.h"
#include "map/mapsrc.h"
#include "map/markers.h"
#include "model/hier.h"
#include "model/timeline.h"
#include "text/gaz.h"
#include "text/pipeline.h"


/* The public codes are the library's statuses, CM_USAGE read as a bad argument. */
_Static_assert(CM_ERR_NOMEM == (int)CM_NOMEM && CM_ERR_IO == (int)CM_IO && CM_ERR_PARSE == (int)CM_PARSE &&
                   CM_ERR_NOTFOUND == (int)CM_NOTFOUND && CM_ERR_RANGE == (int)CM_RANGE &&
                   CM_ERR_ARGUMENT == (int)CM_USAGE && CM_ERR_GDAL == (int)CM_GDAL && CM_ERR_PROJ == (int)CM_PROJ &&
                   CM_ERR_CAIRO == (int)CM_CAIRO && CM_ERR_CANCELLED == (int)CM_CANCELLED,
               "cm_result follows cm_status");
_Static_assert(CM_LEVEL_DEBUG == (int)CM_LOG_DEBUG && CM_LEVEL_INFO == (int)CM_LOG_INFO &&
                   CM_LEVEL_WARNING == (int)CM_LOG_WARN && CM_LEVEL_ERROR == (int)CM_LOG_ERROR,
               "cm_level follows cm_log_level");

/* The default profile (docs/profiles.md) when neither the caller nor
 * CONFLICTMAP_PROFILE names one. */
#define DEFAULT_PROFILE CM_DEFAULT_PROFILE /* configure time: CMake CM_DEFAULT_PROFILE */

const char *cm_version(void) { return CONFLICTMAP_VERSION; }
const char *cm_data_folder(void) { return cm_data_dir(); }

const char *cm_result_name(cm_result r)
{
    return r == CM_SUCCESS ? "success" : r == CM_ERR_ARGUMENT ? "argument" : cm_status_name((cm_status)r);
}

/* ---- context ----------------------------------------------------------------- */

struct cm_context {
    cm_ctx *ctx;
    cm_log_callback fn;
    void *ud;
};

static void log_to(cm_log_level level, const char *msg, void *ud)
{
    cm_context *cx = ud;
    if (cx->fn) cx->fn((cm_level)level, msg, cx->ud);
}

cm_context *cm_context_new(void)
{
    cm_context *cx = calloc(1, sizeof *cx);
    if (cx && !(cx->ctx = cm_ctx_new())) {
        free(cx);
        return NULL;
    }
    if (cx) cm_ctx_set_log(cx->ctx, log_to, cx);
    return cx;
}

void cm_context_free(cm_context *cx)
{
    if (!cx) return;
    cm_ctx_free(cx->ctx);
    free(cx);
}

const char *cm_context_message(const cm_context *cx) { return cm_ctx_message(cx->ctx); }

void cm_context_set_log(cm_context *cx, cm_log_callback fn, void *ud)
{
    cx->fn = fn;
    cx->ud = ud;
}

size_t cm_context_warnings(const cm_context *cx) { return cm_ctx_diag_count(cx->ctx); }

/* Every call starts with a clean error state. */
static cm_ctx *begin(cm_context *cx)
{
    cm_ctx_clear(cx->ctx);
    return cx->ctx;
}

static cm_result done(cm_status st) { return (cm_result)st; }

/* ---- conflict ---------------------------------------------------------------- */

struct cm_conflict {
    char gazetteer[PATH_MAX], boundaries[PATH_MAX], countries[PATH_MAX], cache[PATH_MAX];
    bool no_cache; /* CONFLICTMAP_CACHE=off */
    cm_profile *prof; /* the profile.tsv read (core/profile.h): its name, folder and files */
};

/* The environment's path, else the profile's, else the data folder's rel. */
static void prof_path(char *dst, const char *env, const char *prof, const char *rel)
{
    const char *e = getenv(env);
    char tmp[PATH_MAX];
    snprintf(dst, PATH_MAX, "%s", e && *e ? e : prof && *prof ? prof : cm_data_path(env, rel, tmp, sizeof tmp));
}

/* cm_data_path copied into the handle's buffer dst (PATH_MAX bytes). */
static void data_path(char *dst, const char *env, const char *rel)
{
    char tmp[PATH_MAX];
    snprintf(dst, PATH_MAX, "%s", cm_data_path(env, rel, tmp, sizeof tmp));
}

cm_result cm_conflict_open(cm_context *cx, const char *profile, cm_conflict **out)
{
    cm_ctx *ctx = begin(cx);
    *out = NULL;
    const char *env = getenv("CONFLICTMAP_PROFILE");
    if (!profile || !*profile) profile = env && *env ? env : DEFAULT_PROFILE;
    cm_conflict *cf = calloc(1, sizeof *cf);
    if (!cf) return done(cm_fail(ctx, CM_NOMEM, "out of memory"));
    /* The conflict's data, as the commands find it: the profile's files, each
     * path overridable through the environment. */
    cm_status st = cm_profile_load(ctx, profile, cm_data_dir(), &cf->prof);
    if (st) {
        free(cf);
        return done(st);
    }
    prof_path(cf->gazetteer, "CONFLICTMAP_GAZETTEER", cm_profile_gazetteer(cf->prof), "gazetteer/conflictmap.gaz");
    prof_path(cf->boundaries, "CONFLICTMAP_BOUNDARIES", cm_profile_boundaries(cf->prof), "shapefiles");
    prof_path(cf->countries, "CONFLICTMAP_COUNTRIES", cm_profile_countries(cf->prof), "shapefiles/countries.json");
    data_path(cf->cache, "CONFLICTMAP_CACHE", "cache");
    cf->no_cache = !strcmp(cf->cache, "off");
    *out = cf;
    return CM_SUCCESS;
}

void cm_conflict_close(cm_conflict *cf)
{
    if (!cf) return;
    cm_profile_free(cf->prof);
    free(cf);
}
const char *cm_conflict_name(const cm_conflict *cf) { return cm_profile_name(cf->prof); }
const char *cm_conflict_folder(const cm_conflict *cf) { return cm_profile_dir(cf->prof); }

/* ---- gazetteer --------------------------------------------------------------- */

struct cm_gazetteer {
    cm_gaz *g;
    const cm_profile *prof; /* the conflict's, when opened with one */
};

cm_result cm_gazetteer_open(cm_context *cx, const cm_conflict *cf, const char *path, cm_gazetteer **out)
{
    cm_ctx *ctx = begin(cx);
    *out = NULL;
    if (!path && !cf) return done(cm_fail(ctx, CM_USAGE, "cm_gazetteer_open: no path and no conflict"));
    cm_gazetteer *gz = calloc(1, sizeof *gz);
    if (!gz) return done(cm_fail(ctx, CM_NOMEM, "out of memory"));
    gz->prof = cf ? cf->prof : NULL;
    cm_status st = cm_gaz_open_profile(ctx, path ? path : cf->gazetteer, gz->prof, &gz->g);
    if (st) {
        free(gz);
        return done(st);
    }
    *out = gz;
    return CM_SUCCESS;
}

void cm_gazetteer_close(cm_gazetteer *gz)
{
    if (!gz) return;
    cm_gaz_close(gz->g);
    free(gz);
}

/* ---- extraction -------------------------------------------------------------- */

struct cm_extractor {
    cm_pipe *pipe;
    cm_arena *a;   /* the text's, reset for each */
    cm_buf json;
    char lang[16]; /* the option's, copied */
};

cm_result cm_extractor_new(cm_context *cx, const cm_gazetteer *gz, const cm_extract_options *o, cm_extractor **out)
{
    cm_ctx *ctx = begin(cx);
    *out = NULL;
    cm_extract_options none = {0};
    if (!o) o = &none;
    cm_extractor *ex = calloc(1, sizeof *ex);
    if (!ex || !(ex->a = cm_arena_new())) {
        free(ex);
        return done(cm_fail(ctx, CM_NOMEM, "out of memory"));
    }
    snprintf(ex->lang, sizeof ex->lang, "%s", o->lang ? o->lang : "");
    cm_pipe_opts po = {.claims = true, .profile = gz->prof, .lang = o->lang ? ex->lang : NULL, .year_hint = o->year,
                       .max_claims = o->max_claims == 0 ? 10000 : o->max_claims < 0 ? 0 : o->max_claims};
    cm_status st = cm_pipe_open(ctx, gz->g, &po, &ex->pipe);
    if (!st && o->lang && !cm_pipe_lang_known(ex->pipe, o->lang))
        st = cm_fail(ctx, CM_USAGE, "no lexicon for language '%s' (in %s)", o->lang, cm_data_lexicons());
    if (st) {
        cm_extractor_free(ex);
        return done(st);
    }
    *out = ex;
    return CM_SUCCESS;
}

void cm_extractor_free(cm_extractor *ex)
{
    if (!ex) return;
    cm_pipe_close(ex->pipe);
    cm_arena_free(ex->a);
    cm_buf_free(&ex->json);
    free(ex);
}

/* The text as a document (its header read, then info's members over it),
 * through the pipeline's stages, into it. */
static cm_status extract_text(cm_ctx *ctx, cm_extractor *ex, const char *text, size_t len, const cm_text_info *info,
                              cm_pipe_item *it)
{
    cm_text_info none = {0};
    if (!info) info = &none;
    cm_arena_reset(ex->a);
    cm_status st = cm_doc_parse_txt(ctx, info->id && *info->id ? info->id : "text", text, len, ex->a, &it->doc);
    if (st) return st;
    cm_doc *d = &it->doc;
    if (info->id && *info->id) d->id = d->path; /* the id as given, not its base name */
    if (info->date && !cm_day_parse(info->date, strlen(info->date), &d->date))
        return cm_fail(ctx, CM_USAGE, "%s: bad date '%s' (want YYYY-MM-DD)", d->id, info->date);
    if (info->date) d->date_inferred = false;
    if (info->lang && *info->lang) {
        char *l = cm_arena_strdup(ex->a, info->lang);
        if (!l) return cm_fail(ctx, CM_NOMEM, "out of memory");
        for (char *q = l; *q; q++)
            if (*q >= 'A' && *q <= 'Z') *q = (char)(*q + 32);
        d->lang = l;
    }
    if (info->url && !(d->url = cm_arena_strdup(ex->a, info->url))) return cm_fail(ctx, CM_NOMEM, "out of memory");
    bool kept;
    return cm_pipe_doc(ex->pipe, ctx, ex->a, it, &kept, NULL);
}

/* Claim k of it as a record, its JSON line in ex->json. */
static cm_status record_of(cm_extractor *ex, const cm_pipe_item *it, size_t k, char date[11], cm_claim_record *r)
{
    const cm_claim *c = &it->claims[k];
    cm_claim_doc cd = cm_pipe_claim_doc(&it->doc);
    cm_buf_clear(&ex->json);
    if (cm_claim_json(&ex->json, &cd, c)) return CM_NOMEM;
    if (c->date != CM_DAY_NONE) cm_day_format(c->date, date);
    *r = (cm_claim_record){.doc = it->doc.id, .place = c->place, .pcode = c->pcode, .province = c->province,
                           .lat = c->lat, .lon = c->lon, .actor = c->actor, .action = cm_action_name(c->action),
                           .controller = c->controller, .date = c->date != CM_DAY_NONE ? date : NULL,
                           .date_precision = c->date_precision, .confidence = c->confidence,
                           .negated = c->negated, .hedged = c->hedged, .json = ex->json.p,
                           .json_len = ex->json.n};
    cm_doc_span(&it->doc, c->sent_off, c->sent_len, &r->offset, &r->length);
    return CM_OK;
}

cm_result cm_extract(cm_context *cx, cm_extractor *ex, const char *text, size_t len, const cm_text_info *info,
                     cm_claim_callback fn, void *ud, size_t *nclaims)
{
    cm_ctx *ctx = begin(cx);
    if (nclaims) *nclaims = 0;
    cm_pipe_item it;
    cm_status st = extract_text(ctx, ex, text, len, info, &it);
    for (size_t k = 0; k < it.nclaims && !st; k++) {
        char date[11];
        cm_claim_record r;
        if (record_of(ex, &it, k, date, &r)) st = cm_fail(ctx, CM_NOMEM, "out of memory");
        else if (fn && fn(&r, ud)) st = cm_fail(ctx, CM_CANCELLED, "%s: stopped by the callback", it.doc.id);
        else if (nclaims) ++*nclaims;
    }
    return done(st);
}

static cm_status write_claims(cm_ctx *ctx, cm_buf *b, const cm_pipe_item *it, FILE *out)
{
    cm_buf_clear(b);
    if (cm_pipe_claims_json(b, it)) return cm_fail(ctx, CM_NOMEM, "out of memory");
    if (b->n && fwrite(b->p, 1, b->n, out) != b->n) return cm_fail(ctx, CM_IO, "%s: write error", it->doc.id);
    return CM_OK;
}

cm_result cm_extract_jsonl(cm_context *cx, cm_extractor *ex, const char *text, size_t len, const cm_text_info *info,
                           FILE *out)
{
    cm_ctx *ctx = begin(cx);
    cm_pipe_item it;
    cm_status st = extract_text(ctx, ex, text, len, info, &it);
    if (!st) st = write_claims(ctx, &ex->json, &it, out);
    return done(st);
}

typedef struct {
    cm_buf *b;
    FILE *out;
} files_sink;

static cm_status files_doc(void *ud, cm_ctx *ctx, const cm_pipe_item *it)
{
    files_sink *k = ud;
    return write_claims(ctx, k->b, it, k->out);
}

cm_result cm_extract_files(cm_context *cx, cm_extractor *ex, const char *const *paths, size_t npaths, FILE *out)
{
    cm_ctx *ctx = begin(cx);
    files_sink k = {&ex->json, out};
    return done(cm_pipe_run(ex->pipe, ctx, paths, npaths, files_doc, &k, NULL));
}

/* ---- history ----------------------------------------------------------------- */

struct cm_history {
    cm_timeline *tl;
    cm_hier *hier; /* the units' parents, from the conflict's boundary layers */
    cm_buf claims; /* every claim added, JSON Lines: the markers of the maps */
};

cm_result cm_history_new(cm_context *cx, const cm_conflict *cf, cm_history **out)
{
    cm_ctx *ctx = begin(cx);
    if (!cf) return done(cm_fail(ctx, CM_USAGE, "cm_history_new: no conflict"));
    cm_history *h = calloc(1, sizeof *h);
    if (!h || !(h->tl = cm_timeline_new(cf->prof))) {
        free(h);
        return done(cm_fail(ctx, CM_NOMEM, "out of memory"));
    }
    cm_status st = cm_export_hierarchy(ctx, cf->prof, cf->boundaries, &h->hier);
    if (st) {
        cm_history_free(h);
        return done(st);
    }
    cm_timeline_set_parents(h->tl, cm_hier_parent, h->hier);
    *out = h;
    return CM_SUCCESS;
}

void cm_history_free(cm_history *h)
{
    if (!h) return;
    cm_timeline_free(h->tl);
    cm_hier_free(h->hier);
    cm_buf_free(&h->claims);
    free(h);
}

static cm_status add_claims(cm_ctx *ctx, cm_history *h, const char *name, const char *p, size_t n)
{
    cm_status st = cm_timeline_add_events(h->tl, ctx, name, p, n);
    if (!st && n && (cm_buf_append(&h->claims, p, n) || (p[n - 1] != '\n' && cm_buf_putc(&h->claims, '\n'))))
        st = cm_fail(ctx, CM_NOMEM, "out of memory");
    return st;
}

cm_result cm_history_add_jsonl(cm_context *cx, cm_history *h, const char *jsonl, size_t len)
{
    return done(add_claims(begin(cx), h, "claims", jsonl, len));
}

cm_result cm_history_add_claim(cm_context *cx, cm_history *h, const cm_claim_record *claim)
{
    return done(add_claims(begin(cx), h, claim->doc ? claim->doc : "claim", claim->json, claim->json_len));
}

cm_result cm_history_add_file(cm_context *cx, cm_history *h, const char *path)
{
    cm_ctx *ctx = begin(cx);
    cm_buf b = {0};
    cm_status st = cm_file_read(ctx, path, 0, &b);
    if (!st) st = add_claims(ctx, h, path, b.p, b.n);
    cm_buf_free(&b);
    return done(st);
}

static cm_status parse_date(cm_ctx *ctx, const char *s, cm_day *day)
{
    if (!s || !cm_day_parse(s, strlen(s), day))
        return cm_fail(ctx, CM_USAGE, "bad date '%s' (want YYYY-MM-DD)", s ? s : "(null)");
    return CM_OK;
}

cm_result cm_history_control(cm_context *cx, const cm_history *h, const char *pcode, const char *date,
                             const char **controller)
{
    cm_ctx *ctx = begin(cx);
    cm_day day;
    cm_status st = parse_date(ctx, date, &day);
    if (!st) *controller = cm_profile_ctrl_name(cm_timeline_profile(h->tl), cm_timeline_at(h->tl, pcode, day, NULL));
    return done(st);
}

int cm_history_span(const cm_history *h, char first[11], char last[11])
{
    cm_day a, b;
    if (!cm_timeline_span(h->tl, &a, &b)) return 0;
    cm_day_format(a, first);
    cm_day_format(b, last);
    return 1;
}

/* ---- maps -------------------------------------------------------------------- */

struct cm_map {
    const cm_conflict *cf;
    cm_mapsrc src;
    cm_style style;
    double bbox[4];
    char *crs, *style_path;
    bool staleness;
    cm_mapctx *prepared[2]; /* raster, vector: on first use */
};

static cm_status map_labels(cm_ctx *ctx, const char *s, cm_label_lang *out)
{
    if (!s || !strcmp(s, "en")) *out = CM_LABELS_EN;
    else if (!strcmp(s, "dari")) *out = CM_LABELS_DARI;
    else if (!strcmp(s, "none")) *out = CM_LABELS_NONE;
    else return cm_fail(ctx, CM_USAGE, "labels '%s': want en, dari or none", s);
    return CM_OK;
}

cm_result cm_map_open(cm_context *cx, const cm_conflict *cf, const cm_map_options *o, cm_map **out)
{
    cm_ctx *ctx = begin(cx);
    *out = NULL;
    cm_map_options none = {0};
    if (!o) o = &none;
    cm_map *m = calloc(1, sizeof *m);
    if (!m) return done(cm_fail(ctx, CM_NOMEM, "out of memory"));
    m->cf = cf;
    m->staleness = o->staleness != 0;
    cm_style_default(&m->style, cf->prof);
    m->src = (cm_mapsrc){.width = o->width ? o->width : 1600, .height = o->height ? o->height : 1200,
                         .style = &m->style, .boundaries = cf->boundaries, .countries = cf->countries,
                         .cache = cf->no_cache ? NULL : cf->cache, .profile = cf->prof};
    cm_status st = map_labels(ctx, o->labels, &m->src.labels);
    if (!st && (m->src.width < 16 || m->src.height < 16 || m->src.width > 20000 || m->src.height > 20000))
        st = cm_fail(ctx, CM_USAGE, "map size %dx%d: want 16..20000", m->src.width, m->src.height);
    if (!st && o->bbox) memcpy(m->bbox, o->bbox, sizeof m->bbox), m->src.bbox = m->bbox;
    if (!st && o->crs && !(m->crs = strdup(o->crs))) st = cm_fail(ctx, CM_NOMEM, "out of memory");
    if (!st && o->style && !(m->style_path = strdup(o->style))) st = cm_fail(ctx, CM_NOMEM, "out of memory");
    if (!st && o->style) st = cm_style_load(&m->style, ctx, o->style);
    m->src.crs = m->crs;
    m->src.style_path = m->style_path;
    if (st) {
        cm_map_close(m);
        return done(st);
    }
    *out = m;
    return CM_SUCCESS;
}

void cm_map_close(cm_map *m)
{
    if (!m) return;
    cm_mapctx_free(m->prepared[0]);
    cm_mapctx_free(m->prepared[1]);
    free(m->crs);
    free(m->style_path);
    free(m);
}

/* The day's markers: h's claims of that day. */
static cm_status markers_of(cm_ctx *ctx, const cm_history *h, cm_day day, cm_markers **mk)
{
    *mk = NULL;
    if (!h || !h->claims.n) return CM_OK;
    return cm_markers_parse(ctx, "claims", h->claims.p, h->claims.n, day, mk);
}

cm_result cm_map_draw(cm_context *cx, cm_map *m, const cm_history *h, const char *date, const char *path)
{
    cm_ctx *ctx = begin(cx);
    cm_day day;
    cm_mapfmt fmt;
    cm_status st = parse_date(ctx, date, &day);
    if (!st && !cm_mapfmt_for(path, &fmt))
        st = cm_fail(ctx, CM_USAGE, "%s: unknown map format (use .png, .svg or .pdf)", path);
    if (st) return done(st);
    bool vector = fmt != CM_MAPFMT_PNG;
    cm_mapctx **mc = &m->prepared[vector];
    if (!*mc && (st = cm_mapsrc_prepare(ctx, &m->src, NULL, NULL, NULL, vector, false, mc, NULL))) return done(st);
    cm_timeline *empty = h ? NULL : cm_timeline_new(m->cf->prof);
    cm_markers *mk = NULL;
    if (!h && !empty) st = cm_fail(ctx, CM_NOMEM, "out of memory");
    if (!st) st = markers_of(ctx, h, day, &mk);
    if (!st) st = cm_map_write_day(*mc, ctx, h ? h->tl : empty, mk, day, m->staleness, path);
    cm_markers_free(mk);
    cm_timeline_free(empty);
    return done(st);
}
