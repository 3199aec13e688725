/* mention: the place finder and resolver (see mention.h).
 *
 * FIND. One pass over the words of the text (norm.h). Only a word that starts
 * with a capital letter (or a letter of an uncased script: Dari, Pashto) can
 * start a name. From it the finder walks the gazetteer's double-array trie
 * over the keys of this word and the following ones (while the gaps between
 * them may lie inside a name: spaces, hyphens, apostrophes) and keeps the
 * longest key that names a place: "Mazar-i-Sharif" is one place, never
 * "Sharif". Where no listed spelling matches, windows of one to three
 * capitalised Latin words (ezafe connectors allowed between them: "Masar-i-
 * Scharif") are looked up by transliteration skeleton and compared with the
 * names of that skeleton under the romanisation cost (translit.h), accepted
 * within a bound relative to the name's length (capitalised Cyrillic words
 * too, through their Latin romanisation: "Шугнон" ~ Shighnan). The same
 * comparison adds the
 * near spellings of other entries to an exact match ("Herat" the city also
 * suggests "Hirat" the province), so that context can choose between them.
 *
 * RESOLVE. Each mention's candidate entries are scored from: the kind and its
 * prior (a country > a province > a district > a populated place, the latter by
 * population; a province's seat beats the province of the same name unless the
 * context says province), the quality of the name (canonical, curated, or a
 * GeoNames alternate; the transliteration cost), the context words around the
 * mention ("provinsi X", "distrik X", "X province", "lembah X", "Bandara X",
 * carried along lists: "distrik Banu, Pol-e-Hesar dan De Salah"), and the other
 * places of the same text (a district or town inside a province the text names
 * wins, and most the province named right after it: "Nawa in Helmand"). The
 * confidence grows with the margin over the best candidate naming
 * another unit; the alternatives beaten are kept.
 *
 * REJECT. A name that is also a common word of the lexicon languages ("Para",
 * "Bala") needs a context word. A weak match (a transliteration match, or a
 * small village) right after a capitalised word that is no place and no
 * context word, or after a title ("Presiden", "General"), is read as part of a
 * person's name ("Khair Muhammad Andarabi"), and then so is every other
 * occurrence of the same word in the text (one sense per discourse: "Amirullah
 * Saleh" ... "Saleh menggantikan").
 *
 * Transliteration results are memoised per thread (keyed by the gazetteer's
 * identity), since a corpus repeats its capitalised words. No GDAL, PROJ or
 * Cairo. */
#include "text/mention.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <threads.h>

#include "core/str.h"
#include "text/gaz.h"
#include "text/norm.h"
#include "text/translit.h"

#define MAX_NAME_WORDS 8  /* words in one listed name */
#define MAX_FUZZY_WORDS 3 /* content words in one transliteration window */
#define MAX_CAND 8        /* transliteration candidates kept per window */
#define MIN_FUZZY_KEY 4   /* shorter words are never transliteration candidates */

typedef struct memo_slot memo_slot; /* transliteration memo (below) */

/* ---- token stream ---------------------------------------------------------------- */

typedef struct {
    cm_norm_word w;
    char key[CM_NORM_WORD_MAX];
    size_t klen;        /* (size_t)-1: too long */
    bool keyed;
    bool wf_done;
    uint32_t wflags;    /* word flags of this word's key alone */
} tok;

/* The words around one candidate position (the anchor): tokens are numbered
 * from ANCHOR (the word at the anchor) forward, and ANCHOR-1.. backward (the
 * words before it, found by scanning back only when the context asks). */
#define ANCHOR 8
#define FWD 16
#define BACK 4

typedef struct {
    const cm_gaz *g;
    const char *s;
    size_t n;
    uint32_t gaz_id;    /* gaz_identity(g), for the caches */
    memo_slot *memo;    /* this thread's transliteration memo, or NULL */
    size_t anchor;      /* byte offset of the anchor word */
    size_t nf, nb;      /* tokens produced forward and backward */
    bool fwd_end, back_end;
    tok fwd[FWD], back[BACK];
    cm_gaz_node first_node; /* trie node after the anchor word, -1 when the walk died in it */
    char kx[CM_NORM_WORD_MAX * 2]; /* key of the exact match */
    char kf[CM_NORM_WORD_MAX * 2]; /* key of the transliteration match */
} stream;

static void anchor_at(stream *st, size_t pos)
{
    st->anchor = pos;
    st->nf = st->nb = 0;
    st->fwd_end = st->back_end = false;
}

/* Token number i (see above), produced as needed; NULL when there is none or
 * it lies beyond the window. */
static tok *tok_at(stream *st, size_t i)
{
    if (i >= ANCHOR) {
        size_t k = i - ANCHOR;
        if (k >= FWD) return NULL;
        while (st->nf <= k) {
            if (st->fwd_end) return NULL;
            tok *t = &st->fwd[st->nf];
            size_t from = st->nf ? st->fwd[st->nf - 1].w.end : st->anchor;
            if (!cm_norm_next_word(st->s, st->n, from, &t->w)) {
                st->fwd_end = true;
                return NULL;
            }
            t->keyed = t->wf_done = false;
            st->nf++;
        }
        return &st->fwd[k];
    }
    size_t k = ANCHOR - 1 - i;
    if (k >= BACK || !tok_at(st, ANCHOR)) return NULL;
    while (st->nb <= k) {
        if (st->back_end) return NULL;
        tok *t = &st->back[st->nb];
        size_t from = st->nb ? st->back[st->nb - 1].w.off : st->fwd[0].w.off;
        if (!cm_norm_prev_word(st->s, st->n, from, &t->w)) {
            st->back_end = true;
            return NULL;
        }
        t->keyed = t->wf_done = false;
        st->nb++;
    }
    return &st->back[k];
}

static size_t tok_key(stream *st, tok *t)
{
    if (!t->keyed) {
        t->klen = cm_norm_word_key(st->s, &t->w, t->key, sizeof t->key);
        t->keyed = true;
    }
    return t->klen;
}

/* The context flags of the first stem of t (cm_norm_stems) that is a context
 * word: "провинции" (провинция), "بولاية" (ولاية). */
static uint32_t stem_wflags(stream *st, tok *t, size_t l)
{
    cm_norm_stem sm[CM_NORM_STEMS];
    size_t ns = cm_norm_stems(st->s, &t->w, t->key, l, sm, CM_NORM_STEMS);
    for (size_t q = 0; q < ns; q++) {
        cm_gaz_hit h;
        if (cm_gaz_lookup_key(st->g, sm[q].k, sm[q].n, &h) && (h.wflags & CM_GAZ_CTX_ANY))
            return h.wflags & (CM_GAZ_CTX_ANY | CM_GAZ_WORD_BEFORE);
    }
    return 0;
}

static uint32_t tok_wflags(stream *st, tok *t)
{
    if (!t->wf_done) {
        t->wflags = 0;
        size_t l = tok_key(st, t);
        cm_gaz_hit h;
        if (l != (size_t)-1 && l && cm_gaz_lookup_key(st->g, t->key, l, &h)) t->wflags = h.wflags;
        else if (l != (size_t)-1 && l && (unsigned char)t->key[0] >= 0x80)
            t->wflags = stem_wflags(st, t, l);
        t->wf_done = true;
    }
    return t->wflags;
}

/* ---- transliteration candidates, memoised ----------------------------------------- */

typedef struct {
    uint32_t kidx;
    float cost;
} fcand;

struct memo_slot {
    uint64_t h;
    unsigned char klen, n, used;
    char key[40];
    fcand c[MAX_CAND];
};

#define MEMO_SLOTS 16384
/* The per-thread caches (the memo here, the verdicts below), freed when the
 * thread ends (C11 thread-specific storage). Without them everything still
 * works, only slower. */
typedef struct vslot vslot;
typedef struct mslot mslot;
typedef struct {
    void *memo;    /* memo_slot[MEMO_SLOTS] */
    uint32_t memo_gaz;
    void *verdict; /* vslot[VSLOTS] */
    uint32_t verdict_gaz;
    void *match;   /* mslot[MSLOTS] */
    uint32_t match_gaz;
    void *raws;    /* the raw mentions' array of the last call, kept for the next */
    size_t raws_cap;
} tcache;

static once_flag tc_once = ONCE_FLAG_INIT;
static tss_t tc_key;
static bool tc_ok;

static void tc_free(void *p)
{
    tcache *c = p;
    if (!c) return;
    free(c->memo);
    free(c->verdict);
    free(c->match);
    free(c->raws);
    free(c);
}

static void tc_init(void) { tc_ok = tss_create(&tc_key, tc_free) == thrd_success; }

static tcache *tc_get(void)
{
    call_once(&tc_once, tc_init);
    if (!tc_ok) return NULL;
    tcache *c = tss_get(tc_key);
    if (!c && (c = calloc(1, sizeof *c)) != NULL && tss_set(tc_key, c) != thrd_success) {
        free(c);
        c = NULL;
    }
    return c;
}

/* One of this thread's tables (count x size bytes), cleared when the index
 * it was filled from changes; NULL without memory. */
static void *tc_table(void **table, uint32_t *table_gaz, uint32_t gaz_id, size_t count, size_t size)
{
    if (!*table || *table_gaz != gaz_id) {
        if (!*table) *table = calloc(count, size);
        else memset(*table, 0, count * size);
        *table_gaz = gaz_id;
    }
    return *table;
}

