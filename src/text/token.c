/* token: the tokenizer every text stage shares (see token.h). One pass over
 * the bytes with an ASCII fast path; keys are case-folded (Arabic-script
 * letters to their Persian forms, digits of every script to ASCII, typographic
 * punctuation to a few forms) into arena chunks. */
#define _POSIX_C_SOURCE 200809L
#include "text/token.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "core/str.h"

/* ---- tokenizer ------------------------------------------------------------- */

uint32_t cm_lex_hash(const char *k, size_t n)
{
    /* eight bytes at a time, multiply-xorshift mixing: keys are short words */
    uint64_t h = 0x9E3779B97F4A7C15ull ^ (uint64_t)n;
    while (n >= 8) {
        uint64_t w;
        memcpy(&w, k, 8);
        h = (h ^ w) * 0xff51afd7ed558ccdull;
        h ^= h >> 32;
        k += 8;
        n -= 8;
    }
    uint64_t w = 0;
    for (size_t i = 0; i < n; i++) w |= (uint64_t)(unsigned char)k[i] << (8 * i);
    h = (h ^ w) * 0xc4ceb9fe1a85ec53ull;
    h ^= h >> 29;
    return (uint32_t)h;
}

static bool is_space_cp(uint32_t c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' ||
           c == 0xA0 || (c >= 0x2000 && c <= 0x200B) || c == 0x202F || c == 0x205F ||
           c == 0x3000 || c == 0xFEFF || c == 0x1A || c < 0x20 || c == 0x7F ||
           (c >= 0x80 && c < 0xA0);
}

static bool is_word_cp(uint32_t c)
{
    if (c < 0x80) return (c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'z');
    utf8proc_category_t cat = utf8proc_category((utf8proc_int32_t)c);
    return (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_NO);
}


/* A Han ideograph (CJK unified ideographs and their extensions, compatibility
 * ideographs). Chinese writes no spaces between words, so each ideograph is a
 * token of its own: a phrase written without spaces ("占领了") is tokenized the
 * same way as the text and matches wherever it stands. */
static bool is_han(uint32_t c)
{
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0xF900 && c <= 0xFAFF) ||
           (c >= 0x20000 && c <= 0x2FFFF) || c == 0x3007;
}

/* Hyphen and apostrophe forms that may join two word characters. */
static bool is_joiner(uint32_t c)
{
    return c == '-' || c == 0x2010 || c == 0x2011 || c == '\'' || c == 0x2019 || c == 0x02BC;
}

/* Decodes at s[i..n); invalid bytes give cp 0xFFFFFFFF with length 1. */
static size_t dec(const char *s, size_t n, size_t i, uint32_t *cp)
{
    unsigned char b = (unsigned char)s[i];
    if (b < 0x80) {
        *cp = b;
        return 1;
    }
    size_t l = cm_utf8_decode((const unsigned char *)s + i, n - i, cp);
    if (!l) {
        *cp = 0xFFFFFFFFu;
        return 1;
    }
    return l;
}

static uint32_t fold_cp(uint32_t c)
{
    if (c < 0x80) return (c >= 'A' && c <= 'Z') ? c + 32 : c;
    if (c == 0x2019 || c == 0x2018 || c == 0x02BC) return '\'';
    if (c == 0x2010 || c == 0x2011) return '-';
    return (uint32_t)utf8proc_tolower((utf8proc_int32_t)c);
}

/* Arabic-script letters folded to the Persian forms, so that one lexicon line
 * matches every spelling, as the place keys of norm.c fold them: Arabic yeh,
 * alef maksura, yeh with hamza and the Pashto/Urdu yeh forms (ې ۍ ے) -> ی;
 * Arabic kaf -> ک; teh marbuta and the heh forms (ة ۀ ھ ە ہ) -> ه (Persian
 * writes ه where Arabic writes ة: جبهة -> جبهه); alef with hamza or madda
 * (أ إ آ ٱ) -> ا; waw with hamza -> و. Pashto ګ -> گ as well (writers without
 * a Pashto keyboard type گ; the place keys keep ګ). Returns 0 for what the key
 * drops: tatweel and the combining marks of the Arabic blocks (harakat,
 * superscript alef, hamza above). Digits are handled by digit_value. */
