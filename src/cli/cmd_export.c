/* cmd_export: `conflictmap export --format F -o DEST [--layers ...]` — the
 * run's layers (events, places, control) through OGR to any vector format. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/acledcli.h"
#include "cli/cli.h"
#include "core/file.h"
#include "model/timeline.h"
#include "map/export.h"

/* Writes one layer into an open dataset. */
static cm_status write_layer(cm_export *ex, cm_ctx *ctx, const char *layer, const char *events,
                             const char *places, const char *state, const char *boundaries,
                             const cm_control_opts *copt)
{
    if (!strcmp(layer, "events")) return cm_export_points_jsonl(ex, ctx, "events", events);
    if (!strcmp(layer, "places")) return cm_export_points_jsonl(ex, ctx, "places", places);
    cm_timeline *tl = cm_timeline_new(cm_cli_profile());
    if (!tl) return cm_fail(ctx, CM_NOMEM, "out of memory");
    cm_hier *h = NULL;
    cm_status st = cm_export_hierarchy(ctx, cm_cli_profile(), boundaries, &h);
    if (!st) cm_timeline_set_parents(tl, cm_hier_parent, h);
    if (!st) st = cm_path_exists(events) || !state ? cm_timeline_load_events(tl, ctx, events) : CM_OK;
    if (!st && state) st = cm_timeline_load_state(tl, ctx, state, NULL, NULL);
    if (!st) st = cm_export_control(ex, ctx, "control", tl, boundaries, copt);
    cm_timeline_free(tl);
    cm_hier_free(h);
    return st;
}

/* --format acled: the claims as ACLED-shaped CSV (text/acled.h), one file. */
static cm_status export_acled(cm_ctx *ctx, const char *events, const char *out, const char *actors,
                              const char *boundaries, int quiet)
{
    cm_acledcli ac;
    cm_out o = {0};
    size_t rows = 0, skipped = 0;
    cm_status st = cm_acledcli_open(ctx, actors, boundaries, &ac);
    if (st) return st;
    st = cm_out_open(ctx, out, &o);
    if (!st) st = cm_acled_export(ctx, events, ac.actors, cm_geomstore_name_cb, ac.gs, o.fp, &rows, &skipped);
    if (!st) st = cm_out_commit(ctx, &o);
    cm_out_abort(&o);
    cm_acledcli_close(&ac);
    if (!st && !quiet)
        fprintf(stderr, "conflictmap: %s: %zu rows (%zu negated, undated or unplaced claims left out)\n", out, rows,
                skipped);
    return st;
}

/* Without --in, --events or --places the inputs are the defaults under
 * output/: a layer whose input is not there is skipped, with one line on
 * stderr, unless the layer was asked for by --layers. A named input that is
 * missing stays an error. The layers to write go to names. */
