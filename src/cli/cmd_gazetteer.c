/* cmd_gazetteer: `conflictmap gazetteer build|lookup|names`.
 *
 *   build   compiles the profile's index from its boundary layers, GeoNames,
 *           Natural Earth, its exonyms and the word table (geo/gazbuild)
 *   lookup  shows how a name resolves: its key, the candidates, the rules that
 *           matched and the winner (text/mention)
 *   names   prints every name of the index, one a line (for benchmarks) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "core/arena.h"
#include "core/file.h"
#include "core/profile.h"
#include "core/str.h"
#include "geo/gazbuild.h"
#include "text/gaz.h"
#include "text/mention.h"
#include "text/norm.h"

static void usage(FILE *fp)
{
    fputs("usage: conflictmap gazetteer build|lookup|names [options]\n\n"
          "  build   compile the gazetteer index from its sources\n"
          "  lookup  show how a name resolves: key, candidates, rules, winner\n"
          "  names   print every name in the index, one a line\n\n"
          "`conflictmap gazetteer SUBCOMMAND --help` shows its options.\n",
          fp);
}

/* An option, else the environment variable, else the profile's path ("" when
 * it names none: NULL). */
static const char *source(const char *opt, const char *env, const char *prof)
{
    if (opt) return opt;
    const char *e = getenv(env);
    if (e && *e) return e;
    return prof && *prof ? prof : NULL;
}

/* The exonym and word tables: --curated DIR names a folder holding both
 * (curated.tsv required, words.tsv when present); else --exonyms or the
 * profile's table, and the generic words of the data folder. */
static cm_status tables(cm_ctx *ctx, const char *curated, const char *exonyms, int no_curated,
                        cm_gazbuild_opts *o)
{
    static char cur[4096], words[4096];
    if (curated) {
        snprintf(cur, sizeof cur, "%s/curated.tsv", curated);
        if (!cm_path_exists(cur)) return cm_fail(ctx, CM_IO, "%s: no curated.tsv in this folder", curated);
        snprintf(words, sizeof words, "%s/words.tsv", curated);
        o->exonyms = cur;
    } else {
        snprintf(words, sizeof words, "%s/gazetteer/words.tsv", cm_cli_data_dir());
        const char *prof = cm_profile_exonyms(cm_cli_profile());
        o->exonyms = exonyms ? exonyms : *prof ? prof : NULL;
    }
    o->words = cm_path_exists(words) ? words : NULL;
    if (no_curated) o->exonyms = NULL;
    return CM_OK;
}

static int cmd_build(int argc, char **argv)
{
    const char *boundaries = NULL, *geonames = NULL, *countries = NULL, *curated = NULL, *exonyms = NULL;
    const char *out = NULL;
    int quiet = 0, no_curated = 0;
    const cm_opt opts[] = {
        {"boundaries", 0, CM_OPT_STR, &boundaries, "DIR", "folder of the profile's boundary layers"},
        {"geonames", 0, CM_OPT_STR, &geonames, "TSV", "GeoNames populated places (cities500 columns)"},
        {"countries", 0, CM_OPT_STR, &countries, "FILE", "Natural Earth countries (TopoJSON)"},
        {"exonyms", 0, CM_OPT_STR, &exonyms, "TSV", "curated names (default: the profile's exonyms)"},
        {"curated", 0, CM_OPT_STR, &curated, "DIR", "folder with curated.tsv and words.tsv (instead of --exonyms)"},
        {"no-curated", 0, CM_OPT_FLAG, &no_curated, NULL, "leave the curated names out, keep the words (tests)"},
        {"output", 'o', CM_OPT_STR, &out, "FILE", "index to write (default: the profile's gazetteer)"},
        {"quiet", 'q', CM_OPT_FLAG, &quiet, NULL, "no summary on stderr"},
        CM_OPT_END};
    const cm_cmd_spec spec = {
        "gazetteer build",
        "[--boundaries DIR] [--geonames TSV] [--countries FILE] [--exonyms TSV | --curated DIR] [-o FILE]",
        "Compiles the gazetteer index of the profile: its country, regions and units from the boundary "
        "layers it names (every name field, alternate names, a point inside each, the parent of each), "
        "GeoNames populated places of its country assigned to their unit by point-in-polygon, the "
        "countries of the world, the profile's exonyms and the common words. The index records the "
        "profile. Defaults: the environment (CONFLICTMAP_BOUNDARIES, CONFLICTMAP_GEONAMES, "
        "CONFLICTMAP_COUNTRIES, CONFLICTMAP_GAZETTEER), else the profile's paths.",
        opts};
    int npos, done;
    char **pos;
    cm_ctx *ctx = cm_cli_start(&spec, argc, argv, &npos, &pos, &done);
    if (!ctx) return done;
    cm_status st = CM_OK;
    const cm_profile *prof = cm_cli_profile();
    cm_gazbuild_opts o = {
        .profile = prof,
        .boundaries = cm_cli_boundaries(boundaries),
        .geonames = source(geonames, "CONFLICTMAP_GEONAMES", cm_profile_geonames(prof)),
        .countries = cm_cli_countries(countries),
        .out = out ? out : cm_cli_gazetteer(NULL),
    };
    if (npos) st = cm_fail(ctx, CM_USAGE, "gazetteer build: unexpected argument '%s'", pos[0]);
    else if (curated && exonyms) st = cm_fail(ctx, CM_USAGE, "gazetteer build: --curated or --exonyms, not both");
    if (!st) st = tables(ctx, curated, exonyms, no_curated, &o);
    cm_gazbuild_stats s;
    clock_t t0 = clock();
    if (!st) st = cm_gazbuild_run(ctx, &o, &s);
    if (!st && !quiet)
        fprintf(stderr,
                "conflictmap: gazetteer %s (profile %s): %zu entries (%zu regions, %zu units, %zu places "
                "[%zu outside every polygon], %zu countries, %zu foreign cities), %zu names with "
                "variants, %zu curated names, %zu words, %.2f s\n",
                o.out, cm_profile_name(prof), s.entries, s.regions, s.units, s.places, s.places_outside,
                s.countries, s.foreign_cities, s.names, s.curated_names, s.words,
                (double)(clock() - t0) / CLOCKS_PER_SEC);
    free(pos);
    int rc = cm_cli_finish(ctx, st);
    cm_ctx_free(ctx);
    return rc;
}

