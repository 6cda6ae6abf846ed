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
        String(decoding: utf8(canonicalScalars(text)), as: UTF8.self)
    }

    /// The canonical text as scalar values. Texts holding no scalar that NFKC may change, other than full-width
    /// ASCII (which it maps to ASCII), skip the normaliser and are read in one pass over their UTF-8; case
    /// folding uses the table generated from Python's `unicodedata`.
    public static func canonicalScalars(_ text: String) -> [UInt32] {
        let unchanged = passesUnchanged
        var text = text
        if let direct = text.withUTF8({ canonicalWithoutNFKC($0, unchanged) }) { return direct }
        var visible: [UInt32] = []
        for scalar in text.unicodeScalars where !TextInspector.isInvisible(scalar) { visible.append(scalar.value) }
        var view = String.UnicodeScalarView()
        for value in visible { view.append(Unicode.Scalar(value)!) }
        var out: [UInt32] = []
        var pendingSpace = false
        for scalar in String(view).precomposedStringWithCompatibilityMapping.unicodeScalars {
            appendCanonical(scalar.value, to: &out, pendingSpace: &pendingSpace, unchanged)
        }
        return out
    }

    /// The canonical scalars of valid UTF-8, or `nil` at the first scalar NFKC may change.
    private static func canonicalWithoutNFKC(_ utf8: UnsafeBufferPointer<UInt8>, _ unchanged: [UInt64]) -> [UInt32]? {
        var out: [UInt32] = []
        out.reserveCapacity(utf8.count)
        var pendingSpace = false
        var index = 0
        while index < utf8.count {
            let value = UTF8Text.scalar(utf8, at: &index)
            if value >= 0x80 && !passes(value, unchanged) {
                if TextInspector.isInvisible(Unicode.Scalar(value)!) { continue }
                if (0xFF01...0xFF5E).contains(value) {
                    // Full-width ASCII, which NFKC maps to ASCII. Whatever could compose with the result (a
                    // combining mark) is itself in the NFKC table and sends the text to the normaliser.
                    appendCanonical(value - 0xFEE0, to: &out, pendingSpace: &pendingSpace, unchanged)
                    continue
                }
                if maybeChangedByNFKC(value) { return nil }
            }
            appendCanonical(value, to: &out, pendingSpace: &pendingSpace, unchanged)
        }
        return out
    }

    /// Appends a visible, NFKC-normalised scalar: white space held back as one pending space, written before
    /// the next other scalar; the rest case folded.
    @inline(__always) private static func appendCanonical(
        _ value: UInt32, to out: inout [UInt32], pendingSpace: inout Bool, _ unchanged: [UInt64]
    ) {
        if value >= 0x80 && passes(value, unchanged) {
            if pendingSpace {
                out.append(0x20)
                pendingSpace = false
            }
            out.append(value)
            return
        }
        if isSpace(value) {
            pendingSpace = !out.isEmpty
            return
        }
        if pendingSpace {
            out.append(0x20)
            pendingSpace = false
        }
        if value < 0x80 {
            out.append((0x41...0x5A).contains(value) ? value | 0x20 : value)
        } else if let fold = foldIndex(value) {
            out.append(contentsOf: caseFoldTargets[Int(caseFoldStarts[fold])..<Int(caseFoldStarts[fold + 1])])
        } else {
            out.append(value)
        }
    }

    /// One bit for each scalar of the Basic Multilingual Plane that canonicalisation passes through as it is:
    /// not invisible, not white space, not changed by NFKC, not case folded. Most scalars of most scripts are;
    /// the bit spares them the table searches.
    private static let passesUnchanged: [UInt64] = {
        var bits = [UInt64](repeating: 0, count: 0x10000 / 64)
        for value in UInt32(0x80)..<0x10000 {
            guard let scalar = Unicode.Scalar(value), !TextInspector.isInvisible(scalar), !isSpace(value),
                !maybeChangedByNFKC(value), foldIndex(value) == nil
            else { continue }
            bits[Int(value >> 6)] |= 1 << UInt64(value & 63)
        }
        return bits
    }()

    @inline(__always) private static func passes(_ value: UInt32, _ bits: [UInt64]) -> Bool {
        value < 0x10000 && bits[Int(value >> 6)] >> UInt64(value & 63) & 1 != 0
    }

    /// White space as Python's `str.split` sees it.
    static func isSpace(_ value: UInt32) -> Bool {
        switch value {
        case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            true
        default: false
        }
    }

    private static func maybeChangedByNFKC(_ value: UInt32) -> Bool {
        var low = 0
        var high = nfkcMaybeChanged.count / 2
        while low < high {
            let middle = (low + high) / 2
            if nfkcMaybeChanged[middle * 2 + 1] < value { low = middle + 1 } else { high = middle }
        }
        return low < nfkcMaybeChanged.count / 2 && nfkcMaybeChanged[low * 2] <= value
    }

    /// Where `value` is in the case folding table, if it is there.
    private static func foldIndex(_ value: UInt32) -> Int? {
        var low = 0
        var high = caseFoldScalars.count
        while low < high {
            let middle = (low + high) / 2
            if caseFoldScalars[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low < caseFoldScalars.count && caseFoldScalars[low] == value ? low : nil
    }

    /// UTF-8 bytes of scalar values.
    static func utf8(_ scalars: [UInt32]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(scalars.count)
        for value in scalars {
            switch value {
            case 0..<0x80: bytes.append(UInt8(value))
            case 0x80..<0x800:
                bytes.append(UInt8(0xC0 | value >> 6))
                bytes.append(UInt8(0x80 | value & 0x3F))
            case 0x800..<0x10000:
                bytes.append(UInt8(0xE0 | value >> 12))
                bytes.append(UInt8(0x80 | value >> 6 & 0x3F))
                bytes.append(UInt8(0x80 | value & 0x3F))
            default:
                bytes.append(UInt8(0xF0 | value >> 18))
                bytes.append(UInt8(0x80 | value >> 12 & 0x3F))
                bytes.append(UInt8(0x80 | value >> 6 & 0x3F))
                bytes.append(UInt8(0x80 | value & 0x3F))
            }
        }
        return bytes
    }

    /// The exact key: the SHA-256 of the canonical text's UTF-8 bytes, lower-case hex.
    public static func exactKey(ofCanonical canonical: String) -> String {
        SHA256Hasher.hash(canonical.utf8).hexString
    }

    /// Whether a text is written mostly in scripts without spaces between words.
    public static func isUnspaced(_ scalars: [UInt32]) -> Bool {
        scalars.withUnsafeBufferPointer { isUnspaced($0) }
    }

    static func isUnspaced(_ scalars: UnsafeBufferPointer<UInt32>) -> Bool {
        var unspaced = 0
        var letters = 0
        for value in scalars where value >= 0x41 {
            if value < 0x80 {
                if (0x61...0x7A).contains(value | 0x20) { letters += 1 }  // Latin
                continue
            }
            guard let scalar = Unicode.Scalar(value), let script = TextInspector.Script.of(scalar) else { continue }
            letters += 1
            switch script {
            case .han, .kana, .thai, .lao, .khmer, .myanmar: unspaced += 1
            default: break
            }
        }
        return unspaced * 2 > letters
    }

    /// The 64-bit hashes of the shingles of a canonical text, in text order, repeats included.
    public static func shingleHashes(_ scalars: [UInt32]) -> [UInt64] {
        var hashes: [UInt64] = []
        hashes.reserveCapacity(scalars.count)
        scalars.withUnsafeBufferPointer { appendShingleHashes($0, to: &hashes) }
        return hashes
    }

    static func appendShingleHashes(_ scalars: UnsafeBufferPointer<UInt32>, to hashes: inout [UInt64]) {
        guard !scalars.isEmpty else { return }
        let size = min(isUnspaced(scalars) ? unspacedShingleSize : spacedShingleSize, scalars.count)
        for start in 0...(scalars.count - size) {
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for offset in 0..<size { hash = (hash ^ UInt64(scalars[start + offset])) &* 0x100_0000_01b3 }
            hashes.append(mix(hash))
        }
    }

    /// The scalar values of valid UTF-8 (a canonical text as the index keeps it), replacing those in `scalars`.
    static func decodeScalars(_ utf8: UnsafeBufferPointer<UInt8>, into scalars: inout [UInt32]) {
        scalars.removeAll(keepingCapacity: true)
        var index = 0
        while index < utf8.count { scalars.append(UTF8Text.scalar(utf8, at: &index)) }
    }

    /// The sorted, distinct 64-bit hashes of the shingles of a canonical text: its shingle set.
    public static func shingles(ofCanonical canonical: String) -> [UInt64] {
        var hashes = shingleHashes(canonical.unicodeScalars.map(\.value))
        hashes.sortIntegersRemovingRepeats()
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
