/* admfile: one scan of one folder for the best *<level>*.shp. POSIX. */
#define _POSIX_C_SOURCE 200809L
#include "geo/admfile.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

cm_status cm_admfile_find(cm_ctx *ctx, const char *dir, const char *level, char *out, size_t outsz)
{
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
        /* Shapefiles first; a GeoPackage or GeoJSON layer of the same level also serves. */
        int ext = !strcasecmp(e->d_name + n - 4, ".shp")       ? 3
                  : !strcasecmp(e->d_name + n - 5, ".gpkg")    ? 2
                  : !strcasecmp(e->d_name + n - 8, ".geojson") ? 1
                                                               : 0;
        if (!ext) continue;
        char low[512];
        for (size_t i = 0; i <= n; i++)
            low[i] = (char)(e->d_name[i] >= 'A' && e->d_name[i] <= 'Z' ? e->d_name[i] + 32 : e->d_name[i]);
        if (!strstr(low, level)) continue;
        /* OCHA ships polygons ("admbnda") and lines ("admbndl"): polygons first,
         * lines never; among equals the first name in byte order. */
        int rank = strstr(low, "admbndl") || strstr(low, "line") ? 0 : (strstr(low, "admbnda") ? 2 : 1) * 4 + ext;
        if (rank < best_rank || (rank == best_rank && strcmp(best, e->d_name) < 0)) continue;
        snprintf(best, sizeof best, "%s", e->d_name);
        best_rank = rank;
    }
    closedir(d);
    if (best_rank <= 0)
        return cm_fail(ctx, CM_NOTFOUND, "%s: no %s shapefile (a .shp, .gpkg or .geojson whose name holds \"%s\")", dir,
                       level, level);
    if ((size_t)snprintf(out, outsz, "%s/%s", dir, best) >= outsz)
        return cm_fail(ctx, CM_RANGE, "%s/%s: path too long", dir, best);
    return CM_OK;
}
