// labels: text
/* Unit tests for src/text/html: markup and references removed in place. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "text/html.h"

static void strip(const char *in, const char *want)
{
    char buf[512];
    size_t n = strlen(in);
    memcpy(buf, in, n + 1);
    cm_html_strip(buf, n);
    assert_int_equal(strlen(buf), n); /* nothing moves */
    if (strcmp(buf, want)) fail_msg("strip(%s) = [%s], want [%s]", in, buf, want);
}

static void test_strip(void **state)
{
    (void)state;
    strip("<p>Taliban merebut <b>Kunduz</b>.</p>", "\n  Taliban merebut    Kunduz    .\n   ");
    strip("A &amp; B &lt;x&gt; caf&#233; &#xE9;t&eacute;", "A &     B <   x>    caf\xC3\xA9     \xC3\xA9    t\xC3\xA9      ");
    strip("x<br/>y", "x\n    y");
    strip("<script>var a = '<b>';</script>Kabul", "                               Kabul");
    strip("a <!-- hidden --> b", "a                 b");
    strip("1 < 2 and 3 > 2 & so", "1 < 2 and 3 > 2 & so");
    strip("<a href=\"x>y\">link</a>", "              link    ");
    strip("&bogus; &#; &#x110000;", "&bogus; &#; \xEF\xBF\xBD       ");
    strip("<unterminated", "             ");
}

static void test_detect(void **state)
{
    (void)state;
    assert_true(cm_html_detect("x <p>y", 6));
    assert_true(cm_html_detect("a</div>", 7));
    assert_false(cm_html_detect("1 < 2 and 3 > 2", 15));
    assert_false(cm_html_detect("", 0));
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_strip), cmocka_unit_test(test_detect)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
