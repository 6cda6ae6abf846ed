import Foundation
import HarmAtlasCore
import HarmAtlasIO
import HarmAtlasTestSupport
import Testing

/// Runs a command, killing it after `seconds`; returns its status, or `nil` when it had to be killed.
func run(_ executable: String, _ arguments: [String], seconds: Double = 30, in directory: URL? = nil) throws
    -> (status: Int32?, output: String)
{
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = directory }
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let deadline = Date().addingTimeInterval(seconds)
    while process.isRunning && Date() < deadline { usleep(10_000) }
    if process.isRunning {
        process.terminate()
        process.waitUntilExit()
        return (nil, "")
    }
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    return (process.terminationStatus, output)
}

@Suite struct ArchiveTests {
    static let demo = TestEnvironment.packageRoot.appendingPathComponent("Datasets/demo").path

    @Test(arguments: BenchmarkArchive.Format.allCases)
    func packsAreIdenticalAndOtherToolsReadThem(format: BenchmarkArchive.Format) throws {
        let directory = try TestEnvironment.temporaryDirectory()
        let first = directory.appendingPathComponent("a.\(format.rawValue)").path
        let second = directory.appendingPathComponent("b.\(format.rawValue)").path
        let packed = try BenchmarkArchive.pack(folder: Self.demo, output: first, format: format)
        usleep(1_100_000)
        _ = try BenchmarkArchive.pack(folder: Self.demo, output: second, format: format)
        #expect(try Data(contentsOf: URL(fileURLWithPath: first)) == Data(contentsOf: URL(fileURLWithPath: second)))
        #expect(packed.members == 8)
        let expected =
            ["benchmark.yaml", "SHA256SUMS"]
            + BenchmarkFolder.loadManifest(Self.demo + "/benchmark.yaml").manifest!.files.map(\.path).sorted()
        let listings: [[String]]
        if format == .zip {
            let (status, output) = try run("/usr/bin/unzip", ["-Z1", first])
            #expect(status == 0)
            listings = [output.split(separator: "\n").map(String.init)]
        } else {
            let gnu = try run("/usr/bin/tar", ["-tf", first])
            let bsd = try run("/usr/bin/bsdtar", ["-tf", first])
            #expect(gnu.status == 0 && bsd.status == 0)
            listings = [gnu.output, bsd.output].map { $0.split(separator: "\n").map(String.init) }
        }
        for listing in listings { #expect(listing == expected) }
        #expect(try BenchmarkArchive.verify(first).members.count == 8)
    }

    @Test func unpackGivesBackAValidBenchmark() throws {
        let directory = try TestEnvironment.temporaryDirectory()
        let archive = directory.appendingPathComponent("demo.tar.zst").path
        _ = try BenchmarkArchive.pack(folder: Self.demo, output: archive, format: .tarZst)
        let out = directory.appendingPathComponent("unpacked").path
        #expect(try BenchmarkArchive.unpack(archive, into: out).members.count == 8)
        let report = try BenchmarkValidation.run(out, options: .init(taxonomyPaths: []))
        #expect(!report.diagnostics.hasErrors && report.items == 28)
        let sums = try run("/usr/bin/sha256sum", ["-c", "--quiet", "SHA256SUMS"], in: URL(fileURLWithPath: out))
        #expect(sums.status == 0)
        // A folder that exists and is not empty is not overwritten.
        #expect(throws: HarmAtlasError.self) { try BenchmarkArchive.unpack(archive, into: out) }
    }

    @Test func packRefusesFilesThatDoNotMatchTheManifest() throws {
        let directory = try TestEnvironment.temporaryDirectory()
        let copy = directory.appendingPathComponent("demo")
        try FileManager.default.copyItem(at: URL(fileURLWithPath: Self.demo), to: copy)
        try Data("changed".utf8).write(to: copy.appendingPathComponent("media/padlock.png"))
        let archive = directory.appendingPathComponent("demo.tar.zst").path
        #expect(throws: HarmAtlasError.self) {
            try BenchmarkArchive.pack(folder: copy.path, output: archive, format: .tarZst)
        }
        #expect(!FileManager.default.fileExists(atPath: archive))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == ["demo"])
    }

