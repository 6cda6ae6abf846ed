import Foundation
import HarmAtlasCore

/// Finds duplicates inside a benchmark and between it and other sources: benchmark folders, packed benchmarks
/// and shard sets, JSON Lines files (items, or objects with a text field) and CSV files (a text column), read
/// streaming, their signatures computed on every processor.
public enum Deduplication {
    /// One text to compare.
    public struct Text: Sendable {
        /// The item id, or `FILE:ROW` for sources without ids.
        public var id: String
        /// All user-visible text of the item.
        public var text: String
        /// The SHA-256 of each media file the item holds.
        public var media: [String]
        /// What the item shows: each media file's SHA-256, or the source's reference when the file is
        /// unavailable. Texts match only when they show the same.
        public var shown: [String]

        /// The text of a benchmark item.
        public init(_ item: BenchmarkItem) {
            id = item.id
            text = ""
            media = []
            shown = []
            var first = true
            for turn in item.turns {
                for part in turn.parts {
                    if let text = part.text {
                        if first { self.text = text } else { self.text += "\n" + text }
                        first = false
                    }
                    if let file = part.media {
                        if let sha256 = file.sha256 { media.append(sha256) }
                        if let shown = file.sha256 ?? file.reference.map({ "reference:" + $0 }) {
                            self.shown.append(shown)
                        }
                    }
                }
            }
        }

        /// A plain text.
        public init(id: String, text: String) {
            self.id = id
            self.text = text
            media = []
            shown = []
        }
    }

    /// A source of texts, as named on the command line.
    public struct Source: Sendable {
        /// The path.
        public var path: String
        /// The field or column holding the text, for JSON Lines and CSV files.
        public var textField: String

        /// A source at `path`.
        public init(path: String, textField: String = "text") {
            self.path = path
            self.textField = textField
        }
    }

    /// What was found.
    public struct Report: Sendable {
        /// The sources, the benchmark first.
        public var sources: [String]
        /// Texts read from each source.
        public var counts: [Int]
        /// Records that could not be read, by source.
        public var unreadable: [Int]
        /// The Jaccard threshold.
        public var threshold: Double
        /// Bands × rows.
        public var layout: (bands: Int, rows: Int)
        /// Candidate pairs from the LSH bands that were checked by Jaccard similarity.
        public var candidates: Int
        /// Clusters with at least two entries of the benchmark (duplicates inside it).
        public var within: [DuplicateIndex.Cluster]
        /// Clusters holding the benchmark and another source (matches against it).
        public var across: [DuplicateIndex.Cluster]
        /// The index, for ids and sources of cluster members.
        public var ids: [String]
        /// The source of each entry.
        public var entrySources: [Int]
    }

