// labels: gdal cairo
/* test_api: the embedding API (include/conflictmap.h) as a program sees it —
 * errors through the context, claims from a text (callback and JSON Lines),
 * a history from those claims, a map of a day. Reads the test gazetteer and
 * the shared boundaries through the environment (CONFLICTMAP_GAZETTEER,
 * CONFLICTMAP_BOUNDARIES, ...), as an installed program would read its own. */
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

#include "conflictmap.h"

static const char TEXT[] = "The Taliban captured Kunduz on Sunday. Government forces retook Lashkar Gah "
                           "on 10 August 2021. The Taliban did not take Herat.";

typedef struct {
    cm_context *cx;
    cm_conflict *cf;
    cm_gazetteer *gz;
    cm_extractor *ex;
} fixture;

static int setup(void **state)
{
    static fixture f;
    f.cx = cm_context_new();
    if (!f.cx || cm_conflict_open(f.cx, NULL, &f.cf) || cm_gazetteer_open(f.cx, f.cf, NULL, &f.gz) ||
        cm_extractor_new(f.cx, f.gz, NULL, &f.ex)) {
        fprintf(stderr, "test_api: %s\n", f.cx ? cm_context_message(f.cx) : "out of memory");
        return -1;
    }
    *state = &f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    cm_extractor_free(f->ex);
    cm_gazetteer_close(f->gz);
    cm_conflict_close(f->cf);
    cm_context_free(f->cx);
    return 0;
}

static void test_errors(void **state)
{
    fixture *f = *state;
    cm_conflict *cf = (cm_conflict *)1;
    assert_int_equal(cm_conflict_open(f->cx, "no-such-profile", &cf), CM_ERR_NOTFOUND);
    assert_null(cf);
    assert_non_null(strstr(cm_context_message(f->cx), "no-such-profile"));
    assert_string_equal(cm_result_name(CM_ERR_NOTFOUND), "notfound");
    assert_string_equal(cm_result_name(CM_ERR_ARGUMENT), "argument");
    /* a call that succeeds clears the message */
    assert_int_equal(cm_conflict_open(f->cx, NULL, &cf), CM_SUCCESS);
    assert_string_equal(cm_context_message(f->cx), "");
    assert_string_equal(cm_conflict_name(cf), "afghanistan");
    cm_conflict_close(cf);
    /* a language without a lexicon, a malformed date */
    cm_extractor *ex = NULL;
    assert_int_equal(cm_extractor_new(f->cx, f->gz, &(cm_extract_options){.lang = "xx"}, &ex), CM_ERR_ARGUMENT);
    assert_null(ex);
    assert_non_null(strstr(cm_context_message(f->cx), "'xx'"));
    cm_text_info bad = {.date = "16/08/2021"};
    assert_int_equal(cm_extract(f->cx, f->ex, TEXT, strlen(TEXT), &bad, NULL, NULL, NULL), CM_ERR_ARGUMENT);
    assert_non_null(strstr(cm_context_message(f->cx), "16/08/2021"));
    assert_string_equal(cm_version(), CONFLICTMAP_VERSION);
}

typedef struct {
    int n, kunduz, lashkar, negated;
    cm_history *h;
    cm_context *cx;
    int stop_after;
} seen;

static int on_claim(const cm_claim_record *c, void *ud)
{
    seen *s = ud;
    s->n++;
    if (!strcmp(c->pcode, "AF1901") && c->controller && !strcmp(c->controller, "taliban") && c->date &&
        !strcmp(c->date, "2021-08-08") && !strcmp(c->action, "capture"))
        s->kunduz++;
    if (!strcmp(c->pcode, "AF3001") && c->controller && !strcmp(c->controller, "government"))
        s->lashkar++;
    s->negated += c->negated;
    /* the record is one line of the events schema, the sentence at its offset */
    assert_true(c->json_len > 2 && c->json[c->json_len - 1] == '\n');
    assert_non_null(strstr(c->json, c->pcode));
    assert_true(c->offset + c->length <= strlen(TEXT));
    assert_string_equal(c->doc, "note-1");
    if (s->h) assert_int_equal(cm_history_add_claim(s->cx, s->h, c), CM_SUCCESS);
    return s->stop_after && s->n >= s->stop_after;
}

