/* test_claim: the claim extractor.
 *
 * Part one builds the place mentions by hand, so the reading of sentences is
 * tested without a gazetteer. Part two runs the case table
 * tests/cases/claims/<lang>/NNN.txt (a header with date and lang, then the
 * text) against NNN.expected.jsonl: one line per claim, in text order, each
 * holding the keys to compare; no other claim may come out. It needs the test
 * gazetteer (CONFLICTMAP_GAZETTEER, the "gaz" fixture) and skips without it.
 * CM_CLAIM_DUMP=1 prints what each case yields. Texts written for the project. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "core/file.h"
#include "core/json.h"
#include "text/claim.h"
#include "text/claim_json.h"
#include "text/doc.h"
#include "text/gaz.h"
#include "text/mention.h"
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

static cm_day D(const char *s)
{
    cm_day d;
    assert_true(cm_day_parse(s, strlen(s), &d));
    return d;
}

/* ---- part one: mentions by hand ------------------------------------------- */

typedef struct {
    const char *name, *pcode, *province;
    cm_place_kind kind;
} place_def;

/* Every occurrence of every place in text, as mentions in text order. */
static size_t mentions(const char *text, const place_def *defs, cm_mention *out, size_t max)
{
    size_t n = 0;
    for (const place_def *d = defs; d->name; d++)
        for (const char *p = strstr(text, d->name); p && n < max; p = strstr(p + 1, d->name))
            out[n++] = (cm_mention){.off = (size_t)(p - text), .len = strlen(d->name),
                                    .surface = d->name, .name = d->name, .pcode = d->pcode,
                                    .province = d->province, .kind = d->kind,
                                    .foreign = !*d->pcode, .lat = 35.0, .lon = 69.0,
                                    .confidence = 0.95};
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && out[j - 1].off > out[j].off; j--) {
            cm_mention t = out[j];
            out[j] = out[j - 1];
            out[j - 1] = t;
        }
    return n;
}

static const place_def PLACES[] = {
    {"Afghanistan", "AF", "", CM_PLACE_COUNTRY},
    {"Tajikistan", "", "", CM_PLACE_FOREIGN},
    {"Kabul", "AF0101", "AF01", CM_PLACE_PPL},
    {"Baghlan", "AF09", "AF09", CM_PLACE_PROVINCE},
    {"Banu", "AF0907", "AF09", CM_PLACE_PPL},
    {"Pol-e-Hesar", "AF0912", "AF09", CM_PLACE_DISTRICT},
    {"De Salah", "AF0908", "AF09", CM_PLACE_DISTRICT},
    {"Panjshir", "AF08", "AF08", CM_PLACE_PROVINCE},
    {"Shotul", "AF0806", "AF08", CM_PLACE_DISTRICT},
    {"Kunduz", "AF1901", "AF19", CM_PLACE_PPL},
    {"Takhar", "AF18", "AF18", CM_PLACE_PROVINCE},
    {"Badakhshan", "AF17", "AF17", CM_PLACE_PROVINCE},
    {"Herat", "AF3201", "AF32", CM_PLACE_PPL},
    {NULL, NULL, NULL, 0}};

static bool units(void *ud, const char *pcode, bool capital, cm_claim_unit *out)
{
    (void)ud;
    static char buf[16];
    if (!capital && !strcmp(pcode, "AF")) {
        *out = (cm_claim_unit){"Afghanistan", "AF", "", 33.9, 67.7};
        return true;
    }
    if (!capital) return false;
    snprintf(buf, sizeof buf, "%s01", pcode);
    *out = (cm_claim_unit){!strcmp(pcode, "AF18") ? "Taloqan" : "Fayzabad", buf, pcode, 36.7, 69.5};
    return true;
}

typedef struct {
    cm_arena *a;
    cm_claim *c;
    size_t n;
} result;

