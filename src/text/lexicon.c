/* lexicon: TSV loader and phrase matcher.
 *
 * Phrases are indexed by the key of their first token in a small open-addressing
 * hash map; each bucket lists its phrases longest first, so a scan costs one
 * lookup per token plus the comparison of the few phrases that start with it.
 * Months, weekdays, stop words and abbreviations are single-token maps. Date
 * rules are indexed by their first literal, or by the slot their first element
 * fills. Everything a lexicon holds lives in its own arena. */
#define _POSIX_C_SOURCE 200809L
#include "text/lexicon.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/datadir.h"
#include "core/file.h"
#include "core/profile.h"
#include "core/str.h"
#include "text/token.h"


/* Equal keys of equal length n (short ones compared inline). */
static bool key_eq(const char *a, const char *b, size_t n)
{
    if (n > 16) return !memcmp(a, b, n);
    for (size_t i = 0; i < n; i++)
        if (a[i] != b[i]) return false;
    return true;
}

/* ---- hash map: key -> pointer ---------------------------------------------- */

typedef struct {
    uint32_t hash;
    uint32_t klen;
    const char *key;
    void *val;
} slot;

typedef struct {
    slot *s;
    size_t cap, n;
} strmap;

static void *map_get(const strmap *m, const char *k, size_t kl, uint32_t h)
{
    if (!m->cap) return NULL;
    for (size_t i = h & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        const slot *sl = &m->s[i];
        if (!sl->key) return NULL;
        if (sl->hash == h && sl->klen == kl && key_eq(sl->key, k, kl)) return sl->val;
    }
}

static cm_status map_put(strmap *m, const char *k, size_t kl, uint32_t h, void *val)
{
    if ((m->n + 1) * 4 > m->cap) { /* load <= 1/4: most lookups miss, and a miss stops early */
        size_t ncap = m->cap ? m->cap * 2 : 64;
        slot *ns = calloc(ncap, sizeof *ns);
        if (!ns) return CM_NOMEM;
        for (size_t i = 0; i < m->cap; i++) {
            if (!m->s[i].key) continue;
            size_t j = m->s[i].hash & (ncap - 1);
            while (ns[j].key) j = (j + 1) & (ncap - 1);
            ns[j] = m->s[i];
        }
        free(m->s);
        m->s = ns;
        m->cap = ncap;
    }
    size_t i = h & (m->cap - 1);
    for (;; i = (i + 1) & (m->cap - 1)) {
        slot *sl = &m->s[i];
        if (!sl->key) break;
        if (sl->hash == h && sl->klen == kl && !memcmp(sl->key, k, kl)) {
            sl->val = val;
            return CM_OK;
        }
    }
    m->s[i] = (slot){h, (uint32_t)kl, k, val};
    m->n++;
    return CM_OK;
}

static void map_free(strmap *m)
{
    free(m->s);
    *m = (strmap){0};
}

/* ---- lexicon --------------------------------------------------------------- */

/* A growable array of pointers (malloc'd). */
typedef struct {
    void **v;
    size_t n, cap;
} ptrvec;

static cm_status vec_push(ptrvec *v, void *p)
{
    if (v->n == v->cap) {
        size_t ncap = v->cap ? v->cap * 2 : 8;
        void **nv = realloc(v->v, ncap * sizeof *nv);
        if (!nv) return CM_NOMEM;
        v->v = nv;
        v->cap = ncap;
    }
    v->v[v->n++] = p;
    return CM_OK;
}

/* A phrase: its token keys (the part after a gap from index gap on), and the
 * entries listed under it. */
typedef struct {
    const char **key;
    uint32_t *klen, *hash;
    size_t ntok, gap; /* gap: index of the first token after "...", 0 when none */
    ptrvec entries;
    uint32_t kinds;
} phrase;

/* Everything a lexicon knows about one token key, found with one lookup. */
typedef struct {
    ptrvec phrases;  /* phrases starting with it, longest first */
    ptrvec events;   /* event phrases starting with it */
    ptrvec date_lit; /* date rules whose first element is it, most specific first */
    ptrvec wdphr;    /* weekday names of several tokens starting with it (phrase*) */
    ptrvec monphr;   /* month names of several tokens starting with it ("كانون الثاني") */
    int month, weekday, number;
    cm_calendar month_cal;
    bool stop, abbr;
} word;

struct cm_lexicon {
    cm_arena *a;
    char *lang, *name, *path;
    ptrvec kind[CM_LEX_KIND_COUNT]; /* entries per kind, file order */
    ptrvec phrases;                  /* every phrase (owned vectors inside) */
    strmap words;                    /* token key -> word* */
    ptrvec allwords;                 /* the word*s, for freeing */
    ptrvec date_wd, date_mon, date_num, date_iso; /* rules by first slot */
    ptrvec suffix;                   /* weekday suffixes (char*) */
    ptrvec ordinal;                  /* ordinal marks of day numbers (char*, folded) */
    ptrvec prefixes, suffixes;       /* clitics (clitic*), file order */
    bool solar;                      /* names Solar Hijri months */
    const cm_profile *profile;       /* numbers the sides of actor lines; NULL: none */
    const char *cur_file;            /* the file being read when not path (cm_lex_entry.file) */
};

/* A clitic of kind PREFIX or SUFFIX, folded as the tokenizer folds. */
typedef struct {
    const char *key;     /* the clitic ("و", "لل", "'ın") */
    size_t len;          /* bytes of key */
    const char *restore; /* PREFIX: letters the stem gets back ("ال" for "لل"), "" */
    size_t rlen;
} clitic;

/* Hit masks are 32 bits wide: every kind a phrase can carry must fit. */
_Static_assert(CM_LEX_UNIT < 32, "phrase kinds must fit cm_lex_hit.kinds");

static const char *kind_names[CM_LEX_KIND_COUNT] = {
    "stop", "month", "weekday", "wdsuffix", "date", "event", "actor", "action",
    "negation", "hedge", "attribution", "irrealis", "future", "since", "boundary",
    "list", "placeword", "from", "against", "between", "agent", "near", "ref",
    "partial", "anaphor", "abbr", "skip", "ignore", "retake_from", "option",
    "unit", "enum", "prefix", "suffix", "number", "ordinal"};
/* A hit keeps its kinds in a 32-bit mask; the kinds after CM_LEX_ENUM are never hits. */
_Static_assert(CM_LEX_ENUM < 32, "a hit's kinds are a 32-bit mask");

static const char *actions[] = {"capture", "retake", "hold", "siege", "attack",
                                "clash", "withdraw", "flee", NULL};
static const char *voices[] = {"active", "passive", "state", "noun", "final", NULL};
static const char *anaphors[] = {"country", "province", "city", "capital", "district", "districts",
                                 NULL};
static const char *unit_levels[] = {"sub", "city", "district", "province", "country", NULL};
static const char *date_ops[] = {"abs", "month_start", "month_mid", "month_end", "wd",
                                 "wd_last", "days_ago", "day", "week", "weekend",
                                 "month", "month_last", "year", "prev_day", NULL};

/* Index of s in list, or -1. */
static int list_index(const char *s, const char *const *list)
{
    for (int i = 0; list[i]; i++)
        if (!strcmp(s, list[i])) return i;
    return -1;
}

static bool in_list(const char *s, const char *const *list) { return list_index(s, list) >= 0; }

const char *cm_lexicon_dir(void)
{
    return cm_data_lexicons();
}

