/* admfile: a sorted scan of one folder for *<level>*.shp. POSIX. */
#define _POSIX_C_SOURCE 200809L
#include "geo/admfile.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

static int has_suffix(const char *s, const char *suf)
{
    size_t n = strlen(s), k = strlen(suf);
    return n >= k && strcmp(s + n - k, suf) == 0;
}

cm_status cm_admfile_find(cm_ctx *ctx, const char *dir, const char *level, char *out, size_t outsz)
{
    DIR *d = opendir(dir);
    if (!d) return cm_fail(ctx, CM_NOTFOUND, "%s: boundary folder not readable: %s", dir, strerror(errno));
    char best[1024] = "";
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.' || !has_suffix(e->d_name, ".shp") || !strstr(e->d_name, level)) continue;
        if (!best[0] || strcmp(e->d_name, best) < 0) snprintf(best, sizeof best, "%s", e->d_name);
    }
    closedir(d);
    if (!best[0]) return cm_fail(ctx, CM_NOTFOUND, "%s: no %s boundary layer (*%s*.shp)", dir, level, level);
    if ((size_t)snprintf(out, outsz, "%s/%s", dir, best) >= outsz)
        return cm_fail(ctx, CM_RANGE, "%s/%s: path too long", dir, best);
    return CM_OK;
}
