/* markers: the JSON Lines reader behind `render --events`. One record per
 * line through core/json; the arena keeps the labels. libc only. */
#include "map/markers.h"

#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/file.h"
#include "core/json.h"
#include "core/str.h"

struct cm_markers {
    cm_arena *arena;
    cm_marker *v;
    size_t n, cap;
};

static const char *const names[CM_MARK_COUNT] = {"capture", "retake", "hold",     "siege",
                                                 "attack",  "clash",  "withdraw", "flee"};

const char *cm_mark_action_name(cm_mark_action a)
{
    return (unsigned)a < CM_MARK_COUNT ? names[a] : "?";
}

bool cm_mark_action_parse(const char *s, size_t n, cm_mark_action *out)
{
    for (int i = 0; i < CM_MARK_COUNT; i++)
        if (cm_str_ieq_c((cm_str){s, n}, names[i])) {
            *out = (cm_mark_action)i;
            return true;
        }
    return false;
}

void cm_markers_free(cm_markers *m)
{
    if (!m) return;
    free(m->v);
    cm_arena_free(m->arena);
    free(m);
}

size_t cm_markers_count(const cm_markers *m) { return m ? m->n : 0; }
const cm_marker *cm_markers_get(const cm_markers *m) { return m ? m->v : NULL; }

static cm_status push(cm_markers *m, cm_ctx *ctx, const cm_marker *mk)
{
    if (m->n == m->cap) {
        size_t cap = m->cap ? 2 * m->cap : 32, bytes;
        if (!cm_size_mul(cap, sizeof *m->v, &bytes)) return cm_fail(ctx, CM_NOMEM, "out of memory");
        cm_marker *v = realloc(m->v, bytes);
        if (!v) return cm_fail(ctx, CM_NOMEM, "out of memory");
        m->v = v;
        m->cap = cap;
    }
    m->v[m->n++] = *mk;
    return CM_OK;
}

cm_status cm_markers_parse(cm_ctx *ctx, const char *path, const char *text, size_t len, cm_day day,
                           cm_markers **out)
{
    *out = NULL;
    cm_markers *m = calloc(1, sizeof *m);
    cm_arena *tmp = cm_arena_new();
    if (m) m->arena = cm_arena_new();
    if (!m || !m->arena || !tmp) {
        cm_arena_free(tmp);
        cm_markers_free(m);
        return cm_fail(ctx, CM_NOMEM, "out of memory");
    }
    cm_status st = CM_OK;
    size_t skipped = 0;
    const char *p = text ? text : "", *end = p + (text ? len : 0);
    for (int line = 1; p < end; line++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *eol = nl ? nl : end;
        cm_str l = cm_str_trim((cm_str){p, (size_t)(eol - p)});
        p = eol + 1;
        if (l.n == 0) continue;
        cm_arena_reset(tmp);
        cm_json_obj o;
        size_t off = 0;
        cm_status pst = cm_json_parse_object(l.p, l.n, tmp, &o, &off);
        if (pst) {
            st = pst == CM_NOMEM ? cm_fail(ctx, CM_NOMEM, "%s:%d: out of memory", path, line)
                                 : cm_fail(ctx, CM_PARSE, "%s:%d: malformed JSON at byte %zu", path, line, off + 1);
            goto done;
        }
        const cm_json_member *neg = cm_json_get(&o, "negated");
        if (neg && neg->kind == CM_JSON_BOOL && neg->num != 0) continue;
        const char *date = cm_json_get_str(&o, "date");
        cm_day mk_day = CM_DAY_NONE;
        /* "date": null is an undated claim ("fell in 2015"): on no day's map; a
         * marker file without the key marks every day */
        const cm_json_member *dm = cm_json_get(&o, "date");
        if (!date && dm && dm->kind == CM_JSON_NULL && day != CM_DAY_NONE) continue;
        if (date) {
            cm_day d, m1;
            size_t dn = strlen(date);
            /* A claim dated to a month only ("2021-08") belongs to no single day. */
            if (dn == 7 && cm_day_parse((char[11]){date[0], date[1], date[2], date[3], '-', date[5],
                                                   date[6], '-', '0', '1', 0},
                                        10, &m1) && date[4] == '-')
                continue;
            if (dn != 10 || !cm_day_parse(date, 10, &d)) {
                st = cm_fail(ctx, CM_PARSE, "%s:%d: malformed date '%s' (want YYYY-MM-DD)", path, line, date);
                goto done;
            }
            if (day != CM_DAY_NONE && d != day) continue;
            mk_day = d;
        }
        const char *act = cm_json_get_str(&o, "action");
        cm_marker mk = {.day = mk_day};
        if (!act) {
            st = cm_fail(ctx, CM_PARSE, "%s:%d: no \"action\"", path, line);
            goto done;
        }
        if (!cm_mark_action_parse(act, strlen(act), &mk.action)) {
            st = cm_fail(ctx, CM_PARSE,
                         "%s:%d: unknown action '%s' (capture, retake, hold, siege, attack, clash, withdraw, flee)",
                         path, line, act);
            goto done;
        }
        if (!cm_json_get_num(&o, "lon", &mk.lon_deg) || !cm_json_get_num(&o, "lat", &mk.lat_deg)) {
            skipped++;
            continue; /* an unresolved place: nothing to draw */
        }
        if (mk.lon_deg < -180 || mk.lon_deg > 180 || mk.lat_deg < -90 || mk.lat_deg > 90) {
            st = cm_fail(ctx, CM_PARSE, "%s:%d: lon/lat %g,%g out of range", path, line, mk.lon_deg,
                         mk.lat_deg);
            goto done;
        }
        const char *label = cm_json_get_str(&o, "label");
        if (!label) label = cm_json_get_str(&o, "place_name");
        if (!label) label = cm_json_get_str(&o, "place");
        mk.label = cm_arena_strdup(m->arena, label ? label : "");
        if (!mk.label) {
            st = cm_fail(ctx, CM_NOMEM, "out of memory");
            goto done;
        }
        if ((st = push(m, ctx, &mk))) goto done;
    }
    if (skipped) cm_diag(ctx, "%s: %zu record(s) without lon/lat not drawn", path, skipped);
done:
    cm_arena_free(tmp);
    if (st) {
        cm_markers_free(m);
        return st;
    }
    *out = m;
    return CM_OK;
}

cm_status cm_markers_load(cm_ctx *ctx, const char *path, cm_day day, cm_markers **out)
{
    *out = NULL;
    cm_buf b = {0};
    cm_status st = cm_file_read(ctx, path, 0, &b);
    if (!st) st = cm_markers_parse(ctx, path, b.p, b.n, day, out);
    cm_buf_free(&b);
    return st;
}
