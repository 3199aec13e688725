// labels: model
/* Unit tests for src/model/timeline and src/model/hier: the control rule, the
 * loaders, the hierarchy handed in by the caller (here built by hand), and a
 * profile of four sides with codes of another shape. */
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

#include "model/hier.h"
#include "model/timeline.h"

/* The afghanistan profile and the sides' controllers in it. */
static cm_profile *AFP;
static cm_controller TALIBAN, GOVERNMENT, RESISTANCE, ISIS;
/* The units the tests name, with their parents: what a caller takes from
 * the boundaries. */
static cm_hier *H;

static int setup(void **state)
{
    (void)state;
    cm_ctx *ctx = cm_ctx_new();
    if (cm_profile_load(ctx, "afghanistan", CM_SOURCE_DIR, &AFP)) return -1;
    TALIBAN = cm_profile_ctrl_parse(AFP, "taliban", 7);
    GOVERNMENT = cm_profile_ctrl_parse(AFP, "government", 10);
    RESISTANCE = cm_profile_ctrl_parse(AFP, "resistance", 10);
    ISIS = cm_profile_ctrl_parse(AFP, "isis", 4);
    static const char *const links[][2] = {
        {"AF01", "AF"},     {"AF08", "AF"},     {"AF09", "AF"},     {"AF17", "AF"},     {"AF27", "AF"},
        {"AF0101", "AF01"}, {"AF0801", "AF08"}, {"AF0806", "AF08"}, {"AF0907", "AF09"}, {"AF0908", "AF09"},
        {"AF0912", "AF09"}, {"AF1701", "AF17"}, {"AF1702", "AF17"}, {"AF1704", "AF17"}, {"AF2701", "AF27"},
        {"AF", NULL}};
    if (!(H = cm_hier_new())) return -1;
    for (size_t i = 0; i < sizeof links / sizeof *links; i++)
        if (cm_hier_set(H, ctx, links[i][0], links[i][1])) return -1;
    cm_ctx_free(ctx);
    return TALIBAN == 1 && RESISTANCE == 3 && ISIS > 3 ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    cm_hier_free(H);
    cm_profile_free(AFP);
    return 0;
}

/* A timeline of the afghanistan profile with the hierarchy above. */
static cm_timeline *new_tl(void)
{
    cm_timeline *tl = cm_timeline_new(AFP);
    assert_non_null(tl);
    cm_timeline_set_parents(tl, cm_hier_parent, H);
    return tl;
}

static cm_day D(const char *s)
{
    cm_day d;
    assert_true(cm_day_parse(s, strlen(s), &d));
    return d;
}

static void add(cm_timeline *tl, const char *pcode, cm_controller c, const char *from, const char *to,
                const char *src)
{
    cm_tl_fact f = {.pcode = pcode, .ctrl = c, .from = D(from), .to = to ? D(to) : CM_DAY_NONE,
                    .source = src, .confidence = 1};
    assert_int_equal(cm_timeline_add(tl, NULL, &f), CM_OK);
}

