/* profile: the parser of profile.tsv and the questions the code asks of it
 * (profile.h; the format is docs/profiles.md). */
#include "core/profile.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "core/arena.h"
#include "core/file.h"
#include "core/str.h"

#define PROFILE_MAX_BYTES (1u << 20)
#define MAX_FIELDS 24
#define MAX_WORDS 32

struct cm_profile {
    cm_arena *a;
    const char *name, *dir, *path, *data_dir;
    const char *country, *country_name;
    const char *boundaries, *countries, *geonames, *exonyms, *acled, *gazetteer, *context;
    const char *crs, *title, *subtitle, *attribution;
    double view[4];
    bool have_view;
    cm_profile_layer layer[CM_ROLE_COUNT];
    cm_profile_side side[CM_SIDES_MAX];
    size_t nsides;
    const char *words_lang[MAX_WORDS], *words_path[MAX_WORDS];
    size_t nwords;
    uint64_t hash;
};

typedef struct {
    cm_ctx *ctx;
    cm_profile *p;
    const char *file; /* for messages */
    size_t line;
} parser;

#define BAD(ps, ...) bad_line(ps, __VA_ARGS__)

static cm_status bad_line(parser *ps, const char *fmt, ...) CM_PRINTF(2, 3);
static cm_status bad_line(parser *ps, const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return cm_fail(ps->ctx, CM_PARSE, "%s:%zu: %s", ps->file, ps->line, msg);
}

static const char *dup(parser *ps, const char *s) { return cm_arena_strdup(ps->p->a, s); }

/* A path of the profile: "@data/x" under the data folder, absolute as is,
 * else under the profile's folder. */
static const char *path_of(parser *ps, const char *v)
{
    const cm_profile *p = ps->p;
    char buf[4096];
    if (!strncmp(v, "@data/", 6)) snprintf(buf, sizeof buf, "%s/%s", p->data_dir, v + 6);
    else if (v[0] == '/') snprintf(buf, sizeof buf, "%s", v);
    else snprintf(buf, sizeof buf, "%s/%s", p->dir, v);
    return dup(ps, buf);
}

static bool parse_colour(const char *s, uint32_t *out)
{
    size_t n = strlen(s);
    if (s[0] != '#' || (n != 7 && n != 9)) return false;
    uint32_t v = 0;
    for (size_t i = 1; i < n; i++) {
        char c = s[i];
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (d < 0) return false;
        v = v << 4 | (uint32_t)d;
    }
    *out = n == 7 ? v << 8 | 0xff : v;
    return true;
}

static bool valid_id(const char *s)
{
    if (!*s || strlen(s) > 31) return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_' || *s == '-')) return false;
    return true;
}

static cm_status parse_side(parser *ps, char **f, size_t nf)
{
    cm_profile *p = ps->p;
    if (nf != 5) return BAD(ps, "side wants ID COLOUR ground|state|no-ground LABEL");
    if (!valid_id(f[1])) return BAD(ps, "side id '%s': lower-case letters, digits, '-' or '_'", f[1]);
    if (!strcmp(f[1], "contested") || !strcmp(f[1], "none")) return BAD(ps, "side id '%s' is reserved", f[1]);
    for (size_t i = 0; i < p->nsides; i++)
        if (!strcmp(p->side[i].id, f[1])) return BAD(ps, "side '%s' named twice", f[1]);
    if (p->nsides == CM_SIDES_MAX)
        return cm_fail(ps->ctx, CM_RANGE, "%s:%zu: more than %d sides", ps->file, ps->line, CM_SIDES_MAX);
    cm_profile_side *s = &p->side[p->nsides];
    if (!parse_colour(f[2], &s->rgba)) return BAD(ps, "colour '%s': #rrggbb or #rrggbbaa", f[2]);
    if (strcmp(f[3], "ground") && strcmp(f[3], "no-ground") && strcmp(f[3], "state"))
        return BAD(ps, "'%s': ground, state or no-ground", f[3]);
    s->ground = strcmp(f[3], "no-ground") != 0;
    s->state = !strcmp(f[3], "state");
    if (!(s->id = dup(ps, f[1])) || !(s->label_en = dup(ps, f[4]))) return CM_NOMEM;
    p->nsides++;
    return CM_OK;
}

