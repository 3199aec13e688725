/* svgmin: Cairo's SVG rewritten small (see svgmin.h). libc only. */
#define _POSIX_C_SOURCE 200809L
#include "map/svgmin.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/str.h"

typedef struct {
    cm_buf *b;
    bool bad; /* an append failed */
} wr;

static void put(wr *w, const char *p, size_t n)
{
    if (!w->bad && cm_buf_append(w->b, p, n)) w->bad = true;
}
static void puts_(wr *w, const char *s) { put(w, s, strlen(s)); }

/* ---- numbers -------------------------------------------------------------------- */

/* v in units of 10^-dec, written shortest: "12.3", ".5", "-.5", "3". */
static void put_fixed(wr *w, long long v, int dec)
{
    char buf[40], *e = buf + sizeof buf, *p = e;
    bool neg = v < 0;
    unsigned long long u = neg ? 0ull - (unsigned long long)v : (unsigned long long)v;
    int d = 0;
    bool frac = false;
    for (; d < dec; d++, u /= 10) {
        int digit = (int)(u % 10);
        if (!frac && digit == 0) continue;
        frac = true;
        *--p = (char)('0' + digit);
    }
    if (frac) *--p = '.';
    if (u || !frac) do *--p = (char)('0' + u % 10), u /= 10; while (u);
    if (neg && !(p[0] == '0' && p + 1 == e)) *--p = '-';
    put(w, p, (size_t)(e - p));
}

static long long fixed_of(double v, double scale) { return llround(v * scale); }

/* Reads the number at p (Cairo's "-12.345678") as units of 10^-dec, rounded
 * half away from zero, in integers; other forms through strtod. *end: past it. */
static long long read_num(const char *p, int dec, const char **end)
{
    const char *q = p;
    bool neg = *q == '-';
    if (*q == '-' || *q == '+') q++;
    unsigned long long ip = 0, fp = 0;
    int nf = 0, ni = 0;
    while (*q >= '0' && *q <= '9' && ni < 15) ip = ip * 10 + (unsigned)(*q++ - '0'), ni++;
    if (*q == '.')
        for (q++; *q >= '0' && *q <= '9' && nf < 9; q++, nf++) fp = fp * 10 + (unsigned)(*q - '0');
    if ((*q >= '0' && *q <= '9') || *q == 'e' || *q == 'E' || *q == '.' || (ni == 0 && nf == 0)) {
        char *e;
        double v = strtod(p, &e);
        *end = e;
        return fixed_of(v, pow(10, dec));
    }
    *end = q;
    /* ip.fp (nf digits) -> units of 10^-dec */
    unsigned long long v = ip;
    for (int i = 0; i < dec; i++) v *= 10;
    if (nf <= dec) {
        unsigned long long f = fp;
        for (int i = nf; i < dec; i++) f *= 10;
        v += f;
    } else {
        unsigned long long div = 1;
        for (int i = dec; i < nf; i++) div *= 10;
        v += fp / div + (fp % div * 2 >= div);
    }
    return neg ? -(long long)v : (long long)v;
}

/* ---- path data ------------------------------------------------------------------ */

typedef struct {
    long long *v;   /* the subpath's numbers, absolute, in units */
    size_t n, cap;
} nums;

/* True when d holds only what Cairo writes: absolute M, L, C, Z and numbers.
 * Anything else is left as it is. */
static bool cairo_path(const char *d, size_t n)
{
    static const char ok[] = "MLCZ0123456789.-+e ,\n";
    bool table[256] = {false};
    for (const char *c = ok; *c; c++) table[(unsigned char)*c] = true;
    for (size_t i = 0; i < n; i++)
        if (!table[(unsigned char)d[i]]) return false;
    return true;
}

/* Parses Cairo's "M x y L x y C ... Z" (absolute) and writes it relative,
 * each subpath opening with an absolute M so that it reads the same wherever
 * it stands. seps: offsets in out where each subpath starts (NULL: none). */
