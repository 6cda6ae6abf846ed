import HarmAtlasCore

/// Reads a JSON or YAML file into a ``DocumentNode`` tree, choosing the syntax by the file's extension
/// (`.json` is JSON; anything else is YAML, of which JSON is a subset, and is read as JSON when it is).
public enum DocumentReader {
    /// The largest document read (16 MiB).
    public static let sizeLimit = 16 << 20

    /// Parses the file at `path`; the findings explain a `nil` tree.
    public static func read(_ path: String) -> (node: DocumentNode?, diagnostics: [Diagnostic]) {
        let bytes: [UInt8]
        do {
            bytes = try FileIO.read(path, limit: sizeLimit)
        } catch {
            return (nil, [Diagnostic(.unreadable, at: SourceLocation(file: path), error.message)])
        }
        return parse(bytes, file: path)
    }

    /// Parses bytes named `file`.
    public static func parse(_ bytes: [UInt8], file: String) -> (node: DocumentNode?, diagnostics: [Diagnostic]) {
        if file.hasSuffix(".json") { return JSONParser.parse(bytes, file: file) }
        // A YAML file in the canonical JSON form (as harmatlas writes manifests) reads faster as JSON, to the same
        // tree; anything else, JSON with a mistake included, is read as YAML.
        if bytes.first(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }) == 0x7B {
            let json = JSONParser.parse(bytes, file: file)
            if json.node != nil && json.diagnostics.isEmpty { return json }
        }
        guard let text = UTF8Text.decode(bytes) else {
            return (nil, [Diagnostic(.syntax, at: SourceLocation(file: file), "the file is not valid UTF-8")])
        }
        return YAMLReader.parse(text, file: file)
    }
}
