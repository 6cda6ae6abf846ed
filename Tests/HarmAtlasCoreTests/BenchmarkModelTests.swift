import Crypto
import CHarmAtlasKernels
@testable import HarmAtlasCore
import HarmAtlasTestSupport
import Testing

@Suite struct LanguageRegistryTests {
    @Test(arguments: [
        ("en_US", "en-US"), ("EN_us", "en-US"), ("eng-US", "en-US"), ("zh-hans-cn", "zh-Hans-CN"), ("es-419", "es-419"),
        ("sr-Latn-RS", "sr-Latn-RS"), ("swh", "swh"), ("sw-KE", "sw-KE"),
    ])
    func acceptsRegisteredTags(input: String, canonical: String) throws {
        let tag = try #require(LanguageTag(input))
        #expect(try LanguageRegistry.canonical(tag).get().rawValue == canonical)
    }

    @Test func refusesHIHIWithAHint() throws {
        let tag = try #require(LanguageTag("HI_HI"))
        guard case .failure(let problem) = LanguageRegistry.canonical(tag) else {
            Issue.record("HI_HI must be refused")
            return
        }
        #expect(
            problem.message
                == "region 'HI' of 'hi-HI' is not an ISO 3166-1 or UN M.49 code (a region repeating the language, as in HI_HI, is a known typo)"
        )
    }

    @Test(arguments: ["qq", "en-XX", "fr-Abcd", "xyz-US"])
    func refusesUnregisteredSubtags(input: String) throws {
        let tag = try #require(LanguageTag(input))
        #expect((try? LanguageRegistry.canonical(tag).get()) == nil)
    }

    @Test func namesLanguagesAndRegions() {
        #expect(LanguageRegistry.languageName("sw")?.hasPrefix("Swahili") == true)
        #expect(LanguageRegistry.regionName("IN") == "India")
        #expect(LanguageRegistry.regionName("419") == "Latin America and the Caribbean")
    }
}

@Suite struct TextInspectorTests {
    let en = LanguageTag("en")!

    func codes(_ text: String, _ language: String = "en") -> [RuleCode] {
        TextInspector.inspect(text, language: LanguageTag(language)!).map(\.code)
    }

    @Test func emptyAndWhitespaceOnly() {
        #expect(codes("") == [.emptyText])
        #expect(codes(" \n\t\u{200B}") == [.emptyText])
    }

