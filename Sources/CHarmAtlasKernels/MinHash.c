#include "CHarmAtlasKernels.h"

static void minhash_portable(const uint64_t *shingles, size_t count, const uint64_t *multipliers,
                                const uint64_t *offsets, size_t permutations, uint64_t *minimums) {
    for (size_t s = 0; s < count; s++) {
        uint64_t x = shingles[s];
        for (size_t i = 0; i < permutations; i++) {
            uint64_t value = multipliers[i] * x + offsets[i];
            if (value < minimums[i]) minimums[i] = value;
        }
    }
}

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <cpuid.h>
#include <immintrin.h>

__attribute__((target("avx512f,avx512dq")))
static void minhash_avx512(const uint64_t *shingles, size_t count, const uint64_t *multipliers,
                           const uint64_t *offsets, size_t permutations, uint64_t *minimums) {
    size_t i = 0;
    // Four blocks of eight permutations per pass over the shingles, so that four products are in flight.
    for (; i + 32 <= permutations; i += 32) {
        __m512i a0 = _mm512_loadu_si512(multipliers + i), b0 = _mm512_loadu_si512(offsets + i);
        __m512i a1 = _mm512_loadu_si512(multipliers + i + 8), b1 = _mm512_loadu_si512(offsets + i + 8);
        __m512i a2 = _mm512_loadu_si512(multipliers + i + 16), b2 = _mm512_loadu_si512(offsets + i + 16);
        __m512i a3 = _mm512_loadu_si512(multipliers + i + 24), b3 = _mm512_loadu_si512(offsets + i + 24);
        __m512i m0 = _mm512_loadu_si512(minimums + i), m1 = _mm512_loadu_si512(minimums + i + 8);
        __m512i m2 = _mm512_loadu_si512(minimums + i + 16), m3 = _mm512_loadu_si512(minimums + i + 24);
        for (size_t s = 0; s < count; s++) {
            __m512i x = _mm512_set1_epi64((long long)shingles[s]);
            m0 = _mm512_min_epu64(m0, _mm512_add_epi64(_mm512_mullo_epi64(a0, x), b0));
            m1 = _mm512_min_epu64(m1, _mm512_add_epi64(_mm512_mullo_epi64(a1, x), b1));
            m2 = _mm512_min_epu64(m2, _mm512_add_epi64(_mm512_mullo_epi64(a2, x), b2));
            m3 = _mm512_min_epu64(m3, _mm512_add_epi64(_mm512_mullo_epi64(a3, x), b3));
        }
        _mm512_storeu_si512(minimums + i, m0);
        _mm512_storeu_si512(minimums + i + 8, m1);
        _mm512_storeu_si512(minimums + i + 16, m2);
        _mm512_storeu_si512(minimums + i + 24, m3);
    }
    for (; i + 8 <= permutations; i += 8) {
        __m512i a = _mm512_loadu_si512(multipliers + i), b = _mm512_loadu_si512(offsets + i);
        __m512i m = _mm512_loadu_si512(minimums + i);
        for (size_t s = 0; s < count; s++) {
            __m512i x = _mm512_set1_epi64((long long)shingles[s]);
            m = _mm512_min_epu64(m, _mm512_add_epi64(_mm512_mullo_epi64(a, x), b));
        }
        _mm512_storeu_si512(minimums + i, m);
    }
    if (i < permutations) {
        minhash_portable(shingles, count, multipliers + i, offsets + i, permutations - i, minimums + i);
    }
}

/// Four 64-bit products from 32-bit halves: lo·lo + ((hi_a·lo_x + lo_a·hi_x) << 32).
__attribute__((target("avx2")))
static inline __m256i multiply64(__m256i a, __m256i aHigh, __m256i x, __m256i xHigh) {
    __m256i low = _mm256_mul_epu32(a, x);
    __m256i cross = _mm256_add_epi64(_mm256_mul_epu32(aHigh, x), _mm256_mul_epu32(a, xHigh));
    return _mm256_add_epi64(low, _mm256_slli_epi64(cross, 32));
}

