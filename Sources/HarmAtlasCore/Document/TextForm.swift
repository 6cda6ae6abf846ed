/// The forms a string value must have, shared by the document decoders and the byte-level item reader so that
/// both accept exactly the same values.
enum TextForm {
    /// Non-empty, with no leading or trailing white space.
    static func isTrimmed(_ text: String) -> Bool {
        if let verdict = asciiTrimmed(text.utf8.first, text.utf8.last) { return verdict }
        guard let first = text.first, let last = text.last else { return false }
        return !first.isWhitespace && !last.isWhitespace
    }

    /// The same for valid UTF-8 bytes.
    static func isTrimmed(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        asciiTrimmed(utf8.first, utf8.last) ?? isTrimmed(String(decoding: utf8, as: UTF8.self))
    }

    /// An ASCII first and last byte settles it without looking at characters: no character that starts or ends
    /// with such a byte is white space unless the byte is. `nil` when either is not ASCII (or the text is empty).
    private static func asciiTrimmed(_ first: UInt8?, _ last: UInt8?) -> Bool? {
        guard let first, let last, first < 0x80, last < 0x80 else { return nil }
        return first != 0x20 && !(0x09...0x0D).contains(first) && last != 0x20 && !(0x09...0x0D).contains(last)
    }

    /// 64 lower-case hex digits, after `sha256:` when `prefixed`.
    static func isSHA256(_ text: String, prefixed: Bool) -> Bool {
        var text = text
        return text.withUTF8 { utf8 in
            let start = prefixed ? 7 : 0
            guard utf8.count == start + 64, !prefixed || utf8.starts(with: "sha256:".utf8) else { return false }
            return utf8[start...].allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
        }
    }

    /// A path inside a benchmark folder: relative, `/`-separated, no empty, `.` or `..` components, no backslash,
    /// no control characters; trimmed.
    static func isRelativePath(_ text: String) -> Bool {
        guard isTrimmed(text) else { return false }
        // Segments between '/' are neither empty nor '.' nor '..'; no control character, no backslash.
        var text = text
        return text.withUTF8 { utf8 in
            var length = 0
            var dots = 0
            for byte in utf8 {
                if byte < 0x20 || byte == 0x5C { return false }
                if byte == 0x2F {
                    guard length > dots || length > 2 else { return false }
                    length = 0
                    dots = 0
                } else {
                    length += 1
                    if byte == 0x2E { dots += 1 }
                }
            }
            return length > dots || length > 2
        }
    }

    /// An SPDX licence expression: identifiers joined by `AND`, `OR` and `WITH`, with parentheses; trimmed.
    static func isSPDXExpression(_ text: String) -> Bool {
        guard isTrimmed(text) else { return false }
        let tokens = text.replacing("(", with: " ").replacing(")", with: " ").split(separator: " ")
        return !tokens.isEmpty
            && tokens.allSatisfy { token in
                ["AND", "OR", "WITH"].contains(token)
                    || token.allSatisfy {
                        $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "." || $0 == "+" || $0 == ":")
                    }
            }
    }
}
