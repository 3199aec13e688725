/* timeline: facts grouped per unit (sorted by pcode), queried by walking a
 * district's chain of parents (the caller's cm_parent_fn). libc only. */
#define _POSIX_C_SOURCE 200809L
#include "model/timeline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/file.h"
#include "core/json.h"
#include "core/str.h"

typedef struct {
    char *pcode;           /* owned */
    cm_tl_fact *facts;     /* owned array, sorted by from ascending */
    size_t n, cap;
} unit;

struct cm_timeline {
    unit *units;           /* sorted by pcode */
    size_t n, cap;
    size_t nfacts;
    cm_arena *strings;     /* copies of sources and claim ids */
    const cm_profile *profile;
    cm_parent_fn parent;   /* the hierarchy; NULL: every unit stands alone */
    void *parent_ud;
};

/* The longest code the loaders take, and the deepest chain of parents. */
#define CODE_MAX 63
#define CHAIN_MAX 8

/* Whether c may decide a unit: a ground side of the profile, or contested. */
static bool is_controller(const cm_timeline *tl, cm_controller c)
{
    return c == CM_CTRL_CONTESTED || cm_profile_ctrl_ground(tl->profile, c);
}

/* The controller named by v (trimmed, case-insensitive); CM_CTRL_NONE when
 * it names none of the profile's controllers. */
static cm_controller parse_ctrl(const cm_timeline *tl, cm_str v)
{
    v = cm_str_trim(v);
    if (v.n == 0) return CM_CTRL_NONE;
    cm_controller c = cm_profile_ctrl_parse(tl->profile, v.p, v.n);
    return is_controller(tl, c) ? c : CM_CTRL_NONE;
}

cm_timeline *cm_timeline_new(const cm_profile *p)
{
    cm_timeline *tl = calloc(1, sizeof *tl);
    if (!tl) return NULL;
    tl->profile = p;
    tl->strings = cm_arena_new();
    if (!tl->strings) {
        free(tl);
        return NULL;
    }
    return tl;
}

void cm_timeline_free(cm_timeline *tl)
{
    if (!tl) return;
    for (size_t i = 0; i < tl->n; i++) {
        free(tl->units[i].pcode);
        free(tl->units[i].facts);
    }
    free(tl->units);
    cm_arena_free(tl->strings);
    free(tl);
}

size_t cm_timeline_count(const cm_timeline *tl) { return tl->nfacts; }
const cm_profile *cm_timeline_profile(const cm_timeline *tl) { return tl->profile; }

void cm_timeline_set_parents(cm_timeline *tl, cm_parent_fn parent, void *ud)
{
    tl->parent = parent;
    tl->parent_ud = ud;
}

/* Index of pcode in tl->units, or where it would go (*found = false). */
static size_t find_unit(const cm_timeline *tl, const char *pcode, bool *found)
{
    size_t lo = 0, hi = tl->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(tl->units[mid].pcode, pcode);
        if (c == 0) {
            *found = true;
            return mid;
        }
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    *found = false;
    return lo;
}

/* A unit code: 1..CODE_MAX letters, digits, '-', '_' or '.' ("AF0907",
 * "UA-32"). What it means is the boundaries' business, not its shape. */
static bool valid_pcode(const char *p)
{
    size_t n = strlen(p);
    if (n < 1 || n > CODE_MAX) return false;
    for (size_t i = 0; i < n; i++) {
        char c = p[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
              c == '_' || c == '.'))
            return false;
    }
    return true;
}

