/* markup: the SAX hook that locates text, and text assembly from the tree.
 *
 * Each character callback gives one chunk; the hook finds the chunk's bytes
 * in the UTF-8 input (locate), forwards it to libxml2's own handler (which
 * builds the tree), and, when the chunk landed in a text node, records a piece
 * {node, nt bytes of content, from input bytes [u, u+nu)}. The pieces of one
 * node are consecutive (a text node grows only while it is the last child). */
#include "text/markup.h"

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text/html.h"
#include "text/xmllib.h" /* last: redirects libxml2 calls */

struct cm_markup_piece {
    const xmlNode *node;
    size_t nt;    /* bytes of node content */
    size_t u, nu; /* from input bytes [u, u+nu); nt == nu: byte for byte */
};

typedef struct {
    cm_markup *m;
    xmlParserCtxtPtr ctxt;
    charactersSAXFunc chars, blanks;
    cdataBlockSAXFunc cdata;
    size_t last_end;          /* input offset after the last located chunk */
    const xmlNode *last_node; /* the node the last piece went to */
    size_t last_tot;          /* content bytes recorded for last_node */
    bool nomem;
    int err_line;             /* the first error libxml2 reported */
    char err[160];
} hook;

static cm_status add_piece(hook *h, const xmlNode *n, size_t nt, size_t u, size_t nu)
{
    cm_markup *m = h->m;
    if (m->npc == m->cpc) {
        size_t cap = m->cpc ? m->cpc * 2 : 256;
        cm_markup_piece *v = realloc(m->pc, cap * sizeof *v);
        if (!v) return CM_NOMEM;
        m->pc = v;
        m->cpc = cap;
    }
    m->pc[m->npc++] = (cm_markup_piece){.node = n, .nt = nt, .u = u, .nu = nu};
    return CM_OK;
}

/* Where the chunk ch[0..len) lies in the input: pieces into out (up to cap),
 * returns their count. */
typedef struct {
    size_t nt, u, nu;
} span;

static size_t utf8_len(unsigned char c) { return c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1; }

/* Matches ch forward from input byte s, a "\n" of ch standing for "\r\n" (XML
 * normalises line ends); fills runs; false when it does not match up to e. */
static bool match_from(const char *u, size_t s, size_t e, const xmlChar *ch, size_t len, span *out,
                       size_t cap, size_t *nout)
{
    size_t j = 0, k = s, n = 0, run = s;
    while (j < len && k < e) {
        if ((unsigned char)u[k] == ch[j]) {
            j++, k++;
            continue;
        }
        if (ch[j] != '\n' || u[k] != '\r' || k + 1 >= e || u[k + 1] != '\n' || n + 2 > cap) return false;
        if (k > run) out[n++] = (span){k - run, run, k - run};
        out[n++] = (span){1, k, 2};
        j++, k += 2, run = k;
    }
    if (j < len || k != e || n + 1 > cap) return false;
    if (k > run) out[n++] = (span){k - run, run, k - run};
    *nout = n;
    return true;
}

static size_t locate(hook *h, const xmlChar *ch, size_t len, bool cdata, span *out, size_t cap)
{
    xmlParserInputPtr in = h->ctxt->input;
    const char *u = h->m->in.text;
    size_t un = h->m->in.len;
    if (!in || h->ctxt->inputNr != 1) return 0;
    if (ch >= in->base && ch < in->end) { /* still in the input buffer */
        out[0] = (span){len, (size_t)in->consumed + (size_t)(ch - in->base), len};
        return 1;
    }
    size_t e = (size_t)in->consumed + (size_t)(in->cur - in->base), n;
    if (e > un) e = un;
    size_t ends[3] = {e, cdata && e >= 3 && !memcmp(u + e - 3, "]]>", 3) ? e - 3 : e,
                      e < un ? e + utf8_len((unsigned char)u[e]) : e};
    for (int i = 0; i < 3; i++)
        if (ends[i] >= len && ends[i] <= un && !memcmp(u + ends[i] - len, ch, len)) {
            out[0] = (span){len, ends[i] - len, len};
            return 1;
        }
    /* line ends normalised: the chunk starts at most len line ends earlier */
    for (int i = 0; i < 2; i++)
        for (size_t extra = 1; extra <= len && ends[i] >= len + extra; extra++)
            if (u[ends[i] - len - extra] == ch[0] &&
                match_from(u, ends[i] - len - extra, ends[i], ch, len, out, cap, &n))
                return n;
    /* a reference ("&amp;", "&#233;", "&ouml;") or a chunk the parser changed */
    size_t lo = h->last_end < e ? h->last_end : e, f = lo;
    for (size_t k = e; k > lo && k + 48 > e; k--)
        if (u[k - 1] == '&') {
            f = k - 1;
            break;
        }
    out[0] = (span){len, f, e - f};
    return 1;
}

