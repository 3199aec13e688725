/* stamp: is an output file up to date? A key of everything a file was made
 * from, recorded beside it.
 *
 * A stamp is a 64-bit hash of its inputs' bytes (files read whole), the
 * options that shape the output and the tool's identity. After an output is
 * written, cm_stamp_record writes `.NAME.stamp` beside it (the folder of the
 * file a symbolic link points to, for a link) holding the key and the output's
 * size, modification time and inode. cm_stamp_fresh is true only when that
 * record exists, names the same key, and the output is still the regular file
 * it describes: a changed input, option or binary, or an output edited,
 * replaced or deleted since, all mean "write it again". Devices, FIFOs and
 * stdout are never fresh and never stamped. The record is written through
 * cm_out (atomic), after the output: a run killed between the two leaves an
 * old record that no longer matches the new file, so the next run rewrites.
 * libc only. */
#ifndef CM_STAMP_H
#define CM_STAMP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/status.h"

typedef struct {
    uint64_t h; /* running hash */
} cm_stamp;

/* A stamp seeded with what: the kind of output ("layer control GeoJSON"). */
void cm_stamp_init(cm_stamp *s, const char *what);
/* Adds n bytes / a NUL-terminated string (NULL adds a marker of its own). */
void cm_stamp_bytes(cm_stamp *s, const void *p, size_t n);
void cm_stamp_str(cm_stamp *s, const char *str);
/* Adds a file's name-independent content: its length and bytes. CM_IO naming
 * the path when it cannot be read ("-", stdin, cannot be stamped: CM_USAGE). */
cm_status cm_stamp_file(cm_stamp *s, cm_ctx *ctx, const char *path) CM_WUR;

/* Adds every regular file of folder dir (not its subfolders), by name order:
 * each name and content. CM_IO naming the folder when it cannot be read. */
cm_status cm_stamp_dir(cm_stamp *s, cm_ctx *ctx, const char *dir) CM_WUR;

/* The hash of n bytes (the word-wise FNV-style hash the stamps use). */
uint64_t cm_stamp_hash(uint64_t seed, const void *p, size_t n);

/* True when out_path is a regular file (or a link to one) recorded with this
 * stamp's key and unchanged since. */
bool cm_stamp_fresh(const cm_stamp *s, const char *out_path);
/* Records the stamp beside out_path, which was just written. Nothing for "-",
 * a device or a FIFO. CM_IO naming the record when it cannot be written. */
cm_status cm_stamp_record(const cm_stamp *s, cm_ctx *ctx, const char *out_path) CM_WUR;

#endif