static result run(const char *lang, const char *text, const char *published)
{
    result r = {.a = cm_arena_new()};
    cm_mention m[64];
    size_t nm = mentions(text, PLACES, m, 64);
    cm_claim_input in = {.text = text, .len = strlen(text), .lex = cm_lexset_get(&lex, lang),
                         .mentions = m, .nmentions = nm,
                         .published = published ? D(published) : CM_DAY_NONE,
                         .unit = units, .ctx = ctx, .doc_id = "t"};
    assert_non_null(in.lex);
    assert_int_equal(cm_claim_extract(&in, r.a, &r.c, &r.n), CM_OK);
    if (getenv("CM_CLAIM_DUMP")) {
        cm_claim_doc d = {.doc_id = "t", .published = in.published, .lang = lang, .text = text};
        cm_buf b = {0};
        for (size_t i = 0; i < r.n; i++) assert_int_equal(cm_claim_json(&b, &d, &r.c[i]), CM_OK);
        printf("-- %s\n%s", text, b.p ? b.p : "(none)\n");
        cm_buf_free(&b);
    }
    return r;
}

static void check(const cm_claim *c, const char *pcode, cm_action act, const char *actor,
                  const char *controller, const char *date, int prec)
{
    assert_string_equal(c->pcode, pcode);
    assert_string_equal(cm_action_name(c->action), cm_action_name(act));
    if (actor) assert_string_equal(c->actor, actor);
    else assert_null(c->actor);
    if (controller) assert_string_equal(c->controller, controller);
    else assert_null(c->controller);
    if (date) assert_int_equal(c->date, D(date));
    else assert_int_equal(c->date, CM_DAY_NONE);
    assert_int_equal(c->date_precision, prec);
}

/* "merebut distrik Banu, Pol-e-Hesar dan De Salah di Baghlan dari Taliban" is
 * three retakes by the resistance, from the Taliban, in Baghlan. */
static void test_list_retake(void **state)
{
    (void)state;
    const char *t = "Milisi lokal pada hari Jumat merebut distrik Banu, Pol-e-Hesar dan De Salah di "
                    "provinsi Baghlan, Afghanistan, dari Taliban.";
    result r = run("id", t, "2021-08-21");
    assert_int_equal(r.n, 3);
    const char *pc[] = {"AF0907", "AF0912", "AF0908"};
    for (size_t i = 0; i < 3; i++) {
        check(&r.c[i], pc[i], CM_ACT_RETAKE, "resistance", "resistance", "2021-08-20", 1);
        assert_string_equal(r.c[i].opponent, "taliban");
        assert_int_equal(r.c[i].geo_precision, 1);
        assert_false(r.c[i].negated);
        assert_false(r.c[i].hedged);
        assert_string_equal(r.c[i].asserted_by, "reporter");
        assert_int_equal(r.c[i].sent_off, 0);
        assert_int_equal(r.c[i].sent_len, strlen(t));
        assert_memory_equal(t + r.c[i].place_off, r.c[i].surface, r.c[i].place_len);
        assert_memory_equal(t + r.c[i].date_off, "pada hari Jumat", r.c[i].date_len);
    }
    cm_arena_free(r.a);
}

