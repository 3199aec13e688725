/* doc: header and JSON Lines parsing, the streaming reader, and the analysis
 * that gives a document its language and publication date. */
#define _POSIX_C_SOURCE 200809L
#include "text/doc.h"

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "core/file.h"
#include "core/json.h"
#include "core/str.h"
#include "text/feed.h"
#include "text/html.h"
#include "text/langdetect.h"
#include "text/page.h"

/* Replaces every invalid UTF-8 byte and every NUL in s[0..n) by 0x1A (one for
 * one, so offsets do not move); returns how many. */
static size_t sanitize(char *s, size_t n)
{
    size_t bad = 0;
    for (size_t i = 0; i < n;) {
        /* Eight ASCII bytes at a time: none with the high bit set, none zero. */
        while (i + 8 <= n) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            if ((w & 0x8080808080808080ull) || ((w - 0x0101010101010101ull) & ~w & 0x8080808080808080ull)) break;
            i += 8;
        }
        if (i >= n) break;
        unsigned char b = (unsigned char)s[i];
        if (b && b < 0x80) {
            i++;
            continue;
        }
        uint32_t cp;
        size_t l = b ? cm_utf8_decode((const unsigned char *)s + i, n - i, &cp) : 0;
        if (!l) {
            s[i++] = 0x1A;
            bad++;
            continue;
        }
        i += l;
    }
    return bad;
}

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s && s[1] ? s + 1 : path;
}

/* YYYY-MM-DD, optionally followed by a time ('T' or ' '). */
static bool parse_pub_date(const char *s, size_t n, cm_day *out)
{
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r')) n--;
    if (n < 10) return false;
    if (n > 10 && s[10] != 'T' && s[10] != ' ' && s[10] != 't') return false;
    return cm_day_parse(s, 10, out);
}

static void doc_init(cm_doc *d)
{
    memset(d, 0, sizeof *d);
    d->date = CM_DAY_NONE;
    d->lang = "";
}

/* cm_doc_parse_txt on c[0..n) itself (c[n] == 0), which it cleans in place. */
static cm_status parse_txt_in(cm_ctx *ctx, const char *name, char *c, size_t n, cm_arena *a, cm_doc *out)
{
    doc_init(out);
    size_t off = 0;
    if (n >= 3 && (unsigned char)c[0] == 0xEF && (unsigned char)c[1] == 0xBB &&
        (unsigned char)c[2] == 0xBF)
        off = 3;
    out->invalid = sanitize(c + off, n - off);
    out->id = cm_arena_strdup(a, base_name(name));
    out->path = cm_arena_strdup(a, name);
    if (!out->id || !out->path) return cm_fail(ctx, CM_NOMEM, "out of memory");

    /* header: known "key: value" lines, then a blank line */
    static const char *keys[] = {"title", "date", "url", "source", "lang", "id",
                                 "published", "author", NULL};
    struct {
        const char *key;
        size_t vo, vn, line;
    } h[16];
    size_t nh = 0, body = off, pos = off, line = 0;
    bool header = false;
    while (pos < n && nh < 16) {
        size_t e = pos;
        while (e < n && c[e] != '\n') e++;
        size_t le = e;
        while (le > pos && (c[le - 1] == '\r' || c[le - 1] == ' ' || c[le - 1] == '\t')) le--;
        line++;
        if (le == pos) {
            if (nh) {
                header = true;
                body = e < n ? e + 1 : n;
            }
            break;
        }
        size_t k = pos;
        while (k < le && ((c[k] | 32) >= 'a' && (c[k] | 32) <= 'z')) k++;
        const char *key = NULL;
        if (k < le && c[k] == ':')
            for (size_t i = 0; keys[i]; i++)
                if (strlen(keys[i]) == k - pos && !strncasecmp(keys[i], c + pos, k - pos))
                    key = keys[i];
        if (!key) break;
        size_t vo = k + 1;
        while (vo < le && (c[vo] == ' ' || c[vo] == '\t')) vo++;
        h[nh].key = key;
        h[nh].vo = vo;
        h[nh].vn = le - vo;
        h[nh].line = line;
        nh++;
        pos = e + 1;
    }
    if (header) {
        for (size_t i = 0; i < nh; i++) {
            const char *v = c + h[i].vo;
            size_t vn = h[i].vn;
            if (!strcmp(h[i].key, "date") || !strcmp(h[i].key, "published")) {
                if (!parse_pub_date(v, vn, &out->date))
                    return cm_fail(ctx, CM_PARSE, "%s:%zu: bad date '%.*s' (want YYYY-MM-DD)",
                                   name, h[i].line, (int)(vn > 40 ? 40 : vn), v);
                continue;
            }
            char *s = cm_arena_strndup(a, v, vn);
            if (!s) return cm_fail(ctx, CM_NOMEM, "out of memory");
            if (!strcmp(h[i].key, "title")) out->title = s;
            else if (!strcmp(h[i].key, "url")) out->url = s;
            else if (!strcmp(h[i].key, "source")) out->source = s;
            else if (!strcmp(h[i].key, "id") && vn) out->id = s;
            else if (!strcmp(h[i].key, "lang")) {
                for (char *q = s; *q; q++)
                    if (*q >= 'A' && *q <= 'Z') *q = (char)(*q + 32);
                out->lang = s;
            }
        }
    } else {
        body = off;
    }
    out->text = c + body;
    out->len = n - body;
    out->text_off = body;
    if (cm_html_detect(c + body, n - body)) out->markup = cm_html_strip(c + body, n - body);
    return CM_OK;
}

