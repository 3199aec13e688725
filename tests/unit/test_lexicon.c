/* test_lexicon: the tokenizer, the lexicon loader (and its error messages), the
 * phrase matcher, and language detection. Texts written for the project. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/file.h"
#include "text/lexicon.h"

static cm_lexset lex;
static cm_ctx *ctx;

static int setup(void **state)
{
    (void)state;
    ctx = cm_ctx_new();
    return cm_lexset_load(ctx, NULL, &lex) ? -1 : 0;
}

static int teardown(void **state)
{
    (void)state;
    cm_lexset_free(&lex);
    cm_ctx_free(ctx);
    return 0;
}

static void test_tokenize(void **state)
{
    (void)state;
    const char *t = "Pol-e-Hesar, 1.037 tentara (15/8/2021) \xe2\x80\x9cTaliban\xe2\x80\x9d "
                    "Montagabend\r\n\r\nKABUL \xff x";
    cm_arena *a = cm_arena_new();
    cm_token *k;
    size_t n;
    assert_int_equal(cm_tokenize(t, strlen(t), a, &k, &n), CM_OK);
    const char *keys[] = {"pol-e-hesar", ",", "1.037", "tentara", "(", "15", "/", "8", "/",
                          "2021", ")", "\"", "taliban", "\"", "montagabend", "kabul", "x"};
    assert_int_equal(n, sizeof keys / sizeof *keys);
    for (size_t i = 0; i < n; i++) assert_string_equal(k[i].key, keys[i]);
    assert_int_equal(k[0].off, 0);
    assert_int_equal(k[0].len, 11);
    assert_true(k[0].flags & CM_TOKF_CAP);
    assert_true(k[0].flags & CM_TOKF_PARA);
    assert_int_equal(k[2].kind, CM_TOK_NUM);
    assert_int_equal(k[2].num, -1); /* not a plain integer */
    assert_int_equal(k[5].num, 15);
    assert_int_equal(k[11].kind, CM_TOK_PUNCT);
    assert_int_equal(k[11].len, 3); /* the typographic quote, folded to '"' */
    assert_true(k[15].flags & CM_TOKF_PARA); /* a blank line (CRLF) before KABUL */
    assert_true(k[16].flags & CM_TOKF_SPACE); /* the invalid byte separates */
    assert_int_equal(k[16].off, strlen(t) - 1);
    /* a word longer than a key chunk keeps its whole key */
    size_t big = 200000;
    char *w = malloc(big + 3);
    memset(w, 'A', big);
    memcpy(w + big, " b", 3);
    assert_int_equal(cm_tokenize(w, big + 2, a, &k, &n), CM_OK);
    assert_int_equal(n, 2);
    assert_int_equal(k[0].klen, big);
    assert_int_equal(k[0].key[big - 1], 'a');
    assert_string_equal(k[1].key, "b");
    free(w);
    cm_arena_free(a);
}

static void test_load_all(void **state)
{
    (void)state;
    assert_int_equal(lex.n, 3);
    assert_string_equal(cm_lexicon_lang(lex.v[0]), "de");
    assert_string_equal(cm_lexicon_lang(lex.v[1]), "en");
    assert_string_equal(cm_lexicon_lang(lex.v[2]), "id");
    for (size_t i = 0; i < lex.n; i++) {
        size_t n;
        cm_lexicon_entries(lex.v[i], CM_LEX_ACTION, &n);
        assert_true(n >= 30);
        cm_lexicon_entries(lex.v[i], CM_LEX_ACTOR, &n);
        assert_true(n >= 20);
        cm_lexicon_entries(lex.v[i], CM_LEX_DATE, &n);
        assert_true(n >= 20);
        cm_lexicon_entries(lex.v[i], CM_LEX_MONTH, &n);
        assert_true(n >= 12);
        cm_lexicon_entries(lex.v[i], CM_LEX_WEEKDAY, &n);
        assert_true(n >= 7);
        cm_lexicon_entries(lex.v[i], CM_LEX_NEGATION, &n);
        assert_true(n >= 3);
        cm_lexicon_entries(lex.v[i], CM_LEX_HEDGE, &n);
        assert_true(n >= 3);
        cm_lexicon_entries(lex.v[i], CM_LEX_ATTRIBUTION, &n);
        assert_true(n >= 3);
    }
}