static void test_hierarchy(void **state)
{
    (void)state;
    cm_timeline *tl = new_tl();
    add(tl, "AF", TALIBAN, "2021-08-15", NULL, "a");
    add(tl, "AF08", RESISTANCE, "2021-08-15", NULL, "a");
    /* Same date: the smaller unit wins. */
    assert_int_equal(cm_timeline_at(tl, "AF0801", D("2021-08-21"), NULL), RESISTANCE);
    assert_int_equal(cm_timeline_at(tl, "AF2701", D("2021-08-21"), NULL), TALIBAN);
    /* Before any fact: no information. */
    assert_int_equal(cm_timeline_at(tl, "AF2701", D("2021-08-14"), NULL), CM_CTRL_NONE);
    /* A district fact older than a province fact loses to it. */
    add(tl, "AF0907", GOVERNMENT, "2021-07-01", NULL, "b");
    add(tl, "AF09", TALIBAN, "2021-08-01", NULL, "b");
    assert_int_equal(cm_timeline_at(tl, "AF0907", D("2021-07-15"), NULL), GOVERNMENT);
    assert_int_equal(cm_timeline_at(tl, "AF0907", D("2021-08-02"), NULL), TALIBAN);
    /* A more recent district fact wins over the province. */
    add(tl, "AF0907", RESISTANCE, "2021-08-20", NULL, "c");
    cm_tl_state st;
    assert_int_equal(cm_timeline_at(tl, "AF0907", D("2021-08-21"), &st), RESISTANCE);
    assert_string_equal(st.decided_by, "AF0907");
    assert_int_equal(st.since, D("2021-08-20"));
    assert_int_equal(st.last_report, D("2021-08-20"));
    assert_int_equal(cm_timeline_at(tl, "AF0908", D("2021-08-21"), &st), TALIBAN);
    assert_string_equal(st.decided_by, "AF");
    /* A later country-wide fact overrides older district facts. */
    add(tl, "AF", TALIBAN, "2021-09-06", NULL, "d");
    assert_int_equal(cm_timeline_at(tl, "AF0907", D("2021-09-07"), NULL), TALIBAN);
    assert_int_equal(cm_timeline_at(tl, "AF0801", D("2021-09-07"), NULL), TALIBAN);
    cm_timeline_free(tl);
}

static void test_conflict_and_expiry(void **state)
{
    (void)state;
    cm_timeline *tl = new_tl();
    add(tl, "AF0806", RESISTANCE, "2021-09-01", NULL, "x");
    add(tl, "AF0806", TALIBAN, "2021-09-01", NULL, "y");
    cm_tl_state st;
    assert_int_equal(cm_timeline_at(tl, "AF0806", D("2021-09-02"), &st), CM_CTRL_CONTESTED);
    assert_int_equal(st.nsources, 2); /* both sources kept */
    add(tl, "AF0806", TALIBAN, "2021-09-03", NULL, "y");
    add(tl, "AF0806", TALIBAN, "2021-09-04", NULL, "z");
    assert_int_equal(cm_timeline_at(tl, "AF0806", D("2021-09-05"), &st), TALIBAN);
    assert_int_equal(st.nsources, 2); /* y and z, not x */
    /* valid_to ends a fact; the next one in force applies again. */
    add(tl, "AF", GOVERNMENT, "2021-01-01", NULL, NULL);
    add(tl, "AF01", CM_CTRL_CONTESTED, "2021-08-10", "2021-08-14", NULL);
    assert_int_equal(cm_timeline_at(tl, "AF0101", D("2021-08-14"), NULL), CM_CTRL_CONTESTED);
    assert_int_equal(cm_timeline_at(tl, "AF0101", D("2021-08-15"), NULL), GOVERNMENT);
    /* Bad facts are refused. */
    cm_ctx *ctx = cm_ctx_new();
    cm_tl_fact bad = {.pcode = "AF01", .ctrl = TALIBAN, .from = D("2021-08-10"), .to = D("2021-08-01")};
    assert_int_equal(cm_timeline_add(tl, ctx, &bad), CM_RANGE);
    bad = (cm_tl_fact){.pcode = "AF 01", .ctrl = TALIBAN, .from = D("2021-08-10"), .to = CM_DAY_NONE};
    assert_int_equal(cm_timeline_add(tl, ctx, &bad), CM_RANGE);
    bad.pcode = "";
    assert_int_equal(cm_timeline_add(tl, ctx, &bad), CM_RANGE);
    /* a side that holds no ground never controls a unit */
    bad = (cm_tl_fact){.pcode = "AF01", .ctrl = ISIS, .from = D("2021-08-10"), .to = CM_DAY_NONE};
    assert_int_equal(cm_timeline_add(tl, ctx, &bad), CM_RANGE);
    bad.ctrl = CM_CTRL_NONE;
    assert_int_equal(cm_timeline_add(tl, ctx, &bad), CM_RANGE);
    cm_ctx_free(ctx);
    cm_timeline_free(tl);
}

