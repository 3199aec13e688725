/* charset: detection (BOM, XML declaration, meta) and conversion one
 * character at a time, so that each output byte knows its input bytes. */
#include "text/charset.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/str.h"

static int lower(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

static bool ci_at(const char *p, size_t n, size_t i, const char *w)
{
    size_t k = strlen(w);
    if (i + k > n) return false;
    for (size_t j = 0; j < k; j++)
        if (lower((unsigned char)p[i + j]) != w[j]) return false;
    return true;
}

/* Normalises a label into an iconv name (WHATWG aliases for Latin-1). */
static void normalise(const char *s, size_t n, char name[40])
{
    char l[40];
    size_t k = 0;
    for (size_t i = 0; i < n && k + 1 < sizeof l; i++) l[k++] = (char)lower((unsigned char)s[i]);
    l[k] = 0;
    static const char *latin[] = {"iso-8859-1", "iso8859-1", "latin1", "l1", "us-ascii", "ascii",
                                  "iso_8859-1", "cp1252", "windows-1252", "x-cp1252", "cp819", NULL};
    static const char *utf8[] = {"utf-8", "utf8", "unicode-1-1-utf-8", NULL};
    for (size_t i = 0; latin[i]; i++)
        if (!strcmp(l, latin[i])) {
            strcpy(name, "WINDOWS-1252");
            return;
        }
    for (size_t i = 0; utf8[i]; i++)
        if (!strcmp(l, utf8[i])) {
            strcpy(name, "UTF-8");
            return;
        }
    for (size_t i = 0; i <= k; i++) name[i] = (char)(l[i] >= 'a' && l[i] <= 'z' ? l[i] - 32 : l[i]);
}

/* The value after "key" at p[i..n): optional spaces, '=', quotes; its span. */
static bool attr_value(const char *p, size_t n, size_t i, size_t *vo, size_t *vn)
{
    while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n')) i++;
    if (i >= n || p[i] != '=') return false;
    i++;
    while (i < n && (p[i] == ' ' || p[i] == '"' || p[i] == '\'')) i++;
    size_t s = i;
    while (i < n && (p[i] == '-' || p[i] == '_' || p[i] == '.' || p[i] == ':' ||
                     (p[i] >= '0' && p[i] <= '9') || (lower((unsigned char)p[i]) >= 'a' && lower((unsigned char)p[i]) <= 'z')))
        i++;
    *vo = s;
    *vn = i - s;
    return i > s && i - s < 40;
}

bool cm_charset_declared(const char *p, size_t n, bool html, char name[40])
{
    size_t i = 0, vo, vn;
    if (n >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3)) i = 3;
    if (ci_at(p, n, i, "<?xml")) {
        size_t e = i;
        while (e < n && e < i + 200 && p[e] != '>') e++;
        for (size_t k = i; k + 8 < e; k++)
            if (ci_at(p, e, k, "encoding") && attr_value(p, e, k + 8, &vo, &vn)) {
                normalise(p + vo, vn, name);
                return true;
            }
    }
    if (!html) return false;
    size_t lim = n < 4096 ? n : 4096;
    for (size_t k = 0; k + 5 < lim; k++) {
        if (!ci_at(p, lim, k, "<meta")) continue;
        size_t e = k + 5;
        while (e < lim && p[e] != '>') e++;
        for (size_t j = k + 5; j + 7 < e; j++)
            if (ci_at(p, e, j, "charset") && attr_value(p, e, j + 7, &vo, &vn)) {
                normalise(p + vo, vn, name);
                /* a page cannot declare UTF-16 from inside itself (WHATWG) */
                if (!strncmp(name, "UTF-16", 6)) strcpy(name, "UTF-8");
                return true;
            }
        k = e;
    }
    return false;
}

static cm_status put_fffd(cm_charset_text *t, cm_buf *b, size_t at)
{
    t->invalid++;
    cm_status st = cm_offmap_add(&t->map, b->n, 3, at, 1);
    return st ? st : cm_buf_append(b, "\xEF\xBF\xBD", 3);
}

