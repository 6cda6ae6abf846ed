import Foundation
import HarmAtlasCore

/// Imports a source dataset into a new benchmark folder through an ``ImportProfile``: CSV, TSV, JSON arrays and
/// JSON Lines, streamed, with the items written to a shard, the media the source shipped copied, the pinned
/// taxonomy release snapshotted, and the manifest written last. The output appears only when complete: it is
/// built in a staging folder beside the target and renamed into place.
public enum DatasetImport {
    /// What an import did.
    public struct Result: Sendable {
        /// Records read.
        public var records = 0
        /// Items written.
        public var items = 0
        /// Items by language.
        public var languages: [LanguageTag: Int] = [:]
        /// Items by modality.
        public var modalities: [Modality: Int] = [:]
        /// Harm categories used, with counts.
        public var harms: [String: Int] = [:]
        /// Every label seen, with counts.
        public var labels: [String: Int] = [:]
        /// Labels with no mapping, with counts.
        public var unmappedLabels: [String: Int] = [:]
        /// Findings: ragged rows, unmapped labels, empty texts, unreadable records.
        public var diagnostics: [Diagnostic] = []
        /// The manifest written, unless errors stopped the import.
        public var manifest: BenchmarkManifest?
    }

    /// Reads a profile file.
    public static func loadProfile(_ path: String) throws(HarmAtlasError) -> ImportProfile {
        let (node, diagnostics) = DocumentReader.read(path)
        guard let node, !diagnostics.hasErrors else {
            throw HarmAtlasError(.invalidInput, "\(path): not a usable import profile", diagnostics: diagnostics)
        }
        let decoder = DocumentDecoder(file: path)
        guard let profile = ImportProfile.decode(node, decoder), !decoder.diagnostics.hasErrors else {
            throw HarmAtlasError(
                .invalidInput, "\(path): not a usable import profile", diagnostics: decoder.diagnostics)
        }
        return profile
    }

    /// Imports the files the profile names, relative to `datasetFolder`, into the new folder `output`.
    /// Refuses an `output` that exists and is not empty. Writes nothing when a record was rejected, unless
    /// `skipInvalid`: then the rejected records are reported and left out, and the rest is written.
    public static func run(
        profile: ImportProfile, datasetFolder: String, output: String, taxonomyPaths: [String],
        skipInvalid: Bool = false
    ) throws(HarmAtlasError) -> Result {
        var taxonomy: TaxonomyRelease?
        var crosswalk: (Crosswalk, TaxonomyRelease)?
        if let reference = profile.taxonomy {
            let catalogue = Catalogue(paths: taxonomyPaths.filter { FileManager.default.fileExists(atPath: $0) })
            guard let release = catalogue.release(reference) else {
                throw HarmAtlasError(
                    .usage,
                    "the profile maps labels to \(reference), which is not in \(taxonomyPaths.joined(separator: ", "))")
            }
            taxonomy = release
            if let path = profile.labels?.crosswalk {
                let (loaded, findings) = SSSOMReader.load(path)
                guard let loaded else {
                    throw HarmAtlasError(.invalidInput, "\(path): not a usable crosswalk", diagnostics: findings)
                }
                guard loaded.crosswalk.object.matches(release) else {
                    throw HarmAtlasError(
                        .usage, "\(path) maps to \(loaded.crosswalk.object), not to the profile's \(reference)")
                }
                guard let subject = catalogue.release(loaded.crosswalk.subject.description) else {
                    throw HarmAtlasError(
                        .usage,
                        "\(path) maps from \(loaded.crosswalk.subject), which is not in \(taxonomyPaths.joined(separator: ", "))"
                    )
                }
                crosswalk = (loaded.crosswalk, subject)
            }
        }
        let crosswalkFound = crosswalk
        let taxonomyFound = taxonomy
        return try FileIO.publishFolder(output, purpose: "imports") { staging throws(HarmAtlasError) in
            try write(
                profile: profile, datasetFolder: datasetFolder, staging: staging, taxonomy: taxonomyFound,
                crosswalk: crosswalkFound, skipInvalid: skipInvalid)
        }
    }

