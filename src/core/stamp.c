/* stamp: input keys recorded beside outputs. POSIX. */
#define _XOPEN_SOURCE 700
#include "core/stamp.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>

#include "core/file.h"
#include "core/str.h"

uint64_t cm_stamp_hash(uint64_t h, const void *p, size_t n)
{
    return cm_hash64_more(h ^ n * 0x9E3779B97F4A7C15ull, p, n);
}

void cm_stamp_init(cm_stamp *s, const char *what)
{
    s->h = CM_FNV1A64_BASIS;
    cm_stamp_str(s, what);
}

void cm_stamp_bytes(cm_stamp *s, const void *p, size_t n) { s->h = cm_stamp_hash(s->h, p, n); }

void cm_stamp_str(cm_stamp *s, const char *str)
{
    if (!str) s->h = cm_stamp_hash(s->h, "\xff(null)", 7);
    else cm_stamp_bytes(s, str, strlen(str) + 1);
}

cm_status cm_stamp_file(cm_stamp *s, cm_ctx *ctx, const char *path)
{
    if (!strcmp(path, "-")) return cm_fail(ctx, CM_USAGE, "standard input cannot be stamped");
    FILE *fp = fopen(path, "rb");
    if (!fp) return cm_fail(ctx, CM_IO, "%s: cannot open: %s", path, strerror(errno));
    static _Thread_local unsigned char chunk[1 << 16];
    uint64_t total = 0;
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, fp)) > 0) {
        cm_stamp_bytes(s, chunk, got);
        total += got;
    }
    int bad = ferror(fp);
    fclose(fp);
    if (bad) return cm_fail(ctx, CM_IO, "%s: read error", path);
    cm_stamp_bytes(s, &total, sizeof total);
    return CM_OK;
}

static int by_name(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

cm_status cm_stamp_dir(cm_stamp *s, cm_ctx *ctx, const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) return cm_fail(ctx, CM_IO, "%s: cannot open the folder: %s", dir, strerror(errno));
    char **names = NULL;
    size_t n = 0;
    cm_status st = CM_OK;
    struct dirent *e;
    while (!st && (e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        char **nn = realloc(names, (n + 1) * sizeof *nn);
        if (!nn || !(nn[n] = strdup(e->d_name))) st = cm_fail(ctx, CM_NOMEM, "out of memory");
        if (nn) names = nn;
        if (!st) n++;
    }
    closedir(d);
    if (n) qsort(names, n, sizeof *names, by_name);
    for (size_t i = 0; i < n && !st; i++) {
        char path[PATH_MAX];
        struct stat sb;
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode)) continue;
        cm_stamp_str(s, names[i]);
        st = cm_stamp_file(s, ctx, path);
    }
    for (size_t i = 0; i < n; i++) free(names[i]);
    free(names);
    return st;
}

/* The record's path for an output: ".NAME.stamp" beside the file itself
 * (links resolved). false when out_path is not a regular file. */
static bool record_path(const char *out_path, char *rec, size_t n, struct stat *sb)
{
    if (!strcmp(out_path, "-") || stat(out_path, sb) != 0 || !S_ISREG(sb->st_mode)) return false;
    char *real = realpath(out_path, NULL);
    if (!real) return false;
    const char *slash = strrchr(real, '/');
    int k = slash ? snprintf(rec, n, "%.*s/.%s.stamp", (int)(slash - real), real, slash + 1)
                  : snprintf(rec, n, ".%s.stamp", real);
    free(real);
    return k > 0 && (size_t)k < n;
}

static int line_for(const cm_stamp *s, const struct stat *sb, char *buf, size_t n)
{
    return snprintf(buf, n, "conflictmap-stamp 1 %016" PRIx64 " %jd %jd %ld %ju\n", s->h, (intmax_t)sb->st_size,
                    (intmax_t)sb->st_mtim.tv_sec, (long)sb->st_mtim.tv_nsec, (uintmax_t)sb->st_ino);
}

bool cm_stamp_fresh(const cm_stamp *s, const char *out_path)
{
    char rec[PATH_MAX + 16], want[160], have[160];
    struct stat sb;
    if (!record_path(out_path, rec, sizeof rec, &sb)) return false;
    FILE *fp = fopen(rec, "rb");
    if (!fp) return false;
    size_t n = fread(have, 1, sizeof have - 1, fp);
    fclose(fp);
    have[n] = 0;
    int k = line_for(s, &sb, want, sizeof want);
    return k > 0 && (size_t)k == n && !memcmp(want, have, n);
}

cm_status cm_stamp_record(const cm_stamp *s, cm_ctx *ctx, const char *out_path)
{
    char rec[PATH_MAX + 16], line[160];
    struct stat sb;
    if (!record_path(out_path, rec, sizeof rec, &sb)) return CM_OK;
    int k = line_for(s, &sb, line, sizeof line);
    return cm_file_write(ctx, rec, line, (size_t)k);
}
