import CHarmAtlasKernels

/// Content checks on one text: invisible characters, the script it is written in, and shapes of personal data.
///
/// Findings give offsets in Unicode scalars, never the matched text: prompts are harmful text and personal data
/// is personal, so neither goes into a log.
public enum TextInspector {
    /// A writing system, as far as these checks tell them apart.
    public enum Script: String, Hashable, Sendable, CaseIterable {
        case latin = "Latin", cyrillic = "Cyrillic", greek = "Greek", armenian = "Armenian", georgian = "Georgian"
        case arabic = "Arabic", hebrew = "Hebrew", devanagari = "Devanagari", bengali = "Bengali"
        case gurmukhi = "Gurmukhi", gujarati = "Gujarati", tamil = "Tamil", telugu = "Telugu", kannada = "Kannada"
        case malayalam = "Malayalam", sinhala = "Sinhala", thai = "Thai", lao = "Lao", myanmar = "Myanmar"
        case khmer = "Khmer", ethiopic = "Ethiopic", hangul = "Hangul", han = "Han", kana = "Kana"

        /// Every script, by ``slot``.
        static let ordered = allCases

        /// The script's place in ``allCases``.
        var slot: Int { Self.ordered.firstIndex(of: self)! }

        /// The script of a letter, or `nil` for anything that is not a letter of these scripts.
        static func of(_ scalar: Unicode.Scalar) -> Script? {
            switch scalar.value {
            case 0x41...0x5A, 0x61...0x7A, 0xC0...0x24F, 0x1E00...0x1EFF: return .latin
            case 0x370...0x3FF, 0x1F00...0x1FFF: return .greek
            case 0x400...0x52F: return .cyrillic
            case 0x531...0x58F: return .armenian
            case 0x5D0...0x5FF: return .hebrew
            case 0x600...0x6FF, 0x750...0x77F, 0x8A0...0x8FF, 0xFB50...0xFDFF, 0xFE70...0xFEFF: return .arabic
            case 0x900...0x97F: return .devanagari
            case 0x980...0x9FF: return .bengali
            case 0xA00...0xA7F: return .gurmukhi
            case 0xA80...0xAFF: return .gujarati
            case 0xB80...0xBFF: return .tamil
            case 0xC00...0xC7F: return .telugu
            case 0xC80...0xCFF: return .kannada
            case 0xD00...0xD7F: return .malayalam
            case 0xD80...0xDFF: return .sinhala
            case 0xE00...0xE7F: return .thai
            case 0xE80...0xEFF: return .lao
            case 0x1000...0x109F: return .myanmar
            case 0x10A0...0x10FF: return .georgian
            case 0x1200...0x139F: return .ethiopic
            case 0x1780...0x17FF: return .khmer
            case 0x1100...0x11FF, 0x3130...0x318F, 0xAC00...0xD7AF: return .hangul
            case 0x3040...0x30FF, 0x31F0...0x31FF, 0xFF66...0xFF9D: return .kana
            case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x3134F: return .han
            default: return nil
            }
        }
    }

    /// The scripts text in a language is expected to be written in, from the tag's script subtag or, failing
    /// that, its language; `nil` for languages these checks do not know.
    public static func expectedScripts(for tag: LanguageTag) -> Set<Script>? {
        let subtags = tag.rawValue.split(separator: "-")
        if let script = subtags.dropFirst().first(where: { $0.count == 4 && $0.first!.isLetter }) {
            switch script {
            case "Latn": return [.latin]
            case "Cyrl": return [.cyrillic]
            case "Arab": return [.arabic]
            case "Hans", "Hant", "Hani": return [.han]
            case "Deva": return [.devanagari]
            case "Jpan": return [.han, .kana]
            case "Kore": return [.hangul, .han]
            default: break
            }
        }
        switch subtags[0] {
        case "en", "fr", "de", "es", "it", "pt", "nl", "sv", "da", "nb", "nn", "no", "fi", "et", "lv", "lt", "pl", "cs",
            "sk", "sl", "hr", "bs", "ro", "hu", "mt", "ga", "cy", "is", "sq", "ca", "eu", "gl", "tr", "az", "uz", "sw",
            "swh", "vi", "id", "ms", "jv", "su", "tl", "fil", "ha", "yo", "ig", "zu", "xh", "so", "af", "rw", "mg",
            "ny",
            "sn", "st", "tn", "wo", "ln", "lg", "om", "eo", "la", "qu", "gn", "ceb", "haw", "mi", "sm":
            return [.latin]
        case "ru", "uk", "be", "bg", "mk", "kk", "ky", "tg", "mn", "tt", "ba", "cv": return [.cyrillic]
        case "sr": return [.cyrillic, .latin]
        case "el": return [.greek]
        case "hy": return [.armenian]
        case "ka": return [.georgian]
        case "ar", "fa", "ur", "ps", "sd", "ug", "ckb", "arz", "ary": return [.arabic]
        case "he", "yi": return [.hebrew]
        case "hi", "mr", "ne", "sa", "mai", "bho": return [.devanagari]
        case "bn", "as": return [.bengali]
        case "pa": return [.gurmukhi, .arabic]
        case "gu": return [.gujarati]
        case "ta": return [.tamil]
        case "te": return [.telugu]
        case "kn": return [.kannada]
        case "ml": return [.malayalam]
        case "si": return [.sinhala]
        case "th": return [.thai]
        case "lo": return [.lao]
        case "my": return [.myanmar]
        case "km": return [.khmer]
        case "am", "ti": return [.ethiopic]
        case "zh", "yue", "cmn": return [.han]
        case "ja": return [.han, .kana]
        case "ko": return [.hangul, .han]
        default: return nil
        }
    }

