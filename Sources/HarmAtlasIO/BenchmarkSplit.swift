import Foundation
import HarmAtlasCore

/// Splits a benchmark folder into named splits with ``SplitPlanner`` and writes a new benchmark whose shards
/// are the splits.
public enum BenchmarkSplit {
    /// What the splits should hold.
    public enum Request: Sendable {
        /// Shares of the items, summing to 1.
        case ratios([(name: String, share: Double)])
        /// Item counts; at most one split takes the rest (`nil`).
        case counts([(name: String, count: Int?)])

        /// The split names in order.
        public var names: [String] {
            switch self {
            case .ratios(let parts): parts.map(\.name)
            case .counts(let parts): parts.map(\.name)
            }
        }
    }

    /// The keys items can be stratified by, beside the facets of the pinned releases and `source:FIELD` (an
    /// original label kept from the source).
    public static let builtInKeys = ["harm", "language", "modality", "safety", "expected"]

    /// A planned split.
    public struct Plan: Sendable {
        /// Split names.
        public var names: [String]
        /// The shares requested.
        public var shares: [Double]
        /// The stratification keys.
        public var stratify: [String]
        /// The seed.
        public var seed: UInt64
        /// Item ids in benchmark order.
        public var ids: [String]
        /// Each item's split.
        public var splits: [Int]
        /// Each item's stratum (its own values of the keys, joined with `|`).
        public var strata: [String]
        /// Units (groups joined with duplicate clusters).
        public var units: Int
        /// Group ids found in more than one split (must be 0).
        public var groupLeaks: Int
        /// Duplicate clusters found in more than one split (must be 0).
        public var clusterLeaks: Int
        /// Duplicate clusters taken into account.
        public var clusters: Int

        /// Items per split.
        public var counts: [Int] {
            var counts = [Int](repeating: 0, count: names.count)
            for split in splits { counts[split] += 1 }
            return counts
        }

        /// Per stratum: items, and items per split, strata sorted.
        public var byStratum: [(stratum: String, counts: [Int])] {
            var table: [String: [Int]] = [:]
            for (stratum, split) in zip(strata, splits) {
                table[stratum, default: [Int](repeating: 0, count: names.count)][split] += 1
            }
            return table.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.map { ($0, table[$0]!) }
        }
    }

    /// Plans the split of the benchmark at `folder`. The benchmark must validate; duplicate clusters come from
    /// a `harmatlas dedup --format json` report when given, and are computed otherwise.
    public static func plan(
        folder: String, request: Request, stratify: [String], seed: UInt64, clusters: String?,
        taxonomyPaths: [String], threshold: Double = 0.7
    ) throws(HarmAtlasError) -> Plan {
        let gathered = try gather(folder: folder, stratify: stratify, taxonomyPaths: taxonomyPaths)
        if gathered.validation.diagnostics.hasErrors {
            throw HarmAtlasError(
                .invalidInput, "\(folder) does not validate; split a benchmark that validates",
                diagnostics: gathered.validation.diagnostics.filter { $0.severity == .error })
        }
        var clusterIDs: [[String]] = []
        if let clusters {
            let bytes = try FileIO.read(clusters, limit: 1 << 30)
            guard case .object(let members)? = JSONParser.parse(bytes, file: clusters).node?.value,
                case .array(let within)? = members.first(where: { $0.key == "within" })?.value.value
            else {
                throw HarmAtlasError(
                    .usage, "\(clusters): not a report of harmatlas dedup --format json (no 'within' list)")
            }
            for cluster in within {
                guard case .array(let entries) = cluster.value else { continue }
                clusterIDs.append(entries.compactMap { SourceRecord.json($0).text("id") })
            }
        } else {
            clusterIDs = Deduplication.clusterIDs(
                try Deduplication.run(benchmark: .init(path: folder), against: [], threshold: threshold))
        }
        return try plan(gathered, request: request, seed: seed, clusters: clusterIDs)
    }

    /// What a split needs of a benchmark's items, gathered in the pass that validates it.
    public struct Gathered: Sendable {
        /// The validation's report; a split needs it free of errors.
        public var validation: BenchmarkValidation.Report
        /// The stratification keys.
        public var stratify: [String]
        /// The items, in benchmark order.
        var items: [SplitPlanner.Item]
    }