cm_status cm_doc_parse_txt(cm_ctx *ctx, const char *name, const char *p, size_t n,
                           cm_arena *a, cm_doc *out)
{
    doc_init(out);
    char *c = cm_arena_alloc(a, n + 1);
    if (!c) return cm_fail(ctx, CM_NOMEM, "out of memory");
    memcpy(c, p, n);
    c[n] = 0;
    return parse_txt_in(ctx, name, c, n, a, out);
}

cm_status cm_doc_parse_json(cm_ctx *ctx, const char *path, size_t line, const char *p,
                            size_t n, cm_arena *a, cm_doc *out)
{
    doc_init(out);
    cm_json_obj o;
    size_t eo = 0;
    cm_status st = cm_json_parse_object(p, n, a, &o, &eo);
    if (st == CM_NOMEM) return cm_fail(ctx, CM_NOMEM, "out of memory");
    if (st) return cm_fail(ctx, CM_PARSE, "%s:%zu: malformed JSON at column %zu", path, line, eo + 1);
    const cm_json_member *t = cm_json_get(&o, "text");
    if (!t || t->kind != CM_JSON_STR)
        return cm_fail(ctx, CM_PARSE, "%s:%zu: no \"text\" string", path, line);
    char *c = cm_arena_alloc(a, t->len + 1);
    if (!c) return cm_fail(ctx, CM_NOMEM, "out of memory");
    memcpy(c, t->str, t->len);
    c[t->len] = 0;
    out->invalid = sanitize(c, t->len);
    if (cm_html_detect(c, t->len)) out->markup = cm_html_strip(c, t->len);
    out->text = c;
    out->len = t->len;
    out->line = line;
    out->path = cm_arena_strdup(a, path);
    const cm_json_member *id = cm_json_get(&o, "id");
    char buf[64];
    if (id && id->kind == CM_JSON_STR && id->len) {
        out->id = id->str;
    } else if (id && id->kind == CM_JSON_NUM) {
        snprintf(buf, sizeof buf, "%.15g", id->num);
        out->id = cm_arena_strdup(a, buf);
    } else {
        cm_buf b = {0};
        if (cm_buf_printf(&b, "%s:%zu", base_name(path), line)) return cm_fail(ctx, CM_NOMEM, "out of memory");
        out->id = cm_arena_strdup(a, b.p);
        cm_buf_free(&b);
    }
    if (!out->id || !out->path) return cm_fail(ctx, CM_NOMEM, "out of memory");
    const cm_json_member *dm = cm_json_get(&o, "date");
    if (dm && dm->kind == CM_JSON_STR && dm->len) {
        if (!parse_pub_date(dm->str, dm->len, &out->date))
            return cm_fail(ctx, CM_PARSE, "%s:%zu: bad \"date\" '%.40s' (want YYYY-MM-DD)", path,
                           line, dm->str);
    } else if (dm && dm->kind != CM_JSON_NULL && !(dm->kind == CM_JSON_STR)) {
        return cm_fail(ctx, CM_PARSE, "%s:%zu: \"date\" is not a string", path, line);
    }
    const char *s;
    if ((s = cm_json_get_str(&o, "lang")) && *s) {
        char *l = cm_arena_strdup(a, s);
        if (!l) return cm_fail(ctx, CM_NOMEM, "out of memory");
        for (char *q = l; *q; q++)
            if (*q >= 'A' && *q <= 'Z') *q = (char)(*q + 32);
        out->lang = l;
    }
    out->title = cm_json_get_str(&o, "title");
    out->url = cm_json_get_str(&o, "url");
    out->source = cm_json_get_str(&o, "source");
    return CM_OK;
}

