/* file: whole-file reads and all-or-nothing writes.
 *
 * Every output conflictmap writes goes through cm_out: bytes go to a temporary
 * file beside the destination, and only cm_out_commit renames it into place, so
 * a failed or interrupted run never leaves a half-written file. Only regular
 * files are replaced: a device, a FIFO or /dev/stdout is written in place, and
 * a symbolic link keeps its place while the file it points to is replaced.
 * libc only. */
#ifndef CM_FILE_H
#define CM_FILE_H

#include <stdio.h>

#include "core/status.h"
#include "core/str.h"

/* Reads the whole file ("-" = stdin) into out (appended; NUL-terminated).
 * max_bytes 0 means no limit; a larger file fails with CM_RANGE.
 * Errors name the path. */
cm_status cm_file_read(cm_ctx *ctx, const char *path, size_t max_bytes, cm_buf *out) CM_WUR;

typedef struct {
    FILE *fp;        /* write here */
    char *path;      /* destination (NULL for stdout); a link's target */
    char *tmp;       /* temporary name beside it; NULL when written in place */
} cm_out;

/* Opens a temporary file beside path ("-" = stdout, written directly). When
 * path is a device, a FIFO or a socket (or a link to one: /dev/stdout) it is
 * opened and written in place; when it is a symbolic link to a regular file,
 * or a dangling one, the temporary file goes beside the target, which the
 * commit replaces. Fails with CM_IO naming the path when the folder is missing
 * or unwritable, or when path is a folder. */
cm_status cm_out_open(cm_ctx *ctx, const char *path, cm_out *out) CM_WUR;
/* Flushes, fsyncs and renames into place; on any failure removes the temporary
 * file and reports CM_IO (a full disk shows here). Always releases out. */
cm_status cm_out_commit(cm_ctx *ctx, cm_out *out) CM_WUR;
/* Removes the temporary file and releases out. Safe on a zeroed or closed cm_out. */
void cm_out_abort(cm_out *out);
/* For writers that can only replace a whole file (GDAL datasets): the file a
 * write to path replaces — path itself, or what a symbolic link there points
 * to — in *dest (malloc'd). CM_IO naming path when it is a device, a FIFO or a
 * socket: such a path is never replaced. */
cm_status cm_out_target(cm_ctx *ctx, const char *path, char **dest) CM_WUR;
/* Writes buf to path through cm_out. */
cm_status cm_file_write(cm_ctx *ctx, const char *path, const void *p, size_t n) CM_WUR;

/* True when path names an existing regular file or folder. */
int cm_path_exists(const char *path);

#endif
