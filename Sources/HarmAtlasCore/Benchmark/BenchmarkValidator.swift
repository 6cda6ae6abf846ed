/// Validates a benchmark's items one record at a time, keeping only what later checks need (ids seen, counts
/// and the languages and modalities used), so that memory does not grow with the bytes read.
///
/// Tiers: structure (the record decodes), integrity (unique ids, content hashes, media present with the declared
/// hash and type, harm categories known and active in the pinned releases, registered language tags, facets),
/// content (``TextInspector``). The caller supplies what only it can see: the pinned releases and facts about
/// media files.
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
    private var seen: [String: (file: Int32, line: Int32)] = [:]
    private var files: [String] = []
    /// Items read, by shard file.
    public private(set) var itemsPerFile: [String: Int] = [:]
    /// Items read.
    public private(set) var itemCount = 0
    /// Languages used by items, with counts.
    public private(set) var languagesUsed: [LanguageTag: Int] = [:]
    /// Modalities used by items, with counts.
    public private(set) var modalitiesUsed: [Modality: Int] = [:]
    private var languageCache: [String: Result<LanguageTag, LanguageRegistry.Problem>] = [:]
    private var recordLanguages = ItemRecordReader.LanguageCache()
    /// Called with every item that decodes, in the order read, so that a caller can gather what it needs in
    /// the same pass.
    public var observe: ((BenchmarkItem) -> Void)?
    private var scripts: [LanguageTag: Set<TextInspector.Script>?] = [:]

    /// Creates a validator. `media` answers for a path relative to the benchmark folder, `nil` when the file is
    /// missing.
    public init(releases: [String: TaxonomyRelease], media: @escaping (String) -> MediaFacts?) {
        self.releases = releases
        self.media = media
    }

    private func fileIndex(_ file: String) -> Int32 {
        if let index = files.lastIndex(of: file) { return Int32(index) }
        files.append(file)
        return Int32(files.count - 1)
    }

    /// Takes in what `other` saw, when it read the records that follow this validator's (the second part of a
    /// shard read in parallel, say), adding `lineOffset` to its line numbers. Returns a finding for each id both
    /// saw, pointing at the later record.
    public func absorb(_ other: BenchmarkValidator, lineOffset: Int) -> [Diagnostic] {
        var findings: [Diagnostic] = []
        for (id, at) in other.seen.sorted(by: { ($0.value.file, $0.value.line) < ($1.value.file, $1.value.line) }) {
            let file = other.files[Int(at.file)]
            let line = Int(at.line) + lineOffset
            if let first = seen[id] {
                findings.append(
                    Diagnostic(
                        .duplicateItemID, at: SourceLocation(file: file, line: line), field: "/id",
                        "item '\(id)': id already used at \(files[Int(first.file)]):\(first.line)"))
            } else {
                seen[id] = (fileIndex(file), Int32(truncatingIfNeeded: line))
            }
        }
        itemCount += other.itemCount
        itemsPerFile.merge(other.itemsPerFile, uniquingKeysWith: +)
        languagesUsed.merge(other.languagesUsed, uniquingKeysWith: +)
        modalitiesUsed.merge(other.modalitiesUsed, uniquingKeysWith: +)
        return findings
    }

    /// Validates one JSON Lines record. Well-formed records are read straight from their bytes; any other goes
    /// through the full reader, which says what is wrong and where.
    public func validate(record: ArraySlice<UInt8>, line: Int, file: String) -> [Diagnostic] {
        let direct = record.withUnsafeBufferPointer { ItemRecordReader.read($0, languages: &recordLanguages) }
        var findings: [Diagnostic] = []
        var node: DocumentNode?
        let item: BenchmarkItem
        let declaredHash: String
        if let direct {
            (item, declaredHash) = direct
        } else {
            let (parsed, parseFindings) = JSONParser.parse(record, file: file, firstLine: line)
            guard let parsed, !parseFindings.hasErrors else { return parseFindings }
            let decoder = DocumentDecoder(file: file)
            guard let decoded = BenchmarkItem.decode(parsed, "", decoder) else {
                return parseFindings + decoder.diagnostics
            }
            findings = parseFindings + decoder.diagnostics
            (item, declaredHash) = decoded
            node = parsed
        }
        var locations: SourceMap?
        func add(_ code: RuleCode, _ pointer: String, _ message: String) {
            if locations == nil {
                let tree = node ?? JSONParser.parse(record, file: file, firstLine: line).node!
                locations = SourceMap(tree, file: file)
            }
            findings.append(Diagnostic(code, at: locations![pointer], field: pointer, "item '\(item.id)': \(message)"))
        }
        itemCount += 1
        observe?(item)
        itemsPerFile[file, default: 0] += 1
        if let first = seen[item.id] {
            add(.duplicateItemID, "/id", "id already used at \(files[Int(first.file)]):\(first.line)")
        } else {
            seen[item.id] = (fileIndex(file), Int32(truncatingIfNeeded: line))
        }
        if declaredHash != item.contentHash {
            add(
                .itemHashMismatch, "/hash",
                "declared hash \(declaredHash) is not the content hash \(item.contentHash); the item changed after it was hashed"
            )
        }
        // Languages.
        var languages = [("/language", item.language)]
        for (turnIndex, turn) in item.turns.enumerated() {
            for (partIndex, part) in turn.parts.enumerated() {
                if let language = part.language {
                    languages.append(("/turns/\(turnIndex)/parts/\(partIndex)/language", language))
                }
            }
        }
        for (pointer, language) in languages {
            let checked = languageCache[language.rawValue] ?? LanguageRegistry.canonical(language)
            languageCache[language.rawValue] = checked
            switch checked {
            case .failure(let problem): add(.unregisteredLanguage, pointer, problem.message)
            case .success(let canonical) where canonical != language:
                add(
                    .unregisteredLanguage, pointer,
                    "'\(language)' should be written '\(canonical)' (BCP 47 prefers the two-letter code)")
            default: break
            }
        }
        languagesUsed[item.language, default: 0] += 1
        for modality in item.modalities { modalitiesUsed[modality, default: 0] += 1 }
        // Harms.
        for (index, harm) in item.harms.enumerated() {
            let pointer = "/harms/\(index)"
            guard let colon = harm.firstIndex(of: ":") else {
                add(.unpinnedTaxonomy, pointer, "'\(harm)' is not taxonomy-qualified; expected TAXONOMY-ID:CONCEPT-ID")
                continue
            }
            let taxonomy = String(harm[..<colon])
            let concept = String(harm[harm.index(after: colon)...])
            guard let release = releases[taxonomy] else {
                add(.unpinnedTaxonomy, pointer, "taxonomy '\(taxonomy)' is not pinned by the manifest")
                continue
            }
            guard let category = release.category(concept) else {
                add(.unknownHarm, pointer, "'\(concept)' is not a category of \(release.reference)")
                continue
            }
            if category.status == .deprecated {
                add(
                    .deprecatedHarm, pointer,
                    "'\(concept)' is deprecated in \(release.reference); use \(category.replacedBy.joined(separator: " or "))"
                )
            }
        }
        // Facets.
        for (facet, value) in item.facets.sorted(by: { $0.key < $1.key }) {
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
        for (turnIndex, turn) in item.turns.enumerated() {
            for (partIndex, part) in turn.parts.enumerated() {
                let pointer = "/turns/\(turnIndex)/parts/\(partIndex)"
                if let text = part.text {
                    let language = part.language ?? item.language
                    let expected = scripts[language] ?? TextInspector.expectedScripts(for: language)
                    scripts[language] = expected
                    for finding in TextInspector.inspect(text, language: language, expected: expected) {
                        add(finding.code, pointer + "/text", finding.message)
                    }
                }
                guard let mediaPart = part.media else { continue }
                let mediaPointer = "\(pointer)/\(mediaPart.kind.rawValue)"
                guard let path = mediaPart.path else {
                    add(
                        .mediaUnavailable, mediaPointer,
                        "the source did not ship the \(mediaPart.kind.rawValue) (reference kept)")
                    continue
                }
                guard let facts = media(path) else {
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
