/* arena: a list of blocks, each a header followed by its bytes. libc only. */
#include "core/arena.h"
#include "core/str.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct block {
    struct block *next;
    size_t cap, used;
    alignas(max_align_t) unsigned char data[];
} block;

struct cm_arena {
    block *head;
    size_t total;
};

enum { BLOCK_MIN = 64 * 1024 };

static block *block_new(size_t cap)
{
    if (cap > SIZE_MAX - sizeof(block)) return NULL;
    block *b = malloc(sizeof(block) + cap);
    if (!b) return NULL;
    b->next = NULL;
    b->cap = cap;
    b->used = 0;
    return b;
}

cm_arena *cm_arena_new(void)
{
    cm_arena *a = calloc(1, sizeof *a);
    if (!a) return NULL;
    a->head = block_new(BLOCK_MIN);
    if (!a->head) {
        free(a);
        return NULL;
    }
    return a;
}

void cm_arena_free(cm_arena *a)
{
    if (!a) return;
    for (block *b = a->head, *n; b; b = n) {
        n = b->next;
        free(b);
    }
    free(a);
}

void cm_arena_reset(cm_arena *a)
{
    block *b = a->head;
    while (b->next) {
        block *n = b->next;
        b->next = n->next;
        free(n);
    }
    b->used = 0;
    a->total = 0;
}

void *cm_arena_alloc(cm_arena *a, size_t n)
{
    if (cm_fault_inject()) return NULL;
    size_t al = alignof(max_align_t);
    if (n > SIZE_MAX - al) return NULL;
    size_t need = (n + al - 1) & ~(al - 1);
    if (need == 0) need = al;
    block *b = a->head;
    if (b->cap - b->used < need) {
        /* Large requests get a block of their own behind the head so the head's
         * free space is not wasted. */
        size_t cap = need > BLOCK_MIN ? need : BLOCK_MIN;
        block *nb = block_new(cap);
        if (!nb) return NULL;
        if (need >= BLOCK_MIN / 4) {
            nb->next = b->next;
            b->next = nb;
            b = nb;
        } else {
            nb->next = b;
            a->head = nb;
            b = nb;
        }
    }
    void *p = b->data + b->used;
    b->used += need;
    a->total += need;
    memset(p, 0, need);
    return p;
}

void *cm_arena_calloc(cm_arena *a, size_t count, size_t size)
{
    size_t n;
    if (!cm_size_mul(count, size, &n)) return NULL;
    return cm_arena_alloc(a, n);
}

char *cm_arena_strndup(cm_arena *a, const char *p, size_t n)
{
    if (n == SIZE_MAX) return NULL;
    char *s = cm_arena_alloc(a, n + 1);
    if (!s) return NULL;
    if (n) memcpy(s, p, n);
    s[n] = 0;
    return s;
}

char *cm_arena_strdup(cm_arena *a, const char *s) { return cm_arena_strndup(a, s, strlen(s)); }

size_t cm_arena_used(const cm_arena *a) { return a->total; }
