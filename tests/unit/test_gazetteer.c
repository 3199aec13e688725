// labels: gdal
/* Unit tests for src/text/gaz (and, through the fixture index built from
 * ../shared by `conflictmap gazetteer build`, src/geo/gazbuild): what the index
 * holds, that loading uses it as it lies on disk, lookups, and that a damaged
 * index is refused; an index of the made-up profile tests/cases/toyland (no
 * regions: parents by containment; GeoNames rows of other countries left out;
 * its exonyms), and that an index opened with another profile than its own is
 * refused. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/file.h"
#include "core/profile.h"
#include "core/str.h"
#include "geo/gazbuild.h"
#include "text/gaz.h"
#include "text/norm.h"

static const char *gaz_path(void)
{
    const char *p = getenv("CONFLICTMAP_GAZETTEER");
    return p && *p ? p : "test-gazetteer.gaz";
}

static cm_gaz *G;
static cm_buf RAW; /* the index file's bytes */

static int setup(void **state)
{
    (void)state;
    cm_ctx *ctx = cm_ctx_new();
    cm_status st = cm_gaz_open(ctx, gaz_path(), &G);
    if (st) fprintf(stderr, "%s\n", cm_ctx_message(ctx));
    cm_ctx_free(ctx);
    if (st) return -1;
    ctx = cm_ctx_new();
    st = cm_file_read(ctx, gaz_path(), 0, &RAW);
    cm_ctx_free(ctx);
    return st ? -1 : 0;
}

static int teardown(void **state)
{
    (void)state;
    cm_gaz_close(G);
    cm_buf_free(&RAW);
    return 0;
}

/* Loading reads the file into one block and checks it: the index is used as
 * it lies on disk, nothing is rebuilt, so what a load costs is the file's size
 * (its time is reported by `--stats`, measured in bench/places). The block
 * holds the file's bytes, and the same bytes given from memory make the same
 * index. */
static void test_load_in_place(void **state)
{
    (void)state;
    cm_ctx *ctx = cm_ctx_new();
    cm_gaz *g = NULL, *m = NULL;
    assert_int_equal(cm_gaz_open(ctx, gaz_path(), &g), CM_OK);
    assert_int_equal(cm_gaz_open_mem(ctx, "copy.gaz", RAW.p, RAW.n, &m), CM_OK);
    assert_int_equal(cm_gaz_bytes(g), RAW.n);
    assert_int_equal(cm_gaz_bytes(m), RAW.n);
    assert_true(cm_gaz_entry_count(g) > 0 && cm_gaz_name_count(g) > 0 && cm_gaz_key_count(g) > 0);
    assert_int_equal(cm_gaz_entry_count(m), cm_gaz_entry_count(g));
    assert_int_equal(cm_gaz_name_count(m), cm_gaz_name_count(g));
    assert_int_equal(cm_gaz_key_count(m), cm_gaz_key_count(g));
    for (uint32_t i = 0; i < cm_gaz_entry_count(g); i++) {
        cm_gaz_entry a, b;
        cm_gaz_entry_get(g, i, &a);
        cm_gaz_entry_get(m, i, &b);
        assert_string_equal(a.name, b.name);
        assert_string_equal(a.pcode, b.pcode);
        assert_true(a.lat == b.lat && a.lon == b.lon && a.kind == b.kind);
    }
    for (uint32_t i = 0; i < cm_gaz_key_count(g); i++) {
        cm_gaz_hit a, b;
        cm_gaz_key_get(g, i, &a);
        cm_gaz_key_get(m, i, &b);
        assert_string_equal(a.key, b.key);
        assert_true(a.first == b.first && a.count == b.count && a.wflags == b.wflags);
    }
    cm_gaz_close(g);
    cm_gaz_close(m);
    cm_ctx_free(ctx);
}

