import Crypto
import Foundation

/// The item's canonical JSON written directly, without building a ``JSONValue`` tree: the same bytes as
/// `jsonValue().compactBytes()` (a test holds the two together), at a fraction of the cost, since every item
/// read or written is hashed.
extension BenchmarkItem {
    /// `sha256:` and the SHA-256 of the item's canonical JSON without its hash.
    public var contentHash: String {
        "sha256:" + SHA256.hash(data: canonicalContent).hexString
    }

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
        var hasher = SHA256()
        hasher.update(
            bufferPointer: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: record[..<member.lowerBound])))
        hasher.update(
            bufferPointer: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: record[member.upperBound...])))
        let digest = hasher.finalize()
        guard member.count == hashMemberLength else { return false }
        return withHashMember(of: digest) { expected in
            memcmp(expected.baseAddress!, record.baseAddress! + member.lowerBound, hashMemberLength) == 0
        }
    }

    /// The length of `,"hash":"sha256:…"` in a JSON line.
    private static let hashMemberLength = hashMemberPrefix.utf8CodeUnitCount + 65
    private static let hashMemberPrefix: StaticString = #","hash":"sha256:"#

    /// Calls `body` with the bytes of the hash member `,"hash":"sha256:…"` for `digest`, as a JSON line holds it.
    private static func withHashMember<T>(of digest: SHA256Digest, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: hashMemberLength) { member in
            let prefix = hashMemberPrefix.utf8CodeUnitCount
            member.baseAddress!.initialize(from: hashMemberPrefix.utf8Start, count: prefix)
            digest.withUnsafeBytes { digest in
                var out = member.baseAddress! + prefix
                for byte in digest.assumingMemoryBound(to: UInt8.self) {
                    out[0] = hexDigit(byte >> 4)
                    out[1] = hexDigit(byte & 0xF)
                    out += 2
                }
            }
            member[hashMemberLength - 1] = 0x22
            return body(UnsafeBufferPointer(member))
        }
    }

    /// The item as one JSON Lines record (compact, keys sorted by their bytes, with its hash), without the
    /// newline: the canonical JSON is written once, hashed, and the hash member put in its place.
    public func jsonLine() -> [UInt8] {
        var line: [UInt8] = []
        appendJSONLine(to: &line)
        return line
    }

    /// Appends ``jsonLine()`` to `out`: a caller writing many lines gives the same buffer each time.
    public func appendJSONLine(to out: inout [UInt8]) {
        var content = ByteBuffer()
        var hashAt = 0
        writeCanonical(into: &content, hashAt: &hashAt)
        let bytes = content.bytes
        let digest = SHA256.hash(data: UnsafeRawBufferPointer(bytes))
        // The line is written once, in place: the content before the hash member, the member, the rest.
        out.reserveCapacity(out.count + bytes.count + Self.hashMemberLength)
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[..<hashAt]))
        Self.withHashMember(of: digest) { out.append(contentsOf: $0) }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[hashAt...]))
    }

    /// Writes the canonical JSON without the hash; `hashAt` is set to where the hash member goes (after `harms`,
    /// before `id`; never first, since `expected` always comes before it).
    private func writeCanonical(into out: inout ByteBuffer, hashAt: inout Int) {
        /// Opens an object (`{`) before its first member and separates (`,`) the others.
        @inline(__always) func member(_ name: StaticString, _ first: inout Bool) {
            out.append(first ? 0x7B : 0x2C)
            first = false
            out.append(0x22)
            out.append(name)
            out.append(0x22)
            out.append(0x3A)
        }
        var first = true
        @inline(__always) func key(_ name: StaticString) { member(name, &first) }
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
        key("expected")
        plain(expected.rawValue)
        if !facets.isEmpty {
            key("facets")
            stringMap(facets)
        }
        if let group {
            key("group")
            string(group)
        }
        if !harms.isEmpty {
            key("harms")
            out.append(0x5B)
            for index in harms.indices {
                if index > 0 { out.append(0x2C) }
                string(harms[index])
            }
            out.append(0x5D)
        }
        hashAt = out.count
        key("id")
        string(id)
        key("language")
        string(language.rawValue)
        if let license {
            key("license")
            string(license)
        }
        key("safety")
        plain(safety.rawValue)
        if let source {
            key("source")
            var sourceFirst = true
            func sourceKey(_ name: StaticString) { member(name, &sourceFirst) }
            sourceKey("dataset")
            string(source.dataset)
            if let file = source.file {
                sourceKey("file")
                string(file)
            }
            if let id = source.id {
                sourceKey("id")
                string(id)
            }
            if !source.labels.isEmpty {
                sourceKey("labels")
                stringMap(source.labels)
            }
            if let row = source.row {
                sourceKey("row")
                JSONValue.writeInteger(row, into: &out)
            }
            out.append(0x7D)
        }
        if let translationOrigin {
            key("translation_origin")
            plain(translationOrigin.rawValue)
        }
        key("turns")
        out.append(0x5B)
        // By index: `for turn in turns` would copy every turn and part, a retain and a release of what they hold.
        for turnIndex in turns.indices {
            if turnIndex > 0 { out.append(0x2C) }
            out.append(#"{"parts":["#)
            for partIndex in turns[turnIndex].parts.indices {
                if partIndex > 0 { out.append(0x2C) }
                out.append(0x7B)
                var partFirst = true
                func partKey(_ name: String) {
                    if !partFirst { out.append(0x2C) }
                    partFirst = false
                    string(name)
                    out.append(0x3A)
                }
                // Sorted: audio, image, language, text, video.
                let kind = turns[turnIndex].parts[partIndex].media?.kind
                if let kind, kind != .video {
                    partKey(kind.rawValue)
                    writeMedia(turns[turnIndex].parts[partIndex].media!, into: &out)
                }
                if let language = turns[turnIndex].parts[partIndex].language {
                    partKey("language")
                    string(language.rawValue)
                }
                if let text = turns[turnIndex].parts[partIndex].text {
                    partKey("text")
                    string(text)
                }
                if kind == .video {
                    partKey("video")
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
