/* gaz: the compiled gazetteer index (see gaz.h; format in docs/gazetteer.md).
 *
 * File layout, little-endian, every section 8-byte aligned:
 *
 *   header (192 bytes): magic "CMGAZ\0\r\n", u32 version (2), u32 header
 *     bytes, u64 file bytes, u64 checksum of bytes [152, end), u32 byte-order
 *     mark 0x01020304, u32 section count (7), then 7 x {u64 offset, u64
 *     count}; at 152 the profile: u64 cm_profile_hash, u32 name, u32 country
 *     code (string offsets); zeros to 192
 *   STR   strings, NUL-terminated, the last byte NUL
 *   ENT   entries  {name, pcode, province, parent, fcode, country (string
 *                   offsets), population, geonameid, lat_e6, lon_e6 (int32
 *                   microdegrees), kind, flags}                         48 bytes
 *   NAME  names    {entry, surface, key, source, flags}, sorted by key  20 bytes
 *   KEY   keys     {key, first name, name count, word flags}, by key    16 bytes
 *   DA    trie     {base, check, key index or -1}                       12 bytes
 *   SKEL  skeletons{skeleton, first, count} sorted by skeleton          12 bytes
 *   SKN   key indices the skeletons point to                            4 bytes
 *
 * Trie: node 0 is the root; the child of node s by byte c is t = base[s]+c+1
 * when 0 < t < n and check[t] == s; check is -1 on unused cells. */
#include "text/gaz.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/file.h"
#include "core/profile.h"
#include "core/str.h"
#include "text/norm.h"
#include "text/translit.h"

#define GAZ_MAGIC "CMGAZ\0\r\n"
#define GAZ_VERSION 2u
#define GAZ_HEADER 192u
#define GAZ_META 152u /* the profile fields: the checksum covers [GAZ_META, end) */
#define GAZ_BOM 0x01020304u

enum { S_STR, S_ENT, S_NAME, S_KEY, S_DA, S_SKEL, S_SKN, S_COUNT };
static const size_t sec_size[S_COUNT] = {1, 48, 20, 16, 12, 12, 4};
static const char *const sec_name[S_COUNT] = {"strings", "entries", "names", "keys",
                                              "trie", "skeletons", "skeleton lists"};

typedef struct {
    uint32_t name, pcode, province, parent, fcode, country, population, geonameid;
    int32_t lat_e6, lon_e6;
    uint32_t kind, flags;
} rec_ent;

typedef struct {
    uint32_t entry, surface, key, source, flags;
} rec_name;

typedef struct {
    uint32_t key, first, count, wflags;
} rec_key;

typedef struct {
    int32_t base, check, key;
} rec_da;

typedef struct {
    uint32_t skel, first, count;
} rec_skel;

_Static_assert(sizeof(rec_ent) == 48 && sizeof(rec_name) == 20 && sizeof(rec_key) == 16 &&
                   sizeof(rec_da) == 12 && sizeof(rec_skel) == 12,
               "record sizes are part of the file format");

struct cm_gaz {
    unsigned char *mem;
    size_t size;
    const char *str;
    size_t nstr;
    const rec_ent *ent;
    size_t nent;
    const rec_name *name;
    size_t nname;
    const rec_key *key;
    size_t nkey;
    const rec_da *da;
    size_t nda;
    const rec_skel *skel;
    size_t nskel;
    const uint32_t *skn;
    size_t nskn;
    const char *profile, *country; /* the profile it was built for */
    uint64_t profile_hash;
    uint32_t home;                 /* the CM_GAZ_ENT_HOME entry or CM_GAZ_NONE */
};

/* ---- shared helpers --------------------------------------------------------- */

static uint64_t rd64(const unsigned char *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--) v = (v << 8) | p[i];
    return v;
}

static uint32_t rd32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void wr64(unsigned char *p, uint64_t v)
{
    for (int i = 0; i < 8; i++) p[i] = (unsigned char)(v >> (8 * i));
}

static void wr32(unsigned char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++) p[i] = (unsigned char)(v >> (8 * i));
}


const char *cm_gaz_kind_name(cm_place_kind k)
{
    switch (k) {
    case CM_PLACE_COUNTRY: return "country";
    case CM_PLACE_PROVINCE: return "province";
    case CM_PLACE_DISTRICT: return "district";
    case CM_PLACE_PPL: return "place";
    case CM_PLACE_FOREIGN: return "foreign";
    default: return "other";
    }
}

const char *cm_gaz_source_name(cm_gaz_source s)
{
    switch (s) {
    case CM_GAZ_SRC_OCHA: return "ocha";
    case CM_GAZ_SRC_OCHA_ALT: return "ocha-alt";
    case CM_GAZ_SRC_OCHA_DARI: return "ocha-dari";
    case CM_GAZ_SRC_GEONAMES: return "geonames";
    case CM_GAZ_SRC_GEONAMES_ALT: return "geonames-alt";
    case CM_GAZ_SRC_NE: return "naturalearth";
    case CM_GAZ_SRC_CURATED: return "curated";
    }
    return "?";
}

/* ---- loading ---------------------------------------------------------------- */

#define BAD(...) cm_fail(ctx, CM_PARSE, __VA_ARGS__)

