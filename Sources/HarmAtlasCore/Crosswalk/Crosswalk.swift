/// Mappings between the categories of two pinned taxonomy releases: the SSSOM model, with SKOS relations,
/// a justification, author, date and confidence on every mapping.
public struct Crosswalk: Hashable, Sendable {
    /// A SKOS mapping relation, read as "subject RELATION object".
    public enum Predicate: String, Hashable, Sendable, CaseIterable {
        case exact = "skos:exactMatch"
        case close = "skos:closeMatch"
        /// The object is broader than the subject.
        case broad = "skos:broadMatch"
        /// The object is narrower than the subject.
        case narrow = "skos:narrowMatch"
        case related = "skos:relatedMatch"

        /// How precise the relation is: exact 3, close 2, broad and narrow 1, related 0.
        public var precision: Int {
            switch self {
            case .exact: 3
            case .close: 2
            case .broad, .narrow: 1
            case .related: 0
            }
        }

        /// The relation from A to C given A→B (`self`) and B→C (`next`). Exact is neutral; related absorbs
        /// everything; broad followed by narrow (or the reverse) says nothing more than related.
        public func composed(with next: Predicate) -> Predicate {
            switch (self, next) {
            case (.exact, _): next
            case (_, .exact): self
            case (.related, _), (_, .related): .related
            case (.close, .close): .close
            case (.close, let other), (let other, .close): other
            case (.broad, .broad): .broad
            case (.narrow, .narrow): .narrow
            case (.broad, .narrow), (.narrow, .broad): .related
            }
        }

        /// The short name (`exact`, `broad` …).
        public var shortName: String {
            switch self {
            case .exact: "exact"
            case .close: "close"
            case .broad: "broad"
            case .narrow: "narrow"
            case .related: "related"
            }
        }
    }

    /// How a mapping was made, as a SEMAPV term that SSSOM validators accept.
    public enum Justification: String, Hashable, Sendable, CaseIterable {
        /// A person decided it.
        case manual = "semapv:ManualMappingCuration"
        /// A language model proposed it, drawing on what it knows; the mapping's ``Mapping/tool`` names the model.
        /// SEMAPV has no term of its own for this, so it is written as background-knowledge matching.
        case llmAssisted = "semapv:BackgroundKnowledgeBasedMatching"
        /// A similarity score over a threshold proposed it.
        case similarity = "semapv:SemanticSimilarityThresholdMatching"
        /// Derived by chaining two mappings.
        case chained = "semapv:MappingChaining"
    }

    /// One mapping.
    public struct Mapping: Hashable, Sendable {
        /// The subject's concept id in the subject release.
        public var subjectID: String
        /// The subject's name, for readers.
        public var subjectLabel: String?
        /// The relation.
        public var predicate: Predicate
        /// The object's concept id in the object release.
        public var objectID: String
        /// The object's name, for readers.
        public var objectLabel: String?
        /// How the mapping was made.
        public var justification: Justification
        /// The tool or model that proposed it, if any.
        public var tool: String?
        /// Who made it, as a CURIE.
        public var authorID: String?
        /// When, `YYYY-MM-DD`.
        public var date: String?
        /// Confidence between 0 and 1.
        public var confidence: Double?
        /// Why: the reasoning behind the mapping.
        public var comment: String?

        /// Creates a mapping.
        public init(
            subjectID: String, subjectLabel: String? = nil, predicate: Predicate, objectID: String,
            objectLabel: String? = nil, justification: Justification, tool: String? = nil, authorID: String? = nil,
            date: String? = nil, confidence: Double? = nil, comment: String? = nil
        ) {
            self.tool = tool
            self.subjectID = subjectID
            self.subjectLabel = subjectLabel
            self.predicate = predicate
            self.objectID = objectID
            self.objectLabel = objectLabel
            self.justification = justification
            self.authorID = authorID
            self.date = date
            self.confidence = confidence
            self.comment = comment
        }
    }

    /// A pinned release on one side of the crosswalk.
    public struct Pin: Hashable, Sendable, CustomStringConvertible {
        /// The taxonomy id.
        public var id: String
        /// The release version.
        public var version: SemanticVersion

        /// Creates a pin.
        public init(id: String, version: SemanticVersion) {
            self.id = id
            self.version = version
        }

        /// `id@version`.
        public var description: String { "\(id)@\(version)" }

        /// Whether `release` is the pinned one.
        public func matches(_ release: TaxonomyRelease) -> Bool { release.id == id && release.version == version }
    }

    /// The mapping set's URI.
    public var mappingSetID: String
    /// The mapping set's own version, if it has one.
    public var mappingSetVersion: String?
    /// A description.
    public var description: String?
    /// The licence, as a URI.
    public var license: String
    /// The subject release.
    public var subject: Pin
    /// The object release.
    public var object: Pin
    /// The mappings, in file order.
    public var mappings: [Mapping]

    /// Creates a crosswalk.
    public init(
        mappingSetID: String, mappingSetVersion: String? = nil, description: String? = nil, license: String,
        subject: Pin, object: Pin, mappings: [Mapping]
    ) {
        self.mappingSetID = mappingSetID
        self.mappingSetVersion = mappingSetVersion
        self.description = description
        self.license = license
        self.subject = subject
        self.object = object
        self.mappings = mappings
    }

    /// The URI prefix of a taxonomy's concepts; concept ids are stable across releases, so it holds no version.
    public static func conceptPrefix(_ taxonomyID: String) -> String { "\(namespace)taxonomy/\(taxonomyID)/" }

    /// The URI naming a taxonomy as a mapping source.
    public static func sourceURI(_ taxonomyID: String) -> String { "\(namespace)taxonomy/\(taxonomyID)" }

    /// The URI namespace of HarmAtlas identifiers.
    public static let namespace = "https://w3id.org/harmatlas/"
}
