import Foundation
import HarmAtlasCore
import HarmAtlasIO
import HarmAtlasTestSupport
import Testing

@Suite struct YAMLReaderTests {
    static let bombs = ["billion-laughs-lol-9.yaml", "k8s-cve-2019-11253-configmap.yaml"]

    /// Every value of a tree with where it stands, by JSON Pointer. Numbers, booleans and null are given as
    /// written: the YAML reader leaves them untyped, and the decoder reads either form.
    static func values(_ node: DocumentNode, _ path: String = "") -> [String] {
        let at = "\(path) \(node.line):\(node.column)"
        switch node.value {
        case .array(let elements):
            return [at + " ["] + elements.enumerated().flatMap { values($0.element, "\(path)/\($0.offset)") }
        case .object(let members):
            return [at + " {"]
                + members.flatMap { member in
                    ["\(path)/\(member.key) key \(member.keyLine):\(member.keyColumn)"]
                        + values(member.value, "\(path)/\(member.key)")
                }
        case .string(let text): return [at + " string " + text]
        case .number(let text), .scalar(let text): return [at + " plain " + text]
        case .bool(let value): return [at + " plain \(value)"]
        case .null: return [at + " plain null"]
        }
    }

    /// A YAML file written in JSON form, as manifests are, is read as JSON, to the same tree as the YAML reader's,
    /// with every value and key at the same line and column.
    @Test func readsAYAMLFileInJSONFormAsTheYAMLReaderDoes() throws {
        let path = TestEnvironment.packageRoot.appendingPathComponent("Datasets/demo/benchmark.yaml").path
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(bytes.first == 0x7B)
        let (json, jsonFindings) = DocumentReader.parse(bytes, file: path)
        let (yaml, yamlFindings) = YAMLReader.parse(String(decoding: bytes, as: UTF8.self), file: path)
        #expect(jsonFindings.isEmpty && yamlFindings.isEmpty)
        let jsonTree = try #require(json)
        let yamlTree = try #require(yaml)
        let (jsonValues, yamlValues) = (Self.values(jsonTree), Self.values(yamlTree))
        #expect(jsonValues.count == yamlValues.count)
        #expect(jsonValues.count > 100)
        let differing = zip(jsonValues, yamlValues).filter { $0 != $1 }
        #expect(differing.isEmpty, "first: \(differing.first.map { "\($0) vs \($1)" } ?? "")")
        // Flow-style YAML that is not JSON is still read, as YAML.
        let (flow, flowFindings) = DocumentReader.parse(Array("{a: 1, b: [x, 'y']}".utf8), file: "flow.yaml")
        #expect(flowFindings.isEmpty)
        #expect(
            flow.map { Self.values($0) } == [
                " 1:1 {", "/a key 1:2", "/a 1:5 plain 1", "/b key 1:8", "/b 1:11 [", "/b/0 1:12 plain x",
                "/b/1 1:15 string y",
            ])
    }

    @Test(.needsCorpora, arguments: bombs)
    func refusesAliasBombsWithoutExpandingThem(name: String) throws {
        let path = TestEnvironment.corpora!.appendingPathComponent("bad-inputs/yaml-alias-bombs/\(name)").path
        let (node, diagnostics) = DocumentReader.read(path)
        #expect(node == nil)
        #expect(diagnostics.map(\.code) == [.alias])
        // The first alias stands on line 2 (column 10 in the bare file, one more when the keys are indented).
        #expect(diagnostics.first?.location.line != nil)
        #expect(diagnostics.first?.description.contains("error[HA003]") == true)
    }

    @Test(.needsCorpora)
    func refusesDeepNesting() {
        let path = TestEnvironment.corpora!.appendingPathComponent(
            "bad-inputs/yaml-alias-bombs/deep-flow-nesting-5000.yaml"
        ).path
        let (node, diagnostics) = DocumentReader.read(path)
        #expect(node == nil)
        #expect(diagnostics.map(\.code) == [.tooDeep])
    }

    @Test(.needsCorpora)
    func refusesDuplicateKeys() {
        let path = TestEnvironment.corpora!.appendingPathComponent("bad-inputs/yaml-alias-bombs/duplicate-keys.yaml")
            .path
        let (node, diagnostics) = DocumentReader.read(path)
        #expect(node == nil)
        #expect(diagnostics.map(\.code) == [.duplicateKey])
        #expect(diagnostics.first?.message.contains("'a'") == true)
    }

    @Test(.needsCorpora)
    func keepsImplicitlyTypedScalarsAsWritten() throws {
        let path = TestEnvironment.corpora!.appendingPathComponent(
            "bad-inputs/yaml-alias-bombs/yaml11-implicit-typing.yaml"
        ).path
        let (node, diagnostics) = DocumentReader.read(path)
        #expect(diagnostics.isEmpty)
        let decoder = DocumentDecoder(file: path)
        let root = try #require(node)
        let fields = try #require(
            decoder.object(root, "", allowed: ["country", "flag", "version", "zip", "when", "empty"]))
        #expect(decoder.string(fields["country"]!, "/country") == "NO")
        #expect(decoder.string(fields["flag"]!, "/flag") == "on")
        #expect(decoder.string(fields["version"]!, "/version") == "1.10")
        #expect(decoder.string(fields["zip"]!, "/zip") == "012")
        #expect(decoder.string(fields["when"]!, "/when") == "2001-12-14")
        #expect(decoder.bool(fields["country"]!, "/country") == nil)
        #expect(decoder.diagnostics.map(\.code) == [.wrongType])
        if case .null = fields["empty"]!.value {} else { Issue.record("~ is null") }
    }

    @Test func aliasesOfScalarsAreRefusedToo() {
        let (node, diagnostics) = YAMLReader.parse("a: &x hello\nb: *x\n", file: "s.yaml")
        #expect(node == nil)
        #expect(diagnostics.map(\.code) == [.alias])
        #expect(diagnostics.first?.location == SourceLocation(file: "s.yaml", line: 1, column: 4))
    }

    @Test func reportsSyntaxErrorsWithTheirPosition() {
        let (node, diagnostics) = YAMLReader.parse("a: [1, 2\nb: 3\n", file: "x.yaml")
        #expect(node == nil)
        #expect(diagnostics.first?.code == .syntax)
        #expect(diagnostics.first?.location.line == 2)
    }

    @Test func distinguishesQuotedFromPlainScalars() throws {
        let (node, _) = YAMLReader.parse("a: \"true\"\nb: true\n", file: "q.yaml")
        guard case .object(let members)? = node?.value else {
            Issue.record("expected a mapping")
            return
        }
        if case .string("true") = members[0].value.value {} else { Issue.record("quoted stays a string") }
        if case .scalar("true") = members[1].value.value {} else { Issue.record("plain stays untyped") }
        let decoder = DocumentDecoder(file: "q.yaml")
        #expect(decoder.bool(members[0].value, "/a") == nil)
        #expect(decoder.bool(members[1].value, "/b") == true)
    }
}

