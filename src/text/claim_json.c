/* claim_json: one claim as a line of JSON (docs/events-schema.md), the record
 * `extract` and `run` write and the ACLED import extends.
 * Written by hand, not through printf: a claim is written for every few
 * hundred bytes of text, and formatting cost shows in the throughput. */
#include "text/claim_json.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "core/offmap.h"
#include "core/str.h"

static cm_status put(cm_buf *b, const char *lit) { return cm_buf_append(b, lit, strlen(lit)); }

static cm_status put_uint(cm_buf *b, uint64_t v)
{
    char d[24];
    size_t n = 0;
    do d[sizeof d - ++n] = (char)('0' + v % 10);
    while ((v /= 10) && n < sizeof d);
    return cm_buf_append(b, d + sizeof d - n, n);
}

/* v with `places` decimals (places <= 9). */
static cm_status put_fixed(cm_buf *b, double v, int places)
{
    static const double p10[] = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};
    cm_status st = CM_OK;
    if (v < 0) {
        v = -v;
        if ((st = cm_buf_putc(b, '-'))) return st;
    }
    uint64_t scaled = (uint64_t)(v * p10[places] + 0.5), ip = scaled / (uint64_t)p10[places],
             fp = scaled % (uint64_t)p10[places];
    if ((st = put_uint(b, ip)) || (st = cm_buf_putc(b, '.'))) return st;
    char d[10];
    for (int i = places - 1; i >= 0; i--, fp /= 10) d[i] = (char)('0' + fp % 10);
    return cm_buf_append(b, d, (size_t)places);
}

/* A JSON string literal: valid UTF-8 is copied with one reservation, escaping
 * quotes, backslashes and control characters; anything else goes through
 * cm_buf_json_str, which replaces invalid bytes. */
static cm_status json_str(cm_buf *b, const char *p, size_t n)
{
    if (cm_utf8_check(p, n) != n) return cm_buf_json_str(b, p, n);
    size_t extra = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        if (c < 0x20) extra += 5;
        else if (c == '"' || c == '\\') extra++;
    }
    cm_status st = cm_buf_reserve(b, n + extra + 2);
    if (st) return st;
    char *o = b->p + b->n;
    *o++ = '"';
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        if (c >= 0x20 && c != '"' && c != '\\') {
            *o++ = (char)c;
            continue;
        }
        *o++ = '\\';
        switch (c) {
        case '"': *o++ = '"'; break;
        case '\\': *o++ = '\\'; break;
        case '\n': *o++ = 'n'; break;
        case '\t': *o++ = 't'; break;
        case '\r': *o++ = 'r'; break;
        default:
            *o++ = 'u';
            *o++ = '0';
            *o++ = '0';
            *o++ = "0123456789abcdef"[c >> 4];
            *o++ = "0123456789abcdef"[c & 15];
            break;
        }
    }
    *o++ = '"';
    b->n = (size_t)(o - b->p);
    b->p[b->n] = 0;
    return CM_OK;
}

static cm_status put_str(cm_buf *b, const char *key, const char *v)
{
    cm_status st = put(b, key);
    if (st) return st;
    return v ? json_str(b, v, strlen(v)) : put(b, "null");
}

static cm_status put_day(cm_buf *b, const char *key, cm_day d)
{
    cm_status st = put(b, key);
    if (st || d == CM_DAY_NONE) return st ? st : put(b, "null");
    int y, m, dd;
    cm_day_to_ymd(d, &y, &m, &dd);
    char s[12] = {'"', (char)('0' + y / 1000 % 10), (char)('0' + y / 100 % 10),
                  (char)('0' + y / 10 % 10), (char)('0' + y % 10), '-', (char)('0' + m / 10),
                  (char)('0' + m % 10), '-', (char)('0' + dd / 10), (char)('0' + dd % 10), '"'};
    return cm_buf_append(b, s, sizeof s);
}

static cm_status put_bool(cm_buf *b, const char *key, bool v)
{
    cm_status st = put(b, key);
    return st ? st : put(b, v ? "true" : "false");
}

/* A text offset of the document as an offset of its input (cm_doc_span). */
static size_t in_off(const cm_claim_doc *d, size_t off)
{
    return d->map ? cm_offmap_start(d->map, off) : d->base_off + off;
}

