/// Validates a benchmark's items one record at a time, keeping only what later checks need (ids seen, counts
/// and the languages and modalities used), so that memory does not grow with the bytes read.
///
/// Tiers: structure (the record decodes), integrity (unique ids, content hashes, media present with the declared
/// hash and type, harm categories known and active in the pinned releases, registered language tags, facets),
/// content (``TextInspector``). The caller supplies what only it can see: the pinned releases and facts about
/// media files.
///
/// One thread at a time uses a validator, so its state is not checked at run time for overlapping accesses
/// (`@exclusivity(unchecked)`): those checks cost more than the rest of the bookkeeping of a record.
public final class BenchmarkValidator {
    /// What the caller knows of a media file.
    public struct MediaFacts: Sendable {
        /// The SHA-256 of its bytes.
        public var sha256: String
        /// The type its first bytes show, if known.
        public var sniffedType: String?

        /// Creates facts.
        public init(sha256: String, sniffedType: String?) {
            self.sha256 = sha256
            self.sniffedType = sniffedType
        }
    }

    /// The releases labels may refer to, by taxonomy id.
    public let releases: [String: TaxonomyRelease]
    private let media: (String) -> MediaFacts?
    @exclusivity(unchecked) private var seen = FirstSeen()
    /// Files read, in the order first read, with the items read from each.
    @exclusivity(unchecked) private var files: [(path: String, items: Int)] = []
    /// Items read, by shard file.
    public var itemsPerFile: [String: Int] {
        Dictionary(files.map { ($0.path, $0.items) }, uniquingKeysWith: +)
    }
    /// Items read.
    @exclusivity(unchecked) public private(set) var itemCount = 0
    /// Languages used by items, with counts.
    public var languagesUsed: [LanguageTag: Int] {
        Dictionary(uniqueKeysWithValues: languages.filter { $0.items > 0 }.map { ($0.tag, $0.items) })
    }
    /// Modalities used by items, with counts.
    public var modalitiesUsed: [Modality: Int] {
        Dictionary(
            uniqueKeysWithValues: zip(Modality.allCases, modalityCounts).filter { $0.1 > 0 })
    }
    @exclusivity(unchecked) private var modalityCounts = [Int](repeating: 0, count: Modality.allCases.count)
    private static let modalityOrder = Modality.allCases
    /// What is known of each language tag met, and how many items are in it. A class: each text of each item
    /// looks its language up, and a reference costs less to hand out than the three values.
    private final class LanguageFacts {
        let tag: LanguageTag
        /// Why the tag is not acceptable as written.
        let problem: String?
        let scripts: Set<TextInspector.Script>?
        var items = 0

        init(tag: LanguageTag, problem: String?, scripts: Set<TextInspector.Script>?) {
            self.tag = tag
            self.problem = problem
            self.scripts = scripts
        }
    }
    @exclusivity(unchecked) private var languages: [LanguageFacts] = []
    /// The index of the language found last.
    @exclusivity(unchecked) private var lastLanguage = 0
    /// Media files met, with what the caller knows of them.
    @exclusivity(unchecked) private var knownMedia: [String: MediaFacts?] = [:]
    /// Each harm label met, with what is wrong with it.
    @exclusivity(unchecked) private var harmProblems: [String: (code: RuleCode, message: String)?] = [:]
    /// Reads records for the checks alone; `reader` reads whole items, for an observer and for records that are
    /// not canonical, whose content hash needs the item.
    private let checking = ItemRecordReader(checkingOnly: true)
    private let reader = ItemRecordReader()
    /// Called with every item that decodes, in the order read, so that a caller can gather what it needs in
    /// the same pass.
    @exclusivity(unchecked) public var observe: ((BenchmarkItem) -> Void)?

    /// Creates a validator. `media` answers for a path relative to the benchmark folder, `nil` when the file is
    /// missing.
    public init(releases: [String: TaxonomyRelease], media: @escaping (String) -> MediaFacts?) {
        self.releases = releases
        self.media = media
    }

    private func fileIndex(_ file: String) -> Int {
        if let index = files.lastIndex(where: { $0.path == file }) { return index }
        files.append((file, 0))
        return files.count - 1
    }

