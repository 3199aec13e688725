/* translit: skeletons and the romanisation cost (see translit.h).
 *
 * THE RULES live here and only here (docs/gazetteer.md quotes them). Sources:
 * the usual romanisations of Dari/Pashto (BGN/PCGN as used by GeoNames and the
 * OCHA boundary file), the German Duden/Wikipedia transcription of Persian
 * (ch = خ, sch = ش, dsch = ج, tsch = چ, j = ی, s = ز), the French one (ch = ش,
 * dj = ج, tch = چ, kh = خ, ou = و) and the Russian-via-English one (kh, zh, ch,
 * sh, y). Persian short vowels are unwritten and heard variously (e/i, o/u:
 * Hesar/Hisar, Pol/Pul, Panjsher/Panjshir), so vowels change cheaply. */
#include "text/translit.h"

#include <math.h>
#include <string.h>

/* ---- skeletons ---------------------------------------------------------- */

/* One unit of a key and its readings: class letters, alternatives separated
 * by '|', the canonical (name) reading first; "-" means dropped. "C|K|S": ch
 * is the ch of church (English), the kh of Takhar (German Tachar) or the sh of
 * Shibirghan (French Chibirghan). "J|JS": German dsch may stand for j+sh, the
 * doubled "dschsch" of Pandschschir reduced to Pandschir. */
typedef struct {
    const char *s;
    const char *cls;
} unit;

/* Longest first: the scanner takes the first entry that matches. */
static const unit units[] = {
    {"dsch", "J|JS"}, {"tsch", "C"}, {"sch", "S"}, {"dzh", "J"}, {"tch", "C"}, {"tsh", "C"},
    {"sh", "S"},      {"zh", "J"},   {"kh", "K"},  {"gh", "K"},  {"ch", "C|K|S"}, {"ck", "K"},
    {"ph", "F"},   {"th", "T"},   {"dh", "D"},  {"dj", "J"},
};