    /// One finding about a text.
    public struct Finding: Hashable, Sendable {
        /// The rule.
        public var code: RuleCode
        /// What was found, with scalar offsets, never the text itself.
        public var message: String
    }

    /// The letters needed before the script check speaks.
    public static let minimumLettersForScript = 8

    /// Checks one text written in `language`.
    public static func inspect(_ text: String, language: LanguageTag) -> [Finding] {
        inspect(text, language: language, expected: expectedScripts(for: language))
    }

    /// Checks one text written in `language`, whose ``expectedScripts(for:)`` the caller has at hand.
    public static func inspect(_ text: String, language: LanguageTag, expected: Set<Script>?) -> [Finding] {
        var text = text
        return text.withUTF8 { inspect($0, language: language, expected: expected) } ?? []
    }

    /// The same for the bytes of a text; `nil` when they are not valid UTF-8.
    static func inspect(_ utf8: UnsafeBufferPointer<UInt8>, language: LanguageTag, expected: Set<Script>?)
        -> [Finding]?
    {
        // One pass (in C, over the table of scalar kinds): blank check, invisible characters, letters by script,
        // and whether personal-data shapes are possible at all (an '@', or nine digits).
        var scan = harmatlas_text_scan()
        var invisible: [(Int, Unicode.Scalar)] = []
        let room = 16
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 2 * room) { found in
            harmatlas_scan_text(
                utf8.baseAddress, utf8.count, kinds, found.baseAddress, found.baseAddress! + room, room, &scan)
            if scan.valid != 0 && scan.invisible > 0 && scan.invisible <= room {
                invisible = (0..<Int(scan.invisible)).map { (Int(found[$0]), Unicode.Scalar(found[room + $0])!) }
            }
        }
        guard scan.valid != 0 else { return nil }
        if Int(scan.invisible) > room {
            // Many invisible characters: read again with room for all.
            let count = Int(scan.invisible)
            var found = [UInt32](repeating: 0, count: 2 * count)
            found.withUnsafeMutableBufferPointer { found in
                harmatlas_scan_text(
                    utf8.baseAddress, utf8.count, kinds, found.baseAddress, found.baseAddress! + count, count, &scan)
            }
            invisible = (0..<count).map { (Int(found[$0]), Unicode.Scalar(found[count + $0])!) }
        }
        var findings: [Finding] = []
        if scan.blank != 0 {
            findings.append(
                Finding(
                    code: .emptyText,
                    message: scan.scalars == 0
                        ? "the text is empty" : "the text holds only white space or invisible characters"))
            return findings
        }
        if scan.has_joiner != 0 {
            // Joiners belong inside words of scripts that use them and inside emoji sequences.
            let scalars = Array(String(decoding: utf8, as: UTF8.self).unicodeScalars)
            invisible.removeAll { position, scalar in
                guard scalar.value == 0x200C || scalar.value == 0x200D else { return false }
                let neighbours = [
                    position > 0 ? scalars[position - 1] : nil,
                    position + 1 < scalars.count ? scalars[position + 1] : nil,
                ]
                return neighbours.allSatisfy { neighbour in
                    guard let neighbour else { return false }
                    return (neighbour.value > 0x7F && neighbour.properties.isAlphabetic) || neighbour.properties.isEmoji
                        || (0xFE00...0xFE0F).contains(neighbour.value)
                }
            }
        }
        if !invisible.isEmpty {
            let listed = invisible.prefix(10).map {
                "U+\(String($0.1.value, radix: 16, uppercase: true)) (\(describe($0.1))) at \($0.0)"
            }
            let more = invisible.count > 10 ? " and \(invisible.count - 10) more" : ""
            findings.append(
                Finding(
                    code: .invisibleCharacters,
                    message: "\(invisible.count) invisible character(s): \(listed.joined(separator: ", "))\(more)"))
        }
        // Letters by script, in the order their first letter came; ASCII letters count as Latin, last when no
        // other Latin letter came before.
        let latin = Script.latin.slot
        withUnsafeMutableBytes(of: &scan.order) { order in
            withUnsafeMutableBytes(of: &scan.letters) { letters in
                let letters = letters.bindMemory(to: UInt32.self)
                if scan.latin > 0 {
                    if letters[latin] == 0 {
                        order[Int(scan.scripts)] = UInt8(latin)
                        scan.scripts += 1
                    }
                    letters[latin] += scan.latin
                }
            }
        }
        var letters = 0
        var fitting = 0
        var dominant = (script: Script.latin, letters: 0)
        withUnsafeBytes(of: scan.order) { order in
            withUnsafeBytes(of: scan.letters) { counts in
                for position in 0..<Int(scan.scripts) {
                    let slot = Int(order[position])
                    let script = Script.ordered[slot]
                    let count = Int(counts.load(fromByteOffset: slot * 4, as: UInt32.self))
                    letters += count
                    // Expected scripts are one or two: looked through, not hashed.
                    if expected?.contains(where: { $0 == script }) ?? false { fitting += count }
                    if count > dominant.letters || position == 0 { dominant = (script, count) }
                }
            }
        }
        if letters >= minimumLettersForScript, let expected, fitting * 2 < letters {
            findings.append(
                Finding(
                    code: .scriptMismatch,
                    message:
                        "\(dominant.letters) of \(letters) letters are \(dominant.script.rawValue), which does not fit \(language) (expected \(expected.map(\.rawValue).sorted().joined(separator: " or ")))"
                ))
        }
        if scan.has_at != 0 || scan.digits >= 9 {
            findings += personalData(Array(String(decoding: utf8, as: UTF8.self).unicodeScalars))
        }
        return findings
    }

    /// The white space characters above ASCII (Unicode's White_Space property).
    static func isNonASCIIWhitespace(_ value: UInt32) -> Bool {
        switch value {
        case 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }

    private static let invisibleKind: UInt8 = 0x80
    private static let whitespaceKind: UInt8 = 0x40
    private static let scriptKind: UInt8 = 0x3F

    /// A scalar's class for inspection, as `harmatlas_scan_text` reads it: invisible, white space, and the
    /// script's slot + 1 (0 for none).
    static func kind(of value: UInt32) -> UInt8 {
        guard let scalar = Unicode.Scalar(value) else { return 0 }
        if isInvisible(scalar) { return invisibleKind }
        return (isNonASCIIWhitespace(value) ? whitespaceKind : 0) | UInt8(Script.of(scalar).map { $0.slot + 1 } ?? 0)
    }

    /// The scalars where ``kind(of:)`` may be other than 0: up to the last Han letter, and the tag characters.
    /// Everything else is 0 (a test reads every scalar), so the table is made in a few milliseconds.
    static let kindedScalars: [Range<UInt32>] = [0..<0x3_2000, 0xE_0000..<0xE_0080]

    /// ``kind(of:)`` of every scalar, for the scan: made once, never changed, and kept while the process runs,
    /// so that a scan reads it without holding on to it.
    nonisolated(unsafe) static let kinds: UnsafePointer<UInt8> = {
        let kinds = UnsafeMutablePointer<UInt8>.allocate(capacity: 0x11_0000)
        kinds.initialize(repeating: 0, count: 0x11_0000)
        for range in kindedScalars {
            for value in range { kinds[Int(value)] = kind(of: value) }
        }
        return UnsafePointer(kinds)
    }()

    /// Whether a scalar is invisible when rendered: zero-width, bidi controls, tag characters and the like.
    public static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x200B...0x200F, 0x202A...0x202E, 0x2060...0x2064, 0x2066...0x2069, 0xFEFF, 0x061C, 0x180E, 0x00AD,
            0xE0000...0xE007F:
            return true
        default:
            return false
        }
    }

    private static func describe(_ scalar: Unicode.Scalar) -> String {
        switch scalar.value {
        case 0xE0000...0xE007F: "tag character"
        case 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C: "bidi control"
        case 0x00AD: "soft hyphen"
        default: "zero-width"
        }
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool { (0x30...0x39).contains(scalar.value) }

    private static func isEmailLocal(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII && (scalar.properties.isAlphabetic || isDigit(scalar) || "._%+-".unicodeScalars.contains(scalar))
    }

    private static func personalData(_ scalars: [Unicode.Scalar]) -> [Finding] {
        var findings: [Finding] = []
        // E-mail addresses: local@domain.tld with ASCII local part and a dotted domain.
        var emails: [Int] = []
        for (offset, scalar) in scalars.enumerated() where scalar == "@" {
            var start = offset
            while start > 0 && isEmailLocal(scalars[start - 1]) { start -= 1 }
            var end = offset + 1
            var lastDot = -1
            while end < scalars.count && (isEmailLocal(scalars[end]) && scalars[end] != "+" && scalars[end] != "%") {
                if scalars[end] == "." { lastDot = end }
                end += 1
            }
            if start < offset, lastDot > offset + 1, end - lastDot - 1 >= 2,
                scalars[(lastDot + 1)..<end].allSatisfy({ $0.properties.isAlphabetic })
            {
                emails.append(start)
            }
        }
        if !emails.isEmpty {
            findings.append(
                Finding(
                    code: .emailAddress,
                    message:
                        "\(emails.count) e-mail address(es) at \(emails.prefix(5).map(String.init).joined(separator: ", "))"
                ))
        }
        // Digit runs with separators: card-like numbers (13–19 digits, Luhn) and phone numbers (9–15 digits).
        var phones: [Int] = []
        var cards: [Int] = []
        var index = 0
        while index < scalars.count {
            guard
                isDigit(scalars[index])
                    || (scalars[index] == "+" && index + 1 < scalars.count && isDigit(scalars[index + 1]))
            else {
                index += 1
                continue
            }
            let start = index
            var digits: [Int] = []
            var separators = 0
            while index < scalars.count {
                let scalar = scalars[index]
                if isDigit(scalar) {
                    digits.append(Int(scalar.value - 0x30))
                } else if " -.()+".unicodeScalars.contains(scalar), index + 1 < scalars.count,
                    isDigit(scalars[index + 1]) || scalars[index + 1] == "(" || scalars[index + 1] == " "
                {
                    separators += 1
                    if separators > 6 { break }
                } else {
                    break
                }
                index += 1
            }
            let before = start > 0 ? scalars[start - 1] : nil
            if let before, before.properties.isAlphabetic || before == "." { continue }
            if (13...19).contains(digits.count), luhn(digits) {
                cards.append(start)
            } else if (9...15).contains(digits.count), scalars[start] == "+" || separators >= 1,
                !isDateLike(scalars[start..<index])
            {
                phones.append(start)
            }
        }
        if !cards.isEmpty {
            findings.append(
                Finding(
                    code: .cardNumber,
                    message:
                        "\(cards.count) card-like number(s) at \(cards.prefix(5).map(String.init).joined(separator: ", "))"
                ))
        }
        if !phones.isEmpty {
            findings.append(
                Finding(
                    code: .phoneNumber,
                    message:
                        "\(phones.count) phone-number-like sequence(s) at \(phones.prefix(5).map(String.init).joined(separator: ", "))"
                ))
        }
        return findings
    }

    private static func isDateLike(_ scalars: ArraySlice<Unicode.Scalar>) -> Bool {
        let text = String(String.UnicodeScalarView(scalars))
        let parts = text.split { $0 == "-" || $0 == "." || $0 == " " }
        return parts.count == 3 && parts.contains { $0.count == 4 } && parts.allSatisfy { $0.count <= 4 }
    }

    static func luhn(_ digits: [Int]) -> Bool {
        var sum = 0
        for (position, digit) in digits.reversed().enumerated() {
            if position % 2 == 1 {
                let doubled = digit * 2
                sum += doubled > 9 ? doubled - 9 : doubled
            } else {
                sum += digit
            }
        }
        return sum % 10 == 0
    }
}
