/* cli: what the command files share — the log callback, status → exit code,
 * and where the run-time data lies. The CLI is the only layer that prints or
 * exits. */
#ifndef CM_CLI_H
#define CM_CLI_H

#include "cli/opts.h"
#include "core/status.h"

#define CM_VERSION "0.1.0"

/* Exit codes (README): 0 ok, 1 failure, 2 usage, 3 documents rejected under --strict. */
enum { CM_EXIT_OK = 0, CM_EXIT_FAIL = 1, CM_EXIT_USAGE = 2, CM_EXIT_STRICT = 3 };

/* A ctx whose log prints "conflictmap: warning: …" to stderr (a command's
 * --quiet, applied by cm_cli_parse, drops WARN and below). Never NULL: exits 1
 * on allocation failure. */
cm_ctx *cm_cli_ctx(void);

/* Prints the ctx's error as one line "conflictmap: <message>" (for usage
 * errors followed by a hint) and returns the exit code for st. */
int cm_cli_finish(cm_ctx *ctx, cm_status st);

/* Parses argv with spec; on --help prints it and sets *done = CM_EXIT_OK; on a
 * usage error prints and sets *done = CM_EXIT_USAGE. Returns 1 to go on. A
 * flag named "quiet" in spec, when given, quiets ctx's log. */
int cm_cli_parse(cm_ctx *ctx, const cm_cmd_spec *spec, int argc, char **argv, int *npos,
                 char ***pos, int *done);

/* The claims a document keeps by default (--max-claims of extract and run;
 * the pipeline, text/pipeline.h, keeps the first N and says so). */
#define CM_CLI_MAX_CLAIMS 10000

/* The start of every command: a ctx, then cm_cli_parse. Returns the ctx to go
 * on with, or NULL after --help or a usage error, with *done the exit code. */
cm_ctx *cm_cli_start(const cm_cmd_spec *spec, int argc, char **argv, int *npos, char ***pos, int *done);

/* The conflict profile (core/profile.h). main takes `--profile ARG` out of
 * argv (anywhere before "--") and hands it to cm_cli_set_profile; else
 * CONFLICTMAP_PROFILE, else CM_CLI_DEFAULT_PROFILE. cm_cli_parse loads it
 * once (after the options, not for --help); cm_cli_profile is NULL before. */
/* The profile without --profile or CONFLICTMAP_PROFILE: set at configure time
 * (CMake cache variable CM_DEFAULT_PROFILE). */
#define CM_CLI_DEFAULT_PROFILE CM_DEFAULT_PROFILE
void cm_cli_set_profile(const char *arg);
const char *cm_cli_profile_arg(void);
struct cm_profile;
cm_status cm_cli_profile_load(cm_ctx *ctx) CM_WUR;
const struct cm_profile *cm_cli_profile(void);

/* Run-time data paths: an explicit value wins, then the environment variable,
 * then the profile's path, then the default under the data folder (core/datadir.h:
 * CONFLICTMAP_DATA, the installed share/conflictmap, or the build's source
 * folder). The returned string is borrowed from env/argv, or static (valid for
 * the next 7 of these calls). */
const char *cm_cli_boundaries(const char *opt); /* CONFLICTMAP_BOUNDARIES: folder with adm0/1/2 */
const char *cm_cli_countries(const char *opt);  /* CONFLICTMAP_COUNTRIES: Natural Earth file */
const char *cm_cli_gazetteer(const char *opt);  /* CONFLICTMAP_GAZETTEER: compiled index */
/* CONFLICTMAP_CACHE: the prepared-map cache folder (default DATA/cache);
 * NULL when the variable says "off" (no cache read or written). */
const char *cm_cli_cache_dir(void);
const char *cm_cli_acled_actors(const char *opt); /* CONFLICTMAP_ACLED_ACTORS: ACLED actor names to sides */
const char *cm_cli_data_dir(void);               /* cm_data_dir (core/datadir.h) */

/* The tool's identity for output stamps (core/stamp.h): the version and a
 * hash of the running executable ("0.1.0/<16 hex>"). Static storage. */
const char *cm_cli_tool_id(void);

/* Commands: argv[0] is the command name. Each returns an exit code. */
int cm_cmd_render(int argc, char **argv);
int cm_cmd_places(int argc, char **argv);
int cm_cmd_gazetteer(int argc, char **argv);
int cm_cmd_extract(int argc, char **argv);
int cm_cmd_timeline(int argc, char **argv);
int cm_cmd_run(int argc, char **argv);
int cm_cmd_series(int argc, char **argv);
int cm_cmd_export(int argc, char **argv);
int cm_cmd_import(int argc, char **argv);
int cm_cmd_profiles(int argc, char **argv);

#endif
