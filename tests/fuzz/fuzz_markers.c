/* fuzz_markers: the markers loader (out/markers, `render --events FILE`) on
 * any bytes, once keeping every record (as a series does) and once for one
 * day (as a single map does).
 *
 * What must hold: no fault; a refused file has a message; an accepted list
 * holds markers with finite coordinates in range, a known action and a
 * NUL-terminated label; the one-day list is never longer than the full one. */
#include <math.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "core/day.h"
#include "fuzz_util.h"
#include "map/markers.h"

static size_t load(const char *path, cm_day day)
{
    cm_ctx *ctx = cm_ctx_new();
    cm_markers *m = NULL;
    size_t n = (size_t)-1;
    if (cm_markers_load(ctx, path, day, &m) == CM_OK) {
        n = cm_markers_count(m);
        const cm_marker *v = cm_markers_get(m);
        for (size_t i = 0; i < n; i++) {
            if (!isfinite(v[i].lon_deg) || !isfinite(v[i].lat_deg) || fabs(v[i].lon_deg) > 180 ||
                fabs(v[i].lat_deg) > 90 || (unsigned)v[i].action >= CM_MARK_COUNT || !v[i].label)
                __builtin_trap();
            (void)strlen(v[i].label);
            if (day != CM_DAY_NONE && v[i].day != CM_DAY_NONE && v[i].day != day) __builtin_trap();
        }
    } else if (!*cm_ctx_message(ctx)) {
        __builtin_trap();
    }
    cm_markers_free(m);
    cm_ctx_free(ctx);
    return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_tmpfile(data, size);
    if (!path) return 0;
    cm_day d;
    cm_day_from_ymd(2021, 8, 15, &d);
    size_t all = load(path, CM_DAY_NONE), one = load(path, d);
    if (all != (size_t)-1 && one != (size_t)-1 && one > all) __builtin_trap();
    unlink(path);
    return 0;
}
