/* norm: words and matching keys (see norm.h). ASCII takes a table-driven fast
 * path; every other code point goes through utf8proc (NFKD, case fold, marks
 * stripped) and the Arabic-script folding table below. */
#include "text/norm.h"

#include <stdint.h>
#include <string.h>
#include <utf8proc.h>

/* ASCII classes: 0 separator, 1 lower-case letter or digit, 2 upper-case letter. */
enum { A_SEP = 0, A_LOW = 1, A_UP = 2 };
static const unsigned char ascii_cls[128] = {
    ['0'] = A_LOW, ['1'] = A_LOW, ['2'] = A_LOW, ['3'] = A_LOW, ['4'] = A_LOW,
    ['5'] = A_LOW, ['6'] = A_LOW, ['7'] = A_LOW, ['8'] = A_LOW, ['9'] = A_LOW,
    ['a'] = A_LOW, ['b'] = A_LOW, ['c'] = A_LOW, ['d'] = A_LOW, ['e'] = A_LOW,
    ['f'] = A_LOW, ['g'] = A_LOW, ['h'] = A_LOW, ['i'] = A_LOW, ['j'] = A_LOW,
    ['k'] = A_LOW, ['l'] = A_LOW, ['m'] = A_LOW, ['n'] = A_LOW, ['o'] = A_LOW,
    ['p'] = A_LOW, ['q'] = A_LOW, ['r'] = A_LOW, ['s'] = A_LOW, ['t'] = A_LOW,
    ['u'] = A_LOW, ['v'] = A_LOW, ['w'] = A_LOW, ['x'] = A_LOW, ['y'] = A_LOW,
    ['z'] = A_LOW,
    ['A'] = A_UP, ['B'] = A_UP, ['C'] = A_UP, ['D'] = A_UP, ['E'] = A_UP,
    ['F'] = A_UP, ['G'] = A_UP, ['H'] = A_UP, ['I'] = A_UP, ['J'] = A_UP,
    ['K'] = A_UP, ['L'] = A_UP, ['M'] = A_UP, ['N'] = A_UP, ['O'] = A_UP,
    ['P'] = A_UP, ['Q'] = A_UP, ['R'] = A_UP, ['S'] = A_UP, ['T'] = A_UP,
    ['U'] = A_UP, ['V'] = A_UP, ['W'] = A_UP, ['X'] = A_UP, ['Y'] = A_UP,
    ['Z'] = A_UP,
};

/* Classes of a non-ASCII code point. */
enum {
    U_SEP,   /* separator */
    U_JOIN,  /* inside a word, contributes nothing (tatweel, ZWNJ, marks) */
    U_UP,    /* upper- or title-case letter */
    U_LOW,   /* lower-case letter, digit */
    U_UNC    /* letter of an uncased script (Arabic, Han...) */
};