static void test_flags(void **state)
{
    (void)state;
    /* negation just before the verb */
    result r = run("id", "Taliban tidak merebut Kunduz.", "2021-08-09");
    assert_int_equal(r.n, 1);
    assert_true(r.c[0].negated);
    assert_false(r.c[0].hedged);
    double plain;
    cm_arena_free(r.a);
    r = run("id", "Taliban merebut Kunduz pada Minggu.", "2021-08-09");
    assert_int_equal(r.n, 1);
    plain = r.c[0].confidence;
    check(&r.c[0], "AF1901", CM_ACT_CAPTURE, "taliban", "taliban", "2021-08-08", 1);
    cm_arena_free(r.a);
    /* hedging lowers confidence; attribution names the source */
    r = run("id", "Taliban dilaporkan merebut Kunduz pada Minggu, kata seorang pejabat.", "2021-08-09");
    assert_int_equal(r.n, 1);
    assert_true(r.c[0].hedged);
    assert_true(r.c[0].confidence < plain);
    assert_string_equal(r.c[0].asserted_by, "seorang pejabat");
    cm_arena_free(r.a);
    r = run("en", "The Taliban almost captured Kunduz, according to local officials.", "2021-08-09");
    assert_int_equal(r.n, 1);
    assert_true(r.c[0].hedged);
    assert_string_equal(r.c[0].asserted_by, "local officials");
    cm_arena_free(r.a);
    r = run("en", "The resistance never retook Banu.", "2021-08-30");
    assert_int_equal(r.n, 1);
    assert_true(r.c[0].negated);
    assert_string_equal(r.c[0].actor, "resistance");
    cm_arena_free(r.a);
    /* what may happen is no claim */
    r = run("id", "Taliban mengancam akan menyerang Kabul. Jika Taliban merebut Herat, perang berlanjut.",
            "2021-08-09");
    assert_int_equal(r.n, 0);
    cm_arena_free(r.a);
    r = run("en", "The Taliban threatened to attack Kabul.", "2021-08-09");
    assert_int_equal(r.n, 0);
    cm_arena_free(r.a);
    /* no action word, no place: nothing */
    r = run("id", "Perundingan berlangsung di Kabul antara utusan Taliban dan tokoh-tokoh dari Panjshir.", "2021-08-09");
    assert_int_equal(r.n, 0);
    cm_arena_free(r.a);
    r = run("id", "Taliban mengambil alih kekuasaan, dan masa depan Afghanistan masih belum jelas.",
            "2021-08-09");
    assert_int_equal(r.n, 0);
    cm_arena_free(r.a);
}

static void test_voices(void **state)
{
    (void)state;
    /* passive with an agent; a place near another is only a reference */
    result r = run("id", "Distrik Pol-e-Hesar, yang direbut kembali oleh pasukan perlawanan pada hari "
                         "Jumat, berbatasan dengan Panjshir.",
                   "2021-08-21");
    assert_int_equal(r.n, 1);
    check(&r.c[0], "AF0912", CM_ACT_RETAKE, "resistance", "resistance", "2021-08-20", 1);
    cm_arena_free(r.a);
    /* a holder named only by the side it is free of */
    r = run("id", "Lembah Panjshir di Afghanistan utara masih bebas dari Taliban, kata pasukan perlawanan.",
            "2021-08-21");
    assert_int_equal(r.n, 1);
    check(&r.c[0], "AF08", CM_ACT_HOLD, "resistance", "resistance", "2021-08-21", 2);
    assert_string_equal(r.c[0].opponent, "taliban");
    assert_int_equal(r.c[0].geo_precision, 3);
    assert_string_equal(r.c[0].date_source, "published");
    cm_arena_free(r.a);
    /* a reference point is not a target */
    r = run("id", "Taliban merebut Shotul, sekitar 100 km dari Kabul.", "2021-09-02");
    assert_int_equal(r.n, 1);
    assert_string_equal(r.c[0].pcode, "AF0806");
    cm_arena_free(r.a);
    /* part of a place: a claim that repaints nothing; near a place: geo_precision 2 */
    r = run("id", "Taliban merebut sebagian Kunduz. Pasukan pemerintah mundur dari dekat Herat.",
            "2021-08-09");
    assert_int_equal(r.n, 2);
    assert_true(r.c[0].partial);
    assert_null(r.c[0].controller);
    assert_int_equal(r.c[0].geo_precision, 2);
    assert_string_equal(cm_action_name(r.c[1].action), "withdraw");
    assert_string_equal(r.c[1].actor, "government");
    assert_null(r.c[1].controller);
    assert_true(r.c[1].near);
    assert_int_equal(r.c[1].geo_precision, 2);
    cm_arena_free(r.a);
    /* German: the participle last */
    r = run("de", "Die Taliban haben am Sonntag Kabul erobert.", "2021-08-16");
    assert_int_equal(r.n, 1);
    check(&r.c[0], "AF0101", CM_ACT_CAPTURE, "taliban", "taliban", "2021-08-15", 1);
    cm_arena_free(r.a);
    r = run("de", "Kunduz wurde von den Taliban erobert.", "2021-08-09");
    assert_int_equal(r.n, 1);
    check(&r.c[0], "AF1901", CM_ACT_CAPTURE, "taliban", "taliban", "2021-08-09", 2);
    cm_arena_free(r.a);
    /* English passive and noun forms */
    r = run("en", "Kunduz fell to the Taliban on Sunday. The siege of Herat went on.", "2021-08-09");
    assert_int_equal(r.n, 2);
    check(&r.c[0], "AF1901", CM_ACT_CAPTURE, "taliban", "taliban", "2021-08-08", 1);
    check(&r.c[1], "AF3201", CM_ACT_SIEGE, "taliban", "contested", "2021-08-08", 1); /* the paragraph's date */
    cm_arena_free(r.a);
}

