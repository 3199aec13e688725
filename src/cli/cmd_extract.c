/* cmd_extract: `conflictmap extract ARTICLES...` — control claims as JSON Lines.
 *
 * Streams through the pipeline (text/pipeline.h): one document at a time is
 * read (a .txt file, or one line of a JSON Lines file or of stdin), analysed
 * (language, publication date, dates), its places found with the gazetteer,
 * its claims extracted and written, and its memory released before the next,
 * so memory does not grow with the corpus. The record schema is
 * docs/events-schema.md. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/file.h"
#include "text/gaz.h"
#include "text/pipeline.h"

/* Where each document's claims go, and the progress line. */
typedef struct {
    cm_pipe_out out;
    bool progress;
    const cm_pipe_stats *stats;
} sink;

static cm_status write_doc(void *ud, cm_ctx *ctx, const cm_pipe_item *it)
{
    sink *k = ud;
    if (!it->doc.lex) return CM_OK; /* no lexicon: no claims, nothing to explain */
    cm_status st = cm_pipe_write(ctx, &k->out, it);
    const cm_pipe_stats *s = k->stats;
    if (!st && k->progress && s->docs % 1000 == 0)
        fprintf(stderr, "\rconflictmap: extract: %zu documents, %.1f MB, %zu claims", s->docs, s->bytes / 1e6,
                s->claims);
    return st;
}

int cm_cmd_extract(int argc, char **argv)
{
    const char *gpath = NULL, *outpath = NULL, *lang = NULL, *lexdir = NULL;
    int quiet = 0, stats = 0, explain = 0, max_mb = 0, year = 0, strict = 0, max_claims = CM_CLI_MAX_CLAIMS;
    const cm_opt opts[] = {
        {"output", 'o', CM_OPT_STR, &outpath, "FILE", "write the claims here (default: stdout)"},
        {"gazetteer", 0, CM_OPT_STR, &gpath, "FILE", "compiled index (default: CONFLICTMAP_GAZETTEER)"},
        {"lang", 0, CM_OPT_STR, &lang, "L", "language of every document (default: header, else detected)"},
        {"lexicons", 0, CM_OPT_STR, &lexdir, "DIR", "lexicon folder (default: CONFLICTMAP_LEXICONS or the built-in)"},
        {"max-mb", 0, CM_OPT_INT, &max_mb, "N", "largest document accepted, in MiB (default 64)"},
        {"max-claims", 0, CM_OPT_INT, &max_claims, "N", "claims kept per document, the first N (default 10000; 0: all)"},
        {"year", 0, CM_OPT_INT, &year, "YYYY", "year of dates written without one when a text gives none"},
        {"explain", 0, CM_OPT_FLAG, &explain, NULL, "text instead of JSON: each claim with the lexicon lines and rules that made it, each place without a claim with the reason"},
        {"stats", 0, CM_OPT_FLAG, &stats, NULL, "documents, bytes, claims, MB/s on stderr"},
        {"strict", 0, CM_OPT_FLAG, &strict, NULL, "reject documents with invalid UTF-8, no lexicon or no date (exit 3)"},
        {"quiet", 'q', CM_OPT_FLAG, &quiet, NULL, "no warnings, no progress"},
        CM_OPT_END};
    const cm_cmd_spec spec = {
        "extract", "ARTICLES... [-o events.jsonl] [--gazetteer FILE] [--lang L]",
        "Reads articles (.txt with an optional header, JSON Lines, folders of either, \"-\" for "
        "stdin), finds their places and writes their control claims (actor, action, place, date, "
        "source, confidence) as JSON Lines, one claim a line; the schema is docs/events-schema.md. "
        "Documents without a date are dated from their text.",
        opts};
    int npos, done;
    char **pos;
    cm_ctx *ctx = cm_cli_start(&spec, argc, argv, &npos, &pos, &done);
    if (!ctx) return done;
    cm_status st = CM_OK;
    cm_gaz *g = NULL;
    cm_pipe *pipe = NULL;
    cm_out out = {0};
    bool out_open = false;
    cm_pipe_stats ps = {0};
    sink k = {.progress = !quiet && isatty(2), .stats = &ps};
    if (!npos) {
        st = cm_fail(ctx, CM_USAGE, "extract: give one or more ARTICLES (files, folders, \"-\" for stdin)");
        goto end;
    }
    if (max_mb < 0 || max_mb > 4096) {
        st = cm_fail(ctx, CM_USAGE, "extract: --max-mb must be 1..4096");
        goto end;
    }
    if (max_claims < 0) {
        st = cm_fail(ctx, CM_USAGE, "extract: --max-claims must be 0 (no limit) or more");
        goto end;
    }
    if (year && (year < 1900 || year > 2100)) {
        st = cm_fail(ctx, CM_USAGE, "extract: --year must be 1900..2100");
        goto end;
    }
    if ((st = cm_gaz_open_profile(ctx, cm_cli_gazetteer(gpath), cm_cli_profile(), &g))) goto end;
    cm_pipe_opts po = {.claims = true, .lexicons = lexdir, .lang = lang, .max_bytes = (size_t)max_mb << 20,
                       .year_hint = year, .strict = strict, .max_claims = max_claims, .explain = explain,
                       .profile = cm_cli_profile()};
    if ((st = cm_pipe_open(ctx, g, &po, &pipe))) goto end;
    if (lang && !cm_pipe_lang_known(pipe, lang)) {
        st = cm_fail(ctx, CM_USAGE, "extract: no lexicon for --lang '%s'", lang);
        goto end;
    }
    if ((st = cm_out_open(ctx, outpath ? outpath : "-", &out))) goto end;
    out_open = true;
    if (explain) k.out.explain = &out;
    else k.out.claims = &out;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    st = cm_pipe_run(pipe, ctx, (const char *const *)pos, (size_t)npos, write_doc, &k, &ps);
    if (k.progress && ps.docs >= 1000) fputc('\n', stderr);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (!st) {
        out_open = false;
        st = cm_out_commit(ctx, &out);
    }
    if (!st && stats) {
        double s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
        fprintf(stderr,
                "conflictmap: extract: %zu documents (%zu undated), %zu bytes, %zu claims, %.3f s "
                "(%.1f MB/s): read %.3f s, language and dates %.3f s, places %.3f s, claims "
                "%.3f s, output %.3f s\n",
                ps.docs, ps.undated, ps.bytes, ps.claims, s, s > 0 ? (double)ps.bytes / 1e6 / s : 0.0, ps.t_read,
                ps.t_analyse, ps.t_places, ps.t_claims, ps.t_out);
    }
end:
    if (out_open) cm_out_abort(&out);
    free(pos);
    cm_pipe_out_free(&k.out);
    cm_pipe_close(pipe);
    cm_gaz_close(g);
    int rc = cm_cli_finish(ctx, st);
    if (rc == CM_EXIT_OK && ps.rejected) {
        fprintf(stderr, "conflictmap: extract: %zu document(s) rejected (--strict)\n", ps.rejected);
        rc = CM_EXIT_STRICT;
    }
    cm_ctx_free(ctx);
    return rc;
}