    @Test func invisibleCharactersWithOffsets() {
        let findings = TextInspector.inspect("hi\u{E0041}\u{E0042} there\u{202E}x", language: en)
        #expect(findings.map(\.code) == [.invisibleCharacters])
        #expect(
            findings[0].message
                == "3 invisible character(s): U+E0041 (tag character) at 2, U+E0042 (tag character) at 3, U+202E (bidi control) at 10"
        )
    }

    @Test func manyInvisibleCharactersAndBytesThatAreNotUTF8() {
        let findings = TextInspector.inspect(String(repeating: "a\u{200B}", count: 20), language: en)
        #expect(findings.map(\.code) == [.invisibleCharacters])
        #expect(
            findings.first?.message.hasPrefix(
                "20 invisible character(s): U+200B (zero-width) at 1, U+200B (zero-width) at 3, ") == true)
        #expect(findings.first?.message.hasSuffix("U+200B (zero-width) at 19 and 10 more") == true)
        #expect(codes(String(repeating: "\u{200B}", count: 20)) == [.emptyText])
        for bad: [UInt8] in [
            [0x61, 0xC0, 0xAF], [0xED, 0xA0, 0x80], [0x61, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE6, 0xBC],
        ] {
            #expect(bad.withUnsafeBufferPointer { TextInspector.inspect($0, language: en, expected: nil) } == nil)
        }
        #expect(
            Array("ok 😀".utf8).withUnsafeBufferPointer { TextInspector.inspect($0, language: en, expected: nil) } == [])
    }

    @Test func scalarsOutsideTheKindedRangesHaveNoKind() {
        var outside = 0
        for value in UInt32(0)..<0x11_0000 where !TextInspector.kindedScalars.contains(where: { $0.contains(value) }) {
            outside += 1
            #expect(TextInspector.kind(of: value) == 0, "U+\(String(value, radix: 16))")
        }
        #expect(outside == 0x11_0000 - 0x3_2000 - 0x80)
        // Inside them, letters, white space and invisible characters have kinds.
        #expect(TextInspector.kind(of: 0x2_0000) != 0)
        #expect(TextInspector.kind(of: 0xE_0041) != 0)
        #expect(TextInspector.kind(of: 0x3000) != 0)
    }

    @Test func joinersInsideWordsThatNeedThemAreFine() {
        #expect(codes("می\u{200C}خواهم بدانم", "fa") == [])
        #expect(codes("👩\u{200D}💻 writes code") == [])
        #expect(codes("pass\u{200D}word") == [.invisibleCharacters])
    }

    @Test func scriptThatDoesNotFitTheLanguage() {
        #expect(codes("Это предложение написано по-русски.", "en") == [.scriptMismatch])
        #expect(codes("Это предложение написано по-русски.", "ru") == [])
        #expect(codes("这是一个中文句子，用来测试文字。", "zh") == [])
        #expect(codes("これは日本語の文です。漢字もあります。", "ja") == [])
        #expect(codes("كم حبة من هذه تكفي", "ar") == [])
        #expect(codes("Short ok", "ar") == [])
        #expect(codes("请用 Python 调用这个接口并返回结果", "zh") == [])
        #expect(codes("Use Python 3 to 调用 the API", "zh") == [.scriptMismatch])
    }

    @Test func personalDataShapes() {
        #expect(codes("write to someone.name+tag@example.org today") == [.emailAddress])
        #expect(codes("call +44 20 7946 0958 now") == [.phoneNumber])
        #expect(codes("my card is 4111 1111 1111 1111") == [.cardNumber])
        #expect(codes("number 4111 1111 1111 1112 fails Luhn") == [])
        #expect(codes("born 2001-12-14, ordered 3 items, version 1.10.2") == [])
        #expect(codes("an @ sign alone, and a@b") == [])
    }

    /// ASCII is counted sixteen bytes at a time: letters, digits and '@' must come out as one at a time, wherever
    /// the text starts and whatever it mixes.
    @Test func countsAreTheSameAtEveryAlignment() {
        var generator = SystemRandomNumberGenerator()
        let pieces = ["a", "Z", "@", "9", "0", " ", "[", "`", "{", "/", ":", "é", "ก", "Ж", "\u{7F}", "\n"]
        for shift in 0..<16 {
            for _ in 0..<40 {
                let text =
                    "กขค" + String(repeating: "x", count: shift)
                    + (0..<Int.random(in: 1...60, using: &generator)).map { _ in
                        pieces.randomElement(using: &generator)!
                    }
                    .joined()
                let scripts = text.unicodeScalars.compactMap(TextInspector.Script.of)
                let dominant = Dictionary(grouping: scripts, by: { $0 }).values.map(\.count).max() ?? 0
                let thai = scripts.filter { $0 == .thai }.count
                let message = TextInspector.inspect(text, language: LanguageTag("th")!).first {
                    $0.code == .scriptMismatch
                }?.message
                if scripts.count >= TextInspector.minimumLettersForScript, thai * 2 < scripts.count {
                    #expect(message?.hasPrefix("\(dominant) of \(scripts.count) letters are ") == true, "\(text)")
                } else {
                    #expect(message == nil, "\(text)")
                }
            }
            let padding = String(repeating: "x", count: shift)
            #expect(codes(padding + " call +44 20 7946 0958 now") == [.phoneNumber])
            #expect(codes(padding + " write to someone.name+tag@example.org today") == [.emailAddress])
        }
    }
}

