/// The registered language, script and region codes that BCP 47 tags are built from, with English names.
///
/// The tables are generated from Debian's iso-codes data (ISO 639-1/-3/-5, ISO 15924, ISO 3166-1) plus the
/// UN M.49 area codes BCP 47 admits, by `Scripts/generate-language-tables`.
public enum LanguageRegistry {
    static let languages = parse(languageTable)
    static let twoLetter = parse(twoLetterTable)
    static let scripts = parse(scriptTable)
    static let regions = parse(regionTable)

    private static func parse(_ table: String) -> [String: String] {
        var result: [String: String] = [:]
        // By bytes: the tables are large, and every validation reads them.
        for line in table.utf8.split(separator: 0x0A) {
            guard let tab = line.firstIndex(of: 0x09) else { continue }
            result[String(line[..<tab])!] = String(line[line.index(after: tab)...])!
        }
        return result
    }

    /// The English name of a language subtag, such as `Swahili (macrolanguage)` for `sw`.
    public static func languageName(_ subtag: String) -> String? { languages[subtag] }

    /// The English name of a region subtag, such as `India` for `IN`.
    public static func regionName(_ subtag: String) -> String? { regions[subtag] }

    /// Checks every subtag of `tag` against the registry and returns the canonical tag: three-letter language
    /// codes that have a two-letter form take it (`eng-US` → `en-US`), as BCP 47 asks.
    ///
    /// - Returns: the canonical tag, or a message naming the subtag that is not registered.
    public static func canonical(_ tag: LanguageTag) -> Result<LanguageTag, Problem> {
        var subtags = tag.rawValue.split(separator: "-").map(String.init)
        let language = subtags[0]
        guard languages[language] != nil else {
            return .failure(Problem(message: "language '\(language)' of '\(tag)' is not an ISO 639 code"))
        }
        if let short = twoLetter[language] { subtags[0] = short }
        for (index, subtag) in subtags.enumerated().dropFirst() {
            if subtag.count == 1 { break }
            if subtag.count == 4, subtag.first!.isLetter {
                guard scripts[subtag] != nil else {
                    return .failure(Problem(message: "script '\(subtag)' of '\(tag)' is not an ISO 15924 code"))
                }
            } else if subtag.count == 2 || (subtag.count == 3 && subtag.allSatisfy(\.isNumber)) {
                guard regions[subtag] != nil else {
                    var hint = ""
                    if subtag.lowercased() == language {
                        hint = " (a region repeating the language, as in HI_HI, is a known typo)"
                    }
                    return .failure(
                        Problem(message: "region '\(subtag)' of '\(tag)' is not an ISO 3166-1 or UN M.49 code\(hint)"))
                }
            } else if index == 1, subtag.count == 3 {
                guard languages[subtag] != nil else {
                    return .failure(
                        Problem(message: "extended language '\(subtag)' of '\(tag)' is not an ISO 639 code"))
                }
            }
        }
        return .success(LanguageTag(subtags.joined(separator: "-"))!)
    }

    /// Why a tag was refused.
    public struct Problem: Error, Hashable, Sendable {
        /// What is wrong, naming the subtag.
        public var message: String
    }
}
