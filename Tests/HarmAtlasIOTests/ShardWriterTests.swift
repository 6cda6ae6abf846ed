import Crypto
import Foundation
import HarmAtlasCore
@testable import HarmAtlasIO
import HarmAtlasTestSupport
import Testing

@Suite struct ShardWriterTests {
    /// Records of every size, one longer than a whole buffer, written directly where the file system allows it:
    /// the file holds them line by line, with the size and SHA-256 the writer reports, whatever its length in
    /// disk blocks.
    @Test(arguments: [0, 1, 2048, 4095])
    func writesRecordsAcrossBuffersExactly(tail: Int) throws {
        let path = try TestEnvironment.temporaryDirectory().appendingPathComponent("shard.jsonl").path
        defer {
            try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path)
        }
        var generator = SplitMix(seed: UInt64(tail))
        var records: [[UInt8]] = (0..<3000).map { index in
            (0..<Int(generator.next() % 3000)).map { UInt8(0x61 + ($0 + index) % 26) }
        }
        records.insert([UInt8](repeating: 0x62, count: (4 << 20) + 123), at: 1000)
        let writer = try ShardWriter(path: path)
        var expected: [UInt8] = []
        for (index, record) in records.enumerated() {
            // Contiguous arrays and a collection that is not.
            if index % 2 == 0 { try writer.write(record) } else { try writer.write(record.lazy.map { $0 }) }
            expected += record + [0x0A]
        }
        // The file's length ends `tail` bytes past a whole number of 4096-byte blocks.
        let pad = (tail - expected.count % 4096 + 4096 * 2) % 4096
        if pad > 0 {
            let last = [UInt8](repeating: 0x63, count: pad - 1)
            try writer.write(last)
            expected += last + [0x0A]
        }
        #expect(expected.count % 4096 == tail)
        let (bytes, sha256) = try writer.close()
        let written = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(written.count == expected.count && written == expected)
        #expect(bytes == expected.count)
        #expect(sha256 == SHA256.hash(data: expected).hexString)
    }
}