void cm_lexicon_free(cm_lexicon *lex)
{
    if (!lex) return;
    for (int k = 0; k < CM_LEX_KIND_COUNT; k++) free(lex->kind[k].v);
    for (size_t i = 0; i < lex->phrases.n; i++) free(((phrase *)lex->phrases.v[i])->entries.v);
    free(lex->phrases.v);
    for (size_t i = 0; i < lex->allwords.n; i++) {
        word *w = lex->allwords.v[i];
        free(w->phrases.v);
        free(w->events.v);
        free(w->date_lit.v);
        free(w->wdphr.v);
        free(w->monphr.v);
    }
    free(lex->allwords.v);
    map_free(&lex->words);
    free(lex->date_wd.v);
    free(lex->date_mon.v);
    free(lex->date_num.v);
    free(lex->date_iso.v);
    free(lex->suffix.v);
    free(lex->ordinal.v);
    free(lex->prefixes.v);
    free(lex->suffixes.v);
    cm_arena_free(lex->a);
    free(lex);
}

const char *cm_lexicon_lang(const cm_lexicon *lex) { return lex->lang; }

bool cm_lexicon_solar(const cm_lexicon *lex) { return lex->solar; }

bool cm_lexicon_option(const cm_lexicon *lex, const char *name)
{
    for (size_t i = 0; i < lex->kind[CM_LEX_OPTION].n; i++)
        if (!strcmp(((const cm_lex_entry *)lex->kind[CM_LEX_OPTION].v[i])->sval, name)) return true;
    return false;
}
const char *cm_lexicon_name(const cm_lexicon *lex) { return lex->name; }
const char *cm_lexicon_path(const cm_lexicon *lex) { return lex->path; }

const cm_lex_entry *const *cm_lexicon_entries(const cm_lexicon *lex, cm_lex_kind kind, size_t *n)
{
    *n = lex->kind[kind].n;
    return (const cm_lex_entry *const *)lex->kind[kind].v;
}

/* Tokens of a phrase, keys copied into the lexicon's arena. */
typedef struct {
    const char **key;
    uint32_t *klen, *hash;
    size_t n;
} toks;

static cm_status phrase_tokens(cm_lexicon *lex, const char *p, size_t n, toks *out)
{
    cm_arena *tmp = cm_arena_new();
    if (!tmp) return CM_NOMEM;
    cm_token *t;
    size_t nt;
    cm_status st = cm_tokenize(p, n, tmp, &t, &nt);
    if (st) goto done;
    out->n = nt;
    out->key = cm_arena_calloc(lex->a, nt ? nt : 1, sizeof *out->key);
    out->klen = cm_arena_calloc(lex->a, nt ? nt : 1, sizeof *out->klen);
    out->hash = cm_arena_calloc(lex->a, nt ? nt : 1, sizeof *out->hash);
    if (!out->key || !out->klen || !out->hash) {
        st = CM_NOMEM;
        goto done;
    }
    for (size_t i = 0; i < nt; i++) {
        out->key[i] = cm_arena_strndup(lex->a, t[i].key, t[i].klen);
        if (!out->key[i]) {
            st = CM_NOMEM;
            goto done;
        }
        out->klen[i] = t[i].klen;
        out->hash[i] = t[i].hash;
    }
done:
    cm_arena_free(tmp);
    return st;
}

/* The word record of key k, created when missing (NULL on allocation failure). */
static word *word_at(cm_lexicon *lex, const char *k, size_t kl, uint32_t h)
{
    word *w = map_get(&lex->words, k, kl, h);
    if (w) return w;
    w = cm_arena_alloc(lex->a, sizeof *w);
    char *key = cm_arena_strndup(lex->a, k, kl);
    if (!w || !key || vec_push(&lex->allwords, w) || map_put(&lex->words, key, kl, h, w)) return NULL;
    return w;
}

static const word *word_of(const cm_lexicon *lex, const cm_token *t)
{
    return map_get(&lex->words, t->key, t->klen, t->hash);
}

/* Which vector of a word a phrase goes to. */
enum { W_PHRASES, W_EVENTS };

/* Adds entry e under the phrase text p (with an optional " ... " gap). */
static cm_status add_phrase(cm_lexicon *lex, int which, const char *p, cm_lex_entry *e)
{
    const char *gap = strstr(p, " ... ");
    toks a = {0}, b = {0};
    cm_status st = phrase_tokens(lex, p, gap ? (size_t)(gap - p) : strlen(p), &a);
    if (!st && gap) st = phrase_tokens(lex, gap + 5, strlen(gap + 5), &b);
    if (st) return st;
    if (!a.n || (gap && !b.n)) return CM_PARSE;
    size_t total = a.n + b.n;
    word *w = word_at(lex, a.key[0], a.klen[0], a.hash[0]);
    if (!w) return CM_NOMEM;
    ptrvec *bk = which == W_EVENTS ? &w->events : &w->phrases;
    /* the same token sequence already there? */
    for (size_t i = 0; i < bk->n; i++) {
        phrase *ph = bk->v[i];
        if (ph->ntok != total || ph->gap != (gap ? a.n : 0)) continue;
        bool same = true;
        for (size_t j = 0; j < total && same; j++) {
            const char *k = j < a.n ? a.key[j] : b.key[j - a.n];
            same = !strcmp(ph->key[j], k);
        }
        if (same) {
            ph->kinds |= 1u << e->kind;
            /* a profile's line replaces the language's line of the same kind and
             * phrase ("region" is a district's part in Afghanistan, an oblast in
             * Ukraine) */
            for (size_t j = 0; e->file && j < ph->entries.n; j++) {
                cm_lex_entry *o = ph->entries.v[j];
                if (o->kind != e->kind || o->file) continue;
                ph->entries.v[j] = e;
                o->replaced = true;
                return CM_OK;
            }
            return vec_push(&ph->entries, e);
        }
    }
    phrase *ph = cm_arena_alloc(lex->a, sizeof *ph);
    if (!ph) return CM_NOMEM;
    ph->ntok = total;
    ph->gap = gap ? a.n : 0;
    ph->key = cm_arena_calloc(lex->a, total, sizeof *ph->key);
    ph->klen = cm_arena_calloc(lex->a, total, sizeof *ph->klen);
    ph->hash = cm_arena_calloc(lex->a, total, sizeof *ph->hash);
    if (!ph->key || !ph->klen || !ph->hash) return CM_NOMEM;
    for (size_t j = 0; j < total; j++) {
        bool first = j < a.n;
        ph->key[j] = first ? a.key[j] : b.key[j - a.n];
        ph->klen[j] = first ? a.klen[j] : b.klen[j - a.n];
        ph->hash[j] = first ? a.hash[j] : b.hash[j - a.n];
    }
    ph->kinds = 1u << e->kind;
    if (vec_push(&ph->entries, e)) return CM_NOMEM;
    if (vec_push(&lex->phrases, ph)) return CM_NOMEM;
    /* keep the bucket longest first */
    if (vec_push(bk, ph)) return CM_NOMEM;
    for (size_t i = bk->n - 1; i > 0 && ((phrase *)bk->v[i - 1])->ntok < ph->ntok; i--) {
        void *tmp = bk->v[i];
        bk->v[i] = bk->v[i - 1];
        bk->v[i - 1] = tmp;
    }
    return CM_OK;
}

/* A weekday or month name of several tokens ("سه شنبه", "كانون الثاني"): a
 * phrase under its first token's word, longest first; its entry e carries the
 * weekday, or the month and its calendar. */
