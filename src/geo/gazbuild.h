/* gazbuild: compiles the gazetteer index from its sources, for one profile.
 *
 * Reads, through OGR, the boundary layers the profile names (core/profile.h:
 * country, regions if any, units; their code, parent, name.LANG and alt.LANG
 * fields; a point inside each unit), the GeoNames populated places of the
 * profile's country (name, ascii name, every usable alternate name, point,
 * population; each assigned to its unit and region by point-in-polygon against
 * the unit polygons, not by GeoNames' own admin codes), the countries of the
 * world from Natural Earth (marked foreign, the profile's country excepted),
 * the profile's exonym table (names the sources lack, curated.tsv format) and
 * the generic word table (words.tsv: common and context words of the lexicon
 * languages). Each entry's parent comes from the layer's parent field, else by
 * containment (the region holding a point inside the unit, else the country),
 * never from the shape of a code. Writes the index, which records the profile,
 * with cm_gaz_builder (text/gaz.h). Every GDAL handle stays inside this module.
 * Not thread-safe (GDAL error handler, driver registration). */
#ifndef CM_GAZBUILD_H
#define CM_GAZBUILD_H

#include <stddef.h>

#include "core/status.h"

struct cm_profile;

typedef struct {
    const struct cm_profile *profile; /* layers, fields, country; required */
    const char *boundaries; /* folder holding the profile's layers (docs/profiles.md); required */
    const char *geonames;   /* GeoNames TSV (cities500 column order; rows of other
                               countries skipped); NULL: none */
    const char *countries;  /* Natural Earth countries (TopoJSON layer "countries",
                               field "name", or any OGR layer with "name"); NULL: none */
    const char *exonyms;    /* curated names (curated.tsv format); NULL: none */
    const char *words;      /* common and context words (words.tsv format); NULL: none */
    const char *out;        /* index to write (through cm_out: all or nothing) */
} cm_gazbuild_opts;

typedef struct {
    size_t regions, units, places, countries, foreign_cities;
    size_t places_outside;  /* GeoNames places in no unit polygon (nearest used) */
    size_t curated_names, words;
    size_t entries, names;  /* totals in the index (names with their variants) */
} cm_gazbuild_stats;

/* Builds the index. Errors: CM_IO / CM_GDAL (a source cannot be read), CM_PARSE
 * (a malformed row: "file:line: reason"; a curated row naming an unknown code
 * or country), CM_NOTFOUND (a layer or field missing), CM_NOMEM. stats may be
 * NULL. */
cm_status cm_gazbuild_run(cm_ctx *ctx, const cm_gazbuild_opts *o, cm_gazbuild_stats *stats) CM_WUR;

#endif
