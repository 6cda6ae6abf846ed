#include "CHarmAtlasKernels.h"

#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/// The scalar starting at bytes[*index] by Unicode's table 3-7 of well-formed sequences, moving *index past it;
/// UINT32_MAX when the bytes there are not one.
__attribute__((always_inline)) static inline uint32_t next_scalar(const uint8_t *bytes, size_t count, size_t *index) {
    size_t i = *index;
    uint8_t lead = bytes[i];
    if (lead < 0x80) {
        *index = i + 1;
        return lead;
    }
    if (lead >= 0xC2 && lead <= 0xDF) {
        if (i + 1 >= count || (bytes[i + 1] & 0xC0) != 0x80) return UINT32_MAX;
        *index = i + 2;
        return ((uint32_t)(lead & 0x1F) << 6) | (bytes[i + 1] & 0x3F);
    }
    if (lead >= 0xE0 && lead <= 0xEF) {
        if (i + 2 >= count || (bytes[i + 2] & 0xC0) != 0x80) return UINT32_MAX;
        uint8_t second = bytes[i + 1];
        if (lead == 0xE0 ? (second < 0xA0 || second > 0xBF)
                         : lead == 0xED ? (second < 0x80 || second > 0x9F) : (second & 0xC0) != 0x80)
            return UINT32_MAX;
        *index = i + 3;
        return ((uint32_t)(lead & 0x0F) << 12) | ((uint32_t)(second & 0x3F) << 6) | (bytes[i + 2] & 0x3F);
    }
    if (lead >= 0xF0 && lead <= 0xF4) {
        if (i + 3 >= count || (bytes[i + 2] & 0xC0) != 0x80 || (bytes[i + 3] & 0xC0) != 0x80) return UINT32_MAX;
        uint8_t second = bytes[i + 1];
        if (lead == 0xF0 ? (second < 0x90 || second > 0xBF)
                         : lead == 0xF4 ? (second < 0x80 || second > 0x8F) : (second & 0xC0) != 0x80)
            return UINT32_MAX;
        *index = i + 4;
        return ((uint32_t)(lead & 0x07) << 18) | ((uint32_t)(second & 0x3F) << 12) |
               ((uint32_t)(bytes[i + 2] & 0x3F) << 6) | (bytes[i + 3] & 0x3F);
    }
    return UINT32_MAX;
}

static int utf8_check_portable(const uint8_t *bytes, size_t count) {
    const uint64_t highs = 0x8080808080808080ULL;
    int ascii = 1;
    size_t i = 0;
    while (i < count) {
        if (i + 8 <= count) {
            uint64_t word;
            memcpy(&word, bytes + i, 8);
            if ((word & highs) == 0) {
                i += 8;
                continue;
            }
        }
        if (bytes[i] < 0x80) {
            i += 1;
            continue;
        }
        ascii = 0;
        if (next_scalar(bytes, count, &i) == UINT32_MAX) return 0;
    }
    return ascii ? 2 : 1;
}

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <tmmintrin.h>

// Keiser and Lemire, "Validating UTF-8 in less than one instruction per byte" (2021), the lookup algorithm as
// simdjson and simdutf have it: three table lookups on the high and low nibbles of each byte and of the byte
// before it find every ill-formed pair; the bytes two and three after a three- and four-byte lead must be
// continuations. The bits name what each entry rules out.
enum {
    TOO_SHORT = 1 << 0,      // a lead or ASCII followed by a lead or ASCII where a continuation must come
    TOO_LONG = 1 << 1,       // ASCII followed by a continuation
    OVERLONG_3 = 1 << 2,     // E0 followed by 80...9F
    TOO_LARGE = 1 << 3,      // above U+10FFFF
    SURROGATE = 1 << 4,      // ED followed by A0...BF
    OVERLONG_2 = 1 << 5,     // C0 or C1
    TOO_LARGE_1000 = 1 << 6, // F5...FF followed by 80...8F
    OVERLONG_4 = 1 << 6,     // F0 followed by 80...8F
    TWO_CONTS = 1 << 7,      // a continuation followed by one, where no lead asks for it
    CARRY = TOO_SHORT | TOO_LONG | TWO_CONTS,
};