static void test_periods(void **state)
{
    (void)state;
    cm_timeline *tl = new_tl();
    cm_tl_fact f = {.pcode = "AF", .ctrl = TALIBAN, .from = D("2021-08-15"), .to = CM_DAY_NONE,
                    .source = "001", .claim_id = "001:1", .confidence = 0.9};
    assert_int_equal(cm_timeline_add(tl, NULL, &f), CM_OK);
    f = (cm_tl_fact){.pcode = "AF0907", .ctrl = RESISTANCE, .from = D("2021-08-20"), .to = CM_DAY_NONE,
                     .source = "003", .claim_id = "003:9", .confidence = 0.8};
    assert_int_equal(cm_timeline_add(tl, NULL, &f), CM_OK);
    f.source = "001", f.claim_id = "001:7";
    assert_int_equal(cm_timeline_add(tl, NULL, &f), CM_OK);
    f = (cm_tl_fact){.pcode = "AF09", .from = D("2021-08-25"), .to = CM_DAY_NONE, .report_only = true};
    assert_int_equal(cm_timeline_add(tl, NULL, &f), CM_OK);
    cm_tl_period *p;
    size_t n;
    assert_int_equal(cm_timeline_periods(tl, NULL, "AF0907", &p, &n), CM_OK);
    assert_int_equal(n, 2);
    assert_int_equal(p[0].ctrl, TALIBAN);
    assert_int_equal(p[0].from, D("2021-08-15"));
    assert_int_equal(p[0].to, D("2021-08-19"));
    assert_int_equal(p[0].nclaims, 1);
    assert_int_equal(p[1].ctrl, RESISTANCE);
    assert_int_equal(p[1].to, CM_DAY_NONE);
    assert_int_equal(p[1].nsources, 2);
    assert_int_equal(p[1].nclaims, 2);
    assert_int_equal(p[1].last_report, D("2021-08-25"));
    cm_tl_periods_free(p, n);
    assert_int_equal(cm_timeline_periods(tl, NULL, "AF2701", &p, &n), CM_OK);
    assert_int_equal(n, 1);
    assert_string_equal(p[0].decided_by, "AF");
    assert_true(p[0].confidence > 0.89 && p[0].confidence < 0.91);
    cm_tl_periods_free(p, n);
    cm_timeline_free(tl);
}