    /// Compares `benchmark` with itself and with `against`. With `indexFile`, the benchmark's index is read from
    /// that file when it was built from the same manifest with the same threshold and layout, and written there
    /// otherwise. Without `layout`, the threshold chooses the band layout (``MinHasher/init(threshold:recall:)``).
    public static func run(
        benchmark: Source, against: [Source], threshold: Double, layout: (bands: Int, rows: Int)? = nil,
        indexFile: String? = nil
    ) throws(HarmAtlasError) -> Report {
        var index = DuplicateIndex(
            threshold: threshold, hasher: layout.map { MinHasher(bands: $0.bands, rows: $0.rows) })
        var counts: [Int] = []
        var unreadable: [Int] = []
        var fingerprint: String?
        if let indexFile {
            guard let manifestFile = BenchmarkFolder.manifestPath(in: benchmark.path) else {
                throw HarmAtlasError(.usage, "\(benchmark.path) holds no benchmark.yaml or benchmark.json")
            }
            fingerprint =
                "\(FileDigest.digest(manifestFile)?.sha256 ?? "") threshold \(threshold) layout \(index.hasher.bands)×\(index.hasher.rows)"
            if FileManager.default.fileExists(atPath: indexFile),
                let (stored, storedFingerprint) = try FileIO.withChunks(
                    of: indexFile,
                    { size, next throws(HarmAtlasError) in
                        try DuplicateIndex.deserialize(size: size, read: next)
                    }),
                storedFingerprint == fingerprint
            {
                index = stored
                counts.append(stored.count)
                unreadable.append(0)
            }
        }
        for (number, source) in ([benchmark] + against).enumerated() where number >= counts.count {
            if FileIO.isDirectory(source.path) {
                let (added, failed) = try addBenchmark(source.path, as: number, to: index)
                counts.append(added)
                unreadable.append(failed)
                if number == 0, let indexFile, let fingerprint {
                    try FileIO.writeAtomically(to: indexFile) { write throws(HarmAtlasError) in
                        try index.serialize(fingerprint: fingerprint, to: write)
                    }
                }
                continue
            }
            var batch: [Text] = []
            var added = 0
            func flush() {
                let signatures = signaturesInParallel(batch, hasher: index.hasher)
                for (text, signature) in zip(batch, signatures) {
                    index.add(id: text.id, source: number, signature: signature, mediaSHA256: text.media)
                }
                added += batch.count
                batch.removeAll(keepingCapacity: true)
            }
            let failed = try forEachText(in: source) { text in
                batch.append(text)
                if batch.count >= 8192 { flush() }
            }
            flush()
            counts.append(added)
            unreadable.append(failed)
        }
        let clusters = index.clusters()
        let sources = index.sources
        return Report(
            sources: ([benchmark] + against).map(\.path), counts: counts, unreadable: unreadable,
            threshold: threshold, layout: (index.hasher.bands, index.hasher.rows), candidates: index.candidateCount,
            within: clusters.filter { $0.members.filter { sources[$0] == 0 }.count > 1 },
            across: clusters.filter { cluster in
                cluster.members.contains { sources[$0] == 0 } && cluster.members.contains { sources[$0] != 0 }
            },
            ids: index.ids, entrySources: sources)
    }

    /// The ids of each cluster's benchmark items.
    public static func clusterIDs(_ report: Report) -> [[String]] {
        report.within.map { $0.members.filter { report.entrySources[$0] == 0 }.map { report.ids[$0] } }
    }

    /// The benchmark items a report removes, each with the item kept in its place and why, in benchmark order.
    /// Only text links remove items: items that share media but whose texts differ (translations, several
    /// questions about one image) stay, linked in their cluster so that a split keeps them together.
    public static func removals(_ report: Report) -> [(id: String, kept: String, reason: DuplicateIndex.Reason)] {
        var result: [(entry: Int, id: String, kept: String, reason: DuplicateIndex.Reason)] = []
        var sets = UnionFind(count: report.ids.count)
        var removed: Set<Int> = []
        for cluster in report.within {
            let textLinks = cluster.links.filter {
                if case .media = $0.reason { return false }
                return report.entrySources[$0.first] == 0 && report.entrySources[$0.second] == 0
            }
            for link in textLinks { sets.union(link.first, link.second) }
            for link in textLinks {
                for entry in [link.first, link.second] where sets.root(entry) != entry && removed.insert(entry).inserted
                {
                    let reason = (textLinks.first { $0.second == entry } ?? link).reason
                    result.append((entry, report.ids[entry], report.ids[sets.root(entry)], reason))
                }
            }
        }
        return result.sorted { $0.entry < $1.entry }.map { ($0.id, $0.kept, $0.reason) }
    }

