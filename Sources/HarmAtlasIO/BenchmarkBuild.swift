import Foundation
import HarmAtlasCore

/// `harmatlas build`: validate → duplicate report → split (when the manifest asks) → coverage (against the
/// manifest's target) → pack, into `dist/`. Nothing of an earlier `dist/` changes unless every stage passed:
/// the new one is built beside it and swapped in at the end.
public enum BenchmarkBuild {
    /// What a build did.
    public struct Summary: Sendable {
        /// Validation's findings.
        public var findings: [Diagnostic] = []
        /// Items validated.
        public var items = 0
        /// Duplicate clusters inside the benchmark, and the items they would drop.
        public var duplicateClusters = 0
        /// Items a deduplication would remove.
        public var duplicateItems = 0
        /// Split names and sizes, when split.
        public var splits: [(name: String, items: Int)] = []
        /// Target cells, and the worst gaps.
        public var targetCells = 0
        /// The gaps, emptiest first.
        public var gaps: [CoverageTarget.Gap] = []
        /// Archives written, with their SHA-256.
        public var archives: [(path: String, sha256: String, bytes: Int)] = []
        /// Where the outputs are.
        public var output = ""
    }

    /// Hears how a build goes: each stage as it starts, with the items it will read when known, and items
    /// as they are read (from several threads).
    public protocol Progress: Sendable {
        /// A stage starts.
        func stage(_ name: String, items: Int?)
        /// `count` more items were read.
        func advance(_ count: Int)
    }

    /// Builds the benchmark at `folder` into `output` (`folder/dist` when `nil`), telling `progress` how it
    /// goes. Throws with the findings when validation finds errors; nothing is written then.
    public static func run(
        folder: String, output: String?, taxonomyPaths: [String], progress: (any Progress)? = nil
    ) throws(HarmAtlasError) -> Summary {
        // The manifest, if it loads (validation says why when it does not).
        let loaded = BenchmarkFolder.manifestPath(in: folder).flatMap { BenchmarkFolder.loadManifest($0).manifest }
        var summary = Summary()
        let dist = output ?? folder + "/dist"
        summary.output = dist
        progress?.stage("validate", items: loaded?.itemCount)
        // With a split to make, the validation pass also gathers what the split needs.
        let splitSettings = loaded?.build?.split
        var advance: (@Sendable (BenchmarkItem) -> Void)?
        if let progress { advance = { _ in progress.advance(1) } }
        var gathered: BenchmarkSplit.Gathered?
        let validation: BenchmarkValidation.Report
        if let splitSettings {
            gathered = try BenchmarkSplit.gather(
                folder: folder, stratify: splitSettings.stratify, taxonomyPaths: taxonomyPaths, observe: advance)
            validation = gathered!.validation
        } else {
            var options = BenchmarkValidation.Options(taxonomyPaths: taxonomyPaths)
            if let advance { options.observe = { _, _, item in advance(item) } }
            validation = try BenchmarkValidation.run(folder, options: options)
        }
        summary.findings = validation.diagnostics
        summary.items = validation.items
        if validation.diagnostics.hasErrors {
            throw HarmAtlasError(
                .invalidInput, "\(folder) does not validate; nothing was packed", diagnostics: validation.diagnostics)
        }
        guard let manifest = loaded else { throw HarmAtlasError(.usage, "\(folder) holds no usable benchmark.yaml") }
        let base = "\(manifest.name)-\(manifest.version)"

        let parent = URL(fileURLWithPath: dist).standardizedFileURL
        let staging = parent.deletingLastPathComponent().appendingPathComponent(
            ".\(parent.lastPathComponent).building-\(getpid())"
        ).path
        try? FileManager.default.removeItem(atPath: staging)
        try FileIO.createDirectory(staging)
        var done = false
        defer { if !done { try? FileManager.default.removeItem(atPath: staging) } }

        progress?.stage("dedup", items: nil)
        let duplicates = try Deduplication.run(benchmark: .init(path: folder), against: [], threshold: 0.7)
        summary.duplicateClusters = duplicates.within.count
        summary.duplicateItems = Deduplication.removals(duplicates).count
        try FileIO.writeAtomically(duplicates.jsonBytes(), to: staging + "/dedup.json")

        var packed = folder
        if let settings = splitSettings, let gathered {
            progress?.stage("split", items: nil)
            let names = settings.ratios.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            let plan = try BenchmarkSplit.plan(
                gathered, request: .ratios(names.map { ($0, settings.ratios[$0]!) }),
                seed: UInt64(max(0, settings.seed)), clusters: Deduplication.clusterIDs(duplicates))
            let written = try BenchmarkSplit.write(plan, folder: folder, output: staging + "/\(base)-split")
            summary.splits = written.splits?.parts.map { ($0.name, $0.items) } ?? []
            packed = staging + "/\(base)-split"
        }

        if let target = manifest.build?.target {
            progress?.stage("coverage", items: nil)
            let loaded = try CoverageReport.loadTarget(
                folder + "/" + target, taxonomyPaths: [folder + "/taxonomies"] + taxonomyPaths)
            let coverage = try CoverageReport.run(
                [folder], keys: ["harm", "language", "modality"], target: loaded, level: nil, primaryLanguage: false,
                taxonomyPaths: [folder + "/taxonomies"] + taxonomyPaths)
            summary.targetCells = loaded.cellCount
            summary.gaps = coverage.gaps
            try FileIO.writeAtomically(coverage.jsonValue().canonicalBytes(), to: staging + "/coverage.json")
            try FileIO.writeAtomically(Array(coverage.table(markdown: true).utf8), to: staging + "/coverage.md")
            try FileIO.writeAtomically(Array(coverage.html().utf8), to: staging + "/coverage.html")
        }

        progress?.stage("pack", items: nil)
        let formats = (manifest.build?.formats ?? []).compactMap(BenchmarkArchive.Format.init(rawValue:))
        for format in formats.isEmpty ? [.tarZst] : formats {
            let path = staging + "/\(base).\(format.rawValue)"
            let result = try BenchmarkArchive.pack(folder: packed, output: path, format: format)
            summary.archives.append((dist + "/\(base).\(format.rawValue)", result.sha256, result.archiveBytes))
        }
        if packed != folder { try? FileManager.default.removeItem(atPath: packed) }

        // Swap the new dist in.
        let old = staging + ".old"
        if FileManager.default.fileExists(atPath: dist) {
            guard rename(dist, old) == 0 else { throw HarmAtlasError(.io, "cannot move the previous \(dist) aside") }
        }
        guard rename(staging, dist) == 0 else {
            _ = rename(old, dist)
            throw HarmAtlasError(.io, "cannot move the new \(dist) into place")
        }
        done = true
        try? FileManager.default.removeItem(atPath: old)
        return summary
    }
}
