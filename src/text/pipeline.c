/* pipeline: read → analyse → places → claims → JSON, once (see pipeline.h). */
#define _POSIX_C_SOURCE 200809L
#include "text/pipeline.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct cm_pipe {
    const cm_gaz *g;
    cm_claim_units *units;
    cm_lexset own;            /* loaded here when no lexset was lent */
    const cm_lexset *lex;     /* own or lent; NULL for a places-only pipe */
    cm_doc_opts dopt;         /* the reader's and the analysis' options */
    cm_pipe_opts o;
};

cm_status cm_pipe_open(cm_ctx *ctx, const cm_gaz *g, const cm_pipe_opts *o, cm_pipe **out)
{
    *out = NULL;
    cm_pipe *p = calloc(1, sizeof *p);
    if (!p) return cm_fail(ctx, CM_NOMEM, "out of memory");
    p->g = g;
    p->o = *o;
    cm_status st = CM_OK;
    if (o->claims) {
        p->lex = o->lexset;
        if (!p->lex && !(st = cm_lexset_load(ctx, o->lexicons, o->profile, &p->own))) p->lex = &p->own;
        if (!st && cm_claim_units_new(g, &p->units)) st = cm_fail(ctx, CM_NOMEM, "out of memory");
    }
    if (st) {
        cm_pipe_close(p);
        return st;
    }
    p->dopt = (cm_doc_opts){.max_bytes = o->max_bytes, .lexset = p->lex, .lang = o->lang,
                            .year_hint = o->year_hint, .strict = o->strict,
                            .chunk_bytes = o->claims ? 0 : CM_DOC_CHUNK_DEFAULT};
    *out = p;
    return CM_OK;
}

void cm_pipe_close(cm_pipe *p)
{
    if (!p) return;
    cm_claim_units_free(p->units);
    cm_lexset_free(&p->own);
    free(p);
}

bool cm_pipe_lang_known(const cm_pipe *p, const char *lang)
{
    return p->lex && cm_lexset_get(p->lex, lang) != NULL;
}

const char *cm_pipe_rejected(const cm_doc *d)
{
    if (d->invalid) return "invalid UTF-8";
    if (!d->lex) return "no lexicon for its language";
    if (d->date == CM_DAY_NONE) return "no publication date";
    return NULL;
}

/* Seconds since *t, and *t moved to now (stage timing). */
static double lap(struct timespec *t)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    double s = (double)(now.tv_sec - t->tv_sec) + (double)(now.tv_nsec - t->tv_nsec) / 1e9;
    *t = now;
    return s;
}

/* The claims of an analysed document (with the misses under explain), the
 * first max_claims kept. */
static cm_status claims_of(cm_pipe *p, cm_ctx *ctx, cm_arena *a, cm_pipe_item *it)
{
    const cm_doc *d = &it->doc;
    cm_status st = p->o.explain ? cm_claim_doc_explained(ctx, d, it->places, it->nplaces, p->units, a,
                                                         &it->claims, &it->nclaims, &it->miss, &it->nmiss)
                                : cm_claim_doc_claims(ctx, d, it->places, it->nplaces, p->units, a,
                                                      &it->claims, &it->nclaims);
    if (st) return cm_fail(ctx, st, "%s: out of memory", d->id);
    int max = p->o.max_claims;
    if (max > 0 && it->nclaims > (size_t)max) {
        cm_diag(ctx, "%s: %zu claims, only the first %d kept (--max-claims)", d->id, it->nclaims, max);
        it->nclaims = (size_t)max;
    }
    return CM_OK;
}

cm_status cm_pipe_doc(cm_pipe *p, cm_ctx *ctx, cm_arena *a, cm_pipe_item *it, bool *kept, cm_pipe_stats *stats)
{
    cm_pipe_stats none = {0};
    cm_pipe_stats *s = stats ? stats : &none;
    cm_doc *d = &it->doc;
    it->places = NULL, it->claims = NULL, it->miss = NULL;
    it->nplaces = it->nclaims = it->nmiss = 0;
    *kept = true;
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    cm_status st = p->o.claims ? cm_doc_analyse(ctx, d, &p->dopt, a) : CM_OK;
    if (st) return st;
    if (p->o.claims) s->t_analyse += lap(&t);
    s->docs += d->part == 0;
    s->bytes += d->len;
    if (p->o.claims) {
        s->undated += d->date == CM_DAY_NONE;
        if (d->invalid) cm_diag(ctx, "%s: %zu invalid UTF-8 bytes replaced", d->id, d->invalid);
        const char *why = p->o.strict ? cm_pipe_rejected(d) : NULL;
        if (why) {
            cm_diag(ctx, "%s: rejected (--strict): %s", d->id, why);
            s->rejected++;
            *kept = false;
            return CM_OK;
        }
    }
    if (p->o.claims && !d->lex && !p->o.all_places) return CM_OK;
    if ((st = cm_mention_find(p->g, d->text, d->len, a, &it->places, &it->nplaces)))
        return cm_fail(ctx, st, "%s: out of memory", d->id);
    s->t_places += lap(&t);
    s->places += it->nplaces;
    if (!p->o.claims) return CM_OK;
    if ((st = claims_of(p, ctx, a, it))) return st;
    s->t_claims += lap(&t);
    s->claims += it->nclaims;
    return CM_OK;
}

