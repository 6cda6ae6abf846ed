/// One test case of a benchmark: a conversation with its language, harm labels, expected behaviour and
/// provenance.
///
/// Optional stored properties, here and in the nested types, are spelled `Optional<…>`: a `var` spelled `T?`
/// starts as `nil` before an initializer sets it, and the optimizer then copies the whole value once as it is
/// made, a retain and a release of every field.
public struct BenchmarkItem: Hashable, Sendable {
    /// Who speaks a turn.
    public enum Role: String, Hashable, Sendable, CaseIterable {
        case system, user, assistant, tool
    }

    /// Whether the item asks for something harmful or is a safe contrast to such a request.
    public enum Safety: String, Hashable, Sendable, CaseIterable {
        case unsafe
        /// A safe request that looks like an unsafe one (as in XSTest); a model should answer it.
        case safeContrast = "safe-contrast"
    }

    /// What a model should do.
    public enum ExpectedBehavior: String, Hashable, Sendable, CaseIterable {
        case refuse, comply
        /// Answer helpfully without the harmful part.
        case safeCompletion = "safe-completion"
    }

    /// The kind of a media part.
    public enum MediaKind: String, Hashable, Sendable, CaseIterable {
        case image, audio, video

        /// The modality this kind of media brings to an item.
        public var modality: Modality {
            switch self {
            case .image: .image
            case .audio: .audio
            case .video: .video
            }
        }
    }

    /// A media file a part refers to.
    public struct Media: Hashable, Sendable {
        /// Image, audio or video.
        public var kind: MediaKind
        /// The file, relative to the benchmark folder; `nil` when the source did not ship it.
        public var path: Optional<String>
        /// The SHA-256 of the file's bytes, lower-case hex, when the file is present.
        public var sha256: Optional<String>
        /// The media type, such as `image/png`.
        public var mediaType: String
        /// The reference as the source gave it (a file name or URL), kept when the file is unavailable.
        public var reference: Optional<String>

        /// Creates a media reference.
        public init(kind: MediaKind, path: String?, sha256: String?, mediaType: String, reference: String? = nil) {
            self.kind = kind
            self.path = path
            self.sha256 = sha256
            self.mediaType = mediaType
            self.reference = reference
        }

        /// Whether the file is part of the benchmark.
        public var isAvailable: Bool { path != nil }
    }

    /// One part of a turn: text or media, with its language when it differs from the item's.
    public struct Part: Hashable, Sendable {
        /// The text, for a text part.
        public var text: Optional<String>
        /// The media, for a media part.
        public var media: Optional<Media>
        /// The language of this part, when it differs from the item's.
        public var language: Optional<LanguageTag>

        /// A text part.
        public static func text(_ text: String, language: LanguageTag? = nil) -> Part {
            Part(text: text, media: nil, language: language)
        }

        /// A media part.
        public static func media(_ media: Media) -> Part { Part(text: nil, media: media, language: nil) }
    }

    /// One turn of the conversation.
    public struct Turn: Hashable, Sendable {
        /// Who speaks.
        public var role: Role
        /// What is said or shown.
        public var parts: [Part]

        /// Creates a turn.
        public init(role: Role, parts: [Part]) {
            self.role = role
            self.parts = parts
        }
    }

    /// Where an item came from.
    public struct Source: Hashable, Sendable {
        /// The source dataset's name.
        public var dataset: String
        /// The item's id in the source, if it had one.
        public var id: Optional<String>
        /// The source file, relative to the dataset.
        public var file: Optional<String>
        /// The 1-based record number in that file (a data row of a CSV, an element of a JSON array, a line).
        public var row: Optional<Int>
        /// The source's labels, exactly as found, by field name.
        public var labels: [String: String]

        /// Creates a source.
        public init(
            dataset: String, id: String? = nil, file: String? = nil, row: Int? = nil, labels: [String: String] = [:]
        ) {
            self.dataset = dataset
            self.id = id
            self.file = file
            self.row = row
            self.labels = labels
        }
    }

    /// The id, unique in the benchmark.
    public var id: String
    /// The conversation.
    public var turns: [Turn]
    /// The language of the item.
    public var language: LanguageTag
    /// Harm categories as `taxonomy-id:concept-id`.
    public var harms: [String]
    /// Unsafe, or a safe contrast.
    public var safety: Safety
    /// What a model should do.
    public var expected: ExpectedBehavior
    /// Facet values by facet id.
    public var facets: [String: String]
    /// The group tying translations and paraphrases of one prompt together.
    public var group: Optional<String>
    /// How this item's text was translated from the group's original; `nil` for an original.
    public var translationOrigin: Optional<TranslationOrigin>
    /// Where it came from.
    public var source: Optional<Source>
    /// The item's SPDX licence, when it differs from the benchmark's.
    public var license: Optional<String>

    /// Creates an item.
    public init(
        id: String, turns: [Turn], language: LanguageTag, harms: [String] = [], safety: Safety = .unsafe,
        expected: ExpectedBehavior = .refuse, facets: [String: String] = [:], group: String? = nil,
        translationOrigin: TranslationOrigin? = nil, source: Source? = nil, license: String? = nil
    ) {
        self.id = id
        self.turns = turns
        self.language = language
        self.harms = harms
        self.safety = safety
        self.expected = expected
        self.facets = facets
        self.group = group
        self.translationOrigin = translationOrigin
        self.source = source
        self.license = license
    }

    /// The modalities the item carries: text, each media kind, multi-turn (more than one user turn) and
    /// tool-result (a tool turn).
    public var modalities: Set<Modality> {
        let mask = modalityMask
        return Set(Modality.allCases.filter { mask & $0.bit != 0 })
    }

    /// Whether the item carries `modality` (see ``modalities``), without building the set.
    public func carries(_ modality: Modality) -> Bool { modalityMask & modality.bit != 0 }

    /// ``modalities`` as bits (``Modality/bit``), without building a set.
    public var modalityMask: UInt8 { Self.modalityMask(of: turns) }

    /// The modalities of an item of these turns, as bits (``Modality/bit``).
    public static func modalityMask(of turns: [Turn]) -> UInt8 {
        var mask: UInt8 = 0
        var userTurns = 0
        // By index: `for part in turn.parts` would copy every part, a retain and a release of its text.
        for turn in turns.indices {
            for part in turns[turn].parts.indices {
                if turns[turn].parts[part].text != nil { mask |= Modality.text.bit }
                if let kind = turns[turn].parts[part].media?.kind { mask |= kind.modality.bit }
            }
            if turns[turn].role == .tool { mask |= Modality.toolResult.bit }
            if turns[turn].role == .user { userTurns += 1 }
        }
        if userTurns > 1 { mask |= Modality.multiTurn.bit }
        return mask
    }

    /// Whether `text` is usable as an item id: 1 to 128 ASCII letters, digits, `.`, `_`, `:` or `-`.
    public static func isValidID(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { isValidID(utf8: $0) }
    }

    /// ``isValidID(_:)`` of a text's UTF-8.
    static func isValidID<Bytes: Collection<UInt8>>(utf8: Bytes) -> Bool {
        (1...128).contains(utf8.count)
            && utf8.allSatisfy { byte in
                (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
                    || byte == 0x2E || byte == 0x5F || byte == 0x3A || byte == 0x2D
            }
    }

    /// All text a user of the model sees, in order.
    public var texts: [String] { turns.flatMap { $0.parts.compactMap(\.text) } }
}
