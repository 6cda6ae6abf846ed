import HarmAtlasCore

/// A set of taxonomy releases and crosswalks read from files and folders, with every finding about them.
///
/// Folders are searched for `*.yaml`, `*.yml` and `*.json` taxonomy files and `*.sssom.tsv` crosswalks.
/// Overlays are resolved against the base releases found in the same set.
public struct Catalogue: Sendable {
    /// The releases read, overlays resolved.
    public private(set) var releases: [TaxonomyDocument] = []
    /// The crosswalks read.
    public private(set) var crosswalks: [SSSOMReader.Loaded] = []
    /// Every finding: reading, decoding, linting, resolving overlays and checking crosswalks.
    public private(set) var diagnostics: [Diagnostic] = []

    /// Reads every file named or found under a named folder, and checks it.
    public init(paths: [String]) {
        var files: [String] = []
        for path in paths {
            if FileIO.isDirectory(path) {
                files += FileIO.files(under: path, endingWith: [".yaml", ".yml", ".json", ".sssom.tsv"])
            } else {
                files.append(path)
            }
        }
        var overlays: [TaxonomyDocument] = []
        for file in files {
            if file.hasSuffix(".tsv") {
                let (loaded, findings) = SSSOMReader.load(file)
                diagnostics += findings
                if let loaded { crosswalks.append(loaded) }
                continue
            }
            let (document, findings) = TaxonomyLoader.load(file)
            diagnostics += findings
            guard let document else { continue }
            diagnostics += TaxonomyLinter.lint(document)
            if document.release.extends != nil {
                overlays.append(document)
            } else {
                releases.append(document)
            }
        }
        for overlay in overlays {
            let base = releases.map(\.release)
                .filter {
                    $0.id == overlay.release.extends!.baseID
                        && overlay.release.extends!.baseVersions.contains($0.version)
                }
                .max { $0.version < $1.version }
            guard let base else {
                diagnostics.append(
                    Diagnostic(
                        .extensionBaseMismatch, at: overlay.location("/extends"), field: "/extends",
                        "no release of '\(overlay.release.extends!.baseID)' in \(overlay.release.extends!.baseVersions) is among the files checked"
                    ))
                continue
            }
            let (resolved, findings) = ExtensionResolver.resolve(overlay, base: base)
            diagnostics += findings
            if let resolved {
                var document = overlay
                document.release = resolved
                releases.append(document)
            }
        }
        let all = releases.map(\.release)
        for loaded in crosswalks {
            diagnostics += CrosswalkLinter.lint(loaded.crosswalk, file: loaded.file, lines: loaded.lines, releases: all)
        }
        diagnostics = diagnostics.sortedByLocation()
    }

    /// The release pinned as `id@version`.
    public func release(_ reference: String) -> TaxonomyRelease? {
        releases.map(\.release).first { $0.reference == reference }
    }
}