static void test_contents(void **state)
{
    (void)state;
    size_t kinds[8] = {0}, afg = 0;
    for (uint32_t i = 0; i < cm_gaz_entry_count(G); i++) {
        cm_gaz_entry e;
        cm_gaz_entry_get(G, i, &e);
        kinds[e.kind]++;
        if (e.flags & CM_GAZ_ENT_HOME) {
            afg++;
            assert_int_equal(i, cm_gaz_home(G));
            assert_string_equal(e.pcode, "AF");
            assert_string_equal(e.parent, "");
        }
        if (e.kind == CM_PLACE_PROVINCE) assert_string_equal(e.parent, "AF");
        if (e.kind == CM_PLACE_DISTRICT) {
            assert_int_equal(strlen(e.pcode), 6);
            assert_memory_equal(e.pcode, e.province, 4);
            assert_string_equal(e.parent, e.province); /* ADM1_PCODE, the profile's parent field */
            /* a point inside Afghanistan's box */
            assert_true(e.lat > 29 && e.lat < 39 && e.lon > 60 && e.lon < 75.5);
        }
        if (e.kind == CM_PLACE_PPL) {
            assert_int_equal(strlen(e.pcode), 6);
            assert_string_equal(e.parent, e.pcode); /* the district holding it */
            assert_true(e.geonameid > 0);
        }
    }
    assert_int_equal(kinds[CM_PLACE_PROVINCE], 34);
    assert_int_equal(kinds[CM_PLACE_DISTRICT], 399);
    assert_true(kinds[CM_PLACE_PPL] >= 300);
    assert_true(kinds[CM_PLACE_COUNTRY] >= 200);
    assert_true(kinds[CM_PLACE_FOREIGN] >= 10); /* curated foreign cities */
    assert_int_equal(afg, 1);
    assert_string_equal(cm_gaz_profile_name(G), "afghanistan");
    assert_string_equal(cm_gaz_country(G), "AF");
}

/* Entry ids of key s (through norm), of kind k and pcode pc: found? */
static bool has(const char *s, cm_place_kind k, const char *pc)
{
    cm_buf b = {0};
    assert_int_equal(cm_norm_key(s, strlen(s), &b), CM_OK);
    cm_gaz_hit h;
    bool found = false;
    if (cm_gaz_lookup_key(G, b.p, b.n, &h))
        for (uint32_t i = 0; i < h.count && !found; i++) {
            cm_gaz_name nm;
            cm_gaz_entry e;
            cm_gaz_name_get(G, h.first + i, &nm);
            cm_gaz_entry_get(G, nm.entry, &e);
            found = e.kind == k && !strcmp(e.pcode, pc);
        }
    cm_buf_free(&b);
    return found;
}

static void test_lookups(void **state)
{
    (void)state;
    assert_true(has("Panjsher", CM_PLACE_PROVINCE, "AF08"));           /* OCHA English */
    assert_true(has("پنجشیر", CM_PLACE_PROVINCE, "AF08"));             /* OCHA Dari */
    assert_true(has("Badachschan", CM_PLACE_PROVINCE, "AF17"));        /* curated (de) */
    assert_true(has("Banu", CM_PLACE_DISTRICT, "AF0907"));             /* ADM2ALT1EN */
    assert_true(has("Kabul", CM_PLACE_PROVINCE, "AF01"));
    assert_true(has("Kabul", CM_PLACE_DISTRICT, "AF0101"));
    assert_true(has("Kabul", CM_PLACE_PPL, "AF0101"));                 /* GeoNames, by polygon */
    assert_true(has("كابل", CM_PLACE_PPL, "AF0101"));                  /* Arabic kaf folded */
    assert_true(has("Charikar", CM_PLACE_PPL, "AF0301"));
    assert_true(has("Mazar-e Sharif", CM_PLACE_PPL, "AF2101"));
    assert_true(has("Pol-e Hesar", CM_PLACE_PPL, "AF0912"));           /* GeoNames alternate */
    /* Ezafe connector forms of the OCHA name Pul-e-Hisar. */
    assert_true(has("Pul-i-Hisar", CM_PLACE_DISTRICT, "AF0912"));
    assert_true(has("Pule Hisar", CM_PLACE_DISTRICT, "AF0912"));
    assert_true(has("Pul Hisar", CM_PLACE_DISTRICT, "AF0912"));
    assert_true(has("Deh-e-Salah", CM_PLACE_DISTRICT, "AF0908"));
    assert_true(has("Tajikistan", CM_PLACE_COUNTRY, ""));
    assert_true(has("Doha", CM_PLACE_FOREIGN, ""));
    /* The boundary file's "Centre" remark is no name. */
    cm_gaz_hit h;
    assert_false(cm_gaz_lookup_key(G, "centre", 6, &h) && h.count);
    /* Word flags. */
    assert_true(cm_gaz_lookup_key(G, "provinsi", 8, &h));
    assert_true(h.wflags & CM_GAZ_CTX_PROVINCE);
    assert_true(cm_gaz_lookup_key(G, "distrik", 7, &h));
    assert_true(h.wflags & CM_GAZ_CTX_DISTRICT);
    assert_true(cm_gaz_lookup_key(G, "para", 4, &h));
    assert_true(h.wflags & CM_GAZ_WORD_COMMON);
    /* Acronyms match only in capitals. */
    assert_true(cm_gaz_lookup_key(G, "as", 2, &h) && h.count);
    cm_gaz_name nm;
    cm_gaz_name_get(G, h.first, &nm);
    assert_true(nm.flags & CM_GAZ_NAME_CASE);
    /* Skeletons. */
    const uint32_t *ks;
    uint32_t n;
    assert_true(cm_gaz_skeleton(G, "BDKSN", &ks, &n));
    bool seen = false;
    for (uint32_t i = 0; i < n; i++) {
        cm_gaz_hit k;
        cm_gaz_key_get(G, ks[i], &k);
        seen = seen || !strcmp(k.key, "badakhshan");
    }
    assert_true(seen);
    assert_true(cm_gaz_skeleton_prefix(G, "BDK"));
    assert_false(cm_gaz_skeleton_prefix(G, "QQQ"));
    /* Out-of-range ids are harmless. */
    cm_gaz_entry e;
    cm_gaz_entry_get(G, UINT32_MAX, &e);
    assert_string_equal(e.name, "");
}

