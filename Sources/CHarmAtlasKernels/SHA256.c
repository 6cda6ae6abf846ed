#include "CHarmAtlasKernels.h"

#include <string.h>

static const uint32_t roundConstants[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

static const uint32_t initialState[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                         0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};

static inline uint32_t rotr(uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

static inline uint32_t load_be32(const uint8_t *p) {
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | (uint32_t)p[3];
}

/// FIPS 180-4, section 6.2.2, one 64-byte block after another.
static void blocks_portable(uint32_t state[8], const uint8_t *data, size_t blocks) {
    for (; blocks > 0; blocks--, data += 64) {
        uint32_t w[64];
        for (int t = 0; t < 16; t++) w[t] = load_be32(data + 4 * t);
        for (int t = 16; t < 64; t++) {
            uint32_t s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >> 3);
            uint32_t s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >> 10);
            w[t] = w[t - 16] + s0 + w[t - 7] + s1;
        }
        uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
        uint32_t e = state[4], f = state[5], g = state[6], h = state[7];
        for (int t = 0; t < 64; t++) {
            uint32_t t1 = h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + roundConstants[t] + w[t];
            uint32_t t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
            h = g;
            g = f;
            f = e;
            e = d + t1;
            d = c;
            c = b;
            b = a;
            a = t1 + t2;
        }
        state[0] += a;
        state[1] += b;
        state[2] += c;
        state[3] += d;
        state[4] += e;
        state[5] += f;
        state[6] += g;
        state[7] += h;
    }
}

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <cpuid.h>
#include <immintrin.h>

#define SHA_NI __attribute__((target("sha,sse4.1,ssse3")))

/// The state as the SHA instructions hold it: ABEF and CDGH.
SHA_NI static inline void load_state(const uint32_t state[8], __m128i *abef, __m128i *cdgh) {
    __m128i dcba = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&state[0]), 0xB1);
    __m128i efgh = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&state[4]), 0x1B);
    *abef = _mm_alignr_epi8(dcba, efgh, 8);
    *cdgh = _mm_blend_epi16(efgh, dcba, 0xF0);
}

SHA_NI static inline void store_state(uint32_t state[8], __m128i abef, __m128i cdgh) {
    __m128i feba = _mm_shuffle_epi32(abef, 0x1B);
    __m128i dchg = _mm_shuffle_epi32(cdgh, 0xB1);
    _mm_storeu_si128((__m128i *)&state[0], _mm_blend_epi16(feba, dchg, 0xF0));
    _mm_storeu_si128((__m128i *)&state[4], _mm_alignr_epi8(dchg, feba, 8));
}

/// Four rounds on message words `m` (four of them, the constants not yet added) from round `k`.
#define FOUR_ROUNDS(abef, cdgh, m, k)                                                                             \
    do {                                                                                                        \
        __m128i words = _mm_add_epi32((m), _mm_loadu_si128((const __m128i *)&roundConstants[k]));               \
        (cdgh) = _mm_sha256rnds2_epu32((cdgh), (abef), words);                                                  \
        (abef) = _mm_sha256rnds2_epu32((abef), (cdgh), _mm_shuffle_epi32(words, 0x0E));                        \
    } while (0)

/// The next four message words from the sixteen before them.
#define NEXT_WORDS(m0, m1, m2, m3)                                                                              \
    _mm_sha256msg2_epu32(_mm_add_epi32(_mm_sha256msg1_epu32((m0), (m1)), _mm_alignr_epi8((m3), (m2), 4)), (m3))

#define LOAD_WORDS(data, offset, order) _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)((data) + (offset))), (order))