    /// Imports into `staging`; says whether the folder is to be published.
    private static func write(
        profile: ImportProfile, datasetFolder: String, staging: String, taxonomy: TaxonomyRelease?,
        crosswalk: (Crosswalk, TaxonomyRelease)?, skipInvalid: Bool
    ) throws(HarmAtlasError) -> (value: Result, publish: Bool) {
        try FileIO.createDirectory(staging + "/items")
        let shardRelative = "items/\(profile.dataset).jsonl"
        let shard = try ShardWriter(path: staging + "/" + shardRelative)
        let importers = Importers { Importer(profile: profile, taxonomy: taxonomy, crosswalk: crosswalk) }
        let media = ShippedMedia(from: datasetFolder, to: staging)
        let joined = Joined(profile: profile, shard: shard)
        // Records are turned into items and JSON lines in batches on every processor while the next are read;
        // the batches are joined in order, where ids are checked, lines written and findings kept in order.
        let workers = OrderedWorkers<Batch>(depth: ProcessInfo.processInfo.activeProcessorCount + 1) {
            batch throws(HarmAtlasError) in try joined.join(batch)
        }
        defer { try? workers.finish() }  // nothing is left writing, however this returns
        var batch: [Pending] = []
        func send() throws(HarmAtlasError) {
            guard !batch.isEmpty else { return }
            let taken = PendingBatch(batch)
            batch.removeAll(keepingCapacity: true)
            try workers.submit {
                importers.with { importer in
                    // The items are dropped here, on the thread that made them: only their lines, in one buffer,
                    // and what the join counts go on.
                    var converted = Batch()
                    swap(&converted.records, &taken.records)
                    var lines = JSONLines()
                    var file: (number: Int, value: ImportProfile.File)?
                    for index in converted.records.indices {
                        // Taken, not copied: the record's cells are released here, as it is converted.
                        guard let source = converted.records[index].record.take() else { continue }
                        let number = converted.records[index].file
                        if file?.number != number { file = (number, profile.files[number]) }
                        var (items, findings) = importer.items(
                            from: source, file: file!.value, row: converted.records[index].row,
                            location: converted.records[index].location, shipped: media.copy)
                        if !findings.isEmpty { converted.records[index].findings += findings }
                        converted.records[index].items = items.count
                        // Moved out one by one, in order: `for item in items` (and `removeFirst`) would copy
                        // each item.
                        items.reverse()
                        while let item = items.popLast() {
                            lines.append(item)
                            converted.append(item, lineEnd: lines.count)
                        }
                    }
                    converted.lines = lines.bytes()
                    return converted
                }
            }
        }
        /// Queues a record, or only findings, in the order read.
        func take(
            _ record: SourceRecord?, _ file: Int, _ row: Int, _ location: SourceLocation,
            findings: [Diagnostic] = []
        ) throws(HarmAtlasError) {
            batch.append(Pending(record: record, file: file, row: row, location: location, findings: findings))
            if batch.count >= 1024 { try send() }
        }
        for (fileNumber, file) in profile.files.enumerated() {
            let path = datasetFolder + "/" + file.path
            guard FileManager.default.fileExists(atPath: path) else {
                throw HarmAtlasError(.usage, "\(path): the profile names this file but it does not exist")
            }
            let start = SourceLocation(file: path)
            switch path.split(separator: ".").last.map({ $0.lowercased() }) ?? "" {
            case "csv", "tsv":
                let findings = try readCSV(
                    path, delimiter: path.lowercased().hasSuffix(".tsv") ? 0x09 : 0x2C,
                    joinExtraCells: profile.joinExtraCells
                ) {
                    record, row, location throws(HarmAtlasError) in try take(record, fileNumber, row, location)
                }
                try take(nil, fileNumber, 0, start, findings: findings)
            case "jsonl":
                var failure: HarmAtlasError?
                var row = 0
                try JSONLinesReader.forEachRecord(
                    in: path,
                    tooLarge: { line in
                        let location = SourceLocation(file: path, line: line, column: 1)
                        do throws(HarmAtlasError) {
                            try take(
                                nil, fileNumber, 0, location,
                                findings: [Diagnostic(.recordTooLarge, at: location, "the record is too large")])
                        } catch { failure = error }
                    }
                ) { bytes, line in
                    row += 1
                    let (node, findings) = JSONParser.parse(bytes, file: path, firstLine: line)
                    do throws(HarmAtlasError) {
                        try take(
                            node.map(SourceRecord.json), fileNumber, row,
                            SourceLocation(file: path, line: line, column: 1), findings: findings)
                    } catch {
                        failure = error
                    }
                    return failure == nil
                }
                if let failure { throw failure }
            case "json":
                let bytes = try FileIO.read(path, limit: 1 << 30)
                let (node, findings) = JSONParser.parse(bytes, file: path)
                try take(nil, fileNumber, 0, start, findings: findings)
                guard let node else { continue }
                guard let array = profile.records.isEmpty ? node : SourceRecord.lookup(node, profile.records),
                    case .array(let elements) = array.value
                else {
                    try take(
                        nil, fileNumber, 0, start,
                        findings: [
                            Diagnostic(.missingField, at: start, "no array of records at '\(profile.records)'")
                        ])
                    continue
                }
                for (index, element) in elements.enumerated() {
                    try take(
                        .json(element), fileNumber, index + 1,
                        SourceLocation(file: path, line: element.line, column: element.column))
                }
            default:
                throw HarmAtlasError(.usage, "\(path): expected a .csv, .tsv, .json or .jsonl file")
            }
        }
        try send()
        try workers.finish()
        let shardDigest = try shard.close()
        if let failure = media.failure { throw failure }
        var result = joined.totals
        for importer in importers.all {
            result.records += importer.records
            result.labels.merge(importer.labelCounts, uniquingKeysWith: +)
            result.unmappedLabels.merge(importer.unmappedCounts, uniquingKeysWith: +)
        }
        for (label, count) in result.unmappedLabels.sorted(by: { $0.key < $1.key })
        where profile.labels?.unknown == .warn {
            result.diagnostics.append(
                Diagnostic(
                    .unmappedLabel, at: SourceLocation(file: profile.dataset), severity: .warning,
                    "label '\(label)' (\(count) rows) has no mapping to \(taxonomy?.reference ?? "a taxonomy"); the items keep it in source.labels"
                ))
        }
        guard skipInvalid || !result.diagnostics.hasErrors else { return (result, false) }

        var pins: [BenchmarkManifest.TaxonomyPin] = []
        if let taxonomy {
            try FileIO.createDirectory(staging + "/taxonomies")
            try FileIO.writeAtomically(
                taxonomy.canonicalBytes(), to: staging + "/taxonomies/\(taxonomy.id)-\(taxonomy.version).json")
            pins.append(.init(id: taxonomy.id, version: taxonomy.version, hash: taxonomy.contentHash))
        }
        // The shard and the media were hashed as they were written; the other files (the taxonomy) are read.
        var files: [BenchmarkManifest.File] = []
        let copied = media.copies
        for path in FileIO.files(under: staging, endingWith: [""]) {
            let relative = String(path.dropFirst(staging.count + 1))
            if relative == shardRelative {
                files.append(
                    .init(path: relative, bytes: shardDigest.bytes, sha256: shardDigest.sha256, items: result.items))
            } else if let digest = copied[relative] ?? FileDigest.digest(path) {
                files.append(.init(path: relative, bytes: digest.bytes, sha256: digest.sha256))
            }
        }
        let manifest = BenchmarkManifest(
            name: profile.dataset, version: SemanticVersion(1, 0, 0),
            description:
                "\(profile.dataset) as published at \(profile.sourceURL), imported by harmatlas \(HarmAtlasVersion.current) with its import profile.",
            license: profile.license, creators: [.init(name: "\(profile.dataset) authors", url: profile.sourceURL)],
            citation: "See \(profile.sourceURL).",
            contentWarning: "Contains prompts that ask for harmful content, kept verbatim from the source.",
            access: .open, sources: [.init(name: profile.dataset, url: profile.sourceURL, license: profile.license)],
            responsibleAI: .init(
                intendedUse: "Evaluating how AI systems respond to harmful and safe-contrast requests.",
                limitations:
                    "Imported as published. Labels were mapped to \(taxonomy?.reference ?? "no taxonomy") by the import profile; the original labels stay in each item's source.labels.",
                personalData: "Not reviewed by the importer; harmatlas validate reports shapes of personal data."),
            languages: result.languages.keys.sorted(), modalities: result.modalities.keys.sorted(), taxonomies: pins,
            files: files, itemCount: result.items)
        try FileIO.writeAtomically(manifest.jsonValue().canonicalBytes(), to: staging + "/benchmark.yaml")
        result.manifest = manifest
        return (result, true)
    }

