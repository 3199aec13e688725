/* json: recursive-descent reader for flat JSON Lines records (RFC 8259). */
#include "core/json.h"
#include "core/str.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *p;
    size_t n, i;
    cm_arena *a;
    bool nomem; /* a copy failed: out of memory, not malformed */
} rd;

static void ws(rd *r)
{
    while (r->i < r->n && (r->p[r->i] == ' ' || r->p[r->i] == '\t' || r->p[r->i] == '\n' || r->p[r->i] == '\r'))
        r->i++;
}

static int hexv(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static bool hex4(rd *r, uint32_t *v)
{
    if (r->n - r->i < 4) return false;
    *v = 0;
    for (int k = 0; k < 4; k++) {
        int h = hexv(r->p[r->i + k]);
        if (h < 0) return false;
        *v = *v << 4 | (uint32_t)h;
    }
    r->i += 4;
    return true;
}

/* String at r->i (on the quote). When out is non-NULL the unescaped value goes there. */
static bool str(rd *r, cm_buf *out)
{
    r->i++;
    while (r->i < r->n) {
        unsigned char c = (unsigned char)r->p[r->i];
        if (c == '"') {
            r->i++;
            return true;
        }
        if (c < 0x20) return false;
        if (c == '\\') {
            if (++r->i >= r->n) return false;
            char e = r->p[r->i++];
            char ch = 0;
            switch (e) {
            case '"': ch = '"'; break;
            case '\\': ch = '\\'; break;
            case '/': ch = '/'; break;
            case 'b': ch = '\b'; break;
            case 'f': ch = '\f'; break;
            case 'n': ch = '\n'; break;
            case 'r': ch = '\r'; break;
            case 't': ch = '\t'; break;
            case 'u': {
                uint32_t v;
                if (!hex4(r, &v)) return false;
                if (v >= 0xD800 && v <= 0xDBFF) {
                    uint32_t lo;
                    if (r->n - r->i < 6 || r->p[r->i] != '\\' || r->p[r->i + 1] != 'u') return false;
                    r->i += 2;
                    if (!hex4(r, &lo) || lo < 0xDC00 || lo > 0xDFFF) return false;
                    v = 0x10000 + ((v - 0xD800) << 10) + (lo - 0xDC00);
                } else if (v >= 0xDC00 && v <= 0xDFFF) {
                    return false;
                }
                char u[4];
                size_t k = cm_utf8_encode(v, u);
                if (out && cm_buf_append(out, u, k)) return !(r->nomem = true);
                continue;
            }
            default: return false;
            }
            if (out && cm_buf_putc(out, ch)) return !(r->nomem = true);
            continue;
        }
        /* A run of plain bytes (valid UTF-8, no quote, backslash or control
         * character) is copied in one append. */
        size_t s0 = r->i;
        while (r->i < r->n) {
            unsigned char b = (unsigned char)r->p[r->i];
            if (b == '"' || b == '\\' || b < 0x20) break;
            if (b < 0x80) {
                r->i++;
                continue;
            }
            uint32_t cp;
            size_t len = cm_utf8_decode((const unsigned char *)r->p + r->i, r->n - r->i, &cp);
            if (!len) return false;
            r->i += len;
        }
        if (out && cm_buf_append(out, r->p + s0, r->i - s0)) return !(r->nomem = true);
    }
    return false;
}

static bool num(rd *r, double *v)
{
    size_t s = r->i;
    if (r->i < r->n && r->p[r->i] == '-') r->i++;
    if (r->i >= r->n) return false;
    if (r->p[r->i] == '0') r->i++;
    else if (r->p[r->i] >= '1' && r->p[r->i] <= '9')
        while (r->i < r->n && r->p[r->i] >= '0' && r->p[r->i] <= '9') r->i++;
    else return false;
    if (r->i < r->n && r->p[r->i] == '.') {
        r->i++;
        size_t d = r->i;
        while (r->i < r->n && r->p[r->i] >= '0' && r->p[r->i] <= '9') r->i++;
        if (r->i == d) return false;
    }
    if (r->i < r->n && (r->p[r->i] == 'e' || r->p[r->i] == 'E')) {
        r->i++;
        if (r->i < r->n && (r->p[r->i] == '+' || r->p[r->i] == '-')) r->i++;
        size_t d = r->i;
        while (r->i < r->n && r->p[r->i] >= '0' && r->p[r->i] <= '9') r->i++;
        if (r->i == d) return false;
    }
    char tmp[64];
    size_t len = r->i - s;
    if (len >= sizeof tmp) return false;
    memcpy(tmp, r->p + s, len);
    tmp[len] = 0;
    *v = strtod(tmp, NULL);
    return isfinite(*v);
}

static bool lit(rd *r, const char *w)
{
    size_t k = strlen(w);
    if (r->n - r->i < k || memcmp(r->p + r->i, w, k)) return false;
    r->i += k;
    return true;
}

/* Skips any value (validating it). */
static bool skip(rd *r, int depth)
{
    if (depth > 64) return false;
    ws(r);
    if (r->i >= r->n) return false;
    char c = r->p[r->i];
    double d;
    if (c == '"') return str(r, NULL);
    if (c == 't') return lit(r, "true");
    if (c == 'f') return lit(r, "false");
    if (c == 'n') return lit(r, "null");
    if (c == '[' || c == '{') {
        char close = c == '[' ? ']' : '}';
        r->i++;
        ws(r);
        if (r->i < r->n && r->p[r->i] == close) {
            r->i++;
            return true;
        }
        for (;;) {
            if (c == '{') {
                ws(r);
                if (r->i >= r->n || r->p[r->i] != '"' || !str(r, NULL)) return false;
                ws(r);
                if (r->i >= r->n || r->p[r->i] != ':') return false;
                r->i++;
            }
            if (!skip(r, depth + 1)) return false;
            ws(r);
            if (r->i >= r->n) return false;
            if (r->p[r->i] == ',') {
                r->i++;
                continue;
            }
            if (r->p[r->i] == close) {
                r->i++;
                return true;
            }
            return false;
        }
    }
    return num(r, &d);
}

cm_status cm_json_parse_object(const char *p, size_t n, cm_arena *a, cm_json_obj *out, size_t *err_off)
{
    rd r = {p, n, 0, a, false};
    cm_buf tmp = {0};
    size_t cap = 0;
    *out = (cm_json_obj){0};
    cm_status st = CM_PARSE;
    ws(&r);
    if (r.i >= n || p[r.i] != '{') goto done;
    r.i++;
    ws(&r);
    if (r.i < n && p[r.i] == '}') {
        r.i++;
        goto end;
    }
    for (;;) {
        ws(&r);
        if (r.i >= n || p[r.i] != '"') goto done;
        cm_buf_clear(&tmp);
        if (!str(&r, &tmp)) goto done;
        if (out->n == cap) {
            size_t ncap = cap ? cap * 2 : 16;
            cm_json_member *m = cm_arena_calloc(a, ncap, sizeof *m);
            if (!m) {
                st = CM_NOMEM;
                goto done;
            }
            if (out->n) memcpy(m, out->m, out->n * sizeof *m);
            out->m = m;
            cap = ncap;
        }
        cm_json_member *m = &out->m[out->n];
        m->key = cm_arena_strndup(a, tmp.p ? tmp.p : "", tmp.n);
        if (!m->key) {
            st = CM_NOMEM;
            goto done;
        }
        ws(&r);
        if (r.i >= n || p[r.i] != ':') goto done;
        r.i++;
        ws(&r);
        if (r.i >= n) goto done;
        char c = p[r.i];
        if (c == '"') {
            cm_buf_clear(&tmp);
            if (!str(&r, &tmp)) goto done;
            m->kind = CM_JSON_STR;
            m->len = tmp.n;
            m->str = cm_arena_strndup(a, tmp.p ? tmp.p : "", tmp.n);
            if (!m->str) {
                st = CM_NOMEM;
                goto done;
            }
        } else if (c == '[' || c == '{') {
            size_t s = r.i;
            if (!skip(&r, 1)) goto done;
            m->kind = CM_JSON_RAW;
            m->len = r.i - s;
            m->str = cm_arena_strndup(a, p + s, m->len);
            if (!m->str) {
                st = CM_NOMEM;
                goto done;
            }
        } else if (lit(&r, "true")) {
            m->kind = CM_JSON_BOOL, m->num = 1;
        } else if (lit(&r, "false")) {
            m->kind = CM_JSON_BOOL, m->num = 0;
        } else if (lit(&r, "null")) {
            m->kind = CM_JSON_NULL;
        } else {
            if (!num(&r, &m->num)) goto done;
            m->kind = CM_JSON_NUM;
        }
        out->n++;
        ws(&r);
        if (r.i < n && p[r.i] == ',') {
            r.i++;
            continue;
        }
        if (r.i < n && p[r.i] == '}') {
            r.i++;
            break;
        }
        goto done;
    }
end:
    ws(&r);
    if (r.i == n) st = CM_OK;
done:
    if (st == CM_PARSE && r.nomem) st = CM_NOMEM;
    if (st && err_off) *err_off = r.i;
    cm_buf_free(&tmp);
    return st;
}

const cm_json_member *cm_json_get(const cm_json_obj *o, const char *key)
{
    for (size_t i = 0; i < o->n; i++)
        if (strcmp(o->m[i].key, key) == 0) return &o->m[i];
    return NULL;
}

const char *cm_json_get_str(const cm_json_obj *o, const char *key)
{
    const cm_json_member *m = cm_json_get(o, key);
    return m && m->kind == CM_JSON_STR ? m->str : NULL;
}

bool cm_json_get_num(const cm_json_obj *o, const char *key, double *out)
{
    const cm_json_member *m = cm_json_get(o, key);
    if (!m || m->kind != CM_JSON_NUM) return false;
    *out = m->num;
    return true;
}
