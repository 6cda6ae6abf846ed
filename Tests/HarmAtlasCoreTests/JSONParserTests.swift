import CHarmAtlasKernels
@testable import HarmAtlasCore
import Testing

@Suite struct JSONParserTests {
    @Test func parsesNestedValuesWithLocations() throws {
        let text = "{\n  \"a\": [1, -2.5e3, true, null],\n  \"é\": \"x\\u00e9\\ud83d\\ude00\"\n}"
        let (node, diagnostics) = JSONParser.parse(Array(text.utf8), file: "t.json")
        #expect(diagnostics.isEmpty)
        guard case .object(let members)? = node?.value else {
            Issue.record("expected an object")
            return
        }
        #expect(members.map(\.key) == ["a", "é"])
        #expect(members[1].keyLine == 3 && members[1].keyColumn == 3)
        guard case .array(let elements) = members[0].value.value else {
            Issue.record("expected an array")
            return
        }
        guard case .number(let number) = elements[1].value else {
            Issue.record("expected a number")
            return
        }
        #expect(number == "-2.5e3")
        #expect(elements[1].line == 2 && elements[1].column == 12)
        guard case .string(let string) = members[1].value.value else {
            Issue.record("expected a string")
            return
        }
        #expect(string == "xé😀")
    }

    @Test(arguments: [
        ("[1,]", 1, 4), ("{\"a\":1,}", 1, 8), ("[01]", 1, 3), ("['a']", 1, 2), ("[1] x", 1, 5),
        ("{\"a\" 1}", 1, 6), ("\"\\ud800\"", 1, 8), ("[\"a\tb\"]", 1, 4), ("\n\n  [nul]", 3, 7),
    ])
    func refusesMalformedJSONWithItsPosition(text: String, line: Int, column: Int) {
        let (node, diagnostics) = JSONParser.parse(Array(text.utf8), file: "bad.json")
        #expect(node == nil)
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.code == .syntax)
        #expect(diagnostics.first?.location == SourceLocation(file: "bad.json", line: line, column: column))
    }

    @Test func reportsEveryDuplicateKey() {
        let (node, diagnostics) = JSONParser.parse(Array("{\"a\":1,\"b\":2,\"a\":3,\"b\":4}".utf8), file: "d.json")
        #expect(node != nil)
        #expect(diagnostics.map(\.code) == [.duplicateKey, .duplicateKey])
        #expect(diagnostics.map(\.location.column) == [14, 20])
    }

    @Test func refusesNestingBeyondTheLimit() {
        let deep = String(repeating: "[", count: 200) + String(repeating: "]", count: 200)
        let (node, diagnostics) = JSONParser.parse(Array(deep.utf8), file: "deep.json")
        #expect(node == nil)
        #expect(diagnostics.first?.code == .tooDeep)
        let fine = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(JSONParser.parse(Array(fine.utf8), file: "ok.json").node != nil)
    }

    @Test func refusesInvalidUTF8InsideStrings() {
        let bytes: [UInt8] = [0x22, 0xC3, 0x28, 0x22]
        let (node, diagnostics) = JSONParser.parse(bytes, file: "u.json")
        #expect(node == nil)
        #expect(diagnostics.first?.code == .syntax)
    }
}

@Suite struct CanonicalJSONTests {
    /// The vector scan for the end of a plain run stops where the byte-at-a-time rule stops, at every position.
    @Test func stringRunsEndWhereByteRulesSay() {
        var generator = SystemRandomNumberGenerator()
        let plain: [UInt8] = [0x20, 0x21, 0x61, 0x7E, 0x80, 0xC3, 0xE6, 0xFF]
        let special: [UInt8] = [0x22, 0x5C, 0x00, 0x0A, 0x1F, 0x7F]
        for length in 0..<70 {
            for _ in 0..<20 {
                var bytes = (0..<length).map { _ in plain.randomElement(using: &generator)! }
                // None, or up to three special bytes anywhere.
                for _ in 0..<(length > 0 ? Int.random(in: 0...3, using: &generator) : 0) {
                    bytes[Int.random(in: 0..<length, using: &generator)] = special.randomElement(using: &generator)!
                }
                let expected =
                    bytes.firstIndex { $0 == 0x22 || $0 == 0x5C || $0 < 0x20 || $0 == 0x7F } ?? bytes.count
                #expect(bytes.withUnsafeBufferPointer { harmatlas_string_run($0.baseAddress, $0.count) } == expected)
            }
        }
    }

