import ArgumentParser
import Foundation
import HarmAtlas

/// Output formats of `validate`.
enum ValidationFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, sarif
}

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Validate a benchmark folder, its manifest, or a JSON Lines file of items.",
        discussion: """
            Three tiers: structure (every record decodes), integrity (unique ids, content hashes, files and media \
            present with the declared size, hash and type, harm categories known and active in the pinned \
            releases, registered language tags, manifest totals), content (empty text, invisible and bidi \
            characters, script that does not fit the language, e-mail addresses, phone and card-like numbers). \
            Items stream: memory does not grow with the size of the shards. Findings name the file, line, column \
            and JSON Pointer and never quote item text. Exit status 0 when clean, 1 with errors, 64 for usage errors.
            """
    )

    @Argument(help: "A benchmark folder, a benchmark.yaml, or a .jsonl file of items.")
    var path: String

    @Option(help: "Output format: text, json or sarif.")
    var format: ValidationFormat = .text

    @Option(help: "Only these rule codes (comma-separated, such as HA620,HA621).")
    var select: String?

    @Option(help: "Leave out these rule codes (comma-separated).")
    var ignore: String?

    @Option(help: "Stop after this many findings.")
    var maxFindings: Int?

    @Option(help: "Taxonomy files or folders holding the pinned releases, beyond the benchmark's own snapshot.")
    var taxonomies: [String] = ["Taxonomies"]

    @Option(help: "The largest item record accepted, in bytes.")
    var maxRecordBytes: Int = JSONLinesReader.defaultRecordLimit

    func validate() throws {
        if let maxFindings, maxFindings < 1 { throw ValidationError("--max-findings must be at least 1") }
        if maxRecordBytes < 1 { throw ValidationError("--max-record-bytes must be at least 1") }
        for code in codes(select) + codes(ignore) where !RuleCode.all.contains(where: { $0.rawValue == code }) {
            throw ValidationError("unknown rule code '\(code)'; codes look like HA620")
        }
    }

    private func codes(_ list: String?) -> [String] {
        list?.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } ?? []
    }

    func run() throws {
        try reportingErrors {
            let options = BenchmarkValidation.Options(
                taxonomyPaths: taxonomies, recordLimit: maxRecordBytes, select: select.map { Set(codes($0)) },
                ignore: Set(codes(ignore)), maxFindings: maxFindings)
            let outcome = try BenchmarkValidation.run(path, options: options)
            let errors = outcome.diagnostics.filter { $0.severity == .error }.count
            let warnings = outcome.diagnostics.filter { $0.severity == .warning }.count
            var summary =
                "\(outcome.items) items, \(outcome.languages.count) languages: \(errors) errors, \(warnings) warnings"
            if outcome.truncated { summary += " (stopped at --max-findings \(maxFindings!))" }
            switch format {
            case .text, .json:
                try report(outcome.diagnostics, format: format == .text ? .text : .json, summary: summary)
            case .sarif:
                print(SARIF.log(outcome.diagnostics).canonicalText(), terminator: "")
                if outcome.diagnostics.hasErrors { throw ExitCode(1) }
            }
        }
    }
}

struct SealCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seal",
        abstract: "Bring a benchmark's manifest up to date: item hashes, taxonomy snapshots and pins, files, totals.",
        discussion:
            "Nothing is written when an item or the manifest has errors; each rewritten file is written atomically."
    )

    @Argument(help: "A benchmark folder.")
    var folder: String

    @Option(help: "Taxonomy files or folders holding the pinned releases.")
    var taxonomies: [String] = ["Taxonomies"]

    func run() throws {
        try reportingErrors {
            let result = try BenchmarkSealer.seal(folder, taxonomyPaths: taxonomies)
            try report(result.diagnostics, format: .text)
            if let manifest = result.manifest {
                print(
                    "sealed \(manifest.name) \(manifest.version): \(manifest.itemCount) items, \(manifest.files.count) files"
                )
            }
        }
    }
}
