/* test_doc: headers, JSON Lines, byte offsets under bad bytes, BOM and CRLF,
 * the folder reader and its size limit, a long text read in pieces, language
 * detection and the inferred publication date. Texts written for the project. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/file.h"
#include "text/doc.h"
#include "../common/testprofile.h"

static cm_lexset lex;
static cm_ctx *ctx;
static cm_arena *A;

static int setup(void **state)
{
    (void)state;
    ctx = cm_ctx_new();
    A = cm_arena_new();
    return cm_lexset_load(ctx, NULL, test_profile(), &lex) ? -1 : 0;
}

static int teardown(void **state)
{
    (void)state;
    cm_lexset_free(&lex);
    cm_arena_free(A);
    cm_ctx_free(ctx);
    return 0;
}

static cm_day D(const char *s)
{
    cm_day d;
    assert_true(cm_day_parse(s, strlen(s), &d));
    return d;
}

static void test_header(void **state)
{
    (void)state;
    const char *t = "title: Distrik direbut\ndate: 2021-08-21\nlang: ID\nurl: https://example.org/a\n"
                    "source: Contoh\n\nPasukan perlawanan merebut kembali distrik itu.\n";
    cm_doc d;
    assert_int_equal(cm_doc_parse_txt(ctx, "corpus/a.txt", t, strlen(t), A, &d), CM_OK);
    assert_string_equal(d.id, "a.txt");
    assert_string_equal(d.title, "Distrik direbut");
    assert_string_equal(d.url, "https://example.org/a");
    assert_string_equal(d.source, "Contoh");
    assert_string_equal(d.lang, "id");
    assert_int_equal(d.date, D("2021-08-21"));
    assert_false(d.date_inferred);
    assert_int_equal(d.text_off, strstr(t, "Pasukan") - t);
    assert_memory_equal(d.text, "Pasukan", 7);
    assert_int_equal(d.len, strlen(t) - d.text_off);
    /* a timestamp after the date is fine */
    const char *t2 = "date: 2021-08-21T10:30:00Z\n\nx";
    assert_int_equal(cm_doc_parse_txt(ctx, "b.txt", t2, strlen(t2), A, &d), CM_OK);
    assert_int_equal(d.date, D("2021-08-21"));
}

static void test_no_header(void **state)
{
    (void)state;
    cm_doc d;
    /* no blank line after key lines: all of it is text */
    const char *t = "title: Judul\nTaliban merebut Kunduz.";
    assert_int_equal(cm_doc_parse_txt(ctx, "c.txt", t, strlen(t), A, &d), CM_OK);
    assert_int_equal(d.text_off, 0);
    assert_null(d.title);
    /* a dateline is not a header */
    const char *t2 = "KABUL - Pejuang lokal merebut distrik itu.\n\nParagraf kedua.";
    assert_int_equal(cm_doc_parse_txt(ctx, "d.txt", t2, strlen(t2), A, &d), CM_OK);
    assert_int_equal(d.text_off, 0);
    assert_int_equal(d.len, strlen(t2));
    assert_int_equal(d.date, CM_DAY_NONE);
    assert_string_equal(d.lang, "");
}

static void test_bytes(void **state)
{
    (void)state;
    cm_doc d;
    /* BOM, CRLF header, invalid bytes replaced one for one */
    const char t[] = "\xef\xbb\xbf" "date: 2021-08-20\r\n\r\nTaliban \xff\xfe merebut \xe2\x82 Kunduz.\r\n";
    size_t n = sizeof t - 1;
    assert_int_equal(cm_doc_parse_txt(ctx, "e.txt", t, n, A, &d), CM_OK);
    assert_int_equal(d.date, D("2021-08-20"));
    size_t body = strlen("\xef\xbb\xbf" "date: 2021-08-20\r\n\r\n");
    assert_int_equal(d.text_off, body);
    assert_int_equal(d.len, n - body);
    assert_int_equal(d.invalid, 4); /* ff fe, and e2 82 (a truncated sequence) */
    assert_int_equal((unsigned char)d.text[8], 0x1A);
    assert_int_equal((unsigned char)d.text[9], 0x1A);
    /* offsets into text + text_off are offsets into the file */
    const char *k = strstr(d.text, "Kunduz");
    assert_non_null(k);
    assert_memory_equal(t + d.text_off + (size_t)(k - d.text), "Kunduz", 6);
    assert_int_equal(cm_utf8_check(d.text, d.len), d.len);
    /* a NUL inside is replaced too */
    const char z[] = "a\0b";
    assert_int_equal(cm_doc_parse_txt(ctx, "z.txt", z, 3, A, &d), CM_OK);
    assert_int_equal(d.len, 3);
    assert_int_equal(d.text[1], 0x1A);
}

