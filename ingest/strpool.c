/* ingest/strpool.c — interned strings in large blocks with an open-addressing hash table. */
#include "ingest/strpool.h"
#include "ingest/util.h"

#include <stdlib.h>
#include <string.h>

/* The blocks grow: the first holds 4 KiB, each next one twice the one before, up to 256 KiB. A dataset
 * of a few lines (an upload, a fuzzer's input, a test) no longer takes a 256 KiB block, which under
 * AddressSanitizer is an mmap and munmap per dataset. */
#define FIRST_BLOCK (4u * 1024u)
#define BLOCK (256u * 1024u)

void chiso_strpool_init(chiso_strpool *p)
{
    memset(p, 0, sizeof *p);
}

void chiso_strpool_free(chiso_strpool *p)
{
    for (size_t i = 0; i < p->nchunks; i++)
        free(p->chunks[i]);
    free(p->chunks);
    free(p->strs);
    free(p->table);
    memset(p, 0, sizeof *p);
}

static uint64_t hash_of(const char *s, size_t len)
{
    return chiso_hash(s, len, 0x9e3779b97f4a7c15ULL);
}

static int rehash(chiso_strpool *p, size_t ncap)
{
    uint32_t *t = calloc(ncap, sizeof *t);
    if (!t)
        return -1;
    for (size_t id = 1; id < p->n; id++) {
        const char *s = p->strs[id];
        size_t h = (size_t)hash_of(s, strlen(s)) & (ncap - 1);
        while (t[h])
            h = (h + 1) & (ncap - 1);
        t[h] = (uint32_t)id;
    }
    free(p->table);
    p->table = t;
    p->tcap = ncap;
    return 0;
}

static char *store(chiso_strpool *p, const char *s, size_t len)
{
    size_t need = len + 1;
    if (p->nchunks == 0 || p->used + need > p->block) {
        size_t next = !p->block ? FIRST_BLOCK : p->block < BLOCK / 2 ? p->block * 2 : BLOCK;
        size_t size = need > next ? need : next;
        if (chiso_grow((void **)&p->chunks, &p->chunk_cap, p->nchunks + 1, sizeof *p->chunks) != 0)
            return NULL;
        char *b = malloc(size);
        if (!b)
            return NULL;
        if (need > next) { /* a big string gets a block of its own, kept before the current one */
            if (p->nchunks) {
                p->chunks[p->nchunks] = p->chunks[p->nchunks - 1];
                p->chunks[p->nchunks - 1] = b;
                p->nchunks++;
            } else {
                p->chunks[p->nchunks++] = b;
                p->used = p->block = size;
            }
            memcpy(b, s, len);
            b[len] = '\0';
            return b;
        }
        p->chunks[p->nchunks++] = b;
        p->used = 0;
        p->block = size;
    }
    char *d = p->chunks[p->nchunks - 1] + p->used;
    memcpy(d, s, len);
    d[len] = '\0';
    p->used += need;
    return d;
}

int chiso_strpool_share(chiso_strpool *dst, const chiso_strpool *src)
{
    if (src->n == 0)
        return 0;
    dst->strs = malloc(src->n * sizeof *dst->strs);
    dst->table = src->tcap ? malloc(src->tcap * sizeof *dst->table) : NULL;
    if (!dst->strs || (src->tcap && !dst->table)) {
        chiso_strpool_free(dst);
        return -1;
    }
    memcpy(dst->strs, src->strs, src->n * sizeof *dst->strs);
    if (src->tcap)
        memcpy(dst->table, src->table, src->tcap * sizeof *dst->table);
    dst->n = dst->cap = src->n;
    dst->tcap = src->tcap;
    return 0;
}

uint32_t chiso_strpool_find(const chiso_strpool *p, const char *s, size_t len)
{
    if (!s || !p->tcap)
        return CHISO_NOSTR;
    size_t h = (size_t)hash_of(s, len) & (p->tcap - 1);
    while (p->table[h]) {
        const char *t = p->strs[p->table[h]];
        if (strncmp(t, s, len) == 0 && t[len] == '\0')
            return p->table[h];
        h = (h + 1) & (p->tcap - 1);
    }
    return CHISO_NOSTR;
}

uint32_t chiso_strpool_intern(chiso_strpool *p, const char *s, size_t len)
{
    if (!s)
        return CHISO_NOSTR;
    if (p->n == 0) {
        if (chiso_grow((void **)&p->strs, &p->cap, 1, sizeof *p->strs) != 0)
            return UINT32_MAX;
        p->strs[0] = NULL;
        p->n = 1;
    }
    if ((p->n + 1) * 2 > p->tcap && rehash(p, p->tcap ? p->tcap * 2 : 1024) != 0)
        return UINT32_MAX;
    size_t h = (size_t)hash_of(s, len) & (p->tcap - 1);
    while (p->table[h]) {
        const char *t = p->strs[p->table[h]];
        if (strncmp(t, s, len) == 0 && t[len] == '\0')
            return p->table[h];
        h = (h + 1) & (p->tcap - 1);
    }
    if (p->n >= UINT32_MAX - 1)
        return UINT32_MAX;
    if (chiso_grow((void **)&p->strs, &p->cap, p->n + 1, sizeof *p->strs) != 0)
        return UINT32_MAX;
    char *d = store(p, s, len);
    if (!d)
        return UINT32_MAX;
    p->strs[p->n] = d;
    p->table[h] = (uint32_t)p->n;
    return (uint32_t)p->n++;
}
