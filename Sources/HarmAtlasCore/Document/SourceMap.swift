/// Where every value of a parsed document stood, by JSON Pointer, so that checks made on the decoded model can
/// still point at a line and column.
public struct SourceMap: Sendable {
    /// The file the document came from.
    public let file: String
    private var locations: [String: SourceLocation] = [:]

    /// Records the location of every value of `node`.
    public init(_ node: DocumentNode, file: String) {
        self.file = file
        collect(node, "")
    }

    /// A map with no locations: every pointer resolves to the file alone.
    public init(file: String) {
        self.file = file
    }

    private mutating func collect(_ node: DocumentNode, _ path: String) {
        locations[path] = SourceLocation(file: file, line: node.line, column: node.column)
        switch node.value {
        case .array(let elements):
            for (index, element) in elements.enumerated() { collect(element, "\(path)/\(index)") }
        case .object(let members):
            for member in members { collect(member.value, path + "/" + DocumentDecoder.escapePointer(member.key)) }
        default: break
        }
    }

    /// The location of `pointer`, or of its nearest enclosing value that has one, or of the file.
    public subscript(pointer: String) -> SourceLocation {
        var pointer = pointer
        while true {
            if let location = locations[pointer] { return location }
            guard let slash = pointer.lastIndex(of: "/") else { return SourceLocation(file: file) }
            pointer = String(pointer[..<slash])
        }
    }
}
