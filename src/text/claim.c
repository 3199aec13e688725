/* claim: sentences, clauses, triggers and their actors, places and dates.
 *
 * Everything is computed over the token array once: per token the sentence,
 * the clause, the lexicon hit, the place and the actor that cover it. Each
 * trigger then reads its neighbourhood through those maps, so the cost is
 * linear in the text plus a small amount per trigger. */
#include "text/claim.h"

#include "core/profile.h"
#include "text/gaz.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *act_names[CM_ACT_COUNT] = {"capture", "retake", "hold", "siege",
                                              "attack", "clash", "withdraw", "flee"};

const char *cm_action_name(cm_action a)
{
    return (unsigned)a < CM_ACT_COUNT ? act_names[a] : "";
}

bool cm_action_parse(const char *s, cm_action *out)
{
    for (int i = 0; i < CM_ACT_COUNT; i++)
        if (s && !strcmp(s, act_names[i])) {
            *out = (cm_action)i;
            return true;
        }
    return false;
}

static const char *miss_names[CM_MISS_COUNT] = {
    "no action word in the sentence", "boilerplate or a photo caption", "a foreign place",
    "the dateline", "a reference point", "after from", "only a container",
    "contains another place of the list", "irrealis or future", "not in the object of the action"};

const char *cm_miss_reason_name(cm_miss_reason r)
{
    return (unsigned)r < CM_MISS_COUNT ? miss_names[r] : "";
}

/* The sides of the profile that hold ground; any other actor (a named group,
 * a side of the profile that holds none) controls nothing. */
static bool territorial(const cm_profile *prof, const char *cls)
{
    return prof && cls && cm_profile_ctrl_ground(prof, cm_profile_ctrl_parse(prof, cls, strlen(cls)));
}

typedef struct {
    size_t t0, t1;    /* tokens [t0, t1) */
    int para;         /* paragraph number */
    bool skip;        /* boilerplate ("Baca juga") or a photo caption */
    size_t skip_tok;  /* where the skip phrase that made it so stands */
    bool in_quote;    /* starts inside an open quotation */
    const char *attr; /* cached attribution (NULL: not computed yet) */
} sent;

typedef struct {
    size_t tok, ntok;
    const char *cls; /* resolved class */
    int side;        /* cm_side of cls: > 0 for a side that holds ground */
    bool opp;        /* after from/against, or second after between */
    bool anaphor;
} actor_m;

typedef struct {
    size_t tok, ntok;
    size_t off, len;
    const char *surface, *name, *pcode, *province;
    cm_place_kind kind;
    double lat, lon, conf;
    bool anaphor, foreign;
    bool prov_alt;   /* a town whose name is also its province's ("Kunduz") */
    bool dateline;   /* "KABUL, Aug 12 (Reuters) -": where the report was filed */
    bool capital_of; /* the province of "the capital of X province": never the target */
} place_m;

typedef struct {
    const char *cls;
    size_t n;
} clscount;

/* How a claim got its date, for the pass after all claims are read. */
enum { DS_NONE = 0, DS_OWN, DS_PENDING, DS_HISTORIC };

/* The extractor's state over one text: its tokens, lexicon hits and dates, the
 * per-token maps to sentence, clause, hit, place, actor and date, and the
 * claims read so far. */
typedef struct {
    const cm_claim_input *in;
    cm_arena *a;
    const char *text;
    const cm_token *t;
    size_t nt;
    const cm_lex_hit *h;
    size_t nh;
    const cm_date_ref *d;
    size_t nd;
    sent *s;
    size_t ns;
    int32_t *sent_of, *clause_of, *hit_at, *place_at, *actor_at, *date_at;
    size_t *clause_lo, *clause_hi;
    size_t nclause;
    bool *hit_off; /* hit suppressed (it overlaps a place) */
    place_m *p;
    size_t np;
    actor_m *ac;
    size_t nac;
    clscount counts[16];
    size_t ncounts;
    cm_claim *c;
    size_t nc, cc;
    uint8_t *dstate;     /* per claim: DS_* */
    bool v2;             /* the language puts the subject after the verb at times */
    bool verb_final;     /* the language puts the verb last (option verb_final) */
    bool from_target;    /* the trigger read now drives a side out of the place after `from` */
    size_t *ctrig;       /* per claim: trigger token */
    bool nomem;          /* a string copy failed: the extraction fails with CM_NOMEM */
    /* the last claim on a set of units it did not name ("captured six districts"),
     * waiting for an `enum` phrase to name them */
    bool has_pend;
    cm_claim pend;
    uint8_t pend_ds;
    size_t pend_trig;
    int pend_level;
    int pend_set;        /* the level of its units ("districts": district) */
    struct xwhy *w;      /* explain mode (cm_claim_input.explain), else NULL */
} extractor;

/* ---- explain mode: its state and hooks (the functions: section "explain") ---- */

/* A place a trigger's reading passed over, and why. */
typedef struct {
    size_t k;                  /* the place (ex->p) */
    cm_miss_reason reason;
    const cm_lex_entry *e;     /* the word that decided it; NULL */
    size_t word_off, word_len; /* that word (or the smaller place before it) */
    size_t trig;               /* the trigger's hit */
} why_n;

typedef struct xwhy {
    cm_claim_why tw;           /* the why of the trigger being read */
    size_t trig;               /* its hit */
    cm_claim_why pend_why;     /* of the claim waiting for an enumeration */
    why_n *notes;
    size_t nnotes, cnotes;
    bool *claimed;             /* per place: a claim names it */
    uint8_t *waits;            /* per sentence: 1 a claim waits for an enumeration, 2 it came */
    bool nomem;
    cm_claim_miss *miss;       /* the result: places without a claim */
    size_t nmiss;
} xwhy;
static void why_begin(extractor *ex, size_t hk);
static cm_status why_clause(extractor *ex, size_t c0, size_t c1, const cm_lex_entry *ir, size_t at);
static void why_actor(extractor *ex, int actor, int level, const char *opp, cm_action act);
static void why_pending(extractor *ex);
static void why_enumerated(extractor *ex, size_t hk);
static void why_note(const extractor *ex, size_t k, cm_miss_reason r, size_t lo, size_t olo);
static void why_contains(const extractor *ex, size_t k, size_t other);
static cm_status why_claim(extractor *ex, cm_claim *d, size_t k, const char *rule);

/* ---- small token predicates ------------------------------------------------ */

static bool punct(const cm_token *t, char ch)
{
    return t->kind == CM_TOK_PUNCT && t->klen == 1 && t->key[0] == ch;
}

static bool dash(const cm_token *t)
{
    return t->kind == CM_TOK_PUNCT && (punct(t, '-') || !strcmp(t->key, "\xe2\x80\x93"));
}

/* . ! ? … and the Arabic-script full stop and question mark (Urdu "۔", "؟") */
static bool terminal(const cm_token *t)
{
    return t->kind == CM_TOK_PUNCT &&
           (punct(t, '.') || punct(t, '!') || punct(t, '?') || !strcmp(t->key, "\xe2\x80\xa6") ||
            !strcmp(t->key, "\xdb\x94") || !strcmp(t->key, "\xd8\x9f"));
}

static bool closer(const cm_token *t)
{
    return t->kind == CM_TOK_PUNCT && (punct(t, '"') || punct(t, '\'') || punct(t, ')') ||
                                       punct(t, ']'));
}

/* The hit starting at token i, or NULL (suppressed hits count as absent). */
static const cm_lex_hit *hit_start(const extractor *ex, size_t i)
{
    int32_t k = ex->hit_at[i];
    if (k < 0 || ex->h[k].tok != i || ex->hit_off[k]) return NULL;
    return &ex->h[k];
}

static bool hit_is(const cm_lex_hit *h, cm_lex_kind kind)
{
    return h && (h->kinds & (1u << kind));
}

/* The hit ending just before token i (its last token is i - 1). */
static const cm_lex_hit *hit_ending(const extractor *ex, size_t i)
{
    if (i == 0) return NULL;
    int32_t k = ex->hit_at[i - 1];
    if (k < 0 || ex->hit_off[k]) return NULL;
    const cm_lex_hit *h = &ex->h[k];
    return h->tok + h->ntok == i ? h : NULL;
}

static char *span_dup(extractor *ex, size_t off, size_t len)
{
    char *s = cm_arena_strndup(ex->a, ex->text + off, len);
    if (!s) ex->nomem = true; /* never a claim with a field silently missing */
    return s;
}

/* ---- sentences, paragraphs, clauses --------------------------------------- */

/* Photo captions: a short paragraph (three sentences at most) whose last
 * words are a credit (`skip X end`: "REUTERS", "AFP") right after a dash, a
 * slash, a bar or an opening parenthesis ("Families shelter in a park in
 * Kabul, 10 August 2021. - REUTERS") describes a picture. None of its
 * sentences is news, and its date is no date of the text around it. The last
 * paragraph is never one: there the credit signs off a wire story ("...,
 * ha aggiunto il suo vice. (ANSA)"). */
static void captions(extractor *ex)
{
    const cm_token *t = ex->t;
    for (size_t k = 0, first = 0; k + 1 < ex->ns; k++) {
        if (k && ex->s[k - 1].para != ex->s[k].para) first = k;
        if (ex->s[k + 1].para == ex->s[k].para || k - first >= 3) continue;
        size_t e = ex->s[k].t1;
        while (e > ex->s[k].t0 && t[e - 1].kind == CM_TOK_PUNCT) e--;
        const cm_lex_hit *h = hit_ending(ex, e);
        if (!hit_is(h, CM_LEX_SKIP) || cm_lex_hit_get(h, CM_LEX_SKIP)->code != CM_SKIP_END || !h->tok) continue;
        const cm_token *b = &t[h->tok - 1];
        if (!dash(b) && !punct(b, '/') && !punct(b, '|') && !punct(b, '(') && strcmp(b->key, "\xe2\x80\x94")) continue;
        for (size_t q = k + 1; q-- > 0 && ex->s[q].para == ex->s[k].para;) ex->s[q].skip = true, ex->s[q].skip_tok = h->tok;
    }
}

static bool breaks_after(const extractor *ex, size_t k)
{
    const cm_token *t = ex->t;
    if (!terminal(&t[k])) return false;
    size_t j = k + 1;
    while (j < ex->nt && closer(&t[j]) && !(t[j].flags & CM_TOKF_SPACE)) j++;
    if (j >= ex->nt) return true;
    const cm_token *nx = &t[j];
    if (nx->flags & CM_TOKF_NL) return true;
    if (!(nx->flags & CM_TOKF_SPACE) && !closer(&t[j - 1])) return false;
    bool starts = (nx->kind == CM_TOK_WORD && (nx->flags & CM_TOKF_CAP)) ||
                  nx->kind == CM_TOK_NUM || punct(nx, '"') || punct(nx, '(') ||
                  punct(nx, '\'') || (nx->kind == CM_TOK_WORD && !(nx->key[0] >= 'a' && nx->key[0] <= 'z'));
    if (!starts) return false;
    if (punct(&t[k], '.') && k > 0 && !(t[k].flags & CM_TOKF_SPACE)) {
        const cm_token *pv = &t[k - 1];
        if (ex->in->lex && cm_lex_is_abbr(ex->in->lex, pv)) return false;
        /* "15. August", "Aug. 15" */
        if (pv->kind == CM_TOK_NUM && pv->num > 0 && pv->num <= 31 && ex->in->lex &&
            cm_lex_month(ex->in->lex, nx))
            return false;
    }
    return true;
}

static cm_status split(extractor *ex)
{
    const cm_token *t = ex->t;
    /* flags per token: 1 a sentence starts, 2 a paragraph starts */
    uint8_t *st = cm_arena_calloc(ex->a, ex->nt, 1);
    if (!st) return CM_NOMEM;
    size_t nsent = 0;
    for (size_t i = 0; i < ex->nt; i++) {
        if (i == 0 || (t[i].flags & CM_TOKF_PARA)) st[i] |= 3;
        else if (t[i].flags & CM_TOKF_NL) {
            /* a line break ends the sentence unless the text is wrapped: the
             * line does not end a sentence and the next goes on in lower case */
            const cm_token *pv = &t[i - 1];
            bool cont = t[i].kind == CM_TOK_WORD && !(t[i].flags & CM_TOKF_CAP) &&
                        t[i].key[0] >= 'a' && t[i].key[0] <= 'z' && !terminal(pv) && !closer(pv);
            if (!cont) st[i] |= 3;
        }
        if (terminal(&t[i]) && breaks_after(ex, i)) {
            size_t j = i + 1;
            while (j < ex->nt && closer(&t[j]) && !(t[j].flags & CM_TOKF_SPACE)) j++;
            if (j < ex->nt) st[j] |= 1;
        }
    }
    for (size_t i = 0; i < ex->nt; i++) nsent += st[i] & 1;
    ex->s = cm_arena_calloc(ex->a, nsent ? nsent : 1, sizeof *ex->s);
    if (!ex->s) return CM_NOMEM;
    int para = -1;
    for (size_t i = 0; i < ex->nt; i++) {
        if (st[i] & 2) para++;
        if (st[i] & 1) {
            if (ex->ns) ex->s[ex->ns - 1].t1 = i;
            ex->s[ex->ns++] = (sent){.t0 = i, .t1 = ex->nt, .para = para};
        }
    }
    for (size_t k = 0; k < ex->ns; k++)
        for (size_t i = ex->s[k].t0; i < ex->s[k].t1; i++) ex->sent_of[i] = (int32_t)k;
    /* quotation state: sentences that start inside an open quote */
    int prev_para = -1;
    bool open = false;
    for (size_t k = 0; k < ex->ns; k++) {
        sent *s = &ex->s[k];
        if (s->para != prev_para) open = false;
        prev_para = s->para;
        s->in_quote = open;
        for (size_t i = s->t0; i < s->t1; i++)
            if (punct(&t[i], '"')) open = !open;
        /* boilerplate */
        size_t f = s->t0;
        while (f < s->t1 && (punct(&t[f], '"') || punct(&t[f], '\''))) f++;
        const cm_lex_hit *h = f < s->t1 ? hit_start(ex, f) : NULL;
        if (hit_is(h, CM_LEX_SKIP) && cm_lex_hit_get(h, CM_LEX_SKIP)->code == CM_SKIP_START) s->skip = true, s->skip_tok = f;
    }
    captions(ex);
    return CM_OK;
}

/* Does the list of places go on over the semicolon or dash at i? A place (or,
 * before a dash, a unit noun: "two of the big cities - Kabul and Jalalabad")
 * stands right before it and a place right after it, over list words and place
 * words: "Los distritos de Patan, de la provincia de Paktia; de Ab-band, ...; y
 * de Khash, ... quedaron". */
static bool list_goes_on(const extractor *ex, size_t i, size_t sent_t0)
{
    const cm_token *t = ex->t;
    size_t j = i;
    while (j > sent_t0 && closer(&t[j - 1])) j--;
    if (j == sent_t0) return false;
    int32_t pk = ex->place_at[j - 1];
    bool before = pk >= 0 && !ex->p[pk].dateline && !ex->p[pk].foreign;
    if (!before && dash(&t[i])) {
        const cm_lex_hit *h = hit_ending(ex, j);
        before = hit_is(h, CM_LEX_UNIT);
    }
    if (!before) return false;
    /* after a place, a list or place word must follow the separator: in "took
     * Kunduz; Ghazni fell" the semicolon joins two clauses */
    size_t k = i + 1;
    int steps = 0;
    for (; steps < 4 && k < ex->nt; steps++) {
        const cm_lex_hit *h = hit_start(ex, k);
        if (!(hit_is(h, CM_LEX_LIST) || hit_is(h, CM_LEX_PLACEWORD))) break;
        k += h->ntok;
    }
    if (!steps && pk >= 0) return false;
    if (k >= ex->nt || ex->sent_of[k] != ex->sent_of[i]) return false;
    pk = ex->place_at[k];
    return pk >= 0 && ex->p[pk].tok == k && !ex->p[pk].foreign && !ex->p[pk].dateline;
}

static bool skippable(const cm_token *t);

/* Does the dash at i close a list of places a dash opened ("five of them --
 * Obe in Herat, Saghar in Ghor -- have fallen")? Then the list is the subject
 * of what follows, not a clause of its own. */
static bool dash_list_closes(const extractor *ex, size_t i, size_t sent_t0)
{
    size_t b = i; /* "--" is two dashes */
    while (b > sent_t0 && dash(&ex->t[b - 1])) b--;
    int32_t pk = b > sent_t0 ? ex->place_at[b - 1] : -1;
    if (pk < 0 || ex->p[pk].foreign || ex->p[pk].dateline) return false;
    int places = 0;
    for (size_t j = b; j-- > sent_t0;) {
        int32_t q = ex->place_at[j];
        if (q >= 0) {
            if (ex->p[q].foreign) return false;
            places++;
            j = ex->p[q].tok;
            continue;
        }
        if (dash(&ex->t[j]) || !strcmp(ex->t[j].key, "\xe2\x80\x94")) return places >= 2; /* - – — */
        const cm_lex_hit *h = hit_start(ex, j);
        if (h && !hit_is(h, CM_LEX_LIST) && !hit_is(h, CM_LEX_PLACEWORD) && !hit_is(h, CM_LEX_UNIT))
            return false;
        if (!h && ex->hit_at[j] >= 0) continue; /* inside a phrase */
        /* "Obe in Herat": one small word between a place and its container */
        bool small = ex->t[j].kind == CM_TOK_WORD && !(ex->t[j].flags & CM_TOKF_CAP) && j > sent_t0 &&
                     ex->place_at[j - 1] >= 0 && ex->place_at[j + 1] >= 0;
        if (!h && !punct(&ex->t[j], ',') && !skippable(&ex->t[j]) && !small) return false;
    }
    return false;
}

static bool clause_break_at(const extractor *ex, size_t i, size_t sent_t0)
{
    const cm_token *t = ex->t;
    if (i == sent_t0) return false;
    /* a hyphen inside a name ("Ab-band") */
    if (dash(&t[i]) && ex->place_at[i] >= 0) return false;
    if ((punct(&t[i], ';') || dash(&t[i])) && list_goes_on(ex, i, sent_t0)) return false;
    if (dash(&t[i]) && dash_list_closes(ex, i, sent_t0)) return false;
    if (punct(&t[i], ';') || punct(&t[i], ':') || dash(&t[i]) || !strcmp(t[i].key, "\xd8\x9b") /* ؛ */)
        return true;
    const cm_lex_hit *h = hit_start(ex, i);
    if (hit_is(h, CM_LEX_BOUNDARY)) return true;
    /* ", dan" unless the list of places goes on */
    if (hit_is(h, CM_LEX_LIST) && punct(&t[i - 1], ',')) {
        size_t j = i + h->ntok;
        if (j < ex->nt && (ex->place_at[j] >= 0 || hit_is(hit_start(ex, j), CM_LEX_PLACEWORD)))
            return false;
        return true;
    }
    return false;
}

