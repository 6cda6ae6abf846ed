/// Moves category references from one release of a taxonomy to a later one, using the ids the releases share
/// and the steps the newer release declares. A reference that cannot be moved without a guess is reported,
/// never guessed.
///
/// A reference is a concept id (`sex-crimes`), a taxonomy-qualified id (`llama-guard:sex-crimes`) or a code of
/// the old release (`S3`); it is rewritten in the same form.
public struct LabelMigrator: Sendable {
    /// What happened to one reference.
    public enum Outcome: Hashable, Sendable {
        /// The reference now reads `to` (which may equal the original).
        case moved(to: String)
        /// The reference names a category that cannot be moved; `reason` says why.
        case unmovable(reason: String)
        /// The reference is neither an id nor a code of the old release.
        case unknown
    }

    /// The older release.
    public let old: TaxonomyRelease
    /// The newer release.
    public let new: TaxonomyRelease
    private let targets: [String: Result<String, Unmovable>]

    private struct Unmovable: Error, Hashable {
        let reason: String
    }

    /// Prepares a migration; refuses releases of different taxonomies or a newer release whose migration does
    /// not cover the older version.
    public init(from old: TaxonomyRelease, to new: TaxonomyRelease) throws(HarmAtlasError) {
        guard old.id == new.id else {
            throw HarmAtlasError(
                .usage,
                "cannot migrate from '\(old.id)' to '\(new.id)': they are different taxonomies (use a crosswalk)")
        }
        guard old.version < new.version else {
            throw HarmAtlasError(.usage, "\(new.reference) is not newer than \(old.reference)")
        }
        if let migration = new.migration, !migration.from.contains(old.version) {
            throw HarmAtlasError(
                .usage,
                "\(new.reference) declares a migration from \(migration.from), which does not include \(old.version)")
        }
        self.old = old
        self.new = new
        var targets: [String: Result<String, Unmovable>] = [:]
        for step in new.migration?.steps ?? [] {
            switch step {
            case .split(let from, let into, let fallback):
                targets[from] =
                    fallback.map { .success($0) }
                    ?? .failure(
                        Unmovable(
                            reason:
                                "'\(from)' was split into \(into.joined(separator: ", ")) with no rule for existing labels"
                        ))
            case .merge(let from, let into):
                for id in from { targets[id] = .success(into) }
            case .redefine: break
            }
        }
        for category in old.categories where targets[category.id] == nil {
            guard let successor = new.category(category.id) else {
                targets[category.id] = .failure(
                    Unmovable(reason: "'\(category.id)' was removed in \(new.version) with no migration step"))
                continue
            }
            if successor.status == .active {
                targets[category.id] = .success(category.id)
            } else if successor.replacedBy.count == 1 {
                targets[category.id] = .success(successor.replacedBy[0])
            } else if successor.replacedBy.isEmpty {
                targets[category.id] = .failure(
                    Unmovable(reason: "'\(category.id)' is deprecated in \(new.version) with no replacement"))
            } else {
                targets[category.id] = .failure(
                    Unmovable(
                        reason:
                            "'\(category.id)' is deprecated in \(new.version) and replaced by \(successor.replacedBy.joined(separator: ", ")); choose one per item"
                    ))
            }
        }
        self.targets = targets
    }

    /// Moves one reference.
    public func migrate(_ reference: String) -> Outcome {
        let prefix = old.id + ":"
        if reference.hasPrefix(prefix) {
            return migrateID(String(reference.dropFirst(prefix.count))) { new.id + ":" + $0 }
        }
        if old.category(reference) != nil {
            return migrateID(reference) { $0 }
        }
        let owners = old.categories(withCode: reference)
        guard owners.count == 1 else { return .unknown }
        return migrateID(owners[0].id) { id in
            new.category(id)?.codes.first
        }
    }

    private func migrateID(_ id: String, render: (String) -> String?) -> Outcome {
        switch targets[id] {
        case nil: return .unknown
        case .failure(let unmovable): return .unmovable(reason: unmovable.reason)
        case .success(let target):
            guard let rendered = render(target) else {
                return .unmovable(reason: "'\(target)' carries no code in \(new.version); migrate ids instead of codes")
            }
            return .moved(to: rendered)
        }
    }
}
