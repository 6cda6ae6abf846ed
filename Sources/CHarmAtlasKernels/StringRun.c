#include "CHarmAtlasKernels.h"

#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

static inline int ends_run(uint8_t byte) { return byte == '"' || byte == '\\' || byte < 0x20 || byte == 0x7F; }

#if defined(__SSE2__)
/// Bits for the bytes of block that end a plain run of a JSON string.
static inline unsigned string_specials(__m128i block) {
    const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\'), del = _mm_set1_epi8(0x7F);
    // Bytes below 0x20: unsigned x < 0x20 exactly when max(x, 0x1F) == 0x1F.
    const __m128i below = _mm_set1_epi8(0x1F);
    __m128i special = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(block, quote), _mm_cmpeq_epi8(block, backslash)),
                                   _mm_or_si128(_mm_cmpeq_epi8(block, del),
                                                _mm_cmpeq_epi8(_mm_max_epu8(block, below), below)));
    return (unsigned)_mm_movemask_epi8(special);
}
#endif

size_t harmatlas_string_run(const uint8_t *bytes, size_t count) {
#if defined(__SSE2__)
    size_t i = 0;
    for (; i + 16 <= count; i += 16) {
        unsigned mask = string_specials(_mm_loadu_si128((const __m128i *)(bytes + i)));
        if (mask != 0) return i + (size_t)__builtin_ctz(mask);
    }
    if (i == count) return count;
    // The last bytes in one block too: the final 16 bytes of a longer string (those already read shifted out),
    // or a short string copied into a block of zeros (the zeros masked off). Most strings written are short.
    unsigned mask;
    if (count >= 16) {
        mask = string_specials(_mm_loadu_si128((const __m128i *)(bytes + count - 16))) >> (16 - (count - i));
    } else {
        uint8_t block[16] = {0};
        memcpy(block, bytes, count);
        mask = string_specials(_mm_loadu_si128((const __m128i *)block)) & ((1u << count) - 1);
    }
    return mask != 0 ? i + (size_t)__builtin_ctz(mask) : count;
#else
    for (size_t i = 0; i < count; i++) {
        if (ends_run(bytes[i])) return i;
    }
    return count;
#endif
}

size_t harmatlas_csv_run(const uint8_t *bytes, size_t count, uint8_t delimiter) {
    size_t i = 0;
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8('"'), separator = _mm_set1_epi8((char)delimiter);
    const __m128i feed = _mm_set1_epi8('\n'), carriage = _mm_set1_epi8('\r');
    for (; i + 16 <= count; i += 16) {
        __m128i block = _mm_loadu_si128((const __m128i *)(bytes + i));
        __m128i special = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(block, quote), _mm_cmpeq_epi8(block, separator)),
                                       _mm_or_si128(_mm_cmpeq_epi8(block, feed), _mm_cmpeq_epi8(block, carriage)));
        int mask = _mm_movemask_epi8(special);
        if (mask != 0) return i + (size_t)__builtin_ctz((unsigned)mask);
    }
#endif
    for (; i < count; i++) {
        uint8_t byte = bytes[i];
        if (byte == '"' || byte == delimiter || byte == '\n' || byte == '\r') return i;
    }
    return count;
}