    /// Validates the benchmark at `folder` and gathers its items for a split, in one pass. Unknown keys are
    /// refused before the pass; validation errors are left to the caller.
    public static func gather(
        folder: String, stratify: [String], taxonomyPaths: [String],
        observe: (@Sendable (BenchmarkItem) -> Void)? = nil
    ) throws(HarmAtlasError) -> Gathered {
        // The keys are checked before the long pass; a manifest that does not load is left to validation.
        var facets: Set<String> = []
        if let manifestFile = BenchmarkFolder.manifestPath(in: folder),
            let manifest = BenchmarkFolder.loadManifest(manifestFile).manifest
        {
            facets = Set(
                BenchmarkFolder.pinnedReleases(
                    manifest, folder: folder, sourceMap: SourceMap(file: manifestFile), searchPaths: taxonomyPaths
                ).releases.values.flatMap(\.facets).map(\.id))
        }
        for key in stratify where !builtInKeys.contains(key) && !facets.contains(key) && !key.hasPrefix("source:") {
            throw HarmAtlasError(
                .usage,
                "--stratify: unknown key '\(key)'; expected \(builtInKeys.joined(separator: ", ")), source:FIELD (an original label)\(facets.isEmpty ? "" : " or a facet of the pinned taxonomies (\(facets.sorted().joined(separator: ", ")))")"
            )
        }
        let parts = Parts()
        var options = BenchmarkValidation.Options(taxonomyPaths: taxonomyPaths)
        options.observe = { shard, part, item in
            observe?(item)
            parts.add(
                shard: shard, part: part,
                SplitPlanner.Item(id: item.id, group: item.group, strata: stratify.map { value(of: $0, in: item) }))
        }
        let validation = try BenchmarkValidation.run(folder, options: options)
        return Gathered(validation: validation, stratify: stratify, items: parts.inOrder)
    }