static void test_extract_and_history(void **state)
{
    fixture *f = *state;
    cm_text_info info = {.id = "note-1", .date = "2021-08-09", .lang = "en"};
    seen s = {.cx = f->cx};
    size_t n = 0;
    assert_int_equal(cm_history_new(f->cx, f->cf, &s.h), CM_SUCCESS);
    assert_int_equal(cm_extract(f->cx, f->ex, TEXT, strlen(TEXT), &info, on_claim, &s, &n), CM_SUCCESS);
    assert_int_equal((int)n, s.n);
    assert_int_equal(s.kunduz, 1);
    assert_int_equal(s.lashkar, 1);
    /* control over time from those claims */
    const char *who;
    assert_int_equal(cm_history_control(f->cx, s.h, "AF1901", "2021-08-12", &who), CM_SUCCESS);
    assert_string_equal(who, "taliban");
    assert_int_equal(cm_history_control(f->cx, s.h, "AF1901", "2021-08-01", &who), CM_SUCCESS);
    assert_string_equal(who, "none");
    assert_int_equal(cm_history_control(f->cx, s.h, "AF3001", "2021-08-11", &who), CM_SUCCESS);
    assert_string_equal(who, "government");
    assert_int_equal(cm_history_control(f->cx, s.h, "AF3001", "yesterday", &who), CM_ERR_ARGUMENT);
    char first[11], last[11];
    assert_int_equal(cm_history_span(s.h, first, last), 1);
    assert_string_equal(first, "2021-08-08");
    assert_string_equal(last, "2021-08-10");
    /* a callback that stops */
    seen stop = {.cx = f->cx, .stop_after = 1};
    assert_int_equal(cm_extract(f->cx, f->ex, TEXT, strlen(TEXT), &info, on_claim, &stop, NULL), CM_ERR_CANCELLED);
    assert_int_equal(stop.n, 1);
    /* the same claims as JSON Lines */
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    assert_non_null(mem);
    assert_int_equal(cm_extract_jsonl(f->cx, f->ex, TEXT, strlen(TEXT), &info, mem), CM_SUCCESS);
    fclose(mem);
    int lines = 0;
    for (size_t i = 0; i < len; i++) lines += buf[i] == '\n';
    assert_int_equal(lines, s.n);
    assert_non_null(strstr(buf, "\"pcode\":\"AF1901\""));
    cm_history *h2;
    assert_int_equal(cm_history_new(f->cx, f->cf, &h2), CM_SUCCESS);
    assert_int_equal(cm_history_add_jsonl(f->cx, h2, buf, len), CM_SUCCESS);
    assert_int_equal(cm_history_control(f->cx, h2, "AF1901", "2021-08-12", &who), CM_SUCCESS);
    assert_string_equal(who, "taliban");
    assert_int_equal(cm_history_add_jsonl(f->cx, h2, "{\"pcode\":", 9), CM_ERR_PARSE);
    free(buf);
    cm_history_free(h2);
    /* a map of the day: Kunduz drawn as the Taliban's */
    char dir[] = "/tmp/test_api_XXXXXX", path[64];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/day.svg", dir);
    cm_map *m;
    assert_int_equal(cm_map_open(f->cx, f->cf, &(cm_map_options){.width = 400, .height = 300}, &m), CM_SUCCESS);
    assert_int_equal(cm_map_draw(f->cx, m, s.h, "2021-08-12", path), CM_SUCCESS);
    FILE *fp = fopen(path, "r");
    assert_non_null(fp);
    char svg[1 << 16];
    size_t got = fread(svg, 1, sizeof svg - 1, fp);
    svg[got] = 0;
    fclose(fp);
    assert_non_null(strstr(svg, "<svg"));
    assert_non_null(strstr(svg, "id=\"AF1901\""));
    snprintf(path, sizeof path, "%s/day.gif", dir);
    assert_int_equal(cm_map_draw(f->cx, m, s.h, "2021-08-12", path), CM_ERR_ARGUMENT);
    assert_int_equal(access(path, F_OK), -1);
    cm_map_close(m);
    assert_int_equal(cm_map_open(f->cx, f->cf, &(cm_map_options){.labels = "klingon"}, &m), CM_ERR_ARGUMENT);
    snprintf(path, sizeof path, "%s/day.svg", dir);
    unlink(path);
    rmdir(dir);
    cm_history_free(s.h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_extract_and_history),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
