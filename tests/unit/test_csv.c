/* test_csv: the RFC 4180 reader — quoted fields with commas, quotes and line
 * ends, CRLF and LF, a byte-order mark, blank lines — its faults (named by
 * line, the reader going on after them) and the field writer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "text/csv.h"

/* Reads every record of s; the fields of each joined by '|', records by '/',
 * a faulty record as "!line:err_line". */
static char *read_all(const char *s, cm_arena *a)
{
    static char out[1024];
    cm_csv r;
    cm_csv_row row;
    bool got;
    size_t k = 0;
    cm_csv_init(&r, s, strlen(s));
    for (;;) {
        cm_status st = cm_csv_next(&r, a, &row, &got);
        if (st == CM_PARSE) {
            k += (size_t)snprintf(out + k, sizeof out - k, "!%zu:%zu/", row.line, row.err_line);
            continue;
        }
        assert_int_equal(st, CM_OK);
        if (!got) break;
        for (size_t i = 0; i < row.nf; i++) {
            assert_int_equal(strlen(row.f[i]), row.len[i]);
            k += (size_t)snprintf(out + k, sizeof out - k, "%s%s", i ? "|" : "", row.f[i]);
        }
        k += (size_t)snprintf(out + k, sizeof out - k, "/");
    }
    out[k] = 0;
    return out;
}

static void test_records(void **state)
{
    (void)state;
    cm_arena *a = cm_arena_new();
    assert_string_equal(read_all("a,b,c\n1,2,3\n", a), "a|b|c/1|2|3/");
    assert_string_equal(read_all("a,b\r\n1,2\r\n", a), "a|b/1|2/");
    assert_string_equal(read_all("a,b\n1,2", a), "a|b/1|2/");           /* no line end at the end */
    assert_string_equal(read_all("\xEF\xBB\xBF" "a,b\n", a), "a|b/");    /* BOM skipped */
    assert_string_equal(read_all("a\n\n\r\nb\n", a), "a/b/");             /* blank lines */
    assert_string_equal(read_all(",,\n", a), "||/");                      /* empty fields */
    assert_string_equal(read_all("\"x, y\",\"he said \"\"no\"\"\"\n", a), "x, y|he said \"no\"/");
    assert_string_equal(read_all("\"two\nlines\",z\r\nnext,row\r\n", a), "two\nlines|z/next|row/");
    assert_string_equal(read_all("\"\",\"\"\"\"\n", a), "|\"/");
    assert_string_equal(read_all("a\rb,c\n", a), "a\rb|c/");              /* a lone CR is text */
    cm_arena_free(a);
}

static void test_faults(void **state)
{
    (void)state;
    cm_arena *a = cm_arena_new();
    /* the faulty record is reported with its line; the next one is read */
    assert_string_equal(read_all("a,b\n1,x\"y\n3,4\n", a), "a|b/!2:2/3|4/");
    assert_string_equal(read_all("a,b\n\"1\"x,2\n3,4\n", a), "a|b/!2:2/3|4/");
    /* a quoted field over two lines, faulty on the second */
    assert_string_equal(read_all("h\n\"a\nb\"c\nd\n", a), "h/!2:3/d/");
    /* a quote never closed swallows the rest */
    assert_string_equal(read_all("h\n\"open,\nmore\n", a), "h/!2:2/");
    assert_string_equal(read_all("a,\0b\nc\n", a), "a|/"); /* strlen stops at the NUL */
    cm_csv r;
    cm_csv_row row;
    bool got;
    const char nul[] = "a,b\0c\nd\n";
    cm_csv_init(&r, nul, sizeof nul - 1);
    assert_int_equal(cm_csv_next(&r, a, &row, &got), CM_PARSE);
    assert_string_equal(row.err, "a NUL byte");
    assert_int_equal(cm_csv_next(&r, a, &row, &got), CM_OK);
    assert_true(got);
    assert_string_equal(row.f[0], "d");
    assert_int_equal(row.line, 2);
    cm_arena_free(a);
}

static void test_offsets(void **state)
{
    (void)state;
    cm_arena *a = cm_arena_new();
    const char *s = "id,notes\r\n7,\"q\"\"x\"\n";
    cm_csv r;
    cm_csv_row row;
    bool got;
    cm_csv_init(&r, s, strlen(s));
    assert_int_equal(cm_csv_next(&r, a, &row, &got), CM_OK);
    assert_int_equal(cm_csv_next(&r, a, &row, &got), CM_OK);
    assert_int_equal(row.line, 2);
    assert_int_equal(row.start, 10);
    assert_int_equal(row.off[1], 13); /* after the opening quote */
    assert_string_equal(row.f[1], "q\"x");
    cm_arena_free(a);
}

static void test_put(void **state)
{
    (void)state;
    cm_buf b = {0};
    assert_int_equal(cm_csv_put(&b, "plain", 5), CM_OK);
    assert_int_equal(cm_buf_putc(&b, ','), CM_OK);
    assert_int_equal(cm_csv_put(&b, "a, \"b\"\nc", 8), CM_OK);
    assert_int_equal(cm_buf_putc(&b, ','), CM_OK);
    assert_int_equal(cm_csv_put(&b, " pad", 4), CM_OK);
    assert_string_equal(b.p, "plain,\"a, \"\"b\"\"\nc\",\" pad\"");
    /* and back */
    cm_arena *a = cm_arena_new();
    assert_string_equal(read_all(b.p, a), "plain|a, \"b\"\nc| pad/");
    cm_arena_free(a);
    cm_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_records), cmocka_unit_test(test_faults), cmocka_unit_test(test_offsets),
        cmocka_unit_test(test_put)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