static cm_status validate(cm_ctx *ctx, const char *path, cm_gaz *g)
{
    const unsigned char *m = g->mem;
    size_t n = g->size;
    if (n < GAZ_HEADER || memcmp(m, GAZ_MAGIC, 8))
        return BAD("%s: not a conflictmap gazetteer index (bad magic)", path);
    if (rd32(m + 8) != GAZ_VERSION)
        return BAD("%s: gazetteer index version %u, this build reads version %u (rebuild it: "
                   "conflictmap gazetteer build)", path, rd32(m + 8), GAZ_VERSION);
    if (rd32(m + 12) != GAZ_HEADER) return BAD("%s: bad header size %u", path, rd32(m + 12));
    if (rd64(m + 16) != n)
        return BAD("%s: truncated or padded: header says %llu bytes, file has %zu", path,
                   (unsigned long long)rd64(m + 16), n);
    uint32_t bom;
    memcpy(&bom, m + 32, 4);
    if (bom != GAZ_BOM) return BAD("%s: written on a machine of another byte order", path);
    if (rd32(m + 36) != S_COUNT) return BAD("%s: %u sections, expected %u", path, rd32(m + 36), S_COUNT);
    if (cm_hash64(m + GAZ_META, n - GAZ_META) != rd64(m + 24))
        return BAD("%s: checksum mismatch (damaged file)", path);
    const void *base[S_COUNT];
    size_t count[S_COUNT];
    for (unsigned s = 0; s < S_COUNT; s++) {
        uint64_t off = rd64(m + 40 + 16 * s), cnt = rd64(m + 48 + 16 * s);
        if (off % 8 || off < GAZ_HEADER || off > n || cnt > (n - off) / sec_size[s])
            return BAD("%s: section '%s' out of bounds (offset %llu, %llu items)", path,
                       sec_name[s], (unsigned long long)off, (unsigned long long)cnt);
        base[s] = m + off;
        count[s] = (size_t)cnt;
    }
    g->str = base[S_STR], g->nstr = count[S_STR];
    g->ent = base[S_ENT], g->nent = count[S_ENT];
    g->name = base[S_NAME], g->nname = count[S_NAME];
    g->key = base[S_KEY], g->nkey = count[S_KEY];
    g->da = base[S_DA], g->nda = count[S_DA];
    g->skel = base[S_SKEL], g->nskel = count[S_SKEL];
    g->skn = base[S_SKN], g->nskn = count[S_SKN];
    if (g->nstr == 0 || g->str[g->nstr - 1] != 0) return BAD("%s: string table not terminated", path);
    if (g->nda == 0) return BAD("%s: empty trie", path);
    if (g->nent >= CM_GAZ_NONE || g->nname >= CM_GAZ_NONE || g->nkey >= INT32_MAX ||
        g->nda >= INT32_MAX)
        return BAD("%s: too many records", path);
#define STROK(o) ((o) < g->nstr)
    uint32_t pname = rd32(m + GAZ_META + 8), pcountry = rd32(m + GAZ_META + 12);
    if (!STROK(pname) || !STROK(pcountry)) return BAD("%s: profile record is damaged", path);
    g->profile = g->str + pname, g->country = g->str + pcountry;
    g->profile_hash = rd64(m + GAZ_META);
    g->home = CM_GAZ_NONE;
    for (size_t i = 0; i < g->nent; i++) {
        const rec_ent *e = &g->ent[i];
        if (!STROK(e->name) || !STROK(e->pcode) || !STROK(e->province) || !STROK(e->parent) ||
            !STROK(e->fcode) || !STROK(e->country) || e->kind > CM_PLACE_FOREIGN ||
            e->lat_e6 < -90000000 || e->lat_e6 > 90000000 || e->lon_e6 < -180000000 ||
            e->lon_e6 > 180000000)
            return BAD("%s: entry %zu is damaged", path, i);
        if ((e->flags & CM_GAZ_ENT_HOME) && g->home == CM_GAZ_NONE) g->home = (uint32_t)i;
    }
    for (size_t i = 0; i < g->nname; i++) {
        const rec_name *r = &g->name[i];
        if (r->entry >= g->nent || !STROK(r->surface) || !STROK(r->key) || r->source < 1 ||
            r->source > CM_GAZ_SRC_CURATED)
            return BAD("%s: name %zu is damaged", path, i);
    }
    for (size_t i = 0; i < g->nkey; i++) {
        const rec_key *k = &g->key[i];
        if (!STROK(k->key) || k->first > g->nname || k->count > g->nname - k->first)
            return BAD("%s: key %zu is damaged", path, i);
    }
    for (size_t i = 0; i < g->nda; i++) {
        const rec_da *d = &g->da[i];
        if (d->check < -1 || d->check >= (int64_t)g->nda || d->key < -1 || d->key >= (int64_t)g->nkey)
            return BAD("%s: trie cell %zu is damaged", path, i);
    }
    for (size_t i = 0; i < g->nskel; i++) {
        const rec_skel *s = &g->skel[i];
        if (!STROK(s->skel) || s->first > g->nskn || s->count > g->nskn - s->first)
            return BAD("%s: skeleton %zu is damaged", path, i);
        if (i && strcmp(g->str + g->skel[i - 1].skel, g->str + s->skel) >= 0)
            return BAD("%s: skeleton table out of order at %zu", path, i);
    }
    for (size_t i = 0; i < g->nskn; i++)
        if (g->skn[i] >= g->nkey) return BAD("%s: skeleton list %zu is damaged", path, i);
#undef STROK
    return CM_OK;
}