    private func languageFacts(_ tag: LanguageTag) -> Int {
        // A benchmark uses few languages, and items hold the tags their reader keeps, which compare at once. The
        // one asked for last is asked for again for each text of an item.
        if lastLanguage < languages.count && languages[lastLanguage].tag == tag { return lastLanguage }
        if let index = languages.firstIndex(where: { $0.tag == tag }) {
            lastLanguage = index
            return index
        }
        let problem: String? =
            switch LanguageRegistry.canonical(tag) {
            case .failure(let problem): problem.message
            case .success(let canonical) where canonical != tag:
                "'\(tag)' should be written '\(canonical)' (BCP 47 prefers the two-letter code)"
            default: nil
            }
        languages.append(LanguageFacts(tag: tag, problem: problem, scripts: TextInspector.expectedScripts(for: tag)))
        return languages.count - 1
    }

    /// What is wrong with a harm label, if anything.
    private func harmProblem(_ harm: String) -> (code: RuleCode, message: String)? {
        if let known = harmProblems[harm] { return known }
        let problem: (code: RuleCode, message: String)?
        if let colon = harm.firstIndex(of: ":") {
            let taxonomy = String(harm[..<colon])
            let concept = String(harm[harm.index(after: colon)...])
            if let release = releases[taxonomy] {
                if let category = release.category(concept) {
                    problem =
                        category.status == .deprecated
                        ? (
                            .deprecatedHarm,
                            "'\(concept)' is deprecated in \(release.reference); use \(category.replacedBy.joined(separator: " or "))"
                        ) : nil
                } else {
                    problem = (.unknownHarm, "'\(concept)' is not a category of \(release.reference)")
                }
            } else {
                problem = (.unpinnedTaxonomy, "taxonomy '\(taxonomy)' is not pinned by the manifest")
            }
        } else {
            problem = (.unpinnedTaxonomy, "'\(harm)' is not taxonomy-qualified; expected TAXONOMY-ID:CONCEPT-ID")
        }
        if harmProblems.count < 4096 { harmProblems[harm] = problem }
        return problem
    }

    /// What the caller knows of a media file, asked once per file.
    private func mediaFacts(_ path: String) -> MediaFacts? {
        if let known = knownMedia[path] { return known }
        let facts = media(path)
        if knownMedia.count < 1 << 20 { knownMedia[path] = facts }
        return facts
    }

    /// Makes room for the ids of `items` items, before any is read.
    public func reserveCapacity(_ items: Int) {
        if seen.count == 0 { seen = FirstSeen(capacity: items) }
    }

    /// Takes in what `other` saw, when it read the records that follow this validator's (the second part of a
    /// shard read in parallel, say), adding `lineOffset` to its line numbers. Returns a finding for each id both
    /// saw, pointing at the later record. `other` keeps no ids afterwards.
    public func absorb(_ other: BenchmarkValidator, lineOffset: Int) -> [Diagnostic] {
        let fileIndexes = other.files.map { Int32(fileIndex($0.path)) }
        defer { other.seen = FirstSeen() }
        let repeats = seen.merge(other.seen) { at in
            FirstSeen.Place(file: fileIndexes[Int(at.file)], line: Int32(truncatingIfNeeded: Int(at.line) + lineOffset))
        }
        let findings = repeats.map { id, at, first in
            Diagnostic(
                .duplicateItemID, at: SourceLocation(file: files[Int(at.file)].path, line: Int(at.line)), field: "/id",
                "item '\(id)': id already used at \(files[Int(first.file)].path):\(first.line)")
        }
        itemCount += other.itemCount
        for file in other.files { files[fileIndex(file.path)].items += file.items }
        for facts in other.languages { languages[languageFacts(facts.tag)].items += facts.items }
        for (index, count) in other.modalityCounts.enumerated() { modalityCounts[index] += count }
        return findings
    }