static cm_status layer_key(parser *ps, cm_profile_layer *l, const char *k, const char *v)
{
    const char **slot = !strcmp(k, "layer") ? &l->layer : !strcmp(k, "code") ? &l->code
                        : !strcmp(k, "parent") ? &l->parent : !strcmp(k, "noun") ? &l->noun : NULL;
    if (slot) return (*slot = dup(ps, v)) ? CM_OK : CM_NOMEM;
    if (!strcmp(k, "towns")) {
        if (strcmp(v, "unit") && strcmp(v, "point")) return BAD(ps, "towns=%s: unit or point", v);
        l->towns_point = !strcmp(v, "point");
        return CM_OK;
    }
    bool name = !strncmp(k, "name.", 5), alt = !strncmp(k, "alt.", 4);
    if (!name && !alt) return BAD(ps, "unknown layer key '%s'", k);
    const char *lang = k + (name ? 5 : 4);
    if (!*lang) return BAD(ps, "'%s' wants a language: name.en=FIELD", k);
    size_t *n = name ? &l->nnames : &l->nalts;
    if (*n == CM_PROFILE_LANGS_MAX) return BAD(ps, "more than %d %s fields", CM_PROFILE_LANGS_MAX, name ? "name" : "alt");
    const char **langs = name ? l->name_lang : l->alt_lang, **fields = name ? l->name_field : l->alt_field;
    if (!(langs[*n] = dup(ps, lang)) || !(fields[*n] = dup(ps, v))) return CM_NOMEM;
    (*n)++;
    return CM_OK;
}

static cm_status parse_layer(parser *ps, char **f, size_t nf)
{
    static const char *const roles[CM_ROLE_COUNT] = {"country", "region", "unit"};
    if (nf < 3) return BAD(ps, "layer wants ROLE MATCH KEY=VALUE...");
    int r = -1;
    for (int i = 0; i < CM_ROLE_COUNT; i++)
        if (!strcmp(f[1], roles[i])) r = i;
    if (r < 0) return BAD(ps, "layer role '%s': country, region or unit", f[1]);
    cm_profile_layer *l = &ps->p->layer[r];
    if (l->present) return BAD(ps, "layer %s named twice", f[1]);
    *l = (cm_profile_layer){.present = true, .layer = "", .code = "", .parent = "", .noun = roles[r]};
    if (!(l->match = dup(ps, f[2]))) return CM_NOMEM;
    for (size_t i = 3; i < nf; i++) {
        char *eq = strchr(f[i], '=');
        if (!eq || eq == f[i] || !eq[1]) return BAD(ps, "'%s': KEY=VALUE", f[i]);
        *eq = 0;
        cm_status st = layer_key(ps, l, f[i], eq + 1);
        if (st) return st;
    }
    if (r != CM_ROLE_COUNTRY && !l->code[0]) return BAD(ps, "layer %s wants code=FIELD", f[1]);
    if (!l->nnames) return BAD(ps, "layer %s wants a name field: name.en=FIELD", f[1]);
    return CM_OK;
}

static cm_status parse_view(parser *ps, char **f, size_t nf)
{
    if (nf != 5) return BAD(ps, "view wants MINLON MINLAT MAXLON MAXLAT");
    for (int i = 0; i < 4; i++) {
        char *end;
        ps->p->view[i] = strtod(f[i + 1], &end);
        if (end == f[i + 1] || *end) return BAD(ps, "view: '%s' is not a number", f[i + 1]);
    }
    const double *v = ps->p->view;
    if (!(v[0] < v[2] && v[1] < v[3] && v[0] >= -180 && v[2] <= 180 && v[1] >= -90 && v[3] <= 90))
        return BAD(ps, "view: not a box of longitudes and latitudes");
    ps->p->have_view = true;
    return CM_OK;
}

/* Directives of one value: where each is kept and whether it is a path. */
static const char **single(cm_profile *p, const char *k, bool *is_path)
{
    static const char *const paths[] = {"boundaries", "countries", "geonames", "exonyms", "acled-actors",
                                        "gazetteer",  "context"};
    const char **slots[] = {&p->boundaries, &p->countries, &p->geonames, &p->exonyms,
                            &p->acled,      &p->gazetteer, &p->context};
    for (size_t i = 0; i < sizeof paths / sizeof *paths; i++)
        if (!strcmp(k, paths[i])) return *is_path = true, slots[i];
    *is_path = false;
    return !strcmp(k, "crs") ? &p->crs : !strcmp(k, "title") ? &p->title : !strcmp(k, "subtitle") ? &p->subtitle
           : !strcmp(k, "attribution") ? &p->attribution : NULL;
}

