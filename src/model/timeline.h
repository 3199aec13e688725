/* timeline: who controls each district on a given day, and why.
 *
 * Owns the control rule, written once here (docs/decisions.md, "evidence"): the
 * newest fact in force decides; a fact on a province or on the whole country
 * reaches the districts inside it only when it is strong enough (a claim of
 * confidence 0.5 or more, or a state-file row), when it is not fighting on a
 * unit whose parts have evidence of their own, and when no smaller unit's
 * evidence shows the same side taking that part only later; on the same date
 * the smaller unit wins; facts on the same unit and date that disagree make it
 * contested. Facts come from a
 * state file the user writes (CSV or JSON Lines of pcode,controller,valid_from
 * [,valid_to]) or from extracted claims (events.jsonl). Controllers are the
 * profile's (core/profile.h): its `ground` sides and contested. Which unit
 * lies in which comes from the caller (cm_timeline_set_parents: the
 * boundaries, a prepared map or the gazetteer index), never from the shape of
 * a code. Copies every string it keeps. libc only (core/). Not thread-safe to
 * modify; queries on an unmodified timeline may run from many threads. */
#ifndef CM_TIMELINE_H
#define CM_TIMELINE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/day.h"
#include "core/profile.h"
#include "core/status.h"

typedef struct cm_timeline cm_timeline;

/* A timeline whose controllers are those of profile p (borrowed: p must
 * outlive it). NULL on allocation failure. */
cm_timeline *cm_timeline_new(const cm_profile *p);
void cm_timeline_free(cm_timeline *tl); /* NULL is a no-op */
const cm_profile *cm_timeline_profile(const cm_timeline *tl);

/* The unit that contains code (its parent), or NULL (or "") when code is on
 * top or unknown. Called during queries, possibly from many threads at once:
 * it must only read. model/hier.h's cm_hier_parent is one. */
typedef const char *(*cm_parent_fn)(void *ud, const char *code);
/* Where the timeline learns the hierarchy: a fact on a unit reaches the units
 * below it by this. Without it (parent NULL) every unit stands alone. */
void cm_timeline_set_parents(cm_timeline *tl, cm_parent_fn parent, void *ud);

/* One dated statement of control over a unit. */
typedef struct {
    const char *pcode;     /* the unit's code: "AF" country, "AF09" province, "AF0907" district */
    cm_controller ctrl;    /* a ground side of the profile or CM_CTRL_CONTESTED */
    cm_day from;           /* first day it holds */
    cm_day to;             /* last day it holds, or CM_DAY_NONE for open */
    const char *source;    /* document id, or NULL (a state file) */
    const char *claim_id;  /* claim id, or NULL */
    double confidence;     /* 0..1; 1 for a state file */
    bool report_only;      /* a report on the unit that states no control (for last_report) */
    bool hedged;           /* the claim was hedged ("reportedly", "claimed"): it stays on its unit */
} cm_tl_fact;

/* Adds a copy of f. CM_RANGE for a malformed code, when from > to, or when
 * ctrl is not a controller (a ground side or contested; for a non-report). */
cm_status cm_timeline_add(cm_timeline *tl, cm_ctx *ctx, const cm_tl_fact *f) CM_WUR;
size_t cm_timeline_count(const cm_timeline *tl);

/* Answers "is this pcode a unit we know?" for the loaders. */
typedef bool (*cm_pcode_known_fn)(const char *pcode, void *ud);

/* Loads a state file: CSV (header line optional: pcode,controller,valid_from
 * [,valid_to]; '#' comments) or JSON Lines with those keys; chosen by content.
 * Errors name the file and line: a controller that is not a ground side of the
 * profile or "contested", an unknown pcode (when known is non-NULL), a
 * malformed date, valid_to before valid_from. */
cm_status cm_timeline_load_state(cm_timeline *tl, cm_ctx *ctx, const char *path,
                                 cm_pcode_known_fn known, void *ud) CM_WUR;

/* Loads extracted claims (events.jsonl, docs/events-schema.md): records with a
 * pcode, a date and a controller that is a ground side of the profile (or
 * "contested") become facts; negated claims, and those whose controller is
 * none, unknown or a side that holds no ground, count as reports only. */
cm_status cm_timeline_load_events(cm_timeline *tl, cm_ctx *ctx, const char *path) CM_WUR;
/* The same from the JSON Lines p[0..n) in memory; name stands for the file in
 * messages. */
cm_status cm_timeline_add_events(cm_timeline *tl, cm_ctx *ctx, const char *name, const char *p,
                                 size_t n) CM_WUR;

/* The state of one district (or any unit) on a day. */
typedef struct {
    cm_controller ctrl;     /* CM_CTRL_NONE when nothing applies */
    cm_day since;           /* valid_from of the fact that decided it */
    const char *decided_by; /* pcode of the unit whose fact decided it (borrowed) */
    cm_day last_report;     /* latest day <= the query day any fact or report touched the unit or its parents */
    int nsources;           /* distinct sources behind the deciding facts */
    double confidence;      /* the highest confidence among the deciding facts */
} cm_tl_state;

/* Control of pcode on day under the rule above. out may be NULL. */
cm_controller cm_timeline_at(const cm_timeline *tl, const char *pcode, cm_day day, cm_tl_state *out);

/* One period of unchanged control of a unit, for control layers. */
typedef struct {
    cm_controller ctrl;      /* never CM_CTRL_NONE: days without information make no period */
    cm_day from, to;         /* first and last day; to = CM_DAY_NONE while open */
    const char *decided_by;  /* pcode of the unit whose facts set it (borrowed from tl) */
    const char **claims;     /* claim ids behind it, sorted (borrowed strings; array owned by the period list) */
    size_t nclaims;
    const char **sources;    /* distinct sources behind it, sorted (likewise) */
    size_t nsources;
    cm_day last_report;      /* latest report on the unit or its parents within the period */
    double confidence;       /* the highest confidence of the facts that decided it */
} cm_tl_period;

/* The periods of control of pcode in day order. *out is a malloc'd array that
 * cm_tl_periods_free releases; strings stay borrowed from tl (valid while tl
 * lives and is not modified). */
cm_status cm_timeline_periods(const cm_timeline *tl, cm_ctx *ctx, const char *pcode, cm_tl_period **out,
                              size_t *n) CM_WUR;
void cm_tl_periods_free(cm_tl_period *p, size_t n);

/* The first and last day any fact or report starts on; false when empty. */
bool cm_timeline_span(const cm_timeline *tl, cm_day *first, cm_day *last);

#endif
