import Foundation
import HarmAtlasCore

/// Validates a benchmark folder, a manifest, or a bare JSON Lines file of items, streaming the items.
public enum BenchmarkValidation {
    /// What to check and how much to report.
    public struct Options: Sendable {
        /// Where to look for pinned taxonomy releases beyond the benchmark's own `taxonomies/` snapshot.
        public var taxonomyPaths: [String]
        /// The largest record accepted.
        public var recordLimit: Int
        /// Only these rule codes, when set.
        public var select: Set<String>?
        /// Rule codes to leave out.
        public var ignore: Set<String>
        /// Stop after this many findings.
        public var maxFindings: Int?
        /// Shards larger than this are validated in parts of about this size, on every processor.
        public var parallelBytes = 16 << 20
        /// Called with every item that decodes, with the shard's number (in path order) and the part of the
        /// shard it was read in; the items of one part come in order, and parts in order make the shard.
        public var observe: (@Sendable (_ shard: Int, _ part: Int, _ item: BenchmarkItem) -> Void)?

        /// Creates options.
        public init(
            taxonomyPaths: [String] = ["Taxonomies"], recordLimit: Int = JSONLinesReader.defaultRecordLimit,
            select: Set<String>? = nil, ignore: Set<String> = [], maxFindings: Int? = nil
        ) {
            self.taxonomyPaths = taxonomyPaths
            self.recordLimit = recordLimit
            self.select = select
            self.ignore = ignore
            self.maxFindings = maxFindings
        }

        func keeps(_ diagnostic: Diagnostic) -> Bool {
            (select?.contains(diagnostic.code.rawValue) ?? true) && !ignore.contains(diagnostic.code.rawValue)
        }
    }

    /// The outcome of a validation.
    public struct Report: Sendable {
        /// The findings kept, in the order found.
        public var diagnostics: [Diagnostic] = []
        /// Whether findings were cut off at the maximum.
        public var truncated = false
        /// Items read.
        public var items = 0
        /// Languages used, with counts.
        public var languages: [LanguageTag: Int] = [:]
        /// Modalities used, with counts.
        public var modalities: [Modality: Int] = [:]
    }

    private final class Collector {
        var report = Report()
        let options: Options
        init(options: Options) { self.options = options }
        var full: Bool { options.maxFindings.map { report.diagnostics.count >= $0 } ?? false }
        func add(_ diagnostics: [Diagnostic]) {
            for diagnostic in diagnostics where options.keeps(diagnostic) {
                if full {
                    report.truncated = true
                    return
                }
                report.diagnostics.append(diagnostic)
            }
        }
    }

