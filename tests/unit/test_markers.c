// labels: core
/* Unit tests for src/map/markers: plain markers and claim records (only
 * those of the rendered date; negated and month-dated claims skipped;
 * records without coordinates counted as diagnostics), and the errors. */
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

#include "core/day.h"
#include "map/markers.h"

static char *tmp_with(const char *text)
{
    static char path[64];
    snprintf(path, sizeof path, "/tmp/cm_markers_XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    return path;
}

static void test_load(void **state)
{
    (void)state;
    cm_ctx *ctx = cm_ctx_new();
    cm_day day;
    assert_true(cm_day_parse("2021-08-21", 10, &day));
    char *p = tmp_with(
        "{\"lon\": 69.55, \"lat\": 35.32, \"action\": \"hold\", \"label\": \"Bazarak\"}\n"
        "\n"
        "{\"id\":\"d1:4\",\"date\":\"2021-08-21\",\"pcode\":\"AF0907\",\"place\":\"Andarab\",\"lon\":69.22,\"lat\":35.62,"
        "\"action\":\"Retake\",\"controller\":\"resistance\",\"negated\":false}\n"
        "{\"date\":\"2021-08-22\",\"place\":\"Banu\",\"lon\":69.1,\"lat\":35.6,\"action\":\"capture\"}\n"
        "{\"date\":\"2021-08-21\",\"place\":\"Shutul\",\"lon\":69.3,\"lat\":35.3,\"action\":\"capture\",\"negated\":true}\n"
        "{\"date\":\"2021-08\",\"place\":\"Panjshir\",\"lon\":69.5,\"lat\":35.4,\"action\":\"siege\"}\n"
        /* an undated claim ("fell in 2015") is on no day's map */
        "{\"date\":null,\"place\":\"Kunduz\",\"lon\":68.86,\"lat\":36.73,\"action\":\"capture\"}\n"
        "{\"date\":\"2021-08-21\",\"place\":\"Somewhere\",\"action\":\"clash\"}\n");
    cm_markers *m = NULL;
    assert_int_equal(cm_markers_load(ctx, p, day, &m), CM_OK);
    assert_int_equal(cm_markers_count(m), 2);
    const cm_marker *v = cm_markers_get(m);
    assert_int_equal(v[0].action, CM_MARK_HOLD);
    assert_string_equal(v[0].label, "Bazarak");
    assert_int_equal(v[1].action, CM_MARK_RETAKE);
    assert_string_equal(v[1].label, "Andarab");
    assert_true(v[1].lon_deg == 69.22 && v[1].lat_deg == 35.62);
    assert_int_equal(cm_ctx_diag_count(ctx), 1); /* Somewhere: no coordinates */
    cm_markers_free(m);
    unlink(p);

    struct {
        const char *text, *needle;
    } bad[] = {
        {"{\"lon\": 69, \"lat\": 35, \"action\": \"hold\"}\n{\"lon\": 69, \"lat\": 35, \"action\": \"dance\"}\n",
         ":2: unknown action 'dance'"},
        {"{\"lon\": 69, \"lat\": 35, \"action\": \"hold\"\n", ":1: malformed JSON"},
        {"{\"lon\": 269, \"lat\": 35, \"action\": \"hold\"}\n", ":1: lon/lat"},
        {"{\"lon\": 69, \"lat\": 35}\n", ":1: no \"action\""},
        {"{\"lon\": 69, \"lat\": 35, \"action\": \"hold\", \"date\": \"21/08/2021\"}\n", ":1: malformed date"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        cm_ctx_clear(ctx);
        p = tmp_with(bad[i].text);
        m = (cm_markers *)1;
        assert_int_equal(cm_markers_load(ctx, p, day, &m), CM_PARSE);
        assert_null(m);
        if (!strstr(cm_ctx_message(ctx), bad[i].needle)) fail_msg("'%s' lacks '%s'", cm_ctx_message(ctx), bad[i].needle);
        unlink(p);
    }
    cm_ctx_clear(ctx);
    assert_int_equal(cm_markers_load(ctx, "/nonexistent/events.jsonl", day, &m), CM_IO);
    cm_markers_free(NULL);
    assert_int_equal(cm_markers_count(NULL), 0);
    cm_ctx_free(ctx);
}

static void test_names(void **state)
{
    (void)state;
    cm_mark_action a;
    for (int i = 0; i < CM_MARK_COUNT; i++) {
        const char *n = cm_mark_action_name((cm_mark_action)i);
        assert_true(cm_mark_action_parse(n, strlen(n), &a));
        assert_int_equal(a, i);
    }
    assert_true(cm_mark_action_parse("WITHDRAW", 8, &a));
    assert_int_equal(a, CM_MARK_WITHDRAW);
    assert_false(cm_mark_action_parse("hol", 3, &a));
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_load), cmocka_unit_test(test_names)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
