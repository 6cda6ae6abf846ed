/// A BCP 47 language tag in its normalised form: `en_US`, `en_us` and `EN-us` all become `en-US`.
///
/// Normalisation follows RFC 5646 §2.1.1: language subtags lower case, script subtags title case, region
/// subtags upper case, everything else lower case; `_` is read as `-`. Only the shape is checked here;
/// whether a subtag is registered is checked against registry data where the benchmark format needs it.
/// Primary language subtags of five to eight letters (reserved for registration, none in use) are refused.
public struct LanguageTag: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The normalised tag.
    public let rawValue: String

    /// Parses and normalises a tag; returns `nil` when it is not shaped like BCP 47.
    public init?(_ text: String) {
        let subtags = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "-" || $0 == "_" }).map(
            String.init)
        guard let first = subtags.first, (2...3).contains(first.count),
            first.allSatisfy({ $0.isASCII && $0.isLetter })
        else { return nil }
        var normalised = [first.lowercased()]
        // Subtags come in order: extended language, script, region, variants, then a singleton and extensions.
        var stage = 0  // 0 language, 1 extlang seen, 2 script seen, 3 region seen, 4 variants
        var afterSingleton = false
        for subtag in subtags.dropFirst() {
            guard (1...8).contains(subtag.count), subtag.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) })
            else { return nil }
            if afterSingleton {
                normalised.append(subtag.lowercased())
            } else if subtag.count == 1 {
                afterSingleton = true
                normalised.append(subtag.lowercased())
            } else if subtag.count == 3, subtag.allSatisfy(\.isLetter), stage == 0 {
                stage = 1
                normalised.append(subtag.lowercased())
            } else if subtag.count == 4, subtag.allSatisfy(\.isLetter), stage < 2 {
                stage = 2
                normalised.append(subtag.prefix(1).uppercased() + subtag.dropFirst().lowercased())
            } else if (subtag.count == 2 && subtag.allSatisfy(\.isLetter))
                || (subtag.count == 3 && subtag.allSatisfy(\.isNumber)),
                stage < 3
            {
                stage = 3
                normalised.append(subtag.uppercased())
            } else if subtag.count >= 5 || (subtag.count == 4 && subtag.first!.isNumber) {
                stage = 4
                normalised.append(subtag.lowercased())
            } else {
                return nil
            }
        }
        if normalised.last?.count == 1 { return nil }
        rawValue = normalised.joined(separator: "-")
    }

    /// The primary language subtag (`fr` of `fr-CA`).
    public var language: String { String(rawValue.prefix { $0 != "-" }) }

    /// The tags to try for this one, most specific first: `zh-Hant-TW`, `zh-Hant`, `zh` (RFC 4647 lookup).
    public var fallbackChain: [LanguageTag] {
        var chain: [LanguageTag] = [self]
        var subtags = rawValue.split(separator: "-").map(String.init)
        while subtags.count > 1 {
            subtags.removeLast()
            if subtags.last?.count == 1 { subtags.removeLast() }
            if let tag = LanguageTag(subtags.joined(separator: "-")) { chain.append(tag) }
        }
        return chain
    }

    public var description: String { rawValue }

    public static func < (lhs: LanguageTag, rhs: LanguageTag) -> Bool { lhs.rawValue < rhs.rawValue }
}