SHA_NI static void blocks_sha_ni(uint32_t state[8], const uint8_t *data, size_t blocks) {
    const __m128i order = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
    __m128i abef, cdgh;
    load_state(state, &abef, &cdgh);
    for (; blocks > 0; blocks--, data += 64) {
        __m128i savedABEF = abef, savedCDGH = cdgh;
        __m128i m0 = LOAD_WORDS(data, 0, order), m1 = LOAD_WORDS(data, 16, order);
        __m128i m2 = LOAD_WORDS(data, 32, order), m3 = LOAD_WORDS(data, 48, order);
        FOUR_ROUNDS(abef, cdgh, m0, 0);
        FOUR_ROUNDS(abef, cdgh, m1, 4);
        FOUR_ROUNDS(abef, cdgh, m2, 8);
        FOUR_ROUNDS(abef, cdgh, m3, 12);
        for (int k = 16; k < 64; k += 16) {
            m0 = NEXT_WORDS(m0, m1, m2, m3);
            FOUR_ROUNDS(abef, cdgh, m0, k);
            m1 = NEXT_WORDS(m1, m2, m3, m0);
            FOUR_ROUNDS(abef, cdgh, m1, k + 4);
            m2 = NEXT_WORDS(m2, m3, m0, m1);
            FOUR_ROUNDS(abef, cdgh, m2, k + 8);
            m3 = NEXT_WORDS(m3, m0, m1, m2);
            FOUR_ROUNDS(abef, cdgh, m3, k + 12);
        }
        abef = _mm_add_epi32(abef, savedABEF);
        cdgh = _mm_add_epi32(cdgh, savedCDGH);
    }
    store_state(state, abef, cdgh);
}

/// Two messages' blocks at once, their rounds interleaved: each round waits on the one before it in its own
/// message only, so the processor works on the other message meanwhile.
SHA_NI static void blocks_sha_ni_pair(uint32_t first[8], const uint8_t *firstData, uint32_t second[8],
                                      const uint8_t *secondData, size_t blocks) {
    const __m128i order = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
    __m128i xABEF, xCDGH, yABEF, yCDGH;
    load_state(first, &xABEF, &xCDGH);
    load_state(second, &yABEF, &yCDGH);
    for (; blocks > 0; blocks--, firstData += 64, secondData += 64) {
        __m128i savedXABEF = xABEF, savedXCDGH = xCDGH, savedYABEF = yABEF, savedYCDGH = yCDGH;
        __m128i x0 = LOAD_WORDS(firstData, 0, order), x1 = LOAD_WORDS(firstData, 16, order);
        __m128i x2 = LOAD_WORDS(firstData, 32, order), x3 = LOAD_WORDS(firstData, 48, order);
        __m128i y0 = LOAD_WORDS(secondData, 0, order), y1 = LOAD_WORDS(secondData, 16, order);
        __m128i y2 = LOAD_WORDS(secondData, 32, order), y3 = LOAD_WORDS(secondData, 48, order);
        FOUR_ROUNDS(xABEF, xCDGH, x0, 0);
        FOUR_ROUNDS(yABEF, yCDGH, y0, 0);
        FOUR_ROUNDS(xABEF, xCDGH, x1, 4);
        FOUR_ROUNDS(yABEF, yCDGH, y1, 4);
        FOUR_ROUNDS(xABEF, xCDGH, x2, 8);
        FOUR_ROUNDS(yABEF, yCDGH, y2, 8);
        FOUR_ROUNDS(xABEF, xCDGH, x3, 12);
        FOUR_ROUNDS(yABEF, yCDGH, y3, 12);
        for (int k = 16; k < 64; k += 16) {
            x0 = NEXT_WORDS(x0, x1, x2, x3);
            y0 = NEXT_WORDS(y0, y1, y2, y3);
            FOUR_ROUNDS(xABEF, xCDGH, x0, k);
            FOUR_ROUNDS(yABEF, yCDGH, y0, k);
            x1 = NEXT_WORDS(x1, x2, x3, x0);
            y1 = NEXT_WORDS(y1, y2, y3, y0);
            FOUR_ROUNDS(xABEF, xCDGH, x1, k + 4);
            FOUR_ROUNDS(yABEF, yCDGH, y1, k + 4);
            x2 = NEXT_WORDS(x2, x3, x0, x1);
            y2 = NEXT_WORDS(y2, y3, y0, y1);
            FOUR_ROUNDS(xABEF, xCDGH, x2, k + 8);
            FOUR_ROUNDS(yABEF, yCDGH, y2, k + 8);
            x3 = NEXT_WORDS(x3, x0, x1, x2);
            y3 = NEXT_WORDS(y3, y0, y1, y2);
            FOUR_ROUNDS(xABEF, xCDGH, x3, k + 12);
            FOUR_ROUNDS(yABEF, yCDGH, y3, k + 12);
        }
        xABEF = _mm_add_epi32(xABEF, savedXABEF);
        xCDGH = _mm_add_epi32(xCDGH, savedXCDGH);
        yABEF = _mm_add_epi32(yABEF, savedYABEF);
        yCDGH = _mm_add_epi32(yCDGH, savedYCDGH);
    }
    store_state(first, xABEF, xCDGH);
    store_state(second, yABEF, yCDGH);
}