cm_status cm_gaz_open_mem(cm_ctx *ctx, const char *name, const void *p, size_t n, cm_gaz **out)
{
    *out = NULL;
    cm_gaz *g = calloc(1, sizeof *g);
    if (!g) return cm_fail(ctx, CM_NOMEM, "%s: out of memory", name);
    g->mem = malloc(n ? n : 1);
    if (!g->mem) {
        free(g);
        return cm_fail(ctx, CM_NOMEM, "%s: out of memory (%zu bytes)", name, n);
    }
    if (n) memcpy(g->mem, p, n);
    g->size = n;
    cm_status st = validate(ctx, name, g);
    if (st) {
        cm_gaz_close(g);
        return st;
    }
    *out = g;
    return CM_OK;
}

cm_status cm_gaz_open(cm_ctx *ctx, const char *path, cm_gaz **out)
{
    *out = NULL;
    cm_status st = CM_OK;
    cm_gaz *g = NULL;
    FILE *fp = fopen(path, "rb");
    if (!fp) return cm_fail(ctx, CM_IO, "%s: cannot open the gazetteer index (build it with "
                                        "`conflictmap gazetteer build`, or run ./setup)", path);
    long size = -1;
    if (fseek(fp, 0, SEEK_END) == 0) size = ftell(fp);
    if (size < 0 || fseek(fp, 0, SEEK_SET) != 0) {
        st = cm_fail(ctx, CM_IO, "%s: cannot read (not a regular file?)", path);
        goto done;
    }
    g = calloc(1, sizeof *g);
    if (!g || !(g->mem = malloc(size ? (size_t)size : 1))) {
        st = cm_fail(ctx, CM_NOMEM, "%s: out of memory (%ld bytes)", path, size);
        goto done;
    }
    g->size = (size_t)size;
    if (fread(g->mem, 1, g->size, fp) != g->size) {
        st = cm_fail(ctx, CM_IO, "%s: read error", path);
        goto done;
    }
    st = validate(ctx, path, g);
done:
    fclose(fp);
    if (st) {
        cm_gaz_close(g);
        return st;
    }
    *out = g;
    return CM_OK;
}

void cm_gaz_close(cm_gaz *g)
{
    if (!g) return;
    free(g->mem);
    free(g);
}

size_t cm_gaz_entry_count(const cm_gaz *g) { return g->nent; }
size_t cm_gaz_name_count(const cm_gaz *g) { return g->nname; }
size_t cm_gaz_key_count(const cm_gaz *g) { return g->nkey; }
size_t cm_gaz_bytes(const cm_gaz *g) { return g->size; }
const char *cm_gaz_profile_name(const cm_gaz *g) { return g->profile; }
uint64_t cm_gaz_profile_hash(const cm_gaz *g) { return g->profile_hash; }
const char *cm_gaz_country(const cm_gaz *g) { return g->country; }
uint32_t cm_gaz_home(const cm_gaz *g) { return g->home; }

cm_status cm_gaz_check_profile(cm_ctx *ctx, const cm_gaz *g, const char *path, const cm_profile *p)
{
    const char *want = cm_profile_name(p);
    if (strcmp(g->profile, want))
        return cm_fail(ctx, CM_PARSE, "%s: built for %s%s, not %s (run `conflictmap gazetteer build --profile %s`)",
                       path, *g->profile ? "profile " : "no profile", g->profile, want, want);
    if (g->profile_hash != cm_profile_hash(p))
        cm_log(ctx, CM_LOG_WARN, "%s: built from another version of profile %s (rebuild it: "
               "`conflictmap gazetteer build --profile %s`)", path, want, want);
    return CM_OK;
}

cm_status cm_gaz_open_profile(cm_ctx *ctx, const char *path, const cm_profile *p, cm_gaz **out)
{
    cm_status st = cm_gaz_open(ctx, path, out);
    if (!st && (st = cm_gaz_check_profile(ctx, *out, path, p))) {
        cm_gaz_close(*out);
        *out = NULL;
    }
    return st;
}

void cm_gaz_entry_get(const cm_gaz *g, uint32_t id, cm_gaz_entry *out)
{
    const char *empty = g->str + g->nstr - 1;
    if (id >= g->nent) {
        *out = (cm_gaz_entry){.name = empty, .pcode = empty, .province = empty, .parent = empty,
                              .fcode = empty, .country = empty, .kind = CM_PLACE_OTHER};
        return;
    }
    const rec_ent *e = &g->ent[id];
    out->name = g->str + e->name;
    out->pcode = g->str + e->pcode;
    out->province = g->str + e->province;
    out->parent = g->str + e->parent;
    out->fcode = g->str + e->fcode;
    out->country = g->str + e->country;
    out->kind = (cm_place_kind)e->kind;
    out->flags = e->flags;
    out->lat = e->lat_e6 / 1e6;
    out->lon = e->lon_e6 / 1e6;
    out->population = e->population;
    out->geonameid = e->geonameid;
}

void cm_gaz_name_get(const cm_gaz *g, uint32_t idx, cm_gaz_name *out)
{
    const char *empty = g->str + g->nstr - 1;
    if (idx >= g->nname) {
        *out = (cm_gaz_name){.entry = CM_GAZ_NONE, .surface = empty, .key = empty, .source = CM_GAZ_SRC_OCHA};
        return;
    }
    const rec_name *r = &g->name[idx];
    out->entry = r->entry;
    out->surface = g->str + r->surface;
    out->key = g->str + r->key;
    out->source = (cm_gaz_source)r->source;
    out->flags = r->flags;
}