static cm_status directive(parser *ps, char **f, size_t nf)
{
    cm_profile *p = ps->p;
    const char *k = f[0];
    if (!p->name && strcmp(k, "profile")) return BAD(ps, "the first directive must be 'profile NAME'");
    if (!strcmp(k, "profile")) {
        if (p->name) return BAD(ps, "profile named twice");
        if (nf != 2 || !valid_id(f[1])) return BAD(ps, "profile wants a NAME of lower-case letters, digits, '-'");
        return (p->name = dup(ps, f[1])) ? CM_OK : CM_NOMEM;
    }
    if (!strcmp(k, "country")) {
        if (nf != 3 || strlen(f[1]) != 2 || f[1][0] < 'A' || f[1][0] > 'Z' || f[1][1] < 'A' || f[1][1] > 'Z')
            return BAD(ps, "country wants ISO2 NAME (an upper-case ISO 3166-1 alpha-2 code)");
        return (p->country = dup(ps, f[1])) && (p->country_name = dup(ps, f[2])) ? CM_OK : CM_NOMEM;
    }
    if (!strcmp(k, "side")) return parse_side(ps, f, nf);
    if (!strcmp(k, "layer")) return parse_layer(ps, f, nf);
    if (!strcmp(k, "view")) return parse_view(ps, f, nf);
    bool is_path;
    const char **slot = single(p, k, &is_path);
    if (!slot) return BAD(ps, "unknown directive '%s'", k);
    if (nf != 2 || !*f[1]) return BAD(ps, "%s wants one value", k);
    if (*slot) return BAD(ps, "%s given twice", k);
    return (*slot = is_path ? path_of(ps, f[1]) : dup(ps, f[1])) ? CM_OK : CM_NOMEM;
}

static size_t split_tabs(char *line, char **f)
{
    size_t nf = 0;
    for (char *s = line;;) {
        char *t = strchr(s, '\t');
        if (nf < MAX_FIELDS) f[nf++] = s;
        if (!t) break;
        *t = 0;
        s = t + 1;
    }
    return nf;
}

static cm_status check_complete(parser *ps)
{
    cm_profile *p = ps->p;
    ps->line = 0;
    if (!p->name) return cm_fail(ps->ctx, CM_PARSE, "%s: no 'profile NAME' line", ps->file);
    if (!p->country) return cm_fail(ps->ctx, CM_PARSE, "%s: no 'country' line", ps->file);
    if (!p->layer[CM_ROLE_COUNTRY].present || !p->layer[CM_ROLE_UNIT].present)
        return cm_fail(ps->ctx, CM_PARSE, "%s: a profile needs a 'layer country' and a 'layer unit' line", ps->file);
    size_t ground = 0;
    for (size_t i = 0; i < p->nsides; i++) ground += p->side[i].ground;
    if (!ground) return cm_fail(ps->ctx, CM_PARSE, "%s: no side that holds ground", ps->file);
    const char **opt[] = {&p->boundaries, &p->countries, &p->geonames, &p->exonyms,    &p->acled,
                          &p->context,    &p->crs,       &p->title,    &p->subtitle, &p->attribution};
    for (size_t i = 0; i < sizeof opt / sizeof *opt; i++)
        if (!*opt[i]) *opt[i] = "";
    if (!p->title[0]) p->title = p->country_name;
    if (!p->gazetteer) {
        char buf[512];
        snprintf(buf, sizeof buf, "@data/gazetteer/%s.gaz", p->name);
        if (!(p->gazetteer = path_of(ps, buf))) return CM_NOMEM;
    }
    return CM_OK;
}

/* words/LANG.tsv of the profile's folder, found once at load. */
static cm_status find_words(parser *ps)
{
    cm_profile *p = ps->p;
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/words", p->dir);
    DIR *d = opendir(dir);
    if (!d) return CM_OK;
    struct dirent *e;
    cm_status st = CM_OK;
    while (!st && (e = readdir(d))) {
        size_t n = strlen(e->d_name);
        if (n < 5 || n > 20 || strcmp(e->d_name + n - 4, ".tsv") || e->d_name[0] == '.') continue;
        if (p->nwords == MAX_WORDS) break;
        char lang[24], path[4200];
        snprintf(lang, sizeof lang, "%.*s", (int)(n - 4), e->d_name);
        int k = snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (k < 0 || (size_t)k >= sizeof path) continue;
        if (!(p->words_lang[p->nwords] = dup(ps, lang)) || !(p->words_path[p->nwords] = dup(ps, path)))
            st = CM_NOMEM;
        else p->nwords++;
    }
    closedir(d);
    return st;
}

