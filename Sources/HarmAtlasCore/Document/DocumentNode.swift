/// A parsed JSON or YAML value that remembers where it stood in its file.
///
/// JSON and YAML both read into this one tree, so one decoder turns either into the model with the same
/// diagnostics. YAML plain scalars stay untyped (``Value/scalar(_:)``) until a decoder asks for a type: a
/// field that expects a string reads `NO` as the text `NO`, never as `false`.
public struct DocumentNode: Sendable {
    /// The value of a node.
    public enum Value: Sendable {
        case null
        case bool(Bool)
        /// A JSON number, exactly as written.
        case number(String)
        /// A JSON string or a quoted YAML scalar.
        case string(String)
        /// A plain (unquoted) YAML scalar, not yet given a type.
        case scalar(String)
        case array([DocumentNode])
        case object([Member])
    }

    /// One key and value of an object, in document order.
    public struct Member: Sendable {
        /// The key.
        public var key: String
        /// Where the key stands.
        public var keyLine: Int
        /// Where the key stands.
        public var keyColumn: Int
        /// The value.
        public var value: DocumentNode

        /// Creates a member.
        public init(key: String, keyLine: Int, keyColumn: Int, value: DocumentNode) {
            self.key = key
            self.keyLine = keyLine
            self.keyColumn = keyColumn
            self.value = value
        }
    }

    /// The value.
    public var value: Value
    /// 1-based line where the value starts.
    public var line: Int
    /// 1-based column (in Unicode scalars) where the value starts.
    public var column: Int

    /// Creates a node.
    public init(_ value: Value, line: Int, column: Int) {
        self.value = value
        self.line = line
        self.column = column
    }

    /// A short name of the value's type, for messages.
    public var typeName: String {
        switch value {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string, .scalar: "a string"
        case .array: "a list"
        case .object: "a mapping"
        }
    }
}