@Suite struct JSONTestSuiteTests {
    static let files: [String] = {
        guard let corpora = TestEnvironment.corpora else { return [] }
        let directory = corpora.appendingPathComponent("bad-inputs/jsontestsuite/test_parsing").path
        return ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
            .filter { $0.hasPrefix("y_") || $0.hasPrefix("n_") }.map { directory + "/" + $0 }
    }()

    @Test(.needsCorpora)
    func acceptsEveryMustAcceptAndRejectsEveryMustReject() throws {
        #expect(Self.files.count == 283)
        #expect(Self.files.filter { URL(fileURLWithPath: $0).lastPathComponent.hasPrefix("n_") }.count == 188)
        var wronglyAccepted: [String] = []
        var wronglyRejected: [String] = []
        for file in Self.files {
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: file)))
            let (node, diagnostics) = JSONParser.parse(bytes, file: file, maxDepth: 512)
            // Duplicate keys are well-formed JSON that our formats refuse: parsed, and reported as a finding.
            let accepted = node != nil
            let name = URL(fileURLWithPath: file).lastPathComponent
            if name.hasPrefix("y_object_duplicated_key") { #expect(diagnostics.map(\.code) == [.duplicateKey]) }
            if name.hasPrefix("y_") && !accepted { wronglyRejected.append(name) }
            if name.hasPrefix("n_") && accepted { wronglyAccepted.append(name) }
            if name.hasPrefix("n_") {
                #expect(diagnostics.allSatisfy { $0.location.line != nil && $0.location.column != nil }, "\(name)")
            }
        }
        #expect(wronglyRejected == [])
        #expect(wronglyAccepted == [])
    }
}
