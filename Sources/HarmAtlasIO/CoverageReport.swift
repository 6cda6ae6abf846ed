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
        /// How labels of other releases were projected: one line per crosswalk and relation, lossy steps said so.
        public var projectionSteps: [String] = []
    }

    /// The projection of every release the crosswalks under `taxonomyPaths` map onto `target`: exact, close and
    /// broad mappings are followed (close and broad are lossy, and said so); narrow and related ones are not,
    /// and their labels count as unmapped.
    public static func projection(onto target: TaxonomyRelease, taxonomyPaths: [String]) -> (
        map: [String: [String]], steps: [String]
    ) {
        var map: [String: [String]] = [:]
        var steps: [String] = []
        for path in taxonomyPaths.flatMap({
            FileIO.isDirectory($0) ? FileIO.files(under: $0, endingWith: [".sssom.tsv"]) : []
        }) {
            guard let crosswalk = SSSOMReader.load(path).loaded?.crosswalk, crosswalk.object.matches(target) else {
                continue
            }
            var counts: [Crosswalk.Predicate: Int] = [:]
            for mapping in crosswalk.mappings {
                counts[mapping.predicate, default: 0] += 1
                guard [.exact, .close, .broad].contains(mapping.predicate) else { continue }
                let key = "\(crosswalk.subject.id):\(mapping.subjectID)"
                if !map[key, default: []].contains(mapping.objectID) { map[key, default: []].append(mapping.objectID) }
            }
            let described = Crosswalk.Predicate.allCases.compactMap { predicate -> String? in
                guard let count = counts[predicate] else { return nil }
                let note: String
                switch predicate {
                case .exact: note = "kept"
                case .close: note = "kept, lossy (close, not the same)"
                case .broad: note = "kept, lossy (the target category is broader)"
                case .narrow, .related: note = "not followed; counted as unmapped"
                }
                return "\(count) \(predicate.rawValue) \(note)"
            }
            steps.append(
                "\(crosswalk.subject) → \(target.reference) through \(path): " + described.joined(separator: "; "))
        }
        return (map, steps)
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
        taxonomyPaths: [String], projectTo: String? = nil
    ) throws(HarmAtlasError) -> Result {
        let catalogue = Catalogue(paths: taxonomyPaths.filter { FileManager.default.fileExists(atPath: $0) })
        var release: TaxonomyRelease?
        if let target { release = catalogue.release(target.taxonomy.description) }
        var projection: (map: [String: [String]], steps: [String]) = ([:], [])
        if let projectTo {
            guard let onto = catalogue.release(projectTo) else {
                throw HarmAtlasError(
                    .usage, "--project-to: \(projectTo) is not in \(taxonomyPaths.joined(separator: ", "))")
            }
            if let release, release.reference != onto.reference {
                throw HarmAtlasError(.usage, "--project-to \(projectTo) differs from the target's \(release.reference)")
            }
            release = onto
            projection = Self.projection(onto: onto, taxonomyPaths: taxonomyPaths)
        }
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
                primaryLanguage: target?.primaryLanguage ?? primaryLanguage, projection: projection.map)
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
        return Result(
            keys: keys, benchmarks: benchmarks, union: union, target: target, gaps: gaps,
            projectionSteps: projection.steps)
    }

    /// Counts a shard in line-aligned parts of about 16 MiB, on every processor.
    private static func countInParallel(_ shard: String, empty: CoverageCounter) throws(HarmAtlasError)
        -> CoverageCounter
    {
        let size = (try? FileManager.default.attributesOfItem(atPath: shard)[.size] as? Int) ?? 0
        let ranges = JSONLinesReader.ranges(of: shard, parts: max(1, size / (16 << 20)))
        let counted = Parallel.map(ranges.count) { part -> Swift.Result<CoverageCounter, HarmAtlasError> in
            var counter = empty
            var records = ItemRecords(.shape)
            do throws(HarmAtlasError) {
                _ = try JSONLinesReader.forEachRecord(in: shard, range: ranges[part]) { record, _ in
                    if let item = records.item(record) { counter.add(item) }
                    return true
                }
                return .success(counter)
            } catch {
                return .failure(error)
            }
        }
        var total = empty
        for part in counted { total.merge(try part.get()) }
        return total
    }
}
