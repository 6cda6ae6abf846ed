internal import CHarmAtlasArchive
import Foundation
import HarmAtlasCore

/// Packed benchmarks: reproducible archives written through the system libarchive, and a reader that refuses
/// hostile archives before anything reaches the disk.
///
/// An archive holds `benchmark.yaml`, then `SHA256SUMS` (`sha256sum` format: every other member with its
/// SHA-256), then every file the manifest lists, sorted by the bytes of their UTF-8 paths. Entries are
/// regular files with mode 0644, uid and gid 0, no user or group names, and the modification time of
/// `SOURCE_DATE_EPOCH` or, when it is not set, 1980-01-01 (the earliest a zip can hold); tar archives use the
/// restricted pax format. Two packs of the same folder are identical, on any machine.
public enum BenchmarkArchive {
    /// Archive formats.
    public enum Format: String, CaseIterable, Sendable {
        case tarZst = "tar.zst"
        case tarGz = "tar.gz"
        case tarXz = "tar.xz"
        case zip

        /// The format a file name ends with.
        public static func of(_ path: String) -> Format? {
            allCases.first { path.hasSuffix("." + $0.rawValue) }
        }
    }

    /// The name of the checksum member.
    public static let checksumsName = "SHA256SUMS"
    /// The modification time of every member when `SOURCE_DATE_EPOCH` is not set: 1980-01-01T00:00:00Z.
    public static let defaultEpoch = 315_532_800

    /// What a pack wrote.
    public struct Packed: Sendable {
        /// Members written.
        public var members: Int
        /// Bytes of member data.
        public var bytes: Int
        /// The archive's size.
        public var archiveBytes: Int
        /// The archive's SHA-256.
        public var sha256: String
    }

    /// Packs the benchmark at `folder` into `output`. Every file is checked against the manifest's size and
    /// SHA-256 as it is read; a mismatch stops the pack. The archive is written to a temporary file beside
    /// `output`, flushed, and renamed over it, so a pack stopped at any moment leaves the previous archive or
    /// the complete new one.
    public static func pack(folder: String, output: String, format: Format, level: Int? = nil) throws(HarmAtlasError)
        -> Packed
    {
        let (manifest, manifestName, manifestBytes) = try load(folder)
        let files = manifest.files.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        return try write(
            files, folder: folder, manifestName: manifestName, manifestBytes: manifestBytes, output: output,
            format: format, level: level)
    }

    /// A shard of a shard set.
    public struct Shard: Sendable {
        /// The shard's file name, beside the index.
        public var name: String
        /// What was written.
        public var packed: Packed
        /// The benchmark files it holds.
        public var files: [String]
    }

    /// Packs the benchmark into shards of about `shardBytes` of member data each (a file larger than that is a
    /// shard of its own), named `BASE-00000-of-00004.EXT` beside `output`, each self-describing (the manifest
    /// and its own `SHA256SUMS`), and writes the index `output` (JSON: the manifest's SHA-256 and each shard's
    /// name, size, SHA-256 and files). The index is written last.
    public static func packShards(
        folder: String, output: String, format: Format, level: Int? = nil, shardBytes: Int
    ) throws(HarmAtlasError) -> [Shard] {
        guard shardBytes > 0 else { throw HarmAtlasError(.usage, "--shard-size must be positive") }
        let (manifest, manifestName, manifestBytes) = try load(folder)
        var groups: [[BenchmarkManifest.File]] = [[]]
        var size = 0
        for file in manifest.files.sorted(by: { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }) {
            if size + file.bytes > shardBytes && !groups[groups.count - 1].isEmpty {
                groups.append([])
                size = 0
            }
            groups[groups.count - 1].append(file)
            size += file.bytes
        }
        let target = URL(fileURLWithPath: output)
        let base =
            target.lastPathComponent.hasSuffix(".index.json")
            ? String(target.lastPathComponent.dropLast(".index.json".count)) : target.lastPathComponent
        let width = max(5, String(groups.count).count)
        func padded(_ number: Int) -> String {
            String(repeating: "0", count: max(0, width - String(number).count)) + String(number)
        }
        var shards: [Shard] = []
        for (number, group) in groups.enumerated() {
            let name = "\(base)-\(padded(number))-of-\(padded(groups.count)).\(format.rawValue)"
            let packed = try write(
                group, folder: folder, manifestName: manifestName, manifestBytes: manifestBytes,
                output: target.deletingLastPathComponent().appendingPathComponent(name).path, format: format,
                level: level)
            shards.append(Shard(name: name, packed: packed, files: group.map(\.path)))
        }
        let index = JSONValue.object([
            "format": .string("harmatlas-shards-1"),
            "manifest_sha256": .string(SHA256Hasher.hash(manifestBytes).hexString),
            "shards": .array(
                shards.map {
                    .object([
                        "name": .string($0.name), "bytes": .int($0.packed.archiveBytes),
                        "sha256": .string($0.packed.sha256), "files": .array($0.files.map { .string($0) }),
                    ])
                }),
        ])
        try FileIO.writeAtomically(index.canonicalBytes(), to: output)
        return shards
    }