static cm_status from_utf8(cm_charset_text *t, cm_buf *b, const char *p, size_t n, size_t i,
                           bool keep_invalid)
{
    while (i < n) {
        size_t s = i;
        while (i < n) {
            unsigned char c = (unsigned char)p[i];
            if (c && c < 0x80) {
                i++;
                continue;
            }
            uint32_t cp;
            size_t l = c ? cm_utf8_decode((const unsigned char *)p + i, n - i, &cp) : 0;
            if (!l && !keep_invalid) break;
            i += l ? l : 1;
        }
        cm_status st = cm_offmap_add(&t->map, b->n, i - s, s, i - s);
        if (!st) st = cm_buf_append(b, p + s, i - s);
        if (!st && i < n) st = put_fffd(t, b, i++);
        if (st) return st;
    }
    return CM_OK;
}

static bool is_ascii(char c) { return (unsigned char)c && (unsigned char)c < 0x80; }

/* Charsets where a byte below 0x80 is not always that ASCII character. */
static bool ascii_compatible(const char *name)
{
    static const char *wide[] = {"UTF-16", "UTF-32", "UCS-", "ISO-2022", "UTF-7", "HZ", "CP1200", NULL};
    for (size_t i = 0; wide[i]; i++)
        if (!strncmp(name, wide[i], strlen(wide[i]))) return false;
    return true;
}

static cm_status from_iconv(cm_charset_text *t, cm_buf *b, iconv_t cd, const char *p, size_t n,
                            size_t i)
{
    bool ascii = ascii_compatible(t->name);
    while (i < n) {
        if (ascii && is_ascii(p[i])) {
            size_t s = i;
            while (i < n && is_ascii(p[i])) i++;
            cm_status st = cm_offmap_add(&t->map, b->n, i - s, s, i - s);
            if (!st) st = cm_buf_append(b, p + s, i - s);
            if (st) return st;
            continue;
        }
        char o[32];
        size_t k = 1, made = 0;
        bool ok = false;
        for (; k <= 8 && i + k <= n; k++) {
            char *in = (char *)p + i, *op = o;
            size_t inl = k, ol = sizeof o;
            if (iconv(cd, &in, &inl, &op, &ol) != (size_t)-1) {
                ok = true;
                made = (size_t)(op - o);
                k -= inl;
                break;
            }
            if (errno != EINVAL) break;
        }
        cm_status st;
        if (!ok || (made == 1 && !o[0])) {
            st = put_fffd(t, b, i);
            i++;
        } else {
            st = cm_offmap_add(&t->map, b->n, made, i, k);
            if (!st) st = cm_buf_append(b, o, made);
            i += k;
        }
        if (st) return st;
    }
    return CM_OK;
}

cm_status cm_charset_to_utf8(cm_ctx *ctx, const char *path, const char *p, size_t n, bool html,
                             bool keep_invalid, cm_charset_text *out)
{
    memset(out, 0, sizeof *out);
    size_t i = 0;
    if (n >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3)) {
        strcpy(out->name, "UTF-8");
        i = 3;
    } else if (n >= 2 && !memcmp(p, "\xFF\xFE", 2)) {
        strcpy(out->name, "UTF-16LE");
        i = 2;
    } else if (n >= 2 && !memcmp(p, "\xFE\xFF", 2)) {
        strcpy(out->name, "UTF-16BE");
        i = 2;
    } else if (!cm_charset_declared(p, n, html, out->name)) {
        out->guessed = true;
        strcpy(out->name, !html || cm_utf8_check(p, n) == n ? "UTF-8" : "WINDOWS-1252");
    }
    iconv_t cd = (iconv_t)-1;
    if (strcmp(out->name, "UTF-8")) {
        cd = iconv_open("UTF-8", out->name);
        if (cd == (iconv_t)-1) {
            cm_diag(ctx, "%s: unknown charset '%s', read as UTF-8", path, out->name);
            strcpy(out->name, "UTF-8");
        }
    }
    cm_buf b = {0};
    cm_status st = cm_buf_reserve(&b, n + n / 4 + 1);
    if (!st) st = cd == (iconv_t)-1 ? from_utf8(out, &b, p, n, i, keep_invalid) : from_iconv(out, &b, cd, p, n, i);
    if (cd != (iconv_t)-1) iconv_close(cd);
    if (!st && !b.p) st = cm_buf_reserve(&b, 1);
    if (st) {
        cm_buf_free(&b);
        cm_offmap_free(&out->map);
        return cm_fail(ctx, CM_NOMEM, "out of memory");
    }
    b.p[b.n] = 0;
    out->len = b.n;
    out->text = cm_buf_take(&b);
    return CM_OK;
}

void cm_charset_text_free(cm_charset_text *t)
{
    free(t->text);
    cm_offmap_free(&t->map);
    memset(t, 0, sizeof *t);
}