/* The keys of the index, sorted here (by bytes, then length) to look strings up
 * without the trie. */
typedef struct {
    const char *k;
    size_t n;
} key_ref;

static int key_cmp(const void *x, const void *y)
{
    const key_ref *a = x, *b = y;
    int c = memcmp(a->k, b->k, a->n < b->n ? a->n : b->n);
    return c ? c : (a->n > b->n) - (a->n < b->n);
}

/* What the trie says about k[0..n) (a lookup, and a walk that must agree with
 * it) equals whether k is a key of the list; a found key is k itself. */
static void check_key(const key_ref *ref, size_t nk, const char *k, size_t n)
{
    key_ref q = {k, n};
    bool want = bsearch(&q, ref, nk, sizeof *ref, key_cmp) != NULL;
    cm_gaz_hit h, w;
    bool got = cm_gaz_lookup_key(G, k, n, &h);
    assert_int_equal(got, want);
    cm_gaz_node nd = cm_gaz_root();
    bool walked = cm_gaz_step(G, &nd, k, n) && cm_gaz_node_hit(G, nd, &w);
    assert_int_equal(walked, want);
    if (!got) return;
    assert_int_equal(strlen(h.key), n);
    assert_memory_equal(h.key, k, n);
    assert_true((h.count > 0 || h.wflags) && (size_t)h.first + h.count <= cm_gaz_name_count(G));
    assert_true(w.first == h.first && w.count == h.count && w.wflags == h.wflags);
}