void cm_gaz_key_get(const cm_gaz *g, uint32_t kidx, cm_gaz_hit *out)
{
    if (kidx >= g->nkey) {
        *out = (cm_gaz_hit){.key = g->str + g->nstr - 1};
        return;
    }
    const rec_key *k = &g->key[kidx];
    *out = (cm_gaz_hit){k->first, k->count, k->wflags, g->str + k->key};
}

bool cm_gaz_step(const cm_gaz *g, cm_gaz_node *node, const char *k, size_t n)
{
    int32_t s = *node;
    const rec_da *da = g->da;
    int64_t nda = (int64_t)g->nda;
    for (size_t i = 0; i < n; i++) {
        int64_t t = (int64_t)da[s].base + (unsigned char)k[i] + 1;
        if (t <= 0 || t >= nda || da[t].check != s) {
            *node = s;
            return false;
        }
        s = (int32_t)t;
    }
    *node = s;
    return true;
}

bool cm_gaz_node_hit(const cm_gaz *g, cm_gaz_node node, cm_gaz_hit *out)
{
    if (node < 0 || (size_t)node >= g->nda || g->da[node].key < 0) return false;
    cm_gaz_key_get(g, (uint32_t)g->da[node].key, out);
    return true;
}

bool cm_gaz_lookup_key(const cm_gaz *g, const char *k, size_t n, cm_gaz_hit *out)
{
    cm_gaz_node s = cm_gaz_root();
    return cm_gaz_step(g, &s, k, n) && cm_gaz_node_hit(g, s, out);
}

bool cm_gaz_skeleton(const cm_gaz *g, const char *sk, const uint32_t **kidx, uint32_t *count)
{
    size_t lo = 0, hi = g->nskel;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(g->str + g->skel[mid].skel, sk);
        if (c == 0) {
            *kidx = g->skn + g->skel[mid].first;
            *count = g->skel[mid].count;
            return *count > 0;
        }
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    return false;
}

bool cm_gaz_skeleton_prefix(const cm_gaz *g, const char *prefix)
{
    size_t lo = 0, hi = g->nskel, pl = strlen(prefix);
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(g->str + g->skel[mid].skel, prefix) < 0) lo = mid + 1;
        else hi = mid;
    }
    return lo < g->nskel && !strncmp(g->str + g->skel[lo].skel, prefix, pl);
}

/* ---- building --------------------------------------------------------------- */

typedef struct {
    uint32_t entry, surface, key, source, flags;
} b_name;

typedef struct {
    uint32_t key, wflags;
} b_word;

struct cm_gaz_builder {
    cm_buf pool;       /* strings, offset 0 is "" */
    uint32_t *ht;      /* interning table: offsets + 1, 0 empty */
    size_t htcap, nstrings;
    rec_ent *ent;
    size_t nent, capent;
    b_name *name;
    size_t nname, capname;
    b_word *word;
    size_t nword, capword;
    uint64_t *seen;    /* (entry << 32 | key) + 1 of names, open addressing */
    size_t seencap, nseen;
    uint32_t profile, country; /* string offsets: the profile's name and country code */
    uint64_t profile_hash;
};

static bool intern(cm_gaz_builder *b, const char *s, size_t n, uint32_t *off)
{
    if (b->nstrings * 2 >= b->htcap) {
        size_t nc = b->htcap ? b->htcap * 2 : 4096;
        uint32_t *nt = calloc(nc, sizeof *nt);
        if (!nt) return false;
        for (size_t i = 0; i < b->htcap; i++) {
            if (!b->ht[i]) continue;
            const char *t = b->pool.p + b->ht[i] - 1;
            size_t j = cm_fnv1a64(t, strlen(t)) & (nc - 1);
            while (nt[j]) j = (j + 1) & (nc - 1);
            nt[j] = b->ht[i];
        }
        free(b->ht);
        b->ht = nt;
        b->htcap = nc;
    }
    size_t j = cm_fnv1a64(s, n) & (b->htcap - 1);
    while (b->ht[j]) {
        const char *t = b->pool.p + b->ht[j] - 1;
        if (!strncmp(t, s, n) && t[n] == 0) {
            *off = b->ht[j] - 1;
            return true;
        }
        j = (j + 1) & (b->htcap - 1);
    }
    if (b->pool.n + n + 1 >= UINT32_MAX) return false;
    uint32_t o = (uint32_t)b->pool.n;
    if (cm_buf_append(&b->pool, s, n) || cm_buf_putc(&b->pool, 0)) return false;
    b->ht[j] = o + 1;
    b->nstrings++;
    *off = o;
    return true;
}

static bool intern_c(cm_gaz_builder *b, const char *s, uint32_t *off)
{
    if (!s) s = "";
    return intern(b, s, strlen(s), off);
}

cm_gaz_builder *cm_gaz_builder_new(void)
{
    cm_gaz_builder *b = calloc(1, sizeof *b);
    if (!b) return NULL;
    uint32_t off;
    if (!intern(b, "", 0, &off)) {
        cm_gaz_builder_free(b);
        return NULL;
    }
    return b;
}