/* The evidence rule: what a claim on a province or the country may repaint. */
static void test_evidence(void **state)
{
    (void)state;
    cm_timeline *tl = new_tl();
    /* a strong claim on Badakhshan (AF17) on 10 July */
    cm_tl_fact f = {.pcode = "AF17", .ctrl = TALIBAN, .from = D("2021-07-10"), .to = CM_DAY_NONE,
                    .source = "a", .confidence = 0.8};
    assert_int_equal(cm_timeline_add(tl, NULL, &f), CM_OK);
    /* Yaftal (AF1704) reported taken by the same side only on 20 July: the
     * province claim did not reach it before */
    f = (cm_tl_fact){.pcode = "AF1704", .ctrl = TALIBAN, .from = D("2021-07-20"), .to = CM_DAY_NONE,
                     .source = "b", .confidence = 0.8};
    assert_int_equal(cm_timeline_add(tl, NULL, &f), CM_OK);
    assert_int_equal(cm_timeline_at(tl, "AF1704", D("2021-07-15"), NULL), CM_CTRL_NONE);
    assert_int_equal(cm_timeline_at(tl, "AF1704", D("2021-07-21"), NULL), TALIBAN);
    /* a district with no evidence of its own takes the province's */
    cm_tl_state s;
    assert_int_equal(cm_timeline_at(tl, "AF1701", D("2021-07-15"), &s), TALIBAN);
    assert_string_equal(s.decided_by, "AF17");
    /* a district the government held earlier: the newer province claim reaches it */
    f = (cm_tl_fact){.pcode = "AF1702", .ctrl = GOVERNMENT, .from = D("2021-07-01"), .to = CM_DAY_NONE,
                     .source = "c", .confidence = 0.8};
    assert_int_equal(cm_timeline_add(tl, NULL, &f), CM_OK);
    assert_int_equal(cm_timeline_at(tl, "AF1702", D("2021-07-05"), NULL), GOVERNMENT);
    assert_int_equal(cm_timeline_at(tl, "AF1702", D("2021-07-11"), NULL), TALIBAN);
    /* a weak (hedged) claim on a province repaints none of its districts */
    f = (cm_tl_fact){.pcode = "AF08", .ctrl = TALIBAN, .from = D("2021-08-30"), .to = CM_DAY_NONE,
                     .source = "d", .confidence = 0.45};
    assert_int_equal(cm_timeline_add(tl, NULL, &f), CM_OK);
    assert_int_equal(cm_timeline_at(tl, "AF0801", D("2021-09-01"), NULL), CM_CTRL_NONE);
    /* fighting in a province reaches only districts without evidence of their own */
    f = (cm_tl_fact){.pcode = "AF17", .ctrl = CM_CTRL_CONTESTED, .from = D("2021-07-25"), .to = CM_DAY_NONE,
                     .source = "e", .confidence = 0.8};
    assert_int_equal(cm_timeline_add(tl, NULL, &f), CM_OK);
    assert_int_equal(cm_timeline_at(tl, "AF1701", D("2021-07-26"), NULL), CM_CTRL_CONTESTED);
    assert_int_equal(cm_timeline_at(tl, "AF1704", D("2021-07-26"), NULL), TALIBAN);
    /* a state file's row is the user's word, whatever its confidence field */
    f = (cm_tl_fact){.pcode = "AF08", .ctrl = RESISTANCE, .from = D("2021-09-02"), .to = CM_DAY_NONE};
    assert_int_equal(cm_timeline_add(tl, NULL, &f), CM_OK);
    assert_int_equal(cm_timeline_at(tl, "AF0801", D("2021-09-02"), NULL), RESISTANCE);
    cm_timeline_free(tl);
}

static char tmpdir[64];

static const char *write_tmp(const char *name, const char *text)
{
    static char path[128];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
    return path;
}

static bool known(const char *pcode, void *ud)
{
    (void)ud;
    return strcmp(pcode, "AF99") != 0;
}

static void expect_error(const char *text, cm_status want, const char *fragment)
{
    cm_ctx *ctx = cm_ctx_new();
    cm_timeline *tl = new_tl();
    const char *p = write_tmp("bad.csv", text);
    assert_int_equal(cm_timeline_load_state(tl, ctx, p, known, NULL), want);
    if (!strstr(cm_ctx_message(ctx), fragment)) fail_msg("'%s' lacks '%s'", cm_ctx_message(ctx), fragment);
    cm_timeline_free(tl);
    cm_ctx_free(ctx);
}

