import CHarmAtlasKernels
import Crypto
import HarmAtlasCore
import HarmAtlasTestSupport
import Testing

/// The kernels' SHA-256 against FIPS 180-4's examples and swift-crypto's SHA-256, on every path the processor has.
@Suite struct SHA256KernelTests {
    let levels = 0...Int(harmatlas_sha256_level())

    func bytes(_ count: Int, _ random: inout SplitMix) -> [UInt8] {
        (0..<count).map { _ in UInt8(truncatingIfNeeded: random.next()) }
    }

    func digest(level: Int, _ message: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: 32)
        harmatlas_sha256_at(Int32(level), message, message.count, &digest)
        return digest
    }

    func expected(_ message: [UInt8]) -> [UInt8] { Array(SHA256.hash(data: message)) }

    @Test func theStandardsExamples() {
        let examples: [(String, String)] = [
            ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            (
                "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
                "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
            ),
            (
                String(repeating: "a", count: 1_000_000),
                "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
            ),
        ]
        for level in levels {
            for (message, hex) in examples {
                #expect(digest(level: level, Array(message.utf8)).hexString == hex, "level \(level)")
            }
        }
    }

    /// Every length up to seventeen blocks, so that every way a message's end falls in its last blocks is met.
    @Test func everyLengthMatchesSwiftCrypto() {
        var random = SplitMix(seed: 11)
        for count in 0...1100 {
            let message = bytes(count, &random)
            let reference = expected(message)
            for level in levels {
                #expect(digest(level: level, message) == reference, "level \(level), \(count) bytes")
            }
        }
    }

    /// Two messages at once, of lengths alike and unlike, the shorter one first or second.
    @Test func pairsMatchSwiftCrypto() {
        var random = SplitMix(seed: 12)
        let lengths = [0, 1, 55, 56, 63, 64, 65, 119, 120, 128, 600, 700, 4097]
        for firstCount in lengths {
            for secondCount in lengths + [Int(random.next() % 3000)] {
                let first = bytes(firstCount, &random)
                let second = bytes(secondCount, &random)
                for level in levels {
                    var firstDigest = [UInt8](repeating: 0, count: 32)
                    var secondDigest = [UInt8](repeating: 0, count: 32)
                    harmatlas_sha256_pair_at(
                        Int32(level), first, first.count, second, second.count, &firstDigest, &secondDigest)
                    #expect(firstDigest == expected(first), "level \(level), \(firstCount) and \(secondCount) bytes")
                    #expect(secondDigest == expected(second), "level \(level), \(firstCount) and \(secondCount) bytes")
                }
            }
        }
    }

    /// Fed in pieces of random sizes, across block boundaries or not, through ``SHA256Hasher``, whose digest can be
    /// taken midway.
    @Test func piecesMatchSwiftCrypto() {
        var random = SplitMix(seed: 13)
        for _ in 0..<300 {
            let message = bytes(Int(random.next() % 2000), &random)
            var hasher = SHA256Hasher()
            var start = 0
            while start < message.count {
                let end = min(message.count, start + Int(random.next() % 150))
                if random.next() % 2 == 0 {
                    hasher.update(message[start..<end])
                } else {
                    message[start..<end].withUnsafeBytes { hasher.update($0) }
                }
                if random.next() % 8 == 0 { #expect(hasher.finalize() == expected(Array(message[..<end]))) }
                start = end
            }
            #expect(hasher.finalize() == expected(message), "\(message.count) bytes")
            #expect(SHA256Hasher.hash(message) == expected(message))
        }
    }
}
