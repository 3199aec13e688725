/* test_lexicon: the tokenizer, the lexicon loader (and its error messages), the
 * phrase matcher, and language detection. Texts written for the project. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
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
#include "text/langdetect.h"
#include "text/lexicon.h"
#include "text/token.h"
#include "../common/testprofile.h"

static cm_lexset lex;
static cm_ctx *ctx;

static int setup(void **state)
{
    (void)state;
    ctx = cm_ctx_new();
    return cm_lexset_load(ctx, NULL, test_profile(), &lex) ? -1 : 0;
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
    /* an elision stays in its word, except before a number: "l'8 agosto" */
    const char *el = "l'esercito dell\xe2\x80\x99Helmand l'8 dell\xe2\x80\x99" "11 agosto";
    assert_int_equal(cm_tokenize(el, strlen(el), a, &k, &n), CM_OK);
    const char *ekeys[] = {"l'esercito", "dell'helmand", "l", "'", "8", "dell", "'", "11", "agosto"};
    assert_int_equal(n, sizeof ekeys / sizeof *ekeys);
    for (size_t i = 0; i < n; i++) assert_string_equal(k[i].key, ekeys[i]);
    assert_int_equal(k[4].kind, CM_TOK_NUM);
    assert_int_equal(k[4].num, 8);
    cm_arena_free(a);
}

/* The key of the one token text makes (asserting it makes one). */
static void one_key(const char *text, char *out, size_t cap, cm_token *tok)
{
    cm_arena *a = cm_arena_new();
    cm_token *k;
    size_t n;
    assert_int_equal(cm_tokenize(text, strlen(text), a, &k, &n), CM_OK);
    if (n != 1) fail_msg("'%s' gives %zu tokens", text, n);
    snprintf(out, cap, "%s", k[0].key);
    *tok = k[0];
    tok->key = NULL;
    cm_arena_free(a);
}

/* Arabic-script text: the key folds the spelling variants, drops tatweel,
 * harakat and the zero-width non-joiner (which keeps a word one token), and
 * Persian and Arabic-Indic digits make numbers as ASCII digits do. */
