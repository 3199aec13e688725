/* page: metadata and main-text extraction over markup.h's HTML tree. */
#define _POSIX_C_SOURCE 200809L
#include "text/page.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/day.h"
#include "text/markup.h"
#include "text/xmllib.h" /* last: redirects libxml2 calls */

/* ---- what is not the article ---- */

static bool token_in(const char *s, const char *const *words)
{
    while (s && *s) {
        while (*s == ' ' || *s == '-' || *s == '_') s++;
        size_t k = 0;
        while (s[k] && s[k] != ' ' && s[k] != '-' && s[k] != '_') k++;
        for (size_t i = 0; words[i] && k; i++) {
            size_t j = 0;
            while (j < k && words[i][j] && (s[j] | 32) == words[i][j]) j++;
            if (j == k && !words[i][j]) return true;
        }
        s += k;
    }
    return false;
}

/* True for an element whose whole subtree is not article text. */
static bool boilerplate(const xmlNode *n)
{
    static const char *tags[] = {"script", "style", "noscript", "nav", "header", "footer", "aside",
                                 "form", "template", "iframe", "svg", "button", "select", "textarea",
                                 "menu", "dialog", "object", "embed", "canvas", "head", "input", NULL};
    static const char *roles[] = {"navigation", "banner", "contentinfo", "complementary", "search",
                                  "menu", "menubar", "dialog", NULL};
    static const char *names[] = {"nav", "navbar", "navigation", "menu", "sidebar", "footer", "comment",
                                  "comments", "share", "sharing", "social", "related", "breadcrumb",
                                  "breadcrumbs", "advert", "advertisement", "ad", "ads", "promo",
                                  "newsletter", "cookie", "cookies", "subscribe", "masthead", NULL};
    if (n->type != XML_ELEMENT_NODE) return false;
    for (size_t i = 0; tags[i]; i++)
        if (cm_markup_is(n, tags[i])) return true;
    if (!n->properties) return false;
    const char *v;
    if ((v = cm_markup_attr_ref(n, "role")) && token_in(v, roles)) return true;
    if ((v = cm_markup_attr_ref(n, "aria-hidden")) && !strcmp(v, "true")) return true;
    if (cm_markup_attr_ref(n, "hidden")) return true;
    return token_in(cm_markup_attr_ref(n, "class"), names) || token_in(cm_markup_attr_ref(n, "id"), names);
}

typedef struct {
    size_t chars, links, commas; /* characters (not bytes) of text; in links; commas */
} stats;

static void count(const xmlNode *n, bool in_link, stats *s)
{
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (c->type == XML_TEXT_NODE && c->content) {
            for (const unsigned char *p = c->content; *p; p++) {
                if ((*p & 0xC0) == 0x80 || *p <= ' ') continue;
                s->chars++;
                s->links += in_link;
                s->commas += *p == ',';
            }
        } else if (c->type == XML_ELEMENT_NODE && !boilerplate(c)) {
            count(c, in_link || cm_markup_is(c, "a"), s);
        }
    }
}

static bool link_dense(const stats *s) { return s->chars && s->links * 2 > s->chars; }

/* ---- choosing the element that holds the article ---- */

typedef struct {
    const xmlNode *node;
    double score;
} cand;

typedef struct {
    cm_arena *a;
    const xmlNode *body_prop;   /* itemprop=articleBody */
    const xmlNode *article;     /* the <article> with the most text outside links */
    size_t article_text;
    const xmlNode *main;        /* <main> or role=main */
    cand *c;
    size_t nc, cc;
    bool nomem;
} finder;

static void credit(finder *f, const xmlNode *n, double score)
{
    if (!n || n->type != XML_ELEMENT_NODE) return;
    size_t k = (size_t)(uintptr_t)n->_private; /* 1-based index in f->c; 0 none */
    if (!k) {
        if (f->nc == f->cc) {
            size_t cap = f->cc ? f->cc * 2 : 64;
            cand *v = realloc(f->c, cap * sizeof *v);
            if (!v) {
                f->nomem = true;
                return;
            }
            f->c = v;
            f->cc = cap;
        }
        f->c[f->nc++] = (cand){n, 0};
        k = f->nc;
        ((xmlNode *)n)->_private = (void *)(uintptr_t)k;
    }
    f->c[k - 1].score += score;
}

static bool has_text_child(const xmlNode *n)
{
    for (const xmlNode *c = n->children; c; c = c->next)
        if (c->type == XML_TEXT_NODE && c->content)
            for (const unsigned char *p = c->content; *p; p++)
                if (*p > ' ') return true;
    return false;
}