static uint32_t fold_arabic(uint32_t c)
{
    switch (c) {
    case 0x064A: case 0x0649: case 0x0626: case 0x06CD: case 0x06D0: case 0x06D2: case 0x06D3:
        return 0x06CC;
    case 0x0643: case 0x06AA:
        return 0x06A9;
    case 0x0629: case 0x06C0: case 0x06C2: case 0x06C3: case 0x06D5: case 0x06BE: case 0x06C1:
        return 0x0647;
    case 0x0622: case 0x0623: case 0x0625: case 0x0671: case 0x0672: case 0x0673:
        return 0x0627;
    case 0x0624:
        return 0x0648;
    case 0x06AB:
        return 0x06AF;
    case 0x0640:
        return 0;
    default:
        if (utf8proc_category((utf8proc_int32_t)c) == UTF8PROC_CATEGORY_MN) return 0;
        return c;
    }
}

/* The Arabic-script blocks (Arabic, Supplement, Extended-A). */
static bool arabic_cp(uint32_t c)
{
    return (c >= 0x0600 && c <= 0x06FF) || (c >= 0x0750 && c <= 0x077F) ||
           (c >= 0x08A0 && c <= 0x08FF);
}

/* 0..9 for an ASCII, Arabic-Indic (٠-٩) or Persian (۰-۹) digit, else -1. */
static int digit_value(uint32_t c)
{
    if (c >= '0' && c <= '9') return (int)(c - '0');
    if (c >= 0x0660 && c <= 0x0669) return (int)(c - 0x0660);
    if (c >= 0x06F0 && c <= 0x06F9) return (int)(c - 0x06F0);
    return -1;
}

/* Zero-width non-joiner and joiner: inside a word they keep it one token
 * ("می‌گویند", "ولسوالی‌ها") and the key drops them ("میگویند"). */
static bool zero_width_cp(uint32_t c) { return c == 0x200C || c == 0x200D; }

static uint32_t fold_punct(uint32_t c)
{
    switch (c) {
    case 0x060C: /* Arabic comma */
        return ',';
    case 0x061B: /* Arabic semicolon */
        return ';';
    case 0x061F: /* Arabic question mark */
        return '?';
    case 0x06D4: /* Urdu full stop */
        return '.';
    case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0xAB: case 0xBB: case 0x2033:
        return '"';
    case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2039: case 0x203A:
        return '\'';
    case 0x2012: case 0x2013: case 0x2014: case 0x2015: case 0x2212:
        return 0x2013;
    /* Chinese and Japanese punctuation: the ideographic full stop, the
     * enumeration comma and the full-width forms end sentences and clauses
     * as their ASCII forms do */
    case 0x3002: case 0xFF0E: case 0xFF61:
        return '.';
    case 0xFF0C: case 0x3001:
        return ',';
    case 0xFF01: return '!';
    case 0xFF1F: return '?';
    case 0xFF1B: return ';';
    case 0xFF1A: return ':';
    case 0xFF08: return '(';
    case 0xFF09: return ')';
    default:
        return c;
    }
}

/* Byte classes of ASCII for the fast path. */
enum { C_OTHER = 0, C_SPACE, C_NL, C_ALPHA, C_DIGIT, C_HIGH };