typedef struct {
    __m128i previous, error, any;
} utf8_state;

__attribute__((target("ssse3"))) static inline void utf8_step(utf8_state *state, __m128i input) {
    const __m128i nibble = _mm_set1_epi8(0x0F);
    const __m128i first_high = _mm_setr_epi8(
        TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, (char)TWO_CONTS,
        (char)TWO_CONTS, (char)TWO_CONTS, (char)TWO_CONTS, TOO_SHORT | OVERLONG_2, TOO_SHORT,
        TOO_SHORT | OVERLONG_3 | SURROGATE, TOO_SHORT | TOO_LARGE | TOO_LARGE_1000 | OVERLONG_4);
    const __m128i first_low = _mm_setr_epi8(
        (char)(CARRY | OVERLONG_3 | OVERLONG_2 | OVERLONG_4), (char)(CARRY | OVERLONG_2), (char)CARRY, (char)CARRY,
        (char)(CARRY | TOO_LARGE), (char)(CARRY | TOO_LARGE | TOO_LARGE_1000),
        (char)(CARRY | TOO_LARGE | TOO_LARGE_1000), (char)(CARRY | TOO_LARGE | TOO_LARGE_1000),
        (char)(CARRY | TOO_LARGE | TOO_LARGE_1000), (char)(CARRY | TOO_LARGE | TOO_LARGE_1000),
        (char)(CARRY | TOO_LARGE | TOO_LARGE_1000), (char)(CARRY | TOO_LARGE | TOO_LARGE_1000),
        (char)(CARRY | TOO_LARGE | TOO_LARGE_1000), (char)(CARRY | TOO_LARGE | TOO_LARGE_1000 | SURROGATE),
        (char)(CARRY | TOO_LARGE | TOO_LARGE_1000), (char)(CARRY | TOO_LARGE | TOO_LARGE_1000));
    const __m128i second_high = _mm_setr_epi8(
        TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT,
        (char)(TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE_1000 | OVERLONG_4),
        (char)(TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE),
        (char)(TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE),
        (char)(TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE), TOO_SHORT, TOO_SHORT, TOO_SHORT,
        TOO_SHORT);
    __m128i prev1 = _mm_alignr_epi8(input, state->previous, 15);
    __m128i prev2 = _mm_alignr_epi8(input, state->previous, 14);
    __m128i prev3 = _mm_alignr_epi8(input, state->previous, 13);
    __m128i special = _mm_and_si128(
        _mm_and_si128(_mm_shuffle_epi8(first_high, _mm_and_si128(_mm_srli_epi16(prev1, 4), nibble)),
                      _mm_shuffle_epi8(first_low, _mm_and_si128(prev1, nibble))),
        _mm_shuffle_epi8(second_high, _mm_and_si128(_mm_srli_epi16(input, 4), nibble)));
    // Only a byte of 111xxxxx two back, or 1111xxxx three back, leaves its high bit set after these.
    __m128i third = _mm_subs_epu8(prev2, _mm_set1_epi8((char)(0xE0 - 0x80)));
    __m128i fourth = _mm_subs_epu8(prev3, _mm_set1_epi8((char)(0xF0 - 0x80)));
    __m128i continuation = _mm_and_si128(_mm_or_si128(third, fourth), _mm_set1_epi8((char)0x80));
    state->error = _mm_or_si128(state->error, _mm_xor_si128(continuation, special));
    state->any = _mm_or_si128(state->any, input);
    state->previous = input;
}

