import Foundation
import HarmAtlasCore

/// Coverage of one or more benchmarks (folders or packed), counted streaming, each shard in parts on every
/// processor.
public enum CoverageReport {
    /// What was counted.
    public struct Result: Sendable {
        /// The keys.
        public var keys: [String]
        /// Each benchmark's path, manifest and counts.
        public var benchmarks: [(path: String, manifest: BenchmarkManifest, counter: CoverageCounter)]
        /// All benchmarks together.
        public var union: CoverageCounter
        /// The target, if one was given, and its gaps in the union.
        public var target: CoverageTarget?
        /// The gaps, emptiest first.
        public var gaps: [CoverageTarget.Gap]
    }

    /// Reads a target file; findings carry file, line and column.
    public static func loadTarget(_ path: String, taxonomyPaths: [String]) throws(HarmAtlasError) -> CoverageTarget {
        let (node, findings) = DocumentReader.read(path)
        guard let node, !findings.hasErrors else {
            throw HarmAtlasError(.invalidInput, "\(path): not a usable coverage target", diagnostics: findings)
        }
        let catalogue = Catalogue(paths: taxonomyPaths.filter { FileManager.default.fileExists(atPath: $0) })
        let decoder = DocumentDecoder(file: path)
        guard let target = CoverageTarget.decode(node, decoder, release: { catalogue.release($0.description) }) else {
            throw HarmAtlasError(
                .invalidInput, "\(path): not a usable coverage target", diagnostics: decoder.diagnostics)
        }
        return target
    }

    /// Counts `paths` by `keys`. Harms are counted in the target's release, or else in the release the first
    /// benchmark pins (the first pin), rolled up to `level` when given.
    public static func run(
        _ paths: [String], keys: [String], target: CoverageTarget?, level: Int?, primaryLanguage: Bool,
        taxonomyPaths: [String]
    ) throws(HarmAtlasError) -> Result {
        let catalogue = Catalogue(paths: taxonomyPaths.filter { FileManager.default.fileExists(atPath: $0) })
        var release: TaxonomyRelease?
        if let target { release = catalogue.release(target.taxonomy.description) }
        var benchmarks: [(String, BenchmarkManifest, CoverageCounter)] = []
        for path in paths {
            var manifest: BenchmarkManifest
            if FileIO.isDirectory(path) {
                guard let file = BenchmarkFolder.manifestPath(in: path),
                    let loaded = BenchmarkFolder.loadManifest(file).manifest
                else { throw HarmAtlasError(.usage, "\(path) holds no usable benchmark.yaml") }
                manifest = loaded
            } else {
                manifest = try BenchmarkArchive.stream(path, items: { _ in })
            }
            if release == nil, let pin = manifest.taxonomies.first {
                release =
                    BenchmarkFolder.candidateReleases(folder: path, searchPaths: taxonomyPaths).first {
                        $0.id == pin.id && $0.version == pin.version
                    }
            }
            let empty = CoverageCounter(
                keys: keys, release: release, level: level ?? target?.level,
                primaryLanguage: target?.primaryLanguage ?? primaryLanguage)
            var counter = empty
            if FileIO.isDirectory(path) {
                for shard in manifest.shards {
                    counter.merge(try countInParallel(path + "/" + shard.path, empty: empty))
                }
            } else {
                try BenchmarkArchive.stream(path, items: { counter.add($0) })
            }
            benchmarks.append((path, manifest, counter))
        }
        guard var union = benchmarks.first?.2 else { throw HarmAtlasError(.usage, "no benchmark to count") }
        for other in benchmarks.dropFirst() { union.merge(other.2) }
        let gaps = target.map { $0.gaps(union) } ?? []
        return Result(keys: keys, benchmarks: benchmarks, union: union, target: target, gaps: gaps)
    }

    /// Counts a shard in line-aligned parts of about 16 MiB, on every processor.
    private static func countInParallel(_ shard: String, empty: CoverageCounter) throws(HarmAtlasError)
        -> CoverageCounter
    {
        let size = (try? FileManager.default.attributesOfItem(atPath: shard)[.size] as? Int) ?? 0
        let ranges = JSONLinesReader.ranges(of: shard, parts: max(1, size / (16 << 20)))
        let parts = CountedParts(count: ranges.count, empty: empty)
        DispatchQueue.concurrentPerform(iterations: ranges.count) { part in
            var counter = empty
            var records = ItemRecords()
            do throws(HarmAtlasError) {
                _ = try JSONLinesReader.forEachRecord(in: shard, range: ranges[part]) { record, _ in
                    if let item = records.item(record) { counter.add(item) }
                    return true
                }
                parts.set(part, counter, nil)
            } catch {
                parts.set(part, counter, error)
            }
        }
        return try parts.total()
    }
}

private final class CountedParts: @unchecked Sendable {
    private let lock = NSLock()
    private var counters: [CoverageCounter]
    private var error: HarmAtlasError?

    init(count: Int, empty: CoverageCounter) { counters = Array(repeating: empty, count: count) }

    func set(_ part: Int, _ counter: CoverageCounter, _ failure: HarmAtlasError?) {
        lock.lock()
        counters[part] = counter
        if let failure { error = failure }
        lock.unlock()
    }

    func total() throws(HarmAtlasError) -> CoverageCounter {
        if let error { throw error }
        var total = counters[0]
        for counter in counters.dropFirst() { total.merge(counter) }
        return total
    }
}
