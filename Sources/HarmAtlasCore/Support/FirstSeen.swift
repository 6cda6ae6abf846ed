import CHarmAtlasKernels
import Foundation

/// Where each of a set of strings (item ids) was first seen, for a million of them at a small, flat cost: the
/// strings' bytes in one buffer and an open-addressed table of indexes, instead of a dictionary of strings.
///
/// Lookups compare the bytes, so distinct strings never collide; the hash (64-bit, per 8-byte word) only picks
/// the slot. Strings are kept in the order first seen.
public struct FirstSeen: Sendable {
    /// Where a string was seen.
    public struct Place: Equatable, Sendable {
        /// The file, as the caller numbers them.
        public var file: Int32
        /// The line or row.
        public var line: Int32

        /// A place.
        public init(file: Int32, line: Int32) {
            self.file = file
            self.line = line
        }
    }

    private struct Entry: Sendable {
        var hash: UInt64
        var offset: Int
        var length: Int
        var place: Place
    }

    private var bytes: [UInt8] = []
    private var entries: [Entry] = []
    /// Per slot, the high half of the entry's hash above the entry index + 1 (0 when empty), so that a probe
    /// reads an entry only when the hash halves agree. The count is a power of two, at most half full.
    private var slots = [UInt64](repeating: 0, count: 1024)

    /// An empty set.
    public init() {}

    /// An empty set with room for `count` strings before it grows.
    public init(capacity count: Int) {
        var size = 1024
        while size < count * 2 { size *= 2 }
        slots = [UInt64](repeating: 0, count: size)
        entries.reserveCapacity(count)
    }

    /// How many distinct strings were seen.
    public var count: Int { entries.count }

    /// Records `text` at `place` unless it was seen before; returns the earlier place when it was.
    public mutating func insert(_ text: String, at place: Place) -> Place? {
        var text = text
        return text.withUTF8 { insert($0, hash: Self.hash($0), at: place) }
    }

    /// Asks for the slot where `text` would go, ahead of inserting it. A million strings make a table larger than
    /// the processor's caches, where each insert would wait on memory in turn; asked for a batch ahead, the waits
    /// overlap.
    public func prefetch(_ text: String) {
        var text = text
        prefetch(hash: text.withUTF8 { Self.hash($0) })
    }

    /// Asks for the slot where a string of this hash would go.
    private func prefetch(hash: UInt64) {
        slots.withUnsafeBufferPointer {
            harmatlas_prefetch($0.baseAddress! + (Int(truncatingIfNeeded: hash) & ($0.count - 1)))
        }
    }

    /// Where `text` was first seen, if it was.
    public func place(of text: String) -> Place? {
        var text = text
        return text.withUTF8 { find($0, hash: Self.hash($0)).place }
    }

    /// Takes in the strings of `other`, in the order it first saw them, at the places `placing` gives; returns
    /// each string seen by both, with its place in `other` (as placed) and where this set saw it first.
    public mutating func merge(_ other: FirstSeen, placing: (Place) -> Place) -> [(
        text: String, place: Place, first: Place
    )] {
        var repeats: [(text: String, place: Place, first: Place)] = []
        other.bytes.withUnsafeBufferPointer { stored in
            for (index, entry) in other.entries.enumerated() {
                // The slot of a string a few places on is asked for while this one is inserted.
                if index + 16 < other.entries.count { prefetch(hash: other.entries[index + 16].hash) }
                let text = UnsafeBufferPointer(rebasing: stored[entry.offset..<entry.offset + entry.length])
                let place = placing(entry.place)
                if let first = insert(text, hash: entry.hash, at: place) {
                    repeats.append((String(decoding: text, as: UTF8.self), place, first))
                }
            }
        }
        return repeats
    }

    private static func tag(_ hash: UInt64) -> UInt64 { hash & 0xFFFF_FFFF_0000_0000 }

    /// The entry's place, or the empty slot where `text` would go.
    private func find(_ text: UnsafeBufferPointer<UInt8>, hash: UInt64) -> (place: Place?, slot: Int) {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        return slots.withUnsafeBufferPointer { slots in
            while slots[slot] != 0 {
                if Self.tag(slots[slot]) == Self.tag(hash) {
                    let entry = entries[Int(truncatingIfNeeded: slots[slot] & 0xFFFF_FFFF) - 1]
                    if entry.hash == hash, entry.length == text.count,
                        text.isEmpty
                            || bytes.withUnsafeBufferPointer({
                                memcmp($0.baseAddress! + entry.offset, text.baseAddress!, text.count) == 0
                            })
                    {
                        return (entry.place, slot)
                    }
                }
                slot = (slot + 1) & mask
            }
            return (nil, slot)
        }
    }

    private mutating func insert(_ text: UnsafeBufferPointer<UInt8>, hash: UInt64, at place: Place) -> Place? {
        let (known, slot) = find(text, hash: hash)
        if let known { return known }
        entries.append(Entry(hash: hash, offset: bytes.count, length: text.count, place: place))
        bytes.append(contentsOf: text)
        slots[slot] = Self.tag(hash) | UInt64(entries.count)
        if entries.count * 2 > slots.count { grow() }
        return nil
    }

    /// Every string with where it was first seen, in the order first seen.
    public func forEach(_ body: (String, Place) -> Void) {
        bytes.withUnsafeBufferPointer { stored in
            for entry in entries {
                body(
                    String(
                        decoding: UnsafeBufferPointer(rebasing: stored[entry.offset..<entry.offset + entry.length]),
                        as: UTF8.self),
                    entry.place)
            }
        }
    }

    private mutating func grow() {
        slots = [UInt64](repeating: 0, count: slots.count * 2)
        let mask = slots.count - 1
        slots.withUnsafeMutableBufferPointer { slots in
            for (index, entry) in entries.enumerated() {
                var slot = Int(truncatingIfNeeded: entry.hash) & mask
                while slots[slot] != 0 { slot = (slot + 1) & mask }
                slots[slot] = Self.tag(entry.hash) | UInt64(index + 1)
            }
        }
    }

    /// A 64-bit hash of bytes, a word at a time, mixed as SplitMix64 finishes.
    private static func hash(_ text: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash = UInt64(text.count) &* 0x9E37_79B9_7F4A_7C15
        var index = 0
        while index + 8 <= text.count {
            let word = UnsafeRawPointer(text.baseAddress! + index).loadUnaligned(as: UInt64.self)
            hash = (hash ^ word) &* 0xBF58_476D_1CE4_E5B9
            hash ^= hash >> 31
            index += 8
        }
        var tail: UInt64 = 0
        for (shift, byte) in text[index...].enumerated() { tail |= UInt64(byte) << (shift * 8) }
        hash = (hash ^ tail) &* 0x94D0_49BB_1331_11EB
        hash ^= hash >> 29
        hash = hash &* 0xBF58_476D_1CE4_E5B9
        return hash ^ (hash >> 32)
    }
}
