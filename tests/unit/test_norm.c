// labels: text
/* Unit tests for src/text/norm: words, keys (table tests/cases/norm.tsv),
 * offsets back into the text, gaps inside names, the capital scanner. */
#define _POSIX_C_SOURCE 200809L /* strtok_r */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/file.h"
#include "core/str.h"
#include "text/norm.h"

static char *key_of(const char *s)
{
    cm_buf b = {0};
    assert_int_equal(cm_norm_key(s, strlen(s), &b), CM_OK);
    return cm_buf_take(&b);
}

static void test_table(void **state)
{
    (void)state;
    const char *src = getenv("CM_SOURCE");
    char path[4096];
    snprintf(path, sizeof path, "%s/tests/cases/norm.tsv", src ? src : CM_SOURCE_DIR);
    cm_ctx *ctx = cm_ctx_new();
    cm_buf text = {0};
    assert_int_equal(cm_file_read(ctx, path, 0, &text), CM_OK);
    int rows = 0, bad = 0;
    char *save = NULL;
    for (char *line = strtok_r(text.p, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        if (line[0] == '#') continue;
        char *tab = strchr(line, '\t');
        assert_non_null(tab);
        *tab = 0;
        char *got = key_of(line);
        if (strcmp(got, tab + 1)) {
            fprintf(stderr, "norm.tsv: '%s' gives '%s', want '%s'\n", line, got, tab + 1);
            bad++;
        }
        free(got);
        rows++;
    }
    assert_true(rows >= 25);
    assert_int_equal(bad, 0);
    cm_buf_free(&text);
    cm_ctx_free(ctx);
}

static void test_words(void **state)
{
    (void)state;
    const char *s = "di provinsi Panjshir, KABUL dan Ḩişār–Kabul's";
    cm_norm_word w;
    size_t n = strlen(s);
    assert_true(cm_norm_next_word(s, n, 0, &w));
    assert_int_equal(w.off, 0);
    assert_int_equal(w.end, 2);
    assert_false(w.cap);
    assert_true(cm_norm_next_word(s, n, w.end, &w));
    assert_true(cm_norm_next_word(s, n, w.end, &w));
    assert_memory_equal(s + w.off, "Panjshir", 8);
    assert_true(w.cap);
    assert_false(w.upper);
    assert_true(w.ascii);
    assert_true(cm_norm_next_word(s, n, w.end, &w));
    assert_memory_equal(s + w.off, "KABUL", 5);
    assert_true(w.upper);
    assert_true(cm_norm_next_word(s, n, w.end, &w));
    assert_true(cm_norm_next_word(s, n, w.end, &w));
    assert_memory_equal(s + w.off, "Ḩişār", strlen("Ḩişār"));
    assert_true(w.cap);
    assert_false(w.ascii);
    size_t after = w.end;
    /* The en dash ends the word; the apostrophe splits "Kabul's". */
    assert_true(cm_norm_next_word(s, n, after, &w));
    assert_memory_equal(s + w.off, "Kabul", 5);
    assert_int_equal(w.end - w.off, 5);
    char k[CM_NORM_WORD_MAX];
    assert_int_equal(cm_norm_word_key(s, &w, k, sizeof k), 5);
    assert_memory_equal(k, "kabul", 5);
    assert_int_equal(cm_norm_word_key(s, &w, k, 3), (size_t)-1); /* does not fit */
    /* Arabic script words are "capitalised" (uncased script). */
    const char *a = "در کابل";
    assert_true(cm_norm_next_word(a, strlen(a), 0, &w));
    assert_true(cm_norm_next_word(a, strlen(a), w.end, &w));
    assert_true(w.cap);
    /* Previous word. */
    assert_true(cm_norm_prev_word(s, n, 20, &w)); /* inside ", KABUL": the word before is Panjshir */
    assert_memory_equal(s + w.off, "Panjshir", 8);
    assert_false(cm_norm_prev_word(s, n, 0, &w));
    assert_false(cm_norm_next_word(" ,;", 3, 0, &w));
}

static void test_gaps(void **state)
{
    (void)state;
    const char *s = "Pol-e-Hesar. Deh Salah, Pul-e ‘Alam; Mazar\nSharif Mazar\n\nSharif Qala—Naw";
    /* "-": joins; ". ": does not; " ": joins; "‘" joins; one line break joins, two do not;
     * an em dash does not. */
    assert_true(cm_norm_gap_joins(s, 3, 4));
    assert_false(cm_norm_gap_joins(s, 11, 13));
    assert_true(cm_norm_gap_joins(s, 16, 17));
    assert_false(cm_norm_gap_joins(s, 22, 24));
    const char *q = strstr(s, "‘");
    assert_true(cm_norm_gap_joins(s, (size_t)(q - s - 1), (size_t)(q - s) + strlen("‘")));
    const char *m1 = strstr(s, "Mazar\nSharif"), *m2 = strstr(s, "Mazar\n\nSharif");
    assert_true(cm_norm_gap_joins(s, (size_t)(m1 - s) + 5, (size_t)(m1 - s) + 6));
    assert_false(cm_norm_gap_joins(s, (size_t)(m2 - s) + 5, (size_t)(m2 - s) + 7));
    const char *d = strstr(s, "—");
    assert_false(cm_norm_gap_joins(s, (size_t)(d - s), (size_t)(d - s) + strlen("—")));
    assert_false(cm_norm_gap_joins(s, 0, 20)); /* too long */
}

static void test_map(void **state)
{
    (void)state;
    const char *s = "Di Ḩişār, Kabul";
    cm_buf k = {0}, m = {0};
    assert_int_equal(cm_norm_key_map(s, strlen(s), &k, &m), CM_OK);
    assert_string_equal(k.p, "dihisarkabul");
    const size_t *map = (const size_t *)(void *)m.p;
    assert_int_equal(m.n / sizeof(size_t), k.n + 1);
    /* 'h' of hisar comes from the two-byte Ḩ at offset 3; 'k' from 'K'. */
    assert_int_equal(map[2], 3);
    const char *kab = strstr(s, "Kabul");
    assert_int_equal(map[7], (size_t)(kab - s));
    assert_int_equal(map[k.n], strlen(s));
    cm_buf_free(&k);
    cm_buf_free(&m);
}

static void test_scanner(void **state)
{
    (void)state;
    const char *s = "the iPhone and McDonald in “Kabul” or é Éclair, 12 Kandahar كابل";
    size_t n = strlen(s), p = 0;
    /* McDonald starts a capitalised word; its D and iPhone's P do not. */
    const char *want[] = {"McDonald", "Kabul", "Éclair", "Kandahar", "كابل"};
    for (size_t i = 0; i < 5; i++) {
        p = cm_norm_next_cap(s, n, p);
        assert_true(p < n);
        assert_memory_equal(s + p, want[i], strlen(want[i]));
        cm_norm_word w;
        assert_true(cm_norm_next_word(s, n, p, &w));
        p = w.end;
    }
    assert_int_equal(cm_norm_next_cap(s, n, p), n);
    assert_int_equal(cm_norm_next_cap("x McDonald", 10, 0), 2);
    assert_int_equal(cm_norm_next_cap("iPhone", 6, 0), 6);
    assert_int_equal(cm_norm_ascii_run("abc1é", 6, 0), 4);

    /* The scanner skips eight bytes at a time: every ASCII byte at every
     * place of such a block, after a space, stops it exactly when it is a
     * capital; so does a non-ASCII letter (É, two bytes). */
    char t[40];
    for (size_t at = 0; at < 24; at++)
        for (int b = 1; b < 128; b++) {
            memset(t, ' ', sizeof t);
            t[at + 1] = (char)b;
            size_t want_at = b >= 'A' && b <= 'Z' ? at + 1 : sizeof t;
            assert_int_equal(cm_norm_next_cap(t, sizeof t, 0), want_at);
        }
    for (size_t at = 0; at < 24; at++) {
        memset(t, 'x', sizeof t);
        t[at] = ' ';
        memcpy(t + at + 1, "\xC3\x89", 2);
        assert_int_equal(cm_norm_next_cap(t, sizeof t, 0), at + 1);
    }
}

static void test_connectors(void **state)
{
    (void)state;
    assert_true(cm_norm_is_connector("e", 1));
    assert_true(cm_norm_is_connector("i", 1));
    assert_true(cm_norm_is_connector("ye", 2));
    assert_true(cm_norm_is_connector("yi", 2));
    assert_false(cm_norm_is_connector("ya", 2));
    assert_false(cm_norm_is_connector("es", 2));
    assert_true(cm_norm_key_latin("kabul2", 6));
    assert_false(cm_norm_key_latin("کابل", strlen("کابل")));
    assert_false(cm_norm_key_latin("", 0));
}

static void test_invalid_utf8(void **state)
{
    (void)state;
    /* Invalid bytes are separators, never crash, never join words. */
    const char s[] = "Kab\xFFul \xC3 Herat\xE2\x82";
    char *k = key_of(s);
    assert_string_equal(k, "kabulherat");
    free(k);
    cm_norm_word w;
    size_t n = sizeof s - 1, p = 0, words = 0;
    while (cm_norm_next_word(s, n, p, &w)) p = w.end, words++;
    assert_int_equal(words, 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),    cmocka_unit_test(test_words),
        cmocka_unit_test(test_gaps),     cmocka_unit_test(test_map),
        cmocka_unit_test(test_scanner),  cmocka_unit_test(test_connectors),
        cmocka_unit_test(test_invalid_utf8),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
