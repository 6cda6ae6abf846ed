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
}
