/* Unit tests for src/map/svgmin: path data relative and rounded, styles as
 * classes with #rrggbb colours, district outlines stored once and used by
 * their fill and by a path made of whole districts, other paths kept, and
 * text that is not SVG passed through. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/str.h"
#include "map/svgmin.h"

static const char doc[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100pt\" height=\"100pt\" viewBox=\"0 0 100 100\">\n"
    "<path id=\"AF0101\" class=\"district\" style=\"fill-rule:evenodd;fill:rgb(86.27451%,70.196078%,36.078431%);"
    "fill-opacity:0.701961;\" d=\"M 10.04 10 L 20.06 10 L 20.06 20 Z M 10.04 10 \"/>\n"
    "<path id=\"AF0102\" class=\"district\" style=\"fill-rule:evenodd;fill:rgb(24.705882%,58.823529%,33.72549%);\" "
    "d=\"M 20.06 10 L 30 10 L 30.01 10 L 30 20 L 20.06 20 Z M 20.06 10 \"/>\n"
    "<path style=\"fill:none;stroke-width:3.2;stroke:rgb(81.960784%,0%,41.568627%);\" d=\"M 10.04 10 L 20.06 10 L "
    "20.06 20 Z M 10.04 10 M 20.06 10 L 30 10 L 30.01 10 L 30 20 L 20.06 20 Z M 20.06 10 \"/>\n"
    "<path style=\"fill:none;stroke-width:3.2;stroke:rgb(81.960784%,0%,41.568627%);\" d=\"M 0 0 L -50.55 50.55 C "
    "1 2 3 4 5 6 \"/>\n"
    "<use xlink:href=\"#glyph0-1\" x=\"948.332031\" y=\"522.229492\"/>\n"
    "</svg>\n";

static char *mini(const char *in)
{
    cm_buf out = {0};
    assert_int_equal(cm_svgmin(in, strlen(in), 1, &out), CM_OK);
    return cm_buf_take(&out);
}

static void test_rewrite(void **state)
{
    (void)state;
    char *s = mini(doc);
    /* one class per distinct style, colours in hex, opacity to 3 places */
    assert_non_null(strstr(s, ".s0{fill-rule:evenodd;fill:#dcb35c;fill-opacity:.702;}"));
    assert_non_null(strstr(s, ".s1{fill-rule:evenodd;fill:#3f9656;}"));
    assert_non_null(strstr(s, ".s2{fill:none;stroke-width:3.2;stroke:#d1006a;}"));
    assert_null(strstr(s, ".s3{"));
    /* outlines once, relative, a tenth of a unit; the zero-length step gone */
    assert_non_null(strstr(s, "<path id=\"AF0101\" class=\"district\" d=\"M10 10l10.1 0 0 10z\"/>"));
    assert_non_null(strstr(s, "<path id=\"AF0102\" class=\"district\" d=\"M20.1 10l9.9 0 0 10-9.9 0z\"/>"));
    assert_non_null(strstr(s, "<use xlink:href=\"#AF0101\" class=\"s0\"/>"));
    assert_non_null(strstr(s, "<use xlink:href=\"#AF0102\" class=\"s1\"/>"));
    /* the changed outline: uses of the two districts in its class */
    assert_non_null(strstr(s, "<g class=\"s2\">\n<use xlink:href=\"#AF0101\"/>\n<use xlink:href=\"#AF0102\"/>\n</g>"));
    /* a path of anything else stays a path */
    assert_non_null(strstr(s, "<path class=\"s2\" d=\"M0 0l-50.6 50.6c51.6-48.6 53.6-46.6 55.6-44.6\"/>"));
    assert_non_null(strstr(s, "<use xlink:href=\"#glyph0-1\" x=\"948.33\" y=\"522.23\"/>"));
    assert_null(strstr(s, "rgb("));
    assert_null(strstr(s, "style=\""));
    free(s);
}

/* Path data Cairo does not write (relative, arcs) is kept as it is. */
static void test_foreign_path(void **state)
{
    (void)state;
    char *s = mini("<svg width=\"1\">\n<path style=\"fill:none;\" d=\"m 1.234 2 a 1 1 0 0 1 2 2 z\"/>\n</svg>\n");
    assert_non_null(strstr(s, "<path d=\"m 1.234 2 a 1 1 0 0 1 2 2 z\" class=\"s0\"/>"));
    free(s);
}

static void test_not_svg(void **state)
{
    (void)state;
    char *s = mini("no markup <here> at all");
    assert_string_equal(s, "no markup <here> at all");
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rewrite),
        cmocka_unit_test(test_foreign_path),
        cmocka_unit_test(test_not_svg),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