static void test_anaphors(void **state)
{
    (void)state;
    /* the provincial capitals of the provinces just named */
    result r = run("id", "Takhar dan Badakhshan kini hampir seluruhnya dikuasai oleh kelompok Islam "
                         "radikal; hanya ibu kota provinsi yang tetap di bawah kendali angkatan bersenjata Afghanistan.",
                   "2021-07-05");
    assert_int_equal(r.n, 4);
    check(&r.c[0], "AF18", CM_ACT_CAPTURE, "taliban", "taliban", "2021-07-05", 2);
    check(&r.c[1], "AF17", CM_ACT_CAPTURE, "taliban", "taliban", "2021-07-05", 2);
    check(&r.c[2], "AF1801", CM_ACT_HOLD, "government", "government", "2021-07-05", 2);
    check(&r.c[3], "AF1701", CM_ACT_HOLD, "government", "government", "2021-07-05", 2);
    assert_true(r.c[0].hedged);
    assert_string_equal(r.c[2].place, "Taloqan");
    assert_int_equal(r.c[2].geo_precision, 1);
    cm_arena_free(r.a);
    /* "the country" without a country named: the unit callback's Afghanistan;
     * undated, it takes the date of the Kabul claim it contains */
    r = run("en", "On Sunday the Taliban seized Kabul.\n\nHours later the Taliban controlled the country.",
            "2021-08-17");
    assert_int_equal(r.n, 2);
    check(&r.c[0], "AF0101", CM_ACT_CAPTURE, "taliban", "taliban", "2021-08-15", 1);
    check(&r.c[1], "AF", CM_ACT_HOLD, "taliban", "taliban", "2021-08-15", 1);
    assert_string_equal(r.c[1].date_source, "related");
    cm_arena_free(r.a);
    /* actor anaphor: "mereka" is the side named last */
    r = run("id", "Juru bicara pasukan perlawanan mengklaim bahwa mereka merebut kembali Banu dari Taliban.",
            "2021-08-21");
    assert_int_equal(r.n, 1);
    assert_string_equal(r.c[0].actor, "resistance");
    assert_string_equal(r.c[0].asserted_by, "Juru bicara pasukan perlawanan");
    assert_true(r.c[0].hedged);
    cm_arena_free(r.a);
}

/* Fighting reported with the outcome on the same day is the fighting that
 * decided it; the paragraph carries a date forward. */
