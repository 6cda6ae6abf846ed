import CHarmAtlasKernels
import Foundation

/// A JSON value built by the model to be written out in canonical form.
///
/// The canonical form is UTF-8, object keys sorted by their UTF-8 bytes, two-space indentation, one member or
/// element per line, `\uXXXX` escapes only for control characters, and one final newline. The same value
/// always gives the same bytes, so a SHA-256 of them identifies the content.
public enum JSONValue: Hashable, Sendable {
    case null
    case bool(Bool)
    case int(Int)
    /// A finite number; written in Swift's shortest round-tripping form.
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// The canonical bytes of this value.
    public func canonicalBytes() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(4096)
        write(into: &out, indent: 0)
        out.append(0x0A)
        return out
    }

    /// The canonical text of this value.
    public func canonicalText() -> String { String(decoding: canonicalBytes(), as: UTF8.self) }

    /// For an object, each member written compactly as `"key":value`, in sorted key order.
    public func compactMembers() -> [(key: String, bytes: [UInt8])] {
        guard case .object(let members) = self else { return [] }
        return members.keys.sorted(by: JSONValue.precedes).map { key in
            var out: [UInt8] = []
            JSONValue.writeString(key, into: &out)
            out.append(0x3A)
            members[key]!.write(into: &out, indent: nil)
            return (key, out)
        }
    }

    /// The value written on one line with sorted keys and no spaces, as JSON Lines wants it.
    public func compactBytes() -> [UInt8] {
        var out: [UInt8] = []
        write(into: &out, indent: nil)
        return out
    }

    private func write(into out: inout [UInt8], indent: Int?) {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let value): out.append(contentsOf: (value ? "true" : "false").utf8)
        case .int(let value): out.append(contentsOf: String(value).utf8)
        case .double(let value):
            JSONValue.writeNumber(value, into: &out)
        case .string(let value): JSONValue.writeString(value, into: &out)
        case .array(let elements):
            if elements.isEmpty {
                out.append(contentsOf: [0x5B, 0x5D])
                return
            }
            out.append(0x5B)
            for (index, element) in elements.enumerated() {
                if index > 0 { out.append(0x2C) }
                JSONValue.newline(into: &out, indent: indent.map { $0 + 1 })
                element.write(into: &out, indent: indent.map { $0 + 1 })
            }
            JSONValue.newline(into: &out, indent: indent)
            out.append(0x5D)
        case .object(let members):
            if members.isEmpty {
                out.append(contentsOf: [0x7B, 0x7D])
                return
            }
            out.append(0x7B)
            for (index, member) in members.sorted(by: { JSONValue.precedes($0.key, $1.key) }).enumerated() {
                if index > 0 { out.append(0x2C) }
                JSONValue.newline(into: &out, indent: indent.map { $0 + 1 })
                JSONValue.writeString(member.key, into: &out)
                out.append(0x3A)
                if indent != nil { out.append(0x20) }
                member.value.write(into: &out, indent: indent.map { $0 + 1 })
            }
            JSONValue.newline(into: &out, indent: indent)
            out.append(0x7D)
        }
    }

    /// Appends a finite number in canonical form: an integer without a fraction, others in Swift's shortest
    /// round-tripping form.
    public static func writeNumber(_ value: Double, into out: inout [UInt8]) {
        precondition(value.isFinite, "JSON numbers are finite")
        if value == value.rounded(), abs(value) < 1e15 {
            out.append(contentsOf: String(Int(value)).utf8)
        } else {
            out.append(contentsOf: String(value).utf8)
        }
    }

    /// An integer in decimal, written without making a string.
    static func writeInteger<Out: ByteOutput & ~Copyable>(_ value: Int, into out: inout Out) {
        if value < 0 { out.append(0x2D) }
        var magnitude = value.magnitude
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var start = digits.count
            repeat {
                start -= 1
                digits[start] = 0x30 + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            out.append(UnsafeBufferPointer(rebasing: digits[start...]))
        }
    }

    /// Whether key `a` comes before key `b` in the order of their UTF-8 bytes.
    static func precedes(_ a: String, _ b: String) -> Bool {
        var (a, b) = (a, b)
        return a.withUTF8 { a in
            b.withUTF8 { b in
                let common = min(a.count, b.count)
                let order = common == 0 ? 0 : memcmp(a.baseAddress!, b.baseAddress!, common)
                return order != 0 ? order < 0 : a.count < b.count
            }
        }
    }

    private static func newline(into out: inout [UInt8], indent: Int?) {
        guard let indent else { return }
        out.append(0x0A)
        out.append(contentsOf: repeatElement(0x20, count: indent * 2))
    }

    /// Appends a string in canonical form: quoted, with `\"`, `\\`, the short escapes and `\uXXXX` for other
    /// control characters.
    public static func writeString(_ string: String, into out: inout [UInt8]) {
        writeString(string, to: &out)
    }

    /// ``writeString(_:into:)`` to any byte output.
    static func writeString<Out: ByteOutput & ~Copyable>(_ string: String, to out: inout Out) {
        out.append(0x22)
        // The string's bytes are borrowed where they are (a copy on the stack for a small string): `withUTF8`
        // needs a mutable copy, a retain and a release for every string written. Only a string bridged lazily
        // from Objective-C has no such bytes.
        let written: Void? = string.utf8.withContiguousStorageIfAvailable { writeEscaped($0, to: &out) }
        if written == nil {
            var copy = string
            copy.withUTF8 { writeEscaped($0, to: &out) }
        }
        out.append(0x22)
    }

    /// The bytes of a string between its quotes, escaped.
    private static func writeEscaped<Out: ByteOutput & ~Copyable>(
        _ bytes: UnsafeBufferPointer<UInt8>, to out: inout Out
    ) {
        var runStart = 0
        var index = 0
        while index < bytes.count {
            // Up to the next quote, backslash, control character or DEL, many bytes at a time.
            index += harmatlas_string_run(bytes.baseAddress! + index, bytes.count - index)
            guard index < bytes.count else { break }
            let byte = bytes[index]
            index += 1
            if runStart < index - 1 {
                out.append(UnsafeBufferPointer(rebasing: bytes[runStart..<index - 1]))
            }
            runStart = index
            out.append(0x5C)
            switch byte {
            case 0x22: out.append(0x22)
            case 0x5C: out.append(0x5C)
            case 0x0A: out.append(0x6E)
            case 0x0D: out.append(0x72)
            case 0x09: out.append(0x74)
            case 0x08: out.append(0x62)
            case 0x0C: out.append(0x66)
            default:
                out.append("u00")
                out.append(hexDigit(byte >> 4))
                out.append(hexDigit(byte & 0xF))
            }
        }
        if runStart < bytes.count { out.append(UnsafeBufferPointer(rebasing: bytes[runStart...])) }
    }
}

extension JSONValue {
    /// An object from pairs whose `nil` values are left out, so optional fields vanish from the output.
    public static func object(omittingNil pairs: [(String, JSONValue?)]) -> JSONValue {
        var members: [String: JSONValue] = [:]
        for (key, value) in pairs {
            if let value { members[key] = value }
        }
        return .object(members)
    }
}
