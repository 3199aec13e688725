/* cmd_profiles: `conflictmap profiles` — the conflict profiles installed, one
 * a line: name, country, sides (those that hold ground first), and which one
 * --profile would pick now. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/profile.h"

static void print_one(cm_ctx *ctx, const char *name, const char *current)
{
    cm_profile *p = NULL;
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/profiles/%s", cm_cli_data_dir(), name);
    if (cm_profile_load(ctx, dir, cm_cli_data_dir(), &p)) {
        printf("%-14s (unreadable: %s)\n", name, cm_ctx_message(ctx));
        cm_ctx_clear(ctx);
        return;
    }
    printf("%s %-12s %s %-14s", strcmp(name, current) ? " " : "*", name, cm_profile_country(p),
           cm_profile_country_name(p));
    for (int ground = 1; ground >= 0; ground--)
        for (size_t i = 0; i < cm_profile_side_count(p); i++) {
            const cm_profile_side *s = cm_profile_side_at(p, i);
            if (s->ground == ground) printf(" %s%s", s->id, ground ? "" : "(no ground)");
        }
    putchar('\n');
    cm_profile_free(p);
}

int cm_cmd_profiles(int argc, char **argv)
{
    const cm_opt opts[] = {CM_OPT_END};
    const cm_cmd_spec spec = {"profiles", "",
                              "Lists the conflict profiles installed under DATA/profiles (docs/profiles.md): "
                              "name, country, sides. `*` marks the one commands use now (--profile, "
                              "CONFLICTMAP_PROFILE, else " CM_CLI_DEFAULT_PROFILE ").",
                              opts};
    cm_ctx *ctx = cm_cli_ctx();
    int help = 0, npos = 0;
    char **pos = NULL;
    cm_status st = cm_opts_parse(ctx, &spec, argc, argv, &help, &npos, &pos);
    free(pos);
    if (!st && npos) st = cm_fail(ctx, CM_USAGE, "profiles: takes no arguments");
    if (st || help) {
        if (help) cm_opts_help(stdout, &spec);
        int rc = help ? CM_EXIT_OK : cm_cli_finish(ctx, st);
        cm_ctx_free(ctx);
        return rc;
    }
    char names[64][64];
    size_t n = cm_profile_list(cm_cli_data_dir(), names, 64);
    if (!n) st = cm_fail(ctx, CM_NOTFOUND, "no profiles under %s/profiles", cm_cli_data_dir());
    for (size_t i = 0; i < n && i < 64; i++) print_one(ctx, names[i], cm_cli_profile_arg());
    int rc = cm_cli_finish(ctx, st);
    cm_ctx_free(ctx);
    return rc;
}
