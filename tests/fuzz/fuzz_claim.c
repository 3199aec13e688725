/* fuzz_claim: the claim extractor (text/claim) the way `extract` and `run`
 * drive it — a .txt document (header optional) analysed with the lexicons,
 * its places found with the gazetteer (CONFLICTMAP_GAZETTEER, as fuzz_mention),
 * its claims extracted (cm_claim_doc_claims) and written as JSON
 * (cm_claim_json). When the input has no header, its first byte forces the
 * language half of the time, so every lexicon's rules are reached.
 *
 * What must hold: no fault; every span of a claim (sentence, place, trigger,
 * date words) lies inside the text; the
 * action, confidence and precisions are in range; each claim's JSON record
 * is one line that the project's own JSON reader parses back, with the
 * sentence it names equal to the text at its offset. Explain mode
 * (cm_claim_doc_explained) gives the same claims, byte for byte in JSON, and
 * its text (cm_claim_explain) is written without fault. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/json.h"
#include "core/str.h"
#include "text/claim.h"
#include "text/claim_json.h"
#include "text/doc.h"
#include "text/gaz.h"
#include "text/lexicon.h"
#include "text/mention.h"
#include "../common/testprofile.h"

typedef struct {
    cm_gaz *g;
    cm_claim_units *units;
    cm_lexset lex;
} fixture;

static const fixture *fix(void)
{
    static fixture f;
    static int tried, ok;
    if (!tried) {
        tried = 1;
        const char *p = getenv("CONFLICTMAP_GAZETTEER");
        cm_ctx *ctx = cm_ctx_new();
        ok = p && cm_gaz_open(ctx, p, &f.g) == CM_OK && cm_claim_units_new(f.g, &f.units) == CM_OK &&
             cm_lexset_load(ctx, NULL, test_profile(), &f.lex) == CM_OK;
        cm_ctx_free(ctx);
    }
    return ok ? &f : NULL;
}

static int inside(size_t off, size_t len, size_t n) { return off <= n && len <= n - off; }

static void check(const cm_doc *d, const cm_claim *c, size_t nc, cm_arena *a)
{
    cm_claim_doc cd = {d->id, d->date, d->date_inferred, d->lang, d->text, d->text_off, d->map, d->url};
    cm_buf line = {0};
    for (size_t i = 0; i < nc; i++) {
        const cm_claim *k = &c[i];
        if (!inside(k->sent_off, k->sent_len, d->len) || !inside(k->place_off, k->place_len, d->len) ||
            !inside(k->trig_off, k->trig_len, d->len) || !inside(k->date_off, k->date_len, d->len))
            __builtin_trap();
        if ((unsigned)k->action >= CM_ACT_COUNT || !(k->confidence >= 0 && k->confidence <= 1) ||
            k->date_precision < 0 || k->date_precision > 3 || !k->pcode || !k->asserted_by)
            __builtin_trap();
        if ((k->date == CM_DAY_NONE) != (k->date_precision == 0)) __builtin_trap();
        cm_buf_clear(&line);
        if (cm_claim_json(&line, &cd, k) != CM_OK) continue;
        if (!line.n || line.p[line.n - 1] != '\n' || memchr(line.p, '\n', line.n - 1)) __builtin_trap();
        cm_json_obj o;
        size_t eo;
        if (cm_json_parse_object(line.p, line.n - 1, a, &o, &eo) != CM_OK) __builtin_trap();
        const cm_json_member *s = cm_json_get(&o, "sentence");
        if (s && s->kind == CM_JSON_STR && (s->len != k->sent_len || memcmp(s->str, d->text + k->sent_off, s->len)))
            __builtin_trap();
    }
    cm_buf_free(&line);
}

/* Explain mode reads the same claims (each with its why) and its places without
 * a claim lie inside the text. */
static void explain(cm_ctx *ctx, const cm_doc *d, const cm_mention *m, size_t nm,
                    cm_claim_units *units, const cm_claim *c, size_t nc, cm_arena *a)
{
    cm_claim *e;
    cm_claim_miss *miss;
    size_t ne, nmiss;
    if (cm_claim_doc_explained(ctx, d, m, nm, units, a, &e, &ne, &miss, &nmiss) != CM_OK) return;
    if (ne != nc) __builtin_trap();
    cm_claim_doc cd = {d->id, d->date, d->date_inferred, d->lang, d->text, d->text_off, d->map, d->url};
    cm_buf x = {0}, y = {0};
    for (size_t i = 0; i < nc; i++) {
        if (!e[i].why || c[i].why) __builtin_trap();
        if (cm_claim_json(&x, &cd, &c[i]) || cm_claim_json(&y, &cd, &e[i])) goto done;
    }
    if (x.n != y.n || (x.n && memcmp(x.p, y.p, x.n))) __builtin_trap();
    for (size_t i = 0; i < nmiss; i++)
        if (!inside(miss[i].sent_off, miss[i].sent_len, d->len) ||
            !inside(miss[i].place_off, miss[i].place_len, d->len) ||
            !inside(miss[i].word_off, miss[i].word_len, d->len) ||
            !inside(miss[i].trig_off, miss[i].trig_len, d->len) || miss[i].reason >= CM_MISS_COUNT)
            __builtin_trap();
    cm_buf_clear(&x);
    /* a header line, then one line per claim and per place without one */
    if (cm_claim_explain(&x, &cd, d->lex, e, ne, miss, nmiss) == CM_OK) {
        size_t lines = 0;
        for (size_t i = 0; i < x.n; i++) lines += x.p[i] == '\n';
        if (x.n < 3 || memcmp(x.p, "== ", 3) || lines != 1 + ne + nmiss) __builtin_trap();
    }
done:
    cm_buf_free(&x);
    cm_buf_free(&y);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const fixture *f = fix();
    if (!f || size < 1) return 0;
    cm_arena *a = cm_arena_new();
    cm_ctx *ctx = cm_ctx_new();
    if (!a || !ctx) goto done;
    cm_doc d;
    const char *force = NULL;
    if (data[0] & 1) force = cm_lexicon_lang(f->lex.v[(data[0] >> 1) % f->lex.n]);
    cm_doc_opts o = {.lexset = &f->lex, .lang = force, .year_hint = 2021};
    if (cm_doc_parse_txt(ctx, "fuzz.txt", (const char *)data + 1, size - 1, a, &d) != CM_OK) goto done;
    if (cm_doc_analyse(ctx, &d, &o, a) != CM_OK) __builtin_trap();
    cm_mention *m;
    size_t nm;
    if (cm_mention_find(f->g, d.text, d.len, a, &m, &nm) != CM_OK) goto done;
    cm_claim *c;
    size_t nc;
    if (cm_claim_doc_claims(ctx, &d, m, nm, f->units, a, &c, &nc) != CM_OK) goto done;
    check(&d, c, nc, a);
    /* the one-call form gives the same claims */
    cm_claim *c2;
    size_t nc2;
    if (cm_claim_doc_extract(ctx, &d, f->g, f->units, a, &c2, &nc2) == CM_OK && nc2 != nc) __builtin_trap();
    explain(ctx, &d, m, nm, f->units, c, nc, a);
done:
    cm_ctx_free(ctx);
    cm_arena_free(a);
    return 0;
}
