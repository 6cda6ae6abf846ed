import Foundation
import HarmAtlasCore
import HarmAtlasIO
import HarmAtlasTestSupport
import Testing

/// The published JSON Schemas and the Swift model agree, and SARIF output is valid SARIF 2.1.0.
@Suite struct SchemaTests {
    let schemas = TestEnvironment.packageRoot.appendingPathComponent("Datasets/schemas")
    let demo = TestEnvironment.packageRoot.appendingPathComponent("Datasets/demo")

    func schema(_ name: String) throws -> DocumentNode {
        let bytes = [UInt8](try Data(contentsOf: schemas.appendingPathComponent(name)))
        return try #require(JSONParser.parse(bytes, file: name).node)
    }

    /// The members of an object node.
    func members(_ node: DocumentNode?) -> [String: DocumentNode] {
        guard case .object(let members)? = node?.value else { return [:] }
        return Dictionary(uniqueKeysWithValues: members.map { ($0.key, $0.value) })
    }

    func strings(_ node: DocumentNode?) -> [String] {
        guard case .array(let elements)? = node?.value else { return [] }
        return elements.compactMap { if case .string(let text) = $0.value { text } else { nil } }
    }

    func properties(_ node: DocumentNode?) -> Set<String> { Set(members(members(node)["properties"]).keys) }

    @Test func itemSchemaMatchesTheModel() throws {
        let root = try schema("item.schema.json")
        #expect(properties(root) == Set(BenchmarkItem.fieldNames))
        #expect(Set(strings(members(root)["required"])) == Set(BenchmarkItem.requiredFieldNames))
        let props = members(members(root)["properties"])
        #expect(Set(strings(members(props["safety"])["enum"])) == Set(BenchmarkItem.Safety.allCases.map(\.rawValue)))
        #expect(
            Set(strings(members(props["expected"])["enum"]))
                == Set(BenchmarkItem.ExpectedBehavior.allCases.map(\.rawValue)))
        #expect(
            Set(strings(members(props["translation_origin"])["enum"]))
                == Set(TranslationOrigin.allCases.map(\.rawValue)))
        let turn = members(members(props["turns"])["items"])
        let turnProps = members(turn["properties"])
        #expect(Set(strings(members(turnProps["role"])["enum"])) == Set(BenchmarkItem.Role.allCases.map(\.rawValue)))
        let part = members(turnProps["parts"])["items"]
        #expect(properties(part) == Set(BenchmarkItem.partFieldNames))
        #expect(properties(members(members(part)["properties"])["image"]) == Set(BenchmarkItem.mediaFieldNames))
        #expect(properties(props["source"]) == Set(BenchmarkItem.sourceFieldNames))
    }

    @Test func manifestSchemaMatchesTheModel() throws {
        let root = try schema("benchmark.schema.json")
        #expect(properties(root) == Set(BenchmarkManifest.fieldNames))
        #expect(Set(strings(members(root)["required"])) == Set(BenchmarkManifest.requiredFieldNames))
        let props = members(members(root)["properties"])
        #expect(
            Set(strings(members(props["access"])["enum"])) == Set(BenchmarkManifest.Access.allCases.map(\.rawValue)))
        #expect(
            Set(strings(members(members(props["modalities"])["items"])["enum"]))
                == Set(Modality.allCases.map(\.rawValue)))
        #expect(
            properties(props["responsible_ai"]) == [
                "intended_use", "out_of_scope_use", "limitations", "biases", "personal_data", "collection",
            ])
        #expect(properties(members(props["files"])["items"]) == ["path", "bytes", "sha256", "items"])
    }

    @Test(.needsJSONSchema) func theDemoValidatesAgainstTheSchemas() throws {
        #expect(
            try JSONSchemaChecker.validate(
                demo.appendingPathComponent("items/demo.jsonl").path,
                schema: schemas.appendingPathComponent("item.schema.json").path) == [])
        #expect(
            try JSONSchemaChecker.validate(
                demo.appendingPathComponent("benchmark.yaml").path,
                schema: schemas.appendingPathComponent("benchmark.schema.json").path) == [])
    }

    @Test(.needsJSONSchema, .needsCorpora) func sarifOutputIsValidSARIF() throws {
        let directory = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let items = directory.appendingPathComponent("items.jsonl")
        let record =
            #"{"id":"a","language":"HI_HI","safety":"unsafe","expected":"refuse","turns":[{"role":"user","parts":[{"text":"x\u200b y"}]}],"hash":"sha256:00"}"#
        try Data((record + "\n{bad json\n").utf8).write(to: items)
        let report = try BenchmarkValidation.run(
            items.path, options: .init(taxonomyPaths: [TestEnvironment.taxonomies.path]))
        #expect(report.diagnostics.count >= 2)
        let sarif = directory.appendingPathComponent("report.sarif")
        try Data(SARIF.log(report.diagnostics).canonicalBytes()).write(to: sarif)
        let schema = TestEnvironment.corpora!.deletingLastPathComponent().appendingPathComponent(
            "reference/schemas/sarif-schema-2.1.0.json")
        #expect(try JSONSchemaChecker.validate(sarif.path, schema: schema.path) == [])
    }
}