cm_status cm_doc_analyse(cm_ctx *ctx, cm_doc *d, const cm_doc_opts *o, cm_arena *a)
{
    cm_status st = cm_tokenize(d->text, d->len, a, &d->tok, &d->ntok);
    if (st) return cm_fail(ctx, st, "out of memory");
    const cm_lexset *set = o ? o->lexset : NULL;
    if (o && o->lang && *o->lang) {
        d->lang = o->lang;
        d->lang_detected = false;
    } else if (!*d->lang && set) {
        int k = cm_lexset_detect(set, d->tok, d->ntok);
        if (k >= 0) {
            d->lang = cm_lexicon_lang(set->v[k]);
            d->lang_detected = true;
        }
    }
    d->lex = set ? cm_lexset_get(set, d->lang) : NULL;
    if (!d->lex) {
        if (set && d->ntok) {
            if (*d->lang) cm_diag(ctx, "%s: no lexicon for language '%s'", d->id, d->lang);
            else cm_diag(ctx, "%s: language not recognised", d->id);
        }
        return CM_OK;
    }
    st = cm_lex_scan(d->lex, d->tok, d->ntok, a, &d->hits, &d->nhits);
    if (!st) st = cm_date_scan(d->lex, d->tok, d->ntok, d->hits, d->nhits, a, &d->dates, &d->ndates);
    if (st) return cm_fail(ctx, st, "out of memory");
    int year = o ? o->year_hint : 0;
    if (d->date == CM_DAY_NONE) {
        cm_day p;
        if (cm_date_infer_published(d->dates, d->ndates, year, &p, &year)) {
            d->date = p;
            d->date_inferred = true;
        } else {
            cm_diag(ctx, "%s: no publication date (no header and no date in the text)", d->id);
        }
    }
    cm_date_resolve(d->dates, d->ndates, d->date, year);
    return CM_OK;
}

/* ---- reader ------------------------------------------------------------------ */

typedef enum { IN_TXT, IN_JSONL, IN_STDIN, IN_FEED, IN_PAGE } in_kind;

typedef struct {
    char *path;
    in_kind kind;
} input;

struct cm_doc_reader {
    input *in;
    size_t nin, cap, cur;
    size_t max;
    size_t files;
    /* the JSON Lines file being read */
    FILE *fp;
    bool jsonl_open;
    size_t line;
    cm_buf buf;   /* read buffer */
    size_t pos;   /* consumed bytes of buf */
    size_t scanned; /* bytes after pos known to hold no line end (a long line is searched once) */
    bool eof;
    bool strict;     /* cm_doc_opts.strict */
    cm_feed *feed;   /* the feed whose items are being read */
    size_t feed_i;   /* its next item */
    /* a text read in pieces (chunk > 0) */
    size_t chunk;
    bool txt_open;
    size_t part;    /* pieces given so far */
    size_t base;    /* offset in the file of buf.p[pos] */
    cm_arena *head; /* piece 0's id, path and header fields, for the later pieces */
    cm_doc first;
    size_t held;    /* a piece's text lives in buf, NUL-terminated there: the byte */
    char held_byte; /* at buf.p[held - 1] the NUL replaced, or held == 0 */
};

