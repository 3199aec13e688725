/* test_acled: ACLED actor names to sides, ACLED rows to claims (the mapping of
 * docs/acled.md) with a made-up map of two districts, bad rows skipped or
 * refused under strict, and claims back out as ACLED-shaped rows. Rows written
 * for the project from ACLED's public codebook. */
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
#include "text/acled.h"
#include "../common/testprofile.h"

static cm_ctx *ctx;
static cm_lexicon *en;
static cm_acled_actors *actors;

static int setup(void **state)
{
    (void)state;
    char path[4096];
    ctx = cm_ctx_new();
    snprintf(path, sizeof path, "%s/en.tsv", CM_LEXICON_DIR);
    if (cm_lexicon_load_for(ctx, path, test_profile(), &en)) return -1;
    snprintf(path, sizeof path, "%s/gazetteer/acled-actors.tsv", CM_SOURCE_DIR);
    return cm_acled_actors_load(ctx, path, en, &actors) ? -1 : 0;
}

static int teardown(void **state)
{
    (void)state;
    cm_acled_actors_free(actors);
    cm_lexicon_free(en);
    cm_ctx_free(ctx);
    return 0;
}

static void test_actors(void **state)
{
    (void)state;
    cm_arena *a = cm_arena_new();
    const struct { const char *name, *side; } cases[] = {
        {"Taliban", "taliban"},
        {"Military Forces of Afghanistan (2004-2021)", "government"},
        {"military  forces of AFGHANISTAN (2021-)", "taliban"}, /* the Taliban's state forces */
        {"NRF: National Resistance Front", "resistance"},
        {"Islamic State (Afghanistan)", "isis"},                 /* the lexicon, without the brackets */
        {"Unidentified Armed Group (Afghanistan)", NULL},
        {"Hazara Ethnic Militia (Afghanistan)", NULL},          /* "militia" alone is not the whole name */
        {"TTP: Tehreek-i-Taliban Pakistan", NULL},
        {"", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const char *s = cm_acled_actor_side(actors, cases[i].name, a);
        if (cases[i].side) assert_non_null(s), assert_string_equal(s, cases[i].side);
        else assert_null(s);
    }
    assert_true(cm_acled_side_holds_ground(actors, "resistance"));
    assert_false(cm_acled_side_holds_ground(actors, "isis"));
    assert_false(cm_acled_side_holds_ground(actors, NULL));
    assert_string_equal(cm_acled_actor_name(actors, "government"), "Military Forces of Afghanistan (2004-2021)");
    cm_arena_free(a);
}

/* A made-up map: west of 69.4 is AF0907, east AF0912, both in AF09; south of 30 nothing. */
static bool locate(void *ud, double lon, double lat, int level, const char **pcode, const char **parent,
                   const char **name)
{
    (void)ud;
    if (lat < 30) return false;
    *pcode = level == 1 ? "AF09" : lon < 69.4 ? "AF0907" : "AF0912";
    *parent = level == 1 ? "AF" : "AF09";
    *name = level == 1 ? "Baghlan" : lon < 69.4 ? "Andarab" : "Pul-e-Hisar";
    return true;
}

#define HEAD "\xEF\xBB\xBF" "event_id_cnty,event_date,year,time_precision,event_type,sub_event_type,actor1,actor2,latitude,longitude,geo_precision,source,notes\r\n"

/* Imports csv; the output in *out (malloc'd), the status returned. */
static cm_status import(const char *csv, bool strict, cm_acled_stats *s, char **out)
{
    char path[] = "/tmp/test_acled_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, csv, strlen(csv)), (ssize_t)strlen(csv));
    close(fd);
    char *buf = NULL;
    size_t n = 0;
    FILE *fp = open_memstream(&buf, &n);
    cm_acled_in_opts o = {.actors = actors, .locate = locate, .strict = strict};
    cm_ctx_clear(ctx);
    cm_status st = cm_acled_import(ctx, path, &o, fp, s);
    fclose(fp);
    unlink(path);
    *out = buf;
    return st;
}

static void test_rows(void **state)
{
    (void)state;
    const char *csv = HEAD
        "A1,13 August 2021,2021,1,Battles,Non-state actor overtakes territory,Taliban,Military Forces of Afghanistan (2004-2021),35.6,69.2,1,Pajhwok,\"Taliban took Banu, \"\"the centre\"\".\"\r\n"
        "A2,2021-08-20,2021,1,Battles,Non-state actor overtakes territory,NRF: National Resistance Front,Taliban,35.6,69.5,1,Twitter,\"Retaken.\nTwo lines.\"\r\n"
        "A3,21-Aug-2021,2021,2,Battles,Armed clash,Taliban,Unidentified Armed Group (Afghanistan),35.6,69.5,2,,Clash.\r\n"
        "A4,1 August 2021,2021,3,Battles,Non-state actor overtakes territory,Taliban,,35.6,69.5,3,Taliban,Somewhere in Baghlan.\r\n"
        "A5,2 August 2021,2021,1,Protests,Peaceful protest,Protesters (Afghanistan),,35.6,69.5,1,Reuters,Protest.\r\n"
        "A6,2 August 2021,2020,1,Battles,Armed clash,Taliban,,35.6,69.5,1,x,Year disagrees.\r\n"
        "A7,2 August 2021,2021,4,Battles,Armed clash,Taliban,,35.6,69.5,1,x,Bad precision.\r\n"
        "A8,2 August 2021,2021,1,Battles,Armed clash,Taliban,,12.0,69.5,1,x,Off the map.\r\n"
        "A9,2 August 2021,2021,1,Explosions/Remote violence,Air/drone strike,Military Forces of Afghanistan (2004-2021),Taliban,35.6,69.5,1,x,Strike.\r\n";
    cm_acled_stats s;
    char *out;
    assert_int_equal(import(csv, false, &s, &out), CM_OK);
    assert_int_equal(s.rows, 9);
    assert_int_equal(s.claims, 5);
    assert_int_equal(s.painting, 3);
    assert_int_equal(s.bad, 2);
    assert_int_equal(s.no_claim, 1);
    assert_int_equal(s.outside, 1);
    assert_int_equal(s.unknown_names, 1);
    /* a capture by the Taliban, its notes unquoted, its provenance */
    assert_non_null(strstr(out, "{\"id\":\"A1:0:AF0907\",\"doc\":\"A1\",\"published\":null"));
    assert_non_null(strstr(out, "\"date\":\"2021-08-13\",\"date_precision\":1,\"date_text\":\"13 August 2021\""));
    assert_non_null(strstr(out, "\"actor\":\"taliban\",\"opponent\":\"government\",\"action\":\"capture\",\"controller\":\"taliban\",\"asserted_by\":\"Pajhwok\""));
    assert_non_null(strstr(out, "\"sentence\":\"Taliban took Banu, \\\"the centre\\\".\",\"offset\":0,\"length\":32"));
    /* taken from the Taliban: a retake; the line break kept */
    assert_non_null(strstr(out, "\"pcode\":\"AF0912\",\"province\":\"AF09\",\"place_kind\":\"district\""));
    assert_non_null(strstr(out, "\"actor\":\"resistance\",\"opponent\":\"taliban\",\"action\":\"retake\",\"controller\":\"resistance\""));
    assert_non_null(strstr(out, "\"sentence\":\"Retaken.\\nTwo lines.\""));
    /* a clash with an unknown group: contested, near (0.85) and in a week (0.95) */
    assert_non_null(strstr(out, "\"opponent\":null,\"action\":\"clash\",\"controller\":\"contested\",\"asserted_by\":\"ACLED\",\"confidence\":0.73"));
    /* only the province known: a report on it that paints nothing */
    assert_non_null(strstr(out, "\"id\":\"A4:0:AF09\""));
    assert_non_null(strstr(out, "\"place_kind\":\"province\",\"lat\":35.600000,\"lon\":69.500000,\"geo_precision\":3,\"actor\":\"taliban\",\"opponent\":null,\"action\":\"capture\",\"controller\":null"));
    /* an air strike: an attack that paints nothing */
    assert_non_null(strstr(out, "\"action\":\"attack\",\"controller\":null"));
    assert_null(strstr(out, "\"A5\""));
    free(out);

    /* strict: the first bad row fails, named by file and line (A2 spans lines 3-4) */
    assert_int_equal(import(csv, true, &s, &out), CM_PARSE);
    assert_non_null(strstr(cm_ctx_message(ctx), ":8: year 2020 disagrees with event_date 2 August 2021"));
    free(out);
}

static void test_header(void **state)
{
    (void)state;
    cm_acled_stats s;
    char *out;
    assert_int_equal(import("event_id_cnty,event_date,event_type,actor1,longitude\nA,2021-08-01,Battles,Taliban,69\n",
                            false, &s, &out), CM_PARSE);
    assert_non_null(strstr(cm_ctx_message(ctx), ":1: no column 'latitude' in the header"));
    free(out);
    assert_int_equal(import("", false, &s, &out), CM_PARSE);
    assert_non_null(strstr(cm_ctx_message(ctx), "empty: no header line"));
    free(out);
    /* a quote never closed: named by the line where its record starts */
    assert_int_equal(import(HEAD "A1,2021-08-01,2021,1,Battles,Armed clash,Taliban,,35.6,69.2,1,x,\"open\n", true, &s,
                            &out), CM_PARSE);
    assert_non_null(strstr(cm_ctx_message(ctx), ":2: a quoted field is not closed"));
    free(out);
}

static bool unit_name(void *ud, const char *pcode, const char **name)
{
    (void)ud;
    *name = !strcmp(pcode, "AF") ? "Afghanistan" : !strcmp(pcode, "AF09") ? "Baghlan" : "Andarab";
    return true;
}

static void test_export(void **state)
{
    (void)state;
    char path[] = "/tmp/test_acled_ev_XXXXXX";
    int fd = mkstemp(path);
    const char *ev =
        "{\"id\":\"a.txt:5:AF0907\",\"doc\":\"a.txt\",\"date\":\"2021-08-20\",\"date_precision\":1,\"place\":\"Andarab\",\"pcode\":\"AF0907\",\"province\":\"AF09\",\"lat\":35.6,\"lon\":69.2,\"geo_precision\":1,\"actor\":\"resistance\",\"opponent\":\"taliban\",\"action\":\"retake\",\"controller\":\"resistance\",\"negated\":false,\"sentence\":\"They said \\\"we, the people\\\".\"}\n"
        "{\"id\":\"a.txt:9:AF0907\",\"doc\":\"a.txt\",\"date\":\"2021-08-21\",\"pcode\":\"AF0907\",\"action\":\"capture\",\"negated\":true}\n"
        "{\"id\":\"a.txt:9:\",\"doc\":\"a.txt\",\"date\":null,\"pcode\":\"\",\"action\":\"capture\"}\n";
    assert_int_equal(write(fd, ev, strlen(ev)), (ssize_t)strlen(ev));
    close(fd);
    char *buf = NULL;
    size_t n = 0, rows, skipped;
    FILE *fp = open_memstream(&buf, &n);
    assert_int_equal(cm_acled_export(ctx, path, actors, unit_name, NULL, fp, &rows, &skipped), CM_OK);
    fclose(fp);
    unlink(path);
    assert_int_equal(rows, 1);
    assert_int_equal(skipped, 2);
    assert_non_null(strstr(buf, "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,"));
    assert_non_null(strstr(buf, "\r\na.txt:5:AF0907,2021-08-20,2021,1,Political violence,Battles,"
                                "Non-state actor overtakes territory,NRF: National Resistance Front,,,Taliban,,,,,,,"
                                "Afghanistan,Baghlan,Andarab,,Andarab,35.6000,69.2000,1,a.txt,,"
                                "\"They said \"\"we, the people\"\".\",,,\r\n"));
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_actors), cmocka_unit_test(test_rows),
                                       cmocka_unit_test(test_header), cmocka_unit_test(test_export)};
    return cmocka_run_group_tests(tests, setup, teardown);
}
