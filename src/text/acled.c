/* acled: ACLED export rows to claims, and ACLED actor names to sides (see
 * acled.h; the mapping is docs/acled.md). Export is acled_export.c. */
#include "text/acled.h"

#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/file.h"
#include "core/profile.h"
#include "core/str.h"
#include "text/claim.h"
#include "text/claim_json.h"
#include "text/csv.h"
#include "text/token.h"

/* ---- actors ---------------------------------------------------------------- */

typedef struct {
    char *name; /* folded: lower case ASCII, single spaces, trimmed */
    char *orig; /* as written in the table */
    char *side;
} actor_row;

struct cm_acled_actors {
    const cm_lexicon *lex;
    actor_row *v;
    size_t n, cap;
    cm_arena *a;
};

/* ASCII lower case, runs of white space as one space, trimmed, into the arena. */
static char *fold(cm_arena *a, const char *s, size_t n)
{
    char *o = cm_arena_alloc(a, n + 1);
    if (!o) return NULL;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (isspace(c)) {
            if (k && o[k - 1] != ' ') o[k++] = ' ';
        } else {
            o[k++] = (char)tolower(c);
        }
    }
    while (k && o[k - 1] == ' ') k--;
    o[k] = 0;
    return o;
}

static cm_status table_line(cm_acled_actors *t, cm_ctx *ctx, const char *path, size_t lineno, cm_str line)
{
    if (line.n && line.p[line.n - 1] == '\r') line.n--;
    cm_str s = cm_str_trim(line);
    if (!s.n || s.p[0] == '#') return CM_OK;
    const char *tab = memchr(s.p, '\t', s.n);
    cm_str side = tab ? cm_str_trim((cm_str){tab + 1, (size_t)(s.p + s.n - tab - 1)}) : (cm_str){0};
    if (!tab || !side.n || memchr(side.p, '\t', side.n))
        return cm_fail(ctx, CM_PARSE, "%s:%zu: want an ACLED actor name, a tab and a side", path, lineno);
    if (t->n == t->cap) {
        size_t cap = t->cap ? 2 * t->cap : 32;
        actor_row *v = realloc(t->v, cap * sizeof *v);
        if (!v) return cm_fail(ctx, CM_NOMEM, "out of memory");
        t->v = v, t->cap = cap;
    }
    actor_row *r = &t->v[t->n];
    r->name = fold(t->a, s.p, (size_t)(tab - s.p));
    r->orig = cm_arena_strndup(t->a, s.p, (size_t)(tab - s.p));
    r->side = cm_arena_strndup(t->a, side.p, side.n);
    if (!r->name || !r->orig || !r->side) return cm_fail(ctx, CM_NOMEM, "out of memory");
    t->n++;
    return CM_OK;
}

cm_status cm_acled_actors_load(cm_ctx *ctx, const char *path, const cm_lexicon *lex, cm_acled_actors **out)
{
    *out = NULL;
    cm_acled_actors *t = calloc(1, sizeof *t);
    if (!t || !(t->a = cm_arena_new())) {
        free(t);
        return cm_fail(ctx, CM_NOMEM, "out of memory");
    }
    t->lex = lex;
    cm_buf b = {0};
    cm_status st = path ? cm_file_read(ctx, path, 16u << 20, &b) : CM_OK;
    size_t i = 0, lineno = 0;
    while (!st && i < b.n) {
        const char *nl = memchr(b.p + i, '\n', b.n - i);
        size_t end = nl ? (size_t)(nl - b.p) : b.n;
        st = table_line(t, ctx, path, ++lineno, (cm_str){b.p + i, end - i});
        i = end + 1;
    }
    cm_buf_free(&b);
    if (st) {
        cm_acled_actors_free(t);
        return st;
    }
    *out = t;
    return CM_OK;
}

void cm_acled_actors_free(cm_acled_actors *t)
{
    if (!t) return;
    free(t->v);
    cm_arena_free(t->a);
    free(t);
}

