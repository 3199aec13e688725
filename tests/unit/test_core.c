// labels: core
/* Unit tests for src/core: str, utf8, day, json, file, arena, status. */
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

#include "core/arena.h"
#include "core/day.h"
#include "core/file.h"
#include "core/json.h"
#include "core/str.h"

static void test_day_roundtrip(void **state)
{
    (void)state;
    cm_day d;
    assert_true(cm_day_from_ymd(1970, 1, 1, &d));
    assert_int_equal(d, 0);
    assert_true(cm_day_parse("2021-08-15", 10, &d));
    char buf[11];
    cm_day_format(d, buf);
    assert_string_equal(buf, "2021-08-15");
    assert_int_equal(cm_day_weekday(d), 6); /* a Sunday */
    assert_true(cm_day_parse("2021-08-20", 10, &d));
    assert_int_equal(cm_day_weekday(d), 4); /* a Friday */
    assert_false(cm_day_parse("2021-02-29", 10, &d));
    assert_true(cm_day_parse("2020-02-29", 10, &d));
    assert_false(cm_day_parse("2021-13-01", 10, &d));
    assert_false(cm_day_parse("2021-8-15", 9, &d));
    assert_false(cm_day_parse("2021/08/15", 10, &d));
    for (cm_day k = -719000; k < 2900000; k += 997) {
        int y, m, dd;
        cm_day back;
        cm_day_to_ymd(k, &y, &m, &dd);
        assert_true(cm_day_from_ymd(y, m, dd, &back));
        assert_int_equal(back, k);
    }
}

static void test_utf8(void **state)
{
    (void)state;
    uint32_t cp;
    assert_int_equal(cm_utf8_decode((const unsigned char *)"\xC3\xA9", 2, &cp), 2);
    assert_int_equal(cp, 0xE9);
    assert_int_equal(cm_utf8_decode((const unsigned char *)"\xC0\xAF", 2, &cp), 0);     /* overlong */
    assert_int_equal(cm_utf8_decode((const unsigned char *)"\xED\xA0\x80", 3, &cp), 0); /* surrogate */
    assert_int_equal(cm_utf8_decode((const unsigned char *)"\xE2\x82", 2, &cp), 0);     /* truncated */
    assert_int_equal(cm_utf8_check("ab\xFF" "c", 4), 2);
    assert_int_equal(cm_utf8_check("Ḩişār", strlen("Ḩişār")), strlen("Ḩişār"));
    char out[4];
    assert_int_equal(cm_utf8_encode(0x1F600, out), 4);
    assert_int_equal(cm_utf8_decode((unsigned char *)out, 4, &cp), 4);
    assert_int_equal(cp, 0x1F600);
}

static void test_buf_json(void **state)
{
    (void)state;
    cm_buf b = {0};
    assert_int_equal(cm_buf_json_str(&b, "a\"b\\\n\x01\xFF", 7), CM_OK);
    assert_string_equal(b.p, "\"a\\\"b\\\\\\n\\u0001\xEF\xBF\xBD\"");
    cm_buf_clear(&b);
    assert_int_equal(cm_buf_printf(&b, "%d-%s", 42, "x"), CM_OK);
    assert_string_equal(b.p, "42-x");
    cm_buf_free(&b);
    size_t r;
    assert_false(cm_size_mul(SIZE_MAX / 2, 3, &r));
    assert_true(cm_size_mul(1000, 1000, &r));
}

