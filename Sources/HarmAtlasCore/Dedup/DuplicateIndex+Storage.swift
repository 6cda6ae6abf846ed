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
        var out = ByteWriter()
        out.bytes += Array(DuplicateIndex.magic.utf8)
        out.string(fingerprint)
        out.integer(threshold.bitPattern)
        out.integer(UInt64(hasher.bands))
        out.integer(UInt64(hasher.rows))
        out.integer(UInt64(count))
        for entry in 0..<count {
            out.string(ids[entry])
            out.integer(UInt64(sources[entry]))
            out.integer(exactKeys[entry].high)
            out.integer(exactKeys[entry].low)
            out.integer(UInt64(shingleCounts[entry]))
            out.string(canonicalText(entry))
            out.integer(hasBands[entry] ? 1 : 0)
            for band in 0..<hasher.bands { out.integer(UInt64(bandKeys[entry * hasher.bands + band])) }
            let width = hasher.bands * hasher.rows
            out.bytes += sketches[(entry * width)..<(entry * width + width)]
        }
        out.integer(UInt64(media.count))
        for (sha, entry) in media {
            out.string(sha)
            out.integer(UInt64(entry))
        }
        return out.bytes
    }

    /// Reads an index written by ``serialized(fingerprint:)``; `nil` when the bytes are not one.
    public static func deserialize(_ bytes: [UInt8]) -> (index: DuplicateIndex, fingerprint: String)? {
        var input = ByteReader(bytes: bytes)
        guard input.take(DuplicateIndex.magic.utf8.count).map({ Array($0) }) == Array(DuplicateIndex.magic.utf8),
            let fingerprint = input.string(), let thresholdBits = input.integer(), let bands = input.integer(),
            let rows = input.integer(), let count = input.integer(), (1...1024).contains(bands),
            (1...64).contains(rows),
            count <= UInt64(bytes.count)
        else { return nil }
        let threshold = Double(bitPattern: thresholdBits)
        guard threshold > 0 && threshold < 1 else { return nil }
        let index = DuplicateIndex(threshold: threshold, hasher: MinHasher(bands: Int(bands), rows: Int(rows)))
        for _ in 0..<count {
            guard let id = input.string(), let source = input.integer(), let high = input.integer(),
                let low = input.integer(), let shingleCount = input.integer(), let text = input.string(),
                let flag = input.integer(), source <= UInt64(Int32.max), shingleCount <= UInt64(UInt32.max)
            else { return nil }
            var keys: [UInt64] = []
            for _ in 0..<bands {
                guard let key = input.integer() else { return nil }
                keys.append(key)
            }
            guard let sketch = input.take(Int(bands * rows)) else { return nil }
            let signature = Signature(
                canonical: Array(text.utf8), exactKey: ExactKey(high: high, low: low), bandKeys: flag == 1 ? keys : [],
                sketch: flag == 1 ? Array(sketch) : [], shingleCount: Int(shingleCount))
            index.add(id: id, source: Int(source), signature: signature)
        }
        guard let mediaCount = input.integer(), mediaCount <= UInt64(bytes.count) else { return nil }
        for _ in 0..<mediaCount {
            guard let sha = input.string(), let entry = input.integer(), entry < count else { return nil }
            index.addMedia(sha, entry: Int(entry))
        }
        guard input.atEnd else { return nil }
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

private struct ByteReader {
    let bytes: [UInt8]
    var offset = 0

    var atEnd: Bool { offset == bytes.count }

    mutating func take(_ count: Int) -> ArraySlice<UInt8>? {
        guard count >= 0, count <= bytes.count - offset else { return nil }
        defer { offset += count }
        return bytes[offset..<(offset + count)]
    }

    mutating func integer() -> UInt64? {
        guard let slice = take(8) else { return nil }
        return slice.reversed().reduce(0) { $0 << 8 | UInt64($1) }
    }

    mutating func string() -> String? {
        guard let length = integer(), length <= UInt64(bytes.count), let slice = take(Int(length)) else { return nil }
        return UTF8Text.decode(slice)
    }
}
