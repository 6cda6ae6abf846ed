import HarmAtlasCore
import Testing

@Suite struct CrosswalkCompositionTests {
    @Test(arguments: [
        (Crosswalk.Predicate.exact, Crosswalk.Predicate.broad, Crosswalk.Predicate.broad),
        (.broad, .exact, .broad), (.exact, .exact, .exact), (.close, .close, .close), (.close, .narrow, .narrow),
        (.broad, .broad, .broad), (.narrow, .narrow, .narrow), (.broad, .narrow, .related), (.narrow, .broad, .related),
        (.exact, .related, .related), (.related, .exact, .related), (.close, .related, .related),
    ])
    func composesRelations(first: Crosswalk.Predicate, second: Crosswalk.Predicate, expected: Crosswalk.Predicate) {
        #expect(first.composed(with: second) == expected)
    }

    func pin(_ id: String) -> Crosswalk.Pin { Crosswalk.Pin(id: id, version: SemanticVersion("1.0.0")!) }

    @Test func composesAndStatesLoss() throws {
        let ab = Crosswalk(
            mappingSetID: "https://example.org/ab", license: "https://creativecommons.org/licenses/by/4.0/",
            subject: pin("a"),
            object: pin("b"),
            mappings: [
                .init(subjectID: "x", predicate: .exact, objectID: "p", justification: .manual, confidence: 0.9),
                .init(subjectID: "y", predicate: .related, objectID: "p", justification: .manual, confidence: 0.5),
                .init(subjectID: "z", predicate: .exact, objectID: "q", justification: .manual),
            ])
        let bc = Crosswalk(
            mappingSetID: "https://example.org/bc", license: "https://creativecommons.org/licenses/by/4.0/",
            subject: pin("b"),
            object: pin("c"),
            mappings: [.init(subjectID: "p", predicate: .broad, objectID: "m", justification: .manual, confidence: 0.8)]
        )
        let composition = try ab.composed(
            with: bc, mappingSetID: "https://example.org/ac", authorID: "harmatlas:test", date: "2026-01-01")
        let result = composition.crosswalk
        #expect(result.subject == pin("a") && result.object == pin("c"))
        #expect(result.mappings.map(\.subjectID) == ["x", "y"])
        #expect(result.mappings.map(\.predicate) == [.broad, .related])
        #expect(result.mappings.map(\.confidence) == [0.72, 0.4])
        #expect(result.mappings.allSatisfy { $0.justification == .chained })
        #expect(composition.losses.count == 3)
        #expect(composition.losses.contains { $0.contains("related ∘ broad = related") })
        #expect(composition.losses.contains { $0.hasPrefix("a:z → b:q has no continuation") })
        #expect(composition.losses.contains { $0.contains("exact ∘ broad = broad") })
        #expect(throws: HarmAtlasError.self) {
            try bc.composed(with: ab, mappingSetID: "x", authorID: "harmatlas:test", date: "2026-01-01")
        }
    }
}
