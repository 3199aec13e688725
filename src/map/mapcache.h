/* mapcache: the prepared-geometry cache — a prepared map (cm_mapctx: every
 * boundary projected, clipped and simplified for one frame size, the names
 * placed) kept in a binary file, so that the next process drawing the same
 * view reads a few hundred kilobytes instead of reading the shapefiles
 * through OGR, projecting them through PROJ and placing the names again.
 *
 * A cache file belongs to one key: a text naming everything the prepared map
 * depends on — the format and preparation code (a hash of their sources, so
 * any change to them invalidates every file), the frame size, CRS, view,
 * label language, vector flag, style, the profile (its name and the hash of
 * its text: legend, subtitle, attribution, default CRS and view), the fonts'
 * measured metrics, and the
 * identity (path, size, mtime, inode) of every file in the boundaries folder
 * and of the countries file. The file is named by the key's hash and holds
 * the whole key; a file whose key differs, whose checksum or structure is
 * wrong, is a miss and is rewritten, never trusted. Writing goes through
 * core/file.c (atomic replace); a cache that cannot be written is not an
 * error. Layout and the rules above: docs/map-cache.md.
 *
 * Depends on render (render_impl.h: the inside of cm_mapctx) and core/file;
 * no GDAL, no PROJ: reading a cache file is what lets `render` skip both.
 * Thread-safety: none needed; each call uses only its arguments. */
#ifndef CM_MAPCACHE_H
#define CM_MAPCACHE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/status.h"
#include "core/str.h"
#include "map/render.h"

/* Where the map's data comes from, for the key. */
typedef struct {
    const char *boundaries;    /* folder of the boundary layers */
    const char *countries;     /* Natural Earth countries file */
    const double *countries_near; /* the lon/lat box the neighbours were kept for; NULL: all,
                                     or (near_country) a box derived from the country */
    bool near_country;         /* the neighbours are those near the country's extent (a
                                  function of the boundaries, which the key names) */
} cm_mapcache_src;

/* Builds the key of the map that cm_mapctx_new(opts) would prepare from src
 * into key (cleared first). Measures the fonts (Pango) and stats the source
 * files. CM_IO naming the path when a source cannot be read (the caller then
 * prepares without the cache, which reports the real error), CM_NOMEM. */
cm_status cm_mapcache_key(cm_ctx *ctx, const cm_mapcache_src *src, const cm_map_opts *opts,
                          cm_buf *key) CM_WUR;

/* The cache file of key in dir (malloc'd, the caller frees): DIR/map-HASH.cmc.
 * NULL on allocation failure. */
char *cm_mapcache_path(const char *dir, const cm_buf *key);

/* Reads the prepared map of key from dir. NULL on a miss — no file, a file
 * of another key (stale), or a damaged one — with the reason in ctx's log at
 * DEBUG (INFO for a damaged file); never records an error in ctx. opts must
 * be those the key was made from (style, label language and the cache_layers
 * flag are taken from them). The map belongs to the caller. */
cm_mapctx *cm_mapcache_load(cm_ctx *ctx, const char *dir, const cm_buf *key, const cm_map_opts *opts);

/* Writes m as the cache file of key in dir (created if missing, one level),
 * atomically. False when it could not, with the reason in ctx's log at
 * DEBUG; never records an error in ctx. */
bool cm_mapcache_store(cm_ctx *ctx, const char *dir, const cm_buf *key, const cm_mapctx *m);

/* The file's bytes for m and key, appended to out. CM_NOMEM only. */
cm_status cm_mapcache_encode(const cm_mapctx *m, const cm_buf *key, cm_buf *out) CM_WUR;

/* Parses a cache file's bytes p[0..n). CM_NOTFOUND when it is sound but
 * belongs to another key (or another frame size than opts), CM_PARSE naming
 * the byte offset when it is damaged (magic, version, size, checksum,
 * byte order, or a structure out of bounds), CM_NOMEM. *out belongs to the
 * caller. The fuzz target's entry point. */
cm_status cm_mapcache_decode(cm_ctx *ctx, const void *p, size_t n, const cm_buf *key,
                             const cm_map_opts *opts, cm_mapctx **out) CM_WUR;

#endif
