import ArgumentParser
import Foundation
import HarmAtlas

struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Validate, report duplicates, split, report coverage and pack a benchmark into dist/.",
        discussion: """
            The one command to run before publishing. With the benchmark's own settings (the manifest's build \
            section: a coverage target, a split, archive formats): validate → duplicate report (dist/dedup.json) → \
            split (when configured; the split benchmark is what gets packed) → coverage against the target \
            (dist/coverage.md, .json, .html) → pack (dist/NAME-VERSION.tar.zst). It stops before packing when \
            validation finds errors, prints them and exits 1; an earlier dist/ stays as it was unless every stage \
            passed. Stage names go to standard error when it is a terminal.
            """
    )

    @Argument(help: "The benchmark folder.")
    var benchmark: String

    @Option(name: .shortAndLong, help: "The output folder (default: BENCHMARK/dist).")
    var output: String?

    @Option(help: "Taxonomy files or folders holding the pinned releases, beyond the benchmark's own snapshot.")
    var taxonomies: [String] = ["Taxonomies"]

    func run() throws {
        try reportingErrors {
            let terminal = isatty(STDERR_FILENO) == 1
            let start = Date()
            let summary = try BenchmarkBuild.run(
                folder: benchmark, output: output,
                taxonomyPaths: taxonomies.filter { FileManager.default.fileExists(atPath: $0) }
            ) { stage in
                if terminal { printError(String(format: "[%6.1f s] %@", Date().timeIntervalSince(start), stage)) }
            }
            let warnings = summary.findings.filter { $0.severity == .warning }.count
            var lines = [
                "\(benchmark): \(summary.items) items, 0 errors, \(warnings) warnings",
                "duplicates: \(summary.duplicateClusters) clusters, \(summary.duplicateItems) items a deduplication would remove (dedup.json)",
            ]
            if !summary.splits.isEmpty {
                lines.append("splits: " + summary.splits.map { "\($0.name) \($0.items)" }.joined(separator: ", "))
            }
            if summary.targetCells > 0 {
                lines.append(
                    "coverage: \(summary.targetCells - summary.gaps.count) of \(summary.targetCells) target cells filled; worst gaps: "
                        + summary.gaps.prefix(3).map {
                            "\($0.category) × \($0.language) × \($0.modality) (\($0.count))"
                        }
                        .joined(separator: "; "))
            }
            for archive in summary.archives {
                lines.append("archive: \(archive.path) (\(archive.bytes) bytes, SHA-256 \(archive.sha256))")
            }
            print(lines.joined(separator: "\n"))
        }
    }
}
