import Foundation
import HarmAtlasCore

/// Brings a benchmark folder's manifest up to date with its contents: every item's hash, the pinned releases'
/// content hashes and snapshots under `taxonomies/`, every file with its size and SHA-256, and the item totals.
///
/// This is how a curator finishes an edit: write or change items (the `hash` field may be left out), then seal.
/// Nothing is written when an item or the manifest has errors; each rewritten file is written atomically.
public enum BenchmarkSealer {
    /// What sealing did.
    public struct Result: Sendable {
        /// The sealed manifest.
        public var manifest: BenchmarkManifest?
        /// Findings; when any is an error nothing was written.
        public var diagnostics: [Diagnostic]
    }

    /// Sets the SHA-256 of every media part whose file is present and whose hash is not given.
    static func fillMediaHashes(
        _ item: inout BenchmarkItem, folder: String, file: String, line: Int, findings: inout [Diagnostic]
    ) {
        for turnIndex in item.turns.indices {
            for partIndex in item.turns[turnIndex].parts.indices {
                guard let media = item.turns[turnIndex].parts[partIndex].media, let path = media.path,
                    media.sha256 == nil
                else { continue }
                guard let digest = FileDigest.digest(folder + "/" + path) else {
                    findings.append(
                        Diagnostic(
                            .fileMissing, at: SourceLocation(file: file, line: line, column: 1),
                            field: "/turns/\(turnIndex)/parts/\(partIndex)",
                            "item '\(item.id)': media file '\(path)' is missing"))
                    continue
                }
                item.turns[turnIndex].parts[partIndex].media?.sha256 = digest.sha256
            }
        }
    }

    /// Seals the benchmark in `folder`, finding pinned releases in its snapshot or in `taxonomyPaths`.
    public static func seal(_ folder: String, taxonomyPaths: [String]) throws(HarmAtlasError) -> Result {
        guard let manifestFile = BenchmarkFolder.manifestPath(in: folder) else {
            throw HarmAtlasError(.usage, "\(folder) holds no benchmark.yaml or benchmark.json")
        }
        let (node, readFindings) = DocumentReader.read(manifestFile)
        guard let node, !readFindings.hasErrors else { return Result(manifest: nil, diagnostics: readFindings) }
        let decoder = DocumentDecoder(file: manifestFile)
        guard var manifest = BenchmarkManifest.decode(node, decoder, sealing: true), !decoder.diagnostics.hasErrors
        else {
            return Result(manifest: nil, diagnostics: decoder.diagnostics)
        }
        var findings = decoder.diagnostics
        // Pinned releases: the first candidate with the pinned id and version; its canonical form is the snapshot.
        let candidates = BenchmarkFolder.candidateReleases(folder: folder, searchPaths: taxonomyPaths)
        var snapshots: [(String, [UInt8])] = []
        for (index, pin) in manifest.taxonomies.enumerated() {
            guard let release = candidates.first(where: { $0.id == pin.id && $0.version == pin.version }) else {
                findings.append(
                    Diagnostic(
                        .taxonomyPinMismatch, at: SourceMap(node, file: manifestFile)["/taxonomies/\(index)"],
                        field: "/taxonomies/\(index)",
                        "no release \(pin.id)@\(pin.version) in \(folder)/taxonomies or \(taxonomyPaths.joined(separator: ", "))"
                    ))
                continue
            }
            manifest.taxonomies[index].hash = release.contentHash
            snapshots.append(("taxonomies/\(pin.id)-\(pin.version).json", release.canonicalBytes()))
        }
        // Items: every shard re-read, every record re-serialised canonically with its hash.
        let shardPaths = BenchmarkFolder.contentFiles(in: folder, manifestFile: manifestFile).filter {
            $0.hasSuffix(".jsonl")
        }
        var shards: [(String, [UInt8], Int)] = []
        var total = 0
        for shard in shardPaths {
            var lines = JSONLines()
            var count = 0
            let path = folder + "/" + shard
            try JSONLinesReader.forEachRecord(
                in: path,
                tooLarge: { line in
                    findings.append(
                        Diagnostic(
                            .recordTooLarge, at: SourceLocation(file: path, line: line, column: 1),
                            "the record is too large"))
                }
            ) { record, line in
                let (parsed, parseFindings) = JSONParser.parse(record, file: path, firstLine: line)
                findings += parseFindings
                guard let parsed, !parseFindings.hasErrors else { return true }
                let itemDecoder = DocumentDecoder(file: path)
                if var (item, _) = BenchmarkItem.decode(parsed, "", itemDecoder, sealing: true) {
                    fillMediaHashes(&item, folder: folder, file: path, line: line, findings: &findings)
                    lines.append(item)
                    count += 1
                }
                findings += itemDecoder.diagnostics
                return true
            }
            shards.append((shard, lines.bytes(), count))
            total += count
        }
        guard !findings.hasErrors else { return Result(manifest: nil, diagnostics: findings) }
        for (relative, bytes, _) in shards { try FileIO.writeAtomically(bytes, to: folder + "/" + relative) }
        try FileIO.createDirectory(folder + "/taxonomies")
        for (relative, bytes) in snapshots { try FileIO.writeAtomically(bytes, to: folder + "/" + relative) }
        // Files: everything in the folder but the manifest, dist/ and hidden files.
        let itemCounts = Dictionary(uniqueKeysWithValues: shards.map { ($0.0, $0.2) })
        manifest.files = BenchmarkFolder.contentFiles(in: folder, manifestFile: manifestFile).compactMap { relative in
            guard let digest = FileDigest.digest(folder + "/" + relative) else { return nil }
            return BenchmarkManifest.File(
                path: relative, bytes: digest.bytes, sha256: digest.sha256, items: itemCounts[relative])
        }
        manifest.itemCount = total
        try FileIO.writeAtomically(manifest.jsonValue().canonicalBytes(), to: manifestFile)
        return Result(manifest: manifest, diagnostics: findings)
    }
}