static cm_status clauses(extractor *ex)
{
    size_t cap = ex->ns * 2 + 8;
    ex->clause_lo = cm_arena_calloc(ex->a, cap, sizeof *ex->clause_lo);
    ex->clause_hi = cm_arena_calloc(ex->a, cap, sizeof *ex->clause_hi);
    if (!ex->clause_lo || !ex->clause_hi) return CM_NOMEM;
    for (size_t k = 0; k < ex->ns; k++) {
        const sent *s = &ex->s[k];
        for (size_t i = s->t0; i < s->t1; i++) {
            if (i == s->t0 || clause_break_at(ex, i, s->t0)) {
                if (ex->nclause == cap) {
                    size_t ncap = cap * 2;
                    size_t *lo = cm_arena_calloc(ex->a, ncap, sizeof *lo);
                    size_t *hi = cm_arena_calloc(ex->a, ncap, sizeof *hi);
                    if (!lo || !hi) return CM_NOMEM;
                    memcpy(lo, ex->clause_lo, cap * sizeof *lo);
                    memcpy(hi, ex->clause_hi, cap * sizeof *hi);
                    ex->clause_lo = lo;
                    ex->clause_hi = hi;
                    cap = ncap;
                }
                if (ex->nclause) ex->clause_hi[ex->nclause - 1] = i;
                ex->clause_lo[ex->nclause++] = i;
            }
            ex->clause_of[i] = (int32_t)(ex->nclause - 1);
        }
        if (ex->nclause) ex->clause_hi[ex->nclause - 1] = s->t1;
    }
    return CM_OK;
}

/* ---- places ------------------------------------------------------------------ */

/* First token whose start is >= off. */
static size_t tok_at_or_after(const extractor *ex, size_t off)
{
    size_t a = 0, b = ex->nt;
    while (a < b) {
        size_t m = (a + b) / 2;
        if (ex->t[m].off < off) a = m + 1;
        else b = m;
    }
    return a;
}

static cm_status add_place(extractor *ex, size_t *cap, const place_m *p)
{
    if (ex->np == *cap) {
        size_t ncap = *cap ? *cap * 2 : 32;
        place_m *np = cm_arena_calloc(ex->a, ncap, sizeof *np);
        if (!np) return CM_NOMEM;
        if (ex->np) memcpy(np, ex->p, ex->np * sizeof *np);
        ex->p = np;
        *cap = ncap;
    }
    ex->p[ex->np++] = *p;
    return CM_OK;
}

static int place_cmp(const void *a, const void *b)
{
    const place_m *p = a, *q = b;
    if (p->tok != q->tok) return p->tok < q->tok ? -1 : 1;
    return 0;
}

static bool covered_by_hit(const extractor *ex, size_t t0, size_t t1, uint32_t kinds)
{
    for (size_t i = t0; i < t1; i++) {
        int32_t k = ex->hit_at[i];
        if (k >= 0 && (ex->h[k].kinds & kinds)) return true;
    }
    return false;
}

/* Is the place at tokens [t0, t1) the dateline of the report: the first words of
 * one of the first three paragraphs, followed by a dash or a colon ("Kabul:",
 * "KABUL —"), or by a comma and a date or an agency in parentheses ("Kabul,
 * June 16 (IANS)"), or written in capitals before a comma? */
static bool dateline_at(const extractor *ex, size_t t0, size_t t1)
{
    if (t0 && !(ex->t[t0].flags & (CM_TOKF_PARA | CM_TOKF_NL))) return false;
    if (ex->s[ex->sent_of[t0]].para >= 3 || t1 + 1 >= ex->nt) return false;
    const cm_token *n = &ex->t[t1];
    if (dash(n) || punct(n, ':') || !strcmp(n->key, "\xe2\x80\x94")) return true;
    if (punct(n, '.') && dash(&ex->t[t1 + 1])) return true; /* "Kabul.-" (Spanish agencies) */
    if (punct(n, '(')) return true;
    if (!punct(n, ',')) return false;
    if (ex->date_at[t1 + 1] >= 0 || punct(&ex->t[t1 + 1], '(')) return true;
    const char *w = ex->text + ex->t[t0].off;
    size_t upper = 0;
    for (size_t i = 0; i < ex->t[t0].len; i++) upper += w[i] >= 'A' && w[i] <= 'Z';
    return ex->t[t0].len > 2 && upper == ex->t[t0].len;
}

/* Is text[off] right after an apostrophe that ends an elision ("l'", "d'", "dell'")? */
static bool elided_before(const char *text, size_t off)
{
    const unsigned char *u = (const unsigned char *)text;
    if (off >= 1 && u[off - 1] == '\'') return true;
    if (off >= 3 && u[off - 3] == 0xE2 && u[off - 2] == 0x80 && u[off - 1] == 0x99) return true; /* ’ */
    return off >= 2 && u[off - 2] == 0xCA && u[off - 1] == 0xBC;                                  /* ʼ */
}

/* The mentions the place finder resolved, as places on the tokens. */
static cm_status mention_places(extractor *ex, size_t *cap)
{
    const cm_claim_input *in = ex->in;
    size_t cursor = 0; /* mentions come in text order: merge rather than search */
    for (size_t i = 0; i < in->nmentions; i++) {
        const cm_mention *m = &in->mentions[i];
        size_t t0;
        if (cursor < ex->nt && (cursor == 0 || ex->t[cursor - 1].off < m->off)) {
            while (cursor < ex->nt && ex->t[cursor].off < m->off) cursor++;
            t0 = cursor;
        } else {
            t0 = cursor = tok_at_or_after(ex, m->off);
        }
        size_t t1 = t0;
        while (t1 < ex->nt && ex->t[t1].off + ex->t[t1].len <= m->off + m->len) t1++;
        /* a name inside a longer word ("Kunduz's", "Kabul-based"): the word */
        if (t1 == t0 && t0 < ex->nt && ex->t[t0].off == m->off) t1 = t0 + 1;
        /* a name after an elided article or preposition, which the tokenizer
         * keeps in its word ("d'Hérat", "l'Afghanistan", "dell'Helmand"): the word */
        if (t1 == t0 && t0 > 0 && ex->t[t0 - 1].off < m->off &&
            m->off + m->len <= ex->t[t0 - 1].off + ex->t[t0 - 1].len && elided_before(ex->text, m->off)) {
            t0--;
            t1 = t0 + 1;
        }
        if (t1 <= t0 || !m->pcode) continue;
        if (covered_by_hit(ex, t0, t1, (1u << CM_LEX_ACTOR) | (1u << CM_LEX_IGNORE))) continue;
        bool dated = false;
        for (size_t k = t0; k < t1 && !dated; k++) {
            int32_t di = ex->date_at[k];
            dated = di >= 0 && !ex->d[di].event;
        }
        if (dated) continue;
        place_m p = {.tok = t0, .ntok = t1 - t0, .off = m->off, .len = m->len,
                     .surface = m->surface, .name = m->name, .pcode = m->pcode,
                     .province = m->province ? m->province : "", .kind = m->kind,
                     .lat = m->lat, .lon = m->lon, .conf = m->confidence,
                     .foreign = m->foreign || !*m->pcode, .dateline = dateline_at(ex, t0, t1)};
        if (!p.surface) p.surface = span_dup(ex, m->off, m->len);
        for (size_t q = 0; q < m->nalts && !p.prov_alt; q++)
            p.prov_alt = m->alts[q].kind == CM_PLACE_PROVINCE && m->province &&
                         !strcmp(m->alts[q].pcode, m->province);
        cm_status st = add_place(ex, cap, &p);
        if (st) return st;
    }
    return CM_OK;
}

/* What the anaphor walk knows at a token: the real places before it. */
typedef struct {
    size_t nreal, pi;    /* real places; those before the token */
    int last_country, last_prov, last_city, last_district;
} ana_walk;

/* Is province q the next item of a list after place prev: in its sentence,
 * with only commas, list words and place words between ("Kandahar and
 * southern Helmand")? */
static bool capital_list_goes_on(const extractor *ex, const place_m *prev, const place_m *q)
{
    if (q->foreign || q->kind != CM_PLACE_PROVINCE || ex->sent_of[q->tok] != ex->sent_of[prev->tok]) return false;
    size_t j = prev->tok + prev->ntok;
    if (j >= q->tok) return false;
    while (j < q->tok) {
        const cm_lex_hit *h = hit_start(ex, j);
        if (hit_is(h, CM_LEX_LIST) || hit_is(h, CM_LEX_PLACEWORD)) j += h->ntok;
        else if (punct(&ex->t[j], ',')) j++;
        else return false;
    }
    return j == q->tok;
}

/* The provinces whose capital a capital anaphor at token i (hit h) names: the
 * province right after it ("ibu kota provinsi Nimroz") or right before it
 * ("昆都士省首府"), else those named in its sentence before it, else in the
 * sentence before, else the last province. -1 when a town follows: "the
 * capital Kabul" names that town. The provinces so named are marked capital_of. */
static int capital_provinces(extractor *ex, size_t i, const cm_lex_hit *h, const ana_walk *w, const char *provs[8])
{
    size_t npv = 0, nx = i + h->ntok, after = w->pi, pi = w->pi;
    int first = -1;
    bool town = false;
    while (after < w->nreal && ex->p[after].tok < nx) after++;
    for (size_t k = after; k < w->nreal && ex->p[k].tok <= nx + 1 && first < 0; k++) {
        if (ex->p[k].foreign) continue;
        first = (int)k;
        /* a town named as its province is ("the capital of Kunduz") stands
         * for the province: the capital it names is the province's, which for
         * Uruzgan is Tarin Kot, not the town of Uruzgan */
        town = ex->p[k].kind != CM_PLACE_PROVINCE && !ex->p[k].prov_alt;
        if (town) break;
        provs[npv++] = ex->p[k].kind == CM_PLACE_PROVINCE ? ex->p[k].pcode : ex->p[k].province;
        ex->p[k].capital_of = true;
    }
    /* and the provinces listed right after it: "the capitals of Kandahar and
     * Helmand", "ibu kota provinsi Kandahar dan Helmand" — a capital each,
     * never a whole province (also when the first is read as the town) */
    for (size_t k = (size_t)first + 1; first >= 0 && k < w->nreal && npv < 8 &&
                                       capital_list_goes_on(ex, &ex->p[k - 1], &ex->p[k]); k++) {
        provs[npv++] = ex->p[k].pcode;
        ex->p[k].capital_of = true;
    }
    if (town) return npv ? (int)npv : -1;
    if (!npv && pi > 0 && ex->p[pi - 1].tok + ex->p[pi - 1].ntok == i && !ex->p[pi - 1].foreign &&
        ex->p[pi - 1].kind == CM_PLACE_PROVINCE) {
        provs[npv++] = ex->p[pi - 1].pcode;
        ex->p[pi - 1].capital_of = true;
    }
    int32_t s = ex->sent_of[i];
    for (int pass = 0; pass < 2 && !npv; pass++) {
        int32_t want = s - pass;
        if (want < 0) break;
        /* real places are in text order: walk back from the anaphor */
        for (size_t k = pi; k-- > 0 && npv < 8;) {
            const place_m *p = &ex->p[k];
            if (ex->sent_of[p->tok] < want) break;
            if (p->tok >= i || p->foreign || p->kind != CM_PLACE_PROVINCE || ex->sent_of[p->tok] != want) continue;
            bool dup = false;
            for (size_t q = 0; q < npv; q++) dup |= !strcmp(provs[q], p->pcode);
            if (!dup) provs[npv++] = p->pcode;
        }
        for (size_t q = 0; q < npv / 2; q++) { /* back into text order */
            const char *tmp = provs[q];
            provs[q] = provs[npv - 1 - q];
            provs[npv - 1 - q] = tmp;
        }
    }
    if (!npv && w->last_prov >= 0) provs[npv++] = ex->p[w->last_prov].pcode;
    return (int)npv;
}

/* One place per province named: the district of its capital. */
static cm_status add_capitals(extractor *ex, size_t *cap, const place_m *base, const char *const *provs, int npv)
{
    const cm_claim_input *in = ex->in;
    for (int q = 0; q < npv; q++) {
        place_m p = *base;
        p.kind = CM_PLACE_DISTRICT;
        p.province = provs[q];
        cm_claim_unit u;
        if (in->unit && in->unit(in->unit_ud, provs[q], true, &u)) {
            p.pcode = cm_arena_strdup(ex->a, u.pcode);
            p.name = cm_arena_strdup(ex->a, u.name);
            if (!p.name) return CM_NOMEM;
            p.lat = u.lat;
            p.lon = u.lon;
        } else {
            /* OCHA numbers a province's centre district 01 */
            char pc[16];
            snprintf(pc, sizeof pc, "%s01", provs[q]);
            p.pcode = cm_arena_strdup(ex->a, pc);
        }
        if (!p.pcode) return CM_NOMEM;
        cm_status st = add_place(ex, cap, &p);
        if (st) return st;
    }
    return CM_OK;
}

/* "the city of Kunduz", "la ville d'Hérat", "la provincia de Ghazni": the place
 * named right after the anaphor (over place words) is the one meant; a
 * capitalised name the gazetteer does not know is still a name. */
static bool named_after(const extractor *ex, size_t nx, const ana_walk *w)
{
    int n = 0;
    for (; n < 3 && nx < ex->nt; n++) {
        const cm_lex_hit *pw = hit_start(ex, nx);
        if (!hit_is(pw, CM_LEX_PLACEWORD)) break;
        nx += pw->ntok;
    }
    if (n > 0 && nx < ex->nt && ex->t[nx].kind == CM_TOK_WORD && (ex->t[nx].flags & CM_TOKF_CAP)) return true;
    for (size_t k = w->pi; k < w->nreal && ex->p[k].tok <= nx; k++)
        if (!ex->p[k].foreign && ex->p[k].tok == nx) return true;
    return false;
}

/* An anaphor p takes the identity of the place q it refers to, with less confidence. */
static void refer_to(place_m *p, const place_m *q)
{
    p->name = q->name;
    p->pcode = q->pcode;
    p->province = q->province;
    p->kind = q->kind;
    p->lat = q->lat;
    p->lon = q->lon;
    p->conf = q->conf * 0.8;
}

/* The place an anaphor of kind (not capital) stands for: the last country,
 * province, district or city named; for the country with none named, the
 * whole country. false when it names nothing. */
static bool anaphor_place(extractor *ex, int kind, const ana_walk *w, place_m *p)
{
    int src = kind == CM_ANA_COUNTRY    ? w->last_country
              : kind == CM_ANA_PROVINCE ? w->last_prov
              : kind == CM_ANA_DISTRICT ? w->last_district
                                        : w->last_city;
    /* a town named after the last district ("fighting in Kunduz city ... the
     * district") may be the one whose district is meant: none */
    if (kind == CM_ANA_DISTRICT && w->last_city != w->last_district) return false;
    if (src >= 0) {
        refer_to(p, &ex->p[src]);
        return true;
    }
    cm_claim_unit u;
    const cm_profile *prof = cm_lexicon_profile(ex->in->lex);
    const char *home = prof ? cm_profile_country(prof) : "";
    if (kind != CM_ANA_COUNTRY || !*home || !(ex->in->unit && ex->in->unit(ex->in->unit_ud, home, false, &u)))
        return false;
    p->name = cm_arena_strdup(ex->a, u.name);
    if (!p->name) ex->nomem = true;
    p->pcode = u.pcode;
    p->province = "";
    p->kind = CM_PLACE_COUNTRY;
    p->lat = u.lat;
    p->lon = u.lon;
    return p->name != NULL;
}

/* "the districts", "these districts": the districts named in this sentence
 * before it, else in the one before, when two or more are (a place right
 * after makes it a unit noun: "the districts of Faryab"). */
static cm_status district_places(extractor *ex, size_t *cap, size_t i, const cm_lex_hit *h, const ana_walk *w,
                                 const place_m *base)
{
    size_t nx = i + h->ntok, after = w->pi;
    while (after < w->nreal && ex->p[after].tok < nx) after++;
    if (after < w->nreal && ex->p[after].tok <= nx + 2 && ex->sent_of[ex->p[after].tok] == ex->sent_of[i])
        return CM_OK;
    int32_t s = ex->sent_of[i];
    size_t got[8], ng = 0;
    for (int32_t want = s; want >= s - 1 && want >= 0 && ng < 2; want--) {
        ng = 0;
        for (size_t k = 0; k < w->pi && ng < 8; k++) {
            const place_m *p = &ex->p[k];
            if (ex->sent_of[p->tok] != want || p->tok >= i || p->foreign || p->dateline ||
                p->kind != CM_PLACE_DISTRICT)
                continue;
            bool dup = false;
            for (size_t q = 0; q < ng; q++) dup |= !strcmp(ex->p[got[q]].pcode, p->pcode);
            if (!dup) got[ng++] = k;
        }
    }
    if (ng < 2) return CM_OK;
    for (size_t q = 0; q < ng; q++) {
        place_m p = *base;
        refer_to(&p, &ex->p[got[q]]);
        cm_status st = add_place(ex, cap, &p);
        if (st) return st;
    }
    return CM_OK;
}

/* Place anaphors, resolved against the real places named before them. */
static cm_status anaphor_places(extractor *ex, size_t *cap)
{
    ana_walk w = {.nreal = ex->np, .last_country = -1, .last_prov = -1, .last_city = -1, .last_district = -1};
    for (size_t i = 0; i < ex->nt; i++) {
        while (w.pi < w.nreal && ex->p[w.pi].tok <= i) {
            const place_m *p = &ex->p[w.pi];
            if (!p->foreign && !p->dateline) {
                if (p->kind == CM_PLACE_COUNTRY) w.last_country = (int)w.pi;
                else if (p->kind == CM_PLACE_PROVINCE) w.last_prov = (int)w.pi;
                else if (p->kind == CM_PLACE_DISTRICT || p->kind == CM_PLACE_PPL) w.last_city = (int)w.pi;
                if (p->kind == CM_PLACE_DISTRICT) w.last_district = (int)w.pi;
            }
            w.pi++;
        }
        const cm_lex_hit *h = hit_start(ex, i);
        const cm_lex_entry *e = h ? cm_lex_hit_get(h, CM_LEX_ANAPHOR) : NULL;
        if (!e) continue;
        /* counted ("18 provinsi itu", "three provincial capitals"): a set, not one place */
        if (i > 0 && ex->t[i - 1].kind == CM_TOK_NUM) continue;
        size_t off = ex->t[i].off;
        size_t len = ex->t[i + h->ntok - 1].off + ex->t[i + h->ntok - 1].len - off;
        place_m base = {.tok = i, .ntok = h->ntok, .off = off, .len = len,
                        .surface = span_dup(ex, off, len), .anaphor = true, .conf = 0.8,
                        .lat = NAN, .lon = NAN};
        if (!base.surface) return CM_NOMEM;
        cm_status st = CM_OK;
        if (e->code == CM_ANA_CAPITAL) {
            const char *provs[8];
            int npv = capital_provinces(ex, i, h, &w, provs);
            if (npv > 0) st = add_capitals(ex, cap, &base, provs, npv);
        } else if (e->code == CM_ANA_DISTRICTS) {
            st = district_places(ex, cap, i, h, &w, &base);
        } else if (!named_after(ex, i + h->ntok, &w) && anaphor_place(ex, e->code, &w, &base)) {
            st = add_place(ex, cap, &base);
        }
        if (st || ex->nomem) return st ? st : CM_NOMEM;
    }
    return CM_OK;
}

