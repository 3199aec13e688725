/* markup: libxml2's XML and HTML parsers over a file, with the file offset
 * of every piece of text they hand back.
 *
 * The file is first converted to UTF-8 (charset.h) and libxml2 is told so
 * (its own encoding guess is off), so that libxml2's input position is a
 * byte of that UTF-8 text. A SAX hook on the character callbacks notes, for
 * every text and CDATA node of the tree, which bytes of the input each piece
 * of its content came from: a chunk still in libxml2's input buffer is there
 * byte for byte; a copied chunk is found ending at the parser's position; a
 * character or entity reference ("&amp;", "&#233;") maps to the reference as a
 * unit. The offsets of a text assembled from nodes (cm_mtext) therefore lead
 * back to the file as stored, whatever its charset.
 *
 * Safety: no network (XML_PARSE_NONET), no DTD loading, no entity
 * substitution (XML_PARSE_NOENT off: an undeclared or external entity is
 * never fetched; a declared one is left as a reference and gives no text),
 * libxml2's limits on entity amplification and node sizes kept
 * (XML_PARSE_HUGE off). XML is parsed strictly (a malformed feed is an
 * error naming its line); HTML with recovery, as browsers do.
 *
 * Depends on core/, charset and libxml2. Thread-safe (no shared state beyond
 * libxml2's own initialisation). */
#ifndef CM_MARKUP_H
#define CM_MARKUP_H

#include <stdbool.h>
#include <stddef.h>

#include <libxml/tree.h>

#include "core/arena.h"
#include "core/offmap.h"
#include "core/status.h"
#include "core/str.h"
#include "text/charset.h"

typedef struct cm_markup_piece cm_markup_piece;

typedef struct {
    cm_charset_text in;     /* the file as UTF-8 and its map back to the file */
    xmlDocPtr doc;          /* the tree; NULL for an empty HTML file */
    cm_markup_piece *pc;    /* text pieces in parse order (see markup.c) */
    size_t npc, cpc;
} cm_markup;

/* Parses p[0..n) (the file path, for messages) as XML (html false) or HTML.
 * XML that is not well-formed fails with CM_PARSE: "PATH:LINE: malformed XML:
 * libxml2's message". CM_NOMEM. */
cm_status cm_markup_parse(cm_ctx *ctx, const char *path, const char *p, size_t n, bool html,
                          cm_markup **out) CM_WUR;
void cm_markup_free(cm_markup *m); /* NULL is a no-op */

/* A text being assembled from nodes, with its map to the file. */
typedef struct {
    cm_buf b;
    cm_offmap map;
    bool collapse;  /* runs of white space become one space (pages) */
} cm_mtext;

/* Appends the content of a text or CDATA node. CM_NOMEM. */
cm_status cm_mtext_node(cm_mtext *t, const cm_markup *m, const xmlNode *n) CM_WUR;
/* Appends sep (unmapped) unless the text is empty or already ends with it. */
cm_status cm_mtext_sep(cm_mtext *t, const char *sep) CM_WUR;
/* Appends the text of n's subtree; block elements (p, div, li, h1-h6, br, ...)
 * start a new line. CM_NOMEM. */
cm_status cm_mtext_subtree(cm_mtext *t, const cm_markup *m, const xmlNode *n) CM_WUR;
/* Copies text and map into the arena. CM_NOMEM. */
cm_status cm_mtext_finish(const cm_mtext *t, cm_arena *a, const char **text, size_t *len,
                          const cm_offmap **map) CM_WUR;
void cm_mtext_free(cm_mtext *t);

/* ---- small tree helpers ---- */

/* True when n is an element whose local name is name (ASCII case-insensitive). */
bool cm_markup_is(const xmlNode *n, const char *name);
/* True when n is a block-level HTML element (a paragraph break around it). */
bool cm_markup_block(const xmlNode *n);
/* The first child element of n named name; NULL when none. */
xmlNode *cm_markup_child(const xmlNode *n, const char *name);
/* The value of attribute name (no namespace, ASCII case-insensitive) of n,
 * borrowed from the tree ("" for an attribute without a value); NULL when absent. */
const char *cm_markup_attr_ref(const xmlNode *n, const char *name);
/* The same, copied into the arena. */
const char *cm_markup_attr(const xmlNode *n, const char *name, cm_arena *a);
/* n's text content as one line: markup left in it stripped (html.h), runs of
 * white space one space, trimmed; into the arena; NULL when empty. */
const char *cm_markup_string(const xmlNode *n, cm_arena *a);
/* A language tag as a lexicon code: lower case, up to the first '-' or '_'
 * ("en-US" -> "en"); into the arena; NULL when empty. */
const char *cm_markup_lang(const char *tag, cm_arena *a);

#endif