/* A 32-bit identity of the loaded index: its size and a few of its bytes. */
static uint32_t gaz_identity(const cm_gaz *g)
{
    cm_gaz_hit h;
    cm_gaz_key_get(g, (uint32_t)(cm_gaz_key_count(g) / 2), &h);
    return (uint32_t)(cm_fnv1a64(h.key, strlen(h.key)) ^ cm_gaz_bytes(g) ^ (cm_gaz_name_count(g) << 16)) | 1u;
}

/* Every name key within the romanisation bound of text key k[0..n), cheapest
 * first, at most MAX_CAND. Returns how many. */
static size_t fuzzy_raw(const cm_gaz *g, const char *k, size_t n, fcand *out)
{
    char rd[CM_SKEL_READINGS][CM_SKEL_MAX];
    size_t nr = cm_translit_readings(k, n, rd, CM_SKEL_READINGS), nc = 0;
    for (size_t r = 0; r < nr; r++) {
        const uint32_t *ks;
        uint32_t cnt;
        if (!cm_gaz_skeleton(g, rd[r], &ks, &cnt)) continue;
        for (uint32_t j = 0; j < cnt && j < 256; j++) {
            cm_gaz_hit h;
            cm_gaz_key_get(g, ks[j], &h);
            size_t hl = strlen(h.key);
            double bound = cm_translit_bound(hl);
            /* Length alone can rule it out: each unmatched byte costs >= 0.3. */
            size_t dl = hl > n ? hl - n : n - hl;
            if (dl > 5) continue;
            double c = cm_translit_cost(k, n, h.key, hl, bound, NULL);
            if (c > bound) continue;
            bool dup = false;
            for (size_t q = 0; q < nc; q++)
                if (out[q].kidx == ks[j]) dup = true;
            if (dup) continue;
            /* Insert sorted by cost; when full, replace the dearest. */
            size_t at;
            if (nc < MAX_CAND) {
                at = nc++;
            } else {
                at = MAX_CAND - 1;
                if (out[at].cost <= c) continue;
            }
            out[at] = (fcand){ks[j], (float)c};
            while (at > 0 && out[at - 1].cost > out[at].cost) {
                fcand t = out[at - 1];
                out[at - 1] = out[at];
                out[at] = t;
                at--;
            }
        }
    }
    return nc;
}

/* This thread's memo for index id (NULL: no cache). */
static memo_slot *memo_get(uint32_t id)
{
    tcache *tc = tc_get();
    return tc ? tc_table(&tc->memo, &tc->memo_gaz, id, MEMO_SLOTS, sizeof(memo_slot)) : NULL;
}

static size_t fuzzy(const cm_gaz *g, memo_slot *memo, const char *k, size_t n, fcand *out)
{
    if (n < MIN_FUZZY_KEY || n > CM_TRANSLIT_MAX) return 0;
    uint64_t h = cm_fnv1a64(k, n);
    memo_slot *s = memo ? &memo[h & (MEMO_SLOTS - 1)] : NULL;
    if (s && s->used && s->h == h && s->klen == n && !memcmp(s->key, k, n)) {
        memcpy(out, s->c, s->n * sizeof *out);
        return s->n;
    }
    if (!cm_norm_key_latin(k, n)) return 0;
    size_t nc = fuzzy_raw(g, k, n, out);
    if (s && n <= sizeof s->key) {
        s->h = h;
        s->klen = (unsigned char)n;
        memcpy(s->key, k, n);
        s->n = (unsigned char)nc;
        memcpy(s->c, out, nc * sizeof *out);
        s->used = 1;
    }
    return nc;
}

/* ---- raw mentions -------------------------------------------------------------------- */

typedef struct {
    size_t off, end;         /* byte span */
    size_t t0, t1;           /* token range [t0, t1) */
    bool exact;
    cm_gaz_hit hit;          /* exact: names of the key */
    fcand fc[MAX_CAND];      /* transliteration candidates (also for exact) */
    size_t nfc;
    uint32_t ctx;            /* CM_GAZ_CTX_* around it (once ctx_done) */
    size_t prev_end;         /* end of the mention before it (context stops there) */
    bool ctx_done, eff_done; /* own context read; list context added */
    bool common;             /* the key is a common word */
    bool person;             /* read as part of a person's name */
    bool upper;              /* every word of the span upper case */
    bool shout;              /* next to another upper-case word ("AS IS"): acronyms
                                are not read as names there */
    bool derived;            /* matched through a stem (cm_norm_stems): "Кундузе" */
    bool han;                /* found inside a run of Han ideographs */
    uint64_t h;              /* key hash (one sense per discourse) */
    size_t klen;             /* key length (its bytes are in the stream's kx/kf) */
} raw;

typedef struct {
    raw *v;
    size_t n, cap;
} raws;
#define RAWS_KEEP 32768 /* the largest array kept from one call to the next */

static bool raws_push(raws *r, const raw *m)
{
    if (r->n == r->cap) {
        size_t nc = r->cap ? r->cap * 2 : 32;
        raw *q = realloc(r->v, nc * sizeof *q);
        if (!q) return false;
        r->v = q;
        r->cap = nc;
    }
    r->v[r->n++] = *m;
    return true;
}

/* Whether name idx may match a span (CASE names only in upper case). */
static bool name_ok(const cm_gaz *g, uint32_t idx, bool upper)
{
    cm_gaz_name nm;
    cm_gaz_name_get(g, idx, &nm);
    return !(nm.flags & CM_GAZ_NAME_CASE) || upper;
}

static bool hit_ok(const cm_gaz *g, const cm_gaz_hit *h, bool upper)
{
    for (uint32_t i = 0; i < h->count; i++)
        if (name_ok(g, h->first + i, upper)) return true;
    return false;
}

/* Whether entry e is a village: a populated place that is no seat and has
 * fewer than 100 000 people. */
static bool is_village(const cm_gaz_entry *e)
{
    return e->kind == CM_PLACE_PPL && e->population < 100000 && !(e->flags & CM_GAZ_ENT_CAPITAL);
}

/* Whether some name of h names more than a village. */
static bool hit_beyond_village(const cm_gaz *g, const cm_gaz_hit *h)
{
    for (uint32_t i = 0; i < h->count; i++) {
        cm_gaz_name nm;
        cm_gaz_entry e;
        cm_gaz_name_get(g, h->first + i, &nm);
        cm_gaz_entry_get(g, nm.entry, &e);
        if (!is_village(&e) && !(nm.flags & CM_GAZ_NAME_CASE)) return true;
    }
    return false;
}

/* The stems of word t (key of l bytes) tried from trie node `from` (the walk
 * over the words before it, whose keys are key[0..kl)): the first stem that
 * completes a listed name of more than a village sets m's hit and key. */
static bool try_stem(stream *st, tok *t, size_t l, cm_gaz_node from, const char *key, size_t kl, raw *m)
{
    cm_norm_stem sm[CM_NORM_STEMS];
    size_t ns = cm_norm_stems(st->s, &t->w, t->key, l, sm, CM_NORM_STEMS);
    for (size_t q = 0; q < ns; q++) {
        cm_gaz_node nd = from;
        cm_gaz_hit h;
        if (!cm_gaz_step(st->g, &nd, sm[q].k, sm[q].n) || !cm_gaz_node_hit(st->g, nd, &h) || !h.count) continue;
        if (!hit_beyond_village(st->g, &h)) continue;
        m->hit = h;
        m->upper = false;
        m->common = (h.wflags & CM_GAZ_WORD_COMMON) != 0;
        m->derived = true;
        size_t tl = kl + sm[q].n;
        m->klen = tl <= sizeof st->kx ? tl : 0;
        if (m->klen) {
            memcpy(st->kx, key, kl);
            memcpy(st->kx + kl, sm[q].k, sm[q].n);
        }
        return true;
    }
    return false;
}

/* The longest listed name starting at token i: its token count (0: none). */
static size_t try_exact(stream *st, size_t i, raw *m)
{
    cm_gaz_node node = cm_gaz_root();
    size_t best = 0;
    bool upper = true;
    st->first_node = -1;
    m->derived = m->han = false;
    char key[CM_NORM_WORD_MAX * 2];
    size_t kl = 0;
    for (size_t j = i; j < i + MAX_NAME_WORDS; j++) {
        tok *t = tok_at(st, j);
        if (!t) break;
        if (j > i) {
            tok *p = tok_at(st, j - 1);
            if (!p || !cm_norm_gap_joins(st->s, p->w.end, t->w.off)) break;
        }
        size_t l = tok_key(st, t);
        if (l == (size_t)-1) break;
        cm_gaz_node before = node;
        bool on = cm_gaz_step(st->g, &node, t->key, l);
        if (j == i) st->first_node = on ? node : -1;
        if (j == i && !t->wf_done) {
            /* The first word's own word flags come with the walk. */
            cm_gaz_hit wh;
            t->wflags = on && cm_gaz_node_hit(st->g, node, &wh) ? wh.wflags : 0;
            t->wf_done = true;
        }
        cm_gaz_hit h;
        bool hit = on && cm_gaz_node_hit(st->g, node, &h) && h.count;
        /* Not listed as written: a declined or prefixed form of a listed name
         * ("Кундузе", "Мазари-Шарифа", "وقندهار"). Non-Latin words only. */
        if (!hit && l && (unsigned char)t->key[0] >= 0x80 && try_stem(st, t, l, before, key, kl, m)) {
            best = j - i + 1;
            m->end = t->w.end;
        }
        if (!on) break;
        if (kl + l <= sizeof key) memcpy(key + kl, t->key, l);
        kl += l;
        upper = upper && (t->w.upper || !t->w.ascii);
        if (hit && hit_ok(st->g, &h, upper)) {
            best = j - i + 1;
            m->derived = false;
            m->hit = h;
            m->upper = upper;
            /* An acronym written in capitals is not the common word ("AS"
             * the United States, not "as"). */
            bool acronym = false;
            for (uint32_t q = 0; q < h.count && upper && !acronym; q++)
                acronym = !name_ok(st->g, h.first + q, false);
            m->common = (h.wflags & CM_GAZ_WORD_COMMON) != 0 && !acronym;
            m->end = t->w.end;
            m->klen = kl <= sizeof st->kx ? kl : 0;
            if (m->klen) memcpy(st->kx, key, kl);
        }
    }
    if (best) {
        m->exact = true;
        m->off = tok_at(st, i)->w.off;
        m->t0 = i;
        m->t1 = i + best;
    }
    return best;
}

