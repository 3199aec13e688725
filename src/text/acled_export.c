/* acled_export: claims (events.jsonl) as ACLED-shaped CSV rows (see acled.h;
 * the column mapping is docs/acled.md, "Out"). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/file.h"
#include "core/json.h"
#include "core/profile.h"
#include "text/acled.h"
#include "text/csv.h"

const char *const cm_acled_columns[] = {
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
    "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude",
    "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp", NULL};

/* What one claim gives each column (NULL: empty). */
typedef struct {
    const char *v[31];
    char year[8], tprec[4], gprec[4], lat[24], lon[24], fatal[24], country[3];
} out_row;

/* The name of a unit, or NULL. */
static const char *unit_name(cm_acled_name_fn name, void *ud, const char *pcode)
{
    const char *n = NULL;
    return pcode && name(ud, pcode, &n) ? n : NULL;
}

static int column(const char *name)
{
    for (int i = 0; cm_acled_columns[i]; i++)
        if (!strcmp(cm_acled_columns[i], name)) return i;
    return -1;
}

static void set(out_row *r, const char *col, const char *v) { r->v[column(col)] = v; }

/* Whether side is a state's forces in the profile of the actors' lexicon. */
static bool state_side(const cm_acled_actors *t, const char *side)
{
    const cm_profile *p = cm_lexicon_profile(cm_acled_actors_lexicon(t));
    if (!p || !side) return false;
    return cm_profile_ctrl_state(p, cm_profile_ctrl_parse(p, side, strlen(side)));
}

/* ACLED's event and sub-event type for one of our actions by side. */
static void types_for(out_row *r, const char *action, bool state)
{
    const char *et = "Battles", *sub = "Armed clash", *dis = "Political violence";
    if (!strcmp(action, "capture") || !strcmp(action, "retake"))
        sub = state ? "Government regains territory" : "Non-state actor overtakes territory";
    else if (!strcmp(action, "hold"))
        et = "Strategic developments", sub = "Headquarters or base established", dis = "Strategic developments";
    else if (!strcmp(action, "withdraw") || !strcmp(action, "flee"))
        et = "Strategic developments", sub = "Other", dis = "Strategic developments";
    set(r, "disorder_type", dis);
    set(r, "event_type", et);
    set(r, "sub_event_type", sub);
}

/* The ACLED name of a side: ours from the table, else the side as it is. */
static const char *actor_name(const cm_acled_actors *t, const char *side)
{
    const char *n = side ? cm_acled_actor_name(t, side) : NULL;
    return n ? n : side;
}

/* Fills r from one claim; false when the claim is not exported. */
static bool fill(out_row *r, const cm_json_obj *o, const cm_acled_actors *t, cm_acled_name_fn name, void *ud)
{
    memset(r, 0, sizeof *r);
    const char *pc = cm_json_get_str(o, "pcode"), *date = cm_json_get_str(o, "date");
    const cm_json_member *neg = cm_json_get(o, "negated");
    double prec = 1, gprec = 1, lat, lon;
    if (!pc || !*pc || !date || strlen(date) != 10 || (neg && neg->kind == CM_JSON_BOOL && neg->num)) return false;
    bool acled = cm_json_get_str(o, "source_format") && !strcmp(cm_json_get_str(o, "source_format"), "acled");
    const char *action = cm_json_get_str(o, "action"), *actor = cm_json_get_str(o, "actor");
    set(r, "event_id_cnty", acled ? cm_json_get_str(o, "doc") : cm_json_get_str(o, "id"));
    set(r, "event_date", date);
    memcpy(r->year, date, 4);
    set(r, "year", r->year);
    cm_json_get_num(o, "date_precision", &prec);
    snprintf(r->tprec, sizeof r->tprec, "%d", prec >= 1 && prec <= 3 ? (int)prec : 1);
    set(r, "time_precision", r->tprec);
    types_for(r, action ? action : "clash", state_side(t, actor));
    const char *et = acled ? cm_json_get_str(o, "acled_event_type") : NULL;
    if (et && *et) set(r, "event_type", et), set(r, "sub_event_type", cm_json_get_str(o, "acled_sub_event_type"));
    const char *a1 = acled ? cm_json_get_str(o, "acled_actor1") : NULL, *a2 = acled ? cm_json_get_str(o, "acled_actor2") : NULL;
    set(r, "actor1", a1 ? a1 : actor_name(t, actor));
    set(r, "actor2", a2 ? a2 : actor_name(t, cm_json_get_str(o, "opponent")));
    /* OCHA P-codes open with the country's ISO 3166 alpha-2 code, its own P-code */
    memcpy(r->country, pc, 2);
    set(r, "country", unit_name(name, ud, r->country));
    set(r, "admin1", unit_name(name, ud, cm_json_get_str(o, "province")));
    set(r, "admin2", strlen(pc) > 4 ? unit_name(name, ud, pc) : NULL);
    const char *loc = acled ? cm_json_get_str(o, "acled_location") : NULL;
    set(r, "location", loc && *loc ? loc : cm_json_get_str(o, "place") ? cm_json_get_str(o, "place") : cm_json_get_str(o, "surface"));
    if (cm_json_get_num(o, "lat", &lat) && cm_json_get_num(o, "lon", &lon)) {
        snprintf(r->lat, sizeof r->lat, "%.4f", lat);
        snprintf(r->lon, sizeof r->lon, "%.4f", lon);
        set(r, "latitude", r->lat);
        set(r, "longitude", r->lon);
    }
    cm_json_get_num(o, "geo_precision", &gprec);
    snprintf(r->gprec, sizeof r->gprec, "%d", gprec >= 1 && gprec <= 3 ? (int)gprec : 1);
    set(r, "geo_precision", r->gprec);
    set(r, "source", acled ? cm_json_get_str(o, "asserted_by") : cm_json_get_str(o, "doc"));
    set(r, "notes", cm_json_get_str(o, "sentence"));
    double fat;
    if (cm_json_get_num(o, "acled_fatalities", &fat) && fat >= 0 && fat < 1e9) {
        snprintf(r->fatal, sizeof r->fatal, "%.0f", fat);
        set(r, "fatalities", r->fatal);
    }
    return true;
}

