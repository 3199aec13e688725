/* test_inputs: feeds, saved pages and what they stand on — the offset map,
 * charset detection and conversion, RFC 822 / RFC 3339 dates — and the
 * reader's dispatch by extension and by content. Every input is written here
 * or in tests/cases/inputs/ for the project. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <cmocka.h>

#include "core/day.h"
#include "core/file.h"
#include "core/offmap.h"
#include "text/charset.h"
#include "text/doc.h"
#include "text/feed.h"
#include "text/page.h"

static cm_ctx *ctx;
static cm_arena *A;

static int setup(void **state)
{
    (void)state;
    ctx = cm_ctx_new();
    A = cm_arena_new();
    return ctx && A ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    cm_arena_free(A);
    cm_ctx_free(ctx);
    return 0;
}

static cm_day D(const char *s)
{
    cm_day d;
    assert_true(cm_day_parse(s, strlen(s), &d));
    return d;
}

/* The input bytes the text span [off, off+len) of d came from. */
static char *src_of(const cm_doc *d, const char *file, const char *needle)
{
    const char *t = strstr(d->text, needle);
    assert_non_null(t);
    size_t fo, fl;
    cm_doc_span(d, (size_t)(t - d->text), strlen(needle), &fo, &fl);
    return cm_arena_strndup(A, file + fo, fl);
}

static void test_offmap(void **state)
{
    (void)state;
    cm_offmap m = {0};
    assert_int_equal(cm_offmap_add(&m, 0, 5, 10, 5), CM_OK);
    assert_int_equal(cm_offmap_add(&m, 5, 3, 15, 3), CM_OK); /* continues: merged */
    assert_int_equal(m.n, 1);
    assert_int_equal(cm_offmap_add(&m, 8, 1, 20, 5), CM_OK); /* "&amp;" -> "&" */
    assert_int_equal(cm_offmap_add(&m, 10, 4, 30, 4), CM_OK); /* byte 9: a separator */
    assert_int_equal(m.n, 3);
    assert_int_equal(cm_offmap_start(&m, 0), 10);
    assert_int_equal(cm_offmap_start(&m, 6), 16);
    assert_int_equal(cm_offmap_start(&m, 8), 20);
    assert_int_equal(cm_offmap_end(&m, 9), 25);   /* past the reference */
    assert_int_equal(cm_offmap_start(&m, 9), 25); /* the gap: where the last piece ended */
    assert_int_equal(cm_offmap_start(&m, 12), 32);
    assert_int_equal(cm_offmap_end(&m, 14), 34);
    assert_int_equal(cm_offmap_end(&m, 3), 13);
    assert_int_equal(cm_offmap_start(NULL, 7), 7); /* no map: the identity */
    cm_offmap_truncate(&m, 12); /* the text cut back: later pieces start at 12 */
    assert_int_equal(m.n, 3);
    assert_int_equal(m.v[2].nt, 2);
    assert_int_equal(m.v[2].nf, 2);
    cm_offmap_truncate(&m, 9);
    assert_int_equal(m.n, 2);

    /* through an intermediate text: a Latin-1 "é" (1 byte) became 2 UTF-8 bytes */
    cm_offmap via = {0}, out = {0};
    assert_int_equal(cm_offmap_add(&via, 0, 3, 0, 3), CM_OK);   /* "caf" */
    assert_int_equal(cm_offmap_add(&via, 3, 2, 3, 1), CM_OK);   /* "é" */
    assert_int_equal(cm_offmap_add(&via, 5, 4, 4, 4), CM_OK);   /* " bar" */
    assert_int_equal(cm_offmap_add_via(&out, 0, 9, 0, 9, &via), CM_OK);
    assert_int_equal(cm_offmap_start(&out, 5), 4);
    assert_int_equal(cm_offmap_end(&out, 5), 4); /* "café" ends at file byte 4 */
    assert_int_equal(cm_offmap_end(&out, 9), 8);
    cm_offmap_free(&via);
    cm_offmap_free(&out);
    cm_offmap_free(&m);
}

