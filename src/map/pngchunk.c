/* pngchunk: PNG chunks written by hand (see pngchunk.h). */
#include "map/pngchunk.h"

#include <string.h>
#include <zlib.h>

void cm_png_be32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24), p[1] = (unsigned char)(v >> 16), p[2] = (unsigned char)(v >> 8),
    p[3] = (unsigned char)v;
}

cm_status cm_png_chunk_open(cm_buf *b, const char type[4], size_t *at)
{
    unsigned char hdr[8] = {0};
    memcpy(hdr + 4, type, 4);
    *at = b->n;
    return cm_buf_append(b, hdr, 8);
}

cm_status cm_png_chunk_close(cm_buf *b, size_t at)
{
    size_t n = b->n - at - 8;
    unsigned char *c = (unsigned char *)b->p + at;
    cm_png_be32(c, (uint32_t)n);
    unsigned char crc[4];
    cm_png_be32(crc, (uint32_t)crc32(0L, c + 4, (uInt)(n + 4)));
    return cm_buf_append(b, crc, 4);
}

cm_status cm_png_chunk(cm_buf *b, const char type[4], const unsigned char *data, size_t n)
{
    size_t at;
    cm_status st = cm_png_chunk_open(b, type, &at);
    if (!st && n) st = cm_buf_append(b, data, n);
    if (!st) st = cm_png_chunk_close(b, at);
    return st;
}
