/* gaz: the compiled gazetteer index — its file format, its writer and its
 * loader.
 *
 * An index is built for one profile (core/profile.h) and records it (name,
 * hash, country code). It holds ENTRIES (places: the profile's country, its
 * regions and units, its populated places, the countries of the world and a
 * few foreign cities, each with kind, codes, parent, a point and a
 * population), NAMES (every spelling of every
 * entry, each with its key from norm.h and its source), WORDS (common words of
 * the lexicon languages and the context words such as "provinsi" or "valley"
 * the resolver reads), a double-array trie over the keys of names and words,
 * and a skeleton table for the transliteration matcher (translit.h). The format
 * is documented in docs/gazetteer.md; the loader reads the file in one read,
 * checks magic, version, sizes, every offset and a checksum, and refuses a
 * damaged file with CM_PARSE rather than trusting it.
 *
 * The writer (cm_gaz_builder) is pure C; the sources (the profile's boundary
 * layers, GeoNames, Natural Earth, the exonym table) are read by geo/gazbuild, which feeds it. Both
 * sides of matching use the same keys, so the builder computes them here.
 *
 * A loaded cm_gaz is immutable: any number of threads may use it at once.
 * Strings it returns are borrowed until cm_gaz_close. libc + norm/translit. */
#ifndef CM_GAZ_H
#define CM_GAZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/status.h"
#include "text/mention.h"

#define CM_GAZ_NONE UINT32_MAX

/* Where a name comes from (cm_gaz_name.source). The boundary sources keep
 * their first data set's names ("ocha", "ocha-dari") in cm_gaz_source_name. */
typedef enum {
    CM_GAZ_SRC_OCHA = 1,     /* boundary layer: the canonical name (first name.LANG) */
    CM_GAZ_SRC_OCHA_ALT,     /* boundary layer: alternates in the canonical language */
    CM_GAZ_SRC_OCHA_DARI,    /* boundary layer: names and alternates in other languages */
    CM_GAZ_SRC_GEONAMES,     /* GeoNames name or ascii name */
    CM_GAZ_SRC_GEONAMES_ALT, /* GeoNames alternate name */
    CM_GAZ_SRC_NE,           /* Natural Earth country name */
    CM_GAZ_SRC_CURATED       /* the profile's exonym table (curated.tsv format) */
} cm_gaz_source;

/* Name flags (cm_gaz_name.flags). */
enum {
    CM_GAZ_NAME_PRIMARY = 1u << 0, /* the entry's canonical name */
    CM_GAZ_NAME_VARIANT = 1u << 1, /* a connector form the builder generated */
    CM_GAZ_NAME_CASE = 1u << 2,    /* matches only as written (acronyms: "AS", "UK") */
    CM_GAZ_NAME_EZAFE = 1u << 3    /* builder input: add the ezafe connector forms */
};

/* Word flags at a key (cm_gaz_hit.wflags): the key is a common word of one of
 * the lexicon languages, or a context word naming a kind of place. */
enum {
    CM_GAZ_WORD_COMMON = 1u << 0,   /* "para", "dan", "bala", "the" */
    CM_GAZ_CTX_PROVINCE = 1u << 1,  /* provinsi, province, Provinz */
    CM_GAZ_CTX_DISTRICT = 1u << 2,  /* distrik, district, Bezirk */
    CM_GAZ_CTX_CITY = 1u << 3,      /* kota, city, Stadt */
    CM_GAZ_CTX_VALLEY = 1u << 4,    /* lembah, valley, Tal */
    CM_GAZ_CTX_AIRPORT = 1u << 5,   /* bandara, airport, Flughafen */
    CM_GAZ_CTX_COUNTRY = 1u << 6,   /* negara, country, Land */
    CM_GAZ_CTX_CAPITAL = 1u << 7,   /* ibu kota, capital, Hauptstadt */
    CM_GAZ_WORD_LIST = 1u << 8,     /* dan, and, und: a list goes on */
    CM_GAZ_WORD_PERSON = 1u << 9,   /* a title before a person's name: Presiden, General */
    CM_GAZ_WORD_BEFORE = 1u << 10   /* a context word that labels only a name after it
                                       (Arabic "مدينة X"): after a name it is the noun the
                                       name governs ("مقر المدينة", the city's headquarters) */
};
#define CM_GAZ_CTX_ANY                                                                         \
    (CM_GAZ_CTX_PROVINCE | CM_GAZ_CTX_DISTRICT | CM_GAZ_CTX_CITY | CM_GAZ_CTX_VALLEY |         \
     CM_GAZ_CTX_AIRPORT | CM_GAZ_CTX_COUNTRY | CM_GAZ_CTX_CAPITAL)

