import CHarmAtlasKernels
import Foundation

/// Reads an item record straight from its UTF-8 bytes, for the common case of a well-formed record: no tree,
/// no source map, no findings.
///
/// It gives up on anything it does not expect — a syntax error, an escape other than the short ones, an
/// unknown or repeated field, a value of the wrong type or form — and the caller then reads the record with
/// ``JSONParser`` and ``BenchmarkItem/decode(_:_:_:sealing:)``, which say what is wrong and where. What it
/// accepts, that reader accepts too and reads to the same item (a test holds the two together); the value
/// checks are the same functions.
///
/// One thread at a time uses a reader; its state is not checked at run time for overlapping accesses.
final class ItemRecordReader {
    private struct GiveUp: Error {}

    @exclusivity(unchecked) private var bytes = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
    @exclusivity(unchecked) private var index = 0
    @exclusivity(unchecked) private var languages = LanguageCache()
    private let detail: ItemRecords.Detail
    /// Whether the source and the texts are read but not kept: the item has no source and empty texts, and
    /// ``withText(_:of:)`` hands out the texts' bytes. For validation, which needs no more, and which reads any
    /// record that is not its item's canonical JSON with the item reader: so only canonical records are read.
    private let checkingOnly: Bool
    /// Whether every byte read so far is as the item's canonical JSON writes it: no white space between
    /// tokens, keys in byte order, no empty map or list, strings escaped as the canonical writer escapes them.
    @exclusivity(unchecked) private var canonical = true
    /// Where the key of the member being read starts (its opening quote).
    @exclusivity(unchecked) private var keyStart = 0
    /// The `,"hash":"…"` member, when the record has one.
    @exclusivity(unchecked) private var hashMember: Range<Int>?
    /// A string's bytes with its escapes undone, reused from string to string.
    @exclusivity(unchecked) private var unescaped = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 1024)
    /// Harm labels read before, by ``harm()``.
    @exclusivity(unchecked) private var knownHarms: [(utf8: [UInt8], label: String)] = []
    /// When checking only, where the last record's text parts are, in the order they come: in the record, or
    /// (a text with escapes, undone) in `textBytes`. Their UTF-8 is not checked: the caller inspects them.
    @exclusivity(unchecked) private var texts: [(escaped: Bool, bytes: Range<Int>)] = []
    @exclusivity(unchecked) private var textBytes: [UInt8] = []

    /// A reader of records in `detail`; `checkingOnly` (with ``ItemRecords/Detail/full``) reads for validation.
    init(_ detail: ItemRecords.Detail = .full, checkingOnly: Bool = false) {
        self.detail = detail
        self.checkingOnly = checkingOnly
    }

    deinit { unescaped.deallocate() }

    /// Language tags already parsed, by the bytes they were written as. A benchmark uses few.
    struct LanguageCache {
        private var entries: [(utf8: [UInt8], tag: LanguageTag, normal: Bool)] = []

        /// The tag written as `utf8`, and whether it was written in its normal form; `nil` when the bytes are not
        /// a tag (or not UTF-8).
        mutating func tag(_ utf8: UnsafeBufferPointer<UInt8>) -> (tag: LanguageTag, normal: Bool)? {
            if let entry = entries.first(where: { ItemRecordReader.same($0.utf8, utf8) }) {
                return (entry.tag, entry.normal)
            }
            guard let text = UTF8Text.decode(utf8), let tag = LanguageTag(text) else { return nil }
            let normal = tag.rawValue.utf8.elementsEqual(utf8)
            if entries.count < 64 { entries.append((Array(utf8), tag, normal)) }
            return (tag, normal)
        }
    }

    /// An item read from a record.
    struct Record {
        var item: BenchmarkItem
        /// The declared hash; empty when checking only.
        var declaredHash: String
        /// Set when the record is the item's canonical JSON: the bytes of the record outside this range are
        /// exactly what the item's content hash is computed over, so the hash can be checked without writing
        /// the item again.
        var hashMember: Range<Int>?
    }

    /// How many text parts the last record read had, when checking only.
    var textCount: Int { texts.count }

    /// Calls `body` with the bytes of text part `number` (counted in the order the parts come) of the last record
    /// read, when checking only; `record` is that record.
    func withText<T>(
        _ number: Int, of record: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> T
    ) -> T {
        let (escaped, range) = texts[number]
        guard escaped else { return body(UnsafeBufferPointer(rebasing: record[range])) }
        return textBytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[range])) }
    }

    /// The item in `record` and its declared hash, or `nil` when the record needs the full reader.
    func read(_ record: UnsafeBufferPointer<UInt8>) -> Record? {
        bytes = record
        index = 0
        canonical = true
        keyStart = 0
        hashMember = nil
        textBytes.removeAll(keepingCapacity: true)
        texts.removeAll(keepingCapacity: true)
        do throws(GiveUp) {
            skipSpace()
            let (item, hash) = try item()
            skipSpace()
            guard index == record.count, canonical || !checkingOnly else { return nil }
            return Record(item: item, declaredHash: hash, hashMember: canonical && detail == .full ? hashMember : nil)
        } catch {
            return nil
        }
    }

    // MARK: The item's fields

    private func item() throws(GiveUp) -> (item: BenchmarkItem, declaredHash: String) {
        var id: String?
        var turns: [BenchmarkItem.Turn]?
        var language: LanguageTag?
        var harms: [String] = []
        var safety: BenchmarkItem.Safety?
        var expected: BenchmarkItem.ExpectedBehavior?
        var facets: [String: String] = [:]
        var group: String?
        var origin: TranslationOrigin?
        var source: BenchmarkItem.Source?
        var license: String?
        var hash: String?
        var seen: UInt16 = 0
        try object { key throws(GiveUp) in
            let bit: UInt16 =
                switch key {
                case "id": 1
                case "turns": 1 << 1
                case "language": 1 << 2
                case "harms": 1 << 3
                case "safety": 1 << 4
                case "expected": 1 << 5
                case "facets": 1 << 6
                case "group": 1 << 7
                case "translation_origin": 1 << 8
                case "source": 1 << 9
                case "license": 1 << 10
                case "hash": 1 << 11
                default: throw GiveUp()
                }
            guard seen & bit == 0 else { throw GiveUp() }
            seen |= bit
            switch key {
            case "id":
                let utf8 = try rawString()
                guard BenchmarkItem.isValidID(utf8: utf8) else { throw GiveUp() }
                id = String(decoding: utf8, as: UTF8.self)
            case "turns":
                var list: [BenchmarkItem.Turn] = []
                try array { () throws(GiveUp) in list.append(try turn()) }
                guard !list.isEmpty else { throw GiveUp() }
                turns = list
            case "language": language = try languageTag()
            case "harms":
                try array { () throws(GiveUp) in harms.append(try harm()) }
                if harms.isEmpty { canonical = false }
            case "safety": safety = try enumeration(Self.safeties)
            case "expected": expected = try enumeration(Self.behaviors)
            case "facets":
                try object { key throws(GiveUp) in
                    guard facets.updateValue(try trimmed(), forKey: key.text) == nil else { throw GiveUp() }
                }
                if facets.isEmpty { canonical = false }
            case "group": group = try trimmed()
            case "translation_origin": origin = try enumeration(Self.origins)
            case "source":
                if detail == .full { source = try self.source() } else { try skipValue() }
            case "license":
                let text = try string()
                guard TextForm.isSPDXExpression(text) else { throw GiveUp() }
                license = text
            case "hash":
                let start = keyStart - 1
                if checkingOnly {
                    // The hash is compared where it stands in the record (``BenchmarkItem/hashMatches``).
                    try checkTrimmed()
                    hash = ""
                } else {
                    hash = detail == .full ? try trimmed() : try skipString()
                }
                if start >= 0, bytes[start] == 0x2C { hashMember = start..<index } else { canonical = false }
            default: throw GiveUp()
            }
        }
        // The fields are moved out of the variables the members were read into (`take()`, `swap`), not copied:
        // a copy would retain each of them once more, for every record.
        guard let id = id.take(), let turns = turns.take(), let language = language.take(), let safety, let expected,
            let hash = hash.take()
        else { throw GiveUp() }
        var harmList: [String] = []
        var facetMap: [String: String] = [:]
        swap(&harmList, &harms)
        swap(&facetMap, &facets)
        let item = BenchmarkItem(
            id: id, turns: turns, language: language, harms: harmList, safety: safety, expected: expected,
            facets: facetMap, group: group.take(), translationOrigin: origin, source: source.take(),
            license: license.take())
        return (item, hash)
    }

    private func turn() throws(GiveUp) -> BenchmarkItem.Turn {
        var role: BenchmarkItem.Role?
        var parts: [BenchmarkItem.Part]?
        try object { key throws(GiveUp) in
            switch key {
            case "role" where role == nil: role = try enumeration(Self.roles)
            case "parts" where parts == nil:
                var list: [BenchmarkItem.Part] = []
                try array { () throws(GiveUp) in list.append(try part()) }
                guard !list.isEmpty else { throw GiveUp() }
                parts = list
            default: throw GiveUp()
            }
        }
        guard let role, let parts = parts.take() else { throw GiveUp() }
        return BenchmarkItem.Turn(role: role, parts: parts)
    }

    private func part() throws(GiveUp) -> BenchmarkItem.Part {
        var text: String?
        var media: BenchmarkItem.Media?
        var language: LanguageTag?
        var languageSeen = false
        try object { key throws(GiveUp) in
            switch key {
            case "text" where text == nil && media == nil:
                if checkingOnly {
                    let utf8 = try rawString()
                    if utf8.baseAddress == UnsafePointer(unescaped.baseAddress) {
                        texts.append((true, textBytes.count..<textBytes.count + utf8.count))
                        textBytes.append(contentsOf: utf8)
                    } else {
                        let start = bytes.baseAddress!.distance(to: utf8.baseAddress!)
                        texts.append((false, start..<start + utf8.count))
                    }
                    text = ""
                } else {
                    text = detail == .shape ? try skipString() : try string()
                }
            case "image" where text == nil && media == nil: media = try self.media(.image)
            case "audio" where text == nil && media == nil: media = try self.media(.audio)
            case "video" where text == nil && media == nil: media = try self.media(.video)
            case "language" where !languageSeen:
                languageSeen = true
                language = try languageTag()
            default: throw GiveUp()
            }
        }
        guard text != nil || media != nil else { throw GiveUp() }
        return BenchmarkItem.Part(text: text.take(), media: media.take(), language: language.take())
    }

    private func media(_ kind: BenchmarkItem.MediaKind) throws(GiveUp) -> BenchmarkItem.Media {
        var path: String?
        var sha256: String?
        var mediaType: String?
        var reference: String?
        try object { key throws(GiveUp) in
            switch key {
            case "path" where path == nil:
                let text = try string()
                guard TextForm.isRelativePath(text) else { throw GiveUp() }
                path = text
            case "sha256" where sha256 == nil:
                let text = try string()
                guard TextForm.isSHA256(text, prefixed: false) else { throw GiveUp() }
                sha256 = text
            case "media_type" where mediaType == nil: mediaType = try trimmed()
            case "reference" where reference == nil: reference = try trimmed()
            default: throw GiveUp()
            }
        }
        guard let mediaType, path == nil || sha256 != nil, path != nil || reference != nil else { throw GiveUp() }
        return BenchmarkItem.Media(kind: kind, path: path, sha256: sha256, mediaType: mediaType, reference: reference)
    }

    /// The source; when checking only, it is read and checked, and `nil` is returned.
    private func source() throws(GiveUp) -> BenchmarkItem.Source? {
        var dataset: String?
        var id: String?
        var file: String?
        var row: Int?
        var labels: [String: String]?
        try object { key throws(GiveUp) in
            switch key {
            case "dataset" where dataset == nil:
                if checkingOnly { try checkTrimmed() }
                dataset = checkingOnly ? "" : try trimmed()
            case "id" where id == nil:
                if checkingOnly { guard UTF8Text.isValid(try rawString()) else { throw GiveUp() } }
                id = checkingOnly ? "" : try string()
            case "file" where file == nil:
                if checkingOnly { try checkTrimmed() }
                file = checkingOnly ? "" : try trimmed()
            case "row" where row == nil: row = try integer()
            case "labels" where labels == nil:
                var map: [String: String] = [:]
                var count = 0
                try object { key throws(GiveUp) in
                    count += 1
                    if checkingOnly {
                        guard UTF8Text.isValid(try rawString()) else { throw GiveUp() }
                    } else {
                        guard map.updateValue(try string(), forKey: key.text) == nil else { throw GiveUp() }
                    }
                }
                if count == 0 { canonical = false }
                labels = map
            default: throw GiveUp()
            }
        }
        guard let dataset else { throw GiveUp() }
        if checkingOnly { return nil }
        return BenchmarkItem.Source(dataset: dataset, id: id, file: file, row: row, labels: labels ?? [:])
    }

    private func languageTag() throws(GiveUp) -> LanguageTag {
        let utf8 = try rawString()
        guard let (tag, normal) = languages.tag(utf8) else { throw GiveUp() }
        if !normal { canonical = false }
        return tag
    }

    /// A harm label, read as ``trimmed()`` reads it. A benchmark uses few, so the strings made are kept and
    /// handed out again.
    private func harm() throws(GiveUp) -> String {
        let utf8 = try rawString()
        guard !utf8.isEmpty else { throw GiveUp() }
        if let known = knownHarms.first(where: { Self.same($0.utf8, utf8) }) { return known.label }
        let label = try text(utf8)
        guard TextForm.isTrimmed(label) else { throw GiveUp() }
        if knownHarms.count < 64 { knownHarms.append((Array(utf8), label)) }
        return label
    }

    /// A string checked as ``trimmed()`` reads it, without making it.
    private func checkTrimmed() throws(GiveUp) {
        let utf8 = try rawString()
        guard UTF8Text.isValid(utf8), TextForm.isTrimmed(utf8) else { throw GiveUp() }
    }

    private func trimmed() throws(GiveUp) -> String {
        let text = try string()
        guard TextForm.isTrimmed(text) else { throw GiveUp() }
        return text
    }

    /// The cases of the enumerations read, with their raw values' bytes.
    private static let roles = cases(of: BenchmarkItem.Role.self)
    private static let safeties = cases(of: BenchmarkItem.Safety.self)
    private static let behaviors = cases(of: BenchmarkItem.ExpectedBehavior.self)
    private static let origins = cases(of: TranslationOrigin.self)

    private static func cases<T: CaseIterable & RawRepresentable>(of type: T.Type) -> [(utf8: [UInt8], value: T)]
    where T.RawValue == String {
        T.allCases.map { (Array($0.rawValue.utf8), $0) }
    }

    /// A case of an enumeration, by its raw value's bytes; other bytes leave the record to the full reader.
    private func enumeration<T>(_ cases: [(utf8: [UInt8], value: T)]) throws(GiveUp) -> T {
        let utf8 = try rawString()
        for (raw, value) in cases where Self.same(raw, utf8) { return value }
        throw GiveUp()
    }

    // MARK: JSON

    private func skipSpace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D:
                index += 1
                canonical = false
            default: return
            }
        }
    }

    private func expect(_ byte: UInt8) throws(GiveUp) {
        skipSpace()
        guard index < bytes.count, bytes[index] == byte else { throw GiveUp() }
        index += 1
    }

    /// A member's key, as its bytes in the record: valid UTF-8 without escapes. Matches a name in a `switch`.
    private struct Key {
        let bytes: UnsafeBufferPointer<UInt8>

        var text: String { String(decoding: bytes, as: UTF8.self) }

        static func ~= (name: StaticString, key: Key) -> Bool {
            // Names are short: a loop costs less than a call to memcmp.
            guard key.bytes.count == name.utf8CodeUnitCount else { return false }
            for index in 0..<key.bytes.count where key.bytes[index] != name.utf8Start[index] { return false }
            return true
        }
    }

    /// A key: a string without escapes (a key with one goes to the full reader).
    private func key() throws(GiveUp) -> Key {
        guard index < bytes.count, bytes[index] == 0x22 else { throw GiveUp() }
        let start = index + 1
        var ascii = true
        index = start
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x22 { break }
            if byte == 0x5C || byte < 0x20 { throw GiveUp() }
            if byte >= 0x7F {
                ascii = false
                if byte == 0x7F { canonical = false }
            }
            index += 1
        }
        guard index < bytes.count else { throw GiveUp() }
        let key = UnsafeBufferPointer(rebasing: bytes[start..<index])
        if !ascii { _ = try text(key) }
        index += 1
        return Key(bytes: key)
    }

    /// Whether `known` and `utf8` are the same bytes.
    private static func same(_ known: [UInt8], _ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        guard known.count == utf8.count else { return false }
        return utf8.isEmpty
            || known.withUnsafeBufferPointer { memcmp($0.baseAddress!, utf8.baseAddress!, utf8.count) == 0 }
    }

    /// Whether `first` sorts before `second` by their bytes.
    private static func precedes(_ first: UnsafeBufferPointer<UInt8>, _ second: UnsafeBufferPointer<UInt8>) -> Bool {
        let common = min(first.count, second.count)
        if common > 0 && first[0] != second[0] { return first[0] < second[0] }
        let order = common == 0 ? 0 : memcmp(first.baseAddress!, second.baseAddress!, common)
        return order < 0 || (order == 0 && first.count < second.count)
    }

    /// Reads an object, calling `member` with each key when the reader stands at its value. Keys repeated inside
    /// one object make `member` give up, as each caller checks.
    private func object(_ member: (Key) throws(GiveUp) -> Void) throws(GiveUp) {
        try expect(0x7B)
        skipSpace()
        if index < bytes.count, bytes[index] == 0x7D {
            index += 1
            return
        }
        var previous: UnsafeBufferPointer<UInt8>?
        while true {
            skipSpace()
            let start = index
            let key = try key()
            if let previous, !Self.precedes(previous, key.bytes) {
                // Keys in order are never repeated: a reader for checking, which reads canonical records only,
                // needs no other check for repeated source labels.
                if checkingOnly { throw GiveUp() }
                canonical = false
            }
            previous = key.bytes
            try expect(0x3A)
            skipSpace()
            keyStart = start
            try member(key)
            skipSpace()
            guard index < bytes.count else { throw GiveUp() }
            index += 1
            switch bytes[index - 1] {
            case 0x2C: continue
            case 0x7D: return
            default: throw GiveUp()
            }
        }
    }

    private func array(_ element: () throws(GiveUp) -> Void) throws(GiveUp) {
        try expect(0x5B)
        skipSpace()
        if index < bytes.count, bytes[index] == 0x5D {
            index += 1
            return
        }
        while true {
            skipSpace()
            try element()
            skipSpace()
            guard index < bytes.count else { throw GiveUp() }
            index += 1
            switch bytes[index - 1] {
            case 0x2C: continue
            case 0x5D: return
            default: throw GiveUp()
            }
        }
    }

    /// A string, with the short escapes (`\"`, `\\`, `\/`, `\b`, `\f`, `\n`, `\r`, `\t`); `\u` escapes go to the
    /// full reader.
    private func string() throws(GiveUp) -> String {
        try text(try rawString())
    }

    /// Reads a string and returns its bytes with escapes undone, not yet checked as UTF-8: a slice of the record,
    /// or of `unescaped`, which the next string read overwrites.
    private func rawString() throws(GiveUp) -> UnsafeBufferPointer<UInt8> {
        skipSpace()
        guard index < bytes.count, bytes[index] == 0x22 else { throw GiveUp() }
        index += 1
        let start = index
        // Up to a quote, a backslash, a control character or DEL (which the canonical writer escapes), many bytes
        // at a time.
        index += harmatlas_string_run(bytes.baseAddress! + index, bytes.count - index)
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x22 || byte == 0x5C || byte < 0x20 { break }
            if byte == 0x7F { canonical = false }
            index += 1
        }
        guard index < bytes.count else { throw GiveUp() }
        if bytes[index] == 0x22 {
            index += 1
            return UnsafeBufferPointer(rebasing: bytes[start..<index - 1])
        }
        // Escapes only shorten a string: what is left of the record is room enough.
        if unescaped.count < bytes.count - start {
            unescaped.deallocate()
            unescaped = .allocate(capacity: bytes.count - start)
        }
        var count = index - start
        unescaped.baseAddress!.update(from: bytes.baseAddress! + start, count: count)
        while index < bytes.count {
            var byte = bytes[index]
            index += 1
            switch byte {
            case 0x22:
                return UnsafeBufferPointer(rebasing: unescaped[..<count])
            case 0x5C:
                guard index < bytes.count else { throw GiveUp() }
                let escape = bytes[index]
                index += 1
                switch escape {
                case 0x22, 0x5C: byte = escape
                case 0x2F:
                    byte = escape
                    canonical = false
                case 0x62: byte = 0x08
                case 0x66: byte = 0x0C
                case 0x6E: byte = 0x0A
                case 0x72: byte = 0x0D
                case 0x74: byte = 0x09
                default: throw GiveUp()
                }
            case 0..<0x20: throw GiveUp()
            case 0x7F: canonical = false
            default: break
            }
            unescaped[count] = byte
            count += 1
        }
        throw GiveUp()
    }

    /// Steps over any value without reading it.
    private func skipValue() throws(GiveUp) {
        skipSpace()
        guard index < bytes.count else { throw GiveUp() }
        switch bytes[index] {
        case 0x22: _ = try skipString()
        case 0x7B, 0x5B:
            var depth = 0
            while index < bytes.count {
                switch bytes[index] {
                case 0x22:
                    _ = try skipString()
                    continue
                case 0x7B, 0x5B: depth += 1
                case 0x7D, 0x5D:
                    depth -= 1
                    if depth == 0 {
                        index += 1
                        return
                    }
                default: break
                }
                index += 1
            }
            throw GiveUp()
        default:
            while index < bytes.count, ![0x2C, 0x7D, 0x5D, 0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        }
    }

    /// Steps over a string without reading it: the text of a part when only the item's shape is wanted.
    private func skipString() throws(GiveUp) -> String {
        skipSpace()
        guard index < bytes.count, bytes[index] == 0x22 else { throw GiveUp() }
        index += 1
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if byte == 0x22 { return "" }
            if byte == 0x5C { index += 1 } else if byte < 0x20 { throw GiveUp() }
        }
        throw GiveUp()
    }

    /// The text of valid UTF-8 bytes.
    private func text(_ utf8: UnsafeBufferPointer<UInt8>) throws(GiveUp) -> String {
        guard let text = UTF8Text.decode(utf8) else { throw GiveUp() }
        return text
    }

    /// A non-negative integer without leading zeros, fraction or exponent.
    private func integer() throws(GiveUp) -> Int {
        skipSpace()
        let start = index
        var value = 0
        while index < bytes.count, (0x30...0x39).contains(bytes[index]) {
            let (product, overflow) = value.multipliedReportingOverflow(by: 10)
            guard !overflow, index - start < 18 else { throw GiveUp() }
            value = product + Int(bytes[index] - 0x30)
            index += 1
        }
        guard index > start, bytes[start] != 0x30 || index - start == 1 else { throw GiveUp() }
        if index < bytes.count, [0x2E, 0x65, 0x45].contains(bytes[index]) { throw GiveUp() }
        return value
    }
}

