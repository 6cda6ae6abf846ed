/// An axis orthogonal to the harm hierarchy (persona, attack technique, scope, jurisdiction) with the values
/// items may take on it.
public struct Facet: Hashable, Sendable {
    /// The facet's id, a slug such as `persona`.
    public var id: String
    /// Names by language.
    public var names: LocalizedTexts
    /// The allowed values, as slugs.
    public var values: [String]

    /// Creates a facet.
    public init(id: String, names: LocalizedTexts = [:], values: [String]) {
        self.id = id
        self.names = names
        self.values = values
    }
}