/* Whether a listed name starts at token i. */
static bool try_exact_probe(stream *st, size_t i)
{
    raw m;
    return try_exact(st, i, &m) > 0;
}

/* The longest transliteration window starting at token i with more content
 * words than min_words: its token count (0: none). */
static size_t try_fuzzy(stream *st, size_t i, size_t min_tokens, raw *m)
{
    tok *t0 = tok_at(st, i);
    if (!t0 || !t0->w.cap) return 0;
    /* Gather up to MAX_FUZZY_WORDS content words and their connectors. */
    size_t ends[MAX_FUZZY_WORDS], nwin = 0, j = i;
    bool common[MAX_FUZZY_WORDS] = {false};
    char key[MAX_FUZZY_WORDS][CM_NORM_WORD_MAX * 2];
    size_t kls[MAX_FUZZY_WORDS];
    char acc[CM_NORM_WORD_MAX * 4];
    size_t al = 0;
    size_t pre[MAX_FUZZY_WORDS]; /* Cyrillic: the key before the window's last word */
    /* A Cyrillic window is read through its Latin romanisation ("Шугнон"
     * shugnon ~ Shighnan); its words are all Cyrillic. Latin text pays
     * nothing for this. */
    bool cyr = false;
    while (nwin < MAX_FUZZY_WORDS) {
        tok *t = tok_at(st, j);
        if (!t) break;
        if (j > i) {
            tok *p = tok_at(st, j - 1);
            if (!p || !cm_norm_gap_joins(st->s, p->w.end, t->w.off)) break;
        }
        size_t l = tok_key(st, t);
        if (l == (size_t)-1 || !l) break;
        const char *tk = t->key;
        char rom[CM_NORM_WORD_MAX];
        if (!cm_norm_key_latin(t->key, l)) { /* "Afganistán" is Latin */
            if (j > i && !cyr) break;
            l = cm_translit_cyrillic(t->key, l, rom, sizeof rom);
            if (!l) break;
            tk = rom;
            cyr = true;
        } else if (cyr) {
            break;
        }
        bool conn = j > i && !t->w.cap && cm_norm_is_connector(tk, l);
        if (!conn && (!t->w.cap || t->w.upper)) break;
        if (al + l > sizeof acc) break;
        size_t al0 = al;
        memcpy(acc + al, tk, l);
        al += l;
        j++;
        if (conn) continue;
        uint32_t wf = tok_wflags(st, t);
        if (wf & (CM_GAZ_CTX_ANY | CM_GAZ_WORD_PERSON)) break;
        bool com = (wf & CM_GAZ_WORD_COMMON) != 0;
        /* "Di Kabul": a common word before a listed name is not part of it. */
        if (nwin == 1 && common[0] && try_exact_probe(st, j - 1)) break;
        common[nwin] = com;
        pre[nwin] = al0;
        ends[nwin] = j;
        memcpy(key[nwin], acc, al);
        kls[nwin] = al;
        nwin++;
    }
    for (size_t w = nwin; w-- > 0;) {
        if (ends[w] - i <= min_tokens) break;
        bool all_common = true;
        for (size_t q = 0; q <= w; q++) all_common = all_common && common[q];
        if (all_common && w == 0) continue; /* a common word alone is never a name */
        fcand fc[MAX_CAND];
        size_t nc = fuzzy(st->g, st->memo, key[w], kls[w], fc);
        /* A declined Cyrillic word: its stems (norm.h), romanised. */
        if (!nc && cyr) {
            tok *lt = tok_at(st, ends[w] - 1);
            cm_norm_stem sm[CM_NORM_STEMS];
            size_t ll = tok_key(st, lt);
            size_t ns = cm_norm_stems(st->s, &lt->w, lt->key, ll, sm, CM_NORM_STEMS);
            for (size_t q = 0; q < ns && !nc; q++) {
                char sk[CM_NORM_WORD_MAX * 4];
                size_t sl = cm_translit_cyrillic(sm[q].k, sm[q].n, sk + pre[w], sizeof sk - pre[w]);
                if (!sl) continue;
                memcpy(sk, key[w], pre[w]);
                nc = fuzzy(st->g, st->memo, sk, pre[w] + sl, fc);
                if (nc && pre[w] + sl <= sizeof key[w]) memcpy(key[w], sk, kls[w] = pre[w] + sl);
            }
        }
        /* A romanised Cyrillic word names no village, as its stems do not;
         * and one that spells a village exactly is that village (or a place
         * abroad of the same name, "Лангар"), not a loose reading of a
         * larger unit. */
        if (cyr) {
            size_t kept = 0;
            for (size_t q = 0; q < nc; q++) {
                cm_gaz_hit h;
                cm_gaz_key_get(st->g, fc[q].kidx, &h);
                if (hit_beyond_village(st->g, &h)) fc[kept++] = fc[q];
                else if (fc[q].cost == 0) {
                    kept = 0;
                    break;
                }
            }
            nc = kept;
        }
        /* Common words only ("De Salah"): the closest readings alone. */
        if (all_common)
            while (nc && fc[nc - 1].cost > 0.35f) nc--;
        if (!nc) continue;
        m->exact = false;
        m->off = t0->w.off;
        m->end = tok_at(st, ends[w] - 1)->w.end;
        m->t0 = i;
        m->t1 = ends[w];
        memcpy(m->fc, fc, nc * sizeof *fc);
        m->nfc = nc;
        m->klen = kls[w] <= sizeof st->kf ? kls[w] : 0;
        if (m->klen) memcpy(st->kf, key[w], kls[w]);
        m->upper = false;
        m->common = false;
        m->derived = m->han = false;
        return ends[w] - i;
    }
    return 0;
}

/* Context words before (up to 3 words, 2-word forms included) and after (1
 * word) the mention, within the clause (gaps that join, or plain spaces). */
static bool plain_gap(const char *s, size_t a, size_t b)
{
    if (b - a > 4) return false;
    for (size_t i = a; i < b; i++)
        if (s[i] != ' ' && s[i] != '-' && s[i] != '\t') return false;
    return true;
}

static uint32_t context(stream *st, raw *m, size_t last_mention_end, bool *person)
{
    uint32_t ctx = 0;
    *person = false;
    tok *cur = tok_at(st, m->t0);
    size_t left = cur ? cur->w.off : m->off;
    for (size_t back = 1; back <= 3 && back <= m->t0; back++) {
        tok *t = tok_at(st, m->t0 - back);
        if (!t || !plain_gap(st->s, t->w.end, left)) break;
        if (t->w.off < last_mention_end) break;
        uint32_t wf = tok_wflags(st, t);
        /* Two-word context words: "ibu kota", "bandar udara". */
        if (back < 3 && m->t0 >= back + 1) {
            tok *p = tok_at(st, m->t0 - back - 1);
            if (p && plain_gap(st->s, p->w.end, t->w.off)) {
                size_t l1 = tok_key(st, p), l2 = tok_key(st, t);
                cm_gaz_node nd = cm_gaz_root();
                cm_gaz_hit h;
                if (l1 != (size_t)-1 && l2 != (size_t)-1 && cm_gaz_step(st->g, &nd, p->key, l1) &&
                    cm_gaz_step(st->g, &nd, t->key, l2) && cm_gaz_node_hit(st->g, nd, &h))
                    wf |= h.wflags & CM_GAZ_CTX_ANY;
            }
        }
        ctx |= wf & CM_GAZ_CTX_ANY;
        if (back == 1) {
            if (wf & CM_GAZ_WORD_PERSON) *person = true;
            else if (t->w.cap && !(wf & (CM_GAZ_WORD_COMMON | CM_GAZ_CTX_ANY | CM_GAZ_WORD_LIST)))
                *person = true;
        }
        left = t->w.off;
    }
    tok *after = tok_at(st, m->t1);
    tok *lastt = tok_at(st, m->t1 - 1);
    /* after it, a context word labels it ("Nawa district", Pashto "نرخ
     * ولسوالۍ") unless it is one that labels only what follows it: Arabic
     * "مقر المدينة" is the city's headquarters, not Muqur */
    if (after && lastt && plain_gap(st->s, lastt->w.end, after->w.off)) {
        uint32_t af = tok_wflags(st, after);
        if (!(af & CM_GAZ_WORD_BEFORE)) ctx |= af & CM_GAZ_CTX_ANY;
    }
    return ctx;
}

/* ---- resolution ------------------------------------------------------------------------ */

typedef struct {
    uint32_t entry;
    cm_gaz_entry e;
    double score;
    double cost;        /* transliteration cost; 0 for a listed spelling */
    uint32_t nflags;    /* best name flags */
    cm_gaz_source src;  /* best name source */
    const char *via;    /* the name it came through */
} cand;

#define MAX_ENTRIES 24