/* The class of each byte (C_HIGH for every non-ASCII byte). */
static const uint8_t ascii_cls[256] = {
    C_SPACE, C_SPACE, C_SPACE, C_SPACE, C_SPACE, C_SPACE, C_SPACE, C_SPACE,
    C_SPACE, C_SPACE, C_NL, C_SPACE, C_SPACE, C_SPACE, C_SPACE, C_SPACE,
    C_SPACE, C_SPACE, C_SPACE, C_SPACE, C_SPACE, C_SPACE, C_SPACE, C_SPACE,
    C_SPACE, C_SPACE, C_SPACE, C_SPACE, C_SPACE, C_SPACE, C_SPACE, C_SPACE,
    C_SPACE, C_OTHER, C_OTHER, C_OTHER, C_OTHER, C_OTHER, C_OTHER, C_OTHER,
    C_OTHER, C_OTHER, C_OTHER, C_OTHER, C_OTHER, C_OTHER, C_OTHER, C_OTHER,
    C_DIGIT, C_DIGIT, C_DIGIT, C_DIGIT, C_DIGIT, C_DIGIT, C_DIGIT, C_DIGIT,
    C_DIGIT, C_DIGIT, C_OTHER, C_OTHER, C_OTHER, C_OTHER, C_OTHER, C_OTHER,
    C_OTHER, C_ALPHA, C_ALPHA, C_ALPHA, C_ALPHA, C_ALPHA, C_ALPHA, C_ALPHA,
    C_ALPHA, C_ALPHA, C_ALPHA, C_ALPHA, C_ALPHA, C_ALPHA, C_ALPHA, C_ALPHA,
    C_ALPHA, C_ALPHA, C_ALPHA, C_ALPHA, C_ALPHA, C_ALPHA, C_ALPHA, C_ALPHA,
    C_ALPHA, C_ALPHA, C_ALPHA, C_OTHER, C_OTHER, C_OTHER, C_OTHER, C_OTHER,
    C_OTHER, C_ALPHA, C_ALPHA, C_ALPHA, C_ALPHA, C_ALPHA, C_ALPHA, C_ALPHA,
    C_ALPHA, C_ALPHA, C_ALPHA, C_ALPHA, C_ALPHA, C_ALPHA, C_ALPHA, C_ALPHA,
    C_ALPHA, C_ALPHA, C_ALPHA, C_ALPHA, C_ALPHA, C_ALPHA, C_ALPHA, C_ALPHA,
    C_ALPHA, C_ALPHA, C_ALPHA, C_OTHER, C_OTHER, C_OTHER, C_OTHER, C_SPACE,
    C_HIGH, C_HIGH, C_HIGH, C_HIGH, C_HIGH, C_HIGH, C_HIGH, C_HIGH,
    C_HIGH, C_HIGH, C_HIGH, C_HIGH, C_HIGH, C_HIGH, C_HIGH, C_HIGH,
    C_HIGH, C_HIGH, C_HIGH, C_HIGH, C_HIGH, C_HIGH, C_HIGH, C_HIGH,
    C_HIGH, C_HIGH, C_HIGH, C_HIGH, C_HIGH, C_HIGH, C_HIGH, C_HIGH,
    C_HIGH, C_HIGH, C_HIGH, C_HIGH, C_HIGH, C_HIGH, C_HIGH, C_HIGH,
    C_HIGH, C_HIGH, C_HIGH, C_HIGH, C_HIGH, C_HIGH, C_HIGH, C_HIGH,
    C_HIGH, C_HIGH, C_HIGH, C_HIGH, C_HIGH, C_HIGH, C_HIGH, C_HIGH,
    C_HIGH, C_HIGH, C_HIGH, C_HIGH, C_HIGH, C_HIGH, C_HIGH, C_HIGH,
    C_HIGH, C_HIGH, C_HIGH, C_HIGH, C_HIGH, C_HIGH, C_HIGH, C_HIGH,
    C_HIGH, C_HIGH, C_HIGH, C_HIGH, C_HIGH, C_HIGH, C_HIGH, C_HIGH,
    C_HIGH, C_HIGH, C_HIGH, C_HIGH, C_HIGH, C_HIGH, C_HIGH, C_HIGH,
    C_HIGH, C_HIGH, C_HIGH, C_HIGH, C_HIGH, C_HIGH, C_HIGH, C_HIGH,
    C_HIGH, C_HIGH, C_HIGH, C_HIGH, C_HIGH, C_HIGH, C_HIGH, C_HIGH,
    C_HIGH, C_HIGH, C_HIGH, C_HIGH, C_HIGH, C_HIGH, C_HIGH, C_HIGH,
    C_HIGH, C_HIGH, C_HIGH, C_HIGH, C_HIGH, C_HIGH, C_HIGH, C_HIGH,
    C_HIGH, C_HIGH, C_HIGH, C_HIGH, C_HIGH, C_HIGH, C_HIGH, C_HIGH,
};

/* Key space: at least need bytes free in the current chunk; a key already
 * begun at k (kl bytes) moves along to a new chunk. Returns the key's start. */
static char *key_room(cm_arena *a, char **kb, size_t *kcap, size_t *kn, char *k, size_t kl,
                      size_t need)
{
    if (*kcap - *kn >= need) return k ? k : *kb + *kn;
    size_t want = need > 65536 ? need * 2 : 65536;
    char *nb = cm_arena_alloc(a, want);
    if (!nb) return NULL;
    if (k && kl) memcpy(nb, k, kl);
    *kb = nb;
    *kcap = want;
    *kn = 0;
    return nb;
}

/* ASCII letters folded, digits kept, everything else 0. */
static const char ascii_lowtab[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 0, 0, 0, 0, 0, 0,
    0, 97, 98, 99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111,
    112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 0, 0, 0, 0, 0,
    0, 97, 98, 99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111,
    112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};