static size_t in_len(const cm_claim_doc *d, size_t off, size_t len)
{
    if (!d->map) return len;
    size_t s = in_off(d, off), e = cm_offmap_end(d->map, off + len);
    return e > s ? e - s : 0;
}

cm_status cm_claim_json(cm_buf *b, const cm_claim_doc *d, const cm_claim *c)
{
    static const char *kinds[] = {"other", "country", "province", "district", "place", "foreign"};
    const char *doc = d->doc_id ? d->doc_id : "";
    size_t dl = strlen(doc), pl = c->pcode ? strlen(c->pcode) : 0;
    cm_status st = cm_buf_reserve(b, 512 + 2 * (dl + c->sent_len));
    /* id: document, trigger offset, P-code ("doc.txt:1234:AF0907") */
    cm_buf id = {0};
    if (!st) st = cm_buf_append(&id, doc, dl);
    if (!st) st = cm_buf_putc(&id, ':');
    if (!st) st = put_uint(&id, in_off(d, c->trig_off));
    if (!st) st = cm_buf_putc(&id, ':');
    if (!st && pl) st = cm_buf_append(&id, c->pcode, pl);
    if (!st) st = put(b, "{\"id\":");
    if (!st) st = json_str(b, id.p, id.n);
    cm_buf_free(&id);
    if (!st) st = put_str(b, ",\"doc\":", doc);
    if (!st) st = put_day(b, ",\"published\":", d->published);
    if (!st) st = put_bool(b, ",\"published_inferred\":", d->published_inferred);
    if (!st) st = put_str(b, ",\"lang\":", d->lang);
    if (!st && d->url && *d->url) st = put_str(b, ",\"url\":", d->url);
    if (!st) st = put_day(b, ",\"date\":", c->date);
    if (!st) st = put(b, ",\"date_precision\":");
    if (!st) st = put_uint(b, (uint64_t)c->date_precision);
    if (!st) st = put(b, ",\"date_text\":");
    if (!st) st = c->date_len ? json_str(b, d->text + c->date_off, c->date_len) : put(b, "null");
    if (!st) st = put_str(b, ",\"date_source\":", c->date_source);
    if (!st) st = put_str(b, ",\"place\":", c->place);
    if (!st) st = put_str(b, ",\"surface\":", c->surface);
    if (!st) st = put_str(b, ",\"pcode\":", c->pcode);
    if (!st) st = put_str(b, ",\"province\":", c->province && *c->province ? c->province : NULL);
    if (!st) st = put_str(b, ",\"place_kind\":", (unsigned)c->kind < 6 ? kinds[c->kind] : "other");
    if (!st) {
        if (isnan(c->lat) || isnan(c->lon)) {
            st = put(b, ",\"lat\":null,\"lon\":null");
        } else {
            st = put(b, ",\"lat\":");
            if (!st) st = put_fixed(b, c->lat, 6);
            if (!st) st = put(b, ",\"lon\":");
            if (!st) st = put_fixed(b, c->lon, 6);
        }
    }
    if (!st) st = put(b, ",\"geo_precision\":");
    if (!st) st = put_uint(b, (uint64_t)c->geo_precision);
    if (!st) st = put_str(b, ",\"actor\":", c->actor);
    if (!st) st = put_str(b, ",\"opponent\":", c->opponent);
    if (!st) st = put_str(b, ",\"action\":", cm_action_name(c->action));
    if (!st) st = put_str(b, ",\"controller\":", c->controller);
    if (!st) st = put_str(b, ",\"asserted_by\":", c->asserted_by);
    if (!st) st = put(b, ",\"confidence\":");
    if (!st) st = put_fixed(b, c->confidence, 2);
    if (!st) st = put_bool(b, ",\"negated\":", c->negated);
    if (!st) st = put_bool(b, ",\"hedged\":", c->hedged);
    if (!st) st = put_bool(b, ",\"partial\":", c->partial);
    if (!st) st = put_bool(b, ",\"near\":", c->near);
    if (!st) st = put(b, ",\"sentence\":");
    if (!st) st = json_str(b, d->text + c->sent_off, c->sent_len);
    if (!st) st = put(b, ",\"offset\":");
    if (!st) st = put_uint(b, in_off(d, c->sent_off));
    if (!st) st = put(b, ",\"length\":");
    if (!st) st = put_uint(b, in_len(d, c->sent_off, c->sent_len));
    if (!st) st = put(b, "}\n");
    return st;
}