    /// A record read, or only findings (`record` nil), waiting to be turned into items; once converted, its record
    /// is gone and `items` says how many items it became.
    private struct Pending {
        var record: SourceRecord?
        /// The file's number in the profile.
        var file: Int
        var row: Int
        var location: SourceLocation
        /// Findings of reading it, which come before those of its items, and then those of its items.
        var findings: [Diagnostic]
        /// How many items the record became (in the batch's ``Batch/items``).
        var items = 0
    }

    /// The records of one batch, which the worker converting them takes whole: an array captured by the job would
    /// be shared, and copied element by element when the worker changed it.
    private final class PendingBatch: @unchecked Sendable {
        var records: [Pending]

        init(_ records: [Pending]) { self.records = records }
    }

    /// Records turned into items, in order, with the items' JSON lines one after another, each ending in a line feed.
    private struct Batch {
        /// What the join needs of an item: its id, what it is counted under, and where its line ends in ``lines``.
        struct Item {
            var id: String
            var language: LanguageTag
            /// ``BenchmarkItem/modalityMask``.
            var modalities: UInt8
            var harms: [String]
            var lineEnd: Int

            init(_ item: borrowing BenchmarkItem, lineEnd: Int) {
                id = item.id
                language = item.language
                modalities = item.modalityMask
                harms = item.harms
                self.lineEnd = lineEnd
            }
        }