static void on_text(hook *h, const xmlChar *ch, int len, bool cdata, charactersSAXFunc fwd)
{
    span sp[64];
    size_t nsp = len > 0 && !h->nomem ? locate(h, ch, (size_t)len, cdata, sp, 64) : 0;
    if (fwd) fwd(h->ctxt, ch, len);
    if (!nsp) return;
    h->last_end = sp[nsp - 1].u + sp[nsp - 1].nu;
    xmlNodePtr n = h->ctxt->node ? h->ctxt->node->last : NULL;
    if (!n || (n->type != XML_TEXT_NODE && n->type != XML_CDATA_SECTION_NODE) || !n->content) return;
    /* did the chunk land at the end of this node? (the content is NUL-terminated
     * and ch holds no NUL, so the comparison stops at its end) */
    size_t tot = n == h->last_node ? h->last_tot : 0;
    if (n != h->last_node && n->_private) return; /* not consecutive: leave unmapped */
    for (int j = 0; j < len; j++)
        if (n->content[tot + (size_t)j] != ch[j]) return;
    if (!n->_private) n->_private = (void *)(uintptr_t)(h->m->npc + 1);
    for (size_t k = 0; k < nsp; k++)
        if (add_piece(h, n, sp[k].nt, sp[k].u, sp[k].nu)) h->nomem = true;
    h->last_node = n;
    h->last_tot = tot + (size_t)len;
}

/* The three hooks: kind 0 characters, 1 ignorable white space, 2 CDATA. */
static void hooked(void *ud, const xmlChar *ch, int len, int kind)
{
    xmlParserCtxtPtr c = ud;
    hook *h = c->_private;
    charactersSAXFunc fwd = kind == 0 ? h->chars : kind == 1 ? h->blanks : h->cdata;
    if (h->ctxt != c) { /* a nested parser context (entity content): no positions */
        if (fwd) fwd(ud, ch, len);
        return;
    }
    on_text(h, ch, len, kind == 2, fwd);
}

static void chars_cb(void *ud, const xmlChar *ch, int len) { hooked(ud, ch, len, 0); }
static void blanks_cb(void *ud, const xmlChar *ch, int len) { hooked(ud, ch, len, 1); }
static void cdata_cb(void *ud, const xmlChar *ch, int len) { hooked(ud, ch, len, 2); }

static void error_cb(void *ud, xmlErrorPtr e)
{
    xmlParserCtxtPtr c = ud;
    hook *h = c ? c->_private : NULL;
    if (!h || h->err[0] || !e || e->level < XML_ERR_ERROR) return;
    h->err_line = e->line;
    snprintf(h->err, sizeof h->err, "%s", e->message ? e->message : "error");
    size_t l = strlen(h->err);
    while (l && (h->err[l - 1] == '\n' || h->err[l - 1] == ' ')) h->err[--l] = 0;
}

cm_status cm_markup_parse(cm_ctx *ctx, const char *path, const char *p, size_t n, bool html,
                          cm_markup **out)
{
    *out = NULL;
    if (n > INT32_MAX) return cm_fail(ctx, CM_RANGE, "%s: too large for the markup parser", path);
    cm_markup *m = calloc(1, sizeof *m);
    if (!m) return cm_fail(ctx, CM_NOMEM, "out of memory");
    cm_status st = cm_charset_to_utf8(ctx, path, p, n, html, !html, &m->in);
    if (st) {
        free(m);
        return st;
    }
    xmlInitParser();
    xmlParserCtxtPtr c = html ? htmlNewParserCtxt() : xmlNewParserCtxt();
    if (!c) {
        cm_markup_free(m);
        return cm_fail(ctx, CM_NOMEM, "out of memory");
    }
    hook h = {.m = m, .ctxt = c, .chars = c->sax->characters, .blanks = c->sax->ignorableWhitespace,
              .cdata = c->sax->cdataBlock};
    c->_private = &h;
    c->sax->characters = chars_cb;
    c->sax->ignorableWhitespace = blanks_cb;
    c->sax->cdataBlock = cdata_cb;
    c->sax->serror = error_cb;
    int len = (int)m->in.len;
    if (html)
        m->doc = htmlCtxtReadMemory(c, m->in.text, len, path, "UTF-8",
                                    HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR |
                                        HTML_PARSE_NOWARNING | HTML_PARSE_IGNORE_ENC | HTML_PARSE_NODEFDTD);
    else
        m->doc = xmlCtxtReadMemory(c, m->in.text, len, path, "UTF-8",
                                   XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                                       XML_PARSE_IGNORE_ENC);
    bool wf = html || c->wellFormed;
    if (html) htmlFreeParserCtxt(c);
    else xmlFreeParserCtxt(c);
    if (h.nomem) {
        cm_markup_free(m);
        return cm_fail(ctx, CM_NOMEM, "out of memory");
    }
    if (!html && (!m->doc || !wf)) {
        cm_markup_free(m);
        return cm_fail(ctx, CM_PARSE, "%s:%d: malformed XML: %s", path, h.err_line ? h.err_line : 1,
                       h.err[0] ? h.err : "not well-formed");
    }
    *out = m;
    return CM_OK;
}