static void find(finder *f, const xmlNode *n)
{
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || boilerplate(c)) continue;
        const char *ip = c->properties ? cm_markup_attr_ref(c, "itemprop") : NULL;
        if (!f->body_prop && ip && !strcmp(ip, "articleBody")) f->body_prop = c;
        const char *role = c->properties ? cm_markup_attr_ref(c, "role") : NULL;
        if (!f->main && (cm_markup_is(c, "main") || (role && !strcmp(role, "main")))) f->main = c;
        if (cm_markup_is(c, "article")) {
            stats s = {0};
            count(c, false, &s);
            if (!f->article || s.chars - s.links > f->article_text) {
                f->article = c;
                f->article_text = s.chars - s.links;
            }
        }
        if (cm_markup_is(c, "p") || cm_markup_is(c, "pre") || cm_markup_is(c, "blockquote") ||
            cm_markup_is(c, "td") || (cm_markup_is(c, "div") && has_text_child(c))) {
            stats s = {0};
            count(c, false, &s);
            if (s.chars >= 25 && !link_dense(&s)) {
                double sc = 1.0 + (double)s.commas + (s.chars / 100.0 > 3 ? 3 : s.chars / 100.0);
                credit(f, c->parent, sc);
                if (c->parent) credit(f, c->parent->parent, sc / 2);
            }
        }
        find(f, c);
    }
}

static const xmlNode *main_root(const xmlNode *body, cm_arena *a, bool *nomem)
{
    finder f = {.a = a};
    find(&f, body);
    const xmlNode *best = f.body_prop ? f.body_prop : f.article && f.article_text ? f.article : f.main;
    double top = 0;
    for (size_t k = 0; !best && k < f.nc; k++) {
        stats s = {0};
        count(f.c[k].node, false, &s);
        double sc = f.c[k].score * (s.chars ? 1.0 - (double)s.links / (double)s.chars : 0);
        if (sc > top) {
            top = sc;
            best = f.c[k].node;
        }
    }
    for (size_t k = 0; k < f.nc; k++) ((xmlNode *)f.c[k].node)->_private = NULL;
    free(f.c);
    *nomem = f.nomem;
    return best ? best : body;
}

/* ---- the text ---- */

static bool line_block(const xmlNode *n)
{
    return cm_markup_is(n, "li") || cm_markup_is(n, "dt") || cm_markup_is(n, "dd") || cm_markup_is(n, "tr") ||
           cm_markup_is(n, "td") || cm_markup_is(n, "th") || cm_markup_is(n, "br");
}

static bool has_block(const xmlNode *n)
{
    for (const xmlNode *c = n->children; c; c = c->next)
        if (cm_markup_block(c) || (c->type == XML_ELEMENT_NODE && has_block(c))) return true;
    return false;
}

static cm_status emit(cm_mtext *t, const cm_markup *m, const xmlNode *n, cm_arena *a)
{
    for (const xmlNode *c = n->children; c; c = c->next) {
        cm_status st = CM_OK;
        if (c->type == XML_TEXT_NODE) {
            st = cm_mtext_node(t, m, c);
        } else if (c->type == XML_ELEMENT_NODE && !boilerplate(c)) {
            if (cm_markup_block(c)) {
                const char *sep = line_block(c) ? "\n" : "\n\n";
                stats s = {0};
                if (!cm_markup_is(c, "br") && !has_block(c)) count(c, false, &s);
                if (link_dense(&s)) continue; /* a list of links, a "read more" */
                st = cm_mtext_sep(t, sep);
                if (!st) st = emit(t, m, c, a);
                if (!st) st = cm_mtext_sep(t, sep);
            } else {
                st = emit(t, m, c, a);
            }
        }
        if (st) return st;
    }
    return CM_OK;
}

/* ---- metadata ---- */

typedef struct {
    const char *og_title, *title, *canonical, *og_url, *lang;
    const char *published, *ld_date, *prop_date, *time_date;
} meta;

/* "datePublished": "..." in a JSON-LD script (a string search: the value is
 * all we need, wherever in the graph it is). */
static const char *ld_date(const xmlNode *script, cm_arena *a)
{
    xmlChar *v = xmlNodeGetContent(script);
    const char *s = v ? strstr((const char *)v, "\"datePublished\"") : NULL, *out = NULL;
    if (s) {
        s += 15;
        while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == ':') s++;
        if (*s == '"') {
            const char *e = strchr(s + 1, '"');
            if (e && e - s < 64) out = cm_arena_strndup(a, s + 1, (size_t)(e - s - 1));
        }
    }
    xmlFree(v);
    return out;
}

