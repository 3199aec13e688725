/* csv: RFC 4180 records over bytes in memory (see csv.h). */
#include "text/csv.h"

#include <string.h>

void cm_csv_init(cm_csv *r, const char *p, size_t n)
{
    r->p = p;
    r->n = n;
    r->pos = n >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3) ? 3 : 0;
    r->line = 1;
}

/* The fields of the record being read (grown in the arena by doubling). */
typedef struct {
    cm_arena *a;
    cm_csv_row *row;
    size_t cap;
} fields;

/* Adds s[0..n) (copied into the arena unless it is there already, NUL-terminated). */
static cm_status add_field(fields *fs, const char *s, size_t n, size_t off, bool copy)
{
    cm_csv_row *row = fs->row;
    if (row->nf == fs->cap) {
        size_t cap = fs->cap ? 2 * fs->cap : 32;
        const char **f = cm_arena_alloc(fs->a, cap * sizeof *f);
        size_t *len = cm_arena_alloc(fs->a, cap * sizeof *len), *o = cm_arena_alloc(fs->a, cap * sizeof *o);
        if (!f || !len || !o) return CM_NOMEM;
        if (row->nf) {
            memcpy(f, row->f, row->nf * sizeof *f);
            memcpy(len, row->len, row->nf * sizeof *len);
            memcpy(o, row->off, row->nf * sizeof *o);
        }
        row->f = f, row->len = len, row->off = o, fs->cap = cap;
    }
    const char *c = copy ? cm_arena_strndup(fs->a, s, n) : s;
    if (!c) return CM_NOMEM;
    row->f[row->nf] = c;
    row->len[row->nf] = n;
    row->off[row->nf++] = off;
    return CM_OK;
}

/* A quoted field from r->p[*pos] (just after the opening quote) to its closing
 * quote: unescaped into the arena. *pos ends after the closing quote; *line
 * counts the line ends inside. NULL with *open set when the input ends first. */
static char *quoted(const cm_csv *r, cm_arena *a, size_t *pos, size_t *line, size_t *len, bool *open)
{
    size_t i = *pos, k = 0;
    char *out = NULL;
    for (size_t j = i;; j++) { /* find the end first: the copy is at most that long */
        if (j >= r->n) {
            *open = true;
            return NULL;
        }
        if (r->p[j] == '"' && !(j + 1 < r->n && r->p[j + 1] == '"')) {
            out = cm_arena_alloc(a, j - i + 1);
            break;
        }
        if (r->p[j] == '"') j++;
    }
    if (!out) return NULL;
    for (;; i++) {
        char c = r->p[i];
        if (c == '"' && !(i + 1 < r->n && r->p[i + 1] == '"')) break;
        if (c == '"') i++;
        if (c == '\n') ++*line;
        out[k++] = c;
    }
    out[k] = 0;
    *pos = i + 1;
    *len = k;
    return out;
}

/* Moves the reader past the physical line holding byte at, after a fault. */
static cm_status fault(cm_csv *r, cm_csv_row *row, size_t at, size_t line, const char *why)
{
    const char *nl = at < r->n ? memchr(r->p + at, '\n', r->n - at) : NULL;
    r->pos = nl ? (size_t)(nl - r->p) + 1 : r->n;
    r->line = line + (nl != NULL);
    row->err = why;
    row->err_line = line;
    return CM_PARSE;
}

/* True at a line end (LF, or CR LF) at i. */
static bool line_end(const cm_csv *r, size_t i)
{
    return r->p[i] == '\n' || (r->p[i] == '\r' && (i + 1 == r->n || r->p[i + 1] == '\n'));
}

cm_status cm_csv_next(cm_csv *r, cm_arena *a, cm_csv_row *row, bool *got)
{
    memset(row, 0, sizeof *row);
    *got = false;
    while (r->pos < r->n && line_end(r, r->pos)) { /* blank lines */
        r->pos += r->p[r->pos] == '\r' ? (r->pos + 1 < r->n ? 2 : 1) : 1;
        r->line++;
    }
    if (r->pos >= r->n) return CM_OK;
    *got = true;
    fields fs = {a, row, 0};
    size_t i = r->pos, line = r->line;
    row->start = i;
    row->line = line;
    for (;;) {
        size_t n = 0, off = i;
        const char *s;
        if (row->nf == CM_CSV_MAX_FIELDS) return fault(r, row, i, line, "too many fields");
        if (i < r->n && r->p[i] == '"') {
            bool open = false;
            off = ++i;
            if (!(s = quoted(r, a, &i, &line, &n, &open))) {
                if (!open) return CM_NOMEM;
                r->pos = r->n;
                r->line = line;
                row->err = "a quoted field is not closed before the end of the file";
                row->err_line = row->line;
                return CM_PARSE;
            }
            if (memchr(s, 0, n)) return fault(r, row, i, line, "a NUL byte");
            if (i < r->n && r->p[i] != ',' && !line_end(r, i)) return fault(r, row, i, line, "text after a closing quote");
            if (add_field(&fs, s, n, off, false)) return CM_NOMEM;
        } else {
            while (i < r->n && r->p[i] != ',' && !line_end(r, i)) {
                if (r->p[i] == '"') return fault(r, row, i, line, "a quote inside an unquoted field");
                if (!r->p[i]) return fault(r, row, i, line, "a NUL byte");
                i++;
            }
            if (add_field(&fs, r->p + off, i - off, off, true)) return CM_NOMEM;
        }
        if (i < r->n && r->p[i] == ',') {
            i++;
            continue;
        }
        if (i < r->n) i += r->p[i] == '\r' ? (i + 1 < r->n ? 2 : 1) : 1;
        row->end_line = line;
        r->pos = i;
        r->line = line + 1;
        return CM_OK;
    }
}

cm_status cm_csv_put(cm_buf *b, const char *p, size_t n)
{
    bool q = n && (p[0] == ' ' || p[n - 1] == ' ');
    for (size_t i = 0; i < n && !q; i++) q = p[i] == ',' || p[i] == '"' || p[i] == '\r' || p[i] == '\n';
    if (!q) return cm_buf_append(b, p, n);
    cm_status st = cm_buf_putc(b, '"');
    for (size_t i = 0; i < n && !st; i++) {
        st = cm_buf_putc(b, p[i]);
        if (!st && p[i] == '"') st = cm_buf_putc(b, '"');
    }
    if (!st) st = cm_buf_putc(b, '"');
    return st;
}
