/// The typed changes between two releases of one taxonomy and the version increment they require.
///
/// Computed from the releases: additions, deprecations and removals, renames (names changed), redefinitions
/// (definitions, parents or modalities changed) and recodes (codes moved). Declared by the newer release's
/// ``Migration``: splits, merges, and whether a changed definition changed the meaning. Removal or a change of
/// meaning requires a major increment, an addition a minor one, wording a patch.
public struct TaxonomyDiff: Sendable {
    /// One typed change.
    public struct Change: Hashable, Sendable, CustomStringConvertible {
        /// The kind of change.
        public enum Kind: String, Hashable, Sendable, CaseIterable {
            case add, deprecate, rename, redefine, split, merge, recode
        }

        /// The kind.
        public var kind: Kind
        /// The category or facet ids concerned (`facet:` prefixed for facets).
        public var ids: [String]
        /// What changed, in words.
        public var detail: String
        /// The increment this change requires.
        public var bump: VersionBump

        public var description: String {
            let name = kind.rawValue + String(repeating: " ", count: max(0, 9 - kind.rawValue.count))
            return "\(name) \(ids.joined(separator: ", ")): \(detail) [\(bump)]"
        }
    }

    /// The older release.
    public let old: TaxonomyRelease
    /// The newer release.
    public let new: TaxonomyRelease
    /// The changes, in the newer release's category order, then removals.
    public let changes: [Change]

    /// The largest increment any change requires.
    public var requiredBump: VersionBump { changes.map(\.bump).max() ?? .none }

    /// The increment the two versions actually show, or `nil` when the newer version is not higher.
    public var declaredBump: VersionBump? { old.version.bump(to: new.version) }

