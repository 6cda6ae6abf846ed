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
            passed. When standard error is a terminal it shows each stage, and for validation items/s and the time \
            left; otherwise it is quiet until the summary.
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
            let display = isatty(STDERR_FILENO) == 1 ? TerminalProgress() : nil
            let summary = try BenchmarkBuild.run(
                folder: benchmark, output: output,
                taxonomyPaths: taxonomies.filter { FileManager.default.fileExists(atPath: $0) }, progress: display)
            display?.finish()
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

/// Stage names, and for stages that read items a line redrawn twice a second with items/s and the time left;
/// used only when standard error is a terminal.
final class TerminalProgress: BenchmarkBuild.Progress, @unchecked Sendable {
    private let lock = NSLock()
    private let start = Date()
    private var name = ""
    private var stageStart = Date()
    private var total: Int?
    private var done = 0
    private var timer: DispatchSourceTimer?

    func stage(_ name: String, items: Int?) {
        lock.lock()
        defer { lock.unlock() }
        drawLocked(final: true)
        self.name = name
        total = items
        done = 0
        stageStart = Date()
        if items != nil && timer == nil {
            let timer = DispatchSource.makeTimerSource(queue: .global())
            timer.schedule(deadline: .now() + 0.5, repeating: 0.5)
            timer.setEventHandler { [weak self] in self?.draw() }
            timer.resume()
            self.timer = timer
        }
        FileHandle.standardError.write(
            Data(String(format: "[%6.1f s] %@\n", Date().timeIntervalSince(start), name).utf8))
    }

    func advance(_ count: Int) {
        lock.lock()
        done += count
        lock.unlock()
    }

    private func draw() {
        lock.lock()
        defer { lock.unlock() }
        drawLocked(final: false)
    }

    private func drawLocked(final: Bool) {
        guard let total, done > 0 else { return }
        let seconds = max(0.001, Date().timeIntervalSince(stageStart))
        let rate = Double(done) / seconds
        let left = rate > 0 ? Double(max(0, total - done)) / rate : 0
        let line = String(
            format: "\r  %@: %d of %d items, %.0f items/s, %.0f s left", name, done, total, rate, final ? 0 : left)
        FileHandle.standardError.write(Data((line + (final ? "\n" : "")).utf8))
        if final { self.total = nil }
    }

    func finish() {
        lock.lock()
        drawLocked(final: true)
        timer?.cancel()
        timer = nil
        lock.unlock()
    }
}