static void cand_add(const cm_gaz *g, cand *c, size_t *nc, uint32_t nidx, double cost, bool upper)
{
    cm_gaz_name nm;
    cm_gaz_name_get(g, nidx, &nm);
    if ((nm.flags & CM_GAZ_NAME_CASE) && !upper) return;
    for (size_t i = 0; i < *nc; i++) {
        if (c[i].entry != nm.entry) continue;
        if (cost < c[i].cost) c[i].cost = cost, c[i].via = nm.surface;
        c[i].nflags |= nm.flags;
        if (nm.source == CM_GAZ_SRC_OCHA || nm.source == CM_GAZ_SRC_NE || nm.source == CM_GAZ_SRC_CURATED ||
            nm.source == CM_GAZ_SRC_GEONAMES)
            c[i].src = nm.source;
        return;
    }
    if (*nc >= MAX_ENTRIES) return;
    cm_gaz_entry e;
    cm_gaz_entry_get(g, nm.entry, &e);
    /* Villages have many loose alternate names: a distant transliteration of
     * one is noise ("Hazara" is no "Hazrah"). */
    if (cost > 0.5 && e.kind == CM_PLACE_PPL && e.population < 100000 && !(e.flags & CM_GAZ_ENT_CAPITAL)) return;
    cand *x = &c[(*nc)++];
    x->entry = nm.entry;
    x->e = e;
    x->cost = cost;
    x->nflags = nm.flags;
    x->src = nm.source;
    x->via = nm.surface;
    x->score = 0;
}

static size_t gather(const cm_gaz *g, const raw *m, cand *c)
{
    size_t nc = 0;
    if (m->exact)
        for (uint32_t i = 0; i < m->hit.count; i++) {
            if (m->derived) { /* a stem names no village: too loose a match */
                cm_gaz_name nm;
                cm_gaz_entry e;
                cm_gaz_name_get(g, m->hit.first + i, &nm);
                cm_gaz_entry_get(g, nm.entry, &e);
                if (is_village(&e)) continue;
            }
            cand_add(g, c, &nc, m->hit.first + i, 0, m->upper && !m->shout);
        }
    for (size_t f = 0; f < m->nfc; f++) {
        cm_gaz_hit h;
        cm_gaz_key_get(g, m->fc[f].kidx, &h);
        if (m->exact && h.first == m->hit.first && h.count == m->hit.count) continue; /* the key itself */
        for (uint32_t i = 0; i < h.count; i++) cand_add(g, c, &nc, h.first + i, m->fc[f].cost, m->upper && !m->shout);
    }
    return nc;
}

static bool is_foreign(const cm_gaz_entry *e)
{
    return e->kind == CM_PLACE_FOREIGN || (e->kind == CM_PLACE_COUNTRY && !(e->flags & CM_GAZ_ENT_HOME));
}

/* Prior of an entry from its kind, population and rank. */
static double prior(const cm_gaz_entry *e)
{
    switch (e->kind) {
    case CM_PLACE_COUNTRY: return 3.0;
    case CM_PLACE_PROVINCE: return 2.0;
    case CM_PLACE_DISTRICT: return 1.5 + ((e->flags & CM_GAZ_ENT_CAPITAL) ? 0.4 : 0);
    case CM_PLACE_FOREIGN: return 2.2;
    case CM_PLACE_PPL: {
        double s = 0.8 + 0.12 * log10((double)e->population + 1.0);
        if (e->flags & CM_GAZ_ENT_CAPITAL) s += 0.9;
        if (e->flags & CM_GAZ_ENT_NATCAPITAL) s += 0.5;
        return s;
    }
    default: return 0.5;
    }
}

static double ctx_bonus(const cm_gaz_entry *e, uint32_t ctx)
{
    double b = 0;
    cm_place_kind k = e->kind;
    if (ctx & CM_GAZ_CTX_PROVINCE) b += k == CM_PLACE_PROVINCE ? 2.5 : k == CM_PLACE_COUNTRY ? 0 : -0.5;
    if (ctx & CM_GAZ_CTX_DISTRICT)
        b += k == CM_PLACE_DISTRICT ? 2.5 : k == CM_PLACE_PPL ? 1.0 : k == CM_PLACE_PROVINCE ? -0.5 : 0;
    if (ctx & (CM_GAZ_CTX_CITY | CM_GAZ_CTX_CAPITAL))
        b += k == CM_PLACE_PPL ? 2.0 : k == CM_PLACE_FOREIGN ? 1.0
           : k == CM_PLACE_DISTRICT ? ((e->flags & CM_GAZ_ENT_CAPITAL) ? 1.0 : 0.3)
           : k == CM_PLACE_PROVINCE ? -0.5 : 0;
    if (ctx & CM_GAZ_CTX_AIRPORT) b += k == CM_PLACE_PPL ? 2.0 : k == CM_PLACE_FOREIGN ? 1.0 : 0;
    if (ctx & CM_GAZ_CTX_VALLEY)
        b += (k == CM_PLACE_PROVINCE || k == CM_PLACE_DISTRICT) ? 1.0 : k == CM_PLACE_PPL ? -0.5 : 0;
    if (ctx & CM_GAZ_CTX_COUNTRY) b += k == CM_PLACE_COUNTRY ? 1.5 : 0;
    return b;
}

static double score_base(const cand *c, uint32_t ctx)
{
    double s = prior(&c->e) + ctx_bonus(&c->e, ctx);
    if (c->nflags & CM_GAZ_NAME_PRIMARY) s += 0.3;
    if (c->src == CM_GAZ_SRC_OCHA || c->src == CM_GAZ_SRC_NE || c->src == CM_GAZ_SRC_CURATED ||
        c->src == CM_GAZ_SRC_OCHA_ALT)
        s += 0.2;
    s -= 1.5 * c->cost;
    return s;
}

static int cmp_cand(const void *x, const void *y)
{
    const cand *a = x, *b = y;
    if (a->score != b->score) return a->score > b->score ? -1 : 1;
    return a->entry < b->entry ? -1 : a->entry > b->entry;
}

/* Provinces named or implied by the text, from the first-pass winners. */
typedef struct {
    char pc[64][8];
    int cnt[64];
    size_t n;
} provset;

static void prov_add(provset *p, const char *pc)
{
    if (!*pc) return;
    for (size_t i = 0; i < p->n; i++)
        if (!strcmp(p->pc[i], pc)) {
            p->cnt[i]++;
            return;
        }
    if (p->n < 64) {
        snprintf(p->pc[p->n], sizeof p->pc[0], "%s", pc);
        p->cnt[p->n++] = 1;
    }
}

static int prov_count(const provset *p, const char *pc)
{
    for (size_t i = 0; i < p->n; i++)
        if (!strcmp(p->pc[i], pc)) return p->cnt[i];
    return 0;
}

/* Scores the candidates of m (sorted best first); co-mentions from ps, minus
 * m's own contribution own_prov (may be ""). */
static void score_all(cand *c, size_t nc, const raw *m, const provset *ps, const char *own_prov,
                      const char *next_prov)
{
    for (size_t i = 0; i < nc; i++) {
        double s = score_base(&c[i], m->ctx);
        if (ps && !is_foreign(&c[i].e) && c[i].e.kind != CM_PLACE_COUNTRY) {
            const char *p = c[i].e.province;
            int k = prov_count(ps, p) - (own_prov && !strcmp(own_prov, p) ? 1 : 0);
            if (k > 0) s += c[i].e.kind == CM_PLACE_PROVINCE ? 0.4 : 0.8;
            /* The province named right after it contains it: "Nawa in
             * Helmand", "Nawa, Helmand province", "Nawa district of Ghazni". */
            if (next_prov && *next_prov && c[i].e.kind != CM_PLACE_PROVINCE && !strcmp(next_prov, p)) s += 1.0;
        }
        c[i].score = s;
    }
    for (size_t i = 1; i < nc; i++) /* few candidates: insertion sort */
        for (size_t j = i; j > 0 && cmp_cand(&c[j - 1], &c[j]) > 0; j--) {
            cand t = c[j - 1];
            c[j - 1] = c[j];
            c[j] = t;
        }
}

/* Weak: nothing but a loose transliteration or a village backs it. A close
 * transliteration of a province, district or country ("Panjshir" for
 * Panjsher) is not weak. */
static bool weak(const cand *c, size_t nc, const raw *m)
{
    if (!m->exact) {
        for (size_t i = 0; i < nc; i++)
            if (c[i].cost <= 0.3 && c[i].e.kind != CM_PLACE_PPL && c[i].e.kind != CM_PLACE_OTHER) return false;
        return true;
    }
    for (size_t i = 0; i < nc; i++) {
        const cm_gaz_entry *e = &c[i].e;
        if (e->kind != CM_PLACE_PPL || e->population >= 100000 || (e->flags & CM_GAZ_ENT_CAPITAL)) return false;
    }
    return true;
}

static double confidence(const cand *c, size_t nc)
{
    double s1 = c[0].score, s2 = -HUGE_VAL;
    for (size_t i = 1; i < nc; i++)
        if (strcmp(c[i].e.pcode, c[0].e.pcode) || c[i].e.kind == CM_PLACE_COUNTRY ||
            is_foreign(&c[i].e) != is_foreign(&c[0].e)) {
            s2 = c[i].score;
            break;
        }
    double conf = s2 == -HUGE_VAL ? 0.95 : 1.0 / (1.0 + exp(-2.0 * (s1 - s2)));
    if (c[0].cost > 0) conf *= 1.0 - 0.4 * c[0].cost;
    if (conf > 0.99) conf = 0.99;
    if (conf < 0.05) conf = 0.05;
    return conf;
}

/* ---- the pass ----------------------------------------------------------------------------- */