cm_status cm_profile_parse(cm_ctx *ctx, const char *dir, const char *data_dir, const char *text, size_t n,
                           cm_profile **out)
{
    *out = NULL;
    cm_profile *p = calloc(1, sizeof *p);
    if (!p || !(p->a = cm_arena_new())) {
        free(p);
        return cm_fail(ctx, CM_NOMEM, "profile: out of memory");
    }
    char file[4200];
    snprintf(file, sizeof file, "%s/profile.tsv", dir);
    parser ps = {ctx, p, file, 0};
    cm_status st = CM_OK;
    if (!(p->dir = dup(&ps, dir)) || !(p->data_dir = dup(&ps, data_dir ? data_dir : ".")) ||
        !(p->path = dup(&ps, file)))
        st = CM_NOMEM;
    if (!st && memchr(text, 0, n)) st = cm_fail(ctx, CM_PARSE, "%s: a NUL byte: not a text file", file);
    if (!st && cm_utf8_check(text, n) != n) st = cm_fail(ctx, CM_PARSE, "%s: not UTF-8", file);
    for (size_t i = 0; !st && i < n;) {
        const char *nl = memchr(text + i, '\n', n - i);
        size_t len = (nl ? (size_t)(nl - text) : n) - i;
        ps.line++;
        char *line = cm_arena_strndup(p->a, text + i, len);
        i += len + 1;
        if (!line) { st = CM_NOMEM; break; }
        if (len && line[len - 1] == '\r') line[--len] = 0;
        if (!len || line[0] == '#') continue;
        char *f[MAX_FIELDS];
        size_t nf = split_tabs(line, f);
        if (nf == MAX_FIELDS) st = BAD(&ps, "more than %d fields", MAX_FIELDS - 1);
        else st = directive(&ps, f, nf);
    }
    if (!st) st = check_complete(&ps);
    if (!st) st = find_words(&ps);
    if (st == CM_NOMEM) cm_fail(ctx, CM_NOMEM, "%s: out of memory", file);
    if (st) {
        cm_profile_free(p);
        return st;
    }
    p->hash = cm_hash64(text, n);
    *out = p;
    return CM_OK;
}

static bool is_dir(const char *path)
{
    struct stat sb;
    return !stat(path, &sb) && S_ISDIR(sb.st_mode);
}

cm_status cm_profile_load(cm_ctx *ctx, const char *arg, const char *data_dir, cm_profile **out)
{
    *out = NULL;
    if (!arg || !*arg) return cm_fail(ctx, CM_USAGE, "profile: an empty name");
    char dir[4096], file[4200];
    if (strchr(arg, '/')) {
        size_t n = strlen(arg);
        if (is_dir(arg)) snprintf(dir, sizeof dir, "%s", arg);
        else if (n > 11 && !strcmp(arg + n - 11, "profile.tsv") && (n == 11 || arg[n - 12] == '/'))
            snprintf(dir, sizeof dir, "%.*s", (int)(n > 12 ? n - 12 : 1), n > 12 ? arg : ".");
        else return cm_fail(ctx, CM_NOTFOUND, "profile %s: not a profile folder or a profile.tsv", arg);
    } else {
        snprintf(dir, sizeof dir, "%s/profiles/%s", data_dir ? data_dir : ".", arg);
        if (!is_dir(dir))
            return cm_fail(ctx, CM_NOTFOUND, "profile '%s' is not installed (no folder %s; `conflictmap profiles` "
                           "lists those that are)", arg, dir);
    }
    snprintf(file, sizeof file, "%s/profile.tsv", dir);
    cm_buf b = {0};
    cm_status st = cm_file_read(ctx, file, PROFILE_MAX_BYTES, &b);
    if (!st) st = cm_profile_parse(ctx, dir, data_dir, b.p ? b.p : "", b.n, out);
    cm_buf_free(&b);
    return st;
}