static cm_status add_name_phrase(cm_lexicon *lex, const toks *a, cm_lex_entry *e, bool month)
{
    word *w = word_at(lex, a->key[0], a->klen[0], a->hash[0]);
    phrase *ph = cm_arena_alloc(lex->a, sizeof *ph);
    if (!w || !ph) return CM_NOMEM;
    *ph = (phrase){.key = a->key, .klen = a->klen, .hash = a->hash, .ntok = a->n,
                   .kinds = 1u << e->kind};
    ptrvec *v = month ? &w->monphr : &w->wdphr;
    if (vec_push(&ph->entries, e) || vec_push(&lex->phrases, ph) || vec_push(v, ph))
        return CM_NOMEM;
    for (size_t i = v->n - 1; i > 0 && ((phrase *)v->v[i - 1])->ntok < ph->ntok; i--) {
        void *tmp = v->v[i];
        v->v[i] = v->v[i - 1];
        v->v[i - 1] = tmp;
    }
    return CM_OK;
}

/* Single-token facts (month, weekday, number, stop word, abbreviation): the
 * phrase must be one token (a trailing '.' is dropped); a weekday or a month
 * may be several (e). field: 'm', 'w', 'n', 's', 'a'; val2: a month's calendar. */
static cm_status add_word(cm_lexicon *lex, char field, const char *p, int val, int val2,
                          cm_lex_entry *e)
{
    toks a = {0};
    size_t n = strlen(p);
    while (n && p[n - 1] == '.') n--;
    cm_status st = phrase_tokens(lex, p, n, &a);
    if (st) return st;
    if ((field == 'w' || field == 'm') && a.n > 1 && e)
        return add_name_phrase(lex, &a, e, field == 'm');
    if (a.n != 1) return CM_PARSE;
    word *w = word_at(lex, a.key[0], a.klen[0], a.hash[0]);
    if (!w) return CM_NOMEM;
    switch (field) {
    case 'm':
        w->month = val;
        w->month_cal = (cm_calendar)val2;
        break;
    case 'w': w->weekday = val; break;
    case 'n': w->number = val; break;
    case 's': w->stop = true; break;
    default: w->abbr = true; break;
    }
    return CM_OK;
}

static int pat_cmp(const void *x, const void *y)
{
    const cm_lex_entry *a = *(const cm_lex_entry *const *)x, *b = *(const cm_lex_entry *const *)y;
    if (a->npat != b->npat) return a->npat > b->npat ? -1 : 1;
    if (a->nlit != b->nlit) return a->nlit > b->nlit ? -1 : 1;
    return a->line < b->line ? -1 : a->line > b->line;
}

static cm_status add_date(cm_lexicon *lex, const char *pat, cm_lex_entry *e)
{
    size_t cap = 16, n = 0;
    cm_pat_elem *el = cm_arena_calloc(lex->a, cap, sizeof *el);
    if (!el) return CM_NOMEM;
    const char *p = pat;
    while (*p) {
        while (*p == ' ') p++;
        if (!*p) break;
        const char *q = p;
        while (*q && *q != ' ') q++;
        size_t len = (size_t)(q - p);
        bool opt = len > 1 && p[len - 1] == '?';
        if (opt) len--;
        static const struct {
            const char *s;
            cm_pat_kind k;
        } slots[] = {{"{WD}", CM_PAT_WD}, {"{WD^}", CM_PAT_WDCAP}, {"{MON}", CM_PAT_MON},
                     {"{D}", CM_PAT_D},   {"{M}", CM_PAT_M},       {"{Y}", CM_PAT_Y},
                     {"{N}", CM_PAT_N},   {"{ISO}", CM_PAT_ISO},   {"{DMY}", CM_PAT_DMY},
                     {"{DM}", CM_PAT_DM}};
        bool slot_found = false;
        if (*p == '{') {
            for (size_t k = 0; k < sizeof slots / sizeof *slots; k++)
                if (strlen(slots[k].s) == len && !memcmp(slots[k].s, p, len)) {
                    if (n == cap) return CM_RANGE;
                    el[n++] = (cm_pat_elem){.kind = (uint8_t)slots[k].k, .optional = opt};
                    slot_found = true;
                }
            if (!slot_found) return CM_PARSE;
        } else {
            toks a = {0};
            cm_status st = phrase_tokens(lex, p, len, &a);
            if (st) return st;
            if (opt && a.n != 1) return CM_PARSE;
            for (size_t j = 0; j < a.n; j++) {
                if (n == cap) return CM_RANGE;
                el[n++] = (cm_pat_elem){.kind = CM_PAT_LIT, .optional = opt, .key = a.key[j],
                                        .klen = a.klen[j], .hash = a.hash[j]};
                e->nlit++;
            }
        }
        p = q;
    }
    if (!n || el[0].optional) return CM_PARSE;
    e->pat = el;
    e->npat = n;
    ptrvec *v;
    switch (el[0].kind) {
    case CM_PAT_LIT:
        {
            word *w = word_at(lex, el[0].key, el[0].klen, el[0].hash);
            if (!w) return CM_NOMEM;
            v = &w->date_lit;
        }
        break;
    case CM_PAT_WD: case CM_PAT_WDCAP: v = &lex->date_wd; break;
    case CM_PAT_MON: v = &lex->date_mon; break;
    case CM_PAT_ISO: v = &lex->date_iso; break;
    default: v = &lex->date_num; break;
    }
    if (vec_push(v, e)) return CM_NOMEM;
    qsort(v->v, v->n, sizeof *v->v, pat_cmp);
    return CM_OK;
}

/* s folded as the tokenizer folds a word's letters, into the lexicon's arena;
 * NULL when s holds anything but word characters (and, with apos, one leading
 * apostrophe), or on allocation failure (*bad tells which). */
static char *fold_clitic(cm_lexicon *lex, const char *s, bool apos, bool *bad)
{
    size_t n = strlen(s);
    char *o = cm_arena_alloc(lex->a, n * 2 + 8); /* a folded letter never grows past 4 bytes from 2 */
    *bad = false;
    if (!o) return NULL;
    size_t ol = 0;
    for (size_t i = 0; i < n;) {
        uint32_t c;
        size_t l = cm_tok_decode(s, n, i, &c);
        bool joiner = apos && i == 0 && cm_tok_is_joiner(c) && c != '-' && c != 0x2010 && c != 0x2011;
        if (c == 0xFFFFFFFFu || (!joiner && !cm_tok_is_word_cp(c))) {
            *bad = true;
            return NULL;
        }
        uint32_t f = cm_tok_fold_cp(c);
        char e[4];
        size_t el = cm_utf8_encode(f, e);
        if (ol + el + 1 > n * 2 + 8) {
            *bad = true;
            return NULL;
        }
        memcpy(o + ol, e, el);
        ol += el;
        i += l;
    }
    o[ol] = 0;
    return o;
}

/* Adds a clitic (prefix: restore is what its spelling took from the stem). */
static cm_status add_clitic(cm_lexicon *lex, ptrvec *v, const char *text, const char *restore)
{
    bool bad;
    bool suffix = v == &lex->suffixes;
    clitic *c = cm_arena_alloc(lex->a, sizeof *c);
    if (!c) return CM_NOMEM;
    c->key = fold_clitic(lex, text, suffix, &bad);
    if (!c->key) return bad ? CM_PARSE : CM_NOMEM;
    c->restore = *restore ? fold_clitic(lex, restore, false, &bad) : "";
    if (!c->restore) return bad ? CM_PARSE : CM_NOMEM;
    c->len = strlen(c->key);
    c->rlen = strlen(c->restore);
    if (!c->len || (suffix && c->len == 1 && c->key[0] == '\'')) return CM_PARSE;
    return vec_push(v, c);
}

