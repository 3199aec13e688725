/* fuzz_markup_check: what must hold for a document read from markup (a feed
 * item, a page), shared by fuzz_feed and fuzz_page. */
#ifndef CM_FUZZ_MARKUP_CHECK_H
#define CM_FUZZ_MARKUP_CHECK_H

#include <stdint.h>
#include <string.h>

#include "core/str.h"
#include "text/doc.h"
#include "text/lexicon.h"
#include "fuzz_lex.h"
#include "fuzz_util.h"


/* The text is NUL-terminated at len with no NUL inside; every text offset
 * maps into the input; the map's segments are ordered and inside the input;
 * the analysis (tokens, language, dates) runs on it. */
static inline void fuzz_check_markup_doc(cm_ctx *ctx, cm_doc *d, size_t size, const cm_doc_opts *o,
                                         cm_arena *a)
{
    if (!d->text || d->text[d->len] != 0 || strlen(d->text) != d->len || !d->id || !d->lang || !d->map)
        __builtin_trap();
    const cm_offmap *m = d->map;
    for (size_t k = 0; k < m->n; k++) {
        const cm_offseg *s = &m->v[k];
        if (!s->nt || s->f > size || s->nf > size - s->f) __builtin_trap();
        if (k && s->t < m->v[k - 1].t + m->v[k - 1].nt) __builtin_trap();
    }
    for (size_t t = 0; t <= d->len; t++)
        if (cm_offmap_start(m, t) > size || cm_offmap_end(m, t) > size) __builtin_trap();
    size_t fo, fl;
    cm_doc_span(d, 0, d->len, &fo, &fl);
    if (fo > size || fl > size - fo) __builtin_trap();
    if (cm_doc_analyse(ctx, d, o, a) != CM_OK) __builtin_trap();
    for (size_t i = 0; i < d->ntok; i++)
        if (d->tok[i].off + d->tok[i].len > d->len) __builtin_trap();
}

#endif
