/* fuzz_page: the saved-page reader (text/page: charset detection and
 * conversion, libxml2's HTML parser with the position hook of text/markup,
 * the main-text heuristic, the metadata) on any bytes.
 *
 * What must hold: no fault, no leak; any input reads (an HTML parser
 * recovers); the text is NUL-terminated with no NUL inside and every offset of
 * it maps inside the input (fuzz_markup_check.h); the analysis runs on it. */
#include <stdint.h>
#include <stdlib.h>

#include "core/arena.h"
#include "fuzz_markup_check.h"
#include "text/page.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cm_ctx *ctx = cm_ctx_new();
    cm_arena *a = cm_arena_new();
    if (ctx && a) {
        cm_doc d;
        if (cm_page_parse(ctx, "fuzz.html", (const char *)data, size, a, &d) != CM_OK) __builtin_trap();
        cm_doc_opts o = {.lexset = fuzz_lexset()};
        fuzz_check_markup_doc(ctx, &d, size, &o, a);
    }
    cm_arena_free(a);
    cm_ctx_free(ctx);
    return 0;
}
