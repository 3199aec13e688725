/* fuzz_lex: the built-in lexicons with the Afghanistan profile's words, for
 * the fuzz targets that read text. */
#ifndef CM_FUZZ_LEX_H
#define CM_FUZZ_LEX_H

#include "../common/testprofile.h"
#include "text/lexicon.h"

/* The built-in lexicons, loaded once; NULL when they do not load. */
static inline const cm_lexset *fuzz_lexset(void)
{
    static cm_lexset set;
    static int tried;
    if (!tried) {
        tried = 1;
        cm_ctx *ctx = cm_ctx_new();
        if (cm_lexset_load(ctx, NULL, test_profile(), &set) != CM_OK) set = (cm_lexset){0};
        cm_ctx_free(ctx);
    }
    return set.n ? &set : NULL;
}

#endif