/* Splits line into TAB-separated fields (in place); returns the count. */
static size_t fields(char *line, char **f, size_t max)
{
    size_t n = 0;
    char *p = line;
    while (n < max) {
        f[n++] = p;
        char *t = strchr(p, '\t');
        if (!t) break;
        *t = 0;
        p = t + 1;
    }
    for (size_t i = 0; i < n; i++) {
        char *s = f[i];
        while (*s == ' ') s++;
        size_t l = strlen(s);
        while (l && (s[l - 1] == ' ' || s[l - 1] == '\r')) s[--l] = 0;
        f[i] = s;
    }
    return n;
}

static bool parse_int(const char *s, int lo, int hi, int *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (!*s || *end || v < lo || v > hi) return false;
    *out = (int)v;
    return true;
}

/* Takes the entries a profile's line replaced (add_phrase) out of a kind's list. */
static void drop_replaced(ptrvec *v)
{
    size_t w = 0;
    for (size_t r = 0; r < v->n; r++)
        if (!((cm_lex_entry *)v->v[r])->replaced) v->v[w++] = v->v[r];
    v->n = w;
}

static cm_status parse_line(cm_ctx *ctx, cm_lexicon *lex, const char *path, int lineno,
                            char *line)
{
    char *f[8];
    size_t nf = fields(line, f, 8);
    if (nf == 1 && !*f[0]) return CM_OK;
    if (!strcmp(f[0], "lang")) {
        if (nf < 2 || !*f[1]) return cm_fail(ctx, CM_PARSE, "%s:%d: lang needs a code", path, lineno);
        lex->lang = cm_arena_strdup(lex->a, f[1]);
        lex->name = cm_arena_strdup(lex->a, nf > 2 ? f[2] : f[1]);
        return lex->lang && lex->name ? CM_OK : CM_NOMEM;
    }
    int kind = -1;
    for (int k = 0; k < CM_LEX_KIND_COUNT; k++)
        if (!strcmp(f[0], kind_names[k])) kind = k;
    if (kind < 0) return cm_fail(ctx, CM_PARSE, "%s:%d: unknown kind '%s'", path, lineno, f[0]);
    if (nf < 2 || !*f[1])
        return cm_fail(ctx, CM_PARSE, "%s:%d: %s needs a phrase", path, lineno, f[0]);
    cm_lex_entry *e = cm_arena_alloc(lex->a, sizeof *e);
    if (!e) return CM_NOMEM;
    e->kind = (cm_lex_kind)kind;
    e->line = lineno;
    e->file = lex->cur_file;
    e->day = CM_DAY_NONE;
    e->text = cm_arena_strdup(lex->a, f[1]);
    if (!e->text) return CM_NOMEM;
    const char *v1 = nf > 2 ? f[2] : "", *v2 = nf > 3 ? f[3] : "", *v3 = nf > 4 ? f[4] : "";
    cm_status st = CM_OK;
    switch (e->kind) {
    case CM_LEX_MONTH:
    case CM_LEX_WEEKDAY: {
        int hi = e->kind == CM_LEX_MONTH ? 12 : 7;
        if (!parse_int(v1, 1, hi, &e->ival))
            return cm_fail(ctx, CM_PARSE, "%s:%d: %s '%s' needs a number 1..%d", path, lineno,
                           f[0], f[1], hi);
        if (e->kind == CM_LEX_MONTH && *v2) {
            if (!strcmp(v2, "solar")) {
                lex->solar = true;
                e->ival2 = CM_CAL_SOLAR_HIJRI;
            } else if (strcmp(v2, "gregorian"))
                return cm_fail(ctx, CM_PARSE, "%s:%d: unknown calendar '%s' (gregorian, solar)",
                               path, lineno, v2);
        }
        st = add_word(lex, e->kind == CM_LEX_MONTH ? 'm' : 'w', f[1], e->ival, e->ival2, e);
        /* "aug." written with its dot is an abbreviation: its dot ends no sentence */
        if (!st && e->kind == CM_LEX_MONTH && f[1][strlen(f[1]) - 1] == '.')
            st = add_word(lex, 'a', f[1], 1, 0, NULL);
        break;
    }
    case CM_LEX_NUMBER:
        if (!parse_int(v1, 1, 999, &e->ival))
            return cm_fail(ctx, CM_PARSE, "%s:%d: number '%s' needs a value 1..999", path, lineno,
                           f[1]);
        st = add_word(lex, 'n', f[1], e->ival, 0, NULL);
        break;
    case CM_LEX_STOP: st = add_word(lex, 's', f[1], 1, 0, NULL); break;
    case CM_LEX_ABBR: st = add_word(lex, 'a', f[1], 1, 0, NULL); break;
    case CM_LEX_WDSUFFIX: {
        /* its key, folded as the tokenizer folds the word that carries it */
        toks a = {0};
        st = phrase_tokens(lex, f[1], strlen(f[1]), &a);
        if (!st && a.n != 1 && f[1][0] == '\'') {
            /* "'s" (Monday's) is no token of its own: the apostrophe stays
             * inside the word that carries it, as the tokenizer keeps it */
            char *k = cm_arena_strdup(lex->a, f[1]);
            if (!k) return CM_NOMEM;
            for (char *c = k; *c; c++)
                if (*c >= 'A' && *c <= 'Z') *c = (char)(*c + 32);
            st = vec_push(&lex->suffix, k);
            break;
        }
        if (!st && a.n != 1) st = CM_PARSE;
        if (!st) st = vec_push(&lex->suffix, (void *)a.key[0]);
        break;
    }
    case CM_LEX_ORDINAL: {
        /* the mark folded as the tokenizer folds letters; what it writes
         * against the number (".º") is compared with the keys of the tokens
         * after it, joined */
        size_t ml = strlen(f[1]);
        char *k = cm_arena_alloc(lex->a, ml * 2 + 8);
        if (!k) return CM_NOMEM;
        size_t kl = 0;
        for (size_t i = 0; i < ml;) {
            uint32_t c;
            size_t l = cm_tok_decode(f[1], ml, i, &c);
            if (c == 0xFFFFFFFFu || c == ' ' || c == '\t')
                return cm_fail(ctx, CM_PARSE, "%s:%d: bad ordinal mark '%s'", path, lineno, f[1]);
            kl += cm_utf8_encode(cm_tok_fold_cp(c), k + kl);
            i += l;
        }
        k[kl] = 0;
        if (!kl || (k[0] >= '0' && k[0] <= '9'))
            return cm_fail(ctx, CM_PARSE, "%s:%d: bad ordinal mark '%s'", path, lineno, f[1]);
        st = vec_push(&lex->ordinal, k);
        break;
    }
    case CM_LEX_DATE: {
        if (!in_list(v1, date_ops))
            return cm_fail(ctx, CM_PARSE, "%s:%d: unknown date operator '%s'", path, lineno, v1);
        if (!parse_int(v2, 0, 3, &e->ival))
            return cm_fail(ctx, CM_PARSE, "%s:%d: date rule needs a precision 0..3", path, lineno);
        if (*v3 && !parse_int(v3, -1000, 1000, &e->ival2))
            return cm_fail(ctx, CM_PARSE, "%s:%d: bad date argument '%s'", path, lineno, v3);
        e->sval = cm_arena_strdup(lex->a, v1);
        if (!e->sval) return CM_NOMEM;
        e->code = list_index(v1, date_ops);
        st = add_date(lex, f[1], e);
        if (st == CM_PARSE || st == CM_RANGE)
            return cm_fail(ctx, CM_PARSE, "%s:%d: bad date pattern '%s'", path, lineno, f[1]);
        break;
    }
    case CM_LEX_EVENT:
        if (!cm_day_parse(v1, strlen(v1), &e->day))
            return cm_fail(ctx, CM_PARSE, "%s:%d: event needs a date YYYY-MM-DD", path, lineno);
        st = add_phrase(lex, W_EVENTS, f[1], e);
        break;
    case CM_LEX_ACTOR:
        if (!*v1) return cm_fail(ctx, CM_PARSE, "%s:%d: actor needs a class", path, lineno);
        {
            /* "@": the last side named; "@group": the last armed group named, never
             * the state ("kelompok itu", "the group"); a side of the profile that
             * holds ground: its controller number; any other class: 0 */
            cm_controller c = lex->profile ? cm_profile_ctrl_parse(lex->profile, v1, strlen(v1)) : CM_CTRL_NONE;
            e->code = !strcmp(v1, "@") || !strcmp(v1, "@group") ? CM_SIDE_ANAPHOR
                      : lex->profile && cm_profile_ctrl_ground(lex->profile, c) ? (int)c : CM_SIDE_OTHER;
        }
        e->sval = cm_arena_strdup(lex->a, v1);
        st = e->sval ? add_phrase(lex, W_PHRASES, f[1], e) : CM_NOMEM;
        break;
    case CM_LEX_ACTION:
        if (!in_list(v1, actions))
            return cm_fail(ctx, CM_PARSE, "%s:%d: unknown action '%s'", path, lineno, v1);
        if (!in_list(v2, voices))
            return cm_fail(ctx, CM_PARSE, "%s:%d: unknown voice '%s'", path, lineno, v2);
        /* "against": the actor right after it is the opponent ("bebas dari");
         * "from_target": the place after a `from` word is the target and the
         * actor it is taken from the object ("drove the Taliban out of X") */
        if (*v3 && strcmp(v3, "against") && strcmp(v3, "from_target"))
            return cm_fail(ctx, CM_PARSE, "%s:%d: unknown action flag '%s'", path, lineno, v3);
        e->ival2 = !*v3 ? 0 : !strcmp(v3, "against") ? CM_ACTF_AGAINST : CM_ACTF_FROM_TARGET;
        e->code = list_index(v1, actions);
        e->voice = list_index(v2, voices);
        e->sval = cm_arena_strdup(lex->a, v1);
        e->sval2 = cm_arena_strdup(lex->a, v2);
        st = e->sval && e->sval2 ? add_phrase(lex, W_PHRASES, f[1], e) : CM_NOMEM;
        break;
    case CM_LEX_ATTRIBUTION:
        if (strcmp(v1, "after") && strcmp(v1, "before"))
            return cm_fail(ctx, CM_PARSE, "%s:%d: attribution needs after or before", path, lineno);
        e->code = !strcmp(v1, "after");
        e->sval2 = cm_arena_strdup(lex->a, v1);
        st = e->sval2 ? add_phrase(lex, W_PHRASES, f[1], e) : CM_NOMEM;
        break;
    case CM_LEX_NEGATION:
    case CM_LEX_IRREALIS:
        if (*v1 && strcmp(v1, "before") && strcmp(v1, "clause"))
            return cm_fail(ctx, CM_PARSE, "%s:%d: scope must be before or clause", path, lineno);
        /* "whole": it denies only that all of the place is meant ("not fully",
         * "nicht vollständig"): the rest may well be held; "degree": a word of
         * totality that negates nothing itself ("totalmente", "vollständig") but
         * makes another negation of its clause one of the whole */
        if (e->kind == CM_LEX_NEGATION && *v2 && strcmp(v2, "whole") && strcmp(v2, "degree"))
            return cm_fail(ctx, CM_PARSE, "%s:%d: unknown negation flag '%s' (whole or degree)", path, lineno, v2);
        e->ival2 = e->kind != CM_LEX_NEGATION || !*v2 ? CM_NEG_PLAIN : !strcmp(v2, "whole") ? CM_NEG_WHOLE : CM_NEG_DEGREE;
        e->code = !strcmp(v1, "clause");
        e->sval2 = cm_arena_strdup(lex->a, *v1 ? v1 : "before");
        st = e->sval2 ? add_phrase(lex, W_PHRASES, f[1], e) : CM_NOMEM;
        break;
    case CM_LEX_ANAPHOR:
        if (!in_list(v1, anaphors))
            return cm_fail(ctx, CM_PARSE, "%s:%d: unknown anaphor kind '%s'", path, lineno, v1);
        e->code = list_index(v1, anaphors);
        e->sval = cm_arena_strdup(lex->a, v1);
        st = e->sval ? add_phrase(lex, W_PHRASES, f[1], e) : CM_NOMEM;
        break;
    case CM_LEX_UNIT:
        if (!in_list(v1, unit_levels))
            return cm_fail(ctx, CM_PARSE, "%s:%d: unit needs a level (sub, city, district, province, country), not '%s'",
                           path, lineno, v1);
        e->code = list_index(v1, unit_levels);
        e->sval = cm_arena_strdup(lex->a, v1);
        st = e->sval ? add_phrase(lex, W_PHRASES, f[1], e) : CM_NOMEM;
        break;
    case CM_LEX_PREFIX:
    case CM_LEX_SUFFIX:
        if (e->kind == CM_LEX_SUFFIX && *v1)
            return cm_fail(ctx, CM_PARSE, "%s:%d: a suffix takes no value", path, lineno);
        st = add_clitic(lex, e->kind == CM_LEX_PREFIX ? &lex->prefixes : &lex->suffixes, f[1], v1);
        if (st == CM_PARSE)
            return cm_fail(ctx, CM_PARSE, "%s:%d: a clitic is letters with at most an apostrophe before them, not '%s'",
                           path, lineno, f[1]);
        e->sval = ""; /* the folded forms live in the clitic */
        break;
    case CM_LEX_BOUNDARY:
        /* "time": a word of time ("when", "عندما"): the clause it opens
         * happened at the date written right before it ("On Friday, when
         * Zaranj fell") */
        if (*v1 && strcmp(v1, "time"))
            return cm_fail(ctx, CM_PARSE, "%s:%d: boundary takes no value or time, not '%s'", path, lineno, v1);
        e->code = *v1 ? CM_BOUNDARY_TIME : CM_BOUNDARY_PLAIN;
        st = add_phrase(lex, W_PHRASES, f[1], e);
        break;
    case CM_LEX_SKIP:
        /* "end": a credit ("REUTERS") that makes the paragraph it ends a
         * photo caption; else a phrase that makes the sentence it starts
         * boilerplate */
        if (*v1 && strcmp(v1, "end"))
            return cm_fail(ctx, CM_PARSE, "%s:%d: skip takes no value or end, not '%s'", path, lineno, v1);
        e->code = *v1 ? CM_SKIP_END : CM_SKIP_START;
        st = add_phrase(lex, W_PHRASES, f[1], e);
        break;
    case CM_LEX_RETAKE_FROM:
        e->sval = e->text;
        break;
    case CM_LEX_OPTION:
        if (strcmp(f[1], "verb_second") && strcmp(f[1], "verb_final"))
            return cm_fail(ctx, CM_PARSE, "%s:%d: unknown option '%s'", path, lineno, f[1]);
        e->sval = e->text;
        break;
    default:
        st = add_phrase(lex, W_PHRASES, f[1], e);
        break;
    }
    if (st == CM_PARSE)
        return cm_fail(ctx, CM_PARSE, "%s:%d: bad phrase '%s'", path, lineno, f[1]);
    if (st) return cm_fail(ctx, st, "%s:%d: out of memory", path, lineno);
    if (vec_push(&lex->kind[e->kind], e)) return cm_fail(ctx, CM_NOMEM, "out of memory");
    drop_replaced(&lex->kind[e->kind]);
    return CM_OK;
}

