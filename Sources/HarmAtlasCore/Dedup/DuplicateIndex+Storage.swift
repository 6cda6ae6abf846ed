/// Checking new texts against an index, and the index's file form, so that evaluation code and contribution
/// review build a benchmark's index once and check batches against it later.
extension DuplicateIndex {
    /// An entry of the index that a new text duplicates.
    public struct Match: Hashable, Sendable {
        /// The entry.
        public var entry: Int
        /// Its id.
        public var id: String
        /// Why.
        public var reason: Reason
    }

    /// The entries a new text duplicates: the same canonical text, a shingle set at or above the threshold
    /// (verified), or the same media bytes; in entry order.
    public func matches(_ signature: Signature, mediaSHA256: [String] = []) -> [Match] {
        precondition(fits(signature), "the signature was made with another band layout than the index's")
        var found: [Int: Reason] = [:]
        if !signature.bandKeys.isEmpty {
            let lookup = self.lookup()
            var low = 0
            var high = lookup.exact.count
            while low < high {
                let middle = (low + high) / 2
                if exactKeys[lookup.exact[middle]] < signature.exactKey { low = middle + 1 } else { high = middle }
            }
            while low < lookup.exact.count && exactKeys[lookup.exact[low]] == signature.exactKey {
                found[lookup.exact[low]] = .exact
                low += 1
            }
            var candidates: Set<Int> = []
            for band in 0..<hasher.bands {
                let keys = lookup.bands[band]
                let key = UInt32(truncatingIfNeeded: signature.bandKeys[band])
                var low = 0
                var high = keys.count
                while low < high {
                    let middle = (low + high) / 2
                    if keys[middle].key < key { low = middle + 1 } else { high = middle }
                }
                while low < keys.count && keys[low].key == key {
                    candidates.insert(keys[low].entry)
                    low += 1
                }
            }
            var probe = ShingleProbe()
            signature.canonical.withUnsafeBufferPointer { probe.load($0) }
            let width = hasher.bands * hasher.rows
            for entry in candidates.sorted() where found[entry] == nil {
                let agreements = sketches.withUnsafeBufferPointer { sketches in
                    signature.sketch.withUnsafeBufferPointer {
                        DuplicateIndex.agreements(
                            $0, UnsafeBufferPointer(rebasing: sketches[(entry * width)..<(entry * width + width)]))
                    }
                }
                guard agreements >= sketchFloor else { continue }
                let similarity = withCanonicalBytes(entry) {
                    probe.similarity(to: $0, distinct: Int(shingleCounts[entry]))
                }
                if similarity >= threshold { found[entry] = .near(similarity) }
            }
        }
        for sha in mediaSHA256 {
            for (mediaSHA, entry) in media where mediaSHA == sha && found[entry] == nil { found[entry] = .media(sha) }
        }
        return found.keys.sorted().map { Match(entry: $0, id: ids[$0], reason: found[$0]!) }
    }

    /// The index as bytes, with a caller's fingerprint of what it was built from (a manifest's hash, say).
    public func serialized(fingerprint: String) -> [UInt8] {
        var bytes: [UInt8] = []
        serialize(fingerprint: fingerprint) { bytes += $0 }
        return bytes
    }

    /// The index as bytes handed to `write` in chunks of about a megabyte, so that a large index is written to a
    /// file without a second copy of it in memory.
    public func serialize<E: Error>(fingerprint: String, to write: ([UInt8]) throws(E) -> Void) throws(E) {
        var out = ByteWriter()
        out.bytes += Array(DuplicateIndex.magic.utf8)
        out.string(fingerprint)
        out.integer(threshold.bitPattern)
        out.integer(UInt64(hasher.bands))
        out.integer(UInt64(hasher.rows))
        out.integer(UInt64(count))
        let width = hasher.bands * hasher.rows
        for entry in 0..<count {
            out.string(ids[entry])
            out.integer(UInt64(sources[entry]))
            out.integer(exactKeys[entry].high)
            out.integer(exactKeys[entry].low)
            out.integer(UInt64(shingleCounts[entry]))
            out.string(canonicalText(entry))
            out.integer(hasBands[entry] ? 1 : 0)
            for band in 0..<hasher.bands { out.integer(UInt64(bandKeys[entry * hasher.bands + band])) }
            out.bytes += sketches[(entry * width)..<(entry * width + width)]
            if out.bytes.count >= 1 << 20 {
                try write(out.bytes)
                out.bytes.removeAll(keepingCapacity: true)
            }
        }
        out.integer(UInt64(media.count))
        for (sha, entry) in media {
            out.string(sha)
            out.integer(UInt64(entry))
        }
        try write(out.bytes)
    }

    /// Reads an index written by ``serialized(fingerprint:)``; `nil` when the bytes are not one.
    public static func deserialize(_ bytes: [UInt8]) -> (index: DuplicateIndex, fingerprint: String)? {
        var given = false
        return deserialize(size: bytes.count) { () -> [UInt8] in
            defer { given = true }
            return given ? [] : bytes
        }
    }

