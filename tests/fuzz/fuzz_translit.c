/* fuzz_translit: transliteration keys (text/translit) on any bytes. The input
 * is split at its first tab into a text side and a name side; each side is
 * used raw (the functions must refuse what is not a key) and as its norm.h
 * key (what the gazetteer and the finder pass).
 *
 * What must hold: no fault; a skeleton is NUL-terminated and shorter than
 * CM_SKEL_MAX; readings are distinct and at
 * most the number asked for; the cost of a key against itself is 0, any cost
 * is >= 0, and a cost within its limit comes with a trace of at most 16
 * rules. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/str.h"
#include "text/norm.h"
#include "text/translit.h"

static void one_key(const char *k, size_t n)
{
    char sk[CM_SKEL_MAX];
    size_t l = cm_translit_skeleton(k, n, sk);
    if (l >= CM_SKEL_MAX || (l && strlen(sk) != l)) __builtin_trap();
    char rd[CM_SKEL_READINGS][CM_SKEL_MAX];
    size_t max = n % CM_SKEL_READINGS + 1;
    size_t nr = cm_translit_readings(k, n, rd, max);
    if (nr > max) __builtin_trap();
    for (size_t i = 0; i < nr; i++) {
        if (strlen(rd[i]) >= CM_SKEL_MAX) __builtin_trap();
        for (size_t j = 0; j < i; j++)
            if (!strcmp(rd[i], rd[j])) __builtin_trap();
    }
    if (n <= CM_TRANSLIT_MAX) {
        cm_translit_trace tr;
        double c = cm_translit_cost(k, n, k, n, 0.0, &tr);
        if (c != 0.0 || tr.n != 0) __builtin_trap();
    }
}

static void pair(const char *a, size_t na, const char *b, size_t nb)
{
    one_key(a, na);
    one_key(b, nb);
    double limit = cm_translit_bound(nb);
    if (!(limit > 0 && limit <= 1.2)) __builtin_trap();
    cm_translit_trace tr;
    double c = cm_translit_cost(a, na, b, nb, limit, &tr);
    if (!(c >= 0) || tr.n > sizeof tr.rule / sizeof *tr.rule) __builtin_trap();
    for (size_t i = 0; i < tr.n; i++)
        if (!tr.rule[i]) __builtin_trap();
    double c2 = cm_translit_cost(a, na, b, nb, HUGE_VAL, NULL);
    if (c <= limit && c2 != c) __builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    const char *tab = memchr(s, '\t', size);
    size_t na = tab ? (size_t)(tab - s) : size;
    const char *b = tab ? tab + 1 : s;
    size_t nb = tab ? size - na - 1 : size;
    pair(s, na, b, nb);
    cm_buf ka = {0}, kb = {0};
    if (cm_norm_key(s, na, &ka) == CM_OK && cm_norm_key(b, nb, &kb) == CM_OK)
        pair(ka.p ? ka.p : "", ka.n, kb.p ? kb.p : "", kb.n);
    cm_buf_free(&ka);
    cm_buf_free(&kb);
    return 0;
}