/* Markup left in a scraped text is blanked in place: offsets still hold. */
static void test_markup(void **state)
{
    (void)state;
    cm_doc d;
    const char *t = "date: 2021-08-09\n\n<p>Taliban merebut <b>Kunduz</b> &amp; Taloqan.</p>";
    assert_int_equal(cm_doc_parse_txt(ctx, "h.txt", t, strlen(t), A, &d), CM_OK);
    assert_true(d.markup >= 3);
    assert_int_equal(d.len, strlen(t) - d.text_off);
    assert_null(strchr(d.text, '<'));
    const char *k = strstr(d.text, "Kunduz");
    assert_non_null(k);
    assert_memory_equal(t + d.text_off + (size_t)(k - d.text), "Kunduz", 6);
    /* plain text is left alone */
    const char *p = "a < b, dan 3 > 2.";
    assert_int_equal(cm_doc_parse_txt(ctx, "p.txt", p, strlen(p), A, &d), CM_OK);
    assert_int_equal(d.markup, 0);
    assert_string_equal(d.text, p);
}

static void test_bad_header_date(void **state)
{
    (void)state;
    cm_ctx *c = cm_ctx_new();
    cm_doc d;
    const char *t = "title: x\ndate: 21/08/2021\n\nbody";
    assert_int_equal(cm_doc_parse_txt(c, "dir/f.txt", t, strlen(t), A, &d), CM_PARSE);
    assert_non_null(strstr(cm_ctx_message(c), "dir/f.txt:2: bad date '21/08/2021'"));
    cm_ctx_free(c);
}

static void test_json(void **state)
{
    (void)state;
    cm_doc d;
    const char *l = "{\"id\":\"a-1\",\"date\":\"2021-08-21\",\"lang\":\"id\",\"title\":\"T\","
                    "\"url\":\"https://example.org\",\"text\":\"Taliban merebut Kunduz.\\nParagraf.\"}";
    assert_int_equal(cm_doc_parse_json(ctx, "x/in.jsonl", 4, l, strlen(l), A, &d), CM_OK);
    assert_string_equal(d.id, "a-1");
    assert_int_equal(d.line, 4);
    assert_int_equal(d.date, D("2021-08-21"));
    assert_string_equal(d.lang, "id");
    assert_string_equal(d.title, "T");
    assert_string_equal(d.text, "Taliban merebut Kunduz.\nParagraf.");
    assert_int_equal(d.text_off, 0);
    /* without an id: file and line */
    const char *l2 = "{\"text\":\"x\",\"date\":null}";
    assert_int_equal(cm_doc_parse_json(ctx, "x/in.jsonl", 7, l2, strlen(l2), A, &d), CM_OK);
    assert_string_equal(d.id, "in.jsonl:7");
    assert_int_equal(d.date, CM_DAY_NONE);
    struct {
        const char *line, *msg;
    } bad[] = {
        {"{\"id\":\"a\"}", "in.jsonl:3: no \"text\" string"},
        {"{\"text\":\"x\",\"date\":\"Aug 21\"}", "in.jsonl:3: bad \"date\" 'Aug 21'"},
        {"{\"text\":\"x\",", "in.jsonl:3: malformed JSON at column"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        cm_ctx *c = cm_ctx_new();
        assert_int_equal(cm_doc_parse_json(c, "x/in.jsonl", 3, bad[i].line, strlen(bad[i].line), A, &d),
                         CM_PARSE);
        if (!strstr(cm_ctx_message(c), bad[i].msg))
            fail_msg("'%s' lacks '%s'", cm_ctx_message(c), bad[i].msg);
        cm_ctx_free(c);
    }
}

static void test_analyse(void **state)
{
    (void)state;
    cm_doc_opts o = {.lexset = &lex};
    cm_doc d;
    /* no header: language detected, date inferred from the stamped date */
    const char *t = "Pasukan perlawanan lokal mengatakan bahwa mereka telah merebut kembali distrik "
                    "itu dari Taliban pada hari Jumat, seperti dilaporkan media, Sabtu (28/8/2021).";
    assert_int_equal(cm_doc_parse_txt(ctx, "f.txt", t, strlen(t), A, &d), CM_OK);
    assert_int_equal(cm_doc_analyse(ctx, &d, &o, A), CM_OK);
    assert_string_equal(d.lang, "id");
    assert_true(d.lang_detected);
    assert_int_equal(d.date, D("2021-08-28"));
    assert_true(d.date_inferred);
    assert_true(d.ndates >= 2);
    assert_int_equal(d.dates[0].day, D("2021-08-27")); /* "pada hari Jumat" resolved */
    /* the header wins over detection and inference */
    const char *t2 = "lang: en\ndate: 2021-09-02\n\nThe Taliban attacked the valley on Wednesday.";
    assert_int_equal(cm_doc_parse_txt(ctx, "g.txt", t2, strlen(t2), A, &d), CM_OK);
    assert_int_equal(cm_doc_analyse(ctx, &d, &o, A), CM_OK);
    assert_string_equal(d.lang, "en");
    assert_false(d.lang_detected);
    assert_false(d.date_inferred);
    assert_int_equal(d.dates[0].day, D("2021-09-01"));
    /* a forced language; an unknown one is a diagnostic, not an error */
    cm_doc_opts o2 = {.lexset = &lex, .lang = "xx"};
    size_t before = cm_ctx_diag_count(ctx);
    assert_int_equal(cm_doc_parse_txt(ctx, "h.txt", t, strlen(t), A, &d), CM_OK);
    assert_int_equal(cm_doc_analyse(ctx, &d, &o2, A), CM_OK);
    assert_null(d.lex);
    assert_true(cm_ctx_diag_count(ctx) > before);
    /* an undatable text stays undated */
    const char *t3 = "Taliban merebut distrik itu pada hari Rabu dan menguasai kota tersebut.";
    assert_int_equal(cm_doc_parse_txt(ctx, "i.txt", t3, strlen(t3), A, &d), CM_OK);
    assert_int_equal(cm_doc_analyse(ctx, &d, &o, A), CM_OK);
    assert_int_equal(d.date, CM_DAY_NONE);
    assert_int_equal(d.dates[0].day, CM_DAY_NONE);
}

static void put(const char *path, const char *s)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(s, f);
    fclose(f);
}