static void test_document_rules(void **state)
{
    (void)state;
    /* (not "Pada hari yang sama": that is a date of its own, prev_day) */
    result r = run("id", "Pertempuran sengit terjadi di Banu pada Kamis (19/8/2021). Sesudahnya "
                         "milisi lokal merebut kembali Banu dari Taliban.\n\nTaliban mengepung Herat.",
                   "2021-08-21");
    assert_int_equal(r.n, 3);
    check(&r.c[0], "AF0907", CM_ACT_CLASH, "resistance", NULL, "2021-08-19", 1);
    check(&r.c[1], "AF0907", CM_ACT_RETAKE, "resistance", "resistance", "2021-08-19", 1);
    assert_string_equal(r.c[1].date_source, "paragraph");
    check(&r.c[2], "AF3201", CM_ACT_SIEGE, "taliban", "contested", "2021-08-21", 2);
    cm_arena_free(r.a);
    /* a historical year leaves a claim undated */
    r = run("id", "Taliban merebut Kabul pada tahun 1996.", "2021-08-21");
    assert_int_equal(r.n, 1);
    assert_int_equal(r.c[0].date, CM_DAY_NONE);
    assert_null(r.c[0].date_source);
    cm_arena_free(r.a);
    /* a foreign place is never a target; boilerplate is skipped */
    r = run("id", "Taliban menyerang Tajikistan.\nBaca juga: Taliban merebut Kunduz", "2021-08-21");
    assert_int_equal(r.n, 0);
    cm_arena_free(r.a);
}

static void test_json(void **state)
{
    (void)state;
    const char *t = "Taliban merebut \"Kunduz\" pada Minggu.";
    result r = run("id", t, "2021-08-09");
    assert_int_equal(r.n, 1);
    cm_claim_doc d = {.doc_id = "doc-1", .published = D("2021-08-09"), .published_inferred = true,
                      .lang = "id", .text = t, .base_off = 100};
    cm_buf b = {0};
    assert_int_equal(cm_claim_json(&b, &d, &r.c[0]), CM_OK);
    assert_int_equal(b.p[b.n - 1], '\n');
    cm_json_obj o;
    size_t eo;
    assert_int_equal(cm_json_parse_object(b.p, b.n, r.a, &o, &eo), CM_OK);
    const char *keys[] = {"id", "doc", "published", "published_inferred", "lang", "date",
                          "date_precision", "date_text", "date_source", "place", "surface", "pcode",
                          "province", "place_kind", "lat", "lon", "geo_precision", "actor",
                          "opponent", "action", "controller", "asserted_by", "confidence",
                          "negated", "hedged", "partial", "near", "sentence", "offset", "length"};
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
        if (!cm_json_get(&o, keys[i])) fail_msg("key %s missing", keys[i]);
    assert_string_equal(cm_json_get_str(&o, "id"), "doc-1:108:AF1901");
    assert_string_equal(cm_json_get_str(&o, "date"), "2021-08-08");
    assert_string_equal(cm_json_get_str(&o, "date_text"), "pada Minggu");
    assert_string_equal(cm_json_get_str(&o, "sentence"), t);
    double v;
    assert_true(cm_json_get_num(&o, "offset", &v));
    assert_int_equal((int)v, 100);
    assert_true(cm_json_get_num(&o, "length", &v));
    assert_int_equal((int)v, (int)strlen(t));
    assert_true(cm_json_get(&o, "published_inferred")->num == 1);
    assert_int_equal(cm_json_get(&o, "opponent")->kind, CM_JSON_NULL);
    cm_buf_free(&b);
    cm_arena_free(r.a);
}

/* ---- part two: the case table with the gazetteer ---------------------------- */

static bool same_member(const cm_json_member *want, const cm_json_member *got)
{
    if (!got) return false;
    if (want->kind == CM_JSON_NUM && got->kind == CM_JSON_NUM) return fabs(want->num - got->num) < 1e-9;
    if (want->kind != got->kind) return false;
    if (want->kind == CM_JSON_STR) return !strcmp(want->str, got->str);
    if (want->kind == CM_JSON_BOOL) return want->num == got->num;
    return true;
}

