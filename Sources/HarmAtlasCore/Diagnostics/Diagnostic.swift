/// Where a finding points: a file and, when known, a 1-based line and column.
public struct SourceLocation: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The file as the user named it.
    public var file: String
    /// 1-based line, or `nil` when the finding concerns the whole file.
    public var line: Int?
    /// 1-based column, or `nil` when the finding concerns the whole line.
    public var column: Int?

    /// Creates a location.
    public init(file: String, line: Int? = nil, column: Int? = nil) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:column`, dropping the parts that are unknown.
    public var description: String {
        var text = file
        if let line {
            text += ":\(line)"
            if let column { text += ":\(column)" }
        }
        return text
    }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.file, lhs.line ?? 0, lhs.column ?? 0) < (rhs.file, rhs.line ?? 0, rhs.column ?? 0)
    }
}

/// One finding about an input: a stable rule code, a severity, a location and a message that says what was
/// expected.
///
/// Findings are returned in arrays rather than thrown so that a contributor sees every problem in one run.
/// Messages never quote dataset text (prompts are harmful text); they name fields, ids and codes.
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
    /// How serious a finding is.
    public enum Severity: String, Hashable, Sendable, Comparable {
        case error, warning, note

        private var rank: Int {
            switch self {
            case .error: 0
            case .warning: 1
            case .note: 2
            }
        }

        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
    }

    /// The stable rule code, such as `HA104`.
    public var code: RuleCode
    /// How serious the finding is.
    public var severity: Severity
    /// Where the finding points.
    public var location: SourceLocation
    /// The field the finding concerns, as a JSON Pointer (`/categories/3/parents/0`), when there is one.
    public var field: String?
    /// What is wrong and what was expected.
    public var message: String

    /// Creates a finding; the severity defaults to the rule's own.
    public init(
        _ code: RuleCode, at location: SourceLocation, field: String? = nil, severity: Severity? = nil,
        _ message: String
    ) {
        self.code = code
        self.severity = severity ?? code.defaultSeverity
        self.location = location
        self.field = field
        self.message = message
    }

    /// `file:line:col: error[HA104]: message (at /json/pointer)`.
    public var description: String {
        var text = "\(location): \(severity.rawValue)[\(code.rawValue)]: \(message)"
        if let field, !field.isEmpty { text += " (at \(field))" }
        return text
    }
}

extension Array where Element == Diagnostic {
    /// Whether any finding is an error.
    public var hasErrors: Bool { contains { $0.severity == .error } }

    /// The findings ordered by file, line and column, then code.
    public func sortedByLocation() -> [Diagnostic] {
        sorted { ($0.location, $0.code.rawValue) < ($1.location, $1.code.rawValue) }
    }
}
