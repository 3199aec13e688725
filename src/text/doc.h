/* doc: articles in, one at a time — .txt files with an optional header, JSON
 * Lines, RSS and Atom feeds (feed.h: a document per item), saved HTML pages
 * (page.h: the article's main text), stdin, folders of them — and what a
 * document is before any place is found: its id, publication date, language
 * and text.
 *
 * A .txt file may open with a header: lines `title:`, `date:`, `url:`,
 * `source:`, `lang:` (and `id:`), then a blank line; the body follows. JSON
 * Lines hold one article a line: {"id","date","lang","title","url","text"}
 * ("text" required). `-` reads stdin: JSON Lines when its first non-blank byte
 * is '{', else one document read like a file of unknown kind. A folder is read
 * recursively, files sorted by name: *.jsonl, *.ndjson and *.json as JSON
 * Lines, *.xml, *.rss and *.atom as feeds (one whose root is <html> as a page),
 * *.html, *.htm and *.xhtml as pages, every other regular file not starting
 * with '.' by its content: a feed when it opens (after a byte-order mark and
 * white space) with an XML declaration followed by <rss, <rdf:RDF or <feed,
 * or with one of those; a page when it opens with <!DOCTYPE html or <html (or
 * an XML declaration followed by <html); else a .txt document.
 *
 * A malformed feed fails with CM_PARSE naming the file and line under
 * cm_doc_opts.strict; otherwise it is skipped with a diagnostic saying the
 * same, and reading goes on with the next input.
 *
 * Byte offsets stay meaningful: invalid UTF-8 bytes (and NUL bytes) are
 * replaced one for one by U+001A SUBSTITUTE and counted; markup left in a
 * scraped text (when it looks like HTML) is blanked in place (html.h); a UTF-8 byte-order
 * mark is skipped, CRLF line ends are kept as they are (the tokenizer reads
 * '\r' as white space), so an offset into cm_doc.text plus cm_doc.text_off is
 * an offset into the original file (for JSON Lines: into the unescaped "text").
 * A feed item's or a page's text is assembled from the file's markup (and
 * converted from its charset): cm_doc.map then leads its offsets back to the
 * file as stored; cm_doc_span is the one way to turn a span of any document's
 * text into a span of its input.
 *
 * Without a header date the publication date is inferred from the text (date.h)
 * and flagged; without a header language it is detected from stop-word counts
 * over the loaded lexicons. Reading streams: a reader holds one document (one
 * line of a JSON Lines file) at a time, in the arena the caller passes.
 *
 * Depends on core/, lexicon, date, html, feed and page. Not thread-safe per reader. */
#ifndef CM_DOC_H
#define CM_DOC_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/day.h"
#include "core/offmap.h"
#include "core/status.h"
#include "text/date.h"
#include "text/lexicon.h"
#include "text/token.h"

#define CM_DOC_MAX_DEFAULT ((size_t)64 << 20) /* bytes per document */

typedef struct cm_doc {
    const char *id;       /* the file's base name, the JSON "id", or "<file>:<line>" */
    const char *path;     /* the input it came from ("-" for stdin) */
    size_t line;          /* JSON Lines: its line (1-based); 0 for a .txt file */
    const char *title;    /* NULL when absent */
    const char *url;      /* NULL when absent */
    const char *source;   /* NULL when absent */
    const char *lang;     /* language code; "" when unknown */
    bool lang_detected;   /* lang came from the detector, not the header */
    cm_day date;          /* publication date; CM_DAY_NONE when unknown */
    bool date_inferred;   /* date came from the text, not the header */
    const char *text;     /* the body, valid UTF-8, NUL-terminated (arena) */
    size_t len;           /* bytes of text */
    size_t text_off;      /* offset of text[0] in the original input */
    size_t invalid;       /* invalid bytes replaced */
    size_t markup;        /* HTML tags and character references blanked (html.h) */
    const cm_offmap *map; /* text -> input offsets (feeds, pages); NULL: text_off + offset */
    size_t part;          /* a long text read in pieces (cm_doc_opts.chunk_bytes):
                             0, 1, 2...; 0 for a whole document */

    /* Filled by cm_doc_analyse (arena); NULL/0 before. */
    const cm_lexicon *lex;   /* the lexicon of lang, NULL when none */
    cm_token *tok;
    size_t ntok;
    cm_lex_hit *hits;        /* cm_lex_scan over tok (lex's phrases) */
    size_t nhits;
    cm_date_ref *dates;      /* resolved against date */
    size_t ndates;
} cm_doc;

