import Testing

@testable import HarmAtlasCore

@Suite struct UTF8TextTests {
    /// The same verdict and text as the standard library's validation, on edge cases and on many random byte
    /// strings made mostly of UTF-8 pieces, long enough to cross the checker's 16-byte blocks.
    @Test func agreesWithTheStandardLibrary() {
        let edges: [[UInt8]] = [
            [], [0x41], [0xC0, 0xAF], [0xC2, 0xA9], [0xE0, 0x80, 0xAF], [0xE0, 0xA0, 0x80], [0xED, 0xA0, 0x80],
            [0xED, 0x9F, 0xBF], [0xF0, 0x8F, 0xBF, 0xBF], [0xF0, 0x90, 0x80, 0x80], [0xF4, 0x8F, 0xBF, 0xBF],
            [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80], [0x80], [0xFF], Array("abcdefgh\u{E9}".utf8),
        ]
        let pieces: [[UInt8]] = [
            Array("a".utf8), Array("é".utf8), Array("漢".utf8), Array("😀".utf8), Array("abcdefgh".utf8), [0x80], [0xC3],
            [0xE6, 0xBC], [0xED, 0xB0, 0x80], [0xF8], [0x00], [0x7F],
        ]
        var generator = SystemRandomNumberGenerator()
        var samples = edges
        for _ in 0..<5000 {
            samples.append(
                (0..<Int.random(in: 0...40, using: &generator)).flatMap { _ in
                    pieces.randomElement(using: &generator)!
                })
        }
        #expect(UTF8Text.decode(UnsafeBufferPointer<UInt8>(start: nil, count: 0)) == "")
        for bytes in samples {
            let expected = String(validating: bytes, as: UTF8.self)
            #expect(UTF8Text.decode(bytes) == expected, "\(bytes)")
            #expect(bytes.withUnsafeBufferPointer { UTF8Text.isValid($0) } == (expected != nil), "\(bytes)")
        }
    }

    /// Every pair of bytes, and every lead byte with two bytes after it from around the continuation range, at
    /// each place in a 16-byte block and across the boundary of two, at the end of the text or before a block
    /// of ASCII (which the check passes over, looking only at what the block before left open).
    @Test func agreesWithTheStandardLibraryOnEverySequenceAtEveryOffset() {
        let around: [UInt8] = [0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC2, 0xE0, 0xF0, 0xFF]
        var sequences: [[UInt8]] = []
        for first in 0...255 {
            for second in 0...255 { sequences.append([UInt8(first), UInt8(second)]) }
            for second in around { for third in around { sequences.append([UInt8(first), second, third]) } }
        }
        for sequence in sequences {
            for offset in [0, 1, 12, 13, 14, 15, 16, 30] {
                for after in [0, 20] {
                    let bytes =
                        [UInt8](repeating: 0x61, count: offset) + sequence + [UInt8](repeating: 0x62, count: after)
                    let expected = String(validating: bytes, as: UTF8.self) != nil
                    let checked = bytes.withUnsafeBufferPointer { UTF8Text.isValid($0) }
                    if checked != expected { Issue.record("\(bytes): \(checked), expected \(expected)") }
                }
            }
        }
    }
}
