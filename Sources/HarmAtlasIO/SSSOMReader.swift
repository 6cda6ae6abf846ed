import HarmAtlasCore

/// Reads SSSOM TSV files into crosswalks and writes them back.
public enum SSSOMReader {
    /// A crosswalk read from a file, with the file line of each mapping.
    public struct Loaded: Sendable {
        /// The crosswalk.
        public var crosswalk: Crosswalk
        /// The file as named.
        public var file: String
        /// The line of each mapping row.
        public var lines: [Int]
    }

    /// Reads the SSSOM TSV file at `path`.
    public static func load(_ path: String) -> (loaded: Loaded?, diagnostics: [Diagnostic]) {
        let bytes: [UInt8]
        do {
            bytes = try FileIO.read(path, limit: DocumentReader.sizeLimit)
        } catch {
            return (nil, [Diagnostic(.unreadable, at: SourceLocation(file: path), error.message)])
        }
        guard let text = UTF8Text.decode(bytes) else {
            return (nil, [Diagnostic(.syntax, at: SourceLocation(file: path), "the file is not valid UTF-8")])
        }
        return parse(text, file: path)
    }

    /// Reads SSSOM TSV text named `file`.
    public static func parse(_ text: String, file: String) -> (loaded: Loaded?, diagnostics: [Diagnostic]) {
        var lines = text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map { line in
            Substring(decoding: line.last == 0x0D ? line.dropLast() : line[...], as: UTF8.self)
        }
        if lines.last == "" { lines.removeLast() }
        var metadataLines: [String] = []
        var table: [(line: Int, text: Substring)] = []
        for (index, line) in lines.enumerated() {
            if table.isEmpty && line.hasPrefix("#") {
                metadataLines.append(" " + line.dropFirst())
            } else {
                table.append((index + 1, line))
            }
        }
        var metadata: DocumentNode?
        if !metadataLines.isEmpty {
            // Each '#' is read as a space, so the block is a YAML mapping indented by one and columns match the file.
            let (node, diagnostics) = YAMLReader.parse(metadataLines.joined(separator: "\n"), file: file)
            guard let node else { return (nil, diagnostics) }
            metadata = node
        }
        let (crosswalk, diagnostics) = Crosswalk.decodeSSSOM(metadata: metadata, table: table, file: file)
        guard let crosswalk else { return (nil, diagnostics) }
        let rowLines = table.dropFirst().filter { !$0.text.isEmpty }.map(\.line)
        return (Loaded(crosswalk: crosswalk, file: file, lines: rowLines), diagnostics)
    }
}
