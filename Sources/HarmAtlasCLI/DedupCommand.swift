import ArgumentParser
import Foundation
import HarmAtlas

struct DedupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dedup",
        abstract: "Report exact and near duplicates inside a benchmark and against other sources.",
        discussion: """
            Texts are compared after removing invisible characters, NFKC normalisation, case folding and \
            white-space collapsing. Exact duplicates share that canonical text; near duplicates have character \
            n-gram sets (4-grams, 2-grams for Han, kana, Thai, Lao, Khmer and Myanmar) with a Jaccard similarity \
            at or above the threshold, found with MinHash and LSH bands and checked exactly before they are \
            reported; items holding the same media bytes are linked too. In each cluster the earliest item in \
            benchmark order is kept. --against takes benchmark folders, packed benchmarks (read without \
            unpacking, every member checked), or JSON Lines and CSV files with a text field (a training corpus, say). The report comes first; with --apply and --out, a copy of the \
            benchmark without the dropped items is written to a new folder, with the decision in its manifest and \
            in dedup/removed.json. The input is never modified. Exit status 0 when nothing was found, 1 when \
            duplicates or matches were (also after --apply), 64 for usage errors.
            """
    )

    @Argument(help: "The benchmark folder.")
    var benchmark: String

    @Option(
        parsing: .upToNextOption,
        help: "Benchmark folders, packed benchmarks, or .jsonl or .csv files, to compare against.")
    var against: [String] = []

    @Option(help: "The Jaccard similarity at or above which two texts are near duplicates.")
    var threshold: Double = 0.7

    @Option(help: "LSH bands (with --rows); by default chosen from the threshold.")
    var bands: Int?

    @Option(help: "Rows per LSH band (with --bands).")
    var rows: Int?

    @Option(help: "The field or column holding the text in .jsonl and .csv sources.")
    var textField: String = "text"

    @Option(help: "Output format: text or json.")
    var format: Format = .text

    @Option(name: .shortAndLong, help: "Write the report to this file instead of standard output.")
    var output: String?

    @Option(
        help:
            "An index file for the benchmark: read when it was built from the same manifest and threshold, written otherwise, so that later checks do not recompute it."
    )
    var index: String?

    @Flag(help: "Write a copy of the benchmark without the dropped items to --out.")
    var apply = false

    @Option(help: "The new folder --apply writes.")
    var out: String?

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    func validate() throws {
        guard threshold > 0 && threshold < 1 else { throw ValidationError("--threshold must be between 0 and 1") }
        if apply != (out != nil) { throw ValidationError("--apply and --out go together") }
        if (bands == nil) != (rows == nil) { throw ValidationError("--bands and --rows go together") }
        if let bands, let rows, bands < 1 || rows < 1 || bands * rows > MinHasher.permutationBudget {
            throw ValidationError("--bands × --rows must be between 1 and \(MinHasher.permutationBudget)")
        }
    }

    func run() throws {
        try reportingErrors {
            let report = try Deduplication.run(
                benchmark: .init(path: benchmark, textField: textField),
                against: against.map { .init(path: $0, textField: textField) }, threshold: threshold,
                layout: bands.flatMap { bands in rows.map { (bands, $0) } }, indexFile: index)
            let bytes: [UInt8]
            switch format {
            case .json: bytes = report.jsonBytes()
            case .text: bytes = Array(report.text().utf8)
            }
            try emit(bytes, to: output)
            if let out {
                let manifest = try Deduplication.apply(report, folder: benchmark, output: out)
                printError(
                    "wrote \(out): \(manifest.itemCount) items, \(manifest.deduplication?.removed ?? 0) removed (see dedup/removed.json)"
                )
            }
            if !report.within.isEmpty || !report.across.isEmpty { throw ExitCode(1) }
        }
    }
}
