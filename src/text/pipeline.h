/* pipeline: the per-document loop of everything that reads articles — read →
 * analyse → places → claims → JSON — written once, for `extract`, `places`,
 * `run` and the embedding API (include/conflictmap.h).
 *
 * A pipe holds what the loop keeps across documents: the lexicons (loaded here,
 * or borrowed), the gazetteer (borrowed), its units by P-code, and the options.
 * For each document, cm_pipe_doc analyses it (language, publication date,
 * dates), rejects it under `strict` (cm_pipe_rejected, with a diagnostic
 * naming it), finds its places, extracts its claims (the first max_claims, with
 * a diagnostic over the limit) and, with `explain`, why each claim and why no
 * claim on the other places. cm_pipe_run reads documents one at a time
 * (doc.h's reader), resets the arena between them so memory does not grow with
 * the corpus, and hands each result to the caller, which writes it — through
 * cm_pipe_write (claims and places as JSON Lines, the explanation as text) or
 * in a format of its own — or keeps it. A places-only pipe (claims false)
 * loads no lexicons, analyses nothing and reads a long text in pieces.
 *
 * Why here, in text/: every stage is a text-layer module (doc, mention, claim)
 * over the gazetteer index (gaz.h); the loop adds no knowledge of maps or of
 * time. In model/ it would make that libc-only layer depend on the text layer
 * for one module; a folder of its own would be a layer holding one module.
 *
 * Depends on core/, doc, lexicon, gaz, mention and claim. One thread at a time
 * per pipe; pipes over one gazetteer may run in parallel. */
#ifndef CM_PIPELINE_H
#define CM_PIPELINE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/file.h"
#include "core/status.h"
#include "core/str.h"
#include "text/claim.h"
#include "text/claim_json.h"
#include "text/doc.h"
#include "text/gaz.h"
#include "text/lexicon.h"
#include "text/mention.h"

typedef struct {
    bool claims;             /* false: places only — no lexicons, no analysis, and a
                                long plain text read in pieces (CM_DOC_CHUNK_DEFAULT) */
    const cm_lexset *lexset; /* borrowed lexicons; NULL: loaded from `lexicons` */
    const char *lexicons;    /* lexicon folder; NULL: cm_lexicon_dir() */
    const char *lang;        /* every document's language; NULL: its header, else detected */
    size_t max_bytes;        /* largest document accepted; 0: CM_DOC_MAX_DEFAULT */
    int year_hint;           /* cm_doc_opts.year_hint */
    bool strict;             /* reject what cm_pipe_rejected names; a malformed feed fails */
    int max_claims;          /* claims kept per document, the first ones; 0: all */
    bool explain;            /* claims with their why, and the places without a claim */
    bool all_places;         /* find the places of documents without a lexicon too
                                (else only those with one: the claims need them) */
    const struct cm_profile *profile; /* the conflict, for lexicons loaded here (its
                                sides' words); NULL: no side holds ground */
} cm_pipe_opts;

typedef struct cm_pipe cm_pipe;

/* Opens a pipe over the gazetteer g (borrowed: it must outlive the pipe). Errors:
 * the lexicon loader's (CM_NOTFOUND, CM_PARSE naming the file), CM_NOMEM. */
cm_status cm_pipe_open(cm_ctx *ctx, const cm_gaz *g, const cm_pipe_opts *o, cm_pipe **out) CM_WUR;
void cm_pipe_close(cm_pipe *p); /* NULL is a no-op */

/* Whether the pipe has a lexicon for lang (to check a forced language). */
bool cm_pipe_lang_known(const cm_pipe *p, const char *lang);

/* Why strict rejects a document — "invalid UTF-8", "no lexicon for its
 * language", "no publication date" — or NULL when it is fine. */
const char *cm_pipe_rejected(const cm_doc *d);

/* One document's results, in the arena of its step. */
typedef struct {
    cm_doc doc;              /* parsed, then analysed (claims pipes) */
    cm_mention *places;      /* in text order; spans in doc.text (cm_doc_span: the input's) */
    size_t nplaces;
    cm_claim *claims;        /* in text order, capped at max_claims */
    size_t nclaims;
    cm_claim_miss *miss;     /* explain: the places without a claim */
    size_t nmiss;
} cm_pipe_item;

/* Counts and times of a run (seconds, monotonic clock). */
typedef struct {
    size_t docs;             /* documents read (a text read in pieces counts once) */
    size_t bytes;            /* of their texts */
    size_t undated;          /* analysed without a publication date */
    size_t rejected;         /* under strict */
    size_t places, claims;   /* found, and kept */
    double t_read, t_analyse, t_places, t_claims, t_out; /* t_out: the caller's function */
} cm_pipe_stats;

/* The stages after reading, for the parsed document it->doc: analysis (claims
 * pipes), the strict check, places, claims. *kept is false for a document
 * strict rejects (counted, with a diagnostic), and its places and claims stay
 * empty. stats may be NULL. CM_NOMEM (naming the document) only. */
cm_status cm_pipe_doc(cm_pipe *p, cm_ctx *ctx, cm_arena *a, cm_pipe_item *it, bool *kept,
                      cm_pipe_stats *stats) CM_WUR;

/* What cm_pipe_run hands each kept document to; an error stops the run. */
typedef cm_status (*cm_pipe_fn)(void *ud, cm_ctx *ctx, const cm_pipe_item *it);

/* The loop over paths (files, folders, "-": doc.h's reader): each document is
 * read, put through cm_pipe_doc and, when kept, handed to fn. stats (may be
 * NULL) is zeroed first and updated as the loop goes (a progress line may read
 * it from fn). Stops at the first error: the reader's (naming file and line),
 * the stages', or fn's. */
cm_status cm_pipe_run(cm_pipe *p, cm_ctx *ctx, const char *const *paths, size_t npaths, cm_pipe_fn fn,
                      void *ud, cm_pipe_stats *stats) CM_WUR;

/* ---- output ------------------------------------------------------------------ */

/* The record fields of a document's claims (cm_claim_json, cm_claim_explain). */
cm_claim_doc cm_pipe_claim_doc(const cm_doc *d);
/* The file column of a document's places: its path, or PATH:LINE for a JSON
 * Lines record (into b, cleared first). CM_NOMEM only. */
cm_status cm_pipe_where(cm_buf *b, const cm_doc *d) CM_WUR;

/* Append a document's claims as JSON Lines (docs/events-schema.md), its places
 * as JSON Lines (cm_mention_json, offsets those of the input), or its
 * explanation (cm_claim_explain). CM_NOMEM only. */
cm_status cm_pipe_claims_json(cm_buf *b, const cm_pipe_item *it) CM_WUR;
cm_status cm_pipe_places_json(cm_buf *b, const cm_pipe_item *it) CM_WUR;
cm_status cm_pipe_explain(cm_buf *b, const cm_pipe_item *it) CM_WUR;

/* Where cm_pipe_write puts a document's results; a NULL file is not written. */
typedef struct {
    cm_out *claims;          /* JSON Lines of claims (events.jsonl) */
    cm_out *places;          /* JSON Lines of places (places.jsonl) */
    cm_out *explain;         /* the explanation (explain.txt) */
    cm_buf line;             /* scratch; cm_pipe_out_free releases it */
} cm_pipe_out;

/* Writes one document's results to o's files. CM_IO naming the file ("standard
 * output" for stdout), CM_NOMEM. */
cm_status cm_pipe_write(cm_ctx *ctx, cm_pipe_out *o, const cm_pipe_item *it) CM_WUR;
void cm_pipe_out_free(cm_pipe_out *o);

#endif