__attribute__((target("avx2")))
static void minhash_avx2(const uint64_t *shingles, size_t count, const uint64_t *multipliers,
                         const uint64_t *offsets, size_t permutations, uint64_t *minimums) {
    // Unsigned comparison as signed comparison of values with the top bit flipped.
    const __m256i flip = _mm256_set1_epi64x((long long)0x8000000000000000ULL);
    size_t i = 0;
    for (; i + 8 <= permutations; i += 8) {
        __m256i a0 = _mm256_loadu_si256((const __m256i *)(multipliers + i));
        __m256i a1 = _mm256_loadu_si256((const __m256i *)(multipliers + i + 4));
        __m256i h0 = _mm256_srli_epi64(a0, 32), h1 = _mm256_srli_epi64(a1, 32);
        __m256i b0 = _mm256_loadu_si256((const __m256i *)(offsets + i));
        __m256i b1 = _mm256_loadu_si256((const __m256i *)(offsets + i + 4));
        __m256i m0 = _mm256_xor_si256(_mm256_loadu_si256((const __m256i *)(minimums + i)), flip);
        __m256i m1 = _mm256_xor_si256(_mm256_loadu_si256((const __m256i *)(minimums + i + 4)), flip);
        for (size_t s = 0; s < count; s++) {
            __m256i x = _mm256_set1_epi64x((long long)shingles[s]);
            __m256i xHigh = _mm256_srli_epi64(x, 32);
            __m256i v0 = _mm256_xor_si256(_mm256_add_epi64(multiply64(a0, h0, x, xHigh), b0), flip);
            __m256i v1 = _mm256_xor_si256(_mm256_add_epi64(multiply64(a1, h1, x, xHigh), b1), flip);
            m0 = _mm256_blendv_epi8(m0, v0, _mm256_cmpgt_epi64(m0, v0));
            m1 = _mm256_blendv_epi8(m1, v1, _mm256_cmpgt_epi64(m1, v1));
        }
        _mm256_storeu_si256((__m256i *)(minimums + i), _mm256_xor_si256(m0, flip));
        _mm256_storeu_si256((__m256i *)(minimums + i + 4), _mm256_xor_si256(m1, flip));
    }
    if (i < permutations) {
        minhash_portable(shingles, count, multipliers + i, offsets + i, permutations - i, minimums + i);
    }
}

static int supportedLevel = -1;

/// The widest path this processor and operating system support: the CPU must report the instructions and the
/// OS must save the vector registers (XCR0).
static int supported(void) {
    unsigned int eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
    if (!((ecx >> 27) & 1) || !((ecx >> 28) & 1)) return 0; // OSXSAVE, AVX
    unsigned int xcrLow, xcrHigh;
    __asm__("xgetbv" : "=a"(xcrLow), "=d"(xcrHigh) : "c"(0));
    if ((xcrLow & 0x6) != 0x6) return 0; // XMM and YMM state
    if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return 0;
    int avx2 = (ebx >> 5) & 1;
    int avx512 = ((ebx >> 16) & 1) && ((ebx >> 17) & 1) && (xcrLow & 0xE0) == 0xE0; // F, DQ, ZMM state
    return avx512 ? 2 : avx2 ? 1 : 0;
}

int harmatlas_minhash_level(void) {
    int known = __atomic_load_n(&supportedLevel, __ATOMIC_RELAXED);
    if (known < 0) {
        known = supported();
        __atomic_store_n(&supportedLevel, known, __ATOMIC_RELAXED);
    }
    return known;
}

void harmatlas_minhash_at(int level, const uint64_t *shingles, size_t count, const uint64_t *multipliers,
                          const uint64_t *offsets, size_t permutations, uint64_t *minimums) {
    switch (level < harmatlas_minhash_level() ? level : harmatlas_minhash_level()) {
    case 2: minhash_avx512(shingles, count, multipliers, offsets, permutations, minimums); break;
    case 1: minhash_avx2(shingles, count, multipliers, offsets, permutations, minimums); break;
    default: minhash_portable(shingles, count, multipliers, offsets, permutations, minimums); break;
    }
}

#else

int harmatlas_minhash_level(void) { return 0; }

void harmatlas_minhash_at(int level, const uint64_t *shingles, size_t count, const uint64_t *multipliers,
                          const uint64_t *offsets, size_t permutations, uint64_t *minimums) {
    (void)level;
    minhash_portable(shingles, count, multipliers, offsets, permutations, minimums);
}

#endif

void harmatlas_minhash(const uint64_t *shingles, size_t count, const uint64_t *multipliers, const uint64_t *offsets,
                       size_t permutations, uint64_t *minimums) {
    harmatlas_minhash_at(2, shingles, count, multipliers, offsets, permutations, minimums);
}
