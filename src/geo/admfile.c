/* admfile: one scan of one folder for the best *<match>*.shp. POSIX. */
#define _POSIX_C_SOURCE 200809L
#include "geo/admfile.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

cm_status cm_admfile_find(cm_ctx *ctx, const char *dir, const char *match, char *out, size_t outsz)
{
    char lowmatch[256];
    size_t ml = strlen(match);
    if (!ml || ml >= sizeof lowmatch) return cm_fail(ctx, CM_RANGE, "%s: bad layer match '%s'", dir, match);
    for (size_t i = 0; i <= ml; i++)
        lowmatch[i] = (char)(match[i] >= 'A' && match[i] <= 'Z' ? match[i] + 32 : match[i]);
    struct stat sb;
    if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
        return cm_fail(ctx, CM_NOTFOUND, "%s: boundaries folder not found (set --boundaries or run ./setup)", dir);
    DIR *d = opendir(dir);
    if (!d) return cm_fail(ctx, CM_NOTFOUND, "%s: boundaries folder not readable: %s", dir, strerror(errno));
    char best[512] = "";
    int best_rank = -1;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t n = strlen(e->d_name);
        if (n < 6 || n >= sizeof best) continue;
        /* Shapefiles first; a GeoPackage, GeoJSON or JSON layer also serves. */
        int ext = !strcasecmp(e->d_name + n - 4, ".shp")                ? 4
                  : !strcasecmp(e->d_name + n - 5, ".gpkg")             ? 3
                  : n > 8 && !strcasecmp(e->d_name + n - 8, ".geojson") ? 2
                  : !strcasecmp(e->d_name + n - 5, ".json")             ? 1
                                                                        : 0;
        if (!ext) continue;
        char low[512];
        for (size_t i = 0; i <= n; i++)
            low[i] = (char)(e->d_name[i] >= 'A' && e->d_name[i] <= 'Z' ? e->d_name[i] + 32 : e->d_name[i]);
        if (!strstr(low, lowmatch)) continue;
        /* OCHA ships polygons ("admbnda") and lines ("admbndl"): polygons first,
         * lines never; among equals the first name in byte order. */
        int rank = strstr(low, "admbndl") || strstr(low, "line") ? 0 : (strstr(low, "admbnda") ? 2 : 1) * 5 + ext;
        if (rank < best_rank || (rank == best_rank && strcmp(best, e->d_name) < 0)) continue;
        snprintf(best, sizeof best, "%s", e->d_name);
        best_rank = rank;
    }
    closedir(d);
    if (best_rank <= 0)
        return cm_fail(ctx, CM_NOTFOUND, "%s: no %s shapefile (a .shp, .gpkg, .geojson or .json whose name holds \"%s\")",
                       dir, match, match);
    if ((size_t)snprintf(out, outsz, "%s/%s", dir, best) >= outsz)
        return cm_fail(ctx, CM_RANGE, "%s/%s: path too long", dir, best);
    return CM_OK;
}