    /// Packs the benchmark in the layout WebDataset reads for training: after the manifest and `SHA256SUMS`,
    /// the files that are neither shards nor media (taxonomy snapshots, targets), then each item as a sample,
    /// its files adjacent under one key: `KEY.json` (the item's record) and `KEY.image.png`, `KEY.image1.png` …
    /// (its media). The key is the item id with `.` written `%2E`, so that the key ends at the first dot.
    public static func packWebDataset(folder: String, output: String, format: Format, level: Int? = nil)
        throws(HarmAtlasError) -> Packed
    {
        let (manifest, manifestName, manifestBytes) = try load(folder)
        let media = Set(manifest.files.map(\.path).filter { $0.hasPrefix("media/") })
        let others = manifest.files.filter { !$0.path.hasSuffix(".jsonl") && !media.contains($0.path) }
            .sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        let hashes = Dictionary(uniqueKeysWithValues: manifest.files.map { ($0.path, $0) })
        // First pass: the samples.
        var samples: [(name: String, source: Sample)] = []
        for shard in manifest.shards {
            var records = ItemRecords()
            var offset = 0
            try JSONLinesReader.forEachRecord(in: folder + "/" + shard.path) { record, _ in
                defer { offset += 1 }
                guard let item = records.item(record) else { return true }
                let key = item.id.replacingOccurrences(of: ".", with: "%2E")
                samples.append(("\(key).json", .record(Array(record))))
                var counts: [String: Int] = [:]
                for part in item.turns.flatMap(\.parts) {
                    guard let file = part.media, let path = file.path, let listed = hashes[path] else { continue }
                    let kind = file.kind.rawValue
                    let number = counts[kind, default: 0]
                    counts[kind] = number + 1
                    let ext = path.split(separator: ".").last.map(String.init) ?? "bin"
                    let name = "\(key).\(kind)\(number == 0 ? "" : String(number)).\(ext)"
                    samples.append((name, .file(listed)))
                }
                return true
            }
        }
        // Second pass: the archive.
        return try write(
            others, samples: samples, folder: folder, manifestName: manifestName, manifestBytes: manifestBytes,
            output: output, format: format, level: level)
    }

    private enum Sample {
        case record([UInt8])
        case file(BenchmarkManifest.File)
    }

    /// The manifest of a benchmark folder, its file name and bytes.
    private static func load(_ folder: String) throws(HarmAtlasError) -> (BenchmarkManifest, String, [UInt8]) {
        guard let manifestFile = BenchmarkFolder.manifestPath(in: folder) else {
            throw HarmAtlasError(.usage, "\(folder) holds no benchmark.yaml or benchmark.json")
        }
        let (loaded, findings, _) = BenchmarkFolder.loadManifest(manifestFile)
        guard let manifest = loaded else {
            throw HarmAtlasError(.invalidInput, "\(manifestFile): not a usable manifest", diagnostics: findings)
        }
        return (manifest, URL(fileURLWithPath: manifestFile).lastPathComponent, try FileIO.read(manifestFile))
    }

