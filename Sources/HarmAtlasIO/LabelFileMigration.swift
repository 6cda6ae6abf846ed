import Foundation
import HarmAtlasCore

/// Migrates category references in JSON Lines files, writing the results into another folder.
public enum LabelFileMigration {
    /// What a migration did.
    public struct Result: Sendable {
        /// References read.
        public var references = 0
        /// Records read.
        public var lines = 0
        /// References whose text changed.
        public var changed = 0
        /// Each reference seen and what it became.
        public var moves: [String: String] = [:]
        /// How often each reference was seen.
        public var counts: [String: Int] = [:]
        /// Findings; when any is an error nothing was written.
        public var diagnostics: [Diagnostic] = []
        /// The files written.
        public var written: [String] = []
    }

    /// Reads every file, migrates every record, and writes each file under its own name into
    /// `outputDirectory` only when no reference failed to move. Refuses to write over an input.
    public static func run(
        migrator: LabelMigrator, field: String, files: [String], outputDirectory: String
    ) throws(HarmAtlasError) -> Result {
        var result = Result()
        var outputs: [(path: String, bytes: [UInt8])] = []
        let inputs = Set(files.map { URL(fileURLWithPath: $0).standardizedFileURL.resolvingSymlinksInPath().path })
        var names: Set<String> = []
        for file in files {
            let name = URL(fileURLWithPath: file).lastPathComponent
            guard names.insert(name).inserted else {
                throw HarmAtlasError(
                    .usage, "two inputs are named '\(name)'; their outputs would collide in \(outputDirectory)")
            }
            let output = URL(fileURLWithPath: outputDirectory).appendingPathComponent(name).path
            if inputs.contains(URL(fileURLWithPath: output).standardizedFileURL.resolvingSymlinksInPath().path) {
                throw HarmAtlasError(
                    .usage, "--out \(outputDirectory) would overwrite the input \(file); inputs are never modified")
            }
            let bytes = try FileIO.read(file, limit: Int.max / 2)
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
            let endsWithNewline = bytes.last == 0x0A
            if endsWithNewline { lines.removeLast() }
            for (index, line) in lines.enumerated() {
                let lineResult = migrator.migrateLine(line, number: index + 1, file: file, field: field)
                result.lines += 1
                for reference in lineResult.references {
                    result.references += 1
                    result.counts[reference.from, default: 0] += 1
                    if let to = reference.to {
                        result.moves[reference.from] = to
                        if to != reference.from { result.changed += 1 }
                    }
                }
                result.diagnostics += lineResult.diagnostics
                out += lineResult.bytes
                if index < lines.count - 1 || endsWithNewline { out.append(0x0A) }
            }
            outputs.append((output, out))
        }
        guard !result.diagnostics.hasErrors else { return result }
        try FileIO.createDirectory(outputDirectory)
        for output in outputs {
            try FileIO.writeAtomically(output.bytes, to: output.path)
            result.written.append(output.path)
        }
        return result
    }
}
