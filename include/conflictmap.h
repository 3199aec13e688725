/* conflictmap.h — the embedding API of conflictmap, and the one header a
 * program that uses the library includes:
 *
 *     cc prog.c $(pkg-config --cflags --libs conflictmap)
 *
 * conflictmap reads news about an armed conflict, finds the places it names,
 * extracts control claims (who took, held or lost which unit, and when),
 * builds a per-unit timeline from the claims and draws maps of it. This API
 * covers that path with a few opaque handles:
 *
 *   cm_context    errors (a result and a message) and the log; one per thread
 *   cm_conflict   an opened profile: the conflict's data (gazetteer index,
 *                 boundaries, neighbouring countries)
 *   cm_gazetteer  the compiled place index
 *   cm_extractor  claims from texts (the lexicons, the options)
 *   cm_history    control of every unit over time, built from claims
 *   cm_map        maps of single days as PNG, SVG or PDF
 *
 *     cm_context *cx = cm_context_new();
 *     cm_conflict *cf = NULL;
 *     cm_gazetteer *gz = NULL;
 *     cm_extractor *ex = NULL;
 *     cm_text_info info = {.id = "note-1", .date = "2021-08-16", .lang = "en"};
 *     if (cm_conflict_open(cx, NULL, &cf) || cm_gazetteer_open(cx, cf, NULL, &gz) ||
 *         cm_extractor_new(cx, gz, NULL, &ex) ||
 *         cm_extract_jsonl(cx, ex, text, strlen(text), &info, stdout))
 *         fprintf(stderr, "%s\n", cm_context_message(cx));
 *
 * (docs/example.c is the whole program.)
 *
 * Errors: a call that can fail returns a cm_result, CM_SUCCESS (0) or the kind
 * of failure, and leaves the message ("FILE:LINE: what", naming the file or
 * the argument) in the context until the next call that takes the context.
 * Data that is merely poor — a name that resolves nowhere, a claim without a
 * date, a text in a language without a lexicon — is no failure: it goes to
 * the log as a warning and is counted (cm_context_warnings).
 *
 * Data: the library reads its data (lexicons, profiles, gazetteer tables and
 * index, boundaries) from share/conflictmap beside the lib/ folder it is
 * installed in; CONFLICTMAP_DATA names another data folder, and
 * CONFLICTMAP_LEXICONS, CONFLICTMAP_GAZETTEER, CONFLICTMAP_BOUNDARIES,
 * CONFLICTMAP_COUNTRIES and CONFLICTMAP_CACHE (a folder, or "off") one thing
 * each. The schema of a claim's JSON record is docs/events-schema.md.
 *
 * Ownership: a handle from a _new or _open call belongs to the caller, who
 * releases it with the matching _free or _close (NULL is a no-op). A handle
 * passed to another's _new or _open is borrowed and must outlive it. Strings
 * the library returns are borrowed for as long as each comment says.
 *
 * Threads: a handle is used by one thread at a time, with a context of that
 * thread; a cm_conflict and a cm_gazetteer may be shared by the extractors
 * and maps of several threads once opened. */
#ifndef CONFLICTMAP_H
#define CONFLICTMAP_H

#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define CM_PUBLIC __attribute__((visibility("default")))
#else
#define CM_PUBLIC
#endif

#define CONFLICTMAP_VERSION "0.1.0"

/* The library's version ("0.1.0"); static. */
CM_PUBLIC const char *cm_version(void);

/* The data folder the library reads (above); static, or the environment's. */
CM_PUBLIC const char *cm_data_folder(void);

/* ---- errors and the log ----------------------------------------------------- */

typedef enum {
    CM_SUCCESS = 0,
    CM_ERR_NOMEM,     /* out of memory */
    CM_ERR_IO,        /* a file could not be opened, read or written */
    CM_ERR_PARSE,     /* malformed input (the message names file and line) */
    CM_ERR_NOTFOUND,  /* a named thing does not exist (a profile, a file) */
    CM_ERR_RANGE,     /* a value out of its domain or over a limit */
    CM_ERR_ARGUMENT,  /* a bad argument or option value */
    CM_ERR_GDAL,      /* the boundaries could not be read (GDAL/OGR) */
    CM_ERR_PROJ,      /* a projection failed (PROJ) */
    CM_ERR_CAIRO,     /* drawing failed (Cairo) */
    CM_ERR_CANCELLED  /* a callback asked to stop */
} cm_result;

/* "success", "nomem", "io", "parse", ... ; static. */
CM_PUBLIC const char *cm_result_name(cm_result r);

typedef struct cm_context cm_context;

/* A new context; NULL when out of memory. */
CM_PUBLIC cm_context *cm_context_new(void);
CM_PUBLIC void cm_context_free(cm_context *cx);