    /// Writes one archive: the manifest, `SHA256SUMS` of the manifest, `files` and `samples`, then `files` under
    /// their paths and `samples` under their names.
    private static func write(
        _ files: [BenchmarkManifest.File], samples: [(name: String, source: Sample)] = [], folder: String,
        manifestName: String, manifestBytes: [UInt8], output: String, format: Format, level: Int?
    ) throws(HarmAtlasError) -> Packed {
        let entries = files.map { (name: $0.path, source: Sample.file($0)) } + samples
        var sums = "\(SHA256Hasher.hash(manifestBytes).hexString)  \(manifestName)\n"
        for (name, source) in entries {
            switch source {
            case .record(let record): sums += "\(SHA256Hasher.hash(record).hexString)  \(name)\n"
            case .file(let file): sums += "\(file.sha256)  \(name)\n"
            }
        }
        return try writeArchive(output: output, format: format, level: level) { writer, epoch throws(HarmAtlasError) in
            try writer.add(name: manifestName, bytes: manifestBytes, mtime: epoch)
            try writer.add(name: checksumsName, bytes: Array(sums.utf8), mtime: epoch)
            var bytes = manifestBytes.count + sums.utf8.count
            for (name, source) in entries {
                switch source {
                case .record(let record):
                    try writer.add(name: name, bytes: record, mtime: epoch)
                    bytes += record.count
                case .file(let file):
                    try writer.add(name: name, file, in: folder, mtime: epoch)
                    bytes += file.bytes
                }
            }
            return (entries.count + 2, bytes)
        }
    }

    /// Writes an archive through `body` (which returns the members and bytes it wrote) to a temporary file
    /// beside `output`, flushes it and renames it over `output`, then flushes the directory.
    private static func writeArchive(
        output: String, format: Format, level: Int?,
        _ body: (ArchiveWriter, Int) throws(HarmAtlasError) -> (members: Int, bytes: Int)
    ) throws(HarmAtlasError) -> Packed {
        let epoch = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"].flatMap(Int.init) ?? defaultEpoch
        let target = URL(fileURLWithPath: output)
        let temporary = target.deletingLastPathComponent().appendingPathComponent(
            ".\(target.lastPathComponent).partial"
        ).path
        unlink(temporary)
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw HarmAtlasError(.io, "\(output): cannot create \(temporary): \(String(cString: strerror(errno)))")
        }
        var finished = false
        defer {
            if !finished {
                close(descriptor)
                unlink(temporary)
            }
        }
        let writer = try ArchiveWriter(descriptor: descriptor, format: format, level: level, path: output)
        let (members, bytes) = try body(writer, epoch)
        try writer.finish()
        guard fsync(descriptor) == 0, close(descriptor) == 0 else {
            throw HarmAtlasError(
                .io, "\(output): cannot flush the archive to disk: \(String(cString: strerror(errno)))")
        }
        finished = true
        guard rename(temporary, output) == 0 else {
            unlink(temporary)
            throw HarmAtlasError(
                .io, "\(output): cannot move the archive into place: \(String(cString: strerror(errno)))")
        }
        let directory = open(target.deletingLastPathComponent().path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directory >= 0 {
            fsync(directory)
            close(directory)
        }
        let digest = FileDigest.digest(output)
        return Packed(members: members, bytes: bytes, archiveBytes: digest?.bytes ?? 0, sha256: digest?.sha256 ?? "")
    }
}

/// One archive being written; the handle stays inside this type.
private final class ArchiveWriter {
    private let handle: OpaquePointer
    private let path: String

    init(descriptor: Int32, format: BenchmarkArchive.Format, level: Int?, path: String) throws(HarmAtlasError) {
        guard let handle = archive_write_new() else { throw HarmAtlasError(.io, "\(path): libarchive has no memory") }
        self.handle = handle
        self.path = path
        var status: Int32
        switch format {
        case .zip:
            status = archive_write_set_format_zip(handle)
            if status == ARCHIVE_OK { status = archive_write_set_options(handle, "zip:compression=deflate") }
        case .tarZst, .tarGz, .tarXz:
            status = archive_write_set_format_pax_restricted(handle)
            if status == ARCHIVE_OK {
                switch format {
                case .tarZst: status = archive_write_add_filter_zstd(handle)
                case .tarGz:
                    status = archive_write_add_filter_gzip(handle)
                    // No time in the gzip header ("!timestamp"), so that packs are identical.
                    if status == ARCHIVE_OK {
                        status = archive_write_set_filter_option(handle, "gzip", "timestamp", nil)
                    }
                default: status = archive_write_add_filter_xz(handle)
                }
            }
        }
        if status == ARCHIVE_OK, let level {
            status = archive_write_set_filter_option(handle, nil, "compression-level", String(level))
            if format == .zip {
                status = archive_write_set_format_option(handle, "zip", "compression-level", String(level))
            }
        }
        if status == ARCHIVE_OK, format == .tarZst {
            // More threads where the library supports them; zstd's output does not depend on their number.
            _ = archive_write_set_filter_option(handle, "zstd", "threads", "2")
        }
        if status == ARCHIVE_OK { status = archive_write_set_bytes_in_last_block(handle, 1) }
        if status == ARCHIVE_OK { status = archive_write_open_fd(handle, descriptor) }
        guard status == ARCHIVE_OK else {
            let message = archive_error_string(handle).map { String(cString: $0) } ?? "unknown error"
            archive_write_free(handle)
            throw HarmAtlasError(.io, "\(path): cannot write a \(format.rawValue) archive: \(message)")
        }
    }

