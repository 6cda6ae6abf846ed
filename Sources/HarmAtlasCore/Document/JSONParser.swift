/// A strict RFC 8259 JSON parser that reports line and column.
///
/// It refuses what Foundation on Linux lets through (trailing commas, comments, single quotes, leading zeros,
/// invalid UTF-8, lone surrogates, control characters inside strings) and reports duplicate keys instead of
/// keeping one of the values silently. A leading UTF-8 byte order mark is skipped. Nesting deeper than
/// `maxDepth` is refused rather than risking the stack.
public struct JSONParser {
    /// The deepest nesting accepted by default.
    public static let defaultMaxDepth = 128

    private let bytes: [UInt8]
    private let file: String
    private let maxDepth: Int
    private var index = 0
    private var line = 1
    private var column = 1
    private var diagnostics: [Diagnostic] = []

    private struct Failure: Error {
        let diagnostic: Diagnostic
    }

    private init(bytes: [UInt8], file: String, maxDepth: Int) {
        self.bytes = bytes
        self.file = file
        self.maxDepth = maxDepth
    }

    /// Parses one JSON document.
    ///
    /// - Returns: the tree, or `nil` when the text is not JSON, and every finding (syntax errors stop at the
    ///   first; duplicate keys are all reported).
    public static func parse(
        _ bytes: some Collection<UInt8>, file: String, firstLine: Int = 1, maxDepth: Int = defaultMaxDepth
    ) -> (node: DocumentNode?, diagnostics: [Diagnostic]) {
        var parser = JSONParser(bytes: Array(bytes), file: file, maxDepth: maxDepth)
        parser.line = firstLine
        do throws(Failure) {
            if parser.bytes.starts(with: [0xEF, 0xBB, 0xBF]) { parser.index = 3 }
            parser.skipWhitespace()
            let node = try parser.parseValue(depth: 0)
            parser.skipWhitespace()
            if parser.index < parser.bytes.count {
                throw parser.failure(
                    "expected the end of the document after the value, found \(parser.describeCurrent())")
            }
            return (node, parser.diagnostics)
        } catch {
            return (nil, parser.diagnostics + [error.diagnostic])
        }
    }

    private func failure(_ message: String, code: RuleCode = .syntax) -> Failure {
        Failure(diagnostic: Diagnostic(code, at: SourceLocation(file: file, line: line, column: column), message))
    }

    private func describeCurrent() -> String {
        guard index < bytes.count else { return "the end of the input" }
        let byte = bytes[index]
        if byte >= 0x21 && byte < 0x7F { return "'\(String(UnicodeScalar(byte)))'" }
        return "byte 0x\(String(byte, radix: 16, uppercase: true))"
    }