void cm_gaz_builder_free(cm_gaz_builder *b)
{
    if (!b) return;
    cm_buf_free(&b->pool);
    free(b->ht);
    free(b->ent);
    free(b->name);
    free(b->word);
    free(b->seen);
    free(b);
}

cm_status cm_gaz_builder_profile(cm_gaz_builder *b, const cm_profile *p)
{
    if (!intern_c(b, cm_profile_name(p), &b->profile) || !intern_c(b, cm_profile_country(p), &b->country))
        return CM_NOMEM;
    b->profile_hash = cm_profile_hash(p);
    return CM_OK;
}

size_t cm_gaz_builder_entries(const cm_gaz_builder *b) { return b->nent; }
size_t cm_gaz_builder_names(const cm_gaz_builder *b) { return b->nname; }

static int32_t to_e6(double v, double lim)
{
    if (!isfinite(v)) return 0;
    if (v > lim) v = lim;
    if (v < -lim) v = -lim;
    return (int32_t)lround(v * 1e6);
}

cm_status cm_gaz_builder_entry(cm_gaz_builder *b, const cm_gaz_entry *e, uint32_t *id)
{
    if (b->nent >= CM_GAZ_NONE - 1 || !cm_grow((void **)&b->ent, &b->capent, b->nent + 1, sizeof *b->ent))
        return CM_NOMEM;
    rec_ent r = {0};
    if (!intern_c(b, e->name, &r.name) || !intern_c(b, e->pcode, &r.pcode) ||
        !intern_c(b, e->province, &r.province) || !intern_c(b, e->parent, &r.parent) ||
        !intern_c(b, e->fcode, &r.fcode) ||
        !intern_c(b, e->country, &r.country))
        return CM_NOMEM;
    r.population = e->population;
    r.geonameid = e->geonameid;
    r.lat_e6 = to_e6(e->lat, 90);
    r.lon_e6 = to_e6(e->lon, 180);
    r.kind = (uint32_t)e->kind;
    r.flags = e->flags;
    b->ent[b->nent] = r;
    *id = (uint32_t)b->nent++;
    return CM_OK;
}

uint32_t cm_gaz_builder_find(const cm_gaz_builder *b, const char *pcode, const char *name)
{
    for (size_t i = 0; i < b->nent; i++) {
        if (pcode && *pcode && !strcmp(b->pool.p + b->ent[i].pcode, pcode) &&
            b->ent[i].kind != CM_PLACE_PPL)
            return (uint32_t)i;
        if (name && *name && !strcmp(b->pool.p + b->ent[i].name, name) &&
            (b->ent[i].kind == CM_PLACE_COUNTRY || b->ent[i].kind == CM_PLACE_FOREIGN))
            return (uint32_t)i;
    }
    return CM_GAZ_NONE;
}

void cm_gaz_builder_add_flags(cm_gaz_builder *b, uint32_t id, uint32_t flags)
{
    if (id < b->nent) b->ent[id].flags |= flags;
}

bool cm_gaz_builder_entry_get(const cm_gaz_builder *b, uint32_t id, cm_gaz_entry *out)
{
    if (id >= b->nent) return false;
    const rec_ent *e = &b->ent[id];
    out->name = b->pool.p + e->name;
    out->pcode = b->pool.p + e->pcode;
    out->province = b->pool.p + e->province;
    out->parent = b->pool.p + e->parent;
    out->fcode = b->pool.p + e->fcode;
    out->country = b->pool.p + e->country;
    out->kind = (cm_place_kind)e->kind;
    out->flags = e->flags;
    out->lat = e->lat_e6 / 1e6;
    out->lon = e->lon_e6 / 1e6;
    out->population = e->population;
    out->geonameid = e->geonameid;
    return true;
}

/* True when (entry, key) was not seen before; records it. */
static int seen_add(cm_gaz_builder *b, uint32_t entry, uint32_t key)
{
    if (b->nseen * 2 >= b->seencap) {
        size_t nc = b->seencap ? b->seencap * 2 : 4096;
        uint64_t *nt = calloc(nc, sizeof *nt);
        if (!nt) return -1;
        for (size_t i = 0; i < b->seencap; i++) {
            if (!b->seen[i]) continue;
            size_t j = (size_t)((b->seen[i] * 0x9E3779B97F4A7C15ull) >> 20) & (nc - 1);
            while (nt[j]) j = (j + 1) & (nc - 1);
            nt[j] = b->seen[i];
        }
        free(b->seen);
        b->seen = nt;
        b->seencap = nc;
    }
    uint64_t v = ((uint64_t)entry << 32 | key) + 1;
    size_t j = (size_t)((v * 0x9E3779B97F4A7C15ull) >> 20) & (b->seencap - 1);
    while (b->seen[j]) {
        if (b->seen[j] == v) return 0;
        j = (j + 1) & (b->seencap - 1);
    }
    b->seen[j] = v;
    b->nseen++;
    return 1;
}

static cm_status add_one(cm_gaz_builder *b, uint32_t entry, uint32_t surface, const char *key,
                         size_t klen, cm_gaz_source source, uint32_t flags)
{
    uint32_t koff;
    if (!intern(b, key, klen, &koff)) return CM_NOMEM;
    int fresh = seen_add(b, entry, koff);
    if (fresh < 0) return CM_NOMEM;
    if (!fresh) return CM_OK;
    if (!cm_grow((void **)&b->name, &b->capname, b->nname + 1, sizeof *b->name)) return CM_NOMEM;
    b->name[b->nname++] = (b_name){entry, surface, koff, (uint32_t)source, flags & ~CM_GAZ_NAME_EZAFE};
    return CM_OK;
}