    /// Validates `path`: a benchmark folder, its manifest file, or a `.jsonl` file of items.
    public static func run(_ path: String, options: Options = Options()) throws(HarmAtlasError) -> Report {
        let collector = Collector(options: options)
        if path.hasSuffix(".jsonl") {
            try validateBareItems(path, collector: collector)
            return collector.report
        }
        let folder: String
        let manifestFile: String
        if FileIO.isDirectory(path) {
            folder = path
            guard let found = BenchmarkFolder.manifestPath(in: path) else {
                throw HarmAtlasError(.usage, "\(path) holds no benchmark.yaml or benchmark.json")
            }
            manifestFile = found
        } else {
            guard FileManager.default.fileExists(atPath: path) else {
                throw HarmAtlasError(.usage, "\(path) does not exist")
            }
            manifestFile = path
            folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        }
        let (manifest, manifestFindings, sourceMap) = BenchmarkFolder.loadManifest(manifestFile)
        collector.add(manifestFindings)
        guard let manifest else { return collector.report }
        let shardDigests = ShardDigests(manifest.shards.map { folder + "/" + $0.path })

        let (releases, pinFindings) = BenchmarkFolder.pinnedReleases(
            manifest, folder: folder, sourceMap: sourceMap, searchPaths: options.taxonomyPaths)
        collector.add(pinFindings)

        // Files: present, with the declared size and hash; nothing unlisted. Shards are hashed while their items
        // are read, below.
        var digests: [String: FileDigest.Digest] = [:]
        func checkFile(_ index: Int, _ digest: FileDigest.Digest?) {
            let file = manifest.files[index]
            let pointer = "/files/\(index)"
            guard let digest else {
                collector.add([
                    Diagnostic(
                        .fileMissing, at: sourceMap[pointer], field: pointer,
                        "'\(file.path)' is listed but missing")
                ])
                return
            }
            digests[file.path] = digest
            if digest.bytes != file.bytes || digest.sha256 != file.sha256 {
                collector.add([
                    Diagnostic(
                        .fileMismatch, at: sourceMap[pointer], field: pointer,
                        "'\(file.path)' has \(digest.bytes) bytes and SHA-256 \(digest.sha256); the manifest says \(file.bytes) bytes and \(file.sha256)"
                    )
                ])
            }
        }
        let shardPaths = Set(manifest.shards.map(\.path))
        let others = manifest.files.indices.filter { !shardPaths.contains(manifest.files[$0].path) }
        let otherDigests = Parallel.map(others.count) {
            FileDigest.digest(folder + "/" + manifest.files[others[$0]].path)
        }
        for (index, digest) in zip(others, otherDigests) { checkFile(index, digest) }
        let listed = Set(manifest.files.map(\.path))
        for relative in BenchmarkFolder.contentFiles(in: folder, manifestFile: manifestFile)
        where !listed.contains(relative) {
            collector.add([
                Diagnostic(
                    .unlistedFile, at: SourceLocation(file: folder + "/" + relative),
                    "the file is in the benchmark folder but not in the manifest's files")
            ])
        }

        let makeValidator = { [digests] in
            BenchmarkValidator(releases: releases) { relative in
                guard let digest = digests[relative] ?? FileDigest.digest(folder + "/" + relative) else { return nil }
                return .init(sha256: digest.sha256, sniffedType: MediaSniffer.mediaType(of: digest.header))
            }
        }
        let validator = makeValidator()
        // Room for the declared items' ids, as far as the shards' sizes make it believable (a record takes more
        // than 64 bytes).
        let shardBytes = manifest.files.filter { shardPaths.contains($0.path) }.reduce(0) { $0 + $1.bytes }
        validator.reserveCapacity(min(manifest.itemCount, shardBytes / 64))
        let shardNumbers = Dictionary(
            uniqueKeysWithValues: manifest.shards.enumerated().map { ($0.element.path, $0.offset) })
        for (index, file) in manifest.files.enumerated() where shardPaths.contains(file.path) {
            let path = folder + "/" + file.path
            if !collector.full && FileManager.default.isReadableFile(atPath: path) {
                try stream(
                    path, validator: validator, collector: collector, makeValidator: makeValidator,
                    shard: shardNumbers[file.path] ?? 0)
            }
            checkFile(index, shardDigests.wait(path))
        }

        // Totals.
        if validator.itemCount != manifest.itemCount && !collector.full {
            collector.add([
                Diagnostic(
                    .totalsMismatch, at: sourceMap["/items"], field: "/items",
                    "the manifest declares \(manifest.itemCount) items; the shards hold \(validator.itemCount)")
            ])
        }
        for (index, shard) in manifest.files.enumerated() {
            if let declared = shard.items, digests[shard.path] != nil,
                declared != validator.itemsPerFile[folder + "/" + shard.path, default: 0]
            {
                collector.add([
                    Diagnostic(
                        .totalsMismatch, at: sourceMap["/files/\(index)/items"], field: "/files/\(index)/items",
                        "'\(shard.path)' is declared with \(declared) items but holds \(validator.itemsPerFile[folder + "/" + shard.path, default: 0])"
                    )
                ])
            }
        }
        /// Used but undeclared is an error; declared but unused a warning.
        func compare<T: Hashable & Comparable>(
            _ declared: [T], _ used: [T: Int], field: String, name: (T) -> String, verb: String
        ) {
            for value in used.keys.sorted() where !declared.contains(value) {
                collector.add([
                    Diagnostic(
                        .undeclaredUse, at: sourceMap[field], field: field,
                        "\(used[value]!) items \(verb) \(name(value)), which the manifest does not declare")
                ])
            }
            for (index, value) in declared.enumerated() where used[value] == nil {
                collector.add([
                    Diagnostic(
                        .undeclaredUse, at: sourceMap["\(field)/\(index)"], field: "\(field)/\(index)",
                        severity: .warning,
                        "\(name(value)) is declared but no item \(verb == "are in" ? "uses" : "carries") it")
                ])
            }
        }
        compare(manifest.languages, validator.languagesUsed, field: "/languages", name: \.rawValue, verb: "are in")
        compare(manifest.modalities, validator.modalitiesUsed, field: "/modalities", name: \.rawValue, verb: "carry")
        collector.report.items = validator.itemCount
        collector.report.languages = validator.languagesUsed
        collector.report.modalities = validator.modalitiesUsed
        return collector.report
    }

