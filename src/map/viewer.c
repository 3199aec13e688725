/* viewer: index.html = the compiled-in page (viewer.html) with the data as
 * JSON in place of its @DATA@ mark and the search's name table in place of
 * @NAMES@. The page is written in ASCII alone (characters past it as JSON
 * \u escapes, or character references in the title): Chromium reads a page
 * of one-byte characters markedly faster, and the data is most of the page.
 * Days are written as whole numbers counted from
 * the first day of the series (negative before it), controllers as the
 * cm_controller numbers, documents and claims as indices into their arrays:
 * the page stays small for a long series. */
#include "map/viewer.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/file.h"
#include "core/json.h"
#include "core/str.h"

extern const unsigned char cm_viewer_page[]; /* generated from viewer.html (CMakeLists.txt), NUL-terminated */

typedef struct {
    cm_json_obj o;
    const char *id, *doc;
    cm_day day;
    size_t line;
    uint32_t docidx;
} vclaim;

typedef struct {
    cm_arena *a;
    vclaim *c;
    size_t n, cap;
    const char **docs; /* distinct document ids, sorted */
    size_t ndocs;
    vclaim **by_id;    /* claims sorted by id */
} claimset;

static int cmp_claim(const void *a, const void *b)
{
    const vclaim *x = a, *y = b;
    if (x->day != y->day) return x->day < y->day ? -1 : 1;
    return x->line < y->line ? -1 : x->line > y->line;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(const char *const *)a, *(const char *const *)b); }
static int cmp_id(const void *a, const void *b)
{
    return strcmp((*(const vclaim *const *)a)->id, (*(const vclaim *const *)b)->id);
}

/* One events line into the set (dated claims only). */
static cm_status add_claim(cm_ctx *ctx, claimset *cs, const char *path, size_t lineno, cm_str line)
{
    cm_json_obj o;
    size_t off;
    cm_status st = cm_json_parse_object(line.p, line.n, cs->a, &o, &off);
    if (st == CM_NOMEM) return cm_fail(ctx, CM_NOMEM, "%s:%zu: out of memory", path, lineno);
    if (st) return cm_fail(ctx, CM_PARSE, "%s:%zu: malformed JSON at column %zu", path, lineno, off + 1);
    const char *date = cm_json_get_str(&o, "date");
    cm_day d;
    if (!date || !cm_day_parse(date, strlen(date), &d)) return CM_OK;
    if (cs->n == cs->cap) {
        size_t nc = cs->cap ? 2 * cs->cap : 256;
        vclaim *p = realloc(cs->c, nc * sizeof *p);
        if (!p) return cm_fail(ctx, CM_NOMEM, "out of memory");
        cs->c = p, cs->cap = nc;
    }
    const char *id = cm_json_get_str(&o, "id"), *doc = cm_json_get_str(&o, "doc");
    cs->c[cs->n++] = (vclaim){.o = o, .id = id ? id : "", .doc = doc ? doc : "", .day = d, .line = lineno};
    return CM_OK;
}

/* Reads the claims, sorts them by day, and indexes documents and ids. */
static cm_status load_claims(cm_ctx *ctx, claimset *cs, const char *path)
{
    cm_buf text = {0};
    cm_status st = path ? cm_file_read(ctx, path, 0, &text) : CM_OK;
    size_t i = 0, lineno = 0;
    while (!st && i < text.n) {
        const char *nl = memchr(text.p + i, '\n', text.n - i);
        size_t end = nl ? (size_t)(nl - text.p) : text.n;
        cm_str line = cm_str_trim((cm_str){text.p + i, end - i});
        i = end + 1, lineno++;
        if (line.n) st = add_claim(ctx, cs, path, lineno, line);
    }
    cm_buf_free(&text);
    if (st) return st;
    if (cs->n) qsort(cs->c, cs->n, sizeof *cs->c, cmp_claim);
    cs->docs = malloc((cs->n + 1) * sizeof *cs->docs);
    cs->by_id = malloc((cs->n + 1) * sizeof *cs->by_id);
    if (!cs->docs || !cs->by_id) return cm_fail(ctx, CM_NOMEM, "out of memory");
    for (size_t k = 0; k < cs->n; k++) cs->docs[k] = cs->c[k].doc, cs->by_id[k] = &cs->c[k];
    qsort(cs->docs, cs->n, sizeof *cs->docs, cmp_str);
    qsort(cs->by_id, cs->n, sizeof *cs->by_id, cmp_id);
    for (size_t k = 0; k < cs->n; k++)
        if (!cs->ndocs || strcmp(cs->docs[cs->ndocs - 1], cs->docs[k])) cs->docs[cs->ndocs++] = cs->docs[k];
    for (size_t k = 0; k < cs->n; k++) {
        const char **f = bsearch(&cs->c[k].doc, cs->docs, cs->ndocs, sizeof *cs->docs, cmp_str);
        cs->c[k].docidx = (uint32_t)(f - cs->docs);
    }
    return CM_OK;
}