/// The scan under text inspection against a reading of one scalar at a time, on random texts that mix ASCII runs
/// of every length, white space, letters of several scripts, invisible characters and (in some) bytes that are
/// not UTF-8.
@Suite struct TextScanTests {
    @Test func scanMatchesAReadingOfOneScalarAtATime() {
        let kinds = TextInspector.kinds
        let ascii = [
            "a", "Z", "q", "5", "@", " ", "\t", "\r\n", ".", "`", "{", "/", "\u{7F}", "hello world", "2024-01-01",
        ]
        let other = ["é", "Ж", "ก", "中", "😀", "\u{200B}", "\u{200D}", "\u{E0041}", "\u{A0}", "\u{3000}"]
        let pieces = (ascii + other).map { Array($0.utf8) }
        let broken: [[UInt8]] = [
            [0x80], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE4, 0xB8], [0xFF],
        ]
        var random = SplitMix(seed: 11)
        var invalidSeen = 0
        for _ in 0..<20_000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int(random.next() % 48) {
                bytes += pieces[Int(random.next() % UInt64(pieces.count))]
            }
            if random.next() % 8 == 0 {
                bytes.insert(
                    contentsOf: broken[Int(random.next() % UInt64(broken.count))],
                    at: Int(random.next() % UInt64(bytes.count + 1)))
            }
            var scan = harmatlas_text_scan()
            let capacity = 4
            var offsets = [UInt32](repeating: 0, count: capacity)
            var values = [UInt32](repeating: 0, count: capacity)
            bytes.withUnsafeBufferPointer {
                harmatlas_scan_text($0.baseAddress, $0.count, kinds, &offsets, &values, capacity, &scan)
            }
            guard let text = String(validating: bytes, as: UTF8.self) else {
                invalidSeen += 1
                #expect(scan.valid == 0, "\(bytes)")
                continue
            }
            // One scalar at a time.
            var latin: UInt32 = 0
            var digits: UInt32 = 0
            var blank = true
            var hasAt = false
            var hasJoiner = false
            var invisible: [(UInt32, UInt32)] = []
            var letters = [UInt32](repeating: 0, count: 24)
            var order: [UInt8] = []
            for (offset, scalar) in text.unicodeScalars.enumerated() {
                let value = scalar.value
                if value < 0x80 {
                    let byte = UInt8(value)
                    if (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A { latin += 1 }
                    if byte >= 0x30 && byte <= 0x39 { digits += 1 }
                    if byte == 0x40 { hasAt = true }
                    if !(byte == 0x20 || (0x09...0x0D).contains(byte)) { blank = false }
                    continue
                }
                let kind = kinds[Int(value)]
                if kind & 0x80 != 0 {
                    invisible.append((UInt32(offset), value))
                    if value == 0x200C || value == 0x200D { hasJoiner = true }
                    continue
                }
                if kind & 0x40 == 0 { blank = false }
                if kind & 0x3F != 0 {
                    let slot = Int(kind & 0x3F) - 1
                    if letters[slot] == 0 { order.append(UInt8(slot)) }
                    letters[slot] += 1
                }
            }
            #expect(scan.valid == 1, "\(bytes)")
            #expect(scan.latin == latin && scan.digits == digits, "\(bytes)")
            #expect(scan.scalars == UInt32(text.unicodeScalars.count), "\(bytes)")
            #expect((scan.blank != 0, scan.has_at != 0, scan.has_joiner != 0) == (blank, hasAt, hasJoiner), "\(bytes)")
            #expect(scan.invisible == UInt32(invisible.count), "\(bytes)")
            for (index, found) in invisible.prefix(capacity).enumerated() {
                #expect((offsets[index], values[index]) == found, "\(bytes)")
            }
            #expect(withUnsafeBytes(of: scan.letters) { Array($0.bindMemory(to: UInt32.self)) } == letters, "\(bytes)")
            let scanOrder = withUnsafeBytes(of: scan.order) { Array($0.prefix(Int(scan.scripts))) }
            #expect(scanOrder == order, "\(bytes)")
        }
        #expect(invalidSeen > 1_000)
    }
}

@Suite struct MediaSnifferTests {
    @Test func recognisesFormatsByTheirBytes() {
        #expect(MediaSniffer.mediaType(of: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0]) == "image/png")
        #expect(MediaSniffer.mediaType(of: [0xFF, 0xD8, 0xFF, 0xE0]) == "image/jpeg")
        #expect(MediaSniffer.mediaType(of: Array("RIFF\u{0}\u{0}\u{0}\u{0}WAVEfmt ".utf8)) == "audio/wav")
        #expect(MediaSniffer.mediaType(of: Array("\u{0}\u{0}\u{0}\u{18}ftypmp42".utf8)) == "video/mp4")
        #expect(MediaSniffer.mediaType(of: Array("hello".utf8)) == nil)
        #expect(MediaSniffer.matches(declared: "image/jpg", sniffed: "image/jpeg"))
        #expect(!MediaSniffer.matches(declared: "image/png", sniffed: "image/jpeg"))
    }
}