static void test_state_files(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/cmtlXXXXXX");
    assert_non_null(mkdtemp(tmpdir));
    cm_ctx *ctx = cm_ctx_new();
    cm_timeline *tl = new_tl();
    const char *p = write_tmp("s.csv", "\xEF\xBB\xBFpcode,controller,valid_from,valid_to\r\n"
                                       "# the country\r\nAF,taliban,2021-08-15,\r\n AF08 , Resistance ,2021-08-15\n");
    assert_int_equal(cm_timeline_load_state(tl, ctx, p, known, NULL), CM_OK);
    assert_int_equal(cm_timeline_count(tl), 2);
    assert_int_equal(cm_timeline_at(tl, "AF0801", D("2021-08-21"), NULL), RESISTANCE);
    p = write_tmp("s.jsonl", "{\"pcode\":\"AF0907\",\"controller\":\"contested\",\"valid_from\":\"2021-08-20\","
                             "\"valid_to\":null}\n");
    assert_int_equal(cm_timeline_load_state(tl, ctx, p, known, NULL), CM_OK);
    assert_int_equal(cm_timeline_at(tl, "AF0907", D("2021-08-21"), NULL), CM_CTRL_CONTESTED);
    cm_timeline_free(tl);
    cm_ctx_free(ctx);

    expect_error("AF,talibn,2021-08-15\n", CM_PARSE,
                 "bad.csv:1: unknown controller 'talibn' (one of taliban, government, resistance, contested)");
    expect_error("AF,isis,2021-08-15\n", CM_PARSE, "bad.csv:1: unknown controller 'isis'"); /* holds no ground */
    expect_error("AF,none,2021-08-15\n", CM_PARSE, "bad.csv:1: unknown controller 'none'");
    expect_error("AF,taliban,2021-08-15\nAF99,taliban,2021-08-15\n", CM_NOTFOUND, "bad.csv:2: unknown pcode 'AF99'");
    expect_error("AF,taliban,2021-13-45\n", CM_PARSE, "bad.csv:1: malformed valid_from '2021-13-45'");
    expect_error("AF,taliban,2021-08-15,2021-08-01\n", CM_PARSE, "bad.csv:1: valid_to is before valid_from");
    expect_error("AF,taliban\n", CM_PARSE, "bad.csv:1: want pcode,controller");
    expect_error("{\"pcode\":\"AF\",\n", CM_PARSE, "bad.csv:1: malformed JSON");
    expect_error("", CM_PARSE, "no state rows");
    expect_error("AF,tal\xFF,2021-08-15\n", CM_PARSE, "bad.csv:1: invalid UTF-8");
    expect_error("AF,taliban,2021-08-15\n\0\0\0", CM_OK, ""); /* fputs stops at NUL: file is fine */
    cm_ctx *c2 = cm_ctx_new();
    cm_timeline *t2 = new_tl();
    assert_int_equal(cm_timeline_load_state(t2, c2, "/nonexistent/state.csv", NULL, NULL), CM_IO);
    assert_non_null(strstr(cm_ctx_message(c2), "/nonexistent/state.csv"));
    cm_timeline_free(t2);
    cm_ctx_free(c2);
}

static void test_events(void **state)
{
    (void)state;
    cm_ctx *ctx = cm_ctx_new();
    cm_timeline *tl = new_tl();
    const char *p = write_tmp("e.jsonl",
        "{\"id\":\"001:10\",\"doc\":\"001\",\"pcode\":\"AF0101\",\"date\":\"2021-08-15\",\"controller\":\"taliban\","
        "\"negated\":false,\"confidence\":0.9}\n"
        "{\"id\":\"003:5\",\"doc\":\"003\",\"pcode\":\"AF0912\",\"date\":\"2021-08-20\",\"controller\":\"resistance\"}\n"
        "{\"id\":\"x:1\",\"doc\":\"x\",\"pcode\":\"AF0912\",\"date\":\"2021-08-22\",\"controller\":\"taliban\","
        "\"negated\":true}\n"
        "{\"id\":\"x:2\",\"doc\":\"x\",\"pcode\":\"AF0912\",\"date\":\"2021-08-25\",\"controller\":null}\n"
        "{\"id\":\"x:3\",\"doc\":\"x\",\"pcode\":\"\",\"date\":\"2021-08-25\",\"controller\":\"taliban\"}\n"
        "{\"id\":\"x:4\",\"doc\":\"x\",\"pcode\":\"AF08\",\"date\":\"2021-09\",\"controller\":\"contested\"}\n"
        "{\"id\":\"x:5\",\"doc\":\"x\",\"pcode\":\"AF0101\",\"date\":\"2021-08-28\",\"controller\":\"isis\"}\n"
        "{\"id\":\"x:6\",\"doc\":\"x\",\"pcode\":\"AF0101\",\"date\":\"2021-08-29\",\"controller\":\"rsf\"}\n");
    assert_int_equal(cm_timeline_load_events(tl, ctx, p), CM_OK);
    cm_tl_state st;
    assert_int_equal(cm_timeline_at(tl, "AF0101", D("2021-08-16"), NULL), TALIBAN);
    assert_int_equal(cm_timeline_at(tl, "AF0912", D("2021-08-26"), &st), RESISTANCE); /* negated: no change */
    assert_int_equal(st.last_report, D("2021-08-25"));
    assert_int_equal(cm_timeline_at(tl, "AF0801", D("2021-09-02"), NULL), CM_CTRL_CONTESTED);
    /* a side without ground (isis) and one the profile lacks: reports, not control */
    assert_int_equal(cm_timeline_at(tl, "AF0101", D("2021-08-30"), &st), TALIBAN);
    assert_int_equal(st.last_report, D("2021-08-29"));
    p = write_tmp("e2.jsonl", "{\"pcode\":\"AF01\",\"date\":\"15/8\"}\n");
    assert_int_equal(cm_timeline_load_events(tl, ctx, p), CM_PARSE);
    assert_non_null(strstr(cm_ctx_message(ctx), "e2.jsonl:1: malformed date"));
    cm_timeline_free(tl);
    cm_ctx_free(ctx);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
    assert_int_equal(system(cmd), 0);
}

