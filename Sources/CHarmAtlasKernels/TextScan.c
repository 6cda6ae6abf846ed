#include "CHarmAtlasKernels.h"

#include <string.h>

/// The scalar starting at bytes[*index] by Unicode's table 3-7 of well-formed sequences, moving *index past it;
/// UINT32_MAX when the bytes there are not one.
static inline uint32_t next_scalar(const uint8_t *bytes, size_t count, size_t *index) {
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

/// Adds count letters of script slot + 1 (none when 0), noting the slot's place in the order when it is new.
static inline void add_letters(harmatlas_text_scan *scan, uint8_t slot, uint32_t count) {
    if (slot == 0) return;
    if (scan->letters[slot - 1] == 0) scan->order[scan->scripts++] = slot - 1;
    scan->letters[slot - 1] += count;
}

void harmatlas_scan_text(const uint8_t *bytes, size_t count, const uint8_t *kinds, uint32_t *invisible_offsets,
                         uint32_t *invisible_values, size_t capacity, harmatlas_text_scan *scan) {
    memset(scan, 0, sizeof *scan);
    scan->blank = 1;
    scan->valid = 1;
    const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    uint32_t offset = 0;
    // Letters are counted a run of one script at a time, in registers: adding each to its count in memory
    // would make every letter wait for the one before.
    uint8_t run_slot = 0;
    uint32_t run = 0;
    size_t i = 0;
    while (i < count) {
        uint8_t lead = bytes[i];
        if (lead < 0x80) {
            // Once the text is known not blank, runs of eight ASCII bytes are counted at once: letters
            // (b | 0x20 in a…z), digits, and whether an '@' is among them.
            if (!scan->blank && i + 8 <= count) {
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
        uint32_t value = next_scalar(bytes, count, &i);
        if (value == UINT32_MAX) {
            scan->valid = 0;
            break;
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
