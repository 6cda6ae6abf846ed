/// Renders a release as an indented tree with names in a chosen language, marking names that fell back to
/// another language.
public enum TaxonomyTreeRenderer {
    /// The tree as text lines. A category with several parents appears under each of them.
    public static func render(_ release: TaxonomyRelease, language: LanguageTag? = nil) -> [String] {
        let requested = language ?? release.sourceLanguage
        let children = release.children
        var lines = [
            "\(release.reference)  \(release.title)",
            "  licence \(release.license), released \(release.released), \(release.contentHash)",
        ]
        lines.append("  names in \(requested); a name in another language is marked with its tag in brackets")
        func label(_ category: HarmCategory) -> String {
            var text = category.id
            if !category.codes.isEmpty { text += " [\(category.codes.joined(separator: ", "))]" }
            if let choice = category.names.choose(requested, source: release.sourceLanguage) {
                text += "  \(choice.text.text)"
                if choice.isFallback { text += " [\(choice.language)]" }
                if choice.text.origin != .human { text += " (\(choice.text.origin.rawValue))" }
            }
            if !category.modalities.isEmpty {
                text += "  {\(category.modalities.map(\.rawValue).joined(separator: ", "))}"
            }
            if category.status == .deprecated {
                text += "  DEPRECATED → \(category.replacedBy.joined(separator: ", "))"
            }
            return text
        }
        func walk(_ id: String, prefix: String, isLast: Bool, path: Set<String>) {
            guard let category = release.category(id) else { return }
            lines.append(prefix + (isLast ? "└─ " : "├─ ") + label(category))
            guard !path.contains(id) else { return }
            let kids = children[id, default: []]
            for (index, child) in kids.enumerated() {
                walk(
                    child, prefix: prefix + (isLast ? "   " : "│  "), isLast: index == kids.count - 1,
                    path: path.union([id]))
            }
        }
        let roots = release.roots
        for (index, root) in roots.enumerated() { walk(root, prefix: "", isLast: index == roots.count - 1, path: []) }
        for facet in release.facets {
            let name = facet.names.choose(requested, source: release.sourceLanguage).map { "  \($0.text.text)" } ?? ""
            lines.append("facet \(facet.id)\(name): \(facet.values.joined(separator: ", "))")
        }
        for profile in release.profiles {
            lines.append(
                "profile \(profile.id)  \(profile.title): \(release.selecting(profile).categories.count) categories")
        }
        return lines
    }
}