static void put_path(wr *w, const char *d, size_t n, int dec, size_t **seps, size_t *nseps)
{
    const char *p = d, *end = d + n;
    long long cx = 0, cy = 0, sx = 0, sy = 0;
    char last = 0;     /* last command written (for implicit repeats) */
    bool open = false; /* a moveto written, subpath not closed */
    long long px = 0, py = 0;
    bool pend = false; /* a moveto read but not written yet */
    while (p < end) {
        while (p < end && (*p == ' ' || *p == '\n' || *p == ',')) p++;
        if (p >= end) break;
        char c = *p++;
        int k = c == 'M' || c == 'L' ? 2 : c == 'C' ? 6 : 0;
        long long a[6];
        for (int i = 0; i < k; i++) {
            while (p < end && (*p == ' ' || *p == ',')) p++;
            a[i] = read_num(p, dec, &p);
        }
        if (c == 'M') { /* written when something is drawn from it */
            px = a[0], py = a[1], pend = true;
            continue;
        }
        if (c != 'L' && c != 'C' && c != 'Z') continue;
        if (pend) {
            if (seps && !w->bad) {
                size_t *ns = realloc(*seps, (*nseps + 1) * sizeof *ns);
                if (!ns) w->bad = true;
                else *seps = ns, (*seps)[(*nseps)++] = w->b->n;
            }
            puts_(w, "M");
            put_fixed(w, px, dec);
            puts_(w, py < 0 ? "" : " ");
            put_fixed(w, py, dec);
            cx = sx = px, cy = sy = py, pend = false, open = true, last = 'M';
        }
        if (!open) continue;
        if (c == 'Z') {
            puts_(w, "z");
            cx = sx, cy = sy, last = 'z', open = false;
            pend = true, px = sx, py = sy; /* Cairo repeats the start after Z */
            continue;
        }
        long long r[6];
        for (int i = 0; i < k; i += 2) r[i] = a[i] - cx, r[i + 1] = a[i + 1] - cy;
        if (c == 'L' && !r[0] && !r[1]) continue; /* nothing at this resolution */
        char cmd = c == 'L' ? 'l' : 'c';
        if (last != cmd && !(cmd == 'l' && last == 'M')) put(w, &cmd, 1);
        else if (cmd == 'l' && last == 'M') put(w, "l", 1);
        for (int i = 0; i < k; i++) {
            if (i || last == cmd) {
                if (r[i] >= 0) puts_(w, " ");
            }
            put_fixed(w, r[i], dec);
        }
        last = cmd;
        cx = a[k - 2], cy = a[k - 1];
    }
}

/* ---- styles ------------------------------------------------------------------- */

typedef struct {
    char **style; /* normalised style texts; index = class number */
    size_t n;
} classes;

/* "rgb(86.27451%,70.196078%,36.078431%)" -> "#dcb35c"; opacities 3 places. */
static void norm_style(wr *w, const char *s, size_t n)
{
    const char *p = s, *end = s + n;
    while (p < end) {
        if ((size_t)(end - p) > 4 && !memcmp(p, "rgb(", 4)) {
            int c[3];
            const char *q = p + 4;
            bool ok = true;
            for (int i = 0; i < 3 && ok; i++) {
                char *e;
                double v = strtod(q, &e);
                ok = e > q && e < end && *e == '%';
                c[i] = (int)lround(v * 2.55);
                c[i] = c[i] < 0 ? 0 : c[i] > 255 ? 255 : c[i];
                q = e + 2; /* "%," or "%)" */
            }
            if (ok && q <= end && q[-1] == ')') {
                char hx[8];
                snprintf(hx, sizeof hx, "#%02x%02x%02x", c[0], c[1], c[2]);
                puts_(w, hx);
                p = q;
                continue;
            }
        }
        if (((size_t)(end - p) > 8 && !memcmp(p, "opacity:", 8))) {
            char *e;
            double v = strtod(p + 8, &e);
            if (e > p + 8) {
                puts_(w, "opacity:");
                put_fixed(w, llround(v * 1000), 3);
                p = e;
                continue;
            }
        }
        put(w, p, 1);
        p++;
    }
}

/* The class number of a style (added when new); -1 when out of memory. */
static long class_of(classes *cl, const char *s, size_t n)
{
    cm_buf nb = {0};
    wr w = {&nb, false};
    norm_style(&w, s, n);
    if (w.bad || !nb.p) {
        cm_buf_free(&nb);
        return w.bad ? -1 : 0;
    }
    for (size_t i = 0; i < cl->n; i++)
        if (!strcmp(cl->style[i], nb.p)) {
            cm_buf_free(&nb);
            return (long)i;
        }
    char **ns = realloc(cl->style, (cl->n + 1) * sizeof *ns);
    if (!ns) {
        cm_buf_free(&nb);
        return -1;
    }
    cl->style = ns;
    cl->style[cl->n] = cm_buf_take(&nb);
    return (long)cl->n++;
}