/* Reads the lines of the file path into lex (a lexicon file, or a profile's
 * words for its language, cm_lex_entry.file then naming it). */
static cm_status load_lines(cm_ctx *ctx, cm_lexicon *lex, const char *path)
{
    cm_buf b = {0};
    cm_status st = cm_file_read(ctx, path, 16u << 20, &b);
    if (st) return st;
    char *p = b.p ? b.p : (char *)"";
    int lineno = 0;
    while (*p || (p == b.p && b.n)) {
        char *e = strchr(p, '\n');
        if (e) *e = 0;
        lineno++;
        if (lineno == 1 && (unsigned char)p[0] == 0xEF && (unsigned char)p[1] == 0xBB &&
            (unsigned char)p[2] == 0xBF)
            p += 3;
        if (*p != '#') {
            st = parse_line(ctx, lex, path, lineno, p);
            if (st == CM_NOMEM) st = cm_fail(ctx, CM_NOMEM, "%s:%d: out of memory", path, lineno);
            if (st) break;
        }
        if (!e) break;
        p = e + 1;
    }
    cm_buf_free(&b);
    return st;
}

/* "afghanistan/words/en.tsv": the words file as explanations cite it. */
static const char *words_name(cm_lexicon *lex, const cm_profile *prof)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s/words/%s.tsv", cm_profile_name(prof), lex->lang);
    return cm_arena_strdup(lex->a, buf);
}