static bool has_ext(const char *p, const char *ext)
{
    size_t n = strlen(p), e = strlen(ext);
    return n > e && !strcasecmp(p + n - e, ext);
}

static cm_status add_input(cm_doc_reader *r, const char *path, in_kind k)
{
    if (r->nin == r->cap) {
        size_t ncap = r->cap ? r->cap * 2 : 16;
        input *ni = realloc(r->in, ncap * sizeof *ni);
        if (!ni) return CM_NOMEM;
        r->in = ni;
        r->cap = ncap;
    }
    char *s = strdup(path);
    if (!s) return CM_NOMEM;
    r->in[r->nin++] = (input){s, k};
    return CM_OK;
}

static int strpcmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static cm_status add_path(cm_ctx *ctx, cm_doc_reader *r, const char *path, int depth)
{
    if (!strcmp(path, "-")) return add_input(r, "-", IN_STDIN) ? cm_fail(ctx, CM_NOMEM, "out of memory") : CM_OK;
    struct stat sb;
    if (stat(path, &sb)) return cm_fail(ctx, CM_IO, "%s: %s", path, strerror(errno));
    if (!S_ISDIR(sb.st_mode)) {
        in_kind k = has_ext(path, ".jsonl") || has_ext(path, ".ndjson") || has_ext(path, ".json") ? IN_JSONL
                    : has_ext(path, ".xml") || has_ext(path, ".rss") || has_ext(path, ".atom")   ? IN_FEED
                    : has_ext(path, ".html") || has_ext(path, ".htm") || has_ext(path, ".xhtml") ? IN_PAGE
                                                                                                  : IN_TXT;
        return add_input(r, path, k) ? cm_fail(ctx, CM_NOMEM, "out of memory") : CM_OK;
    }
    if (depth > 32) return cm_fail(ctx, CM_RANGE, "%s: folders nested too deep", path);
    DIR *d = opendir(path);
    if (!d) return cm_fail(ctx, CM_IO, "%s: %s", path, strerror(errno));
    char **names = NULL;
    size_t nn = 0, nc = 0;
    cm_status st = CM_OK;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.') continue;
        if (nn == nc) {
            nc = nc ? nc * 2 : 32;
            char **x = realloc(names, nc * sizeof *x);
            if (!x) {
                st = cm_fail(ctx, CM_NOMEM, "out of memory");
                break;
            }
            names = x;
        }
        size_t l = strlen(path) + strlen(de->d_name) + 2;
        names[nn] = malloc(l);
        if (!names[nn]) {
            st = cm_fail(ctx, CM_NOMEM, "out of memory");
            break;
        }
        snprintf(names[nn], l, "%s%s%s", path, path[strlen(path) - 1] == '/' ? "" : "/",
                 de->d_name);
        nn++;
    }
    closedir(d);
    if (!st) qsort(names, nn, sizeof *names, strpcmp);
    for (size_t i = 0; i < nn; i++) {
        if (!st) {
            struct stat s2;
            if (stat(names[i], &s2)) st = cm_fail(ctx, CM_IO, "%s: %s", names[i], strerror(errno));
            else if (S_ISDIR(s2.st_mode) || S_ISREG(s2.st_mode)) st = add_path(ctx, r, names[i], depth + 1);
        }
        free(names[i]);
    }
    free(names);
    return st;
}

void cm_doc_reader_close(cm_doc_reader *r)
{
    if (!r) return;
    if (r->fp && r->fp != stdin) fclose(r->fp);
    cm_feed_free(r->feed);
    for (size_t i = 0; i < r->nin; i++) free(r->in[i].path);
    free(r->in);
    cm_buf_free(&r->buf);
    cm_arena_free(r->head);
    free(r);
}

