/* feed: RSS and Atom items through markup.h's XML tree. */
#define _POSIX_C_SOURCE 200809L
#include "text/feed.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/day.h"
#include "text/html.h"
#include "text/markup.h"
#include "text/xmllib.h" /* last: redirects libxml2 calls */

struct cm_feed {
    cm_markup *m;
    xmlNode **item;  /* <item> or <entry> elements, in order */
    size_t n;
    bool atom;
    xmlNode *channel; /* RSS <channel>, or the Atom <feed> */
    char *path, *base;
    cm_arena *meta;   /* the channel's title and language, read once */
    const char *title, *lang;
};

static cm_status collect(cm_feed *f, xmlNode *parent, const char *name)
{
    for (xmlNode *c = parent->children; c; c = c->next) {
        if (!cm_markup_is(c, name)) continue;
        xmlNode **v = realloc(f->item, (f->n + 1) * sizeof *v);
        if (!v) return CM_NOMEM;
        f->item = v;
        f->item[f->n++] = c;
    }
    return CM_OK;
}

/* The channel's title (each item's source) and language (the items' default),
 * read once: a channel's children are its items too. */
static cm_status channel_meta(cm_ctx *ctx, cm_feed *f)
{
    if (!(f->meta = cm_arena_new())) return cm_fail(ctx, CM_NOMEM, "out of memory");
    for (xmlNode *c = f->channel->children; c; c = c->next) {
        if (!f->title && cm_markup_is(c, "title")) f->title = cm_markup_string(c, f->meta);
        if (!f->lang && cm_markup_is(c, "language")) f->lang = cm_markup_lang(cm_markup_string(c, f->meta), f->meta);
    }
    return CM_OK;
}

cm_status cm_feed_open(cm_ctx *ctx, const char *path, const char *p, size_t n, cm_feed **out)
{
    *out = NULL;
    cm_feed *f = calloc(1, sizeof *f);
    if (!f) return cm_fail(ctx, CM_NOMEM, "out of memory");
    const char *b = strrchr(path, '/');
    f->path = strdup(path);
    f->base = strdup(b && b[1] ? b + 1 : path);
    cm_status st = f->path && f->base ? cm_markup_parse(ctx, path, p, n, false, &f->m) : CM_NOMEM;
    xmlNode *root = st ? NULL : xmlDocGetRootElement(f->m->doc);
    if (!st && !root) st = cm_fail(ctx, CM_PARSE, "%s:1: not a feed (no root element)", path);
    if (!st) {
        if (cm_markup_is(root, "rss")) {
            f->channel = cm_markup_child(root, "channel");
            if (f->channel) st = collect(f, f->channel, "item");
        } else if (cm_markup_is(root, "rdf")) { /* RSS 0.9 and 1.0 */
            f->channel = cm_markup_child(root, "channel");
            st = collect(f, root, "item");
        } else if (cm_markup_is(root, "feed")) {
            f->atom = true;
            f->channel = root;
            st = collect(f, root, "entry");
        } else if (cm_markup_is(root, "html")) {
            st = CM_NOTFOUND;
        } else {
            st = cm_fail(ctx, CM_PARSE, "%s:%d: not an RSS or Atom feed (root element <%s>)", path,
                         root->line, (const char *)root->name);
        }
        if (st == CM_NOMEM) cm_fail(ctx, CM_NOMEM, "out of memory");
    } else if (st == CM_NOMEM && !f->m) {
        cm_fail(ctx, CM_NOMEM, "out of memory");
    }
    if (!st && f->channel) st = channel_meta(ctx, f);
    if (st) {
        cm_feed_free(f);
        return st;
    }
    *out = f;
    return CM_OK;
}

size_t cm_feed_count(const cm_feed *f) { return f ? f->n : 0; }

void cm_feed_free(cm_feed *f)
{
    if (!f) return;
    cm_markup_free(f->m);
    cm_arena_free(f->meta);
    free(f->item);
    free(f->path);
    free(f->base);
    free(f);
}

/* The first child named one of names (in order of preference). */
static xmlNode *first_of(const xmlNode *it, const char *const *names)
{
    for (size_t k = 0; names[k]; k++) {
        xmlNode *c = cm_markup_child(it, names[k]);
        if (c) return c;
    }
    return NULL;
}

/* content:encoded is named "encoded" in the RSS content module's namespace. */
static xmlNode *rss_body(const xmlNode *it)
{
    for (xmlNode *c = it->children; c; c = c->next)
        if (cm_markup_is(c, "encoded") && c->ns && c->ns->href &&
            strstr((const char *)c->ns->href, "purl.org/rss/1.0/modules/content"))
            return c;
    return cm_markup_child(it, "description");
}

