/* html: markup and entities left in scraped article text, removed in place.
 *
 * Byte offsets must keep pointing into the original bytes, so nothing moves:
 * a tag becomes spaces of the same length (a block-level tag — p, br, div,
 * li, h1-h6, tr, blockquote — starts with a line end, so sentences and
 * paragraphs stay apart), the content of <script>, <style> and comments
 * becomes spaces, and a character reference (&amp; &#233; &#xE9; and the
 * common named ones) becomes its UTF-8 bytes followed by spaces: a reference
 * is never shorter than the character it stands for. libc only. */
#ifndef CM_HTML_H
#define CM_HTML_H

#include <stdbool.h>
#include <stddef.h>

/* True when p[0..n) looks like HTML: it holds a closing tag or one of the
 * common tags (<p>, <br>, <div, <a href, <span...), not merely a '<'. */
bool cm_html_detect(const char *p, size_t n);

/* Removes markup and decodes references in place (the length is unchanged).
 * Returns the number of tags and references replaced. */
size_t cm_html_strip(char *p, size_t n);

#endif
