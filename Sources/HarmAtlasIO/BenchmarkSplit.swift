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
            if let read = bytes.withUnsafeBufferPointer({ ClusterListReader.read($0) }) {
                clusterIDs = read
            } else {
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
            parts.part(shard: shard, part: part).add(
                id: item.id, group: item.group, stratum: stratify.map { value(of: $0, in: item) }.joined(separator: "|")
            )
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
        let clusterMembers = itemIndexes(of: clusters, in: items)
        let links = clusterMembers.flatMap { members in members.dropFirst().map { (members[0], $0) } }
        let (splits, units) = SplitPlanner.assign(items, links: links, shares: shares, seed: seed)
        // Leakage, counted from the assignment itself.
        var splitOfGroup: [String: Int] = [:]
        var leakingGroups: Set<String> = []
        for (item, split) in zip(items, splits) {
            guard let group = item.group else { continue }
            if let first = splitOfGroup[group] {
                if first != split { leakingGroups.insert(group) }
            } else {
                splitOfGroup[group] = split
            }
        }
        return Plan(
            names: request.names, shares: shares, stratify: gathered.stratify, seed: seed, ids: items.map(\.id),
            splits: splits, strata: items.map(\.stratum), units: units.enumerated().filter { $0 == $1 }.count,
            groupLeaks: leakingGroups.count,
            clusterLeaks: clusterMembers.filter { Set($0.map { splits[$0] }).count > 1 }.count,
            clusters: clusterMembers.count)
    }

    /// The index of the first item of each id named by a cluster; ids the benchmark lacks are left out. The
    /// clusters' ids go in a ``FirstSeen`` table, which each item's id is looked up in.
    static func itemIndexes(of clusters: [[String]], in items: [SplitPlanner.Item]) -> [[Int]] {
        let ids = Array(clusters.joined())
        var table = FirstSeen()
        // Each position's first position: an id named twice shares its item.
        let first = ids.enumerated().map { position, id in
            Int(table.insert(id, at: .init(file: 0, line: Int32(position)))?.line ?? Int32(position))
        }
        var found = [Int](repeating: -1, count: ids.count)
        for (index, item) in items.enumerated() {
            if let place = table.place(of: item.id), found[Int(place.line)] < 0 { found[Int(place.line)] = index }
        }
        var offset = 0
        return clusters.map { cluster in
            defer { offset += cluster.count }
            return (offset..<offset + cluster.count).map { found[first[$0]] }.filter { $0 >= 0 }
        }
    }

    /// What validation's parts gathered, by shard and part. Strata are kept once each: a million items share
    /// a few hundred.
    private final class Parts: @unchecked Sendable {
        /// What one part gathered. Only the thread validating that part touches it.
        final class Part {
            var items: [SplitPlanner.Item] = []
            var strata: Set<String> = []

            func add(id: String, group: String?, stratum: String) {
                items.append(SplitPlanner.Item(id: id, group: group, stratum: strata.insert(stratum).memberAfterInsert))
            }
        }

        private let lock = NSLock()
        private var parts: [Int: Part] = [:]

        /// The part's gatherer; the lock guards only the finding.
        func part(shard: Int, part: Int) -> Part {
            lock.withLock {
                if let known = parts[shard << 20 | part] { return known }
                let new = Part()
                parts[shard << 20 | part] = new
                return new
            }
        }

        var inOrder: [SplitPlanner.Item] {
            parts.keys.sorted().flatMap { parts[$0]!.items }
        }
    }

    /// The value of a stratification key for an item.
    static func value(of key: String, in item: BenchmarkItem) -> String {
        switch key {
        case "harm":
            item.harms.isEmpty
                ? "none" : item.harms.count == 1 ? item.harms[0] : item.harms.sorted().joined(separator: "+")
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
            // The plan lists the items in the order the shards hold them; each record's id is checked against it.
            var records = ItemRecords()
            var failure: HarmAtlasError?
            var position = 0
            for shard in manifest.shards {
                try JSONLinesReader.forEachRecord(in: folder + "/" + shard.path) { record, line in
                    guard position < plan.ids.count,
                        record.holdsID(plan.ids[position]) || records.item(record)?.id == plan.ids[position]
                    else {
                        failure = HarmAtlasError(
                            .invalidInput, "\(shard.path):\(line): the shard changed since the split was planned")
                        return false
                    }
                    do throws(HarmAtlasError) { try writers[plan.splits[position]].write(record) } catch {
                        failure = error
                        return false
                    }
                    position += 1
                    return true
                }
                if let failure { throw failure }
            }
            guard position == plan.ids.count else {
                throw HarmAtlasError(.invalidInput, "\(folder): the shards changed since the split was planned")
            }
            let counts = plan.counts
            var files = manifest.files.filter { !$0.path.hasSuffix(".jsonl") }
            for (index, path) in paths.enumerated() {
                let digest = try writers[index].close()
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

    /// Writes each item's split to `path` as JSON Lines, `{"id":ID,"split":NAME}` in benchmark order: the plan for
    /// tools that keep their own copy of the items. Item ids and split names need no escaping.
    public static func writeAssignment(_ plan: Plan, to path: String) throws(HarmAtlasError) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(plan.ids.count * 40)
        let names = plan.names.map { Array(#"","split":""#.utf8) + Array($0.utf8) + Array("\"}\n".utf8) }
        for (id, split) in zip(plan.ids, plan.splits) {
            bytes += #"{"id":""#.utf8
            bytes += id.utf8
            bytes += names[split]
        }
        try FileIO.writeAtomically(bytes, to: path)
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

/// Reads the clusters of a `harmatlas dedup --format json` report (the `id` of every entry of every list in
/// `within`) straight from its bytes, without building a tree: the report of a million items runs to tens of
/// megabytes. Gives up (`nil`) on anything unexpected — an escape, a value of another shape, a syntax error —
/// and the caller then reads the file with the full parser, which says what is wrong.
private struct ClusterListReader {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    /// Lists and mappings open; deeper than a report goes, the reader gives up.
    private var depth = 0

    static func read(_ bytes: UnsafeBufferPointer<UInt8>) -> [[String]]? {
        var reader = ClusterListReader(bytes: bytes)
        var clusters: [[String]]?
        guard
            reader.object({ reader, key in
                guard key == "within" else { return reader.skipValue() }
                guard clusters == nil else { return false }
                var list: [[String]] = []
                let ok = reader.array { reader in
                    var ids: [String] = []
                    let ok = reader.array { reader in
                        reader.object { reader, key in
                            guard key == "id" else { return reader.skipValue() }
                            guard let id = reader.string() else { return false }
                            ids.append(id)
                            return true
                        }
                    }
                    list.append(ids)
                    return ok
                }
                clusters = list
                return ok
            })
        else { return nil }
        reader.space()
        return reader.index == bytes.count ? clusters : nil
    }

    private mutating func space() {
        while index < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[index]) { index += 1 }
    }

    private mutating func take(_ byte: UInt8) -> Bool {
        space()
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    /// A string without escapes, as the report writes ids and keys.
    private mutating func string() -> String? {
        guard take(0x22) else { return nil }
        let start = index
        while index < bytes.count, bytes[index] != 0x22 {
            guard bytes[index] != 0x5C, bytes[index] >= 0x20 else { return nil }
            index += 1
        }
        guard index < bytes.count else { return nil }
        index += 1
        return UTF8Text.decode(UnsafeBufferPointer(rebasing: bytes[start..<index - 1]))
    }

    private mutating func object(_ member: (inout ClusterListReader, String) -> Bool) -> Bool {
        guard depth < 16, take(0x7B) else { return false }
        depth += 1
        defer { depth -= 1 }
        if take(0x7D) { return true }
        repeat {
            guard let key = string(), take(0x3A), member(&self, key) else { return false }
        } while take(0x2C)
        return take(0x7D)
    }

    private mutating func array(_ element: (inout ClusterListReader) -> Bool) -> Bool {
        guard depth < 16, take(0x5B) else { return false }
        depth += 1
        defer { depth -= 1 }
        if take(0x5D) { return true }
        repeat {
            guard element(&self) else { return false }
        } while take(0x2C)
        return take(0x5D)
    }

    /// Steps over a value: a string, a number, `true`, `false`, `null`, or a list or mapping of them.
    private mutating func skipValue() -> Bool {
        space()
        guard index < bytes.count else { return false }
        switch bytes[index] {
        case 0x22: return string() != nil
        case 0x7B: return object { reader, _ in reader.skipValue() }
        case 0x5B: return array { reader in reader.skipValue() }
        default:
            let start = index
            while index < bytes.count, !([0x2C, 0x7D, 0x5D, 0x20, 0x0A, 0x0D, 0x09] as [UInt8]).contains(bytes[index]) {
                index += 1
            }
            let token = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
            return ["true", "false", "null"].contains(token)
                || (token.utf8.allSatisfy { Array("-+.0123456789eE".utf8).contains($0) } && Double(token) != nil)
        }
    }
}

extension ArraySlice<UInt8> {
    /// Whether the first `"id":"` of the record is followed by `ID"`, as in the item's canonical JSON, where
    /// the item's id comes before its source's. A quick check: a record written otherwise is read in full.
    fileprivate func holdsID(_ id: String) -> Bool {
        let key = Array(#""id":""#.utf8)
        let value = Array(id.utf8) + [0x22]
        return withUnsafeBufferPointer { record in
            var at = 0
            while at + key.count <= record.count {
                guard let quote = memchr(record.baseAddress! + at, 0x22, record.count - at) else { return false }
                at = record.baseAddress!.distance(to: quote.assumingMemoryBound(to: UInt8.self))
                if record[at...].starts(with: key) { return record[(at + key.count)...].starts(with: value) }
                at += 1
            }
            return false
        }
    }
}