static void test_trie_robust(void **state)
{
    (void)state;
    size_t nk = cm_gaz_key_count(G);
    assert_true(nk > 0);
    key_ref *ref = malloc(nk * sizeof *ref);
    assert_non_null(ref);
    bool first_byte[256] = {false}, one_byte[256] = {false};
    for (uint32_t i = 0; i < nk; i++) {
        cm_gaz_hit h;
        cm_gaz_key_get(G, i, &h);
        ref[i] = (key_ref){h.key, strlen(h.key)};
        assert_true(ref[i].n > 0);
        first_byte[(unsigned char)h.key[0]] = true;
        if (ref[i].n == 1) one_byte[(unsigned char)h.key[0]] = true;
    }
    qsort(ref, nk, sizeof *ref, key_cmp);
    /* every key is found, with its own names */
    for (size_t i = 0; i < nk; i++) check_key(ref, nk, ref[i].k, ref[i].n);
    /* random byte strings (every byte value), and keys cut short, run on or
     * with one byte changed: found exactly when they are keys, never a fault */
    unsigned s = 12345;
    char k[64];
    size_t hits = 0;
    for (int i = 0; i < 20000; i++) {
        s = s * 1103515245u + 12345u;
        size_t n;
        if (i % 2) {
            n = 1 + (s >> 16) % 15;
            for (size_t j = 0; j < n; j++) s = s * 1103515245u + 12345u, k[j] = (char)(s >> 16);
        } else {
            const key_ref *r = &ref[(s >> 8) % nk];
            n = r->n < sizeof k - 1 ? r->n : sizeof k - 1;
            memcpy(k, r->k, n);
            s = s * 1103515245u + 12345u;
            switch ((s >> 16) % 4) { /* the key itself, cut short, one byte more, one changed */
            case 0: break;
            case 1: n = n > 1 ? 1 + (s >> 20) % (n - 1) : n; break;
            case 2: k[n++] = (char)(s >> 8); break;
            default: k[(s >> 20) % n] ^= (char)(1 + (s >> 8) % 255); break;
            }
        }
        check_key(ref, nk, k, n);
        hits += cm_gaz_lookup_key(G, k, n, &(cm_gaz_hit){0});
    }
    assert_true(hits > 2000); /* a quarter are keys themselves: the key cases did reach keys */
    /* one step from the root: it goes on exactly when a key starts with the
     * byte, and ends on a key exactly when the byte alone is one */
    for (int c = 0; c < 256; c++) {
        char b = (char)c;
        cm_gaz_node nd = cm_gaz_root();
        cm_gaz_hit h;
        bool stepped = cm_gaz_step(G, &nd, &b, 1);
        assert_int_equal(stepped, first_byte[c]);
        assert_int_equal(stepped && cm_gaz_node_hit(G, nd, &h), one_byte[c]);
    }
    free(ref);
}

static cm_status open_bytes(const unsigned char *p, size_t n)
{
    cm_ctx *ctx = cm_ctx_new();
    cm_gaz *g = NULL;
    cm_status st = cm_gaz_open_mem(ctx, "damaged.gaz", p, n, &g);
    if (st) assert_true(strstr(cm_ctx_message(ctx), "damaged.gaz") != NULL);
    cm_gaz_close(g);
    cm_ctx_free(ctx);
    return st;
}

static void test_damaged(void **state)
{
    (void)state;
    size_t n = RAW.n;
    unsigned char *c = malloc(n);
    assert_non_null(c);
    assert_int_equal(open_bytes((unsigned char *)RAW.p, n), CM_OK);
    /* Truncated, empty, padded. */
    assert_int_equal(open_bytes((unsigned char *)RAW.p, n - 1), CM_PARSE);
    assert_int_equal(open_bytes((unsigned char *)RAW.p, 0), CM_PARSE);
    assert_int_equal(open_bytes((unsigned char *)RAW.p, 100), CM_PARSE);
    /* Bad magic, another version. */
    memcpy(c, RAW.p, n);
    c[0] ^= 1;
    assert_int_equal(open_bytes(c, n), CM_PARSE);
    memcpy(c, RAW.p, n);
    c[8]++;
    assert_int_equal(open_bytes(c, n), CM_PARSE);
    /* A flipped byte anywhere in the body: the checksum. */
    for (size_t at = 200; at < n; at += n / 7) {
        memcpy(c, RAW.p, n);
        c[at] ^= 0x40;
        assert_int_equal(open_bytes(c, n), CM_PARSE);
    }
    /* Section table pointing out of the file (the header is not checksummed:
     * bounds are checked on their own). */
    for (int s = 0; s < 7; s++) {
        memcpy(c, RAW.p, n);
        c[40 + 16 * s + 7] = 0x7F; /* offset high byte */
        assert_int_equal(open_bytes(c, n), CM_PARSE);
        memcpy(c, RAW.p, n);
        c[48 + 16 * s + 6] = 0x7F; /* count */
        assert_int_equal(open_bytes(c, n), CM_PARSE);
    }
    free(c);
    /* A missing file is an I/O error naming it. */
    cm_ctx *ctx = cm_ctx_new();
    cm_gaz *g;
    assert_int_equal(cm_gaz_open(ctx, "/nonexistent/x.gaz", &g), CM_IO);
    assert_non_null(strstr(cm_ctx_message(ctx), "/nonexistent/x.gaz"));
    assert_null(g);
    cm_ctx_free(ctx);
}