cm_status cm_timeline_add(cm_timeline *tl, cm_ctx *ctx, const cm_tl_fact *f)
{
    if (!f->pcode || !valid_pcode(f->pcode))
        return cm_fail(ctx, CM_RANGE, "malformed pcode '%s'", f->pcode ? f->pcode : "");
    if (!f->report_only && !is_controller(tl, f->ctrl))
        return cm_fail(ctx, CM_RANGE, "%s: a fact needs a controller", f->pcode);
    if (f->from == CM_DAY_NONE) return cm_fail(ctx, CM_RANGE, "%s: a fact needs a start date", f->pcode);
    if (f->to != CM_DAY_NONE && f->to < f->from)
        return cm_fail(ctx, CM_RANGE, "%s: valid_to is before valid_from", f->pcode);
    bool found;
    size_t i = find_unit(tl, f->pcode, &found);
    if (!found) {
        if (tl->n == tl->cap) {
            size_t cap = tl->cap ? tl->cap * 2 : 64;
            unit *u = realloc(tl->units, cap * sizeof *u);
            if (!u) return cm_fail(ctx, CM_NOMEM, "out of memory");
            tl->units = u;
            tl->cap = cap;
        }
        char *p = strdup(f->pcode);
        if (!p) return cm_fail(ctx, CM_NOMEM, "out of memory");
        memmove(&tl->units[i + 1], &tl->units[i], (tl->n - i) * sizeof *tl->units);
        tl->units[i] = (unit){.pcode = p};
        tl->n++;
    }
    unit *u = &tl->units[i];
    if (u->n == u->cap) {
        size_t cap = u->cap ? u->cap * 2 : 4;
        cm_tl_fact *nf = realloc(u->facts, cap * sizeof *nf);
        if (!nf) return cm_fail(ctx, CM_NOMEM, "out of memory");
        u->facts = nf;
        u->cap = cap;
    }
    cm_tl_fact c = *f;
    c.pcode = u->pcode;
    if (f->source && !(c.source = cm_arena_strdup(tl->strings, f->source)))
        return cm_fail(ctx, CM_NOMEM, "out of memory");
    if (f->claim_id && !(c.claim_id = cm_arena_strdup(tl->strings, f->claim_id)))
        return cm_fail(ctx, CM_NOMEM, "out of memory");
    /* Keep facts ordered by start day; equal days keep insertion order. */
    size_t k = u->n;
    while (k > 0 && u->facts[k - 1].from > c.from) k--;
    memmove(&u->facts[k + 1], &u->facts[k], (u->n - k) * sizeof *u->facts);
    u->facts[k] = c;
    u->n++;
    tl->nfacts++;
    return CM_OK;
}

static const unit *get_unit(const cm_timeline *tl, const char *pcode)
{
    bool found;
    size_t i = find_unit(tl, pcode, &found);
    return found ? &tl->units[i] : NULL;
}

static bool in_force(const cm_tl_fact *f, cm_day day)
{
    return !f->report_only && f->from <= day && (f->to == CM_DAY_NONE || f->to >= day);
}

static bool seen_source(const char *const *seen, int n, const char *s)
{
    for (int i = 0; i < n; i++)
        if ((seen[i] == NULL) == (s == NULL) && (!s || !strcmp(seen[i], s))) return true;
    return false;
}

/* Facts from claims weaker than this describe a larger unit but do not reach
 * the districts inside it (a hedged province claim paints nothing). */
#define REACH_MIN_CONFIDENCE 0.5

/* The codes from pcode up to the top of the hierarchy: codes[0] is pcode.
 * Stops at CHAIN_MAX levels and at a code seen before (a cycle in bad data).
 * Returns the length. */
static int codes_of(const cm_timeline *tl, const char *pcode, const char *codes[CHAIN_MAX])
{
    int n = 0;
    for (const char *cur = pcode; cur && *cur && n < CHAIN_MAX;) {
        for (int k = 0; k < n; k++)
            if (!strcmp(codes[k], cur)) return n;
        codes[n++] = cur;
        cur = tl->parent ? tl->parent(tl->parent_ud, cur) : NULL;
    }
    return n;
}

/* The chain of units from pcode up to the top: chain[0] is the unit itself;
 * NULL where a level has no facts. Returns its length. */
static int chain_of(const cm_timeline *tl, const char *pcode, const unit *chain[CHAIN_MAX])
{
    const char *codes[CHAIN_MAX];
    int n = codes_of(tl, pcode, codes);
    for (int i = 0; i < n; i++) chain[i] = get_unit(tl, codes[i]);
    return n;
}

