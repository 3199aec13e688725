/* mention: place finder and resolver (see mention.h). Work in progress. */
#include "text/mention.h"

#include "text/gaz.h"
#include "text/norm.h"

cm_status cm_mention_find(const cm_gaz *g, const char *text, size_t n, cm_arena *a,
                          cm_mention **out, size_t *nout)
{
    (void)g, (void)text, (void)n, (void)a;
    *out = NULL;
    *nout = 0;
    return CM_OK;
}

cm_status cm_mention_explain(const cm_gaz *g, const char *text, size_t n, cm_buf *out)
{
    cm_buf k = {0};
    cm_status st = cm_norm_key(text, n, &k);
    if (!st) st = cm_buf_printf(out, "key: %s\n", k.p ? k.p : "");
    cm_gaz_hit h;
    if (!st && k.p && cm_gaz_lookup_key(g, k.p, k.n, &h)) {
        for (uint32_t i = 0; i < h.count && !st; i++) {
            cm_gaz_name nm;
            cm_gaz_name_get(g, h.first + i, &nm);
            cm_gaz_entry e;
            cm_gaz_entry_get(g, nm.entry, &e);
            st = cm_buf_printf(out, "  %s %s %s (%s)\\n", e.name, e.pcode, cm_gaz_kind_name(e.kind), nm.surface);
        }
    }
    cm_buf_free(&k);
    return st;
}
