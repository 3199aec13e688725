/* viewer: index.html = a fixed page (style, markup, script) + one JSON blob
 * with the days, the claims per day and the control periods per district. */
#include "out/viewer.h"

#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/file.h"
#include "core/json.h"
#include "core/str.h"

static const char page_head[] =
    "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>";

static const char page_style[] =
    "</title>\n<style>\n"
    "body{margin:0;font:14px/1.4 system-ui,'DejaVu Sans',sans-serif;color:#222;background:#f4f3ef}\n"
    "header{display:flex;flex-wrap:wrap;align-items:center;gap:12px;padding:8px 16px;background:#2b2d31;color:#fff}\n"
    "header h1{font-size:17px;margin:0 12px 0 0;font-weight:600}\n"
    "button{font:inherit;padding:4px 10px;border:1px solid #888;border-radius:4px;background:#fff;cursor:pointer}\n"
    "#slider{width:min(40vw,520px)}\n#date{font-weight:600;min-width:7em;display:inline-block}\n"
    "main{display:flex;gap:16px;padding:12px 16px;align-items:flex-start}\n"
    "#mapbox{position:relative;flex:3;min-width:0}\n#map{width:100%;height:auto;display:block;background:#fff;"
    "box-shadow:0 1px 3px rgba(0,0,0,.25)}\n"
    "#tip{position:absolute;pointer-events:none;background:rgba(255,255,255,.95);border:1px solid #999;"
    "border-radius:4px;padding:4px 8px;font-size:13px;white-space:nowrap}\n"
    "aside{flex:2;max-height:calc(100vh - 90px);overflow:auto}\naside h2{font-size:15px;margin:0 0 8px}\n"
    "#claims{list-style:none;padding:0;margin:0}\n#claims li{background:#fff;margin:0 0 8px;padding:8px 10px;"
    "border-left:4px solid #999;border-radius:3px}\n"
    "#claims li.taliban{border-color:#c0392b}#claims li.government{border-color:#2e6fb7}"
    "#claims li.resistance{border-color:#2e8b57}#claims li.contested{border-color:#d68910}\n"
    ".what{font-weight:600}.meta{color:#666;font-size:12px}blockquote{margin:4px 0;font-style:italic;color:#333}\n"
    ".none{color:#777}\n</style>\n</head>\n<body>\n";

static const char page_body[] =
    "<header><h1 id=\"title\"></h1>\n"
    "<button id=\"prev\" title=\"previous day (←)\">&#9664;</button>\n"
    "<button id=\"play\" title=\"play / pause (space)\">Play</button>\n"
    "<button id=\"next\" title=\"next day (→)\">&#9654;</button>\n"
    "<input type=\"range\" id=\"slider\" min=\"0\" value=\"0\" aria-label=\"date\">\n"
    "<span id=\"date\"></span>\n"
    "<label>speed <select id=\"speed\"><option value=\"1000\">1 day/s</option>"
    "<option value=\"400\" selected>2.5 days/s</option><option value=\"150\">7 days/s</option></select></label>\n"
    "</header>\n<main>\n<div id=\"mapbox\"><img id=\"map\" alt=\"map of the selected day\"><div id=\"tip\" hidden></div></div>\n"
    "<aside><h2>Claims on <span id=\"cdate\"></span></h2><ol id=\"claims\"></ol></aside>\n</main>\n"
    "<script>\nconst DATA = ";

