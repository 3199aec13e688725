/* str: string views, growable byte buffers, checked sizes, UTF-8 decoding.
 *
 * cm_str is a view {p, n} into memory someone else owns (usually the document
 * text). cm_buf owns a growable, always NUL-terminated byte buffer. libc only. */
#ifndef CM_STR_H
#define CM_STR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/status.h"

typedef struct {
    const char *p; /* not NUL-terminated in general */
    size_t n;      /* bytes */
} cm_str;

#define CM_STR(lit) ((cm_str){(lit), sizeof(lit) - 1})
cm_str cm_str_c(const char *s); /* view of a C string */
bool cm_str_eq(cm_str a, cm_str b);
bool cm_str_eq_c(cm_str a, const char *s);
bool cm_str_ieq_c(cm_str a, const char *s); /* ASCII case-insensitive */
cm_str cm_str_trim(cm_str s);               /* ASCII white space both ends */

/* Growable buffer. Zero-initialise ({0}) before first use; p is NULL until the
 * first append, then always NUL-terminated. Appends return CM_NOMEM on failure
 * and leave the buffer as it was. */
typedef struct {
    char *p;
    size_t n, cap;
} cm_buf;

cm_status cm_buf_reserve(cm_buf *b, size_t extra) CM_WUR;
cm_status cm_buf_append(cm_buf *b, const void *p, size_t n) CM_WUR;
cm_status cm_buf_puts(cm_buf *b, const char *s) CM_WUR;
cm_status cm_buf_putc(cm_buf *b, char c) CM_WUR;
cm_status cm_buf_printf(cm_buf *b, const char *fmt, ...) CM_WUR CM_PRINTF(2, 3);
/* JSON string literal with quotes; invalid UTF-8 becomes U+FFFD. */
cm_status cm_buf_json_str(cm_buf *b, const char *p, size_t n) CM_WUR;
void cm_buf_clear(cm_buf *b); /* n = 0, keeps memory */
void cm_buf_free(cm_buf *b);  /* releases memory, back to {0} */
/* Hands the bytes to the caller (free()); the buffer is back to {0}. */
char *cm_buf_take(cm_buf *b);

/* A fast 64-bit checksum of n bytes, 8 bytes a step (FNV-1a-style multiply
 * and shift): the binary files' (gazetteer index, map cache) guard against
 * damage, not a cryptographic hash. The same bytes give the same value on
 * every little-endian machine. */
uint64_t cm_hash64(const void *p, size_t n);
/* The same hash carried on from h over n more bytes (cm_hash64 starts from the
 * FNV-1a offset basis). */
uint64_t cm_hash64_more(uint64_t h, const void *p, size_t n);

/* FNV-1a, 64 bits, a byte at a step: the hash of short keys in hash tables
 * (names, words, path data) and of a series' day contents (carried on from a
 * seed with cm_fnv1a64_more). Inline: it sits in lookup loops. */
#define CM_FNV1A64_BASIS 0xcbf29ce484222325ull
#define CM_FNV1A64_PRIME 0x100000001b3ull
static inline uint64_t cm_fnv1a64_more(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++) h = (h ^ b[i]) * CM_FNV1A64_PRIME;
    return h;
}
static inline uint64_t cm_fnv1a64(const void *p, size_t n) { return cm_fnv1a64_more(CM_FNV1A64_BASIS, p, n); }

/* Makes room for need elements of elem bytes in the array *p of *cap elements
 * (realloc, the capacity doubled from 64 until it holds need). false when
 * out of memory or on overflow; *p and *cap are then as they were. */
bool cm_grow(void **p, size_t *cap, size_t need, size_t elem);

/* *out = a*b; false on overflow. */
bool cm_size_mul(size_t a, size_t b, size_t *out);

/* Decodes one UTF-8 code point at s[0..n). Returns its byte length (1..4) and
 * sets *cp, or returns 0 for an invalid or truncated sequence (overlong forms,
 * surrogates and values past U+10FFFF are invalid). n must be > 0. */
size_t cm_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);
/* Encodes cp into out (4 bytes room); returns the length. */
size_t cm_utf8_encode(uint32_t cp, char out[4]);
/* Offset of the first invalid byte, or n when s is valid UTF-8. */
size_t cm_utf8_check(const char *s, size_t n);

/* Fault injection for tests: with CM_FAIL_ALLOC=N in the environment the N-th
 * call returns true (and every later call false). Used by allocators. */
bool cm_fault_inject(void);

#endif
