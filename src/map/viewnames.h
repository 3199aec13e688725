/* viewnames: the viewer's place-name table, written from the gazetteer index.
 *
 * The viewer's search box finds a place in any spelling the gazetteer knows,
 * resolved as the command line resolves it: the table maps each key the index
 * holds (norm.h: the folded, concatenated form of a name, "Pol-e-Hesar" ->
 * polehesar) to the P-code of the Afghan unit it names (a populated place
 * gives its district). A key that several entries share goes to the winner of
 * the place finder (cm_mention_find) reading the name alone, as `gazetteer
 * lookup` shows it; foreign places and the country itself are left out. The
 * page folds the query with the same rules (viewer.html, `fold`). libc +
 * text/. */
#ifndef CM_VIEWNAMES_H
#define CM_VIEWNAMES_H

#include "core/str.h"
#include "core/status.h"
#include "text/gaz.h"

/* Appends {"AF0912":["polehesar","pulehisar",...],...} (P-codes in index
 * order, keys in byte order) to out. CM_NOMEM only. */
cm_status cm_viewnames_json(const cm_gaz *g, cm_buf *out) CM_WUR;

#endif
