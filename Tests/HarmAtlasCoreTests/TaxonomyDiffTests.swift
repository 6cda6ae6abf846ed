import HarmAtlasCore
import HarmAtlasTestSupport
import Testing

@Suite struct TaxonomyDiffTests {
    let base = Fixtures.release(
        version: "1.0.0",
        categories: [
            Fixtures.category("crimes", codes: ["C1"]),
            Fixtures.category("fraud", codes: ["C2"], parents: ["crimes"]),
            Fixtures.category("weapons", codes: ["C3"]),
            Fixtures.category("advice", codes: ["C4"]),
        ])

    func kinds(_ diff: TaxonomyDiff) -> [TaxonomyDiff.Change.Kind] { diff.changes.map(\.kind) }

    @Test func additionNeedsAMinorBump() {
        var new = base
        new.version = SemanticVersion("1.1.0")!
        new.categories.append(Fixtures.category("elections", codes: ["C5"]))
        let diff = TaxonomyDiff(old: base, new: new)
        #expect(kinds(diff) == [.add])
        #expect(diff.changes[0].ids == ["elections"])
        #expect(diff.requiredBump == .minor)
        #expect(diff.check(newFile: "new.yaml").isEmpty)
    }

    @Test func renameIsWordingAndNeedsAPatch() {
        var new = base
        new.version = SemanticVersion("1.0.1")!
        new.categories[2].names = Fixtures.en("Indiscriminate weapons")
        let diff = TaxonomyDiff(old: base, new: new)
        #expect(kinds(diff) == [.rename])
        #expect(diff.requiredBump == .patch)
    }

    @Test func deprecationKeepsTheIDAndNeedsAMinorBump() {
        var new = base
        new.version = SemanticVersion("1.1.0")!
        new.categories[3].status = .deprecated
        new.categories[3].replacedBy = ["crimes"]
        let diff = TaxonomyDiff(old: base, new: new)
        #expect(kinds(diff) == [.deprecate])
        #expect(diff.requiredBump == .minor)
    }

    @Test func removalNeedsAMajorBump() {
        var new = base
        new.version = SemanticVersion("1.1.0")!
        new.categories.removeLast()
        let diff = TaxonomyDiff(old: base, new: new)
        #expect(kinds(diff) == [.deprecate])
        #expect(diff.requiredBump == .major)
        let findings = diff.check(newFile: "new.yaml")
        #expect(findings.map(\.code) == [.versionTooLow])
        #expect(findings.first?.message.contains("require a major") == true)
    }

    @Test func redefinitionIsMajorUnlessDeclaredWording() {
        var new = base
        new.version = SemanticVersion("1.0.1")!
        new.categories[1].definitions = Fixtures.en("Deceiving people for gain.")
        #expect(TaxonomyDiff(old: base, new: new).requiredBump == .major)
        new.migration = Migration(from: VersionRange("^1.0.0")!, steps: [.redefine(id: "fraud", meaning: .wording)])
        let diff = TaxonomyDiff(old: base, new: new)
        #expect(kinds(diff) == [.redefine])
        #expect(diff.requiredBump == .patch)
        #expect(diff.check(newFile: "new.yaml").isEmpty)
    }

    @Test func splitIsDeclaredAndMajor() {
        var new = base
        new.version = SemanticVersion("2.0.0")!
        new.categories.remove(at: 2)
        new.categories += [
            Fixtures.category("chemical-weapons", codes: ["C6"]), Fixtures.category("firearms", codes: ["C7"]),
        ]
        new.migration = Migration(
            from: VersionRange(">=1.0.0 <2.0.0")!,
            steps: [.split(from: "weapons", into: ["chemical-weapons", "firearms"], default: nil)])
        let diff = TaxonomyDiff(old: base, new: new)
        #expect(kinds(diff) == [.split])
        #expect(diff.changes[0].ids == ["weapons", "chemical-weapons", "firearms"])
        #expect(diff.requiredBump == .major)
        #expect(diff.check(newFile: "new.yaml").isEmpty)
    }

    @Test func mergeIsDeclaredAndMajor() {
        var new = base
        new.version = SemanticVersion("2.0.0")!
        new.categories = [
            Fixtures.category("crimes", codes: ["C1"]), Fixtures.category("weapons", codes: ["C3"]),
            Fixtures.category("advice", codes: ["C4"]),
        ]
        new.categories[0].codes = ["C1"]
        new.migration = Migration(from: VersionRange("^1.0.0")!, steps: [.merge(from: ["fraud"], into: "crimes")])
        let diff = TaxonomyDiff(old: base, new: new)
        #expect(kinds(diff) == [.merge])
        #expect(diff.requiredBump == .major)
    }

    @Test func recodeOfAReusedCodeIsMajor() {
        var new = base
        new.version = SemanticVersion("1.1.0")!
        new.categories[3].codes = ["C5"]
        new.categories.insert(Fixtures.category("defamation", codes: ["C4"]), at: 3)
        let diff = TaxonomyDiff(old: base, new: new)
        #expect(kinds(diff) == [.add, .recode, .recode])
        #expect(
            diff.changes.first { $0.kind == .recode && $0.ids == ["defamation"] }?.detail.contains(
                "code C4 meant 'advice'") == true)
        #expect(diff.requiredBump == .major)
        #expect(diff.check(newFile: "new.yaml").map(\.code) == [.versionTooLow])
    }

    @Test func addedCodeAloneIsMinor() {
        var new = base
        new.version = SemanticVersion("1.1.0")!
        new.categories[0].codes = ["C1", "crm"]
        let diff = TaxonomyDiff(old: base, new: new)
        #expect(kinds(diff) == [.recode])
        #expect(diff.requiredBump == .minor)
    }

    @Test func differentTaxonomiesAreRefused() {
        let other = Fixtures.release("other", version: "2.0.0", categories: base.categories)
        #expect(TaxonomyDiff(old: base, new: other).check(newFile: "o.yaml").map(\.code) == [.differentTaxonomies])
    }

    @Test func declaredStepsMustFitTheReleases() {
        var new = base
        new.version = SemanticVersion("2.0.0")!
        new.migration = Migration(
            from: VersionRange("^1.0.0")!, steps: [.split(from: "missing", into: ["crimes"], default: nil)])
        #expect(TaxonomyDiff(old: base, new: new).check(newFile: "n.yaml").map(\.code) == [.badChange])
    }
}
