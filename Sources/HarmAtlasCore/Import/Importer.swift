/// Turns the records of one source dataset into benchmark items by its ``ImportProfile``, counting every label
/// and reporting every label it could not map.
///
/// Not `Sendable`: it keeps counts as it goes. One importer reads one dataset, on one thread at a time, so the
/// run-time exclusivity checks of its state are left out.
public final class Importer {
    /// The profile.
    public let profile: ImportProfile
    /// The release labels map to.
    public let taxonomy: TaxonomyRelease?
    /// How often each label was seen.
    public var labelCounts: [String: Int] {
        Dictionary(uniqueKeysWithValues: seenLabels.map { ($0.label, $0.count) })
    }
    /// How often each label without a mapping was seen.
    @exclusivity(unchecked) public private(set) var unmappedCounts: [String: Int] = [:]
    /// Records read.
    @exclusivity(unchecked) public private(set) var records = 0
    private let normalisedMap: [String: [String]]
    @exclusivity(unchecked) private var caseMismatches: [String] = []
    /// A label seen: what it maps to, whether only when letter case is ignored, and how often it was seen.
    private struct SeenLabel {
        let label: String
        let ids: [String]?
        let caseMismatch: Bool
        var count: Int
    }

    /// Every label seen, in the order first seen. A dataset uses few distinct labels: each is mapped once, and
    /// found again by `labelNumbers` with one lookup that also counts it.
    @exclusivity(unchecked) private var seenLabels: [SeenLabel] = []
    @exclusivity(unchecked) private var labelNumbers: [String: Int] = [:]
    @exclusivity(unchecked) private var languageCache: [String: Result<LanguageTag, LanguageRegistry.Problem>?] = [:]
    @exclusivity(unchecked) private var modalityDeclarations: [(declared: String, bits: UInt8)] = []

    /// A crosswalk labels go through, with the release its subjects belong to.
    public let crosswalk: (crosswalk: Crosswalk, subject: TaxonomyRelease)?

    /// Every field the profile reads, numbered. A CSV file's rows share one header, so each field's column is
    /// found once for the header (`columns`, by number, -1 when the header lacks the field) instead of once per
    /// row.
    private let fieldNames: [String]
    private let fieldNumbers: [String: Int]
    @exclusivity(unchecked) private var header: [String: Int]?
    @exclusivity(unchecked) private var columns: [Int] = []
    /// `dataset:`, which item ids start with.
    private let idPrefix: String
    /// The numbers of the fields read for every record.
    private let idField, labelsField, safetyField, languageField, mediaField, groupField, modalityField, textField: Int?
    /// The fields `source.labels` keeps verbatim, in order, a later one taking an earlier one's place under the
    /// same name: the labels field, the fields the profile keeps, the safety field. By number: `keptLabels`.
    private let keptNames: [String]
    private let keptFields: [Int]
    /// Where the fields kept start in `keptNames`: after the labels field, when there is one.
    private let keptFieldsStart: Int
    /// `source.labels` as a record left it, which fields of `keptNames` it held (a bit each; all bits set before
    /// the first), and where each one's value sits in it: a record that holds the same fields starts from a copy
    /// and puts its values in those places, without hashing the names again.
    @exclusivity(unchecked) private var keptShape = (held: UInt64.max, labels: [String: String]())
    @exclusivity(unchecked) private var keptSlots: [Dictionary<String, String>.Index] = []
    private let facetFields: [(facet: String, number: Int)]
    private let languageColumns: [(number: Int, language: LanguageTag)]