static cm_status pick_layers(cm_ctx *ctx, const char *layers, bool listed, bool ev_named, bool pl_named,
                             const char *state, const char *events, const char *places, const char **names, int *nn)
{
    static const char *const known[] = {"events", "places", "control"};
    char list[256];
    snprintf(list, sizeof list, "%s", layers);
    *nn = 0;
    bool ev_there = cm_path_exists(events), pl_there = cm_path_exists(places);
    int skip[3], nskip = 0;
    for (char *save = NULL, *t = strtok_r(list, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        int k = 0;
        while (k < 3 && strcmp(t, known[k])) k++;
        if (k == 3) return cm_fail(ctx, CM_USAGE, "export: unknown layer '%s' (events, places, control)", t);
        const char *input = k == 1 ? places : events;
        bool there = k == 1 ? pl_there : ev_there || (k == 2 && state);
        bool named = listed || (k == 1 ? pl_named : ev_named);
        if (!there && named) return cm_fail(ctx, CM_IO, "%s: cannot open: No such file or directory", input);
        if (!there) skip[nskip++ % 3] = k;
        else if (*nn < 8) names[(*nn)++] = known[k];
    }
    if (*nn == 0 && nskip)
        return cm_fail(ctx, CM_IO, "export: nothing to export: %s and %s not found (name them with --events, --places or --in)",
                       events, places);
    if (*nn == 0) return cm_fail(ctx, CM_USAGE, "export: no layers");
    for (int i = 0; i < nskip && i < 3; i++)
        cm_log(ctx, CM_LOG_WARN, "export: %s layer skipped: %s not found (name it with --%s or --in)", known[skip[i]],
               skip[i] == 1 ? places : events, skip[i] == 1 ? "places" : "events");
    return CM_OK;
}

int cm_cmd_export(int argc, char **argv)
{
    const char *format = NULL, *out = NULL, *layers = NULL, *in = NULL;
    double simplify = 0;
    const char *events = NULL, *places = NULL, *state = NULL, *boundaries = NULL, *actors = NULL;
    int quiet = 0;
    const cm_opt opts[] = {
        {"format", 'f', CM_OPT_STR, &format, "F", "GeoJSON, GPKG, FlatGeobuf, CSV, PostgreSQL, or acled (default: by -o)"},
        {"output", 'o', CM_OPT_STR, &out, "DEST", "a file (GPKG: all layers), a folder (one file a layer), or PG:\"dbname=...\""},
        {"layers", 'l', CM_OPT_STR, &layers, "LIST", "comma-separated: events,places,control (default: those whose input is there)"},
        {"in", 0, CM_OPT_STR, &in, "DIR", "the run's output folder with events.jsonl and places.jsonl (default output)"},
        {"simplify", 0, CM_OPT_DOUBLE, &simplify, "METRES", "control layer borders simplified to METRES, shared borders kept"},
        {"events", 0, CM_OPT_STR, &events, "FILE", "claims as JSON Lines (default DIR/events.jsonl)"},
        {"places", 0, CM_OPT_STR, &places, "FILE", "mentions as JSON Lines (default DIR/places.jsonl)"},
        {"state", 0, CM_OPT_STR, &state, "FILE", "a state file to add to the control layer"},
        {"boundaries", 0, CM_OPT_STR, &boundaries, "DIR", "the profile's boundary layers (default: the profile's)"},
        {"actors", 0, CM_OPT_STR, &actors, "FILE", "acled: side names to ACLED actor names (default gazetteer/acled-actors.tsv)"},
        {"quiet", 'q', CM_OPT_FLAG, &quiet, NULL, "no warnings"},
        CM_OPT_END,
    };
    const cm_cmd_spec spec = {
        "export", "--format F -o DEST [--layers events,places,control] [--in DIR | --events FILE ...]",
        "Writes the layers of a run through OGR. GeoJSON follows RFC 7946; GPKG holds all\n"
        "layers in one file; GeoJSON, FlatGeobuf and CSV (WKT geometry) write one file per\n"
        "layer into the folder DEST; PostgreSQL writes tables (PostGIS) in one transaction.\n"
        "`control` is a temporal layer (valid_from, valid_to) for QGIS's temporal controller.\n"
        "--format acled writes the claims (--events) as one CSV file in ACLED's columns (docs/acled.md).",
        opts};
    int npos, done;
    char **pos;
    cm_ctx *ctx = cm_cli_start(&spec, argc, argv, &npos, &pos, &done);
    if (!ctx) return done;
    cm_status st = CM_OK;
    char evbuf[4096], plbuf[4096];
    if (npos) st = cm_fail(ctx, CM_USAGE, "export: unexpected argument '%s'", pos[0]);
    else if (!out) st = cm_fail(ctx, CM_USAGE, "export: -o DEST is required");
    if (!st && !format) format = !strncmp(out, "PG:", 3) ? "PostgreSQL" : cm_export_format_for(out);
    if (!st && !format) st = cm_fail(ctx, CM_USAGE, "export: say --format (no known extension on '%s')", out);
    bool ev_named = events || in, pl_named = places || in;
    if (!in) in = "output";
    snprintf(evbuf, sizeof evbuf, "%s/events.jsonl", in);
    snprintf(plbuf, sizeof plbuf, "%s/places.jsonl", in);
    if (!events) events = evbuf;
    if (!places) places = plbuf;
    if (!st && (!strcmp(format, "acled") || !strcmp(format, "ACLED"))) {
        st = export_acled(ctx, events, out, actors, boundaries, quiet);
        goto end;
    }
    const char *names[8];
    int nn = 0;
    if (!st && (simplify < 0 || simplify > 100000)) st = cm_fail(ctx, CM_USAGE, "export: --simplify wants metres, 0..100000");
    /* Check every layer name (and input) before writing anything. */
    if (!st) st = pick_layers(ctx, layers ? layers : "events,places,control", layers != NULL, ev_named, pl_named, state,
                              events, places, names, &nn);
    cm_control_opts copt = {.simplify_m = simplify};
    const char *bdir = cm_cli_boundaries(boundaries);
    if (!st && cm_export_single_layer(format)) {
        /* One file per layer in the folder DEST. */
        mkdir(out, 0755);
        for (int i = 0; i < nn && !st; i++) {
            char path[4096];
            snprintf(path, sizeof path, "%s/%s%s", out, names[i], cm_export_extension(format));
            cm_export *ex = NULL;
            st = cm_export_open(ctx, format, path, &ex);
            if (!st) st = write_layer(ex, ctx, names[i], events, places, state, bdir, &copt);
            if (!st) {
                st = cm_export_close(ex, ctx);
                ex = NULL;
            }
            cm_export_abort(ex);
        }
    } else if (!st) {
        cm_export *ex = NULL;
        st = cm_export_open(ctx, format, out, &ex);
        for (int i = 0; i < nn && !st; i++) st = write_layer(ex, ctx, names[i], events, places, state, bdir, &copt);
        if (!st) {
            st = cm_export_close(ex, ctx);
            ex = NULL;
        }
        cm_export_abort(ex);
    }
end:
    free(pos);
    int rc = cm_cli_finish(ctx, st);
    cm_ctx_free(ctx);
    return rc;
}
