/// An error that stops work: a file that cannot be read or written, a usage mistake, findings that make a
/// result impossible.
///
/// A struct with an extensible ``Code`` rather than an enum, so that new kinds never break callers.
public struct HarmAtlasError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of failure this is.
    public struct Code: RawRepresentable, Hashable, Sendable {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        /// The caller asked for something that cannot be done with these arguments.
        public static let usage = Code(rawValue: "usage")
        /// A file could not be read, written or found.
        public static let io = Code(rawValue: "io")
        /// The input has findings that make the result impossible.
        public static let invalidInput = Code(rawValue: "invalid-input")
        /// A C library reported a failure.
        public static let library = Code(rawValue: "library")
    }

    /// The kind of failure.
    public var code: Code
    /// What went wrong and how to fix it.
    public var message: String
    /// The findings behind the failure, when there are any.
    public var diagnostics: [Diagnostic]

    /// Creates an error.
    public init(_ code: Code, _ message: String, diagnostics: [Diagnostic] = []) {
        self.code = code
        self.message = message
        self.diagnostics = diagnostics
    }

    public var description: String {
        ([message] + diagnostics.map(\.description)).joined(separator: "\n")
    }
}