@Suite struct BenchmarkItemTests {
    let item = BenchmarkItem(
        id: "x-1",
        turns: [
            .init(role: .system, parts: [.text("Be helpful.")]),
            .init(
                role: .user,
                parts: [
                    .text("Bonjour"),
                    .media(
                        .init(
                            kind: .image, path: "media/a.png", sha256: String(repeating: "a", count: 64),
                            mediaType: "image/png")),
                ]),
            .init(role: .tool, parts: [.text("Result", language: LanguageTag("en"))]),
            .init(role: .user, parts: [.text("Encore")]),
        ],
        language: LanguageTag("fr")!, harms: ["mlc-ailuminate:hate"], safety: .unsafe, expected: .refuse,
        facets: ["persona": "skilled"], group: "g", translationOrigin: .human,
        source: .init(dataset: "d", id: "7", file: "f.csv", row: 3, labels: ["hazard": "hte"]), license: "MIT")

    @Test func roundTripsThroughItsJSONLine() throws {
        let line = item.jsonLine()
        let (node, findings) = JSONParser.parse(line, file: "i.jsonl")
        #expect(findings.isEmpty)
        let decoder = DocumentDecoder(file: "i.jsonl")
        let root = try #require(node)
        let (decoded, hash) = try #require(BenchmarkItem.decode(root, "", decoder))
        #expect(decoder.diagnostics.isEmpty)
        #expect(decoded == item)
        #expect(hash == item.contentHash)
        #expect(item.modalities == [.text, .image, .toolResult, .multiTurn])
    }

    @Test func theLineIsTheCompactFormWithTheHash() {
        var value = item.jsonValue(includingHash: false)
        if case .object(var members) = value {
            members["hash"] = .string(item.contentHash)
            value = .object(members)
        }
        #expect(item.jsonLine() == value.compactBytes())
        let bare = BenchmarkItem(
            id: "a", turns: [.init(role: .user, parts: [.text("q\"\n\u{7F}é")])], language: LanguageTag("en")!)
        #expect(String(decoding: bare.jsonLine(), as: UTF8.self).contains(#""hash":"sha256:"#))
        #expect(bare.jsonLine() == bare.jsonValue().compactBytes())
        // Records made together, hashed two at a time or the last alone, are the lines, each with a line feed.
        for count in 0...5 {
            let items = (0..<count).map { $0 % 2 == 0 ? item : bare }
            var lines = JSONLines()
            for each in items { lines.append(each) }
            let expected: [UInt8] = items.flatMap { $0.jsonLine() + [0x0A] }
            #expect(lines.bytes() == expected)
            #expect(lines.count == expected.count)
        }
    }

    @Test func theContentHashIsTheSHA256OfTheCompactFormWithoutIt() {
        for each in [item, BenchmarkItem(id: "a", turns: [], language: LanguageTag("en")!)] {
            let content = each.jsonValue(includingHash: false).compactBytes()
            #expect(each.contentHash == "sha256:" + SHA256.hash(data: content).hexString)
        }
    }

    @Test func hashIgnoresKeyOrderButNotContent() throws {
        var changed = item
        changed.turns[1].parts[0] = .text("Bonjour!")
        #expect(changed.contentHash != item.contentHash)
        #expect(item.contentHash.hasPrefix("sha256:") && item.contentHash.count == 71)
    }

    @Test func reportsBadRecordsWithTheirFields() throws {
        let record =
            #"{"id":"a","turns":[{"role":"robot","parts":[]}],"language":"en_us","safety":"maybe","expected":"refuse","hash":"x","colour":1}"#
        let (node, _) = JSONParser.parse(Array(record.utf8), file: "i.jsonl")
        let decoder = DocumentDecoder(file: "i.jsonl")
        let root = try #require(node)
        #expect(BenchmarkItem.decode(root, "", decoder) == nil)
        #expect(decoder.diagnostics.map(\.code) == [.unknownField, .invalidValue, .invalidValue, .invalidValue])
        #expect(decoder.diagnostics.map(\.field) == ["/colour", "/turns/0/role", "/turns/0/parts", "/safety"])
    }
}
