internal import CHarmAtlasArchive
import Foundation
import HarmAtlasCore

/// Reads archives defensively: tar (with gzip, xz or zstd) and zip only; every member is checked before its
/// bytes are used, and budgets count the bytes actually produced, never the sizes an archive declares.
///
/// Refused, with the member named: absolute paths, `..`, empty or `.` components, backslashes, control
/// characters, bidi controls, zero-width and tag characters, links of any kind, devices, FIFOs and other
/// non-regular members, names that repeat, or that collide with another after NFKC normalisation and case
/// folding; more members, more bytes in one member or in all, or a higher ratio of produced to compressed
/// bytes than the limits allow.
public struct ArchiveReader {
    /// Budgets.
    public struct Limits: Sendable {
        /// Members, directories included.
        public var members = 65_536
        /// Bytes of one member.
        public var memberBytes: Int64 = 8 << 30
        /// Bytes of all members.
        public var totalBytes: Int64 = 64 << 30
        /// Produced bytes per compressed byte read, checked once 16 MiB were produced.
        public var ratio: Int64 = 200

        /// The default budgets.
        public init() {}
    }

    /// One regular member.
    public struct Member: Sendable {
        /// Its path.
        public var path: String
        /// Its size.
        public var bytes: Int
        /// Its SHA-256.
        public var sha256: String
    }

    /// The archive.
    public let path: String
    /// The budgets.
    public var limits = Limits()

    /// A reader of the archive at `path`.
    public init(path: String) {
        self.path = path
    }