static int supportedLevel = -1;

/// Whether the processor has the SHA extensions, and SSSE3 and SSE4.1, which the code around them uses.
static int supported(void) {
    unsigned int eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
    if (!((ecx >> 9) & 1) || !((ecx >> 19) & 1)) return 0; // SSSE3, SSE4.1
    if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return 0;
    return (ebx >> 29) & 1;
}

int harmatlas_sha256_level(void) {
    int known = __atomic_load_n(&supportedLevel, __ATOMIC_RELAXED);
    if (known < 0) {
        known = supported();
        __atomic_store_n(&supportedLevel, known, __ATOMIC_RELAXED);
    }
    return known;
}

static void blocks_at(int level, uint32_t state[8], const uint8_t *data, size_t blocks) {
    if (level > 0 && harmatlas_sha256_level() > 0) {
        blocks_sha_ni(state, data, blocks);
    } else {
        blocks_portable(state, data, blocks);
    }
}

static void blocks_pair_at(int level, uint32_t first[8], const uint8_t *firstData, uint32_t second[8],
                           const uint8_t *secondData, size_t blocks) {
    if (level > 0 && harmatlas_sha256_level() > 0) {
        blocks_sha_ni_pair(first, firstData, second, secondData, blocks);
    } else {
        blocks_portable(first, firstData, blocks);
        blocks_portable(second, secondData, blocks);
    }
}

#else

int harmatlas_sha256_level(void) { return 0; }

static void blocks_at(int level, uint32_t state[8], const uint8_t *data, size_t blocks) {
    (void)level;
    blocks_portable(state, data, blocks);
}

static void blocks_pair_at(int level, uint32_t first[8], const uint8_t *firstData, uint32_t second[8],
                           const uint8_t *secondData, size_t blocks) {
    (void)level;
    blocks_portable(first, firstData, blocks);
    blocks_portable(second, secondData, blocks);
}

#endif

static void store_digest(const uint32_t state[8], uint8_t digest[32]) {
    for (int i = 0; i < 8; i++) {
        digest[4 * i] = (uint8_t)(state[i] >> 24);
        digest[4 * i + 1] = (uint8_t)(state[i] >> 16);
        digest[4 * i + 2] = (uint8_t)(state[i] >> 8);
        digest[4 * i + 3] = (uint8_t)state[i];
    }
}

/// The blocks of a message of `count` bytes that hold its end: the bytes after its last whole block, the 0x80
/// byte, zeros, and its length in bits. Returns how many blocks that is, one or two.
static size_t final_blocks(const uint8_t *rest, size_t restCount, uint64_t count, uint8_t blocks[128]) {
    size_t used = restCount < 56 ? 64 : 128;
    memset(blocks, 0, used);
    if (restCount > 0) memcpy(blocks, rest, restCount);
    blocks[restCount] = 0x80;
    uint64_t bits = count * 8;
    for (int i = 0; i < 8; i++) blocks[used - 1 - i] = (uint8_t)(bits >> (8 * i));
    return used / 64;
}