    /// Every hostile archive is refused, nothing is written outside the destination (sentinels around it stay
    /// as they were), the destination is not created, and no file makes the reader hang or crash.
    @Test(.needsCorpora) func hostileArchivesAreRefused() throws {
        let bad = TestEnvironment.corpora!.appendingPathComponent("bad-inputs")
        var archives: [URL] = []
        for folder in ["snyk-zip-slip", "generated-archives"] {
            archives += try FileManager.default.contentsOfDirectory(
                at: bad.appendingPathComponent(folder), includingPropertiesForKeys: nil)
        }
        #expect(archives.count == 46)
        let escapes = ["/tmp/moo", "/tmp/evil.txt", "/tmp/sentinel"].map {
            ($0, (try? FileManager.default.attributesOfItem(atPath: $0)[.modificationDate]) as? Date)
        }
        for archive in archives.sorted(by: { $0.path < $1.path }) {
            let sandbox = try TestEnvironment.temporaryDirectory()
            let inner = sandbox.appendingPathComponent("a/b/c")
            try FileManager.default.createDirectory(at: inner, withIntermediateDirectories: true)
            for sentinel in ["a/sentinel", "a/b/sentinel", "a/moo", "a/b/moo"] {
                try Data("sentinel".utf8).write(to: sandbox.appendingPathComponent(sentinel))
            }
            let destination = inner.appendingPathComponent("out")
            let (status, output) = try run(
                TestEnvironment.executable.path, ["unpack", archive.path, "-d", destination.path], seconds: 60)
            #expect(status == 1, "\(archive.lastPathComponent): \(output)")
            #expect(output.contains("error: "), "\(archive.lastPathComponent)")
            #expect(!FileManager.default.fileExists(atPath: destination.path), "\(archive.lastPathComponent)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: inner.path) == [])
            for sentinel in ["a/sentinel", "a/b/sentinel", "a/moo", "a/b/moo"] {
                #expect(try String(contentsOf: sandbox.appendingPathComponent(sentinel), encoding: .utf8) == "sentinel")
            }
        }
        for (path, before) in escapes {
            #expect((try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate]) as? Date == before)
        }
    }

    /// The reference archives of libarchive's own tests: none hangs or crashes the reader, and the traversal
    /// and link cases are refused.
    @Test(.needsCorpora) func libarchiveTestArchivesNeitherHangNorCrash() throws {
        let folder = TestEnvironment.corpora!.appendingPathComponent("bad-inputs/libarchive-test-archives")
        let decoded = try TestEnvironment.temporaryDirectory()
        let decode = """
            import binascii, os, sys
            src, dst = sys.argv[1], sys.argv[2]
            for root, _, files in os.walk(src):
                for name in files:
                    if not name.endswith(".uu"):
                        continue
                    out = bytearray()
                    started = False
                    for line in open(os.path.join(root, name), "rb"):
                        if line.startswith(b"begin "):
                            started = True
                            continue
                        if line.startswith(b"end") or not started:
                            continue
                        try:
                            out += binascii.a2b_uu(line)
                        except binascii.Error:
                            nbytes = (((line[0] - 32) & 63) * 4 + 5) // 3
                            out += binascii.a2b_uu(line[:nbytes])
                    open(os.path.join(dst, os.path.basename(root) + "--" + name[:-3]), "wb").write(out)
            """
        #expect(try run("/usr/bin/env", ["python3", "-c", decode, folder.path, decoded.path]).status == 0)
        let files = try FileManager.default.contentsOfDirectory(atPath: decoded.path).sorted()
        #expect(files.count == 86)
        for file in files {
            let (status, output) = try run(
                TestEnvironment.executable.path, ["verify", decoded.appendingPathComponent(file).path], seconds: 30)
            #expect(status != nil, "\(file) made the reader hang")
            #expect(status == 0 || status == 1, "\(file): \(output)")
            if file.contains("symlink") || file.contains("hardlink") || file.contains("leading_slash") {
                #expect(status == 1, "\(file) must be refused")
            }
        }
    }
}

