/* cmd_places: `conflictmap places ARTICLES...` — every place mention of each
 * article and how it resolved, one line per mention (tab-separated: file, byte
 * offset, surface, resolved name, kind, P-code, lat, lon, confidence), or JSON
 * Lines with --json; --geojson also writes the points. Articles are read one at
 * a time through text/doc (.txt with header, JSON Lines, folders, stdin). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "core/arena.h"
#include "core/file.h"
#include "core/str.h"
#include "text/doc.h"
#include "text/gaz.h"
#include "text/mention.h"

/* Tabs and line breaks in a surface form would break the line format. */
static cm_status put_field(cm_buf *b, const char *s)
{
    size_t n = strcspn(s, "\t\n\r");
    cm_status st = cm_buf_append(b, s, n);
    for (s += n; !st && *s; s++) {
        char c = (*s == '\t' || *s == '\n' || *s == '\r') ? ' ' : *s;
        st = cm_buf_putc(b, c);
    }
    return st;
}

/* v with a fixed count of decimals (0..6) at d, without printf (the finder's
 * output is large; printf's float formatting would dominate it); printf only
 * for what no coordinate or confidence is (NaN, beyond 1e12). d has room for
 * FIXED_MAX bytes; returns the length. */
#define FIXED_MAX 352 /* DBL_MAX with 6 decimals fits */
static size_t fixed_at(char *d, double v, int decimals)
{
    static const double scale[] = {1, 10, 100, 1000, 10000, 100000, 1000000};
    if (!(v == v) || v > 1e12 || v < -1e12) {
        int k = snprintf(d, FIXED_MAX, "%.*f", decimals, v);
        return k < 0 ? 0 : (size_t)k < FIXED_MAX ? (size_t)k : FIXED_MAX - 1;
    }
    bool neg = v < 0;
    unsigned long long x = (unsigned long long)((neg ? -v : v) * scale[decimals] + 0.5);
    if (neg && x == 0) neg = false;
    char tmp[48], *e = tmp + sizeof tmp, *q = e; /* written backwards */
    for (int k = 0; k < decimals; k++) *--q = (char)('0' + x % 10), x /= 10;
    if (decimals) *--q = '.';
    do *--q = (char)('0' + x % 10), x /= 10;
    while (x);
    if (neg) *--q = '-';
    memcpy(d, q, (size_t)(e - q));
    return (size_t)(e - q);
}

/* v in decimal at d (room for 24 bytes); returns the length. */
static size_t size_at(char *d, size_t v)
{
    char tmp[24], *e = tmp + sizeof tmp, *q = e;
    do *--q = (char)('0' + v % 10), v /= 10;
    while (v);
    memcpy(d, q, (size_t)(e - q));
    return (size_t)(e - q);
}

/* s[0..n) at d, tabs and line breaks made spaces, then a tab; returns the end. */
static char *field_at(char *d, const char *s, size_t n)
{
    memcpy(d, s, n);
    for (size_t i = strcspn(s, "\t\n\r"); i < n; i++)
        if (d[i] == '\t' || d[i] == '\n' || d[i] == '\r') d[i] = ' ';
    d[n] = '\t';
    return d + n + 1;
}

/* One line: file (its field and tab, already escaped), offset, surface, name,
 * kind, P-code, lat, lon, confidence. Sized first, then written in place. */