/* Finds the raw mentions of text, with their context. */
/* Whether the word ending at e may be followed, inside one name, by a word
 * that could extend a match: a capitalised word or an ezafe connector after a
 * joining gap (a transliteration window), or any word the trie continues
 * with from node. Conservative: anything unusual (non-ASCII) says yes. */
static bool next_may_join(const cm_gaz *g, cm_gaz_node node, bool can_window, const char *s, size_t n,
                          size_t e)
{
    size_t q = e, lim = e + 8 < n ? e + 8 : n;
    while (q < lim && (s[q] == ' ' || s[q] == '-' || s[q] == '\'' || s[q] == '`' || s[q] == '\t' ||
                       s[q] == '\n' || s[q] == '\r'))
        q++;
    if (q >= n || q == e + 8) return false;
    unsigned char c = (unsigned char)s[q];
    if (c >= 0x80) return true;
    if (q == e) return false; /* ".", ",", "(": the name ends here */
    if (can_window && c >= 'A' && c <= 'Z') return true;
    if (can_window && (c == 'e' || c == 'i' || c == 'y')) {
        size_t r = cm_norm_ascii_run(s, n, q);
        if (cm_norm_is_connector(s + q, r - q)) return true;
    }
    if (node >= 0 && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
        char k = (char)((c >= 'A' && c <= 'Z') ? c | 0x20 : c);
        return cm_gaz_step(g, &node, &k, 1);
    }
    return false;
}

/* Verdicts on capitalised ASCII words, per thread: a word in the cache starts
 * no listed name and has no transliteration match of its own, so unless the
 * next word could extend it, the scanner moves on at once. Most capitalised
 * words of a corpus are such words ("Taliban", "The", "Menurut"), and a corpus
 * repeats them. */
struct vslot {
    uint64_t h;
    cm_gaz_node node; /* trie node after the word, -1 when none */
    bool can_window;  /* the word may start a multi-word transliteration window */
    unsigned char len;
    char b[43];
};
#define VSLOTS 4096
#define VMAX 43

/* A quick hash of a short word: two overlapping 8-byte loads. */
static uint64_t word_hash(const char *w, size_t n)
{
    if (n > 16) return cm_fnv1a64(w, n);
    uint64_t a = 0, b = 0;
    if (n >= 8) {
        memcpy(&a, w, 8);
        memcpy(&b, w + n - 8, 8);
    } else {
        memcpy(&a, w, n);
    }
    uint64_t h = (a * 0x9E3779B97F4A7C15ull) ^ (b * 0xC2B2AE3D27D4EB4Full) ^ (n * 0x165667B19E3779F9ull);
    return h ^ (h >> 31);
}

/* This thread's verdict table for index id (NULL: no cache). */
static vslot *verdict_table(uint32_t gaz_id)
{
    tcache *tc = tc_get();
    return tc ? tc_table(&tc->verdict, &tc->verdict_gaz, gaz_id, VSLOTS, sizeof(vslot)) : NULL;
}

/* The slot of word w[0..len) in table vt, its hash in *h, and whether the slot
 * holds that word. */
static vslot *verdict_slot(vslot *vt, const char *w, size_t len, uint64_t *h, bool *hit)
{
    *hit = false;
    if (!vt || len > VMAX) return NULL;
    *h = word_hash(w, len) | 1;
    vslot *v = &vt[(*h >> 20) & (VSLOTS - 1)];
    *hit = v->h == *h && v->len == len && !memcmp(v->b, w, len);
    return v;
}

/* Whether a transliteration window of several words may start with token t:
 * a capitalised Latin word whose skeleton (less its last class, which may
 * merge with the next word's first letters) begins some name's skeleton. */
static bool may_start_window(stream *st, tok *t)
{
    if (!t->w.cap || t->w.upper) return false;
    size_t l = tok_key(st, t);
    if (l == (size_t)-1) return false;
    char rd[CM_SKEL_READINGS][CM_SKEL_MAX];
    size_t nr = cm_translit_readings(t->key, l, rd, CM_SKEL_READINGS);
    for (size_t r = 0; r < nr; r++) {
        size_t sl = strlen(rd[r]);
        if (sl) rd[r][sl - 1] = 0;
        if (cm_gaz_skeleton_prefix(st->g, rd[r])) return true;
    }
    return nr == 0 && l > 0; /* no skeleton: be safe */
}

/* Matches of single capitalised words, per thread: the exact names and the
 * transliteration alternatives of a word such as "Afghanistan" or "Panjshir",
 * so that its next occurrence skips the walk when the next word cannot extend
 * it. Indices only (no pointers): valid for any load of the same index. */
struct mslot {
    uint64_t wh;            /* word hash | 1; 0 empty */
    unsigned char len, nfc;
    bool can_window, common;
    char b[32];             /* the word's bytes */
    cm_gaz_node node;       /* trie node after the word */
    uint32_t first, count, wflags; /* its names (cm_gaz_hit) */
    uint32_t klen;
    uint64_t kh;            /* hash of its key */
    fcand fc[MAX_CAND];
};
#define MSLOTS 1024

static mslot *match_table(uint32_t gaz_id)
{
    tcache *tc = tc_get();
    return tc ? tc_table(&tc->match, &tc->match_gaz, gaz_id, MSLOTS, sizeof(mslot)) : NULL;
}

/* ---- Han ideographs ------------------------------------------------------------------ */

#define HAN_NAME_MAX 16 /* ideographs in one name */

/* The ideograph at s[pos..n): its byte length (0: none) and its key bytes
 * (NFKD: a compatibility ideograph becomes its unified form). */
static size_t han_char(const char *s, size_t n, size_t pos, char k[8], size_t *kl)
{
    if ((unsigned char)s[pos] < 0x80) return 0;
    uint32_t cp;
    size_t l = cm_utf8_decode((const unsigned char *)s + pos, n - pos, &cp);
    if (!l || !cm_norm_is_han(cp)) return 0;
    if (cp >= 0xF900 && cp <= 0xFAFF) {
        cm_norm_word w = {.off = pos, .end = pos + l, .cap = true};
        size_t r = cm_norm_word_key(s, &w, k, 8);
        *kl = r == (size_t)-1 ? 0 : r;
    } else {
        memcpy(k, s + pos, l);
        *kl = l;
    }
    return l;
}

/* A middle dot between the parts of a transliterated name ("马扎里·沙里夫"):
 * its byte length, or 0. */
static size_t name_dot(const char *s, size_t n, size_t pos)
{
    if (pos + 2 <= n && !memcmp(s + pos, "\xC2\xB7", 2)) return 2;              /* U+00B7 */
    if (pos + 3 <= n && (!memcmp(s + pos, "\xE3\x83\xBB", 3) ||               /* U+30FB */
                         !memcmp(s + pos, "\xE2\x80\xA7", 3))) return 3;      /* U+2027 */
    return 0;
}

/* The longest listed name (of at least two ideographs) starting at the
 * ideograph at pos: its end, and its names in *h; 0 when none, or when a
 * longer common word starts there (its end in *common_end: "古尔邦节" is
 * the feast, not Ghor). The walk keys
 * each ideograph as the index does (a doubled one kept once) and steps over a
 * middle dot between two ideographs. */
static size_t han_match(const cm_gaz *g, const char *s, size_t n, size_t pos, cm_gaz_hit *h, size_t *common_end)
{
    cm_gaz_node node = cm_gaz_root();
    char prev[8];
    size_t prevl = 0, q = pos, best = 0;
    *common_end = 0;
    for (size_t nch = 0; q < n && nch < HAN_NAME_MAX;) {
        char k[8];
        size_t kl, l = han_char(s, n, q, k, &kl);
        if (!l) {
            size_t d = nch ? name_dot(s, n, q) : 0;
            if (!d || q + d >= n || !han_char(s, n, q + d, k, &kl)) break;
            q += d;
            continue;
        }
        if (!kl) break;
        if (!(kl == prevl && !memcmp(k, prev, kl)) && !cm_gaz_step(g, &node, k, kl)) break;
        memcpy(prev, k, kl);
        prevl = kl;
        q += l;
        nch++;
        cm_gaz_hit x;
        if (nch >= 2 && cm_gaz_node_hit(g, node, &x)) {
            if (x.wflags & CM_GAZ_WORD_COMMON) {
                *common_end = q;
            } else if (x.count) {
                best = q;
                *h = x;
            }
        }
    }
    return *common_end > best ? 0 : best;
}

/* The word flags of the context word (a key of one to three ideographs) that
 * ends at e (before: true) or starts at e: "省" after a name, "首府" before it. */
static uint32_t han_word_flags(const cm_gaz *g, const char *s, size_t n, size_t e, bool before)
{
    uint32_t wf = 0;
    size_t a = e, b = e;
    for (int k = 0; k < 3; k++) {
        char kk[8];
        size_t kl;
        if (before) {
            if (a < 3) break;
            size_t st = a - 3;
            if (han_char(s, n, st, kk, &kl) != 3) break;
            a = st;
        } else {
            size_t l = b < n ? han_char(s, n, b, kk, &kl) : 0;
            if (!l) break;
            b += l;
        }
        cm_gaz_hit h;
        if (cm_gaz_lookup_key(g, s + a, b - a, &h) && (h.wflags & CM_GAZ_CTX_ANY)) wf = h.wflags;
    }
    return wf & CM_GAZ_CTX_ANY;
}

/* Every name inside the run of ideographs starting at pos, leftmost longest,
 * appended to out; returns the end of the run. */