/* Hits of text under lang, as "kind:phrase" strings joined by '|'. */
static void scan(const char *lang, const char *text, char *out, size_t cap)
{
    const cm_lexicon *l = cm_lexset_get(&lex, lang);
    assert_non_null(l);
    cm_arena *a = cm_arena_new();
    cm_token *t;
    size_t nt, nh;
    cm_lex_hit *h;
    assert_int_equal(cm_tokenize(text, strlen(text), a, &t, &nt), CM_OK);
    assert_int_equal(cm_lex_scan(l, t, nt, a, &h, &nh), CM_OK);
    out[0] = 0;
    for (size_t i = 0; i < nh; i++) {
        static const char *names[] = {"stop", "month", "weekday", "wdsuffix", "date", "event",
                                      "actor", "action", "negation", "hedge", "attribution",
                                      "irrealis", "future", "since", "boundary", "list",
                                      "placeword", "from", "against", "between", "agent",
                                      "near", "ref", "partial", "anaphor", "abbr", "skip",
                                      "ignore", "retake_from", "option", "unit", "number"};
        for (size_t k = 0; k < h[i].ne; k++) {
            char buf[256];
            size_t end = h[i].tok + h[i].ntok - 1;
            snprintf(buf, sizeof buf, "%s%s:%.*s%s", *out ? "|" : "", names[h[i].e[k]->kind],
                     (int)(t[end].off + t[end].len - t[h[i].tok].off), text + t[h[i].tok].off,
                     h[i].ntok2 ? "+" : "");
            strncat(out, buf, cap - strlen(out) - 1);
        }
    }
    cm_arena_free(a);
}

static void test_scan(void **state)
{
    (void)state;
    char got[2048];
    /* longest phrase wins; an actor phrase keeps its country */
    scan("id", "Pasukan perlawanan merebut kembali Banu dari Taliban.", got, sizeof got);
    assert_string_equal(got, "actor:Pasukan perlawanan|action:merebut kembali|from:dari|actor:Taliban");
    /* one phrase, two kinds */
    scan("id", "menurut laporan", got, sizeof got);
    assert_string_equal(got, "hedge:menurut|attribution:menurut");
    /* "anti-Taliban" is one token: not the Taliban */
    scan("id", "Pasukan anti-Taliban bergerak", got, sizeof got);
    assert_string_equal(got, "actor:Pasukan anti-Taliban");
    /* a phrase with a gap: the German separable verb */
    scan("de", "Die Milizen eroberten Banu zur\xc3\xbc" "ck.", got, sizeof got);
    assert_string_equal(got, "placeword:Die|actor:Milizen|action:eroberten+");
    /* an ignored phrase hides the shorter action inside it */
    scan("id", "wilayah di luar kendali mereka", got, sizeof got);
    assert_string_equal(got, "partial:wilayah|unit:wilayah|ignore:di luar kendali|actor:mereka");
    scan("en", "The Taliban reportedly seized the provincial capital.", got, sizeof got);
    assert_string_equal(got, "actor:The Taliban|hedge:reportedly|action:seized|anaphor:the provincial capital");
}

static void test_words(void **state)
{
    (void)state;
    const cm_lexicon *de = cm_lexset_get(&lex, "de"), *en = cm_lexset_get(&lex, "en"),
                     *id = cm_lexset_get(&lex, "id");
    cm_arena *a = cm_arena_new();
    cm_token *t;
    size_t n;
    const char *s = "Montagabend Sonntagnacht Samstag Abend Aug Agustus Dr St";
    assert_int_equal(cm_tokenize(s, strlen(s), a, &t, &n), CM_OK);
    assert_int_equal(cm_lex_weekday(de, &t[0]), 1);
    assert_int_equal(cm_lex_weekday(de, &t[1]), 7);
    assert_int_equal(cm_lex_weekday(de, &t[2]), 6);
    assert_int_equal(cm_lex_weekday(de, &t[3]), 0);
    assert_int_equal(cm_lex_month(en, &t[4]), 8);
    assert_int_equal(cm_lex_month(id, &t[5]), 8);
    assert_true(cm_lex_is_abbr(en, &t[4]));  /* "Aug." */
    assert_false(cm_lex_is_abbr(id, &t[5])); /* "Agustus." ends a sentence */
    assert_true(cm_lex_is_abbr(en, &t[6]));
    assert_true(cm_lex_is_abbr(id, &t[7]));
    cm_arena_free(a);
}