    /// Reads an index of `size` bytes from the chunks `read` hands out, the last one empty, so that a large index
    /// is read from a file without the whole file in memory; `nil` when the bytes are not an index.
    public static func deserialize<E: Error>(size: Int, read: () throws(E) -> [UInt8]) throws(E) -> (
        index: DuplicateIndex, fingerprint: String
    )? {
        try withoutActuallyEscaping(read) { (read) throws(E) in
            var input = ByteReader(size: size, next: read)
            return try deserialize(from: &input)
        }
    }

    private static func deserialize<E: Error>(from input: inout ByteReader<E>) throws(E) -> (
        index: DuplicateIndex, fingerprint: String
    )? {
        let size = input.size
        guard try input.take(DuplicateIndex.magic.utf8.count).map({ Array($0) }) == Array(DuplicateIndex.magic.utf8),
            let fingerprint = try input.string(), let thresholdBits = try input.integer(),
            let bands = try input.integer(), let rows = try input.integer(), let count = try input.integer(),
            (1...1024).contains(bands), (1...64).contains(rows), count <= UInt64(size)
        else { return nil }
        let threshold = Double(bitPattern: thresholdBits)
        guard threshold > 0 && threshold < 1 else { return nil }
        let index = DuplicateIndex(threshold: threshold, hasher: MinHasher(bands: Int(bands), rows: Int(rows)))
        for _ in 0..<count {
            guard let id = try input.string(), let source = try input.integer(), let high = try input.integer(),
                let low = try input.integer(), let shingleCount = try input.integer(), let text = try input.string(),
                let flag = try input.integer(), source <= UInt64(Int32.max), shingleCount <= UInt64(UInt32.max)
            else { return nil }
            var keys: [UInt64] = []
            for _ in 0..<bands {
                guard let key = try input.integer() else { return nil }
                keys.append(key)
            }
            guard let slice = try input.take(Int(bands * rows)) else { return nil }
            let sketch = Array(slice)
            let signature = Signature(
                canonical: Array(text.utf8), exactKey: ExactKey(high: high, low: low), bandKeys: flag == 1 ? keys : [],
                sketch: flag == 1 ? sketch : [], shingleCount: Int(shingleCount))
            index.add(id: id, source: Int(source), signature: signature)
        }
        guard let mediaCount = try input.integer(), mediaCount <= UInt64(size) else { return nil }
        for _ in 0..<mediaCount {
            guard let sha = try input.string(), let entry = try input.integer(), entry < count else { return nil }
            index.addMedia(sha, entry: Int(entry))
        }
        guard try input.atEnd() else { return nil }
        return (index, fingerprint)
    }

    static let magic = "harmatlas-dedup-index 2\n"
}

/// Little-endian integers and length-prefixed UTF-8 strings.
private struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func integer(_ value: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }

    mutating func string(_ text: String) {
        integer(UInt64(text.utf8.count))
        bytes += text.utf8
    }
}

/// Reads the chunks `next` hands out (the last one empty) as one stream of bytes; `size` is the stream's length,
/// which bounds the lengths it accepts.
private struct ByteReader<E: Error> {
    let size: Int
    let next: () throws(E) -> [UInt8]
    private var buffer: [UInt8] = []
    private var offset = 0
    private var ended = false

    init(size: Int, next: @escaping () throws(E) -> [UInt8]) {
        self.size = size
        self.next = next
    }

    /// Whether every byte has been read.
    mutating func atEnd() throws(E) -> Bool {
        try fill(1)
        return offset == buffer.count
    }

    /// Reads chunks until `count` bytes are waiting or the stream ends.
    private mutating func fill(_ count: Int) throws(E) {
        while buffer.count - offset < count && !ended {
            let chunk = try next()
            if chunk.isEmpty {
                ended = true
            } else {
                buffer.removeFirst(offset)
                offset = 0
                buffer += chunk
            }
        }
    }

    /// The next `count` bytes, or `nil` when fewer are left. The slice is used before the next read.
    mutating func take(_ count: Int) throws(E) -> ArraySlice<UInt8>? {
        guard count >= 0, count <= size else { return nil }
        try fill(count)
        guard count <= buffer.count - offset else { return nil }
        defer { offset += count }
        return buffer[offset..<(offset + count)]
    }

    mutating func integer() throws(E) -> UInt64? {
        try fill(8)
        guard buffer.count - offset >= 8 else { return nil }
        defer { offset += 8 }
        var value: UInt64 = 0
        for index in (offset..<(offset + 8)).reversed() { value = value << 8 | UInt64(buffer[index]) }
        return value
    }

    mutating func string() throws(E) -> String? {
        guard let length = try integer(), length <= UInt64(size), let slice = try take(Int(length)) else { return nil }
        return UTF8Text.decode(slice)
    }
}