static const char page_script[] =
    ";\n</script>\n<script>\n"
    "(function(){\n"
    "'use strict';\n"
    "const $ = id => document.getElementById(id);\n"
    "const slider = $('slider'), img = $('map'), tip = $('tip'), list = $('claims');\n"
    "let cur = 0, timer = null;\n"
    "document.title = DATA.title; $('title').textContent = DATA.title;\n"
    "slider.max = String(DATA.days.length - 1);\n"
    "function text(tag, cls, s){ const e = document.createElement(tag); if (cls) e.className = cls; e.textContent = s; return e; }\n"
    "function setDay(i){\n"
    "  cur = Math.max(0, Math.min(DATA.days.length - 1, i));\n"
    "  const d = DATA.days[cur];\n"
    "  slider.value = String(cur);\n"
    "  img.src = DATA.frames + '/' + d + DATA.ext;\n"
    "  $('date').textContent = d; $('cdate').textContent = d;\n"
    "  list.replaceChildren();\n"
    "  const cs = DATA.claims[d] || [];\n"
    "  if (!cs.length) list.appendChild(text('li', 'none', 'No claims reported on this day.'));\n"
    "  for (const c of cs) {\n"
    "    const li = document.createElement('li');\n"
    "    li.className = 'claim ' + (c.controller || '');\n"
    "    li.appendChild(text('div', 'what', (c.actor || '?') + ' · ' + (c.action || '?') + ' · ' + (c.place || '?')"
    " + (c.negated ? ' (denied)' : '') + (c.hedged ? ' (reported)' : '')));\n"
    "    li.appendChild(text('blockquote', '', c.sentence || ''));\n"
    "    li.appendChild(text('div', 'meta', 'source: ' + (c.doc || '?') + (c.asserted_by ? ' · asserted by ' + c.asserted_by : '')"
    " + (c.precision ? ' · date precision: ' + c.precision : '')));\n"
    "    list.appendChild(li);\n"
    "  }\n"
    "  if (history.replaceState) history.replaceState(null, '', '#' + d);\n"
    "}\n"
    "function play(){\n"
    "  if (timer) { clearInterval(timer); timer = null; $('play').textContent = 'Play'; return; }\n"
    "  if (cur >= DATA.days.length - 1) setDay(0);\n"
    "  $('play').textContent = 'Pause';\n"
    "  timer = setInterval(() => { if (cur >= DATA.days.length - 1) play(); else setDay(cur + 1); }, +$('speed').value);\n"
    "}\n"
    "slider.addEventListener('input', () => setDay(+slider.value));\n"
    "$('prev').onclick = () => setDay(cur - 1); $('next').onclick = () => setDay(cur + 1); $('play').onclick = play;\n"
    "$('speed').onchange = () => { if (timer) { play(); play(); } };\n"
    "document.addEventListener('keydown', e => { if (e.target.tagName === 'SELECT') return;\n"
    "  if (e.key === 'ArrowLeft') setDay(cur - 1); else if (e.key === 'ArrowRight') setDay(cur + 1);\n"
    "  else if (e.key === ' ') { e.preventDefault(); play(); } });\n"
    "function inside(r, x, y){ let c = false; for (let i = 0, j = r.length - 2; i < r.length; j = i, i += 2) {\n"
    "  const xi = r[i], yi = r[i+1], xj = r[j], yj = r[j+1];\n"
    "  if ((yi > y) !== (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) c = !c; } return c; }\n"
    "function stateOf(p, d){ for (const q of (DATA.periods[p] || [])) if (q[0] <= d && (q[1] === null || d <= q[1])) return q; return null; }\n"
    "img.addEventListener('mousemove', e => {\n"
    "  const g = DATA.districts; if (!g || !img.naturalWidth) return;\n"
    "  const x = e.offsetX * g.w / img.clientWidth, y = e.offsetY * g.h / img.clientHeight;\n"
    "  let hit = null;\n"
    "  for (const dd of g.d) { let c = false; for (const r of dd.r) if (inside(r, x, y)) c = !c; if (c) { hit = dd; break; } }\n"
    "  if (!hit) { tip.hidden = true; return; }\n"
    "  const d = DATA.days[cur], s = stateOf(hit.p, d);\n"
    "  tip.textContent = hit.n + ' (' + hit.p + '): ' + (s ? s[2] + ' since ' + s[0] + ' · last report ' + (s[3] || '—')"
    " + ' · ' + s[4] + ' source' + (s[4] === 1 ? '' : 's') : 'no information');\n"
    "  tip.hidden = false; tip.style.left = (e.offsetX + 14) + 'px'; tip.style.top = (e.offsetY + 14) + 'px';\n"
    "});\n"
    "img.addEventListener('mouseleave', () => { tip.hidden = true; });\n"
    "const h = decodeURIComponent(location.hash.slice(1)), k = DATA.days.indexOf(h);\n"
    "setDay(k >= 0 ? k : 0);\n"
    "})();\n</script>\n</body>\n</html>\n";

static const char *precision_name(double p)
{
    return p >= 3 ? "month" : p >= 2 ? "week" : "day";
}

