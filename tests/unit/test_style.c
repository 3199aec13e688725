// labels: core
/* Unit tests for src/map/style: colour parsing, the key = value file, its
 * errors (file and line named), that docs/style.md documents every key, and
 * the sides' colours from the profile with their keys color.ID. */
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

static cm_profile *AFP; /* the afghanistan profile */

static int setup(void **state)
{
    (void)state;
    cm_ctx *ctx = cm_ctx_new();
    cm_status st = cm_profile_load(ctx, "afghanistan", CM_SOURCE_DIR, &AFP);
    cm_ctx_free(ctx);
    return st ? -1 : 0;
}

static int teardown(void **state)
{
    (void)state;
    cm_profile_free(AFP);
    return 0;
}

static cm_rgba ctrl(const cm_style *s, const char *id)
{
    return cm_style_ctrl_fill(s, cm_profile_ctrl_parse(AFP, id, strlen(id)));
}

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
    cm_style_default(&s, AFP);
    assert_string_equal(s.font, "DejaVu Sans");
    assert_true(s.province_w > s.district_w); /* provinces heavier than districts */
    assert_true(s.country_w > s.province_w);
    /* the three controllers and "none" are told apart */
    const cm_rgba c[4] = {ctrl(&s, "taliban"), ctrl(&s, "government"), ctrl(&s, "resistance"), s.none};
    for (int i = 0; i < 4; i++)
        for (int j = i + 1; j < 4; j++)
            assert_true(fabs(c[i].r - c[j].r) + fabs(c[i].g - c[j].g) + fabs(c[i].b - c[j].b) > 0.3);
    /* the sides' colours are the profile's: taliban #dcb35c */
    assert_int_equal(s.nsides, cm_profile_side_count(AFP));
    assert_string_equal(s.side_id[0], "taliban");
    assert_true(fabs(c[0].r - 0xdc / 255.0) < 1e-12 && fabs(c[0].g - 0xb3 / 255.0) < 1e-12 &&
                fabs(c[0].b - 0x5c / 255.0) < 1e-12 && c[0].a == 1);
    /* contested and none, and numbers past the sides */
    cm_rgba k = cm_style_ctrl_fill(&s, CM_CTRL_CONTESTED);
    assert_true(k.r == s.contested.r && k.g == s.contested.g);
    k = cm_style_ctrl_fill(&s, CM_CTRL_NONE);
    assert_true(k.r == s.none.r && k.b == s.none.b);
    k = cm_style_ctrl_fill(&s, (cm_controller)(s.nsides + 1));
    assert_true(k.r == s.none.r && k.b == s.none.b);
    /* without a profile: no sides, and no side keys */
    cm_style_default(&s, NULL);
    assert_int_equal(s.nsides, 0);
    cm_ctx *ctx = cm_ctx_new();
    assert_int_equal(cm_style_set(&s, ctx, "color.taliban", "#000000"), CM_NOTFOUND);
    cm_ctx_free(ctx);
}

/* color.ID for every side of a profile with four; a fixed key wins over a
 * side of the same name. */
static void test_side_keys(void **state)
{
    (void)state;
    static const char four[] = "profile\tfour\ncountry\tXX\tNowhere\n"
                               "layer\tcountry\tadm0\tname.en=N\nlayer\tunit\tadm2\tcode=C\tname.en=N\n"
                               "side\tnorth\t#ff0000\tground\tNorth\nside\teast\t#00ff00\tground\tEast\n"
                               "side\tneighbour\t#0000ff\tground\tSouth\nside\twest\t#ff00ff80\tground\tWest\n";
    cm_ctx *ctx = cm_ctx_new();
    cm_profile *p = NULL;
    if (cm_profile_parse(ctx, "/tmp", "/tmp", four, sizeof four - 1, &p)) fail_msg("%s", cm_ctx_message(ctx));
    cm_style s;
    cm_style_default(&s, p);
    assert_int_equal(s.nsides, 4);
    cm_rgba w = cm_style_ctrl_fill(&s, 4);
    assert_true(w.r == 1 && w.g == 0 && w.b == 1 && fabs(w.a - 128 / 255.0) < 1e-12);
    assert_int_equal(cm_style_set(&s, ctx, "color.west", "#102030"), CM_OK);
    w = cm_style_ctrl_fill(&s, 4);
    assert_true(fabs(w.r - 0x10 / 255.0) < 1e-12 && w.a == 1);
    assert_int_equal(cm_style_set(&s, ctx, "color.west", "purple"), CM_PARSE);
    assert_non_null(strstr(cm_ctx_message(ctx), "color.west wants a colour"));
    /* "neighbour" is a fixed key: it sets the neighbouring countries */
    assert_int_equal(cm_style_set(&s, ctx, "color.neighbour", "#010203"), CM_OK);
    assert_true(fabs(s.neighbour.r - 1 / 255.0) < 1e-12);
    assert_true(cm_style_ctrl_fill(&s, 3).b == 1);
    /* another profile's side is an unknown key, named with file and line */
    char path[] = "/tmp/cm_style_XXXXXX";
    int fd = mkstemp(path);
    const char *text = "color.north = #000000\ncolor.taliban = #102030\n";
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    cm_ctx_clear(ctx);
    assert_int_equal(cm_style_load(&s, ctx, path), CM_PARSE);
    assert_non_null(strstr(cm_ctx_message(ctx), ":2: unknown style key 'color.taliban'"));
    assert_true(cm_style_ctrl_fill(&s, 1).r == 0);
    unlink(path);
    cm_profile_free(p);
    cm_ctx_free(ctx);
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
    cm_style_default(&s, AFP);
    char *p = tmpfile_with("# a comment\n\n  color.taliban = #102030  \n; another\nwidth.province=2.5\r\n"
                           "font.family = Noto Sans\nsize.title = 40\n");
    assert_int_equal(cm_style_load(&s, ctx, p), CM_OK);
    cm_rgba t = ctrl(&s, "taliban");
    assert_true(fabs(t.r - 0x10 / 255.0) < 1e-12 && fabs(t.b - 0x30 / 255.0) < 1e-12);
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
        cm_style_default(&s, AFP);
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
        cm_style_default(&s, AFP);
        cm_status st = cm_style_set(&s, ctx, k, strncmp(k, "color.", 6) ? (strncmp(k, "font.", 5) ? "3" : "Noto Sans") : "#123456");
        assert_int_equal(st, CM_OK);
    }
    assert_true(n >= 38);
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
        cmocka_unit_test(test_side_keys),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
