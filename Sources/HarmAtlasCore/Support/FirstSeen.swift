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
    /// Entry index + 1 in each slot, 0 when empty; the count is a power of two, at most half full.
    private var slots = [Int32](repeating: 0, count: 1024)

    /// An empty set.
    public init() {}

    /// How many distinct strings were seen.
    public var count: Int { entries.count }

    /// Records `text` at `place` unless it was seen before; returns the earlier place when it was.
    public mutating func insert(_ text: String, at place: Place) -> Place? {
        var text = text
        return text.withUTF8 { insert($0, at: place) }
    }

    /// Where `text` was first seen, if it was.
    public func place(of text: String) -> Place? {
        var text = text
        return text.withUTF8 { find($0).place }
    }

    /// The entry's place, or the empty slot where `text` would go; and its hash.
    private func find(_ text: UnsafeBufferPointer<UInt8>) -> (place: Place?, slot: Int, hash: UInt64) {
        let hash = Self.hash(text)
        var slot = Int(truncatingIfNeeded: hash) & (slots.count - 1)
        while slots[slot] != 0 {
            let entry = entries[Int(slots[slot]) - 1]
            if entry.hash == hash, entry.length == text.count,
                bytes.withUnsafeBufferPointer({ stored in
                    text.elementsEqual(
                        UnsafeBufferPointer(rebasing: stored[entry.offset..<entry.offset + entry.length]))
                })
            {
                return (entry.place, slot, hash)
            }
            slot = (slot + 1) & (slots.count - 1)
        }
        return (nil, slot, hash)
    }

    private mutating func insert(_ text: UnsafeBufferPointer<UInt8>, at place: Place) -> Place? {
        let (known, slot, hash) = find(text)
        if let known { return known }
        entries.append(Entry(hash: hash, offset: bytes.count, length: text.count, place: place))
        bytes.append(contentsOf: text)
        slots[slot] = Int32(entries.count)
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
        slots = [Int32](repeating: 0, count: slots.count * 2)
        for (index, entry) in entries.enumerated() {
            var slot = Int(truncatingIfNeeded: entry.hash) & (slots.count - 1)
            while slots[slot] != 0 { slot = (slot + 1) & (slots.count - 1) }
            slots[slot] = Int32(index + 1)
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
