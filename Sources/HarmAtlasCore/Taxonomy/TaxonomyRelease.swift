/// One immutable release of a harm taxonomy: categories, facets and metadata, pinned by id and version.
public struct TaxonomyRelease: Hashable, Sendable {
    /// The format identifier written into every taxonomy file.
    public static let format = "harmatlas.taxonomy/1"

    /// The namespaced taxonomy id, such as `mlc-ailuminate`; the same across releases.
    public var id: String
    /// The release's version.
    public var version: SemanticVersion
    /// A title.
    public var title: String
    /// The SPDX licence expression of the taxonomy text.
    public var license: String
    /// How to cite the source.
    public var citation: String
    /// Where the taxonomy was published.
    public var sourceURL: String
    /// The publication date, `YYYY-MM-DD`.
    public var released: String
    /// The language names and definitions were first written in; the last fallback.
    public var sourceLanguage: LanguageTag
    /// The categories, in the order the source lists them.
    public var categories: [HarmCategory]
    /// The facets it declares.
    public var facets: [Facet]
    /// Counts the source states (`categories`, `leaves`, `level-1`, `level-2` …), checked by the linter.
    public var declaredCounts: [String: Int]
    /// How data labelled with an earlier release moves to this one.
    public var migration: Migration?
    /// Named subsets.
    public var profiles: [TaxonomyProfile]
    /// Set when this release is an overlay on another taxonomy.
    public var extends: TaxonomyExtension?

    /// Creates a release.
    public init(
        id: String, version: SemanticVersion, title: String, license: String, citation: String, sourceURL: String,
        released: String, sourceLanguage: LanguageTag, categories: [HarmCategory], facets: [Facet] = [],
        declaredCounts: [String: Int] = [:], migration: Migration? = nil, profiles: [TaxonomyProfile] = [],
        extends: TaxonomyExtension? = nil
    ) {
        self.id = id
        self.version = version
        self.title = title
        self.license = license
        self.citation = citation
        self.sourceURL = sourceURL
        self.released = released
        self.sourceLanguage = sourceLanguage
        self.categories = categories
        self.facets = facets
        self.declaredCounts = declaredCounts
        self.migration = migration
        self.profiles = profiles
        self.extends = extends
    }

    /// `id@version`, the way releases are pinned.
    public var reference: String { "\(id)@\(version)" }

    /// The category with `id`, if any.
    public func category(_ id: String) -> HarmCategory? {
        categories.first { $0.id == id }
    }

    /// The categories carrying `code` in this release (more than one only in a release the linter rejects).
    public func categories(withCode code: String) -> [HarmCategory] {
        categories.filter { $0.codes.contains(code) }
    }

    /// The direct children of each category id.
    public var children: [String: [String]] {
        var result: [String: [String]] = [:]
        for category in categories {
            for parent in category.parents { result[parent, default: []].append(category.id) }
        }
        return result
    }

    /// The ids of the categories with no parent, in source order.
    public var roots: [String] { categories.filter(\.parents.isEmpty).map(\.id) }

    /// The depth of each category: 1 for a root, 1 + the deepest parent otherwise. Categories on a cycle or
    /// under an unknown parent are left out.
    public var depths: [String: Int] {
        let byID = Dictionary(categories.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var depths: [String: Int] = [:]
        var visiting: Set<String> = []
        func depth(_ id: String) -> Int? {
            if let known = depths[id] { return known }
            guard let category = byID[id], !visiting.contains(id) else { return nil }
            visiting.insert(id)
            defer { visiting.remove(id) }
            var deepest = 0
            for parent in category.parents {
                guard let parentDepth = depth(parent) else { return nil }
                deepest = max(deepest, parentDepth)
            }
            depths[id] = deepest + 1
            return deepest + 1
        }
        for category in categories { _ = depth(category.id) }
        return depths
    }

    /// `id` and every category below it.
    public func descendants(of id: String) -> Set<String> {
        let children = self.children
        var seen: Set<String> = [id]
        var stack = [id]
        while let next = stack.popLast() {
            for child in children[next, default: []] where seen.insert(child).inserted { stack.append(child) }
        }
        return seen
    }

    /// `id` and every category above it.
    public func ancestors(of id: String) -> Set<String> {
        var seen: Set<String> = [id]
        var stack = [id]
        while let next = stack.popLast() {
            for parent in category(next)?.parents ?? [] where seen.insert(parent).inserted { stack.append(parent) }
        }
        return seen
    }

    /// The subset a profile selects, keeping the release's metadata; parents outside the subset are dropped.
    public func selecting(_ profile: TaxonomyProfile) -> TaxonomyRelease {
        var selected: Set<String> = []
        for id in profile.include {
            selected.formUnion(profile.includeDescendants ? descendants(of: id) : [id])
        }
        for id in profile.exclude { selected.subtract(descendants(of: id)) }
        var subset = self
        subset.categories = categories.filter { selected.contains($0.id) }.map { category in
            var category = category
            category.parents = category.parents.filter(selected.contains)
            return category
        }
        subset.profiles = []
        subset.declaredCounts = [:]
        return subset
    }
}
