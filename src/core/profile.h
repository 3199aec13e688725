/* profile: everything that belongs to one conflict rather than to the tool.
 *
 * A profile is a folder holding `profile.tsv` (docs/profiles.md): the country,
 * the boundary layers and their fields, the sides (id, colour, whether they
 * hold ground, a label per language, the words that name them per language in
 * `words/LANG.tsv`), the default projection and view, the map's title,
 * subtitle and attribution, the GeoNames country filter, the exonym and ACLED
 * actor tables. The code knows no country and no side: it asks the profile.
 *
 * Controllers (who holds a unit on a day) are small integers: CM_CTRL_NONE,
 * then one per side in the profile's order (side i is controller i + 1), and
 * CM_CTRL_CONTESTED. A side that holds no ground (`ground no`: a foreign army,
 * a group that raids) has a number too, but is never a controller.
 *
 * Paths in a profile are relative to its folder; a path starting "@data/" is
 * relative to the data folder given to cm_profile_load (the source tree, or
 * share/conflictmap when installed).
 *
 * Owns its strings (one allocation per profile). libc only. A loaded profile
 * is read-only: any number of threads may read it. */
#ifndef CM_PROFILE_H
#define CM_PROFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/status.h"

#define CM_SIDES_MAX 14 /* sides a profile may name */

typedef uint8_t cm_controller;
enum {
    CM_CTRL_NONE = 0,                     /* no information */
    CM_CTRL_CONTESTED = CM_SIDES_MAX + 1, /* fought over, or claims that disagree */
    CM_CTRL_COUNT = CM_SIDES_MAX + 2      /* bound for arrays indexed by controller */
};

/* The roles boundary layers play: the country's outline, the regions drawn
 * with heavier borders and named (provinces; optional), and the units the map
 * colours and the timeline follows (districts; or oblasts when a profile has
 * no finer level). */
typedef enum { CM_ROLE_COUNTRY = 0, CM_ROLE_REGION, CM_ROLE_UNIT, CM_ROLE_COUNT } cm_role;

#define CM_PROFILE_LANGS_MAX 8 /* name fields (languages) per layer */

typedef struct {
    bool present;         /* false: the profile has no such layer (only REGION may be absent) */
    const char *match;    /* the layer file: its name contains this ("adm2"), first match
                             among .shp, .gpkg, .geojson, .json in the boundaries folder */
    const char *layer;    /* layer name inside the file; "" for the first */
    const char *code;     /* code field ("ADM2_PCODE"); for COUNTRY may be "" (then
                             the profile's country code) */
    const char *parent;   /* parent-code field ("ADM1_PCODE"); "" when the layer has
                             none (then the containing unit of the role above by
                             point in polygon, or the country) */
    const char *noun;     /* what one is called in English ("district", "oblast") */
    bool towns_point;     /* UNIT: a claim on a town inside a unit is a point and paints
                             nothing (`towns=point`: units far larger than a town,
                             oblasts); default `towns=unit`: the town stands for its
                             unit (a district and its centre) */
    size_t nnames;
    const char *name_lang[CM_PROFILE_LANGS_MAX];  /* "en", "fa" */
    const char *name_field[CM_PROFILE_LANGS_MAX]; /* "ADM2_EN", "ADM2_DA"; the first is
                                                     the canonical name */
    size_t nalts;
    const char *alt_field[CM_PROFILE_LANGS_MAX];  /* alternate-name fields ("ADM2ALT1EN") */
    const char *alt_lang[CM_PROFILE_LANGS_MAX];
} cm_profile_layer;

typedef struct {
    const char *id;       /* "taliban": the value claims and state files carry */
    uint32_t rgba;        /* fill colour 0xRRGGBBAA */
    bool ground;          /* holds territory (a controller) */
    bool state;           /* a state's forces (GROUND `state`; ground too): "the group"
                             never means them; ACLED's "Government regains territory" */
    const char *label_en; /* the legend's label ("Resistance (NRF)") */
} cm_profile_side;

typedef struct cm_profile cm_profile;

