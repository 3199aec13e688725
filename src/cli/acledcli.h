/* acledcli: what import, export and run share for ACLED files — the English
 * lexicon, the ACLED actor table and the boundaries, loaded once — and the
 * summary line an import prints. */
#ifndef CM_ACLEDCLI_H
#define CM_ACLEDCLI_H

#include <stdbool.h>
#include <stdio.h>

#include "core/status.h"
#include "geo/geomstore.h"
#include "text/acled.h"
#include "text/lexicon.h"

typedef struct {
    cm_lexicon *en;          /* the English lexicon: actor names, retake_from */
    cm_acled_actors *actors; /* --actors, else gazetteer/acled-actors.tsv */
    cm_geomstore *gs;        /* --boundaries: the units of the points */
} cm_acledcli;

/* Loads the three (actors and boundaries: an option's value, NULL for the
 * default). Errors name the file. cm_acledcli_close releases what was loaded. */
cm_status cm_acledcli_open(cm_ctx *ctx, const char *actors, const char *boundaries, cm_acledcli *out) CM_WUR;
void cm_acledcli_close(cm_acledcli *c);

/* Imports each of files[0..n) into out and prints one summary line per file on
 * stderr unless quiet ("x.csv: 12 rows, 9 claims (6 paint), 2 bad rows skipped,
 * ..."). *claims counts the claims written. */
cm_status cm_acledcli_import(cm_ctx *ctx, const cm_acledcli *c, const char *const *files, int n, bool strict,
                             bool quiet, FILE *out, size_t *claims) CM_WUR;

#endif