#define MAX_WORDS 12
#define MAX_VARIANTS 32

cm_status cm_gaz_builder_name(cm_gaz_builder *b, uint32_t entry, const char *surface,
                              cm_gaz_source source, uint32_t flags)
{
    if (entry >= b->nent || !surface) return CM_OK;
    size_t n = strlen(surface);
    /* Acronyms are matched as written. */
    size_t letters = 0;
    bool all_up = n > 0;
    for (size_t i = 0; i < n; i++) {
        if (surface[i] >= 'A' && surface[i] <= 'Z') letters++;
        else all_up = false;
    }
    if (all_up && letters <= 4) flags |= CM_GAZ_NAME_CASE;

    /* The keys of the words, and where the connectors are. */
    char keys[MAX_WORDS][CM_NORM_WORD_MAX];
    size_t klen[MAX_WORDS], nw = 0, pos = 0;
    cm_norm_word w;
    bool overflow = false;
    while (cm_norm_next_word(surface, n, pos, &w)) {
        pos = w.end;
        if (nw == MAX_WORDS) {
            overflow = true;
            break;
        }
        size_t l = cm_norm_word_key(surface, &w, keys[nw], sizeof keys[nw]);
        if (l == (size_t)-1) return CM_OK; /* a word too long to ever match */
        if (l == 0) continue;
        klen[nw++] = l;
    }
    if (nw == 0 || overflow) return CM_OK;
    uint32_t soff;
    if (!intern_c(b, surface, &soff)) return CM_NOMEM;

    char full[MAX_WORDS * CM_NORM_WORD_MAX];
    size_t fl = 0;
    for (size_t i = 0; i < nw; i++) memcpy(full + fl, keys[i], klen[i]), fl += klen[i];
    cm_status st = add_one(b, entry, soff, full, fl, source, flags);
    if (st || !(flags & CM_GAZ_NAME_EZAFE) || nw < 2) return st;

    /* Content words and the boundaries between them. */
    size_t content[MAX_WORDS], nc = 0;
    bool explicit_conn[MAX_WORDS] = {false};
    for (size_t i = 0; i < nw; i++) {
        bool conn = i > 0 && i + 1 < nw && cm_norm_is_connector(keys[i], klen[i]) && nc > 0 &&
                    !(i + 1 < nw && cm_norm_is_connector(keys[i + 1], klen[i + 1]));
        if (conn) {
            explicit_conn[nc - 1] = true;
            continue;
        }
        content[nc++] = i;
    }
    if (nc < 2) return CM_OK;
    static const char *const opt5[] = {"", "e", "i", "ye", "yi"};
    size_t radix[MAX_WORDS], total = 1;
    for (size_t j = 0; j + 1 < nc; j++) {
        radix[j] = explicit_conn[j] ? 5 : 3;
        if (total <= MAX_VARIANTS) total *= radix[j];
    }
    if (total > MAX_VARIANTS) total = MAX_VARIANTS;
    for (size_t v = 0; v < total; v++) {
        size_t code = v;
        fl = 0;
        for (size_t j = 0; j < nc; j++) {
            memcpy(full + fl, keys[content[j]], klen[content[j]]);
            fl += klen[content[j]];
            if (j + 1 < nc) {
                const char *c = opt5[code % radix[j]];
                code /= radix[j];
                size_t cl = strlen(c);
                memcpy(full + fl, c, cl);
                fl += cl;
            }
        }
        st = add_one(b, entry, soff, full, fl, source, flags | CM_GAZ_NAME_VARIANT);
        if (st) return st;
    }
    return CM_OK;
}

cm_status cm_gaz_builder_word(cm_gaz_builder *b, const char *word, uint32_t wflags)
{
    cm_buf k = {0};
    if (cm_norm_key(word, strlen(word), &k)) return CM_NOMEM;
    cm_status st = CM_OK;
    uint32_t off;
    if (k.n == 0) goto done;
    if (!intern(b, k.p, k.n, &off) ||
        !cm_grow((void **)&b->word, &b->capword, b->nword + 1, sizeof *b->word)) {
        st = CM_NOMEM;
        goto done;
    }
    b->word[b->nword++] = (b_word){off, wflags};
done:
    cm_buf_free(&k);
    return st;
}

/* Sorting with a context pointer: qsort has none, so a file-scope pointer is
 * set for the duration of one sort (the builder is single-threaded). */
static const char *sort_pool;

static int cmp_name(const void *x, const void *y)
{
    const b_name *a = x, *c = y;
    int r = a->key == c->key ? 0 : strcmp(sort_pool + a->key, sort_pool + c->key);
    if (r) return r;
    if (a->entry != c->entry) return a->entry < c->entry ? -1 : 1;
    return a->source < c->source ? -1 : a->source > c->source;
}

static int cmp_word(const void *x, const void *y)
{
    const b_word *a = x, *c = y;
    return a->key == c->key ? 0 : strcmp(sort_pool + a->key, sort_pool + c->key);
}

typedef struct {
    uint32_t skel, kidx;
} skel_pair;

