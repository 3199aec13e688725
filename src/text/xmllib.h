/* xmllib: libxml2, loaded when first called instead of when the program
 * starts (as geo/dynlib.h does for GDAL and PROJ).
 *
 * Debian's libxml2 brings ICU (libicuuc, libicudata, libstdc++) and liblzma;
 * binding them at start-up doubled the time of a command that reads no feed
 * or page (`--help`: 15 -> 30 ms). So the program is not linked against
 * libxml2: the modules that call it (markup, feed, page) include this header
 * after every other include, and each function they use is redirected to a
 * pointer the first call fills with dlopen/dlsym. A function used but missing
 * from the list below fails to link, so the list cannot fall behind the code.
 * libxml2's own SAX handlers are reached through the parser context's
 * function pointers, never by name. If libxml2 cannot be loaded the program
 * stops with exit status 127 and the loader's message, as the dynamic loader
 * would at start-up. Thread-safe (pthread_once). */
#ifndef CM_XMLLIB_H
#define CM_XMLLIB_H

#include <libxml/HTMLparser.h>
#include <libxml/globals.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#ifdef LIBXML_THREAD_ALLOC_ENABLED
#error "xmllib expects libxml2's xmlFree as a variable (no LIBXML_THREAD_ALLOC_ENABLED)"
#endif

/* Every libxml2 function the library calls. */
#define CM_XML_FUNCS(X) X(xmlInitParser) X(xmlNewParserCtxt) X(htmlNewParserCtxt) X(xmlCtxtReadMemory) \
    X(htmlCtxtReadMemory) X(xmlFreeParserCtxt) X(htmlFreeParserCtxt) X(xmlFreeDoc) \
    X(xmlDocGetRootElement) X(xmlNodeGetContent) X(xmlNodeGetLang)

#define CM_XMLLIB_FIELD(name) __typeof__(name) *name;
typedef struct {
    CM_XML_FUNCS(CM_XMLLIB_FIELD)
    xmlFreeFunc *free_var; /* libxml2's variable xmlFree (the function that frees what it returns) */
} cm_xml_fns;
#undef CM_XMLLIB_FIELD

/* The loaded functions (loads libxml2 on the first call). */
const cm_xml_fns *cm_xml_fn(void);

#ifndef CM_XMLLIB_IMPL
#define xmlInitParser (cm_xml_fn()->xmlInitParser)
#define xmlNewParserCtxt (cm_xml_fn()->xmlNewParserCtxt)
#define htmlNewParserCtxt (cm_xml_fn()->htmlNewParserCtxt)
#define xmlCtxtReadMemory (cm_xml_fn()->xmlCtxtReadMemory)
#define htmlCtxtReadMemory (cm_xml_fn()->htmlCtxtReadMemory)
#define xmlFreeParserCtxt (cm_xml_fn()->xmlFreeParserCtxt)
#define htmlFreeParserCtxt (cm_xml_fn()->htmlFreeParserCtxt)
#define xmlFreeDoc (cm_xml_fn()->xmlFreeDoc)
#define xmlDocGetRootElement (cm_xml_fn()->xmlDocGetRootElement)
#define xmlNodeGetContent (cm_xml_fn()->xmlNodeGetContent)
#define xmlNodeGetLang (cm_xml_fn()->xmlNodeGetLang)
#undef xmlFree
#define xmlFree (*cm_xml_fn()->free_var)
#endif

#endif
