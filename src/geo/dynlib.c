/* dynlib: GDAL and PROJ loaded on first use (see dynlib.h). The sonames come
 * from the build (CMake reads them from the libraries it found), so the
 * library loaded is the one the program was compiled against. */
#define _POSIX_C_SOURCE 200809L
#define CM_DYNLIB_IMPL
#include "geo/dynlib.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef CM_GDAL_SONAME
#error "CM_GDAL_SONAME must name libgdal's soname (CMakeLists.txt)"
#endif
#ifndef CM_PROJ_SONAME
#error "CM_PROJ_SONAME must name libproj's soname (CMakeLists.txt)"
#endif

static cm_gdal_fns gdal;
static cm_proj_fns proj;
static pthread_once_t gdal_once = PTHREAD_ONCE_INIT, proj_once = PTHREAD_ONCE_INIT;

/* What the dynamic loader does when a library is missing at start-up: say
 * which and stop (status 127). There is no caller to return an error to. */
static void fatal(const char *lib, const char *what)
{
    fprintf(stderr, "conflictmap: cannot load %s: %s\n", lib, what ? what : "unknown error");
    exit(127);
}

static void *open_lib(const char *soname)
{
    void *h = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
    if (!h) fatal(soname, dlerror());
    return h;
}

/* dlsym returns void *; ISO C has no conversion to a function pointer, POSIX
 * guarantees it, and memcpy says so without a warning. */
#define CM_DYNLIB_RESOLVE(name)                                        \
    do {                                                               \
        void *p = dlsym(h, #name);                                     \
        if (!p) fatal(soname, dlerror());                              \
        memcpy(&fns->name, &p, sizeof p);                              \
    } while (0);

static void load_gdal(void)
{
    const char *soname = CM_GDAL_SONAME;
    void *h = open_lib(soname);
    cm_gdal_fns *fns = &gdal;
    CM_GDAL_FUNCS(CM_DYNLIB_RESOLVE)
}

static void load_proj(void)
{
    const char *soname = CM_PROJ_SONAME;
    void *h = open_lib(soname);
    cm_proj_fns *fns = &proj;
    CM_PROJ_FUNCS(CM_DYNLIB_RESOLVE)
}

const cm_gdal_fns *cm_gdal_fn(void)
{
    pthread_once(&gdal_once, load_gdal);
    return &gdal;
}

const cm_proj_fns *cm_proj_fn(void)
{
    pthread_once(&proj_once, load_proj);
    return &proj;
}