    deinit { archive_write_free(handle) }

    private func failure(_ what: String) -> HarmAtlasError {
        let message = archive_error_string(handle).map { String(cString: $0) } ?? "unknown error"
        return HarmAtlasError(.io, "\(path): \(what): \(message)")
    }

    private func header(name: String, size: Int, mtime: Int) throws(HarmAtlasError) {
        guard let entry = archive_entry_new() else { throw HarmAtlasError(.io, "\(path): libarchive has no memory") }
        defer { archive_entry_free(entry) }
        archive_entry_set_pathname_utf8(entry, name)
        archive_entry_set_filetype(entry, charmatlas_ae_ifreg)
        archive_entry_set_perm(entry, 0o644)
        archive_entry_set_size(entry, Int64(size))
        archive_entry_set_mtime(entry, time_t(mtime), 0)
        archive_entry_set_uid(entry, 0)
        archive_entry_set_gid(entry, 0)
        guard archive_write_header(handle, entry) == ARCHIVE_OK else {
            throw failure("cannot write the header of \(name)")
        }
    }

    private func data(_ buffer: UnsafeRawBufferPointer, name: String) throws(HarmAtlasError) {
        guard buffer.count > 0 else { return }
        guard archive_write_data(handle, buffer.baseAddress, buffer.count) == buffer.count else {
            throw failure("cannot write \(name)")
        }
    }

    func add(name: String, bytes: [UInt8], mtime: Int) throws(HarmAtlasError) {
        try header(name: name, size: bytes.count, mtime: mtime)
        var failure: HarmAtlasError?
        bytes.withUnsafeBytes { raw in
            do throws(HarmAtlasError) { try data(raw, name: name) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// Adds a benchmark file under `name`, streamed and checked against the manifest's size and SHA-256.
    func add(name: String, _ listed: BenchmarkManifest.File, in folder: String, mtime: Int) throws(HarmAtlasError) {
        let file = folder + "/" + listed.path
        let size = listed.bytes
        let descriptor = open(file, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw HarmAtlasError(.invalidInput, "\(file) is listed in the manifest but cannot be read")
        }
        defer { close(descriptor) }
        FileIO.willReadSequentially(descriptor)
        try header(name: name, size: size, mtime: mtime)
        var hasher = SHA256Hasher()
        var read = 0
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while case let count = try FileIO.readChunk(descriptor, into: &chunk, path: file), count > 0 {
            read += count
            guard read <= size else { break }
            let bytes = chunk[..<count]
            hasher.update(bytes)
            var failure: HarmAtlasError?
            bytes.withUnsafeBytes { raw in
                do throws(HarmAtlasError) { try data(raw, name: name) } catch { failure = error }
            }
            if let failure { throw failure }
        }
        guard read == size else {
            throw HarmAtlasError(
                .invalidInput, "\(file) has \(read) bytes or more; the manifest says \(size); run harmatlas seal")
        }
        guard hasher.finalize().hexString == listed.sha256 else {
            throw HarmAtlasError(
                .invalidInput,
                "\(file) does not match the manifest's SHA-256; run harmatlas validate, then harmatlas seal")
        }
    }

    func finish() throws(HarmAtlasError) {
        guard archive_write_close(handle) == ARCHIVE_OK else { throw failure("cannot finish the archive") }
    }
}