/* Does fact f, on the unit chain[level] above the queried one, reach it? Only
 * evidence about a unit repaints it:
 *  - a hedged or weak claim (confidence under REACH_MIN_CONFIDENCE) on a
 *    larger unit stays on that unit;
 *  - fighting on a larger unit (contested) reaches only units with no
 *    evidence of their own, nor on any unit between;
 *  - a side's claim on a larger unit does not reach a unit that smaller-unit
 *    evidence shows that same side taking only later: it had not yet.
 * A state file's rows (no source) are the user's word and always reach,
 * subject to the last rule. */
static bool reaches(const unit *const *chain, int level, const cm_tl_fact *f)
{
    if (f->source && (f->hedged || f->confidence < REACH_MIN_CONFIDENCE)) return false;
    for (int l = 0; l < level; l++) {
        const unit *u = chain[l];
        for (size_t i = 0; u && i < u->n; i++) {
            const cm_tl_fact *g = &u->facts[i];
            if (g->report_only) continue;
            if (f->ctrl == CM_CTRL_CONTESTED) return false;
            if (g->ctrl == f->ctrl && g->from > f->from) return false;
        }
    }
    return true;
}

cm_controller cm_timeline_at(const cm_timeline *tl, const char *pcode, cm_day day, cm_tl_state *out)
{
    cm_tl_state st = {CM_CTRL_NONE, CM_DAY_NONE, NULL, CM_DAY_NONE, 0, 0};
    const unit *chain[CHAIN_MAX];
    int nchain = chain_of(tl, pcode, chain);
    const unit *best_u = NULL;
    cm_day best_from = CM_DAY_NONE;
    int best_level = 99;
    /* The newest fact in force that reaches the unit decides; on the same
     * date the smaller unit wins. */
    for (int l = 0; l < nchain; l++) {
        const unit *u = chain[l];
        for (size_t i = 0; u && i < u->n; i++) {
            const cm_tl_fact *f = &u->facts[i];
            if (f->from > day) break;
            if (st.last_report == CM_DAY_NONE || f->from > st.last_report) st.last_report = f->from;
            if (!in_force(f, day) || (l > 0 && !reaches(chain, l, f))) continue;
            if (f->from > best_from || (f->from == best_from && l < best_level)) {
                best_from = f->from;
                best_level = l;
                best_u = u;
            }
        }
    }
    if (best_u) {
        /* All facts on the deciding unit and day: agreement decides, a
         * disagreement makes the unit contested. */
        cm_controller c = CM_CTRL_NONE;
        for (size_t i = 0; i < best_u->n; i++) {
            const cm_tl_fact *f = &best_u->facts[i];
            if (f->from != best_from || !in_force(f, day)) continue;
            if (best_level > 0 && !reaches(chain, best_level, f)) continue;
            if (c == CM_CTRL_NONE) c = f->ctrl;
            else if (c != f->ctrl) c = CM_CTRL_CONTESTED;
            if (f->confidence > st.confidence) st.confidence = f->confidence;
        }
        st.ctrl = c;
        st.since = best_from;
        st.decided_by = best_u->pcode;
        /* Independent sources: distinct sources of the facts in force on the
         * deciding unit that agree with the result, back to the first one
         * that disagrees. */
        const char *seen[64];
        int nseen = 0;
        for (size_t i = best_u->n; i-- > 0;) {
            const cm_tl_fact *f = &best_u->facts[i];
            if (!in_force(f, day)) continue;
            if (f->ctrl != c && !(c == CM_CTRL_CONTESTED && f->from == best_from)) break;
            if (!seen_source(seen, nseen, f->source) && nseen < 64) seen[nseen++] = f->source;
        }
        st.nsources = nseen;
    }
    if (out) *out = st;
    return st.ctrl;
}

bool cm_timeline_span(const cm_timeline *tl, cm_day *first, cm_day *last)
{
    bool any = false;
    for (size_t i = 0; i < tl->n; i++)
        for (size_t k = 0; k < tl->units[i].n; k++) {
            cm_day d = tl->units[i].facts[k].from;
            if (!any || d < *first) *first = d;
            if (!any || d > *last) *last = d;
            any = true;
        }
    return any;
}

