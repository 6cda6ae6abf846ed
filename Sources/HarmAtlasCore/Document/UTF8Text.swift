/// Text from bytes that must be valid UTF-8: one check, eight bytes at a time through ASCII runs, then the
/// string. (The standard library's `String(validating:as:)` is generic and, unspecialised, spends more time
/// looking up type metadata than checking bytes.)
public enum UTF8Text {
    /// The text of `bytes`, or `nil` when they are not valid UTF-8: an overlong form, a surrogate, a scalar
    /// above U+10FFFF, a stray or missing continuation byte.
    public static func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        isValid(bytes) ? String(decoding: bytes, as: UTF8.self) : nil
    }

    /// The text of `bytes`, or `nil` when they are not valid UTF-8.
    public static func decode(_ bytes: some Collection<UInt8>) -> String? {
        if let text = bytes.withContiguousStorageIfAvailable({ decode($0) }) { return text }
        return Array(bytes).withUnsafeBufferPointer { decode($0) }
    }

    /// Whether `utf8` is valid UTF-8.
    public static func isValid(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        let count = utf8.count
        func continuation(_ offset: Int) -> UInt8? {
            index + offset < count && utf8[index + offset] & 0xC0 == 0x80 ? utf8[index + offset] : nil
        }
        while index < count {
            // Runs of ASCII eight bytes at a time.
            if index + 8 <= count,
                UnsafeRawPointer(utf8.baseAddress! + index).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0
            {
                index += 8
                continue
            }
            let lead = utf8[index]
            switch lead {
            case 0..<0x80:
                index += 1
            case 0xC2..<0xE0:
                guard continuation(1) != nil else { return false }
                index += 2
            case 0xE0..<0xF0:
                guard let second = continuation(1), continuation(2) != nil,
                    lead != 0xE0 || second >= 0xA0, lead != 0xED || second < 0xA0
                else { return false }
                index += 3
            case 0xF0..<0xF5:
                guard let second = continuation(1), continuation(2) != nil, continuation(3) != nil,
                    lead != 0xF0 || second >= 0x90, lead != 0xF4 || second < 0x90
                else { return false }
                index += 4
            default:
                return false
            }
        }
        return true
    }
}
