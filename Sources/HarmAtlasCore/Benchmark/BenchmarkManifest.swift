/// The description of a benchmark folder: what it is, who made it, under which licence, which taxonomy releases
/// its labels refer to, and every file it holds with its size and SHA-256.
public struct BenchmarkManifest: Hashable, Sendable {
    /// The format identifier written into every manifest.
    public static let format = "harmatlas.benchmark/1"

    /// A person or organisation that made the benchmark.
    public struct Creator: Hashable, Sendable {
        /// The name.
        public var name: String
        /// An affiliation, if any.
        public var affiliation: String?
        /// A web page, if any.
        public var url: String?

        /// Creates a creator.
        public init(name: String, affiliation: String? = nil, url: String? = nil) {
            self.name = name
            self.affiliation = affiliation
            self.url = url
        }
    }

    /// How access to the benchmark is controlled.
    public enum Access: String, Hashable, Sendable, CaseIterable {
        /// Anyone may download it.
        case open
        /// Users must accept terms first.
        case clickThrough = "click-through"
        /// Each user is approved by the maintainers.
        case approval
    }

    /// A dataset the benchmark draws on.
    public struct Source: Hashable, Sendable {
        /// Its name, as items' `source.dataset` give it.
        public var name: String
        /// Where it is published.
        public var url: String?
        /// Its SPDX licence.
        public var license: String
        /// What was taken from it.
        public var description: String?

        /// Creates a source.
        public init(name: String, url: String? = nil, license: String, description: String? = nil) {
            self.name = name
            self.url = url
            self.license = license
            self.description = description
        }
    }

    /// Responsible-AI notes, after the Croissant RAI vocabulary.
    public struct ResponsibleAI: Hashable, Sendable {
        /// What the benchmark is for.
        public var intendedUse: String
        /// Uses it is not fit for.
        public var outOfScopeUse: String?
        /// Known limitations.
        public var limitations: String
        /// Known biases, such as the languages it over-represents.
        public var biases: String?
        /// Whether it holds personal or sensitive data, and how that was handled.
        public var personalData: String
        /// How the data was collected or written.
        public var collection: String?

        /// Creates notes.
        public init(
            intendedUse: String, outOfScopeUse: String? = nil, limitations: String, biases: String? = nil,
            personalData: String, collection: String? = nil
        ) {
            self.intendedUse = intendedUse
            self.outOfScopeUse = outOfScopeUse
            self.limitations = limitations
            self.biases = biases
            self.personalData = personalData
            self.collection = collection
        }
    }

    /// A taxonomy release the labels refer to, pinned by content.
    public struct TaxonomyPin: Hashable, Sendable {
        /// The taxonomy id.
        public var id: String
        /// The release version.
        public var version: SemanticVersion
        /// The release's content hash (`sha256:…`).
        public var hash: String

        /// Creates a pin.
        public init(id: String, version: SemanticVersion, hash: String) {
            self.id = id
            self.version = version
            self.hash = hash
        }
    }

    /// A file of the benchmark.
    public struct File: Hashable, Sendable {
        /// Its path relative to the benchmark folder.
        public var path: String
        /// Its size in bytes.
        public var bytes: Int
        /// The SHA-256 of its bytes, lower-case hex.
        public var sha256: String
        /// For an item shard, how many items it holds.
        public var items: Int?

        /// Creates a file entry.
        public init(path: String, bytes: Int, sha256: String, items: Int? = nil) {
            self.path = path
            self.bytes = bytes
            self.sha256 = sha256
            self.items = items
        }
    }

    /// What `harmatlas dedup --apply` removed when it made this benchmark.
    public struct Deduplication: Hashable, Sendable {
        /// The tool and its version.
        public var tool: String
        /// The Jaccard threshold for near duplicates.
        public var threshold: Double
        /// How many items were removed.
        public var removed: Int
        /// The file listing each removed item, the item kept in its place and why (a path in the benchmark).
        public var record: String

        /// Creates a record.
        public init(tool: String, threshold: Double, removed: Int, record: String) {
            self.tool = tool
            self.threshold = threshold
            self.removed = removed
            self.record = record
        }
    }

