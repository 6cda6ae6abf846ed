import Foundation
import HarmAtlasCore
@testable import HarmAtlasIO
import HarmAtlasTestSupport
import Testing

@Suite struct FileIOTests {
    private func bytes(_ count: Int, seed: UInt64) -> [UInt8] {
        var generator = SplitMix(seed: seed)
        return (0..<count).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
    }

    /// A file is read whole, up to and including `limit` bytes; a byte more is refused with the limit named.
    @Test(arguments: [0, 1, 65_535, 65_536, 1_000_003])
    func readsWholeFilesUpToTheLimit(size: Int) throws {
        let folder = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("file").path
        let content = bytes(size, seed: UInt64(size))
        try Data(content).write(to: URL(fileURLWithPath: path))
        #expect(try FileIO.read(path) == content)
        #expect(try FileIO.read(path, limit: size) == content)
        #expect(try FileIO.read(path, limit: .max) == content)
        if size > 0 {
            #expect(throws: HarmAtlasError.self) { try FileIO.read(path, limit: size - 1) }
            do {
                _ = try FileIO.read(path, limit: size - 1)
            } catch {
                #expect(error.message.contains("larger than \(size - 1) bytes"))
            }
        }
    }

    /// A file with no size (a pipe) is read to its end as well, the buffer growing as it fills.
    @Test func readsAPipeWithNoSize() throws {
        let folder = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("fifo").path
        #expect(mkfifo(path, 0o600) == 0)
        let content = bytes(300_000, seed: 7)
        let writer = Thread {
            if let handle = FileHandle(forWritingAtPath: path) {
                handle.write(Data(content))
                try? handle.close()
            }
        }
        writer.start()
        #expect(try FileIO.read(path) == content)
    }

    /// Chunks of a file put back together are the file; the last chunk is empty.
    @Test func handsOutAFileInChunks() throws {
        let folder = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("file").path
        let content = bytes((3 << 20) + 17, seed: 3)
        try Data(content).write(to: URL(fileURLWithPath: path))
        let (size, joined) = try FileIO.withChunks(of: path) { size, next throws(HarmAtlasError) in
            var joined: [UInt8] = []
            while case let chunk = try next(), !chunk.isEmpty { joined += chunk }
            return (size, joined)
        }
        #expect(size == content.count)
        #expect(joined == content)
    }

    @Test func namesAFileItCannotOpen() {
        do {
            _ = try FileIO.read("/nonexistent/file")
            Issue.record("read a file that does not exist")
        } catch {
            #expect(error.message.contains("/nonexistent/file: cannot open"))
        }
    }
}