/* Index of the claim with this id in the sorted list, or -1. */
static long claim_index(const claimset *cs, const char *id)
{
    vclaim key = {.id = id}, *kp = &key;
    vclaim **f = bsearch(&kp, cs->by_id, cs->n, sizeof *cs->by_id, cmp_id);
    return f ? (long)(*f - cs->c) : -1;
}

static long doc_index(const claimset *cs, const char *doc)
{
    const char **f = bsearch(&doc, cs->docs, cs->ndocs, sizeof *cs->docs, cmp_str);
    return f ? (long)(f - cs->docs) : -1;
}

/* ,"key":<member as JSON> (null when absent). */
static cm_status put_member(cm_buf *b, const cm_json_obj *o, const char *key, const char *as)
{
    const cm_json_member *m = cm_json_get(o, key);
    cm_status st = cm_buf_printf(b, ",\"%s\":", as);
    if (st) return st;
    if (!m || m->kind == CM_JSON_NULL) return cm_buf_puts(b, "null");
    if (m->kind == CM_JSON_STR) return cm_buf_json_str(b, m->str, m->len);
    if (m->kind == CM_JSON_BOOL) return cm_buf_puts(b, m->num ? "true" : "false");
    if (m->kind == CM_JSON_NUM) return cm_buf_printf(b, "%.6g", m->num);
    return cm_buf_puts(b, "null");
}

/* "docs":[{"id","url","title"},...]: the documents the claims name. */
static cm_status put_docs(cm_buf *b, const claimset *cs, const cm_viewer *v)
{
    cm_status st = cm_buf_puts(b, ",\"docs\":[");
    for (size_t k = 0; k < cs->ndocs && !st; k++) {
        const cm_viewer_doc *d = NULL;
        for (size_t j = 0; j < v->ndocs && !d; j++)
            if (v->docs[j].id && !strcmp(v->docs[j].id, cs->docs[k])) d = &v->docs[j];
        const char *url = d ? d->url : NULL, *title = d ? d->title : NULL;
        for (size_t j = 0; j < cs->n && !url; j++) /* a claim record's own url */
            if (!strcmp(cs->c[j].doc, cs->docs[k])) url = cm_json_get_str(&cs->c[j].o, "url");
        st = cm_buf_puts(b, k ? ",{\"id\":" : "{\"id\":");
        if (!st) st = cm_buf_json_str(b, cs->docs[k], strlen(cs->docs[k]));
        if (!st && url) st = cm_buf_puts(b, ",\"url\":");
        if (!st && url) st = cm_buf_json_str(b, url, strlen(url));
        if (!st && title) st = cm_buf_puts(b, ",\"title\":");
        if (!st && title) st = cm_buf_json_str(b, title, strlen(title));
        if (!st) st = cm_buf_putc(b, '}');
    }
    return st ? st : cm_buf_putc(b, ']');
}

