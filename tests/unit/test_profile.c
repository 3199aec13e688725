// labels: core
/* Unit tests for src/core/profile: the shipped Afghanistan profile, the
 * controller numbering, paths, and the parser's errors (file and line named). */
#define _DEFAULT_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/profile.h"

static const char *src_dir(void)
{
    const char *s = getenv("CM_SOURCE");
    return s && *s ? s : ".";
}

static void test_afghanistan(void **state)
{
    (void)state;
    cm_ctx *ctx = cm_ctx_new();
    cm_profile *p = NULL;
    assert_int_equal(cm_profile_load(ctx, "afghanistan", src_dir(), &p), CM_OK);
    assert_string_equal(cm_profile_name(p), "afghanistan");
    assert_string_equal(cm_profile_country(p), "AF");
    assert_true(cm_profile_side_count(p) >= 3);
    assert_string_equal(cm_profile_side_at(p, 0)->id, "taliban");
    assert_true(cm_profile_side_at(p, 0)->rgba == 0xdcb35cffu);
    assert_int_equal(cm_profile_ctrl_parse(p, "Government", 10), 2);
    assert_int_equal(cm_profile_ctrl_parse(p, "contested", 9), CM_CTRL_CONTESTED);
    assert_int_equal(cm_profile_ctrl_parse(p, "none", 4), CM_CTRL_NONE);
    assert_string_equal(cm_profile_ctrl_name(p, 3), "resistance");
    assert_string_equal(cm_profile_ctrl_label(p, 3), "Resistance (NRF)");
    assert_string_equal(cm_profile_ctrl_name(p, CM_CTRL_CONTESTED), "contested");
    assert_string_equal(cm_profile_ctrl_name(p, CM_CTRL_NONE), "none");
    assert_true(cm_profile_ctrl_ground(p, 1));
    assert_false(cm_profile_side_at(p, 0)->state);
    assert_true(cm_profile_side_at(p, 1)->state && cm_profile_side_at(p, 1)->ground);
    assert_false(cm_profile_ctrl_ground(p, 4)); /* isis holds no ground */
    assert_false(cm_profile_ctrl_ground(p, CM_CTRL_CONTESTED));
    const cm_profile_layer *u = cm_profile_layer_of(p, CM_ROLE_UNIT);
    assert_true(u->present);
    assert_string_equal(u->code, "ADM2_PCODE");
    assert_string_equal(u->parent, "ADM1_PCODE");
    assert_string_equal(u->noun, "district");
    assert_string_equal(u->name_lang[1], "fa");
    assert_string_equal(u->name_field[1], "ADM2_DA");
    assert_int_equal(u->nalts, 4);
    char want[4096];
    snprintf(want, sizeof want, "%s/gazetteer/curated.tsv", src_dir());
    assert_string_equal(cm_profile_exonyms(p), want);
    double v[4];
    assert_false(cm_profile_view(p, v));
    assert_non_null(strstr(cm_profile_subtitle(p), "district"));
    /* by path, to the folder and to the file */
    cm_profile *q = NULL;
    snprintf(want, sizeof want, "%s/profiles/afghanistan/profile.tsv", src_dir());
    assert_int_equal(cm_profile_load(ctx, want, src_dir(), &q), CM_OK);
    assert_true(cm_profile_hash(q) == cm_profile_hash(p));
    cm_profile_free(q);
    cm_profile_free(p);
    char names[8][64];
    size_t n = cm_profile_list(src_dir(), names, 8);
    assert_true(n >= 1);
    int found = 0;
    for (size_t i = 0; i < n && i < 8; i++) found |= !strcmp(names[i], "afghanistan");
    assert_true(found);
    assert_int_equal(cm_profile_load(ctx, "atlantis", src_dir(), &p), CM_NOTFOUND);
    assert_null(p);
    assert_non_null(strstr(cm_ctx_message(ctx), "atlantis"));
    cm_ctx_free(ctx);
}

#define HEAD "profile\tx\ncountry\tXX\tXland\nlayer\tcountry\tadm0\tname.en=N\nlayer\tunit\tadm1\tcode=C\tname.en=N\n"

static cm_status parse(cm_ctx *ctx, const char *text, cm_profile **p)
{
    return cm_profile_parse(ctx, "/p/x", "/data", text, strlen(text), p);
}

