import ArgumentParser
import HarmAtlas

@main
struct HarmAtlasCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "harmatlas",
        abstract: "Versioned harm taxonomies and checked AI-safety benchmarks.",
        version: HarmAtlasVersion.current,
        subcommands: [
            VersionCommand.self, TaxonomyCommand.self, CrosswalkCommand.self, ImportCommand.self, ValidateCommand.self,
            SealCommand.self, DedupCommand.self, SplitCommand.self, PackCommand.self, UnpackCommand.self,
            VerifyCommand.self, ListCommand.self, CoverageCommand.self, BuildCommand.self, RulesCommand.self,
        ]
    )
}