__attribute__((target("ssse3"))) static int utf8_check_ssse3(const uint8_t *bytes, size_t count) {
    // Short text, mostly ASCII (ids, tags, labels), is quicker a word at a time than padded into blocks.
    if (count < 16) return utf8_check_portable(bytes, count);
    utf8_state state = {_mm_setzero_si128(), _mm_setzero_si128(), _mm_setzero_si128()};
    // Bytes at the end of the block before that start a sequence the block must finish: a lead in the last
    // place, a lead of three or four bytes in the one before, a lead of four in the one before that.
    const __m128i complete = _mm_setr_epi8(-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, (char)0xEF,
                                           (char)0xDF, (char)0xBF);
    size_t i = 0;
    for (; i + 16 <= count; i += 16) {
        __m128i input = _mm_loadu_si128((const __m128i *)(bytes + i));
        if (_mm_movemask_epi8(input) == 0) {
            // An ASCII block: only a sequence the block before left open can be wrong.
            state.error = _mm_or_si128(state.error, _mm_subs_epu8(state.previous, complete));
            state.previous = input;
            continue;
        }
        utf8_step(&state, input);
    }
    if (i < count) {
        uint8_t tail[16] = {0};
        memcpy(tail, bytes + i, count - i);
        utf8_step(&state, _mm_loadu_si128((const __m128i *)tail));
    }
    // A block of zeros after the input: a sequence cut short at the end is an error.
    utf8_step(&state, _mm_setzero_si128());
    if (_mm_movemask_epi8(_mm_cmpeq_epi8(state.error, _mm_setzero_si128())) != 0xFFFF) return 0;
    return _mm_movemask_epi8(state.any) == 0 ? 2 : 1;
}

int harmatlas_utf8_check(const uint8_t *bytes, size_t count) {
    static int ssse3 = -1;
    int known = __atomic_load_n(&ssse3, __ATOMIC_RELAXED);
    if (known < 0) {
        known = __builtin_cpu_supports("ssse3") ? 1 : 0;
        __atomic_store_n(&ssse3, known, __ATOMIC_RELAXED);
    }
    return known ? utf8_check_ssse3(bytes, count) : utf8_check_portable(bytes, count);
}

#else

int harmatlas_utf8_check(const uint8_t *bytes, size_t count) { return utf8_check_portable(bytes, count); }

#endif

/// Adds count letters of script slot + 1 (none when 0), noting the slot's place in the order when it is new.
static inline void add_letters(harmatlas_text_scan *scan, uint8_t slot, uint32_t count) {
    if (slot == 0) return;
    if (scan->letters[slot - 1] == 0) scan->order[scan->scripts++] = slot - 1;
    scan->letters[slot - 1] += count;
}