static bool is_vowel(char c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

/* Class of one letter: '-' dropped, 0 not a Latin key byte. */
static const char *single(char c)
{
    switch (c) {
    case 'a': case 'e': case 'i': case 'o': case 'u': case 'y': case 'h': return "-";
    case 'k': case 'q': case 'g': case 'c': case 'x': return "K";
    case 'j': return "J|-|K"; /* j; German j = y; Spanish j = kh */
    case 's': case 'z': return "Z";
    case 'w': case 'v': return "W";
    case 'f': return "F";
    case 'b': return "B";
    case 'p': return "P";
    case 't': return "T";
    case 'd': return "D";
    case 'l': return "L";
    case 'r': return "R";
    case 'm': return "M";
    case 'n': return "N";
    default:
        if (c >= '0' && c <= '9') return NULL; /* the digit itself */
        return "";
    }
}

/* Next unit at k[i]: returns its length and sets *cls (NULL: a digit, keep it;
 * "": not a Latin key byte). */
static size_t next_unit(const char *k, size_t n, size_t i, const char **cls)
{
    for (size_t u = 0; u < sizeof units / sizeof *units; u++) {
        if (units[u].s[0] != k[i]) continue;
        size_t l = strlen(units[u].s);
        if (i + l <= n && !memcmp(k + i, units[u].s, l)) {
            *cls = units[u].cls;
            return l;
        }
    }
    /* w after a vowel and before a consonant is a glide: Lowgar, Ghowr, Kowt. */
    if (k[i] == 'w' && i > 0 && is_vowel(k[i - 1]) && (i + 1 >= n || !is_vowel(k[i + 1]))) {
        *cls = "-";
        return 1;
    }
    *cls = single(k[i]);
    return 1;
}

typedef struct {
    char (*out)[CM_SKEL_MAX];
    size_t max, n;
    bool all; /* every reading (text) or the canonical one (name) */
    bool bad;
    size_t paths; /* readings walked to the end, duplicates included */
} readings;

/* Branching stops after this many complete walks: readings that coincide
 * ("jjjj", each j read as j or y) would otherwise double the work per letter
 * (fuzz: 30 j's took seconds). */
#define MAX_PATHS 64

/* sk holds len bytes and no terminator. */
static void emit(readings *r, const char *sk, size_t len)
{
    r->paths++;
    for (size_t i = 0; i < r->n; i++)
        if (strlen(r->out[i]) == len && !memcmp(r->out[i], sk, len)) return;
    if (r->n >= r->max) return;
    memcpy(r->out[r->n], sk, len);
    r->out[r->n][len] = 0;
    r->n++;
}

static void walk(readings *r, const char *k, size_t n, size_t i, char *sk, size_t len)
{
    while (i < n) {
        const char *cls;
        size_t l = next_unit(k, n, i, &cls);
        if (cls && !*cls) {
            r->bad = true; /* no reading at all: no branch goes on (fuzz) */
            return;
        }
        i += l;
        if (!cls) {
            if (len < CM_SKEL_MAX - 1) sk[len++] = k[i - l];
            continue;
        }
        /* The other readings branch off; the first one goes on here. */
        const char *bar = strchr(cls, '|');
        size_t first = bar ? (size_t)(bar - cls) : strlen(cls);
        if (r->all && bar) {
            const char *alt = bar + 1;
            while (*alt && r->n < r->max && r->paths < MAX_PATHS && !r->bad) {
                const char *e = strchr(alt, '|');
                size_t al = e ? (size_t)(e - alt) : strlen(alt);
                size_t len2 = len;
                if (!(al == 1 && alt[0] == '-'))
                    for (size_t q = 0; q < al && len2 < CM_SKEL_MAX - 1; q++) sk[len2++] = alt[q];
                walk(r, k, n, i, sk, len2);
                alt = e ? e + 1 : alt + al;
            }
            if (r->bad) return;
        }
        if (!(first == 1 && cls[0] == '-'))
            for (size_t q = 0; q < first && len < CM_SKEL_MAX - 1; q++) sk[len++] = cls[q];
    }
    emit(r, sk, len);
}

static size_t skeletons(const char *k, size_t n, char out[][CM_SKEL_MAX], size_t max, bool all)
{
    if (n == 0 || n > CM_TRANSLIT_MAX || max == 0) return 0;
    char sk[CM_SKEL_MAX];
    readings r = {.out = out, .max = max, .all = all};
    walk(&r, k, n, 0, sk, 0);
    return r.bad ? 0 : r.n;
}

size_t cm_translit_skeleton(const char *k, size_t n, char out[CM_SKEL_MAX])
{
    char one[1][CM_SKEL_MAX];
    if (!skeletons(k, n, one, 1, false)) return 0;
    size_t l = strlen(one[0]);
    memcpy(out, one[0], l + 1);
    return l;
}

size_t cm_translit_readings(const char *k, size_t n, char out[][CM_SKEL_MAX], size_t max)
{
    return skeletons(k, n, out, max, true);
}

/* ---- the cost ------------------------------------------------------------ */

/* Multi-letter rules, symmetric: text x read as name y costs c, and the other
 * way round. Plain letters: vowels change at VOWEL_SUB (e~i, o~u, y~i cheaper,
 * below), are inserted or dropped at VOWEL_INDEL; h comes and goes at H_INDEL;
 * anything else costs 1. */
typedef cm_translit_rule rule;

static const rule rules[] = {
    /* kh ~ ch ~ x (German/Spanish ch and x for خ) */
    {"kh", "ch", 0.2, "kh~ch"},
    {"kh", "x", 0.2, "kh~x"},
    {"ch", "x", 0.3, "ch~x"},
    {"kh", "k", 0.4, "kh~k"},
    {"kh", "q", 0.4, "kh~q"},
    {"ch", "k", 0.4, "ch~k"},
    /* sh ~ sch ~ ch (German sch, French ch for ش) */
    {"sh", "sch", 0.1, "sh~sch"},
    {"sh", "ch", 0.3, "sh~ch"},
    {"sch", "ch", 0.3, "sch~ch"},
    {"sh", "s", 0.5, "sh~s"},
    {"sch", "s", 0.6, "sch~s"},
    /* j ~ dj ~ dsch ~ zh (French dj, German dsch, Russian-English zh for ج/ژ) */
    {"j", "dj", 0.1, "j~dj"},
    {"j", "dsch", 0.1, "j~dsch"},
    {"j", "dzh", 0.1, "j~dzh"},
    {"j", "zh", 0.2, "j~zh"},
    {"dj", "dsch", 0.1, "dj~dsch"},
    {"jsh", "dsch", 0.2, "jsh~dsch"},
    {"zh", "dsch", 0.2, "zh~dsch"},
    {"j", "y", 0.3, "j~y"},
    {"j", "kh", 0.3, "j~kh"}, /* Spanish j for خ (Chajansur, Badajshán) */
    /* ch ~ tsch ~ tch (German tsch, French tch for چ) */
    {"ch", "tsch", 0.1, "ch~tsch"},
    {"ch", "tch", 0.1, "ch~tch"},
    {"ch", "tsh", 0.1, "ch~tsh"},
    {"ch", "c", 0.4, "ch~c"},
    /* w ~ v, ou ~ u */
    {"w", "v", 0.1, "w~v"},
    {"w", "u", 0.3, "w~u"},
    {"ou", "u", 0.1, "ou~u"},
    {"ou", "o", 0.2, "ou~o"},
    {"ow", "o", 0.2, "ow~o"},
    {"aw", "o", 0.3, "aw~o"},
    {"ow", "u", 0.2, "ow~u"},
    {"aw", "u", 0.3, "aw~u"},
    /* q ~ k ~ g, gh ~ g (ق and غ) */
    {"q", "k", 0.2, "q~k"},
    {"k", "g", 0.4, "k~g"},
    {"q", "g", 0.4, "q~g"},
    {"gh", "g", 0.2, "gh~g"},
    {"gh", "q", 0.3, "gh~q"},
    {"gh", "k", 0.4, "gh~k"},
    {"c", "k", 0.2, "c~k"},
    {"ck", "k", 0.1, "ck~k"},
    {"x", "ks", 0.2, "x~ks"},
    /* s ~ z (German s for ز), ts ~ z (German z) */
    {"s", "z", 0.3, "s~z"},
    {"ts", "z", 0.3, "ts~z"},
    {"tz", "z", 0.3, "tz~z"},
    /* f ~ ph, th ~ t, dh ~ d */
    {"f", "ph", 0.1, "f~ph"},
    {"th", "t", 0.2, "th~t"},
    {"dh", "d", 0.2, "dh~d"},
};

#define VOWEL_SUB CM_TRANSLIT_VOWEL_SUB
#define VOWEL_INDEL CM_TRANSLIT_VOWEL_INDEL
#define H_INDEL CM_TRANSLIT_H_INDEL

static double vowel_sub(char a, char b)
{
    if ((a == 'e' && b == 'i') || (a == 'i' && b == 'e')) return 0.2;
    if ((a == 'o' && b == 'u') || (a == 'u' && b == 'o')) return 0.2;
    if ((a == 'y' && b == 'i') || (a == 'i' && b == 'y')) return 0.1;
    return VOWEL_SUB;
}

static double indel(char c)
{
    if (is_vowel(c)) return VOWEL_INDEL;
    if (c == 'h') return H_INDEL;
    return 1.0;
}

/* Back-pointer of one DP cell: how it was reached. */
enum { BP_NONE, BP_MATCH, BP_SUB, BP_DEL, BP_INS, BP_RULE };

/* One direction of a rule, as the DP uses it: text side ta (ending with ta's
 * last byte), name side tb. */
typedef struct {
    const char *ta, *tb;
    unsigned char la, lb;
    double c;
    short id; /* rule index + 1, negative when reversed */
} drule;

double cm_translit_cost(const char *a, size_t na, const char *b, size_t nb, double limit,
                        cm_translit_trace *trace)
{
    if (trace) trace->n = 0;
    if (na > CM_TRANSLIT_MAX || nb > CM_TRANSLIT_MAX) return HUGE_VAL;
    enum { W = CM_TRANSLIT_MAX + 1, NR = sizeof rules / sizeof *rules };
    _Static_assert(2 * NR < 0xFF, "rule indices fit a byte");
    /* The rules bucketed by the last byte of their text side, so that a cell
     * tries only the rules that can end there. */
    drule dr[2 * NR];
    unsigned char head[128], next[2 * NR];
    memset(head, 0xFF, sizeof head);
    for (size_t r = 0; r < 2 * NR; r++) {
        const rule *ru = &rules[r / 2];
        bool rev = r & 1;
        drule *d = &dr[r];
        d->ta = rev ? ru->b : ru->a;
        d->tb = rev ? ru->a : ru->b;
        d->la = (unsigned char)strlen(d->ta);
        d->lb = (unsigned char)strlen(d->tb);
        d->c = ru->cost;
        d->id = (short)(rev ? -(short)(r / 2 + 1) : (short)(r / 2 + 1));
        unsigned char last = (unsigned char)d->ta[d->la - 1] & 0x7F;
        next[r] = head[last];
        head[last] = (unsigned char)r;
    }
    double d[W][W];
    unsigned char bp[W][W];
    short bpr[W][W]; /* rule index (+1, negative when reversed) */
    double rowmin[W];

    d[0][0] = 0;
    bp[0][0] = BP_NONE;
    for (size_t j = 1; j <= nb; j++) {
        d[0][j] = d[0][j - 1] + indel(b[j - 1]);
        bp[0][j] = BP_INS;
    }
    rowmin[0] = 0;
    for (size_t i = 1; i <= na; i++) {
        d[i][0] = d[i - 1][0] + indel(a[i - 1]);
        bp[i][0] = BP_DEL;
        double rm = d[i][0];
        char x = a[i - 1];
        unsigned char h0 = head[(unsigned char)x & 0x7F];
        double dx = indel(x);
        for (size_t j = 1; j <= nb; j++) {
            char y = b[j - 1];
            double best;
            unsigned char how;
            short which = 0;
            if (x == y) {
                best = d[i - 1][j - 1];
                how = BP_MATCH;
            } else {
                best = d[i - 1][j - 1] + (is_vowel(x) && is_vowel(y) ? vowel_sub(x, y) : 1.0);
                how = BP_SUB;
            }
            /* A vowel the text adds at the very end is a suffix, not a
             * spelling: the Persian -i of origin (Andarabi, Panjshiri). */
            double c = d[i - 1][j] + (i == na && j == nb && is_vowel(x) ? 1.5 : dx);
            if (c < best) best = c, how = BP_DEL;
            c = d[i][j - 1] + indel(y);
            if (c < best) best = c, how = BP_INS;
            for (unsigned char r = h0; r != 0xFF; r = next[r]) {
                const drule *ru = &dr[r];
                if (ru->la > i || ru->lb > j || ru->ta[0] != a[i - ru->la] || ru->tb[ru->lb - 1] != y ||
                    ru->tb[0] != b[j - ru->lb])
                    continue;
                if (memcmp(a + i - ru->la, ru->ta, ru->la) || memcmp(b + j - ru->lb, ru->tb, ru->lb)) continue;
                c = d[i - ru->la][j - ru->lb] + ru->c;
                if (c < best) best = c, how = BP_RULE, which = ru->id;
            }
            d[i][j] = best;
            bp[i][j] = how;
            bpr[i][j] = which;
            if (best < rm) rm = best;
        }
        rowmin[i] = rm;
        /* Rules reach back at most 4 rows: once 4 rows in a row exceed the
         * limit, nothing later can come back under it. */
        if (i >= 4 && rowmin[i] > limit && rowmin[i - 1] > limit && rowmin[i - 2] > limit &&
            rowmin[i - 3] > limit)
            return limit + 1.0;
    }
    double total = d[na][nb];
    if (trace && total <= limit) {
        size_t i = na, j = nb;
        const char *labels[CM_TRANSLIT_MAX * 2];
        size_t nl = 0;
        while ((i || j) && nl < sizeof labels / sizeof *labels) {
            switch (bp[i][j]) {
            case BP_MATCH: i--, j--; break;
            case BP_SUB:
                labels[nl++] = is_vowel(a[i - 1]) && is_vowel(b[j - 1]) ? "vowel change" : "letter changed";
                i--, j--;
                break;
            case BP_DEL:
                labels[nl++] = is_vowel(a[i - 1]) ? "vowel dropped" : a[i - 1] == 'h' ? "h dropped" : "letter dropped";
                i--;
                break;
            case BP_INS:
                labels[nl++] = is_vowel(b[j - 1]) ? "vowel added" : b[j - 1] == 'h' ? "h added" : "letter added";
                j--;
                break;
            case BP_RULE: {
                short w = bpr[i][j];
                const rule *ru = &rules[(w > 0 ? w : -w) - 1];
                labels[nl++] = ru->label;
                size_t lx = strlen(ru->a), ly = strlen(ru->b);
                if (w > 0) i -= lx, j -= ly;
                else i -= ly, j -= lx;
                break;
            }
            default: i = j = 0; break;
            }
        }
        for (size_t k = nl; k-- > 0 && trace->n < sizeof trace->rule / sizeof *trace->rule;)
            trace->rule[trace->n++] = labels[k];
    }
    return total;
}

/* ---- Cyrillic ------------------------------------------------------------ */

/* Latin letters of а..я (U+0430..U+044F) and ё (U+0451, also folded to е). */
static const char *const cyr_lat[32] = {
    "a", "b", "v", "g", "d", "e", "zh", "z", "i", "i", "k", "l", "m", "n", "o", "p",
    "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya",
};

size_t cm_translit_cyrillic(const char *k, size_t n, char *out, size_t cap)
{
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        unsigned char c0 = (unsigned char)k[i];
        if (i + 1 >= n || (c0 != 0xD0 && c0 != 0xD1)) return 0;
        unsigned cp = ((unsigned)(c0 & 0x1F) << 6) | ((unsigned char)k[i + 1] & 0x3F);
        i += 2;
        const char *l;
        if (cp >= 0x430 && cp <= 0x44F) l = cyr_lat[cp - 0x430];
        else if (cp == 0x451) l = "e";
        else return 0;
        for (; *l; l++) {
            if (o > 0 && out[o - 1] == *l) continue; /* doubled letters kept once, as in keys */
            if (o >= cap) return 0;
            out[o++] = *l;
        }
    }
    return o;
}

const cm_translit_rule *cm_translit_rules(size_t *n)
{
    *n = sizeof rules / sizeof *rules;
    return rules;
}

double cm_translit_bound(size_t n)
{
    if (n <= 4) return 0.25;
    double b = 0.1 + 0.12 * (double)n;
    return b > 1.2 ? 1.2 : b;
}
