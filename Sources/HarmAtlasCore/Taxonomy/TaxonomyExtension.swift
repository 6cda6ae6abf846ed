/// What makes a release an overlay on another: the base it extends and the changes it makes to base categories.
///
/// Categories and facets the overlay adds are the release's own ``TaxonomyRelease/categories`` and
/// ``TaxonomyRelease/facets``; they may name base categories as parents.
public struct TaxonomyExtension: Hashable, Sendable {
    /// Changes to one base category.
    public struct Patch: Hashable, Sendable {
        /// The base category's id.
        public var id: String
        /// Names to add, by language.
        public var names: LocalizedTexts
        /// Definitions to add or narrow, by language.
        public var definitions: LocalizedTexts
        /// The parents the overlay was written against; when the base's parents differ, resolution reports a
        /// conflict, because a narrower definition may no longer be narrower.
        public var expectedParents: [String]?

        /// Creates a patch.
        public init(
            id: String, names: LocalizedTexts = [:], definitions: LocalizedTexts = [:], expectedParents: [String]? = nil
        ) {
            self.id = id
            self.names = names
            self.definitions = definitions
            self.expectedParents = expectedParents
        }
    }

    /// The base taxonomy's id.
    public var baseID: String
    /// The base versions this overlay is written for.
    public var baseVersions: VersionRange
    /// Translations of base categories: names and definitions in languages the base lacks.
    public var translations: [Patch]
    /// Narrower definitions of base categories, replacing the base's text in the languages given.
    public var refinements: [Patch]

    /// Creates an extension.
    public init(baseID: String, baseVersions: VersionRange, translations: [Patch] = [], refinements: [Patch] = []) {
        self.baseID = baseID
        self.baseVersions = baseVersions
        self.translations = translations
        self.refinements = refinements
    }
}