/* ---- elements ------------------------------------------------------------------ */

typedef struct {
    const char *name, *val; /* not terminated */
    size_t nn, nv;
} attr;

typedef struct {
    const char *tag;
    size_t ntag;
    attr a[16];
    int na;
    bool selfclose;
    const char *end; /* just past '>' */
} elem;

/* Reads the element at p ('<' then a letter). false when it is not one. */
static bool read_elem(const char *p, const char *end, elem *e)
{
    const char *q = p + 1;
    e->tag = q;
    while (q < end && *q != ' ' && *q != '>' && *q != '/' && *q != '\n') q++;
    e->ntag = (size_t)(q - e->tag);
    e->na = 0;
    e->selfclose = false;
    while (q < end) {
        while (q < end && (*q == ' ' || *q == '\n')) q++;
        if (q < end && *q == '/') {
            e->selfclose = true;
            q++;
            continue;
        }
        if (q < end && *q == '>') {
            e->end = q + 1;
            return true;
        }
        const char *n0 = q;
        while (q < end && *q != '=' && *q != ' ' && *q != '>') q++;
        if (q + 1 >= end || *q != '=' || q[1] != '"' || e->na == 16) return false;
        const char *v0 = q + 2, *v1 = memchr(v0, '"', (size_t)(end - v0));
        if (!v1) return false;
        e->a[e->na++] = (attr){n0, v0, (size_t)(q - n0), (size_t)(v1 - v0)};
        q = v1 + 1;
    }
    return false;
}

static const attr *get(const elem *e, const char *name)
{
    size_t n = strlen(name);
    for (int i = 0; i < e->na; i++)
        if (e->a[i].nn == n && !memcmp(e->a[i].name, name, n)) return &e->a[i];
    return NULL;
}

static bool is_tag(const elem *e, const char *t) { return e->ntag == strlen(t) && !memcmp(e->tag, t, e->ntag); }

/* ---- districts: outlines shared ---------------------------------------------- */

typedef struct {
    char *id;
    char *d;       /* compact path data */
    size_t len;    /* its length */
    size_t *sub;   /* subpath offsets into d */
    size_t nsub;
} district;

typedef struct {
    district *v;
    size_t n;
    uint32_t *slot; /* hash of the first subpath -> district index + 1 (0 empty) */
    size_t mask;
} districts;

static void districts_free(districts *ds)
{
    for (size_t i = 0; i < ds->n; i++) free(ds->v[i].id), free(ds->v[i].d), free(ds->v[i].sub);
    free(ds->v);
    free(ds->slot);
}

/* The length of district t's first subpath. */
static size_t first_sub(const district *t) { return t->nsub > 1 ? t->sub[1] : t->len; }

static bool index_districts(districts *ds)
{
    size_t cap = 64;
    while (cap < 2 * ds->n) cap *= 2;
    if (!(ds->slot = calloc(cap, sizeof *ds->slot))) return false;
    ds->mask = cap - 1;
    for (size_t i = 0; i < ds->n; i++) {
        if (!ds->v[i].nsub) continue;
        size_t k = cm_fnv1a64(ds->v[i].d, first_sub(&ds->v[i])) & ds->mask;
        while (ds->slot[k]) k = (k + 1) & ds->mask;
        ds->slot[k] = (uint32_t)i + 1;
    }
    return true;
}

/* Pass 1: every <path id=... class="district">, its data compacted. */
static bool collect(const char *svg, const char *end, int dec, districts *ds)
{
    for (const char *p = svg; (p = memchr(p, '<', (size_t)(end - p))) != NULL;) {
        elem e;
        if (!read_elem(p, end, &e)) {
            p++;
            continue;
        }
        p = e.end;
        const attr *id = get(&e, "id"), *cls = get(&e, "class"), *d = get(&e, "d");
        if (!is_tag(&e, "path") || !id || !cls || !d || cls->nv != 8 || memcmp(cls->val, "district", 8) ||
            !cairo_path(d->val, d->nv))
            continue;
        district *nv = realloc(ds->v, (ds->n + 1) * sizeof *nv);
        if (!nv) return false;
        ds->v = nv;
        district *t = &ds->v[ds->n++];
        *t = (district){0};
        cm_buf b = {0};
        wr w = {&b, false};
        put_path(&w, d->val, d->nv, dec, &t->sub, &t->nsub);
        t->id = strndup(id->val, id->nv);
        t->len = b.n;
        t->d = cm_buf_take(&b);
        if (w.bad || !t->id || !t->d) return false;
    }
    return index_districts(ds);
}