cm_status cm_doc_reader_open(cm_ctx *ctx, const char *const *paths, size_t npaths,
                             const cm_doc_opts *o, cm_doc_reader **out)
{
    *out = NULL;
    cm_doc_reader *r = calloc(1, sizeof *r);
    if (!r) return cm_fail(ctx, CM_NOMEM, "out of memory");
    r->max = o && o->max_bytes ? o->max_bytes : CM_DOC_MAX_DEFAULT;
    r->strict = o && o->strict;
    r->chunk = o ? o->chunk_bytes : 0;
    if (r->chunk && !(r->head = cm_arena_new())) {
        free(r);
        return cm_fail(ctx, CM_NOMEM, "out of memory");
    }
    for (size_t i = 0; i < npaths; i++) {
        cm_status st = add_path(ctx, r, paths[i], 0);
        if (st) {
            cm_doc_reader_close(r);
            return st;
        }
    }
    *out = r;
    return CM_OK;
}

size_t cm_doc_reader_files(const cm_doc_reader *r) { return r->files; }

/* Reads more of fp into buf; false at end of file. */
static cm_status fill(cm_doc_reader *r, cm_ctx *ctx, const char *path)
{
    if (r->pos > 0 && r->pos >= r->buf.n / 2) {
        memmove(r->buf.p, r->buf.p + r->pos, r->buf.n - r->pos);
        r->buf.n -= r->pos;
        r->buf.p[r->buf.n] = 0;
        r->pos = 0;
    }
    if (cm_buf_reserve(&r->buf, 65536)) return cm_fail(ctx, CM_NOMEM, "out of memory");
    size_t got = fread(r->buf.p + r->buf.n, 1, 65536, r->fp);
    r->buf.n += got;
    r->buf.p[r->buf.n] = 0;
    if (got == 0) {
        if (ferror(r->fp)) return cm_fail(ctx, CM_IO, "%s: read error: %s", path, strerror(errno));
        r->eof = true;
    }
    return CM_OK;
}

/* The next line of the open JSON Lines input: [*p, *p + *n); *got false at end. */
static cm_status next_line(cm_doc_reader *r, cm_ctx *ctx, const char *path, const char **p,
                           size_t *n, bool *got)
{
    *got = false;
    for (;;) {
        char *s = r->buf.p ? r->buf.p + r->pos : NULL;
        size_t avail = r->buf.n - r->pos;
        char *nl = s && avail > r->scanned ? memchr(s + r->scanned, '\n', avail - r->scanned) : NULL;
        r->scanned = nl ? 0 : avail;
        if (nl || (r->eof && avail)) {
            r->scanned = 0;
            size_t len = nl ? (size_t)(nl - s) : avail;
            r->line++;
            if (len > r->max)
                return cm_fail(ctx, CM_RANGE, "%s:%zu: article longer than %zu bytes (the limit; see --max-mb)", path,
                               r->line, r->max);
            *p = s;
            *n = len;
            r->pos += len + (nl ? 1 : 0);
            *got = true;
            return CM_OK;
        }
        if (r->eof) return CM_OK;
        if (avail > r->max + 1)
            return cm_fail(ctx, CM_RANGE, "%s:%zu: article longer than %zu bytes (the limit; see --max-mb)", path,
                           r->line + 1, r->max);
        cm_status st = fill(r, ctx, path);
        if (st) return st;
    }
}

static bool ci_prefix(const char *p, size_t n, size_t i, const char *w)
{
    size_t k = strlen(w);
    return i + k <= n && !strncasecmp(p + i, w, k);
}

/* Bytes enough to tell a feed or a page from a text. */
#define SNIFF_BYTES 4096

/* What a file of unknown kind holds, from its first bytes (doc.h). */
static in_kind sniff(const char *p, size_t n)
{
    size_t i = n >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3) ? 3 : 0;
    while (i < n && strchr(" \t\r\n", p[i])) i++;
    if (ci_prefix(p, n, i, "<!doctype html") || ci_prefix(p, n, i, "<html")) return IN_PAGE;
    if (ci_prefix(p, n, i, "<rss") || ci_prefix(p, n, i, "<feed") || ci_prefix(p, n, i, "<rdf:rdf")) return IN_FEED;
    if (!ci_prefix(p, n, i, "<?xml")) return IN_TXT;
    size_t lim = n - i < SNIFF_BYTES ? n : i + SNIFF_BYTES;
    for (size_t k = i + 5; k < lim; k++) {
        if (p[k] != '<') continue;
        if (ci_prefix(p, lim, k, "<rss") || ci_prefix(p, lim, k, "<feed") || ci_prefix(p, lim, k, "<rdf:rdf"))
            return IN_FEED;
        if (ci_prefix(p, lim, k, "<html")) return IN_PAGE;
    }
    return IN_TXT;
}

