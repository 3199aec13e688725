/* fuzz_util: helpers shared by the fuzz targets: temporary files. */
#ifndef CM_FUZZ_UTIL_H
#define CM_FUZZ_UTIL_H

#include <stdint.h>
#include <stdio.h>
#include <unistd.h>


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

#endif
