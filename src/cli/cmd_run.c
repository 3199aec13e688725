/* cmd_run: `conflictmap run ARTICLES... [--out DIR]` — every stage in one go:
 * places and claims (places.jsonl, events.jsonl), their layers
 * (places.geojson, events.geojson, control.geojson), a map per day
 * (maps/YYYY-MM-DD.png and .svg, or --formats) and the viewer (index.html); with --explain
 * also explain.txt (why each claim, why no claim: see extract --explain). Every file is
 * written under a temporary name and renamed, so an interrupted run leaves no
 * half-written file, and a second run gives the same files. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/acledcli.h"
#include "cli/cli.h"
#include "cli/mapcli.h"
#include "cli/progress.h"
#include "core/file.h"
#include "map/export.h"
#include "map/series.h"
#include "map/seriesout.h"
#include "text/gaz.h"
#include "text/pipeline.h"

/* The articles' urls and titles, for the viewer's links (strings in keep). */
typedef struct {
    cm_arena *keep;
    cm_viewer_doc *v;
    size_t n, cap;
} doclist;

static cm_status keep_doc(doclist *dl, const cm_doc *d)
{
    if (!d->url && !d->title) return CM_OK;
    if (dl->n == dl->cap) {
        size_t nc = dl->cap ? 2 * dl->cap : 64;
        cm_viewer_doc *p = realloc(dl->v, nc * sizeof *p);
        if (!p) return CM_NOMEM;
        dl->v = p, dl->cap = nc;
    }
    cm_viewer_doc *o = &dl->v[dl->n];
    o->id = cm_arena_strdup(dl->keep, d->id);
    o->url = d->url ? cm_arena_strdup(dl->keep, d->url) : NULL;
    o->title = d->title ? cm_arena_strdup(dl->keep, d->title) : NULL;
    if (!o->id || (d->url && !o->url) || (d->title && !o->title)) return CM_NOMEM;
    dl->n++;
    return CM_OK;
}

/* What each document of the articles goes to: the three files and the
 * viewer's links. */
typedef struct {
    cm_pipe_out out;
    doclist *dl;
} sink;

static cm_status write_doc(void *ud, cm_ctx *ctx, const cm_pipe_item *it)
{
    sink *k = ud;
    if (it->nclaims && keep_doc(k->dl, &it->doc)) return cm_fail(ctx, CM_NOMEM, "out of memory");
    return cm_pipe_write(ctx, &k->out, it);
}

/* Articles -> places.jsonl and events.jsonl in dir (and explain.txt when
 * explain), through the pipeline. */
static cm_status extract_all(doclist *dl, cm_ctx *ctx, char **paths, int npaths, const char *gpath,
                             const cm_pipe_opts *po, const char *dir, size_t *nclaims, size_t *rejected)
{
    cm_gaz *g = NULL;
    cm_pipe *pipe = NULL;
    cm_out pl = {0}, ev = {0}, ex = {0};
    sink k = {.dl = dl, .out = {.places = &pl, .claims = &ev, .explain = po->explain ? &ex : NULL}};
    cm_pipe_stats ps = {0};
    char plp[4096], evp[4096], exp[4096];
    snprintf(plp, sizeof plp, "%s/places.jsonl", dir);
    snprintf(evp, sizeof evp, "%s/events.jsonl", dir);
    snprintf(exp, sizeof exp, "%s/explain.txt", dir);
    cm_status st = cm_gaz_open_profile(ctx, cm_cli_gazetteer(gpath), cm_cli_profile(), &g);
    if (!st) st = cm_pipe_open(ctx, g, po, &pipe);
    if (!st && po->lang && !cm_pipe_lang_known(pipe, po->lang))
        st = cm_fail(ctx, CM_USAGE, "run: no lexicon for --lang '%s'", po->lang);
    if (!st) st = cm_out_open(ctx, plp, &pl);
    if (!st) st = cm_out_open(ctx, evp, &ev);
    if (!st && po->explain) st = cm_out_open(ctx, exp, &ex);
    if (!st) st = cm_pipe_run(pipe, ctx, (const char *const *)paths, (size_t)npaths, write_doc, &k, &ps);
    if (!st) st = cm_out_commit(ctx, &pl);
    if (!st) st = cm_out_commit(ctx, &ev);
    if (!st && po->explain) st = cm_out_commit(ctx, &ex);
    cm_out_abort(&pl);
    cm_out_abort(&ev);
    cm_out_abort(&ex);
    cm_pipe_out_free(&k.out);
    cm_pipe_close(pipe);
    cm_gaz_close(g);
    *nclaims = ps.claims;
    *rejected = ps.rejected;
    return st;
}