/* Is the file at path a plain text (not a feed or a page) longer than chunk
 * bytes? Only such a text is read in pieces. */
static bool plain_long_text(const char *path, size_t chunk)
{
    struct stat sb;
    if (stat(path, &sb) || !S_ISREG(sb.st_mode) || (uintmax_t)sb.st_size <= chunk) return false;
    FILE *fp = fopen(path, "rb");
    if (!fp) return true; /* the reader names the error */
    char head[SNIFF_BYTES];
    size_t n = fread(head, 1, sizeof head, fp);
    fclose(fp);
    return sniff(head, n) == IN_TXT;
}

/* One whole input p[0..n) named name: a page or a .txt document into out
 * (*got), or a feed opened into r->feed (its items follow). */
static cm_status read_whole(cm_doc_reader *r, cm_ctx *ctx, const char *name, in_kind k, const char *p,
                            size_t n, cm_arena *a, cm_doc *out, bool *got)
{
    *got = false;
    if (k == IN_TXT || k == IN_STDIN) k = sniff(p, n);
    if (k == IN_FEED) {
        cm_status st = cm_feed_open(ctx, name, p, n, &r->feed);
        if (st == CM_PARSE && !r->strict) {
            char msg[512];
            snprintf(msg, sizeof msg, "%s", cm_ctx_message(ctx));
            cm_ctx_clear(ctx);
            cm_diag(ctx, "%s (skipped; --strict refuses it)", msg);
            return CM_OK;
        }
        if (st != CM_NOTFOUND) {
            if (!st && !cm_feed_count(r->feed)) cm_diag(ctx, "%s: a feed with no items", name);
            r->feed_i = 0;
            return st;
        }
        k = IN_PAGE; /* XHTML */
    }
    cm_status st = k == IN_PAGE ? cm_page_parse(ctx, name, p, n, a, out) : cm_doc_parse_txt(ctx, name, p, n, a, out);
    *got = !st;
    return st;
}

/* The next item of the open feed (*got), or the feed closed at its end. */
static cm_status next_item(cm_doc_reader *r, cm_ctx *ctx, cm_arena *a, cm_doc *out, bool *got)
{
    *got = false;
    if (r->feed_i < cm_feed_count(r->feed)) {
        cm_status st = cm_feed_item(ctx, r->feed, r->feed_i++, a, out);
        *got = !st;
        return st;
    }
    cm_feed_free(r->feed);
    r->feed = NULL;
    return CM_OK;
}

void cm_doc_span(const cm_doc *d, size_t off, size_t len, size_t *foff, size_t *flen)
{
    if (!d->map) {
        *foff = d->text_off + off;
        *flen = len;
        return;
    }
    *foff = cm_offmap_start(d->map, off);
    size_t e = cm_offmap_end(d->map, off + len);
    *flen = e > *foff ? e - *foff : 0;
}

/* Where a piece of s[0..max] ends (see doc.h): searched backwards from max
 * down to max / 2, the first kind of break found wins. */
static size_t piece_cut(const char *s, size_t max)
{
    size_t lo = max / 2;
    for (size_t i = max; i > lo; i--) /* after a blank line */
        if (s[i - 1] == '\n' && i >= 2 && (s[i - 2] == '\n' || (s[i - 2] == '\r' && i >= 3 && s[i - 3] == '\n')))
            return i;
    for (size_t i = max; i > lo; i--)
        if (s[i - 1] == '\n') return i;
    for (size_t i = max; i > lo; i--)
        if (s[i - 1] == ' ' && i >= 2 && (s[i - 2] == '.' || s[i - 2] == '!' || s[i - 2] == '?')) return i;
    for (size_t i = max; i > lo; i--)
        if (s[i - 1] == ' ') return i;
    size_t i = max; /* never inside a character */
    while (i > lo && ((unsigned char)s[i] & 0xC0) == 0x80) i--;
    return i;
}