static void test_dates(void **state)
{
    (void)state;
    cm_day d;
    const char *ok822[][2] = {{"Sun, 08 Aug 2021 18:30:00 +0430", "2021-08-08"},
                              {"8 Aug 2021 23:59 GMT", "2021-08-08"},
                              {" Sat, 21 August 2021 09:00:00 -0000 ", "2021-08-21"},
                              {"Thu, 12 Aug 21 10:00:00 EST", "2021-08-12"}};
    for (size_t i = 0; i < 4; i++) {
        assert_true(cm_day_parse_rfc822(ok822[i][0], strlen(ok822[i][0]), &d));
        assert_int_equal(d, D(ok822[i][1]));
    }
    const char *bad822[] = {"Sun, 31 Feb 2021 00:00:00 GMT", "2021-08-08", "Sun, Aug 2021", "", "08 Foo 2021"};
    for (size_t i = 0; i < 5; i++) assert_false(cm_day_parse_rfc822(bad822[i], strlen(bad822[i]), &d));
    /* RFC 3339: the day as written, not moved to UTC */
    assert_true(cm_day_parse_iso("2021-08-15T23:10:00+04:30", 25, &d));
    assert_int_equal(d, D("2021-08-15"));
    assert_true(cm_day_parse_iso("2021-08-15", 10, &d));
    assert_false(cm_day_parse_iso("2021-08-155", 11, &d));
    assert_false(cm_day_parse_iso("15.08.2021", 10, &d));
}

static void test_charset(void **state)
{
    (void)state;
    char name[40];
    const char *x = "<?xml version='1.0' encoding='ISO-8859-1'?><rss/>";
    assert_true(cm_charset_declared(x, strlen(x), false, name));
    assert_string_equal(name, "WINDOWS-1252"); /* WHATWG: Latin-1 is read as windows-1252 */
    const char *m1 = "<html><head><META charset=\"windows-1256\">";
    assert_true(cm_charset_declared(m1, strlen(m1), true, name));
    assert_string_equal(name, "WINDOWS-1256");
    const char *m2 = "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=koi8-r\">";
    assert_true(cm_charset_declared(m2, strlen(m2), true, name));
    assert_string_equal(name, "KOI8-R");
    assert_false(cm_charset_declared(m2, strlen(m2), false, name)); /* XML ignores meta */

    /* Latin-1: each byte maps back; "é" is two UTF-8 bytes from one */
    const char *l1 = "<meta charset=latin1>caf\xE9 \x80!";
    cm_charset_text t;
    assert_int_equal(cm_charset_to_utf8(ctx, "l1.html", l1, strlen(l1), true, false, &t), CM_OK);
    assert_string_equal(t.text, "<meta charset=latin1>caf\xC3\xA9 \xE2\x82\xAC!"); /* 0x80: the euro sign */
    assert_int_equal(cm_offmap_start(&t.map, 24), 24);
    assert_int_equal(cm_offmap_end(&t.map, 26), 25);
    assert_int_equal(cm_offmap_start(&t.map, 27), 26);
    assert_int_equal(t.invalid, 0);
    cm_charset_text_free(&t);

    /* UTF-8 with a byte-order mark and a bad byte: the mark is not text, the
     * bad byte becomes U+FFFD and is counted */
    const char *u = "\xEF\xBB\xBFok \xFF ok";
    assert_int_equal(cm_charset_to_utf8(ctx, "u.html", u, strlen(u), true, false, &t), CM_OK);
    assert_string_equal(t.text, "ok \xEF\xBF\xBD ok");
    assert_int_equal(t.invalid, 1);
    assert_int_equal(cm_offmap_start(&t.map, 0), 3);
    assert_int_equal(cm_offmap_start(&t.map, 6), 7);
    cm_charset_text_free(&t);

    /* UTF-16LE by its mark */
    const char u16[] = "\xFF\xFE<\0p\0>\0K\0\xE9\0";
    assert_int_equal(cm_charset_to_utf8(ctx, "w.html", u16, sizeof u16 - 1, true, false, &t), CM_OK);
    assert_string_equal(t.text, "<p>K\xC3\xA9");
    assert_int_equal(cm_offmap_start(&t.map, 3), 8);
    cm_charset_text_free(&t);
}