    /// Reads every member, checking it; `body` gets each regular member's path and its data in chunks (a
    /// chunk is valid only during the call) and is called with an empty chunk when the member ends. Returns
    /// the regular members with their sizes and hashes.
    @discardableResult
    public func read(_ body: (String, UnsafeRawBufferPointer) throws(HarmAtlasError) -> Void = { _, _ in })
        throws(HarmAtlasError) -> [Member]
    {
        _ = ArchiveReader.utf8Locale
        guard let handle = archive_read_new() else { throw HarmAtlasError(.io, "\(path): libarchive has no memory") }
        defer { archive_read_free(handle) }
        archive_read_support_format_tar(handle)
        archive_read_support_format_zip(handle)
        // The compression is recognised here, from the first bytes, and that one filter is set without
        // libarchive's bidding: bidding stacks filters as long as one recognises its input, which never ends
        // on a gzip stream that decompresses to itself.
        if let filter = ArchiveReader.filter(of: path) {
            guard archive_read_append_filter(handle, filter) == ARCHIVE_OK else {
                throw HarmAtlasError(.invalidInput, "\(path): the compression cannot be read")
            }
        }
        func failure(_ what: String) -> HarmAtlasError {
            let message = archive_error_string(handle).map { String(cString: $0) } ?? "unknown error"
            return HarmAtlasError(.invalidInput, "\(path): \(what): \(message)")
        }
        guard archive_read_open_filename(handle, path, 1 << 16) == ARCHIVE_OK else {
            throw failure("not a readable tar or zip archive")
        }
        var members: [Member] = []
        var seen: Set<String> = []
        var folded: [String: String] = [:]
        var total: Int64 = 0
        var count = 0
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            var entry: OpaquePointer?
            let status = archive_read_next_header(handle, &entry)
            if status == ARCHIVE_EOF { break }
            guard status == ARCHIVE_OK || status == ARCHIVE_WARN, let entry else {
                throw failure("cannot read member \(count + 1)")
            }
            count += 1
            guard count <= limits.members else {
                throw HarmAtlasError(.invalidInput, "\(path): more than \(limits.members) members")
            }
            guard let raw = archive_entry_pathname_utf8(entry) ?? archive_entry_pathname(entry) else {
                throw HarmAtlasError(.invalidInput, "\(path): member \(count) has no name that reads as UTF-8")
            }
            let name = String(cString: raw)
            let shown = ArchiveReader.printable(name)
            if let problem = ArchiveReader.nameProblem(name) {
                throw HarmAtlasError(.invalidInput, "\(path): member '\(shown)': \(problem)")
            }
            if archive_entry_hardlink(entry) != nil || archive_entry_symlink(entry) != nil {
                throw HarmAtlasError(.invalidInput, "\(path): member '\(shown)' is a link; links are refused")
            }
            let type = archive_entry_filetype(entry)
            let key = name.hasSuffix("/") ? String(name.dropLast()) : name
            guard seen.insert(key).inserted else {
                throw HarmAtlasError(.invalidInput, "\(path): member '\(shown)' appears twice")
            }
            let foldedKey = DedupText.canonical(key)
            if let other = folded[foldedKey] {
                throw HarmAtlasError(
                    .invalidInput,
                    "\(path): member '\(shown)' and '\(ArchiveReader.printable(other))' are the same name after Unicode normalisation or case folding"
                )
            }
            folded[foldedKey] = key
            if type == charmatlas_ae_ifdir { continue }
            guard type == charmatlas_ae_ifreg else {
                throw HarmAtlasError(
                    .invalidInput, "\(path): member '\(shown)' is not a regular file (a device, FIFO or socket)")
            }
            var hasher = SHA256Hasher()
            var produced: Int64 = 0
            while true {
                let got = buffer.withUnsafeMutableBytes { archive_read_data(handle, $0.baseAddress, $0.count) }
                if got == 0 { break }
                guard got > 0 else { throw failure("member '\(shown)' cannot be read") }
                produced += Int64(got)
                total += Int64(got)
                guard produced <= limits.memberBytes else {
                    throw HarmAtlasError(
                        .invalidInput, "\(path): member '\(shown)' is larger than \(limits.memberBytes) bytes")
                }
                guard total <= limits.totalBytes else {
                    throw HarmAtlasError(
                        .invalidInput, "\(path): the members hold more than \(limits.totalBytes) bytes")
                }
                let compressed = max(1, archive_filter_bytes(handle, -1))
                if total > 16 << 20 && total / compressed > limits.ratio {
                    throw HarmAtlasError(
                        .invalidInput,
                        "\(path): member '\(shown)': more than \(limits.ratio) bytes produced per compressed byte (a compression bomb?)"
                    )
                }
                var failure: HarmAtlasError?
                buffer.withUnsafeBytes { raw in
                    let chunk = UnsafeRawBufferPointer(rebasing: raw[0..<got])
                    hasher.update(chunk)
                    do throws(HarmAtlasError) { try body(name, chunk) } catch { failure = error }
                }
                if let failure { throw failure }
            }
            try body(name, UnsafeRawBufferPointer(start: nil, count: 0))
            members.append(Member(path: name, bytes: Int(produced), sha256: hasher.finalize().hexString))
        }
        return members
    }

    /// The libarchive filter for a file's compression (gzip, xz or zstd, from its first bytes), or `nil` for
    /// none.
    static func filter(of path: String) -> Int32? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        let head = [UInt8]((try? handle.read(upToCount: 6)) ?? Data())
        if head.starts(with: [0x1F, 0x8B]) { return ARCHIVE_FILTER_GZIP }
        if head.starts(with: [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]) { return ARCHIVE_FILTER_XZ }
        if head.starts(with: [0x28, 0xB5, 0x2F, 0xFD]) { return ARCHIVE_FILTER_ZSTD }
        return nil
    }

    /// libarchive converts member names through the C library's character set: in the default `C` locale a
    /// UTF-8 zip name does not convert. The character type is set to UTF-8 once, before the first archive is read.
    private static let utf8Locale: Bool = setlocale(LC_CTYPE, "C.UTF-8") != nil

    /// What is wrong with a member name, or `nil`.
    static func nameProblem(_ name: String) -> String? {
        if name.isEmpty { return "the name is empty" }
        if name.hasPrefix("/") { return "the path is absolute" }
        if name.contains("\\") { return "the name holds a backslash" }
        for scalar in name.unicodeScalars {
            if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
                return "the name holds a control character (U+\(String(scalar.value, radix: 16, uppercase: true)))"
            }
            if TextInspector.isInvisible(scalar) {
                return
                    "the name holds an invisible or bidi character (U+\(String(scalar.value, radix: 16, uppercase: true)))"
            }
        }
        let components = (name.hasSuffix("/") ? String(name.dropLast()) : name).split(
            separator: "/", omittingEmptySubsequences: false)
        if components.contains("..") { return "the path goes up with '..'" }
        if components.contains(where: { $0.isEmpty || $0 == "." }) { return "the path has an empty or '.' component" }
        if name.utf8.count > 4096 || components.contains(where: { $0.utf8.count > 255 }) {
            return "the name is longer than a file system allows"
        }
        return nil
    }

    /// A name as it may be shown: control and invisible characters as `\u{…}`.
    static func printable(_ name: String) -> String {
        var out = ""
        for scalar in name.prefix(300).unicodeScalars {
            if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || TextInspector.isInvisible(scalar) {
                out += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return name.count > 300 ? out + "…" : out
    }
}

/// Checking and unpacking packed benchmarks.
extension BenchmarkArchive {
    /// What a verification found.
    public struct Verified: Sendable {
        /// The regular members.
        public var members: [ArchiveReader.Member]
    }

    /// Reads the whole archive, checking every member and budget, and every member against `SHA256SUMS`
    /// (which must list each member but itself, and nothing else).
    public static func verify(_ path: String, limits: ArchiveReader.Limits = .init()) throws(HarmAtlasError)
        -> Verified
    {
        if path.hasSuffix(".index.json") {
            var members: [ArchiveReader.Member] = []
            for shard in try shards(of: path) { members += try verify(shard, limits: limits).members }
            return Verified(members: members)
        }
        var sums: [UInt8] = []
        var reader = ArchiveReader(path: path)
        reader.limits = limits
        let members = try reader.read { name, chunk throws(HarmAtlasError) in
            if name == checksumsName {
                sums += chunk
                guard sums.count <= 64 << 20 else {
                    throw HarmAtlasError(.invalidInput, "\(path): \(checksumsName) is too large")
                }
            }
        }
        try checkSums(members, sums: sums, path: path)
        return Verified(members: members)
    }

    /// The hash of each path `SHA256SUMS` lists.
    private static func parseSums(_ sums: [UInt8], path: String) throws(HarmAtlasError) -> [String: String] {
        var listed: [String: String] = [:]
        for line in String(decoding: sums, as: UTF8.self).split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[1].hasPrefix(" ") else {
                throw HarmAtlasError(.invalidInput, "\(path): \(checksumsName) has a line that is not 'HASH  PATH'")
            }
            listed[String(parts[1].dropFirst())] = String(parts[0])
        }
        return listed
    }

    /// Every member but the checksums is listed in them with its hash, and they list nothing else.
    private static func checkSums(_ members: [ArchiveReader.Member], sums: [UInt8], path: String)
        throws(HarmAtlasError)
    {
        guard members.contains(where: { $0.path == checksumsName }) else {
            throw HarmAtlasError(.invalidInput, "\(path): no \(checksumsName) member; not a packed benchmark")
        }
        var listed = try parseSums(sums, path: path)
        for member in members where member.path != checksumsName {
            guard let expected = listed.removeValue(forKey: member.path) else {
                throw HarmAtlasError(
                    .invalidInput,
                    "\(path): member '\(ArchiveReader.printable(member.path))' is not in \(checksumsName)")
            }
            guard expected == member.sha256 else {
                throw HarmAtlasError(
                    .invalidInput,
                    "\(path): member '\(ArchiveReader.printable(member.path))' has SHA-256 \(member.sha256); \(checksumsName) says \(expected)"
                )
            }
        }
        if let missing = listed.keys.sorted().first {
            throw HarmAtlasError(
                .invalidInput,
                "\(path): \(checksumsName) lists '\(ArchiveReader.printable(missing))', which is not in the archive")
        }
    }

    /// Unpacks an archive, or the shard set an index names, into the new folder `directory`: members go to a
    /// staging folder beside it, which is renamed into place only when every member passed and the checksums
    /// agree. A refused archive leaves nothing.
    public static func unpack(_ path: String, into directory: String, limits: ArchiveReader.Limits = .init())
        throws(HarmAtlasError) -> Verified
    {
        if path.hasSuffix(".index.json") { return try unpackShards(path, into: directory, limits: limits) }
        return try FileIO.publishFolder(directory, purpose: "unpacks") { staging throws(HarmAtlasError) in
            let members = try extract(path, into: staging, limits: limits, skip: [])
            try flush(staging, directory: directory)
            return (Verified(members: members), true)
        }
    }

    /// The shards an index names, each checked against the index's size and SHA-256.
    static func shards(of index: String) throws(HarmAtlasError) -> [String] {
        let bytes = try FileIO.read(index, limit: 64 << 20)
        guard case .object(let members)? = JSONParser.parse(bytes, file: index).node?.value,
            case .array(let list)? = members.first(where: { $0.key == "shards" })?.value.value
        else { throw HarmAtlasError(.invalidInput, "\(index): not a shard index (no 'shards' list)") }
        let folder = URL(fileURLWithPath: index).deletingLastPathComponent().path
        return try list.map { shard throws(HarmAtlasError) in
            let record = SourceRecord.json(shard)
            guard let name = record.text("name"), ArchiveReader.nameProblem(name) == nil, !name.contains("/"),
                let sha256 = record.text("sha256")
            else { throw HarmAtlasError(.invalidInput, "\(index): a shard entry has no usable name or sha256") }
            let path = folder + "/" + name
            guard let digest = FileDigest.digest(path) else {
                throw HarmAtlasError(.invalidInput, "\(index): shard \(name) is missing")
            }
            guard digest.sha256 == sha256 else {
                throw HarmAtlasError(.invalidInput, "\(index): shard \(name) does not match the index's SHA-256")
            }
            return path
        }
    }

    /// Unpacks every shard an index names into one new folder, as if from one archive: the manifest once (every
    /// shard must carry the same), the checksums of all shards together.
    static func unpackShards(_ index: String, into directory: String, limits: ArchiveReader.Limits)
        throws(HarmAtlasError) -> Verified
    {
        let paths = try shards(of: index)
        return try FileIO.publishFolder(directory, purpose: "unpacks") { staging throws(HarmAtlasError) in
            var all: [ArchiveReader.Member] = []
            var sums: [String] = []
            for (number, path) in paths.enumerated() {
                let members = try extract(
                    path, into: staging, limits: limits,
                    skip: number == 0 ? [checksumsName] : BenchmarkFolder.manifestNames + [checksumsName])
                if number > 0, let manifest = members.first(where: { BenchmarkFolder.manifestNames.contains($0.path) }),
                    manifest.sha256 != all.first(where: { $0.path == manifest.path })?.sha256
                {
                    throw HarmAtlasError(.invalidInput, "\(path): its manifest differs from the first shard's")
                }
                for member in members where member.path != checksumsName {
                    if number == 0 || !BenchmarkFolder.manifestNames.contains(member.path) {
                        all.append(member)
                        sums.append("\(member.sha256)  \(member.path)")
                    }
                }
            }
            try FileIO.writeAtomically(
                Array(
                    (sums.sorted {
                        $0.split(separator: " ").last!.utf8.lexicographicallyPrecedes(
                            $1.split(separator: " ").last!.utf8)
                    }.joined(separator: "\n") + "\n").utf8),
                to: staging + "/" + checksumsName)
            try flush(staging, directory: directory)
            return (Verified(members: all), true)
        }
    }

    /// Writes an archive's members into `staging`, checking them and the archive's checksums; members named
    /// in `skip` are read and checked but not written.
    private static func extract(
        _ path: String, into staging: String, limits: ArchiveReader.Limits, skip: [String]
    ) throws(HarmAtlasError) -> [ArchiveReader.Member] {
        var reader = ArchiveReader(path: path)
        reader.limits = limits
        var current: (name: String, descriptor: Int32)?
        defer { if let current, current.descriptor >= 0 { close(current.descriptor) } }
        var sums: [UInt8] = []
        let members = try reader.read { name, chunk throws(HarmAtlasError) in
            if name == checksumsName { sums += chunk }
            if skip.contains(name) { return }
            if current?.name != name {
                if let open = current, open.descriptor >= 0 { close(open.descriptor) }
                let target = staging + "/" + name
                try FileIO.createDirectory(URL(fileURLWithPath: target).deletingLastPathComponent().path)
                let descriptor = open(target, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
                guard descriptor >= 0 else {
                    throw HarmAtlasError(
                        .io,
                        "\(path): cannot create '\(ArchiveReader.printable(name))': \(String(cString: strerror(errno)))"
                    )
                }
                current = (name, descriptor)
            }
            guard let descriptor = current?.descriptor else { return }
            if chunk.isEmpty {
                close(descriptor)
                current = (name, -1)
                return
            }
            var written = 0
            while written < chunk.count {
                let result = write(descriptor, chunk.baseAddress! + written, chunk.count - written)
                if result < 0 {
                    if errno == EINTR { continue }
                    throw HarmAtlasError(.io, "\(path): cannot write '\(ArchiveReader.printable(name))'")
                }
                written += result
            }
        }
        current = nil
        try checkSums(members, sums: sums, path: path)
        return members
    }

    /// Everything written reaches the disk before the folder is renamed into place: one flush of the file
    /// system instead of one per member.
    private static func flush(_ staging: String, directory: String) throws(HarmAtlasError) {
        let folder = open(staging, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard folder >= 0, charmatlas_syncfs(folder) == 0 else {
            if folder >= 0 { close(folder) }
            throw HarmAtlasError(.io, "\(directory): cannot flush the unpacked files to disk")
        }
        close(folder)
    }
}

/// Reading a packed benchmark's items without unpacking it.
extension BenchmarkArchive {
    /// Streams a packed benchmark: its manifest, then every item of its shards in order, and every other
    /// member's bytes to `media`; each member is checked against `SHA256SUMS` when it ends (so an item of a
    /// shard that turns out altered has been delivered, and the call then fails). Returns the manifest.
    @discardableResult
    public static func stream(
        _ path: String, limits: ArchiveReader.Limits = .init(), items: (BenchmarkItem) -> Void,
        media: (String, UnsafeRawBufferPointer) -> Void = { _, _ in }
    ) throws(HarmAtlasError) -> BenchmarkManifest {
        if path.hasSuffix(".index.json") {
            var manifest: BenchmarkManifest?
            for shard in try shards(of: path) {
                manifest = try stream(shard, limits: limits, items: items, media: media)
            }
            guard let manifest else { throw HarmAtlasError(.invalidInput, "\(path): the index names no shard") }
            return manifest
        }
        var reader = ArchiveReader(path: path)
        reader.limits = limits
        var manifestBytes: [UInt8] = []
        var manifest: BenchmarkManifest?
        var sums: [UInt8] = []
        var listed: [String: String]?
        var hasher = SHA256Hasher()
        var line: [UInt8] = []
        var records = ItemRecords()
        var unreadable = 0
        func record(_ bytes: ArraySlice<UInt8>) {
            var bytes = bytes
            if bytes.last == 0x0D { bytes = bytes.dropLast() }
            guard !bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) else { return }
            if let item = records.item(bytes) { items(item) } else { unreadable += 1 }
        }
        try reader.read { name, chunk throws(HarmAtlasError) in
            let isManifest = BenchmarkFolder.manifestNames.contains(name)
            if !chunk.isEmpty {
                hasher.update(chunk)
                if isManifest {
                    manifestBytes += chunk
                } else if name == checksumsName {
                    sums += chunk
                } else {
                    guard listed != nil else {
                        throw HarmAtlasError(
                            .invalidInput,
                            "\(path): '\(ArchiveReader.printable(name))' comes before \(checksumsName); not a packed benchmark"
                        )
                    }
                    if name.hasSuffix(".jsonl") {
                        var start = chunk.startIndex
                        for index in chunk.indices where chunk[index] == 0x0A {
                            line += chunk[start..<index]
                            record(line[...])
                            line.removeAll(keepingCapacity: true)
                            start = index + 1
                        }
                        line += chunk[start...]
                    } else {
                        media(name, chunk)
                    }
                }
                return
            }
            // The member ended.
            let digest = hasher.finalize().hexString
            hasher = SHA256Hasher()
            if isManifest {
                let (node, findings) = JSONParser.parse(manifestBytes, file: name)
                let decoder = DocumentDecoder(file: name)
                guard let node, !findings.hasErrors, let decoded = BenchmarkManifest.decode(node, decoder),
                    !decoder.diagnostics.hasErrors
                else {
                    throw HarmAtlasError(
                        .invalidInput, "\(path): \(name) is not a usable manifest",
                        diagnostics: findings + decoder.diagnostics)
                }
                manifest = decoded
            } else if name == checksumsName {
                listed = try parseSums(sums, path: path)
            } else if name.hasSuffix(".jsonl"), !line.isEmpty {
                record(line[...])
                line.removeAll()
            }
            if name != checksumsName, let listed, listed[name] != digest {
                throw HarmAtlasError(
                    .invalidInput,
                    "\(path): member '\(ArchiveReader.printable(name))' does not match \(checksumsName)")
            }
        }
        guard let manifest else {
            throw HarmAtlasError(.invalidInput, "\(path): no benchmark.yaml; not a packed benchmark")
        }
        guard unreadable == 0 else {
            throw HarmAtlasError(
                .invalidInput, "\(path): \(unreadable) item records do not decode; validate the benchmark")
        }
        return manifest
    }
}
