/// Typed reading of a ``DocumentNode`` tree that collects findings instead of stopping at the first.
///
/// Every finding names the file, line, column and JSON Pointer of the offending value and says what was
/// expected. Fields a format does not define are reported, never dropped.
public final class DocumentDecoder {
    /// The file the tree came from, as the user named it.
    public let file: String
    /// Every finding so far.
    public private(set) var diagnostics: [Diagnostic] = []

    /// Creates a decoder for a tree read from `file`.
    public init(file: String) {
        self.file = file
    }

    /// The fields of one mapping, by key.
    public struct Fields {
        /// The mapping node itself.
        public let node: DocumentNode
        /// The JSON Pointer of the mapping.
        public let path: String
        let members: [DocumentNode.Member]

        /// The value of `key`, if present.
        public subscript(key: String) -> DocumentNode? { members.first { $0.key == key }?.value }

        /// The JSON Pointer of `key` inside this mapping.
        public func path(_ key: String) -> String { path + "/" + DocumentDecoder.escapePointer(key) }

        /// The keys present, in document order.
        public var keys: [String] { members.map(\.key) }
    }

    /// Escapes one JSON Pointer reference token.
    public static func escapePointer(_ token: String) -> String {
        guard token.utf8.contains(where: { $0 == 0x7E || $0 == 0x2F }) else { return token }
        return token.replacing("~", with: "~0").replacing("/", with: "~1")
    }

    /// The location of a node.
    public func location(of node: DocumentNode) -> SourceLocation {
        SourceLocation(file: file, line: node.line, column: node.column)
    }

    /// Adds a finding about `node`.
    public func report(_ code: RuleCode, _ node: DocumentNode, _ path: @autoclosure () -> String, _ message: String) {
        diagnostics.append(Diagnostic(code, at: location(of: node), field: path(), message))
    }

    /// Adds a finding that was made elsewhere.
    public func add(_ diagnostic: Diagnostic) {
        diagnostics.append(diagnostic)
    }

    /// Reads a mapping whose keys must come from `allowed`; other keys are reported as unknown fields.
    public func object(_ node: DocumentNode, _ path: @autoclosure () -> String, allowed: [String]) -> Fields? {
        guard case .object(let members) = node.value else {
            report(.wrongType, node, path(), "expected a mapping, found \(node.typeName)")
            return nil
        }
        var known: [DocumentNode.Member] = []
        known.reserveCapacity(members.count)
        for member in members {
            if allowed.contains(member.key) {
                known.append(member)
            } else {
                diagnostics.append(
                    Diagnostic(
                        .unknownField, at: SourceLocation(file: file, line: member.keyLine, column: member.keyColumn),
                        field: path() + "/" + DocumentDecoder.escapePointer(member.key),
                        "unknown field '\(member.key)'; expected one of: \(allowed.joined(separator: ", "))"))
            }
        }
        return Fields(node: node, path: path(), members: known)
    }

    /// Reads a mapping with arbitrary keys (a map keyed by language tag, say), in document order.
    public func map(_ node: DocumentNode, _ path: @autoclosure () -> String) -> [DocumentNode.Member]? {
        guard case .object(let members) = node.value else {
            report(.wrongType, node, path(), "expected a mapping, found \(node.typeName)")
            return nil
        }
        return members
    }

    /// The value of a required field, reporting it when missing.
    public func required(_ fields: Fields, _ key: String) -> DocumentNode? {
        if let value = fields[key] { return value }
        report(.missingField, fields.node, fields.path, "missing required field '\(key)'")
        return nil
    }

    /// Reads a string. A YAML plain scalar counts as a string, whatever it looks like.
    public func string(_ node: DocumentNode, _ path: @autoclosure () -> String) -> String? {
        switch node.value {
        case .string(let text), .scalar(let text): return text
        default:
            report(.wrongType, node, path(), "expected a string, found \(node.typeName)")
            return nil
        }
    }

    /// Reads a non-empty string with no leading or trailing white space.
    public func trimmedString(_ node: DocumentNode, _ path: @autoclosure () -> String) -> String? {
        guard let text = string(node, path()) else { return nil }
        if !TextForm.isTrimmed(text) {
            report(.invalidValue, node, path(), "expected a non-empty string without leading or trailing white space")
            return nil
        }
        return text
    }

    /// Reads an integer (a JSON integer or a plain YAML scalar of decimal digits).
    public func int(_ node: DocumentNode, _ path: @autoclosure () -> String) -> Int? {
        switch node.value {
        case .number(let text), .scalar(let text):
            if let value = Int(text) { return value }
        default: break
        }
        report(.wrongType, node, path(), "expected an integer, found \(node.typeName)")
        return nil
    }

    /// Reads a finite number.
    public func double(_ node: DocumentNode, _ path: @autoclosure () -> String) -> Double? {
        switch node.value {
        case .number(let text), .scalar(let text):
            if let value = Double(text), value.isFinite { return value }
        default: break
        }
        report(.wrongType, node, path(), "expected a number, found \(node.typeName)")
        return nil
    }

    /// Reads a boolean: JSON `true`/`false`, or exactly the YAML plain scalars `true` and `false`.
    public func bool(_ node: DocumentNode, _ path: @autoclosure () -> String) -> Bool? {
        switch node.value {
        case .bool(let value): return value
        case .scalar("true"): return true
        case .scalar("false"): return false
        default:
            report(.wrongType, node, path(), "expected true or false, found \(node.typeName)")
            return nil
        }
    }

    /// Reads a list, giving each element with its JSON Pointer.
    public func array(_ node: DocumentNode, _ path: String) -> [(node: DocumentNode, path: String)]? {
        guard case .array(let elements) = node.value else {
            report(.wrongType, node, path, "expected a list, found \(node.typeName)")
            return nil
        }
        return elements.enumerated().map { ($0.element, "\(path)/\($0.offset)") }
    }

    /// Reads a list of trimmed strings.
    public func strings(_ node: DocumentNode, _ path: String) -> [String]? {
        guard let elements = array(node, path) else { return nil }
        return elements.compactMap { trimmedString($0.node, $0.path) }
    }

    /// Reads a string that must be one of a type's raw values.
    public func enumeration<T: RawRepresentable & CaseIterable>(
        _ type: T.Type, _ node: DocumentNode, _ path: @autoclosure () -> String
    ) -> T? where T.RawValue == String {
        guard let text = string(node, path()) else { return nil }
        if let value = T(rawValue: text) { return value }
        let allowed = T.allCases.map(\.rawValue).joined(separator: ", ")
        report(.invalidValue, node, path(), "'\(text)' is not allowed here; expected one of: \(allowed)")
        return nil
    }
}