/* "claims":[{"d":day,...},...] in day order. */
static cm_status put_claims(cm_buf *b, const claimset *cs, const cm_viewer *v)
{
    static const char *keys[][2] = {{"place", "place"}, {"pcode", "pcode"}, {"actor", "actor"},
                                    {"action", "action"}, {"controller", "ctrl"}, {"sentence", "s"},
                                    {"asserted_by", "by"}, {"negated", "neg"}, {"hedged", "hdg"},
                                    {"confidence", "cf"}, {"date_precision", "pr"}};
    cm_status st = cm_buf_puts(b, ",\"claims\":[");
    for (size_t k = 0; k < cs->n && !st; k++) {
        const vclaim *c = &cs->c[k];
        st = cm_buf_printf(b, "%s{\"d\":%ld,\"doc\":%u", k ? "," : "", (long)(c->day - v->from), c->docidx);
        for (size_t j = 0; j < sizeof keys / sizeof *keys && !st; j++) st = put_member(b, &c->o, keys[j][0], keys[j][1]);
        double lon, lat;
        long x, y;
        if (!st && v->place && cm_json_get_num(&c->o, "lon", &lon) && cm_json_get_num(&c->o, "lat", &lat) &&
            v->place(v->place_ud, lon, lat, &x, &y))
            st = cm_buf_printf(b, ",\"x\":%ld,\"y\":%ld", x, y);
        if (!st) st = cm_buf_putc(b, '}');
    }
    return st ? st : cm_buf_putc(b, ']');
}

/* One period: [from,to|null,ctrl,last_report|null,confidence,own,[claims],[docs]]. */
static cm_status put_period(cm_buf *b, const claimset *cs, const cm_viewer *v, const char *pcode,
                            const cm_tl_period *p)
{
    cm_status st = cm_buf_printf(b, "[%ld,", (long)(p->from - v->from));
    if (!st) st = p->to == CM_DAY_NONE ? cm_buf_puts(b, "null") : cm_buf_printf(b, "%ld", (long)(p->to - v->from));
    if (!st) st = cm_buf_printf(b, ",%d,", (int)p->ctrl);
    if (!st)
        st = p->last_report == CM_DAY_NONE ? cm_buf_puts(b, "null")
                                           : cm_buf_printf(b, "%ld", (long)(p->last_report - v->from));
    bool own = p->decided_by && !strcmp(p->decided_by, pcode);
    if (!st) st = cm_buf_printf(b, ",%.2f,%d,[", p->confidence, own);
    int n = 0;
    for (size_t k = 0; k < p->nclaims && !st; k++) {
        long i = claim_index(cs, p->claims[k]);
        if (i >= 0) st = cm_buf_printf(b, "%s%ld", n++ ? "," : "", i);
    }
    if (!st) st = cm_buf_puts(b, "],[");
    n = 0;
    for (size_t k = 0; k < p->nsources && !st; k++) {
        long i = doc_index(cs, p->sources[k]);
        if (i >= 0) st = cm_buf_printf(b, "%s%ld", n++ ? "," : "", i);
    }
    return st ? st : cm_buf_puts(b, "]]");
}

/* A change of district d to controller c on day index i (clamped into the
 * series), for the change lists. */
typedef struct {
    long day;
    uint32_t d;
    int c;
    size_t seq; /* order of making: of two changes on one day and district the later wins */
} change;

