import ArgumentParser
import HarmAtlas

struct CrosswalkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crosswalk",
        abstract: "Import, export and compose SSSOM crosswalks between pinned taxonomy releases.",
        subcommands: [Import.self, Compose.self]
    )

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read an SSSOM TSV file, check it against the releases it pins, and write it in canonical form.",
            discussion: "A file already in canonical form is written back byte for byte."
        )

        @Argument(help: "An SSSOM TSV file.")
        var file: String

        @Option(help: "Taxonomy files or folders holding the pinned releases.")
        var catalogue: [String] = ["Taxonomies"]

        @Option(name: .shortAndLong, help: "Where to write (default: standard output).")
        var output: String?

        func run() throws {
            try reportingErrors {
                let (loaded, findings) = SSSOMReader.load(file)
                guard let loaded else { return try report(findings, format: .text) }
                let releases = Catalogue(paths: catalogue).releases.map(\.release)
                let all =
                    findings
                    + CrosswalkLinter.lint(loaded.crosswalk, file: file, lines: loaded.lines, releases: releases)
                try report(all, format: .text)
                try emit(Array(loaded.crosswalk.sssomTSV().utf8), to: output)
            }
        }
    }

    struct Compose: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Compose an A→B and a B→C crosswalk into A→C, stating the precision lost.",
            discussion: "exact ∘ X = X; broad ∘ narrow = related; anything ∘ related = related. Confidences multiply."
        )

        @Argument(help: "The A→B crosswalk.")
        var first: String

        @Argument(help: "The B→C crosswalk.")
        var second: String

        @Option(help: "The new mapping set's URI.")
        var id: String

        @Option(help: "The author of the composition, as a CURIE (harmatlas:NAME).")
        var author: String

        @Option(help: "The date of the composition, YYYY-MM-DD.")
        var date: String

        @Option(help: "Taxonomy files or folders holding the pinned releases, to check the result.")
        var catalogue: [String] = ["Taxonomies"]

        @Option(name: .shortAndLong, help: "Where to write (default: standard output).")
        var output: String?

        func run() throws {
            try reportingErrors {
                let (a, aFindings) = SSSOMReader.load(first)
                let (b, bFindings) = SSSOMReader.load(second)
                guard let a, let b else { return try report(aFindings + bFindings, format: .text) }
                let composition = try a.crosswalk.composed(
                    with: b.crosswalk, mappingSetID: id, authorID: author, date: date)
                let releases = Catalogue(paths: catalogue).releases.map(\.release)
                let findings = CrosswalkLinter.lint(
                    composition.crosswalk, file: output ?? "<output>", releases: releases)
                for loss in composition.losses { printError("loss: \(loss)") }
                try report(aFindings + bFindings + findings, format: .text)
                try emit(Array(composition.crosswalk.sssomTSV().utf8), to: output)
            }
        }
    }
}