void cm_markup_free(cm_markup *m)
{
    if (!m) return;
    if (m->doc) xmlFreeDoc(m->doc);
    cm_charset_text_free(&m->in);
    free(m->pc);
    free(m);
}

/* ---- text assembly ---- */

static bool is_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

/* Appends content bytes c[0..nt) that came from input [u, u+nu). */
static cm_status put_piece(cm_mtext *t, const cm_markup *m, const char *c, size_t nt, size_t u, size_t nu)
{
    const cm_offmap *via = &m->in.map;
    if (t->collapse && nt != nu) { /* a unit ("\r\n" read as "\n", "&#10;"): white space or not */
        size_t k = 0;
        while (k < nt && is_space((unsigned char)c[k])) k++;
        if (k == nt) {
            if (!t->b.n || is_space((unsigned char)t->b.p[t->b.n - 1])) return CM_OK;
            cm_status st = cm_offmap_add_via(&t->map, t->b.n, 1, u, nu, via);
            return st ? st : cm_buf_putc(&t->b, ' ');
        }
    }
    if (!t->collapse || nt != nu) {
        cm_status st = cm_offmap_add_via(&t->map, t->b.n, nt, u, nu, via);
        return st ? st : cm_buf_append(&t->b, c, nt);
    }
    for (size_t i = 0; i < nt;) {
        size_t s = i;
        if (is_space((unsigned char)c[i])) {
            while (i < nt && is_space((unsigned char)c[i])) i++;
            if (!t->b.n || is_space((unsigned char)t->b.p[t->b.n - 1])) continue;
            cm_status st = cm_offmap_add_via(&t->map, t->b.n, 1, u + s, i - s, via);
            if (!st) st = cm_buf_putc(&t->b, ' ');
            if (st) return st;
            continue;
        }
        while (i < nt && !is_space((unsigned char)c[i])) i++;
        cm_status st = cm_offmap_add_via(&t->map, t->b.n, i - s, u + s, i - s, via);
        if (!st) st = cm_buf_append(&t->b, c + s, i - s);
        if (st) return st;
    }
    return CM_OK;
}

cm_status cm_mtext_node(cm_mtext *t, const cm_markup *m, const xmlNode *n)
{
    if (!n->content) return CM_OK;
    const char *c = (const char *)n->content;
    size_t len = strlen(c), done = 0, at = t->b.n ? cm_offmap_end(&t->map, t->b.n) : 0;
    size_t k = (size_t)(uintptr_t)n->_private;
    for (k = k ? k - 1 : m->npc; k < m->npc && m->pc[k].node == n && done + m->pc[k].nt <= len; k++) {
        const cm_markup_piece *pc = &m->pc[k];
        cm_status st = put_piece(t, m, c + done, pc->nt, pc->u, pc->nu);
        if (st) return st;
        done += pc->nt;
        at = cm_offmap_end(&m->in.map, pc->u + pc->nu);
    }
    if (done < len) { /* content with no known source: where the last piece ended */
        cm_status st = cm_offmap_add(&t->map, t->b.n, len - done, at, 0);
        if (!st) st = cm_buf_append(&t->b, c + done, len - done);
        if (st) return st;
    }
    return CM_OK;
}

cm_status cm_mtext_sep(cm_mtext *t, const char *sep)
{
    size_t k = strlen(sep);
    if (!t->b.n) return CM_OK;
    if (t->b.n >= k && !memcmp(t->b.p + t->b.n - k, sep, k)) return CM_OK;
    if (sep[0] == '\n') { /* "text \n" -> "text\n" */
        while (t->b.n && t->b.p[t->b.n - 1] == ' ') t->b.n--;
        cm_offmap_truncate(&t->map, t->b.n);
        t->b.p[t->b.n] = 0;
    }
    return cm_buf_puts(&t->b, sep);
}

bool cm_markup_block(const xmlNode *n)
{
    static const char *blocks[] = {"p", "div", "br", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4",
                                   "h5", "h6", "tr", "td", "th", "table", "blockquote", "pre", "section",
                                   "article", "main", "header", "footer", "figcaption", "figure", "hr",
                                   "address", "caption", "body", NULL};
    if (!n || n->type != XML_ELEMENT_NODE) return false;
    for (size_t i = 0; blocks[i]; i++)
        if (cm_markup_is(n, blocks[i])) return true;
    return false;
}

