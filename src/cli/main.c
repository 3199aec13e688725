/* main: dispatches `conflictmap COMMAND [options]` to the command files. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "text/lexicon.h"

static const struct {
    const char *name;
    int (*fn)(int, char **);
    const char *summary;
} commands[] = {
    {"run", cm_cmd_run, "everything below, from articles to maps and layers, in one go"},
    {"places", cm_cmd_places, "place mentions in articles and how each resolved"},
    {"extract", cm_cmd_extract, "control claims from articles, as JSON Lines"},
    {"import", cm_cmd_import, "claims from ACLED's CSV export, in the events schema"},
    {"timeline", cm_cmd_timeline, "control periods per district from claims"},
    {"render", cm_cmd_render, "a map of the control state on one date (PNG, SVG, PDF)"},
    {"series", cm_cmd_series, "one map per day over a date range"},
    {"export", cm_cmd_export, "layers through OGR (GeoJSON, GPKG, FlatGeobuf, CSV, PostGIS)"},
    {"gazetteer", cm_cmd_gazetteer, "build the gazetteer index, or look up how a name resolves"},
    {"profiles", cm_cmd_profiles, "the conflict profiles installed (--profile NAME)"},
};

/* Takes `--profile ARG` and `--profile=ARG` out of argv (up to a "--"), for
 * every command alike; returns the new argc. A --profile without its value is
 * left for the command's parser to refuse. */
static int take_profile(int argc, char **argv)
{
    int w = 1;
    for (int r = 1; r < argc; r++) {
        if (!strcmp(argv[r], "--")) {
            while (r < argc) argv[w++] = argv[r++];
            break;
        }
        if (!strcmp(argv[r], "--profile") && r + 1 < argc) {
            cm_cli_set_profile(argv[++r]);
            continue;
        }
        if (!strncmp(argv[r], "--profile=", 10)) {
            cm_cli_set_profile(argv[r] + 10);
            continue;
        }
        argv[w++] = argv[r];
    }
    argv[w] = NULL;
    return w;
}

static void usage(FILE *fp)
{
    fprintf(fp, "usage: conflictmap COMMAND [options]\n\n"
                "Turns news articles about an armed conflict into dated control maps.\n\ncommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        fprintf(fp, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(fp, "\n`conflictmap COMMAND --help` shows a command's options. Every command takes\n"
                "--profile NAME|FILE, the conflict (default " CM_CLI_DEFAULT_PROFILE ", or CONFLICTMAP_PROFILE).\n"
                "Exit status: 0 ok, 1 failure (bad data, I/O), 2 usage error, 3 documents rejected (--strict).\n");
}

int main(int argc, char **argv)
{
    argc = take_profile(argc, argv);
    if (argc < 2) {
        usage(stderr);
        return CM_EXIT_USAGE;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return CM_EXIT_OK;
    }
    if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
        /* and where it reads its data: the source tree, or share/conflictmap when installed */
        printf("conflictmap %s\ndata: %s\nlexicons: %s\n", CM_VERSION, cm_cli_data_dir(), cm_lexicon_dir());
        return CM_EXIT_OK;
    }
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        if (!strcmp(argv[1], commands[i].name)) return commands[i].fn(argc - 1, argv + 1);
    fprintf(stderr, "conflictmap: unknown command '%s' (see conflictmap --help)\n", argv[1]);
    return CM_EXIT_USAGE;
}