/* Copies piece 0's id, path and header fields into the reader's own arena. */
static cm_status keep_head(cm_doc_reader *r, const cm_doc *d)
{
    cm_arena_reset(r->head);
    r->first = (cm_doc){.date = d->date, .lang = "", .path = "", .id = ""};
    const char *const src[] = {d->id, d->path, d->title, d->url, d->source, d->lang};
    const char **dst[] = {&r->first.id, &r->first.path, &r->first.title,
                          &r->first.url, &r->first.source, &r->first.lang};
    for (size_t i = 0; i < sizeof src / sizeof *src; i++)
        if (src[i] && !(*dst[i] = cm_arena_strdup(r->head, src[i]))) return CM_NOMEM;
    return CM_OK;
}

/* A later piece c[0..n) (c[n] == 0), cleaned in place as a document is, with
 * piece 0's fields. */
static cm_status later_piece(cm_doc_reader *r, char *c, size_t n, cm_arena *a, cm_doc *out)
{
    doc_init(out);
    out->invalid = sanitize(c, n);
    if (cm_html_detect(c, n)) out->markup = cm_html_strip(c, n);
    out->text = c;
    out->len = n;
    out->text_off = r->base;
    out->date = r->first.date;
    const char *const src[] = {r->first.id, r->first.path, r->first.title,
                               r->first.url, r->first.source, r->first.lang};
    const char **dst[] = {&out->id, &out->path, &out->title, &out->url, &out->source, &out->lang};
    for (size_t i = 0; i < sizeof src / sizeof *src; i++)
        if (src[i] && !(*dst[i] = cm_arena_strdup(a, src[i]))) return CM_NOMEM;
    return CM_OK;
}

/* The next piece of the text open in r (fp, buf from pos) into out; at its
 * end the input is closed. */
static cm_status next_piece(cm_doc_reader *r, cm_ctx *ctx, const char *name, cm_arena *a, cm_doc *out)
{
    if (r->held) { /* the piece before is done with */
        r->buf.p[r->held - 1] = r->held_byte;
        r->held = 0;
    }
    while (!r->eof && r->buf.n - r->pos <= r->chunk) {
        cm_status st = fill(r, ctx, name);
        if (st) return st;
    }
    size_t avail = r->buf.n - r->pos;
    /* The piece is read where it lies: NUL-terminated in place, its next byte
     * kept aside until the next call (fill() keeps buf.p[buf.n] == 0). */
    char *s = r->buf.p + r->pos;
    size_t cut = avail <= r->chunk ? avail : piece_cut(s, r->chunk);
    r->held_byte = s[cut];
    s[cut] = 0;
    r->held = r->pos + cut + 1;
    cm_status st;
    if (r->part == 0) {
        st = parse_txt_in(ctx, name, s, cut, a, out);
        if (!st && keep_head(r, out)) st = cm_fail(ctx, CM_NOMEM, "out of memory");
    } else {
        st = later_piece(r, s, cut, a, out) ? cm_fail(ctx, CM_NOMEM, "out of memory") : CM_OK;
    }
    if (st) return st;
    out->part = r->part++;
    r->pos += cut;
    r->base += cut;
    if (r->eof && r->pos == r->buf.n) {
        if (r->fp && r->fp != stdin) fclose(r->fp);
        r->fp = NULL;
        r->txt_open = false;
        r->cur++;
    }
    return CM_OK;
}

/* Starts reading a text in pieces from r->fp (buf may hold its first bytes). */
static void open_pieces(cm_doc_reader *r)
{
    r->txt_open = true;
    r->jsonl_open = false;
    r->part = 0;
    r->base = 0;
}