static cm_status places(extractor *ex)
{
    size_t cap = 0;
    cm_status st = mention_places(ex, &cap);
    if (!st) st = anaphor_places(ex, &cap);
    if (st) return st;
    if (ex->np) qsort(ex->p, ex->np, sizeof *ex->p, place_cmp);
    for (size_t k = ex->np; k-- > 0;)
        for (size_t i = ex->p[k].tok; i < ex->p[k].tok + ex->p[k].ntok; i++) ex->place_at[i] = (int32_t)k;
    /* a phrase (other than an actor) over a place gives way to it */
    for (size_t k = 0; k < ex->np; k++)
        for (size_t i = ex->p[k].tok; i < ex->p[k].tok + ex->p[k].ntok; i++) {
            int32_t hk = ex->hit_at[i];
            if (hk >= 0 && !(ex->h[hk].kinds & (1u << CM_LEX_ANAPHOR)) && !ex->p[k].anaphor)
                ex->hit_off[hk] = true;
        }
    return CM_OK;
}

/* ---- actors ------------------------------------------------------------------ */

/* Tokens an actor or a list may carry before a word: "#Taliban", "@NRF", quotes. */
static bool skippable(const cm_token *t)
{
    static const char *quotes[] = {"\xc2\xab", "\xc2\xbb", "\xe2\x80\x9c", "\xe2\x80\x9d", "\xe2\x80\x9e",
                                   "\xe3\x80\x8c", "\xe3\x80\x8d", "\xe3\x80\x8e", "\xe3\x80\x8f"};
    if (punct(t, '#') || punct(t, '@') || punct(t, '"')) return true;
    if (t->kind != CM_TOK_PUNCT || t->klen < 2) return false;
    for (size_t i = 0; i < sizeof quotes / sizeof *quotes; i++) /* « » “ ” „ 「 」 『 』 */
        if (!strcmp(t->key, quotes[i])) return true;
    return false;
}

static cm_status actors(extractor *ex)
{
    size_t cap = 32;
    ex->ac = cm_arena_calloc(ex->a, cap, sizeof *ex->ac);
    if (!ex->ac) return CM_NOMEM;
    int last = -1, last_any = -1;
    bool between_open = false; /* an actor right after "antara" was seen */
    for (size_t k = 0; k < ex->nh; k++) {
        const cm_lex_hit *h = &ex->h[k];
        if (ex->hit_off[k]) continue;
        const cm_lex_entry *e = cm_lex_hit_get(h, CM_LEX_ACTOR);
        if (!e) continue;
        actor_m a = {.tok = h->tok, .ntok = h->ntok, .cls = e->sval, .side = e->code};
        if (e->code == CM_SIDE_ANAPHOR) {
            a.anaphor = true;
            int src = last >= 0 ? last : last_any;
            if (!strcmp(e->sval, "@group")) /* an armed group: the last one named, not the state */
                for (src = (int)ex->nac - 1; src >= 0; src--)
                    if (!ex->ac[src].anaphor && ex->ac[src].side > 0 &&
                        !cm_profile_ctrl_state(cm_lexicon_profile(ex->in->lex), (cm_controller)ex->ac[src].side))
                        break;
            if (src < 0) continue;
            a.cls = ex->ac[src].cls;
            a.side = ex->ac[src].side;
        }
        /* role: what stands just before it */
        size_t j = h->tok;
        while (j > 0 && skippable(&ex->t[j - 1])) j--;
        const cm_lex_hit *pv = hit_ending(ex, j);
        /* German "von" is both "from" and the passive agent: the agent wins */
        if ((hit_is(pv, CM_LEX_FROM) || hit_is(pv, CM_LEX_AGAINST)) && !hit_is(pv, CM_LEX_AGENT))
            a.opp = true;
        if (hit_is(pv, CM_LEX_BETWEEN)) between_open = true;
        else if (hit_is(pv, CM_LEX_LIST) && between_open && ex->nac &&
                 ex->ac[ex->nac - 1].tok + ex->ac[ex->nac - 1].ntok == pv->tok) {
            a.opp = true;
            between_open = false;
        } else if (!hit_is(pv, CM_LEX_BETWEEN))
            between_open = false;
        if (ex->nac == cap) {
            actor_m *na = cm_arena_calloc(ex->a, cap * 2, sizeof *na);
            if (!na) return CM_NOMEM;
            memcpy(na, ex->ac, ex->nac * sizeof *na);
            ex->ac = na;
            cap *= 2;
        }
        ex->ac[ex->nac] = a;
        for (size_t i = a.tok; i < a.tok + a.ntok; i++) ex->actor_at[i] = (int32_t)ex->nac;
        if (!a.opp) last = (int)ex->nac;
        last_any = (int)ex->nac;
        if (!a.anaphor && a.side > 0) {
            size_t q = 0;
            while (q < ex->ncounts && strcmp(ex->counts[q].cls, a.cls)) q++;
            if (q == ex->ncounts && q < 16) ex->counts[ex->ncounts++] = (clscount){a.cls, 0};
            if (q < 16) ex->counts[q].n++;
        }
        ex->nac++;
    }
    return CM_OK;
}

/* The actor starting at token i, or -1. */
static int actor_start(const extractor *ex, size_t i)
{
    int32_t k = ex->actor_at[i];
    return k >= 0 && ex->ac[k].tok == i ? k : -1;
}

/* Nearest actor in [lo, hi) scanning back from hi; opp: -1 any, 0 not opponent,
 * 1 opponent, 2 not opponent and a side that can hold ground. */
static bool actor_ok(const extractor *ex, int k, int opp)
{
    const actor_m *a = &ex->ac[k];
    if (opp == 2) return !a->opp && a->side > 0;
    return opp < 0 || (int)a->opp == opp;
}

static int actor_back(const extractor *ex, size_t lo, size_t hi, int opp)
{
    for (size_t i = hi; i > lo; i--) {
        int32_t k = ex->actor_at[i - 1];
        if (k < 0) continue;
        if (actor_ok(ex, k, opp)) return k;
        i = ex->ac[k].tok + 1;
    }
    return -1;
}

static int actor_fwd(const extractor *ex, size_t lo, size_t hi, int opp)
{
    for (size_t i = lo; i < hi && i < ex->nt; i++) {
        int k = actor_start(ex, i);
        if (k >= 0 && actor_ok(ex, k, opp)) return k;
    }
    return -1;
}

/* The actor right after an agent marker ("oleh", "by") in [lo, hi). */
static int agent_in(const extractor *ex, size_t lo, size_t hi)
{
    for (size_t i = lo; i < hi && i < ex->nt; i++) {
        const cm_lex_hit *h = hit_start(ex, i);
        if (!hit_is(h, CM_LEX_AGENT)) continue;
        size_t j = i + h->ntok;
        while (j < hi && skippable(&ex->t[j])) j++;
        int k = j < hi ? actor_start(ex, j) : -1;
        if (k >= 0) return k;
    }
    return -1;
}

/* The first actor after "antara"/"between" in [lo, hi). */
static int between_in(const extractor *ex, size_t lo, size_t hi)
{
    for (size_t i = lo; i < hi && i < ex->nt; i++) {
        const cm_lex_hit *h = hit_start(ex, i);
        if (!hit_is(h, CM_LEX_BETWEEN)) continue;
        int k = actor_fwd(ex, i + h->ntok, i + h->ntok + 2, 0);
        if (k >= 0) return k;
    }
    return -1;
}

static const char *dominant(const extractor *ex, const char *not_cls)
{
    const char *best = NULL;
    size_t bn = 0;
    for (size_t q = 0; q < ex->ncounts; q++)
        if ((!not_cls || strcmp(ex->counts[q].cls, not_cls)) && ex->counts[q].n > bn) {
            bn = ex->counts[q].n;
            best = ex->counts[q].cls;
        }
    return best;
}

/* First actor whose token is >= tok. */
static size_t actor_lower(const extractor *ex, size_t tok)
{
    size_t a = 0, b = ex->nac;
    while (a < b) {
        size_t m = (a + b) / 2;
        if (ex->ac[m].tok < tok) a = m + 1;
        else b = m;
    }
    return a;
}

/* The side opposite `opp`: the nearest other territorial side named in the
 * sentence, then the paragraph, then the document's most named other side. */
static const char *other_side(const extractor *ex, size_t trig, const char *opp)
{
    const sent *s = &ex->s[ex->sent_of[trig]];
    size_t lo = s->t0, hi = s->t1;
    for (int pass = 0; pass < 2; pass++) {
        const char *best = NULL;
        size_t bd = (size_t)-1;
        for (size_t k = actor_lower(ex, lo); k < ex->nac && ex->ac[k].tok < hi; k++) {
            const actor_m *a = &ex->ac[k];
            if (a->side <= 0 || !strcmp(a->cls, opp)) continue;
            size_t d = a->tok > trig ? a->tok - trig : trig - a->tok;
            if (d < bd) {
                bd = d;
                best = a->cls;
            }
        }
        if (best) return best;
        /* the paragraph */
        size_t sk = (size_t)ex->sent_of[trig], a0 = sk, a1 = sk;
        while (a0 > 0 && ex->s[a0 - 1].para == s->para) a0--;
        while (a1 + 1 < ex->ns && ex->s[a1 + 1].para == s->para) a1++;
        lo = ex->s[a0].t0;
        hi = ex->s[a1].t1;
    }
    return dominant(ex, opp);
}

/* ---- attribution ------------------------------------------------------------- */

static const char *words(extractor *ex, size_t i, size_t hi, size_t max, bool stop_at_stop)
{
    size_t first = i, last = i, n = 0;
    for (; i < hi && n < max; i++) {
        const cm_token *t = &ex->t[i];
        if (t->kind == CM_TOK_PUNCT && !punct(t, '#') && !punct(t, '-')) break;
        if (ex->date_at[i] >= 0) break;
        if (stop_at_stop && n && ex->in->lex && cm_lex_is_stop(ex->in->lex, t)) break;
        if (hit_is(hit_start(ex, i), CM_LEX_BOUNDARY)) break;
        last = i;
        n++;
    }
    if (!n) return NULL;
    size_t off = ex->t[first].off;
    return span_dup(ex, off, ex->t[last].off + ex->t[last].len - off);
}

/* The actor that is the whole source named at [i, hi) — an anaphor ("kelompok
 * itu"), or an actor phrase followed by punctuation, a date or nothing ("said
 * the Taliban.") — or -1: the source is then written out in words ("gubernur
 * provinsi", "Gubernur Herat"). */
static int whole_actor(const extractor *ex, size_t i, size_t hi)
{
    int k = i < hi ? actor_start(ex, i) : -1;
    if (k < 0) return -1;
    if (ex->ac[k].anaphor) return k;
    size_t e = ex->ac[k].tok + ex->ac[k].ntok;
    return e >= hi || ex->t[e].kind == CM_TOK_PUNCT || ex->date_at[e] >= 0 ? k : -1;
}

/* The source named after an attribution word at [i, hi); when nothing follows
 * ("..., officials said."), the words before it back to the comma. */
static const char *np_after(extractor *ex, size_t v, size_t i, size_t hi)
{
    while (i < hi && (punct(&ex->t[i], '"') || punct(&ex->t[i], ','))) i++;
    int k = whole_actor(ex, i, hi);
    if (k >= 0) return ex->ac[k].cls;
    const char *w = words(ex, i, hi, 6, true);
    if (w) return w;
    size_t b = v;
    while (b > 0 && v - b < 6 && ex->t[b - 1].kind != CM_TOK_PUNCT) b--;
    if (b == v) return NULL;
    k = whole_actor(ex, b, v);
    if (k >= 0) return ex->ac[k].cls;
    return words(ex, b, v, 6, false);
}

/* The source named at the start of the sentence, before an attribution verb at v. */
static const char *np_before(extractor *ex, size_t s0, size_t v)
{
    size_t i = s0;
    while (i < v && (punct(&ex->t[i], '"') || punct(&ex->t[i], '\''))) i++;
    const cm_lex_hit *h = i < v ? hit_start(ex, i) : NULL;
    if (hit_is(h, CM_LEX_BOUNDARY)) {
        i += h->ntok;
        while (i < v && punct(&ex->t[i], ',')) i++;
    }
    /* the subject is a side when it is an actor anaphor or an actor phrase
     * alone, or opens with an actor phrase of two words or more ("Pasukan
     * Perlawanan Publik di bawah ... mengklaim"); else its words ("Gubernur
     * Herat") */
    int k = i < v ? actor_start(ex, i) : -1;
    if (k >= 0 && (whole_actor(ex, i, v) >= 0 || ex->ac[k].ntok >= 2)) return ex->ac[k].cls;
    return words(ex, i, v, 8, false);
}

static const char *attr_in(extractor *ex, const sent *s, bool after_quote_only)
{
    bool seen_quote = false;
    for (size_t i = s->t0; i < s->t1; i++) {
        if (punct(&ex->t[i], '"')) seen_quote = true;
        const cm_lex_hit *h = hit_start(ex, i);
        const cm_lex_entry *e = h ? cm_lex_hit_get(h, CM_LEX_ATTRIBUTION) : NULL;
        if (!e) continue;
        bool after = e->code == 1;
        if (after_quote_only && (!after || !seen_quote)) continue;
        const char *r = after ? np_after(ex, i, i + h->ntok, s->t1) : np_before(ex, s->t0, i);
        if (r) return r;
    }
    return NULL;
}

static const char *attribution(extractor *ex, size_t sk)
{
    sent *s = &ex->s[sk];
    if (s->attr) return s->attr;
    const char *r = attr_in(ex, s, false);
    if (!r && (s->in_quote || (s->t0 < s->t1 && punct(&ex->t[s->t0], '"'))))
        for (size_t k = sk + 1; k < ex->ns && k < sk + 6 && ex->s[k].para == s->para && !r; k++)
            r = attr_in(ex, &ex->s[k], true);
    s->attr = r ? r : "reporter";
    return s->attr;
}

/* ---- triggers ------------------------------------------------------------------ */

/* The hit of kind before the place at token p (over place words), or NULL. */
static const cm_lex_hit *marked_hit(const extractor *ex, size_t p, cm_lex_kind kind, size_t lo)
{
    size_t i = p;
    for (int steps = 0; steps < 4 && i > lo; steps++) {
        while (i > lo && skippable(&ex->t[i - 1])) i--;
        const cm_lex_hit *h = hit_ending(ex, i);
        if (!h) return NULL;
        if (hit_is(h, kind)) return h;
        /* over place words and unit nouns: "dekat ibu kota Kabul", "near the capital Kabul" */
        if (!hit_is(h, CM_LEX_PLACEWORD) && !hit_is(h, CM_LEX_UNIT)) return NULL;
        i = h->tok;
    }
    return NULL;
}

/* Is the place at token p preceded (over place words) by a hit of kind? */
static bool marked(const extractor *ex, size_t p, cm_lex_kind kind, size_t lo)
{
    return marked_hit(ex, p, kind, lo) != NULL;
}

typedef struct {
    int idx[16];
    size_t n;
    bool partial;
    bool container;   /* a place was passed over as only the container of the object */
    size_t first_tok; /* token of the first place */
    size_t last_end;  /* token after the last place */
} plist;

/* Places in [lo, hi): the first list of them (over commas, list words and place
 * words), countries before it included so that containment can drop them. The
 * object phrase starts at olo <= lo (unit nouns there head it). */

static bool list_gap(const extractor *ex, size_t i)
{
    const cm_lex_hit *h = hit_start(ex, i);
    if ((punct(&ex->t[i], ';') || dash(&ex->t[i])) && list_goes_on(ex, i, ex->s[ex->sent_of[i]].t0))
        return true;
    return punct(&ex->t[i], ',') || punct(&ex->t[i], '(') || punct(&ex->t[i], ')') ||
           skippable(&ex->t[i]) || hit_is(h, CM_LEX_LIST) || hit_is(h, CM_LEX_PLACEWORD) ||
           hit_is(h, CM_LEX_NEAR) || hit_is(h, CM_LEX_UNIT) || hit_is(h, CM_LEX_ANAPHOR);
}

/* ---- map integrity: what a place in a clause stands for -------------------------- */

/* A place's level beside a unit noun's: a town is of its district's level. */
static int place_level(const place_m *p)
{
    if (p->kind == CM_PLACE_COUNTRY) return CM_UNIT_COUNTRY;
    if (p->kind == CM_PLACE_PROVINCE) return CM_UNIT_PROVINCE;
    return CM_UNIT_DISTRICT;
}

/* The unit noun right before token p, over place words ("districts in", "villages
 * of the"), or NULL. */
static const cm_lex_entry *unit_before(const extractor *ex, size_t p, size_t lo, size_t *at)
{
    size_t i = p;
    for (int steps = 0; steps < 4 && i > lo; steps++) {
        while (i > lo && skippable(&ex->t[i - 1])) i--;
        /* the country may stand between the unit noun and the place: "due
         * distretti nelle province dell'Afghanistan di Takhar" */
        int32_t pk = i > lo ? ex->place_at[i - 1] : -1;
        if (pk >= 0 && ex->p[pk].kind == CM_PLACE_COUNTRY && ex->p[pk].tok >= lo) {
            i = ex->p[pk].tok;
            continue;
        }
        const cm_lex_hit *h = hit_ending(ex, i);
        if (!h) return NULL;
        const cm_lex_entry *u = cm_lex_hit_get(h, CM_LEX_UNIT);
        if (u) {
            *at = h->tok;
            return u;
        }
        if (!hit_is(h, CM_LEX_PLACEWORD)) return NULL;
        i = h->tok;
    }
    return NULL;
}

/* A unit noun of a lower level right after the place k, over numbers, place
 * words, unit nouns that name it and at most two other words: "巴格兰省三个地区"
 * (Baghlan province's three districts), "Badakhshan's districts", "بلخ کے اضلاع". */
