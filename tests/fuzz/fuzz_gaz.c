/* fuzz_gaz: the gazetteer index loader (text/gaz) on any bytes: a damaged index
 * is refused, never trusted; an accepted one answers every look-up without a
 * fault. Seeds: an empty file, a bare header, and small.gaz, a small valid
 * index written by the builder (cm_gaz_builder) from made-up entries. The body
 * checksum makes most mutations fail early: the header and bounds checks are
 * what the fuzzer exercises, and they must hold for any header. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/str.h"
#include "text/gaz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cm_ctx *ctx = cm_ctx_new();
    cm_gaz *g = NULL;
    if (ctx && cm_gaz_open_mem(ctx, "fuzz.gaz", data, size, &g) == CM_OK) {
        for (uint32_t i = 0; i < cm_gaz_entry_count(g); i++) {
            cm_gaz_entry e;
            cm_gaz_entry_get(g, i, &e);
            if (strlen(e.name) > size || strlen(e.parent) > size) __builtin_trap();
        }
        /* the profile record: strings inside the file, the home entry an entry */
        if (strlen(cm_gaz_profile_name(g)) + strlen(cm_gaz_country(g)) > size) __builtin_trap();
        if (cm_gaz_home(g) != CM_GAZ_NONE && cm_gaz_home(g) >= cm_gaz_entry_count(g)) __builtin_trap();
        for (uint32_t i = 0; i < cm_gaz_key_count(g); i++) {
            cm_gaz_hit h, h2;
            cm_gaz_key_get(g, i, &h);
            (void)cm_gaz_lookup_key(g, h.key, strlen(h.key), &h2);
            for (uint32_t j = 0; j < h.count && j < 4; j++) {
                cm_gaz_name nm;
                cm_gaz_name_get(g, h.first + j, &nm);
            }
        }
        const uint32_t *ks;
        uint32_t n;
        (void)cm_gaz_skeleton(g, "KBL", &ks, &n);
        (void)cm_gaz_skeleton_prefix(g, "K");
    }
    cm_gaz_close(g);
    cm_ctx_free(ctx);
    return 0;
}