/// A pack killed at any moment leaves the previous archive or the complete new one, and the next pack leaves no
/// temporary file behind.
@Suite struct ArchiveKillTests {
    @Test func killedPacksLeaveNoTornArchive() throws {
        let directory = try TestEnvironment.temporaryDirectory()
        let folder = directory.appendingPathComponent("bench")
        try FileManager.default.copyItem(at: URL(fileURLWithPath: ArchiveTests.demo), to: folder)
        // 64 MiB of noise makes the pack last long enough to be killed in the middle.
        var noise = [UInt8](repeating: 0, count: 64 << 20)
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for index in stride(from: 0, to: noise.count, by: 8) {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            withUnsafeBytes(of: state) { noise.replaceSubrange(index..<(index + 8), with: $0) }
        }
        try Data(noise).write(to: folder.appendingPathComponent("media/noise.bin"))
        #expect(try run(TestEnvironment.executable.path, ["seal", folder.path]).status == 0)
        let archive = directory.appendingPathComponent("bench.tar.zst")
        let temporary = directory.appendingPathComponent(".bench.tar.zst.partial")
        #expect(try run(TestEnvironment.executable.path, ["pack", folder.path, "-o", archive.path]).status == 0)
        let complete = try Data(contentsOf: archive)
        var killedMidway = 0
        for attempt in 0..<12 {
            let process = Process()
            process.executableURL = TestEnvironment.executable
            process.arguments = ["pack", folder.path, "-o", archive.path, "--level", String(1 + attempt % 5)]
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            usleep(useconds_t(20_000 + attempt * 40_000))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            if FileManager.default.fileExists(atPath: temporary.path) { killedMidway += 1 }
            // Whatever the moment, the archive is a complete one.
            #expect(try BenchmarkArchive.verify(archive.path).members.count == 9)
        }
        #expect(killedMidway > 0)
        #expect(try run(TestEnvironment.executable.path, ["pack", folder.path, "-o", archive.path]).status == 0)
        #expect(!FileManager.default.fileExists(atPath: temporary.path))
        #expect(try Data(contentsOf: archive) == complete)
    }
}

@Suite struct PackedBenchmarkTests {
    @Test func streamsItemsWithoutUnpacking() throws {
        let directory = try TestEnvironment.temporaryDirectory()
        let archive = directory.appendingPathComponent("demo.tar.gz").path
        _ = try BenchmarkArchive.pack(folder: ArchiveTests.demo, output: archive, format: .tarGz)
        var streamed: [BenchmarkItem] = []
        var mediaBytes: [String: Int] = [:]
        let manifest = try BenchmarkArchive.stream(
            archive, items: { streamed.append($0) }, media: { mediaBytes[$0, default: 0] += $1.count })
        var read: [BenchmarkItem] = []
        _ = try BenchmarkFolder.forEachItem(in: ArchiveTests.demo + "/items/demo.jsonl") { read.append($0) }
        #expect(streamed == read && streamed.count == 28)
        #expect(manifest.itemCount == 28)
        #expect(mediaBytes["media/padlock.png"] == manifest.files.first { $0.path == "media/padlock.png" }?.bytes)
    }

    @Test func anAlteredShardFailsTheStream() throws {
        let directory = try TestEnvironment.temporaryDirectory()
        // Pack properly, unpack, alter one item's text, and pack the tree again with GNU tar in the same order.
        let good = directory.appendingPathComponent("good.tar").path
        _ = try BenchmarkArchive.pack(folder: ArchiveTests.demo, output: good + ".gz", format: .tarGz)
        let unpacked = directory.appendingPathComponent("unpacked")
        _ = try BenchmarkArchive.unpack(good + ".gz", into: unpacked.path)
        let shard = unpacked.appendingPathComponent("items/demo.jsonl")
        let text = try String(contentsOf: shard, encoding: .utf8)
        try text.replacingOccurrences(of: "fake doctor", with: "fake dentist").write(
            to: shard, atomically: true, encoding: .utf8)
        let members = try String(contentsOf: unpacked.appendingPathComponent("SHA256SUMS"), encoding: .utf8)
            .split(separator: "\n").map { String($0.split(separator: " ", maxSplits: 1)[1].dropFirst()) }
        let altered = directory.appendingPathComponent("altered.tar").path
        let tar = try run(
            "/usr/bin/tar", ["-cf", altered, "-C", unpacked.path, "benchmark.yaml", "SHA256SUMS"] + members)
        #expect(tar.status == 0)
        #expect(throws: HarmAtlasError.self) { try BenchmarkArchive.stream(altered, items: { _ in }) }
        #expect(throws: HarmAtlasError.self) { try BenchmarkArchive.verify(altered) }
    }
}