static bool unit_after(const extractor *ex, size_t k)
{
    const place_m *p = &ex->p[k];
    size_t i = p->tok + p->ntok, other = 0;
    for (int steps = 0; steps < 5 && i < ex->nt; steps++) {
        if (ex->place_at[i] >= 0) return false;
        const cm_lex_hit *h = hit_start(ex, i);
        if (h) {
            const cm_lex_entry *u = cm_lex_hit_get(h, CM_LEX_UNIT);
            if (u) {
                int ul = u->code == CM_UNIT_CITY ? CM_UNIT_DISTRICT : u->code;
                /* "Panjwai di wilayah Kandahar": a unit noun before a place of
                 * the level of k or above names that place, where k lies */
                size_t j = i + h->ntok;
                for (int w = 0; w < 2 && j < ex->nt && hit_is(hit_start(ex, j), CM_LEX_PLACEWORD); w++)
                    j += hit_start(ex, j)->ntok;
                int32_t q = j < ex->nt ? ex->place_at[j] : -1;
                if (q >= 0 && !ex->p[q].foreign && place_level(&ex->p[q]) >= place_level(p)) return false;
                if (ul < place_level(p)) return true;
            } else if (!hit_is(h, CM_LEX_PLACEWORD)) {
                return false;
            }
            i += h->ntok;
            continue;
        }
        if (ex->t[i].kind == CM_TOK_PUNCT || (ex->t[i].kind == CM_TOK_WORD && ++other > 2)) return false;
        i++;
    }
    return false;
}

/* The place ending right before token p over one to three place words and
 * nothing else ("Obe in Herat", "Nirkh district of Wardak"), or -1. */
static int place_before(const extractor *ex, size_t p, size_t lo, bool *comma, bool *unknown)
{
    size_t i = p;
    int words = 0, other = 0;
    *comma = false;
    *unknown = false;
    while (i > lo && words < 6) {
        while (i > lo && skippable(&ex->t[i - 1])) i--;
        const cm_lex_hit *h = hit_ending(ex, i);
        if (hit_is(h, CM_LEX_PLACEWORD) || hit_is(h, CM_LEX_UNIT)) {
            i = h->tok;
        } else if (i > lo && punct(&ex->t[i - 1], ',') && !*comma) {
            *comma = true;
            /* "Los distritos de Patan, de la provincia de Paktia": a name the
             * gazetteer does not know (a capitalised word that is no phrase,
             * not the sentence's first), then place words before the place */
            size_t w = i - 1;
            *unknown = words > 0 && w > lo + 1 && ex->t[w - 1].kind == CM_TOK_WORD &&
                       (ex->t[w - 1].flags & CM_TOKF_CAP) && ex->place_at[w - 1] < 0 &&
                       ex->hit_at[w - 1] < 0 && ex->actor_at[w - 1] < 0 &&
                       ex->sent_of[w - 1] == ex->sent_of[p] && ex->s[ex->sent_of[p]].t0 < w - 1;
            i--;
        } else if (!h && other < 2 && i > lo && ex->place_at[i - 1] < 0 &&
                   ex->t[i - 1].kind == CM_TOK_WORD) {
            other++; /* "en la provincia central de": words of description */
            i--;
        } else {
            break;
        }
        words++;
    }
    if (!words || i <= lo || ex->place_at[i - 1] < 0) return -1;
    return ex->place_at[i - 1];
}

/* Is the place k only the container of what the clause is about? "13 districts
 * in Badakhshan", "villages of Panjshir", "another district centre in
 * Afghanistan" (a unit noun of a lower level before it, or heading the object
 * phrase: head is the lowest level of those), or "Obe in Herat" (a smaller
 * place of the same province right before it). A unit noun of its own
 * level names it ("the district of Nirkh", "the city of Kunduz"); but a town
 * that shares its province's name after "districts" is the province. */
static bool container(const extractor *ex, size_t k, int head)
{
    const place_m *p = &ex->p[k];
    if (p->capital_of) return true; /* "the capital of Takhar province": Takhar */
    /* a capital anaphor is a district; "the province", "the country" may be containers */
    if (p->anaphor && place_level(p) == CM_UNIT_DISTRICT) return false;
    /* "the districts Jaghuri and Nawur of this province": a province anaphor
     * a few words after a district of the province it names, back over list
     * words and a name the finder does not know (no punctuation, verb or
     * clause word) */
    if (p->anaphor && place_level(p) == CM_UNIT_PROVINCE) {
        size_t lo = ex->s[ex->sent_of[p->tok]].t0;
        for (size_t i = p->tok, n = 0; i > lo && n < 3; n++) {
            if (ex->t[i - 1].kind != CM_TOK_WORD) break;
            int32_t q = ex->place_at[i - 1];
            if (q >= 0) {
                const place_m *o = &ex->p[q];
                if (!o->foreign && !o->anaphor && place_level(o) == CM_UNIT_DISTRICT &&
                    !strcmp(o->province, p->pcode))
                    return true;
                break;
            }
            const cm_lex_hit *h = hit_ending(ex, i);
            if (h && (hit_is(h, CM_LEX_ACTION) || hit_is(h, CM_LEX_BOUNDARY))) break;
            i = h ? h->tok : i - 1;
        }
    }
    if (head < place_level(p)) return true;
    /* "fell in Afghanistan", "the war in Afghanistan": the country after a
     * preposition sets the scene; it is claimed only as the object itself */
    if (p->kind == CM_PLACE_COUNTRY && hit_is(hit_ending(ex, p->tok), CM_LEX_PLACEWORD)) return true;
    if (unit_after(ex, k)) return true;
    size_t lo = ex->s[ex->sent_of[p->tok]].t0;
    size_t at;
    const cm_lex_entry *u = unit_before(ex, p->tok, lo, &at);
    /* "districts in the province of Faryab": past a unit noun of the place's
     * own level to the one before it */
    if (u && u->code == place_level(p)) {
        const cm_lex_entry *u2 = unit_before(ex, at, lo, &at);
        if (u2) u = u2;
    }
    if (u) {
        /* "districts in Kunduz" is the province; "the capital Kabul" names the town */
        int ul = u->code == CM_UNIT_CITY ? CM_UNIT_DISTRICT : u->code;
        bool apposed = hit_ending(ex, p->tok) && cm_lex_hit_get(hit_ending(ex, p->tok), CM_LEX_UNIT) == u;
        if (ul < place_level(p) || (u->code == CM_UNIT_DISTRICT && p->prov_alt && !apposed)) return true;
        /* a unit noun of its own level names it, but the phrase may still
         * describe where the place before it lies ("Obe, in the province of Herat") */
    }
    bool comma, unknown;
    int q = place_before(ex, p->tok, lo, &comma, &unknown);
    /* the province set off by a comma after a name not found: where that lies */
    if (q < 0) return unknown && place_level(p) == CM_UNIT_PROVINCE;
    const place_m *o = &ex->p[q];
    if (o->foreign || o->anaphor || place_level(o) != CM_UNIT_DISTRICT) return false;
    /* set off by a comma ("Kahmard, in Bamyan province,"), only the province
     * the place lies in: "Kunduz, Takhar and Baghlan" is a list */
    if (comma && place_level(p) == CM_UNIT_PROVINCE) return !strcmp(o->province, p->pcode);
    if (place_level(p) > CM_UNIT_DISTRICT) return true;
    return p->prov_alt && !strcmp(p->province, o->province) && strcmp(p->pcode, o->pcode);
}

/* The lowest level of the unit nouns heading the phrase of the place at token p:
 * up to 8 tokens back, not before lo, not over a comma, colon, semicolon, list
 * word, clause word or verb ("a key district in the province of Faryab": district).
 * CM_UNIT_COUNTRY + 1 when there is none. */
static const cm_lex_hit *head_unit(const extractor *ex, size_t p, size_t lo, int *level)
{
    int best = CM_UNIT_COUNTRY + 1;
    const cm_lex_hit *bh = NULL;
    for (size_t i = p, n = 0; i > lo && n < 8; n++) {
        const cm_token *t = &ex->t[i - 1];
        if (punct(t, ',') || punct(t, ';') || punct(t, ':')) break;
        const cm_lex_hit *h = hit_ending(ex, i);
        if (h) {
            if (hit_is(h, CM_LEX_ACTION) || hit_is(h, CM_LEX_LIST) || hit_is(h, CM_LEX_BOUNDARY)) break;
            const cm_lex_entry *u = cm_lex_hit_get(h, CM_LEX_UNIT);
            if (u) {
                int ul = u->code == CM_UNIT_CITY ? CM_UNIT_DISTRICT : u->code;
                if (ul < best) {
                    best = ul;
                    bh = h;
                }
            }
            i = h->tok;
        } else {
            i--;
        }
    }
    *level = best;
    return bh;
}

static int head_level(const extractor *ex, size_t p, size_t lo)
{
    int level;
    (void)head_unit(ex, p, lo, &level); /* the level alone; explain mode wants the words */
    return level;
}

/* A unit noun as the object of the trigger (the places it stands for unnamed):
 * in [lo, hi). */
static bool unit_in(const extractor *ex, size_t lo, size_t hi)
{
    for (size_t i = lo; i < hi && i < ex->nt; i++)
        if (hit_is(hit_start(ex, i), CM_LEX_UNIT)) return true;
    return false;
}

/* The lowest level of the unit nouns in [lo, hi) (a town counts as a district),
 * CM_UNIT_COUNTRY + 1 when there is none. */
static int unit_level_in(const extractor *ex, size_t lo, size_t hi)
{
    int best = CM_UNIT_COUNTRY + 1;
    for (size_t i = lo; i < hi && i < ex->nt; i++) {
        const cm_lex_hit *h = hit_start(ex, i);
        const cm_lex_entry *u = h ? cm_lex_hit_get(h, CM_LEX_UNIT) : NULL;
        int ul = !u ? best : u->code == CM_UNIT_CITY ? CM_UNIT_DISTRICT : u->code;
        if (ul < best) best = ul;
    }
    return best;
}

/* Is a place after a `from` word the side's ground something was taken from,
 * not the target? Not for withdrawals and flights (the place left), nor for a
 * verb of expulsion ("drove the Taliban out of Kunduz"). */
static bool from_excludes(const extractor *ex, cm_action act)
{
    return act != CM_ACT_WITHDRAW && act != CM_ACT_FLEE && !ex->from_target;
}

/* A name the gazetteer does not know standing as a member of a list that a
 * unit noun heads ("уезды Хохон, Шикай, Шугнон и Султон Ишкашим"): one to
 * three capitalised words that are no lexicon phrase, actor, date or place,
 * followed by a comma, a list word or a place. Returns its length, else 0. */
static size_t unknown_name(const extractor *ex, size_t j, size_t hi)
{
    size_t k = j;
    while (k < hi && k - j < 3) {
        const cm_token *t = &ex->t[k];
        if (t->kind != CM_TOK_WORD || !(t->flags & CM_TOKF_CAP) || ex->hit_at[k] >= 0 || ex->place_at[k] >= 0 ||
            ex->actor_at[k] >= 0 || ex->date_at[k] >= 0)
            break;
        k++;
    }
    if (k == j || k >= hi) return 0;
    const cm_lex_hit *h = hit_start(ex, k);
    return punct(&ex->t[k], ',') || hit_is(h, CM_LEX_LIST) || ex->place_at[k] >= 0 ? k - j : 0;
}

static void collect(const extractor *ex, size_t lo, size_t hi, size_t olo, cm_action act, plist *out)
{
    int head = -1; /* unit level heading the object phrase, found at its first place */
    bool unit_head = false; /* a unit noun stood before the first place */
    size_t ref_end = 0;     /* end of the last reference point passed over */
    out->n = 0;
    out->partial = false;
    out->container = false;
    out->first_tok = hi;
    out->last_end = lo;
    bool started = false;
    /* the last container passed over, so that the rest of its list is one too
     * ("distretti nelle province di Takhar e Badakhshan") */
    size_t cont_end = 0;
    int cont_level = -1;
    for (size_t i = lo; i < hi && i < ex->nt;) {
        /* the object comes before any comma: "mengambil alih kekuasaan, ...";
         * after a container, the comma sets off the place it names ("ibu kota
         * Afghanistan, Kabul", "the last province ..., Panjshir") */
        if (!out->n && !out->container && !unit_head && punct(&ex->t[i], ',')) break;
        /* an apposition names its place right after the comma ("ibu kota Afghanistan,
         * Kabul"); "a district in Wardak, the closest to Kabul" describes, it names nothing */
        if (!out->n && punct(&ex->t[i], ',')) {
            size_t j = i + 1;
            while (j < hi && skippable(&ex->t[j])) j++;
            if (j >= hi || (ex->place_at[j] < 0 && !(unit_head && unknown_name(ex, j, hi)))) break;
        }
        /* "the second largest city, Kandahar": a unit noun heading the object
         * lets the comma set off the place it describes */
        if (!out->n && hit_is(hit_start(ex, i), CM_LEX_UNIT)) unit_head = true;
        int32_t pk = ex->place_at[i];
        if (pk >= 0 && ex->p[pk].tok == i) {
            size_t adv = ex->p[pk].ntok;
            for (size_t k = (size_t)pk; k < ex->np && ex->p[k].tok == i; k++) {
                const place_m *p = &ex->p[k];
                /* the unit nouns heading the phrase, read at its first place
                 * whatever that place turns out to be */
                if (head < 0) head = head_level(ex, i, olo);
                if (p->foreign || p->dateline) {
                    if (ex->w) why_note(ex, k, p->foreign ? CM_MISS_FOREIGN : CM_MISS_DATELINE, lo, olo);
                    continue;
                }
                /* back to olo: a list found backwards starts at its first
                 * place, and the word that makes it a reference ("در شمال
                 * افغانستان", in the north of Afghanistan) stands before it */
                /* a reference point: "125 km dari Kabul", "the road between Kabul and Jalalabad" */
                /* the second of "between A and B" right after the first */
                bool ref_pair = ref_end && ref_end <= i && i - ref_end <= 2;
                for (size_t g = ref_end; ref_pair && g < i; g++) ref_pair = list_gap(ex, g);
                if (ref_pair || marked(ex, i, CM_LEX_REF, olo) || marked(ex, i, CM_LEX_BETWEEN, olo)) {
                    if (ex->w) why_note(ex, k, CM_MISS_REF, olo, olo);
                    ref_end = i + adv;
                    continue;
                }
                if (from_excludes(ex, act) && marked(ex, i, CM_LEX_FROM, olo)) {
                    if (ex->w) why_note(ex, k, CM_MISS_FROM, olo, olo);
                    continue;
                }
                /* a town named as its province ("«قندوز»" after "«زابل»") is of the province's level */
                int lvl = p->prov_alt && cont_level == CM_UNIT_PROVINCE ? CM_UNIT_PROVINCE : place_level(p);
                /* only provinces and countries continue a list of containers: after
                 * "Sayad in Sar-e Pul and", Keshendeh is the next member */
                bool listed = cont_level == lvl && lvl >= CM_UNIT_PROVINCE && cont_end <= i && i - cont_end <= 6;
                /* over list words, place words and region phrases ("«زابل» در جنوب، «فراه»") */
                for (size_t g = cont_end; listed && g < i; g++)
                    listed = list_gap(ex, g) || hit_is(hit_start(ex, g), CM_LEX_REF) ||
                             (ex->hit_at[g] >= 0 && hit_is(&ex->h[ex->hit_at[g]], CM_LEX_REF));
                if (listed || container(ex, k, head)) {
                    if (ex->w) why_note(ex, k, CM_MISS_CONTAINER, lo, olo);
                    out->container = true;
                    if (out->n) out->last_end = i + adv;
                    cont_end = i + adv;
                    cont_level = lvl;
                    continue;
                }
                if (out->n < 16) out->idx[out->n++] = (int)k;
                if (out->first_tok == hi) out->first_tok = i;
                out->last_end = i + adv;
                if (p->kind != CM_PLACE_COUNTRY) started = true;
            }
            i += adv;
            continue;
        }
        if (started) {
            size_t un = unit_head ? unknown_name(ex, i, hi) : 0;
            if (un) { /* a member the gazetteer does not know */
                i += un;
                continue;
            }
            if (!list_gap(ex, i)) break;
            const cm_lex_hit *h = hit_start(ex, i);
            i += h ? h->ntok : 1;
            continue;
        }
        i++;
    }
    if (!out->n) return;
    /* only part of the place: a partial word between lo and the first place,
     * or right after the list over place words (postpositions: Urdu "بلخ کے
     * کئی علاقوں", some areas of Balkh) */
    for (size_t i = lo; i < out->first_tok; i++)
        if (hit_is(hit_start(ex, i), CM_LEX_PARTIAL)) out->partial = true;
    for (size_t i = out->last_end; i < hi && i < ex->nt;) {
        const cm_lex_hit *h = hit_start(ex, i);
        if (hit_is(h, CM_LEX_PARTIAL)) out->partial = true;
        if (!hit_is(h, CM_LEX_PLACEWORD)) break;
        i += h->ntok;
    }
    /* drop containers and duplicates */
    size_t w = 0;
    for (size_t a = 0; a < out->n; a++) {
        const place_m *p = &ex->p[out->idx[a]];
        bool drop = false;
        for (size_t b = 0; b < out->n && !drop; b++) {
            if (a == b) continue;
            const place_m *q = &ex->p[out->idx[b]];
            size_t lp = strlen(p->pcode), lq = strlen(q->pcode);
            if (lp < lq && !strncmp(p->pcode, q->pcode, lp)) drop = true;
            if (lp == lq && !strcmp(p->pcode, q->pcode) && b < a) drop = true;
            if (drop && ex->w) why_contains(ex, (size_t)out->idx[a], (size_t)out->idx[b]);
        }
        if (!drop) out->idx[w++] = out->idx[a];
    }
    out->n = w;
}

/* The places of a subject before the verb: the last list in [lo, hi). */
/* Does a place end right before token i (over quotes, brackets and place
 * words), not before lo? */
static bool after_place(const extractor *ex, size_t i, size_t lo)
{
    for (;;) {
        while (i > lo && skippable(&ex->t[i - 1])) i--;
        const cm_lex_hit *h = i > lo ? hit_ending(ex, i) : NULL;
        if (!h || !hit_is(h, CM_LEX_PLACEWORD) || h->tok < lo) break;
        i = h->tok;
    }
    return i > lo && ex->place_at[i - 1] >= 0;
}

static void collect_back(const extractor *ex, size_t lo, size_t hi, cm_action act, plist *out)
{
    size_t last = hi;
    for (size_t i = hi; i > lo; i--) {
        int32_t pk = ex->place_at[i - 1];
        if (pk < 0) continue;
        i = ex->p[pk].tok + 1;
        /* a reference point ("Kunduz, 300 km north of Kabul, was taken"), the
         * container of an apposition ("Kunduz, a city in northern Afghanistan,
         * fell") or the side something was taken from is not the subject: look
         * further back */
        if (ex->p[pk].foreign || marked(ex, ex->p[pk].tok, CM_LEX_REF, lo) ||
            container(ex, (size_t)pk, CM_UNIT_COUNTRY + 1) ||
            (from_excludes(ex, act) && marked(ex, ex->p[pk].tok, CM_LEX_FROM, lo)))
            continue;
        last = ex->p[pk].tok;
        break;
    }
    if (last == hi) {
        out->n = 0;
        out->partial = false;
        out->container = false;
        return;
    }
    /* walk back over the list: places, commas, list and place words; the
     * list starts at its first place */
    size_t start = last, i = last;
    while (i > lo) {
        int32_t pk = ex->place_at[i - 1];
        if (pk >= 0) {
            i = ex->p[pk].tok;
            if (!ex->p[pk].foreign) start = i;
            continue;
        }
        int32_t hk = ex->hit_at[i - 1];
        if (hk >= 0 && !ex->hit_off[hk] && list_gap(ex, ex->h[hk].tok)) {
            i = ex->h[hk].tok;
            continue;
        }
        /* a region phrase after a member ("«زابل» در جنوب، «فراه» در غرب و
         * «قندوز»", Zabul in the south, Farah in the west and Kunduz) */
        if (hk >= 0 && !ex->hit_off[hk] && hit_is(&ex->h[hk], CM_LEX_REF) && after_place(ex, ex->h[hk].tok, lo)) {
            i = ex->h[hk].tok;
            continue;
        }
        if (hk < 0 && list_gap(ex, i - 1)) {
            i--;
            continue;
        }
        break;
    }
    collect(ex, start, hi, lo, act, out);
    /* a partial word just before the subject ("sebagian Kabul") */
    for (size_t k = start > lo + 3 ? start - 3 : lo; k < start; k++)
        if (hit_is(hit_start(ex, k), CM_LEX_PARTIAL)) out->partial = true;
}