cm_status cm_doc_reader_next(cm_doc_reader *r, cm_ctx *ctx, cm_arena *a, cm_doc *out, bool *got)
{
    *got = false;
    while (r->feed || r->cur < r->nin) {
        if (r->feed) {
            cm_status st = next_item(r, ctx, a, out, got);
            if (st || *got) return st;
            continue;
        }
        input *in = &r->in[r->cur];
        const char *name = in->kind == IN_STDIN ? "-" : in->path;
        if (r->txt_open) {
            cm_status st = next_piece(r, ctx, name, a, out);
            *got = !st;
            return st;
        }
        if (!r->jsonl_open) {
            r->files++;
            if (in->kind == IN_TXT && r->chunk && plain_long_text(in->path, r->chunk)) {
                if (!(r->fp = fopen(in->path, "rb")))
                    return cm_fail(ctx, CM_IO, "%s: cannot open: %s", in->path, strerror(errno));
                r->pos = 0;
                r->eof = false;
                cm_buf_clear(&r->buf);
                open_pieces(r);
                continue;
            }
            if (in->kind == IN_TXT || in->kind == IN_FEED || in->kind == IN_PAGE) {
                struct stat sb; /* refused before reading, in the reader's words */
                if (!stat(in->path, &sb) && S_ISREG(sb.st_mode) && (uintmax_t)sb.st_size > r->max)
                    return cm_fail(ctx, CM_RANGE, "%s: article longer than %zu bytes (the limit; see --max-mb)",
                                   in->path, r->max);
                cm_buf b = {0};
                cm_status st = cm_file_read(ctx, in->path, r->max, &b);
                if (!st) st = read_whole(r, ctx, in->path, in->kind, b.p ? b.p : "", b.n, a, out, got);
                cm_buf_free(&b);
                r->cur++;
                if (st || *got) return st;
                continue;
            }
            if (in->kind == IN_STDIN) {
                r->fp = stdin;
            } else if (!(r->fp = fopen(in->path, "rb"))) {
                return cm_fail(ctx, CM_IO, "%s: %s", in->path, strerror(errno));
            }
            r->jsonl_open = true;
            r->line = 0;
            r->pos = 0;
            r->scanned = 0;
            r->eof = false;
            cm_buf_clear(&r->buf);
            if (in->kind == IN_STDIN) {
                /* JSON Lines when the first non-blank byte is '{', else one text */
                size_t k = 0;
                for (;;) {
                    while (k < r->buf.n && strchr(" \t\r\n", r->buf.p[k])) k++;
                    if (k < r->buf.n || r->eof) break;
                    cm_status st = fill(r, ctx, name);
                    if (st) return st;
                }
                /* a plain text (not a feed or a page) read in pieces */
                while ((k >= r->buf.n || r->buf.p[k] != '{') && r->chunk && !r->eof && r->buf.n < SNIFF_BYTES) {
                    cm_status st = fill(r, ctx, name);
                    if (st) return st;
                }
                if ((k >= r->buf.n || r->buf.p[k] != '{') && r->chunk && sniff(r->buf.p, r->buf.n) == IN_TXT) {
                    open_pieces(r);
                    continue;
                }
                if (k >= r->buf.n || r->buf.p[k] != '{') {
                    while (!r->eof) {
                        if (r->buf.n > r->max)
                            return cm_fail(ctx, CM_RANGE, "-: article longer than %zu bytes (the limit; see --max-mb)", r->max);
                        cm_status st = fill(r, ctx, name);
                        if (st) return st;
                    }
                    if (r->buf.n > r->max)
                        return cm_fail(ctx, CM_RANGE, "-: article longer than %zu bytes (the limit; see --max-mb)", r->max);
                    cm_status st = read_whole(r, ctx, "-", IN_STDIN, r->buf.p ? r->buf.p : "", r->buf.n, a, out, got);
                    r->jsonl_open = false;
                    r->fp = NULL;
                    r->cur++;
                    if (st || *got) return st;
                    continue;
                }
            }
        }
        const char *p;
        size_t n;
        bool have;
        cm_status st = next_line(r, ctx, name, &p, &n, &have);
        if (st) return st;
        if (have) {
            size_t k = 0;
            while (k < n && strchr(" \t\r", p[k])) k++;
            if (k == n) continue; /* blank line */
            st = cm_doc_parse_json(ctx, name, r->line, p, n, a, out);
            if (st) return st;
            *got = true;
            return CM_OK;
        }
        if (r->fp != stdin) fclose(r->fp);
        r->fp = NULL;
        r->jsonl_open = false;
        r->cur++;
    }
    return CM_OK;
}
