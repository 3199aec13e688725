/* translit: romanisation-aware comparison of Latin-script keys.
 *
 * The same Dari or Pashto name reaches the text romanised by English, German,
 * French, Indonesian or Russian ears: Takhar / Tachar, Badakhshan / Badachschan,
 * Jalalabad / Dschalalabad, Mazar-i-Sharif / Masar-i-Scharif, Kunduz / Kundus,
 * Pul-e-Hisar / Pol-e-Hesar. Two tools catch them:
 *
 *  - a SKELETON: a coarse consonant class string (vowels and lone h dropped,
 *    kh/gh/q/k/g/c/x one class, sh/sch one class, j/dj/dsch/zh one class, s/z,
 *    w/v...). Names are indexed by skeleton; a text word is looked up under each
 *    of its readings (German "ch" may be kh, English "ch" is ch, French "ch" is
 *    sh; German "j" may be y), so retrieval is one hash probe per reading;
 *  - a COST: a weighted edit distance whose substitutions are the romanisation
 *    rules (kh~ch~x, sh~sch~ch, j~dj~dsch~zh, w~v, ou~u, e~i, o~u, q~k~g, s~z,
 *    h dropped, vowel variation...), bounded relative to the name's length.
 *
 * Every rule and its cost lives in one table in translit.c and is documented
 * in docs/gazetteer.md. Keys are those of norm.h (lower case, no separators).
 * libc only. Thread-safe (no state). */
#ifndef CM_TRANSLIT_H
#define CM_TRANSLIT_H

#include <stdbool.h>
#include <stddef.h>

/* Longest key the cost and skeleton functions accept (bytes). */
#define CM_TRANSLIT_MAX 64
/* Room for one skeleton, NUL included. */
#define CM_SKEL_MAX (CM_TRANSLIT_MAX + 1)
/* At most this many readings of one text key. */
#define CM_SKEL_READINGS 12

/* Canonical skeleton of a NAME key k[0..n) (English-style romanisation: ch is
 * the ch of "church"). Writes a NUL-terminated string into out and returns its
 * length; returns 0 when k is not a Latin key or too long (no fuzzy match). */
size_t cm_translit_skeleton(const char *k, size_t n, char out[CM_SKEL_MAX]);

/* Skeletons of a TEXT key under every reading of its ambiguous letters (ch as
 * ch, kh or sh; j as j or y), at most CM_SKEL_READINGS, distinct. Returns how
 * many were written to out (0 as above). */
size_t cm_translit_readings(const char *k, size_t n, char out[][CM_SKEL_MAX], size_t max);

/* Latin reading of a Cyrillic KEY k[0..n) (lower case, marks dropped as norm.h
 * makes keys: й is и, ё is е), by the Russian-English romanisation the press
 * uses for Afghan names (х kh, ш sh, ж zh, ч ch, ц ts, щ shch, ы y, ю yu,
 * я ya, ъ ь dropped), a doubled letter kept once as in keys ("Шекх" shekh).
 * The result goes to the transliteration matcher: "Шугнон" shugnon ~
 * Shighnan. Writes at most cap bytes to out and returns the length; 0 when k
 * holds anything but Cyrillic letters or the result does not fit. */
size_t cm_translit_cyrillic(const char *k, size_t n, char *out, size_t cap);

/* The rules that an alignment used, for `gazetteer lookup`. */
typedef struct {
    const char *rule[16]; /* static strings such as "ch~kh", "vowel e~i" */
    size_t n;
} cm_translit_trace;

/* Cost of reading text key a as name key b (0 = identical; a plain letter
 * inserted, deleted or substituted costs 1). Returns a value > limit as soon
 * as the cost must exceed limit. trace (may be NULL) receives the rules of the
 * cheapest alignment. Keys longer than CM_TRANSLIT_MAX cost HUGE_VAL. */
double cm_translit_cost(const char *a, size_t na, const char *b, size_t nb, double limit,
                        cm_translit_trace *trace);

/* The substitution rules, for documentation and tests: text side a read as
 * name side b (and the other way round) at cost. *n receives the count. */
typedef struct {
    const char *a, *b;
    double cost;
    const char *label;
} cm_translit_rule;
const cm_translit_rule *cm_translit_rules(size_t *n);

/* The plain-letter costs: a vowel changed, a vowel added or dropped, an h added
 * or dropped (any other letter: 1). */
#define CM_TRANSLIT_VOWEL_SUB 0.3
#define CM_TRANSLIT_VOWEL_INDEL 0.5
#define CM_TRANSLIT_H_INDEL 0.3

/* The highest cost accepted for a name key of n bytes: short names must match
 * almost exactly; long ones tolerate a few rule applications. */
double cm_translit_bound(size_t n);

#endif
