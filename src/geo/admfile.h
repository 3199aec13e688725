/* admfile: where the OCHA boundary layers lie in a folder.
 *
 * The layers are found by the word adm0/adm1/adm2 in the .shp file name, so the
 * 2018 release (afg_admbnda_adm2_agcho_20180522.shp), the copy ./setup places
 * in shapefiles/ and a newer release a user drops there all work. libc only. */
#ifndef CM_ADMFILE_H
#define CM_ADMFILE_H

#include <stddef.h>

#include "core/status.h"

/* Writes to out the path of the layer file in dir whose name holds level
 * ("adm0", "adm1", "adm2"; any case): polygon layers ("admbnda") before
 * others, line layers ("admbndl") never; a .shp before a .gpkg before a
 * .geojson; the first in name order among equals. CM_NOTFOUND
 * (naming the folder and the level) when the folder or the file is missing;
 * CM_RANGE when out is too small. */
cm_status cm_admfile_find(cm_ctx *ctx, const char *dir, const char *level, char *out, size_t outsz) CM_WUR;

#endif