cm_status cm_lexicon_load_for(cm_ctx *ctx, const char *path, const cm_profile *prof, cm_lexicon **out)
{
    *out = NULL;
    cm_lexicon *lex = calloc(1, sizeof *lex);
    if (!lex || !(lex->a = cm_arena_new())) {
        free(lex);
        return cm_fail(ctx, CM_NOMEM, "out of memory");
    }
    lex->profile = prof;
    lex->path = cm_arena_strdup(lex->a, path);
    cm_status st = lex->path ? load_lines(ctx, lex, path) : cm_fail(ctx, CM_NOMEM, "out of memory");
    if (!st && !lex->lang) {
        /* the base name without .tsv */
        const char *s = strrchr(path, '/');
        s = s ? s + 1 : path;
        size_t n = strlen(s);
        if (n > 4 && !strcmp(s + n - 4, ".tsv")) n -= 4;
        lex->lang = cm_arena_strndup(lex->a, s, n);
        lex->name = lex->lang;
        if (!lex->lang) st = cm_fail(ctx, CM_NOMEM, "out of memory");
    }
    const char *words = !st && prof ? cm_profile_words(prof, lex->lang) : NULL;
    if (words) {
        if (!(lex->cur_file = words_name(lex, prof))) st = cm_fail(ctx, CM_NOMEM, "out of memory");
        if (!st) st = load_lines(ctx, lex, words);
        lex->cur_file = NULL;
    }
    if (st) {
        cm_lexicon_free(lex);
        return st;
    }
    *out = lex;
    return CM_OK;
}

cm_status cm_lexicon_load(cm_ctx *ctx, const char *path, cm_lexicon **out)
{
    return cm_lexicon_load_for(ctx, path, NULL, out);
}

const cm_profile *cm_lexicon_profile(const cm_lexicon *lex) { return lex ? lex->profile : NULL; }

static int lexcmp(const void *x, const void *y)
{
    const cm_lexicon *a = *(const cm_lexicon *const *)x, *b = *(const cm_lexicon *const *)y;
    return strcmp(a->lang, b->lang);
}

cm_status cm_lexset_load(cm_ctx *ctx, const char *dir, const cm_profile *prof, cm_lexset *out)
{
    *out = (cm_lexset){0};
    if (!dir) dir = cm_lexicon_dir();
    DIR *d = opendir(dir);
    if (!d) return cm_fail(ctx, CM_IO, "cannot open lexicon folder %s", dir);
    cm_status st = CM_OK;
    struct dirent *de;
    ptrvec names = {0};
    while ((de = readdir(d))) {
        size_t n = strlen(de->d_name);
        if (de->d_name[0] == '.' || n < 5 || strcmp(de->d_name + n - 4, ".tsv")) continue;
        char *s = strdup(de->d_name);
        if (!s || vec_push(&names, s)) {
            free(s);
            st = cm_fail(ctx, CM_NOMEM, "out of memory");
            break;
        }
    }
    closedir(d);
    if (!st && !names.n) st = cm_fail(ctx, CM_NOTFOUND, "no lexicon (*.tsv) in %s", dir);
    if (!st) {
        out->v = calloc(names.n, sizeof *out->v);
        if (!out->v) st = cm_fail(ctx, CM_NOMEM, "out of memory");
    }
    for (size_t i = 0; !st && i < names.n; i++) {
        cm_buf p = {0};
        if (cm_buf_printf(&p, "%s/%s", dir, (char *)names.v[i])) {
            st = cm_fail(ctx, CM_NOMEM, "out of memory");
            break;
        }
        st = cm_lexicon_load_for(ctx, p.p, prof, &out->v[out->n]);
        if (!st) out->n++;
        cm_buf_free(&p);
    }
    for (size_t i = 0; i < names.n; i++) free(names.v[i]);
    free(names.v);
    if (st) {
        cm_lexset_free(out);
        return st;
    }
    qsort(out->v, out->n, sizeof *out->v, lexcmp);
    return CM_OK;
}

void cm_lexset_free(cm_lexset *set)
{
    if (!set) return;
    for (size_t i = 0; i < set->n; i++) cm_lexicon_free(set->v[i]);
    free(set->v);
    *set = (cm_lexset){0};
}

const cm_lexicon *cm_lexset_get(const cm_lexset *set, const char *lang)
{
    if (!lang) return NULL;
    for (size_t i = 0; i < set->n; i++)
        if (!strcmp(set->v[i]->lang, lang)) return set->v[i];
    return NULL;
}

/* ---- matching -------------------------------------------------------------- */

const cm_lex_entry *cm_lex_hit_get(const cm_lex_hit *h, cm_lex_kind kind)
{
    if (!(h->kinds & (1u << kind))) return NULL;
    for (size_t i = 0; i < h->ne; i++)
        if (h->e[i]->kind == kind) return h->e[i];
    return NULL;
}

static bool tok_eq(const cm_token *t, const char *k, uint32_t kl, uint32_t h)
{
    return t->hash == h && t->klen == kl && key_eq(t->key, k, kl);
}

static bool sentence_end(const cm_token *t)
{
    if (t->flags & CM_TOKF_PARA) return true;
    if (t->kind != CM_TOK_PUNCT) return false;
    /* the Arabic-script full stop, question mark and semicolon ("۔", "؟", "؛") */
    if (t->klen == 2 && (!memcmp(t->key, "\xdb\x94", 2) || !memcmp(t->key, "\xd8\x9f", 2) ||
                         !memcmp(t->key, "\xd8\x9b", 2)))
        return true;
    return t->klen == 1 &&
           (t->key[0] == '.' || t->key[0] == '!' || t->key[0] == '?' || t->key[0] == ';');
}

/* Characters (code points) of UTF-8 s[0..n). */
static size_t cp_count(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++) c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

/* Does the word token t start a phrase of the lexicon as written? Such a
 * token is never read as clitic + stem. */
static bool starts_phrase(const cm_lexicon *lex, const cm_token *t)
{
    const word *w = word_of(lex, t);
    return w && w->phrases.n;
}

