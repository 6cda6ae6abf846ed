import ArgumentParser
import HarmAtlas

struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "List every rule code with its name and default severity."
    )

    func run() {
        for rule in RuleCode.all.sorted() {
            print("\(rule.rawValue)  \(rule.defaultSeverity.rawValue.padded(7))  \(rule.name)")
        }
    }
}

extension String {
    fileprivate func padded(_ width: Int) -> String { self + String(repeating: " ", count: max(0, width - count)) }
}
