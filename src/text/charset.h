/* charset: a saved page's or a feed's bytes as UTF-8, with where each byte
 * came from.
 *
 * The charset is found as a browser finds it: a byte-order mark (UTF-8,
 * UTF-16LE/BE), else the XML declaration's encoding="...", else (pages) a
 * <meta charset> or <meta http-equiv="Content-Type" content="...; charset=...">
 * in the first 4096 bytes, else UTF-8 when the bytes are valid UTF-8 and
 * (pages) windows-1252 when not. As the WHATWG Encoding standard does,
 * iso-8859-1, latin1 and us-ascii are read as windows-1252 (a superset).
 * Conversion is iconv's; each invalid byte (or NUL) becomes U+FFFD and is
 * counted. The map sends every UTF-8 byte back to the bytes of the file it
 * came from (the byte-order mark is not part of the text).
 *
 * libc (iconv) only. Thread-safe (no shared state). */
#ifndef CM_CHARSET_H
#define CM_CHARSET_H

#include <stdbool.h>
#include <stddef.h>

#include "core/offmap.h"
#include "core/status.h"

typedef struct {
    char *text;       /* UTF-8, NUL-terminated (malloc: the caller frees) */
    size_t len;       /* bytes of text */
    cm_offmap map;    /* text -> file (cm_offmap_free) */
    size_t invalid;   /* bytes not valid in the charset, replaced by U+FFFD */
    char name[40];    /* the charset used, as iconv names it ("UTF-8", "WINDOWS-1256") */
    bool guessed;     /* nothing declared it */
} cm_charset_text;

/* The charset p[0..n) declares (html: a page, else XML) into name (the
 * normalised iconv name); false when nothing declares one. */
bool cm_charset_declared(const char *p, size_t n, bool html, char name[40]);

/* Converts p[0..n) to UTF-8. path names the file in messages. An unknown
 * charset name is read as UTF-8 with a diagnostic. keep_invalid: leave invalid
 * UTF-8 bytes of a UTF-8 input as they are (an XML parser then names them)
 * instead of replacing them. CM_NOMEM only. */
cm_status cm_charset_to_utf8(cm_ctx *ctx, const char *path, const char *p, size_t n, bool html,
                             bool keep_invalid, cm_charset_text *out) CM_WUR;

void cm_charset_text_free(cm_charset_text *t); /* back to {0} */

#endif