    private mutating func advance() {
        if bytes[index] == 0x0A {
            line += 1
            column = 1
        } else if bytes[index] & 0xC0 != 0x80 {
            column += 1
        }
        index += 1
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: advance()
            default: return
            }
        }
    }

    private mutating func parseValue(depth: Int) throws(Failure) -> DocumentNode {
        guard index < bytes.count else { throw failure("expected a value, found the end of the input") }
        let startLine = line
        let startColumn = column
        switch bytes[index] {
        case 0x7B:
            return DocumentNode(.object(try parseObject(depth: depth + 1)), line: startLine, column: startColumn)
        case 0x5B:
            return DocumentNode(.array(try parseArray(depth: depth + 1)), line: startLine, column: startColumn)
        case 0x22:
            return DocumentNode(.string(try parseString()), line: startLine, column: startColumn)
        case 0x74:
            try expectLiteral("true")
            return DocumentNode(.bool(true), line: startLine, column: startColumn)
        case 0x66:
            try expectLiteral("false")
            return DocumentNode(.bool(false), line: startLine, column: startColumn)
        case 0x6E:
            try expectLiteral("null")
            return DocumentNode(.null, line: startLine, column: startColumn)
        case 0x2D, 0x30...0x39:
            return DocumentNode(.number(try parseNumber()), line: startLine, column: startColumn)
        default:
            throw failure(
                "expected a value (object, array, string, number, true, false or null), found \(describeCurrent())")
        }
    }

    private mutating func expectLiteral(_ literal: String) throws(Failure) {
        for expected in literal.utf8 {
            guard index < bytes.count, bytes[index] == expected else {
                throw failure("expected '\(literal)', found \(describeCurrent())")
            }
            advance()
        }
    }

    private mutating func parseObject(depth: Int) throws(Failure) -> [DocumentNode.Member] {
        if depth > maxDepth { throw failure("nesting deeper than \(maxDepth) levels", code: .tooDeep) }
        advance()
        var members: [DocumentNode.Member] = []
        var seen: [String: Int] = [:]
        skipWhitespace()
        if index < bytes.count, bytes[index] == 0x7D {
            advance()
            return members
        }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == 0x22 else {
                throw failure("expected a key in double quotes, found \(describeCurrent())")
            }
            let keyLine = line
            let keyColumn = column
            let key = try parseString()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == 0x3A else {
                throw failure("expected ':' after the key, found \(describeCurrent())")
            }
            advance()
            skipWhitespace()
            let value = try parseValue(depth: depth)
            if let firstLine = seen[key] {
                diagnostics.append(
                    Diagnostic(
                        .duplicateKey, at: SourceLocation(file: file, line: keyLine, column: keyColumn),
                        "key \"\(key)\" appears again (first on line \(firstLine)); each key may appear once"))
            } else {
                seen[key] = keyLine
                members.append(DocumentNode.Member(key: key, keyLine: keyLine, keyColumn: keyColumn, value: value))
            }
            skipWhitespace()
            guard index < bytes.count else { throw failure("expected ',' or '}', found the end of the input") }
            if bytes[index] == 0x2C {
                advance()
                continue
            }
            if bytes[index] == 0x7D {
                advance()
                return members
            }
            throw failure("expected ',' or '}', found \(describeCurrent())")
        }
    }

    private mutating func parseArray(depth: Int) throws(Failure) -> [DocumentNode] {
        if depth > maxDepth { throw failure("nesting deeper than \(maxDepth) levels", code: .tooDeep) }
        advance()
        var elements: [DocumentNode] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == 0x5D {
            advance()
            return elements
        }
        while true {
            skipWhitespace()
            elements.append(try parseValue(depth: depth))
            skipWhitespace()
            guard index < bytes.count else { throw failure("expected ',' or ']', found the end of the input") }
            if bytes[index] == 0x2C {
                advance()
                continue
            }
            if bytes[index] == 0x5D {
                advance()
                return elements
            }
            throw failure("expected ',' or ']', found \(describeCurrent())")
        }
    }

    private mutating func parseNumber() throws(Failure) -> String {
        let start = index
        if bytes[index] == 0x2D { advance() }
        guard index < bytes.count, (0x30...0x39).contains(bytes[index]) else {
            throw failure("expected a digit in the number, found \(describeCurrent())")
        }
        if bytes[index] == 0x30 {
            advance()
            if index < bytes.count, (0x30...0x39).contains(bytes[index]) {
                throw failure("numbers may not have leading zeros")
            }
        } else {
            while index < bytes.count, (0x30...0x39).contains(bytes[index]) { advance() }
        }
        if index < bytes.count, bytes[index] == 0x2E {
            advance()
            guard index < bytes.count, (0x30...0x39).contains(bytes[index]) else {
                throw failure("expected a digit after the decimal point, found \(describeCurrent())")
            }
            while index < bytes.count, (0x30...0x39).contains(bytes[index]) { advance() }
        }
        if index < bytes.count, bytes[index] == 0x65 || bytes[index] == 0x45 {
            advance()
            if index < bytes.count, bytes[index] == 0x2B || bytes[index] == 0x2D { advance() }
            guard index < bytes.count, (0x30...0x39).contains(bytes[index]) else {
                throw failure("expected a digit in the exponent, found \(describeCurrent())")
            }
            while index < bytes.count, (0x30...0x39).contains(bytes[index]) { advance() }
        }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    private mutating func parseString() throws(Failure) -> String {
        advance()
        var out: [UInt8] = []
        while true {
            guard index < bytes.count else { throw failure("unterminated string") }
            let byte = bytes[index]
            switch byte {
            case 0x22:
                advance()
                guard let string = UTF8Text.decode(out) else {
                    throw failure("string is not valid UTF-8", code: .syntax)
                }
                return string
            case 0x5C:
                advance()
                guard index < bytes.count else { throw failure("unterminated escape") }
                let escape = bytes[index]
                advance()
                switch escape {
                case 0x22: out.append(0x22)
                case 0x5C: out.append(0x5C)
                case 0x2F: out.append(0x2F)
                case 0x62: out.append(0x08)
                case 0x66: out.append(0x0C)
                case 0x6E: out.append(0x0A)
                case 0x72: out.append(0x0D)
                case 0x74: out.append(0x09)
                case 0x75:
                    var scalar = try parseHex4()
                    if (0xD800...0xDBFF).contains(scalar) {
                        guard index + 1 < bytes.count, bytes[index] == 0x5C, bytes[index + 1] == 0x75 else {
                            throw failure("a high surrogate escape must be followed by a low surrogate escape")
                        }
                        advance()
                        advance()
                        let low = try parseHex4()
                        guard (0xDC00...0xDFFF).contains(low) else {
                            throw failure("a high surrogate escape must be followed by a low surrogate escape")
                        }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else if (0xDC00...0xDFFF).contains(scalar) {
                        throw failure("a lone low surrogate escape is not a character")
                    }
                    out.append(contentsOf: Array(String(Character(UnicodeScalar(scalar)!)).utf8))
                default:
                    throw failure("unknown escape '\\\(String(UnicodeScalar(escape)))'")
                }
            case 0..<0x20:
                throw failure(
                    "control character 0x\(String(byte, radix: 16, uppercase: true)) must be escaped inside a string")
            default:
                out.append(byte)
                advance()
            }
        }
    }

    private mutating func parseHex4() throws(Failure) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard index < bytes.count else { throw failure("expected four hex digits after \\u") }
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case 0x30...0x39: digit = UInt32(byte - 0x30)
            case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
            default: throw failure("expected four hex digits after \\u, found \(describeCurrent())")
            }
            value = value * 16 + digit
            advance()
        }
        return value
    }
}
