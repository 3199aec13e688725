/* cli: shared command plumbing. */
#include "cli/cli.h"
#include "core/profile.h"
#include "core/datadir.h"
#include "core/stamp.h"

#include <stdbool.h>
#include <time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void log_stderr(cm_log_level level, const char *msg, void *ud)
{
    int quiet = ud != NULL;
    if (level == CM_LOG_DEBUG && !getenv("CONFLICTMAP_DEBUG")) return;
    if (quiet && level <= CM_LOG_WARN) return;
    static const char *tag[] = {"debug: ", "", "warning: ", "error: "};
    fprintf(stderr, "conflictmap: %s%s\n", tag[level], msg);
}

cm_ctx *cm_cli_ctx(void)
{
    cm_ctx *ctx = cm_ctx_new();
    if (!ctx) {
        fputs("conflictmap: out of memory\n", stderr);
        exit(CM_EXIT_FAIL);
    }
    cm_ctx_set_log(ctx, log_stderr, NULL);
    return ctx;
}

int cm_cli_finish(cm_ctx *ctx, cm_status st)
{
    if (st == CM_OK) return CM_EXIT_OK;
    const char *msg = cm_ctx_message(ctx);
    fprintf(stderr, "conflictmap: %s\n", *msg ? msg : cm_status_name(st));
    if (getenv("CONFLICTMAP_DEBUG")) fprintf(stderr, "conflictmap: (at %s)\n", cm_ctx_where(ctx));
    return st == CM_USAGE ? CM_EXIT_USAGE : CM_EXIT_FAIL;
}

/* --profile, taken out of argv by main before any command sees it. */
static const char *profile_arg;
static cm_profile *profile;

static void profile_free(void)
{
    cm_profile_free(profile);
    profile = NULL;
}

void cm_cli_set_profile(const char *arg) { profile_arg = arg; }

const char *cm_cli_profile_arg(void)
{
    if (profile_arg) return profile_arg;
    const char *e = getenv("CONFLICTMAP_PROFILE");
    return e && *e ? e : CM_CLI_DEFAULT_PROFILE;
}

cm_status cm_cli_profile_load(cm_ctx *ctx)
{
    if (profile) return CM_OK;
    cm_status st = cm_profile_load(ctx, cm_cli_profile_arg(), cm_cli_data_dir(), &profile);
    if (!st) atexit(profile_free);
    return st;
}

const cm_profile *cm_cli_profile(void) { return profile; }

static void help_common(FILE *fp)
{
    fprintf(fp, "\ncommon:\n  --profile NAME|FILE   the conflict (default %s, or CONFLICTMAP_PROFILE; "
                "`conflictmap profiles` lists them)\n", CM_CLI_DEFAULT_PROFILE);
}

int cm_cli_parse(cm_ctx *ctx, const cm_cmd_spec *spec, int argc, char **argv, int *npos,
                 char ***pos, int *done)
{
    int help = 0;
    cm_status st = cm_opts_parse(ctx, spec, argc, argv, &help, npos, pos);
    if (!st && !help) st = cm_cli_profile_load(ctx);
    if (st) {
        free(*pos);
        *pos = NULL;
        *done = cm_cli_finish(ctx, st);
        return 0;
    }
    /* A command's --quiet takes effect on the ctx it was parsed with. */
    for (const cm_opt *o = spec->opts; o->lng; o++)
        if (o->type == CM_OPT_FLAG && !strcmp(o->lng, "quiet") && *(int *)o->dest)
            cm_ctx_set_log(ctx, log_stderr, (void *)1);
    if (help) {
        cm_opts_help(stdout, spec);
        help_common(stdout);
        free(*pos);
        *pos = NULL;
        *done = CM_EXIT_OK;
        return 0;
    }
    return 1;
}

cm_ctx *cm_cli_start(const cm_cmd_spec *spec, int argc, char **argv, int *npos, char ***pos, int *done)
{
    cm_ctx *ctx = cm_cli_ctx();
    if (cm_cli_parse(ctx, spec, argc, argv, npos, pos, done)) return ctx;
    cm_ctx_free(ctx);
    return NULL;
}

const char *cm_cli_data_dir(void)
{
    return cm_data_dir();
}

/* An option, else the environment variable, else the profile's path (prof,
 * when a profile is loaded and names one), else rel under the data folder. */
static const char *pick(const char *opt, const char *env, const char *prof, const char *rel)
{
    if (opt) return opt;
    const char *e = getenv(env);
    if (e && *e) return e;
    if (prof && *prof) return prof;
    static char buf[8][4096]; /* a path stays valid for the next 7 calls */
    static int k;
    return cm_data_path(env, rel, buf[k++ % 8], sizeof buf[0]);
}

#define PROF(fn) (profile ? fn(profile) : NULL)

const char *cm_cli_boundaries(const char *opt)
{
    return pick(opt, "CONFLICTMAP_BOUNDARIES", PROF(cm_profile_boundaries), "shapefiles");
}
const char *cm_cli_countries(const char *opt)
{
    return pick(opt, "CONFLICTMAP_COUNTRIES", PROF(cm_profile_countries), "shapefiles/countries.json");
}
const char *cm_cli_cache_dir(void)
{
    const char *e = getenv("CONFLICTMAP_CACHE");
    if (e && !strcmp(e, "off")) return NULL;
    return pick(NULL, "CONFLICTMAP_CACHE", NULL, "cache");
}
const char *cm_cli_acled_actors(const char *opt)
{
    return pick(opt, "CONFLICTMAP_ACLED_ACTORS", PROF(cm_profile_acled_actors), "gazetteer/acled-actors.tsv");
}
const char *cm_cli_gazetteer(const char *opt)
{
    return pick(opt, "CONFLICTMAP_GAZETTEER", PROF(cm_profile_gazetteer), "gazetteer/conflictmap.gaz");
}

const char *cm_cli_tool_id(void)
{
    /* The version alone would keep outputs of an older build of the same
     * version; the executable's bytes change with any change to the code. */
    static char id[64];
    if (*id) return id;
    cm_ctx *ctx = cm_ctx_new();
    cm_stamp s;
    cm_stamp_init(&s, CM_VERSION);
    bool ok = ctx && !cm_stamp_file(&s, ctx, "/proc/self/exe");
    /* unreadable: an identity of this process alone, so nothing is kept */
    if (ok) snprintf(id, sizeof id, "%s/%016llx", CM_VERSION, (unsigned long long)s.h);
    else snprintf(id, sizeof id, "%s/unknown-%p-%ld", CM_VERSION, (void *)&s, (long)clock());
    cm_ctx_free(ctx);
    return id;
}
