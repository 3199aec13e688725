/* fuzz_mention: the place finder (text/mention) over the fixture gazetteer on
 * any text: no fault, mentions in order, not overlapping, inside the text,
 * holding their surface, with a confidence in (0, 1]. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/str.h"
#include "text/gaz.h"
#include "text/mention.h"

static cm_gaz *gaz(void)
{
    static cm_gaz *g;
    static int tried;
    if (!tried) {
        tried = 1;
        const char *p = getenv("CONFLICTMAP_GAZETTEER");
        cm_ctx *ctx = cm_ctx_new();
        if (p && cm_gaz_open(ctx, p, &g) != CM_OK) g = NULL;
        cm_ctx_free(ctx);
    }
    return g;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cm_gaz *g = gaz();
    if (!g) return 0;
    const char *s = (const char *)data;
    cm_arena *a = cm_arena_new();
    cm_mention *m;
    size_t n;
    if (a && cm_mention_find(g, s, size, a, &m, &n) == CM_OK) {
        for (size_t i = 0; i < n; i++) {
            if (m[i].off + m[i].len > size || memcmp(s + m[i].off, m[i].surface, m[i].len)) __builtin_trap();
            if (i && m[i - 1].off + m[i - 1].len > m[i].off) __builtin_trap();
            if (!(m[i].confidence > 0 && m[i].confidence <= 1)) __builtin_trap();
        }
    }
    cm_arena_free(a);
    if (size < 256) {
        cm_buf out = {0};
        if (cm_mention_explain(g, s, size, &out) != CM_OK && out.n > (1u << 20)) __builtin_trap();
        cm_buf_free(&out);
    }
    return 0;
}
