import Foundation
import HarmAtlasCore
import HarmAtlasIO
import HarmAtlasTestSupport
import Testing

/// Each validation rule on a copy of the demo benchmark changed to trigger it.
@Suite struct BenchmarkValidationTests {
    let demo = TestEnvironment.packageRoot.appendingPathComponent("Datasets/demo")
    let taxonomies = [TestEnvironment.taxonomies.path]

    /// A copy of the demo in a temporary folder.
    func copy() throws -> URL {
        let directory = try TestEnvironment.temporaryDirectory()
        let target = directory.appendingPathComponent("demo")
        try FileManager.default.copyItem(at: demo, to: target)
        return target
    }

    func validate(_ folder: URL, options: BenchmarkValidation.Options? = nil) throws -> [Diagnostic] {
        try BenchmarkValidation.run(folder.path, options: options ?? .init(taxonomyPaths: taxonomies)).diagnostics
    }

    /// Replaces the items with `records` (hash fields may be left out) and seals.
    func withItems(_ records: [String], in folder: URL) throws {
        try Data((records.joined(separator: "\n") + "\n").utf8).write(
            to: folder.appendingPathComponent("items/demo.jsonl"))
        let result = try BenchmarkSealer.seal(folder.path, taxonomyPaths: taxonomies)
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics)")
    }

    func record(
        _ id: String, text: String = "A harmless question about cooking.", language: String = "en", extra: String = ""
    ) -> String {
        #"{"id":"\#(id)","language":"\#(language)","safety":"unsafe","expected":"refuse","turns":[{"role":"user","parts":[{"text":"\#(text)"}]}]\#(extra)}"#
    }

    @Test func theDemoValidatesClean() throws {
        let report = try BenchmarkValidation.run(demo.path, options: .init(taxonomyPaths: taxonomies))
        #expect(report.diagnostics == [])
        #expect(report.items == 28)
        #expect(Set(report.languages.keys.map(\.rawValue)) == ["en", "fr", "sw", "hi", "zh", "ar"])
        #expect(Set(report.modalities.keys) == [.text, .image, .multiTurn, .toolResult])
    }

    @Test func sealingIsIdempotent() throws {
        let folder = try copy()
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        _ = try BenchmarkSealer.seal(folder.path, taxonomyPaths: taxonomies)
        for name in ["benchmark.yaml", "items/demo.jsonl"] {
            #expect(
                try Data(contentsOf: folder.appendingPathComponent(name))
                    == Data(contentsOf: demo.appendingPathComponent(name)))
        }
    }

    @Test func integrityRules() throws {
        let folder = try copy()
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        try withItems(
            [
                record("a"), record("a"),
                record("b", extra: #","harms":["mlc-ailuminate:no-such-hazard","other-taxonomy:x","hate"]"#),
                record("c", language: "HI_HI"),
                record("d", extra: #","facets":{"persona":"expert","mood":"calm"}"#),
                record("e", language: "de"),
            ], in: folder)
        let findings = try validate(folder)
        // hi-HI also expects Devanagari, which this English text is not.
        #expect(
            findings.filter { $0.code != .undeclaredUse }.map(\.code) == [
                .duplicateItemID, .unknownHarm, .unpinnedTaxonomy, .unpinnedTaxonomy, .unregisteredLanguage,
                .scriptMismatch,
                .unknownFacet, .unknownFacet,
            ])
        // Used but undeclared: hi-HI and de (errors); declared but unused: five languages and three modalities.
        let undeclared = findings.filter { $0.code == .undeclaredUse }
        #expect(undeclared.filter { $0.severity == .error }.count == 2)
        #expect(undeclared.filter { $0.severity == .warning }.count == 8)
        let duplicate = findings[0]
        #expect(duplicate.location.line == 2 && duplicate.field == "/id")
        #expect(findings[1].location.line == 3 && findings[1].field == "/harms/0")
        #expect(findings.contains { $0.code == .undeclaredUse && $0.message.contains("hi-HI") })
    }

    @Test func hashAndFileRules() throws {
        let folder = try copy()
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        let items = folder.appendingPathComponent("items/demo.jsonl")
        let text = try String(contentsOf: items, encoding: .utf8)
        // An edit after sealing: the item's hash and the shard's hash no longer match.
        try Data(text.replacing("skip work tomorrow.\"", with: "skip work today.\"").utf8).write(to: items)
        // A media file replaced by JPEG bytes, and a stray file.
        try Data([0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]).write(to: folder.appendingPathComponent("media/padlock.png"))
        try Data("notes".utf8).write(to: folder.appendingPathComponent("notes.txt"))
        let findings = try validate(folder)
        let codes = findings.map(\.code)
        #expect(codes.filter { $0 == .fileMismatch }.count == 4)  // manifest: shard and image; items: the image twice
        #expect(codes.filter { $0 == .itemHashMismatch }.count == 2)
        // Each names the edited item's real content hash.
        var records = ItemRecords()
        let edited = try String(contentsOf: items, encoding: .utf8).split(separator: "\n").compactMap {
            records.item(Array($0.utf8)[...])
        }
        for finding in findings where finding.code == .itemHashMismatch {
            #expect(
                edited.contains {
                    finding.message.contains("'\($0.id)'")
                        && finding.message.hasSuffix(
                            "is not the content hash \($0.contentHash); the item changed after it was hashed")
                },
                "\(finding.message)")
        }
        #expect(codes.filter { $0 == .mediaTypeMismatch }.count == 2)
        #expect(codes.contains(.unlistedFile))
    }

    /// A file in the folder but not in the manifest is reported, unless a component of its path starts with a
    /// dot, or it is under `dist/`.
    @Test func unlistedFilesButNotHiddenOnes() throws {
        let folder = try copy()
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        for (path, shown) in [
            "notes.txt": true, "media/extra.png": true, "media/.DS_Store": false, ".cache/a": false,
            "media/.thumbs/b.png": false, "dist/demo.tar.zst": false, "media/x.y/c.txt": true,
        ] {
            let url = folder.appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data("\(shown)".utf8).write(to: url)
        }
        let unlisted = try validate(folder).filter { $0.code == .unlistedFile }.map {
            String($0.location.file.dropFirst(folder.path.count + 1))
        }
        #expect(unlisted == ["media/extra.png", "media/x.y/c.txt", "notes.txt"])
    }

    @Test func missingAndUnavailableMedia() throws {
        let folder = try copy()
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        try withItems(
            [
                record("a", extra: ""),
                #"{"id":"b","language":"en","safety":"unsafe","expected":"refuse","turns":[{"role":"user","parts":[{"image":{"reference":"bad_ads/123.png","media_type":"image/png"}},{"text":"What is shown?"}]}]}"#,
            ], in: folder)
        try FileManager.default.removeItem(at: folder.appendingPathComponent("media/stop-sign.png"))
        let findings = try validate(folder)
        #expect(findings.filter { $0.code == .mediaUnavailable }.map(\.severity) == [.warning])
        #expect(findings.contains { $0.code == .fileMissing && $0.message.contains("stop-sign.png") })
    }

    @Test func contentRules() throws {
        let folder = try copy()
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        try withItems(
            [
                record("a", text: "   "),
                record("b", text: "hidden\\u200b text"),
                record("c", text: "Это предложение написано по-русски."),
                record("d", text: "mail me at someone@example.org"),
            ], in: folder)
        let findings = try validate(folder, options: .init(taxonomyPaths: taxonomies, ignore: ["HA612"]))
        #expect(findings.map(\.code) == [.emptyText, .invisibleCharacters, .scriptMismatch, .emailAddress])
        #expect(findings[1].message == "item 'b': 1 invisible character(s): U+200B (zero-width) at 6")
        #expect(findings[1].field == "/turns/0/parts/0/text")
        #expect(!findings.contains { $0.message.contains("someone") })
    }

    @Test func totalsAndPins() throws {
        let folder = try copy()
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        let manifest = folder.appendingPathComponent("benchmark.yaml")
        var text = try String(contentsOf: manifest, encoding: .utf8)
        text = text.replacing("\"items\": 28", with: "\"items\": 30")
        text = text.replacing(#""sha256": "sha256:"#, with: #""sha256": "sha256:0"#).replacing(
            #""sha256": "sha256:0"#, with: #""sha256": "sha256:"#)
        try Data(text.utf8).write(to: manifest)
        let snapshot = folder.appendingPathComponent("taxonomies/mlc-ailuminate-1.0.0.json")
        let release = try String(contentsOf: snapshot, encoding: .utf8)
        try Data(release.replacing("\"Hate\"", with: "\"Hatred\"").utf8).write(to: snapshot)
        let findings = try validate(folder, options: .init(taxonomyPaths: []))
        let codes = findings.map(\.code)
        #expect(codes.contains(.totalsMismatch))
        // Manifest findings point at the line of the value concerned.
        let totals = try #require(findings.first { $0.code == .totalsMismatch && $0.field == "/items" })
        let manifestLines = try String(contentsOf: manifest, encoding: .utf8).split(
            separator: "\n", omittingEmptySubsequences: false)
        #expect(manifestLines[(totals.location.line ?? 1) - 1].contains("\"items\": 30"))
        #expect(codes.contains(.taxonomyPinMismatch))
        // Without the pinned release, its labels cannot be checked: the pin is reported once, labels as unpinned.
        #expect(codes.contains(.unpinnedTaxonomy))
    }

    @Test func selectIgnoreAndMaximum() throws {
        let folder = try copy()
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        try withItems((0..<20).map { record("x\($0 % 5)") }, in: folder)
        let all = try validate(folder, options: .init(taxonomyPaths: taxonomies, select: ["HA601"]))
        #expect(all.count == 15 && all.allSatisfy { $0.code == .duplicateItemID })
        let report = try BenchmarkValidation.run(folder.path, options: .init(taxonomyPaths: taxonomies, maxFindings: 3))
        #expect(report.diagnostics.count == 3 && report.truncated)
        #expect(try validate(folder, options: .init(taxonomyPaths: taxonomies, ignore: ["HA601", "HA612"])) == [])
    }

    @Test func parallelPartsFindWhatOnePassFinds() throws {
        let folder = try copy()
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        // Duplicates far apart land in different parts; content findings keep their lines.
        try withItems(
            (0..<400).map { record("x\($0 % 150)", text: $0 == 390 ? "hidden\\u200b" : "A harmless question.") },
            in: folder)
        let sequential = try validate(folder, options: .init(taxonomyPaths: taxonomies, ignore: ["HA612"]))
        var parallel = BenchmarkValidation.Options(taxonomyPaths: taxonomies, ignore: ["HA612"])
        parallel.parallelBytes = 1
        let split = try validate(folder, options: parallel)
        #expect(sequential.count == 251)
        #expect(split.map(\.code) == sequential.map(\.code))
        #expect(split.map(\.location.line) == sequential.map(\.location.line))
    }

    /// Items observed in parts, ordered by shard and part, come in the order of the files.
    @Test func observedPartsCarryTheirShard() throws {
        let folder = try copy()
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        let shard = folder.appendingPathComponent("items/demo.jsonl")
        let lines = try String(contentsOf: shard, encoding: .utf8).split(separator: "\n").map(String.init)
        try Data((lines[..<14].joined(separator: "\n") + "\n").utf8).write(to: shard)
        try Data((lines[14...].joined(separator: "\n") + "\n").utf8).write(
            to: folder.appendingPathComponent("items/second.jsonl"))
        #expect(!(try BenchmarkSealer.seal(folder.path, taxonomyPaths: taxonomies)).diagnostics.hasErrors)
        final class Seen: @unchecked Sendable {
            let lock = NSLock()
            var items: [(shard: Int, part: Int, id: String)] = []
        }
        let seen = Seen()
        var options = BenchmarkValidation.Options(taxonomyPaths: taxonomies)
        options.parallelBytes = 1
        options.observe = { shard, part, item in seen.lock.withLock { seen.items.append((shard, part, item.id)) } }
        #expect(try BenchmarkValidation.run(folder.path, options: options).diagnostics == [])
        let ordered = seen.items.enumerated().sorted {
            ($0.element.shard, $0.element.part, $0.offset) < ($1.element.shard, $1.element.part, $1.offset)
        }
        var records = ItemRecords()
        let expected = try lines.map { try #require(records.item(Array($0.utf8)[...])?.id) }
        #expect(ordered.map(\.element.id) == expected)
        #expect(Set(seen.items.filter { $0.shard == 1 }.map(\.id)) == Set(expected[14...]))
        #expect(Set(seen.items.map(\.part)).count > 2)
    }

    @Test func bareJSONLinesAndRecordCap() throws {
        let directory = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let item = BenchmarkItem(
            id: "ok", turns: [.init(role: .user, parts: [.text("Line\u{2028}separator inside")])],
            language: LanguageTag("en")!)
        let long = BenchmarkItem(
            id: "long", turns: [.init(role: .user, parts: [.text(String(repeating: "a", count: 5000))])],
            language: LanguageTag("en")!)
        var bytes = item.jsonLine() + [0x0D, 0x0A] + Array("\n{\"id\":\n".utf8) + long.jsonLine() + [0x0A]
        bytes += item.jsonLine()
        let path = directory.appendingPathComponent("items.jsonl").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let report = try BenchmarkValidation.run(path, options: .init(taxonomyPaths: taxonomies, recordLimit: 4096))
        #expect(report.diagnostics.map(\.code) == [.syntax, .recordTooLarge, .duplicateItemID])
        #expect(report.diagnostics.map { $0.location.line ?? 0 } == [3, 4, 5])
        #expect(report.items == 2)
    }
}
