import HarmAtlasCore

/// Reads taxonomy releases from YAML or canonical JSON files.
public enum TaxonomyLoader {
    /// Reads and decodes one release; the document is `nil` when there are errors, which the findings describe.
    public static func load(_ path: String) -> (document: TaxonomyDocument?, diagnostics: [Diagnostic]) {
        let (node, diagnostics) = DocumentReader.read(path)
        guard let node, !diagnostics.hasErrors else { return (nil, diagnostics) }
        let (document, decodeFindings) = TaxonomyDocument.decode(node, file: path)
        return (document, diagnostics + decodeFindings)
    }

    /// Reads one release, throwing the findings when it cannot be used.
    public static func require(_ path: String) throws(HarmAtlasError) -> TaxonomyDocument {
        let (document, diagnostics) = load(path)
        guard let document else {
            throw HarmAtlasError(.invalidInput, "\(path): not a usable taxonomy release", diagnostics: diagnostics)
        }
        return document
    }
}
