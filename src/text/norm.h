/* norm: words and matching keys, the one normalisation the gazetteer and the
 * place finder share.
 *
 * A text is a sequence of words (letters, digits and combining marks) separated
 * by anything else. The KEY of a word is what names are matched on: compatibility
 * decomposition (NFKD), case folding, combining marks stripped (Ḩişār -> hisar),
 * Arabic-script letters folded to their Persian forms (ي/ى -> ی, ك -> ک, ة -> ه,
 * hamza carriers -> their base letter), tatweel and zero-width joiners dropped,
 * Arabic-Indic digits -> ASCII digits, and a letter repeated inside a word kept
 * once (Massoud -> masoud). The key of a multi-word name is the keys of its
 * words concatenated, with no separator: "Pol-e-Hesar", "Pol e Hesar" and "Pole
 * Hesar" all give "polehesar". Hyphens, apostrophes and white space between the
 * words of one name are therefore invisible to matching; other punctuation ends
 * a name (see cm_norm_gap_joins). The ezafe connector (-e-, -i-, -ye-, -yi-) is
 * handled where names are indexed: the gazetteer stores each Afghan name with
 * every connector form (see gaz.h), so the text needs no context-dependent
 * rewriting. The rules are documented in docs/gazetteer.md.
 *
 * Depends on utf8proc and core/str only; no allocation except in the cm_buf
 * functions. Thread-safe (no state). */
#ifndef CM_NORM_H
#define CM_NORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/status.h"
#include "core/str.h"

/* Longest key of one word the finder considers; longer words never match. */
#define CM_NORM_WORD_MAX 96

/* One word of a text. */
typedef struct {
    size_t off, end;    /* byte span [off, end) in the text */
    bool cap;           /* first letter upper case, or of an uncased script (Arabic) */
    bool upper;         /* has a cased letter and every cased letter is upper case */
    bool ascii;         /* every byte is ASCII */
} cm_norm_word;

/* Finds the first word starting at or after pos in s[0..n). Returns false when
 * there is none. Invalid UTF-8 bytes count as separators. */
bool cm_norm_next_word(const char *s, size_t n, size_t pos, cm_norm_word *w);

/* The last word ending at or before pos (pos <= n); false when none. */
bool cm_norm_prev_word(const char *s, size_t n, size_t pos, cm_norm_word *w);

/* The offset of the first word starting at or after pos whose first letter is
 * upper case or of an uncased script (what can start a name), or n when none;
 * every Han ideograph counts, and a capital right after one.
 * pos must not lie inside a word. This is the scanner's fast path: it skips
 * everything else a byte at a time with one table look-up. */
size_t cm_norm_next_cap(const char *s, size_t n, size_t pos);

/* The end of the run of ASCII letters and digits starting at pos. */
size_t cm_norm_ascii_run(const char *s, size_t n, size_t pos);

/* Writes the key of word w of s into out[0..cap) (not NUL-terminated) and
 * returns its length in bytes; returns (size_t)-1 when it does not fit. The key
 * may be empty (a word of marks only). */
size_t cm_norm_word_key(const char *s, const cm_norm_word *w, char *out, size_t cap);

/* True when the separator bytes s[a..b) between two words may lie inside one
 * name: only white space (at most one line break), hyphens and dashes,
 * apostrophes and quote-like marks used for the Arabic ayn, at most 8 bytes. A
 * full stop, a comma or a bracket ends a name. */
bool cm_norm_gap_joins(const char *s, size_t a, size_t b);

/* Appends the key of the whole string s[0..n) (the keys of its words,
 * concatenated) to out. CM_NOMEM only. */
cm_status cm_norm_key(const char *s, size_t n, cm_buf *out) CM_WUR;

/* Like cm_norm_key, and appends to map one size_t per key byte: the offset in s
 * of the first byte of the character that produced it, then one final entry
 * holding the end of the last word. map->n / sizeof(size_t) is the key length
 * plus one. CM_NOMEM only. */
cm_status cm_norm_key_map(const char *s, size_t n, cm_buf *key, cm_buf *map) CM_WUR;

/* True when cp is a Han ideograph (CJK unified ideographs, extensions,
 * compatibility ideographs). Chinese writes no spaces: a run of ideographs is
 * a word of its own (a Latin name next to it is another word), and the place
 * finder tries a name at every ideograph of it. */
bool cm_norm_is_han(uint32_t cp);

/* Morphology: the candidate stems of a word whose key is not listed, for the
 * place finder to try against the gazetteer (a stem counts only when it is a
 * listed key, so nothing new is invented). Russian (Cyrillic words): a case
 * ending stripped, the nominative ending restored ("Кундузе" -> кундуз,
 * "Пактике" -> пактика, "Забуле" -> забуль), stems of at least
 * CM_NORM_STEM_MIN_CYRILLIC letters. Arabic script: the Arabic proclitics
 * و ف ب ل ك ال and their combinations stripped ("وقندهار", "بولاية", "لكابل"),
 * and the part before a zero-width non-joiner (a Persian or Urdu suffix:
 * "هرات‌ها"), stems of at least CM_NORM_STEM_MIN_ARABIC letters. Latin and
 * other words: none (a Turkish case suffix follows an apostrophe, which
 * already ends the name: "Kandahar'ı"). w is the word of s, key[0..kl) its
 * key. Writes at most max stems, most specific first; returns how many. */
#define CM_NORM_STEM_MIN_CYRILLIC 4
#define CM_NORM_STEM_MIN_ARABIC 3
#define CM_NORM_STEMS 24
typedef struct {
    char k[CM_NORM_WORD_MAX];
    size_t n;
} cm_norm_stem;
size_t cm_norm_stems(const char *s, const cm_norm_word *w, const char *key, size_t kl, cm_norm_stem *out,
                     size_t max);

/* True when the key k[0..n) is an ezafe connector word: e, i, y, ye, yi. */
bool cm_norm_is_connector(const char *k, size_t n);

/* True when the key holds only ASCII letters and digits (a Latin-script name,
 * open to the transliteration matcher). */
bool cm_norm_key_latin(const char *k, size_t n);

#endif
