/* fuzz_html: the markup stripper (text/html) on any bytes.
 *
 * What must hold: no fault; the length never changes (offsets keep pointing
 * into the original bytes); bytes outside markup are untouched — every byte
 * that changed lies in a span that started with '<' or '&' in the input;
 * valid UTF-8 stays valid UTF-8 and no NUL byte appears; the count of
 * replacements is at most one per '<' or '&' of the input. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/str.h"
#include "text/html.h"

static int valid_utf8(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        unsigned char b = (unsigned char)s[i];
        if (b < 0x80) {
            i++;
            continue;
        }
        uint32_t cp;
        size_t l = cm_utf8_decode((const unsigned char *)s + i, n - i, &cp);
        if (!l) return 0;
        i += l;
    }
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *p = malloc(size ? size : 1);
    if (!p) return 0;
    memcpy(p, data, size);
    (void)cm_html_detect(p, size);
    size_t opens = 0, nuls = 0;
    for (size_t i = 0; i < size; i++) {
        opens += data[i] == '<' || data[i] == '&';
        nuls += data[i] == 0;
    }
    int was_valid = valid_utf8(p, size);
    size_t n = cm_html_strip(p, size);
    if (n > opens) __builtin_trap();
    /* a changed byte must follow a '<' or '&' of the input (at or before it) */
    int seen_open = 0;
    size_t nuls2 = 0;
    for (size_t i = 0; i < size; i++) {
        if (data[i] == '<' || data[i] == '&') seen_open = 1;
        if (p[i] != (char)data[i] && !seen_open) __builtin_trap();
        nuls2 += p[i] == 0;
    }
    if (nuls2 > nuls) __builtin_trap();
    if (was_valid && !valid_utf8(p, size)) __builtin_trap();
    free(p);
    return 0;
}