void harmatlas_sha256_init(harmatlas_sha256_context *context) {
    memcpy(context->state, initialState, sizeof initialState);
    context->count = 0;
}

void harmatlas_sha256_update(harmatlas_sha256_context *context, const uint8_t *bytes, size_t count) {
    if (count == 0) return;
    int level = harmatlas_sha256_level();
    size_t buffered = (size_t)(context->count % 64);
    context->count += count;
    if (buffered > 0) {
        size_t take = 64 - buffered < count ? 64 - buffered : count;
        memcpy(context->buffer + buffered, bytes, take);
        bytes += take;
        count -= take;
        if (buffered + take < 64) return;
        blocks_at(level, context->state, context->buffer, 1);
    }
    blocks_at(level, context->state, bytes, count / 64);
    if (count % 64 > 0) memcpy(context->buffer, bytes + count - count % 64, count % 64);
}

void harmatlas_sha256_final(harmatlas_sha256_context *context, uint8_t digest[32]) {
    uint8_t blocks[128];
    size_t count = final_blocks(context->buffer, (size_t)(context->count % 64), context->count, blocks);
    blocks_at(harmatlas_sha256_level(), context->state, blocks, count);
    store_digest(context->state, digest);
}

void harmatlas_sha256_at(int level, const uint8_t *bytes, size_t count, uint8_t digest[32]) {
    uint32_t state[8];
    memcpy(state, initialState, sizeof initialState);
    blocks_at(level, state, bytes, count / 64);
    uint8_t blocks[128];
    size_t last = final_blocks(bytes + count - count % 64, count % 64, count, blocks);
    blocks_at(level, state, blocks, last);
    store_digest(state, digest);
}

/// One message as blocks: its whole blocks where they are, then its final blocks.
typedef struct {
    const uint8_t *data;
    size_t whole;
    uint8_t end[128];
    size_t endBlocks;
    size_t next;
} message_blocks;

static void message_start(message_blocks *message, const uint8_t *bytes, size_t count) {
    message->data = bytes;
    message->whole = count / 64;
    message->endBlocks = final_blocks(bytes + count - count % 64, count % 64, count, message->end);
    message->next = 0;
}

/// The next blocks of the message that lie one after another in memory, and how many there are.
static const uint8_t *message_run(const message_blocks *message, size_t *run) {
    if (message->next < message->whole) {
        *run = message->whole - message->next;
        return message->data + 64 * message->next;
    }
    *run = message->whole + message->endBlocks - message->next;
    return message->end + 64 * (message->next - message->whole);
}

void harmatlas_sha256_pair_at(int level, const uint8_t *first, size_t firstCount, const uint8_t *second,
                              size_t secondCount, uint8_t firstDigest[32], uint8_t secondDigest[32]) {
    message_blocks x, y;
    message_start(&x, first, firstCount);
    message_start(&y, second, secondCount);
    uint32_t xState[8], yState[8];
    memcpy(xState, initialState, sizeof initialState);
    memcpy(yState, initialState, sizeof initialState);
    size_t xRun, yRun;
    // Both messages' blocks in step while both have some, then the rest of the longer one.
    for (;;) {
        const uint8_t *xBlocks = message_run(&x, &xRun);
        const uint8_t *yBlocks = message_run(&y, &yRun);
        size_t step = xRun < yRun ? xRun : yRun;
        if (step == 0) {
            if (xRun > 0) blocks_at(level, xState, xBlocks, xRun);
            if (yRun > 0) blocks_at(level, yState, yBlocks, yRun);
            if (xRun == 0 && yRun == 0) break;
            x.next += xRun;
            y.next += yRun;
            continue;
        }
        blocks_pair_at(level, xState, xBlocks, yState, yBlocks, step);
        x.next += step;
        y.next += step;
    }
    store_digest(xState, firstDigest);
    store_digest(yState, secondDigest);
}