static void test_tokenize_arabic(void **state)
{
    (void)state;
    static const char *same[][2] = {
        /* ZWNJ inside a word: one token, dropped from the key */
        {"\xd9\x85\xdb\x8c\xe2\x80\x8c\xda\xaf\xd9\x88\xdb\x8c\xd9\x86\xd8\xaf", /* می‌گویند */
         "\xd9\x85\xdb\x8c\xda\xaf\xd9\x88\xdb\x8c\xd9\x86\xd8\xaf"},             /* میگویند */
        {"\xd9\x88\xd9\x84\xd8\xb3\xd9\x88\xd8\xa7\xd9\x84\xdb\x8c\xe2\x80\x8c\xd9\x87\xd8\xa7", /* ولسوالی‌ها */
         "\xd9\x88\xd9\x84\xd8\xb3\xd9\x88\xd8\xa7\xd9\x84\xdb\x8c\xd9\x87\xd8\xa7"},
        /* Arabic yeh and kaf -> Persian ی and ک: كابل / کابل, ولايت / ولایت */
        {"\xd9\x83\xd8\xa7\xd8\xa8\xd9\x84", "\xda\xa9\xd8\xa7\xd8\xa8\xd9\x84"},
        {"\xd9\x88\xd9\x84\xd8\xa7\xd9\x8a\xd8\xaa", "\xd9\x88\xd9\x84\xd8\xa7\xdb\x8c\xd8\xaa"},
        /* alef maksura: مصطفى / مصطفی */
        {"\xd9\x85\xd8\xb5\xd8\xb7\xd9\x81\xd9\x89", "\xd9\x85\xd8\xb5\xd8\xb7\xd9\x81\xdb\x8c"},
        /* Pashto ۍ and ې -> ی: ولسوالۍ / ولسوالی */
        {"\xd9\x88\xd9\x84\xd8\xb3\xd9\x88\xd8\xa7\xd9\x84\xdb\x8d",
         "\xd9\x88\xd9\x84\xd8\xb3\xd9\x88\xd8\xa7\xd9\x84\xdb\x8c"},
        /* teh marbuta -> heh: جبهة / جبهه */
        {"\xd8\xac\xd8\xa8\xd9\x87\xd8\xa9", "\xd8\xac\xd8\xa8\xd9\x87\xd9\x87"},
        /* heh with yeh above (ezafe) -> heh: خانۀ / خانه */
        {"\xd8\xae\xd8\xa7\xd9\x86\xdb\x80", "\xd8\xae\xd8\xa7\xd9\x86\xd9\x87"},
        /* hamza forms: أمريكا / امریکا, آمریکا / امریکا, مسئول / مسیول, مؤسسه / موسسه */
        {"\xd8\xa3\xd9\x85\xd8\xb1\xd9\x8a\xd9\x83\xd8\xa7",
         "\xd8\xa7\xd9\x85\xd8\xb1\xdb\x8c\xda\xa9\xd8\xa7"},
        {"\xd8\xa2\xd9\x85\xd8\xb1\xdb\x8c\xda\xa9\xd8\xa7",
         "\xd8\xa7\xd9\x85\xd8\xb1\xdb\x8c\xda\xa9\xd8\xa7"},
        {"\xd9\x85\xd8\xb3\xd8\xa6\xd9\x88\xd9\x84", "\xd9\x85\xd8\xb3\xdb\x8c\xd9\x88\xd9\x84"},
        {"\xd9\x85\xd8\xa4\xd8\xb3\xd8\xb3\xd9\x87", "\xd9\x85\xd9\x88\xd8\xb3\xd8\xb3\xd9\x87"},
        /* tatweel and harakat dropped: طـالـبـان / طالبان, طَالِبَان / طالبان */
        {"\xd8\xb7\xd9\x80\xd8\xa7\xd9\x84\xd9\x80\xd8\xa8\xd9\x80\xd8\xa7\xd9\x86",
         "\xd8\xb7\xd8\xa7\xd9\x84\xd8\xa8\xd8\xa7\xd9\x86"},
        {"\xd8\xb7\xd9\x8e\xd8\xa7\xd9\x84\xd9\x90\xd8\xa8\xd9\x8e\xd8\xa7\xd9\x86",
         "\xd8\xb7\xd8\xa7\xd9\x84\xd8\xa8\xd8\xa7\xd9\x86"},
        /* Pashto ګ written گ: ګډ / گډ */
        {"\xda\xab\xda\x89", "\xda\xaf\xda\x89"},
    };
    for (size_t i = 0; i < sizeof same / sizeof *same; i++) {
        char k1[128], k2[128];
        cm_token t1, t2;
        one_key(same[i][0], k1, sizeof k1, &t1);
        one_key(same[i][1], k2, sizeof k2, &t2);
        if (strcmp(k1, k2)) fail_msg("case %zu: '%s' != '%s'", i, k1, k2);
        assert_int_equal(t1.kind, CM_TOK_WORD);
        assert_int_equal(t1.hash, t2.hash);
    }
    /* Persian and Arabic-Indic digits: numbers with their value */
    char k[64];
    cm_token t;
    one_key("\xdb\xb1\xdb\xb4\xdb\xb0\xdb\xb0", k, sizeof k, &t); /* ۱۴۰۰ */
    assert_string_equal(k, "1400");
    assert_int_equal(t.kind, CM_TOK_NUM);
    assert_int_equal(t.num, 1400);
    one_key("\xd9\xa1\xd9\xa5", k, sizeof k, &t); /* ١٥ */
    assert_int_equal(t.kind, CM_TOK_NUM);
    assert_int_equal(t.num, 15);
    one_key("\xdb\xb1\xd9\xac\xdb\xb0\xdb\xb3\xdb\xb7", k, sizeof k, &t); /* ۱٬۰۳۷ */
    assert_string_equal(k, "1,037");
    assert_int_equal(t.kind, CM_TOK_NUM);
    /* "۱۵ اسد ۱۴۰۰، ۲۱مه": numbers, the Arabic comma folded, an ordinal suffix split off */
    const char *s = "\xdb\xb1\xdb\xb5 \xd8\xa7\xd8\xb3\xd8\xaf \xdb\xb1\xdb\xb4\xdb\xb0\xdb\xb0"
                    "\xd8\x8c \xdb\xb2\xdb\xb1\xd9\x85\xd9\x87 \xe2\x80\x8c\xd9\x80 x\xd8\x9b";
    cm_arena *a = cm_arena_new();
    cm_token *v;
    size_t n;
    assert_int_equal(cm_tokenize(s, strlen(s), a, &v, &n), CM_OK);
    const char *keys[] = {"15", "\xd8\xa7\xd8\xb3\xd8\xaf", "1400", ",", "21", "\xd9\x85\xd9\x87",
                          "\xe2\x80\x93", "x", ";"};
    assert_int_equal(n, sizeof keys / sizeof *keys);
    for (size_t i = 0; i < n; i++) assert_string_equal(v[i].key, keys[i]);
    assert_int_equal(v[0].num, 15);
    assert_int_equal(v[2].num, 1400);
    assert_int_equal(v[3].kind, CM_TOK_PUNCT);
    assert_int_equal(v[4].kind, CM_TOK_NUM);
    assert_int_equal(v[4].num, 21);
    assert_int_equal(v[5].kind, CM_TOK_WORD);
    assert_false(v[5].flags & CM_TOKF_SPACE); /* the suffix is written against its number */
    assert_int_equal(v[6].kind, CM_TOK_PUNCT); /* a tatweel alone (after a stray ZWNJ) is a dash */
    cm_arena_free(a);
}