typedef struct {
    size_t max_bytes;        /* largest document accepted; 0 = CM_DOC_MAX_DEFAULT */
    const cm_lexset *lexset; /* for detection and date inference; NULL = neither */
    const char *lang;        /* force this language; NULL = header, else detected */
    int year_hint;           /* year for dates written without one when the text
                                gives none (0 = none) */
    bool strict;             /* a malformed feed fails the reader instead of
                                being skipped with a diagnostic */
    size_t chunk_bytes;      /* 0: every document whole. Else the reader streams a
                                plain text (.txt file, or stdin when not JSON Lines;
                                never a feed or a page) longer than this in pieces
                                of at most this many bytes, each a cm_doc of its own
                                (see below); the size limit then holds for JSON
                                Lines only */
} cm_doc_opts;

/* The span [off, off+len) of d->text as a span of the input it was read from:
 * *foff, *flen bytes (for a converted charset the two lengths differ). */
void cm_doc_span(const cm_doc *d, size_t off, size_t len, size_t *foff, size_t *flen);

/* A piece of about 1 MiB: longer than any article, short enough that memory
 * stays flat and the text stays in cache (`places` reads this way). */
#define CM_DOC_CHUNK_DEFAULT ((size_t)1 << 20)

/* Parses one .txt document from p[0..n) (copied into the arena). name is the
 * document id and is used in messages. A header `date:` that is not YYYY-MM-DD
 * (a time after it is allowed: 2021-08-21T10:00) fails with CM_PARSE naming
 * name and line. */
cm_status cm_doc_parse_txt(cm_ctx *ctx, const char *name, const char *p, size_t n,
                           cm_arena *a, cm_doc *out) CM_WUR;

/* Parses one JSON Lines record p[0..n) of file path at line. Fails with
 * CM_PARSE naming path and line: malformed JSON, no "text", a bad "date". */
cm_status cm_doc_parse_json(cm_ctx *ctx, const char *path, size_t line, const char *p,
                            size_t n, cm_arena *a, cm_doc *out) CM_WUR;

/* Tokenizes the text, picks the language (forced, header, else detected), finds
 * the lexicon's phrases and the dates, infers the publication date when there is
 * none, and resolves the dates against it. A language without a lexicon or an
 * undatable text is not an error (the fields stay empty; diagnostics go to ctx).
 * CM_NOMEM only. */
cm_status cm_doc_analyse(cm_ctx *ctx, cm_doc *d, const cm_doc_opts *o, cm_arena *a) CM_WUR;

/* ---- streaming reader ---------------------------------------------------- */

typedef struct cm_doc_reader cm_doc_reader;

/* Opens a reader over paths (files, folders, "-"). Folders are listed now (names
 * only); a missing path fails with CM_IO naming it. */
cm_status cm_doc_reader_open(cm_ctx *ctx, const char *const *paths, size_t npaths,
                             const cm_doc_opts *o, cm_doc_reader **out) CM_WUR;

/* The next document, parsed (not analysed) into the arena (the caller resets it
 * between documents). *got is false at the end. Errors name the file and line;
 * a document over the size limit fails with CM_RANGE.
 *
 * With chunk_bytes, a text longer than that comes as several documents, its
 * pieces in order (part 0, 1, ...), each read when asked for, so memory stays
 * flat however long the file. A piece ends after the last blank line in its
 * second half, else after the last line end there, else after the last ". ",
 * else after the last space, else at a character boundary: a name is never
 * cut in two. Piece 0 is parsed as a whole .txt document (header, byte-order
 * mark); the later ones carry its id, path and header fields, are cleaned
 * (invalid bytes, markup) as a document is, and their text_off is their
 * offset in the file, so offsets stay the file's. */
cm_status cm_doc_reader_next(cm_doc_reader *r, cm_ctx *ctx, cm_arena *a, cm_doc *out,
                             bool *got) CM_WUR;

/* Inputs read so far (files, and stdin). */
size_t cm_doc_reader_files(const cm_doc_reader *r);

void cm_doc_reader_close(cm_doc_reader *r); /* NULL is a no-op */

#endif