static int cmp_skel(const void *x, const void *y)
{
    const skel_pair *a = x, *c = y;
    int r = a->skel == c->skel ? 0 : strcmp(sort_pool + a->skel, sort_pool + c->skel);
    if (r) return r;
    return a->kidx < c->kidx ? -1 : a->kidx > c->kidx;
}

/* A pointer trie, turned into the double array. */
typedef struct {
    int32_t child, last, next; /* first child, last child, next sibling */
    int32_t key;               /* key index ending here or -1 */
    unsigned char label;
} tnode;

typedef struct {
    rec_da *da;
    size_t n, cap;
    size_t first_free;
} dabuf;

static bool da_ensure(dabuf *d, size_t need)
{
    if (need <= d->cap) {
        if (need > d->n) d->n = need;
        return true;
    }
    size_t nc = d->cap ? d->cap : 1024;
    while (nc < need) nc *= 2;
    rec_da *q = realloc(d->da, nc * sizeof *q);
    if (!q) return false;
    for (size_t i = d->cap; i < nc; i++) q[i] = (rec_da){0, -1, -1};
    d->da = q;
    d->cap = nc;
    if (need > d->n) d->n = need;
    return true;
}

static cm_status build_da(const tnode *t, size_t nt, dabuf *d)
{
    /* BFS over the pointer trie; map[i] = the DA cell of trie node i. */
    int32_t *map = malloc(nt * sizeof *map), *queue = malloc(nt * sizeof *queue);
    cm_status st = CM_OK;
    if (!map || !queue || !da_ensure(d, 1)) {
        st = CM_NOMEM;
        goto done;
    }
    d->da[0] = (rec_da){0, 0, t[0].key};
    d->first_free = 1;
    map[0] = 0;
    size_t qh = 0, qt = 0;
    queue[qt++] = 0;
    while (qh < qt) {
        int32_t u = queue[qh++];
        if (t[u].child < 0) continue;
        int labels[257], nl = 0;
        for (int32_t c = t[u].child; c >= 0; c = t[c].next) labels[nl++] = t[c].label + 1;
        /* First fit: the smallest base putting every child on a free cell. */
        while (d->first_free < d->n && d->da[d->first_free].check != -1) d->first_free++;
        size_t p = d->first_free;
        int64_t base;
        for (;; p++) {
            if (!da_ensure(d, p + 1)) {
                st = CM_NOMEM;
                goto done;
            }
            if (d->da[p].check != -1) continue;
            base = (int64_t)p - labels[0];
            if (base < 0) continue;
            bool ok = true;
            for (int k = 1; k < nl && ok; k++) {
                size_t q = (size_t)(base + labels[k]);
                if (q < d->cap && d->da[q].check != -1) ok = false;
            }
            if (ok) break;
        }
        if (!da_ensure(d, (size_t)(base + labels[nl - 1]) + 1)) {
            st = CM_NOMEM;
            goto done;
        }
        int32_t su = map[u];
        d->da[su].base = (int32_t)base;
        int k = 0;
        for (int32_t c = t[u].child; c >= 0; c = t[c].next, k++) {
            size_t q = (size_t)(base + labels[k]);
            d->da[q].check = su;
            d->da[q].key = t[c].key;
            map[c] = (int32_t)q;
            queue[qt++] = c;
        }
    }
done:
    free(map);
    free(queue);
    return st;
}

static cm_status put_section(cm_buf *out, unsigned char *hdr, unsigned s, const void *p, size_t count)
{
    while (out->n % 8)
        if (cm_buf_putc(out, 0)) return CM_NOMEM;
    wr64(hdr + 40 + 16 * s, out->n);
    wr64(hdr + 48 + 16 * s, count);
    size_t bytes = count * sec_size[s];
    return bytes ? cm_buf_append(out, p, bytes) : CM_OK;
}