static int cmp_change(const void *a, const void *b)
{
    const change *x = a, *y = b;
    if (x->day != y->day) return x->day < y->day ? -1 : 1;
    if (x->d != y->d) return x->d < y->d ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* "periods":[[period,...] per district] and the changes they make. */
static cm_status put_periods(cm_ctx *ctx, cm_buf *b, const claimset *cs, const cm_viewer *v, change **ch,
                             size_t *nch)
{
    size_t cap = 0;
    long last = (long)(v->to - v->from);
    cm_status st = cm_buf_puts(b, ",\"periods\":[");
    for (size_t i = 0; i < v->npcodes && !st; i++) {
        cm_tl_period *p = NULL;
        size_t n = 0;
        if (v->tl && (st = cm_timeline_periods(v->tl, ctx, v->pcodes[i], &p, &n))) return st;
        st = cm_buf_puts(b, i ? ",[" : "[");
        for (size_t k = 0; k < n && !st; k++) {
            st = k ? cm_buf_putc(b, ',') : CM_OK;
            if (!st) st = put_period(b, cs, v, v->pcodes[i], &p[k]);
            long f = (long)(p[k].from - v->from), t = p[k].to == CM_DAY_NONE ? last + 1 : (long)(p[k].to - v->from) + 1;
            bool gap = k + 1 == n || p[k + 1].from != p[k].to + 1;
            for (int e = 0; e < 1 + gap && !st && t > 0; e++) { /* periods over before day 0 change nothing */
                long day = e ? t : f;
                if (day > last || (e && day < 0)) continue;
                if (*nch == cap) {
                    change *q = realloc(*ch, (cap = cap ? 2 * cap : 1024) * sizeof *q);
                    if (!q) st = CM_NOMEM;
                    else *ch = q;
                }
                if (!st) (*ch)[*nch] = (change){day < 0 ? 0 : day, (uint32_t)i, e ? 0 : (int)p[k].ctrl, *nch}, ++*nch;
            }
        }
        if (!st) st = cm_buf_putc(b, ']');
        cm_tl_periods_free(p, n);
    }
    return st ? st : cm_buf_putc(b, ']');
}

/* "ch":[[day,d,c,d,c,...],...]: per day with changes, the districts and
 * their new controllers (0: no information). A later change of the same day
 * and district wins (a period ending before the day it starts in order). */
static cm_status put_changes(cm_buf *b, change *ch, size_t n)
{
    if (n) qsort(ch, n, sizeof *ch, cmp_change);
    cm_status st = cm_buf_puts(b, ",\"ch\":[");
    for (size_t k = 0; k < n && !st; k++) {
        bool open = !k || ch[k].day != ch[k - 1].day;
        if (open) st = cm_buf_printf(b, "%s[%ld", k ? "]," : "", ch[k].day);
        if (!st) st = cm_buf_printf(b, ",%u,%d", ch[k].d, ch[k].c);
    }
    return st ? st : cm_buf_puts(b, n ? "]]" : "]");
}

/* "rp":[[day,...] per district]: the days on which the last report on the
 * district (or its province, or the country) changes, under the timeline's
 * rule — what the staleness fade and "last report" read. */
static cm_status put_reports(cm_buf *b, const cm_viewer *v)
{
    cm_status st = cm_buf_puts(b, ",\"rp\":[");
    for (size_t i = 0; i < v->npcodes && !st; i++) {
        st = cm_buf_puts(b, i ? ",[" : "[");
        cm_day prev = CM_DAY_NONE;
        int n = 0;
        for (cm_day d = v->from; d <= v->to && v->tl && !st; d++) {
            cm_tl_state s;
            cm_timeline_at(v->tl, v->pcodes[i], d, &s);
            if (s.last_report == prev || s.last_report == CM_DAY_NONE) continue;
            prev = s.last_report;
            st = cm_buf_printf(b, "%s%ld", n++ ? "," : "", (long)(s.last_report - v->from));
        }
        if (!st) st = cm_buf_putc(b, ']');
    }
    return st ? st : cm_buf_putc(b, ']');
}

static cm_status put_color(cm_buf *b, const char *key, cm_rgba c)
{
    return cm_buf_printf(b, "%s\"%s\":\"rgba(%d,%d,%d,%.3g)\"", strcmp(key, "background") ? "," : "", key,
                         (int)lround(c.r * 255), (int)lround(c.g * 255), (int)lround(c.b * 255), c.a);
}

/* "style":{...}: the map's colours (style.h), so the page matches the frames;
 * the sides' fills are in "sides". */
static cm_status put_style(cm_buf *b, const cm_style *s)
{
    struct {
        const char *k;
        cm_rgba c;
    } t[] = {{"background", s->background}, {"neighbour", s->neighbour}, {"contested", s->contested},
             {"hatch", s->contested_hatch}, {"none", s->none}, {"district_line", s->district_line},
             {"province_line", s->province_line}, {"country_line", s->country_line},
             {"neighbour_line", s->neighbour_line}, {"changed_line", s->changed_line}, {"label", s->label},
             {"label_halo", s->label_halo}, {"neighbour_text", s->neighbour_text}, {"marker", s->marker},
             {"marker_line", s->marker_line}};
    cm_status st = cm_buf_puts(b, ",\"style\":{");
    for (size_t i = 0; i < sizeof t / sizeof *t && !st; i++) st = put_color(b, t[i].k, t[i].c);
    if (!st)
        st = cm_buf_printf(b, ",\"half_life\":%g,\"hatch_spacing\":%g,\"hatch_w\":%g}", s->stale_half_life,
                           s->hatch_spacing, s->hatch_w);
    return st;
}

/* "sides":[{"c":1,"id":"taliban","label":"Taliban","color":"rgba(...)","ground":true},...]
 * in the profile's order (c: the controller number the periods and changes
 * carry), "contested": its number, and the nouns of a unit and a region. */
static cm_status put_sides(cm_buf *b, const cm_profile *p, const cm_style *s)
{
    size_t n = p ? cm_profile_side_count(p) : 0;
    cm_status st = cm_buf_puts(b, ",\"sides\":[");
    for (size_t i = 0; i < n && !st; i++) {
        const cm_profile_side *sd = cm_profile_side_at(p, i);
        cm_rgba c = cm_style_ctrl_fill(s, (cm_controller)(i + 1));
        st = cm_buf_printf(b, "%s{\"c\":%zu,\"id\":", i ? "," : "", i + 1);
        if (!st) st = cm_buf_json_str(b, sd->id, strlen(sd->id));
        if (!st) st = cm_buf_puts(b, ",\"label\":");
        if (!st) st = cm_buf_json_str(b, sd->label_en, strlen(sd->label_en));
        if (!st)
            st = cm_buf_printf(b, ",\"color\":\"rgba(%d,%d,%d,%.3g)\",\"ground\":%s}", (int)lround(c.r * 255),
                               (int)lround(c.g * 255), (int)lround(c.b * 255), c.a, sd->ground ? "true" : "false");
    }
    if (!st) st = cm_buf_printf(b, "],\"contested\":%d", CM_CTRL_CONTESTED);
    const cm_profile_layer *u = p ? cm_profile_layer_of(p, CM_ROLE_UNIT) : NULL;
    const cm_profile_layer *r = p ? cm_profile_layer_of(p, CM_ROLE_REGION) : NULL;
    const char *un = u && u->present && u->noun && *u->noun ? u->noun : "unit";
    const char *rn = r && r->present && r->noun && *r->noun ? r->noun : "region";
    if (!st) st = cm_buf_puts(b, ",\"unit\":");
    if (!st) st = cm_buf_json_str(b, un, strlen(un));
    if (!st) st = cm_buf_puts(b, ",\"region\":");
    if (!st) st = cm_buf_json_str(b, rn, strlen(rn));
    return st;
}

/* The data blob. */
static cm_status put_data(cm_ctx *ctx, cm_buf *b, const cm_viewer *v, const claimset *cs)
{
    char d0[11];
    cm_day_format(v->from, d0);
    const char *title = v->title ? v->title : "conflictmap";
    cm_style def;
    cm_style_default(&def, v->profile);
    cm_status st = cm_buf_puts(b, "{\"title\":");
    if (!st) st = cm_buf_json_str(b, title, strlen(title));
    if (!st) st = cm_buf_printf(b, ",\"day0\":\"%s\",\"ndays\":%ld,\"staleness\":%s", d0, (long)(v->to - v->from + 1),
                                v->staleness ? "true" : "false");
    if (!st && v->frames) st = cm_buf_puts(b, ",\"frames\":");
    if (!st && v->frames) st = cm_buf_json_str(b, v->frames, strlen(v->frames));
    if (!st && v->frames) st = cm_buf_puts(b, ",\"ext\":");
    if (!st && v->frames) st = cm_buf_json_str(b, v->ext, strlen(v->ext));
    if (!st) st = put_style(b, v->style ? v->style : &def);
    if (!st) st = put_sides(b, v->profile, v->style ? v->style : &def);
    if (!st) st = cm_buf_printf(b, ",\"geo\":%s", v->geometry_json);
    if (!st) st = put_docs(b, cs, v);
    if (!st) st = put_claims(b, cs, v);
    change *ch = NULL;
    size_t nch = 0;
    if (!st) st = put_periods(ctx, b, cs, v, &ch, &nch);
    if (!st) st = put_changes(b, ch, nch);
    free(ch);
    if (!st) st = put_reports(b, v);
    if (!st) st = cm_buf_putc(b, '}');
    return st;
}

/* The code point at s[*i] (advancing *i past it); U+FFFD for a byte that
 * does not begin valid UTF-8. */
static uint32_t next_cp(const char *s, size_t n, size_t *i)
{
    uint32_t cp;
    size_t len = cm_utf8_decode((const unsigned char *)s + *i, n - *i, &cp);
    *i += len ? len : 1;
    return len ? cp : 0xFFFD;
}

/* JSON text as ASCII: every character past it, and '<' (which occurs only
 * inside strings and could close the script element), as a \u escape. */
static cm_status put_json_ascii(cm_buf *page, const char *s, size_t n)
{
    cm_status st = CM_OK;
    for (size_t i = 0; i < n && !st;) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80 && c != '<') {
            size_t run = i;
            while (run < n && (unsigned char)s[run] < 0x80 && s[run] != '<') run++;
            st = cm_buf_append(page, s + i, run - i);
            i = run;
            continue;
        }
        uint32_t cp = next_cp(s, n, &i);
        if (cp > 0xFFFF)
            st = cm_buf_printf(page, "\\u%04x\\u%04x", 0xD800 + ((cp - 0x10000) >> 10), 0xDC00 + ((cp - 0x10000) & 0x3FF));
        else
            st = cm_buf_printf(page, "\\u%04x", cp);
    }
    return st;
}