/* --acled: the claims of ACLED exports added to events.jsonl (rewritten whole
 * through cm_out, so a bad row under --strict leaves the run's file as it was). */
static cm_status add_acled(cm_ctx *ctx, const char *evp, const cm_opt_list *files, const char *actors,
                           const char *bdir, int strict, int quiet, size_t *nclaims)
{
    cm_acledcli ac;
    cm_buf old = {0};
    cm_out out = {0};
    size_t n = 0;
    cm_status st = cm_acledcli_open(ctx, actors, bdir, &ac);
    if (st) return st;
    st = cm_file_read(ctx, evp, 0, &old);
    if (!st) st = cm_out_open(ctx, evp, &out);
    if (!st && old.n && fwrite(old.p, 1, old.n, out.fp) != old.n) st = cm_fail(ctx, CM_IO, "%s: write error", evp);
    if (!st) st = cm_acledcli_import(ctx, &ac, files->v, files->n, strict, quiet, out.fp, &n);
    if (!st) st = cm_out_commit(ctx, &out);
    cm_out_abort(&out);
    cm_buf_free(&old);
    cm_acledcli_close(&ac);
    *nclaims += n;
    return st;
}

/* One layer file through OGR, unless it is up to date. */
static cm_status layer(cm_ctx *ctx, const char *dir, const char *name, const char *jsonl, const char *bdir,
                       double simplify)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s.geojson", dir, name);
    bool kept;
    cm_layer_job job = {.dest = path, .layer = name, .inputs = &jsonl, .ninputs = 1, .boundaries = bdir,
                        .profile = cm_cli_profile(), .control = {.simplify_m = simplify}, .tool = cm_cli_tool_id()};
    return cm_export_layer_file(ctx, &job, &kept);
}