static int detect(const char *text)
{
    cm_arena *a = cm_arena_new();
    cm_token *t;
    size_t n;
    assert_int_equal(cm_tokenize(text, strlen(text), a, &t, &n), CM_OK);
    int k = cm_lexset_detect(&lex, t, n);
    cm_arena_free(a);
    return k;
}

static void test_detect(void **state)
{
    (void)state;
    int k = detect("Pasukan perlawanan mengatakan bahwa mereka telah merebut distrik itu dari "
                   "Taliban pada hari Jumat.");
    assert_true(k >= 0);
    assert_string_equal(cm_lexicon_lang(lex.v[k]), "id");
    k = detect("The resistance said that it had retaken the district from the Taliban on Friday.");
    assert_true(k >= 0);
    assert_string_equal(cm_lexicon_lang(lex.v[k]), "en");
    k = detect("Die Taliban haben nach Angaben der Regierung den Bezirk mit der Stadt erobert, "
               "und die Armee ist nicht mehr dort.");
    assert_true(k >= 0);
    assert_string_equal(cm_lexicon_lang(lex.v[k]), "de");
    assert_int_equal(detect("Kabul Kunduz Panjshir 2021"), -1);
    assert_int_equal(detect("Taliban Taliban"), -1);
    /* short texts: the language's own verbs decide */
    k = detect("Taliban merebut Kunduz.");
    assert_true(k >= 0);
    assert_string_equal(cm_lexicon_lang(lex.v[k]), "id");
    k = detect("Taliban seized Kunduz.");
    assert_true(k >= 0);
    assert_string_equal(cm_lexicon_lang(lex.v[k]), "en");
}

/* A lexicon error names the file and the line. */
static void expect_error(const char *content, const char *frag)
{
    char path[] = "/tmp/cm_lexXXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, content, strlen(content)), (ssize_t)strlen(content));
    close(fd);
    cm_ctx *c = cm_ctx_new();
    cm_lexicon *l = NULL;
    assert_int_equal(cm_lexicon_load(c, path, &l), CM_PARSE);
    assert_null(l);
    char want[256];
    snprintf(want, sizeof want, "%s:%s", path, frag);
    if (!strstr(cm_ctx_message(c), want)) fail_msg("'%s' lacks '%s'", cm_ctx_message(c), want);
    cm_ctx_free(c);
    unlink(path);
}

static void test_errors(void **state)
{
    (void)state;
    expect_error("lang\txx\n# c\nverb\tmerebut\n", "3: unknown kind 'verb'");
    expect_error("month\tjanuari\t13\n", "1: month 'januari' needs a number 1..12");
    expect_error("stop\tdan\nactor\ttaliban\n", "2: actor needs a class");
    expect_error("action\tmerebut\tcapture\tsideways\n", "1: unknown voice 'sideways'");
    expect_error("action\tmerebut\tgrab\tactive\n", "1: unknown action 'grab'");
    expect_error("date\t{WD} {Q}\twd\t1\n", "1: bad date pattern '{WD} {Q}'");
    expect_error("date\tpada {WD}\tsometime\t1\n", "1: unknown date operator 'sometime'");
    expect_error("event\tjatuhnya kabul\t2021-13-01\n", "1: event needs a date YYYY-MM-DD");
    expect_error("attribution\tkata\tbeside\n", "1: attribution needs after or before");
    expect_error("option\tverb_third\n", "1: unknown option 'verb_third'");
    /* a missing file is an I/O error naming it */
    cm_ctx *c = cm_ctx_new();
    cm_lexicon *l = NULL;
    assert_int_equal(cm_lexicon_load(c, "/nonexistent/xx.tsv", &l), CM_IO);
    assert_non_null(strstr(cm_ctx_message(c), "/nonexistent/xx.tsv"));
    cm_ctx_free(c);
    /* a file without a lang line takes its base name */
    char path[] = "/tmp/cm_lexXXXXXX";
    int fd = mkstemp(path);
    const char *ok = "stop\tdan\n";
    assert_int_equal(write(fd, ok, strlen(ok)), (ssize_t)strlen(ok));
    close(fd);
    c = cm_ctx_new();
    assert_int_equal(cm_lexicon_load(c, path, &l), CM_OK);
    assert_string_equal(cm_lexicon_lang(l), strrchr(path, '/') + 1);
    cm_lexicon_free(l);
    cm_ctx_free(c);
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tokenize), cmocka_unit_test(test_load_all),
        cmocka_unit_test(test_scan),     cmocka_unit_test(test_words),
        cmocka_unit_test(test_detect),   cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
