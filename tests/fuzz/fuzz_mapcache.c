/* fuzz_mapcache: the prepared-map cache reader (out/mapcache) on any bytes: a
 * damaged file is refused, never trusted; an accepted one is drawn without a
 * fault. Before parsing, the harness writes the input's true size and
 * checksum into its header and takes the key stored in the file as the one
 * expected, and the frame size from the payload, so that mutations reach the
 * structure checks behind the checksum instead of stopping there. Seeds: a
 * bare header and small.cmc, a valid 64x48 map of four synthetic districts
 * written by cm_mapcache_encode. */
#include <cairo.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/str.h"
#include "fuzz_util.h"
#include "map/mapcache.h"
#include "map/render.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    unsigned char *b = malloc(size + 1);
    cm_ctx *ctx = cm_ctx_new();
    if (!b || !ctx) abort();
    if (size) memcpy(b, data, size);
    cm_buf key = {0};
    cm_map_opts o = {.width = 64, .height = 48, .labels = CM_LABELS_NONE, .no_text = true, .profile = fuzz_profile()};
    if (size >= 48) {
        uint64_t n = size, h = cm_hash64(b + 48, size - 48);
        uint32_t kn, w, hh;
        uint64_t off;
        memcpy(b + 16, &n, 8);
        memcpy(b + 24, &h, 8);
        memcpy(&kn, b + 36, 4);
        memcpy(&off, b + 40, 8);
        if (kn <= size - 48 && cm_buf_append(&key, b + 48, kn)) abort();
        if (off <= size - 8) {
            memcpy(&w, b + off, 4);
            memcpy(&hh, b + off + 4, 4);
            if (w >= 16 && w <= 256 && hh >= 16 && hh <= 256) o.width = (int)w, o.height = (int)hh;
        }
    }
    cm_mapctx *m = NULL;
    if (cm_mapcache_decode(ctx, b, size, &key, &o, &m) == CM_OK) {
        cairo_surface_t *sf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, o.width, o.height);
        cairo_t *cr = cairo_create(sf);
        size_t nd = cm_mapctx_district_count(m);
        cm_controller *ctrl = calloc(nd, sizeof *ctrl);
        for (size_t i = 0; ctrl && i < nd; i++) ctrl[i] = (cm_controller)(i % CM_CTRL_COUNT);
        cm_frame fr = {.day = 18860, .ctrl = ctrl};
        cm_status rs = cm_map_render(m, ctx, cr, &fr);
        if (rs != CM_OK && rs != CM_CAIRO) abort();
        cairo_destroy(cr);
        cairo_surface_destroy(sf);
        cm_buf js = {0};
        if (cm_mapctx_outlines_json(m, &js) != CM_OK) abort(); /* CM_NOMEM only */
        cm_buf_free(&js);
        (void)cm_mapctx_pcode_known("AF", m);
        for (size_t i = 0; i < nd; i++) (void)cm_mapctx_parent(m, cm_mapctx_district_pcode(m, i));
        free(ctrl);
        cm_mapctx_free(m);
    }
    cm_buf_free(&key);
    cm_ctx_free(ctx);
    free(b);
    return 0;
}