cm_status cm_mtext_subtree(cm_mtext *t, const cm_markup *m, const xmlNode *n)
{
    for (const xmlNode *c = n->children; c; c = c->next) {
        cm_status st = CM_OK;
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            st = cm_mtext_node(t, m, c);
        } else if (c->type == XML_ELEMENT_NODE) {
            bool block = cm_markup_block(c);
            if (block) st = cm_mtext_sep(t, "\n");
            if (!st) st = cm_mtext_subtree(t, m, c);
            if (!st && block) st = cm_mtext_sep(t, "\n");
        }
        if (st) return st;
    }
    return CM_OK;
}

cm_status cm_mtext_finish(const cm_mtext *t, cm_arena *a, const char **text, size_t *len,
                          const cm_offmap **map)
{
    char *s = cm_arena_strndup(a, t->b.p ? t->b.p : "", t->b.n);
    cm_offmap *mp = cm_arena_alloc(a, sizeof *mp);
    cm_offseg *v = t->map.n ? cm_arena_alloc(a, t->map.n * sizeof *v) : NULL;
    if (!s || !mp || (t->map.n && !v)) return CM_NOMEM;
    if (t->map.n) memcpy(v, t->map.v, t->map.n * sizeof *v);
    *mp = (cm_offmap){.v = v, .n = t->map.n, .cap = 0};
    *text = s;
    *len = t->b.n;
    *map = mp;
    return CM_OK;
}

void cm_mtext_free(cm_mtext *t)
{
    cm_buf_free(&t->b);
    cm_offmap_free(&t->map);
}

/* ---- tree helpers ---- */

bool cm_markup_is(const xmlNode *n, const char *name)
{
    if (!n || n->type != XML_ELEMENT_NODE || !n->name) return false;
    const char *s = (const char *)n->name;
    size_t i = 0;
    for (; s[i] && name[i]; i++) {
        char c = s[i] >= 'A' && s[i] <= 'Z' ? (char)(s[i] + 32) : s[i];
        if (c != name[i]) return false;
    }
    return !s[i] && !name[i];
}

xmlNode *cm_markup_child(const xmlNode *n, const char *name)
{
    for (xmlNode *c = n ? n->children : NULL; c; c = c->next)
        if (cm_markup_is(c, name)) return c;
    return NULL;
}

const char *cm_markup_attr_ref(const xmlNode *n, const char *name)
{
    if (!n || n->type != XML_ELEMENT_NODE) return NULL;
    for (const xmlAttr *at = n->properties; at; at = at->next) {
        const char *an = (const char *)at->name;
        size_t i = 0;
        while (an[i] && name[i] && (an[i] | 32) == (name[i] | 32)) i++;
        if (an[i] || name[i]) continue;
        const xmlNode *v = at->children;
        return v && v->type == XML_TEXT_NODE && v->content ? (const char *)v->content : "";
    }
    return NULL;
}

const char *cm_markup_attr(const xmlNode *n, const char *name, cm_arena *a)
{
    const char *v = cm_markup_attr_ref(n, name);
    return v ? cm_arena_strdup(a, v) : NULL;
}

const char *cm_markup_string(const xmlNode *n, cm_arena *a)
{
    xmlChar *v = n ? xmlNodeGetContent(n) : NULL;
    if (!v) return NULL;
    size_t len = strlen((char *)v);
    char *s = (char *)v;
    if (cm_html_detect(s, len)) cm_html_strip(s, len);
    char *o = cm_arena_alloc(a, len + 1);
    size_t k = 0;
    if (o)
        for (size_t i = 0; i < len; i++) {
            if (is_space((unsigned char)s[i])) {
                if (k && o[k - 1] != ' ') o[k++] = ' ';
                continue;
            }
            o[k++] = s[i];
        }
    xmlFree(v);
    if (!o) return NULL;
    while (k && o[k - 1] == ' ') k--;
    o[k] = 0;
    return k ? o : NULL;
}

const char *cm_markup_lang(const char *tag, cm_arena *a)
{
    if (!tag) return NULL;
    while (is_space((unsigned char)*tag)) tag++;
    size_t k = 0;
    while (tag[k] && tag[k] != '-' && tag[k] != '_' && !is_space((unsigned char)tag[k]) && k < 8) k++;
    if (!k) return NULL;
    char *s = cm_arena_strndup(a, tag, k);
    if (!s) return NULL;
    for (char *q = s; *q; q++)
        if (*q >= 'A' && *q <= 'Z') *q = (char)(*q + 32);
    return s;
}
