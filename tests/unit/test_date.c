/* test_date: the date forms of every lexicon language, from the case table
 * tests/cases/dates.tsv (adding a case needs no C), plus the operators and the
 * publication-date inference on texts written for the project. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/file.h"
#include "text/date.h"
#include "text/lexicon.h"
#include "text/token.h"
#include "../common/testprofile.h"

static cm_lexset lex;
static cm_ctx *ctx;

static int setup(void **state)
{
    (void)state;
    ctx = cm_ctx_new();
    if (cm_lexset_load(ctx, NULL, test_profile(), &lex)) {
        fprintf(stderr, "lexicons: %s\n", cm_ctx_message(ctx));
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    cm_lexset_free(&lex);
    cm_ctx_free(ctx);
    return 0;
}

static cm_day D(const char *s)
{
    cm_day d;
    assert_true(cm_day_parse(s, strlen(s), &d));
    return d;
}

/* Every row of the case table. */
static void test_case_table(void **state)
{
    (void)state;
    const char *src = getenv("CM_SOURCE");
    char path[4096];
    snprintf(path, sizeof path, "%s/tests/cases/dates.tsv", src ? src : CM_SOURCE_DIR);
    cm_buf b = {0};
    assert_int_equal(cm_file_read(ctx, path, 0, &b), CM_OK);
    cm_arena *a = cm_arena_new();
    int lineno = 0, ncases = 0, failed = 0;
    for (char *p = b.p, *e; p && *p; p = e ? e + 1 : NULL) {
        e = strchr(p, '\n');
        if (e) *e = 0;
        lineno++;
        if (!*p || *p == '#') continue;
        char *f[5];
        int nf = 0;
        for (char *q = p; nf < 5; nf++) {
            f[nf] = q;
            char *t = strchr(q, '\t');
            if (!t) {
                nf++;
                break;
            }
            *t = 0;
            q = t + 1;
        }
        if (nf != 5) {
            fprintf(stderr, "dates.tsv:%d: want 5 fields, got %d\n", lineno, nf);
            failed++;
            continue;
        }
        ncases++;
        const cm_lexicon *lx = cm_lexset_get(&lex, f[2]);
        if (!lx) {
            fprintf(stderr, "dates.tsv:%d: no lexicon '%s'\n", lineno, f[2]);
            failed++;
            continue;
        }
        cm_day pub = strcmp(f[1], "-") ? D(f[1]) : CM_DAY_NONE;
        cm_arena_reset(a);
        cm_date_ref *r;
        size_t n;
        assert_int_equal(cm_date_find(lx, f[0], strlen(f[0]), pub, a, &r, &n), CM_OK);
        int prec = atoi(f[4]);
        char got[11] = "none";
        /* the case is about the text's last date: the ones before it are its
         * context ("On Sunday ... the day before") */
        const cm_date_ref *last = n ? &r[n - 1] : NULL;
        if (last && last->day != CM_DAY_NONE) cm_day_format(last->day, got);
        else if (last && last->year_only) strcpy(got, "none-year");
        int gotp = last ? last->precision : 0;
        if (strcmp(got, f[3]) || gotp != prec) {
            fprintf(stderr, "dates.tsv:%d: '%s' (published %s, %s): got %s precision %d, want %s precision %d\n",
                    lineno, f[0], f[1], f[2], got, gotp, f[3], prec);
            failed++;
        }
    }
    cm_arena_free(a);
    cm_buf_free(&b);
    assert_true(ncases >= 60);
    assert_int_equal(failed, 0);
}

/* The Solar Hijri calendar against dates known from both calendars, and a
 * round trip over every day of 1300-1500 SH. */
