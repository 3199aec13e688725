/* testprofile: the Afghanistan profile of the source tree, loaded once, for
 * tests and fuzz targets that read claims (the sides come from a profile).
 * CM_SOURCE_DIR is the source folder (a public definition of the library). */
#ifndef CM_TESTPROFILE_H
#define CM_TESTPROFILE_H

#include <stdlib.h>

#include "core/profile.h"

static cm_profile *test_profile_p;

static inline void test_profile_free(void)
{
    cm_profile_free(test_profile_p);
    test_profile_p = NULL;
}

/* The profile NAME of the source tree (NULL: "afghanistan"); aborts when it
 * does not load. The first name asked for is the one kept. */
static inline const cm_profile *test_profile_named(const char *name)
{
    if (test_profile_p) return test_profile_p;
    cm_ctx *ctx = cm_ctx_new();
    if (!ctx || cm_profile_load(ctx, name ? name : "afghanistan", CM_SOURCE_DIR, &test_profile_p)) abort();
    cm_ctx_free(ctx);
    atexit(test_profile_free);
    return test_profile_p;
}

static inline const cm_profile *test_profile(void) { return test_profile_named(NULL); }

#endif