static const char rss[] =
    "<?xml version=\"1.0\"?>\n"
    "<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\">\n"
    "<channel><title>T</title><language>en-US</language>\n"
    "<item><title>One &amp; two</title><link>https://example.org/1</link>\n"
    "<pubDate>Sun, 08 Aug 2021 18:30:00 +0430</pubDate>\n"
    "<description>The Taliban seized Kunduz &amp; Taloqan on Sunday.</description></item>\n"
    "<item xml:lang=\"id\"><guid>https://example.org/2</guid><pubDate>not a date</pubDate>\n"
    "<description>ringkas</description>\n"
    "<content:encoded><![CDATA[<p>Taliban merebut\r\nkota Ghazni.</p><p>Kedua</p>]]></content:encoded></item>\n"
    "</channel></rss>\n";

static void test_rss(void **state)
{
    (void)state;
    cm_feed *f;
    assert_int_equal(cm_feed_open(ctx, "dir/news.rss", rss, sizeof rss - 1, &f), CM_OK);
    assert_int_equal(cm_feed_count(f), 2);
    cm_doc d;
    cm_arena_reset(A);
    assert_int_equal(cm_feed_item(ctx, f, 0, A, &d), CM_OK);
    assert_string_equal(d.id, "news.rss#1");
    assert_string_equal(d.path, "dir/news.rss");
    assert_int_equal(d.line, 0);
    assert_string_equal(d.title, "One & two");
    assert_string_equal(d.url, "https://example.org/1");
    assert_string_equal(d.lang, "en");
    assert_int_equal(d.date, D("2021-08-08"));
    assert_string_equal(d.text, "The Taliban seized Kunduz & Taloqan on Sunday.");
    assert_string_equal(src_of(&d, rss, "The Taliban seized Kunduz"), "The Taliban seized Kunduz");
    assert_string_equal(src_of(&d, rss, "& Taloqan"), "&amp; Taloqan");

    size_t diags = cm_ctx_diag_count(ctx);
    assert_int_equal(cm_feed_item(ctx, f, 1, A, &d), CM_OK);
    assert_string_equal(d.id, "news.rss#2");
    assert_string_equal(d.url, "https://example.org/2"); /* a guid that is a URL */
    assert_string_equal(d.lang, "id");                   /* xml:lang before <language> */
    assert_int_equal(d.date, CM_DAY_NONE);               /* unreadable: said, then inferred */
    assert_int_equal(cm_ctx_diag_count(ctx), diags + 1);
    assert_null(strstr(d.text, "ringkas")); /* content:encoded before description */
    assert_null(strchr(d.text, '<'));       /* the HTML is blanked */
    assert_non_null(strstr(d.text, "Taliban merebut kota Ghazni."));
    assert_string_equal(src_of(&d, rss, "Taliban merebut kota Ghazni."), "Taliban merebut\r\nkota Ghazni.");
    cm_feed_free(f);
}

static const char atom[] =
    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
    "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"en-GB\"><title>A</title>\n"
    "<entry><title type=\"html\">&lt;b&gt;Kabul&lt;/b&gt;</title>\n"
    "<link rel=\"self\" href=\"https://e.net/self\"/><link rel=\"alternate\" href=\"https://e.net/a\"/>\n"
    "<updated>2021-08-16T08:00:00Z</updated><published>2021-08-15T23:10:00+04:30</published>\n"
    "<summary>s</summary><content type=\"html\">&lt;p&gt;Kabul fell.&lt;/p&gt;</content></entry>\n"
    "<entry><link href=\"https://e.net/b\"/><updated>2021-08-12T10:00:00Z</updated>\n"
    "<content type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\"><p>Herat <b>fell</b>.</p><p>Two &lt;b&gt;</p></div></content></entry>\n"
    "</feed>\n";