    /// Every byte value at every place of short strings, after a plain background, with a second byte of every
    /// kind after it: where the scan reads words and blocks, and where they overlap.
    @Test func stringRunsEndWhereByteRulesSayForEveryByte() {
        let after: [UInt8] = [0x61, 0x00, 0x22, 0x7F, 0xFF]
        for length in 1...20 {
            for place in 0..<length {
                for value in 0...255 {
                    for next in after {
                        var bytes = [UInt8](repeating: 0x61, count: length)
                        bytes[place] = UInt8(value)
                        if place + 1 < length { bytes[place + 1] = next }
                        let expected =
                            bytes.firstIndex { $0 == 0x22 || $0 == 0x5C || $0 < 0x20 || $0 == 0x7F } ?? bytes.count
                        let found = bytes.withUnsafeBufferPointer { harmatlas_string_run($0.baseAddress, $0.count) }
                        if found != expected { Issue.record("\(bytes): \(found), expected \(expected)") }
                    }
                }
            }
        }
    }

    @Test func integersAreWrittenAsDecimalDigits() {
        for value in [0, 7, 9, 10, 99, 100, 440_998, -1, -10, Int.max, Int.min] {
            var written: [UInt8] = []
            JSONValue.writeInteger(value, into: &written)
            #expect(written == Array(String(value).utf8))
        }
    }

    /// Strings are escaped the same whether the characters to escape fall inside a run of eight bytes or not,
    /// and read back as they were.
    @Test func escapesAtEveryAlignment() {
        var generator = SystemRandomNumberGenerator()
        let pieces = [
            "a", "é", "漢", "😀", "\"", "\\", "\n", "\r", "\t", "\u{08}", "\u{0C}", "\u{01}", "\u{1F}", "\u{7F}", "/",
        ]
        for _ in 0..<2000 {
            let text = (0..<Int.random(in: 0...40, using: &generator)).map { _ in
                pieces.randomElement(using: &generator)!
            }
            .joined()
            var written: [UInt8] = []
            JSONValue.writeString(text, into: &written)
            var expected: [UInt8] = [0x22]
            for byte in text.utf8 {
                switch byte {
                case 0x22: expected += [0x5C, 0x22]
                case 0x5C: expected += [0x5C, 0x5C]
                case 0x0A: expected += [0x5C, 0x6E]
                case 0x0D: expected += [0x5C, 0x72]
                case 0x09: expected += [0x5C, 0x74]
                case 0x08: expected += [0x5C, 0x62]
                case 0x0C: expected += [0x5C, 0x66]
                case 0..<0x20, 0x7F: expected += Array(String(format: "\\u%04x", byte).utf8)
                default: expected.append(byte)
                }
            }
            expected.append(0x22)
            #expect(written == expected, "\(text.debugDescription)")
            guard case .string(let read)? = JSONParser.parse(written, file: "").node?.value else {
                Issue.record("not read back: \(text.debugDescription)")
                continue
            }
            #expect(read == text)
        }
    }

    @Test func sortsKeysByUTF8BytesAndIndentsStably() {
        let value = JSONValue.object([
            "b": .array([.int(1), .string("x\"y\n")]), "a": .object([:]), "é": .bool(true), "Z": .double(0.25),
            "n": .null, "e": .array([]),
        ])
        let expected = """
            {
              "Z": 0.25,
              "a": {},
              "b": [
                1,
                "x\\"y\\n"
              ],
              "e": [],
              "n": null,
              "é": true
            }

            """
        #expect(value.canonicalText() == expected)
        #expect(
            String(decoding: value.compactBytes(), as: UTF8.self)
                == #"{"Z":0.25,"a":{},"b":[1,"x\"y\n"],"e":[],"n":null,"é":true}"#)
    }

    @Test func escapesControlCharacters() {
        #expect(JSONValue.string("\u{1}\u{7F}").canonicalText() == "\"\\u0001\\u007f\"\n")
    }
}