/* Finds a profile: arg is a path to a profile.tsv or to its folder when it
 * contains a '/', else a name looked up as DIR/NAME/profile.tsv in the
 * installed profiles folder dir (data_dir/profiles). data_dir resolves
 * "@data/" paths. Errors: CM_NOTFOUND (no such profile: the message lists
 * where it looked), CM_IO, CM_PARSE ("file:line: reason"), CM_RANGE (more
 * than CM_SIDES_MAX sides), CM_NOMEM. */
cm_status cm_profile_load(cm_ctx *ctx, const char *arg, const char *data_dir,
                          cm_profile **out) CM_WUR;
/* Same, from the text of a profile.tsv in memory (tests, fuzzing); dir
 * stands for its folder in relative paths and messages. */
cm_status cm_profile_parse(cm_ctx *ctx, const char *dir, const char *data_dir, const char *text,
                           size_t n, cm_profile **out) CM_WUR;
void cm_profile_free(cm_profile *p); /* NULL is a no-op */

/* The installed profiles' names under data_dir/profiles, sorted, into names
 * (at most max); returns how many there are (may exceed max). */
size_t cm_profile_list(const char *data_dir, char names[][64], size_t max);

const char *cm_profile_name(const cm_profile *p);    /* "afghanistan" */
const char *cm_profile_dir(const cm_profile *p);     /* its folder */
const char *cm_profile_country(const cm_profile *p); /* ISO 3166-1 alpha-2: "AF" */
const char *cm_profile_country_name(const cm_profile *p); /* English: "Afghanistan" */

/* ---- sides and controllers ---------------------------------------------- */
size_t cm_profile_side_count(const cm_profile *p);
/* Side i (0-based; controller i + 1); NULL out of range. */
const cm_profile_side *cm_profile_side_at(const cm_profile *p, size_t i);
/* The controller whose id is s[0..n) (case-insensitive), "contested" included;
 * CM_CTRL_NONE when none is ("none" and "" too). */
cm_controller cm_profile_ctrl_parse(const cm_profile *p, const char *s, size_t n);
/* "taliban", "contested", "none" (also for a number out of range). */
const char *cm_profile_ctrl_name(const cm_profile *p, cm_controller c);
/* The legend's label: the side's label, "Contested", "No information". */
const char *cm_profile_ctrl_label(const cm_profile *p, cm_controller c);
/* Whether c is a side that holds ground. */
bool cm_profile_ctrl_ground(const cm_profile *p, cm_controller c);
/* Whether c is a side that is a state's forces (GROUND `state`). */
bool cm_profile_ctrl_state(const cm_profile *p, cm_controller c);

/* ---- boundaries and map ------------------------------------------------- */
const cm_profile_layer *cm_profile_layer_of(const cm_profile *p, cm_role r);
/* Absolute or data-relative paths, resolved; "" when the profile names none. */
const char *cm_profile_boundaries(const cm_profile *p); /* folder of the layers */
const char *cm_profile_countries(const cm_profile *p);  /* Natural Earth countries */
const char *cm_profile_geonames(const cm_profile *p);   /* GeoNames cities TSV */
const char *cm_profile_exonyms(const cm_profile *p);    /* curated names (gazetteer.md) */
const char *cm_profile_acled_actors(const cm_profile *p);
const char *cm_profile_gazetteer(const cm_profile *p);  /* the compiled index */
/* Context words of the conflict for the gazetteer (gazetteer/words.tsv format:
 * "oblast" as a unit's context word), read after the generic ones. */
const char *cm_profile_context_words(const cm_profile *p);
/* The file of side words for a language ("words/en.tsv" resolved), or NULL
 * when the profile has none for lang. */
const char *cm_profile_words(const cm_profile *p, const char *lang);
const char *cm_profile_crs(const cm_profile *p);        /* "EPSG:32642" */
/* The default view (min_lon, min_lat, max_lon, max_lat) into bbox; false
 * (bbox zeroed) when the profile names none: then the country's extent. */
bool cm_profile_view(const cm_profile *p, double bbox[4]);
const char *cm_profile_title(const cm_profile *p);
const char *cm_profile_subtitle(const cm_profile *p); /* may hold "%s": the date */
const char *cm_profile_attribution(const cm_profile *p);
/* A stable hash of the profile's text (gazetteer and cache keys). */
uint64_t cm_profile_hash(const cm_profile *p);

#endif
