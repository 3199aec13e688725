/* export: vector layers through OGR, so any vector driver works.
 *
 * One cm_export is one OGR dataset: a file (GeoJSON, FlatGeobuf, CSV with WKT
 * geometry: one layer each; GPKG: any number of layers) or a database
 * (PostgreSQL/PostGIS, `PG:dbname=...`). Files are written under a temporary
 * name and renamed by cm_export_close, so a failed export leaves nothing; a
 * database export runs in one transaction. Layers: points from JSON Lines
 * records (events, places: every key becomes a field, lon/lat the geometry) and
 * the control layer (district polygons, one feature per control period, with
 * valid_from/valid_to dates that QGIS's temporal controller animates). No OGR
 * handle escapes this module. */
#ifndef CM_EXPORT_H
#define CM_EXPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/profile.h"
#include "core/stamp.h"
#include "core/status.h"
#include "model/hier.h"
#include "model/timeline.h"

typedef struct cm_export cm_export;

/* format: an OGR driver name (GeoJSON, GPKG, FlatGeobuf, CSV, PostgreSQL) or
 * one of the aliases geojson, gpkg, fgb, csv, pg/postgis (case-insensitive).
 * Unknown formats are CM_USAGE; an unwritable destination CM_IO. */
cm_status cm_export_open(cm_ctx *ctx, const char *format, const char *dest, cm_export **out) CM_WUR;

/* True when the format holds one layer per file (the CLI then writes a folder). */
int cm_export_single_layer(const char *format);
/* The usual file extension of a format (".geojson", ".gpkg", ...; "" for PG). */
const char *cm_export_extension(const char *format);

/* The format a file name implies by its extension (".geojson"/".json",
 * ".gpkg", ".fgb", ".csv"), or NULL. */
const char *cm_export_format_for(const char *path);

/* A point layer from a JSON Lines file whose records carry lon and lat
 * (records without both are skipped and counted as diagnostics). Field types
 * come from the values: integer, real, string, boolean; arrays and objects as
 * JSON strings. */
cm_status cm_export_points_jsonl(cm_export *e, cm_ctx *ctx, const char *layer, const char *jsonl_path) CM_WUR;

/* How the control layer's geometry is written. */
typedef struct {
    double simplify_m; /* 0: the boundary file's full resolution; > 0: every border
                          simplified to this many metres (Douglas-Peucker), each
                          shared border once so neighbours still meet (geo/cover.h),
                          coordinates rounded to a tenth of it (at least 1e-7 degrees);
                          the layer's description says so */
} cm_control_opts;

/* The control layer: for each unit of the profile's unit layer (the
 * timeline's profile: its `layer unit` line, found in boundaries_dir), one
 * feature per period of cm_timeline_periods with fields pcode (the code
 * field), name (the first name field), province (the parent field; "" when
 * the profile names none), controller (the side's id, or "contested"),
 * valid_from, valid_to (null while open), claims, sources (JSON arrays),
 * nsources, last_report, decided_by. The timeline's hierarchy must be set
 * (cm_timeline_set_parents) for facts on larger units to reach the units.
 * opt NULL: full resolution. Formats with layer metadata (GeoJSON's
 * "description", GPKG's gpkg_contents) carry a description naming the
 * geometry's resolution. */
cm_status cm_export_control(cm_export *e, cm_ctx *ctx, const char *layer, const cm_timeline *tl,
                            const char *boundaries_dir, const cm_control_opts *opt) CM_WUR;

/* Which unit lies in which, from profile p's boundary layers in
 * boundaries_dir (their code and parent fields), for the control layer's
 * timeline: cm_timeline_set_parents(tl, cm_hier_parent, *out). The country
 * is its layer's code (else the profile's ISO code) and holds every region; a
 * region the folder lacks (only the unit layer there) lies in the country. A
 * unit layer without a parent field under a region layer: the parents are
 * found by containment (geo/geomstore, which then needs every layer). Errors
 * name the file: the unit layer missing or without its code field.
 * *out belongs to the caller. */
cm_status cm_export_hierarchy(cm_ctx *ctx, const cm_profile *p, const char *boundaries_dir,
                              cm_hier **out) CM_WUR;

/* Adds to s the boundary files cm_export_control reads from boundaries_dir
 * (profile p's unit layer and its companion files), for deciding whether a
 * written control layer is up to date (core/stamp.h). Errors as
 * cm_export_control's. */
cm_status cm_export_control_stamp(cm_stamp *s, cm_ctx *ctx, const cm_profile *p,
                                  const char *boundaries_dir) CM_WUR;

/* One layer in a file of its own, written only when it is out of date: the
 * stamp (core/stamp.h) of the format, the layer, its inputs' bytes, the
 * boundary files (control), the control options and the tool's identity is
 * compared with the one recorded beside dest by the last write. */
typedef struct {
    const char *format;         /* driver or alias; NULL: by dest's extension, else GeoJSON */
    const char *dest;           /* a file path */
    const char *layer;          /* "events", "places": points from inputs[0]; "control" */
    const char *const *inputs;  /* JSON Lines: points, or the claims of the control layer */
    size_t ninputs;
    const char *state;          /* control: a state file, or NULL */
    const char *boundaries;     /* control: the folder of the boundary layers */
    const cm_profile *profile;  /* control: the sides and the unit layer */
    cm_control_opts control;
    const char *tool;           /* the tool's version and build, for the stamp */
} cm_layer_job;

/* Writes j->dest unless it is up to date (*kept set then). Errors as
 * cm_export_open/points/control/close; a stamp that cannot be recorded is
 * CM_IO. Standard output and devices are always written, never stamped. */
cm_status cm_export_layer_file(cm_ctx *ctx, const cm_layer_job *j, bool *kept) CM_WUR;

/* Commits (rename / transaction commit) and frees. Always frees e. */
cm_status cm_export_close(cm_export *e, cm_ctx *ctx) CM_WUR;
/* Drops everything written and frees. NULL is a no-op. */
void cm_export_abort(cm_export *e);

#endif
