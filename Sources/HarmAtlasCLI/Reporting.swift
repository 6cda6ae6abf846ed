import ArgumentParser
import Foundation
import HarmAtlas

/// How findings are printed.
enum FindingsFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// Prints findings and exits 1 when any is an error.
func report(_ diagnostics: [Diagnostic], format: FindingsFormat, summary: String? = nil) throws {
    switch format {
    case .text:
        for diagnostic in diagnostics { printError(diagnostic.description) }
        if let summary { printError(summary) }
    case .json:
        let values: [JSONValue] = diagnostics.map { diagnostic in
            .object(omittingNil: [
                ("code", .string(diagnostic.code.rawValue)),
                ("rule", .string(diagnostic.code.name)),
                ("severity", .string(diagnostic.severity.rawValue)),
                ("file", .string(diagnostic.location.file)),
                ("line", diagnostic.location.line.map { .int($0) }),
                ("column", diagnostic.location.column.map { .int($0) }),
                ("field", diagnostic.field.map { .string($0) }),
                ("message", .string(diagnostic.message)),
            ])
        }
        print(JSONValue.array(values).canonicalText(), terminator: "")
    }
    if diagnostics.hasErrors { throw ExitCode(1) }
}

/// Writes a line to standard error.
func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

/// Runs `body`, turning a ``HarmAtlasError`` into a message on standard error and exit status 64 for usage
/// errors, 1 otherwise.
func reportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as HarmAtlasError {
        printError("error: \(error.message)")
        for diagnostic in error.diagnostics { printError(diagnostic.description) }
        throw ExitCode(error.code == .usage ? 64 : 1)
    }
}

/// Reads a release, or throws its findings.
func loadRelease(_ path: String) throws(HarmAtlasError) -> TaxonomyDocument {
    try TaxonomyLoader.require(path)
}

/// Writes text to `path` atomically, or to standard output when `path` is nil.
func emit(_ bytes: [UInt8], to path: String?) throws(HarmAtlasError) {
    if let path {
        try FileIO.writeAtomically(bytes, to: path)
    } else {
        FileHandle.standardOutput.write(Data(bytes))
    }
}
