/* datadir: where the run-time data lies — lexicons, profiles, gazetteer tables
 * and index, boundaries, the prepared-map cache — for the binary in the build
 * tree, an installed binary, and a program linked with the installed library.
 *
 * The data folder is, in order:
 *   1. CONFLICTMAP_DATA, when set;
 *   2. the installed one: share/conflictmap beside the lib/ or bin/ folder this
 *      code was loaded from — the shared library (dladdr), else the executable
 *      it is linked into (/proc/self/exe) — when it holds a lexicons/ folder;
 *   3. the source tree the library was built from (CM_SOURCE_DIR: the build-tree
 *      binary and the tests read the checkout, as before there was an install);
 *   4. share/conflictmap under the install prefix configured at build
 *      (CM_INSTALL_DATA_DIR), when it exists.
 * When none exists the source tree is named, so that errors name a path.
 *
 * The lexicon folder is CONFLICTMAP_LEXICONS when set, else DATA/lexicons when
 * it exists (the installed layout), else the source tree's src/text/lexicons
 * (CM_LEXICON_DIR).
 *
 * Installed layout (PREFIX/share/conflictmap): lexicons/, profiles/, gazetteer/
 * (the curated *.tsv, and conflictmap.gaz when it was built), shapefiles/ (when
 * present at install), cache/.
 *
 * libc (dladdr from glibc). The environment is read on every call; what is
 * found on disk is found once (thread-safe) and kept in static storage. */
#ifndef CM_DATADIR_H
#define CM_DATADIR_H

#include <stddef.h>

/* The data folder (above). Static storage or the environment's string. */
const char *cm_data_dir(void);

/* The lexicon folder (above). Static or thread-local storage (valid until the
 * thread's next call), or the environment's string. */
const char *cm_data_lexicons(void);

/* A data file or folder: the environment variable env when set (and not
 * empty), else DATA/rel written into buf (n bytes). Returns env's string or
 * buf. */
const char *cm_data_path(const char *env, const char *rel, char *buf, size_t n);

/* The installed data folder found beside this code (step 2 above, whatever
 * the environment says), or NULL when this code does not run installed. */
const char *cm_data_installed(void);

#endif
