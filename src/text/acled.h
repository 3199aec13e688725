/* acled: ACLED's public export in and out — its CSV rows become claims in our
 * events schema (docs/events-schema.md), and claims become ACLED-shaped rows.
 * The mapping is docs/acled.md; in short:
 *
 *  - the columns are found by name in the header (event_id_cnty, event_date,
 *    event_type, actor1, latitude and longitude are required; the rest of
 *    ACLED's columns are read when present);
 *  - "Non-state actor overtakes territory" and "Non-violent transfer of
 *    territory" are a capture by actor1 (a retake when taken from a side the
 *    lexicon lists as `retake_from`), "Government regains territory" a retake,
 *    "Headquarters or base established" a hold, "Armed clash" a clash,
 *    Explosions/Remote violence an attack that paints nothing; protests, riots,
 *    violence against civilians and the other strategic developments give no
 *    claim (counted);
 *  - actors become sides through an actor table (ACLED's exact names, data:
 *    gazetteer/acled-actors.tsv) and then the English lexicon's actor phrases,
 *    matched on the whole name; unknown actors give no controller and are
 *    counted and named once each;
 *  - the unit is the district holding the point (a callback answers: the
 *    library stays free of GDAL); geo_precision 3 (only a region is known)
 *    gives a claim on the province that paints nothing;
 *  - provenance: doc = event_id_cnty, sentence = notes, asserted_by = source.
 *
 * A malformed row (bad CSV, a wrong number of fields, a date, precision or
 * coordinate that does not parse) is named by file and line and skipped, or
 * fails the import under strict. Depends on core/, csv, lexicon and claim (the
 * JSON writer). Not thread-safe on one actor table while it loads; lookups may
 * run from many threads. */
#ifndef CM_ACLED_H
#define CM_ACLED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "core/arena.h"
#include "core/status.h"
#include "text/lexicon.h"

/* ---- actors ---------------------------------------------------------------- */

typedef struct cm_acled_actors cm_acled_actors;

/* Loads the actor table at path (TSV: ACLED actor name <TAB> side; '#' starts
 * a comment line; NULL for none) and borrows lex (the English lexicon; must
 * outlive the table) for the names the table does not list and for its
 * `retake_from` classes. Errors (CM_IO, CM_PARSE) name the file and line. */
cm_status cm_acled_actors_load(cm_ctx *ctx, const char *path, const cm_lexicon *lex,
                               cm_acled_actors **out) CM_WUR;
void cm_acled_actors_free(cm_acled_actors *t); /* NULL is a no-op */

/* The side of an ACLED actor name ("taliban", "government", "resistance", or
 * another class the lexicon names: "isis", "foreign"), or NULL when unknown:
 * the table's line for the name (case and runs of spaces ignored), else the
 * lexicon's actor phrase spanning the whole name, the name without a trailing
 * "(...)", or either part of "NRF: National Resistance Front". The arena holds
 * the tokens (reset it as you like). Borrowed from the table or lexicon. */
const char *cm_acled_actor_side(const cm_acled_actors *t, const char *name, cm_arena *a);

/* True when side holds ground (its actor lines in the lexicon are one of the
 * sides a map paints: taliban, government, resistance). */
bool cm_acled_side_holds_ground(const cm_acled_actors *t, const char *side);

/* The ACLED name written for side: the table's first line for it; NULL when
 * the table has none. */
const char *cm_acled_actor_name(const cm_acled_actors *t, const char *side);
/* The lexicon the table was loaded with (its profile names the sides). */
const cm_lexicon *cm_acled_actors_lexicon(const cm_acled_actors *t);

/* ---- import ---------------------------------------------------------------- */

/* The admin unit of level (1 province, 2 district) holding the point; false
 * when none. Out strings are borrowed and must stay valid during the import. */
typedef bool (*cm_acled_locate_fn)(void *ud, double lon, double lat, int level, const char **pcode,
                                   const char **parent, const char **name);

typedef struct {
    const cm_acled_actors *actors;
    cm_acled_locate_fn locate;
    void *ud;
    bool strict; /* a bad row fails the import (CM_PARSE naming file and line) */
} cm_acled_in_opts;

typedef struct {
    size_t rows;          /* data rows (bad ones included) */
    size_t claims;        /* claims written */
    size_t painting;      /* of them, claims with a controller */
    size_t bad;           /* malformed rows skipped */
    size_t no_claim;      /* rows whose event type gives no claim */
    size_t outside;       /* rows whose point lies in no district or province */
    size_t unknown_rows;  /* claims with an actor the table and lexicon do not know */
    size_t unknown_names; /* distinct unknown actor names (each named once in a diagnostic) */
} cm_acled_stats;

/* Reads the ACLED export at path ("-" stdin; a UTF-8 byte-order mark is
 * skipped) and writes one claim a line, JSON (docs/events-schema.md plus the
 * acled_* keys of docs/acled.md), to out. stats is zeroed first. Errors:
 * CM_IO (reading; a write error on out), CM_PARSE naming the file and line (no
 * header, a required column missing, or any bad row under strict), CM_NOMEM. */
cm_status cm_acled_import(cm_ctx *ctx, const char *path, const cm_acled_in_opts *o, FILE *out,
                          cm_acled_stats *stats) CM_WUR;

/* ---- export ---------------------------------------------------------------- */

/* The English name of an admin unit by P-code ("AF" the country); false when unknown. */
typedef bool (*cm_acled_name_fn)(void *ud, const char *pcode, const char **name);

/* The columns export writes, in ACLED's order (NULL-terminated). */
extern const char *const cm_acled_columns[];

/* Reads claims (events.jsonl) at path and writes them to out as ACLED-shaped
 * CSV (RFC 4180, a header line, CRLF line ends): the columns of
 * cm_acled_columns, those our claims cannot fill left empty. Negated and
 * undated claims and claims off the map (no P-code) are skipped and counted
 * in *skipped. A claim imported from ACLED gives back its own event id, types,
 * actors and place. Errors name the file and line (malformed JSON). */
cm_status cm_acled_export(cm_ctx *ctx, const char *path, const cm_acled_actors *actors,
                          cm_acled_name_fn name, void *ud, FILE *out, size_t *rows,
                          size_t *skipped) CM_WUR;

#endif