/* The places of a verb-final clause (option verb_final: Persian, Pashto),
 * whose verb at tg has the actor k before it (-1: none in the clause), with no
 * agent marker before the actor:
 *  - the actor followed by a postposed agent marker ("د طالبانو لخوا ... ونیول
 *    شوه", by the Taliban): the places before the actor;
 *  - else the list of places nearest before the verb, after the actor — the
 *    object stands next to the verb, after whatever adverbials and commas
 *    ("طالبان پس از درگیری‌ها، ولسوالی X را تصرف کردند");
 *  - else, when the actor stands right before the verb, the places before the
 *    actor: a fronted object ("X را طالبان تصرف کردند") or the subject of a verb
 *    whose agent it names ("X د طالبانو په ولکه کې دی", "X در حملات طالبان سقوط
 *    کرد"). */
static void final_places(const extractor *ex, int k, size_t prev_end, size_t tg, cm_action act,
                         plist *pl)
{
    if (k < 0) {
        collect_back(ex, prev_end, tg, act, pl);
        return;
    }
    size_t a0 = ex->ac[k].tok, a1 = a0 + ex->ac[k].ntok;
    if (hit_is(hit_start(ex, a1), CM_LEX_AGENT) && a1 < tg) {
        collect_back(ex, prev_end, a0, act, pl);
        return;
    }
    collect_back(ex, a1, tg, act, pl);
    if (!pl->n && a1 == tg) collect_back(ex, prev_end, a0, act, pl);
}

static cm_status push_claim(extractor *ex, const cm_claim *c, uint8_t ds, size_t trig)
{
    if (ex->nc == ex->cc) {
        size_t ncap = ex->cc ? ex->cc * 2 : 16;
        cm_claim *nc = cm_arena_calloc(ex->a, ncap, sizeof *nc);
        uint8_t *nd = cm_arena_calloc(ex->a, ncap, 1);
        size_t *nt = cm_arena_calloc(ex->a, ncap, sizeof *nt);
        if (!nc || !nd || !nt) return CM_NOMEM;
        if (ex->nc) {
            memcpy(nc, ex->c, ex->nc * sizeof *nc);
            memcpy(nd, ex->dstate, ex->nc);
            memcpy(nt, ex->ctrig, ex->nc * sizeof *nt);
        }
        ex->c = nc;
        ex->dstate = nd;
        ex->ctrig = nt;
        ex->cc = ncap;
    }
    ex->c[ex->nc] = *c;
    ex->dstate[ex->nc] = ds;
    ex->ctrig[ex->nc] = trig;
    ex->nc++;
    return CM_OK;
}

/* The date of a trigger: its clause, its sentence, its paragraph. */
/* Is there an action word other than the one at trig in (trig, d)? */
static bool verb_between(const extractor *ex, size_t trig, size_t d)
{
    int32_t own = ex->hit_at[trig];
    for (size_t i = trig + 1; i < d; i++) {
        int32_t k = ex->hit_at[i];
        if (k >= 0 && k != own && !ex->hit_off[k] && ex->h[k].tok == i && hit_is(&ex->h[k], CM_LEX_ACTION))
            return true;
    }
    return false;
}

/* Does date d end right before token at, with at most a comma between? */
static bool time_before(const extractor *ex, const cm_date_ref *d, size_t at)
{
    size_t e = d->tok + d->ntok;
    if (e < at && punct(&ex->t[e], ',')) e++;
    return e == at && ex->sent_of[d->tok] == ex->sent_of[at];
}

static uint8_t pick_date(const extractor *ex, size_t trig, cm_action act, cm_claim *c)
{
    int32_t sk = ex->sent_of[trig], ck = ex->clause_of[trig];
    int32_t th = ex->hit_at[trig];
    const cm_lex_entry *te = th >= 0 ? cm_lex_hit_get(&ex->h[th], CM_LEX_ACTION) : NULL;
    bool noun = te && te->voice == CM_VOICE_NOUN;
    const sent *s = &ex->s[sk];
    int best = -1;
    size_t bestd = (size_t)-1;
    /* "On Friday, when Zaranj fell, ...": a clause a word of time opens
     * happened at the date right before that word */
    size_t when_at = ex->clause_lo[ck];
    const cm_lex_hit *wh = hit_start(ex, when_at);
    if (!hit_is(wh, CM_LEX_BOUNDARY) || cm_lex_hit_get(wh, CM_LEX_BOUNDARY)->code != CM_BOUNDARY_TIME) when_at = 0;
    size_t first = 0, hi = ex->nd;
    while (first < hi) { /* the first date of the sentence */
        size_t m = (first + hi) / 2;
        if (ex->d[m].tok < s->t0) first = m + 1;
        else hi = m;
    }
    for (size_t k = first; k < ex->nd; k++) {
        const cm_date_ref *d = &ex->d[k];
        if (d->tok >= s->t1) break;
        if (d->future) continue;
        /* "sejak X": the date starts a state; it dates a hold, or the event
         * named inside the phrase itself ("sejak jatuhnya Kabul pada 15 Agustus") */
        if (d->since && act != CM_ACT_HOLD &&
            !(trig < d->tok && d->tok - trig <= 4 && ex->clause_of[d->tok] == ck))
            continue;
        /* an event noun ("the capture of Herat") is not dated by a date past
         * another verb ("the capture of Herat, which has taken 12 capitals
         * over the past week"): that date is the verb's */
        if (noun && d->tok > trig && verb_between(ex, trig, d->tok)) continue;
        size_t dist = d->tok > trig ? d->tok - trig : trig - d->tok;
        if (d->tok + d->ntok <= when_at && time_before(ex, d, when_at)) dist = 0;
        else if (ex->clause_of[d->tok] != ck) dist += 1000;
        if (dist < bestd) {
            bestd = dist;
            best = (int)k;
        }
    }
    if (best >= 0) {
        const cm_date_ref *d = &ex->d[best];
        c->date_off = d->off;
        c->date_len = d->len;
        if (d->year_only) return DS_HISTORIC;
        if (d->precision > 0) {
            c->date = d->day;
            c->date_precision = d->precision;
            c->date_source = bestd >= 1000 ? "sentence" : "clause";
            return DS_OWN;
        }
    }
    /* the paragraph's last date before this sentence */
    for (size_t k = first; k-- > 0;) {
        const cm_date_ref *d = &ex->d[k];
        const sent *ds = &ex->s[ex->sent_of[d->tok]];
        if (ds->para != s->para) break;
        if (d->future || d->since || d->year_only || d->precision <= 0) continue;
        c->date = d->day;
        c->date_precision = d->precision;
        c->date_off = d->off;
        c->date_len = d->len;
        c->date_source = "paragraph";
        return DS_OWN;
    }
    c->date_len = 0;
    return DS_PENDING;
}

static cm_status place_claims(extractor *ex, const cm_claim *c, const plist *pl, uint8_t ds, size_t tg,
                              int actor_level);
static cm_status list_items(extractor *ex, size_t sk);

/* The opening comma of an apposition holding the trigger at prev (a comma right
 * before the verb at tg closes it, a place right before the opening comma is what
 * it describes), or 0 when there is none. */
static size_t apposition_open(const extractor *ex, size_t c0, size_t prev, size_t tg)
{
    if (prev <= c0 || tg == 0 || !punct(&ex->t[tg - 1], ',')) return 0;
    for (size_t j = prev; j > c0; j--) {
        if (!punct(&ex->t[j - 1], ',')) continue;
        return j - 1 > c0 && ex->place_at[j - 2] >= 0 ? j - 1 : 0;
    }
    return 0;
}

/* A comma in [lo, hi) followed by a unit noun, with no comma after the noun
 * before hi: the unit noun phrase is the subject of the verb at hi. */
static bool unit_subject_after(const extractor *ex, size_t lo, size_t hi)
{
    size_t c = lo;
    while (c < hi && !punct(&ex->t[c], ',')) c++;
    if (c >= hi) return false;
    bool unit = false;
    for (size_t i = c + 1; i < hi; i++) {
        if (punct(&ex->t[i], ',')) return false;
        if (hit_is(hit_start(ex, i), CM_LEX_UNIT)) unit = true;
    }
    return unit;
}

/* Is there a reporting word ("said", "confirmed", "membenarkan") in (lo, hi)? */
static bool attribution_between(const extractor *ex, size_t lo, size_t hi)
{
    for (size_t i = lo + 1; i < hi && i < ex->nt; i++)
        if (hit_is(hit_start(ex, i), CM_LEX_ATTRIBUTION)) return true;
    return false;
}
static void members_only(const extractor *ex, plist *pl);

/* A negative determiner before a unit noun that is the subject, in [c0, tg):
 * "No district is under government control", "None of the districts fell",
 * "Kein Bezirk", "Ningún distrito", "لا توجد مديرية" — the negation word, at most
 * two words ("of the"), then the unit noun, before the verb. */
static bool negated_subject(const extractor *ex, size_t c0, size_t tg)
{
    for (size_t i = c0; i < tg; i++) {
        const cm_lex_hit *o = hit_start(ex, i);
        if (!hit_is(o, CM_LEX_NEGATION) || cm_lex_hit_get(o, CM_LEX_NEGATION)->ival2 == CM_NEG_DEGREE) continue;
        size_t j = i + o->ntok;
        for (int gap = 0; gap <= 2 && j < tg; gap++) {
            const cm_lex_hit *u = hit_start(ex, j);
            if (hit_is(u, CM_LEX_UNIT)) return j + u->ntok <= tg;
            if (u || ex->t[j].kind != CM_TOK_WORD || ex->place_at[j] >= 0 || ex->actor_at[j] >= 0) break;
            j++;
        }
        i = j > i ? j - 1 : i;
    }
    return false;
}

/* Where a trigger stands: its words, clause, sentence and neighbouring triggers. */
typedef struct {
    const cm_lex_hit *h;
    const cm_lex_entry *e;
    size_t tg, tend;         /* the trigger's first token; the end of its first part */
    int32_t sk, ck;          /* sentence and clause */
    const sent *s;
    size_t c0, c1;           /* the clause */
    size_t prev_end, prev_start, next_start, first_trig; /* other triggers of the clause */
    cm_action act;
    int voice;
} frame;

/* What a trigger's voice reads: its places, its actor and the side it acted against. */
typedef struct {
    plist pl;
    int actor, opp;
} reading;

static void frame_of(const extractor *ex, size_t hk, frame *f)
{
    const cm_lex_hit *h = &ex->h[hk];
    /* a separable verb ("eroberten ... zurück") has its object inside the gap:
     * everything is read from the end of its first part */
    *f = (frame){.h = h, .e = cm_lex_hit_get(h, CM_LEX_ACTION), .tg = h->tok, .tend = h->tok + h->ntok};
    f->sk = ex->sent_of[f->tg];
    f->s = &ex->s[f->sk];
    f->ck = ex->clause_of[f->tg];
    f->c0 = ex->clause_lo[f->ck];
    f->c1 = ex->clause_hi[f->ck];
    f->act = (cm_action)f->e->code;
    f->voice = f->e->voice;
    /* neighbouring triggers in the clause */
    f->prev_end = f->prev_start = f->c0;
    f->next_start = f->c1;
    f->first_trig = f->tg;
    for (size_t i = f->c0; i < f->c1; i++) {
        const cm_lex_hit *o = hit_start(ex, i);
        if (!hit_is(o, CM_LEX_ACTION) || o == h) continue;
        if (i < f->tg) {
            f->prev_end = i + o->ntok;
            f->prev_start = i;
            if (i < f->first_trig) f->first_trig = i;
        } else if (i >= f->tend && f->next_start == f->c1)
            f->next_start = i;
    }
}

/* Irrealis and negation in the clause: *irrealis when an irrealis word makes
 * the trigger no claim ("will take", "if"); *negated when a negation reaches
 * it. CM_NOMEM only (explain). */
static cm_status modality(extractor *ex, const frame *f, bool *irrealis, bool *negated, bool *whole)
{
    *negated = *irrealis = *whole = false;
    for (size_t i = f->c0; i < f->c1; i++) {
        const cm_lex_hit *o = hit_start(ex, i);
        if (!o) continue;
        const cm_lex_entry *ir = cm_lex_hit_get(o, CM_LEX_IRREALIS);
        const cm_lex_entry *ng = cm_lex_hit_get(o, CM_LEX_NEGATION);
        bool near_before = i < f->tg && i + o->ntok + 3 >= f->tg;
        if (ir && ((ir->code == 1 && i < f->tg) || near_before)) {
            *irrealis = true;
            return ex->w ? why_clause(ex, f->c0, f->c1, ir, i) : CM_OK;
        }
        if (ng && ng->ival2 == CM_NEG_DEGREE) {
            *whole = true;
        } else if (ng && (ng->code == 1 || near_before)) {
            *negated = true;
            *whole = *whole || ng->ival2 == CM_NEG_WHOLE;
            if (ex->w) ex->w->tw.negation = ng;
        }
    }
    /* "None of the districts of Kunduz remain under government control" denies
     * the units inside, not that the side holds the place named */
    if (!*negated) *negated = *whole = negated_subject(ex, f->c0, f->tg);
    return CM_OK;
}

/* Active verbs and event nouns: the places after it (a noun: else before it),
 * the subject before (a noun: its agent), the side after the places. */
static void read_active(const extractor *ex, const frame *f, reading *r)
{
    size_t tg = f->tg, tend = f->tend, c0 = f->c0, c1 = f->c1, next = f->next_start;
    plist *pl = &r->pl;
    collect(ex, tend, next, tend, f->act, pl);
    /* "the fall of 24 districts around the country": the object is that
     * unnamed set, not a place before the noun */
    if (!pl->n && f->voice == CM_VOICE_NOUN && !pl->container && !unit_in(ex, tend, tend + 5 < next ? tend + 5 : next))
        collect_back(ex, f->prev_end, tg, f->act, pl);
    if (f->voice == CM_VOICE_NOUN) {
        r->actor = agent_in(ex, tend, c1);
        if (r->actor < 0) r->actor = between_in(ex, tend, c1);
        if (r->actor < 0) r->actor = actor_fwd(ex, tend, tend + 3 < c1 ? tend + 3 : c1, 0);
        if (r->actor < 0) r->actor = actor_back(ex, c0, tg, 0);
        /* "the council chief confirmed the fall of Panjwai": the subject of a
         * reporting verb is the source, not who took the place */
        if (r->actor >= 0 && ex->ac[r->actor].tok < tg && attribution_between(ex, ex->ac[r->actor].tok, tg))
            r->actor = -1;
    } else {
        if (f->first_trig < tg) r->actor = actor_back(ex, c0, f->first_trig, 0);
        if (r->actor < 0) r->actor = actor_back(ex, c0, tg, 0);
        /* verb-second languages: "Am Montag eroberten die Taliban Kundus" */
        if (r->actor < 0 && ex->v2) r->actor = actor_fwd(ex, tend, tend + 3 < next ? tend + 3 : next, 0);
    }
    /* object first (free word order: "Хост талибы взяли ещё в пятницу"): no
     * place after the verb, its subject right before it, and right before the
     * subject a place that no preposition governs */
    if (!pl->n && !pl->container && f->voice == CM_VOICE_ACTIVE && r->actor >= 0 &&
        ex->ac[r->actor].tok + ex->ac[r->actor].ntok == tg && ex->ac[r->actor].tok > f->prev_end) {
        size_t a0 = ex->ac[r->actor].tok;
        int32_t pk = ex->place_at[a0 - 1];
        if (pk >= 0 && ex->p[pk].tok + ex->p[pk].ntok == a0 && ex->p[pk].kind != CM_PLACE_COUNTRY &&
            ex->clause_of[ex->p[pk].tok] == f->ck) {
            collect_back(ex, f->prev_end, a0, f->act, pl); /* a list: "Хост и Гардез талибы взяли" */
            if (pl->n && hit_is(hit_ending(ex, pl->first_tok), CM_LEX_PLACEWORD)) pl->n = 0;
        }
    }
    /* the side it was taken from stands right after the places */
    size_t oe = pl->n ? pl->last_end + 5 : tend + 5;
    r->opp = actor_fwd(ex, tend, oe < next ? oe : next, 1);
    /* "drove the Taliban out of Kunduz", "طردت القوات الأفغانية مسلحي طالبان من
     * مدينة قندوز": the side driven out is the object, the first actor after
     * the verb that is not its subject */
    if (ex->from_target) {
        size_t lim = pl->n && pl->first_tok > tend ? pl->first_tok : next;
        int k = actor_fwd(ex, tend, lim, -1);
        if (k >= 0 && k == r->actor) k = actor_fwd(ex, ex->ac[k].tok + ex->ac[k].ntok, lim, -1);
        if (k >= 0) r->opp = k;
    }
}

/* Passive verbs and states: the subject before the verb (else after it), the
 * agent after it. */
/* Does a place follow token i, over place words ("of the"), before hi? */
static bool place_follows(const extractor *ex, size_t i, size_t hi)
{
    while (i < hi && i < ex->nt) {
        if (ex->place_at[i] >= 0) return true;
        const cm_lex_hit *h = hit_start(ex, i);
        if (!hit_is(h, CM_LEX_PLACEWORD) && !skippable(&ex->t[i])) return false;
        i += h ? h->ntok : 1;
    }
    return false;
}