static void test_builder(void **state)
{
    (void)state;
    cm_gaz_builder *b = cm_gaz_builder_new();
    assert_non_null(b);
    cm_gaz_entry e = {.name = "Pul-e-Hisar", .pcode = "AF0912", .province = "AF09", .fcode = "ADM2",
                      .kind = CM_PLACE_DISTRICT, .lat = 35.5, .lon = 69.5};
    uint32_t d, c;
    assert_int_equal(cm_gaz_builder_entry(b, &e, &d), CM_OK);
    cm_gaz_entry f = {.name = "United States of America", .kind = CM_PLACE_COUNTRY, .lat = 40, .lon = -100};
    assert_int_equal(cm_gaz_builder_entry(b, &f, &c), CM_OK);
    assert_int_equal(cm_gaz_builder_name(b, d, "Pul-e-Hisar", CM_GAZ_SRC_OCHA,
                                         CM_GAZ_NAME_PRIMARY | CM_GAZ_NAME_EZAFE), CM_OK);
    assert_int_equal(cm_gaz_builder_name(b, d, "Pul-e-Hisar", CM_GAZ_SRC_OCHA, 0), CM_OK); /* duplicate */
    assert_int_equal(cm_gaz_builder_name(b, d, "پل حصار", CM_GAZ_SRC_OCHA_DARI, 0), CM_OK);
    assert_int_equal(cm_gaz_builder_name(b, c, "AS", CM_GAZ_SRC_CURATED, 0), CM_OK);
    assert_int_equal(cm_gaz_builder_name(b, c, " - ", CM_GAZ_SRC_CURATED, 0), CM_OK); /* empty key: skipped */
    assert_int_equal(cm_gaz_builder_word(b, "provinsi", CM_GAZ_CTX_PROVINCE), CM_OK);
    assert_int_equal(cm_gaz_builder_word(b, "as", CM_GAZ_WORD_COMMON), CM_OK);
    assert_int_equal(cm_gaz_builder_find(b, "AF0912", NULL), d);
    assert_int_equal(cm_gaz_builder_find(b, NULL, "United States of America"), c);
    char path[4096];
    const char *dir = getenv("CM_BUILD");
    snprintf(path, sizeof path, "%s/test_gazetteer_small.gaz", dir ? dir : ".");
    cm_ctx *ctx = cm_ctx_new();
    assert_int_equal(cm_gaz_builder_write(ctx, b, path), CM_OK);
    cm_gaz_builder_free(b);
    cm_gaz *g;
    assert_int_equal(cm_gaz_open(ctx, path, &g), CM_OK);
    assert_int_equal(cm_gaz_entry_count(g), 2);
    cm_gaz_hit h;
    /* Five connector forms for one explicit connector. */
    const char *forms[] = {"pulehisar", "pulihisar", "pulhisar", "pulyehisar", "pulyihisar"};
    for (size_t i = 0; i < 5; i++) assert_true(cm_gaz_lookup_key(g, forms[i], strlen(forms[i]), &h) && h.count == 1);
    assert_true(cm_gaz_lookup_key(g, "پلحصار", strlen("پلحصار"), &h));
    assert_true(cm_gaz_lookup_key(g, "as", 2, &h));
    assert_int_equal(h.count, 1);
    assert_true(h.wflags & CM_GAZ_WORD_COMMON);
    cm_gaz_name nm;
    cm_gaz_name_get(g, h.first, &nm);
    assert_true(nm.flags & CM_GAZ_NAME_CASE);
    assert_string_equal(nm.surface, "AS");
    assert_true(cm_gaz_lookup_key(g, "provinsi", 8, &h));
    assert_int_equal(h.count, 0);
    assert_int_equal(h.wflags, CM_GAZ_CTX_PROVINCE);
    cm_gaz_entry got;
    cm_gaz_entry_get(g, d, &got);
    assert_string_equal(got.pcode, "AF0912");
    assert_true(got.lat > 35.49 && got.lat < 35.51);
    cm_gaz_close(g);
    remove(path);
    cm_ctx_free(ctx);
}

static const char *src_dir(void)
{
    const char *s = getenv("CM_SOURCE");
    return s && *s ? s : ".";
}