static void test_minimal(void **state)
{
    (void)state;
    cm_ctx *ctx = cm_ctx_new();
    cm_profile *p = NULL;
    const char *t = HEAD "side\ta\t#ff0000\tground\tA side\nside\tb\t#00ff0080\tno-ground\tB\n"
                         "view\t10\t20\t30\t40\ngeonames\t@data/g.tsv\nexonyms\tex.tsv\n";
    assert_int_equal(parse(ctx, t, &p), CM_OK);
    assert_int_equal(cm_profile_side_count(p), 2);
    assert_true(cm_profile_side_at(p, 1)->rgba == 0x00ff0080u);
    assert_false(cm_profile_layer_of(p, CM_ROLE_REGION)->present);
    assert_false(cm_profile_layer_of(p, CM_ROLE_UNIT)->towns_point);
    assert_string_equal(cm_profile_geonames(p), "/data/g.tsv");
    assert_string_equal(cm_profile_exonyms(p), "/p/x/ex.tsv");
    assert_string_equal(cm_profile_gazetteer(p), "/data/gazetteer/x.gaz");
    assert_string_equal(cm_profile_title(p), "Xland");
    assert_string_equal(cm_profile_crs(p), "");
    double v[4];
    assert_true(cm_profile_view(p, v));
    assert_true(v[0] == 10 && v[3] == 40);
    assert_null(cm_profile_side_at(p, 2));
    assert_string_equal(cm_profile_ctrl_name(p, 9), "none");
    cm_profile_free(p);
    const char *u = "profile\tx\ncountry\tXX\tX\nlayer\tcountry\ta\tname.en=N\n"
                    "layer\tunit\tb\tcode=C\ttowns=point\tname.en=N\nside\ta\t#ff0000\tground\tA\n";
    assert_int_equal(parse(ctx, u, &p), CM_OK);
    assert_true(cm_profile_layer_of(p, CM_ROLE_UNIT)->towns_point);
    cm_profile_free(p);
    cm_ctx_free(ctx);
}

static void test_errors(void **state)
{
    (void)state;
    static const struct {
        const char *text, *msg;
    } bad[] = {
        {"country\tXX\tX\n", "x/profile.tsv:1: the first directive"},
        {HEAD "side\ta\tred\tground\tA\n", ":5: colour 'red'"},
        {HEAD "side\ta\t#ff0000\tmaybe\tA\n", "ground, state or no-ground"},
        {HEAD "side\tcontested\t#ff0000\tground\tA\n", "reserved"},
        {HEAD "side\ta\t#ff0000\tground\tA\nside\ta\t#ff0000\tground\tA\n", "named twice"},
        {HEAD "side\tA B\t#ff0000\tground\tA\n", "side id"},
        {HEAD "sides\ta\n", "unknown directive 'sides'"},
        {HEAD "layer\tunit\tadm2\tcode=C\tname.en=N\n", "layer unit named twice"},
        {HEAD "layer\tregion\tadm1\tname.en=N\n", "wants code=FIELD"},
        {HEAD "layer\tregion\tadm1\tcode=C\tcolour=x\tname.en=N\n", "unknown layer key 'colour'"},
        {HEAD "layer\tcity\tadm1\tcode=C\n", "layer role 'city'"},
        {"profile\tx\ncountry\tXX\tX\nlayer\tunit\tadm1\tcode=C\ttowns=maybe\tname.en=N\n", "towns=maybe: unit or point"},
        {HEAD "view\t1\t2\t3\n", "view wants"},
        {HEAD "view\t30\t20\t10\t40\n", "not a box"},
        {HEAD "crs\tEPSG:1\ncrs\tEPSG:2\n", "crs given twice"},
        {HEAD, "no side that holds ground"},
        {"profile\tx\ncountry\tXX\tX\nside\ta\t#ff0000\tground\tA\n", "needs a 'layer country'"},
        {"profile\tx\ncountry\tafg\tX\n", ":2: country wants"},
        {"profile\tx\n\xff\n", "not UTF-8"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        cm_ctx *ctx = cm_ctx_new();
        cm_profile *p = (cm_profile *)&ctx; /* must be reset */
        cm_status st = parse(ctx, bad[i].text, &p);
        if (st != CM_PARSE || !strstr(cm_ctx_message(ctx), bad[i].msg))
            fail_msg("case %zu: status %d, message '%s', wanted '%s'", i, st, cm_ctx_message(ctx), bad[i].msg);
        assert_null(p);
        cm_ctx_free(ctx);
    }
}

static void test_too_many_sides(void **state)
{
    (void)state;
    char t[4096];
    size_t n = (size_t)snprintf(t, sizeof t, "%s", HEAD);
    for (int i = 0; i < CM_SIDES_MAX + 1; i++)
        n += (size_t)snprintf(t + n, sizeof t - n, "side\ts%d\t#ff0000\tground\tS\n", i);
    cm_ctx *ctx = cm_ctx_new();
    cm_profile *p = NULL;
    assert_int_equal(parse(ctx, t, &p), CM_RANGE);
    assert_non_null(strstr(cm_ctx_message(ctx), "more than 14 sides"));
    cm_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_afghanistan),
        cmocka_unit_test(test_minimal),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_too_many_sides),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
