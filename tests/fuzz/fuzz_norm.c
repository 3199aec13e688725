/* fuzz_norm: words, keys and the capital scanner (text/norm) on any bytes:
 * no fault, words in order inside the input, key maps that point into it, and
 * a scanner that stops only where a capitalised word starts. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/str.h"
#include "text/norm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    cm_buf k = {0}, m = {0};
    if (cm_norm_key_map(s, size, &k, &m) == CM_OK) {
        const size_t *map = (const size_t *)(void *)m.p;
        size_t nm = m.n / sizeof(size_t);
        if (nm != k.n + 1) __builtin_trap();
        for (size_t i = 0; i < nm; i++)
            if (map[i] > size || (i && i + 1 < nm && map[i] < map[i - 1])) __builtin_trap();
    }
    cm_buf_free(&k);
    cm_buf_free(&m);
    cm_norm_word w;
    size_t pos = 0, last = 0;
    while (cm_norm_next_word(s, size, pos, &w)) {
        if (w.off < last || w.end <= w.off || w.end > size) __builtin_trap();
        char key[CM_NORM_WORD_MAX];
        (void)cm_norm_word_key(s, &w, key, sizeof key);
        cm_norm_word p;
        if (cm_norm_prev_word(s, size, w.end, &p) && p.end > w.end) __builtin_trap();
        last = pos = w.end;
    }
    pos = 0;
    while ((pos = cm_norm_next_cap(s, size, pos)) < size) {
        if (!cm_norm_next_word(s, size, pos, &w) || w.off != pos || !w.cap) __builtin_trap();
        pos = w.end;
    }
    if (size > 1) (void)cm_norm_gap_joins(s, 0, size > 8 ? 8 : size);
    return 0;
}
