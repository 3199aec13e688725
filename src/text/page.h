/* page: a saved HTML page as one document — the article's main text, not
 * its navigation, scripts, styles or comments.
 *
 * The page is parsed by libxml2's HTML parser (recovering, as browsers do) in
 * the charset it declares (charset.h). The main text is found as follows
 * (docs/inputs.md): the element marked itemprop="articleBody", else the
 * <article> with the most text outside links, else <main> (or role="main"),
 * else the element whose paragraphs carry the most text (each paragraph of
 * 25 characters or more whose links hold less than half of its text gives
 * its parent a score and its grandparent half of it, as Readability does).
 * Inside it, nav, header, footer, aside, form, script, style, noscript and
 * the like are dropped, as are elements whose role, class or id names
 * navigation, menus, sharing, comments or advertising, and blocks that are
 * mostly link text. Blocks are separated by blank lines, runs of white space
 * become one space.
 *
 * Title: og:title, else <title>. Date: meta article:published_time, else
 * JSON-LD "datePublished", else itemprop="datePublished", else the first
 * <time datetime> of the main text (then of the page); the day as written.
 * URL: <link rel="canonical">, else og:url. Language: <html lang>. Id: the
 * file's name. Offsets of the text lead back to the file as stored
 * (cm_doc.map), whatever its charset.
 *
 * Depends on core/, doc, markup (libxml2). Thread-safe. */
#ifndef CM_PAGE_H
#define CM_PAGE_H

#include <stddef.h>

#include "core/arena.h"
#include "core/status.h"
#include "text/doc.h"

/* Reads the page p[0..n) from path into the arena. CM_NOMEM only (an HTML
 * parser recovers from anything; an empty page gives an empty text). */
cm_status cm_page_parse(cm_ctx *ctx, const char *path, const char *p, size_t n, cm_arena *a,
                        cm_doc *out) CM_WUR;

#endif