        var records: [Pending] = []
        var items: [Item] = []
        var lines: [UInt8] = []
        /// How many items have each language and each harm category, in the order first met: a batch holds few
        /// of each, found by comparing them, without hashing; the join adds them up.
        var languages: [(tag: LanguageTag, items: Int)] = []
        var harms: [(id: String, items: Int)] = []

        mutating func append(_ item: borrowing BenchmarkItem, lineEnd: Int) {
            items.append(Item(item, lineEnd: lineEnd))
            if let known = languages.firstIndex(where: { $0.tag == item.language }) {
                languages[known].items += 1
            } else {
                languages.append((item.language, 1))
            }
            for harm in item.harms.indices {
                if let known = harms.firstIndex(where: { $0.id == item.harms[harm] }) {
                    harms[known].items += 1
                } else {
                    harms.append((item.harms[harm], 1))
                }
            }
        }
    }

    /// What the joined batches hold: ids seen, counts, findings in order. Touched by one batch at a time, so
    /// the run-time exclusivity checks are left out.
    private final class Joined: @unchecked Sendable {
        let profile: ImportProfile
        let shard: ShardWriter
        @exclusivity(unchecked) private var result = Result()
        @exclusivity(unchecked) private var seenIDs = FirstSeen()
        /// Items written, by their modalities' mask (``BenchmarkItem/modalityMask``).
        @exclusivity(unchecked) private var itemsByModalities = [Int](repeating: 0, count: 256)

        /// What the batches joined so far hold.
        var totals: Result {
            var totals = result
            for (mask, count) in itemsByModalities.enumerated() where count > 0 {
                for modality in Modality.allCases where UInt8(mask) & modality.bit != 0 {
                    totals.modalities[modality, default: 0] += count
                }
            }
            return totals
        }

        init(profile: ImportProfile, shard: ShardWriter) {
            self.profile = profile
            self.shard = shard
        }