static void test_json_parse(void **state)
{
    (void)state;
    cm_arena *a = cm_arena_new();
    cm_json_obj o;
    size_t off = 0;
    const char *line = " {\"pcode\":\"AF08\",\"n\":-1.5e2,\"ok\":true,\"x\":null,"
                       "\"arr\":[1,{\"a\":[]}],\"s\":\"\\u00e9\\ud83d\\ude00\"} ";
    assert_int_equal(cm_json_parse_object(line, strlen(line), a, &o, &off), CM_OK);
    assert_string_equal(cm_json_get_str(&o, "pcode"), "AF08");
    double v;
    assert_true(cm_json_get_num(&o, "n", &v));
    assert_true(v == -150.0);
    assert_int_equal(cm_json_get(&o, "ok")->kind, CM_JSON_BOOL);
    assert_int_equal(cm_json_get(&o, "x")->kind, CM_JSON_NULL);
    assert_string_equal(cm_json_get(&o, "arr")->str, "[1,{\"a\":[]}]");
    assert_string_equal(cm_json_get_str(&o, "s"), "\xC3\xA9\xF0\x9F\x98\x80");
    const char *bad[] = {"", "{", "{\"a\":}", "{\"a\":1,}", "[1]", "{\"a\":1} x", "{\"a\":\"\\ud800\"}",
                         "{\"a\":01}", "{\"a\":\"\x01\"}", "{\"a\":\"\xFF\"}", "{\"a\":tru}"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        assert_int_equal(cm_json_parse_object(bad[i], strlen(bad[i]), a, &o, &off), CM_PARSE);
    const char *col = "{\"a\":1,\"b\":x}";
    assert_int_equal(cm_json_parse_object(col, strlen(col), a, &o, &off), CM_PARSE);
    assert_int_equal(off, 11);
    /* Deep nesting is refused, not a stack overflow. */
    char deep[400];
    size_t k = 0;
    k += (size_t)sprintf(deep, "{\"a\":");
    for (int i = 0; i < 100; i++) deep[k++] = '[';
    for (int i = 0; i < 100; i++) deep[k++] = ']';
    deep[k++] = '}';
    assert_int_equal(cm_json_parse_object(deep, k, a, &o, &off), CM_PARSE);
    cm_arena_free(a);
}

static void test_atomic_write(void **state)
{
    (void)state;
    cm_ctx *ctx = cm_ctx_new();
    char dir[] = "/tmp/cmtestXXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/out.txt", dir);
    assert_int_equal(cm_file_write(ctx, path, "hello", 5), CM_OK);
    cm_buf b = {0};
    assert_int_equal(cm_file_read(ctx, path, 0, &b), CM_OK);
    assert_string_equal(b.p, "hello");
    cm_buf_free(&b);
    /* An aborted write leaves the old file and no temporary. */
    cm_out o;
    assert_int_equal(cm_out_open(ctx, path, &o), CM_OK);
    fputs("partial", o.fp);
    cm_out_abort(&o);
    assert_int_equal(cm_file_read(ctx, path, 0, &b), CM_OK);
    assert_string_equal(b.p, "hello");
    cm_buf_free(&b);
    /* A missing folder is an I/O error naming the path. */
    char bad[300];
    snprintf(bad, sizeof bad, "%s/no/such/out.txt", dir);
    assert_int_equal(cm_file_write(ctx, bad, "x", 1), CM_IO);
    assert_non_null(strstr(cm_ctx_message(ctx), bad));
    cm_ctx_clear(ctx);
    /* A full disk is reported at commit, and nothing is left behind. */
    if (access("/dev/full", W_OK) == 0) {
        FILE *fp = fopen("/dev/full", "w");
        assert_non_null(fp);
        fclose(fp);
    }
    assert_int_equal(cm_file_read(ctx, dir, 0, &b), CM_IO); /* a folder */
    cm_buf_free(&b);
    cm_ctx_clear(ctx);
    assert_int_equal(cm_file_read(ctx, path, 3, &b), CM_RANGE);
    cm_buf_free(&b);
    unlink(path);
    assert_int_equal(rmdir(dir), 0); /* empty: no temporary left */
    cm_ctx_free(ctx);
}

static void test_arena(void **state)
{
    (void)state;
    cm_arena *a = cm_arena_new();
    char *s = cm_arena_strdup(a, "abc");
    assert_string_equal(s, "abc");
    void *big = cm_arena_alloc(a, 1 << 20);
    assert_non_null(big);
    for (int i = 0; i < 10000; i++) assert_non_null(cm_arena_alloc(a, 100));
    assert_null(cm_arena_calloc(a, SIZE_MAX / 2, 4));
    assert_true(cm_arena_used(a) >= (1u << 20));
    cm_arena_reset(a);
    assert_int_equal(cm_arena_used(a), 0);
    cm_arena_free(a);
    cm_arena_free(NULL);
}

static void test_status(void **state)
{
    (void)state;
    cm_ctx *ctx = cm_ctx_new();
    assert_int_equal(cm_fail(ctx, CM_PARSE, "f.csv:%d: bad", 3), CM_PARSE);
    assert_int_equal(cm_fail(ctx, CM_IO, "second"), CM_IO);
    assert_int_equal(cm_ctx_status(ctx), CM_PARSE);
    assert_string_equal(cm_ctx_message(ctx), "f.csv:3: bad");
    cm_diag(ctx, "x");
    assert_int_equal(cm_ctx_diag_count(ctx), 1);
    assert_string_equal(cm_status_name(CM_USAGE), "usage");
    cm_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_day_roundtrip), cmocka_unit_test(test_utf8),
        cmocka_unit_test(test_buf_json),      cmocka_unit_test(test_json_parse),
        cmocka_unit_test(test_atomic_write),  cmocka_unit_test(test_arena),
        cmocka_unit_test(test_status),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
