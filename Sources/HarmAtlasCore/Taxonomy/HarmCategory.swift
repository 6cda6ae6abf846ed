/// One category of a taxonomy release.
///
/// The ``id`` is the concept's identity and never changes meaning across releases; the ``codes`` are the
/// display codes the category carries in this release (`S1`, `vcr`), which may move between concepts from one
/// release to the next.
public struct HarmCategory: Hashable, Sendable {
    /// Whether a category is in use.
    public enum Status: String, Hashable, Sendable, CaseIterable {
        case active, deprecated
    }

    /// Examples of what a category covers and what it does not, in the release's source language.
    public struct Examples: Hashable, Sendable {
        /// Descriptions of requests inside the category.
        public var inScope: [String]
        /// Descriptions of requests that look close but are outside it.
        public var outOfScope: [String]

        /// Creates examples.
        public init(inScope: [String] = [], outOfScope: [String] = []) {
            self.inScope = inScope
            self.outOfScope = outOfScope
        }
    }

    /// The stable concept id, a lower-case slug such as `violent-crimes`.
    public var id: String
    /// The codes this category carries in this release.
    public var codes: [String]
    /// Names by language.
    public var names: LocalizedTexts
    /// Definitions by language.
    public var definitions: LocalizedTexts
    /// The ids of its parents; empty for a top-level category.
    public var parents: [String]
    /// The modalities it applies to; empty means all.
    public var modalities: [Modality]
    /// Whether it is active or deprecated.
    public var status: Status
    /// For a deprecated category, the categories that replace it.
    public var replacedBy: [String]
    /// Examples of scope, if given.
    public var examples: Examples?

    /// Creates a category.
    public init(
        id: String, codes: [String] = [], names: LocalizedTexts = [:], definitions: LocalizedTexts = [:],
        parents: [String] = [], modalities: [Modality] = [], status: Status = .active, replacedBy: [String] = [],
        examples: Examples? = nil
    ) {
        self.id = id
        self.codes = codes
        self.names = names
        self.definitions = definitions
        self.parents = parents
        self.modalities = modalities
        self.status = status
        self.replacedBy = replacedBy
        self.examples = examples
    }

    /// Whether `text` is shaped like a concept id: lower-case ASCII letters and digits in hyphen-separated runs.
    public static func isValidID(_ text: String) -> Bool {
        !text.isEmpty
            && text.split(separator: "-", omittingEmptySubsequences: false).allSatisfy { part in
                !part.isEmpty && part.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber) }
            }
    }
}