static int ucls(uint32_t cp)
{
    if (cp == 0x0640) return U_JOIN; /* Arabic tatweel */
    switch (utf8proc_category((utf8proc_int32_t)cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LT: return U_UP;
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO: return U_LOW;
    case UTF8PROC_CATEGORY_LO: return U_UNC;
    case UTF8PROC_CATEGORY_LM:
        /* Spacing modifier letters (ʻ ʼ ʾ ʿ) stand for apostrophes and the ayn
         * in romanisations: separators. Other modifier letters (Japanese ー)
         * belong to their word. */
        return (cp >= 0x02B0 && cp <= 0x02FF) ? U_SEP : U_UNC;
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
    case UTF8PROC_CATEGORY_CF: return U_JOIN;
    default: return U_SEP;
    }
}

bool cm_norm_is_han(uint32_t cp)
{
    return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
           (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x2FFFF) || cp == 0x3007;
}

/* Decodes the code point at s[i] (n > i). Returns its length; an invalid byte
 * reads as U+FFFD of length 1 (a separator). */
static size_t dec(const char *s, size_t n, size_t i, uint32_t *cp)
{
    size_t l = cm_utf8_decode((const unsigned char *)s + i, n - i, cp);
    if (!l) {
        *cp = 0xFFFD;
        return 1;
    }
    return l;
}

/* ASCII byte flags for the scanner: W word byte, U upper-case letter, L
 * lower-case letter; N marks a non-ASCII byte (decoded on the slow path). */
enum { F_W = 1, F_U = 2, F_L = 4, F_N = 8 };
static const unsigned char scan_tab[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0,
    0, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
    3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 0, 0, 0, 0, 0,
    0, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5,
    5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 0, 0, 0, 0, 0,
    8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8,
    8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8,
    8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8,
    8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8,
    8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8,
    8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8,
    8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8,
    8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8,
};

bool cm_norm_next_word(const char *s, size_t n, size_t pos, cm_norm_word *w)
{
    const unsigned char *u = (const unsigned char *)s, *T = scan_tab;
    size_t i = pos;
    /* Find the start: the first letter, digit or mark. */
    for (;;) {
        while (i < n && !T[u[i]]) i++;
        if (i >= n) return false;
        if (!(T[u[i]] & F_N)) break;
        uint32_t cp;
        size_t l = dec(s, n, i, &cp);
        int k = ucls(cp);
        if (k == U_UP || k == U_LOW || k == U_UNC) break;
        i += l;
    }
    w->off = i;
    w->ascii = true;
    bool first = true, any_up = false, any_low = false;
    /* Han ideographs and other letters make separate words ("省的Pul-e-Hesar"):
     * Chinese writes Latin names with no space around them. */
    bool han = false;
    if (T[u[i]] & F_N) {
        uint32_t cp0;
        dec(s, n, i, &cp0);
        han = cm_norm_is_han(cp0);
    }
    for (;;) {
        /* ASCII run. */
        unsigned char acc = 0;
        size_t j = i;
        if (han && j < n && (T[u[j]] & F_W)) break;
        while (j < n && (T[u[j]] & F_W)) acc |= T[u[j++]];
        if (first && j > i) w->cap = (T[u[i]] & F_U) != 0, first = false;
        any_up |= (acc & F_U) != 0;
        any_low |= (acc & F_L) != 0;
        i = j;
        if (i >= n || !(T[u[i]] & F_N)) break;
        /* A non-ASCII character: part of the word, or its end. */
        uint32_t cp;
        size_t l = dec(s, n, i, &cp);
        int k = ucls(cp);
        if (k == U_SEP) break;
        if (!first && cm_norm_is_han(cp) != han && k != U_JOIN) break;
        w->ascii = false;
        if (first) w->cap = k == U_UP || k == U_UNC, first = false;
        if (k == U_UP) any_up = true;
        else if (k == U_LOW && utf8proc_category((utf8proc_int32_t)cp) == UTF8PROC_CATEGORY_LL) any_low = true;
        i += l;
    }
    w->end = i;
    w->upper = any_up && !any_low;
    return true;
}

/* Start of the character that ends at s[i] (exclusive end i > 0). */
static size_t char_start(const char *s, size_t i)
{
    size_t j = i - 1, lim = i >= 4 ? i - 4 : 0;
    while (j > lim && ((unsigned char)s[j] & 0xC0) == 0x80) j--;
    return j;
}

/* Whether the character ending at s[i] (i > 0) belongs to a word. */
static bool word_char_before(const char *s, size_t n, size_t i)
{
    unsigned char c = (unsigned char)s[i - 1];
    if (c < 0x80) return (scan_tab[c] & F_W) != 0;
    size_t j = char_start(s, i);
    uint32_t cp;
    size_t l = dec(s, n, j, &cp);
    if (j + l != i) return false; /* invalid bytes: separators */
    return ucls(cp) != U_SEP;
}

/* Whether the character ending at s[i] (i > 0) is a Han ideograph. */
static bool han_before(const char *s, size_t n, size_t i)
{
    if ((unsigned char)s[i - 1] < 0x80) return false;
    size_t j = char_start(s, i);
    uint32_t cp;
    return dec(s, n, j, &cp) == i - j && cm_norm_is_han(cp);
}

bool cm_norm_prev_word(const char *s, size_t n, size_t pos, cm_norm_word *w)
{
    size_t i = pos;
    while (i > 0 && !word_char_before(s, n, i)) i = ((unsigned char)s[i - 1] < 0x80) ? i - 1 : char_start(s, i);
    if (i == 0) return false;
    size_t end = i;
    while (i > 0 && word_char_before(s, n, i)) i = ((unsigned char)s[i - 1] < 0x80) ? i - 1 : char_start(s, i);
    /* A word starts at a letter or digit, not at a mark or joiner. */
    if (!cm_norm_next_word(s, n, i, w) || w->off >= end) return false;
    return true;
}

size_t cm_norm_ascii_run(const char *s, size_t n, size_t pos)
{
    const unsigned char *u = (const unsigned char *)s;
    while (pos < n && (scan_tab[u[pos]] & F_W)) pos++;
    return pos;
}

size_t cm_norm_next_cap(const char *s, size_t n, size_t pos)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = pos;
    while (i < n) {
        /* Eight bytes at a time while none is an ASCII capital or non-ASCII:
         * on 7-bit bytes y, y + 0x3F sets the high bit from 'A' on, y + 0x25
         * from '[' on (no carry crosses a byte). */
        while (i + 8 <= n) {
            uint64_t x;
            memcpy(&x, u + i, 8);
            uint64_t y = x & 0x7F7F7F7F7F7F7F7Full;
            uint64_t cap = (y + 0x3F3F3F3F3F3F3F3Full) & ~(y + 0x2525252525252525ull);
            if ((x | cap) & 0x8080808080808080ull) break;
            i += 8;
        }
        while (i < n && !(scan_tab[u[i]] & (F_U | F_N))) i++;
        if (i >= n) break;
        if (scan_tab[u[i]] & F_U) {
            if (i == 0 || !word_char_before(s, n, i) || ((unsigned char)s[i - 1] >= 0x80 && han_before(s, n, i)))
                return i;
            i++;
            continue;
        }
        uint32_t cp;
        size_t l = dec(s, n, i, &cp);
        int k = ucls(cp);
        /* Chinese has no spaces: a name may start at any ideograph. */
        if (k == U_UNC && cm_norm_is_han(cp)) return i;
        if ((k == U_UP || k == U_UNC) && (i == 0 || !word_char_before(s, n, i) || han_before(s, n, i))) return i;
        i += l;
    }
    return n;
}