    /// The findings on the texts of an item read for checking, for the texts that have any, by the texts' numbers
    /// in the order the parts come; `nil` when a text is not UTF-8.
    private func inspectTexts(_ item: BenchmarkItem, record: ArraySlice<UInt8>)
        -> [(text: Int, findings: [TextInspector.Finding])]?
    {
        var found: [(text: Int, findings: [TextInspector.Finding])] = []
        var number = 0
        let itemLanguage = languageFacts(item.language)
        for turn in item.turns {
            for part in turn.parts where part.text != nil {
                let facts = languages[part.language.map(languageFacts) ?? itemLanguage]
                let findings = record.withUnsafeBufferPointer { record in
                    checking.withText(number, of: record) {
                        TextInspector.inspect($0, language: facts.tag, expected: facts.scripts)
                    }
                }
                guard let findings else { return nil }
                if !findings.isEmpty { found.append((number, findings)) }
                number += 1
            }
        }
        return found
    }

    /// Validates one JSON Lines record. Well-formed records are read straight from their bytes; any other goes
    /// through the full reader, which says what is wrong and where.
    public func validate(record: ArraySlice<UInt8>, line: Int, file: String) -> [Diagnostic] {
        // Most records are canonical, with the right hash, and read for the checks alone. Their texts are
        // inspected as bytes first: one that is not UTF-8 sends the record to the full reader, which says where,
        // as does a wrong hash, whose finding names the item's real content hash.
        if observe == nil, let checked = record.withUnsafeBufferPointer({ checking.read($0) }),
            let member = checked.hashMember,
            record.withUnsafeBufferPointer({ BenchmarkItem.hashMatches(record: $0, member: member) }),
            let textFindings = inspectTexts(checked.item, record: record)
        {
            return check(
                checked.item, Reading(hashChecked: true, declaredHash: "", textFindings: textFindings),
                record: record, line: line, file: file)
        }
        if let direct = record.withUnsafeBufferPointer({ reader.read($0) }) {
            let hashChecked = direct.hashMember.map { member in
                record.withUnsafeBufferPointer { BenchmarkItem.hashMatches(record: $0, member: member) }
            }
            return check(
                direct.item, Reading(hashChecked: hashChecked ?? false, declaredHash: direct.declaredHash),
                record: record, line: line, file: file)
        }
        let (parsed, parseFindings) = JSONParser.parse(record, file: file, firstLine: line)
        guard let parsed, !parseFindings.hasErrors else { return parseFindings }
        let decoder = DocumentDecoder(file: file)
        guard let (item, declaredHash) = BenchmarkItem.decode(parsed, "", decoder) else {
            return parseFindings + decoder.diagnostics
        }
        return check(
            item,
            Reading(
                hashChecked: false, declaredHash: declaredHash, node: parsed,
                findings: parseFindings + decoder.diagnostics),
            record: record, line: line, file: file)
    }

    /// What the checks of an item need to know of how it was read.
    private struct Reading {
        /// Whether the declared hash is known to be the content hash; if not, `declaredHash` is compared with it.
        var hashChecked: Bool
        var declaredHash: String
        /// The findings on the texts, by text number, when they were inspected as bytes (``inspectTexts``).
        var textFindings: [(text: Int, findings: [TextInspector.Finding])]?
        /// The record's tree, when the full reader read it.
        var node: DocumentNode?
        /// What the full reader found.
        var findings: [Diagnostic] = []
    }

