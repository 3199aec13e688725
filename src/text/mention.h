/* mention: finds the gazetteer names in a text and resolves each to one entry.
 *
 * One pass of a multi-pattern automaton over the normalised text (see norm.h)
 * finds every gazetteer key; a transliteration-aware matcher catches spellings no
 * list holds; the resolver picks one entry per mention from the words around it,
 * the other places in the same text, the feature kind and the population.
 * Owns nothing beyond the arena the caller passes, except small per-thread
 * caches (transliteration results, verdicts on capitalised words) that are
 * freed when the thread ends. Never includes GDAL, PROJ or Cairo. Thread-safe
 * for distinct arenas over one loaded gazetteer. The rules are in
 * docs/gazetteer.md. */
#ifndef CM_MENTION_H
#define CM_MENTION_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/status.h"
#include "core/str.h"

/* What a gazetteer entry is. */
typedef enum {
    CM_PLACE_OTHER = 0,
    CM_PLACE_COUNTRY,  /* a country (Afghanistan itself or a foreign one) */
    CM_PLACE_PROVINCE, /* OCHA admin 1, pcode AFnn */
    CM_PLACE_DISTRICT, /* OCHA admin 2, pcode AFnnnn */
    CM_PLACE_PPL,      /* a populated place (GeoNames), carries its district pcode */
    CM_PLACE_FOREIGN   /* a place outside Afghanistan (a city, a region) */
} cm_place_kind;

typedef struct cm_gaz cm_gaz; /* the loaded gazetteer index (text/gaz.h) */

/* One alternative the resolver weighed. */
typedef struct {
    const char *name;   /* canonical English name */
    const char *pcode;  /* admin pcode ("" for foreign) */
    cm_place_kind kind;
    double score;       /* resolver score, higher is better */
} cm_mention_alt;

typedef struct {
    size_t off, len;        /* byte span in the ORIGINAL text passed in */
    const char *surface;    /* the text as written (arena copy) */
    const char *name;       /* resolved canonical English name */
    const char *pcode;      /* OCHA pcode of the resolved unit: AF08 (province),
                               AF0907 (district); for a populated place its
                               district; "" when foreign */
    const char *province;   /* pcode of the province containing it, "" when foreign */
    cm_place_kind kind;     /* kind of the resolved entry */
    bool foreign;           /* outside Afghanistan: never mapped onto it */
    double lat, lon;        /* WGS 84 degrees: the place, or a point inside the unit */
    double confidence;      /* 0..1 */
    bool fuzzy;             /* found by the transliteration matcher, not a listed name */
    const cm_mention_alt *alts; /* the alternatives the winner beat, best first
                                   (arena); the winner is not among them */
    size_t nalts;
} cm_mention;

/* Finds and resolves every place mention in text[0..n) (UTF-8; invalid bytes
 * are skipped). Results, in text order and not overlapping, go to *out (an
 * arena array of *nout). Returns CM_NOMEM only; nothing found is not an error. */
cm_status cm_mention_find(const cm_gaz *g, const char *text, size_t n, cm_arena *a,
                          cm_mention **out, size_t *nout) CM_WUR;

/* Appends one GeoJSON Feature (RFC 7946; a Point at lon, lat) for m to out,
 * with the properties doc, offset (m->off + base_off), length, surface, name,
 * kind, pcode, province, foreign, confidence, fuzzy. No separator is written.
 * CM_NOMEM only. */
/* Appends m as one JSON Lines record and a newline (`places --json`, the run's
 * places.jsonl): file, offset, length, surface, name, kind, pcode, province,
 * foreign, lat, lon, confidence, fuzzy, alternatives. The caller adds the
 * document's base offset to m->off. CM_NOMEM only. */
cm_status cm_mention_json(cm_buf *b, const char *file, const cm_mention *m) CM_WUR;

cm_status cm_mention_geojson(cm_buf *out, const char *doc, size_t base_off, const cm_mention *m) CM_WUR;

/* Appends to out a human-readable account of how text[0..n) resolves, for
 * `conflictmap gazetteer lookup`: the key, the candidates of each mention (exact
 * and transliteration matches with the rules used, scores), and the winner.
 * CM_NOMEM only. */
cm_status cm_mention_explain(const cm_gaz *g, const char *text, size_t n, cm_buf *out) CM_WUR;

#endif