static cm_status put_row(cm_buf *b, const out_row *r)
{
    cm_status st = CM_OK;
    for (int i = 0; cm_acled_columns[i] && !st; i++) {
        if (i) st = cm_buf_putc(b, ',');
        if (!st && r->v[i]) st = cm_csv_put(b, r->v[i], strlen(r->v[i]));
    }
    if (!st) st = cm_buf_puts(b, "\r\n");
    return st;
}

cm_status cm_acled_export(cm_ctx *ctx, const char *path, const cm_acled_actors *actors, cm_acled_name_fn name,
                          void *ud, FILE *out, size_t *rows, size_t *skipped)
{
    *rows = *skipped = 0;
    cm_buf in = {0}, line = {0};
    cm_arena *a = cm_arena_new();
    cm_status st = a ? cm_file_read(ctx, path, 0, &in) : cm_fail(ctx, CM_NOMEM, "out of memory");
    for (int i = 0; !st && cm_acled_columns[i]; i++) {
        if (i) st = cm_buf_putc(&line, ',');
        if (!st) st = cm_buf_puts(&line, cm_acled_columns[i]);
    }
    if (!st) st = cm_buf_puts(&line, "\r\n");
    size_t i = 0, lineno = 0;
    while (!st && i < in.n) {
        const char *nl = memchr(in.p + i, '\n', in.n - i);
        size_t end = nl ? (size_t)(nl - in.p) : in.n, off = 0;
        cm_str t = cm_str_trim((cm_str){in.p + i, end - i});
        i = end + 1;
        lineno++;
        if (!t.n) continue;
        cm_arena_reset(a);
        cm_json_obj o;
        out_row r;
        st = cm_json_parse_object(t.p, t.n, a, &o, &off);
        if (st == CM_PARSE) st = cm_fail(ctx, st, "%s:%zu: malformed JSON at column %zu", path, lineno, off + 1);
        else if (st) st = cm_fail(ctx, st, "out of memory");
        else if (!fill(&r, &o, actors, name, ud)) ++*skipped;
        else if ((st = put_row(&line, &r))) st = cm_fail(ctx, st, "out of memory");
        else ++*rows;
        if (!st && line.n > (1u << 16)) {
            if (fwrite(line.p, 1, line.n, out) != line.n) st = cm_fail(ctx, CM_IO, "write error");
            cm_buf_clear(&line);
        }
    }
    if (!st && line.n && fwrite(line.p, 1, line.n, out) != line.n) st = cm_fail(ctx, CM_IO, "write error");
    cm_buf_free(&line);
    cm_buf_free(&in);
    cm_arena_free(a);
    return st;
}
