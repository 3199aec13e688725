/* csv: a reader of comma-separated values as RFC 4180 writes them, over bytes
 * in memory, one record at a time — and the writer of one field.
 *
 * A field is quoted when it starts with '"'; inside quotes a doubled quote is
 * one quote, and commas, CR and LF are text (a record may span lines). Records
 * end at LF or CRLF; a blank line is no record; a UTF-8 byte-order mark at the
 * start of the input is skipped. A record that breaks the grammar — a quote
 * inside an unquoted field, text after a closing quote, a quoted field still
 * open at the end of the input, a NUL byte, more than CM_CSV_MAX_FIELDS fields
 * — is reported with its line and the reader moves past it (to the end of the
 * physical line where the fault was, or to the end of the input), so the
 * caller can skip it or refuse the file. Knows nothing of any column: the
 * caller reads the header. libc only (core/). */
#ifndef CM_CSV_H
#define CM_CSV_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/status.h"
#include "core/str.h"

#define CM_CSV_MAX_FIELDS 1024

typedef struct {
    const char *p; /* the input (borrowed; must outlive the reader) */
    size_t n;      /* its bytes */
    size_t pos;    /* where the next record starts */
    size_t line;   /* the line number (from 1) of pos */
} cm_csv;

typedef struct {
    const char **f;   /* unescaped fields, NUL-terminated (in the arena) */
    size_t *len;      /* their byte lengths */
    size_t *off;      /* each field's first byte in the input (after an opening quote) */
    size_t nf;        /* number of fields (0 only at the end of the input) */
    size_t line;      /* line where the record starts (from 1) */
    size_t end_line; /* line where it ends (a quoted line break makes them differ) */
    size_t start;     /* byte offset of the record in the input */
    const char *err;  /* CM_PARSE: what is wrong (a static string) */
    size_t err_line;  /* CM_PARSE: the line of the fault */
} cm_csv_row;

/* Starts reading p[0..n): skips a UTF-8 byte-order mark. */
void cm_csv_init(cm_csv *r, const char *p, size_t n);

/* Reads the next record into row (fields in the arena). *got is false at the
 * end of the input. CM_PARSE for a malformed record (row->err, row->line and
 * row->err_line say what and where; the reader has moved past it, so calling
 * again goes on with the next record); CM_NOMEM. */
cm_status cm_csv_next(cm_csv *r, cm_arena *a, cm_csv_row *row, bool *got) CM_WUR;

/* Appends p[0..n) as one field: quoted (with quotes doubled) when it holds a
 * comma, a quote, CR or LF, or starts or ends with a space; else as it is. */
cm_status cm_csv_put(cm_buf *b, const char *p, size_t n) CM_WUR;

#endif
