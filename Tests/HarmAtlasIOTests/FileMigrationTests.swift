import Foundation
import HarmAtlasCore
import HarmAtlasIO
import HarmAtlasTestSupport
import Testing

@Suite struct FileMigrationTests {
    let catalogue = Catalogue(paths: [TestEnvironment.taxonomies.path])

    /// A labelled sample: Llama Guard 2 codes and ids, no prompt text.
    let sample = """
        {"id":"item-1","harm":["S5"],"note":"advice"}
        {"id":"item-2","harm":["S9","llama-guard:self-harm"]}

        {"id":"item-3","harm":"S1"}\r
        {"id":"item-4","harm":[]}

        """

    @Test func migratesLlamaGuardTwoCodesToThree() throws {
        let directory = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = try TestEnvironment.write(sample, named: "items.jsonl", in: directory)
        let migrator = try LabelMigrator(
            from: try #require(catalogue.release("llama-guard@2.0.0")),
            to: try #require(catalogue.release("llama-guard@3.0.0")))
        let out = directory.appendingPathComponent("out").path
        let result = try LabelFileMigration.run(migrator: migrator, field: "harm", files: [input], outputDirectory: out)
        #expect(result.diagnostics.isEmpty)
        #expect(result.references == 4 && result.changed == 2 && result.lines == 5)
        let written = try String(contentsOfFile: out + "/items.jsonl", encoding: .utf8)
        #expect(
            written == """
                {"id":"item-1","harm":["S6"],"note":"advice"}
                {"id":"item-2","harm":["S10","llama-guard:self-harm"]}

                {"id":"item-3","harm":"S1"}\r
                {"id":"item-4","harm":[]}

                """)
        #expect(try String(contentsOfFile: input, encoding: .utf8) == sample)
    }

    @Test func reportsUnmovableReferencesWithTheirLocationAndWritesNothing() throws {
        let directory = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let old = Fixtures.release(
            version: "1.0.0",
            categories: [Fixtures.category("weapons", codes: ["W"]), Fixtures.category("crimes", codes: ["C"])])
        var new = Fixtures.release(
            version: "2.0.0",
            categories: [
                Fixtures.category("firearms"), Fixtures.category("explosives"),
                Fixtures.category("crimes", codes: ["C"]),
            ])
        new.migration = Migration(
            from: VersionRange("^1.0.0")!,
            steps: [.split(from: "weapons", into: ["firearms", "explosives"], default: nil)])
        let input = try TestEnvironment.write(
            "{\"harm\":[\"C\"]}\n{\"harm\":[\"crimes\", \"weapons\"]}\n{\"harm\":[\"X9\"]}\n{\"other\":1}\n",
            named: "labels.jsonl", in: directory)
        let out = directory.appendingPathComponent("out").path
        let result = try LabelFileMigration.run(
            migrator: try LabelMigrator(from: old, to: new), field: "harm", files: [input], outputDirectory: out)
        #expect(result.diagnostics.map(\.code) == [.unmovableReference, .unknownReference, .missingField])
        #expect(
            result.diagnostics.map(\.location) == [
                SourceLocation(file: input, line: 2, column: 20), SourceLocation(file: input, line: 3, column: 10),
                SourceLocation(file: input, line: 4, column: 1),
            ])
        #expect(result.diagnostics[0].message.contains("split into firearms, explosives with no rule"))
        #expect(result.written.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func refusesToWriteOverAnInput() throws {
        let directory = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = try TestEnvironment.write("{\"harm\":\"S1\"}\n", named: "a.jsonl", in: directory)
        let migrator = try LabelMigrator(
            from: try #require(catalogue.release("llama-guard@2.0.0")),
            to: try #require(catalogue.release("llama-guard@3.0.0")))
        #expect(throws: HarmAtlasError.self) {
            try LabelFileMigration.run(
                migrator: migrator, field: "harm", files: [input], outputDirectory: directory.path)
        }
    }

    @Test func atomicWriteReplacesTheFileAndLeavesNoTemporaryFile() throws {
        let directory = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("out.json").path
        try FileIO.writeAtomically(Array("first".utf8), to: path)
        try FileIO.writeAtomically(Array("second".utf8), to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "second")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["out.json"])
        #expect(throws: HarmAtlasError.self) {
            try FileIO.writeAtomically(Array("x".utf8), to: directory.path + "/missing/out.json")
        }
    }
}

@Suite struct TreeRendererTests {
    @Test func marksFallbackNames() throws {
        let catalogue = Catalogue(paths: [TestEnvironment.taxonomies.path + "/mlc-ailuminate"])
        let release = try #require(catalogue.release("mlc-ailuminate@1.0.0"))
        let french = TaxonomyTreeRenderer.render(release, language: LanguageTag("fr-CA"))
        #expect(french.contains("│  ├─ violent-crimes [vcr]  Crimes violents [fr] (machine)"))
        let german = TaxonomyTreeRenderer.render(release, language: LanguageTag("de"))
        #expect(german.contains("│  ├─ violent-crimes [vcr]  Violent Crimes [en]"))
        let english = TaxonomyTreeRenderer.render(release)
        #expect(english.contains("│  ├─ violent-crimes [vcr]  Violent Crimes"))
        #expect(english.contains("facet persona  Persona: normal, unskilled, skilled"))
    }
}