/* The class of the lexicon's actor phrase spanning all of s[0..n), or NULL. */
static const char *lexicon_whole(const cm_lexicon *lex, const char *s, size_t n, cm_arena *a)
{
    cm_token *tok;
    size_t nt, nh;
    cm_lex_hit *h;
    if (!lex || !n || cm_tokenize(s, n, a, &tok, &nt) || !nt || cm_lex_scan(lex, tok, nt, a, &h, &nh)) return NULL;
    if (nh != 1 || h[0].tok != 0 || h[0].ntok != nt || h[0].ntok2) return NULL;
    const cm_lex_entry *e = cm_lex_hit_get(&h[0], CM_LEX_ACTOR);
    return e && e->code != CM_SIDE_ANAPHOR ? e->sval : NULL;
}

const char *cm_acled_actor_side(const cm_acled_actors *t, const char *name, cm_arena *a)
{
    if (!name || !*name) return NULL;
    const char *key = fold(a, name, strlen(name));
    if (!key) return NULL;
    for (size_t i = 0; i < t->n; i++)
        if (!strcmp(t->v[i].name, key)) return t->v[i].side;
    size_t n = strlen(key);
    const char *side = lexicon_whole(t->lex, key, n, a);
    /* "Islamic State (Afghanistan)": the country or period in brackets qualifies the name. */
    const char *par = n && key[n - 1] == ')' ? strrchr(key, '(') : NULL;
    if (!side && par) side = lexicon_whole(t->lex, key, (size_t)(par - key), a);
    /* "NRF: National Resistance Front": the full name, then the short one. */
    const char *colon = strchr(key, ':');
    if (!side && colon) side = lexicon_whole(t->lex, colon + 1, strlen(colon + 1), a);
    if (!side && colon) side = lexicon_whole(t->lex, key, (size_t)(colon - key), a);
    return side;
}

bool cm_acled_side_holds_ground(const cm_acled_actors *t, const char *side)
{
    size_t n;
    const cm_lex_entry *const *e = t->lex ? cm_lexicon_entries(t->lex, CM_LEX_ACTOR, &n) : NULL;
    for (size_t i = 0; side && e && i < n; i++)
        if (e[i]->sval && !strcmp(e[i]->sval, side)) return e[i]->code > 0;
    return false;
}

const cm_lexicon *cm_acled_actors_lexicon(const cm_acled_actors *t) { return t ? t->lex : NULL; }

const char *cm_acled_actor_name(const cm_acled_actors *t, const char *side)
{
    for (size_t i = 0; side && i < t->n; i++)
        if (!strcmp(t->v[i].side, side)) return t->v[i].orig;
    return NULL;
}

/* True when capturing from side is a retake (the lexicon's retake_from). */
static bool retake_from(const cm_acled_actors *t, const char *side)
{
    size_t n;
    const cm_lex_entry *const *e = t->lex ? cm_lexicon_entries(t->lex, CM_LEX_RETAKE_FROM, &n) : NULL;
    for (size_t i = 0; side && e && i < n; i++)
        if (!strcmp(e[i]->sval, side)) return true;
    return false;
}

/* ---- rows ------------------------------------------------------------------ */

/* The columns read, by their names in ACLED's header. */
enum { C_ID, C_DATE, C_YEAR, C_TPREC, C_ETYPE, C_SUB, C_ACTOR1, C_ACTOR2, C_ADMIN1, C_ADMIN2, C_LOCATION,
       C_LAT, C_LON, C_GPREC, C_SOURCE, C_NOTES, C_FATAL, C_N };
static const char *const col_names[C_N] = {
    "event_id_cnty", "event_date", "year", "time_precision", "event_type", "sub_event_type", "actor1",
    "actor2", "admin1", "admin2", "location", "latitude", "longitude", "geo_precision", "source", "notes",
    "fatalities"};
static const bool col_required[C_N] = {[C_ID] = true, [C_DATE] = true, [C_ETYPE] = true, [C_ACTOR1] = true,
                                       [C_LAT] = true, [C_LON] = true};

/* One data row, its fields borrowed from the CSV record ("" when the column is absent). */
typedef struct {
    const char *v[C_N];
    cm_day date;
    int tprec, gprec;
    double lat, lon;
    long fatalities; /* -1 when not given */
} acled_row;

