/// How the files of one source dataset become benchmark items: which fields hold the text, the language, the
/// labels and the rest, and how labels map to taxonomy categories.
///
/// A field is named by its CSV column header, or for JSON records by a top-level key or a JSON Pointer
/// (`/messages/1/content`).
public struct ImportProfile: Sendable {
    /// What happens to a label with no mapping.
    public enum UnknownLabelPolicy: Hashable, Sendable {
        /// The row is refused with an error.
        case reject
        /// The item is imported without that category; the label is listed with its count.
        case warn
        /// The label maps to this category.
        case mapTo(String)
    }

    /// How a labels cell holds several labels.
    public enum LabelFormat: String, Hashable, Sendable, CaseIterable {
        /// One label per cell.
        case single
        /// A Python list literal with quoted strings, such as `['a', 'b']`.
        case pythonList = "python-list"
        /// Labels separated by ``Labels/separator``.
        case separated
    }

    /// The labels of a row and how they map to categories.
    public struct Labels: Hashable, Sendable {
        /// The field holding them.
        public var field: String
        /// How a cell holds several.
        public var format: LabelFormat
        /// The separator, for ``LabelFormat/separated``.
        public var separator: String
        /// Label → concept ids of the profile's taxonomy. Empty when ``byCode``.
        public var map: [String: [String]]
        /// Labels are codes of the taxonomy release (`vcr`, `S1`).
        public var byCode: Bool
        /// What happens to a label with no mapping.
        public var unknown: UnknownLabelPolicy
        /// Whether every row must carry at least one label.
        public var required: Bool = false
        /// An SSSOM crosswalk whose subject release the labels belong to (by ``map`` or as codes); they reach the
        /// profile's taxonomy through its exact, close and broad mappings. Narrow and related mappings would
        /// claim more than the source says and are not followed.
        public var crosswalk: String? = nil

        /// Creates a value.
        public init(
            field: String, format: LabelFormat, separator: String, map: [String: [String]], byCode: Bool,
            unknown: UnknownLabelPolicy
        ) {
            self.field = field
            self.format = format
            self.separator = separator
            self.map = map
            self.byCode = byCode
            self.unknown = unknown
        }
    }

    /// How the safety of an item is read.
    public enum SafetyRule: Hashable, Sendable {
        /// Every item has this safety.
        case constant(BenchmarkItem.Safety)
        /// A field's value decides: values in `contrast` make safe-contrast items, values in `unsafe` unsafe ones.
        case field(String, unsafe: [String], contrast: [String])
    }

    /// A media file a record refers to.
    public struct MediaRule: Hashable, Sendable {
        /// The kind of media.
        public var kind: BenchmarkItem.MediaKind
        /// The field holding the file reference, or `nil` when ``template`` builds it from other fields.
        public var field: String?
        /// A file name built from fields, such as `query_ForbidQI_{category_id}_{task_id}_6.png`.
        public var template: String?
        /// The folder, relative to the dataset, where shipped files are looked for.
        public var root: String

        /// Creates a value.
        public init(kind: BenchmarkItem.MediaKind, field: String?, template: String?, root: String) {
            self.kind = kind
            self.field = field
            self.template = template
            self.root = root
        }
    }

    /// One record exploded into several items, one per element of a list, each element's key naming its safety.
    public struct Expansion: Hashable, Sendable {
        /// The pointer of the list.
        public var pointer: String
        /// Key → the safety of the item made from that key's text.
        public var keys: [String: BenchmarkItem.Safety]

        /// Creates a value.
        public init(pointer: String, keys: [String: BenchmarkItem.Safety]) {
            self.pointer = pointer
            self.keys = keys
        }
    }

    /// One file to read.
    public struct File: Hashable, Sendable {
        /// The path relative to the dataset folder.
        public var path: String
        /// A safety that overrides the profile's for this file.
        public var safety: BenchmarkItem.Safety?
        /// A text field that overrides the profile's for this file.
        public var text: String?

        /// Creates a value.
        public init(path: String, safety: BenchmarkItem.Safety? = nil, text: String? = nil) {
            self.path = path
            self.safety = safety
            self.text = text
        }
    }

    /// The dataset's name; items' `source.dataset`.
    public var dataset: String
    /// Where the dataset is published.
    public var sourceURL: String
    /// The dataset's SPDX licence.
    public var license: String
    /// The taxonomy release labels map to, `id@version`.
    public var taxonomy: String?
    /// The files.
    public var files: [File]
    /// For a JSON file, the pointer of the records array (empty: the document itself is the array).
    public var records: String
    /// The field holding the text (unused when ``wideLanguages`` is set).
    public var text: String?
    /// Columns that each hold the text in one language: column → language tag.
    public var wideLanguages: [(column: String, language: LanguageTag)]
    /// For wide files, the column language of the original text; the others are translations.
    public var originalLanguage: LanguageTag?
    /// How the translations of a wide file were made.
    public var translationOrigin: TranslationOrigin?
    /// The language of every item, when no field gives it.
    public var language: LanguageTag?
    /// The field holding the language.
    public var languageField: String?
    /// The field holding the source's id.
    public var idField: String?
    /// The field holding a group id.
    public var groupField: String?
    /// The labels, if any.
    public var labels: Labels?
    /// How safety is read.
    public var safety: SafetyRule
    /// Facet id → field.
    public var facets: [String: String]
    /// Fields kept verbatim in `source.labels`, beside the labels field.
    public var keep: [String]
    /// A media part, if records have one.
    public var media: MediaRule?
    /// The record explosion, if any.
    public var expansion: Expansion?
    /// The field holding the modality the row declares (`text`, `image+text` …), checked against what it holds.
    public var modalityField: String? = nil
    /// For CSV rows with more cells than the header, join the extra cells back into the last column with the
    /// delimiter (a declared repair for sources with unquoted delimiters in a one-column file).
    public var joinExtraCells: Bool

    /// Creates a profile.
    public init(
        dataset: String,
        sourceURL: String,
        license: String,
        taxonomy: String?,
        files: [File],
        records: String,
        text: String?,
        wideLanguages: [(column: String, language: LanguageTag)],
        originalLanguage: LanguageTag?,
        translationOrigin: TranslationOrigin?,
        language: LanguageTag?,
        languageField: String?,
        idField: String?,
        groupField: String?,
        labels: Labels?,
        safety: SafetyRule,
        facets: [String: String],
        keep: [String],
        media: MediaRule?,
        expansion: Expansion?,
        joinExtraCells: Bool
    ) {
        self.dataset = dataset
        self.sourceURL = sourceURL
        self.license = license
        self.taxonomy = taxonomy
        self.files = files
        self.records = records
        self.text = text
        self.wideLanguages = wideLanguages
        self.originalLanguage = originalLanguage
        self.translationOrigin = translationOrigin
        self.language = language
        self.languageField = languageField
        self.idField = idField
        self.groupField = groupField
        self.labels = labels
        self.safety = safety
        self.facets = facets
        self.keep = keep
        self.media = media
        self.expansion = expansion
        self.joinExtraCells = joinExtraCells
    }
}
