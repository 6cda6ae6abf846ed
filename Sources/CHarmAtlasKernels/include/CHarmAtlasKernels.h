#ifndef CHARMATLAS_KERNELS_H
#define CHARMATLAS_KERNELS_H

#include <stddef.h>
#include <stdint.h>

/// MinHash minimums: for every permutation i < permutations, minimums[i] becomes the smallest of its value and
/// multipliers[i] * x + offsets[i] (wrapping, 64 bits, compared unsigned) over the count values x of shingles.
///
/// The arithmetic is exact, so the result is the same on every machine; the function uses the widest vector
/// instructions the processor has (AVX-512 or AVX2 on x86-64, checked once at run time) and plain C otherwise.
void harmatlas_minhash(const uint64_t *shingles, size_t count, const uint64_t *multipliers, const uint64_t *offsets,
                       size_t permutations, uint64_t *minimums);

/// The widest path the processor and operating system support: 0 plain C, 1 AVX2, 2 AVX-512.
int harmatlas_minhash_level(void);

/// harmatlas_minhash through one path, at most harmatlas_minhash_level(): each gives the same result, which
/// tests check.
void harmatlas_minhash_at(int level, const uint64_t *shingles, size_t count, const uint64_t *multipliers,
                          const uint64_t *offsets, size_t permutations, uint64_t *minimums);

#endif
