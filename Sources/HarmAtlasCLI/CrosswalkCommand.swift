import ArgumentParser
import HarmAtlas

struct CrosswalkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crosswalk",
        abstract: "Check, compose and convert crosswalks between taxonomy releases.",
        subcommands: []
    )
}