cm_status cm_pipe_run(cm_pipe *p, cm_ctx *ctx, const char *const *paths, size_t npaths, cm_pipe_fn fn, void *ud,
                      cm_pipe_stats *stats)
{
    cm_pipe_stats none;
    cm_pipe_stats *s = stats ? stats : &none;
    *s = (cm_pipe_stats){0};
    cm_doc_reader *rd = NULL;
    cm_arena *a = cm_arena_new();
    if (!a) return cm_fail(ctx, CM_NOMEM, "out of memory");
    cm_status st = cm_doc_reader_open(ctx, paths, npaths, &p->dopt, &rd);
    while (!st) {
        cm_arena_reset(a);
        cm_pipe_item it;
        bool got, kept;
        struct timespec t;
        clock_gettime(CLOCK_MONOTONIC, &t);
        if ((st = cm_doc_reader_next(rd, ctx, a, &it.doc, &got)) || !got) break;
        s->t_read += lap(&t);
        if ((st = cm_pipe_doc(p, ctx, a, &it, &kept, s)) || !kept) continue;
        clock_gettime(CLOCK_MONOTONIC, &t);
        st = fn(ud, ctx, &it);
        s->t_out += lap(&t);
    }
    cm_doc_reader_close(rd);
    cm_arena_free(a);
    return st;
}

/* ---- output ------------------------------------------------------------------ */

cm_claim_doc cm_pipe_claim_doc(const cm_doc *d)
{
    return (cm_claim_doc){.doc_id = d->id, .published = d->date, .published_inferred = d->date_inferred,
                          .lang = d->lang, .text = d->text, .base_off = d->text_off, .map = d->map,
                          .url = d->url};
}

cm_status cm_pipe_where(cm_buf *b, const cm_doc *d)
{
    cm_buf_clear(b);
    return d->line ? cm_buf_printf(b, "%s:%zu", d->path, d->line) : cm_buf_puts(b, d->path);
}

cm_status cm_pipe_claims_json(cm_buf *b, const cm_pipe_item *it)
{
    cm_claim_doc cd = cm_pipe_claim_doc(&it->doc);
    cm_status st = CM_OK;
    for (size_t k = 0; k < it->nclaims && !st; k++) st = cm_claim_json(b, &cd, &it->claims[k]);
    return st;
}

cm_status cm_pipe_places_json(cm_buf *b, const cm_pipe_item *it)
{
    cm_buf where = {0};
    cm_status st = cm_pipe_where(&where, &it->doc);
    for (size_t k = 0; k < it->nplaces && !st; k++) {
        cm_mention mk = it->places[k];
        cm_doc_span(&it->doc, mk.off, mk.len, &mk.off, &mk.len);
        st = cm_mention_json(b, where.p, &mk);
    }
    cm_buf_free(&where);
    return st;
}

cm_status cm_pipe_explain(cm_buf *b, const cm_pipe_item *it)
{
    cm_claim_doc cd = cm_pipe_claim_doc(&it->doc);
    return cm_claim_explain(b, &cd, it->doc.lex, it->claims, it->nclaims, it->miss, it->nmiss);
}

/* Appends one part of the results with put and writes it to out. */
static cm_status put_to(cm_ctx *ctx, cm_pipe_out *o, cm_out *out, cm_status (*put)(cm_buf *, const cm_pipe_item *),
                        const cm_pipe_item *it)
{
    if (!out) return CM_OK;
    cm_buf_clear(&o->line);
    if (put(&o->line, it)) return cm_fail(ctx, CM_NOMEM, "out of memory");
    if (o->line.n && fwrite(o->line.p, 1, o->line.n, out->fp) != o->line.n)
        return cm_fail(ctx, CM_IO, "%s: write error: %s", out->path ? out->path : "standard output",
                       strerror(errno));
    return CM_OK;
}

cm_status cm_pipe_write(cm_ctx *ctx, cm_pipe_out *o, const cm_pipe_item *it)
{
    cm_status st = put_to(ctx, o, o->places, cm_pipe_places_json, it);
    if (!st) st = put_to(ctx, o, o->claims, cm_pipe_claims_json, it);
    if (!st) st = put_to(ctx, o, o->explain, cm_pipe_explain, it);
    return st;
}

void cm_pipe_out_free(cm_pipe_out *o)
{
    cm_buf_free(&o->line);
}