/* Is token t the phrase word k, or (last word of its phrase) k with a suffix? */
static bool tok_word(const cm_lexicon *lex, const cm_token *t, const char *k, uint32_t kl,
                     uint32_t h, bool last)
{
    if (tok_eq(t, k, kl, h)) return true;
    if (!last || !lex->suffixes.n || t->kind != CM_TOK_WORD || t->klen <= kl ||
        memcmp(t->key, k, kl) || cp_count(k, kl) < CM_LEX_MIN_STEM)
        return false;
    for (size_t q = 0; q < lex->suffixes.n; q++) {
        const clitic *c = lex->suffixes.v[q];
        if (c->len == t->klen - kl && !memcmp(t->key + kl, c->key, c->len))
            return !starts_phrase(lex, t);
    }
    return false;
}

/* Does phrase ph match at t[i], its first word already matched (the bucket's
 * key, or the token's stem)? Sets the second part's position for gaps. */
static bool phrase_at(const cm_lexicon *lex, const phrase *ph, const cm_token *t, size_t n,
                      size_t i, size_t *j2)
{
    size_t first = ph->gap ? ph->gap : ph->ntok;
    if (i + first > n) return false;
    for (size_t j = 1; j < first; j++)
        if (!tok_word(lex, &t[i + j], ph->key[j], ph->klen[j], ph->hash[j], j + 1 == ph->ntok))
            return false;
    if (!ph->gap) return true;
    size_t rest = ph->ntok - ph->gap;
    for (size_t s = i + first; s < n && s < i + first + 12; s++) {
        if (s > i + first && sentence_end(&t[s])) break;
        if (s + rest > n) break;
        bool ok = true;
        for (size_t j = 0; j < rest && ok; j++)
            ok = tok_word(lex, &t[s + j], ph->key[ph->gap + j], ph->klen[ph->gap + j],
                          ph->hash[ph->gap + j], ph->gap + j + 1 == ph->ntok);
        if (ok && s > i + first) {
            *j2 = s;
            return true;
        }
    }
    return false;
}

/* The longest phrase of bucket w matching at t[i] (w's key standing for the
 * first word), or NULL; one_word: only phrases of one word (a suffix was taken
 * off the token). */
static const phrase *bucket_match(const cm_lexicon *lex, const word *w, const cm_token *t,
                                  size_t n, size_t i, bool one_word, size_t *j2)
{
    if (!w) return NULL;
    for (size_t k = 0; k < w->phrases.n; k++) {
        const phrase *ph = w->phrases.v[k];
        if (one_word && ph->ntok != 1) continue;
        if (phrase_at(lex, ph, t, n, i, j2)) return ph;
    }
    return NULL;
}

/* The phrase a word token written with clitics starts (see cm_lex_scan in
 * lexicon.h): every prefix and suffix of the lexicon the token carries, alone
 * and together, leaving a stem of CM_LEX_MIN_STEM characters or more. */
static const phrase *clitic_match(const cm_lexicon *lex, const cm_token *t, size_t n, size_t i,
                                  size_t *j2)
{
    const cm_token *tk = &t[i];
    const phrase *best = NULL;
    size_t best_pl = 0;
    char buf[256];
    for (size_t p = 0; p <= lex->prefixes.n; p++) {
        const clitic *pc = p ? lex->prefixes.v[p - 1] : NULL;
        size_t pl = pc ? pc->len : 0;
        if (pc && (pl >= tk->klen || memcmp(tk->key, pc->key, pl))) continue;
        for (size_t q = 0; q <= lex->suffixes.n; q++) {
            const clitic *sc = q ? lex->suffixes.v[q - 1] : NULL;
            size_t sl = sc ? sc->len : 0;
            if ((!pc && !sc) || pl + sl >= tk->klen) continue;
            if (sc && memcmp(tk->key + tk->klen - sl, sc->key, sl)) continue;
            size_t stem = tk->klen - pl - sl, rl = pc ? pc->rlen : 0;
            if (cp_count(tk->key + pl, stem) < CM_LEX_MIN_STEM || rl + stem > sizeof buf) continue;
            if (rl) memcpy(buf, pc->restore, rl);
            memcpy(buf + rl, tk->key + pl, stem);
            const word *w = map_get(&lex->words, buf, rl + stem, cm_lex_hash(buf, rl + stem));
            size_t jj = 0;
            const phrase *ph = bucket_match(lex, w, t, n, i, sc != NULL, &jj);
            if (!ph) continue;
            if (!best || ph->ntok > best->ntok || (ph->ntok == best->ntok && pl < best_pl)) {
                best = ph;
                best_pl = pl;
                *j2 = jj;
            }
        }
    }
    return best;
}

/* A word written reduplicated, the plural of Indonesian and Malay ("kota-kota",
 * "distrik-distrik"): the phrase its single form starts, or NULL. */
static const phrase *redup_match(const cm_lexicon *lex, const cm_token *t, size_t n, size_t i,
                                 size_t *j2)
{
    const cm_token *tk = &t[i];
    size_t half = tk->klen / 2;
    if (tk->kind != CM_TOK_WORD || tk->klen < 5 || tk->klen % 2 == 0 || tk->key[half] != '-' ||
        memcmp(tk->key, tk->key + half + 1, half))
        return NULL;
    const word *w = map_get(&lex->words, tk->key, half, cm_lex_hash(tk->key, half));
    return w && w->phrases.n ? bucket_match(lex, w, t, n, i, false, j2) : NULL;
}

cm_status cm_lex_scan(const cm_lexicon *lex, const cm_token *t, size_t n, cm_arena *a,
                      cm_lex_hit **out, size_t *nout)
{
    size_t cap = 64, nh = 0;
    cm_lex_hit *h = cm_arena_calloc(a, cap, sizeof *h);
    if (!h) return CM_NOMEM;
    bool clitics = lex->prefixes.n || lex->suffixes.n;
    /* the second part of the last gap phrase ("tomaron ... el control de"): it
     * belongs to that phrase and is not read again as a phrase of its own */
    size_t part2 = n, part2_end = n;
    for (size_t i = 0; i < n;) {
        if (i >= part2 && i < part2_end) {
            i = part2_end;
            continue;
        }
        bool quote = t[i].kind == CM_TOK_PUNCT && t[i].klen == 1 && t[i].key[0] == '"';
        const word *w = quote ? NULL : word_of(lex, &t[i]);
        size_t j2 = 0;
        const phrase *got = w && w->phrases.n ? bucket_match(lex, w, t, n, i, false, &j2) : NULL;
        if (!got && clitics && t[i].kind == CM_TOK_WORD && !(w && w->phrases.n))
            got = clitic_match(lex, t, n, i, &j2);
        if (!got && !w) got = redup_match(lex, t, n, i, &j2);
        if (!got) {
            i++;
            continue;
        }
        if (nh == cap) {
            cm_lex_hit *nhv = cm_arena_calloc(a, cap * 2, sizeof *nhv);
            if (!nhv) return CM_NOMEM;
            memcpy(nhv, h, nh * sizeof *h);
            h = nhv;
            cap *= 2;
        }
        size_t first = got->gap ? got->gap : got->ntok;
        if (got->gap) {
            part2 = j2;
            part2_end = j2 + (got->ntok - got->gap);
        }
        h[nh++] = (cm_lex_hit){.tok = i, .ntok = first, .tok2 = got->gap ? j2 : 0,
                               .ntok2 = got->gap ? got->ntok - got->gap : 0,
                               .kinds = got->kinds,
                               .e = (const cm_lex_entry *const *)got->entries.v,
                               .ne = got->entries.n};
        i += first;
    }
    *out = h;
    *nout = nh;
    return CM_OK;
}