static cm_status put_tsv(cm_buf *b, const cm_buf *file, const cm_mention *m)
{
    const char *kind = m->foreign && m->kind == CM_PLACE_COUNTRY ? "country" : cm_gaz_kind_name(m->kind);
    const char *pcode = m->foreign ? "foreign" : *m->pcode ? m->pcode : "-";
    size_t ls = strlen(m->surface), ln = strlen(m->name), lk = strlen(kind), lp = strlen(pcode);
    char num[3][FIXED_MAX];
    size_t nn[3] = {fixed_at(num[0], m->lat, 5), fixed_at(num[1], m->lon, 5), fixed_at(num[2], m->confidence, 2)};
    if (cm_buf_reserve(b, file->n + 24 + ls + ln + lk + lp + nn[0] + nn[1] + nn[2] + 8)) return CM_NOMEM;
    char *d = b->p + b->n;
    memcpy(d, file->p, file->n);
    d += file->n;
    d += size_at(d, m->off);
    *d++ = '\t';
    d = field_at(d, m->surface, ls);
    d = field_at(d, m->name, ln);
    d = field_at(d, kind, lk);
    d = field_at(d, pcode, lp);
    for (int k = 0; k < 3; k++) {
        memcpy(d, num[k], nn[k]);
        d += nn[k];
        *d++ = k < 2 ? '\t' : '\n';
    }
    *d = 0;
    b->n = (size_t)(d - b->p);
    return CM_OK;
}

