/*
 * bench/rng.h — the generators' random numbers: xoshiro256** seeded by splitmix64, so that the same
 * arguments always give the same bytes on every machine (rand() does not).
 */
#ifndef CHISO_BENCH_RNG_H
#define CHISO_BENCH_RNG_H

#include <stdint.h>

static uint64_t rs[4];

static uint64_t splitmix(uint64_t *x)
{
    uint64_t z = (*x += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/* Start the sequence of seed. */
static void rng_seed(uint64_t seed)
{
    for (int i = 0; i < 4; i++)
        rs[i] = splitmix(&seed);
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static uint64_t next(void)
{
    uint64_t r = rotl(rs[1] * 5, 7) * 9, t = rs[1] << 17;
    rs[2] ^= rs[0];
    rs[3] ^= rs[1];
    rs[1] ^= rs[2];
    rs[0] ^= rs[3];
    rs[2] ^= t;
    rs[3] = rotl(rs[3], 45);
    return r;
}

/* uniform in [0, n) */
static uint32_t below(uint32_t n)
{
    return (uint32_t)(((next() >> 32) * (uint64_t)n) >> 32);
}

#endif