int cm_cmd_run(int argc, char **argv)
{
    cm_day from = CM_DAY_NONE, to = CM_DAY_NONE;
    const char *out = "output", *gpath = NULL, *lang = NULL, *formats = "png,svg", *animate = NULL, *actors = NULL;
    cm_opt_list acled = {0};
    double simplify = 0;
    int jobs = 0, quiet = 0, strict = 0, explain = 0, max_mb = 0, max_claims = CM_CLI_MAX_CLAIMS;
    size_t rejected = 0;
    cm_mapcli mo = CM_MAPCLI_DEFAULTS;
    const cm_opt opts[] = {
        {"out", 'o', CM_OPT_STR, &out, "DIR", "output folder (default output)"},
        {"from", 0, CM_OPT_DAY, &from, "YYYY-MM-DD", "first day of the map series (default: the first claim's)"},
        {"to", 0, CM_OPT_DAY, &to, "YYYY-MM-DD", "last day (default: the last claim's)"},
        {"jobs", 'j', CM_OPT_INT, &jobs, "N", "maps drawn in parallel (default: the number of cores)"},
        {"formats", 0, CM_OPT_STR, &formats, "LIST", "map formats: png, svg, pdf, comma-separated (default png,svg)"},
        {"format", 'f', CM_OPT_STR, &formats, "LIST", "the same as --formats"},
        {"simplify", 0, CM_OPT_DOUBLE, &simplify, "METRES",
         "control.geojson for web maps: borders simplified to METRES, shared borders kept (default: full)"},
        {"animate", 0, CM_OPT_STR, &animate, "FILE.png", "also an animated PNG of the series"},
        {"gazetteer", 0, CM_OPT_STR, &gpath, "FILE", "compiled index (default: CONFLICTMAP_GAZETTEER)"},
        {"lang", 0, CM_OPT_STR, &lang, "L", "language of every document (default: header, else detected)"},
        {"strict", 0, CM_OPT_FLAG, &strict, NULL, "reject documents with invalid UTF-8, no lexicon or no date (exit 3)"},
        {"max-mb", 0, CM_OPT_INT, &max_mb, "N", "largest document accepted, in MiB (default 64)"},
        {"max-claims", 0, CM_OPT_INT, &max_claims, "N", "claims kept per document, the first N (default 10000; 0: all)"},
        {"acled", 0, CM_OPT_LIST, &acled, "FILE.csv", "also the events of an ACLED export (repeatable; docs/acled.md)"},
        {"actors", 0, CM_OPT_STR, &actors, "FILE", "ACLED actor names to sides (default gazetteer/acled-actors.tsv)"},
        {"explain", 0, CM_OPT_FLAG, &explain, NULL, "also explain.txt: each claim with the lexicon lines and rules that made it, each place without a claim with the reason"},
        CM_MAPCLI_OPTS(mo),
        {"quiet", 'q', CM_OPT_FLAG, &quiet, NULL, "no progress bar, no warnings"},
        CM_OPT_END};
    const cm_cmd_spec spec = {
        "run", "[ARTICLES...] [--acled FILE.csv] [--out DIR] [--from D] [--to D] [options]",
        "Runs every stage and writes into DIR: places.jsonl, events.jsonl, places.geojson,\n"
        "events.geojson, control.geojson, maps/YYYY-MM-DD.png and .svg (--formats) for every day from\n"
        "the first to the last claim, and index.html (open it in a browser; it needs no network).\n"
        "A layer or series whose inputs are those of its last write is left alone.",
        opts};
    int npos, done;
    char **pos;
    cm_ctx *ctx = cm_cli_start(&spec, argc, argv, &npos, &pos, &done);
    if (!ctx) return done;
    cm_status st = CM_OK;
    unsigned fmts = 0;
    size_t nclaims = 0;
    char evp[4096], plp[4096];
    snprintf(evp, sizeof evp, "%s/events.jsonl", out);
    snprintf(plp, sizeof plp, "%s/places.jsonl", out);
    if (!npos && !acled.n)
        st = cm_fail(ctx, CM_USAGE, "run: give one or more ARTICLES (files, folders, \"-\" for stdin) or --acled FILE.csv");
    if (!st) st = cm_series_formats(ctx, formats, &fmts);
    if (!st && jobs < 0) st = cm_fail(ctx, CM_USAGE, "run: --jobs wants a positive number");
    if (!st && (simplify < 0 || simplify > 100000)) st = cm_fail(ctx, CM_USAGE, "run: --simplify wants metres, 0..100000");
    if (!st && (max_mb < 0 || max_mb > 4096)) st = cm_fail(ctx, CM_USAGE, "run: --max-mb must be 1..4096");
    if (!st && max_claims < 0) st = cm_fail(ctx, CM_USAGE, "run: --max-claims must be 0 (no limit) or more");
    if (!st) st = cm_mapcli_check(ctx, "run", &mo);
    if (!st && mkdir(out, 0755) != 0 && errno != EEXIST)
        st = cm_fail(ctx, CM_IO, "%s: cannot create the folder: %s", out, strerror(errno));
    doclist docs = {.keep = cm_arena_new()};
    if (!st && !docs.keep) st = cm_fail(ctx, CM_NOMEM, "out of memory");
    cm_pipe_opts po = {.claims = true, .profile = cm_cli_profile(), .lang = lang, .max_bytes = (size_t)max_mb << 20, .strict = strict,
                       .max_claims = max_claims, .explain = explain, .all_places = true};
    if (!st) st = extract_all(&docs, ctx, pos, npos, gpath, &po, out, &nclaims, &rejected);
    const char *bdir = cm_cli_boundaries(mo.boundaries);
    if (!st && acled.n) st = add_acled(ctx, evp, &acled, actors, bdir, strict, quiet, &nclaims);
    if (!st) st = layer(ctx, out, "places", plp, bdir, 0);
    if (!st) st = layer(ctx, out, "events", evp, bdir, 0);
    if (!st) st = layer(ctx, out, "control", evp, bdir, simplify);
    if (!st && nclaims == 0 && (from == CM_DAY_NONE || to == CM_DAY_NONE))
        cm_log(ctx, CM_LOG_WARN, "no claims in the articles: no map series (give --from and --to for empty maps)");
    else if (!st) {
        cm_mapsrc src;
        cm_mapcli_src(&mo, &src);
        cm_progress bar;
        cm_progress_init(&bar, quiet, 0, "frames");
        cm_series_job job = {.src = &src, .staleness = mo.staleness, .events = evp, .out = out, .from = from,
                             .to = to, .formats = fmts, .jobs = jobs, .animate = animate, .frame_ms = 500,
                             .gazetteer = cm_cli_gazetteer(gpath), .gazetteer_optional = !gpath,
                             .docs = docs.v, .ndocs = docs.n, .tool = cm_cli_tool_id(),
                             .progress = cm_progress_cb, .progress_ud = &bar, .progress_total = cm_progress_total};
        st = cm_series_out(ctx, &job);
        cm_progress_end(&bar);
    }
    free(pos);
    free(acled.v);
    free(docs.v);
    cm_arena_free(docs.keep);
    cm_render_release_fonts();
    int rc = cm_cli_finish(ctx, st);
    if (rc == CM_EXIT_OK && rejected) {
        fprintf(stderr, "conflictmap: run: %zu document(s) rejected (--strict)\n", rejected);
        rc = CM_EXIT_STRICT;
    }
    cm_ctx_free(ctx);
    return rc;
}
