/* json: a small reader for one JSON object per line (JSON Lines records).
 *
 * Top-level members of one object: strings are unescaped (into the arena),
 * numbers parsed, true/false/null kept as kinds; a nested array or object is
 * validated and kept as its raw text. Writing JSON is cm_buf_json_str (str.h).
 * libc only. */
#ifndef CM_JSON_H
#define CM_JSON_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/status.h"

typedef enum { CM_JSON_NULL, CM_JSON_BOOL, CM_JSON_NUM, CM_JSON_STR, CM_JSON_RAW } cm_json_kind;

typedef struct {
    const char *key;   /* unescaped, NUL-terminated, in the arena */
    cm_json_kind kind;
    const char *str;   /* STR: unescaped value; RAW: the array/object text; NUL-terminated */
    size_t len;        /* bytes of str */
    double num;        /* NUM value; BOOL 1 or 0 */
} cm_json_member;

typedef struct {
    cm_json_member *m; /* in the arena */
    size_t n;
} cm_json_obj;

/* Parses p[0..n) as exactly one JSON object (surrounding white space allowed).
 * On error returns CM_PARSE and sets *err_off to the byte offset of the fault
 * (the caller names the file and line); nothing is recorded in a ctx. Nesting
 * deeper than 64 levels is an error. */
cm_status cm_json_parse_object(const char *p, size_t n, cm_arena *a, cm_json_obj *out,
                               size_t *err_off) CM_WUR;

/* The member named key, or NULL. */
const cm_json_member *cm_json_get(const cm_json_obj *o, const char *key);
/* The string value of key, or NULL when absent or not a string. */
const char *cm_json_get_str(const cm_json_obj *o, const char *key);
/* The number value of key; false when absent or not a number. */
bool cm_json_get_num(const cm_json_obj *o, const char *key, double *out);

#endif