/* tests/cases/toyland's index, built into path. */
static cm_profile *build_toyland(cm_ctx *ctx, char *path, size_t n, cm_gazbuild_stats *s)
{
    char dir[4096], words[4096];
    snprintf(dir, sizeof dir, "%s/tests/cases/toyland", src_dir());
    snprintf(words, sizeof words, "%s/gazetteer/words.tsv", src_dir());
    const char *b = getenv("CM_BUILD");
    snprintf(path, n, "%s/test_gazetteer_toyland.gaz", b ? b : ".");
    cm_profile *p = NULL;
    if (cm_profile_load(ctx, dir, src_dir(), &p)) fail_msg("%s", cm_ctx_message(ctx));
    cm_gazbuild_opts o = {.profile = p, .boundaries = cm_profile_boundaries(p), .geonames = cm_profile_geonames(p),
                          .exonyms = cm_profile_exonyms(p), .words = words, .out = path};
    if (cm_gazbuild_run(ctx, &o, s)) fail_msg("%s", cm_ctx_message(ctx));
    return p;
}

/* The entry of kind k and code pc in g, or NULL entries' id CM_GAZ_NONE. */
static uint32_t entry_of(const cm_gaz *g, cm_place_kind k, const char *pc, cm_gaz_entry *out)
{
    for (uint32_t i = 0; i < cm_gaz_entry_count(g); i++) {
        cm_gaz_entry_get(g, i, out);
        if (out->kind == k && !strcmp(out->pcode, pc)) return i;
    }
    return CM_GAZ_NONE;
}

/* The entry the key of name s leads to first, or CM_GAZ_NONE. */
static uint32_t named(const cm_gaz *g, const char *s)
{
    cm_buf b = {0};
    assert_int_equal(cm_norm_key(s, strlen(s), &b), CM_OK);
    cm_gaz_hit h;
    cm_gaz_name nm = {.entry = CM_GAZ_NONE};
    if (cm_gaz_lookup_key(g, b.p, b.n, &h) && h.count) cm_gaz_name_get(g, h.first, &nm);
    cm_buf_free(&b);
    return nm.entry;
}

static void test_toyland(void **state)
{
    (void)state;
    cm_ctx *ctx = cm_ctx_new();
    char path[4096];
    cm_gazbuild_stats s;
    cm_profile *p = build_toyland(ctx, path, sizeof path, &s);
    assert_int_equal(s.regions, 0);
    assert_int_equal(s.units, 2);
    assert_int_equal(s.places, 2); /* Strayville is in AF, Toy Lake no populated place */
    assert_int_equal(s.curated_names, 3);
    cm_gaz *g;
    if (cm_gaz_open_profile(ctx, path, p, &g)) fail_msg("%s", cm_ctx_message(ctx));
    assert_string_equal(cm_gaz_profile_name(g), "toyland");
    assert_true(cm_gaz_profile_hash(g) == cm_profile_hash(p));
    assert_string_equal(cm_gaz_country(g), "XT");
    cm_gaz_entry e;
    uint32_t home = entry_of(g, CM_PLACE_COUNTRY, "XT", &e);
    assert_int_equal(home, cm_gaz_home(g));
    assert_true(e.flags & CM_GAZ_ENT_HOME);
    assert_string_equal(e.name, "Toyland");
    assert_string_equal(e.parent, "");
    assert_int_equal(named(g, "Toyland Republic"), home); /* the layer's own name */
    assert_int_equal(named(g, "Toyrike"), home);          /* exonym on the country code */
    uint32_t w = entry_of(g, CM_PLACE_DISTRICT, "W7", &e);
    assert_int_not_equal(w, CM_GAZ_NONE);
    assert_string_equal(e.parent, "XT"); /* no region: the country, by containment */
    assert_string_equal(e.province, "");
    assert_string_equal(e.fcode, "ADM1");
    assert_string_equal(e.country, "XT");
    assert_true(e.lon > 10 && e.lon < 11 && e.lat > 40 && e.lat < 41);
    assert_int_equal(named(g, "Westmark"), w);
    assert_int_equal(named(g, "West Mark"), w);          /* alt.en */
    assert_int_equal(named(g, "Marche de l'Ouest"), w);  /* name.fr */
    assert_int_equal(named(g, "Vestmark"), w);           /* exonym on a unit code */
    uint32_t q = entry_of(g, CM_PLACE_DISTRICT, "Q3", &e);
    assert_true(e.flags & CM_GAZ_ENT_CAPITAL); /* its alt.en says "Centre", and Eastburg is PPLA */
    assert_int_equal(named(g, "Estmarche"), q);          /* alt.fr */
    assert_int_equal(named(g, "Centre"), CM_GAZ_NONE);   /* a remark, no name */
    uint32_t eb = named(g, "Eastburg");
    cm_gaz_entry_get(g, eb, &e);
    assert_int_equal(e.kind, CM_PLACE_PPL);
    assert_string_equal(e.pcode, "Q3"); /* by polygon */
    assert_string_equal(e.parent, "Q3");
    assert_int_equal(named(g, "Ostburg"), eb);    /* GeoNames alternate */
    assert_int_equal(named(g, "Osterburg"), eb);  /* exonym on a GeoNames id */
    assert_int_equal(named(g, "Strayville"), CM_GAZ_NONE); /* another country's row */
    assert_int_equal(named(g, "Toy Lake"), CM_GAZ_NONE);   /* not a populated place */
    cm_gaz_close(g);
    cm_profile_free(p);
    remove(path);
    cm_ctx_free(ctx);
}

