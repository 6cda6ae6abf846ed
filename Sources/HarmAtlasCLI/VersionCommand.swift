import ArgumentParser
import HarmAtlas

struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "version",
        abstract:
            "Print the version of harmatlas, of the libarchive it runs with and the compression filters it supports, and the memory allocator."
    )

    func run() {
        print("harmatlas \(HarmAtlasVersion.current)")
        print("libarchive: \(ArchiveLibrary.details)")
        let filters = ArchiveLibrary.writeFilters.map { $0.native ? $0.name : "\($0.name) (external program)" }
        print("compression filters: \(filters.joined(separator: ", "))")
        print("memory allocator: \(Allocator.description)")
    }
}
