import ArgumentParser
import Foundation
import HarmAtlas

struct CoverageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coverage",
        abstract: "Count items by harm × language × modality (and facets) and report the gaps against a target.",
        discussion: """
            Reads benchmark folders and packed benchmarks, streaming. Every harm label counts (an item with two \
            counts in both rows); labels outside the counted release and unlabelled items count under 'unmapped'. \
            --level rolls categories up the taxonomy tree (1 for the top). A target (YAML: name, taxonomy, \
            categories or a level, languages, language_granularity, modalities, minimum) turns the counts into \
            gaps: the cells below the minimum, the emptiest first. Several benchmarks are counted side by side \
            (json, csv) and as a union. Exit status 0, or 1 when a target has gaps.
            """
    )

    @Argument(help: "Benchmark folders or packed benchmarks.")
    var benchmarks: [String]

    @Option(help: "A coverage target (YAML).")
    var target: String?

    @Option(help: "Keys to count by: harm, language, modality or a facet id (comma-separated).")
    var by: String = "harm,language,modality"

    @Option(help: "Roll harm categories up to this depth of the taxonomy tree (1 for the top).")
    var level: Int?

    @Option(
        help:
            "Project labels of other taxonomies onto this release (ID@VERSION) through the crosswalks under --taxonomies; each lossy step is stated."
    )
    var projectTo: String?

    @Flag(help: "Count languages by their language subtag only (fr-CA as fr).")
    var primaryLanguage = false

    @Option(help: "Output format: text, md, json, csv or html.")
    var format: Format = .text

    @Option(name: .shortAndLong, help: "Write the report to this file instead of standard output.")
    var output: String?

    @Option(help: "Taxonomy files or folders holding the releases.")
    var taxonomies: [String] = ["Taxonomies"]

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, md, json, csv, html
    }

    func run() throws {
        try reportingErrors {
            let keys = by.split(separator: ",").map(String.init)
            let loaded = try target.map { path throws(HarmAtlasError) in
                try CoverageReport.loadTarget(path, taxonomyPaths: taxonomies)
            }
            if loaded != nil && keys.prefix(3) != ["harm", "language", "modality"] {
                throw HarmAtlasError(.usage, "with --target, count --by harm,language,modality first")
            }
            let result = try CoverageReport.run(
                benchmarks, keys: keys, target: loaded, level: level, primaryLanguage: primaryLanguage,
                taxonomyPaths: taxonomies, projectTo: projectTo)
            let text: String
            switch format {
            case .text: text = result.table(markdown: false)
            case .md: text = result.table(markdown: true)
            case .json: text = String(decoding: result.jsonValue().canonicalBytes(), as: UTF8.self)
            case .csv: text = result.csv()
            case .html: text = result.html()
            }
            try emit(Array(text.utf8), to: output)
            if !result.gaps.isEmpty { throw ExitCode(1) }
        }
    }
}
