import Crypto
import Foundation

/// The text duplicate detection compares, and its shingles.
///
/// **Canonical text**, in this order: characters that render as nothing are removed (zero-width characters,
/// joiners, bidi controls, tag characters, the soft hyphen: ``TextInspector/isInvisible(_:)``); the rest is put
/// in Unicode normalisation form NFKC; it is case folded (full case folding, `ß` → `ss`, as Python's
/// `str.casefold`); runs of white space (Unicode's White_Space and U+001C–U+001F, as Python's
/// `str.split` sees it) become one space and leading and trailing white space is dropped. Two
/// texts with the same canonical text are exact duplicates; the exact key is the SHA-256 of its UTF-8 bytes.
///
/// **Shingles** are the character n-grams of the canonical text, with n chosen by script: texts written mostly
/// in scripts without spaces between words (Han, kana, Thai, Lao, Khmer, Myanmar) use ``unspacedShingleSize``,
/// all others ``spacedShingleSize``. A text shorter than n is one shingle; an empty text has none and matches
/// nothing. Each shingle is hashed to 64 bits by a fixed, seeded function (FNV-1a over the scalars, then the
/// SplitMix64 finaliser), never Swift's per-process `Hasher`, so signatures are the same on every run and machine.
public enum DedupText {
    /// The n-gram size for texts in scripts that separate words with spaces.
    public static let spacedShingleSize = 4
    /// The n-gram size for texts in scripts without spaces between words.
    public static let unspacedShingleSize = 2

    /// The canonical text of `text`.
    public static func canonical(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return collapsingWhiteSpace(asciiLowercased: text) }
        var visible = String.UnicodeScalarView()
        for scalar in text.unicodeScalars where !TextInspector.isInvisible(scalar) { visible.append(scalar) }
        let folded = String(visible).precomposedStringWithCompatibilityMapping.folding(
            options: [.caseInsensitive], locale: nil)
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in folded.unicodeScalars {
            if isSpace(scalar) {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace {
                out.append(" ")
                pendingSpace = false
            }
            out.append(scalar)
        }
        return String(out)
    }

    private static func collapsingWhiteSpace(asciiLowercased text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for byte in text.utf8 {
            if byte == 0x20 || (0x09...0x0D).contains(byte) || (0x1C...0x1F).contains(byte) {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace {
                out.append(0x20)
                pendingSpace = false
            }
            out.append((0x41...0x5A).contains(byte) ? byte | 0x20 : byte)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// White space as Python's `str.split` sees it: Unicode's White_Space and the information separators
    /// U+001C–U+001F.
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace || (0x1C...0x1F).contains(scalar.value)
    }

    /// The exact key: the SHA-256 of the canonical text's UTF-8 bytes, lower-case hex.
    public static func exactKey(ofCanonical canonical: String) -> String {
        SHA256.hash(data: Array(canonical.utf8)).hexString
    }

    /// Whether a text is written mostly in scripts without spaces between words.
    public static func isUnspaced(_ scalars: [Unicode.Scalar]) -> Bool {
        var unspaced = 0
        var letters = 0
        for scalar in scalars where scalar.value >= 0x41 {
            guard let script = TextInspector.Script.of(scalar) else { continue }
            letters += 1
            switch script {
            case .han, .kana, .thai, .lao, .khmer, .myanmar: unspaced += 1
            default: break
            }
        }
        return unspaced * 2 > letters
    }

    /// The sorted, distinct 64-bit hashes of the shingles of a canonical text.
    public static func shingles(ofCanonical canonical: String) -> [UInt64] {
        let scalars = Array(canonical.unicodeScalars)
        guard !scalars.isEmpty else { return [] }
        let size = min(isUnspaced(scalars) ? unspacedShingleSize : spacedShingleSize, scalars.count)
        var hashes: [UInt64] = []
        hashes.reserveCapacity(scalars.count - size + 1)
        for start in 0...(scalars.count - size) {
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for scalar in scalars[start..<(start + size)] {
                hash = (hash ^ UInt64(scalar.value)) &* 0x100_0000_01b3
            }
            hashes.append(mix(hash))
        }
        hashes.sort()
        var unique = 0
        for hash in hashes where unique == 0 || hashes[unique - 1] != hash {
            hashes[unique] = hash
            unique += 1
        }
        hashes.removeLast(hashes.count - unique)
        return hashes
    }

    /// The SplitMix64 finaliser.
    @inline(__always) static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9e37_79b9_7f4a_7c15
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    /// The Jaccard similarity of two sorted, distinct hash lists.
    public static func jaccard(_ a: ArraySlice<UInt64>, _ b: ArraySlice<UInt64>) -> Double {
        if a.isEmpty || b.isEmpty { return 0 }
        var i = a.startIndex
        var j = b.startIndex
        var shared = 0
        while i < a.endIndex && j < b.endIndex {
            if a[i] == b[j] {
                shared += 1
                i += 1
                j += 1
            } else if a[i] < b[j] {
                i += 1
            } else {
                j += 1
            }
        }
        return Double(shared) / Double(a.count + b.count - shared)
    }
}