    /// Writes a copy of the benchmark at `folder` without the items `report` removes, into the new folder
    /// `output`, with the decision recorded in its manifest and in `dedup/removed.json`. The input is not
    /// touched; the output appears only when complete.
    public static func apply(_ report: Report, folder: String, output: String) throws(HarmAtlasError)
        -> BenchmarkManifest
    {
        guard let manifestFile = BenchmarkFolder.manifestPath(in: folder) else {
            throw HarmAtlasError(.usage, "\(folder) holds no benchmark.yaml or benchmark.json")
        }
        let (loaded, findings, _) = BenchmarkFolder.loadManifest(manifestFile)
        guard var manifest = loaded else {
            throw HarmAtlasError(.invalidInput, "\(manifestFile): not a usable manifest", diagnostics: findings)
        }
        let removed = removals(report)
        let removedIDs = Set(removed.map(\.id))
        let recordPath = "dedup/removed.json"
        return try FileIO.publishFolder(output, purpose: "deduplicated benchmarks") {
            staging throws(HarmAtlasError) in
            var counts: [String: Int] = [:]
            for file in manifest.files where file.path != recordPath {
                let source = folder + "/" + file.path
                let target = staging + "/" + file.path
                try FileIO.createDirectory(URL(fileURLWithPath: target).deletingLastPathComponent().path)
                guard file.path.hasSuffix(".jsonl") else {
                    do { try FileManager.default.copyItem(atPath: source, toPath: target) } catch {
                        throw HarmAtlasError(.io, "cannot copy \(file.path): \(error.localizedDescription)")
                    }
                    continue
                }
                let writer = try ShardWriter(path: target)
                var records = ItemRecords(.shape)
                var count = 0
                var failure: HarmAtlasError?
                try JSONLinesReader.forEachRecord(in: source) { record, _ in
                    if let item = records.item(record), removedIDs.contains(item.id) { return true }
                    do throws(HarmAtlasError) { try writer.write(Array(record)) } catch {
                        failure = error
                        return false
                    }
                    count += 1
                    return true
                }
                if let failure { throw failure }
                try writer.close()
                counts[file.path] = count
            }
            let record = JSONValue.array(
                removed.map { removal in
                    var members: [String: JSONValue] = ["id": .string(removal.id), "kept": .string(removal.kept)]
                    switch removal.reason {
                    case .exact: members["reason"] = .string("exact")
                    case .near(let similarity):
                        members["reason"] = .string("near")
                        members["jaccard"] = .double((similarity * 1000).rounded() / 1000)
                    case .media(let sha256):
                        members["reason"] = .string("media")
                        members["sha256"] = .string(sha256)
                    }
                    return .object(members)
                })
            try FileIO.createDirectory(staging + "/dedup")
            try FileIO.writeAtomically(record.canonicalBytes(), to: staging + "/" + recordPath)
            var files: [BenchmarkManifest.File] = []
            for file in manifest.files.map(\.path).filter({ $0 != recordPath }) + [recordPath] {
                guard let digest = FileDigest.digest(staging + "/" + file) else { continue }
                files.append(.init(path: file, bytes: digest.bytes, sha256: digest.sha256, items: counts[file]))
            }
            manifest.files = files.sorted { $0.path < $1.path }
            manifest.itemCount = counts.values.reduce(0, +)
            manifest.deduplication = .init(
                tool: "harmatlas \(HarmAtlasVersion.current)", threshold: report.threshold, removed: removed.count,
                record: recordPath)
            try FileIO.writeAtomically(manifest.jsonValue().canonicalBytes(), to: staging + "/benchmark.yaml")
            return (manifest, true)
        }
    }

    /// Adds a benchmark folder's items in benchmark order: each shard is cut into line-aligned parts of about
    /// 16 MiB, read and signed on every processor a few parts at a time, and added in order.
    static func addBenchmark(_ folder: String, as source: Int, to index: DuplicateIndex) throws(HarmAtlasError)
        -> (added: Int, failed: Int)
    {
        guard let manifestFile = BenchmarkFolder.manifestPath(in: folder) else {
            throw HarmAtlasError(.usage, "\(folder) holds no benchmark.yaml or benchmark.json")
        }
        let (manifest, findings, _) = BenchmarkFolder.loadManifest(manifestFile)
        guard let manifest else {
            throw HarmAtlasError(.invalidInput, "\(manifestFile): not a usable manifest", diagnostics: findings)
        }
        let processors = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let hasher = index.hasher
        // A canonical text is nearly always shorter than the record holding it, so the shards size the texts (were
        // it not so, the arrays grow as usual).
        index.reserveCapacity(entries: manifest.itemCount, textBytes: manifest.shards.reduce(0) { $0 + $1.bytes })
        var added = 0
        var failed = 0
        // Each group's signatures go into the index on a queue of their own while the next group is computed.
        let adder = SerialWorker(label: "harmatlas.dedup.add", depth: 1)
        defer { try? adder.finish() }  // nothing is left adding, however this returns
        let target = Unchecked(index)
        for shard in manifest.shards {
            let path = folder + "/" + shard.path
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            let ranges = JSONLinesReader.ranges(of: path, parts: max(1, size / (16 << 20)))
            for group in stride(from: 0, to: ranges.count, by: processors) {
                let members = Array(ranges[group..<min(group + processors, ranges.count)])
                typealias Signed = (id: String, media: [String], signature: DuplicateIndex.Signature)
                let parts = Parallel.map(members.count) { part -> Swift.Result<([Signed], Int), HarmAtlasError> in
                    var records = ItemRecords(.content)
                    var signed: [Signed] = []
                    var unreadable = 0
                    do throws(HarmAtlasError) {
                        _ = try JSONLinesReader.forEachRecord(
                            in: path, range: members[part], tooLarge: { _ in unreadable += 1 }
                        ) { record, _ in
                            guard let item = records.item(record) else {
                                unreadable += 1
                                return true
                            }
                            let text = Text(item)
                            signed.append(
                                (text.id, text.media, .init(text: text.text, hasher: hasher, media: text.shown)))
                            return true
                        }
                        return .success((signed, unreadable))
                    } catch {
                        return .failure(error)
                    }
                }
                var batches: [[Signed]] = []
                for part in parts {
                    let (signed, unreadable) = try part.get()
                    batches.append(signed)
                    added += signed.count
                    failed += unreadable
                }
                let ready = Unchecked(batches)
                try adder.submit {
                    for entry in ready.value.joined() {
                        target.value.add(
                            id: entry.id, source: source, signature: entry.signature, mediaSHA256: entry.media)
                    }
                }
            }
        }
        try adder.finish()
        return (added, failed)
    }