    /// The checks of an item read from `record`, with the findings of its reading.
    private func check(
        _ item: BenchmarkItem, _ reading: Reading, record: ArraySlice<UInt8>, line: Int, file: String
    ) -> [Diagnostic] {
        var findings = reading.findings
        var locations: SourceMap?
        func add(_ code: RuleCode, _ pointer: String, _ message: String) {
            if locations == nil {
                let tree = reading.node ?? JSONParser.parse(record, file: file, firstLine: line).node!
                locations = SourceMap(tree, file: file)
            }
            findings.append(Diagnostic(code, at: locations![pointer], field: pointer, "item '\(item.id)': \(message)"))
        }
        itemCount += 1
        observe?(item)
        let fileIndex = fileIndex(file)
        files[fileIndex].items += 1
        if let first = seen.insert(item.id, at: .init(file: Int32(fileIndex), line: Int32(truncatingIfNeeded: line))) {
            add(.duplicateItemID, "/id", "id already used at \(files[Int(first.file)].path):\(first.line)")
        }
        if !reading.hashChecked, reading.declaredHash != item.contentHash {
            add(
                .itemHashMismatch, "/hash",
                "declared hash \(reading.declaredHash) is not the content hash \(item.contentHash); the item changed after it was hashed"
            )
        }
        // Languages: the item's, then any part's own.
        let itemLanguage = languageFacts(item.language)
        languages[itemLanguage].items += 1
        if let problem = languages[itemLanguage].problem { add(.unregisteredLanguage, "/language", problem) }
        for (turnIndex, turn) in item.turns.enumerated() {
            for (partIndex, part) in turn.parts.enumerated() {
                if let language = part.language, let problem = languages[languageFacts(language)].problem {
                    add(.unregisteredLanguage, "/turns/\(turnIndex)/parts/\(partIndex)/language", problem)
                }
            }
        }
        let modalities = item.modalityMask
        for (index, modality) in Self.modalityOrder.enumerated() where modalities & modality.bit != 0 {
            modalityCounts[index] += 1
        }
        // Harms.
        for (index, harm) in item.harms.enumerated() {
            if let problem = harmProblem(harm) { add(problem.code, "/harms/\(index)", problem.message) }
        }
        // Facets.
        for (facet, value) in item.facets.isEmpty ? [] : item.facets.sorted(by: { $0.key < $1.key }) {
            let pointer = "/facets/" + DocumentDecoder.escapePointer(facet)
            let declared = releases.values.flatMap(\.facets).filter { $0.id == facet }
            if declared.isEmpty {
                add(.unknownFacet, pointer, "facet '\(facet)' is not declared by any pinned taxonomy")
            } else if !declared.contains(where: { $0.values.contains(value) }) {
                add(
                    .unknownFacet, pointer,
                    "'\(value)' is not a value of facet '\(facet)' (allowed: \(declared.flatMap(\.values).joined(separator: ", ")))"
                )
            }
        }
        // Parts: media integrity and text content.
        var textNumber = 0
        for (turnIndex, turn) in item.turns.enumerated() {
            for (partIndex, part) in turn.parts.enumerated() {
                if let text = part.text {
                    let facts = languages[part.language.map(languageFacts) ?? itemLanguage]
                    let found =
                        reading.textFindings.map { found in found.first { $0.text == textNumber }?.findings ?? [] }
                        ?? TextInspector.inspect(text, language: facts.tag, expected: facts.scripts)
                    textNumber += 1
                    for finding in found {
                        add(finding.code, "/turns/\(turnIndex)/parts/\(partIndex)/text", finding.message)
                    }
                }
                guard let mediaPart = part.media else { continue }
                var mediaPointer: String { "/turns/\(turnIndex)/parts/\(partIndex)/\(mediaPart.kind.rawValue)" }
                guard let path = mediaPart.path else {
                    add(
                        .mediaUnavailable, mediaPointer,
                        "the source did not ship the \(mediaPart.kind.rawValue) (reference kept)")
                    continue
                }
                guard let facts = mediaFacts(path) else {
                    add(.fileMissing, mediaPointer + "/path", "\(mediaPart.kind.rawValue) file '\(path)' is missing")
                    continue
                }
                if let declared = mediaPart.sha256, declared != facts.sha256 {
                    add(
                        .fileMismatch, mediaPointer + "/sha256",
                        "'\(path)' has SHA-256 \(facts.sha256), not the declared \(declared)")
                }
                if let sniffed = facts.sniffedType {
                    if !MediaSniffer.matches(declared: mediaPart.mediaType, sniffed: sniffed) {
                        add(
                            .mediaTypeMismatch, mediaPointer + "/media_type",
                            "'\(path)' is \(sniffed) by its bytes, not the declared \(mediaPart.mediaType)")
                    }
                } else {
                    add(
                        .mediaTypeMismatch, mediaPointer + "/media_type",
                        "the bytes of '\(path)' match no known \(mediaPart.kind.rawValue) format (declared \(mediaPart.mediaType))"
                    )
                }
            }
        }
        return findings
    }
}
