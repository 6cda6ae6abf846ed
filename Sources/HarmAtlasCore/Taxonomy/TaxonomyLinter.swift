/// Finds the defects seen in real taxonomies: duplicate ids or codes, codes that differ only in case or restart
/// at every level, unknown parents, cycles, declared counts that do not match, and malformed deprecations.
public enum TaxonomyLinter {
    /// Every finding for one release, ordered by location.
    public static func lint(_ document: TaxonomyDocument) -> [Diagnostic] {
        let release = document.release
        var findings: [Diagnostic] = []
        func add(_ code: RuleCode, _ pointer: String, _ message: String) {
            findings.append(Diagnostic(code, at: document.location(pointer), field: pointer, message))
        }

        // Ids.
        var firstIndex: [String: Int] = [:]
        for (index, category) in release.categories.enumerated() {
            if let first = firstIndex[category.id] {
                add(
                    .duplicateID, "/categories/\(index)/id",
                    "category id '\(category.id)' is already used by category \(first)")
            } else {
                firstIndex[category.id] = index
            }
        }
        var facetIndex: [String: Int] = [:]
        for (index, facet) in release.facets.enumerated() {
            if let first = facetIndex[facet.id] {
                add(.duplicateID, "/facets/\(index)/id", "facet id '\(facet.id)' is already used by facet \(first)")
            } else {
                facetIndex[facet.id] = index
            }
            var values: Set<String> = []
            for (valueIndex, value) in facet.values.enumerated() where !values.insert(value).inserted {
                add(.duplicateID, "/facets/\(index)/values/\(valueIndex)", "facet value '\(value)' is listed twice")
            }
        }
        let known = Set(firstIndex.keys)
        // An overlay may name its base's categories; those are checked when it is resolved against the base.
        let isOverlay = release.extends != nil
        func checkReference(_ id: String, _ pointer: String, _ what: String) {
            if !known.contains(id) && !isOverlay {
                add(.unknownParent, pointer, "\(what) '\(id)' is not a category of \(release.reference)")
            }
        }

        // Codes.
        let depths = release.depths
        var codeOwners: [String: [(index: Int, codeIndex: Int)]] = [:]
        for (index, category) in release.categories.enumerated() {
            for (codeIndex, code) in category.codes.enumerated() {
                codeOwners[code, default: []].append((index, codeIndex))
            }
        }
        for code in codeOwners.keys.sorted() {
            let owners = codeOwners[code]!
            guard owners.count > 1 else { continue }
            let ownerDepths = Set(owners.compactMap { depths[release.categories[$0.index].id] })
            for owner in owners.dropFirst() {
                let pointer = "/categories/\(owner.index)/codes/\(owner.codeIndex)"
                let firstID = release.categories[owners[0].index].id
                if ownerDepths.count > 1 {
                    add(
                        .codeRestartsPerLevel, pointer,
                        "code '\(code)' is used at several levels of the tree (also by '\(firstID)'): codes that restart at every level are ambiguous; give each level its own prefix"
                    )
                } else {
                    add(
                        .duplicateCode, pointer,
                        "code '\(code)' is already carried by '\(firstID)'; a code names one category per release")
                }
            }
        }
        var byFolded: [String: String] = [:]
        for code in codeOwners.keys.sorted() {
            let folded = code.lowercased()
            if let other = byFolded[folded], other != code {
                let owner = codeOwners[code]![0]
                add(
                    .caseOnlyCode, "/categories/\(owner.index)/codes/\(owner.codeIndex)",
                    "code '\(code)' differs from code '\(other)' only in letter case; readers that fold case will confuse them"
                )
            } else {
                byFolded[folded] = code
            }
        }

        // Names, parents, deprecations.
        for (index, category) in release.categories.enumerated() {
            if category.names[release.sourceLanguage] == nil {
                add(
                    .missingSourceName, "/categories/\(index)/names",
                    "category '\(category.id)' has no name in the source language \(release.sourceLanguage)")
            }
            for (parentIndex, parent) in category.parents.enumerated() {
                if parent == category.id {
                    add(
                        .cycle, "/categories/\(index)/parents/\(parentIndex)",
                        "category '\(category.id)' is its own parent")
                } else {
                    checkReference(parent, "/categories/\(index)/parents/\(parentIndex)", "parent")
                }
            }
            for (replacementIndex, replacement) in category.replacedBy.enumerated() {
                checkReference(replacement, "/categories/\(index)/replaced_by/\(replacementIndex)", "replacement")
                if release.category(replacement)?.status == .deprecated {
                    add(
                        .deprecationShape, "/categories/\(index)/replaced_by/\(replacementIndex)",
                        "replacement '\(replacement)' is itself deprecated; point to an active category")
                }
            }
            if category.status == .deprecated && category.replacedBy.isEmpty {
                add(
                    .deprecationShape, "/categories/\(index)/status",
                    "deprecated category '\(category.id)' names no replacement; data labelled with it cannot be migrated"
                )
            }
            if category.status == .active && !category.replacedBy.isEmpty {
                add(
                    .deprecationShape, "/categories/\(index)/replaced_by",
                    "active category '\(category.id)' lists replacements")
            }
        }
        for cycle in cycles(in: release) {
            let index = firstIndex[cycle[0]]!
            add(
                .cycle, "/categories/\(index)/parents",
                "parent links form a cycle: \((cycle + [cycle[0]]).joined(separator: " → "))")
        }

        // Declared counts.
        let leafCount = release.categories.filter { release.children[$0.id] == nil }.count
        for key in release.declaredCounts.keys.sorted() {
            let declared = release.declaredCounts[key]!
            let actual: Int?
            switch key {
            case "categories": actual = release.categories.count
            case "active": actual = release.categories.filter { $0.status == .active }.count
            case "leaves": actual = leafCount
            default:
                if key.hasPrefix("level-"), let level = Int(key.dropFirst(6)) {
                    actual = depths.values.filter { $0 == level }.count
                } else {
                    actual = nil
                }
            }
            guard let actual else {
                add(
                    .invalidValue, "/declared_counts/\(key)",
                    "unknown count '\(key)'; expected categories, active, leaves or level-N")
                continue
            }
            if actual != declared {
                add(
                    .countMismatch, "/declared_counts/\(key)",
                    "the source declares \(declared) for '\(key)' but \(actual) are enumerated")
            }
        }

        // Migration steps and profiles name categories of this release.
        for (stepIndex, step) in (release.migration?.steps ?? []).enumerated() {
            let pointer = "/migration/steps/\(stepIndex)"
            switch step {
            case .split(_, let into, let fallback):
                for (i, id) in into.enumerated() { checkReference(id, "\(pointer)/into/\(i)", "split target") }
                if let fallback, !into.contains(fallback) {
                    add(.badChange, "\(pointer)/default", "the default '\(fallback)' is not one of the split's targets")
                }
            case .merge(_, let into): checkReference(into, "\(pointer)/into", "merge target")
            case .redefine(let id, _): checkReference(id, "\(pointer)/id", "redefined category")
            }
        }
        for (profileIndex, profile) in release.profiles.enumerated() {
            for (i, id) in profile.include.enumerated() {
                checkReference(id, "/profiles/\(profileIndex)/include/\(i)", "profile category")
            }
            for (i, id) in profile.exclude.enumerated() {
                checkReference(id, "/profiles/\(profileIndex)/exclude/\(i)", "profile category")
            }
        }
        return findings.sortedByLocation()
    }

    /// The parent cycles, each as the ids on it starting from its smallest, without repeats.
    static func cycles(in release: TaxonomyRelease) -> [[String]] {
        let byID = Dictionary(release.categories.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var state: [String: Int] = [:]  // 1 = on the stack, 2 = done
        var stack: [String] = []
        var found: Set<[String]> = []
        func visit(_ id: String) {
            state[id] = 1
            stack.append(id)
            for parent in byID[id]?.parents ?? [] where parent != id && byID[parent] != nil {
                if state[parent] == 1 {
                    let cycle = Array(stack[stack.lastIndex(of: parent)!...])
                    let start = cycle.firstIndex(of: cycle.min()!)!
                    found.insert(Array(cycle[start...] + cycle[..<start]))
                } else if state[parent] == nil {
                    visit(parent)
                }
            }
            stack.removeLast()
            state[id] = 2
        }
        for category in release.categories where state[category.id] == nil { visit(category.id) }
        return found.sorted { $0.lexicographicallyPrecedes($1) }
    }
}
