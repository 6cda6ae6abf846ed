import HarmAtlasCore
import Yams

/// Reads YAML into a ``DocumentNode`` tree, refusing what makes YAML dangerous for contributed files.
///
/// Aliases are refused outright (rule HA003): a 400-byte "billion laughs" file is rejected after reading its
/// few hundred bytes, with no expansion. Duplicate keys are refused (HA002). Nesting beyond
/// ``maxDepth`` is refused (HA004). Scalars are not typed here: a plain `NO` stays the text `NO` until a
/// decoder asks for a boolean, and then only `true` and `false` are booleans.
public enum YAMLReader {
    /// The deepest nesting accepted.
    public static let maxDepth = 64
    /// The most nodes one document may hold.
    public static let maxNodes = 1_000_000

    /// Parses one YAML document. Returns the tree, or `nil` with the findings that stopped it.
    public static func parse(_ text: String, file: String) -> (node: DocumentNode?, diagnostics: [Diagnostic]) {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            return (nil, [diagnostic(for: error, file: file)])
        } catch {
            return (nil, [Diagnostic(.syntax, at: SourceLocation(file: file), "not readable as YAML: \(error)")])
        }
        guard let root else {
            return (
                nil, [Diagnostic(.syntax, at: SourceLocation(file: file, line: 1, column: 1), "the document is empty")]
            )
        }
        var converter = Converter(file: file)
        do {
            return (try converter.convert(root, depth: 0), [])
        } catch {
            return (nil, [error.diagnostic])
        }
    }

    private struct Failure: Error {
        let diagnostic: Diagnostic
    }

    /// A node's kind and start; a block mapping starts where its first key does, so the kind tells them apart.
    private struct Position: Hashable {
        let kind: Int
        let line: Int
        let column: Int
    }

    private struct Converter {
        let file: String
        var seen: Set<Position> = []
        var count = 0

        init(file: String) {
            self.file = file
        }

        mutating func convert(_ node: Node, depth: Int) throws(Failure) -> DocumentNode {
            let line = node.mark?.line ?? 0
            let column = node.mark?.column ?? 0
            let location = SourceLocation(file: file, line: line, column: column)
            count += 1
            if count > YAMLReader.maxNodes {
                throw Failure(
                    diagnostic: Diagnostic(
                        .tooDeep, at: location, "the document holds more than \(YAMLReader.maxNodes) values"))
            }
            // An alias yields the node it names, with that node's mark: a position seen twice is an alias.
            let kind: Int
            switch node {
            case .scalar: kind = 0
            case .sequence: kind = 1
            case .mapping: kind = 2
            case .alias: kind = 3
            }
            if !seen.insert(Position(kind: kind, line: line, column: column)).inserted {
                throw Failure(
                    diagnostic: Diagnostic(
                        .alias, at: location,
                        "a YAML alias repeats the value defined here; aliases are not accepted, write the value out"))
            }
            if depth > YAMLReader.maxDepth {
                throw Failure(
                    diagnostic: Diagnostic(.tooDeep, at: location, "nesting deeper than \(YAMLReader.maxDepth) levels"))
            }
            switch node {
            case .scalar(let scalar):
                if scalar.style == .plain || scalar.style == .any {
                    switch scalar.string {
                    case "", "~", "null", "Null", "NULL": return DocumentNode(.null, line: line, column: column)
                    default: return DocumentNode(.scalar(scalar.string), line: line, column: column)
                    }
                }
                return DocumentNode(.string(scalar.string), line: line, column: column)
            case .sequence(let sequence):
                var elements: [DocumentNode] = []
                for element in sequence { elements.append(try convert(element, depth: depth + 1)) }
                return DocumentNode(.array(elements), line: line, column: column)
            case .mapping(let mapping):
                var members: [DocumentNode.Member] = []
                for (key, value) in mapping {
                    let keyNode = try convert(key, depth: depth + 1)
                    let keyText: String
                    switch keyNode.value {
                    case .scalar(let text), .string(let text): keyText = text
                    case .null: keyText = ""
                    default:
                        throw Failure(
                            diagnostic: Diagnostic(
                                .wrongType, at: SourceLocation(file: file, line: keyNode.line, column: keyNode.column),
                                "a mapping key must be a string, found \(keyNode.typeName)"))
                    }
                    members.append(
                        DocumentNode.Member(
                            key: keyText, keyLine: keyNode.line, keyColumn: keyNode.column,
                            value: try convert(value, depth: depth + 1)))
                }
                return DocumentNode(.object(members), line: line, column: column)
            case .alias:
                throw Failure(diagnostic: Diagnostic(.alias, at: location, "YAML aliases are not accepted"))
            }
        }
    }

    private static func diagnostic(for error: YamlError, file: String) -> Diagnostic {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            let location = SourceLocation(file: file, line: mark.line, column: mark.column)
            if problem.contains("nesting level") {
                return Diagnostic(.tooDeep, at: location, "nesting deeper than the YAML parser's limit of 1000 levels")
            }
            return Diagnostic(.syntax, at: location, "YAML \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return Diagnostic(
                .duplicateKey, at: SourceLocation(file: file, line: context.mark.line, column: context.mark.column),
                "the mapping holds key(s) \(duplicates.map { "'\($0)'" }.joined(separator: ", ")) more than once; each key may appear once"
            )
        case .reader(let problem, let offset, _, _):
            return Diagnostic(
                .syntax, at: SourceLocation(file: file), "YAML \(problem)\(offset.map { " at byte \($0)" } ?? "")")
        default:
            return Diagnostic(.syntax, at: SourceLocation(file: file), "not readable as YAML: \(error)")
        }
    }
}
