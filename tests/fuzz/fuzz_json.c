/* fuzz_json: the JSON Lines record reader (core/json). */
#include <stdint.h>
#include <string.h>

#include "core/json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cm_arena *a = cm_arena_new();
    cm_json_obj o;
    size_t off = 0;
    if (cm_json_parse_object((const char *)data, size, a, &o, &off) == CM_OK) {
        for (size_t i = 0; i < o.n; i++) {
            const cm_json_member *m = cm_json_get(&o, o.m[i].key);
            if (!m || (m->str && strlen(m->str) > m->len)) __builtin_trap();
        }
    } else if (off > size) {
        __builtin_trap();
    }
    cm_arena_free(a);
    return 0;
}
