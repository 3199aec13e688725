/* html: a forgiving tag scanner; not a parser (scraped text is rarely valid). */
#include "text/html.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/str.h"

static int lower(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

static bool starts_ci(const char *p, size_t n, const char *w)
{
    size_t k = strlen(w);
    if (n < k) return false;
    for (size_t i = 0; i < k; i++)
        if (lower((unsigned char)p[i]) != w[i]) return false;
    return true;
}

static bool is_name_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool cm_html_detect(const char *p, size_t n)
{
    static const char *tags[] = {"<p>", "<p ", "<br", "<div", "<a href", "<span", "<b>", "<i>", "<strong",
                                 "<em>", "<li>", "<ul>", "<h1", "<h2", "<h3", "<script", "<img", "<!--"};
    const char *q = p, *end = p + n;
    for (; q < end && (q = memchr(q, '<', (size_t)(end - q))) != NULL; q++) {
        size_t i = (size_t)(q - p);
        if (i + 2 < n && p[i + 1] == '/' && is_name_start(p[i + 2])) return true;
        for (size_t k = 0; k < sizeof tags / sizeof *tags; k++)
            if (starts_ci(p + i, n - i, tags[k])) return true;
    }
    return false;
}

static const struct {
    const char *name;
    uint32_t cp;
} named[] = {{"amp", '&'},     {"lt", '<'},       {"gt", '>'},       {"quot", '"'},     {"apos", '\''},
             {"nbsp", 0xA0},   {"ndash", 0x2013}, {"mdash", 0x2014}, {"lsquo", 0x2018}, {"rsquo", 0x2019},
             {"ldquo", 0x201C}, {"rdquo", 0x201D}, {"hellip", 0x2026}, {"laquo", 0xAB},  {"raquo", 0xBB},
             {"eacute", 0xE9}, {"egrave", 0xE8}, {"aacute", 0xE1}, {"agrave", 0xE0}, {"iacute", 0xED},
             {"oacute", 0xF3}, {"uacute", 0xFA}, {"uuml", 0xFC},   {"ouml", 0xF6},   {"auml", 0xE4},
             {"Uuml", 0xDC},   {"Ouml", 0xD6},   {"Auml", 0xC4},   {"szlig", 0xDF},  {"ccedil", 0xE7},
             {"ntilde", 0xF1}, {"copy", 0xA9},   {"deg", 0xB0},    {"middot", 0xB7}, {"bull", 0x2022},
             {"shy", 0xAD},    {"zwnj", 0x200C}, {"zwj", 0x200D}};

/* Decodes the reference at p[0..n) (p[0] == '&'); returns its length and sets
 * *cp, or 0 when it is not a complete reference. */
static size_t reference(const char *p, size_t n, uint32_t *cp)
{
    size_t i = 1;
    if (i < n && p[i] == '#') {
        i++;
        int hex = i < n && (p[i] == 'x' || p[i] == 'X');
        if (hex) i++;
        uint32_t v = 0;
        size_t d0 = i;
        while (i < n && i - d0 < 8) {
            char c = p[i];
            int dv = c >= '0' && c <= '9' ? c - '0'
                     : hex && lower((unsigned char)c) >= 'a' && lower((unsigned char)c) <= 'f' ? lower((unsigned char)c) - 'a' + 10
                                                                                             : -1;
            if (dv < 0) break;
            v = v * (hex ? 16u : 10u) + (uint32_t)dv;
            i++;
        }
        if (i == d0 || i >= n || p[i] != ';') return 0;
        if (v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) v = 0xFFFD;
        *cp = v;
        return i + 1;
    }
    size_t s = i;
    while (i < n && i - s < 10 && is_name_start(p[i])) i++;
    if (i == s || i >= n || p[i] != ';') return 0;
    for (size_t k = 0; k < sizeof named / sizeof *named; k++)
        if (strlen(named[k].name) == i - s && !memcmp(named[k].name, p + s, i - s)) {
            *cp = named[k].cp;
            return i + 1;
        }
    return 0;
}

static bool block_tag(const char *name, size_t n)
{
    static const char *blocks[] = {"p", "br", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr",
                                   "blockquote", "ul", "ol", "table", "section", "article", "header", "footer"};
    for (size_t k = 0; k < sizeof blocks / sizeof *blocks; k++)
        if (strlen(blocks[k]) == n) {
            size_t i = 0;
            while (i < n && lower((unsigned char)name[i]) == blocks[k][i]) i++;
            if (i == n) return true;
        }
    return false;
}

size_t cm_html_strip(char *p, size_t n)
{
    size_t count = 0, i = 0;
    while (i < n) {
        if (p[i] == '&') {
            uint32_t cp;
            size_t len = reference(p + i, n - i, &cp);
            if (len) {
                char u[4];
                size_t k = cm_utf8_encode(cp == 0xA0 ? ' ' : cp, u); /* nbsp reads as a space */
                memset(p + i, ' ', len);
                memcpy(p + i, u, k); /* len >= 3 >= ... a reference is never shorter than its bytes */
                i += len;
                count++;
                continue;
            }
            i++;
            continue;
        }
        if (p[i] != '<' || i + 1 >= n) {
            i++;
            continue;
        }
        size_t s = i;
        if (starts_ci(p + i, n - i, "<!--")) {
            const char *e = NULL;
            for (size_t k = i + 4; k + 2 < n + 0 && !e; k++)
                if (p[k] == '-' && p[k + 1] == '-' && p[k + 2] == '>') e = p + k + 3;
            size_t end = e ? (size_t)(e - p) : n;
            memset(p + s, ' ', end - s);
            i = end;
            count++;
            continue;
        }
        size_t j = i + 1;
        int closing = j < n && p[j] == '/';
        if (closing) j++;
        if (j >= n || !(is_name_start(p[j]) || p[j] == '!' || p[j] == '?')) {
            i++;
            continue; /* a lone '<' in text ("a < b") */
        }
        size_t name0 = j;
        while (j < n && (is_name_start(p[j]) || (p[j] >= '0' && p[j] <= '9'))) j++;
        size_t namelen = j - name0;
        /* The tag ends at the first '>' outside quotes (or at the end). */
        char q = 0;
        while (j < n && (q || p[j] != '>')) {
            if (q && p[j] == q) q = 0;
            else if (!q && (p[j] == '"' || p[j] == '\'')) q = p[j];
            j++;
        }
        size_t end = j < n ? j + 1 : n;
        int skip_content = !closing && ((namelen == 6 && starts_ci(p + name0, namelen, "script")) ||
                                        (namelen == 5 && starts_ci(p + name0, namelen, "style")));
        int block = block_tag(p + name0, namelen);
        memset(p + s, ' ', end - s);
        if (block) p[s] = '\n';
        count++;
        i = end;
        if (skip_content) {
            const char *close = namelen == 6 ? "</script" : "</style";
            size_t k = i;
            while (k < n && !starts_ci(p + k, n - k, close)) k++;
            memset(p + i, ' ', k - i);
            i = k;
        }
    }
    return count;
}