/* Entry flags (cm_gaz_entry.flags). */
enum {
    CM_GAZ_ENT_CAPITAL = 1u << 0,     /* seat of its region (PPLA, or the unit the
                                         boundary layer marks "Centre") */
    CM_GAZ_ENT_NATCAPITAL = 1u << 1,  /* seat of a country (PPLC) */
    CM_GAZ_ENT_HOME = 1u << 2         /* the profile's own country */
};

/* Kinds: the country layer gives CM_PLACE_COUNTRY, the region layer
 * CM_PLACE_PROVINCE, the unit layer CM_PLACE_DISTRICT. */
typedef struct {
    const char *name;     /* canonical name (the layer's first name field) */
    const char *pcode;    /* own code (a region's, a unit's: "AF08", "AF0907"); for a
                             populated place its unit; the country code for the
                             home country; "" when foreign */
    const char *province; /* the region's code ("" for countries, foreign places,
                             and units of a profile without regions) */
    const char *parent;   /* code of the containing entry: a unit's region (or the
                             country), a region's country, a populated place's unit;
                             from the layer's parent field, else by containment;
                             "" for countries and foreign places */
    const char *fcode;    /* "ADM1", "ADM2", "PCLI", or the GeoNames feature code */
    const char *country;  /* ISO 3166 alpha-2 where known (the profile's), else "" */
    cm_place_kind kind;
    uint32_t flags;       /* CM_GAZ_ENT_* */
    double lat, lon;      /* WGS 84 degrees: the place or a point inside the unit */
    uint32_t population;  /* 0 when unknown */
    uint32_t geonameid;   /* 0 when not from GeoNames */
} cm_gaz_entry;

typedef struct {
    uint32_t entry;       /* entry id */
    const char *surface;  /* the name as its source writes it */
    const char *key;      /* its key (norm.h) */
    cm_gaz_source source;
    uint32_t flags;       /* CM_GAZ_NAME_* */
} cm_gaz_name;

/* What a key leads to: the names with that key, and its word flags. */
typedef struct {
    uint32_t first, count; /* names [first, first + count) */
    uint32_t wflags;       /* CM_GAZ_WORD_*, CM_GAZ_CTX_* */
    const char *key;
} cm_gaz_hit;

/* ---- reading --------------------------------------------------------------- */

/* Loads the index at path. Fails with CM_IO (cannot read), CM_PARSE (not an
 * index, another version, or damaged: the message names the file and what is
 * wrong) or CM_NOMEM. *out belongs to the caller (cm_gaz_close). */
cm_status cm_gaz_open(cm_ctx *ctx, const char *path, cm_gaz **out) CM_WUR;
void cm_gaz_close(cm_gaz *g); /* NULL is a no-op */

/* Same, from bytes in memory (copied). name is used in messages. */
cm_status cm_gaz_open_mem(cm_ctx *ctx, const char *name, const void *p, size_t n,
                          cm_gaz **out) CM_WUR;

struct cm_profile; /* core/profile.h */

/* The profile the index was built for: its name ("" when written without
 * one), its cm_profile_hash, and its country's ISO code ("AF"). */
const char *cm_gaz_profile_name(const cm_gaz *g);
uint64_t cm_gaz_profile_hash(const cm_gaz *g);
const char *cm_gaz_country(const cm_gaz *g);
/* The entry of the profile's own country (CM_GAZ_ENT_HOME), or CM_GAZ_NONE. */
uint32_t cm_gaz_home(const cm_gaz *g);
/* CM_OK when g (read from path, named in the message) was built for profile
 * p; else CM_PARSE: "PATH: built for profile afghanistan, not ukraine (run
 * `conflictmap gazetteer build --profile ukraine`)". Built from another text
 * of the same profile (the hash differs): a warning to rebuild, CM_OK. */
cm_status cm_gaz_check_profile(cm_ctx *ctx, const cm_gaz *g, const char *path,
                               const struct cm_profile *p) CM_WUR;
/* cm_gaz_open, then cm_gaz_check_profile; *out is NULL on failure. */
cm_status cm_gaz_open_profile(cm_ctx *ctx, const char *path, const struct cm_profile *p,
                              cm_gaz **out) CM_WUR;

size_t cm_gaz_entry_count(const cm_gaz *g);
size_t cm_gaz_name_count(const cm_gaz *g);
size_t cm_gaz_key_count(const cm_gaz *g);
/* Bytes of the loaded index. */
size_t cm_gaz_bytes(const cm_gaz *g);

