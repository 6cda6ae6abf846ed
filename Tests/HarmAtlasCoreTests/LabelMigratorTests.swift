import HarmAtlasCore
import HarmAtlasTestSupport
import Testing

@Suite struct LabelMigratorTests {
    let old = Fixtures.release(
        version: "1.0.0",
        categories: [
            Fixtures.category("crimes", codes: ["C1"]),
            Fixtures.category("fraud", codes: ["C2"]),
            Fixtures.category("weapons", codes: ["C3"]),
            Fixtures.category("advice", codes: ["C4"]),
            Fixtures.category("spam", codes: ["C5"]),
            Fixtures.category("legacy", codes: ["C6"]),
        ])

    var new: TaxonomyRelease {
        Fixtures.release(
            version: "2.0.0",
            categories: [
                Fixtures.category("crimes", codes: ["C2"]),
                Fixtures.category("chemical-weapons", codes: ["C3"]),
                Fixtures.category("firearms", codes: ["C4"]),
                Fixtures.category("advice", codes: ["C1"]),
                Fixtures.category("spam", status: .deprecated, replacedBy: ["fraud-and-spam"]),
                Fixtures.category("fraud-and-spam", codes: ["C5"]),
                Fixtures.category("legacy", codes: ["C6"], status: .deprecated, replacedBy: ["crimes", "advice"]),
            ],
            migration: Migration(
                from: VersionRange("^1.0.0")!,
                steps: [
                    .split(from: "weapons", into: ["chemical-weapons", "firearms"], default: nil),
                    .merge(from: ["fraud"], into: "crimes"),
                ]))
    }

    @Test func movesReferencesByIDQualifiedIDAndCode() throws {
        let migrator = try LabelMigrator(from: old, to: new)
        #expect(migrator.migrate("crimes") == .moved(to: "crimes"))
        #expect(migrator.migrate("test-taxonomy:fraud") == .moved(to: "test-taxonomy:crimes"))
        // C4 named 'advice' in 1.0.0; 'advice' carries C1 in 2.0.0.
        #expect(migrator.migrate("C4") == .moved(to: "C1"))
        #expect(migrator.migrate("C2") == .moved(to: "C2"))
        #expect(migrator.migrate("spam") == .moved(to: "fraud-and-spam"))
        #expect(migrator.migrate("C5") == .moved(to: "C5"))
    }

    @Test func reportsWhatCannotMove() throws {
        let migrator = try LabelMigrator(from: old, to: new)
        guard case .unmovable(let reason) = migrator.migrate("weapons") else {
            Issue.record("a split without a rule must not move")
            return
        }
        #expect(reason.contains("split into chemical-weapons, firearms"))
        guard case .unmovable(let ambiguous) = migrator.migrate("C6") else {
            Issue.record("a deprecation with two replacements must not move")
            return
        }
        #expect(ambiguous.contains("choose one"))
        #expect(migrator.migrate("nonsense") == .unknown)
    }

    @Test func aSplitWithADefaultMoves() throws {
        var release = new
        release.migration?.steps[0] = .split(
            from: "weapons", into: ["chemical-weapons", "firearms"], default: "firearms")
        #expect(try LabelMigrator(from: old, to: release).migrate("weapons") == .moved(to: "firearms"))
    }

    @Test func refusesMismatchedReleases() {
        #expect(throws: HarmAtlasError.self) { try LabelMigrator(from: new, to: old) }
        var outside = new
        outside.migration?.from = VersionRange("^1.5.0")!
        #expect(throws: HarmAtlasError.self) { try LabelMigrator(from: old, to: outside) }
    }

    @Test func rewritesOneJSONLinesRecordKeepingMemberOrder() throws {
        let migrator = try LabelMigrator(from: old, to: new)
        let line = Array(#"{"id":"x1","harm":["fraud","C4"],"n":1.50}"#.utf8)[...]
        let result = migrator.migrateLine(line, number: 7, file: "items.jsonl", field: "harm")
        #expect(result.diagnostics.isEmpty)
        #expect(String(decoding: result.bytes, as: UTF8.self) == #"{"id":"x1","harm":["crimes","C1"],"n":1.50}"#)
        let blocked = migrator.migrateLine(
            Array(#"{"labels":{"harm":"weapons"}}"#.utf8)[...], number: 9, file: "items.jsonl", field: "/labels/harm")
        #expect(blocked.diagnostics.map(\.code) == [.unmovableReference])
        #expect(blocked.diagnostics.first?.location == SourceLocation(file: "items.jsonl", line: 9, column: 19))
    }
}
