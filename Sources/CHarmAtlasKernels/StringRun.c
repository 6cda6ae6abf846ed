#include "CHarmAtlasKernels.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

static inline int ends_run(uint8_t byte) { return byte == '"' || byte == '\\' || byte < 0x20 || byte == 0x7F; }

size_t harmatlas_string_run(const uint8_t *bytes, size_t count) {
    size_t i = 0;
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\'), del = _mm_set1_epi8(0x7F);
    // Bytes below 0x20: unsigned x < 0x20 exactly when max(x, 0x1F) == 0x1F.
    const __m128i below = _mm_set1_epi8(0x1F);
    for (; i + 16 <= count; i += 16) {
        __m128i block = _mm_loadu_si128((const __m128i *)(bytes + i));
        __m128i special = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(block, quote), _mm_cmpeq_epi8(block, backslash)),
                                       _mm_or_si128(_mm_cmpeq_epi8(block, del),
                                                    _mm_cmpeq_epi8(_mm_max_epu8(block, below), below)));
        int mask = _mm_movemask_epi8(special);
        if (mask != 0) return i + (size_t)__builtin_ctz((unsigned)mask);
    }
#endif
    for (; i < count; i++) {
        if (ends_run(bytes[i])) return i;
    }
    return count;
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