/* The hierarchy is the caller's: without it every unit stands alone; a
 * table filled in any order answers; a cycle in bad data ends the walk. */
static void test_parents(void **state)
{
    (void)state;
    cm_ctx *ctx = cm_ctx_new();
    cm_timeline *tl = cm_timeline_new(AFP);
    add(tl, "AF", TALIBAN, "2021-08-15", NULL, "a");
    assert_int_equal(cm_timeline_at(tl, "AF0101", D("2021-08-16"), NULL), CM_CTRL_NONE);
    assert_int_equal(cm_timeline_at(tl, "AF", D("2021-08-16"), NULL), TALIBAN);
    /* nothing in the shape of a code: "X" lies in "AF" because the table says so */
    cm_hier *h = cm_hier_new();
    assert_int_equal(cm_hier_set(h, ctx, "X", "AF"), CM_OK);
    assert_int_equal(cm_hier_set(h, ctx, "AF0101", "AF01"), CM_OK);
    assert_int_equal(cm_hier_set(h, ctx, "AF01", "AF"), CM_OK);
    assert_int_equal(cm_hier_set(h, ctx, "AF0101", "AF01"), CM_OK); /* again: replaced, not added */
    assert_int_equal(cm_hier_count(h), 3);
    assert_int_equal(cm_hier_set(h, ctx, "", "AF"), CM_RANGE);
    assert_null(cm_hier_parent(h, "AF"));
    assert_null(cm_hier_parent(h, "nowhere"));
    assert_string_equal(cm_hier_parent(h, "AF0101"), "AF01");
    cm_timeline_set_parents(tl, cm_hier_parent, h);
    assert_int_equal(cm_timeline_at(tl, "X", D("2021-08-16"), NULL), TALIBAN);
    assert_int_equal(cm_timeline_at(tl, "AF0101", D("2021-08-16"), NULL), TALIBAN);
    /* a cycle: AF lies in AF0101 */
    assert_int_equal(cm_hier_set(h, ctx, "AF", "AF0101"), CM_OK);
    assert_int_equal(cm_timeline_at(tl, "AF0101", D("2021-08-16"), NULL), TALIBAN);
    cm_tl_period *p;
    size_t n;
    assert_int_equal(cm_timeline_periods(tl, ctx, "AF0101", &p, &n), CM_OK);
    assert_int_equal(n, 1);
    cm_tl_periods_free(p, n);
    cm_timeline_free(tl);
    cm_hier_free(h);
    cm_ctx_free(ctx);
}

/* A profile of four ground sides: the fourth controls, its id is parsed from
 * state files and claims, and codes need not look like P-codes. */
static const char FOUR[] = "profile\tfour\ncountry\tXX\tNowhere\n"
                           "layer\tcountry\tadm0\tname.en=ADM0_EN\n"
                           "layer\tunit\tadm2\tcode=ADM2_PCODE\tname.en=ADM2_EN\n"
                           "side\tnorth\t#ff0000\tground\tNorth\n"
                           "side\teast\t#00ff00\tground\tEast\n"
                           "side\tsouth\t#0000ff\tground\tSouth\n"
                           "side\traiders\t#777777\tno-ground\tRaiders\n"
                           "side\twest\t#ff00ff\tground\tWest\n";