    /// Creates an importer; `taxonomy` must be given when the profile maps labels, and `crosswalk` when the
    /// labels belong to another release (its object release must be `taxonomy`).
    public init(profile: ImportProfile, taxonomy: TaxonomyRelease?, crosswalk: (Crosswalk, TaxonomyRelease)? = nil) {
        self.profile = profile
        self.taxonomy = taxonomy
        self.crosswalk = crosswalk.map { (crosswalk: $0.0, subject: $0.1) }
        var map: [String: [String]] = [:]
        for (label, ids) in profile.labels?.map ?? [:] { map[Importer.normalise(label)] = ids }
        normalisedMap = map
        idPrefix = profile.dataset + ":"
        var names: [String] = []
        var numbers: [String: Int] = [:]
        func number(_ field: String) -> Int {
            if let known = numbers[field] { return known }
            names.append(field)
            numbers[field] = names.count - 1
            return names.count - 1
        }
        if case .field(let field, _, _) = profile.safety {
            safetyField = number(field)
        } else {
            safetyField = nil
        }
        idField = profile.idField.map(number)
        labelsField = profile.labels.map { number($0.field) }
        languageField = profile.languageField.map(number)
        mediaField = profile.media?.field.map(number)
        groupField = profile.groupField.map(number)
        modalityField = profile.modalityField.map(number)
        textField = profile.text.map(number)
        for file in profile.files { _ = file.text.map(number) }
        var kept = profile.labels.map { [$0.field] } ?? []
        kept += profile.keep
        if case .field(let field, _, _) = profile.safety { kept.append(field) }
        keptNames = kept
        keptFieldsStart = profile.labels == nil ? 0 : 1
        keptFields = profile.keep.map(number)
        facetFields = profile.facets.map { ($0.key, number($0.value)) }
        languageColumns = profile.wideLanguages.map { (number($0.column), $0.language) }
        fieldNames = names
        fieldNumbers = numbers
    }

    /// The fields of one record, by number: a CSV row's cells are found by column, any other record's fields by
    /// name (see ``SourceRecord/text(_:)``). A struct rather than an enum with the cells as a payload: reading a
    /// payload copies it, a retain and a release of the row's cells, made on another thread, for every field.
    private struct Fields {
        var cells: [String] = []
        var columns: [Int] = []
        var record: SourceRecord?
        var names: [String] = []

        subscript(_ field: Int?) -> String? {
            guard let field else { return nil }
            if let record { return record.text(names[field]) }
            let column = columns[field]
            return column >= 0 && column < cells.count ? cells[column] : nil
        }
    }

    private func fields(_ record: SourceRecord) -> Fields {
        guard case .row(let header, let cells) = record else { return Fields(record: record, names: fieldNames) }
        // A dictionary compares equal to itself at once.
        if self.header != header {
            self.header = header
            columns = fieldNames.map { header[$0] ?? -1 }
        }
        return Fields(cells: cells, columns: columns)
    }