/* The districts whose outlines, one after another, make up path data d
 * (compact, with subpath offsets sub); false when it is anything else. */
static bool cover(const districts *ds, const char *d, size_t nd, const size_t *sub, size_t nsub, size_t *which,
                  size_t *nwhich)
{
    size_t at = 0, k = 0;
    *nwhich = 0;
    if (!nsub || sub[0] != 0) return false;
    while (at < nsub) {
        size_t off = sub[at], i = ds->n, n1 = (at + 1 < nsub ? sub[at + 1] : nd) - off;
        for (size_t h = cm_fnv1a64(d + off, n1) & ds->mask; ds->slot[h] && i == ds->n; h = (h + 1) & ds->mask) {
            const district *t = &ds->v[ds->slot[h] - 1];
            if (first_sub(t) == n1 && at + t->nsub <= nsub && off + t->len <= nd && !memcmp(d + off, t->d, t->len) &&
                (at + t->nsub == nsub ? off + t->len == nd : sub[at + t->nsub] == off + t->len))
                i = ds->slot[h] - 1;
        }
        if (i == ds->n) return false;
        which[k++] = i;
        at += ds->v[i].nsub;
    }
    *nwhich = k;
    return true;
}

/* ---- the rewrite ------------------------------------------------------------------ */

typedef struct {
    classes cl;
    districts ds;
    int dec;
    bool in_symbol, in_clip;
} state;

static bool put_class(wr *w, state *s, const attr *style, const attr *cls)
{
    long k = style ? class_of(&s->cl, style->val, style->nv) : -1;
    if (style && k < 0) return false;
    if (!style && !cls) return true;
    puts_(w, " class=\"");
    if (cls) put(w, cls->val, cls->nv);
    if (cls && style) puts_(w, " ");
    if (style) {
        char c[24];
        snprintf(c, sizeof c, "s%ld", k);
        puts_(w, c);
    }
    puts_(w, "\"");
    return true;
}

/* A path that is not a district: its data compacted, or <use>s of the
 * districts it is made of. */
static bool put_other_path(wr *w, state *s, const elem *e)
{
    const attr *d = get(e, "d"), *style = get(e, "style");
    cm_buf b = {0};
    wr pw = {&b, false};
    size_t *sub = NULL, nsub = 0;
    put_path(&pw, d->val, d->nv, s->in_symbol ? s->dec + 1 : s->dec, s->in_symbol ? NULL : &sub, &nsub);
    size_t *which = nsub ? malloc(nsub * sizeof *which) : NULL, nw = 0;
    bool ok = !pw.bad && (!nsub || which);
    if (ok && nsub && s->ds.n && !get(e, "transform") && cover(&s->ds, b.p, b.n, sub, nsub, which, &nw)) {
        if (!s->in_clip) {
            puts_(w, "<g");
            ok = put_class(w, s, style, NULL);
            puts_(w, ">\n");
        }
        for (size_t i = 0; i < nw; i++) {
            puts_(w, "<use xlink:href=\"#");
            puts_(w, s->ds.v[which[i]].id);
            puts_(w, "\"/>\n");
        }
        if (!s->in_clip) puts_(w, "</g>");
    } else if (ok) {
        puts_(w, "<path");
        for (int i = 0; i < e->na; i++) {
            const attr *a = &e->a[i];
            if ((a->nn == 1 && *a->name == 'd') || (a->nn == 5 && !memcmp(a->name, "style", 5))) continue;
            puts_(w, " ");
            put(w, a->name, a->nn + 2 + a->nv + 1);
        }
        ok = put_class(w, s, style, get(e, "class"));
        puts_(w, " d=\"");
        if (b.n) put(w, b.p, b.n);
        puts_(w, "\"/>");
    }
    free(which);
    free(sub);
    cm_buf_free(&b);
    return ok;
}

static bool is_num_attr(const attr *a)
{
    static const char *const names[] = {"x", "y", "width", "height"};
    for (size_t i = 0; i < 4; i++)
        if (a->nn == strlen(names[i]) && !memcmp(a->name, names[i], a->nn)) return true;
    return false;
}