static void test_atom(void **state)
{
    (void)state;
    cm_feed *f;
    assert_int_equal(cm_feed_open(ctx, "a.atom", atom, sizeof atom - 1, &f), CM_OK);
    assert_int_equal(cm_feed_count(f), 2);
    cm_doc d;
    cm_arena_reset(A);
    assert_int_equal(cm_feed_item(ctx, f, 0, A, &d), CM_OK);
    assert_string_equal(d.title, "Kabul");
    assert_string_equal(d.url, "https://e.net/a");
    assert_string_equal(d.lang, "en");
    assert_int_equal(d.date, D("2021-08-15")); /* published before updated, as written */
    assert_non_null(strstr(d.text, "Kabul fell."));
    assert_string_equal(src_of(&d, atom, "Kabul fell."), "Kabul fell.");
    assert_int_equal(cm_feed_item(ctx, f, 1, A, &d), CM_OK);
    assert_string_equal(d.url, "https://e.net/b");
    assert_int_equal(d.date, D("2021-08-12")); /* updated when nothing else */
    assert_non_null(strstr(d.text, "Herat fell."));
    assert_non_null(strstr(d.text, "Two <b>")); /* xhtml: text stays text */
    assert_string_equal(src_of(&d, atom, "Two <b>"), "Two &lt;b&gt;");
    cm_feed_free(f);
}

static void test_bad_feeds(void **state)
{
    (void)state;
    cm_feed *f = NULL;
    cm_ctx *c = cm_ctx_new();
    const char *bad = "<rss><channel>\n<item><title>x</item>\n</channel></rss>";
    assert_int_equal(cm_feed_open(c, "b.xml", bad, strlen(bad), &f), CM_PARSE);
    assert_null(f);
    assert_non_null(strstr(cm_ctx_message(c), "b.xml:2: malformed XML"));
    cm_ctx_clear(c);
    const char *other = "<?xml version=\"1.0\"?>\n<catalog/>";
    assert_int_equal(cm_feed_open(c, "c.xml", other, strlen(other), &f), CM_PARSE);
    assert_non_null(strstr(cm_ctx_message(c), "c.xml:2: not an RSS or Atom feed (root element <catalog>)"));
    cm_ctx_clear(c);
    const char *xhtml = "<html xmlns=\"http://www.w3.org/1999/xhtml\"><body/></html>";
    assert_int_equal(cm_feed_open(c, "x.xml", xhtml, strlen(xhtml), &f), CM_NOTFOUND);
    assert_int_equal(cm_ctx_status(c), CM_OK);
    const char *empty = "";
    assert_int_equal(cm_feed_open(c, "e.xml", empty, 0, &f), CM_PARSE);
    cm_ctx_free(c);
}

/* An external entity is never read; an entity bomb is refused or left
 * unexpanded, quickly. */
static void test_hostile_xml(void **state)
{
    (void)state;
    cm_ctx *c = cm_ctx_new();
    cm_feed *f = NULL;
    const char *ext = "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [<!ENTITY x SYSTEM \"file:///etc/hostname\">]>\n"
                      "<rss><channel><item><description>a &x; b</description></item></channel></rss>";
    cm_status st = cm_feed_open(c, "ext.xml", ext, strlen(ext), &f);
    if (st == CM_OK) {
        cm_doc d;
        assert_int_equal(cm_feed_item(c, f, 0, A, &d), CM_OK);
        assert_true(d.len <= 5); /* "a  b" and nothing from the file */
        cm_feed_free(f);
    } else {
        assert_int_equal(st, CM_PARSE);
    }
    cm_ctx_clear(c);
    char bomb[4096] = "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [<!ENTITY a0 \"lollollollollollollollollollol\">\n";
    for (int i = 1; i < 10; i++) {
        char line[200];
        snprintf(line, sizeof line, "<!ENTITY a%d \"&a%d;&a%d;&a%d;&a%d;&a%d;&a%d;&a%d;&a%d;&a%d;&a%d;\">\n", i, i - 1,
                 i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1);
        strcat(bomb, line);
    }
    strcat(bomb, "]>\n<rss><channel><item><description>&a9;</description></item></channel></rss>");
    clock_t t0 = clock();
    st = cm_feed_open(c, "bomb.xml", bomb, strlen(bomb), &f);
    if (st == CM_OK) {
        cm_doc d;
        assert_int_equal(cm_feed_item(c, f, 0, A, &d), CM_OK);
        assert_true(d.len < 1000);
        cm_feed_free(f);
    } else {
        assert_int_equal(st, CM_PARSE);
    }
    assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 5.0); /* not 10^10 bytes */
    cm_ctx_free(c);
}

