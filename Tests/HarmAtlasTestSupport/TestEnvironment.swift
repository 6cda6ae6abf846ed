import Foundation
import HarmAtlas

/// Where the package and the shared corpora are, and temporary folders for tests.
public enum TestEnvironment {
    /// The package root, found from this file's path.
    public static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        fatalError("Package.swift not found above \(#filePath)")
    }()

    /// The shipped taxonomy catalogue.
    public static var taxonomies: URL { packageRoot.appendingPathComponent("Taxonomies") }

    /// `../shared/corpora` next to the package, when it is there (a user's checkout has none).
    public static let corpora: URL? = {
        let url = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpora")
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }()

    /// Why corpus tests are skipped when `corpora` is nil.
    public static let corporaMissingReason = "../shared/corpora is not next to the package; corpus tests need it"

    /// The built `harmatlas` binary.
    public static var executable: URL {
        let products =
            Bundle.allBundles.first { $0.bundlePath.hasSuffix(".xctest") }?.bundleURL.deletingLastPathComponent()
            ?? packageRoot.appendingPathComponent(".build/debug")
        return products.appendingPathComponent("harmatlas")
    }

    /// A new empty temporary folder.
    public static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("harmatlas-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes `text` to `name` in `directory` and returns its path.
    @discardableResult
    public static func write(_ text: String, named name: String, in directory: URL) throws -> String {
        let url = directory.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
        return url.path
    }
}

import Testing

extension Trait where Self == ConditionTrait {
    /// Runs a test only when `../shared/corpora` is present, saying why it is skipped otherwise.
    public static var needsCorpora: Self {
        .enabled(if: TestEnvironment.corpora != nil, Comment(rawValue: TestEnvironment.corporaMissingReason))
    }
}
