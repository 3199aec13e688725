/* gazbuild: compiles the gazetteer index from its sources.
 *
 * Reads, through OGR, the OCHA boundaries of Afghanistan (country, provinces and
 * districts: English, Dari and alternate names, P-codes, parents; a point inside
 * each unit), the GeoNames populated places (name, ascii name, every usable
 * alternate name, point, population; each assigned to its district and
 * province by point-in-polygon against the district polygons, not by GeoNames'
 * own admin codes), the countries of the world from Natural Earth (marked
 * foreign, Afghanistan excepted), and the project's curated tables
 * (gazetteer/curated.tsv: names the sources lack; gazetteer/words.tsv: common
 * and context words of the lexicon languages). Writes the index with
 * cm_gaz_builder (text/gaz.h). Every GDAL handle stays inside this module.
 * Not thread-safe (GDAL error handler, driver registration). */
#ifndef CM_GAZBUILD_H
#define CM_GAZBUILD_H

#include <stddef.h>

#include "core/status.h"

typedef struct {
    const char *boundaries; /* folder holding the adm0/adm1/adm2 layers (names
                               containing "adm0", "adm1", "adm2"); required */
    const char *geonames;   /* GeoNames TSV (cities500 column order); NULL: none */
    const char *countries;  /* Natural Earth countries (TopoJSON layer "countries",
                               field "name", or any OGR layer with "name"); NULL: none */
    const char *curated;    /* folder with curated.tsv and words.tsv; NULL: none */
    int no_curated_names;   /* read words.tsv but leave curated.tsv out (tests:
                               what the transliteration matcher finds alone) */
    const char *out;        /* index to write (through cm_out: all or nothing) */
} cm_gazbuild_opts;

typedef struct {
    size_t provinces, districts, places, countries, foreign_cities;
    size_t places_outside;  /* GeoNames places in no district polygon (nearest used) */
    size_t curated_names, words;
    size_t entries, names;  /* totals in the index (names with their variants) */
} cm_gazbuild_stats;

/* Builds the index. Errors: CM_IO / CM_GDAL (a source cannot be read), CM_PARSE
 * (a malformed row: "file:line: reason"; a curated row naming an unknown P-code
 * or country), CM_NOTFOUND (a layer or field missing), CM_NOMEM. stats may be
 * NULL. */
cm_status cm_gazbuild_run(cm_ctx *ctx, const cm_gazbuild_opts *o, cm_gazbuild_stats *stats) CM_WUR;

#endif