static const char *atom_link(const xmlNode *it, cm_arena *a)
{
    const char *any = NULL;
    for (xmlNode *c = it->children; c; c = c->next) {
        if (!cm_markup_is(c, "link")) continue;
        const char *rel = cm_markup_attr(c, "rel", a), *href = cm_markup_attr(c, "href", a);
        if (!href) continue;
        if (!rel || !strcmp(rel, "alternate")) return href;
        if (!any) any = href;
    }
    return any;
}

static const char *rss_link(const xmlNode *it, cm_arena *a)
{
    const char *l = cm_markup_string(cm_markup_child(it, "link"), a);
    if (l) return l;
    xmlNode *g = cm_markup_child(it, "guid");
    const char *perma = cm_markup_attr(g, "isPermaLink", a);
    const char *gs = cm_markup_string(g, a);
    if (gs && (!perma || strcmp(perma, "false")) && (!strncmp(gs, "http://", 7) || !strncmp(gs, "https://", 8)))
        return gs;
    return NULL;
}

/* The item's date: RFC 822 (RSS pubDate) or RFC 3339 (the rest). */
static void item_date(cm_ctx *ctx, const cm_feed *f, const xmlNode *it, size_t i, cm_arena *a, cm_doc *d)
{
    static const char *rss[] = {"pubdate", "date", "published", "updated", NULL};
    static const char *atom[] = {"published", "updated", "issued", "modified", NULL};
    xmlNode *e = first_of(it, f->atom ? atom : rss);
    const char *s = cm_markup_string(e, a);
    if (!s) return;
    size_t n = strlen(s);
    if (cm_day_parse_iso(s, n, &d->date) || cm_day_parse_rfc822(s, n, &d->date)) return;
    d->date = CM_DAY_NONE;
    cm_diag(ctx, "%s:%d: item %zu: unreadable date '%.40s' (dated from its text)", f->path, e->line,
            i + 1, s);
}

static const char *item_lang(const cm_feed *f, const xmlNode *it, cm_arena *a)
{
    xmlChar *l = xmlNodeGetLang(it);
    const char *s = NULL;
    if (l) {
        s = cm_markup_lang((const char *)l, a);
        xmlFree(l);
    }
    return s ? s : f->lang ? cm_arena_strdup(a, f->lang) : NULL;
}

/* The text of the body element: its text and CDATA, its XHTML children;
 * escaped or CDATA HTML stripped in place (offsets do not move). */
static cm_status item_text(const cm_feed *f, const xmlNode *body, cm_arena *a, cm_doc *d)
{
    cm_mtext t = {0};
    cm_status st = body ? cm_mtext_subtree(&t, f->m, body) : CM_OK;
    const char *type = f->atom && body ? cm_markup_attr(body, "type", a) : NULL;
    bool plain = type && (!strcmp(type, "text") || !strcmp(type, "xhtml"));
    if (!st && t.b.n && !plain && cm_html_detect(t.b.p, t.b.n)) {
        /* HTML: its source's line breaks are not the text's; read it again with
         * white space collapsed, then blank the tags (block tags become line ends) */
        cm_mtext_free(&t);
        t = (cm_mtext){.collapse = true};
        st = cm_mtext_subtree(&t, f->m, body);
        if (!st) d->markup = cm_html_strip(t.b.p, t.b.n);
    }
    if (!st) st = cm_mtext_finish(&t, a, &d->text, &d->len, &d->map);
    cm_mtext_free(&t);
    return st;
}

cm_status cm_feed_item(cm_ctx *ctx, const cm_feed *f, size_t i, cm_arena *a, cm_doc *d)
{
    static const char *atom_body[] = {"content", "summary", NULL};
    memset(d, 0, sizeof *d);
    d->date = CM_DAY_NONE;
    d->lang = "";
    const xmlNode *it = f->item[i];
    char id[64];
    snprintf(id, sizeof id, "#%zu", i + 1);
    size_t bl = strlen(f->base);
    char *ids = cm_arena_alloc(a, bl + strlen(id) + 1);
    d->path = cm_arena_strdup(a, f->path);
    if (!ids || !d->path) return cm_fail(ctx, CM_NOMEM, "out of memory");
    memcpy(ids, f->base, bl);
    strcpy(ids + bl, id);
    d->id = ids;
    d->title = cm_markup_string(cm_markup_child(it, "title"), a);
    d->source = f->title ? cm_arena_strdup(a, f->title) : NULL;
    d->url = f->atom ? atom_link(it, a) : rss_link(it, a);
    const char *lang = item_lang(f, it, a);
    if (lang) d->lang = lang;
    item_date(ctx, f, it, i, a, d);
    if (item_text(f, f->atom ? first_of(it, atom_body) : rss_body(it), a, d))
        return cm_fail(ctx, CM_NOMEM, "out of memory");
    d->invalid = f->m->in.invalid;
    return CM_OK;
}