void harmatlas_scan_text(const uint8_t *bytes, size_t count, const uint8_t *kinds, uint32_t *invisible_offsets,
                         uint32_t *invisible_values, size_t capacity, harmatlas_text_scan *scan) {
    memset(scan, 0, sizeof *scan);
    // Checked first, 16 bytes at a time, so that the scalars below are decoded without checks, and without the
    // branches that checking each one takes.
    if (harmatlas_utf8_check(bytes, count) == 0) return;
    scan->valid = 1;
    scan->blank = 1;
    uint32_t offset = 0;
    // Letters are counted a run of one script at a time, in registers: adding each to its count in memory
    // would make every letter wait for the one before.
    uint8_t run_slot = 0;
    uint32_t run = 0;
    size_t i = 0;
    while (i < count) {
        uint8_t lead = bytes[i];
        if (lead < 0x80) {
#if defined(__SSE2__)
            // The ASCII bytes from here to the next other byte, up to 16, are counted at once: letters
            // (b | 0x20 in a…z), digits, whether an '@' is among them, and whether one is not white space.
            if (i + 16 <= count) {
                __m128i block = _mm_loadu_si128((const __m128i *)(bytes + i));
                unsigned length = (unsigned)__builtin_ctz((unsigned)_mm_movemask_epi8(block) | 0x10000);
                unsigned ascii = (1u << length) - 1;
                __m128i letter = _mm_sub_epi8(_mm_or_si128(block, _mm_set1_epi8(0x20)), _mm_set1_epi8('a'));
                __m128i digit = _mm_sub_epi8(block, _mm_set1_epi8('0'));
                // x - low is within [0, n] when min(x - low, n) is x - low, unsigned.
                __m128i letters = _mm_cmpeq_epi8(_mm_min_epu8(letter, _mm_set1_epi8(25)), letter);
                __m128i digits = _mm_cmpeq_epi8(_mm_min_epu8(digit, _mm_set1_epi8(9)), digit);
                scan->latin += (uint32_t)__builtin_popcount((unsigned)_mm_movemask_epi8(letters) & ascii);
                scan->digits += (uint32_t)__builtin_popcount((unsigned)_mm_movemask_epi8(digits) & ascii);
                if ((unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(block, _mm_set1_epi8('@'))) & ascii) scan->has_at = 1;
                if (scan->blank) {
                    __m128i control = _mm_sub_epi8(block, _mm_set1_epi8(0x09));  // tab to carriage return
                    __m128i space = _mm_or_si128(_mm_cmpeq_epi8(block, _mm_set1_epi8(' ')),
                                                 _mm_cmpeq_epi8(_mm_min_epu8(control, _mm_set1_epi8(4)), control));
                    if (~(unsigned)_mm_movemask_epi8(space) & ascii) scan->blank = 0;
                }
                i += length;
                offset += length;
                continue;
            }
#else
            // Once the text is known not blank, runs of eight ASCII bytes are counted at once.
            if (!scan->blank && i + 8 <= count) {
                const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
                uint64_t word;
                memcpy(&word, bytes + i, 8);
                if ((word & highs) == 0) {
                    uint64_t folded = word | (ones * 0x20);
                    scan->latin += (uint32_t)__builtin_popcountll((folded + ones * 0x1F) & ~(folded + ones * 0x05) & highs);
                    scan->digits += (uint32_t)__builtin_popcountll((word + ones * 0x50) & ~(word + ones * 0x46) & highs);
                    uint64_t at = word ^ (ones * 0x40);
                    if (((at - ones) & ~at & highs) != 0) scan->has_at = 1;
                    i += 8;
                    offset += 8;
                    continue;
                }
            }
#endif
            if ((lead | 0x20) >= 'a' && (lead | 0x20) <= 'z') {
                scan->latin += 1;
                scan->blank = 0;
            } else if (lead >= '0' && lead <= '9') {
                scan->digits += 1;
                scan->blank = 0;
            } else if (lead == '@') {
                scan->has_at = 1;
                scan->blank = 0;
            } else if (!(lead == ' ' || (lead >= 0x09 && lead <= 0x0D))) {
                scan->blank = 0;
            }
            i += 1;
            offset += 1;
            continue;
        }
        // A lead byte of a sequence known to be well formed.
        uint32_t value;
        if (lead < 0xE0) {
            value = ((uint32_t)(lead & 0x1F) << 6) | (bytes[i + 1] & 0x3F);
            i += 2;
        } else if (lead < 0xF0) {
            value = ((uint32_t)(lead & 0x0F) << 12) | ((uint32_t)(bytes[i + 1] & 0x3F) << 6) | (bytes[i + 2] & 0x3F);
            i += 3;
        } else {
            value = ((uint32_t)(lead & 0x07) << 18) | ((uint32_t)(bytes[i + 1] & 0x3F) << 12) |
                    ((uint32_t)(bytes[i + 2] & 0x3F) << 6) | (bytes[i + 3] & 0x3F);
            i += 4;
        }
        uint8_t kind = kinds[value];
        if (kind & 0x80) {
            if (scan->invisible < capacity) {
                invisible_offsets[scan->invisible] = offset;
                invisible_values[scan->invisible] = value;
            }
            scan->invisible += 1;
            if (value == 0x200C || value == 0x200D) scan->has_joiner = 1;
        } else {
            if (!(kind & 0x40)) scan->blank = 0;
            uint8_t slot = kind & 0x3F;
            if (slot == run_slot) {
                run += 1;
            } else if (slot != 0) {
                add_letters(scan, run_slot, run);
                run_slot = slot;
                run = 1;
            }
        }
        offset += 1;
    }
    add_letters(scan, run_slot, run);
    scan->scalars = offset;
}
