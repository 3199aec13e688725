/* datadir: the data folder of the build tree or of an installation. */
#define _GNU_SOURCE /* dladdr */
#include "core/datadir.h"

#include <dlfcn.h>
#include <limits.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#ifndef CM_SOURCE_DIR
#define CM_SOURCE_DIR "."
#endif
#ifndef CM_LEXICON_DIR
#define CM_LEXICON_DIR CM_SOURCE_DIR "/src/text/lexicons"
#endif

static bool is_dir(const char *p)
{
    struct stat sb;
    return stat(p, &sb) == 0 && S_ISDIR(sb.st_mode);
}

static char installed[PATH_MAX];  /* "" when not installed */
static char lexicons[PATH_MAX + 16]; /* installed[]/lexicons */
static pthread_once_t once = PTHREAD_ONCE_INIT;

/* Whether DIR/../share/conflictmap or DIR/../../share/conflictmap (a
 * multiarch lib/ARCH/) holds the data, for the file whose path is file;
 * installed[] is set to it. */
static bool beside(const char *file)
{
    char real[PATH_MAX];
    if (!file || !*file || !realpath(file, real)) return false;
    char *slash = strrchr(real, '/');
    if (!slash) return false;
    *slash = 0;
    static const char *const up[] = {"/../share/conflictmap", "/../../share/conflictmap"};
    for (size_t i = 0; i < sizeof up / sizeof *up; i++) {
        char cand[PATH_MAX + 32], lex[PATH_MAX + 48];
        snprintf(cand, sizeof cand, "%s%s", real, up[i]);
        snprintf(lex, sizeof lex, "%s/lexicons", cand);
        if (is_dir(lex) && realpath(cand, installed)) return true;
    }
    return false;
}

static void find_installed(void)
{
    Dl_info info;
    /* the shared library holding this code's data, or the executable */
    if (!(dladdr((void *)installed, &info) && beside(info.dli_fname))) beside("/proc/self/exe");
    if (*installed) snprintf(lexicons, sizeof lexicons, "%s/lexicons", installed);
}

const char *cm_data_installed(void)
{
    pthread_once(&once, find_installed);
    return *installed ? installed : NULL;
}

const char *cm_data_dir(void)
{
    const char *e = getenv("CONFLICTMAP_DATA");
    if (e && *e) return e;
    const char *inst = cm_data_installed();
    if (inst) return inst;
#ifdef CM_INSTALL_DATA_DIR
    if (!is_dir(CM_SOURCE_DIR) && is_dir(CM_INSTALL_DATA_DIR)) return CM_INSTALL_DATA_DIR;
#endif
    return CM_SOURCE_DIR;
}

const char *cm_data_lexicons(void)
{
    const char *e = getenv("CONFLICTMAP_LEXICONS");
    if (e && *e) return e;
    const char *data = getenv("CONFLICTMAP_DATA");
    if (data && *data) {
        static _Thread_local char buf[PATH_MAX + 16];
        snprintf(buf, sizeof buf, "%s/lexicons", data);
        if (is_dir(buf)) return buf;
    } else if (cm_data_installed()) {
        return lexicons;
    }
#ifdef CM_INSTALL_DATA_DIR
    if (!is_dir(CM_LEXICON_DIR) && is_dir(CM_INSTALL_DATA_DIR "/lexicons")) return CM_INSTALL_DATA_DIR "/lexicons";
#endif
    return CM_LEXICON_DIR;
}

const char *cm_data_path(const char *env, const char *rel, char *buf, size_t n)
{
    const char *e = getenv(env);
    if (e && *e) return e;
    snprintf(buf, n, "%s/%s", cm_data_dir(), rel);
    return buf;
}