/* The message of the last call that failed with cx; "" after one that
 * succeeded. Borrowed until the next call with cx. */
CM_PUBLIC const char *cm_context_message(const cm_context *cx);

typedef enum { CM_LEVEL_DEBUG = 0, CM_LEVEL_INFO, CM_LEVEL_WARNING, CM_LEVEL_ERROR } cm_level;
typedef void (*cm_log_callback)(cm_level level, const char *message, void *ud);

/* Where cx's log lines go (warnings about the data, progress notes); without
 * a callback they are dropped. message is borrowed for the call. */
CM_PUBLIC void cm_context_set_log(cm_context *cx, cm_log_callback fn, void *ud);

/* Warnings about the data so far (counted whether or not they are logged). */
CM_PUBLIC size_t cm_context_warnings(const cm_context *cx);

/* ---- a conflict: an opened profile ----------------------------------------- */

typedef struct cm_conflict cm_conflict;

/* Opens the profile `profile`: a name looked up as profiles/NAME/profile.tsv
 * in the data folder, or the path of a profile.tsv or of its folder (when it
 * holds a '/'); NULL or "" for the default, "afghanistan". The handle names
 * the conflict's data for the calls that take it: its gazetteer index, its
 * boundaries and neighbouring countries, and the prepared-map cache.
 * CM_ERR_NOTFOUND, saying where it looked. */
CM_PUBLIC cm_result cm_conflict_open(cm_context *cx, const char *profile, cm_conflict **out);
CM_PUBLIC void cm_conflict_close(cm_conflict *cf);

/* The profile's name ("afghanistan") and folder; borrowed until close. */
CM_PUBLIC const char *cm_conflict_name(const cm_conflict *cf);
CM_PUBLIC const char *cm_conflict_folder(const cm_conflict *cf);

/* ---- the gazetteer ---------------------------------------------------------- */

typedef struct cm_gazetteer cm_gazetteer;

/* Opens the compiled place index at path, or the conflict's when path is NULL
 * (build it with `conflictmap gazetteer build`). CM_ERR_IO, CM_ERR_PARSE (not
 * an index, or a damaged one), naming the file. */
CM_PUBLIC cm_result cm_gazetteer_open(cm_context *cx, const cm_conflict *cf, const char *path,
                                      cm_gazetteer **out);
CM_PUBLIC void cm_gazetteer_close(cm_gazetteer *gz);

/* ---- claims from texts ------------------------------------------------------ */

typedef struct {
    const char *lang;  /* every text's language ("en", "id", ...); NULL: each text's
                          own (cm_text_info.lang), else detected */
    int year;          /* year of dates written without one when a text gives none; 0: none */
    int max_claims;    /* claims kept per text, the first ones; 0: 10000; < 0: all */
} cm_extract_options;

typedef struct cm_extractor cm_extractor;

/* An extractor over the gazetteer gz (borrowed); o may be NULL for the
 * defaults. Loads the lexicons. CM_ERR_ARGUMENT for a language without a
 * lexicon; the lexicon loader's errors name the file. */
CM_PUBLIC cm_result cm_extractor_new(cm_context *cx, const cm_gazetteer *gz, const cm_extract_options *o,
                                     cm_extractor **out);
CM_PUBLIC void cm_extractor_free(cm_extractor *ex);

/* What is known of a text besides its words; any member may be NULL. */
typedef struct {
    const char *id;    /* the document id claims carry; NULL: "text" */
    const char *date;  /* publication date YYYY-MM-DD; NULL: inferred from the text */
    const char *lang;  /* its language; NULL: detected */
    const char *url;   /* its link, carried by the claims */
} cm_text_info;

/* One claim (docs/events-schema.md has every field). Strings are borrowed for
 * the callback's duration; NULL where the schema has null. */
typedef struct {
    const char *doc;        /* the text's id */
    const char *place;      /* the place's canonical name */
    const char *pcode;      /* its unit's code ("AF0907"), "" when foreign */
    const char *province;   /* the code of the province holding it */
    double lat, lon;        /* WGS 84 degrees */
    const char *actor;      /* who acted: a side ("taliban") or a group */
    const char *action;     /* "capture", "retake", "hold", "siege", "attack",
                               "clash", "withdraw", "flee" */
    const char *controller; /* who controls the unit after it; NULL: nobody said */
    const char *date;       /* YYYY-MM-DD; NULL: undated */
    int date_precision;     /* 1 day, 2 week, 3 month; 0 undated */
    double confidence;      /* 0..1 */
    int negated, hedged;    /* "did not take"; "reportedly took" */
    size_t offset, length;  /* the sentence: bytes of the text given */
    const char *json;       /* the whole record as one JSON line, '\n' included */
    size_t json_len;
} cm_claim_record;