int cm_cmd_places(int argc, char **argv)
{
    const char *gpath = NULL, *outpath = NULL, *geojson = NULL;
    int json = 0, quiet = 0, stats = 0, max_mb = 64;
    const cm_opt opts[] = {
        {"json", 0, CM_OPT_FLAG, &json, NULL, "JSON Lines, one object per mention"},
        {"geojson", 0, CM_OPT_STR, &geojson, "FILE", "also write the mentions as GeoJSON points (places.geojson)"},
        {"gazetteer", 0, CM_OPT_STR, &gpath, "FILE", "compiled index (default: CONFLICTMAP_GAZETTEER)"},
        {"output", 'o', CM_OPT_STR, &outpath, "FILE", "write here instead of stdout"},
        {"max-mb", 0, CM_OPT_INT, &max_mb, "N", "largest JSON Lines record accepted, in MiB (default 64; a .txt is read in pieces, at any size)"},
        {"stats", 0, CM_OPT_FLAG, &stats, NULL, "timings and counts on stderr"},
        {"quiet", 'q', CM_OPT_FLAG, &quiet, NULL, "no warnings"},
        CM_OPT_END};
    const cm_cmd_spec spec = {
        "places", "ARTICLES... [--json] [--geojson FILE] [--gazetteer FILE] [-o FILE]",
        "Finds the places each article names and resolves each against the gazetteer: one line per "
        "mention with file, byte offset, surface form, resolved name, kind, P-code (\"foreign\" for "
        "places outside Afghanistan), lat, lon and confidence (tab-separated), or JSON Lines with "
        "--json. ARTICLES are .txt files (an optional header is skipped; offsets stay those of the "
        "file), JSON Lines files (the file column is then FILE:LINE and offsets count in the "
        "record's text), folders of either, or \"-\" for stdin.",
        opts};
    int npos, done;
    char **pos;
    cm_ctx *ctx = cm_cli_start(&spec, argc, argv, &npos, &pos, &done);
    if (!ctx) return done;
    cm_status st = CM_OK;
    cm_gaz *g = NULL;
    cm_arena *a = NULL;
    cm_doc_reader *rd = NULL;
    cm_buf line = {0}, where = {0}, field = {0};
    cm_out out = {0}, gj = {0};
    bool out_open = false, gj_open = false, gj_first = true;
    size_t bytes = 0, mentions = 0, docs = 0;
    double t_find = 0;
    if (!npos) {
        st = cm_fail(ctx, CM_USAGE, "places: give one or more ARTICLES (\"-\" for stdin)");
        goto end;
    }
    if (max_mb < 1 || max_mb > 4096) {
        st = cm_fail(ctx, CM_USAGE, "places: --max-mb wants 1..4096, not %d", max_mb);
        goto end;
    }
    clock_t t0 = clock();
    if ((st = cm_gaz_open_profile(ctx, cm_cli_gazetteer(gpath), cm_cli_profile(), &g))) goto end;
    double t_load = (double)(clock() - t0) / CLOCKS_PER_SEC;
    if (!(a = cm_arena_new())) {
        st = cm_fail(ctx, CM_NOMEM, "out of memory");
        goto end;
    }
    cm_doc_opts dopt = {.max_bytes = (size_t)max_mb << 20, .chunk_bytes = CM_DOC_CHUNK_DEFAULT};
    if ((st = cm_doc_reader_open(ctx, (const char *const *)pos, (size_t)npos, &dopt, &rd))) goto end;
    if ((st = cm_out_open(ctx, outpath ? outpath : "-", &out))) goto end;
    out_open = true;
    if (geojson) {
        if ((st = cm_out_open(ctx, geojson, &gj))) goto end;
        gj_open = true;
        fputs("{\"type\":\"FeatureCollection\",\"features\":[\n", gj.fp);
    }
    for (;;) {
        cm_arena_reset(a);
        cm_doc d;
        bool got;
        if ((st = cm_doc_reader_next(rd, ctx, a, &d, &got)) || !got) break;
        docs += d.part == 0;
        /* The file column: the path, or PATH:LINE for a JSON Lines record. */
        cm_buf_clear(&where);
        st = d.line ? cm_buf_printf(&where, "%s:%zu", d.path, d.line) : cm_buf_puts(&where, d.path);
        cm_buf_clear(&field);
        if (!st) st = put_field(&field, where.p);
        if (!st) st = cm_buf_putc(&field, '\t');
        if (st) {
            st = cm_fail(ctx, st, "out of memory");
            break;
        }
        cm_mention *m;
        size_t nm;
        clock_t t1 = clock();
        if ((st = cm_mention_find(g, d.text, d.len, a, &m, &nm))) {
            st = cm_fail(ctx, st, "%s: out of memory", where.p);
            break;
        }
        t_find += (double)(clock() - t1) / CLOCKS_PER_SEC;
        bytes += d.len;
        mentions += nm;
        cm_buf_clear(&line);
        for (size_t k = 0; k < nm && !st; k++) {
            cm_mention mk = m[k];
            cm_doc_span(&d, m[k].off, m[k].len, &mk.off, &mk.len);
            st = json ? cm_mention_json(&line, where.p, &mk) : put_tsv(&line, &field, &mk);
            if (!st && line.n >= 65536) {
                if (fwrite(line.p, 1, line.n, out.fp) != line.n) st = CM_IO;
                cm_buf_clear(&line);
            }
        }
        if (!st && line.n && fwrite(line.p, 1, line.n, out.fp) != line.n) st = CM_IO;
        for (size_t k = 0; k < nm && !st && gj_open; k++) {
            cm_buf_clear(&line);
            if (!gj_first) st = cm_buf_puts(&line, ",\n");
            cm_mention mk = m[k];
            cm_doc_span(&d, m[k].off, m[k].len, &mk.off, &mk.len);
            if (!st) st = cm_mention_geojson(&line, d.id, 0, &mk);
            if (!st && fwrite(line.p, 1, line.n, gj.fp) != line.n) st = CM_IO;
            gj_first = false;
        }
        if (st) {
            st = st == CM_IO ? cm_fail(ctx, CM_IO, "write error") : cm_fail(ctx, st, "out of memory");
            break;
        }
    }
    if (!st && gj_open) {
        fputs("\n]}\n", gj.fp);
        gj_open = false;
        st = cm_out_commit(ctx, &gj);
    }
    if (!st) {
        out_open = false;
        st = cm_out_commit(ctx, &out);
    }
    if (!st && stats)
        fprintf(stderr,
                "conflictmap: places: gazetteer load %.1f ms (%zu bytes), %zu documents, %zu bytes, %zu "
                "mentions, find+resolve %.3f s (%.1f MB/s)\n",
                t_load * 1e3, cm_gaz_bytes(g), docs, bytes, mentions, t_find,
                t_find > 0 ? (double)bytes / 1e6 / t_find : 0.0);
end:
    if (out_open) cm_out_abort(&out);
    if (gj_open) cm_out_abort(&gj);
    free(pos);
    cm_buf_free(&line);
    cm_buf_free(&where);
    cm_buf_free(&field);
    cm_doc_reader_close(rd);
    cm_arena_free(a);
    cm_gaz_close(g);
    int rc = cm_cli_finish(ctx, st);
    cm_ctx_free(ctx);
    return rc;
}