/* Entry id (< cm_gaz_entry_count) and name index (< cm_gaz_name_count); an id
 * out of range yields a zeroed record with empty strings. */
void cm_gaz_entry_get(const cm_gaz *g, uint32_t id, cm_gaz_entry *out);
void cm_gaz_name_get(const cm_gaz *g, uint32_t idx, cm_gaz_name *out);
/* Key index (< cm_gaz_key_count): the keys in byte order. */
void cm_gaz_key_get(const cm_gaz *g, uint32_t kidx, cm_gaz_hit *out);

/* Trie walk. A node is an int32; cm_gaz_root() is the start. cm_gaz_step
 * follows k[0..n) and returns false (node unchanged or partly moved) when no
 * key continues that way. cm_gaz_node_hit tells whether a key ends at node. */
typedef int32_t cm_gaz_node;
static inline cm_gaz_node cm_gaz_root(void) { return 0; }
bool cm_gaz_step(const cm_gaz *g, cm_gaz_node *node, const char *k, size_t n);
bool cm_gaz_node_hit(const cm_gaz *g, cm_gaz_node node, cm_gaz_hit *out);

/* The names and word flags of the exact key k[0..n); false when unknown. */
bool cm_gaz_lookup_key(const cm_gaz *g, const char *k, size_t n, cm_gaz_hit *out);

/* Key indices of the names whose skeleton is sk (NUL-terminated): *kidx points
 * into the index (borrowed), *count of them. False when none. */
bool cm_gaz_skeleton(const cm_gaz *g, const char *sk, const uint32_t **kidx, uint32_t *count);

/* True when some name's skeleton starts with prefix (NUL-terminated; the
 * empty prefix matches any). */
bool cm_gaz_skeleton_prefix(const cm_gaz *g, const char *prefix);

/* "country", "province", "district", "place", "foreign", "other". */
const char *cm_gaz_kind_name(cm_place_kind k);
/* "ocha", "ocha-alt", "ocha-dari", "geonames", "geonames-alt", "naturalearth", "curated". */
const char *cm_gaz_source_name(cm_gaz_source s);

/* ---- writing --------------------------------------------------------------- */

typedef struct cm_gaz_builder cm_gaz_builder;

cm_gaz_builder *cm_gaz_builder_new(void); /* NULL on allocation failure */
void cm_gaz_builder_free(cm_gaz_builder *b); /* NULL is a no-op */

/* Records the profile the index is built for (name, hash, country code). */
cm_status cm_gaz_builder_profile(cm_gaz_builder *b, const struct cm_profile *p) CM_WUR;

/* Adds an entry (strings copied; NULL strings read as ""). *id receives its id. */
cm_status cm_gaz_builder_entry(cm_gaz_builder *b, const cm_gaz_entry *e, uint32_t *id) CM_WUR;
/* Adds a name of entry id (surface copied). With CM_GAZ_NAME_EZAFE every
 * connector form is indexed too: "Pul-e-Hisar" as pulehisar, pulihisar,
 * pulhisar, puleyehisar...; "Deh Salah" as dehsalah, dehesalah, dehisalah. A
 * name whose key is empty is skipped. Duplicates (same entry and key) keep the
 * first source. */
cm_status cm_gaz_builder_name(cm_gaz_builder *b, uint32_t entry, const char *surface,
                              cm_gaz_source source, uint32_t flags) CM_WUR;
/* Adds word flags (CM_GAZ_WORD_*, CM_GAZ_CTX_*) to the key of word. */
cm_status cm_gaz_builder_word(cm_gaz_builder *b, const char *word, uint32_t wflags) CM_WUR;
/* Entries and names added so far. */
size_t cm_gaz_builder_entries(const cm_gaz_builder *b);
size_t cm_gaz_builder_names(const cm_gaz_builder *b);
/* The id of the entry whose pcode (admin units) or name (countries) is s, or
 * CM_GAZ_NONE. Linear; for the builder's few lookups. */
uint32_t cm_gaz_builder_find(const cm_gaz_builder *b, const char *pcode, const char *name);
/* Adds CM_GAZ_ENT_* flags to entry id (no-op when out of range). */
void cm_gaz_builder_add_flags(cm_gaz_builder *b, uint32_t id, uint32_t flags);
/* A copy of entry id (strings borrowed from the builder until its next call). */
bool cm_gaz_builder_entry_get(const cm_gaz_builder *b, uint32_t id, cm_gaz_entry *out);

/* Writes the index to path through cm_out (all or nothing). */
cm_status cm_gaz_builder_write(cm_ctx *ctx, cm_gaz_builder *b, const char *path) CM_WUR;

#endif