static cm_status han_run(const cm_gaz *g, const char *s, size_t n, size_t pos, raws *out, size_t *last_end,
                         size_t *run_end)
{
    size_t p = pos;
    char k[8];
    size_t kl;
    for (size_t l; p < n && (l = han_char(s, n, p, k, &kl)) > 0;) {
        cm_gaz_hit h;
        size_t ce, e = han_match(g, s, n, p, &h, &ce);
        if (!e) { /* a common word hides the names inside it */
            p = ce > p ? ce : p + l;
            continue;
        }
        raw m = {0};
        m.off = p;
        m.end = e;
        m.t0 = ANCHOR;
        m.t1 = ANCHOR + 1;
        m.exact = true;
        m.han = true;
        m.hit = h;
        m.common = (h.wflags & CM_GAZ_WORD_COMMON) != 0;
        m.klen = 0;
        m.h = cm_fnv1a64(s + p, e - p);
        m.prev_end = *last_end;
        m.ctx = han_word_flags(g, s, n, p, true) | han_word_flags(g, s, n, e, false);
        m.ctx_done = true;
        if (!raws_push(out, &m)) return CM_NOMEM;
        *last_end = p = e;
    }
    *run_end = p;
    return CM_OK;
}

static cm_status find_raw(const cm_gaz *g, const char *text, size_t n, raws *out, stream *st)
{
    *st = (stream){.g = g, .s = text, .n = n, .gaz_id = gaz_identity(g)};
    st->memo = memo_get(st->gaz_id);
    mslot *mt = match_table(st->gaz_id);
    vslot *vt = verdict_table(st->gaz_id);
    size_t last_end = 0, pos = 0;
    for (;;) {
        pos = cm_norm_next_cap(text, n, pos);
        if (pos >= n) break;
        if ((unsigned char)text[pos] >= 0x80) {
            char hk[8];
            size_t hl;
            if (han_char(text, n, pos, hk, &hl)) {
                cm_status hs = han_run(g, text, n, pos, out, &last_end, &pos);
                if (hs) return hs;
                continue;
            }
        }
        /* Fast path: a known dead word not followed by a possible extension. */
        size_t e = cm_norm_ascii_run(text, n, pos);
        bool ascii_word = e > pos && (e >= n || (unsigned char)text[e] < 0x80);
        vslot *vs = NULL;
        uint64_t vh = 0;
        bool vhit = false;
        if (ascii_word) {
            vs = verdict_slot(vt, text + pos, e - pos, &vh, &vhit);
            if (vhit && !next_may_join(g, vs->node, vs->can_window, text, n, e)) {
                pos = e;
                continue;
            }
            /* A known one-word match not followed by a possible extension. */
            mslot *ms = mt && e - pos <= sizeof mt->b ? &mt[(vh >> 40) & (MSLOTS - 1)] : NULL;
            if (ms && ms->wh == vh && ms->len == e - pos && !memcmp(ms->b, text + pos, e - pos) &&
                !next_may_join(g, ms->node, ms->can_window, text, n, e)) {
                raw m = {0};
                m.off = pos;
                m.end = e;
                m.t0 = ANCHOR;
                m.t1 = ANCHOR + 1;
                m.exact = true;
                m.hit = (cm_gaz_hit){ms->first, ms->count, ms->wflags, NULL};
                memcpy(m.fc, ms->fc, ms->nfc * sizeof *m.fc);
                m.nfc = ms->nfc;
                m.common = ms->common;
                m.h = ms->kh;
                m.klen = ms->klen;
                m.prev_end = last_end;
                if (!raws_push(out, &m)) return CM_NOMEM;
                last_end = pos = e;
                continue;
            }
        }
        anchor_at(st, pos);
        tok *t = tok_at(st, ANCHOR);
        if (!t) break;
        if (!t->w.cap) { /* cannot happen: the scanner stops at capitals */
            pos = t->w.end;
            continue;
        }
        raw m;
        m.nfc = 0;
        m.exact = false;
        size_t ne = try_exact(st, ANCHOR, &m);
        raw f;
        f.nfc = 0;
        size_t nf = try_fuzzy(st, ANCHOR, ne, &f);
        if (nf > ne) m = f;
        const char *mk = nf > ne ? st->kf : st->kx;
        if (nf <= ne && ne && m.klen) m.nfc = fuzzy(g, st->memo, mk, m.klen, m.fc);
        size_t used = nf > ne ? nf : ne;
        if (!used) {
            if (vs && !vhit) {
                vs->h = vh;
                vs->node = st->first_node;
                vs->can_window = may_start_window(st, t);
                vs->len = (unsigned char)(e - pos);
                memcpy(vs->b, text + pos, e - pos);
            }
            pos = t->w.end;
            continue;
        }
        m.h = cm_fnv1a64(mk, m.klen);
        mslot *ms = mt && ascii_word && m.exact && !m.upper && m.t1 - m.t0 == 1 && t->w.end == e &&
                            e - pos <= sizeof mt->b
                        ? &mt[(vh >> 40) & (MSLOTS - 1)]
                        : NULL;
        if (ms && !(ms->wh == vh && ms->len == e - pos && !memcmp(ms->b, text + pos, e - pos))) {
            ms->wh = vh;
            ms->len = (unsigned char)(e - pos);
            memcpy(ms->b, text + pos, e - pos);
            ms->node = st->first_node;
            ms->can_window = may_start_window(st, t);
            ms->common = m.common;
            ms->first = m.hit.first;
            ms->count = m.hit.count;
            ms->wflags = m.hit.wflags;
            ms->nfc = (unsigned char)m.nfc;
            memcpy(ms->fc, m.fc, m.nfc * sizeof *m.fc);
            ms->klen = (uint32_t)m.klen;
            ms->kh = m.h;
        }
        m.shout = false;
        if (m.upper) {
            tok *pv = tok_at(st, ANCHOR - 1), *nx = tok_at(st, m.t1), *ls = tok_at(st, m.t1 - 1);
            if (pv && pv->w.upper && pv->w.end - pv->w.off > 1 && plain_gap(text, pv->w.end, m.off)) m.shout = true;
            if (nx && ls && nx->w.upper && nx->w.end - nx->w.off > 1 && plain_gap(text, ls->w.end, nx->w.off))
                m.shout = true;
        }
        /* The context words are read later, and only where they can change
         * the outcome (see resolve_all). */
        m.ctx = 0;
        m.person = false;
        m.prev_end = last_end;
        m.ctx_done = m.eff_done = false;
        m.t1 = ANCHOR + (m.t1 - m.t0);
        m.t0 = ANCHOR;
        if (!raws_push(out, &m)) return CM_NOMEM;
        last_end = pos = m.end;
    }
    return CM_OK;
}

/* Gap between two mentions that continues a list: ", ", " dan ", " and ". */
static bool list_gap(const cm_gaz *g, const char *s, size_t a, size_t b)
{
    if (b < a || b - a > 12) return false;
    /* The Chinese enumeration comma and full-width comma: "昆都士、塔卢坎". */
    if (b - a == 3 && (!memcmp(s + a, "\xE3\x80\x81", 3) || !memcmp(s + a, "\xEF\xBC\x8C", 3))) return true;
    size_t i = a;
    while (i < b && (s[i] == ' ' || s[i] == ',')) i++;
    size_t ws = i;
    while (i < b && s[i] != ' ' && s[i] != ',') i++;
    size_t we = i;
    while (i < b && (s[i] == ' ' || s[i] == ',')) i++;
    if (i != b) return false;
    if (ws == we) return memchr(s + a, ',', b - a) != NULL;
    cm_buf k = {0};
    cm_gaz_hit h;
    bool ok = !cm_norm_key(s + ws, we - ws, &k) && k.n && cm_gaz_lookup_key(g, k.p, k.n, &h) &&
              (h.wflags & CM_GAZ_WORD_LIST);
    cm_buf_free(&k);
    return ok;
}

/* What the first pass learns of each raw mention. */
typedef struct {
    char prov[8];  /* province of the first-pass winner, "" when none or foreign */
    bool drop;     /* no candidate, a common word without context, a person's name */
    bool weak;
} rinfo;

/* Resolves the raw mentions: drops and provinces into info[]; the co-mentioned
 * provinces into *ps. The candidates themselves are gathered again when
 * emitted, so memory stays small on long texts. */
/* Reads the context words of mention i (re-anchoring the stream on it), and
 * adds what a list carries from the mention before it: "distrik Banu,
 * Pol-e-Hesar dan De Salah". */
static uint32_t eff_ctx(stream *st, raws *rs, size_t i)
{
    raw *m = &rs->v[i];
    if (m->eff_done) return m->ctx;
    if (!m->ctx_done) {
        anchor_at(st, m->off);
        m->ctx = context(st, m, m->prev_end, &m->person);
        m->ctx_done = true;
    }
    const uint32_t admin = CM_GAZ_CTX_PROVINCE | CM_GAZ_CTX_DISTRICT | CM_GAZ_CTX_CITY;
    if (i > 0 && !(m->ctx & admin) && list_gap(st->g, st->s, rs->v[i - 1].end, m->off))
        m->ctx |= eff_ctx(st, rs, i - 1) & admin;
    m->eff_done = true;
    return m->ctx;
}

/* Whether the context can change m's outcome: candidates of several kinds, a
 * common word, or a weak match (the person-name test reads the word before). */
static bool needs_ctx(const cand *c, size_t nc, const raw *m, bool weakm)
{
    if (m->common || weakm) return true;
    for (size_t i = 1; i < nc; i++)
        if (c[i].e.kind != c[0].e.kind) return true;
    return false;
}

