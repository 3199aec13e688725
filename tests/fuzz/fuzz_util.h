/* fuzz_util: helpers shared by the fuzz targets: temporary files, the lexicons. */
#ifndef CM_FUZZ_UTIL_H
#define CM_FUZZ_UTIL_H

#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#include "text/lexicon.h"

/* Writes data to a per-process temporary file and returns its path (static). */
static inline const char *fuzz_tmpfile(const uint8_t *data, size_t size)
{
    static char path[64];
    snprintf(path, sizeof path, "/tmp/cmfuzz-%ld.in", (long)getpid());
    FILE *fp = fopen(path, "wb");
    if (!fp) return NULL;
    if (size) fwrite(data, 1, size, fp);
    fclose(fp);
    return path;
}

/* The built-in lexicons, loaded once; NULL when they do not load. */
static inline const cm_lexset *fuzz_lexset(void)
{
    static cm_lexset set;
    static int tried;
    if (!tried) {
        tried = 1;
        cm_ctx *ctx = cm_ctx_new();
        if (cm_lexset_load(ctx, NULL, &set) != CM_OK) set = (cm_lexset){0};
        cm_ctx_free(ctx);
    }
    return set.n ? &set : NULL;
}

#endif
