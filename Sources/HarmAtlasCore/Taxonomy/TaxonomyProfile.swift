/// A named subset of a release, such as a regulator's list of required categories.
public struct TaxonomyProfile: Hashable, Sendable {
    /// The profile's id.
    public var id: String
    /// A title.
    public var title: String
    /// The categories selected; each brings its descendants when ``includeDescendants`` is set.
    public var include: [String]
    /// Categories removed from the selection, with their descendants.
    public var exclude: [String]
    /// Whether selecting a category selects everything under it.
    public var includeDescendants: Bool

    /// Creates a profile.
    public init(id: String, title: String, include: [String], exclude: [String] = [], includeDescendants: Bool = true) {
        self.id = id
        self.title = title
        self.include = include
        self.exclude = exclude
        self.includeDescendants = includeDescendants
    }
}
