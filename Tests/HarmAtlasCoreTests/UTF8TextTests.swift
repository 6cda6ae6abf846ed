import Testing

@testable import HarmAtlasCore

@Suite struct UTF8TextTests {
    /// The same verdict and text as the standard library's validation, on edge cases and on many random byte
    /// strings made mostly of UTF-8 pieces.
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
                (0..<Int.random(in: 0...12, using: &generator)).flatMap { _ in
                    pieces.randomElement(using: &generator)!
                })
        }
        for bytes in samples {
            let expected = String(validating: bytes, as: UTF8.self)
            #expect(UTF8Text.decode(bytes) == expected, "\(bytes)")
            #expect(bytes.withUnsafeBufferPointer { UTF8Text.isValid($0) } == (expected != nil), "\(bytes)")
        }
    }
}
