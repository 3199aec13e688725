/* acledcli: the ACLED set-up import, export and run share (see acledcli.h). */
#include "cli/acledcli.h"

#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

cm_status cm_acledcli_open(cm_ctx *ctx, const char *actors, const char *boundaries, cm_acledcli *out)
{
    memset(out, 0, sizeof *out);
    char en[4096];
    snprintf(en, sizeof en, "%s/en.tsv", cm_lexicon_dir());
    cm_status st = cm_lexicon_load_for(ctx, en, cm_cli_profile(), &out->en);
    if (!st) st = cm_acled_actors_load(ctx, cm_cli_acled_actors(actors), out->en, &out->actors);
    if (!st && !(out->gs = cm_geomstore_new())) st = cm_fail(ctx, CM_NOMEM, "out of memory");
    if (!st) st = cm_geomstore_load_admin(out->gs, ctx, cm_cli_profile(), cm_cli_boundaries(boundaries));
    if (st) cm_acledcli_close(out);
    return st;
}

void cm_acledcli_close(cm_acledcli *c)
{
    cm_geomstore_free(c->gs);
    cm_acled_actors_free(c->actors);
    cm_lexicon_free(c->en);
    memset(c, 0, sizeof *c);
}

cm_status cm_acledcli_import(cm_ctx *ctx, const cm_acledcli *c, const char *const *files, int n, bool strict,
                             bool quiet, FILE *out, size_t *claims)
{
    cm_acled_in_opts o = {.actors = c->actors, .locate = cm_geomstore_locate_cb, .ud = c->gs, .strict = strict};
    cm_status st = CM_OK;
    *claims = 0;
    for (int i = 0; i < n && !st; i++) {
        cm_acled_stats s;
        if ((st = cm_acled_import(ctx, files[i], &o, out, &s))) break;
        *claims += s.claims;
        if (quiet) continue;
        fprintf(stderr, "conflictmap: %s: %zu rows, %zu claims (%zu paint), %zu rows of types that claim nothing",
                files[i], s.rows, s.claims, s.painting, s.no_claim);
        if (s.bad) fprintf(stderr, ", %zu bad rows skipped", s.bad);
        if (s.outside) fprintf(stderr, ", %zu rows outside the boundaries", s.outside);
        if (s.unknown_names)
            fprintf(stderr, ", %zu unknown actor names (%zu claims without their side)", s.unknown_names, s.unknown_rows);
        fputc('\n', stderr);
    }
    return st;
}
