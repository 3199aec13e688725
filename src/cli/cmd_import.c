/* cmd_import: `conflictmap import --format acled FILE.csv... [-o events.jsonl]`
 * — claims from an outside dataset (today ACLED's export), in our events
 * schema, for timeline, render, series and run to read like extracted ones. */
#include <stdlib.h>
#include <string.h>

#include "cli/acledcli.h"
#include "cli/cli.h"
#include "core/file.h"

int cm_cmd_import(int argc, char **argv)
{
    const char *format = "acled", *outpath = "-", *actors = NULL, *boundaries = NULL;
    int quiet = 0, strict = 0;
    const cm_opt opts[] = {
        {"format", 'f', CM_OPT_STR, &format, "F", "the input's format: acled (ACLED's CSV export; the default)"},
        {"output", 'o', CM_OPT_STR, &outpath, "FILE", "write the claims here (default: stdout)"},
        {"strict", 0, CM_OPT_FLAG, &strict, NULL, "refuse the input when a row is bad (exit 1, nothing written)"},
        {"actors", 0, CM_OPT_STR, &actors, "FILE", "ACLED actor names to sides (default gazetteer/acled-actors.tsv)"},
        {"boundaries", 0, CM_OPT_STR, &boundaries, "DIR", "OCHA adm0/adm1/adm2 shapefiles (default shapefiles/)"},
        {"quiet", 'q', CM_OPT_FLAG, &quiet, NULL, "no warnings, no summary"},
        CM_OPT_END};
    const cm_cmd_spec spec = {
        "import", "--format acled FILE.csv... [-o events.jsonl] [--strict]",
        "Reads ACLED's CSV export (\"-\" for stdin) and writes its events as claims in the events\n"
        "schema (docs/events-schema.md): a capture, retake, hold, clash or attack by the sides the\n"
        "actors name, on the district holding the point (docs/acled.md has the whole mapping).\n"
        "Bad rows are named by file and line and skipped; with --strict the first one fails the\n"
        "import. A summary line per file goes to stderr.",
        opts};
    int npos, done;
    char **pos;
    cm_ctx *ctx = cm_cli_start(&spec, argc, argv, &npos, &pos, &done);
    if (!ctx) return done;
    cm_status st = CM_OK;
    cm_acledcli ac = {0};
    cm_out out = {0};
    size_t nclaims = 0;
    if (strcmp(format, "acled") && strcmp(format, "ACLED"))
        st = cm_fail(ctx, CM_USAGE, "import: unknown --format '%s' (acled)", format);
    else if (!npos) st = cm_fail(ctx, CM_USAGE, "import: name one or more ACLED CSV files (\"-\" for stdin)");
    if (!st) st = cm_acledcli_open(ctx, actors, boundaries, &ac);
    if (!st) st = cm_out_open(ctx, outpath, &out);
    if (!st) st = cm_acledcli_import(ctx, &ac, (const char *const *)pos, npos, strict, quiet, out.fp, &nclaims);
    if (!st) st = cm_out_commit(ctx, &out);
    cm_out_abort(&out);
    cm_acledcli_close(&ac);
    free(pos);
    int rc = cm_cli_finish(ctx, st);
    cm_ctx_free(ctx);
    return rc;
}
