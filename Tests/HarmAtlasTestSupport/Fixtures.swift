import HarmAtlas

/// Small releases built in code, for tests of model logic.
public enum Fixtures {
    /// English text of human origin.
    public static func en(_ text: String) -> LocalizedTexts {
        [LanguageTag("en")!: LocalizedText(text, origin: .human)]
    }

    /// A category with an English name and definition.
    public static func category(
        _ id: String, codes: [String] = [], parents: [String] = [], definition: String? = nil,
        status: HarmCategory.Status = .active, replacedBy: [String] = [], modalities: [Modality] = []
    ) -> HarmCategory {
        HarmCategory(
            id: id, codes: codes, names: en(id.capitalized), definitions: en(definition ?? "Definition of \(id)."),
            parents: parents, modalities: modalities, status: status, replacedBy: replacedBy)
    }

    /// A release of taxonomy `id`.
    public static func release(
        _ id: String = "test-taxonomy", version: String, categories: [HarmCategory], facets: [Facet] = [],
        migration: Migration? = nil
    ) -> TaxonomyRelease {
        TaxonomyRelease(
            id: id, version: SemanticVersion(version)!, title: "Test taxonomy", license: "CC-BY-4.0",
            citation: "Test citation.", sourceURL: "https://example.org/taxonomy", released: "2024-01-01",
            sourceLanguage: LanguageTag("en")!, categories: categories, facets: facets, migration: migration)
    }

    /// The header of a taxonomy YAML file with the given id and version.
    public static func yamlHeader(id: String = "test-taxonomy", version: String = "1.0.0") -> String {
        """
        format: harmatlas.taxonomy/1
        id: \(id)
        version: \(version)
        title: Test taxonomy
        license: CC-BY-4.0
        citation: Test citation.
        source_url: https://example.org/taxonomy
        released: 2024-01-01
        source_language: en

        """
    }

    /// A YAML category entry with an English name.
    public static func yamlCategory(_ id: String, codes: [String] = [], parents: [String] = [], extra: String = "")
        -> String
    {
        var text = "  - id: \(id)\n    names:\n      en: {text: \"\(id)\", origin: human}\n"
        if !codes.isEmpty { text += "    codes: [\(codes.map { "\"\($0)\"" }.joined(separator: ", "))]\n" }
        if !parents.isEmpty { text += "    parents: [\(parents.joined(separator: ", "))]\n" }
        return text + extra
    }
}
