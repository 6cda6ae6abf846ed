import CHarmAtlasKernels
import Foundation

/// Text from bytes that must be valid UTF-8. The bytes are checked once, in C (`harmatlas_utf8_check`), and copied
/// into a `String` without the standard library checking them again; its decoder is several times slower on
/// text that is not ASCII, and it is where a CSV import spent most of its time turning cells into text.
public enum UTF8Text {
    /// The text of `bytes`, or `nil` when they are not valid UTF-8: an overlong form, a surrogate, a scalar
    /// above U+10FFFF, a stray or missing continuation byte.
    public static func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        let check = harmatlas_utf8_check(bytes.baseAddress, bytes.count)
        guard check != 0 else { return nil }
        if #available(macOS 26, *) {
            return String(copying: UTF8Span(unchecked: bytes.span, isKnownASCII: check == 2))
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The text of `bytes`, or `nil` when they are not valid UTF-8.
    public static func decode(_ bytes: some Collection<UInt8>) -> String? {
        if let text = bytes.withContiguousStorageIfAvailable({ decode($0) }) { return text }
        return Array(bytes).withUnsafeBufferPointer { decode($0) }
    }

    /// Whether `bytes` are valid UTF-8.
    static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        harmatlas_utf8_check(bytes.baseAddress, bytes.count) != 0
    }

    /// The scalar that starts at `index`, moving `index` past it; `nil` when the bytes there are not a well-formed
    /// sequence by Unicode's table 3-7 (an overlong form, a surrogate, a scalar above U+10FFFF, a stray or
    /// missing continuation byte).
    @inline(__always) static func checkedScalar(_ bytes: UnsafeBufferPointer<UInt8>, at index: inout Int) -> UInt32? {
        let lead = bytes[index]
        let count = bytes.count
        switch lead {
        case 0..<0x80:
            index += 1
            return UInt32(lead)
        case 0xC2...0xDF:
            guard index + 1 < count, bytes[index + 1] & 0xC0 == 0x80 else { return nil }
        case 0xE0...0xEF:
            guard index + 2 < count, bytes[index + 2] & 0xC0 == 0x80 else { return nil }
            let second = bytes[index + 1]
            switch lead {
            case 0xE0: guard (0xA0...0xBF).contains(second) else { return nil }
            case 0xED: guard (0x80...0x9F).contains(second) else { return nil }
            default: guard second & 0xC0 == 0x80 else { return nil }
            }
        case 0xF0...0xF4:
            guard index + 3 < count, bytes[index + 2] & 0xC0 == 0x80, bytes[index + 3] & 0xC0 == 0x80 else {
                return nil
            }
            let second = bytes[index + 1]
            switch lead {
            case 0xF0: guard (0x90...0xBF).contains(second) else { return nil }
            case 0xF4: guard (0x80...0x8F).contains(second) else { return nil }
            default: guard second & 0xC0 == 0x80 else { return nil }
            }
        default: return nil
        }
        return scalar(bytes, at: &index)
    }

    /// The scalar that starts at `index` in valid UTF-8, moving `index` past it.
    @inline(__always) static func scalar(_ utf8: UnsafeBufferPointer<UInt8>, at index: inout Int) -> UInt32 {
        let lead = UInt32(utf8[index])
        switch lead {
        case 0..<0x80:
            index += 1
            return lead
        case 0xC0..<0xE0:
            defer { index += 2 }
            return (lead & 0x1F) << 6 | UInt32(utf8[index + 1] & 0x3F)
        case 0xE0..<0xF0:
            defer { index += 3 }
            return (lead & 0x0F) << 12 | UInt32(utf8[index + 1] & 0x3F) << 6 | UInt32(utf8[index + 2] & 0x3F)
        default:
            defer { index += 4 }
            return (lead & 0x07) << 18 | UInt32(utf8[index + 1] & 0x3F) << 12 | UInt32(utf8[index + 2] & 0x3F) << 6
                | UInt32(utf8[index + 3] & 0x3F)
        }
    }
}
