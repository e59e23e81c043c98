/* ingest/strpool.h — interned strings: every distinct text is kept once and named by a 32-bit id. */
#ifndef CHISO_STRPOOL_H
#define CHISO_STRPOOL_H

#include <stddef.h>
#include <stdint.h>

#define CHISO_NOSTR 0u /* id of "no string" (an empty field) */

typedef struct chiso_strpool {
    char **chunks;        /* storage blocks */
    size_t nchunks, chunk_cap, used; /* bytes used in the last block */
    size_t block;         /* size of the last block (0 before the first) */
    const char **strs;    /* id → text; strs[0] = NULL */
    size_t n, cap;
    uint32_t *table;      /* open addressing: ids, 0 = empty */
    size_t tcap;
} chiso_strpool;

void chiso_strpool_init(chiso_strpool *p);
void chiso_strpool_free(chiso_strpool *p);
/* dst (initialised, empty) becomes a pool with the strings of src under the same ids, without copying
 * or hashing them again: dst shares src's texts (and copies only the id and hash tables), so src must
 * outlive dst and keep its strings (it may still intern more). New strings of dst go to blocks of its
 * own. 0, or -1 when out of memory (dst is then left empty). */
int chiso_strpool_share(chiso_strpool *dst, const chiso_strpool *src);
/* Intern s[0..len); returns its id (>= 1), or CHISO_NOSTR when s is NULL, or UINT32_MAX on oom. */
uint32_t chiso_strpool_intern(chiso_strpool *p, const char *s, size_t len);
/* Id of s[0..len) when it has been interned, else CHISO_NOSTR (the pool is not changed). */
uint32_t chiso_strpool_find(const chiso_strpool *p, const char *s, size_t len);
/* Text of id (NULL for CHISO_NOSTR or an unknown id). */
static inline const char *chiso_strpool_get(const chiso_strpool *p, uint32_t id)
{
    return id && id < p->n ? p->strs[id] : NULL;
}

#endif