    /// A label as compared: lower case, `&` read as `and`, punctuation other than letters and digits dropped,
    /// white space collapsed.
    public static func normalise(_ label: String) -> String {
        let spaced = label.lowercased().replacing("&", with: " and ")
        var words: [String] = []
        var current = ""
        for character in spaced {
            if character.isLetter || character.isNumber {
                current.append(character)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        return words.joined(separator: " ")
    }

    /// Parses a Python list literal of quoted strings (`['a', "b"]`); `nil` when the text is not one.
    public static func pythonList(_ text: String) -> [String]? {
        let scalars = Array(text.trimmingWhitespace.unicodeScalars)
        guard scalars.first == "[", scalars.last == "]" else { return nil }
        var result: [String] = []
        var index = 1
        while index < scalars.count - 1 {
            let scalar = scalars[index]
            if scalar == " " || scalar == "," {
                index += 1
                continue
            }
            guard scalar == "'" || scalar == "\"" else { return nil }
            var value = String.UnicodeScalarView()
            index += 1
            while index < scalars.count - 1, scalars[index] != scalar {
                if scalars[index] == "\\", index + 1 < scalars.count - 1 { index += 1 }
                value.append(scalars[index])
                index += 1
            }
            guard index < scalars.count - 1 else { return nil }
            result.append(String(value))
            index += 1
        }
        return result
    }

    /// The items one record yields, and the findings about it. `file` is the path relative to the dataset,
    /// `row` the record's number in it, `location` where findings point. `shipped` is given each media file the
    /// record names, by its path in the dataset and the path it takes in the benchmark; it puts a file the source
    /// shipped in its place and gives its SHA-256, or gives `nil` for a file the source did not ship.
    public func items(
        from record: SourceRecord, file: ImportProfile.File, row: Int, location: SourceLocation,
        shipped: (_ source: String, _ target: String) -> String?
    ) -> (items: [BenchmarkItem], diagnostics: [Diagnostic]) {
        records += 1
        var findings: [Diagnostic] = []
        func report(_ code: RuleCode, _ message: String, severity: Diagnostic.Severity? = nil) {
            findings.append(
                Diagnostic(code, at: location, severity: severity, "\(profile.dataset) row \(row): \(message)"))
        }
        let fields = fields(record)
        let sourceID = fields[idField]
        let baseID: String
        if let sourceID {
            guard BenchmarkItem.isValidID(sourceID), sourceID.utf8.count + profile.dataset.utf8.count < 110 else {
                report(
                    .invalidSourceID,
                    "source id '\(sourceID)' is not usable in an item id: expected up to 100 ASCII letters, digits, '.', '_', ':' or '-'"
                )
                return ([], findings)
            }
            baseID = idPrefix + sourceID
        } else {
            baseID = "\(profile.dataset):\(Importer.fileKey(file.path)):\(row)"
        }

        // Labels and the source's own fields, verbatim.
        var labelsValue: String?
        var safetyValue: String?
        var harms: [String] = []
        if let labels = profile.labels {
            let raw = fields[labelsField]
            labelsValue = raw
            let values = labelValues(record, raw, labels)
            if labels.required && values.isEmpty {
                report(
                    .emptySourceValue, "the labels field '\(labels.field)' is empty, and the profile requires a label")
                return ([], findings)
            }
            for label in values {
                switch mapLabel(label, labels) {
                case .some(let ids):
                    // The first label's ids are taken as they are (they hold no repeats), without a copy.
                    if harms.isEmpty {
                        harms = ids
                    } else {
                        for id in ids where !harms.contains(id) { harms.append(id) }
                    }
                case nil:
                    unmappedCounts[label, default: 0] += 1
                    switch labels.unknown {
                    case .reject:
                        report(
                            .unmappedLabel,
                            "label '\(label)' has no mapping to \(taxonomy?.reference ?? "a taxonomy") (policy: reject)"
                        )
                        return ([], findings)
                    case .warn: break
                    case .mapTo(let id):
                        if let taxonomy, !harms.contains("\(taxonomy.id):\(id)") {
                            harms.append("\(taxonomy.id):\(id)")
                        }
                    }
                }
            }
        }
        for label in caseMismatches {
            report(
                .labelCaseMismatch,
                "label '\(label)' matches a code of \(taxonomy?.reference ?? "the taxonomy") only when letter case is ignored"
            )
        }
        caseMismatches.removeAll()
        var facets: [String: String] = [:]
        for (facet, number) in facetFields {
            if let value = fields[number], !value.isEmpty { facets[facet] = value }
        }
        // Safety.
        var safety: BenchmarkItem.Safety
        // The profile's rule is read where it is: `file.safety.map(…) ?? profile.safety` would copy it, its lists
        // with it, for every record.
        switch profile.safety {
        case .constant(let value): safety = file.safety ?? value
        case .field(let field, let unsafe, let contrast):
            if let own = file.safety {
                safety = own
                break
            }
            let value = fields[safetyField] ?? ""
            if contrast.contains(value) {
                safety = .safeContrast
            } else if unsafe.contains(value) {
                safety = .unsafe
            } else {
                report(
                    .invalidValue,
                    "safety field '\(field)' holds '\(value)', which is in neither the unsafe nor the safe-contrast list"
                )
                return ([], findings)
            }
            safetyValue = value
        }
        // Language.
        var language = profile.language
        if let field = profile.languageField {
            let value = fields[languageField] ?? ""
            let checked: Result<LanguageTag, LanguageRegistry.Problem>?
            if let known = languageCache[value] {
                checked = known
            } else {
                checked = LanguageTag(value).map(LanguageRegistry.canonical)
                languageCache[value] = checked
            }
            guard let checked else {
                report(
                    .invalidValue,
                    "language field '\(field)' holds '\(value)', which is not a BCP 47 tag such as en or fr-FR")
                return ([], findings)
            }
            switch checked {
            case .failure(let problem):
                report(.unregisteredLanguage, problem.message)
                return ([], findings)
            case .success(let canonical):
                if canonical.rawValue != value {
                    report(.languageNormalised, "language '\(value)' was normalised to '\(canonical)'")
                }
                language = canonical
            }
        }
        // Media.
        var mediaPart: BenchmarkItem.Part?
        if let rule = profile.media {
            var reference = fields[mediaField]
            if let template = rule.template { reference = fill(template, record) }
            if let reference, !reference.isEmpty {
                let datasetPath = rule.root == "." ? reference : rule.root + "/" + reference
                let type = Importer.mediaType(forExtension: Importer.fileExtension(reference), kind: rule.kind)
                var media = BenchmarkItem.Media(
                    kind: rule.kind, path: nil, sha256: nil, mediaType: type, reference: reference)
                let target = "media/\(profile.dataset)/\(datasetPath)"
                if let sha256 = shipped(datasetPath, target) {
                    media.path = target
                    media.sha256 = sha256
                }
                mediaPart = .media(media)
            }
        }
        let kept = keptLabels(labelsValue, fields, safetyValue)
        let source = { (id: String?) in
            BenchmarkItem.Source(dataset: self.profile.dataset, id: id, file: file.path, row: row, labels: kept)
        }
        var items: [BenchmarkItem] = []
        items.reserveCapacity(max(languageColumns.count, 1))
        /// Adds the item of one text, unless the text is blank.
        func addItem(
            _ id: String, _ text: String, _ language: LanguageTag, _ safety: BenchmarkItem.Safety, group: String?,
            origin: TranslationOrigin?
        ) {
            // Most texts start with a visible ASCII character, and are not blank.
            let visible = text.utf8.first.map { $0 > 0x20 && $0 < 0x7F } ?? false
            guard visible || !text.unicodeScalars.allSatisfy({ $0.properties.isWhitespace }) else {
                report(.emptySourceValue, "the text is empty")
                return
            }
            // Made at their size, not grown.
            let parts: [BenchmarkItem.Part] = mediaPart.map { [$0, .text(text)] } ?? [.text(text)]
            items.append(
                BenchmarkItem(
                    id: id, turns: [.init(role: .user, parts: parts)], language: language, harms: harms,
                    safety: safety, expected: safety == .unsafe ? .refuse : .comply, facets: facets, group: group,
                    translationOrigin: origin, source: source(sourceID)))
        }
        let group = fields[groupField].flatMap { $0.trimmingWhitespace.isEmpty ? nil : $0 }
        if !languageColumns.isEmpty {
            for (number, tag) in languageColumns {
                guard let text = fields[number] else { continue }
                let origin = profile.originalLanguage == tag ? nil : profile.translationOrigin
                addItem("\(baseID):\(tag)", text, tag, safety, group: group ?? baseID, origin: origin)
            }
        } else if let expansion = profile.expansion {
            guard let list = record.node(expansion.pointer), case .array(let elements) = list.value else {
                report(.missingField, "no list at \(expansion.pointer)")
                return ([], findings)
            }
            guard let language else { return ([], findings) }
            for (index, element) in elements.enumerated() {
                let entry = SourceRecord.json(element)
                guard let key = expansion.keys.keys.sorted().first(where: { entry.text($0) != nil }),
                    let text = entry.text(key)
                else {
                    report(
                        .missingField,
                        "element \(index) of \(expansion.pointer) holds none of \(expansion.keys.keys.sorted().joined(separator: ", "))"
                    )
                    continue
                }
                addItem(
                    "\(baseID):\(index)", text, language, expansion.keys[key]!,
                    group: group ?? (elements.count > 1 ? baseID : nil), origin: nil)
            }
        } else if let field = file.text ?? profile.text, let language {
            // The file's own text field, else the profile's.
            guard let text = fields[file.text.map { fieldNumbers[$0] } ?? textField] else {
                report(.emptySourceValue, "no text in field '\(field)'")
                return ([], findings)
            }
            addItem(baseID, text, language, safety, group: group, origin: nil)
        }
        // Every item of a record holds the same parts, the media part and a text: the first one's are checked.
        if !items.isEmpty, let declared = fields[modalityField] {
            let expected = declaredModalities(declared)
            let mask = BenchmarkItem.modalityMask(of: items[0].turns)
            if mask & Importer.contentModalityBits != expected {
                let held = Importer.contentModalities.filter { mask & $0.bit != 0 }.map(\.rawValue).sorted()
                report(
                    .declaredModalityMismatch,
                    "the row declares modality '\(declared)' but holds \(held.joined(separator: "+"))")
                return ([], findings)
            }
        }
        return (items, findings)
    }

    /// `source.labels` of a record: the value of the labels field, of the fields kept, and of the safety field
    /// (see `keptNames`), each only when the record has it.
    private func keptLabels(_ labelsValue: String?, _ fields: Fields, _ safetyValue: String?) -> [String:
        String]
    {
        var held: UInt64 = 0
        if keptNames.count < 64 {
            for kept in keptNames.indices where keptValue(kept, labelsValue, fields, safetyValue) != nil {
                held |= 1 << kept
            }
            if keptShape.held == held {
                var labels = keptShape.labels
                for kept in keptNames.indices where held & (1 << kept) != 0 {
                    labels.values[keptSlots[kept]] = keptValue(kept, labelsValue, fields, safetyValue)!
                }
                return labels
            }
        }
        var labels = [String: String](minimumCapacity: keptNames.count)
        for kept in keptNames.indices {
            if let value = keptValue(kept, labelsValue, fields, safetyValue) { labels[keptNames[kept]] = value }
        }
        if keptNames.count < 64 {
            keptShape = (held, labels)
            keptSlots = keptNames.map { labels.index(forKey: $0) ?? labels.startIndex }
        }
        return labels
    }

    /// The value of the field numbered `kept` in `keptNames`.
    private func keptValue(_ kept: Int, _ labelsValue: String?, _ fields: Fields, _ safetyValue: String?)
        -> String?
    {
        // Not `profile.labels == nil`, which would copy the labels rule.
        if kept < keptFieldsStart { return labelsValue }
        if kept < keptFieldsStart + keptFields.count { return fields[keptFields[kept - keptFieldsStart]] }
        return safetyValue
    }

    /// The modalities a row's declaration may name.
    private static let contentModalities: [Modality] = [.text, .image, .audio, .video]
    private static let contentModalityBits = contentModalities.reduce(0) { $0 | $1.bit }

    /// The content modalities a declaration such as `image+text` names, as bits (``Modality/bit``); a word that
    /// names none of text, image, audio and video sets a bit no item holds. A dataset uses few declarations, so
    /// each is read once, and the first eight are kept in a list compared in turn, cheaper than hashing.
    private func declaredModalities(_ declared: String) -> UInt8 {
        for known in modalityDeclarations where known.declared == declared { return known.bits }
        var bits: UInt8 = 0
        for word in declared.split(separator: "+") {
            switch Modality(rawValue: String(word).trimmingWhitespace.lowercased()) {
            case .some(let modality) where Importer.contentModalities.contains(modality): bits |= modality.bit
            default: bits |= 0x80
            }
        }
        if modalityDeclarations.count < 8 { modalityDeclarations.append((declared, bits)) }
        return bits
    }

    /// The labels of a record whose labels field holds `raw`.
    private func labelValues(_ record: SourceRecord, _ raw: String?, _ labels: ImportProfile.Labels) -> [String] {
        if let list = record.list(labels.field) { return list }
        guard let raw, case let trimmed = raw.trimmingWhitespace, !trimmed.isEmpty else { return [] }
        switch labels.format {
        case .single: return [trimmed]
        case .pythonList: return Importer.pythonList(raw) ?? [raw]
        case .separated:
            return raw.split(separator: labels.separator).map { String($0).trimmingWhitespace }.filter { !$0.isEmpty }
        }
    }

    /// The qualified ids a label maps to, `nil` when it has no mapping (an empty list maps to nothing on purpose);
    /// counts the label.
    private func mapLabel(_ label: String, _ labels: ImportProfile.Labels) -> [String]? {
        if let number = labelNumbers[label] {
            seenLabels[number].count += 1
            if seenLabels[number].caseMismatch { caseMismatches.append(label) }
            return seenLabels[number].ids
        }
        let mismatches = caseMismatches.count
        let ids = mapping(label, labels)
        labelNumbers[label] = seenLabels.count
        seenLabels.append(SeenLabel(label: label, ids: ids, caseMismatch: caseMismatches.count > mismatches, count: 1))
        return ids
    }

    private func mapping(_ label: String, _ labels: ImportProfile.Labels) -> [String]? {
        guard let taxonomy else { return nil }
        let vocabulary = crosswalk?.subject ?? taxonomy
        var ids: [String]
        if labels.byCode {
            let owners = vocabulary.categories(withCode: label)
            if owners.count == 1 {
                ids = [owners[0].id]
            } else {
                let folded = vocabulary.categories.filter {
                    $0.codes.contains { $0.lowercased() == label.lowercased() }
                }
                guard owners.isEmpty, folded.count == 1 else { return nil }
                caseMismatches.append(label)
                ids = [folded[0].id]
            }
        } else {
            guard let mapped = normalisedMap[Importer.normalise(label)] else { return nil }
            ids = mapped
        }
        if let crosswalk {
            let followed: Set<Crosswalk.Predicate> = [.exact, .close, .broad]
            let subjects = Set(ids)
            ids = crosswalk.crosswalk.mappings.filter {
                subjects.contains($0.subjectID) && followed.contains($0.predicate)
            }
            .map(\.objectID)
            if ids.isEmpty && !subjects.isEmpty { return nil }
        }
        var unique: [String] = []
        for id in ids where !unique.contains(id) { unique.append(id) }
        return unique.map { "\(taxonomy.id):\($0)" }
    }

    private func fill(_ template: String, _ record: SourceRecord) -> String? {
        var result = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else { return nil }
            guard let value = record.text(String(rest[rest.index(after: open)..<close])) else { return nil }
            result += value
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }

    /// A file path as an id part: its name without extension, characters other than letters, digits, `.`, `_`
    /// and `-` replaced by `-`.
    static func fileKey(_ path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let stem = name.split(separator: ".").dropLast().joined(separator: ".")
        return String(
            (stem.isEmpty ? name : stem).map {
                $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) ? $0 : "-"
            })
    }

    /// What follows the last `.` of a path, or the whole path when it has none.
    static func fileExtension(_ path: String) -> String {
        guard let dot = path.utf8.lastIndex(of: 0x2E) else { return path }
        return String(path[path.utf8.index(after: dot)...])
    }

    /// The media type for a file extension.
    public static func mediaType(forExtension ext: String, kind: BenchmarkItem.MediaKind) -> String {
        switch ext.lowercased() {
        case "png": "image/png"
        case "jpg", "jpeg": "image/jpeg"
        case "gif": "image/gif"
        case "webp": "image/webp"
        case "bmp": "image/bmp"
        case "wav": "audio/wav"
        case "mp3": "audio/mpeg"
        case "flac": "audio/flac"
        case "ogg": "audio/ogg"
        case "mp4": "video/mp4"
        case "webm": "video/webm"
        default: "\(kind.rawValue)/\(ext.lowercased())"
        }
    }
}

extension String {
    /// The text without leading and trailing white space.
    var trimmingWhitespace: String {
        // Most values start and end with a visible ASCII character, and stay as they are.
        if let first = utf8.first, let last = utf8.last, (0x21..<0x80).contains(first), (0x21..<0x80).contains(last) {
            return self
        }
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}