static char *slurp(const char *name, size_t *n)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/tests/cases/inputs/%s", CM_SOURCE_DIR, name);
    cm_buf b = {0};
    assert_int_equal(cm_file_read(ctx, path, 0, &b), CM_OK);
    *n = b.n;
    return cm_buf_take(&b);
}

static void test_page_boilerplate(void **state)
{
    (void)state;
    size_t n;
    char *p = slurp("page-boilerplate.html", &n);
    cm_doc d;
    cm_arena_reset(A);
    assert_int_equal(cm_page_parse(ctx, "saved/page-boilerplate.html", p, n, A, &d), CM_OK);
    assert_string_equal(d.id, "page-boilerplate.html");
    assert_string_equal(d.title, "Taliban capture Herat");                   /* og:title */
    assert_string_equal(d.url, "https://example.com/world/herat-falls");    /* canonical */
    assert_string_equal(d.lang, "en");
    assert_int_equal(d.date, D("2021-08-13"));                             /* <time> in the article */
    assert_non_null(strstr(d.text, "The Taliban captured Herat on Thursday, the city\xE2\x80\x99s council said."));
    assert_non_null(strstr(d.text, "Ismail Khan, a former governor, surrendered to the Taliban in the city."));
    const char *never[] = {"Kandahar", "Kabul", "Mazar", "Ghazni", "Lashkar", "Jalalabad", "Zaranj",
                           "Example News", "More from", "color"};
    for (size_t i = 0; i < sizeof never / sizeof *never; i++) {
        if (strstr(d.text, never[i])) fail_msg("boilerplate '%s' in the text: %s", never[i], d.text);
    }
    assert_string_equal(src_of(&d, p, "the city\xE2\x80\x99s council"), "the city&#8217;s council");
    assert_string_equal(src_of(&d, p, "governor, surrendered"), "governor,\n         surrendered");
    free(p);
}

static void test_page_charsets(void **state)
{
    (void)state;
    size_t n;
    char *p = slurp("page-latin1.html", &n);
    cm_doc d;
    cm_arena_reset(A);
    assert_int_equal(cm_page_parse(ctx, "page-latin1.html", p, n, A, &d), CM_OK);
    assert_string_equal(d.title, "Kundus gefallen - Nachrichten aus \xC3\x9C" "bersee");
    assert_string_equal(d.lang, "de");
    assert_int_equal(d.date, D("2021-08-09"));
    assert_int_equal(d.invalid, 0);
    assert_non_null(strstr(d.text, "teilten die Beh\xC3\xB6rden mit."));
    assert_null(strstr(d.text, "Startseite"));
    assert_null(strstr(d.text, "Rechte"));
    assert_string_equal(src_of(&d, p, "die Beh\xC3\xB6rden mit."), "die Beh\xF6rden mit.");
    free(p);

    p = slurp("page-cp1256.html", &n);
    assert_int_equal(cm_page_parse(ctx, "page-cp1256.html", p, n, A, &d), CM_OK);
    assert_string_equal(d.lang, "ar");
    assert_int_equal(d.date, D("2021-08-09")); /* JSON-LD datePublished */
    /* "قندوز": five letters, ten UTF-8 bytes, five bytes of the file */
    const char *kunduz = "\xD9\x82\xD9\x86\xD8\xAF\xD9\x88\xD8\xB2";
    const char *t = strstr(d.text, kunduz);
    assert_non_null(t);
    size_t fo, fl;
    cm_doc_span(&d, (size_t)(t - d.text), strlen(kunduz), &fo, &fl);
    assert_int_equal(fl, 5);
    assert_memory_equal(p + fo, "\xDE\xE4\xCF\xE6\xD2", 5);
    free(p);
}

