/* gdalerr: GDAL/OGR's error reports, turned from stderr prints into messages
 * the caller words itself.
 *
 * cm_gdal_begin pushes a per-thread CPLErrorHandler for one sequence of GDAL
 * calls: nothing reaches stderr, the first failure's text is kept in the
 * cm_gdal_err, and everything goes to the ctx's log at DEBUG. cm_gdal_end pops
 * it; begin and end must pair in one function on one thread. Also registers
 * the drivers once per process. */
#ifndef CM_GDALERR_H
#define CM_GDALERR_H

#include "core/status.h"

typedef struct {
    cm_ctx *ctx;
    char msg[400]; /* the first CE_Failure message, "" when none */
    int failed;    /* how many failures were reported */
} cm_gdal_err;

void cm_gdal_begin(cm_gdal_err *e, cm_ctx *ctx);
void cm_gdal_end(cm_gdal_err *e);
/* The first failure's text (cut to 160 bytes with "..."), or fallback. */
const char *cm_gdal_text(const cm_gdal_err *e, const char *fallback);

#endif
