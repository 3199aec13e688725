/* xmllib: libxml2 loaded on first use (see xmllib.h). The soname comes from
 * the build (CMake reads it from the library it found), so the library loaded
 * is the one the program was compiled against. */
#define _POSIX_C_SOURCE 200809L
#define CM_XMLLIB_IMPL
#include "text/xmllib.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef CM_LIBXML2_SONAME
#error "CM_LIBXML2_SONAME must name libxml2's soname (CMakeLists.txt)"
#endif

static cm_xml_fns xml;
static pthread_once_t xml_once = PTHREAD_ONCE_INIT;

/* What the dynamic loader does when a library is missing at start-up. */
static void fatal(const char *what)
{
    fprintf(stderr, "conflictmap: cannot load %s: %s\n", CM_LIBXML2_SONAME, what ? what : "unknown error");
    exit(127);
}

static void load(void)
{
    void *h = dlopen(CM_LIBXML2_SONAME, RTLD_NOW | RTLD_LOCAL);
    if (!h) fatal(dlerror());
    /* dlsym gives void *; memcpy converts it to a function pointer (POSIX) */
#define RESOLVE(name)                          \
    {                                          \
        void *p = dlsym(h, #name);             \
        if (!p) fatal(dlerror());              \
        memcpy(&xml.name, &p, sizeof p);       \
    }
    CM_XML_FUNCS(RESOLVE)
#undef RESOLVE
    if (!(xml.free_var = dlsym(h, "xmlFree"))) fatal(dlerror());
}

const cm_xml_fns *cm_xml_fn(void)
{
    pthread_once(&xml_once, load);
    return &xml;
}
