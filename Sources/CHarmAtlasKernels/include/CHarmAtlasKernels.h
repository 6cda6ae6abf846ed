#ifndef CHARMATLAS_KERNELS_H
#define CHARMATLAS_KERNELS_H

#include <stddef.h>
#include <stdint.h>

/// Asks for the cache line that holds `address` ahead of its use: a hint, which reads nothing and cannot fault.
static inline void harmatlas_prefetch(const void *address) { __builtin_prefetch(address); }

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

/// SHA-256 (FIPS 180-4) with the processor's SHA extensions where it has them (x86-64, checked once at run time)
/// and plain C otherwise. The path used: 0 plain C, 1 SHA extensions.
int harmatlas_sha256_level(void);

/// A SHA-256 computation fed in pieces.
typedef struct {
    uint32_t state[8];
    uint64_t count;
    uint8_t buffer[64];
} harmatlas_sha256_context;

void harmatlas_sha256_init(harmatlas_sha256_context *context);
void harmatlas_sha256_update(harmatlas_sha256_context *context, const uint8_t *bytes, size_t count);
/// Writes the digest of what was fed; the context is then spent.
void harmatlas_sha256_final(harmatlas_sha256_context *context, uint8_t digest[32]);

/// The SHA-256 of bytes[0..<count], through a path at most harmatlas_sha256_level(): each gives the same digest,
/// which tests check.
void harmatlas_sha256_at(int level, const uint8_t *bytes, size_t count, uint8_t digest[32]);

/// The SHA-256 of two messages at once: with the SHA extensions, their rounds interleave, so that each waits on
/// its own message's previous round only, and two short messages take little more time than one.
void harmatlas_sha256_pair_at(int level, const uint8_t *first, size_t firstCount, const uint8_t *second,
                              size_t secondCount, uint8_t firstDigest[32], uint8_t secondDigest[32]);

/// The index of the first byte in bytes[0..<count] that ends a plain run of a JSON string: a quote, a backslash,
/// a control character or DEL; count when there is none. Sixteen bytes at a time with SSE2 where there is
/// SSE2.
size_t harmatlas_string_run(const uint8_t *bytes, size_t count);

/// The index of the first byte in bytes[0..<count] that ends a plain run of an unquoted CSV cell: a quote, the
/// delimiter, a line feed or a carriage return; count when there is none. Sixteen bytes at a time with SSE2
/// where there is SSE2.
size_t harmatlas_csv_run(const uint8_t *bytes, size_t count, uint8_t delimiter);

/// Whether bytes[0..<count] are well-formed UTF-8 by Unicode's table 3-7: 0 when they are not, 1 when they are,
/// 2 when they are and all ASCII. Sixteen bytes at a time with SSSE3 where the processor has it.
int harmatlas_utf8_check(const uint8_t *bytes, size_t count);

/// What one pass over a text found, for text inspection.
typedef struct {
    /// Letters by script slot (0..<24), other than ASCII ones, and the slots in the order their first letter came.
    uint32_t letters[24];
    uint8_t order[24];
    uint32_t scripts;
    /// ASCII letters, ASCII digits, scalars read.
    uint32_t latin;
    uint32_t digits;
    uint32_t scalars;
    /// Invisible scalars: how many there are; the first ones are in the caller's buffers.
    uint32_t invisible;
    /// Whether the text is all white space and invisible scalars, holds an '@', holds U+200C or U+200D, and is
    /// valid UTF-8 (when it is not, the rest is left zero: the text is checked before it is read).
    uint8_t blank;
    uint8_t has_at;
    uint8_t has_joiner;
    uint8_t valid;
} harmatlas_text_scan;

/// Reads count bytes of UTF-8 once. kinds has an entry for every scalar below 0x110000: bit 7 invisible, bit 6
/// white space, bits 0-5 the script slot + 1 (0 for none). The offsets (in scalars) and values of the first
/// capacity invisible scalars go into invisible_offsets and invisible_values.
void harmatlas_scan_text(const uint8_t *bytes, size_t count, const uint8_t *kinds, uint32_t *invisible_offsets,
                         uint32_t *invisible_values, size_t capacity, harmatlas_text_scan *scan);

/// Asks the kernel to start writing bytes [offset, offset + count) of an open file to disk, without waiting for
/// them (Linux's sync_file_range); does nothing elsewhere. A file written in parts this way is mostly on disk
/// when it is synced, so the sync does not wait for all of it.
void harmatlas_start_writeback(int descriptor, int64_t offset, int64_t count);

/// Creates (or truncates) a file for writing directly to the disk, past the page cache (Linux's O_DIRECT, mode
/// 0644): writes must then be whole blocks from aligned memory. -1 where the system or file system does not
/// allow it.
int harmatlas_create_direct(const char *path);

/// Makes the further writes to a file made by harmatlas_create_direct buffered, as writes usually are.
void harmatlas_end_direct(int descriptor);

#endif