/* ---- periods ----------------------------------------------------------- */

static int cmp_day(const void *a, const void *b)
{
    cm_day x = *(const cm_day *)a, y = *(const cm_day *)b;
    return (x > y) - (x < y);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static cm_status push_str(const char ***arr, size_t *n, const char *s)
{
    if (!s) return CM_OK;
    for (size_t i = 0; i < *n; i++)
        if (!strcmp((*arr)[i], s)) return CM_OK;
    const char **a = realloc(*arr, (*n + 1) * sizeof *a);
    if (!a) return CM_NOMEM;
    a[(*n)++] = s;
    *arr = a;
    return CM_OK;
}

void cm_tl_periods_free(cm_tl_period *p, size_t n)
{
    if (!p) return;
    for (size_t i = 0; i < n; i++) {
        free(p[i].claims);
        free(p[i].sources);
    }
    free(p);
}

cm_status cm_timeline_periods(const cm_timeline *tl, cm_ctx *ctx, const char *pcode, cm_tl_period **out,
                              size_t *n)
{
    *out = NULL;
    *n = 0;
    /* The state can only change on a day some fact on the unit's chain starts,
     * or the day after one ends. */
    cm_day *days = NULL;
    size_t nd = 0, cap = 0;
    cm_tl_period *ps = NULL;
    size_t np = 0, pcap = 0;
    cm_status st = CM_OK;
    const unit *chain[CHAIN_MAX];
    int nchain = chain_of(tl, pcode, chain);
    for (int l = 0; l < nchain; l++) {
        const unit *u = chain[l];
        for (size_t i = 0; u && i < u->n; i++) {
            if (nd + 2 > cap) {
                cap = cap ? cap * 2 : 32;
                cm_day *d = realloc(days, cap * sizeof *d);
                if (!d) goto nomem;
                days = d;
            }
            days[nd++] = u->facts[i].from;
            if (u->facts[i].to != CM_DAY_NONE) days[nd++] = u->facts[i].to + 1;
        }
    }
    if (nd) qsort(days, nd, sizeof *days, cmp_day);
    for (size_t i = 0; i < nd; i++) {
        if (i && days[i] == days[i - 1]) continue;
        cm_tl_state s;
        cm_timeline_at(tl, pcode, days[i], &s);
        cm_tl_period *last = np ? &ps[np - 1] : NULL;
        if (last && last->to == CM_DAY_NONE && last->ctrl == s.ctrl) {
            last->last_report = s.last_report;
        } else {
            if (last && last->to == CM_DAY_NONE) last->to = days[i] - 1;
            if (s.ctrl == CM_CTRL_NONE) continue;
            if (np == pcap) {
                pcap = pcap ? pcap * 2 : 8;
                cm_tl_period *p = realloc(ps, pcap * sizeof *p);
                if (!p) goto nomem;
                ps = p;
            }
            last = &ps[np++];
            *last = (cm_tl_period){.ctrl = s.ctrl, .from = days[i], .to = CM_DAY_NONE,
                                   .decided_by = s.decided_by, .last_report = s.last_report};
        }
        if (s.confidence > last->confidence) last->confidence = s.confidence;
        /* The facts that decided this day back the period. */
        const unit *u = get_unit(tl, s.decided_by);
        for (size_t k = 0; u && k < u->n; k++) {
            const cm_tl_fact *f = &u->facts[k];
            if (f->from != s.since || !in_force(f, days[i])) continue;
            if (push_str(&last->claims, &last->nclaims, f->claim_id) ||
                push_str(&last->sources, &last->nsources, f->source))
                goto nomem;
        }
    }
    /* Sorted, so the layers do not depend on the order claims came in (a
     * corpus split across processes merges in any order). */
    for (size_t k = 0; k < np; k++) {
        if (ps[k].nclaims > 1) qsort(ps[k].claims, ps[k].nclaims, sizeof *ps[k].claims, cmp_str);
        if (ps[k].nsources > 1) qsort(ps[k].sources, ps[k].nsources, sizeof *ps[k].sources, cmp_str);
    }
    *out = ps;
    *n = np;
    free(days);
    return CM_OK;
nomem:
    st = cm_fail(ctx, CM_NOMEM, "out of memory");
    free(days);
    cm_tl_periods_free(ps, np);
    return st;
}

/* ---- loaders ----------------------------------------------------------- */

static cm_status parse_day_field(cm_ctx *ctx, const char *path, size_t line, const char *what, cm_str v,
                                 bool optional, cm_day *out)
{
    v = cm_str_trim(v);
    if (v.n >= 2 && v.p[0] == '"' && v.p[v.n - 1] == '"') v.p++, v.n -= 2;
    if (v.n == 0 || cm_str_eq_c(v, "null")) {
        if (optional) {
            *out = CM_DAY_NONE;
            return CM_OK;
        }
        return cm_fail(ctx, CM_PARSE, "%s:%zu: missing %s", path, line, what);
    }
    if (!cm_day_parse(v.p, v.n, out))
        return cm_fail(ctx, CM_PARSE, "%s:%zu: malformed %s '%.*s' (want YYYY-MM-DD)", path, line, what,
                       (int)(v.n > 40 ? 40 : v.n), v.p);
    return CM_OK;
}

/* "taliban, government, resistance, contested": the ground sides and
 * contested, for messages. */
static void controller_list(const cm_profile *p, char *out, size_t size)
{
    size_t k = 0;
    for (size_t i = 0; i < cm_profile_side_count(p); i++) {
        const cm_profile_side *s = cm_profile_side_at(p, i);
        if (s->ground && k < size) k += (size_t)snprintf(out + k, size - k, "%s, ", s->id);
    }
    if (k < size) snprintf(out + k, size - k, "contested");
}

static cm_status add_state_row(cm_timeline *tl, cm_ctx *ctx, const char *path, size_t line, cm_str pcode,
                               cm_str ctrl, cm_str from, cm_str to, cm_pcode_known_fn known, void *ud)
{
    cm_tl_fact f = {0};
    char pc[CODE_MAX + 1];
    pcode = cm_str_trim(pcode);
    if (pcode.n >= 2 && pcode.p[0] == '"' && pcode.p[pcode.n - 1] == '"') pcode.p++, pcode.n -= 2;
    if (pcode.n == 0 || pcode.n >= sizeof pc)
        return cm_fail(ctx, CM_PARSE, "%s:%zu: malformed pcode '%.*s'", path, line, (int)(pcode.n > 40 ? 40 : pcode.n),
                       pcode.p);
    memcpy(pc, pcode.p, pcode.n);
    pc[pcode.n] = 0;
    if (!valid_pcode(pc) || (known && !known(pc, ud)))
        return cm_fail(ctx, CM_NOTFOUND, "%s:%zu: unknown pcode '%s'", path, line, pc);
    ctrl = cm_str_trim(ctrl);
    if (ctrl.n >= 2 && ctrl.p[0] == '"' && ctrl.p[ctrl.n - 1] == '"') ctrl.p++, ctrl.n -= 2;
    if ((f.ctrl = parse_ctrl(tl, ctrl)) == CM_CTRL_NONE) {
        char one_of[CM_SIDES_MAX * 34 + 16] = "";
        controller_list(tl->profile, one_of, sizeof one_of);
        return cm_fail(ctx, CM_PARSE, "%s:%zu: unknown controller '%.*s' (one of %s)", path, line,
                       (int)(ctrl.n > 40 ? 40 : ctrl.n), ctrl.p, one_of);
    }
    cm_status st = parse_day_field(ctx, path, line, "valid_from", from, false, &f.from);
    if (!st) st = parse_day_field(ctx, path, line, "valid_to", to, true, &f.to);
    if (st) return st;
    if (f.to != CM_DAY_NONE && f.to < f.from)
        return cm_fail(ctx, CM_PARSE, "%s:%zu: valid_to is before valid_from", path, line);
    f.pcode = pc;
    f.confidence = 1.0;
    st = cm_timeline_add(tl, ctx, &f);
    return st;
}

/* Calls fn for each line of b (without its end, CR stripped) with its number. */
typedef cm_status (*line_fn)(void *ud, size_t lineno, cm_str line);

static cm_status each_line(cm_str b, line_fn fn, void *ud)
{
    size_t i = 0, lineno = 0;
    while (i < b.n) {
        const char *nl = memchr(b.p + i, '\n', b.n - i);
        size_t end = nl ? (size_t)(nl - b.p) : b.n;
        cm_str line = {b.p + i, end - i};
        if (line.n && line.p[line.n - 1] == '\r') line.n--;
        lineno++;
        cm_status st = fn(ud, lineno, line);
        if (st) return st;
        i = end + 1;
    }
    return CM_OK;
}

typedef struct {
    cm_timeline *tl;
    cm_ctx *ctx;
    const char *path;
    cm_pcode_known_fn known;
    void *ud;
    cm_arena *a;
    size_t nrows;
} state_rd;

static cm_status state_line(void *p, size_t lineno, cm_str line)
{
    state_rd *r = p;
    cm_str t = cm_str_trim(line);
    if (lineno == 1 && t.n >= 3 && !memcmp(t.p, "\xEF\xBB\xBF", 3)) t.p += 3, t.n -= 3; /* BOM */
    if (t.n == 0 || t.p[0] == '#') return CM_OK;
    size_t bad = cm_utf8_check(t.p, t.n);
    if (bad != t.n) return cm_fail(r->ctx, CM_PARSE, "%s:%zu: invalid UTF-8 at byte %zu of the line", r->path, lineno, bad + 1);
    r->nrows++;
    if (t.p[0] == '{') {
        cm_json_obj o;
        size_t off = 0;
        cm_status st = cm_json_parse_object(t.p, t.n, r->a, &o, &off);
        if (st == CM_NOMEM) return cm_fail(r->ctx, CM_NOMEM, "out of memory");
        if (st) return cm_fail(r->ctx, CM_PARSE, "%s:%zu: malformed JSON at column %zu", r->path, lineno, off + 1);
        const char *pc = cm_json_get_str(&o, "pcode"), *c = cm_json_get_str(&o, "controller");
        const char *from = cm_json_get_str(&o, "valid_from"), *to = cm_json_get_str(&o, "valid_to");
        if (!pc) return cm_fail(r->ctx, CM_PARSE, "%s:%zu: no \"pcode\" string", r->path, lineno);
        if (!c) return cm_fail(r->ctx, CM_PARSE, "%s:%zu: no \"controller\" string", r->path, lineno);
        st = add_state_row(r->tl, r->ctx, r->path, lineno, cm_str_c(pc), cm_str_c(c), cm_str_c(from),
                           cm_str_c(to), r->known, r->ud);
        cm_arena_reset(r->a);
        return st;
    }
    cm_str f[4] = {{0}};
    int nf = 0;
    size_t s = 0;
    for (size_t i = 0; i <= t.n; i++) {
        if (i == t.n || t.p[i] == ',') {
            if (nf == 4) return cm_fail(r->ctx, CM_PARSE, "%s:%zu: more than 4 fields", r->path, lineno);
            f[nf++] = (cm_str){t.p + s, i - s};
            s = i + 1;
        }
    }
    if (r->nrows == 1 && cm_str_ieq_c(cm_str_trim(f[0]), "pcode")) return CM_OK; /* header */
    if (nf < 3)
        return cm_fail(r->ctx, CM_PARSE, "%s:%zu: want pcode,controller,valid_from[,valid_to]", r->path, lineno);
    return add_state_row(r->tl, r->ctx, r->path, lineno, f[0], f[1], f[2], f[3], r->known, r->ud);
}

cm_status cm_timeline_load_state(cm_timeline *tl, cm_ctx *ctx, const char *path, cm_pcode_known_fn known,
                                 void *ud)
{
    cm_buf b = {0};
    cm_status st = cm_file_read(ctx, path, 256u << 20, &b);
    if (st) goto done;
    if (memchr(b.p, 0, b.n)) {
        st = cm_fail(ctx, CM_PARSE, "%s:%zu: NUL byte: not a text file", path,
                     (size_t)((const char *)memchr(b.p, 0, b.n) - b.p));
        goto done;
    }
    state_rd r = {tl, ctx, path, known, ud, cm_arena_new(), 0};
    if (!r.a) {
        st = cm_fail(ctx, CM_NOMEM, "out of memory");
        goto done;
    }
    st = each_line((cm_str){b.p, b.n}, state_line, &r);
    cm_arena_free(r.a);
    if (!st && r.nrows == 0) st = cm_fail(ctx, CM_PARSE, "%s: no state rows", path);
done:
    cm_buf_free(&b);
    return st;
}

typedef struct {
    cm_timeline *tl;
    cm_ctx *ctx;
    const char *path;
    cm_arena *a;
} events_rd;

static cm_status event_line(void *p, size_t lineno, cm_str line)
{
    events_rd *r = p;
    cm_str t = cm_str_trim(line);
    if (t.n == 0) return CM_OK;
    cm_json_obj o;
    size_t off = 0;
    cm_arena_reset(r->a);
    cm_status st = cm_json_parse_object(t.p, t.n, r->a, &o, &off);
    if (st == CM_NOMEM) return cm_fail(r->ctx, CM_NOMEM, "out of memory");
    if (st) return cm_fail(r->ctx, CM_PARSE, "%s:%zu: malformed JSON at column %zu", r->path, lineno, off + 1);
    const char *pc = cm_json_get_str(&o, "pcode"), *date = cm_json_get_str(&o, "date");
    const cm_json_member *neg = cm_json_get(&o, "negated"), *hedge = cm_json_get(&o, "hedged");
    if (!pc || !*pc || !valid_pcode(pc)) return CM_OK; /* foreign or unresolved: not on the map */
    if (!date) {
        cm_diag(r->ctx, "%s:%zu: claim without a date, skipped", r->path, lineno);
        return CM_OK;
    }
    cm_tl_fact f = {.pcode = pc, .to = CM_DAY_NONE, .confidence = 0.5};
    size_t dn = strlen(date);
    int y, m;
    if (!cm_day_parse(date, dn, &f.from)) {
        /* Month precision may be written YYYY-MM. */
        if (!(dn == 7 && sscanf(date, "%4d-%2d", &y, &m) == 2 && cm_day_from_ymd(y, m, 1, &f.from)))
            return cm_fail(r->ctx, CM_PARSE, "%s:%zu: malformed date '%s'", r->path, lineno, date);
    }
    f.source = cm_json_get_str(&o, "doc");
    f.claim_id = cm_json_get_str(&o, "id");
    cm_json_get_num(&o, "confidence", &f.confidence);
    const char *c = cm_json_get_str(&o, "controller");
    if (neg && neg->kind == CM_JSON_BOOL && neg->num) c = NULL; /* "did not take": no change */
    f.hedged = hedge && hedge->kind == CM_JSON_BOOL && hedge->num;
    if (!c || (f.ctrl = parse_ctrl(r->tl, cm_str_c(c))) == CM_CTRL_NONE) f.report_only = true;
    return cm_timeline_add(r->tl, r->ctx, &f);
}

cm_status cm_timeline_add_events(cm_timeline *tl, cm_ctx *ctx, const char *name, const char *p, size_t n)
{
    events_rd r = {tl, ctx, name, cm_arena_new()};
    if (!r.a) return cm_fail(ctx, CM_NOMEM, "out of memory");
    cm_status st = each_line((cm_str){p, n}, event_line, &r);
    cm_arena_free(r.a);
    return st;
}

cm_status cm_timeline_load_events(cm_timeline *tl, cm_ctx *ctx, const char *path)
{
    cm_buf b = {0};
    cm_status st = cm_file_read(ctx, path, 0, &b);
    if (!st) st = cm_timeline_add_events(tl, ctx, path, b.p, b.n);
    cm_buf_free(&b);
    return st;
}
