// labels: out
/* Unit tests for src/map/viewer: the page's data, escaping and errors. */
#define _DEFAULT_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/file.h"
#include "map/viewer.h"

static cm_day D(const char *s)
{
    cm_day d;
    assert_true(cm_day_parse(s, strlen(s), &d));
    return d;
}

static void test_page(void **state)
{
    (void)state;
    char dir[] = "/tmp/cmviewXXXXXX";
    assert_non_null(mkdtemp(dir));
    char ev[256], page[256];
    snprintf(ev, sizeof ev, "%s/events.jsonl", dir);
    snprintf(page, sizeof page, "%s/index.html", dir);
    const char *claims =
        "{\"doc\":\"a.txt\",\"date\":\"2021-08-20\",\"place\":\"Andarab\",\"pcode\":\"AF0907\",\"actor\":\"resistance\","
        "\"action\":\"retake\",\"controller\":\"resistance\",\"sentence\":\"They retook </script><b>Andarab</b> \xd8\xa7\xd9\x86\xd8\xaf\xd8\xb1\xd8\xa7\xd8\xa8 \xf0\x9f\x98\x80.\","
        "\"date_precision\":1,\"negated\":false}\n"
        "{\"doc\":\"b.txt\",\"date\":\"2021-07-01\",\"place\":\"Kabul\",\"action\":\"hold\"}\n";
    cm_ctx *ctx = cm_ctx_new();
    assert_int_equal(cm_file_write(ctx, ev, claims, strlen(claims)), CM_OK);
    cm_profile *prof = NULL;
    assert_int_equal(cm_profile_load(ctx, "afghanistan", CM_SOURCE_DIR, &prof), CM_OK);
    cm_timeline *tl = cm_timeline_new(prof);
    cm_tl_fact f = {.pcode = "AF0907", .ctrl = 3 /* resistance */, .from = D("2021-08-20"), .to = CM_DAY_NONE, .source = "a.txt", .confidence = 1};
    assert_int_equal(cm_timeline_add(tl, ctx, &f), CM_OK);
    const char *pcodes[] = {"AF0907", "AF0101"};
    cm_viewer_doc docs[] = {{.id = "a.txt", .url = "https://example.org/a", .title = "A"}};
    cm_viewer v = {.title = "Test <series> \xc3\xbc", .from = D("2021-08-19"), .to = D("2021-08-21"), .frames = "maps",
                   .ext = ".png", .events_jsonl = ev, .tl = tl, .pcodes = pcodes, .npcodes = 2,
                   .geometry_json = "{\"u\":25,\"w\":10,\"h\":10,\"arcs\":[],\"d\":[],\"pv\":[],\"nb\":[]}",
                   .docs = docs, .ndocs = 1, .profile = prof};
    assert_int_equal(cm_viewer_write(ctx, page, &v), CM_OK);
    cm_buf b = {0};
    assert_int_equal(cm_file_read(ctx, page, 0, &b), CM_OK);
    assert_non_null(strstr(b.p, "\"day0\":\"2021-08-19\",\"ndays\":3"));
    /* Claims in day order, days counted from the first of the series (the
     * one before it stays: a period's history may quote it). */
    assert_non_null(strstr(b.p, "\"claims\":[{\"d\":-49,\"doc\":1,\"place\":\"Kabul\""));
    assert_non_null(strstr(b.p, "{\"d\":1,\"doc\":0,\"place\":\"Andarab\""));
    assert_non_null(strstr(b.p, "\"docs\":[{\"id\":\"a.txt\",\"url\":\"https://example.org/a\",\"title\":\"A\"},{\"id\":\"b.txt\"}]"));
    assert_non_null(strstr(b.p, "\\u003c/script>"));
    assert_non_null(strstr(b.p, "<title>Test &lt;series> &#252;</title>"));
    /* The page is ASCII: the data's characters past it as \u escapes, a
     * surrogate pair past U+FFFF. */
    for (size_t i = 0; i < b.n; i++) assert_true((unsigned char)b.p[i] < 0x80);
    assert_non_null(strstr(b.p, "\\u003cb>Andarab\\u003c/b> \\u0627\\u0646\\u062f\\u0631\\u0627\\u0628 \\ud83d\\ude00."));
    assert_non_null(strstr(b.p, "<script type=\"application/json\" id=\"names\">null</script>"));
    /* Andarab's period: from day 1, open, resistance (3), last report day 1,
     * confidence, its own news, no claim ids, source a.txt (doc 0). */
    assert_non_null(strstr(b.p, "\"periods\":[[[1,null,3,1,1.00,1,[],[0]]],[]]"));
    /* The control as change lists: on day 1 district 0 becomes 3. */
    assert_non_null(strstr(b.p, "\"ch\":[[1,0,3]]"));
    assert_non_null(strstr(b.p, "\"rp\":[[1],[]]"));
    /* The sides of the profile, with the style's colours, and contested's number. */
    assert_non_null(strstr(b.p, "{\"c\":3,\"id\":\"resistance\",\"label\":\"Resistance (NRF)\","
                                "\"color\":\"rgba(63,150,86,1)\",\"ground\":true}"));
    assert_non_null(strstr(b.p, "\"id\":\"isis\",\"label\":\"Islamic State Khorasan\",\"color\":\"rgba(127,127,127,1)\","
                                "\"ground\":false}"));
    assert_non_null(strstr(b.p, "],\"contested\":15,\"unit\":\"district\",\"region\":\"province\""));
    assert_non_null(strstr(b.p, "\"contested\":\"rgba(245,234,214,1)\""));
    assert_null(strstr(b.p, "\"taliban\":\"rgba(")); /* the sides are not style keys of the page */
    /* Exactly one closing script tag per script element: the data cannot end it early. */
    int n = 0;
    for (const char *p = b.p; (p = strstr(p, "</script>")); p++) n++;
    assert_int_equal(n, 4); /* the data, the name table, two of code */
    cm_buf_free(&b);
    /* Errors name the file. */
    v.to = D("2021-08-01");
    assert_int_equal(cm_viewer_write(ctx, page, &v), CM_RANGE);
    cm_ctx_clear(ctx);
    v.to = D("2021-08-21");
    v.events_jsonl = "/nonexistent/events.jsonl";
    assert_int_equal(cm_viewer_write(ctx, page, &v), CM_IO);
    assert_non_null(strstr(cm_ctx_message(ctx), "/nonexistent/events.jsonl"));
    cm_timeline_free(tl);
    cm_profile_free(prof);
    cm_ctx_free(ctx);
    unlink(ev);
    unlink(page);
    assert_int_equal(rmdir(dir), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_page)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