cm_status cm_tokenize(const char *s, size_t n, cm_arena *a, cm_token **out, size_t *nout)
{
    *out = NULL;
    *nout = 0;
    const uint8_t *cls = ascii_cls;
    const char *low = ascii_lowtab;
    /* about one token per five bytes of text; grown by doubling past that */
    size_t cap = n / 5 + 16, nt = 0;
    cm_token *t = cm_arena_calloc(a, cap, sizeof *t);
    char *kb = NULL;
    size_t kcap = 0, kn = 0;
    if (!t) return CM_NOMEM;
    size_t i = 0;
    unsigned nl = 0;
    bool space = true, start = true, wide = false;
    while (i < n) {
        unsigned char b0 = (unsigned char)s[i];
        uint8_t k0 = cls[b0];
        uint32_t c = b0;
        size_t l = 1;
        if (k0 == C_SPACE || k0 == C_NL) {
            if (k0 == C_NL) nl++;
            space = true;
            i++;
            continue;
        }
        if (k0 == C_HIGH) {
            l = dec(s, n, i, &c);
            if (c == 0xFFFFFFFFu || is_space_cp(c)) {
                space = true;
                i += l;
                continue;
            }
            if (zero_width_cp(c)) { /* at the edge of a word it joins nothing */
                i += l;
                continue;
            }
        }
        if (nt == cap) {
            size_t ncap;
            if (!cm_size_mul(cap, 2, &ncap)) return CM_NOMEM;
            cm_token *t2 = cm_arena_alloc(a, ncap * sizeof *t2);
            if (!t2) return CM_NOMEM;
            memcpy(t2, t, nt * sizeof *t);
            t = t2;
            cap = ncap;
        }
        cm_token *tk = &t[nt];
        tk->off = i;
        tk->flags = (uint8_t)((space ? CM_TOKF_SPACE : 0) | (nl ? CM_TOKF_NL : 0) |
                              ((nl >= 2 || start) ? CM_TOKF_PARA : 0));
        tk->num = -1;
        start = false;
        nl = 0;
        space = false;
        bool word = k0 == C_ALPHA || k0 == C_DIGIT || (k0 == C_HIGH && is_word_cp(c));
        char *k = key_room(a, &kb, &kcap, &kn, NULL, 0, 64);
        if (!k) return CM_NOMEM;
        size_t kl = 0;
        size_t end;
        if (!word) {
            char e[4];
            size_t el = cm_utf8_encode(fold_punct(c), e);
            memcpy(k, e, el);
            kl = el;
            end = i + l;
            tk->kind = CM_TOK_PUNCT;
            /* full-width punctuation (。，、！？) carries its own space: the
             * token after it starts as after white space */
            wide = c == 0x3002 || c == 0x3001 || (c >= 0xFF01 && c <= 0xFF1F);
        } else {
            if (k0 == C_ALPHA) {
                if (b0 >= 'A' && b0 <= 'Z') tk->flags |= CM_TOKF_CAP;
            } else if (k0 == C_HIGH) {
                utf8proc_category_t cat = utf8proc_category((utf8proc_int32_t)c);
                if (cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LT) tk->flags |= CM_TOKF_CAP;
            }
            bool digits = true, prev_alnum = false;
            size_t j = i;
            bool han = k0 == C_HIGH && is_han(c); /* one ideograph, one token */
            while (j < n) {
                /* room for one more folded character and the NUL */
                if (kcap - kn < kl + 64 && !(k = key_room(a, &kb, &kcap, &kn, k, kl, kl + 256)))
                    return CM_NOMEM;
                unsigned char b = (unsigned char)s[j];
                uint8_t kc = cls[b];
                uint32_t d = b;
                size_t dl = 1;
                if (kc == C_HIGH) dl = dec(s, n, j, &d);
                if (j > i && (han || (kc == C_HIGH && is_han(d)))) break; /* an ideograph ends a word */
                bool is_w = kc == C_ALPHA || kc == C_DIGIT ||
                            (kc == C_HIGH && d != 0xFFFFFFFFu && is_word_cp(d));
                if (!is_w) {
                    /* a joiner inside the word: hyphens and apostrophes between
                     * word characters, '.' between ASCII letters or digits,
                     * ',' inside a number; the Arabic decimal and thousands
                     * separators between digits; a zero-width (non-)joiner
                     * before a word character, dropped from the key */
                    if (j == i || j + dl >= n) break;
                    uint32_t nx;
                    unsigned char nb = (unsigned char)s[j + dl];
                    if (cls[nb] == C_HIGH) dec(s, n, j + dl, &nx);
                    else nx = nb;
                    bool nx_alnum = cls[nb] == C_ALPHA || cls[nb] == C_DIGIT;
                    bool nx_word = nx_alnum || (cls[nb] == C_HIGH && nx != 0xFFFFFFFFu && is_word_cp(nx));
                    if (zero_width_cp(d)) {
                        if (!nx_word) break;
                        j += dl;
                        continue;
                    }
                    if ((d == 0x066B || d == 0x066C) && digits && kl && digit_value(nx) >= 0) {
                        k[kl++] = d == 0x066B ? '.' : ',';
                        prev_alnum = false;
                        j += dl;
                        continue;
                    }
                    bool ok = false;
                    if (is_joiner(d))
                        ok = nx_alnum || (cls[nb] == C_HIGH && nx != 0xFFFFFFFFu && is_word_cp(nx) && !is_han(nx));
                    /* an elision before a number is two words: "l'8 agosto",
                     * "dell'11 luglio" give "l", "'", "8", so the day is a number */
                    if (ok && d != '-' && d != 0x2010 && d != 0x2011 && cls[nb] == C_DIGIT) ok = false;
                    else if (d == '.')
                        ok = prev_alnum && nx_alnum;
                    else if (d == ',')
                        ok = digits && cls[nb] == C_DIGIT && cls[(unsigned char)s[j - 1]] == C_DIGIT;
                    if (!ok) break;
                    if (is_joiner(d)) digits = false;
                    prev_alnum = false;
                    uint32_t f = fold_cp(d); /* the joiner is part of the key */
                    if (f < 0x80) k[kl++] = (char)f;
                    else kl += cm_utf8_encode(f, k + kl);
                    j += dl;
                    continue;
                }
                if (kc == C_HIGH) {
                    int dv = digit_value(d);
                    if (dv >= 0) { /* Persian and Arabic-Indic digits: as ASCII ones */
                        k[kl++] = (char)('0' + dv);
                        prev_alnum = true;
                        j += dl;
                        continue;
                    }
                    /* a number and an Arabic-script suffix ("۲۱مه", "۲۴ام"):
                     * the number is a token of its own, the suffix another */
                    if (digits && j > i && arabic_cp(d)) break;
                    digits = false;
                    prev_alnum = false;
                    uint32_t f = arabic_cp(d) ? fold_arabic(d) : fold_cp(d);
                    if (f) kl += cm_utf8_encode(f, k + kl);
                    j += dl;
                    continue;
                }
                /* a run of ASCII letters and digits, copied in one tight loop:
                 * low[] folds letters and keeps digits, 0 ends the run; letters
                 * have bit 0x40, digits do not */
                size_t stop = j + (kcap - kn - kl - 16);
                if (stop > n) stop = n;
                unsigned acc = 0;
                char c2;
                while (j < stop && (c2 = low[(unsigned char)s[j]])) {
                    k[kl++] = c2;
                    acc |= (unsigned char)c2;
                    j++;
                }
                if (acc & 0x40) digits = false;
                prev_alnum = true;
            }
            end = j;
            tk->kind = digits ? CM_TOK_NUM : CM_TOK_WORD;
            if (!kl) {
                /* nothing left once tatweel and marks are dropped: a tatweel
                 * standing alone is a dash ("ـ"), a stray mark itself */
                kl = cm_utf8_encode(c == 0x0640 ? 0x2013 : c, k);
                tk->kind = CM_TOK_PUNCT;
            }
        }
        tk->len = end - i;
        k[kl] = 0;
        kn += kl + 1;
        tk->key = k;
        tk->klen = (uint32_t)kl;
        tk->hash = cm_lex_hash(k, kl);
        if (tk->kind == CM_TOK_NUM && kl <= 9) {
            int32_t v = 0;
            bool plain = true;
            for (size_t q = 0; q < kl; q++) {
                if (k[q] < '0' || k[q] > '9') {
                    plain = false;
                    break;
                }
                v = v * 10 + (k[q] - '0');
            }
            if (plain) tk->num = v;
        }
        nt++;
        i = end;
        if (wide) space = true, wide = false;
    }
    *out = t;
    *nout = nt;
    return CM_OK;
}

/* ---- the character functions, for readers that fold as the tokenizer does -- */

size_t cm_tok_decode(const char *s, size_t n, size_t i, uint32_t *cp) { return dec(s, n, i, cp); }
uint32_t cm_tok_fold_cp(uint32_t c) { return fold_cp(c); }
bool cm_tok_is_word_cp(uint32_t c) { return is_word_cp(c); }
bool cm_tok_is_joiner(uint32_t c) { return is_joiner(c); }
