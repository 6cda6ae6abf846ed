import Foundation
import HarmAtlasCore

/// A benchmark on disk: a folder with `benchmark.yaml` (or `benchmark.json`), item shards in JSON Lines,
/// media files, and `taxonomies/` holding a snapshot of every pinned release in canonical JSON.
public enum BenchmarkFolder {
    /// The manifest names looked for, in order.
    public static let manifestNames = ["benchmark.yaml", "benchmark.json"]

    /// The manifest file of a benchmark folder, if it has one.
    public static func manifestPath(in folder: String) -> String? {
        manifestNames.map { folder + "/" + $0 }.first { FileManager.default.fileExists(atPath: $0) }
    }

    /// Reads and decodes a manifest, with where each of its values stands.
    public static func loadManifest(
        _ path: String
    ) -> (manifest: BenchmarkManifest?, diagnostics: [Diagnostic], sourceMap: SourceMap) {
        let (node, diagnostics) = DocumentReader.read(path)
        guard let node, !diagnostics.hasErrors else { return (nil, diagnostics, SourceMap(file: path)) }
        let decoder = DocumentDecoder(file: path)
        let manifest = BenchmarkManifest.decode(node, decoder)
        return (
            decoder.diagnostics.hasErrors ? nil : manifest, diagnostics + decoder.diagnostics,
            SourceMap(node, file: path)
        )
    }

    /// The files that make up a benchmark, relative to its folder: everything but the manifest, the
    /// `SHA256SUMS` an unpacked archive brings, `dist/` and hidden files, sorted by path.
    public static func contentFiles(in folder: String, manifestFile: String) -> [String] {
        let manifestName = URL(fileURLWithPath: manifestFile).lastPathComponent
        return FileIO.files(under: folder, endingWith: [""]).map { String($0.dropFirst(folder.count + 1)) }.filter {
            $0 != manifestName && $0 != BenchmarkArchive.checksumsName && !$0.hasPrefix("dist/") && !isHidden($0)
        }
    }

    /// Whether a relative path has a component starting with a dot (read by bytes: a benchmark lists thousands).
    private static func isHidden(_ relative: String) -> Bool {
        var previous: UInt8 = 0x2F
        for byte in relative.utf8 {
            if byte == 0x2E && previous == 0x2F { return true }
            previous = byte
        }
        return false
    }

    /// The releases a benchmark's pins may name: its `taxonomies/` snapshot first, then `searchPaths`.
    public static func candidateReleases(folder: String, searchPaths: [String]) -> [TaxonomyRelease] {
        ([folder + "/taxonomies"] + searchPaths).filter { FileManager.default.fileExists(atPath: $0) }
            .flatMap { Catalogue(paths: [$0]).releases.map(\.release) }
    }

    /// The pinned releases: from the folder's `taxonomies/` snapshot, then from `searchPaths`; findings for pins
    /// that are missing or whose content hash differs.
    public static func pinnedReleases(
        _ manifest: BenchmarkManifest, folder: String, sourceMap: SourceMap, searchPaths: [String]
    ) -> (releases: [String: TaxonomyRelease], diagnostics: [Diagnostic]) {
        // The search paths are read only when the snapshot lacks a pinned release: reading them all (the
        // project's whole catalogue, say) costs more than the rest of a small validation.
        var candidates = candidateReleases(folder: folder, searchPaths: [])
        let pinsFound = manifest.taxonomies.allSatisfy { pin in
            candidates.contains { $0.id == pin.id && $0.version == pin.version && $0.contentHash == pin.hash }
        }
        if !pinsFound {
            candidates = candidateReleases(folder: folder, searchPaths: searchPaths)
        }
        let snapshot = folder + "/taxonomies"
        var releases: [String: TaxonomyRelease] = [:]
        var findings: [Diagnostic] = []
        for (index, pin) in manifest.taxonomies.enumerated() {
            let matching = candidates.filter { $0.id == pin.id && $0.version == pin.version }
            guard !matching.isEmpty else {
                findings.append(
                    Diagnostic(
                        .taxonomyPinMismatch, at: sourceMap["/taxonomies/\(index)"], field: "/taxonomies/\(index)",
                        "pinned release \(pin.id)@\(pin.version) is not in \(snapshot) nor in \(searchPaths.joined(separator: ", "))"
                    ))
                continue
            }
            guard let release = matching.first(where: { $0.contentHash == pin.hash }) else {
                findings.append(
                    Diagnostic(
                        .taxonomyPinMismatch, at: sourceMap["/taxonomies/\(index)/sha256"],
                        field: "/taxonomies/\(index)/sha256",
                        "\(pin.id)@\(pin.version) has content hash \(matching[0].contentHash), not the pinned \(pin.hash)"
                    ))
                continue
            }
            releases[pin.id] = release
        }
        return (releases, findings)
    }

    /// Calls `body` with each item of a shard in order; returns how many records did not decode.
    public static func forEachItem(in shard: String, _ body: (BenchmarkItem) -> Void) throws(HarmAtlasError) -> Int {
        var records = ItemRecords()
        var failed = 0
        try JSONLinesReader.forEachRecord(in: shard, tooLarge: { _ in failed += 1 }) { record, _ in
            if let item = records.item(record) { body(item) } else { failed += 1 }
            return true
        }
        return failed
    }
}