static void read_passive(const extractor *ex, const frame *f, reading *r)
{
    size_t tg = f->tg, tend = f->tend, c1 = f->c1, next = f->next_start, prev = f->prev_end;
    plist *pl = &r->pl;
    collect_back(ex, prev, tg, f->act, pl);
    /* "Mazar-i-Sharif, the last city still under government control, fell":
     * the verb before lies in an apposition set off by commas; the subject
     * stands before its opening comma */
    size_t open = apposition_open(ex, f->c0, f->prev_start, tg);
    if (!pl->n && open) collect_back(ex, f->c0, open, f->act, pl);
    /* "Di distrik Boldak Kandahar, sebuah kota ... bernama Vesh direbut": a unit
     * noun after the comma with no comma closing it before the verb is the
     * subject; the places before the comma only set the scene ("Kunduz, a key
     * city, was taken" closes its apposition and keeps Kunduz) */
    if (pl->n && f->voice == CM_VOICE_PASSIVE && unit_subject_after(ex, pl->last_end, tg)) {
        pl->n = 0;
        pl->container = true;
    }
    /* the subject after the verb: "Am Sonntag fiel auch Sar-e Pol an die Taliban";
     * but with a unit noun before it ("Ein Bezirk nach dem anderen fiel in
     * Afghanistan") the subject is that unnamed unit */
    bool unit_subject = !pl->n && unit_in(ex, tg > prev + 5 ? tg - 5 : prev, tg);
    /* "In addition to the six fallen districts, Khan Abad ... was briefly
     * captured": a participle right before a unit noun that names no place
     * describes that noun; the places after it are the subject of the verb
     * that follows them ("The fallen districts are Obe, ..." has none) */
    const cm_lex_hit *uh = tend < ex->nt ? hit_start(ex, tend) : NULL;
    bool attributive = hit_is(uh, CM_LEX_UNIT) && !place_follows(ex, uh->tok + uh->ntok, next);
    for (size_t i = tend; attributive && i < f->s->t1; i++)
        if (hit_is(hit_start(ex, i), CM_LEX_ACTION)) break;
        else if (i + 1 == f->s->t1) attributive = false;
    if (!pl->n && f->voice == CM_VOICE_PASSIVE && !unit_subject && !attributive)
        collect(ex, tend, next, tend, f->act, pl);
    if (f->voice == CM_VOICE_PASSIVE) {
        r->actor = agent_in(ex, tend, c1);
        if (r->actor < 0) r->actor = actor_fwd(ex, tend, tend + 2 < c1 ? tend + 2 : c1, 0);
        /* "fiel am Sonntag an die Taliban": the side named after the verb */
        if (r->actor < 0) r->actor = actor_fwd(ex, tend, next, 0);
    } else {
        r->actor = actor_fwd(ex, tend, tend + 5 < c1 ? tend + 5 : c1, 0);
    }
    r->opp = actor_fwd(ex, tend, tend + 6 < next ? tend + 6 : next, 1);
}

/* Verb-final clauses: the actor before the verb, the places between them (or
 * before the actor). */
static void read_final(const extractor *ex, const frame *f, reading *r)
{
    size_t tg = f->tg, c0 = f->c0, prev = f->prev_end;
    plist *pl = &r->pl;
    r->actor = actor_back(ex, c0, tg, 0);
    /* a verb of expulsion: the actor nearest the verb is the side driven out
     * ("نیروهای دولتی طالبان را از قندوز بیرون راندند"); the one before it, if
     * any, the subject */
    int driven = -1;
    if (ex->from_target && r->actor >= 0) {
        driven = r->actor;
        r->actor = actor_back(ex, c0, ex->ac[driven].tok, 0);
    }
    size_t a0 = r->actor >= 0 ? ex->ac[r->actor].tok : c0;
    if (r->actor >= 0 && hit_is(hit_ending(ex, a0), CM_LEX_AGENT)) {
        collect(ex, prev, hit_ending(ex, a0)->tok, prev, f->act, pl);
    } else if (ex->verb_final) {
        final_places(ex, r->actor, prev, tg, f->act, pl);
    } else {
        /* the places between the actor (or the verb before) and the verb */
        size_t ae = r->actor >= 0 ? a0 + ex->ac[r->actor].ntok : prev;
        if (ae < prev) ae = prev;
        collect(ex, ae, tg, ae, f->act, pl);
        /* object before subject: "تالقان پر طالبان نے قبضہ کر لیا", "Kundus
         * haben die Taliban erobert" — the places just before the actor (a
         * postposition or an auxiliary between), never a country: "In
         * Afghanistan haben die Taliban ..." sets the scene */
        if (!pl->n && r->actor >= 0 && a0 > prev) {
            collect_back(ex, a0 > prev + 3 ? a0 - 3 : prev, a0, f->act, pl);
            size_t w = 0;
            for (size_t q = 0; q < pl->n; q++)
                if (ex->p[pl->idx[q]].kind != CM_PLACE_COUNTRY) pl->idx[w++] = pl->idx[q];
            pl->n = w;
        }
    }
    r->opp = driven >= 0 ? driven : actor_back(ex, c0, tg, 1);
}

/* A holder named only by the side it is free of ("bebas dari Taliban", "remains
 * free of the Taliban"): that side is the opponent. With no side named
 * ("Panjshir resists") the opponent is the side attacking — the first named
 * before it in the sentence, else in the paragraph — and *resist is set. */
static void read_against(const extractor *ex, const frame *f, reading *r, bool *resist)
{
    size_t tg = f->tg, tend = f->tend, next = f->next_start;
    *resist = false;
    int k = actor_fwd(ex, tend, tend + 3 < next ? tend + 3 : next, -1);
    if (k >= 0) {
        r->opp = k;
        if (r->actor == k) r->actor = -1;
    }
    if (r->opp < 0 && r->actor < 0) { /* "the NRF holds out": the subject right before the verb */
        int k2 = actor_back(ex, tg > f->c0 + 3 ? tg - 3 : f->c0, tg, 2);
        if (k2 >= 0 && ex->ac[k2].tok + ex->ac[k2].ntok + 2 >= tg) r->actor = k2;
    }
    if (r->opp >= 0 || r->actor >= 0) return;
    *resist = true;
    for (size_t q = (size_t)f->sk + 1; q-- > 0 && ex->s[q].para == f->s->para && r->opp < 0;) {
        size_t hi = q == (size_t)f->sk ? tg : ex->s[q].t1;
        for (size_t i = ex->s[q].t0; i < hi && r->opp < 0; i++) {
            int32_t a = ex->actor_at[i];
            if (a >= 0 && ex->ac[a].side > 0) r->opp = a;
        }
    }
}

/* The acting side when the clause names none: the sentence before the clause,
 * the sentence after the verb, the paragraph, the document. Sets *level and
 * *actor (the phrase that named it, for explain). */
static const char *nearest_side(const extractor *ex, const frame *f, const char *opp_cls, int *level, int *actor)
{
    const sent *s = f->s;
    int role = (f->act == CM_ACT_WITHDRAW || f->act == CM_ACT_FLEE) ? 0 : 2;
    int k = actor_back(ex, s->t0, f->c0, role);
    *level = 1;
    if (k < 0) k = actor_fwd(ex, f->c1, s->t1, role);
    /* a nominal event ("Perebutan X") belongs to whoever the text was talking
     * about: the last side named before it */
    if (k < 0 && f->voice == CM_VOICE_NOUN) {
        k = actor_back(ex, 0, s->t0, role);
        *level = 2;
    }
    if (k < 0) {
        *level = 2;
        size_t sa = (size_t)f->sk, sb = (size_t)f->sk;
        while (sa > 0 && ex->s[sa - 1].para == s->para) sa--;
        while (sb + 1 < ex->ns && ex->s[sb + 1].para == s->para) sb++;
        int kb = actor_back(ex, ex->s[sa].t0, s->t0, role);
        int kf = actor_fwd(ex, s->t1, ex->s[sb].t1, role);
        k = kb >= 0 ? kb : kf;
        if (kb >= 0 && kf >= 0 && ex->ac[kf].tok - s->t1 < s->t0 - ex->ac[kb].tok) k = kf;
    }
    if (k < 0) k = actor_back(ex, 0, s->t0, role);
    *actor = k;
    if (k >= 0) return ex->ac[k].cls;
    const char *d = dominant(ex, opp_cls);
    if (d) *level = 3;
    return d;
}

/* The sides of the claim: the actor's class and the opponent's, with how far
 * away the actor was found (0 clause, 1 sentence, 2 paragraph, 3 inferred).
 * false when a resisting place's sides are not named: no claim. May turn a
 * capture into a retake (capturing from a `retake_from` side). */
static bool sides_of(const extractor *ex, const frame *f, reading *r, bool resist, const char **actor_cls,
                     const char **opp_cls, int *level, cm_action *act)
{
    *actor_cls = r->actor >= 0 ? ex->ac[r->actor].cls : NULL;
    *opp_cls = r->opp >= 0 ? ex->ac[r->opp].cls : NULL;
    *level = r->actor >= 0 && ex->ac[r->actor].anaphor ? 1 : 0;
    if (resist && *opp_cls) {
        /* the other side named before it in the paragraph */
        size_t p0 = f->s->t0;
        for (size_t q = (size_t)f->sk; q > 0 && ex->s[q - 1].para == f->s->para; q--) p0 = ex->s[q - 1].t0;
        for (size_t i = f->tg; i > p0 && !*actor_cls; i--) {
            int32_t a = ex->actor_at[i - 1];
            if (a >= 0 && ex->ac[a].side > 0 && strcmp(ex->ac[a].cls, *opp_cls)) *actor_cls = ex->ac[a].cls;
        }
        *level = 3;
    }
    if (!*actor_cls && *opp_cls && !resist &&
        (*act == CM_ACT_HOLD || *act == CM_ACT_RETAKE || *act == CM_ACT_CAPTURE)) {
        *actor_cls = other_side(ex, f->tg, *opp_cls);
        *level = 3;
    }
    if (resist && !*actor_cls) return false;
    if (!*actor_cls) {
        *actor_cls = nearest_side(ex, f, *opp_cls, level, &r->actor);
        /* "Officials confirmed the fall of X": the state named before, in
         * the context and not in the clause, is as a rule the side that lost
         * X (a state retakes; the lexicons say so). A capture takes the
         * state as its captor only from its own clause. */
        int sd = r->actor >= 0 ? ex->ac[r->actor].side : 0;
        if (*act == CM_ACT_CAPTURE && sd > 0 && cm_profile_ctrl_state(cm_lexicon_profile(ex->in->lex), (cm_controller)sd)) {
            *actor_cls = NULL;
            r->actor = -1;
        }
    }
    /* "They drove the Taliban from X": a pronoun that would be the side driven
     * out is the other one */
    if (ex->from_target && r->actor >= 0 && ex->ac[r->actor].anaphor && *opp_cls && *actor_cls &&
        !strcmp(*actor_cls, *opp_cls)) {
        *actor_cls = other_side(ex, f->tg, *opp_cls);
        *level = 3;
    }
    if (*actor_cls && *opp_cls && !strcmp(*actor_cls, *opp_cls)) *opp_cls = NULL;
    if (*act == CM_ACT_CAPTURE && *opp_cls && *actor_cls) {
        size_t nr;
        const cm_lex_entry *const *rf = cm_lexicon_entries(ex->in->lex, CM_LEX_RETAKE_FROM, &nr);
        for (size_t q = 0; q < nr; q++)
            if (!strcmp(rf[q]->sval, *opp_cls)) *act = CM_ACT_RETAKE;
    }
    return true;
}

/* "Kabul, the last city not controlled by the Taliban", "the Taliban do not
 * control Kabul": a side named as not holding a whole place says that the side
 * opposite it holds that place, as "remains free of the Taliban" does. Not when
 * only part of the place is meant (a partial word in the clause; the caller
 * leaves out a negation of the whole: "not fully") nor when no other side is
 * named in the text. */
static void not_held_by(extractor *ex, const frame *f, reading *r, const char **actor_cls, const char **opp_cls,
                        int *level, bool *negated)
{
    if (r->actor < 0 || ex->ac[r->actor].side <= 0 || *level > 1 || r->pl.partial) return;
    for (size_t i = f->c0; i < f->c1; i++)
        if (hit_is(hit_start(ex, i), CM_LEX_PARTIAL)) return;
    const char *o = other_side(ex, f->tg, *actor_cls);
    if (!o) return;
    *opp_cls = *actor_cls;
    *actor_cls = o;
    *level = 3;
    r->actor = -1;
    *negated = false;
    if (ex->w) ex->w->tw.negation = NULL;
}

static cm_status trigger(extractor *ex, size_t hk)
{
    frame f;
    const cm_lex_entry *e = cm_lex_hit_get(&ex->h[hk], CM_LEX_ACTION);
    if (ex->s[ex->sent_of[ex->h[hk].tok]].skip || e->code < 0 || e->code >= CM_ACT_COUNT) return CM_OK;
    frame_of(ex, hk, &f);
    if (ex->w) why_begin(ex, hk);
    ex->from_target = e->ival2 == CM_ACTF_FROM_TARGET;
    bool negated, irrealis, whole;
    cm_status st = modality(ex, &f, &irrealis, &negated, &whole);
    if (st || irrealis) return st;
    bool hedged = false;
    for (size_t i = f.s->t0; i < f.s->t1 && !hedged; i++) hedged = hit_is(hit_start(ex, i), CM_LEX_HEDGE);

    /* places and actor by voice */
    reading r = {.actor = -1, .opp = -1};
    if (f.voice == CM_VOICE_ACTIVE || f.voice == CM_VOICE_NOUN) read_active(ex, &f, &r);
    else if (f.voice == CM_VOICE_PASSIVE || f.voice == CM_VOICE_STATE) read_passive(ex, &f, &r);
    else if (f.voice == CM_VOICE_FINAL) read_final(ex, &f, &r);
    else return CM_OK;
    /* no place named: the object may be a set of units named later ("six
     * districts ... The districts are A, B") */
    bool unnamed = false;
    int set_level = CM_UNIT_COUNTRY + 1; /* the level of the units it names later */
    if (!r.pl.n) {
        if (f.voice == CM_VOICE_PASSIVE || f.voice == CM_VOICE_STATE)
            set_level = unit_level_in(ex, f.tg > f.prev_end + 5 ? f.tg - 5 : f.prev_end, f.tg);
        else
            set_level = unit_level_in(ex, f.tend, f.tend + 8 < f.next_start ? f.tend + 8 : f.next_start);
        unnamed = r.pl.container || set_level <= CM_UNIT_COUNTRY;
        if (!unnamed) return CM_OK;
    }
    bool resist = false;
    if (e->ival2 == CM_ACTF_AGAINST) read_against(ex, &f, &r, &resist);
    const char *actor_cls, *opp_cls;
    int actor_level;
    cm_action act = f.act;
    if (!sides_of(ex, &f, &r, resist, &actor_cls, &opp_cls, &actor_level, &act)) return CM_OK;
    if (negated && !whole && act == CM_ACT_HOLD) not_held_by(ex, &f, &r, &actor_cls, &opp_cls, &actor_level, &negated);

    if (ex->w) why_actor(ex, r.actor, actor_level, opp_cls, act);
    const cm_token *t = ex->t;
    const sent *s = f.s;
    cm_claim c = {0};
    c.sent_off = t[s->t0].off;
    c.sent_len = t[s->t1 - 1].off + t[s->t1 - 1].len - c.sent_off;
    c.trig_off = t[f.tg].off;
    c.trig_len = t[f.h->tok + f.h->ntok - 1].off + t[f.h->tok + f.h->ntok - 1].len - c.trig_off;
    c.actor = actor_cls;
    c.opponent = opp_cls;
    c.action = act;
    c.negated = negated;
    c.hedged = hedged;
    c.partial = r.pl.partial;
    c.asserted_by = attribution(ex, (size_t)f.sk);
    c.date = CM_DAY_NONE;
    uint8_t ds = pick_date(ex, f.tg, act, &c);
    if (unnamed) {
        ex->has_pend = !negated;
        ex->pend = c;
        ex->pend_ds = ds;
        ex->pend_trig = f.tg;
        ex->pend_level = actor_level;
        ex->pend_set = set_level;
        if (ex->w) why_pending(ex);
        return CM_OK;
    }
    ex->has_pend = false;
    return place_claims(ex, &c, &r.pl, ds, f.tg, actor_level);
}

/* The places named after an `enum` phrase at hit hk ("including A and B", "The
 * districts are A, B") take the waiting claim on a set of unnamed units, when
 * that claim is at most two sentences back. */
static cm_status enumeration(extractor *ex, size_t hk)
{
    const cm_lex_hit *h = &ex->h[hk];
    if (!ex->has_pend || ex->pend_trig > h->tok) return CM_OK;
    if (ex->sent_of[h->tok] - ex->sent_of[ex->pend_trig] > 2) {
        ex->has_pend = false;
        return CM_OK;
    }
    size_t sk = (size_t)ex->sent_of[h->tok];
    const sent *s = &ex->s[sk];
    size_t from = h->tok + h->ntok;
    /* the members have a verb of their own after them ("11 districts were
     * retaken, but five of them -- A, B -- have fallen again"): when it says
     * another thing of them than the set's claim, they are its subject, and
     * the set's claim names none of them */
    for (size_t k = hk + 1; k < ex->nh && ex->h[k].tok < s->t1; k++) {
        const cm_lex_entry *e = ex->hit_off[k] ? NULL : cm_lex_hit_get(&ex->h[k], CM_LEX_ACTION);
        if (e && (e->voice == CM_VOICE_PASSIVE || e->voice == CM_VOICE_STATE) &&
            (cm_action)e->code != ex->pend.action) {
            bool named = false; /* a place between the cue and the verb */
            for (size_t i = from; i < ex->h[k].tok && !named; i++) named = ex->place_at[i] >= 0;
            if (named) {
                ex->has_pend = false;
                return CM_OK;
            }
        }
    }
    plist pl;
    ex->from_target = false;
    collect(ex, from, s->t1, from, ex->pend.action, &pl);
    members_only(ex, &pl);
    if (pl.n && pl.first_tok <= from + 4) {
        ex->has_pend = false;
        if (ex->w) why_enumerated(ex, hk);
        return place_claims(ex, &ex->pend, &pl, ex->pend_ds, ex->pend_trig, ex->pend_level);
    }
    /* the cue ends its sentence ("... the provinces that fell:"): a list follows */
    if (from + 1 < s->t1) return CM_OK;
    ex->has_pend = false;
    if (ex->w) why_enumerated(ex, hk);
    return list_items(ex, sk + 1);
}

/* A sentence that is an item of a list, and how it is marked: it opens with a
 * number and a dot or parenthesis (1), a dash or a bullet (2), or is short and
 * names a place (3), and has no action word of its own; 0 when it is none. */
static int list_item(const extractor *ex, const sent *s)
{
    if (s->t1 - s->t0 > 16) return 0;
    for (size_t i = s->t0; i < s->t1; i++)
        if (hit_is(hit_start(ex, i), CM_LEX_ACTION)) return 0;
    const cm_token *t = &ex->t[s->t0];
    if (t->kind == CM_TOK_NUM && s->t0 + 1 < s->t1 &&
        (punct(&ex->t[s->t0 + 1], '.') || punct(&ex->t[s->t0 + 1], ')')))
        return 1;
    if (dash(t) || punct(t, '*') || !strcmp(t->key, "\xe2\x80\xa2")) return 2; /* - * • */
    for (size_t i = s->t0; i < s->t1; i++)
        if (ex->place_at[i] >= 0) return 3;
    return 0;
}