    /// Plans a split of gathered items; `clusters` are the ids of each duplicate cluster.
    public static func plan(_ gathered: Gathered, request: Request, seed: UInt64, clusters: [[String]])
        throws(HarmAtlasError) -> Plan
    {
        let items = gathered.items
        let shares: [Double]
        switch request {
        case .ratios(let parts): shares = parts.map(\.share)
        case .counts(let parts):
            let named = parts.compactMap(\.count).reduce(0, +)
            let rest = items.count - named
            guard rest >= 0 else {
                throw HarmAtlasError(
                    .usage, "--counts asks for \(named) items; the benchmark holds \(items.count)")
            }
            if !parts.contains(where: { $0.count == nil }) && rest != 0 {
                throw HarmAtlasError(
                    .usage,
                    "--counts asks for \(named) items of \(items.count); name one split 'rest' (such as train=rest) to take the others"
                )
            }
            shares = parts.map { Double($0.count ?? rest) / Double(max(1, items.count)) }
        }
        let indexOf = Dictionary(items.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        let clusterMembers = clusters.map { $0.compactMap { indexOf[$0] } }
        let links = clusterMembers.flatMap { members in members.dropFirst().map { (members[0], $0) } }
        let (splits, units) = SplitPlanner.assign(items, links: links, shares: shares, seed: seed)
        // Leakage, counted from the assignment itself.
        var splitsOfGroup: [String: Set<Int>] = [:]
        for (item, split) in zip(items, splits) {
            if let group = item.group { splitsOfGroup[group, default: []].insert(split) }
        }
        return Plan(
            names: request.names, shares: shares, stratify: gathered.stratify, seed: seed, ids: items.map(\.id),
            splits: splits, strata: items.map { $0.strata.joined(separator: "|") }, units: Set(units).count,
            groupLeaks: splitsOfGroup.values.filter { $0.count > 1 }.count,
            clusterLeaks: clusterMembers.filter { Set($0.map { splits[$0] }).count > 1 }.count,
            clusters: clusterMembers.count)
    }

    /// What validation's parts gathered, by shard and part.
    private final class Parts: @unchecked Sendable {
        typealias Entry = SplitPlanner.Item
        private let lock = NSLock()
        private var parts: [[Int]: [Entry]] = [:]

        func add(shard: Int, part: Int, _ entry: Entry) {
            lock.lock()
            parts[[shard, part], default: []].append(entry)
            lock.unlock()
        }

        var inOrder: [Entry] {
            parts.keys.sorted { ($0[0], $0[1]) < ($1[0], $1[1]) }.flatMap { parts[$0]! }
        }
    }

    /// The value of a stratification key for an item.
    static func value(of key: String, in item: BenchmarkItem) -> String {
        switch key {
        case "harm": item.harms.isEmpty ? "none" : item.harms.sorted().joined(separator: "+")
        case "language": item.language.rawValue
        case "modality": item.modalities.map(\.rawValue).sorted().joined(separator: "+")
        case "safety": item.safety.rawValue
        case "expected": item.expected.rawValue
        case let key where key.hasPrefix("source:"): item.source?.labels[String(key.dropFirst(7))] ?? "none"
        default: item.facets[key] ?? "none"
        }
    }

    /// Writes a copy of the benchmark at `folder` into the new folder `output` with one shard per split
    /// (`splits/NAME.jsonl`, items in benchmark order) and the plan in its manifest. The input is not touched.
    public static func write(_ plan: Plan, folder: String, output: String) throws(HarmAtlasError) -> BenchmarkManifest {
        guard let manifestFile = BenchmarkFolder.manifestPath(in: folder),
            var manifest = BenchmarkFolder.loadManifest(manifestFile).manifest
        else { throw HarmAtlasError(.usage, "\(folder) holds no usable benchmark.yaml") }
        let splitOf = Dictionary(zip(plan.ids, plan.splits), uniquingKeysWith: { first, _ in first })
        let paths = plan.names.map { "splits/\($0).jsonl" }
        return try FileIO.publishFolder(output, purpose: "splits") { staging throws(HarmAtlasError) in
            for file in manifest.files where !file.path.hasSuffix(".jsonl") {
                let target = staging + "/" + file.path
                try FileIO.createDirectory(URL(fileURLWithPath: target).deletingLastPathComponent().path)
                do { try FileManager.default.copyItem(atPath: folder + "/" + file.path, toPath: target) } catch {
                    throw HarmAtlasError(.io, "cannot copy \(file.path): \(error.localizedDescription)")
                }
            }
            try FileIO.createDirectory(staging + "/splits")
            let writers = try paths.map { path throws(HarmAtlasError) in try ShardWriter(path: staging + "/" + path) }
            var records = ItemRecords()
            var failure: HarmAtlasError?
            for shard in manifest.shards {
                try JSONLinesReader.forEachRecord(in: folder + "/" + shard.path) { record, _ in
                    guard let id = records.item(record)?.id, let split = splitOf[id] else { return true }
                    do throws(HarmAtlasError) { try writers[split].write(Array(record)) } catch {
                        failure = error
                        return false
                    }
                    return true
                }
                if let failure { throw failure }
            }
            for writer in writers { try writer.close() }
            let counts = plan.counts
            var files = manifest.files.filter { !$0.path.hasSuffix(".jsonl") }
            for (index, path) in paths.enumerated() {
                guard let digest = FileDigest.digest(staging + "/" + path) else {
                    throw HarmAtlasError(.io, "\(path): cannot read what was written")
                }
                files.append(.init(path: path, bytes: digest.bytes, sha256: digest.sha256, items: counts[index]))
            }
            manifest.files = files.sorted { $0.path < $1.path }
            manifest.splits = .init(
                tool: "harmatlas \(HarmAtlasVersion.current)", seed: Int(clamping: plan.seed), stratify: plan.stratify,
                parts: plan.names.indices.map {
                    .init(name: plan.names[$0], path: paths[$0], share: plan.shares[$0], items: counts[$0])
                })
            try FileIO.writeAtomically(manifest.jsonValue().canonicalBytes(), to: staging + "/benchmark.yaml")
            return (manifest, true)
        }
    }

    /// Calls `body` with each item of the split `name` of a benchmark written by ``write(_:folder:output:)``.
    public static func forEachItem(
        in folder: String, split name: String, _ body: (BenchmarkItem) -> Void
    ) throws(HarmAtlasError) {
        guard let manifestFile = BenchmarkFolder.manifestPath(in: folder),
            let manifest = BenchmarkFolder.loadManifest(manifestFile).manifest
        else { throw HarmAtlasError(.usage, "\(folder) holds no usable benchmark.yaml") }
        guard let part = manifest.splits?.parts.first(where: { $0.name == name }) else {
            let known = manifest.splits?.parts.map(\.name) ?? []
            throw HarmAtlasError(
                .usage,
                known.isEmpty
                    ? "\(folder) has no splits"
                    : "\(folder) has no split '\(name)'; it has \(known.joined(separator: ", "))")
        }
        _ = try BenchmarkFolder.forEachItem(in: folder + "/" + part.path, body)
    }
}