static void test_reader(void **state)
{
    (void)state;
    char dir[] = "/tmp/cm_docXXXXXX";
    assert_non_null(mkdtemp(dir));
    char p[4200];
    snprintf(p, sizeof p, "%s/b.jsonl", dir);
    put(p, "{\"id\":\"j1\",\"text\":\"satu\"}\n\n  \n{\"id\":\"j2\",\"text\":\"dua\"}");
    snprintf(p, sizeof p, "%s/a.txt", dir);
    put(p, "date: 2021-08-01\n\nteks a");
    snprintf(p, sizeof p, "%s/.hidden.txt", dir);
    put(p, "tersembunyi");
    snprintf(p, sizeof p, "%s/sub", dir);
    assert_int_equal(mkdir(p, 0700), 0);
    snprintf(p, sizeof p, "%s/sub/c.txt", dir);
    put(p, "teks c");
    const char *paths[] = {dir};
    cm_doc_reader *r;
    cm_doc_opts o = {0};
    assert_int_equal(cm_doc_reader_open(ctx, paths, 1, &o, &r), CM_OK);
    const char *want[] = {"a.txt", "j1", "j2", "c.txt"};
    size_t lines[] = {0, 1, 4, 0};
    for (size_t i = 0; i < 4; i++) {
        cm_doc d;
        bool got;
        cm_arena_reset(A);
        assert_int_equal(cm_doc_reader_next(r, ctx, A, &d, &got), CM_OK);
        assert_true(got);
        assert_string_equal(d.id, want[i]);
        assert_int_equal(d.line, lines[i]);
    }
    cm_doc d;
    bool got = true;
    assert_int_equal(cm_doc_reader_next(r, ctx, A, &d, &got), CM_OK);
    assert_false(got);
    assert_int_equal(cm_doc_reader_files(r), 3);
    cm_doc_reader_close(r);

    /* the size limit, for a text file and for a JSON Lines article */
    cm_doc_opts small = {.max_bytes = 8};
    snprintf(p, sizeof p, "%s/b.jsonl", dir);
    const char *one[] = {p};
    cm_ctx *c = cm_ctx_new();
    assert_int_equal(cm_doc_reader_open(c, one, 1, &small, &r), CM_OK);
    assert_int_equal(cm_doc_reader_next(r, c, A, &d, &got), CM_RANGE);
    assert_non_null(strstr(cm_ctx_message(c), "b.jsonl:1: article longer than 8 bytes"));
    cm_doc_reader_close(r);
    cm_ctx_free(c);
    snprintf(p, sizeof p, "%s/a.txt", dir);
    c = cm_ctx_new();
    assert_int_equal(cm_doc_reader_open(c, one, 1, &small, &r), CM_OK);
    assert_int_equal(cm_doc_reader_next(r, c, A, &d, &got), CM_RANGE);
    assert_non_null(strstr(cm_ctx_message(c), "a.txt"));
    cm_doc_reader_close(r);
    cm_ctx_free(c);

    /* a missing path is named */
    const char *missing[] = {"/nonexistent/article.txt"};
    c = cm_ctx_new();
    assert_int_equal(cm_doc_reader_open(c, missing, 1, &o, &r), CM_IO);
    assert_non_null(strstr(cm_ctx_message(c), "/nonexistent/article.txt"));
    cm_ctx_free(c);

    char cmd[4300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

/* Reads every piece of path with chunk bytes a piece; checks that the pieces
 * are in order, each at most chunk bytes, their texts laid end to end at their
 * offsets give the file's body (want, at body_off) and each carries the
 * header's id and date; returns how many, their ends in ends[]. */
static size_t read_pieces(const char *path, size_t chunk, const char *want, size_t body_off, size_t *ends,
                          size_t max_ends)
{
    cm_doc_opts o = {.chunk_bytes = chunk};
    const char *paths[] = {path};
    cm_doc_reader *r;
    assert_int_equal(cm_doc_reader_open(ctx, paths, 1, &o, &r), CM_OK);
    size_t n = 0, at = body_off;
    for (;;) {
        cm_doc d;
        bool got;
        cm_arena_reset(A);
        assert_int_equal(cm_doc_reader_next(r, ctx, A, &d, &got), CM_OK);
        if (!got) break;
        assert_int_equal(d.part, n);
        assert_int_equal(d.text_off, at);
        assert_true(d.len <= chunk);
        assert_int_equal(strlen(d.text), d.len);
        assert_memory_equal(d.text, want + at - body_off, d.len);
        assert_string_equal(d.id, "p.txt");
        assert_int_equal(d.date, 18840); /* 2021-08-01 */
        assert_int_equal(d.invalid, 0);
        at += d.len;
        if (n < max_ends) ends[n] = at;
        n++;
    }
    assert_int_equal(at - body_off, strlen(want));
    assert_int_equal(cm_doc_reader_files(r), 1);
    cm_doc_reader_close(r);
    return n;
}

/* A text longer than the chunk size comes in pieces, cut at a blank line, else
 * a line end, a sentence end, a space, a character boundary. */
static void test_pieces(void **state)
{
    (void)state;
    char dir[] = "/tmp/cm_docXXXXXX";
    assert_non_null(mkdtemp(dir));
    char p[4200];
    snprintf(p, sizeof p, "%s/p.txt", dir);
    const char *head = "date: 2021-08-01\n\n";
    size_t ends[16];

    /* paragraphs: each piece ends after a blank line */
    const char *paras = "Satu dua tiga empat.\n\nLima enam tujuh delapan sembilan.\n\nSepuluh.\nSebelas dua belas.\n\nAkhir.";
    char buf[1024];
    snprintf(buf, sizeof buf, "%s%s", head, paras);
    put(p, buf);
    size_t n = read_pieces(p, 48, paras, strlen(head), ends, 16);
    assert_true(n >= 3);
    for (size_t i = 0; i + 1 < n; i++) {
        size_t e = ends[i] - strlen(head);
        assert_true(e >= 2 && paras[e - 1] == '\n' && paras[e - 2] == '\n');
    }

    /* one line: a piece ends after ". ", else after a space */
    const char *line = "Pasukan bergerak ke utara. Mereka tiba di Mazar-i-Sharif pada malam hari dan bertahan di sana lama sekali";
    snprintf(buf, sizeof buf, "%s%s", head, line);
    put(p, buf);
    n = read_pieces(p, 50, line, strlen(head), ends, 16); /* piece 0 holds the header too */
    assert_true(n >= 3);
    assert_int_equal(ends[0] - strlen(head), strlen("Pasukan bergerak ke utara. "));
    for (size_t i = 0; i + 1 < n; i++) assert_int_equal(line[ends[i] - strlen(head) - 1], ' ');

    /* no space at all: never inside a character (two-byte letters) */
    char cyr[600] = "";
    for (int i = 0; i < 250; i++) strcat(cyr, "\xD0\x96"); /* Ж */
    snprintf(buf, sizeof buf, "%s%s", head, cyr);
    put(p, buf);
    n = read_pieces(p, 33, cyr, strlen(head), ends, 16);
    assert_true(n >= 16);

    /* at or under the chunk size: one document, as without chunks */
    snprintf(buf, sizeof buf, "%sKabul.", head);
    put(p, buf);
    assert_int_equal(read_pieces(p, 1024, "Kabul.", strlen(head), ends, 16), 1);

    char cmd[4300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_header),          cmocka_unit_test(test_no_header),
        cmocka_unit_test(test_bytes),           cmocka_unit_test(test_bad_header_date),
        cmocka_unit_test(test_markup),
        cmocka_unit_test(test_json),            cmocka_unit_test(test_analyse),
        cmocka_unit_test(test_reader),          cmocka_unit_test(test_pieces),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