/* The date an item of a list writes itself ("(6 Agustus)"): its index in ex->d, or -1. */
static int item_date(const extractor *ex, const sent *s)
{
    for (size_t k = 0; k < ex->nd; k++) {
        const cm_date_ref *d = &ex->d[k];
        if (d->tok >= s->t0 && d->tok < s->t1 && !d->future && !d->year_only && d->precision > 0) return (int)k;
    }
    return -1;
}

/* The items of a list after a claim on an unnamed set ("berikut daftar 18
 * provinsi yang jatuh ke tangan Taliban:" then "1. Provinsi Zaranj (6 Agustus)"):
 * each item's places take the claim, dated by the item's own date when it
 * has one. When other items write their dates, one that writes none (or one
 * the reader can't make out: "(6 Agustu") has an unknown date, not the list's. */
static cm_status list_items(extractor *ex, size_t sk)
{
    /* the items are marked as the first is: a sentence after a numbered list
     * ("Taloqan ... was the third to fall.") is no item */
    size_t end = sk;
    bool dated = false;
    int mark = sk < ex->ns ? list_item(ex, &ex->s[sk]) : 0;
    for (size_t n = 0; end < ex->ns && n < 64 && mark; end++, n++) {
        int m = list_item(ex, &ex->s[end]);
        /* a number that ends the sentence before opens this item ("… (Aug. 6) 2.") */
        const sent *p = end > sk ? &ex->s[end - 1] : NULL;
        if (m && mark == 1 && p && p->t1 - p->t0 >= 2 && ex->t[p->t1 - 2].kind == CM_TOK_NUM &&
            punct(&ex->t[p->t1 - 1], '.'))
            m = 1;
        if (m != mark) break;
        dated = dated || item_date(ex, &ex->s[end]) >= 0;
    }
    for (; sk < end; sk++) {
        const sent *s = &ex->s[sk];
        plist pl;
        collect(ex, s->t0, s->t1, s->t0, ex->pend.action, &pl);
        members_only(ex, &pl);
        if (!pl.n) continue;
        cm_claim c = ex->pend;
        uint8_t ds = ex->pend_ds;
        int k = item_date(ex, s);
        if (k >= 0) {
            const cm_date_ref *d = &ex->d[k];
            c.date = d->day;
            c.date_precision = d->precision;
            c.date_off = d->off;
            c.date_len = d->len;
            c.date_source = "clause";
            ds = DS_OWN;
        } else if (dated) {
            c.date = CM_DAY_NONE;
            c.date_precision = 0;
            c.date_off = c.date_len = 0;
            c.date_source = NULL;
            ds = DS_OWN;
        }
        c.sent_off = ex->t[s->t0].off;
        c.sent_len = ex->t[s->t1 - 1].off + ex->t[s->t1 - 1].len - c.sent_off;
        cm_status st = place_claims(ex, &c, &pl, ds, s->t0, ex->pend_level);
        if (st) return st;
    }
    return CM_OK;
}

/* The controller a claim gives its place: capture, retake and hold give the
 * actor's side, fighting makes a town or district contested. Nothing repaints
 * a unit on evidence that is not about that unit as a whole: a partial object,
 * a place the event was only near, fighting reported somewhere in the country.
 * (Whether a province's claim reaches its districts is the timeline's rule.) */
static const char *ruled(const char **rule, const char *why, const char *controller)
{
    *rule = why; /* for --explain */
    return controller;
}

static const char *controller_of(const cm_profile *prof, const cm_claim *c, const place_m *p, const char **rule)
{
    bool settles = c->action == CM_ACT_CAPTURE || c->action == CM_ACT_RETAKE || c->action == CM_ACT_HOLD;
    bool fight = c->action == CM_ACT_SIEGE || c->action == CM_ACT_ATTACK || c->action == CM_ACT_CLASH;
    if (c->partial) return ruled(rule, "only part of the place: no paint", NULL);
    if (c->near) return ruled(rule, "only near the place: no paint", NULL);
    if (p->kind == CM_PLACE_PPL && prof && cm_profile_layer_of(prof, CM_ROLE_UNIT)->towns_point)
        return ruled(rule, "a town does not stand for its unit (profile: towns=point): no paint", NULL);
    if (settles && territorial(prof, c->actor))
        return ruled(rule, "taken or held by a side that holds ground", c->actor);
    if (settles)
        return ruled(rule, c->actor ? "the actor holds no ground: no paint" : "no actor: no paint", NULL);
    if (!fight) return ruled(rule, "a withdrawal or flight leaves it to nobody", NULL);
    if (p->kind == CM_PLACE_COUNTRY)
        return ruled(rule, "fighting somewhere in the country paints nothing", NULL);
    /* a group that holds no ground (a bombing by ISIS-K) contests nothing */
    if (c->actor && !territorial(prof, c->actor) && !territorial(prof, c->opponent))
        return ruled(rule, "a group that holds no ground contests nothing", NULL);
    return ruled(rule, "fighting makes it contested", "contested");
}

/* An enumeration names members of the set, not what contains them: in "five of
 * them -- Yaftal in Badakhshan, Chakhansur in Nimroz" the provinces are where
 * the districts lie, even when a district's name was not found. */
static void members_only(const extractor *ex, plist *pl)
{
    size_t w = 0;
    for (size_t q = 0; q < pl->n; q++) {
        const place_m *p = &ex->p[pl->idx[q]];
        /* a member its own unit noun names ("daerah penting, yakni Distrik
         * Panjwai"): a vague set of areas may hold a district */
        const cm_lex_hit *h = p->anaphor ? NULL : hit_ending(ex, p->tok);
        const cm_lex_entry *u = h ? cm_lex_hit_get(h, CM_LEX_UNIT) : NULL;
        bool named = u && u->code == place_level(p) && ex->pend_set == CM_UNIT_SUB;
        if (place_level(p) <= ex->pend_set || named) pl->idx[w++] = pl->idx[q];
    }
    pl->n = w;
}

/* One claim per place of the list, from the claim template c. */
static cm_status place_claims(extractor *ex, const cm_claim *c, const plist *pl, uint8_t ds, size_t tg,
                              int actor_level)
{
    const sent *s = &ex->s[ex->sent_of[tg]];
    cm_status st = CM_OK;
    for (size_t q = 0; q < pl->n; q++) {
        const place_m *p = &ex->p[pl->idx[q]];
        cm_claim d = *c;
        d.place_off = p->off;
        d.place_len = p->len;
        d.surface = p->surface;
        d.place = p->name;
        d.pcode = p->pcode;
        d.province = p->province ? p->province : "";
        d.kind = p->kind;
        d.lat = p->lat;
        d.lon = p->lon;
        d.near = marked(ex, p->tok, CM_LEX_NEAR, s->t0);
        const char *rule;
        d.controller = controller_of(cm_lexicon_profile(ex->in->lex), &d, p, &rule);
        if (ex->w && (st = why_claim(ex, &d, (size_t)pl->idx[q], rule))) return st;
        bool unit = p->kind == CM_PLACE_DISTRICT || p->kind == CM_PLACE_PPL;
        d.geo_precision = unit ? ((d.near || d.partial) ? 2 : 1) : 3;
        if (p->kind == CM_PLACE_OTHER) d.geo_precision = 2;
        double conf = 0.9 * (0.6 + 0.4 * (p->conf > 0 ? (p->conf < 1 ? p->conf : 1) : 0.5));
        if (p->anaphor) conf *= 0.85;
        if (!d.actor) conf *= 0.5;
        else if (actor_level == 2) conf *= 0.85;
        else if (actor_level == 3) conf *= 0.75;
        if (d.hedged) conf *= 0.6;
        if (d.partial || d.near) conf *= 0.9;
        d.confidence = conf;
        if ((st = push_claim(ex, &d, ds, tg))) return st;
    }
    return CM_OK;
}

/* ---- after all claims: related dates, publication date, superseded fights --- */

static bool related_units(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    return la <= lb ? !strncmp(a, b, la) : !strncmp(a, b, lb);
}

static bool same_str(const char *a, const char *b)
{
    return a == b || (a && b && !strcmp(a, b));
}

/* How far (in claims, each way) a claim looks for a related one: documents
 * are articles; a bound keeps a huge document linear. */
#define RELATED_WINDOW 32

/* Is claim j's trigger an event noun ("the fall of Panjshir", "jatuhnya Panjshir")? */
static bool noun_event(const extractor *ex, size_t j)
{
    int32_t k = ex->hit_at[ex->ctrig[j]];
    if (k < 0 || ex->h[k].tok != ex->ctrig[j]) return false;
    const cm_lex_entry *e = cm_lex_hit_get(&ex->h[k], CM_LEX_ACTION);
    return e && e->voice == CM_VOICE_NOUN;
}

/* A claim whose sentence frames it by another claim's event noun ("With the
 * fall of Panjshir, the Taliban control Afghanistan", "Dengan jatuhnya
 * Panjshir, Taliban telah mengontrol Afghanistan") happened when that event
 * did: without a date in its own clause or sentence it takes the event's date,
 * not the paragraph's last date or a related claim's. */
static void framed_dates(extractor *ex)
{
    for (size_t i = 0; i < ex->nc; i++) {
        cm_claim *c = &ex->c[i];
        if (!c->date_source || !strcmp(c->date_source, "clause") || !strcmp(c->date_source, "sentence"))
            continue;
        int32_t cs = ex->sent_of[ex->ctrig[i]];
        for (size_t j = 0; j < ex->nc; j++) {
            cm_claim *o = &ex->c[j];
            if (ex->sent_of[ex->ctrig[j]] != cs || ex->ctrig[j] == ex->ctrig[i] || !noun_event(ex, j) ||
                ex->ctrig[j] > ex->ctrig[i] || !o->date_source)
                continue;
            /* the framing event itself is dated by the paragraph only when the
             * sentence of that date reported something on its unit */
            if (!strcmp(o->date_source, "paragraph") && ex->in->published != CM_DAY_NONE) {
                int32_t ds = ex->sent_of[tok_at_or_after(ex, o->date_off)];
                bool related = false;
                for (size_t q = 0; q < ex->nc && !related; q++)
                    related = ex->sent_of[ex->ctrig[q]] == ds && related_units(ex->c[q].pcode, o->pcode);
                if (!related) {
                    o->date = ex->in->published;
                    o->date_precision = CM_DPREC_WEEK;
                    o->date_off = o->date_len = 0;
                    o->date_source = "published";
                }
            }
            c->date = o->date;
            c->date_precision = o->date_precision;
            c->date_off = o->date_off;
            c->date_len = o->date_len;
            c->date_source = o->date_source;
            /* the whole country needs a date of its own (see finish) */
            if (c->kind == CM_PLACE_COUNTRY && !strcmp(c->date_source, "published")) c->controller = NULL;
            break;
        }
    }
}

static void finish(extractor *ex)
{
    const cm_claim_input *in = ex->in;
    size_t undated = 0;
    for (size_t i = 0; i < ex->nc; i++) {
        cm_claim *c = &ex->c[i];
        if (ex->dstate[i] == DS_HISTORIC) {
            /* "fell to the Taliban in 2015": history, not who holds it now */
            c->date = CM_DAY_NONE;
            c->date_precision = 0;
            c->date_source = NULL;
            c->controller = NULL;
            continue;
        }
        if (ex->dstate[i] != DS_PENDING) continue;
        /* the nearest related dated claim, looking outward from this one (in
         * text order) within RELATED_WINDOW claims each way */
        int best = -1;
        for (size_t step = 1; step <= RELATED_WINDOW && best < 0; step++) {
            for (int dir = 0; dir < 2 && best < 0; dir++) {
                if (dir == 0 ? step > i : i + step >= ex->nc) continue;
                size_t j = dir == 0 ? i - step : i + step;
                const cm_claim *o = &ex->c[j];
                if (ex->dstate[j] != DS_OWN || !c->actor || o->negated || !same_str(o->actor, c->actor) ||
                    !same_str(o->controller, c->controller) || o->negated ||
                    !related_units(o->pcode, c->pcode))
                    continue;
                best = (int)j;
            }
            if (step > i && i + step >= ex->nc) break;
        }
        if (best >= 0) {
            c->date = ex->c[best].date;
            c->date_precision = ex->c[best].date_precision;
            c->date_off = ex->c[best].date_off;
            c->date_len = ex->c[best].date_len;
            c->date_source = "related";
            c->confidence *= 0.95;
        } else if (in->published != CM_DAY_NONE) {
            c->date = in->published;
            c->date_precision = CM_DPREC_WEEK;
            c->date_source = "published";
            c->confidence *= 0.9;
            /* a claim on the whole country repaints hundreds of districts: it
             * must carry a date of its own ("when Afghanistan fell" in a later
             * report is background, not news of that day) */
            if (c->kind == CM_PLACE_COUNTRY) c->controller = NULL;
        } else {
            undated++;
        }
    }
    framed_dates(ex);
    if (undated && in->ctx)
        cm_diag(in->ctx, "%s: %zu undated claim%s (no date in the text, no publication date)",
                in->doc_id ? in->doc_id : "?", undated, undated > 1 ? "s" : "");
    for (size_t i = 0; i < ex->nc; i++) {
        cm_claim *c = &ex->c[i];
        if (!c->controller || strcmp(c->controller, "contested") || c->partial) continue;
        if (c->action != CM_ACT_SIEGE && c->action != CM_ACT_ATTACK && c->action != CM_ACT_CLASH)
            continue;
        size_t j0 = i > RELATED_WINDOW ? i - RELATED_WINDOW : 0;
        size_t j1 = i + RELATED_WINDOW < ex->nc ? i + RELATED_WINDOW : ex->nc;
        for (size_t j = j0; j < j1; j++) {
            const cm_claim *o = &ex->c[j];
            if (o->date != c->date || c->date == CM_DAY_NONE || o->negated || !o->controller) continue;
            if (o->controller == c->controller || !strcmp(o->controller, "contested")) continue;
            if (strcmp(o->pcode, c->pcode)) continue;
            c->controller = NULL;
            break;
        }
    }
    /* "X, the last city still under government control, fell to the Taliban":
     * a hold in the sentence that reports the place taken by another side is
     * the state before; it paints nothing */
    for (size_t i = 0; i < ex->nc; i++) {
        cm_claim *c = &ex->c[i];
        if (c->action != CM_ACT_HOLD || !c->controller) continue;
        for (size_t j = 0; j < ex->nc; j++) {
            const cm_claim *o = &ex->c[j];
            if (o->sent_off != c->sent_off || strcmp(o->pcode, c->pcode) || o->negated || !o->controller ||
                (o->action != CM_ACT_CAPTURE && o->action != CM_ACT_RETAKE) || !strcmp(o->controller, c->controller))
                continue;
            c->controller = NULL;
            break;
        }
    }
    for (size_t i = 0; i < ex->nc; i++)
        ex->c[i].confidence = floor(ex->c[i].confidence * 100 + 0.5) / 100;
}

/* ---- explain: why each claim says what it says, why places gave none ------------
 * Only in explain mode (ex->w): the hooks above record what the reading decided
 * and this section names the lexicon entries behind it. Nothing here decides
 * a claim; when a rule above changes, only the words of an explanation may. */

static void why_span(const extractor *ex, size_t tok, size_t ntok, size_t *off, size_t *len)
{
    *off = ex->t[tok].off;
    *len = ex->t[tok + ntok - 1].off + ex->t[tok + ntok - 1].len - *off;
}

static void why_add(const extractor *ex, const why_n *n)
{
    xwhy *w = ex->w;
    if (w->nnotes == w->cnotes) {
        size_t ncap = w->cnotes ? w->cnotes * 2 : 32;
        why_n *nn = cm_arena_calloc(ex->a, ncap, sizeof *nn);
        if (!nn) {
            w->nomem = true;
            return;
        }
        if (w->nnotes) memcpy(nn, w->notes, w->nnotes * sizeof *nn);
        w->notes = nn;
        w->cnotes = ncap;
    }
    w->notes[w->nnotes++] = *n;
}

static cm_status why_alloc(extractor *ex)
{
    ex->w->claimed = cm_arena_calloc(ex->a, ex->np ? ex->np : 1, sizeof *ex->w->claimed);
    ex->w->waits = cm_arena_calloc(ex->a, ex->ns ? ex->ns : 1, 1);
    return ex->w->claimed && ex->w->waits ? CM_OK : CM_NOMEM;
}

static void why_begin(extractor *ex, size_t hk)
{
    ex->w->trig = hk;
    ex->w->tw = (cm_claim_why){.trigger = cm_lex_hit_get(&ex->h[hk], CM_LEX_ACTION)};
}

/* The places of clause [c0, c1), whose action the irrealis word at token `at` made unreal. */
static cm_status why_clause(extractor *ex, size_t c0, size_t c1, const cm_lex_entry *ir, size_t at)
{
    why_n n = {.reason = CM_MISS_IRREALIS, .e = ir, .trig = ex->w->trig};
    why_span(ex, at, ex->h[ex->hit_at[at]].ntok, &n.word_off, &n.word_len);
    for (size_t i = c0; i < c1; i++) {
        int32_t pk = ex->place_at[i];
        for (size_t k = pk < 0 ? ex->np : (size_t)pk; k < ex->np && ex->p[k].tok == i; k++) {
            n.k = k;
            why_add(ex, &n);
        }
    }
    return CM_OK;
}

/* How the actor at index `actor` (or none) was found, from where it stands. */
static const char *why_actor_how(const extractor *ex, int actor, int level, const char *opp, cm_action act)
{
    size_t tg = ex->h[ex->w->trig].tok;
    if (actor < 0) {
        bool settles = act == CM_ACT_CAPTURE || act == CM_ACT_RETAKE || act == CM_ACT_HOLD;
        if (level != 3) return NULL;
        return opp && settles ? "inferred from the opponent" : "the side the text names most";
    }
    const actor_m *a = &ex->ac[actor];
    if (a->anaphor) return "anaphor for the last actor named";
    if (level == 0 && a->tok < tg) return "subject before the verb";
    size_t j = a->tok;
    while (j > 0 && skippable(&ex->t[j - 1])) j--;
    if (level == 0 && hit_is(hit_ending(ex, j), CM_LEX_AGENT)) return "passive agent";
    if (level == 0) return "after the verb";
    const sent *s = &ex->s[ex->sent_of[tg]], *as = &ex->s[ex->sent_of[a->tok]];
    if (s == as) return "sentence";
    return as->para == s->para ? "paragraph" : "document";
}

static void why_actor(extractor *ex, int actor, int level, const char *opp, cm_action act)
{
    cm_claim_why *w = &ex->w->tw;
    w->actor_how = why_actor_how(ex, actor, level, opp, act);
    if (actor < 0) return;
    const actor_m *a = &ex->ac[actor];
    int32_t hk = ex->hit_at[a->tok];
    w->actor = hk >= 0 ? cm_lex_hit_get(&ex->h[hk], CM_LEX_ACTOR) : NULL;
    why_span(ex, a->tok, a->ntok, &w->actor_off, &w->actor_len);
}