/* How an event type reads (docs/acled.md). */
typedef enum { PAINT_NONE, PAINT_ACTOR1, PAINT_FIGHT } paint_rule;
typedef struct {
    const char *type; /* a sub_event_type, or an event_type of exports before 2019 */
    cm_action action;
    paint_rule paint;
} type_rule;
static const type_rule type_rules[] = {
    {"Non-state actor overtakes territory", CM_ACT_CAPTURE, PAINT_ACTOR1},
    {"Government regains territory", CM_ACT_RETAKE, PAINT_ACTOR1},
    {"Non-violent transfer of territory", CM_ACT_CAPTURE, PAINT_ACTOR1},
    {"Headquarters or base established", CM_ACT_HOLD, PAINT_ACTOR1},
    {"Armed clash", CM_ACT_CLASH, PAINT_FIGHT},
    {"Explosions/Remote violence", CM_ACT_ATTACK, PAINT_NONE},
    /* the event types of ACLED's exports before 2019, which had no sub-event types */
    {"Battle-Non-state actor overtakes territory", CM_ACT_CAPTURE, PAINT_ACTOR1},
    {"Battle-Government regains territory", CM_ACT_RETAKE, PAINT_ACTOR1},
    {"Battle-No change of territory", CM_ACT_CLASH, PAINT_FIGHT},
    {"Remote violence", CM_ACT_ATTACK, PAINT_NONE},
};

/* The rule for a row: its sub-event type first, then its event type; NULL: no claim. */
static const type_rule *rule_of(const acled_row *r)
{
    for (int pass = 0; pass < 2; pass++) {
        const char *t = r->v[pass ? C_ETYPE : C_SUB];
        for (size_t i = 0; i < sizeof type_rules / sizeof *type_rules; i++)
            if (!strcmp(t, type_rules[i].type)) return &type_rules[i];
    }
    return NULL;
}

/* ASCII case-insensitive: s[0..n) equals the start of word (all of it unless n is 3). */
static bool month_eq(const char *s, size_t n, const char *word)
{
    if (n != 3 && n != strlen(word)) return false;
    for (size_t i = 0; i < n; i++)
        if (tolower((unsigned char)s[i]) != word[i]) return false;
    return true;
}

static int month_of(const char *s, size_t n)
{
    static const char *const m[] = {"january", "february", "march", "april", "may", "june", "july",
                                    "august", "september", "october", "november", "december"};
    for (int i = 0; i < 12; i++)
        if (month_eq(s, n, m[i])) return i + 1;
    return 0;
}

/* "2021-08-15", "15 August 2021", "15-Aug-2021" (ACLED's web and API exports). */
static bool parse_date(const char *s, cm_day *out)
{
    size_t n = strlen(s), i = 0, j;
    if (cm_day_parse(s, n, out)) return true;
    int d = 0, y = 0;
    for (; i < n && i < 2 && isdigit((unsigned char)s[i]); i++) d = d * 10 + (s[i] - '0');
    if (!i || i >= n || (s[i] != ' ' && s[i] != '-')) return false;
    for (j = ++i; j < n && isalpha((unsigned char)s[j]); j++) {}
    int m = month_of(s + i, j - i);
    if (!m || j >= n || (s[j] != ' ' && s[j] != '-') || n - j - 1 != 4) return false;
    for (i = j + 1; i < n; i++) {
        if (!isdigit((unsigned char)s[i])) return false;
        y = y * 10 + (s[i] - '0');
    }
    return cm_day_from_ymd(y, m, d, out);
}

static bool parse_num(const char *s, double lo, double hi, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    while (*end == ' ') end++;
    if (!*s || *end || errno || !isfinite(v) || v < lo || v > hi) return false;
    *out = v;
    return true;
}

/* A precision code 1..3; dflt when the column is absent. */
static bool parse_prec(const char *s, int dflt, int *out)
{
    if (!*s && dflt) return *out = dflt, true;
    double v;
    if (!parse_num(s, 1, 3, &v) || v != (int)v) return false;
    *out = (int)v;
    return true;
}