cm_status cm_gaz_builder_write(cm_ctx *ctx, cm_gaz_builder *b, const char *path)
{
    cm_status st = CM_OK;
    rec_name *names = NULL;
    rec_key *keys = NULL;
    tnode *trie = NULL;
    skel_pair *pairs = NULL;
    rec_skel *skels = NULL;
    uint32_t *skn = NULL;
    dabuf d = {0};
    cm_buf out = {0};
    size_t nkeys = 0, ntrie = 0, captrie = 0, npairs = 0, nskels = 0;

    sort_pool = b->pool.p;
    if (b->nname) qsort(b->name, b->nname, sizeof *b->name, cmp_name); /* NULL when empty */
    if (b->nword) qsort(b->word, b->nword, sizeof *b->word, cmp_word);

    names = malloc((b->nname ? b->nname : 1) * sizeof *names);
    keys = malloc((b->nname + b->nword + 1) * sizeof *keys);
    if (!names || !keys) goto nomem;
    for (size_t i = 0; i < b->nname; i++)
        names[i] = (rec_name){b->name[i].entry, b->name[i].surface, b->name[i].key, b->name[i].source,
                              b->name[i].flags};
    /* Merge the sorted names and words into the sorted key list. */
    size_t i = 0, j = 0;
    while (i < b->nname || j < b->nword) {
        uint32_t k;
        if (j >= b->nword) k = b->name[i].key;
        else if (i >= b->nname) k = b->word[j].key;
        else k = strcmp(b->pool.p + b->name[i].key, b->pool.p + b->word[j].key) <= 0 ? b->name[i].key
                                                                                    : b->word[j].key;
        rec_key r = {.key = k, .first = (uint32_t)i};
        while (i < b->nname && (b->name[i].key == k || !strcmp(b->pool.p + b->name[i].key, b->pool.p + k)))
            i++, r.count++;
        while (j < b->nword && (b->word[j].key == k || !strcmp(b->pool.p + b->word[j].key, b->pool.p + k)))
            r.wflags |= b->word[j++].wflags;
        keys[nkeys++] = r;
    }

    /* Pointer trie over the sorted keys. */
    captrie = 1024;
    trie = malloc(captrie * sizeof *trie);
    if (!trie) goto nomem;
    trie[ntrie++] = (tnode){-1, -1, -1, -1, 0};
    for (size_t k = 0; k < nkeys; k++) {
        const unsigned char *s = (const unsigned char *)b->pool.p + keys[k].key;
        int32_t u = 0;
        for (; *s; s++) {
            int32_t c = trie[u].last;
            if (c >= 0 && trie[c].label == *s) {
                u = c;
                continue;
            }
            if (ntrie == captrie) {
                tnode *q = realloc(trie, captrie * 2 * sizeof *q);
                if (!q) goto nomem;
                trie = q;
                captrie *= 2;
            }
            trie[ntrie] = (tnode){-1, -1, -1, -1, *s};
            if (trie[u].last >= 0) trie[trie[u].last].next = (int32_t)ntrie;
            else trie[u].child = (int32_t)ntrie;
            trie[u].last = (int32_t)ntrie;
            u = (int32_t)ntrie++;
        }
        trie[u].key = (int32_t)k;
    }
    if ((st = build_da(trie, ntrie, &d))) goto nomem;

    /* Skeletons of the Latin name keys. */
    pairs = malloc((nkeys ? nkeys : 1) * sizeof *pairs);
    if (!pairs) goto nomem;
    for (size_t k = 0; k < nkeys; k++) {
        /* Only keys some source spells that way: the generated connector forms
         * would crowd out other entries, and the cost handles connectors. */
        bool spelled = false;
        for (uint32_t q = 0; q < keys[k].count && !spelled; q++)
            spelled = !(names[keys[k].first + q].flags & CM_GAZ_NAME_VARIANT);
        if (!spelled) continue;
        const char *ks = b->pool.p + keys[k].key;
        char sk[CM_SKEL_MAX];
        size_t sl = cm_translit_skeleton(ks, strlen(ks), sk);
        if (!sl) continue;
        uint32_t off;
        if (!intern(b, sk, sl, &off)) goto nomem;
        pairs[npairs++] = (skel_pair){off, (uint32_t)k};
    }
    sort_pool = b->pool.p; /* interning may have moved the pool */
    if (npairs) qsort(pairs, npairs, sizeof *pairs, cmp_skel);
    skels = malloc((npairs ? npairs : 1) * sizeof *skels);
    skn = malloc((npairs ? npairs : 1) * sizeof *skn);
    if (!skels || !skn) goto nomem;
    for (size_t k = 0; k < npairs; k++) {
        skn[k] = pairs[k].kidx;
        if (nskels && (skels[nskels - 1].skel == pairs[k].skel ||
                       !strcmp(b->pool.p + skels[nskels - 1].skel, b->pool.p + pairs[k].skel)))
            skels[nskels - 1].count++;
        else
            skels[nskels++] = (rec_skel){pairs[k].skel, (uint32_t)k, 1};
    }

    /* The file. */
    unsigned char hdr[GAZ_HEADER] = {0};
    if (cm_buf_append(&out, hdr, sizeof hdr)) goto nomem;
    if (put_section(&out, hdr, S_STR, b->pool.p, b->pool.n) ||
        put_section(&out, hdr, S_ENT, b->ent, b->nent) ||
        put_section(&out, hdr, S_NAME, names, b->nname) ||
        put_section(&out, hdr, S_KEY, keys, nkeys) || put_section(&out, hdr, S_DA, d.da, d.n) ||
        put_section(&out, hdr, S_SKEL, skels, nskels) || put_section(&out, hdr, S_SKN, skn, npairs))
        goto nomem;
    memcpy(hdr, GAZ_MAGIC, 8);
    wr32(hdr + 8, GAZ_VERSION);
    wr32(hdr + 12, GAZ_HEADER);
    wr64(hdr + 16, out.n);
    wr64(hdr + GAZ_META, b->profile_hash);
    wr32(hdr + GAZ_META + 8, b->profile);
    wr32(hdr + GAZ_META + 12, b->country);
    memcpy(out.p + GAZ_META, hdr + GAZ_META, 16);
    wr64(hdr + 24, cm_hash64((unsigned char *)out.p + GAZ_META, out.n - GAZ_META));
    uint32_t bom = GAZ_BOM; /* host order: records are written as the host lays them out */
    memcpy(hdr + 32, &bom, 4);
    wr32(hdr + 36, S_COUNT);
    memcpy(out.p, hdr, sizeof hdr);
    st = cm_file_write(ctx, path, out.p, out.n);
    goto done;
nomem:
    st = cm_fail(ctx, CM_NOMEM, "%s: out of memory while building the index", path);
done:
    free(names);
    free(keys);
    free(trie);
    free(pairs);
    free(skels);
    free(skn);
    free(d.da);
    cm_buf_free(&out);
    return st;
}