/* Called for each claim in text order; returning nonzero stops the
 * extraction (CM_ERR_CANCELLED). */
typedef int (*cm_claim_callback)(const cm_claim_record *claim, void *ud);

/* The claims of text[0..len) (UTF-8; invalid bytes are replaced and warned
 * about), each handed to fn. The text may open with the header of a .txt
 * article (lines "date: ...", "lang: ...", then a blank line: docs/inputs.md);
 * info's members override it. *nclaims (may be NULL) counts the claims. */
CM_PUBLIC cm_result cm_extract(cm_context *cx, cm_extractor *ex, const char *text, size_t len,
                               const cm_text_info *info, cm_claim_callback fn, void *ud, size_t *nclaims);

/* The same, the claims written to out as JSON Lines (events.jsonl). */
CM_PUBLIC cm_result cm_extract_jsonl(cm_context *cx, cm_extractor *ex, const char *text, size_t len,
                                     const cm_text_info *info, FILE *out);

/* The claims of files and folders of articles (.txt, JSON Lines, feeds, saved
 * pages, as `conflictmap extract` reads them: docs/inputs.md) written to out
 * as JSON Lines. Errors name the file and line. */
CM_PUBLIC cm_result cm_extract_files(cm_context *cx, cm_extractor *ex, const char *const *paths, size_t npaths,
                                     FILE *out);

/* ---- control over time ------------------------------------------------------ */

typedef struct cm_history cm_history;

/* An empty history of the conflict's units. */
CM_PUBLIC cm_result cm_history_new(cm_context *cx, const cm_conflict *cf, cm_history **out);
CM_PUBLIC void cm_history_free(cm_history *h);

/* Adds claims: JSON Lines of claim records in memory, one claim, or a file
 * (events.jsonl, or what `conflictmap import` makes of ACLED). Negated claims
 * change nothing; claims without a date are skipped with a warning.
 * CM_ERR_PARSE naming the line. */
CM_PUBLIC cm_result cm_history_add_jsonl(cm_context *cx, cm_history *h, const char *jsonl, size_t len);
CM_PUBLIC cm_result cm_history_add_claim(cm_context *cx, cm_history *h, const cm_claim_record *claim);
CM_PUBLIC cm_result cm_history_add_file(cm_context *cx, cm_history *h, const char *path);

/* Who controls unit pcode on date (YYYY-MM-DD) under the timeline's rule
 * (docs/decisions.md): a side's id, "contested", or "none"; *controller is
 * static. CM_ERR_ARGUMENT for a malformed date. */
CM_PUBLIC cm_result cm_history_control(cm_context *cx, const cm_history *h, const char *pcode, const char *date,
                                       const char **controller);

/* The first and last day any claim starts on (YYYY-MM-DD into first and
 * last); 0 when the history is empty, else 1. */
CM_PUBLIC int cm_history_span(const cm_history *h, char first[11], char last[11]);

/* ---- maps ------------------------------------------------------------------- */

typedef struct {
    int width, height;    /* pixels for PNG, points for SVG and PDF; 0: 1600x1200 */
    const char *crs;      /* EPSG code, PROJ string or WKT; NULL: the conflict's */
    const double *bbox;   /* view {min_lon, min_lat, max_lon, max_lat} in degrees; NULL: the country */
    const char *labels;   /* region names: "en", "dari", "none"; NULL: "en" */
    const char *style;    /* a style file (docs/style.md); NULL: the default style */
    int staleness;        /* fade units by the days since the last report on them */
} cm_map_options;

typedef struct cm_map cm_map;

/* A map of the conflict's units with the options o (may be NULL). Reads the
 * style file now (CM_ERR_PARSE naming it); the boundaries are read, or taken
 * from the prepared-map cache, on the first draw of each kind (raster,
 * vector). CM_ERR_ARGUMENT for a size outside 16..20000 or an unknown label
 * language; a view or projection that cannot be drawn fails at the first draw
 * (CM_ERR_RANGE, CM_ERR_PROJ). */
CM_PUBLIC cm_result cm_map_open(cm_context *cx, const cm_conflict *cf, const cm_map_options *o, cm_map **out);
CM_PUBLIC void cm_map_close(cm_map *m);

/* Draws the control of h (may be NULL: no information) on date (YYYY-MM-DD)
 * with that day's claims as markers, and writes it to path: PNG, SVG or PDF
 * by its extension. The file is replaced whole or not at all. Errors name the
 * file; CM_ERR_ARGUMENT for a malformed date or an unknown extension. */
CM_PUBLIC cm_result cm_map_draw(cm_context *cx, cm_map *m, const cm_history *h, const char *date,
                                const char *path);

#ifdef __cplusplus
}
#endif

#endif
