import CHarmAtlasKernels
import Foundation

/// The item's canonical JSON written directly, without building a ``JSONValue`` tree: the same bytes as
/// `jsonValue().compactBytes()` (a test holds the two together), at a fraction of the cost, since every item
/// read or written is hashed.
///
/// ``JSONLines`` hashes records two at a time.
extension BenchmarkItem {
    /// `sha256:` and the SHA-256 of the item's canonical JSON without its hash.
    public var contentHash: String { "sha256:" + SHA256Hasher.hash(canonicalContent).hexString }

    /// The item's canonical JSON without its hash: what the content hash is computed over.
    var canonicalContent: [UInt8] {
        var out = ByteBuffer()
        var hashAt = 0
        writeCanonical(into: &out, hashAt: &hashAt)
        return Array(out.bytes)
    }

    /// Whether the hash declared in `record`'s hash member (`,"hash":"…"`, at `member`) is `sha256:` and the
    /// lower-case hex SHA-256 of `record` without that member: the content hash of a record that is already its
    /// item's canonical JSON (see `ItemRecordReader`).
    static func hashMatches(record: UnsafeBufferPointer<UInt8>, member: Range<Int>) -> Bool {
        guard member.count == hashMemberLength else { return false }
        var hasher = SHA256Hasher()
        hasher.update(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: record[..<member.lowerBound])))
        hasher.update(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: record[member.upperBound...])))
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32 + hashMemberLength) { scratch in
            hasher.finalize(into: scratch.baseAddress!)
            writeHashMember(digest: scratch.baseAddress!, to: scratch.baseAddress! + 32)
            return memcmp(scratch.baseAddress! + 32, record.baseAddress! + member.lowerBound, hashMemberLength) == 0
        }
    }

    /// The length of `,"hash":"sha256:…"` in a JSON line.
    static let hashMemberLength = hashMemberPrefix.utf8CodeUnitCount + 65
    private static let hashMemberPrefix: StaticString = #","hash":"sha256:"#

    /// Writes the hash member `,"hash":"sha256:…"` of a 32-byte digest, as a JSON line holds it.
    static func writeHashMember(digest: UnsafePointer<UInt8>, to out: UnsafeMutablePointer<UInt8>) {
        let prefix = hashMemberPrefix.utf8CodeUnitCount
        out.initialize(from: hashMemberPrefix.utf8Start, count: prefix)
        for index in 0..<32 {
            out[prefix + 2 * index] = hexDigit(digest[index] >> 4)
            out[prefix + 2 * index + 1] = hexDigit(digest[index] & 0xF)
        }
        out[hashMemberLength - 1] = 0x22
    }

    /// The item as one JSON Lines record (compact, keys sorted by their bytes, with its hash), without the
    /// newline.
    public func jsonLine() -> [UInt8] {
        var lines = JSONLines()
        lines.append(self)
        return Array(lines.bytes().dropLast())
    }

    /// Writes the canonical JSON without the hash; `hashAt` is set to where the hash member goes (after `harms`,
    /// before `id`; never first, since `expected` always comes before it).
    fileprivate func writeCanonical(into out: inout ByteBuffer, hashAt: inout Int) {
        // Members' names are written with what comes before them, in one piece: `expected` always opens the item,
        // `dataset` its source, so every other member follows a comma.
        @inline(__always) func key(_ opening: StaticString) { out.append(opening) }
        func string(_ text: String) { JSONValue.writeString(text, to: &out) }
        /// A raw value of one of the item's enumerations, lower-case letters and '-': nothing to escape.
        func plain(_ text: String) {
            out.append(0x22)
            let written: Void? = text.utf8.withContiguousStorageIfAvailable { out.append($0) }
            out.append(0x22)
            precondition(written != nil, "an enumeration's raw value is native UTF-8")
        }
        func stringMap(_ map: [String: String]) {
            func pair(_ name: String, _ value: String) {
                string(name)
                out.append(0x3A)
                string(value)
            }
            out.append(0x7B)
            if map.count <= 2 {
                // Most maps are this small: put them in order without sorting.
                var members = map.makeIterator()
                if let one = members.next() {
                    if let other = members.next() {
                        let (first, second) = JSONValue.precedes(one.key, other.key) ? (one, other) : (other, one)
                        pair(first.key, first.value)
                        out.append(0x2C)
                        pair(second.key, second.value)
                    } else {
                        pair(one.key, one.value)
                    }
                }
            } else {
                for (index, member) in map.sorted(by: { JSONValue.precedes($0.key, $1.key) }).enumerated() {
                    if index > 0 { out.append(0x2C) }
                    pair(member.key, member.value)
                }
            }
            out.append(0x7D)
        }
        key(#"{"expected":"#)
        plain(expected.rawValue)
        if !facets.isEmpty {
            key(#","facets":"#)
            stringMap(facets)
        }
        if let group {
            key(#","group":"#)
            string(group)
        }
        if !harms.isEmpty {
            key(#","harms":"#)
            out.append(0x5B)
            for index in harms.indices {
                if index > 0 { out.append(0x2C) }
                string(harms[index])
            }
            out.append(0x5D)
        }
        hashAt = out.count
        key(#","id":"#)
        string(id)
        key(#","language":"#)
        string(language.rawValue)
        if let license {
            key(#","license":"#)
            string(license)
        }
        key(#","safety":"#)
        plain(safety.rawValue)
        if let source {
            key(#","source":"#)
            key(#"{"dataset":"#)
            string(source.dataset)
            if let file = source.file {
                key(#","file":"#)
                string(file)
            }
            if let id = source.id {
                key(#","id":"#)
                string(id)
            }
            if !source.labels.isEmpty {
                key(#","labels":"#)
                stringMap(source.labels)
            }
            if let row = source.row {
                key(#","row":"#)
                JSONValue.writeInteger(row, into: &out)
            }
            out.append(0x7D)
        }
        if let translationOrigin {
            key(#","translation_origin":"#)
            plain(translationOrigin.rawValue)
        }
        key(#","turns":"#)
        out.append(0x5B)
        // By index: `for turn in turns` would copy every turn and part, a retain and a release of what they hold.
        for turnIndex in turns.indices {
            if turnIndex > 0 { out.append(0x2C) }
            out.append(#"{"parts":["#)
            for partIndex in turns[turnIndex].parts.indices {
                if partIndex > 0 { out.append(0x2C) }
                out.append(0x7B)
                var partFirst = true
                func partKey(_ name: StaticString) {
                    if !partFirst { out.append(0x2C) }
                    partFirst = false
                    out.append(name)
                }
                // Sorted: audio, image, language, text, video.
                let kind = turns[turnIndex].parts[partIndex].media?.kind
                if let kind, kind != .video {
                    partKey(kind == .audio ? #""audio":"# : #""image":"#)
                    writeMedia(turns[turnIndex].parts[partIndex].media!, into: &out)
                }
                if let language = turns[turnIndex].parts[partIndex].language {
                    partKey(#""language":"#)
                    string(language.rawValue)
                }
                if let text = turns[turnIndex].parts[partIndex].text {
                    partKey(#""text":"#)
                    string(text)
                }
                if kind == .video {
                    partKey(#""video":"#)
                    writeMedia(turns[turnIndex].parts[partIndex].media!, into: &out)
                }
                out.append(0x7D)
            }
            out.append(#"],"role":"#)
            plain(turns[turnIndex].role.rawValue)
            out.append(0x7D)
        }
        out.append(0x5D)
        out.append(0x7D)
    }

    private func writeMedia(_ media: Media, into out: inout ByteBuffer) {
        var members: [(String, String)] = [("media_type", media.mediaType)]
        if let path = media.path { members.append(("path", path)) }
        if let reference = media.reference { members.append(("reference", reference)) }
        if let sha256 = media.sha256 { members.append(("sha256", sha256)) }
        out.append(0x7B)
        for (index, member) in members.enumerated() {
            if index > 0 { out.append(0x2C) }
            JSONValue.writeString(member.0, to: &out)
            out.append(0x3A)
            JSONValue.writeString(member.1, to: &out)
        }
        out.append(0x7D)
    }
}

/// Items as JSON Lines records, each compact, keys sorted by their bytes, with its hash, and ending in a line feed.
/// Each item's canonical JSON is written as it is appended; the records are made by ``bytes()``, where the hashes
/// are computed two at a time, two records' rounds interleaved (`harmatlas_sha256_pair_at`), and put in their
/// place.
public struct JSONLines: ~Copyable {
    private var content = ByteBuffer(capacity: 64 << 10)
    /// Where each item's canonical JSON lies in `content`, and where its hash member goes.
    private var items: [(start: Int, hashAt: Int, end: Int)] = []
    /// The size of the records so far: where the last one ends in ``bytes()``.
    public private(set) var count = 0

    /// No records yet.
    public init() {}

    /// Appends an item's record.
    public mutating func append(_ item: borrowing BenchmarkItem) {
        let start = content.count
        var hashAt = 0
        item.writeCanonical(into: &content, hashAt: &hashAt)
        items.append((start, hashAt, content.count))
        count += content.count - start + BenchmarkItem.hashMemberLength + 1
    }

    /// The records, one after another.
    public func bytes() -> [UInt8] {
        let level = harmatlas_sha256_level()
        let content = content.bytes
        let items = items
        return [UInt8](unsafeUninitializedCapacity: count) { out, initialized in
            var written = 0
            /// Writes item `index`'s record with the digest at `digest`.
            func record(_ index: Int, _ digest: UnsafePointer<UInt8>) {
                let (start, hashAt, end) = items[index]
                (out.baseAddress! + written).initialize(from: content.baseAddress! + start, count: hashAt - start)
                written += hashAt - start
                BenchmarkItem.writeHashMember(digest: digest, to: out.baseAddress! + written)
                written += BenchmarkItem.hashMemberLength
                (out.baseAddress! + written).initialize(from: content.baseAddress! + hashAt, count: end - hashAt)
                written += end - hashAt
                out[written] = 0x0A
                written += 1
            }
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 64) { digests in
                let first = digests.baseAddress!
                let second = first + 32
                var index = 0
                while index < items.count {
                    let one = items[index]
                    if index + 1 < items.count {
                        let other = items[index + 1]
                        harmatlas_sha256_pair_at(
                            level, content.baseAddress! + one.start, one.end - one.start,
                            content.baseAddress! + other.start, other.end - other.start, first, second)
                        record(index, first)
                        record(index + 1, second)
                        index += 2
                    } else {
                        harmatlas_sha256_at(level, content.baseAddress! + one.start, one.end - one.start, first)
                        record(index, first)
                        index += 1
                    }
                }
            }
            initialized = written
        }
    }
}
