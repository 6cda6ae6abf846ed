/// How data labelled with an earlier release moves to this one: the changes that relate ids to each other and
/// cannot be read off the two releases alone.
///
/// Additions, deprecations, renames and recodes are computed by ``TaxonomyDiff``; splits, merges and the
/// intent behind a changed definition are declared here.
public struct Migration: Hashable, Sendable {
    /// What a changed definition does to the category's meaning.
    public enum Meaning: String, Hashable, Sendable, CaseIterable {
        /// Only the wording changed; the set of things covered is the same.
        case wording
        /// The category now covers less.
        case narrower
        /// The category now covers more.
        case broader
        /// The category covers something else.
        case changed
    }

    /// One declared change.
    public enum Step: Hashable, Sendable {
        /// One category became several. With `default`, references move there; without, they cannot move.
        case split(from: String, into: [String], default: String?)
        /// Several categories became one.
        case merge(from: [String], into: String)
        /// A category's definition changed, with the stated effect on its meaning.
        case redefine(id: String, meaning: Meaning)
    }

    /// The versions of the same taxonomy that these steps migrate from.
    public var from: VersionRange
    /// The declared steps.
    public var steps: [Step]

    /// Creates a migration.
    public init(from: VersionRange, steps: [Step]) {
        self.from = from
        self.steps = steps
    }
}