/// Reads the item records of a shard: straight from the bytes when well formed, through the full reader
/// otherwise. Keeps the language tags it has parsed, so one reader serves a whole shard.
public struct ItemRecords {
    private let reader: ItemRecordReader

    /// How much of each item a reader needs.
    public enum Detail: Sendable {
        /// Everything.
        case full
        /// All but the source and the hash (read as empty): for comparing items' content.
        case content
        /// As ``content``, and text parts read as empty strings (their presence kept): for counting, where only
        /// the shape and labels of each item matter.
        case shape
    }

    /// A reader of records in as much detail as the caller needs.
    public init(_ detail: Detail = .full) {
        reader = ItemRecordReader(detail)
    }

    /// The item in a record, or `nil` when it does not decode (validation says why).
    public mutating func item(_ record: ArraySlice<UInt8>) -> BenchmarkItem? {
        if let direct = record.withUnsafeBufferPointer({ reader.read($0) }) { return direct.item }
        let (node, findings) = JSONParser.parse(record, file: "")
        guard let node, !findings.hasErrors else { return nil }
        let decoder = DocumentDecoder(file: "")
        guard let decoded = BenchmarkItem.decode(node, "", decoder), !decoder.diagnostics.hasErrors else { return nil }
        return decoded.item
    }
}
