/// Where a piece of text in a given language came from.
public enum TranslationOrigin: String, Hashable, Sendable, CaseIterable {
    /// Written or translated by a person.
    case human
    /// Machine-translated and not reviewed.
    case machine
    /// Machine-translated, then reviewed by a person.
    case reviewed
}

/// A text in one language with the origin of that translation.
public struct LocalizedText: Hashable, Sendable {
    /// The text.
    public var text: String
    /// Where it came from.
    public var origin: TranslationOrigin

    /// Creates a text.
    public init(_ text: String, origin: TranslationOrigin) {
        self.text = text
        self.origin = origin
    }
}

/// Texts keyed by BCP 47 language tag.
public typealias LocalizedTexts = [LanguageTag: LocalizedText]

/// A text chosen for a requested language, saying whether it had to fall back to another language.
public struct LocalizedChoice: Hashable, Sendable {
    /// The text chosen.
    public var text: LocalizedText
    /// The language it is in.
    public var language: LanguageTag
    /// Whether `language` differs from the one requested.
    public var isFallback: Bool
}

extension Dictionary where Key == LanguageTag, Value == LocalizedText {
    /// The text for `requested`, falling back along its BCP 47 chain (`fr-CA` → `fr`), then to `source`'s chain,
    /// then to the alphabetically first language present.
    public func choose(_ requested: LanguageTag, source: LanguageTag) -> LocalizedChoice? {
        for tag in requested.fallbackChain {
            if let text = self[tag] { return LocalizedChoice(text: text, language: tag, isFallback: tag != requested) }
        }
        for tag in source.fallbackChain {
            if let text = self[tag] { return LocalizedChoice(text: text, language: tag, isFallback: true) }
        }
        guard let tag = keys.min() else { return nil }
        return LocalizedChoice(text: self[tag]!, language: tag, isFallback: true)
    }
}
