/// Lays an overlay release over the base it extends, and reports the conflicts: an id the base already has, a
/// parent the overlay assumed that the base no longer has, a base category the overlay names that the base
/// does not hold, and a base outside the overlay's version range.
public enum ExtensionResolver {
    /// The resolved release (the overlay's id and version, the base's categories with the overlay's
    /// translations and refinements applied, then the overlay's own categories and facets), and the conflicts.
    /// The release is `nil` when there are errors.
    public static func resolve(
        _ overlay: TaxonomyDocument, base: TaxonomyRelease
    ) -> (release: TaxonomyRelease?, diagnostics: [Diagnostic]) {
        let release = overlay.release
        guard let extends = release.extends else {
            return (release, [])
        }
        var findings: [Diagnostic] = []
        func add(_ code: RuleCode, _ pointer: String, _ message: String, severity: Diagnostic.Severity? = nil) {
            findings.append(
                Diagnostic(code, at: overlay.location(pointer), field: pointer, severity: severity, message))
        }
        if base.id != extends.baseID {
            add(
                .extensionBaseMismatch, "/extends/id",
                "the overlay extends '\(extends.baseID)' but the base given is '\(base.id)'")
        } else if !extends.baseVersions.contains(base.version) {
            add(
                .extensionBaseMismatch, "/extends/versions",
                "the overlay is written for \(extends.baseID) \(extends.baseVersions), not \(base.version)")
        }
        var categories = base.categories
        var indexByID: [String: Int] = [:]
        for (index, category) in categories.enumerated() { indexByID[category.id] = index }

        func baseIndex(_ id: String, _ pointer: String) -> Int? {
            guard let index = indexByID[id] else {
                add(.extensionMissingBase, pointer, "'\(id)' is not a category of \(base.reference)")
                return nil
            }
            if categories[index].status == .deprecated {
                add(.extensionMissingBase, pointer, "'\(id)' is deprecated in \(base.reference)", severity: .warning)
            }
            return index
        }
        func checkParents(_ patch: TaxonomyExtension.Patch, _ index: Int, _ pointer: String) {
            guard let expected = patch.expectedParents, Set(expected) != Set(categories[index].parents) else { return }
            add(
                .extensionChangedParent, "\(pointer)/expected_parents",
                "the overlay assumed '\(patch.id)' sits under \(expected) but in \(base.reference) it sits under \(categories[index].parents)"
            )
        }
        for (patchIndex, patch) in extends.translations.enumerated() {
            let pointer = "/extends/translations/\(patchIndex)"
            guard let index = baseIndex(patch.id, "\(pointer)/id") else { continue }
            checkParents(patch, index, pointer)
            for (tag, text) in patch.names {
                if categories[index].names[tag] != nil {
                    add(
                        .extensionDuplicateID, "\(pointer)/names/\(tag)",
                        "\(base.reference) already names '\(patch.id)' in \(tag); refine it instead of translating it again"
                    )
                }
                categories[index].names[tag] = text
            }
            for (tag, text) in patch.definitions {
                if categories[index].definitions[tag] != nil {
                    add(
                        .extensionDuplicateID, "\(pointer)/definitions/\(tag)",
                        "\(base.reference) already defines '\(patch.id)' in \(tag); use a refinement to narrow it")
                }
                categories[index].definitions[tag] = text
            }
        }
        for (patchIndex, patch) in extends.refinements.enumerated() {
            let pointer = "/extends/refinements/\(patchIndex)"
            guard let index = baseIndex(patch.id, "\(pointer)/id") else { continue }
            checkParents(patch, index, pointer)
            categories[index].names.merge(patch.names) { _, refined in refined }
            categories[index].definitions.merge(patch.definitions) { _, refined in refined }
        }
        let ownIDs = Set(release.categories.map(\.id))
        for (categoryIndex, category) in release.categories.enumerated() {
            let pointer = "/categories/\(categoryIndex)"
            if indexByID[category.id] != nil {
                add(
                    .extensionDuplicateID, "\(pointer)/id",
                    "'\(category.id)' is already a category of \(base.reference); choose a new id or refine the base category"
                )
                continue
            }
            for (parentIndex, parent) in category.parents.enumerated() where !ownIDs.contains(parent) {
                _ = baseIndex(parent, "\(pointer)/parents/\(parentIndex)")
            }
            categories.append(category)
        }
        var facets = base.facets
        for (facetIndex, facet) in release.facets.enumerated() {
            if base.facets.contains(where: { $0.id == facet.id }) {
                add(
                    .extensionDuplicateID, "/facets/\(facetIndex)/id",
                    "facet '\(facet.id)' is already declared by \(base.reference)")
            } else {
                facets.append(facet)
            }
        }
        for (profileIndex, profile) in release.profiles.enumerated() {
            for (i, id) in (profile.include + profile.exclude).enumerated()
            where !ownIDs.contains(id) && indexByID[id] == nil {
                add(
                    .extensionMissingBase, "/profiles/\(profileIndex)",
                    "profile entry \(i) '\(id)' is neither a base nor an overlay category")
            }
        }
        var resolved = release
        resolved.categories = categories
        resolved.facets = facets
        resolved.profiles = base.profiles + release.profiles
        findings = findings.sortedByLocation()
        return (findings.hasErrors ? nil : resolved, findings)
    }
}
