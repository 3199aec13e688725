/* fuzz_profile: the profile parser (core/profile, `--profile FILE`) on any bytes.
 *
 * What must hold: no fault; a refused text has a message and no profile; an
 * accepted one has a name, a country, a unit layer and at least one side that
 * holds ground, and every controller number names something. */
#include <stdint.h>
#include <string.h>

#include "core/profile.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cm_ctx *ctx = cm_ctx_new();
    cm_profile *p = NULL;
    cm_status st = cm_profile_parse(ctx, "/fuzz", "/data", (const char *)data, size, &p);
    if (st != CM_OK && (!*cm_ctx_message(ctx) || p)) __builtin_trap();
    if (st == CM_OK) {
        if (!p || !*cm_profile_name(p) || strlen(cm_profile_country(p)) != 2) __builtin_trap();
        if (!cm_profile_layer_of(p, CM_ROLE_UNIT)->present) __builtin_trap();
        bool ground = false;
        for (int c = 0; c < CM_CTRL_COUNT; c++) {
            const char *n = cm_profile_ctrl_name(p, (cm_controller)c);
            if (!n || !*n || cm_profile_ctrl_parse(p, n, strlen(n)) != (c && c <= (int)cm_profile_side_count(p)
                                                                          ? c : c == CM_CTRL_CONTESTED ? c : 0))
                __builtin_trap();
            ground |= cm_profile_ctrl_ground(p, (cm_controller)c);
        }
        if (!ground) __builtin_trap();
    }
    cm_profile_free(p);
    cm_ctx_free(ctx);
    return 0;
}