void cm_profile_free(cm_profile *p)
{
    if (!p) return;
    cm_arena_free(p->a);
    free(p);
}

static int cmp_name(const void *a, const void *b) { return strcmp(a, b); }

size_t cm_profile_list(const char *data_dir, char names[][64], size_t max)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/profiles", data_dir ? data_dir : ".");
    DIR *d = opendir(dir);
    if (!d) return 0;
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.' || strlen(e->d_name) >= 64) continue;
        char f[4400];
        struct stat sb;
        snprintf(f, sizeof f, "%s/%s/profile.tsv", dir, e->d_name);
        if (stat(f, &sb) || !S_ISREG(sb.st_mode)) continue;
        if (n < max) memcpy(names[n], e->d_name, strlen(e->d_name) + 1); /* < 64 bytes: above */
        n++;
    }
    closedir(d);
    qsort(names, n < max ? n : max, 64, cmp_name);
    return n;
}

const char *cm_profile_name(const cm_profile *p) { return p->name; }
const char *cm_profile_dir(const cm_profile *p) { return p->dir; }
const char *cm_profile_country(const cm_profile *p) { return p->country; }
const char *cm_profile_country_name(const cm_profile *p) { return p->country_name; }
size_t cm_profile_side_count(const cm_profile *p) { return p->nsides; }

const cm_profile_side *cm_profile_side_at(const cm_profile *p, size_t i)
{
    return i < p->nsides ? &p->side[i] : NULL;
}

cm_controller cm_profile_ctrl_parse(const cm_profile *p, const char *s, size_t n)
{
    if (n == 9 && !strncasecmp(s, "contested", 9)) return CM_CTRL_CONTESTED;
    for (size_t i = 0; i < p->nsides; i++)
        if (strlen(p->side[i].id) == n && !strncasecmp(s, p->side[i].id, n)) return (cm_controller)(i + 1);
    return CM_CTRL_NONE;
}

const char *cm_profile_ctrl_name(const cm_profile *p, cm_controller c)
{
    if (c == CM_CTRL_CONTESTED) return "contested";
    return c >= 1 && c <= p->nsides ? p->side[c - 1].id : "none";
}

const char *cm_profile_ctrl_label(const cm_profile *p, cm_controller c)
{
    if (c == CM_CTRL_CONTESTED) return "Contested";
    return c >= 1 && c <= p->nsides ? p->side[c - 1].label_en : "No information";
}

bool cm_profile_ctrl_ground(const cm_profile *p, cm_controller c)
{
    return c >= 1 && c <= p->nsides && p->side[c - 1].ground;
}

bool cm_profile_ctrl_state(const cm_profile *p, cm_controller c)
{
    return c >= 1 && c <= p->nsides && p->side[c - 1].state;
}

const cm_profile_layer *cm_profile_layer_of(const cm_profile *p, cm_role r)
{
    return r < CM_ROLE_COUNT ? &p->layer[r] : NULL;
}

const char *cm_profile_boundaries(const cm_profile *p) { return p->boundaries; }
const char *cm_profile_countries(const cm_profile *p) { return p->countries; }
const char *cm_profile_geonames(const cm_profile *p) { return p->geonames; }
const char *cm_profile_exonyms(const cm_profile *p) { return p->exonyms; }
const char *cm_profile_acled_actors(const cm_profile *p) { return p->acled; }
const char *cm_profile_gazetteer(const cm_profile *p) { return p->gazetteer; }
const char *cm_profile_context_words(const cm_profile *p) { return p->context; }

const char *cm_profile_words(const cm_profile *p, const char *lang)
{
    for (size_t i = 0; i < p->nwords; i++)
        if (!strcmp(p->words_lang[i], lang)) return p->words_path[i];
    return NULL;
}

const char *cm_profile_crs(const cm_profile *p) { return p->crs; }

bool cm_profile_view(const cm_profile *p, double bbox[4])
{
    for (int i = 0; i < 4; i++) bbox[i] = p->have_view ? p->view[i] : 0;
    return p->have_view;
}

const char *cm_profile_title(const cm_profile *p) { return p->title; }
const char *cm_profile_subtitle(const cm_profile *p) { return p->subtitle; }
const char *cm_profile_attribution(const cm_profile *p) { return p->attribution; }
uint64_t cm_profile_hash(const cm_profile *p) { return p->hash; }