    /// How `harmatlas split` divided the items: each split is a shard of its own.
    public struct Splits: Hashable, Sendable {
        /// One split.
        public struct Part: Hashable, Sendable {
            /// The split's name, a slug.
            public var name: String
            /// Its shard, a path in the benchmark.
            public var path: String
            /// The share of the items requested.
            public var share: Double
            /// The items it holds.
            public var items: Int

            /// Creates a split entry.
            public init(name: String, path: String, share: Double, items: Int) {
                self.name = name
                self.path = path
                self.share = share
                self.items = items
            }
        }

        /// The tool and its version.
        public var tool: String
        /// The seed.
        public var seed: Int
        /// The stratification keys.
        public var stratify: [String]
        /// The splits, in the order requested.
        public var parts: [Part]

        /// Creates a record.
        public init(tool: String, seed: Int, stratify: [String], parts: [Part]) {
            self.tool = tool
            self.seed = seed
            self.stratify = stratify
            self.parts = parts
        }
    }

    /// What `harmatlas build` does for this benchmark beyond validating, reporting duplicates and packing.
    public struct BuildSettings: Hashable, Sendable {
        /// How to split, when the benchmark is split before packing.
        public struct Split: Hashable, Sendable {
            /// Split names and shares, summing to 1.
            public var ratios: [String: Double]
            /// Stratification keys.
            public var stratify: [String]
            /// The seed.
            public var seed: Int

            /// Creates split settings.
            public init(ratios: [String: Double], stratify: [String], seed: Int) {
                self.ratios = ratios
                self.stratify = stratify
                self.seed = seed
            }
        }

        /// A coverage target file, a path in the benchmark.
        public var target: String?
        /// The split, if any.
        public var split: Split?
        /// Archive formats to pack (`tar.zst` when empty).
        public var formats: [String]

        /// Creates settings.
        public init(target: String?, split: Split?, formats: [String]) {
            self.target = target
            self.split = split
            self.formats = formats
        }
    }

    /// The benchmark's name, a slug.
    public var name: String
    /// The data version, apart from the format version.
    public var version: SemanticVersion
    /// What it is.
    public var description: String
    /// The SPDX licence of the data.
    public var license: String
    /// Who made it.
    public var creators: [Creator]
    /// How to cite it.
    public var citation: String
    /// The content warning shown before the data.
    public var contentWarning: String
    /// How access is controlled.
    public var access: Access
    /// The datasets it draws on.
    public var sources: [Source]
    /// Responsible-AI notes.
    public var responsibleAI: ResponsibleAI
    /// The languages it declares.
    public var languages: [LanguageTag]
    /// The modalities it declares.
    public var modalities: [Modality]
    /// The taxonomy releases its labels refer to.
    public var taxonomies: [TaxonomyPin]
    /// Every file, item shards and media alike.
    public var files: [File]
    /// The number of items.
    public var itemCount: Int
    /// What deduplication removed, if the benchmark was deduplicated.
    public var deduplication: Deduplication?
    /// The splits, if the benchmark was split.
    public var splits: Splits?
    /// What `harmatlas build` does beyond its default stages.
    public var build: BuildSettings?

    /// Creates a manifest.
    public init(
        name: String, version: SemanticVersion, description: String, license: String, creators: [Creator],
        citation: String, contentWarning: String, access: Access, sources: [Source], responsibleAI: ResponsibleAI,
        languages: [LanguageTag], modalities: [Modality], taxonomies: [TaxonomyPin], files: [File], itemCount: Int,
        deduplication: Deduplication? = nil, splits: Splits? = nil, build: BuildSettings? = nil
    ) {
        self.name = name
        self.version = version
        self.description = description
        self.license = license
        self.creators = creators
        self.citation = citation
        self.contentWarning = contentWarning
        self.access = access
        self.sources = sources
        self.responsibleAI = responsibleAI
        self.languages = languages
        self.modalities = modalities
        self.taxonomies = taxonomies
        self.files = files
        self.itemCount = itemCount
        self.deduplication = deduplication
        self.splits = splits
        self.build = build
    }

    /// The files holding items (`*.jsonl`), in path order.
    public var shards: [File] { files.filter { $0.path.hasSuffix(".jsonl") }.sorted { $0.path < $1.path } }
}