static void put(const char *path, const char *s)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(s, f);
    fclose(f);
}

/* Extensions and sniffing; a malformed feed skipped, or refused under strict. */
static void test_reader(void **state)
{
    (void)state;
    char dir[] = "/tmp/cm_inputsXXXXXX";
    assert_non_null(mkdtemp(dir));
    char p[4200];
    snprintf(p, sizeof p, "%s/a.rss", dir);
    put(p, rss);
    snprintf(p, sizeof p, "%s/b.txt", dir); /* a page saved under another name */
    put(p, "\n<!DOCTYPE html><html><body><p>page text</p></body></html>");
    snprintf(p, sizeof p, "%s/c.bad.xml", dir);
    put(p, "<rss><channel><item></channel></rss>");
    snprintf(p, sizeof p, "%s/d.dat", dir); /* a feed without an extension that says so */
    put(p, "\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><content>atom text</content></entry></feed>");
    snprintf(p, sizeof p, "%s/e.htm", dir);
    put(p, "<p>The <b>plain</b> page</p>");
    snprintf(p, sizeof p, "%s/f.txt", dir);
    put(p, "date: 2021-08-01\n\n<p>scraped text</p>");
    const char *paths[] = {dir};
    cm_doc_reader *r;
    cm_doc_opts o = {0};
    cm_ctx *c = cm_ctx_new();
    assert_int_equal(cm_doc_reader_open(c, paths, 1, &o, &r), CM_OK);
    const char *want[][2] = {{"a.rss#1", "The Taliban"}, {"a.rss#2", "Taliban merebut"}, {"b.txt", "page text"},
                             {"d.dat#1", "atom text"},   {"e.htm", "The plain page"},    {"f.txt", "scraped text"}};
    for (size_t i = 0; i < 6; i++) {
        cm_doc d;
        bool got;
        cm_arena_reset(A);
        assert_int_equal(cm_doc_reader_next(r, c, A, &d, &got), CM_OK);
        assert_true(got);
        assert_string_equal(d.id, want[i][0]);
        if (!strstr(d.text, want[i][1])) fail_msg("%s: '%s' not in '%s'", d.id, want[i][1], d.text);
    }
    cm_doc d;
    bool got = true;
    assert_int_equal(cm_doc_reader_next(r, c, A, &d, &got), CM_OK);
    assert_false(got);
    assert_int_equal(cm_ctx_status(c), CM_OK);
    assert_true(cm_ctx_diag_count(c) >= 1); /* the skipped feed, said */
    cm_doc_reader_close(r);

    cm_doc_opts strict = {.strict = true};
    assert_int_equal(cm_doc_reader_open(c, paths, 1, &strict, &r), CM_OK);
    cm_status st = CM_OK;
    for (int i = 0; i < 10 && !st; i++) {
        cm_arena_reset(A);
        st = cm_doc_reader_next(r, c, A, &d, &got);
        if (!st && !got) break;
    }
    assert_int_equal(st, CM_PARSE);
    assert_non_null(strstr(cm_ctx_message(c), "c.bad.xml:1: malformed XML"));
    cm_doc_reader_close(r);
    cm_ctx_free(c);
    char cmd[4300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_offmap),     cmocka_unit_test(test_dates),
        cmocka_unit_test(test_charset),    cmocka_unit_test(test_rss),
        cmocka_unit_test(test_atom),       cmocka_unit_test(test_bad_feeds),
        cmocka_unit_test(test_hostile_xml), cmocka_unit_test(test_page_boilerplate),
        cmocka_unit_test(test_page_charsets), cmocka_unit_test(test_reader),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