/* Arabic-script folding to the Persian letter forms, after NFKD has split the
 * hamza and madda off their carriers (see docs/gazetteer.md). */
static uint32_t fold_arabic(uint32_t cp)
{
    switch (cp) {
    case 0x064A: /* ARABIC YEH */
    case 0x0649: /* ALEF MAKSURA */
    case 0x06CD: /* YEH WITH TAIL (Pashto) */
    case 0x06D0: /* E (Pashto) */
    case 0x06D2: /* YEH BARREE */
        return 0x06CC; /* FARSI YEH */
    case 0x0643: /* ARABIC KAF */
    case 0x06AA: /* SWASH KAF */
        return 0x06A9; /* KEHEH */
    case 0x0629: /* TEH MARBUTA */
    case 0x06D5: /* AE */
    case 0x06BE: /* HEH DOACHASHMEE */
    case 0x06C1: /* HEH GOAL */
        return 0x0647; /* HEH */
    case 0x0671: /* ALEF WASLA */
        return 0x0627;
    /* Pashto and Urdu letters that Dari spellings of the same names write
     * with the Persian letter (لوګر/لوگر, کونړ/کنر, لښکرګاه/لشکرگاه,
     * ترین کوٹ/ترینکوت, بدخشاں/بدخشان): one key for both. */
    case 0x06AB: /* GAF WITH RING (Pashto ګ) */
        return 0x06AF; /* GAF */
    case 0x067C: /* TEH WITH RING (Pashto ټ) */
    case 0x0679: /* TTEH (Urdu ٹ) */
        return 0x062A; /* TEH */
    case 0x0689: /* DAL WITH RING (Pashto ډ) */
    case 0x0688: /* DDAL (Urdu ڈ) */
        return 0x062F; /* DAL */
    case 0x0693: /* REH WITH RING (Pashto ړ) */
    case 0x0691: /* RREH (Urdu ڑ) */
        return 0x0631; /* REH */
    case 0x06BC: /* NOON WITH RING (Pashto ڼ) */
    case 0x06BA: /* NOON GHUNNA (Urdu ں) */
        return 0x0646; /* NOON */
    case 0x069A: /* SEEN WITH DOT BELOW AND DOT ABOVE (Pashto ښ) */
        return 0x0634; /* SHEEN */
    case 0x0696: /* REH WITH DOT BELOW AND DOT ABOVE (Pashto ږ) */
        return 0x0698; /* JEH */
    default:
        if (cp >= 0x0660 && cp <= 0x0669) return '0' + (cp - 0x0660);
        if (cp >= 0x06F0 && cp <= 0x06F9) return '0' + (cp - 0x06F0);
        return cp;
    }
}