static void test_solar(void **state)
{
    (void)state;
    static const struct {
        int y, m, d;
        const char *g;
    } known[] = {
        {1400, 1, 1, "2021-03-21"},  /* 1 Hamal 1400 */
        {1400, 5, 24, "2021-08-15"}, /* 24 Asad 1400: Kabul falls */
        {1400, 3, 22, "2021-06-12"}, /* 22 Jawza 1400, a Saturday */
        {1400, 6, 14, "2021-09-05"},
        {1399, 1, 1, "2020-03-20"},  /* 1 Hamal 1399: 20 March (after the Gregorian 29 February) */
        {1399, 12, 30, "2021-03-20"}, /* 1399 is leap: Hut has 30 days */
        {1357, 11, 22, "1979-02-11"},
        {1300, 1, 1, "1921-03-21"},
        {1403, 12, 30, "2025-03-20"}, /* 1403 is leap */
        {1404, 1, 1, "2025-03-21"},
        {1408, 12, 30, "2030-03-20"}, /* five years after 1403: the 33-year cycle's long gap */
    };
    for (size_t i = 0; i < sizeof known / sizeof *known; i++) {
        cm_day x;
        assert_true(cm_date_solar_to_day(known[i].y, known[i].m, known[i].d, &x));
        char got[11];
        cm_day_format(x, got);
        if (strcmp(got, known[i].g))
            fail_msg("%d-%d-%d SH: got %s, want %s", known[i].y, known[i].m, known[i].d, got,
                     known[i].g);
        int y, m, d;
        cm_date_day_to_solar(D(known[i].g), &y, &m, &d);
        assert_int_equal(y, known[i].y);
        assert_int_equal(m, known[i].m);
        assert_int_equal(d, known[i].d);
    }
    assert_int_equal(cm_date_solar_month_days(1400, 12), 29);
    assert_int_equal(cm_date_solar_month_days(1399, 12), 30);
    assert_int_equal(cm_date_solar_month_days(1400, 6), 31);
    assert_int_equal(cm_date_solar_month_days(1400, 7), 30);
    cm_day x;
    assert_false(cm_date_solar_to_day(1400, 12, 30, &x));
    assert_false(cm_date_solar_to_day(1400, 13, 1, &x));
    assert_false(cm_date_solar_to_day(1400, 7, 31, &x));
    /* every day of 1300-1500 SH, in order, both ways */
    cm_day first, last;
    assert_true(cm_date_solar_to_day(1300, 1, 1, &first));
    assert_true(cm_date_solar_to_day(1500, 12, cm_date_solar_month_days(1500, 12), &last));
    int py = 1299, pm = 12, pd = 29, leaps = 0;
    for (cm_day k = first; k <= last; k++) {
        int y, m, d;
        cm_date_day_to_solar(k, &y, &m, &d);
        bool next = (y == py && m == pm && d == pd + 1) || (y == py && m == pm + 1 && d == 1) ||
                    (y == py + 1 && m == 1 && d == 1);
        if (!next) fail_msg("day %ld: %d-%d-%d after %d-%d-%d", (long)k, y, m, d, py, pm, pd);
        cm_day back;
        assert_true(cm_date_solar_to_day(y, m, d, &back));
        assert_int_equal(back, k);
        if (m == 12 && d == 30) leaps++;
        py = y, pm = m, pd = d;
    }
    assert_int_equal(py, 1500);
    assert_int_equal(leaps, 49); /* 8 in 33 years: 201 years hold 48 or 49 */
}

/* The matched span is the longest form: the stamped date, not "Pada Minggu". */
static void test_longest_span(void **state)
{
    (void)state;
    const cm_lexicon *id = cm_lexset_get(&lex, "id");
    cm_arena *a = cm_arena_new();
    const char *t = "Pada Minggu (15/8/2021), pasukan Taliban memasuki Kabul.";
    cm_date_ref *r;
    size_t n;
    assert_int_equal(cm_date_find(id, t, strlen(t), CM_DAY_NONE, a, &r, &n), CM_OK);
    assert_int_equal(n, 1);
    assert_int_equal(r[0].off, 5);
    assert_int_equal(r[0].len, strlen("Minggu (15/8/2021)"));
    assert_true(r[0].stamped);
    assert_false(r[0].relative);
    cm_arena_free(a);
}

/* Markers: a deadline is in the future, "sejak" starts a state. */
static void test_markers(void **state)
{
    (void)state;
    const cm_lexicon *id = cm_lexset_get(&lex, "id");
    cm_arena *a = cm_arena_new();
    const char *t = "Milisi bersiap sebelum tenggat penarikan tentara asing pada 31 Agustus 2021. "
                    "Sejak 15 Agustus, lembah itu bertahan.";
    cm_date_ref *r;
    size_t n;
    assert_int_equal(cm_date_find(id, t, strlen(t), CM_DAY_NONE, a, &r, &n), CM_OK);
    assert_int_equal(n, 2);
    assert_true(r[0].future);
    assert_false(r[0].since);
    assert_false(r[1].future);
    assert_true(r[1].since);
    cm_arena_free(a);
}