static void keep_warning(cm_log_level level, const char *msg, void *ud)
{
    if (level == CM_LOG_WARN) snprintf(ud, 512, "%s", msg);
}

/* An index opened with another profile than its own: one line that says
 * which it was built for and how to build the other. */
static void test_other_profile(void **state)
{
    (void)state;
    cm_ctx *ctx = cm_ctx_new();
    char path[4096];
    cm_gazbuild_stats s;
    cm_profile *toy = build_toyland(ctx, path, sizeof path, &s), *afg = NULL;
    assert_int_equal(cm_profile_load(ctx, "afghanistan", src_dir(), &afg), CM_OK);
    cm_gaz *g = (cm_gaz *)1;
    assert_int_equal(cm_gaz_open_profile(ctx, path, afg, &g), CM_PARSE);
    assert_null(g);
    char want[4200];
    snprintf(want, sizeof want, "%s: built for profile toyland, not afghanistan (run `conflictmap gazetteer build "
             "--profile afghanistan`)", path);
    assert_string_equal(cm_ctx_message(ctx), want);
    cm_ctx_clear(ctx);
    assert_int_equal(cm_gaz_open_profile(ctx, gaz_path(), toy, &g), CM_PARSE);
    assert_non_null(strstr(cm_ctx_message(ctx), "built for profile afghanistan, not toyland"));
    cm_ctx_clear(ctx);
    assert_int_equal(cm_gaz_check_profile(ctx, G, gaz_path(), afg), CM_OK);
    /* Another text of the same profile: a warning to rebuild, no error. */
    const char *text = "profile\tafghanistan\ncountry\tAF\tAfghanistan\nlayer\tcountry\tadm0\tname.en=ADM0_EN\n"
                       "layer\tunit\tadm2\tcode=ADM2_PCODE\tname.en=ADM2_EN\nside\tt\t#000000\tground\tT\n";
    cm_profile *edited = NULL;
    assert_int_equal(cm_profile_parse(ctx, ".", ".", text, strlen(text), &edited), CM_OK);
    char warned[512] = "";
    cm_ctx_set_log(ctx, keep_warning, warned);
    assert_int_equal(cm_gaz_check_profile(ctx, G, gaz_path(), edited), CM_OK);
    assert_non_null(strstr(warned, "built from another version of profile afghanistan"));
    cm_ctx_set_log(ctx, NULL, NULL);
    cm_profile_free(edited);
    /* An index written without a profile is refused too. */
    cm_gaz_builder *b = cm_gaz_builder_new();
    assert_int_equal(cm_gaz_builder_write(ctx, b, path), CM_OK);
    cm_gaz_builder_free(b);
    cm_ctx_clear(ctx);
    assert_int_equal(cm_gaz_open_profile(ctx, path, afg, &g), CM_PARSE);
    assert_non_null(strstr(cm_ctx_message(ctx), "built for no profile, not afghanistan"));
    remove(path);
    cm_profile_free(toy);
    cm_profile_free(afg);
    cm_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_load_in_place), cmocka_unit_test(test_contents),
        cmocka_unit_test(test_lookups),     cmocka_unit_test(test_trie_robust),
        cmocka_unit_test(test_damaged),     cmocka_unit_test(test_builder),
        cmocka_unit_test(test_toyland),     cmocka_unit_test(test_other_profile),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