/* Fills r from a record; NULL, or what is wrong with it. */
static const char *read_row(const cm_csv_row *rec, const int *col, size_t ncols, acled_row *r, char *why,
                            size_t whylen)
{
    if (rec->nf != ncols) {
        snprintf(why, whylen, "%zu fields where the header has %zu", rec->nf, ncols);
        return why;
    }
    for (size_t i = 0; i < rec->nf; i++)
        if (cm_utf8_check(rec->f[i], rec->len[i]) != rec->len[i]) {
            snprintf(why, whylen, "invalid UTF-8 in field %zu", i + 1);
            return why;
        }
    for (int c = 0; c < C_N; c++) r->v[c] = col[c] >= 0 ? rec->f[col[c]] : "";
    if (!*r->v[C_ID]) return "no event_id_cnty";
    if (!*r->v[C_ETYPE]) return "no event_type";
    if (!parse_date(r->v[C_DATE], &r->date)) {
        snprintf(why, whylen, "event_date '%.40s' is not a date (15 August 2021, or 2021-08-15)", r->v[C_DATE]);
        return why;
    }
    int y, m, d;
    cm_day_to_ymd(r->date, &y, &m, &d);
    if (*r->v[C_YEAR] && atoi(r->v[C_YEAR]) != y) {
        snprintf(why, whylen, "year %.8s disagrees with event_date %.40s", r->v[C_YEAR], r->v[C_DATE]);
        return why;
    }
    if (!parse_prec(r->v[C_TPREC], col[C_TPREC] < 0, &r->tprec)) return "time_precision is not 1, 2 or 3";
    if (!parse_prec(r->v[C_GPREC], col[C_GPREC] < 0, &r->gprec)) return "geo_precision is not 1, 2 or 3";
    if (!parse_num(r->v[C_LAT], -90, 90, &r->lat)) return "latitude is not a number in -90..90";
    if (!parse_num(r->v[C_LON], -180, 180, &r->lon)) return "longitude is not a number in -180..180";
    double f;
    r->fatalities = -1;
    if (*r->v[C_FATAL] && !(parse_num(r->v[C_FATAL], 0, 1e9, &f) && f == (long)f)) return "fatalities is not a count";
    if (*r->v[C_FATAL]) r->fatalities = (long)f;
    return NULL;
}

/* ---- import ---------------------------------------------------------------- */

#define NAMED_MAX 50 /* bad and outside rows named one by one; the rest only counted */
#define UNKNOWN_MAX 4096 /* distinct unknown actor names remembered */

typedef struct {
    cm_ctx *ctx;
    const char *path;
    const cm_acled_in_opts *o;
    FILE *out;
    cm_acled_stats *s;
    cm_arena *a;       /* per row */
    cm_arena *keep;    /* the import's: unknown names */
    const char **unknown;
    size_t nunknown;
    cm_buf line;
} importer;

/* The side of an actor name; an unknown non-empty name is counted and named once. */
static cm_status side_of(importer *im, const char *name, size_t lineno, const char **side, bool *unknown)
{
    *side = cm_acled_actor_side(im->o->actors, name, im->a);
    if (*side || !*name) return CM_OK;
    *unknown = true;
    for (size_t i = 0; i < im->nunknown; i++)
        if (!strcmp(im->unknown[i], name)) return CM_OK;
    im->s->unknown_names++;
    cm_diag(im->ctx, "%s:%zu: ACLED actor '%.80s' is no side we know: no controller from it", im->path, lineno, name);
    if (im->nunknown == UNKNOWN_MAX) return CM_OK;
    if (!im->unknown && !(im->unknown = cm_arena_alloc(im->keep, UNKNOWN_MAX * sizeof *im->unknown))) return CM_NOMEM;
    if (!(im->unknown[im->nunknown] = cm_arena_strdup(im->keep, name))) return CM_NOMEM;
    im->nunknown++;
    return CM_OK;
}

/* The control after the event (docs/acled.md, "Controller"). */
static const char *controller_of(const importer *im, const type_rule *tr, const acled_row *r, const char *s1,
                                 const char *s2)
{
    const cm_acled_actors *t = im->o->actors;
    if (r->gprec == 3) return NULL; /* only the region is known: a report on the province */
    const cm_profile *p = cm_lexicon_profile(cm_acled_actors_lexicon(t));
    if (p && cm_profile_layer_of(p, CM_ROLE_UNIT)->towns_point)
        return NULL; /* a point in a unit far larger than a town (profile: towns=point) */
    if (tr->paint == PAINT_ACTOR1) return cm_acled_side_holds_ground(t, s1) ? s1 : NULL;
    if (tr->paint == PAINT_FIGHT)
        return cm_acled_side_holds_ground(t, s1) || cm_acled_side_holds_ground(t, s2) ? "contested" : NULL;
    return NULL;
}

