/* claim: sentences, clauses, triggers and their actors, places and dates.
 *
 * Everything is computed over the token array once: per token the sentence,
 * the clause, the lexicon hit, the place and the actor that cover it. Each
 * trigger then reads its neighbourhood through those maps, so the cost is
 * linear in the text plus a small amount per trigger. */
#include "text/claim.h"

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
    "no action word in the sentence", "a boilerplate sentence", "a foreign place",
    "the dateline", "a reference point", "after from", "only a container",
    "contains another place of the list", "irrealis or future", "not in the object of the action"};

const char *cm_miss_reason_name(cm_miss_reason r)
{
    return (unsigned)r < CM_MISS_COUNT ? miss_names[r] : "";
}

/* The sides the timeline knows; any other actor (a named group) controls nothing. */
static bool territorial(const char *cls)
{
    return cls && (!strcmp(cls, "taliban") || !strcmp(cls, "government") ||
                   !strcmp(cls, "resistance"));
}

typedef struct {
    size_t t0, t1;    /* tokens [t0, t1) */
    int para;         /* paragraph number */
    bool skip;        /* boilerplate ("Baca juga") */
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
} X;

/* ---- explain mode: its state and hooks (the functions: section "explain") ---- */

/* A place a trigger's reading passed over, and why. */
typedef struct {
    size_t k;                  /* the place (x->p) */
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
static void why_begin(X *x, size_t hk);
static cm_status why_clause(X *x, size_t c0, size_t c1, const cm_lex_entry *ir, size_t at);
static void why_actor(X *x, int actor, int level, const char *opp, cm_action act);
static void why_pending(X *x);
static void why_enumerated(X *x, size_t hk);
static void why_note(const X *x, size_t k, cm_miss_reason r, size_t lo, size_t olo);
static void why_contains(const X *x, size_t k, size_t other);
static cm_status why_claim(X *x, cm_claim *d, size_t k, const char *rule);

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
static const cm_lex_hit *hit_start(const X *x, size_t i)
{
    int32_t k = x->hit_at[i];
    if (k < 0 || x->h[k].tok != i || x->hit_off[k]) return NULL;
    return &x->h[k];
}

static bool hit_is(const cm_lex_hit *h, cm_lex_kind kind)
{
    return h && (h->kinds & (1u << kind));
}

/* The hit ending just before token i (its last token is i - 1). */
static const cm_lex_hit *hit_ending(const X *x, size_t i)
{
    if (i == 0) return NULL;
    int32_t k = x->hit_at[i - 1];
    if (k < 0 || x->hit_off[k]) return NULL;
    const cm_lex_hit *h = &x->h[k];
    return h->tok + h->ntok == i ? h : NULL;
}

static char *span_dup(X *x, size_t off, size_t len)
{
    char *s = cm_arena_strndup(x->a, x->text + off, len);
    if (!s) x->nomem = true; /* never a claim with a field silently missing */
    return s;
}

/* ---- sentences, paragraphs, clauses --------------------------------------- */

static bool breaks_after(const X *x, size_t k)
{
    const cm_token *t = x->t;
    if (!terminal(&t[k])) return false;
    size_t j = k + 1;
    while (j < x->nt && closer(&t[j]) && !(t[j].flags & CM_TOKF_SPACE)) j++;
    if (j >= x->nt) return true;
    const cm_token *nx = &t[j];
    if (nx->flags & CM_TOKF_NL) return true;
    if (!(nx->flags & CM_TOKF_SPACE) && !closer(&t[j - 1])) return false;
    bool starts = (nx->kind == CM_TOK_WORD && (nx->flags & CM_TOKF_CAP)) ||
                  nx->kind == CM_TOK_NUM || punct(nx, '"') || punct(nx, '(') ||
                  punct(nx, '\'') || (nx->kind == CM_TOK_WORD && !(nx->key[0] >= 'a' && nx->key[0] <= 'z'));
    if (!starts) return false;
    if (punct(&t[k], '.') && k > 0 && !(t[k].flags & CM_TOKF_SPACE)) {
        const cm_token *pv = &t[k - 1];
        if (x->in->lex && cm_lex_is_abbr(x->in->lex, pv)) return false;
        /* "15. August", "Aug. 15" */
        if (pv->kind == CM_TOK_NUM && pv->num > 0 && pv->num <= 31 && x->in->lex &&
            cm_lex_month(x->in->lex, nx))
            return false;
    }
    return true;
}

static cm_status split(X *x)
{
    const cm_token *t = x->t;
    /* flags per token: 1 a sentence starts, 2 a paragraph starts */
    uint8_t *st = cm_arena_calloc(x->a, x->nt, 1);
    if (!st) return CM_NOMEM;
    size_t nsent = 0;
    for (size_t i = 0; i < x->nt; i++) {
        if (i == 0 || (t[i].flags & CM_TOKF_PARA)) st[i] |= 3;
        else if (t[i].flags & CM_TOKF_NL) {
            /* a line break ends the sentence unless the text is wrapped: the
             * line does not end a sentence and the next goes on in lower case */
            const cm_token *pv = &t[i - 1];
            bool cont = t[i].kind == CM_TOK_WORD && !(t[i].flags & CM_TOKF_CAP) &&
                        t[i].key[0] >= 'a' && t[i].key[0] <= 'z' && !terminal(pv) && !closer(pv);
            if (!cont) st[i] |= 3;
        }
        if (terminal(&t[i]) && breaks_after(x, i)) {
            size_t j = i + 1;
            while (j < x->nt && closer(&t[j]) && !(t[j].flags & CM_TOKF_SPACE)) j++;
            if (j < x->nt) st[j] |= 1;
        }
    }
    for (size_t i = 0; i < x->nt; i++) nsent += st[i] & 1;
    x->s = cm_arena_calloc(x->a, nsent ? nsent : 1, sizeof *x->s);
    if (!x->s) return CM_NOMEM;
    int para = -1;
    for (size_t i = 0; i < x->nt; i++) {
        if (st[i] & 2) para++;
        if (st[i] & 1) {
            if (x->ns) x->s[x->ns - 1].t1 = i;
            x->s[x->ns++] = (sent){.t0 = i, .t1 = x->nt, .para = para};
        }
    }
    for (size_t k = 0; k < x->ns; k++)
        for (size_t i = x->s[k].t0; i < x->s[k].t1; i++) x->sent_of[i] = (int32_t)k;
    /* quotation state: sentences that start inside an open quote */
    int prev_para = -1;
    bool open = false;
    for (size_t k = 0; k < x->ns; k++) {
        sent *s = &x->s[k];
        if (s->para != prev_para) open = false;
        prev_para = s->para;
        s->in_quote = open;
        for (size_t i = s->t0; i < s->t1; i++)
            if (punct(&t[i], '"')) open = !open;
        /* boilerplate */
        size_t f = s->t0;
        while (f < s->t1 && (punct(&t[f], '"') || punct(&t[f], '\''))) f++;
        if (f < s->t1 && hit_is(hit_start(x, f), CM_LEX_SKIP)) s->skip = true;
    }
    return CM_OK;
}

/* Does the list of places go on over the semicolon or dash at i? A place (or,
 * before a dash, a unit noun: "two of the big cities - Kabul and Jalalabad")
 * stands right before it and a place right after it, over list words and place
 * words: "Los distritos de Patan, de la provincia de Paktia; de Ab-band, ...; y
 * de Khash, ... quedaron". */
static bool list_goes_on(const X *x, size_t i, size_t sent_t0)
{
    const cm_token *t = x->t;
    size_t j = i;
    while (j > sent_t0 && closer(&t[j - 1])) j--;
    if (j == sent_t0) return false;
    int32_t pk = x->place_at[j - 1];
    bool before = pk >= 0 && !x->p[pk].dateline && !x->p[pk].foreign;
    if (!before && dash(&t[i])) {
        const cm_lex_hit *h = hit_ending(x, j);
        before = hit_is(h, CM_LEX_UNIT);
    }
    if (!before) return false;
    /* after a place, a list or place word must follow the separator: in "took
     * Kunduz; Ghazni fell" the semicolon joins two clauses */
    size_t k = i + 1;
    int steps = 0;
    for (; steps < 4 && k < x->nt; steps++) {
        const cm_lex_hit *h = hit_start(x, k);
        if (!(hit_is(h, CM_LEX_LIST) || hit_is(h, CM_LEX_PLACEWORD))) break;
        k += h->ntok;
    }
    if (!steps && pk >= 0) return false;
    if (k >= x->nt || x->sent_of[k] != x->sent_of[i]) return false;
    pk = x->place_at[k];
    return pk >= 0 && x->p[pk].tok == k && !x->p[pk].foreign && !x->p[pk].dateline;
}

static bool skippable(const cm_token *t);

/* Does the dash at i close a list of places a dash opened ("five of them --
 * Obe in Herat, Saghar in Ghor -- have fallen")? Then the list is the subject
 * of what follows, not a clause of its own. */
static bool dash_list_closes(const X *x, size_t i, size_t sent_t0)
{
    size_t b = i; /* "--" is two dashes */
    while (b > sent_t0 && dash(&x->t[b - 1])) b--;
    int32_t pk = b > sent_t0 ? x->place_at[b - 1] : -1;
    if (pk < 0 || x->p[pk].foreign || x->p[pk].dateline) return false;
    int places = 0;
    for (size_t j = b; j-- > sent_t0;) {
        int32_t q = x->place_at[j];
        if (q >= 0) {
            if (x->p[q].foreign) return false;
            places++;
            j = x->p[q].tok;
            continue;
        }
        if (dash(&x->t[j]) || !strcmp(x->t[j].key, "\xe2\x80\x94")) return places >= 2; /* - – — */
        const cm_lex_hit *h = hit_start(x, j);
        if (h && !hit_is(h, CM_LEX_LIST) && !hit_is(h, CM_LEX_PLACEWORD) && !hit_is(h, CM_LEX_UNIT))
            return false;
        if (!h && x->hit_at[j] >= 0) continue; /* inside a phrase */
        /* "Obe in Herat": one small word between a place and its container */
        bool small = x->t[j].kind == CM_TOK_WORD && !(x->t[j].flags & CM_TOKF_CAP) && j > sent_t0 &&
                     x->place_at[j - 1] >= 0 && x->place_at[j + 1] >= 0;
        if (!h && !punct(&x->t[j], ',') && !skippable(&x->t[j]) && !small) return false;
    }
    return false;
}

static bool clause_break_at(const X *x, size_t i, size_t sent_t0)
{
    const cm_token *t = x->t;
    if (i == sent_t0) return false;
    /* a hyphen inside a name ("Ab-band") */
    if (dash(&t[i]) && x->place_at[i] >= 0) return false;
    if ((punct(&t[i], ';') || dash(&t[i])) && list_goes_on(x, i, sent_t0)) return false;
    if (dash(&t[i]) && dash_list_closes(x, i, sent_t0)) return false;
    if (punct(&t[i], ';') || punct(&t[i], ':') || dash(&t[i]) || !strcmp(t[i].key, "\xd8\x9b") /* ؛ */)
        return true;
    const cm_lex_hit *h = hit_start(x, i);
    if (hit_is(h, CM_LEX_BOUNDARY)) return true;
    /* ", dan" unless the list of places goes on */
    if (hit_is(h, CM_LEX_LIST) && punct(&t[i - 1], ',')) {
        size_t j = i + h->ntok;
        if (j < x->nt && (x->place_at[j] >= 0 || hit_is(hit_start(x, j), CM_LEX_PLACEWORD)))
            return false;
        return true;
    }
    return false;
}

static cm_status clauses(X *x)
{
    size_t cap = x->ns * 2 + 8;
    x->clause_lo = cm_arena_calloc(x->a, cap, sizeof *x->clause_lo);
    x->clause_hi = cm_arena_calloc(x->a, cap, sizeof *x->clause_hi);
    if (!x->clause_lo || !x->clause_hi) return CM_NOMEM;
    for (size_t k = 0; k < x->ns; k++) {
        const sent *s = &x->s[k];
        for (size_t i = s->t0; i < s->t1; i++) {
            if (i == s->t0 || clause_break_at(x, i, s->t0)) {
                if (x->nclause == cap) {
                    size_t ncap = cap * 2;
                    size_t *lo = cm_arena_calloc(x->a, ncap, sizeof *lo);
                    size_t *hi = cm_arena_calloc(x->a, ncap, sizeof *hi);
                    if (!lo || !hi) return CM_NOMEM;
                    memcpy(lo, x->clause_lo, cap * sizeof *lo);
                    memcpy(hi, x->clause_hi, cap * sizeof *hi);
                    x->clause_lo = lo;
                    x->clause_hi = hi;
                    cap = ncap;
                }
                if (x->nclause) x->clause_hi[x->nclause - 1] = i;
                x->clause_lo[x->nclause++] = i;
            }
            x->clause_of[i] = (int32_t)(x->nclause - 1);
        }
        if (x->nclause) x->clause_hi[x->nclause - 1] = s->t1;
    }
    return CM_OK;
}

/* ---- places ------------------------------------------------------------------ */

/* First token whose start is >= off. */
static size_t tok_at_or_after(const X *x, size_t off)
{
    size_t a = 0, b = x->nt;
    while (a < b) {
        size_t m = (a + b) / 2;
        if (x->t[m].off < off) a = m + 1;
        else b = m;
    }
    return a;
}

static cm_status add_place(X *x, size_t *cap, const place_m *p)
{
    if (x->np == *cap) {
        size_t ncap = *cap ? *cap * 2 : 32;
        place_m *np = cm_arena_calloc(x->a, ncap, sizeof *np);
        if (!np) return CM_NOMEM;
        if (x->np) memcpy(np, x->p, x->np * sizeof *np);
        x->p = np;
        *cap = ncap;
    }
    x->p[x->np++] = *p;
    return CM_OK;
}

static int place_cmp(const void *a, const void *b)
{
    const place_m *p = a, *q = b;
    if (p->tok != q->tok) return p->tok < q->tok ? -1 : 1;
    return 0;
}

static bool covered_by_hit(const X *x, size_t t0, size_t t1, uint32_t kinds)
{
    for (size_t i = t0; i < t1; i++) {
        int32_t k = x->hit_at[i];
        if (k >= 0 && (x->h[k].kinds & kinds)) return true;
    }
    return false;
}

/* Is the place at tokens [t0, t1) the dateline of the report: the first words of
 * one of the first three paragraphs, followed by a dash or a colon ("Kabul:",
 * "KABUL —"), or by a comma and a date or an agency in parentheses ("Kabul,
 * June 16 (IANS)"), or written in capitals before a comma? */
static bool dateline_at(const X *x, size_t t0, size_t t1)
{
    if (t0 && !(x->t[t0].flags & (CM_TOKF_PARA | CM_TOKF_NL))) return false;
    if (x->s[x->sent_of[t0]].para >= 3 || t1 + 1 >= x->nt) return false;
    const cm_token *n = &x->t[t1];
    if (dash(n) || punct(n, ':') || !strcmp(n->key, "\xe2\x80\x94")) return true;
    if (punct(n, '.') && dash(&x->t[t1 + 1])) return true; /* "Kabul.-" (Spanish agencies) */
    if (punct(n, '(')) return true;
    if (!punct(n, ',')) return false;
    if (x->date_at[t1 + 1] >= 0 || punct(&x->t[t1 + 1], '(')) return true;
    const char *w = x->text + x->t[t0].off;
    size_t upper = 0;
    for (size_t i = 0; i < x->t[t0].len; i++) upper += w[i] >= 'A' && w[i] <= 'Z';
    return x->t[t0].len > 2 && upper == x->t[t0].len;
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
static cm_status mention_places(X *x, size_t *cap)
{
    const cm_claim_input *in = x->in;
    size_t cursor = 0; /* mentions come in text order: merge rather than search */
    for (size_t i = 0; i < in->nmentions; i++) {
        const cm_mention *m = &in->mentions[i];
        size_t t0;
        if (cursor < x->nt && (cursor == 0 || x->t[cursor - 1].off < m->off)) {
            while (cursor < x->nt && x->t[cursor].off < m->off) cursor++;
            t0 = cursor;
        } else {
            t0 = cursor = tok_at_or_after(x, m->off);
        }
        size_t t1 = t0;
        while (t1 < x->nt && x->t[t1].off + x->t[t1].len <= m->off + m->len) t1++;
        /* a name inside a longer word ("Kunduz's", "Kabul-based"): the word */
        if (t1 == t0 && t0 < x->nt && x->t[t0].off == m->off) t1 = t0 + 1;
        /* a name after an elided article or preposition, which the tokenizer
         * keeps in its word ("d'Hérat", "l'Afghanistan", "dell'Helmand"): the word */
        if (t1 == t0 && t0 > 0 && x->t[t0 - 1].off < m->off &&
            m->off + m->len <= x->t[t0 - 1].off + x->t[t0 - 1].len && elided_before(x->text, m->off)) {
            t0--;
            t1 = t0 + 1;
        }
        if (t1 <= t0 || !m->pcode) continue;
        if (covered_by_hit(x, t0, t1, (1u << CM_LEX_ACTOR) | (1u << CM_LEX_IGNORE))) continue;
        bool dated = false;
        for (size_t k = t0; k < t1 && !dated; k++) {
            int32_t di = x->date_at[k];
            dated = di >= 0 && !x->d[di].event;
        }
        if (dated) continue;
        place_m p = {.tok = t0, .ntok = t1 - t0, .off = m->off, .len = m->len,
                     .surface = m->surface, .name = m->name, .pcode = m->pcode,
                     .province = m->province ? m->province : "", .kind = m->kind,
                     .lat = m->lat, .lon = m->lon, .conf = m->confidence,
                     .foreign = m->foreign || !*m->pcode, .dateline = dateline_at(x, t0, t1)};
        if (!p.surface) p.surface = span_dup(x, m->off, m->len);
        for (size_t q = 0; q < m->nalts && !p.prov_alt; q++)
            p.prov_alt = m->alts[q].kind == CM_PLACE_PROVINCE && m->province &&
                         !strcmp(m->alts[q].pcode, m->province);
        cm_status st = add_place(x, cap, &p);
        if (st) return st;
    }
    return CM_OK;
}

/* What the anaphor walk knows at a token: the real places before it. */
typedef struct {
    size_t nreal, pi;    /* real places; those before the token */
    int last_country, last_prov, last_city, last_district;
} ana_walk;

/* The provinces whose capital a capital anaphor at token i (hit h) names: the
 * province right after it ("ibu kota provinsi Nimroz") or right before it
 * ("昆都士省首府"), else those named in its sentence before it, else in the
 * sentence before, else the last province. -1 when a town follows: "the
 * capital Kabul" names that town. The provinces so named are marked capital_of. */
static int capital_provinces(X *x, size_t i, const cm_lex_hit *h, const ana_walk *w, const char *provs[8])
{
    size_t npv = 0, nx = i + h->ntok, after = w->pi, pi = w->pi;
    while (after < w->nreal && x->p[after].tok < nx) after++;
    for (size_t k = after; k < w->nreal && x->p[k].tok <= nx + 1 && !npv; k++) {
        if (x->p[k].foreign) continue;
        if (x->p[k].kind != CM_PLACE_PROVINCE) return -1;
        provs[npv++] = x->p[k].pcode;
        x->p[k].capital_of = true;
    }
    if (!npv && pi > 0 && x->p[pi - 1].tok + x->p[pi - 1].ntok == i && !x->p[pi - 1].foreign &&
        x->p[pi - 1].kind == CM_PLACE_PROVINCE) {
        provs[npv++] = x->p[pi - 1].pcode;
        x->p[pi - 1].capital_of = true;
    }
    int32_t s = x->sent_of[i];
    for (int pass = 0; pass < 2 && !npv; pass++) {
        int32_t want = s - pass;
        if (want < 0) break;
        /* real places are in text order: walk back from the anaphor */
        for (size_t k = pi; k-- > 0 && npv < 8;) {
            const place_m *p = &x->p[k];
            if (x->sent_of[p->tok] < want) break;
            if (p->tok >= i || p->foreign || p->kind != CM_PLACE_PROVINCE || x->sent_of[p->tok] != want) continue;
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
    if (!npv && w->last_prov >= 0) provs[npv++] = x->p[w->last_prov].pcode;
    return (int)npv;
}

/* One place per province named: the district of its capital. */
static cm_status add_capitals(X *x, size_t *cap, const place_m *base, const char *const *provs, int npv)
{
    const cm_claim_input *in = x->in;
    for (int q = 0; q < npv; q++) {
        place_m p = *base;
        p.kind = CM_PLACE_DISTRICT;
        p.province = provs[q];
        cm_claim_unit u;
        if (in->unit && in->unit(in->unit_ud, provs[q], true, &u)) {
            p.pcode = cm_arena_strdup(x->a, u.pcode);
            p.name = cm_arena_strdup(x->a, u.name);
            if (!p.name) return CM_NOMEM;
            p.lat = u.lat;
            p.lon = u.lon;
        } else {
            /* OCHA numbers a province's centre district 01 */
            char pc[16];
            snprintf(pc, sizeof pc, "%s01", provs[q]);
            p.pcode = cm_arena_strdup(x->a, pc);
        }
        if (!p.pcode) return CM_NOMEM;
        cm_status st = add_place(x, cap, &p);
        if (st) return st;
    }
    return CM_OK;
}

/* "the city of Kunduz", "la ville d'Hérat", "la provincia de Ghazni": the place
 * named right after the anaphor (over place words) is the one meant; a
 * capitalised name the gazetteer does not know is still a name. */
static bool named_after(const X *x, size_t nx, const ana_walk *w)
{
    int n = 0;
    for (; n < 3 && nx < x->nt; n++) {
        const cm_lex_hit *pw = hit_start(x, nx);
        if (!hit_is(pw, CM_LEX_PLACEWORD)) break;
        nx += pw->ntok;
    }
    if (n > 0 && nx < x->nt && x->t[nx].kind == CM_TOK_WORD && (x->t[nx].flags & CM_TOKF_CAP)) return true;
    for (size_t k = w->pi; k < w->nreal && x->p[k].tok <= nx; k++)
        if (!x->p[k].foreign && x->p[k].tok == nx) return true;
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
static bool anaphor_place(X *x, int kind, const ana_walk *w, place_m *p)
{
    int src = kind == CM_ANA_COUNTRY    ? w->last_country
              : kind == CM_ANA_PROVINCE ? w->last_prov
              : kind == CM_ANA_DISTRICT ? w->last_district
                                        : w->last_city;
    /* a town named after the last district ("fighting in Kunduz city ... the
     * district") may be the one whose district is meant: none */
    if (kind == CM_ANA_DISTRICT && w->last_city != w->last_district) return false;
    if (src >= 0) {
        refer_to(p, &x->p[src]);
        return true;
    }
    cm_claim_unit u;
    if (kind != CM_ANA_COUNTRY || !(x->in->unit && x->in->unit(x->in->unit_ud, "AF", false, &u))) return false;
    p->name = cm_arena_strdup(x->a, u.name);
    if (!p->name) x->nomem = true;
    p->pcode = "AF";
    p->province = "";
    p->kind = CM_PLACE_COUNTRY;
    p->lat = u.lat;
    p->lon = u.lon;
    return p->name != NULL;
}

/* "the districts", "these districts": the districts named in this sentence
 * before it, else in the one before, when two or more are (a place right
 * after makes it a unit noun: "the districts of Faryab"). */
static cm_status district_places(X *x, size_t *cap, size_t i, const cm_lex_hit *h, const ana_walk *w,
                                 const place_m *base)
{
    size_t nx = i + h->ntok, after = w->pi;
    while (after < w->nreal && x->p[after].tok < nx) after++;
    if (after < w->nreal && x->p[after].tok <= nx + 2 && x->sent_of[x->p[after].tok] == x->sent_of[i])
        return CM_OK;
    int32_t s = x->sent_of[i];
    size_t got[8], ng = 0;
    for (int32_t want = s; want >= s - 1 && want >= 0 && ng < 2; want--) {
        ng = 0;
        for (size_t k = 0; k < w->pi && ng < 8; k++) {
            const place_m *p = &x->p[k];
            if (x->sent_of[p->tok] != want || p->tok >= i || p->foreign || p->dateline ||
                p->kind != CM_PLACE_DISTRICT)
                continue;
            bool dup = false;
            for (size_t q = 0; q < ng; q++) dup |= !strcmp(x->p[got[q]].pcode, p->pcode);
            if (!dup) got[ng++] = k;
        }
    }
    if (ng < 2) return CM_OK;
    for (size_t q = 0; q < ng; q++) {
        place_m p = *base;
        refer_to(&p, &x->p[got[q]]);
        cm_status st = add_place(x, cap, &p);
        if (st) return st;
    }
    return CM_OK;
}

/* Place anaphors, resolved against the real places named before them. */
static cm_status anaphor_places(X *x, size_t *cap)
{
    ana_walk w = {.nreal = x->np, .last_country = -1, .last_prov = -1, .last_city = -1, .last_district = -1};
    for (size_t i = 0; i < x->nt; i++) {
        while (w.pi < w.nreal && x->p[w.pi].tok <= i) {
            const place_m *p = &x->p[w.pi];
            if (!p->foreign && !p->dateline) {
                if (p->kind == CM_PLACE_COUNTRY) w.last_country = (int)w.pi;
                else if (p->kind == CM_PLACE_PROVINCE) w.last_prov = (int)w.pi;
                else if (p->kind == CM_PLACE_DISTRICT || p->kind == CM_PLACE_PPL) w.last_city = (int)w.pi;
                if (p->kind == CM_PLACE_DISTRICT) w.last_district = (int)w.pi;
            }
            w.pi++;
        }
        const cm_lex_hit *h = hit_start(x, i);
        const cm_lex_entry *e = h ? cm_lex_hit_get(h, CM_LEX_ANAPHOR) : NULL;
        if (!e) continue;
        /* counted ("18 provinsi itu", "three provincial capitals"): a set, not one place */
        if (i > 0 && x->t[i - 1].kind == CM_TOK_NUM) continue;
        size_t off = x->t[i].off;
        size_t len = x->t[i + h->ntok - 1].off + x->t[i + h->ntok - 1].len - off;
        place_m base = {.tok = i, .ntok = h->ntok, .off = off, .len = len,
                        .surface = span_dup(x, off, len), .anaphor = true, .conf = 0.8,
                        .lat = NAN, .lon = NAN};
        if (!base.surface) return CM_NOMEM;
        cm_status st = CM_OK;
        if (e->code == CM_ANA_CAPITAL) {
            const char *provs[8];
            int npv = capital_provinces(x, i, h, &w, provs);
            if (npv > 0) st = add_capitals(x, cap, &base, provs, npv);
        } else if (e->code == CM_ANA_DISTRICTS) {
            st = district_places(x, cap, i, h, &w, &base);
        } else if (!named_after(x, i + h->ntok, &w) && anaphor_place(x, e->code, &w, &base)) {
            st = add_place(x, cap, &base);
        }
        if (st || x->nomem) return st ? st : CM_NOMEM;
    }
    return CM_OK;
}

static cm_status places(X *x)
{
    size_t cap = 0;
    cm_status st = mention_places(x, &cap);
    if (!st) st = anaphor_places(x, &cap);
    if (st) return st;
    if (x->np) qsort(x->p, x->np, sizeof *x->p, place_cmp);
    for (size_t k = x->np; k-- > 0;)
        for (size_t i = x->p[k].tok; i < x->p[k].tok + x->p[k].ntok; i++) x->place_at[i] = (int32_t)k;
    /* a phrase (other than an actor) over a place gives way to it */
    for (size_t k = 0; k < x->np; k++)
        for (size_t i = x->p[k].tok; i < x->p[k].tok + x->p[k].ntok; i++) {
            int32_t hk = x->hit_at[i];
            if (hk >= 0 && !(x->h[hk].kinds & (1u << CM_LEX_ANAPHOR)) && !x->p[k].anaphor)
                x->hit_off[hk] = true;
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

static cm_status actors(X *x)
{
    size_t cap = 32;
    x->ac = cm_arena_calloc(x->a, cap, sizeof *x->ac);
    if (!x->ac) return CM_NOMEM;
    int last = -1, last_any = -1;
    bool between_open = false; /* an actor right after "antara" was seen */
    for (size_t k = 0; k < x->nh; k++) {
        const cm_lex_hit *h = &x->h[k];
        if (x->hit_off[k]) continue;
        const cm_lex_entry *e = cm_lex_hit_get(h, CM_LEX_ACTOR);
        if (!e) continue;
        actor_m a = {.tok = h->tok, .ntok = h->ntok, .cls = e->sval, .side = e->code};
        if (e->code == CM_SIDE_ANAPHOR) {
            a.anaphor = true;
            int src = last >= 0 ? last : last_any;
            if (!strcmp(e->sval, "@group")) /* an armed group: the last one named, not the state */
                for (src = (int)x->nac - 1; src >= 0; src--)
                    if (!x->ac[src].anaphor && x->ac[src].side > 0 && strcmp(x->ac[src].cls, "government"))
                        break;
            if (src < 0) continue;
            a.cls = x->ac[src].cls;
            a.side = x->ac[src].side;
        }
        /* role: what stands just before it */
        size_t j = h->tok;
        while (j > 0 && skippable(&x->t[j - 1])) j--;
        const cm_lex_hit *pv = hit_ending(x, j);
        /* German "von" is both "from" and the passive agent: the agent wins */
        if ((hit_is(pv, CM_LEX_FROM) || hit_is(pv, CM_LEX_AGAINST)) && !hit_is(pv, CM_LEX_AGENT))
            a.opp = true;
        if (hit_is(pv, CM_LEX_BETWEEN)) between_open = true;
        else if (hit_is(pv, CM_LEX_LIST) && between_open && x->nac &&
                 x->ac[x->nac - 1].tok + x->ac[x->nac - 1].ntok == pv->tok) {
            a.opp = true;
            between_open = false;
        } else if (!hit_is(pv, CM_LEX_BETWEEN))
            between_open = false;
        if (x->nac == cap) {
            actor_m *na = cm_arena_calloc(x->a, cap * 2, sizeof *na);
            if (!na) return CM_NOMEM;
            memcpy(na, x->ac, x->nac * sizeof *na);
            x->ac = na;
            cap *= 2;
        }
        x->ac[x->nac] = a;
        for (size_t i = a.tok; i < a.tok + a.ntok; i++) x->actor_at[i] = (int32_t)x->nac;
        if (!a.opp) last = (int)x->nac;
        last_any = (int)x->nac;
        if (!a.anaphor && a.side > 0) {
            size_t q = 0;
            while (q < x->ncounts && strcmp(x->counts[q].cls, a.cls)) q++;
            if (q == x->ncounts && q < 16) x->counts[x->ncounts++] = (clscount){a.cls, 0};
            if (q < 16) x->counts[q].n++;
        }
        x->nac++;
    }
    return CM_OK;
}

/* The actor starting at token i, or -1. */
static int actor_start(const X *x, size_t i)
{
    int32_t k = x->actor_at[i];
    return k >= 0 && x->ac[k].tok == i ? k : -1;
}

/* Nearest actor in [lo, hi) scanning back from hi; opp: -1 any, 0 not opponent,
 * 1 opponent, 2 not opponent and a side that can hold ground. */
static bool actor_ok(const X *x, int k, int opp)
{
    const actor_m *a = &x->ac[k];
    if (opp == 2) return !a->opp && a->side > 0;
    return opp < 0 || (int)a->opp == opp;
}

static int actor_back(const X *x, size_t lo, size_t hi, int opp)
{
    for (size_t i = hi; i > lo; i--) {
        int32_t k = x->actor_at[i - 1];
        if (k < 0) continue;
        if (actor_ok(x, k, opp)) return k;
        i = x->ac[k].tok + 1;
    }
    return -1;
}

static int actor_fwd(const X *x, size_t lo, size_t hi, int opp)
{
    for (size_t i = lo; i < hi && i < x->nt; i++) {
        int k = actor_start(x, i);
        if (k >= 0 && actor_ok(x, k, opp)) return k;
    }
    return -1;
}

/* The actor right after an agent marker ("oleh", "by") in [lo, hi). */
static int agent_in(const X *x, size_t lo, size_t hi)
{
    for (size_t i = lo; i < hi && i < x->nt; i++) {
        const cm_lex_hit *h = hit_start(x, i);
        if (!hit_is(h, CM_LEX_AGENT)) continue;
        size_t j = i + h->ntok;
        while (j < hi && skippable(&x->t[j])) j++;
        int k = j < hi ? actor_start(x, j) : -1;
        if (k >= 0) return k;
    }
    return -1;
}

/* The first actor after "antara"/"between" in [lo, hi). */
static int between_in(const X *x, size_t lo, size_t hi)
{
    for (size_t i = lo; i < hi && i < x->nt; i++) {
        const cm_lex_hit *h = hit_start(x, i);
        if (!hit_is(h, CM_LEX_BETWEEN)) continue;
        int k = actor_fwd(x, i + h->ntok, i + h->ntok + 2, 0);
        if (k >= 0) return k;
    }
    return -1;
}

static const char *dominant(const X *x, const char *not_cls)
{
    const char *best = NULL;
    size_t bn = 0;
    for (size_t q = 0; q < x->ncounts; q++)
        if ((!not_cls || strcmp(x->counts[q].cls, not_cls)) && x->counts[q].n > bn) {
            bn = x->counts[q].n;
            best = x->counts[q].cls;
        }
    return best;
}

/* First actor whose token is >= tok. */
static size_t actor_lower(const X *x, size_t tok)
{
    size_t a = 0, b = x->nac;
    while (a < b) {
        size_t m = (a + b) / 2;
        if (x->ac[m].tok < tok) a = m + 1;
        else b = m;
    }
    return a;
}

/* The side opposite `opp`: the nearest other territorial side named in the
 * sentence, then the paragraph, then the document's most named other side. */
static const char *other_side(const X *x, size_t trig, const char *opp)
{
    const sent *s = &x->s[x->sent_of[trig]];
    size_t lo = s->t0, hi = s->t1;
    for (int pass = 0; pass < 2; pass++) {
        const char *best = NULL;
        size_t bd = (size_t)-1;
        for (size_t k = actor_lower(x, lo); k < x->nac && x->ac[k].tok < hi; k++) {
            const actor_m *a = &x->ac[k];
            if (a->side <= 0 || !strcmp(a->cls, opp)) continue;
            size_t d = a->tok > trig ? a->tok - trig : trig - a->tok;
            if (d < bd) {
                bd = d;
                best = a->cls;
            }
        }
        if (best) return best;
        /* the paragraph */
        size_t sk = (size_t)x->sent_of[trig], a0 = sk, a1 = sk;
        while (a0 > 0 && x->s[a0 - 1].para == s->para) a0--;
        while (a1 + 1 < x->ns && x->s[a1 + 1].para == s->para) a1++;
        lo = x->s[a0].t0;
        hi = x->s[a1].t1;
    }
    return dominant(x, opp);
}

/* ---- attribution ------------------------------------------------------------- */

static const char *words(X *x, size_t i, size_t hi, size_t max, bool stop_at_stop)
{
    size_t first = i, last = i, n = 0;
    for (; i < hi && n < max; i++) {
        const cm_token *t = &x->t[i];
        if (t->kind == CM_TOK_PUNCT && !punct(t, '#') && !punct(t, '-')) break;
        if (x->date_at[i] >= 0) break;
        if (stop_at_stop && n && x->in->lex && cm_lex_is_stop(x->in->lex, t)) break;
        if (hit_is(hit_start(x, i), CM_LEX_BOUNDARY)) break;
        last = i;
        n++;
    }
    if (!n) return NULL;
    size_t off = x->t[first].off;
    return span_dup(x, off, x->t[last].off + x->t[last].len - off);
}

/* The actor that is the whole source named at [i, hi) — an anaphor ("kelompok
 * itu"), or an actor phrase followed by punctuation, a date or nothing ("said
 * the Taliban.") — or -1: the source is then written out in words ("gubernur
 * provinsi", "Gubernur Herat"). */
static int whole_actor(const X *x, size_t i, size_t hi)
{
    int k = i < hi ? actor_start(x, i) : -1;
    if (k < 0) return -1;
    if (x->ac[k].anaphor) return k;
    size_t e = x->ac[k].tok + x->ac[k].ntok;
    return e >= hi || x->t[e].kind == CM_TOK_PUNCT || x->date_at[e] >= 0 ? k : -1;
}

/* The source named after an attribution word at [i, hi); when nothing follows
 * ("..., officials said."), the words before it back to the comma. */
static const char *np_after(X *x, size_t v, size_t i, size_t hi)
{
    while (i < hi && (punct(&x->t[i], '"') || punct(&x->t[i], ','))) i++;
    int k = whole_actor(x, i, hi);
    if (k >= 0) return x->ac[k].cls;
    const char *w = words(x, i, hi, 6, true);
    if (w) return w;
    size_t b = v;
    while (b > 0 && v - b < 6 && x->t[b - 1].kind != CM_TOK_PUNCT) b--;
    if (b == v) return NULL;
    k = whole_actor(x, b, v);
    if (k >= 0) return x->ac[k].cls;
    return words(x, b, v, 6, false);
}

/* The source named at the start of the sentence, before an attribution verb at v. */
static const char *np_before(X *x, size_t s0, size_t v)
{
    size_t i = s0;
    while (i < v && (punct(&x->t[i], '"') || punct(&x->t[i], '\''))) i++;
    const cm_lex_hit *h = i < v ? hit_start(x, i) : NULL;
    if (hit_is(h, CM_LEX_BOUNDARY)) {
        i += h->ntok;
        while (i < v && punct(&x->t[i], ',')) i++;
    }
    /* the subject is a side when it is an actor anaphor or an actor phrase
     * alone, or opens with an actor phrase of two words or more ("Pasukan
     * Perlawanan Publik di bawah ... mengklaim"); else its words ("Gubernur
     * Herat") */
    int k = i < v ? actor_start(x, i) : -1;
    if (k >= 0 && (whole_actor(x, i, v) >= 0 || x->ac[k].ntok >= 2)) return x->ac[k].cls;
    return words(x, i, v, 8, false);
}

static const char *attr_in(X *x, const sent *s, bool after_quote_only)
{
    bool seen_quote = false;
    for (size_t i = s->t0; i < s->t1; i++) {
        if (punct(&x->t[i], '"')) seen_quote = true;
        const cm_lex_hit *h = hit_start(x, i);
        const cm_lex_entry *e = h ? cm_lex_hit_get(h, CM_LEX_ATTRIBUTION) : NULL;
        if (!e) continue;
        bool after = e->code == 1;
        if (after_quote_only && (!after || !seen_quote)) continue;
        const char *r = after ? np_after(x, i, i + h->ntok, s->t1) : np_before(x, s->t0, i);
        if (r) return r;
    }
    return NULL;
}

static const char *attribution(X *x, size_t sk)
{
    sent *s = &x->s[sk];
    if (s->attr) return s->attr;
    const char *r = attr_in(x, s, false);
    if (!r && (s->in_quote || (s->t0 < s->t1 && punct(&x->t[s->t0], '"'))))
        for (size_t k = sk + 1; k < x->ns && k < sk + 6 && x->s[k].para == s->para && !r; k++)
            r = attr_in(x, &x->s[k], true);
    s->attr = r ? r : "reporter";
    return s->attr;
}

/* ---- triggers ------------------------------------------------------------------ */

/* The hit of kind before the place at token p (over place words), or NULL. */
static const cm_lex_hit *marked_hit(const X *x, size_t p, cm_lex_kind kind, size_t lo)
{
    size_t i = p;
    for (int steps = 0; steps < 4 && i > lo; steps++) {
        while (i > lo && skippable(&x->t[i - 1])) i--;
        const cm_lex_hit *h = hit_ending(x, i);
        if (!h) return NULL;
        if (hit_is(h, kind)) return h;
        /* over place words and unit nouns: "dekat ibu kota Kabul", "near the capital Kabul" */
        if (!hit_is(h, CM_LEX_PLACEWORD) && !hit_is(h, CM_LEX_UNIT)) return NULL;
        i = h->tok;
    }
    return NULL;
}

/* Is the place at token p preceded (over place words) by a hit of kind? */
static bool marked(const X *x, size_t p, cm_lex_kind kind, size_t lo)
{
    return marked_hit(x, p, kind, lo) != NULL;
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

static bool list_gap(const X *x, size_t i)
{
    const cm_lex_hit *h = hit_start(x, i);
    if ((punct(&x->t[i], ';') || dash(&x->t[i])) && list_goes_on(x, i, x->s[x->sent_of[i]].t0))
        return true;
    return punct(&x->t[i], ',') || punct(&x->t[i], '(') || punct(&x->t[i], ')') ||
           skippable(&x->t[i]) || hit_is(h, CM_LEX_LIST) || hit_is(h, CM_LEX_PLACEWORD) ||
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
static const cm_lex_entry *unit_before(const X *x, size_t p, size_t lo, size_t *at)
{
    size_t i = p;
    for (int steps = 0; steps < 4 && i > lo; steps++) {
        while (i > lo && skippable(&x->t[i - 1])) i--;
        /* the country may stand between the unit noun and the place: "due
         * distretti nelle province dell'Afghanistan di Takhar" */
        int32_t pk = i > lo ? x->place_at[i - 1] : -1;
        if (pk >= 0 && x->p[pk].kind == CM_PLACE_COUNTRY && x->p[pk].tok >= lo) {
            i = x->p[pk].tok;
            continue;
        }
        const cm_lex_hit *h = hit_ending(x, i);
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
static bool unit_after(const X *x, size_t k)
{
    const place_m *p = &x->p[k];
    size_t i = p->tok + p->ntok, other = 0;
    for (int steps = 0; steps < 5 && i < x->nt; steps++) {
        if (x->place_at[i] >= 0) return false;
        const cm_lex_hit *h = hit_start(x, i);
        if (h) {
            const cm_lex_entry *u = cm_lex_hit_get(h, CM_LEX_UNIT);
            if (u) {
                int ul = u->code == CM_UNIT_CITY ? CM_UNIT_DISTRICT : u->code;
                /* "Panjwai di wilayah Kandahar": a unit noun before a place of
                 * the level of k or above names that place, where k lies */
                size_t j = i + h->ntok;
                for (int w = 0; w < 2 && j < x->nt && hit_is(hit_start(x, j), CM_LEX_PLACEWORD); w++)
                    j += hit_start(x, j)->ntok;
                int32_t q = j < x->nt ? x->place_at[j] : -1;
                if (q >= 0 && !x->p[q].foreign && place_level(&x->p[q]) >= place_level(p)) return false;
                if (ul < place_level(p)) return true;
            } else if (!hit_is(h, CM_LEX_PLACEWORD)) {
                return false;
            }
            i += h->ntok;
            continue;
        }
        if (x->t[i].kind == CM_TOK_PUNCT || (x->t[i].kind == CM_TOK_WORD && ++other > 2)) return false;
        i++;
    }
    return false;
}

/* The place ending right before token p over one to three place words and
 * nothing else ("Obe in Herat", "Nirkh district of Wardak"), or -1. */
static int place_before(const X *x, size_t p, size_t lo, bool *comma, bool *unknown)
{
    size_t i = p;
    int words = 0, other = 0;
    *comma = false;
    *unknown = false;
    while (i > lo && words < 6) {
        while (i > lo && skippable(&x->t[i - 1])) i--;
        const cm_lex_hit *h = hit_ending(x, i);
        if (hit_is(h, CM_LEX_PLACEWORD) || hit_is(h, CM_LEX_UNIT)) {
            i = h->tok;
        } else if (i > lo && punct(&x->t[i - 1], ',') && !*comma) {
            *comma = true;
            /* "Los distritos de Patan, de la provincia de Paktia": a name the
             * gazetteer does not know (a capitalised word that is no phrase,
             * not the sentence's first), then place words before the place */
            size_t w = i - 1;
            *unknown = words > 0 && w > lo + 1 && x->t[w - 1].kind == CM_TOK_WORD &&
                       (x->t[w - 1].flags & CM_TOKF_CAP) && x->place_at[w - 1] < 0 &&
                       x->hit_at[w - 1] < 0 && x->actor_at[w - 1] < 0 &&
                       x->sent_of[w - 1] == x->sent_of[p] && x->s[x->sent_of[p]].t0 < w - 1;
            i--;
        } else if (!h && other < 2 && i > lo && x->place_at[i - 1] < 0 &&
                   x->t[i - 1].kind == CM_TOK_WORD) {
            other++; /* "en la provincia central de": words of description */
            i--;
        } else {
            break;
        }
        words++;
    }
    if (!words || i <= lo || x->place_at[i - 1] < 0) return -1;
    return x->place_at[i - 1];
}

/* Is the place k only the container of what the clause is about? "13 districts
 * in Badakhshan", "villages of Panjshir", "another district centre in
 * Afghanistan" (a unit noun of a lower level before it, or heading the object
 * phrase: head is the lowest level of those), or "Obe in Herat" (a smaller
 * place of the same province right before it). A unit noun of its own
 * level names it ("the district of Nirkh", "the city of Kunduz"); but a town
 * that shares its province's name after "districts" is the province. */
static bool container(const X *x, size_t k, int head)
{
    const place_m *p = &x->p[k];
    if (p->capital_of) return true; /* "the capital of Takhar province": Takhar */
    /* a capital anaphor is a district; "the province", "the country" may be containers */
    if (p->anaphor && place_level(p) == CM_UNIT_DISTRICT) return false;
    /* "the districts Jaghuri and Nawur of this province": a province anaphor
     * a few words after a district of the province it names, back over list
     * words and a name the finder does not know (no punctuation, verb or
     * clause word) */
    if (p->anaphor && place_level(p) == CM_UNIT_PROVINCE) {
        size_t lo = x->s[x->sent_of[p->tok]].t0;
        for (size_t i = p->tok, n = 0; i > lo && n < 3; n++) {
            if (x->t[i - 1].kind != CM_TOK_WORD) break;
            int32_t q = x->place_at[i - 1];
            if (q >= 0) {
                const place_m *o = &x->p[q];
                if (!o->foreign && !o->anaphor && place_level(o) == CM_UNIT_DISTRICT &&
                    !strcmp(o->province, p->pcode))
                    return true;
                break;
            }
            const cm_lex_hit *h = hit_ending(x, i);
            if (h && (hit_is(h, CM_LEX_ACTION) || hit_is(h, CM_LEX_BOUNDARY))) break;
            i = h ? h->tok : i - 1;
        }
    }
    if (head < place_level(p)) return true;
    /* "fell in Afghanistan", "the war in Afghanistan": the country after a
     * preposition sets the scene; it is claimed only as the object itself */
    if (p->kind == CM_PLACE_COUNTRY && hit_is(hit_ending(x, p->tok), CM_LEX_PLACEWORD)) return true;
    if (unit_after(x, k)) return true;
    size_t lo = x->s[x->sent_of[p->tok]].t0;
    size_t at;
    const cm_lex_entry *u = unit_before(x, p->tok, lo, &at);
    /* "districts in the province of Faryab": past a unit noun of the place's
     * own level to the one before it */
    if (u && u->code == place_level(p)) {
        const cm_lex_entry *u2 = unit_before(x, at, lo, &at);
        if (u2) u = u2;
    }
    if (u) {
        /* "districts in Kunduz" is the province; "the capital Kabul" names the town */
        int ul = u->code == CM_UNIT_CITY ? CM_UNIT_DISTRICT : u->code;
        bool apposed = hit_ending(x, p->tok) && cm_lex_hit_get(hit_ending(x, p->tok), CM_LEX_UNIT) == u;
        if (ul < place_level(p) || (u->code == CM_UNIT_DISTRICT && p->prov_alt && !apposed)) return true;
        /* a unit noun of its own level names it, but the phrase may still
         * describe where the place before it lies ("Obe, in the province of Herat") */
    }
    bool comma, unknown;
    int q = place_before(x, p->tok, lo, &comma, &unknown);
    /* the province set off by a comma after a name not found: where that lies */
    if (q < 0) return unknown && place_level(p) == CM_UNIT_PROVINCE;
    const place_m *o = &x->p[q];
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
static const cm_lex_hit *head_unit(const X *x, size_t p, size_t lo, int *level)
{
    int best = CM_UNIT_COUNTRY + 1;
    const cm_lex_hit *bh = NULL;
    for (size_t i = p, n = 0; i > lo && n < 8; n++) {
        const cm_token *t = &x->t[i - 1];
        if (punct(t, ',') || punct(t, ';') || punct(t, ':')) break;
        const cm_lex_hit *h = hit_ending(x, i);
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

static int head_level(const X *x, size_t p, size_t lo)
{
    int level;
    (void)head_unit(x, p, lo, &level); /* the level alone; explain mode wants the words */
    return level;
}

/* A unit noun as the object of the trigger (the places it stands for unnamed):
 * in [lo, hi). */
static bool unit_in(const X *x, size_t lo, size_t hi)
{
    for (size_t i = lo; i < hi && i < x->nt; i++)
        if (hit_is(hit_start(x, i), CM_LEX_UNIT)) return true;
    return false;
}

/* The lowest level of the unit nouns in [lo, hi) (a town counts as a district),
 * CM_UNIT_COUNTRY + 1 when there is none. */
static int unit_level_in(const X *x, size_t lo, size_t hi)
{
    int best = CM_UNIT_COUNTRY + 1;
    for (size_t i = lo; i < hi && i < x->nt; i++) {
        const cm_lex_hit *h = hit_start(x, i);
        const cm_lex_entry *u = h ? cm_lex_hit_get(h, CM_LEX_UNIT) : NULL;
        int ul = !u ? best : u->code == CM_UNIT_CITY ? CM_UNIT_DISTRICT : u->code;
        if (ul < best) best = ul;
    }
    return best;
}

/* Is a place after a `from` word the side's ground something was taken from,
 * not the target? Not for withdrawals and flights (the place left), nor for a
 * verb of expulsion ("drove the Taliban out of Kunduz"). */
static bool from_excludes(const X *x, cm_action act)
{
    return act != CM_ACT_WITHDRAW && act != CM_ACT_FLEE && !x->from_target;
}

/* A name the gazetteer does not know standing as a member of a list that a
 * unit noun heads ("уезды Хохон, Шикай, Шугнон и Султон Ишкашим"): one to
 * three capitalised words that are no lexicon phrase, actor, date or place,
 * followed by a comma, a list word or a place. Returns its length, else 0. */
static size_t unknown_name(const X *x, size_t j, size_t hi)
{
    size_t k = j;
    while (k < hi && k - j < 3) {
        const cm_token *t = &x->t[k];
        if (t->kind != CM_TOK_WORD || !(t->flags & CM_TOKF_CAP) || x->hit_at[k] >= 0 || x->place_at[k] >= 0 ||
            x->actor_at[k] >= 0 || x->date_at[k] >= 0)
            break;
        k++;
    }
    if (k == j || k >= hi) return 0;
    const cm_lex_hit *h = hit_start(x, k);
    return punct(&x->t[k], ',') || hit_is(h, CM_LEX_LIST) || x->place_at[k] >= 0 ? k - j : 0;
}

static void collect(const X *x, size_t lo, size_t hi, size_t olo, cm_action act, plist *out)
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
    for (size_t i = lo; i < hi && i < x->nt;) {
        /* the object comes before any comma: "mengambil alih kekuasaan, ...";
         * after a container, the comma sets off the place it names ("ibu kota
         * Afghanistan, Kabul", "the last province ..., Panjshir") */
        if (!out->n && !out->container && !unit_head && punct(&x->t[i], ',')) break;
        /* an apposition names its place right after the comma ("ibu kota Afghanistan,
         * Kabul"); "a district in Wardak, the closest to Kabul" describes, it names nothing */
        if (!out->n && punct(&x->t[i], ',')) {
            size_t j = i + 1;
            while (j < hi && skippable(&x->t[j])) j++;
            if (j >= hi || (x->place_at[j] < 0 && !(unit_head && unknown_name(x, j, hi)))) break;
        }
        /* "the second largest city, Kandahar": a unit noun heading the object
         * lets the comma set off the place it describes */
        if (!out->n && hit_is(hit_start(x, i), CM_LEX_UNIT)) unit_head = true;
        int32_t pk = x->place_at[i];
        if (pk >= 0 && x->p[pk].tok == i) {
            size_t adv = x->p[pk].ntok;
            for (size_t k = (size_t)pk; k < x->np && x->p[k].tok == i; k++) {
                const place_m *p = &x->p[k];
                /* the unit nouns heading the phrase, read at its first place
                 * whatever that place turns out to be */
                if (head < 0) head = head_level(x, i, olo);
                if (p->foreign || p->dateline) {
                    if (x->w) why_note(x, k, p->foreign ? CM_MISS_FOREIGN : CM_MISS_DATELINE, lo, olo);
                    continue;
                }
                /* back to olo: a list found backwards starts at its first
                 * place, and the word that makes it a reference ("در شمال
                 * افغانستان", in the north of Afghanistan) stands before it */
                /* a reference point: "125 km dari Kabul", "the road between Kabul and Jalalabad" */
                /* the second of "between A and B" right after the first */
                bool ref_pair = ref_end && ref_end <= i && i - ref_end <= 2;
                for (size_t g = ref_end; ref_pair && g < i; g++) ref_pair = list_gap(x, g);
                if (ref_pair || marked(x, i, CM_LEX_REF, olo) || marked(x, i, CM_LEX_BETWEEN, olo)) {
                    if (x->w) why_note(x, k, CM_MISS_REF, olo, olo);
                    ref_end = i + adv;
                    continue;
                }
                if (from_excludes(x, act) && marked(x, i, CM_LEX_FROM, olo)) {
                    if (x->w) why_note(x, k, CM_MISS_FROM, olo, olo);
                    continue;
                }
                /* a town named as its province ("«قندوز»" after "«زابل»") is of the province's level */
                int lvl = p->prov_alt && cont_level == CM_UNIT_PROVINCE ? CM_UNIT_PROVINCE : place_level(p);
                /* only provinces and countries continue a list of containers: after
                 * "Sayad in Sar-e Pul and", Keshendeh is the next member */
                bool listed = cont_level == lvl && lvl >= CM_UNIT_PROVINCE && cont_end <= i && i - cont_end <= 6;
                /* over list words, place words and region phrases ("«زابل» در جنوب، «فراه»") */
                for (size_t g = cont_end; listed && g < i; g++)
                    listed = list_gap(x, g) || hit_is(hit_start(x, g), CM_LEX_REF) ||
                             (x->hit_at[g] >= 0 && hit_is(&x->h[x->hit_at[g]], CM_LEX_REF));
                if (listed || container(x, k, head)) {
                    if (x->w) why_note(x, k, CM_MISS_CONTAINER, lo, olo);
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
            size_t un = unit_head ? unknown_name(x, i, hi) : 0;
            if (un) { /* a member the gazetteer does not know */
                i += un;
                continue;
            }
            if (!list_gap(x, i)) break;
            const cm_lex_hit *h = hit_start(x, i);
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
        if (hit_is(hit_start(x, i), CM_LEX_PARTIAL)) out->partial = true;
    for (size_t i = out->last_end; i < hi && i < x->nt;) {
        const cm_lex_hit *h = hit_start(x, i);
        if (hit_is(h, CM_LEX_PARTIAL)) out->partial = true;
        if (!hit_is(h, CM_LEX_PLACEWORD)) break;
        i += h->ntok;
    }
    /* drop containers and duplicates */
    size_t w = 0;
    for (size_t a = 0; a < out->n; a++) {
        const place_m *p = &x->p[out->idx[a]];
        bool drop = false;
        for (size_t b = 0; b < out->n && !drop; b++) {
            if (a == b) continue;
            const place_m *q = &x->p[out->idx[b]];
            size_t lp = strlen(p->pcode), lq = strlen(q->pcode);
            if (lp < lq && !strncmp(p->pcode, q->pcode, lp)) drop = true;
            if (lp == lq && !strcmp(p->pcode, q->pcode) && b < a) drop = true;
            if (drop && x->w) why_contains(x, (size_t)out->idx[a], (size_t)out->idx[b]);
        }
        if (!drop) out->idx[w++] = out->idx[a];
    }
    out->n = w;
}

/* The places of a subject before the verb: the last list in [lo, hi). */
/* Does a place end right before token i (over quotes, brackets and place
 * words), not before lo? */
static bool after_place(const X *x, size_t i, size_t lo)
{
    for (;;) {
        while (i > lo && skippable(&x->t[i - 1])) i--;
        const cm_lex_hit *h = i > lo ? hit_ending(x, i) : NULL;
        if (!h || !hit_is(h, CM_LEX_PLACEWORD) || h->tok < lo) break;
        i = h->tok;
    }
    return i > lo && x->place_at[i - 1] >= 0;
}

static void collect_back(const X *x, size_t lo, size_t hi, cm_action act, plist *out)
{
    size_t last = hi;
    for (size_t i = hi; i > lo; i--) {
        int32_t pk = x->place_at[i - 1];
        if (pk < 0) continue;
        i = x->p[pk].tok + 1;
        /* a reference point ("Kunduz, 300 km north of Kabul, was taken"), the
         * container of an apposition ("Kunduz, a city in northern Afghanistan,
         * fell") or the side something was taken from is not the subject: look
         * further back */
        if (x->p[pk].foreign || marked(x, x->p[pk].tok, CM_LEX_REF, lo) || container(x, (size_t)pk, CM_UNIT_COUNTRY + 1) ||
            (from_excludes(x, act) && marked(x, x->p[pk].tok, CM_LEX_FROM, lo)))
            continue;
        last = x->p[pk].tok;
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
        int32_t pk = x->place_at[i - 1];
        if (pk >= 0) {
            i = x->p[pk].tok;
            if (!x->p[pk].foreign) start = i;
            continue;
        }
        int32_t hk = x->hit_at[i - 1];
        if (hk >= 0 && !x->hit_off[hk] && list_gap(x, x->h[hk].tok)) {
            i = x->h[hk].tok;
            continue;
        }
        /* a region phrase after a member ("«زابل» در جنوب، «فراه» در غرب و
         * «قندوز»", Zabul in the south, Farah in the west and Kunduz) */
        if (hk >= 0 && !x->hit_off[hk] && hit_is(&x->h[hk], CM_LEX_REF) && after_place(x, x->h[hk].tok, lo)) {
            i = x->h[hk].tok;
            continue;
        }
        if (hk < 0 && list_gap(x, i - 1)) {
            i--;
            continue;
        }
        break;
    }
    collect(x, start, hi, lo, act, out);
    /* a partial word just before the subject ("sebagian Kabul") */
    for (size_t k = start > lo + 3 ? start - 3 : lo; k < start; k++)
        if (hit_is(hit_start(x, k), CM_LEX_PARTIAL)) out->partial = true;
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
static void final_places(const X *x, int k, size_t prev_end, size_t tg, cm_action act,
                         plist *pl)
{
    if (k < 0) {
        collect_back(x, prev_end, tg, act, pl);
        return;
    }
    size_t a0 = x->ac[k].tok, a1 = a0 + x->ac[k].ntok;
    if (hit_is(hit_start(x, a1), CM_LEX_AGENT) && a1 < tg) {
        collect_back(x, prev_end, a0, act, pl);
        return;
    }
    collect_back(x, a1, tg, act, pl);
    if (!pl->n && a1 == tg) collect_back(x, prev_end, a0, act, pl);
}

static cm_status push_claim(X *x, const cm_claim *c, uint8_t ds, size_t trig)
{
    if (x->nc == x->cc) {
        size_t ncap = x->cc ? x->cc * 2 : 16;
        cm_claim *nc = cm_arena_calloc(x->a, ncap, sizeof *nc);
        uint8_t *nd = cm_arena_calloc(x->a, ncap, 1);
        size_t *nt = cm_arena_calloc(x->a, ncap, sizeof *nt);
        if (!nc || !nd || !nt) return CM_NOMEM;
        if (x->nc) {
            memcpy(nc, x->c, x->nc * sizeof *nc);
            memcpy(nd, x->dstate, x->nc);
            memcpy(nt, x->ctrig, x->nc * sizeof *nt);
        }
        x->c = nc;
        x->dstate = nd;
        x->ctrig = nt;
        x->cc = ncap;
    }
    x->c[x->nc] = *c;
    x->dstate[x->nc] = ds;
    x->ctrig[x->nc] = trig;
    x->nc++;
    return CM_OK;
}

/* The date of a trigger: its clause, its sentence, its paragraph. */
/* Is there an action word other than the one at trig in (trig, d)? */
static bool verb_between(const X *x, size_t trig, size_t d)
{
    int32_t own = x->hit_at[trig];
    for (size_t i = trig + 1; i < d; i++) {
        int32_t k = x->hit_at[i];
        if (k >= 0 && k != own && !x->hit_off[k] && x->h[k].tok == i && hit_is(&x->h[k], CM_LEX_ACTION))
            return true;
    }
    return false;
}

static uint8_t pick_date(const X *x, size_t trig, cm_action act, cm_claim *c)
{
    int32_t sk = x->sent_of[trig], ck = x->clause_of[trig];
    int32_t th = x->hit_at[trig];
    const cm_lex_entry *te = th >= 0 ? cm_lex_hit_get(&x->h[th], CM_LEX_ACTION) : NULL;
    bool noun = te && te->voice == CM_VOICE_NOUN;
    const sent *s = &x->s[sk];
    int best = -1;
    size_t bestd = (size_t)-1;
    size_t first = 0, hi = x->nd;
    while (first < hi) { /* the first date of the sentence */
        size_t m = (first + hi) / 2;
        if (x->d[m].tok < s->t0) first = m + 1;
        else hi = m;
    }
    for (size_t k = first; k < x->nd; k++) {
        const cm_date_ref *d = &x->d[k];
        if (d->tok >= s->t1) break;
        if (d->future) continue;
        /* "sejak X": the date starts a state; it dates a hold, or the event
         * named inside the phrase itself ("sejak jatuhnya Kabul pada 15 Agustus") */
        if (d->since && act != CM_ACT_HOLD &&
            !(trig < d->tok && d->tok - trig <= 4 && x->clause_of[d->tok] == ck))
            continue;
        /* an event noun ("the capture of Herat") is not dated by a date past
         * another verb ("the capture of Herat, which has taken 12 capitals
         * over the past week"): that date is the verb's */
        if (noun && d->tok > trig && verb_between(x, trig, d->tok)) continue;
        size_t dist = d->tok > trig ? d->tok - trig : trig - d->tok;
        if (x->clause_of[d->tok] != ck) dist += 1000;
        if (dist < bestd) {
            bestd = dist;
            best = (int)k;
        }
    }
    if (best >= 0) {
        const cm_date_ref *d = &x->d[best];
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
        const cm_date_ref *d = &x->d[k];
        const sent *ds = &x->s[x->sent_of[d->tok]];
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

static cm_status place_claims(X *x, const cm_claim *c, const plist *pl, uint8_t ds, size_t tg,
                              int actor_level);
static cm_status list_items(X *x, size_t sk);

/* The opening comma of an apposition holding the trigger at prev (a comma right
 * before the verb at tg closes it, a place right before the opening comma is what
 * it describes), or 0 when there is none. */
static size_t apposition_open(const X *x, size_t c0, size_t prev, size_t tg)
{
    if (prev <= c0 || tg == 0 || !punct(&x->t[tg - 1], ',')) return 0;
    for (size_t j = prev; j > c0; j--) {
        if (!punct(&x->t[j - 1], ',')) continue;
        return j - 1 > c0 && x->place_at[j - 2] >= 0 ? j - 1 : 0;
    }
    return 0;
}

/* A comma in [lo, hi) followed by a unit noun, with no comma after the noun
 * before hi: the unit noun phrase is the subject of the verb at hi. */
static bool unit_subject_after(const X *x, size_t lo, size_t hi)
{
    size_t c = lo;
    while (c < hi && !punct(&x->t[c], ',')) c++;
    if (c >= hi) return false;
    bool unit = false;
    for (size_t i = c + 1; i < hi; i++) {
        if (punct(&x->t[i], ',')) return false;
        if (hit_is(hit_start(x, i), CM_LEX_UNIT)) unit = true;
    }
    return unit;
}

/* Is there a reporting word ("said", "confirmed", "membenarkan") in (lo, hi)? */
static bool attribution_between(const X *x, size_t lo, size_t hi)
{
    for (size_t i = lo + 1; i < hi && i < x->nt; i++)
        if (hit_is(hit_start(x, i), CM_LEX_ATTRIBUTION)) return true;
    return false;
}
static void members_only(const X *x, plist *pl);

/* A negative determiner before a unit noun that is the subject, in [c0, tg):
 * "No district is under government control", "None of the districts fell",
 * "Kein Bezirk", "Ningún distrito", "لا توجد مديرية" — the negation word, at most
 * two words ("of the"), then the unit noun, before the verb. */
static bool negated_subject(const X *x, size_t c0, size_t tg)
{
    for (size_t i = c0; i < tg; i++) {
        const cm_lex_hit *o = hit_start(x, i);
        if (!hit_is(o, CM_LEX_NEGATION) || cm_lex_hit_get(o, CM_LEX_NEGATION)->ival2 == CM_NEG_DEGREE) continue;
        size_t j = i + o->ntok;
        for (int gap = 0; gap <= 2 && j < tg; gap++) {
            const cm_lex_hit *u = hit_start(x, j);
            if (hit_is(u, CM_LEX_UNIT)) return j + u->ntok <= tg;
            if (u || x->t[j].kind != CM_TOK_WORD || x->place_at[j] >= 0 || x->actor_at[j] >= 0) break;
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

static void frame_of(const X *x, size_t hk, frame *f)
{
    const cm_lex_hit *h = &x->h[hk];
    /* a separable verb ("eroberten ... zurück") has its object inside the gap:
     * everything is read from the end of its first part */
    *f = (frame){.h = h, .e = cm_lex_hit_get(h, CM_LEX_ACTION), .tg = h->tok, .tend = h->tok + h->ntok};
    f->sk = x->sent_of[f->tg];
    f->s = &x->s[f->sk];
    f->ck = x->clause_of[f->tg];
    f->c0 = x->clause_lo[f->ck];
    f->c1 = x->clause_hi[f->ck];
    f->act = (cm_action)f->e->code;
    f->voice = f->e->voice;
    /* neighbouring triggers in the clause */
    f->prev_end = f->prev_start = f->c0;
    f->next_start = f->c1;
    f->first_trig = f->tg;
    for (size_t i = f->c0; i < f->c1; i++) {
        const cm_lex_hit *o = hit_start(x, i);
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
static cm_status modality(X *x, const frame *f, bool *irrealis, bool *negated, bool *whole)
{
    *negated = *irrealis = *whole = false;
    for (size_t i = f->c0; i < f->c1; i++) {
        const cm_lex_hit *o = hit_start(x, i);
        if (!o) continue;
        const cm_lex_entry *ir = cm_lex_hit_get(o, CM_LEX_IRREALIS);
        const cm_lex_entry *ng = cm_lex_hit_get(o, CM_LEX_NEGATION);
        bool near_before = i < f->tg && i + o->ntok + 3 >= f->tg;
        if (ir && ((ir->code == 1 && i < f->tg) || near_before)) {
            *irrealis = true;
            return x->w ? why_clause(x, f->c0, f->c1, ir, i) : CM_OK;
        }
        if (ng && ng->ival2 == CM_NEG_DEGREE) {
            *whole = true;
        } else if (ng && (ng->code == 1 || near_before)) {
            *negated = true;
            *whole = *whole || ng->ival2 == CM_NEG_WHOLE;
            if (x->w) x->w->tw.negation = ng;
        }
    }
    /* "None of the districts of Kunduz remain under government control" denies
     * the units inside, not that the side holds the place named */
    if (!*negated) *negated = *whole = negated_subject(x, f->c0, f->tg);
    return CM_OK;
}

/* Active verbs and event nouns: the places after it (a noun: else before it),
 * the subject before (a noun: its agent), the side after the places. */
static void read_active(const X *x, const frame *f, reading *r)
{
    size_t tg = f->tg, tend = f->tend, c0 = f->c0, c1 = f->c1, next = f->next_start;
    plist *pl = &r->pl;
    collect(x, tend, next, tend, f->act, pl);
    /* "the fall of 24 districts around the country": the object is that
     * unnamed set, not a place before the noun */
    if (!pl->n && f->voice == CM_VOICE_NOUN && !pl->container && !unit_in(x, tend, tend + 5 < next ? tend + 5 : next))
        collect_back(x, f->prev_end, tg, f->act, pl);
    if (f->voice == CM_VOICE_NOUN) {
        r->actor = agent_in(x, tend, c1);
        if (r->actor < 0) r->actor = between_in(x, tend, c1);
        if (r->actor < 0) r->actor = actor_fwd(x, tend, tend + 3 < c1 ? tend + 3 : c1, 0);
        if (r->actor < 0) r->actor = actor_back(x, c0, tg, 0);
        /* "the council chief confirmed the fall of Panjwai": the subject of a
         * reporting verb is the source, not who took the place */
        if (r->actor >= 0 && x->ac[r->actor].tok < tg && attribution_between(x, x->ac[r->actor].tok, tg))
            r->actor = -1;
    } else {
        if (f->first_trig < tg) r->actor = actor_back(x, c0, f->first_trig, 0);
        if (r->actor < 0) r->actor = actor_back(x, c0, tg, 0);
        /* verb-second languages: "Am Montag eroberten die Taliban Kundus" */
        if (r->actor < 0 && x->v2) r->actor = actor_fwd(x, tend, tend + 3 < next ? tend + 3 : next, 0);
    }
    /* object first (free word order: "Хост талибы взяли ещё в пятницу"): no
     * place after the verb, its subject right before it, and right before the
     * subject a place that no preposition governs */
    if (!pl->n && !pl->container && f->voice == CM_VOICE_ACTIVE && r->actor >= 0 &&
        x->ac[r->actor].tok + x->ac[r->actor].ntok == tg && x->ac[r->actor].tok > f->prev_end) {
        size_t a0 = x->ac[r->actor].tok;
        int32_t pk = x->place_at[a0 - 1];
        if (pk >= 0 && x->p[pk].tok + x->p[pk].ntok == a0 && x->p[pk].kind != CM_PLACE_COUNTRY &&
            x->clause_of[x->p[pk].tok] == f->ck) {
            collect_back(x, f->prev_end, a0, f->act, pl); /* a list: "Хост и Гардез талибы взяли" */
            if (pl->n && hit_is(hit_ending(x, pl->first_tok), CM_LEX_PLACEWORD)) pl->n = 0;
        }
    }
    /* the side it was taken from stands right after the places */
    size_t oe = pl->n ? pl->last_end + 5 : tend + 5;
    r->opp = actor_fwd(x, tend, oe < next ? oe : next, 1);
    /* "drove the Taliban out of Kunduz", "طردت القوات الأفغانية مسلحي طالبان من
     * مدينة قندوز": the side driven out is the object, the first actor after
     * the verb that is not its subject */
    if (x->from_target) {
        size_t lim = pl->n && pl->first_tok > tend ? pl->first_tok : next;
        int k = actor_fwd(x, tend, lim, -1);
        if (k >= 0 && k == r->actor) k = actor_fwd(x, x->ac[k].tok + x->ac[k].ntok, lim, -1);
        if (k >= 0) r->opp = k;
    }
}

/* Passive verbs and states: the subject before the verb (else after it), the
 * agent after it. */
/* Does a place follow token i, over place words ("of the"), before hi? */
static bool place_follows(const X *x, size_t i, size_t hi)
{
    while (i < hi && i < x->nt) {
        if (x->place_at[i] >= 0) return true;
        const cm_lex_hit *h = hit_start(x, i);
        if (!hit_is(h, CM_LEX_PLACEWORD) && !skippable(&x->t[i])) return false;
        i += h ? h->ntok : 1;
    }
    return false;
}

static void read_passive(const X *x, const frame *f, reading *r)
{
    size_t tg = f->tg, tend = f->tend, c1 = f->c1, next = f->next_start, prev = f->prev_end;
    plist *pl = &r->pl;
    collect_back(x, prev, tg, f->act, pl);
    /* "Mazar-i-Sharif, the last city still under government control, fell":
     * the verb before lies in an apposition set off by commas; the subject
     * stands before its opening comma */
    size_t open = apposition_open(x, f->c0, f->prev_start, tg);
    if (!pl->n && open) collect_back(x, f->c0, open, f->act, pl);
    /* "Di distrik Boldak Kandahar, sebuah kota ... bernama Vesh direbut": a unit
     * noun after the comma with no comma closing it before the verb is the
     * subject; the places before the comma only set the scene ("Kunduz, a key
     * city, was taken" closes its apposition and keeps Kunduz) */
    if (pl->n && f->voice == CM_VOICE_PASSIVE && unit_subject_after(x, pl->last_end, tg)) {
        pl->n = 0;
        pl->container = true;
    }
    /* the subject after the verb: "Am Sonntag fiel auch Sar-e Pol an die Taliban";
     * but with a unit noun before it ("Ein Bezirk nach dem anderen fiel in
     * Afghanistan") the subject is that unnamed unit */
    bool unit_subject = !pl->n && unit_in(x, tg > prev + 5 ? tg - 5 : prev, tg);
    /* "In addition to the six fallen districts, Khan Abad ... was briefly
     * captured": a participle right before a unit noun that names no place
     * describes that noun; the places after it are the subject of the verb
     * that follows them ("The fallen districts are Obe, ..." has none) */
    const cm_lex_hit *uh = tend < x->nt ? hit_start(x, tend) : NULL;
    bool attributive = hit_is(uh, CM_LEX_UNIT) && !place_follows(x, uh->tok + uh->ntok, next);
    for (size_t i = tend; attributive && i < f->s->t1; i++)
        if (hit_is(hit_start(x, i), CM_LEX_ACTION)) break;
        else if (i + 1 == f->s->t1) attributive = false;
    if (!pl->n && f->voice == CM_VOICE_PASSIVE && !unit_subject && !attributive)
        collect(x, tend, next, tend, f->act, pl);
    if (f->voice == CM_VOICE_PASSIVE) {
        r->actor = agent_in(x, tend, c1);
        if (r->actor < 0) r->actor = actor_fwd(x, tend, tend + 2 < c1 ? tend + 2 : c1, 0);
        /* "fiel am Sonntag an die Taliban": the side named after the verb */
        if (r->actor < 0) r->actor = actor_fwd(x, tend, next, 0);
    } else {
        r->actor = actor_fwd(x, tend, tend + 5 < c1 ? tend + 5 : c1, 0);
    }
    r->opp = actor_fwd(x, tend, tend + 6 < next ? tend + 6 : next, 1);
}

/* Verb-final clauses: the actor before the verb, the places between them (or
 * before the actor). */
static void read_final(const X *x, const frame *f, reading *r)
{
    size_t tg = f->tg, c0 = f->c0, prev = f->prev_end;
    plist *pl = &r->pl;
    r->actor = actor_back(x, c0, tg, 0);
    /* a verb of expulsion: the actor nearest the verb is the side driven out
     * ("نیروهای دولتی طالبان را از قندوز بیرون راندند"); the one before it, if
     * any, the subject */
    int driven = -1;
    if (x->from_target && r->actor >= 0) {
        driven = r->actor;
        r->actor = actor_back(x, c0, x->ac[driven].tok, 0);
    }
    size_t a0 = r->actor >= 0 ? x->ac[r->actor].tok : c0;
    if (r->actor >= 0 && hit_is(hit_ending(x, a0), CM_LEX_AGENT)) {
        collect(x, prev, hit_ending(x, a0)->tok, prev, f->act, pl);
    } else if (x->verb_final) {
        final_places(x, r->actor, prev, tg, f->act, pl);
    } else {
        /* the places between the actor (or the verb before) and the verb */
        size_t ae = r->actor >= 0 ? a0 + x->ac[r->actor].ntok : prev;
        if (ae < prev) ae = prev;
        collect(x, ae, tg, ae, f->act, pl);
        /* object before subject: "تالقان پر طالبان نے قبضہ کر لیا", "Kundus
         * haben die Taliban erobert" — the places just before the actor (a
         * postposition or an auxiliary between), never a country: "In
         * Afghanistan haben die Taliban ..." sets the scene */
        if (!pl->n && r->actor >= 0 && a0 > prev) {
            collect_back(x, a0 > prev + 3 ? a0 - 3 : prev, a0, f->act, pl);
            size_t w = 0;
            for (size_t q = 0; q < pl->n; q++)
                if (x->p[pl->idx[q]].kind != CM_PLACE_COUNTRY) pl->idx[w++] = pl->idx[q];
            pl->n = w;
        }
    }
    r->opp = driven >= 0 ? driven : actor_back(x, c0, tg, 1);
}

/* A holder named only by the side it is free of ("bebas dari Taliban", "remains
 * free of the Taliban"): that side is the opponent. With no side named
 * ("Panjshir resists") the opponent is the side attacking — the first named
 * before it in the sentence, else in the paragraph — and *resist is set. */
static void read_against(const X *x, const frame *f, reading *r, bool *resist)
{
    size_t tg = f->tg, tend = f->tend, next = f->next_start;
    *resist = false;
    int k = actor_fwd(x, tend, tend + 3 < next ? tend + 3 : next, -1);
    if (k >= 0) {
        r->opp = k;
        if (r->actor == k) r->actor = -1;
    }
    if (r->opp < 0 && r->actor < 0) { /* "the NRF holds out": the subject right before the verb */
        int k2 = actor_back(x, tg > f->c0 + 3 ? tg - 3 : f->c0, tg, 2);
        if (k2 >= 0 && x->ac[k2].tok + x->ac[k2].ntok + 2 >= tg) r->actor = k2;
    }
    if (r->opp >= 0 || r->actor >= 0) return;
    *resist = true;
    for (size_t q = (size_t)f->sk + 1; q-- > 0 && x->s[q].para == f->s->para && r->opp < 0;) {
        size_t hi = q == (size_t)f->sk ? tg : x->s[q].t1;
        for (size_t i = x->s[q].t0; i < hi && r->opp < 0; i++) {
            int32_t a = x->actor_at[i];
            if (a >= 0 && x->ac[a].side > 0) r->opp = a;
        }
    }
}

/* The acting side when the clause names none: the sentence before the clause,
 * the sentence after the verb, the paragraph, the document. Sets *level and
 * *actor (the phrase that named it, for explain). */
static const char *nearest_side(const X *x, const frame *f, const char *opp_cls, int *level, int *actor)
{
    const sent *s = f->s;
    int role = (f->act == CM_ACT_WITHDRAW || f->act == CM_ACT_FLEE) ? 0 : 2;
    int k = actor_back(x, s->t0, f->c0, role);
    *level = 1;
    if (k < 0) k = actor_fwd(x, f->c1, s->t1, role);
    /* a nominal event ("Perebutan X") belongs to whoever the text was talking
     * about: the last side named before it */
    if (k < 0 && f->voice == CM_VOICE_NOUN) {
        k = actor_back(x, 0, s->t0, role);
        *level = 2;
    }
    if (k < 0) {
        *level = 2;
        size_t sa = (size_t)f->sk, sb = (size_t)f->sk;
        while (sa > 0 && x->s[sa - 1].para == s->para) sa--;
        while (sb + 1 < x->ns && x->s[sb + 1].para == s->para) sb++;
        int kb = actor_back(x, x->s[sa].t0, s->t0, role);
        int kf = actor_fwd(x, s->t1, x->s[sb].t1, role);
        k = kb >= 0 ? kb : kf;
        if (kb >= 0 && kf >= 0 && x->ac[kf].tok - s->t1 < s->t0 - x->ac[kb].tok) k = kf;
    }
    if (k < 0) k = actor_back(x, 0, s->t0, role);
    *actor = k;
    if (k >= 0) return x->ac[k].cls;
    const char *d = dominant(x, opp_cls);
    if (d) *level = 3;
    return d;
}

/* The sides of the claim: the actor's class and the opponent's, with how far
 * away the actor was found (0 clause, 1 sentence, 2 paragraph, 3 inferred).
 * false when a resisting place's sides are not named: no claim. May turn a
 * capture into a retake (capturing from a `retake_from` side). */
static bool sides_of(const X *x, const frame *f, reading *r, bool resist, const char **actor_cls,
                     const char **opp_cls, int *level, cm_action *act)
{
    *actor_cls = r->actor >= 0 ? x->ac[r->actor].cls : NULL;
    *opp_cls = r->opp >= 0 ? x->ac[r->opp].cls : NULL;
    *level = r->actor >= 0 && x->ac[r->actor].anaphor ? 1 : 0;
    if (resist && *opp_cls) {
        /* the other side named before it in the paragraph */
        size_t p0 = f->s->t0;
        for (size_t q = (size_t)f->sk; q > 0 && x->s[q - 1].para == f->s->para; q--) p0 = x->s[q - 1].t0;
        for (size_t i = f->tg; i > p0 && !*actor_cls; i--) {
            int32_t a = x->actor_at[i - 1];
            if (a >= 0 && x->ac[a].side > 0 && strcmp(x->ac[a].cls, *opp_cls)) *actor_cls = x->ac[a].cls;
        }
        *level = 3;
    }
    if (!*actor_cls && *opp_cls && !resist &&
        (*act == CM_ACT_HOLD || *act == CM_ACT_RETAKE || *act == CM_ACT_CAPTURE)) {
        *actor_cls = other_side(x, f->tg, *opp_cls);
        *level = 3;
    }
    if (resist && !*actor_cls) return false;
    if (!*actor_cls) *actor_cls = nearest_side(x, f, *opp_cls, level, &r->actor);
    /* "They drove the Taliban from X": a pronoun that would be the side driven
     * out is the other one */
    if (x->from_target && r->actor >= 0 && x->ac[r->actor].anaphor && *opp_cls && *actor_cls &&
        !strcmp(*actor_cls, *opp_cls)) {
        *actor_cls = other_side(x, f->tg, *opp_cls);
        *level = 3;
    }
    if (*actor_cls && *opp_cls && !strcmp(*actor_cls, *opp_cls)) *opp_cls = NULL;
    if (*act == CM_ACT_CAPTURE && *opp_cls && *actor_cls) {
        size_t nr;
        const cm_lex_entry *const *rf = cm_lexicon_entries(x->in->lex, CM_LEX_RETAKE_FROM, &nr);
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
static void not_held_by(X *x, const frame *f, reading *r, const char **actor_cls, const char **opp_cls,
                        int *level, bool *negated)
{
    if (r->actor < 0 || x->ac[r->actor].side <= 0 || *level > 1 || r->pl.partial) return;
    for (size_t i = f->c0; i < f->c1; i++)
        if (hit_is(hit_start(x, i), CM_LEX_PARTIAL)) return;
    const char *o = other_side(x, f->tg, *actor_cls);
    if (!o) return;
    *opp_cls = *actor_cls;
    *actor_cls = o;
    *level = 3;
    r->actor = -1;
    *negated = false;
    if (x->w) x->w->tw.negation = NULL;
}

static cm_status trigger(X *x, size_t hk)
{
    frame f;
    const cm_lex_entry *e = cm_lex_hit_get(&x->h[hk], CM_LEX_ACTION);
    if (x->s[x->sent_of[x->h[hk].tok]].skip || e->code < 0 || e->code >= CM_ACT_COUNT) return CM_OK;
    frame_of(x, hk, &f);
    if (x->w) why_begin(x, hk);
    x->from_target = e->ival2 == CM_ACTF_FROM_TARGET;
    bool negated, irrealis, whole;
    cm_status st = modality(x, &f, &irrealis, &negated, &whole);
    if (st || irrealis) return st;
    bool hedged = false;
    for (size_t i = f.s->t0; i < f.s->t1 && !hedged; i++) hedged = hit_is(hit_start(x, i), CM_LEX_HEDGE);

    /* places and actor by voice */
    reading r = {.actor = -1, .opp = -1};
    if (f.voice == CM_VOICE_ACTIVE || f.voice == CM_VOICE_NOUN) read_active(x, &f, &r);
    else if (f.voice == CM_VOICE_PASSIVE || f.voice == CM_VOICE_STATE) read_passive(x, &f, &r);
    else if (f.voice == CM_VOICE_FINAL) read_final(x, &f, &r);
    else return CM_OK;
    /* no place named: the object may be a set of units named later ("six
     * districts ... The districts are A, B") */
    bool unnamed = false;
    int set_level = CM_UNIT_COUNTRY + 1; /* the level of the units it names later */
    if (!r.pl.n) {
        if (f.voice == CM_VOICE_PASSIVE || f.voice == CM_VOICE_STATE)
            set_level = unit_level_in(x, f.tg > f.prev_end + 5 ? f.tg - 5 : f.prev_end, f.tg);
        else
            set_level = unit_level_in(x, f.tend, f.tend + 8 < f.next_start ? f.tend + 8 : f.next_start);
        unnamed = r.pl.container || set_level <= CM_UNIT_COUNTRY;
        if (!unnamed) return CM_OK;
    }
    bool resist = false;
    if (e->ival2 == CM_ACTF_AGAINST) read_against(x, &f, &r, &resist);
    const char *actor_cls, *opp_cls;
    int actor_level;
    cm_action act = f.act;
    if (!sides_of(x, &f, &r, resist, &actor_cls, &opp_cls, &actor_level, &act)) return CM_OK;
    if (negated && !whole && act == CM_ACT_HOLD) not_held_by(x, &f, &r, &actor_cls, &opp_cls, &actor_level, &negated);

    if (x->w) why_actor(x, r.actor, actor_level, opp_cls, act);
    const cm_token *t = x->t;
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
    c.asserted_by = attribution(x, (size_t)f.sk);
    c.date = CM_DAY_NONE;
    uint8_t ds = pick_date(x, f.tg, act, &c);
    if (unnamed) {
        x->has_pend = !negated;
        x->pend = c;
        x->pend_ds = ds;
        x->pend_trig = f.tg;
        x->pend_level = actor_level;
        x->pend_set = set_level;
        if (x->w) why_pending(x);
        return CM_OK;
    }
    x->has_pend = false;
    return place_claims(x, &c, &r.pl, ds, f.tg, actor_level);
}

/* The places named after an `enum` phrase at hit hk ("including A and B", "The
 * districts are A, B") take the waiting claim on a set of unnamed units, when
 * that claim is at most two sentences back. */
static cm_status enumeration(X *x, size_t hk)
{
    const cm_lex_hit *h = &x->h[hk];
    if (!x->has_pend || x->pend_trig > h->tok) return CM_OK;
    if (x->sent_of[h->tok] - x->sent_of[x->pend_trig] > 2) {
        x->has_pend = false;
        return CM_OK;
    }
    size_t sk = (size_t)x->sent_of[h->tok];
    const sent *s = &x->s[sk];
    size_t from = h->tok + h->ntok;
    /* the members have a verb of their own after them ("11 districts were
     * retaken, but five of them -- A, B -- have fallen again"): when it says
     * another thing of them than the set's claim, they are its subject, and
     * the set's claim names none of them */
    for (size_t k = hk + 1; k < x->nh && x->h[k].tok < s->t1; k++) {
        const cm_lex_entry *e = x->hit_off[k] ? NULL : cm_lex_hit_get(&x->h[k], CM_LEX_ACTION);
        if (e && (e->voice == CM_VOICE_PASSIVE || e->voice == CM_VOICE_STATE) &&
            (cm_action)e->code != x->pend.action) {
            bool named = false; /* a place between the cue and the verb */
            for (size_t i = from; i < x->h[k].tok && !named; i++) named = x->place_at[i] >= 0;
            if (named) {
                x->has_pend = false;
                return CM_OK;
            }
        }
    }
    plist pl;
    x->from_target = false;
    collect(x, from, s->t1, from, x->pend.action, &pl);
    members_only(x, &pl);
    if (pl.n && pl.first_tok <= from + 4) {
        x->has_pend = false;
        if (x->w) why_enumerated(x, hk);
        return place_claims(x, &x->pend, &pl, x->pend_ds, x->pend_trig, x->pend_level);
    }
    /* the cue ends its sentence ("... the provinces that fell:"): a list follows */
    if (from + 1 < s->t1) return CM_OK;
    x->has_pend = false;
    if (x->w) why_enumerated(x, hk);
    return list_items(x, sk + 1);
}

/* A sentence that is an item of a list, and how it is marked: it opens with a
 * number and a dot or parenthesis (1), a dash or a bullet (2), or is short and
 * names a place (3), and has no action word of its own; 0 when it is none. */
static int list_item(const X *x, const sent *s)
{
    if (s->t1 - s->t0 > 16) return 0;
    for (size_t i = s->t0; i < s->t1; i++)
        if (hit_is(hit_start(x, i), CM_LEX_ACTION)) return 0;
    const cm_token *t = &x->t[s->t0];
    if (t->kind == CM_TOK_NUM && s->t0 + 1 < s->t1 &&
        (punct(&x->t[s->t0 + 1], '.') || punct(&x->t[s->t0 + 1], ')')))
        return 1;
    if (dash(t) || punct(t, '*') || !strcmp(t->key, "\xe2\x80\xa2")) return 2; /* - * • */
    for (size_t i = s->t0; i < s->t1; i++)
        if (x->place_at[i] >= 0) return 3;
    return 0;
}

/* The date an item of a list writes itself ("(6 Agustus)"): its index in x->d, or -1. */
static int item_date(const X *x, const sent *s)
{
    for (size_t k = 0; k < x->nd; k++) {
        const cm_date_ref *d = &x->d[k];
        if (d->tok >= s->t0 && d->tok < s->t1 && !d->future && !d->year_only && d->precision > 0) return (int)k;
    }
    return -1;
}

/* The items of a list after a claim on an unnamed set ("berikut daftar 18
 * provinsi yang jatuh ke tangan Taliban:" then "1. Provinsi Zaranj (6 Agustus)"):
 * each item's places take the claim, dated by the item's own date when it
 * has one. When other items write their dates, one that writes none (or one
 * the reader can't make out: "(6 Agustu") has an unknown date, not the list's. */
static cm_status list_items(X *x, size_t sk)
{
    /* the items are marked as the first is: a sentence after a numbered list
     * ("Taloqan ... was the third to fall.") is no item */
    size_t end = sk;
    bool dated = false;
    int mark = sk < x->ns ? list_item(x, &x->s[sk]) : 0;
    for (size_t n = 0; end < x->ns && n < 64 && mark; end++, n++) {
        int m = list_item(x, &x->s[end]);
        /* a number that ends the sentence before opens this item ("… (Aug. 6) 2.") */
        const sent *p = end > sk ? &x->s[end - 1] : NULL;
        if (m && mark == 1 && p && p->t1 - p->t0 >= 2 && x->t[p->t1 - 2].kind == CM_TOK_NUM && punct(&x->t[p->t1 - 1], '.'))
            m = 1;
        if (m != mark) break;
        dated = dated || item_date(x, &x->s[end]) >= 0;
    }
    for (; sk < end; sk++) {
        const sent *s = &x->s[sk];
        plist pl;
        collect(x, s->t0, s->t1, s->t0, x->pend.action, &pl);
        members_only(x, &pl);
        if (!pl.n) continue;
        cm_claim c = x->pend;
        uint8_t ds = x->pend_ds;
        int k = item_date(x, s);
        if (k >= 0) {
            const cm_date_ref *d = &x->d[k];
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
        c.sent_off = x->t[s->t0].off;
        c.sent_len = x->t[s->t1 - 1].off + x->t[s->t1 - 1].len - c.sent_off;
        cm_status st = place_claims(x, &c, &pl, ds, s->t0, x->pend_level);
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

static const char *controller_of(const cm_claim *c, const place_m *p, const char **rule)
{
    bool settles = c->action == CM_ACT_CAPTURE || c->action == CM_ACT_RETAKE || c->action == CM_ACT_HOLD;
    bool fight = c->action == CM_ACT_SIEGE || c->action == CM_ACT_ATTACK || c->action == CM_ACT_CLASH;
    if (c->partial) return ruled(rule, "only part of the place: no paint", NULL);
    if (c->near) return ruled(rule, "only near the place: no paint", NULL);
    if (settles && territorial(c->actor))
        return ruled(rule, "taken or held by a side that holds ground", c->actor);
    if (settles)
        return ruled(rule, c->actor ? "the actor holds no ground: no paint" : "no actor: no paint", NULL);
    if (!fight) return ruled(rule, "a withdrawal or flight leaves it to nobody", NULL);
    if (p->kind == CM_PLACE_COUNTRY)
        return ruled(rule, "fighting somewhere in the country paints nothing", NULL);
    /* a group that holds no ground (a bombing by ISIS-K) contests nothing */
    if (c->actor && !territorial(c->actor) && !territorial(c->opponent))
        return ruled(rule, "a group that holds no ground contests nothing", NULL);
    return ruled(rule, "fighting makes it contested", "contested");
}

/* An enumeration names members of the set, not what contains them: in "five of
 * them -- Yaftal in Badakhshan, Chakhansur in Nimroz" the provinces are where
 * the districts lie, even when a district's name was not found. */
static void members_only(const X *x, plist *pl)
{
    size_t w = 0;
    for (size_t q = 0; q < pl->n; q++) {
        const place_m *p = &x->p[pl->idx[q]];
        /* a member its own unit noun names ("daerah penting, yakni Distrik
         * Panjwai"): a vague set of areas may hold a district */
        const cm_lex_hit *h = p->anaphor ? NULL : hit_ending(x, p->tok);
        const cm_lex_entry *u = h ? cm_lex_hit_get(h, CM_LEX_UNIT) : NULL;
        bool named = u && u->code == place_level(p) && x->pend_set == CM_UNIT_SUB;
        if (place_level(p) <= x->pend_set || named) pl->idx[w++] = pl->idx[q];
    }
    pl->n = w;
}

/* One claim per place of the list, from the claim template c. */
static cm_status place_claims(X *x, const cm_claim *c, const plist *pl, uint8_t ds, size_t tg,
                              int actor_level)
{
    const sent *s = &x->s[x->sent_of[tg]];
    cm_status st = CM_OK;
    for (size_t q = 0; q < pl->n; q++) {
        const place_m *p = &x->p[pl->idx[q]];
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
        d.near = marked(x, p->tok, CM_LEX_NEAR, s->t0);
        const char *rule;
        d.controller = controller_of(&d, p, &rule);
        if (x->w && (st = why_claim(x, &d, (size_t)pl->idx[q], rule))) return st;
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
        if ((st = push_claim(x, &d, ds, tg))) return st;
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
static bool noun_event(const X *x, size_t j)
{
    int32_t k = x->hit_at[x->ctrig[j]];
    if (k < 0 || x->h[k].tok != x->ctrig[j]) return false;
    const cm_lex_entry *e = cm_lex_hit_get(&x->h[k], CM_LEX_ACTION);
    return e && e->voice == CM_VOICE_NOUN;
}

/* A claim whose sentence frames it by another claim's event noun ("With the
 * fall of Panjshir, the Taliban control Afghanistan", "Dengan jatuhnya
 * Panjshir, Taliban telah mengontrol Afghanistan") happened when that event
 * did: without a date in its own clause or sentence it takes the event's date,
 * not the paragraph's last date or a related claim's. */
static void framed_dates(X *x)
{
    for (size_t i = 0; i < x->nc; i++) {
        cm_claim *c = &x->c[i];
        if (!c->date_source || !strcmp(c->date_source, "clause") || !strcmp(c->date_source, "sentence"))
            continue;
        int32_t cs = x->sent_of[x->ctrig[i]];
        for (size_t j = 0; j < x->nc; j++) {
            cm_claim *o = &x->c[j];
            if (x->sent_of[x->ctrig[j]] != cs || x->ctrig[j] == x->ctrig[i] || !noun_event(x, j) ||
                x->ctrig[j] > x->ctrig[i] || !o->date_source)
                continue;
            /* the framing event itself is dated by the paragraph only when the
             * sentence of that date reported something on its unit */
            if (!strcmp(o->date_source, "paragraph") && x->in->published != CM_DAY_NONE) {
                int32_t ds = x->sent_of[tok_at_or_after(x, o->date_off)];
                bool related = false;
                for (size_t q = 0; q < x->nc && !related; q++)
                    related = x->sent_of[x->ctrig[q]] == ds && related_units(x->c[q].pcode, o->pcode);
                if (!related) {
                    o->date = x->in->published;
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

static void finish(X *x)
{
    const cm_claim_input *in = x->in;
    size_t undated = 0;
    for (size_t i = 0; i < x->nc; i++) {
        cm_claim *c = &x->c[i];
        if (x->dstate[i] == DS_HISTORIC) {
            /* "fell to the Taliban in 2015": history, not who holds it now */
            c->date = CM_DAY_NONE;
            c->date_precision = 0;
            c->date_source = NULL;
            c->controller = NULL;
            continue;
        }
        if (x->dstate[i] != DS_PENDING) continue;
        /* the nearest related dated claim, looking outward from this one (in
         * text order) within RELATED_WINDOW claims each way */
        int best = -1;
        for (size_t step = 1; step <= RELATED_WINDOW && best < 0; step++) {
            for (int dir = 0; dir < 2 && best < 0; dir++) {
                if (dir == 0 ? step > i : i + step >= x->nc) continue;
                size_t j = dir == 0 ? i - step : i + step;
                const cm_claim *o = &x->c[j];
                if (x->dstate[j] != DS_OWN || !c->actor || o->negated || !same_str(o->actor, c->actor) ||
                    !same_str(o->controller, c->controller) || o->negated ||
                    !related_units(o->pcode, c->pcode))
                    continue;
                best = (int)j;
            }
            if (step > i && i + step >= x->nc) break;
        }
        if (best >= 0) {
            c->date = x->c[best].date;
            c->date_precision = x->c[best].date_precision;
            c->date_off = x->c[best].date_off;
            c->date_len = x->c[best].date_len;
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
    framed_dates(x);
    if (undated && in->ctx)
        cm_diag(in->ctx, "%s: %zu undated claim%s (no date in the text, no publication date)",
                in->doc_id ? in->doc_id : "?", undated, undated > 1 ? "s" : "");
    for (size_t i = 0; i < x->nc; i++) {
        cm_claim *c = &x->c[i];
        if (!c->controller || strcmp(c->controller, "contested") || c->partial) continue;
        if (c->action != CM_ACT_SIEGE && c->action != CM_ACT_ATTACK && c->action != CM_ACT_CLASH)
            continue;
        size_t j0 = i > RELATED_WINDOW ? i - RELATED_WINDOW : 0;
        size_t j1 = i + RELATED_WINDOW < x->nc ? i + RELATED_WINDOW : x->nc;
        for (size_t j = j0; j < j1; j++) {
            const cm_claim *o = &x->c[j];
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
    for (size_t i = 0; i < x->nc; i++) {
        cm_claim *c = &x->c[i];
        if (c->action != CM_ACT_HOLD || !c->controller) continue;
        for (size_t j = 0; j < x->nc; j++) {
            const cm_claim *o = &x->c[j];
            if (o->sent_off != c->sent_off || strcmp(o->pcode, c->pcode) || o->negated || !o->controller ||
                (o->action != CM_ACT_CAPTURE && o->action != CM_ACT_RETAKE) || !strcmp(o->controller, c->controller))
                continue;
            c->controller = NULL;
            break;
        }
    }
    for (size_t i = 0; i < x->nc; i++)
        x->c[i].confidence = floor(x->c[i].confidence * 100 + 0.5) / 100;
}

/* ---- explain: why each claim says what it says, why places gave none ------------
 * Only in explain mode (x->w): the hooks above record what the reading decided
 * and this section names the lexicon entries behind it. Nothing here decides
 * a claim; when a rule above changes, only the words of an explanation may. */

static void why_span(const X *x, size_t tok, size_t ntok, size_t *off, size_t *len)
{
    *off = x->t[tok].off;
    *len = x->t[tok + ntok - 1].off + x->t[tok + ntok - 1].len - *off;
}

static void why_add(const X *x, const why_n *n)
{
    xwhy *w = x->w;
    if (w->nnotes == w->cnotes) {
        size_t ncap = w->cnotes ? w->cnotes * 2 : 32;
        why_n *nn = cm_arena_calloc(x->a, ncap, sizeof *nn);
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

static cm_status why_alloc(X *x)
{
    x->w->claimed = cm_arena_calloc(x->a, x->np ? x->np : 1, sizeof *x->w->claimed);
    x->w->waits = cm_arena_calloc(x->a, x->ns ? x->ns : 1, 1);
    return x->w->claimed && x->w->waits ? CM_OK : CM_NOMEM;
}

static void why_begin(X *x, size_t hk)
{
    x->w->trig = hk;
    x->w->tw = (cm_claim_why){.trigger = cm_lex_hit_get(&x->h[hk], CM_LEX_ACTION)};
}

/* The places of clause [c0, c1), whose action the irrealis word at token `at` made unreal. */
static cm_status why_clause(X *x, size_t c0, size_t c1, const cm_lex_entry *ir, size_t at)
{
    why_n n = {.reason = CM_MISS_IRREALIS, .e = ir, .trig = x->w->trig};
    why_span(x, at, x->h[x->hit_at[at]].ntok, &n.word_off, &n.word_len);
    for (size_t i = c0; i < c1; i++) {
        int32_t pk = x->place_at[i];
        for (size_t k = pk < 0 ? x->np : (size_t)pk; k < x->np && x->p[k].tok == i; k++) {
            n.k = k;
            why_add(x, &n);
        }
    }
    return CM_OK;
}

/* How the actor at index `actor` (or none) was found, from where it stands. */
static const char *why_actor_how(const X *x, int actor, int level, const char *opp, cm_action act)
{
    size_t tg = x->h[x->w->trig].tok;
    if (actor < 0) {
        bool settles = act == CM_ACT_CAPTURE || act == CM_ACT_RETAKE || act == CM_ACT_HOLD;
        if (level != 3) return NULL;
        return opp && settles ? "inferred from the opponent" : "the side the text names most";
    }
    const actor_m *a = &x->ac[actor];
    if (a->anaphor) return "anaphor for the last actor named";
    if (level == 0 && a->tok < tg) return "subject before the verb";
    size_t j = a->tok;
    while (j > 0 && skippable(&x->t[j - 1])) j--;
    if (level == 0 && hit_is(hit_ending(x, j), CM_LEX_AGENT)) return "passive agent";
    if (level == 0) return "after the verb";
    const sent *s = &x->s[x->sent_of[tg]], *as = &x->s[x->sent_of[a->tok]];
    if (s == as) return "sentence";
    return as->para == s->para ? "paragraph" : "document";
}

static void why_actor(X *x, int actor, int level, const char *opp, cm_action act)
{
    cm_claim_why *w = &x->w->tw;
    w->actor_how = why_actor_how(x, actor, level, opp, act);
    if (actor < 0) return;
    const actor_m *a = &x->ac[actor];
    int32_t hk = x->hit_at[a->tok];
    w->actor = hk >= 0 ? cm_lex_hit_get(&x->h[hk], CM_LEX_ACTOR) : NULL;
    why_span(x, a->tok, a->ntok, &w->actor_off, &w->actor_len);
}

static void why_pending(X *x)
{
    x->w->pend_why = x->w->tw;
    x->w->waits[x->sent_of[x->pend_trig]] = 1;
}

static void why_enumerated(X *x, size_t hk)
{
    x->w->tw = x->w->pend_why;
    x->w->tw.enumeration = cm_lex_hit_get(&x->h[hk], CM_LEX_ENUM);
    x->w->waits[x->sent_of[x->pend_trig]] = 2;
}

/* The unit noun after place k that unit_after() saw: the first within 8 tokens. */
static const cm_lex_hit *why_unit_after(const X *x, size_t k)
{
    size_t i = x->p[k].tok + x->p[k].ntok;
    for (size_t end = i + 8; i < end && i < x->nt; i++)
        if (hit_is(hit_start(x, i), CM_LEX_UNIT)) return hit_start(x, i);
    return NULL;
}

/* The words that made place k a container, in container()'s order: a unit noun
 * heading the object, the country after a place word, a unit noun after it, a
 * unit noun before it, a smaller place before it; none: the rest of a
 * container's list. */
static void why_container(const X *x, size_t k, size_t olo, why_n *n)
{
    const place_m *p = &x->p[k];
    size_t lo = x->s[x->sent_of[p->tok]].t0, at;
    int level;
    const cm_lex_hit *h = head_unit(x, p->tok, olo, &level);
    cm_lex_kind kind = CM_LEX_UNIT;
    if (!h || level >= place_level(p)) {
        h = hit_ending(x, p->tok);
        kind = CM_LEX_PLACEWORD;
        if (p->kind != CM_PLACE_COUNTRY || !hit_is(h, kind)) h = NULL;
    }
    if (!h && unit_after(x, k)) h = why_unit_after(x, k), kind = CM_LEX_UNIT;
    if (!h && unit_before(x, p->tok, lo, &at)) h = hit_start(x, at), kind = CM_LEX_UNIT;
    if (h) {
        n->e = cm_lex_hit_get(h, kind);
        why_span(x, h->tok, h->ntok, &n->word_off, &n->word_len);
        return;
    }
    bool comma, unknown;
    int q = place_before(x, p->tok, lo, &comma, &unknown);
    if (q >= 0) {
        n->word_off = x->p[q].off;
        n->word_len = x->p[q].len;
    }
}

/* Place k passed over for reason r: the word behind it (read as collect reads). */
static void why_note(const X *x, size_t k, cm_miss_reason r, size_t lo, size_t olo)
{
    const place_m *p = &x->p[k];
    why_n n = {.k = k, .reason = r, .trig = x->w->trig};
    cm_lex_kind kind = r == CM_MISS_REF ? CM_LEX_REF : CM_LEX_FROM;
    const cm_lex_hit *h = r == CM_MISS_REF || r == CM_MISS_FROM ? marked_hit(x, p->tok, kind, lo) : NULL;
    if (!h && r == CM_MISS_REF) { /* "the road between Kabul and Jalalabad" */
        kind = CM_LEX_BETWEEN;
        h = marked_hit(x, p->tok, kind, lo);
    }
    if (h) {
        n.e = cm_lex_hit_get(h, kind);
        why_span(x, h->tok, h->ntok, &n.word_off, &n.word_len);
    }
    if (r == CM_MISS_CONTAINER) why_container(x, k, olo, &n);
    why_add(x, &n);
}

static void why_contains(const X *x, size_t k, size_t other)
{
    why_n n = {.k = k, .reason = CM_MISS_CONTAINS, .trig = x->w->trig,
               .word_off = x->p[other].off, .word_len = x->p[other].len};
    why_add(x, &n);
}

/* The first hit of kind in tokens [lo, hi), or NULL. */
static const cm_lex_hit *why_first(const X *x, size_t lo, size_t hi, cm_lex_kind kind)
{
    for (size_t i = lo; i < hi; i++)
        if (hit_is(hit_start(x, i), kind)) return hit_start(x, i);
    return NULL;
}

/* The why of claim d on place k: the trigger's, with the place's own words. */
static cm_status why_claim(X *x, cm_claim *d, size_t k, const char *rule)
{
    cm_claim_why *w = cm_arena_alloc(x->a, sizeof *w);
    if (!w) return CM_NOMEM;
    *w = x->w->tw;
    w->controller_rule = rule;
    const place_m *p = &x->p[k];
    const sent *s = &x->s[x->sent_of[p->tok]];
    const cm_lex_hit *nh = d->near ? marked_hit(x, p->tok, CM_LEX_NEAR, s->t0) : NULL;
    w->near = nh ? cm_lex_hit_get(nh, CM_LEX_NEAR) : NULL;
    const cm_lex_hit *ph = d->partial ? why_first(x, s->t0, s->t1, CM_LEX_PARTIAL) : NULL;
    w->partial = ph ? cm_lex_hit_get(ph, CM_LEX_PARTIAL) : NULL;
    x->w->claimed[k] = true;
    d->why = w;
    return CM_OK;
}

/* The date ref written at byte off, or NULL. */
static const cm_date_ref *why_date_at(const X *x, size_t off)
{
    size_t lo = 0, hi = x->nd;
    while (lo < hi) {
        size_t m = (lo + hi) / 2;
        if (x->d[m].off < off) lo = m + 1;
        else hi = m;
    }
    return lo < x->nd && x->d[lo].off == off ? &x->d[lo] : NULL;
}

/* What finish() did to claim i, and the words found after the fact: the date
 * rule, the hedge, the attribution, the retake_from class. */
static void why_after(X *x, size_t i)
{
    const cm_claim *c = &x->c[i];
    cm_claim_why *w = (cm_claim_why *)c->why; /* ours: allocated by why_claim */
    const cm_date_ref *dr = c->date_len ? why_date_at(x, c->date_off) : NULL;
    w->date_rule = dr ? dr->rule : NULL;
    if (x->dstate[i] == DS_HISTORIC)
        w->controller_rule = "a historic date (a year alone): no paint";
    else if (!c->controller && w->controller_rule && !strcmp(w->controller_rule, "fighting makes it contested"))
        w->controller_rule = "the fighting that decided a capture, retake or hold of the same unit "
                             "on the same day: no paint";
    const sent *s = &x->s[x->sent_of[x->ctrig[i]]];
    const cm_lex_hit *h = c->hedged ? why_first(x, s->t0, s->t1, CM_LEX_HEDGE) : NULL;
    w->hedge = h ? cm_lex_hit_get(h, CM_LEX_HEDGE) : NULL;
    h = NULL;
    if (c->asserted_by && strcmp(c->asserted_by, "reporter"))
        for (size_t k = (size_t)x->sent_of[x->ctrig[i]]; k < x->ns && !h && x->s[k].para == s->para; k++)
            h = why_first(x, x->s[k].t0, x->s[k].t1, CM_LEX_ATTRIBUTION);
    w->attribution = h ? cm_lex_hit_get(h, CM_LEX_ATTRIBUTION) : NULL;
    if (c->action == CM_ACT_RETAKE && w->trigger && w->trigger->code == CM_ACT_CAPTURE && c->opponent) {
        size_t nr;
        const cm_lex_entry *const *rf = cm_lexicon_entries(x->in->lex, CM_LEX_RETAKE_FROM, &nr);
        for (size_t q = 0; q < nr && !w->retake_from; q++)
            if (!strcmp(rf[q]->sval, c->opponent)) w->retake_from = rf[q];
    }
}

/* Why place k, named in a sentence, has no claim. */
static void why_miss(const X *x, size_t k, cm_claim_miss *m)
{
    const place_m *p = &x->p[k];
    const sent *s = &x->s[x->sent_of[p->tok]];
    *m = (cm_claim_miss){.place_off = p->off, .place_len = p->len, .surface = p->surface,
                         .pcode = p->pcode ? p->pcode : ""};
    why_span(x, s->t0, s->t1 - s->t0, &m->sent_off, &m->sent_len);
    m->waiting = x->w->waits[x->sent_of[p->tok]] == 1;
    const cm_lex_hit *h = why_first(x, s->t0, s->t1, CM_LEX_ACTION);
    if (s->skip) {
        size_t f = s->t0;
        while (f < s->t1 && (punct(&x->t[f], '"') || punct(&x->t[f], '\''))) f++;
        m->reason = CM_MISS_SKIP;
        m->entry = cm_lex_hit_get(hit_start(x, f), CM_LEX_SKIP);
        why_span(x, f, hit_start(x, f)->ntok, &m->word_off, &m->word_len);
        return;
    }
    if (!h) {
        m->reason = p->foreign ? CM_MISS_FOREIGN : CM_MISS_NO_ACTION;
        return;
    }
    bool noted = false;
    for (size_t q = 0; q < x->w->nnotes && !noted; q++) {
        const why_n *n = &x->w->notes[q];
        if (n->k != k) continue;
        noted = true;
        m->reason = n->reason;
        m->entry = n->e;
        m->word_off = n->word_off;
        m->word_len = n->word_len;
        h = &x->h[n->trig];
    }
    if (!noted)
        m->reason = p->foreign ? CM_MISS_FOREIGN : p->dateline ? CM_MISS_DATELINE : CM_MISS_NOT_OBJECT;
    m->trigger = cm_lex_hit_get(h, CM_LEX_ACTION);
    why_span(x, h->tok, h->ntok, &m->trig_off, &m->trig_len);
}

/* After finish(): the claims' whys completed, the places without a claim listed. */
static cm_status why_finish(X *x)
{
    xwhy *w = x->w;
    for (size_t i = 0; i < x->nc; i++)
        if (x->c[i].why) why_after(x, i);
    w->miss = cm_arena_calloc(x->a, x->np ? x->np : 1, sizeof *w->miss);
    if (!w->miss || w->nomem) return CM_NOMEM;
    for (size_t k = 0, k1; k < x->np; k = k1) {
        /* one per sentence and place: a capital anaphor may stand for several */
        bool claimed = false;
        for (k1 = k; k1 < x->np && x->p[k1].tok == x->p[k].tok; k1++) claimed |= w->claimed[k1];
        if (!claimed) why_miss(x, k, &w->miss[w->nmiss++]);
    }
    return CM_OK;
}

static cm_status extract(const cm_claim_input *in, cm_arena *a, cm_claim **out, size_t *nout,
                         xwhy *w)
{
    *out = NULL;
    *nout = 0;
    if (!in->lex || !in->text) return CM_OK;
    X x = {.in = in, .a = a, .text = in->text, .v2 = cm_lexicon_option(in->lex, "verb_second"),
           .verb_final = cm_lexicon_option(in->lex, "verb_final"), .w = w};
    cm_status st = CM_OK;
    cm_token *tk = NULL;
    if (in->tok) {
        x.t = in->tok;
        x.nt = in->ntok;
    } else {
        if ((st = cm_tokenize(in->text, in->len, a, &tk, &x.nt))) return st;
        x.t = tk;
    }
    if (!x.nt) return CM_OK;
    cm_lex_hit *hits = NULL;
    if (in->hits) {
        x.h = in->hits;
        x.nh = in->nhits;
    } else {
        if ((st = cm_lex_scan(in->lex, x.t, x.nt, a, &hits, &x.nh))) return st;
        x.h = hits;
    }
    cm_date_ref *dates = NULL;
    if (in->dates) {
        x.d = in->dates;
        x.nd = in->ndates;
    } else {
        if ((st = cm_date_scan(in->lex, x.t, x.nt, x.h, x.nh, a, &dates, &x.nd))) return st;
        cm_date_resolve(dates, x.nd, in->published, 0);
        x.d = dates;
    }
    /* quick exit: no action word, no claim */
    bool any = false;
    for (size_t k = 0; k < x.nh && !any; k++) any = (x.h[k].kinds & (1u << CM_LEX_ACTION)) != 0;
    if (!any && !w) return CM_OK;

    int32_t **maps[] = {&x.sent_of, &x.clause_of, &x.hit_at, &x.place_at, &x.actor_at, &x.date_at};
    for (size_t m = 0; m < sizeof maps / sizeof *maps; m++) {
        *maps[m] = cm_arena_alloc(a, x.nt * sizeof(int32_t));
        if (!*maps[m]) return CM_NOMEM;
        memset(*maps[m], 0xFF, x.nt * sizeof(int32_t)); /* every entry -1: none */
    }
    memset(x.sent_of, 0, x.nt * sizeof(int32_t));
    x.hit_off = cm_arena_calloc(a, x.nh ? x.nh : 1, sizeof(bool));
    if (!x.hit_off) return CM_NOMEM;
    for (size_t k = 0; k < x.nh; k++)
        for (size_t i = x.h[k].tok; i < x.h[k].tok + x.h[k].ntok; i++) x.hit_at[i] = (int32_t)k;
    for (size_t k = 0; k < x.nd; k++)
        for (size_t i = x.d[k].tok; i < x.d[k].tok + x.d[k].ntok; i++) x.date_at[i] = (int32_t)k;

    /* sentences first: the place anaphors look for provinces in theirs */
    if ((st = split(&x))) return st;
    if ((st = places(&x))) return st;
    if (w && (st = why_alloc(&x))) return st;
    if ((st = clauses(&x))) return st;
    if ((st = actors(&x))) return st;
    for (size_t k = 0; k < x.nh; k++) {
        if (x.hit_off[k]) continue;
        if (x.h[k].kinds & (1u << CM_LEX_ACTION)) st = trigger(&x, k);
        else if (x.h[k].kinds & (1u << CM_LEX_ENUM)) st = enumeration(&x, k);
        if (st) return st;
    }
    finish(&x);
    if (w && (st = why_finish(&x))) return st;
    if (x.nomem) return CM_NOMEM;
    *out = x.c;
    *nout = x.nc;
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
        bool af = (e.flags & CM_GAZ_ENT_AFGHANISTAN) != 0;
        if (e.kind != CM_PLACE_PROVINCE && e.kind != CM_PLACE_DISTRICT && !af) continue;
        u->rows[u->n++] = (unit_row){af ? "AF" : e.pcode, i, (e.flags & CM_GAZ_ENT_CAPITAL) != 0};
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
    unit_row key = {pcode, 0, false};
    return bsearch(&key, u->rows, u->n, sizeof *u->rows, row_cmp);
}

bool cm_claim_units_lookup(void *ud, const char *pcode, bool capital, cm_claim_unit *out)
{
    const cm_claim_units *u = ud;
    const unit_row *r = NULL;
    if (capital) {
        /* the district the index marks as its province's seat, else the
         * province's centre district, which OCHA numbers 01 */
        size_t pl = strlen(pcode);
        unit_row key = {pcode, 0, false};
        const unit_row *lo = u->rows, *hi = u->rows + u->n;
        while (lo < hi) { /* the first row at or after pcode */
            const unit_row *m = lo + (hi - lo) / 2;
            if (row_cmp(m, &key) < 0) lo = m + 1;
            else hi = m;
        }
        for (; lo < u->rows + u->n && !strncmp(lo->pcode, pcode, pl) && !r; lo++)
            if (lo->capital && strlen(lo->pcode) == pl + 2) r = lo;
        if (!r) {
            char pc[16];
            snprintf(pc, sizeof pc, "%s01", pcode);
            r = units_find(u, pc);
        }
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

/* ---- JSON -------------------------------------------------------------------- */
/* Written by hand, not through printf: a claim is written for every few
 * hundred bytes of text, and formatting cost shows in the throughput. */

static cm_status put(cm_buf *b, const char *lit) { return cm_buf_append(b, lit, strlen(lit)); }

static cm_status put_uint(cm_buf *b, uint64_t v)
{
    char d[24];
    size_t n = 0;
    do d[sizeof d - ++n] = (char)('0' + v % 10);
    while ((v /= 10) && n < sizeof d);
    return cm_buf_append(b, d + sizeof d - n, n);
}

/* v with `places` decimals (places <= 9). */
static cm_status put_fixed(cm_buf *b, double v, int places)
{
    static const double p10[] = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};
    cm_status st = CM_OK;
    if (v < 0) {
        v = -v;
        if ((st = cm_buf_putc(b, '-'))) return st;
    }
    uint64_t scaled = (uint64_t)(v * p10[places] + 0.5), ip = scaled / (uint64_t)p10[places],
             fp = scaled % (uint64_t)p10[places];
    if ((st = put_uint(b, ip)) || (st = cm_buf_putc(b, '.'))) return st;
    char d[10];
    for (int i = places - 1; i >= 0; i--, fp /= 10) d[i] = (char)('0' + fp % 10);
    return cm_buf_append(b, d, (size_t)places);
}

/* A JSON string literal: valid UTF-8 is copied with one reservation, escaping
 * quotes, backslashes and control characters; anything else goes through
 * cm_buf_json_str, which replaces invalid bytes. */
static cm_status json_str(cm_buf *b, const char *p, size_t n)
{
    if (cm_utf8_check(p, n) != n) return cm_buf_json_str(b, p, n);
    size_t extra = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        if (c < 0x20) extra += 5;
        else if (c == '"' || c == '\\') extra++;
    }
    cm_status st = cm_buf_reserve(b, n + extra + 2);
    if (st) return st;
    char *o = b->p + b->n;
    *o++ = '"';
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        if (c >= 0x20 && c != '"' && c != '\\') {
            *o++ = (char)c;
            continue;
        }
        *o++ = '\\';
        switch (c) {
        case '"': *o++ = '"'; break;
        case '\\': *o++ = '\\'; break;
        case '\n': *o++ = 'n'; break;
        case '\t': *o++ = 't'; break;
        case '\r': *o++ = 'r'; break;
        default:
            *o++ = 'u';
            *o++ = '0';
            *o++ = '0';
            *o++ = "0123456789abcdef"[c >> 4];
            *o++ = "0123456789abcdef"[c & 15];
            break;
        }
    }
    *o++ = '"';
    b->n = (size_t)(o - b->p);
    b->p[b->n] = 0;
    return CM_OK;
}

static cm_status put_str(cm_buf *b, const char *key, const char *v)
{
    cm_status st = put(b, key);
    if (st) return st;
    return v ? json_str(b, v, strlen(v)) : put(b, "null");
}

static cm_status put_day(cm_buf *b, const char *key, cm_day d)
{
    cm_status st = put(b, key);
    if (st || d == CM_DAY_NONE) return st ? st : put(b, "null");
    int y, m, dd;
    cm_day_to_ymd(d, &y, &m, &dd);
    char s[12] = {'"', (char)('0' + y / 1000 % 10), (char)('0' + y / 100 % 10),
                  (char)('0' + y / 10 % 10), (char)('0' + y % 10), '-', (char)('0' + m / 10),
                  (char)('0' + m % 10), '-', (char)('0' + dd / 10), (char)('0' + dd % 10), '"'};
    return cm_buf_append(b, s, sizeof s);
}

static cm_status put_bool(cm_buf *b, const char *key, bool v)
{
    cm_status st = put(b, key);
    return st ? st : put(b, v ? "true" : "false");
}

/* A text offset of the document as an offset of its input (cm_doc_span). */
static size_t in_off(const cm_claim_doc *d, size_t off)
{
    return d->map ? cm_offmap_start(d->map, off) : d->base_off + off;
}

static size_t in_len(const cm_claim_doc *d, size_t off, size_t len)
{
    if (!d->map) return len;
    size_t s = in_off(d, off), e = cm_offmap_end(d->map, off + len);
    return e > s ? e - s : 0;
}

cm_status cm_claim_json(cm_buf *b, const cm_claim_doc *d, const cm_claim *c)
{
    static const char *kinds[] = {"other", "country", "province", "district", "place", "foreign"};
    const char *doc = d->doc_id ? d->doc_id : "";
    size_t dl = strlen(doc), pl = c->pcode ? strlen(c->pcode) : 0;
    cm_status st = cm_buf_reserve(b, 512 + 2 * (dl + c->sent_len));
    /* id: document, trigger offset, P-code ("doc.txt:1234:AF0907") */
    cm_buf id = {0};
    if (!st) st = cm_buf_append(&id, doc, dl);
    if (!st) st = cm_buf_putc(&id, ':');
    if (!st) st = put_uint(&id, in_off(d, c->trig_off));
    if (!st) st = cm_buf_putc(&id, ':');
    if (!st && pl) st = cm_buf_append(&id, c->pcode, pl);
    if (!st) st = put(b, "{\"id\":");
    if (!st) st = json_str(b, id.p, id.n);
    cm_buf_free(&id);
    if (!st) st = put_str(b, ",\"doc\":", doc);
    if (!st) st = put_day(b, ",\"published\":", d->published);
    if (!st) st = put_bool(b, ",\"published_inferred\":", d->published_inferred);
    if (!st) st = put_str(b, ",\"lang\":", d->lang);
    if (!st && d->url && *d->url) st = put_str(b, ",\"url\":", d->url);
    if (!st) st = put_day(b, ",\"date\":", c->date);
    if (!st) st = put(b, ",\"date_precision\":");
    if (!st) st = put_uint(b, (uint64_t)c->date_precision);
    if (!st) st = put(b, ",\"date_text\":");
    if (!st) st = c->date_len ? json_str(b, d->text + c->date_off, c->date_len) : put(b, "null");
    if (!st) st = put_str(b, ",\"date_source\":", c->date_source);
    if (!st) st = put_str(b, ",\"place\":", c->place);
    if (!st) st = put_str(b, ",\"surface\":", c->surface);
    if (!st) st = put_str(b, ",\"pcode\":", c->pcode);
    if (!st) st = put_str(b, ",\"province\":", c->province && *c->province ? c->province : NULL);
    if (!st) st = put_str(b, ",\"place_kind\":", (unsigned)c->kind < 6 ? kinds[c->kind] : "other");
    if (!st) {
        if (isnan(c->lat) || isnan(c->lon)) {
            st = put(b, ",\"lat\":null,\"lon\":null");
        } else {
            st = put(b, ",\"lat\":");
            if (!st) st = put_fixed(b, c->lat, 6);
            if (!st) st = put(b, ",\"lon\":");
            if (!st) st = put_fixed(b, c->lon, 6);
        }
    }
    if (!st) st = put(b, ",\"geo_precision\":");
    if (!st) st = put_uint(b, (uint64_t)c->geo_precision);
    if (!st) st = put_str(b, ",\"actor\":", c->actor);
    if (!st) st = put_str(b, ",\"opponent\":", c->opponent);
    if (!st) st = put_str(b, ",\"action\":", cm_action_name(c->action));
    if (!st) st = put_str(b, ",\"controller\":", c->controller);
    if (!st) st = put_str(b, ",\"asserted_by\":", c->asserted_by);
    if (!st) st = put(b, ",\"confidence\":");
    if (!st) st = put_fixed(b, c->confidence, 2);
    if (!st) st = put_bool(b, ",\"negated\":", c->negated);
    if (!st) st = put_bool(b, ",\"hedged\":", c->hedged);
    if (!st) st = put_bool(b, ",\"partial\":", c->partial);
    if (!st) st = put_bool(b, ",\"near\":", c->near);
    if (!st) st = put(b, ",\"sentence\":");
    if (!st) st = json_str(b, d->text + c->sent_off, c->sent_len);
    if (!st) st = put(b, ",\"offset\":");
    if (!st) st = put_uint(b, in_off(d, c->sent_off));
    if (!st) st = put(b, ",\"length\":");
    if (!st) st = put_uint(b, in_len(d, c->sent_off, c->sent_len));
    if (!st) st = put(b, "}\n");
    return st;
}
