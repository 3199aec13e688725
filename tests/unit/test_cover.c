/* Unit tests for src/geo/cover: neighbours that share a wiggly border still
 * share it, point for point, after simplification; a border no neighbour
 * shares is simplified too; a ring that would collapse is kept whole; an
 * enclave and its hole stay the same ring; rounding keeps shared points equal. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "geo/cover.h"

/* The shared border x = 1 + 0.0001*sin(...) from (1,0) to (1,1): 101 points. */
static double wx(int i) { return 1 + 0.00005 * sin(i * 0.7); }

/* Left square [0,1]x[0,1] (its right side the wiggly border, bottom to
 * top) and right square [1,2]x[0,1] (the same border top to bottom). */
static void squares(cm_cover *c)
{
    double l[2 * 104], r[2 * 104];
    size_t n = 0;
    l[n++] = 0, l[n++] = 0;
    for (int i = 0; i <= 100; i++) l[n++] = wx(i), l[n++] = i / 100.0;
    l[n++] = 0, l[n++] = 1;
    uint32_t lr[2] = {0, (uint32_t)(n / 2)};
    assert_int_equal(cm_cover_add(c, l, lr, 1), CM_OK);
    n = 0;
    for (int i = 100; i >= 0; i--) r[n++] = wx(i), r[n++] = i / 100.0;
    r[n++] = 2, r[n++] = 0;
    r[n++] = 2, r[n++] = 1;
    uint32_t rr[2] = {0, (uint32_t)(n / 2)};
    assert_int_equal(cm_cover_add(c, r, rr, 1), CM_OK);
}

/* The points of polygon p's first ring with x strictly between 0.5 and 1.5. */
static size_t border(const cm_cover *c, size_t p, double *out)
{
    const double *xy;
    const uint32_t *ring;
    uint32_t nr;
    cm_cover_get(c, p, &xy, &ring, &nr);
    assert_true(nr >= 1);
    size_t k = 0;
    for (uint32_t i = ring[0]; i + 1 < ring[1]; i++)
        if (xy[2 * i] > 0.5 && xy[2 * i] < 1.5) out[2 * k] = xy[2 * i], out[2 * k + 1] = xy[2 * i + 1], k++;
    return k;
}

static int by_y(const void *a, const void *b)
{
    double x = ((const double *)a)[1], y = ((const double *)b)[1];
    return (x > y) - (x < y);
}

static void test_shared_border(void **state)
{
    (void)state;
    cm_cover *c = cm_cover_new();
    assert_non_null(c);
    squares(c);
    assert_int_equal(cm_cover_count(c), 2);
    /* 10 m: the 5 m wiggle goes, the corners stay */
    assert_int_equal(cm_cover_simplify(c, 10, 0), CM_OK);
    double a[2 * 110], b[2 * 110];
    size_t na = border(c, 0, a), nb = border(c, 1, b);
    assert_int_equal(na, nb);
    assert_true(na >= 2 && na < 10);
    qsort(a, na, 2 * sizeof(double), by_y);
    qsort(b, nb, 2 * sizeof(double), by_y);
    assert_memory_equal(a, b, na * 2 * sizeof(double)); /* the same points: no gap, no overlap */
    size_t before, after;
    cm_cover_points(c, &before, &after);
    assert_int_equal(before, 2 * 101 + 4);
    assert_true(after < 20);
    /* 0.01 m: nothing goes */
    assert_int_equal(cm_cover_simplify(c, 0.01, 0), CM_OK);
    cm_cover_points(c, &before, &after);
    assert_int_equal(after, before);
    cm_cover_free(c);
}

static void test_rounding_keeps_shared_points(void **state)
{
    (void)state;
    cm_cover *c = cm_cover_new();
    squares(c);
    assert_int_equal(cm_cover_simplify(c, 1, 3), CM_OK); /* 1 m, 1e-3 degrees */
    double a[2 * 110], b[2 * 110];
    size_t na = border(c, 0, a), nb = border(c, 1, b);
    assert_int_equal(na, nb);
    qsort(a, na, 2 * sizeof(double), by_y);
    qsort(b, nb, 2 * sizeof(double), by_y);
    assert_memory_equal(a, b, na * 2 * sizeof(double));
    for (size_t i = 0; i < 2 * na; i++) assert_true(fabs(a[i] * 1000 - round(a[i] * 1000)) < 1e-9);
    cm_cover_free(c);
}

/* A triangle of 10 m sides simplified at 1 km would collapse: kept whole. */
static void test_small_ring_kept(void **state)
{
    (void)state;
    cm_cover *c = cm_cover_new();
    double t[] = {60, 30, 60.0001, 30, 60.00005, 30.0001, 60.00002, 30.00004};
    uint32_t r[2] = {0, 4};
    assert_int_equal(cm_cover_add(c, t, r, 1), CM_OK);
    assert_int_equal(cm_cover_simplify(c, 1000, 0), CM_OK);
    const double *xy;
    const uint32_t *ring;
    uint32_t nr;
    cm_cover_get(c, 0, &xy, &ring, &nr);
    assert_int_equal(nr, 1);
    assert_int_equal(ring[1] - ring[0], 5); /* four points and the closing one */
    cm_cover_free(c);
}

/* An island inside a square's hole: both rings become the same points. */
static void test_enclave(void **state)
{
    (void)state;
    cm_cover *c = cm_cover_new();
    double hole[2 * 64], outer[2 * 4 + 2 * 64];
    size_t n = 0;
    outer[n++] = 0, outer[n++] = 0, outer[n++] = 10, outer[n++] = 0;
    outer[n++] = 10, outer[n++] = 10, outer[n++] = 0, outer[n++] = 10;
    for (int i = 0; i < 64; i++) {
        double a = 2 * 3.14159265358979 * i / 64, rr = 2 + 0.00001 * (i % 2);
        hole[2 * i] = 5 + rr * cos(a), hole[2 * i + 1] = 5 + rr * sin(a);
    }
    for (int i = 63; i >= 0; i--) outer[n++] = hole[2 * i], outer[n++] = hole[2 * i + 1];
    uint32_t r2[3] = {0, 4, 68};
    assert_int_equal(cm_cover_add(c, outer, r2, 2), CM_OK);
    uint32_t r1[2] = {0, 64};
    assert_int_equal(cm_cover_add(c, hole, r1, 1), CM_OK);
    assert_int_equal(cm_cover_simplify(c, 5000, 0), CM_OK);
    const double *xy, *xy2;
    const uint32_t *ring, *ring2;
    uint32_t nr, nr2;
    cm_cover_get(c, 0, &xy, &ring, &nr);
    cm_cover_get(c, 1, &xy2, &ring2, &nr2);
    assert_int_equal(nr, 2);
    assert_int_equal(nr2, 1);
    uint32_t nh = ring[2] - ring[1], ni = ring2[1] - ring2[0];
    assert_int_equal(nh, ni);
    assert_true(ni < 64 && ni >= 4);
    /* the same points, in opposite order */
    for (uint32_t i = 0; i < ni; i++) {
        double x = xy[2 * (ring[1] + i)], y = xy[2 * (ring[1] + i) + 1];
        int found = 0;
        for (uint32_t j = 0; j < ni; j++) found |= xy2[2 * (ring2[0] + j)] == x && xy2[2 * (ring2[0] + j) + 1] == y;
        assert_true(found);
    }
    cm_cover_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shared_border),
        cmocka_unit_test(test_rounding_keeps_shared_points),
        cmocka_unit_test(test_small_ring_kept),
        cmocka_unit_test(test_enclave),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
