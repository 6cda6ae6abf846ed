/// One record of a source file: a CSV row under its header, or a JSON value.
public enum SourceRecord: Sendable {
    /// A CSV or TSV row; `header` names the cells.
    case row(header: [String: Int], cells: [String])
    /// A JSON object from an array or a JSON Lines file.
    case json(DocumentNode)

    /// The value of a field as text: a cell, or a JSON string, number or boolean (other JSON values as compact
    /// JSON). `nil` when the field is absent or JSON `null`.
    public func text(_ field: String) -> String? {
        switch self {
        case .row(let header, let cells):
            guard let index = header[field], index < cells.count else { return nil }
            return cells[index]
        case .json(let node):
            guard let value = SourceRecord.lookup(node, field) else { return nil }
            switch value.value {
            case .null: return nil
            case .string(let text), .scalar(let text), .number(let text): return text
            case .bool(let flag): return flag ? "true" : "false"
            default: return String(decoding: value.compactJSONBytes(), as: UTF8.self)
            }
        }
    }

    /// The value of a field as a list of texts when it is a JSON array; otherwise `nil`.
    public func list(_ field: String) -> [String]? {
        guard case .json(let node) = self, let value = SourceRecord.lookup(node, field),
            case .array(let elements) = value.value
        else { return nil }
        return elements.compactMap {
            switch $0.value {
            case .string(let text), .scalar(let text), .number(let text): text
            default: nil
            }
        }
    }

    /// The JSON value at a field, for JSON records.
    public func node(_ field: String) -> DocumentNode? {
        guard case .json(let node) = self else { return nil }
        return SourceRecord.lookup(node, field)
    }

    /// A top-level key, or a JSON Pointer when the field starts with `/`.
    public static func lookup(_ node: DocumentNode, _ field: String) -> DocumentNode? {
        let tokens =
            field.hasPrefix("/")
            ? field.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map {
                String($0).replacing("~1", with: "/").replacing("~0", with: "~")
            }
            : [field]
        var current = node
        for token in tokens {
            switch current.value {
            case .object(let members):
                guard let member = members.first(where: { $0.key == token }) else { return nil }
                current = member.value
            case .array(let elements):
                guard let index = Int(token), elements.indices.contains(index) else { return nil }
                current = elements[index]
            default:
                return nil
            }
        }
        return current
    }
}
