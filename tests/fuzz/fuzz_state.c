/* fuzz_state: the state-file and events loaders of the timeline, and the rule
 * over whatever they accepted. */
#include <stdint.h>
#include <unistd.h>

#include "fuzz_util.h"
#include "model/timeline.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_tmpfile(data, size);
    if (!path || !fuzz_profile()) return 0;
    for (int kind = 0; kind < 2; kind++) {
        cm_ctx *ctx = cm_ctx_new();
        cm_timeline *tl = cm_timeline_new(fuzz_profile());
        cm_status st = kind ? cm_timeline_load_events(tl, ctx, path) : cm_timeline_load_state(tl, ctx, path, NULL, NULL);
        if (st == CM_OK) {
            cm_day d;
            cm_day_from_ymd(2021, 8, 21, &d);
            cm_timeline_at(tl, "AF0907", d, NULL);
            cm_tl_period *p;
            size_t n;
            if (cm_timeline_periods(tl, ctx, "AF0801", &p, &n) == CM_OK) cm_tl_periods_free(p, n);
        }
        cm_timeline_free(tl);
        cm_ctx_free(ctx);
    }
    unlink(path);
    return 0;
}
