// labels: core
/* Unit tests for src/map/style: colour parsing, the key = value file, its
 * errors (file and line named), and that docs/style.md documents every key. */
#define _DEFAULT_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/file.h"
#include "core/str.h"
#include "map/style.h"

static void test_rgba(void **state)
{
    (void)state;
    cm_rgba c;
    assert_true(cm_rgba_parse("#ff0000", &c));
    assert_true(c.r == 1 && c.g == 0 && c.b == 0 && c.a == 1);
    assert_true(cm_rgba_parse("#00FF0080", &c));
    assert_true(c.g == 1 && fabs(c.a - 128 / 255.0) < 1e-12);
    assert_false(cm_rgba_parse("#ff00", &c));
    assert_false(cm_rgba_parse("ff0000", &c));
    assert_false(cm_rgba_parse("#gg0000", &c));
    assert_false(cm_rgba_parse("#ff00000", &c));
    assert_false(cm_rgba_parse("", &c));
}

static void test_defaults(void **state)
{
    (void)state;
    cm_style s;
    cm_style_default(&s);
    assert_string_equal(s.font, "DejaVu Sans");
    assert_true(s.province_w > s.district_w); /* provinces heavier than districts */
    assert_true(s.country_w > s.province_w);
    /* the three controllers and "none" are told apart */
    const cm_rgba *c[4] = {&s.taliban, &s.government, &s.resistance, &s.none};
    for (int i = 0; i < 4; i++)
        for (int j = i + 1; j < 4; j++)
            assert_true(fabs(c[i]->r - c[j]->r) + fabs(c[i]->g - c[j]->g) + fabs(c[i]->b - c[j]->b) > 0.3);
}

static char *tmpfile_with(const char *text)
{
    static char path[64];
    snprintf(path, sizeof path, "/tmp/cm_style_XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    return path;
}

static void test_file(void **state)
{
    (void)state;
    cm_ctx *ctx = cm_ctx_new();
    cm_style s;
    cm_style_default(&s);
    char *p = tmpfile_with("# a comment\n\n  color.taliban = #102030  \n; another\nwidth.province=2.5\r\n"
                           "font.family = Noto Sans\nsize.title = 40\n");
    assert_int_equal(cm_style_load(&s, ctx, p), CM_OK);
    assert_true(fabs(s.taliban.r - 0x10 / 255.0) < 1e-12 && fabs(s.taliban.b - 0x30 / 255.0) < 1e-12);
    assert_true(s.province_w == 2.5);
    assert_string_equal(s.font, "Noto Sans");
    assert_true(s.title_size == 40);
    unlink(p);

    struct {
        const char *text, *needle;
    } bad[] = {
        {"color.taliban = #102030\ncolor.talibam = #000000\n", ":2: unknown style key 'color.talibam'"},
        {"color.none = grey\n", ":1: color.none wants a colour"},
        {"width.district = -1\n", ":1: width.district wants a non-negative number"},
        {"size.title = 0\n", ":1: size.title wants a positive number"},
        {"size.title = 12px\n", ":1: size.title wants"},
        {"\n\njust words\n", ":3: expected 'key = value'"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        cm_ctx_clear(ctx);
        cm_style_default(&s);
        p = tmpfile_with(bad[i].text);
        assert_int_equal(cm_style_load(&s, ctx, p), CM_PARSE);
        if (!strstr(cm_ctx_message(ctx), bad[i].needle) || !strstr(cm_ctx_message(ctx), p))
            fail_msg("'%s' lacks '%s'", cm_ctx_message(ctx), bad[i].needle);
        unlink(p);
    }
    cm_ctx_clear(ctx);
    assert_int_equal(cm_style_load(&s, ctx, "/nonexistent/style"), CM_IO);
    cm_ctx_free(ctx);
}

static void test_documented(void **state)
{
    (void)state;
    const char *src = getenv("CM_SOURCE");
    char path[4096];
    snprintf(path, sizeof path, "%s/docs/style.md", src ? src : ".");
    cm_ctx *ctx = cm_ctx_new();
    cm_buf b = {0};
    assert_int_equal(cm_file_read(ctx, path, 0, &b), CM_OK);
    size_t n = 0;
    for (const char *k; (k = cm_style_key(n)); n++) {
        char tick[80];
        snprintf(tick, sizeof tick, "`%s`", k);
        if (!strstr(b.p, tick)) fail_msg("docs/style.md does not document %s", k);
        /* and the key is accepted by the parser */
        cm_style s;
        cm_style_default(&s);
        cm_status st = cm_style_set(&s, ctx, k, strncmp(k, "color.", 6) ? (strncmp(k, "font.", 5) ? "3" : "Noto Sans") : "#123456");
        assert_int_equal(st, CM_OK);
    }
    assert_true(n >= 40);
    cm_buf_free(&b);
    cm_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rgba),
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_file),
        cmocka_unit_test(test_documented),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
