/* fuzz_csv: the CSV reader (text/csv) over any bytes — every field within the
 * input's bounds, lines only growing — and the ACLED import (text/acled) over
 * the same bytes as a file, with the English lexicon, the actor table and a
 * made-up map; then export of what it wrote. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz_util.h"
#include "text/acled.h"
#include "text/csv.h"
#include "../common/testprofile.h"

static bool locate(void *ud, double lon, double lat, int level, const char **pcode, const char **parent,
                   const char **name)
{
    (void)ud;
    if (lat < 30 || lon > 75) return false;
    *pcode = level == 1 ? "AF09" : "AF0907", *parent = level == 1 ? "AF" : "AF09", *name = "Andarab";
    return true;
}

static bool unit_name(void *ud, const char *pcode, const char **name)
{
    (void)ud, (void)pcode;
    *name = "Andarab";
    return true;
}

static void read_csv(const uint8_t *data, size_t size)
{
    cm_arena *a = cm_arena_new();
    cm_csv r;
    cm_csv_row row;
    bool got;
    size_t line = 0;
    cm_csv_init(&r, (const char *)data, size);
    for (int k = 0; k < 100000; k++) {
        cm_arena_reset(a);
        cm_status st = cm_csv_next(&r, a, &row, &got);
        if (st == CM_NOMEM || (!st && !got)) break;
        if (row.line < line || r.pos > size) __builtin_trap();
        line = row.line;
        for (size_t i = 0; !st && i < row.nf; i++)
            if (row.off[i] > size || strlen(row.f[i]) != row.len[i]) __builtin_trap();
    }
    cm_arena_free(a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static cm_lexicon *en;
    static cm_acled_actors *actors;
    static cm_ctx *keep;
    if (!keep) {
        char path[4096];
        keep = cm_ctx_new();
        snprintf(path, sizeof path, "%s/en.tsv", CM_LEXICON_DIR);
        if (cm_lexicon_load_for(keep, path, test_profile(), &en)) abort();
        snprintf(path, sizeof path, "%s/gazetteer/acled-actors.tsv", CM_SOURCE_DIR);
        if (cm_acled_actors_load(keep, path, en, &actors)) abort();
    }
    read_csv(data, size);
    const char *in = fuzz_tmpfile(data, size);
    if (!in) return 0;
    char out[80];
    snprintf(out, sizeof out, "%s.jsonl", in);
    cm_ctx *ctx = cm_ctx_new();
    FILE *fp = fopen(out, "w");
    cm_acled_in_opts o = {.actors = actors, .locate = locate};
    cm_acled_stats s;
    cm_status st = fp ? cm_acled_import(ctx, in, &o, fp, &s) : CM_IO;
    if (fp) fclose(fp);
    if (!st && s.claims > s.rows) __builtin_trap();
    FILE *sink = fopen("/dev/null", "w");
    size_t rows, skipped;
    if (!st && sink && cm_acled_export(ctx, out, actors, unit_name, NULL, sink, &rows, &skipped) != CM_OK)
        __builtin_trap(); /* import writes only what export reads */
    if (!st && rows + skipped != s.claims) __builtin_trap();
    if (sink) fclose(sink);
    unlink(out);
    unlink(in);
    cm_ctx_free(ctx);
    return 0;
}
