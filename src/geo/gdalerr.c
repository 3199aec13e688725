/* gdalerr: a pushed CPLErrorHandler with user data. */
#include "geo/gdalerr.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <cpl_error.h>
#include <gdal.h>
#include "geo/dynlib.h" /* last: GDAL and PROJ loaded on first use */

static pthread_once_t once = PTHREAD_ONCE_INIT;
static void init(void) { GDALAllRegister(); }

static void CPL_STDCALL on_error(CPLErr cls, CPLErrorNum no, const char *msg)
{
    cm_gdal_err *e = CPLGetErrorHandlerUserData();
    if (!e) return;
    if (cls >= CE_Failure) {
        if (!e->failed) {
            /* GDAL's messages can quote whole SQL statements: keep the start. */
            size_t n = msg ? strlen(msg) : 0;
            snprintf(e->msg, sizeof e->msg, "%.160s%s", msg ? msg : "GDAL error", n > 160 ? "..." : "");
        }
        e->failed++;
    }
    cm_log(e->ctx, CM_LOG_DEBUG, "GDAL %s %d: %s", cls >= CE_Failure ? "error" : "warning", (int)no,
           msg ? msg : "");
}

void cm_gdal_begin(cm_gdal_err *e, cm_ctx *ctx)
{
    pthread_once(&once, init);
    *e = (cm_gdal_err){.ctx = ctx};
    CPLErrorReset();
    CPLPushErrorHandlerEx(on_error, e);
}

void cm_gdal_end(cm_gdal_err *e)
{
    (void)e;
    CPLPopErrorHandler();
}

const char *cm_gdal_text(const cm_gdal_err *e, const char *fallback)
{
    return e->failed ? e->msg : fallback;
}