/* Where the key bytes go: a fixed buffer, or a growable one with a map. */
typedef struct {
    char *out;
    size_t cap, n;
    cm_buf *key, *map;
    bool full;
} sink;

static void put(sink *k, uint32_t cp, size_t src)
{
    char u[4];
    size_t l;
    if (cp < 0x80) {
        u[0] = (char)cp;
        l = 1;
    } else {
        l = cm_utf8_encode(cp, u);
    }
    if (k->key) {
        if (cm_buf_append(k->key, u, l)) {
            k->full = true;
            return;
        }
        for (size_t j = 0; j < l; j++)
            if (k->map && cm_buf_append(k->map, &src, sizeof src)) {
                k->full = true;
                return;
            }
        k->n += l;
        return;
    }
    if (k->n + l > k->cap) {
        k->full = true;
        return;
    }
    memcpy(k->out + k->n, u, l);
    k->n += l;
}

static void word_key(const char *s, size_t off, size_t end, sink *k)
{
    uint32_t prev = 0;
    size_t i = off;
    while (i < end && !k->full) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            uint32_t o = (c >= 'A' && c <= 'Z') ? (uint32_t)(c | 0x20) : c;
            if (!(o == prev && o >= 'a')) put(k, o, i);
            prev = o;
            i++;
            continue;
        }
        uint32_t cp;
        size_t l = dec(s, end, i, &cp);
        utf8proc_int32_t d[16];
        int last = 0;
        utf8proc_ssize_t m = 0;
        if (cp != 0xFFFD && cp != 0x0640)
            m = utf8proc_decompose_char((utf8proc_int32_t)cp, d, 16,
                                        UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD |
                                            UTF8PROC_STRIPMARK | UTF8PROC_IGNORE,
                                        &last);
        if (m < 0 || m > 16) m = 0;
        for (utf8proc_ssize_t j = 0; j < m; j++) {
            uint32_t o = fold_arabic((uint32_t)d[j]);
            if (o < 0x80) {
                if (o >= 'A' && o <= 'Z') o |= 0x20;
                if (!ascii_cls[o]) continue; /* "½" -> "1⁄2": keep only letters and digits */
            } else {
                int kk = ucls(o);
                if (kk == U_JOIN || kk == U_SEP) continue;
            }
            bool letter = !(o >= '0' && o <= '9');
            if (!(o == prev && letter)) put(k, o, i);
            prev = o;
        }
        i += l;
    }
}