    /// A value handed to a serial queue that alone touches it until the caller waits for the queue.
    private struct Unchecked<Value>: @unchecked Sendable {
        let value: Value
        init(_ value: Value) { self.value = value }
    }

    /// Signatures of `texts`, computed in as many parts as there are processors.
    public static func signaturesInParallel(_ texts: [Text], hasher: MinHasher) -> [DuplicateIndex.Signature] {
        let parts = max(1, min(ProcessInfo.processInfo.activeProcessorCount, texts.count / 256))
        return Parallel.map(parts) { part in
            let range = (texts.count * part / parts)..<(texts.count * (part + 1) / parts)
            return texts[range].map { DuplicateIndex.Signature(text: $0.text, hasher: hasher, media: $0.shown) }
        }.flatMap { $0 }
    }

    /// Calls `body` with each text of a packed benchmark, a JSON Lines or a CSV source in order; returns how
    /// many records could not be read.
    static func forEachText(in source: Source, _ body: (Text) -> Void) throws(HarmAtlasError) -> Int {
        let path = source.path
        if BenchmarkArchive.Format.of(path) != nil || path.hasSuffix(".index.json") {
            try BenchmarkArchive.stream(path, items: { body(Text($0)) })
            return 0
        }
        switch path.split(separator: ".").last.map({ $0.lowercased() }) ?? "" {
        case "jsonl":
            var failed = 0
            var records = ItemRecords(.content)
            try JSONLinesReader.forEachRecord(in: path, tooLarge: { _ in failed += 1 }) { record, line in
                // Benchmark items are read as items; other objects by their text field.
                if let item = records.item(record) {
                    body(Text(item))
                    return true
                }
                let (node, findings) = JSONParser.parse(record, file: path, firstLine: line)
                guard let node, !findings.hasErrors, let text = SourceRecord.json(node).text(source.textField) else {
                    failed += 1
                    return true
                }
                body(Text(id: SourceRecord.json(node).text("id") ?? "\(path):\(line)", text: text))
                return true
            }
            return failed
        case "csv", "tsv":
            var failed = 0
            let findings = try DatasetImport.readCSV(
                path, delimiter: path.lowercased().hasSuffix(".tsv") ? 0x09 : 0x2C, joinExtraCells: false
            ) { record, row, _ throws(HarmAtlasError) in
                guard let text = record.text(source.textField) else {
                    failed += 1
                    return
                }
                body(Text(id: record.text("id") ?? "\(path):\(row)", text: text))
            }
            if findings.hasErrors { failed += 1 }
            return failed
        default:
            throw HarmAtlasError(
                .usage, "\(path): expected a benchmark folder, a packed benchmark, or a .jsonl, .csv or .tsv file")
        }
    }
}
