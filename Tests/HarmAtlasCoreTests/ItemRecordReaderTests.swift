import Foundation
import HarmAtlasTestSupport
import Testing

@testable import HarmAtlasCore

/// The byte-level item reader must never accept what the full reader refuses, and must read what it accepts to
/// the same item.
@Suite struct ItemRecordReaderTests {
    static let demoRecords: [[UInt8]] = {
        let url = TestEnvironment.packageRoot.appendingPathComponent("Datasets/demo/items/demo.jsonl")
        let bytes = [UInt8]((try? Data(contentsOf: url)) ?? Data())
        return bytes.split(separator: 0x0A).map(Array.init)
    }()

    static func direct(_ record: [UInt8]) -> (item: BenchmarkItem, declaredHash: String)? {
        read(record).map { ($0.item, $0.declaredHash) }
    }

    static func read(_ record: [UInt8]) -> ItemRecordReader.Record? {
        record.withUnsafeBufferPointer { ItemRecordReader().read($0) }
    }

    static func full(_ record: [UInt8]) -> (item: BenchmarkItem, declaredHash: String)? {
        let (node, findings) = JSONParser.parse(record, file: "record.jsonl")
        guard let node, !findings.hasErrors else { return nil }
        let decoder = DocumentDecoder(file: "record.jsonl")
        guard let decoded = BenchmarkItem.decode(node, "", decoder), !decoder.diagnostics.hasErrors else { return nil }
        return decoded
    }

    /// Whatever the direct reader accepts, the full reader accepts, with the same item and hash; and when the
    /// direct reader says the record is canonical, the record without its hash member is the item's canonical
    /// JSON, byte for byte.
    static func agree(_ record: [UInt8]) -> Bool {
        guard let direct = read(record) else {
            // Reading for validation leaves the texts' UTF-8 to text inspection; it accepts nothing else more.
            let reader = ItemRecordReader(checkingOnly: true)
            guard record.withUnsafeBufferPointer({ reader.read($0) }) != nil else { return true }
            return texts(of: reader, record).contains(nil)
        }
        guard let full = full(record) else { return false }
        if let member = direct.hashMember,
            Array(record[..<member.lowerBound] + record[member.upperBound...]) != direct.item.canonicalContent
        {
            return false
        }
        guard direct.item == full.item, direct.declaredHash == full.declaredHash else { return false }
        return checkingAgrees(record, direct)
    }

    /// Reading for validation accepts what the item reader accepts as canonical, and nothing else; its item is the
    /// full item without source and with empty texts, the hash is left in the record, and the texts' bytes are the
    /// full texts.
    static func checkingAgrees(_ record: [UInt8], _ direct: ItemRecordReader.Record) -> Bool {
        let reader = ItemRecordReader(checkingOnly: true)
        let checked = record.withUnsafeBufferPointer({ reader.read($0) })
        guard direct.hashMember != nil else { return checked == nil }
        guard let checked else { return false }
        var expected = direct.item
        expected.source = nil
        for turn in expected.turns.indices {
            for part in expected.turns[turn].parts.indices where expected.turns[turn].parts[part].text != nil {
                expected.turns[turn].parts[part].text = ""
            }
        }
        return checked.item == expected && checked.declaredHash.isEmpty
            && checked.hashMember == direct.hashMember && texts(of: reader, record) == direct.item.texts
    }

    /// The texts a reader for validation found in the record it read last; `nil` for one that is not UTF-8.
    static func texts(of reader: ItemRecordReader, _ record: [UInt8]) -> [String?] {
        record.withUnsafeBufferPointer { record in
            (0..<reader.textCount).map { reader.withText($0, of: record) { UTF8Text.decode($0) } }
        }
    }