/* Copies a string member of o into the blob as "key":"value" (or null). */
static cm_status put_member(cm_buf *b, const cm_json_obj *o, const char *key, const char *as)
{
    const cm_json_member *m = cm_json_get(o, key);
    cm_status st = cm_buf_printf(b, ",\"%s\":", as);
    if (st) return st;
    if (!m || m->kind == CM_JSON_NULL) return cm_buf_puts(b, "null");
    if (m->kind == CM_JSON_STR) return cm_buf_json_str(b, m->str, m->len);
    if (m->kind == CM_JSON_BOOL) return cm_buf_puts(b, m->num ? "true" : "false");
    if (m->kind == CM_JSON_NUM) return cm_buf_printf(b, "%.6g", m->num);
    return cm_buf_puts(b, "null");
}

/* claims: {"YYYY-MM-DD":[{...},...],...} from the events file, grouped by date. */
static cm_status claims_json(cm_ctx *ctx, cm_buf *out, const char *path, cm_day from, cm_day to)
{
    size_t ndays = (size_t)(to - from + 1);
    cm_buf *per = calloc(ndays, sizeof *per);
    cm_buf text = {0};
    cm_arena *a = cm_arena_new();
    cm_status st = (!per || !a) ? cm_fail(ctx, CM_NOMEM, "out of memory") : CM_OK;
    if (!st && path) st = cm_file_read(ctx, path, 0, &text);
    size_t i = 0, lineno = 0;
    while (!st && path && i < text.n) {
        const char *nl = memchr(text.p + i, '\n', text.n - i);
        size_t end = nl ? (size_t)(nl - text.p) : text.n;
        cm_str line = cm_str_trim((cm_str){text.p + i, end - i});
        i = end + 1;
        lineno++;
        if (!line.n) continue;
        cm_json_obj o;
        size_t off;
        cm_arena_reset(a);
        cm_status pst = cm_json_parse_object(line.p, line.n, a, &o, &off);
        if (pst) {
            st = pst == CM_NOMEM ? cm_fail(ctx, CM_NOMEM, "%s:%zu: out of memory", path, lineno)
                                 : cm_fail(ctx, CM_PARSE, "%s:%zu: malformed JSON at column %zu", path, lineno, off + 1);
            break;
        }
        const char *date = cm_json_get_str(&o, "date");
        cm_day d;
        if (!date || !cm_day_parse(date, strlen(date), &d) || d < from || d > to) continue;
        cm_buf *b = &per[d - from];
        double prec = 1;
        cm_json_get_num(&o, "date_precision", &prec);
        st = cm_buf_puts(b, b->n ? ",{" : "{");
        if (!st) st = cm_buf_printf(b, "\"precision\":\"%s\"", precision_name(prec));
        static const char *keys[] = {"place", "pcode", "actor", "action", "controller", "sentence", "doc",
                                     "asserted_by", "negated", "hedged", "confidence"};
        for (size_t k = 0; k < sizeof keys / sizeof *keys && !st; k++) st = put_member(b, &o, keys[k], keys[k]);
        if (!st) st = cm_buf_putc(b, '}');
    }
    if (!st) st = cm_buf_putc(out, '{');
    int first = 1;
    for (size_t k = 0; k < ndays && !st; k++) {
        if (!per[k].n) continue;
        char ds[11];
        cm_day_format(from + (cm_day)k, ds);
        st = cm_buf_printf(out, "%s\"%s\":[%s]", first ? "" : ",", ds, per[k].p);
        first = 0;
    }
    if (!st) st = cm_buf_putc(out, '}');
    if (st == CM_NOMEM) st = cm_fail(ctx, CM_NOMEM, "out of memory");
    for (size_t k = 0; per && k < ndays; k++) cm_buf_free(&per[k]);
    free(per);
    cm_buf_free(&text);
    cm_arena_free(a);
    return st;
}