static int run_case(const cm_gaz *g, cm_claim_units *units, const char *dir, const char *name,
                    bool dump)
{
    char path[8500], exp[8600];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    snprintf(exp, sizeof exp, "%.*s.expected.jsonl", (int)(strlen(path) - 4), path);
    cm_arena *a = cm_arena_new();
    cm_buf text = {0}, want = {0}, line = {0};
    int failed = 0;
    assert_int_equal(cm_file_read(ctx, path, 0, &text), CM_OK);
    cm_doc d;
    cm_doc_opts o = {.lexset = &lex};
    assert_int_equal(cm_doc_parse_txt(ctx, path, text.p, text.n, a, &d), CM_OK);
    assert_int_equal(cm_doc_analyse(ctx, &d, &o, a), CM_OK);
    assert_non_null(d.lex);
    cm_claim *c;
    size_t nc;
    assert_int_equal(cm_claim_doc_extract(ctx, &d, g, units, a, &c, &nc), CM_OK);
    cm_claim_doc cd = {d.id, d.date, d.date_inferred, d.lang, d.text, d.text_off, d.map, d.url};
    if (dump) {
        printf("== %s\n", path);
        for (size_t i = 0; i < nc; i++) {
            cm_buf_clear(&line);
            assert_int_equal(cm_claim_json(&line, &cd, &c[i]), CM_OK);
            fputs(line.p, stdout);
        }
    }
    bool have = cm_file_read(ctx, exp, 0, &want) == CM_OK;
    if (!have) {
        fprintf(stderr, "%s: no expected file\n", exp);
        cm_ctx_clear(ctx);
        failed++;
    }
    size_t k = 0;
    for (char *p = want.p, *e; have && p && *p; p = e ? e + 1 : NULL) {
        e = strchr(p, '\n');
        size_t ln = e ? (size_t)(e - p) : strlen(p);
        if (!ln) continue;
        cm_json_obj wo, go;
        size_t eo;
        if (cm_json_parse_object(p, ln, a, &wo, &eo)) {
            fprintf(stderr, "%s: claim %zu: malformed JSON\n", exp, k + 1);
            failed++;
            break;
        }
        if (k >= nc) {
            fprintf(stderr, "%s: claim %zu expected, only %zu came out\n", exp, k + 1, nc);
            failed++;
            break;
        }
        cm_buf_clear(&line);
        assert_int_equal(cm_claim_json(&line, &cd, &c[k]), CM_OK);
        assert_int_equal(cm_json_parse_object(line.p, line.n, a, &go, &eo), CM_OK);
        for (size_t i = 0; i < wo.n; i++)
            if (!same_member(&wo.m[i], cm_json_get(&go, wo.m[i].key))) {
                fprintf(stderr, "%s: claim %zu: %s differs: got %s", exp, k + 1, wo.m[i].key, line.p);
                failed++;
                break;
            }
        k++;
    }
    if (have && k < nc) {
        fprintf(stderr, "%s: %zu claims came out, %zu expected\n", exp, nc, k);
        failed++;
    }
    cm_buf_free(&text);
    cm_buf_free(&want);
    cm_buf_free(&line);
    cm_arena_free(a);
    return failed;
}

static int namecmp(const void *x, const void *y)
{
    return strcmp(*(char *const *)x, *(char *const *)y);
}