/* Text for an HTML element, in ASCII: '<' and '&' escaped, characters past
 * ASCII as character references. */
static cm_status put_html_ascii(cm_buf *page, const char *s)
{
    cm_status st = CM_OK;
    for (size_t i = 0, n = strlen(s); i < n && !st;) {
        char c = s[i];
        if (c == '<' || c == '&') st = cm_buf_puts(page, c == '<' ? "&lt;" : "&amp;"), i++;
        else if ((unsigned char)c < 0x80) st = cm_buf_putc(page, c), i++;
        else st = cm_buf_printf(page, "&#%lu;", (unsigned long)next_cp(s, n, &i));
    }
    return st;
}

/* The page with the title, the data and the name table in place of @TITLE@,
 * @DATA@ and @NAMES@ (in that order in viewer.html). */
static cm_status put_page(cm_buf *page, const char *title, const cm_buf *data, const char *names)
{
    const char *p = (const char *)cm_viewer_page, *t = strstr(p, "@TITLE@"), *d = t ? strstr(t, "@DATA@") : NULL;
    const char *m = d ? strstr(d, "@NAMES@") : NULL;
    if (!m) return CM_RANGE; /* the page is ours: a build error (viewer.html) */
    cm_status st = cm_buf_append(page, p, (size_t)(t - p));
    if (!st) st = put_html_ascii(page, title);
    if (!st) st = cm_buf_append(page, t + 7, (size_t)(d - t - 7));
    if (!st) st = put_json_ascii(page, data->p, data->n);
    if (!st) st = cm_buf_append(page, d + 6, (size_t)(m - d - 6));
    if (!st) st = put_json_ascii(page, names ? names : "null", names ? strlen(names) : 4);
    if (!st) st = cm_buf_puts(page, m + 7);
    return st;
}