    /// Compares two releases of the same taxonomy.
    public init(old: TaxonomyRelease, new: TaxonomyRelease) {
        self.old = old
        self.new = new
        var changes: [Change] = []
        let oldByID = Dictionary(old.categories.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let newByID = Dictionary(new.categories.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var explained: Set<String> = []
        var meanings: [String: Migration.Meaning] = [:]
        for step in new.migration?.steps ?? [] {
            switch step {
            case .split(let from, let into, let fallback):
                explained.insert(from)
                explained.formUnion(into)
                let rule = fallback.map { "; unlabelled moves go to '\($0)'" } ?? "; no rule moves existing labels"
                changes.append(
                    Change(
                        kind: .split, ids: [from] + into,
                        detail: "'\(from)' split into \(into.map { "'\($0)'" }.joined(separator: ", "))\(rule)",
                        bump: .major))
            case .merge(let from, let into):
                explained.formUnion(from)
                explained.insert(into)
                changes.append(
                    Change(
                        kind: .merge, ids: from + [into],
                        detail: "\(from.map { "'\($0)'" }.joined(separator: ", ")) merged into '\(into)'", bump: .major)
                )
            case .redefine(let id, let meaning):
                meanings[id] = meaning
            }
        }
        let source = old.sourceLanguage
        for category in new.categories {
            guard let before = oldByID[category.id] else {
                if !explained.contains(category.id) {
                    changes.append(Change(kind: .add, ids: [category.id], detail: "new category", bump: .minor))
                }
                continue
            }
            if before.status == .active && category.status == .deprecated {
                let replacements =
                    category.replacedBy.isEmpty
                    ? "no replacement" : "replaced by \(category.replacedBy.joined(separator: ", "))"
                changes.append(
                    Change(kind: .deprecate, ids: [category.id], detail: "deprecated, \(replacements)", bump: .minor))
            } else if before.status == .deprecated && category.status == .active {
                changes.append(
                    Change(
                        kind: .add, ids: [category.id], detail: "deprecated category made active again", bump: .minor))
            }
            let renamedLanguages = Set(before.names.keys).union(category.names.keys).sorted().filter {
                before.names[$0]?.text != category.names[$0]?.text
            }
            if !renamedLanguages.isEmpty {
                let sourceRename =
                    renamedLanguages.contains(source)
                    ? "'\(before.names[source]?.text ?? "")' → '\(category.names[source]?.text ?? "")'"
                    : "names changed"
                changes.append(
                    Change(
                        kind: .rename, ids: [category.id],
                        detail:
                            "\(sourceRename) (languages: \(renamedLanguages.map(\.rawValue).joined(separator: ", ")))",
                        bump: .patch))
            }
            if before.definitions[source]?.text != category.definitions[source]?.text {
                let meaning = meanings[category.id]
                let bump: VersionBump = meaning == .wording ? .patch : .major
                let detail =
                    meaning.map { "definition changed; declared \($0.rawValue)" }
                    ?? "definition changed with no declared meaning; taken as a change of meaning (declare a redefine step with meaning: wording if only the wording changed)"
                changes.append(Change(kind: .redefine, ids: [category.id], detail: detail, bump: bump))
            }
            if Set(before.parents) != Set(category.parents) {
                let removed = Set(before.parents).subtracting(category.parents)
                changes.append(
                    Change(
                        kind: .redefine, ids: [category.id], detail: "parents \(before.parents) → \(category.parents)",
                        bump: removed.isEmpty ? .minor : .major))
            }
            if Set(before.modalities) != Set(category.modalities) {
                let narrowed =
                    !category.modalities.isEmpty
                    && (before.modalities.isEmpty || !Set(before.modalities).isSubset(of: category.modalities))
                changes.append(
                    Change(
                        kind: .redefine, ids: [category.id],
                        detail:
                            "modalities \(before.modalities.map(\.rawValue)) → \(category.modalities.map(\.rawValue))",
                        bump: narrowed ? .major : .minor))
            }
        }
        // Codes: a code that now names another concept, or that disappeared, breaks data labelled with it; a code
        // only added breaks nothing.
        for category in new.categories {
            var details: [String] = []
            var breaking = false
            if let before = oldByID[category.id], before.codes != category.codes {
                let dropped = before.codes.filter { !category.codes.contains($0) }
                breaking = !dropped.isEmpty
                details.append(
                    "codes \(before.codes.joined(separator: ",")) → \(category.codes.joined(separator: ","))"
                        + (dropped.isEmpty ? " (codes added)" : ""))
            }
            for code in category.codes {
                for previous in old.categories(withCode: code) where previous.id != category.id {
                    breaking = true
                    details.append("code \(code) meant '\(previous.id)' in \(old.version), now means '\(category.id)'")
                }
            }
            guard !details.isEmpty else { continue }
            changes.append(
                Change(
                    kind: .recode, ids: [category.id], detail: details.joined(separator: "; "),
                    bump: breaking ? .major : .minor))
        }
        for category in old.categories where newByID[category.id] == nil && !explained.contains(category.id) {
            changes.append(
                Change(
                    kind: .deprecate, ids: [category.id],
                    detail: "removed without deprecation; data labelled with it cannot be read", bump: .major))
        }
        // Facets.
        let oldFacets = Dictionary(old.facets.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let newFacets = Dictionary(new.facets.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for facet in new.facets {
            guard let before = oldFacets[facet.id] else {
                changes.append(Change(kind: .add, ids: ["facet:\(facet.id)"], detail: "new facet", bump: .minor))
                continue
            }
            let added = facet.values.filter { !before.values.contains($0) }
            let removed = before.values.filter { !facet.values.contains($0) }
            if !added.isEmpty {
                changes.append(
                    Change(
                        kind: .add, ids: ["facet:\(facet.id)"],
                        detail: "values added: \(added.joined(separator: ", "))", bump: .minor))
            }
            if !removed.isEmpty {
                changes.append(
                    Change(
                        kind: .deprecate, ids: ["facet:\(facet.id)"],
                        detail: "values removed: \(removed.joined(separator: ", "))", bump: .major))
            }
        }
        for facet in old.facets where newFacets[facet.id] == nil {
            changes.append(Change(kind: .deprecate, ids: ["facet:\(facet.id)"], detail: "facet removed", bump: .major))
        }
        self.changes = changes
    }

    /// Findings about the comparison: different taxonomies, a version that does not rise, or rises less than
    /// the changes require, and declared steps that do not fit the two releases.
    public func check(newFile: String) -> [Diagnostic] {
        let location = SourceLocation(file: newFile)
        var findings: [Diagnostic] = []
        if old.id != new.id {
            findings.append(
                Diagnostic(
                    .differentTaxonomies, at: location, field: "/id",
                    "comparing '\(old.id)' with '\(new.id)'; a diff compares two releases of one taxonomy"))
            return findings
        }
        let required = requiredBump
        switch declaredBump {
        case nil:
            findings.append(
                Diagnostic(
                    .versionTooLow, at: location, field: "/version",
                    "version \(new.version) is not higher than \(old.version)"))
        case let declared? where declared < required:
            findings.append(
                Diagnostic(
                    .versionTooLow, at: location, field: "/version",
                    "version \(old.version) → \(new.version) is a \(declared) increment, but the changes require a \(required) one"
                ))
        default: break
        }
        if let migration = new.migration, !migration.from.contains(old.version) {
            findings.append(
                Diagnostic(
                    .badChange, at: location, field: "/migration/from",
                    "the migration is declared for versions \(migration.from), which do not include \(old.version)"))
        }
        let oldIDs = Set(old.categories.map(\.id))
        let newIDs = Set(new.categories.filter { $0.status == .active }.map(\.id))
        for (index, step) in (new.migration?.steps ?? []).enumerated() {
            let field = "/migration/steps/\(index)"
            switch step {
            case .split(let from, _, _):
                if !oldIDs.contains(from) {
                    findings.append(
                        Diagnostic(
                            .badChange, at: location, field: field,
                            "split source '\(from)' is not a category of \(old.reference)"))
                }
            case .merge(let from, _):
                for id in from where !oldIDs.contains(id) {
                    findings.append(
                        Diagnostic(
                            .badChange, at: location, field: field,
                            "merge source '\(id)' is not a category of \(old.reference)"))
                }
            case .redefine(let id, _):
                if !oldIDs.contains(id) || !newIDs.contains(id) {
                    findings.append(
                        Diagnostic(
                            .badChange, at: location, field: field,
                            "redefined category '\(id)' must exist in both releases"))
                }
            }
        }
        return findings
    }
}
