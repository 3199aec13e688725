/* token: the tokenizer every text stage shares — words, numbers, punctuation,
 * each with its byte span and a case-folded key — and the 32-bit hash of a key
 * that the tokenizer and the lexicons (lexicon.h) agree on. Lexicon phrases are
 * tokenized with it too, so a phrase matches exactly the token sequences it
 * names. Depends on core/ and utf8proc. */
#ifndef CM_TOKEN_H
#define CM_TOKEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/status.h"

/* ---- tokens ---------------------------------------------------------------- */

typedef enum {
    CM_TOK_WORD = 0, /* letters (and digits) with internal hyphens, apostrophes, dots */
    CM_TOK_NUM,      /* digits, possibly with internal '.' or ',' ("1.037") */
    CM_TOK_PUNCT     /* any other single character that is not white space */
} cm_tok_kind;

enum {
    CM_TOKF_CAP = 1u << 0,   /* first letter upper case */
    CM_TOKF_SPACE = 1u << 1, /* white space before the token */
    CM_TOKF_NL = 1u << 2,    /* a line break before the token */
    CM_TOKF_PARA = 1u << 3   /* a blank line before the token (or start of text) */
};

typedef struct {
    size_t off, len;  /* byte span in the text */
    const char *key;  /* case-folded form, NUL-terminated (arena); for PUNCT the
                         character itself, typographic quotes and dashes kept */
    uint32_t klen;    /* bytes of key */
    uint32_t hash;    /* hash of key (cm_lex_hash) */
    uint8_t kind;     /* cm_tok_kind */
    uint8_t flags;    /* CM_TOKF_* */
    int32_t num;      /* NUM: value of a plain digit string of at most 9 digits, else -1 */
} cm_token;

/* Splits text[0..n) into tokens (into the arena). Invalid UTF-8 bytes and
 * control characters count as white space. CM_NOMEM only. */
cm_status cm_tokenize(const char *text, size_t n, cm_arena *a, cm_token **out,
                      size_t *nout) CM_WUR;

/* The hash of a key (32 bits; the tokenizer and the lexicon agree on it). */
uint32_t cm_lex_hash(const char *k, size_t n);

/* The tokenizer's own character functions, for readers that must fold a word
 * exactly as it does (the lexicon's clitics and ordinal marks): decode one code
 * point at s[i..n) (invalid bytes: 0xFFFFFFFF, length 1; returns the length),
 * fold it as a key folds it, and whether it is a word character or a joiner
 * (hyphen or apostrophe form) that may sit between two. */
size_t cm_tok_decode(const char *s, size_t n, size_t i, uint32_t *cp);
uint32_t cm_tok_fold_cp(uint32_t c);
bool cm_tok_is_word_cp(uint32_t c);
bool cm_tok_is_joiner(uint32_t c);

#endif