static bool put_elem(wr *w, state *s, const elem *e)
{
    const attr *style = get(e, "style"), *cls = get(e, "class"), *id = get(e, "id");
    if (is_tag(e, "path") && get(e, "d") && cairo_path(get(e, "d")->val, get(e, "d")->nv)) {
        if (id && cls && cls->nv == 8 && !memcmp(cls->val, "district", 8) && !s->in_symbol) {
            puts_(w, "<use xlink:href=\"#");
            put(w, id->val, id->nv);
            puts_(w, "\"");
            bool ok = put_class(w, s, style, NULL);
            puts_(w, "/>");
            return ok;
        }
        return put_other_path(w, s, e);
    }
    put(w, "<", 1);
    put(w, e->tag, e->ntag);
    for (int i = 0; i < e->na; i++) {
        const attr *a = &e->a[i];
        if (a == style || a == cls) continue;
        puts_(w, " ");
        put(w, a->name, a->nn);
        puts_(w, "=\"");
        char *x;
        double v = is_num_attr(a) ? strtod(a->val, &x) : 0;
        if (is_num_attr(a) && x == a->val + a->nv) put_fixed(w, llround(v * 100), 2);
        else put(w, a->val, a->nv);
        puts_(w, "\"");
    }
    if (!put_class(w, s, style, cls)) return false;
    puts_(w, e->selfclose ? "/>" : ">");
    return true;
}

/* The header (through the <svg> tag), the style sheet, the districts'
 * outlines, then the body. */
static bool assemble(wr *w, const char *svg, const char *body, const cm_buf *rest, state *s)
{
    put(w, svg, (size_t)(body - svg));
    puts_(w, "\n<style>\n");
    for (size_t i = 0; i < s->cl.n; i++) {
        char c[24];
        snprintf(c, sizeof c, ".s%zu{", i);
        puts_(w, c);
        puts_(w, s->cl.style[i]);
        puts_(w, "}\n");
    }
    puts_(w, "</style>\n");
    if (s->ds.n) {
        puts_(w, "<defs>\n");
        for (size_t i = 0; i < s->ds.n; i++) {
            puts_(w, "<path id=\"");
            puts_(w, s->ds.v[i].id);
            puts_(w, "\" class=\"district\" d=\"");
            puts_(w, s->ds.v[i].d);
            puts_(w, "\"/>\n");
        }
        puts_(w, "</defs>");
    }
    if (rest->n) put(w, rest->p, rest->n);
    return !w->bad;
}

cm_status cm_svgmin(const char *svg, size_t n, int dec, cm_buf *out)
{
    const char *end = svg + n, *p = svg, *body = NULL;
    state s = {.dec = dec < 0 ? 0 : dec > 4 ? 4 : dec};
    cm_buf rest = {0};
    wr w = {&rest, false};
    bool ok = collect(svg, end, s.dec, &s.ds);
    while (ok && p < end) {
        const char *q = memchr(p, '<', (size_t)(end - p));
        if (!q) q = end;
        if (body) put(&w, p, (size_t)(q - p));
        p = q;
        if (p >= end) break;
        elem e;
        bool letter = p + 1 < end && ((p[1] >= 'a' && p[1] <= 'z') || (p[1] >= 'A' && p[1] <= 'Z'));
        if (!letter || !read_elem(p, end, &e)) { /* closing tag, comment, declaration */
            const char *gt = memchr(p, '>', (size_t)(end - p));
            const char *stop = gt ? gt + 1 : end;
            if (body) put(&w, p, (size_t)(stop - p));
            if (!strncmp(p, "</symbol>", 9)) s.in_symbol = false;
            if (!strncmp(p, "</clipPath>", 11)) s.in_clip = false;
            p = stop;
            continue;
        }
        if (!body) { /* everything through the <svg ...> tag is kept as it is */
            if (is_tag(&e, "svg")) body = e.end;
            p = e.end;
            continue;
        }
        if (is_tag(&e, "symbol")) s.in_symbol = true;
        if (is_tag(&e, "clipPath")) s.in_clip = true;
        ok = put_elem(&w, &s, &e);
        p = e.end;
    }
    wr aw = {out, false};
    bool known = body != NULL; /* else not an SVG we know: passed through */
    if (ok && !w.bad && !known) ok = !cm_buf_append(out, svg, n);
    else ok = ok && !w.bad && assemble(&aw, svg, body, &rest, &s);
    cm_buf_free(&rest);
    for (size_t i = 0; i < s.cl.n; i++) free(s.cl.style[i]);
    free(s.cl.style);
    districts_free(&s.ds);
    return ok ? CM_OK : CM_NOMEM;
}