static void test_case_table(void **state)
{
    (void)state;
    const char *gp = getenv("CONFLICTMAP_GAZETTEER");
    struct stat sb;
    if (!gp || stat(gp, &sb)) {
        fprintf(stderr, "no gazetteer (CONFLICTMAP_GAZETTEER): case table skipped\n");
        skip();
    }
    cm_gaz *g;
    assert_int_equal(cm_gaz_open(ctx, gp, &g), CM_OK);
    cm_claim_units *units;
    assert_int_equal(cm_claim_units_new(g, &units), CM_OK);
    /* the units behind "the country" and "the provincial capital" */
    cm_claim_unit u;
    assert_true(cm_claim_units_lookup(units, "AF", false, &u));
    assert_string_equal(u.pcode, "AF");
    assert_true(cm_claim_units_lookup(units, "AF0907", false, &u));
    assert_string_equal(u.name, "Andarab");
    assert_true(cm_claim_units_lookup(units, "AF18", true, &u));
    assert_string_equal(u.pcode, "AF1801");
    assert_string_equal(u.name, "Taloqan");
    assert_true(cm_claim_units_lookup(units, "AF08", true, &u));
    assert_string_equal(u.pcode, "AF0801");
    assert_false(cm_claim_units_lookup(units, "AF99", false, &u));
    const char *src = getenv("CM_SOURCE");
    bool dump = getenv("CM_CLAIM_DUMP") != NULL;
    int failed = 0, ncases = 0;
    /* every language folder of tests/cases/claims, in name order */
    char root[4096];
    snprintf(root, sizeof root, "%s/tests/cases/claims", src ? src : CM_SOURCE_DIR);
    DIR *rp = opendir(root);
    assert_non_null(rp);
    char *langs[64];
    size_t nl = 0;
    struct dirent *le;
    while ((le = readdir(rp)) && nl < 64)
        if (le->d_name[0] != '.') langs[nl++] = strdup(le->d_name);
    closedir(rp);
    qsort(langs, nl, sizeof *langs, namecmp);
    assert_true(nl >= 3);
    for (size_t l = 0; l < nl; l++) {
        char dir[4400];
        snprintf(dir, sizeof dir, "%s/%s", root, langs[l]);
        free(langs[l]);
        DIR *dp = opendir(dir);
        assert_non_null(dp);
        char *names[256];
        size_t nn = 0;
        struct dirent *de;
        while ((de = readdir(dp)) && nn < 256) {
            size_t n = strlen(de->d_name);
            if (n > 4 && !strcmp(de->d_name + n - 4, ".txt")) names[nn++] = strdup(de->d_name);
        }
        closedir(dp);
        qsort(names, nn, sizeof *names, namecmp);
        for (size_t i = 0; i < nn; i++) {
            failed += run_case(g, units, dir, names[i], dump);
            ncases++;
            free(names[i]);
        }
    }
    cm_claim_units_free(units);
    cm_gaz_close(g);
    assert_true(ncases >= 15);
    assert_int_equal(failed, 0);
}

/* ---- explain mode ------------------------------------------------------------ */

typedef struct {
    cm_arena *a;
    cm_claim *c;
    size_t n;
    cm_claim_miss *m;
    size_t nm;
    cm_buf text; /* cm_claim_explain's output */
} explained;

static explained explain_en(const char *text)
{
    explained r = {.a = cm_arena_new()};
    cm_mention m[64];
    size_t nm = mentions(text, PLACES, m, 64);
    const cm_lexicon *en = cm_lexset_get(&lex, "en");
    cm_claim_input in = {.text = text, .len = strlen(text), .lex = en, .mentions = m,
                         .nmentions = nm, .published = D("2021-08-16"), .unit = units,
                         .ctx = ctx, .doc_id = "t"};
    assert_int_equal(cm_claim_extract_explained(&in, r.a, &r.c, &r.n, &r.m, &r.nm), CM_OK);
    cm_claim_doc d = {.doc_id = "t", .published = in.published, .lang = "en", .text = text};
    assert_int_equal(cm_claim_explain(&r.text, &d, en, r.c, r.n, r.m, r.nm), CM_OK);
    if (getenv("CM_CLAIM_DUMP")) printf("%s", r.text.p);
    return r;
}

static void explained_free(explained *r)
{
    cm_buf_free(&r->text);
    cm_arena_free(r->a);
}

/* The line of the first entry of kind whose phrase is text. */
static int lex_line(cm_lex_kind kind, const char *text)
{
    size_t n;
    const cm_lex_entry *const *e = cm_lexicon_entries(cm_lexset_get(&lex, "en"), kind, &n);
    for (size_t i = 0; i < n; i++)
        if (!strcmp(e[i]->text, text)) return e[i]->line;
    fail_msg("no entry '%s' in en.tsv", text);
    return 0;
}