size_t cm_norm_word_key(const char *s, const cm_norm_word *w, char *out, size_t cap)
{
    if (w->ascii) {
        /* Fast path: lower-case, collapse doubled letters. */
        size_t n = 0;
        unsigned char prev = 0;
        for (size_t i = w->off; i < w->end; i++) {
            unsigned char c = (unsigned char)s[i];
            c = (c >= 'A' && c <= 'Z') ? (unsigned char)(c | 0x20) : c;
            if (c == prev && c >= 'a') continue;
            prev = c;
            if (n >= cap) return (size_t)-1;
            out[n++] = (char)c;
        }
        return n;
    }
    sink k = {.out = out, .cap = cap};
    word_key(s, w->off, w->end, &k);
    return k.full ? (size_t)-1 : k.n;
}

bool cm_norm_gap_joins(const char *s, size_t a, size_t b)
{
    if (b < a || b - a > 8) return false;
    int lines = 0;
    size_t i = a;
    while (i < b) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            if (c == '\n') {
                if (++lines > 1) return false;
            } else if (!(c == ' ' || c == '\t' || c == '\r' || c == '-' || c == '\'' || c == '`')) {
                return false;
            }
            i++;
            continue;
        }
        uint32_t cp;
        size_t l = dec(s, b, i, &cp);
        switch (cp) {
        case 0x00A0: /* no-break space */
        case 0x00AD: /* soft hyphen */
        case 0x00B4: /* acute accent used as apostrophe */
        case 0x2010: /* hyphen */
        case 0x2011: /* non-breaking hyphen */
        case 0x2018: /* ‘ (ayn in romanisations) */
        case 0x2019: /* ’ (hamza, apostrophe) */
        case 0x201B:
        case 0x2032: /* prime */
        case 0x200B: /* zero-width space */
        case 0x202F: /* narrow no-break space */
            break;
        default:
            if (!(cp >= 0x02B0 && cp <= 0x02FF)) return false;
        }
        i += l;
    }
    return true;
}

static cm_status key_all(const char *s, size_t n, cm_buf *key, cm_buf *map)
{
    sink k = {.key = key, .map = map};
    cm_norm_word w;
    size_t pos = 0, last_end = 0;
    if (cm_buf_append(key, "", 0)) return CM_NOMEM; /* key->p is then never NULL */
    while (cm_norm_next_word(s, n, pos, &w)) {
        word_key(s, w.off, w.end, &k);
        if (k.full) return CM_NOMEM;
        pos = last_end = w.end;
    }
    if (map && cm_buf_append(map, &last_end, sizeof last_end)) return CM_NOMEM;
    return CM_OK;
}

cm_status cm_norm_key(const char *s, size_t n, cm_buf *out)
{
    return key_all(s, n, out, NULL);
}

cm_status cm_norm_key_map(const char *s, size_t n, cm_buf *key, cm_buf *map)
{
    return key_all(s, n, key, map);
}

bool cm_norm_is_connector(const char *k, size_t n)
{
    if (n == 1) return k[0] == 'e' || k[0] == 'i' || k[0] == 'y';
    if (n == 2) return k[0] == 'y' && (k[1] == 'e' || k[1] == 'i');
    return false;
}

bool cm_norm_key_latin(const char *k, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)k[i];
        if (c >= 0x80 || !ascii_cls[c]) return false;
    }
    return n > 0;
}

/* ---- affixes ---------------------------------------------------------------------------------- */

/* Russian case endings (keys: lower case), longest first within each group:
 * the adjective in -ск- ("Кандагарской", "Панджшерское") and the noun endings of
 * the genitive, dative, accusative, instrumental and prepositional, singular and
 * plural ("Кундуза", "Кабулу", "Кабулом", "в Кундузе", "Пактии"). */
static const char *const ru_endings[] = {
    "скими", "ского", "скому", "ской", "ском", "скую", "ская", "ский", "ских", "ское", "ские",
    "ами", "ями", "ом", "ем", "ём", "ой", "ей", "ою", "ею", "ах", "ях", "ам", "ям",
    "а", "я", "у", "ю", "е", "ы", "и",
};
/* What the nominative may end in where the ending was: nothing (Кундуз-а),
 * -а (Пактик-е -> Пактика), -я (Пакти-и -> Пактия), -й (Шика-я -> Шикай),
 * -ь (Забул-е -> Забуль). */
