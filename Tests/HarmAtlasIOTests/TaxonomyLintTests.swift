import Foundation
import HarmAtlasCore
import HarmAtlasIO
import HarmAtlasTestSupport
import Testing

/// Each lint rule, on a file that triggers it.
@Suite struct TaxonomyLintTests {
    func findings(_ body: String, header: String = Fixtures.yamlHeader()) throws -> [Diagnostic] {
        let directory = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try TestEnvironment.write(header + body, named: "t.yaml", in: directory)
        return Catalogue(paths: [path]).diagnostics.map { diagnostic in
            var relative = diagnostic
            relative.location.file = "t.yaml"
            return relative
        }
    }

    @Test func cleanFileHasNoFindings() throws {
        #expect(
            try findings(
                "categories:\n" + Fixtures.yamlCategory("a", codes: ["A1"])
                    + Fixtures.yamlCategory("b", codes: ["A2"], parents: ["a"])) == [])
    }

    @Test func duplicateID() throws {
        let result = try findings("categories:\n" + Fixtures.yamlCategory("a") + Fixtures.yamlCategory("a"))
        #expect(result.map(\.code) == [.duplicateID])
        #expect(result.first?.location == SourceLocation(file: "t.yaml", line: 14, column: 9))
    }

    @Test func duplicateCode() throws {
        let result = try findings(
            "categories:\n" + Fixtures.yamlCategory("a", codes: ["S1"]) + Fixtures.yamlCategory("b", codes: ["S1"]))
        #expect(result.map(\.code) == [.duplicateCode])
        #expect(result.first?.description.contains("'S1' is already carried by 'a'") == true)
    }

    @Test func caseOnlyCodes() throws {
        let result = try findings(
            "categories:\n" + Fixtures.yamlCategory("a", codes: ["S14"]) + Fixtures.yamlCategory("b", codes: ["s14"]))
        #expect(result.map(\.code) == [.caseOnlyCode])
    }

    @Test func unknownParent() throws {
        let result = try findings("categories:\n" + Fixtures.yamlCategory("a", parents: ["missing"]))
        #expect(result.map(\.code) == [.unknownParent])
        #expect(result.first?.field == "/categories/0/parents/0")
    }

    @Test func cycle() throws {
        let result = try findings(
            "categories:\n" + Fixtures.yamlCategory("a", parents: ["c"]) + Fixtures.yamlCategory("b", parents: ["a"])
                + Fixtures.yamlCategory("c", parents: ["b"]))
        #expect(result.map(\.code) == [.cycle])
        #expect(result.first?.message.contains("a → c → b → a") == true)
    }

    @Test func declaredCountMismatch() throws {
        let body =
            "declared_counts:\n  categories: 3\n  leaves: 2\n  level-2: 1\ncategories:\n" + Fixtures.yamlCategory("a")
            + Fixtures.yamlCategory("b")
        let result = try findings(body)
        #expect(result.map(\.code) == [.countMismatch, .countMismatch])
        #expect(result.map(\.field) == ["/declared_counts/categories", "/declared_counts/level-2"])
    }

    @Test func codesThatRestartPerLevel() throws {
        let body =
            "categories:\n" + Fixtures.yamlCategory("domain", codes: ["O1"])
            + Fixtures.yamlCategory("task", codes: ["O1"], parents: ["domain"])
        #expect(try findings(body).map(\.code) == [.codeRestartsPerLevel])
    }

    @Test func missingSourceLanguageName() throws {
        let body = "categories:\n  - id: a\n    names:\n      fr: {text: A, origin: human}\n"
        #expect(try findings(body).map(\.code) == [.missingSourceName])
    }

    @Test func deprecationWithoutReplacement() throws {
        let result = try findings("categories:\n" + Fixtures.yamlCategory("a", extra: "    status: deprecated\n"))
        #expect(result.map(\.code) == [.deprecationShape])
        #expect(result.first?.severity == .warning)
    }

    @Test func unknownFieldWrongTypeMissingFieldAndInvalidValue() throws {
        let body = """
            categories:
              - id: a
                names:
                  en: {text: A, origin: human}
                colour: red
              - id: B
                names: {en: {text: B, origin: robot}}
              - id: c
                parents: c-parent
              - names: {en: {text: D, origin: human}}

            """
        let result = try findings(body)
        #expect(
            result.map(\.code) == [
                .unknownField, .invalidValue, .invalidValue, .missingField, .wrongType, .missingField,
            ])
        #expect(result[0].location == SourceLocation(file: "t.yaml", line: 14, column: 5))
        #expect(result[0].message.contains("unknown field 'colour'"))
        #expect(result[2].message.contains("'robot' is not allowed here; expected one of: human, machine, reviewed"))
    }

    @Test func badHeaderValues() throws {
        let header = Fixtures.yamlHeader(version: "1.0").replacing(
            "source_language: en", with: "source_language: HI_HI_HI_HI_X")
        let result = try findings("categories: []\n", header: header)
        #expect(result.map(\.code) == [.invalidValue, .invalidValue])
        #expect(result.map(\.field) == ["/version", "/source_language"])
    }

    @Test func duplicateKeyInTheFile() throws {
        let result = try findings("categories: []\ncategories: []\n")
        #expect(result.map(\.code) == [.duplicateKey])
    }

    @Test func crosswalkFindings() throws {
        let directory = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try TestEnvironment.write(
            Fixtures.yamlHeader(id: "a") + "categories:\n" + Fixtures.yamlCategory("x"), named: "a.yaml", in: directory)
        try TestEnvironment.write(
            Fixtures.yamlHeader(id: "b") + "categories:\n" + Fixtures.yamlCategory("y"), named: "b.yaml", in: directory)
        let crosswalk = Crosswalk(
            mappingSetID: "https://example.org/ab", license: "https://creativecommons.org/licenses/by/4.0/",
            subject: .init(id: "a", version: SemanticVersion("1.0.0")!),
            object: .init(id: "b", version: SemanticVersion("1.0.0")!),
            mappings: [
                .init(subjectID: "x", predicate: .exact, objectID: "y", justification: .manual),
                .init(subjectID: "x", predicate: .exact, objectID: "gone", justification: .manual),
                .init(subjectID: "x", predicate: .exact, objectID: "y", justification: .similarity),
            ])
        let path = try TestEnvironment.write(crosswalk.sssomTSV(), named: "ab.sssom.tsv", in: directory)
        let diagnostics = Catalogue(paths: [directory.path]).diagnostics
        #expect(diagnostics.map(\.code) == [.crosswalkEndMissing, .duplicateMapping])
        #expect(
            diagnostics.map(\.location) == [
                SourceLocation(file: path, line: 15, column: 1), SourceLocation(file: path, line: 16, column: 1),
            ])
        var otherVersion = crosswalk
        otherVersion.object.version = SemanticVersion("2.0.0")!
        otherVersion.mappings.removeLast(2)
        try TestEnvironment.write(otherVersion.sssomTSV(), named: "ab.sssom.tsv", in: directory)
        #expect(Catalogue(paths: [directory.path]).diagnostics.map(\.code) == [.crosswalkReleaseMissing])
    }
}

@Suite struct UnreadableInputTests {
    @Test func missingFileIsAFinding() {
        let diagnostics = Catalogue(paths: ["/nonexistent/taxonomy.yaml"]).diagnostics
        #expect(diagnostics.map(\.code) == [.unreadable])
        #expect(diagnostics.first?.location.file == "/nonexistent/taxonomy.yaml")
    }

    @Test func malformedJSONTaxonomyNamesItsPosition() throws {
        let directory = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try TestEnvironment.write(
            "{\n  \"format\": \"harmatlas.taxonomy/1\",\n}\n", named: "t.json", in: directory)
        let diagnostics = Catalogue(paths: [path]).diagnostics
        #expect(diagnostics.map(\.code) == [.syntax])
        #expect(diagnostics.first?.location == SourceLocation(file: path, line: 3, column: 1))
    }

    @Test func aDocumentThatIsNotAMappingIsAWrongType() throws {
        let directory = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try TestEnvironment.write("- just\n- a list\n", named: "t.yaml", in: directory)
        #expect(Catalogue(paths: [path]).diagnostics.map(\.code) == [.wrongType])
    }
}
