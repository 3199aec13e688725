/* fuzz_doc: the article readers (text/doc) on any bytes — the .txt header
 * parser, the JSON Lines record parser, the analysis (tokens, language,
 * dates, publication date) and the streaming reader over the same bytes as a
 * .txt file and as a JSON Lines file with a small size limit, and as a
 * .txt file read in pieces of 64 bytes.
 *
 * What must hold for any input: no fault; an accepted document's text is
 * NUL-terminated at len, holds no NUL byte and is valid UTF-8; it lies inside
 * the input (text_off + len <= size) and, when nothing was replaced or
 * stripped, is exactly the input's bytes at text_off; tokens and dates lie
 * inside the text in order; the reader never returns a line longer than its
 * limit and ends. */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/str.h"
#include "text/doc.h"
#include "text/lexicon.h"
#include "text/token.h"
#include "fuzz_lex.h"
#include "fuzz_util.h"

static int valid_utf8(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        unsigned char b = (unsigned char)s[i];
        if (!b) return 0;
        if (b < 0x80) {
            i++;
            continue;
        }
        uint32_t cp;
        size_t l = cm_utf8_decode((const unsigned char *)s + i, n - i, &cp);
        if (!l) return 0;
        i += l;
    }
    return 1;
}

static void check_doc(const cm_doc *d, const uint8_t *data, size_t size, int is_txt)
{
    if (!d->text || d->text[d->len] != 0 || strlen(d->text) != d->len) __builtin_trap();
    if (!valid_utf8(d->text, d->len)) __builtin_trap();
    if (!d->id || !d->lang) __builtin_trap();
    if (d->map) { /* a feed item or a page (sniffed): its spans lie in the input */
        size_t fo, fl;
        cm_doc_span(d, 0, d->len, &fo, &fl);
        if (fo > size || fl > size - fo) __builtin_trap();
    } else if (is_txt) {
        if (d->text_off + d->len != size) __builtin_trap();
        if (!d->invalid && !d->markup && memcmp(d->text, data + d->text_off, d->len)) __builtin_trap();
    }
    for (size_t i = 0; i < d->ntok; i++) {
        const cm_token *t = &d->tok[i];
        if (t->off + t->len > d->len || !t->len || (i && t->off < d->tok[i - 1].off + d->tok[i - 1].len))
            __builtin_trap();
    }
    for (size_t i = 0; i < d->ndates; i++) {
        const cm_date_ref *r = &d->dates[i];
        if (r->off + r->len > d->len || r->tok + r->ntok > d->ntok) __builtin_trap();
        if (r->precision && (r->from == CM_DAY_NONE || r->from > r->to || r->day < r->from || r->day > r->to))
            __builtin_trap();
    }
}

/* Both parsers and the analysis on the bytes as one document. */
static void parse_one(const uint8_t *data, size_t size)
{
    const cm_lexset *set = fuzz_lexset();
    cm_arena *a = cm_arena_new();
    cm_ctx *ctx = cm_ctx_new();
    if (!a || !ctx) goto done;
    cm_doc_opts o = {.lexset = set, .year_hint = size ? 2000 + data[0] % 40 : 0};
    cm_doc d;
    if (cm_doc_parse_txt(ctx, "fuzz.txt", (const char *)data, size, a, &d) == CM_OK) {
        if (cm_doc_analyse(ctx, &d, &o, a) != CM_OK) __builtin_trap();
        check_doc(&d, data, size, 1);
    }
    cm_arena_reset(a);
    cm_ctx_free(ctx);
    ctx = cm_ctx_new();
    if (ctx && cm_doc_parse_json(ctx, "fuzz.jsonl", 1, (const char *)data, size, a, &d) == CM_OK) {
        if (cm_doc_analyse(ctx, &d, &o, a) != CM_OK) __builtin_trap();
        check_doc(&d, data, size, 0);
    }
done:
    cm_ctx_free(ctx);
    cm_arena_free(a);
}

/* The .txt file at path read in pieces of at most 64 bytes (unless it is a
 * feed or a page, which is read whole): each piece valid,
 * NUL-terminated, at most 64 bytes, numbered in order, starting where the one
 * before ended (piece 0 after the header), the input's bytes when nothing was
 * replaced or stripped; the last ends at the end of the input. */
static void read_pieces(const char *path, const uint8_t *data, size_t size)
{
    cm_doc_opts o = {.max_bytes = 4096, .chunk_bytes = 64};
    cm_ctx *ctx = cm_ctx_new();
    cm_arena *a = cm_arena_new();
    cm_doc_reader *r = NULL;
    size_t parts = 0, end = 0;
    bool ok = ctx && a && cm_doc_reader_open(ctx, &path, 1, &o, &r) == CM_OK;
    while (ok) {
        cm_arena_reset(a);
        cm_doc d;
        bool got = false;
        if (cm_doc_reader_next(r, ctx, a, &d, &got) != CM_OK) {
            ok = false; /* a bad header date: refused, fine */
            break;
        }
        if (!got) break;
        if (d.map) { /* a feed or a page: read whole, never in pieces */
            ok = false;
            break;
        }
        if (d.part != parts || d.len > o.chunk_bytes || (parts && d.text_off != end)) __builtin_trap();
        if (!d.text || d.text[d.len] != 0 || strlen(d.text) != d.len || !valid_utf8(d.text, d.len)) __builtin_trap();
        if (d.text_off + d.len > size) __builtin_trap();
        if (!d.invalid && !d.markup && memcmp(d.text, data + d.text_off, d.len)) __builtin_trap();
        end = d.text_off + d.len;
        if (++parts > size + 1) __builtin_trap();
    }
    if (ok && end != size && parts) __builtin_trap();
    cm_doc_reader_close(r);
    cm_arena_free(a);
    cm_ctx_free(ctx);
}

/* The streaming reader over the bytes as a .txt and as a .jsonl file, with a
 * limit small enough that long lines hit it. */
static void read_stream(const uint8_t *data, size_t size)
{
    char txt[64], jsonl[64];
    snprintf(txt, sizeof txt, "/tmp/cmfuzz-doc-%ld.txt", (long)getpid());
    snprintf(jsonl, sizeof jsonl, "/tmp/cmfuzz-doc-%ld.jsonl", (long)getpid());
    const char *paths[2] = {txt, jsonl};
    for (int k = 0; k < 2; k++) {
        FILE *fp = fopen(paths[k], "wb");
        if (!fp) return;
        if (size) fwrite(data, 1, size, fp);
        fclose(fp);
    }
    cm_doc_opts o = {.max_bytes = 4096};
    for (int k = 0; k < 2; k++) {
        cm_ctx *ctx = cm_ctx_new();
        cm_arena *a = cm_arena_new();
        cm_doc_reader *r = NULL;
        if (ctx && a && cm_doc_reader_open(ctx, &paths[k], 1, &o, &r) == CM_OK) {
            size_t docs = 0;
            for (;;) {
                cm_arena_reset(a);
                cm_doc d;
                bool got = false;
                if (cm_doc_reader_next(r, ctx, a, &d, &got) != CM_OK || !got) break;
                if (d.len > o.max_bytes || ++docs > size + 1) __builtin_trap();
                check_doc(&d, data, size, k == 0);
            }
        }
        cm_doc_reader_close(r);
        cm_arena_free(a);
        cm_ctx_free(ctx);
    }
    read_pieces(txt, data, size);
    unlink(txt);
    unlink(jsonl);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    parse_one(data, size);
    read_stream(data, size);
    return 0;
}