int cm_lex_month(const cm_lexicon *lex, const cm_token *t)
{
    if (t->kind != CM_TOK_WORD) return 0;
    const word *w = word_of(lex, t);
    return w ? w->month : 0;
}

/* Weekday of a key that carries a suffix ("montagabend"), or 0. */
static int suffixed_weekday(const cm_lexicon *lex, const cm_token *t)
{
    for (size_t i = 0; i < lex->suffix.n; i++) {
        const char *sfx = lex->suffix.v[i];
        size_t sl = strlen(sfx);
        if (t->klen <= sl || memcmp(t->key + t->klen - sl, sfx, sl)) continue;
        size_t kl = t->klen - sl;
        const word *w = map_get(&lex->words, t->key, kl, cm_lex_hash(t->key, kl));
        if (w && w->weekday) return w->weekday;
    }
    return 0;
}

int cm_lex_weekday(const cm_lexicon *lex, const cm_token *t)
{
    if (t->kind != CM_TOK_WORD) return 0;
    const word *w = word_of(lex, t);
    if (w && w->weekday) return w->weekday;
    return suffixed_weekday(lex, t);
}

size_t cm_lex_ordinal_day(const cm_lexicon *lex, const cm_token *t, size_t n, int *day)
{
    if (!n || !lex->ordinal.n) return 0;
    /* the digits the token starts with */
    size_t nd = 0;
    while (nd < t->klen && t->key[nd] >= '0' && t->key[nd] <= '9') nd++;
    if (nd < 1 || nd > 2) return 0;
    int d = t->key[0] - '0';
    if (nd == 2) d = d * 10 + (t->key[1] - '0');
    if (d < 1 || d > 31) return 0;
    for (size_t i = 0; i < lex->ordinal.n; i++) {
        const char *m = lex->ordinal.v[i];
        size_t ml = strlen(m);
        if (t->kind == CM_TOK_WORD) {
            /* "1er", "15th", "1º": the mark is the rest of the word */
            if (t->klen == nd + ml && !memcmp(t->key + nd, m, ml)) {
                *day = d;
                return 1;
            }
            continue;
        }
        if (t->kind != CM_TOK_NUM || (size_t)t->klen != nd) continue;
        /* "1°", "1.º": the mark in the tokens written against the number */
        size_t got = 0, j = 1;
        size_t end = t->off + t->len;
        while (j < n && j <= 2 && got < ml && t[j].off == end && t[j].klen <= ml - got &&
               !memcmp(m + got, t[j].key, t[j].klen)) {
            got += t[j].klen;
            end = t[j].off + t[j].len;
            j++;
        }
        if (got == ml) {
            *day = d;
            return j;
        }
    }
    return 0;
}

int cm_lex_number(const cm_lexicon *lex, const cm_token *t)
{
    if (t->kind != CM_TOK_WORD) return 0;
    const word *w = word_of(lex, t);
    return w ? w->number : 0;
}

cm_calendar cm_lex_month_calendar(const cm_lexicon *lex, const cm_token *t)
{
    const word *w = t->kind == CM_TOK_WORD ? word_of(lex, t) : NULL;
    return w && w->month ? w->month_cal : CM_CAL_GREGORIAN;
}

size_t cm_lex_weekday_at(const cm_lexicon *lex, const cm_token *t, size_t n, int *wd)
{
    *wd = 0;
    if (!n || t->kind != CM_TOK_WORD) return 0;
    const word *w = word_of(lex, t);
    if (w)
        for (size_t k = 0; k < w->wdphr.n; k++) {
            const phrase *ph = w->wdphr.v[k];
            size_t j2;
            if (phrase_at(lex, ph, t, n, 0, &j2)) {
                *wd = ((const cm_lex_entry *)ph->entries.v[0])->ival;
                return ph->ntok;
            }
        }
    *wd = cm_lex_weekday(lex, t);
    return *wd ? 1 : 0;
}

size_t cm_lex_month_at(const cm_lexicon *lex, const cm_token *t, size_t n, int *mon,
                       cm_calendar *cal)
{
    *mon = 0;
    *cal = CM_CAL_GREGORIAN;
    if (!n || t->kind != CM_TOK_WORD) return 0;
    const word *w = word_of(lex, t);
    if (!w) return 0;
    for (size_t k = 0; k < w->monphr.n; k++) {
        const phrase *ph = w->monphr.v[k];
        size_t j2;
        if (phrase_at(lex, ph, t, n, 0, &j2)) {
            const cm_lex_entry *e = ph->entries.v[0];
            *mon = e->ival;
            *cal = (cm_calendar)e->ival2;
            return ph->ntok;
        }
    }
    if (!w->month) return 0;
    *mon = w->month;
    *cal = w->month_cal;
    return 1;
}

bool cm_lex_is_stop(const cm_lexicon *lex, const cm_token *t)
{
    const word *w = word_of(lex, t);
    return w && w->stop;
}

bool cm_lex_is_abbr(const cm_lexicon *lex, const cm_token *t)
{
    if (t->kind != CM_TOK_WORD) return false;
    if (t->klen == 1) return true; /* an initial */
    const word *w = word_of(lex, t);
    return w && w->abbr;
}

void cm_lex_date_info(const cm_lexicon *lex, const cm_token *t, cm_lex_dateinfo *out)
{
    memset(out, 0, sizeof *out);
    const word *w = word_of(lex, t);
    if (w) {
        out->lit = (const cm_lex_entry *const *)w->date_lit.v;
        out->nlit = w->date_lit.n;
        out->event = w->events.n > 0;
        out->month = t->kind == CM_TOK_WORD ? w->month : 0;
        out->weekday = t->kind == CM_TOK_WORD ? w->weekday : 0;
        out->number = t->kind == CM_TOK_WORD ? w->number : 0;
        out->weekday_phrase = t->kind == CM_TOK_WORD && w->wdphr.n > 0;
        out->month_phrase = t->kind == CM_TOK_WORD && w->monphr.n > 0;
    }
    if (t->kind == CM_TOK_WORD && !out->weekday && lex->suffix.n) out->weekday = suffixed_weekday(lex, t);
    const ptrvec *v = NULL;
    if (t->kind == CM_TOK_NUM) v = &lex->date_num;
    else if (t->kind == CM_TOK_WORD && t->klen == 10 && t->key[4] == '-' && t->key[7] == '-')
        v = &lex->date_iso;
    else if (out->weekday || out->weekday_phrase) v = &lex->date_wd;
    else if (out->month || out->month_phrase) v = &lex->date_mon;
    else if (out->number) v = &lex->date_num; /* "three weeks ago": {N} */
    else if (t->kind == CM_TOK_WORD && t->key[0] >= '0' && t->key[0] <= '9')
        v = &lex->date_num; /* "15-08-2021": {DMY} */
    if (v) {
        out->slot = (const cm_lex_entry *const *)v->v;
        out->nslot = v->n;
    }
}

const cm_lex_entry *cm_lex_event_at(const cm_lexicon *lex, const cm_token *t, size_t n,
                                    size_t *len)
{
    const word *w = word_of(lex, t);
    if (!w || !w->events.n) return NULL;
    for (size_t k = 0; k < w->events.n; k++) {
        const phrase *ph = w->events.v[k];
        size_t j2;
        if (!ph->gap && phrase_at(lex, ph, t, n, 0, &j2)) {
            *len = ph->ntok;
            return ph->entries.v[0];
        }
    }
    return NULL;
}
