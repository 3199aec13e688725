/* markers: event markers for the map (`render --events FILE`).
 *
 * Owns the marker list and its strings (one arena). Reads JSON Lines: either
 * plain markers {"lon", "lat", "action", "label"} (drawn on every date) or the
 * claim records of events.jsonl {"lon", "lat", "action", "place", "date", ...}
 * (drawn only on their own date; negated claims and records without
 * coordinates are skipped, the latter with a diagnostic). libc only.
 * A loaded list is read-only and may be shared between threads. */
#ifndef CM_MARKERS_H
#define CM_MARKERS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/day.h"
#include "core/status.h"

/* One symbol per action (the claim actions of DESIGN.md). */
typedef enum {
    CM_MARK_CAPTURE = 0,
    CM_MARK_RETAKE,
    CM_MARK_HOLD,
    CM_MARK_SIEGE,
    CM_MARK_ATTACK,
    CM_MARK_CLASH,
    CM_MARK_WITHDRAW,
    CM_MARK_FLEE,
    CM_MARK_COUNT
} cm_mark_action;

/* "capture", "retake", ... */
const char *cm_mark_action_name(cm_mark_action a);
/* Parses the names above (ASCII case-insensitive). */
bool cm_mark_action_parse(const char *s, size_t n, cm_mark_action *out);

typedef struct {
    double lon_deg, lat_deg;
    cm_mark_action action;
    const char *label; /* UTF-8, "" for none; owned by the list */
    cm_day day;        /* the record's date; CM_DAY_NONE when it has none (drawn every day) */
} cm_marker;

typedef struct cm_markers cm_markers;

/* Reads path and keeps the markers for day (records without a date are kept
 * for every day); day CM_DAY_NONE keeps every record, each with its day (a
 * series picks each day's markers itself). Errors (CM_PARSE, naming file and line): malformed JSON, an
 * unknown action, lon/lat out of range, a malformed date. *out belongs to the
 * caller. */
cm_status cm_markers_load(cm_ctx *ctx, const char *path, cm_day day, cm_markers **out) CM_WUR;
/* The same from the JSON Lines text[0..len) in memory; path stands for the
 * file in messages. */
cm_status cm_markers_parse(cm_ctx *ctx, const char *path, const char *text, size_t len, cm_day day,
                           cm_markers **out) CM_WUR;
void cm_markers_free(cm_markers *m); /* NULL is a no-op */
size_t cm_markers_count(const cm_markers *m);
/* The array of cm_markers_count markers, borrowed until cm_markers_free. */
const cm_marker *cm_markers_get(const cm_markers *m);

#endif