    private static func validateBareItems(_ path: String, collector: Collector) throws(HarmAtlasError) {
        var newest: [String: TaxonomyRelease] = [:]
        for release in Catalogue(
            paths: collector.options.taxonomyPaths.filter { FileManager.default.fileExists(atPath: $0) }
        ).releases.map(\.release) {
            if newest[release.id].map({ $0.version < release.version }) ?? true { newest[release.id] = release }
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        let makeValidator = {
            BenchmarkValidator(releases: newest) { relative in
                guard let digest = FileDigest.digest(folder + "/" + relative) else { return nil }
                return .init(sha256: digest.sha256, sniffedType: MediaSniffer.mediaType(of: digest.header))
            }
        }
        let validator = makeValidator()
        try stream(path, validator: validator, collector: collector, makeValidator: makeValidator)
        collector.report.items = validator.itemCount
        collector.report.languages = validator.languagesUsed
        collector.report.modalities = validator.modalitiesUsed
    }

    /// Validates a shard, in parts of about `parallelBytes` when it is large, on every processor: each part has
    /// its own validator, and finished parts are joined in order as they come, so findings and duplicate ids
    /// are those of one pass.
    private static func stream(
        _ path: String, validator: BenchmarkValidator, collector: Collector, makeValidator: () -> BenchmarkValidator,
        shard: Int = 0
    ) throws(HarmAtlasError) {
        let options = collector.options
        let limit = options.recordLimit
        let maxFindings = options.maxFindings ?? .max
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        let parts = size > options.parallelBytes ? min(256, max(2, size / max(1, options.parallelBytes))) : 1
        let ranges = JSONLinesReader.ranges(of: path, parts: parts)
        let validators = [validator] + (1..<ranges.count).map { _ in makeValidator() }
        if let observe = options.observe {
            for (part, partValidator) in validators.enumerated() {
                partValidator.observe = { item in observe(shard, part, item) }
            }
        }
        let workers = Workers(validators)
        let joiner = InOrder<Part>()
        let joined = Joined(validator: validator, workers: workers, collector: collector)
        _ = Parallel.map(ranges.count) { part in
            let partValidator = workers.validators[part]
            var findings: [Diagnostic] = []
            let result: Part
            do throws(HarmAtlasError) {
                let lines = try JSONLinesReader.forEachRecord(
                    in: path, range: ranges[part], recordLimit: limit,
                    tooLarge: { line in
                        findings.append(
                            Diagnostic(
                                .recordTooLarge, at: SourceLocation(file: path, line: line, column: 1),
                                "the record is larger than \(limit) bytes, the most accepted"))
                    }
                ) { record, line in
                    let found = partValidator.validate(record: record, line: line, file: path)
                    // Most records have no findings: the options (a copy each time) are not touched for them.
                    if !found.isEmpty { findings += found.filter(options.keeps) }
                    return findings.count < maxFindings
                }
                result = Part(findings: findings, lines: lines, error: nil)
            } catch {
                result = Part(findings: findings, lines: 0, error: error)
            }
            joiner.finish(part, result, joined.join)
        }
        if let failure = joined.failure { throw failure }
    }

    /// The size and SHA-256 of each shard, computed one after another on a queue of their own from the moment the
    /// manifest is read, beside everything else. Reading a file for its hash waits on the disk at times; the
    /// items' checks then have every processor.
    private final class ShardDigests: @unchecked Sendable {
        private let lock = NSLock()
        /// Written on the queue, under the lock.
        private var digests: [String: FileDigest.Digest?] = [:]
        private let done: [String: DispatchSemaphore]

        init(_ paths: [String]) {
            done = Dictionary(paths.map { ($0, DispatchSemaphore(value: 0)) }, uniquingKeysWith: { first, _ in first })
            let queue = DispatchQueue(label: "harmatlas.shard-digests")
            var queued = Set<String>()
            for path in paths where queued.insert(path).inserted {
                queue.async { [self] in
                    let digest = FileDigest.digest(path)
                    lock.withLock { digests[path] = digest }
                    done[path]!.signal()
                }
            }
        }

        /// Waits for the digest of a shard given at the start; `nil` when the file cannot be read.
        func wait(_ path: String) -> FileDigest.Digest? {
            guard let semaphore = done[path] else { return FileDigest.digest(path) }
            semaphore.wait()
            semaphore.signal()
            return lock.withLock { digests[path] ?? nil }
        }
    }

    /// What validating one part of a shard found.
    private struct Part {
        var findings: [Diagnostic]
        var lines: Int
        var error: HarmAtlasError?
    }

    /// The parts of a shard joined so far. Touched by one thread at a time (``InOrder`` sees to it), and read
    /// when all parts are done.
    private final class Joined: @unchecked Sendable {
        let validator: BenchmarkValidator
        let workers: Workers
        let collector: Collector
        /// Lines in the parts joined.
        var offset = 0
        var failure: HarmAtlasError?

        init(validator: BenchmarkValidator, workers: Workers, collector: Collector) {
            self.validator = validator
            self.workers = workers
            self.collector = collector
        }

        /// Line numbers shift by the lines of the parts before, and each part's ids go into the first part's
        /// validator, which reports those it saw before.
        func join(_ part: Int, _ result: Part) {
            if let error = result.error {
                if failure == nil { failure = error }
                return
            }
            var findings = result.findings.map { diagnostic in
                var shifted = diagnostic
                shifted.location.line = diagnostic.location.line.map { $0 + offset }
                return shifted
            }
            if part > 0 {
                findings = (validator.absorb(workers.validators[part], lineOffset: offset) + findings)
                    .sorted { ($0.location.line ?? 0) < ($1.location.line ?? 0) }
            }
            collector.add(findings)
            offset += result.lines
        }
    }
}

/// The validators of a shard's parts. Not `Sendable` in general: each worker uses only the validator of its own
/// part, and the caller reads them only after all workers are done.
private final class Workers: @unchecked Sendable {
    let validators: [BenchmarkValidator]

    init(_ validators: [BenchmarkValidator]) {
        self.validators = validators
    }
}