static void resolve_all(stream *st, raws *rs, rinfo *info, provset *ps, bool all_ctx)
{
    const cm_gaz *g = st->g;
    /* First pass: kind, context, name; a person-name hash set for the second. */
    enum { HS = 256 };
    uint64_t persons[HS] = {0};
    size_t npersons = 0;
    for (size_t i = 0; i < rs->n; i++) {
        raw *m = &rs->v[i];
        rinfo *r = &info[i];
        cand c[MAX_ENTRIES];
        size_t nc = gather(g, m, c);
        *r = (rinfo){.drop = nc == 0};
        if (r->drop) continue;
        r->weak = weak(c, nc, m);
        if (all_ctx || needs_ctx(c, nc, m, r->weak)) eff_ctx(st, rs, i);
        score_all(c, nc, m, NULL, NULL, NULL);
        if (!is_foreign(&c[0].e)) {
            size_t pl = strlen(c[0].e.province);
            if (pl < sizeof r->prov) memcpy(r->prov, c[0].e.province, pl + 1);
        }
        if (m->common && !(m->ctx & CM_GAZ_CTX_ANY)) r->drop = true;
        if (!r->drop && m->person && r->weak && npersons < HS / 2) {
            uint64_t h = (m->h ^ m->klen) | 1;
            size_t k = h & (HS - 1);
            while (persons[k] && persons[k] != h) k = (k + 1) & (HS - 1);
            if (!persons[k]) persons[k] = h, npersons++;
        }
    }
    /* One sense per discourse: a weak word once read as a person's name is a
     * person's name throughout (unless a context word says place). */
    if (npersons)
        for (size_t i = 0; i < rs->n; i++) {
            raw *m = &rs->v[i];
            if (info[i].drop || !info[i].weak || (m->ctx & CM_GAZ_CTX_ANY)) continue;
            uint64_t h = (m->h ^ m->klen) | 1;
            for (size_t k = h & (HS - 1); persons[k]; k = (k + 1) & (HS - 1))
                if (persons[k] == h) {
                    info[i].drop = true;
                    break;
                }
        }
    *ps = (provset){0};
    for (size_t i = 0; i < rs->n; i++)
        if (!info[i].drop) prov_add(ps, info[i].prov);
}

/* Candidates of m scored with the co-mentions, best first. */
static size_t final_cands(const cm_gaz *g, const raw *m, const rinfo *r, const provset *ps, const char *next_prov,
                          cand *c)
{
    size_t nc = gather(g, m, c);
    if (nc) score_all(c, nc, m, ps, r->prov, next_prov);
    return nc;
}

/* Whether the text between two mentions, s[a..b), reads as the first one's
 * container coming next within the clause: a few words at most ("in", "district
 * of", "в провинции", "di provinsi"), commas, brackets, no sentence or clause
 * end. */
static bool container_gap(const char *s, size_t a, size_t b)
{
    if (b < a || b - a > 40) return false;
    size_t words = 0;
    bool in_word = false;
    for (size_t i = a; i < b; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '.' || c == ';' || c == ':' || c == '!' || c == '?' || c == '\n') return false;
        if (c == 0xD8 && i + 1 < b && ((unsigned char)s[i + 1] == 0x9B || (unsigned char)s[i + 1] == 0x9F))
            return false; /* Arabic semicolon, question mark */
        if (c == 0xDB && i + 1 < b && (unsigned char)s[i + 1] == 0x94) return false; /* Urdu full stop */
        if (c == 0xE3 && i + 2 < b && (unsigned char)s[i + 1] == 0x80 && (unsigned char)s[i + 2] == 0x82)
            return false; /* 。 */
        bool sep = c == ' ' || c == ',' || c == '(' || c == ')' || c == '\t' || c == '-';
        if (!sep && !in_word) words++;
        in_word = !sep;
    }
    return words <= 3;
}

/* The province of the next kept mention when it follows mention i as its
 * container (container_gap), else NULL. */
static const char *container_after(const char *text, const raws *rs, const rinfo *info, size_t i)
{
    for (size_t j = i + 1; j < rs->n; j++) {
        if (info[j].drop) continue;
        return container_gap(text, rs->v[i].end, rs->v[j].off) ? info[j].prov : NULL;
    }
    return NULL;
}

/* Copies s into the block at *p. */
static const char *pack(char **p, const char *s, size_t n)
{
    char *d = *p;
    memcpy(d, s, n);
    d[n] = 0;
    *p += n + 1;
    return d;
}

static cm_status emit(const char *text, const raw *m, const cand *c, size_t nc, cm_arena *a, cm_mention *o)
{
    const cand *w = &c[0];
    bool fw = is_foreign(&w->e);
    memset(o, 0, sizeof *o);
    o->off = m->off;
    o->len = m->end - m->off;
    size_t na = nc > 1 ? (nc - 1 < 8 ? nc - 1 : 8) : 0;
    /* One block: the alternatives, then every string. */
    const char *pc = fw ? "" : w->e.pcode, *pr = fw ? "" : w->e.province;
    size_t ln = strlen(w->e.name), lp = strlen(pc), lr = strlen(pr);
    size_t bytes = na * sizeof(cm_mention_alt) + o->len + ln + lp + lr + 4;
    for (size_t i = 0; i < na; i++)
        bytes += strlen(c[i + 1].e.name) + 1 + (is_foreign(&c[i + 1].e) ? 0 : strlen(c[i + 1].e.pcode)) + 1;
    char *blk = cm_arena_alloc(a, bytes);
    if (!blk) return CM_NOMEM;
    cm_mention_alt *alts = na ? (cm_mention_alt *)(void *)blk : NULL;
    char *p = blk + na * sizeof(cm_mention_alt);
    o->surface = pack(&p, text + o->off, o->len);
    o->name = pack(&p, w->e.name, ln);
    o->pcode = pack(&p, pc, lp);
    o->province = pack(&p, pr, lr);
    o->kind = w->e.kind;
    o->foreign = fw;
    o->lat = w->e.lat;
    o->lon = w->e.lon;
    o->confidence = confidence(c, nc);
    o->fuzzy = !m->exact || w->cost > 0;
    for (size_t i = 0; i < na; i++) {
        const cand *x = &c[i + 1];
        const char *xp = is_foreign(&x->e) ? "" : x->e.pcode;
        alts[i].name = pack(&p, x->e.name, strlen(x->e.name));
        alts[i].pcode = pack(&p, xp, strlen(xp));
        alts[i].kind = x->e.kind;
        alts[i].score = x->score;
    }
    o->alts = alts;
    o->nalts = na;
    return CM_OK;
}

cm_status cm_mention_find(const cm_gaz *g, const char *text, size_t n, cm_arena *a, cm_mention **out,
                          size_t *nout)
{
    *out = NULL;
    *nout = 0;
    raws rs = {0};
    /* The array of raw mentions is this thread's from one call to the next: a
     * long text comes in many pieces (doc.h), each with thousands of them. */
    tcache *tc = tc_get();
    if (tc && tc->raws) {
        rs.v = tc->raws;
        rs.cap = tc->raws_cap;
        tc->raws = NULL;
    }
    rinfo *info = NULL;
    provset *ps = NULL;
    stream *st = malloc(sizeof *st);
    cm_status s = st ? find_raw(g, text, n, &rs, st) : CM_NOMEM;
    if (s || !rs.n) goto done;
    info = malloc(rs.n * sizeof *info);
    ps = malloc(sizeof *ps);
    if (!info || !ps) {
        s = CM_NOMEM;
        goto done;
    }
    resolve_all(st, &rs, info, ps, false);
    size_t keep = 0;
    for (size_t i = 0; i < rs.n; i++) keep += !info[i].drop;
    if (!keep) goto done;
    cm_mention *o = cm_arena_calloc(a, keep, sizeof *o);
    if (!o) {
        s = CM_NOMEM;
        goto done;
    }
    size_t k = 0;
    for (size_t i = 0; i < rs.n && !s; i++) {
        if (info[i].drop) continue;
        cand c[MAX_ENTRIES];
        size_t nc = final_cands(g, &rs.v[i], &info[i], ps, container_after(text, &rs, info, i), c);
        s = emit(text, &rs.v[i], c, nc, a, &o[k++]);
    }
    if (!s) {
        *out = o;
        *nout = keep;
    }
done:
    free(st);
    if (tc && !tc->raws && rs.cap <= RAWS_KEEP) {
        tc->raws = rs.v;
        tc->raws_cap = rs.cap;
    } else {
        free(rs.v);
    }
    free(info);
    free(ps);
    return s;
}

cm_status cm_mention_geojson(cm_buf *out, const char *doc, size_t base_off, const cm_mention *m)
{
    cm_status st = cm_buf_printf(out, "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":"
                                      "[%.6f,%.6f]},\"properties\":{\"doc\":",
                                 m->lon, m->lat);
    if (!st) st = cm_buf_json_str(out, doc, strlen(doc));
    if (!st) st = cm_buf_printf(out, ",\"offset\":%zu,\"length\":%zu,\"surface\":", m->off + base_off, m->len);
    if (!st) st = cm_buf_json_str(out, m->surface, strlen(m->surface));
    if (!st) st = cm_buf_puts(out, ",\"name\":");
    if (!st) st = cm_buf_json_str(out, m->name, strlen(m->name));
    if (!st)
        st = cm_buf_printf(out, ",\"kind\":\"%s\",\"pcode\":%s%s%s,\"province\":%s%s%s,\"foreign\":%s,"
                                "\"confidence\":%.3f,\"fuzzy\":%s}}",
                           cm_gaz_kind_name(m->kind), *m->pcode ? "\"" : "", *m->pcode ? m->pcode : "null",
                           *m->pcode ? "\"" : "", *m->province ? "\"" : "", *m->province ? m->province : "null",
                           *m->province ? "\"" : "", m->foreign ? "true" : "false", m->confidence,
                           m->fuzzy ? "true" : "false");
    return st;
}