    @Test func readsEveryDemoRecordDirectly() throws {
        #expect(Self.demoRecords.count == 28)
        for record in Self.demoRecords {
            let direct = try #require(Self.direct(record))
            let full = try #require(Self.full(record))
            #expect(direct.item == full.item)
            #expect(direct.declaredHash == full.declaredHash)
            #expect(direct.item.contentHash == direct.declaredHash)
            #expect(Self.checkingAgrees(record, try #require(Self.read(record))))
            // Records written by the package are canonical: the hash is checked on their own bytes.
            let member = try #require(Self.read(record)?.hashMember)
            #expect(
                record.withUnsafeBufferPointer {
                    BenchmarkItem.hashMatches(record: $0, member: member)
                })
        }
    }

    @Test func handsUnusualButValidRecordsToTheFullReader() throws {
        let record = String(decoding: Self.demoRecords[0], as: UTF8.self)
        // A \u escape is valid JSON; the direct reader leaves it to the full reader.
        let escaped = record.replacingOccurrences(of: "\"language\":\"", with: "\"language\":\"\\u0065")
            .replacingOccurrences(of: "\\u0065en", with: "\\u0065n")
        #expect(Self.direct(Array(escaped.utf8)) == nil)
        #expect(Self.full(Array(escaped.utf8))?.item.language.rawValue == "en")
        // Spaces between tokens are read directly.
        let spaced = record.replacingOccurrences(of: "\":", with: "\" : ").replacingOccurrences(
            of: ",\"", with: " , \"")
        #expect(Self.direct(Array(spaced.utf8))?.item == Self.full(Array(spaced.utf8))?.item)
        #expect(Self.direct(Array(spaced.utf8)) != nil)
        // …but they are not canonical, nor are keys out of order, an escaped '/', a raw DEL or an empty map.
        let reordered = record.replacingOccurrences(
            of: "{\"expected\":\"refuse\",", with: "{"
        ).replacingOccurrences(
            of: "}]}", with: "}],\"expected\":\"refuse\"}")
        let notCanonical = [
            spaced, reordered,
            record.replacingOccurrences(of: "\"group\":\"", with: "\"group\":\"a\\/"),
            record.replacingOccurrences(of: "\"group\":\"", with: "\"group\":\"a\u{7F}"),
            record.replacingOccurrences(of: "\"facets\":{\"persona\":\"unskilled\"}", with: "\"facets\":{}"),
        ]
        for text in notCanonical {
            #expect(text != record)
            let read = try #require(Self.read(Array(text.utf8)), "\(text)")
            #expect(read.hashMember == nil, "\(text)")
            #expect(Self.checkingAgrees(Array(text.utf8), read), "\(text)")
        }
    }

    @Test func refusesWhatTheFullReaderRefuses() throws {
        let record = String(decoding: Self.demoRecords[0], as: UTF8.self)
        let broken = [
            record.replacingOccurrences(of: "{\"expected\"", with: "{\"extra\":1,\"expected\""),
            record.replacingOccurrences(
                of: "{\"expected\":\"refuse\"", with: "{\"expected\":\"refuse\",\"expected\":\"refuse\""),
            record.replacingOccurrences(of: "\"id\":\"", with: "\"id\":\" "),
            record.replacingOccurrences(of: "\"group\":\"", with: "\"group\":\" "),
            record.replacingOccurrences(of: "\"turns\":[", with: "\"turns\":[],\"x\":["),
            record.replacingOccurrences(of: "\"safety\":\"unsafe\"", with: "\"safety\":\"harmful\""),
            record + ",",
            String(record.dropLast()),
        ]
        for text in broken {
            #expect(text != record)
            #expect(Self.direct(Array(text.utf8)) == nil)
        }
        // Invalid UTF-8: an overlong '/', an encoded surrogate, a stray continuation byte.
        for bad: [UInt8] in [[0xC0, 0xAF], [0xED, 0xA0, 0x80], [0x80]] {
            let head = Array(record.utf8)
            let at = try #require(head.firstIndex(of: 0x3A)) + 2
            var bytes = head
            bytes.insert(contentsOf: bad, at: at)
            #expect(Self.direct(bytes) == nil)
            #expect(Self.full(bytes) == nil)
        }
    }

    /// Every single-byte deletion or substitution in a few records: the two readers never disagree.
    @Test func agreesWithTheFullReaderUnderMutation() {
        let replacements: [UInt8] = [0x22, 0x5C, 0x2C, 0x3A, 0x7B, 0x7D, 0x5B, 0x5D, 0x20, 0x00, 0xFF, 0x61, 0x30]
        var disagreements = 0
        var checked = 0
        for record in Self.demoRecords.prefix(4) {
            for index in record.indices {
                var deleted = record
                deleted.remove(at: index)
                checked += 1
                if !Self.agree(deleted) { disagreements += 1 }
                for byte in replacements where byte != record[index] {
                    var changed = record
                    changed[index] = byte
                    checked += 1
                    if !Self.agree(changed) { disagreements += 1 }
                }
            }
        }
        #expect(checked > 10_000)
        #expect(disagreements == 0)
    }

    @Test func trimmedFormMatchesCharacterWhiteSpace() {
        for first in UInt8(0)..<0x80 {
            for last in [UInt8(0x20), 0x09, 0x0A, 0x0D, 0x1C, 0x41, 0x7F] {
                let text = String(decoding: [first, 0x62, last], as: UTF8.self)
                let expected = !text.first!.isWhitespace && !text.last!.isWhitespace
                #expect(TextForm.isTrimmed(text) == expected, "bytes \(first) … \(last)")
            }
        }
        #expect(!TextForm.isTrimmed(""))
        #expect(!TextForm.isTrimmed("a\u{3000}"))
        #expect(TextForm.isTrimmed("é"))
    }
}