static cm_day infer(const char *lang, const char *text, int hint)
{
    cm_arena *a = cm_arena_new();
    cm_token *t;
    size_t nt;
    cm_date_ref *r;
    size_t n;
    const cm_lexicon *lx = cm_lexset_get(&lex, lang);
    assert_int_equal(cm_tokenize(text, strlen(text), a, &t, &nt), CM_OK);
    assert_int_equal(cm_date_scan(lx, t, nt, NULL, 0, a, &r, &n), CM_OK);
    cm_day p = CM_DAY_NONE;
    if (!cm_date_infer_published(r, n, hint, &p, NULL)) p = CM_DAY_NONE;
    cm_arena_free(a);
    return p;
}

/* The publication date from the text's own evidence (texts written here). */
static void test_infer_published(void **state)
{
    (void)state;
    /* the latest full date */
    assert_int_equal(infer("id", "Taliban menduduki Kabul pada Minggu (15/8/2021). "
                                 "Laporan itu dikutip Sabtu (21/8/2021).", 0),
                     D("2021-08-21"));
    /* a weekday named beside it: "pada hari Jumat" lands on the Friday written */
    assert_int_equal(infer("id", "Rekaman muncul pada Jumat (20/8/2021). Distrik itu direbut "
                                 "pada hari Jumat.", 0),
                     D("2021-08-20"));
    /* a deadline ahead is not the publication date */
    assert_int_equal(infer("id", "Menjelang batas waktu pada 31 Agustus 2021, milisi merebut "
                                 "distrik itu pada Jumat (20/8/2021).", 0),
                     D("2021-08-20"));
    /* "Jumat lalu" onto the Friday written: published the day after */
    assert_int_equal(infer("id", "Jumat lalu, serangan terjadi. Menteri berbicara pada "
                                 "8 Oktober 2021.", 0),
                     D("2021-10-09"));
    /* plain weekdays fall after the background date: Wednesday after a
     * Tuesday that follows 30 August */
    assert_int_equal(infer("id", "Pasukan bertahan sejak 30 Agustus. Taliban merebut bandara "
                                 "pada hari Selasa dan menyerbu lembah itu pada Rabu.", 2021),
                     D("2021-09-01"));
    /* a known event gives the year; "Senin malam" follows the end of June */
    assert_int_equal(infer("id", "Sejak dimulainya penarikan pasukan internasional, pasukan "
                                 "itu pulang akhir Juni. Tentara melarikan diri Senin malam.", 0),
                     D("2021-07-05"));
    /* English and German */
    assert_int_equal(infer("en", "The Taliban took Kunduz on August 8, 2021. Fighting went on "
                                 "on Monday.", 0),
                     D("2021-08-09"));
    /* a weekday stamped on a full date is the report's own day: the plain
     * weekday before it is the day before */
    assert_int_equal(infer("en", "Fighting went on on Friday, officials said on Saturday, "
                                 "August 21, 2021.", 0),
                     D("2021-08-21"));
    assert_int_equal(infer("de", "Am Sonntag, 15. August 2021, fiel Kabul.", 0), D("2021-08-15"));
    /* a dateline is the report's own day: "on Sunday" is the day before */
    assert_int_equal(infer("en", "KABUL, Aug 16, 2021 (Reuters) - The Taliban seized the city on "
                                 "Sunday, officials said.", 0),
                     D("2021-08-16"));
    assert_int_equal(infer("de", "Kabul, 16. August 2021 - Die Taliban haben am Sonntag die "
                                 "Hauptstadt eingenommen.", 0),
                     D("2021-08-16"));
    /* nothing to go on */
    assert_int_equal(infer("id", "Taliban merebut distrik itu pada Rabu.", 0), CM_DAY_NONE);
    /* a year hint alone dates nothing without an anchor */
    assert_int_equal(infer("id", "Taliban merebut distrik itu pada 3 Juli.", 2021), D("2021-07-03"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_case_table),
        cmocka_unit_test(test_solar),
        cmocka_unit_test(test_longest_span),
        cmocka_unit_test(test_markers),
        cmocka_unit_test(test_infer_published),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