/* ---- explain ------------------------------------------------------------------------------ */

static cm_status explain_cands(const cm_gaz *g, const char *key, size_t kl, cm_buf *out)
{
    cm_status s = CM_OK;
    cm_gaz_hit h;
    if (cm_gaz_lookup_key(g, key, kl, &h)) {
        if (h.wflags && (s = cm_buf_printf(out, "  word flags:%s%s%s%s%s%s%s%s%s%s\n",
                                           h.wflags & CM_GAZ_WORD_COMMON ? " common" : "",
                                           h.wflags & CM_GAZ_CTX_PROVINCE ? " province" : "",
                                           h.wflags & CM_GAZ_CTX_DISTRICT ? " district" : "",
                                           h.wflags & CM_GAZ_CTX_CITY ? " city" : "",
                                           h.wflags & CM_GAZ_CTX_VALLEY ? " valley" : "",
                                           h.wflags & CM_GAZ_CTX_AIRPORT ? " airport" : "",
                                           h.wflags & CM_GAZ_CTX_COUNTRY ? " country" : "",
                                           h.wflags & CM_GAZ_CTX_CAPITAL ? " capital" : "",
                                           h.wflags & CM_GAZ_WORD_LIST ? " list" : "",
                                           h.wflags & CM_GAZ_WORD_PERSON ? " person-title" : "")))
            return s;
        for (uint32_t i = 0; i < h.count && !s; i++) {
            cm_gaz_name nm;
            cm_gaz_entry e;
            cm_gaz_name_get(g, h.first + i, &nm);
            cm_gaz_entry_get(g, nm.entry, &e);
            s = cm_buf_printf(out, "  listed: \"%s\" (%s%s%s) -> %s %s %s\n", nm.surface,
                              cm_gaz_source_name(nm.source), nm.flags & CM_GAZ_NAME_VARIANT ? ", connector form" : "",
                              nm.flags & CM_GAZ_NAME_CASE ? ", upper case only" : "", cm_gaz_kind_name(e.kind),
                              *e.pcode ? e.pcode : "-", e.name);
        }
    } else if ((s = cm_buf_puts(out, "  listed: none\n"))) {
        return s;
    }
    if (!cm_norm_key_latin(key, kl) || kl > CM_TRANSLIT_MAX) return s;
    char rd[CM_SKEL_READINGS][CM_SKEL_MAX];
    size_t nr = cm_translit_readings(key, kl, rd, CM_SKEL_READINGS);
    if ((s = cm_buf_puts(out, "  skeletons:"))) return s;
    for (size_t r = 0; r < nr && !s; r++) s = cm_buf_printf(out, " %s", rd[r]);
    if (!s) s = cm_buf_putc(out, '\n');
    fcand fc[MAX_CAND];
    size_t nc = kl >= MIN_FUZZY_KEY ? fuzzy_raw(g, key, kl, fc) : 0;
    for (size_t f = 0; f < nc && !s; f++) {
        cm_gaz_hit fh;
        cm_gaz_key_get(g, fc[f].kidx, &fh);
        if (!strcmp(fh.key, key) && strlen(fh.key) == kl) continue;
        cm_translit_trace tr;
        double c = cm_translit_cost(key, kl, fh.key, strlen(fh.key), 100, &tr);
        s = cm_buf_printf(out, "  transliteration: %s ~ %s cost %.2f (bound %.2f), rules:", key, fh.key, c,
                          cm_translit_bound(strlen(fh.key)));
        for (size_t q = 0; q < tr.n && !s; q++) s = cm_buf_printf(out, " %s", tr.rule[q]);
        if (!s) s = cm_buf_putc(out, '\n');
        for (uint32_t i = 0; i < fh.count && i < 4 && !s; i++) {
            cm_gaz_name nm;
            cm_gaz_entry e;
            cm_gaz_name_get(g, fh.first + i, &nm);
            cm_gaz_entry_get(g, nm.entry, &e);
            s = cm_buf_printf(out, "    -> \"%s\" (%s) %s %s %s\n", nm.surface, cm_gaz_source_name(nm.source),
                              cm_gaz_kind_name(e.kind), *e.pcode ? e.pcode : "-", e.name);
        }
    }
    return s;
}

cm_status cm_mention_explain(const cm_gaz *g, const char *text, size_t n, cm_buf *out)
{
    cm_buf k = {0};
    cm_status s = cm_norm_key(text, n, &k);
    if (s) return s;
    s = cm_buf_printf(out, "%.*s\n  key: %s\n", (int)n, text, k.p);
    if (!s) s = explain_cands(g, k.p, k.n, out);
    cm_buf_free(&k);
    if (s) return s;

    raws rs = {0};
    rinfo *info = NULL;
    provset ps;
    stream *st = malloc(sizeof *st);
    s = st ? find_raw(g, text, n, &rs, st) : CM_NOMEM;
    if (!s && rs.n && !(info = malloc(rs.n * sizeof *info))) s = CM_NOMEM;
    if (!s && rs.n) resolve_all(st, &rs, info, &ps, true);
    if (!s && !rs.n) s = cm_buf_puts(out, "  found in text: nothing (a name must start with a capital letter)\n");
    for (size_t i = 0; i < rs.n && !s; i++) {
        const raw *m = &rs.v[i];
        cand c[MAX_ENTRIES];
        size_t nc = final_cands(g, m, &info[i], &ps, container_after(text, &rs, info, i), c);
        s = cm_buf_printf(out, "  mention \"%.*s\" at byte %zu: %s%s%s%s%s%s\n", (int)(m->end - m->off), text + m->off,
                          m->off, m->exact ? "listed spelling" : "transliteration match",
                          m->ctx & CM_GAZ_CTX_PROVINCE ? ", context province" : "",
                          m->ctx & CM_GAZ_CTX_DISTRICT ? ", context district" : "",
                          m->ctx & (CM_GAZ_CTX_CITY | CM_GAZ_CTX_CAPITAL | CM_GAZ_CTX_AIRPORT) ? ", context town" : "",
                          m->ctx & CM_GAZ_CTX_VALLEY ? ", context valley" : "",
                          m->person ? ", after a capitalised non-place word (person?)" : "");
        for (size_t q = 0; q < nc && !s; q++) {
            const cand *x = &c[q];
            s = cm_buf_printf(out, "    %s %-8s %-8s %-28s score %5.2f%s via \"%s\" (%s)\n", q == 0 ? "*" : " ",
                              cm_gaz_kind_name(x->e.kind), *x->e.pcode ? x->e.pcode : "-", x->e.name, x->score,
                              x->cost > 0 ? " (transliterated)" : "", x->via, cm_gaz_source_name(x->src));
        }
        if (!s && info[i].drop)
            s = cm_buf_puts(out, !nc ? "    dropped: no candidate\n"
                                 : m->common && !(m->ctx & CM_GAZ_CTX_ANY) ? "    dropped: a common word with no context word\n"
                                 : "    dropped: read as part of a person's name\n");
        else if (!s && nc)
            s = cm_buf_printf(out, "    winner: %s %s (confidence %.2f)\n", c[0].e.name,
                              is_foreign(&c[0].e) ? "(foreign)" : c[0].e.pcode, confidence(c, nc));
    }
    free(st);
    free(rs.v);
    free(info);
    return s;
}

cm_status cm_mention_json(cm_buf *b, const char *file, const cm_mention *m)
{
    cm_status st = cm_buf_puts(b, "{\"file\":");
    if (!st) st = cm_buf_json_str(b, file, strlen(file));
    if (!st) st = cm_buf_printf(b, ",\"offset\":%zu,\"length\":%zu,\"surface\":", m->off, m->len);
    if (!st) st = cm_buf_json_str(b, m->surface, strlen(m->surface));
    if (!st) st = cm_buf_puts(b, ",\"name\":");
    if (!st) st = cm_buf_json_str(b, m->name, strlen(m->name));
    if (!st)
        st = cm_buf_printf(b, ",\"kind\":\"%s\",\"pcode\":%s%s%s,\"province\":%s%s%s,\"foreign\":%s,"
                              "\"lat\":%.6f,\"lon\":%.6f,\"confidence\":%.3f,\"fuzzy\":%s,\"alternatives\":[",
                           cm_gaz_kind_name(m->kind), *m->pcode ? "\"" : "", *m->pcode ? m->pcode : "null",
                           *m->pcode ? "\"" : "", *m->province ? "\"" : "", *m->province ? m->province : "null",
                           *m->province ? "\"" : "", m->foreign ? "true" : "false", m->lat, m->lon, m->confidence,
                           m->fuzzy ? "true" : "false");
    for (size_t i = 0; i < m->nalts && !st; i++) {
        const cm_mention_alt *a = &m->alts[i];
        st = cm_buf_printf(b, "%s{\"name\":", i ? "," : "");
        if (!st) st = cm_buf_json_str(b, a->name, strlen(a->name));
        if (!st)
            st = cm_buf_printf(b, ",\"kind\":\"%s\",\"pcode\":%s%s%s,\"score\":%.2f}", cm_gaz_kind_name(a->kind),
                               *a->pcode ? "\"" : "", *a->pcode ? a->pcode : "null", *a->pcode ? "\"" : "", a->score);
    }
    if (!st) st = cm_buf_puts(b, "]}\n");
    return st;
}
