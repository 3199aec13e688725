/* feed: RSS 2.0 (and RSS 0.9x/1.0) and Atom feeds as documents, one per
 * item or entry.
 *
 * A document's text is the item's content:encoded, else its description (RSS),
 * or the entry's content, else its summary (Atom); HTML inside (escaped, in
 * CDATA, or Atom's type="xhtml") is stripped, the tags becoming white space.
 * Its title is <title> (not part of the text, as a .txt header's title); its
 * date <pubDate> (RFC 822) or <dc:date>, or <published>, else <updated>
 * (RFC 3339), the day as written; its url <link> (else a permalink <guid>),
 * or the Atom <link rel="alternate" href>; its language the nearest xml:lang,
 * else the channel's <language> (or <dc:language>), "en-US" read as "en". Its
 * id is FILE#N (N from 1, in the feed's order), its source the feed's <title>. Offsets of its text lead back
 * to the feed file as stored (cm_doc.map).
 *
 * Depends on core/, doc, markup (libxml2). Not thread-safe per feed. */
#ifndef CM_FEED_H
#define CM_FEED_H

#include <stddef.h>

#include "core/arena.h"
#include "core/status.h"
#include "text/doc.h"

typedef struct cm_feed cm_feed;

/* Parses the feed p[0..n) read from path. Not well-formed XML fails with
 * CM_PARSE naming path and line; a well-formed file whose root is not rss,
 * rdf:RDF or feed fails with CM_PARSE naming its root, except <html>, which
 * fails with CM_NOTFOUND and no message (the caller reads it as a page).
 * CM_NOMEM. */
cm_status cm_feed_open(cm_ctx *ctx, const char *path, const char *p, size_t n,
                       cm_feed **out) CM_WUR;

size_t cm_feed_count(const cm_feed *f); /* items or entries */

/* Item i (0-based) as a document in the arena (valid until the arena is reset;
 * the feed may be freed before). A date that does not parse is a diagnostic,
 * and the date is then inferred from the text. CM_NOMEM. */
cm_status cm_feed_item(cm_ctx *ctx, const cm_feed *f, size_t i, cm_arena *a, cm_doc *out) CM_WUR;

void cm_feed_free(cm_feed *f); /* NULL is a no-op */

#endif
