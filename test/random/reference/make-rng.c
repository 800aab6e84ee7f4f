/*
 * An independent implementation of leapfrog's makeRng(seed, stream) in C with native 64-bit
 * integers, from the published algorithms: SplitMix64 (Steele, Lea & Flood 2014; Vigna's
 * splitmix64.c) and xoshiro128** 1.1 (Blackman & Vigna 2021; xoshiro128starstar.c). It prints
 * the first outputs that test/random/streams.test.ts pins, and the first uniform() values.
 *
 *   cc -O2 -o make-rng make-rng.c && ./make-rng
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static uint64_t mix64(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

static uint32_t rotl(uint32_t x, int k) { return (x << k) | (x >> (32 - k)); }

struct xoshiro { uint32_t s[4]; };

static uint32_t next(struct xoshiro *g) {
  uint32_t *s = g->s;
  const uint32_t result = rotl(s[1] * 5, 7) * 9;
  const uint32_t t = s[1] << 9;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl(s[3], 11);
  return result;
}

/* key = mix64(mix64(bits(seed)) ^ stream); state = SplitMix64 outputs 1 and 2 from key, low word first. */
static struct xoshiro make_rng(double seed, uint64_t stream) {
  const uint64_t gamma = 0x9e3779b97f4a7c15ULL;
  uint64_t bits;
  if (seed == 0) seed = 0; /* -0 reads as +0 */
  memcpy(&bits, &seed, sizeof bits);
  const uint64_t key = mix64(mix64(bits) ^ stream);
  const uint64_t first = mix64(key + gamma), second = mix64(key + 2 * gamma);
  struct xoshiro g = {{(uint32_t)first, (uint32_t)(first >> 32), (uint32_t)second, (uint32_t)(second >> 32)}};
  return g;
}

int main(void) {
  const double seeds[] = {0, 1, 1, 20240601};
  const uint64_t streams[] = {0, 0, 1, 3};
  for (int i = 0; i < 4; i++) {
    struct xoshiro g = make_rng(seeds[i], streams[i]);
    printf("%.0f,%" PRIu64 ":", seeds[i], streams[i]);
    for (int k = 0; k < 3; k++) printf(" %08" PRIx32, next(&g));
    printf("\n");
  }
  struct xoshiro g = make_rng(1, 0);
  printf("uniform(1, 0):");
  for (int k = 0; k < 3; k++) {
    const uint32_t a = next(&g) >> 5, b = next(&g) >> 6;
    printf(" %.17g", (a * 67108864.0 + b) / 9007199254740992.0);
  }
  printf("\n");
  return 0;
}