        /// Reads the batch in place, by index: a copy of a record or an item would retain and release what it
        /// holds, objects made on the worker's thread (and the harm lists, which items with the same label share).
        func join(_ batch: Batch) throws(HarmAtlasError) {
            count(batch)
            for index in batch.items.indices { seenIDs.prefetch(batch.items[index].id) }
            var next = 0
            var lineStart = 0
            // The lines from here to `lineStart` are to be written: they are written in one piece, up to an item
            // left out.
            var unwritten = 0
            for record in batch.records.indices {
                if !batch.records[record].findings.isEmpty { result.diagnostics += batch.records[record].findings }
                let row = batch.records[record].row
                let place = FirstSeen.Place(file: Int32(batch.records[record].file), line: Int32(clamping: row))
                for index in next..<next + batch.records[record].items {
                    let start = lineStart
                    lineStart = batch.items[index].lineEnd
                    if let first = seenIDs.insert(batch.items[index].id, at: place) {
                        try shard.write(lines: batch.lines[unwritten..<start])
                        unwritten = lineStart
                        uncount(batch.items[index])
                        result.diagnostics.append(
                            Diagnostic(
                                .duplicateItemID, at: batch.records[record].location,
                                "\(profile.dataset) row \(row): item id '\(batch.items[index].id)' is already used by row \(first.line) of \(profile.files[Int(first.file)].path)"
                            ))
                        continue
                    }
                    itemsByModalities[Int(batch.items[index].modalities)] += 1
                }
                next += batch.records[record].items
            }
            try shard.write(lines: batch.lines[unwritten..<lineStart])
        }

        /// Adds a batch's counts, before any of its items is left out.
        private func count(_ batch: Batch) {
            result.items += batch.items.count
            for (tag, items) in batch.languages { result.languages[tag, default: 0] += items }
            for (id, items) in batch.harms { result.harms[id, default: 0] += items }
        }

        /// Takes an item left out off the counts.
        private func uncount(_ item: Batch.Item) {
            result.items -= 1
            result.languages[item.language]! -= 1
            if result.languages[item.language] == 0 { result.languages[item.language] = nil }
            for harm in item.harms {
                result.harms[harm]! -= 1
                if result.harms[harm] == 0 { result.harms[harm] = nil }
            }
        }
    }

    /// One importer per batch at work, kept for the next batch; their counts are added up at the end.
    private final class Importers: @unchecked Sendable {
        private let lock = NSLock()
        private let make: () -> Importer
        private var idle: [Importer] = []
        private(set) var all: [Importer] = []

        init(_ make: @escaping () -> Importer) { self.make = make }

        func with<T>(_ body: (Importer) -> T) -> T {
            lock.lock()
            let importer = idle.popLast() ?? make()
            if !all.contains(where: { $0 === importer }) { all.append(importer) }
            lock.unlock()
            defer {
                lock.lock()
                idle.append(importer)
                lock.unlock()
            }
            return body(importer)
        }
    }

    /// The media files the source shipped, each copied into the benchmark once, from any thread, and hashed as it
    /// is copied.
    private final class ShippedMedia: @unchecked Sendable {
        /// One file's copy, made by the first thread that asks for it while the others wait.
        private final class Copy {
            let lock = NSLock()
            var made = false
            var digest: FileDigest.Digest?
        }

        private let lock = NSLock()
        private let source: String
        private let staging: String
        private var copiesBySource: [String: Copy] = [:]
        private var folders: Set<String> = []
        /// Size and digest of each copy, by its path in the benchmark.
        private(set) var copies: [String: FileDigest.Digest] = [:]
        /// The first copy that failed.
        private(set) var failure: HarmAtlasError?

        init(from source: String, to staging: String) {
            self.source = source
            self.staging = staging
        }

        /// Copies `relative` (in the dataset) to `target` (in the benchmark) the first time it is asked for, and
        /// gives its SHA-256; `nil` when the dataset does not have the file.
        func copy(_ relative: String, to target: String) -> String? {
            lock.lock()
            let copy = copiesBySource[relative] ?? Copy()
            copiesBySource[relative] = copy
            lock.unlock()
            copy.lock.lock()
            defer { copy.lock.unlock() }
            if !copy.made {
                copy.made = true
                copy.digest = make(relative, target)
            }
            return copy.digest?.sha256
        }