cm_status cm_viewer_write(cm_ctx *ctx, const char *path, const cm_viewer *v)
{
    if (v->to < v->from) return cm_fail(ctx, CM_RANGE, "%s: the series ends before it starts", path);
    if (v->to - v->from > 100000) return cm_fail(ctx, CM_RANGE, "%s: more than 100000 days", path);
    if (!v->geometry_json) return cm_fail(ctx, CM_RANGE, "%s: no map geometry", path);
    cm_buf data = {0}, page = {0};
    claimset cs = {.a = cm_arena_new()};
    cm_status st = cs.a ? load_claims(ctx, &cs, v->events_jsonl) : cm_fail(ctx, CM_NOMEM, "out of memory");
    if (!st) st = put_data(ctx, &data, v, &cs);
    if (!st) st = put_page(&page, v->title ? v->title : "conflictmap", &data, v->names_json);
    if (st == CM_RANGE) st = cm_fail(ctx, st, "%s: the compiled-in page lacks @TITLE@, @DATA@ or @NAMES@", path);
    if (st == CM_NOMEM) st = cm_fail(ctx, st, "%s: out of memory", path);
    if (!st) st = cm_file_write(ctx, path, page.p, page.n);
    cm_buf_free(&data);
    cm_buf_free(&page);
    free(cs.c);
    free(cs.docs);
    free(cs.by_id);
    cm_arena_free(cs.a);
    return st;
}
