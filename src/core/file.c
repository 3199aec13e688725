/* file: reads and atomic writes (temporary name + fsync + rename). POSIX. */
#define _POSIX_C_SOURCE 200809L
#include "core/file.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

cm_status cm_file_read(cm_ctx *ctx, const char *path, size_t max_bytes, cm_buf *out)
{
    int is_stdin = strcmp(path, "-") == 0;
    FILE *fp = is_stdin ? stdin : fopen(path, "rb");
    if (!fp) return cm_fail(ctx, CM_IO, "%s: cannot open: %s", path, strerror(errno));
    cm_status st = CM_OK;
    struct stat sb;
    if (!is_stdin && fstat(fileno(fp), &sb) == 0 && S_ISDIR(sb.st_mode)) {
        st = cm_fail(ctx, CM_IO, "%s: is a folder, not a file", path);
        goto done;
    }
    size_t start = out->n;
    char chunk[65536];
    for (;;) {
        size_t got = fread(chunk, 1, sizeof chunk, fp);
        if (got) {
            if (max_bytes && out->n - start + got > max_bytes) {
                st = cm_fail(ctx, CM_RANGE, "%s: larger than the limit of %zu bytes", path, max_bytes);
                goto done;
            }
            if ((st = cm_buf_append(out, chunk, got))) {
                st = cm_fail(ctx, CM_NOMEM, "%s: out of memory after %zu bytes", path, out->n - start);
                goto done;
            }
        }
        if (got < sizeof chunk) break;
    }
    if (ferror(fp)) {
        st = cm_fail(ctx, CM_IO, "%s: read error: %s", path, strerror(errno));
        goto done;
    }
    if (!out->p && (st = cm_buf_reserve(out, 0)) == CM_OK) out->p[0] = 0;
done:
    if (!is_stdin) fclose(fp);
    return st;
}

/* A device, a FIFO, a socket, /dev/stdout: written where it is, never replaced. */
static cm_status open_in_place(cm_ctx *ctx, const char *path, cm_out *out)
{
    out->path = strdup(path);
    if (!out->path) return cm_fail(ctx, CM_NOMEM, "%s: out of memory", path);
    out->fp = fopen(path, "wb");
    if (!out->fp) {
        int e = errno;
        cm_out_abort(out);
        return cm_fail(ctx, CM_IO, "%s: cannot write: %s", path, strerror(e));
    }
    return CM_OK;
}

/* The file a write to path replaces: path itself, or what a symbolic link at
 * path points to (followed up to 16 links; a relative target is read from the
 * link's folder). malloc'd; NULL when out of memory. */
static char *link_target(const char *path)
{
    char *cur = strdup(path);
    for (int hops = 0; cur && hops < 16; hops++) {
        struct stat lb;
        if (lstat(cur, &lb) != 0 || !S_ISLNK(lb.st_mode)) return cur;
        char buf[4096];
        ssize_t k = readlink(cur, buf, sizeof buf - 1);
        if (k <= 0) return cur;
        buf[k] = 0;
        const char *slash = strrchr(cur, '/');
        size_t dir = buf[0] != '/' && slash ? (size_t)(slash - cur) + 1 : 0;
        char *next = malloc(dir + (size_t)k + 1);
        if (next) {
            memcpy(next, cur, dir);
            memcpy(next + dir, buf, (size_t)k + 1);
        }
        free(cur);
        cur = next;
    }
    return cur;
}

cm_status cm_out_target(cm_ctx *ctx, const char *path, char **dest)
{
    struct stat sb;
    *dest = NULL;
    if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode) && !S_ISDIR(sb.st_mode))
        return cm_fail(ctx, CM_IO, "%s: not a regular file (a device, FIFO or socket is never replaced)", path);
    *dest = link_target(path);
    return *dest ? CM_OK : cm_fail(ctx, CM_NOMEM, "%s: out of memory", path);
}

cm_status cm_out_open(cm_ctx *ctx, const char *path, cm_out *out)
{
    *out = (cm_out){0};
    if (strcmp(path, "-") == 0) {
        out->fp = stdout;
        return CM_OK;
    }
    struct stat sb;
    if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
        return cm_fail(ctx, CM_IO, "%s: is a folder, not a file", path);
    if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode)) return open_in_place(ctx, path, out);
    /* errors name the path as given; the temporary file goes beside the target */
    char *dest = link_target(path);
    if (!dest) return cm_fail(ctx, CM_NOMEM, "%s: out of memory", path);
    size_t n = strlen(dest);
    out->path = dest;
    out->tmp = malloc(n + 32);
    if (!out->tmp) {
        cm_out_abort(out);
        return cm_fail(ctx, CM_NOMEM, "%s: out of memory", path);
    }
    snprintf(out->tmp, n + 32, "%s.tmp%ldXXXXXX", dest, (long)getpid());
    int fd = mkstemp(out->tmp);
    if (fd < 0) {
        int e = errno;
        free(out->tmp);
        out->tmp = NULL;
        cm_out_abort(out);
        return cm_fail(ctx, CM_IO, "%s: cannot write: %s", path, strerror(e));
    }
    fchmod(fd, 0644);
    out->fp = fdopen(fd, "wb");
    if (!out->fp) {
        close(fd);
        cm_out_abort(out);
        return cm_fail(ctx, CM_IO, "%s: cannot write: %s", path, strerror(errno));
    }
    return CM_OK;
}

void cm_out_abort(cm_out *out)
{
    if (out->fp && out->fp != stdout) fclose(out->fp);
    if (out->tmp) unlink(out->tmp);
    free(out->tmp);
    free(out->path);
    *out = (cm_out){0};
}

cm_status cm_out_commit(cm_ctx *ctx, cm_out *out)
{
    if (out->fp == stdout) {
        int bad = fflush(stdout) != 0 || ferror(stdout);
        *out = (cm_out){0};
        return bad ? cm_fail(ctx, CM_IO, "standard output: write error") : CM_OK;
    }
    cm_status st = CM_OK;
    int e = 0;
    errno = 0;
    if (fflush(out->fp) != 0 || ferror(out->fp)) e = errno ? errno : EIO;
    /* a device or FIFO written in place has nothing to sync or rename */
    if (!e && out->tmp && fsync(fileno(out->fp)) != 0) e = errno ? errno : EIO;
    if (fclose(out->fp) != 0 && !e) e = errno ? errno : EIO;
    out->fp = NULL;
    if (!e && out->tmp && rename(out->tmp, out->path) != 0) e = errno;
    if (e) st = cm_fail(ctx, CM_IO, "%s: cannot write: %s", out->path, strerror(e));
    else {
        free(out->tmp);
        out->tmp = NULL; /* renamed: nothing to remove */
    }
    cm_out_abort(out);
    return st;
}

cm_status cm_file_write(cm_ctx *ctx, const char *path, const void *p, size_t n)
{
    cm_out out;
    cm_status st = cm_out_open(ctx, path, &out);
    if (st) return st;
    if (n && fwrite(p, 1, n, out.fp) != n) {
        int e = errno;
        cm_out_abort(&out);
        return cm_fail(ctx, CM_IO, "%s: cannot write: %s", path, strerror(e));
    }
    return cm_out_commit(ctx, &out);
}

int cm_path_exists(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0;
}
