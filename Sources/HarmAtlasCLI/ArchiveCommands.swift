import ArgumentParser
import Foundation
import HarmAtlas

extension BenchmarkArchive.Format: ExpressibleByArgument {}

struct PackCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pack",
        abstract: "Pack a benchmark into a reproducible archive (tar.zst, tar.gz, tar.xz or zip).",
        discussion: """
            The archive holds benchmark.yaml, SHA256SUMS (every other member's SHA-256, in sha256sum format) and \
            every file the manifest lists, sorted by path; entries have mode 0644, uid/gid 0 and the modification \
            time of SOURCE_DATE_EPOCH or 1980-01-01, so two packs of one folder are identical. Files are checked \
            against the manifest while they are read. The archive is written beside OUT and renamed into place.
            """
    )

    @Argument(help: "The benchmark folder.")
    var benchmark: String

    @Option(name: .shortAndLong, help: "The archive to write; its extension gives the format unless --format does.")
    var output: String

    @Option(help: "tar.zst, tar.gz, tar.xz or zip.")
    var format: BenchmarkArchive.Format?

    @Option(help: "The compression level.")
    var level: Int?

    @Option(help: "benchmark (the folder as it is) or webdataset (each item a sample: KEY.json and its media).")
    var layout: Layout = .benchmark

    enum Layout: String, ExpressibleByArgument, CaseIterable {
        case benchmark, webdataset
    }

    @Option(
        help:
            "Cut the archive into shards of about this much member data (such as 500M or 2G); -o then names the index, NAME.index.json, and the shards are NAME-00000-of-0000N.EXT beside it."
    )
    var shardSize: String?

    func shardBytes() throws -> Int? {
        guard let shardSize else { return nil }
        let units: [Character: Int] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30]
        let unit = shardSize.last.flatMap { units[Character($0.uppercased())] }
        guard let number = Int(unit == nil ? shardSize : String(shardSize.dropLast())), number > 0 else {
            throw ValidationError("--shard-size: '\(shardSize)' is not a size such as 500M, 2G or 1000000")
        }
        return number * (unit ?? 1)
    }

    func validate() throws {
        if try shardBytes() != nil && !output.hasSuffix(".index.json") {
            throw ValidationError("with --shard-size, -o names the index: NAME.index.json")
        }
    }

    func run() throws {
        try reportingErrors {
            if let shardBytes = try shardBytes() {
                let shards = try BenchmarkArchive.packShards(
                    folder: benchmark, output: output, format: format ?? .tarZst, level: level, shardBytes: shardBytes)
                for shard in shards {
                    print(
                        "\(shard.name): \(shard.packed.members) members, \(shard.packed.archiveBytes) bytes, SHA-256 \(shard.packed.sha256)"
                    )
                }
                print("\(output): \(shards.count) shards")
                return
            }
            guard let format = format ?? BenchmarkArchive.Format.of(output) else {
                throw HarmAtlasError(.usage, "\(output): name it .tar.zst, .tar.gz, .tar.xz or .zip, or give --format")
            }
            let packed =
                layout == .webdataset
                ? try BenchmarkArchive.packWebDataset(folder: benchmark, output: output, format: format, level: level)
                : try BenchmarkArchive.pack(folder: benchmark, output: output, format: format, level: level)
            print(
                "\(output): \(packed.members) members, \(packed.bytes) bytes in \(packed.archiveBytes), SHA-256 \(packed.sha256)"
            )
        }
    }
}

struct UnpackCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unpack",
        abstract: "Unpack a packed benchmark into a new folder, refusing hostile archives.",
        discussion: """
            Every member is checked before it is written (no absolute paths, '..', links, devices, control, bidi or \
            invisible characters in names, repeated or colliding names) and budgets count the bytes produced \
            (members, bytes per member and in all, compression ratio). Members go to a staging folder renamed into \
            place only when all passed and SHA256SUMS agrees; a refused archive leaves nothing.
            """
    )

    @Argument(help: "The archive.")
    var archive: String

    @Option(name: .shortAndLong, help: "The folder to create.")
    var directory: String

    @Option(help: "The most members accepted.")
    var maxMembers: Int = ArchiveReader.Limits().members

    func run() throws {
        try reportingErrors {
            var limits = ArchiveReader.Limits()
            limits.members = maxMembers
            let verified = try BenchmarkArchive.unpack(archive, into: directory, limits: limits)
            print("\(directory): \(verified.members.count) members, checksums agree")
        }
    }
}

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check a packed benchmark: every member, every budget, every checksum. Exit 1 when it fails.")

    @Argument(help: "The archive.")
    var archive: String

    func run() throws {
        try reportingErrors {
            let verified = try BenchmarkArchive.verify(archive)
            print("\(archive): \(verified.members.count) members, checksums agree")
        }
    }
}

struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ls", abstract: "List the members of a packed benchmark with their sizes and SHA-256.")

    @Argument(help: "The archive.")
    var archive: String

    func run() throws {
        try reportingErrors {
            for member in try ArchiveReader(path: archive).read() {
                print("\(member.sha256)  \(String(member.bytes).leftPadded(12))  \(member.path)")
            }
        }
    }
}