/* The keys only ACLED rows carry, inside the object cm_claim_json wrote. */
static cm_status put_extras(cm_buf *b, const acled_row *r)
{
    static const struct { const char *key; int col; } k[] = {
        {"acled_event_type", C_ETYPE}, {"acled_sub_event_type", C_SUB}, {"acled_actor1", C_ACTOR1},
        {"acled_actor2", C_ACTOR2}, {"acled_admin1", C_ADMIN1}, {"acled_admin2", C_ADMIN2},
        {"acled_location", C_LOCATION}};
    assert(b->n >= 2 && b->p[b->n - 2] == '}' && b->p[b->n - 1] == '\n'); /* cm_claim_json's end */
    b->n -= 2;
    cm_status st = cm_buf_puts(b, ",\"source_format\":\"acled\"");
    for (size_t i = 0; i < sizeof k / sizeof *k && !st; i++) {
        st = cm_buf_printf(b, ",\"%s\":", k[i].key);
        if (!st) st = cm_buf_json_str(b, r->v[k[i].col], strlen(r->v[k[i].col]));
    }
    if (!st) st = r->fatalities < 0 ? cm_buf_puts(b, ",\"acled_fatalities\":null}\n")
                                    : cm_buf_printf(b, ",\"acled_fatalities\":%ld}\n", r->fatalities);
    return st;
}

/* One row's claim: its unit, side, action, controller, written as a line. */
static cm_status claim_row(importer *im, const acled_row *r, size_t lineno)
{
    const type_rule *tr = rule_of(r);
    if (!tr) {
        im->s->no_claim++;
        return CM_OK;
    }
    const char *s1, *s2, *pcode, *parent, *name;
    const cm_profile *prof = cm_lexicon_profile(cm_acled_actors_lexicon(im->o->actors));
    bool regions = !prof || cm_profile_layer_of(prof, CM_ROLE_REGION)->present;
    int level = r->gprec == 3 && regions ? 1 : 2; /* without regions, admin1 is the unit */
    if (!im->o->locate(im->o->ud, r->lon, r->lat, level, &pcode, &parent, &name)) {
        if (im->s->outside++ < NAMED_MAX)
            cm_diag(im->ctx, "%s:%zu: %.6f,%.6f lies in no %s of the boundaries: row skipped", im->path, lineno,
                    r->lat, r->lon, level == 1 ? "province" : "district");
        return CM_OK;
    }
    bool unknown = false;
    cm_status st = side_of(im, r->v[C_ACTOR1], lineno, &s1, &unknown);
    if (!st) st = side_of(im, r->v[C_ACTOR2], lineno, &s2, &unknown);
    if (st) return cm_fail(im->ctx, st, "out of memory");
    im->s->unknown_rows += unknown;
    cm_action act = tr->action == CM_ACT_CAPTURE && retake_from(im->o->actors, s2) ? CM_ACT_RETAKE : tr->action;
    size_t nl = strlen(r->v[C_NOTES]), dl = strlen(r->v[C_DATE]);
    char *text = cm_arena_alloc(im->a, nl + dl + 2); /* the notes, then the date as written */
    if (!text) return cm_fail(im->ctx, CM_NOMEM, "out of memory");
    memcpy(text, r->v[C_NOTES], nl + 1);
    memcpy(text + nl + 1, r->v[C_DATE], dl + 1);
    const char *surface = *r->v[C_LOCATION] ? r->v[C_LOCATION] : *r->v[C_ADMIN2] ? r->v[C_ADMIN2] : r->v[C_ADMIN1];
    cm_claim c = {
        .sent_len = nl, .surface = surface, .place = name, .pcode = pcode,
        .province = level == 1 ? pcode : parent, .kind = level == 1 ? CM_PLACE_PROVINCE : CM_PLACE_DISTRICT,
        .lat = r->lat, .lon = r->lon, .geo_precision = r->gprec, .actor = s1, .opponent = s2, .action = act,
        .controller = controller_of(im, tr, r, s1, s2), .date = r->date, .date_precision = r->tprec,
        .date_off = nl + 1, .date_len = dl, .date_source = "acled",
        .asserted_by = *r->v[C_SOURCE] ? r->v[C_SOURCE] : "ACLED",
        .confidence = 0.9 * (r->gprec == 2 ? 0.85 : 1) * (r->tprec == 2 ? 0.95 : r->tprec == 3 ? 0.9 : 1)};
    cm_claim_doc cd = {.doc_id = r->v[C_ID], .published = CM_DAY_NONE, .lang = "en", .text = text};
    cm_buf_clear(&im->line);
    st = cm_claim_json(&im->line, &cd, &c);
    if (!st) st = put_extras(&im->line, r);
    if (st) return cm_fail(im->ctx, st, "out of memory");
    if (fwrite(im->line.p, 1, im->line.n, im->out) != im->line.n)
        return cm_fail(im->ctx, CM_IO, "%s: write error", im->path);
    im->s->claims++;
    im->s->painting += c.controller != NULL;
    return CM_OK;
}

