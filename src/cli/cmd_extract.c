/* cmd_extract: `conflictmap extract ARTICLES...` — control claims as JSON Lines.
 *
 * Streams: one document at a time is read (a .txt file, or one line of a JSON
 * Lines file or of stdin), analysed (language, publication date, dates), its
 * places found with the gazetteer, its claims extracted and written, and its
 * memory released before the next, so memory does not grow with the corpus.
 * The record schema is docs/events-schema.md. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <errno.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/arena.h"
#include "core/file.h"
#include "core/str.h"
#include "text/claim.h"
#include "text/claim_json.h"
#include "text/doc.h"
#include "text/gaz.h"
#include "text/lexicon.h"
#include "text/mention.h"

/* (cm_claim_doc_extract does find + extract in one call; the loop below keeps
 * them apart to time each stage for --stats.) */

int cm_cmd_extract(int argc, char **argv)
{
    const char *gpath = NULL, *outpath = NULL, *lang = NULL, *lexdir = NULL;
    int quiet = 0, stats = 0, explain = 0, max_mb = 0, year = 0, strict = 0, max_claims = CM_CLI_MAX_CLAIMS;
    size_t rejected = 0;
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
    cm_lexset lex = {0};
    cm_gaz *g = NULL;
    cm_claim_units *un = NULL;
    cm_doc_reader *rd = NULL;
    cm_arena *a = NULL;
    cm_buf line = {0};
    cm_out out = {0};
    bool out_open = false;
    size_t ndocs = 0, bytes = 0, nclaims = 0, undated = 0;
    double t_read = 0, t_analyse = 0, t_find = 0, t_claims = 0, t_write = 0; /* --stats */
    bool progress = !quiet && isatty(2);
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
    if ((st = cm_lexset_load(ctx, lexdir, cm_cli_profile(), &lex))) goto end;
    if (lang && !cm_lexset_get(&lex, lang)) {
        st = cm_fail(ctx, CM_USAGE, "extract: no lexicon for --lang '%s'", lang);
        goto end;
    }
    if ((st = cm_gaz_open_profile(ctx, cm_cli_gazetteer(gpath), cm_cli_profile(), &g))) goto end;
    if (cm_claim_units_new(g, &un) || !(a = cm_arena_new())) {
        st = cm_fail(ctx, CM_NOMEM, "out of memory");
        goto end;
    }
    cm_doc_opts dopt = {.max_bytes = (size_t)max_mb << 20, .lexset = &lex, .lang = lang, .strict = strict,
                        .year_hint = year};
    if ((st = cm_doc_reader_open(ctx, (const char *const *)pos, (size_t)npos, &dopt, &rd))) goto end;
    if ((st = cm_out_open(ctx, outpath ? outpath : "-", &out))) goto end;
    out_open = true;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    struct timespec q0, q1;
#define LAP(acc) (clock_gettime(CLOCK_MONOTONIC, &q1), \
                  (acc) += (double)(q1.tv_sec - q0.tv_sec) + (double)(q1.tv_nsec - q0.tv_nsec) / 1e9, q0 = q1)
    for (;;) {
        cm_arena_reset(a);
        cm_doc d;
        bool got;
        clock_gettime(CLOCK_MONOTONIC, &q0);
        if ((st = cm_doc_reader_next(rd, ctx, a, &d, &got)) || !got) break;
        LAP(t_read);
        if ((st = cm_doc_analyse(ctx, &d, &dopt, a))) break;
        LAP(t_analyse);
        ndocs++;
        bytes += d.len;
        if (d.date == CM_DAY_NONE) undated++;
        if (d.invalid) cm_diag(ctx, "%s: %zu invalid UTF-8 bytes replaced", d.id, d.invalid);
        const char *why = strict ? cm_cli_doc_rejected(&d) : NULL;
        if (why) {
            cm_diag(ctx, "%s: rejected (--strict): %s", d.id, why);
            rejected++;
            continue;
        }
        if (!d.lex) continue;
        cm_mention *m;
        size_t nm;
        if ((st = cm_mention_find(g, d.text, d.len, a, &m, &nm))) {
            st = cm_fail(ctx, st, "%s: out of memory", d.id);
            break;
        }
        LAP(t_find);
        cm_claim *c;
        cm_claim_miss *miss = NULL;
        size_t nc, nmiss = 0;
        if ((st = explain ? cm_claim_doc_explained(ctx, &d, m, nm, un, a, &c, &nc, &miss, &nmiss)
                          : cm_claim_doc_claims(ctx, &d, m, nm, un, a, &c, &nc))) {
            st = cm_fail(ctx, st, "%s: out of memory", d.id);
            break;
        }
        nc = cm_cli_cap_claims(ctx, &d, nc, max_claims);
        LAP(t_claims);
        cm_claim_doc cd = {.doc_id = d.id, .published = d.date, .published_inferred = d.date_inferred, .lang = d.lang,
                           .text = d.text, .base_off = d.text_off, .map = d.map, .url = d.url};
        cm_buf_clear(&line);
        if (explain) st = cm_claim_explain(&line, &cd, d.lex, c, nc, miss, nmiss);
        for (size_t k = 0; k < nc && !st && !explain; k++) st = cm_claim_json(&line, &cd, &c[k]);
        if (st) {
            st = cm_fail(ctx, st, "out of memory");
            break;
        }
        if (line.n && fwrite(line.p, 1, line.n, out.fp) != line.n) {
            st = cm_fail(ctx, CM_IO, "%s: write error: %s", outpath ? outpath : "stdout", strerror(errno));
            break;
        }
        nclaims += nc;
        LAP(t_write);
        if (progress && ndocs % 1000 == 0)
            fprintf(stderr, "\rconflictmap: extract: %zu documents, %.1f MB, %zu claims", ndocs,
                    bytes / 1e6, nclaims);
    }
    if (progress && ndocs >= 1000) fputc('\n', stderr);
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
                ndocs, undated, bytes, nclaims, s, s > 0 ? (double)bytes / 1e6 / s : 0.0, t_read,
                t_analyse, t_find, t_claims, t_write);
    }
end:
    if (out_open) cm_out_abort(&out);
    free(pos);
    cm_buf_free(&line);
    cm_arena_free(a);
    cm_doc_reader_close(rd);
    cm_claim_units_free(un);
    cm_gaz_close(g);
    cm_lexset_free(&lex);
    int rc = cm_cli_finish(ctx, st);
    if (rc == CM_EXIT_OK && rejected) {
        fprintf(stderr, "conflictmap: extract: %zu document(s) rejected (--strict)\n", rejected);
        rc = CM_EXIT_STRICT;
    }
    cm_ctx_free(ctx);
    return rc;
}
