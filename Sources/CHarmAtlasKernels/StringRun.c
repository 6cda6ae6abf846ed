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
    if (count >= 16) {
        // The final 16 bytes in one block, those already read shifted out.
        unsigned mask = string_specials(_mm_loadu_si128((const __m128i *)(bytes + count - 16))) >> (16 - (count - i));
        return mask != 0 ? i + (size_t)__builtin_ctz(mask) : count;
    }
    // Most strings written are short: their first and last eight (or four) bytes, overlapping, in one block.
    if (count >= 4) {
        __m128i head, tail;
        size_t width;
        if (count >= 8) {
            head = _mm_loadl_epi64((const __m128i *)bytes);
            tail = _mm_loadl_epi64((const __m128i *)(bytes + count - 8));
            width = 8;
        } else {
            int32_t first, last;
            memcpy(&first, bytes, 4);
            memcpy(&last, bytes + count - 4, 4);
            head = _mm_cvtsi32_si128(first);
            tail = _mm_cvtsi32_si128(last);
            width = 4;
        }
        unsigned mask = string_specials(_mm_unpacklo_epi64(head, tail));
        unsigned valid = (1u << width) - 1;
        if ((mask & valid) != 0) return (size_t)__builtin_ctz(mask & valid);
        mask = (mask >> 8) & valid;
        return mask != 0 ? count - width + (size_t)__builtin_ctz(mask) : count;
    }
    for (i = 0; i < count; i++) {
        if (ends_run(bytes[i])) return i;
    }
    return count;
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