static const char *const ru_restore[] = {"", "а", "я", "й", "ь"};

/* Arabic proclitics (folded keys: ک for ك): the conjunctions و ف, the
 * prepositions ب ل ک, the article ال and their combinations, longest first:
 * "وبالقندهار", "بولاية" (ب + ولاية), "وقندهار", "لكابل", "للولاية". */
static const char *const ar_prefixes[] = {
    "وبال", "فبال", "وکال", "ولل", "فلل", "وال", "فال", "بال", "کال",
    "لل", "وب", "فب", "ول", "فل", "وک", "فک", "ال",
    "و", "ف", "ب", "ل", "ک",
};

static size_t utf8_chars(const char *k, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++) c += ((unsigned char)k[i] & 0xC0) != 0x80;
    return c;
}

typedef struct {
    cm_norm_stem *out;
    size_t n, max;
} stems;

static void stem_add(stems *st, const char *a, size_t na, const char *b, size_t nb)
{
    if (st->n >= st->max || na + nb > sizeof st->out[0].k) return;
    for (size_t i = 0; i < st->n; i++)
        if (st->out[i].n == na + nb && !memcmp(st->out[i].k, a, na) && !memcmp(st->out[i].k + na, b, nb)) return;
    cm_norm_stem *o = &st->out[st->n++];
    memcpy(o->k, a, na);
    memcpy(o->k + na, b, nb);
    o->n = na + nb;
}

static bool ends_with(const char *k, size_t n, const char *e, size_t ne)
{
    return ne < n && !memcmp(k + n - ne, e, ne);
}

size_t cm_norm_stems(const char *s, const cm_norm_word *w, const char *key, size_t kl, cm_norm_stem *out,
                     size_t max)
{
    if (!kl || (unsigned char)key[0] < 0x80) return 0; /* Latin: no rule */
    uint32_t cp;
    if (!cm_utf8_decode((const unsigned char *)key, kl, &cp)) return 0;
    stems st = {out, 0, max};
    if (cp >= 0x0400 && cp <= 0x04FF) {
        for (size_t e = 0; e < sizeof ru_endings / sizeof *ru_endings; e++) {
            size_t ne = strlen(ru_endings[e]);
            if (!ends_with(key, kl, ru_endings[e], ne)) continue;
            size_t sl = kl - ne;
            if (utf8_chars(key, sl) < CM_NORM_STEM_MIN_CYRILLIC) continue;
            for (size_t r = 0; r < sizeof ru_restore / sizeof *ru_restore; r++)
                stem_add(&st, key, sl, ru_restore[r], strlen(ru_restore[r]));
            if (ends_with(key, sl, "ь", 2)) stem_add(&st, key, sl - 2, "", 0); /* Кабуль-ской */
        }
    } else if ((cp >= 0x0600 && cp <= 0x06FF) || (cp >= 0x0750 && cp <= 0x077F)) {
        /* Persian and Urdu mark a suffix off with a zero-width non-joiner
         * ("هرات‌ها"): what precedes it is the stem. */
        for (size_t i = w->off; i + 3 <= w->end; i++)
            if (!memcmp(s + i, "\xE2\x80\x8C", 3)) {
                cm_norm_word h = *w;
                h.end = i;
                char b[CM_NORM_WORD_MAX];
                size_t hl = cm_norm_word_key(s, &h, b, sizeof b);
                if (hl != (size_t)-1 && utf8_chars(b, hl) >= CM_NORM_STEM_MIN_ARABIC) stem_add(&st, b, hl, "", 0);
                break;
            }
        for (size_t p = 0; p < sizeof ar_prefixes / sizeof *ar_prefixes; p++) {
            size_t np = strlen(ar_prefixes[p]);
            if (np >= kl || memcmp(key, ar_prefixes[p], np)) continue;
            if (utf8_chars(key + np, kl - np) < CM_NORM_STEM_MIN_ARABIC) continue;
            stem_add(&st, key + np, kl - np, "", 0);
        }
    }
    return st.n;
}
