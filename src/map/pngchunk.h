/* pngchunk: the one writer of PNG chunks (length, type, data, CRC-32 over type
 * and data), for the PNG files written without libpng: the banded frames of a
 * series and the animation (APNG) made of them (series.c). A chunk is appended
 * whole (cm_png_chunk), or opened, filled by the caller and closed
 * (cm_png_chunk_open / cm_png_chunk_close) when its data comes in pieces.
 * Depends on core/str.h and zlib's crc32. */
#ifndef CM_PNGCHUNK_H
#define CM_PNGCHUNK_H

#include <stddef.h>
#include <stdint.h>

#include "core/status.h"
#include "core/str.h"

/* v as four bytes, most significant first (PNG's byte order). */
void cm_png_be32(unsigned char *p, uint32_t v);

/* Appends the chunk's length (filled in on close) and type; returns where the
 * chunk starts in *at. Append its data to b, then close it. */
cm_status cm_png_chunk_open(cm_buf *b, const char type[4], size_t *at) CM_WUR;
/* Fills in the length of the chunk opened at `at` (everything appended since
 * its type) and appends its CRC. */
cm_status cm_png_chunk_close(cm_buf *b, size_t at) CM_WUR;

/* Appends one whole chunk: type and data[0..n). */
cm_status cm_png_chunk(cm_buf *b, const char type[4], const unsigned char *data, size_t n) CM_WUR;

#endif