static void test_explain_claim(void **state)
{
    (void)state;
    explained r = explain_en("The Taliban seized Kunduz on Sunday. Kabul was calm.");
    assert_int_equal(r.n, 1);
    const cm_claim_why *w = r.c[0].why;
    assert_non_null(w);
    assert_int_equal(w->trigger->line, lex_line(CM_LEX_ACTION, "seized"));
    assert_int_equal(w->actor->kind, CM_LEX_ACTOR);
    assert_string_equal(w->actor_how, "subject before the verb");
    assert_non_null(w->date_rule);
    assert_string_equal(w->controller_rule, "taken or held by a side that holds ground");
    char want[64];
    snprintf(want, sizeof want, "'seized' (en.tsv:%d, active)", lex_line(CM_LEX_ACTION, "seized"));
    assert_non_null(strstr(r.text.p, want));
    assert_non_null(strstr(r.text.p, "AF1901 Kunduz taliban 2021-08-15"));
    /* the sentence without an action word */
    assert_int_equal(r.nm, 1);
    assert_int_equal(r.m[0].reason, CM_MISS_NO_ACTION);
    assert_string_equal(r.m[0].pcode, "AF0101");
    explained_free(&r);
    /* without the flag, no why */
    result p = run("en", "The Taliban seized Kunduz on Sunday.", "2021-08-16");
    assert_int_equal(p.n, 1);
    assert_null(p.c[0].why);
    cm_arena_free(p.a);
}

static void test_explain_container(void **state)
{
    (void)state;
    explained r = explain_en("The Taliban captured three districts in Badakhshan on Friday.");
    assert_int_equal(r.n, 0);
    assert_int_equal(r.nm, 1);
    assert_int_equal(r.m[0].reason, CM_MISS_CONTAINER);
    assert_non_null(r.m[0].entry);
    assert_int_equal(r.m[0].entry->kind, CM_LEX_UNIT);
    assert_true(r.m[0].waiting);
    assert_non_null(strstr(r.text.p, "no claim: 'Badakhshan'"));
    assert_non_null(strstr(r.text.p, "container after unit 'districts'"));
    explained_free(&r);
}

static void test_explain_irrealis(void **state)
{
    (void)state;
    explained r = explain_en("The Taliban will attack Herat, a commander said.");
    assert_int_equal(r.n, 0);
    assert_int_equal(r.nm, 1);
    assert_int_equal(r.m[0].reason, CM_MISS_IRREALIS);
    assert_int_equal(r.m[0].entry->kind, CM_LEX_IRREALIS);
    char want[64];
    snprintf(want, sizeof want, "irrealis/future 'will' (en.tsv:%d)", lex_line(CM_LEX_IRREALIS, "will"));
    assert_non_null(strstr(r.text.p, want));
    explained_free(&r);
}

static void test_explain_ref(void **state)
{
    (void)state;
    explained r = explain_en("Heavy fighting was reported 40 km from Kabul on Monday.");
    assert_int_equal(r.n, 0);
    assert_int_equal(r.nm, 1);
    assert_int_equal(r.m[0].reason, CM_MISS_REF);
    assert_int_equal(r.m[0].entry->kind, CM_LEX_REF);
    explained_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_list_retake), cmocka_unit_test(test_flags),
        cmocka_unit_test(test_voices),      cmocka_unit_test(test_anaphors),
        cmocka_unit_test(test_document_rules), cmocka_unit_test(test_json),
        cmocka_unit_test(test_case_table),
        cmocka_unit_test(test_explain_claim), cmocka_unit_test(test_explain_container),
        cmocka_unit_test(test_explain_irrealis), cmocka_unit_test(test_explain_ref),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