@Suite struct ShardSetTests {
    @Test func shardSetsAreReproducibleAndUnpackLikeOneArchive() throws {
        let directory = try TestEnvironment.temporaryDirectory()
        let first = directory.appendingPathComponent("a/demo.index.json")
        let second = directory.appendingPathComponent("b/demo.index.json")
        for index in [first, second] {
            try FileManager.default.createDirectory(
                at: index.deletingLastPathComponent(), withIntermediateDirectories: true)
        }
        let shards = try BenchmarkArchive.packShards(
            folder: ArchiveTests.demo, output: first.path, format: .tarZst, shardBytes: 5 << 10)
        _ = try BenchmarkArchive.packShards(
            folder: ArchiveTests.demo, output: second.path, format: .tarZst, shardBytes: 5 << 10)
        #expect(shards.count == 4)
        #expect(shards.map(\.name) == (0..<4).map { "demo-0000\($0)-of-00004.tar.zst" })
        for name in shards.map(\.name) + ["demo.index.json"] {
            #expect(
                try Data(contentsOf: first.deletingLastPathComponent().appendingPathComponent(name))
                    == Data(contentsOf: second.deletingLastPathComponent().appendingPathComponent(name)))
        }
        // Each shard stands on its own.
        for shard in shards {
            let path = first.deletingLastPathComponent().appendingPathComponent(shard.name).path
            #expect(try BenchmarkArchive.verify(path).members.count == shard.files.count + 2)
        }
        let fromSet = directory.appendingPathComponent("set")
        let fromOne = directory.appendingPathComponent("one")
        _ = try BenchmarkArchive.unpack(first.path, into: fromSet.path)
        let single = directory.appendingPathComponent("demo.tar.zst").path
        _ = try BenchmarkArchive.pack(folder: ArchiveTests.demo, output: single, format: .tarZst)
        _ = try BenchmarkArchive.unpack(single, into: fromOne.path)
        for file in FileIO.files(under: fromOne.path, endingWith: [""]) {
            let relative = String(file.dropFirst(fromOne.path.count))
            #expect(
                try Data(contentsOf: URL(fileURLWithPath: file))
                    == Data(contentsOf: URL(fileURLWithPath: fromSet.path + relative)), "\(relative)")
        }
        var items = 0
        _ = try BenchmarkArchive.stream(first.path, items: { _ in items += 1 })
        #expect(items == 28)
        let report = try BenchmarkValidation.run(fromSet.path, options: .init(taxonomyPaths: []))
        #expect(report.diagnostics.isEmpty)
    }
}

@Suite(.needsCorpora) struct RealDatasetPackTests {
    @Test func packsOfAnImportedDatasetAreIdenticalInEveryFormat() throws {
        let (_, folder) = try CorpusImportTests.importDataset("harmbench")
        let directory = try TestEnvironment.temporaryDirectory()
        for format in BenchmarkArchive.Format.allCases {
            let first = directory.appendingPathComponent("one.\(format.rawValue)").path
            let second = directory.appendingPathComponent("two.\(format.rawValue)").path
            let packed = try BenchmarkArchive.pack(folder: folder.path, output: first, format: format)
            _ = try BenchmarkArchive.pack(folder: folder.path, output: second, format: format)
            #expect(try Data(contentsOf: URL(fileURLWithPath: first)) == Data(contentsOf: URL(fileURLWithPath: second)))
            let reader = format == .zip ? ("/usr/bin/unzip", ["-tq", first]) : ("/usr/bin/bsdtar", ["-tf", first])
            #expect(try run(reader.0, reader.1).status == 0, "\(format.rawValue)")
            if format != .zip { #expect(try run("/usr/bin/tar", ["-tf", first]).status == 0) }
            #expect(try BenchmarkArchive.verify(first).members.count == packed.members)
        }
    }
}

@Suite struct WebDatasetTests {
    @Test func eachItemIsASampleWithItsMediaAdjacent() throws {
        let directory = try TestEnvironment.temporaryDirectory()
        let first = directory.appendingPathComponent("a.tar.zst").path
        let second = directory.appendingPathComponent("b.tar.zst").path
        let packed = try BenchmarkArchive.packWebDataset(folder: ArchiveTests.demo, output: first, format: .tarZst)
        _ = try BenchmarkArchive.packWebDataset(folder: ArchiveTests.demo, output: second, format: .tarZst)
        #expect(try Data(contentsOf: URL(fileURLWithPath: first)) == Data(contentsOf: URL(fileURLWithPath: second)))
        let names = try BenchmarkArchive.verify(first).members.map(\.path)
        #expect(names.count == packed.members)
        let samples = names.filter { $0.hasSuffix(".json") && !$0.hasPrefix("taxonomies/") }
        #expect(samples.count == 28)
        // A sample's files follow its record, under the same key.
        for (index, name) in names.enumerated() where name.contains(".image") {
            let key = String(name.prefix { $0 != "." })
            #expect(names[..<index].last { !$0.contains(".image") } == key + ".json", "\(name)")
        }
        #expect(names.contains("padlock-en.image.png"))
    }
}
