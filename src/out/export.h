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

#include "core/status.h"
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

/* The control layer: for each district of the adm2 boundary layer found in
 * boundaries_dir (the *adm2*.shp file), one feature per period of
 * cm_timeline_periods with fields pcode, name, province, controller,
 * valid_from, valid_to (null while open), claims, sources (JSON arrays),
 * nsources, last_report, decided_by. */
cm_status cm_export_control(cm_export *e, cm_ctx *ctx, const char *layer, const cm_timeline *tl,
                            const char *boundaries_dir) CM_WUR;

/* Commits (rename / transaction commit) and frees. Always frees e. */
cm_status cm_export_close(cm_export *e, cm_ctx *ctx) CM_WUR;
/* Drops everything written and frees. NULL is a no-op. */
void cm_export_abort(cm_export *e);

#endif