static void test_load_all(void **state)
{
    (void)state;
    /* every *.tsv of the folder, sorted by language code */
    const char *langs[] = {"ar", "de", "en", "es", "fa", "fr", "id", "it", "ms",
                           "ps", "pt", "ru", "tr", "uk", "ur", "zh"};
    assert_true(lex.n >= sizeof langs / sizeof *langs);
    for (size_t i = 0; i < sizeof langs / sizeof *langs; i++)
        assert_non_null(cm_lexset_get(&lex, langs[i]));
    for (size_t i = 1; i < lex.n; i++)
        assert_true(strcmp(cm_lexicon_lang(lex.v[i - 1]), cm_lexicon_lang(lex.v[i])) < 0);
    for (size_t i = 0; i < lex.n; i++) {
        size_t n;
        cm_lexicon_entries(lex.v[i], CM_LEX_ACTION, &n);
        assert_true(n >= 30);
        cm_lexicon_entries(lex.v[i], CM_LEX_ACTOR, &n);
        /* Ukrainian names no side: its side words are a profile's
         * (profiles/ukraine/words/uk.tsv); it has the anaphors */
        assert_true(n >= (strcmp(cm_lexicon_lang(lex.v[i]), "uk") ? 20u : 5u));
        cm_lexicon_entries(lex.v[i], CM_LEX_DATE, &n);
        assert_true(n >= 20);
        cm_lexicon_entries(lex.v[i], CM_LEX_MONTH, &n);
        /* Chinese writes its months with numerals ("8月"): date rules, no names */
        if (strcmp(cm_lexicon_lang(lex.v[i]), "zh")) assert_true(n >= 12);
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

/* Hits of text under lexicon l, as "kind:phrase" strings joined by '|'. */
static void scan_with(const cm_lexicon *l, const char *text, char *out, size_t cap)
{
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
                                      "ignore", "retake_from", "option", "unit", "enum"};
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

static void scan(const char *lang, const char *text, char *out, size_t cap)
{
    scan_with(cm_lexset_get(&lex, lang), text, out, cap);
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
    assert_string_equal(got, "actor:The Taliban|hedge:reportedly|action:seized|anaphor:the provincial capital|unit:the provincial capital");
}

/* A lexicon from text (a temporary file), or NULL with the error in ctx. */
static cm_lexicon *lexicon_of(const char *content)
{
    char path[] = "/tmp/cm_lexXXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, content, strlen(content)), (ssize_t)strlen(content));
    close(fd);
    cm_lexicon *l = NULL;
    cm_status st = cm_lexicon_load(ctx, path, &l);
    unlink(path);
    return st ? NULL : l;
}

/* Clitics: a prefix on a phrase's first word, a suffix on its last, the rules
 * that keep them from splitting what is a word of its own. */
static void test_clitics(void **state)
{
    (void)state;
    cm_lexicon *l = lexicon_of("lang\txx\n"
                               "prefix\t\xd9\x88\n"                       /* و */
                               "prefix\t\xd8\xa8\n"                       /* ب */
                               "prefix\t\xd8\xa8\xd8\xa7\xd9\x84\n"           /* بال */
                               "prefix\t\xd9\x84\xd9\x84\t\xd8\xa7\xd9\x84\n"  /* لل, gives back ال */
                               "suffix\t\xd9\x87\xd8\xa7\n"                 /* ها */
                               "suffix\t'\xc4\xb1n\n"                     /* 'ın */
                               "suffix\t\xe2\x80\x99" "e\n"               /* ’e, folded to 'e */
                               "actor\t\xd8\xad\xd8\xb1\xd9\x83\xd8\xa9 \xd8\xb7\xd8\xa7\xd9\x84\xd8\xa8\xd8\xa7\xd9\x86\ttaliban\n" /* حركة طالبان */
                               "actor\ttaliban\ttaliban\n"
                               "actor\t\xd8\xa7\xd9\x84\xd9\x82\xd9\x88\xd8\xa7\xd8\xaa\tgovernment\n" /* القوات */
                               "actor\t\xd9\x88\xd8\xa7\xd9\x84\xd9\x8a\tgovernment\n" /* والي, governor */
                               "action\t\xd8\xb3\xd9\x8a\xd8\xb7\xd8\xb1\xd8\xaa\tcapture\tactive\n" /* سيطرت */
                               "action\t\xd8\xa7\xd9\x84\xd8\xb3\xd9\x8a\xd8\xb7\xd8\xb1\xd8\xa9 \xd8\xb9\xd9\x84\xd9\x89\tcapture\tnoun\n" /* السيطرة على */
                               "action\t\xd8\xb3\xd9\x8a\xd8\xb7\xd8\xb1\xd8\xa9\tcapture\tnoun\n" /* سيطرة */
                               "placeword\t\xd9\x81\xd9\x8a\n"                /* في */
                               "placeword\tkabil\n");
    assert_non_null(l);
    char got[1024];
    /* a prefix on the first word: وسيطرت حركة طالبان */
    scan_with(l, "\xd9\x88\xd8\xb3\xd9\x8a\xd8\xb7\xd8\xb1\xd8\xaa \xd8\xad\xd8\xb1\xd9\x83\xd8\xa9 "
                 "\xd8\xb7\xd8\xa7\xd9\x84\xd8\xa8\xd8\xa7\xd9\x86", got, sizeof got);
    assert_string_equal(got, "action:\xd9\x88\xd8\xb3\xd9\x8a\xd8\xb7\xd8\xb1\xd8\xaa|actor:\xd8\xad\xd8\xb1"
                             "\xd9\x83\xd8\xa9 \xd8\xb7\xd8\xa7\xd9\x84\xd8\xa8\xd8\xa7\xd9\x86");
    /* the longest reading: بالسيطرة على is ب + السيطرة على, not بال + سيطرة */
    scan_with(l, "\xd8\xa8\xd8\xa7\xd9\x84\xd8\xb3\xd9\x8a\xd8\xb7\xd8\xb1\xd8\xa9 \xd8\xb9\xd9\x84\xd9\x89",
              got, sizeof got);
    assert_string_equal(got, "action:\xd8\xa8\xd8\xa7\xd9\x84\xd8\xb3\xd9\x8a\xd8\xb7\xd8\xb1\xd8\xa9 "
                             "\xd8\xb9\xd9\x84\xd9\x89");
    /* بال + سيطرة when no longer phrase follows */
    scan_with(l, "\xd8\xa8\xd8\xa7\xd9\x84\xd8\xb3\xd9\x8a\xd8\xb7\xd8\xb1\xd8\xa9 .", got, sizeof got);
    assert_string_equal(got, "action:\xd8\xa8\xd8\xa7\xd9\x84\xd8\xb3\xd9\x8a\xd8\xb7\xd8\xb1\xd8\xa9");
    /* لل gives back ال: للقوات is ل + القوات */
    scan_with(l, "\xd9\x84\xd9\x84\xd9\x82\xd9\x88\xd8\xa7\xd8\xaa", got, sizeof got);
    assert_string_equal(got, "actor:\xd9\x84\xd9\x84\xd9\x82\xd9\x88\xd8\xa7\xd8\xaa");
    /* a word of the lexicon is itself: والي (governor), not و + الي */
    scan_with(l, "\xd9\x88\xd8\xa7\xd9\x84\xd9\x8a", got, sizeof got);
    assert_string_equal(got, "actor:\xd9\x88\xd8\xa7\xd9\x84\xd9\x8a");
    /* too short a stem: وفي is no و + في */
    scan_with(l, "\xd9\x88\xd9\x81\xd9\x8a", got, sizeof got);
    assert_string_equal(got, "");
    /* a suffix on the last word, a prefix on the first: وحركة طالبانها */
    scan_with(l, "\xd9\x88\xd8\xad\xd8\xb1\xd9\x83\xd8\xa9 \xd8\xb7\xd8\xa7\xd9\x84\xd8\xa8\xd8\xa7\xd9\x86"
                 "\xd9\x87\xd8\xa7", got, sizeof got);
    assert_string_equal(got, "actor:\xd9\x88\xd8\xad\xd8\xb1\xd9\x83\xd8\xa9 \xd8\xb7\xd8\xa7\xd9\x84\xd8\xa8"
                             "\xd8\xa7\xd9\x86\xd9\x87\xd8\xa7");
    /* ... but never on a word inside the phrase: حركةها طالبان */
    scan_with(l, "\xd8\xad\xd8\xb1\xd9\x83\xd8\xa9\xd9\x87\xd8\xa7 \xd8\xb7\xd8\xa7\xd9\x84\xd8\xa8\xd8\xa7\xd9\x86",
              got, sizeof got);
    assert_string_equal(got, "");
    /* a prefix inside the phrase is no prefix: حركة وطالبان */
    scan_with(l, "\xd8\xad\xd8\xb1\xd9\x83\xd8\xa9 \xd9\x88\xd8\xb7\xd8\xa7\xd9\x84\xd8\xa8\xd8\xa7\xd9\x86",
              got, sizeof got);
    assert_string_equal(got, "");
    /* Turkish case suffixes after an apostrophe (typographic or straight) */
    scan_with(l, "Taliban'\xc4\xb1n Kabil\xe2\x80\x99" "e Taliban'a Talibanın", got, sizeof got);
    assert_string_equal(got, "actor:Taliban'\xc4\xb1n|placeword:Kabil\xe2\x80\x99" "e");
    /* a word no clitic explains: nothing */
    scan_with(l, "\xd9\x88\xd9\x83\xd8\xaa\xd8\xa7\xd8\xa8", got, sizeof got); /* وكتاب */
    assert_string_equal(got, "");
    cm_lexicon_free(l);
    /* a clitic is letters */
    assert_null(lexicon_of("prefix\tw a\n"));
    assert_non_null(strstr(cm_ctx_message(ctx), ":1: a clitic is letters"));
    cm_ctx_clear(ctx);
    assert_null(lexicon_of("suffix\t'\n"));
    cm_ctx_clear(ctx);
    assert_null(lexicon_of("suffix\tha\tx\n"));
    assert_non_null(strstr(cm_ctx_message(ctx), ":1: a suffix takes no value"));
    cm_ctx_clear(ctx);
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

/* Persian and Pashto: month calendars, weekday names of two tokens, phrases
 * written with or without the zero-width non-joiner. */
static void test_words_arabic_script(void **state)
{
    (void)state;
    const cm_lexicon *fa = cm_lexset_get(&lex, "fa"), *ps = cm_lexset_get(&lex, "ps");
    cm_arena *a = cm_arena_new();
    cm_token *t;
    size_t n;
    /* اسد تیرماه اوت سه شنبه شنبه زمری */
    const char *s = "\xd8\xa7\xd8\xb3\xd8\xaf \xd8\xaa\xdb\x8c\xd8\xb1\xe2\x80\x8c\xd9\x85\xd8\xa7\xd9\x87 "
                    "\xd8\xa7\xd9\x88\xd8\xaa \xd8\xb3\xd9\x87 \xd8\xb4\xd9\x86\xd8\xa8\xd9\x87 "
                    "\xd8\xb4\xd9\x86\xd8\xa8\xd9\x87 \xd8\xb2\xd9\x85\xd8\xb1\xdb\x8c";
    assert_int_equal(cm_tokenize(s, strlen(s), a, &t, &n), CM_OK);
    assert_int_equal(n, 7);
    assert_int_equal(cm_lex_month(fa, &t[0]), 5);
    assert_int_equal(cm_lex_month_calendar(fa, &t[0]), CM_CAL_SOLAR_HIJRI);
    assert_int_equal(cm_lex_month(fa, &t[1]), 4);
    assert_int_equal(cm_lex_month(fa, &t[2]), 8);
    assert_int_equal(cm_lex_month_calendar(fa, &t[2]), CM_CAL_GREGORIAN);
    assert_int_equal(cm_lex_month(ps, &t[6]), 5);
    assert_int_equal(cm_lex_month_calendar(ps, &t[6]), CM_CAL_SOLAR_HIJRI);
    assert_true(cm_lexicon_solar(fa));
    assert_false(cm_lexicon_solar(cm_lexset_get(&lex, "en")));
    int wd;
    assert_int_equal(cm_lex_weekday_at(fa, &t[3], n - 3, &wd), 2); /* سه شنبه: Tuesday */
    assert_int_equal(wd, 2);
    assert_int_equal(cm_lex_weekday_at(fa, &t[5], n - 5, &wd), 1); /* شنبه: Saturday */
    assert_int_equal(wd, 6);
    assert_int_equal(cm_lex_weekday(fa, &t[3]), 0); /* سه alone is three */
    cm_arena_free(a);
    /* a verb with and without the ZWNJ, the Arabic kaf and yeh: one phrase */
    char got[2048];
    scan("fa", "\xd8\xb7\xd8\xa7\xd9\x84\xd8\xa8\xd8\xa7\xd9\x86 \xd8\xaa\xd8\xb5\xd8\xb1\xd9\x81 "
               "\xda\xa9\xd8\xb1\xd8\xaf\xd9\x87\xe2\x80\x8c\xd8\xa7\xd9\x86\xd8\xaf", got, sizeof got);
    char got2[2048];
    scan("fa", "\xd8\xb7\xd8\xa7\xd9\x84\xd8\xa8\xd8\xa7\xd9\x86 \xd8\xaa\xd8\xb5\xd8\xb1\xd9\x81 "
               "\xd9\x83\xd8\xb1\xd8\xaf\xd9\x87\xd8\xa7\xd9\x86\xd8\xaf", got2, sizeof got2);
    assert_non_null(strstr(got, "action:"));
    assert_non_null(strstr(got2, "action:"));
    assert_non_null(strstr(got, "actor:"));
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
    /* طالبان ولسوالی را تصرف کردند و این گروه از ... : Persian; طالبانو ولسوالۍ ونیوله چې ... : Pashto */
    k = detect("\xd8\xb7\xd8\xa7\xd9\x84\xd8\xa8\xd8\xa7\xd9\x86 \xd8\xa7\xdb\x8c\xd9\x86 "
               "\xd9\x88\xd9\x84\xd8\xb3\xd9\x88\xd8\xa7\xd9\x84\xdb\x8c \xd8\xb1\xd8\xa7 \xd8\xa8\xd8\xa7 "
               "\xd8\xad\xd9\x85\xd9\x84\xd9\x87 \xd8\xa7\xd8\xb2 \xd8\xb3\xd9\x87 \xd8\xb7\xd8\xb1\xd9\x81 "
               "\xd8\xaa\xd8\xb5\xd8\xb1\xd9\x81 \xda\xa9\xd8\xb1\xd8\xaf\xd9\x86\xd8\xaf.");
    assert_true(k >= 0);
    assert_string_equal(cm_lexicon_lang(lex.v[k]), "fa");
    k = detect("\xd8\xb7\xd8\xa7\xd9\x84\xd8\xa8\xd8\xa7\xd9\x86\xd9\x88 \xd8\xaf \xd9\x88\xd9\x84\xd8\xa7\xdb\x8c\xd8\xaa "
               "\xd9\x88\xd9\x84\xd8\xb3\xd9\x88\xd8\xa7\xd9\x84\xdb\x8d \xd9\x88\xd9\x86\xdb\x8c\xd9\x88\xd9\x84\xd9\x87 "
               "\xda\x86\xdb\x90 \xd9\xbe\xd9\x87 \xd8\xb3\xd9\x8a\xd9\x85\xd9\x87 \xda\xa9\xdb\x90 \xd8\xaf\xd9\x8a.");
    assert_true(k >= 0);
    assert_string_equal(cm_lexicon_lang(lex.v[k]), "ps");
    k = detect("Taliban seized Kunduz.");
    assert_true(k >= 0);
    assert_string_equal(cm_lexicon_lang(lex.v[k]), "en");
}

/* ---- Ukrainian ------------------------------------------------------------- */

/* Months in the genitive ("24 лютого") and the locative ("у березні"), their
 * abbreviations, weekdays with the apostrophe typed ' ’ or ʼ, number words. */
static void test_words_ukrainian(void **state)
{
    (void)state;
    const cm_lexicon *uk = cm_lexset_get(&lex, "uk");
    assert_non_null(uk);
    assert_string_equal(cm_lexicon_name(uk), "Ukrainian");
    cm_arena *a = cm_arena_new();
    cm_token *t;
    size_t n;
    const char *s = "лютого листопада березні серп п'ятницю п\xe2\x80\x99ятницю п\xca\xbcятницю "
                    "неділі середу п'ять лист лютий";
    assert_int_equal(cm_tokenize(s, strlen(s), a, &t, &n), CM_OK);
    assert_int_equal(n, 12);
    assert_int_equal(cm_lex_month(uk, &t[0]), 2);
    assert_int_equal(cm_lex_month(uk, &t[1]), 11);
    assert_int_equal(cm_lex_month(uk, &t[2]), 3);
    assert_int_equal(cm_lex_month(uk, &t[3]), 8); /* "серп." */
    assert_true(cm_lex_is_abbr(uk, &t[3]));
    for (size_t i = 4; i < 7; i++) assert_int_equal(cm_lex_weekday(uk, &t[i]), 5);
    assert_int_equal(cm_lex_weekday(uk, &t[7]), 7);
    assert_int_equal(cm_lex_weekday(uk, &t[8]), 3);
    assert_int_equal(cm_lex_number(uk, &t[9]), 5);
    assert_int_equal(cm_lex_month(uk, &t[10]), 0); /* лист, a letter: not "лист." (November) */
    assert_false(cm_lex_is_abbr(uk, &t[10]));
    assert_int_equal(cm_lex_month(uk, &t[11]), 2);
    cm_arena_free(a);
}

/* The entry of kind of the first hit of text that has one, or NULL. */
static const cm_lex_entry *first_entry(const cm_lexicon *l, const char *text, cm_lex_kind kind,
                                       cm_arena *a)
{
    cm_token *t;
    cm_lex_hit *h;
    size_t nt, nh;
    assert_int_equal(cm_tokenize(text, strlen(text), a, &t, &nt), CM_OK);
    assert_int_equal(cm_lex_scan(l, t, nt, a, &h, &nh), CM_OK);
    for (size_t i = 0; i < nh; i++)
        if (cm_lex_hit_get(&h[i], kind)) return cm_lex_hit_get(&h[i], kind);
    return NULL;
}

/* Actions with their voice, negation with its scope, hedges, attribution,
 * irrealis, and the phrases that only look like actions. */
static void test_scan_ukrainian(void **state)
{
    (void)state;
    static const char *cases[][2] = {
        {"ЗСУ звільнили Херсон 11 листопада 2022 року.",
         "action:звільнили"},
        {"Російським військам так і не вдалося захопити Київ.",
         "negation:так і не вдалося|action:захопити"},
        {"Росіяни нібито захопили Ізюм 1 квітня.",
         "hedge:нібито|action:захопили"},
        {"Сєвєродонецьк перейшов під контроль російських військ, повідомив голова "
         "обласної адміністрації.",
         "action:перейшов під контроль|attribution:повідомив"},
        {"Окупанти намагаються захопити Сєвєродонецьк.",
         "irrealis:намагаються|action:захопити"},
        {"Тривають запеклі бої за Бахмут.",
         "action:Тривають запеклі бої"},
        {"Окупанти захопили околиці Авдіївки.",
         "action:захопили|partial:околиці"},
        {"ЗСУ вибили окупантів з Ізюму.",
         "action:вибили+"},
        {"Херсон звільнено.",
         "action:звільнено"},
        {"Сили оборони звільнили с. Андріївка та с. Макарівка.",
         "action:звільнили|placeword:с|unit:с|list:та|placeword:с|unit:с"},
        /* dismissed from office, took part, left without power, a combat veteran */
        {"Його звільнили з посади, а бійці взяли участь у навчаннях.",
         "ignore:звільнили з посади|boundary:а|ignore:взяли участь|placeword:у"},
        {"Росіяни залишили Харків без світла.",
         "ignore:залишили+"},
        {"Він учасник бойових дій.",
         "ignore:учасник бойових дій"},
    };
    char got[2048];
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        scan("uk", cases[i][0], got, sizeof got);
        assert_string_equal(got, cases[i][1]);
    }
    /* "не повністю" denies the whole; "повністю" makes another negation one of the
     * whole; the voices of the passive and the state */
    static const struct {
        const char *text;
        cm_lex_kind kind;
        const char *phrase; /* the entry found */
        int flag;           /* a negation's flag (ival2), an action's voice */
    } flags[] = {
        {"Росіяни досі не повністю контролюють Бахмут.", CM_LEX_NEGATION, "не повністю",
         CM_NEG_WHOLE},
        {"Росіяни досі не контролюють Бахмут повністю.", CM_LEX_NEGATION, "не", CM_NEG_PLAIN},
        {"Бахмут повністю звільнено.", CM_LEX_NEGATION, "повністю", CM_NEG_DEGREE},
        {"Сєвєродонецьк перейшов під контроль росіян.", CM_LEX_ACTION, "перейшов під контроль",
         CM_VOICE_PASSIVE},
        {"Лисичанськ залишається під контролем ЗСУ.", CM_LEX_ACTION, "залишається під контролем",
         CM_VOICE_STATE},
    };
    cm_arena *a = cm_arena_new();
    const cm_lexicon *uk = cm_lexset_get(&lex, "uk");
    for (size_t i = 0; i < sizeof flags / sizeof *flags; i++) {
        const cm_lex_entry *e = first_entry(uk, flags[i].text, flags[i].kind, a);
        assert_non_null(e);
        assert_string_equal(e->text, flags[i].phrase);
        assert_int_equal(flags[i].kind == CM_LEX_NEGATION ? e->ival2 : e->voice, flags[i].flag);
    }
    cm_arena_free(a);
    /* the lexicon names no side: its actors are the anaphors */
    size_t n;
    const cm_lex_entry *const *v = cm_lexicon_entries(uk, CM_LEX_ACTOR, &n);
    for (size_t i = 0; i < n; i++) assert_int_equal(v[i]->code, CM_SIDE_ANAPHOR);
    cm_lexicon_entries(uk, CM_LEX_RETAKE_FROM, &n);
    assert_int_equal(n, 0);
}

/* The source tree: CM_SOURCE, else the one the tests were built from. */
static const char *source_dir(void)
{
    const char *src = getenv("CM_SOURCE");
    return src ? src : CM_SOURCE_DIR;
}

static const char *detect_lang(const char *text)
{
    int k = detect(text);
    return k >= 0 ? cm_lexicon_lang(lex.v[k]) : "-";
}

/* The body of a case file (after its header's blank line) detects as the
 * language its header names; returns the cases read, failures counted in *bad. */
static int detect_cases(const char *dir, int *bad)
{
    DIR *dp = opendir(dir);
    if (!dp) fail_msg("no folder %s", dir);
    int n = 0;
    struct dirent *de;
    while ((de = readdir(dp))) {
        size_t l = strlen(de->d_name);
        if (l < 5 || strcmp(de->d_name + l - 4, ".txt")) continue;
        char path[4600];
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        cm_buf b = {0};
        assert_int_equal(cm_file_read(ctx, path, 0, &b), CM_OK);
        const char *lang = strstr(b.p, "lang: "), *body = strstr(b.p, "\n\n");
        assert_non_null(lang);
        assert_non_null(body);
        char want[8];
        snprintf(want, sizeof want, "%.*s", (int)strcspn(lang + 6, "\n"), lang + 6);
        const char *got = detect_lang(body + 2);
        if (strcmp(got, want)) {
            fprintf(stderr, "%s: detected %s, not %s\n", path, got, want);
            (*bad)++;
        }
        cm_buf_free(&b);
        n++;
    }
    closedir(dp);
    return n;
}

/* Ukrainian and Russian share words ("в", "на", "не"); each text goes to its
 * own language: Ukrainian counts what Russian counts in it and its own words
 * besides; in a Russian text it counts only the shared ones. */
static void test_detect_ukrainian(void **state)
{
    (void)state;
    static const char *cases[][2] = {
        {"За словами голови обласної адміністрації, ЗСУ звільнили село, яке було окуповане з "
         "березня, та продовжують наступ.", "uk"},
        {"Українські війська звільнили Херсон, а російські окупанти відступили на лівий берег "
         "Дніпра.", "uk"},
        {"ЗСУ звільнили Херсон.", "uk"},
        /* a list of villages: "с." is a Russian stop word too */
        {"Сили оборони звільнили с. Андріївка, с. Благодатне та с. Макарівка.", "uk"},
        {"Как сообщает издание, украинские военные покинули город после того, как он был "
         "окружён.", "ru"},
        {"Российские войска взяли под контроль Херсон, сообщили в Минобороны России.", "ru"},
        {"В Херсоне идут бои, и город находится в полуокружении.", "ru"},
        {"Талибы захватили Кундуз.", "ru"},
        /* the prepositions and the negation shared (за, не, не), and Ukrainian's own
         * adverbs (досі, більше): a tie would go to Russian, which sorts first */
        {"Тривають бої за Бахмут. Росіяни досі не контролюють місто. ЗСУ більше не "
         "відступають.", "uk"},
        {"Идут бои за Бахмут. Россияне до сих пор не контролируют город. ВСУ больше не "
         "отступают.", "ru"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        if (strcmp(detect_lang(cases[i][0]), cases[i][1]))
            fail_msg("'%s': %s, not %s", cases[i][0], detect_lang(cases[i][0]), cases[i][1]);
    /* every case file, its header dropped: the Ukrainian cases, the Russian and English ones */
    char root[4096];
    snprintf(root, sizeof root, "%s/tests/cases", source_dir());
    static const char *dirs[] = {"ukraine/claims/uk", "ukraine/claims/ru", "ukraine/claims/en",
                                 "claims/ru", "claims/en"};
    int bad = 0, n = 0;
    for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++) {
        char dir[4400];
        snprintf(dir, sizeof dir, "%s/%s", root, dirs[i]);
        n += detect_cases(dir, &bad);
    }
    assert_true(n >= 45);
    assert_int_equal(bad, 0);
}

/* A lexicon made of the language's file and a profile's side words after it,
 * as the profile merges them. */
static cm_lexicon *with_words(const char *lang, const char *profile)
{
    char lp[4200], wp[4200];
    snprintf(lp, sizeof lp, "%s/%s.tsv", cm_lexicon_dir(), lang);
    snprintf(wp, sizeof wp, "%s/profiles/%s/words/%s.tsv", source_dir(), profile, lang);
    cm_buf b = {0}, w = {0};
    assert_int_equal(cm_file_read(ctx, lp, 0, &b), CM_OK);
    assert_int_equal(cm_file_read(ctx, wp, 0, &w), CM_OK);
    assert_int_equal(cm_buf_putc(&b, '\n'), CM_OK);
    assert_int_equal(cm_buf_append(&b, w.p, w.n), CM_OK);
    cm_lexicon *l = lexicon_of(b.p);
    if (!l) fail_msg("%s + %s: %s", lp, wp, cm_ctx_message(ctx));
    cm_buf_free(&b);
    cm_buf_free(&w);
    return l;
}

/* The ukraine profile's side words (profiles/ukraine/words/LANG.tsv): each
 * file loads on its own, names only russia and ukraine, and, merged with its
 * language, gives each sentence its side. */
static void test_ukraine_words(void **state)
{
    (void)state;
    static const char *langs[] = {"uk", "ru", "en"};
    for (size_t i = 0; i < 3; i++) {
        char wp[4200];
        snprintf(wp, sizeof wp, "%s/profiles/ukraine/words/%s.tsv", source_dir(), langs[i]);
        cm_lexicon *l = NULL;
        assert_int_equal(cm_lexicon_load(ctx, wp, &l), CM_OK);
        size_t n, side[2] = {0, 0};
        const cm_lex_entry *const *v = cm_lexicon_entries(l, CM_LEX_ACTOR, &n);
        for (size_t k = 0; k < n; k++) {
            if (strcmp(v[k]->sval, "russia") && strcmp(v[k]->sval, "ukraine"))
                fail_msg("%s:%d: side '%s'", wp, v[k]->line, v[k]->sval);
            side[!strcmp(v[k]->sval, "ukraine")]++;
        }
        assert_true(side[0] >= 30 && side[1] >= 30);
        v = cm_lexicon_entries(l, CM_LEX_RETAKE_FROM, &n);
        assert_int_equal(n, 1);
        assert_string_equal(v[0]->sval, "russia");
        cm_lexicon_free(l);
    }
    static const char *cases[][3] = {
        {"uk", "ЗСУ звільнили Херсон 11 листопада 2022 року.", "actor:ЗСУ|action:звільнили"},
        {"uk", "Російським військам так і не вдалося захопити Київ.",
         "actor:Російським військам|negation:так і не вдалося|action:захопити"},
        {"uk", "Лисичанськ залишається під контролем Збройних сил України.",
         "action:залишається під контролем|actor:Збройних сил України"},
        {"uk", "Бойовики «ДНР» оточили Маріуполь, вони штурмують місто.",
         "actor:Бойовики "
         "«ДНР»|action:оточили|actor:вони|action:штурмують|placeword:місто|unit:місто"},
        {"ru", "В субботу бойцы ЧВК «Вагнер» установили полный контроль над Бахмутом.",
         "placeword:В|actor:бойцы ЧВК «Вагнер»|action:установили полный контроль над"},
        {"ru", "Вооружённые силы Украины освободили Херсон.",
         "actor:Вооружённые силы Украины|action:освободили"},
        {"en", "Ukraine's armed forces liberated Kherson on Friday.",
         "actor:Ukraine's armed forces|action:liberated"},
        {"en", "Russian-backed separatists seized Lyman from the Ukrainians.",
         "actor:Russian-backed separatists|action:seized|from:from|actor:the Ukrainians"},
    };
    char got[2048];
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        cm_lexicon *l = with_words(cases[i][0], "ukraine");
        scan_with(l, cases[i][1], got, sizeof got);
        assert_string_equal(got, cases[i][2]);
        cm_lexicon_free(l);
    }
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
    expect_error("negation\tnot\nnegation\tnot fully\tbefore\tpartly\n", "2: unknown negation flag 'partly'");
    expect_error("skip\tread more\nskip\treuters\tstart\n", "2: skip takes no value or end, not 'start'");
    expect_error("boundary\twhen\ttime\nboundary\tthat\tplace\n", "2: boundary takes no value or time, not 'place'");
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
        cmocka_unit_test(test_tokenize), cmocka_unit_test(test_tokenize_arabic),
        cmocka_unit_test(test_load_all),
        cmocka_unit_test(test_scan),     cmocka_unit_test(test_words),
        cmocka_unit_test(test_words_arabic_script),
        cmocka_unit_test(test_detect),   cmocka_unit_test(test_errors),
        cmocka_unit_test(test_clitics),
        cmocka_unit_test(test_words_ukrainian), cmocka_unit_test(test_scan_ukrainian),
        cmocka_unit_test(test_detect_ukrainian), cmocka_unit_test(test_ukraine_words),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