/* Finds the columns by name; CM_PARSE naming the first required one missing. */
static cm_status read_header(importer *im, const cm_csv_row *h, int col[C_N])
{
    for (int c = 0; c < C_N; c++) {
        col[c] = -1;
        for (size_t i = 0; i < h->nf && col[c] < 0; i++) {
            cm_str f = cm_str_trim((cm_str){h->f[i], h->len[i]});
            if (cm_str_ieq_c(f, col_names[c])) col[c] = (int)i;
        }
        if (col[c] < 0 && col_required[c])
            return cm_fail(im->ctx, CM_PARSE, "%s:%zu: no column '%s' in the header (is this an ACLED export?)",
                           im->path, h->line, col_names[c]);
    }
    return CM_OK;
}

/* A malformed row: named (up to NAMED_MAX) and skipped, or the import's failure under strict. */
static cm_status bad_row(importer *im, size_t lineno, const char *why)
{
    if (im->o->strict) return cm_fail(im->ctx, CM_PARSE, "%s:%zu: %s (--strict)", im->path, lineno, why);
    if (im->s->bad++ < NAMED_MAX) cm_diag(im->ctx, "%s:%zu: %s: row skipped", im->path, lineno, why);
    return CM_OK;
}

static cm_status import_rows(importer *im, cm_csv *csv)
{
    cm_csv_row rec;
    bool got;
    cm_status st = cm_csv_next(csv, im->a, &rec, &got);
    if (st == CM_PARSE) return cm_fail(im->ctx, st, "%s:%zu: header: %s", im->path, rec.err_line, rec.err);
    if (st) return cm_fail(im->ctx, st, "out of memory");
    if (!got) return cm_fail(im->ctx, CM_PARSE, "%s: empty: no header line", im->path);
    int col[C_N];
    size_t ncols = rec.nf;
    if ((st = read_header(im, &rec, col))) return st;
    char why[160];
    for (;;) {
        cm_arena_reset(im->a);
        st = cm_csv_next(csv, im->a, &rec, &got);
        if (st == CM_NOMEM) return cm_fail(im->ctx, st, "out of memory");
        if (!st && !got) return CM_OK;
        im->s->rows++;
        acled_row r;
        const char *bad = st == CM_PARSE ? rec.err : read_row(&rec, col, ncols, &r, why, sizeof why);
        if (bad) st = bad_row(im, st == CM_PARSE ? rec.err_line : rec.line, bad);
        else st = claim_row(im, &r, rec.line);
        if (st) return st;
    }
}

cm_status cm_acled_import(cm_ctx *ctx, const char *path, const cm_acled_in_opts *o, FILE *out,
                          cm_acled_stats *stats)
{
    memset(stats, 0, sizeof *stats);
    importer im = {.ctx = ctx, .path = path, .o = o, .out = out, .s = stats};
    cm_buf b = {0};
    cm_status st = cm_file_read(ctx, path, 0, &b);
    if (!st && (!(im.a = cm_arena_new()) || !(im.keep = cm_arena_new()))) st = cm_fail(ctx, CM_NOMEM, "out of memory");
    if (!st) {
        cm_csv csv;
        cm_csv_init(&csv, b.p ? b.p : "", b.n);
        st = import_rows(&im, &csv);
    }
    if (!st && stats->bad > NAMED_MAX)
        cm_log(ctx, CM_LOG_WARN, "%s: %zu more bad rows skipped, not named", path, stats->bad - NAMED_MAX);
    if (!st && stats->outside > NAMED_MAX)
        cm_log(ctx, CM_LOG_WARN, "%s: %zu more rows outside the boundaries, not named", path, stats->outside - NAMED_MAX);
    cm_buf_free(&im.line);
    cm_arena_free(im.a);
    cm_arena_free(im.keep);
    cm_buf_free(&b);
    return st;
}
