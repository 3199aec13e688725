/* fuzz_util: helpers shared by the fuzz targets: temporary files, a profile. */
#ifndef CM_FUZZ_UTIL_H
#define CM_FUZZ_UTIL_H

#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#include "core/profile.h"

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

/* A profile with the afghanistan profile's sides (three that hold ground, one
 * that does not), parsed from memory once; NULL when it does not parse. */
static inline const cm_profile *fuzz_profile(void)
{
    static cm_profile *p;
    static int tried;
    if (!tried) {
        tried = 1;
        static const char text[] = "profile\tfuzz\ncountry\tAF\tAfghanistan\n"
                                   "layer\tcountry\tadm0\tname.en=ADM0_EN\n"
                                   "layer\tunit\tadm2\tcode=ADM2_PCODE\tparent=ADM1_PCODE\tname.en=ADM2_EN\n"
                                   "side\ttaliban\t#dcb35c\tground\tTaliban\n"
                                   "side\tgovernment\t#4a7db5\tground\tGovernment\n"
                                   "side\tresistance\t#3f9656\tground\tResistance\n"
                                   "side\tisis\t#7f7f7f\tno-ground\tIslamic State\n";
        cm_ctx *ctx = cm_ctx_new();
        if (cm_profile_parse(ctx, "/tmp", "/tmp", text, sizeof text - 1, &p) != CM_OK) p = NULL;
        cm_ctx_free(ctx);
    }
    return p;
}

#endif
