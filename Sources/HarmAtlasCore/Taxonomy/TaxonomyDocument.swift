/// A taxonomy release read from a file, with where each part of it stood, so that later checks can point
/// at the line that holds a problem.
public struct TaxonomyDocument: Sendable {
    /// The release.
    public var release: TaxonomyRelease
    /// The file as the user named it.
    public var file: String
    /// Where each part of the file stood.
    public var sourceMap: SourceMap

    /// Creates a document.
    public init(release: TaxonomyRelease, file: String, sourceMap: SourceMap? = nil) {
        self.release = release
        self.file = file
        self.sourceMap = sourceMap ?? SourceMap(file: file)
    }

    /// The location of `pointer`, or of its nearest enclosing value that has one.
    public func location(_ pointer: String) -> SourceLocation { sourceMap[pointer] }

    /// Reads a release from a parsed tree; the release is `nil` when the tree has errors.
    public static func decode(_ node: DocumentNode, file: String) -> (TaxonomyDocument?, [Diagnostic]) {
        let decoder = DocumentDecoder(file: file)
        let release = TaxonomyRelease.decode(node, decoder)
        let diagnostics = decoder.diagnostics
        guard let release, !diagnostics.hasErrors else { return (nil, diagnostics) }
        return (TaxonomyDocument(release: release, file: file, sourceMap: SourceMap(node, file: file)), diagnostics)
    }
}

extension TaxonomyRelease {
    /// The canonical JSON bytes of the release.
    public func canonicalBytes() -> [UInt8] { jsonValue().canonicalBytes() }

    /// `sha256:` and the lower-case hex SHA-256 of the canonical bytes: the release's content identity,
    /// the same whether it was authored in YAML or JSON.
    public var contentHash: String { "sha256:" + SHA256Hasher.hash(canonicalBytes()).hexString }
}

extension Sequence where Element == UInt8 {
    /// Lower-case hexadecimal.
    public var hexString: String {
        var out: [UInt8] = []
        for byte in self {
            out.append(hexDigit(byte >> 4))
            out.append(hexDigit(byte & 0x0F))
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// The lower-case hexadecimal digit of a value below 16, as an ASCII byte.
@inline(__always) func hexDigit(_ nibble: UInt8) -> UInt8 { nibble < 10 ? 0x30 + nibble : 0x57 + nibble }
