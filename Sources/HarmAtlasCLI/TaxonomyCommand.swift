import ArgumentParser
import HarmAtlas

struct TaxonomyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "taxonomy",
        abstract: "Lint, show, export, compare and migrate harm taxonomy releases.",
        subcommands: [Lint.self, Show.self, Export.self, Diff.self, Migrate.self]
    )

    struct Lint: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check taxonomy releases, overlays and SSSOM crosswalks.",
            discussion: """
                Reads every file named, and every *.yaml, *.yml, *.json and *.sssom.tsv file under a folder named. \
                Overlays are resolved against base releases among the files; crosswalk ends are checked against \
                the releases they pin. Exit status 1 when there are errors.
                """
        )

        @Argument(help: "Taxonomy files, crosswalk files or folders.")
        var paths: [String]

        @Option(help: "Output format: text or json.")
        var format: FindingsFormat = .text

        func run() throws {
            let catalogue = Catalogue(paths: paths)
            let errors = catalogue.diagnostics.filter { $0.severity == .error }.count
            let warnings = catalogue.diagnostics.filter { $0.severity == .warning }.count
            try report(
                catalogue.diagnostics, format: format,
                summary:
                    "\(catalogue.releases.count) releases, \(catalogue.crosswalks.count) crosswalks: \(errors) errors, \(warnings) warnings"
            )
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a release as a tree, with names in a chosen language.",
            discussion:
                "Names missing in that language fall back along the BCP 47 chain (fr-CA → fr), then to the source language; fallbacks are marked with the language used."
        )

        @Argument(help: "A taxonomy file.")
        var file: String

        @Option(help: "A BCP 47 language tag for names (default: the release's source language).")
        var language: String?

        @Option(help: "The base release, when FILE is an overlay.")
        var base: String?

        func validate() throws {
            if let language, LanguageTag(language) == nil {
                throw ValidationError("'\(language)' is not a BCP 47 language tag such as fr or fr-CA")
            }
        }

        func run() throws {
            try reportingErrors {
                let release = try resolvedRelease(file, base: base)
                for line in TaxonomyTreeRenderer.render(release, language: language.flatMap(LanguageTag.init)) {
                    print(line)
                }
            }
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a release in canonical JSON (sorted keys, stable layout) and print its content hash.",
            discussion:
                "With --base, an overlay is resolved first; with --profile, only the profile's categories are written."
        )

        @Argument(help: "A taxonomy file (YAML or JSON).")
        var file: String

        @Option(help: "The base release, when FILE is an overlay.")
        var base: String?

        @Option(help: "A profile of the release to select.")
        var profile: String?

        @Option(name: .shortAndLong, help: "Where to write (default: standard output).")
        var output: String?

        func run() throws {
            try reportingErrors {
                var release = try resolvedRelease(file, base: base)
                if let profile {
                    guard let selected = release.profiles.first(where: { $0.id == profile }) else {
                        throw HarmAtlasError(
                            .usage,
                            "\(release.reference) has no profile '\(profile)'; it has: \(release.profiles.map(\.id).joined(separator: ", "))"
                        )
                    }
                    release = release.selecting(selected)
                }
                try emit(release.canonicalBytes(), to: output)
                printError(release.contentHash)
            }
        }
    }

    struct Diff: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the typed changes between two releases and the version increment they require.",
            discussion: "Exit status 1 when the newer release's version is lower than its changes require."
        )

        @Argument(help: "The older release.")
        var old: String

        @Argument(help: "The newer release.")
        var new: String

        @Option(help: "Output format: text or json.")
        var format: FindingsFormat = .text

        func run() throws {
            try reportingErrors {
                let oldDocument = try loadRelease(old)
                let newDocument = try loadRelease(new)
                let diff = TaxonomyDiff(old: oldDocument.release, new: newDocument.release)
                let findings = diff.check(newFile: new)
                switch format {
                case .text:
                    print("\(diff.old.reference) → \(diff.new.reference)")
                    for change in diff.changes { print("  \(change)") }
                    print(
                        "required: \(diff.requiredBump) · declared: \(diff.declaredBump.map(\.description) ?? "none (not higher)")"
                    )
                case .json:
                    let value = JSONValue.object([
                        "old": .string(diff.old.reference), "new": .string(diff.new.reference),
                        "required_bump": .string(diff.requiredBump.description),
                        "declared_bump": .string(diff.declaredBump?.description ?? "none"),
                        "changes": .array(
                            diff.changes.map { change in
                                .object([
                                    "kind": .string(change.kind.rawValue),
                                    "ids": .array(change.ids.map { .string($0) }),
                                    "detail": .string(change.detail), "bump": .string(change.bump.description),
                                ])
                            }),
                    ])
                    print(value.canonicalText(), terminator: "")
                }
                try report(findings, format: .text)
            }
        }
    }

    struct Migrate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Move category references in JSON Lines files from one release to a later one.",
            discussion: """
                Each line's FIELD holds a reference or a list of references: concept ids, taxonomy-qualified ids \
                (id:concept) or codes of the old release, rewritten in the same form. Every reference that cannot \
                be moved (a split with no rule, a category removed or deprecated with several replacements, a \
                reference the old release does not know) is reported with its file, line and column, and then \
                nothing is written. Inputs are never modified; each output is written atomically into --out.
                """
        )

        @Option(help: "The release the files are labelled with.")
        var from: String

        @Option(help: "The release to move them to.")
        var to: String

        @Option(help: "The field holding the references: a top-level key, or a JSON Pointer such as /labels/harm.")
        var field: String

        @Option(help: "The folder to write the migrated files into.")
        var out: String

        @Argument(help: "JSON Lines files.")
        var files: [String]

        func validate() throws {
            if files.isEmpty { throw ValidationError("name at least one JSON Lines file") }
        }

        func run() throws {
            try reportingErrors {
                let migrator = try LabelMigrator(from: try loadRelease(from).release, to: try loadRelease(to).release)
                let result = try LabelFileMigration.run(
                    migrator: migrator, field: field, files: files, outputDirectory: out)
                for (from, to) in result.moves.sorted(by: { $0.key < $1.key }) where from != to {
                    print("  \(from) → \(to): \(result.counts[from, default: 0])")
                }
                print("\(result.references) references in \(result.lines) lines; \(result.changed) rewritten")
                try report(result.diagnostics, format: .text)
                for file in result.written { print("wrote \(file)") }
            }
        }
    }
}

/// Reads a release, resolving it against `base` when it is an overlay.
func resolvedRelease(_ file: String, base: String?) throws(HarmAtlasError) -> TaxonomyRelease {
    let document = try loadRelease(file)
    guard document.release.extends != nil else { return document.release }
    guard let base else {
        throw HarmAtlasError(
            .usage, "\(file) extends \(document.release.extends!.baseID); name its base release with --base")
    }
    let (resolved, findings) = ExtensionResolver.resolve(document, base: try loadRelease(base).release)
    guard let resolved else {
        throw HarmAtlasError(.invalidInput, "\(file) conflicts with its base", diagnostics: findings)
    }
    return resolved
}