/* periods: {"AF0907":[["2021-08-15","2021-08-19","taliban","2021-08-15",1],...],...} */
static cm_status periods_json(cm_ctx *ctx, cm_buf *out, const cm_viewer *v)
{
    cm_status st = cm_buf_putc(out, '{');
    int first = 1;
    for (size_t i = 0; i < v->npcodes && !st && v->tl; i++) {
        cm_tl_period *p;
        size_t n;
        if ((st = cm_timeline_periods(v->tl, ctx, v->pcodes[i], &p, &n))) return st;
        if (n) {
            st = cm_buf_printf(out, "%s\"%s\":[", first ? "" : ",", v->pcodes[i]);
            first = 0;
        }
        for (size_t k = 0; k < n && !st; k++) {
            char f[11], t[11], r[11];
            cm_day_format(p[k].from, f);
            if (p[k].to != CM_DAY_NONE) cm_day_format(p[k].to, t);
            if (p[k].last_report != CM_DAY_NONE) cm_day_format(p[k].last_report, r);
            st = cm_buf_printf(out, "%s[\"%s\",%s%s%s,\"%s\",%s%s%s,%zu]", k ? "," : "", f,
                               p[k].to != CM_DAY_NONE ? "\"" : "", p[k].to != CM_DAY_NONE ? t : "null",
                               p[k].to != CM_DAY_NONE ? "\"" : "", cm_controller_name(p[k].ctrl),
                               p[k].last_report != CM_DAY_NONE ? "\"" : "",
                               p[k].last_report != CM_DAY_NONE ? r : "null",
                               p[k].last_report != CM_DAY_NONE ? "\"" : "", p[k].nsources);
        }
        if (n && !st) st = cm_buf_putc(out, ']');
        cm_tl_periods_free(p, n);
    }
    if (!st) st = cm_buf_putc(out, '}');
    return st == CM_NOMEM ? cm_fail(ctx, CM_NOMEM, "out of memory") : st;
}

cm_status cm_viewer_write(cm_ctx *ctx, const char *path, const cm_viewer *v)
{
    if (v->to < v->from) return cm_fail(ctx, CM_RANGE, "%s: the series ends before it starts", path);
    if (v->to - v->from > 100000) return cm_fail(ctx, CM_RANGE, "%s: more than 100000 days", path);
    cm_buf data = {0}, page = {0};
    const char *title = v->title ? v->title : "conflictmap";
    cm_status st = cm_buf_puts(&data, "{\"title\":");
    if (!st) st = cm_buf_json_str(&data, title, strlen(title));
    if (!st) st = cm_buf_puts(&data, ",\"frames\":");
    if (!st) st = cm_buf_json_str(&data, v->frames, strlen(v->frames));
    if (!st) st = cm_buf_puts(&data, ",\"ext\":");
    if (!st) st = cm_buf_json_str(&data, v->ext, strlen(v->ext));
    if (!st) st = cm_buf_puts(&data, ",\"days\":[");
    for (cm_day d = v->from; d <= v->to && !st; d++) {
        char ds[11];
        cm_day_format(d, ds);
        st = cm_buf_printf(&data, "%s\"%s\"", d == v->from ? "" : ",", ds);
    }
    if (!st) st = cm_buf_puts(&data, "],\"claims\":");
    if (st) goto nomem;
    if ((st = claims_json(ctx, &data, v->events_jsonl, v->from, v->to))) goto done;
    if ((st = cm_buf_puts(&data, ",\"periods\":"))) goto nomem;
    if ((st = periods_json(ctx, &data, v))) goto done;
    st = cm_buf_puts(&data, ",\"districts\":");
    if (!st) st = cm_buf_puts(&data, v->districts_json ? v->districts_json : "null");
    if (!st) st = cm_buf_putc(&data, '}');
    /* The page: '<' only occurs inside JSON strings, where \u003c means the
     * same and cannot close the script element. */
    if (!st) st = cm_buf_puts(&page, page_head);
    for (const char *c = title; !st && *c; c++) {
        if (*c == '<') st = cm_buf_puts(&page, "&lt;");
        else if (*c == '&') st = cm_buf_puts(&page, "&amp;");
        else st = cm_buf_putc(&page, *c);
    }
    if (!st) st = cm_buf_puts(&page, page_style);
    if (!st) st = cm_buf_puts(&page, page_body);
    for (size_t i = 0; !st && i < data.n; i++)
        st = data.p[i] == '<' ? cm_buf_puts(&page, "\\u003c") : cm_buf_putc(&page, data.p[i]);
    if (!st) st = cm_buf_puts(&page, page_script);
    if (st) goto nomem;
    st = cm_file_write(ctx, path, page.p, page.n);
    goto done;
nomem:
    st = cm_fail(ctx, CM_NOMEM, "out of memory");
done:
    cm_buf_free(&data);
    cm_buf_free(&page);
    return st;
}