static void test_four_sides(void **state)
{
    (void)state;
    cm_ctx *ctx = cm_ctx_new();
    cm_profile *p = NULL;
    if (cm_profile_parse(ctx, "/tmp", "/tmp", FOUR, sizeof FOUR - 1, &p)) fail_msg("%s", cm_ctx_message(ctx));
    cm_controller west = cm_profile_ctrl_parse(p, "west", 4);
    assert_int_equal(west, 5);
    assert_true(cm_profile_ctrl_ground(p, west));
    cm_hier *h = cm_hier_new();
    assert_int_equal(cm_hier_set(h, ctx, "XX-7.1", "XX-7"), CM_OK);
    assert_int_equal(cm_hier_set(h, ctx, "XX-7.2", "XX-7"), CM_OK);
    assert_int_equal(cm_hier_set(h, ctx, "XX-7", "XX"), CM_OK);
    cm_timeline *tl = cm_timeline_new(p);
    assert_ptr_equal(cm_timeline_profile(tl), p);
    cm_timeline_set_parents(tl, cm_hier_parent, h);
    const char *sp = write_tmp("four.csv", "pcode,controller,valid_from\nXX,North,2022-01-01\nXX-7,west,2022-02-01\n");
    assert_int_equal(cm_timeline_load_state(tl, ctx, sp, NULL, NULL), CM_OK);
    const char *ep = write_tmp("four.jsonl",
        "{\"id\":\"a:1\",\"doc\":\"a\",\"pcode\":\"XX-7.2\",\"date\":\"2022-03-01\",\"controller\":\"south\",\"confidence\":0.9}\n"
        "{\"id\":\"a:2\",\"doc\":\"a\",\"pcode\":\"XX-7.1\",\"date\":\"2022-03-02\",\"controller\":\"raiders\"}\n"
        "{\"id\":\"a:3\",\"doc\":\"a\",\"pcode\":\"XX-7.1\",\"date\":\"2022-03-03\",\"controller\":\"taliban\"}\n");
    assert_int_equal(cm_timeline_load_events(tl, ctx, ep), CM_OK);
    cm_tl_state st;
    assert_int_equal(cm_timeline_at(tl, "XX-7.1", D("2022-01-15"), NULL), 1);
    assert_int_equal(cm_timeline_at(tl, "XX-7.1", D("2022-02-15"), &st), west);
    assert_string_equal(st.decided_by, "XX-7");
    assert_int_equal(cm_timeline_at(tl, "XX-7.2", D("2022-03-05"), NULL), 3);
    assert_int_equal(cm_timeline_at(tl, "XX-7.1", D("2022-03-05"), &st), west); /* raiders, taliban: reports */
    assert_int_equal(st.last_report, D("2022-03-03"));
    cm_tl_period *ps;
    size_t n;
    assert_int_equal(cm_timeline_periods(tl, ctx, "XX-7.2", &ps, &n), CM_OK);
    assert_int_equal(n, 3);
    assert_string_equal(cm_profile_ctrl_name(p, ps[1].ctrl), "west");
    cm_tl_periods_free(ps, n);
    /* the other profile's sides are unknown here; the error lists this one's */
    const char *bp = write_tmp("four-bad.csv", "XX,resistance,2022-01-01\n");
    assert_int_equal(cm_timeline_load_state(tl, ctx, bp, NULL, NULL), CM_PARSE);
    assert_non_null(strstr(cm_ctx_message(ctx), "(one of north, east, south, west, contested)"));
    cm_timeline_free(tl);
    cm_hier_free(h);
    cm_profile_free(p);
    cm_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hierarchy),
        cmocka_unit_test(test_conflict_and_expiry),
        cmocka_unit_test(test_periods),
        cmocka_unit_test(test_evidence),
        cmocka_unit_test(test_state_files),
        cmocka_unit_test(test_parents),
        cmocka_unit_test(test_four_sides),
        cmocka_unit_test(test_events),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