static cm_status open_gaz(cm_ctx *ctx, const char *opt, cm_gaz **g)
{
    return cm_gaz_open_profile(ctx, cm_cli_gazetteer(opt), cm_cli_profile(), g);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int cmd_names(int argc, char **argv)
{
    const char *gpath = NULL;
    int keys = 0;
    const cm_opt opts[] = {
        {"gazetteer", 0, CM_OPT_STR, &gpath, "FILE", "compiled index (default: CONFLICTMAP_GAZETTEER)"},
        {"keys", 0, CM_OPT_FLAG, &keys, NULL, "print the matching keys instead of the names"},
        CM_OPT_END};
    const cm_cmd_spec spec = {"gazetteer names", "[--gazetteer FILE] [--keys]",
                              "Prints every distinct name of the index (or key), one a line.", opts};
    int npos, done;
    char **pos;
    cm_ctx *ctx = cm_cli_start(&spec, argc, argv, &npos, &pos, &done);
    if (!ctx) return done;
    cm_gaz *g = NULL;
    const char **v = NULL;
    cm_status st = open_gaz(ctx, gpath, &g);
    if (!st) {
        size_t n = cm_gaz_name_count(g), k = 0;
        v = malloc((n ? n : 1) * sizeof *v);
        if (!v) {
            st = cm_fail(ctx, CM_NOMEM, "out of memory");
            goto end;
        }
        for (uint32_t i = 0; i < n; i++) {
            cm_gaz_name nm;
            cm_gaz_name_get(g, i, &nm);
            v[k++] = keys ? nm.key : nm.surface;
        }
        qsort(v, k, sizeof *v, cmp_str);
        for (size_t i = 0; i < k; i++)
            if (!i || strcmp(v[i], v[i - 1])) puts(v[i]);
    }
end:
    if (!st && (fflush(stdout) || ferror(stdout))) st = cm_fail(ctx, CM_IO, "standard output: write error");
    free(v);
    free(pos);
    cm_gaz_close(g);
    int rc = cm_cli_finish(ctx, st);
    cm_ctx_free(ctx);
    return rc;
}

static int cmd_lookup(int argc, char **argv)
{
    const char *gpath = NULL;
    const cm_opt opts[] = {
        {"gazetteer", 0, CM_OPT_STR, &gpath, "FILE", "compiled index (default: CONFLICTMAP_GAZETTEER)"},
        CM_OPT_END};
    const cm_cmd_spec spec = {
        "gazetteer lookup", "NAME... [--gazetteer FILE]",
        "Shows how each NAME resolves: its normalised key, the candidate entries (exact keys and "
        "transliteration matches with the rules they used), their scores, and the winner. Put "
        "context words in NAME to see their effect: 'provinsi Kabul', 'Kabul airport'.",
        opts};
    int npos, done;
    char **pos;
    cm_ctx *ctx = cm_cli_start(&spec, argc, argv, &npos, &pos, &done);
    if (!ctx) return done;
    cm_gaz *g = NULL;
    cm_buf out = {0};
    cm_status st = CM_OK;
    if (!npos) {
        st = cm_fail(ctx, CM_USAGE, "gazetteer lookup: give a NAME");
        goto end;
    }
    if ((st = open_gaz(ctx, gpath, &g))) goto end;
    for (int i = 0; i < npos && !st; i++) {
        cm_buf_clear(&out);
        if ((st = cm_mention_explain(g, pos[i], strlen(pos[i]), &out))) {
            st = cm_fail(ctx, st, "out of memory");
            break;
        }
        fwrite(out.p, 1, out.n, stdout);
    }
end:
    if (!st && (fflush(stdout) || ferror(stdout))) st = cm_fail(ctx, CM_IO, "standard output: write error");
    free(pos);
    cm_buf_free(&out);
    cm_gaz_close(g);
    int rc = cm_cli_finish(ctx, st);
    cm_ctx_free(ctx);
    return rc;
}

int cm_cmd_gazetteer(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return CM_EXIT_USAGE;
    }
    const char *sub = argv[1];
    if (!strcmp(sub, "--help") || !strcmp(sub, "-h")) {
        usage(stdout);
        return CM_EXIT_OK;
    }
    if (!strcmp(sub, "build")) return cmd_build(argc - 1, argv + 1);
    if (!strcmp(sub, "lookup")) return cmd_lookup(argc - 1, argv + 1);
    if (!strcmp(sub, "names")) return cmd_names(argc - 1, argv + 1);
    fprintf(stderr, "conflictmap: gazetteer: unknown subcommand '%s' (build, lookup, names)\n", sub);
    return CM_EXIT_USAGE;
}
