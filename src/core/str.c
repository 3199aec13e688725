/* str: views, buffers, UTF-8. libc only. */
#include "core/str.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

cm_str cm_str_c(const char *s) { return (cm_str){s, s ? strlen(s) : 0}; }

bool cm_str_eq(cm_str a, cm_str b) { return a.n == b.n && (a.n == 0 || !memcmp(a.p, b.p, a.n)); }

bool cm_str_eq_c(cm_str a, const char *s) { return cm_str_eq(a, cm_str_c(s)); }

static int lower(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

bool cm_str_ieq_c(cm_str a, const char *s)
{
    size_t n = strlen(s);
    if (n != a.n) return false;
    for (size_t i = 0; i < n; i++)
        if (lower((unsigned char)a.p[i]) != lower((unsigned char)s[i])) return false;
    return true;
}

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }

cm_str cm_str_trim(cm_str s)
{
    while (s.n && is_space(s.p[0])) s.p++, s.n--;
    while (s.n && is_space(s.p[s.n - 1])) s.n--;
    return s;
}

bool cm_size_mul(size_t a, size_t b, size_t *out)
{
    if (a && b > SIZE_MAX / a) return false;
    *out = a * b;
    return true;
}

cm_status cm_buf_reserve(cm_buf *b, size_t extra)
{
    if (extra > SIZE_MAX - b->n - 1) return CM_NOMEM;
    size_t need = b->n + extra + 1;
    if (need <= b->cap) return CM_OK;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need) {
        if (cap > SIZE_MAX / 2) {
            cap = need;
            break;
        }
        cap *= 2;
    }
    if (cm_fault_inject()) return CM_NOMEM;
    char *p = realloc(b->p, cap);
    if (!p) return CM_NOMEM;
    b->p = p;
    b->cap = cap;
    return CM_OK;
}

cm_status cm_buf_append(cm_buf *b, const void *p, size_t n)
{
    cm_status st = cm_buf_reserve(b, n);
    if (st) return st;
    if (n) memcpy(b->p + b->n, p, n);
    b->n += n;
    b->p[b->n] = 0;
    return CM_OK;
}

cm_status cm_buf_puts(cm_buf *b, const char *s) { return cm_buf_append(b, s, strlen(s)); }

cm_status cm_buf_putc(cm_buf *b, char c) { return cm_buf_append(b, &c, 1); }

cm_status cm_buf_printf(cm_buf *b, const char *fmt, ...)
{
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int len = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    cm_status st = CM_NOMEM;
    if (len >= 0 && (st = cm_buf_reserve(b, (size_t)len)) == CM_OK) {
        vsnprintf(b->p + b->n, (size_t)len + 1, fmt, ap2);
        b->n += (size_t)len;
    }
    va_end(ap2);
    return st;
}

cm_status cm_buf_json_str(cm_buf *b, const char *p, size_t n)
{
    cm_status st = cm_buf_putc(b, '"');
    size_t i = 0;
    while (!st && i < n) {
        unsigned char c = (unsigned char)p[i];
        if (c < 0x80) {
            switch (c) {
            case '"': st = cm_buf_puts(b, "\\\""); break;
            case '\\': st = cm_buf_puts(b, "\\\\"); break;
            case '\n': st = cm_buf_puts(b, "\\n"); break;
            case '\r': st = cm_buf_puts(b, "\\r"); break;
            case '\t': st = cm_buf_puts(b, "\\t"); break;
            default:
                if (c < 0x20) st = cm_buf_printf(b, "\\u%04x", c);
                else st = cm_buf_putc(b, (char)c);
            }
            i++;
            continue;
        }
        uint32_t cp;
        size_t len = cm_utf8_decode((const unsigned char *)p + i, n - i, &cp);
        if (len == 0) {
            st = cm_buf_puts(b, "\xEF\xBF\xBD");
            i++;
        } else {
            st = cm_buf_append(b, p + i, len);
            i += len;
        }
    }
    if (!st) st = cm_buf_putc(b, '"');
    return st;
}

void cm_buf_clear(cm_buf *b)
{
    b->n = 0;
    if (b->p) b->p[0] = 0;
}

void cm_buf_free(cm_buf *b)
{
    free(b->p);
    *b = (cm_buf){0};
}

char *cm_buf_take(cm_buf *b)
{
    char *p = b->p;
    *b = (cm_buf){0};
    return p;
}

size_t cm_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
    unsigned char c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    size_t len;
    uint32_t v, min;
    if (c >= 0xC2 && c <= 0xDF) len = 2, v = c & 0x1F, min = 0x80;
    else if (c >= 0xE0 && c <= 0xEF) len = 3, v = c & 0x0F, min = 0x800;
    else if (c >= 0xF0 && c <= 0xF4) len = 4, v = c & 0x07, min = 0x10000;
    else return 0;
    if (n < len) return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
    *cp = v;
    return len;
}

size_t cm_utf8_encode(uint32_t cp, char out[4])
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

size_t cm_utf8_check(const char *s, size_t n)
{
    size_t i = 0;
    uint32_t cp;
    while (i < n) {
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        size_t len = cm_utf8_decode((const unsigned char *)s + i, n - i, &cp);
        if (!len) return i;
        i += len;
    }
    return n;
}

bool cm_fault_inject(void)
{
    /* Thread-unsafe counter on purpose: fault-injection runs are single-threaded. */
    static long countdown = -2;
    if (countdown == -2) {
        const char *e = getenv("CM_FAIL_ALLOC");
        countdown = e ? atol(e) : -1;
        if (countdown <= 0) countdown = -1;
    }
    if (countdown < 0) return false;
    if (--countdown == 0) {
        countdown = -1;
        return true;
    }
    return false;
}

uint64_t cm_hash64(const void *v, size_t n) { return cm_hash64_more(CM_FNV1A64_BASIS, v, n); }

uint64_t cm_hash64_more(uint64_t h, const void *v, size_t n)
{
    const unsigned char *p = v;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        h = (h ^ w) * CM_FNV1A64_PRIME;
        h ^= h >> 29;
    }
    for (; i < n; i++) h = (h ^ p[i]) * CM_FNV1A64_PRIME;
    return h;
}

bool cm_grow(void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap) return true;
    size_t c = *cap ? *cap : 64, bytes;
    while (c < need) {
        if (c > SIZE_MAX / 2) return false;
        c *= 2;
    }
    if (!cm_size_mul(c, elem, &bytes)) return false;
    void *q = realloc(*p, bytes);
    if (!q) return false;
    *p = q;
    *cap = c;
    return true;
}