static void why_pending(extractor *ex)
{
    ex->w->pend_why = ex->w->tw;
    ex->w->waits[ex->sent_of[ex->pend_trig]] = 1;
}

static void why_enumerated(extractor *ex, size_t hk)
{
    ex->w->tw = ex->w->pend_why;
    ex->w->tw.enumeration = cm_lex_hit_get(&ex->h[hk], CM_LEX_ENUM);
    ex->w->waits[ex->sent_of[ex->pend_trig]] = 2;
}

/* The unit noun after place k that unit_after() saw: the first within 8 tokens. */
static const cm_lex_hit *why_unit_after(const extractor *ex, size_t k)
{
    size_t i = ex->p[k].tok + ex->p[k].ntok;
    for (size_t end = i + 8; i < end && i < ex->nt; i++)
        if (hit_is(hit_start(ex, i), CM_LEX_UNIT)) return hit_start(ex, i);
    return NULL;
}

/* The words that made place k a container, in container()'s order: a unit noun
 * heading the object, the country after a place word, a unit noun after it, a
 * unit noun before it, a smaller place before it; none: the rest of a
 * container's list. */
static void why_container(const extractor *ex, size_t k, size_t olo, why_n *n)
{
    const place_m *p = &ex->p[k];
    size_t lo = ex->s[ex->sent_of[p->tok]].t0, at;
    int level;
    const cm_lex_hit *h = head_unit(ex, p->tok, olo, &level);
    cm_lex_kind kind = CM_LEX_UNIT;
    if (!h || level >= place_level(p)) {
        h = hit_ending(ex, p->tok);
        kind = CM_LEX_PLACEWORD;
        if (p->kind != CM_PLACE_COUNTRY || !hit_is(h, kind)) h = NULL;
    }
    if (!h && unit_after(ex, k)) h = why_unit_after(ex, k), kind = CM_LEX_UNIT;
    if (!h && unit_before(ex, p->tok, lo, &at)) h = hit_start(ex, at), kind = CM_LEX_UNIT;
    if (h) {
        n->e = cm_lex_hit_get(h, kind);
        why_span(ex, h->tok, h->ntok, &n->word_off, &n->word_len);
        return;
    }
    bool comma, unknown;
    int q = place_before(ex, p->tok, lo, &comma, &unknown);
    if (q >= 0) {
        n->word_off = ex->p[q].off;
        n->word_len = ex->p[q].len;
    }
}

/* Place k passed over for reason r: the word behind it (read as collect reads). */
static void why_note(const extractor *ex, size_t k, cm_miss_reason r, size_t lo, size_t olo)
{
    const place_m *p = &ex->p[k];
    why_n n = {.k = k, .reason = r, .trig = ex->w->trig};
    cm_lex_kind kind = r == CM_MISS_REF ? CM_LEX_REF : CM_LEX_FROM;
    const cm_lex_hit *h = r == CM_MISS_REF || r == CM_MISS_FROM ? marked_hit(ex, p->tok, kind, lo) : NULL;
    if (!h && r == CM_MISS_REF) { /* "the road between Kabul and Jalalabad" */
        kind = CM_LEX_BETWEEN;
        h = marked_hit(ex, p->tok, kind, lo);
    }
    if (h) {
        n.e = cm_lex_hit_get(h, kind);
        why_span(ex, h->tok, h->ntok, &n.word_off, &n.word_len);
    }
    if (r == CM_MISS_CONTAINER) why_container(ex, k, olo, &n);
    why_add(ex, &n);
}

static void why_contains(const extractor *ex, size_t k, size_t other)
{
    why_n n = {.k = k, .reason = CM_MISS_CONTAINS, .trig = ex->w->trig,
               .word_off = ex->p[other].off, .word_len = ex->p[other].len};
    why_add(ex, &n);
}

/* The first hit of kind in tokens [lo, hi), or NULL. */
static const cm_lex_hit *why_first(const extractor *ex, size_t lo, size_t hi, cm_lex_kind kind)
{
    for (size_t i = lo; i < hi; i++)
        if (hit_is(hit_start(ex, i), kind)) return hit_start(ex, i);
    return NULL;
}

/* The why of claim d on place k: the trigger's, with the place's own words. */
static cm_status why_claim(extractor *ex, cm_claim *d, size_t k, const char *rule)
{
    cm_claim_why *w = cm_arena_alloc(ex->a, sizeof *w);
    if (!w) return CM_NOMEM;
    *w = ex->w->tw;
    w->controller_rule = rule;
    const place_m *p = &ex->p[k];
    const sent *s = &ex->s[ex->sent_of[p->tok]];
    const cm_lex_hit *nh = d->near ? marked_hit(ex, p->tok, CM_LEX_NEAR, s->t0) : NULL;
    w->near = nh ? cm_lex_hit_get(nh, CM_LEX_NEAR) : NULL;
    const cm_lex_hit *ph = d->partial ? why_first(ex, s->t0, s->t1, CM_LEX_PARTIAL) : NULL;
    w->partial = ph ? cm_lex_hit_get(ph, CM_LEX_PARTIAL) : NULL;
    ex->w->claimed[k] = true;
    d->why = w;
    return CM_OK;
}

/* The date ref written at byte off, or NULL. */
static const cm_date_ref *why_date_at(const extractor *ex, size_t off)
{
    size_t lo = 0, hi = ex->nd;
    while (lo < hi) {
        size_t m = (lo + hi) / 2;
        if (ex->d[m].off < off) lo = m + 1;
        else hi = m;
    }
    return lo < ex->nd && ex->d[lo].off == off ? &ex->d[lo] : NULL;
}

/* What finish() did to claim i, and the words found after the fact: the date
 * rule, the hedge, the attribution, the retake_from class. */
static void why_after(extractor *ex, size_t i)
{
    const cm_claim *c = &ex->c[i];
    cm_claim_why *w = (cm_claim_why *)c->why; /* ours: allocated by why_claim */
    const cm_date_ref *dr = c->date_len ? why_date_at(ex, c->date_off) : NULL;
    w->date_rule = dr ? dr->rule : NULL;
    if (ex->dstate[i] == DS_HISTORIC)
        w->controller_rule = "a historic date (a year alone): no paint";
    else if (!c->controller && w->controller_rule && !strcmp(w->controller_rule, "fighting makes it contested"))
        w->controller_rule = "the fighting that decided a capture, retake or hold of the same unit "
                             "on the same day: no paint";
    const sent *s = &ex->s[ex->sent_of[ex->ctrig[i]]];
    const cm_lex_hit *h = c->hedged ? why_first(ex, s->t0, s->t1, CM_LEX_HEDGE) : NULL;
    w->hedge = h ? cm_lex_hit_get(h, CM_LEX_HEDGE) : NULL;
    h = NULL;
    if (c->asserted_by && strcmp(c->asserted_by, "reporter"))
        for (size_t k = (size_t)ex->sent_of[ex->ctrig[i]]; k < ex->ns && !h && ex->s[k].para == s->para; k++)
            h = why_first(ex, ex->s[k].t0, ex->s[k].t1, CM_LEX_ATTRIBUTION);
    w->attribution = h ? cm_lex_hit_get(h, CM_LEX_ATTRIBUTION) : NULL;
    if (c->action == CM_ACT_RETAKE && w->trigger && w->trigger->code == CM_ACT_CAPTURE && c->opponent) {
        size_t nr;
        const cm_lex_entry *const *rf = cm_lexicon_entries(ex->in->lex, CM_LEX_RETAKE_FROM, &nr);
        for (size_t q = 0; q < nr && !w->retake_from; q++)
            if (!strcmp(rf[q]->sval, c->opponent)) w->retake_from = rf[q];
    }
}

/* Why place k, named in a sentence, has no claim. */
static void why_miss(const extractor *ex, size_t k, cm_claim_miss *m)
{
    const place_m *p = &ex->p[k];
    const sent *s = &ex->s[ex->sent_of[p->tok]];
    *m = (cm_claim_miss){.place_off = p->off, .place_len = p->len, .surface = p->surface,
                         .pcode = p->pcode ? p->pcode : ""};
    why_span(ex, s->t0, s->t1 - s->t0, &m->sent_off, &m->sent_len);
    m->waiting = ex->w->waits[ex->sent_of[p->tok]] == 1;
    const cm_lex_hit *h = why_first(ex, s->t0, s->t1, CM_LEX_ACTION);
    if (s->skip) {
        m->reason = CM_MISS_SKIP;
        m->entry = cm_lex_hit_get(hit_start(ex, s->skip_tok), CM_LEX_SKIP);
        why_span(ex, s->skip_tok, hit_start(ex, s->skip_tok)->ntok, &m->word_off, &m->word_len);
        return;
    }
    if (!h) {
        m->reason = p->foreign ? CM_MISS_FOREIGN : CM_MISS_NO_ACTION;
        return;
    }
    bool noted = false;
    for (size_t q = 0; q < ex->w->nnotes && !noted; q++) {
        const why_n *n = &ex->w->notes[q];
        if (n->k != k) continue;
        noted = true;
        m->reason = n->reason;
        m->entry = n->e;
        m->word_off = n->word_off;
        m->word_len = n->word_len;
        h = &ex->h[n->trig];
    }
    if (!noted)
        m->reason = p->foreign ? CM_MISS_FOREIGN : p->dateline ? CM_MISS_DATELINE : CM_MISS_NOT_OBJECT;
    m->trigger = cm_lex_hit_get(h, CM_LEX_ACTION);
    why_span(ex, h->tok, h->ntok, &m->trig_off, &m->trig_len);
}

/* After finish(): the claims' whys completed, the places without a claim listed. */
static cm_status why_finish(extractor *ex)
{
    xwhy *w = ex->w;
    for (size_t i = 0; i < ex->nc; i++)
        if (ex->c[i].why) why_after(ex, i);
    w->miss = cm_arena_calloc(ex->a, ex->np ? ex->np : 1, sizeof *w->miss);
    if (!w->miss || w->nomem) return CM_NOMEM;
    for (size_t k = 0, k1; k < ex->np; k = k1) {
        /* one per sentence and place: a capital anaphor may stand for several */
        bool claimed = false;
        for (k1 = k; k1 < ex->np && ex->p[k1].tok == ex->p[k].tok; k1++) claimed |= w->claimed[k1];
        if (!claimed) why_miss(ex, k, &w->miss[w->nmiss++]);
    }
    return CM_OK;
}

static cm_status extract(const cm_claim_input *in, cm_arena *a, cm_claim **out, size_t *nout,
                         xwhy *w)
{
    *out = NULL;
    *nout = 0;
    if (!in->lex || !in->text) return CM_OK;
    extractor ex = {.in = in, .a = a, .text = in->text, .v2 = cm_lexicon_option(in->lex, "verb_second"),
           .verb_final = cm_lexicon_option(in->lex, "verb_final"), .w = w};
    cm_status st = CM_OK;
    cm_token *tk = NULL;
    if (in->tok) {
        ex.t = in->tok;
        ex.nt = in->ntok;
    } else {
        if ((st = cm_tokenize(in->text, in->len, a, &tk, &ex.nt))) return st;
        ex.t = tk;
    }
    if (!ex.nt) return CM_OK;
    cm_lex_hit *hits = NULL;
    if (in->hits) {
        ex.h = in->hits;
        ex.nh = in->nhits;
    } else {
        if ((st = cm_lex_scan(in->lex, ex.t, ex.nt, a, &hits, &ex.nh))) return st;
        ex.h = hits;
    }
    cm_date_ref *dates = NULL;
    if (in->dates) {
        ex.d = in->dates;
        ex.nd = in->ndates;
    } else {
        if ((st = cm_date_scan(in->lex, ex.t, ex.nt, ex.h, ex.nh, a, &dates, &ex.nd))) return st;
        cm_date_resolve(dates, ex.nd, in->published, 0);
        ex.d = dates;
    }
    /* quick exit: no action word, no claim */
    bool any = false;
    for (size_t k = 0; k < ex.nh && !any; k++) any = (ex.h[k].kinds & (1u << CM_LEX_ACTION)) != 0;
    if (!any && !w) return CM_OK;

    int32_t **maps[] = {&ex.sent_of, &ex.clause_of, &ex.hit_at, &ex.place_at, &ex.actor_at, &ex.date_at};
    for (size_t m = 0; m < sizeof maps / sizeof *maps; m++) {
        *maps[m] = cm_arena_alloc(a, ex.nt * sizeof(int32_t));
        if (!*maps[m]) return CM_NOMEM;
        memset(*maps[m], 0xFF, ex.nt * sizeof(int32_t)); /* every entry -1: none */
    }
    memset(ex.sent_of, 0, ex.nt * sizeof(int32_t));
    ex.hit_off = cm_arena_calloc(a, ex.nh ? ex.nh : 1, sizeof(bool));
    if (!ex.hit_off) return CM_NOMEM;
    for (size_t k = 0; k < ex.nh; k++)
        for (size_t i = ex.h[k].tok; i < ex.h[k].tok + ex.h[k].ntok; i++) ex.hit_at[i] = (int32_t)k;
    for (size_t k = 0; k < ex.nd; k++)
        for (size_t i = ex.d[k].tok; i < ex.d[k].tok + ex.d[k].ntok; i++) ex.date_at[i] = (int32_t)k;

    /* sentences first: the place anaphors look for provinces in theirs */
    if ((st = split(&ex))) return st;
    if ((st = places(&ex))) return st;
    if (w && (st = why_alloc(&ex))) return st;
    if ((st = clauses(&ex))) return st;
    if ((st = actors(&ex))) return st;
    for (size_t k = 0; k < ex.nh; k++) {
        if (ex.hit_off[k]) continue;
        if (ex.h[k].kinds & (1u << CM_LEX_ACTION)) st = trigger(&ex, k);
        else if (ex.h[k].kinds & (1u << CM_LEX_ENUM)) st = enumeration(&ex, k);
        if (st) return st;
    }
    finish(&ex);
    if (w && (st = why_finish(&ex))) return st;
    if (ex.nomem) return CM_NOMEM;
    *out = ex.c;
    *nout = ex.nc;
    return CM_OK;
}

cm_status cm_claim_extract(const cm_claim_input *in, cm_arena *a, cm_claim **out, size_t *nout)
{
    xwhy w = {0};
    return extract(in, a, out, nout, in->explain ? &w : NULL);
}

cm_status cm_claim_extract_explained(const cm_claim_input *in, cm_arena *a, cm_claim **out,
                                     size_t *nout, cm_claim_miss **miss, size_t *nmiss)
{
    cm_claim_input e = *in;
    e.explain = true;
    xwhy w = {0};
    cm_status st = extract(&e, a, out, nout, &w);
    *miss = st ? NULL : w.miss;
    *nmiss = st ? 0 : w.nmiss;
    return st;
}

/* ---- with a gazetteer ---------------------------------------------------------- */

typedef struct {
    const char *pcode;
    const char *parent; /* the containing unit's code (the index's, from the boundary data) */
    uint32_t id;
    bool capital;
} unit_row;

struct cm_claim_units {
    const cm_gaz *g;
    unit_row *rows; /* sorted by pcode */
    size_t n;
};

static int row_cmp(const void *a, const void *b)
{
    return strcmp(((const unit_row *)a)->pcode, ((const unit_row *)b)->pcode);
}

cm_status cm_claim_units_new(const cm_gaz *g, cm_claim_units **out)
{
    *out = NULL;
    size_t ne = cm_gaz_entry_count(g);
    cm_claim_units *u = calloc(1, sizeof *u);
    if (!u || !(u->rows = calloc(ne ? ne : 1, sizeof *u->rows))) {
        free(u);
        return CM_NOMEM;
    }
    u->g = g;
    for (uint32_t i = 0; i < ne; i++) {
        cm_gaz_entry e;
        cm_gaz_entry_get(g, i, &e);
        bool home = (e.flags & CM_GAZ_ENT_HOME) != 0;
        if (e.kind != CM_PLACE_PROVINCE && e.kind != CM_PLACE_DISTRICT && !home) continue;
        u->rows[u->n++] = (unit_row){e.pcode, e.parent, i, (e.flags & CM_GAZ_ENT_CAPITAL) != 0};
    }
    qsort(u->rows, u->n, sizeof *u->rows, row_cmp);
    *out = u;
    return CM_OK;
}

void cm_claim_units_free(cm_claim_units *u)
{
    if (!u) return;
    free(u->rows);
    free(u);
}

static const unit_row *units_find(const cm_claim_units *u, const char *pcode)
{
    unit_row key = {.pcode = pcode};
    return bsearch(&key, u->rows, u->n, sizeof *u->rows, row_cmp);
}

bool cm_claim_units_lookup(void *ud, const char *pcode, bool capital, cm_claim_unit *out)
{
    const cm_claim_units *u = ud;
    const unit_row *r = NULL;
    if (capital) {
        /* the unit inside pcode that the index marks as its seat */
        for (size_t i = 0; i < u->n && !r; i++)
            if (u->rows[i].capital && !strcmp(u->rows[i].parent, pcode)) r = &u->rows[i];
    } else {
        r = units_find(u, pcode);
    }
    if (!r) return false;
    cm_gaz_entry e;
    cm_gaz_entry_get(u->g, r->id, &e);
    out->name = e.name;
    out->pcode = r->pcode;
    out->province = e.province;
    out->lat = e.lat;
    out->lon = e.lon;
    return true;
}

/* The reader's input for an analysed document and its places. */
static cm_claim_input doc_input(cm_ctx *ctx, const cm_doc *d, const cm_mention *m, size_t nm,
                                cm_claim_units *units)
{
    return (cm_claim_input){.text = d->text, .len = d->len, .lex = d->lex, .tok = d->tok,
                            .ntok = d->ntok, .hits = d->hits, .nhits = d->nhits,
                            .dates = d->dates, .ndates = d->ndates, .mentions = m,
                            .nmentions = nm, .published = d->date,
                            .unit = units ? cm_claim_units_lookup : NULL, .unit_ud = units,
                            .ctx = ctx, .doc_id = d->id};
}

cm_status cm_claim_doc_claims(cm_ctx *ctx, const cm_doc *d, const cm_mention *m, size_t nm,
                              cm_claim_units *units, cm_arena *a, cm_claim **out, size_t *nout)
{
    *out = NULL;
    *nout = 0;
    if (!d->lex) return CM_OK;
    cm_claim_input in = doc_input(ctx, d, m, nm, units);
    return cm_claim_extract(&in, a, out, nout);
}

cm_status cm_claim_doc_explained(cm_ctx *ctx, const cm_doc *d, const cm_mention *m, size_t nm,
                                 cm_claim_units *units, cm_arena *a, cm_claim **out,
                                 size_t *nout, cm_claim_miss **miss, size_t *nmiss)
{
    *out = NULL;
    *nout = 0;
    *miss = NULL;
    *nmiss = 0;
    if (!d->lex) return CM_OK;
    cm_claim_input in = doc_input(ctx, d, m, nm, units);
    return cm_claim_extract_explained(&in, a, out, nout, miss, nmiss);
}
