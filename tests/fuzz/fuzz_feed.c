/* fuzz_feed: the feed reader (text/feed: libxml2's XML parser with the
 * position hook of text/markup, charset conversion, RSS and Atom items) on
 * any bytes.
 *
 * What must hold: no fault, no leak; a rejected input is CM_PARSE (or
 * CM_NOTFOUND for an XHTML page) with a message naming the file; every item
 * of an accepted feed reads, its text NUL-terminated with no NUL inside and
 * every offset of it mapped inside the input (fuzz_markup_check.h); the
 * analysis runs on it. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "fuzz_markup_check.h"
#include "text/feed.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cm_ctx *ctx = cm_ctx_new();
    cm_arena *a = cm_arena_new();
    cm_feed *f = NULL;
    if (!ctx || !a) goto done;
    cm_status st = cm_feed_open(ctx, "fuzz.xml", (const char *)data, size, &f);
    if (st) {
        if (st != CM_PARSE && st != CM_NOTFOUND) __builtin_trap();
        if (st == CM_PARSE && !strstr(cm_ctx_message(ctx), "fuzz.xml")) __builtin_trap();
        goto done;
    }
    cm_doc_opts o = {.lexset = fuzz_lexset()};
    for (size_t i = 0; i < cm_feed_count(f); i++) {
        cm_arena_reset(a);
        cm_doc d;
        if (cm_feed_item(ctx, f, i, a, &d) != CM_OK) __builtin_trap();
        fuzz_check_markup_doc(ctx, &d, size, &o, a);
    }
done:
    cm_feed_free(f);
    cm_arena_free(a);
    cm_ctx_free(ctx);
    return 0;
}