static void read_meta(const xmlNode *n, cm_arena *a, meta *mt)
{
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) continue;
        if (cm_markup_is(c, "meta")) {
            const char *k = cm_markup_attr_ref(c, "property"), *v = cm_markup_attr_ref(c, "content");
            if (!k) k = cm_markup_attr_ref(c, "name");
            const char *ip = cm_markup_attr_ref(c, "itemprop");
            if (k && v && !strcmp(k, "og:title") && !mt->og_title) mt->og_title = v;
            if (k && v && !strcmp(k, "og:url") && !mt->og_url) mt->og_url = v;
            if (k && v && !strcmp(k, "article:published_time") && !mt->published) mt->published = v;
            if (ip && v && !strcmp(ip, "datePublished") && !mt->prop_date) mt->prop_date = v;
        } else if (cm_markup_is(c, "title") && !mt->title) {
            mt->title = cm_markup_string(c, a);
        } else if (cm_markup_is(c, "link")) {
            const char *rel = cm_markup_attr_ref(c, "rel");
            if (rel && !strcmp(rel, "canonical") && !mt->canonical) mt->canonical = cm_markup_attr_ref(c, "href");
        } else if (cm_markup_is(c, "script")) {
            const char *type = cm_markup_attr_ref(c, "type");
            if (type && !strcmp(type, "application/ld+json") && !mt->ld_date) mt->ld_date = ld_date(c, a);
            continue;
        } else if (cm_markup_is(c, "time") && !mt->time_date) {
            mt->time_date = cm_markup_attr_ref(c, "datetime");
        } else if (c->properties && !mt->prop_date) {
            const char *ip = cm_markup_attr_ref(c, "itemprop");
            if (ip && !strcmp(ip, "datePublished")) {
                mt->prop_date = cm_markup_attr_ref(c, "datetime");
                if (!mt->prop_date) mt->prop_date = cm_markup_attr_ref(c, "content");
            }
        }
        read_meta(c, a, mt);
    }
}

static const char *first_time(const xmlNode *n)
{
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) continue;
        const char *v = cm_markup_is(c, "time") ? cm_markup_attr_ref(c, "datetime") : NULL;
        if (!v) v = first_time(c);
        if (v) return v;
    }
    return NULL;
}

static void page_date(cm_ctx *ctx, const char *path, const meta *mt, const char *in_main, cm_doc *d)
{
    const char *order[] = {mt->published, mt->ld_date, mt->prop_date, in_main, mt->time_date};
    for (size_t i = 0; i < sizeof order / sizeof *order; i++) {
        const char *s = order[i];
        if (!s) continue;
        if (cm_day_parse_iso(s, strlen(s), &d->date) || cm_day_parse_rfc822(s, strlen(s), &d->date)) return;
        d->date = CM_DAY_NONE;
        cm_diag(ctx, "%s: unreadable page date '%.40s'", path, s);
    }
}

cm_status cm_page_parse(cm_ctx *ctx, const char *path, const char *p, size_t n, cm_arena *a, cm_doc *d)
{
    memset(d, 0, sizeof *d);
    d->date = CM_DAY_NONE;
    d->lang = "";
    const char *b = strrchr(path, '/');
    d->id = cm_arena_strdup(a, b && b[1] ? b + 1 : path);
    d->path = cm_arena_strdup(a, path);
    if (!d->id || !d->path) return cm_fail(ctx, CM_NOMEM, "out of memory");
    cm_markup *m = NULL;
    cm_status st = cm_markup_parse(ctx, path, p, n, true, &m);
    if (st) return st;
    cm_mtext t = {.collapse = true};
    xmlNode *root = m->doc ? xmlDocGetRootElement(m->doc) : NULL;
    if (root) {
        meta mt = {0};
        read_meta(root, a, &mt);
        xmlNode *body = cm_markup_child(root, "body");
        bool nomem = false;
        const xmlNode *main = main_root(body ? body : root, a, &nomem);
        if (nomem) st = CM_NOMEM;
        d->title = mt.og_title ? cm_arena_strdup(a, mt.og_title) : mt.title;
        d->url = mt.canonical ? cm_arena_strdup(a, mt.canonical) : mt.og_url ? cm_arena_strdup(a, mt.og_url) : NULL;
        const char *lang = cm_markup_lang(cm_markup_attr(root, "lang", a), a);
        if (!lang) lang = cm_markup_lang(cm_markup_attr(root, "xml:lang", a), a);
        if (lang) d->lang = lang;
        page_date(ctx, path, &mt, first_time(main), d);
        if (!st) st = emit(&t, m, main, a);
    }
    if (!st) st = cm_mtext_finish(&t, a, &d->text, &d->len, &d->map);
    d->invalid = m->in.invalid;
    cm_mtext_free(&t);
    cm_markup_free(m);
    return st ? cm_fail(ctx, CM_NOMEM, "out of memory") : CM_OK;
}
