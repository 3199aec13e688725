/* admfile: where a profile's boundary layers lie in a folder.
 *
 * A layer is found by the MATCH of its profile line (docs/profiles.md): a word
 * of the file name ("adm2"), so a release's own names
 * (afg_admbnda_adm2_agcho_20180522.shp), the copy ./setup places in
 * shapefiles/ and a newer release a user drops there all work. libc only. */
#ifndef CM_ADMFILE_H
#define CM_ADMFILE_H

#include <stddef.h>

#include "core/status.h"

/* Writes to out the path of the layer file in dir whose name holds match
 * ("adm2"; any case): polygon layers ("admbnda") before others, line layers
 * ("admbndl", "line") never; a .shp before a .gpkg before a .geojson before a
 * .json; the first in name order among equals. CM_NOTFOUND (naming the
 * folder and the match) when the folder or the file is missing; CM_RANGE
 * when out is too small. */
cm_status cm_admfile_find(cm_ctx *ctx, const char *dir, const char *match, char *out, size_t outsz) CM_WUR;

#endif
