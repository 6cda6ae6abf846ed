import Foundation

/// Text from bytes that must be valid UTF-8. The standard library's decoder checks the bytes as it copies them
/// and replaces each ill-formed sequence with U+FFFD; the bytes were valid exactly when the text's UTF-8 is the
/// same bytes, which one `memcmp` tells. (The standard library's `String(validating:as:)` is generic and,
/// unspecialised, spends more time looking up type metadata than checking bytes.)
public enum UTF8Text {
    /// The text of `bytes`, or `nil` when they are not valid UTF-8: an overlong form, a surrogate, a scalar
    /// above U+10FFFF, a stray or missing continuation byte.
    public static func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        var text = String(decoding: bytes, as: UTF8.self)
        let same = text.withUTF8 { utf8 in
            utf8.count == bytes.count
                && (bytes.isEmpty || memcmp(utf8.baseAddress!, bytes.baseAddress!, bytes.count) == 0)
        }
        return same ? text : nil
    }

    /// The text of `bytes`, or `nil` when they are not valid UTF-8.
    public static func decode(_ bytes: some Collection<UInt8>) -> String? {
        if let text = bytes.withContiguousStorageIfAvailable({ decode($0) }) { return text }
        return Array(bytes).withUnsafeBufferPointer { decode($0) }
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