        private func make(_ relative: String, _ target: String) -> FileDigest.Digest? {
            let from = source + "/" + relative
            var status = stat()
            // Only a file the source has gets a folder made for it.
            guard stat(from, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return nil }
            let path = staging + "/" + target
            let folder = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)])
            do throws(HarmAtlasError) {
                lock.lock()
                let known = folders.contains(folder)
                lock.unlock()
                if !known {
                    try FileIO.createDirectory(folder)
                    lock.lock()
                    folders.insert(folder)
                    lock.unlock()
                }
                guard let digest = try FileDigest.copy(from, to: path) else { return nil }
                lock.lock()
                copies[target] = digest
                lock.unlock()
                return digest
            } catch {
                lock.lock()
                failure = failure ?? error
                lock.unlock()
                return nil
            }
        }
    }

    static func readCSV(
        _ path: String, delimiter: UInt8, joinExtraCells: Bool,
        _ body: (SourceRecord, Int, SourceLocation) throws(HarmAtlasError) -> Void
    ) throws(HarmAtlasError) -> [Diagnostic] {
        let descriptor = try FileIO.openForReading(path)
        defer { close(descriptor) }
        FileIO.willReadSequentially(descriptor)
        var parser = CSVParser(delimiter: delimiter)
        var rows = CSVRows(path: path, delimiter: delimiter, joinExtraCells: joinExtraCells)
        var first = true
        // One buffer, refilled: the parser copies what it keeps.
        var chunk = [UInt8](repeating: 0, count: 4 << 20)
        while case let count = try FileIO.readChunk(descriptor, into: &chunk, path: path), count > 0 {
            var bytes = chunk[..<count]
            if first {
                bytes = CSVParser.droppingBOM(bytes)
                first = false
            }
            parser.feed(bytes) { rows.take($0, body) }
            if let failure = rows.failure { throw failure }
        }
        if let problem = parser.finish({ rows.take($0, body) }) {
            rows.findings.append(Diagnostic(.syntax, at: SourceLocation(file: path), problem))
        }
        if let failure = rows.failure { throw failure }
        return rows.findings
    }

    /// The rows of one CSV file as they are parsed: the header (the first row), the rows counted, what was found,
    /// and the first failure of the caller's body. A value the parser's closures change in place, not variables
    /// a local function captures, which would be checked for overlapping access at run time on every row.
    private struct CSVRows {
        let path: String
        let delimiter: UInt8
        let joinExtraCells: Bool
        var header: [String: Int]?
        var width = 0
        var row = 0
        var failure: HarmAtlasError?
        var findings: [Diagnostic] = []

        init(path: String, delimiter: UInt8, joinExtraCells: Bool) {
            self.path = path
            self.delimiter = delimiter
            self.joinExtraCells = joinExtraCells
        }

        mutating func take(
            _ parsed: CSVParser.Row, _ body: (SourceRecord, Int, SourceLocation) throws(HarmAtlasError) -> Void
        ) {
            guard failure == nil else { return }
            let location = SourceLocation(file: path, line: parsed.line, column: 1)
            for problem in parsed.problems {
                findings.append(Diagnostic(.syntax, at: location, severity: .warning, problem))
            }
            guard let columns = header else {
                width = parsed.cells.count
                header = Dictionary(parsed.cells.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
                return
            }
            row += 1
            var cells = parsed.cells
            if cells.count != width {
                let repaired = joinExtraCells && cells.count > width
                findings.append(
                    Diagnostic(
                        .raggedRow, at: location, severity: .warning,
                        "row \(row) has \(cells.count) cells, the header has \(width)\(repaired ? "; the extra cells were joined into the last column, as the profile declares" : "")"
                    ))
                if repaired {
                    let joined = cells[(width - 1)...].joined(separator: String(UnicodeScalar(delimiter)))
                    cells = Array(cells[..<(width - 1)]) + [joined]
                }
            }
            do throws(HarmAtlasError) { try body(.row(header: columns, cells: cells), row, location) } catch {
                failure = error
            }
        }
    }
}
